//! Sign-in history (Descope's `users_auth_history`), on both databases: password sign-ins
//! recorded with address, user agent and the reason of a failure (an unknown login id is not),
//! a SAML sign-in recorded into its tenant, Descope's bare-array v1 and wrapped v2 shapes, the
//! request bounds, widget-mode confinement (another tenant's user; a shared user's sign-ins
//! into another tenant), and trimming (the newest rows per user, retention, deleted users).

use crate::sso_signin::{Assertion, Signer, post_acs, set_up, start};
use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, new_user};
use tenantkit_server::Clock as _;
use tenantkit_server::db::sign_ins::NewSignIn;
use tenantkit_server::seed;
use tenantkit_wire::history::{FailureReason, UserAuthHistory, UsersHistoryRequest};
use tenantkit_wire::user_ops::{LoginIdRequest, UserRef};
use tenantkit_wire::{LoginId, UserId, UserStatus};

backend_tests!(
    password_sign_ins_are_recorded_with_address_agent_and_reason,
    descope_shapes_bare_array_and_wrapped,
    requests_are_bounded,
    widget_mode_sees_only_its_tenant,
    saml_sign_ins_are_recorded_into_their_tenant,
    history_is_trimmed,
    refusals_of_the_throttle_are_not_recorded,
);

const LOGIN: &str = "hist@acme.test";
const PASSWORD: &str = "History-Passw0rd";
const AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) HistoryTest/1.0";

