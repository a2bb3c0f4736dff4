//! The audit trail: every change writes one [`AuditEvent`], in the same transaction as the change
//! when there is one ([`record_in`]), so a change and its event land or fail together.

use super::{Db, Sql, Tx, like_escape, new_id};
use crate::error::Result;
use sqlx::any::AnyRow;
use sqlx::{Executor, Row};
use tenantkit_wire::UserId;
use tenantkit_wire::tenant::{AuditRecord, AuditSearchRequest};
use tenantkit_wire::user::TOTAL_CAP;

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

impl Actor {
    /// A user acting on their own account (accepting an invitation, signing out, replacing a
    /// password, joining tenants by email domain) from `remote_address`.
    pub fn user(user_id: &UserId, remote_address: &str) -> Self {
        Self {
            actor_id: user_id.as_str().to_owned(),
            remote_address: remote_address.to_owned(),
        }
    }
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

/// Default and largest page of an audit search.
const DEFAULT_AUDIT_PAGE: u32 = 100;
const MAX_AUDIT_PAGE: u32 = 1000;

/// One page of an audit search.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditPage {
    /// The events of the page, newest first.
    pub audits: Vec<AuditRecord>,
    /// How many events match across all pages; [`TOTAL_CAP`] when `total_capped`.
    pub total: u64,
    /// More than [`TOTAL_CAP`] events match: `total` is a lower bound ("10,000+").
    pub total_capped: bool,
}

impl Db {
    /// One page of events matching `request`, newest first, with the total, counted up to
    /// [`TOTAL_CAP`] (a tenant of 1,000,000 events is not counted whole for each page). In a
    /// tenant scope only that tenant's events.
    pub async fn search_audit(
        &self,
        scope: &crate::capability::Scope,
        request: &AuditSearchRequest,
    ) -> Result<AuditPage> {
        let counted = self.count_audit(scope, request, TOTAL_CAP + 1).await?;
        let (total, total_capped) = (counted.min(TOTAL_CAP), counted > TOTAL_CAP);
        if total == 0 {
            return Ok(AuditPage {
                audits: Vec::new(),
                total,
                total_capped,
            });
        }
        let limit = request
            .size
            .or(request.limit)
            .filter(|size| *size > 0)
            .unwrap_or(DEFAULT_AUDIT_PAGE)
            .min(MAX_AUDIT_PAGE);
        let mut page = Sql::new(
            "SELECT occurred, actor_id, user_id, action, kind, tenant_id, remote_address, data \
             FROM audit_events WHERE ",
        );
        push_filters(&mut page, scope, request);
        // The order of the audit_events_tenant_* indexes (migration 0121), read backwards.
        page.push(" ORDER BY occurred DESC, id DESC LIMIT ")
            .bind(i64::from(limit));
        page.push(" OFFSET ")
            .bind(i64::from(request.page) * i64::from(limit));
        let mut audits = page
            .query()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(record_from_row)
            .collect::<Result<Vec<_>>>()?;
        self.add_login_ids(&mut audits).await?;
        Ok(AuditPage {
            audits,
            total,
            total_capped,
        })
    }

    /// How many events match `request` in `scope`, counting no further than `cap`.
    async fn count_audit(
        &self,
        scope: &crate::capability::Scope,
        request: &AuditSearchRequest,
        cap: u64,
    ) -> Result<u64> {
        let mut count =
            Sql::new("SELECT COUNT(*) AS total FROM (SELECT 1 AS one FROM audit_events WHERE ");
        push_filters(&mut count, scope, request);
        count
            .push(" LIMIT ")
            .bind(i64::try_from(cap).unwrap_or(i64::MAX))
            .push(") AS matches");
        let total: i64 = count
            .query()
            .fetch_one(&self.pool)
            .await?
            .try_get("total")?;
        Ok(u64::try_from(total).unwrap_or_default())
    }

