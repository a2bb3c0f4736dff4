//! Tenants (wire contract: Tenants) with the management key, our tenant custom attribute
//! definitions, and the audit trail (wire contract: Audit), which a tenant admin may also search
//! for their own tenant.

use super::caller::UserAdmin;
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
use tenantkit_wire::{FieldError, PERMISSION_USER_ADMIN, TenantId, validate};

/// Every tenant and audit route.
/// Management key, or a tenant admin (`User Admin`) in widget mode.
const ADMIN: Access = Access::Widget(PERMISSION_USER_ADMIN);
/// The management key only.
const KEY: Access = Access::ManagementKey;

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<TenantRequest, TenantIdResponse>(
            Method::POST,
            "/v1/mgmt/tenant/create",
            KEY,
            post(create),
        ),
        route::<TenantRequest, Value>(Method::POST, "/v1/mgmt/tenant/update", KEY, post(update)),
        route::<DeleteTenantRequest, Value>(
            Method::POST,
            "/v1/mgmt/tenant/delete",
            KEY,
            post(delete),
        ),
        route::<IdQuery, Tenant>(Method::GET, "/v1/mgmt/tenant", KEY, get(load)),
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
            KEY,
            get(settings),
        ),
        route::<TenantSettings, Value>(
            Method::POST,
            "/v1/mgmt/tenant/settings",
            KEY,
            post(set_settings),
        ),
        route::<(), TenantAttributesResponse>(
            Method::GET,
            "/tk/v1/tenant/customattributes",
            KEY,
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
struct IdQuery {
    id: String,
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

/// `POST /v1/mgmt/tenant/update`: every field overrides.
async fn update(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<TenantRequest>,
) -> Result<Json<Value>> {
    let scope = admin.project_wide(TENANTS_WITH_KEY)?;
    if request.id.is_empty() {
        return Err(Error::MissingArguments("id is required".to_owned()));
    }
    let fields = fields(&state, &request).await?;
    state
        .db()
        .update_tenant(
            scope,
            &admin.actor,
            &TenantId::new(request.id.clone()),
            &fields,
            state.now_ms(),
        )
        .await?;
    Ok(Json(json!({})))
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
    admin: UserAdmin,
    Query(query): Query<IdQuery>,
) -> Result<Json<Tenant>> {
    admin.project_wide(TENANTS_WITH_KEY)?;
    if query.id.is_empty() {
        return Err(Error::MissingArguments("id is required".to_owned()));
    }
    Ok(Json(state.db().tenant(&query.id).await?))
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

/// `GET /v1/mgmt/tenant/settings?id=` -> the settings object.
async fn settings(
    State(state): State<AppState>,
    admin: UserAdmin,
    Query(query): Query<IdQuery>,
) -> Result<Json<TenantSettings>> {
    admin.project_wide(TENANTS_WITH_KEY)?;
    Ok(Json(state.db().tenant_settings(&query.id).await?))
}

/// `POST /v1/mgmt/tenant/settings` `{id, ...settings}`: replaces the settings.
async fn set_settings(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(mut request): Json<TenantSettings>,
) -> Result<Json<Value>> {
    let scope = admin.project_wide(TENANTS_WITH_KEY)?;
    let id = match request.remove("id") {
        Some(Value::String(id)) if !id.is_empty() => id,
        _ => return Err(Error::MissingArguments("id is required".to_owned())),
    };
    state
        .db()
        .set_tenant_settings(scope, &admin.actor, &id, &request, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}

/// `GET /tk/v1/tenant/customattributes` -> `{data}`.
async fn attributes(
    State(state): State<AppState>,
    admin: UserAdmin,
) -> Result<Json<TenantAttributesResponse>> {
    admin.project_wide(TENANTS_WITH_KEY)?;
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

/// `POST /v1/mgmt/audit/search` -> `{audits, total}`, newest first (widget mode: the tenant's).
async fn search_audit(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<AuditSearchRequest>,
) -> Result<Json<AuditSearchResponse>> {
    let (audits, total) = state.db().search_audit(&admin.scope, &request).await?;
    Ok(Json(AuditSearchResponse { audits, total }))
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
    let event = AuditEvent::new(&request.action, &request.tenant_id, &request.user_id)
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
