//! Authentication on the wire: password sign-in, JWT claims and the public signing keys.

use crate::user::User;
use crate::{LoginId, Secret};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `POST /v1/auth/password/signin` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignInRequest {
    /// Who signs in.
    #[serde(default)]
    pub login_id: LoginId,
    /// Their password.
    #[serde(default)]
    pub password: Secret,
    /// Optional login options (custom claims, selected tenant); accepted and ignored for now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_options: Option<serde_json::Value>,
}

/// Response of the sign-in and refresh endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignInResponse {
    /// Short-lived session JWT (`drn` = `DS`): the widgets send it.
    pub session_jwt: Secret,
    /// Longer-lived refresh JWT (`drn` = `DSR`): trades for a new session JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_jwt: Option<Secret>,
    /// The signed-in user.
    pub user: User,
    /// True on the user's first sign-in.
    #[serde(default)]
    pub first_seen: bool,
}

/// A user's grants within one tenant, as carried in the `tenants` claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TenantGrants {
    /// Role names held in the tenant.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Permission names those roles grant.
    #[serde(default)]
    pub permissions: Vec<String>,
}

/// The claims of session and refresh JWTs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Claims {
    /// Issuer: the project id (a URL whose last path segment is the project id is accepted).
    pub iss: String,
    /// Subject: the user id.
    pub sub: String,
    /// Issued at, epoch seconds.
    pub iat: i64,
    /// Expires at, epoch seconds.
    pub exp: i64,
    /// `"DS"` for a session token, `"DSR"` for a refresh token.
    pub drn: String,
    /// Authentication methods, e.g. `["pwd"]`.
    #[serde(default)]
    pub amr: Vec<String>,
    /// The current tenant, when one is selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dct: Option<String>,
    /// Grants per tenant.
    #[serde(default)]
    pub tenants: BTreeMap<String, TenantGrants>,
    /// Project-level roles.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Project-level permissions.
    #[serde(default)]
    pub permissions: Vec<String>,
    /// TenantKit's own claim: the user's session epoch when the token was issued. Ending a
    /// user's sessions (logout, disable) moves the epoch on, and a token stands only while its
    /// epoch is the user's current one; unlike a time, it cannot tie with a new sign-in in the
    /// same second. Absent (0) in tokens of users whose sessions were never ended.
    #[serde(default, rename = "sessionEpoch")]
    pub session_epoch: i64,
    /// The actor (RFC 8693 `act`) of an impersonation: who is acting as `sub`. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<ActorClaim>,
    /// TenantKit's own claim: the impersonation session a token belongs to (ending it stops
    /// the token). Present exactly when `act` is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impersonation: Option<String>,
}

/// The RFC 8693 actor claim: `{"sub": "<the impersonator's user id>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActorClaim {
    /// The acting user's id.
    pub sub: String,
}

/// The `drn` claim of a session JWT.
pub const DRN_SESSION: &str = "DS";
/// The `drn` claim of a refresh JWT.
pub const DRN_REFRESH: &str = "DSR";

/// A public signing key as a JSON Web Key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Jwk {
    /// Key type, `"RSA"`.
    pub kty: String,
    /// Key id, matched against the JWT header's `kid`.
    pub kid: String,
    /// Algorithm, `"RS256"`.
    pub alg: String,
    /// Intended use, `"sig"`.
    #[serde(rename = "use", default)]
    pub use_: String,
    /// RSA modulus, base64url without padding.
    pub n: String,
    /// RSA public exponent, base64url without padding.
    pub e: String,
}

/// `GET /v2/keys/<projectId>` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeysResponse {
    /// The project's public signing keys.
    pub keys: Vec<Jwk>,
}
