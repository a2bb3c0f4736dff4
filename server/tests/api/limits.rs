//! Limits and headers: every list of a request body has a maximum (400 `E011003` naming the
//! field and the maximum, never a 500 from the database's bound-variable limit), an overlong URI
//! is 414 with the wire envelope, and every response carries the security headers (HTML pages:
//! no framing).

use crate::util::{Backend, TestApp, backend_tests};
use reqwest::Method;
use tenantkit_wire::{ErrorBody, ErrorCode};

backend_tests!(
    long_lists_are_refused_by_name,
    long_uris_get_the_envelope,
    responses_carry_security_headers
);

/// `count` distinct strings.
fn many(count: usize, prefix: &str) -> Vec<String> {
    (0..count).map(|n| format!("{prefix}{n}@x.test")).collect()
}

async fn wire_error(response: reqwest::Response) -> (u16, ErrorBody) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not the envelope: {text:?}"));
    (status, body)
}

async fn long_lists_are_refused_by_name(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let management = format!("Bearer {}:{}", app.project_id, app.management_key.expose());
    let long = many(40_000, "u");
    let cases: Vec<(&str, serde_json::Value, &str)> = vec![
        (
            "/v1/mgmt/user/search",
            serde_json::json!({"loginIds": long}),
            "loginIds",
        ),
        (
            "/v2/mgmt/user/search",
            serde_json::json!({"emails": long}),
            "emails",
        ),
        (
            "/v1/mgmt/user/search",
            serde_json::json!({"phones": long}),
            "phones",
        ),
        (
            "/v1/mgmt/user/search",
            serde_json::json!({"roleNames": long}),
            "roleNames",
        ),
        (
            "/v1/mgmt/user/search",
            serde_json::json!({"tenantIds": long}),
            "tenantIds",
        ),
        (
            "/v1/mgmt/role/search",
            serde_json::json!({"roleNames": long}),
            "roleNames",
        ),
        (
            "/v1/mgmt/role/delete/batch",
            serde_json::json!({"roleNames": long}),
            "roleNames",
        ),
        (
            "/tk/v1/role/impact",
            serde_json::json!({"roleNames": long, "delete": true}),
            "roleNames",
        ),
        (
            "/v1/mgmt/audit/search",
            serde_json::json!({"userIds": long}),
            "userIds",
        ),
        (
            "/v1/mgmt/tenant/search",
            serde_json::json!({"tenantIds": long}),
            "tenantIds",
        ),
        (
            "/v1/mgmt/accesskey/delete/batch",
            serde_json::json!({"ids": long}),
            "ids",
        ),
        (
            "/v1/mgmt/user/create/batch",
            serde_json::json!({"users": (0..101).map(|n| serde_json::json!({"loginId": format!("b{n}")})).collect::<Vec<_>>()}),
            "users",
        ),
        (
            // A list inside an item counts too.
            "/v1/mgmt/user/create",
            serde_json::json!({"loginId": "nested@x.test", "userTenants": [{"tenantId": "acme", "roleNames": long}]}),
            "roleNames",
        ),
    ];
    for (path, body, field) in cases {
        let response = app
            .http(Method::POST, path)
            .header("Authorization", &management)
            .json(&body)
            .send()
            .await
            .unwrap();
        let (status, error) = wire_error(response).await;
        assert_eq!(status, 400, "{path} {field}: {error:?}");
        assert_eq!(
            error.error_code,
            ErrorCode::ValidationFailed.as_str(),
            "{path}"
        );
        let (_, maximum) = tenantkit_wire::limits::list_maximum(field);
        assert!(
            error
                .error_message
                .starts_with(&format!("{field}: at most {maximum} items, got ")),
            "{path}: {}",
            error.error_message
        );
    }
    // A list at its maximum is served (and nothing is stored by the refusals above).
    let at_maximum = many(tenantkit_wire::limits::list_maximum("loginIds").1, "u");
    let response = app
        .http(Method::POST, "/v1/mgmt/user/search")
        .header("Authorization", &management)
        .json(&serde_json::json!({"loginIds": at_maximum, "emails": at_maximum, "phones": at_maximum}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let stored: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_ids WHERE login_id IN ('nested@x.test', 'b0')",
    )
    .fetch_one(app.db().pool())
    .await
    .unwrap();
    assert_eq!(stored, 0);
}

/// Sends `GET <path>` over a plain socket (HTTP clients refuse URIs this long themselves) and
/// returns the status, the head and the body of the answer.
async fn raw_get(app: &TestApp, path: &str) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.base_url.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    socket.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8(answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, head.to_lowercase(), body.to_owned())
}

