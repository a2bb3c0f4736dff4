//! The changes an admin makes to the tenant's roles, and the impact query asked before a change
//! that takes something away. Each is a request through the typed client in widget mode.

use crate::list::SearchTarget;
use crate::roles::state::{Deleted, Impact, RoleRow};
use tenantkit_client::ApiError;
use tenantkit_wire::role::{
    CreateRoleRequest, DeleteRoleRequest, DeleteRolesRequest, Role, RoleImpactRequest,
    UpdateRoleRequest,
};

/// Creates a role in the tenant (the server puts it there whatever `tenant_id` says).
pub async fn create_role(
    target: &SearchTarget,
    request: &CreateRoleRequest,
) -> Result<Role, ApiError> {
    target.client().create_role(request).await
}

/// Replaces a role's name, description and permissions. `force` confirms taking permissions
/// from holders (or `User Admin` from the admin); without it the server refuses such a change.
pub async fn update_role(
    target: &SearchTarget,
    request: &UpdateRoleRequest,
) -> Result<Role, ApiError> {
    target.client().update_role(request).await
}

/// What granting only `after` instead of its current permissions would take from the holders of
/// the tenant's role `name`.
pub async fn change_impact(
    target: &SearchTarget,
    name: &str,
    after: Vec<String>,
) -> Result<Impact, ApiError> {
    let response = target
        .client()
        .role_impact(&RoleImpactRequest {
            name: name.to_owned(),
            tenant_id: target.tenant.clone(),
            permission_names: after,
            delete: false,
            ..RoleImpactRequest::default()
        })
        .await?;
    Ok(Impact::from_response(&[name.to_owned()], response))
}

/// What deleting `roles` would take away: one question about all of them, so holders of several
/// are counted once and the server says whether the admin keeps `User Admin` through another
/// role.
pub async fn deletion_impact(target: &SearchTarget, roles: &[RoleRow]) -> Result<Impact, ApiError> {
    let names: Vec<String> = roles.iter().map(|role| role.name.clone()).collect();
    // One role is asked about by `name`, as before roles could be asked about together.
    let request = match names.as_slice() {
        [name] => RoleImpactRequest {
            name: name.clone(),
            ..RoleImpactRequest::default()
        },
        names => RoleImpactRequest {
            role_names: names.to_vec(),
            ..RoleImpactRequest::default()
        },
    };
    let response = target
        .client()
        .role_impact(&RoleImpactRequest {
            tenant_id: target.tenant.clone(),
            delete: true,
            ..request
        })
        .await?;
    Ok(Impact::from_response(&names, response))
}

/// Deletes the tenant's roles `names` (all or nothing) and returns how many users and access keys
/// lost them. `force` confirms deleting roles that someone holds.
pub async fn delete_roles(
    target: &SearchTarget,
    names: &[String],
    force: bool,
) -> Result<Deleted, ApiError> {
    let client = target.client();
    let response = match names {
        [name] => {
            client
                .delete_role(&DeleteRoleRequest {
                    name: name.clone(),
                    tenant_id: target.tenant.clone(),
                    force,
                })
                .await?
        }
        names => {
            client
                .delete_roles(&DeleteRolesRequest {
                    role_names: names.to_vec(),
                    tenant_id: target.tenant.clone(),
                    force,
                })
                .await?
        }
    };
    Ok(Deleted::from(response))
}
