//! SSO setup links (Descope's "SSO admin links", the SSO Setup Suite): a tenant admin or the
//! product hands a customer's IT admin a time-limited link to a page where they set up the
//! tenant's SSO with `<tenant-sso-setup>`, without an account.
//!
//! Descope's shapes (`/v2/mgmt/tenant/adminlinks/sso/generate`, `/v1/.../revoke`,
//! `/v1/.../authenticated[/batch]`) plus TenantKit's own list, per-link revoke and send.
//! The link's secret is in its URL fragment (`#token=...`), so it reaches neither server logs
//! nor a `Referer`.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// The shortest lifetime a link may be given: 5 minutes.
pub const MIN_EXPIRE_SECS: i64 = 5 * 60;
/// The longest lifetime a link may be given: 30 days.
pub const MAX_EXPIRE_SECS: i64 = 30 * 24 * 3600;
/// The lifetime of a link when the request gives none (or 0): 1 day.
pub const DEFAULT_EXPIRE_SECS: i64 = 24 * 3600;
/// What a link's secret starts with (`ssolink_<id>_<random>`): how the server tells it from a
/// management key, and the widget from a session JWT.
pub const TOKEN_PREFIX: &str = "ssolink_";
/// The path of the set-up page on the server.
pub const PAGE_PATH: &str = "/tk/sso-setup";

/// Whether `token` is an SSO setup link's secret rather than a session JWT.
pub fn is_link_token(token: &str) -> bool {
    token.starts_with(TOKEN_PREFIX)
}

/// Checks a requested lifetime (seconds; 0 means the default) and returns the one to use.
pub fn expire_secs(requested: i64) -> Result<i64, String> {
    match requested {
        0 => Ok(DEFAULT_EXPIRE_SECS),
        secs if (MIN_EXPIRE_SECS..=MAX_EXPIRE_SECS).contains(&secs) => Ok(secs),
        secs => Err(format!(
            "expireTime must be between {MIN_EXPIRE_SECS} seconds (5 minutes) and \
             {MAX_EXPIRE_SECS} seconds (30 days), got {secs}"
        )),
    }
}

/// A string field that may come as `null` (Python and Go send unset optionals that way).
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

/// `expireTime`: seconds, as a JSON number (the SDKs) or a numeric string (proto int64 JSON).
fn seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Seconds {
        Number(i64),
        Fraction(f64),
        Text(String),
    }
    match Option::<Seconds>::deserialize(deserializer)? {
        None => Ok(0),
        Some(Seconds::Number(secs)) => Ok(secs),
        Some(Seconds::Fraction(secs)) => Ok(secs as i64),
        Some(Seconds::Text(text)) if text.trim().is_empty() => Ok(0),
        Some(Seconds::Text(text)) => text
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom("expireTime must be a number of seconds")),
    }
}

/// `POST /v2/mgmt/tenant/adminlinks/sso/generate` (and the deprecated `/v1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct GenerateSsoLinkRequest {
    #[serde(deserialize_with = "text")]
    pub tenant_id: String,
    /// Lifetime in seconds (number or numeric string); 0 or absent: [`DEFAULT_EXPIRE_SECS`].
    #[serde(deserialize_with = "seconds")]
    #[cfg_attr(feature = "schema", schemars(with = "i64"))]
    pub expire_time: i64,
    /// The SSO configuration the link is for ("" : the tenant's default).
    #[serde(deserialize_with = "text")]
    pub sso_id: String,
    /// Who the link is for (shown in the list and in the audit trail).
    #[serde(deserialize_with = "text")]
    pub email: String,
    /// Accepted for Descope's shape; TenantKit has one email template.
    #[serde(deserialize_with = "text")]
    pub template_id: String,
    /// Recorded as the actor of what is done with the link (not validated).
    #[serde(deserialize_with = "text")]
    pub actor_id: String,
}

/// `POST /v1/mgmt/tenant/adminlinks/sso/send`: generates a link and emails it to `email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SendSsoLinkRequest {
    #[serde(deserialize_with = "text")]
    pub tenant_id: String,
    #[serde(deserialize_with = "text")]
    pub email: String,
    /// Lifetime in seconds, as in [`GenerateSsoLinkRequest::expire_time`].
    #[serde(deserialize_with = "seconds")]
    #[cfg_attr(feature = "schema", schemars(with = "i64"))]
    pub expire_time: i64,
    #[serde(deserialize_with = "text")]
    pub sso_id: String,
    #[serde(deserialize_with = "text")]
    pub actor_id: String,
}

