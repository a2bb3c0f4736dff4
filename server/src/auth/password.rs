//! Password hashing with argon2id (the `argon2` crate's default parameters), run on the blocking
//! thread pool so a sign-in does not stall other requests.

use crate::error::{Error, Result};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::OnceLock;
use tenantkit_wire::Secret;

/// Hashes a password into a PHC string (`$argon2id$v=19$...`).
pub fn hash(password: &Secret) -> Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(Error::internal)
}

/// [`hash`] on the blocking thread pool.
pub async fn hash_blocking(password: Secret) -> Result<String> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(Error::internal)?
}

/// Checks a password against a stored PHC string. With no stored hash (unknown user, user
/// without a password) it still spends the time of one verification, so the answer time does
/// not tell whether a login id exists.
pub fn verify(password: &Secret, stored: Option<&str>) -> bool {
    let (phc, known) = match stored {
        Some(stored) => (stored, true),
        None => (dummy_hash(), false),
    };
    let matches = PasswordHash::new(phc)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.expose().as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    matches && known
}

/// [`verify`] on the blocking thread pool.
pub async fn verify_blocking(password: Secret, stored: Option<String>) -> Result<bool> {
    tokio::task::spawn_blocking(move || verify(&password, stored.as_deref()))
        .await
        .map_err(Error::internal)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash(&Secret::new("tenantkit-timing-equaliser")).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_reject() -> Result<()> {
        let stored = hash(&Secret::new("correct horse"))?;
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify(&Secret::new("correct horse"), Some(&stored)));
        assert!(!verify(&Secret::new("wrong"), Some(&stored)));
        assert!(!verify(&Secret::new("tenantkit-timing-equaliser"), None));
        Ok(())
    }
}
