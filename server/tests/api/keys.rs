//! The public signing keys: `GET /v2/keys/{projectId}` and `/v1/keys/{projectId}`.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use tenantkit_client::Method;
use tenantkit_server::seed;
use tenantkit_wire::{Claims, ErrorCode, Jwk, ProjectId};

backend_tests!(
    published_keys_verify_session_tokens,
    keys_of_an_unknown_project_are_a_404
);

async fn published_keys_verify_session_tokens(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let keys = app.anonymous().public_keys().await.unwrap().keys;
    assert_eq!(keys.len(), 1);
    let jwk = &keys[0];
    assert_eq!(
        (jwk.kty.as_str(), jwk.alg.as_str(), jwk.use_.as_str()),
        ("RSA", "RS256", "sig")
    );
    assert_eq!(jwk.e, "AQAB");
    assert!(
        jwk.n.len() >= 342,
        "a 2048-bit modulus, base64url without padding: {}",
        jwk.n
    );
    assert!(!jwk.n.contains('=') && !jwk.n.contains('+') && !jwk.n.contains('/'));

    let path = format!("/v1/keys/{}", app.project_id);
    let bare: Vec<Jwk> = app
        .anonymous()
        .call::<(), _>(Method::Get, &path, None)
        .await
        .unwrap();
    assert_eq!(bare, keys);

    // The JWK alone verifies a session token, as an SDK would.
    let signed_in = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    let header = jsonwebtoken::decode_header(signed_in.session_jwt.expose()).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.kid.as_deref(), Some(jwk.kid.as_str()));
    let key = DecodingKey::from_rsa_components(&jwk.n, &jwk.e).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[app.project_id.as_str()]);
    let claims = jsonwebtoken::decode::<Claims>(signed_in.session_jwt.expose(), &key, &validation)
        .unwrap()
        .claims;
    assert_eq!(claims.sub, signed_in.user.user_id.as_str());
}

async fn keys_of_an_unknown_project_are_a_404(backend: Backend) {
    let app = TestApp::builder(backend).start().await;
    let other = tenantkit_client::Client::new(app.base_url.clone(), ProjectId::new("Pnope"));
    let body = assert_wire_error(other.public_keys().await, 404, ErrorCode::NotFound.as_str());
    assert_eq!(body.error_message, "Unknown project");
    let v1 = other
        .call::<(), Vec<Jwk>>(Method::Get, "/v1/keys/Pnope", None)
        .await;
    assert_wire_error(v1, 404, ErrorCode::NotFound.as_str());
}
