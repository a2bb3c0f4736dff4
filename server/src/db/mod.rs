//! Storage: one [`Db`] handle over SQLite or PostgreSQL, chosen by the database URL.
//!
//! The SQL is written once, with `$1`-style placeholders (SQLite accepts them too), through
//! sqlx's `Any` driver. Conventions that keep the two backends interchangeable: times are epoch
//! seconds (`BIGINT`), JSON is `TEXT`, booleans are `INTEGER` 0/1 on SQLite and `BOOLEAN` on
//! PostgreSQL (bind a Rust `bool`, read with [`flag`]), text sorts use [`Db::collate`].
//!
//! The submodules add the storage methods per resource. Methods that read or write tenant data
//! take a capability ([`crate::capability`]), so a handler cannot reach another tenant by
//! accident, and every read applies its tenant filter through one helper ([`Sql::confine`]).
//! The few that do not (credentials, session facts, tenant access, management key lookup) are
//! the inputs of the checks that make those capabilities. Storage never depends on `auth`: the
//! checks use storage, not the other way round.

pub mod access_keys;
pub mod attributes;
pub mod audit;
pub(crate) mod grants;
pub mod impersonation;
pub mod import;
pub mod invitations;
pub mod jobs;
pub mod policy;
pub mod project;
mod reader;
pub mod roles;
pub mod scim;
pub mod sign_in_links;
pub mod sign_ins;
pub mod sso;
pub mod sso_links;
pub mod sso_signin;
pub mod tenants;
mod text_indexes;
pub mod throttle;
pub mod user_changes;
pub mod users;

use crate::capability::Scope;
use crate::error::{Error, Result};
use sqlx::any::{AnyArguments, AnyPoolOptions, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyPool, Executor, Row};
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A transaction on either backend.
pub(crate) type Tx<'a> = sqlx::Transaction<'a, Any>;

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One file, WAL journal: the default for a single server.
    Sqlite,
    /// Shared by several server processes.
    Postgres,
}

impl Backend {
    /// The backend a database URL selects: `sqlite:` or `postgres://` / `postgresql://`.
    pub fn from_url(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(Error::InvalidArguments(format!(
                "Unsupported database URL {url:?}: use sqlite://<file> or postgres://..."
            )))
        }
    }
}

/// The database: a connection pool and its backend.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite's reads on the request's thread ([`reader`]); `None` on PostgreSQL, for an
    /// in-memory SQLite database and for a file its readers cannot open once migrated.
    readers: Option<std::sync::Arc<reader::Readers>>,
}

impl Db {
    /// Connects to `url` (creating a SQLite file if needed) and applies the migrations.
    pub async fn connect(url: &str) -> Result<Self> {
        let backend = Backend::from_url(url)?;
        sqlx::any::install_default_drivers();
        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|connection, _| {
                        Box::pin(async move {
                            // WAL lets readers run while one writer writes.
                            connection.execute("PRAGMA journal_mode = WAL").await?;
                            connection.execute("PRAGMA foreign_keys = ON").await?;
                            connection.execute(SQLITE_SETTINGS).await?;
                            Ok(())
                        })
                    })
                    .connect(&sqlite_create_url(url))
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(10)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?
            }
        };
        let mut db = Self {
            pool,
            backend,
            readers: None,
        };
        db.migrate().await?;
        if backend == Backend::Sqlite {
            db.readers = reader::Readers::for_url(url).map(std::sync::Arc::new);
        }
        Ok(db)
    }

    async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The connection pool, for storage code and for tests that inspect rows directly.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Begins a transaction that is going to write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads first and then writes cannot wait
    /// for another writer (SQLite answers "database is locked" at once), while one that asks
    /// for the lock up front waits its turn under the busy timeout.
    pub async fn write_tx(&self) -> Result<Tx<'static>> {
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        Ok(self.pool.begin_with(begin).await?)
    }

    /// Closes every connection (waits for checked-out ones to come back).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A collation clause that makes text sort by bytes on both backends (SQLite's default;
    /// PostgreSQL would otherwise follow the database locale).
    pub(crate) fn collate(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " COLLATE \"C\"",
        }
    }
}

/// What every SQLite connection is set to, the pool's and the readers' ([`reader`]). The busy
/// timeout makes a second writer (or a second process) wait instead of failing. Reads at scale
/// (a tenant of 100,000 users and more): each connection keeps up to 16 MiB of pages (the
/// default is 2 MiB) and reads the file through a memory map of up to 256 MiB, which the
/// connections share with the kernel's page cache instead of copying it. Resident memory grows
/// with the pages read, not by this much.
const SQLITE_SETTINGS: &str =
    "PRAGMA busy_timeout = 10000; PRAGMA cache_size = -16384; PRAGMA mmap_size = 268435456;";

