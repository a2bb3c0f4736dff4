//! Roles and permissions on the wire (wire contract: Roles and permissions), plus our impact
//! query (`POST /tk/v1/role/impact`), which answers "who loses what" before a change is made.

use crate::{FieldError, SortField, TenantId};
use serde::{Deserialize, Serialize};

/// A permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Permission {
    /// Unique name.
    pub name: String,
    /// What it allows.
    pub description: String,
    /// Built in: cannot be changed or deleted.
    pub system_default: bool,
    /// Widget mode: whether the caller holds it in the tenant, so may put it in a role (one
    /// can only delegate what one has). Ours; absent with the management key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grantable: Option<bool>,
}

/// `GET /v1/mgmt/permission/all`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct PermissionsResponse {
    /// Every permission, by name.
    pub permissions: Vec<Permission>,
}

/// `POST /v1/mgmt/permission/create`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CreatePermissionRequest {
    /// Unique name.
    pub name: String,
    /// What it allows.
    pub description: String,
}

/// `POST /v1/mgmt/permission/update`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UpdatePermissionRequest {
    /// Current name.
    pub name: String,
    /// New name (required; the same name keeps it).
    pub new_name: String,
    /// New description.
    pub description: String,
}

/// `POST /v1/mgmt/permission/delete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct DeletePermissionRequest {
    /// The permission.
    pub name: String,
}

/// A role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Role {
    /// Name, unique within its tenant.
    pub name: String,
    /// Description.
    pub description: String,
    /// Permissions it grants, sorted.
    pub permission_names: Vec<String>,
    /// Created, epoch seconds.
    pub created_time: i64,
    /// `""` for a project role; otherwise the tenant it belongs to.
    pub tenant_id: TenantId,
    /// How many users hold the role, each counted once (in widget mode: in the caller's
    /// tenant). Ours; other servers leave it 0.
    pub user_count: u64,
    /// How many access keys hold the role, each counted once (in widget mode: in the caller's
    /// tenant). Ours; other servers leave it 0.
    pub access_key_count: u64,
    /// Whether the caller may change or delete it (widget mode: only their tenant's roles). Ours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editable: Option<bool>,
    /// Widget mode: whether the caller holds every permission of the role in the tenant, so may
    /// give it to users and access keys, take it from them, and (for the tenant's roles) change
    /// its permissions or delete it. Ours; absent with the management key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grantable: Option<bool>,
    /// Widget mode: the role's permissions the caller does not hold in the tenant (why
    /// `grantable` is false), sorted. Ours.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub permissions_not_held: Vec<String>,
}

/// `GET /v1/mgmt/role/all` and `POST /v1/mgmt/role/search`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct RolesResponse {
    /// The roles.
    pub roles: Vec<Role>,
    /// Matching roles across all pages (search only; ours).
    pub total: u64,
}

/// `POST /v1/mgmt/role/create`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CreateRoleRequest {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Permissions it grants.
    pub permission_names: Vec<String>,
    /// `""` for a project role (management key only); in widget mode always the `?tenant=`.
    pub tenant_id: TenantId,
}

/// `POST /v1/mgmt/role/update`: every field is replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateRoleRequest {
    /// Current name.
    pub name: String,
    /// New name (the same name keeps it; empty keeps it too).
    pub new_name: String,
    /// New description.
    pub description: String,
    /// The permissions it grants afterwards.
    pub permission_names: Vec<String>,
    /// The role's tenant (`""` = project role).
    pub tenant_id: TenantId,
    /// Confirms a change that takes permissions away from holders, or takes `User Admin` from
    /// the caller themself. In widget mode such a change is refused with 409 and the impact
    /// without it (a management-key call needs no confirmation: Descope's SDKs cannot send it).
    pub force: bool,
}

/// `POST /v1/mgmt/role/delete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct DeleteRoleRequest {
    /// The role.
    pub name: String,
    /// Its tenant (`""` = project role).
    pub tenant_id: TenantId,
    /// Confirms deleting a role that users or access keys hold (needed in widget mode).
    pub force: bool,
}

/// `POST /v1/mgmt/role/delete/batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct DeleteRolesRequest {
    /// The roles.
    pub role_names: Vec<String>,
    /// Their tenant (`""` = project roles).
    pub tenant_id: TenantId,
    /// Confirms deleting roles that users or access keys hold (needed in widget mode).
    pub force: bool,
}

/// What a delete did (ours: Descope answers `{}`). Counted in the transaction of the delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct DeleteRolesResponse {
    /// Users who held at least one of the roles and lost it, each counted once.
    pub users_affected: u64,
    /// Access keys that held at least one of the roles and lost it, each counted once.
    pub access_keys_affected: u64,
    /// The same number as `usersAffected`, under the name the first version answered with.
    pub holders_affected: u64,
}

/// `POST /v1/mgmt/role/search`. Every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct RoleSearchRequest {
    /// Only roles of these tenants (widget mode: ignored, always the caller's tenant).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tenant_ids: Vec<TenantId>,
    /// Only these names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub role_names: Vec<String>,
    /// Names containing this (any case).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub role_name_like: String,
    /// Only roles granting any of these permissions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub permission_names: Vec<String>,
    /// Project roles too (with `tenantIds`).
    pub include_project_roles: bool,
    /// Name or description containing this (any case).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Sort keys: `name`, `description`, `createdTime`, `userCount`, `accessKeyCount`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sort: Vec<SortField>,
    /// Page size (0 = all, up to the maximum).
    pub limit: u32,
    /// Page, 0-based.
    pub page: u32,
}

