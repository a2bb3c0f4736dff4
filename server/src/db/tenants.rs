//! Storage of tenants: the demo seed's inserts, the management API's create, update, delete,
//! listing and settings, and self-provisioning by email domain.

use super::audit::{Actor, AuditEvent, record_in};
use super::users::insert_batches;
use super::{Db, Param, Sql, Tx, flag};
use crate::capability::{ProjectWide, TenantScope};
use crate::error::{Error, Result};
use serde_json::json;
use sqlx::Row;
use tenantkit_wire::TenantId;
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::tenant::{Tenant, TenantSettings};

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
        let mut tx = self.write_tx().await?;
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

/// A tenant's fields as the management API sets them.
#[derive(Debug, Clone, Default)]
pub struct TenantFields {
    /// Name, unique in the project.
    pub name: String,
    /// Self-provisioning domains, unique across tenants (lower case).
    pub domains: Vec<String>,
    /// Custom attribute values (checked by the caller).
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    /// Users must sign in with SSO.
    pub enforce_sso: bool,
    /// Disabled.
    pub disabled: bool,
}

fn duplicate(error: sqlx::Error, what: String) -> Error {
    match error {
        sqlx::Error::Database(db) if db.is_unique_violation() => Error::Conflict(what),
        other => other.into(),
    }
}

fn tenant_not_found(id: &str) -> Error {
    Error::NotFound(format!("Cannot find tenant {id:?}"))
}

/// Which tenants a listing returns.
#[derive(Debug, Clone, Default)]
pub struct TenantFilter<'a> {
    /// Any of these ids (none = any).
    pub ids: &'a [String],
    /// Any of these names.
    pub names: &'a [String],
    /// Any of these self-provisioning domains.
    pub domains: &'a [String],
}

