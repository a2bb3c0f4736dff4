//! One-time sign-ins a backend makes (Descope's test-user tools and embedded link), redeemed
//! through the auth routes Descope's SDKs call, on both databases.

use crate::util::{Backend, TestApp, backend_tests, claims_of, new_user};
use reqwest::Method;
use serde_json::{Value, json};
use tenantkit_server::seed;
use tenantkit_wire::Secret;

backend_tests!(
    test_users_sign_in_with_generated_codes_and_links,
    embedded_links_sign_in_once_and_expire,
);

/// A JSON request with the management key (or `authorization`); the status and the body.
async fn call(app: &TestApp, method: Method, path: &str, body: Value) -> (u16, Value) {
    let authorization = format!("Bearer {}:{}", app.project_id, app.management_key.expose());
    send(app, method, path, body, &authorization).await
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Value,
    authorization: &str,
) -> (u16, Value) {
    let response = app
        .http(method, path)
        .header("Authorization", authorization)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A sign-in answer's session JWT, checked to be for `user_id` by `method`.
fn assert_signed_in(answer: &(u16, Value), user_id: &str, method: &str) {
    assert_eq!(answer.0, 200, "{}", answer.1);
    let session = Secret::new(answer.1["sessionJwt"].as_str().unwrap());
    let claims = claims_of(&session);
    assert_eq!(claims.sub, user_id);
    assert_eq!(claims.amr, vec![method.to_owned()]);
    assert!(answer.1["refreshJwt"].is_string());
}

async fn test_users_sign_in_with_generated_codes_and_links(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let login = "tester@acme.test";
    let (status, created) = call(
        &app,
        Method::POST,
        "/v1/mgmt/user/create/test",
        json!({"loginId": login, "email": login,
               "userTenants": [{"tenantId": seed::ACME, "roleNames": []}]}),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["user"]["test"], true);
    let user_id = created["user"]["userId"].as_str().unwrap().to_owned();
    // Test users are searched apart: only they, and the count is theirs.
    let (status, found) = call(&app, Method::POST, "/v2/mgmt/user/search/test", json!({})).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["total"], 1);
    assert_eq!(found["users"][0]["userId"], user_id.as_str());
    let (_, text) = call(
        &app,
        Method::POST,
        "/v2/mgmt/user/search/test",
        json!({"text": "tester"}),
    )
    .await;
    assert_eq!(text["users"].as_array().unwrap().len(), 1, "{text}");

    // OTP: the code signs in once; a wrong one and a used one are refused alike.
    let otp = json!({"deliveryMethod": "email", "loginId": login, "loginOptions": {}});
    let (status, first) = call(
        &app,
        Method::POST,
        "/v1/mgmt/tests/generate/otp",
        otp.clone(),
    )
    .await;
    assert_eq!(status, 200, "{first}");
    let (_, generated) = call(&app, Method::POST, "/v1/mgmt/tests/generate/otp", otp).await;
    let code = generated["code"].as_str().unwrap().to_owned();
    assert_eq!(generated["loginId"], login);
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{code}"
    );
    let verify = |code: String| {
        let app = &app;
        async move {
            call(
                app,
                Method::POST,
                "/v1/auth/otp/verify/email",
                json!({"loginId": login, "code": code}),
            )
            .await
        }
    };
    if first["code"] != generated["code"] {
        assert_eq!(
            verify(first["code"].as_str().unwrap().to_owned()).await.0,
            401,
            "a new code replaces the last"
        );
    }
    let wrong = if code == "000000" { "000001" } else { "000000" };
    assert_eq!(verify(wrong.to_owned()).await.0, 401);
    assert_signed_in(&verify(code.clone()).await, &user_id, "otp");
    assert_eq!(verify(code).await.0, 401, "used once");

    // Magic link: `<URI>?t=<token>`, the token redeemed once.
    let (status, magic) = call(
        &app,
        Method::POST,
        "/v1/mgmt/tests/generate/magiclink",
        json!({"deliveryMethod": "email", "loginId": login,
               "URI": "https://app.example.test/verify?from=test"}),
    )
    .await;
    assert_eq!(status, 200, "{magic}");
    let link = reqwest::Url::parse(magic["link"].as_str().unwrap()).unwrap();
    assert_eq!(link.path(), "/verify");
    let token = link
        .query_pairs()
        .find(|(key, _)| key == "t")
        .unwrap()
        .1
        .into_owned();
    assert!(
        link.query_pairs()
            .any(|(key, value)| key == "from" && value == "test")
    );
    let redeem = |token: String| {
        let app = &app;
        async move {
            call(
                app,
                Method::POST,
                "/v1/auth/magiclink/verify",
                json!({"token": token}),
            )
            .await
        }
    };
    assert_signed_in(&redeem(token.clone()).await, &user_id, "magiclink");
    assert_eq!(redeem(token).await.0, 401);

    // Enchanted link: the waiting page gets the session once the link is opened, and once.
    let (status, enchanted) = call(
        &app,
        Method::POST,
        "/v1/mgmt/tests/generate/enchantedlink",
        json!({"loginId": login, "redirectUrl": "https://app.example.test/e"}),
    )
    .await;
    assert_eq!(status, 200, "{enchanted}");
    let pending = json!({"pendingRef": enchanted["pendingRef"]});
    let poll = || {
        call(
            &app,
            Method::POST,
            "/v1/auth/enchantedlink/pending-session",
            pending.clone(),
        )
    };
    assert_eq!(poll().await.0, 401, "not opened yet");
    let link = reqwest::Url::parse(enchanted["link"].as_str().unwrap()).unwrap();
    let token = link
        .query_pairs()
        .find(|(key, _)| key == "t")
        .unwrap()
        .1
        .into_owned();
    assert_eq!(
        redeem(token.clone()).await.0,
        401,
        "an enchanted link is not a magic link"
    );
    let opened = call(
        &app,
        Method::POST,
        "/v1/auth/enchantedlink/verify",
        json!({"token": token}),
    )
    .await;
    assert_eq!(opened, (200, json!({})));
    assert_signed_in(&poll().await, &user_id, "enchantedlink");
    assert_eq!(poll().await.0, 401, "the session is taken once");

    // Only test users, only the management key, and what the request says must make sense.
    let refusals = [
        (
            "/v1/mgmt/tests/generate/otp",
            json!({"deliveryMethod": "email", "loginId": seed::ACME_ADMIN}),
            400,
        ),
        (
            "/v1/mgmt/tests/generate/otp",
            json!({"deliveryMethod": "pigeon", "loginId": login}),
            400,
        ),
        (
            "/v1/mgmt/tests/generate/otp",
            json!({"deliveryMethod": "sms", "loginId": "nobody@x.test"}),
            404,
        ),
        (
            "/v1/mgmt/tests/generate/magiclink",
            json!({"deliveryMethod": "email", "loginId": login}),
            400,
        ),
        (
            "/v1/mgmt/tests/generate/magiclink",
            json!({"deliveryMethod": "email", "loginId": login, "URI": "javascript:alert(1)"}),
            400,
        ),
        (
            "/v1/mgmt/tests/generate/otp",
            json!({"deliveryMethod": "email", "loginId": login,
                "loginOptions": {"customClaims": {"plan": "gold"}}}),
            400,
        ),
    ];
    for (path, body, status) in refusals {
        let answer = call(&app, Method::POST, path, body.clone()).await;
        assert_eq!(answer.0, status, "{path} {body}: {}", answer.1);
        assert!(
            answer.1["errorMessage"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
    let (_, admin) = app.acme_admin().await;
    let widget = format!("Bearer {}:{}", app.project_id, admin.session_jwt.expose());
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/v1/mgmt/tests/generate/otp?tenant={}", seed::ACME),
        json!({"deliveryMethod": "email", "loginId": login}),
        &widget,
    )
    .await;
    assert_eq!(status, 403, "a tenant admin makes no sign-ins for others");

    // Stored hashed: no code or token in the table.
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM sign_in_links")
        .fetch_all(app.db().pool())
        .await
        .unwrap();
    assert!(stored.iter().all(|hash| hash.len() == 64));
    let events: Vec<String> = app.audit().await.into_iter().map(|event| event.0).collect();
    assert!(
        events
            .iter()
            .filter(|event| *event == "SignInLinkGenerated")
            .count()
            >= 4
    );
}

async fn embedded_links_sign_in_once_and_expire(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let user = app
        .add_user(
            new_user("embedded@acme.test", "Embedded", &[(seed::ACME, &[])]),
            None,
        )
        .await;
    let embedded = |body: Value| {
        call(
            &app,
            Method::POST,
            "/v1/mgmt/user/signin/embeddedlink",
            body,
        )
    };
    let redeem = |token: &Value| {
        call(
            &app,
            Method::POST,
            "/v1/auth/magiclink/verify",
            json!({"token": token}),
        )
    };

    // Python sends nulls and a zero timeout for what it leaves out.
    let (status, made) =
        embedded(json!({"loginId": "embedded@acme.test", "customClaims": null, "timeout": 0}))
            .await;
    assert_eq!(status, 200, "{made}");
    assert_signed_in(&redeem(&made["token"]).await, user.as_str(), "embeddedlink");
    assert_eq!(redeem(&made["token"]).await.0, 401);

    // It stands `timeout` seconds.
    let (_, short) = embedded(json!({"loginId": "embedded@acme.test", "timeout": 5})).await;
    app.clock.advance(6);
    assert_eq!(redeem(&short["token"]).await.0, 401);

    // A user disabled after the link was made does not get in.
    let (_, made) = embedded(json!({"loginId": "embedded@acme.test"})).await;
    app.set_status(&user, tenantkit_wire::UserStatus::Disabled)
        .await;
    assert_eq!(redeem(&made["token"]).await.0, 401);

    for body in [
        json!({"loginId": "embedded@acme.test", "timeout": 3601}),
        json!({"loginId": "embedded@acme.test", "timeout": -1}),
        json!({"loginId": "embedded@acme.test", "customClaims": {"a": 1}}),
    ] {
        assert_eq!(embedded(body.clone()).await.0, 400, "{body}");
    }
    assert_eq!(
        embedded(json!({"loginId": "nobody@acme.test"})).await.0,
        404
    );
    assert_eq!(redeem(&json!("")).await.0, 400);
    assert_eq!(redeem(&json!("made-up")).await.0, 401);

    // The sign-ins made with a link are in the user's history, with its kind as the method.
    let (status, history) = call(
        &app,
        Method::POST,
        "/v1/mgmt/user/history",
        json!([user.as_str()]),
    )
    .await;
    assert_eq!(status, 200, "{history}");
    let entries: Vec<(String, bool, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["method"].as_str().unwrap().to_owned(),
                entry["success"].as_bool().unwrap(),
                entry["reason"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert!(
        entries.contains(&("embeddedlink".to_owned(), true, String::new())),
        "{entries:?}"
    );
    assert!(
        entries.contains(&("embeddedlink".to_owned(), false, "user_disabled".to_owned())),
        "{entries:?}"
    );

    // No provider tokens here: a 404 that says why.
    let response = app
        .http(Method::GET, "/v1/mgmt/user/provider/token?loginId=embedded@acme.test&provider=google&withRefreshToken=false")
        .header("Authorization", format!("Bearer {}:{}", app.project_id, app.management_key.expose()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["errorMessage"].as_str().unwrap().contains("google"),
        "{body}"
    );
}
