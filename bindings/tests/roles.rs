//! `<tenant-role-management>` in headless Chromium against a real TenantKit server with demo data:
//! the table of the tenant's and the project's roles with their holders (users and access keys),
//! create (validated in the browser first; Enter in the permission filter does not submit),
//! rename, duplicate, a change that removes a permission from a held role (impact first), delete
//! of several roles at once with their impact (holders counted once), and the second confirmation
//! that guards the admin's own `User Admin`.
//!
//! Tests that change data use role names and login ids of their own, so they never disturb the
//! others; every check of a change also asks the server, through the typed client, what it now
//! holds. The server, the sign-in and the page fixture are in `support/`.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use std::cell::Cell;
use std::rc::Rc;
use support::{Fixture, acme_client, computed_style, detail_field, wait_until};
use tenantkit_bindings::{custom_events, element};
use tenantkit_widgets::list::Remote;
use tenantkit_widgets::roles::impact_dialog::{ImpactDialog, ImpactDialogProps, ImpactKind};
use tenantkit_widgets::roles::state::Impact;
use tenantkit_wire::access_key::CreateAccessKeyRequest;
use tenantkit_wire::role::{CreateRoleRequest, Role, RoleImpactResponse, RoleSearchRequest};
use tenantkit_wire::user_ops::CreateUserRequest;
use tenantkit_wire::{LoginId, Secret, TenantId};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};
use yew::{Callback, Renderer};

wasm_bindgen_test_configure!(run_in_browser);

// ---- the server ---------------------------------------------------------------------------------

/// A role name no other test uses.
fn unique_role(prefix: &str) -> String {
    format!("{prefix} {}", js_sys::Date::now() as u64)
}

/// Creates one of acme's roles through the typed client.
async fn create_role(token: &Secret, name: &str, permissions: &[&str]) {
    let request = CreateRoleRequest {
        name: name.to_owned(),
        description: "Made by a browser test".to_owned(),
        permission_names: permissions.iter().map(|p| (*p).to_owned()).collect(),
        tenant_id: TenantId::new("acme"),
    };
    if let Err(error) = acme_client(token).create_role(&request).await {
        panic!("creating the role {name} failed: {error}");
    }
}

/// Creates a user of acme holding `role`; returns their login id.
async fn create_holder(token: &Secret, role: &str) -> String {
    create_holder_of(token, &[role]).await
}

/// Creates a user of acme holding `roles`; returns their login id.
async fn create_holder_of(token: &Secret, roles: &[&str]) -> String {
    let login_id = format!("holder-{}@acme.test", js_sys::Date::now() as u64);
    let request = CreateUserRequest {
        login_id: LoginId::new(login_id.clone()),
        email: login_id.clone(),
        role_names: roles.iter().map(|role| (*role).to_owned()).collect(),
        ..CreateUserRequest::default()
    };
    if let Err(error) = acme_client(token).create_user(&request).await {
        panic!("creating a holder of {roles:?} failed: {error}");
    }
    login_id
}

/// Creates an access key of acme holding `role`; returns its id.
async fn create_key_holder(token: &Secret, role: &str) -> String {
    let request = CreateAccessKeyRequest {
        name: format!("key of {role}"),
        role_names: vec![role.to_owned()],
        ..CreateAccessKeyRequest::default()
    };
    match acme_client(token).create_access_key(&request).await {
        Ok(created) => created.key.id,
        Err(error) => panic!("creating a key holding {role} failed: {error}"),
    }
}

/// The holders cell of a role as the table should show it.
fn holders_text(users: u64, keys: u64) -> String {
    let plural = |n: u64, one: &str, other: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {other}")
        }
    };
    format!(
        "{} · {}",
        plural(users, "user", "users"),
        plural(keys, "key", "keys")
    )
}

/// The acme role `name` as the server has it now, if any.
async fn role_on_server(token: &Secret, name: &str) -> Option<Role> {
    let request = RoleSearchRequest {
        role_names: vec![name.to_owned()],
        limit: 10,
        ..RoleSearchRequest::default()
    };
    match acme_client(token).search_roles(&request).await {
        Ok(response) => response
            .roles
            .into_iter()
            .find(|role| role.name == name && !role.tenant_id.as_str().is_empty()),
        Err(error) => panic!("searching the role {name} failed: {error}"),
    }
}

