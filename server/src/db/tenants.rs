//! Storage of tenants.

use super::users::insert_batches;
use super::{Db, Param, Tx};
use crate::auth::ProjectWide;
use crate::error::{Error, Result};
use sqlx::Row;
use tenantkit_wire::TenantId;

/// A tenant to insert.
#[derive(Debug, Clone, Default)]
pub struct NewTenant {
    /// Its id (chosen by the caller).
    pub id: TenantId,
    /// Display name, unique in the project.
    pub name: String,
    /// Email domains whose users may join by themselves.
    pub self_provisioning_domains: Vec<String>,
}

impl Db {
    /// Inserts tenants in one transaction.
    pub async fn insert_tenants(
        &self,
        scope: &ProjectWide,
        tenants: &[NewTenant],
        now: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        insert_tenants_in(&mut tx, scope, tenants, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A tenant's display name, if it exists.
    pub async fn tenant_name(&self, tenant: &TenantId) -> Result<Option<String>> {
        let row = sqlx::query("SELECT name FROM tenants WHERE id = $1")
            .bind(tenant.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| row.try_get("name")).transpose()?)
    }

    /// Whether a tenant exists.
    pub async fn tenant_exists(&self, tenant: &TenantId) -> Result<bool> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM tenants WHERE id = $1")
            .bind(tenant.as_str())
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }
}

/// [`Db::insert_tenants`] inside a caller's transaction.
pub(crate) async fn insert_tenants_in(
    tx: &mut Tx<'_>,
    _: &ProjectWide,
    tenants: &[NewTenant],
    now: i64,
) -> Result<()> {
    let rows = tenants
        .iter()
        .map(|tenant| {
            let domains = serde_json::to_string(&tenant.self_provisioning_domains)
                .map_err(Error::internal)?;
            Ok(vec![
                Param::from(tenant.id.as_str()),
                tenant.name.as_str().into(),
                domains.into(),
                "{}".into(),
                now.into(),
            ])
        })
        .collect::<Result<Vec<_>>>()?;
    insert_batches(
            tx,
            "INSERT INTO tenants (id, name, self_provisioning_domains, custom_attributes, created) VALUES ",
            rows,
        )
        .await
}
