//! The CSV import (issue 20), on both databases: a dry run plans each row (create, update,
//! unchanged, error with its column) and writes nothing; the apply runs as a job that creates
//! and updates, whose result file lists every row; applying again changes nothing; a job
//! stopped mid-way resumes after a restart and two processes never run it at once, and rows a
//! stopped process applied without recording them still say what happened to them; the size
//! limits answer 413; another tenant's admin reaches nothing of acme.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, new_user};
use tenantkit_client::TenantClient;
use tenantkit_server::jobs::{self, Step};
use tenantkit_server::{AppState, seed};
use tenantkit_wire::jobs::{
    ColumnMapping, ImportRequest, Job, JobState, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, RowOutcome,
};
use tenantkit_wire::{TenantId, UserSearchRequest};

backend_tests!(
    a_dry_run_plans_each_row_and_writes_nothing,
    an_import_creates_and_updates_and_applying_it_again_changes_nothing,
    a_stopped_job_resumes_after_a_restart_and_runs_in_one_process_only,
    rows_applied_but_not_recorded_keep_their_outcome_when_resumed,
    imports_are_bounded_and_need_a_login_id_column,
    another_tenants_admin_reaches_nothing_of_acme,
    an_import_never_grants_what_the_admin_does_not_hold,
);

/// An acme member the file updates, and one it leaves as they are.
const OLD: &str = "old@acme.test";
const SAME: &str = "same@acme.test";
/// A user of globex only.
const GINA: &str = "gina@globex.test";

/// A file with every outcome, its headers spelled as a spreadsheet would.
fn sample_csv() -> String {
    format!(
        "Login,E-mail,First name,Roles,Plan\n\
         new@acme.test,new@acme.test,Nia,{role},team\n\
         {OLD},{OLD},Olivia,,\n\
         {SAME},{SAME},Sam,,\n\
         bad@acme.test,not-an-email,Bea,,\n\
         role@acme.test,,Ray,No Such Role,\n\
         {GINA},,Gina,,\n\
         NEW@acme.test,,Twice,,\n",
        role = seed::ACME_SUPPORT_ROLE
    )
}

fn request(csv: &str) -> ImportRequest {
    ImportRequest {
        csv: csv.to_owned(),
        mapping: Vec::new(),
    }
}

/// The seeded app with the members the sample names.
async fn setup(backend: Backend) -> TestApp {
    let app = TestApp::seeded(backend).await;
    let mut old = new_user(OLD, "Old", &[(seed::ACME, &[])]);
    old.given_name = "Ola".to_owned();
    app.add_user(old, None).await;
    let mut same = new_user(SAME, "Same", &[(seed::ACME, &[])]);
    same.given_name = "Sam".to_owned();
    app.add_user(same, None).await;
    app.add_user(new_user(GINA, "Gina", &[(seed::GLOBEX, &[])]), None)
        .await;
    app
}

/// A raw request of `path` as the signed-in admin (for what the typed client does not send).
fn as_admin(
    app: &TestApp,
    signed_in: &tenantkit_wire::SignInResponse,
    method: reqwest::Method,
    path: &str,
) -> reqwest::RequestBuilder {
    let jwt = signed_in.session_jwt.expose();
    app.http(method, path)
        .header("Authorization", format!("Bearer {}:{jwt}", app.project_id))
}

