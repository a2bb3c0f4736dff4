//! The test harness: a fresh database per test on either backend, the real router served on
//! 127.0.0.1:0 in-process, and ready actors (a management-key client, a signed-in tenant admin
//! in widget mode, ...), in the style of crates.io's `TestApp`.

use std::sync::Arc;
use tenantkit_client::{ApiError, Client, Credential, TenantClient};
use tenantkit_server::auth::{password, token};
use tenantkit_server::capability::ProjectWide;
use tenantkit_server::db::project::StoredSigningKey;
use tenantkit_server::db::users::NewUser;
use tenantkit_server::mail::Mailer;
use tenantkit_server::{AppState, Clock, Db, ManualClock, Settings, SystemClock, bootstrap, seed};
use tenantkit_wire::role::CreateRoleRequest;
use tenantkit_wire::user_ops::{CreateUserRequest, UserTenantInput};
use tenantkit_wire::{
    Claims, ErrorBody, LoginId, ProjectId, Secret, SignInRequest, SignInResponse, TenantId, UserId,
    UserStatus,
};

/// The database engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates, for each `async fn name(backend: Backend)`, a module `name` with a `sqlite` and a
/// `postgres` test.
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::util::Backend::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                super::$name($crate::util::Backend::Postgres).await
            }
        }
    )*};
}
pub(crate) use backend_tests;

fn random_suffix() -> String {
    use rand::Rng;
    use rand::distributions::Alphanumeric;
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(12)
        .map(char::from)
        .collect::<String>()
        .to_lowercase()
}

/// A name for the migrations of `backend` as they are now: a template made by other migrations
/// has another name, and is not used.
fn migrations_fingerprint(backend: Backend) -> String {
    use std::hash::{Hash, Hasher};
    let folder = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("read the migrations")
        .map(|entry| entry.expect("list the migrations").path())
        .collect();
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in files {
        file.file_name().hash(&mut hasher);
        std::fs::read(&file)
            .expect("read a migration")
            .hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// The SQLite file every test's database is a copy of: every migration run on an empty
/// database, made once for each set of migrations in the temporary folder and published by a
/// rename, so test processes side by side make or find the same file.
async fn sqlite_template() -> &'static std::path::Path {
    static TEMPLATE: tokio::sync::OnceCell<std::path::PathBuf> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let fingerprint = migrations_fingerprint(Backend::Sqlite);
            let path = std::env::temp_dir().join(format!("tenantkit-template-{fingerprint}.db"));
            if path.exists() {
                return path;
            }
            let suffix = random_suffix();
            let scratch = std::env::temp_dir().join(format!("tenantkit-migrating-{suffix}.db"));
            let staged = std::env::temp_dir().join(format!("tenantkit-staged-{suffix}.db"));
            let db = Db::connect(&format!("sqlite://{}", scratch.display()))
                .await
                .expect("migrate the template");
            // One file, whatever the journal holds.
            sqlx::query(&format!("VACUUM INTO '{}'", staged.display()))
                .execute(db.pool())
                .await
                .expect("write the template");
            db.close().await;
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
            }
            std::fs::rename(&staged, &path).expect("publish the template");
            path
        })
        .await
}

/// The PostgreSQL database every test's database is created from (`CREATE DATABASE ...
/// TEMPLATE`): every migration run on an empty database, made once for each set of migrations
/// and published by a rename, so test processes side by side make or find the same one.
async fn postgres_template(admin_url: &str) -> &'static str {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("tk_template_{}", migrations_fingerprint(Backend::Postgres));
            let mut admin = postgres_admin(admin_url).await;
            let found: Option<i32> =
                sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
                    .bind(&name)
                    .fetch_optional(&mut admin)
                    .await
                    .expect("look for the template");
            if found.is_some() {
                return name;
            }
            let staged = format!("tk_staged_{}", random_suffix());
            sqlx::query(&format!("CREATE DATABASE {staged}"))
                .execute(&mut admin)
                .await
                .expect("create the template");
            let db = Db::connect(&postgres_database_url(admin_url, &staged))
                .await
                .expect("migrate the template");
            db.close().await;
            let renamed = sqlx::query(&format!("ALTER DATABASE {staged} RENAME TO {name}"))
                .execute(&mut admin)
                .await;
            if renamed.is_err() {
                // Another process published it first.
                sqlx::query(&format!("DROP DATABASE {staged}"))
                    .execute(&mut admin)
                    .await
                    .expect("drop the unused template");
            }
            name
        })
        .await
}

