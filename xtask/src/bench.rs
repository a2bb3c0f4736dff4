//! `cargo xtask bench-search`: the user-search latency benchmark on SQLite and PostgreSQL.
//!
//! The benchmark itself is `server/benches/user_search.rs`, a `harness = false` bench target,
//! because it drives the server library and xtask depends on the standard library only. This
//! task starts the private PostgreSQL cluster and hands its admin URL to the benchmark.

use crate::process::exec;
use crate::{TaskResult, postgres, root};
use std::process::Command;

/// Runs the benchmark in release mode; it prints a table of p50/p99 latencies.
pub fn search() -> TaskResult {
    let url = postgres::start()?;
    exec(
        Command::new("cargo")
            .current_dir(root())
            .args([
                "bench",
                "--package",
                "tenantkit-server",
                "--bench",
                "user_search",
            ])
            .env("TENANTKIT_BENCH_POSTGRES_URL", url),
    )
}
