//! Every failure is the wire error JSON, whatever went wrong; unknown request fields are ignored.

use crate::util::{Backend, TestApp, backend_tests};
use reqwest::Method;
use tenantkit_server::seed;
use tenantkit_wire::{ErrorBody, ErrorCode};

backend_tests!(errors_are_wire_json, health_answers_ok);

/// Sends a raw request and checks the answer is `status` with the wire error `code`.
async fn expect_wire_error(
    request: reqwest::RequestBuilder,
    status: u16,
    code: ErrorCode,
) -> ErrorBody {
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), status);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let body: ErrorBody = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body.error_code, code.as_str());
    assert_eq!(body.error_description, code.description());
    assert!(!body.error_message.is_empty());
    body
}

async fn errors_are_wire_json(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let management = format!("Bearer {}:{}", app.project_id, app.management_key.expose());
    let search = || {
        app.http(Method::POST, "/v1/mgmt/user/search")
            .header("Authorization", &management)
    };

    let malformed =
        expect_wire_error(search().body("{\"limit\": 5,"), 400, ErrorCode::BadRequest).await;
    assert!(
        malformed.error_message.starts_with("Malformed JSON body"),
        "{malformed:?}"
    );
    expect_wire_error(
        search().body("{\"limit\": \"ten\"}"),
        400,
        ErrorCode::BadRequest,
    )
    .await;
    expect_wire_error(search().body("[1, 2]"), 400, ErrorCode::BadRequest).await;
    let sign_in = app
        .http(Method::POST, "/v1/auth/password/signin")
        .body("not json");
    expect_wire_error(sign_in, 400, ErrorCode::BadRequest).await;

    // Unknown fields are ignored; an empty body is `{}`.
    let lenient = search()
        .body("{\"limit\": 5, \"someFutureField\": {\"x\": 1}}")
        .send()
        .await
        .unwrap();
    assert_eq!(lenient.status().as_u16(), 200);
    assert_eq!(search().send().await.unwrap().status().as_u16(), 200);

    let no_credentials = app.http(Method::POST, "/v1/mgmt/user/search").body("{}");
    expect_wire_error(no_credentials, 401, ErrorCode::Unauthorized).await;
    let (_, acme_admin) = app.acme_admin().await;
    let foreign = app
        .http(Method::POST, "/v1/mgmt/user/search?tenant=globex")
        .header(
            "Authorization",
            format!(
                "Bearer {}:{}",
                app.project_id,
                acme_admin.session_jwt.expose()
            ),
        )
        .body("{}");
    expect_wire_error(foreign, 403, ErrorCode::Forbidden).await;
    expect_wire_error(
        app.http(Method::GET, "/v1/no/such/route"),
        404,
        ErrorCode::NotFound,
    )
    .await;
    expect_wire_error(
        app.http(Method::GET, "/v2/keys/Pnope"),
        404,
        ErrorCode::NotFound,
    )
    .await;
    expect_wire_error(
        app.http(Method::DELETE, "/health"),
        405,
        ErrorCode::BadRequest,
    )
    .await;
    expect_wire_error(
        app.http(Method::GET, "/v1/mgmt/user/search"),
        405,
        ErrorCode::BadRequest,
    )
    .await;
    let wrong_password = app
        .http(Method::POST, "/v1/auth/password/signin")
        .body(format!(
            r#"{{"loginId": "{}", "password": "nope"}}"#,
            seed::ACME_ADMIN
        ));
    expect_wire_error(wrong_password, 401, ErrorCode::Unauthorized).await;
}

async fn health_answers_ok(backend: Backend) {
    let app = TestApp::builder(backend).start().await;
    let response = app.http(Method::GET, "/health").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"status": "ok"}));
}
