//! `cargo xtask <task>`: the one entry point for TenantKit's project tasks.
//!
//! The README's two commands are `cargo xtask demo` and `cargo xtask test`; both begin with the
//! idempotent `setup` step, so a fresh Debian machine with only rustup, Node/npm and Python needs
//! nothing else. CI (`.ci/run`) calls `cargo xtask test`.

mod bench;
mod bench_auth;
mod bench_element;
mod bench_import;
mod bench_load;
mod demo;
mod postgres;
mod process;
mod setup;
mod test;
mod wasm;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  demo        set up, build, and start the demo (API server on SQLite with demo data + demo site)
  test        set up, then run every test: lints, server tests on SQLite and PostgreSQL,
              browser tests in headless Chromium, end-to-end tests, the packed npm package
              as a consumer meets it (`test package`), compatibility with Descope's SDKs
  setup       install what the project needs (idempotent; seconds when already done)
  build-wasm  build the release WebAssembly bundle into bindings/pkg
  size        build-wasm, then report raw, gzip -9 and brotli sizes of wasm + JS
  pg-start [tests|bench]
              start the private PostgreSQL of the tests (in memory) or of the benchmarks
              (on disk) and print its URL
  pg-stop     stop both
  bench-search [-- --users N] [--sqlite-only]
              p50/p99 latency of the user search in a tenant of 100,000 (or N) users, on SQLite
              and on the private PostgreSQL (a release build of the server library)
  bench-lists [-- --events N] [--sqlite-only]
              p50/p99 latency of the audit log (1,000,000 or N events), roles with holder
              counts and access keys of a tenant, on SQLite and on the private PostgreSQL
  bench-load [-- --users N[,N...]] [--connections C] [--seconds S]
              requests a second and p99 of the user widget's list (widget-mode search, 50 rows)
              against a release server at 1,000 and 100,000 users, with wrk, beside /health,
              and the server's peak resident memory
  bench-import [-- --rows N]
              a CSV import of 10,000 (or N) users through a release server on SQLite and on
              the private PostgreSQL: dry run and apply time, the server's peak memory
  bench-element [-- --runs N]
              one element on a page, cold, in headless Chromium against a release server: the
              requests of ours before tk-ready and the median connectedCallback -> rows painted
  bench-auth [-- <server flags>]
              a release server's peak memory under 64 concurrent sign-ins, and what 200 wrong
              passwords (one login id, then many) get back
";

/// Result type of every task: the error is a message for the person at the terminal.
pub type TaskResult<T = ()> = Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // What a benchmark task is given after its name (`cargo xtask bench-load -- --users 1000`).
    let rest: Vec<String> = args
        .get(1..)
        .unwrap_or_default()
        .iter()
        .skip_while(|arg| *arg == "--")
        .cloned()
        .collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo::run(),
        Some("test") => test::run(&args[1..]),
        Some("setup") => setup::run(),
        Some("build-wasm") => setup::run().and_then(|()| wasm::build()),
        Some("size") => setup::run()
            .and_then(|()| wasm::build())
            .and_then(|()| wasm::report_size()),
        Some("pg-start") => match rest.first().map(String::as_str) {
            None | Some("tests") => postgres::start(postgres::Cluster::Tests),
            Some("bench") => postgres::start(postgres::Cluster::Bench),
            Some(other) => Err(format!("pg-start takes `tests` or `bench`, not {other:?}")),
        }
        .map(|url| println!("{url}")),
        Some("pg-stop") => postgres::stop(),
        Some("bench-search") => bench::search(&rest),
        Some("bench-lists") => bench::lists(&rest),
        Some("bench-load") => bench_load::run(&rest),
        Some("bench-auth") => bench_auth::run(&rest),
        Some("bench-import") => bench_import::run(&rest),
        Some("bench-element") => setup::run().and_then(|()| bench_element::run(&rest)),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's directory). `cargo xtask` (`cargo run`) says
/// which checkout it runs in through `CARGO_MANIFEST_DIR` at run time; the path compiled in is
/// the fallback. Two checkouts sharing one target directory (a clean clone tested with the
/// main tree's `CARGO_TARGET_DIR`) share one xtask binary, and the path compiled in is then the
/// other checkout's whenever cargo did not rebuild it.
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

/// Cargo's target directory (`CARGO_TARGET_DIR` or `<root>/target`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}
