//! What every browser test of the elements needs: the test server (its address and project id
//! are compiled in from `TENANTKIT_TEST_API` and `TENANTKIT_TEST_PROJECT_ID`; `cargo xtask test
//! browser` starts the server and sets both), signing a demo admin in, and a [`Fixture`]: one
//! element on the page with every `tk-*` event it sends recorded, and ways to find, click and
//! type into what its shadow root shows.
//!
//! Every wait polls the DOM (or the recorded events) with a deadline; nothing sleeps a fixed time
//! and then assumes.
#![allow(
    dead_code,
    reason = "each test binary uses its own subset of these helpers (so `expect` would not hold)"
)]

use gloo_timers::future::TimeoutFuture;
use js_sys::Reflect;
use std::cell::RefCell;
use std::rc::Rc;
use tenantkit_bindings::{custom_events, diagnostics, element};
use tenantkit_client::{Client, TenantClient};
use tenantkit_wire::{LoginId, ProjectId, Secret, SignInRequest, TenantId};
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, Element, HtmlElement, HtmlInputElement, ShadowRoot};

pub const DEMO_PASSWORD: &str = "tenantkit-demo";
pub const ACME_ADMIN: &str = "admin@acme.test";
pub const GLOBEX_ADMIN: &str = "admin@globex.test";
/// How long any awaited state may take to appear.
pub const DEADLINE_MS: f64 = 20_000.0;

// ---- the server ---------------------------------------------------------------------------------

