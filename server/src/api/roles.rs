//! Roles and permissions (wire contract: Roles and permissions), and our impact query.
//!
//! Permissions are project-wide: readable in widget mode, changed with the management key only.
//! Roles belong to the project (`tenantId` "") or to one tenant. A tenant admin sees the project
//! roles and their tenant's roles and changes only their tenant's; storage enforces it
//! ([`crate::db::roles`]) and asks for `force` before a change takes permissions from holders.

use super::caller::UserAdmin;
use super::{Access, RouteSpec, route};
use crate::db::roles::{RoleChange, RoleTarget};
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};
use tenantkit_wire::role::{
    CreatePermissionRequest, CreateRoleRequest, DeletePermissionRequest, DeleteRoleRequest,
    DeleteRolesRequest, DeleteRolesResponse, Permission, PermissionsResponse, Role,
    RoleImpactEntry, RoleImpactRequest, RoleImpactResponse, RoleSearchRequest, RolesResponse,
    UpdatePermissionRequest, UpdateRoleRequest,
};
use tenantkit_wire::{PERMISSION_USER_ADMIN, TenantId};

/// Every role and permission route.
/// Management key, or a tenant admin (`User Admin`) in widget mode.
const ADMIN: Access = Access::Widget(PERMISSION_USER_ADMIN);
/// The management key only.
const KEY: Access = Access::ManagementKey;

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<(), PermissionsResponse>(
            Method::GET,
            "/v1/mgmt/permission/all",
            ADMIN,
            get(permissions),
        ),
        route::<CreatePermissionRequest, Value>(
            Method::POST,
            "/v1/mgmt/permission/create",
            KEY,
            post(create_permission),
        ),
        route::<UpdatePermissionRequest, Value>(
            Method::POST,
            "/v1/mgmt/permission/update",
            KEY,
            post(update_permission),
        ),
        route::<DeletePermissionRequest, Value>(
            Method::POST,
            "/v1/mgmt/permission/delete",
            KEY,
            post(delete_permission),
        ),
        route::<(), RolesResponse>(Method::GET, "/v1/mgmt/role/all", ADMIN, get(all_roles)),
        route::<RoleSearchRequest, RolesResponse>(
            Method::POST,
            "/v1/mgmt/role/search",
            ADMIN,
            post(search),
        ),
        route::<CreateRoleRequest, Role>(Method::POST, "/v1/mgmt/role/create", ADMIN, post(create)),
        route::<UpdateRoleRequest, Role>(Method::POST, "/v1/mgmt/role/update", ADMIN, post(update)),
        route::<DeleteRoleRequest, DeleteRolesResponse>(
            Method::POST,
            "/v1/mgmt/role/delete",
            ADMIN,
            post(delete),
        ),
        route::<DeleteRolesRequest, DeleteRolesResponse>(
            Method::POST,
            "/v1/mgmt/role/delete/batch",
            ADMIN,
            post(delete_batch),
        ),
        route::<RoleImpactRequest, RoleImpactResponse>(
            Method::POST,
            "/tk/v1/role/impact",
            ADMIN,
            post(impact),
        ),
    ]
}

fn empty() -> Json<Value> {
    Json(json!({}))
}

/// The tenant a new role goes to: in widget mode the caller's (a request may repeat it or leave
/// it empty; another tenant is refused by storage).
fn new_role_tenant(admin: &UserAdmin, requested: &TenantId) -> TenantId {
    admin.scope.resolve(requested).unwrap_or(requested).clone()
}

/// `GET /v1/mgmt/permission/all` -> `{permissions}`; in widget mode each says whether the caller
/// holds it (`grantable`), so may put it in a role.
async fn permissions(
    State(state): State<AppState>,
    admin: UserAdmin,
) -> Result<Json<PermissionsResponse>> {
    let held = state.db().held_permissions(&admin.scope).await?;
    let permissions = state
        .db()
        .permissions()
        .await?
        .into_iter()
        .map(|permission| Permission {
            grantable: held.as_ref().map(|held| held.holds(&permission.name)),
            name: permission.name,
            description: permission.description,
            system_default: permission.system_default,
        })
        .collect();
    Ok(Json(PermissionsResponse { permissions }))
}

/// `POST /v1/mgmt/permission/create` `{name, description}`.
async fn create_permission(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<CreatePermissionRequest>,
) -> Result<Json<Value>> {
    let scope = admin.project_wide("Permissions are managed")?;
    Error::check_fields(request.validate())?;
    state
        .db()
        .create_permission(
            scope,
            &admin.actor,
            &request.name,
            &request.description,
            state.now_ms(),
        )
        .await?;
    Ok(empty())
}

/// `POST /v1/mgmt/permission/update` `{name, newName, description}`.
async fn update_permission(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UpdatePermissionRequest>,
) -> Result<Json<Value>> {
    let scope = admin.project_wide("Permissions are managed")?;
    let new_name = if request.new_name.is_empty() {
        request.name.clone()
    } else {
        request.new_name.clone()
    };
    Error::check_fields(
        CreatePermissionRequest {
            name: new_name.clone(),
            description: request.description.clone(),
        }
        .validate(),
    )?;
    state
        .db()
        .update_permission(
            scope,
            &admin.actor,
            &request.name,
            &new_name,
            &request.description,
            state.now_ms(),
        )
        .await?;
    Ok(empty())
}

/// `POST /v1/mgmt/permission/delete` `{name}`.
async fn delete_permission(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<DeletePermissionRequest>,
) -> Result<Json<Value>> {
    let scope = admin.project_wide("Permissions are managed")?;
    state
        .db()
        .delete_permission(scope, &admin.actor, &request.name, state.now_ms())
        .await?;
    Ok(empty())
}

