//! Bulk actions on every user matching a search (issue 20), on both databases: the count the
//! admin confirmed must be the count now (409 with it otherwise); the job then acts on every
//! match, beyond any page; each user meets the same refusals as on their own (your own row,
//! accounts other tenants share); another tenant's admin reaches nothing of acme.

use crate::import::finished_job;
use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, new_user};
use tenantkit_server::seed;
use tenantkit_wire::jobs::{
    BulkActionKind, BulkPreviewRequest, BulkRequest, BulkRoleImpact, JobState,
};
use tenantkit_wire::{LoginId, ROLE_TENANT_ADMIN, TenantId, UserSearchRequest, UserStatus};

backend_tests!(
    every_match_is_disabled_when_the_count_is_confirmed,
    each_user_meets_the_refusals_of_one_user,
    another_tenants_admin_reaches_nothing_of_acme,
    a_preview_counts_who_gains_and_who_loses_each_role,
    a_preview_says_when_the_admin_removes_their_own_user_admin,
);

const MATCHES: usize = 25;

async fn with_matches(backend: Backend) -> TestApp {
    let app = TestApp::seeded(backend).await;
    for i in 0..MATCHES {
        app.add_user(
            new_user(
                &format!("bulk{i}@acme.test"),
                &format!("Bulky {i}"),
                &[(seed::ACME, &[])],
            ),
            None,
        )
        .await;
    }
    app
}

fn bulky(statuses: Vec<UserStatus>) -> UserSearchRequest {
    UserSearchRequest {
        text: "Bulky".to_owned(),
        statuses,
        limit: 10,
        ..UserSearchRequest::default()
    }
}

async fn every_match_is_disabled_when_the_count_is_confirmed(backend: Backend) {
    let app = with_matches(backend).await;
    let (admin, _) = app.acme_admin().await;
    let mut request = BulkRequest {
        filter: bulky(Vec::new()),
        action: BulkActionKind::Disable,
        role_names: Vec::new(),
        expected_count: MATCHES as u64 - 1,
    };
    let refused = assert_wire_error(admin.bulk_users(&request).await, 409, "E011004");
    assert!(refused.error_message.contains("25 users"), "{refused:?}");

    request.expected_count = MATCHES as u64;
    let job = admin.bulk_users(&request).await.unwrap().job;
    assert_eq!(job.total, MATCHES as u64);
    let job = finished_job(&admin, &job.id).await;
    assert_eq!(job.state, JobState::Done);
    assert_eq!((job.counts.update, job.counts.error), (MATCHES as u64, 0));
    let disabled = admin
        .search_users(&bulky(vec![UserStatus::Disabled]))
        .await
        .unwrap();
    assert_eq!(
        disabled.total, MATCHES as u64,
        "every match, beyond the page of 10"
    );

    // Again: each user is already disabled.
    request.filter = bulky(Vec::new());
    let again = admin.bulk_users(&request).await.unwrap().job;
    let again = finished_job(&admin, &again.id).await;
    assert_eq!(again.counts.unchanged, MATCHES as u64);
}

async fn each_user_meets_the_refusals_of_one_user(backend: Backend) {
    let app = with_matches(backend).await;
    let (admin, _) = app.acme_admin().await;
    let shared = app
        .management()
        .search_users(&UserSearchRequest {
            tenant_ids: vec![TenantId::new(seed::GLOBEX)],
            text: "partners.test".to_owned(),
            limit: 1,
            ..UserSearchRequest::default()
        })
        .await
        .unwrap()
        .users
        .remove(0)
        .login_ids
        .remove(0);
    let filter = UserSearchRequest {
        login_ids: vec![
            LoginId::new(seed::ACME_ADMIN),
            shared.clone(),
            LoginId::new("bulk0@acme.test"),
        ],
        ..UserSearchRequest::default()
    };
    let job = admin
        .bulk_users(&BulkRequest {
            filter,
            action: BulkActionKind::Delete,
            role_names: Vec::new(),
            expected_count: 3,
        })
        .await
        .unwrap()
        .job;
    let job = finished_job(&admin, &job.id).await;
    assert_eq!((job.counts.update, job.counts.error), (1, 2));
    let refused: Vec<&str> = job
        .failures
        .iter()
        .map(|row| row.login_id.as_str())
        .collect();
    assert!(refused.contains(&seed::ACME_ADMIN), "{:?}", job.failures);
    assert!(refused.contains(&shared.as_str()), "{:?}", job.failures);
    assert!(
        app.management()
            .load_user(&LoginId::new("bulk0@acme.test"))
            .await
            .is_err()
    );
    app.management().load_user(&shared).await.unwrap();
    app.management()
        .load_user(&LoginId::new(seed::ACME_ADMIN))
        .await
        .unwrap();

    assert_wire_error(
        admin
            .bulk_users(&BulkRequest {
                filter: bulky(Vec::new()),
                action: BulkActionKind::AddRoles,
                role_names: Vec::new(),
                expected_count: MATCHES as u64,
            })
            .await,
        400,
        "E011002",
    );
}

