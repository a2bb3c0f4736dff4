//! Invitations end to end on the server: the email really goes out over SMTP (to a local sink),
//! its one-time link opens the accept page, the password set there signs in; resend replaces
//! the link, links expire, and a mail failure loses nothing.

use crate::util::{Backend, SmtpSink, TestApp, assert_wire_error, backend_tests, invitation_token};
use tenantkit_server::seed;
use tenantkit_wire::user_ops::{CreateUserRequest, LoginIdRequest};
use tenantkit_wire::{LoginId, UserStatus};

backend_tests!(
    an_invited_user_accepts_through_the_emailed_link,
    resend_replaces_the_link_and_links_expire,
    without_smtp_mail_goes_to_the_dev_outbox,
    a_failed_email_loses_nothing,
);

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
    let sink = SmtpSink::start().await;
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_smtp(&sink.url)
        .start()
        .await;
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

    let accept = |token: String| {
        let client = app.anonymous();
        async move {
            client
                .call::<_, serde_json::Value>(
                    tenantkit_client::Method::Post,
                    "/tk/v1/invite/accept",
                    Some(&serde_json::json!({"token": token, "password": "ron-password"})),
                )
                .await
        }
    };
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
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| settings.dev_outbox = true)
        .start()
        .await;
    let (acme, _) = app.acme_admin().await;
    acme.create_user(&invite("olga@acme.test")).await.unwrap();
    let outbox: serde_json::Value = app
        .http(reqwest::Method::GET, "/tk/dev/outbox")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let messages = outbox["messages"].as_array().unwrap();
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
    let response = closed
        .http(reqwest::Method::GET, "/tk/dev/outbox")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
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
