//! The sign-in history (migration 0104): one row per sign-in attempt of a known user, kept
//! bounded twice: each write trims the user's rows to the newest [`KEEP_PER_USER`], and the
//! audit retention ([`Db::prune_sign_ins`]) deletes rows older than it keeps audit events.
//!
//! Reads take the caller's [`Scope`]: in a tenant scope only the tenant's members, and of them
//! only the sign-ins into that tenant or into none in particular (a password sign-in), so a
//! person shared with another tenant does not show their sign-ins there.

use super::{Db, Sql, flag};
use crate::capability::{Myself, Scope};
use crate::error::Result;
use sqlx::Row;
use sqlx::any::AnyRow;
use tenantkit_wire::UserId;
use tenantkit_wire::history::{FailureReason, MAX_HISTORY_PER_USER, UserAuthHistory};

/// How many sign-ins are kept per user: the newest.
pub const KEEP_PER_USER: u32 = MAX_HISTORY_PER_USER;

/// One sign-in attempt to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSignIn<'a> {
    /// Whose.
    pub user_id: &'a UserId,
    /// When, epoch milliseconds.
    pub at_ms: i64,
    /// How (`tenantkit_wire::history::METHOD_*`).
    pub method: &'a str,
    /// Into which tenant ('' for none in particular).
    pub tenant_id: &'a str,
    /// The client address ('' when unknown).
    pub remote_address: &'a str,
    /// The client's `User-Agent`, already cut to its maximum.
    pub user_agent: &'a str,
    /// `None`: the user got in.
    pub failure: Option<FailureReason>,
}

const COLUMNS: &str =
    "user_id, at_ms, method, tenant_id, remote_address, user_agent, success, reason";

fn entry(row: &AnyRow) -> Result<UserAuthHistory> {
    let at_ms: i64 = row.try_get("at_ms")?;
    Ok(UserAuthHistory {
        user_id: row.try_get("user_id")?,
        login_time: at_ms.div_euclid(1000),
        city: String::new(),
        country: String::new(),
        ip: row.try_get("remote_address")?,
        selected_tenant: row.try_get("tenant_id")?,
        login_time_ms: at_ms,
        method: row.try_get("method")?,
        user_agent: row.try_get("user_agent")?,
        success: flag(row, "success")?,
        reason: row.try_get("reason")?,
    })
}

impl Db {
    /// Records `attempt` and trims the user's history to the newest `keep` rows, in one
    /// transaction (two statements: the trim walks at most `keep` + 1 index entries).
    pub async fn record_sign_in_attempt(&self, attempt: &NewSignIn<'_>, keep: u32) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(&format!(
            "INSERT INTO sign_ins ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind(attempt.user_id.as_str())
        .bind(attempt.at_ms)
        .bind(attempt.method)
        .bind(attempt.tenant_id)
        .bind(attempt.remote_address)
        .bind(attempt.user_agent)
        .bind(attempt.failure.is_none())
        .bind(attempt.failure.map_or("", FailureReason::as_str))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM sign_ins WHERE user_id = $1 AND seq IN (SELECT seq FROM sign_ins \
             WHERE user_id = $1 ORDER BY at_ms DESC, seq DESC LIMIT $2 OFFSET $3)",
        )
        .bind(attempt.user_id.as_str())
        .bind(i64::from(u32::MAX))
        .bind(i64::from(keep))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The newest `per_user` sign-ins of each of `user_ids` the scope reaches, newest first, in
    /// one query. In a tenant scope: only members of the tenant, and only their sign-ins into it
    /// or into none in particular. Unknown users and users outside the tenant have none.
    pub async fn sign_in_history(
        &self,
        scope: &Scope,
        user_ids: &[String],
        per_user: u32,
    ) -> Result<Vec<UserAuthHistory>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!(
            "SELECT {COLUMNS}, seq FROM (SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.user_id \
             ORDER BY s.at_ms DESC, s.seq DESC) AS n FROM sign_ins s WHERE s.user_id IN ("
        ));
        sql.bind_list(user_ids.iter())
            .push(")")
            .confine_members("s.user_id", scope)
            .confine_with_project("s.tenant_id", scope)
            .push(") ranked WHERE n <= ")
            .bind(i64::from(per_user))
            .push(" ORDER BY at_ms DESC, seq DESC");
        sql.query()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(entry)
            .collect()
    }

    /// The signed-in user's own newest `limit` sign-ins, newest first.
    pub async fn own_sign_in_history(
        &self,
        myself: &Myself,
        limit: u32,
    ) -> Result<Vec<UserAuthHistory>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM sign_ins WHERE user_id = $1 \
             ORDER BY at_ms DESC, seq DESC LIMIT $2"
        ))
        .bind(myself.user_id().as_str())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(entry)
        .collect()
    }

    /// Deletes sign-ins older than `before_ms` (the audit retention). Answers how many.
    pub async fn prune_sign_ins(&self, before_ms: i64) -> Result<u64> {
        let deleted = sqlx::query("DELETE FROM sign_ins WHERE at_ms < $1")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected())
    }
}
