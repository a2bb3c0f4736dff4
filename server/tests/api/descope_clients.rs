//! Descope's own web clients against this server: the requests its admin widgets (descope-js
//! `packages/widgets/*`) and `web-js-sdk` send, replayed as they send them: their preflight with
//! the `x-descope-*` headers and credentials, phones as their phone field formats them, the
//! access-key table's sort columns, and custom attribute definitions their forms can edit.

use crate::util::{Backend, TestApp, backend_tests};
use reqwest::Method;
use serde_json::{Value, json};
use tenantkit_server::seed;

backend_tests!(descope_widgets_requests_are_understood);

const SITE: &str = "http://app.example.test";

async fn descope_widgets_requests_are_understood(backend: Backend) {
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_allowed_origin(SITE)
        .start()
        .await;
    let (_, admin) = app.acme_admin().await;
    let authorization = format!("Bearer {}:{}", app.project_id, admin.session_jwt.expose());
    let widget = |method: Method, path: &str| {
        app.http(method, &format!("{path}?tenant={}", seed::ACME))
            .header("Authorization", &authorization)
            .header("Origin", SITE)
            .header("x-descope-sdk-name", "web-js")
            .header("x-descope-sdk-version", "1.0.0")
            .header("x-descope-sdk-session-id", "s-1")
            .header("x-descope-project-id", app.project_id.as_str())
            .header("x-descope-widget-type", "user-management-widget")
            .header("x-descope-widget-id", "null")
            .header("x-descope-widget-version", "0.1.0")
    };

    // The preflight of a request with every header web-js-sdk and the widgets send, with
    // `credentials: 'include'`.
    let preflight = app
        .http(Method::OPTIONS, "/v1/mgmt/user/patch?tenant=acme")
        .header("Origin", SITE)
        .header("Access-Control-Request-Method", "PATCH")
        .header(
            "Access-Control-Request-Headers",
            "authorization,content-type,x-descope-sdk-name,x-descope-sdk-version,\
             x-descope-sdk-session-id,x-descope-project-id,x-descope-widget-type,\
             x-descope-widget-id,x-descope-widget-version",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], SITE);
    assert_eq!(headers["access-control-allow-credentials"], "true");
    let allowed = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    for header in [
        "x-descope-sdk-session-id",
        "x-descope-project-id",
        "x-descope-widget-type",
        "x-descope-widget-id",
        "x-descope-widget-version",
    ] {
        assert!(allowed.contains(header), "{header} in {allowed}");
    }

    // Their create and edit forms send a phone as `+<country>-<number>`: stored in E.164.
    let created = widget(Method::POST, "/v1/mgmt/user/create")
        .json(
            &json!({"loginId": "phone@acme.test", "email": "phone@acme.test",
                      "phone": "+1-4155550100", "displayName": "Phone", "userTenants": [],
                      "roleNames": [], "customAttributes": {}}),
        )
        .send()
        .await
        .unwrap();
    let body: Value = created.json().await.unwrap();
    assert_eq!(body["user"]["phone"], "+14155550100", "{body}");
    let patched = widget(Method::PATCH, "/v1/mgmt/user/patch")
        .json(&json!({"loginId": "phone@acme.test", "phone": "+44 (20) 7946-0958"}))
        .send()
        .await
        .unwrap();
    let body: Value = patched.json().await.unwrap();
    assert_eq!(body["user"]["phone"], "+442079460958", "{body}");
    // Letters are still no phone.
    let refused = widget(Method::PATCH, "/v1/mgmt/user/patch")
        .json(&json!({"loginId": "phone@acme.test", "phone": "+1-CALL-NOW"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);

    // The access-key table sorts by its display columns.
    for field in [
        "expireTimeFormatted",
        "createdTimeFormatted",
        "createdBy",
        "boundUserId",
    ] {
        let searched = widget(Method::POST, "/v1/mgmt/accesskey/search")
            .json(&json!({"limit": 10000, "page": 0, "text": "",
                          "sort": [{"field": field, "desc": true}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(searched.status(), 200, "sort by {field}");
    }

    // Custom attribute definitions say they can be edited (their forms disable fields that
    // do not).
    let attributes: Value = widget(Method::GET, "/v1/mgmt/user/customattributes")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let data = attributes["data"].as_array().unwrap();
    assert!(!data.is_empty(), "{attributes}");
    assert!(
        data.iter().all(|attribute| attribute["editable"] == true),
        "{attributes}"
    );
}