    /// Fills in the login ids of the users and actors of `audits` that still exist.
    async fn add_login_ids(&self, audits: &mut [AuditRecord]) -> Result<()> {
        use std::collections::{BTreeSet, HashMap};
        let ids: BTreeSet<&str> = audits
            .iter()
            .flat_map(|audit| [audit.user_id.as_str(), audit.actor_id.as_str()])
            .filter(|id| !id.is_empty())
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new("SELECT user_id, login_id FROM login_ids WHERE user_id IN (");
        sql.bind_list(ids.into_iter().map(str::to_owned))
            .push(") ORDER BY login_id");
        let mut login_ids: HashMap<String, Vec<String>> = HashMap::new();
        for row in sql.query().fetch_all(&self.pool).await? {
            login_ids
                .entry(row.try_get("user_id")?)
                .or_default()
                .push(row.try_get("login_id")?);
        }
        for audit in audits {
            let of = |id: &str| login_ids.get(id).cloned().unwrap_or_default();
            audit.external_ids = of(&audit.user_id);
            audit.actor_external_ids = of(&audit.actor_id);
        }
        Ok(())
    }

    /// Deletes events that occurred before `before_ms` (retention). Answers how many.
    pub async fn prune_audit(&self, before_ms: i64) -> Result<u64> {
        let deleted = sqlx::query("DELETE FROM audit_events WHERE occurred < $1")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected())
    }
}

/// The `WHERE` clause of an audit search (shared by the count and the page).
fn push_filters(sql: &mut Sql, scope: &crate::capability::Scope, request: &AuditSearchRequest) {
    sql.push("1 = 1").confine("tenant_id", scope);
    let asked = scope.asked(&request.tenants);
    if !asked.is_empty() {
        sql.push(" AND tenant_id IN (")
            .bind_list(asked.iter())
            .push(")");
    }
    if !request.user_ids.is_empty() {
        sql.push(" AND user_id IN (")
            .bind_list(request.user_ids.iter())
            .push(")");
    }
    if !request.actions.is_empty() {
        sql.push(" AND action IN (")
            .bind_list(request.actions.iter())
            .push(")");
    }
    if let Some(from) = request.from {
        sql.push(" AND occurred >= ").bind(from);
    }
    if let Some(to) = request.to {
        sql.push(" AND occurred <= ").bind(to);
    }
    let text = request.text.trim();
    if !text.is_empty() {
        push_text_filter(sql, text);
    }
}

/// The free-text filter: `text` is a case-insensitive substring of the action, the actor, the
/// user, the remote address or the data, or of a login id of the user or the actor.
fn push_text_filter(sql: &mut Sql, text: &str) {
    let pattern = format!("%{}%", like_escape(&text.to_lowercase()));
    sql.push(" AND (");
    for (i, column) in ["action", "actor_id", "user_id", "remote_address", "data"]
        .iter()
        .enumerate()
    {
        if i > 0 {
            sql.push(" OR ");
        }
        sql.push("LOWER(")
            .push(column)
            .push(") LIKE ")
            .bind(pattern.as_str())
            .push(" ESCAPE '\\'");
    }
    // The login ids the records carry are searchable too.
    for column in ["user_id", "actor_id"] {
        sql.push(" OR ")
            .push(column)
            .push(" IN (SELECT user_id FROM login_ids WHERE LOWER(login_id) LIKE ")
            .bind(pattern.as_str())
            .push(" ESCAPE '\\')");
    }
    sql.push(")");
}

/// The wire record of an event row (its login ids are added afterwards).
fn record_from_row(row: &AnyRow) -> Result<AuditRecord> {
    let tenant: String = row.try_get("tenant_id")?;
    let data: String = row.try_get("data")?;
    Ok(AuditRecord {
        user_id: row.try_get("user_id")?,
        action: row.try_get("action")?,
        kind: row.try_get("kind")?,
        actor_id: row.try_get("actor_id")?,
        occurred: row.try_get::<i64, _>("occurred")?.to_string(),
        remote_address: row.try_get("remote_address")?,
        external_ids: Vec::new(),
        actor_external_ids: Vec::new(),
        tenants: if tenant.is_empty() {
            Vec::new()
        } else {
            vec![tenant]
        },
        data: serde_json::from_str(&data).map_err(crate::error::Error::internal)?,
    })
}
