//! Jobs (migration 0108): a CSV import or a bulk action, run in bounded batches by
//! [`crate::jobs`]. Reads for a caller take the [`TenantScope`] (a job of another tenant is
//! "not found"); the runner's own reads and writes name the job and prove their ownership of it
//! with the lease they hold: `UPDATE ... WHERE lease_owner = <owner>` both claims a job and
//! guards every write of its progress, so two processes never run the same job.

use super::audit::{Actor, AuditEvent, record_in};
use super::user_changes::role_ids;
use super::users::push_matching;
use super::{Db, Sql, new_id};
use crate::capability::{Scope, TenantScope};
use crate::error::{Error, Result};
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashMap;
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::jobs::{
    Job, JobKind, JobState, MAX_LISTED_FAILURES, OutcomeCounts, RowOutcome, RowResult,
};
use tenantkit_wire::{PERMISSION_USER_ADMIN, TenantId, UserId, UserSearchRequest};

/// How long a claim holds a job, seconds: a process that stops mid-way (killed, crashed) lets
/// another take over once it runs out.
pub const LEASE_SECS: i64 = 60;

/// Result rows per multi-row `INSERT` (6 parameters each).
const ROWS_PER_INSERT: usize = 100;

/// A job as stored.
#[derive(Debug, Clone)]
pub struct StoredJob {
    /// Its id.
    pub id: String,
    /// What it does.
    pub kind: JobKind,
    /// The tenant it acts in.
    pub tenant_id: TenantId,
    /// The admin who started it; `None`: a management key.
    pub caller: Option<UserId>,
    /// The audit actor of every change it makes.
    pub actor: Actor,
    /// Where it is.
    pub state: JobState,
    /// Its input (JSON).
    pub input: String,
    /// Rows in all.
    pub total: u64,
    /// Rows handled.
    pub done: u64,
    /// Why it failed.
    pub error: String,
    /// Created, epoch seconds.
    pub created: i64,
    /// Finished, epoch seconds (0: not yet).
    pub finished: i64,
}

/// A job to store.
#[derive(Debug)]
pub struct NewJob<'a> {
    /// What it does.
    pub kind: JobKind,
    /// Its input (JSON).
    pub input: &'a str,
    /// Rows in all.
    pub total: u64,
    /// What the audit event of its start records.
    pub audit_data: serde_json::Value,
}

/// The stored spelling of `kind`.
pub fn kind_str(kind: JobKind) -> &'static str {
    match kind {
        JobKind::Import => "import",
        JobKind::Bulk => "bulk",
    }
}

fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn job_from_row(row: &AnyRow) -> Result<StoredJob> {
    let kind = match row.try_get::<String, _>("kind")?.as_str() {
        "bulk" => JobKind::Bulk,
        _ => JobKind::Import,
    };
    let state = match row.try_get::<String, _>("state")?.as_str() {
        "running" => JobState::Running,
        "done" => JobState::Done,
        "failed" => JobState::Failed,
        _ => JobState::Queued,
    };
    let caller: String = row.try_get("caller_id")?;
    Ok(StoredJob {
        id: row.try_get("id")?,
        kind,
        tenant_id: TenantId::new(row.try_get::<String, _>("tenant_id")?),
        caller: (!caller.is_empty()).then(|| UserId::new(caller)),
        actor: Actor {
            actor_id: row.try_get("actor_id")?,
            remote_address: row.try_get("remote_address")?,
        },
        state,
        input: row.try_get("input")?,
        total: to_u64(row.try_get("total")?),
        done: to_u64(row.try_get("done")?),
        error: row.try_get("error")?,
        created: row.try_get("created")?,
        finished: row.try_get("finished")?,
    })
}

fn result_from_row(row: &AnyRow) -> Result<RowResult> {
    let outcome: String = row.try_get("outcome")?;
    Ok(RowResult {
        row: to_u64(row.try_get("row_no")?),
        login_id: row.try_get("login_id")?,
        outcome: RowOutcome::parse(&outcome).unwrap_or(RowOutcome::Error),
        column: row.try_get("column_name")?,
        reason: row.try_get("reason")?,
    })
}

const JOB_COLUMNS: &str = "id, kind, tenant_id, caller_id, actor_id, remote_address, state, \
    input, total, done, error, created, finished";

