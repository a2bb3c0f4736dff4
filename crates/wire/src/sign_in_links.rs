//! One-time sign-ins a backend makes for a user (Descope's test-user generators and embedded
//! link) and the auth routes that redeem them: `POST /v1/auth/otp/verify/<delivery>`,
//! `/v1/auth/magiclink/verify`, `/v1/auth/enchantedlink/verify` and
//! `/v1/auth/enchantedlink/pending-session`.
//!
//! Descope's SDKs send `null`, `""` and `0` for what they leave out, so every optional field
//! here takes all three as "not given".

use crate::ids::LoginId;
use serde::{Deserialize, Serialize};

/// How a test user's code or link would have been delivered. Nothing is delivered here: the
/// generator answers with it. Descope's SDKs send `email`, `sms`, `voice`, `whatsapp` or
/// `Embedded`, matched regardless of case.
pub const DELIVERY_METHODS: [&str; 5] = ["email", "sms", "voice", "whatsapp", "embedded"];

/// `POST /v1/mgmt/tests/generate/otp`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TestOtpRequest {
    /// One of [`DELIVERY_METHODS`].
    pub delivery_method: String,
    /// The test user.
    pub login_id: LoginId,
    /// Descope's login options (`customClaims`, `stepup`, `mfa`, ...).
    pub login_options: Option<serde_json::Value>,
}

/// `POST /v1/mgmt/tests/generate/otp` -> the code, as if it had been delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TestOtpResponse {
    /// The test user.
    pub login_id: String,
    /// Six digits, redeemed by `POST /v1/auth/otp/verify/<delivery>`.
    pub code: String,
}

/// `POST /v1/mgmt/tests/generate/magiclink` and `/enchantedlink`. The SDKs send the URL the
/// link opens as `URI`; Descope's OpenAPI names it `redirectUrl`: both are read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TestLinkRequest {
    /// One of [`DELIVERY_METHODS`] (the enchanted link is always email).
    pub delivery_method: String,
    /// The test user.
    pub login_id: LoginId,
    /// The page the link opens; the token is added as `?t=`.
    #[serde(rename = "URI", alias = "uri", alias = "redirectUrl")]
    pub uri: Option<String>,
    /// As in [`TestOtpRequest`].
    pub login_options: Option<serde_json::Value>,
}

/// `POST /v1/mgmt/tests/generate/magiclink` and `/enchantedlink` -> the link, as if it had
/// been delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TestLinkResponse {
    /// The test user.
    pub login_id: String,
    /// `<URI>?t=<token>`.
    pub link: String,
    /// Enchanted link only: what the waiting page polls `pending-session` with.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pending_ref: String,
}

/// `POST /v1/mgmt/user/signin/embeddedlink`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct EmbeddedLinkRequest {
    /// Who the token signs in.
    pub login_id: LoginId,
    /// Claims for the JWT the token is redeemed for.
    pub custom_claims: Option<serde_json::Value>,
    /// Seconds the token stands (`0` or absent: [`EMBEDDED_LINK_DEFAULT_SECS`]).
    pub timeout: Option<i64>,
}

/// `POST /v1/mgmt/user/signin/embeddedlink` -> a one-time token, redeemed by
/// `POST /v1/auth/magiclink/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EmbeddedLinkResponse {
    /// The token.
    pub token: String,
}

/// How long an embedded link's token stands when the request names no timeout (Descope's
/// default).
pub const EMBEDDED_LINK_DEFAULT_SECS: i64 = 60;

/// The longest a generated code, link or token stands.
pub const ONE_TIME_MAX_SECS: i64 = 3_600;

/// `POST /v1/auth/otp/verify/<delivery>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct VerifyCodeRequest {
    /// Who signs in.
    pub login_id: LoginId,
    /// The code.
    pub code: String,
}

/// `POST /v1/auth/magiclink/verify` and `/v1/auth/enchantedlink/verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct VerifyTokenRequest {
    /// The link's `t` parameter, or an embedded link's token.
    pub token: String,
}

/// `POST /v1/auth/enchantedlink/pending-session`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct PendingSessionRequest {
    /// The `pendingRef` the enchanted link was generated with.
    pub pending_ref: String,
}

/// `GET /v1/mgmt/user/provider/token` query (Descope's `get_user_provider_token`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ProviderTokenQuery {
    /// The user.
    pub login_id: String,
    /// The social provider (`google`, `github`, ...).
    pub provider: String,
    /// Include the provider's refresh token.
    pub with_refresh_token: Option<String>,
    /// Refresh the provider token first.
    pub force_refresh: Option<String>,
}
