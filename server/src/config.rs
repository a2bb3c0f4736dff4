//! The command line: subcommands, flags and their environment variables (clap derive).

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, Parser, Subcommand};
use std::net::SocketAddr;

/// TenantKit's API server: the Descope management API wire format on SQLite or PostgreSQL.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "tenantkit-server",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The flags of `serve`, accepted without the subcommand.
    #[command(flatten)]
    pub serve: ServeArgs,
}

impl Cli {
    /// The command to run, `serve` when none was given.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

/// The subcommands.
#[derive(Debug, Clone, Subcommand)]
#[expect(
    clippy::large_enum_variant,
    reason = "parsed once at start; the serve flags are most of it"
)]
pub enum Command {
    /// Run the API (the default). Creates the project on first start.
    Serve(ServeArgs),
    /// Print the project id (creating the project if the database is empty).
    ProjectId(DatabaseArgs),
    /// Create a management key and print its cleartext once.
    CreateManagementKey {
        /// The database.
        #[command(flatten)]
        database: DatabaseArgs,
        /// A name for people, e.g. what the key is for.
        #[arg(long, default_value = "cli")]
        name: String,
    },
    /// List the management keys (id, name, created, revoked); secrets are never stored.
    ListManagementKeys(DatabaseArgs),
    /// Revoke a management key by id; it stops working at once.
    RevokeManagementKey {
        /// The database.
        #[command(flatten)]
        database: DatabaseArgs,
        /// The key's id (from `list-management-keys`).
        #[arg(long)]
        id: String,
    },
    /// Define a custom attribute of tenants (the values tenants may then carry).
    CreateTenantAttribute {
        /// The database.
        #[command(flatten)]
        database: DatabaseArgs,
        /// Machine name: letters, digits and `_`.
        #[arg(long)]
        name: String,
        /// `text`, `numeric`, `boolean`, `single-select`, `multi-select` or `date`.
        #[arg(long = "type", value_parser = ["text", "numeric", "boolean", "single-select", "multi-select", "date"])]
        kind: String,
        /// Allowed values (select types), repeatable or comma-separated.
        #[arg(long = "option", value_delimiter = ',')]
        options: Vec<String>,
        /// Label shown to people.
        #[arg(long, default_value = "")]
        display_name: String,
    },
    /// Delete a tenant custom attribute definition.
    DeleteTenantAttribute {
        /// The database.
        #[command(flatten)]
        database: DatabaseArgs,
        /// The attribute's name.
        #[arg(long)]
        name: String,
    },
    /// Add a new signing key (the servers sign with it within a minute; JWKS publishes old and
    /// new) and retire the keys replaced longer ago than the longest token lifetime.
    RotateSigningKey {
        /// The database.
        #[command(flatten)]
        database: DatabaseArgs,
        /// The secret key the servers run with (it seals the new key).
        #[arg(long, env = "TENANTKIT_SECRET_KEY", hide_env_values = true, value_parser = secret)]
        secret_key: Option<tenantkit_wire::Secret>,
        /// Retire a replaced key after this many seconds: the longest token lifetime of any
        /// server on the database (`--refresh-ttl-secs`, 30 days by default) plus a margin.
        #[arg(long, default_value_t = 30 * 24 * 3600 + 3600)]
        retire_after_secs: i64,
    },
    /// Reseal every sealed value (signing keys, OIDC client secrets) with a new secret key.
    /// Stop the servers first, and start them with the new key after.
    Reseal {
        /// The database.
        #[command(flatten)]
        database: DatabaseArgs,
        /// The secret key the values are sealed with now (omit: the key kept in the database).
        #[arg(long, env = "TENANTKIT_OLD_SECRET_KEY", hide_env_values = true, value_parser = secret)]
        old_secret_key: Option<tenantkit_wire::Secret>,
        /// The new secret key (omit: the key kept in the database).
        #[arg(long, env = "TENANTKIT_SECRET_KEY", hide_env_values = true, value_parser = secret)]
        secret_key: Option<tenantkit_wire::Secret>,
    },
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// `sqlite://<file>` (created if missing) or `postgres://...`.
    #[arg(
        long,
        env = "TENANTKIT_DATABASE_URL",
        default_value = "sqlite://tenantkit.db"
    )]
    pub database_url: String,
}

