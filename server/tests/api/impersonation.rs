//! Impersonation (README "Impersonation"): the management key and a tenant admin in widget mode
//! get a user's refresh JWT carrying the actor (`act.sub`), kept on refresh; stopping it (or
//! logging its token out) ends that impersonation only; every refusal; audit on both users.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, claims_of, new_user};
use tenantkit_server::seed;
use tenantkit_wire::impersonation::{ImpersonateRequest, StopImpersonationRequest};
use tenantkit_wire::role::{CreatePermissionRequest, CreateRoleRequest};
use tenantkit_wire::{LoginId, Secret, TenantId, UserId, UserStatus};

backend_tests!(
    the_management_key_impersonates_and_stops,
    a_tenant_admin_impersonates_in_widget_mode,
    impersonation_is_refused_where_it_must_be,
    another_tenants_admin_reaches_nobody
);

const IVY: &str = "ivy@acme.test";
const IVY_PASSWORD: &str = "ivy-password-1";

/// Ivy: a support agent in acme who also belongs to globex (with no role there).
async fn add_ivy(app: &TestApp) -> UserId {
    app.add_user(
        new_user(
            IVY,
            "Ivy Impersonated",
            &[
                (seed::ACME, &[seed::ACME_SUPPORT_ROLE]),
                (seed::GLOBEX, &[]),
            ],
        ),
        Some(IVY_PASSWORD),
    )
    .await
}

fn request(impersonator: &str, login_id: &str) -> ImpersonateRequest {
    ImpersonateRequest {
        impersonator_id: Some(impersonator.to_owned()),
        login_id: Some(LoginId::new(login_id)),
        validate_consent: Some(false),
        ..ImpersonateRequest::default()
    }
}

fn stop_request(jwt: Secret) -> StopImpersonationRequest {
    StopImpersonationRequest {
        jwt: Some(jwt),
        ..StopImpersonationRequest::default()
    }
}

/// `(action, actor, tenant, user)` of the impersonation events, oldest first.
async fn impersonation_events(app: &TestApp) -> Vec<(String, String, String, String)> {
    app.audit()
        .await
        .into_iter()
        .filter(|(action, ..)| action.contains("mpersonat"))
        .map(|(action, actor, tenant, user, _)| (action, actor, tenant, user))
        .collect()
}

