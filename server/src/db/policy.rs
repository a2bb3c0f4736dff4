//! Storage of tenant policy that takes effect: password policies (the project's and each
//! tenant's), what a user's password policy needs to know (history, failed sign-ins, lock), the
//! session lifetimes of a user's tenants, and tenants' claims on email domains with their proof.
//!
//! Reads that feed a sign-in (a user's effective password policy and session policy) take the
//! user, not a capability: they are inputs of the checks, as credentials are.

use super::audit::{Actor, AuditEvent, record_in};
use super::{Db, Tx, flag};
use crate::capability::TenantScope;
use crate::error::{Error, Result};
use serde_json::json;
use sqlx::Row;
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::domain::{DomainStatus, RECORD_LABEL, RECORD_PREFIX, TenantDomain};
use tenantkit_wire::policy::{MAX_REUSE_AMOUNT, PasswordSettings, SessionPolicy, TenantSettings};
use tenantkit_wire::{FieldError, TenantId, UserId};

/// The project's row in `password_policies`.
const PROJECT: &str = "";

impl Db {
    /// The password policy of a tenant, or of the project for `None` (the baseline when none
    /// was set).
    pub async fn password_policy(&self, tenant: Option<&TenantId>) -> Result<PasswordSettings> {
        let key = tenant.map_or(PROJECT, TenantId::as_str);
        let row = sqlx::query("SELECT settings FROM password_policies WHERE tenant_id = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        let mut settings = match row {
            Some(row) => parse_policy(&row.try_get::<String, _>("settings")?)?,
            None if tenant.is_none() => PasswordSettings::baseline(),
            None => PasswordSettings::default(),
        };
        settings.tenant_id = key.to_owned();
        Ok(settings)
    }

