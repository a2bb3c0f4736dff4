//! `cargo xtask test`: every test of every layer, in the order that fails fastest.
//!
//! 1. lint: rustfmt, clippy (native and wasm32, warnings are errors)
//! 2. native: wire, client, widget-logic and xtask unit tests, and the server's integration tests
//!    on SQLite and on a private PostgreSQL
//! 3. browser: wasm-bindgen tests of the widgets and custom elements in headless Chromium, against
//!    a real server with demo data
//! 4. e2e: the release bundle on the demo site, driven by Playwright in Chromium
//! 5. package: the npm package as a first-time consumer meets it, from the packed tarball: its
//!    contents and manifests, `tsc --strict`, the autoload entry from a script tag, the React and
//!    Vue wrappers in a Vite app, server-side rendering in Node (`tests/package/`)
//! 6. compat: Descope's own SDKs (npm `@descope/node-sdk`, PyPI `descope`) calling the real server
//!
//! `cargo xtask test lint native` runs only the named steps.

use crate::demo::{build_server, debug_binary, project_id_from_banner};
use crate::process::{Background, exec};
use crate::{TaskResult, postgres, root, setup, wasm};
use std::process::Command;
use std::time::Instant;

const STEPS: [&str; 6] = ["lint", "native", "browser", "e2e", "package", "compat"];

pub fn run(args: &[String]) -> TaskResult {
    for arg in args {
        if !STEPS.contains(&arg.as_str()) {
            return Err(format!(
                "unknown test step {arg:?}; steps are {}",
                STEPS.join(", ")
            ));
        }
    }
    let selected = |step: &str| args.is_empty() || args.iter().any(|a| a == step);
    let started = Instant::now();
    setup::run()?;
    let mut timings = Vec::new();
    for step in STEPS.into_iter().filter(|s| selected(s)) {
        let step_started = Instant::now();
        println!("\nxtask: ===== test step: {step} =====");
        match step {
            "lint" => lint()?,
            "native" => native()?,
            "browser" => browser()?,
            "e2e" => e2e()?,
            "package" => package()?,
            _ => compat()?,
        }
        timings.push((step, step_started.elapsed().as_secs_f64()));
    }
    println!(
        "\nxtask: all tests passed in {:.0}s",
        started.elapsed().as_secs_f64()
    );
    for (step, seconds) in timings {
        println!("  {step:<8} {seconds:>6.0}s");
    }
    Ok(())
}

fn cargo() -> Command {
    let mut command = Command::new("cargo");
    command.current_dir(root());
    command
}

fn lint() -> TaskResult {
    exec(cargo().args(["fmt", "--all", "--check"]))?;
    exec(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    exec(
        cargo()
            .args([
                "clippy",
                "--package",
                "tenantkit-wire",
                "--package",
                "tenantkit-client",
            ])
            .args([
                "--package",
                "tenantkit-widgets",
                "--package",
                "tenantkit-bindings",
            ])
            .args([
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
    )
}

fn native() -> TaskResult {
    let postgres_url = postgres::start(postgres::Cluster::Tests)?;
    exec(
        cargo()
            .env("TENANTKIT_TEST_POSTGRES_URL", &postgres_url)
            .args([
                "test",
                "--package",
                "tenantkit-wire",
                "--package",
                "tenantkit-client",
            ])
            .args(["--package", "tenantkit-server", "--package", "xtask"]),
    )?;
    // The widgets' pure logic (state, validation, CSV, catalog) is tested natively; their
    // components are tested in the browser step.
    exec(cargo().args(["test", "--package", "tenantkit-widgets", "--lib"]))
}

/// Starts a seeded server for the browser tests on fixed loopback ports.
fn start_test_server(
    database: &str,
    api_port: u16,
    origin: &str,
) -> TaskResult<(Background, String)> {
    let path = root().join("target/tk-test").join(database);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let (server, banner) = Background::start(
        "api",
        Command::new(debug_binary("tenantkit-server"))
            .arg("serve")
            .args(["--database-url", &format!("sqlite://{}", path.display())])
            .args(["--listen", &format!("127.0.0.1:{api_port}")])
            .args(["--allowed-origin", origin])
            .arg("--seed-demo")
            // The SSO tests paste metadata whose URLs are on loopback.
            .arg("--sso-allow-private-fetch")
            // The invitation tests read the emailed links.
            .arg("--dev-outbox"),
        "listening on",
    )?;
    let project_id = project_id_from_banner(&banner)?;
    Ok((server, project_id))
}

fn browser() -> TaskResult {
    build_server()?;
    // Two checkouts on one machine can run their browser tests at once by choosing other ports.
    let api_port: u16 = std::env::var("TENANTKIT_BROWSER_TEST_PORT")
        .ok()
        .and_then(|port| port.parse().ok())
        .unwrap_or(18090);
    let runner_address = format!("127.0.0.1:{}", api_port + 1);
    let (_server, project_id) =
        start_test_server("browser.db", api_port, &format!("http://{runner_address}"))?;
    // ChromeDriver gives every test binary's Chromium a fresh profile in the temporary folder and
    // leaves it there, HTTP cache and all: about 80 MB each, over 2 GB a run. Those profiles go
    // in a folder of ours, removed after the step whatever its outcome.
    let scratch = root().join("target/tk-test/browser-tmp");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let outcome = exec(
        cargo()
            .env("TMPDIR", &scratch)
            .env("TENANTKIT_TEST_API", format!("http://127.0.0.1:{api_port}"))
            .env("TENANTKIT_TEST_PROJECT_ID", &project_id)
            .env("WASM_BINDGEN_TEST_ADDRESS", &runner_address)
            .env("WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION", "1")
            .env("WASM_BINDGEN_TEST_TIMEOUT", "60")
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .args([
                "test",
                "--package",
                "tenantkit-widgets",
                "--package",
                "tenantkit-bindings",
            ])
            .args(["--target", "wasm32-unknown-unknown"]),
    );
    let _ = std::fs::remove_dir_all(&scratch);
    outcome
}

fn e2e() -> TaskResult {
    build_server()?;
    wasm::build()?;
    // The demo-command test runs this very binary as `cargo xtask demo` would.
    let xtask = std::env::current_exe().map_err(|e| format!("cannot find xtask itself: {e}"))?;
    exec(
        Command::new("node")
            .current_dir(root())
            .env("TENANTKIT_SERVER_BIN", debug_binary("tenantkit-server"))
            .env("TENANTKIT_XTASK_BIN", xtask)
            .args(["--test", "--test-concurrency=1", "tests/e2e/"]),
    )
}

/// The packed npm package against a first-time consumer's checks (`tests/package/`).
fn package() -> TaskResult {
    build_server()?;
    wasm::build()?;
    exec(
        Command::new("node")
            .current_dir(root())
            .env("TENANTKIT_SERVER_BIN", debug_binary("tenantkit-server"))
            .args(["--test", "--test-concurrency=1", "tests/package/"]),
    )
}

/// Clients nobody here wrote, configured only with the server's URL, project id and a management
/// key: proof that the server speaks the wire format.
fn compat() -> TaskResult {
    build_server()?;
    exec(
        Command::new("node")
            .current_dir(root())
            .env("TENANTKIT_SERVER_BIN", debug_binary("tenantkit-server"))
            .env("TENANTKIT_PYTHON", setup::python())
            .args(["--test", "--test-concurrency=1", "tests/compat/"]),
    )
}
