//! The page an SSO setup link opens (`GET /tk/sso-setup`), its script, and the elements package
//! it loads (`GET /tk/elements/js/...`, `/tk/elements/pkg/...`, from `--elements-dir`).
//!
//! The link is `<public URL>/tk/sso-setup#token=<secret>&tenant=<id>`: the secret is in the
//! fragment, which the browser sends to no server and puts in no `Referer`. The script reads it,
//! takes it out of the address bar (keeping it in the tab's `sessionStorage` for a reload),
//! loads the package and mounts `<tenant-sso-setup>` with the secret as its session token and
//! this server as its API. A refused secret (expired, revoked) makes the element report an
//! ended session; the page then says so. Opened without a secret (Descope's "authenticated"
//! links point here), the page asks for a link from an administrator.
//!
//! The page has a policy of its own, set here (the shared layer leaves it): scripts from this
//! server only, WebAssembly compilation (`'wasm-unsafe-eval'`), requests to this server only,
//! its one style sheet by hash, and the style attributes the elements set for menu placement.

use super::{Access, RouteSpec};
use crate::error::{Error, Result};
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use std::sync::LazyLock;

/// The page's style sheet, allowed by its hash.
const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2933;background:#f8f9fb}\
     main{max-width:72rem;margin:2rem auto;padding:0 1rem}\
     h1{font-size:1.5rem}\
     .tk-setup-message{padding:1rem;border:1px solid #c5cbd3;border-radius:6px;background:#fff}";

/// The page's script (served as `/tk/sso-setup.js`: `script-src 'self'`, no inline script).
const SCRIPT: &str = r#"// The SSO setup page: mounts <tenant-sso-setup> with the link's secret (from the fragment).
const KEPT = 'tenantkit-sso-setup-link';
const main = document.querySelector('main');
const say = (text) => {
  document.querySelector('tenant-sso-setup')?.remove();
  const box = document.getElementById('tk-setup-message');
  box.textContent = text;
  box.hidden = false;
};

function linkOfThisTab() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token');
  const tenant = fragment.get('tenant');
  if (token && tenant) {
    sessionStorage.setItem(KEPT, JSON.stringify({ token, tenant }));
    history.replaceState(null, '', location.pathname);
    return { token, tenant };
  }
  const kept = JSON.parse(sessionStorage.getItem(KEPT) || 'null');
  if (kept && (!tenant || kept.tenant === tenant)) return kept;
  return { token: null, tenant };
}

async function start() {
  const { token, tenant } = linkOfThisTab();
  if (!token) {
    say('Open the SSO setup link your administrator sent you: this address alone does not give access.');
    return;
  }
  try {
    // The element's own module: it is defined once this has loaded, and the page loads nothing
    // of the other elements.
    await import('/tk/elements/pkg/tenant-sso-setup.js');
  } catch (error) {
    say('The setup page cannot load right now: the server has no elements package to serve. Tell your administrator.');
    return;
  }
  const element = document.createElement('tenant-sso-setup');
  element.setAttribute('project-id', main.dataset.projectId);
  element.setAttribute('tenant', tenant);
  element.setAttribute('base-url', location.origin);
  element.addEventListener('tk-session-expired', () => {
    sessionStorage.removeItem(KEPT);
    say('This SSO setup link has expired or was revoked. Ask your administrator for a new one.');
  });
  element.sessionToken = token;
  main.append(element);
}

start();
"#;

/// The page's Content-Security-Policy.
static POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
    use base64::Engine;
    use sha2::Digest;
    let style =
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(STYLE.as_bytes()));
    HeaderValue::from_str(&format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
         style-src-elem 'sha256-{style}'; style-src-attr 'unsafe-inline'; img-src 'self' data:; \
         form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"))
});

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    let document = |path: &'static str, content_type: &'static str| RouteSpec {
        method: Method::GET,
        path,
        access: Access::Public,
        request: None,
        response: None,
        content_type,
    };
    vec![
        (
            document(tenantkit_wire::sso_link::PAGE_PATH, "text/html"),
            get(page),
        ),
        (document("/tk/sso-setup.js", "text/javascript"), get(script)),
    ]
}