async fn long_uris_get_the_envelope(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    // Over the server's limit (refused by a middleware) and over what hyper can hold at all
    // (100 KB: hyper answers on its own).
    for length in [20 * 1024, 100 * 1024] {
        let (status, head, body) = raw_get(
            &app,
            &format!("/v1/mgmt/user?loginId={}", "a".repeat(length)),
        )
        .await;
        assert_eq!(status, 414, "{length}: {head}");
        assert!(head.contains("content-type: application/json"), "{head}");
        assert!(head.contains("x-content-type-options: nosniff"), "{head}");
        assert!(head.contains("referrer-policy: no-referrer"), "{head}");
        let error: ErrorBody = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{body:?}"));
        assert_eq!(error.error_code, ErrorCode::BadRequest.as_str());
        assert!(
            error.error_message.contains(&format!(
                "at most {} bytes",
                tenantkit_server::api::MAX_URI_BYTES
            )),
            "{}",
            error.error_message
        );
    }
    // Under the limit: served as before (no credential: 401), and the server still answers.
    let (status, _, body) =
        raw_get(&app, &format!("/v1/mgmt/user?loginId={}", "a".repeat(1000))).await;
    assert_eq!(status, 401, "{body}");
}

async fn responses_carry_security_headers(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    // The invitation page (a password form) may not be framed, and runs nothing but its style.
    let page = app
        .http(Method::GET, "/tk/invite?token=not-a-token")
        .send()
        .await
        .unwrap();
    let headers = page.headers().clone();
    let policy = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    // The page's own style sheet is the one the policy allows (by its hash), so browsers apply it.
    let html = page.text().await.unwrap();
    let style = html
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(style, _)| style)
        .expect("the page has a style sheet");
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style));
    assert!(
        policy.contains(&format!("style-src 'sha256-{hash}'")),
        "{policy}"
    );
    assert!(!html.contains("<script"), "{html}");

    // JSON answers (success and error) carry the general headers, not the page policy.
    for path in ["/health", "/no/such/route"] {
        let response = app.http(Method::GET, path).send().await.unwrap();
        assert_eq!(
            response.headers()["x-content-type-options"],
            "nosniff",
            "{path}"
        );
        assert_eq!(
            response.headers()["referrer-policy"],
            "no-referrer",
            "{path}"
        );
        assert!(
            response.headers().get("x-frame-options").is_none(),
            "{path}"
        );
    }
}

/// Every list member of every request body (as the OpenAPI document derives them from the wire
/// types) has a maximum of its own in `tenantkit_wire::limits`, so a list added to a request
/// later cannot go unnoticed.
#[test]
fn every_list_of_every_request_has_a_maximum() {
    fn is_list(schema: &serde_json::Value) -> bool {
        let named_array = |kind: &serde_json::Value| {
            kind == "array"
                || kind
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|k| k == "array"))
        };
        schema.get("type").is_some_and(named_array)
            || ["anyOf", "oneOf"].iter().any(|key| {
                schema
                    .get(*key)
                    .and_then(serde_json::Value::as_array)
                    .is_some_and(|options| options.iter().any(is_list))
            })
    }
    fn walk(schema: &serde_json::Value, lists: &mut std::collections::BTreeSet<String>) {
        match schema {
            serde_json::Value::Object(members) => {
                if let Some(serde_json::Value::Object(properties)) = members.get("properties") {
                    for (name, property) in properties {
                        if is_list(property) {
                            lists.insert(name.clone());
                        }
                    }
                }
                members.values().for_each(|member| walk(member, lists));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| walk(item, lists)),
            _ => {}
        }
    }
    let mut generator = schemars::SchemaGenerator::default();
    let mut lists = std::collections::BTreeSet::new();
    for route in tenantkit_server::api::route_table() {
        if let Some(request) = route.request {
            walk(request(&mut generator).as_value(), &mut lists);
        }
    }
    for definition in generator.definitions().values() {
        walk(definition, &mut lists);
    }
    assert!(
        lists.contains("loginIds") && lists.contains("users"),
        "{lists:?}"
    );
    let unlimited: Vec<&String> = lists
        .iter()
        .filter(|name| {
            !tenantkit_wire::limits::LIST_MAXIMA
                .iter()
                .any(|(limited, _)| limited == name)
        })
        .collect();
    assert!(
        unlimited.is_empty(),
        "lists without a maximum: {unlimited:?}"
    );
    let unheard_of: Vec<&str> = tenantkit_wire::limits::LIST_MAXIMA
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !lists.contains(*name))
        .collect();
    assert!(unheard_of.is_empty(), "maxima of no list: {unheard_of:?}");
}