/// A password sign-in as a browser sends it, with its `User-Agent`: the HTTP status.
async fn sign_in_as_browser(app: &TestApp, login_id: &str, password: &str, agent: &str) -> u16 {
    app.http(reqwest::Method::POST, "/v1/auth/password/signin")
        .header("User-Agent", agent)
        .json(&serde_json::json!({"loginId": login_id, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// `(success, reason)` of each entry, in the order answered.
fn outcomes(entries: &[UserAuthHistory]) -> Vec<(bool, String)> {
    entries
        .iter()
        .map(|entry| (entry.success, entry.reason.clone()))
        .collect()
}

async fn history_of(app: &TestApp, user: &UserId) -> Vec<UserAuthHistory> {
    app.management()
        .user_history(std::slice::from_ref(user))
        .await
        .unwrap()
}

/// A member of acme who can sign in with [`PASSWORD`].
async fn add_member(app: &TestApp) -> UserId {
    app.add_user(
        new_user(LOGIN, "Hist", &[(seed::ACME, &[])]),
        Some(PASSWORD),
    )
    .await
}

/// `POST path` with the management key and a JSON `body`: the JSON answer.
async fn post_as_key(app: &TestApp, path: &str, body: serde_json::Value) -> serde_json::Value {
    let key = format!("Bearer {}:{}", app.project_id, app.management_key.expose());
    app.http(reqwest::Method::POST, path)
        .header("Authorization", key)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn rows_in_table(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM sign_ins")
        .fetch_one(app.db().pool())
        .await
        .unwrap()
        .get("n")
}

async fn password_sign_ins_are_recorded_with_address_agent_and_reason(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let before = rows_in_table(&app).await;
    let user = add_member(&app).await;

    assert_eq!(sign_in_as_browser(&app, LOGIN, PASSWORD, AGENT).await, 200);
    app.clock.advance(1);
    assert_eq!(sign_in_as_browser(&app, LOGIN, "wrong", AGENT).await, 401);
    app.clock.advance(1);
    // An unknown login id has nobody to file it under.
    assert_eq!(
        sign_in_as_browser(&app, "nobody@acme.test", "x", AGENT).await,
        401
    );
    app.clock.advance(1);
    app.set_status(&user, UserStatus::Disabled).await;
    assert_eq!(sign_in_as_browser(&app, LOGIN, PASSWORD, AGENT).await, 401);
    app.clock.advance(1);
    app.set_status(&user, UserStatus::Enabled).await;
    app.management()
        .expire_password(&LoginIdRequest {
            login_id: LoginId::new(LOGIN),
        })
        .await
        .unwrap();
    let long_agent = format!("Agent/{}", "x".repeat(600));
    assert_eq!(
        sign_in_as_browser(&app, LOGIN, PASSWORD, &long_agent).await,
        401
    );

    let history = history_of(&app, &user).await;
    assert_eq!(
        outcomes(&history),
        [
            (false, FailureReason::PasswordExpired.as_str().to_owned()),
            (false, FailureReason::UserDisabled.as_str().to_owned()),
            (false, FailureReason::WrongPassword.as_str().to_owned()),
            (true, String::new()),
        ],
        "newest first: {history:?}"
    );
    assert_eq!(rows_in_table(&app).await - before, 4, "nothing for nobody@");
    let first = &history[3];
    assert_eq!(first.user_id, user.as_str());
    assert_eq!(first.method, "password");
    assert_eq!(first.ip, "127.0.0.1");
    assert_eq!(first.user_agent, AGENT);
    assert_eq!(
        first.selected_tenant, "",
        "a password sign-in names no tenant"
    );
    assert_eq!((first.city.as_str(), first.country.as_str()), ("", ""));
    assert_eq!(first.login_time, first.login_time_ms / 1000);
    let now = app.clock.now();
    assert!(
        first.login_time <= now - 4 && first.login_time > now - 60,
        "{first:?}"
    );
    assert_eq!(
        history[0].user_agent.chars().count(),
        256,
        "a long user agent is cut"
    );
    assert!(long_agent.starts_with(&history[0].user_agent));

    // The user's own history, with their session.
    app.management()
        .set_active_password(&tenantkit_wire::user_ops::SetPasswordRequest {
            login_id: LoginId::new(LOGIN),
            password: tenantkit_wire::Secret::new(PASSWORD),
        })
        .await
        .unwrap();
    app.clock.advance(1);
    let signed_in = app.sign_in(LOGIN, PASSWORD).await.unwrap();
    let own = app
        .anonymous()
        .my_history(&signed_in.session_jwt)
        .await
        .unwrap();
    assert_eq!(own.len(), 5);
    assert!(own[0].success);
    assert_eq!(
        own[0].user_agent, "",
        "the typed client sends no User-Agent"
    );
}

async fn descope_shapes_bare_array_and_wrapped(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let user = add_member(&app).await;
    assert_eq!(sign_in_as_browser(&app, LOGIN, PASSWORD, AGENT).await, 200);

    // v1: a bare array in, a bare array out, `loginTime` a number of seconds.
    let answer = post_as_key(
        &app,
        "/v1/mgmt/user/history",
        serde_json::json!([user.as_str(), "U-unknown"]),
    )
    .await;
    let entries = answer.as_array().expect("a bare array");
    assert_eq!(entries.len(), 1, "{answer}");
    let entry = &entries[0];
    for field in ["userId", "city", "country", "ip", "selectedTenant"] {
        assert!(entry[field].is_string(), "{field} in {entry}");
    }
    assert!(entry["loginTime"].is_i64(), "{entry}");
    assert!(
        entry["loginTime"].as_i64().unwrap() < 10_000_000_000,
        "seconds"
    );
    assert_eq!(entry["userId"], user.as_str());
    assert_eq!(entry["success"], true);
    assert_eq!(entry["userAgent"], AGENT);
    assert_eq!(entry["method"], "password");

    // v2: `{userIds}` -> `{usersAuthHistory}`.
    let answer = post_as_key(
        &app,
        "/v2/mgmt/user/history",
        serde_json::json!({"userIds": [user.as_str()]}),
    )
    .await;
    assert_eq!(answer["usersAuthHistory"][0], *entry);
    let typed = app
        .management()
        .user_history_v2(&UsersHistoryRequest {
            user_ids: vec![user.as_str().to_owned()],
            limit: None,
        })
        .await
        .unwrap();
    assert_eq!(typed.users_auth_history.len(), 1);
}

async fn requests_are_bounded(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let management = app.management();
    let ids = |n: usize| {
        (0..n)
            .map(|i| UserId::new(format!("U{i}")))
            .collect::<Vec<_>>()
    };
    assert!(management.user_history(&ids(100)).await.unwrap().is_empty());
    let refused = assert_wire_error(management.user_history(&ids(101)).await, 400, "E011003");
    assert!(refused.error_message.contains("at most 100"), "{refused:?}");
    assert_wire_error(management.user_history(&[]).await, 400, "E011003");
    let v2 = |users: usize, limit: u32| UsersHistoryRequest {
        user_ids: ids(users).iter().map(|id| id.as_str().to_owned()).collect(),
        limit: Some(limit),
    };
    management.user_history_v2(&v2(10, 1000)).await.unwrap();
    assert_wire_error(
        management.user_history_v2(&v2(1, 1001)).await,
        400,
        "E011003",
    );
    assert_wire_error(
        management.user_history_v2(&v2(11, 1000)).await,
        400,
        "E011003",
    );

    // `limit`: the newest entries of each user.
    let user = add_member(&app).await;
    for _ in 0..3 {
        app.clock.advance(1);
        assert_eq!(sign_in_as_browser(&app, LOGIN, "wrong", AGENT).await, 401);
    }
    let newest = management
        .user_history_v2(&UsersHistoryRequest {
            user_ids: vec![user.as_str().to_owned()],
            limit: Some(2),
        })
        .await
        .unwrap()
        .users_auth_history;
    assert_eq!(newest.len(), 2);
    assert!(newest[0].login_time > newest[1].login_time);
}

/// Records a sign-in of `user` into `tenant` at `at_ms`, as storage does.
async fn record(app: &TestApp, user: &UserId, tenant: &str, at_ms: i64, keep: u32) {
    app.db()
        .record_sign_in_attempt(
            &NewSignIn {
                user_id: user,
                at_ms,
                method: "saml",
                tenant_id: tenant,
                remote_address: "192.0.2.1",
                user_agent: "test",
                failure: None,
            },
            keep,
        )
        .await
        .unwrap();
}

async fn widget_mode_sees_only_its_tenant(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let shared = app
        .add_user(
            new_user(
                "sam@partners.test",
                "Sam",
                &[(seed::ACME, &[]), (seed::GLOBEX, &[])],
            ),
            None,
        )
        .await;
    let globex_only = app
        .add_user(
            new_user("gina@globex.test", "Gina", &[(seed::GLOBEX, &[])]),
            None,
        )
        .await;
    let now = app.clock.now() * 1000;
    record(&app, &shared, seed::ACME, now - 3000, 1000).await;
    record(&app, &shared, seed::GLOBEX, now - 2000, 1000).await;
    record(&app, &shared, "", now - 1000, 1000).await;
    record(&app, &globex_only, seed::GLOBEX, now, 1000).await;
    let both = [shared.clone(), globex_only.clone()];

    let (acme, _) = app.acme_admin().await;
    let seen = acme.user_history(&both).await.unwrap();
    let tenants: Vec<(&str, &str)> = seen
        .iter()
        .map(|entry| (entry.user_id.as_str(), entry.selected_tenant.as_str()))
        .collect();
    assert_eq!(
        tenants,
        [(shared.as_str(), ""), (shared.as_str(), seed::ACME)],
        "acme sees its member's sign-ins into acme or no tenant, nothing of globex"
    );
    let v2 = acme
        .user_history_v2(&UsersHistoryRequest {
            user_ids: vec![globex_only.as_str().to_owned()],
            limit: None,
        })
        .await
        .unwrap();
    assert!(v2.users_auth_history.is_empty(), "{v2:?}");

    // The management key sees everything; globex's admin sees globex's.
    assert_eq!(app.management().user_history(&both).await.unwrap().len(), 4);
    let (globex, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    assert_eq!(globex.user_history(&both).await.unwrap().len(), 3);

    // Acme's admin cannot ask as globex; a member without User Admin cannot ask at all.
    let (_, admin) = app.acme_admin().await;
    let as_globex = app.widget(&admin.session_jwt, seed::GLOBEX);
    assert_wire_error(as_globex.user_history(&both).await, 403, "E061103");
    app.add_user(
        new_user("plain@acme.test", "Plain", &[(seed::ACME, &[])]),
        Some(PASSWORD),
    )
    .await;
    let signed_in = app.sign_in("plain@acme.test", PASSWORD).await.unwrap();
    let member = app.widget(&signed_in.session_jwt, seed::ACME);
    assert_wire_error(member.user_history(&both).await, 403, "E061103");
}

async fn saml_sign_ins_are_recorded_into_their_tenant(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let idp = Signer::new("history-idp");
    let sp = set_up(&app, seed::ACME, &idp, "sso-acme.test").await;
    let (request_id, relay) = start(&app, seed::ACME).await;
    let assertion = Assertion::new(&sp, &request_id, "grace@sso-acme.test");
    let (status, location) = post_acs(&app, &sp, &assertion.signed_by(&idp), &relay).await;
    assert_eq!(status, 303, "{location}");
    let user = app.user("grace@sso-acme.test").await.user_id;

    // Disabled, the next SAML sign-in is refused and recorded so.
    app.set_status(&user, UserStatus::Disabled).await;
    app.clock.advance(1);
    let (request_id, relay) = start(&app, seed::ACME).await;
    let assertion = Assertion::new(&sp, &request_id, "grace@sso-acme.test");
    let (status, _) = post_acs(&app, &sp, &assertion.signed_by(&idp), &relay).await;
    assert_eq!(status, 401);

    let (acme, _) = app.acme_admin().await;
    let history = acme
        .user_history(std::slice::from_ref(&user))
        .await
        .unwrap();
    assert_eq!(
        outcomes(&history),
        [
            (false, FailureReason::UserDisabled.as_str().to_owned()),
            (true, String::new()),
        ]
    );
    for entry in &history {
        assert_eq!(entry.method, "saml");
        assert_eq!(entry.selected_tenant, seed::ACME);
        assert_eq!(entry.ip, "127.0.0.1");
    }
}

async fn history_is_trimmed(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let user = app
        .add_user(new_user(LOGIN, "Hist", &[(seed::ACME, &[])]), None)
        .await;
    let now = app.clock.now() * 1000;
    // Each write keeps the newest `keep` of the user's rows (all in one millisecond too).
    for i in 0..5 {
        record(&app, &user, "", now - 10_000 + i * 1000, 3).await;
    }
    let kept = |history: Vec<UserAuthHistory>| {
        history
            .iter()
            .map(|entry| entry.login_time_ms)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kept(history_of(&app, &user).await),
        [now - 6000, now - 7000, now - 8000]
    );
    record(&app, &user, "", now - 5000, 3).await;
    assert_eq!(
        kept(history_of(&app, &user).await),
        [now - 5000, now - 6000, now - 7000]
    );
    // Retention deletes what is older than it keeps.
    assert_eq!(app.db().prune_sign_ins(now - 5500).await.unwrap(), 2);
    assert_eq!(kept(history_of(&app, &user).await), [now - 5000]);
    // A deleted user's history goes with them.
    app.management()
        .delete_user(&UserRef {
            login_id: Some(LoginId::new(LOGIN)),
            user_id: None,
        })
        .await
        .unwrap();
    assert_eq!(rows_in_table(&app).await, 0);
}

async fn refusals_of_the_throttle_are_not_recorded(backend: Backend) {
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| settings.auth_failures_per_minute = 2)
        .start()
        .await;
    let user = add_member(&app).await;
    let statuses = [
        sign_in_as_browser(&app, LOGIN, "wrong", AGENT).await,
        sign_in_as_browser(&app, LOGIN, "wrong", AGENT).await,
        sign_in_as_browser(&app, LOGIN, "wrong", AGENT).await,
        sign_in_as_browser(&app, LOGIN, PASSWORD, AGENT).await,
    ];
    assert_eq!(
        statuses,
        [401, 401, 401, 429],
        "the third failure uses up the address's allowance"
    );
    // The management key's check is throttled from this address too: wait out the refusal.
    app.clock.advance(120);
    let reasons = outcomes(&history_of(&app, &user).await);
    let wrong = (false, "wrong_password".to_owned());
    assert_eq!(
        reasons,
        [wrong.clone(), wrong.clone(), wrong],
        "only the checked attempts, not the refused right password"
    );
}
