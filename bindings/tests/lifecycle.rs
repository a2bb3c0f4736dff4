//! `<tenant-user-management>` in headless Chromium against a real TenantKit server with demo data:
//! rendering, events, attribute and property changes, the 401 paths, errors as text, the
//! element lifecycle (disconnect frees the app, a move does not remount, `define()` is idempotent),
//! and user management: pages, debounced search, sorting, dialogs and keyboard, validation in the
//! browser, create, edit, a bulk action with a partial failure, and the one-time password.
//!
//! Tests that change data use login ids of their own, so they never disturb the others. The
//! server, the sign-in and the page fixture are in `support/`, shared with the role tests.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use gloo_timers::future::TimeoutFuture;
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;
use tenantkit_bindings::{custom_events, diagnostics, element};
use tenantkit_wire::{LoginId, Secret, UserSearchRequest, UserStatus};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

mod support;

use support::{
    ACME_ADMIN, Fixture, GLOBEX_ADMIN, acme_client, computed_style, configured, create_in_acme,
    detail_field, document, no_widgets_mounted, session_of, settle, wait_until, widget_client,
};

// ---- the server ---------------------------------------------------------------------------------

/// The login ids the server lists for `tenant`, asked through the typed client as the element
/// would: the truth the rendered table is compared with.
async fn login_ids_of(tenant: &str, token: &Secret) -> BTreeSet<String> {
    login_ids_where(tenant, token, UserSearchRequest::default()).await
}

/// The login ids of `tenant`'s users matching `request` (its first 100).
async fn login_ids_where(
    tenant: &str,
    token: &Secret,
    request: UserSearchRequest,
) -> BTreeSet<String> {
    let request = UserSearchRequest {
        limit: 100,
        ..request
    };
    match widget_client(tenant, token).search_users(&request).await {
        Ok(response) => response
            .users
            .iter()
            .filter_map(|user| user.login_ids.first().map(|id| id.as_str().to_owned()))
            .collect(),
        Err(error) => panic!("searching the users of {tenant} failed: {error}"),
    }
}

// ---- the page -----------------------------------------------------------------------------------

impl Fixture {
    /// A `<tenant-user-management>` with `attributes`, not yet on the page.
    fn users(attributes: &[(&str, String)]) -> Self {
        Self::new(element::USER_MANAGEMENT_TAG, attributes)
    }

    /// An acme element whose session token the server refuses, with a `tokenProvider` that
    /// answers `fresh`, on the page.
    fn refused_then(fresh: Option<Secret>) -> (Self, CountingProvider) {
        let fixture = Self::users(&configured("acme"));
        fixture.set_property("sessionToken", &"expired-or-invalid".into());
        let provider = CountingProvider::returning(fresh);
        fixture.set_property("tokenProvider", &provider.function);
        fixture.connect();
        (fixture, provider)
    }

    /// An element configured for the acme admin (token as a property), on the page.
    async fn acme() -> (Self, Secret) {
        let token = session_of(ACME_ADMIN).await;
        let fixture = Self::users(&configured("acme"));
        fixture.set_property("sessionToken", &token.expose().into());
        fixture.connect();
        (fixture, token)
    }

    fn rendered_login_ids(&self) -> BTreeSet<String> {
        self.all(r#"tbody tr td[data-column="login-id"]"#)
            .iter()
            .filter_map(|cell| cell.text_content())
            .map(|text| text.trim().to_owned())
            .collect()
    }

    async fn wait_for_rows(&self, expected: &BTreeSet<String>) {
        wait_until("the table to list exactly the tenant's users", || {
            &self.rendered_login_ids() == expected
        })
        .await;
    }
}

/// A JS `async () => token` that counts its calls.
struct CountingProvider {
    function: Function,
    calls: Rc<Cell<u32>>,
    _closure: Closure<dyn FnMut() -> Promise>,
}

impl CountingProvider {
    fn returning(token: Option<Secret>) -> Self {
        let calls = Rc::new(Cell::new(0));
        let counter = calls.clone();
        let closure = Closure::<dyn FnMut() -> Promise>::new(move || {
            counter.set(counter.get() + 1);
            let token = token.clone();
            future_to_promise(async move {
                Ok(token.map_or(JsValue::NULL, |token| JsValue::from_str(token.expose())))
            })
        });
        let function: Function = closure.as_ref().clone().unchecked_into();
        Self {
            function,
            calls,
            _closure: closure,
        }
    }
}

// ---- the tests ----------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn connecting_renders_the_tenants_users_and_sends_tk_ready() {
    let (fixture, token) = Fixture::acme().await;
    let expected = login_ids_of("acme", &token).await;
    assert!(
        expected.len() >= 30,
        "the demo data gives acme at least 30 users, got {}",
        expected.len()
    );
    assert!(
        expected.iter().all(|id| !id.ends_with("@globex.test")),
        "acme must not list globex's own users"
    );

    fixture.wait_for_rows(&expected).await;
    let ready = fixture.wait_for_event(custom_events::READY).await;
    assert!(
        ready.bubbles() && ready.composed(),
        "tk-ready bubbles and is composed"
    );
    assert_eq!(
        detail_field(&ready, "count").as_f64(),
        Some(expected.len() as f64)
    );

