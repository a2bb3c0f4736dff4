//! "You can only delegate what you have": in widget mode an admin gives, takes away, defines and
//! deletes only roles whose permissions they hold themself in the tenant (the rule of Descope,
//! Auth0 and Keycloak's fine-grained admin permissions). Without it an admin holding `User Admin`
//! could give themself `Tenant Admin`, and with it `SSO Admin` and `Impersonate`.
//!
//! The caller's held permissions are read from the database in the write transaction of the
//! change (not from the token), so a role taken from them meanwhile counts. Only the difference
//! a change makes is checked: roles a user or key already has and keeps are not. A management
//! key (with or without `?tenant=`) is not restricted.

use super::user_changes::{Change, RoleOp, role_ids};
use super::{Db, Sql, Tx};
use crate::auth::{Scope, TenantScope};
use crate::error::{Error, Result};
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, BTreeSet};
use tenantkit_wire::{TenantId, UserId};

/// The permissions a widget-mode caller holds in their tenant.
#[derive(Debug)]
pub(crate) struct Held {
    tenant: TenantId,
    permissions: BTreeSet<String>,
}

impl Held {
    /// Those of `permissions` the caller does not hold, sorted, each once.
    pub(crate) fn missing<'a>(
        &self,
        permissions: impl IntoIterator<Item = &'a String>,
    ) -> Vec<String> {
        let missing: BTreeSet<&String> = permissions
            .into_iter()
            .filter(|p| !self.permissions.contains(*p))
            .collect();
        missing.into_iter().cloned().collect()
    }

    /// Whether the caller holds `permission`.
    pub(crate) fn holds(&self, permission: &str) -> bool {
        self.permissions.contains(permission)
    }

    /// Refuses `what` ("grant Tenant Admin", "delete Billing") when `permissions` are not all
    /// held: 403 naming the ones missing.
    pub(crate) fn check<'a>(
        &self,
        what: &str,
        permissions: impl IntoIterator<Item = &'a String>,
    ) -> Result<()> {
        let missing = self.missing(permissions);
        if missing.is_empty() {
            return Ok(());
        }
        Err(Error::Forbidden(format!(
            "You cannot {what}: it carries {}, which you do not hold in tenant {}",
            missing.join(", "),
            self.tenant
        )))
    }
}

/// Who gets or loses roles.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Grantee<'a> {
    /// A user or key being created: holds nothing yet.
    New,
    /// An existing user.
    User(&'a UserId),
    /// An existing access key.
    Key(&'a str),
}

/// The permissions the widget-mode caller of `scope` holds in its tenant (the union over every
/// role they hold there, tenant roles and project roles alike); `None` when the caller is not
/// restricted (a management key).
pub(crate) async fn held(conn: &mut AnyConnection, scope: &Scope) -> Result<Option<Held>> {
    match scope {
        Scope::Project(_) => Ok(None),
        Scope::Tenant(tenant_scope) => held_in(conn, tenant_scope).await,
    }
}

/// [`held`] for a tenant scope.
async fn held_in(conn: &mut AnyConnection, scope: &TenantScope) -> Result<Option<Held>> {
    let Some(caller) = scope.caller() else {
        return Ok(None);
    };
    let tenant = scope.tenant_id();
    Ok(Some(Held {
        tenant: tenant.clone(),
        permissions: permissions_of(conn, caller, tenant).await?,
    }))
}

/// The permissions `user` holds in `tenant`: the union over every role they hold there.
async fn permissions_of(
    conn: &mut AnyConnection,
    user: &UserId,
    tenant: &TenantId,
) -> Result<BTreeSet<String>> {
    let rows = sqlx::query(
        "SELECT DISTINCT rp.permission_name FROM user_roles ur \
         JOIN roles r ON r.id = ur.role_id AND (r.tenant_id = '' OR r.tenant_id = $2) \
         JOIN role_permissions rp ON rp.role_id = r.id \
         WHERE ur.user_id = $1 AND ur.tenant_id = $2",
    )
    .bind(user.as_str())
    .bind(tenant.as_str())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|row| row.try_get("permission_name"))
        .collect::<std::result::Result<_, _>>()?)
}

impl Db {
    /// [`held`] on a pooled connection, for answers that tell the widget what it may grant.
    pub(crate) async fn held_permissions(&self, scope: &Scope) -> Result<Option<Held>> {
        let mut conn = self.pool.acquire().await?;
        held(&mut conn, scope).await
    }

    /// Checks that the caller may have the roles `names` (known roles of the scope's tenant)
    /// given to users by someone else on their behalf, as SSO group mappings and default SSO
    /// roles do at sign-in: the same rule as giving them by hand.
    pub async fn check_grantable_roles(&self, scope: &TenantScope, names: &[String]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        match held_in(&mut tx, scope).await? {
            Some(held) => check_held_roles(&mut tx, &held, Grantee::New, RoleOp::Add, names).await,
            None => Ok(()),
        }
    }
}

/// Checks that the caller may give a new user or key the roles it is created with (`tenants`:
/// memberships with roles; only the scope's tenant counts, others are refused elsewhere).
pub(crate) async fn check_new(
    tx: &mut Tx<'_>,
    scope: &Scope,
    tenants: &[(TenantId, Vec<String>)],
) -> Result<()> {
    let Some(tenant) = scope.tenant_id() else {
        return Ok(());
    };
    let roles: Vec<String> = tenants
        .iter()
        .filter(|(t, _)| t == tenant)
        .flat_map(|(_, roles)| roles.iter().cloned())
        .collect();
    check_roles(tx, scope, Grantee::New, RoleOp::Add, &roles).await
}

