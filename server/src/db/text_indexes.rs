//! SQLite's text indexes kept few in segments: FTS5 writes each transaction's new entries as a
//! segment of its own and merges segments only once a level holds four (`automerge`), so after
//! a bulk load an index of 1,100,050 users held 27 segments, and a query reads each of its
//! terms in every one. The server merges them every minute ([`Db::merge_text_indexes`]),
//! down to one segment a level (`usermerge` = 2, migration 0135). PostgreSQL has nothing of the
//! kind to merge.

use super::{Backend, Db};
use crate::error::Result;
use sqlx::{AnyConnection, Connection};
use std::time::Duration;

/// The FTS5 indexes of the users' search text (migrations 0134, 0135).
const TEXT_INDEXES: [&str; 2] = ["users_fts", "users_words"];

/// The pages a merge step writes at most: 8 ms of the write lock at the median, 144 ms at
/// most, on the benchmark's 1,100,050 users.
const MERGE_STEP_PAGES: i64 = 200;

/// The pause between merge steps, in which writers waiting for the lock take it.
const MERGE_PAUSE: Duration = Duration::from_millis(10);

impl Db {
    /// Merges the segments of SQLite's text indexes until no level of either holds two, one
    /// short write transaction at a time, and returns the number of steps that merged
    /// something (0 when there was nothing to merge, and always on PostgreSQL).
    pub async fn merge_text_indexes(&self) -> Result<u64> {
        let mut steps = 0;
        if self.backend != Backend::Sqlite {
            return Ok(steps);
        }
        for index in TEXT_INDEXES {
            while self.merge_step(index).await? {
                steps += 1;
                tokio::time::sleep(MERGE_PAUSE).await;
            }
        }
        Ok(steps)
    }

    /// FTS5's `merge` command on `index`, bounded by [`MERGE_STEP_PAGES`], on a connection
    /// that reads through SQLite's own page cache instead of the memory map the server's
    /// connections use (`SQLITE_SETTINGS`): a merge after a bulk load reads most of both
    /// indexes, and mapped pages count in the server's resident memory (a peak of 148 MB
    /// against 89 under `cargo xtask bench-load` at 100,000 users).
    async fn merge_step(&self, index: &str) -> Result<bool> {
        let mut connection = self.pool.acquire().await?;
        let mapped: i64 = sqlx::query_scalar("PRAGMA mmap_size")
            .fetch_one(&mut *connection)
            .await?;
        sqlx::query("PRAGMA mmap_size = 0")
            .execute(&mut *connection)
            .await?;
        let merged = merge_on(&mut connection, index).await;
        sqlx::query(&format!("PRAGMA mmap_size = {mapped}"))
            .execute(&mut *connection)
            .await?;
        merged
    }
}

/// One merge step in a write transaction of its own. FTS5 documents that a merge that did any
/// work adds two or more to the connection's total changes.
async fn merge_on(connection: &mut AnyConnection, index: &str) -> Result<bool> {
    let mut tx = connection.begin_with("BEGIN IMMEDIATE").await?;
    let total_changes = "SELECT total_changes()";
    let before: i64 = sqlx::query_scalar(total_changes)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query(&format!(
        "INSERT INTO {index} ({index}, rank) VALUES ('merge', {MERGE_STEP_PAGES})"
    ))
    .execute(&mut *tx)
    .await?;
    let after: i64 = sqlx::query_scalar(total_changes)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(after - before >= 2)
}