    let table = fixture.all("table");
    assert_eq!(table.len(), 1, "one table");
    let headers: Vec<String> = fixture
        .all("thead th[scope=col]")
        .iter()
        .filter_map(|th| th.text_content())
        .collect();
    assert_eq!(headers, ["Login ID", "Name", "Email", "Status", "Roles"]);
    assert_eq!(
        fixture
            .all("caption")
            .first()
            .and_then(|c| c.text_content())
            .as_deref(),
        Some("Users of tenant acme")
    );
    let status = fixture.all(r#"[role="status"]"#);
    assert_eq!(
        status.first().and_then(|s| s.text_content()),
        Some(format!("{} users loaded", expected.len())),
        "the live region announces the result"
    );
    assert!(
        fixture.text().contains("Enabled"),
        "status badges are shown"
    );
    assert!(fixture.events_named(custom_events::ERROR).is_empty());
}

#[wasm_bindgen_test]
async fn changing_attributes_re_renders_for_the_new_tenant() {
    let acme_token = session_of(ACME_ADMIN).await;
    let globex_token = session_of(GLOBEX_ADMIN).await;
    let mut attributes = configured("acme");
    attributes.push((element::ATTR_SESSION_TOKEN, acme_token.expose().to_owned()));
    let fixture = Fixture::users(&attributes);
    fixture.connect();
    fixture
        .wait_for_rows(&login_ids_of("acme", &acme_token).await)
        .await;
    fixture.wait_for_event(custom_events::READY).await;
    let mounts = diagnostics::total_mounts();

    fixture.set_attribute(element::ATTR_SESSION_TOKEN, globex_token.expose());
    fixture.set_attribute(element::ATTR_TENANT, "globex");
    let globex = login_ids_of("globex", &globex_token).await;
    assert!(
        globex.iter().all(|id| !id.ends_with("@acme.test")),
        "globex must not list acme's own users"
    );
    fixture.wait_for_rows(&globex).await;

    assert_eq!(
        diagnostics::total_mounts(),
        mounts,
        "an attribute change updates props, it does not remount"
    );
    assert_eq!(
        fixture.events_named(custom_events::READY).len(),
        1,
        "tk-ready is sent once per mount"
    );
    assert!(fixture.events_named(custom_events::ERROR).is_empty());
}

#[wasm_bindgen_test]
async fn the_session_token_property_wins_over_the_attribute() {
    let acme_token = session_of(ACME_ADMIN).await;
    let globex_token = session_of(GLOBEX_ADMIN).await;
    let mut attributes = configured("acme");
    attributes.push((element::ATTR_SESSION_TOKEN, "not-a-valid-token".to_owned()));
    let fixture = Fixture::users(&attributes);
    fixture.set_property("sessionToken", &acme_token.expose().into());
    fixture.connect();
    fixture
        .wait_for_rows(&login_ids_of("acme", &acme_token).await)
        .await;
    assert_eq!(
        fixture.property("sessionToken").as_string().as_deref(),
        Some(acme_token.expose())
    );

    fixture.set_property("sessionToken", &globex_token.expose().into());
    fixture.set_property("tenant", &"globex".into());
    assert_eq!(
        fixture.element.get_attribute("tenant").as_deref(),
        Some("globex"),
        "tenant reflects"
    );
    fixture
        .wait_for_rows(&login_ids_of("globex", &globex_token).await)
        .await;

    // Clearing the property lets the (invalid) attribute apply again.
    fixture.set_property("sessionToken", &JsValue::NULL);
    assert!(fixture.property("sessionToken").is_null());
    fixture.wait_for_text("Your session has expired").await;
    fixture.wait_for_event(custom_events::SESSION_EXPIRED).await;
}

#[wasm_bindgen_test]
async fn a_401_asks_the_token_provider_once_and_retries() {
    let token = session_of(ACME_ADMIN).await;
    let (fixture, provider) = Fixture::refused_then(Some(token.clone()));

    fixture
        .wait_for_rows(&login_ids_of("acme", &token).await)
        .await;
    let refreshed = fixture.wait_for_event(custom_events::TOKEN_REFRESHED).await;
    assert!(refreshed.bubbles() && refreshed.composed());
    fixture.wait_for_event(custom_events::READY).await;
    assert_eq!(
        provider.calls.get(),
        1,
        "the provider is asked exactly once"
    );
    assert!(
        fixture
            .events_named(custom_events::SESSION_EXPIRED)
            .is_empty()
    );
}

#[wasm_bindgen_test]
async fn a_refreshed_token_serves_the_actions_too_without_asking_again() {
    let token = session_of(ACME_ADMIN).await;
    let (fixture, provider) = Fixture::refused_then(Some(token.clone()));
    fixture.wait_for_event(custom_events::READY).await;

    // The create dialog loads the tenant's roles, and creating sends the user: both with the
    // refreshed token, none refused first.
    let login_id = unique_login_id("refreshed");
    fixture.click("Create user");
    wait_until("the create dialog", || {
        !fixture.all("#tk-field-login-id").is_empty()
    })
    .await;
    fixture.fill("#tk-field-login-id", &login_id, "input");
    fixture.fill("#tk-field-email", &login_id, "input");
    fixture.click("Create");
    fixture.wait_for_event(custom_events::USER_CREATED).await;
    assert!(
        login_ids_of("acme", &token).await.contains(&login_id),
        "the user was created"
    );
    fixture.refresh();
    settle().await;
    assert_eq!(
        provider.calls.get(),
        1,
        "the provider is asked once, for the first refused request only"
    );
    assert_eq!(
        fixture.events_named(custom_events::TOKEN_REFRESHED).len(),
        1,
        "one refresh, reported once"
    );
    assert!(
        fixture
            .events_named(custom_events::SESSION_EXPIRED)
            .is_empty()
    );
}

#[wasm_bindgen_test]
async fn a_provider_token_that_is_refused_too_ends_the_session_after_one_retry() {
    let (fixture, provider) = Fixture::refused_then(Some(Secret::new("also-invalid")));

    fixture.wait_for_text("Your session has expired").await;
    fixture.wait_for_event(custom_events::SESSION_EXPIRED).await;
    settle().await;
    assert_eq!(provider.calls.get(), 1, "one retry, not a loop");
    assert!(
        fixture
            .events_named(custom_events::TOKEN_REFRESHED)
            .is_empty()
    );
}

#[wasm_bindgen_test]
async fn a_401_without_a_provider_shows_the_session_expired_state() {
    let fixture = Fixture::users(&configured("acme"));
    fixture.set_property("sessionToken", &"expired-or-invalid".into());
    fixture.connect();

    fixture.wait_for_text("Your session has expired").await;
    let expired = fixture.wait_for_event(custom_events::SESSION_EXPIRED).await;
    assert!(
        expired.bubbles() && expired.composed(),
        "tk-session-expired crosses the shadow boundary"
    );
    assert_eq!(fixture.all(r#"[part~="session-expired"]"#).len(), 1);
    assert!(fixture.all("table").is_empty(), "no table without data");
    assert!(fixture.events_named(custom_events::READY).is_empty());
}

#[wasm_bindgen_test]
async fn a_server_error_is_rendered_as_text() {
    let token = session_of(ACME_ADMIN).await;
    // The acme admin has no rights in globex: the server answers 403 with its own message.
    let fixture = Fixture::users(&configured("globex"));
    fixture.set_property("sessionToken", &token.expose().into());
    fixture.connect();

    let error = fixture.wait_for_event(custom_events::ERROR).await;
    assert!(error.bubbles() && error.composed());
    assert_eq!(detail_field(&error, "status").as_f64(), Some(403.0));
    let message = detail_field(&error, "message")
        .as_string()
        .unwrap_or_default();
    assert!(!message.is_empty(), "tk-error carries the server's message");
    fixture.wait_for_text("Could not load users").await;
    let detail = fixture.all(r#"[part~="error"] [part="state-detail"]"#);
    assert_eq!(detail.len(), 1, "the error panel shows a detail line");
    assert_eq!(detail[0].text_content().as_deref(), Some(message.as_str()));
    assert_eq!(
        detail[0].child_element_count(),
        0,
        "the message is a text node"
    );
    assert_eq!(
        fixture.all(r#"[role="alert"]"#).len(),
        1,
        "the error is announced"
    );
}

#[wasm_bindgen_test]
async fn markup_in_settings_and_server_messages_stays_text() {
    let token = session_of(ACME_ADMIN).await;
    let markup = r#"<img src="x" id="tk-injected"><b>bold</b>"#;
    let fixture = Fixture::users(&configured(markup));
    fixture.set_property("sessionToken", &token.expose().into());
    fixture.connect();

    let error = fixture.wait_for_event(custom_events::ERROR).await;
    let message = detail_field(&error, "message")
        .as_string()
        .unwrap_or_default();
    fixture.wait_for_text(&message).await;
    assert!(
        fixture.text().contains(markup),
        "the tenant shows as literal text"
    );
    assert!(
        fixture.all("img, b, #tk-injected").is_empty(),
        "no element came from the markup"
    );
}

#[wasm_bindgen_test]
async fn missing_settings_show_what_is_missing_without_a_request() {
    let fixture = Fixture::users(&[(element::ATTR_TENANT, "acme".to_owned())]);
    fixture.connect();
    fixture
        .wait_for_text("This widget is not configured yet")
        .await;
    assert!(
        fixture
            .text()
            .contains("Missing: project ID, API base URL, session token.")
    );
    settle().await;
    assert!(
        fixture.events.borrow().is_empty(),
        "no request, so no event"
    );
}

#[wasm_bindgen_test]
async fn disconnecting_frees_the_app_and_moving_does_not_remount() {
    no_widgets_mounted().await;
    let (fixture, token) = Fixture::acme().await;
    let expected = login_ids_of("acme", &token).await;
    fixture.wait_for_rows(&expected).await;
    assert_eq!(diagnostics::mounted_widgets(), 1);
    let mounts = diagnostics::total_mounts();
    let root = fixture.all(".tk-root");
    assert_eq!(root.len(), 1, "one mount div in the shadow root");

    // Move: disconnect and connect in one go (a sibling container).
    let elsewhere = document()
        .create_element("section")
        .expect("create a section");
    fixture
        .container
        .append_child(&elsewhere)
        .expect("append the section");
    elsewhere
        .append_child(&fixture.element)
        .expect("move the element");
    settle().await;
    assert_eq!(
        diagnostics::total_mounts(),
        mounts,
        "a move keeps the mounted app"
    );
    assert_eq!(diagnostics::mounted_widgets(), 1);
    let root_after = fixture.all(".tk-root");
    assert_eq!(root_after.len(), 1);
    assert!(root_after[0] == root[0], "the same mount div");
    assert_eq!(fixture.rendered_login_ids(), expected, "the rows stayed");

    // Disconnect: the app is destroyed and its mount div removed.
    fixture.element.remove();
    wait_until("the app to be destroyed", || {
        diagnostics::mounted_widgets() == 0
    })
    .await;
    assert!(fixture.all(".tk-root").is_empty(), "the mount div is gone");
    assert_eq!(
        fixture.shadow().child_element_count(),
        0,
        "the shadow root is empty"
    );

    // Reconnecting mounts a fresh app with the same settings.
    fixture.connect();
    assert_eq!(diagnostics::total_mounts(), mounts + 1);
    fixture.wait_for_rows(&expected).await;
    // `tk-ready` leaves after the rows are painted (an effect of the render), so under load it
    // can come a moment after them: wait for it, then check it came exactly once more.
    wait_until("a new mount to be ready again", || {
        fixture.events_named(custom_events::READY).len() >= 2
    })
    .await;
    settle().await;
    assert_eq!(
        fixture.events_named(custom_events::READY).len(),
        2,
        "a new mount is ready again, once"
    );
}

/// Counts `URL.createObjectURL` calls (the CSV download makes one) until dropped.
struct DownloadCounter {
    original: JsValue,
    calls: Rc<Cell<u32>>,
    _closure: Closure<dyn FnMut(JsValue) -> JsValue>,
}

impl DownloadCounter {
    fn install() -> Self {
        let url = Reflect::get(&js_sys::global(), &"URL".into()).expect("URL");
        let original = Reflect::get(&url, &"createObjectURL".into()).expect("createObjectURL");
        let calls = Rc::new(Cell::new(0));
        let counter = calls.clone();
        let call_original: Function = original.clone().unchecked_into();
        let closure = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |blob: JsValue| {
            counter.set(counter.get() + 1);
            call_original
                .call1(&JsValue::NULL, &blob)
                .expect("the real createObjectURL")
        });
        Reflect::set(&url, &"createObjectURL".into(), closure.as_ref()).expect("replace it");
        Self {
            original,
            calls,
            _closure: closure,
        }
    }
}

impl Drop for DownloadCounter {
    fn drop(&mut self) {
        if let Ok(url) = Reflect::get(&js_sys::global(), &"URL".into()) {
            let _ = Reflect::set(&url, &"createObjectURL".into(), &self.original);
        }
    }
}

#[wasm_bindgen_test]
async fn removing_the_element_cancels_an_export_in_flight() {
    let (fixture, _token) = Fixture::acme().await;
    fixture.wait_for_event(custom_events::READY).await;
    let downloads = DownloadCounter::install();

    // Connected, an export downloads once.
    fixture.click("Export CSV");
    fixture.wait_for_event(custom_events::USERS_EXPORTED).await;
    assert_eq!(downloads.calls.get(), 1, "the export made one download");

    // Removed while its first page is being fetched, it downloads nothing.
    fixture.click("Export CSV");
    fixture.container.remove();
    no_widgets_mounted().await;
    TimeoutFuture::new(1_500).await;
    assert_eq!(
        downloads.calls.get(),
        1,
        "no download after the element was removed"
    );
}

/// The stylesheet the elements adopt is `styles.css` without comments and spare whitespace
/// (`widgets/build.rs`): the browser parses both to the same rules, each written back alike.
#[wasm_bindgen_test]
fn the_shipped_stylesheet_parses_to_the_rules_of_the_source() {
    let rules = |css: &str| {
        let sheet = web_sys::CssStyleSheet::new().expect("a stylesheet");
        sheet.replace_sync(css).expect("CSS the browser reads");
        let list = sheet.css_rules().expect("its rules");
        (0..list.length())
            .map(|index| list.item(index).expect("a rule").css_text())
            .collect::<Vec<String>>()
    };
    let source = rules(include_str!("../../widgets/src/styles.css"));
    assert!(source.len() > 200, "the source has its rules");
    assert_eq!(rules(tenantkit_widgets::STYLES), source);
    assert!(tenantkit_widgets::STYLES.len() < include_str!("../../widgets/src/styles.css").len());
}

#[wasm_bindgen_test]
async fn styles_stay_inside_the_shadow_root_and_the_page_styles_stay_out() {
    let document = document();
    let body = document.body().expect("a body");
    // A page stylesheet that would paint every table cell red and style the widget's classes.
    let page_style = document.create_element("style").expect("a style");
    page_style.set_text_content(Some(
        "td, .tk-table td { color: rgb(255, 0, 0) !important; }",
    ));
    body.append_child(&page_style).expect("add the page style");
    // A page button with the widget's class name, and a plain one to compare it with.
    let namesake = document.create_element("button").expect("a button");
    namesake.set_class_name("tk-button tk-button--primary");
    let plain = document.create_element("button").expect("a button");
    body.append_child(&namesake).expect("add");
    body.append_child(&plain).expect("add");

    let (fixture, token) = Fixture::acme().await;
    fixture
        .wait_for_rows(&login_ids_of("acme", &token).await)
        .await;
    let cell = fixture.first("tbody td");
    assert_ne!(
        computed_style(&cell, "color"),
        "rgb(255, 0, 0)",
        "the page's rules do not reach into the shadow root"
    );
    let widget_button = fixture.first(".tk-button--primary");
    for property in ["background-color", "border-radius", "padding-left"] {
        assert_eq!(
            computed_style(&namesake, property),
            computed_style(&plain, property),
            "the widget's {property} does not leak onto the page"
        );
    }
    assert_ne!(
        computed_style(&widget_button, "background-color"),
        computed_style(&plain, "background-color"),
        "inside, the widget's own styles apply"
    );
    page_style.remove();
    namesake.remove();
    plain.remove();
}

#[wasm_bindgen_test]
async fn define_twice_is_harmless_and_properties_follow_the_contract() {
    let registry = web_sys::window().expect("a window").custom_elements();
    tenantkit_bindings::define().expect("define");
    let before = registry.get(element::USER_MANAGEMENT_TAG);
    assert!(before.is_function(), "define() registered a class");
    tenantkit_bindings::define().expect("define again");
    tenantkit_bindings::define().expect("and again");
    assert!(
        Object::is(&before, &registry.get(element::USER_MANAGEMENT_TAG)),
        "still the first definition"
    );

    let fixture = Fixture::users(&[]);
    let prototype = Reflect::get(&before, &"prototype".into()).expect("the class's prototype");
    assert!(
        Object::is(&Object::get_prototype_of(&fixture.element), &prototype),
        "createElement gives an instance of the defined class"
    );
    let observed = Reflect::get(&before, &"observedAttributes".into()).expect("observedAttributes");
    let observed: Vec<String> = js_sys::Array::from(&observed)
        .iter()
        .filter_map(|name| name.as_string())
        .collect();
    assert_eq!(observed, element::OBSERVED_ATTRIBUTES);

    fixture.set_property("projectId", &"P123".into());
    fixture.set_property("baseUrl", &"http://api.test".into());
    assert_eq!(
        fixture.element.get_attribute("project-id").as_deref(),
        Some("P123")
    );
    assert_eq!(
        fixture.element.get_attribute("base-url").as_deref(),
        Some("http://api.test")
    );
    fixture.set_property("projectId", &JsValue::NULL);
    assert!(
        !fixture.element.has_attribute("project-id"),
        "null removes the attribute"
    );
    assert!(
        fixture.property("sessionToken").is_null(),
        "no token property set"
    );
    assert!(fixture.property("tokenProvider").is_null());
    assert!(
        Reflect::set(
            &fixture.element,
            &"tokenProvider".into(),
            &"not a function".into()
        )
        .is_err(),
        "tokenProvider accepts only functions"
    );
    assert!(
        fixture.element.get_attribute("session-token").is_none(),
        "the token property is not reflected"
    );
}

// ---- user management: pages, search, sort, dialogs, actions ------------------------------------

impl Fixture {
    fn rendered_in_order(&self) -> Vec<String> {
        self.all(r#"tbody tr td[data-column="login-id"]"#)
            .iter()
            .filter_map(|cell| cell.text_content())
            .map(|text| text.trim().to_owned())
            .collect()
    }

    fn range_text(&self) -> String {
        self.all(r#"[part="range"]"#)
            .first()
            .and_then(|range| range.text_content())
            .unwrap_or_default()
    }

    /// The acme element, loaded, with `count` rows per page.
    async fn acme_loaded(page_size: u32) -> (Self, Secret, u64) {
        let (fixture, token) = Fixture::acme().await;
        fixture.wait_for_event(custom_events::READY).await;
        let total = total_of("acme", &token, "").await;
        fixture.fill(
            r#"select[part="page-size"]"#,
            &page_size.to_string(),
            "change",
        );
        let expected = std::cmp::min(u64::from(page_size), total) as usize;
        wait_until("a page of the chosen size", || {
            fixture.rendered_in_order().len() == expected
        })
        .await;
        (fixture, token, total)
    }
}

/// How many users of `tenant` match `text`, asked through the typed client.
async fn total_of(tenant: &str, token: &Secret, text: &str) -> u64 {
    let client = widget_client(tenant, token);
    let request = UserSearchRequest {
        limit: 1,
        text: text.to_owned(),
        ..UserSearchRequest::default()
    };
    match client.search_users(&request).await {
        Ok(response) => response.total,
        Err(error) => panic!("searching {tenant} failed: {error}"),
    }
}

#[wasm_bindgen_test]
async fn pages_show_different_users_and_the_total() {
    let (fixture, _token, total) = Fixture::acme_loaded(10).await;
    assert!(total > 10, "acme has more than one page of 10");
    assert_eq!(fixture.range_text(), format!("1–10 of {total}"));
    let first_page = fixture.rendered_in_order();
    assert!(
        fixture
            .button("Previous")
            .is_some_and(|b| b.has_attribute("disabled")),
        "no previous page on page 1"
    );

    fixture.click("Next");
    wait_until("page 2", || {
        fixture.range_text() == format!("11–20 of {total}")
    })
    .await;
    wait_until("page 2's rows", || {
        fixture.rendered_in_order() != first_page
    })
    .await;
    let second_page = fixture.rendered_in_order();
    assert_eq!(second_page.len(), 10);
    assert!(
        second_page.iter().all(|id| !first_page.contains(id)),
        "page 2 shows other users than page 1"
    );
    fixture.click("Previous");
    wait_until("page 1 again", || fixture.rendered_in_order() == first_page).await;
}

#[wasm_bindgen_test]
async fn typing_a_search_narrows_the_rows_after_the_debounce() {
    let (fixture, token, total) = Fixture::acme_loaded(100).await;
    let expected = total_of("acme", &token, "partners").await;
    assert!(expected > 0 && expected < total, "a search that narrows");

    fixture.fill(r#"input[type="search"]"#, "part", "input");
    fixture.fill(r#"input[type="search"]"#, "partners", "input");
    // Nothing changes before the debounce has passed.
    TimeoutFuture::new(100).await;
    assert_eq!(fixture.rendered_in_order().len() as u64, total);
    wait_until("the search to narrow the rows", || {
        fixture.rendered_in_order().len() as u64 == expected
    })
    .await;
    assert!(
        fixture
            .rendered_in_order()
            .iter()
            .all(|id| id.contains("partners")),
        "only matching users"
    );
    assert_eq!(fixture.range_text(), format!("1–{expected} of {expected}"));

    fixture.fill(r#"input[type="search"]"#, "no-such-user-anywhere", "input");
    fixture.wait_for_text("No users match").await;
}

#[wasm_bindgen_test]
async fn status_and_role_filters_show_what_the_server_matches_and_select_all_takes_the_page() {
    let (fixture, token, total) = Fixture::acme_loaded(100).await;
    let status_filter = r#"select[part="filter"]:has(option[value="disabled"])"#;
    let disabled = login_ids_where(
        "acme",
        &token,
        UserSearchRequest {
            statuses: vec![UserStatus::Disabled],
            ..UserSearchRequest::default()
        },
    )
    .await;
    assert!(
        !disabled.is_empty() && (disabled.len() as u64) < total,
        "a filter that narrows"
    );
    fixture.fill(status_filter, "disabled", "change");
    wait_until("only the disabled users", || {
        fixture.rendered_login_ids() == disabled
    })
    .await;
    fixture.fill(status_filter, "", "change");

    let role = "Support Agent";
    let role_filter = format!(r#"select[part="filter"]:has(option[value="{role}"])"#);
    let holders = login_ids_where(
        "acme",
        &token,
        UserSearchRequest {
            role_names: vec![role.to_owned()],
            ..UserSearchRequest::default()
        },
    )
    .await;
    assert!(!holders.is_empty() && (holders.len() as u64) < total);
    wait_until("the role filter offers the role", || {
        !fixture.all(&role_filter).is_empty()
    })
    .await;
    fixture.fill(&role_filter, role, "change");
    wait_until("only the role's holders", || {
        fixture.rendered_login_ids() == holders
    })
    .await;

    fixture.checkbox("Select all users on this page").click();
    let selected = format!("{} selected", holders.len());
    wait_until("every row of the page selected", || {
        fixture.text().contains(&selected)
    })
    .await;
    let row_boxes = fixture.all(r#"tbody input[type="checkbox"]"#);
    assert_eq!(row_boxes.len(), holders.len());
    assert!(
        row_boxes.iter().all(|element| element
            .dyn_ref::<web_sys::HtmlInputElement>()
            .is_some_and(web_sys::HtmlInputElement::checked)),
        "each row's box is checked"
    );
}

#[wasm_bindgen_test]
async fn clicking_a_header_sorts_and_sets_aria_sort() {
    let (fixture, _token, _total) = Fixture::acme_loaded(100).await;
    let header = || fixture.first(r#"th[aria-sort]:has(button)"#);
    assert_eq!(header().get_attribute("aria-sort").as_deref(), Some("none"));
    fixture.click("Login ID");
    wait_until("ascending sort", || {
        header().get_attribute("aria-sort").as_deref() == Some("ascending")
    })
    .await;
    wait_until("rows in ascending order", || {
        let rows = fixture.rendered_in_order();
        rows.windows(2).all(|pair| pair[0] <= pair[1])
    })
    .await;
    fixture.click("Login ID");
    wait_until("rows in descending order", || {
        let rows = fixture.rendered_in_order();
        header().get_attribute("aria-sort").as_deref() == Some("descending")
            && rows.windows(2).all(|pair| pair[0] >= pair[1])
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_bad_email_is_refused_in_the_browser_and_escape_returns_focus() {
    let (fixture, _token, _total) = Fixture::acme_loaded(100).await;
    let opener = fixture.button("Create user").expect("a create button");
    opener.focus().expect("focus");
    opener.click();
    wait_until("the create dialog", || {
        !fixture
            .all(r#"[role="dialog"][aria-modal="true"]"#)
            .is_empty()
    })
    .await;
    settle().await;
    assert_eq!(
        fixture
            .active_element()
            .and_then(|e| e.get_attribute("id"))
            .as_deref(),
        Some("tk-field-login-id"),
        "focus moves into the dialog"
    );
    fixture.fill("#tk-field-login-id", "bad-email-user@acme.test", "input");
    fixture.fill("#tk-field-email", "not-an-email", "input");
    fixture.click("Create");
    fixture
        .wait_for_text("\"not-an-email\" is not a valid email address")
        .await;
    let email = fixture.first("#tk-field-email");
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        email.get_attribute("aria-describedby").as_deref(),
        Some("tk-field-email-error")
    );
    assert!(
        fixture.events_named(custom_events::ERROR).is_empty(),
        "no request was made"
    );

    fixture.press(r#"[role="dialog"]"#, "Escape");
    wait_until("the dialog to close", || {
        fixture.all(r#"[role="dialog"]"#).is_empty()
    })
    .await;
    settle().await;
    assert!(
        fixture
            .active_element()
            .is_some_and(|e| e == *opener.unchecked_ref::<Element>()),
        "focus returns to the opener"
    );
}

#[wasm_bindgen_test]
async fn the_row_menu_offers_no_destructive_action_on_yourself() {
    let (fixture, _token, _total) = Fixture::acme_loaded(100).await;
    fixture.click(&format!("Actions for {ACME_ADMIN}"));
    wait_until("the menu", || !fixture.all(r#"[role="menu"]"#).is_empty()).await;
    let items: Vec<String> = fixture
        .all(r#"[role="menuitem"]"#)
        .iter()
        .filter_map(|item| item.text_content())
        .collect();
    assert!(
        !items
            .iter()
            .any(|item| item == "Delete" || item == "Disable"),
        "{items:?}"
    );
    fixture.press(r#"[role="menu"]"#, "Escape");
    wait_until("the menu to close", || {
        fixture.all(r#"[role="menu"]"#).is_empty()
    })
    .await;

    fixture.click("Actions for olivia.brown@acme.test");
    wait_until("the menu", || {
        !fixture.all(r#"[role="menuitem"]"#).is_empty()
    })
    .await;
    let items: Vec<String> = fixture
        .all(r#"[role="menuitem"]"#)
        .iter()
        .filter_map(|item| item.text_content())
        .collect();
    assert!(items.iter().any(|item| item == "Delete"), "{items:?}");
}

// ---- user management: changes ------------------------------

/// A login id no other test uses.
fn unique_login_id(prefix: &str) -> String {
    format!("{prefix}-{}@acme.test", js_sys::Date::now() as u64)
}

async fn status_of(token: &Secret, login_id: &str) -> UserStatus {
    let client = acme_client(token);
    match client.load_user(&LoginId::new(login_id)).await {
        Ok(response) => response.user.status,
        Err(error) => panic!("loading {login_id} failed: {error}"),
    }
}

impl Fixture {
    /// Types `text` into the search box and waits for the user rows to match it.
    async fn search_users(&self, text: &str) {
        self.fill(r#"input[type="search"]"#, text, "input");
        wait_until(&format!("rows matching {text:?}"), || {
            let rows = self.rendered_in_order();
            !rows.is_empty() && rows.iter().all(|id| id.contains(text))
        })
        .await;
    }
}

#[wasm_bindgen_test]
async fn creating_a_user_adds_the_row_and_sends_tk_user_created() {
    let (fixture, _token, _total) = Fixture::acme_loaded(100).await;
    let login_id = unique_login_id("created");
    fixture.click("Create user");
    wait_until("the create dialog", || {
        !fixture.all(r#"[role="dialog"]"#).is_empty()
    })
    .await;
    fixture.fill("#tk-field-login-id", &login_id, "input");
    fixture.fill("#tk-field-email", &login_id, "input");
    fixture.fill("#tk-field-name", "Grace Hopper", "input");
    fixture.click("Create");
    let created = fixture.wait_for_event(custom_events::USER_CREATED).await;
    assert!(created.bubbles() && created.composed());
    assert_eq!(
        detail_field(&created, "loginId").as_string().as_deref(),
        Some(login_id.as_str())
    );
    assert!(
        detail_field(&created, "userId")
            .as_string()
            .is_some_and(|id| !id.is_empty())
    );
    wait_until("the dialog to close", || {
        fixture.all(r#"[role="dialog"]"#).is_empty()
    })
    .await;
    fixture
        .wait_for_text(&format!("{login_id} was created."))
        .await;
    wait_until("the new row", || {
        fixture.rendered_in_order().contains(&login_id)
    })
    .await;

    // Edit: change the name only.
    fixture.search_users(&login_id).await;
    fixture.choose(&login_id, "Edit").await;
    wait_until("the edit dialog", || {
        !fixture.all("#tk-field-name").is_empty()
    })
    .await;
    fixture.fill("#tk-field-name", "Grace B. Hopper", "input");
    fixture.click("Save");
    let updated = fixture.wait_for_event(custom_events::USER_UPDATED).await;
    assert_eq!(
        detail_field(&updated, "loginId").as_string().as_deref(),
        Some(login_id.as_str())
    );
    fixture.wait_for_text("Grace B. Hopper").await;

    // The same login id again: the server refuses it, the form says so, the page hears of it.
    fixture.click("Create user");
    wait_until("the create dialog", || {
        !fixture.all("#tk-field-login-id").is_empty()
    })
    .await;
    fixture.fill("#tk-field-login-id", &login_id, "input");
    fixture.click("Create");
    let refused = fixture.wait_for_event(custom_events::ERROR).await;
    assert_eq!(detail_field(&refused, "status").as_f64(), Some(409.0));
    assert!(
        !fixture.all(r#"[role="dialog"]"#).is_empty(),
        "the form stays open with what was typed"
    );
}

#[wasm_bindgen_test]
async fn a_bulk_disable_including_yourself_reports_the_failure_and_disables_the_others() {
    let (fixture, token, _total) = Fixture::acme_loaded(100).await;
    let first = unique_login_id("bulk-a");
    let second = unique_login_id("bulk-b");
    create_in_acme(&token, &first).await;
    create_in_acme(&token, &second).await;
    fixture.fill(r#"input[type="search"]"#, "acme.test", "input");
    wait_until("both new users listed", || {
        let rows = fixture.rendered_in_order();
        rows.contains(&first) && rows.contains(&second) && rows.contains(&ACME_ADMIN.to_owned())
    })
    .await;
    fixture.select_users(&[first.as_str(), second.as_str(), ACME_ADMIN]);
    fixture.wait_for_text("3 selected").await;
    fixture
        .all(r#"[part~="bulk-button"]"#)
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some("Disable"))
        .and_then(|b| b.dyn_into::<HtmlElement>().ok())
        .expect("a bulk Disable button")
        .click();
    fixture.wait_for_text("Disable 3 users?").await;
    fixture.click("Confirm");
    let completed = fixture
        .wait_for_event(custom_events::BULK_ACTION_COMPLETED)
        .await;
    assert_eq!(
        detail_field(&completed, "action").as_string().as_deref(),
        Some("disable")
    );
    fixture.wait_for_text("2 done, 1 failed").await;
    fixture.wait_for_text(&format!("{ACME_ADMIN}: ")).await;
    assert_eq!(status_of(&token, &first).await, UserStatus::Disabled);
    assert_eq!(status_of(&token, &second).await, UserStatus::Disabled);
    assert_eq!(status_of(&token, ACME_ADMIN).await, UserStatus::Enabled);
}

#[wasm_bindgen_test]
async fn a_reset_password_is_shown_once_and_gone_after_closing() {
    let (fixture, token, _total) = Fixture::acme_loaded(100).await;
    let login_id = unique_login_id("reset");
    create_in_acme(&token, &login_id).await;
    fixture.search_users(&login_id).await;
    fixture.choose(&login_id, "Reset password").await;
    fixture
        .wait_for_text(&format!("Reset the password of {login_id}?"))
        .await;
    fixture.click("Reset password");
    let password = fixture
        .wait_for("the temporary password", r#"[part="temporary-password"]"#)
        .await
        .text_content()
        .unwrap_or_default();
    assert!(password.trim().len() >= 8, "a generated password is shown");
    fixture.wait_for_text("shown only once").await;
    let reset = fixture.wait_for_event(custom_events::PASSWORD_RESET).await;
    let detail = js_sys::JSON::stringify(&reset.detail())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    assert!(!detail.contains(password.trim()), "no secret in the event");

    fixture.click("Done");
    wait_until("the dialog to close", || {
        fixture.all(r#"[role="dialog"]"#).is_empty()
    })
    .await;
    assert!(
        !fixture.text().contains(password.trim()),
        "the password is gone after closing"
    );
}

// ---- English without Intl -----------------------------------------------------------------------

/// The widgets write English whole numbers and pick English plurals without `Intl` (its first
/// call loads the browser's locale data on an element's first paint): the same text `Intl`
/// gives, here in the browser.
#[wasm_bindgen_test]
fn english_numbers_are_what_intl_writes() {
    let english = tenantkit_widgets::i18n::Lang::default();
    let mut whole = vec![0.0, 1.0, 2.0, 999.0, -1_234.0, 9_007_199_254_740_991.0];
    whole.extend((0..16).map(|power| 10f64.powi(power) + f64::from(power)));
    let rules = js_sys::Intl::PluralRules::new(&js_sys::Array::of1(&"en".into()), &Object::new());
    for number in whole {
        let intl = String::from(js_sys::Number::from(number).to_locale_string("en"));
        assert_eq!(
            tenantkit_widgets::i18n::english_whole_number(number).as_deref(),
            Some(intl.as_str()),
            "{number}"
        );
        let expected = if rules.select(number) == "one" {
            "one"
        } else {
            "other"
        };
        assert_eq!(
            english.count(number as u64, "one", "other"),
            expected,
            "{number}"
        );
    }
    // Beyond whole numbers an f64 holds exactly, and fractions: Intl itself.
    for number in [1e16, 1.5, 1_234.567_8, 0.001] {
        let intl = String::from(js_sys::Number::from(number).to_locale_string("en"));
        assert_eq!(tenantkit_widgets::i18n::english_whole_number(number), None);
        assert_eq!(english.number(number), intl, "{number}");
    }
}

/// A custom attribute's number is read by the browser's `Number()` (Rust's parser brings a 20 KB
/// table into the wasm), and reads what Rust's `str::parse::<f64>` reads, rejecting the rest.
#[wasm_bindgen_test]
fn attribute_numbers_are_what_rust_parses() {
    let texts = [
        "0", "12", "-1.5", "+7", ".5", "5.", "2e-3", "1E+5", "007", "1e400", "0x10", "0b1", "0o7",
        "1e", ".", "-", "+-1", "1.2.3", "inf", "Infinity", "NaN", "1_000", "1 2",
    ];
    for text in texts {
        let rust = text.parse::<f64>().ok().filter(|number| number.is_finite());
        let ours = tenantkit_widgets::ui::attributes::parse_number(text)
            .filter(|number| number.is_finite());
        assert_eq!(ours, rust, "{text}");
    }
}

/// An avatar's initials are found and put in upper case, and a filter in lower case, by the
/// browser's Unicode tables, as Rust's `char::is_alphanumeric`, `char::to_uppercase` and
/// `str::to_lowercase` would.
#[wasm_bindgen_test]
fn initials_are_what_rust_finds() {
    for text in [
        "ada",
        "é.ß",
        "_-1x",
        "Ωμ",
        "日本",
        "٣ab",
        "ǆa",
        "  ",
        "👍a",
        "ⅷz",
        "ΟΔΟΣ ΑΣ",
        "İI",
    ] {
        let rust: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(2)
            .flat_map(char::to_uppercase)
            .collect();
        assert_eq!(
            tenantkit_widgets::i18n::upper_alphanumerics(text, 2),
            rust,
            "{text}"
        );
        assert_eq!(
            tenantkit_widgets::i18n::lower_case(text),
            text.to_lowercase(),
            "{text}"
        );
    }
}

/// Dates are written in the viewer's time zone the way `toLocaleString` with the style's options
/// writes them (`dateStyle: medium`, and `timeStyle` `medium`, `short` or none), in several
/// locales.
#[wasm_bindgen_test]
fn dates_are_what_to_locale_string_writes() {
    use tenantkit_widgets::i18n::{Catalog, Lang, Language};
    use tenantkit_widgets::messages::ENGLISH;
    for locale in ["en", "fr", "ar"] {
        let lang = Lang(Box::leak(Box::new(Language {
            locale,
            catalog: Catalog::english(ENGLISH),
        })));
        for epoch_ms in [0.0, 1_714_578_300_000.0, 1_733_000_000_123.0] {
            let expected = |time: Option<&str>| {
                let options = Object::new();
                Reflect::set(&options, &"dateStyle".into(), &"medium".into()).expect("set");
                if let Some(style) = time {
                    Reflect::set(&options, &"timeStyle".into(), &style.into()).expect("set");
                }
                String::from(js_sys::Date::new(&epoch_ms.into()).to_locale_string(locale, &options))
            };
            assert_eq!(
                lang.instant(epoch_ms),
                expected(Some("medium")),
                "{locale} {epoch_ms}"
            );
            assert_eq!(
                lang.date_time(epoch_ms),
                expected(Some("short")),
                "{locale} {epoch_ms}"
            );
            assert_eq!(lang.date(epoch_ms), expected(None), "{locale} {epoch_ms}");
        }
    }
}