    /// Replaces a tenant's password policy (validated by the caller), with an audit event.
    pub async fn set_tenant_password_policy(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        settings: &PasswordSettings,
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id().as_str();
        let mut tx = self.write_tx().await?;
        store_policy(&mut tx, tenant, settings).await?;
        let event = AuditEvent::new(AuditAction::PasswordPolicyModified, tenant, "")
            .with_data(policy_json(settings)?);
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the project's password policy (the management key's), with an audit event.
    pub async fn set_project_password_policy(
        &self,
        _: &crate::capability::ProjectWide,
        actor: &Actor,
        settings: &PasswordSettings,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        store_policy(&mut tx, PROJECT, settings).await?;
        let event = AuditEvent::new(AuditAction::PasswordPolicyModified, "", "")
            .with_data(policy_json(settings)?);
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The password policy a user meets: the strictest combination of the project's and the
    /// enabled policies of the user's tenants (one query).
    pub async fn user_password_policy(&self, user: &UserId) -> Result<PasswordSettings> {
        let rows = sqlx::query(
            "SELECT tenant_id, settings FROM password_policies WHERE tenant_id = '' \
             OR tenant_id IN (SELECT tenant_id FROM user_tenants WHERE user_id = $1)",
        )
        .bind(user.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut project = PasswordSettings::baseline();
        let mut tenants = Vec::new();
        for row in rows {
            let settings = parse_policy(&row.try_get::<String, _>("settings")?)?;
            if row.try_get::<String, _>("tenant_id")?.is_empty() {
                project = settings;
            } else {
                tenants.push(settings);
            }
        }
        Ok(tenants
            .iter()
            .fold(project, |policy, tenant| policy.strictest(tenant)))
    }

    /// The hashes of the user's last `count` passwords, newest first (the current one
    /// included): the reuse rule verifies a new password against each.
    pub async fn recent_password_hashes(&self, user: &UserId, count: u32) -> Result<Vec<String>> {
        if count == 0 {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "SELECT hash FROM password_history WHERE user_id = $1 ORDER BY created DESC LIMIT $2",
        )
        .bind(user.as_str())
        .bind(i64::from(count))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| row.try_get("hash").map_err(Error::from))
            .collect()
    }

    /// A failed password sign-in of `user`: counts it, and locks the account when `lock_after`
    /// failures in a row are reached (with an audit event). Answers whether it is locked now.
    pub async fn record_failed_sign_in(
        &self,
        user: &UserId,
        lock_after: Option<u32>,
        remote_address: &str,
        now_ms: i64,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(
            "UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = $1 \
             RETURNING failed_sign_ins, locked",
        )
        .bind(user.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        let failures: i64 = row.try_get("failed_sign_ins")?;
        let was_locked = flag(&row, "locked")?;
        let locks = lock_after.is_some_and(|limit| failures >= i64::from(limit));
        if locks && !was_locked {
            sqlx::query("UPDATE users SET locked = $1 WHERE id = $2")
                .bind(true)
                .bind(user.as_str())
                .execute(&mut *tx)
                .await?;
            let actor = Actor::user(user, remote_address);
            let event = AuditEvent::new(AuditAction::UserLocked, "", user.as_str())
                .with_data(json!({ "failedSignIns": failures }));
            record_in(&mut tx, &actor, &event, now_ms).await?;
        }
        tx.commit().await?;
        Ok(was_locked || locks)
    }

    /// A successful sign-in (or refresh) of `user`: clears the failure count and marks the
    /// activity the inactivity timeout measures.
    pub async fn record_activity(&self, user: &UserId, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE users SET failed_sign_ins = 0, last_active = $1 \
             WHERE id = $2 AND (failed_sign_ins <> 0 OR last_active <> $1)",
        )
        .bind(now)
        .bind(user.as_str())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// When `user` was last active (0: never), for the inactivity timeout.
    pub async fn last_active(&self, user: &UserId) -> Result<i64> {
        let row = sqlx::query("SELECT last_active FROM users WHERE id = $1")
            .bind(user.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => row.try_get("last_active")?,
            None => 0,
        })
    }

    /// The session lifetimes a sign-in of `user` gets: the strictest of the enabled session
    /// settings of the user's enabled tenants (`None`: the server's own).
    pub async fn user_session_policy(&self, user: &UserId) -> Result<Option<SessionPolicy>> {
        let rows = sqlx::query(
            "SELECT t.settings FROM tenants t JOIN user_tenants ut ON ut.tenant_id = t.id \
             WHERE ut.user_id = $1 AND t.disabled = $2",
        )
        .bind(user.as_str())
        .bind(false)
        .fetch_all(&self.pool)
        .await?;
        let mut policy: Option<SessionPolicy> = None;
        for row in rows {
            let stored: String = row.try_get("settings")?;
            let settings: TenantSettings =
                serde_json::from_str(&stored).map_err(Error::internal)?;
            if let Some(tenant) = settings.session_policy() {
                policy = Some(match policy {
                    Some(policy) => policy.strictest(tenant),
                    None => tenant,
                });
            }
        }
        Ok(policy)
    }
}

/// Keeps `hash` in `user`'s password history (the newest [`MAX_REUSE_AMOUNT`] are kept), marks
/// when the password changed, and lifts a lock: part of every password change.
pub(crate) async fn password_changed(
    tx: &mut Tx<'_>,
    user: &UserId,
    hash: &str,
    now_ms: i64,
) -> Result<()> {
    let now = now_ms.div_euclid(1000);
    sqlx::query(
        "UPDATE users SET password_changed = $1, failed_sign_ins = 0, locked = $2 WHERE id = $3",
    )
    .bind(now)
    .bind(false)
    .bind(user.as_str())
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO password_history (user_id, hash, created) VALUES ($1, $2, $3)")
        .bind(user.as_str())
        .bind(hash)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "DELETE FROM password_history WHERE user_id = $1 AND created NOT IN \
         (SELECT created FROM password_history WHERE user_id = $1 ORDER BY created DESC LIMIT $2)",
    )
    .bind(user.as_str())
    .bind(i64::from(MAX_REUSE_AMOUNT))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn store_policy(tx: &mut Tx<'_>, tenant: &str, settings: &PasswordSettings) -> Result<()> {
    let stored = PasswordSettings {
        tenant_id: String::new(),
        ..settings.clone()
    };
    sqlx::query(
        "INSERT INTO password_policies (tenant_id, settings) VALUES ($1, $2) \
         ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings",
    )
    .bind(tenant)
    .bind(serde_json::to_string(&stored).map_err(Error::internal)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn parse_policy(stored: &str) -> Result<PasswordSettings> {
    serde_json::from_str(stored).map_err(Error::internal)
}

fn policy_json(settings: &PasswordSettings) -> Result<serde_json::Value> {
    serde_json::to_value(PasswordSettings {
        tenant_id: String::new(),
        ..settings.clone()
    })
    .map_err(Error::internal)
}

/// The columns of a claim, as [`claim_from_row`] reads them.
const CLAIM_COLUMNS: &str = "domain, token, vouched, created, verified, checked, error";

fn claim_from_row(row: &sqlx::any::AnyRow) -> Result<TenantDomain> {
    let domain: String = row.try_get("domain")?;
    let token: String = row.try_get("token")?;
    let vouched = flag(row, "vouched")?;
    let verified: i64 = row.try_get("verified")?;
    let error: String = row.try_get("error")?;
    Ok(TenantDomain {
        record_name: format!("{RECORD_LABEL}.{domain}"),
        record_value: if vouched {
            String::new()
        } else {
            format!("{RECORD_PREFIX}{token}")
        },
        status: if verified > 0 {
            DomainStatus::Verified
        } else if error.is_empty() {
            DomainStatus::Pending
        } else {
            DomainStatus::Failed
        },
        domain,
        vouched,
        created_time: row.try_get("created")?,
        verified_time: verified,
        checked_time: row.try_get("checked")?,
        error,
    })
}

fn domain_not_found(domain: &str) -> Error {
    Error::NotFound(format!("{domain} is not a domain of this tenant"))
}

fn domain_taken(domain: &str) -> Error {
    Error::Conflict(format!("{domain} is verified by another tenant already"))
}

impl Db {
    /// A tenant's domains, by name.
    pub async fn tenant_domains(&self, scope: &TenantScope) -> Result<Vec<TenantDomain>> {
        let rows = sqlx::query(&format!(
            "SELECT {CLAIM_COLUMNS} FROM domain_claims WHERE tenant_id = $1 ORDER BY domain"
        ))
        .bind(scope.tenant_id().as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(claim_from_row).collect()
    }

    /// One domain of a tenant.
    pub async fn tenant_domain(&self, scope: &TenantScope, domain: &str) -> Result<TenantDomain> {
        let row = sqlx::query(&format!(
            "SELECT {CLAIM_COLUMNS} FROM domain_claims WHERE tenant_id = $1 AND domain = $2"
        ))
        .bind(scope.tenant_id().as_str())
        .bind(domain)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| domain_not_found(domain))?;
        claim_from_row(&row)
    }

    /// Adds a domain to a tenant: pending with a new `token` for a tenant admin, verified at
    /// once for the management key (the product owner vouches). A domain another tenant has
    /// verified is a conflict; adding one the tenant has already is a no-op.
    pub async fn add_tenant_domain(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        domain: &str,
        token: &str,
        now_ms: i64,
    ) -> Result<TenantDomain> {
        let tenant = scope.tenant_id().as_str();
        let mut tx = self.write_tx().await?;
        let vouched = scope.caller().is_none();
        let added = add_claim(&mut tx, tenant, domain, token, vouched, now_ms).await?;
        if added {
            let event = AuditEvent::new(AuditAction::TenantDomainAdded, tenant, "")
                .with_data(json!({ "domain": domain, "vouched": vouched }));
            record_in(&mut tx, actor, &event, now_ms).await?;
        }
        tx.commit().await?;
        self.tenant_domain(scope, domain).await
    }

    /// Records the outcome of a DNS check of a tenant's domain: `Ok` marks it verified (a
    /// domain another tenant verified meanwhile is a conflict), `Err(reason)` records why not.
    /// A domain verified once stays verified when a later check fails (the failure is kept
    /// as its last error): removing it is the admin's decision.
    pub async fn record_domain_check(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        domain: &str,
        outcome: std::result::Result<(), String>,
        now_ms: i64,
    ) -> Result<TenantDomain> {
        let tenant = scope.tenant_id().as_str();
        let now = now_ms.div_euclid(1000);
        let mut tx = self.write_tx().await?;
        let (sql, error) = match &outcome {
            Ok(()) => (
                "UPDATE domain_claims SET checked = $1, error = $2, \
                 verified = CASE WHEN verified > 0 THEN verified ELSE $1 END \
                 WHERE tenant_id = $3 AND domain = $4",
                String::new(),
            ),
            Err(reason) => (
                "UPDATE domain_claims SET checked = $1, error = $2 \
                 WHERE tenant_id = $3 AND domain = $4",
                reason.clone(),
            ),
        };
        let updated = sqlx::query(sql)
            .bind(now)
            .bind(error.as_str())
            .bind(tenant)
            .bind(domain)
            .execute(&mut *tx)
            .await
            .map_err(|error| match error {
                sqlx::Error::Database(db) if db.is_unique_violation() => domain_taken(domain),
                other => other.into(),
            })?;
        if updated.rows_affected() == 0 {
            return Err(domain_not_found(domain));
        }
        let action = if outcome.is_ok() {
            AuditAction::TenantDomainVerified
        } else {
            AuditAction::TenantDomainCheckFailed
        };
        let event = AuditEvent::new(action, tenant, "")
            .with_data(json!({ "domain": domain, "error": error }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        self.tenant_domain(scope, domain).await
    }

    /// Removes a domain from a tenant; SSO and self-provisioning stop routing it at once. A
    /// domain still listed among the tenant's self-provisioning or SSO domains is refused.
    pub async fn delete_tenant_domain(
        &self,
        scope: &TenantScope,
        actor: &Actor,
        domain: &str,
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id().as_str();
        let mut tx = self.write_tx().await?;
        let in_use = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM tenant_domains WHERE tenant_id = $1 AND domain = $2) \
             + (SELECT COUNT(*) FROM sso_domains WHERE tenant_id = $1 AND domain = $2) AS uses",
        )
        .bind(tenant)
        .bind(domain)
        .fetch_one(&mut *tx)
        .await?
        .try_get::<i64, _>("uses")?;
        if in_use > 0 {
            return Err(Error::Validation(vec![FieldError {
                field: "domain",
                message: format!(
                    "{domain} still routes users to this tenant: remove it from the SSO \
                     configuration (or the self-provisioning domains) first"
                ),
            }]));
        }
        let deleted = sqlx::query("DELETE FROM domain_claims WHERE tenant_id = $1 AND domain = $2")
            .bind(tenant)
            .bind(domain)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(domain_not_found(domain));
        }
        let event = AuditEvent::new(AuditAction::TenantDomainRemoved, tenant, "")
            .with_data(json!({ "domain": domain }));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Adds a claim of `tenant` on `domain` unless it has one; `vouched` claims are verified at
/// once (and an existing pending claim becomes vouched). Answers whether anything changed.
pub(crate) async fn add_claim(
    tx: &mut Tx<'_>,
    tenant: &str,
    domain: &str,
    token: &str,
    vouched: bool,
    now_ms: i64,
) -> Result<bool> {
    let now = now_ms.div_euclid(1000);
    let taken = sqlx::query(
        "SELECT COUNT(*) AS n FROM domain_claims WHERE domain = $1 AND tenant_id <> $2 AND verified > 0",
    )
    .bind(domain)
    .bind(tenant)
    .fetch_one(&mut **tx)
    .await?
    .try_get::<i64, _>("n")?;
    if taken > 0 {
        return Err(domain_taken(domain));
    }
    let changed = if vouched {
        sqlx::query(
            "INSERT INTO domain_claims (tenant_id, domain, token, vouched, created, verified) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (tenant_id, domain) DO UPDATE SET \
             vouched = excluded.vouched, verified = excluded.verified, error = '' \
             WHERE domain_claims.verified = 0",
        )
    } else {
        sqlx::query(
            "INSERT INTO domain_claims (tenant_id, domain, token, vouched, created) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, domain) DO NOTHING",
        )
    }
    .bind(tenant)
    .bind(domain)
    .bind(token)
    .bind(vouched)
    .bind(now)
    .execute(&mut **tx)
    .await
    .map_err(|error| match error {
        sqlx::Error::Database(db) if db.is_unique_violation() => domain_taken(domain),
        other => other.into(),
    })?;
    Ok(changed.rows_affected() > 0)
}

/// The first of `domains` that `tenant` has not verified, if any: SSO routes only verified
/// domains, so a tenant admin may list only those. A subdomain of a verified domain counts as
/// verified (whoever controls a domain's DNS controls its subdomains').
pub(crate) async fn first_unverified(
    tx: &mut Tx<'_>,
    tenant: &str,
    domains: &[String],
) -> Result<Option<String>> {
    let verified: Vec<String> =
        sqlx::query("SELECT domain FROM domain_claims WHERE tenant_id = $1 AND verified > 0")
            .bind(tenant)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|row| row.try_get("domain"))
            .collect::<std::result::Result<_, _>>()?;
    Ok(domains
        .iter()
        .find(|domain| !verified.iter().any(|owned| covers(owned, domain)))
        .cloned())
}

/// Whether a verified `owned` domain covers `domain`: the same, or a subdomain of it.
fn covers(owned: &str, domain: &str) -> bool {
    domain == owned
        || domain
            .strip_suffix(owned)
            .is_some_and(|head| head.ends_with('.'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_verified_domain_covers_its_subdomains_only() {
        assert!(super::covers("acme.test", "acme.test"));
        assert!(super::covers("acme.test", "eu.acme.test"));
        assert!(!super::covers("acme.test", "notacme.test"));
        assert!(!super::covers("eu.acme.test", "acme.test"));
    }
}
