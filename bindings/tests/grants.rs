//! "You can only delegate what you have", as the widgets show it, in headless Chromium against a
//! real TenantKit server with demo data: an admin holding only `User Admin` in acme sees the roles
//! they may not give disabled, with the permissions they lack, in the user and access-key forms,
//! and the permissions they do not hold disabled in the role editor ("Select all" leaves them
//! alone, and a role already carrying one keeps its permissions); the acme admin (`Tenant Admin`, every permission of the demo) sees nothing disabled.
//!
//! Each test makes its own user admin (a role carrying only `User Admin` and a user holding it,
//! through the acme admin's typed client) and removes both at the end.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use support::{
    ACME_ADMIN, DEMO_PASSWORD, Fixture, acme_client, configured, session_of, wait_until,
};
use tenantkit_bindings::{custom_events, element};
use tenantkit_wire::role::{CreateRoleRequest, DeleteRoleRequest};
use tenantkit_wire::user_ops::{CreateUserRequest, SetPasswordRequest, UserRef};
use tenantkit_wire::{LoginId, PERMISSION_USER_ADMIN, ROLE_TENANT_ADMIN, Secret, TenantId};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// What the user widget and the key widget say beside `Tenant Admin` to a user admin.
const TENANT_ADMIN_REASON: &str = "Needs Billing Read, Billing Write, Impersonate, Reports View, \
                                   SSO Admin, which you do not hold";

/// An acme admin holding only `User Admin` (through a role of their own), for one test.
struct UserAdmin {
    role: String,
    login_id: LoginId,
    token: Secret,
}

