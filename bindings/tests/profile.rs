//! `<tenant-profile>` in headless Chromium against a real TenantKit server with demo data: the
//! tenant's name saved and told to the page; session settings and the password policy checked in
//! the browser with the wire rules before anything is sent, then saved; a domain added with its
//! TXT record, checked (no record published: it stays unverified, with the reason) and removed;
//! enforce SSO refused with the reason while no SSO connection is enabled; and an admin holding
//! only `User Admin` sees what needs `SSO Admin` read-only, with the reason.
//!
//! Every check of a change also asks the server, through the typed client, what it now holds, and
//! each test puts back what it changed, so the other tests see the tenants as seeded.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use support::{
    ACME_ADMIN, DEMO_PASSWORD, Fixture, GLOBEX_ADMIN, acme_client, configured, detail_field,
    session_of, wait_until, widget_client,
};
use tenantkit_bindings::{custom_events, element};
use tenantkit_wire::policy::{PasswordSettings, TenantSettings};
use tenantkit_wire::role::{CreateRoleRequest, DeleteRoleRequest};
use tenantkit_wire::tenant::TenantRequest;
use tenantkit_wire::user_ops::{CreateUserRequest, SetPasswordRequest, UserRef};
use tenantkit_wire::{LoginId, PERMISSION_USER_ADMIN, Secret, TenantId};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

impl Fixture {
    /// A `<tenant-profile>` of `tenant` with `token`, on the page and loaded.
    async fn profile(tenant: &str, token: &Secret) -> Self {
        let fixture = Self::new(element::TENANT_PROFILE_TAG, &configured(tenant));
        fixture.set_property("sessionToken", &token.expose().into());
        fixture.connect();
        fixture.wait_for_event(custom_events::READY).await;
        fixture
    }

    fn input(&self, selector: &str) -> HtmlInputElement {
        self.first(selector)
            .dyn_into::<HtmlInputElement>()
            .expect("an input")
    }

    fn toggle(&self, selector: &str) {
        self.input(selector).click();
    }

