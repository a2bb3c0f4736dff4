//! Storage of access keys: create, search, change, rotate, delete, and what an exchange needs.
//!
//! A key is owned by one tenant (`tenant_id`, or `""` for a project-level key made with the
//! management key); a tenant scope reaches only the keys its tenant owns. Only the SHA-256 of a
//! key's cleartext is stored. Loading a page of keys costs three queries whatever its size.

use super::audit::{Actor, AuditEvent, AuditKind, record_in};
use super::grants::{self, Grantee};
use super::user_changes::{RoleOp, role_ids};
use super::{Backend, Db, Sql, Tx, fold_grants, like_escape, order_clause};
use crate::capability::Scope;
use crate::error::{Error, Result};
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashMap;
use tenantkit_wire::access_key::{AccessKey, AccessKeySearchRequest, KeyStatus, KeyTenant};
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::{TenantGrants, TenantId, UserId, UserStatus};

const KEY_COLUMNS: &str = "k.id, k.tenant_id, k.name, k.description, k.status, k.created, \
    k.expire_time, k.created_by, k.bound_user_id, k.permitted_ips, k.last_used, k.last_used_address";

/// Default and largest page of a key search.
const DEFAULT_PAGE: u32 = 100;
const MAX_PAGE: u32 = 1000;

/// A key as the management API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// The owning tenant (`""` = project).
    pub owner: String,
    /// The wire object (roles and tenants filled in).
    pub key: AccessKey,
    /// Project-level roles.
    project_roles: Vec<String>,
}

impl KeyRecord {
    /// The wire key as `scope` sees it: in a tenant scope the top-level `roleNames` are the
    /// roles in that tenant and `editable` is set.
    pub fn into_wire(mut self, scope: &Scope) -> AccessKey {
        match scope.tenant_id() {
            Some(tenant) => {
                self.key.role_names = self
                    .key
                    .key_tenants
                    .iter()
                    .find(|t| &t.tenant_id == tenant)
                    .map(|t| t.role_names.clone())
                    .unwrap_or_default();
                self.key.key_tenants.retain(|t| &t.tenant_id == tenant);
                self.key.editable = Some(self.owner == tenant.as_str());
            }
            None => self.key.role_names = self.project_roles,
        }
        self.key
    }
}

/// A key found through a scope ([`Db::key_target`]).
#[derive(Debug, Clone)]
pub struct KeyTarget {
    id: String,
    owner: String,
    expire_time: i64,
}

impl KeyTarget {
    /// The key's id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// A key to create.
#[derive(Debug, Clone, Default)]
pub struct NewKey {
    /// Its id (the cleartext starts with it).
    pub id: String,
    /// SHA-256 of the cleartext.
    pub secret_hash: String,
    /// The owning tenant (`""` = project).
    pub owner: TenantId,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Epoch seconds, 0 = never.
    pub expire_time: i64,
    /// Tenants with roles there.
    pub tenants: Vec<(TenantId, Vec<String>)>,
    /// Project-level roles.
    pub project_roles: Vec<String>,
    /// The user it acts for.
    pub bound_user: Option<UserId>,
    /// Permitted addresses and ranges.
    pub permitted_ips: Vec<String>,
}

/// Changes to a key; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct KeyChange {
    /// New name.
    pub name: String,
    /// New description.
    pub description: Option<String>,
    /// New roles: in the owning tenant for a tenant's key, project-level otherwise.
    pub role_names: Option<Vec<String>>,
    /// New permitted addresses.
    pub permitted_ips: Option<Vec<String>>,
}

/// What an exchange checks about a key.
#[derive(Debug, Clone)]
pub struct ExchangeFacts {
    /// The key's id.
    pub id: String,
    /// The owning tenant.
    pub owner: String,
    /// Status.
    pub status: KeyStatus,
    /// Epoch seconds, 0 = never.
    pub expire_time: i64,
    /// Permitted addresses.
    pub permitted_ips: Vec<String>,
    /// The bound user's status, when the key is bound (`None` also when that user is gone).
    pub bound_user: Option<(String, Option<UserStatus>)>,
}

fn not_found(id: &str) -> Error {
    Error::NotFound(format!("Cannot find access key {id:?}"))
}

