//! The user widget's "Sign-in history", in headless Chromium against a real TenantKit server
//! with demo data: a user of its own (made through the acme admin's typed client) shows the
//! empty state, then, after a failed and a successful sign-in from this browser, both rows with
//! method, address, browser and result, newest first; the dialog takes the focus and Escape
//! closes it.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use support::{
    ACME_ADMIN, DEMO_PASSWORD, Fixture, acme_client, column_text, server, session_of, wait_until,
};
use tenantkit_bindings::element;
use tenantkit_client::Client;
use tenantkit_wire::user_ops::{CreateUserRequest, SetPasswordRequest, UserRef};
use tenantkit_wire::{LoginId, Secret, SignInRequest};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// The rows of the open history dialog.
fn history_rows(fixture: &Fixture) -> Vec<Element> {
    fixture.all(r#"[part="sign-in-history"] tbody tr"#)
}

/// Finds `login_id` in the table and chooses "Sign-in history" in its menu.
async fn open_history(fixture: &Fixture, login_id: &str) {
    fixture.fill(r#"input[type="search"]"#, login_id, "input");
    let actions = format!("Actions for {login_id}");
    wait_until("the user's row", || fixture.button(&actions).is_some()).await;
    fixture.choose(login_id, "Sign-in history").await;
    fixture
        .wait_for_dialog("dialog", &format!("Sign-in history of {login_id}"))
        .await;
}

async fn sign_in(login_id: &str, password: &str) -> bool {
    let (api, project) = server();
    let request = SignInRequest {
        login_id: LoginId::new(login_id),
        password: Secret::new(password),
        login_options: None,
    };
    Client::new(api, project).sign_in(&request).await.is_ok()
}

#[wasm_bindgen_test]
async fn the_dialog_lists_the_sign_ins_made_before() {
    let stamp = js_sys::Date::now() as u64;
    let login_id = format!("history.{stamp}@acme.test");
    let acme = acme_client(&session_of(ACME_ADMIN).await);
    let created = async {
        acme.create_user(&CreateUserRequest {
            login_id: LoginId::new(login_id.clone()),
            email: login_id.clone(),
            name: "History Person".to_owned(),
            ..CreateUserRequest::default()
        })
        .await?;
        acme.set_active_password(&SetPasswordRequest {
            login_id: LoginId::new(login_id.clone()),
            password: Secret::new(DEMO_PASSWORD),
        })
        .await
    };
    if let Err(error) = created.await {
        panic!("making {login_id} failed: {error}");
    }

    let (fixture, _) = Fixture::of_acme(element::USER_MANAGEMENT_TAG).await;
    open_history(&fixture, &login_id).await;
    fixture
        .wait_for_dialog(
            "dialog",
            &format!("No sign-ins of {login_id} are recorded."),
        )
        .await;
    let focused = fixture.active_element().expect("focus is in the dialog");
    assert_eq!(focused.text_content().as_deref(), Some("Close"));
    fixture.press(r#"[role="dialog"] button"#, "Escape");
    fixture.wait_for_no_dialog().await;

    // A wrong password, then the right one, from this browser.
    assert!(!sign_in(&login_id, "not-the-password").await);
    assert!(sign_in(&login_id, DEMO_PASSWORD).await);

    open_history(&fixture, &login_id).await;
    wait_until("two rows", || history_rows(&fixture).len() == 2).await;
    let rows = history_rows(&fixture);
    let cells = |row: &Element| {
        ["method", "address", "browser", "result"].map(|column| column_text(row, column))
    };
    let [method, address, browser, result] = cells(&rows[0]);
    assert_eq!(method, "Password");
    assert_eq!(address, "127.0.0.1");
    assert!(
        browser.contains("Chrome"),
        "the browser is named: {browser}"
    );
    assert_eq!(result, "Signed in", "newest first");
    assert_eq!(cells(&rows[1])[3], "Failed: wrong password");
    let time = rows[0]
        .query_selector("time")
        .ok()
        .flatten()
        .and_then(|time| time.get_attribute("datetime"))
        .unwrap_or_default();
    assert!(time.ends_with('Z'), "the instant in ISO 8601: {time}");
    fixture.click_in_dialog("Close");
    fixture.wait_for_no_dialog().await;

    drop(fixture);
    let removed = acme
        .delete_user(&UserRef {
            login_id: Some(LoginId::new(login_id.clone())),
            user_id: None,
        })
        .await;
    if let Err(error) = removed {
        panic!("removing {login_id} failed: {error}");
    }
}
