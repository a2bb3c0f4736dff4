//! `<tenant-sso-setup>` in headless Chromium against a real TenantKit server with demo data: the
//! wizard with pasted IdP metadata (the certificate read in the browser, saved, and shown again
//! on edit), invalid and expired certificates refused before anything is sent, the overview's
//! statuses and certificate health, enable and disable.
//!
//! Each test makes SSO configurations of its own (unique names and domains), so the tests never
//! disturb each other; every check of a change also asks the server, through the typed client,
//! what it now holds. The certificates and metadata are fixed files (`tests/fixtures/sso/`): the
//! browser cannot run a certificate generator.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use support::{
    ACME_ADMIN, Fixture, acme_client, column_text, detail_field, session_of, wait_until,
};
use tenantkit_bindings::{custom_events, element};
use tenantkit_wire::sso::{
    ConfigureSamlRequest, NewSsoRequest, SamlSettings, SsoAuthType, SsoSettings,
};
use tenantkit_wire::{Secret, TenantId};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const METADATA: &str = include_str!("../../tests/fixtures/sso/idp-metadata.xml");
const VALID_PEM: &str = include_str!("../../tests/fixtures/sso/test-idp.pem");
const EXPIRED_PEM: &str = include_str!("../../tests/fixtures/sso/expired-idp.pem");
/// The entity ID `idp-metadata.xml` names.
const METADATA_ENTITY_ID: &str = "http://127.0.0.1/test-idp/metadata";

// ---- the server ---------------------------------------------------------------------------------

/// A name no other test uses.
fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", js_sys::Date::now() as u64)
}

/// Adds an unconfigured configuration to acme.
async fn new_configuration(token: &Secret, name: &str) -> SsoSettings {
    acme_client(token)
        .new_sso_settings(&NewSsoRequest {
            tenant_id: TenantId::new("acme"),
            sso_id: String::new(),
            display_name: name.to_owned(),
        })
        .await
        .unwrap_or_else(|error| panic!("adding the configuration {name} failed: {error}"))
}

/// Configures `sso_id` with the fixed valid certificate, by hand, through the typed client.
async fn configure_saml(token: &Secret, sso_id: &str, domain: &str) {
    let request = ConfigureSamlRequest {
        tenant_id: TenantId::new("acme"),
        sso_id: sso_id.to_owned(),
        settings: SamlSettings {
            idp_url: "https://idp.test-idp.example/sso/saml".to_owned(),
            entity_id: format!("https://idp.test-idp.example/{sso_id}"),
            idp_cert: VALID_PEM.to_owned(),
            ..SamlSettings::default()
        },
        redirect_url: String::new(),
        domains: vec![domain.to_owned()],
    };
    acme_client(token)
        .configure_saml(&request)
        .await
        .unwrap_or_else(|error| panic!("configuring {sso_id} failed: {error}"));
}

async fn on_server(token: &Secret, sso_id: &str) -> SsoSettings {
    acme_client(token)
        .load_sso_settings("acme", sso_id)
        .await
        .unwrap_or_else(|error| panic!("loading {sso_id} failed: {error}"))
}

// ---- the page -----------------------------------------------------------------------------------

impl Fixture {
    /// A `<tenant-sso-setup>` for acme with the acme admin's token, on the page and loaded.
    async fn sso_of_acme() -> (Self, Secret) {
        Self::of_acme(element::SSO_SETUP_TAG).await
    }

    fn sso_row(&self, sso_id: &str) -> Option<Element> {
        self.all("tbody tr")
            .into_iter()
            .find(|row| row.get_attribute("data-sso-id").as_deref() == Some(sso_id))
    }

    fn sso_cell(&self, sso_id: &str, column: &str) -> String {
        self.sso_row(sso_id)
            .map(|row| column_text(&row, column))
            .unwrap_or_default()
    }

    async fn wait_for_cell(&self, sso_id: &str, column: &str, text: &str) {
        wait_until(&format!("{sso_id}'s {column} to say {text:?}"), || {
            self.sso_cell(sso_id, column) == text
        })
        .await;
    }

    fn check(&self, selector: &str) {
        self.first(selector)
            .dyn_into::<HtmlElement>()
            .expect("an input")
            .click();
    }

