//! Invitations end to end on the server: the email really goes out over SMTP (to a local sink),
//! its one-time link opens the accept page, the password set there signs in; resend replaces
//! the link, links expire, and a mail failure loses nothing. Invitations as records: a tenant
//! admin invites several addresses at once, lists the pending ones (who invited, when, expiry,
//! roles), resends and revokes them, within their tenant and their grants.

use crate::util::{
    Backend, SmtpSink, TestApp, assert_wire_error, backend_tests, invitation_token, new_user,
};
use tenantkit_client::TenantClient;
use tenantkit_server::seed;
use tenantkit_wire::invitation::{
    InvitationOutcome, InvitationResults, InvitationSearchRequest, InviteRequest,
};
use tenantkit_wire::role::CreateRoleRequest;
use tenantkit_wire::user_ops::{CreateUserRequest, LoginIdRequest};
use tenantkit_wire::{LoginId, PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN, TenantId, UserStatus};

backend_tests!(
    an_invited_user_accepts_through_the_emailed_link,
    resend_replaces_the_link_and_links_expire,
    without_smtp_mail_goes_to_the_dev_outbox,
    a_failed_email_loses_nothing,
    an_admin_invites_several_addresses_and_sees_them_pending,
    the_pending_list_pages_searches_and_marks_expired_links,
    resend_and_revoke_by_login_id_kill_the_old_link,
    revoke_keeps_a_user_who_belongs_to_another_tenant,
    invite_grants_only_what_the_admin_holds_and_stays_bounded,
);

/// `POST /tk/v1/invite/accept` with `token` and `password`.
async fn accept(
    app: &TestApp,
    token: String,
    password: &str,
) -> Result<serde_json::Value, tenantkit_client::ApiError> {
    app.anonymous()
        .call(
            tenantkit_client::Method::Post,
            "/tk/v1/invite/accept",
            Some(&serde_json::json!({"token": token, "password": password})),
        )
        .await
}

fn invite(login_id: &str) -> CreateUserRequest {
    CreateUserRequest {
        login_id: LoginId::new(login_id),
        email: login_id.to_owned(),
        name: "Ivy Invited".to_owned(),
        invite: true,
        ..CreateUserRequest::default()
    }
}

async fn form_post(app: &TestApp, token: &str, password: &str, confirm: &str) -> (u16, String) {
    let response = app
        .http(reqwest::Method::POST, "/tk/invite")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "token={token}&password={password}&confirm={confirm}"
        ))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The demo app, its mail kept in the dev outbox (`GET /tk/dev/outbox`).
async fn with_outbox(backend: Backend) -> TestApp {
    TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| settings.dev_outbox = true)
        .start()
        .await
}

/// `GET /tk/dev/outbox` of `app`.
async fn outbox(app: &TestApp) -> reqwest::Response {
    app.http(reqwest::Method::GET, "/tk/dev/outbox")
        .send()
        .await
        .unwrap()
}

async fn an_invited_user_accepts_through_the_emailed_link(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_smtp(&sink.url)
        .with_settings(|settings| settings.public_url = "https://id.example.test".to_owned())
        .start()
        .await;
    let (acme, _) = app.acme_admin().await;
    let created = acme
        .create_user(&invite("ivy@acme.test"))
        .await
        .unwrap()
        .user;
    assert_eq!(created.status, UserStatus::Invited);
    assert!(!created.password);

    let message = sink.message(1).await;
    assert!(message.contains("To: ivy@acme.test"), "{message}");
    assert!(
        message.contains("Subject: You are invited to Acme Corp"),
        "{message}"
    );
    assert!(
        message.contains("https://id.example.test/tk/invite?token="),
        "{message}"
    );
    let token = invitation_token(&message);
    assert_eq!(token.len(), 43);
    // Only the hash is stored.
    let stored: Vec<String> = sqlx::query_scalar::<_, String>("SELECT token_hash FROM invitations")
        .fetch_all(app.db().pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token);

    // The page shows a form with the token; HTML in the token is escaped.
    let page = app
        .http(reqwest::Method::GET, &format!("/tk/invite?token={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        policy.starts_with("default-src 'none'; style-src 'sha256-"),
        "{policy}"
    );
    let html = page.text().await.unwrap();
    assert!(html.contains(&format!("value=\"{token}\"")), "{html}");
    let hostile = app
        .http(reqwest::Method::GET, "/tk/invite?token=%22%3E%3Cscript%3E")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!hostile.contains("<script>") && hostile.contains("&quot;&gt;&lt;script&gt;"));

    // Mismatched or short passwords are refused on the page; nothing is spent.
    let (status, html) = form_post(&app, &token, "new-password-1", "new-password-2").await;
    assert_eq!(status, 400);
    assert!(html.contains("The two passwords differ"));
    let (status, _) = form_post(&app, &token, "short", "short").await;
    assert_eq!(status, 400);

    let (status, html) = form_post(&app, &token, "ivy-password", "ivy-password").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Sign in as <strong>ivy@acme.test</strong>"));
    let user = app.user("ivy@acme.test").await;
    assert_eq!(user.status, UserStatus::Enabled);
    assert!(user.verified_email && user.password);
    app.sign_in("ivy@acme.test", "ivy-password").await.unwrap();

    // The link works once.
    let (status, html) = form_post(&app, &token, "other-password", "other-password").await;
    assert_eq!(status, 401);
    assert!(html.contains("not valid"));
    // Only invited users can be invited again.
    assert_wire_error(
        acme.resend_invite(&LoginIdRequest {
            login_id: LoginId::new("ivy@acme.test"),
        })
        .await,
        409,
        "E011004",
    );
    let actions: Vec<String> = app.audit().await.into_iter().map(|event| event.0).collect();
    assert!(
        actions.contains(&"InvitationAccepted".to_owned()),
        "{actions:?}"
    );
}