/// The acme roles `login_id` holds now.
async fn roles_of(token: &Secret, login_id: &str) -> Vec<String> {
    match acme_client(token).load_user(&LoginId::new(login_id)).await {
        Ok(response) => response.user.role_names,
        Err(error) => panic!("loading {login_id} failed: {error}"),
    }
}

// ---- the page -----------------------------------------------------------------------------------

impl Fixture {
    /// A `<tenant-role-management>` for acme with the acme admin's token (as a property), on the
    /// page and loaded.
    async fn roles_of_acme() -> (Self, Secret) {
        Self::of_acme(element::ROLE_MANAGEMENT_TAG).await
    }
}

/// Presses Enter in the input `selector` (a cancelable `keydown`, as the browser sends before it
/// submits the form); true when the widget held back the default action.
fn enter_is_held_back(fixture: &Fixture, selector: &str) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("a key");
    let not_cancelled = fixture
        .first(selector)
        .dispatch_event(&event)
        .expect("dispatch");
    !not_cancelled && event.default_prevented()
}

fn strings(value: JsValue) -> Vec<String> {
    js_sys::Array::from(&value)
        .iter()
        .filter_map(|item| item.as_string())
        .collect()
}

// ---- the tests ----------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_table_shows_tenant_and_project_roles_with_scope_permissions_and_holders() {
    let (fixture, token) = Fixture::roles_of_acme().await;
    let listed = acme_client(&token)
        .search_roles(&RoleSearchRequest {
            limit: 100,
            include_project_roles: true,
            ..RoleSearchRequest::default()
        })
        .await
        .expect("search the roles");
    wait_until("every role of the first page", || {
        fixture.row_names().len() == listed.roles.len().min(25)
    })
    .await;
    let headers: Vec<String> = fixture
        .all("thead th[scope=col]")
        .iter()
        .filter_map(|th| th.text_content())
        .collect();
    assert_eq!(
        headers,
        ["Name", "Description", "Permissions", "Scope", "Holders"]
    );
    assert_eq!(
        fixture
            .all("caption")
            .first()
            .and_then(|c| c.text_content())
            .as_deref(),
        Some("Roles of tenant acme")
    );

    // The project role: its permissions as chips, read-only with the reason shown.
    let tenant_admin = fixture.row("Tenant Admin");
    assert!(fixture.cell("Tenant Admin", "scope").contains("Project"));
    assert!(
        fixture
            .cell("Tenant Admin", "scope")
            .contains("Read-only: project roles are managed by the product"),
        "the reason is shown"
    );
    let chips = tenant_admin
        .query_selector_all(r#"[part~="permission"]"#)
        .expect("chips");
    // The demo's Tenant Admin grants the three built-ins and the demo's three: two chips, then
    // "+4" for the rest.
    assert_eq!(chips.length(), 2);
    assert!(fixture.cell("Tenant Admin", "permissions").contains("+4"));
    assert!(
        fixture.checkbox("Select Tenant Admin").disabled(),
        "a project role cannot be selected for deletion"
    );

    // The tenant's own role, with the server's holder count.
    let support = listed
        .roles
        .iter()
        .find(|role| role.name == "Support Agent")
        .expect("the demo's Support Agent");
    assert!(
        support.user_count > 0,
        "the demo gives Support Agent holders"
    );
    assert_eq!(
        fixture.cell("Support Agent", "holders").trim(),
        holders_text(support.user_count, support.access_key_count)
    );
    assert!(fixture.cell("Support Agent", "scope").contains("Tenant"));
    assert!(!fixture.checkbox("Select Support Agent").disabled());

    // The project role's menu offers only what a tenant admin may do with it.
    let items = fixture.menu_items("Tenant Admin").await;
    assert_eq!(items, ["Duplicate"]);
    fixture.press(r#"[role="menu"]"#, "Escape");

    // Sorting by holders (their users), most first.
    fixture.click("Holders");
    fixture.click("Holders");
    wait_until("descending holder counts", || {
        let counts: Vec<u64> = fixture
            .all(r#"tbody td[data-column="holders"]"#)
            .iter()
            .filter_map(|c| c.text_content()?.split_whitespace().next()?.parse().ok())
            .collect();
        counts.len() > 1 && counts.windows(2).all(|pair| pair[0] >= pair[1])
    })
    .await;
    assert!(fixture.events_named(custom_events::ERROR).is_empty());
}

#[wasm_bindgen_test]
async fn the_plus_n_chip_names_the_other_permissions_on_keyboard_focus() {
    let (fixture, token) = Fixture::roles_of_acme().await;
    let name = unique_role("Many permissions");
    create_role(
        &token,
        &name,
        &[
            "Billing Read",
            "Billing Write",
            "Reports View",
            "User Admin",
        ],
    )
    .await;
    fixture.search_for(&name).await;
    let row = fixture.row(&name);
    let more = row
        .query_selector(r#"[part~="more-permissions"]"#)
        .expect("a query")
        .expect("a +N chip");
    assert_eq!(
        row.query_selector_all(r#"[part~="permission"]"#)
            .expect("chips")
            .length(),
        2,
        "two chips, then +2"
    );
    assert!(more.text_content().unwrap_or_default().contains("+2"));
    assert_eq!(more.get_attribute("tabindex").as_deref(), Some("0"));
    let list = more
        .query_selector(r#"[part~="more-permissions-list"]"#)
        .expect("a query")
        .expect("the list of the others");
    let display = |element: &Element| computed_style(element, "display");
    assert_eq!(display(&list), "none", "hidden until asked for");
    more.dyn_ref::<HtmlElement>()
        .expect("an element")
        .focus()
        .expect("focus");
    assert_ne!(display(&list), "none", "keyboard focus shows the others");
    let others = list.text_content().unwrap_or_default();
    assert!(others.contains("Reports View") && others.contains("User Admin"));
}

#[wasm_bindgen_test]
async fn creating_a_role_validates_in_the_browser_then_saves_two_permissions() {
    let (fixture, token) = Fixture::roles_of_acme().await;
    let name = unique_role("Billing Team");
    let opener = fixture.button("Create role").expect("a create button");
    opener.focus().expect("focus");
    opener.click();
    fixture.wait_for_dialog("dialog", "Permissions").await;
    wait_until("the permissions with their descriptions", || {
        fixture
            .dialog_text()
            .contains("See invoices and the payment method")
    })
    .await;
    assert!(
        fixture.dialog_text().contains("Built-in"),
        "built-ins are marked"
    );

    // An empty name is refused before any request.
    fixture.click_in_dialog("Create");
    fixture.wait_for_text("A name is required").await;
    let input = fixture.first("#tk-role-name");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("tk-role-name-error")
    );
    assert!(fixture.events_named(custom_events::ERROR).is_empty());

    // The filter narrows the permissions; "Select all shown" takes exactly those.
    fixture.fill("#tk-role-name", &name, "input");
    fixture.fill("#tk-role-description", "Pays the bills", "input");
    fixture.fill(r#"input[part="permission-filter"]"#, "billing", "input");
    wait_until("only the billing permissions", || {
        fixture.all(r#"[part="permission"]"#).len() == 2
    })
    .await;
    // Enter in the filter box only filters; in the name field it submits, as in any form.
    assert!(
        enter_is_held_back(&fixture, r#"input[part="permission-filter"]"#),
        "Enter in the permission filter would submit the form"
    );
    assert!(!enter_is_held_back(&fixture, "#tk-role-name"));
    support::settle().await;
    assert!(fixture.events_named(custom_events::ROLE_CREATED).is_empty());
    assert!(fixture.dialog_text().contains("Permissions"), "still open");
    fixture.checkbox("Select all shown").click();
    wait_until("both chosen", || fixture.text().contains("2 of 6 selected")).await;
    fixture.click_in_dialog("Create");

    let created = fixture.wait_for_event(custom_events::ROLE_CREATED).await;
    assert!(created.bubbles() && created.composed());
    assert_eq!(
        detail_field(&created, "name").as_string().as_deref(),
        Some(name.as_str())
    );
    assert_eq!(
        strings(detail_field(&created, "permissionNames")),
        ["Billing Read", "Billing Write"]
    );
    assert!(detail_field(&created, "duplicatedFrom").is_null());
    fixture.wait_for_no_dialog().await;
    fixture
        .wait_for_text(&format!("The role {name} was created."))
        .await;
    assert!(
        fixture
            .active_element()
            .is_some_and(|e| e == *opener.unchecked_ref::<Element>()),
        "focus returns to the opener"
    );
    let saved = role_on_server(&token, &name).await.expect("the new role");
    assert_eq!(saved.permission_names, ["Billing Read", "Billing Write"]);
    assert_eq!(saved.description, "Pays the bills");
    fixture.search_for(&name).await;

    // The same name again: the server's conflict is shown next to the name.
    fixture.click("Create role");
    fixture.wait_for_dialog("dialog", "Permissions").await;
    fixture.fill("#tk-role-name", &name, "input");
    fixture.click_in_dialog("Create");
    fixture.wait_for_text("exists already").await;
    assert!(
        fixture
            .first("#tk-role-name-error")
            .text_content()
            .is_some_and(|t| t.contains("exists already")),
        "the conflict is the name's"
    );
    fixture.press(r#"[role="dialog"]"#, "Escape");
    fixture.wait_for_no_dialog().await;
}

#[wasm_bindgen_test]
async fn renaming_a_role_keeps_its_holders() {
    let (fixture, token) = Fixture::roles_of_acme().await;
    let name = unique_role("Auditors");
    create_role(&token, &name, &["Reports View"]).await;
    let holder = create_holder(&token, &name).await;
    let key = create_key_holder(&token, &name).await;
    fixture.search_for(&name).await;
    assert_eq!(fixture.cell(&name, "holders").trim(), "1 user · 1 key");

    fixture.choose(&name, "Edit").await;
    fixture
        .wait_for_dialog("dialog", &format!("Edit role {name}"))
        .await;
    let renamed = format!("{name} (renamed)");
    fixture.fill("#tk-role-name", &renamed, "input");
    fixture.click_in_dialog("Save");
    let updated = fixture.wait_for_event(custom_events::ROLE_UPDATED).await;
    assert_eq!(
        detail_field(&updated, "previousName")
            .as_string()
            .as_deref(),
        Some(name.as_str())
    );
    assert_eq!(
        detail_field(&updated, "name").as_string().as_deref(),
        Some(renamed.as_str())
    );
    assert!(strings(detail_field(&updated, "permissionsRemoved")).is_empty());
    fixture.wait_for_no_dialog().await;
    fixture
        .wait_for_text(&format!("The role {renamed} was saved."))
        .await;

    assert!(
        role_on_server(&token, &name).await.is_none(),
        "the old name is gone"
    );
    assert!(role_on_server(&token, &renamed).await.is_some());
    assert_eq!(
        roles_of(&token, &holder).await,
        std::slice::from_ref(&renamed),
        "the holder keeps it"
    );
    let key_roles = match acme_client(&token).load_access_key(&key).await {
        Ok(loaded) => loaded.key.role_names,
        Err(error) => panic!("loading the key failed: {error}"),
    };
    assert_eq!(key_roles, [renamed], "the key keeps it");
    assert_eq!(
        fixture.cell(&format!("{name} (renamed)"), "holders").trim(),
        "1 user · 1 key"
    );
}

#[wasm_bindgen_test]
async fn duplicating_a_role_copies_description_and_permissions() {
    let (fixture, token) = Fixture::roles_of_acme().await;
    let name = unique_role("Finance");
    create_role(&token, &name, &["Billing Read", "Reports View"]).await;
    fixture.search_for(&name).await;

    fixture.choose(&name, "Duplicate").await;
    fixture
        .wait_for_dialog("dialog", &format!("Duplicate {name}"))
        .await;
    let copy = format!("Copy of {name}");
    let input = fixture
        .first("#tk-role-name")
        .dyn_into::<HtmlInputElement>()
        .expect("input");
    assert_eq!(input.value(), copy, "the copy is named after its source");
    assert!(fixture.checkbox("Billing Read").checked());
    assert!(fixture.checkbox("Reports View").checked());
    assert!(!fixture.checkbox("Billing Write").checked());
    fixture.click_in_dialog("Create");

    let created = fixture.wait_for_event(custom_events::ROLE_CREATED).await;
    assert_eq!(
        detail_field(&created, "duplicatedFrom")
            .as_string()
            .as_deref(),
        Some(name.as_str())
    );
    fixture
        .wait_for_text(&format!("The role {copy} was created as a copy of {name}."))
        .await;
    let saved = role_on_server(&token, &copy).await.expect("the copy");
    assert_eq!(saved.permission_names, ["Billing Read", "Reports View"]);
    assert_eq!(saved.description, "Made by a browser test");
    assert_eq!(saved.user_count, 0, "holders are not copied");
}

#[wasm_bindgen_test]
async fn removing_a_permission_from_a_held_role_shows_the_impact_before_saving() {
    let (fixture, token) = Fixture::roles_of_acme().await;
    let name = unique_role("Billing Admins");
    create_role(&token, &name, &["Billing Read", "Billing Write"]).await;
    create_holder(&token, &name).await;
    fixture.search_for(&name).await;

    fixture.choose(&name, "Edit").await;
    fixture.wait_for_dialog("dialog", "Permissions").await;
    fixture.checkbox("Billing Write").click();
    fixture.click_in_dialog("Save");
    fixture
        .wait_for_dialog("alertdialog", &format!("Save the changes to {name}?"))
        .await;
    fixture
        .wait_for_text("1 user and 0 access keys will lose: Billing Write")
        .await;
    assert!(
        fixture.events_named(custom_events::ROLE_UPDATED).is_empty(),
        "nothing is saved before the confirmation"
    );

    // Cancel goes back to the form, with the choice kept; the server still grants both.
    fixture.click_in_dialog("Cancel");
    fixture.wait_for_dialog("dialog", "Permissions").await;
    assert!(!fixture.checkbox("Billing Write").checked());
    assert_eq!(
        role_on_server(&token, &name)
            .await
            .expect("the role")
            .permission_names,
        ["Billing Read", "Billing Write"]
    );

    fixture.click_in_dialog("Save");
    fixture
        .wait_for_dialog("alertdialog", "will lose: Billing Write")
        .await;
    fixture.click_in_dialog("Save changes");
    let updated = fixture.wait_for_event(custom_events::ROLE_UPDATED).await;
    assert_eq!(
        strings(detail_field(&updated, "permissionsRemoved")),
        ["Billing Write"]
    );
    fixture.wait_for_no_dialog().await;
    assert_eq!(
        role_on_server(&token, &name)
            .await
            .expect("the role")
            .permission_names,
        ["Billing Read"]
    );
}

#[wasm_bindgen_test]
async fn deleting_several_roles_shows_who_loses_them_and_deletes_them_together() {
    let (fixture, token) = Fixture::roles_of_acme().await;
    let prefix = unique_role("Temp");
    let first = format!("{prefix} first");
    let second = format!("{prefix} second");
    create_role(&token, &first, &["Reports View"]).await;
    create_role(&token, &second, &[]).await;
    // One user holds both: one holder, however many of the roles go.
    let holder = create_holder_of(&token, &[&first, &second]).await;
    fixture.fill(r#"input[part="search"]"#, &prefix, "input");
    wait_until("both roles listed", || fixture.row_names().len() == 2).await;

    fixture.checkbox(&format!("Select {first}")).click();
    fixture.checkbox(&format!("Select {second}")).click();
    fixture.wait_for_text("2 selected").await;
    fixture
        .all(r#"[part~="bulk-button"]"#)
        .into_iter()
        .find(|b| b.text_content().as_deref() == Some("Delete"))
        .and_then(|b| b.dyn_into::<HtmlElement>().ok())
        .expect("a bulk Delete button")
        .click();
    fixture
        .wait_for_dialog("alertdialog", "Delete 2 roles?")
        .await;
    fixture
        .wait_for_text(&format!("{first}: 1 user and 0 access keys"))
        .await;
    fixture
        .wait_for_text(&format!("{second}: 1 user and 0 access keys"))
        .await;
    fixture
        .wait_for_text("In all: 1 user and 0 access keys, each counted once")
        .await;
    assert!(
        role_on_server(&token, &first).await.is_some(),
        "nothing deleted yet"
    );

    fixture.click_in_dialog("Delete");
    let deleted = fixture.wait_for_event(custom_events::ROLE_DELETED).await;
    let mut names = strings(detail_field(&deleted, "names"));
    names.sort();
    assert_eq!(names, [first.clone(), second.clone()]);
    assert_eq!(detail_field(&deleted, "usersAffected").as_f64(), Some(1.0));
    assert_eq!(
        detail_field(&deleted, "accessKeysAffected").as_f64(),
        Some(0.0)
    );
    assert_eq!(
        detail_field(&deleted, "holdersAffected").as_f64(),
        Some(1.0)
    );
    fixture
        .wait_for_text("2 roles were deleted. Removed from 1 user and 0 access keys.")
        .await;
    fixture.wait_for_text("No roles match").await;
    assert!(role_on_server(&token, &first).await.is_none());
    assert!(role_on_server(&token, &second).await.is_none());
    assert!(
        roles_of(&token, &holder).await.is_empty(),
        "the grants went with the roles"
    );
}

#[wasm_bindgen_test]
async fn deleting_one_role_from_its_menu_names_it_and_its_permissions() {
    let (fixture, token) = Fixture::roles_of_acme().await;
    let name = unique_role("Reporters");
    create_role(&token, &name, &["Reports View"]).await;
    create_holder(&token, &name).await;
    create_holder(&token, &name).await;
    let key = create_key_holder(&token, &name).await;
    fixture.search_for(&name).await;

    fixture.choose(&name, "Delete").await;
    fixture
        .wait_for_dialog("alertdialog", &format!("Delete the role {name}?"))
        .await;
    fixture
        .wait_for_text(&format!("2 users and 1 access key will lose: {name}"))
        .await;
    fixture
        .wait_for_text("Permissions that go with it: Reports View")
        .await;
    // Escape cancels; nothing changed.
    fixture.press(r#"[role="alertdialog"]"#, "Escape");
    fixture.wait_for_no_dialog().await;
    assert!(role_on_server(&token, &name).await.is_some());

    fixture.choose(&name, "Delete").await;
    fixture.wait_for_dialog("alertdialog", "will lose").await;
    fixture.click_in_dialog("Delete");
    let deleted = fixture.wait_for_event(custom_events::ROLE_DELETED).await;
    assert_eq!(detail_field(&deleted, "usersAffected").as_f64(), Some(2.0));
    assert_eq!(
        detail_field(&deleted, "accessKeysAffected").as_f64(),
        Some(1.0)
    );
    fixture
        .wait_for_text(&format!(
            "The role {name} was deleted. Removed from 2 users and 1 access key."
        ))
        .await;
    assert!(role_on_server(&token, &name).await.is_none());
    match acme_client(&token).load_access_key(&key).await {
        Ok(loaded) => assert!(loaded.key.role_names.is_empty(), "the key lost it"),
        Err(error) => panic!("loading the key failed: {error}"),
    }
}

/// The demo's admins hold `User Admin` through the project role `Tenant Admin`, which they cannot
/// change, so the server never says they would lose it here; the end-to-end test sets that up
/// with the management key. This test renders the confirmation itself with such an answer.
#[wasm_bindgen_test]
async fn losing_your_own_user_admin_needs_a_second_confirmation() {
    let document = support::document();
    let root = document.create_element("div").expect("a root");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("append");
    let confirmed = Rc::new(Cell::new(0));
    let closed = Rc::new(Cell::new(0));
    let props = ImpactDialogProps {
        question: "Save the changes to Admins?".into(),
        impact: Remote::Loaded(Impact::from_response(
            &["Admins".to_owned()],
            RoleImpactResponse {
                users: 1,
                access_keys: 0,
                permissions_lost: vec!["User Admin".to_owned()],
                removes_own_user_admin: true,
                ..RoleImpactResponse::default()
            },
        )),
        kind: ImpactKind::Change,
        confirm_label: "Save changes".into(),
        busy: false,
        onconfirm: {
            let confirmed = confirmed.clone();
            Callback::from(move |()| confirmed.set(confirmed.get() + 1))
        },
        onclose: {
            let closed = closed.clone();
            Callback::from(move |()| closed.set(closed.get() + 1))
        },
    };
    let app = Renderer::<ImpactDialog>::with_root_and_props(root.clone(), props).render();
    let text = || root.text_content().unwrap_or_default();
    let button = |label: &str| {
        let list = root.query_selector_all("button").expect("buttons");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
            .find(|b| b.text_content().is_some_and(|t| t.trim() == label))
            .unwrap_or_else(|| panic!("no button {label:?}"))
    };
    wait_until("the first confirmation", || {
        text().contains("1 user and 0 access keys will lose: User Admin")
    })
    .await;
    assert!(text().contains("You hold User Admin in this tenant only through this role"));

    button("Save changes").click();
    wait_until("the second confirmation", || {
        text().contains("Remove your own User Admin?")
    })
    .await;
    assert_eq!(confirmed.get(), 0, "one confirmation is not enough");
    let focused = document.active_element().and_then(|e| e.text_content());
    assert_eq!(focused.as_deref(), Some("Cancel"), "Cancel has the focus");

    button("Remove my User Admin").click();
    wait_until("the change to be confirmed", || confirmed.get() == 1).await;
    assert_eq!(closed.get(), 0);
    app.destroy();
    root.remove();
}
