//! The project's public signing keys as JWKs, so SDKs and other services can verify its JWTs.

use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use tenantkit_wire::{Jwk, KeysResponse};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/v2/keys/{project_id}", get(keys_v2))
        .route("/v1/keys/{project_id}", get(keys_v1))
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
