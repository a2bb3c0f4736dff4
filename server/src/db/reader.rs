//! SQLite reads on the request's own thread, for the statements every widget request makes: the
//! access check, and a tenant's first page of users with its total (the user widget's list as
//! it opens).
//!
//! sqlx runs each SQLite connection on a worker thread of its own and hands every statement and
//! its answer across threads; under `cargo xtask bench-load` those hand-overs (the kernel
//! switching threads, channel locks) took about a quarter of the server's CPU. A read here runs
//! on the calling thread instead, on one of its own connections to the same file. Only bounded
//! statements come here (primary-key lookups, a page of at most 100 users off an index), so they
//! hold the thread about as long as encoding the answer does. In WAL mode a read sees every
//! write committed before it starts, whichever connection wrote it.

use crate::db::{Param, SQLITE_SETTINGS, Sql};
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, Row};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

/// The idle read connections to one SQLite file; one is opened whenever none is idle, so there
/// are at most as many as reads ever ran at once (one per thread that runs requests).
pub(crate) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers").field("path", &self.path).finish()
    }
}

impl Readers {
    /// Readers of the file a `sqlite:` URL names, once migrated (the caller has run the
    /// migrations). `None` for an in-memory database, which no other connection can open, and
    /// for a file the first reader cannot open or finds unmigrated (a path written in a way this
    /// reading of the URL does not follow, such as percent-escapes): sqlx then reads everything.
    pub(crate) fn for_url(url: &str) -> Option<Self> {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))?;
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() || path.contains(":memory:") {
            return None;
        }
        let readers = Self {
            path: PathBuf::from(path),
            idle: Mutex::new(Vec::new()),
        };
        let first = readers.open().and_then(|connection| {
            connection
                .query_row("SELECT COUNT(*) FROM _sqlx_migrations", [], |row| {
                    row.get::<_, i64>(0)
                })
                .map_err(Error::internal)
                .map(|_| connection)
        });
        match first {
            Ok(connection) => {
                readers.give_back(connection);
                Some(readers)
            }
            Err(error) => {
                tracing::warn!("SQLite reads stay on sqlx: {error}");
                None
            }
        }
    }

    /// Runs `sql` and reads its one row with `read`.
    pub(crate) fn one_row<T>(
        &self,
        sql: &Sql,
        read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<T> {
        self.with_rows(sql, |rows| {
            let row = rows.next()?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
            read(row)
        })
    }

    /// Runs `sql` and reads each of its rows with `read`, in order.
    pub(crate) fn rows<T>(
        &self,
        sql: &Sql,
        mut read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        self.with_rows(sql, |rows| {
            let mut read_rows = Vec::new();
            while let Some(row) = rows.next()? {
                read_rows.push(read(row)?);
            }
            Ok(read_rows)
        })
    }

    /// Runs `sql` on an idle connection and hands its rows to `read`.
    fn with_rows<T>(
        &self,
        sql: &Sql,
        read: impl FnOnce(&mut rusqlite::Rows<'_>) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let connection = self.take()?;
        let answer = Self::query(&connection, sql, read);
        self.give_back(connection);
        answer.map_err(Error::internal)
    }

    fn give_back(&self, connection: Connection) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(connection);
    }

    fn query<T>(
        connection: &Connection,
        sql: &Sql,
        read: impl FnOnce(&mut rusqlite::Rows<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let mut statement = connection.prepare_cached(&sql.text)?;
        for (index, param) in sql.params.iter().enumerate() {
            // `$n` is a named parameter to SQLite: bound by its name, wherever it appears.
            let name = format!("${}", index + 1);
            let Some(position) = statement.parameter_index(&name)? else {
                continue;
            };
            match param {
                Param::Text(value) => statement.raw_bind_parameter(position, value)?,
                Param::Int(value) => statement.raw_bind_parameter(position, value)?,
                Param::Bool(value) => statement.raw_bind_parameter(position, value)?,
                Param::NullText => statement.raw_bind_parameter(position, None::<&str>)?,
            }
        }
        read(&mut statement.raw_query())
    }

    /// An idle connection, or a new one.
    fn take(&self) -> Result<Connection> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match idle {
            Some(connection) => Ok(connection),
            None => self.open(),
        }
    }

    /// A new connection to the file (never creating it), set up as the pool's are
    /// (`Db::connect`), reading only.
    fn open(&self) -> Result<Connection> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(Error::internal)?;
        connection
            .execute_batch(SQLITE_SETTINGS)
            .and_then(|()| connection.execute_batch("PRAGMA query_only = ON"))
            .map_err(Error::internal)?;
        Ok(connection)
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail by panicking")]

    use super::Readers;
    use crate::db::Db;
    use sqlx::Row;

    /// Readers come only for a file that is there and migrated; anything else reads through
    /// sqlx (and never creates a file).
    #[tokio::test]
    async fn only_a_migrated_file_gets_readers() {
        let dir = std::env::temp_dir().join(format!("tk-readers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("migrated.db");
        let url = format!("sqlite://{}", file.display());
        assert!(Readers::for_url("sqlite::memory:").is_none());
        assert!(Readers::for_url(&url).is_none(), "no file yet");
        assert!(!file.exists(), "a reader created the file");
        let db = Db::connect(&url).await.unwrap();
        // The pool's connections and the readers are set up alike (SQLITE_SETTINGS).
        let readers = db.readers.as_ref().unwrap();
        for (pragma, value) in [
            ("mmap_size", 268_435_456),
            ("busy_timeout", 10_000),
            ("cache_size", -16_384),
        ] {
            let sql = crate::db::Sql::new(&format!("PRAGMA {pragma}"));
            let pooled: i64 = sql.query().fetch_one(db.pool()).await.unwrap().get(0);
            let read: i64 = readers.one_row(&sql, |row| row.get(0)).unwrap();
            assert_eq!((pooled, read), (value, value), "{pragma}");
        }
        let sql = crate::db::Sql::new("PRAGMA query_only");
        assert_eq!(
            readers.one_row(&sql, |row| row.get::<_, i64>(0)).unwrap(),
            1
        );
        assert!(Readers::for_url(&format!("{url}?mode=rwc")).is_some());
        let escaped = format!("sqlite://{}", dir.join("migrated%2Edb").display());
        assert!(Readers::for_url(&escaped).is_none());
        db.close().await;
        drop(db);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
