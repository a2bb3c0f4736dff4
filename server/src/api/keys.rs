//! The project's public signing keys as JWKs, so SDKs and other services can verify its JWTs.

use super::{Access, RouteSpec, route};
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, get};
use tenantkit_wire::{Jwk, KeysResponse};

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<(), KeysResponse>(
            Method::GET,
            "/v2/keys/{project_id}",
            Access::Public,
            get(keys_v2),
        ),
        route::<(), Vec<Jwk>>(
            Method::GET,
            "/v1/keys/{project_id}",
            Access::Public,
            get(keys_v1),
        ),
    ]
}

fn jwks(state: &AppState, project_id: &str) -> Result<Vec<Jwk>> {
    if project_id == state.project_id().as_str() {
        Ok(state.keys().jwks())
    } else {
        Err(Error::NotFound("Unknown project".to_owned()))
    }
}

/// `GET /v2/keys/{projectId}` -> `{"keys": [JWK]}`.
async fn keys_v2(
    State(state): State<AppState>,
    Path(project_id): Path<String>,
) -> Result<Json<KeysResponse>> {
    Ok(Json(KeysResponse {
        keys: jwks(&state, &project_id)?,
    }))
}

/// `GET /v1/keys/{projectId}` -> `[JWK]`.
async fn keys_v1(
    State(state): State<AppState>,
    Path(project_id): Path<String>,
) -> Result<Json<Vec<Jwk>>> {
    Ok(Json(jwks(&state, &project_id)?))
}
