//! Requests and responses of the user-management endpoints beyond search (create, update, patch,
//! delete, status, roles, tenants, passwords, authenticators, sessions, custom attributes).
//!
//! Request types accept both spellings the SDKs send (`name` / `displayName`), ignore unknown
//! fields, and default every optional field, so a partial body deserializes and validation — not
//! serde — reports what is missing.

use crate::user::{User, UserStatus};
use crate::{LoginId, Secret, TenantId, UserId};
use serde::{Deserialize, Serialize};

/// A tenant membership in a create or update request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UserTenantInput {
    /// The tenant.
    pub tenant_id: TenantId,
    /// Roles in that tenant.
    pub role_names: Vec<String>,
}

/// `POST /v1/mgmt/user/create` and `/update` (update replaces every field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CreateUserRequest {
    /// Login id (required).
    pub login_id: LoginId,
    /// Email address.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// Phone number, E.164 (separators as typed are dropped: [`crate::validate::normalize_phone`]).
    #[serde(
        skip_serializing_if = "String::is_empty",
        deserialize_with = "crate::validate::de_phone"
    )]
    pub phone: String,
    /// Display name (the Go and Node SDKs send `name`; Descope's widgets send `displayName`).
    #[serde(alias = "displayName", skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Given name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub given_name: String,
    /// Middle name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub middle_name: String,
    /// Family name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub family_name: String,
    /// Project-level roles; in widget mode roles in the `?tenant=` tenant.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub role_names: Vec<String>,
    /// Tenant memberships with their roles (management-key mode).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub user_tenants: Vec<UserTenantInput>,
    /// Custom attribute values by name.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    /// Picture URL.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub picture: String,
    /// Email already verified.
    pub verified_email: bool,
    /// Phone already verified.
    pub verified_phone: bool,
    /// A test user.
    pub test: bool,
    /// Send an invitation: the user starts `invited` and gets a one-time link by email.
    pub invite: bool,
    /// Where the invitation link points (the product's accept page); the server's own page when empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub invite_url: String,
    /// Additional login ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub additional_login_ids: Vec<LoginId>,
}

/// `{user}`: the response of create, update, patch, load and most single-user changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserResponse {
    /// The user after the change.
    pub user: User,
}

/// `POST /v1/mgmt/user/create/batch`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct BatchCreateUsersRequest {
    /// Users to create.
    pub users: Vec<CreateUserRequest>,
    /// Invite every user created.
    pub invite: bool,
}

/// One user a batch could not create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct FailedUser {
    /// Why, as text.
    pub failure: String,
    /// The request item that failed.
    pub user: CreateUserRequest,
}

/// Batch create response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct BatchCreateUsersResponse {
    /// Users created.
    pub created_users: Vec<User>,
    /// Users not created, with the reason.
    pub failed_users: Vec<FailedUser>,
}

/// `PATCH /v1/mgmt/user/patch`: only the fields present change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct PatchUserRequest {
    /// Which user (required).
    pub login_id: LoginId,
    /// Display name (`name` or `displayName`).
    #[serde(alias = "displayName", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Middle name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Family name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number (separators as typed are dropped).
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::validate::de_optional_phone"
    )]
    pub phone: Option<String>,
    /// Email verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified_email: Option<bool>,
    /// Phone verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified_phone: Option<bool>,
    /// Roles (project-level; in widget mode roles in the tenant), replacing the current set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_names: Option<Vec<String>>,
    /// Tenant memberships, replacing the current set (management-key mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_tenants: Option<Vec<UserTenantInput>>,
    /// Custom attributes to set (merged into the current values).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_attributes: Option<serde_json::Map<String, serde_json::Value>>,
    /// Picture URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
}

/// A request naming one user by login id or user id (delete, logout, load).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UserRef {
    /// Login id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_id: Option<LoginId>,
    /// User id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<UserId>,
}

/// `POST /v1/mgmt/user/delete/batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct BatchDeleteUsersRequest {
    /// Users to delete.
    pub user_ids: Vec<UserId>,
}

/// A request naming one user by login id only (expire password, remove passkeys / TOTP, resend invite).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct LoginIdRequest {
    /// Which user.
    pub login_id: LoginId,
}

