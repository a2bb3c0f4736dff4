//! TenantKit's admin widgets: Yew function components that call the management API through the
//! typed client (`tenantkit-client`) in widget mode (a tenant admin's session JWT plus `?tenant=`).
//!
//! This crate knows nothing about custom elements or JavaScript: `tenantkit-bindings` mounts the
//! components into shadow roots and turns [`WidgetEvent`]s into DOM events. Six widgets, with
//! the same settings ([`WidgetProps`]): [`UserManagement`], [`RoleManagement`], [`KeyManagement`]
//! (access keys), [`SsoSetup`], [`AuditLog`] and [`TenantProfile`].
//!
//! One folder per element, each holding its top component (`mod.rs`), its table, forms and
//! dialogs, its rows and query (`state.rs`) and its requests (`actions.rs`): [`users`],
//! [`roles`], [`access_keys`], [`audit`], [`sso`], [`profile`]. What they share:
//!
//! - [`list`]: the list as remote data (a `Reducible` with no DOM code), its request with stale
//!   answers dropped, and the list controls (search, sort, pages, selection);
//! - [`ui`]: the kit every element draws with (dialogs, menus, notices, pagination, pickers);
//!   view code only;
//! - [`collections`]: ordered sets and maps over a sorted `Vec`, and an insertion sort (the
//!   standard collections and slice sorts cost their code in the wasm once per type);
//! - [`hooks`]: the widget's target and token renewal (`use_target`: one fresh token after a 401
//!   serves every later request), the search debounce, the tenant's roles, the project's
//!   permissions, the ready event;
//! - [`csv`]: the CSV exports (users, audit log);
//! - [`messages`]: every string the user can see, in one catalog;
//! - [`STYLES`]: the stylesheet for the markup the components render, adopted by the bindings.

#[cfg(feature = "access-keys")]
pub mod access_keys;
#[cfg(feature = "audit-log")]
pub mod audit;
pub mod claims;
pub mod collections;
#[cfg(any(feature = "users", feature = "audit-log"))]
pub mod csv;
mod dom;
pub mod events;
pub mod hooks;
pub mod i18n;
pub mod list;
pub mod messages;
#[cfg(feature = "profile")]
pub mod profile;
pub mod props;
#[cfg(any(feature = "users", feature = "roles"))]
pub mod roles;
#[cfg(feature = "sso-setup")]
pub mod sso;
pub mod token;
pub mod ui;
#[cfg(feature = "users")]
pub mod users;

#[cfg(feature = "access-keys")]
pub use access_keys::{KeyManagement, KeyManagementProps};
#[cfg(feature = "audit-log")]
pub use audit::{AuditLog, AuditLogProps};
pub use events::{DomainEventKind, SsoEventKind, UserEventKind, WidgetEvent};
pub use i18n::{Lang, Localized};
#[cfg(feature = "profile")]
pub use profile::{TenantProfile, TenantProfileProps};
pub use props::WidgetProps;
#[cfg(feature = "roles")]
pub use roles::{RoleManagement, RoleManagementProps};
#[cfg(feature = "sso-setup")]
pub use sso::{SsoSetup, SsoSetupProps};
pub use token::TokenProvider;
#[cfg(feature = "users")]
pub use users::{UserManagement, UserManagementProps};

/// Whether `creator` (a `createdBy` or `invitedBy` the server recorded) is the product rather
/// than a person: a management key (`mgmt:<keyId>`) or the server's command line (`cli`).
#[cfg(any(
    feature = "users",
    feature = "access-keys",
    feature = "audit-log",
    feature = "sso-setup"
))]
pub fn made_by_product(creator: &str) -> bool {
    creator.starts_with("mgmt:") || creator == "cli"
}

/// CSS for the markup the components render: class names and `part`s used by the components, and
/// the `--tk-*` custom properties a page can set. Written for a shadow root (`:host`). It is
/// `styles.css` without comments and spare whitespace (`build.rs`): the same rules, fewer bytes.
pub const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/styles.css"));
