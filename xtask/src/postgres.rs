//! A private PostgreSQL cluster for the tests: Debian's server binaries, a data directory under
//! /tmp, its own port, trust authentication on loopback only. Started when needed and left
//! running so the next test run reuses it; `cargo xtask pg-stop` stops it.
//!
//! Set `TENANTKIT_TEST_POSTGRES_URL` to use an existing server instead.

use crate::process::{exec, is_root, probe};
use crate::{TaskResult, setup};
use std::path::PathBuf;
use std::process::Command;

fn port() -> String {
    std::env::var("TENANTKIT_PG_PORT").unwrap_or_else(|_| "55432".to_owned())
}

fn data_root() -> PathBuf {
    std::env::var("TENANTKIT_PG_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/tmp/tenantkit-postgres"))
}

/// An admin URL tests can create databases with.
fn url() -> String {
    format!("postgres://postgres@127.0.0.1:{}/postgres", port())
}

/// A command run as the `postgres` system user when we are root (PostgreSQL refuses root).
fn as_postgres_user(program: PathBuf) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn is_ready(bin: &std::path::Path) -> bool {
    let pg_isready = bin.join("pg_isready");
    probe(
        &pg_isready.to_string_lossy(),
        &["-q", "-h", "127.0.0.1", "-p", &port()],
    )
    .is_some()
}

/// Starts the cluster (initialising it on first use) and returns its admin URL.
pub fn start() -> TaskResult<String> {
    if let Ok(url) = std::env::var("TENANTKIT_TEST_POSTGRES_URL") {
        return Ok(url);
    }
    let bin = setup::postgres_bin_dir()
        .ok_or("PostgreSQL server binaries not found; run `cargo xtask setup`")?;
    if is_ready(&bin) {
        return Ok(url());
    }
    let root = data_root();
    let data = root.join("data");
    std::fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    if is_root() {
        exec(Command::new("chown").arg("postgres:postgres").arg(&root))?;
    }
    if !data.join("PG_VERSION").exists() {
        println!(
            "xtask: initialising a private PostgreSQL cluster in {}",
            data.display()
        );
        exec(
            as_postgres_user(bin.join("initdb"))
                .args([
                    "--auth=trust",
                    "--username=postgres",
                    "--encoding=UTF8",
                    "--no-sync",
                    "-D",
                ])
                .arg(&data)
                .stdout(std::process::Stdio::null()),
        )?;
    }
    // Durability is not wanted in a throw-away test cluster: these settings make it fast.
    // `shared_buffers` as a deployment would size it (PostgreSQL's default of 128 MB is for
    // small machines): `bench-search`'s tenant of 1,000,000 members searches about 660 MB of
    // memberships and their indexes, and is measured with them in PostgreSQL's own cache.
    let options = format!(
        "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=300 -c shared_buffers=2GB",
        port(),
        root.display()
    );
    exec(
        as_postgres_user(bin.join("pg_ctl"))
            .args(["-w", "-D"])
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(root.join("server.log"))
            .arg("start")
            .stdout(std::process::Stdio::null()),
    )?;
    Ok(url())
}

/// Stops the private cluster if it runs.
pub fn stop() -> TaskResult {
    let bin = setup::postgres_bin_dir().ok_or("PostgreSQL server binaries not found")?;
    if !is_ready(&bin) {
        return Ok(());
    }
    exec(
        as_postgres_user(bin.join("pg_ctl"))
            .args(["-w", "-m", "fast", "-D"])
            .arg(data_root().join("data"))
            .arg("stop"),
    )
}