    fn input_value(&self, selector: &str) -> String {
        self.first(selector)
            .dyn_into::<HtmlInputElement>()
            .map(|input| input.value())
            .unwrap_or_default()
    }

    async fn next_to(&self, step: u32) {
        self.click("Next");
        self.wait_for_text(&format!("Step {step} of 5")).await;
    }
}

// ---- the tests ----------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn pasted_metadata_shows_its_certificate_is_saved_and_comes_back_on_edit() {
    let (fixture, token) = Fixture::sso_of_acme().await;
    let name = unique("Okta");
    let created = new_configuration(&token, &name).await;
    fixture.refresh();
    wait_until("the new configuration's row", || {
        fixture.sso_row(&created.sso_id).is_some()
    })
    .await;
    assert_eq!(
        fixture.sso_cell(&created.sso_id, "status"),
        "Not configured"
    );

    fixture.choose(&name, "Configure").await;
    fixture.wait_for_text("Step 1 of 5").await;
    fixture.check("#tk-sso-provider-okta");
    fixture.next_to(2).await;
    // Okta's own names for our values, each with a copy button.
    assert!(fixture.text().contains("Single sign-on URL"));
    assert!(fixture.text().contains("Audience URI (SP Entity ID)"));
    assert!(fixture.button("Copy Single sign-on URL").is_some());
    fixture.next_to(3).await;

    fixture.fill("#tk-sso-metadata-xml", METADATA, "input");
    fixture.wait_for_text("CN=test-idp").await;
    let text = fixture.text();
    assert!(
        text.contains(METADATA_ENTITY_ID),
        "the entity ID is previewed"
    );
    assert!(text.contains("https://idp.test-idp.example/sso/saml"));
    assert!(
        text.contains("CA:97:D8:49:FA:4E:DA:08"),
        "the SHA-256 fingerprint"
    );
    // The date as English writes it, in the viewer's time zone ("Mar 4, 2126").
    assert!(text.contains(", 2126"), "the expiry date");
    fixture.next_to(4).await;

    let domain = format!("{}.acme.test", unique("okta"));
    fixture.fill("#tk-sso-domains", "not a domain", "input");
    fixture.wait_for_text("not a domain").await;
    assert_eq!(
        fixture
            .first("#tk-sso-domains")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true"),
        "a bad domain is flagged as typed"
    );
    fixture.fill("#tk-sso-domains", &domain, "input");
    fixture.next_to(5).await;
    assert!(
        fixture.text().contains(&domain),
        "the review lists the domain"
    );
    fixture.click("Save");
    fixture
        .wait_for_text(&format!("The settings of {name} were saved."))
        .await;
    let configured = fixture.wait_for_event(custom_events::SSO_CONFIGURED).await;
    assert_eq!(
        detail_field(&configured, "ssoId").as_string().as_deref(),
        Some(created.sso_id.as_str())
    );

    let saved = on_server(&token, &created.sso_id).await;
    assert_eq!(saved.configured, SsoAuthType::Saml);
    assert_eq!(saved.saml.idp_entity_id, METADATA_ENTITY_ID);
    assert_eq!(
        saved.saml.idp_sso_url,
        "https://idp.test-idp.example/sso/saml"
    );
    assert_eq!(saved.domains, std::slice::from_ref(&domain));

    // Back in the overview, then the saved values in the wizard again.
    fixture.click("Done");
    fixture
        .wait_for_cell(&created.sso_id, "status", "Configured, disabled")
        .await;
    assert_eq!(fixture.sso_cell(&created.sso_id, "certificate"), "Valid");
    assert_eq!(fixture.sso_cell(&created.sso_id, "domains"), domain);
    fixture.choose(&name, "Edit").await;
    fixture.wait_for_text("Step 1 of 5").await;
    fixture.next_to(2).await;
    fixture.next_to(3).await;
    assert_eq!(fixture.input_value("#tk-sso-entity-id"), METADATA_ENTITY_ID);
    assert_eq!(
        fixture.input_value("#tk-sso-idp-url"),
        "https://idp.test-idp.example/sso/saml"
    );
    assert!(
        fixture.text().contains("CN=test-idp"),
        "the stored certificate is read again"
    );
    fixture.next_to(4).await;
    assert_eq!(fixture.input_value("#tk-sso-domains"), domain);
    fixture.click("Close without saving");
}

