//! Failed credential checks per subject: the count and lock behind the lockout of sign-ins and
//! access key exchanges (`auth::throttle`), kept here so that every process on one database sees
//! the same lock.

use super::Db;
use crate::error::Result;
use sqlx::Row;
use tenantkit_wire::LoginId;

/// What a lockout is keyed by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject(String);

impl Subject {
    /// A login id, as sign-in matches it (without regard to case).
    pub fn login_id(login_id: &LoginId) -> Self {
        Self(format!("login:{}", login_id.as_str().to_lowercase()))
    }

    /// The one-time codes of a login id (test users' OTP): apart from its password, so
    /// guessing one locks neither out of the other.
    pub fn one_time_code(login_id: &LoginId) -> Self {
        Self(format!("code:{}", login_id.as_str().to_lowercase()))
    }

    /// An access key id (the `<id>` of a `tk_<id>_<secret>` cleartext).
    pub fn access_key(key_id: &str) -> Self {
        Self(format!("accesskey:{key_id}"))
    }

    /// The key stored in the database.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The failures of one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureRecord {
    /// Failures in a row.
    pub failures: i64,
    /// When the subject is locked until (epoch seconds); 0 or past: not locked.
    pub locked_until: i64,
    /// The fingerprint of the password the failures were against.
    pub guarding: String,
}

impl Db {
    /// The failures recorded for `subject`, if any.
    pub async fn auth_failures(&self, subject: &Subject) -> Result<Option<FailureRecord>> {
        let row = sqlx::query(
            "SELECT failures, locked_until, guarding FROM auth_failures WHERE subject = $1",
        )
        .bind(subject.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(FailureRecord {
            failures: row.try_get("failures")?,
            locked_until: row.try_get("locked_until")?,
            guarding: row.try_get("guarding")?,
        }))
    }

    /// Counts one more failure of `subject` at `now`; the `threshold`th in a row (each within
    /// `lock_secs` of the one before, against the same password) locks it for `lock_secs`. A
    /// count whose lock has been served, or that is older than that, starts over.
    pub async fn record_auth_failure(
        &self,
        subject: &Subject,
        guarding: &str,
        now: i64,
        threshold: u32,
        lock_secs: i64,
    ) -> Result<()> {
        let stale = now.saturating_sub(lock_secs);
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE auth_failures SET failures = 0, locked_until = 0 WHERE subject = $1 \
             AND (guarding <> $2 OR last_failure <= $3 OR (locked_until > 0 AND locked_until <= $4))",
        )
        .bind(subject.as_str())
        .bind(guarding)
        .bind(stale)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        // One statement that adds one: concurrent failures (other processes) all count.
        sqlx::query(
            "INSERT INTO auth_failures (subject, failures, last_failure, locked_until, guarding) \
             VALUES ($1, 1, $2, 0, $3) ON CONFLICT (subject) DO UPDATE \
             SET failures = auth_failures.failures + 1, last_failure = $2, guarding = $3",
        )
        .bind(subject.as_str())
        .bind(now)
        .bind(guarding)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE auth_failures SET locked_until = $1 WHERE subject = $2 AND failures >= $3",
        )
        .bind(now.saturating_add(lock_secs))
        .bind(subject.as_str())
        .bind(i64::from(threshold))
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM auth_failures WHERE last_failure <= $1 AND locked_until <= $2")
            .bind(stale)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Forgets the failures of `subject` (it just proved its credential).
    pub async fn clear_auth_failures(&self, subject: &Subject) -> Result<()> {
        sqlx::query("DELETE FROM auth_failures WHERE subject = $1")
            .bind(subject.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