async fn resend_replaces_the_link_and_links_expire(backend: Backend) {
    let (sink, app) = TestApp::seeded_with_mail(backend).await;
    let admin = app.management();
    admin.create_user(&invite("ron@acme.test")).await.unwrap();
    let first = invitation_token(&sink.message(1).await);
    admin
        .resend_invite(&LoginIdRequest {
            login_id: LoginId::new("ron@acme.test"),
        })
        .await
        .unwrap();
    let second = invitation_token(&sink.message(2).await);
    assert_ne!(first, second);

    let accept = |token: String| accept(&app, token, "ron-password");
    let replaced = assert_wire_error(accept(first).await, 401, "E061102");
    assert!(replaced.error_message.contains("replaced by a newer one"));

    // Seven days later (the default lifetime) the link has expired.
    app.clock.advance(7 * 24 * 3600 + 1);
    let expired = assert_wire_error(accept(second.clone()).await, 401, "E061102");
    assert!(expired.error_message.contains("expired"));
    assert_eq!(app.user("ron@acme.test").await.status, UserStatus::Invited);

    admin
        .resend_invite(&LoginIdRequest {
            login_id: LoginId::new("ron@acme.test"),
        })
        .await
        .unwrap();
    let third = invitation_token(&sink.message(3).await);
    let accepted = accept(third).await.unwrap();
    assert_eq!(accepted["loginId"], "ron@acme.test");
    app.sign_in("ron@acme.test", "ron-password").await.unwrap();
}