/// Polls the job until it is finished (the test fails if it never is).
pub(crate) async fn finished_job(client: &TenantClient, id: &str) -> Job {
    for _ in 0..400 {
        let job = client.job(id).await.unwrap().job;
        if job.state.is_finished() {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("job {id} did not finish");
}

async fn acme_total(app: &TestApp) -> u64 {
    app.management()
        .search_users(&UserSearchRequest {
            tenant_ids: vec![TenantId::new(seed::ACME)],
            ..UserSearchRequest::default()
        })
        .await
        .unwrap()
        .total
}

async fn a_dry_run_plans_each_row_and_writes_nothing(backend: Backend) {
    let app = setup(backend).await;
    let (admin, _) = app.acme_admin().await;
    let before = acme_total(&app).await;
    let plan = admin.import_dry_run(&request(&sample_csv())).await.unwrap();

    let fields: Vec<&str> = plan.mapping.iter().map(|m| m.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "loginId",
            "email",
            "givenName",
            "roles",
            "customAttributes.plan"
        ],
        "the headers are guessed"
    );
    let outcomes: Vec<(u64, RowOutcome, &str)> = plan
        .rows
        .iter()
        .map(|row| (row.row, row.outcome, row.column.as_str()))
        .collect();
    assert_eq!(
        outcomes,
        [
            (2, RowOutcome::Create, ""),
            (3, RowOutcome::Update, ""),
            (4, RowOutcome::Unchanged, ""),
            (5, RowOutcome::Error, "E-mail"),
            (6, RowOutcome::Error, "Roles"),
            (7, RowOutcome::Error, "Login"),
            (8, RowOutcome::Error, "Login"),
        ]
    );
    assert_eq!(plan.rows[1].reason, "givenName", "what the update changes");
    assert!(
        plan.rows[5].reason.contains("outside this tenant"),
        "{:?}",
        plan.rows[5]
    );
    assert!(plan.rows[6].reason.contains("line 2"), "{:?}", plan.rows[6]);
    assert!(
        !plan.rows[5].reason.contains("Gina"),
        "nothing of globex's user shows"
    );
    assert_eq!(
        (
            plan.counts.create,
            plan.counts.update,
            plan.counts.unchanged,
            plan.counts.error
        ),
        (1, 1, 1, 4)
    );
    assert_eq!(acme_total(&app).await, before, "a dry run writes nothing");
    assert_eq!(app.user(OLD).await.given_name, "Ola");

    // The same file as a text/csv body reads the same.
    let (_, signed_in) = app.acme_admin().await;
    let response = as_admin(
        &app,
        &signed_in,
        reqwest::Method::POST,
        "/tk/v1/mgmt/user/import/dryrun?tenant=acme",
    )
    .header("Content-Type", "text/csv")
    .body(sample_csv())
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["counts"]["error"], 4);

    // A mapping given by the client: the first name is read as the display name instead.
    let mut mapped = request(&sample_csv());
    mapped.mapping = plan.mapping.clone();
    mapped.mapping[2] = ColumnMapping {
        header: "First name".to_owned(),
        field: "name".to_owned(),
    };
    let plan = admin.import_dry_run(&mapped).await.unwrap();
    assert_eq!(
        plan.rows[2].outcome,
        RowOutcome::Update,
        "Same's name is not Sam"
    );
    assert_eq!(plan.rows[2].reason, "name");
}

async fn an_import_creates_and_updates_and_applying_it_again_changes_nothing(backend: Backend) {
    let app = setup(backend).await;
    let (admin, signed_in) = app.acme_admin().await;
    let before = acme_total(&app).await;
    let job = admin
        .import_users(&request(&sample_csv()))
        .await
        .unwrap()
        .job;
    assert_eq!(job.total, 7);
    let job = finished_job(&admin, &job.id).await;
    assert_eq!(job.state, JobState::Done);
    assert_eq!(job.done, 7);
    assert_eq!(
        (
            job.counts.create,
            job.counts.update,
            job.counts.unchanged,
            job.counts.error
        ),
        (1, 1, 1, 4)
    );
    assert_eq!(job.failures.len(), 4, "the refused rows are listed");
    assert_eq!(acme_total(&app).await, before + 1);
    let created = app.user("new@acme.test").await;
    assert_eq!(created.given_name, "Nia");
    assert_eq!(created.custom_attributes["plan"], "team");
    assert_eq!(
        created.user_tenants[0].role_names,
        [seed::ACME_SUPPORT_ROLE.to_owned()]
    );
    assert_eq!(app.user(OLD).await.given_name, "Olivia");

    let file = as_admin(
        &app,
        &signed_in,
        reqwest::Method::GET,
        &format!("/tk/v1/mgmt/job/result?id={}&tenant=acme", job.id),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(file.status(), 200);
    assert!(
        file.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = file.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 8, "a header and every row: {text}");
    assert_eq!(lines[0], "row,loginId,outcome,column,reason");
    assert!(lines[1].starts_with("2,new@acme.test,create"), "{text}");
    assert!(
        lines[4].starts_with("5,bad@acme.test,error,E-mail,"),
        "{text}"
    );

    let events = app.audit().await.len();
    let again = admin
        .import_users(&request(&sample_csv()))
        .await
        .unwrap()
        .job;
    let again = finished_job(&admin, &again.id).await;
    assert_eq!(
        (
            again.counts.create,
            again.counts.update,
            again.counts.unchanged
        ),
        (0, 0, 3),
        "applied twice, nothing changes the second time"
    );
    assert_eq!(acme_total(&app).await, before + 1);
    let audit = app.audit().await;
    assert_eq!(audit.len(), events + 1, "only the job's start is recorded");
    assert!(audit.iter().filter(|event| event.0 == "JobStarted").count() == 2);
}

/// A file of `n` new acme users.
fn new_users_csv(n: usize) -> String {
    let mut csv = "loginId,name\n".to_owned();
    for i in 0..n {
        csv.push_str(&format!("import{i}@acme.test,Imported {i}\n"));
    }
    csv
}

async fn a_stopped_job_resumes_after_a_restart_and_runs_in_one_process_only(backend: Backend) {
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| {
            settings.run_jobs = false;
            settings.job_batch_rows = 2;
        })
        .start()
        .await;
    let (admin, _) = app.acme_admin().await;
    let before = acme_total(&app).await;
    let job = admin
        .import_users(&request(&new_users_csv(5)))
        .await
        .unwrap()
        .job;
    assert_eq!(job.state, JobState::Queued, "this process runs no jobs");

    // A process runs one batch, then stops (its lease stays until it runs out).
    assert_eq!(
        jobs::run_batch(&app.state, &job.id, "stopped-process")
            .await
            .unwrap(),
        Step::More
    );
    assert_eq!(admin.job(&job.id).await.unwrap().job.done, 2);
    assert_eq!(acme_total(&app).await, before + 2);
    assert_eq!(
        jobs::run_batch(&app.state, &job.id, "other-process")
            .await
            .unwrap(),
        Step::NotOurs,
        "another process does not run a job whose lease runs"
    );
    assert!(
        app.db()
            .claim_job(&job.id, "other-process", app.clock_now())
            .await
            .unwrap()
            .is_none()
    );

    // The restart: a new process state on the same database resumes once the lease ran out.
    let mut settings = app.state.settings().clone();
    settings.run_jobs = true;
    let restarted = AppState::open(app.db().clone(), app.clock.clone(), settings)
        .await
        .unwrap();
    assert_eq!(
        jobs::resume(&restarted).await.unwrap(),
        0,
        "the lease still runs"
    );
    app.clock
        .advance(tenantkit_server::db::jobs::LEASE_SECS + 1);
    assert_eq!(jobs::resume(&restarted).await.unwrap(), 1);
    let job = finished_job(&admin, &job.id).await;
    assert_eq!(job.state, JobState::Done);
    assert_eq!((job.done, job.counts.create), (5, 5));
    assert_eq!(acme_total(&app).await, before + 5, "each user once");

    // Every row applied a second time (a batch that ran but was never recorded): nothing changes.
    sqlx::query("DELETE FROM job_rows WHERE job_id = $1")
        .bind(&job.id)
        .execute(app.db().pool())
        .await
        .unwrap();
    sqlx::query(
        "UPDATE jobs SET state = 'running', done = 0, lease_owner = '', lease_until = 0 \
         WHERE id = $1",
    )
    .bind(&job.id)
    .execute(app.db().pool())
    .await
    .unwrap();
    let events = app.audit().await.len();
    while jobs::run_batch(&app.state, &job.id, "again").await.unwrap() == Step::More {}
    let job = admin.job(&job.id).await.unwrap().job;
    assert_eq!((job.counts.create, job.counts.unchanged), (0, 5));
    assert_eq!(acme_total(&app).await, before + 5);
    assert_eq!(app.audit().await.len(), events, "nothing was written twice");
}

