//! `cargo xtask bench-auth`: what a burst of sign-ins costs the server, and what a password
//! guesser gets back. A probe that prints figures, not a test: nothing here passes or fails on a
//! number.
//!
//! It starts a release build of the server on a fresh SQLite file with the demo data (extra
//! arguments go to the server, e.g. `-- --max-concurrent-hashes 512` for the unbounded hashing of
//! before), then from 127.0.0.1:
//! 1. 64 sign-ins at once with the right password: the answers, and the server's peak resident
//!    memory (`VmHWM` of `/proc/<pid>/status`) before and after;
//! 2. 200 wrong passwords for one login id, then the right one;
//! 3. 200 wrong passwords for 200 other login ids, then the right one of the first user.

use crate::bench_load::build_release_server;
use crate::demo::{DEMO_PASSWORD, project_id_from_banner};
use crate::process::Background;
use crate::{TaskResult, target_dir};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Instant;

const CONCURRENT_SIGN_INS: usize = 64;
const GUESSES: usize = 200;

pub fn run(server_args: &[String]) -> TaskResult {
    build_release_server()?;
    let data_dir =
        std::env::temp_dir().join(format!("tenantkit-bench-auth-{}", std::process::id()));
    std::fs::create_dir_all(&data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
    let database_url = format!("sqlite://{}", data_dir.join("bench.db").display());
    let result = probe(&database_url, server_args);
    let _ = std::fs::remove_dir_all(&data_dir);
    result
}

fn probe(database_url: &str, server_args: &[String]) -> TaskResult {
    let binary = target_dir().join("release").join("tenantkit-server");
    let (server, banner) = Background::start(
        "server",
        Command::new(binary)
            .args(["serve", "--listen", "127.0.0.1:0", "--seed-demo"])
            .args(["--database-url", database_url])
            .args(server_args)
            .env("RUST_LOG", "error"),
        "listening on",
    )?;
    project_id_from_banner(&banner)?;
    let address = banner
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or_else(|| format!("no address in {banner:?}"))?
        .to_owned();
    let pid = server.pid();
    println!("server args: {server_args:?}");
    println!("before: {}", memory(pid)?);

    let started = Instant::now();
    let answers: Vec<TaskResult<u16>> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..CONCURRENT_SIGN_INS)
            .map(|_| scope.spawn(|| sign_in(&address, "admin@acme.test", DEMO_PASSWORD)))
            .collect();
        threads
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|_| Err("a thread panicked".to_owned()))
            })
            .collect()
    });
    println!(
        "{CONCURRENT_SIGN_INS} concurrent sign-ins: {} in {} ms; after: {}",
        tally(answers)?,
        started.elapsed().as_millis(),
        memory(pid)?
    );

    let one_id: Vec<_> = (0..GUESSES)
        .map(|_| sign_in(&address, "admin@globex.test", "wrong-password"))
        .collect();
    let right = sign_in(&address, "admin@globex.test", DEMO_PASSWORD)?;
    println!(
        "{GUESSES} wrong passwords for one login id: {}; then the right one: {right}",
        tally(one_id)?
    );

    let many_ids: Vec<_> = (0..GUESSES)
        .map(|n| sign_in(&address, &format!("guess{n}@acme.test"), "wrong-password"))
        .collect();
    let right = sign_in(&address, "admin@acme.test", DEMO_PASSWORD)?;
    println!(
        "{GUESSES} wrong passwords for {GUESSES} login ids from one address: {}; then a right one: {right}",
        tally(many_ids)?
    );
    Ok(())
}

/// `VmRSS` and `VmHWM` (peak) of process `pid`.
fn memory(pid: u32) -> TaskResult<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("/proc/{pid}/status: {e}"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|value| value.trim().to_owned())
            .unwrap_or_else(|| "?".to_owned())
    };
    Ok(format!(
        "VmRSS {}, peak VmHWM {}",
        field("VmRSS:"),
        field("VmHWM:")
    ))
}

/// `{status: count}` of the answers.
fn tally(answers: Vec<TaskResult<u16>>) -> TaskResult<String> {
    let mut counts = BTreeMap::new();
    for answer in answers {
        *counts.entry(answer?).or_insert(0_usize) += 1;
    }
    Ok(counts
        .iter()
        .map(|(status, count)| format!("{count}x {status}"))
        .collect::<Vec<_>>()
        .join(", "))
}

/// A password sign-in over a plain HTTP/1.1 connection: the status code.
fn sign_in(address: &str, login_id: &str, password: &str) -> TaskResult<u16> {
    let response = sign_in_answer(address, login_id, password)?;
    response
        .split_whitespace()
        .nth(1)
        .and_then(|status| status.parse().ok())
        .ok_or_else(|| format!("not an HTTP answer: {response:?}"))
}

/// A password sign-in over a plain HTTP/1.1 connection: the whole answer, status line to body
/// (the load benchmark reads its session JWT).
pub fn sign_in_answer(address: &str, login_id: &str, password: &str) -> TaskResult<String> {
    let body = format!(r#"{{"loginId":"{login_id}","password":"{password}"}}"#);
    exchange(
        address,
        &format!(
            "POST /v1/auth/password/signin HTTP/1.1\r\nHost: {address}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

/// Sends one whole HTTP/1.1 `request` (with `Connection: close`) and answers the raw response.
pub fn exchange(address: &str, request: &str) -> TaskResult<String> {
    let mut stream = TcpStream::connect(address).map_err(|e| format!("{address}: {e}"))?;
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("sending to {address}: {e}"))?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|e| format!("reading from {address}: {e}"))?;
    Ok(response)
}
