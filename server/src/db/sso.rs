//! Storage of tenant SSO configurations: several per tenant (`sso_id` `""` is the default one),
//! each with its SAML and OIDC settings as JSON, the OIDC client secret sealed (see
//! [`crate::secrets`]), and its domains, which are unique across tenants. Every method takes the
//! [`TenantScope`] of the one tenant the caller was checked for (only whether a configuration
//! exists is public, for the SP metadata an IdP fetches); every change writes an audit event in
//! its transaction.

use super::audit::{Actor, AuditEvent, record_in};
use super::{Db, Sql, Tx};
use crate::capability::TenantScope;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, HashSet};
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::sso::{AttributeMapping, OidcSettings, RoleMapping, SsoAuthType};
use tenantkit_wire::{FieldError, TenantId};

/// The SAML settings as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct StoredSaml {
    pub idp_entity_id: String,
    pub idp_sso_url: String,
    /// Bare base64 of the DER.
    pub idp_certificate: String,
    pub idp_metadata_url: String,
    pub attribute_mapping: AttributeMapping,
    pub role_mappings: Vec<RoleMapping>,
    pub default_sso_roles: Vec<String>,
    pub redirect_url: String,
}

/// One configuration as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoRecord {
    pub tenant_id: TenantId,
    pub tenant_name: String,
    pub sso_id: String,
    pub display_name: String,
    pub auth_type: SsoAuthType,
    pub configured: SsoAuthType,
    pub saml: StoredSaml,
    /// Without the client secret.
    pub oidc: OidcSettings,
    pub has_client_secret: bool,
    /// Lower-case, sorted.
    pub domains: Vec<String>,
    /// Epoch seconds.
    pub created: i64,
    pub updated: i64,
}

/// What a configure request saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoChange {
    /// The protocol configured.
    pub configured: SsoAuthType,
    pub saml: StoredSaml,
    /// Without the client secret.
    pub oidc: OidcSettings,
    /// A newly sealed client secret; `None` keeps the stored one.
    pub sealed_secret: Option<String>,
    pub domains: Vec<String>,
}

const CONFIG_COLUMNS: &str = "c.tenant_id, t.name AS tenant_name, c.sso_id, c.display_name, \
    c.auth_type, c.configured, c.saml, c.oidc, c.oidc_secret, c.created, c.updated";

fn record(row: &AnyRow) -> Result<SsoRecord> {
    let saml: String = row.try_get("saml")?;
    let oidc: String = row.try_get("oidc")?;
    let secret: String = row.try_get("oidc_secret")?;
    let auth_type: String = row.try_get("auth_type")?;
    let configured: String = row.try_get("configured")?;
    Ok(SsoRecord {
        tenant_id: TenantId::new(row.try_get::<String, _>("tenant_id")?),
        tenant_name: row.try_get("tenant_name")?,
        sso_id: row.try_get("sso_id")?,
        display_name: row.try_get("display_name")?,
        auth_type: SsoAuthType::parse(&auth_type).unwrap_or_default(),
        configured: SsoAuthType::parse(&configured).unwrap_or_default(),
        saml: serde_json::from_str(&saml).map_err(Error::internal)?,
        oidc: serde_json::from_str(&oidc).map_err(Error::internal)?,
        has_client_secret: !secret.is_empty(),
        domains: Vec::new(),
        created: row.try_get("created")?,
        updated: row.try_get("updated")?,
    })
}

fn not_found(sso_id: &str) -> Error {
    if sso_id.is_empty() {
        Error::NotFound("The tenant has no default SSO configuration".to_owned())
    } else {
        Error::NotFound(format!("No SSO configuration {sso_id:?} in this tenant"))
    }
}

impl Db {
    /// The tenant's configurations (only `sso_id` when given), oldest first, with domains: two
    /// queries whatever their number.
    pub async fn sso_configs(
        &self,
        scope: &TenantScope,
        sso_id: Option<&str>,
    ) -> Result<Vec<SsoRecord>> {
        let tenant = scope.tenant_id();
        let mut sql = Sql::new(&format!(
            "SELECT {CONFIG_COLUMNS} FROM sso_configs c JOIN tenants t ON t.id = c.tenant_id \
             WHERE c.tenant_id = "
        ));
        sql.bind(tenant.as_str());
        if let Some(sso_id) = sso_id {
            sql.push(" AND c.sso_id = ").bind(sso_id);
        }
        sql.push(" ORDER BY c.created, c.sso_id");
        let mut records = sql
            .query()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(record)
            .collect::<Result<Vec<_>>>()?;
        if records.is_empty() {
            return Ok(records);
        }
        let mut domains: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in sqlx::query(
            "SELECT domain, sso_id FROM sso_domains WHERE tenant_id = $1 ORDER BY domain",
        )
        .bind(tenant.as_str())
        .fetch_all(&self.pool)
        .await?
        {
            domains
                .entry(row.try_get("sso_id")?)
                .or_default()
                .push(row.try_get("domain")?);
        }
        for record in &mut records {
            record.domains = domains.remove(&record.sso_id).unwrap_or_default();
        }
        Ok(records)
    }

