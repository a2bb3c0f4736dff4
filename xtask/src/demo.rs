//! `cargo xtask demo`: the API server on an embedded SQLite file with demo data, and the demo site
//! on its own origin, until Ctrl-C, SIGTERM or SIGHUP, which stop both.

use crate::process::{Background, Termination, exec};
use crate::{TaskResult, root, setup, target_dir, wasm};
use std::path::PathBuf;
use std::process::Command;

/// Demo admin password, as seeded by `tenantkit-server serve --seed-demo`.
pub const DEMO_PASSWORD: &str = "tenantkit-demo";

/// Path of a binary built by cargo in the debug profile.
pub fn debug_binary(name: &str) -> PathBuf {
    target_dir().join("debug").join(name)
}

/// Builds the server binary (debug profile, shared with the tests).
pub fn build_server() -> TaskResult {
    exec(
        Command::new("cargo")
            .current_dir(root())
            .args(["build", "--package", "tenantkit-server"]),
    )
}

/// Extracts the project id from the server's `... (project <id>)` start line.
pub fn project_id_from_banner(line: &str) -> TaskResult<String> {
    line.rsplit_once("(project ")
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .map(str::to_owned)
        .ok_or_else(|| format!("cannot read the project id from {line:?}"))
}

pub fn run() -> TaskResult {
    setup::run()?;
    wasm::build()?;
    build_server()?;
    let api_port = std::env::var("TENANTKIT_DEMO_API_PORT").unwrap_or_else(|_| "8080".to_owned());
    let site_port = std::env::var("TENANTKIT_DEMO_SITE_PORT").unwrap_or_else(|_| "8081".to_owned());
    let data_dir = root().join("target/demo");
    std::fs::create_dir_all(&data_dir)
        .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let database_url = format!("sqlite://{}", data_dir.join("tenantkit.db").display());
    let site_origin = format!("http://127.0.0.1:{site_port}");
    // Caught from before the first start, so no signal can leave a process behind.
    let termination = Termination::catch()?;

    let (mut server, banner) = Background::start(
        "api",
        Command::new(debug_binary("tenantkit-server"))
            .current_dir(root())
            .arg("serve")
            .args(["--database-url", &database_url])
            .args(["--listen", &format!("127.0.0.1:{api_port}")])
            .args(["--allowed-origin", &site_origin])
            .args(["--allowed-origin", &format!("http://localhost:{site_port}")])
            .arg("--seed-demo")
            // No SMTP server in the demo: invitation emails land in the outbox the page shows.
            .arg("--dev-outbox"),
        "listening on",
    )?;
    let project_id = project_id_from_banner(&banner)?;
    let (_site, _) = Background::start(
        "site",
        Command::new("node")
            .current_dir(root())
            .arg("demo-site/serve.mjs")
            .args(["--port", &site_port])
            .args(["--api", &format!("http://127.0.0.1:{api_port}")])
            .args(["--project-id", &project_id]),
        "Demo site on",
    )?;
    println!(
        "\n  TenantKit demo is running.\n\n  Open      {site_origin}/\n  Sign in   admin@acme.test   / {DEMO_PASSWORD}   (tenant Acme Corp)\n       or   admin@globex.test / {DEMO_PASSWORD}   (tenant Globex)\n  API       http://127.0.0.1:{api_port}  (project {project_id}, database {database_url})\n\n  Ctrl-C stops both.\n"
    );
    // On return both processes are dropped, which stops them.
    server.wait_or_stop(&termination)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_project_id_from_the_server_banner() {
        let line = "TenantKit listening on http://127.0.0.1:8080 (project P2abc)";
        assert_eq!(project_id_from_banner(line).as_deref(), Ok("P2abc"));
        assert!(project_id_from_banner("listening on http://x").is_err());
    }
}