/// The elements package's files, under `/tk/elements/`.
pub(super) fn elements_router() -> Router<AppState> {
    Router::new().route("/tk/elements/{*path}", get(element_file))
}

/// `GET /tk/sso-setup`: the page (the same for every link: the secret never reaches it).
async fn page(State(state): State<AppState>) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Set up single sign-on</title><style>{STYLE}</style>\
         <script type=\"module\" src=\"/tk/sso-setup.js\"></script></head>\
         <body><main data-project-id=\"{project}\"><h1>Set up single sign-on</h1>\
         <p id=\"tk-setup-message\" class=\"tk-setup-message\" role=\"status\" hidden></p>\
         <noscript><p class=\"tk-setup-message\">This page needs JavaScript.</p></noscript>\
         </main></body></html>",
        project = state
            .project_id()
            .as_str()
            .replace(['"', '<', '>', '&'], ""),
    );
    (
        StatusCode::OK,
        [
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (CONTENT_SECURITY_POLICY, POLICY.clone()),
        ],
        Html(html),
    )
        .into_response()
}

/// `GET /tk/sso-setup.js`.
async fn script() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        SCRIPT,
    )
        .into_response()
}

/// The media type of a package file `name` serves, or `None` for any other file.
fn media_type(name: &str) -> Option<&'static str> {
    match name.rsplit_once('.')?.1 {
        "js" => Some("text/javascript; charset=utf-8"),
        "wasm" => Some("application/wasm"),
        "json" => Some("application/json"),
        _ => None,
    }
}

/// Whether `path` is a file of the package's `js/` or `pkg/` (plain names, no `..`, no dot
/// files): nothing else of the directory is served.
fn servable(path: &str) -> bool {
    let mut segments = path.split('/');
    matches!(segments.next(), Some("js" | "pkg"))
        && segments.all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        })
}

/// `GET /tk/elements/{path}`: a file of the elements package, from `--elements-dir`.
async fn element_file(State(state): State<AppState>, Path(path): Path<String>) -> Result<Response> {
    let not_found = || Error::NotFound("No such file of the elements package".to_owned());
    let media = media_type(&path)
        .filter(|_| servable(&path))
        .ok_or_else(not_found)?;
    let dir = state.settings().elements_dir.clone().ok_or_else(|| {
        Error::NotFound(
            "This server serves no elements package (start it with --elements-dir)".to_owned(),
        )
    })?;
    let file = dir.join(&path);
    let bytes = tokio::task::spawn_blocking(move || std::fs::read(file))
        .await
        .map_err(Error::internal)?
        .map_err(|_| not_found())?;
    Ok(([(CONTENT_TYPE, media), (CACHE_CONTROL, "no-cache")], bytes).into_response())
}

#[cfg(test)]
mod tests {
    use super::{media_type, servable};

    #[test]
    fn only_the_package_files_are_served() {
        assert!(servable("js/index.js"));
        assert!(servable("pkg/autoload.js"));
        assert!(servable("pkg/tenant-sso-setup.js"));
        assert!(servable("pkg/tenant-sso-setup_bg.wasm"));
        assert!(servable(
            "pkg/snippets/tenantkit-bindings-abc/js/element.js"
        ));
        assert!(!servable("Cargo.toml") && !servable("src/lib.rs"));
        assert!(!servable("js/../../secrets.js") && !servable("pkg/.hidden.js"));
        assert!(!servable("js//index.js"));
        assert_eq!(
            media_type("pkg/tenantkit_bg.wasm"),
            Some("application/wasm")
        );
        assert_eq!(media_type("js/index.d.ts"), None);
    }
}
