//! RFC 7643/7644 compliance of a tenant's SCIM service, checked on both databases by a real,
//! maintained checker: PyPI `scim2-tester` (tests/scim/scim_check.py, installed into
//! target/python by `cargo xtask setup`). It reads our discovery documents, then creates, reads,
//! lists, projects, replaces, patches and deletes users and groups, and fails on any deviation.

use crate::util::{Backend, TestApp, backend_tests};
use std::path::Path;
use std::process::Command;
use tenantkit_wire::tenant::TenantRequest;

backend_tests!(scim2_tester_finds_no_deviation);

async fn scim2_tester_finds_no_deviation(backend: Backend) {
    let app = TestApp::builder(backend).start().await;
    let management = app.management();
    management
        .create_tenant(&TenantRequest {
            id: "initech".to_owned(),
            name: "Initech".to_owned(),
            ..TenantRequest::default()
        })
        .await
        .unwrap();
    let token = management.rotate_scim_token("initech").await.unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join("target/python/bin/python");
    let base_url = format!("{}/scim/v2/initech", app.base_url);
    let cleartext = token.cleartext.expose().to_owned();
    // The server runs on this test's thread: wait for the checker off it.
    let output = tokio::task::spawn_blocking(move || {
        Command::new(&python)
            .arg(root.join("tests/scim/scim_check.py"))
            .arg(&base_url)
            .arg(&cleartext)
            .output()
            .unwrap_or_else(|e| panic!("{} runs (cargo xtask setup): {e}", python.display()))
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "scim2-tester found deviations:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(" passed, "), "{stdout}");
    // The checker's users and groups were real: created and deleted through SCIM, audited.
    let actions: Vec<String> = app
        .audit()
        .await
        .into_iter()
        .filter(|e| e.1 == "SCIM")
        .map(|e| e.0)
        .collect();
    for action in [
        "UserCreated",
        "UserDeleted",
        "ScimGroupCreated",
        "ScimGroupDeleted",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
}
