//! Ours: the CSV import (dry run and apply), bulk actions on every user matching a search, and
//! the jobs they start (progress, result file). Widget mode (`User Admin`) or a management key
//! with `?tenant=`: a job always acts in one tenant. The work is [`crate::jobs`]; handlers
//! check, start and read.

use super::caller::UserAdmin;
use super::{Access, RouteSpec, route};
use crate::capability::{Scope, TenantScope};
use crate::db::jobs::NewJob;
use crate::error::{Error, Result};
use crate::extract::{Json, Query};
use crate::jobs::{self, bulk, import};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, get, post};
use serde_json::json;
use tenantkit_wire::PERMISSION_USER_ADMIN;
use tenantkit_wire::jobs::{
    BulkPreviewRequest, BulkPreviewResponse, BulkRequest, ImportPlanResponse, ImportRequest,
    JobKind, JobRef, JobResponse, MAX_IMPORT_BODY_BYTES, MAX_IMPORT_ROWS,
};

const ADMIN: Access = Access::Widget(PERMISSION_USER_ADMIN);

/// The media type of a job's result file.
const CSV: &str = "text/csv; charset=utf-8";

/// The job routes.
pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    let result_file = RouteSpec {
        method: Method::GET,
        path: "/tk/v1/mgmt/job/result",
        access: ADMIN,
        request: Some(schemars::SchemaGenerator::subschema_for::<JobRef>),
        response: None,
        content_type: "text/csv",
    };
    vec![
        route::<ImportRequest, ImportPlanResponse>(
            Method::POST,
            "/tk/v1/mgmt/user/import/dryrun",
            ADMIN,
            post(dry_run),
        ),
        route::<ImportRequest, JobResponse>(
            Method::POST,
            "/tk/v1/mgmt/user/import",
            ADMIN,
            post(start_import),
        ),
        route::<BulkRequest, JobResponse>(
            Method::POST,
            "/tk/v1/mgmt/user/bulk",
            ADMIN,
            post(start_bulk),
        ),
        route::<BulkPreviewRequest, BulkPreviewResponse>(
            Method::POST,
            "/tk/v1/mgmt/user/bulk/preview",
            ADMIN,
            post(preview_bulk),
        ),
        route::<JobRef, JobResponse>(Method::GET, "/tk/v1/mgmt/job", ADMIN, get(load)),
        (result_file, get(result)),
    ]
}

impl UserAdmin {
    /// The tenant a job acts in: jobs are per tenant, so a management key names one too.
    fn job_scope(&self) -> Result<&TenantScope> {
        match &self.scope {
            Scope::Tenant(scope) => Ok(scope),
            Scope::Project(_) => Err(Error::MissingArguments(
                "Jobs act in one tenant: add ?tenant=<tenantId>".to_owned(),
            )),
        }
    }
}

/// The import of a request body: JSON ([`ImportRequest`]) or the file itself (`text/csv`,
/// mapping guessed), at most [`MAX_IMPORT_BODY_BYTES`] (413 past it).
async fn import_request(request: Request) -> Result<ImportRequest> {
    let is_csv = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().starts_with("text/csv"));
    let body = axum::body::to_bytes(request.into_body(), MAX_IMPORT_BODY_BYTES)
        .await
        .map_err(|_| {
            Error::TooLarge(format!(
                "The import is too large: at most {MAX_IMPORT_BODY_BYTES} bytes per request \
                 and {MAX_IMPORT_ROWS} rows"
            ))
        })?;
    let request = if is_csv {
        ImportRequest {
            csv: String::from_utf8(body.to_vec())
                .map_err(|_| Error::BadRequest("The CSV is not UTF-8 text".to_owned()))?,
            mapping: Vec::new(),
        }
    } else {
        serde_json::from_slice(&body)
            .map_err(|error| Error::BadRequest(format!("The JSON body cannot be read: {error}")))?
    };
    import::check_size(&request.csv)?;
    Ok(request)
}

/// `POST /tk/v1/mgmt/user/import/dryrun` -> the plan of every row; nothing is written.
async fn dry_run(
    State(state): State<AppState>,
    admin: UserAdmin,
    request: Request,
) -> Result<Json<ImportPlanResponse>> {
    let scope = admin.job_scope()?;
    let request = import_request(request).await?;
    Ok(Json(import::dry_run(&state, scope, &request).await?))
}

