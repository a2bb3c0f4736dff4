//! The audit trail: every change writes one [`AuditEvent`], in the same transaction as the change
//! when there is one ([`record_in`]), so a change and its event land or fail together.

use super::{Db, Tx, new_id};
use crate::error::Result;
use sqlx::Executor;

/// Severity of an event (the wire's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuditKind {
    /// A change that happened.
    #[default]
    Info,
    /// Something refused or suspicious (a refused access-key exchange).
    Warn,
    /// A failure worth a human's look.
    Error,
}

impl AuditKind {
    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warn => "warn",
            Self::Error => "error",
        }
    }
}

/// Who did something, from where: taken once per request and handed to every event it writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    /// The acting user's id, or `mgmt:<keyId>` for a management key, `cli` for the command line.
    pub actor_id: String,
    /// The client address as the server sees it (after trusted-proxy resolution).
    pub remote_address: String,
}

/// One event to record.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// What happened, in the Descope style (`UserCreated`, `RoleDeleted`, ...).
    pub action: String,
    /// Severity.
    pub kind: AuditKind,
    /// The user the event is about ('' when none).
    pub user_id: String,
    /// The tenant it happened in ('' for project-level changes).
    pub tenant_id: String,
    /// Details: what changed (never secrets).
    pub data: serde_json::Value,
}

impl AuditEvent {
    /// An `info` event about `user_id` in `tenant_id`.
    pub fn new(action: &str, tenant_id: &str, user_id: &str) -> Self {
        Self {
            action: action.to_owned(),
            kind: AuditKind::Info,
            user_id: user_id.to_owned(),
            tenant_id: tenant_id.to_owned(),
            data: serde_json::Value::Object(serde_json::Map::new()),
        }
    }

    /// The same event with `data`.
    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = data;
        self
    }

    /// The same event with another severity.
    pub fn with_kind(mut self, kind: AuditKind) -> Self {
        self.kind = kind;
        self
    }
}

impl Db {
    /// Records `event` by `actor` at `now_ms` (epoch milliseconds), outside any transaction.
    pub async fn record_audit(&self, actor: &Actor, event: &AuditEvent, now_ms: i64) -> Result<()> {
        insert(&self.pool, actor, event, now_ms).await
    }
}

/// Records `event` inside `tx`, so it commits (or rolls back) with the change it describes.
pub async fn record_in(
    tx: &mut Tx<'_>,
    actor: &Actor,
    event: &AuditEvent,
    now_ms: i64,
) -> Result<()> {
    insert(&mut **tx, actor, event, now_ms).await
}

async fn insert<'e, E>(executor: E, actor: &Actor, event: &AuditEvent, now_ms: i64) -> Result<()>
where
    E: Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_events \
         (id, occurred, actor_id, user_id, action, kind, tenant_id, remote_address, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id('A'))
    .bind(now_ms)
    .bind(actor.actor_id.as_str())
    .bind(event.user_id.as_str())
    .bind(event.action.as_str())
    .bind(event.kind.as_str())
    .bind(event.tenant_id.as_str())
    .bind(actor.remote_address.as_str())
    .bind(event.data.to_string())
    .execute(executor)
    .await?;
    Ok(())
}
