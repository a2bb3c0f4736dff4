//! Bulk actions on every user matching a search (issue 20), on both databases: the count the
//! admin confirmed must be the count now (409 with it otherwise); the job then acts on every
//! match, beyond any page; each user meets the same refusals as on their own (your own row,
//! accounts other tenants share); another tenant's admin reaches nothing of acme.

use crate::import::finished_job;
use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, new_user};
use tenantkit_server::seed;
use tenantkit_wire::jobs::{BulkActionKind, BulkRequest, JobState};
use tenantkit_wire::{LoginId, TenantId, UserSearchRequest, UserStatus};

backend_tests!(
    every_match_is_disabled_when_the_count_is_confirmed,
    each_user_meets_the_refusals_of_one_user,
    another_tenants_admin_reaches_nothing_of_acme,
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
