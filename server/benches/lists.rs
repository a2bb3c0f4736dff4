//! Latency of the other lists a widget pages, on SQLite and on PostgreSQL: the audit log of a
//! tenant with 1,000,000 events, its roles with their holder counts, and its access keys.
//!
//! A benchmark, not a test: it prints p50 and p99 and passes or fails on nothing. Run it with
//! `cargo xtask bench-lists`, which starts the private PostgreSQL; by hand,
//! `TENANTKIT_BENCH_POSTGRES_URL=$(cargo xtask pg-start bench) cargo bench -p tenantkit-server --bench lists`
//! (without the variable only SQLite is measured). `TENANTKIT_BENCH_EVENTS` changes the number
//! of audit events. The databases (`target/bench/lists.db`, PostgreSQL database
//! `tk_bench_lists`) stay until the next run replaces them; `TENANTKIT_BENCH_REUSE=1` measures
//! them again.
//!
//! It calls the storage layer (`Db::search_audit`, `Db::search_roles`,
//! `Db::search_access_keys`) directly with a project-wide scope and the tenant's filter, as
//! `user_search` does: the database's figures, without HTTP, JSON or authentication.

mod common;

use common::{
    BenchResult, OTHER_TENANT, PAGE_SIZE, QUERIES, Row, TENANT, WARM_UP, exit_code, fresh_database,
    on_both_backends, print_table, size_from_env,
};
use std::process::ExitCode;
use std::time::Instant;
use tenantkit_server::capability::{ProjectWide, Scope};
use tenantkit_server::db::roles::NewRole;
use tenantkit_server::db::tenants::NewTenant;
use tenantkit_server::db::users::NewUser;
use tenantkit_server::{Backend, Db};
use tenantkit_wire::access_key::AccessKeySearchRequest;
use tenantkit_wire::role::RoleSearchRequest;
use tenantkit_wire::tenant::AuditSearchRequest;
use tenantkit_wire::{LoginId, TenantId};

/// Audit events of the measured tenant unless `TENANTKIT_BENCH_EVENTS` says otherwise; the
/// other tenant gets a tenth as many.
const DEFAULT_EVENTS: usize = 1_000_000;
/// Users, roles and access keys of the measured tenant.
const USERS: usize = 10_000;
const ROLES: usize = 200;
const KEYS: usize = 10_000;
/// Rows per multi-row insert while loading, and rows per transaction.
const INSERT_ROWS: usize = 500;
const LOAD_CHUNK: usize = 50_000;
/// What the events record, one in turn.
const ACTIONS: [&str; 8] = [
    "user.create",
    "user.update",
    "user.delete",
    "user.roles",
    "role.update",
    "accesskey.create",
    "tenant.update",
    "user.status",
];
/// Events are a second apart, from this time on (epoch milliseconds).
const FIRST_EVENT_MS: i64 = 1_700_000_000_000;

/// What is listed.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// The audit log's first page, newest first.
    AuditFirst,
    /// Events of one action.
    AuditAction,
    /// Events about one user.
    AuditUser,
    /// Events of one day.
    AuditDay,
    /// Free text (a user's login id).
    AuditText,
    /// Free text many events hold (a word of an action: a quarter of the events).
    AuditTextCommon,
    /// Free text of two characters (digits, in many events).
    AuditTextShort,
    /// Free text of one or two letters no event holds: every event searched is checked.
    AuditTextShortNone,
    /// The page in the middle of the log.
    AuditDeep,
    /// The log's last page (its oldest events).
    AuditLast,
    /// The tenant's roles, each with its holder and key counts.
    Roles,
    /// Roles whose name holds a text.
    RolesText,
    /// The tenant's access keys.
    Keys,
    /// Keys whose name holds a text.
    KeysText,
    /// The page in the middle of the keys.
    KeysDeep,
}

const KINDS: [Kind; 15] = [
    Kind::AuditFirst,
    Kind::AuditAction,
    Kind::AuditUser,
    Kind::AuditDay,
    Kind::AuditText,
    Kind::AuditTextCommon,
    Kind::AuditTextShort,
    Kind::AuditTextShortNone,
    Kind::AuditDeep,
    Kind::AuditLast,
    Kind::Roles,
    Kind::RolesText,
    Kind::Keys,
    Kind::KeysText,
    Kind::KeysDeep,
];

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Self::AuditFirst => "audit, first page",
            Self::AuditAction => "audit, one action",
            Self::AuditUser => "audit, one user",
            Self::AuditDay => "audit, one day",
            Self::AuditText => "audit, text",
            Self::AuditTextCommon => "audit, text many hold",
            Self::AuditTextShort => "audit, text, 2 characters",
            Self::AuditTextShortNone => "audit, text, 1-2 characters none hold",
            Self::AuditDeep => "audit, the middle page",
            Self::AuditLast => "audit, the last page",
            Self::Roles => "roles with holder counts",
            Self::RolesText => "roles, text",
            Self::Keys => "access keys, first page",
            Self::KeysText => "access keys, text",
            Self::KeysDeep => "access keys, the middle page",
        }
    }
}

