//! SCIM provisioning storage: a tenant's SCIM token, the users and groups its IdP provisions,
//! and the roles those groups grant.
//!
//! SCIM acts in the tenant's scope with the same rules as a tenant admin (`user_changes`):
//! users it creates join this tenant only, and the account of a person who also belongs to other
//! tenants (name, email, status, sessions) is not this tenant's to change. So deactivating such a
//! person takes their membership here away (and ends their sessions, whose tokens carry this
//! tenant's roles), while a person of this tenant alone is disabled. Either way the SCIM resource
//! stays (`scim_users.active` false) until the IdP deletes it.
//!
//! Group roles are granted set-wise (never a query per member): a membership or mapping change
//! recomputes, for the users it touches, the roles their groups grant; grants that came from SCIM
//! are recorded (`scim_granted_roles`) so that roles given by hand are never taken away.

use super::audit::{Actor, AuditEvent, AuditKind, record_in};
use super::user_changes::{Change, UserKey, change_user_in, create_user_in, secs};
use super::users::{END_SESSIONS, NewUser, status_from_row};
use super::{Db, Param, Sql, Tx, like_escape, new_id};
use crate::capability::TenantScope;
use crate::error::{Error, Result};
use crate::scim::filter::{AttrPath, CompareOp, Filter};
use serde_json::{Value, json};
use sqlx::Row;
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::group::{Group, GroupMember, MAX_GROUPS, SOURCE_SCIM};
use tenantkit_wire::scim::{ScimActivity, ScimGroupMapping, ScimTokenInfo};
use tenantkit_wire::{LoginId, TenantId, UserId, UserStatus};

/// The actor id of every change SCIM makes, in the audit trail.
pub const SCIM_ACTOR: &str = "SCIM";

/// A user as SCIM shows it: its attributes, and what the server keeps of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimUserRow {
    /// The SCIM `id`.
    pub id: UserId,
    /// The attributes (`userName` is the user's first login id; `active`: enabled and a member
    /// of the tenant).
    pub user: ScimUser,
    /// Created, epoch seconds.
    pub created: i64,
    /// Last changed by SCIM (else created), epoch seconds.
    pub modified: i64,
}

/// A user's SCIM attributes: what a create or replace sets, and what a read shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScimUser {
    /// `userName`, the login id.
    pub user_name: String,
    /// `externalId`.
    pub external_id: String,
    /// `displayName` (else `name.formatted`).
    pub name: String,
    /// `name.givenName`.
    pub given_name: String,
    /// `name.middleName`.
    pub middle_name: String,
    /// `name.familyName`.
    pub family_name: String,
    /// The primary (else work, else first) email.
    pub email: String,
    /// The primary (else work, else first) phone number, in E.164.
    pub phone: String,
    /// `active`.
    pub active: bool,
}

/// A group as SCIM shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimGroupRow {
    /// The SCIM `id`.
    pub id: String,
    /// `displayName`.
    pub display_name: String,
    /// `externalId`.
    pub external_id: String,
    /// Created, epoch seconds.
    pub created: i64,
    /// Last changed, epoch seconds.
    pub modified: i64,
    /// Member user ids, when asked for.
    pub members: Option<Vec<String>>,
}

/// Which groups Descope's group tools read.
#[derive(Debug, Clone, Copy)]
pub enum GroupSelect<'a> {
    /// Every group of the tenant.
    All,
    /// One group, by id.
    One(&'a str),
    /// The groups any of these users belong to.
    OfUsers {
        /// Users by id.
        user_ids: &'a [String],
        /// Users by login id (any case).
        login_ids: &'a [String],
    },
}

/// A change to a group's members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberChange {
    /// Add these users.
    Add(Vec<String>),
    /// Remove these users.
    Remove(Vec<String>),
    /// Exactly these users.
    Replace(Vec<String>),
}

/// A change to a group (PUT, PATCH): what is `None` or empty stays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupChange {
    /// The new `displayName`.
    pub display_name: Option<String>,
    /// The new `externalId`.
    pub external_id: Option<String>,
    /// Member changes, in order.
    pub members: Vec<MemberChange>,
}

/// Which rows of a listing.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// 1-based index of the first row.
    pub start_index: i64,
    /// Rows at most.
    pub count: i64,
}

/// The most rows a page holds (`count`).
pub const MAX_PAGE: i64 = 1000;

/// The most members one request adds or removes (a PUT of a whole group included): a bounded
/// statement on both databases (two parameters a row, under SQLite's 32,766).
pub const MAX_MEMBER_CHANGE: usize = 10_000;

fn invalid_filter(detail: impl Into<String>) -> Error {
    Error::InvalidArguments(format!("invalidFilter: {}", detail.into()))
}

/// Appends `and`, `or` and `not` of a filter as SQL, the filters they combine by `condition`.
fn logical(
    sql: &mut Sql,
    filter: &Filter,
    condition: fn(&mut Sql, &Filter) -> Result<()>,
) -> Result<()> {
    match filter {
        Filter::And(a, b) | Filter::Or(a, b) => {
            sql.push("(");
            condition(sql, a)?;
            sql.push(if matches!(filter, Filter::And(..)) {
                " AND "
            } else {
                " OR "
            });
            condition(sql, b)?;
            sql.push(")");
        }
        Filter::Not(inner) => {
            sql.push("NOT (");
            condition(sql, inner)?;
            sql.push(")");
        }
        other => condition(sql, other)?,
    }
    Ok(())
}

