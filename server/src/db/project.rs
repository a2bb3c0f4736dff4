//! Storage of the project itself: its id, its signing keys and its management keys, and the
//! resealing of every sealed value when the secret key changes.

use super::{Db, flag};
use crate::error::Result;
use sqlx::Row;
use tenantkit_wire::ProjectId;

/// A signing key: the key id and the PKCS#8 PEM of the private key, sealed
/// ([`crate::secrets`]) as the database stores it, open as the key ring reads it.
#[derive(Clone)]
pub struct StoredSigningKey {
    /// Key id, the `kid` of JWT headers and JWKs.
    pub kid: String,
    /// PKCS#8 PEM of the RSA private key, or its sealed form (`v1:...`).
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

    /// Adds a signing key; being the newest, it signs from now on.
    pub async fn insert_signing_key(&self, key: &StoredSigningKey) -> Result<()> {
        sqlx::query("INSERT INTO signing_keys (kid, private_pem, created) VALUES ($1, $2, $3)")
            .bind(key.kid.as_str())
            .bind(key.private_pem.as_str())
            .bind(key.created)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes the signing keys that a newer key replaced at or before `replaced_before` (epoch
    /// seconds): no token they signed can still be valid. Returns their kids.
    pub async fn retire_signing_keys(&self, replaced_before: i64) -> Result<Vec<String>> {
        let mut tx = self.write_tx().await?;
        let retired: Vec<String> = sqlx::query_scalar(
            "SELECT kid FROM signing_keys k WHERE EXISTS (SELECT 1 FROM signing_keys n \
             WHERE n.created > k.created AND n.created <= $1) ORDER BY created, kid",
        )
        .bind(replaced_before)
        .fetch_all(&mut *tx)
        .await?;
        for kid in &retired {
            sqlx::query("DELETE FROM signing_keys WHERE kid = $1")
                .bind(kid.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(retired)
    }

    /// Replaces the stored text of a signing key, unless another process changed it first.
    pub async fn reseal_signing_key(&self, kid: &str, old: &str, new: &str) -> Result<bool> {
        let affected = sqlx::query(
            "UPDATE signing_keys SET private_pem = $1 WHERE kid = $2 AND private_pem = $3",
        )
        .bind(new)
        .bind(kid)
        .bind(old)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(affected > 0)
    }

    /// Every sealed OIDC client secret: `(tenant id, sso id, sealed)`, for resealing.
    pub async fn sealed_client_secrets(&self) -> Result<Vec<(String, String, String)>> {
        let rows = sqlx::query(
            "SELECT tenant_id, sso_id, oidc_secret FROM sso_configs WHERE oidc_secret <> '' \
             ORDER BY tenant_id, sso_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("tenant_id")?,
                    row.try_get("sso_id")?,
                    row.try_get("oidc_secret")?,
                ))
            })
            .collect()
    }

    /// Replaces a sealed OIDC client secret, unless it changed meanwhile.
    pub async fn reseal_client_secret(
        &self,
        (tenant, sso_id): (&str, &str),
        old: &str,
        new: &str,
    ) -> Result<bool> {
        let affected = sqlx::query(
            "UPDATE sso_configs SET oidc_secret = $1 \
             WHERE tenant_id = $2 AND sso_id = $3 AND oidc_secret = $4",
        )
        .bind(new)
        .bind(tenant)
        .bind(sso_id)
        .bind(old)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(affected > 0)
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
