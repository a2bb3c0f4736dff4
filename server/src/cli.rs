//! Running the commands of the command line: the glue between [`crate::config`] and the
//! library. Only this module and `main` write to stdout and stderr.

use crate::bootstrap;
use crate::capability::ProjectWide;
use crate::clock::{Clock, SystemClock};
use crate::config::{Command, ServeArgs};
use crate::db::attributes::AttributeOwner;
use crate::db::audit::Actor;
use crate::db::{Backend, Db};
use crate::error::{Error, Result};
use crate::mail::Mailer;
use crate::seed;
use crate::state::{AppState, Settings};
use std::io::Write;
use std::sync::Arc;
use tenantkit_wire::user_ops::{CustomAttribute, attribute_type};

/// Runs one command to completion.
pub async fn run(command: Command) -> Result<()> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match command {
        Command::Serve(args) => serve(args, clock).await,
        Command::ProjectId(database) => {
            let db = Db::connect(&database.database_url).await?;
            let project = bootstrap::init(&db, clock.as_ref()).await?;
            announce_initial_key(&project);
            print_line(project.id.as_str())
        }
        Command::CreateManagementKey { database, name } => {
            let db = Db::connect(&database.database_url).await?;
            let project = bootstrap::init(&db, clock.as_ref()).await?;
            announce_initial_key(&project);
            let key = bootstrap::create_management_key(&db, clock.as_ref(), &name).await?;
            print_line(key.expose())
        }
        Command::ListManagementKeys(database) => {
            let db = Db::connect(&database.database_url).await?;
            for (id, name, created, revoked) in db.management_keys().await? {
                let state = if revoked { "revoked" } else { "active" };
                print_line(&format!("{id}\t{state}\tcreated {created}\t{name}"))?;
            }
            Ok(())
        }
        Command::RevokeManagementKey { database, id } => {
            let db = Db::connect(&database.database_url).await?;
            if db.revoke_management_key(&id).await? {
                print_line(&format!("revoked {id}"))
            } else {
                Err(Error::NotFound(format!("No management key {id:?}")))
            }
        }
        Command::CreateTenantAttribute {
            database,
            name,
            kind,
            options,
            display_name,
        } => {
            let db = Db::connect(&database.database_url).await?;
            let definition = CustomAttribute {
                name,
                kind: match kind.as_str() {
                    "text" => attribute_type::TEXT,
                    "numeric" => attribute_type::NUMERIC,
                    "boolean" => attribute_type::BOOLEAN,
                    "single-select" => attribute_type::SINGLE_SELECT,
                    "multi-select" => attribute_type::ARRAY,
                    _ => attribute_type::DATE,
                },
                options,
                display_name,
                editable: true,
            };
            tenantkit_wire::validate::custom_attribute_definition(&definition)
                .map_err(Error::InvalidArguments)?;
            db.create_attribute_definitions(
                &ProjectWide::bypass_for_trusted_local_code(),
                &cli_actor(),
                AttributeOwner::Tenants,
                std::slice::from_ref(&definition),
                clock.now_ms(),
            )
            .await?;
            print_line(&format!("created tenant attribute {}", definition.name))
        }
        Command::DeleteTenantAttribute { database, name } => {
            let db = Db::connect(&database.database_url).await?;
            db.delete_attribute_definitions(
                &ProjectWide::bypass_for_trusted_local_code(),
                &cli_actor(),
                AttributeOwner::Tenants,
                std::slice::from_ref(&name),
                clock.now_ms(),
            )
            .await?;
            print_line(&format!("deleted tenant attribute {name}"))
        }
        Command::RotateSigningKey {
            database,
            secret_key,
            retire_after_secs,
        } => {
            let db = Db::connect(&database.database_url).await?;
            let (kid, retired) = bootstrap::rotate_signing_key(
                &db,
                clock.as_ref(),
                secret_key.as_ref(),
                retire_after_secs,
            )
            .await?;
            print_line(&format!("new signing key {kid}"))?;
            for kid in retired {
                print_line(&format!("retired signing key {kid}"))?;
            }
            Ok(())
        }
        Command::Reseal {
            database,
            old_secret_key,
            secret_key,
        } => {
            let db = Db::connect(&database.database_url).await?;
            let count =
                bootstrap::reseal(&db, old_secret_key.as_ref(), secret_key.as_ref()).await?;
            print_line(&format!("resealed {count} values"))
        }
    }
}