fn postgres_admin_url() -> String {
    std::env::var("TENANTKIT_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "TENANTKIT_TEST_POSTGRES_URL is not set, so the PostgreSQL half of the server tests \
             cannot run. Run `cargo xtask test`, or \
             `TENANTKIT_TEST_POSTGRES_URL=$(cargo xtask pg-start) cargo test -p tenantkit-server`."
        )
    })
}

async fn postgres_admin(admin_url: &str) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    <sqlx::AnyConnection as sqlx::Connection>::connect(admin_url)
        .await
        .expect("connect to TENANTKIT_TEST_POSTGRES_URL")
}

/// The URL of database `name` on the server of `admin_url`.
fn postgres_database_url(admin_url: &str, name: &str) -> String {
    match admin_url.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => panic!("TENANTKIT_TEST_POSTGRES_URL must end in /<database>"),
    }
}

/// A new project's signing key, made once for the whole process: making a 2048-bit RSA key
/// took a good part of a second, a third of a small test's time.
fn signing_key(clock: &ManualClock) -> StoredSigningKey {
    static KEY: std::sync::OnceLock<StoredSigningKey> = std::sync::OnceLock::new();
    let key = KEY.get_or_init(|| token::generate_signing_key(0).expect("a signing key"));
    StoredSigningKey {
        created: clock.now(),
        ..key.clone()
    }
}

/// A database that exists for one test: a temporary SQLite file, or a PostgreSQL database with
/// a random name. Removed (dropped) when the value is dropped, even when the test panics.
#[derive(Debug)]
pub struct TestDatabase {
    pub url: String,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    Files(std::path::PathBuf),
    Database { admin_url: String, name: String },
}

impl TestDatabase {
    /// A copy of the migrated, empty database of `backend` ([`sqlite_template`],
    /// [`postgres_template`]): what running every migration would make, without running them
    /// again for each test.
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let path =
                    std::env::temp_dir().join(format!("tenantkit-test-{}.db", random_suffix()));
                std::fs::copy(sqlite_template().await, &path).expect("copy the template");
                Self {
                    url: format!("sqlite://{}", path.display()),
                    cleanup: Cleanup::Files(path),
                }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let template = postgres_template(&admin_url).await;
                let name = format!("tk_test_{}", random_suffix());
                let mut admin = postgres_admin(&admin_url).await;
                sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                    .execute(&mut admin)
                    .await
                    .expect("create the test database");
                Self {
                    url: postgres_database_url(&admin_url, &name),
                    cleanup: Cleanup::Database { admin_url, name },
                }
            }
        }
    }

    pub async fn connect(&self) -> Db {
        Db::connect(&self.url)
            .await
            .expect("connect to the test database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Files(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime: use a thread with its own.
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    runtime.block_on(async {
                        let mut admin =
                            <sqlx::AnyConnection as sqlx::Connection>::connect(&admin_url)
                                .await
                                .ok()?;
                        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&mut admin)
                            .await
                            .ok()
                    })
                });
                let _ = dropped.join();
            }
        }
    }
}

/// Most users [`TestApp::insert_users`] inserts in one transaction. On PostgreSQL each new user
/// updates the same rows of kept counts (a tenant's members, its statuses, its name starts),
/// and each update in a transaction walks every version the transaction made of that row
/// before: 10,000 users in one took 18-19 s, about 1.8 ms each (README, issue 17's
/// twenty-seventh round).
const USERS_PER_INSERT: usize = 1_000;

