//! Custom attribute definitions, of users and of tenants: the same shape (name, type, options,
//! display name) in two tables. Values live in the users' and tenants' `custom_attributes`.

use super::audit::{Actor, AuditEvent, record_in};
use super::{Db, Tx};
use crate::capability::ProjectWide;
use crate::error::{Error, Result};
use serde_json::json;
use sqlx::Row;
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::user_ops::CustomAttribute;

/// Whose attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeOwner {
    /// Users' custom attributes (wire contract: `/v1/mgmt/user/customattribute*`).
    Users,
    /// Tenants' custom attributes (ours: `/tk/v1/tenant/customattributes*`).
    Tenants,
}

impl AttributeOwner {
    fn table(self) -> &'static str {
        match self {
            Self::Users => "custom_attributes",
            Self::Tenants => "tenant_attribute_definitions",
        }
    }

    /// The audit action of a definition added.
    fn created_action(self) -> AuditAction {
        match self {
            Self::Users => AuditAction::CustomAttributeCreated,
            Self::Tenants => AuditAction::TenantAttributeCreated,
        }
    }

    /// The audit action of a definition deleted.
    fn deleted_action(self) -> AuditAction {
        match self {
            Self::Users => AuditAction::CustomAttributeDeleted,
            Self::Tenants => AuditAction::TenantAttributeDeleted,
        }
    }
}

impl Db {
    /// The definitions, by name.
    pub async fn attribute_definitions(
        &self,
        owner: AttributeOwner,
    ) -> Result<Vec<CustomAttribute>> {
        let rows = sqlx::query(&format!(
            "SELECT name, kind, options, display_name FROM {} ORDER BY name",
            owner.table()
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let options: String = row.try_get("options")?;
                Ok(CustomAttribute {
                    name: row.try_get("name")?,
                    kind: u8::try_from(row.try_get::<i64, _>("kind")?).map_err(Error::internal)?,
                    options: serde_json::from_str(&options).map_err(Error::internal)?,
                    display_name: row.try_get("display_name")?,
                    editable: true,
                })
            })
            .collect()
    }

    /// Adds definitions (a name taken already is a conflict; nothing is added).
    pub async fn create_attribute_definitions(
        &self,
        scope: &ProjectWide,
        actor: &Actor,
        owner: AttributeOwner,
        definitions: &[CustomAttribute],
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        insert_attribute_definitions_in(
            &mut tx,
            scope,
            owner,
            definitions,
            now_ms.div_euclid(1000),
        )
        .await?;
        for definition in definitions {
            let event = AuditEvent::new(owner.created_action(), "", "")
                .with_data(json!({ "name": definition.name, "type": definition.kind }));
            record_in(&mut tx, actor, &event, now_ms).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes definitions by name (unknown names are ignored). Values already given stay in
    /// the records that hold them.
    pub async fn delete_attribute_definitions(
        &self,
        _: &ProjectWide,
        actor: &Actor,
        owner: AttributeOwner,
        names: &[String],
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        for name in names {
            let deleted = sqlx::query(&format!("DELETE FROM {} WHERE name = $1", owner.table()))
                .bind(name.as_str())
                .execute(&mut *tx)
                .await?;
            if deleted.rows_affected() > 0 {
                let event = AuditEvent::new(owner.deleted_action(), "", "")
                    .with_data(json!({ "name": name }));
                record_in(&mut tx, actor, &event, now_ms).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Inserts definitions inside a caller's transaction (the API and the demo seed).
pub(crate) async fn insert_attribute_definitions_in(
    tx: &mut Tx<'_>,
    _: &ProjectWide,
    owner: AttributeOwner,
    definitions: &[CustomAttribute],
    now: i64,
) -> Result<()> {
    for definition in definitions {
        let options = serde_json::to_string(&definition.options).map_err(Error::internal)?;
        let inserted = sqlx::query(&format!(
            "INSERT INTO {} (name, kind, options, display_name, created) VALUES ($1, $2, $3, $4, $5)",
            owner.table()
        ))
        .bind(definition.name.as_str())
        .bind(i64::from(definition.kind))
        .bind(options)
        .bind(definition.display_name.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await;
        match inserted {
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                return Err(Error::Conflict(format!(
                    "A custom attribute named {:?} exists already",
                    definition.name
                )));
            }
            other => other?,
        };
    }
    Ok(())
}
