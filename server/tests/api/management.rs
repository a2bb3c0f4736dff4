//! Management keys: the project-wide credential of server-to-server calls.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests};
use tenantkit_client::Method;
use tenantkit_server::seed;
use tenantkit_server::{auth::management_key, bootstrap};
use tenantkit_wire::{ErrorCode, UserSearchRequest, UserSearchResponse};

backend_tests!(
    management_keys_authenticate_project_wide,
    deleting_all_test_users_leaves_the_others,
);

async fn management_keys_authenticate_project_wide(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let search = |authorization: String| {
        let client = app.raw(&authorization);
        async move { client.search_users(&UserSearchRequest::default()).await }
    };
    let project = app.project_id.as_str();
    let key = app.management_key.expose();
    let unauthorized = ErrorCode::Unauthorized.as_str();

    assert_eq!(
        search(format!("Bearer {project}:{key}"))
            .await
            .unwrap()
            .total,
        62
    );
    assert_eq!(
        search(format!("bearer {project}:{key}"))
            .await
            .unwrap()
            .total,
        62,
        "the scheme is case-insensitive"
    );
    // The Go SDK's `<projectId>:<jwt>:<managementKey>`: the key authenticates.
    let (_, signed_in) = app.acme_admin().await;
    let go_style = format!("Bearer {project}:{}:{key}", signed_in.session_jwt.expose());
    assert_eq!(search(go_style).await.unwrap().total, 62);

    let refused = [
        format!("Bearer {project}:not-the-key"),
        format!("Bearer {project}:{key}x"),
        format!("Bearer Pother:{key}"),
        format!("Bearer {project}:"),
        format!("Bearer {project}"),
        format!("Basic {project}:{key}"),
        format!("Bearer {project}:a:b:{key}"),
        String::new(),
    ];
    for authorization in refused {
        assert_wire_error(search(authorization.clone()).await, 401, unauthorized);
    }

    // A new key works at once; a revoked one stops at once.
    let fresh = bootstrap::create_management_key(app.db(), app.clock.as_ref(), "rotation")
        .await
        .unwrap();
    assert_eq!(
        search(format!("Bearer {project}:{}", fresh.expose()))
            .await
            .unwrap()
            .total,
        62
    );
    let hash = management_key::hash(&fresh);
    let key_id = app
        .db()
        .active_management_key(&hash)
        .await
        .unwrap()
        .unwrap();
    assert!(app.db().revoke_management_key(&key_id).await.unwrap());
    assert_wire_error(
        search(format!("Bearer {project}:{}", fresh.expose())).await,
        401,
        unauthorized,
    );

    // With ?tenant= a management key is confined to that tenant, which must exist.
    let scoped: UserSearchResponse = app
        .management()
        .call(
            Method::Post,
            "/v1/mgmt/user/search?tenant=globex",
            Some(&UserSearchRequest::default()),
        )
        .await
        .unwrap();
    assert_eq!(
        scoped.total,
        1 + (seed::GLOBEX_ONLY_USERS + seed::PARTNER_USERS) as u64
    );
    // The tenant's rules apply to a key confined to it: the accounts of users who also belong
    // to acme are not globex's to change, their membership and roles there are.
    for user in &scoped.users {
        let shared = user.email.ends_with("@partners.test");
        assert_eq!(user.user_tenants.len(), 1);
        assert_eq!(user.editable, Some(!shared), "{}", user.email);
        assert_eq!(user.membership_editable, Some(true), "{}", user.email);
    }
    let missing = app
        .management()
        .call::<_, UserSearchResponse>(
            Method::Post,
            "/v1/mgmt/user/search?tenant=nope",
            Some(&UserSearchRequest::default()),
        )
        .await;
    assert_wire_error(missing, 404, ErrorCode::NotFound.as_str());
}

async fn deleting_all_test_users_leaves_the_others(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let before = app.user(seed::ACME_ADMIN).await;
    for login in ["tester1@acme.test", "tester2@acme.test"] {
        let mut tester = crate::util::new_user(login, "Tester", &[(seed::ACME, &[])]);
        tester.test = true;
        app.add_user(tester, None).await;
    }
    let count = |app: &TestApp| {
        let pool = app.db().pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE test = $1")
                .bind(true)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(count(&app).await, 2);
    // A tenant admin may not: the project's test users are the product owner's.
    let (admin, _) = app.acme_admin().await;
    assert_wire_error(admin.delete_all_test_users().await, 403, "E061103");
    assert_eq!(count(&app).await, 2);
    app.management().delete_all_test_users().await.unwrap();
    assert_eq!(count(&app).await, 0);
    assert_eq!(app.user(seed::ACME_ADMIN).await, before, "other users stay");
    let events: Vec<String> = app.audit().await.into_iter().map(|event| event.0).collect();
    assert!(events.iter().any(|event| event == "TestUsersDeleted"));
}