#[wasm_bindgen_test]
async fn invalid_and_expired_certificates_are_errors_before_anything_is_sent() {
    let (fixture, token) = Fixture::sso_of_acme().await;
    let name = unique("Manual");
    let created = new_configuration(&token, &name).await;
    fixture.refresh();
    wait_until("the new row", || fixture.sso_row(&created.sso_id).is_some()).await;
    fixture.choose(&name, "Configure").await;
    fixture.wait_for_text("Step 1 of 5").await;
    fixture.next_to(2).await;
    // The generic SAML names.
    assert!(fixture.text().contains("ACS URL"));
    assert!(fixture.text().contains("SP entity ID"));
    fixture.next_to(3).await;
    fixture.check("#tk-sso-source-manual");
    wait_until("the manual fields", || {
        !fixture.all("#tk-sso-certificate").is_empty()
    })
    .await;
    fixture.fill("#tk-sso-idp-url", "https://idp.example.com/sso", "input");
    fixture.fill("#tk-sso-entity-id", "https://idp.example.com", "input");

    fixture.fill("#tk-sso-certificate", "this is not a certificate", "input");
    fixture
        .wait_for_text("The certificate is neither PEM nor base64")
        .await;
    assert_eq!(
        fixture
            .first("#tk-sso-certificate")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );

    fixture.fill("#tk-sso-certificate", EXPIRED_PEM, "input");
    fixture.wait_for_text("CN=expired-idp").await;
    assert!(fixture.text().contains("This certificate has expired"));
    assert!(fixture.text().contains(", 2020"), "its expiry date");
    fixture.click("Next");
    fixture
        .wait_for_text("Correct the highlighted fields first.")
        .await;
    assert!(
        fixture.text().contains("Step 3 of 5"),
        "the wizard stays on the step"
    );

    fixture.fill("#tk-sso-certificate", VALID_PEM, "input");
    fixture.wait_for_text("CN=test-idp").await;
    assert!(!fixture.text().contains("This certificate has expired"));
    fixture.next_to(4).await;
    fixture.click("Close without saving");
    let untouched = on_server(&token, &created.sso_id).await;
    assert_eq!(untouched.configured, SsoAuthType::None, "nothing was sent");
}

#[wasm_bindgen_test]
async fn the_overview_shows_statuses_and_enables_and_disables() {
    let token = session_of(ACME_ADMIN).await;
    let name = unique("Entra");
    let configured_one = new_configuration(&token, &name).await;
    configure_saml(
        &token,
        &configured_one.sso_id,
        &format!("{}.acme.test", unique("entra")),
    )
    .await;
    let blank_name = unique("Blank");
    let blank = new_configuration(&token, &blank_name).await;

    let (fixture, _) = Fixture::sso_of_acme().await;
    wait_until("both rows", || {
        fixture.sso_row(&configured_one.sso_id).is_some()
            && fixture.sso_row(&blank.sso_id).is_some()
    })
    .await;
    let headers: Vec<String> = fixture
        .all("thead th[scope=col]")
        .iter()
        .filter_map(|th| th.text_content())
        .map(|t| t.trim().to_owned())
        .collect();
    assert_eq!(
        headers[..5],
        ["Name", "Protocol", "Status", "Certificate", "Domains"]
    );
    assert_eq!(fixture.sso_cell(&blank.sso_id, "status"), "Not configured");
    assert_eq!(fixture.sso_cell(&blank.sso_id, "protocol"), "—");
    assert_eq!(fixture.sso_cell(&configured_one.sso_id, "protocol"), "SAML");
    assert_eq!(
        fixture.sso_cell(&configured_one.sso_id, "status"),
        "Configured, disabled"
    );
    assert_eq!(
        fixture.sso_cell(&configured_one.sso_id, "certificate"),
        "Valid"
    );

    fixture.choose(&name, "Enable").await;
    fixture
        .wait_for_cell(&configured_one.sso_id, "status", "Enabled")
        .await;
    let changed = fixture
        .wait_for_event(custom_events::SSO_STATUS_CHANGED)
        .await;
    assert_eq!(
        detail_field(&changed, "authType").as_string().as_deref(),
        Some("saml")
    );
    assert_eq!(
        on_server(&token, &configured_one.sso_id).await.auth_type,
        SsoAuthType::Saml
    );

    fixture.choose(&name, "Disable").await;
    fixture.wait_for_dialog("alertdialog", "").await;
    fixture.click_in_dialog("Disable");
    fixture
        .wait_for_cell(&configured_one.sso_id, "status", "Configured, disabled")
        .await;
    assert_eq!(
        on_server(&token, &configured_one.sso_id).await.auth_type,
        SsoAuthType::None
    );

    // Delete, confirmed.
    fixture.choose(&blank_name, "Delete").await;
    fixture.wait_for_dialog("alertdialog", "").await;
    fixture.click_in_dialog("Delete");
    wait_until("the deleted row to go", || {
        fixture.sso_row(&blank.sso_id).is_none()
    })
    .await;
    fixture.wait_for_event(custom_events::SSO_DELETED).await;
}

