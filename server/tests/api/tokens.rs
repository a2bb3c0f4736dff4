//! Forged, tampered and expired JWTs are refused with 401.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, claims_of};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::{BigUint, RsaPublicKey};
use tenantkit_server::auth::token::{KeyRing, LEEWAY_SECS, generate_signing_key};
use tenantkit_server::seed;
use tenantkit_wire::{ErrorCode, Secret, UserSearchRequest};

backend_tests!(
    forged_and_tampered_tokens_are_refused,
    expired_tokens_are_refused,
    issuer_may_be_a_url
);

async fn forged_and_tampered_tokens_are_refused(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, signed_in) = app.acme_admin().await;
    assert!(
        admin
            .search_users(&UserSearchRequest::default())
            .await
            .is_ok(),
        "the genuine token works"
    );
    let genuine = signed_in.session_jwt.expose().to_owned();
    let parts: Vec<&str> = genuine.split('.').collect();
    let claims = claims_of(&signed_in.session_jwt);
    let jwk = app.anonymous().public_keys().await.unwrap().keys.remove(0);

    // One byte of the signature changed (in the middle: the last character has padding bits).
    let mut signature = parts[2].as_bytes().to_vec();
    signature[20] = if signature[20] == b'A' { b'B' } else { b'A' };
    let changed_signature = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        String::from_utf8(signature).unwrap()
    );

    // The payload changed to claim more, the signature kept.
    let mut richer = claims.clone();
    richer.roles = vec!["Tenant Admin".to_owned()];
    let changed_payload = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&richer).unwrap()),
        parts[2]
    );

    // `alg: none`, no signature.
    let none_header = URL_SAFE_NO_PAD.encode(format!(
        r#"{{"alg":"none","typ":"JWT","kid":"{}"}}"#,
        jwk.kid
    ));
    let alg_none = format!("{none_header}.{}.", parts[1]);

    // HS256 "signed" with the public key's PEM, the classic key-confusion attack.
    let n = URL_SAFE_NO_PAD.decode(&jwk.n).unwrap();
    let e = URL_SAFE_NO_PAD.decode(&jwk.e).unwrap();
    let public_pem = RsaPublicKey::new(BigUint::from_bytes_be(&n), BigUint::from_bytes_be(&e))
        .unwrap()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let mut hs_header = Header::new(Algorithm::HS256);
    hs_header.kid = Some(jwk.kid.clone());
    let hs256 = jsonwebtoken::encode(
        &hs_header,
        &claims,
        &EncodingKey::from_secret(public_pem.as_bytes()),
    )
    .unwrap();

    // Properly signed, but by a key the project does not have.
    let stranger = KeyRing::from_stored(&[generate_signing_key(app.state.now()).unwrap()]).unwrap();
    let unknown_kid = stranger.sign(&claims).unwrap().expose().to_owned();

    // Properly signed by the project's key, but for another issuer or of an unknown kind.
    let mut foreign = claims.clone();
    foreign.iss = "Pother000000000000000000000".to_owned();
    let wrong_issuer = app.state.keys().sign(&foreign).unwrap().expose().to_owned();
    let mut odd_kind = claims.clone();
    odd_kind.drn = "DSX".to_owned();
    let wrong_kind = app
        .state
        .keys()
        .sign(&odd_kind)
        .unwrap()
        .expose()
        .to_owned();

    let forgeries = [
        ("changed signature", changed_signature),
        ("changed payload", changed_payload),
        ("alg none", alg_none),
        ("HS256 with the public key", hs256),
        ("unknown kid", unknown_kid),
        ("wrong issuer", wrong_issuer),
        ("unknown drn", wrong_kind),
        ("garbage", "not.a.jwt".to_owned()),
        ("two segments", format!("{}.{}", parts[0], parts[1])),
    ];
    for (what, token) in forgeries {
        let client = app.widget(&Secret::new(token.as_str()), seed::ACME);
        let body = assert_wire_error(
            client.search_users(&UserSearchRequest::default()).await,
            401,
            ErrorCode::Unauthorized.as_str(),
        );
        assert!(!body.error_message.is_empty(), "{what}");
        let me = app.raw(&format!("Bearer {}:{token}", app.project_id));
        let result = me
            .call::<(), tenantkit_wire::User>(tenantkit_client::Method::Get, "/v1/auth/me", None)
            .await;
        assert_wire_error(result, 401, ErrorCode::Unauthorized.as_str());
    }
    assert!(
        admin
            .search_users(&UserSearchRequest::default())
            .await
            .is_ok(),
        "still works after all that"
    );
}

async fn expired_tokens_are_refused(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, signed_in) = app.acme_admin().await;
    let session_ttl = app.state.settings().session_ttl_secs;

    // Within the leeway after `exp` the token still works; one second later it does not.
    app.clock.advance(session_ttl + LEEWAY_SECS);
    assert!(
        admin
            .search_users(&UserSearchRequest::default())
            .await
            .is_ok()
    );
    app.clock.advance(1);
    let body = assert_wire_error(
        admin.search_users(&UserSearchRequest::default()).await,
        401,
        ErrorCode::Unauthorized.as_str(),
    );
    assert_eq!(body.error_message, "Token expired");

    // The refresh token lives on and trades for a fresh session token.
    let refreshed = app
        .anonymous()
        .refresh(signed_in.refresh_jwt.as_ref().unwrap())
        .await
        .unwrap();
    assert!(
        app.widget(&refreshed.session_jwt, seed::ACME)
            .search_users(&Default::default())
            .await
            .is_ok()
    );

    // A token from the future (issued after "now" beyond the leeway) is refused too.
    app.clock.advance(-(session_ttl + 10 * LEEWAY_SECS));
    assert_wire_error(
        app.widget(&refreshed.session_jwt, seed::ACME)
            .search_users(&Default::default())
            .await,
        401,
        ErrorCode::Unauthorized.as_str(),
    );
}

async fn issuer_may_be_a_url(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (_, signed_in) = app.acme_admin().await;
    let mut claims = claims_of(&signed_in.session_jwt);
    claims.iss = format!("https://auth.example.test/v1/{}", app.project_id);
    let token = app.state.keys().sign(&claims).unwrap();
    let result = app
        .widget(&token, seed::ACME)
        .search_users(&UserSearchRequest::default())
        .await;
    assert!(result.is_ok(), "{result:?}");
    claims.iss = format!("https://auth.example.test/v1/X{}", app.project_id);
    let token = app.state.keys().sign(&claims).unwrap();
    let result = app
        .widget(&token, seed::ACME)
        .search_users(&UserSearchRequest::default())
        .await;
    assert_wire_error(result, 401, ErrorCode::Unauthorized.as_str());
}
