//! `GET /health`: liveness for scripts and load balancers.

use super::{Access, RouteSpec, route};
use crate::extract::Json;
use crate::state::AppState;
use axum::http::Method;
use axum::routing::{MethodRouter, get};
use serde_json::{Value, json};

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![route::<(), Value>(
        Method::GET,
        "/health",
        Access::Public,
        get(health),
    )]
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}
