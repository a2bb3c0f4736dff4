//! Groups on the wire (Descope's `group` management tools): the groups a tenant's identity
//! provider pushed over SCIM, with their members. The three routes answer a bare JSON array of
//! groups, as Descope's server does and its SDKs parse.

use serde::{Deserialize, Serialize};

/// Where a group came from.
pub const SOURCE_SCIM: &str = "scim";

/// `POST /v1/mgmt/group/all`: every group of a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct GroupsRequest {
    /// The tenant (in widget mode, may be left empty: the widget's tenant).
    pub tenant_id: String,
    /// An SSO configuration: SCIM groups belong to none, so a non-empty one finds nothing.
    pub sso_id: String,
}

/// `POST /v1/mgmt/group/members`: one group with its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct GroupMembersRequest {
    /// The tenant.
    pub tenant_id: String,
    /// The group's id.
    pub group_id: String,
    /// As in [`GroupsRequest`].
    pub sso_id: String,
}

/// `POST /v1/mgmt/group/member/all`: the groups any of these users belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct MemberGroupsRequest {
    /// The tenant.
    pub tenant_id: String,
    /// Users by login id.
    pub login_ids: Vec<String>,
    /// Users by id.
    pub user_ids: Vec<String>,
    /// As in [`GroupsRequest`].
    pub sso_id: String,
}

/// A member of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct GroupMember {
    /// The member's (first) login id.
    pub login_id: String,
    /// The member's id.
    pub user_id: String,
    /// The member's name.
    pub display: String,
}

/// A group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Group {
    /// The group's id (its SCIM id).
    pub id: String,
    /// Its name.
    pub display: String,
    /// Its members.
    pub members: Vec<GroupMember>,
    /// Where it came from: `scim`.
    pub source: String,
    /// The SSO configuration it came through ('' for SCIM).
    pub sso_id: String,
}

/// The most groups one answer holds, and the most users `member/all` takes.
pub const MAX_GROUPS: usize = 1000;
