//! Password sign-in, the claims of the tokens it issues, refresh, logout and `me`.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, claims_of, new_user};
use tenantkit_client::Method;
use tenantkit_server::capability::ProjectWide;
use tenantkit_server::seed;
use tenantkit_wire::{
    ErrorCode, PERMISSION_IMPERSONATE, PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN,
};
use tenantkit_wire::{ROLE_TENANT_ADMIN, Secret, TenantGrants, User, UserStatus};

backend_tests!(
    sign_in_returns_tokens_and_the_user,
    sign_in_failures_all_look_the_same,
    claims_carry_the_current_grants,
    refresh_and_me_follow_the_session,
    logout_ends_the_users_sessions,
    tenant_select_sets_the_current_tenant_and_refresh_keeps_it,
);

async fn sign_in_returns_tokens_and_the_user(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let first = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(first.first_seen);
    assert_eq!(first.user.name, seed::ACME_ADMIN_NAME);
    assert_eq!(first.user.login_ids, [seed::ACME_ADMIN.into()]);
    assert_eq!(first.user.email, seed::ACME_ADMIN);
    assert!(first.user.password);
    assert_eq!(first.user.status, UserStatus::Enabled);
    assert_eq!(first.user.user_tenants.len(), 1);
    assert_eq!(first.user.user_tenants[0].tenant_id.as_str(), seed::ACME);
    assert_eq!(first.user.user_tenants[0].tenant_name, seed::ACME_NAME);
    assert_eq!(first.user.user_tenants[0].role_names, [ROLE_TENANT_ADMIN]);
    assert_eq!(first.user.editable, None);
    let refresh = first.refresh_jwt.clone().expect("a refresh token");
    assert_ne!(refresh, first.session_jwt);

    // Login ids match regardless of case; the second sign-in is not the first.
    let second = app
        .sign_in("ADMIN@Acme.TEST", seed::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(!second.first_seen);
    assert_eq!(second.user.user_id, first.user.user_id);

    // `Authorization: Bearer <projectId>` is accepted (and checked) on sign-in.
    let request = tenantkit_wire::SignInRequest {
        login_id: seed::GLOBEX_ADMIN.into(),
        password: seed::DEMO_PASSWORD.into(),
        login_options: None,
    };
    let globex = app.anonymous().sign_in(&request).await.unwrap();
    assert_eq!(globex.user.name, seed::GLOBEX_ADMIN_NAME);
    let foreign = app.raw("Bearer Pother").sign_in(&request).await;
    assert_wire_error(foreign, 401, ErrorCode::Unauthorized.as_str());
}

async fn sign_in_failures_all_look_the_same(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let disabled = app
        .add_user(
            new_user(
                "dora.disabled@acme.test",
                "Dora Disabled",
                &[(seed::ACME, &[])],
            ),
            Some("right-password"),
        )
        .await;
    app.set_status(&disabled, UserStatus::Disabled).await;

    let attempts = [
        (seed::ACME_ADMIN, "wrong-password"),
        ("nobody@acme.test", seed::DEMO_PASSWORD),
        ("dora.disabled@acme.test", "right-password"),
        // Seeded users have no password at all.
        ("olivia.brown@acme.test", ""),
        ("olivia.brown@acme.test", "anything"),
    ];
    let mut messages = Vec::new();
    for (login_id, password) in attempts {
        let result = app.sign_in(login_id, password).await;
        if password.is_empty() {
            assert_wire_error(result, 400, ErrorCode::MissingArguments.as_str());
        } else {
            let body = assert_wire_error(result, 401, ErrorCode::Unauthorized.as_str());
            messages.push(body.error_message);
        }
    }
    messages.dedup();
    assert_eq!(messages, ["Invalid login id or password"]);

    // Enabled again, the same password works: the refusal above was the status.
    app.set_status(&disabled, UserStatus::Enabled).await;
    assert!(
        app.sign_in("dora.disabled@acme.test", "right-password")
            .await
            .is_ok()
    );
}

async fn claims_carry_the_current_grants(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let signed_in = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    let session = claims_of(&signed_in.session_jwt);
    // The demo's Tenant Admin: the three built-ins and the demo's own permissions, sorted.
    let tenant_admin = vec![
        "Billing Read".to_owned(),
        "Billing Write".to_owned(),
        PERMISSION_IMPERSONATE.to_owned(),
        "Reports View".to_owned(),
        PERMISSION_SSO_ADMIN.to_owned(),
        PERMISSION_USER_ADMIN.to_owned(),
    ];
    assert_eq!(session.iss, app.project_id.as_str());
    assert_eq!(session.sub, signed_in.user.user_id.as_str());
    assert_eq!(session.drn, "DS");
    assert_eq!(session.amr, ["pwd"]);
    assert_eq!(session.iat, app.state.now());
    assert_eq!(session.exp - session.iat, 600);
    assert_eq!(session.dct.as_deref(), Some(seed::ACME));
    assert_eq!(session.tenants.len(), 1);
    assert_eq!(
        session.tenants[seed::ACME],
        TenantGrants {
            roles: vec![ROLE_TENANT_ADMIN.to_owned()],
            permissions: tenant_admin.clone()
        }
    );
    assert!(session.roles.is_empty() && session.permissions.is_empty());
    let refresh = claims_of(signed_in.refresh_jwt.as_ref().unwrap());
    assert_eq!(refresh.drn, "DSR");
    assert_eq!(refresh.exp - refresh.iat, 30 * 24 * 3600);

    // Project-level grants are top-level; memberships without roles still appear.
    let mut pat = new_user(
        "pat.project@partners.test",
        "Pat Project",
        &[
            (seed::GLOBEX, &[]),
            (seed::ACME, &[seed::ACME_SUPPORT_ROLE]),
        ],
    );
    pat.project_roles = vec![ROLE_TENANT_ADMIN.to_owned()];
    app.add_user(pat, Some("pat-password")).await;
    let pat_session = claims_of(
        &app.sign_in("pat.project@partners.test", "pat-password")
            .await
            .unwrap()
            .session_jwt,
    );
    assert_eq!(pat_session.roles, [ROLE_TENANT_ADMIN]);
    assert_eq!(pat_session.permissions, tenant_admin);
    assert_eq!(
        pat_session.dct.as_deref(),
        Some(seed::GLOBEX),
        "the first membership"
    );
    assert_eq!(pat_session.tenants[seed::GLOBEX], TenantGrants::default());
    assert_eq!(
        pat_session.tenants[seed::ACME],
        TenantGrants {
            roles: vec![seed::ACME_SUPPORT_ROLE.to_owned()],
            permissions: vec![]
        }
    );
}

async fn refresh_and_me_follow_the_session(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let signed_in = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    let refresh_jwt = signed_in.refresh_jwt.clone().unwrap();

    app.clock.advance(60);
    let refreshed = app.anonymous().refresh(&refresh_jwt).await.unwrap();
    assert_eq!(refreshed.user.user_id, signed_in.user.user_id);
    assert_eq!(refreshed.refresh_jwt, None);
    let claims = claims_of(&refreshed.session_jwt);
    assert_eq!((claims.drn.as_str(), claims.iat), ("DS", app.state.now()));
    assert_eq!(claims.amr, ["pwd"]);

    let me_with = |jwt: &Secret| app.raw(&format!("Bearer {}:{}", app.project_id, jwt.expose()));
    let me: User = me_with(&refreshed.session_jwt)
        .call::<(), _>(Method::Get, "/v1/auth/me", None)
        .await
        .unwrap();
    assert_eq!(me.user_id, signed_in.user.user_id);
    assert_eq!(me.user_tenants[0].role_names, [ROLE_TENANT_ADMIN]);

    // A session token cannot refresh; no token cannot read `me`.
    let refused = app.anonymous().refresh(&signed_in.session_jwt).await;
    assert_wire_error(refused, 401, ErrorCode::Unauthorized.as_str());
    let anonymous = app
        .raw("")
        .call::<(), User>(Method::Get, "/v1/auth/me", None)
        .await;
    assert_wire_error(anonymous, 401, ErrorCode::Unauthorized.as_str());

    // Logging out everywhere revokes every token issued before.
    let user = signed_in.user.user_id.clone();
    app.db()
        .end_sessions(&ProjectWide::bypass_for_trusted_local_code(), &user)
        .await
        .unwrap();
    let me_after = me_with(&refreshed.session_jwt)
        .call::<(), User>(Method::Get, "/v1/auth/me", None)
        .await;
    assert_wire_error(me_after, 401, ErrorCode::Unauthorized.as_str());
    assert_wire_error(
        app.anonymous().refresh(&refresh_jwt).await,
        401,
        ErrorCode::Unauthorized.as_str(),
    );
}

async fn logout_ends_the_users_sessions(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, signed_in) = app.acme_admin().await;
    let refresh_jwt = signed_in.refresh_jwt.clone().unwrap();
    let bearer = |jwt: &Secret| app.raw(&format!("Bearer {}:{}", app.project_id, jwt.expose()));
    let logout = |jwt: &Secret| {
        let client = bearer(jwt);
        async move {
            client
                .call::<_, serde_json::Value>(Method::Post, "/v1/auth/logout", Some(&()))
                .await
        }
    };
    let everyone = tenantkit_wire::UserSearchRequest::default();
    let search = || acme.search_users(&everyone);
    let unauthorized = ErrorCode::Unauthorized.as_str();
    search().await.unwrap();

    assert_eq!(logout(&refresh_jwt).await.unwrap(), serde_json::json!({}));
    // The refresh token, the session token of that sign-in (in widget mode too) and the
    // logout token itself all stop working.
    assert_wire_error(
        app.anonymous().refresh(&refresh_jwt).await,
        401,
        unauthorized,
    );
    assert_wire_error(
        app.anonymous().me(&signed_in.session_jwt).await,
        401,
        unauthorized,
    );
    assert_wire_error(search().await, 401, unauthorized);
    assert_wire_error(logout(&refresh_jwt).await, 401, unauthorized);
    let events = app.audit().await;
    let (action, actor, _, user, _) = events.last().unwrap();
    assert_eq!(
        (action.as_str(), actor.as_str(), user.as_str()),
        (
            "UserLoggedOut",
            signed_in.user.user_id.as_str(),
            signed_in.user.user_id.as_str()
        )
    );

    // Signing in again works at once (the clock has not moved), and a session token logs out too.
    let again = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    let widget = app.widget(&again.session_jwt, seed::ACME);
    widget.search_users(&everyone).await.unwrap();
    logout(&again.session_jwt).await.unwrap();
    assert_wire_error(
        app.anonymous()
            .refresh(again.refresh_jwt.as_ref().unwrap())
            .await,
        401,
        unauthorized,
    );

    // No token, or a management key, is not a session to end.
    assert_wire_error(
        app.raw("")
            .call::<_, serde_json::Value>(Method::Post, "/v1/auth/logout", Some(&()))
            .await,
        401,
        unauthorized,
    );
    assert_wire_error(
        app.management()
            .call::<_, serde_json::Value>(Method::Post, "/v1/auth/logout", Some(&()))
            .await,
        401,
        unauthorized,
    );
}