async fn rows_applied_but_not_recorded_keep_their_outcome_when_resumed(backend: Backend) {
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| {
            settings.run_jobs = false;
            settings.job_batch_rows = 3;
        })
        .start()
        .await;
    app.add_user(new_user(OLD, "Old", &[(seed::ACME, &[])]), None)
        .await;
    let (admin, _) = app.acme_admin().await;
    let before = acme_total(&app).await;
    // Two new users and an update of OLD in the first batch; two new users after.
    let mut csv = new_users_csv(2);
    csv.push_str(&format!("{OLD},Olivia Renamed\nlast@acme.test,Last One\n"));
    csv.push_str("import9@acme.test,Imported 9\n");
    let job = admin.import_users(&request(&csv)).await.unwrap().job;

    // A process applies the first batch and stops before recording it.
    let handled = jobs::handle_batch(&app.state, &job.id, "stopped-process")
        .await
        .unwrap();
    assert!(
        matches!(handled, jobs::Handled::Rows { ref results, done: 3, .. } if results.len() == 3)
    );
    assert_eq!(acme_total(&app).await, before + 2, "applied");
    let unrecorded = admin.job(&job.id).await.unwrap().job;
    assert_eq!(
        (unrecorded.done, unrecorded.counts.create),
        (0, 0),
        "not recorded"
    );

    // Resumed once the lease ran out: the applied rows plan as unchanged now, yet the result
    // says what happened to them; the rest is applied as usual.
    app.clock
        .advance(tenantkit_server::db::jobs::LEASE_SECS + 1);
    while jobs::run_batch(&app.state, &job.id, "resumed")
        .await
        .unwrap()
        == Step::More
    {}
    let job = admin.job(&job.id).await.unwrap().job;
    assert_eq!(job.state, JobState::Done);
    assert_eq!(
        (job.counts.create, job.counts.update, job.counts.unchanged),
        (4, 1, 0),
        "{job:?}"
    );
    assert_eq!(acme_total(&app).await, before + 4, "each user once");
    let file = admin.job_result(&job.id).await.unwrap();
    let old = file
        .lines()
        .find(|line| line.contains(OLD))
        .unwrap_or_default();
    assert!(old.contains(",update,") && old.contains("name"), "{file}");
    assert!(file.contains("import0@acme.test,create"), "{file}");
    let planned_left: i64 =
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM job_planned_rows WHERE job_id = $1")
            .bind(&job.id)
            .fetch_one(app.db().pool())
            .await
            .unwrap();
    assert_eq!(planned_left, 0, "a recorded batch's plan is dropped");
}

