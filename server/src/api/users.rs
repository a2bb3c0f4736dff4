//! User management: `POST /v1/mgmt/user/search` and `/v2/mgmt/user/search`, with a management
//! key (project-wide) or in widget mode (a tenant admin's JWT and `?tenant=`).

use crate::auth::{self, Principal};
use crate::error::Result;
use crate::extract::{Json, Query};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::routing::post;
use serde::Deserialize;
use tenantkit_wire::{PERMISSION_USER_ADMIN, TenantId, UserSearchRequest, UserSearchResponse};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/mgmt/user/search", post(search))
        .route("/v2/mgmt/user/search", post(search))
}

/// The `?tenant=` of widget mode.
#[derive(Debug, Default, Deserialize)]
struct TenantQuery {
    tenant: Option<TenantId>,
}

/// Searches users; in widget mode confined to the tenant and projected onto it.
async fn search(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<TenantQuery>,
    Json(request): Json<UserSearchRequest>,
) -> Result<Json<UserSearchResponse>> {
    let scope = auth::authorize(&state, &principal, query.tenant, PERMISSION_USER_ADMIN).await?;
    let page = state.db().search_users(&scope, &request).await?;
    let view = scope.tenant_view();
    let users = page
        .users
        .into_iter()
        .map(|user| user.into_wire(view))
        .collect();
    Ok(Json(UserSearchResponse {
        users,
        total: page.total,
    }))
}
