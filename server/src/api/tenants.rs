//! Tenants (wire contract: Tenants) with the management key, our tenant custom attribute
//! definitions, and the audit trail (wire contract: Audit), which a tenant admin may also search
//! for their own tenant.

use super::caller::{Needs, TenantCaller, UserAdmin};
use super::{Access, RouteSpec, route};
use crate::db::attributes::AttributeOwner;
use crate::db::audit::{AuditEvent, AuditKind};
use crate::db::new_id;
use crate::db::tenants::{TenantFields, TenantFilter};
use crate::error::{Error, Result};
use crate::extract::{Json, Query};
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use tenantkit_wire::tenant::{
    AuditEventRequest, AuditSearchRequest, AuditSearchResponse, DeleteTenantRequest, Tenant,
    TenantAttributesResponse, TenantIdResponse, TenantRequest, TenantSearchRequest, TenantSettings,
    TenantsResponse,
};
use tenantkit_wire::user_ops::{CreateCustomAttributesRequest, DeleteCustomAttributesRequest};
use tenantkit_wire::{FieldError, PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN, TenantId, validate};

/// Every tenant and audit route.
/// Management key, or a tenant admin (`User Admin`) in widget mode.
const ADMIN: Access = Access::Widget(PERMISSION_USER_ADMIN);
/// The management key only.
const KEY: Access = Access::ManagementKey;

/// Reading a tenant's profile and policy in widget mode.
pub(super) const PROFILE_READERS: Needs =
    Needs::Any(&[PERMISSION_USER_ADMIN, PERMISSION_SSO_ADMIN]);
/// Changing a tenant's session settings and password policy in widget mode: what the built-in
/// Tenant Admin role holds.
pub(super) const POLICY_WRITERS: Needs = Needs::All(&[PERMISSION_USER_ADMIN, PERMISSION_SSO_ADMIN]);
/// [`PROFILE_READERS`] as the route table states it.
pub(super) const READ_PROFILE: Access = Access::Widget("User Admin or SSO Admin");
/// [`POLICY_WRITERS`] as the route table states it.
pub(super) const WRITE_POLICY: Access = Access::Widget("User Admin and SSO Admin");
/// Changing a tenant's name and attributes (User Admin) or its enforce-SSO switch (SSO Admin).
const WRITE_PROFILE: Access =
    Access::Widget("User Admin (name, attributes) or SSO Admin (enforceSSO)");

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<TenantRequest, TenantIdResponse>(
            Method::POST,
            "/v1/mgmt/tenant/create",
            KEY,
            post(create),
        ),
        route::<TenantRequest, Value>(
            Method::POST,
            "/v1/mgmt/tenant/update",
            WRITE_PROFILE,
            post(update),
        ),
        route::<DeleteTenantRequest, Value>(
            Method::POST,
            "/v1/mgmt/tenant/delete",
            KEY,
            post(delete),
        ),
        route::<IdQuery, Tenant>(Method::GET, "/v1/mgmt/tenant", READ_PROFILE, get(load)),
        route::<(), TenantsResponse>(Method::GET, "/v1/mgmt/tenant/all", KEY, get(all)),
        route::<TenantSearchRequest, TenantsResponse>(
            Method::POST,
            "/v1/mgmt/tenant/search",
            KEY,
            post(search),
        ),
        route::<IdQuery, TenantSettings>(
            Method::GET,
            "/v1/mgmt/tenant/settings",
            READ_PROFILE,
            get(settings),
        ),
        route::<TenantSettings, Value>(
            Method::POST,
            "/v1/mgmt/tenant/settings",
            WRITE_POLICY,
            post(set_settings),
        ),
        route::<(), TenantAttributesResponse>(
            Method::GET,
            "/tk/v1/tenant/customattributes",
            READ_PROFILE,
            get(attributes),
        ),
        route::<CreateCustomAttributesRequest, Value>(
            Method::POST,
            "/tk/v1/tenant/customattributes/create",
            KEY,
            post(create_attributes),
        ),
        route::<DeleteCustomAttributesRequest, Value>(
            Method::POST,
            "/tk/v1/tenant/customattributes/delete",
            KEY,
            post(delete_attributes),
        ),
        route::<AuditSearchRequest, AuditSearchResponse>(
            Method::POST,
            "/v1/mgmt/audit/search",
            ADMIN,
            post(search_audit),
        ),
        route::<AuditEventRequest, Value>(
            Method::POST,
            "/v1/mgmt/audit/event",
            KEY,
            post(create_event),
        ),
    ]
}