/// Flags of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Address to listen on (port 0 picks a free port; the start line shows the real one).
    #[arg(long, env = "TENANTKIT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// An origin allowed to call from a browser (CORS), e.g. `https://app.example.com`.
    /// Repeatable; the environment variable takes a comma-separated list.
    #[arg(
        long = "allowed-origin",
        env = "TENANTKIT_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    pub allowed_origins: Vec<String>,
    /// A reverse proxy whose `X-Forwarded-For` header names the real client (exact IP address).
    /// Repeatable; the environment variable takes a comma-separated list. Requests from other
    /// peers are attributed to the peer, whatever headers they send.
    #[arg(
        long = "trusted-proxy",
        env = "TENANTKIT_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Add the demo tenants and users (skipped when tenant `acme` exists).
    #[arg(long, env = "TENANTKIT_SEED_DEMO", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    pub seed_demo: bool,
    /// Lifetime of session JWTs in seconds.
    #[arg(long, env = "TENANTKIT_SESSION_TTL_SECS", default_value_t = 600)]
    pub session_ttl_secs: i64,
    /// Lifetime of refresh JWTs in seconds.
    #[arg(long, env = "TENANTKIT_REFRESH_TTL_SECS", default_value_t = 30 * 24 * 3600)]
    pub refresh_ttl_secs: i64,
    /// The URL this server is reached at from a browser, for links in emails (the invitation
    /// page). Defaults to `http://<listen address>`.
    #[arg(long, env = "TENANTKIT_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The SMTP server invitation emails go through: `smtp://host:port` (plain),
    /// `smtp://host:port?tls=required` (STARTTLS), `smtps://host:port` (TLS), credentials as
    /// `smtp://user:password@host`. Without one, emails go to an in-memory outbox.
    #[arg(long, env = "TENANTKIT_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of emails.
    #[arg(
        long,
        env = "TENANTKIT_MAIL_FROM",
        default_value = "TenantKit <no-reply@tenantkit.localhost>"
    )]
    pub mail_from: String,
    /// How long an invitation link works, in seconds.
    #[arg(long, env = "TENANTKIT_INVITE_TTL_SECS", default_value_t = 7 * 24 * 3600)]
    pub invite_ttl_secs: i64,
    /// Development only: serve the in-memory outbox (emails with their one-time links) at
    /// `GET /tk/dev/outbox` to anyone who can reach the server. The demo turns it on.
    #[arg(long, env = "TENANTKIT_DEV_OUTBOX", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    pub dev_outbox: bool,
    /// Development and tests only: accept `http://` IdP URLs on loopback, and let the server
    /// fetch IdP metadata and OIDC discovery documents from loopback and private addresses
    /// (refused by default, as a guard against server-side request forgery).
    #[arg(long, env = "TENANTKIT_SSO_ALLOW_PRIVATE_FETCH", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    pub sso_allow_private_fetch: bool,
    /// The DNS server that checks tenants' domain-verification TXT records (`address:port`,
    /// UDP and TCP); without it, the system's resolvers (`/etc/resolv.conf`). Tests and
    /// air-gapped deployments point it at their own server.
    #[arg(long, env = "TENANTKIT_DNS_RESOLVER")]
    pub dns_resolver: Option<std::net::SocketAddr>,
    /// Key material that seals OIDC client secrets at rest (any long random string). Without
    /// it, a random key kept in the database is used; set it to keep secrets out of a dump.
    #[arg(long, env = "TENANTKIT_SECRET_KEY", hide_env_values = true, value_parser = secret)]
    pub secret_key: Option<tenantkit_wire::Secret>,
    /// The elements package directory (with `js/` and `pkg/`, as `cargo xtask build-wasm` makes
    /// `bindings/`) that the SSO setup page loads; defaults to this source tree's `bindings/`
    /// when it has been built.
    #[arg(long, env = "TENANTKIT_ELEMENTS_DIR")]
    pub elements_dir: Option<std::path::PathBuf>,
    /// Keep audit events this many days (checked hourly); 0 keeps them forever.
    #[arg(long, env = "TENANTKIT_AUDIT_RETENTION_DAYS", default_value_t = 365)]
    pub audit_retention_days: i64,
    /// Failed credential checks (passwords, access keys, management keys, invitation tokens)
    /// allowed per client address and minute before it gets 429; 0 disables the limit.
    #[arg(long, env = "TENANTKIT_AUTH_FAILURES_PER_MINUTE", default_value_t = 30)]
    pub auth_failures_per_minute: u32,
    /// Failed sign-ins in a row that lock a login id (or access key id); 0 never locks.
    #[arg(long, env = "TENANTKIT_LOCKOUT_THRESHOLD", default_value_t = 10)]
    pub lockout_threshold: u32,
    /// How long a lock lasts, in seconds (also how long a failure counts towards one).
    #[arg(long, env = "TENANTKIT_LOCKOUT_SECS", default_value_t = 900)]
    pub lockout_secs: i64,
    /// Passwords hashed at once (argon2id holds 19 MiB per hash); defaults to the core count.
    #[arg(long, env = "TENANTKIT_MAX_CONCURRENT_HASHES", default_value_t = crate::state::cores())]
    pub max_concurrent_hashes: usize,
    /// Password checks that may wait for a hashing slot; past that the server answers 429.
    #[arg(long, env = "TENANTKIT_HASH_QUEUE", default_value_t = 128)]
    pub hash_queue: usize,
}

