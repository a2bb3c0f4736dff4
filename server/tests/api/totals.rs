//! Search totals: the user counts the database keeps (migrations 0012 and 0110, per status;
//! 0123, per role held in a tenant) agree with counting the rows after every kind of change, an
//! unfiltered, status-filtered or one-role total (in a tenant, or a management key's of one
//! tenant) is exact, any other filtered one stops at [`TOTAL_CAP`], and every order reads the
//! same as sorting by hand in both directions.

use crate::util::{Backend, TestApp, backend_tests, create_in, new_user};
use sqlx::Row;
use sqlx::any::AnyRow;
use tenantkit_client::{Client, RoleOp};
use tenantkit_server::seed;
use tenantkit_wire::role::{CreateRoleRequest, DeleteRoleRequest};
use tenantkit_wire::tenant::DeleteTenantRequest;
use tenantkit_wire::user::TOTAL_CAP;
use tenantkit_wire::user_ops::{
    BatchCreateUsersRequest, BatchDeleteUsersRequest, CreateUserRequest, PatchUserRequest,
    UpdateStatusRequest, UserRef, UserRolesRequest, UserTenantRequest,
};
use tenantkit_wire::{
    LoginId, ROLE_TENANT_ADMIN, SortField, TenantId, User, UserSearchRequest, UserStatus,
};

backend_tests!(
    user_counts_follow_every_change,
    role_holder_counts_follow_every_change,
    filtered_totals_stop_at_the_cap,
    every_order_in_both_directions,
    member_name_order_reads_what_the_users_do,
    a_common_role_pages_off_the_members_name_order,
    a_tenant_page_lists_login_ids_and_roles_in_order,
    deep_pages_start_at_their_name_start,
);

/// The rows `sql` reads, each made into a `T` by `make`.
async fn fetch<T>(app: &TestApp, sql: &str, make: fn(&AnyRow) -> T) -> Vec<T> {
    sqlx::query(sql)
        .fetch_all(app.db().pool())
        .await
        .unwrap()
        .iter()
        .map(make)
        .collect()
}

/// `(tenant, users, test users)` of a row.
fn count_row(row: &AnyRow) -> (String, i64, i64) {
    (
        row.get("tenant_id"),
        row.get("users"),
        row.get("test_users"),
    )
}

/// `(tenant, status, users, test users)` of a row.
fn status_count_row(row: &AnyRow) -> (String, String, i64, i64) {
    (
        row.get("tenant_id"),
        row.get("status"),
        row.get("users"),
        row.get("test_users"),
    )
}

/// The counts the triggers keep, and the same recomputed from the rows: `(tenant, users,
/// test users)`, the project as `""`; tenants left without members are skipped.
async fn counts(app: &TestApp) -> (Vec<(String, i64, i64)>, Vec<(String, i64, i64)>) {
    let stored = fetch(
        app,
        "SELECT tenant_id, users, test_users FROM user_counts \
         WHERE users <> 0 OR test_users <> 0 OR tenant_id = '' ORDER BY tenant_id",
        count_row,
    )
    .await;
    let counted = fetch(
        app,
        "SELECT '' AS tenant_id, COUNT(*) AS users, \
                COALESCE(SUM(CASE WHEN test THEN 1 ELSE 0 END), 0) AS test_users FROM users \
         UNION ALL \
         SELECT ut.tenant_id, COUNT(*), COALESCE(SUM(CASE WHEN u.test THEN 1 ELSE 0 END), 0) \
         FROM user_tenants ut JOIN users u ON u.id = ut.user_id GROUP BY ut.tenant_id \
         ORDER BY tenant_id",
        count_row,
    )
    .await;
    (stored, counted)
}

/// The counts per status the triggers keep, and the same recomputed from the rows: `(tenant,
/// status, users, test users)`; statuses a tenant has none of are skipped.
async fn status_counts(
    app: &TestApp,
) -> (
    Vec<(String, String, i64, i64)>,
    Vec<(String, String, i64, i64)>,
) {
    let stored = fetch(
        app,
        "SELECT tenant_id, status, users, test_users FROM user_status_counts \
         WHERE users <> 0 OR test_users <> 0 ORDER BY tenant_id, status",
        status_count_row,
    )
    .await;
    let counted = fetch(
        app,
        "SELECT '' AS tenant_id, status, COUNT(*) AS users, \
                COALESCE(SUM(CASE WHEN test THEN 1 ELSE 0 END), 0) AS test_users \
         FROM users GROUP BY status \
         UNION ALL \
         SELECT ut.tenant_id, u.status, COUNT(*), \
                COALESCE(SUM(CASE WHEN u.test THEN 1 ELSE 0 END), 0) \
         FROM user_tenants ut JOIN users u ON u.id = ut.user_id GROUP BY ut.tenant_id, u.status \
         ORDER BY tenant_id, status",
        status_count_row,
    )
    .await;
    (stored, counted)
}

/// The counts of members holding each word of their names and email domains that PostgreSQL
/// keeps (migration 0137) agree with the words of the memberships, test users left out.
async fn assert_word_counts(app: &TestApp, after: &str) {
    if app.db().backend() != tenantkit_server::Backend::Postgres {
        return;
    }
    let row = |row: &AnyRow| -> (String, String, i64) {
        (row.get("tenant_id"), row.get("word"), row.get("members"))
    };
    let stored = fetch(
        app,
        "SELECT tenant_id, word, members FROM member_word_counts WHERE members <> 0 \
         ORDER BY tenant_id, word",
        row,
    )
    .await;
    let counted = fetch(
        app,
        "SELECT ut.tenant_id, w AS word, COUNT(*) AS members \
         FROM user_tenants ut, member_count_words(ut.name_order, ut.search_text) w \
         WHERE NOT ut.test GROUP BY ut.tenant_id, w ORDER BY tenant_id, word",
        row,
    )
    .await;
    assert_eq!(stored, counted, "word counts after {after}");
}