/// `POST /tk/v1/role/impact`: what a proposed change to one role, or the deletion of one or
/// more roles, would take away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct RoleImpactRequest {
    /// The role of a change (or of the deletion of one role).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The roles of a deletion (with `delete: true`), all of the same tenant. `name`, when given
    /// too, is one more.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub role_names: Vec<String>,
    /// Their tenant (`""` = project role; widget mode: the caller's tenant).
    pub tenant_id: TenantId,
    /// The permissions the role would grant afterwards (ignored when `delete`).
    pub permission_names: Vec<String>,
    /// The roles would be deleted.
    pub delete: bool,
}

impl RoleImpactRequest {
    /// The roles asked about: `name` and then `roleNames`, each once, in order.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::with_capacity(self.role_names.len() + 1);
        for name in std::iter::once(&self.name).chain(&self.role_names) {
            if !name.is_empty() && !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
        names
    }
}

/// The answer to [`RoleImpactRequest`]. Totals count each holder once, however many of the roles
/// it holds (and, for a project role asked about with the management key, in however many
/// tenants).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct RoleImpactResponse {
    /// Users holding any of the roles (in widget mode: in the caller's tenant).
    pub users: u64,
    /// Access keys holding any of the roles (in widget mode: in the caller's tenant).
    pub access_keys: u64,
    /// Permissions the holders would lose through these roles, sorted.
    pub permissions_lost: Vec<String>,
    /// The caller would no longer hold `User Admin` in the tenant (widget mode).
    pub removes_own_user_admin: bool,
    /// Each role asked about, in the order asked.
    pub roles: Vec<RoleImpactEntry>,
}

/// One role of a [`RoleImpactResponse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct RoleImpactEntry {
    /// The role.
    pub name: String,
    /// Users holding it (in widget mode: in the caller's tenant).
    pub users: u64,
    /// Access keys holding it (in widget mode: in the caller's tenant).
    pub access_keys: u64,
    /// Permissions its holders would lose through it, sorted.
    pub permissions_lost: Vec<String>,
}

/// Longest role or permission name.
pub const MAX_NAME_LEN: usize = 100;

/// A role or permission name: 1 to 100 characters, no control characters, no surrounding spaces.
pub fn name(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("A name is required".to_owned());
    }
    if value.trim() != value {
        return Err("A name cannot start or end with a space".to_owned());
    }
    if value.chars().count() > MAX_NAME_LEN {
        return Err(format!("A name has at most {MAX_NAME_LEN} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err("A name cannot contain control characters".to_owned());
    }
    Ok(())
}

/// A description: at most 500 characters.
pub fn description(value: &str) -> Result<(), String> {
    if value.chars().count() > 500 {
        Err("A description has at most 500 characters".to_owned())
    } else {
        Ok(())
    }
}

fn field(errors: &mut Vec<FieldError>, field: &'static str, result: Result<(), String>) {
    if let Err(message) = result {
        errors.push(FieldError { field, message });
    }
}

impl CreateRoleRequest {
    /// Every field error; empty when valid.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        field(&mut errors, "name", name(&self.name));
        field(&mut errors, "description", description(&self.description));
        errors
    }
}

impl UpdateRoleRequest {
    /// Every field error; empty when valid.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        field(&mut errors, "name", name(&self.name));
        if !self.new_name.is_empty() {
            field(&mut errors, "newName", name(&self.new_name));
        }
        field(&mut errors, "description", description(&self.description));
        errors
    }
}

impl CreatePermissionRequest {
    /// Every field error; empty when valid.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        field(&mut errors, "name", name(&self.name));
        field(&mut errors, "description", description(&self.description));
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_alike_in_browser_and_server() {
        assert!(name("Billing Admin").is_ok());
        for bad in ["", "  ", " Billing", "a\tb"] {
            assert!(name(bad).is_err(), "{bad:?}");
        }
        assert!(name(&"x".repeat(101)).is_err());
        let request = CreateRoleRequest {
            name: String::new(),
            description: "d".repeat(501),
            ..CreateRoleRequest::default()
        };
        let fields: Vec<_> = request.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "description"]);
    }

    #[test]
    fn role_objects_read_from_any_server() {
        let role: Role = serde_json::from_str(
            r#"{"name":"Support","permissionNames":["a"],"tenantId":"T1","unknown":true}"#,
        )
        .unwrap_or_default();
        assert_eq!(role.name, "Support");
        assert_eq!(role.user_count, 0);
        assert_eq!(role.access_key_count, 0);
        assert_eq!(role.editable, None);
    }

    #[test]
    fn an_impact_request_names_each_role_once() {
        let request = RoleImpactRequest {
            name: "A".to_owned(),
            role_names: vec!["B".to_owned(), "A".to_owned(), String::new()],
            ..RoleImpactRequest::default()
        };
        assert_eq!(request.names(), ["A", "B"]);
        assert!(RoleImpactRequest::default().names().is_empty());
        // The single-role form is sent as before: no `roleNames` key.
        let single = serde_json::to_value(RoleImpactRequest {
            name: "A".to_owned(),
            ..RoleImpactRequest::default()
        })
        .unwrap_or_default();
        assert!(single.get("roleNames").is_none(), "{single}");
    }
}