/// Appends the SQL condition of `filter` over the user columns (the query binds the tenant as
/// `$1` and joins `scim_users s`).
fn user_condition(sql: &mut Sql, filter: &Filter) -> Result<()> {
    match filter {
        Filter::And(..) | Filter::Or(..) | Filter::Not(_) => logical(sql, filter, user_condition)?,
        Filter::ValuePath(attr, inner) => {
            let prefix = match attr.as_str() {
                "emails" | "phonenumbers" => attr.clone(),
                other => {
                    return Err(invalid_filter(format!(
                        "users cannot be filtered by values of {other:?}"
                    )));
                }
            };
            let inner = prefixed(inner, &prefix);
            user_condition(sql, &inner)?;
        }
        Filter::Present(path) => match path.dotted().as_str() {
            "active" | "id" | "username" | "meta" => {
                sql.push("1 = 1");
            }
            dotted => {
                let column = user_text_column(dotted)?;
                sql.push(&format!("{column} <> ''"));
            }
        },
        Filter::Compare(path, op, value) => {
            let dotted = path.dotted();
            match dotted.as_str() {
                "active" => {
                    let wanted = match value {
                        Value::Bool(wanted) => *wanted,
                        Value::String(text) => text.eq_ignore_ascii_case("true"),
                        _ => return Err(invalid_filter("active compares with true or false")),
                    };
                    let active = "(u.status = 'enabled' AND EXISTS (SELECT 1 FROM user_tenants m \
                                  WHERE m.user_id = u.id AND m.tenant_id = $1))";
                    let positive = matches!(op, CompareOp::Eq) == wanted;
                    if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
                        return Err(invalid_filter("active compares with eq or ne"));
                    }
                    if positive {
                        sql.push(active);
                    } else {
                        sql.push("NOT ").push(active);
                    }
                }
                // The IdPs' lookups (`userName eq`, `externalId eq`, `id eq`) go through an
                // index whatever the tenant's size.
                "username" => {
                    sql.push("u.id IN (SELECT l.user_id FROM login_ids l WHERE ");
                    compare_text(sql, "l.login_id", *op, value)?;
                    sql.push(")");
                }
                "externalid" if *op == CompareOp::Eq => {
                    // `caseExact` (RFC 7643 §3.1).
                    let Value::String(wanted) = value else {
                        return Err(invalid_filter("externalId compares with a string"));
                    };
                    sql.push(
                        "u.id IN (SELECT x.user_id FROM scim_users x WHERE x.tenant_id = $1 \
                         AND x.external_id = ",
                    )
                    .bind(wanted.as_str())
                    .push(")");
                }
                "id" if *op == CompareOp::Eq => {
                    let Value::String(wanted) = value else {
                        return Err(invalid_filter("id compares with a string"));
                    };
                    sql.push("u.id = ").bind(wanted.as_str());
                }
                dotted => {
                    let column = user_text_column(dotted)?;
                    compare_text(sql, column, *op, value)?;
                }
            }
        }
    }
    Ok(())
}

/// Rewrites the inner filter of `emails[...]` so its paths read `emails.value`, `emails.type`.
fn prefixed(filter: &Filter, attr: &str) -> Filter {
    let path = |inner: &AttrPath| AttrPath {
        attr: attr.to_owned(),
        sub: Some(inner.attr.clone()),
    };
    match filter {
        Filter::Compare(inner, op, value) => Filter::Compare(path(inner), *op, value.clone()),
        Filter::Present(inner) => Filter::Present(path(inner)),
        Filter::And(a, b) => Filter::And(Box::new(prefixed(a, attr)), Box::new(prefixed(b, attr))),
        Filter::Or(a, b) => Filter::Or(Box::new(prefixed(a, attr)), Box::new(prefixed(b, attr))),
        Filter::Not(inner) => Filter::Not(Box::new(prefixed(inner, attr))),
        Filter::ValuePath(..) => filter.clone(),
    }
}

/// The column (or constant) a text attribute of a user reads from.
fn user_text_column(dotted: &str) -> Result<&'static str> {
    Ok(match dotted {
        "id" => "u.id",
        "externalid" => "COALESCE(s.external_id, '')",
        "displayname" | "name.formatted" => "u.name",
        "name.givenname" => "u.given_name",
        "name.middlename" => "u.middle_name",
        "name.familyname" => "u.family_name",
        "emails" | "emails.value" => "u.email",
        "phonenumbers" | "phonenumbers.value" => "u.phone",
        // We keep one address of each kind, and show it as the primary work one.
        "emails.type" | "phonenumbers.type" => "'work'",
        other => {
            return Err(invalid_filter(format!(
                "users cannot be filtered by {other:?}: filter by userName, externalId, \
                 emails.value, displayName, name.givenName, name.familyName or active"
            )));
        }
    })
}

/// `column op value` for text, case-insensitive (SCIM's `caseExact: false`).
fn compare_text(sql: &mut Sql, column: &str, op: CompareOp, value: &Value) -> Result<()> {
    let text = match value {
        Value::String(text) => text.to_lowercase(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::Null => {
            return Err(invalid_filter("compare with null by \"not (attr pr)\""));
        }
        _ => {
            return Err(invalid_filter(
                "a filter value is a string, number or boolean",
            ));
        }
    };
    let lowered = format!("LOWER({column})");
    let (operator, bound) = match op {
        CompareOp::Eq => ("=", text),
        CompareOp::Ne => ("<>", text),
        CompareOp::Gt => (">", text),
        CompareOp::Ge => (">=", text),
        CompareOp::Lt => ("<", text),
        CompareOp::Le => ("<=", text),
        CompareOp::Co => ("LIKE", format!("%{}%", like_escape(&text))),
        CompareOp::Sw => ("LIKE", format!("{}%", like_escape(&text))),
        CompareOp::Ew => ("LIKE", format!("%{}", like_escape(&text))),
    };
    sql.push(&lowered)
        .push(" ")
        .push(operator)
        .push(" ")
        .bind(bound);
    if operator == "LIKE" {
        sql.push(" ESCAPE '\\'");
    }
    Ok(())
}

/// Appends the SQL condition of `filter` over the group columns (`g`).
fn group_condition(sql: &mut Sql, filter: &Filter) -> Result<()> {
    match filter {
        Filter::And(..) | Filter::Or(..) | Filter::Not(_) => logical(sql, filter, group_condition)?,
        Filter::ValuePath(attr, inner) if attr == "members" => {
            group_condition(sql, &prefixed(inner, "members"))?;
        }
        Filter::Compare(path, op, value)
            if matches!(path.dotted().as_str(), "members" | "members.value") =>
        {
            if *op != CompareOp::Eq {
                return Err(invalid_filter("members compares with eq"));
            }
            sql.push("EXISTS (SELECT 1 FROM scim_group_members gm WHERE gm.group_id = g.id AND ");
            compare_text(sql, "gm.user_id", *op, value)?;
            sql.push(")");
        }
        Filter::Present(path) if path.dotted() == "members" => {
            sql.push("EXISTS (SELECT 1 FROM scim_group_members gm WHERE gm.group_id = g.id)");
        }
        Filter::Present(path) => {
            sql.push(group_column(&path.dotted())?).push(" <> ''");
        }
        Filter::Compare(path, op, value) => {
            compare_text(sql, group_column(&path.dotted())?, *op, value)?;
        }
        Filter::ValuePath(attr, _) => {
            return Err(invalid_filter(format!(
                "groups cannot be filtered by values of {attr:?}"
            )));
        }
    }
    Ok(())
}

fn group_column(dotted: &str) -> Result<&'static str> {
    Ok(match dotted {
        "id" => "g.id",
        "displayname" => "g.display_name",
        "externalid" => "g.external_id",
        other => {
            return Err(invalid_filter(format!(
                "groups cannot be filtered by {other:?}: filter by displayName, externalId, id \
                 or members.value"
            )));
        }
    })
}