/// The counts agree with the rows, and so does every unfiltered or status-filtered search's
/// total.
async fn assert_counts(app: &TestApp, client: &Client, after: &str) {
    let (stored, counted) = counts(app).await;
    assert_eq!(stored, counted, "user counts after {after}");
    assert_word_counts(app, after).await;
    // Each user's kept number of memberships (migration 0125).
    let memberships = fetch(
        app,
        "SELECT u.id, u.memberships, \
                (SELECT COUNT(*) FROM user_tenants ut WHERE ut.user_id = u.id) AS counted \
         FROM users u",
        |row| {
            (
                row.get::<String, _>("id"),
                row.get::<i64, _>("memberships"),
                row.get::<i64, _>("counted"),
            )
        },
    )
    .await;
    for (user, kept, counted) in memberships {
        assert_eq!(kept, counted, "memberships of {user} after {after}");
    }
    let (stored, by_status) = status_counts(app).await;
    assert_eq!(stored, by_status, "user counts by status after {after}");
    for (tenant, status, users, test_users) in by_status {
        let request = UserSearchRequest {
            tenant_ids: if tenant.is_empty() {
                Vec::new()
            } else {
                vec![TenantId::new(tenant.as_str())]
            },
            statuses: vec![UserStatus::parse(&status).unwrap(); 2],
            with_test_user: true,
            ..UserSearchRequest::default()
        };
        let page = client.search_users(&request).await.unwrap();
        assert_eq!(
            (page.total, page.total_capped),
            (u64::try_from(users).unwrap(), false),
            "total of {tenant:?} with status {status} after {after}"
        );
        let request = UserSearchRequest {
            with_test_user: false,
            ..request
        };
        let page = client.search_users(&request).await.unwrap();
        assert_eq!(
            page.total,
            u64::try_from(users - test_users).unwrap(),
            "total of {tenant:?} with status {status}, test users left out, after {after}"
        );
    }
    for (tenant, users, test_users) in counted {
        for with_test_user in [false, true] {
            let request = UserSearchRequest {
                tenant_ids: if tenant.is_empty() {
                    Vec::new()
                } else {
                    vec![TenantId::new(tenant.as_str())]
                },
                with_test_user,
                ..UserSearchRequest::default()
            };
            let page = client.search_users(&request).await.unwrap();
            assert_eq!(
                (page.total, page.total_capped),
                (expected_total(users, test_users, with_test_user), false),
                "total of {tenant:?} (test users: {with_test_user}) after {after}"
            );
        }
    }
}

/// Makes `login_id`'s user a test user or not, in plain SQL, as the triggers see any writer.
async fn set_test_flag(app: &TestApp, login_id: &str, test: bool) {
    sqlx::query(
        "UPDATE users SET test = $1 WHERE id = (SELECT user_id FROM login_ids WHERE login_id = $2)",
    )
    .bind(test)
    .bind(login_id)
    .execute(app.db().pool())
    .await
    .unwrap();
}

/// The total a search should answer of `users` of whom `test_users` are test users.
fn expected_total(users: i64, test_users: i64, with_test_user: bool) -> u64 {
    let total = if with_test_user {
        users
    } else {
        users - test_users
    };
    u64::try_from(total).unwrap()
}

fn create(login_id: &str, tenants: &[&str], test: bool) -> CreateUserRequest {
    CreateUserRequest {
        email: login_id.to_owned(),
        name: login_id.to_owned(),
        test,
        ..create_in(login_id, tenants)
    }
}