async fn another_tenants_admin_reaches_nothing_of_acme(backend: Backend) {
    let app = with_matches(backend).await;
    let (globex, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    let mut request = BulkRequest {
        filter: bulky(Vec::new()),
        action: BulkActionKind::Disable,
        role_names: Vec::new(),
        expected_count: MATCHES as u64,
    };
    assert_wire_error(globex.bulk_users(&request).await, 409, "E011004");
    request.expected_count = 0;
    let job = globex.bulk_users(&request).await.unwrap().job;
    let job = finished_job(&globex, &job.id).await;
    assert_eq!((job.total, job.counts.update), (0, 0));
    let (acme, _) = app.acme_admin().await;
    let enabled = acme
        .search_users(&bulky(vec![UserStatus::Enabled]))
        .await
        .unwrap();
    assert_eq!(enabled.total, MATCHES as u64, "acme's users are untouched");
}

/// Matches holding Support Agent in acme (`SUPPORTED` of them), and one holding Tenant Admin in
/// globex only (a match in acme, where they hold nothing).
const SUPPORTED: usize = 5;

async fn with_role_holders(backend: Backend) -> TestApp {
    let app = with_matches(backend).await;
    for i in 0..SUPPORTED {
        app.add_user(
            new_user(
                &format!("bulkagent{i}@acme.test"),
                &format!("Bulky agent {i}"),
                &[(seed::ACME, &[seed::ACME_SUPPORT_ROLE])],
            ),
            None,
        )
        .await;
    }
    app.add_user(
        new_user(
            "bulkshared@partners.test",
            "Bulky shared",
            &[(seed::ACME, &[]), (seed::GLOBEX, &[ROLE_TENANT_ADMIN])],
        ),
        None,
    )
    .await;
    app
}

fn role_preview(
    action: BulkActionKind,
    filter: UserSearchRequest,
    roles: &[&str],
) -> BulkPreviewRequest {
    BulkPreviewRequest {
        filter,
        action,
        role_names: roles.iter().map(|role| (*role).to_owned()).collect(),
    }
}

fn impact(name: &str, gain: usize, lose: usize) -> BulkRoleImpact {
    BulkRoleImpact {
        name: name.to_owned(),
        gain: gain as u64,
        lose: lose as u64,
    }
}

async fn a_preview_counts_who_gains_and_who_loses_each_role(backend: Backend) {
    let app = with_role_holders(backend).await;
    let (admin, _) = app.acme_admin().await;
    let matches = MATCHES + SUPPORTED + 1;
    let roles = [seed::ACME_SUPPORT_ROLE, ROLE_TENANT_ADMIN];
    let add = role_preview(BulkActionKind::AddRoles, bulky(Vec::new()), &roles);
    let preview = admin.bulk_preview(&add).await.unwrap();
    assert_eq!(preview.count, matches as u64);
    assert_eq!(
        preview.roles,
        [
            impact(seed::ACME_SUPPORT_ROLE, matches - SUPPORTED, 0),
            // The shared user holds Tenant Admin in globex, not here: they gain it here.
            impact(ROLE_TENANT_ADMIN, matches, 0),
        ]
    );
    let remove = role_preview(BulkActionKind::RemoveRoles, bulky(Vec::new()), &roles);
    let preview = admin.bulk_preview(&remove).await.unwrap();
    assert_eq!(
        preview.roles,
        [
            impact(seed::ACME_SUPPORT_ROLE, 0, SUPPORTED),
            impact(ROLE_TENANT_ADMIN, 0, 0)
        ]
    );
    assert!(preview.caller_loses.is_empty() && !preview.removes_own_user_admin);

    // Among holders only (a role filter), every match loses it.
    let holders = UserSearchRequest {
        role_names: vec![seed::ACME_SUPPORT_ROLE.to_owned()],
        ..bulky(Vec::new())
    };
    let remove = role_preview(BulkActionKind::RemoveRoles, holders, &roles[..1]);
    let preview = admin.bulk_preview(&remove).await.unwrap();
    assert_eq!(preview.count, SUPPORTED as u64);
    assert_eq!(
        preview.roles,
        [impact(seed::ACME_SUPPORT_ROLE, 0, SUPPORTED)]
    );

    // Nothing was written: the holders are as before.
    let supported = admin.search_users(&remove.filter).await.unwrap();
    assert_eq!(supported.total, SUPPORTED as u64);

    // Another action: the count alone. An unknown role or none: 400.
    let disable = role_preview(BulkActionKind::Disable, bulky(Vec::new()), &[]);
    let preview = admin.bulk_preview(&disable).await.unwrap();
    assert_eq!((preview.count, preview.roles.len()), (matches as u64, 0));
    let unknown = role_preview(
        BulkActionKind::AddRoles,
        bulky(Vec::new()),
        &["No Such Role"],
    );
    assert_wire_error(admin.bulk_preview(&unknown).await, 400, "E011004");
    let none = role_preview(BulkActionKind::AddRoles, bulky(Vec::new()), &[]);
    assert_wire_error(admin.bulk_preview(&none).await, 400, "E011002");

    // Globex's admin sees none of acme's matches; its own shared member holds Tenant Admin.
    let (globex, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    let remove = role_preview(
        BulkActionKind::RemoveRoles,
        bulky(Vec::new()),
        &[ROLE_TENANT_ADMIN],
    );
    let preview = globex.bulk_preview(&remove).await.unwrap();
    assert_eq!(preview.count, 1);
    assert_eq!(preview.roles, [impact(ROLE_TENANT_ADMIN, 0, 1)]);
    let acme_role = role_preview(BulkActionKind::AddRoles, bulky(Vec::new()), &roles[..1]);
    assert_wire_error(globex.bulk_preview(&acme_role).await, 400, "E011004");
}

async fn a_preview_says_when_the_admin_removes_their_own_user_admin(backend: Backend) {
    let app = with_role_holders(backend).await;
    let (admin, _) = app.acme_admin().await;
    let with_admin = UserSearchRequest {
        login_ids: vec![
            LoginId::new(seed::ACME_ADMIN),
            LoginId::new("bulkagent0@acme.test"),
        ],
        ..UserSearchRequest::default()
    };
    let remove = role_preview(
        BulkActionKind::RemoveRoles,
        with_admin.clone(),
        &[ROLE_TENANT_ADMIN, seed::ACME_SUPPORT_ROLE],
    );
    let preview = admin.bulk_preview(&remove).await.unwrap();
    assert_eq!(preview.count, 2);
    assert_eq!(
        preview.roles,
        [
            impact(ROLE_TENANT_ADMIN, 0, 1),
            impact(seed::ACME_SUPPORT_ROLE, 0, 1)
        ]
    );
    assert_eq!(preview.caller_loses, [ROLE_TENANT_ADMIN]);
    assert!(preview.removes_own_user_admin);

    // Removing a role the admin does not hold, or matching without the admin: no warning.
    let support_only = role_preview(
        BulkActionKind::RemoveRoles,
        with_admin,
        &[seed::ACME_SUPPORT_ROLE],
    );
    let preview = admin.bulk_preview(&support_only).await.unwrap();
    assert!(preview.caller_loses.is_empty() && !preview.removes_own_user_admin);
    let others = role_preview(
        BulkActionKind::RemoveRoles,
        bulky(Vec::new()),
        &[ROLE_TENANT_ADMIN],
    );
    let preview = admin.bulk_preview(&others).await.unwrap();
    assert!(preview.caller_loses.is_empty() && !preview.removes_own_user_admin);
    // Adding never takes anything away.
    let add = role_preview(
        BulkActionKind::AddRoles,
        UserSearchRequest {
            login_ids: vec![LoginId::new(seed::ACME_ADMIN)],
            ..UserSearchRequest::default()
        },
        &[ROLE_TENANT_ADMIN],
    );
    let preview = admin.bulk_preview(&add).await.unwrap();
    assert_eq!(preview.roles, [impact(ROLE_TENANT_ADMIN, 0, 0)]);
    assert!(!preview.removes_own_user_admin);
}