/// Checks that the caller may make `change` to `user`: a role change by [`check_roles`]; a
/// change to the account (profile, login id, status, password, authenticators, sessions) only
/// when the user holds no permission in the tenant that the caller lacks. Otherwise a User Admin
/// could set a Tenant Admin's password and sign in as them.
pub(crate) async fn check_change(
    tx: &mut Tx<'_>,
    scope: &Scope,
    user: &UserId,
    label: &str,
    change: &Change,
) -> Result<()> {
    if change.touches_account() {
        let Some(held) = held(tx, scope).await? else {
            return Ok(());
        };
        let theirs = permissions_of(tx, user, &held.tenant).await?;
        let missing = held.missing(&theirs);
        if missing.is_empty() {
            return Ok(());
        }
        return Err(Error::Forbidden(format!(
            "You cannot change the account of {label}: they hold {}, which you do not hold in \
             tenant {}",
            missing.join(", "),
            held.tenant
        )));
    }
    let (op, names): (RoleOp, &[String]) = match change {
        Change::Roles { op, names, .. } => (*op, names),
        Change::AddTenant(_, names) => (RoleOp::Add, names),
        // Leaving the tenant takes every role held there.
        Change::RemoveTenant(_) => (RoleOp::Set, &[]),
        _ => return Ok(()),
    };
    check_roles(tx, scope, Grantee::User(user), op, names).await
}

/// Checks that the caller may change the roles `grantee` holds in the scope's tenant by `op`
/// with `names`: every role given or taken away must carry only permissions the caller holds.
pub(crate) async fn check_roles(
    tx: &mut Tx<'_>,
    scope: &Scope,
    grantee: Grantee<'_>,
    op: RoleOp,
    names: &[String],
) -> Result<()> {
    match held(tx, scope).await? {
        Some(held) => check_held_roles(tx, &held, grantee, op, names).await,
        None => Ok(()),
    }
}

/// [`check_roles`] for a caller holding `held`.
async fn check_held_roles(
    tx: &mut Tx<'_>,
    held: &Held,
    grantee: Grantee<'_>,
    op: RoleOp,
    names: &[String],
) -> Result<()> {
    let wanted: BTreeSet<String> = role_ids(tx, &held.tenant, names)
        .await?
        .into_iter()
        .collect();
    let current = current_roles(tx, grantee, &held.tenant).await?;
    let (given, taken): (Vec<&String>, Vec<&String>) = match op {
        RoleOp::Add => (wanted.difference(&current).collect(), Vec::new()),
        RoleOp::Remove => (Vec::new(), wanted.intersection(&current).collect()),
        RoleOp::Set => (
            wanted.difference(&current).collect(),
            current.difference(&wanted).collect(),
        ),
    };
    for (verb, ids) in [("grant", given), ("take away", taken)] {
        for (name, permissions) in role_permissions(tx, &ids).await? {
            held.check(&format!("{verb} {name}"), &permissions)?;
        }
    }
    Ok(())
}

/// Ids of the roles `grantee` holds in `tenant`.
async fn current_roles(
    conn: &mut AnyConnection,
    grantee: Grantee<'_>,
    tenant: &TenantId,
) -> Result<BTreeSet<String>> {
    let (sql, id) = match grantee {
        Grantee::New => return Ok(BTreeSet::new()),
        Grantee::User(user) => (
            "SELECT role_id FROM user_roles WHERE user_id = $1 AND tenant_id = $2",
            user.as_str(),
        ),
        Grantee::Key(key) => (
            "SELECT role_id FROM access_key_roles WHERE key_id = $1 AND tenant_id = $2",
            key,
        ),
    };
    let rows = sqlx::query(sql)
        .bind(id)
        .bind(tenant.as_str())
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .iter()
        .map(|row| row.try_get("role_id"))
        .collect::<std::result::Result<_, _>>()?)
}

/// Name and permissions of each role of `ids` (roles without permissions are left out): one
/// query.
async fn role_permissions(
    conn: &mut AnyConnection,
    ids: &[&String],
) -> Result<BTreeMap<String, Vec<String>>> {
    let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(roles);
    }
    let mut sql = Sql::new(
        "SELECT r.name, rp.permission_name FROM roles r \
         JOIN role_permissions rp ON rp.role_id = r.id WHERE r.id IN (",
    );
    sql.bind_list(ids.iter().map(|id| id.as_str())).push(")");
    for row in sql.query().fetch_all(&mut *conn).await? {
        roles
            .entry(row.try_get("name")?)
            .or_default()
            .push(row.try_get("permission_name")?);
    }
    Ok(roles)
}

/// Checks that the caller may `what` a tenant role carrying `permissions` (create it with them,
/// change them, delete it).
pub(crate) async fn check_permissions(
    tx: &mut Tx<'_>,
    scope: &Scope,
    what: &str,
    permissions: &[String],
) -> Result<()> {
    match held(tx, scope).await? {
        Some(held) => held.check(what, permissions),
        None => Ok(()),
    }
}
