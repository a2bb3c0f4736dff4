//! The server's integration tests: one test binary, every test over HTTP through the typed
//! client (`tenantkit-client`) against the real router, each on SQLite and on PostgreSQL.
//!
//! PostgreSQL needs `TENANTKIT_TEST_POSTGRES_URL` (an admin URL); `cargo xtask test` sets it.
//! Without it the `postgres` variants fail, they never pass silently.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail by panicking"
)]

// The crate root of a test binary resolves `mod x;` next to itself: point into `api/`.

#[path = "api/util.rs"]
mod util;

#[path = "api/access_keys.rs"]
mod access_keys;
#[path = "api/audit.rs"]
mod audit;
#[path = "api/batches.rs"]
mod batches;
#[path = "api/bootstrap.rs"]
mod bootstrap;
#[path = "api/bulk.rs"]
mod bulk;
#[path = "api/cors.rs"]
mod cors;
#[path = "api/descope_clients.rs"]
mod descope_clients;
#[path = "api/errors.rs"]
mod errors;
#[path = "api/grants.rs"]
mod grants;
#[path = "api/impersonation.rs"]
mod impersonation;
#[path = "api/import.rs"]
mod import;
#[path = "api/invitations.rs"]
mod invitations;
#[path = "api/isolation.rs"]
mod isolation;
#[path = "api/keys.rs"]
mod keys;
#[path = "api/limits.rs"]
mod limits;
#[path = "api/management.rs"]
mod management;
#[path = "api/openapi.rs"]
mod openapi;
#[path = "api/policy.rs"]
mod policy;
#[path = "api/roles.rs"]
mod roles;
#[path = "api/scim.rs"]
mod scim;
#[path = "api/scim_compliance.rs"]
mod scim_compliance;
#[path = "api/search.rs"]
mod search;
#[path = "api/sign_in.rs"]
mod sign_in;
#[path = "api/sign_in_history.rs"]
mod sign_in_history;
#[path = "api/sign_in_links.rs"]
mod sign_in_links;
#[path = "api/signing_keys.rs"]
mod signing_keys;
#[path = "api/sso.rs"]
mod sso;
#[path = "api/sso_setup_links.rs"]
mod sso_setup_links;
#[path = "api/sso_signin.rs"]
mod sso_signin;
#[path = "api/sso_signin_pysaml2.rs"]
mod sso_signin_pysaml2;
#[path = "api/tenants.rs"]
mod tenants;
#[path = "api/throttle.rs"]
mod throttle;
#[path = "api/tokens.rs"]
mod tokens;
#[path = "api/totals.rs"]
mod totals;
#[path = "api/users.rs"]
mod users;
#[path = "api/widget.rs"]
mod widget;
