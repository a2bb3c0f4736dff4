//! What a CSV import reads to plan its rows ([`crate::jobs::import`]), a chunk of rows at a
//! time with one query each (no query per row): the tenant's members a chunk's login ids name,
//! which of those login ids any user holds, and the roles the tenant may give.

use super::users::{USER_COLUMNS, UserRecord};
use super::{Db, Sql};
use crate::capability::{Scope, TenantScope};
use crate::error::Result;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

impl Db {
    /// The members of the scope's tenant holding one of `login_ids` (any case), keyed by the
    /// lowercased login id, as the scope sees them.
    pub async fn members_by_login_ids(
        &self,
        scope: &Scope,
        login_ids: &[String],
    ) -> Result<HashMap<String, UserRecord>> {
        if login_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut sql = Sql::new(&format!(
            "SELECT LOWER(l.login_id) AS import_key, {USER_COLUMNS} FROM login_ids l \
             JOIN users u ON u.id = l.user_id WHERE LOWER(l.login_id) IN ("
        ));
        sql.bind_list(login_ids.iter().map(|id| id.to_lowercase()))
            .push(")");
        sql.confine_members("u.id", scope);
        let rows = sql.query().fetch_all(&self.pool).await?;
        let keys = rows
            .iter()
            .map(|row| row.try_get::<String, _>("import_key"))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let records = self.complete_records(&rows, scope.tenant_id()).await?;
        Ok(keys.into_iter().zip(records).collect())
    }

    /// Which of `login_ids` (lowercased) some user of the project holds, in any tenant: a new
    /// user cannot take them.
    pub async fn login_ids_taken(&self, login_ids: &[String]) -> Result<HashSet<String>> {
        if login_ids.is_empty() {
            return Ok(HashSet::new());
        }
        let mut sql =
            Sql::new("SELECT LOWER(login_id) AS taken FROM login_ids WHERE LOWER(login_id) IN (");
        sql.bind_list(login_ids.iter().map(|id| id.to_lowercase()))
            .push(")");
        sql.query()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| Ok(row.try_get("taken")?))
            .collect()
    }

    /// The roles a user of the scope's tenant may hold (the tenant's and the project's), each
    /// with its permissions.
    pub async fn tenant_role_permissions(
        &self,
        scope: &TenantScope,
    ) -> Result<BTreeMap<String, BTreeSet<String>>> {
        let rows = sqlx::query(
            "SELECT r.name, rp.permission_name FROM roles r \
             LEFT JOIN role_permissions rp ON rp.role_id = r.id \
             WHERE r.tenant_id = '' OR r.tenant_id = $1",
        )
        .bind(scope.tenant_id().as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut roles: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for row in rows {
            let permissions = roles.entry(row.try_get("name")?).or_default();
            if let Some(permission) = row.try_get::<Option<String>, _>("permission_name")? {
                permissions.insert(permission);
            }
        }
        Ok(roles)
    }

    /// The permissions the scope's caller holds in its tenant; `None`: not restricted (a
    /// management key).
    pub async fn caller_permissions(
        &self,
        scope: &TenantScope,
    ) -> Result<Option<BTreeSet<String>>> {
        let Some(held) = self.held_permissions(&scope.to_scope()).await? else {
            return Ok(None);
        };
        let roles = self.tenant_role_permissions(scope).await?;
        let every: BTreeSet<&String> = roles.values().flatten().collect();
        Ok(Some(
            every
                .into_iter()
                .filter(|permission| held.holds(permission))
                .cloned()
                .collect(),
        ))
    }
}
