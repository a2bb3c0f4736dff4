//! Throttling of credential guessing: failed attempts per client address, and a lockout of one
//! login id (or access key id) after failures in a row.
//!
//! Only failures count, so a client that signs in often (a browser, a test suite) is never slowed.
//! Every credential check a caller can repeat (password sign-in and `password/replace`,
//! access-key exchange, management keys, invitation tokens) runs inside a [`Guard`]:
//!
//! - **Per client address**, in process: a keyed GCRA limiter (`governor`) is charged one cell
//!   per failure. When a failure finds the address's cells used up, the address is refused with
//!   429 until the limiter would grant a cell again, and refused requests are answered before any
//!   credential is checked. (governor cannot test a key without charging it, hence the small map
//!   of refusals next to it.) The address is [`ClientAddr`], which honours `--trusted-proxy`.
//! - **Per subject**, in the database so that every process on one PostgreSQL sees the same
//!   lock: `lockout_threshold` failures in a row, each within `lockout_secs` of the one before,
//!   lock the subject for `lockout_secs`; it then gets 429 even with the right password. An
//!   unknown login id locks exactly like a known one (nothing tells them apart), a success clears
//!   the count, and a lock belongs to the password it guarded: once the password changes (an
//!   admin sets or resets it, an invitation is accepted) the lock no longer holds.

use crate::auth::management_key;
use crate::clock::Clock;
pub use crate::db::throttle::Subject;
use crate::error::{Error, Result};
use crate::extract::ClientAddr;
use crate::state::AppState;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use tenantkit_wire::Secret;

/// The application clock as governor's time source, so tests move the limiter's time too.
#[derive(Debug, Clone)]
struct AppClock(Arc<dyn Clock>);

impl governor::clock::Clock for AppClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        let ms = u64::try_from(self.0.now_ms()).unwrap_or(0);
        Nanos::new(ms.saturating_mul(1_000_000))
    }
}

type AddressLimiter =
    RateLimiter<IpAddr, DashMapStateStore<IpAddr>, AppClock, NoOpMiddleware<Nanos>>;

/// The per-address half of the throttle, kept in the application state.
pub struct Throttle {
    /// `None`: failures per address are not limited.
    failures: Option<AddressLimiter>,
    /// Addresses refused until the given epoch milliseconds.
    refused_until: Mutex<HashMap<IpAddr, i64>>,
    clock: AppClock,
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Throttle")
            .field("limited", &self.failures.is_some())
            .finish_non_exhaustive()
    }
}

impl Throttle {
    /// A throttle allowing `failures_per_minute` failed checks per address (0: no limit).
    pub fn new(failures_per_minute: u32, clock: Arc<dyn Clock>) -> Self {
        let clock = AppClock(clock);
        let failures = NonZeroU32::new(failures_per_minute).map(|rate| {
            RateLimiter::new(
                Quota::per_minute(rate),
                DashMapStateStore::default(),
                clock.clone(),
            )
        });
        Self {
            failures,
            refused_until: Mutex::new(HashMap::new()),
            clock,
        }
    }

    /// 429 while `client` is refused.
    pub fn check_address(&self, client: ClientAddr) -> Result<()> {
        let now = self.clock.0.now_ms();
        let refused = self.refusals().get(&address_of(client)).copied();
        match refused {
            Some(until) if until > now => Err(Error::TooManyRequests {
                message: "Too many failed attempts from this address: try again later".to_owned(),
                retry_after_secs: seconds_until(now, until, 1000),
            }),
            _ => Ok(()),
        }
    }

