//! `<tenant-audit-log>` in headless Chromium against a real TenantKit server with demo data: events
//! written by real changes (made through the typed client, as the acme admin) show up newest
//! first and name people by login id; the search and the action filter narrow the list; a row
//! expands to its details and collapses again; pages; and the CSV export holds every matching
//! event, not only the page on screen.
//!
//! Each test makes users of its own with login ids no other test uses and searches for them, so
//! the events of other tests (and of the demo seed) never change what it sees. The export is read
//! where the browser gets it: the Blob handed to `URL.createObjectURL`.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use support::{
    ACME_ADMIN, Fixture, acme_client, column_text, configured, detail_field, session_of, wait_until,
};
use tenantkit_bindings::{custom_events, element};
use tenantkit_wire::user_ops::{BatchCreateUsersRequest, CreateUserRequest, LoginIdRequest};
use tenantkit_wire::{LoginId, Secret};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

// ---- the server ---------------------------------------------------------------------------------

/// A prefix of login ids no other test uses.
fn unique_prefix(name: &str) -> String {
    format!("{name}-{}", js_sys::Date::now() as u64)
}

/// Creates `count` users of acme, `<prefix>-<i>@acme.test`, in one batch (so their events share
/// one time); returns their login ids.
async fn create_users(token: &Secret, prefix: &str, count: usize) -> Vec<String> {
    let login_ids: Vec<String> = (0..count)
        .map(|i| format!("{prefix}-{i}@acme.test"))
        .collect();
    let request = BatchCreateUsersRequest {
        users: login_ids
            .iter()
            .map(|login_id| CreateUserRequest {
                login_id: LoginId::new(login_id.clone()),
                email: login_id.clone(),
                ..CreateUserRequest::default()
            })
            .collect(),
        invite: false,
    };
    match acme_client(token).create_users(&request).await {
        Ok(response) if response.failed_users.is_empty() => login_ids,
        Ok(response) => panic!("some users were not created: {:?}", response.failed_users),
        Err(error) => panic!("creating {prefix}-* failed: {error}"),
    }
}

// ---- the page -----------------------------------------------------------------------------------

impl Fixture {
    /// A `<tenant-audit-log>` for acme with the acme admin's token, on the page and loaded.
    async fn audit_of_acme(token: &Secret) -> Self {
        let fixture = Self::new(element::AUDIT_LOG_TAG, &configured("acme"));
        fixture.set_property("sessionToken", &token.expose().into());
        fixture.connect();
        fixture.wait_for_event(custom_events::READY).await;
        fixture
    }

    /// The event rows (not their detail rows), in order.
    fn event_rows(&self) -> Vec<Element> {
        self.all("tbody.tk-event > tr:first-child")
    }

    /// The text of `column` in every event row, in order.
    fn column(&self, column: &str) -> Vec<String> {
        self.event_rows()
            .iter()
            .map(|row| column_text(row, column))
            .collect()
    }