/// The `n`th user of the measured tenant's login id.
fn login_id(n: usize) -> String {
    format!("member{n}@bench.test")
}

/// Runs one search of `kind`, the `i`th of its series; returns the total it answered.
async fn run_one(db: &Db, kind: Kind, i: usize, events: usize) -> BenchResult<u64> {
    let scope = Scope::Project(ProjectWide::bypass_for_trusted_local_code());
    let audit = |change: &dyn Fn(&mut AuditSearchRequest)| {
        let mut request = AuditSearchRequest {
            tenants: vec![TENANT.to_owned()],
            size: Some(PAGE_SIZE),
            ..AuditSearchRequest::default()
        };
        change(&mut request);
        request
    };
    let roles = |text: &str| RoleSearchRequest {
        tenant_ids: vec![TenantId::new(TENANT)],
        text: text.to_owned(),
        limit: PAGE_SIZE,
        ..RoleSearchRequest::default()
    };
    let keys = |text: &str, page: u32| AccessKeySearchRequest {
        tenant_ids: vec![TenantId::new(TENANT)],
        text: text.to_owned(),
        limit: PAGE_SIZE,
        page,
        ..AccessKeySearchRequest::default()
    };
    let user = login_id(i * 37 % USERS);
    let total = match kind {
        Kind::AuditFirst => db.search_audit(&scope, &audit(&|_| {})).await?.total,
        Kind::AuditAction => {
            let action = ACTIONS[i % ACTIONS.len()].to_owned();
            db.search_audit(&scope, &audit(&|r| r.actions = vec![action.clone()]))
                .await?
                .total
        }
        Kind::AuditUser => {
            let id = user_id(i * 37 % USERS);
            db.search_audit(&scope, &audit(&|r| r.user_ids = vec![id.clone()]))
                .await?
                .total
        }
        Kind::AuditDay => {
            let day = 86_400_000;
            let from = FIRST_EVENT_MS + i64::try_from(i % 10)? * day;
            db.search_audit(
                &scope,
                &audit(&|r| {
                    r.from = Some(from);
                    r.to = Some(from + day);
                }),
            )
            .await?
            .total
        }
        Kind::AuditText => {
            db.search_audit(&scope, &audit(&|r| r.text = user.clone()))
                .await?
                .total
        }
        Kind::AuditTextCommon => {
            // "create" is in user.create and accesskey.create, "update" in three actions.
            let text = ["create", "update"][i % 2].to_owned();
            db.search_audit(&scope, &audit(&|r| r.text = text.clone()))
                .await?
                .total
        }
        Kind::AuditTextShort => {
            let text = format!("{:02}", i % 100);
            db.search_audit(&scope, &audit(&|r| r.text = text.clone()))
                .await?
                .total
        }
        Kind::AuditTextShortNone => {
            // Letters in no action, id, address or login id of the benchmark's events.
            let text = ["q", "zq", "x", "jv", "w", "fz", "vx", "qw"][i % 8].to_owned();
            db.search_audit(&scope, &audit(&|r| r.text = text.clone()))
                .await?
                .total
        }
        Kind::AuditDeep => {
            let page = u32::try_from(events / 2)? / PAGE_SIZE;
            db.search_audit(&scope, &audit(&|r| r.page = page))
                .await?
                .total
        }
        Kind::AuditLast => {
            let page = u32::try_from(events - 1)? / PAGE_SIZE;
            db.search_audit(&scope, &audit(&|r| r.page = page))
                .await?
                .total
        }
        Kind::Roles => db.search_roles(&scope, &roles("")).await?.1,
        Kind::RolesText => {
            db.search_roles(&scope, &roles(&format!("{:02}", i % 100)))
                .await?
                .1
        }
        Kind::Keys => db.search_access_keys(&scope, &keys("", 0)).await?.1,
        Kind::KeysText => {
            let text = format!("key {}", i * 53 % KEYS);
            db.search_access_keys(&scope, &keys(&text, 0)).await?.1
        }
        Kind::KeysDeep => {
            let page = u32::try_from(KEYS / 2)? / PAGE_SIZE;
            db.search_access_keys(&scope, &keys("", page)).await?.1
        }
    };
    Ok(total)
}

/// The user id the `n`th event names (the audit keeps ids as text; these name no stored user).
fn user_id(n: usize) -> String {
    format!("U{n:08}")
}

