//! Storage of roles and permissions: the demo seed's inserts, and the management API's search,
//! create, update, delete and impact queries. Roles are referenced by id everywhere, so a
//! rename reaches every holder at once; a delete takes the grants with it (foreign keys).
//! In widget mode a tenant role is created, re-granted or deleted only by an admin holding every
//! permission it carries ([`grants`]).

use super::audit::{Actor, AuditEvent, record_in};
use super::sso::follow_roles_in;
use super::users::insert_batches;
use super::{Backend, Db, Param, Sql, Tx, flag, grants, like_escape, new_id, order_clause};
use crate::capability::{ProjectWide, Scope};
use crate::error::{Error, Result};
use serde_json::json;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeSet, HashMap};
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::role::RoleSearchRequest;
use tenantkit_wire::{PERMISSION_USER_ADMIN, TenantId};

/// A permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    /// Unique name.
    pub name: String,
    /// What it allows.
    pub description: String,
    /// Built in (cannot be deleted).
    pub system_default: bool,
}

/// A role with its permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Storage id.
    pub id: String,
    /// `""` for a project role, else the tenant the role belongs to.
    pub tenant_id: String,
    /// Name, unique within its tenant.
    pub name: String,
    /// Description.
    pub description: String,
    /// Permission names, sorted.
    pub permission_names: Vec<String>,
}

/// A role to insert.
#[derive(Debug, Clone, Default)]
pub struct NewRole {
    /// `""` for a project role, else its tenant.
    pub tenant_id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Names of existing permissions.
    pub permission_names: Vec<String>,
}