/// The answer of generate and of the single "authenticated" link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct SsoLinkResponse {
    /// The link (with its secret, in the fragment: shown once).
    #[serde(rename = "adminSSOConfigurationLink")]
    pub admin_sso_configuration_link: String,
}

/// `POST /v1/mgmt/tenant/adminlinks/sso/revoke`: every link of the tenant, or those of one
/// `ssoId`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct RevokeSsoLinksRequest {
    #[serde(deserialize_with = "text")]
    pub tenant_id: String,
    #[serde(deserialize_with = "text")]
    pub sso_id: String,
}

/// `POST /tk/v1/sso/setup-links/revoke`: one link, by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct RevokeSsoLinkRequest {
    #[serde(deserialize_with = "text")]
    pub tenant_id: String,
    #[serde(deserialize_with = "text")]
    pub id: String,
}

/// `POST /v1/mgmt/tenant/adminlinks/sso/authenticated`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AuthenticatedSsoLinkRequest {
    /// The tenant (Descope's tenant-profile widget sends it URL-encoded; it is decoded).
    #[serde(deserialize_with = "text")]
    pub tenant_id: String,
}

/// `POST /v1/mgmt/tenant/adminlinks/sso/authenticated/batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AuthenticatedSsoLinksRequest {
    /// The tenant (Descope's tenant-profile widget sends it URL-encoded; it is decoded).
    #[serde(deserialize_with = "text")]
    pub tenant_id: String,
    /// The tenant's additional SSO configurations.
    pub sso_ids: Vec<String>,
}

/// The answer of the batch: the default configuration's link and one per `ssoId`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AuthenticatedSsoLinksResponse {
    pub default_link: String,
    pub sso_id_to_link: BTreeMap<String, String>,
}

/// `GET /tk/v1/sso/setup-links?tenantId=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SsoLinksQuery {
    pub tenant_id: String,
}

/// An active link, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SsoLinkInfo {
    /// The link's id (part of its secret, not secret itself).
    pub id: String,
    /// Who it is for ("" when not said).
    pub email: String,
    /// The configuration it is for ("" : the default).
    pub sso_id: String,
    /// Created, epoch seconds.
    pub created_time: i64,
    /// Stops working, epoch seconds.
    pub expire_time: i64,
    /// Who created it (a user id, or `mgmt:<keyId>`).
    pub created_by: String,
    /// Login ids of the creator, when the creator is a user who still exists (as an access
    /// key's `createdByExternalIds`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub created_by_external_ids: Vec<String>,
    /// Last used, epoch seconds (0: never).
    pub last_used_time: i64,
}

/// The tenant's active links, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct SsoLinksResponse {
    pub links: Vec<SsoLinkInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expire_time_is_a_number_or_a_numeric_string() {
        let parse = |json: &str| serde_json::from_str::<GenerateSsoLinkRequest>(json);
        assert_eq!(
            parse(r#"{"expireTime":600}"#).map(|r| r.expire_time).ok(),
            Some(600)
        );
        assert_eq!(
            parse(r#"{"expireTime":"600"}"#).map(|r| r.expire_time).ok(),
            Some(600)
        );
        assert_eq!(
            parse(r#"{"expireTime":null,"email":null}"#)
                .map(|r| r.expire_time)
                .ok(),
            Some(0)
        );
        assert!(parse(r#"{"expireTime":"soon"}"#).is_err());
    }

    #[test]
    fn lifetimes_are_clamped_to_the_documented_range() {
        assert_eq!(expire_secs(0), Ok(DEFAULT_EXPIRE_SECS));
        assert_eq!(expire_secs(MIN_EXPIRE_SECS), Ok(MIN_EXPIRE_SECS));
        assert_eq!(expire_secs(MAX_EXPIRE_SECS), Ok(MAX_EXPIRE_SECS));
        assert!(expire_secs(MIN_EXPIRE_SECS - 1).is_err());
        assert!(expire_secs(MAX_EXPIRE_SECS + 1).is_err());
        assert!(expire_secs(-5).is_err());
    }

    #[test]
    fn link_tokens_are_told_from_jwts() {
        assert!(is_link_token("ssolink_Labc_xyz"));
        assert!(!is_link_token("eyJ.a.b"));
    }
}