fn key_from_row(row: &AnyRow) -> Result<KeyRecord> {
    let ips: String = row.try_get("permitted_ips")?;
    let status: String = row.try_get("status")?;
    let id: String = row.try_get("id")?;
    Ok(KeyRecord {
        owner: row.try_get("tenant_id")?,
        project_roles: Vec::new(),
        key: AccessKey {
            client_id: id.clone(),
            id,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            status: KeyStatus::parse(&status)
                .ok_or_else(|| Error::Internal(format!("unknown key status {status:?}")))?,
            created_time: row.try_get("created")?,
            expire_time: row.try_get("expire_time")?,
            created_by: row.try_get("created_by")?,
            bound_user_id: row.try_get("bound_user_id")?,
            permitted_ips: serde_json::from_str(&ips).map_err(Error::internal)?,
            last_used_time: row.try_get("last_used")?,
            last_used_address: row.try_get("last_used_address")?,
            ..AccessKey::default()
        },
    })
}

/// The `ORDER BY` of a key search (newest first by default).
fn key_order(sort: &[tenantkit_wire::SortField], collate: &str) -> Result<String> {
    order_clause(
        sort,
        |field| match field {
            "name" => Some(format!("LOWER(k.name){collate}")),
            // Descope's access-key widget sorts by its display columns' names.
            "createdTime" | "createdTimeFormatted" => Some("k.created".to_owned()),
            "expireTime" | "expireTimeFormatted" => Some("k.expire_time".to_owned()),
            "lastUsedTime" => Some("k.last_used".to_owned()),
            "status" => Some(format!("k.status{collate}")),
            "createdBy" => Some(format!("k.created_by{collate}")),
            "boundUserId" => Some(format!("k.bound_user_id{collate}")),
            _ => None,
        },
        "access keys",
        "name, createdTime, expireTime, lastUsedTime, status, createdBy or boundUserId",
        "k.created DESC",
        &format!("k.id{collate} ASC"),
    )
}

fn push_key_filters(
    sql: &mut Sql,
    scope: &Scope,
    request: &AccessKeySearchRequest,
    backend: Backend,
) {
    sql.push("1 = 1").confine("k.tenant_id", scope);
    let asked = scope.asked(&request.tenant_ids);
    if !asked.is_empty() {
        sql.push(" AND (k.tenant_id IN (")
            .bind_list(asked.iter().map(TenantId::as_str))
            .push(") OR EXISTS (SELECT 1 FROM access_key_tenants kt WHERE kt.key_id = k.id AND kt.tenant_id IN (")
            .bind_list(asked.iter().map(TenantId::as_str))
            .push(")))");
    }
    if !request.statuses.is_empty() {
        sql.push(" AND k.status IN (")
            .bind_list(request.statuses.iter().map(|s| s.as_str()))
            .push(")");
    }
    let text = request.text.trim();
    if !text.is_empty() {
        push_key_text(sql, &text.to_lowercase(), backend);
    }
}

/// The columns a key's text is looked for in.
const KEY_TEXT_COLUMNS: [&str; 3] = ["k.name", "k.description", "k.id"];

/// ` AND` the key's name, description or id holds `lowered` in any case.
///
/// Every key of the scope is checked. PostgreSQL finds the text with `strpos` in each lower-cased
/// column: what `LOWER(column) LIKE '%text%'` found, its pattern escaped, in 6.1 ms against
/// 9.3 for a tenant's 10,000 keys (medians by hand). SQLite's `LIKE` folds ASCII letters and
/// only those, as its `LOWER` does, so each column is matched as it is (as the audit log's
/// text is, `audit::push_text_filter`).
fn push_key_text(sql: &mut Sql, lowered: &str, backend: Backend) {
    sql.push(" AND (");
    for (i, column) in KEY_TEXT_COLUMNS.into_iter().enumerate() {
        if i > 0 {
            sql.push(" OR ");
        }
        match backend {
            Backend::Postgres => sql
                .push("strpos(LOWER(")
                .push(column)
                .push("), ")
                .bind(lowered)
                .push(") > 0"),
            Backend::Sqlite => sql
                .push(column)
                .push(" LIKE ")
                .bind(format!("%{}%", like_escape(lowered)))
                .push(" ESCAPE '\\'"),
        };
    }
    sql.push(")");
}

