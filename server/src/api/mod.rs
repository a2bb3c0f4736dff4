//! The HTTP API: one router per resource, merged by [`app`], plus the cross-cutting layers
//! (CORS, tracing) and the wire-format answers for unknown routes and methods.

mod health;
mod keys;
mod session;
mod users;

use crate::error::Error;
use crate::state::{AppState, Settings};
use axum::Router;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, Method};
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

/// Request headers a browser may send cross-origin: the Descope SDKs add `x-descope-sdk-*`.
/// (tower-http lists header names exactly; it has no prefix match.)
const ALLOWED_HEADERS: [HeaderName; 5] = [
    AUTHORIZATION,
    CONTENT_TYPE,
    HeaderName::from_static("x-descope-sdk-name"),
    HeaderName::from_static("x-descope-sdk-version"),
    HeaderName::from_static("x-descope-sdk-session-refresh"),
];

/// The whole API for `state`. Tests serve this directly; `main` adds only the listener.
pub fn app(state: AppState) -> Router {
    let cors = cors(state.settings());
    Router::new()
        .merge(health::router())
        .merge(keys::router())
        .merge(session::router())
        .merge(users::router())
        .fallback(|| async { Error::NotFound("No such route".to_owned()) })
        .method_not_allowed_fallback(|| async { Error::MethodNotAllowed })
        .layer(TraceLayer::new_for_http())
        .layer(cors)
        .with_state(state)
}

/// CORS for the configured origins only (exact match, no wildcard).
fn cors(settings: &Settings) -> CorsLayer {
    let origins: Vec<HeaderValue> = settings
        .allowed_origins
        .iter()
        .filter(|origin| origin.as_str() != "*")
        .filter_map(|origin| HeaderValue::from_str(origin.trim_end_matches('/')).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers(ALLOWED_HEADERS)
        .max_age(Duration::from_secs(3600))
}
