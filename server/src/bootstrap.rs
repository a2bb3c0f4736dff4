//! Creating the project on first start, and the project-level commands of the command line.
//!
//! The first process to start on an empty database creates the project: its id, an RS256
//! signing key and an initial management key. Several processes may start at once on one
//! PostgreSQL database: each prepares candidate rows, exactly one insert wins (insert-if-absent
//! on a singleton row, in one transaction with the key), and everyone reads the winner back.
//!
//! Signing keys are sealed at rest ([`crate::secrets`]): with the secret key when the server has
//! one, otherwise with the random key kept in the database. [`open_signing_keys`] seals rows
//! stored in cleartext by earlier versions, and moves rows sealed with the database's key to
//! the secret key once one is configured. [`rotate_signing_key`] and [`reseal`] are the
//! rotations of the command line.

use crate::auth::{management_key, token};
use crate::clock::Clock;
use crate::db::project::StoredSigningKey;
use crate::db::{Db, new_id};
use crate::error::{Error, Result};
use crate::secrets::{self, Sealer};
use tenantkit_wire::{ProjectId, Secret};

/// The project as found or created by [`init`].
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The project id (`P` + 27 alphanumerics).
    pub id: ProjectId,
    /// The cleartext of the initial management key, only when this call created the project:
    /// show it once, it is stored as a hash.
    pub initial_management_key: Option<Secret>,
}

/// Creates the project if the database has none; idempotent and race-safe.
pub async fn init(db: &Db, clock: &dyn Clock) -> Result<Project> {
    if let Some(project) = existing(db).await? {
        return Ok(project);
    }
    let signing_key = new_signing_key(clock.now()).await?;
    init_with_signing_key(db, clock, signing_key).await
}

/// [`init`] with a signing key made beforehand (`token::generate_signing_key`, in cleartext):
/// making one takes a good part of a second, which the server's tests, each on a new database,
/// pay once.
pub async fn init_with_signing_key(
    db: &Db,
    clock: &dyn Clock,
    signing_key: StoredSigningKey,
) -> Result<Project> {
    if let Some(project) = existing(db).await? {
        return Ok(project);
    }
    let now = clock.now();
    let signing_key = sealed(&secrets::sealer(db, None).await?, signing_key)?;
    let (cleartext, management_key) = management_key::generate("initial");
    let candidate = ProjectId::new(new_id('P'));
    let created = db
        .create_project_if_absent(&candidate, now, &signing_key, &management_key)
        .await?;
    let id = db
        .project_id()
        .await?
        .ok_or_else(|| Error::Internal("the project vanished after creation".to_owned()))?;
    Ok(Project {
        id,
        initial_management_key: created.then_some(cleartext),
    })
}

/// The project of a database that has one, with no management key to show.
async fn existing(db: &Db) -> Result<Option<Project>> {
    Ok(db.project_id().await?.map(|id| Project {
        id,
        initial_management_key: None,
    }))
}

/// Creates a management key (initialising the project if needed) and returns its cleartext,
/// which exists nowhere else.
pub async fn create_management_key(db: &Db, clock: &dyn Clock, name: &str) -> Result<Secret> {
    init(db, clock).await?;
    let (cleartext, stored) = management_key::generate(name);
    db.insert_management_key(&stored, clock.now()).await?;
    Ok(cleartext)
}

/// A new signing key in cleartext, made off the async threads.
async fn new_signing_key(now: i64) -> Result<StoredSigningKey> {
    tokio::task::spawn_blocking(move || token::generate_signing_key(now))
        .await
        .map_err(Error::internal)?
}

/// `key` sealed with `sealer` for storage.
fn sealed(sealer: &Sealer, mut key: StoredSigningKey) -> Result<StoredSigningKey> {
    key.private_pem = sealer.seal(&Secret::new(std::mem::take(&mut key.private_pem)))?;
    Ok(key)
}

/// The project's signing keys, opened (newest first), for a server with this `secret_key`.
/// Rows not yet sealed with the server's key are resealed on the way: cleartext ones (from
/// before sealing) and, when a secret key is configured, ones sealed with the database's key.
pub async fn open_signing_keys(
    db: &Db,
    secret_key: Option<&Secret>,
) -> Result<Vec<StoredSigningKey>> {
    let sealer = secrets::sealer(db, secret_key).await?;
    let database_sealer = match secret_key {
        Some(_) => Some(secrets::sealer(db, None).await?),
        None => None,
    };
    let mut opened = Vec::new();
    for stored in db.signing_keys().await? {
        let text = stored.private_pem.as_str();
        let (pem, reseal) = if !secrets::is_sealed(text) {
            (Secret::new(text), true)
        } else if let Some(pem) = sealer.open(text) {
            (pem, false)
        } else if let Some(pem) = database_sealer.as_ref().and_then(|key| key.open(text)) {
            (pem, true)
        } else {
            return Err(sealed_elsewhere("signing key", &stored.kid));
        };
        if reseal {
            db.reseal_signing_key(&stored.kid, text, &sealer.seal(&pem)?)
                .await?;
        }
        opened.push(StoredSigningKey {
            private_pem: pem.expose().to_owned(),
            ..stored
        });
    }
    Ok(opened)
}