async fn without_smtp_mail_goes_to_the_dev_outbox(backend: Backend) {
    let app = with_outbox(backend).await;
    let (acme, _) = app.acme_admin().await;
    acme.create_user(&invite("olga@acme.test")).await.unwrap();
    let mail: serde_json::Value = outbox(&app).await.json().await.unwrap();
    let messages = mail["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["to"], "olga@acme.test");
    assert!(
        messages[0]["body"]
            .as_str()
            .unwrap()
            .contains("/tk/invite?token=")
    );

    // An invitation needs an email; an inviteUrl must be on an allowed origin.
    let no_email = CreateUserRequest {
        email: String::new(),
        ..invite("noemail@acme.test")
    };
    assert_wire_error(acme.create_user(&no_email).await, 400, "E011003");
    let phishing = CreateUserRequest {
        invite_url: "https://evil.test/accept".to_owned(),
        ..invite("phish@acme.test")
    };
    let refused = assert_wire_error(acme.create_user(&phishing).await, 400, "E011003");
    assert!(refused.error_message.contains("allowed origin"));

    // Without --dev-outbox the outbox is not served.
    let closed = TestApp::builder(backend).start().await;
    assert_eq!(outbox(&closed).await.status(), 404);
}

async fn a_failed_email_loses_nothing(backend: Backend) {
    // A port nobody listens on: the SMTP connection is refused.
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_smtp(&format!("smtp://127.0.0.1:{closed_port}"))
        .start()
        .await;
    let (acme, _) = app.acme_admin().await;
    let failed = assert_wire_error(
        acme.create_user(&invite("kim@acme.test")).await,
        502,
        "E011500",
    );
    assert!(
        failed
            .error_message
            .contains("kim@acme.test was invited, but the invitation email could not be sent"),
        "{failed:?}"
    );
    let kim = app.user("kim@acme.test").await;
    assert_eq!(kim.status, UserStatus::Invited, "the user was kept");
    assert_eq!(kim.user_tenants[0].tenant_id.as_str(), seed::ACME);
}

fn logins(items: &[&str]) -> Vec<LoginId> {
    items.iter().map(|item| LoginId::new(*item)).collect()
}

fn outcomes(answer: &InvitationResults) -> Vec<(String, InvitationOutcome)> {
    answer
        .results
        .iter()
        .map(|result| (result.address.clone(), result.outcome))
        .collect()
}

/// Acme's pending invitations as `(login id, invited by, roles)`, newest first.
async fn pending(acme: &TenantClient) -> Vec<(String, String, Vec<String>)> {
    acme.search_invitations(&InvitationSearchRequest::default())
        .await
        .unwrap()
        .invitations
        .into_iter()
        .map(|i| (i.login_id.as_str().to_owned(), i.invited_by, i.role_names))
        .collect()
}

async fn an_admin_invites_several_addresses_and_sees_them_pending(backend: Backend) {
    let (sink, app) = TestApp::seeded_with_mail(backend).await;
    let (acme, _) = app.acme_admin().await;
    let answer = acme
        .invite(&InviteRequest {
            addresses: vec![
                "amy@new.test".to_owned(),
                " bob@new.test ".to_owned(),
                "not-an-address".to_owned(),
                seed::ACME_ADMIN.to_owned(),
                "AMY@new.test".to_owned(),
            ],
            role_names: vec![seed::ACME_SUPPORT_ROLE.to_owned()],
        })
        .await
        .unwrap();
    assert_eq!(
        outcomes(&answer),
        [
            ("amy@new.test".to_owned(), InvitationOutcome::Invited),
            ("bob@new.test".to_owned(), InvitationOutcome::Invited),
            ("not-an-address".to_owned(), InvitationOutcome::Invalid),
            (
                seed::ACME_ADMIN.to_owned(),
                InvitationOutcome::AlreadyMember
            ),
            ("AMY@new.test".to_owned(), InvitationOutcome::Invalid),
        ]
    );
    assert!(answer.results[2].reason.contains("not a valid email"));
    assert!(answer.results[4].reason.contains("twice"));
    // Two emails, one per invited address.
    let first = sink.message(1).await;
    let second = sink.message(2).await;
    assert!(first.contains("To: amy@new.test") && second.contains("To: bob@new.test"));

    // Pending, newest first (the same second: the later user id first), with who invited and
    // the roles; the management key sees them too.
    let list = pending(&acme).await;
    assert_eq!(list.len(), 2, "{list:?}");
    for (login_id, invited_by, roles) in &list {
        assert!(["amy@new.test", "bob@new.test"].contains(&login_id.as_str()));
        assert_eq!(invited_by, seed::ACME_ADMIN);
        assert_eq!(roles, &[seed::ACME_SUPPORT_ROLE.to_owned()]);
    }
    let page = acme
        .search_invitations(&InvitationSearchRequest::default())
        .await
        .unwrap();
    assert_eq!(page.total, 2);
    let invitation = &page.invitations[0];
    assert_eq!(invitation.sent, invitation.created);
    assert_eq!(invitation.expires, invitation.sent + 7 * 24 * 3600);
    assert!(!invitation.expired);
    let everywhere = app
        .management()
        .search_invitations(&InvitationSearchRequest::default())
        .await
        .unwrap();
    assert_eq!(everywhere.total, 2);
    let actions: Vec<String> = app.audit().await.into_iter().map(|event| event.0).collect();
    assert_eq!(
        actions.iter().filter(|a| *a == "UserCreated").count(),
        2,
        "{actions:?}"
    );

    // Globex's admin sees none of acme's invitations.
    let (globex, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    assert!(pending(&globex).await.is_empty());
    // Accepting takes the invitation off the list.
    accept(&app, invitation_token(&first), "amy-password")
        .await
        .unwrap();
    let list = pending(&acme).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].0, "bob@new.test");
}