/// Runs every kind of list on `db` and returns a row of figures for each.
async fn measure(db: &Db, name: &'static str, events: usize) -> BenchResult<Vec<Row>> {
    let mut rows = Vec::new();
    // `TENANTKIT_BENCH_SLOWEST=N`: each kind's N slowest searches (by their number in the
    // series, which `run_one` turns into the text, user or day searched), to see what sets p99.
    let slowest = size_from_env("TENANTKIT_BENCH_SLOWEST", 0)?;
    for kind in KINDS {
        for i in 0..WARM_UP {
            run_one(db, kind, i, events).await?;
        }
        let mut durations = Vec::with_capacity(QUERIES);
        let mut totals = 0;
        let mut searches = Vec::with_capacity(QUERIES);
        for i in WARM_UP..WARM_UP + QUERIES {
            let started = Instant::now();
            let total = run_one(db, kind, i, events).await?;
            let elapsed = started.elapsed();
            totals += total;
            durations.push(elapsed);
            searches.push((elapsed, i, total));
        }
        rows.push(Row::new(name, kind.label().to_owned(), durations, totals).reported());
        searches.sort_by_key(|search| std::cmp::Reverse(search.0));
        for (elapsed, i, total) in searches.iter().take(slowest) {
            println!("  slow: {elapsed:.1?} for search {i} ({total} matching)");
        }
    }
    Ok(rows)
}

