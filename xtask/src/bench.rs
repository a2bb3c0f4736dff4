//! `cargo xtask bench-search`: the user-search latency benchmark on SQLite and PostgreSQL.
//!
//! The benchmark itself is `server/benches/user_search.rs`, a `harness = false` bench target,
//! because it drives the server library and xtask depends on the standard library only. This
//! task starts the private PostgreSQL cluster and hands its admin URL to the benchmark.

use crate::process::exec;
use crate::{TaskResult, postgres, root};
use std::process::Command;

/// Runs the benchmark in release mode; it prints a table of p50/p99 latencies. `args`:
/// `--users N` (users in the measured tenant, default 100,000; `--users 1000000` is the large
/// run) and `--sqlite-only`.
pub fn search(args: &[String]) -> TaskResult {
    let mut command = Command::new("cargo");
    command.current_dir(root()).args([
        "bench",
        "--package",
        "tenantkit-server",
        "--bench",
        "user_search",
    ]);
    let mut args = args.iter();
    let mut sqlite_only = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--users" => {
                let users = args.next().ok_or("--users needs a number")?;
                users
                    .parse::<usize>()
                    .map_err(|_| format!("--users {users}: not a number"))?;
                command.env("TENANTKIT_BENCH_USERS", users);
            }
            "--sqlite-only" => sqlite_only = true,
            other => return Err(format!("bench-search: unknown option {other}")),
        }
    }
    if !sqlite_only {
        command.env("TENANTKIT_BENCH_POSTGRES_URL", postgres::start()?);
    }
    exec(&mut command)
}