    /// Charges a failed check to `client`; refuses the address when it has none left.
    pub fn address_failed(&self, client: ClientAddr) {
        let Some(limiter) = &self.failures else {
            return;
        };
        let address = address_of(client);
        if let Err(not_until) = limiter.check_key(&address) {
            let now = self.clock.0.now_ms();
            let wait = not_until.wait_time_from(governor::clock::Clock::now(&self.clock));
            let until = now.saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX));
            let mut refusals = self.refusals();
            refusals.retain(|_, refused_until| *refused_until > now);
            refusals.insert(address, until);
            limiter.retain_recent();
        }
    }

    fn refusals(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, i64>> {
        // The map holds plain numbers: a panic elsewhere cannot leave it inconsistent.
        self.refused_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// An unknown address (a server run without connection info) is throttled as one address.
fn address_of(client: ClientAddr) -> IpAddr {
    client.0.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// Whole seconds from `now` to `until` (both in `1/per_second` units), at least 1.
fn seconds_until(now: i64, until: i64, per_second: i64) -> u64 {
    let remaining = until.saturating_sub(now).max(1);
    u64::try_from((remaining + per_second - 1) / per_second)
        .unwrap_or(1)
        .max(1)
}

/// What a lock guards: a fingerprint of the stored password hash ('' for none), so that a new
/// password lifts the lock.
pub fn guarding(password_hash: Option<&str>) -> String {
    password_hash
        .map(|stored| management_key::hash(&Secret::new(stored)))
        .unwrap_or_default()
}

/// A credential check in progress: the address and the subject were not refused. Report the
/// outcome with [`Guard::failed`] or [`Guard::succeeded`].
#[derive(Debug)]
pub struct Guard<'a> {
    state: &'a AppState,
    client: ClientAddr,
    subject: Option<(Subject, String)>,
    had_failures: bool,
}

impl<'a> Guard<'a> {
    /// Starts a check from `client`, of `subject` (with what its lock guards, see [`guarding`])
    /// when the credential names one: 429 while the address is refused or the subject locked.
    pub async fn start(
        state: &'a AppState,
        client: ClientAddr,
        subject: Option<(Subject, String)>,
    ) -> Result<Self> {
        state.throttle().check_address(client)?;
        let subject = subject.filter(|_| state.settings().lockout_threshold > 0);
        let mut had_failures = false;
        if let Some((subject, guarding)) = &subject
            && let Some(record) = state.db().auth_failures(subject).await?
        {
            let now = state.now();
            if record.locked_until > now && &record.guarding == guarding {
                return Err(Error::TooManyRequests {
                    message: "Too many failed attempts with these credentials: try again later"
                        .to_owned(),
                    retry_after_secs: seconds_until(now, record.locked_until, 1),
                });
            }
            had_failures = true;
        }
        Ok(Self {
            state,
            client,
            subject,
            had_failures,
        })
    }

    /// The credential was wrong: charge the address and count a failure of the subject.
    pub async fn failed(self) -> Result<()> {
        self.state.throttle().address_failed(self.client);
        if let Some((subject, guarding)) = &self.subject {
            let settings = self.state.settings();
            self.state
                .db()
                .record_auth_failure(
                    subject,
                    guarding,
                    self.state.now(),
                    settings.lockout_threshold,
                    settings.lockout_secs,
                )
                .await?;
        }
        Ok(())
    }

    /// The credential was right: the subject's count starts over.
    pub async fn succeeded(self) -> Result<()> {
        match &self.subject {
            Some((subject, _)) if self.had_failures => {
                self.state.db().clear_auth_failures(subject).await
            }
            _ => Ok(()),
        }
    }

    /// Runs `check`, reporting a 401 (a wrong credential) as a failure and success as such.
    pub async fn run<T>(self, check: impl Future<Output = Result<T>>) -> Result<T> {
        let result = check.await;
        match &result {
            Ok(_) => self.succeeded().await?,
            Err(Error::Unauthorized(_)) => self.failed().await?,
            Err(_) => {}
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use tenantkit_wire::LoginId;

    #[test]
    fn failures_past_the_rate_refuse_the_address_until_a_cell_is_back() {
        let clock = Arc::new(ManualClock::new(1_000_000));
        let throttle = Throttle::new(3, clock.clone());
        let client = ClientAddr(Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))));
        let other = ClientAddr(Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2))));
        for _ in 0..4 {
            assert!(throttle.check_address(client).is_ok());
            throttle.address_failed(client);
        }
        let refused = throttle.check_address(client);
        assert!(
            matches!(
                refused,
                Err(Error::TooManyRequests {
                    retry_after_secs: 1..=20,
                    ..
                })
            ),
            "{refused:?}"
        );
        assert!(throttle.check_address(other).is_ok());
        clock.advance(20);
        assert!(throttle.check_address(client).is_ok());
    }

    #[test]
    fn subjects_of_login_ids_ignore_case() {
        assert_eq!(
            Subject::login_id(&LoginId::new("Ann@Example.com")),
            Subject::login_id(&LoginId::new("ann@example.com"))
        );
        assert_ne!(
            Subject::login_id(&LoginId::new("k1")),
            Subject::access_key("k1")
        );
        assert_eq!(guarding(None), "");
        assert_ne!(guarding(Some("$argon2id$a")), guarding(Some("$argon2id$b")));
    }
}