/// Adds `mode=rwc` to a SQLite URL so the file is created when missing.
fn sqlite_create_url(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// Reads a boolean column: PostgreSQL returns `BOOLEAN`, SQLite an `INTEGER` 0/1.
pub(crate) fn flag(row: &AnyRow, column: &str) -> std::result::Result<bool, sqlx::Error> {
    match row.try_get::<bool, _>(column) {
        Ok(value) => Ok(value),
        Err(_) => row.try_get::<i64, _>(column).map(|value| value != 0),
    }
}

/// A value bound to a placeholder of an [`Sql`] statement.
#[derive(Debug, Clone)]
pub(crate) enum Param {
    Text(String),
    Int(i64),
    Bool(bool),
    NullText,
}

impl From<&str> for Param {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<String> for Param {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<&String> for Param {
    fn from(value: &String) -> Self {
        Self::Text(value.clone())
    }
}

impl From<i64> for Param {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<bool> for Param {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<Option<String>> for Param {
    fn from(value: Option<String>) -> Self {
        value.map_or(Self::NullText, Self::Text)
    }
}

/// A statement assembled at run time (filters, `IN` lists, multi-row inserts) with `$n`
/// placeholders numbered as they are bound. sqlx's `QueryBuilder<Any>` writes `?`, which
/// PostgreSQL does not accept.
#[derive(Debug, Default)]
pub(crate) struct Sql {
    pub(crate) text: String,
    pub(crate) params: Vec<Param>,
    /// Planned for its values at each run ([`Sql::planned_for_its_values`]).
    pub(crate) unprepared: bool,
}

impl Sql {
    pub(crate) fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            params: Vec::new(),
            unprepared: false,
        }
    }

    /// Runs the statement unprepared (sqlx's `persistent(false)`), so that PostgreSQL plans it
    /// for its values every time. A prepared statement gets a generic plan after five runs,
    /// made without its values: for a `LIKE` over a trigram index it expects a few thousand
    /// matches whatever the text, and reads through the index a text most rows hold.
    pub(crate) fn planned_for_its_values(&mut self) -> &mut Self {
        self.unprepared = true;
        self
    }

    /// Appends SQL text.
    pub(crate) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value`.
    pub(crate) fn bind(&mut self, value: impl Into<Param>) -> &mut Self {
        self.params.push(value.into());
        self.text.push('$');
        self.text.push_str(&self.params.len().to_string());
        self
    }

    /// Appends `$a, $b, ...` for every value (callers make sure the list is not empty).
    pub(crate) fn bind_list<P: Into<Param>>(
        &mut self,
        values: impl IntoIterator<Item = P>,
    ) -> &mut Self {
        for (index, value) in values.into_iter().enumerate() {
            if index > 0 {
                self.text.push_str(", ");
            }
            self.bind(value);
        }
        self
    }

    /// Appends one `(...)` row of a multi-row `VALUES` list.
    pub(crate) fn bind_row(&mut self, values: Vec<Param>) -> &mut Self {
        self.text.push('(');
        self.bind_list(values);
        self.text.push(')');
        self
    }

    /// The tenant filter of every read of tenant data: ` AND {column} = <tenant>` in a tenant
    /// scope, nothing project-wide (a project-wide search narrows itself by the tenants it asked
    /// for, [`Scope::asked`]).
    pub(crate) fn confine(&mut self, column: &str, scope: &Scope) -> &mut Self {
        if let Some(tenant) = scope.tenant_id() {
            self.push(" AND ")
                .push(column)
                .push(" = ")
                .bind(tenant.as_str());
        }
        self
    }

    /// [`Sql::confine`] where the project's own rows (tenant `''`) are seen too.
    pub(crate) fn confine_with_project(&mut self, column: &str, scope: &Scope) -> &mut Self {
        if let Some(tenant) = scope.tenant_id() {
            self.push(" AND ")
                .push(column)
                .push(" IN ('', ")
                .bind(tenant.as_str())
                .push(")");
        }
        self
    }

    /// [`Sql::confine`] for users, who belong to tenants: in a tenant scope, only the members
    /// of the tenant (`user_column` names the user's id).
    pub(crate) fn confine_members(&mut self, user_column: &str, scope: &Scope) -> &mut Self {
        if scope.tenant_id().is_some() {
            self.push(" AND EXISTS (SELECT 1 FROM user_tenants ut WHERE ut.user_id = ")
                .push(user_column)
                .confine("ut.tenant_id", scope)
                .push(")");
        }
        self
    }

    /// This statement as a subquery: `before` it, `after` it (neither with placeholders).
    pub(crate) fn within(self, before: &str, after: &str) -> Self {
        Self {
            text: format!("{before}{}{after}", self.text),
            params: self.params,
            unprepared: self.unprepared,
        }
    }

    /// The sqlx query with every value bound.
    pub(crate) fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        let mut query = sqlx::query(&self.text).persistent(!self.unprepared);
        for param in &self.params {
            query = match param {
                Param::Text(value) => query.bind(value.as_str()),
                Param::Int(value) => query.bind(*value),
                Param::Bool(value) => query.bind(*value),
                Param::NullText => query.bind(None::<String>),
            };
        }
        query
    }

    /// Runs a `SELECT COUNT(*) AS total ...` and gives its `total`.
    pub(crate) async fn fetch_total(&self, pool: &AnyPool) -> Result<u64> {
        let total: i64 = self.query().fetch_one(pool).await?.try_get("total")?;
        Ok(u64::try_from(total).unwrap_or_default())
    }

    /// Runs the query and gives the values of its `column`, row by row.
    pub(crate) async fn fetch_column<T>(&self, pool: &AnyPool, column: &str) -> Result<Vec<T>>
    where
        T: for<'r> sqlx::Decode<'r, Any> + sqlx::Type<Any>,
    {
        let rows = self.query().fetch_all(pool).await?;
        rows.iter()
            .map(|row| row.try_get(column).map_err(Error::from))
            .collect()
    }
}

/// An `ORDER BY` list for a search's `sort`: each field through `column` (`None`: the field
/// cannot be sorted by, a 400 that lists `allowed`), `fallback` when no field is given, then
/// `tiebreak`, so that pages neither repeat nor skip rows.
pub(crate) fn order_clause(
    sort: &[tenantkit_wire::SortField],
    column: impl Fn(&str) -> Option<String>,
    what: &str,
    allowed: &str,
    fallback: &str,
    tiebreak: &str,
) -> Result<String> {
    let mut keys = Vec::with_capacity(sort.len() + 2);
    for field in sort {
        let expression = column(&field.field).ok_or_else(|| {
            Error::InvalidArguments(format!(
                "Cannot sort {what} by {:?}: use {allowed}",
                field.field
            ))
        })?;
        keys.push(format!(
            "{expression} {}",
            if field.desc { "DESC" } else { "ASC" }
        ));
    }
    if keys.is_empty() {
        keys.push(fallback.to_owned());
    }
    keys.push(tiebreak.to_owned());
    Ok(keys.join(", "))
}

/// Folds rows of `(tenant_id, role name, permission name?)` into the grants a JWT carries:
/// `""` rows go to `project`, others to their tenant in `tenants` (rows of other tenants are
/// skipped); each role and permission once, in row order. Users and access keys share it.
pub(crate) fn fold_grants(
    rows: &[AnyRow],
    tenants: &mut [(tenantkit_wire::TenantId, tenantkit_wire::TenantGrants)],
    project: &mut tenantkit_wire::TenantGrants,
) -> Result<()> {
    for row in rows {
        let tenant: String = row.try_get("tenant_id")?;
        let role: String = row.try_get("name")?;
        let permission: Option<String> = row.try_get("permission_name")?;
        let target = if tenant.is_empty() {
            &mut *project
        } else if let Some((_, grants)) = tenants.iter_mut().find(|(t, _)| t.as_str() == tenant) {
            grants
        } else {
            continue;
        };
        if !target.roles.contains(&role) {
            target.roles.push(role);
        }
        if let Some(permission) = permission.filter(|p| !target.permissions.contains(p)) {
            target.permissions.push(permission);
        }
    }
    Ok(())
}

/// Random alphanumeric ids in the Descope style: a one-letter kind prefix and 27 characters.
pub(crate) fn new_id(prefix: char) -> String {
    use rand::Rng;
    use rand::distributions::Alphanumeric;
    let random: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(27)
        .map(char::from)
        .collect();
    format!("{prefix}{random}")
}

/// Escapes `%`, `_` and the escape character itself for a `LIKE ... ESCAPE '\'` pattern.
pub(crate) fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_bind_order() {
        let mut sql = Sql::new("SELECT 1 WHERE a = ");
        sql.bind("x")
            .push(" AND b IN (")
            .bind_list([1_i64, 2, 3])
            .push(")");
        assert_eq!(sql.text, "SELECT 1 WHERE a = $1 AND b IN ($2, $3, $4)");
        assert_eq!(sql.params.len(), 4);
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
    }

    #[test]
    fn sqlite_urls_create_the_file() {
        assert_eq!(sqlite_create_url("sqlite://x.db"), "sqlite://x.db?mode=rwc");
        assert_eq!(
            sqlite_create_url("sqlite://x.db?cache=shared"),
            "sqlite://x.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            sqlite_create_url("sqlite://x.db?mode=ro"),
            "sqlite://x.db?mode=ro"
        );
        assert!(Backend::from_url("mysql://x").is_err());
        assert_eq!(
            Backend::from_url("postgresql://h/db").ok(),
            Some(Backend::Postgres)
        );
    }

    #[test]
    fn ids_have_the_descope_shape() {
        let id = new_id('P');
        assert_eq!(id.len(), 28);
        assert!(id.starts_with('P'));
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