async fn the_management_key_impersonates_and_stops(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let ivy = add_ivy(&app).await;
    let own_session = app.sign_in(IVY, IVY_PASSWORD).await.unwrap();
    let admin = app.user(seed::ACME_ADMIN).await.user_id;

    // No tenant named: the one where the admin holds Impersonate and Ivy is a member.
    let mut asked = request(admin.as_str(), IVY);
    asked.refresh_duration = Some(600);
    let jwt = app.management().impersonate(&asked).await.unwrap().jwt;
    let claims = claims_of(&jwt);
    assert_eq!(claims.sub, ivy.as_str());
    assert_eq!(claims.drn, "DSR");
    assert_eq!(
        claims.act.as_ref().map(|act| act.sub.as_str()),
        Some(admin.as_str())
    );
    assert!(claims.impersonation.is_some());
    assert_eq!(
        claims.tenants.keys().collect::<Vec<_>>(),
        [seed::ACME],
        "confined to acme"
    );
    assert!(claims.exp - claims.iat <= 600, "refreshDuration caps it");

    // Refreshing keeps the actor; the session works as Ivy.
    let refreshed = app.anonymous().refresh(&jwt).await.unwrap();
    let session = claims_of(&refreshed.session_jwt);
    assert_eq!(
        session.act.map(|act| act.sub),
        Some(admin.as_str().to_owned())
    );
    assert!(
        session.exp <= claims.exp,
        "the session ends with the impersonation"
    );
    assert_eq!(refreshed.user.user_id, ivy);
    assert_eq!(session.dct.as_deref(), Some(seed::ACME));
    // Selecting a tenant would mint a token without the actor: refused.
    let selected = app
        .raw(&format!("Bearer {}:{}", app.project_id, jwt.expose()))
        .call::<_, tenantkit_wire::SignInResponse>(
            tenantkit_client::Method::Post,
            "/v1/auth/tenant/select",
            Some(&serde_json::json!({ "tenant": seed::ACME })),
        )
        .await;
    assert_wire_error(selected, 403, "E061103");
    let me = app.anonymous().me(&refreshed.session_jwt).await.unwrap();
    assert_eq!(me.user_id, ivy);
    assert_wire_error(
        app.widget(&refreshed.session_jwt, seed::GLOBEX)
            .search_users(&Default::default())
            .await,
        403,
        "E061103",
    );

    // Stop: the admin's own refresh JWT again; the impersonation's tokens stop.
    let stopped = app
        .management()
        .stop_impersonation(&stop_request(jwt.clone()))
        .await
        .unwrap()
        .jwt;
    let actor = claims_of(&stopped);
    assert_eq!(actor.sub, admin.as_str());
    assert_eq!(actor.drn, "DSR");
    assert!(actor.act.is_none() && actor.impersonation.is_none());
    assert!(actor.tenants.contains_key(seed::ACME));
    app.anonymous().refresh(&stopped).await.unwrap();
    assert_wire_error(app.anonymous().refresh(&jwt).await, 401, "E061102");
    assert_wire_error(
        app.anonymous().me(&refreshed.session_jwt).await,
        401,
        "E061102",
    );
    // Ivy's own session was never touched.
    app.anonymous().me(&own_session.session_jwt).await.unwrap();
    app.anonymous()
        .refresh(own_session.refresh_jwt.as_ref().unwrap())
        .await
        .unwrap();

    let (ivy, admin) = (ivy.as_str().to_owned(), admin.as_str().to_owned());
    let acme = seed::ACME.to_owned();
    let event = |action: &str, user: &str| {
        (
            action.to_owned(),
            admin.clone(),
            acme.clone(),
            user.to_owned(),
        )
    };
    let mut events = impersonation_events(&app).await;
    let mut expected = vec![
        event("ImpersonationStarted", &admin),
        event("UserImpersonated", &ivy),
        event("ImpersonationStopped", &admin),
        event("ImpersonationStopped", &ivy),
    ];
    events.sort();
    expected.sort();
    assert_eq!(
        events, expected,
        "one event on each user, the impersonator acting"
    );
}

async fn a_tenant_admin_impersonates_in_widget_mode(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let ivy = add_ivy(&app).await;
    let own_session = app.sign_in(IVY, IVY_PASSWORD).await.unwrap();
    let (widget, signed_in) = app.acme_admin().await;
    let admin = claims_of(&signed_in.session_jwt).sub;

    // By login id, by user id, or left out: the caller.
    for impersonator in [seed::ACME_ADMIN, admin.as_str(), ""] {
        let jwt = widget
            .impersonate(&request(impersonator, IVY))
            .await
            .unwrap()
            .jwt;
        let claims = claims_of(&jwt);
        assert_eq!(claims.sub, ivy.as_str());
        assert_eq!(claims.act.map(|act| act.sub), Some(admin.clone()));
        assert_eq!(claims.tenants.keys().collect::<Vec<_>>(), [seed::ACME]);
    }
    let jwt = widget.impersonate(&request("", IVY)).await.unwrap().jwt;
    let session = app.anonymous().refresh(&jwt).await.unwrap().session_jwt;
    assert_eq!(
        claims_of(&session).act.map(|act| act.sub),
        Some(admin.clone())
    );
    // Logging the impersonation's token out ends it, and only it.
    app.raw(&format!("Bearer {}:{}", app.project_id, jwt.expose()))
        .call::<_, serde_json::Value>(
            tenantkit_client::Method::Post,
            "/v1/auth/logout",
            Some(&serde_json::json!({})),
        )
        .await
        .unwrap();
    assert_wire_error(app.anonymous().refresh(&jwt).await, 401, "E061102");
    assert_wire_error(app.anonymous().me(&session).await, 401, "E061102");
    app.anonymous().me(&own_session.session_jwt).await.unwrap();
    app.anonymous().me(&signed_in.session_jwt).await.unwrap();

    // A user who is disabled later ends every impersonation of them, as their own sessions.
    let jwt = widget.impersonate(&request("", IVY)).await.unwrap().jwt;
    app.set_status(&ivy, UserStatus::Disabled).await;
    assert_wire_error(app.anonymous().refresh(&jwt).await, 401, "E061102");

    let started: Vec<_> = impersonation_events(&app)
        .await
        .into_iter()
        .filter(|(action, ..)| action == "UserImpersonated")
        .collect();
    assert_eq!(started.len(), 5);
    assert!(
        started
            .iter()
            .all(|(_, actor, tenant, user)| actor == &admin
                && tenant == seed::ACME
                && user == ivy.as_str())
    );
}