const USER_SELECT: &str = "SELECT u.id, u.name, u.given_name, u.middle_name, u.family_name, \
    u.email, u.phone, u.status, u.created, \
    (SELECT MIN(l.login_id) FROM login_ids l WHERE l.user_id = u.id) AS user_name, \
    COALESCE(s.external_id, '') AS external_id, COALESCE(s.modified, u.created) AS modified, \
    (SELECT COUNT(*) FROM user_tenants m WHERE m.user_id = u.id AND m.tenant_id = $1) AS member \
    FROM users u LEFT JOIN scim_users s ON s.user_id = u.id AND s.tenant_id = $1 ";

/// Who SCIM sees in a tenant: its members, and the users it deactivated there and has not
/// deleted.
/// Correlated, so a lookup is driven by its index (`userName eq`) and a listing by the users'
/// creation order, stopping at the page's end.
const USER_REACH: &str = "(EXISTS (SELECT 1 FROM user_tenants t WHERE t.user_id = u.id \
    AND t.tenant_id = $1) OR EXISTS (SELECT 1 FROM scim_users r WHERE r.user_id = u.id \
    AND r.tenant_id = $1))";

fn user_row(row: &sqlx::any::AnyRow) -> Result<ScimUserRow> {
    let status = status_from_row(row)?;
    let member: i64 = row.try_get("member")?;
    Ok(ScimUserRow {
        id: UserId::new(row.try_get::<String, _>("id")?),
        user: ScimUser {
            user_name: row
                .try_get::<Option<String>, _>("user_name")?
                .unwrap_or_default(),
            external_id: row.try_get("external_id")?,
            name: row.try_get("name")?,
            given_name: row.try_get("given_name")?,
            middle_name: row.try_get("middle_name")?,
            family_name: row.try_get("family_name")?,
            email: row.try_get("email")?,
            phone: row.try_get("phone")?,
            active: member > 0 && status == UserStatus::Enabled,
        },
        created: row.try_get("created")?,
        modified: row.try_get("modified")?,
    })
}

/// A statement whose text names the tenant `$1`, bound as its first parameter.
fn with_tenant(text: &str, tenant: &TenantId) -> Sql {
    Sql {
        text: text.to_owned(),
        params: vec![Param::from(tenant.as_str())],
        ..Sql::default()
    }
}

fn user_not_found(id: &str) -> Error {
    Error::UserNotFound(format!("No user {id} in this tenant"))
}

fn group_not_found(id: &str) -> Error {
    Error::NotFound(format!("No group {id} in this tenant"))
}

impl Db {
    // ----- the token -----

    /// The tenant and token id of a SCIM token (by the SHA-256 of its cleartext), noting its use
    /// (at most once a minute, so requests do not all write).
    pub async fn scim_token_tenant(
        &self,
        secret_hash: &str,
        now: i64,
    ) -> Result<Option<(TenantId, String)>> {
        let Some(row) = sqlx::query(
            "SELECT s.tenant_id, s.id, s.last_used FROM scim_tokens s \
             JOIN tenants t ON t.id = s.tenant_id WHERE s.secret_hash = $1 AND t.disabled = $2",
        )
        .bind(secret_hash)
        .bind(false)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let tenant = TenantId::new(row.try_get::<String, _>("tenant_id")?);
        let last_used: i64 = row.try_get("last_used")?;
        if now - last_used >= 60 {
            sqlx::query("UPDATE scim_tokens SET last_used = $1 WHERE tenant_id = $2")
                .bind(now)
                .bind(tenant.as_str())
                .execute(&self.pool)
                .await?;
        }
        Ok(Some((tenant, row.try_get("id")?)))
    }

