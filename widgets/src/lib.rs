//! TenantKit's admin widgets: Yew function components that call the management API through the
//! typed client (`tenantkit-client`) in widget mode (a tenant admin's session JWT plus `?tenant=`).
//!
//! This crate knows nothing about custom elements or JavaScript: `tenantkit-bindings` mounts the
//! components into shadow roots and turns [`WidgetEvent`]s into DOM events. Five widgets, with
//! the same settings ([`WidgetProps`]): [`UserManagement`], [`RoleManagement`], [`KeyManagement`]
//! (access keys), [`SsoSetup`] and [`AuditLog`]. The layout follows Yew's `function_todomvc`
//! example:
//!
//! - [`components`]: one function component per file, view code only;
//! - [`hooks`]: the list request (`use_list`, for any list) with stale-response handling; the
//!   widget's target and token renewal (`use_target`: one fresh token after a 401 serves every
//!   later request); the list controls; the search debounce; the tenant's roles; the project's
//!   permissions;
//! - [`services`]: the actions on users, bulk actions and the CSV exports (users, audit log); the
//!   changes to roles and the impact query; the changes to access keys and SSO settings;
//! - [`state`]: the remote-data state machine as a `Reducible`, with no DOM code;
//! - [`messages`]: every string the user can see, in one catalog;
//! - [`STYLES`]: the stylesheet for the markup the components render, adopted by the bindings.

pub mod components;
mod dom;
pub mod events;
pub mod hooks;
pub mod messages;
pub mod props;
pub mod services;
pub mod state;
pub mod token;

pub use components::audit_log::{AuditLog, AuditLogProps};
pub use components::key_management::{KeyManagement, KeyManagementProps};
pub use components::role_management::{RoleManagement, RoleManagementProps};
pub use components::sso_setup::{SsoSetup, SsoSetupProps};
pub use components::user_management::{UserManagement, UserManagementProps};
pub use events::{SsoEventKind, UserEventKind, WidgetEvent};
pub use props::WidgetProps;
pub use token::TokenProvider;

/// CSS for the markup the components render: class names and `part`s used by the components, and
/// the `--tk-*` custom properties a page can set. Written for a shadow root (`:host`).
pub const STYLES: &str = include_str!("styles.css");
