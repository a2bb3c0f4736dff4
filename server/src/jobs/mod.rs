//! Background jobs (README "Importing users", "Bulk actions on every match"): a CSV import or
//! a bulk action, stored in `jobs` (migration 0108, [`crate::db::jobs`]) and run here in
//! bounded batches.
//!
//! Each batch: claim the job (a lease, [`Db::claim_job`]; another process's live lease means
//! "not ours"), check its starter again ([`auth::jobs::job_scope`]), handle the next
//! [`Settings::job_batch_rows`] rows, and record their results with the new `done` under the
//! same lease. A process that stops mid-way leaves the job unfinished; when its lease runs out,
//! any process takes it over ([`resume`], at start and every [`RESUME_EVERY`]) and goes on from
//! `done`. A batch that ran but was not recorded runs again and changes nothing twice: an
//! import plans each row against the users as they are ([`import::Planner`]), a bulk action
//! finds each user already as wanted (or refuses again). An import records each chunk's plan
//! before applying it ([`Db::record_job_plan`]), so a row the stopped run applied, which now
//! plans as unchanged, keeps the outcome it really had ([`import::keep_recorded`]).
//!
//! [`Db::record_job_plan`]: crate::db::Db::record_job_plan
//!
//! [`Db::claim_job`]: crate::db::Db::claim_job
//! [`Settings::job_batch_rows`]: crate::state::Settings::job_batch_rows

pub mod bulk;
pub mod import;

use crate::auth;
use crate::db::jobs::StoredJob;
use crate::error::{Error, Result};
use crate::state::AppState;
use std::time::Duration;
use tenantkit_wire::jobs::{ImportRequest, JobKind, RowResult};

/// How often a server looks for jobs nobody runs (queued, or left by a stopped process).
pub const RESUME_EVERY: Duration = Duration::from_secs(30);

/// Jobs taken over in one look.
const RESUME_AT_ONCE: i64 = 16;

/// What one batch left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// More rows to go.
    More,
    /// The job is finished (done or failed).
    Finished,
    /// Another process holds the job, or it was finished already.
    NotOurs,
}

/// A random owner name for one run of a job.
fn new_owner() -> String {
    crate::db::new_id('O')
}

/// Runs job `id` in the background, unless this server does not run jobs
/// ([`crate::state::Settings::run_jobs`]; another process will).
pub fn start(state: &AppState, id: String) {
    if state.settings().run_jobs {
        tokio::spawn(run(state.clone(), id));
    }
}

/// Runs job `id` batch by batch until it is finished or another process holds it.
pub async fn run(state: AppState, id: String) {
    let owner = new_owner();
    loop {
        match run_batch(&state, &id, &owner).await {
            Ok(Step::More) => {}
            Ok(Step::Finished | Step::NotOurs) => return,
            Err(error) => {
                // Logged once here; the job stays unfinished and is taken over when the lease
                // runs out (a database that was away comes back).
                tracing::error!(%error, job = %id, "a job batch failed");
                return;
            }
        }
    }
}

/// What [`handle_batch`] did.
#[derive(Debug)]
pub enum Handled {
    /// Rows handled, to record.
    Rows {
        /// Their results.
        results: Vec<RowResult>,
        /// Rows handled afterwards.
        done: u64,
        /// The job's rows in all.
        total: u64,
    },
    /// Nothing to record.
    Stopped(Step),
}

/// One batch of job `id` as `owner`: claim, check the starter, handle the next rows, record.
pub async fn run_batch(state: &AppState, id: &str, owner: &str) -> Result<Step> {
    let (results, done, total) = match handle_batch(state, id, owner).await? {
        Handled::Rows {
            results,
            done,
            total,
        } => (results, done, total),
        Handled::Stopped(step) => return Ok(step),
    };
    let finished = done >= total;
    if !state
        .db()
        .record_job_batch(id, owner, &results, done, finished, state.now())
        .await?
    {
        return Ok(Step::NotOurs);
    }
    Ok(if finished { Step::Finished } else { Step::More })
}

