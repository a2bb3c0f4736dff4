//! `cargo xtask bench-import`: a CSV import of 10,000 new users (or `--rows N`) into the demo's
//! tenant `acme` through a release server, on SQLite and on the private PostgreSQL: the dry
//! run's time, the apply's time (from the request to the job's `done`, polled every 100 ms) and
//! the server's peak resident memory (`VmHWM`). A probe that prints figures; the goals (dry run
//! <= 2 s, apply <= 20 s) are for the person reading them.

use crate::bench_load::build_release_server;
use crate::demo::DEMO_PASSWORD;
use crate::process::exec;
use crate::{TaskResult, postgres, target_dir};
use std::process::Command;
use std::time::{Duration, Instant};

/// The PostgreSQL database the benchmark makes afresh on the private cluster.
const PG_DATABASE: &str = "tk_bench_import";

pub fn run(args: &[String]) -> TaskResult {
    let mut rows = 10_000_usize;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rows" => {
                rows = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--rows needs a number")?;
            }
            other => return Err(format!("bench-import: unknown option {other}")),
        }
    }
    build_release_server()?;
    let dir = target_dir().join("bench-import");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let csv = users_csv(rows);
    println!("| database | rows | dry run | apply (to done) | peak RSS |");
    println!("|---|---:|---:|---:|---:|");
    let sqlite = dir.join("import.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", sqlite.display()));
    }
    let row = measure(&format!("sqlite://{}", sqlite.display()), &csv)?;
    println!("| SQLite | {rows} | {row}");
    let row = measure(&fresh_postgres()?, &csv)?;
    println!("| PostgreSQL | {rows} | {row}");
    println!(
        "\n(release server on this machine, widget mode as the demo admin of acme; each row a new \
         user with a name, an email, a role and a custom attribute)"
    );
    Ok(())
}

/// `rows` new acme users.
fn users_csv(rows: usize) -> String {
    let mut csv = String::from("loginId,email,givenName,familyName,roles,plan\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "bench{i}@acme.test,bench{i}@acme.test,Bench,User {i},Support Agent,team\n"
        ));
    }
    csv
}

/// A new, empty database on the private PostgreSQL.
fn fresh_postgres() -> TaskResult<String> {
    let admin = postgres::start(postgres::Cluster::Bench)?;
    let psql = crate::setup::postgres_bin_dir()
        .ok_or("PostgreSQL is missing: run `cargo xtask setup`")?
        .join("psql");
    for statement in [
        format!("DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"),
        format!("CREATE DATABASE {PG_DATABASE}"),
    ] {
        exec(Command::new(&psql).args([admin.as_str(), "-qc", &statement]))?;
    }
    let (server, _) = admin
        .rsplit_once('/')
        .ok_or("a PostgreSQL URL ends in /<db>")?;
    Ok(format!("{server}/{PG_DATABASE}"))
}

/// Starts a release server with the demo data on `url`, runs the dry run and the import, and
/// returns the table row's cells.
fn measure(url: &str, csv: &str) -> TaskResult<String> {
    let (server, project, address) =
        crate::bench_load::start_release_server(url, &["--seed-demo"])?;
    let answer = crate::bench_auth::sign_in_answer(&address, "admin@acme.test", DEMO_PASSWORD)?;
    let jwt = field(&answer, "sessionJwt")?;
    let authorization = format!("Bearer {project}:{jwt}");
    let call = |method: &str, path: &str, body: &str| {
        request(&address, &authorization, method, path, body)
    };

    let started = Instant::now();
    let plan = call("POST", "/tk/v1/mgmt/user/import/dryrun?tenant=acme", csv)?;
    let dry_run = started.elapsed();
    if !plan.contains("\"create\":") || plan.contains("\"errorCode\"") {
        return Err(format!(
            "the dry run failed: {}",
            &plan[..plan.len().min(300)]
        ));
    }
    let started = Instant::now();
    let job = call("POST", "/tk/v1/mgmt/user/import?tenant=acme", csv)?;
    let id = field(&job, "id")?;
    loop {
        let progress = call("GET", &format!("/tk/v1/mgmt/job?id={id}&tenant=acme"), "")?;
        if progress.contains("\"state\":\"done\"") {
            break;
        }
        if progress.contains("\"state\":\"failed\"") || progress.contains("\"errorCode\"") {
            return Err(format!("the import failed: {progress}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let apply = started.elapsed();
    let peak = crate::bench_load::peak_rss(server.pid())?;
    drop(server);
    Ok(format!(
        "{:.2} s | {:.2} s | {peak} |",
        dry_run.as_secs_f64(),
        apply.as_secs_f64()
    ))
}

/// One HTTP/1.1 request (`text/csv` body when given): the answer's body.
fn request(
    address: &str,
    authorization: &str,
    method: &str,
    path: &str,
    body: &str,
) -> TaskResult<String> {
    let response = crate::bench_auth::exchange(
        address,
        &format!(
            "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: {authorization}\r\n\
             Content-Type: text/csv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )?;
    Ok(response
        .split_once("\r\n\r\n")
        .map_or(response.clone(), |(_, body)| body.to_owned()))
}

/// The string value of `"name":"..."` in a JSON answer.
fn field(json: &str, name: &str) -> TaskResult<String> {
    json.split(&format!("\"{name}\":\""))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(str::to_owned)
        .ok_or_else(|| format!("no {name} in {}", &json[..json.len().min(300)]))
}