async fn impersonation_is_refused_where_it_must_be(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let ivy = add_ivy(&app).await;
    let (widget, signed_in) = app.acme_admin().await;
    let management = app.management();

    // validateConsent: no consent is recorded here.
    let mut consent = request("", IVY);
    consent.validate_consent = Some(true);
    let body = assert_wire_error(widget.impersonate(&consent).await, 400, "E011004");
    assert!(body.error_message.contains("consent"), "{body:?}");
    let mut claims = request("", IVY);
    claims.custom_claims = Some(serde_json::Map::from_iter([("k".to_owned(), 1.into())]));
    assert_wire_error(widget.impersonate(&claims).await, 400, "E011004");

    // Only as themself, never themself.
    let body = assert_wire_error(
        widget.impersonate(&request(IVY, seed::ACME_ADMIN)).await,
        403,
        "E061103",
    );
    assert!(body.error_message.contains("themself"), "{body:?}");
    assert_wire_error(
        widget.impersonate(&request("", seed::ACME_ADMIN)).await,
        403,
        "E061103",
    );

    // Not a user of another tenant (not found, as every lookup confined to the tenant).
    app.add_user(
        new_user("gil@globex.test", "Gil Globex", &[(seed::GLOBEX, &[])]),
        None,
    )
    .await;
    assert_wire_error(
        widget.impersonate(&request("", "gil@globex.test")).await,
        404,
        "E062108",
    );
    let mut elsewhere = request("", IVY);
    elsewhere.selected_tenant = Some(seed::GLOBEX.to_owned());
    assert_wire_error(widget.impersonate(&elsewhere).await, 403, "E061103");

    // Not a user who holds more: a permission the admin lacks, or a project-level role.
    management
        .create_permission(&CreatePermissionRequest {
            name: "Payroll".to_owned(),
            description: "Pay people".to_owned(),
        })
        .await
        .unwrap();
    management
        .create_role(&CreateRoleRequest {
            name: "Payroll Manager".to_owned(),
            permission_names: vec!["Payroll".to_owned()],
            tenant_id: TenantId::new(seed::ACME),
            ..CreateRoleRequest::default()
        })
        .await
        .unwrap();
    app.add_user(
        new_user(
            "pat@acme.test",
            "Pat Payroll",
            &[(seed::ACME, &["Payroll Manager"])],
        ),
        None,
    )
    .await;
    let body = assert_wire_error(
        widget.impersonate(&request("", "pat@acme.test")).await,
        403,
        "E061103",
    );
    assert!(body.error_message.contains("Payroll"), "{body:?}");
    let mut owner = new_user("olga@acme.test", "Olga Owner", &[(seed::ACME, &[])]);
    owner.project_roles = vec![tenantkit_wire::ROLE_TENANT_ADMIN.to_owned()];
    app.add_user(owner, None).await;
    let body = assert_wire_error(
        widget.impersonate(&request("", "olga@acme.test")).await,
        403,
        "E061103",
    );
    assert!(body.error_message.contains("project-level"), "{body:?}");

    // Not a disabled user.
    app.set_status(&ivy, UserStatus::Disabled).await;
    assert_wire_error(widget.impersonate(&request("", IVY)).await, 403, "E061103");
    app.set_status(&ivy, UserStatus::Enabled).await;

    // An admin without Impersonate (User Admin only) may not.
    management
        .create_role(&CreateRoleRequest {
            name: "Helpdesk".to_owned(),
            permission_names: vec![tenantkit_wire::PERMISSION_USER_ADMIN.to_owned()],
            tenant_id: TenantId::new(seed::ACME),
            ..CreateRoleRequest::default()
        })
        .await
        .unwrap();
    app.add_user(
        new_user(
            "hal@acme.test",
            "Hal Helpdesk",
            &[(seed::ACME, &["Helpdesk"])],
        ),
        Some("hal-password-1"),
    )
    .await;
    let helpdesk = app
        .sign_in("hal@acme.test", "hal-password-1")
        .await
        .unwrap();
    assert_wire_error(
        app.widget(&helpdesk.session_jwt, seed::ACME)
            .impersonate(&request("", IVY))
            .await,
        403,
        "E061103",
    );
    // ... nor through the management key.
    assert_wire_error(
        management.impersonate(&request("hal@acme.test", IVY)).await,
        403,
        "E061103",
    );

    // The management key names the impersonator and a user that exists.
    assert_wire_error(
        management.impersonate(&request("", IVY)).await,
        400,
        "E011002",
    );
    assert_wire_error(
        management
            .impersonate(&request(seed::ACME_ADMIN, "nobody@acme.test"))
            .await,
        404,
        "E062108",
    );
    // A tenant-scoped key reaches its tenant's users only.
    let scoped = management.clone().for_tenant(TenantId::new(seed::GLOBEX));
    assert_wire_error(
        scoped
            .impersonate(&request(seed::GLOBEX_ADMIN, "pat@acme.test"))
            .await,
        404,
        "E062108",
    );

    // Stop: the management key only, with an impersonation's token.
    let own_token = stop_request(signed_in.refresh_jwt.clone().unwrap());
    assert_wire_error(widget.stop_impersonation(&own_token).await, 403, "E061103");
    for not_one in [own_token, stop_request(Secret::new("not.a.jwt"))] {
        assert_wire_error(
            management.stop_impersonation(&not_one).await,
            400,
            "E011004",
        );
    }
    // A tenant-scoped key stops its own tenant's impersonations only.
    let jwt = widget.impersonate(&request("", IVY)).await.unwrap().jwt;
    let stop = stop_request(jwt.clone());
    assert_wire_error(scoped.stop_impersonation(&stop).await, 404, "E011404");
    app.anonymous().refresh(&jwt).await.unwrap();
    // The impersonator must still be enabled.
    let admin = app.user(seed::ACME_ADMIN).await.user_id;
    app.set_status(&admin, UserStatus::Disabled).await;
    assert_wire_error(app.anonymous().refresh(&jwt).await, 401, "E061102");
    assert_wire_error(management.stop_impersonation(&stop).await, 403, "E061103");
    app.set_status(&admin, UserStatus::Enabled).await;
    let acme_key = management.clone().for_tenant(TenantId::new(seed::ACME));
    acme_key.stop_impersonation(&stop).await.unwrap();
}

