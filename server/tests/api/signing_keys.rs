//! The project's signing keys at rest and their rotation: the private key is sealed with the
//! secret key (a database dump cannot mint tokens), a rotation keeps issued tokens valid, and
//! every process on the database picks the new key up.

use crate::util::{Backend, TestApp, backend_tests};
use tenantkit_server::secrets::Sealer;
use tenantkit_server::{AppState, Settings, bootstrap, seed};
use tenantkit_wire::Secret;

backend_tests!(
    signing_keys_are_sealed_at_rest,
    a_rotation_keeps_tokens_valid_everywhere
);

const SECRET_KEY: &str = "test-secret-key-of-some-length";
const NEW_SECRET_KEY: &str = "another-secret-key-of-some-length";

fn with_secret_key(key: &str) -> Settings {
    Settings {
        secret_key: Some(Secret::new(key)),
        ..Settings::default()
    }
}

/// A seeded server running with `--secret-key`.
async fn seeded_with_secret_key(backend: Backend) -> TestApp {
    TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| *settings = with_secret_key(SECRET_KEY))
        .start()
        .await
}

async fn stored_keys(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as("SELECT kid, private_pem FROM signing_keys ORDER BY created, kid")
        .fetch_all(app.db().pool())
        .await
        .unwrap()
}

fn kid_of(jwt: &Secret) -> String {
    jsonwebtoken::decode_header(jwt.expose())
        .unwrap()
        .kid
        .unwrap()
}

async fn open_state(app: &TestApp, settings: Settings) -> tenantkit_server::Result<AppState> {
    AppState::open(app.db().clone(), app.clock.clone(), settings).await
}

async fn signing_keys_are_sealed_at_rest(backend: Backend) {
    let app = seeded_with_secret_key(backend).await;
    let [(kid, stored)] = <[_; 1]>::try_from(stored_keys(&app).await).unwrap();
    assert!(stored.starts_with("v1:"), "{stored}");
    assert!(!stored.contains("PRIVATE KEY"), "{stored}");
    // Neither the key kept in the database nor any other key opens it; the secret key does.
    let database_key = app.db().sealing_key().await.unwrap();
    assert!(Sealer::new(database_key.as_bytes()).open(&stored).is_none());
    assert!(Sealer::new(b"guess").open(&stored).is_none());
    let pem = Sealer::new(SECRET_KEY.as_bytes()).open(&stored).unwrap();
    assert!(pem.expose().starts_with("-----BEGIN PRIVATE KEY-----"));

    // A server without the secret key cannot start on it, and says why.
    let refused = open_state(&app, Settings::default()).await.unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("sealed with another secret key"),
        "{refused}"
    );

    // A row in cleartext (from before sealing) is sealed when a server starts.
    sqlx::query("UPDATE signing_keys SET private_pem = $1")
        .bind(pem.expose())
        .execute(app.db().pool())
        .await
        .unwrap();
    open_state(&app, with_secret_key(SECRET_KEY)).await.unwrap();
    let [(_, resealed)] = <[_; 1]>::try_from(stored_keys(&app).await).unwrap();
    assert!(resealed.starts_with("v1:") && !resealed.contains("PRIVATE KEY"));

    // Rotating the secret key: `reseal` moves every value to the new key, all or nothing.
    let wrong = bootstrap::reseal(
        app.db(),
        Some(&Secret::new("not-the-secret-key")),
        Some(&Secret::new(NEW_SECRET_KEY)),
    )
    .await;
    assert!(wrong.is_err());
    let count = bootstrap::reseal(
        app.db(),
        Some(&Secret::new(SECRET_KEY)),
        Some(&Secret::new(NEW_SECRET_KEY)),
    )
    .await
    .unwrap();
    assert_eq!(count, 1);
    // Run again, nothing is left to move.
    let again = bootstrap::reseal(
        app.db(),
        Some(&Secret::new(SECRET_KEY)),
        Some(&Secret::new(NEW_SECRET_KEY)),
    )
    .await
    .unwrap();
    assert_eq!(again, 0);
    assert!(open_state(&app, with_secret_key(SECRET_KEY)).await.is_err());
    let state = open_state(&app, with_secret_key(NEW_SECRET_KEY))
        .await
        .unwrap();
    assert_eq!(state.keys().jwks()[0].kid, kid);
    // Tokens signed before still verify: the key itself did not change.
    let signed_in = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(
        state
            .keys()
            .verify(
                signed_in.session_jwt.expose(),
                &app.project_id,
                app.clock_now()
            )
            .is_ok()
    );
}

async fn a_rotation_keeps_tokens_valid_everywhere(backend: Backend) {
    let app = seeded_with_secret_key(backend).await;
    // A second process on the same database, started before the rotation.
    let other = open_state(&app, with_secret_key(SECRET_KEY)).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let other_url = format!("http://{}", listener.local_addr().unwrap());
    let other_server = tokio::spawn(tenantkit_server::listener::serve(
        listener,
        other,
        std::future::pending(),
    ));
    let other_client = tenantkit_client::Client::new(other_url.clone(), app.project_id.clone());

    let before = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    let old_kid = kid_of(&before.session_jwt);

    let retire_after = 3600;
    let secret = Secret::new(SECRET_KEY);
    let (new_kid, retired) =
        bootstrap::rotate_signing_key(app.db(), app.clock.as_ref(), Some(&secret), retire_after)
            .await
            .unwrap();
    assert_ne!(new_kid, old_kid);
    assert!(retired.is_empty());
    // What the server does every minute: from now on it signs with the new key.
    app.state.reload_keys().await.unwrap();
    let after = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(kid_of(&after.session_jwt), new_kid);
    // JWKS publishes both; the token from before the rotation still verifies.
    let published: Vec<String> = app
        .anonymous()
        .public_keys()
        .await
        .unwrap()
        .keys
        .into_iter()
        .map(|jwk| jwk.kid)
        .collect();
    assert_eq!(published, [new_kid.clone(), old_kid.clone()]);
    assert!(app.anonymous().me(&before.session_jwt).await.is_ok());
    // The other process has never loaded the new key, yet verifies tokens signed with it.
    other_client.me(&before.session_jwt).await.unwrap();
    other_client.me(&after.session_jwt).await.unwrap();

    // Once the longest token lifetime has passed, the next rotation retires the old key.
    app.clock.advance(retire_after + 1);
    let (newest, retired) =
        bootstrap::rotate_signing_key(app.db(), app.clock.as_ref(), Some(&secret), retire_after)
            .await
            .unwrap();
    assert_eq!(retired, [old_kid]);
    app.state.reload_keys().await.unwrap();
    let kids: Vec<String> = app
        .state
        .keys()
        .jwks()
        .into_iter()
        .map(|jwk| jwk.kid)
        .collect();
    assert_eq!(kids, [newest, new_kid]);
    other_server.abort();
}
