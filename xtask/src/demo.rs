//! `cargo xtask demo`: the API server on an embedded SQLite file with demo data, the demo site on
//! its own origin, and two identity providers on loopback for SSO (a SAML IdP, PyPI `pysaml2`,
//! and an OpenID provider, npm `oidc-provider`; README "SSO in the demo"), until Ctrl-C, SIGTERM
//! or SIGHUP, which stop them all.

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

/// The OIDC client the demo's OpenID provider knows (README "SSO in the demo").
pub const DEMO_OIDC_CLIENT_ID: &str = "tenantkit-demo";
/// Its secret: a demo value, printed for pasting.
pub const DEMO_OIDC_CLIENT_SECRET: &str = "tenantkit-demo-oidc-secret";

/// The people both demo identity providers sign in (their attributes; groups for the role
/// mapping), written once to `target/demo/idp-users.json`, which the IdPs read at every sign-in
/// (edit it to change an attribute between two sign-ins).
const DEMO_IDP_USERS: &str = r#"{
  "ada@saml.acme.test": {"given_name": "Ada", "family_name": "Lovelace", "name": "Ada Lovelace", "groups": ["engineers"]},
  "grace@saml.acme.test": {"given_name": "Grace", "family_name": "Hopper", "name": "Grace Hopper", "groups": ["admins"]},
  "lin@oidc.acme.test": {"given_name": "Lin", "family_name": "Chen", "name": "Lin Chen", "groups": ["engineers"]}
}
"#;

fn port(variable: &str, default: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| default.to_owned())
}

pub fn run() -> TaskResult {
    setup::run()?;
    wasm::build()?;
    build_server()?;
    let api_port = port("TENANTKIT_DEMO_API_PORT", "8080");
    let site_port = port("TENANTKIT_DEMO_SITE_PORT", "8081");
    let saml_port = port("TENANTKIT_DEMO_SAML_IDP_PORT", "8082");
    let oidc_port = port("TENANTKIT_DEMO_OIDC_IDP_PORT", "8083");
    let data_dir = root().join("target/demo");
    std::fs::create_dir_all(&data_dir)
        .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let users = data_dir.join("idp-users.json");
    if !users.exists() {
        std::fs::write(&users, DEMO_IDP_USERS)
            .map_err(|e| format!("cannot write {}: {e}", users.display()))?;
    }
    let api_url = format!("http://127.0.0.1:{api_port}");
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
            .arg("--dev-outbox")
            // The demo's identity providers are on plain http on loopback.
            .arg("--sso-allow-private-fetch"),
        "listening on",
    )?;
    let (_saml_idp, saml_ready) = Background::start(
        "saml-idp",
        Command::new(setup::python())
            .current_dir(root())
            .arg("tests/idp/saml-idp.py")
            .args(["--port", &saml_port])
            .arg("--users")
            .arg(&users)
            .arg("--dir")
            .arg(data_dir.join("saml-idp"))
            .args(["--trust", &format!("{api_url}/")]),
        "READY ",
    )?;
    let saml_metadata = json_string_field(&saml_ready, "metadataUrl")
        .ok_or_else(|| format!("cannot read the SAML IdP's start line {saml_ready:?}"))?;
    let (_oidc_idp, oidc_ready) = Background::start(
        "oidc-idp",
        Command::new("node")
            .current_dir(root())
            .arg("tests/idp/oidc-provider.mjs")
            .env("PORT", &oidc_port)
            .env("CLIENT_ID", DEMO_OIDC_CLIENT_ID)
            .env("CLIENT_SECRET", DEMO_OIDC_CLIENT_SECRET)
            .env(
                "REDIRECT_URI_PREFIX",
                format!("{api_url}/tk/v1/sso/oidc/callback?"),
            )
            .env("USERS_FILE", &users),
        "READY ",
    )?;
    let oidc_issuer = oidc_ready
        .split_once("READY ")
        .map(|(_, issuer)| issuer.trim().to_owned())
        .unwrap_or_default();
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
        "\n  TenantKit demo is running.\n\n  Open      {site_origin}/\n  Sign in   admin@acme.test   / {DEMO_PASSWORD}   (tenant Acme Corp)\n       or   admin@globex.test / {DEMO_PASSWORD}   (tenant Globex)\n  API       {api_url}  (project {project_id}, database {database_url})\n\n  SSO (README \"SSO in the demo\"): paste into the SSO tab of Acme\n  SAML IdP  metadata URL  {saml_metadata}   (pysaml2)\n  OIDC      issuer        {oidc_issuer}   (oidc-provider)\n            client ID     {DEMO_OIDC_CLIENT_ID}\n            client secret {DEMO_OIDC_CLIENT_SECRET}\n  People    {}\n\n  Ctrl-C stops them all.\n",
        users.display()
    );
    // On return both processes are dropped, which stops them.
    server.wait_or_stop(&termination)
}

/// The value of a string field of a one-line JSON object whose values need no unescaping (the
/// SAML IdP's `READY {...}` line: URLs), without a JSON parser in xtask.
fn json_string_field(line: &str, name: &str) -> Option<String> {
    let marker = format!("\"{name}\": \"");
    let start = line.find(&marker)? + marker.len();
    line[start..].split('"').next().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_url_from_the_saml_idps_start_line() {
        let line = r#"READY {"url": "http://127.0.0.1:8082", "metadataUrl": "http://127.0.0.1:8082/metadata"}"#;
        assert_eq!(
            json_string_field(line, "metadataUrl").as_deref(),
            Some("http://127.0.0.1:8082/metadata")
        );
        assert_eq!(json_string_field(line, "certificate"), None);
    }

    #[test]
    fn reads_project_id_from_the_server_banner() {
        let line = "TenantKit listening on http://127.0.0.1:8080 (project P2abc)";
        assert_eq!(project_id_from_banner(line).as_deref(), Ok("P2abc"));
        assert!(project_id_from_banner("listening on http://x").is_err());
    }
}