async fn the_pending_list_pages_searches_and_marks_expired_links(backend: Backend) {
    let app = with_outbox(backend).await;
    // Three days apart (a new session each time: the clock moves past the last one's).
    for name in ["old", "mid", "new"] {
        let (acme, _) = app.acme_admin().await;
        acme.invite(&InviteRequest {
            addresses: vec![format!("{name}@new.test")],
            role_names: Vec::new(),
        })
        .await
        .unwrap();
        app.clock.advance(3 * 24 * 3600);
    }
    // Nine days after the first, three after the last: only the first has expired (7 days).
    let (acme, _) = app.acme_admin().await;
    let page = |text: &str, limit: u32, page: u32| {
        let request = InvitationSearchRequest {
            text: text.to_owned(),
            limit,
            page,
        };
        let acme = acme.clone();
        async move { acme.search_invitations(&request).await.unwrap() }
    };
    let all = page("", 0, 0).await;
    let order: Vec<(&str, bool)> = all
        .invitations
        .iter()
        .map(|i| (i.login_id.as_str(), i.expired))
        .collect();
    assert_eq!(
        order,
        [
            ("new@new.test", false),
            ("mid@new.test", false),
            ("old@new.test", true)
        ]
    );
    assert!(all.invitations[0].role_names.is_empty());
    let second = page("", 2, 1).await;
    assert_eq!(second.total, 3);
    assert_eq!(second.invitations.len(), 1);
    assert_eq!(second.invitations[0].login_id.as_str(), "old@new.test");
    let found = page("MID@", 0, 0).await;
    assert_eq!(found.total, 1);
    assert_eq!(found.invitations[0].login_id.as_str(), "mid@new.test");
    assert_eq!(page("100%", 0, 0).await.total, 0);
}

async fn resend_and_revoke_by_login_id_kill_the_old_link(backend: Backend) {
    let (sink, app) = TestApp::seeded_with_mail(backend).await;
    let (acme, _) = app.acme_admin().await;
    acme.invite(&InviteRequest {
        addresses: vec!["rae@new.test".to_owned(), "sol@new.test".to_owned()],
        role_names: Vec::new(),
    })
    .await
    .unwrap();
    let rae_first = invitation_token(&sink.message(1).await);
    let sol = invitation_token(&sink.message(2).await);
    let created = acme
        .search_invitations(&InvitationSearchRequest::default())
        .await
        .unwrap()
        .invitations;

    app.clock.advance(3600);
    let (acme, _) = app.acme_admin().await;
    let resent = acme
        .resend_invitations(&logins(&[
            "rae@new.test",
            seed::ACME_ADMIN,
            "gina@nowhere.test",
        ]))
        .await
        .unwrap();
    assert_eq!(
        resent.results.iter().map(|r| r.outcome).collect::<Vec<_>>(),
        [
            InvitationOutcome::Resent,
            InvitationOutcome::Invalid,
            InvitationOutcome::Invalid
        ]
    );
    assert!(resent.results[1].reason.contains("no open invitation"));
    assert!(resent.results[2].reason.contains("Cannot find user"));
    let rae_second = invitation_token(&sink.message(3).await);
    // Who invited and when stay; sent and expires move.
    let after = acme
        .search_invitations(&InvitationSearchRequest {
            text: "rae".to_owned(),
            ..InvitationSearchRequest::default()
        })
        .await
        .unwrap()
        .invitations;
    let before = created
        .iter()
        .find(|i| i.login_id.as_str() == "rae@new.test")
        .unwrap();
    assert_eq!(after[0].created, before.created);
    assert_eq!(after[0].invited_by, seed::ACME_ADMIN);
    assert_eq!(after[0].sent, before.sent + 3600);
    assert_eq!(after[0].expires, before.expires + 3600);

    let accept = |token: String| accept(&app, token, "new-password");
    assert_wire_error(accept(rae_first).await, 401, "E061102");

    // Revoke: the links stop working at once; rae (acme only) is deleted.
    let revoked = acme
        .revoke_invitations(&logins(&["rae@new.test", "sol@new.test"]))
        .await
        .unwrap();
    assert_eq!(
        revoked
            .results
            .iter()
            .map(|r| r.outcome)
            .collect::<Vec<_>>(),
        [InvitationOutcome::Revoked, InvitationOutcome::Revoked]
    );
    assert!(revoked.results[0].reason.contains("deleted"));
    assert_wire_error(accept(rae_second).await, 401, "E061102");
    assert_wire_error(accept(sol).await, 401, "E061102");
    assert!(pending(&acme).await.is_empty());
    assert_wire_error(
        app.management()
            .load_user(&LoginId::new("rae@new.test"))
            .await,
        404,
        "E062108",
    );
    let actions: Vec<String> = app.audit().await.into_iter().map(|event| event.0).collect();
    assert_eq!(
        actions.iter().filter(|a| *a == "InvitationRevoked").count(),
        2
    );
    assert!(actions.contains(&"UserDeleted".to_owned()));
    // Someone who accepted cannot be revoked; over 50 login ids is refused whole.
    let refused = acme
        .revoke_invitations(&logins(&[seed::ACME_ADMIN]))
        .await
        .unwrap();
    assert_eq!(refused.results[0].outcome, InvitationOutcome::Invalid);
    let many: Vec<LoginId> = (0..51)
        .map(|n| LoginId::new(format!("u{n}@x.test")))
        .collect();
    assert_wire_error(acme.revoke_invitations(&many).await, 400, "E011003");
}

