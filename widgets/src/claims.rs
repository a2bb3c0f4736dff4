//! What the session token says of its holder, read in the browser without verification: only a
//! hint for the screen (which sections or menu items to offer); the server checks every request
//! against the database.

use base64::Engine;
use tenantkit_wire::Secret;

/// Whether the holder of `token` holds `permission` in `tenant` (or at project level); `None`
/// when the token cannot be read (another server's format): the caller decides what to show.
pub fn holds(token: &Secret, tenant: &str, permission: &str) -> Option<bool> {
    let claims = payload(token)?;
    let lists = |permissions: Option<&serde_json::Value>| {
        permissions
            .and_then(serde_json::Value::as_array)
            .is_some_and(|list| list.iter().any(|p| p.as_str() == Some(permission)))
    };
    let in_tenant = claims
        .get("tenants")
        .and_then(|tenants| tenants.get(tenant))
        .and_then(|grants| grants.get("permissions"));
    Some(lists(claims.get("permissions")) || lists(in_tenant))
}

/// The user id (`sub`) of the holder of `token`, if it can be read.
pub fn subject(token: &Secret) -> Option<String> {
    payload(token)?
        .get("sub")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

/// The claims of `token`, unverified. Read as JSON values, not as the wire's `Claims`: the
/// bundle already reads JSON values (by the browser's `JSON.parse`, [`tenantkit_client::from_json`]).
fn payload(token: &Secret) -> Option<serde_json::Value> {
    token
        .expose()
        .split('.')
        .nth(1)
        .and_then(|payload| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload.trim_end_matches('='))
                .ok()
        })
        .and_then(|json| String::from_utf8(json).ok())
        .and_then(|json| tenantkit_client::from_json::<serde_json::Value>(&json).ok())
        .filter(serde_json::Value::is_object)
}
