//! Management keys (and other one-time secrets such as invitation links): 256-bit random
//! secrets, shown once and stored as their SHA-256.
//!
//! A slow password hash would add nothing here: the key is high-entropy, so a fast hash cannot
//! be brute-forced, and it lets the server find the key by its hash in one indexed lookup.

use crate::db::new_id;
use crate::db::project::NewManagementKey;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt::Write;
use tenantkit_wire::Secret;

/// 256 random bits, base64url: management keys and one-time links (invitations).
pub fn random_secret() -> Secret {
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::new(URL_SAFE_NO_PAD.encode(bytes))
}

/// A fresh secret that names its record, `<prefix>_<id>_<random>` (access keys `tk`, SCIM tokens
/// `scim`): the id is not secret and says which one was used or leaked. Returns the cleartext to
/// show once and its hash to store.
pub fn named_secret(prefix: &str, id: &str) -> (Secret, String) {
    let cleartext = Secret::new(format!("{prefix}_{id}_{}", random_secret().expose()));
    let hash = hash(&cleartext);
    (cleartext, hash)
}

/// A fresh key: the cleartext to show once and the row to store.
pub fn generate(name: &str) -> (Secret, NewManagementKey) {
    let cleartext = random_secret();
    let stored = NewManagementKey {
        id: new_id('K'),
        name: name.to_owned(),
        key_hash: hash(&cleartext),
    };
    (cleartext, stored)
}

/// SHA-256 of the cleartext, lowercase hex.
pub fn hash(cleartext: &Secret) -> String {
    let digest = Sha256::digest(cleartext.expose().as_bytes());
    digest
        .iter()
        .fold(String::with_capacity(64), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_and_stored_hashed() {
        let (first, stored) = generate("ci");
        let (second, _) = generate("ci");
        assert_ne!(first, second);
        assert_eq!(first.expose().len(), 43);
        assert_eq!(stored.key_hash, hash(&first));
        assert_eq!(stored.key_hash.len(), 64);
        assert!(!stored.key_hash.contains(first.expose()));
    }
}
