//! The OpenAPI document: served at `/openapi.json`, describing every route of the route table,
//! and equal to the snapshot in `server/tests/snapshots/openapi.json`, so a change to the wire
//! shows up in review. After an intended change:
//! `UPDATE_SNAPSHOTS=1 cargo test -p tenantkit-server --test api openapi`, then review the diff.

use crate::util::{Backend, TestApp};
use tenantkit_server::api::route_table;

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/openapi.json");

#[tokio::test]
async fn the_document_describes_every_route_and_matches_the_snapshot() {
    let app = TestApp::builder(Backend::Sqlite).start().await;
    let response = app
        .http(reqwest::Method::GET, "/openapi.json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let document: serde_json::Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");

    let routes = route_table();
    for route in &routes {
        let operation = &document["paths"][route.path][route.method.as_str().to_ascii_lowercase()];
        assert!(
            operation.is_object(),
            "{} {} is documented",
            route.method,
            route.path
        );
        assert!(
            operation["responses"]["default"].is_object(),
            "errors documented"
        );
    }
    // A widget-mode route documents `?tenant=` and its request body's members.
    let status = &document["paths"]["/v1/mgmt/user/update/status"]["post"];
    assert_eq!(status["parameters"][0]["name"], "tenant");
    let body = &status["requestBody"]["content"]["application/json"]["schema"];
    assert!(body["properties"]["loginId"].is_object() && body["properties"]["status"].is_object());
    // Response schemas are the serialize side: a member the server may leave out is optional.
    let user = &document["components"]["schemas"]["User"];
    let required: Vec<&str> = user["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(required.contains(&"userId") && !required.contains(&"editable"));

    let pretty = serde_json::to_string_pretty(&document).unwrap() + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(SNAPSHOT, &pretty).unwrap();
    }
    let snapshot = std::fs::read_to_string(SNAPSHOT).unwrap_or_default();
    assert!(
        snapshot == pretty,
        "/openapi.json differs from {SNAPSHOT}: if the change to the wire is intended, run \
         UPDATE_SNAPSHOTS=1 cargo test -p tenantkit-server --test api openapi and review the diff"
    );
}