async fn user_counts_follow_every_change(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    assert_counts(&app, &client, "the seed").await;
    if backend == Backend::Postgres {
        // Not two empty lists: acme's members' email domain is counted.
        let acme: i64 = sqlx::query_scalar(
            "SELECT members FROM member_word_counts WHERE tenant_id = $1 AND word = $2",
        )
        .bind(seed::ACME)
        .bind("acme")
        .fetch_one(app.db().pool())
        .await
        .unwrap();
        assert!(acme > 0, "acme's members holding the word acme: {acme}");
    }

    client
        .create_user(&create("tess@acme.test", &[seed::ACME], true))
        .await
        .unwrap();
    client
        .create_user(&create(
            "both@partners.test",
            &[seed::ACME, seed::GLOBEX],
            false,
        ))
        .await
        .unwrap();
    client
        .create_user(&create("nobody@project.test", &[], false))
        .await
        .unwrap();
    assert_counts(&app, &client, "creating users").await;

    let batch = client
        .create_users(&BatchCreateUsersRequest {
            users: (0..5)
                .map(|n| create(&format!("batch{n}@globex.test"), &[seed::GLOBEX], n == 0))
                .collect(),
            invite: false,
        })
        .await
        .unwrap();
    assert_eq!(batch.created_users.len(), 5);
    assert_counts(&app, &client, "a batch").await;

    client
        .remove_tenant(&UserTenantRequest {
            login_id: LoginId::new("both@partners.test"),
            tenant_id: TenantId::new(seed::GLOBEX),
        })
        .await
        .unwrap();
    assert_counts(&app, &client, "leaving a tenant").await;
    client
        .add_tenant(&UserTenantRequest {
            login_id: LoginId::new("tess@acme.test"),
            tenant_id: TenantId::new(seed::GLOBEX),
        })
        .await
        .unwrap();
    assert_counts(&app, &client, "joining a tenant").await;
    for status in [
        UserStatus::Disabled,
        UserStatus::Enabled,
        UserStatus::Disabled,
    ] {
        client
            .update_status(&UpdateStatusRequest {
                login_id: LoginId::new("tess@acme.test"),
                status: Some(status),
            })
            .await
            .unwrap();
        assert_counts(&app, &client, &format!("tess became {status:?}")).await;
    }
    sqlx::query("UPDATE users SET test = $1, status = $2 WHERE id = (SELECT user_id FROM login_ids WHERE login_id = $3)")
        .bind(false)
        .bind("enabled")
        .bind("tess@acme.test")
        .execute(app.db().pool())
        .await
        .unwrap();
    assert_counts(&app, &client, "tess no longer a disabled test user").await;
    set_test_flag(&app, "tess@acme.test", true).await;
    assert_counts(&app, &client, "tess a test user again").await;
    // Words come and go with a name and an email (the word counts).
    for (name, email) in [
        ("Both Ways Renamed", "both@partners.test"),
        ("Both Ways Renamed", "both@elsewhere.test"),
    ] {
        client
            .patch_user(&PatchUserRequest {
                login_id: LoginId::new("both@partners.test"),
                name: Some(name.to_owned()),
                email: Some(email.to_owned()),
                ..PatchUserRequest::default()
            })
            .await
            .unwrap();
        assert_counts(&app, &client, &format!("renamed {name:?}, {email}")).await;
    }

    client
        .delete_user(&UserRef {
            login_id: Some(LoginId::new("tess@acme.test")),
            user_id: None,
        })
        .await
        .unwrap();
    assert_counts(&app, &client, "deleting a test user of two tenants").await;
    client
        .delete_users(&BatchDeleteUsersRequest {
            user_ids: batch.created_users[..3]
                .iter()
                .map(|user| user.user_id.clone())
                .collect(),
        })
        .await
        .unwrap();
    assert_counts(&app, &client, "a batch delete").await;

    // A membership moved to another user, in plain SQL, as the triggers see any writer.
    sqlx::query(
        "UPDATE user_tenants SET user_id = (SELECT u.id FROM users u WHERE NOT EXISTS \
           (SELECT 1 FROM user_tenants o WHERE o.user_id = u.id AND o.tenant_id = 'globex') \
           ORDER BY u.id LIMIT 1) \
         WHERE tenant_id = 'globex' \
           AND user_id = (SELECT MIN(user_id) FROM user_tenants WHERE tenant_id = 'globex')",
    )
    .execute(app.db().pool())
    .await
    .unwrap();
    assert_counts(&app, &client, "a membership moved to another user").await;

    client
        .delete_tenant(&DeleteTenantRequest {
            id: seed::GLOBEX.to_owned(),
            cascade: false,
        })
        .await
        .unwrap();
    assert_counts(&app, &client, "deleting a tenant, keeping its users").await;
    client
        .delete_tenant(&DeleteTenantRequest {
            id: seed::ACME.to_owned(),
            cascade: true,
        })
        .await
        .unwrap();
    assert_counts(&app, &client, "deleting a tenant with its users").await;
    let acme = UserSearchRequest {
        tenant_ids: vec![TenantId::new(seed::ACME)],
        ..UserSearchRequest::default()
    };
    assert_eq!(client.search_users(&acme).await.unwrap().total, 0);
}

/// `(tenant, role, users, test users)` of a row (a name start's counts are read as a role's).
fn holder_count_row(row: &AnyRow) -> (String, String, i64, i64) {
    (
        row.get("tenant_id"),
        row.get("role_id"),
        row.get("users"),
        row.get("test_users"),
    )
}

/// The holder counts agree with the rows, and a tenant-scoped search by each role name the
/// tenant sees (with and without test users) totals its holders among the tenant's members,
/// exactly, and pages them.
async fn assert_role_counts(app: &TestApp, after: &str) {
    let stored = fetch(
        app,
        "SELECT tenant_id, role_id, users, test_users FROM role_holder_counts \
         WHERE users <> 0 OR test_users <> 0 ORDER BY tenant_id, role_id",
        holder_count_row,
    )
    .await;
    let counted = fetch(
        app,
        "SELECT ur.tenant_id, ur.role_id, COUNT(*) AS users, \
                COALESCE(SUM(CASE WHEN u.test THEN 1 ELSE 0 END), 0) AS test_users \
         FROM user_roles ur JOIN users u ON u.id = ur.user_id \
         GROUP BY ur.tenant_id, ur.role_id ORDER BY tenant_id, role_id",
        holder_count_row,
    )
    .await;
    assert_eq!(stored, counted, "role holder counts after {after}");
    // Each name a tenant sees, with its holders among the members: (tenant, name, all, test).
    let expected = fetch(
        app,
        "SELECT t.id AS tenant_id, r.name AS role_id, \
                COUNT(DISTINCT u.id) AS users, \
                COUNT(DISTINCT CASE WHEN u.test THEN u.id END) AS test_users \
         FROM tenants t JOIN roles r ON r.tenant_id IN ('', t.id) \
         LEFT JOIN user_roles ur ON ur.role_id = r.id AND ur.tenant_id = t.id \
           AND EXISTS (SELECT 1 FROM user_tenants ut \
                       WHERE ut.user_id = ur.user_id AND ut.tenant_id = t.id) \
         LEFT JOIN users u ON u.id = ur.user_id \
         GROUP BY t.id, r.name ORDER BY tenant_id, role_id",
        holder_count_row,
    )
    .await;
    for (tenant, role, users, test_users) in expected {
        let client = app.management().for_tenant(TenantId::new(tenant.as_str()));
        let request = UserSearchRequest {
            role_names: vec![role.clone(); 2],
            ..UserSearchRequest::default()
        };
        let what = format!("holders of {role:?} in {tenant} after {after}");
        for page in exact_totals(&client, request, (users, test_users), &what).await {
            for user in &page.users {
                assert!(
                    user.role_names.contains(&role),
                    "{:?} in the page of {role:?} holds {:?}",
                    user.login_ids,
                    user.role_names
                );
                // The page reads each user whole in one query; loading the user alone reads
                // the same.
                let alone = client.load_user(&user.login_ids[0]).await.unwrap().user;
                assert_eq!(user, &alone, "{:?} in a page and alone", user.login_ids);
            }
        }
    }
    assert_asked_tenant_role_totals(app, after).await;
}

