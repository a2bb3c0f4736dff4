//! Session and refresh JWTs: the project's RS256 key ring, signing, verification and the public
//! JWKs.
//!
//! Verification trusts nothing in the token before the signature checks out: only RS256 is
//! accepted, the key is chosen by `kid` among the project's keys, and expiry is checked against
//! the application [`Clock`](crate::clock::Clock) (passed in as `now`), not the system time.
//!
//! A widget sends the same session token with every call, and checking its RS256 signature is
//! the costliest step of a request's authentication. So the ring remembers the tokens whose
//! signature and claims it has checked ([`Verified`]), by their SHA-256, until they expire; the
//! times are checked on every call, and replacing the keys forgets them all. What a token
//! stands for (its session, the user's status and roles) is read from the database on every
//! request as before: only the verification of the bytes is remembered.

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
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
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

/// Most tokens [`Verified`] remembers; when full it starts again empty. Each entry is a token's
/// claims (well under a kilobyte), so the memory stays bounded whatever the callers send.
const VERIFIED_CAPACITY: usize = 10_000;

/// Tokens whose signature, issuer and kind checked out with the current keys, by the SHA-256 of
/// the project and the token, with their claims. Only valid tokens enter; an entry leaves when found expired,
/// when the map is full, or when the keys are replaced.
#[derive(Default)]
struct Verified {
    tokens: Mutex<HashMap<[u8; 32], (Claims, TokenKind)>>,
}

impl Verified {
    /// The key of `token` verified for `project` (its issuer is checked against it).
    fn digest(token: &str, project: &ProjectId) -> [u8; 32] {
        Sha256::new()
            .chain_update(project.as_str().as_bytes())
            .chain_update([0])
            .chain_update(token.as_bytes())
            .finalize()
            .into()
    }

    fn get(&self, digest: &[u8; 32]) -> Option<(Claims, TokenKind)> {
        self.lock().get(digest).cloned()
    }

    fn insert(&self, digest: [u8; 32], verified: (Claims, TokenKind)) {
        let mut tokens = self.lock();
        if tokens.len() >= VERIFIED_CAPACITY {
            tokens.clear();
        }
        tokens.insert(digest, verified);
    }

    fn remove(&self, digest: &[u8; 32]) {
        self.lock().remove(digest);
    }

    fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], (Claims, TokenKind)>> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The project's signing keys, loaded from the database. The newest key signs; every key
/// verifies tokens carrying its `kid`. A running server replaces the ring when the database has
/// new keys (a rotation by another process, see [`crate::state::AppState::reload_keys`]).
pub struct KeyRing {
    keys: RwLock<Arc<Vec<RingKey>>>,
    verified: Verified,
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
            verified: Verified::default(),
        })
    }

    /// Replaces the keys with `stored` (newest first); on failure the ring stays as it was.
    /// Tokens verified so far are verified again: a key may have left the ring.
    pub fn replace(&self, stored: &[StoredSigningKey]) -> Result<()> {
        let keys = Arc::new(parse(stored)?);
        *self.keys.write().unwrap_or_else(PoisonError::into_inner) = keys;
        self.verified.clear();
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
    /// with a message that says what was wrong with the token, never which key it tried. A
    /// token verified before is found by its digest; its times are checked again against `now`.
    pub fn verify(
        &self,
        token: &str,
        project: &ProjectId,
        now: i64,
    ) -> Result<(Claims, TokenKind)> {
        let digest = Verified::digest(token, project);
        if let Some((claims, kind)) = self.verified.get(&digest) {
            return match check_times(&claims, now) {
                Ok(()) => Ok((claims, kind)),
                Err(error) => {
                    self.verified.remove(&digest);
                    Err(error)
                }
            };
        }
        let verified = self.verify_signed(token, project)?;
        check_times(&verified.0, now)?;
        self.verified.insert(digest, verified.clone());
        Ok(verified)
    }

    /// What [`KeyRing::verify`] checks apart from the times: the signature, the issuer and the
    /// kind of token.
    fn verify_signed(&self, token: &str, project: &ProjectId) -> Result<(Claims, TokenKind)> {
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
        if !issuer_matches(&claims.iss, project) {
            return Err(invalid());
        }
        let kind = TokenKind::from_drn(&claims.drn).ok_or_else(invalid)?;
        Ok((claims, kind))
    }
}

/// A token is used between its issue and its expiry, with [`LEEWAY_SECS`] either side.
fn check_times(claims: &Claims, now: i64) -> Result<()> {
    if now > claims.exp.saturating_add(LEEWAY_SECS) {
        return Err(Error::Unauthorized("Token expired".to_owned()));
    }
    if claims.iat > now.saturating_add(LEEWAY_SECS) {
        return Err(Error::Unauthorized("Invalid token".to_owned()));
    }
    Ok(())
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

    /// A remembered token is still refused once it expires, and after a rotation that drops its
    /// key.
    #[test]
    fn a_verified_token_is_remembered_only_while_it_stands() -> Result<()> {
        let project = ProjectId::new("P1");
        let now = 1_700_000_000;
        let ring = KeyRing::from_stored(&[generate_signing_key(now)?])?;
        let claims = Claims {
            iss: "P1".to_owned(),
            sub: "U1".to_owned(),
            iat: now,
            exp: now + 60,
            drn: DRN_SESSION.to_owned(),
            ..Claims::default()
        };
        let token = ring.sign(&claims)?;
        for _ in 0..2 {
            let (verified, kind) = ring.verify(token.expose(), &project, now)?;
            assert_eq!((verified.sub.as_str(), kind), ("U1", TokenKind::Session));
        }
        let expired = ring.verify(token.expose(), &project, now + 60 + LEEWAY_SECS + 1);
        assert!(matches!(expired, Err(Error::Unauthorized(message)) if message == "Token expired"));
        let elsewhere = ring.verify(token.expose(), &ProjectId::new("P2"), now);
        assert!(
            matches!(elsewhere, Err(Error::Unauthorized(message)) if message == "Invalid token")
        );

        ring.replace(&[generate_signing_key(now)?])?;
        let rotated = ring.verify(token.expose(), &project, now);
        assert!(matches!(rotated, Err(Error::Unauthorized(message)) if message == "Invalid token"));
        Ok(())
    }
}
