//! `<tenant-sso-setup>`'s "Send setup link to your IT admin" in headless Chromium against a real
//! TenantKit server with demo data: a link is created (shown once, then gone from the page),
//! listed with its expiry, and revoked after a confirmation, each step checked on the server
//! through the typed client; and the element running on a link's own secret (the page such a
//! link opens) shows the SSO settings without the section.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use support::{ACME_ADMIN, Fixture, acme_client, configured, wait_until};
use tenantkit_bindings::{custom_events, element};
use tenantkit_wire::sso_link::GenerateSsoLinkRequest;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const SECTION: &str = "Send setup link to your IT admin";

#[wasm_bindgen_test]
async fn a_link_is_created_shown_once_listed_and_revoked() {
    let (fixture, token) = Fixture::of_acme(element::SSO_SETUP_TAG).await;
    fixture.wait_for_text(SECTION).await;
    let email = format!("it-{}@acme.test", js_sys::Date::now() as u64);

    // "Email link" needs an address; a malformed one is refused in the browser.
    fixture.click("Email link");
    fixture
        .wait_for_text("Enter the email address to send the link to")
        .await;
    fixture.fill("#tk-setup-link-email", "not an address", "input");
    fixture.click("Create link");
    wait_until("the address to be flagged", || {
        fixture
            .first("#tk-setup-link-email")
            .get_attribute("aria-invalid")
            .as_deref()
            == Some("true")
    })
    .await;

    fixture.fill("#tk-setup-link-email", &email, "input");
    fixture.fill("#tk-setup-link-expiry", "30", "change");
    fixture.click("Create link");
    fixture
        .wait_for_dialog("dialog", "Setup link created")
        .await;
    let shown = fixture
        .first(r#"[part~="setup-link"]"#)
        .text_content()
        .unwrap_or_default();
    assert!(shown.contains("/tk/sso-setup#token=ssolink_"), "{shown}");
    assert!(shown.ends_with("&tenant=acme"), "{shown}");
    fixture.click_in_dialog("Done");
    fixture.wait_for_no_dialog().await;
    assert!(
        !fixture.text().contains(&shown),
        "the link is shown once, then gone"
    );

    // Listed, here and on the server, for 30 days, with who made it by login id.
    fixture.wait_for_text(&email).await;
    let row = fixture
        .all(r#"[part~="setup-link-row"]"#)
        .into_iter()
        .find(|row| row.text_content().unwrap_or_default().contains(&email))
        .expect("the new link's row");
    assert!(
        row.text_content().unwrap_or_default().contains(ACME_ADMIN),
        "{:?}",
        row.text_content()
    );
    let listed = acme_client(&token)
        .sso_links("acme")
        .await
        .expect("list the links")
        .links;
    let link = listed
        .iter()
        .find(|link| link.email == email)
        .expect("the new link is listed");
    assert_eq!(link.expire_time - link.created_time, 30 * 24 * 3600);
    assert!(shown.contains(&link.id));

    // Revoked after a confirmation.
    fixture.click(&format!("Revoke the setup link for {email}"));
    fixture
        .wait_for_dialog("alertdialog", "It stops working at once")
        .await;
    fixture.click_in_dialog("Revoke");
    fixture
        .wait_for_text(&format!("Setup link for {email} revoked."))
        .await;
    wait_until("the row to go", || {
        fixture
            .all(r#"[part~="setup-link-row"]"#)
            .iter()
            .all(|row| !row.text_content().unwrap_or_default().contains(&email))
    })
    .await;
    let listed = acme_client(&token)
        .sso_links("acme")
        .await
        .expect("list the links")
        .links;
    assert!(listed.iter().all(|link| link.email != email));
}

#[wasm_bindgen_test]
async fn on_a_link_the_element_shows_the_sso_settings_only() {
    let (admin, token) = Fixture::of_acme(element::SSO_SETUP_TAG).await;
    drop(admin);
    let link = acme_client(&token)
        .generate_sso_link(&GenerateSsoLinkRequest {
            tenant_id: "acme".to_owned(),
            expire_time: 3600,
            email: "it@acme.test".to_owned(),
            ..GenerateSsoLinkRequest::default()
        })
        .await
        .expect("generate a link")
        .admin_sso_configuration_link;
    let secret = link
        .split("#token=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("the secret")
        .to_owned();
    let fixture = Fixture::new(element::SSO_SETUP_TAG, &configured("acme"));
    fixture.set_property("sessionToken", &secret.into());
    fixture.connect();
    fixture.wait_for_event(custom_events::READY).await;
    fixture.wait_for_text("Add configuration").await;
    let text = fixture.text();
    assert!(!text.contains(SECTION), "no links from a link");
    assert!(
        !text.contains("User provisioning (SCIM)"),
        "no SCIM from a link"
    );
    assert!(
        fixture
            .events_named(custom_events::SESSION_EXPIRED)
            .is_empty()
    );
}