/// The work of [`run_batch`] before it records: claim, check the starter, handle the next
/// rows. A process that stops after it leaves those rows applied but not recorded (the next
/// run handles them again).
pub async fn handle_batch(state: &AppState, id: &str, owner: &str) -> Result<Handled> {
    let now = state.now();
    let Some(job) = state.db().claim_job(id, owner, now).await? else {
        return Ok(Handled::Stopped(Step::NotOurs));
    };
    let scope = match auth::jobs::job_scope(state, &job.tenant_id, job.caller.as_ref()).await {
        Ok(scope) => scope,
        Err(error) if !error.status_and_code().0.is_server_error() => {
            state
                .db()
                .fail_job(id, owner, &error.to_string(), state.now())
                .await?;
            return Ok(Handled::Stopped(Step::Finished));
        }
        Err(error) => return Err(error),
    };
    let batch = state.settings().job_batch_rows.max(1);
    let (results, done) = match job.kind {
        JobKind::Import => import_batch(state, &scope, &job, batch).await?,
        JobKind::Bulk => bulk_batch(state, &scope, &job, batch).await?,
    };
    Ok(Handled::Rows {
        results,
        done,
        total: job.total,
    })
}

fn input_error(error: serde_json::Error) -> Error {
    Error::internal(format!("a stored job's input cannot be read: {error}"))
}

/// The next `batch` rows of an import: `(results, done afterwards)`.
async fn import_batch(
    state: &AppState,
    scope: &crate::capability::TenantScope,
    job: &StoredJob,
    batch: usize,
) -> Result<(Vec<RowResult>, u64)> {
    let request: ImportRequest = serde_json::from_str(&job.input).map_err(input_error)?;
    let columns = import::columns(state, &request).await?;
    let mut planner = import::Planner::new(state.db(), scope, columns).await?;
    let mut chunk = Vec::with_capacity(batch);
    let mut read = 0_u64;
    for record in import::records(&request.csv) {
        let record = record?;
        read += 1;
        if read <= job.done {
            planner.remember(&record);
            continue;
        }
        chunk.push(record);
        if chunk.len() == batch {
            break;
        }
    }
    let mut results = Vec::with_capacity(chunk.len());
    for part in chunk.chunks(import::CHUNK_ROWS) {
        let mut planned = planner.plan(state.db(), &scope.to_scope(), part).await?;
        let rows: Vec<&RowResult> = planned.iter().map(|planned| &planned.result).collect();
        let recorded = state.db().record_job_plan(&job.id, &rows).await?;
        import::keep_recorded(&mut planned, &recorded);
        results.extend(import::apply(state, scope, &job.actor, planned).await?);
    }
    let done = if chunk.len() < batch {
        job.total
    } else {
        job.done + chunk.len() as u64
    };
    Ok((results, done))
}

/// The next `batch` users of a bulk action: `(results, done afterwards)`.
async fn bulk_batch(
    state: &AppState,
    scope: &crate::capability::TenantScope,
    job: &StoredJob,
    batch: usize,
) -> Result<(Vec<RowResult>, u64)> {
    let input: bulk::BulkInput = serde_json::from_str(&job.input).map_err(input_error)?;
    let from = usize::try_from(job.done).unwrap_or(usize::MAX);
    let results = bulk::apply(state, &scope.to_scope(), &job.actor, &input, from, batch).await?;
    let done = (job.done + results.len() as u64).min(job.total);
    let done = if results.len() < batch {
        job.total
    } else {
        done
    };
    Ok((results, done))
}

/// Starts every job nobody runs now (never started, or left by a process that stopped):
/// how a restart resumes its jobs. Returns how many were started.
pub async fn resume(state: &AppState) -> Result<usize> {
    let ids = state
        .db()
        .claimable_jobs(state.now(), RESUME_AT_ONCE)
        .await?;
    let started = ids.len();
    for id in ids {
        tokio::spawn(run(state.clone(), id));
    }
    Ok(started)
}

/// Resumes jobs at start and every [`RESUME_EVERY`] while the server runs.
pub fn spawn_resumer(state: AppState) {
    if !state.settings().run_jobs {
        return;
    }
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(RESUME_EVERY);
        loop {
            ticks.tick().await;
            if let Err(error) = resume(&state).await {
                tracing::warn!(%error, "looking for jobs to resume failed");
            }
        }
    });
}
