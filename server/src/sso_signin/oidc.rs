//! The OpenID Connect relying party of one connection: the authorization request (code flow
//! with PKCE S256, `state`, `nonce`) and the verification of the ID token against the issuer's
//! JWKS with `jsonwebtoken` (already the server's JWT library): the signature by a key of the
//! JWKS with an allowed asymmetric algorithm (never `none`, never HMAC), `iss`, `aud`, `exp`
//! (60 s leeway) and the `nonce` of the pending request.

use super::saml::Refusal;
use base64::Engine;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use sha2::Digest;

/// The ID token algorithms accepted: asymmetric only.
pub const ALLOWED_ALGORITHMS: [Algorithm; 7] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::ES256,
    Algorithm::ES384,
];

/// Allowed clock difference for `exp`, `nbf` and `iat`, seconds.
pub const LEEWAY_SECS: u64 = 60;

/// The PKCE S256 challenge of a verifier.
pub fn pkce_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
}

/// What the ID token must say.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
}

fn refusal(check: &'static str, detail: impl Into<String>) -> Refusal {
    Refusal {
        check,
        detail: detail.into(),
    }
}

/// Verifies an ID token with the issuer's JWKS (its JSON text): the claims, or the check that
/// failed.
pub fn verify_id_token(
    id_token: &str,
    jwks: &str,
    expected: &Expected<'_>,
) -> Result<serde_json::Map<String, serde_json::Value>, Refusal> {
    // `alg: none` (and anything jsonwebtoken does not know) fails to decode here.
    let header = jsonwebtoken::decode_header(id_token)
        .map_err(|error| refusal("signature", format!("unusable ID token header: {error}")))?;
    if !ALLOWED_ALGORITHMS.contains(&header.alg) {
        return Err(refusal(
            "signature",
            format!(
                "the ID token is signed with {:?}, which is not allowed",
                header.alg
            ),
        ));
    }
    let set: JwkSet = serde_json::from_str(jwks)
        .map_err(|_| refusal("signature", "the issuer's JWKS is not a JWK set"))?;
    let key = match &header.kid {
        Some(kid) => set.find(kid),
        None if set.keys.len() == 1 => set.keys.first(),
        None => None,
    }
    .ok_or_else(|| {
        refusal(
            "signature",
            "no key of the issuer's JWKS matches the ID token",
        )
    })?;
    let decoding = DecodingKey::from_jwk(key)
        .map_err(|error| refusal("signature", format!("unusable JWK: {error}")))?;
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[expected.issuer]);
    validation.set_audience(&[expected.client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    validation.leeway = LEEWAY_SECS;
    let data = jsonwebtoken::decode::<serde_json::Map<String, serde_json::Value>>(
        id_token,
        &decoding,
        &validation,
    )
    .map_err(|error| {
        use jsonwebtoken::errors::ErrorKind;
        let check = match error.kind() {
            ErrorKind::InvalidIssuer => "issuer",
            ErrorKind::InvalidAudience => "audience",
            ErrorKind::ExpiredSignature | ErrorKind::ImmatureSignature => "time",
            ErrorKind::MissingRequiredClaim(_) => "format",
            _ => "signature",
        };
        refusal(check, error.to_string())
    })?;
    let claims = data.claims;
    let nonce = claims
        .get("nonce")
        .and_then(|value| value.as_str())
        .unwrap_or_default();
    if expected.nonce.is_empty() || nonce != expected.nonce {
        return Err(refusal(
            "nonce",
            "the ID token's nonce is not the one of this sign-in",
        ));
    }
    Ok(claims)
}

/// The payload of a JWT, read without verifying it (a test run shows it; never for signing in).
pub fn unverified_claims(id_token: &str) -> serde_json::Map<String, serde_json::Value> {
    id_token
        .split('.')
        .nth(1)
        .and_then(|payload| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload.trim_end_matches('='))
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail by panicking")]

    use super::*;
    use jsonwebtoken::{EncodingKey, Header};
    use rsa::pkcs8::{EncodePrivateKey, LineEnding};
    use rsa::traits::PublicKeyParts;
    use serde_json::json;

    struct Idp {
        encoding: EncodingKey,
        jwks: String,
    }

    /// An RSA key pair made here; tokens are signed by jsonwebtoken (a real JWS signer).
    fn idp() -> Idp {
        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
        let pem = key.to_pkcs8_pem(LineEnding::LF).unwrap();
        let b64 = |bytes: Vec<u8>| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let jwks = json!({"keys": [{
            "kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig",
            "n": b64(key.n().to_bytes_be()), "e": b64(key.e().to_bytes_be()),
        }]})
        .to_string();
        Idp {
            encoding: EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
            jwks,
        }
    }

    fn now() -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .try_into()
            .unwrap()
    }

    fn token(idp: &Idp, claims: serde_json::Value) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some("k1".to_owned());
        jsonwebtoken::encode(&header, &claims, &idp.encoding).unwrap()
    }

    fn claims() -> serde_json::Value {
        json!({"iss": "https://idp.test", "aud": "client-1", "sub": "u1", "exp": now() + 300,
               "iat": now(), "nonce": "n-1", "email": "grace@sso-acme.test"})
    }

    const EXPECTED: Expected<'static> = Expected {
        issuer: "https://idp.test",
        client_id: "client-1",
        nonce: "n-1",
    };

    fn check_of(
        result: Result<serde_json::Map<String, serde_json::Value>, Refusal>,
    ) -> &'static str {
        result
            .err()
            .map(|refusal| refusal.check)
            .unwrap_or("accepted")
    }

    #[test]
    fn a_good_id_token_is_accepted_and_every_forgery_refused() {
        let idp = idp();
        let good = verify_id_token(&token(&idp, claims()), &idp.jwks, &EXPECTED).unwrap();
        assert_eq!(good["email"], "grace@sso-acme.test");

        let with = |key: &str, value: serde_json::Value| {
            let mut claims = claims();
            claims[key] = value;
            check_of(verify_id_token(&token(&idp, claims), &idp.jwks, &EXPECTED))
        };
        assert_eq!(with("nonce", json!("another")), "nonce");
        assert_eq!(with("aud", json!("client-2")), "audience");
        assert_eq!(with("iss", json!("https://evil.test")), "issuer");
        assert_eq!(with("exp", json!(now() - 3600)), "time");

        // alg none: the same claims, unsigned.
        let b64 = |text: String| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
        let none = format!(
            "{}.{}.",
            b64(json!({"alg": "none", "kid": "k1"}).to_string()),
            b64(claims().to_string())
        );
        assert_eq!(
            check_of(verify_id_token(&none, &idp.jwks, &EXPECTED)),
            "signature"
        );
        // HMAC with the public modulus as the secret (key confusion).
        let hmac = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims(),
            &EncodingKey::from_secret(b"k1"),
        )
        .unwrap();
        assert_eq!(
            check_of(verify_id_token(&hmac, &idp.jwks, &EXPECTED)),
            "signature"
        );
        // Signed by another key.
        let other = idp_other_key(&idp);
        assert_eq!(
            check_of(verify_id_token(&other, &idp.jwks, &EXPECTED)),
            "signature"
        );
        // Tampered payload.
        let good = token(&idp, claims());
        let mut parts: Vec<&str> = good.split('.').collect();
        let mut evil = claims();
        evil["email"] = json!("eve@sso-acme.test");
        let payload = b64(evil.to_string());
        parts[1] = &payload;
        assert_eq!(
            check_of(verify_id_token(&parts.join("."), &idp.jwks, &EXPECTED)),
            "signature"
        );
    }

    fn idp_other_key(_: &Idp) -> String {
        let other = idp();
        token(&other, claims())
    }

    #[test]
    fn the_pkce_challenge_is_rfc_7636s() {
        // RFC 7636, appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