    /// Types `text` into the search box and waits until the table shows exactly `rows` events.
    async fn search(&self, text: &str, rows: usize) {
        self.fill(r#"input[part="search"]"#, text, "input");
        self.wait_for_rows(&format!("{rows} events matching {text:?}"), rows)
            .await;
    }

    async fn wait_for_rows(&self, what: &str, rows: usize) {
        wait_until(what, || {
            self.event_rows().len() == rows
                && self
                    .all(".tk-body")
                    .first()
                    .and_then(|body| body.get_attribute("aria-busy"))
                    .as_deref()
                    == Some("false")
        })
        .await;
    }

    /// The expand button of event row `index`.
    fn expand_button(&self, index: usize) -> HtmlElement {
        self.event_rows()[index]
            .query_selector(r#"button[part="expand-button"]"#)
            .ok()
            .flatten()
            .and_then(|button| button.dyn_into::<HtmlElement>().ok())
            .expect("every event row has an expand button")
    }
}

// ---- the tests ----------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn events_of_real_changes_show_up_newest_first_with_people_named_by_login_id() {
    let token = session_of(ACME_ADMIN).await;
    let prefix = unique_prefix("audit-new");
    let [login_id] = create_users(&token, &prefix, 1)
        .await
        .try_into()
        .expect("one user");
    let fixture = Fixture::audit_of_acme(&token).await;
    fixture.wait_for_text(&login_id).await;
    // Nothing else touched acme since: the newest event is the one just made.
    assert_eq!(fixture.column("action")[0], "User created");
    assert_eq!(fixture.column("user")[0], login_id);
    assert_eq!(fixture.column("actor")[0], ACME_ADMIN);
    assert!(
        !fixture.column("address")[0].is_empty(),
        "the remote address is shown"
    );
    let time = fixture.first("tbody.tk-event th[data-column=\"time\"] time");
    let iso = time.get_attribute("datetime").unwrap_or_default();
    let occurred = js_sys::Date::parse(&iso);
    assert!(
        (js_sys::Date::now() - occurred).abs() < 5.0 * 60_000.0,
        "{iso} is the time of the change"
    );
    assert!(fixture.text().contains("Audit log"));
    assert!(
        fixture
            .first("caption")
            .text_content()
            .is_some_and(|caption| caption.contains("acme"))
    );
}

#[wasm_bindgen_test]
async fn the_search_and_the_action_filter_narrow_the_list() {
    let token = session_of(ACME_ADMIN).await;
    let prefix = unique_prefix("audit-filter");
    let login_ids = create_users(&token, &prefix, 2).await;
    let request = LoginIdRequest {
        login_id: LoginId::new(login_ids[1].clone()),
    };
    if let Err(error) = acme_client(&token).expire_password(&request).await {
        panic!("expiring the password of {} failed: {error}", login_ids[1]);
    }
    let fixture = Fixture::audit_of_acme(&token).await;

    // The prefix matches the two creations and the expiry (by the user's login id).
    fixture.search(&prefix, 3).await;
    assert_eq!(
        fixture.column("action"),
        ["Password expired", "User created", "User created"]
    );
    fixture.search(&login_ids[1], 2).await;
    assert_eq!(fixture.column("user"), [login_ids[1].as_str(); 2]);

    fixture.fill(r#"select[part~="action"]"#, "PasswordExpired", "change");
    fixture.wait_for_rows("only the expiry", 1).await;
    assert_eq!(fixture.column("action"), ["Password expired"]);
    assert!(fixture.text().contains("1 event"));

    // An action nobody did to these users: nothing matches, and the widget says so.
    fixture.fill(r#"select[part~="action"]"#, "RoleDeleted", "change");
    fixture.wait_for_text("No events match").await;
    assert!(fixture.event_rows().is_empty());
}

#[wasm_bindgen_test]
async fn a_row_expands_to_its_details_and_collapses_again() {
    let token = session_of(ACME_ADMIN).await;
    let prefix = unique_prefix("audit-details");
    let [login_id] = create_users(&token, &prefix, 1)
        .await
        .try_into()
        .expect("one user");
    let fixture = Fixture::audit_of_acme(&token).await;
    fixture.search(&login_id, 1).await;

    let button = fixture.expand_button(0);
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    let label = button.get_attribute("aria-label").unwrap_or_default();
    assert!(label.starts_with("Details of User created at "), "{label}");
    let details_id = button
        .get_attribute("aria-controls")
        .expect("aria-controls");
    let details = fixture.first(&format!("#{details_id}"));
    assert!(details.has_attribute("hidden"), "collapsed at first");

    button.click();
    wait_until("the details to open", || !details.has_attribute("hidden")).await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let terms: Vec<(String, String)> = fixture
        .all(&format!("#{details_id} .tk-detail"))
        .iter()
        .map(|entry| {
            let text = |selector: &str| {
                entry
                    .query_selector(selector)
                    .ok()
                    .flatten()
                    .and_then(|node| node.text_content())
                    .unwrap_or_default()
            };
            (text("dt"), text("dd"))
        })
        .collect();
    let has = |term: &str, value: &str| terms.iter().any(|(t, v)| t == term && v == value);
    assert!(has("Recorded action", "UserCreated"), "{terms:?}");
    assert!(has("Type", "Info"), "{terms:?}");
    assert!(has("Tenants", "acme"), "{terms:?}");
    assert!(has("loginId", &login_id), "the event's data: {terms:?}");
    assert!(has("invited", "false"), "non-text data as JSON: {terms:?}");

    button.click();
    wait_until("the details to close", || details.has_attribute("hidden")).await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
}

/// Wraps `URL.createObjectURL` so every Blob it is given lands in the returned array; the
/// download itself goes ahead. Call the returned function to put the original back.
fn capture_downloads() -> (js_sys::Array, js_sys::Function) {
    let install = js_sys::Function::new_with_args(
        "sink",
        "const original = URL.createObjectURL;\
         URL.createObjectURL = (blob) => { sink.push(blob); return original.call(URL, blob); };\
         return () => { URL.createObjectURL = original; };",
    );
    let sink = js_sys::Array::new();
    let restore = install
        .call1(&JsValue::NULL, &sink)
        .expect("wrap URL.createObjectURL")
        .dyn_into::<js_sys::Function>()
        .expect("a function that restores it");
    (sink, restore)
}

#[wasm_bindgen_test]
async fn pages_and_the_csv_export_cover_every_matching_event() {
    let token = session_of(ACME_ADMIN).await;
    let prefix = unique_prefix("audit-pages");
    let login_ids = create_users(&token, &prefix, 12).await;
    let fixture = Fixture::audit_of_acme(&token).await;
    fixture.fill(r#"select[part="page-size"]"#, "10", "change");
    fixture.search(&prefix, 10).await;
    fixture.wait_for_text("1–10 of 12").await;
    let first_page = fixture.column("user");

    fixture.click("Next");
    fixture.wait_for_text("11–12 of 12").await;
    fixture.wait_for_rows("the second page", 2).await;
    let second_page = fixture.column("user");
    assert!(
        fixture
            .button("Next")
            .is_some_and(|next| next.has_attribute("disabled")),
        "no page after the last"
    );
    // One batch: the twelve events share their time, so only the pages together are asserted.
    let mut seen: Vec<String> = first_page.into_iter().chain(second_page).collect();
    seen.sort();
    let mut expected = login_ids.clone();
    expected.sort();
    assert_eq!(seen, expected, "each event on exactly one page");

    // The export holds all twelve, not the two on screen.
    let (downloads, restore) = capture_downloads();
    fixture.click("Export CSV");
    let exported = fixture.wait_for_event(custom_events::AUDIT_EXPORTED).await;
    restore
        .call0(&JsValue::NULL)
        .expect("restore URL.createObjectURL");
    assert_eq!(detail_field(&exported, "count").as_f64(), Some(12.0));
    assert_eq!(detail_field(&exported, "total").as_f64(), Some(12.0));
    fixture.wait_for_text("Exported 12 events to CSV.").await;
    assert_eq!(downloads.length(), 1, "one file offered");
    let blob: web_sys::Blob = downloads.get(0).dyn_into().expect("a Blob");
    assert!(blob.type_().starts_with("text/csv"), "{}", blob.type_());
    let csv = JsFuture::from(blob.text())
        .await
        .expect("read the file")
        .as_string()
        .expect("text");
    let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(
        lines[0],
        "occurred,action,type,actor,actorId,user,userId,remoteAddress,tenants,data,occurredMs"
    );
    assert_eq!(lines.len(), 13, "a header and twelve events:\n{csv}");
    for login_id in &login_ids {
        let line = lines[1..]
            .iter()
            .find(|line| line.contains(&format!(",{login_id},")))
            .unwrap_or_else(|| panic!("no line for {login_id}:\n{csv}"));
        assert!(
            line.contains(&format!(",UserCreated,info,{ACME_ADMIN},")),
            "{line} is {ACME_ADMIN}'s creation of {login_id}"
        );
    }
}