/// The value of `name` in the query of `url`, decoded.
fn query_value(url: &str, name: &str) -> String {
    let encoded = url
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("{name} in {url}"));
    js_sys::decode_uri_component(&encoded.replace('+', " "))
        .expect("a URL-encoded value")
        .into()
}

#[wasm_bindgen_test]
async fn test_connection_shows_the_diagnosis_and_the_overview_its_last_test() {
    let token = session_of(ACME_ADMIN).await;
    let name = unique("Tested");
    let created = new_configuration(&token, &name).await;
    configure_saml(
        &token,
        &created.sso_id,
        &format!("{}.acme.test", unique("tested")),
    )
    .await;
    let (fixture, _) = Fixture::sso_of_acme().await;
    wait_until("the configured row", || {
        fixture.sso_row(&created.sso_id).is_some()
    })
    .await;
    assert_eq!(fixture.sso_cell(&created.sso_id, "last-test"), "Never");
    assert_eq!(fixture.sso_cell(&created.sso_id, "last-sign-in"), "Never");

    fixture.choose(&name, "Test connection").await;
    fixture.wait_for_text(&format!("Test {name}")).await;
    fixture.click("Test connection");
    // The provider's page opens in a window, and as a link to open it by hand.
    let link = fixture
        .wait_for("the IdP link", "a[part~='idp-link']")
        .await;
    let href = link.get_attribute("href").unwrap_or_default();
    assert!(
        href.starts_with("https://idp.test-idp.example/sso/saml?SAMLRequest="),
        "{href}"
    );
    assert!(
        fixture
            .text()
            .contains("Sign in at your identity provider in the window that opened"),
        "{}",
        fixture.text()
    );

    // The provider answers, as a browser posts it to the ACS: here with no SAML Response at all.
    let acs = on_server(&token, &created.sso_id).await.saml.sp_acs_url;
    let form = format!(
        "SAMLResponse=bm90IFNBTUw%3D&RelayState={}",
        String::from(js_sys::encode_uri_component(&query_value(
            &href,
            "RelayState"
        )))
    );
    gloo_net::http::Request::post(&acs)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .mode(web_sys::RequestMode::NoCors)
        .body(form)
        .expect("a form body")
        .send()
        .await
        .expect("the ACS answers");

    // The widget reads the finished run: each check in words, with how to fix a failure.
    fixture.wait_for_text("checks failed").await;
    let text = fixture.text();
    let verdict = fixture
        .first("#tk-test-verdict")
        .text_content()
        .unwrap_or_default();
    let failed = fixture.all("li[data-check]").len();
    assert_eq!(
        verdict.trim(),
        format!("{failed} of {failed} checks failed"),
        "{text}"
    );
    assert!(text.contains("Response format: Failed"), "{text}");
    assert!(text.contains("How to fix:"), "{text}");
    assert!(text.contains(&acs), "the fix names our ACS URL: {text}");
    assert!(fixture.button("Test again").is_some());

    fixture.click("Back to overview");
    wait_until("the overview's last test", || {
        fixture
            .sso_cell(&created.sso_id, "last-test")
            .starts_with("Failed")
    })
    .await;
    // The failed run is shown again until the admin tests again.
    fixture.choose(&name, "Test connection").await;
    fixture.wait_for_text(verdict.trim()).await;
}

