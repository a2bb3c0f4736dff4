//! Seals secrets the server must be able to read back later (OIDC client secrets, the private
//! keys that sign session JWTs) with AES-256-GCM. The key is the SHA-256 of
//! `TENANTKIT_SECRET_KEY` when set (keep it out of the database: a stolen database dump then
//! holds no usable secret), otherwise a random key the server keeps in the database
//! (`server_secrets`), shared by every process on it.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use tenantkit_wire::Secret;

/// The format tag of sealed values.
const PREFIX: &str = "v1:";

/// The sealer of a server: the SHA-256 of `secret_key` when given, otherwise of the random key
/// kept in the database (created by whichever process needs it first).
pub async fn sealer(
    db: &crate::db::Db,
    secret_key: Option<&Secret>,
) -> crate::error::Result<Sealer> {
    Ok(match secret_key {
        Some(key) => Sealer::new(key.expose().as_bytes()),
        None => Sealer::new(db.sealing_key().await?.as_bytes()),
    })
}

/// Whether `stored` is a sealed value (rather than a cleartext one from before sealing).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

/// Seals and opens secrets with one key.
pub struct Sealer {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

impl Sealer {
    /// A sealer whose key is the SHA-256 of `material`.
    pub fn new(material: &[u8]) -> Self {
        let key = Sha256::digest(material);
        Self {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key)),
        }
    }

    /// `v1:` + base64 of nonce and ciphertext.
    pub fn seal(&self, secret: &Secret) -> crate::error::Result<String> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, secret.expose().as_bytes())
            .map_err(|_| crate::error::Error::Internal("sealing a secret failed".to_owned()))?;
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        Ok(format!("{PREFIX}{}", STANDARD.encode(bytes)))
    }

    /// The secret in `sealed`, or `None` when it was sealed with another key or altered.
    pub fn open(&self, sealed: &str) -> Option<Secret> {
        let bytes = STANDARD.decode(sealed.strip_prefix(PREFIX)?).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .ok()?;
        String::from_utf8(plain).ok().map(Secret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key() {
        let sealer = Sealer::new(b"one key");
        let sealed = sealer
            .seal(&Secret::new("client-secret".to_owned()))
            .unwrap_or_default();
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("client-secret"));
        assert_eq!(
            sealer.open(&sealed).map(|s| s.expose().to_owned()),
            Some("client-secret".to_owned())
        );
        assert!(Sealer::new(b"another key").open(&sealed).is_none());
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(sealer.open(&tampered).is_none());
    }
}