const TENANTS_WITH_KEY: &str = "Tenants are managed";

/// `?id=`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub(super) struct IdQuery {
    pub(super) id: String,
}

/// Validates a create or update request against the shared rules and the tenant attribute
/// definitions.
async fn fields(state: &AppState, request: &TenantRequest) -> Result<TenantFields> {
    let mut errors = request.validate();
    if !request.custom_attributes.is_empty() {
        let definitions = state
            .db()
            .attribute_definitions(AttributeOwner::Tenants)
            .await?;
        errors.extend(validate::custom_attributes(
            &definitions,
            &request.custom_attributes,
        ));
    }
    Error::check_fields(errors)?;
    let mut domains: Vec<String> = request
        .self_provisioning_domains
        .iter()
        .map(|domain| domain.to_lowercase())
        .collect();
    domains.sort();
    domains.dedup();
    Ok(TenantFields {
        name: request.name.clone(),
        domains,
        custom_attributes: request.custom_attributes.clone(),
        enforce_sso: request.enforce_sso,
        disabled: request.disabled,
    })
}

/// `POST /v1/mgmt/tenant/create` -> `{id}` (generated when not given).
async fn create(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<TenantRequest>,
) -> Result<Json<TenantIdResponse>> {
    let scope = admin.project_wide(TENANTS_WITH_KEY)?;
    let fields = fields(&state, &request).await?;
    let id = TenantId::new(if request.id.is_empty() {
        new_id('T')
    } else {
        request.id.clone()
    });
    state
        .db()
        .create_tenant(scope, &admin.actor, &id, &fields, state.now_ms())
        .await?;
    Ok(Json(TenantIdResponse { id }))
}

