//! SSO setup links: stored as the SHA-256 of their secret, with the tenant (and SSO
//! configuration) they set up, who they are for and when they stop. Revoking deletes the row,
//! so a revoked link stops at once; the audit trail keeps what happened.

use super::Db;
use super::audit::{Actor, AuditEvent, record_in};
use crate::capability::TenantScope;
use crate::error::Result;
use serde_json::json;
use sqlx::Row;
use tenantkit_wire::TenantId;
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::sso_link::SsoLinkInfo;

/// A link to store (the secret only as its hash).
#[derive(Debug, Clone)]
pub struct NewSsoLink {
    /// The id, also part of the cleartext.
    pub id: String,
    /// SHA-256 of the cleartext.
    pub secret_hash: String,
    /// The configuration it is for ("" : the default).
    pub sso_id: String,
    /// Who it is for.
    pub email: String,
    /// The actor recorded for what is done with it ("" : named after the email).
    pub actor_id: String,
    /// The tenant admin who generated it in widget mode.
    pub created_by_user: Option<String>,
    /// Stops working, epoch seconds.
    pub expires: i64,
}

/// An active link found by its secret: what the check in `auth` makes a capability from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveSsoLink {
    /// The link's id.
    pub id: String,
    /// The one tenant it reaches.
    pub tenant_id: TenantId,
    /// Who it is for.
    pub email: String,
    /// The actor recorded for what is done with it ("" : named after the email).
    pub actor_id: String,
    /// The tenant admin who generated it ("" : the management key).
    pub created_by_user: String,
}

/// Which links a revocation takes.
#[derive(Debug, Clone, Copy)]
pub enum Revoke<'a> {
    /// Every link of the tenant.
    All,
    /// The links of one SSO configuration.
    SsoId(&'a str),
    /// One link, by id.
    Id(&'a str),
}

impl Db {
    /// Stores `link` for the scope's tenant, audited as `SsoSetupLinkCreated` (`sent`: it was
    /// emailed).
    pub async fn insert_sso_link(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        link: &NewSsoLink,
        sent: bool,
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id().as_str();
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO sso_setup_links (id, tenant_id, sso_id, email, secret_hash, actor_id, \
             created_by, created_by_user, created, expires) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(link.id.as_str())
        .bind(tenant)
        .bind(link.sso_id.as_str())
        .bind(link.email.as_str())
        .bind(link.secret_hash.as_str())
        .bind(link.actor_id.as_str())
        .bind(actor.actor_id.as_str())
        .bind(link.created_by_user.as_deref().unwrap_or_default())
        .bind(now_ms / 1000)
        .bind(link.expires)
        .execute(&mut *tx)
        .await?;
        let event =
            AuditEvent::new(AuditAction::SsoSetupLinkCreated, tenant, "").with_data(json!({
                "linkId": link.id,
                "ssoId": link.sso_id,
                "email": link.email,
                "expireTime": link.expires,
                "sent": sent,
            }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The active link whose secret hashes to `hash` at `now` (epoch seconds), marking it used
    /// (to the minute); `None` when there is none, it expired or was revoked. An input of the
    /// check in `auth`, so it takes no capability.
    pub async fn active_sso_link(&self, hash: &str, now: i64) -> Result<Option<ActiveSsoLink>> {
        let row = sqlx::query(
            "SELECT l.id, l.tenant_id, l.email, l.actor_id, l.created_by_user, l.last_used \
             FROM sso_setup_links l JOIN tenants t ON t.id = l.tenant_id \
             WHERE l.secret_hash = $1 AND l.expires > $2 AND t.disabled = $3",
        )
        .bind(hash)
        .bind(now)
        .bind(false)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let link = ActiveSsoLink {
            id: row.try_get("id")?,
            tenant_id: TenantId::new(row.try_get::<String, _>("tenant_id")?),
            email: row.try_get("email")?,
            actor_id: row.try_get("actor_id")?,
            created_by_user: row.try_get("created_by_user")?,
        };
        if now - row.try_get::<i64, _>("last_used")? >= 60 {
            sqlx::query("UPDATE sso_setup_links SET last_used = $1 WHERE id = $2")
                .bind(now)
                .bind(link.id.as_str())
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(link))
    }

    /// The scope's active links at `now` (epoch seconds), newest first, without their secrets.
    pub async fn sso_links(&self, scope: &TenantScope, now: i64) -> Result<Vec<SsoLinkInfo>> {
        let rows = sqlx::query(
            "SELECT id, email, sso_id, created, expires, created_by, last_used \
             FROM sso_setup_links WHERE tenant_id = $1 AND expires > $2 \
             ORDER BY created DESC, id",
        )
        .bind(scope.tenant_id().as_str())
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        let mut links = rows
            .iter()
            .map(|row| {
                Ok(SsoLinkInfo {
                    id: row.try_get("id")?,
                    email: row.try_get("email")?,
                    sso_id: row.try_get("sso_id")?,
                    created_time: row.try_get("created")?,
                    expire_time: row.try_get("expires")?,
                    created_by: row.try_get("created_by")?,
                    created_by_external_ids: Vec::new(),
                    last_used_time: row.try_get("last_used")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let creators = self
            .login_ids_of(links.iter().map(|link| link.created_by.as_str()))
            .await?;
        for link in &mut links {
            link.created_by_external_ids = creators.of(&link.created_by);
        }
        Ok(links)
    }

    /// Revokes the scope's links that `which` names (they stop at once), audited as
    /// `SsoSetupLinksRevoked` with how many; returns how many.
    pub async fn revoke_sso_links(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        which: Revoke<'_>,
        now_ms: i64,
    ) -> Result<u64> {
        let tenant = scope.tenant_id().as_str();
        let mut tx = self.write_tx().await?;
        let query = match which {
            Revoke::All => {
                sqlx::query("DELETE FROM sso_setup_links WHERE tenant_id = $1").bind(tenant)
            }
            Revoke::SsoId(sso_id) => {
                sqlx::query("DELETE FROM sso_setup_links WHERE tenant_id = $1 AND sso_id = $2")
                    .bind(tenant)
                    .bind(sso_id)
            }
            Revoke::Id(id) => {
                sqlx::query("DELETE FROM sso_setup_links WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant)
                    .bind(id)
            }
        };
        let revoked = query.execute(&mut *tx).await?.rows_affected();
        let data = match which {
            Revoke::All => json!({ "revoked": revoked }),
            Revoke::SsoId(sso_id) => json!({ "revoked": revoked, "ssoId": sso_id }),
            Revoke::Id(id) => json!({ "revoked": revoked, "linkId": id }),
        };
        let event = AuditEvent::new(AuditAction::SsoSetupLinksRevoked, tenant, "").with_data(data);
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(revoked)
    }
}