impl Db {
    /// Stores a queued job in the scope's tenant, started by the scope's caller as `actor`, and
    /// records its start (`JobStarted`) in the same transaction. Returns its id.
    pub async fn create_job(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        job: &NewJob<'_>,
        now_ms: i64,
    ) -> Result<String> {
        let id = new_id('J');
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO jobs (id, kind, tenant_id, caller_id, actor_id, remote_address, state, \
             input, total, created) VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $8, $9)",
        )
        .bind(id.as_str())
        .bind(kind_str(job.kind))
        .bind(scope.tenant_id().as_str())
        .bind(scope.caller().map_or("", UserId::as_str))
        .bind(actor.actor_id.as_str())
        .bind(actor.remote_address.as_str())
        .bind(job.input)
        .bind(to_i64(job.total))
        .bind(now_ms.div_euclid(1000))
        .execute(&mut *tx)
        .await?;
        let mut data = job.audit_data.clone();
        if let Some(object) = data.as_object_mut() {
            object.insert("jobId".to_owned(), json!(id));
            object.insert("kind".to_owned(), json!(kind_str(job.kind)));
            object.insert("total".to_owned(), json!(job.total));
        }
        let event = AuditEvent::new(AuditAction::JobStarted, scope.tenant_id().as_str(), "")
            .with_data(data);
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The job `id` of the scope's tenant, as its progress shows it (another tenant's: 404).
    pub async fn job(&self, scope: &TenantScope, id: &str) -> Result<Job> {
        let stored = self.stored_job_in(scope, id).await?;
        let counts = self.job_counts(&stored.id).await?;
        let failures = self
            .job_results(
                scope,
                &stored.id,
                Some(RowOutcome::Error),
                MAX_LISTED_FAILURES,
            )
            .await?;
        Ok(Job {
            id: stored.id,
            kind: stored.kind,
            state: stored.state,
            total: stored.total,
            done: stored.done,
            counts,
            error: stored.error,
            failures,
            created_time: stored.created,
            finished_time: stored.finished,
        })
    }

    async fn stored_job_in(&self, scope: &TenantScope, id: &str) -> Result<StoredJob> {
        let row = sqlx::query(&format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1 AND tenant_id = $2"
        ))
        .bind(id)
        .bind(scope.tenant_id().as_str())
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Cannot find job {id}")))?;
        job_from_row(&row)
    }

    /// The result rows of the scope's job `id` in row order (`outcome`: only those), at most
    /// `limit`.
    pub async fn job_results(
        &self,
        scope: &TenantScope,
        id: &str,
        outcome: Option<RowOutcome>,
        limit: usize,
    ) -> Result<Vec<RowResult>> {
        let mut sql = Sql::new(
            "SELECT r.row_no, r.login_id, r.outcome, r.column_name, r.reason FROM job_rows r \
             JOIN jobs j ON j.id = r.job_id WHERE r.job_id = ",
        );
        sql.bind(id)
            .push(" AND j.tenant_id = ")
            .bind(scope.tenant_id().as_str());
        if let Some(outcome) = outcome {
            sql.push(" AND r.outcome = ").bind(outcome.as_str());
        }
        sql.push(" ORDER BY r.row_no LIMIT ")
            .bind(i64::try_from(limit).unwrap_or(i64::MAX));
        sql.query()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(result_from_row)
            .collect()
    }

    /// The job's handled rows per outcome.
    async fn job_counts(&self, id: &str) -> Result<OutcomeCounts> {
        let rows = sqlx::query(
            "SELECT outcome, COUNT(*) AS n FROM job_rows WHERE job_id = $1 GROUP BY outcome",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut counts = OutcomeCounts::default();
        for row in rows {
            let n = to_u64(row.try_get("n")?);
            match RowOutcome::parse(&row.try_get::<String, _>("outcome")?) {
                Some(RowOutcome::Create) => counts.create = n,
                Some(RowOutcome::Update) => counts.update = n,
                Some(RowOutcome::Unchanged) => counts.unchanged = n,
                Some(RowOutcome::Error) | None => counts.error += n,
            }
        }
        Ok(counts)
    }

    /// Claims the unfinished job `id` for `owner` until `now + LEASE_SECS`: when it is
    /// unclaimed, its lease ran out, or `owner` holds it already (a renewal). `None`: another
    /// process holds it, or it is finished.
    pub async fn claim_job(&self, id: &str, owner: &str, now: i64) -> Result<Option<StoredJob>> {
        let claimed = sqlx::query(
            "UPDATE jobs SET lease_owner = $2, lease_until = $3, state = 'running' \
             WHERE id = $1 AND state IN ('queued', 'running') \
             AND (lease_owner = $2 OR lease_until < $4)",
        )
        .bind(id)
        .bind(owner)
        .bind(now.saturating_add(LEASE_SECS))
        .bind(now)
        .execute(&self.pool)
        .await?;
        if claimed.rows_affected() != 1 {
            return Ok(None);
        }
        let row = sqlx::query(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1"))
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        job_from_row(&row).map(Some)
    }

    /// Records a batch of `owner`'s job: its result rows (a row recorded already keeps its first
    /// result), `done` rows handled, and `Done` when `finished`. `false` (nothing written): the
    /// lease was lost to another process.
    pub async fn record_job_batch(
        &self,
        id: &str,
        owner: &str,
        results: &[RowResult],
        done: u64,
        finished: bool,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let updated = sqlx::query(
            "UPDATE jobs SET done = $3, state = $4, finished = $5 \
             WHERE id = $1 AND lease_owner = $2",
        )
        .bind(id)
        .bind(owner)
        .bind(to_i64(done))
        .bind(if finished { "done" } else { "running" })
        .bind(if finished { now } else { 0 })
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Ok(false);
        }
        // The batch's plan has served: its results say what happened now.
        if let Some(last) = results.iter().map(|row| row.row).max() {
            sqlx::query("DELETE FROM job_planned_rows WHERE job_id = $1 AND row_no <= $2")
                .bind(id)
                .bind(to_i64(last))
                .execute(&mut *tx)
                .await?;
        }
        for chunk in results.chunks(ROWS_PER_INSERT) {
            let mut sql = Sql::new(
                "INSERT INTO job_rows (job_id, row_no, login_id, outcome, column_name, reason) \
                 VALUES ",
            );
            for (index, result) in chunk.iter().enumerate() {
                if index > 0 {
                    sql.push(", ");
                }
                sql.bind_row(vec![
                    id.into(),
                    to_i64(result.row).into(),
                    result.login_id.as_str().into(),
                    result.outcome.as_str().into(),
                    result.column.as_str().into(),
                    result.reason.as_str().into(),
                ]);
            }
            sql.push(" ON CONFLICT (job_id, row_no) DO NOTHING");
            sql.query().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Records the plan of a batch's rows before they are applied (those that change
    /// something: create, update); a row planned already keeps its first plan, the one a stopped
    /// run applied. Returns the plan recorded for the rows of `planned`, by row:
    /// `(outcome, reason)`.
    pub async fn record_job_plan(
        &self,
        id: &str,
        planned: &[&RowResult],
    ) -> Result<HashMap<u64, (RowOutcome, String)>> {
        let changing: Vec<&&RowResult> = planned
            .iter()
            .filter(|row| matches!(row.outcome, RowOutcome::Create | RowOutcome::Update))
            .collect();
        let mut tx = self.write_tx().await?;
        for chunk in changing.chunks(ROWS_PER_INSERT) {
            let mut sql =
                Sql::new("INSERT INTO job_planned_rows (job_id, row_no, outcome, reason) VALUES ");
            for (index, row) in chunk.iter().enumerate() {
                if index > 0 {
                    sql.push(", ");
                }
                sql.bind_row(vec![
                    id.into(),
                    to_i64(row.row).into(),
                    row.outcome.as_str().into(),
                    row.reason.as_str().into(),
                ]);
            }
            sql.push(" ON CONFLICT (job_id, row_no) DO NOTHING");
            sql.query().execute(&mut *tx).await?;
        }
        let rows = planned.iter().map(|row| row.row);
        let (Some(first), Some(last)) = (rows.clone().min(), rows.max()) else {
            tx.commit().await?;
            return Ok(HashMap::new());
        };
        let recorded = sqlx::query(
            "SELECT row_no, outcome, reason FROM job_planned_rows \
             WHERE job_id = $1 AND row_no >= $2 AND row_no <= $3",
        )
        .bind(id)
        .bind(to_i64(first))
        .bind(to_i64(last))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        recorded
            .iter()
            .map(|row| {
                let outcome: String = row.try_get("outcome")?;
                Ok((
                    to_u64(row.try_get("row_no")?),
                    (
                        RowOutcome::parse(&outcome).unwrap_or(RowOutcome::Update),
                        row.try_get("reason")?,
                    ),
                ))
            })
            .collect()
    }

    /// Stops `owner`'s job for good with `error`.
    pub async fn fail_job(&self, id: &str, owner: &str, error: &str, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE jobs SET state = 'failed', error = $3, finished = $4 \
             WHERE id = $1 AND lease_owner = $2",
        )
        .bind(id)
        .bind(owner)
        .bind(error)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Unfinished jobs nobody holds at `now` (never started, or their process stopped), oldest
    /// first, at most `limit`.
    pub async fn claimable_jobs(&self, now: i64, limit: i64) -> Result<Vec<String>> {
        sqlx::query(
            "SELECT id FROM jobs WHERE state IN ('queued', 'running') AND lease_until < $1 \
             ORDER BY created, id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| Ok(row.try_get("id")?))
        .collect()
    }
}

/// Among the users a search matches, who holds the roles a bulk change names: see
/// [`Db::bulk_role_holders`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkRoleHolders {
    /// Per role asked, in order: how many matches hold it in the tenant.
    pub holders: Vec<(String, u64)>,
    /// The roles asked that the caller holds, when they are among the matches.
    pub caller_holds: Vec<String>,
    /// The caller holds a role carrying `User Admin` in the tenant that is not one of those
    /// asked (so removing them leaves it).
    pub caller_keeps_user_admin: bool,
    /// The caller holds a role carrying `User Admin` among those asked.
    pub caller_holds_user_admin: bool,
}

impl Db {
    /// How many of the users `filter` matches in `scope`'s tenant hold each role of `names`,
    /// and which of them the caller holds if they are a match: two counting queries (and the
    /// roles' lookup) whatever the number of matches. An unknown role is 400.
    pub async fn bulk_role_holders(
        &self,
        tenant_scope: &TenantScope,
        filter: &UserSearchRequest,
        names: &[String],
    ) -> Result<BulkRoleHolders> {
        let (scope, tenant) = (tenant_scope.to_scope(), tenant_scope.tenant_id());
        let ids = {
            // A read: dropped (rolled back) once the names are resolved as a change resolves them.
            let mut tx = self.pool().begin().await?;
            role_ids(&mut tx, tenant, names).await?
        };
        let mut result = BulkRoleHolders::default();
        if ids.is_empty() {
            return Ok(result);
        }
        let mut sql = Sql::new(
            "SELECT ur.role_id AS role_id, COUNT(*) AS holders FROM user_roles ur WHERE ur.tenant_id = ",
        );
        sql.bind(tenant.as_str()).push(" AND ur.role_id IN (");
        sql.bind_list(ids.iter().map(String::as_str)).push(") AND ");
        push_matching(&mut sql, self.backend(), "ur.user_id", &scope, filter);
        sql.push(" GROUP BY ur.role_id");
        let mut counted: HashMap<String, u64> = HashMap::new();
        for row in sql.query().fetch_all(self.pool()).await? {
            counted.insert(row.try_get("role_id")?, to_u64(row.try_get("holders")?));
        }
        result.holders = names
            .iter()
            .zip(&ids)
            .map(|(name, id)| (name.clone(), counted.get(id).copied().unwrap_or(0)))
            .collect();
        if let Some(caller) = tenant_scope.caller() {
            self.caller_role_holds(&scope, filter, caller, names, &ids, &mut result)
                .await?;
        }
        Ok(result)
    }

    /// The caller's roles in the tenant if `filter` matches them: which of `ids` they hold,
    /// and whether a role carrying `User Admin` is among them or outside them.
    async fn caller_role_holds(
        &self,
        scope: &Scope,
        filter: &UserSearchRequest,
        caller: &UserId,
        names: &[String],
        ids: &[String],
        result: &mut BulkRoleHolders,
    ) -> Result<()> {
        let tenant = scope.tenant_id().map(TenantId::as_str).unwrap_or_default();
        let mut sql = Sql::new(
            "SELECT ur.role_id AS role_id, (SELECT COUNT(*) FROM role_permissions rp \
             WHERE rp.role_id = ur.role_id AND rp.permission_name = ",
        );
        sql.bind(PERMISSION_USER_ADMIN)
            .push(") AS admin FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = ")
            .bind(caller.as_str())
            .push(" AND ur.tenant_id = ")
            .bind(tenant)
            .push(" AND r.tenant_id IN ('', ")
            .bind(tenant)
            .push(") AND ");
        push_matching(&mut sql, self.backend(), "ur.user_id", scope, filter);
        for row in sql.query().fetch_all(self.pool()).await? {
            let role_id: String = row.try_get("role_id")?;
            let admin = row.try_get::<i64, _>("admin")? > 0;
            match ids.iter().position(|id| *id == role_id) {
                Some(index) => {
                    result.caller_holds.push(names[index].clone());
                    result.caller_holds_user_admin |= admin;
                }
                None => result.caller_keeps_user_admin |= admin,
            }
        }
        Ok(())
    }
}