// ---- user provisioning (SCIM) -----------------------------------------------------------------

/// Sends a SCIM request to acme's service as an identity provider would, with `token`.
async fn scim_post(
    base_url: &str,
    token: &str,
    path: &str,
    body: &serde_json::Value,
) -> serde_json::Value {
    let response = gloo_net::http::Request::post(&format!("{base_url}{path}"))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/scim+json")
        .body(body.to_string())
        .expect("a JSON body")
        .send()
        .await
        .expect("the SCIM service answers");
    assert_eq!(response.status(), 201, "{path}");
    response.json().await.expect("a JSON answer")
}

#[wasm_bindgen_test]
async fn scim_section_makes_a_token_shows_pushed_groups_and_maps_their_roles() {
    let (fixture, token) = Fixture::sso_of_acme().await;
    fixture.wait_for_text("User provisioning (SCIM)").await;
    let base_url = fixture
        .wait_for("the SCIM base URL", "[part~='scim-base-url']")
        .await
        .text_content()
        .unwrap_or_default();
    assert!(base_url.ends_with("/scim/v2/acme"), "{base_url}");
    // Create the token (or, left by an earlier run, rotate it after confirming).
    if fixture.button("Create token").is_some() {
        fixture.click("Create token");
    } else {
        fixture.click("Rotate token");
        fixture
            .wait_for_dialog("alertdialog", "stops working at once")
            .await;
        fixture.click_in_dialog("Rotate token");
    }
    let secret = fixture
        .wait_for("the token, shown once", "[part~='scim-token']")
        .await
        .text_content()
        .unwrap_or_default();
    assert!(secret.starts_with("scim_"), "{secret}");
    assert!(
        fixture
            .dialog_text()
            .contains("only time the token is shown")
    );
    fixture.click_in_dialog("Done");
    fixture.wait_for_no_dialog().await;
    assert!(
        !fixture.text().contains(&secret),
        "the token is gone once the dialog closes"
    );
    fixture.wait_for_text("last used never").await;

    // The identity provider provisions a user and pushes a group with them in it.
    let login = format!("{}@acme.test", unique("scim-person"));
    let group_name = unique("Engineering");
    let user = scim_post(
        &base_url,
        &secret,
        "/Users",
        &serde_json::json!({"userName": login, "name": {"givenName": "Scim", "familyName": "Person"}}),
    )
    .await;
    scim_post(
        &base_url,
        &secret,
        "/Groups",
        &serde_json::json!({"displayName": group_name, "members": [{"value": user["id"]}]}),
    )
    .await;
    fixture.refresh();
    fixture.wait_for_text(&group_name).await;
    fixture.wait_for_text("Group created").await;
    assert!(
        fixture.text().contains("User created"),
        "{}",
        fixture.text()
    );

    // The admin maps the group to a role: its member gets it at once.
    fixture.click(&format!("Edit roles of {group_name}"));
    fixture
        .wait_for("the role choice", "[part~='scim-roles']")
        .await;
    fixture.checkbox("Support Agent").click();
    fixture.click("Save roles");
    fixture
        .wait_for_text(&format!(
            "Members of {group_name} now get the roles chosen."
        ))
        .await;
    let member = acme_client(&token)
        .load_user(&tenantkit_wire::LoginId::new(login.as_str()))
        .await
        .expect("the provisioned user");
    assert_eq!(
        member.user.user_tenants[0].role_names,
        vec!["Support Agent".to_owned()]
    );

    // Google Workspace has no provisioning, and the section says so.
    fixture.click("Google Workspace");
    fixture
        .wait_for("Google's answer", "[part~='scim-no-provisioning']")
        .await;
    assert!(
        fixture
            .text()
            .contains("Google cannot provision this tenant")
    );
    fixture.click("Okta");
    // Okta's steps name the base URL.
    fixture
        .wait_for_text(&format!("SCIM connector base URL: {base_url}"))
        .await;
}