/// ` ORDER BY ... LIMIT ... OFFSET ...` of page `page` (from 0) of `limit` keys in `order`.
fn push_page(sql: &mut Sql, order: &str, limit: u32, page: u32) {
    sql.push(" ORDER BY ")
        .push(order)
        .push(" LIMIT ")
        .bind(i64::from(limit))
        .push(" OFFSET ")
        .bind(i64::from(page) * i64::from(limit));
}

impl Db {
    /// One page of keys matching `request` in `scope`, with the total.
    ///
    /// With a text, every key of the scope is read to check it: the page's query counts the
    /// matches in the same pass (`COUNT(*) OVER ()`), and a separate count runs only for a page
    /// past the last match. Without one, the count reads the tenant's index alone and the page
    /// sorts the keys' ids, reading only its own keys whole, so the two stay apart.
    pub async fn search_access_keys(
        &self,
        scope: &Scope,
        request: &AccessKeySearchRequest,
    ) -> Result<(Vec<KeyRecord>, u64)> {
        let order = key_order(&request.sort, self.collate())?;
        let text = !request.text.trim().is_empty();
        let limit = match request.limit {
            0 => DEFAULT_PAGE,
            limit => limit.min(MAX_PAGE),
        };
        let mut page = Sql::new(&format!("SELECT {KEY_COLUMNS}"));
        if text {
            page.push(", COUNT(*) OVER () AS total FROM access_keys k WHERE ");
            push_key_filters(&mut page, scope, request, self.backend);
            push_page(&mut page, &order, limit, request.page);
        } else {
            // The page's ids are found first, sorting the ids and the order's columns alone,
            // then its keys are read: sorting whole rows to find them took about twice as long
            // (README, issue 17's twenty-seventh round).
            page.push(" FROM access_keys k WHERE k.id IN (SELECT k.id FROM access_keys k WHERE ");
            push_key_filters(&mut page, scope, request, self.backend);
            push_page(&mut page, &order, limit, request.page);
            page.push(") ORDER BY ").push(&order);
        }
        let rows = page.query().fetch_all(&self.pool).await?;
        let total = match rows.first() {
            Some(row) if text => row.try_get::<i64, _>("total")?,
            None if text && request.page == 0 => 0,
            _ => {
                let mut count = Sql::new("SELECT COUNT(*) AS total FROM access_keys k WHERE ");
                push_key_filters(&mut count, scope, request, self.backend);
                count
                    .query()
                    .fetch_one(&self.pool)
                    .await?
                    .try_get("total")?
            }
        };
        let keys = self.complete_keys(&rows).await?;
        Ok((keys, u64::try_from(total).unwrap_or_default()))
    }