/// Options of a [`TestApp`].
#[derive(Debug)]
pub struct TestAppBuilder {
    backend: Backend,
    seed: bool,
    settings: Settings,
    database: Option<TestDatabase>,
    smtp_url: Option<String>,
}

impl TestAppBuilder {
    /// Adds the demo data (tenants acme and globex, their admins, 60 users).
    pub fn with_demo_seed(mut self) -> Self {
        self.seed = true;
        self
    }

    /// Allows a browser origin (CORS).
    pub fn with_allowed_origin(mut self, origin: &str) -> Self {
        self.settings.allowed_origins.push(origin.to_owned());
        self
    }

    /// Sends mail through the SMTP server at `url` instead of the outbox.
    pub fn with_smtp(mut self, url: &str) -> Self {
        self.smtp_url = Some(url.to_owned());
        self
    }

    /// Changes the settings.
    pub fn with_settings(mut self, change: impl FnOnce(&mut Settings)) -> Self {
        change(&mut self.settings);
        self
    }

    /// Starts on an existing (possibly already initialised) database.
    pub fn on(mut self, database: TestDatabase) -> Self {
        self.database = Some(database);
        self
    }

    pub async fn start(self) -> TestApp {
        // Server-side failures are logged (never sent to the client): show them in the output of
        // the test that failed.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("warn")
            .try_init();
        let database = match self.database {
            Some(database) => database,
            None => TestDatabase::new(self.backend).await,
        };
        let db = database.connect().await;
        let clock = Arc::new(ManualClock::new(SystemClock.now()));
        let project = bootstrap::init_with_signing_key(&db, clock.as_ref(), signing_key(&clock))
            .await
            .expect("bootstrap the project");
        if self.seed {
            assert!(
                seed::seed_demo(&db, clock.as_ref())
                    .await
                    .expect("seed the demo data")
            );
        }
        let mailer = Mailer::new(
            self.smtp_url.as_deref(),
            "TenantKit <no-reply@tenantkit.test>",
        )
        .expect("a mailer");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a port");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let mut settings = self.settings;
        // Unless a test chose one, the server's public URL is its own address, so the URLs it
        // hands out (an SP's metadata and ACS, an OIDC callback) reach it, as an IdP needs.
        if settings.public_url == Settings::default().public_url {
            settings.public_url = base_url.clone();
        }
        let state = AppState::open_with_mailer(db, clock.clone(), settings, mailer)
            .await
            .expect("open the state");
        let server = serve_on(listener, &state);
        let management_key = match project.initial_management_key {
            Some(key) => key,
            None => bootstrap::create_management_key(state.db(), clock.as_ref(), "tests")
                .await
                .expect("create a management key"),
        };
        TestApp {
            base_url,
            project_id: project.id,
            management_key,
            state,
            clock,
            server,
            _database: database,
        }
    }
}

/// Serves the real router for `state` on a free port of 127.0.0.1: its base URL and the task.
async fn serve(state: &AppState) -> (String, tokio::task::JoinHandle<std::io::Result<()>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a port");
    let address = listener.local_addr().expect("local address");
    (format!("http://{address}"), serve_on(listener, state))
}

/// Serves the real router for `state` on `listener`.
fn serve_on(
    listener: tokio::net::TcpListener,
    state: &AppState,
) -> tokio::task::JoinHandle<std::io::Result<()>> {
    // The binary's own serve function, so a test over a socket meets what a client meets.
    tokio::spawn(tenantkit_server::listener::serve(
        listener,
        state.clone(),
        std::future::pending(),
    ))
}

