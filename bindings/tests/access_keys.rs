//! `<tenant-access-key-management>` in headless Chromium against a real TenantKit server with demo
//! data: the table (status, expiry warning, roles, permitted addresses), create with the secret
//! shown once (and the secret working at the exchange), permitted addresses checked as they are
//! typed, deactivate and activate, an expired key that cannot be activated (alone or in a bulk
//! activation), and edit.
//!
//! Every test works on keys with names of its own, found through the search box, so tests never
//! disturb each other; every check of a change also asks the server, through the typed client,
//! what it now holds. The server, the sign-in and the page fixture are in `support/`.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use gloo_timers::future::TimeoutFuture;
use js_sys::{Object, Reflect};
use support::{ACME_ADMIN, Fixture, acme_client, detail_field, server, session_of, wait_until};
use tenantkit_bindings::{custom_events, element};
use tenantkit_client::{Client, KeyOp};
use tenantkit_wire::Secret;
use tenantkit_wire::access_key::{
    AccessKey, AccessKeySecretResponse, CreateAccessKeyRequest, ExchangeRequest, KeyStatus,
};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const DAY: i64 = 86_400;

// ---- the server ---------------------------------------------------------------------------------

/// A key name no other test uses.
fn unique_key(prefix: &str) -> String {
    format!("{prefix} {}", js_sys::Date::now() as u64)
}

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Creates one of acme's keys through the typed client.
async fn create_key(token: &Secret, request: CreateAccessKeyRequest) -> AccessKeySecretResponse {
    let name = request.name.clone();
    match acme_client(token).create_access_key(&request).await {
        Ok(response) => response,
        Err(error) => panic!("creating the key {name} failed: {error}"),
    }
}

/// The key `id` as the server has it now.
async fn key_on_server(token: &Secret, id: &str) -> AccessKey {
    match acme_client(token).load_access_key(id).await {
        Ok(response) => response.key,
        Err(error) => panic!("loading the key {id} failed: {error}"),
    }
}

// ---- the page -----------------------------------------------------------------------------------

impl Fixture {
    /// A `<tenant-access-key-management>` for acme with the acme admin's token (as a property),
    /// on the page and loaded.
    async fn keys_of_acme() -> (Self, Secret) {
        Self::of_acme(element::ACCESS_KEY_MANAGEMENT_TAG).await
    }

    /// The status badge of the key `name`, once it says `status`.
    async fn wait_for_status(&self, name: &str, status: &str) {
        wait_until(&format!("{name} to be {status}"), || {
            self.cell(name, "status").trim() == status
        })
        .await;
    }
}

// ---- the tests ----------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_table_shows_status_expiry_warning_roles_and_permitted_addresses() {
    let token = session_of(ACME_ADMIN).await;
    let name = unique_key("Table key");
    let created = create_key(
        &token,
        CreateAccessKeyRequest {
            name: name.clone(),
            description: "Shows every column".to_owned(),
            expire_time: now() + 3 * DAY + 3600,
            role_names: vec!["Support Agent".to_owned()],
            permitted_ips: vec!["10.0.0.0/8".to_owned(), "2001:db8::/32".to_owned()],
            ..CreateAccessKeyRequest::default()
        },
    )
    .await;
    let (fixture, _) = Fixture::keys_of_acme().await;
    fixture.search_for(&name).await;

    let headers: Vec<String> = fixture
        .all("thead th[scope=col]")
        .iter()
        .filter_map(|th| th.text_content())
        .collect();
    assert_eq!(
        headers,
        [
            "Name",
            "Status",
            "Expires",
            "Roles",
            "Permitted IPs",
            "Created",
            "Last used"
        ]
    );
    assert!(fixture.cell(&name, "key").contains("Shows every column"));
    assert_eq!(fixture.cell(&name, "id").trim(), created.key.id);
    assert_eq!(fixture.cell(&name, "status").trim(), "Active");
    let expires = fixture.cell(&name, "expires");
    assert!(expires.contains("Expires in 3 days"), "{expires}");
    // The expiry date as English writes it, in the viewer's time zone ("Dec 6, 2026").
    let options = Object::new();
    Reflect::set(&options, &"dateStyle".into(), &"medium".into()).expect("an option");
    let date = js_sys::Date::new(&((created.key.expire_time * 1000) as f64).into())
        .to_locale_string("en", &options)
        .as_string()
        .unwrap_or_default();
    assert!(expires.starts_with(&date), "{expires} starts with {date}");
    assert_eq!(fixture.cell(&name, "roles").trim(), "Support Agent");
    assert_eq!(
        fixture.cell(&name, "permitted-ips").trim(),
        "10.0.0.0/82001:db8::/32"
    );
    // The admin who created it, by login id rather than user id, under the date.
    assert_eq!(fixture.cell(&name, "created-by"), ACME_ADMIN);
    assert!(
        fixture
            .cell(&name, "created")
            .ends_with(&format!("Created by {ACME_ADMIN}"))
    );
    // Every column fits the card of a 1280-pixel page (1,050 pixels for the table) with a
    // description, a role, two addresses, an expiry warning and a login id: no scrolling sideways.
    let wrap = fixture.all(".tk-table-wrap").remove(0);
    wrap.set_attribute("style", "width: 1050px")
        .expect("a style");
    assert!(
        wrap.scroll_width() <= wrap.client_width(),
        "the table needs {} of {} pixels",
        wrap.scroll_width(),
        wrap.client_width()
    );
    assert_eq!(fixture.cell(&name, "last-used").trim(), "Never");
    assert_eq!(
        fixture
            .all("caption")
            .first()
            .and_then(|c| c.text_content())
            .as_deref(),
        Some("Access keys of tenant acme")
    );

    // Sorting by name asks the server and says so on the header.
    fixture.click("Name");
    wait_until("an ascending sort", || {
        fixture
            .all(r#"th[aria-sort="ascending"]"#)
            .iter()
            .any(|th| th.text_content().is_some_and(|t| t.contains("Name")))
    })
    .await;
}