/// The command line in the audit trail.
fn cli_actor() -> Actor {
    Actor {
        actor_id: "cli".to_owned(),
        remote_address: String::new(),
    }
}

/// Deletes audit events and sign-in history older than the retention, now and every hour, while
/// the server runs.
fn spawn_audit_retention(db: Db, clock: Arc<dyn Clock>, days: i64) {
    if days <= 0 {
        return;
    }
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            let before = clock
                .now_ms()
                .saturating_sub(days.saturating_mul(86_400_000));
            match db.prune_audit(before).await {
                Ok(0) => {}
                Ok(deleted) => tracing::info!(deleted, days, "pruned old audit events"),
                Err(error) => tracing::warn!(%error, "pruning audit events failed"),
            }
            match db.prune_sign_ins(before).await {
                Ok(0) => {}
                Ok(deleted) => tracing::info!(deleted, days, "pruned old sign-in history"),
                Err(error) => tracing::warn!(%error, "pruning the sign-in history failed"),
            }
        }
    });
}

/// Merges SQLite's text indexes now and every minute while the server runs
/// ([`Db::merge_text_indexes`]): a bulk load or a busy minute leaves them in many segments.
fn spawn_text_index_merges(db: Db) {
    if db.backend() != Backend::Sqlite {
        return;
    }
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            match db.merge_text_indexes().await {
                Ok(0) => {}
                Ok(steps) => tracing::info!(steps, "merged the text indexes"),
                Err(error) => tracing::warn!(%error, "merging the text indexes failed"),
            }
        }
    });
}

/// Reloads the signing keys every minute while the server runs, so a key added by
/// `rotate-signing-key` signs here within a minute and a retired one stops verifying.
fn spawn_key_reload(state: AppState) {
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
        every_minute.tick().await;
        loop {
            every_minute.tick().await;
            if let Err(error) = state.reload_keys().await {
                tracing::warn!(%error, "reloading the signing keys failed");
            }
        }
    });
}

async fn serve(args: ServeArgs, clock: Arc<dyn Clock>) -> Result<()> {
    check_allowed_origins(&args.allowed_origins)?;
    let db = Db::connect(&args.database.database_url).await?;
    let project = bootstrap::init(&db, clock.as_ref()).await?;
    announce_initial_key(&project);
    if args.seed_demo && seed::seed_demo(&db, clock.as_ref()).await? {
        tracing::info!("seeded the demo tenants and users");
    }
    let mailer = Mailer::new(args.smtp_url.as_deref(), &args.mail_from)?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|error| Error::Internal(format!("cannot listen on {}: {error}", args.listen)))?;
    let address = listener.local_addr().map_err(Error::internal)?;
    if args.dev_outbox {
        tracing::warn!(
            "--dev-outbox: anyone who reaches this server can read the outbox; development only"
        );
    }
    let settings = Settings {
        session_ttl_secs: args.session_ttl_secs,
        refresh_ttl_secs: args.refresh_ttl_secs,
        allowed_origins: args.allowed_origins,
        trusted_proxies: args.trusted_proxies,
        public_url: args
            .public_url
            .unwrap_or_else(|| format!("http://{address}"))
            .trim_end_matches('/')
            .to_owned(),
        invite_ttl_secs: args.invite_ttl_secs,
        dev_outbox: args.dev_outbox,
        sso_allow_private_fetch: args.sso_allow_private_fetch,
        dns_resolver: args.dns_resolver,
        secret_key: args.secret_key.clone(),
        auth_failures_per_minute: args.auth_failures_per_minute,
        lockout_threshold: args.lockout_threshold,
        lockout_secs: args.lockout_secs,
        max_concurrent_hashes: args.max_concurrent_hashes,
        hash_queue: args.hash_queue,
        elements_dir: args
            .elements_dir
            .clone()
            .or_else(crate::state::built_elements_dir),
        ..Settings::default()
    };
    spawn_audit_retention(db.clone(), clock.clone(), args.audit_retention_days);
    spawn_text_index_merges(db.clone());
    let state = AppState::open_with_mailer(db, clock, settings, mailer).await?;
    spawn_key_reload(state.clone());
    crate::jobs::spawn_resumer(state.clone());
    print_line(&format!(
        "TenantKit listening on http://{address} (project {})",
        state.project_id()
    ))?;
    crate::listener::serve(listener, state, shutdown_signal())
        .await
        .map_err(Error::internal)
}