/// A management key's search of one tenant by a role name finds the tenant's members who hold
/// a role of that name anywhere (in that tenant, another, or at project level), each once: its
/// total is exact, whichever way it is found (the holder counts, the members holding one
/// elsewhere only, or counting).
async fn assert_asked_tenant_role_totals(app: &TestApp, after: &str) {
    let expected = fetch(
        app,
        "SELECT t.id AS tenant_id, n.name AS role_id, \
                COUNT(DISTINCT u.id) AS users, \
                COUNT(DISTINCT CASE WHEN u.test THEN u.id END) AS test_users \
         FROM tenants t CROSS JOIN (SELECT DISTINCT name FROM roles) n \
         LEFT JOIN user_tenants ut ON ut.tenant_id = t.id AND EXISTS \
           (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id \
            WHERE ur.user_id = ut.user_id AND r.name = n.name) \
         LEFT JOIN users u ON u.id = ut.user_id \
         GROUP BY t.id, n.name ORDER BY tenant_id, role_id",
        holder_count_row,
    )
    .await;
    let client = app.management();
    for (tenant, role, users, test_users) in expected {
        let request = UserSearchRequest {
            tenant_ids: vec![TenantId::new(tenant.as_str())],
            role_names: vec![role.clone()],
            ..UserSearchRequest::default()
        };
        let what = format!("members of {tenant} holding {role:?} anywhere after {after}");
        exact_totals(&client, request, (users, test_users), &what).await;
    }
}

/// The first page of 5 of `request`, without and with test users: each total is the exact count
/// of `users`, of whom `test_users` are test users, and each page is full up to it.
async fn exact_totals<S: tenantkit_client::Scope>(
    client: &Client<S>,
    request: UserSearchRequest,
    (users, test_users): (i64, i64),
    what: &str,
) -> Vec<tenantkit_wire::UserSearchResponse> {
    let mut pages = Vec::new();
    for with_test_user in [false, true] {
        let request = UserSearchRequest {
            with_test_user,
            limit: 5,
            ..request.clone()
        };
        let page = client.search_users(&request).await.unwrap();
        let total = expected_total(users, test_users, with_test_user);
        assert_eq!(
            (page.total, page.total_capped),
            (total, false),
            "{what} (test users: {with_test_user})"
        );
        assert_eq!(page.users.len(), usize::try_from(total.min(5)).unwrap());
        pages.push(page);
    }
    pages
}

async fn role_holder_counts_follow_every_change(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    assert_role_counts(&app, "the seed").await;

    // A name both a project role and one of acme's: a user can hold both, counted once.
    for tenant in ["", seed::ACME] {
        client
            .create_role(&CreateRoleRequest {
                name: "Twice".to_owned(),
                tenant_id: TenantId::new(tenant),
                ..CreateRoleRequest::default()
            })
            .await
            .unwrap();
    }
    let mut tess = create("tess@acme.test", &[seed::ACME, seed::GLOBEX], true);
    tess.user_tenants[0].role_names = vec![seed::ACME_SUPPORT_ROLE.to_owned()];
    tess.user_tenants[1].role_names = vec![seed::GLOBEX_AUDITOR_ROLE.to_owned()];
    client.create_user(&tess).await.unwrap();
    let mut pat = create("pat@acme.test", &[seed::ACME], false);
    pat.user_tenants[0].role_names = vec![seed::ACME_SUPPORT_ROLE.to_owned(), "Twice".to_owned()];
    client.create_user(&pat).await.unwrap();
    assert_role_counts(&app, "creating holders").await;

    let roles = |login_id: &str, names: &[&str]| UserRolesRequest {
        login_id: LoginId::new(login_id),
        tenant_id: TenantId::new(seed::ACME),
        role_names: names.iter().map(|name| (*name).to_owned()).collect(),
    };
    client
        .update_roles(RoleOp::Add, &roles("tess@acme.test", &["Twice"]))
        .await
        .unwrap();
    assert_role_counts(&app, "adding a role").await;
    // The API grants acme's "Twice"; pat also gets the project's in acme, and still counts once.
    sqlx::query(
        "INSERT INTO user_roles (user_id, tenant_id, role_id) \
         SELECT l.user_id, $1, r.id FROM login_ids l, roles r \
         WHERE l.login_id = $2 AND r.tenant_id = '' AND r.name = $3",
    )
    .bind(seed::ACME)
    .bind("pat@acme.test")
    .bind("Twice")
    .execute(app.db().pool())
    .await
    .unwrap();
    assert_role_counts(&app, "holding both roles of one name").await;
    // Project-level grants: tess holds the project's "Twice" outside every tenant, and acme's
    // admin the project's Tenant Admin, which it holds in acme too (still one holder there).
    for (login_id, role) in [
        ("tess@acme.test", "Twice"),
        (seed::ACME_ADMIN, ROLE_TENANT_ADMIN),
    ] {
        sqlx::query(
            "INSERT INTO user_roles (user_id, tenant_id, role_id) \
             SELECT l.user_id, '', r.id FROM login_ids l, roles r \
             WHERE l.login_id = $1 AND r.tenant_id = '' AND r.name = $2",
        )
        .bind(login_id)
        .bind(role)
        .execute(app.db().pool())
        .await
        .unwrap();
    }
    assert_role_counts(&app, "project-level grants").await;
    for (op, what) in [
        (RoleOp::Remove, "removing a role"),
        (RoleOp::Set, "setting the roles"),
    ] {
        client
            .update_roles(op, &roles("pat@acme.test", &[seed::ACME_SUPPORT_ROLE]))
            .await
            .unwrap();
        assert_role_counts(&app, what).await;
    }
    for test in [false, true] {
        set_test_flag(&app, "tess@acme.test", test).await;
        assert_role_counts(&app, &format!("tess a test user: {test}")).await;
    }
    client
        .remove_tenant(&UserTenantRequest {
            login_id: LoginId::new("tess@acme.test"),
            tenant_id: TenantId::new(seed::GLOBEX),
        })
        .await
        .unwrap();
    assert_role_counts(&app, "leaving a tenant").await;
    client
        .delete_user(&UserRef {
            login_id: Some(LoginId::new("tess@acme.test")),
            user_id: None,
        })
        .await
        .unwrap();
    assert_role_counts(&app, "deleting a test user").await;
    client
        .delete_role(&DeleteRoleRequest {
            name: seed::ACME_SUPPORT_ROLE.to_owned(),
            tenant_id: TenantId::new(seed::ACME),
            force: true,
        })
        .await
        .unwrap();
    assert_role_counts(&app, "deleting a held role").await;
    client
        .delete_tenant(&DeleteTenantRequest {
            id: seed::GLOBEX.to_owned(),
            cascade: true,
        })
        .await
        .unwrap();
    assert_role_counts(&app, "deleting a tenant with its users").await;
    let left = fetch(
        &app,
        "SELECT tenant_id, role_id, users, test_users FROM role_holder_counts \
         WHERE tenant_id = 'globex'",
        holder_count_row,
    )
    .await;
    assert_eq!(left, Vec::new(), "a deleted tenant keeps no counts");
    // A name no role of the tenant has matches nobody, alone or beside a held one.
    let acme = client.for_tenant(TenantId::new(seed::ACME));
    let mut totals = Vec::new();
    for names in [
        vec!["No such role"],
        vec!["No such role", "Tenant Admin"],
        vec!["Tenant Admin"],
    ] {
        let page = acme
            .search_users(&UserSearchRequest {
                role_names: names.iter().map(|name| (*name).to_owned()).collect(),
                ..UserSearchRequest::default()
            })
            .await
            .unwrap();
        assert_eq!(
            page.users.len(),
            usize::try_from(page.total).unwrap(),
            "{names:?}"
        );
        totals.push(page.total);
    }
    assert_eq!(totals[0], 0);
    assert_eq!(totals[1], totals[2]);
    assert!(totals[2] >= 1, "acme's admin holds Tenant Admin");
}

