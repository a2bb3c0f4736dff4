//! Throttling of credential guessing (failures per client address, the lockout of a login id or
//! access key id) and the bound on concurrent password hashing: every refusal is a 429 in the
//! wire envelope with `Retry-After`, and time is moved with the test clock.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, invitation_token};
use serde_json::{Value, json};
use tenantkit_server::{Settings, seed};
use tenantkit_wire::access_key::{CreateAccessKeyRequest, ExchangeRequest};
use tenantkit_wire::user_ops::{CreateUserRequest, SetPasswordRequest};
use tenantkit_wire::{LoginId, Secret, SignInRequest};

backend_tests!(
    wrong_passwords_lock_the_login_id_until_the_lock_time_passes,
    a_lock_holds_in_every_server_process_on_the_database,
    an_admin_setting_the_password_lifts_the_lock,
    password_replace_counts_towards_the_lock,
    failures_of_any_kind_throttle_the_address_across_login_ids,
    management_key_guessing_is_throttled,
    access_key_guesses_lock_the_key_id,
    invitation_token_guessing_is_throttled,
    a_full_hashing_queue_answers_429,
);

const LOCK_SECS: i64 = 300;

/// `per_minute` failures per address (0: unlimited) and a lock after `threshold` failures in a
/// row (0: never), with 127.0.0.1 a trusted proxy so a test can speak from other addresses.
fn limits(per_minute: u32, threshold: u32) -> impl FnOnce(&mut Settings) {
    move |settings| {
        settings.auth_failures_per_minute = per_minute;
        settings.lockout_threshold = threshold;
        settings.lockout_secs = LOCK_SECS;
        settings.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    }
}

/// An answer as it came over the wire.
#[derive(Debug)]
struct Answer {
    status: u16,
    retry_after: Option<u64>,
    body: Value,
}

/// `POST path` with `body`, from the client address `from` (forwarded by the trusted proxy).
async fn post(
    app: &TestApp,
    path: &str,
    authorization: Option<String>,
    body: Value,
    from: &str,
) -> Answer {
    let mut request = app
        .http(reqwest::Method::POST, path)
        .header("x-forwarded-for", from)
        .json(&body);
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    let response = request.send().await.unwrap();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|value| value.to_str().unwrap().parse().unwrap());
    Answer {
        status: response.status().as_u16(),
        retry_after,
        body: response.json().await.unwrap_or(Value::Null),
    }
}

async fn sign_in(app: &TestApp, login_id: &str, password: &str, from: &str) -> Answer {
    let body = json!({"loginId": login_id, "password": password});
    post(app, "/v1/auth/password/signin", None, body, from).await
}

const HERE: &str = "192.0.2.1";

/// A 429 in the wire envelope whose `Retry-After` is between 1 and `at_most` seconds.
#[track_caller]
fn assert_throttled(answer: &Answer, at_most: u64) {
    assert_eq!(answer.status, 429, "{answer:?}");
    assert_eq!(answer.body["errorCode"], "E130429", "{answer:?}");
    assert_eq!(
        answer.body["errorDescription"], "Rate limited",
        "{answer:?}"
    );
    assert!(
        answer.body["errorMessage"]
            .as_str()
            .is_some_and(|message| !message.is_empty())
    );
    let retry_after = answer.retry_after.expect("a Retry-After header");
    assert!((1..=at_most).contains(&retry_after), "{answer:?}");
}

/// A server with the demo data that locks a login id after three failures.
async fn locking_app(backend: Backend) -> TestApp {
    TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(limits(0, 3))
        .start()
        .await
}

/// `times` wrong passwords for `login_id`, each answered 401.
async fn fail(app: &TestApp, login_id: &str, times: usize) {
    for _ in 0..times {
        let answer = sign_in(app, login_id, "wrong-password", HERE).await;
        assert_eq!(answer.status, 401, "{answer:?}");
    }
}

/// Whether the right password of `login_id` signs in.
async fn signs_in(app: &TestApp, login_id: &str, password: &str) -> bool {
    app.sign_in(login_id, password).await.is_ok()
}

fn sign_in_request(login_id: &str, password: &str) -> SignInRequest {
    SignInRequest {
        login_id: LoginId::new(login_id),
        password: Secret::new(password),
        login_options: None,
    }
}

