//! CORS: only the configured origins may call from a browser.

use crate::util::{Backend, TestApp, backend_tests};
use reqwest::Method;

backend_tests!(cors_allows_configured_origins_only);

const SITE: &str = "http://site.example.test";

async fn cors_allows_configured_origins_only(backend: Backend) {
    let app = TestApp::builder(backend)
        .with_allowed_origin(SITE)
        .start()
        .await;
    let preflight = |origin: &str| {
        app.http(Method::OPTIONS, "/v1/mgmt/user/search?tenant=acme")
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "authorization,content-type,x-descope-sdk-name",
            )
    };

    let allowed = preflight(SITE).send().await.unwrap();
    assert!(allowed.status().is_success());
    let headers = allowed.headers();
    assert_eq!(headers["access-control-allow-origin"], SITE);
    let allow_headers = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    for header in [
        "authorization",
        "content-type",
        "x-descope-sdk-name",
        "x-descope-sdk-version",
    ] {
        assert!(
            allow_headers.contains(header),
            "{header} in {allow_headers}"
        );
    }
    let allow_methods = headers["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    for method in ["GET", "POST", "PATCH", "DELETE"] {
        assert!(
            allow_methods.contains(method),
            "{method} in {allow_methods}"
        );
    }

    let refused = preflight("http://evil.example.test").send().await.unwrap();
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    // A prefix or a different scheme of the allowed origin is another origin.
    let lookalike = preflight("http://site.example.test.evil.test")
        .send()
        .await
        .unwrap();
    assert!(
        lookalike
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    let https = preflight("https://site.example.test").send().await.unwrap();
    assert!(https.headers().get("access-control-allow-origin").is_none());

    // The actual request carries the header too.
    let actual = app
        .http(Method::GET, "/health")
        .header("Origin", SITE)
        .send()
        .await
        .unwrap();
    assert_eq!(actual.headers()["access-control-allow-origin"], SITE);
}
