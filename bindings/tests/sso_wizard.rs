//! The SSO wizard's reading of IdP details: `<SsoWizard>` rendered on its own, walked to the IdP
//! step; pasted metadata XML is read by the test server (`POST /tk/v1/sso/saml/metadata/read`)
//! and fills the manual fields, certificates (valid, expired, not one) are read in the browser by
//! the wire crate compiled to wasm, and a step with errors does not let the admin go on. Saving
//! the same flow is in `sso.rs`.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use support::{ACME_ADMIN, document, server, session_of};
use tenantkit_widgets::list::SearchTarget;
use tenantkit_widgets::sso::wizard::{SsoWizard, SsoWizardProps};
use tenantkit_wire::TenantId;
use tenantkit_wire::sso::{SamlSettingsResponse, SsoSettings};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::{Callback, Renderer};

wasm_bindgen_test_configure!(run_in_browser);

const METADATA: &str = include_str!("../../tests/fixtures/sso/idp-metadata.xml");
const VALID_PEM: &str = include_str!("../../tests/fixtures/sso/test-idp.pem");
const EXPIRED_PEM: &str = include_str!("../../tests/fixtures/sso/expired-idp.pem");

struct Page {
    root: Element,
}

impl Page {
    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    fn first(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .expect("a valid selector")
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    fn click(&self, label: &str) {
        let list = self.root.query_selector_all("button").expect("buttons");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
            .find(|b| {
                b.text_content().is_some_and(|t| t.trim() == label)
                    || b.get_attribute("aria-label").as_deref() == Some(label)
            })
            .unwrap_or_else(|| panic!("no button {label:?}"))
            .click();
    }

    fn type_into(&self, selector: &str, value: &str) {
        let element = self.first(selector);
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(value);
        }
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("an event");
        element.dispatch_event(&event).expect("dispatch");
    }

    /// Waits until the wizard shows `text`; on timeout the failure says what it showed.
    async fn wait_for(&self, text: &str) {
        let started = js_sys::Date::now();
        while !self.text().contains(text) {
            if js_sys::Date::now() - started > support::DEADLINE_MS {
                panic!(
                    "the wizard never showed {text:?}; it shows: {}",
                    self.text()
                );
            }
            gloo_timers::future::TimeoutFuture::new(20).await;
        }
    }
}

/// The wizard for acme, asking the test server as acme's admin.
async fn mount() -> Page {
    let (api, project_id) = server();
    let token = session_of(ACME_ADMIN).await;
    let root = document().create_element("div").expect("a root");
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("append");
    let props = SsoWizardProps {
        target: SearchTarget {
            base_url: api.to_owned(),
            project_id,
            tenant: TenantId::new("acme"),
            token,
            renewer: None,
        },
        settings: SsoSettings {
            sso_id: "wizard-test".to_owned(),
            saml: SamlSettingsResponse {
                sp_acs_url: "https://api.example.com/saml/acs/wizard-test".to_owned(),
                sp_entity_id: "https://api.example.com/saml/wizard-test".to_owned(),
                ..SamlSettingsResponse::default()
            },
            ..SsoSettings::default()
        },
        name: "Wizard test".into(),
        roles: vec!["Tenant Admin".to_owned()],
        custom_attribute_names: Vec::new(),
        onsaved: Callback::noop(),
        ontested: Callback::noop(),
        onenable: Callback::noop(),
        onclose: Callback::noop(),
    };
    Renderer::<SsoWizard>::with_root_and_props(root.clone(), props).render();
    Page { root }
}

#[wasm_bindgen_test]
async fn the_wizard_reads_metadata_on_the_server_and_certificates_in_the_browser() {
    let page = mount().await;
    page.wait_for("Step 1 of 5").await;
    page.first("#tk-sso-provider-entra")
        .dyn_into::<HtmlElement>()
        .expect("a radio")
        .click();
    page.click("Next");
    page.wait_for("Step 2 of 5").await;
    // Entra ID's own names for our values.
    assert!(
        page.text()
            .contains("Reply URL (Assertion Consumer Service URL)")
    );
    assert!(page.text().contains("Identifier (Entity ID)"));
    assert!(
        page.text()
            .contains("https://api.example.com/saml/acs/wizard-test")
    );
    page.click("Next");
    page.wait_for("Step 3 of 5").await;

    page.first("#tk-sso-source-xml")
        .dyn_into::<HtmlElement>()
        .expect("a radio")
        .click();
    page.click("Next");
    page.wait_for("Paste the IdP's metadata XML or upload its file.")
        .await;
    page.type_into("#tk-sso-metadata-xml", "<not-metadata/>");
    page.wait_for("no IDPSSODescriptor").await;
    page.type_into("#tk-sso-metadata-xml", METADATA);
    page.wait_for("CN=test-idp").await;
    assert!(page.text().contains("http://127.0.0.1/test-idp/metadata"));
    assert!(page.text().contains("CA:97:D8:49:FA:4E:DA:08"));

    page.first("#tk-sso-source-manual")
        .dyn_into::<HtmlElement>()
        .expect("a radio")
        .click();
    page.wait_for("IdP signing certificate").await;
    let entity_id = page
        .first("#tk-sso-entity-id")
        .dyn_into::<HtmlInputElement>()
        .expect("an input")
        .value();
    assert_eq!(
        entity_id, "http://127.0.0.1/test-idp/metadata",
        "the metadata filled the fields"
    );

    page.type_into("#tk-sso-certificate", "garbage");
    page.wait_for("The certificate is neither PEM nor base64")
        .await;
    page.type_into("#tk-sso-certificate", EXPIRED_PEM);
    page.wait_for("CN=expired-idp").await;
    assert!(page.text().contains("This certificate has expired"));
    page.click("Next");
    page.wait_for("Correct the highlighted fields first.").await;
    assert!(page.text().contains("Step 3 of 5"));

    page.type_into("#tk-sso-certificate", VALID_PEM);
    page.wait_for(", 2126").await;
    assert!(!page.text().contains("This certificate has expired"));
    page.click("Next");
    page.wait_for("Step 4 of 5").await;
    page.type_into("#tk-sso-domains", "acme.test, nodot");
    page.wait_for("nodot").await;
    page.click("Next");
    page.wait_for("Correct the highlighted fields first.").await;
    page.type_into("#tk-sso-domains", "acme.test");
    page.click("Next");
    page.wait_for("Step 5 of 5").await;
    assert!(page.text().contains("Microsoft Entra ID (SAML)"));
    page.root.remove();
}