async fn filtered_totals_stop_at_the_cap(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    let cap = usize::try_from(TOTAL_CAP).unwrap();
    // One more disabled user than the cap, in Acme, and ten enabled ones.
    let users: Vec<_> = (0..cap + 11)
        .map(|n| {
            let mut user = new_user(
                &format!("crowd{n}@acme.test"),
                &format!("Crowd {n}"),
                &[(seed::ACME, &[])],
            );
            user.status = if n <= cap {
                UserStatus::Disabled
            } else {
                UserStatus::Enabled
            };
            user
        })
        .collect();
    app.insert_users(&users).await;
    let acme = |change: &dyn Fn(&mut UserSearchRequest)| {
        let mut request = UserSearchRequest {
            tenant_ids: vec![TenantId::new(seed::ACME)],
            limit: 50,
            ..UserSearchRequest::default()
        };
        change(&mut request);
        request
    };
    let (stored, _) = counts(&app).await;
    let members = stored
        .iter()
        .find(|(tenant, ..)| tenant == seed::ACME)
        .map(|(_, users, test)| users - test)
        .unwrap();

    let all = client.search_users(&acme(&|_| ())).await.unwrap();
    assert_eq!(
        (all.total, all.total_capped),
        (u64::try_from(members).unwrap(), false)
    );
    // A status filter's total is counted by the database (migration 0110): exact.
    let disabled = client
        .search_users(&acme(&|r| r.statuses = vec![UserStatus::Disabled]))
        .await
        .unwrap();
    let (by_status, _) = status_counts(&app).await;
    let seeded_disabled = by_status
        .iter()
        .find(|(tenant, status, ..)| tenant == seed::ACME && status == "disabled")
        .map(|(.., users, test)| users - test)
        .unwrap();
    assert!(seeded_disabled > i64::try_from(cap).unwrap());
    assert_eq!(
        (disabled.total, disabled.total_capped),
        (u64::try_from(seeded_disabled).unwrap(), false)
    );
    assert_eq!(disabled.users.len(), 50);
    // With a further filter, it is counted up to the cap.
    let disabled_crowd = client
        .search_users(&acme(&|r| {
            r.statuses = vec![UserStatus::Disabled];
            r.text = "crowd".to_owned();
        }))
        .await
        .unwrap();
    assert_eq!(
        (disabled_crowd.total, disabled_crowd.total_capped),
        (TOTAL_CAP, true)
    );
    let crowd = client
        .search_users(&acme(&|r| r.text = "crowd".to_owned()))
        .await
        .unwrap();
    assert_eq!((crowd.total, crowd.total_capped), (TOTAL_CAP, true));
    // Under the cap, the count is exact.
    let few = client
        .search_users(&acme(&|r| {
            r.text = "crowd1000".to_owned();
        }))
        .await
        .unwrap();
    // crowd1000 and crowd10000 .. crowd10009 (crowd10010 holds crowd1001).
    assert_eq!((few.total, few.total_capped), (11, false));
    // The wire leaves the flag out when it is false (Descope's shape).
    let body = serde_json::to_value(&few).unwrap();
    assert!(body.get("totalCapped").is_none(), "{body}");
}

