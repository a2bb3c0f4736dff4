//! Impersonation (README "Impersonation"; Descope's `management.jwt.impersonate` and
//! `stopImpersonation`). The rules live in [`crate::auth::impersonation`]; these handlers only
//! authenticate and answer `{jwt}`.

use super::{Access, RouteSpec, route};
use crate::auth::{self, Principal};
use crate::capability::Scope;
use crate::error::{Error, Result};
use crate::extract::{ClientAddr, Json, Query};
use crate::state::AppState;
use axum::extract::{FromRequestParts, State};
use axum::http::Method;
use axum::http::request::Parts;
use axum::routing::{MethodRouter, post};
use serde::Deserialize;
use tenantkit_wire::impersonation::{ImpersonateRequest, JwtResponse, StopImpersonationRequest};
use tenantkit_wire::{PERMISSION_IMPERSONATE, TenantId};

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    let widget = Access::Widget(PERMISSION_IMPERSONATE);
    vec![
        route::<ImpersonateRequest, JwtResponse>(
            Method::POST,
            "/v1/mgmt/impersonate",
            widget,
            post(impersonate),
        ),
        // Descope's step-up variant: the same session here (no step-up tokens).
        route::<ImpersonateRequest, JwtResponse>(
            Method::POST,
            "/v1/mgmt/impersonate/stepup",
            widget,
            post(impersonate),
        ),
        route::<StopImpersonationRequest, JwtResponse>(
            Method::POST,
            "/v1/mgmt/stop/impersonation",
            Access::ManagementKey,
            post(stop),
        ),
    ]
}

/// The `?tenant=` of widget mode (or of a tenant-scoped management key).
#[derive(Debug, Default, Deserialize)]
struct TenantQuery {
    tenant: Option<TenantId>,
}

/// A caller checked to hold `Impersonate` in `?tenant=` (widget mode), or a management key
/// (project-wide, or confined to `?tenant=`): checked before the body is read.
#[derive(Debug)]
struct Impersonator {
    principal: Principal,
    scope: Scope,
    client: ClientAddr,
}

impl FromRequestParts<AppState> for Impersonator {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let principal = Principal::from_request_parts(parts, state).await?;
        let Query(query) = Query::<TenantQuery>::from_request_parts(parts, state).await?;
        let client = ClientAddr::from_request_parts(parts, state).await?;
        let tenant = query.tenant.filter(|tenant| !tenant.as_str().is_empty());
        let scope = auth::authorize(state, &principal, tenant, PERMISSION_IMPERSONATE).await?;
        Ok(Self {
            principal,
            scope,
            client,
        })
    }
}

/// `POST /v1/mgmt/impersonate` (and `/stepup`) -> `{jwt}`: the impersonated user's refresh JWT.
async fn impersonate(
    State(state): State<AppState>,
    caller: Impersonator,
    Json(request): Json<ImpersonateRequest>,
) -> Result<Json<JwtResponse>> {
    let jwt = auth::impersonation::impersonate(
        &state,
        &caller.principal,
        caller.scope,
        &request,
        caller.client,
    )
    .await?;
    Ok(Json(JwtResponse { jwt }))
}

/// `POST /v1/mgmt/stop/impersonation` (management key) -> `{jwt}`: the impersonator's refresh
/// JWT; the impersonation's tokens stop working.
async fn stop(
    State(state): State<AppState>,
    caller: Impersonator,
    Json(request): Json<StopImpersonationRequest>,
) -> Result<Json<JwtResponse>> {
    if matches!(caller.principal, Principal::User(_)) {
        return Err(Error::Forbidden(
            "Impersonation is stopped with the management key only (a browser logs the \
             impersonation's token out: POST /v1/auth/logout)"
                .to_owned(),
        ));
    }
    let jwt = auth::impersonation::stop(&state, &caller.scope, &request, caller.client).await?;
    Ok(Json(JwtResponse { jwt }))
}
