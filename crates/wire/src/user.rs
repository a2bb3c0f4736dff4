//! Users on the wire: the user object and user search.

use crate::{LoginId, TenantId, UserId};
use serde::{Deserialize, Serialize};

/// A user's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum UserStatus {
    /// Can sign in.
    #[default]
    Enabled,
    /// Cannot sign in; existing sessions stop working.
    Disabled,
    /// Invited and has not yet accepted.
    Invited,
}

impl UserStatus {
    /// The status as spelled on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enabled => "enabled",
            Self::Disabled => "disabled",
            Self::Invited => "invited",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "enabled" => Some(Self::Enabled),
            "disabled" => Some(Self::Disabled),
            "invited" => Some(Self::Invited),
            _ => None,
        }
    }
}

/// A user's membership in one tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserTenant {
    /// The tenant.
    pub tenant_id: TenantId,
    /// The tenant's display name.
    #[serde(default)]
    pub tenant_name: String,
    /// Roles the user holds in the tenant.
    #[serde(default)]
    pub role_names: Vec<String>,
}

/// The user object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Immutable id.
    pub user_id: UserId,
    /// Names the user signs in with.
    #[serde(default)]
    pub login_ids: Vec<LoginId>,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Given name.
    #[serde(default)]
    pub given_name: String,
    /// Middle name.
    #[serde(default)]
    pub middle_name: String,
    /// Family name.
    #[serde(default)]
    pub family_name: String,
    /// Email address.
    #[serde(default)]
    pub email: String,
    /// Phone number.
    #[serde(default)]
    pub phone: String,
    /// Whether the email address is verified.
    #[serde(default)]
    pub verified_email: bool,
    /// Whether the phone number is verified.
    #[serde(default)]
    pub verified_phone: bool,
    /// Project-level roles; in widget mode (`?tenant=T`) the user's roles in T.
    #[serde(default)]
    pub role_names: Vec<String>,
    /// Tenants the user belongs to; in widget mode only the requested tenant.
    #[serde(default)]
    pub user_tenants: Vec<UserTenant>,
    /// Status.
    #[serde(default)]
    pub status: UserStatus,
    /// Custom attributes by name.
    #[serde(default)]
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    /// Picture URL.
    #[serde(default)]
    pub picture: String,
    /// Created, epoch seconds.
    #[serde(default)]
    pub created_time: i64,
    /// Test user.
    #[serde(default)]
    pub test: bool,
    /// Has a TOTP authenticator.
    #[serde(default, rename = "TOTP")]
    pub totp: bool,
    /// Has passkeys.
    #[serde(default)]
    pub webauthn: bool,
    /// Has a password.
    #[serde(default)]
    pub password: bool,
    /// Signed in through SAML.
    #[serde(default, rename = "SAML")]
    pub saml: bool,
    /// OAuth providers used, by name.
    #[serde(default, rename = "OAuth")]
    pub oauth: serde_json::Map<String, serde_json::Value>,
    /// Widget mode only: whether the calling admin may change this user's account (profile,
    /// login ids, status, password, authenticators, sessions) and delete it. False for the admin
    /// themself, and for a user who also belongs to other tenants: their account is not one
    /// tenant's to change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editable: Option<bool>,
    /// Widget mode only (TenantKit's own field): whether the calling admin may change this user's
    /// roles in the tenant and remove them from it. False only for the admin themself; so
    /// `editable: false` with `membershipEditable: true` means the user also belongs to other
    /// tenants. Absent from other servers: read it as `editable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership_editable: Option<bool>,
}

/// One sort key of a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SortField {
    /// Field name as on the wire (`name`, `email`, `loginIds`, `status`, `createdTime`, ...).
    pub field: String,
    /// Descending when true.
    #[serde(default)]
    pub desc: bool,
}

/// `POST /v1/mgmt/user/search` and `/v2/mgmt/user/search` request. Every field is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UserSearchRequest {
    /// Only users in any of these tenants.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tenant_ids: Vec<TenantId>,
    /// Only users holding any of these roles.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub role_names: Vec<String>,
    /// Page size (0 = server default).
    pub limit: u32,
    /// Page number, 0-based.
    pub page: u32,
    /// Sort keys, first is most significant.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sort: Vec<SortField>,
    /// Free text over login id, name, email and phone.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Only these login ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub login_ids: Vec<LoginId>,
    /// Only these statuses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<UserStatus>,
    /// Only these emails.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// Only these phones.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<String>,
    /// Custom attribute equality filters.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    /// Include test users.
    pub with_test_user: bool,
    /// Only test users (Descope's Node SDK sends it to `POST /v2/mgmt/user/search/test`,
    /// which sets it whatever the body says).
    pub test_users_only: bool,
    /// Created at or after, epoch seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_created_time: Option<i64>,
    /// Created at or before, epoch seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_created_time: Option<i64>,
}

/// User search response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserSearchResponse {
    /// One page of users.
    #[serde(default)]
    pub users: Vec<User>,
    /// Number of users matching the filter across all pages. Exact for a list that only names
    /// its tenant; a filtered search counts up to 10,000 (`TOTAL_CAP`) and, past it, answers
    /// 10,000 with `totalCapped`.
    #[serde(default)]
    pub total: u64,
    /// True when more users match than `total` says: the count stopped at 10,000 ("10,000+").
    /// Not part of Descope's format; absent when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub total_capped: bool,
}

/// The most matches a filtered user search counts: past it the total is "10,000+". Counting
/// every match of a broad filter would read the whole tenant; a tenant's unfiltered total is
/// always exact.
pub const TOTAL_CAP: u64 = 10_000;

pub(crate) fn is_false(value: &bool) -> bool {
    !*value
}

/// Largest page the server returns; larger `limit`s are clamped.
pub const MAX_PAGE_SIZE: u32 = 1000;
/// Page size when the request gives none.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