async fn every_order_in_both_directions(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    for field in [
        "name",
        "email",
        "phone",
        "status",
        "createdTime",
        "loginIds",
    ] {
        for desc in [false, true] {
            // Pages of 7 users, put together.
            let mut users: Vec<User> = Vec::new();
            for page in 0.. {
                let response = client
                    .search_users(&UserSearchRequest {
                        sort: vec![SortField {
                            field: field.to_owned(),
                            desc,
                        }],
                        limit: 7,
                        page,
                        ..UserSearchRequest::default()
                    })
                    .await
                    .unwrap();
                if response.users.is_empty() {
                    break;
                }
                users.extend(response.users);
            }
            let key = |user: &User| match field {
                "name" => user.name.to_lowercase(),
                "email" => user.email.to_lowercase(),
                "phone" => user.phone.clone(),
                "status" => user.status.as_str().to_owned(),
                "createdTime" => format!("{:020}", user.created_time),
                _ => user
                    .login_ids
                    .iter()
                    .map(|id| id.as_str().to_lowercase())
                    .min()
                    .unwrap_or_default(),
            };
            let mut expected = users.clone();
            // The field in its direction, then the id ascending.
            expected.sort_by(|a, b| {
                let by_field = key(a).cmp(&key(b));
                let by_field = if desc { by_field.reverse() } else { by_field };
                by_field.then_with(|| a.user_id.as_str().cmp(b.user_id.as_str()))
            });
            let ids = |users: &[User]| -> Vec<String> {
                users
                    .iter()
                    .map(|u| u.user_id.as_str().to_owned())
                    .collect()
            };
            assert_eq!(
                ids(&users),
                ids(&expected),
                "sorted by {field}, desc {desc}"
            );
            assert!(users.len() > 50, "every seeded user is listed once");
        }
    }
}

/// A tenant's search in name order filtered by status and test flag at most reads its pages off
/// the members' name order (migration 0124), from the nearer end of it. Every page equals the
/// page the general search reads (the same request with a filter that matches everyone, which
/// takes the other path), in the tenant's scope and project-wide, in both directions, for each
/// test flag choice and status filter, after the user changes the triggers must carry to the
/// memberships, made in plain SQL.
async fn member_name_order_reads_what_the_users_do(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    // Equal names in other cases (their order is the id's), test users, disabled users.
    let users: Vec<_> = (0..40)
        .map(|n| {
            let name = match n % 4 {
                0 => "Ann Lee".to_owned(),
                1 => "ann LEE".to_owned(),
                _ => format!("Member {:02}", 39 - n),
            };
            let mut user = new_user(&format!("member{n}@acme.test"), &name, &[(seed::ACME, &[])]);
            user.test = n % 5 == 0;
            if n % 3 == 0 {
                user.status = UserStatus::Disabled;
            }
            user
        })
        .collect();
    app.insert_users(&users).await;
    assert_member_pages(&app, "the seed").await;

    let pool = app.db().pool();
    let change = |sql: &'static str| async move {
        sqlx::query(sql).execute(pool).await.unwrap();
    };
    change(
        "UPDATE users SET name = 'AAA First' \
         WHERE id = (SELECT user_id FROM login_ids WHERE login_id = 'member7@acme.test')",
    )
    .await;
    assert_member_pages(&app, "a new name").await;
    change(
        "UPDATE users SET status = 'disabled' \
         WHERE id = (SELECT user_id FROM login_ids WHERE login_id = 'member2@acme.test')",
    )
    .await;
    change(
        "UPDATE users SET status = 'enabled' \
         WHERE id = (SELECT user_id FROM login_ids WHERE login_id = 'member3@acme.test')",
    )
    .await;
    assert_member_pages(&app, "status changes").await;
    set_test_flag(&app, "member4@acme.test", true).await;
    set_test_flag(&app, "member5@acme.test", false).await;
    assert_member_pages(&app, "test flag changes").await;
    // A globex member joins acme; an acme member leaves.
    change(
        "INSERT INTO user_tenants (user_id, tenant_id, created) \
         SELECT ut.user_id, 'acme', 0 FROM user_tenants ut \
         WHERE ut.tenant_id = 'globex' AND NOT EXISTS \
           (SELECT 1 FROM user_tenants a WHERE a.user_id = ut.user_id AND a.tenant_id = 'acme')",
    )
    .await;
    change(
        "DELETE FROM user_tenants WHERE tenant_id = 'acme' \
         AND user_id = (SELECT user_id FROM login_ids WHERE login_id = 'member6@acme.test')",
    )
    .await;
    assert_member_pages(&app, "joining and leaving").await;
}

/// Each membership's copy of its user's lower-cased name, test flag and status equals the
/// user's, and every page of acme in name order equals the general search's page.
async fn assert_member_pages(app: &TestApp, after: &str) {
    let copies = fetch(
        app,
        "SELECT ut.name_order, lower(u.name) AS name, \
                CASE WHEN ut.test THEN 1 ELSE 0 END AS copied_test, \
                CASE WHEN u.test THEN 1 ELSE 0 END AS test, ut.status AS copied_status, u.status \
         FROM user_tenants ut JOIN users u ON u.id = ut.user_id",
        |row| {
            (
                (
                    row.get::<String, _>("name_order"),
                    row.get::<i64, _>("copied_test"),
                    row.get::<String, _>("copied_status"),
                ),
                (
                    row.get::<String, _>("name"),
                    row.get::<i64, _>("test"),
                    row.get::<String, _>("status"),
                ),
            )
        },
    )
    .await;
    for (copy, user) in copies {
        assert_eq!(copy, user, "a membership's copy of its user after {after}");
    }
    // In acme's scope, and project-wide asking for acme alone.
    let acme = TenantId::new(seed::ACME);
    let scoped = app.management().for_tenant(acme.clone());
    assert_same_pages(&scoped, &[], after).await;
    assert_same_pages(&app.management(), &[acme], after).await;
}

/// Every page in name order of a search of `tenant_ids` (or none: the client's tenant) equals
/// the general search's page.
async fn assert_same_pages<S: tenantkit_client::Scope>(
    client: &Client<S>,
    tenant_ids: &[TenantId],
    after: &str,
) {
    let statuses = [
        Vec::new(),
        vec![UserStatus::Disabled],
        vec![UserStatus::Enabled, UserStatus::Disabled],
    ];
    for desc in [false, true] {
        for (with_test_user, test_users_only) in [(false, false), (true, false), (false, true)] {
            for statuses in &statuses {
                let request = UserSearchRequest {
                    statuses: statuses.clone(),
                    tenant_ids: tenant_ids.to_vec(),
                    limit: 6,
                    ..by_name(desc, (with_test_user, test_users_only))
                };
                let what = format!(
                    "tenants {tenant_ids:?}, desc {desc}, test users {with_test_user}/{test_users_only}, \
                     statuses {statuses:?}, after {after}"
                );
                assert_pages_match_general(client, request, &what).await;
            }
        }
    }
}

