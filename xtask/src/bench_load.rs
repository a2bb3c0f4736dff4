//! `cargo xtask bench-load`: requests a second a release server answers for the user widget's
//! list (widget mode, `POST /v1/mgmt/user/search?tenant=acme`, 50 rows, a tenant admin's
//! session token), with `wrk` on the same machine, against `/health` in the same run.
//!
//! For each tenant size (1,000 and 100,000 users unless `--users N[,N...]` says otherwise) it
//! builds the database with the `load_fixture` bench target (the demo data, tenant `acme` grown
//! to the size), starts the release server on it, signs the demo admin in, runs `wrk` for the
//! search and for `/health`, and prints requests a second, p99 latency, their ratio, and the
//! server's peak resident memory (`VmHWM`) and, at the end, its anonymous part (`RssAnon`): the
//! peak also counts the database file's pages each SQLite connection has mapped (`mmap_size`),
//! once per connection, though the kernel holds them once in its page cache. A probe that
//! prints figures: nothing here passes or fails on a number. `--connections`, `--seconds` change
//! the load (64 connections, 10 s).

use crate::demo::{DEMO_PASSWORD, project_id_from_banner};
use crate::process::{Background, exec, probe};
use crate::{TaskResult, root, target_dir};
use std::process::Command;

/// What one wrk run measured.
struct Load {
    requests_per_second: f64,
    p99_ms: f64,
    non_2xx: u64,
}

pub fn run(args: &[String]) -> TaskResult {
    let mut sizes = vec![1_000_usize, 100_000];
    let mut connections = 64_usize;
    let mut seconds = 10_usize;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--users" => {
                sizes = value()?
                    .split(',')
                    .map(|n| {
                        n.parse()
                            .map_err(|_| format!("--users: {n} is not a number"))
                    })
                    .collect::<TaskResult<_>>()?;
            }
            "--connections" => {
                connections = value()?.parse().map_err(|_| "--connections: a number")?;
            }
            "--seconds" => seconds = value()?.parse().map_err(|_| "--seconds: a number")?,
            other => return Err(format!("bench-load: unknown option {other}")),
        }
    }
    if probe("wrk", &["--version"]).is_none() && !std::path::Path::new("/usr/bin/wrk").exists() {
        return Err("wrk is missing: run `cargo xtask setup`".to_owned());
    }
    build_release_server()?;
    let dir = target_dir().join("bench-load");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    println!(
        "| users in tenant | search req/s | search p99 ms | /health req/s | /health p99 ms | search/health | peak RSS | anonymous RSS |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for users in sizes {
        let path = dir.join(format!("load-{users}.db"));
        let url = format!("sqlite://{}", path.display());
        // The database stays between runs of the same size (building 100,000 users takes a while).
        if !path.exists() {
            exec(
                Command::new("cargo")
                    .current_dir(root())
                    .args([
                        "bench",
                        "--package",
                        "tenantkit-server",
                        "--bench",
                        "load_fixture",
                    ])
                    .env("TENANTKIT_LOAD_DB", &url)
                    .env("TENANTKIT_LOAD_USERS", users.to_string()),
            )?;
        }
        let row = measure(&url, &dir, connections, seconds)?;
        println!("| {users} | {row}");
    }
    println!(
        "\n(wrk, {connections} connections, 2 threads, {seconds} s each, on the server's machine; \
         widget-mode user search of 50 rows as the demo admin of acme)"
    );
    Ok(())
}