    /// Whether `tenant` has the configuration `sso_id`: public, for the SP metadata an IdP
    /// fetches (it shows nothing of the configuration).
    pub async fn sso_config_exists(&self, tenant: &TenantId, sso_id: &str) -> Result<bool> {
        let row =
            sqlx::query("SELECT 1 AS one FROM sso_configs WHERE tenant_id = $1 AND sso_id = $2")
                .bind(tenant.as_str())
                .bind(sso_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some())
    }

    /// The sealed OIDC client secret of a configuration ("" when none).
    pub async fn sso_client_secret(&self, scope: &TenantScope, sso_id: &str) -> Result<String> {
        let tenant = scope.tenant_id();
        let row =
            sqlx::query("SELECT oidc_secret FROM sso_configs WHERE tenant_id = $1 AND sso_id = $2")
                .bind(tenant.as_str())
                .bind(sso_id)
                .fetch_optional(&self.pool)
                .await?
                .ok_or_else(|| not_found(sso_id))?;
        Ok(row.try_get("oidc_secret")?)
    }

    /// Adds an unconfigured configuration; a 409 when the id is taken in the tenant.
    pub async fn create_sso_config(
        &self,
        actor: &Actor,
        scope: &TenantScope,
        sso_id: &str,
        display_name: &str,
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id();
        let mut tx = self.write_tx().await?;
        let inserted = sqlx::query(
            "INSERT INTO sso_configs (tenant_id, sso_id, display_name, created, updated) \
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (tenant_id, sso_id) DO NOTHING",
        )
        .bind(tenant.as_str())
        .bind(sso_id)
        .bind(display_name)
        .bind(now_ms / 1000)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Err(Error::Conflict(format!(
                "The tenant already has an SSO configuration {sso_id:?}"
            )));
        }
        let event = AuditEvent::new(AuditAction::SsoConfigurationCreated, tenant.as_str(), "")
            .with_data(json!({ "ssoId": sso_id, "displayName": display_name }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Saves the settings of a configuration (creating it when missing) and replaces its
    /// domains. A domain another configuration routes is a field error.
    pub async fn save_sso_config(
        &self,
        actor: &Actor,
        scope: &TenantScope,
        sso_id: &str,
        change: &SsoChange,
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id();
        let mut tx = self.write_tx().await?;
        let domains: Vec<String> = change
            .domains
            .iter()
            .map(|domain| domain.to_ascii_lowercase())
            .collect();
        check_domains_free(&mut tx, tenant, sso_id, &domains).await?;
        route_only_verified(&mut tx, scope, &domains, now_ms).await?;
        let saml = serde_json::to_string(&change.saml).map_err(Error::internal)?;
        let oidc = serde_json::to_string(&change.oidc).map_err(Error::internal)?;
        sqlx::query(
            "INSERT INTO sso_configs (tenant_id, sso_id, configured, saml, oidc, oidc_secret, \
             created, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
             ON CONFLICT (tenant_id, sso_id) DO UPDATE SET configured = $3, saml = $4, oidc = $5, \
             updated = $7, \
             auth_type = CASE WHEN sso_configs.auth_type = 'none' THEN 'none' ELSE $3 END",
        )
        .bind(tenant.as_str())
        .bind(sso_id)
        .bind(change.configured.as_str())
        .bind(saml)
        .bind(oidc)
        .bind(change.sealed_secret.clone().unwrap_or_default())
        .bind(now_ms / 1000)
        .execute(&mut *tx)
        .await?;
        if let Some(sealed) = &change.sealed_secret {
            sqlx::query(
                "UPDATE sso_configs SET oidc_secret = $1 WHERE tenant_id = $2 AND sso_id = $3",
            )
            .bind(sealed.as_str())
            .bind(tenant.as_str())
            .bind(sso_id)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM sso_domains WHERE tenant_id = $1 AND sso_id = $2")
            .bind(tenant.as_str())
            .bind(sso_id)
            .execute(&mut *tx)
            .await?;
        if !domains.is_empty() {
            let mut sql = Sql::new("INSERT INTO sso_domains (domain, tenant_id, sso_id) VALUES ");
            for (index, domain) in domains.iter().enumerate() {
                if index > 0 {
                    sql.push(", ");
                }
                sql.bind_row(vec![
                    domain.as_str().into(),
                    tenant.as_str().into(),
                    sso_id.into(),
                ]);
            }
            sql.query()
                .execute(&mut *tx)
                .await
                .map_err(|error| match &error {
                    sqlx::Error::Database(db) if db.is_unique_violation() => domain_taken(None),
                    _ => error.into(),
                })?;
        }
        let event =
            AuditEvent::new(AuditAction::SsoConfigured, tenant.as_str(), "").with_data(json!({
                "ssoId": sso_id,
                "protocol": change.configured.as_str(),
                "domains": domains,
                "clientSecretChanged": change.sealed_secret.is_some(),
            }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Enables a configured protocol or disables sign-in (`none`).
    pub async fn set_sso_auth_type(
        &self,
        actor: &Actor,
        scope: &TenantScope,
        sso_id: &str,
        auth_type: SsoAuthType,
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id();
        let mut tx = self.write_tx().await?;
        let row =
            sqlx::query("SELECT configured FROM sso_configs WHERE tenant_id = $1 AND sso_id = $2")
                .bind(tenant.as_str())
                .bind(sso_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| not_found(sso_id))?;
        let configured: String = row.try_get("configured")?;
        if auth_type != SsoAuthType::None && configured != auth_type.as_str() {
            return Err(Error::Validation(vec![FieldError {
                field: "authType",
                message: format!(
                    "{} cannot be enabled: this configuration has no {} settings saved",
                    auth_type.as_str().to_uppercase(),
                    auth_type.as_str().to_uppercase()
                ),
            }]));
        }
        sqlx::query(
            "UPDATE sso_configs SET auth_type = $1, updated = $2 WHERE tenant_id = $3 AND sso_id = $4",
        )
        .bind(auth_type.as_str())
        .bind(now_ms / 1000)
        .bind(tenant.as_str())
        .bind(sso_id)
        .execute(&mut *tx)
        .await?;
        let event = AuditEvent::new(AuditAction::SsoAuthTypeChanged, tenant.as_str(), "")
            .with_data(json!({ "ssoId": sso_id, "authType": auth_type.as_str() }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a configuration and its domains.
    pub async fn delete_sso_config(
        &self,
        actor: &Actor,
        scope: &TenantScope,
        sso_id: &str,
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id();
        let mut tx = self.write_tx().await?;
        // Domains first: SQLite enforces the foreign key only with `PRAGMA foreign_keys`.
        sqlx::query("DELETE FROM sso_domains WHERE tenant_id = $1 AND sso_id = $2")
            .bind(tenant.as_str())
            .bind(sso_id)
            .execute(&mut *tx)
            .await?;
        let deleted = sqlx::query("DELETE FROM sso_configs WHERE tenant_id = $1 AND sso_id = $2")
            .bind(tenant.as_str())
            .bind(sso_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Err(not_found(sso_id));
        }
        let event = AuditEvent::new(AuditAction::SsoConfigurationDeleted, tenant.as_str(), "")
            .with_data(json!({ "ssoId": sso_id }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Which of `names` are roles the tenant's users can hold (the tenant's and the project's).
    pub async fn known_role_names(
        &self,
        scope: &TenantScope,
        names: &[&str],
    ) -> Result<HashSet<String>> {
        let tenant = scope.tenant_id();
        if names.is_empty() {
            return Ok(HashSet::new());
        }
        let mut sql = Sql::new("SELECT name FROM roles WHERE tenant_id IN ('', ");
        sql.bind(tenant.as_str()).push(") AND name IN (");
        sql.bind_list(names.iter().copied()).push(")");
        sql.query()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| Ok(row.try_get("name")?))
            .collect()
    }

    /// The random key material that seals secrets when no `TENANTKIT_SECRET_KEY` is set,
    /// created by whichever server process needs it first.
    pub async fn sealing_key(&self) -> Result<String> {
        use base64::Engine;
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        let fresh = base64::engine::general_purpose::STANDARD.encode(bytes);
        sqlx::query(
            "INSERT INTO server_secrets (name, value) VALUES ('sealing_key', $1) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(fresh)
        .execute(&self.pool)
        .await?;
        let row = sqlx::query("SELECT value FROM server_secrets WHERE name = 'sealing_key'")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("value")?)
    }
}

/// SSO routes only a tenant's verified domains: a tenant admin may list only those (a field
/// error names the first that is not); the management key's domains are vouched for by the
/// product owner and become verified domains of the tenant.
async fn route_only_verified(
    tx: &mut Tx<'_>,
    scope: &TenantScope,
    domains: &[String],
    now_ms: i64,
) -> Result<()> {
    let tenant = scope.tenant_id().as_str();
    if scope.caller().is_none() {
        for domain in domains {
            super::policy::add_claim(tx, tenant, domain, "", true, now_ms).await?;
        }
        return Ok(());
    }
    match super::policy::first_unverified(tx, tenant, domains).await? {
        Some(domain) => Err(Error::Validation(vec![FieldError {
            field: "domains",
            message: format!(
                "{domain} is not a verified domain of this tenant: add it in the tenant profile \
                 and publish its DNS record first"
            ),
        }])),
        None => Ok(()),
    }
}

fn domain_taken(domain: Option<&str>) -> Error {
    Error::Validation(vec![FieldError {
        field: "domains",
        message: match domain {
            Some(domain) => format!("{domain} already routes to another SSO configuration"),
            None => "A domain already routes to another SSO configuration".to_owned(),
        },
    }])
}

/// A field error naming the first of `domains` that another configuration (of any tenant)
/// routes.
async fn check_domains_free(
    tx: &mut Tx<'_>,
    tenant: &TenantId,
    sso_id: &str,
    domains: &[String],
) -> Result<()> {
    if domains.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("SELECT domain FROM sso_domains WHERE domain IN (");
    sql.bind_list(domains.iter().map(String::as_str))
        .push(") AND NOT (tenant_id = ")
        .bind(tenant.as_str())
        .push(" AND sso_id = ")
        .bind(sso_id)
        .push(") ORDER BY domain");
    match sql.query().fetch_optional(&mut **tx).await? {
        Some(row) => Err(domain_taken(Some(&row.try_get::<String, _>("domain")?))),
        None => Ok(()),
    }
}

/// Makes SAML group mappings and default SSO roles follow renamed and deleted roles, inside the
/// transaction that renames or deletes them. `changes` maps a role's old name to its new one
/// (`None`: deleted, so the name is dropped). `tenant` is the roles' tenant; for project roles
/// (`""`) every tenant's configurations follow, except where the tenant has a role of its own by
/// that name (there the name means that role). Returns how many configurations changed.
pub(crate) async fn follow_roles_in(
    tx: &mut Tx<'_>,
    tenant: &str,
    changes: &[(String, Option<String>)],
) -> Result<u64> {
    if changes.is_empty() {
        return Ok(0);
    }
    let mut sql = Sql::new("SELECT tenant_id, sso_id, saml FROM sso_configs");
    if !tenant.is_empty() {
        sql.push(" WHERE tenant_id = ").bind(tenant);
    }
    let rows = sql.query().fetch_all(&mut **tx).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut shadowed: HashSet<(String, String)> = HashSet::new();
    if tenant.is_empty() {
        let mut sql =
            Sql::new("SELECT tenant_id, name FROM roles WHERE tenant_id <> '' AND name IN (");
        sql.bind_list(changes.iter().map(|(old, _)| old.as_str()))
            .push(")");
        for row in sql.query().fetch_all(&mut **tx).await? {
            shadowed.insert((row.try_get("tenant_id")?, row.try_get("name")?));
        }
    }
    let mut changed = 0;
    for row in rows {
        let config_tenant: String = row.try_get("tenant_id")?;
        let sso_id: String = row.try_get("sso_id")?;
        let stored: String = row.try_get("saml")?;
        let mut saml: StoredSaml = serde_json::from_str(&stored).map_err(Error::internal)?;
        // `None`: the name is not concerned; `Some(None)`: it goes; `Some(Some(new))`: renamed.
        let follow = |name: &str| -> Option<Option<String>> {
            if shadowed.contains(&(config_tenant.clone(), name.to_owned())) {
                return None;
            }
            changes
                .iter()
                .find(|(old, _)| old == name)
                .map(|(_, new)| new.clone())
        };
        let before = saml.clone();
        saml.role_mappings = std::mem::take(&mut saml.role_mappings)
            .into_iter()
            .filter_map(|mut mapping| match follow(&mapping.role_name) {
                None => Some(mapping),
                Some(None) => None,
                Some(Some(new)) => {
                    mapping.role_name = new;
                    Some(mapping)
                }
            })
            .collect();
        let mut defaults: Vec<String> = Vec::with_capacity(saml.default_sso_roles.len());
        for name in std::mem::take(&mut saml.default_sso_roles) {
            let name = match follow(&name) {
                None => Some(name),
                Some(new) => new,
            };
            if let Some(name) = name.filter(|name| !defaults.contains(name)) {
                defaults.push(name);
            }
        }
        saml.default_sso_roles = defaults;
        if saml == before {
            continue;
        }
        sqlx::query("UPDATE sso_configs SET saml = $1 WHERE tenant_id = $2 AND sso_id = $3")
            .bind(serde_json::to_string(&saml).map_err(Error::internal)?)
            .bind(config_tenant.as_str())
            .bind(sso_id.as_str())
            .execute(&mut **tx)
            .await?;
        changed += 1;
    }
    Ok(changed)
}