pub fn server() -> (&'static str, ProjectId) {
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

/// A widget-mode client of `tenant` with `token`: how the tests ask the server what the element
/// should show.
pub fn widget_client(tenant: &str, token: &Secret) -> TenantClient {
    let (api, project) = server();
    Client::new(api, project)
        .with_session(token.clone())
        .for_tenant(TenantId::new(tenant))
}

/// A widget-mode client of acme for the acme admin.
pub fn acme_client(token: &Secret) -> TenantClient {
    widget_client("acme", token)
}

/// Signs a demo admin in and returns their session JWT.
pub async fn session_of(login_id: &str) -> Secret {
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

// ---- the page -----------------------------------------------------------------------------------

/// One element in its own container on the page, with every `tk-*` event it sends recorded. The
/// listener sits on the container, so only bubbling events are seen. Dropping it removes both.
pub struct Fixture {
    pub container: Element,
    pub element: HtmlElement,
    pub events: Rc<RefCell<Vec<CustomEvent>>>,
    _listener: Closure<dyn FnMut(web_sys::Event)>,
}

impl Fixture {
    /// An element `tag` with `attributes`, not yet on the page.
    /// `tag` for acme with the acme admin's token (as a property), on the page and loaded; and
    /// the token.
    pub async fn of_acme(tag: &str) -> (Self, Secret) {
        let token = session_of(ACME_ADMIN).await;
        let fixture = Self::new(tag, &configured("acme"));
        fixture.set_property("sessionToken", &token.expose().into());
        fixture.connect();
        fixture.wait_for_event(custom_events::READY).await;
        (fixture, token)
    }

    pub fn new(tag: &str, attributes: &[(&str, String)]) -> Self {
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
            .create_element(tag)
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
        for name in custom_events::ALL {
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

    pub fn connect(&self) {
        self.container
            .append_child(&self.element)
            .expect("connect the element");
    }

    pub fn set_property(&self, name: &str, value: &JsValue) {
        Reflect::set(&self.element, &name.into(), value).expect("set a property");
    }

    pub fn property(&self, name: &str) -> JsValue {
        Reflect::get(&self.element, &name.into()).expect("get a property")
    }

    /// Calls the element's `refresh()`, as a page would after changing something elsewhere.
    pub fn refresh(&self) {
        let refresh: js_sys::Function = self.property("refresh").dyn_into().expect("refresh()");
        refresh.call0(&self.element).expect("refresh() runs");
    }

    pub fn set_attribute(&self, name: &str, value: &str) {
        self.element
            .set_attribute(name, value)
            .expect("set an attribute");
    }

    pub fn shadow(&self) -> ShadowRoot {
        self.element
            .shadow_root()
            .expect("the element has an open shadow root")
    }

    pub fn text(&self) -> String {
        self.shadow().text_content().unwrap_or_default()
    }

    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self
            .shadow()
            .query_selector_all(selector)
            .expect("a valid selector");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|node| node.dyn_into::<Element>().ok())
            .collect()
    }

    pub fn events_named(&self, name: &str) -> Vec<CustomEvent> {
        self.events
            .borrow()
            .iter()
            .filter(|event| event.type_() == name)
            .cloned()
            .collect()
    }

    pub async fn wait_for_text(&self, text: &str) {
        wait_until(&format!("the widget to show {text:?}"), || {
            self.text().contains(text)
        })
        .await;
    }

    pub async fn wait_for_event(&self, name: &str) -> CustomEvent {
        wait_until(&format!("a {name} event"), || {
            !self.events_named(name).is_empty()
        })
        .await;
        self.events_named(name).remove(0)
    }

    pub fn first(&self, selector: &str) -> Element {
        self.all(selector)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    /// The button whose text (or `aria-label`) is `label`.
    pub fn button(&self, label: &str) -> Option<HtmlElement> {
        self.all("button").into_iter().find_map(|button| {
            let text = button.text_content().unwrap_or_default();
            let aria = button.get_attribute("aria-label").unwrap_or_default();
            (text.trim() == label || aria == label)
                .then(|| button.dyn_into::<HtmlElement>().ok())
                .flatten()
        })
    }

    pub fn click(&self, label: &str) {
        self.button(label)
            .unwrap_or_else(|| panic!("no button {label:?}"))
            .click();
    }

    /// Types `value` into the input, select or textarea matching `selector` and fires `event`.
    pub fn fill(&self, selector: &str, value: &str, event: &str) {
        let element = self.first(selector);
        if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
            input.set_value(value);
        } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
            select.set_value(value);
        } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            area.set_value(value);
        } else {
            panic!("{selector} is neither an input, a select nor a textarea");
        }
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict(event, &init).expect("an event");
        element.dispatch_event(&event).expect("dispatch");
    }

    pub fn press(&self, selector: &str, key: &str) {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .expect("a key");
        self.first(selector)
            .dispatch_event(&event)
            .expect("dispatch");
    }

    pub fn active_element(&self) -> Option<Element> {
        self.shadow().active_element()
    }

    // ---- tables with row headers, menus and dialogs (the role and access-key widgets) ----------

    /// The names (`[data-column="name"]`: a role's or a key's, in its row header) of the table's
    /// rows, in order.
    pub fn row_names(&self) -> Vec<String> {
        self.all(r#"tbody [data-column="name"]"#)
            .iter()
            .filter_map(|cell| cell.text_content())
            .map(|text| text.trim().to_owned())
            .collect()
    }

    /// The table row named `role` (the first one: a project role may share a tenant role's
    /// name).
    pub fn row(&self, role: &str) -> Element {
        self.all("tbody tr")
            .into_iter()
            .find(|row| {
                row.query_selector(r#"[data-column="name"]"#)
                    .ok()
                    .flatten()
                    .and_then(|cell| cell.text_content())
                    .is_some_and(|name| name.trim() == role)
            })
            .unwrap_or_else(|| panic!("no row for {role}"))
    }

    pub fn cell(&self, role: &str, column: &str) -> String {
        column_text(&self.row(role), column)
    }

    /// Types `role` into the search box and waits for the table to show that row alone.
    pub async fn search_for(&self, role: &str) {
        self.fill(r#"input[part="search"]"#, role, "input");
        wait_until(&format!("the table to show only {role:?}"), || {
            self.row_names() == [role]
        })
        .await;
    }

    /// Opens the menu of the row `name` (its button is "Actions for <name>") and answers its
    /// items.
    pub async fn open_menu(&self, name: &str) -> Vec<Element> {
        self.click(&format!("Actions for {name}"));
        wait_until("the menu", || !self.all(r#"[role="menuitem"]"#).is_empty()).await;
        self.all(r#"[role="menuitem"]"#)
    }

    /// The items of the row `name`'s menu, as text, once it is open.
    pub async fn menu_items(&self, name: &str) -> Vec<String> {
        self.open_menu(name)
            .await
            .iter()
            .filter_map(|item| item.text_content())
            .map(|text| text.trim().to_owned())
            .collect()
    }

    /// The first element matching `selector`, once there is one.
    pub async fn wait_for(&self, what: &str, selector: &str) -> Element {
        wait_until(what, || !self.all(selector).is_empty()).await;
        self.first(selector)
    }

    /// Chooses `item` in the menu of the row `role` (its button is "Actions for <role>").
    pub async fn choose(&self, role: &str, item: &str) {
        self.click(&format!("Actions for {role}"));
        wait_until("the menu", || {
            self.all(r#"[role="menuitem"]"#)
                .iter()
                .any(|i| i.text_content().is_some_and(|t| t.trim() == item))
        })
        .await;
        self.click(item);
    }

    /// The checkbox labelled `label`: by `aria-label`, a `<label for>` or a wrapping `<label>`.
    pub fn checkbox(&self, label: &str) -> HtmlInputElement {
        let name = |input: &Element| {
            if let Some(aria) = input.get_attribute("aria-label") {
                return aria;
            }
            let by_for = input.get_attribute("id").and_then(|id| {
                self.all(&format!(r#"label[for="{id}"]"#))
                    .first()
                    .and_then(|l| l.text_content())
            });
            let wrapping = || input.closest("label").ok().flatten()?.text_content();
            by_for
                .or_else(wrapping)
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        self.all(r#"input[type="checkbox"]"#)
            .into_iter()
            .find(|input| name(input) == label)
            .and_then(|input| input.dyn_into::<HtmlInputElement>().ok())
            .unwrap_or_else(|| panic!("no checkbox {label:?}"))
    }

    /// Clicks the button `label` of the open dialog (the page behind may have one named alike).
    pub fn click_in_dialog(&self, label: &str) {
        self.all(r#"[role="dialog"] button, [role="alertdialog"] button"#)
            .into_iter()
            .find(|b| b.text_content().is_some_and(|t| t.trim() == label))
            .and_then(|b| b.dyn_into::<HtmlElement>().ok())
            .unwrap_or_else(|| panic!("no button {label:?} in a dialog"))
            .click();
    }

    pub fn dialog_text(&self) -> String {
        self.all(r#"[role="dialog"], [role="alertdialog"]"#)
            .iter()
            .filter_map(|dialog| dialog.text_content())
            .collect()
    }

    pub async fn wait_for_dialog(&self, role: &str, text: &str) {
        wait_until(&format!("a {role} saying {text:?}"), || {
            self.all(&format!(r#"[role="{role}"]"#))
                .iter()
                .any(|d| d.text_content().is_some_and(|t| t.contains(text)))
        })
        .await;
    }

    pub async fn wait_for_no_dialog(&self) {
        wait_until("the dialog to close", || {
            self.all(r#"[role="dialog"], [role="alertdialog"]"#)
                .is_empty()
        })
        .await;
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        self.container.remove();
    }
}

/// The text of `row`'s cell in `column` (`[data-column=...]`), trimmed; empty when it has none.
pub fn column_text(row: &Element, column: &str) -> String {
    row.query_selector(&format!(r#"[data-column="{column}"]"#))
        .ok()
        .flatten()
        .and_then(|cell| cell.text_content())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("a document")
}

/// Attributes for `tenant` on the test server, without a token.
pub fn configured(tenant: &str) -> Vec<(&'static str, String)> {
    let (api, project) = server();
    vec![
        (element::ATTR_PROJECT_ID, project.into_inner()),
        (element::ATTR_BASE_URL, api.to_owned()),
        (element::ATTR_TENANT, tenant.to_owned()),
    ]
}

/// Polls `condition` every 20 ms until it holds, or fails the test after [`DEADLINE_MS`].
pub async fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let started = js_sys::Date::now();
    while !condition() {
        if js_sys::Date::now() - started > DEADLINE_MS {
            panic!("timed out after {DEADLINE_MS} ms waiting for {what}");
        }
        TimeoutFuture::new(20).await;
    }
}

/// The computed value of a CSS property of `element`.
pub fn computed_style(element: &Element, property: &str) -> String {
    web_sys::window()
        .expect("a window")
        .get_computed_style(element)
        .expect("computed style")
        .expect("a style declaration")
        .get_property_value(property)
        .expect("a property value")
}

/// Lets every queued microtask (deferred teardowns, Yew's scheduler) run: they all run before the
/// next task, and a zero timeout is a task.
pub async fn settle() {
    TimeoutFuture::new(0).await;
    TimeoutFuture::new(0).await;
}

/// Waits until no widget from an earlier test is still mounted, so counters start clean.
pub async fn no_widgets_mounted() {
    wait_until("earlier tests' widgets to unmount", || {
        diagnostics::mounted_widgets() == 0
    })
    .await;
}

pub fn detail_field(event: &CustomEvent, field: &str) -> JsValue {
    Reflect::get(&event.detail(), &field.into()).expect("detail is an object")
}

// ---- the user widget's role changes ----------------------------------------------------------

/// With the acme admin among the users selected (or matched), asks to remove `Tenant Admin`
/// from them through the bulk bar: the impact must say the admin loses it themself, confirming
/// must ask a second time, and cancelling there must leave the admin's role as it was.
pub async fn cancel_removing_own_tenant_admin(fixture: &Fixture, token: &Secret) {
    fixture.fill("select.tk-select--small", "Tenant Admin", "change");
    // The bar renders the chosen role into its buttons first.
    settle().await;
    fixture.click("Remove role");
    fixture
        .wait_for_dialog("alertdialog", "loses Tenant Admin")
        .await;
    let said = fixture.dialog_text();
    assert!(said.contains("1 user loses Tenant Admin"), "{said}");
    assert!(
        said.contains("You are removing Tenant Admin from yourself"),
        "{said}"
    );
    fixture.click_in_dialog("Confirm");
    // A second step, with its own button; Cancel leaves everything as it was.
    fixture
        .wait_for_dialog("alertdialog", "Remove your own User Admin?")
        .await;
    assert!(fixture.button("Remove my User Admin").is_some());
    fixture.click_in_dialog("Cancel");
    fixture.wait_for_no_dialog().await;
    let me = acme_client(token)
        .load_user(&LoginId::new(ACME_ADMIN))
        .await
        .expect("load the admin")
        .user;
    assert!(
        me.user_tenants[0]
            .role_names
            .contains(&"Tenant Admin".to_owned())
    );
}

// ---- users of the test's own --------------------------------------------------------------------

/// Creates a user in acme through the typed client, as the acme admin.
pub async fn create_in_acme(token: &Secret, login_id: &str) {
    let request = tenantkit_wire::user_ops::CreateUserRequest {
        login_id: LoginId::new(login_id),
        email: login_id.to_owned(),
        name: "Test Person".to_owned(),
        ..Default::default()
    };
    if let Err(error) = acme_client(token).create_user(&request).await {
        panic!("creating {login_id} failed: {error}");
    }
}

impl Fixture {
    /// Ticks the row checkbox of each of `users` (by login id).
    pub fn select_users(&self, users: &[&str]) {
        for user in users {
            self.all("input[type=checkbox]")
                .into_iter()
                .find(|c| {
                    c.get_attribute("aria-label").as_deref() == Some(&*format!("Select {user}"))
                })
                .and_then(|c| c.dyn_into::<HtmlElement>().ok())
                .expect("a checkbox for the user")
                .click();
        }
    }
}