/// A secret flag value (kept out of `Debug` output).
fn secret(value: &str) -> Result<tenantkit_wire::Secret, String> {
    if value.len() < 16 {
        return Err("use at least 16 characters".to_owned());
    }
    Ok(tenantkit_wire::Secret::new(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_is_the_default_command() -> Result<(), clap::Error> {
        let cli = Cli::try_parse_from(["tenantkit-server", "--listen", "127.0.0.1:0"])?;
        let Command::Serve(args) = cli.into_command() else {
            return Err(clap::Error::new(clap::error::ErrorKind::InvalidSubcommand));
        };
        assert_eq!(args.listen.port(), 0);
        assert_eq!(args.session_ttl_secs, 600);
        assert_eq!(args.refresh_ttl_secs, 2_592_000);
        assert!(!args.seed_demo);
        let defaults = crate::state::Settings::default();
        assert_eq!(
            args.auth_failures_per_minute,
            defaults.auth_failures_per_minute
        );
        assert_eq!(args.lockout_threshold, defaults.lockout_threshold);
        assert_eq!(args.lockout_secs, defaults.lockout_secs);
        assert_eq!(args.max_concurrent_hashes, defaults.max_concurrent_hashes);
        assert_eq!(args.hash_queue, defaults.hash_queue);
        Ok(())
    }

    #[test]
    fn origins_repeat_or_split_on_commas() -> Result<(), clap::Error> {
        let cli = Cli::try_parse_from([
            "tenantkit-server",
            "serve",
            "--allowed-origin",
            "http://a.test",
            "--allowed-origin",
            "http://b.test,http://c.test",
            "--seed-demo",
        ])?;
        let Command::Serve(args) = cli.into_command() else {
            return Err(clap::Error::new(clap::error::ErrorKind::InvalidSubcommand));
        };
        assert_eq!(
            args.allowed_origins,
            ["http://a.test", "http://b.test", "http://c.test"]
        );
        assert!(args.seed_demo);
        Ok(())
    }

    #[test]
    fn tenant_attributes_take_a_type_and_options() -> Result<(), clap::Error> {
        let cli = Cli::try_parse_from([
            "tenantkit-server",
            "create-tenant-attribute",
            "--name",
            "tier",
            "--type",
            "single-select",
            "--option",
            "gold,silver",
        ])?;
        let Command::CreateTenantAttribute { kind, options, .. } = cli.into_command() else {
            return Err(clap::Error::new(clap::error::ErrorKind::InvalidSubcommand));
        };
        assert_eq!(kind, "single-select");
        assert_eq!(options, ["gold", "silver"]);
        assert!(
            Cli::try_parse_from([
                "tenantkit-server",
                "create-tenant-attribute",
                "--name",
                "x",
                "--type",
                "colour"
            ])
            .is_err()
        );
        Ok(())
    }

    #[test]
    fn subcommands_take_the_database_url() -> Result<(), clap::Error> {
        let cli = Cli::try_parse_from([
            "tenantkit-server",
            "create-management-key",
            "--database-url",
            "sqlite://x.db",
            "--name",
            "e2e",
        ])?;
        let Command::CreateManagementKey { database, name } = cli.into_command() else {
            return Err(clap::Error::new(clap::error::ErrorKind::InvalidSubcommand));
        };
        assert_eq!(database.database_url, "sqlite://x.db");
        assert_eq!(name, "e2e");
        Ok(())
    }
}