fn sealed_elsewhere(what: &str, id: &str) -> Error {
    Error::InvalidArguments(format!(
        "The {what} {id} is sealed with another secret key: give the secret key it was sealed \
         with (or run `tenantkit-server reseal --old-secret-key <it> --secret-key <new>`)"
    ))
}

/// Adds a new signing key, which every server on the database signs with once it has reloaded
/// its keys (at most a minute), and retires the keys replaced more than `retire_after_secs`
/// ago (set it to the longest token lifetime of any server: `--refresh-ttl-secs`), so the tokens
/// they signed verify until they expire. Returns the new kid and the retired ones.
pub async fn rotate_signing_key(
    db: &Db,
    clock: &dyn Clock,
    secret_key: Option<&Secret>,
    retire_after_secs: i64,
) -> Result<(String, Vec<String>)> {
    init(db, clock).await?;
    // Fails unless `secret_key` opens the current keys: a rotation never mixes two sealing keys.
    open_signing_keys(db, secret_key).await?;
    let now = clock.now();
    // Strictly newer than every existing key, so it is the one that signs.
    let newest = db
        .signing_keys()
        .await?
        .first()
        .map_or(now, |key| key.created);
    let key = sealed(
        &secrets::sealer(db, secret_key).await?,
        new_signing_key(now.max(newest + 1)).await?,
    )?;
    db.insert_signing_key(&key).await?;
    let retired = db
        .retire_signing_keys(now.saturating_sub(retire_after_secs))
        .await?;
    Ok((key.kid, retired))
}

/// A value [`reseal`] seals anew, by where it is stored.
enum SealedValue {
    /// A signing key, by kid.
    SigningKey(String),
    /// An OIDC client secret, by tenant and SSO configuration id.
    ClientSecret(String, String),
}

/// Reseals every sealed value (signing keys, OIDC client secrets) from `old` to `new` (`None`:
/// the random key kept in the database). Values already sealed with `new` (a server started
/// with it has moved its signing keys on its own) stay as they are. Everything is opened first:
/// when one value opens with neither key, nothing is changed. Returns how many values were
/// resealed.
pub async fn reseal(db: &Db, old: Option<&Secret>, new: Option<&Secret>) -> Result<usize> {
    let old_sealer = secrets::sealer(db, old).await?;
    let new_sealer = secrets::sealer(db, new).await?;
    // `None`: sealed with the new key already.
    let open = |text: &str, what: &str, id: &str| -> Result<Option<Secret>> {
        if !secrets::is_sealed(text) {
            Ok(Some(Secret::new(text)))
        } else if let Some(open) = old_sealer.open(text) {
            Ok(Some(open))
        } else if new_sealer.open(text).is_some() {
            Ok(None)
        } else {
            Err(sealed_elsewhere(what, id))
        }
    };
    let mut to_reseal: Vec<(SealedValue, String, Secret)> = Vec::new();
    for key in db.signing_keys().await? {
        if let Some(pem) = open(&key.private_pem, "signing key", &key.kid)? {
            to_reseal.push((SealedValue::SigningKey(key.kid), key.private_pem, pem));
        }
    }
    for (tenant, sso_id, sealed) in db.sealed_client_secrets().await? {
        let id = format!("{tenant}/{sso_id}");
        if let Some(secret) = open(&sealed, "OIDC client secret of", &id)? {
            to_reseal.push((SealedValue::ClientSecret(tenant, sso_id), sealed, secret));
        }
    }
    let mut resealed = 0;
    for (value, stored, open) in &to_reseal {
        let text = new_sealer.seal(open)?;
        let changed = match value {
            SealedValue::SigningKey(kid) => db.reseal_signing_key(kid, stored, &text).await?,
            SealedValue::ClientSecret(tenant, sso_id) => {
                db.reseal_client_secret((tenant, sso_id), stored, &text)
                    .await?
            }
        };
        resealed += usize::from(changed);
    }
    Ok(resealed)
}
