//! A tenant's SCIM provisioning as its admin sets it up (ours: the contract has no such routes;
//! the SCIM protocol itself is RFC 7643/7644 and served under `/scim/v2/<tenant>`): the base URL
//! the IdP calls, the bearer token (created or rotated, shown once), the groups the IdP pushed
//! with the roles each grants, and the latest SCIM activity.

use crate::Secret;
use serde::{Deserialize, Serialize};

/// The path of a tenant's SCIM service under the server's base URL: `/scim/v2/<tenant>`.
pub fn base_path(tenant: &str) -> String {
    format!("/scim/v2/{tenant}")
}

/// The tenant's SCIM token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ScimTokenInfo {
    /// The token's id (part of its cleartext, not secret: it says which token was used).
    pub id: String,
    /// Created, epoch seconds.
    pub created_time: i64,
    /// Who created it (a user id, or `mgmt:<keyId>`).
    pub created_by: String,
    /// Last used by the IdP, epoch seconds, to the minute (0: never).
    pub last_used_time: i64,
}

/// A group the IdP pushed, with the roles it grants its members in the tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ScimGroupMapping {
    /// The group's SCIM id.
    pub group_id: String,
    /// Its name in the IdP.
    pub display_name: String,
    /// How many members it has.
    pub members: u64,
    /// The roles it grants (names).
    pub role_names: Vec<String>,
}

/// One SCIM event of the tenant's audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ScimActivity {
    /// When, epoch milliseconds.
    pub occurred_time: i64,
    /// What (`UserCreated`, `UserDisabled`, `ScimGroupMembersChanged`, `ScimRequestFailed`...).
    pub action: String,
    /// A request SCIM refused (its `data` says why).
    pub failed: bool,
    /// The user it is about ('' when none).
    pub user_id: String,
    /// That user's login id, when they still exist.
    pub user_login: String,
    /// The event's details.
    pub data: serde_json::Value,
}

/// `GET /tk/v1/scim?tenantId=` -> the tenant's SCIM set-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ScimSettingsResponse {
    /// The SCIM base URL to give the IdP (`https://api.example.com/scim/v2/acme`).
    pub base_url: String,
    /// The tenant's token, when it has one.
    pub token: Option<ScimTokenInfo>,
    /// The groups the IdP pushed, by name.
    pub groups: Vec<ScimGroupMapping>,
    /// The latest SCIM activity, newest first.
    pub activity: Vec<ScimActivity>,
}

/// `POST /tk/v1/scim/token/rotate` and `.../revoke`: `{tenantId}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ScimTenantRequest {
    /// The tenant (in widget mode, may be left empty: the widget's tenant).
    pub tenant_id: String,
}

/// `POST /tk/v1/scim/token/rotate` -> the new token, whose cleartext is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ScimTokenResponse {
    /// The bearer token for the IdP.
    pub cleartext: Secret,
    /// The token.
    pub token: ScimTokenInfo,
}

/// `POST /tk/v1/scim/group/roles`: the roles a pushed group grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ScimGroupRolesRequest {
    /// The tenant (may be empty in widget mode).
    pub tenant_id: String,
    /// The group's SCIM id.
    pub group_id: String,
    /// The roles it grants (replacing the ones it granted).
    pub role_names: Vec<String>,
}

/// The audit actions SCIM records, with what the admin reads for each.
pub const ACTIONS: [(&str, &str); 14] = [
    ("UserCreated", "User created"),
    ("UserModified", "User updated"),
    ("UserLoginIdChanged", "User name changed"),
    ("UserDisabled", "User deactivated"),
    ("UserEnabled", "User reactivated"),
    ("UserRemovedFromTenant", "User removed from the tenant"),
    ("UserAddedToTenant", "User added to the tenant again"),
    ("UserDeleted", "User deleted"),
    ("UserLoggedOut", "Sessions ended"),
    ("ScimGroupCreated", "Group created"),
    ("ScimGroupMembersChanged", "Group members changed"),
    ("ScimGroupDeleted", "Group deleted"),
    (
        "UserRolesChangedByScim",
        "Roles changed by group membership",
    ),
    ("ScimRequestFailed", "Request refused"),
];
