//! Widget mode: a tenant admin's JWT plus `?tenant=`, checked against the current database
//! state and confined to that tenant.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, new_user};
use tenantkit_client::Method;
use tenantkit_server::capability::ProjectWide;
use tenantkit_server::seed;
use tenantkit_wire::{
    ErrorCode, PERMISSION_USER_ADMIN, ROLE_TENANT_ADMIN, TenantId, UserSearchRequest,
    UserSearchResponse, UserStatus,
};

backend_tests!(
    widget_mode_confines_and_projects_onto_the_tenant,
    widget_mode_needs_user_admin_in_that_tenant,
    permission_changes_apply_to_tokens_already_issued,
);

async fn widget_mode_confines_and_projects_onto_the_tenant(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, signed_in) = app.acme_admin().await;
    let response = admin
        .search_users(&UserSearchRequest::default())
        .await
        .unwrap();
    let acme_members = 1 + (seed::ACME_ONLY_USERS + seed::PARTNER_USERS) as u64;
    assert_eq!(response.total, acme_members);
    assert_eq!(response.users.len() as u64, acme_members);
    for user in &response.users {
        let login_id = user.login_ids[0].as_str();
        assert!(
            !login_id.ends_with("@globex.test"),
            "{login_id} is only in globex"
        );
        assert_eq!(user.user_tenants.len(), 1, "{login_id} shows only acme");
        assert_eq!(user.user_tenants[0].tenant_id.as_str(), seed::ACME);
        assert_eq!(
            user.role_names, user.user_tenants[0].role_names,
            "top-level roles are acme's"
        );
        // Not themself, and not a user who also belongs to globex (whose account is shared).
        let myself = user.user_id == signed_in.user.user_id;
        let shared = user.email.ends_with("@partners.test");
        assert_eq!(user.editable, Some(!myself && !shared), "{login_id}");
        assert_eq!(user.membership_editable, Some(!myself), "{login_id}");
    }
    let me = response
        .users
        .iter()
        .find(|user| user.user_id == signed_in.user.user_id)
        .unwrap();
    assert_eq!(me.role_names, [ROLE_TENANT_ADMIN]);
    assert_eq!(
        (me.editable, me.membership_editable),
        (Some(false), Some(false))
    );
    let partners = response
        .users
        .iter()
        .filter(|user| user.email.ends_with("@partners.test"))
        .count();
    assert_eq!(partners, seed::PARTNER_USERS);

    // tenantIds in the body cannot widen the scope.
    let ask = |tenants: &[&str]| UserSearchRequest {
        tenant_ids: tenants.iter().map(|t| TenantId::new(*t)).collect(),
        ..UserSearchRequest::default()
    };
    let globex_only = admin.search_users(&ask(&[seed::GLOBEX])).await.unwrap();
    assert_eq!((globex_only.total, globex_only.users.len()), (0, 0));
    assert_eq!(
        admin
            .search_users(&ask(&[seed::ACME, seed::GLOBEX]))
            .await
            .unwrap()
            .total,
        acme_members
    );
    // Role names match roles held in this tenant only.
    let auditors = UserSearchRequest {
        role_names: vec![seed::GLOBEX_AUDITOR_ROLE.to_owned()],
        ..Default::default()
    };
    assert_eq!(admin.search_users(&auditors).await.unwrap().total, 0);
    let globex_auditors = app
        .admin(seed::GLOBEX_ADMIN, seed::GLOBEX)
        .await
        .0
        .search_users(&auditors)
        .await
        .unwrap();
    assert_eq!(globex_auditors.total, 4, "globex users 30, 35, 40, 45");

    // Descope's widgets send the refresh token: accepted the same way.
    let refresh_client = app.widget(signed_in.refresh_jwt.as_ref().unwrap(), seed::ACME);
    assert_eq!(
        refresh_client
            .search_users(&UserSearchRequest::default())
            .await
            .unwrap()
            .total,
        acme_members
    );

    // The raw JSON of a management answer carries no tokens.
    let raw = app
        .http(reqwest::Method::POST, "/v1/mgmt/user/search?tenant=acme")
        .header(
            "Authorization",
            format!(
                "Bearer {}:{}",
                app.project_id,
                signed_in.session_jwt.expose()
            ),
        )
        .body("{}")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(raw.contains("\"users\""));
    assert!(!raw.contains("sessionJwt") && !raw.contains("refreshJwt"));
}

