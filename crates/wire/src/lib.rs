//! Wire types of TenantKit's management API, which speaks the wire format of Descope's
//! management API (see `docs/ARCHITECTURE.md`).
//!
//! This crate builds for `wasm32-unknown-unknown` and native targets and does no I/O: the widgets,
//! the typed client and the server all use these types, so a field renamed here is renamed
//! everywhere. Validation rules live next to the types they validate.

pub mod access_key;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod domain;
pub mod error;
pub mod group;
pub mod history;
pub mod ids;
pub mod impersonation;
pub mod invitation;
pub mod jobs;
pub mod limits;
pub mod policy;
pub mod profile;
pub mod role;
pub mod scim;
pub mod sign_in_links;
pub mod sso;
pub mod sso_link;
pub mod sso_test;
pub mod tenant;
pub mod user;
pub mod user_ops;
pub mod validate;
pub mod x509;

pub use auth::{Claims, Jwk, KeysResponse, SignInRequest, SignInResponse, TenantGrants};
pub use error::{ErrorBody, ErrorCode};
pub use ids::{LoginId, ProjectId, Secret, TenantId, UserId};
pub use user::{SortField, User, UserSearchRequest, UserSearchResponse, UserStatus, UserTenant};
pub use validate::FieldError;

/// Built-in permission: manage users, roles and access keys of a tenant.
pub const PERMISSION_USER_ADMIN: &str = "User Admin";
/// Built-in permission: manage the SSO settings of a tenant.
pub const PERMISSION_SSO_ADMIN: &str = "SSO Admin";
/// Built-in permission: impersonate users of a tenant.
pub const PERMISSION_IMPERSONATE: &str = "Impersonate";
/// Built-in role holding all three built-in permissions.
pub const ROLE_TENANT_ADMIN: &str = "Tenant Admin";
