//! Password hashing with argon2id (the `argon2` crate's default parameters), off the async
//! threads so a sign-in does not stall other requests.
//!
//! One argon2id hash holds 19 MiB while it runs. Request handlers hash through [`Hashing`]: a
//! fixed set of hashing threads (as many as the server has cores) and a bounded number of checks
//! waiting their turn, so 64 sign-ins at once cost a few hashes' memory instead of 64; past the
//! queue the caller gets a 429 with `Retry-After`. The threads are fixed rather than tokio's
//! blocking pool because the allocator keeps a freed hash's memory in the arena of the thread
//! that ran it: on a pool that grows a thread per waiting task, the memory grew with it. The
//! free functions are for trusted callers (the seed, tests).

use crate::error::{Error, Result};
use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, mpsc};
use tenantkit_wire::Secret;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

/// A hash to run on a hashing thread.
type Job = Box<dyn FnOnce() + Send>;

/// The gate of password hashing: `concurrent` hashing threads, at most `queue` checks waiting.
/// The threads end when this is dropped.
#[derive(Debug)]
pub struct Hashing {
    slots: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
    jobs: mpsc::Sender<Job>,
}

/// A slot to hash one password in; the slot frees when this is dropped.
#[derive(Debug)]
pub struct HashSlot {
    _permit: OwnedSemaphorePermit,
}

/// Leaves the queue when dropped, whether the wait ended or was abandoned (client gone).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Hashing {
    /// A gate for `concurrent` hashes at once (at least one) and `queue` more waiting.
    pub fn new(concurrent: usize, queue: usize) -> Self {
        let concurrent = concurrent.max(1);
        let (jobs, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..concurrent {
            let receiver = receiver.clone();
            let started = std::thread::Builder::new()
                .name(format!("tk-hash-{n}"))
                .spawn(move || hashing_thread(&receiver));
            if let Err(error) = started {
                tracing::warn!(%error, "cannot start a password hashing thread");
            }
        }
        Self {
            slots: Arc::new(Semaphore::new(concurrent)),
            waiting: AtomicUsize::new(0),
            queue,
            jobs,
        }
    }

    /// A free slot, after waiting in the queue if need be; 429 when the queue is full.
    pub async fn slot(&self) -> Result<HashSlot> {
        if let Ok(permit) = self.slots.clone().try_acquire_owned() {
            return Ok(HashSlot { _permit: permit });
        }
        self.waiting
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |waiting| {
                (waiting < self.queue).then_some(waiting + 1)
            })
            .map_err(|_| Error::TooManyRequests {
                message: "The server is busy checking other passwords: try again in a moment"
                    .to_owned(),
                retry_after_secs: 1,
            })?;
        let _waiting = Waiting(&self.waiting);
        let permit = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(Error::internal)?;
        Ok(HashSlot { _permit: permit })
    }

    /// [`hash`] in a slot, on a hashing thread.
    pub async fn hash(&self, password: Secret) -> Result<String> {
        self.run(move || hash(&password)).await?
    }

    /// [`verify`] in a slot, on a hashing thread.
    pub async fn verify(&self, password: Secret, stored: Option<String>) -> Result<bool> {
        self.run(move || verify(&password, stored.as_deref())).await
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let _slot = self.slot().await?;
        let (done, result) = oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = done.send(work());
            }))
            .map_err(|_| Error::Internal("no password hashing thread is running".to_owned()))?;
        result
            .await
            .map_err(|_| Error::Internal("a password hash failed".to_owned()))
    }
}

/// Runs jobs until the [`Hashing`] that feeds them is dropped. A job that panics is dropped (its
/// caller gets an internal error); the thread goes on.
fn hashing_thread(jobs: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = job else { return };
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    }
}

/// Hashes a password into a PHC string (`$argon2id$v=19$...`).
pub fn hash(password: &Secret) -> Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let params = Params::default();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let phc = argon2_output(&argon2, password, salt.as_salt()).and_then(|output| {
        Ok(PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params)?,
            salt: Some(salt.as_salt()),
            hash: Some(output),
        }
        .to_string())
    });
    phc.map_err(Error::internal)
}

/// [`hash`] on the blocking thread pool, outside the [`Hashing`] gate: for trusted callers.
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
    let matches = PasswordHash::new(phc).is_ok_and(|stored| {
        let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
            return false;
        };
        let argon2 = (
            Algorithm::try_from(stored.algorithm),
            Version::try_from(stored.version.unwrap_or(0x13)),
            Params::try_from(&stored),
        );
        let (Ok(algorithm), Ok(version), Ok(params)) = argon2 else {
            return false;
        };
        let argon2 = Argon2::new(algorithm, version, params);
        // `Output` compares in constant time.
        argon2_output(&argon2, password, salt).is_ok_and(|computed| computed == expected)
    });
    matches && known
}

thread_local! {
    /// The working memory of argon2 on this thread (19 MiB with the default parameters),
    /// allocated on the first hash and reused by the next ones: a fresh allocation per hash left
    /// the allocator holding several freed ones per thread (about 100 MiB a hashing thread).
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// The argon2 output for `password` and `salt`, computed in this thread's reused [`MEMORY`].
fn argon2_output(
    argon2: &Argon2<'_>,
    password: &Secret,
    salt: Salt<'_>,
) -> argon2::password_hash::Result<Output> {
    let mut salt_bytes = [0_u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
    let params = argon2.params();
    let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    MEMORY.with_borrow_mut(|memory| {
        let blocks = params.block_count();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        Output::init_with(output_len, |out| {
            argon2
                .hash_password_into_with_memory(
                    password.expose().as_bytes(),
                    salt_bytes,
                    out,
                    &mut memory[..blocks],
                )
                .map_err(Into::into)
        })
    })
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

    #[test]
    fn hashes_of_the_argon2_crates_own_api_verify_and_the_other_way_round() -> Result<()> {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let theirs = Argon2::default()
            .hash_password(b"correct horse", &salt)
            .map_err(Error::internal)?
            .to_string();
        assert!(verify(&Secret::new("correct horse"), Some(&theirs)));
        assert!(!verify(&Secret::new("wrong"), Some(&theirs)));
        let ours = hash(&Secret::new("correct horse"))?;
        let parsed = PasswordHash::new(&ours).map_err(Error::internal)?;
        assert!(
            Argon2::default()
                .verify_password(b"correct horse", &parsed)
                .is_ok()
        );
        Ok(())
    }

    #[tokio::test]
    async fn a_full_queue_is_refused_until_a_slot_frees() -> Result<()> {
        let hashing = Hashing::new(1, 0);
        let held = hashing.slot().await?;
        assert!(matches!(
            hashing.slot().await,
            Err(Error::TooManyRequests { .. })
        ));
        drop(held);
        assert!(hashing.verify(Secret::new("x"), None).await.is_ok());
        Ok(())
    }
}