impl Db {
    /// Tenants matching `filter`, by name, with their domains (two queries).
    pub async fn tenant_records(&self, filter: &TenantFilter<'_>) -> Result<Vec<Tenant>> {
        let mut sql = Sql::new(
            "SELECT t.id, t.name, t.custom_attributes, t.created, t.enforce_sso, t.disabled \
             FROM tenants t WHERE 1 = 1",
        );
        if !filter.ids.is_empty() {
            sql.push(" AND t.id IN (")
                .bind_list(filter.ids.iter())
                .push(")");
        }
        if !filter.names.is_empty() {
            sql.push(" AND t.name IN (")
                .bind_list(filter.names.iter())
                .push(")");
        }
        if !filter.domains.is_empty() {
            sql.push(" AND EXISTS (SELECT 1 FROM tenant_domains d WHERE d.tenant_id = t.id AND d.domain IN (")
                .bind_list(filter.domains.iter().map(|d| d.to_lowercase()))
                .push("))");
        }
        sql.push(" ORDER BY t.name");
        let rows = sql.query().fetch_all(&self.pool).await?;
        let mut tenants = rows
            .iter()
            .map(|row| {
                let attributes: String = row.try_get("custom_attributes")?;
                Ok(Tenant {
                    id: TenantId::new(row.try_get::<String, _>("id")?),
                    name: row.try_get("name")?,
                    custom_attributes: serde_json::from_str(&attributes)
                        .map_err(Error::internal)?,
                    created_time: row.try_get("created")?,
                    enforce_sso: flag(row, "enforce_sso")?,
                    disabled: flag(row, "disabled")?,
                    auth_type: "none".to_owned(),
                    ..Tenant::default()
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if tenants.is_empty() {
            return Ok(tenants);
        }
        let mut sql = Sql::new("SELECT domain, tenant_id FROM tenant_domains WHERE tenant_id IN (");
        sql.bind_list(tenants.iter().map(|t| t.id.as_str().to_owned()))
            .push(") ORDER BY domain");
        for row in sql.query().fetch_all(&self.pool).await? {
            let tenant: String = row.try_get("tenant_id")?;
            if let Some(found) = tenants.iter_mut().find(|t| t.id.as_str() == tenant) {
                found.self_provisioning_domains.push(row.try_get("domain")?);
            }
        }
        // Their SSO: the auth type of an enabled configuration (`none` without one), and the
        // domains their configurations route.
        let mut sql = Sql::new(
            "SELECT tenant_id, auth_type, '' AS domain FROM sso_configs WHERE auth_type <> 'none' \
             AND tenant_id IN (",
        );
        sql.bind_list(tenants.iter().map(|t| t.id.as_str().to_owned()))
            .push(") UNION ALL SELECT tenant_id, '' AS auth_type, domain FROM sso_domains WHERE tenant_id IN (")
            .bind_list(tenants.iter().map(|t| t.id.as_str().to_owned()))
            .push(")");
        for row in sql.query().fetch_all(&self.pool).await? {
            let tenant: String = row.try_get("tenant_id")?;
            let auth_type: String = row.try_get("auth_type")?;
            let domain: String = row.try_get("domain")?;
            if let Some(found) = tenants.iter_mut().find(|t| t.id.as_str() == tenant) {
                if !auth_type.is_empty() && found.auth_type == "none" {
                    found.auth_type = auth_type;
                }
                if !domain.is_empty() {
                    found.domains.push(domain);
                }
            }
        }
        for tenant in &mut tenants {
            tenant.domains.sort();
        }
        Ok(tenants)
    }

    /// One tenant.
    pub async fn tenant(&self, id: &str) -> Result<Tenant> {
        let ids = [id.to_owned()];
        self.tenant_records(&TenantFilter {
            ids: &ids,
            ..TenantFilter::default()
        })
        .await?
        .pop()
        .ok_or_else(|| tenant_not_found(id))
    }

    /// Creates a tenant; its name and domains must be free.
    pub async fn create_tenant(
        &self,
        _: &ProjectWide,
        actor: &Actor,
        id: &TenantId,
        fields: &TenantFields,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let attributes = serde_json::Value::Object(fields.custom_attributes.clone()).to_string();
        sqlx::query(
            "INSERT INTO tenants (id, name, self_provisioning_domains, custom_attributes, created, \
             enforce_sso, disabled) VALUES ($1, $2, '[]', $3, $4, $5, $6)",
        )
        .bind(id.as_str())
        .bind(fields.name.as_str())
        .bind(attributes)
        .bind(now_ms.div_euclid(1000))
        .bind(fields.enforce_sso)
        .bind(fields.disabled)
        .execute(&mut *tx)
        .await
        .map_err(|error| {
            duplicate(
                error,
                format!(
                    "A tenant with the id {id:?} or the name {:?} exists already",
                    fields.name
                ),
            )
        })?;
        set_domains(&mut tx, id, &fields.domains, now_ms).await?;
        let event = AuditEvent::new(AuditAction::TenantCreated, id.as_str(), "")
            .with_data(json!({ "name": fields.name, "selfProvisioningDomains": fields.domains }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Overrides every field of a tenant.
    pub async fn update_tenant(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        fields: &TenantFields,
        now_ms: i64,
    ) -> Result<()> {
        let id = scope.tenant_id();
        let mut tx = self.write_tx().await?;
        let attributes = serde_json::Value::Object(fields.custom_attributes.clone()).to_string();
        let updated = sqlx::query(
            "UPDATE tenants SET name = $1, custom_attributes = $2, enforce_sso = $3, disabled = $4 \
             WHERE id = $5",
        )
        .bind(fields.name.as_str())
        .bind(attributes)
        .bind(fields.enforce_sso)
        .bind(fields.disabled)
        .bind(id.as_str())
        .execute(&mut *tx)
        .await
        .map_err(|error| {
            duplicate(
                error,
                format!("A tenant named {:?} exists already", fields.name),
            )
        })?;
        if updated.rows_affected() == 0 {
            return Err(tenant_not_found(id.as_str()));
        }
        sqlx::query("DELETE FROM tenant_domains WHERE tenant_id = $1")
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
        set_domains(&mut tx, id, &fields.domains, now_ms).await?;
        let event = AuditEvent::new(AuditAction::TenantModified, id.as_str(), "")
            .with_data(json!({ "name": fields.name, "selfProvisioningDomains": fields.domains }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a tenant with its roles, access keys and memberships; with `cascade` also the
    /// users who belong to no other tenant. Answers how many users were deleted.
    pub async fn delete_tenant(
        &self,
        _: &ProjectWide,
        actor: &Actor,
        id: &TenantId,
        cascade: bool,
        now_ms: i64,
    ) -> Result<u64> {
        let mut tx = self.write_tx().await?;
        let exists = sqlx::query("SELECT 1 AS one FROM tenants WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(tenant_not_found(id.as_str()));
        }
        let mut users_deleted = 0;
        if cascade {
            let deleted = sqlx::query(
                "DELETE FROM users WHERE id IN (SELECT ut.user_id FROM user_tenants ut WHERE ut.tenant_id = $1) \
                 AND NOT EXISTS (SELECT 1 FROM user_tenants other WHERE other.user_id = users.id AND other.tenant_id <> $1)",
            )
            .bind(id.as_str())
            .execute(&mut *tx)
            .await?;
            users_deleted = deleted.rows_affected();
        }
        for statement in [
            "DELETE FROM user_roles WHERE tenant_id = $1",
            "DELETE FROM access_key_roles WHERE tenant_id = $1",
            "DELETE FROM access_keys WHERE tenant_id = $1",
            "DELETE FROM roles WHERE tenant_id = $1",
            "DELETE FROM invitations WHERE tenant_id = $1",
            "DELETE FROM tenants WHERE id = $1",
        ] {
            sqlx::query(statement)
                .bind(id.as_str())
                .execute(&mut *tx)
                .await?;
        }
        let event = AuditEvent::new(AuditAction::TenantDeleted, id.as_str(), "")
            .with_data(json!({ "cascade": cascade, "usersDeleted": users_deleted }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(users_deleted)
    }

    /// A tenant's settings, with its self-provisioning domains.
    pub async fn tenant_settings(&self, id: &str) -> Result<TenantSettings> {
        let tenant = self.tenant(id).await?;
        let row = sqlx::query("SELECT settings FROM tenants WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| tenant_not_found(id))?;
        let stored: String = row.try_get("settings")?;
        let settings: TenantSettings = serde_json::from_str(&stored).map_err(Error::internal)?;
        Ok(TenantSettings {
            tenant_id: String::new(),
            id: String::new(),
            self_provisioning_domains: tenant.self_provisioning_domains,
            domains: tenant.domains,
            auth_type: tenant.auth_type,
            ..settings
        })
    }

    /// Replaces a tenant's session settings (validated by the caller). The domains and auth
    /// type they carry are not stored here: they belong to the tenant and its SSO.
    pub async fn set_tenant_settings(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        settings: &TenantSettings,
        now_ms: i64,
    ) -> Result<()> {
        let id = scope.tenant_id().as_str();
        let stored = TenantSettings {
            tenant_id: String::new(),
            id: String::new(),
            self_provisioning_domains: Vec::new(),
            domains: Vec::new(),
            auth_type: String::new(),
            ..settings.clone()
        };
        let mut tx = self.write_tx().await?;
        let updated = sqlx::query("UPDATE tenants SET settings = $1 WHERE id = $2")
            .bind(serde_json::to_string(&stored).map_err(Error::internal)?)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(tenant_not_found(id));
        }
        let event = AuditEvent::new(AuditAction::TenantSettingsModified, id, "")
            .with_data(serde_json::to_value(&stored).map_err(Error::internal)?);
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Db {
    /// Self-provisioning at sign-in: a user whose email is verified joins the tenants of its
    /// domain they are not in yet, with an audit event per tenant.
    pub async fn self_provision(&self, user: &tenantkit_wire::UserId, now_ms: i64) -> Result<()> {
        let row = sqlx::query("SELECT email, verified_email FROM users WHERE id = $1")
            .bind(user.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(()) };
        let email: String = row.try_get("email")?;
        if !flag(&row, "verified_email")? || email.is_empty() {
            return Ok(());
        }
        let mut tx = self.write_tx().await?;
        let joined = join_by_email_domain(&mut tx, user, &email, now_ms.div_euclid(1000)).await?;
        let actor = Actor::user(user, "");
        for tenant in &joined {
            let event = AuditEvent::new(AuditAction::UserSelfProvisioned, tenant, user.as_str())
                .with_data(json!({ "email": email }));
            record_in(&mut tx, &actor, &event, now_ms).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Sets a tenant's self-provisioning domains (the product owner's: each is vouched for, see
/// [`super::policy::add_claim`]).
async fn set_domains(
    tx: &mut Tx<'_>,
    id: &TenantId,
    domains: &[String],
    now_ms: i64,
) -> Result<()> {
    for domain in domains {
        super::policy::add_claim(tx, id.as_str(), &domain.to_lowercase(), "", true, now_ms).await?;
        sqlx::query("INSERT INTO tenant_domains (domain, tenant_id) VALUES ($1, $2)")
            .bind(domain.to_lowercase())
            .bind(id.as_str())
            .execute(&mut **tx)
            .await
            .map_err(|error| {
                duplicate(
                    error,
                    format!("The domain {domain} belongs to another tenant already"),
                )
            })?;
    }
    Ok(())
}

/// Self-provisioning: makes `user` a member (no roles) of every tenant whose self-provisioning
/// domains include the domain of `email`, verified. Answers the tenants joined.
pub(crate) async fn join_by_email_domain(
    tx: &mut Tx<'_>,
    user: &tenantkit_wire::UserId,
    email: &str,
    now: i64,
) -> Result<Vec<String>> {
    let Some((_, domain)) = email.rsplit_once('@') else {
        return Ok(Vec::new());
    };
    let rows = sqlx::query(
        "SELECT d.tenant_id FROM tenant_domains d JOIN domain_claims c \
         ON c.tenant_id = d.tenant_id AND c.domain = d.domain AND c.verified > 0 \
         WHERE d.domain = $1 AND NOT EXISTS \
         (SELECT 1 FROM user_tenants ut WHERE ut.user_id = $2 AND ut.tenant_id = d.tenant_id)",
    )
    .bind(domain.to_lowercase())
    .bind(user.as_str())
    .fetch_all(&mut **tx)
    .await?;
    let mut joined = Vec::new();
    for row in rows {
        let tenant: String = row.try_get("tenant_id")?;
        sqlx::query("INSERT INTO user_tenants (user_id, tenant_id, created) VALUES ($1, $2, $3)")
            .bind(user.as_str())
            .bind(tenant.as_str())
            .bind(now)
            .execute(&mut **tx)
            .await?;
        joined.push(tenant);
    }
    Ok(joined)
}