async fn wrong_passwords_lock_the_login_id_until_the_lock_time_passes(backend: Backend) {
    let app = locking_app(backend).await;
    fail(&app, seed::ACME_ADMIN, 3).await;
    // Locked: the right password gets 429 too, whatever the case of the login id.
    let locked = sign_in(&app, seed::ACME_ADMIN, seed::DEMO_PASSWORD, HERE).await;
    assert_throttled(&locked, LOCK_SECS as u64);
    let shouted = sign_in(&app, "ADMIN@ACME.TEST", seed::DEMO_PASSWORD, HERE).await;
    assert_throttled(&shouted, LOCK_SECS as u64);
    // Other login ids are not affected.
    assert!(signs_in(&app, seed::GLOBEX_ADMIN, seed::DEMO_PASSWORD).await);

    // A login id nobody has locks the same way, with the same answer.
    fail(&app, "nobody@acme.test", 3).await;
    let unknown = sign_in(&app, "nobody@acme.test", "wrong-password", HERE).await;
    assert_throttled(&unknown, LOCK_SECS as u64);
    assert_eq!(unknown.body, locked.body);

    // After the lock time the right password signs in, and a success starts the count over.
    app.clock.advance(LOCK_SECS + 1);
    assert!(signs_in(&app, seed::ACME_ADMIN, seed::DEMO_PASSWORD).await);
    for _ in 0..2 {
        fail(&app, seed::ACME_ADMIN, 2).await;
        assert!(signs_in(&app, seed::ACME_ADMIN, seed::DEMO_PASSWORD).await);
    }
}

async fn a_lock_holds_in_every_server_process_on_the_database(backend: Backend) {
    let app = locking_app(backend).await;
    let other = app.second_process().await;
    fail(&app, seed::ACME_ADMIN, 3).await;
    let right = sign_in_request(seed::ACME_ADMIN, seed::DEMO_PASSWORD);
    assert_wire_error(other.anonymous().sign_in(&right).await, 429, "E130429");

    // Failures in two processes add up.
    let wrong = sign_in_request(seed::GLOBEX_ADMIN, "wrong-password");
    fail(&app, seed::GLOBEX_ADMIN, 2).await;
    assert_wire_error(other.anonymous().sign_in(&wrong).await, 401, "E061102");
    let globex = sign_in(&app, seed::GLOBEX_ADMIN, seed::DEMO_PASSWORD, HERE).await;
    assert_throttled(&globex, LOCK_SECS as u64);
}

async fn an_admin_setting_the_password_lifts_the_lock(backend: Backend) {
    let app = locking_app(backend).await;
    fail(&app, seed::ACME_ADMIN, 3).await;
    let locked = sign_in(&app, seed::ACME_ADMIN, seed::DEMO_PASSWORD, HERE).await;
    assert_throttled(&locked, LOCK_SECS as u64);
    app.management()
        .set_active_password(&SetPasswordRequest {
            login_id: LoginId::new(seed::ACME_ADMIN),
            password: Secret::new("a-brand-new-password"),
        })
        .await
        .unwrap();
    assert!(signs_in(&app, seed::ACME_ADMIN, "a-brand-new-password").await);
}

async fn password_replace_counts_towards_the_lock(backend: Backend) {
    let app = locking_app(backend).await;
    let login_id = LoginId::new(seed::ACME_ADMIN);
    let replace = |old: &'static str| {
        let client = app.anonymous();
        let login_id = login_id.clone();
        async move {
            client
                .replace_password(&login_id, &Secret::new(old), &Secret::new("a-new-password"))
                .await
        }
    };
    for _ in 0..3 {
        assert_wire_error(replace("wrong-password").await, 401, "E061102");
    }
    assert_wire_error(replace(seed::DEMO_PASSWORD).await, 429, "E130429");
    let locked = sign_in(&app, seed::ACME_ADMIN, seed::DEMO_PASSWORD, HERE).await;
    assert_throttled(&locked, LOCK_SECS as u64);
}

