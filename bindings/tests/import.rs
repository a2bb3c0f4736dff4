//! The CSV import and "Select all N matching" (issue 20), in headless Chromium against a real
//! TenantKit server with demo data: the import dialog's dry run shows each row's outcome (errors
//! first), applying creates the users with the job's progress and a result file; selecting every
//! user matching the search and disabling them acts on users beyond the page; giving or taking a
//! role from every match first says what the server counted among all of them, with the second
//! step when the admin would remove their own `Tenant Admin`.
#![cfg(target_arch = "wasm32")]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod support;

use support::{Fixture, acme_client, cancel_removing_own_tenant_admin, settle, wait_until};
use tenantkit_wire::user_ops::{
    BatchCreateUsersRequest, BatchDeleteUsersRequest, CreateUserRequest, UserTenantInput,
};
use tenantkit_wire::{LoginId, TenantId, UserSearchRequest, UserStatus};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Puts a file holding `text` into the file `input`, as a person picking it would.
fn pick_file(input: &web_sys::Element, text: &str) {
    let pick = js_sys::Function::new_with_args(
        "input, text",
        "const files = new DataTransfer(); \
         files.items.add(new File([text], 'users.csv', { type: 'text/csv' })); \
         input.files = files.files; \
         input.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    pick.call2(&JsValue::NULL, input, &JsValue::from_str(text))
        .expect("pick the file");
}

/// Deletes the acme users `login_ids` (as the acme admin).
async fn remove(token: &tenantkit_wire::Secret, login_ids: &[String]) {
    let acme = acme_client(token);
    let mut user_ids = Vec::new();
    for login_id in login_ids {
        if let Ok(user) = acme.load_user(&LoginId::new(login_id.as_str())).await {
            user_ids.push(user.user.user_id);
        }
    }
    acme.delete_users(&BatchDeleteUsersRequest { user_ids })
        .await
        .expect("remove the test's users");
}

#[wasm_bindgen_test]
async fn the_import_dialog_plans_each_row_then_creates_the_users() {
    let (fixture, token) = Fixture::of_acme("tenant-user-management").await;
    let stamp = js_sys::Date::now() as u64;
    let created: Vec<String> = (1..=2)
        .map(|i| format!("imp{i}.{stamp}@acme.test"))
        .collect();
    let csv = format!(
        "loginId,First name\n{},Imp\n{},Imp\n,Nobody\n",
        created[0], created[1]
    );
    fixture.click("Import CSV");
    let input = fixture
        .wait_for("the file input", r#"input[part~="import-file"]"#)
        .await;
    pick_file(&input, &csv);
    fixture
        .wait_for("the dry run's table", r#"[part~="import-table"]"#)
        .await;
    let outcomes: Vec<String> = fixture
        .all("tr[data-outcome]")
        .iter()
        .filter_map(|row| row.get_attribute("data-outcome"))
        .collect();
    assert_eq!(outcomes, ["error", "create", "create"], "errors first");
    fixture
        .wait_for_text("2 to create, 0 to update, 0 unchanged, 1 with errors")
        .await;
    assert!(fixture.text().contains("The login id is empty"));
    assert!(
        acme_client(&token)
            .load_user(&LoginId::new(created[0].as_str()))
            .await
            .is_err(),
        "a dry run creates nobody"
    );

    fixture.click("Apply changes (2)");
    fixture
        .wait_for_text("Import finished: 2 created, 0 updated, 0 unchanged, 1 failed")
        .await;
    let progress = fixture.first(r#"progress[part~="import-progress"]"#);
    assert_eq!(progress.get_attribute("value").as_deref(), Some("3"));
    assert!(
        fixture
            .first(r#"[part~="import-status"]"#)
            .get_attribute("aria-live")
            .is_some()
    );
    let job = progress.get_attribute("data-job").expect("the job's id");
    let file = acme_client(&token)
        .job_result(&job)
        .await
        .expect("the result file");
    let lines: Vec<&str> = file.lines().collect();
    assert_eq!(lines.len(), 4, "{file}");
    assert!(
        lines[1].starts_with(&format!("2,{},create", created[0])),
        "{file}"
    );
    assert!(fixture.button("Download the result file").is_some());
    for login_id in &created {
        acme_client(&token)
            .load_user(&LoginId::new(login_id.as_str()))
            .await
            .expect("the import created the user");
    }
    remove(&token, &created).await;
}

#[wasm_bindgen_test]
async fn select_all_matching_then_disable_reaches_users_beyond_the_page() {
    let (fixture, token) = Fixture::of_acme("tenant-user-management").await;
    let stamp = js_sys::Date::now() as u64;
    let name = format!("Matching{stamp}");
    let login_ids: Vec<String> = (0..12)
        .map(|i| format!("match{i}.{stamp}@acme.test"))
        .collect();
    create_named(&token, &login_ids, &name, 0).await;
    select_every_match(&fixture, &name, 12).await;
    fixture.click("Disable");
    fixture.wait_for_dialog("alertdialog", "12").await;
    fixture.click_in_dialog("Confirm");
    fixture
        .wait_for_text("12 done, 0 unchanged, 0 failed")
        .await;
    let disabled = acme_client(&token)
        .search_users(&UserSearchRequest {
            text: name.clone(),
            statuses: vec![UserStatus::Disabled],
            ..UserSearchRequest::default()
        })
        .await
        .expect("search the matches");
    assert_eq!(disabled.total, 12, "the two beyond the page too");
    remove(&token, &login_ids).await;
}

/// Creates acme users `login_ids` named `name`, the first `supported` of them with Support Agent.
async fn create_named(
    token: &tenantkit_wire::Secret,
    login_ids: &[String],
    name: &str,
    supported: usize,
) {
    let users = login_ids
        .iter()
        .enumerate()
        .map(|(i, login_id)| CreateUserRequest {
            login_id: LoginId::new(login_id.as_str()),
            email: login_id.clone(),
            name: name.to_owned(),
            user_tenants: vec![UserTenantInput {
                tenant_id: TenantId::new("acme"),
                role_names: if i < supported {
                    vec!["Support Agent".to_owned()]
                } else {
                    Vec::new()
                },
            }],
            ..CreateUserRequest::default()
        })
        .collect();
    acme_client(token)
        .create_users(&BatchCreateUsersRequest {
            users,
            ..BatchCreateUsersRequest::default()
        })
        .await
        .expect("create the matching users");
}

/// Searches `text` with pages of 10, then selects every one of its `count` matches.
async fn select_every_match(fixture: &Fixture, text: &str, count: usize) {
    fixture.fill(r#"select[part="page-size"]"#, "10", "change");
    fixture.fill(r#"input[part="search"]"#, text, "input");
    wait_until("a page of 10 of the matches", || {
        fixture.all("tbody tr").len() == 10 && fixture.text().contains(&format!("1–10 of {count}"))
    })
    .await;
    fixture.checkbox("Select all users on this page").click();
    let offer = format!("Select all {count} matching users");
    fixture.wait_for_text(&offer).await;
    fixture.click(&offer);
    fixture
        .wait_for_text(&format!("All {count} matching users are selected"))
        .await;
}

#[wasm_bindgen_test]
async fn a_role_change_on_every_match_says_what_the_server_counted() {
    let (fixture, token) = Fixture::of_acme("tenant-user-management").await;
    let stamp = js_sys::Date::now() as u64;
    // "Ada Admin" is the acme admin's name too: the broader search below finds them as well.
    let name = format!("Ada Admin twin {stamp}");
    let login_ids: Vec<String> = (0..12)
        .map(|i| format!("twin{i}.{stamp}@acme.test"))
        .collect();
    create_named(&token, &login_ids, &name, 3).await;

    // 3 of the 12 hold Support Agent already: 9 gain it, counted beyond the page of 10.
    select_every_match(&fixture, &name, 12).await;
    fixture.fill("select.tk-select--small", "Support Agent", "change");
    settle().await;
    fixture.click("Add role");
    fixture
        .wait_for_dialog("alertdialog", "9 users gain Support Agent")
        .await;
    assert!(
        fixture.dialog_text().contains("12 users"),
        "{}",
        fixture.dialog_text()
    );
    fixture.click_in_dialog("Confirm");
    fixture
        .wait_for_text("12 done, 0 unchanged, 0 failed")
        .await;
    let holders = acme_client(&token)
        .search_users(&UserSearchRequest {
            text: name.clone(),
            role_names: vec!["Support Agent".to_owned()],
            ..UserSearchRequest::default()
        })
        .await
        .expect("search the holders");
    assert_eq!(holders.total, 12, "the two beyond the page too");

    // The admin among the matches: the warning about their own Tenant Admin, and a second step.
    select_every_match(&fixture, "Ada Admin", 13).await;
    cancel_removing_own_tenant_admin(&fixture, &token).await;
    remove(&token, &login_ids).await;
}