/// `POST /v1/mgmt/user/update/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateStatusRequest {
    /// Which user.
    pub login_id: LoginId,
    /// `enabled` or `disabled` (required: a missing status is refused, never read as enabled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<UserStatus>,
}

/// `POST /v1/mgmt/user/update/role/set|add|remove`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UserRolesRequest {
    /// Which user.
    pub login_id: LoginId,
    /// The tenant, `""` for project-level roles (ignored in widget mode: always the `?tenant=`).
    pub tenant_id: TenantId,
    /// Role names.
    pub role_names: Vec<String>,
}

/// `POST /v1/mgmt/user/update/tenant/add|remove`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UserTenantRequest {
    /// Which user.
    pub login_id: LoginId,
    /// The tenant.
    pub tenant_id: TenantId,
}

/// `POST /v1/mgmt/user/update/email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateEmailRequest {
    /// Which user.
    pub login_id: LoginId,
    /// New email ("" clears it).
    pub email: String,
    /// Whether it is verified.
    pub verified: bool,
}

/// `POST /v1/mgmt/user/update/phone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UpdatePhoneRequest {
    /// Which user.
    pub login_id: LoginId,
    /// New phone ("" clears it; separators as typed are dropped).
    #[serde(deserialize_with = "crate::validate::de_phone")]
    pub phone: String,
    /// Whether it is verified.
    pub verified: bool,
}

/// `POST /v1/mgmt/user/update/name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateNameRequest {
    /// Which user.
    pub login_id: LoginId,
    /// Display name (`name` or `displayName`).
    #[serde(alias = "displayName")]
    pub name: String,
    /// Given name.
    pub given_name: String,
    /// Middle name.
    pub middle_name: String,
    /// Family name.
    pub family_name: String,
}

/// `POST /v1/mgmt/user/update/picture`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UpdatePictureRequest {
    /// Which user.
    pub login_id: LoginId,
    /// Picture URL.
    pub picture: String,
}

/// `POST /v1/mgmt/user/update/loginid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateLoginIdRequest {
    /// Current login id.
    pub login_id: LoginId,
    /// New login id.
    pub new_login_id: LoginId,
}

/// `POST /v1/mgmt/user/update/customAttribute`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateCustomAttributeRequest {
    /// Which user.
    pub login_id: LoginId,
    /// Attribute name.
    pub attribute_key: String,
    /// New value (must match the attribute's type).
    pub attribute_value: serde_json::Value,
}

/// `POST /v1/mgmt/user/password/set/temporary|active`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SetPasswordRequest {
    /// Which user.
    pub login_id: LoginId,
    /// The password; for a temporary password the server generates one when empty.
    pub password: Secret,
}

/// Response of setting a temporary password: the generated cleartext, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TemporaryPasswordResponse {
    /// Present only when the server generated the password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cleartext: Option<Secret>,
}

/// Type of a custom attribute, as numbered on the wire.
pub mod attribute_type {
    /// Free text.
    pub const TEXT: u8 = 1;
    /// A number.
    pub const NUMERIC: u8 = 2;
    /// true / false.
    pub const BOOLEAN: u8 = 3;
    /// One of `options`.
    pub const SINGLE_SELECT: u8 = 4;
    /// A list of strings (of `options` when given).
    pub const ARRAY: u8 = 5;
    /// A date (epoch milliseconds).
    pub const DATE: u8 = 6;
}

/// A custom attribute definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CustomAttribute {
    /// Machine name, the key in `customAttributes`.
    pub name: String,
    /// One of [`attribute_type`].
    #[serde(rename = "type")]
    pub kind: u8,
    /// Allowed values for select types.
    pub options: Vec<String>,
    /// Label shown to admins.
    pub display_name: String,
    /// Whether an admin may set it on users: always, here (Descope's widgets disable a field
    /// without it). Ignored in create requests.
    pub editable: bool,
}

/// `GET /v1/mgmt/user/customattributes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CustomAttributesResponse {
    /// The definitions.
    pub data: Vec<CustomAttribute>,
}

/// `POST /v1/mgmt/user/customattribute/create`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CreateCustomAttributesRequest {
    /// Definitions to add.
    pub attributes: Vec<CustomAttribute>,
}

/// `POST /v1/mgmt/user/customattribute/delete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct DeleteCustomAttributesRequest {
    /// Names to delete.
    pub names: Vec<String>,
}
