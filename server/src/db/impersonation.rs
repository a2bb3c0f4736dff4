//! Impersonation sessions (migration 0103): who acts as whom, confined to which tenant, until
//! when. A token carrying a session's id stands only while its row does; ending the row (stop
//! impersonation, or logging the impersonation out) stops every token of it and no other
//! session of either user.
//!
//! Starting and ending write their audit events on both users in the same transaction. The
//! checks (who may impersonate whom) belong to the auth module; storage keeps the facts.

use super::audit::{Actor, AuditEvent, record_in};
use super::user_changes::Target;
use super::{Db, new_id};
use crate::error::Result;
use serde_json::json;
use sqlx::Row;
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::{TenantId, UserId};

/// A stored impersonation session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impersonation {
    /// Its id, carried in the tokens' `impersonation` claim.
    pub id: String,
    /// The impersonated user (the tokens' `sub`).
    pub user_id: UserId,
    /// The impersonator (the tokens' `act.sub`).
    pub actor_id: UserId,
    /// The tenant the session is confined to, if any.
    pub tenant: Option<TenantId>,
    /// When it ends by itself, epoch seconds.
    pub expires: i64,
    /// When it was ended, epoch seconds; 0 while it stands.
    pub ended: i64,
}

impl Impersonation {
    /// Whether its tokens still stand at `now` (epoch seconds).
    pub fn stands(&self, now: i64) -> bool {
        self.ended == 0 && now <= self.expires
    }

    /// The tenant its audit events are recorded under.
    fn recorded_tenant(&self) -> &str {
        self.tenant.as_ref().map_or("", TenantId::as_str)
    }
}

impl Db {
    /// Starts an impersonation of `target` (found through the caller's scope: only
    /// [`Db::target`] makes one) by `actor_id`, confined to `tenant`, until `expires`; records
    /// `UserImpersonated` on the user and `ImpersonationStarted` on the impersonator, with
    /// `actor` (the impersonator) as the actor.
    pub async fn start_impersonation(
        &self,
        actor: &Actor,
        target: &Target,
        actor_id: &UserId,
        tenant: Option<&TenantId>,
        expires: i64,
        now_ms: i64,
    ) -> Result<Impersonation> {
        let started = Impersonation {
            id: new_id('I'),
            user_id: target.id().clone(),
            actor_id: actor_id.clone(),
            tenant: tenant.cloned(),
            expires,
            ended: 0,
        };
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO impersonations (id, user_id, actor_id, tenant_id, started, expires) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(started.id.as_str())
        .bind(started.user_id.as_str())
        .bind(started.actor_id.as_str())
        .bind(started.recorded_tenant())
        .bind(now_ms.div_euclid(1000))
        .bind(expires)
        .execute(&mut *tx)
        .await?;
        let data = json!({
            "impersonation": started.id,
            "impersonator": started.actor_id,
            "user": started.user_id,
            "expires": expires,
        });
        for (action, user) in [
            (AuditAction::UserImpersonated, &started.user_id),
            (AuditAction::ImpersonationStarted, &started.actor_id),
        ] {
            let event = AuditEvent::new(action, started.recorded_tenant(), user.as_str())
                .with_data(data.clone());
            record_in(&mut tx, actor, &event, now_ms).await?;
        }
        tx.commit().await?;
        Ok(started)
    }

    /// The impersonation session `id`, if it exists (the input of the token check).
    pub async fn impersonation(&self, id: &str) -> Result<Option<Impersonation>> {
        let row = sqlx::query(
            "SELECT id, user_id, actor_id, tenant_id, expires, ended FROM impersonations \
             WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let tenant: String = row.try_get("tenant_id")?;
        Ok(Some(Impersonation {
            id: row.try_get("id")?,
            user_id: UserId::new(row.try_get::<String, _>("user_id")?),
            actor_id: UserId::new(row.try_get::<String, _>("actor_id")?),
            tenant: (!tenant.is_empty()).then(|| TenantId::new(tenant)),
            expires: row.try_get("expires")?,
            ended: row.try_get("ended")?,
        }))
    }

    /// Ends `impersonation` if it still stands, recording `ImpersonationStopped` on both users
    /// (`how`: `stopped` or `loggedOut`); returns whether it was standing.
    pub async fn end_impersonation(
        &self,
        impersonation: &Impersonation,
        actor: &Actor,
        how: &str,
        now_ms: i64,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let ended = sqlx::query("UPDATE impersonations SET ended = $1 WHERE id = $2 AND ended = 0")
            .bind(now_ms.div_euclid(1000).max(1))
            .bind(impersonation.id.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if ended == 0 {
            return Ok(false);
        }
        let data = json!({
            "impersonation": impersonation.id,
            "impersonator": impersonation.actor_id,
            "user": impersonation.user_id,
            "how": how,
        });
        for user in [&impersonation.user_id, &impersonation.actor_id] {
            let event = AuditEvent::new(
                AuditAction::ImpersonationStopped,
                impersonation.recorded_tenant(),
                user.as_str(),
            )
            .with_data(data.clone());
            record_in(&mut tx, actor, &event, now_ms).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
