//! `<tenant-user-management>`'s invitations and the impact shown before roles change, in
//! headless Chromium against a real TenantKit server with demo data: several addresses are
//! invited at once (a result per address), listed as pending, one is sent again and one revoked
//! after a confirmation, whose emailed link then fails; a bulk grant shows who gains the role
//! before it is sent, and removing one's own `Tenant Admin` shows the stronger warning. Each
//! step is checked on the server through the typed client. Addresses are the test's own.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use support::{
    ACME_ADMIN, Fixture, acme_client, cancel_removing_own_tenant_admin, create_in_acme, server,
    settle, wait_until,
};
use tenantkit_bindings::element;
use tenantkit_client::{Client, Method};
use tenantkit_wire::LoginId;
use tenantkit_wire::invitation::InvitationSearchRequest;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A suffix no other test uses.
fn unique() -> u64 {
    js_sys::Date::now() as u64
}

/// Clicks the element `selector` matches.
fn click_on(fixture: &Fixture, selector: &str) {
    fixture
        .first(selector)
        .dyn_into::<HtmlElement>()
        .expect("an HTML element")
        .click();
}

/// The token of the last invitation emailed to `address` (the test server keeps its outbox).
async fn emailed_token(address: &str) -> String {
    let (api, project) = server();
    let outbox: serde_json::Value = Client::new(api, project)
        .call::<(), _>(Method::Get, "/tk/dev/outbox", None)
        .await
        .expect("the test server's outbox");
    let body = outbox["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|message| message["to"] == address)
        .and_then(|message| message["body"].as_str())
        .expect("an email to the address")
        .to_owned();
    body.split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a link with a token")
        .to_owned()
}

#[wasm_bindgen_test]
async fn several_are_invited_listed_resent_and_revoked() {
    let (fixture, token) = Fixture::of_acme(element::USER_MANAGEMENT_TAG).await;
    let n = unique();
    let (amy, bob) = (format!("amy-{n}@new.test"), format!("bob-{n}@new.test"));

    fixture.click("Invite people");
    fixture.wait_for_dialog("dialog", "Email addresses").await;
    fixture.fill(
        "#tk-invite-addresses",
        &format!("{amy}, {bob}\nnot-an-address"),
        "input",
    );
    wait_until("the button to count the addresses", || {
        fixture.button("Send 3 invitations").is_some()
    })
    .await;
    fixture.click("Send 3 invitations");
    fixture.wait_for_text("2 invited, 1 not invited.").await;
    let results: Vec<String> = fixture
        .all(r#"[part~="invite-result"]"#)
        .iter()
        .map(|line| line.text_content().unwrap_or_default())
        .collect();
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[0].contains(&amy) && results[0].contains("Invited"));
    assert!(results[2].contains("Not invited") && results[2].contains("not a valid email"));
    fixture.click_in_dialog("Done");
    fixture.wait_for_no_dialog().await;

    // Pending, with who invited them.
    fixture.click("Pending invitations");
    fixture.wait_for_dialog("dialog", &bob).await;
    let row = fixture
        .all(r#"[part~="invitation-row"]"#)
        .into_iter()
        .find(|row| row.text_content().unwrap_or_default().contains(&amy))
        .expect("amy's row");
    assert!(row.text_content().unwrap_or_default().contains(ACME_ADMIN));
    let client = acme_client(&token);
    let pending = |text: String| {
        let client = client.clone();
        async move {
            client
                .search_invitations(&InvitationSearchRequest {
                    text,
                    ..InvitationSearchRequest::default()
                })
                .await
                .expect("the pending list")
        }
    };
    assert_eq!(pending(format!("-{n}@")).await.total, 2);

    // Resend: a new link, the old one no longer works.
    let first = emailed_token(&amy).await;
    fixture.click(&format!("Resend the invitation of {amy}"));
    fixture
        .wait_for_text(&format!("A new invitation went to {amy}"))
        .await;
    assert_ne!(emailed_token(&amy).await, first);

    // Revoke, confirmed in the dialog: gone from the list, and the emailed link fails.
    let bob_token = emailed_token(&bob).await;
    fixture.click(&format!("Revoke the invitation of {bob}"));
    fixture
        .wait_for_text(&format!("Revoke the invitation of {bob}?"))
        .await;
    wait_until("focus on the confirmation's Cancel", || {
        fixture
            .active_element()
            .and_then(|element| element.text_content())
            .as_deref()
            == Some("Cancel")
    })
    .await;
    click_on(
        &fixture,
        r#"[part~="invitation-revoke-confirm"] [part~="confirm-button"]"#,
    );
    fixture
        .wait_for_text(&format!("The invitation of {bob} was revoked."))
        .await;
    wait_until("bob's row to go", || {
        fixture
            .all(r#"[part~="invitation-row"]"#)
            .iter()
            .all(|row| !row.text_content().unwrap_or_default().contains(&bob))
    })
    .await;
    assert_eq!(pending(format!("-{n}@")).await.total, 1);
    let (api, project) = server();
    let accepted = Client::new(api, project)
        .call::<_, serde_json::Value>(
            Method::Post,
            "/tk/v1/invite/accept",
            Some(&serde_json::json!({"token": bob_token, "password": "bob-password-1"})),
        )
        .await;
    assert!(accepted.is_err(), "a revoked link fails: {accepted:?}");
}

#[wasm_bindgen_test]
async fn the_impact_is_shown_before_a_bulk_grant_and_before_removing_ones_own_admin_role() {
    let (fixture, token) = Fixture::of_acme(element::USER_MANAGEMENT_TAG).await;
    let n = unique();
    let (first, second) = (
        format!("grant-a-{n}@acme.test"),
        format!("grant-b-{n}@acme.test"),
    );
    create_in_acme(&token, &first).await;
    create_in_acme(&token, &second).await;
    fixture.fill(r#"input[type="search"]"#, &format!("-{n}@"), "input");
    fixture.wait_for_text(&second).await;
    fixture.select_users(&[&first, &second]);
    fixture.wait_for_text("2 selected").await;
    fixture.fill("select.tk-select--small", "Support Agent", "change");
    // The bar renders the chosen role into its buttons first.
    settle().await;
    fixture.click("Add role");
    fixture
        .wait_for_dialog("alertdialog", "2 users gain Support Agent")
        .await;
    fixture.click_in_dialog("Confirm");
    fixture.wait_for_no_dialog().await;
    wait_until("the role to be given", || {
        fixture.text().matches("Support Agent").count() >= 2
    })
    .await;
    let user = acme_client(&token)
        .load_user(&LoginId::new(&first))
        .await
        .expect("load the user")
        .user;
    assert!(
        user.user_tenants[0]
            .role_names
            .contains(&"Support Agent".to_owned())
    );

    // The admin's own Tenant Admin: the stronger warning, and a second confirmation.
    fixture.fill(r#"input[type="search"]"#, ACME_ADMIN, "input");
    wait_until("the admin's row alone", || {
        fixture.text().contains(ACME_ADMIN) && !fixture.text().contains(&first)
    })
    .await;
    fixture.select_users(&[ACME_ADMIN]);
    fixture.wait_for_text("1 selected").await;
    cancel_removing_own_tenant_admin(&fixture, &token).await;
}
