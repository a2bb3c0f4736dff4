//! "Impersonate" in `<tenant-user-management>`, in headless Chromium against a real TenantKit
//! server with demo data: the acme admin (who holds `Impersonate`) finds it in another user's row
//! menu but not in their own, confirms in a dialog naming the user, and the page hears
//! `tk-impersonate` with the user's refresh JWT, whose `act.sub` is the admin.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use support::{ACME_ADMIN, Fixture, acme_client, detail_field, wait_until};
use tenantkit_bindings::{custom_events, element};
use tenantkit_wire::user_ops::{CreateUserRequest, UserRef};
use tenantkit_wire::{LoginId, Secret};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The claims of a JWT, read without verification (the server verified it when it signed), with
/// the browser's own base64 decoder.
fn claims(jwt: &str) -> serde_json::Value {
    let payload = jwt.split('.').nth(1).expect("a JWT has a payload");
    let mut standard = payload.replace('-', "+").replace('_', "/");
    while !standard.len().is_multiple_of(4) {
        standard.push('=');
    }
    let json = web_sys::window()
        .expect("a window")
        .atob(&standard)
        .expect("base64");
    serde_json::from_str(&json).expect("JSON claims")
}

/// Types `login_id` into the search box and waits for the table to show that user alone.
async fn search_for(fixture: &Fixture, login_id: &str) {
    fixture.fill(r#"input[part="search"]"#, login_id, "input");
    wait_until(&format!("the table to show only {login_id}"), || {
        let shown: Vec<String> = fixture
            .all(r#"tbody [data-column="login-id"]"#)
            .iter()
            .filter_map(|cell| cell.text_content())
            .map(|text| text.trim().to_owned())
            .collect();
        shown == [login_id]
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_admin_impersonates_a_user_and_the_page_hears_it() {
    let (fixture, token) = Fixture::of_acme(element::USER_MANAGEMENT_TAG).await;
    let admin_id = claims(token.expose())["sub"]
        .as_str()
        .expect("sub")
        .to_owned();
    let acme = acme_client(&token);
    let login_id = format!("imp.{}@acme.test", js_sys::Date::now() as u64);
    let user = acme
        .create_user(&CreateUserRequest {
            login_id: LoginId::new(login_id.clone()),
            email: login_id.clone(),
            name: "Imogen Impersonated".to_owned(),
            ..CreateUserRequest::default()
        })
        .await
        .expect("create the user")
        .user;

    // Not on the admin's own row.
    search_for(&fixture, ACME_ADMIN).await;
    let own = format!("Actions for {ACME_ADMIN}");
    fixture.click(&own);
    wait_until("the admin's own menu", || {
        !fixture.all(r#"[role="menu"]"#).is_empty()
    })
    .await;
    assert!(
        !fixture.all(r#"[role="menuitem"]"#).iter().any(|item| item
            .text_content()
            .is_some_and(|t| t.trim() == "Impersonate")),
        "not offered on the admin's own row"
    );
    fixture.click(&own);

    search_for(&fixture, &login_id).await;
    let items = fixture.menu_items(&login_id).await;
    assert!(items.iter().any(|item| item == "Impersonate"), "{items:?}");
    fixture.click(&format!("Actions for {login_id}"));
    fixture.choose(&login_id, "Impersonate").await;
    fixture
        .wait_for_dialog("alertdialog", &format!("Impersonate {login_id}?"))
        .await;
    fixture.click_in_dialog("Impersonate");
    let event = fixture.wait_for_event(custom_events::IMPERSONATE).await;
    assert_eq!(
        detail_field(&event, "userId").as_string().as_deref(),
        Some(user.user_id.as_str())
    );
    assert_eq!(
        detail_field(&event, "loginId").as_string().as_deref(),
        Some(login_id.as_str())
    );
    let jwt = detail_field(&event, "refreshJwt")
        .as_string()
        .expect("a refresh JWT");
    let impersonated = claims(&jwt);
    assert_eq!(impersonated["sub"], user.user_id.as_str());
    assert_eq!(impersonated["act"]["sub"], admin_id.as_str());
    assert_eq!(impersonated["drn"], "DSR");
    // The page owns what comes next: the widget stays as it was.
    fixture.wait_for_no_dialog().await;
    assert!(fixture.text().contains("handed to this page"), "the notice");
    // The JWT works as the user's session.
    let (api, project) = support::server();
    let refreshed = tenantkit_client::Client::new(api, project)
        .refresh(&Secret::new(jwt))
        .await
        .expect("the impersonation refreshes");
    assert_eq!(refreshed.user.user_id, user.user_id);

    acme.delete_user(&UserRef {
        login_id: Some(LoginId::new(login_id)),
        user_id: None,
    })
    .await
    .expect("remove the user");
}
