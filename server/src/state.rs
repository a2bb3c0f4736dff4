//! The application state every handler receives: the database, the clock, the project and its
//! key ring, the settings, and the throttle and hashing gate of credential checks.

use crate::auth::password::Hashing;
use crate::auth::throttle::Throttle;
use crate::auth::token::KeyRing;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::mail::Mailer;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use tenantkit_wire::ProjectId;

/// The shortest time between two reloads of the signing keys caused by unknown `kid`s, seconds.
pub const UNKNOWN_KID_RELOAD_SECS: i64 = 10;

/// Settings of a running server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Lifetime of session JWTs, seconds.
    pub session_ttl_secs: i64,
    /// Lifetime of refresh JWTs, seconds.
    pub refresh_ttl_secs: i64,
    /// Origins allowed to call from a browser (CORS), exactly as the browser sends them.
    pub allowed_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (exact addresses). A request from any
    /// other peer is attributed to the peer itself.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The server's URL as a browser reaches it, for links in emails (no trailing slash).
    pub public_url: String,
    /// Lifetime of an invitation link, seconds.
    pub invite_ttl_secs: i64,
    /// Serve the in-memory outbox at `GET /tk/dev/outbox` (development only).
    pub dev_outbox: bool,
    /// Development and tests only: allow `http://` IdP URLs on loopback, and fetch IdP metadata
    /// and OIDC discovery documents from loopback and private addresses.
    pub sso_allow_private_fetch: bool,
    /// The DNS server that checks domain-verification records; `None`: the system's.
    pub dns_resolver: Option<std::net::SocketAddr>,
    /// Key material that seals OIDC client secrets; `None`: a random key kept in the database.
    pub secret_key: Option<tenantkit_wire::Secret>,
    /// Failed credential checks allowed per client address and minute, all kinds together
    /// (0: no limit). See [`crate::auth::throttle`].
    pub auth_failures_per_minute: u32,
    /// Failures in a row that lock a login id or access key id (0: never locked).
    pub lockout_threshold: u32,
    /// How long a lock lasts, in seconds; also how long a failure counts towards one.
    pub lockout_secs: i64,
    /// Passwords hashed at once (each argon2id hash holds 19 MiB while it runs).
    pub max_concurrent_hashes: usize,
    /// Password checks that may wait for a hashing slot; past that the server answers 429.
    pub hash_queue: usize,
    /// The elements package (`js/` and `pkg/`) the SSO setup page loads, served under
    /// `/tk/elements/`; `None`: not served (the page says so).
    pub elements_dir: Option<std::path::PathBuf>,
    /// This process runs background jobs (imports, bulk actions); `false` leaves them to
    /// another process on the same database (and lets tests stop a job mid-way).
    pub run_jobs: bool,
    /// Rows (or users) a job handles per batch, between two records of its progress.
    pub job_batch_rows: usize,
}

/// The elements package of this source tree (`bindings/`), when it has been built
/// (`cargo xtask build-wasm`): the default of [`Settings::elements_dir`].
pub fn built_elements_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../bindings");
    dir.join("pkg/tenantkit_bg.wasm").is_file().then_some(dir)
}

/// The number of cores: the default of [`Settings::max_concurrent_hashes`].
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            session_ttl_secs: 600,
            refresh_ttl_secs: 30 * 24 * 3600,
            allowed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            public_url: "http://127.0.0.1:8080".to_owned(),
            invite_ttl_secs: 7 * 24 * 3600,
            dev_outbox: false,
            sso_allow_private_fetch: false,
            dns_resolver: None,
            secret_key: None,
            auth_failures_per_minute: 30,
            lockout_threshold: 10,
            lockout_secs: 15 * 60,
            max_concurrent_hashes: cores(),
            hash_queue: 128,
            elements_dir: built_elements_dir(),
            run_jobs: true,
            job_batch_rows: 500,
        }
    }
}