async fn revoke_keeps_a_user_who_belongs_to_another_tenant(backend: Backend) {
    let app = with_outbox(backend).await;
    let both = app
        .add_user(
            new_user(
                "pat@both.test",
                "Pat Both",
                &[(seed::ACME, &[]), (seed::GLOBEX, &[])],
            ),
            None,
        )
        .await;
    app.set_status(&both, UserStatus::Invited).await;
    app.management()
        .resend_invite(&LoginIdRequest {
            login_id: LoginId::new("pat@both.test"),
        })
        .await
        .unwrap();
    let (acme, _) = app.acme_admin().await;
    let invited = pending(&acme).await;
    assert_eq!(invited.len(), 1);
    assert!(invited[0].1.starts_with("mgmt:"), "{invited:?}");
    let revoked = acme
        .revoke_invitations(&logins(&["pat@both.test"]))
        .await
        .unwrap();
    assert_eq!(revoked.results[0].outcome, InvitationOutcome::Revoked);
    assert!(revoked.results[0].reason.contains("left this tenant"));
    let pat = app.user("pat@both.test").await;
    let tenants: Vec<&str> = pat
        .user_tenants
        .iter()
        .map(|t| t.tenant_id.as_str())
        .collect();
    assert_eq!(tenants, [seed::GLOBEX]);
    assert!(pending(&acme).await.is_empty());
    let (globex, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    assert_eq!(pending(&globex).await.len(), 1);
}

async fn invite_grants_only_what_the_admin_holds_and_stays_bounded(backend: Backend) {
    let app = with_outbox(backend).await;
    for (name, permission) in [
        ("Helpdesk Lead", PERMISSION_USER_ADMIN),
        ("SSO Manager", PERMISSION_SSO_ADMIN),
    ] {
        app.management()
            .create_role(&CreateRoleRequest {
                name: name.to_owned(),
                description: String::new(),
                permission_names: vec![permission.to_owned()],
                tenant_id: TenantId::new(seed::ACME),
            })
            .await
            .unwrap();
    }
    app.add_user(
        new_user(
            "lead@acme.test",
            "Lee Lead",
            &[(seed::ACME, &["Helpdesk Lead"])],
        ),
        Some("lead-password-1"),
    )
    .await;
    let signed_in = app
        .sign_in("lead@acme.test", "lead-password-1")
        .await
        .unwrap();
    let lead = app.widget(&signed_in.session_jwt, seed::ACME);
    let invite = |roles: &[&str], addresses: Vec<String>| InviteRequest {
        addresses,
        role_names: roles.iter().map(|r| (*r).to_owned()).collect(),
    };
    let one = || vec!["zed@new.test".to_owned()];
    let refused = assert_wire_error(
        lead.invite(&invite(&["SSO Manager"], one())).await,
        403,
        "E061103",
    );
    assert!(refused.error_message.contains("SSO Admin"), "{refused:?}");
    assert_wire_error(
        lead.invite(&invite(&[seed::GLOBEX_AUDITOR_ROLE], one()))
            .await,
        404,
        "E011404",
    );
    // Nothing was written.
    assert!(pending(&lead).await.is_empty());
    let fine = lead
        .invite(&invite(&["Helpdesk Lead"], one()))
        .await
        .unwrap();
    assert_eq!(fine.results[0].outcome, InvitationOutcome::Invited);

    // 50 per call; 51 is a 400 naming the field and the maximum.
    let many: Vec<String> = (0..51).map(|n| format!("u{n}@new.test")).collect();
    let too_many = assert_wire_error(lead.invite(&invite(&[], many)).await, 400, "E011003");
    assert!(
        too_many.error_message.contains("addresses: at most 50"),
        "{too_many:?}"
    );
    assert_wire_error(lead.invite(&invite(&[], Vec::new())).await, 400, "E011002");
    // The management key needs ?tenant= to invite.
    assert_wire_error(
        app.management().invite(&invite(&[], one())).await,
        400,
        "E011002",
    );
}
