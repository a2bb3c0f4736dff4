//! A tenant's SCIM provisioning as its admin sets it up (ours, under `/tk/`): the base URL and
//! token the IdP needs, the groups it pushed and the roles they grant, and the latest activity.
//! The SCIM protocol itself is served by [`crate::scim`]. Also Descope's group tools
//! (`/v1/mgmt/group/*`), which read the groups the IdP pushed: `User Admin` or `SSO Admin` in
//! widget mode, as the tenant's profile.
//!
//! Who may, in widget mode: everything here needs `User Admin` and `SSO Admin` in the tenant
//! (what the built-in Tenant Admin role holds): the token creates, changes and removes the
//! tenant's users, and the IdP it connects is the SSO admin's. A group's roles must be roles
//! the admin could give by hand.

use super::caller::TenantCaller;
use super::tenants::{POLICY_WRITERS, PROFILE_READERS, READ_PROFILE, WRITE_POLICY};
use super::{RouteSpec, route};
use crate::auth::management_key;
use crate::capability::TenantScope;
use crate::db::new_id;
use crate::db::scim::GroupSelect;
use crate::error::{Error, Result};
use crate::extract::{Json, Query};
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};
use tenantkit_wire::group::{Group, GroupMembersRequest, GroupsRequest, MemberGroupsRequest};
use tenantkit_wire::scim::{
    ScimGroupRolesRequest, ScimSettingsResponse, ScimTenantRequest, ScimTokenResponse, base_path,
};

/// How many SCIM events the settings show.
const ACTIVITY: i64 = 25;

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<ScimTenantRequest, ScimSettingsResponse>(
            Method::GET,
            "/tk/v1/scim",
            WRITE_POLICY,
            get(settings),
        ),
        route::<ScimTenantRequest, ScimTokenResponse>(
            Method::POST,
            "/tk/v1/scim/token/rotate",
            WRITE_POLICY,
            post(rotate),
        ),
        route::<ScimTenantRequest, Value>(
            Method::POST,
            "/tk/v1/scim/token/revoke",
            WRITE_POLICY,
            post(revoke),
        ),
        route::<ScimGroupRolesRequest, ScimSettingsResponse>(
            Method::POST,
            "/tk/v1/scim/group/roles",
            WRITE_POLICY,
            post(group_roles),
        ),
        route::<GroupsRequest, Vec<Group>>(
            Method::POST,
            "/v1/mgmt/group/all",
            READ_PROFILE,
            post(load_groups),
        ),
        route::<GroupMembersRequest, Vec<Group>>(
            Method::POST,
            "/v1/mgmt/group/members",
            READ_PROFILE,
            post(load_group_members),
        ),
        route::<MemberGroupsRequest, Vec<Group>>(
            Method::POST,
            "/v1/mgmt/group/member/all",
            READ_PROFILE,
            post(load_member_groups),
        ),
    ]
}

async fn scope(state: &AppState, caller: &TenantCaller, tenant: &str) -> Result<TenantScope> {
    caller.scope(state, tenant, POLICY_WRITERS).await
}

async fn settings_of(state: &AppState, scope: &TenantScope) -> Result<ScimSettingsResponse> {
    let db = state.db();
    Ok(ScimSettingsResponse {
        base_url: format!(
            "{}{}",
            state.settings().public_url.trim_end_matches('/'),
            base_path(scope.tenant_id().as_str())
        ),
        token: db.scim_token(scope).await?,
        groups: db.scim_group_mappings(scope).await?,
        activity: db.scim_activity(scope, ACTIVITY).await?,
    })
}

/// `GET /tk/v1/scim?tenantId=` -> the tenant's SCIM set-up.
async fn settings(
    State(state): State<AppState>,
    caller: TenantCaller,
    Query(query): Query<ScimTenantRequest>,
) -> Result<Json<ScimSettingsResponse>> {
    let scope = scope(&state, &caller, &query.tenant_id).await?;
    Ok(Json(settings_of(&state, &scope).await?))
}