/// A search sorted by name (descending when `desc`) with the test-user choice
/// `(with_test_user, test_users_only)`.
fn by_name(desc: bool, (with_test_user, test_users_only): (bool, bool)) -> UserSearchRequest {
    UserSearchRequest {
        sort: vec![SortField {
            field: "name".to_owned(),
            desc,
        }],
        with_test_user,
        test_users_only,
        ..UserSearchRequest::default()
    }
}

/// Every page of `request` equals the general search's page: the same search with a creation
/// time filter that keeps everyone, which no index of the members answers.
async fn assert_pages_match_general<S: tenantkit_client::Scope>(
    client: &Client<S>,
    request: UserSearchRequest,
    what: &str,
) {
    let mut seen = 0;
    for page in 0.. {
        let paged = |everyone: Option<i64>| UserSearchRequest {
            page,
            from_created_time: everyone,
            ..request.clone()
        };
        let member = client.search_users(&paged(None)).await.unwrap();
        let general = client.search_users(&paged(Some(0))).await.unwrap();
        assert_eq!(member.total, general.total, "total, {what}");
        assert_eq!(member.users, general.users, "page {page}, {what}");
        seen += member.users.len();
        if member.users.is_empty() {
            assert_eq!(seen as u64, member.total, "users seen, {what}");
            break;
        }
    }
}

/// A role more than 2,000 members hold, asked in the tenant's scope, reads its pages off the
/// members' name order too, asking each member along it whether it holds the role: every page
/// (first, middle, last, past the end, in both directions, with and without test users) equals
/// the general search's.
async fn a_common_role_pages_off_the_members_name_order(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let users: Vec<_> = (0..2_200)
        .map(|n| {
            let roles: &[&str] = if n % 50 == 0 {
                &[]
            } else {
                &[seed::ACME_SUPPORT_ROLE]
            };
            let name = format!("Holder {:04}", (n * 7) % 1_000);
            let mut user = new_user(
                &format!("holder{n}@acme.test"),
                &name,
                &[(seed::ACME, roles)],
            );
            user.test = n % 100 == 1;
            user
        })
        .collect();
    app.insert_users(&users).await;
    let client = app.management().for_tenant(TenantId::new(seed::ACME));
    for desc in [false, true] {
        for with_test_user in [false, true] {
            let request = |page: u32, everyone: Option<i64>| UserSearchRequest {
                role_names: vec![seed::ACME_SUPPORT_ROLE.to_owned()],
                sort: vec![SortField {
                    field: "name".to_owned(),
                    desc,
                }],
                with_test_user,
                from_created_time: everyone,
                limit: 50,
                page,
                ..UserSearchRequest::default()
            };
            for page in [0, 1, 21, 22, 42, 43, 44] {
                let member = client.search_users(&request(page, None)).await.unwrap();
                let general = client.search_users(&request(page, Some(0))).await.unwrap();
                let what = format!("page {page}, desc {desc}, test users {with_test_user}");
                assert!(member.total > 2_000, "{what}: {}", member.total);
                assert_eq!(member.total, general.total, "{what}");
                assert_eq!(member.users, general.users, "{what}");
                let expected = member.total.saturating_sub(u64::from(page) * 50).min(50);
                assert_eq!(member.users.len() as u64, expected, "{what}");
            }
        }
    }
}

