//! Invitations as records: the pending list of a scope, revoking one, and the checks of an
//! invite call (which addresses are members already, which roles exist). Storing and renewing
//! an invitation happens with the user it belongs to ([`super::user_changes`]).
//!
//! A tenant's pending invitations are those of its invited members (status `invited`), whoever
//! invited them (a tenant admin there, or the management key); the project's are all of them.

use super::audit::{Actor, AuditEvent, record_in};
use super::user_changes::{Change, Target, change_user_in, delete_users_in};
use super::{Db, Sql, like_escape};
use crate::capability::Scope;
use crate::error::{Error, Result};
use serde_json::json;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::invitation::{
    DEFAULT_PAGE_SIZE, Invitation, InvitationSearchRequest, MAX_PAGE_SIZE,
};
use tenantkit_wire::{LoginId, TenantId, UserStatus};

/// One page of pending invitations and how many match in all.
#[derive(Debug, Clone, Default)]
pub struct InvitationPage {
    /// Newest first.
    pub invitations: Vec<Invitation>,
    /// Matches across all pages.
    pub total: u64,
}

/// What revoking did to the invited user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// They belonged nowhere else (or the management key revoked): the user is deleted.
    Deleted,
    /// They also belong to other tenants: they left this one; their account stays.
    RemovedFromTenant,
}

/// The `FROM ... WHERE` of the pending list: invited users with an open invitation, in the
/// scope, matching `text` (a part of a login id, the name, email or phone).
fn pending(sql: &mut Sql, scope: &Scope, text: &str) {
    sql.push(" FROM invitations i JOIN users u ON u.id = i.user_id WHERE u.status = ")
        .bind(UserStatus::Invited.as_str());
    sql.confine_members("u.id", scope);
    let text = text.trim().to_lowercase();
    if !text.is_empty() {
        sql.push(" AND u.search_text LIKE ")
            .bind(format!("%{}%", like_escape(&text)))
            .push(" ESCAPE '\\'");
    }
}

impl Db {
    /// A page of the scope's pending invitations, newest first, with the inviter's login id and
    /// the roles each invited user will have (in a tenant scope: there; otherwise in the tenant
    /// the invitation was sent from). Three queries, whatever the page size.
    pub async fn search_invitations(
        &self,
        scope: &Scope,
        request: &InvitationSearchRequest,
        now: i64,
    ) -> Result<InvitationPage> {
        let limit = match request.limit {
            0 => DEFAULT_PAGE_SIZE,
            limit => limit.min(MAX_PAGE_SIZE),
        };
        let mut count = Sql::new("SELECT COUNT(*) AS total");
        pending(&mut count, scope, &request.text);
        let total: i64 = count
            .query()
            .fetch_one(&self.pool)
            .await?
            .try_get("total")?;

        let mut sql = Sql::new(
            "SELECT u.id, u.name, u.email, i.created, i.sent, i.expires, i.tenant_id, \
             i.invited_by, \
             (SELECT MIN(l.login_id) FROM login_ids l WHERE l.user_id = u.id) AS login_id, \
             (SELECT MIN(b.login_id) FROM login_ids b WHERE b.user_id = i.invited_by) AS inviter",
        );
        pending(&mut sql, scope, &request.text);
        sql.push(" ORDER BY i.created DESC, i.user_id DESC LIMIT ")
            .bind(i64::from(limit))
            .push(" OFFSET ")
            .bind(i64::from(request.page) * i64::from(limit));
        let rows = sql.query().fetch_all(&self.pool).await?;
        let mut ids = Vec::with_capacity(rows.len());
        let mut invitations = Vec::with_capacity(rows.len());
        for row in &rows {
            let expires: i64 = row.try_get("expires")?;
            let invited_by: String = row.try_get("invited_by")?;
            let inviter: Option<String> = row.try_get("inviter")?;
            ids.push((
                row.try_get::<String, _>("id")?,
                row.try_get::<String, _>("tenant_id")?,
            ));
            invitations.push(Invitation {
                login_id: LoginId::new(
                    row.try_get::<Option<String>, _>("login_id")?
                        .unwrap_or_default(),
                ),
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                invited_by: inviter.unwrap_or(invited_by),
                created: row.try_get("created")?,
                sent: row.try_get("sent")?,
                expires,
                expired: expires <= now,
                role_names: Vec::new(),
            });
        }
        let mut roles = self.invited_roles(scope, &ids).await?;
        for ((id, _), invitation) in ids.iter().zip(&mut invitations) {
            invitation.role_names = roles.remove(id).unwrap_or_default();
        }
        Ok(InvitationPage {
            invitations,
            total: u64::try_from(total).unwrap_or_default(),
        })
    }

