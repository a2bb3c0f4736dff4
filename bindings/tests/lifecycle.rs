//! `<tenant-user-management>` in headless Chromium against a real TenantKit server with demo data:
//! rendering, events, attribute and property changes, the 401 paths, errors as text, and the
//! element lifecycle (disconnect frees the app, a move does not remount, `define()` is idempotent).
//!
//! The server's address and project id are compiled in from `TENANTKIT_TEST_API` and
//! `TENANTKIT_TEST_PROJECT_ID`; `cargo xtask test browser` starts the server and sets both.
//! Every wait polls the DOM (or the recorded events) with a deadline; nothing sleeps a fixed time
//! and then assumes.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use gloo_timers::future::TimeoutFuture;
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;
use tenantkit_bindings::{custom_events, diagnostics, element};
use tenantkit_client::Client;
use tenantkit_wire::{LoginId, ProjectId, Secret, SignInRequest, TenantId, UserSearchRequest};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{CustomEvent, Element, HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const DEMO_PASSWORD: &str = "tenantkit-demo";
const ACME_ADMIN: &str = "admin@acme.test";
const GLOBEX_ADMIN: &str = "admin@globex.test";
/// How long any awaited state may take to appear.
const DEADLINE_MS: f64 = 20_000.0;

// ---- the server ---------------------------------------------------------------------------------

fn server() -> (&'static str, ProjectId) {
    match (
        option_env!("TENANTKIT_TEST_API"),
        option_env!("TENANTKIT_TEST_PROJECT_ID"),
    ) {
        (Some(api), Some(project)) if !api.is_empty() && !project.is_empty() => {
            (api, ProjectId::new(project))
        }
        _ => panic!(
            "these tests need a running TenantKit server with demo data: build them with \
             TENANTKIT_TEST_API (e.g. http://127.0.0.1:18090) and TENANTKIT_TEST_PROJECT_ID set, \
             or run `cargo xtask test browser`, which does that"
        ),
    }
}

/// Signs a demo admin in and returns their session JWT.
async fn session_of(login_id: &str) -> Secret {
    let (api, project) = server();
    let request = SignInRequest {
        login_id: LoginId::new(login_id),
        password: Secret::new(DEMO_PASSWORD),
        login_options: None,
    };
    match Client::new(api, project).sign_in(&request).await {
        Ok(response) => response.session_jwt,
        Err(error) => panic!("signing in {login_id} at {api} failed: {error}"),
    }
}

/// The login ids the server lists for `tenant`, asked through the typed client as the element
/// would: the truth the rendered table is compared with.
async fn login_ids_of(tenant: &str, token: &Secret) -> BTreeSet<String> {
    let (api, project) = server();
    let client = Client::new(api, project).with_session(token.clone(), TenantId::new(tenant));
    let request = UserSearchRequest {
        limit: 100,
        ..UserSearchRequest::default()
    };
    match client.search_users(&request).await {
        Ok(response) => response
            .users
            .iter()
            .filter_map(|user| user.login_ids.first().map(|id| id.as_str().to_owned()))
            .collect(),
        Err(error) => panic!("listing the users of {tenant} failed: {error}"),
    }
}

// ---- the page -----------------------------------------------------------------------------------

/// One element in its own container on the page, with every `tk-*` event it sends recorded. The
/// listener sits on the container, so only bubbling events are seen. Dropping it removes both.
struct Fixture {
    container: Element,
    element: HtmlElement,
    events: Rc<RefCell<Vec<CustomEvent>>>,
    _listener: Closure<dyn FnMut(web_sys::Event)>,
}

impl Fixture {
    /// An element with `attributes`, not yet on the page.
    fn new(attributes: &[(&str, String)]) -> Self {
        // The bundle defines the element in its start function; a test binary has its own start.
        tenantkit_bindings::define().expect("define the element");
        let document = document();
        let container = document.create_element("div").expect("create a container");
        document
            .body()
            .expect("a body")
            .append_child(&container)
            .expect("append the container");
        let element: HtmlElement = document
            .create_element(element::TAG)
            .expect("create the element")
            .dyn_into()
            .expect("the element is an HTMLElement");
        for (name, value) in attributes {
            element
                .set_attribute(name, value)
                .expect("set an attribute");
        }
        let events = Rc::new(RefCell::new(Vec::new()));
        let sink = events.clone();
        let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            if let Ok(event) = event.dyn_into::<CustomEvent>() {
                sink.borrow_mut().push(event);
            }
        });
        for name in [
            custom_events::READY,
            custom_events::ERROR,
            custom_events::SESSION_EXPIRED,
            custom_events::TOKEN_REFRESHED,
        ] {
            container
                .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
                .expect("listen");
        }
        Self {
            container,
            element,
            events,
            _listener: listener,
        }
    }

    /// An element configured for the acme admin (token as a property), on the page.
    async fn acme() -> (Self, Secret) {
        let token = session_of(ACME_ADMIN).await;
        let fixture = Self::new(&configured("acme"));
        fixture.set_property("sessionToken", &token.expose().into());
        fixture.connect();
        (fixture, token)
    }

    fn connect(&self) {
        self.container
            .append_child(&self.element)
            .expect("connect the element");
    }

    fn set_property(&self, name: &str, value: &JsValue) {
        Reflect::set(&self.element, &name.into(), value).expect("set a property");
    }

    fn property(&self, name: &str) -> JsValue {
        Reflect::get(&self.element, &name.into()).expect("get a property")
    }

    fn set_attribute(&self, name: &str, value: &str) {
        self.element
            .set_attribute(name, value)
            .expect("set an attribute");
    }

    fn shadow(&self) -> ShadowRoot {
        self.element
            .shadow_root()
            .expect("the element has an open shadow root")
    }

    fn text(&self) -> String {
        self.shadow().text_content().unwrap_or_default()
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self
            .shadow()
            .query_selector_all(selector)
            .expect("a valid selector");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|node| node.dyn_into::<Element>().ok())
            .collect()
    }

    fn rendered_login_ids(&self) -> BTreeSet<String> {
        self.all(r#"tbody tr td[data-column="login-id"]"#)
            .iter()
            .filter_map(|cell| cell.text_content())
            .map(|text| text.trim().to_owned())
            .collect()
    }

    fn events_named(&self, name: &str) -> Vec<CustomEvent> {
        self.events
            .borrow()
            .iter()
            .filter(|event| event.type_() == name)
            .cloned()
            .collect()
    }

    async fn wait_for_rows(&self, expected: &BTreeSet<String>) {
        wait_until("the table to list exactly the tenant's users", || {
            &self.rendered_login_ids() == expected
        })
        .await;
    }

    async fn wait_for_text(&self, text: &str) {
        wait_until(&format!("the widget to show {text:?}"), || {
            self.text().contains(text)
        })
        .await;
    }

    async fn wait_for_event(&self, name: &str) -> CustomEvent {
        wait_until(&format!("a {name} event"), || {
            !self.events_named(name).is_empty()
        })
        .await;
        self.events_named(name).remove(0)
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        self.container.remove();
    }
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("a document")
}