/// A tenant's page lists each user's login ids and role names in order (the database's, as the
/// project-wide search does), whichever way the page is read: a first page and its kept total
/// (on SQLite, a reader's rows), a filtered first page (one row of JSON), a later page. The
/// login ids were added out of order and the roles' ids are random.
async fn a_tenant_page_lists_login_ids_and_roles_in_order(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let client = app.management();
    let roles: Vec<String> = ('a'..='h')
        .rev()
        .map(|c| format!("Order role {c}"))
        .collect();
    for role in &roles {
        client
            .create_role(&CreateRoleRequest {
                name: role.clone(),
                tenant_id: TenantId::new(seed::ACME),
                ..CreateRoleRequest::default()
            })
            .await
            .unwrap();
    }
    // Second in name order, for the second page of one.
    let mut before = create("before-order@acme.test", &[seed::ACME], false);
    before.name = "AAA Before".to_owned();
    client.create_user(&before).await.unwrap();
    let mut request = create("mmm-order@acme.test", &[seed::ACME], false);
    request.name = "AAA Order".to_owned();
    request.user_tenants[0].role_names = roles.clone();
    let user = client.create_user(&request).await.unwrap().user;
    for login_id in ["zzz-order@acme.test", "000-order@acme.test"] {
        sqlx::query("INSERT INTO login_ids (login_id, user_id) VALUES ($1, $2)")
            .bind(login_id)
            .bind(user.user_id.as_str())
            .execute(app.db().pool())
            .await
            .unwrap();
    }
    let listed = |user: &User| {
        let tenant = user.user_tenants.first().unwrap();
        (user.login_ids.clone(), tenant.role_names.clone())
    };
    let expected = (
        [
            "000-order@acme.test",
            "mmm-order@acme.test",
            "zzz-order@acme.test",
        ]
        .map(LoginId::new)
        .to_vec(),
        roles.iter().rev().cloned().collect::<Vec<_>>(),
    );
    let everywhere = client
        .search_users(&UserSearchRequest {
            login_ids: vec![LoginId::new("mmm-order@acme.test")],
            ..UserSearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(listed(&everywhere.users[0]), expected, "project-wide");
    let scoped = client.for_tenant(TenantId::new(seed::ACME));
    let pages = [
        ("first page", 0, None, 10),
        ("filtered first page", 0, Some(0), 10),
        ("second page", 1, None, 1),
    ];
    for (what, page, from_created_time, limit) in pages {
        let found = scoped
            .search_users(&UserSearchRequest {
                sort: vec![SortField {
                    field: "name".to_owned(),
                    desc: false,
                }],
                from_created_time,
                limit,
                page,
                ..UserSearchRequest::default()
            })
            .await
            .unwrap();
        let ordered = found
            .users
            .iter()
            .find(|found| found.user_id == user.user_id)
            .unwrap_or_else(|| panic!("{what}: the user is not on it"));
        assert_eq!(listed(ordered), expected, "{what}");
    }
}

/// The counts of the members' name starts (migration 0132) agree with counting the members.
async fn assert_name_starts(app: &TestApp, after: &str) {
    let mut stored = fetch(
        app,
        "SELECT tenant_id, name_start AS role_id, members AS users, test_members AS test_users \
         FROM member_name_starts WHERE members <> 0 OR test_members <> 0",
        holder_count_row,
    )
    .await;
    let mut counted = fetch(
        app,
        "SELECT ut.tenant_id, substr(lower(u.name), 1, 2) AS role_id, \
                COALESCE(SUM(CASE WHEN u.test THEN 0 ELSE 1 END), 0) AS users, \
                COALESCE(SUM(CASE WHEN u.test THEN 1 ELSE 0 END), 0) AS test_users \
         FROM user_tenants ut JOIN users u ON u.id = ut.user_id \
         GROUP BY ut.tenant_id, substr(lower(u.name), 1, 2)",
        holder_count_row,
    )
    .await;
    stored.sort();
    counted.sort();
    assert_eq!(stored, counted, "name start counts after {after}");
}

/// A page deep in a tenant's members in name order (1,000 members or more to skip from its
/// nearer end) starts where the counts of the names' starts put it: every page, in both
/// directions and for each test-user choice, equals the general search's, and the counts
/// follow every change of a name, a test flag or a membership.
async fn deep_pages_start_at_their_name_start(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    // Starts of very different sizes, one start in two cases, equal names, a name of one
    // letter, and test users among them.
    let names = [
        "Ann Lee", "ann lee", "Abel", "B", "Zed", "zoe", "Ébène", "Mia",
    ];
    let users: Vec<_> = (0..2_400)
        .map(|n| {
            let name = match n % 11 {
                0..=4 => names[n % 2].to_owned(),
                5 | 6 => format!("{} {n:04}", names[2 + n % 6]),
                _ => format!("Member {:04}", (n * 7) % 2_400),
            };
            let mut user = new_user(&format!("deep{n}@acme.test"), &name, &[(seed::ACME, &[])]);
            user.test = n % 9 == 0;
            user
        })
        .collect();
    app.insert_users(&users).await;
    assert_name_starts(&app, "the insert").await;
    assert_deep_pages(&app, "the insert").await;

    let pool = app.db().pool();
    let change = |sql: &'static str| async move {
        sqlx::query(sql).execute(pool).await.unwrap();
    };
    let changes = [
        (
            "a member's name moves to another start",
            "UPDATE users SET name = 'Zz Top' WHERE id = \
             (SELECT user_id FROM login_ids WHERE login_id = 'deep7@acme.test')",
        ),
        (
            "a member's name keeps its start",
            "UPDATE users SET name = 'Ann Leeward' WHERE id = \
             (SELECT user_id FROM login_ids WHERE login_id = 'deep1@acme.test')",
        ),
        (
            "a member leaves",
            "DELETE FROM user_tenants WHERE tenant_id = 'acme' AND user_id = \
             (SELECT user_id FROM login_ids WHERE login_id = 'deep8@acme.test')",
        ),
        (
            "globex's members join acme",
            "INSERT INTO user_tenants (user_id, tenant_id, created) \
             SELECT ut.user_id, 'acme', 0 FROM user_tenants ut \
             WHERE ut.tenant_id = 'globex' AND NOT EXISTS \
               (SELECT 1 FROM user_tenants a WHERE a.user_id = ut.user_id AND a.tenant_id = 'acme')",
        ),
        (
            "a membership moves to another user",
            "UPDATE user_tenants SET user_id = \
             (SELECT user_id FROM login_ids WHERE login_id = 'deep8@acme.test') \
             WHERE tenant_id = 'acme' AND user_id = \
             (SELECT user_id FROM login_ids WHERE login_id = 'deep9@acme.test')",
        ),
        (
            "a member is deleted",
            "DELETE FROM users WHERE id = \
             (SELECT user_id FROM login_ids WHERE login_id = 'deep10@acme.test')",
        ),
    ];
    for (after, sql) in changes {
        change(sql).await;
        assert_name_starts(&app, after).await;
    }
    set_test_flag(&app, "deep11@acme.test", true).await;
    set_test_flag(&app, "deep18@acme.test", false).await;
    assert_name_starts(&app, "test flag changes").await;
    assert_deep_pages(&app, "every change").await;
    client_deletes_globex(&app).await;
    assert_name_starts(&app, "deleting a tenant").await;
}

/// Deletes globex with its users.
async fn client_deletes_globex(app: &TestApp) {
    app.management()
        .delete_tenant(&DeleteTenantRequest {
            id: seed::GLOBEX.to_owned(),
            cascade: true,
        })
        .await
        .unwrap();
}

/// Every page of 70 of acme's members in name order equals the general search's page.
async fn assert_deep_pages(app: &TestApp, after: &str) {
    let client = app.management().for_tenant(TenantId::new(seed::ACME));
    for desc in [false, true] {
        for (with_test_user, test_users_only) in [(false, false), (true, false), (false, true)] {
            let request = UserSearchRequest {
                limit: 70,
                ..by_name(desc, (with_test_user, test_users_only))
            };
            let what = format!(
                "desc {desc}, test users {with_test_user}/{test_users_only}, after {after}"
            );
            assert_pages_match_general(&client, request, &what).await;
        }
    }
}