    /// The role names of each invited user (`(user id, invitation's tenant)`), sorted.
    async fn invited_roles(
        &self,
        scope: &Scope,
        users: &[(String, String)],
    ) -> Result<BTreeMap<String, Vec<String>>> {
        let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
        if users.is_empty() {
            return Ok(roles);
        }
        let mut sql = Sql::new(
            "SELECT ur.user_id, ur.tenant_id, r.name FROM user_roles ur \
             JOIN roles r ON r.id = ur.role_id WHERE ur.user_id IN (",
        );
        sql.bind_list(users.iter().map(|(id, _)| id.as_str()))
            .push(")")
            .confine("ur.tenant_id", scope)
            .push(" ORDER BY r.name");
        for row in sql.query().fetch_all(&self.pool).await? {
            let user: String = row.try_get("user_id")?;
            let tenant: String = row.try_get("tenant_id")?;
            // Outside a tenant scope: the roles of the tenant the invitation came from.
            let wanted = match scope.tenant_id() {
                Some(here) => here.as_str() == tenant,
                None => users.iter().any(|(id, t)| *id == user && *t == tenant),
            };
            if wanted {
                roles.entry(user).or_default().push(row.try_get("name")?);
            }
        }
        Ok(roles)
    }

    /// Revokes the invitation of `target` (an invited user the scope reaches): the link stops
    /// working at once. A tenant admin's revoke removes the user from the tenant; the user is
    /// deleted when they belong to no other tenant (they never signed in: there is no account to
    /// keep). Refused (409) for a user who is not invited. Recorded as `InvitationRevoked`
    /// together with the removal's own event, in one transaction.
    pub async fn revoke_invitation(
        &self,
        scope: &Scope,
        actor: &Actor,
        target: &Target,
        now_ms: i64,
    ) -> Result<Revoked> {
        if target.status() != UserStatus::Invited {
            return Err(Error::Conflict(format!(
                "{} has no pending invitation: they accepted it already",
                target.label()
            )));
        }
        let mut tx = self.write_tx().await?;
        let revoked = match scope.tenant_id() {
            Some(tenant) if target.is_shared() => {
                let leave = Change::RemoveTenant(tenant.clone());
                change_user_in(&mut tx, scope, actor, target, &[leave], now_ms).await?;
                Revoked::RemovedFromTenant
            }
            _ => {
                delete_users_in(&mut tx, scope, actor, std::slice::from_ref(target), now_ms)
                    .await?;
                Revoked::Deleted
            }
        };
        let event = AuditEvent::new(
            AuditAction::InvitationRevoked,
            target.recorded_tenant(),
            target.id().as_str(),
        )
        .with_data(json!({
            "loginId": target.label(),
            "userDeleted": revoked == Revoked::Deleted,
        }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(revoked)
    }

    /// Which of `addresses` (lowercased) are a login id or the email address of a member of the
    /// scope's tenant: one query.
    pub async fn members_among(
        &self,
        scope: &Scope,
        addresses: &[String],
    ) -> Result<BTreeSet<String>> {
        if addresses.is_empty() {
            return Ok(BTreeSet::new());
        }
        let lower: Vec<String> = addresses.iter().map(|a| a.to_lowercase()).collect();
        let mut sql = Sql::new(
            "SELECT LOWER(l.login_id) AS address FROM login_ids l WHERE LOWER(l.login_id) IN (",
        );
        sql.bind_list(lower.iter().map(String::as_str)).push(")");
        sql.confine_members("l.user_id", scope);
        sql.push(" UNION SELECT LOWER(u.email) AS address FROM users u WHERE LOWER(u.email) IN (");
        sql.bind_list(lower.iter().map(String::as_str)).push(")");
        sql.confine_members("u.id", scope);
        let rows = sql.query().fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(|row| row.try_get("address"))
            .collect::<std::result::Result<_, _>>()?)
    }

    /// Refuses (404) a role name that is neither a role of `tenant` nor a project role, as a
    /// role of another tenant is: not found.
    pub async fn roles_must_exist(&self, tenant: &TenantId, names: &[String]) -> Result<()> {
        if names.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new("SELECT DISTINCT name FROM roles WHERE tenant_id IN ('', ");
        sql.bind(tenant.as_str()).push(") AND name IN (");
        sql.bind_list(names.iter().map(String::as_str)).push(")");
        let found: BTreeSet<String> = sql
            .query()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| row.try_get("name"))
            .collect::<std::result::Result<_, _>>()?;
        match names.iter().find(|name| !found.contains(*name)) {
            Some(name) => Err(Error::NotFound(format!(
                "Role {name:?} not found in tenant {tenant}"
            ))),
            None => Ok(()),
        }
    }
}
