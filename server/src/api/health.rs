//! `GET /health`: liveness for scripts and load balancers.

use crate::extract::Json;
use crate::state::AppState;
use axum::Router;
use axum::routing::get;
use serde_json::{Value, json};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}
