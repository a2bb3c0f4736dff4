//! `GET /tk/v1/tenant/profile?id=` (ours): what `<tenant-profile>` shows, in one request. It
//! answers what the six routes it stands for would, each part under that route's own check: the
//! whole needs what `GET /v1/mgmt/tenant` needs (`User Admin` or `SSO Admin` in widget mode), and
//! the domains and SSO connections need `SSO Admin`; without it they are absent and
//! `ssoRefused` carries the 403 their routes answer, so the widget shows the rest.

use super::caller::{Needs, TenantCaller};
use super::tenants::{IdQuery, PROFILE_READERS, READ_PROFILE};
use super::{RouteSpec, route, sso};
use crate::db::attributes::AttributeOwner;
use crate::error::{Error, Result};
use crate::extract::{Json, Query};
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, get};
use tenantkit_wire::profile::TenantProfileResponse;
use tenantkit_wire::sso::SsoConnection;
use tenantkit_wire::{ErrorCode, PERMISSION_SSO_ADMIN};

/// Domains and SSO connections: `SSO Admin`, as their own routes.
const SSO_READERS: Needs = Needs::All(&[PERMISSION_SSO_ADMIN]);

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![route::<IdQuery, TenantProfileResponse>(
        Method::GET,
        "/tk/v1/tenant/profile",
        READ_PROFILE,
        get(profile),
    )]
}

/// `GET /tk/v1/tenant/profile?id=` -> the tenant, its attribute definitions, session settings,
/// password policy, domains and SSO connections.
async fn profile(
    State(state): State<AppState>,
    caller: TenantCaller,
    Query(query): Query<IdQuery>,
) -> Result<Json<TenantProfileResponse>> {
    let scope = caller.scope(&state, &query.id, PROFILE_READERS).await?;
    let sso_scope = match caller.scope(&state, &query.id, SSO_READERS).await {
        Ok(scope) => Ok(scope),
        Err(refusal @ Error::Forbidden(_)) => Err(ErrorCode::Forbidden.body(refusal.to_string())),
        Err(other) => return Err(other),
    };
    let db = state.db();
    let tenant_id = scope.tenant_id();
    let (tenant, attributes, settings, password_settings) = tokio::try_join!(
        db.tenant(tenant_id.as_str()),
        db.attribute_definitions(AttributeOwner::Tenants),
        db.tenant_settings(tenant_id.as_str()),
        db.password_policy(Some(tenant_id)),
    )?;
    let mut answer = TenantProfileResponse {
        tenant,
        attributes,
        settings,
        password_settings,
        ..TenantProfileResponse::default()
    };
    match sso_scope {
        Ok(sso_scope) => {
            let (domains, connections) = tokio::try_join!(
                db.tenant_domains(&sso_scope),
                db.sso_configs(&sso_scope, None),
            )?;
            answer.domains = Some(domains);
            answer.sso_settings = Some(
                connections
                    .into_iter()
                    .map(|record| SsoConnection::from(&sso::view(&state, record)))
                    .collect(),
            );
        }
        Err(refusal) => answer.sso_refused = Some(refusal),
    }
    Ok(Json(answer))
}