    /// Submits the form of the section `part` (`general-section`, `session-section`, ...).
    fn save(&self, part: &str) {
        self.first(&format!(r#"[part~="{part}"] button[type="submit"]"#))
            .dyn_into::<HtmlElement>()
            .expect("a button")
            .click();
    }

    fn section_text(&self, part: &str) -> String {
        self.first(&format!(r#"[part~="{part}"]"#))
            .text_content()
            .unwrap_or_default()
    }

    async fn wait_for_section_text(&self, part: &str, text: &str) {
        wait_until(&format!("the {part} to show {text:?}"), || {
            self.section_text(part).contains(text)
        })
        .await;
    }
}

#[wasm_bindgen_test]
async fn the_name_is_saved_and_told_to_the_page() {
    let token = session_of(ACME_ADMIN).await;
    let fixture = Fixture::profile("acme", &token).await;
    assert_eq!(fixture.input("#tk-profile-name").value(), "Acme Corp");
    assert!(fixture.text().contains("Tenant profile"));
    for part in [
        "general-section",
        "domains-section",
        "sso-section",
        "session-section",
        "password-section",
    ] {
        assert!(
            !fixture.all(&format!(r#"[part~="{part}"]"#)).is_empty(),
            "{part}"
        );
    }
    assert!(
        fixture.all(r#"[part="read-only-reason"]"#).is_empty(),
        "the acme admin (Tenant Admin) may change every section"
    );

    fixture.fill("#tk-profile-name", "  ", "input");
    fixture.save("general-section");
    fixture.wait_for_text("The name is required").await;
    // The server refuses a name another tenant has: its message is shown, nothing is told.
    fixture.fill("#tk-profile-name", "Globex", "input");
    fixture.save("general-section");
    let refusal = fixture
        .wait_for(
            "the server's refusal",
            r#"[part~="general-section"] [part="form-error"]"#,
        )
        .await;
    assert!(
        refusal
            .text_content()
            .unwrap_or_default()
            .starts_with("Could not save:"),
        "{:?}",
        refusal.text_content()
    );
    assert!(
        fixture
            .events_named(custom_events::TENANT_UPDATED)
            .is_empty()
    );
    assert!(
        !fixture.events_named(custom_events::ERROR).is_empty(),
        "tk-error"
    );
    fixture.fill("#tk-profile-name", "Acme Browser Test", "input");
    fixture.save("general-section");
    fixture
        .wait_for_text("Saved the name and attributes of Acme Browser Test.")
        .await;
    let updated = fixture.wait_for_event(custom_events::TENANT_UPDATED).await;
    assert_eq!(
        detail_field(&updated, "name").as_string().as_deref(),
        Some("Acme Browser Test")
    );
    assert_eq!(detail_field(&updated, "enforceSSO").as_bool(), Some(false));
    let changed: Vec<String> = js_sys::Array::from(&detail_field(&updated, "changed"))
        .iter()
        .filter_map(|value| value.as_string())
        .collect();
    assert_eq!(changed, ["name"]);
    let client = acme_client(&token);
    let tenant = client.load_tenant("acme").await.expect("the tenant");
    assert_eq!(tenant.name, "Acme Browser Test");

    client
        .update_tenant(&TenantRequest {
            id: "acme".to_owned(),
            name: "Acme Corp".to_owned(),
            self_provisioning_domains: tenant.self_provisioning_domains,
            custom_attributes: tenant.custom_attributes,
            enforce_sso: tenant.enforce_sso,
            disabled: tenant.disabled,
        })
        .await
        .expect("the name is put back");
    // The page's refresh() shows what the server holds now.
    fixture.refresh();
    wait_until("the form to show the name put back", || {
        fixture.input("#tk-profile-name").value() == "Acme Corp"
    })
    .await;
}

#[wasm_bindgen_test]
async fn session_settings_are_checked_in_the_browser_then_saved() {
    let token = session_of(ACME_ADMIN).await;
    let fixture = Fixture::profile("acme", &token).await;
    let client = acme_client(&token);
    let before = client.tenant_settings("acme").await.expect("settings");

    fixture.toggle("#tk-profile-session-enabled");
    fixture.fill("#tk-profile-session-token", "1", "input");
    fixture.fill("#tk-profile-session-token-unit", "minutes", "change");
    fixture.save("session-section");
    fixture
        .wait_for_section_text(
            "session-section",
            "A session token lasts from 3 minutes to 1 day",
        )
        .await;
    assert_eq!(
        fixture
            .first("#tk-profile-session-token")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(
        fixture
            .events_named(custom_events::SESSION_SETTINGS_UPDATED)
            .is_empty()
    );
    assert_eq!(
        client.tenant_settings("acme").await.expect("settings"),
        before,
        "nothing was sent"
    );

    fixture.fill("#tk-profile-session-token", "2", "input");
    fixture.fill("#tk-profile-session-token-unit", "hours", "change");
    fixture.fill("#tk-profile-refresh-token", "14", "input");
    fixture.fill("#tk-profile-refresh-token-unit", "days", "change");
    fixture.save("session-section");
    let saved = fixture
        .wait_for_event(custom_events::SESSION_SETTINGS_UPDATED)
        .await;
    assert_eq!(detail_field(&saved, "enabled").as_bool(), Some(true));
    fixture.wait_for_text("Saved the session settings.").await;
    let settings = client.tenant_settings("acme").await.expect("settings");
    assert!(settings.enabled);
    assert_eq!(settings.session_secs(), 7_200);
    assert_eq!(settings.refresh_secs(), 14 * 86_400);

    client
        .set_tenant_settings(&TenantSettings {
            tenant_id: "acme".to_owned(),
            ..before
        })
        .await
        .expect("the settings are put back");
}

#[wasm_bindgen_test]
async fn the_password_policy_is_tried_checked_and_saved() {
    let token = session_of(ACME_ADMIN).await;
    let fixture = Fixture::profile("acme", &token).await;
    let client = acme_client(&token);
    let before = client.password_settings("acme").await.expect("the policy");

    if !fixture.input("#tk-profile-password-enabled").checked() {
        fixture.toggle("#tk-profile-password-enabled");
    }
    fixture.fill("#tk-profile-min-length", "12", "input");
    if !fixture.input("#tk-profile-uppercase").checked() {
        fixture.toggle("#tk-profile-uppercase");
    }
    fixture.fill("#tk-profile-trial", "short1", "input");
    fixture
        .wait_for_text("The password needs at least 12 characters (minLength)")
        .await;
    assert!(
        fixture
            .text()
            .contains("The password needs an uppercase letter (uppercase)")
    );
    fixture.fill("#tk-profile-trial", "Long enough 1", "input");
    fixture
        .wait_for_text("This password meets the policy.")
        .await;

    if !fixture.input("#tk-profile-lock").checked() {
        fixture.toggle("#tk-profile-lock");
    }
    wait_until("the lock attempts field", || {
        !fixture.all("#tk-profile-lock-attempts").is_empty()
    })
    .await;
    fixture.fill("#tk-profile-lock-attempts", "0", "input");
    fixture.save("password-section");
    fixture
        .wait_for_text("Correct the highlighted fields first.")
        .await;
    assert_eq!(
        fixture
            .first("#tk-profile-lock-attempts")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    fixture.fill("#tk-profile-lock-attempts", "5", "input");
    fixture.save("password-section");
    let saved = fixture
        .wait_for_event(custom_events::PASSWORD_POLICY_UPDATED)
        .await;
    assert_eq!(detail_field(&saved, "enabled").as_bool(), Some(true));
    let policy = client.password_settings("acme").await.expect("the policy");
    assert!(policy.enabled && policy.uppercase);
    assert_eq!(policy.min_length, 12);
    assert_eq!(policy.lock_after(), Some(5));

    client
        .set_password_settings(&PasswordSettings {
            tenant_id: "acme".to_owned(),
            ..before
        })
        .await
        .expect("the policy is put back");
}

#[wasm_bindgen_test]
async fn a_domain_is_added_with_its_record_checked_and_removed() {
    let token = session_of(ACME_ADMIN).await;
    let fixture = Fixture::profile("acme", &token).await;
    let domain = format!("profile-{}.example", js_sys::Date::now() as u64);

    fixture.fill("#tk-profile-domain", "not a domain", "input");
    fixture.click("Add domain");
    wait_until("the domain field to be flagged", || {
        fixture
            .first("#tk-profile-domain")
            .get_attribute("aria-invalid")
            .as_deref()
            == Some("true")
    })
    .await;

    fixture.fill(
        "#tk-profile-domain",
        &format!(" {} ", domain.to_uppercase()),
        "input",
    );
    fixture.click("Add domain");
    let added = fixture.wait_for_event(custom_events::DOMAIN_ADDED).await;
    assert_eq!(
        detail_field(&added, "domain").as_string().as_deref(),
        Some(domain.as_str())
    );
    assert_eq!(
        detail_field(&added, "status").as_string().as_deref(),
        Some("pending")
    );
    let row = format!(r#"tr[data-domain="{domain}"]"#);
    fixture.wait_for("the domain's row", &row).await;
    let record = |which: &str| {
        fixture
            .first(&format!(r#"{row} [data-record="{which}"]"#))
            .text_content()
            .unwrap_or_default()
    };
    assert_eq!(record("name"), format!("_tenantkit.{domain}"));
    assert!(record("value").starts_with("tenantkit-verification="));
    assert!(
        fixture
            .button(&format!("Copy the value of the record for {domain}"))
            .is_some()
    );
    let on_server = acme_client(&token)
        .tenant_domains("acme")
        .await
        .expect("the domains");
    let stored = on_server
        .domains
        .iter()
        .find(|d| d.domain == domain)
        .expect("the server has the domain");
    assert_eq!(stored.record_value, record("value"));

    // Nothing is published: the check fails and says why.
    fixture.click(&format!("Verify {domain}"));
    let failed = fixture
        .wait_for_event(custom_events::DOMAIN_VERIFICATION_FAILED)
        .await;
    assert_eq!(
        detail_field(&failed, "status").as_string().as_deref(),
        Some("failed")
    );
    wait_until("the row to say Not verified", || {
        fixture
            .all(&format!(r#"{row} [data-status="failed"]"#))
            .len()
            == 1
    })
    .await;
    assert!(
        !fixture
            .all(&format!(r#"{row} [part="domain-error"]"#))
            .is_empty()
    );

    fixture.click(&format!("Remove {domain}"));
    fixture.wait_for_dialog("alertdialog", &domain).await;
    fixture.click_in_dialog("Remove");
    fixture.wait_for_event(custom_events::DOMAIN_REMOVED).await;
    wait_until("the row to go", || fixture.all(&row).is_empty()).await;
    let on_server = acme_client(&token)
        .tenant_domains("acme")
        .await
        .expect("the domains");
    assert!(on_server.domains.iter().all(|d| d.domain != domain));
}

#[wasm_bindgen_test]
async fn enforcing_sso_is_refused_while_no_connection_is_enabled() {
    let token = session_of(GLOBEX_ADMIN).await;
    let fixture = Fixture::profile("globex", &token).await;
    let connections = widget_client("globex", &token)
        .load_all_sso_settings("globex")
        .await
        .expect("globex's connections");
    assert!(
        connections
            .sso_settings
            .iter()
            .all(|c| c.auth_type.as_str() == "none"),
        "globex has no enabled SSO connection in the demo"
    );
    let switch = fixture.input("#tk-profile-enforce-sso");
    assert!(switch.disabled() && !switch.checked());
    assert!(
        fixture
            .section_text("sso-section")
            .contains("Enable an SSO connection first: otherwise nobody could sign in.")
    );
}

#[wasm_bindgen_test]
async fn an_admin_without_sso_admin_sees_those_sections_read_only_with_the_reason() {
    let stamp = js_sys::Date::now() as u64;
    let role = format!("Profile user admin {stamp}");
    let login_id = LoginId::new(format!("profile.{stamp}@acme.test"));
    let acme = acme_client(&session_of(ACME_ADMIN).await);
    let made = async {
        acme.create_role(&CreateRoleRequest {
            name: role.clone(),
            description: "Administers users only".to_owned(),
            permission_names: vec![PERMISSION_USER_ADMIN.to_owned()],
            tenant_id: TenantId::new("acme"),
        })
        .await?;
        acme.create_user(&CreateUserRequest {
            login_id: login_id.clone(),
            email: login_id.as_str().to_owned(),
            name: "Profile Lead".to_owned(),
            role_names: vec![role.clone()],
            ..CreateUserRequest::default()
        })
        .await?;
        acme.set_active_password(&SetPasswordRequest {
            login_id: login_id.clone(),
            password: Secret::new(DEMO_PASSWORD),
        })
        .await
    };
    if let Err(error) = made.await {
        panic!("making the user admin failed: {error}");
    }
    let token = session_of(login_id.as_str()).await;
    let fixture = Fixture::profile("acme", &token).await;

    assert!(
        !fixture.input("#tk-profile-name").read_only(),
        "User Admin changes the name"
    );
    assert!(
        fixture
            .section_text("domains-section")
            .contains("Read only: managing domains needs SSO Admin in this tenant.")
    );
    assert!(fixture.all("#tk-profile-domain").is_empty(), "no add form");
    assert!(
        fixture
            .section_text("sso-section")
            .contains("Read only: enforcing SSO needs SSO Admin in this tenant.")
    );
    assert!(fixture.input("#tk-profile-enforce-sso").disabled());
    for part in ["session-section", "password-section"] {
        assert!(fixture.section_text(part).contains(
            "Read only: changing the tenant's policy needs both User Admin and SSO Admin in this tenant."
        ));
    }
    assert!(
        fixture
            .all(r#"[part~="session-section"] button[type="submit"]"#)
            .is_empty(),
        "no Save"
    );

    let removed = async {
        acme.delete_user(&UserRef {
            login_id: Some(login_id.clone()),
            user_id: None,
        })
        .await?;
        acme.delete_role(&DeleteRoleRequest {
            name: role.clone(),
            tenant_id: TenantId::new("acme"),
            force: true,
        })
        .await
    };
    if let Err(error) = removed.await {
        panic!("removing the user admin failed: {error}");
    }
}
