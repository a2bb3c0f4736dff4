//! Storage of the project itself: its id, its signing keys and its management keys.

use super::{Db, flag};
use crate::error::Result;
use sqlx::Row;
use tenantkit_wire::ProjectId;

/// A signing key as stored: the key id and the PKCS#8 PEM of the private key.
#[derive(Clone)]
pub struct StoredSigningKey {
    /// Key id, the `kid` of JWT headers and JWKs.
    pub kid: String,
    /// PKCS#8 PEM of the RSA private key.
    pub private_pem: String,
    /// Created, epoch seconds.
    pub created: i64,
}

impl std::fmt::Debug for StoredSigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredSigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// A management key about to be stored: never the cleartext, only its hash.
#[derive(Debug, Clone)]
pub struct NewManagementKey {
    /// Key id (not secret).
    pub id: String,
    /// A name for people.
    pub name: String,
    /// SHA-256 of the cleartext, hex.
    pub key_hash: String,
}

impl Db {
    /// The project id, if the project exists.
    pub async fn project_id(&self) -> Result<Option<ProjectId>> {
        let row = sqlx::query("SELECT id FROM project WHERE singleton = 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => Some(ProjectId::new(row.try_get::<String, _>("id")?)),
            None => None,
        })
    }

    /// Creates the project with its first signing key and management key, unless a project
    /// exists already. Returns whether this call created it: when two processes race, exactly
    /// one wins and the other's candidate rows are rolled back.
    pub(crate) async fn create_project_if_absent(
        &self,
        project_id: &ProjectId,
        now: i64,
        signing_key: &StoredSigningKey,
        management_key: &NewManagementKey,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let inserted = sqlx::query(
            "INSERT INTO project (singleton, id, created) VALUES (1, $1, $2) \
             ON CONFLICT (singleton) DO NOTHING",
        )
        .bind(project_id.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query("INSERT INTO signing_keys (kid, private_pem, created) VALUES ($1, $2, $3)")
            .bind(signing_key.kid.as_str())
            .bind(signing_key.private_pem.as_str())
            .bind(signing_key.created)
            .execute(&mut *tx)
            .await?;
        insert_management_key(&mut tx, management_key, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Every signing key, newest first (the first one signs).
    pub async fn signing_keys(&self) -> Result<Vec<StoredSigningKey>> {
        let rows = sqlx::query(
            "SELECT kid, private_pem, created FROM signing_keys ORDER BY created DESC, kid",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredSigningKey {
                    kid: row.try_get("kid")?,
                    private_pem: row.try_get("private_pem")?,
                    created: row.try_get("created")?,
                })
            })
            .collect()
    }

    /// Stores a new management key.
    pub async fn insert_management_key(&self, key: &NewManagementKey, now: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        insert_management_key(&mut tx, key, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The id of the active (not revoked) management key with this hash.
    pub async fn active_management_key(&self, key_hash: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT id, revoked FROM management_keys WHERE key_hash = $1")
            .bind(key_hash)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) if !flag(&row, "revoked")? => Ok(Some(row.try_get("id")?)),
            _ => Ok(None),
        }
    }

    /// Every management key: `(id, name, created, revoked)`, oldest first. Never the secret:
    /// only its hash is stored.
    pub async fn management_keys(&self) -> Result<Vec<(String, String, i64, bool)>> {
        let rows = sqlx::query(
            "SELECT id, name, created, revoked FROM management_keys ORDER BY created, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("id")?,
                    row.try_get("name")?,
                    row.try_get("created")?,
                    flag(row, "revoked")?,
                ))
            })
            .collect()
    }

    /// Revokes a management key; it stops working at once.
    pub async fn revoke_management_key(&self, id: &str) -> Result<bool> {
        let affected = sqlx::query("UPDATE management_keys SET revoked = $1 WHERE id = $2")
            .bind(true)
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(affected > 0)
    }
}

async fn insert_management_key(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    key: &NewManagementKey,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO management_keys (id, name, key_hash, created, revoked) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(key.id.as_str())
    .bind(key.name.as_str())
    .bind(key.key_hash.as_str())
    .bind(now)
    .bind(false)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