async fn respond(state: &AppState, admin: &UserAdmin, target: &RoleTarget) -> Result<Json<Role>> {
    let record = state.db().load_role(&admin.scope, target).await?;
    Ok(Json(record.into_wire(&admin.scope)))
}

/// `GET /v1/mgmt/role/all` -> `{roles}` (in widget mode: the project's and the tenant's).
async fn all_roles(State(state): State<AppState>, admin: UserAdmin) -> Result<Json<RolesResponse>> {
    // Everything the caller may see: in a tenant, its roles and the project's.
    let request = RoleSearchRequest {
        include_project_roles: true,
        ..RoleSearchRequest::default()
    };
    search_roles(&state, &admin, &request).await
}

/// `POST /v1/mgmt/role/search` -> `{roles, total}`.
async fn search(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<RoleSearchRequest>,
) -> Result<Json<RolesResponse>> {
    search_roles(&state, &admin, &request).await
}

async fn search_roles(
    state: &AppState,
    admin: &UserAdmin,
    request: &RoleSearchRequest,
) -> Result<Json<RolesResponse>> {
    let (roles, total) = state.db().search_roles(&admin.scope, request).await?;
    Ok(Json(RolesResponse {
        roles: roles
            .into_iter()
            .map(|role| role.into_wire(&admin.scope))
            .collect(),
        total,
    }))
}

/// `POST /v1/mgmt/role/create` -> the role. In widget mode it belongs to the caller's tenant.
async fn create(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<CreateRoleRequest>,
) -> Result<Json<Role>> {
    Error::check_fields(request.validate())?;
    let tenant = new_role_tenant(&admin, &request.tenant_id);
    let change = RoleChange {
        name: request.name,
        description: request.description,
        permission_names: request.permission_names,
    };
    let target = state
        .db()
        .create_role(&admin.scope, &admin.actor, &tenant, &change, state.now_ms())
        .await?;
    respond(&state, &admin, &target).await
}

/// `POST /v1/mgmt/role/update` -> the role. Every field is replaced; `force` confirms taking
/// permissions from holders.
async fn update(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UpdateRoleRequest>,
) -> Result<Json<Role>> {
    Error::check_fields(request.validate())?;
    let target = state
        .db()
        .find_role(&admin.scope, &request.tenant_id, &request.name)
        .await?;
    let change = RoleChange {
        name: if request.new_name.is_empty() {
            request.name.clone()
        } else {
            request.new_name.clone()
        },
        description: request.description,
        permission_names: request.permission_names,
    };
    let updated = state
        .db()
        .update_role(
            &admin.scope,
            &admin.actor,
            &target,
            &change,
            request.force,
            state.now_ms(),
        )
        .await?;
    respond(&state, &admin, &updated).await
}

async fn delete_named(
    state: &AppState,
    admin: &UserAdmin,
    tenant: &TenantId,
    names: &[String],
    force: bool,
) -> Result<Json<DeleteRolesResponse>> {
    if names.is_empty() {
        return Err(Error::MissingArguments(
            "A role name is required".to_owned(),
        ));
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let targets = state.db().find_roles(&admin.scope, tenant, &names).await?;
    let deleted = state
        .db()
        .delete_roles(&admin.scope, &admin.actor, &targets, force, state.now_ms())
        .await?;
    Ok(Json(DeleteRolesResponse {
        users_affected: deleted.users,
        access_keys_affected: deleted.access_keys,
        holders_affected: deleted.users,
    }))
}

/// `POST /v1/mgmt/role/delete` `{name, tenantId, force}` -> `{usersAffected, accessKeysAffected,
/// holdersAffected}`.
async fn delete(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<DeleteRoleRequest>,
) -> Result<Json<DeleteRolesResponse>> {
    let names = [request.name]
        .into_iter()
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>();
    delete_named(&state, &admin, &request.tenant_id, &names, request.force).await
}

/// `POST /v1/mgmt/role/delete/batch` `{roleNames, tenantId, force}`: all or nothing.
async fn delete_batch(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<DeleteRolesRequest>,
) -> Result<Json<DeleteRolesResponse>> {
    // A name given twice is one role deleted once (and one audit event).
    let mut names = request.role_names.clone();
    names.sort();
    names.dedup();
    delete_named(&state, &admin, &request.tenant_id, &names, request.force).await
}

/// `POST /tk/v1/role/impact` `{name | roleNames, tenantId, permissionNames, delete}` -> who
/// loses what: a change to one role (`name`, the permissions it would grant afterwards), or the
/// deletion of one or more (`delete: true`).
async fn impact(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<RoleImpactRequest>,
) -> Result<Json<RoleImpactResponse>> {
    let names = request.names();
    if names.is_empty() {
        return Err(Error::MissingArguments(
            "A role name is required: name, or roleNames for a deletion".to_owned(),
        ));
    }
    if names.len() > 1 && !request.delete {
        return Err(Error::InvalidArguments(
            "A change concerns one role: several roles (roleNames) can only be asked about for a \
             deletion (delete: true)"
                .to_owned(),
        ));
    }
    let targets = state
        .db()
        .find_roles(&admin.scope, &request.tenant_id, &names)
        .await?;
    let after = (!request.delete).then_some(request.permission_names.as_slice());
    let impact = state
        .db()
        .role_impact(&admin.scope, &targets, after)
        .await?;
    Ok(Json(RoleImpactResponse {
        users: impact.users,
        access_keys: impact.access_keys,
        permissions_lost: impact.permissions_lost,
        removes_own_user_admin: impact.removes_own_user_admin,
        roles: impact
            .roles
            .into_iter()
            .map(|role| RoleImpactEntry {
                name: role.name,
                users: role.users,
                access_keys: role.access_keys,
                permissions_lost: role.permissions_lost,
            })
            .collect(),
    }))
}
