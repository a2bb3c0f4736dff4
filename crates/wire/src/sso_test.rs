//! "Test connection" of an SSO configuration (ours: the contract has no such routes). An SSO
//! admin starts a test run, signs in at the IdP in another window, and instead of a session the
//! server records a diagnosis: every check a sign-in makes with pass or fail, what was found,
//! a fix-it sentence for each failure, the decoded assertion or ID token, and what the mappings
//! would do. A test run creates no user and no session.

use crate::TenantId;
use crate::sso::SsoSettings;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `POST /tk/v1/sso/test/start`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TestStartRequest {
    /// The tenant of the configuration.
    pub tenant_id: TenantId,
    /// The configuration (empty: the tenant's default one).
    pub sso_id: String,
    /// Where the browser goes after the IdP (with `?ssoTestRun=<id>`); empty: a short text page
    /// that says the window can be closed.
    pub redirect_url: String,
}

/// `{testRunId, url}`: open `url` (the IdP) in a popup or tab, then read the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TestStartResponse {
    /// The run, for `GET /tk/v1/sso/test/result`.
    pub test_run_id: String,
    /// The IdP's sign-in page for this run.
    pub url: String,
}

/// A test run as the SSO admin reads it (`GET /tk/v1/sso/test/result`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TestRun {
    /// The run.
    pub test_run_id: String,
    /// Its configuration.
    pub sso_id: String,
    /// When it was started (epoch seconds).
    pub started: i64,
    /// Epoch seconds; 0 while the IdP has not answered.
    pub finished: i64,
    /// Every check passed.
    pub passed: bool,
    /// The checks, in the order a sign-in makes them.
    pub checks: Vec<Check>,
    /// SAML: the decoded assertion.
    pub assertion: Option<AssertionView>,
    /// What a real sign-in with this answer would do.
    pub mapping: Option<MappingView>,
    /// OIDC: the ID token's claims (not trusted: shown to the admin only).
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub id_token_claims: serde_json::Map<String, serde_json::Value>,
    /// The last successful sign-in through this connection (epoch seconds, 0 = none).
    pub last_sign_in: i64,
}

impl TestRun {
    /// Whether the IdP has answered (the diagnosis is complete).
    pub fn is_finished(&self) -> bool {
        self.finished > 0
    }
}

/// One check of a test run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Check {
    /// Stable name: SAML `format`, `status`, `signature`, `issuer`, `audience`, `recipient`,
    /// `destination`, `time`, `inResponseTo`, `replay`, `subject`; OIDC `token`, `signature`,
    /// `issuer`, `audience`, `time`, `nonce`, `subject`.
    pub name: String,
    /// It passed.
    pub passed: bool,
    /// What was found.
    pub detail: String,
    /// What to change at the IdP (or here) when it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix_it: Option<String>,
}

/// The decoded assertion (not trusted: shown to the admin only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AssertionView {
    /// `<Issuer>`.
    pub issuer: String,
    /// `<NameID>`.
    pub subject: String,
    /// The NameID's format.
    pub name_id_format: String,
    /// `<Audience>` values.
    pub audiences: Vec<String>,
    /// `<SubjectConfirmationData Recipient>`.
    pub recipient: String,
    /// `<Response Destination>`.
    pub destination: String,
    /// `InResponseTo`.
    pub in_response_to: String,
    /// Epoch seconds.
    pub issued: i64,
    /// Epoch seconds.
    pub not_before: Option<i64>,
    /// Epoch seconds.
    pub not_on_or_after: Option<i64>,
    /// The signature's algorithm URI.
    pub signature_algorithm: String,
    /// SHA-256 of the certificate the IdP sent with its signature.
    pub certificate_fingerprint: String,
    /// SHA-256 of the certificate this connection trusts.
    pub configured_certificate_fingerprint: String,
    /// Every attribute, by name.
    pub attributes: BTreeMap<String, Vec<String>>,
    /// The values of the mapped group attribute.
    pub groups: Vec<String>,
}

/// What a real sign-in with a test run's answer would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct MappingView {
    /// The user's login id.
    pub login_id: String,
    /// `create`, `update`, or `refuse` (with `reason`).
    pub action: String,
    /// Why a sign-in would be refused.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Display name.
    pub name: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Email.
    pub email: String,
    /// Mapped custom attributes.
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    /// The roles the IdP's groups and the default roles give in the tenant.
    pub roles: Vec<String>,
}

/// `GET /tk/v1/sso/activity?tenantId=`: the last test and the last sign-in of each of a
/// tenant's configurations, for the overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SsoActivity {
    /// One entry per configuration of the tenant.
    pub connections: Vec<ConnectionActivity>,
}

/// `GET /tk/v1/sso/overview?tenantId=`: every configuration of a tenant, as
/// `/v2/mgmt/sso/settings/all` answers them, with the activity of each: what the SSO widget
/// shows first, in one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SsoOverview {
    /// The configurations, oldest first.
    #[serde(rename = "SSOSettings")]
    pub sso_settings: Vec<SsoSettings>,
    /// One entry per configuration.
    pub connections: Vec<ConnectionActivity>,
}

/// The last test and the last sign-in of one configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ConnectionActivity {
    /// The configuration.
    pub sso_id: String,
    /// The last test run the IdP answered, if any.
    pub last_test: Option<TestSummary>,
    /// The last successful sign-in through it (epoch seconds, 0 = none).
    pub last_sign_in: i64,
}

/// A finished test run, in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TestSummary {
    /// The run.
    pub test_run_id: String,
    /// When the IdP answered (epoch seconds).
    pub finished: i64,
    /// Every check passed.
    pub passed: bool,
}