/// Refuses any `--allowed-origin` that is not an exact `scheme://host[:port]`: `*`, `null`
/// (what sandboxed iframes and `file:` pages send, so allowing it allows any of them), paths,
/// user info, queries.
fn check_allowed_origins(origins: &[String]) -> Result<()> {
    match origins.iter().find(|origin| !is_exact_origin(origin)) {
        None => Ok(()),
        Some(origin) => Err(Error::InvalidArguments(format!(
            "Invalid --allowed-origin {origin:?}: give exact origins of the form scheme://host[:port], \
             like https://app.example.com (not `*`, not `null`, no path)"
        ))),
    }
}

/// Whether `origin` reads `scheme://host[:port]` and nothing else.
fn is_exact_origin(origin: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // An IPv6 host is bracketed: `[::1]:8080`.
    let (host_ok, after_host) = match authority.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((ip, rest)) => (ip.parse::<std::net::Ipv6Addr>().is_ok(), rest),
            None => (false, ""),
        },
        None => {
            let end = authority.find(':').unwrap_or(authority.len());
            let (host, rest) = authority.split_at(end);
            let label_ok = |label: &str| {
                !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            };
            (host.split('.').all(label_ok), rest)
        }
    };
    let port_ok = after_host.is_empty()
        || after_host.strip_prefix(':').is_some_and(|port| {
            port.chars().all(|c| c.is_ascii_digit()) && port.parse::<u16>().is_ok()
        });
    scheme_ok && host_ok && port_ok
}

/// Prints the initial management key once, to stderr, when this process created the project.
fn announce_initial_key(project: &bootstrap::Project) {
    if let Some(key) = &project.initial_management_key {
        eprintln!(
            "\nCreated project {}. Its initial management key is shown ONCE, store it now:\n\n    {}\n\n\
             Use it as `Authorization: Bearer {}:<key>`. Create more with `tenantkit-server create-management-key`.\n",
            project.id,
            key.expose(),
            project.id
        );
    }
}

/// One line to stdout, flushed at once: scripts wait for it.
fn print_line(line: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")
        .and_then(|()| stdout.flush())
        .map_err(Error::internal)
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM (a process manager, `kill`): the server
/// then stops accepting and lets the requests in flight finish.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C; stop the server with a signal");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{check_allowed_origins, is_exact_origin};

    #[test]
    fn only_exact_origins_may_be_allowed() {
        for good in [
            "https://app.example.com",
            "http://localhost:5173",
            "http://127.0.0.1:8080",
            "http://[::1]:3000",
            "chrome-extension://abcdef",
        ] {
            assert!(is_exact_origin(good), "{good} is an origin");
        }
        for bad in [
            "null",
            "*",
            "",
            "https://",
            "app.example.com",
            "https://app.example.com/",
            "https://app.example.com/path",
            "https://user@app.example.com",
            "https://app.example.com:99999",
            "https://app.example.com:",
            "https://app.example.com?x=1",
            "https://*.example.com",
            "http://[::1",
            "1http://x",
        ] {
            assert!(!is_exact_origin(bad), "{bad:?} is not an origin");
        }
    }

    #[test]
    fn the_null_origin_is_refused_with_a_clear_message() {
        let refused = check_allowed_origins(&["https://ok.example".to_owned(), "null".to_owned()]);
        let message = refused
            .map_err(|error| error.to_string())
            .err()
            .unwrap_or_default();
        assert!(message.contains("\"null\""), "{message}");
        assert!(message.contains("scheme://host[:port]"), "{message}");
        assert!(check_allowed_origins(&["http://localhost:5173".to_owned()]).is_ok());
    }
}