/// Attributes for `tenant` on the test server, without a token.
fn configured(tenant: &str) -> Vec<(&'static str, String)> {
    let (api, project) = server();
    vec![
        (element::ATTR_PROJECT_ID, project.into_inner()),
        (element::ATTR_BASE_URL, api.to_owned()),
        (element::ATTR_TENANT, tenant.to_owned()),
    ]
}

/// Polls `condition` every 20 ms until it holds, or fails the test after [`DEADLINE_MS`].
async fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let started = js_sys::Date::now();
    while !condition() {
        if js_sys::Date::now() - started > DEADLINE_MS {
            panic!("timed out after {DEADLINE_MS} ms waiting for {what}");
        }
        TimeoutFuture::new(20).await;
    }
}

/// Lets every queued microtask (deferred teardowns, Yew's scheduler) run: they all run before the
/// next task, and a zero timeout is a task.
async fn settle() {
    TimeoutFuture::new(0).await;
    TimeoutFuture::new(0).await;
}

/// Waits until no widget from an earlier test is still mounted, so counters start clean.
async fn no_widgets_mounted() {
    wait_until("earlier tests' widgets to unmount", || {
        diagnostics::mounted_widgets() == 0
    })
    .await;
}

fn detail_field(event: &CustomEvent, field: &str) -> JsValue {
    Reflect::get(&event.detail(), &field.into()).expect("detail is an object")
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
    let fixture = Fixture::new(&attributes);
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
    let fixture = Fixture::new(&attributes);
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
    let fixture = Fixture::new(&configured("acme"));
    fixture.set_property("sessionToken", &"expired-or-invalid".into());
    let provider = CountingProvider::returning(Some(token.clone()));
    fixture.set_property("tokenProvider", &provider.function);
    fixture.connect();

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
async fn a_provider_token_that_is_refused_too_ends_the_session_after_one_retry() {
    let fixture = Fixture::new(&configured("acme"));
    fixture.set_property("sessionToken", &"expired-or-invalid".into());
    let provider = CountingProvider::returning(Some(Secret::new("also-invalid")));
    fixture.set_property("tokenProvider", &provider.function);
    fixture.connect();

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
    let fixture = Fixture::new(&configured("acme"));
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
    let fixture = Fixture::new(&configured("globex"));
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
    let fixture = Fixture::new(&configured(markup));
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
    let fixture = Fixture::new(&[(element::ATTR_TENANT, "acme".to_owned())]);
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
    assert_eq!(
        fixture.events_named(custom_events::READY).len(),
        2,
        "a new mount is ready again"
    );
}

#[wasm_bindgen_test]
async fn define_twice_is_harmless_and_properties_follow_the_contract() {
    let registry = web_sys::window().expect("a window").custom_elements();
    tenantkit_bindings::define().expect("define");
    let before = registry.get(element::TAG);
    assert!(before.is_function(), "define() registered a class");
    tenantkit_bindings::define().expect("define again");
    tenantkit_bindings::define().expect("and again");
    assert!(
        Object::is(&before, &registry.get(element::TAG)),
        "still the first definition"
    );

    let fixture = Fixture::new(&[]);
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