    /// Fills in tenants, roles and the creators' login ids: three queries for any number of keys.
    async fn complete_keys(&self, rows: &[AnyRow]) -> Result<Vec<KeyRecord>> {
        let mut keys = rows.iter().map(key_from_row).collect::<Result<Vec<_>>>()?;
        if keys.is_empty() {
            return Ok(keys);
        }
        let index: HashMap<String, usize> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| (key.key.id.clone(), i))
            .collect();
        let ids: Vec<String> = keys.iter().map(|key| key.key.id.clone()).collect();
        let mut sql = Sql::new(
            "SELECT kt.key_id, t.id, t.name FROM access_key_tenants kt JOIN tenants t ON t.id = kt.tenant_id \
             WHERE kt.key_id IN (",
        );
        sql.bind_list(ids.iter()).push(") ORDER BY t.id");
        for row in sql.query().fetch_all(&self.pool).await? {
            let key_id: String = row.try_get("key_id")?;
            if let Some(&i) = index.get(&key_id) {
                keys[i].key.key_tenants.push(KeyTenant {
                    tenant_id: TenantId::new(row.try_get::<String, _>("id")?),
                    tenant_name: row.try_get("name")?,
                    role_names: Vec::new(),
                });
            }
        }
        let mut sql = Sql::new(
            "SELECT kr.key_id, kr.tenant_id, r.name FROM access_key_roles kr JOIN roles r ON r.id = kr.role_id \
             WHERE kr.key_id IN (",
        );
        sql.bind_list(ids.iter()).push(") ORDER BY r.name");
        for row in sql.query().fetch_all(&self.pool).await? {
            let key_id: String = row.try_get("key_id")?;
            let Some(&i) = index.get(&key_id) else {
                continue;
            };
            let tenant: String = row.try_get("tenant_id")?;
            let role: String = row.try_get("name")?;
            if tenant.is_empty() {
                keys[i].project_roles.push(role);
            } else if let Some(entry) = keys[i]
                .key
                .key_tenants
                .iter_mut()
                .find(|t| t.tenant_id.as_str() == tenant)
            {
                entry.role_names.push(role);
            }
        }
        let creators = self
            .login_ids_of(keys.iter().map(|key| key.key.created_by.as_str()))
            .await?;
        for key in &mut keys {
            key.key.created_by_external_ids = creators.of(&key.key.created_by);
        }
        Ok(keys)
    }

    /// The key `id`, if `scope` reaches it (a tenant scope: keys its tenant owns).
    pub async fn key_target(&self, scope: &Scope, id: &str) -> Result<KeyTarget> {
        let mut sql = Sql::new("SELECT id, tenant_id, expire_time FROM access_keys WHERE id = ");
        sql.bind(id).confine("tenant_id", scope);
        let row = sql
            .query()
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| not_found(id))?;
        let owner: String = row.try_get("tenant_id")?;
        Ok(KeyTarget {
            id: row.try_get("id")?,
            owner,
            expire_time: row.try_get("expire_time")?,
        })
    }

    /// The key behind `target` as `scope` sees it.
    pub async fn load_access_key(&self, scope: &Scope, target: &KeyTarget) -> Result<AccessKey> {
        let row = sqlx::query(&format!(
            "SELECT {KEY_COLUMNS} FROM access_keys k WHERE k.id = $1"
        ))
        .bind(target.id.as_str())
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| not_found(&target.id))?;
        self.complete_keys(&[row])
            .await?
            .pop()
            .map(|record| record.into_wire(scope))
            .ok_or_else(|| not_found(&target.id))
    }

    /// Creates a key. In a tenant scope it is owned by, and works in, that tenant only; a bound
    /// user must be a member there.
    pub async fn create_access_key(
        &self,
        scope: &Scope,
        actor: &Actor,
        key: &NewKey,
        now_ms: i64,
    ) -> Result<KeyTarget> {
        if let Some(tenant) = scope.tenant_id()
            && (&key.owner != tenant
                || !key.project_roles.is_empty()
                || key.tenants.iter().any(|(t, _)| t != tenant))
        {
            return Err(Error::Forbidden(format!(
                "A tenant admin can only create keys of tenant {tenant}"
            )));
        }
        let mut tx = self.write_tx().await?;
        if let Some(user) = &key.bound_user {
            bound_user_check(&mut tx, scope, user).await?;
        }
        grants::check_new(&mut tx, scope, &key.tenants).await?;
        let ips = serde_json::to_string(&key.permitted_ips).map_err(Error::internal)?;
        sqlx::query(
            "INSERT INTO access_keys (id, tenant_id, name, description, secret_hash, status, created, \
             expire_time, created_by, bound_user_id, permitted_ips) \
             VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10)",
        )
        .bind(key.id.as_str())
        .bind(key.owner.as_str())
        .bind(key.name.as_str())
        .bind(key.description.as_str())
        .bind(key.secret_hash.as_str())
        .bind(now_ms.div_euclid(1000))
        .bind(key.expire_time)
        .bind(actor.actor_id.as_str())
        .bind(key.bound_user.as_ref().map_or("", UserId::as_str))
        .bind(ips)
        .execute(&mut *tx)
        .await?;
        for (tenant, roles) in &key.tenants {
            let exists = sqlx::query("SELECT 1 AS one FROM tenants WHERE id = $1")
                .bind(tenant.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Err(Error::InvalidArguments(format!(
                    "Unknown tenant {tenant:?}"
                )));
            }
            sqlx::query("INSERT INTO access_key_tenants (key_id, tenant_id) VALUES ($1, $2)")
                .bind(key.id.as_str())
                .bind(tenant.as_str())
                .execute(&mut *tx)
                .await?;
            grant_roles(&mut tx, &key.id, tenant, roles).await?;
        }
        grant_roles(&mut tx, &key.id, &TenantId::new(""), &key.project_roles).await?;
        let event = AuditEvent::new(AuditAction::AccessKeyCreated, key.owner.as_str(), "")
            .with_data(json!({
                "keyId": key.id,
                "name": key.name,
                "expireTime": key.expire_time,
                "permittedIps": key.permitted_ips,
            }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(KeyTarget {
            id: key.id.clone(),
            owner: key.owner.as_str().to_owned(),
            expire_time: key.expire_time,
        })
    }

    /// Changes a key's name, description, roles or permitted addresses. In widget mode the roles
    /// given or taken away must carry only permissions the caller holds ([`grants`]).
    pub async fn update_access_key(
        &self,
        scope: &Scope,
        actor: &Actor,
        target: &KeyTarget,
        change: &KeyChange,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        if let Some(roles) = &change.role_names {
            let key = Grantee::Key(&target.id);
            grants::check_roles(&mut tx, scope, key, RoleOp::Set, roles).await?;
        }
        let mut sql = Sql::new("UPDATE access_keys SET name = ");
        sql.bind(change.name.as_str());
        if let Some(description) = &change.description {
            sql.push(", description = ").bind(description.as_str());
        }
        if let Some(ips) = &change.permitted_ips {
            let ips = serde_json::to_string(ips).map_err(Error::internal)?;
            sql.push(", permitted_ips = ").bind(ips);
        }
        sql.push(" WHERE id = ").bind(target.id.as_str());
        sql.query().execute(&mut *tx).await?;
        if let Some(roles) = &change.role_names {
            let tenant = TenantId::new(target.owner.clone());
            sqlx::query("DELETE FROM access_key_roles WHERE key_id = $1 AND tenant_id = $2")
                .bind(target.id.as_str())
                .bind(tenant.as_str())
                .execute(&mut *tx)
                .await?;
            grant_roles(&mut tx, &target.id, &tenant, roles).await?;
        }
        let event =
            AuditEvent::new(AuditAction::AccessKeyModified, &target.owner, "").with_data(json!({
                "keyId": target.id,
                "name": change.name,
                "roleNames": change.role_names,
                "permittedIps": change.permitted_ips,
            }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Activates or deactivates keys, all or nothing. An expired key cannot be activated.
    pub async fn set_access_key_status(
        &self,
        actor: &Actor,
        targets: &[KeyTarget],
        status: KeyStatus,
        now_ms: i64,
    ) -> Result<()> {
        let now = now_ms.div_euclid(1000);
        if status == KeyStatus::Active
            && let Some(expired) = targets
                .iter()
                .find(|t| t.expire_time > 0 && t.expire_time <= now)
        {
            return Err(Error::Conflict(format!(
                "Access key {} has expired and cannot be activated: create a new one",
                expired.id
            )));
        }
        let mut tx = self.write_tx().await?;
        for target in targets {
            sqlx::query("UPDATE access_keys SET status = $1 WHERE id = $2")
                .bind(status.as_str())
                .bind(target.id.as_str())
                .execute(&mut *tx)
                .await?;
            let action = match status {
                KeyStatus::Active => AuditAction::AccessKeyActivated,
                KeyStatus::Inactive => AuditAction::AccessKeyDeactivated,
            };
            let event =
                AuditEvent::new(action, &target.owner, "").with_data(json!({ "keyId": target.id }));
            record_in(&mut tx, actor, &event, now_ms).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes keys for good, all or nothing.
    pub async fn delete_access_keys(
        &self,
        actor: &Actor,
        targets: &[KeyTarget],
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        for target in targets {
            sqlx::query("DELETE FROM access_keys WHERE id = $1")
                .bind(target.id.as_str())
                .execute(&mut *tx)
                .await?;
            let event = AuditEvent::new(AuditAction::AccessKeyDeleted, &target.owner, "")
                .with_data(json!({ "keyId": target.id }));
            record_in(&mut tx, actor, &event, now_ms).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Gives a key a new secret; the old one stops working at once.
    pub async fn rotate_access_key(
        &self,
        actor: &Actor,
        target: &KeyTarget,
        secret_hash: &str,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE access_keys SET secret_hash = $1 WHERE id = $2")
            .bind(secret_hash)
            .bind(target.id.as_str())
            .execute(&mut *tx)
            .await?;
        let event = AuditEvent::new(AuditAction::AccessKeyRotated, &target.owner, "")
            .with_data(json!({ "keyId": target.id }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The key whose secret hashes to `secret_hash`, for an exchange.
    pub async fn exchange_facts(&self, secret_hash: &str) -> Result<Option<ExchangeFacts>> {
        let row = sqlx::query(
            "SELECT k.id, k.tenant_id, k.status, k.expire_time, k.permitted_ips, k.bound_user_id, \
             u.status AS user_status FROM access_keys k LEFT JOIN users u ON u.id = k.bound_user_id \
             WHERE k.secret_hash = $1",
        )
        .bind(secret_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let status: String = row.try_get("status")?;
        let ips: String = row.try_get("permitted_ips")?;
        let bound: String = row.try_get("bound_user_id")?;
        let user_status: Option<String> = row.try_get("user_status")?;
        Ok(Some(ExchangeFacts {
            id: row.try_get("id")?,
            owner: row.try_get("tenant_id")?,
            status: KeyStatus::parse(&status).unwrap_or(KeyStatus::Inactive),
            expire_time: row.try_get("expire_time")?,
            permitted_ips: serde_json::from_str(&ips).map_err(Error::internal)?,
            bound_user: (!bound.is_empty())
                .then(|| (bound, user_status.as_deref().and_then(UserStatus::parse))),
        }))
    }

    /// The grants a key's JWT carries: per tenant, and project-level.
    pub async fn key_grants(
        &self,
        key_id: &str,
    ) -> Result<(Vec<(TenantId, TenantGrants)>, TenantGrants)> {
        let tenants = sqlx::query(
            "SELECT tenant_id FROM access_key_tenants WHERE key_id = $1 ORDER BY tenant_id",
        )
        .bind(key_id)
        .fetch_all(&self.pool)
        .await?;
        let mut grants: Vec<(TenantId, TenantGrants)> = tenants
            .iter()
            .map(|row| {
                Ok((
                    TenantId::new(row.try_get::<String, _>("tenant_id")?),
                    TenantGrants::default(),
                ))
            })
            .collect::<Result<_>>()?;
        let mut project = TenantGrants::default();
        let rows = sqlx::query(
            "SELECT kr.tenant_id, r.name, rp.permission_name FROM access_key_roles kr \
             JOIN roles r ON r.id = kr.role_id LEFT JOIN role_permissions rp ON rp.role_id = r.id \
             WHERE kr.key_id = $1 ORDER BY r.name, rp.permission_name",
        )
        .bind(key_id)
        .fetch_all(&self.pool)
        .await?;
        fold_grants(&rows, &mut grants, &mut project)?;
        Ok((grants, project))
    }

    /// Records a successful exchange: when and from where.
    pub async fn record_key_use(&self, key_id: &str, now: i64, address: &str) -> Result<()> {
        sqlx::query("UPDATE access_keys SET last_used = $1, last_used_address = $2 WHERE id = $3")
            .bind(now)
            .bind(address)
            .bind(key_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records a refused exchange (a `warn` audit event).
    pub async fn record_refused_exchange(
        &self,
        actor: &Actor,
        key_id: &str,
        tenant: &str,
        reason: &str,
        now_ms: i64,
    ) -> Result<()> {
        let event = AuditEvent::new(AuditAction::AccessKeyExchangeRefused, tenant, "")
            .with_kind(AuditKind::Warn)
            .with_data(json!({ "keyId": key_id, "reason": reason }));
        self.record_audit(actor, &event, now_ms).await
    }
}

async fn grant_roles(
    tx: &mut Tx<'_>,
    key_id: &str,
    tenant: &TenantId,
    roles: &[String],
) -> Result<()> {
    for role_id in role_ids(tx, tenant, roles).await? {
        sqlx::query(
            "INSERT INTO access_key_roles (key_id, tenant_id, role_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(key_id)
        .bind(tenant.as_str())
        .bind(role_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A bound user must exist, and in a tenant scope be a member of the tenant.
async fn bound_user_check(tx: &mut Tx<'_>, scope: &Scope, user: &UserId) -> Result<()> {
    let mut sql = Sql::new("SELECT 1 AS one FROM users u WHERE u.id = ");
    sql.bind(user.as_str()).confine_members("u.id", scope);
    match sql.query().fetch_optional(&mut **tx).await? {
        Some(_) => Ok(()),
        None => Err(Error::UserNotFound(format!("Cannot find user {user}"))),
    }
}
