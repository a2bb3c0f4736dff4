//! The HTTP API: one router per resource, merged by [`app`], plus the cross-cutting layers
//! (CORS, tracing) and the wire-format answers for unknown routes and methods.

mod access_keys;
mod caller;
mod health;
mod invitations;
mod keys;
mod openapi;
mod roles;
mod session;
mod sso;
mod tenants;
mod users;

use crate::error::Error;
use crate::state::{AppState, Settings};
use axum::Router;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::routing::MethodRouter;
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

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A management key (project-wide, or one tenant with `?tenant=`), or, in widget mode, a
    /// user's JWT with `?tenant=` holding this permission in that tenant.
    Widget(&'static str),
    /// A management key only.
    ManagementKey,
    /// A user's session (or refresh) JWT.
    Session,
    /// An access key (the exchange).
    AccessKey,
    /// Anyone (a `Bearer <projectId>` may name the project).
    Public,
}

/// Makes the JSON Schema of a request or response for the OpenAPI document.
pub type SchemaFn = fn(&mut schemars::SchemaGenerator) -> schemars::Schema;

/// A route of the API: method, path, who may call it, and the shapes of its request (the JSON
/// body, or for `GET` the query string) and of its successful response.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    /// The HTTP method.
    pub method: Method,
    /// The path, as registered.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
    /// The request's schema; `None` when it takes nothing.
    pub request: Option<SchemaFn>,
    /// The successful response's JSON schema (`None`: a document of `content_type`).
    pub response: Option<SchemaFn>,
    /// The media type of a successful response.
    pub content_type: &'static str,
}

/// A route whose request is `Req` (`()`: none) and whose success answers `Resp` as JSON.
pub(super) fn route<Req: schemars::JsonSchema + 'static, Resp: schemars::JsonSchema>(
    method: Method,
    path: &'static str,
    access: Access,
    handler: MethodRouter<AppState>,
) -> (RouteSpec, MethodRouter<AppState>) {
    let takes_nothing = std::any::TypeId::of::<Req>() == std::any::TypeId::of::<()>();
    let spec = RouteSpec {
        method,
        path,
        access,
        request: (!takes_nothing)
            .then_some(schemars::SchemaGenerator::subschema_for::<Req> as SchemaFn),
        response: Some(schemars::SchemaGenerator::subschema_for::<Resp> as SchemaFn),
        content_type: "application/json",
    };
    (spec, handler)
}

/// Every route of the API: the router is built from this table, the OpenAPI document describes
/// it, and the tenant-isolation test walks it, so a new route is covered the day it is added.
fn all_routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    let mut routes = users::routes();
    routes.extend(roles::routes());
    routes.extend(access_keys::routes());
    routes.extend(tenants::routes());
    routes.extend(sso::routes());
    routes.extend(session::routes());
    routes.extend(keys::routes());
    routes.extend(invitations::routes());
    routes.extend(health::routes());
    routes.extend(openapi::routes());
    routes
}

/// The table of routes (without their handlers).
pub fn route_table() -> Vec<RouteSpec> {
    all_routes().into_iter().map(|(spec, _)| spec).collect()
}

/// The OpenAPI 3.1 document of every route, as `GET /openapi.json` serves it.
pub fn openapi_document() -> serde_json::Value {
    openapi::document(&route_table())
}

/// The whole API for `state`. Tests serve this directly; `main` adds only the listener.
pub fn app(state: AppState) -> Router {
    let cors = cors(state.settings());
    all_routes()
        .into_iter()
        .fold(Router::new(), |router, (spec, handler)| {
            router.route(spec.path, handler)
        })
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