async fn another_tenants_admin_reaches_nobody(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    // Una administers acme and merely belongs to globex: in globex she holds nothing more than
    // globex's admin, who may impersonate her there, and there only.
    app.add_user(
        new_user(
            "una@partners.test",
            "Una Both",
            &[
                (seed::ACME, &[tenantkit_wire::ROLE_TENANT_ADMIN]),
                (seed::GLOBEX, &[]),
            ],
        ),
        None,
    )
    .await;
    let (globex, signed_in) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    let jwt = globex
        .impersonate(&request("", "una@partners.test"))
        .await
        .unwrap()
        .jwt;
    assert_eq!(
        claims_of(&jwt).tenants.keys().collect::<Vec<_>>(),
        [seed::GLOBEX],
        "confined to globex: acme's grants are not in the token"
    );
    let session = app.anonymous().refresh(&jwt).await.unwrap().session_jwt;
    let body = assert_wire_error(
        app.widget(&session, seed::ACME)
            .search_users(&Default::default())
            .await,
        403,
        "E061103",
    );
    assert!(body.error_message.contains("confined"), "{body:?}");
    // Acme's own users are out of reach; acme itself is refused.
    assert_wire_error(
        globex.impersonate(&request("", seed::ACME_ADMIN)).await,
        404,
        "E062108",
    );
    assert_wire_error(
        app.widget(&signed_in.session_jwt, seed::ACME)
            .impersonate(&request("", "una@partners.test"))
            .await,
        403,
        "E061103",
    );
}
