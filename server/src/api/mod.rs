//! The HTTP API: one router per resource, merged by [`app`], plus the cross-cutting layers
//! (CORS, tracing) and the wire-format answers for unknown routes and methods.

mod access_keys;
mod caller;
mod health;
mod history;
mod impersonation;
mod invitation_admin;
mod invitations;
mod jobs;
mod keys;
mod openapi;
mod policy;
mod profile;
mod roles;
mod scim;
mod session;
mod sign_in_links;
mod sso;
mod sso_links;
mod sso_setup_page;
mod sso_signin;
mod tenants;
mod users;

use crate::error::Error;
use crate::state::{AppState, Settings};
use axum::Router;
use axum::http::header::{
    AUTHORIZATION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::routing::MethodRouter;
use std::sync::LazyLock;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

/// Request headers a browser may send cross-origin: the Descope SDKs add `x-descope-sdk-*`.
/// (tower-http lists header names exactly; it has no prefix match.)
const ALLOWED_HEADERS: [HeaderName; 12] = [
    AUTHORIZATION,
    CONTENT_TYPE,
    // What Descope's web-js-sdk and core-js-sdk send on every request, and its admin widgets
    // besides (descope-js `packages/sdks/core-js-sdk/src/httpClient`, `packages/widgets/*/src/
    // lib/widget/api/sdk`): read by nobody here, allowed so their preflight passes.
    HeaderName::from_static("x-descope-sdk-name"),
    HeaderName::from_static("x-descope-sdk-version"),
    HeaderName::from_static("x-descope-sdk-session-id"),
    HeaderName::from_static("x-descope-sdk-session-refresh"),
    HeaderName::from_static("x-descope-project-id"),
    HeaderName::from_static("x-descope-refresh-cookie-name"),
    HeaderName::from_static("x-descope-trusted-device-token"),
    HeaderName::from_static("x-descope-widget-type"),
    HeaderName::from_static("x-descope-widget-id"),
    HeaderName::from_static("x-descope-widget-version"),
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
    routes.extend(impersonation::routes());
    routes.extend(tenants::routes());
    routes.extend(policy::routes());
    routes.extend(profile::routes());
    routes.extend(scim::routes());
    routes.extend(sso::routes());
    routes.extend(sso_signin::routes());
    routes.extend(sso_links::routes());
    routes.extend(sso_setup_page::routes());
    routes.extend(session::routes());
    routes.extend(sign_in_links::routes());
    routes.extend(history::routes());
    routes.extend(keys::routes());
    routes.extend(invitations::routes());
    routes.extend(invitation_admin::routes());
    routes.extend(jobs::routes());
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
        .merge(crate::scim::router())
        .merge(sso_setup_page::elements_router())
        .fallback(|| async { Error::NotFound("No such route".to_owned()) })
        .method_not_allowed_fallback(|| async { Error::MethodNotAllowed })
        .layer(axum::middleware::from_fn(refuse_long_uris))
        .layer(TraceLayer::new_for_http())
        .layer(cors)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// CORS for the configured origins only (exact match, no wildcard). Credentials are allowed
/// because Descope's web clients send every request with `credentials: 'include'` (a browser
/// drops the answer otherwise); no route reads a cookie, so a browser's cookies grant nothing.
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
        .allow_credentials(true)
        .max_age(Duration::from_secs(3600))
}

/// The longest request URI (path and query string) the server reads; longer ones get 414 with
/// the wire envelope (those hyper cannot hold at all, over 65,534 bytes, too: see
/// [`crate::listener`]).
pub const MAX_URI_BYTES: usize = 16 * 1024;

/// Refuses a URI over [`MAX_URI_BYTES`] before routing: 414 in the wire envelope.
async fn refuse_long_uris(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |path| path.as_str().len());
    if length <= MAX_URI_BYTES {
        return next.run(request).await;
    }
    axum::response::IntoResponse::into_response(Error::UriTooLong(format!(
        "The request URI is too long: at most {MAX_URI_BYTES} bytes, got {length}"
    )))
}

/// The Content-Security-Policy of every HTML page: nothing loads but the invitation page's one
/// style sheet (by hash: no `'unsafe-inline'`), forms post only back here, and no other site may
/// frame a page (clickjacking a password form).
static HTML_POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
    use base64::Engine;
    use sha2::Digest;
    let style = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(invitations::STYLE.as_bytes()));
    HeaderValue::from_str(&format!(
        "default-src 'none'; style-src 'sha256-{style}'; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"))
});

/// Headers on every response: no MIME sniffing, no referrer (an invitation address bears its
/// token); on HTML pages also the policy above and `X-Frame-Options` for older browsers.
async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if is_html {
        // A page that states its own policy keeps it (the SSO setup page runs WebAssembly).
        if !headers.contains_key(CONTENT_SECURITY_POLICY) {
            headers.insert(CONTENT_SECURITY_POLICY, HTML_POLICY.clone());
        }
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}