/// `POST /tk/v1/scim/token/rotate` `{tenantId}` -> a new token, shown this once; the token the
/// tenant had stops working at once.
async fn rotate(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<ScimTenantRequest>,
) -> Result<Json<ScimTokenResponse>> {
    let scope = scope(&state, &caller, &request.tenant_id).await?;
    let id = new_id('S');
    let (cleartext, secret_hash) = management_key::named_secret("scim", &id);
    state
        .db()
        .replace_scim_token(&scope, &caller.actor, &id, &secret_hash, state.now_ms())
        .await?;
    let token = state
        .db()
        .scim_token(&scope)
        .await?
        .ok_or_else(|| Error::Internal("the new SCIM token is gone".to_owned()))?;
    Ok(Json(ScimTokenResponse { cleartext, token }))
}

/// `POST /tk/v1/scim/token/revoke` `{tenantId}`: the IdP can no longer provision.
async fn revoke(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<ScimTenantRequest>,
) -> Result<Json<Value>> {
    let scope = scope(&state, &caller, &request.tenant_id).await?;
    if !state
        .db()
        .revoke_scim_token(&scope, &caller.actor, state.now_ms())
        .await?
    {
        return Err(Error::NotFound("The tenant has no SCIM token".to_owned()));
    }
    Ok(Json(json!({})))
}

/// `POST /tk/v1/scim/group/roles` `{tenantId, groupId, roleNames}` -> the set-up, with the
/// group's members given or relieved of the roles at once.
async fn group_roles(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<ScimGroupRolesRequest>,
) -> Result<Json<ScimSettingsResponse>> {
    let scope = scope(&state, &caller, &request.tenant_id).await?;
    let mut names = request.role_names.clone();
    names.sort();
    names.dedup();
    state.db().check_grantable_roles(&scope, &names).await?;
    state
        .db()
        .set_scim_group_roles(
            &scope,
            &caller.actor,
            &request.group_id,
            &names,
            state.now_ms(),
        )
        .await?;
    Ok(Json(settings_of(&state, &scope).await?))
}

/// The groups of the scope's tenant that `select` names. Groups come from SCIM, which belongs to
/// no SSO configuration: asking for one finds nothing.
async fn groups(
    state: &AppState,
    scope: &TenantScope,
    sso_id: &str,
    select: GroupSelect<'_>,
) -> Result<Json<Vec<Group>>> {
    if !sso_id.is_empty() {
        return Ok(Json(Vec::new()));
    }
    Ok(Json(state.db().groups_with_members(scope, select).await?))
}

/// `POST /v1/mgmt/group/all` `{tenantId}` -> `[group]`, for a caller holding `User Admin` or
/// `SSO Admin` in the tenant.
async fn load_groups(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<GroupsRequest>,
) -> Result<Json<Vec<Group>>> {
    let scope = caller
        .scope(&state, &request.tenant_id, PROFILE_READERS)
        .await?;
    groups(&state, &scope, &request.sso_id, GroupSelect::All).await
}

/// `POST /v1/mgmt/group/members` `{tenantId, groupId}` -> `[group]`, the group with its members.
async fn load_group_members(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<GroupMembersRequest>,
) -> Result<Json<Vec<Group>>> {
    let scope = caller
        .scope(&state, &request.tenant_id, PROFILE_READERS)
        .await?;
    if request.group_id.trim().is_empty() {
        return Err(Error::MissingArguments("groupId is required".to_owned()));
    }
    let select = GroupSelect::One(&request.group_id);
    groups(&state, &scope, &request.sso_id, select).await
}

/// `POST /v1/mgmt/group/member/all` `{tenantId, loginIds, userIds}` -> the groups of those users.
async fn load_member_groups(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<MemberGroupsRequest>,
) -> Result<Json<Vec<Group>>> {
    let scope = caller
        .scope(&state, &request.tenant_id, PROFILE_READERS)
        .await?;
    if request.login_ids.is_empty() && request.user_ids.is_empty() {
        return Err(Error::MissingArguments(
            "loginIds or userIds is required".to_owned(),
        ));
    }
    let select = GroupSelect::OfUsers {
        user_ids: &request.user_ids,
        login_ids: &request.login_ids,
    };
    groups(&state, &scope, &request.sso_id, select).await
}