async fn imports_are_bounded_and_need_a_login_id_column(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, _) = app.acme_admin().await;
    let large = format!(
        "loginId,name\na@acme.test,{}\n",
        "x".repeat(MAX_IMPORT_BYTES)
    );
    assert_wire_error(admin.import_dry_run(&request(&large)).await, 413, "E011001");
    assert_wire_error(
        admin
            .import_dry_run(&request(&new_users_csv(MAX_IMPORT_ROWS + 1)))
            .await,
        413,
        "E011001",
    );
    assert_wire_error(
        admin
            .import_users(&request(&new_users_csv(MAX_IMPORT_ROWS + 1)))
            .await,
        413,
        "E011001",
    );
    let plan = admin
        .import_dry_run(&request("shoe,name\n42,Ann\n"))
        .await
        .unwrap();
    assert!(plan.problem.contains("loginId"), "{plan:?}");
    assert!(plan.rows.is_empty());
    assert_wire_error(
        admin.import_users(&request("shoe,name\n42,Ann\n")).await,
        400,
        "E011004",
    );
    assert_wire_error(
        app.management()
            .import_dry_run(&request(&sample_csv()))
            .await,
        400,
        "E011002",
    );
}

async fn another_tenants_admin_reaches_nothing_of_acme(backend: Backend) {
    let app = setup(backend).await;
    let (acme, _) = app.acme_admin().await;
    let acme_job = acme
        .import_users(&request(&sample_csv()))
        .await
        .unwrap()
        .job;
    finished_job(&acme, &acme_job.id).await;
    let old_before = app.stored_account(&app.user(OLD).await.user_id).await;

    let (globex, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    let csv = format!("loginId,name\n{OLD},Hijacked\nnew@acme.test,Hijacked\n");
    let plan = globex.import_dry_run(&request(&csv)).await.unwrap();
    assert!(plan.rows.iter().all(|row| row.outcome == RowOutcome::Error));
    assert!(!serde_json::to_string(&plan).unwrap().contains("Olivia"));
    let job = globex.import_users(&request(&csv)).await.unwrap().job;
    let job = finished_job(&globex, &job.id).await;
    assert_eq!(job.counts.error, 2);
    assert_eq!(
        app.stored_account(&app.user(OLD).await.user_id).await,
        old_before
    );
    assert_wire_error(globex.job(&acme_job.id).await, 404, "E011404");
}

async fn an_import_never_grants_what_the_admin_does_not_hold(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    app.management()
        .create_role(&tenantkit_wire::role::CreateRoleRequest {
            name: "Helpdesk Lead".to_owned(),
            description: String::new(),
            permission_names: vec![tenantkit_wire::PERMISSION_USER_ADMIN.to_owned()],
            tenant_id: TenantId::new(seed::ACME),
        })
        .await
        .unwrap();
    app.add_user(
        new_user("lead@acme.test", "Lee", &[(seed::ACME, &["Helpdesk Lead"])]),
        Some("lead-password-1"),
    )
    .await;
    let signed_in = app
        .sign_in("lead@acme.test", "lead-password-1")
        .await
        .unwrap();
    let lead = app.widget(&signed_in.session_jwt, seed::ACME);
    let csv = format!(
        "loginId,roles\nup@acme.test,{}\nok@acme.test,Helpdesk Lead\n",
        tenantkit_wire::ROLE_TENANT_ADMIN
    );
    let plan = lead.import_dry_run(&request(&csv)).await.unwrap();
    assert_eq!(plan.rows[0].outcome, RowOutcome::Error);
    assert_eq!(plan.rows[0].column, "roles");
    assert!(
        plan.rows[0].reason.contains("which you do not hold"),
        "{:?}",
        plan.rows[0]
    );
    assert_eq!(plan.rows[1].outcome, RowOutcome::Create);
    let job = lead.import_users(&request(&csv)).await.unwrap().job;
    let job = finished_job(&lead, &job.id).await;
    assert_eq!((job.counts.create, job.counts.error), (1, 1));
    assert!(
        app.management()
            .load_user(&tenantkit_wire::LoginId::new("up@acme.test"))
            .await
            .is_err(),
        "the refused row created nobody"
    );
}