/// `POST /tk/v1/mgmt/user/import` -> `{job}`: the import runs as a job, each batch planned
/// again when it runs.
async fn start_import(
    State(state): State<AppState>,
    admin: UserAdmin,
    request: Request,
) -> Result<Json<JobResponse>> {
    let scope = admin.job_scope()?;
    let request = import_request(request).await?;
    let columns = import::columns(&state, &request).await?;
    if let Some(problem) = columns.problem() {
        return Err(Error::InvalidArguments(problem));
    }
    let total = import::count_rows(&request.csv)?;
    // Stored with the mapping it was read with, so every batch reads it the same way.
    let input = ImportRequest {
        csv: request.csv,
        mapping: columns.mapping().to_vec(),
    };
    let input = serde_json::to_string(&input).map_err(Error::internal)?;
    let job = NewJob {
        kind: JobKind::Import,
        input: &input,
        total,
        audit_data: json!({}),
    };
    start(&state, &admin, scope, &job).await
}

/// `POST /tk/v1/mgmt/user/bulk` -> `{job}`, or 409 when the count confirmed is not the count
/// matching now.
async fn start_bulk(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<BulkRequest>,
) -> Result<Json<JobResponse>> {
    let scope = admin.job_scope()?;
    let input = bulk::prepare(&state, &admin.scope, &request).await?;
    let total = input.users.len() as u64;
    let audit_data = json!({ "action": input.action, "roleNames": input.role_names });
    let input = serde_json::to_string(&input).map_err(Error::internal)?;
    let job = NewJob {
        kind: JobKind::Bulk,
        input: &input,
        total,
        audit_data,
    };
    start(&state, &admin, scope, &job).await
}

/// `POST /tk/v1/mgmt/user/bulk/preview` -> the count to confirm and, for a role change, who
/// gains or loses each role (and what the caller would lose); nothing is written.
async fn preview_bulk(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<BulkPreviewRequest>,
) -> Result<Json<BulkPreviewResponse>> {
    let scope = admin.job_scope()?;
    Ok(Json(bulk::preview(&state, scope, &request).await?))
}

/// Stores `job`, starts it, answers its progress.
async fn start(
    state: &AppState,
    admin: &UserAdmin,
    scope: &TenantScope,
    job: &NewJob<'_>,
) -> Result<Json<JobResponse>> {
    let id = state
        .db()
        .create_job(scope, &admin.actor, job, state.now_ms())
        .await?;
    let answer = state.db().job(scope, &id).await?;
    jobs::start(state, id);
    Ok(Json(JobResponse { job: answer }))
}

/// `GET /tk/v1/mgmt/job?id=` -> `{job}`: its progress (another tenant's job: 404).
async fn load(
    State(state): State<AppState>,
    admin: UserAdmin,
    Query(request): Query<JobRef>,
) -> Result<Json<JobResponse>> {
    let scope = admin.job_scope()?;
    Ok(Json(JobResponse {
        job: state.db().job(scope, &request.id).await?,
    }))
}

/// `GET /tk/v1/mgmt/job/result?id=` -> the result file: `row,loginId,outcome,column,reason`,
/// one line per handled row.
async fn result(
    State(state): State<AppState>,
    admin: UserAdmin,
    Query(request): Query<JobRef>,
) -> Result<impl IntoResponse> {
    let scope = admin.job_scope()?;
    let job = state.db().job(scope, &request.id).await?;
    let rows = state
        .db()
        .job_results(scope, &job.id, None, MAX_IMPORT_ROWS.max(10_000))
        .await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write = |writer: &mut csv::Writer<Vec<u8>>, record: [&str; 5]| {
        writer.write_record(record).map_err(Error::internal)
    };
    write(
        &mut writer,
        ["row", "loginId", "outcome", "column", "reason"],
    )?;
    for row in &rows {
        write(
            &mut writer,
            [
                &row.row.to_string(),
                &row.login_id,
                row.outcome.as_str(),
                &row.column,
                &row.reason,
            ],
        )?;
    }
    let body = writer.into_inner().map_err(Error::internal)?;
    let disposition = format!(
        "attachment; filename=\"{}-{}.csv\"",
        crate::db::jobs::kind_str(job.kind),
        job.id
    );
    Ok((
        [
            (CONTENT_TYPE, CSV.to_owned()),
            (CONTENT_DISPOSITION, disposition),
        ],
        body,
    ))
}
