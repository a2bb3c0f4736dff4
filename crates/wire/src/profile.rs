//! Ours: `GET /tk/v1/tenant/profile?id=`, everything `<tenant-profile>` shows in one answer (the
//! contract reads each part from its own route; the element would then make six requests before
//! its first paint).

use crate::domain::TenantDomain;
use crate::error::ErrorBody;
use crate::policy::{PasswordSettings, TenantSettings};
use crate::sso::SsoConnection;
use crate::tenant::Tenant;
use crate::user_ops::CustomAttribute;
use serde::{Deserialize, Serialize};

/// The tenant, its attribute definitions, session settings and password policy (what `User
/// Admin` or `SSO Admin` may read), and its domains and SSO connections (`SSO Admin` only: for a
/// caller without it, `ssoRefused` says why and both lists are absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TenantProfileResponse {
    /// As `GET /v1/mgmt/tenant` answers it.
    pub tenant: Tenant,
    /// The tenant custom attribute definitions, as `GET /tk/v1/tenant/customattributes`.
    pub attributes: Vec<CustomAttribute>,
    /// As `GET /v1/mgmt/tenant/settings`.
    pub settings: TenantSettings,
    /// As `GET /v1/mgmt/password/settings?tenantId=`.
    pub password_settings: PasswordSettings,
    /// As `GET /tk/v1/tenant/domains`; absent when refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domains: Option<Vec<TenantDomain>>,
    /// The connections of `GET /v2/mgmt/sso/settings/all` (`SSOSettings`), each with its id, name
    /// and status only: the profile shows no more; absent when refused.
    #[serde(rename = "SSOSettings", skip_serializing_if = "Option::is_none")]
    pub sso_settings: Option<Vec<SsoConnection>>,
    /// Why the domains and SSO connections are absent: the error (403) their own routes answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sso_refused: Option<ErrorBody>,
}
