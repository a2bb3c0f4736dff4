//! Storage of roles and permissions.

use super::users::insert_batches;
use super::{Db, Param, Tx, flag, new_id};
use crate::auth::ProjectWide;
use crate::error::Result;
use sqlx::Row;
use std::collections::HashMap;

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
        let mut tx = self.pool.begin().await?;
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