#[derive(Debug)]
struct Inner {
    db: Db,
    clock: Arc<dyn Clock>,
    project_id: ProjectId,
    keys: KeyRing,
    /// When a token with an unknown `kid` last made this process reload its keys (app clock).
    keys_reloaded_for_unknown_kid: AtomicI64,
    settings: Settings,
    mailer: Mailer,
    throttle: Throttle,
    hashing: Hashing,
}

/// Shared, cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    /// Loads the project and its signing keys, with mail going to the in-memory outbox. The
    /// project must exist: run [`crate::bootstrap::init`] first.
    pub async fn open(db: Db, clock: Arc<dyn Clock>, settings: Settings) -> Result<Self> {
        Self::open_with_mailer(db, clock, settings, Mailer::outbox()).await
    }

    /// [`AppState::open`] with the given mailer.
    pub async fn open_with_mailer(
        db: Db,
        clock: Arc<dyn Clock>,
        settings: Settings,
        mailer: Mailer,
    ) -> Result<Self> {
        let project_id = db
            .project_id()
            .await?
            .ok_or_else(|| Error::Internal("the project is not initialised".to_owned()))?;
        let keys = KeyRing::from_stored(
            &crate::bootstrap::open_signing_keys(&db, settings.secret_key.as_ref()).await?,
        )?;
        let throttle = Throttle::new(settings.auth_failures_per_minute, clock.clone());
        let hashing = Hashing::new(settings.max_concurrent_hashes, settings.hash_queue);
        Ok(Self(Arc::new(Inner {
            db,
            clock,
            project_id,
            keys,
            keys_reloaded_for_unknown_kid: AtomicI64::new(i64::MIN),
            settings,
            mailer,
            throttle,
            hashing,
        })))
    }

    /// The database.
    pub fn db(&self) -> &Db {
        &self.0.db
    }

    /// Now, from the application clock.
    pub fn now(&self) -> i64 {
        self.0.clock.now()
    }

    /// Now in epoch milliseconds, from the application clock.
    pub fn now_ms(&self) -> i64 {
        self.0.clock.now_ms()
    }

    /// The project this server serves.
    pub fn project_id(&self) -> &ProjectId {
        &self.0.project_id
    }

    /// The signing keys.
    pub fn keys(&self) -> &KeyRing {
        &self.0.keys
    }

    /// Reloads the signing keys from the database: a key another process added (a rotation)
    /// signs from now on, a retired one no longer verifies. On failure the keys stay as they were.
    pub async fn reload_keys(&self) -> Result<()> {
        let stored =
            crate::bootstrap::open_signing_keys(self.db(), self.settings().secret_key.as_ref())
                .await?;
        self.keys().replace(&stored)
    }

    /// Reloads the signing keys when a token names a `kid` this process does not know (a
    /// rotation by another process on the same database), at most once per
    /// [`UNKNOWN_KID_RELOAD_SECS`], so tokens with made-up kids cannot make it query the
    /// database on every request.
    pub async fn reload_keys_for(&self, kid: &str) {
        if self.keys().knows(kid) {
            return;
        }
        let now = self.now();
        let last = self.0.keys_reloaded_for_unknown_kid.load(Ordering::Relaxed);
        if now.saturating_sub(last) < UNKNOWN_KID_RELOAD_SECS
            || self
                .0
                .keys_reloaded_for_unknown_kid
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        if let Err(error) = self.reload_keys().await {
            tracing::warn!(%error, "reloading the signing keys failed");
        }
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.0.settings
    }

    /// Where email goes.
    pub fn mailer(&self) -> &Mailer {
        &self.0.mailer
    }

    /// The per-address throttle of failed credential checks.
    pub fn throttle(&self) -> &Throttle {
        &self.0.throttle
    }

    /// The gate every password hash of a request goes through.
    pub fn hashing(&self) -> &Hashing {
        &self.0.hashing
    }
}
