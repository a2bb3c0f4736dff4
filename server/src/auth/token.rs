//! Session and refresh JWTs: the project's RS256 key ring, signing, verification and the public
//! JWKs.
//!
//! Verification trusts nothing in the token before the signature checks out: only RS256 is
//! accepted, the key is chosen by `kid` among the project's keys, and expiry is checked against
//! the application [`Clock`](crate::clock::Clock) (passed in as `now`), not the system time.

use crate::db::new_id;
use crate::db::project::StoredSigningKey;
use crate::error::{Error, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rsa::RsaPrivateKey;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::traits::PublicKeyParts;
use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};
use tenantkit_wire::auth::{DRN_REFRESH, DRN_SESSION};
use tenantkit_wire::{Claims, Jwk, ProjectId, Secret};

/// Clock skew tolerated on `exp` and `iat`, in seconds.
pub const LEEWAY_SECS: i64 = 30;

/// The kind of a JWT, from its `drn` claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `DS`: short-lived, sent on every call.
    Session,
    /// `DSR`: long-lived, traded for new session tokens.
    Refresh,
}

impl TokenKind {
    /// The `drn` claim value.
    pub fn drn(self) -> &'static str {
        match self {
            Self::Session => DRN_SESSION,
            Self::Refresh => DRN_REFRESH,
        }
    }

    fn from_drn(drn: &str) -> Option<Self> {
        match drn {
            DRN_SESSION => Some(Self::Session),
            DRN_REFRESH => Some(Self::Refresh),
            _ => None,
        }
    }
}

/// Generates a 2048-bit RSA signing key (slow: call it off the async threads).
pub fn generate_signing_key(now: i64) -> Result<StoredSigningKey> {
    let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).map_err(Error::internal)?;
    let pem = key.to_pkcs8_pem(LineEnding::LF).map_err(Error::internal)?;
    Ok(StoredSigningKey {
        kid: new_id('K'),
        private_pem: pem.to_string(),
        created: now,
    })
}

struct RingKey {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    jwk: Jwk,
}

/// The project's signing keys, loaded from the database. The newest key signs; every key
/// verifies tokens carrying its `kid`. A running server replaces the ring when the database has
/// new keys (a rotation by another process, see [`crate::state::AppState::reload_keys`]).
pub struct KeyRing {
    keys: RwLock<Arc<Vec<RingKey>>>,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = self.current();
        let kids: Vec<&str> = keys.iter().map(|key| key.kid.as_str()).collect();
        f.debug_struct("KeyRing").field("kids", &kids).finish()
    }
}

/// Parses opened stored keys (newest first).
fn parse(stored: &[StoredSigningKey]) -> Result<Vec<RingKey>> {
    let keys = stored
        .iter()
        .map(|stored| {
            let private =
                RsaPrivateKey::from_pkcs8_pem(&stored.private_pem).map_err(Error::internal)?;
            let pkcs1 = private.to_pkcs1_der().map_err(Error::internal)?;
            let n = private.n().to_bytes_be();
            let e = private.e().to_bytes_be();
            Ok(RingKey {
                kid: stored.kid.clone(),
                encoding: EncodingKey::from_rsa_der(pkcs1.as_bytes()),
                decoding: DecodingKey::from_rsa_raw_components(&n, &e),
                jwk: Jwk {
                    kty: "RSA".to_owned(),
                    kid: stored.kid.clone(),
                    alg: "RS256".to_owned(),
                    use_: "sig".to_owned(),
                    n: URL_SAFE_NO_PAD.encode(&n),
                    e: URL_SAFE_NO_PAD.encode(&e),
                },
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if keys.is_empty() {
        return Err(Error::Internal("the project has no signing key".to_owned()));
    }
    Ok(keys)
}

impl KeyRing {
    /// Parses opened stored keys (newest first).
    pub fn from_stored(stored: &[StoredSigningKey]) -> Result<Self> {
        Ok(Self {
            keys: RwLock::new(Arc::new(parse(stored)?)),
        })
    }

    /// Replaces the keys with `stored` (newest first); on failure the ring stays as it was.
    pub fn replace(&self, stored: &[StoredSigningKey]) -> Result<()> {
        let keys = Arc::new(parse(stored)?);
        *self.keys.write().unwrap_or_else(PoisonError::into_inner) = keys;
        Ok(())
    }

    fn current(&self) -> Arc<Vec<RingKey>> {
        self.keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Whether a key of the ring has this `kid`.
    pub fn knows(&self, kid: &str) -> bool {
        self.current().iter().any(|key| key.kid == kid)
    }

    /// The public keys as JWKs.
    pub fn jwks(&self) -> Vec<Jwk> {
        self.current().iter().map(|key| key.jwk.clone()).collect()
    }

    /// Signs claims with the newest key, `kid` in the header.
    pub fn sign(&self, claims: &Claims) -> Result<Secret> {
        let keys = self.current();
        let key = keys
            .first()
            .ok_or_else(|| Error::Internal("the project has no signing key".to_owned()))?;
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(key.kid.clone());
        jsonwebtoken::encode(&header, claims, &key.encoding)
            .map(Secret::new)
            .map_err(Error::internal)
    }

    /// Verifies a JWT of this project and returns its claims and kind. Every failure is a 401
    /// with a message that says what was wrong with the token, never which key it tried.
    pub fn verify(
        &self,
        token: &str,
        project: &ProjectId,
        now: i64,
    ) -> Result<(Claims, TokenKind)> {
        let invalid = || Error::Unauthorized("Invalid token".to_owned());
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid())?;
        if header.alg != Algorithm::RS256 {
            return Err(invalid());
        }
        let kid = header.kid.ok_or_else(invalid)?;
        let keys = self.current();
        let key = keys.iter().find(|key| key.kid == kid).ok_or_else(invalid)?;
        let mut validation = Validation::new(Algorithm::RS256);
        // Time is checked below against the application clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        let claims = jsonwebtoken::decode::<Claims>(token, &key.decoding, &validation)
            .map_err(|_| invalid())?
            .claims;
        if now > claims.exp.saturating_add(LEEWAY_SECS) {
            return Err(Error::Unauthorized("Token expired".to_owned()));
        }
        if claims.iat > now.saturating_add(LEEWAY_SECS) {
            return Err(invalid());
        }
        if !issuer_matches(&claims.iss, project) {
            return Err(invalid());
        }
        let kind = TokenKind::from_drn(&claims.drn).ok_or_else(invalid)?;
        Ok((claims, kind))
    }
}

/// The `kid` a JWT's header names, read without verifying anything (to notice a key this process
/// has not loaded yet).
pub fn kid_of(token: &str) -> Option<String> {
    jsonwebtoken::decode_header(token).ok()?.kid
}

/// `iss` is the project id, or a URL whose last path segment is the project id.
fn issuer_matches(iss: &str, project: &ProjectId) -> bool {
    iss == project.as_str()
        || iss
            .strip_suffix(project.as_str())
            .is_some_and(|prefix| prefix.ends_with('/') && prefix.contains("://"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_is_the_project_or_a_url_ending_in_it() {
        let project = ProjectId::new("P1");
        assert!(issuer_matches("P1", &project));
        assert!(issuer_matches("https://api.example.com/v1/P1", &project));
        assert!(!issuer_matches("https://api.example.com/v1/XP1", &project));
        assert!(!issuer_matches("P2", &project));
        assert!(!issuer_matches("/P1", &project));
    }
}