/// `POST /v1/mgmt/tenant/update`: every field overrides. In widget mode a tenant admin changes
/// their own tenant's name and custom attributes (`User Admin`) and its enforce-SSO switch (`SSO
/// Admin`, once one of its SSO connections is enabled); disabling the tenant and its
/// self-provisioning domains stay the product owner's.
async fn update(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<TenantRequest>,
) -> Result<Json<Value>> {
    let scope = caller.scope(&state, &request.id, PROFILE_READERS).await?;
    let fields = fields(&state, &request).await?;
    if caller.is_tenant_admin() {
        let current = state.db().tenant(scope.tenant_id().as_str()).await?;
        check_tenant_admin_update(&state, &caller, &current, &fields).await?;
    }
    state
        .db()
        .update_tenant(&scope, &caller.actor, &fields, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}

/// What a tenant admin may change of their tenant, and with which permission.
async fn check_tenant_admin_update(
    state: &AppState,
    caller: &TenantCaller,
    current: &Tenant,
    fields: &TenantFields,
) -> Result<()> {
    let tenant = current.id.as_str();
    if fields.disabled != current.disabled || fields.domains != current.self_provisioning_domains {
        return Err(Error::Forbidden(
            "Only the product owner (with the management key) can disable a tenant or set its \
             self-provisioning domains"
                .to_owned(),
        ));
    }
    if fields.name != current.name || fields.custom_attributes != current.custom_attributes {
        caller
            .scope(state, tenant, Needs::All(&[PERMISSION_USER_ADMIN]))
            .await?;
    }
    if fields.enforce_sso != current.enforce_sso {
        caller
            .scope(state, tenant, Needs::All(&[PERMISSION_SSO_ADMIN]))
            .await?;
        if fields.enforce_sso && current.auth_type == "none" {
            return Err(Error::Validation(vec![FieldError {
                field: "enforceSSO",
                message: "Enable an SSO connection before enforcing SSO: otherwise nobody \
                          could sign in"
                    .to_owned(),
            }]));
        }
    }
    Ok(())
}

/// `POST /v1/mgmt/tenant/delete` `{id, cascade}`.
async fn delete(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<DeleteTenantRequest>,
) -> Result<Json<Value>> {
    let scope = admin.project_wide(TENANTS_WITH_KEY)?;
    if request.id.is_empty() {
        return Err(Error::MissingArguments("id is required".to_owned()));
    }
    let users_deleted = state
        .db()
        .delete_tenant(
            scope,
            &admin.actor,
            &TenantId::new(request.id),
            request.cascade,
            state.now_ms(),
        )
        .await?;
    Ok(Json(json!({ "usersDeleted": users_deleted })))
}

/// `GET /v1/mgmt/tenant?id=` -> the tenant object itself.
async fn load(
    State(state): State<AppState>,
    caller: TenantCaller,
    Query(query): Query<IdQuery>,
) -> Result<Json<Tenant>> {
    let scope = caller.scope(&state, &query.id, PROFILE_READERS).await?;
    Ok(Json(state.db().tenant(scope.tenant_id().as_str()).await?))
}

/// `GET /v1/mgmt/tenant/all` -> `{tenants}`.
async fn all(State(state): State<AppState>, admin: UserAdmin) -> Result<Json<TenantsResponse>> {
    admin.project_wide(TENANTS_WITH_KEY)?;
    let tenants = state.db().tenant_records(&TenantFilter::default()).await?;
    Ok(Json(TenantsResponse { tenants }))
}

/// `POST /v1/mgmt/tenant/search` `{tenantIds, tenantNames, tenantSelfProvisioningDomains,
/// customAttributes}` -> `{tenants}`.
async fn search(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<TenantSearchRequest>,
) -> Result<Json<TenantsResponse>> {
    admin.project_wide(TENANTS_WITH_KEY)?;
    let mut tenants = state
        .db()
        .tenant_records(&TenantFilter {
            ids: &request.tenant_ids,
            names: &request.tenant_names,
            domains: &request.tenant_self_provisioning_domains,
        })
        .await?;
    // Custom attribute equality: few tenants per project, so compared here, not in SQL.
    tenants.retain(|tenant| {
        request
            .custom_attributes
            .iter()
            .all(|(name, value)| tenant.custom_attributes.get(name) == Some(value))
    });
    Ok(Json(TenantsResponse { tenants }))
}

/// `GET /v1/mgmt/tenant/settings?id=` -> the tenant's settings.
async fn settings(
    State(state): State<AppState>,
    caller: TenantCaller,
    Query(query): Query<IdQuery>,
) -> Result<Json<TenantSettings>> {
    let scope = caller.scope(&state, &query.id, PROFILE_READERS).await?;
    Ok(Json(
        state
            .db()
            .tenant_settings(scope.tenant_id().as_str())
            .await?,
    ))
}

/// `POST /v1/mgmt/tenant/settings` `{tenantId, ...settings}`: replaces the session settings
/// (validated). The domains and auth type in the body are ignored: they are set with the tenant
/// and its SSO configuration.
async fn set_settings(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<TenantSettings>,
) -> Result<Json<Value>> {
    let scope = caller
        .scope(&state, request.requested_tenant(), POLICY_WRITERS)
        .await?;
    Error::check_fields(request.validate())?;
    state
        .db()
        .set_tenant_settings(&scope, &caller.actor, &request, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}

/// `GET /tk/v1/tenant/customattributes` -> `{data}`: the definitions, which a tenant admin
/// reads too (with `?tenant=`), to edit their tenant's values.
async fn attributes(
    State(state): State<AppState>,
    caller: TenantCaller,
) -> Result<Json<TenantAttributesResponse>> {
    if caller.is_tenant_admin() {
        caller.scope(&state, "", PROFILE_READERS).await?;
    } else {
        caller.project_wide("Tenant attribute definitions are read")?;
    }
    Ok(Json(TenantAttributesResponse {
        data: state
            .db()
            .attribute_definitions(AttributeOwner::Tenants)
            .await?,
    }))
}

/// `POST /tk/v1/tenant/customattributes/create` `{attributes}`.
async fn create_attributes(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<CreateCustomAttributesRequest>,
) -> Result<Json<Value>> {
    let scope = admin.project_wide(TENANTS_WITH_KEY)?;
    if request.attributes.is_empty() {
        return Err(Error::MissingArguments("attributes is required".to_owned()));
    }
    let errors: Vec<FieldError> = request
        .attributes
        .iter()
        .filter_map(|definition| validate::custom_attribute_definition(definition).err())
        .map(|message| FieldError {
            field: "attributes",
            message,
        })
        .collect();
    Error::check_fields(errors)?;
    state
        .db()
        .create_attribute_definitions(
            scope,
            &admin.actor,
            AttributeOwner::Tenants,
            &request.attributes,
            state.now_ms(),
        )
        .await?;
    Ok(Json(json!({})))
}

/// `POST /tk/v1/tenant/customattributes/delete` `{names}`.
async fn delete_attributes(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<DeleteCustomAttributesRequest>,
) -> Result<Json<Value>> {
    let scope = admin.project_wide(TENANTS_WITH_KEY)?;
    state
        .db()
        .delete_attribute_definitions(
            scope,
            &admin.actor,
            AttributeOwner::Tenants,
            &request.names,
            state.now_ms(),
        )
        .await?;
    Ok(Json(json!({})))
}

/// `POST /v1/mgmt/audit/search` -> `{audits, total, totalCapped, searchedNewest}`, newest first
/// (widget mode: the tenant's).
async fn search_audit(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<AuditSearchRequest>,
) -> Result<Json<AuditSearchResponse>> {
    let page = state.db().search_audit(&admin.scope, &request).await?;
    Ok(Json(AuditSearchResponse {
        audits: page.audits,
        total: page.total,
        total_capped: page.total_capped,
        searched_newest: page.searched_newest,
    }))
}

/// `POST /v1/mgmt/audit/event` `{userId, action, type, actorId, data, tenantId}`.
async fn create_event(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<AuditEventRequest>,
) -> Result<Json<Value>> {
    admin.project_wide("Audit events are created")?;
    let missing: Vec<&str> = [
        ("action", request.action.is_empty()),
        ("actorId", request.actor_id.is_empty()),
        ("tenantId", request.tenant_id.is_empty()),
    ]
    .into_iter()
    .filter_map(|(field, empty)| empty.then_some(field))
    .collect();
    if !missing.is_empty() {
        return Err(Error::MissingArguments(format!(
            "{} required",
            missing.join(", ")
        )));
    }
    let kind = match request.kind.as_str() {
        "" | "info" => AuditKind::Info,
        "warn" => AuditKind::Warn,
        "error" => AuditKind::Error,
        other => {
            return Err(Error::InvalidArguments(format!(
                "type {other:?} is not info, warn or error"
            )));
        }
    };
    if !state
        .db()
        .tenant_exists(&TenantId::new(request.tenant_id.clone()))
        .await?
    {
        return Err(Error::InvalidArguments(format!(
            "Unknown tenant {:?}",
            request.tenant_id
        )));
    }
    let data = match request.data {
        Value::Null => json!({}),
        data => data,
    };
    let event = AuditEvent::custom(request.action, &request.tenant_id, &request.user_id)
        .with_kind(kind)
        .with_data(data);
    // The actor is the one the product names (`actorId`), not the management key.
    let actor = crate::db::audit::Actor {
        actor_id: request.actor_id,
        remote_address: admin.actor.remote_address.clone(),
    };
    state
        .db()
        .record_audit(&actor, &event, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}