/// Another server process on a [`TestApp`]'s database: its own state (connection pool,
/// throttle, hashing gate) and port, with the same clock and settings.
#[derive(Debug)]
pub struct SecondProcess {
    pub base_url: String,
    project_id: ProjectId,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl SecondProcess {
    /// A client of this process with no credential beyond the project id.
    pub fn anonymous(&self) -> Client {
        Client::new(self.base_url.clone(), self.project_id.clone())
    }
}

impl Drop for SecondProcess {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A running server on a fresh database.
#[derive(Debug)]
pub struct TestApp {
    pub base_url: String,
    pub project_id: ProjectId,
    pub management_key: Secret,
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    // Last: the server and the pool go before the database is dropped.
    _database: TestDatabase,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl TestApp {
    pub fn builder(backend: Backend) -> TestAppBuilder {
        TestAppBuilder {
            backend,
            seed: false,
            settings: Settings::default(),
            database: None,
            smtp_url: None,
        }
    }

    /// A second server process on this test's database, as several processes share one
    /// PostgreSQL.
    pub async fn second_process(&self) -> SecondProcess {
        let db = self._database.connect().await;
        let state = AppState::open(db, self.clock.clone(), self.state.settings().clone())
            .await
            .expect("open the second process's state");
        let (base_url, server) = serve(&state).await;
        SecondProcess {
            base_url,
            project_id: self.project_id.clone(),
            server,
        }
    }

    /// A server with the demo data.
    pub async fn seeded(backend: Backend) -> Self {
        Self::builder(backend).with_demo_seed().start().await
    }

    /// A server with the demo data whose mail goes to a new SMTP sink.
    pub async fn seeded_with_mail(backend: Backend) -> (SmtpSink, Self) {
        let sink = SmtpSink::start().await;
        let app = Self::builder(backend)
            .with_demo_seed()
            .with_smtp(&sink.url)
            .start()
            .await;
        (sink, app)
    }

    pub fn db(&self) -> &Db {
        self.state.db()
    }

    /// A client with no credential beyond the project id.
    pub fn anonymous(&self) -> Client {
        Client::new(self.base_url.clone(), self.project_id.clone())
    }

    /// A client with the project's management key.
    pub fn management(&self) -> Client {
        self.anonymous()
            .with_management_key(self.management_key.clone())
    }

    /// A client sending a verbatim `Authorization` header.
    pub fn raw(&self, authorization: &str) -> Client {
        self.anonymous()
            .with_credential(Credential::Raw(Secret::new(authorization)))
    }

    /// A client in widget mode with `jwt`, confined to `tenant`.
    pub fn widget(&self, jwt: &Secret, tenant: &str) -> TenantClient {
        self.anonymous()
            .with_session(jwt.clone())
            .for_tenant(TenantId::new(tenant))
    }

    pub async fn sign_in(
        &self,
        login_id: &str,
        password: &str,
    ) -> Result<SignInResponse, ApiError> {
        let request = SignInRequest {
            login_id: LoginId::new(login_id),
            password: Secret::new(password),
            login_options: None,
        };
        self.anonymous().sign_in(&request).await
    }

    /// Signs a demo admin in and returns a widget-mode client for `tenant` and the sign-in.
    pub async fn admin(&self, login_id: &str, tenant: &str) -> (TenantClient, SignInResponse) {
        let signed_in = self
            .sign_in(login_id, seed::DEMO_PASSWORD)
            .await
            .expect("the admin signs in");
        (self.widget(&signed_in.session_jwt, tenant), signed_in)
    }

    /// The acme admin in widget mode for acme.
    pub async fn acme_admin(&self) -> (TenantClient, SignInResponse) {
        self.admin(seed::ACME_ADMIN, seed::ACME).await
    }

    /// A new acme user holding one acme role made of `permissions`, signed in: a widget-mode
    /// client.
    pub async fn acme_user_with(&self, login_id: &str, permissions: &[&str]) -> TenantClient {
        let role = format!("Only {}", permissions.join(" and "));
        self.management()
            .create_role(&CreateRoleRequest {
                name: role.clone(),
                tenant_id: TenantId::new(seed::ACME),
                permission_names: permissions.iter().map(|p| (*p).to_owned()).collect(),
                ..CreateRoleRequest::default()
            })
            .await
            .unwrap();
        let password = "a long enough password 1";
        self.add_user(
            new_user(login_id, "Limited", &[(seed::ACME, &[role.as_str()])]),
            Some(password),
        )
        .await;
        let signed_in = self.sign_in(login_id, password).await.unwrap();
        self.widget(&signed_in.session_jwt, seed::ACME)
    }

    /// Adds a user; `password` makes them able to sign in.
    pub async fn add_user(&self, mut user: NewUser, password: Option<&str>) -> UserId {
        if let Some(password) = password {
            user.password_hash = Some(
                password::hash_blocking(Secret::new(password))
                    .await
                    .expect("hash the password"),
            );
        }
        if user.email.is_empty() {
            user.email = user.login_id.as_str().to_owned();
        }
        let ids = self.insert_users(&[user]).await;
        ids.into_iter().next().expect("one id")
    }

    /// Inserts `users` straight into the database (as the seed does), created now, in
    /// transactions of [`USERS_PER_INSERT`].
    pub async fn insert_users(&self, users: &[NewUser]) -> Vec<UserId> {
        let mut ids = Vec::with_capacity(users.len());
        for chunk in users.chunks(USERS_PER_INSERT) {
            ids.extend(
                self.db()
                    .insert_users(
                        &ProjectWide::bypass_for_trusted_local_code(),
                        chunk,
                        self.clock.now(),
                    )
                    .await
                    .expect("insert the users"),
            );
        }
        ids
    }

    pub async fn set_status(&self, user: &UserId, status: UserStatus) {
        self.db()
            .set_user_status(&ProjectWide::bypass_for_trusted_local_code(), user, status)
            .await
            .expect("set the status");
    }

    /// Now, from the test's clock.
    pub fn clock_now(&self) -> i64 {
        self.clock.now()
    }

    /// The user `login_id` as the management key sees them.
    pub async fn user(&self, login_id: &str) -> tenantkit_wire::User {
        self.management()
            .load_user(&LoginId::new(login_id))
            .await
            .expect("load the user")
            .user
    }

    /// The audit events recorded so far, oldest first: `(action, actor, tenant, user, remote)`.
    pub async fn audit(&self) -> Vec<(String, String, String, String, String)> {
        use sqlx::Row;
        sqlx::query(
            "SELECT action, actor_id, tenant_id, user_id, remote_address FROM audit_events \
             ORDER BY occurred, action",
        )
        .fetch_all(self.db().pool())
        .await
        .expect("read the audit events")
        .iter()
        .map(|row| {
            (
                row.get("action"),
                row.get("actor_id"),
                row.get("tenant_id"),
                row.get("user_id"),
                row.get("remote_address"),
            )
        })
        .collect()
    }

    /// Everything storage holds of a user's account, as comparable text: the wire user object
    /// as the management key sees it, and the columns it does not show (password, sessions,
    /// authenticators). A refused change must leave it exactly as it was.
    pub async fn stored_account(&self, user_id: &UserId) -> String {
        use sqlx::Row;
        let user = self
            .management()
            .load_user_by_id(user_id)
            .await
            .expect("load the user")
            .user;
        let stored: String = sqlx::query(
            "SELECT COALESCE(password_hash, '') || '|' || CAST(password_expired AS TEXT) || '|' || \
             CAST(session_epoch AS TEXT) || '|' || CAST(last_login AS TEXT) AS stored \
             FROM users WHERE id = $1",
        )
        .bind(user_id.as_str())
        .fetch_one(self.db().pool())
        .await
        .expect("read the stored account")
        .get("stored");
        format!(
            "{}\n{stored}",
            serde_json::to_string(&user).expect("JSON user")
        )
    }

    /// A raw HTTP request, for what the typed client deliberately cannot send.
    pub fn http(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        reqwest::Client::new().request(method, format!("{}{path}", self.base_url))
    }
}

/// A response's status, and its `Location` when it redirects, else its body: where a browser
/// would go next, or what it would show.
pub async fn status_and_location(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    match response.headers().get("location") {
        Some(location) => (status, location.to_str().unwrap().to_owned()),
        None => (status, response.text().await.unwrap()),
    }
}

/// A user in the given tenants with the given roles.
pub fn new_user(login_id: &str, name: &str, tenants: &[(&str, &[&str])]) -> NewUser {
    NewUser {
        login_id: LoginId::new(login_id),
        name: name.to_owned(),
        tenants: tenants
            .iter()
            .map(|(tenant, roles)| {
                (
                    TenantId::new(*tenant),
                    roles.iter().map(|role| (*role).to_owned()).collect(),
                )
            })
            .collect(),
        ..NewUser::default()
    }
}

/// The request that creates `login_id` in `tenants`, with no roles and nothing else set.
pub fn create_in(login_id: &str, tenants: &[&str]) -> CreateUserRequest {
    CreateUserRequest {
        login_id: LoginId::new(login_id),
        user_tenants: tenants
            .iter()
            .map(|tenant| UserTenantInput {
                tenant_id: TenantId::new(*tenant),
                role_names: Vec::new(),
            })
            .collect(),
        ..CreateUserRequest::default()
    }
}

/// The claims of a JWT, read without verification (tests verify separately where it matters).
pub fn claims_of(jwt: &Secret) -> Claims {
    use base64::Engine;
    let payload = jwt.expose().split('.').nth(1).expect("a JWT has a payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url payload");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// Asserts a failed call answered `status` with the wire error `code`; returns the body.
#[track_caller]
pub fn assert_wire_error<T: std::fmt::Debug>(
    result: Result<T, ApiError>,
    status: u16,
    code: &str,
) -> ErrorBody {
    match result {
        Err(ApiError::Http {
            status: actual,
            body,
        }) => {
            assert_eq!(actual, status, "status of {body:?}");
            assert_eq!(body.error_code, code, "code of {body:?}");
            assert!(
                !body.error_description.is_empty(),
                "errorDescription of {body:?}"
            );
            assert!(!body.error_message.is_empty(), "errorMessage of {body:?}");
            body
        }
        other => panic!("expected HTTP {status} {code}, got {other:?}"),
    }
}

/// A local SMTP server that accepts every message and keeps it: the invitation tests read the
/// emails the server really sent over SMTP.
#[derive(Debug, Clone)]
pub struct SmtpSink {
    pub url: String,
    messages: Arc<std::sync::Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the SMTP sink");
        let url = format!("smtp://{}", listener.local_addr().expect("sink address"));
        let messages = Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = messages.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let kept = kept.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read);
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let command = line.trim_end().to_ascii_uppercase();
                        let reply: &[u8] = if command.starts_with("DATA") {
                            let _ = write.write_all(b"354 go ahead\r\n").await;
                            let mut message = String::new();
                            loop {
                                line.clear();
                                if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                                    return;
                                }
                                if line == ".\r\n" {
                                    break;
                                }
                                message.push_str(&line);
                            }
                            kept.lock().expect("sink lock").push(message);
                            b"250 kept\r\n"
                        } else if command.starts_with("QUIT") {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        } else {
                            b"250 ok\r\n"
                        };
                        if write.write_all(reply).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Self { url, messages }
    }

    /// The messages received so far (raw, as sent after DATA).
    pub fn messages(&self) -> Vec<String> {
        self.messages.lock().expect("sink lock").clone()
    }

    /// Waits (up to 10 s) for the `n`th message (1-based) and returns it with quoted-printable
    /// soft breaks and `=3D` undone.
    pub async fn message(&self, n: usize) -> String {
        for _ in 0..200 {
            if let Some(message) = self.messages().get(n - 1) {
                return message.replace("=\r\n", "").replace("=3D", "=");
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no message {n} arrived at the SMTP sink");
    }
}

/// The token of the invitation link in `message`.
pub fn invitation_token(message: &str) -> String {
    let start = message.find("token=").expect("an invitation link") + "token=".len();
    message[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}