    /// The tenant's SCIM token, if it has one (never its secret).
    pub async fn scim_token(&self, scope: &TenantScope) -> Result<Option<ScimTokenInfo>> {
        let row = sqlx::query(
            "SELECT id, created, created_by, last_used FROM scim_tokens WHERE tenant_id = $1",
        )
        .bind(scope.tenant_id().as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(ScimTokenInfo {
                id: row.try_get("id")?,
                created_time: row.try_get("created")?,
                created_by: row.try_get("created_by")?,
                last_used_time: row.try_get("last_used")?,
            })
        })
        .transpose()
    }

    /// Creates the tenant's SCIM token, replacing the one it had (which stops working at once).
    pub async fn replace_scim_token(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        id: &str,
        secret_hash: &str,
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id().as_str();
        let mut tx = self.write_tx().await?;
        let replaced = sqlx::query("DELETE FROM scim_tokens WHERE tenant_id = $1")
            .bind(tenant)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query(
            "INSERT INTO scim_tokens (tenant_id, id, secret_hash, created, created_by) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(tenant)
        .bind(id)
        .bind(secret_hash)
        .bind(secs(now_ms))
        .bind(actor.actor_id.as_str())
        .execute(&mut *tx)
        .await?;
        let action = if replaced > 0 {
            AuditAction::ScimTokenRotated
        } else {
            AuditAction::ScimTokenCreated
        };
        let event = AuditEvent::new(action, tenant, "").with_data(json!({ "tokenId": id }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Revokes the tenant's SCIM token; `false` when it had none.
    pub async fn revoke_scim_token(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        now_ms: i64,
    ) -> Result<bool> {
        let tenant = scope.tenant_id().as_str();
        let mut tx = self.write_tx().await?;
        let revoked = sqlx::query("DELETE FROM scim_tokens WHERE tenant_id = $1")
            .bind(tenant)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if revoked {
            let event = AuditEvent::new(AuditAction::ScimTokenRevoked, tenant, "");
            record_in(&mut tx, actor, &event, now_ms).await?;
        }
        tx.commit().await?;
        Ok(revoked)
    }

    // ----- users -----

    /// A page of the users SCIM sees in the tenant that match `filter`, oldest first, with the
    /// number of all that match.
    pub async fn scim_users(
        &self,
        scope: &TenantScope,
        filter: Option<&Filter>,
        page: Page,
    ) -> Result<(i64, Vec<ScimUserRow>)> {
        let condition = |select: &str| -> Result<Sql> {
            let mut sql = with_tenant(select, scope.tenant_id());
            sql.push(" WHERE ").push(USER_REACH);
            if let Some(filter) = filter {
                sql.push(" AND ");
                user_condition(&mut sql, filter)?;
            }
            Ok(sql)
        };
        let total: i64 = match filter {
            // Unfiltered: the tenant's members from the maintained count (migration 0012),
            // plus the people SCIM deactivated out of it; no scan of a large tenant.
            None => with_tenant(
                "SELECT COALESCE((SELECT users FROM user_counts WHERE tenant_id = $1), 0) + \
                 (SELECT COUNT(*) FROM scim_users r WHERE r.tenant_id = $1 AND NOT EXISTS \
                 (SELECT 1 FROM user_tenants t WHERE t.user_id = r.user_id AND t.tenant_id = $1)) \
                 AS total",
                scope.tenant_id(),
            ),
            Some(_) => condition(
                "SELECT COUNT(*) AS total FROM users u LEFT JOIN scim_users s \
                 ON s.user_id = u.id AND s.tenant_id = $1",
            )?,
        }
        .query()
        .fetch_one(&self.pool)
        .await?
        .try_get("total")?;
        let mut rows = condition(USER_SELECT)?;
        rows.push(" ORDER BY u.created, u.id LIMIT ")
            .bind(page.count.clamp(0, MAX_PAGE))
            .push(" OFFSET ")
            .bind((page.start_index - 1).max(0));
        let users = rows
            .query()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(user_row)
            .collect::<Result<_>>()?;
        Ok((total, users))
    }

    /// One user SCIM sees in the tenant.
    pub async fn scim_user(&self, scope: &TenantScope, id: &str) -> Result<ScimUserRow> {
        let row = sqlx::query(&format!("{USER_SELECT} WHERE u.id = $2 AND {USER_REACH}"))
            .bind(scope.tenant_id().as_str())
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| user_not_found(id))?;
        user_row(&row)
    }

    /// Creates a user of the tenant from SCIM. A login id that a user of another tenant has is
    /// refused (409): that person's account is not this tenant's to claim.
    pub async fn scim_create_user(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        input: &ScimUser,
        now_ms: i64,
    ) -> Result<UserId> {
        let tenant = scope.tenant_id();
        let user = NewUser {
            login_id: LoginId::new(input.user_name.clone()),
            name: input.name.clone(),
            given_name: input.given_name.clone(),
            middle_name: input.middle_name.clone(),
            family_name: input.family_name.clone(),
            email: input.email.clone(),
            phone: input.phone.clone(),
            status: if input.active {
                UserStatus::Enabled
            } else {
                UserStatus::Disabled
            },
            tenants: vec![(tenant.clone(), Vec::new())],
            ..NewUser::default()
        };
        let mut tx = self.write_tx().await?;
        let id = create_user_in(&mut tx, &scope.to_scope(), actor, &user, None, now_ms).await?;
        upsert_scim_user(
            &mut tx,
            tenant,
            &id,
            &input.external_id,
            input.active,
            now_ms,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a user's SCIM attributes (PUT, and PATCH once applied). For a person who also
    /// belongs to other tenants only `externalId` and `active` (membership here) change.
    pub async fn scim_replace_user(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        id: &UserId,
        input: &ScimUser,
        now_ms: i64,
    ) -> Result<()> {
        let current = self.scim_user(scope, id.as_str()).await?.user;
        let tenant_scope = scope.to_scope();
        let tenant = scope.tenant_id();
        let member = self
            .target(&tenant_scope, UserKey::UserId(id))
            .await
            .map(Some)
            .or_else(|error| match error {
                Error::UserNotFound(_) => Ok(None),
                other => Err(other),
            })?;
        let mut tx = self.write_tx().await?;
        match &member {
            Some(target) if !target.is_shared() => {
                let changes = account_changes(&current, input);
                change_user_in(&mut tx, &tenant_scope, actor, target, &changes, now_ms).await?;
            }
            Some(target) if !input.active => {
                // Shared account: its membership here ends, and with it the tokens that carry
                // this tenant's roles.
                let changes = [Change::RemoveTenant(tenant.clone())];
                change_user_in(&mut tx, &tenant_scope, actor, target, &changes, now_ms).await?;
                end_sessions(&mut tx, actor, tenant, id, now_ms).await?;
            }
            Some(_) => {}
            None if input.active => rejoin(&mut tx, actor, tenant, id, now_ms).await?,
            None => {}
        }
        upsert_scim_user(
            &mut tx,
            tenant,
            id,
            &input.external_id,
            input.active,
            now_ms,
        )
        .await?;
        sync_group_roles(&mut tx, actor, tenant, GroupUsers::One(id.as_str()), now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a user: a person of this tenant alone is deleted for good; a member of other
    /// tenants too loses their membership here (and their sessions end).
    pub async fn scim_delete_user(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        id: &UserId,
        now_ms: i64,
    ) -> Result<()> {
        self.scim_user(scope, id.as_str()).await?;
        let tenant_scope = scope.to_scope();
        let tenant = scope.tenant_id();
        match self.target(&tenant_scope, UserKey::UserId(id)).await {
            Ok(target) if !target.is_shared() => {
                return self
                    .delete_users(&tenant_scope, actor, &[target], now_ms)
                    .await;
            }
            Ok(target) => {
                let mut tx = self.write_tx().await?;
                let changes = [Change::RemoveTenant(tenant.clone())];
                change_user_in(&mut tx, &tenant_scope, actor, &target, &changes, now_ms).await?;
                end_sessions(&mut tx, actor, tenant, id, now_ms).await?;
                forget_scim_user(&mut tx, tenant, id).await?;
                tx.commit().await?;
            }
            Err(Error::UserNotFound(_)) => {
                let mut tx = self.write_tx().await?;
                forget_scim_user(&mut tx, tenant, id).await?;
                let event =
                    AuditEvent::new(AuditAction::ScimUserDeleted, tenant.as_str(), id.as_str());
                record_in(&mut tx, actor, &event, now_ms).await?;
                tx.commit().await?;
            }
            Err(other) => return Err(other),
        }
        Ok(())
    }

    // ----- groups -----

    /// A page of the tenant's groups matching `filter`, oldest first, with the number of all
    /// that match; with their members when `members`.
    pub async fn scim_groups(
        &self,
        scope: &TenantScope,
        filter: Option<&Filter>,
        page: Page,
        members: bool,
    ) -> Result<(i64, Vec<ScimGroupRow>)> {
        let condition = |select: &str| -> Result<Sql> {
            let mut sql = Sql::new(select);
            sql.bind(scope.tenant_id().as_str());
            if let Some(filter) = filter {
                sql.push(" AND ");
                group_condition(&mut sql, filter)?;
            }
            Ok(sql)
        };
        let total: i64 =
            condition("SELECT COUNT(*) AS total FROM scim_groups g WHERE g.tenant_id = ")?
                .query()
                .fetch_one(&self.pool)
                .await?
                .try_get("total")?;
        let mut rows = condition(
            "SELECT g.id, g.display_name, g.external_id, g.created, g.modified FROM scim_groups g \
             WHERE g.tenant_id = ",
        )?;
        rows.push(" ORDER BY g.created, g.id LIMIT ")
            .bind(page.count.clamp(0, MAX_PAGE))
            .push(" OFFSET ")
            .bind((page.start_index - 1).max(0));
        let mut groups: Vec<ScimGroupRow> = rows
            .query()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(ScimGroupRow {
                    id: row.try_get("id")?,
                    display_name: row.try_get("display_name")?,
                    external_id: row.try_get("external_id")?,
                    created: row.try_get("created")?,
                    modified: row.try_get("modified")?,
                    members: None,
                })
            })
            .collect::<Result<_>>()?;
        if members {
            let ids: Vec<&str> = groups.iter().map(|group| group.id.as_str()).collect();
            let found = self.members_of(&ids).await?;
            for group in &mut groups {
                group.members = Some(Vec::new());
            }
            for (group_id, member) in found {
                if let Some(members) = groups
                    .iter_mut()
                    .find(|group| group.id == group_id)
                    .and_then(|group| group.members.as_mut())
                {
                    members.push(member.user_id);
                }
            }
        }
        Ok((total, groups))
    }

    /// One group of the tenant.
    pub async fn scim_group(
        &self,
        scope: &TenantScope,
        id: &str,
        members: bool,
    ) -> Result<ScimGroupRow> {
        let filter = Filter::Compare(
            AttrPath {
                attr: "id".to_owned(),
                sub: None,
            },
            CompareOp::Eq,
            Value::String(id.to_owned()),
        );
        let page = Page {
            start_index: 1,
            count: 1,
        };
        let (_, groups) = self
            .scim_groups(scope, Some(&filter), page, members)
            .await?;
        groups.into_iter().next().ok_or_else(|| group_not_found(id))
    }

    /// Creates a group with its members.
    pub async fn scim_create_group(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        display_name: &str,
        external_id: &str,
        members: &[String],
        now_ms: i64,
    ) -> Result<String> {
        let tenant = scope.tenant_id();
        let id = new_id('G');
        let mut tx = self.write_tx().await?;
        check_name_free(&mut tx, tenant, display_name, "").await?;
        sqlx::query(
            "INSERT INTO scim_groups (id, tenant_id, display_name, external_id, created, modified) \
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(id.as_str())
        .bind(tenant.as_str())
        .bind(display_name)
        .bind(external_id)
        .bind(secs(now_ms))
        .execute(&mut *tx)
        .await?;
        let event = AuditEvent::new(AuditAction::ScimGroupCreated, tenant.as_str(), "")
            .with_data(json!({ "groupId": id, "displayName": display_name }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        change_members(
            &mut tx,
            actor,
            tenant,
            &id,
            &MemberChange::Add(members.to_vec()),
            now_ms,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a group: its name and external id when given, and its members.
    pub async fn scim_change_group(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        id: &str,
        change: &GroupChange,
        now_ms: i64,
    ) -> Result<()> {
        let GroupChange {
            display_name,
            external_id,
            members,
        } = change;
        let tenant = scope.tenant_id();
        let mut tx = self.write_tx().await?;
        let exists =
            sqlx::query("SELECT display_name FROM scim_groups WHERE id = $1 AND tenant_id = $2")
                .bind(id)
                .bind(tenant.as_str())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| group_not_found(id))?;
        let current: String = exists.try_get("display_name")?;
        if let Some(name) = display_name.as_deref().filter(|name| *name != current) {
            check_name_free(&mut tx, tenant, name, id).await?;
            sqlx::query("UPDATE scim_groups SET display_name = $1 WHERE id = $2")
                .bind(name)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let event = AuditEvent::new(AuditAction::ScimGroupRenamed, tenant.as_str(), "")
                .with_data(json!({ "groupId": id, "from": current, "to": name }));
            record_in(&mut tx, actor, &event, now_ms).await?;
        }
        if let Some(external_id) = external_id {
            sqlx::query("UPDATE scim_groups SET external_id = $1 WHERE id = $2")
                .bind(external_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        for change in members {
            change_members(&mut tx, actor, tenant, id, change, now_ms).await?;
        }
        sqlx::query("UPDATE scim_groups SET modified = $1 WHERE id = $2")
            .bind(secs(now_ms))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a group; its members lose the roles it granted them.
    pub async fn scim_delete_group(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        id: &str,
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id();
        let mut tx = self.write_tx().await?;
        let affected: Vec<String> =
            sqlx::query("SELECT user_id FROM scim_group_members WHERE group_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| row.try_get("user_id"))
                .collect::<std::result::Result<_, _>>()?;
        let deleted = sqlx::query("DELETE FROM scim_groups WHERE id = $1 AND tenant_id = $2")
            .bind(id)
            .bind(tenant.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Err(group_not_found(id));
        }
        let event = AuditEvent::new(AuditAction::ScimGroupDeleted, tenant.as_str(), "")
            .with_data(json!({ "groupId": id, "members": affected.len() }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        sync_group_roles(
            &mut tx,
            actor,
            tenant,
            GroupUsers::Listed(&affected),
            now_ms,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    // ----- Descope's group tools -----

    /// The tenant's groups as Descope's group tools show them, with their members (login id,
    /// id, name), by name; at most [`MAX_GROUPS`].
    pub async fn groups_with_members(
        &self,
        scope: &TenantScope,
        select: GroupSelect<'_>,
    ) -> Result<Vec<Group>> {
        let mut sql = with_tenant(
            "SELECT g.id, g.display_name FROM scim_groups g WHERE g.tenant_id = $1",
            scope.tenant_id(),
        );
        match select {
            GroupSelect::All => {}
            GroupSelect::One(id) => {
                sql.push(" AND g.id = ").bind(id);
            }
            GroupSelect::OfUsers {
                user_ids,
                login_ids,
            } => {
                if user_ids.is_empty() && login_ids.is_empty() {
                    return Ok(Vec::new());
                }
                sql.push(" AND g.id IN (SELECT gm.group_id FROM scim_group_members gm WHERE 1 = 0");
                if !user_ids.is_empty() {
                    sql.push(" OR gm.user_id IN (")
                        .bind_list(user_ids.iter().map(String::as_str))
                        .push(")");
                }
                if !login_ids.is_empty() {
                    sql.push(" OR gm.user_id IN (SELECT l.user_id FROM login_ids l WHERE LOWER(l.login_id) IN (")
                        .bind_list(login_ids.iter().map(|id| id.to_lowercase()))
                        .push("))");
                }
                sql.push(")");
            }
        }
        sql.push(" ORDER BY LOWER(g.display_name), g.id LIMIT ")
            .bind(i64::try_from(MAX_GROUPS).unwrap_or(i64::MAX));
        let mut groups: Vec<Group> = sql
            .query()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(Group {
                    id: row.try_get("id")?,
                    display: row.try_get("display_name")?,
                    members: Vec::new(),
                    source: SOURCE_SCIM.to_owned(),
                    sso_id: String::new(),
                })
            })
            .collect::<Result<_>>()?;
        if groups.is_empty() {
            return Ok(groups);
        }
        let ids: Vec<&str> = groups.iter().map(|group| group.id.as_str()).collect();
        let found = self.members_of(&ids).await?;
        for (group_id, member) in found {
            if let Some(group) = groups.iter_mut().find(|group| group.id == group_id) {
                group.members.push(member);
            }
        }
        Ok(groups)
    }

    /// The members of these groups, `(group id, member)`, by user id: one query.
    async fn members_of(&self, group_ids: &[&str]) -> Result<Vec<(String, GroupMember)>> {
        if group_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(
            "SELECT gm.group_id, gm.user_id, u.name, \
             (SELECT MIN(l.login_id) FROM login_ids l WHERE l.user_id = u.id) AS login_id \
             FROM scim_group_members gm JOIN users u ON u.id = gm.user_id WHERE gm.group_id IN (",
        );
        sql.bind_list(group_ids.iter().copied())
            .push(") ORDER BY gm.user_id");
        sql.query()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                let member = GroupMember {
                    login_id: row
                        .try_get::<Option<String>, _>("login_id")?
                        .unwrap_or_default(),
                    user_id: row.try_get("user_id")?,
                    display: row.try_get("name")?,
                };
                Ok((row.try_get("group_id")?, member))
            })
            .collect()
    }

    // ----- the admin's view -----

    /// The tenant's groups with their member counts and the roles each grants.
    pub async fn scim_group_mappings(&self, scope: &TenantScope) -> Result<Vec<ScimGroupMapping>> {
        let tenant = scope.tenant_id().as_str();
        let mut groups: Vec<ScimGroupMapping> = sqlx::query(
            "SELECT g.id, g.display_name, \
             (SELECT COUNT(*) FROM scim_group_members m WHERE m.group_id = g.id) AS members \
             FROM scim_groups g WHERE g.tenant_id = $1 ORDER BY LOWER(g.display_name), g.id \
             LIMIT 1000",
        )
        .bind(tenant)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(ScimGroupMapping {
                group_id: row.try_get("id")?,
                display_name: row.try_get("display_name")?,
                members: row.try_get::<i64, _>("members")?.max(0).unsigned_abs(),
                role_names: Vec::new(),
            })
        })
        .collect::<Result<_>>()?;
        let roles = sqlx::query(
            "SELECT gr.group_id, r.name FROM scim_group_roles gr \
             JOIN scim_groups g ON g.id = gr.group_id JOIN roles r ON r.id = gr.role_id \
             WHERE g.tenant_id = $1 ORDER BY r.name",
        )
        .bind(tenant)
        .fetch_all(&self.pool)
        .await?;
        for row in &roles {
            let group_id: String = row.try_get("group_id")?;
            if let Some(group) = groups.iter_mut().find(|group| group.group_id == group_id) {
                group.role_names.push(row.try_get("name")?);
            }
        }
        Ok(groups)
    }

    /// Sets the roles a group grants, and grants or takes them from its members at once.
    /// (The caller checked that the admin may grant them: [`Db::check_grantable_roles`].)
    pub async fn set_scim_group_roles(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        group_id: &str,
        role_names: &[String],
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id();
        let mut tx = self.write_tx().await?;
        sqlx::query("SELECT 1 AS one FROM scim_groups WHERE id = $1 AND tenant_id = $2")
            .bind(group_id)
            .bind(tenant.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| group_not_found(group_id))?;
        let mut role_ids = Vec::new();
        for name in role_names {
            // A tenant role of the name, else the project's.
            let row = sqlx::query(
                "SELECT id FROM roles WHERE name = $1 AND (tenant_id = $2 OR tenant_id = '') \
                 ORDER BY tenant_id DESC LIMIT 1",
            )
            .bind(name.as_str())
            .bind(tenant.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| Error::InvalidArguments(format!("Unknown role {name:?}")))?;
            role_ids.push(row.try_get::<String, _>("id")?);
        }
        sqlx::query("DELETE FROM scim_group_roles WHERE group_id = $1")
            .bind(group_id)
            .execute(&mut *tx)
            .await?;
        if !role_ids.is_empty() {
            let mut sql = Sql::new("INSERT INTO scim_group_roles (group_id, role_id) VALUES ");
            for (index, role_id) in role_ids.iter().enumerate() {
                if index > 0 {
                    sql.push(", ");
                }
                sql.bind_row(vec![group_id.into(), role_id.as_str().into()]);
            }
            sql.query().execute(&mut *tx).await?;
        }
        let event = AuditEvent::new(AuditAction::ScimGroupRolesChanged, tenant.as_str(), "")
            .with_data(json!({ "groupId": group_id, "roleNames": role_names }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        sync_group_roles(&mut tx, actor, tenant, GroupUsers::Of(group_id), now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The tenant's latest SCIM activity (newest first): events whose actor is SCIM, and the
    /// SCIM requests refused.
    pub async fn scim_activity(
        &self,
        scope: &TenantScope,
        limit: i64,
    ) -> Result<Vec<ScimActivity>> {
        sqlx::query(
            "SELECT a.occurred, a.action, a.kind, a.user_id, a.data, \
             (SELECT MIN(l.login_id) FROM login_ids l WHERE l.user_id = a.user_id) AS login \
             FROM audit_events a WHERE a.tenant_id = $1 AND a.actor_id = $2 \
             ORDER BY a.occurred DESC, a.id DESC LIMIT $3",
        )
        .bind(scope.tenant_id().as_str())
        .bind(SCIM_ACTOR)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            let data: String = row.try_get("data")?;
            Ok(ScimActivity {
                occurred_time: row.try_get("occurred")?,
                action: row.try_get("action")?,
                failed: row.try_get::<String, _>("kind")? != "info",
                user_id: row.try_get("user_id")?,
                user_login: row
                    .try_get::<Option<String>, _>("login")?
                    .unwrap_or_default(),
                data: serde_json::from_str(&data).unwrap_or(Value::Null),
            })
        })
        .collect()
    }

    /// Records a SCIM request that was refused, for the admin's activity list.
    pub async fn record_scim_failure(
        &self,
        actor: &Actor,
        tenant: &TenantId,
        request: &str,
        status: u16,
        detail: &str,
        now_ms: i64,
    ) -> Result<()> {
        let event = AuditEvent::new(AuditAction::ScimRequestFailed, tenant.as_str(), "")
            .with_kind(AuditKind::Warn)
            .with_data(json!({ "request": request, "status": status, "detail": detail }));
        self.record_audit(actor, &event, now_ms).await
    }
}

/// The account changes that make `current` look like `input` (a user of this tenant alone).
fn account_changes(current: &ScimUser, input: &ScimUser) -> Vec<Change> {
    let mut changes = Vec::new();
    let differs = |now: &str, wanted: &str| (now != wanted).then(|| wanted.to_owned());
    let profile = super::user_changes::Profile {
        name: differs(&current.name, &input.name),
        given_name: differs(&current.given_name, &input.given_name),
        middle_name: differs(&current.middle_name, &input.middle_name),
        family_name: differs(&current.family_name, &input.family_name),
        email: differs(&current.email, &input.email),
        phone: differs(&current.phone, &input.phone),
        ..Default::default()
    };
    if !profile.is_empty() {
        changes.push(Change::Profile(profile));
    }
    if !current.user_name.is_empty() && current.user_name != input.user_name {
        changes.push(Change::LoginId {
            old: LoginId::new(current.user_name.clone()),
            new: LoginId::new(input.user_name.clone()),
        });
    }
    if current.active != input.active {
        changes.push(Change::Status(if input.active {
            UserStatus::Enabled
        } else {
            UserStatus::Disabled
        }));
    }
    changes
}

/// 409 when another group of the tenant than `except` has the name (regardless of case).
async fn check_name_free(
    tx: &mut Tx<'_>,
    tenant: &TenantId,
    name: &str,
    except: &str,
) -> Result<()> {
    let taken = sqlx::query(
        "SELECT 1 AS one FROM scim_groups WHERE tenant_id = $1 \
         AND LOWER(display_name) = LOWER($2) AND id <> $3",
    )
    .bind(tenant.as_str())
    .bind(name)
    .bind(except)
    .fetch_optional(&mut **tx)
    .await?;
    match taken {
        Some(_) => Err(Error::Conflict(format!(
            "A group named {name:?} exists already"
        ))),
        None => Ok(()),
    }
}

async fn upsert_scim_user(
    tx: &mut Tx<'_>,
    tenant: &TenantId,
    id: &UserId,
    external_id: &str,
    active: bool,
    now_ms: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO scim_users (tenant_id, user_id, external_id, active, created, modified) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (tenant_id, user_id) DO UPDATE SET \
         external_id = excluded.external_id, active = excluded.active, modified = excluded.modified",
    )
    .bind(tenant.as_str())
    .bind(id.as_str())
    .bind(external_id)
    .bind(active)
    .bind(secs(now_ms))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn forget_scim_user(tx: &mut Tx<'_>, tenant: &TenantId, id: &UserId) -> Result<()> {
    sqlx::query("DELETE FROM scim_users WHERE tenant_id = $1 AND user_id = $2")
        .bind(tenant.as_str())
        .bind(id.as_str())
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "DELETE FROM scim_group_members WHERE user_id = $1 AND group_id IN \
         (SELECT id FROM scim_groups WHERE tenant_id = $2)",
    )
    .bind(id.as_str())
    .bind(tenant.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ends every session of a user whose membership here SCIM ended (their tokens carry this
/// tenant's roles until refreshed).
async fn end_sessions(
    tx: &mut Tx<'_>,
    actor: &Actor,
    tenant: &TenantId,
    id: &UserId,
    now_ms: i64,
) -> Result<()> {
    sqlx::query(END_SESSIONS)
        .bind(id.as_str())
        .execute(&mut **tx)
        .await?;
    let event = AuditEvent::new(AuditAction::UserLoggedOut, tenant.as_str(), id.as_str())
        .with_data(json!({ "reason": "deactivated by SCIM" }));
    record_in(tx, actor, &event, now_ms).await
}

/// Makes a user SCIM reactivated a member of the tenant again.
async fn rejoin(
    tx: &mut Tx<'_>,
    actor: &Actor,
    tenant: &TenantId,
    id: &UserId,
    now_ms: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO user_tenants (user_id, tenant_id, created) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, tenant_id) DO NOTHING",
    )
    .bind(id.as_str())
    .bind(tenant.as_str())
    .bind(secs(now_ms))
    .execute(&mut **tx)
    .await?;
    let event = AuditEvent::new(AuditAction::UserAddedToTenant, tenant.as_str(), id.as_str())
        .with_data(json!({ "tenantId": tenant.as_str(), "roleNames": [] }));
    record_in(tx, actor, &event, now_ms).await
}

/// Applies one change to a group's members (users SCIM sees in the tenant only), then the
/// roles of the users it touched.
async fn change_members(
    tx: &mut Tx<'_>,
    actor: &Actor,
    tenant: &TenantId,
    group_id: &str,
    change: &MemberChange,
    now_ms: i64,
) -> Result<()> {
    let (added, removed): (Vec<String>, Vec<String>) = match change {
        MemberChange::Add(ids) => (ids.clone(), Vec::new()),
        MemberChange::Remove(ids) => (Vec::new(), ids.clone()),
        MemberChange::Replace(ids) => {
            let current: Vec<String> =
                sqlx::query("SELECT user_id FROM scim_group_members WHERE group_id = $1")
                    .bind(group_id)
                    .fetch_all(&mut **tx)
                    .await?
                    .iter()
                    .map(|row| row.try_get("user_id"))
                    .collect::<std::result::Result<_, _>>()?;
            let removed = current
                .iter()
                .filter(|id| !ids.contains(id))
                .cloned()
                .collect();
            let added = ids
                .iter()
                .filter(|id| !current.contains(id))
                .cloned()
                .collect();
            (added, removed)
        }
    };
    if added.len() > MAX_MEMBER_CHANGE || removed.len() > MAX_MEMBER_CHANGE {
        return Err(Error::InvalidArguments(format!(
            "tooMany: at most {MAX_MEMBER_CHANGE} members are added or removed in one request"
        )));
    }
    if !added.is_empty() {
        let mut sql = Sql::new(
            "SELECT u.id FROM users u LEFT JOIN scim_users s ON s.user_id = u.id AND s.tenant_id = ",
        );
        sql.bind(tenant.as_str())
            .push(" WHERE ")
            .push(USER_REACH)
            .push(" AND u.id IN (")
            .bind_list(added.iter().map(String::as_str))
            .push(")");
        let known: Vec<String> = sql
            .query()
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|row| row.try_get("id"))
            .collect::<std::result::Result<_, _>>()?;
        if let Some(unknown) = added.iter().find(|id| !known.contains(id)) {
            return Err(Error::InvalidArguments(format!(
                "invalidValue: no user {unknown} in this tenant to add to the group"
            )));
        }
        let mut sql = Sql::new("INSERT INTO scim_group_members (group_id, user_id) VALUES ");
        for (index, id) in added.iter().enumerate() {
            if index > 0 {
                sql.push(", ");
            }
            sql.bind_row(vec![group_id.into(), id.as_str().into()]);
        }
        sql.push(" ON CONFLICT (group_id, user_id) DO NOTHING");
        sql.query().execute(&mut **tx).await?;
    }
    if !removed.is_empty() {
        let mut sql = Sql::new("DELETE FROM scim_group_members WHERE group_id = ");
        sql.bind(group_id)
            .push(" AND user_id IN (")
            .bind_list(removed.iter().map(String::as_str))
            .push(")");
        sql.query().execute(&mut **tx).await?;
    }
    if added.is_empty() && removed.is_empty() {
        return Ok(());
    }
    let event = AuditEvent::new(AuditAction::ScimGroupMembersChanged, tenant.as_str(), "")
        .with_data(json!({ "groupId": group_id, "added": added, "removed": removed }));
    record_in(tx, actor, &event, now_ms).await?;
    let touched: Vec<String> = added.into_iter().chain(removed).collect();
    sync_group_roles(tx, actor, tenant, GroupUsers::Listed(&touched), now_ms).await
}

/// The users whose group roles to recompute.
enum GroupUsers<'a> {
    /// One user.
    One(&'a str),
    /// These users.
    Listed(&'a [String]),
    /// The members of a group.
    Of(&'a str),
}

impl GroupUsers<'_> {
    /// ` AND {column} IN (...)` (or `= ...`).
    fn confine(&self, sql: &mut Sql, column: &str) {
        sql.push(" AND ").push(column);
        match self {
            Self::One(id) => {
                sql.push(" = ").bind(*id);
            }
            Self::Listed([]) => {
                sql.push(" IN (NULL)");
            }
            Self::Listed(ids) => {
                sql.push(" IN (")
                    .bind_list(ids.iter().map(String::as_str))
                    .push(")");
            }
            Self::Of(group) => {
                sql.push(" IN (SELECT user_id FROM scim_group_members WHERE group_id = ")
                    .bind(*group)
                    .push(")");
            }
        }
    }
}

/// The roles SCIM groups grant (`user_id`, `role_id`), for members of the tenant: a subquery
/// whose tenant is bound as the statement's first parameter.
const WANTED: &str = "SELECT DISTINCT gm.user_id, gr.role_id FROM scim_group_members gm \
    JOIN scim_groups g ON g.id = gm.group_id AND g.tenant_id = $1 \
    JOIN scim_group_roles gr ON gr.group_id = gm.group_id \
    JOIN user_tenants ut ON ut.user_id = gm.user_id AND ut.tenant_id = $1";

/// Gives `users` the roles their groups grant and takes away the SCIM-granted roles no group
/// grants any more, set-wise; roles held by hand are neither recorded nor removed. One audit
/// event per statement that changed something.
async fn sync_group_roles(
    tx: &mut Tx<'_>,
    actor: &Actor,
    tenant: &TenantId,
    users: GroupUsers<'_>,
    now_ms: i64,
) -> Result<()> {
    let statement = |text: &str, column: &str| {
        let mut sql = with_tenant(text, tenant);
        users.confine(&mut sql, column);
        sql
    };
    // Taken away: SCIM's grants that no group grants now.
    let stale = format!(
        "SELECT sg.user_id, sg.role_id FROM scim_granted_roles sg WHERE sg.tenant_id = $1 \
         AND NOT EXISTS (SELECT 1 FROM ({WANTED}) w WHERE w.user_id = sg.user_id \
         AND w.role_id = sg.role_id)"
    );
    let removed = statement(
        &format!(
            "DELETE FROM user_roles WHERE tenant_id = $1 AND EXISTS (SELECT 1 FROM ({stale}) x \
             WHERE x.user_id = user_roles.user_id AND x.role_id = user_roles.role_id)"
        ),
        "user_roles.user_id",
    )
    .query()
    .execute(&mut **tx)
    .await?
    .rows_affected();
    statement(
        &format!(
            "DELETE FROM scim_granted_roles WHERE tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM \
             ({WANTED}) w WHERE w.user_id = scim_granted_roles.user_id \
             AND w.role_id = scim_granted_roles.role_id)"
        ),
        "scim_granted_roles.user_id",
    )
    .query()
    .execute(&mut **tx)
    .await?;
    // Given: what groups grant and the user does not hold yet (by hand or from SCIM).
    let missing = "SELECT w.user_id, w.role_id FROM ({WANTED}) w WHERE NOT EXISTS \
        (SELECT 1 FROM user_roles ur WHERE ur.user_id = w.user_id AND ur.tenant_id = $1 \
        AND ur.role_id = w.role_id)"
        .replace("{WANTED}", WANTED);
    let granted = statement(
        &format!("INSERT INTO scim_granted_roles (user_id, tenant_id, role_id) SELECT m.user_id, $1, m.role_id FROM ({missing}) m WHERE 1 = 1"),
        "m.user_id",
    )
    .query()
    .execute(&mut **tx)
    .await?
    .rows_affected();
    statement(
        &format!(
            "INSERT INTO user_roles (user_id, tenant_id, role_id) SELECT m.user_id, $1, m.role_id \
             FROM ({missing}) m WHERE 1 = 1"
        ),
        "m.user_id",
    )
    .query()
    .execute(&mut **tx)
    .await?;
    if removed > 0 || granted > 0 {
        let event = AuditEvent::new(AuditAction::UserRolesChangedByScim, tenant.as_str(), "")
            .with_data(json!({ "granted": granted, "removed": removed }));
        record_in(tx, actor, &event, now_ms).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![expect(clippy::expect_used, reason = "tests fail by panicking")]
    use super::*;
    use crate::scim::filter::parse;

    fn sql_of(filter: &str) -> Result<String> {
        let mut sql = with_tenant("", &TenantId::new("acme"));
        user_condition(&mut sql, &parse(filter).expect("parses"))?;
        Ok(sql.text)
    }

    #[test]
    fn user_filters_become_sql_over_known_columns_only() {
        let text = sql_of(r#"userName eq "a" or externalId sw "x""#).expect("known");
        assert!(text.contains("l.login_id"), "{text}");
        assert!(text.contains("s.external_id"), "{text}");
        assert!(text.contains("LIKE $3 ESCAPE"), "{text}");
        assert!(text.contains("l.login_id) = $2"), "{text}");
        let unknown = sql_of(r#"title eq "x""#).expect_err("unknown attribute");
        assert!(unknown.to_string().contains("invalidFilter"), "{unknown}");
        let active = sql_of("active eq false").expect("active");
        assert!(active.starts_with("NOT (u.status = 'enabled'"), "{active}");
        let emails = sql_of(r#"emails[type eq "work" and value eq "a@b"]"#).expect("emails");
        assert!(
            emails.contains("'work'") && emails.contains("u.email"),
            "{emails}"
        );
    }
}