async fn tenant_select_sets_the_current_tenant_and_refresh_keeps_it(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let login = "both@partner.test";
    let user = new_user(login, "Both", &[(seed::ACME, &[]), (seed::GLOBEX, &[])]);
    app.add_user(user, Some(seed::DEMO_PASSWORD)).await;
    let signed_in = app.sign_in(login, seed::DEMO_PASSWORD).await.unwrap();
    assert_eq!(
        claims_of(&signed_in.session_jwt).dct.as_deref(),
        Some(seed::ACME)
    );

    let select = |jwt: &Secret, tenant: &str| {
        let client = app.raw(&format!("Bearer {}:{}", app.project_id, jwt.expose()));
        let body = serde_json::json!({ "tenant": tenant });
        async move {
            client
                .call::<_, tenantkit_wire::SignInResponse>(
                    Method::Post,
                    "/v1/auth/tenant/select",
                    Some(&body),
                )
                .await
        }
    };
    let refresh_jwt = signed_in.refresh_jwt.clone().unwrap();
    let selected = select(&refresh_jwt, seed::GLOBEX).await.unwrap();
    assert_eq!(
        claims_of(&selected.session_jwt).dct.as_deref(),
        Some(seed::GLOBEX)
    );
    let new_refresh = selected.refresh_jwt.unwrap();
    assert_eq!(claims_of(&new_refresh).dct.as_deref(), Some(seed::GLOBEX));
    let refreshed = app.anonymous().refresh(&new_refresh).await.unwrap();
    assert_eq!(
        claims_of(&refreshed.session_jwt).dct.as_deref(),
        Some(seed::GLOBEX),
        "a refresh keeps the selected tenant"
    );

    // Only a tenant of one's own, and only with a refresh JWT.
    assert_wire_error(
        select(&refresh_jwt, "initech").await,
        403,
        ErrorCode::Forbidden.as_str(),
    );
    assert_wire_error(
        select(&signed_in.session_jwt, seed::GLOBEX).await,
        401,
        ErrorCode::Unauthorized.as_str(),
    );
    assert_wire_error(
        select(&refresh_jwt, " ").await,
        400,
        ErrorCode::MissingArguments.as_str(),
    );
}
