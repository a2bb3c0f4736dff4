//! What the storage benchmarks share: their databases, the percentiles and the table.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use tenantkit_server::Backend;

pub type BenchResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Queries measured per kind.
pub const QUERIES: usize = 200;
/// Queries run first and not measured (caches, prepared statements).
pub const WARM_UP: usize = 20;
/// Rows per page, what the widgets' largest common page shows.
pub const PAGE_SIZE: u32 = 50;
/// The measured tenant, and another one holding a tenth as much, so that the tenant filter
/// has something to filter out.
pub const TENANT: &str = "bench";
pub const OTHER_TENANT: &str = "other";

/// The exit code of benchmark `name` that ended with `result`, its error printed.
pub fn exit_code(name: &str, result: BenchResult) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{name} benchmark: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The nearest-rank percentile of sorted durations, in milliseconds.
pub fn percentile(sorted: &[Duration], percent: usize) -> f64 {
    let rank = (sorted.len() * percent).div_ceil(100).max(1);
    sorted
        .get(rank - 1)
        .map_or(f64::NAN, |duration| duration.as_secs_f64() * 1000.0)
}

/// Whether the databases of the last run are measured again (`TENANTKIT_BENCH_REUSE=1`).
pub fn reuse() -> bool {
    std::env::var("TENANTKIT_BENCH_REUSE").is_ok_and(|value| value == "1")
}

/// A fresh database of the backend: the file `target/bench/<name>.db`, or the database
/// `tk_bench_<name>` (`TENANTKIT_BENCH_PG_DATABASE` names another) on the server of the admin
/// URL. With [`reuse`], the last run's database when there is one.
pub async fn fresh_database(
    backend: Backend,
    postgres_admin_url: Option<&str>,
    name: &str,
) -> BenchResult<String> {
    match (backend, postgres_admin_url) {
        (Backend::Sqlite, _) => {
            let dir = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
                .join("bench");
            std::fs::create_dir_all(&dir)?;
            let path = dir.join(format!("{}.db", name.replace('_', "-")));
            if reuse() && path.exists() {
                return Ok(format!("sqlite://{}", path.display()));
            }
            for suffix in ["", "-wal", "-shm"] {
                let file = PathBuf::from(format!("{}{suffix}", path.display()));
                if file.exists() {
                    std::fs::remove_file(file)?;
                }
            }
            Ok(format!("sqlite://{}", path.display()))
        }
        (Backend::Postgres, Some(admin_url)) => {
            // Another name lets two runs share the cluster.
            let name = std::env::var("TENANTKIT_BENCH_PG_DATABASE")
                .unwrap_or_else(|_| format!("tk_bench_{name}"));
            sqlx::any::install_default_drivers();
            let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(admin_url).await?;
            let (server, _) = admin_url
                .rsplit_once('/')
                .ok_or("the PostgreSQL URL must end in /<database>")?;
            let exists = sqlx::query("SELECT 1 FROM pg_database WHERE datname = $1")
                .bind(&name)
                .fetch_optional(&mut admin)
                .await?
                .is_some();
            if reuse() && exists {
                return Ok(format!("{server}/{name}"));
            }
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin)
                .await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await?;
            Ok(format!("{server}/{name}"))
        }
        (Backend::Postgres, None) => Err("no PostgreSQL URL".into()),
    }
}

/// The figures of one kind of query on one backend.
#[derive(Debug)]
pub struct Row {
    pub backend: &'static str,
    pub kind: String,
    pub p50: f64,
    pub p99: f64,
    pub mean: f64,
    pub mean_total: f64,
}

impl Row {
    /// The figures of `durations` (in any order) and the totals the queries answered.
    pub fn new(
        backend: &'static str,
        kind: String,
        mut durations: Vec<Duration>,
        totals: u64,
    ) -> Self {
        durations.sort();
        let count = durations.len() as f64;
        Self {
            backend,
            kind,
            p50: percentile(&durations, 50),
            p99: percentile(&durations, 99),
            mean: durations.iter().sum::<Duration>().as_secs_f64() * 1000.0 / count,
            mean_total: totals as f64 / count,
        }
    }
}

impl Row {
    /// Says the row on stderr as soon as it is measured, so that a run stopped early keeps
    /// what it measured.
    pub fn reported(self) -> Self {
        eprintln!(
            "{}: {}: p50 {:.1} ms, p99 {:.1} ms, mean {:.1} ms, mean total {:.0}",
            self.backend, self.kind, self.p50, self.p99, self.mean, self.mean_total
        );
        self
    }
}

/// Prints the rows as a Markdown table.
pub fn print_table(rows: &[Row]) {
    println!(
        "| backend  | query                            | p50 ms | p99 ms | mean ms | mean total |"
    );
    println!(
        "|----------|----------------------------------|-------:|-------:|--------:|-----------:|"
    );
    for row in rows {
        println!(
            "| {:<8} | {:<32} | {:>6.1} | {:>6.1} | {:>7.1} | {:>10.0} |",
            row.backend, row.kind, row.p50, row.p99, row.mean, row.mean_total
        );
    }
}

/// The size a benchmark loads: the number in `var` when it is set, else `default`.
pub fn size_from_env(var: &str, default: usize) -> BenchResult<usize> {
    match std::env::var(var) {
        Ok(value) => Ok(value.parse()?),
        Err(_) => Ok(default),
    }
}

/// The rows `bench` measures on SQLite, then on PostgreSQL when `TENANTKIT_BENCH_POSTGRES_URL`
/// names an admin URL (it is given to `bench` as the second argument);
/// `TENANTKIT_BENCH_ONLY=sqlite` or `postgres` leaves the other out.
pub async fn on_both_backends<F, Fut>(bench: F) -> BenchResult<Vec<Row>>
where
    F: Fn(Backend, Option<String>) -> Fut,
    Fut: std::future::Future<Output = BenchResult<Vec<Row>>>,
{
    let only = std::env::var("TENANTKIT_BENCH_ONLY").ok();
    let mut rows = Vec::new();
    if only.as_deref().is_none_or(|only| only == "sqlite") {
        rows.extend(bench(Backend::Sqlite, None).await?);
    } else {
        println!("sqlite: skipped (TENANTKIT_BENCH_ONLY)");
    }
    match std::env::var("TENANTKIT_BENCH_POSTGRES_URL") {
        Ok(_) if only.as_deref().is_some_and(|only| only != "postgres") => {
            println!("postgres: skipped (TENANTKIT_BENCH_ONLY)")
        }
        Ok(url) => rows.extend(bench(Backend::Postgres, Some(url)).await?),
        Err(_) => println!("postgres: skipped (TENANTKIT_BENCH_POSTGRES_URL is not set)"),
    }
    Ok(rows)
}