async fn failures_of_any_kind_throttle_the_address_across_login_ids(backend: Backend) {
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(limits(6, 0))
        .start()
        .await;
    let (attacker, neighbour) = ("203.0.113.7", "203.0.113.8");
    let wrong_key = Some(format!("Bearer {}:not-a-key", app.project_id));
    for login_id in ["a@acme.test", "b@acme.test", seed::GLOBEX_ADMIN] {
        assert_eq!(
            sign_in(&app, login_id, "wrong-password", attacker)
                .await
                .status,
            401
        );
    }
    let search = post(
        &app,
        "/v1/mgmt/user/search",
        wrong_key.clone(),
        json!({}),
        attacker,
    )
    .await;
    assert_eq!(search.status, 401);
    let exchange = post(
        &app,
        "/v1/auth/accesskey/exchange",
        Some(format!("Bearer {}:tk_Kguess_nope", app.project_id)),
        json!({}),
        attacker,
    )
    .await;
    assert_eq!(exchange.status, 401);
    let invitation = json!({"token": "guessed", "password": "a-new-password"});
    let accept = post(&app, "/tk/v1/invite/accept", None, invitation, attacker).await;
    assert_eq!(accept.status, 401);
    // The seventh failure in a minute used up the address: now even the right password, or a
    // real management key, is refused before it is checked.
    assert_eq!(
        sign_in(&app, "c@acme.test", "wrong-password", attacker)
            .await
            .status,
        401
    );
    let refused = sign_in(&app, seed::ACME_ADMIN, seed::DEMO_PASSWORD, attacker).await;
    assert_throttled(&refused, 60);
    let real_key = Some(format!(
        "Bearer {}:{}",
        app.project_id,
        app.management_key.expose()
    ));
    assert_throttled(
        &post(&app, "/v1/mgmt/user/search", real_key, json!({}), attacker).await,
        60,
    );
    // Another address is not affected, and a minute later the attacker's is free again.
    assert_eq!(
        sign_in(&app, seed::ACME_ADMIN, seed::DEMO_PASSWORD, neighbour)
            .await
            .status,
        200
    );
    app.clock.advance(60);
    assert_eq!(
        sign_in(&app, seed::ACME_ADMIN, seed::DEMO_PASSWORD, attacker)
            .await
            .status,
        200
    );
}

async fn management_key_guessing_is_throttled(backend: Backend) {
    let app = TestApp::builder(backend)
        .with_settings(limits(3, 0))
        .start()
        .await;
    for guess in 0..4 {
        let guessing = app.raw(&format!("Bearer {}:guess-{guess}", app.project_id));
        assert_wire_error(guessing.tenants().await, 401, "E061102");
    }
    assert_wire_error(app.management().tenants().await, 429, "E130429");
    app.clock.advance(60);
    assert!(app.management().tenants().await.is_ok());
}

async fn access_key_guesses_lock_the_key_id(backend: Backend) {
    let app = locking_app(backend).await;
    let create = |name: &str| CreateAccessKeyRequest {
        name: name.to_owned(),
        ..CreateAccessKeyRequest::default()
    };
    let target = app
        .management()
        .create_access_key(&create("target"))
        .await
        .unwrap();
    let bystander = app
        .management()
        .create_access_key(&create("other"))
        .await
        .unwrap();
    let exchange = |cleartext: Secret| {
        let client = app.anonymous();
        async move {
            client
                .exchange_access_key(&cleartext, &ExchangeRequest::default())
                .await
        }
    };
    for guess in 0..3 {
        let guess = Secret::new(format!("tk_{}_guess{guess}", target.key.id));
        assert_wire_error(exchange(guess).await, 401, "E061102");
    }
    assert_wire_error(exchange(target.cleartext.clone()).await, 429, "E130429");
    assert!(exchange(bystander.cleartext.clone()).await.is_ok());
    app.clock.advance(LOCK_SECS + 1);
    assert!(exchange(target.cleartext.clone()).await.is_ok());
}

async fn invitation_token_guessing_is_throttled(backend: Backend) {
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(limits(3, 0))
        .start()
        .await;
    let (acme, _) = app.acme_admin().await;
    acme.create_user(&CreateUserRequest {
        login_id: LoginId::new("ivy@acme.test"),
        email: "ivy@acme.test".to_owned(),
        invite: true,
        ..CreateUserRequest::default()
    })
    .await
    .unwrap();
    let messages = app.state.mailer().outbox_messages();
    let token = invitation_token(&messages.first().unwrap().body);
    let accept = |token: &str| {
        let body = json!({"token": token, "password": "ivy-password"});
        post(&app, "/tk/v1/invite/accept", None, body, HERE)
    };
    for guess in 0..4 {
        assert_eq!(accept(&format!("guess-{guess}")).await.status, 401);
    }
    assert_throttled(&accept(&token).await, 60);
    app.clock.advance(60);
    assert_eq!(accept(&token).await.status, 200);
}

async fn a_full_hashing_queue_answers_429(backend: Backend) {
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| {
            settings.max_concurrent_hashes = 1;
            settings.hash_queue = 0;
        })
        .start()
        .await;
    let held = app.state.hashing().slot().await.unwrap();
    let busy = sign_in(&app, seed::ACME_ADMIN, seed::DEMO_PASSWORD, HERE).await;
    assert_throttled(&busy, 1);
    drop(held);
    assert!(signs_in(&app, seed::ACME_ADMIN, seed::DEMO_PASSWORD).await);
}