impl Db {
    /// Every permission, by name.
    pub async fn permissions(&self) -> Result<Vec<Permission>> {
        let rows =
            sqlx::query("SELECT name, description, system_default FROM permissions ORDER BY name")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|row| {
                Ok(Permission {
                    name: row.try_get("name")?,
                    description: row.try_get("description")?,
                    system_default: flag(row, "system_default")?,
                })
            })
            .collect()
    }

    /// Every role of the project and its tenants, with permissions.
    pub async fn roles(&self, _: &ProjectWide) -> Result<Vec<Role>> {
        let rows = sqlx::query(
            "SELECT id, tenant_id, name, description FROM roles ORDER BY tenant_id, name",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut roles = rows
            .iter()
            .map(|row| {
                Ok(Role {
                    id: row.try_get("id")?,
                    tenant_id: row.try_get("tenant_id")?,
                    name: row.try_get("name")?,
                    description: row.try_get("description")?,
                    permission_names: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let index: HashMap<String, usize> = roles
            .iter()
            .enumerate()
            .map(|(i, role)| (role.id.clone(), i))
            .collect();
        let grants = sqlx::query(
            "SELECT role_id, permission_name FROM role_permissions ORDER BY permission_name",
        )
        .fetch_all(&self.pool)
        .await?;
        for row in grants {
            let role_id: String = row.try_get("role_id")?;
            if let Some(&i) = index.get(&role_id) {
                roles[i]
                    .permission_names
                    .push(row.try_get("permission_name")?);
            }
        }
        Ok(roles)
    }

    /// Inserts roles with their permissions in one transaction.
    pub async fn insert_roles(
        &self,
        scope: &ProjectWide,
        roles: &[NewRole],
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        insert_roles_in(&mut tx, scope, roles, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a permission away from a role (every holder loses it at once).
    pub async fn revoke_role_permission(
        &self,
        _: &ProjectWide,
        role_id: &str,
        permission: &str,
    ) -> Result<()> {
        sqlx::query("DELETE FROM role_permissions WHERE role_id = $1 AND permission_name = $2")
            .bind(role_id)
            .bind(permission)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Inserts permissions `(name, description)` inside a caller's transaction (the demo seed).
pub(crate) async fn insert_permissions_in(
    tx: &mut Tx<'_>,
    _: &ProjectWide,
    permissions: &[(&str, &str)],
    now: i64,
) -> Result<()> {
    let rows = permissions
        .iter()
        .map(|(name, description)| {
            vec![
                Param::from(*name),
                (*description).into(),
                false.into(),
                now.into(),
            ]
        })
        .collect();
    insert_batches(
        tx,
        "INSERT INTO permissions (name, description, system_default, created) VALUES ",
        rows,
    )
    .await
}

/// [`Db::insert_roles`] inside a caller's transaction.
pub(crate) async fn insert_roles_in(
    tx: &mut Tx<'_>,
    _: &ProjectWide,
    roles: &[NewRole],
    now: i64,
) -> Result<()> {
    let mut role_rows = Vec::new();
    let mut grant_rows = Vec::new();
    for role in roles {
        let id = new_id('R');
        for permission in &role.permission_names {
            grant_rows.push(vec![Param::from(id.as_str()), permission.as_str().into()]);
        }
        role_rows.push(vec![
            Param::from(id),
            role.tenant_id.as_str().into(),
            role.name.as_str().into(),
            role.description.as_str().into(),
            now.into(),
        ]);
    }
    insert_batches(
        tx,
        "INSERT INTO roles (id, tenant_id, name, description, created) VALUES ",
        role_rows,
    )
    .await?;
    insert_batches(
        tx,
        "INSERT INTO role_permissions (role_id, permission_name) VALUES ",
        grant_rows,
    )
    .await
}

/// A role as the management API shows it: with its permissions and holder counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRecord {
    /// Storage id.
    pub id: String,
    /// `""` for a project role, else its tenant.
    pub tenant_id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Permission names, sorted.
    pub permission_names: Vec<String>,
    /// Created, epoch seconds.
    pub created: i64,
    /// Users holding it, each once (in a tenant scope: in that tenant).
    pub user_count: u64,
    /// Access keys holding it, each once (in a tenant scope: in that tenant).
    pub access_key_count: u64,
    /// Widget mode: its permissions the caller does not hold in the tenant ([`grants`]).
    pub permissions_not_held: Option<Vec<String>>,
}

impl RoleRecord {
    /// The wire role; in a tenant scope `editable` says whether it is the tenant's own, and in
    /// widget mode `grantable` whether the caller holds all its permissions.
    pub fn into_wire(self, scope: &Scope) -> tenantkit_wire::role::Role {
        let editable = scope
            .tenant_id()
            .map(|tenant| tenant.as_str() == self.tenant_id);
        tenantkit_wire::role::Role {
            name: self.name,
            description: self.description,
            permission_names: self.permission_names,
            created_time: self.created,
            tenant_id: TenantId::new(self.tenant_id),
            user_count: self.user_count,
            access_key_count: self.access_key_count,
            editable,
            grantable: self.permissions_not_held.as_ref().map(Vec::is_empty),
            permissions_not_held: self.permissions_not_held.unwrap_or_default(),
        }
    }
}

/// A role found through a scope ([`Db::find_roles`]): its id, where it lives, and what it grants.
#[derive(Debug, Clone)]
pub struct RoleTarget {
    id: String,
    tenant_id: String,
    name: String,
    permission_names: Vec<String>,
}

/// The rest of a role after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleChange {
    /// New name (the same to keep it).
    pub name: String,
    /// New description.
    pub description: String,
    /// The permissions it grants afterwards.
    pub permission_names: Vec<String>,
}

/// What a change to one role, or the deletion of several, takes away, and from whom.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoleImpact {
    /// Users holding any of the roles, each once (in a tenant scope: in that tenant).
    pub users: u64,
    /// Access keys holding any of them, each once (in a tenant scope: in that tenant).
    pub access_keys: u64,
    /// Permissions the holders lose through these roles, sorted.
    pub permissions_lost: Vec<String>,
    /// The calling admin would lose `User Admin` in their tenant.
    pub removes_own_user_admin: bool,
    /// The calling admin's login id, to name them when they would lose `User Admin`.
    pub caller_login_id: Option<String>,
    /// Each role, in the order asked.
    pub roles: Vec<RoleImpactPart>,
}

/// One role of a [`RoleImpact`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoleImpactPart {
    /// The role's name.
    pub name: String,
    /// Users holding it (in a tenant scope: in that tenant).
    pub users: u64,
    /// Access keys holding it (in a tenant scope: in that tenant).
    pub access_keys: u64,
    /// Permissions its holders lose through it, sorted.
    pub permissions_lost: Vec<String>,
}

impl RoleImpact {
    /// Whether a change needs the client's confirmation (`force`).
    pub fn needs_confirmation(&self) -> bool {
        (self.holders() && !self.permissions_lost.is_empty()) || self.removes_own_user_admin
    }

    /// Whether a deletion needs the client's confirmation (`force`).
    pub fn deletion_needs_confirmation(&self) -> bool {
        self.holders() || self.removes_own_user_admin
    }

    fn holders(&self) -> bool {
        self.users + self.access_keys > 0
    }

    /// A sentence for the 409 answer to a change: "3 user(s) and 0 access key(s) will lose:
    /// SSO Admin. ..."
    pub fn describe(&self) -> String {
        self.refusal(format!(
            "{} user(s) and {} access key(s) will lose: {}.",
            self.users,
            self.access_keys,
            self.permissions_lost.join(", ")
        ))
    }

    /// A sentence for the 409 answer to a deletion.
    pub fn describe_deletion(&self) -> String {
        self.refusal(format!(
            "{} user(s) and {} access key(s) hold the role(s) and will lose them.",
            self.users, self.access_keys
        ))
    }

    fn refusal(&self, mut text: String) -> String {
        if self.removes_own_user_admin {
            text.push_str(" You would lose User Admin in this tenant yourself");
            if let Some(login_id) = &self.caller_login_id {
                text.push_str(&format!(" ({login_id})"));
            }
            text.push('.');
        }
        text.push_str(" Send force: true to confirm.");
        text
    }
}

/// The `ORDER BY` of a role search.
fn role_order(sort: &[tenantkit_wire::SortField], collate: &str) -> Result<String> {
    order_clause(
        sort,
        |field| match field {
            "name" => Some(format!("LOWER(r.name){collate}")),
            "description" => Some(format!("LOWER(r.description){collate}")),
            "createdTime" => Some("r.created".to_owned()),
            "userCount" => Some("user_count".to_owned()),
            "accessKeyCount" => Some("access_key_count".to_owned()),
            _ => None,
        },
        "roles",
        "name, description, createdTime, userCount or accessKeyCount",
        &format!("LOWER(r.name){collate} ASC"),
        &format!("r.id{collate} ASC"),
    )
}

fn conflict_on_duplicate(error: sqlx::Error, what: &str) -> Error {
    match error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            Error::Conflict(format!("{what} exists already"))
        }
        other => other.into(),
    }
}

impl Db {
    /// Adds a permission (management key only).
    pub async fn create_permission(
        &self,
        _: &ProjectWide,
        actor: &Actor,
        name: &str,
        description: &str,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO permissions (name, description, system_default, created) VALUES ($1, $2, $3, $4)",
        )
        .bind(name)
        .bind(description)
        .bind(false)
        .bind(now_ms.div_euclid(1000))
        .execute(&mut *tx)
        .await
        .map_err(|error| conflict_on_duplicate(error, &format!("A permission named {name:?}")))?;
        let event = AuditEvent::new(AuditAction::PermissionCreated, "", "")
            .with_data(json!({ "name": name }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Renames or re-describes a permission; roles granting it follow the new name (the
    /// foreign key cascades). Built-in permissions cannot be changed.
    pub async fn update_permission(
        &self,
        _: &ProjectWide,
        actor: &Actor,
        name: &str,
        new_name: &str,
        description: &str,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        builtin_check(&mut tx, name, "changed").await?;
        sqlx::query("UPDATE permissions SET name = $1, description = $2 WHERE name = $3")
            .bind(new_name)
            .bind(description)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(|error| {
                conflict_on_duplicate(error, &format!("A permission named {new_name:?}"))
            })?;
        let event = AuditEvent::new(AuditAction::PermissionModified, "", "")
            .with_data(json!({ "name": name, "newName": new_name }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a permission; every role loses it. Built-in permissions cannot be deleted.
    pub async fn delete_permission(
        &self,
        _: &ProjectWide,
        actor: &Actor,
        name: &str,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        builtin_check(&mut tx, name, "deleted").await?;
        sqlx::query("DELETE FROM permissions WHERE name = $1")
            .bind(name)
            .execute(&mut *tx)
            .await?;
        let event = AuditEvent::new(AuditAction::PermissionDeleted, "", "")
            .with_data(json!({ "name": name }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Roles matching `request` in `scope` (a tenant scope sees its own roles and the project
    /// roles), one page, with the total. Three queries whatever the page size.
    pub async fn search_roles(
        &self,
        scope: &Scope,
        request: &RoleSearchRequest,
    ) -> Result<(Vec<RoleRecord>, u64)> {
        let order = role_order(&request.sort, self.collate())?;
        let mut filters = Sql::new("");
        push_role_filters(&mut filters, scope, request);
        let count_sql = format!(
            "SELECT COUNT(*) AS total FROM roles r WHERE {}",
            filters.text
        );
        let mut count = Sql::new(&count_sql);
        count.params = filters.params.clone();
        let total: i64 = count
            .query()
            .fetch_one(&self.pool)
            .await?
            .try_get("total")?;

        // Holders are counted once each: a user holding a project role in two tenants is one
        // holder of it.
        let mut page = Sql::new("SELECT r.id, r.tenant_id, r.name, r.description, r.created, ");
        page.push("(SELECT COUNT(DISTINCT ur.user_id) FROM user_roles ur WHERE ur.role_id = r.id")
            .confine("ur.tenant_id", scope)
            .push(") AS user_count, ");
        page.push(
            "(SELECT COUNT(DISTINCT kr.key_id) FROM access_key_roles kr WHERE kr.role_id = r.id",
        )
        .confine("kr.tenant_id", scope)
        .push(") AS access_key_count FROM roles r WHERE ");
        push_role_filters(&mut page, scope, request);
        page.push(" ORDER BY ").push(&order);
        let limit = match request.limit {
            0 => MAX_ROLE_PAGE,
            limit => limit.min(MAX_ROLE_PAGE),
        };
        page.push(" LIMIT ").bind(i64::from(limit));
        page.push(" OFFSET ")
            .bind(i64::from(request.page) * i64::from(limit));
        let rows = page.query().fetch_all(&self.pool).await?;
        let mut roles = rows
            .iter()
            .map(|row| {
                Ok(RoleRecord {
                    id: row.try_get("id")?,
                    tenant_id: row.try_get("tenant_id")?,
                    name: row.try_get("name")?,
                    description: row.try_get("description")?,
                    permission_names: Vec::new(),
                    created: row.try_get("created")?,
                    user_count: count_of(row, "user_count")?,
                    access_key_count: count_of(row, "access_key_count")?,
                    permissions_not_held: None,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if !roles.is_empty() {
            let index: HashMap<String, usize> = roles
                .iter()
                .enumerate()
                .map(|(i, role)| (role.id.clone(), i))
                .collect();
            let mut sql = Sql::new(
                "SELECT role_id, permission_name FROM role_permissions WHERE role_id IN (",
            );
            sql.bind_list(roles.iter().map(|role| role.id.as_str()))
                .push(") ORDER BY permission_name");
            for row in sql.query().fetch_all(&self.pool).await? {
                let role_id: String = row.try_get("role_id")?;
                if let Some(&i) = index.get(&role_id) {
                    roles[i]
                        .permission_names
                        .push(row.try_get("permission_name")?);
                }
            }
        }
        if let Some(held) = self.held_permissions(scope).await? {
            for role in &mut roles {
                role.permissions_not_held = Some(held.missing(&role.permission_names));
            }
        }
        Ok((roles, u64::try_from(total).unwrap_or_default()))
    }

    /// The role `name` of `tenant` (`""` = project), if `scope` may see it. In a tenant scope
    /// `""` means "the tenant's role of that name, else the project's", as a tenant admin sees
    /// both side by side.
    pub async fn find_role(
        &self,
        scope: &Scope,
        tenant: &TenantId,
        name: &str,
    ) -> Result<RoleTarget> {
        let mut found = self.find_roles(scope, tenant, &[name]).await?;
        found
            .pop()
            .ok_or_else(|| Error::NotFound(format!("Cannot find role {name:?}")))
    }

    /// [`Db::find_role`] for several names at once, in their order: two queries whatever their
    /// number. One unknown name is a 404 for all.
    pub async fn find_roles(
        &self,
        scope: &Scope,
        tenant: &TenantId,
        names: &[&str],
    ) -> Result<Vec<RoleTarget>> {
        let not_found = |name: &str| Error::NotFound(format!("Cannot find role {name:?}"));
        let Some(first) = names.first() else {
            return Ok(Vec::new());
        };
        let mut sql = Sql::new("SELECT id, tenant_id, name FROM roles WHERE name IN (");
        sql.bind_list(names.iter().copied()).push(")");
        match scope.tenant_id() {
            Some(own) if tenant.as_str().is_empty() => {
                sql.push(" AND tenant_id IN ('', ")
                    .bind(own.as_str())
                    .push(")");
            }
            Some(own) if tenant != own => return Err(not_found(first)),
            _ => {
                sql.push(" AND tenant_id = ").bind(tenant.as_str());
            }
        }
        let mut by_name: HashMap<String, RoleTarget> = HashMap::new();
        for row in sql.query().fetch_all(&self.pool).await? {
            let role = RoleTarget {
                id: row.try_get("id")?,
                tenant_id: row.try_get("tenant_id")?,
                name: row.try_get("name")?,
                permission_names: Vec::new(),
            };
            // The tenant's own role wins over a project role of the same name.
            let keep = by_name
                .get(&role.name)
                .is_none_or(|kept| kept.tenant_id.is_empty());
            if keep {
                by_name.insert(role.name.clone(), role);
            }
        }
        let mut targets = names
            .iter()
            .map(|name| by_name.get(*name).cloned().ok_or_else(|| not_found(name)))
            .collect::<Result<Vec<_>>>()?;
        let mut conn = self.pool.acquire().await?;
        read_permissions(&mut conn, &mut targets).await?;
        Ok(targets)
    }

    /// The role behind `target`, as `scope` shows it.
    pub async fn load_role(&self, scope: &Scope, target: &RoleTarget) -> Result<RoleRecord> {
        let request = RoleSearchRequest {
            role_names: vec![target.name.clone()],
            tenant_ids: vec![TenantId::new(target.tenant_id.clone())],
            include_project_roles: target.tenant_id.is_empty(),
            ..RoleSearchRequest::default()
        };
        let (roles, _) = self.search_roles(scope, &request).await?;
        roles
            .into_iter()
            .find(|role| role.id == target.id)
            .ok_or_else(|| Error::NotFound(format!("Cannot find role {:?}", target.name)))
    }

    /// Creates a role in `tenant` (`""` = project role: management key only).
    pub async fn create_role(
        &self,
        scope: &Scope,
        actor: &Actor,
        tenant: &TenantId,
        role: &RoleChange,
        now_ms: i64,
    ) -> Result<RoleTarget> {
        writable(scope, tenant)?;
        let mut tx = self.write_tx().await?;
        if !tenant.as_str().is_empty() {
            let exists = sqlx::query("SELECT 1 AS one FROM tenants WHERE id = $1")
                .bind(tenant.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Err(Error::InvalidArguments(format!(
                    "Unknown tenant {tenant:?}"
                )));
            }
        }
        known_permissions(&mut tx, &role.permission_names).await?;
        let what = format!("create {}", role.name);
        grants::check_permissions(&mut tx, scope, &what, &role.permission_names).await?;
        refuse_shadowing(&mut tx, scope, &role.name).await?;
        let id = new_id('R');
        sqlx::query(
            "INSERT INTO roles (id, tenant_id, name, description, created) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.as_str())
        .bind(tenant.as_str())
        .bind(role.name.as_str())
        .bind(role.description.as_str())
        .bind(now_ms.div_euclid(1000))
        .execute(&mut *tx)
        .await
        .map_err(|error| conflict_on_duplicate(error, &format!("A role named {:?}", role.name)))?;
        grant(&mut tx, &id, &role.permission_names).await?;
        let event =
            AuditEvent::new(AuditAction::RoleCreated, tenant.as_str(), "").with_data(json!({
                "name": role.name,
                "permissionNames": role.permission_names,
            }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(RoleTarget {
            id,
            tenant_id: tenant.as_str().to_owned(),
            name: role.name.clone(),
            permission_names: role.permission_names.clone(),
        })
    }

    /// What changing the one role of `targets` to grant `permissions` afterwards (or deleting
    /// all of them, `None`) would take away: holders, lost permissions, and whether the caller
    /// loses `User Admin` themself. The preview the impact query answers with; the change
    /// itself asks again inside its transaction.
    pub async fn role_impact(
        &self,
        scope: &Scope,
        targets: &[RoleTarget],
        permissions: Option<&[String]>,
    ) -> Result<RoleImpact> {
        let mut conn = self.pool.acquire().await?;
        impact_in(&mut conn, scope, targets, permissions).await
    }

    /// Renames, re-describes and re-grants a role. In a tenant scope a change that takes
    /// permissions from holders (or `User Admin` from the caller) needs `force`; otherwise 409
    /// with the impact. The impact is read in the transaction that makes the change, with the
    /// role locked, so a grant made meanwhile is counted (or waits), never silently stripped.
    /// SAML group mappings and default SSO roles follow a rename.
    pub async fn update_role(
        &self,
        scope: &Scope,
        actor: &Actor,
        target: &RoleTarget,
        change: &RoleChange,
        force: bool,
        now_ms: i64,
    ) -> Result<RoleTarget> {
        writable(scope, &TenantId::new(target.tenant_id.clone()))?;
        let mut tx = self.write_tx().await?;
        let current = self
            .lock_roles(&mut tx, std::slice::from_ref(target))
            .await?;
        known_permissions(&mut tx, &change.permission_names).await?;
        check_regrant(&mut tx, scope, &current, &change.permission_names).await?;
        let renamed = change.name != target.name;
        if renamed {
            refuse_shadowing(&mut tx, scope, &change.name).await?;
        }
        let impact = impact_in(&mut tx, scope, &current, Some(&change.permission_names)).await?;
        if impact.needs_confirmation() && !confirmed(scope, force) {
            return Err(Error::Conflict(impact.describe()));
        }
        sqlx::query("UPDATE roles SET name = $1, description = $2 WHERE id = $3")
            .bind(change.name.as_str())
            .bind(change.description.as_str())
            .bind(target.id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(|error| {
                conflict_on_duplicate(error, &format!("A role named {:?}", change.name))
            })?;
        sqlx::query("DELETE FROM role_permissions WHERE role_id = $1")
            .bind(target.id.as_str())
            .execute(&mut *tx)
            .await?;
        grant(&mut tx, &target.id, &change.permission_names).await?;
        let sso_changed = if renamed {
            follow_roles_in(
                &mut tx,
                &target.tenant_id,
                &[(target.name.clone(), Some(change.name.clone()))],
            )
            .await?
        } else {
            0
        };
        let before = current
            .first()
            .map(|role| role.permission_names.as_slice())
            .unwrap_or_default();
        let added: Vec<&String> = change
            .permission_names
            .iter()
            .filter(|p| !before.contains(p))
            .collect();
        let event =
            AuditEvent::new(AuditAction::RoleModified, &target.tenant_id, "").with_data(json!({
                "name": target.name,
                "newName": change.name,
                "permissionsAdded": added,
                "permissionsRemoved": impact.permissions_lost,
                "users": impact.users,
                "accessKeys": impact.access_keys,
                "ssoConfigurationsChanged": sso_changed,
            }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(RoleTarget {
            id: target.id.clone(),
            tenant_id: target.tenant_id.clone(),
            name: change.name.clone(),
            permission_names: change.permission_names.clone(),
        })
    }

    /// Deletes roles; their holders (users and access keys) lose them in the same transaction,
    /// and SAML group mappings and default SSO roles stop naming them. In a tenant scope, roles
    /// that anyone holds (or whose loss takes `User Admin` from the caller) need `force`; the
    /// check runs in the transaction, with the roles locked. Returns who lost them, each holder
    /// counted once.
    pub async fn delete_roles(
        &self,
        scope: &Scope,
        actor: &Actor,
        targets: &[RoleTarget],
        force: bool,
        now_ms: i64,
    ) -> Result<RolesDeleted> {
        for target in targets {
            writable(scope, &TenantId::new(target.tenant_id.clone()))?;
        }
        if targets.is_empty() {
            return Ok(RolesDeleted::default());
        }
        let mut tx = self.write_tx().await?;
        let current = self.lock_roles(&mut tx, targets).await?;
        if let Some(held) = grants::held(&mut tx, scope).await? {
            for role in &current {
                held.check(&format!("delete {}", role.name), &role.permission_names)?;
            }
        }
        let impact = impact_in(&mut tx, scope, &current, None).await?;
        if impact.deletion_needs_confirmation() && !confirmed(scope, force) {
            return Err(Error::Conflict(impact.describe_deletion()));
        }
        // Everyone who loses them, in every tenant (in a tenant scope the roles are the tenant's
        // own, so the same holders the check counted).
        let ids: Vec<&str> = current.iter().map(|role| role.id.as_str()).collect();
        let users = count_holders(&mut tx, Holder::User, &ids, None).await?;
        let keys = count_holders(&mut tx, Holder::AccessKey, &ids, None).await?;
        let mut sql = Sql::new("DELETE FROM roles WHERE id IN (");
        sql.bind_list(ids.iter().copied()).push(")");
        sql.query().execute(&mut *tx).await?;
        let mut tenants: Vec<&str> = current.iter().map(|role| role.tenant_id.as_str()).collect();
        tenants.sort_unstable();
        tenants.dedup();
        let mut sso_changed = 0;
        for tenant in tenants {
            let gone: Vec<(String, Option<String>)> = current
                .iter()
                .filter(|role| role.tenant_id == tenant)
                .map(|role| (role.name.clone(), None))
                .collect();
            sso_changed += follow_roles_in(&mut tx, tenant, &gone).await?;
        }
        for role in &current {
            let event =
                AuditEvent::new(AuditAction::RoleDeleted, &role.tenant_id, "").with_data(json!({
                    "name": role.name,
                    "users": users.of(&role.id),
                    "accessKeys": keys.of(&role.id),
                    "ssoConfigurationsChanged": sso_changed,
                }));
            record_in(&mut tx, actor, &event, now_ms).await?;
        }
        tx.commit().await?;
        Ok(RolesDeleted {
            users: users.total,
            access_keys: keys.total,
        })
    }

    /// Reads `targets` afresh inside `tx` and locks their rows until it ends. On PostgreSQL
    /// `FOR UPDATE` also makes a concurrent grant of one of them wait (inserting a grant takes a
    /// key-share lock on the role's row), and a grant committed before is seen; on SQLite the
    /// write transaction already holds the database's write lock. A role deleted meanwhile is a
    /// 404.
    async fn lock_roles(&self, tx: &mut Tx<'_>, targets: &[RoleTarget]) -> Result<Vec<RoleTarget>> {
        let mut sql = Sql::new("SELECT id, tenant_id, name FROM roles WHERE id IN (");
        sql.bind_list(targets.iter().map(|target| target.id.as_str()))
            .push(") ORDER BY id");
        if self.backend == Backend::Postgres {
            sql.push(" FOR UPDATE");
        }
        let mut found: HashMap<String, RoleTarget> = HashMap::new();
        for row in sql.query().fetch_all(&mut **tx).await? {
            let role = RoleTarget {
                id: row.try_get("id")?,
                tenant_id: row.try_get("tenant_id")?,
                name: row.try_get("name")?,
                permission_names: Vec::new(),
            };
            found.insert(role.id.clone(), role);
        }
        let mut current = targets
            .iter()
            .map(|target| {
                found
                    .remove(&target.id)
                    .ok_or_else(|| Error::NotFound(format!("Cannot find role {:?}", target.name)))
            })
            .collect::<Result<Vec<_>>>()?;
        read_permissions(tx, &mut current).await?;
        Ok(current)
    }
}

/// Who lost deleted roles, each holder counted once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RolesDeleted {
    /// Users who held at least one of them.
    pub users: u64,
    /// Access keys that held at least one of them.
    pub access_keys: u64,
}

/// Fills in the permissions of `roles` (sorted): one query.
async fn read_permissions(conn: &mut AnyConnection, roles: &mut [RoleTarget]) -> Result<()> {
    if roles.is_empty() {
        return Ok(());
    }
    let mut sql =
        Sql::new("SELECT role_id, permission_name FROM role_permissions WHERE role_id IN (");
    sql.bind_list(roles.iter().map(|role| role.id.as_str()))
        .push(") ORDER BY permission_name");
    for row in sql.query().fetch_all(&mut *conn).await? {
        let role_id: String = row.try_get("role_id")?;
        let permission: String = row.try_get("permission_name")?;
        for role in roles.iter_mut().filter(|role| role.id == role_id) {
            role.permission_names.push(permission.clone());
        }
    }
    Ok(())
}

/// Who holds roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holder {
    User,
    AccessKey,
}

/// Holders of some roles: how many hold each, and how many hold any, each counted once.
#[derive(Debug, Default)]
struct HolderCounts {
    per_role: HashMap<String, u64>,
    total: u64,
}

impl HolderCounts {
    fn of(&self, role_id: &str) -> u64 {
        self.per_role.get(role_id).copied().unwrap_or_default()
    }
}

/// Counts the users or access keys holding `role_ids` (in `tenant` only, when given), each
/// once per role and once in all: one query (the per-role counts and the total in a `UNION
/// ALL`; role ids are never `''`).
async fn count_holders(
    conn: &mut AnyConnection,
    holder: Holder,
    role_ids: &[&str],
    tenant: Option<&str>,
) -> Result<HolderCounts> {
    let mut counts = HolderCounts::default();
    if role_ids.is_empty() {
        return Ok(counts);
    }
    let (table, column) = match holder {
        Holder::User => ("user_roles", "user_id"),
        Holder::AccessKey => ("access_key_roles", "key_id"),
    };
    let mut sql = Sql::new("");
    for per_role in [true, false] {
        sql.push(if per_role {
            "SELECT role_id, "
        } else {
            " UNION ALL SELECT '' AS role_id, "
        });
        sql.push(&format!(
            "COUNT(DISTINCT {column}) AS n FROM {table} WHERE role_id IN ("
        ));
        sql.bind_list(role_ids.iter().copied()).push(")");
        if let Some(tenant) = tenant {
            sql.push(" AND tenant_id = ").bind(tenant);
        }
        if per_role {
            sql.push(" GROUP BY role_id");
        }
    }
    for row in sql.query().fetch_all(&mut *conn).await? {
        let role_id: String = row.try_get("role_id")?;
        let n = count_of(&row, "n")?;
        if role_id.is_empty() {
            counts.total = n;
        } else {
            counts.per_role.insert(role_id, n);
        }
    }
    Ok(counts)
}

/// A count column as `u64`.
fn count_of(row: &AnyRow, column: &str) -> Result<u64> {
    Ok(u64::try_from(row.try_get::<i64, _>(column)?).unwrap_or_default())
}

/// [`Db::role_impact`] on a connection: a pooled one for the preview, the write transaction for
/// the change itself. Three queries whatever the number of roles.
async fn impact_in(
    conn: &mut AnyConnection,
    scope: &Scope,
    targets: &[RoleTarget],
    permissions: Option<&[String]>,
) -> Result<RoleImpact> {
    let ids: Vec<&str> = targets.iter().map(|target| target.id.as_str()).collect();
    let tenant = scope.tenant_id().map(TenantId::as_str);
    let users = count_holders(conn, Holder::User, &ids, tenant).await?;
    let keys = count_holders(conn, Holder::AccessKey, &ids, tenant).await?;
    let mut impact = RoleImpact {
        users: users.total,
        access_keys: keys.total,
        ..RoleImpact::default()
    };
    for target in targets {
        let lost: Vec<String> = target
            .permission_names
            .iter()
            .filter(|p| !permissions.is_some_and(|after| after.contains(p)))
            .cloned()
            .collect();
        for permission in &lost {
            if !impact.permissions_lost.contains(permission) {
                impact.permissions_lost.push(permission.clone());
            }
        }
        impact.roles.push(RoleImpactPart {
            name: target.name.clone(),
            users: users.of(&target.id),
            access_keys: keys.of(&target.id),
            permissions_lost: lost,
        });
    }
    impact.permissions_lost.sort();
    if let Scope::Tenant(tenant) = scope
        && let Some(caller) = tenant.caller()
        && !ids.is_empty()
        && impact
            .permissions_lost
            .iter()
            .any(|p| p == PERMISSION_USER_ADMIN)
    {
        // Does the caller hold one of the roles, and keep User Admin through a role the change
        // does not touch (as `tenant_access` counts it)?
        let tenant = tenant.tenant_id().as_str();
        let mut sql = Sql::new(
            "SELECT (SELECT COUNT(*) FROM user_roles ur \
               JOIN roles r ON r.id = ur.role_id JOIN role_permissions rp ON rp.role_id = ur.role_id \
               WHERE ur.user_id = ",
        );
        sql.bind(caller.as_str())
            .push(" AND ur.tenant_id = ")
            .bind(tenant)
            .push(" AND r.tenant_id IN ('', ")
            .bind(tenant)
            .push(") AND rp.permission_name = ")
            .bind(PERMISSION_USER_ADMIN)
            .push(" AND ur.role_id NOT IN (")
            .bind_list(ids.iter().copied())
            .push(")) AS kept, (SELECT COUNT(*) FROM user_roles WHERE user_id = ")
            .bind(caller.as_str())
            .push(" AND tenant_id = ")
            .bind(tenant)
            .push(" AND role_id IN (")
            .bind_list(ids.iter().copied())
            .push(")) AS held, (SELECT MIN(login_id) FROM login_ids WHERE user_id = ")
            .bind(caller.as_str())
            .push(") AS login_id");
        let row = sql.query().fetch_one(&mut *conn).await?;
        impact.removes_own_user_admin = count_of(&row, "held")? > 0 && count_of(&row, "kept")? == 0;
        if impact.removes_own_user_admin {
            impact.caller_login_id = row.try_get("login_id")?;
        }
    }
    Ok(impact)
}

/// In a tenant scope a tenant role cannot take a project role's name: it would hide the
/// project role in the tenant (a name resolves to the tenant's role first), for its holders, for
/// SSO mappings and for the admin alike. A management-key call keeps the contract's rule (unique
/// within a tenant): a backend that does it means it.
async fn refuse_shadowing(tx: &mut Tx<'_>, scope: &Scope, name: &str) -> Result<()> {
    if scope.tenant_id().is_none() {
        return Ok(());
    }
    let project_role = sqlx::query("SELECT 1 AS one FROM roles WHERE tenant_id = '' AND name = $1")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?;
    match project_role {
        Some(_) => Err(Error::Conflict(format!(
            "{name:?} is the name of a project role: a tenant role of that name would hide it in \
             this tenant. Choose another name"
        ))),
        None => Ok(()),
    }
}

/// A change of the permissions of the role `current` holds (the one role locked for the update)
/// needs every permission it carries before and after to be held by a widget-mode caller; a
/// rename or a new description alone does not.
async fn check_regrant(
    tx: &mut Tx<'_>,
    scope: &Scope,
    current: &[RoleTarget],
    after: &[String],
) -> Result<()> {
    for role in current {
        let before: BTreeSet<&String> = role.permission_names.iter().collect();
        if before != after.iter().collect() {
            let what = format!("change the permissions of {}", role.name);
            let both: Vec<String> = before.into_iter().chain(after).cloned().collect();
            grants::check_permissions(tx, scope, &what, &both).await?;
        }
    }
    Ok(())
}

/// Whether a change that takes something from holders may go ahead: in a tenant scope (a person
/// in the widget) only with `force`; a management-key call is a backend's deliberate request, and
/// Descope's SDKs have no way to send `force`.
fn confirmed(scope: &Scope, force: bool) -> bool {
    force || matches!(scope, Scope::Project(_))
}

/// Largest page of a role search.
const MAX_ROLE_PAGE: u32 = 1000;

/// A tenant scope changes only its own roles: project roles and other tenants' are refused.
fn writable(scope: &Scope, tenant: &TenantId) -> Result<()> {
    if scope.reaches(tenant.as_str()) {
        return Ok(());
    }
    Err(Error::Forbidden(if tenant.as_str().is_empty() {
        "Project roles are read-only for a tenant admin: they are managed with the management key"
            .to_owned()
    } else {
        format!(
            "A tenant admin can only manage the roles of tenant {}",
            scope.recorded_tenant()
        )
    }))
}

async fn builtin_check(tx: &mut Tx<'_>, name: &str, verb: &str) -> Result<()> {
    let row = sqlx::query("SELECT system_default FROM permissions WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Cannot find permission {name:?}")))?;
    if flag(&row, "system_default")? {
        return Err(Error::Forbidden(format!(
            "{name} is a built-in permission and cannot be {verb}"
        )));
    }
    Ok(())
}

async fn known_permissions(tx: &mut Tx<'_>, names: &[String]) -> Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("SELECT name FROM permissions WHERE name IN (");
    sql.bind_list(names.iter()).push(")");
    let found: Vec<String> = sql
        .query()
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|row| row.try_get("name"))
        .collect::<std::result::Result<_, _>>()?;
    match names.iter().find(|name| !found.contains(name)) {
        Some(missing) => Err(Error::InvalidArguments(format!(
            "Unknown permission {missing:?}"
        ))),
        None => Ok(()),
    }
}

async fn grant(tx: &mut Tx<'_>, role_id: &str, permissions: &[String]) -> Result<()> {
    let mut unique: Vec<&String> = permissions.iter().collect();
    unique.sort();
    unique.dedup();
    let rows = unique
        .into_iter()
        .map(|permission| vec![Param::from(role_id), permission.as_str().into()])
        .collect();
    insert_batches(
        tx,
        "INSERT INTO role_permissions (role_id, permission_name) VALUES ",
        rows,
    )
    .await
}

/// The `WHERE` clause of a role search.
fn push_role_filters(sql: &mut Sql, scope: &Scope, request: &RoleSearchRequest) {
    sql.push("1 = 1");
    // A tenant admin's search is of their tenant; the project's roles only when asked for.
    if request.include_project_roles {
        sql.confine_with_project("r.tenant_id", scope);
    } else {
        sql.confine("r.tenant_id", scope);
    }
    let asked = scope.asked(&request.tenant_ids);
    if !asked.is_empty() {
        sql.push(" AND (r.tenant_id IN (")
            .bind_list(asked.iter().map(TenantId::as_str))
            .push(")");
        if request.include_project_roles {
            sql.push(" OR r.tenant_id = ''");
        }
        sql.push(")");
    }
    if !request.role_names.is_empty() {
        sql.push(" AND r.name IN (")
            .bind_list(request.role_names.iter())
            .push(")");
    }
    let like = request.role_name_like.trim();
    if !like.is_empty() {
        sql.push(" AND LOWER(r.name) LIKE ")
            .bind(format!("%{}%", like_escape(&like.to_lowercase())))
            .push(" ESCAPE '\\'");
    }
    let text = request.text.trim();
    if !text.is_empty() {
        let pattern = format!("%{}%", like_escape(&text.to_lowercase()));
        sql.push(" AND (LOWER(r.name) LIKE ")
            .bind(pattern.as_str())
            .push(" ESCAPE '\\' OR LOWER(r.description) LIKE ")
            .bind(pattern)
            .push(" ESCAPE '\\')");
    }
    if !request.permission_names.is_empty() {
        sql.push(" AND EXISTS (SELECT 1 FROM role_permissions rp WHERE rp.role_id = r.id AND rp.permission_name IN (")
            .bind_list(request.permission_names.iter())
            .push("))");
    }
}