/// Inserts `rows` rows of `columns` into `table`, [`INSERT_ROWS`] to a statement, in
/// transactions of [`LOAD_CHUNK`] rows; `value(row, column)` is each value.
async fn insert_rows(
    db: &Db,
    table: &str,
    columns: &[&str],
    rows: usize,
    value: impl Fn(usize, usize) -> Value,
) -> BenchResult {
    for chunk_start in (0..rows).step_by(LOAD_CHUNK) {
        let mut tx = db.pool().begin().await?;
        let chunk_end = (chunk_start + LOAD_CHUNK).min(rows);
        for start in (chunk_start..chunk_end).step_by(INSERT_ROWS) {
            let end = (start + INSERT_ROWS).min(chunk_end);
            let tuples: Vec<String> = (start..end)
                .map(|row| {
                    let first = (row - start) * columns.len();
                    let params: Vec<String> = (1..=columns.len())
                        .map(|c| format!("${}", first + c))
                        .collect();
                    format!("({})", params.join(", "))
                })
                .collect();
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES {}",
                columns.join(", "),
                tuples.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for row in start..end {
                for column in 0..columns.len() {
                    query = match value(row, column) {
                        Value::Text(text) => query.bind(text),
                        Value::Int(int) => query.bind(int),
                    };
                }
            }
            query.execute(&mut *tx).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Gives key `K<n>` the member `n % 100` as its creator (the same statement on both databases).
const KEY_CREATORS: &str = "UPDATE access_keys SET created_by = (SELECT l.user_id FROM login_ids l \
     WHERE l.login_id = 'member' || (CAST(substr(access_keys.id, 2) AS INTEGER) % 100) || '@bench.test')";

/// A value to insert.
enum Value {
    Text(String),
    Int(i64),
}

/// Loads the tenants, the users holding the roles, the access keys and the audit events.
async fn load(db: &Db, name: &str, events: usize) -> BenchResult {
    let scope = ProjectWide::bypass_for_trusted_local_code();
    let now = 1_700_000_000;
    let started = Instant::now();
    db.insert_tenants(
        &scope,
        &[TENANT, OTHER_TENANT].map(|id| NewTenant {
            id: TenantId::new(id),
            name: id.to_owned(),
            ..NewTenant::default()
        }),
        now,
    )
    .await?;
    let roles: Vec<NewRole> = (0..ROLES)
        .map(|n| NewRole {
            tenant_id: TENANT.to_owned(),
            name: format!("Role {n:03}"),
            description: format!("The role number {n}"),
            permission_names: Vec::new(),
        })
        .collect();
    db.insert_roles(&scope, &roles, now).await?;
    // Each user holds one role: a role has USERS / ROLES holders.
    let users: Vec<NewUser> = (0..USERS)
        .map(|n| NewUser {
            login_id: LoginId::new(login_id(n)),
            name: format!("Member {n}"),
            tenants: vec![(
                TenantId::new(TENANT),
                vec![format!("Role {:03}", n % ROLES)],
            )],
            ..NewUser::default()
        })
        .collect();
    for chunk in users.chunks(5_000) {
        db.insert_users(&scope, chunk, now).await?;
    }
    insert_rows(
        db,
        "access_keys",
        &[
            "id",
            "tenant_id",
            "name",
            "description",
            "secret_hash",
            "created",
        ],
        KEYS,
        |n, column| match column {
            0 => Value::Text(format!("K{n:08}")),
            1 => Value::Text(TENANT.to_owned()),
            2 => Value::Text(format!("Key {n}")),
            3 => Value::Text(format!("Made for service {}", n % 100)),
            4 => Value::Text(format!("{n:064x}")),
            _ => Value::Int(now + i64::try_from(n).unwrap_or_default()),
        },
    )
    .await?;
    // Each key made by one of the first 100 members, as keys a tenant's admins create are: a
    // page of keys then reads its creators' login ids too.
    sqlx::query(KEY_CREATORS).execute(db.pool()).await?;
    let columns = [
        "id",
        "occurred",
        "actor_id",
        "user_id",
        "action",
        "tenant_id",
        "remote_address",
        "data",
    ];
    for (tenant, count) in [(TENANT, events), (OTHER_TENANT, events / 10)] {
        insert_rows(
            db,
            "audit_events",
            &columns,
            count,
            |n, column| match column {
                0 => Value::Text(format!("{tenant}-{n:010}")),
                1 => Value::Int(FIRST_EVENT_MS + i64::try_from(n).unwrap_or_default() * 1_000),
                2 => Value::Text(user_id(n * 7 % USERS)),
                3 => Value::Text(user_id(n % USERS)),
                4 => Value::Text(ACTIONS[n % ACTIONS.len()].to_owned()),
                5 => Value::Text(tenant.to_owned()),
                6 => Value::Text(format!("10.0.{}.{}", n / 256 % 256, n % 256)),
                _ => Value::Text(format!("{{\"loginId\":\"{}\"}}", login_id(n % USERS))),
            },
        )
        .await?;
    }
    println!(
        "{name}: loaded {USERS} users, {ROLES} roles, {KEYS} keys, {} events in {:.1} s",
        events + events / 10,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Whether `db` holds the events of a run with `events` already (a reused database).
async fn loaded_already(db: &Db, events: usize) -> BenchResult<bool> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE tenant_id = $1")
        .bind(TENANT)
        .fetch_one(db.pool())
        .await?;
    Ok(usize::try_from(count) == Ok(events))
}

async fn bench_backend(
    backend: Backend,
    postgres_admin_url: Option<&str>,
    events: usize,
) -> BenchResult<Vec<Row>> {
    let name = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let url = fresh_database(backend, postgres_admin_url, "lists").await?;
    let db = Db::connect(&url).await?;
    if loaded_already(&db, events).await? {
        println!("{name}: reusing the {url} of the last run");
    } else {
        load(&db, name, events).await?;
    }
    if backend == Backend::Postgres {
        // What autovacuum does shortly after a bulk load: the planner needs the statistics,
        // and the trigram index's pending entries (GIN's fast update) move into the index
        // proper. Left pending, every text search read them all: "text many hold" measured
        // 461.6 / 653.1 ms right after a load, 62.3 / 84.2 once autovacuum had run
        // (2026-12-06), as `cargo xtask bench-search` found for the users in its own round.
        sqlx::query("VACUUM (ANALYZE)").execute(db.pool()).await?;
        all_visible(&db, "audit_events").await?;
    }
    // Measure what a server started on this database sees, not the connections of the load.
    db.close().await;
    let db = Db::connect(&url).await?;
    let rows = measure(&db, name, events).await;
    db.close().await;
    rows
}

/// Vacuums `table` again until the visibility map marks every page of it all-visible, as
/// autovacuum leaves a settled table; ten tries at most. A vacuum cannot mark the pages of rows
/// newer than the oldest snapshot still open, such as autovacuum's own `ANALYZE` of the load
/// running beside it: once, 13,220 of 32,318 pages were left unmarked, and the later audit
/// pages' index-only scan read 500,001 rows from the table (88.1 / 122.7 ms against 39.6 / 67.1).
async fn all_visible(db: &Db, table: &str) -> BenchResult {
    for _ in 0..10 {
        let (pages, visible): (i32, i32) =
            sqlx::query_as("SELECT relpages, relallvisible FROM pg_class WHERE relname = $1")
                .bind(table)
                .fetch_one(db.pool())
                .await?;
        if visible >= pages {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        sqlx::query(&format!("VACUUM {table}"))
            .execute(db.pool())
            .await?;
    }
    Err(format!("{table}: the vacuum left pages not all-visible ten times").into())
}

async fn run() -> BenchResult {
    let events = size_from_env("TENANTKIT_BENCH_EVENTS", DEFAULT_EVENTS)?;
    let rows = on_both_backends(|backend, url| async move {
        bench_backend(backend, url.as_deref(), events).await
    })
    .await?;
    println!(
        "\nLists: a page of {PAGE_SIZE} in a tenant with {events} audit events ({} in the \
         database), {ROLES} roles held by {USERS} users, {KEYS} access keys; {QUERIES} queries of \
         each kind after {WARM_UP} unmeasured ones, one at a time, the storage layer called \
         directly.\n",
        events + events / 10
    );
    print_table(&rows);
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    exit_code("lists", run().await)
}
