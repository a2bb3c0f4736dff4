//! `cargo xtask bench-search` and `bench-lists`: the storage benchmarks on SQLite and PostgreSQL.
//!
//! The benchmarks themselves are `server/benches/user_search.rs` and `server/benches/lists.rs`,
//! `harness = false` bench targets, because they drive the server library and xtask depends on
//! the standard library only. These tasks start the private PostgreSQL cluster and hand its
//! admin URL to the benchmark.

use crate::process::exec;
use crate::{TaskResult, postgres, root};
use std::process::Command;

/// Runs the user-search benchmark in release mode; it prints a table of p50/p99 latencies.
/// `args`: `--users N` (users in the measured tenant, default 100,000; `--users 1000000` is the
/// large run) and `--sqlite-only`.
pub fn search(args: &[String]) -> TaskResult {
    run("user_search", "--users", "TENANTKIT_BENCH_USERS", args)
}

/// Runs the lists benchmark (audit log, roles, access keys) in release mode. `args`:
/// `--events N` (audit events of the measured tenant, default 1,000,000) and `--sqlite-only`.
pub fn lists(args: &[String]) -> TaskResult {
    run("lists", "--events", "TENANTKIT_BENCH_EVENTS", args)
}

/// Runs bench target `bench`; `size_flag`'s number goes to the benchmark as `size_variable`.
fn run(bench: &str, size_flag: &str, size_variable: &str, args: &[String]) -> TaskResult {
    let mut command = Command::new("cargo");
    command
        .current_dir(root())
        .args(["bench", "--package", "tenantkit-server", "--bench", bench]);
    let mut args = args.iter();
    let mut sqlite_only = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            flag if flag == size_flag => {
                let size = args.next().ok_or(format!("{size_flag} needs a number"))?;
                size.parse::<usize>()
                    .map_err(|_| format!("{size_flag} {size}: not a number"))?;
                command.env(size_variable, size);
            }
            "--sqlite-only" => sqlite_only = true,
            other => return Err(format!("bench {bench}: unknown option {other}")),
        }
    }
    if !sqlite_only {
        command.env(
            "TENANTKIT_BENCH_POSTGRES_URL",
            postgres::start(postgres::Cluster::Bench)?,
        );
    }
    exec(&mut command)
}
