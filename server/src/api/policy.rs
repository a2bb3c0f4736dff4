//! A tenant's policy beyond its settings: password policies (wire contract:
//! `password/settings`, the project's with the management key and each tenant's) and the
//! tenant's email domains with their DNS proof of ownership (ours, under `/tk/`).
//!
//! Who may, in widget mode: reading a policy needs `User Admin` or `SSO Admin` in the tenant;
//! changing it needs both (what the built-in Tenant Admin role holds); domains need `SSO Admin`,
//! since they route SSO sign-ins.

use super::caller::{Needs, TenantCaller};
use super::tenants::{POLICY_WRITERS, PROFILE_READERS, READ_PROFILE, WRITE_POLICY};
use super::{Access, RouteSpec, route};
use crate::capability::TenantScope;
use crate::db::new_id;
use crate::error::{Error, Result};
use crate::extract::{Json, Query};
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use tenantkit_wire::domain::{
    TenantDomainRequest, TenantDomainResponse, TenantDomainsResponse, normalize,
};
use tenantkit_wire::policy::PasswordSettings;
use tenantkit_wire::{FieldError, PERMISSION_SSO_ADMIN};

/// Domains route SSO sign-ins: `SSO Admin`.
const DOMAIN_ADMINS: Needs = Needs::All(&[PERMISSION_SSO_ADMIN]);
/// [`DOMAIN_ADMINS`] as the route table states it.
const DOMAINS: Access = Access::Widget(PERMISSION_SSO_ADMIN);

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<TenantIdQuery, PasswordSettings>(
            Method::GET,
            "/v1/mgmt/password/settings",
            READ_PROFILE,
            get(password_settings),
        ),
        route::<PasswordSettings, Value>(
            Method::POST,
            "/v1/mgmt/password/settings",
            WRITE_POLICY,
            post(set_password_settings),
        ),
        route::<TenantIdQuery, TenantDomainsResponse>(
            Method::GET,
            "/tk/v1/tenant/domains",
            DOMAINS,
            get(domains),
        ),
        route::<TenantDomainRequest, TenantDomainResponse>(
            Method::POST,
            "/tk/v1/tenant/domains/add",
            DOMAINS,
            post(add_domain),
        ),
        route::<TenantDomainRequest, TenantDomainResponse>(
            Method::POST,
            "/tk/v1/tenant/domains/verify",
            DOMAINS,
            post(verify_domain),
        ),
        route::<TenantDomainRequest, Value>(
            Method::POST,
            "/tk/v1/tenant/domains/delete",
            DOMAINS,
            post(delete_domain),
        ),
    ]
}

/// `?tenantId=`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", default)]
struct TenantIdQuery {
    tenant_id: String,
}

/// `GET /v1/mgmt/password/settings?tenantId=` -> the tenant's policy; without `tenantId`, the
/// project's (management key only).
async fn password_settings(
    State(state): State<AppState>,
    caller: TenantCaller,
    Query(query): Query<TenantIdQuery>,
) -> Result<Json<PasswordSettings>> {
    if query.tenant_id.is_empty() && !caller.is_tenant_admin() {
        caller.project_wide("The project's password policy is read")?;
        return Ok(Json(state.db().password_policy(None).await?));
    }
    let scope = caller
        .scope(&state, &query.tenant_id, PROFILE_READERS)
        .await?;
    Ok(Json(
        state.db().password_policy(Some(scope.tenant_id())).await?,
    ))
}

/// `POST /v1/mgmt/password/settings` `{tenantId?, ...policy}`: replaces a tenant's policy, or
/// the project's without `tenantId` (management key only). It applies to the next password
/// set, replaced or reset, and to the next sign-in (expiry, lock).
async fn set_password_settings(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<PasswordSettings>,
) -> Result<Json<Value>> {
    Error::check_fields(request.validate())?;
    if request.tenant_id.is_empty() && !caller.is_tenant_admin() {
        let scope = caller.project_wide("The project's password policy is set")?;
        state
            .db()
            .set_project_password_policy(&scope, &caller.actor, &request, state.now_ms())
            .await?;
        return Ok(Json(json!({})));
    }
    let scope = caller
        .scope(&state, &request.tenant_id, POLICY_WRITERS)
        .await?;
    state
        .db()
        .set_tenant_password_policy(&scope, &caller.actor, &request, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}

/// The tenant a domain request names, checked for `SSO Admin`, and its domain, normalised (or
/// a field error).
async fn domain_request(
    state: &AppState,
    caller: &TenantCaller,
    request: &TenantDomainRequest,
) -> Result<(TenantScope, String)> {
    let scope = caller
        .scope(state, &request.tenant_id, DOMAIN_ADMINS)
        .await?;
    let domain = normalize(&request.domain).map_err(|message| {
        Error::Validation(vec![FieldError {
            field: "domain",
            message,
        }])
    })?;
    Ok((scope, domain))
}

/// `GET /tk/v1/tenant/domains?tenantId=` -> `{domains}`.
async fn domains(
    State(state): State<AppState>,
    caller: TenantCaller,
    Query(query): Query<TenantIdQuery>,
) -> Result<Json<TenantDomainsResponse>> {
    let scope = caller
        .scope(&state, &query.tenant_id, DOMAIN_ADMINS)
        .await?;
    Ok(Json(TenantDomainsResponse {
        domains: state.db().tenant_domains(&scope).await?,
    }))
}

/// `POST /tk/v1/tenant/domains/add` `{tenantId, domain}` -> the domain: pending with the TXT
/// record to publish, or verified at once with the management key.
async fn add_domain(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<TenantDomainRequest>,
) -> Result<Json<TenantDomainResponse>> {
    let (scope, domain) = domain_request(&state, &caller, &request).await?;
    let token = new_id('V');
    let domain = state
        .db()
        .add_tenant_domain(&scope, &caller.actor, &domain, &token, state.now_ms())
        .await?;
    Ok(Json(TenantDomainResponse { domain }))
}

/// `POST /tk/v1/tenant/domains/verify` `{tenantId, domain}` -> the domain after a DNS check of
/// its TXT record (its `status` and `error` say how it went).
async fn verify_domain(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<TenantDomainRequest>,
) -> Result<Json<TenantDomainResponse>> {
    let (scope, name) = domain_request(&state, &caller, &request).await?;
    let current = state.db().tenant_domain(&scope, &name).await?;
    if current.vouched {
        return Ok(Json(TenantDomainResponse { domain: current }));
    }
    let token = current
        .record_value
        .strip_prefix(tenantkit_wire::domain::RECORD_PREFIX)
        .unwrap_or_default();
    let outcome =
        crate::dns::check_domain_record(state.settings().dns_resolver, &name, token).await?;
    let domain = state
        .db()
        .record_domain_check(&scope, &caller.actor, &name, outcome, state.now_ms())
        .await?;
    Ok(Json(TenantDomainResponse { domain }))
}

/// `POST /tk/v1/tenant/domains/delete` `{tenantId, domain}`.
async fn delete_domain(
    State(state): State<AppState>,
    caller: TenantCaller,
    Json(request): Json<TenantDomainRequest>,
) -> Result<Json<Value>> {
    let (scope, domain) = domain_request(&state, &caller, &request).await?;
    state
        .db()
        .delete_tenant_domain(&scope, &caller.actor, &domain, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}