#[wasm_bindgen_test]
async fn creating_shows_the_secret_once_and_it_can_be_exchanged() {
    let (fixture, token) = Fixture::keys_of_acme().await;
    let name = unique_key("Created key");
    fixture.click("Create access key");
    fixture.wait_for_dialog("dialog", "Create access key").await;
    fixture.fill("#tk-key-name", &name, "input");
    fixture.fill("#tk-key-expires", "never", "change");
    fixture.checkbox("Support Agent").click();
    fixture.click_in_dialog("Create");

    fixture
        .wait_for_dialog("dialog", "Access key created")
        .await;
    assert!(fixture.dialog_text().contains("gone for good"));
    let secret = fixture
        .first(r#"[part="access-key-secret"]"#)
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let event = fixture
        .wait_for_event(custom_events::ACCESS_KEY_CREATED)
        .await;
    let id = detail_field(&event, "id").as_string().expect("an id");
    assert!(secret.starts_with(&format!("tk_{id}_")), "{secret}");
    assert!(
        detail_field(&event, "secret").is_undefined() && !event.detail().is_null(),
        "the event never carries the secret"
    );

    // Closing drops it for good.
    fixture.click_in_dialog("Done");
    fixture.wait_for_no_dialog().await;
    assert!(!fixture.text().contains(&secret));
    fixture
        .wait_for_text(&format!("The access key {name} was created."))
        .await;

    let key = key_on_server(&token, &id).await;
    assert_eq!((key.name.as_str(), key.expire_time), (name.as_str(), 0));
    assert_eq!(key.role_names, ["Support Agent"]);
    // The secret the dialog showed is the key's.
    let (api, project) = server();
    let exchanged = Client::new(api, project)
        .exchange_access_key(&Secret::new(secret), &ExchangeRequest::default())
        .await
        .expect("the shown secret is exchanged for a JWT");
    assert_eq!(exchanged.key_id, id);
}

#[wasm_bindgen_test]
async fn permitted_addresses_are_checked_as_they_are_typed() {
    let (fixture, _) = Fixture::keys_of_acme().await;
    fixture.click("Create access key");
    fixture.wait_for_dialog("dialog", "Create access key").await;
    fixture.fill("#tk-key-name", &unique_key("Typed key"), "input");
    let addresses = "#tk-key-addresses";

    fixture.fill(addresses, "192.0.2.7\n10.0.0.1/8", "input");
    wait_until("the range's error", || {
        fixture.dialog_text().contains("did you mean 10.0.0.0/8?")
    })
    .await;
    assert_eq!(
        fixture
            .first(addresses)
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    // Nothing is sent while an entry is wrong.
    fixture.click_in_dialog("Create");
    TimeoutFuture::new(300).await;
    assert!(fixture.dialog_text().contains("Create access key"));
    assert!(
        fixture
            .events_named(custom_events::ACCESS_KEY_CREATED)
            .is_empty()
    );

    fixture.fill(addresses, "192.0.2.7\nhost.example", "input");
    wait_until("the host name's error", || {
        fixture
            .dialog_text()
            .contains("\"host.example\" is not an IP address or CIDR range")
    })
    .await;
    fixture.fill(addresses, "192.0.2.7\n10.0.0.0/8\n2001:db8::/32", "input");
    wait_until("the entries to be valid", || {
        fixture.dialog_text().contains("3 valid")
    })
    .await;
    assert_eq!(
        fixture
            .first(addresses)
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );
    fixture.click_in_dialog("Cancel");
    fixture.wait_for_no_dialog().await;
}

#[wasm_bindgen_test]
async fn deactivate_then_activate_after_confirming() {
    let token = session_of(ACME_ADMIN).await;
    let name = unique_key("Toggled key");
    let created = create_key(
        &token,
        CreateAccessKeyRequest {
            name: name.clone(),
            ..CreateAccessKeyRequest::default()
        },
    )
    .await;
    let (fixture, _) = Fixture::keys_of_acme().await;
    fixture.search_for(&name).await;

    fixture.choose(&name, "Deactivate").await;
    fixture
        .wait_for_dialog("alertdialog", &format!("Deactivate {name}?"))
        .await;
    fixture.click_in_dialog("Deactivate");
    fixture.wait_for_status(&name, "Inactive").await;
    let event = fixture
        .wait_for_event(custom_events::ACCESS_KEY_STATUS_CHANGED)
        .await;
    assert_eq!(
        detail_field(&event, "status").as_string().as_deref(),
        Some("inactive")
    );
    assert_eq!(
        key_on_server(&token, &created.key.id).await.status,
        KeyStatus::Inactive
    );

    fixture.choose(&name, "Activate").await;
    fixture
        .wait_for_dialog("alertdialog", &format!("Activate {name}?"))
        .await;
    fixture.click_in_dialog("Activate");
    fixture.wait_for_status(&name, "Active").await;
    assert_eq!(
        key_on_server(&token, &created.key.id).await.status,
        KeyStatus::Active
    );
}

#[wasm_bindgen_test]
async fn an_expired_key_cannot_be_activated_alone_or_in_bulk() {
    let token = session_of(ACME_ADMIN).await;
    let name = unique_key("Expired key");
    // The server accepts only a future expiry: make one that passes in two seconds.
    let created = create_key(
        &token,
        CreateAccessKeyRequest {
            name: name.clone(),
            expire_time: now() + 2,
            ..CreateAccessKeyRequest::default()
        },
    )
    .await;
    acme_client(&token)
        .change_access_key(KeyOp::Deactivate, &created.key.id)
        .await
        .expect("deactivate");
    let expire_time = created.key.expire_time;
    wait_until("the key to expire", || now() > expire_time).await;

    let (fixture, _) = Fixture::keys_of_acme().await;
    fixture.search_for(&name).await;
    fixture.wait_for_status(&name, "Expired").await;

    // The menu offers Activate, disabled, and says why.
    let activate = fixture
        .open_menu(&name)
        .await
        .into_iter()
        .find(|item| item.text_content().is_some_and(|t| t.trim() == "Activate"))
        .expect("an Activate item");
    assert_eq!(
        activate.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    let reason_id = activate
        .get_attribute("aria-describedby")
        .expect("the reason describes the item");
    let reason = fixture
        .first(&format!("#{reason_id}"))
        .text_content()
        .unwrap_or_default();
    assert_eq!(
        reason,
        "Expired keys cannot be activated: create a new one."
    );
    fixture.click("Activate");
    TimeoutFuture::new(200).await;
    assert!(
        fixture.all(r#"[role="alertdialog"]"#).is_empty(),
        "nothing to confirm"
    );
    fixture.press(r#"[role="menu"]"#, "Escape");

    // In bulk, it is left out and named.
    fixture.checkbox(&format!("Select {name}")).click();
    fixture
        .wait_for("the bulk bar", r#"[part="bulk-bar"]"#)
        .await;
    let bulk_activate = fixture
        .all(r#"[part~="bulk-button"]"#)
        .into_iter()
        .find(|b| b.text_content().is_some_and(|t| t.trim() == "Activate"))
        .expect("a bulk Activate");
    wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(bulk_activate).click();
    fixture
        .wait_for_text("Expired keys cannot be activated; left out: 1.")
        .await;
    let details = fixture
        .first(r#"[part="notice-failures"]"#)
        .text_content()
        .unwrap_or_default();
    assert_eq!(details, name);
    assert_eq!(
        key_on_server(&token, &created.key.id).await.status,
        KeyStatus::Inactive
    );
}

#[wasm_bindgen_test]
async fn editing_sends_the_changed_fields() {
    let token = session_of(ACME_ADMIN).await;
    let name = unique_key("Edited key");
    let created = create_key(
        &token,
        CreateAccessKeyRequest {
            name: name.clone(),
            description: "Before".to_owned(),
            permitted_ips: vec!["10.0.0.0/8".to_owned()],
            ..CreateAccessKeyRequest::default()
        },
    )
    .await;
    let (fixture, _) = Fixture::keys_of_acme().await;
    fixture.search_for(&name).await;

    fixture.choose(&name, "Edit").await;
    fixture
        .wait_for_dialog("dialog", &format!("Edit access key {name}"))
        .await;
    assert!(
        fixture.all("#tk-key-expires").is_empty(),
        "the expiry is set at creation only"
    );
    fixture.fill("#tk-key-description", "After", "input");
    fixture.checkbox("Support Agent").click();
    fixture.fill("#tk-key-addresses", "192.0.2.0/24", "input");
    fixture.click_in_dialog("Save");
    fixture.wait_for_no_dialog().await;
    fixture
        .wait_for_text(&format!("The access key {name} was saved."))
        .await;
    let event = fixture
        .wait_for_event(custom_events::ACCESS_KEY_UPDATED)
        .await;
    assert_eq!(
        detail_field(&event, "id").as_string(),
        Some(created.key.id.clone())
    );

    let key = key_on_server(&token, &created.key.id).await;
    assert_eq!(key.name, name);
    assert_eq!(key.description, "After");
    assert_eq!(key.role_names, ["Support Agent"]);
    assert_eq!(key.permitted_ips, ["192.0.2.0/24"]);
    wait_until("the table to show the change", || {
        fixture.cell(&name, "permitted-ips").trim() == "192.0.2.0/24"
    })
    .await;
}