async fn widget_mode_needs_user_admin_in_that_tenant(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (_, acme_admin) = app.acme_admin().await;
    let forbidden = ErrorCode::Forbidden.as_str();

    // The acme admin is not a member of globex, and unknown tenants look the same.
    for tenant in [seed::GLOBEX, "no-such-tenant"] {
        let result = app
            .widget(&acme_admin.session_jwt, tenant)
            .search_users(&Default::default())
            .await;
        let body = assert_wire_error(result, 403, forbidden);
        assert!(
            body.error_message.contains(PERMISSION_USER_ADMIN),
            "{body:?}"
        );
    }
    let (globex_admin_in_acme, _) = app.admin(seed::GLOBEX_ADMIN, seed::ACME).await;
    assert_wire_error(
        globex_admin_in_acme.search_users(&Default::default()).await,
        403,
        forbidden,
    );

    // A member of acme holding a role without User Admin.
    app.add_user(
        new_user(
            "sam.support@acme.test",
            "Sam Support",
            &[(seed::ACME, &[seed::ACME_SUPPORT_ROLE])],
        ),
        Some("sam-password"),
    )
    .await;
    let sam = app
        .sign_in("sam.support@acme.test", "sam-password")
        .await
        .unwrap();
    let result = app
        .widget(&sam.session_jwt, seed::ACME)
        .search_users(&Default::default())
        .await;
    assert_wire_error(result, 403, forbidden);

    // Tenant Admin held in globex does not count for acme, even for a member of both.
    app.add_user(
        new_user(
            "pia.partner@partners.test",
            "Pia Partner",
            &[(seed::ACME, &[]), (seed::GLOBEX, &[ROLE_TENANT_ADMIN])],
        ),
        Some("pia-password"),
    )
    .await;
    let pia = app
        .sign_in("pia.partner@partners.test", "pia-password")
        .await
        .unwrap();
    assert_wire_error(
        app.widget(&pia.session_jwt, seed::ACME)
            .search_users(&Default::default())
            .await,
        403,
        forbidden,
    );
    assert!(
        app.widget(&pia.session_jwt, seed::GLOBEX)
            .search_users(&Default::default())
            .await
            .is_ok()
    );

    // A user token without ?tenant= is a malformed widget call.
    let no_tenant = app
        .raw(&format!(
            "Bearer {}:{}",
            app.project_id,
            acme_admin.session_jwt.expose()
        ))
        .call::<_, UserSearchResponse>(
            Method::Post,
            "/v1/mgmt/user/search",
            Some(&serde_json::json!({})),
        )
        .await;
    assert_wire_error(no_tenant, 400, ErrorCode::MissingArguments.as_str());
}

async fn permission_changes_apply_to_tokens_already_issued(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, signed_in) = app.acme_admin().await;
    let user = signed_in.user.user_id.clone();
    let one = UserSearchRequest {
        limit: 1,
        ..Default::default()
    };
    let search = || admin.search_users(&one);
    assert!(search().await.is_ok());
    let scope = ProjectWide::bypass_for_trusted_local_code();

    // Role taken away in the database: the unchanged token is refused with 403.
    app.db()
        .remove_user_roles(&scope, &user, seed::ACME)
        .await
        .unwrap();
    assert_wire_error(search().await, 403, ErrorCode::Forbidden.as_str());

    // Permission taken away from the role itself.
    sqlx::query(
        "INSERT INTO user_roles (user_id, tenant_id, role_id) VALUES ($1, $2, 'R-tenant-admin')",
    )
    .bind(user.as_str())
    .bind(seed::ACME)
    .execute(app.db().pool())
    .await
    .unwrap();
    assert!(search().await.is_ok());
    app.db()
        .revoke_role_permission(&scope, "R-tenant-admin", PERMISSION_USER_ADMIN)
        .await
        .unwrap();
    assert_wire_error(search().await, 403, ErrorCode::Forbidden.as_str());
    sqlx::query(
        "INSERT INTO role_permissions (role_id, permission_name) VALUES ('R-tenant-admin', $1)",
    )
    .bind(PERMISSION_USER_ADMIN)
    .execute(app.db().pool())
    .await
    .unwrap();
    assert!(search().await.is_ok());

    // A disabled user's tokens stop working: 401, the session itself is gone.
    app.set_status(&user, UserStatus::Disabled).await;
    assert_wire_error(search().await, 401, ErrorCode::Unauthorized.as_str());
    app.set_status(&user, UserStatus::Enabled).await;
    assert!(search().await.is_ok());

    // Sessions revoked after the token was issued.
    app.db().end_sessions(&scope, &user).await.unwrap();
    assert_wire_error(search().await, 401, ErrorCode::Unauthorized.as_str());
}