impl UserAdmin {
    async fn new(prefix: &str) -> Self {
        let stamp = js_sys::Date::now() as u64;
        let role = format!("{prefix} lead {stamp}");
        let login_id = LoginId::new(format!("{}.{stamp}@acme.test", prefix.to_lowercase()));
        let acme = acme_client(&session_of(ACME_ADMIN).await);
        let created = async {
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
                name: format!("{prefix} Lead"),
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
        if let Err(error) = created.await {
            panic!("making the user admin {login_id} failed: {error}");
        }
        let token = session_of(login_id.as_str()).await;
        Self {
            role,
            login_id,
            token,
        }
    }

    /// An element `tag` of acme with this admin's token, on the page and loaded.
    async fn element(&self, tag: &str) -> Fixture {
        let fixture = Fixture::new(tag, &configured("acme"));
        fixture.set_property("sessionToken", &self.token.expose().into());
        fixture.connect();
        fixture.wait_for_event(custom_events::READY).await;
        fixture
    }

    /// Removes the user and the role again (as the acme admin), so other tests see acme as seeded.
    async fn remove(self) {
        let acme = acme_client(&session_of(ACME_ADMIN).await);
        let user = UserRef {
            login_id: Some(self.login_id.clone()),
            user_id: None,
        };
        let removed = async {
            acme.delete_user(&user).await?;
            acme.delete_role(&DeleteRoleRequest {
                name: self.role.clone(),
                tenant_id: TenantId::new("acme"),
                force: true,
            })
            .await
        };
        if let Err(error) = removed.await {
            panic!("removing the user admin {} failed: {error}", self.login_id);
        }
    }
}

/// Opens the create dialog of `fixture` with its button `opener` and waits for `Tenant Admin` to
/// be disabled: until the server's list of roles is in, the form offers the roles it has seen,
/// without knowing which ones the admin may grant.
async fn open_form(fixture: &Fixture, opener: &str) {
    fixture.click(opener);
    wait_until("Tenant Admin to be offered disabled", || {
        fixture
            .all(r#"input[type="checkbox"]"#)
            .iter()
            .any(|input| {
                let label = input.closest("label").ok().flatten();
                label
                    .and_then(|label| label.text_content())
                    .is_some_and(|text| text.trim() == ROLE_TENANT_ADMIN)
                    && input.has_attribute("disabled")
            })
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_user_form_offers_only_the_roles_the_admin_may_grant() {
    let admin = UserAdmin::new("Users").await;
    let fixture = admin.element(element::USER_MANAGEMENT_TAG).await;
    open_form(&fixture, "Create user").await;
    let tenant_admin = fixture.checkbox(ROLE_TENANT_ADMIN);
    assert!(tenant_admin.disabled(), "Tenant Admin cannot be given");
    assert!(
        fixture.dialog_text().contains(TENANT_ADMIN_REASON),
        "the reason is shown"
    );
    let described_by = tenant_admin
        .get_attribute("aria-describedby")
        .expect("the checkbox is described by its reason");
    assert_eq!(
        fixture
            .first(&format!("#{described_by}"))
            .text_content()
            .as_deref()
            .map(str::trim),
        Some(TENANT_ADMIN_REASON)
    );
    assert!(
        !fixture.checkbox(&admin.role).disabled(),
        "their own role can be given"
    );
    assert!(
        !fixture.checkbox("Support Agent").disabled(),
        "a role without permissions can"
    );
    drop(fixture);
    admin.remove().await;
}

#[wasm_bindgen_test]
async fn the_bulk_bar_offers_only_the_roles_the_admin_may_grant() {
    let admin = UserAdmin::new("Bulk").await;
    let fixture = admin.element(element::USER_MANAGEMENT_TAG).await;
    let row_boxes = || {
        fixture
            .all(r#"input[type="checkbox"][aria-label^="Select "]"#)
            .into_iter()
            .filter(|input| {
                !input
                    .get_attribute("aria-label")
                    .unwrap_or_default()
                    .starts_with("Select all")
            })
            .collect::<Vec<_>>()
    };
    wait_until("rows to select", || !row_boxes().is_empty()).await;
    let select_row = row_boxes().remove(0);
    wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(select_row).click();
    // The role list arrives from the server: until then nothing is known to be locked.
    wait_until("Tenant Admin to be listed disabled in the bulk bar", || {
        fixture
            .all(r#"[part="bulk-bar"] option"#)
            .iter()
            .any(|option| {
                option.has_attribute("disabled")
                    && option.text_content().is_some_and(|text| {
                        text == format!("{ROLE_TENANT_ADMIN} ({TENANT_ADMIN_REASON})")
                    })
            })
    })
    .await;
    let chosen = fixture
        .all(r#"[part="bulk-bar"] select"#)
        .into_iter()
        .next()
        .map(|select| {
            wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlSelectElement>(select).value()
        })
        .expect("the role select");
    assert_ne!(
        chosen, ROLE_TENANT_ADMIN,
        "a locked role is never the one chosen"
    );
    drop(fixture);
    admin.remove().await;
}

#[wasm_bindgen_test]
async fn the_account_of_a_user_holding_more_than_the_admin_is_not_theirs_to_change() {
    let admin = UserAdmin::new("Rows").await;
    let fixture = admin.element(element::USER_MANAGEMENT_TAG).await;
    fixture.fill(r#"input[part="search"]"#, ACME_ADMIN, "input");
    wait_until("the acme admin's row alone", || {
        let shown: Vec<String> = fixture
            .all(r#"tbody [data-column="login-id"]"#)
            .iter()
            .filter_map(|cell| cell.text_content())
            .collect();
        shown == [ACME_ADMIN]
    })
    .await;
    fixture.click(&format!("Actions for {ACME_ADMIN}"));
    let item = |label: &str| {
        fixture
            .all(r#"[role="menuitem"]"#)
            .into_iter()
            .find(|item| item.text_content().is_some_and(|t| t.trim() == label))
    };
    // The role list arrives from the server: until then nothing is known to be locked.
    wait_until("Remove from tenant to be disabled", || {
        item("Remove from tenant")
            .is_some_and(|item| item.get_attribute("aria-disabled").as_deref() == Some("true"))
    })
    .await;
    for label in [
        "Disable",
        "Reset password",
        "Sign out everywhere",
        "Remove from tenant",
        "Delete",
    ] {
        let menu_item = item(label).expect("the item is listed");
        assert_eq!(
            menu_item.get_attribute("aria-disabled").as_deref(),
            Some("true"),
            "{label}"
        );
        let reason_id = menu_item
            .get_attribute("aria-describedby")
            .expect("the reason describes the item");
        assert_eq!(
            fixture
                .first(&format!("#{reason_id}"))
                .text_content()
                .as_deref()
                .map(str::trim),
            Some("Holds Tenant Admin, which carries permissions you do not hold"),
            "{label}"
        );
    }
    // Reading their sign-in history changes nothing, so it stays available.
    let history = item("Sign-in history").expect("the history is listed");
    assert_ne!(
        history.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    drop(fixture);
    admin.remove().await;
}

#[wasm_bindgen_test]
async fn the_access_key_form_offers_only_the_roles_the_admin_may_grant() {
    let admin = UserAdmin::new("Keys").await;
    let fixture = admin.element(element::ACCESS_KEY_MANAGEMENT_TAG).await;
    open_form(&fixture, "Create access key").await;
    assert!(fixture.checkbox(ROLE_TENANT_ADMIN).disabled());
    assert!(fixture.dialog_text().contains(TENANT_ADMIN_REASON));
    assert!(!fixture.checkbox(&admin.role).disabled());
    drop(fixture);
    admin.remove().await;
}

/// Opens the role widget's create dialog and waits for the permissions.
async fn open_role_form(fixture: &Fixture) {
    fixture.click("Create role");
    fixture.wait_for_dialog("dialog", "Permissions").await;
    wait_until("the permissions", || {
        fixture.dialog_text().contains("SSO Admin")
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_role_editor_offers_only_the_permissions_the_admin_holds() {
    let admin = UserAdmin::new("Roles").await;
    // A role of acme carrying SSO Admin, made by the acme admin.
    let acme = acme_client(&session_of(ACME_ADMIN).await);
    let sso_role = format!("SSO team {}", js_sys::Date::now() as u64);
    acme.create_role(&CreateRoleRequest {
        name: sso_role.clone(),
        description: String::new(),
        permission_names: vec!["SSO Admin".to_owned(), PERMISSION_USER_ADMIN.to_owned()],
        tenant_id: TenantId::new("acme"),
    })
    .await
    .expect("create the SSO role");

    let fixture = admin.element(element::ROLE_MANAGEMENT_TAG).await;
    open_role_form(&fixture).await;
    assert!(fixture.checkbox("SSO Admin").disabled());
    assert!(fixture.checkbox("Billing Read").disabled());
    assert!(!fixture.checkbox(PERMISSION_USER_ADMIN).disabled());
    assert!(
        fixture
            .dialog_text()
            .contains("You do not hold this permission, so you cannot grant or remove it")
    );
    // "Select all" chooses what the admin may grant, and only that.
    fixture.checkbox("Select all").click();
    wait_until("User Admin to be chosen", || {
        fixture.checkbox(PERMISSION_USER_ADMIN).checked()
    })
    .await;
    assert!(!fixture.checkbox("SSO Admin").checked());
    assert!(!fixture.checkbox("Billing Read").checked());
    fixture.click_in_dialog("Cancel");
    fixture.wait_for_no_dialog().await;

    // Editing a role that carries a permission the admin lacks: no permission can change.
    fixture.search_for(&sso_role).await;
    fixture.choose(&sso_role, "Edit").await;
    fixture
        .wait_for_dialog(
            "dialog",
            "This role carries SSO Admin, which you do not hold: you cannot change its permissions",
        )
        .await;
    assert!(fixture.checkbox(PERMISSION_USER_ADMIN).disabled());
    assert!(fixture.checkbox(PERMISSION_USER_ADMIN).checked());
    assert!(fixture.checkbox("Select all").disabled());
    drop(fixture);
    admin.remove().await;
    acme.delete_role(&DeleteRoleRequest {
        name: sso_role,
        tenant_id: TenantId::new("acme"),
        force: true,
    })
    .await
    .expect("delete the SSO role");

    // The acme admin holds every permission of the demo: nothing is disabled for them.
    let token = session_of(ACME_ADMIN).await;
    let fixture = Fixture::new(element::ROLE_MANAGEMENT_TAG, &configured("acme"));
    fixture.set_property("sessionToken", &token.expose().into());
    fixture.connect();
    fixture.wait_for_event(custom_events::READY).await;
    open_role_form(&fixture).await;
    assert!(!fixture.checkbox("SSO Admin").disabled());
    assert!(!fixture.checkbox("Billing Read").disabled());
    assert!(!fixture.dialog_text().contains("You do not hold"));
}