fn measure(
    url: &str,
    dir: &std::path::Path,
    connections: usize,
    seconds: usize,
) -> TaskResult<String> {
    let (server, project, address) = start_release_server(url, &[])?;
    let jwt = sign_in(&address, "admin@acme.test", DEMO_PASSWORD)?;
    let script = dir.join("search.lua");
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\n\
             wrk.body = '{{\"limit\":50,\"page\":0}}'\n\
             wrk.headers[\"Content-Type\"] = \"application/json\"\n\
             wrk.headers[\"Authorization\"] = \"Bearer {project}:{jwt}\"\n"
        ),
    )
    .map_err(|e| format!("{}: {e}", script.display()))?;
    let search = wrk(
        &format!("http://{address}/v1/mgmt/user/search?tenant=acme"),
        Some(&script),
        connections,
        seconds,
    )?;
    let health = wrk(
        &format!("http://{address}/health"),
        None,
        connections,
        seconds,
    )?;
    let peak = peak_rss(server.pid())?;
    let anonymous = proc_status(server.pid(), "RssAnon:")?;
    drop(server);
    if search.non_2xx > 0 {
        return Err(format!("{} search answers were not 2xx", search.non_2xx));
    }
    Ok(format!(
        "{:.0} | {:.1} | {:.0} | {:.1} | 1:{:.0} | {peak} | {anonymous} |",
        search.requests_per_second,
        search.p99_ms,
        health.requests_per_second,
        health.p99_ms,
        health.requests_per_second / search.requests_per_second.max(1.0),
    ))
}

/// Starts the release server on `url` (with `extra` flags) on a free port: the process, the
/// project id and the address it listens on.
/// `cargo build --release --package tenantkit-server`: the server every benchmark runs.
pub(crate) fn build_release_server() -> TaskResult {
    exec(Command::new("cargo").current_dir(root()).args([
        "build",
        "--release",
        "--package",
        "tenantkit-server",
    ]))
}

pub(crate) fn start_release_server(
    url: &str,
    extra: &[&str],
) -> TaskResult<(Background, String, String)> {
    let binary = target_dir().join("release").join("tenantkit-server");
    let (server, banner) = Background::start(
        "server",
        Command::new(binary)
            .args(["serve", "--listen", "127.0.0.1:0", "--database-url", url])
            .args(extra)
            .env("RUST_LOG", "error"),
        "listening on",
    )?;
    let project = project_id_from_banner(&banner)?;
    let address = banner
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or_else(|| format!("no address in {banner:?}"))?
        .to_owned();
    Ok((server, project, address))
}

/// Runs wrk against `url` and reads requests a second, p99 and the count of non-2xx answers.
fn wrk(
    url: &str,
    script: Option<&std::path::Path>,
    connections: usize,
    seconds: usize,
) -> TaskResult<Load> {
    let mut command = Command::new("wrk");
    command.args([
        "--threads",
        "2",
        "--connections",
        &connections.to_string(),
        "--duration",
        &format!("{seconds}s"),
        "--latency",
    ]);
    if let Some(script) = script {
        command.arg("--script").arg(script);
    }
    let output = command
        .arg(url)
        .output()
        .map_err(|e| format!("cannot run wrk: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!(
            "wrk failed: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let requests_per_second = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("Requests/sec:"))
        .and_then(|value| value.trim().parse().ok())
        .ok_or_else(|| format!("no Requests/sec in {text}"))?;
    let p99_ms = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("99%"))
        .and_then(|value| duration_ms(value.trim()))
        .ok_or_else(|| format!("no 99% latency in {text}"))?;
    let non_2xx = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("Non-2xx or 3xx responses:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    Ok(Load {
        requests_per_second,
        p99_ms,
        non_2xx,
    })
}

/// wrk's `12.34ms`, `850.00us`, `1.20s` in milliseconds.
fn duration_ms(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

/// `VmHWM` (peak resident memory) of process `pid`.
pub(crate) fn peak_rss(pid: u32) -> TaskResult<String> {
    proc_status(pid, "VmHWM:")
}

/// The value of the line `field` of process `pid`'s `/proc/<pid>/status`, `?` without it.
fn proc_status(pid: u32, field: &str) -> TaskResult<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("/proc/{pid}/status: {e}"))?;
    Ok(status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .map(|value| value.trim().to_owned())
        .unwrap_or_else(|| "?".to_owned()))
}

/// A password sign-in: the session JWT of the answer.
fn sign_in(address: &str, login_id: &str, password: &str) -> TaskResult<String> {
    let response = crate::bench_auth::sign_in_answer(address, login_id, password)?;
    response
        .split("\"sessionJwt\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(str::to_owned)
        .ok_or_else(|| format!("no sessionJwt in the sign-in answer: {response:?}"))
}
