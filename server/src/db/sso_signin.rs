//! Storage of SSO sign-in (issue 15): pending SP-initiated requests, assertion ids already
//! accepted (replay), the one-time codes of the exchange, just-in-time users and the roles the
//! IdP granted them, and the per-connection sign-in options. Tenant data is reached through the
//! [`TenantScope`] of the connection's tenant; the public lookups (which tenant a domain routes
//! to, a one-time code) are the inputs of the checks that make those scopes.

use super::audit::{Actor, AuditEvent, record_in};
use super::users::{NewUser, insert_user_rows};
use super::{Db, flag};
use crate::capability::TenantScope;
use crate::error::{Error, Result};
use serde_json::json;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::sso_test::{ConnectionActivity, TestSummary};
use tenantkit_wire::{LoginId, TenantId, UserId, UserStatus};

/// A sign-in started here (SP-initiated), waiting for the IdP's answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PendingSignIn {
    /// The AuthnRequest id (what `InResponseTo` must name).
    pub id: String,
    pub sso_id: String,
    /// `saml` or `oidc`.
    pub protocol: String,
    /// The SAML RelayState (OIDC state) the browser carries back.
    pub relay_state: String,
    /// Where the browser goes with the one-time code.
    pub redirect_url: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// A test run's id, or empty for a real sign-in.
    pub test_run: String,
    /// Epoch seconds.
    pub expires: i64,
}

/// What an IdP says about a user, after the mapping.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SsoIdentity {
    pub login_id: String,
    /// The NameID or `sub`.
    pub subject: String,
    /// Only the fields the mapping names are `Some`.
    pub name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub email: Option<String>,
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    /// Role names the IdP's groups and the default roles give, in this tenant.
    pub roles: BTreeSet<String>,
}

/// What a just-in-time sign-in did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JitOutcome {
    pub user_id: UserId,
    pub created: bool,
    pub roles_added: Vec<String>,
    pub roles_removed: Vec<String>,
}

const PENDING_COLUMNS: &str =
    "id, sso_id, protocol, relay_state, redirect_url, nonce, pkce_verifier, test_run, expires";

fn pending(row: &sqlx::any::AnyRow) -> Result<PendingSignIn> {
    Ok(PendingSignIn {
        id: row.try_get("id")?,
        sso_id: row.try_get("sso_id")?,
        protocol: row.try_get("protocol")?,
        relay_state: row.try_get("relay_state")?,
        redirect_url: row.try_get("redirect_url")?,
        nonce: row.try_get("nonce")?,
        pkce_verifier: row.try_get("pkce_verifier")?,
        test_run: row.try_get("test_run")?,
        expires: row.try_get("expires")?,
    })
}

impl Db {
    /// The tenant and connection a domain routes to (public: the input of the SSO start). Only
    /// a domain the tenant has verified (or a subdomain of one) routes: see `db::policy`.
    pub async fn sso_route_for_domain(&self, domain: &str) -> Result<Option<(TenantId, String)>> {
        let row = sqlx::query(
            "SELECT s.tenant_id, s.sso_id FROM sso_domains s WHERE s.domain = $1 AND EXISTS \
             (SELECT 1 FROM domain_claims c WHERE c.tenant_id = s.tenant_id AND c.verified > 0 \
             AND (c.domain = s.domain OR s.domain LIKE '%.' || c.domain))",
        )
        .bind(domain.to_ascii_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok((
                TenantId::new(row.try_get::<String, _>("tenant_id")?),
                row.try_get("sso_id")?,
            ))
        })
        .transpose()
    }

    /// Whether the connection accepts IdP-initiated sign-in (off unless switched on).
    pub async fn sso_allows_idp_initiated(
        &self,
        scope: &TenantScope,
        sso_id: &str,
    ) -> Result<bool> {
        let row = sqlx::query(
            "SELECT allow_idp_initiated FROM sso_signin_options WHERE tenant_id = $1 AND sso_id = $2",
        )
        .bind(scope.tenant_id().as_str())
        .bind(sso_id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(flag(&row, "allow_idp_initiated")?),
            None => Ok(false),
        }
    }

    /// Switches IdP-initiated sign-in of a connection on or off.
    pub async fn set_sso_idp_initiated(
        &self,
        actor: &Actor,
        scope: &TenantScope,
        sso_id: &str,
        allow: bool,
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id().as_str();
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO sso_signin_options (tenant_id, sso_id, allow_idp_initiated) \
             VALUES ($1, $2, $3) ON CONFLICT (tenant_id, sso_id) \
             DO UPDATE SET allow_idp_initiated = excluded.allow_idp_initiated",
        )
        .bind(tenant)
        .bind(sso_id)
        .bind(allow)
        .execute(&mut *tx)
        .await?;
        let event = AuditEvent::new(AuditAction::SsoIdpInitiatedChanged, tenant, "")
            .with_data(json!({"ssoId": sso_id, "allowIdpInitiated": allow}));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a pending sign-in of the scope's tenant (and drops expired ones).
    pub async fn insert_sso_pending(
        &self,
        scope: &TenantScope,
        pending: &PendingSignIn,
        now: i64,
    ) -> Result<()> {
        sqlx::query("DELETE FROM sso_pending WHERE expires < $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sso_pending (id, tenant_id, sso_id, protocol, relay_state, redirect_url, \
             nonce, pkce_verifier, test_run, expires) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(pending.id.as_str())
        .bind(scope.tenant_id().as_str())
        .bind(pending.sso_id.as_str())
        .bind(pending.protocol.as_str())
        .bind(pending.relay_state.as_str())
        .bind(pending.redirect_url.as_str())
        .bind(pending.nonce.as_str())
        .bind(pending.pkce_verifier.as_str())
        .bind(pending.test_run.as_str())
        .bind(pending.expires)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The unexpired pending sign-ins of one connection (the newest 100).
    pub async fn sso_pending_of(
        &self,
        scope: &TenantScope,
        sso_id: &str,
        protocol: &str,
        now: i64,
    ) -> Result<Vec<PendingSignIn>> {
        sqlx::query(&format!(
            "SELECT {PENDING_COLUMNS} FROM sso_pending WHERE tenant_id = $1 AND sso_id = $2 \
             AND protocol = $3 AND expires >= $4 ORDER BY expires DESC LIMIT 100"
        ))
        .bind(scope.tenant_id().as_str())
        .bind(sso_id)
        .bind(protocol)
        .bind(now)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(pending)
        .collect()
    }

    /// Uses up a pending sign-in: true when this call removed it (a second use finds nothing).
    pub async fn take_sso_pending(&self, scope: &TenantScope, id: &str) -> Result<bool> {
        let removed = sqlx::query("DELETE FROM sso_pending WHERE tenant_id = $1 AND id = $2")
            .bind(scope.tenant_id().as_str())
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(removed == 1)
    }

    /// Records an accepted assertion id of `issuer` until `expires`: false when it was seen
    /// before (a replay).
    pub async fn first_sight_of_assertion(
        &self,
        issuer: &str,
        assertion_id: &str,
        expires: i64,
        now: i64,
    ) -> Result<bool> {
        sqlx::query("DELETE FROM sso_seen_assertions WHERE expires < $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        let inserted = sqlx::query(
            "INSERT INTO sso_seen_assertions (issuer, assertion_id, expires) VALUES ($1, $2, $3) \
             ON CONFLICT (issuer, assertion_id) DO NOTHING",
        )
        .bind(issuer)
        .bind(assertion_id)
        .bind(expires)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(inserted == 1)
    }

    /// Stores a one-time code (its SHA-256) for a user who signed in through SSO.
    pub async fn insert_sso_code(
        &self,
        code_hash: &str,
        user_id: &UserId,
        amr: &str,
        first_seen: bool,
        expires: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sso_codes (code_hash, user_id, amr, first_seen, expires) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(code_hash)
        .bind(user_id.as_str())
        .bind(amr)
        .bind(first_seen)
        .bind(expires)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Uses up a one-time code: the user, the method and whether the sign-in created the user,
    /// if the code exists and has not expired.
    pub async fn take_sso_code(
        &self,
        code_hash: &str,
        now: i64,
    ) -> Result<Option<(UserId, String, bool)>> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(
            "SELECT user_id, amr, first_seen, expires FROM sso_codes WHERE code_hash = $1",
        )
        .bind(code_hash)
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sso_codes WHERE code_hash = $1 OR expires < $2")
            .bind(code_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        match row {
            Some(row) if row.try_get::<i64, _>("expires")? >= now => Ok(Some((
                UserId::new(row.try_get::<String, _>("user_id")?),
                row.try_get("amr")?,
                flag(&row, "first_seen")?,
            ))),
            _ => Ok(None),
        }
    }

    /// Whether password sign-in is refused for `user_id`: the name of a tenant with
    /// `enforceSSO` in which the user signs in through SSO.
    pub async fn sso_enforced_for(&self, user_id: &UserId) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT t.name FROM sso_users s JOIN tenants t ON t.id = s.tenant_id \
             JOIN user_tenants m ON m.user_id = s.user_id AND m.tenant_id = s.tenant_id \
             WHERE s.user_id = $1 AND t.enforce_sso = $2 ORDER BY t.name LIMIT 1",
        )
        .bind(user_id.as_str())
        .bind(true)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| row.try_get("name")).transpose()?)
    }

    /// The user an IdP identity would sign in as (by login id, regardless of case), with their
    /// status, whether they belong to the tenant already, and the roles they hold there.
    pub async fn sso_existing_user(
        &self,
        scope: &TenantScope,
        login_id: &str,
    ) -> Result<Option<(UserId, UserStatus, bool, BTreeSet<String>)>> {
        let Some(row) = sqlx::query(
            "SELECT u.id, u.status FROM login_ids l JOIN users u ON u.id = l.user_id \
             WHERE lower(l.login_id) = lower($1)",
        )
        .bind(login_id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let user_id = UserId::new(row.try_get::<String, _>("id")?);
        let status =
            UserStatus::parse(&row.try_get::<String, _>("status")?).unwrap_or(UserStatus::Disabled);
        let tenant = scope.tenant_id().as_str();
        let member =
            sqlx::query("SELECT 1 AS one FROM user_tenants WHERE user_id = $1 AND tenant_id = $2")
                .bind(user_id.as_str())
                .bind(tenant)
                .fetch_optional(&self.pool)
                .await?
                .is_some();
        let roles = sqlx::query(
            "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id \
             WHERE ur.user_id = $1 AND ur.tenant_id = $2",
        )
        .bind(user_id.as_str())
        .bind(tenant)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| row.try_get("name"))
        .collect::<std::result::Result<_, _>>()?;
        Ok(Some((user_id, status, member, roles)))
    }

    /// Signs a verified IdP identity in to the scope's tenant: creates the user on first
    /// sign-in, else updates the attributes the mapping names; sets the IdP-granted roles to
    /// `identity.roles` (roles granted by hand stay); records the sign-in. One transaction,
    /// with an audit event for the sign-in and one for each JIT change. A disabled user is 401.
    pub async fn sso_sign_in_user(
        &self,
        actor_address: &str,
        scope: &TenantScope,
        sso_id: &str,
        identity: &SsoIdentity,
        now_ms: i64,
    ) -> Result<JitOutcome> {
        let tenant = scope.tenant_id();
        let now = now_ms / 1000;
        let mut tx = self.write_tx().await?;
        let existing = sqlx::query(
            "SELECT u.id, u.status FROM login_ids l JOIN users u ON u.id = l.user_id \
             WHERE lower(l.login_id) = lower($1)",
        )
        .bind(identity.login_id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let (user_id, created) = match existing {
            Some(row) => {
                let user_id = UserId::new(row.try_get::<String, _>("id")?);
                if UserStatus::parse(&row.try_get::<String, _>("status")?)
                    != Some(UserStatus::Enabled)
                {
                    return Err(Error::Unauthorized("The user is disabled".to_owned()));
                }
                (user_id, false)
            }
            None => {
                let user = NewUser {
                    login_id: LoginId::new(identity.login_id.clone()),
                    name: identity.name.clone().unwrap_or_default(),
                    given_name: identity.given_name.clone().unwrap_or_default(),
                    family_name: identity.family_name.clone().unwrap_or_default(),
                    email: identity.email.clone().unwrap_or_default(),
                    verified_email: identity.email.is_some(),
                    custom_attributes: identity.custom_attributes.clone(),
                    status: UserStatus::Enabled,
                    tenants: vec![(tenant.clone(), Vec::new())],
                    ..NewUser::default()
                };
                let ids = insert_user_rows(&mut tx, std::slice::from_ref(&user), now).await?;
                let user_id = ids
                    .into_iter()
                    .next()
                    .ok_or_else(|| Error::Internal("no user inserted".to_owned()))?;
                (user_id, true)
            }
        };
        let actor = Actor::user(&user_id, actor_address);
        if created {
            let event = AuditEvent::new(
                AuditAction::UserCreatedBySso,
                tenant.as_str(),
                user_id.as_str(),
            )
            .with_data(json!({"ssoId": sso_id, "loginId": identity.login_id}));
            record_in(&mut tx, &actor, &event, now_ms).await?;
        } else {
            let mut changed = Vec::new();
            for (column, value) in [
                ("name", &identity.name),
                ("given_name", &identity.given_name),
                ("family_name", &identity.family_name),
                ("email", &identity.email),
            ] {
                if let Some(value) = value {
                    let updated = sqlx::query(&format!(
                        "UPDATE users SET {column} = $1 WHERE id = $2 AND {column} <> $1"
                    ))
                    .bind(value.as_str())
                    .bind(user_id.as_str())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if updated > 0 {
                        changed.push(column);
                    }
                }
            }
            if !identity.custom_attributes.is_empty() {
                let row = sqlx::query("SELECT custom_attributes FROM users WHERE id = $1")
                    .bind(user_id.as_str())
                    .fetch_one(&mut *tx)
                    .await?;
                let text: String = row.try_get("custom_attributes")?;
                let mut attributes: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(&text).unwrap_or_default();
                let before = attributes.clone();
                attributes.extend(identity.custom_attributes.clone());
                if attributes != before {
                    sqlx::query("UPDATE users SET custom_attributes = $1 WHERE id = $2")
                        .bind(serde_json::Value::Object(attributes).to_string())
                        .bind(user_id.as_str())
                        .execute(&mut *tx)
                        .await?;
                    changed.push("customAttributes");
                }
            }
            let joined = sqlx::query(
                "INSERT INTO user_tenants (user_id, tenant_id, created) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, tenant_id) DO NOTHING",
            )
            .bind(user_id.as_str())
            .bind(tenant.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if joined > 0 {
                changed.push("tenant");
            }
            if !changed.is_empty() {
                let event = AuditEvent::new(
                    AuditAction::UserUpdatedBySso,
                    tenant.as_str(),
                    user_id.as_str(),
                )
                .with_data(json!({"ssoId": sso_id, "changed": changed}));
                record_in(&mut tx, &actor, &event, now_ms).await?;
            }
        }

        // Roles: the tenant's roles (or project roles) by name.
        let mut role_ids: BTreeMap<String, String> = BTreeMap::new();
        for row in sqlx::query(
            "SELECT id, name, tenant_id FROM roles WHERE tenant_id = $1 OR tenant_id = '' \
             ORDER BY tenant_id",
        )
        .bind(tenant.as_str())
        .fetch_all(&mut *tx)
        .await?
        {
            // Project roles ('' sorts first) are replaced by a tenant role of the same name.
            role_ids.insert(row.try_get("name")?, row.try_get("id")?);
        }
        let held: BTreeMap<String, String> = sqlx::query(
            "SELECT ur.role_id, r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id \
             WHERE ur.user_id = $1 AND ur.tenant_id = $2",
        )
        .bind(user_id.as_str())
        .bind(tenant.as_str())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("role_id")?, row.try_get("name")?)))
        .collect::<Result<_>>()?;
        let from_idp: BTreeMap<String, String> = sqlx::query(
            "SELECT g.role_id, r.name FROM sso_granted_roles g JOIN roles r ON r.id = g.role_id \
             WHERE g.user_id = $1 AND g.tenant_id = $2",
        )
        .bind(user_id.as_str())
        .bind(tenant.as_str())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("role_id")?, row.try_get("name")?)))
        .collect::<Result<_>>()?;
        let wanted: BTreeMap<&str, &str> = identity
            .roles
            .iter()
            .filter_map(|name| role_ids.get(name).map(|id| (id.as_str(), name.as_str())))
            .collect();
        let mut roles_added = Vec::new();
        let mut roles_removed = Vec::new();
        for (role_id, name) in &from_idp {
            if !wanted.contains_key(role_id.as_str()) {
                for statement in [
                    "DELETE FROM user_roles WHERE user_id = $1 AND tenant_id = $2 AND role_id = $3",
                    "DELETE FROM sso_granted_roles WHERE user_id = $1 AND tenant_id = $2 AND role_id = $3",
                ] {
                    sqlx::query(statement)
                        .bind(user_id.as_str())
                        .bind(tenant.as_str())
                        .bind(role_id.as_str())
                        .execute(&mut *tx)
                        .await?;
                }
                roles_removed.push(name.clone());
            }
        }
        for (role_id, name) in &wanted {
            // A role held by hand stays the admin's: it is not recorded as the IdP's.
            if held.contains_key(*role_id) {
                continue;
            }
            for statement in [
                "INSERT INTO user_roles (user_id, tenant_id, role_id) VALUES ($1, $2, $3)",
                "INSERT INTO sso_granted_roles (user_id, tenant_id, role_id) VALUES ($1, $2, $3)",
            ] {
                sqlx::query(statement)
                    .bind(user_id.as_str())
                    .bind(tenant.as_str())
                    .bind(*role_id)
                    .execute(&mut *tx)
                    .await?;
            }
            roles_added.push((*name).to_owned());
        }
        if !roles_added.is_empty() || !roles_removed.is_empty() {
            let event = AuditEvent::new(
                AuditAction::UserRolesChangedBySso,
                tenant.as_str(),
                user_id.as_str(),
            )
            .with_data(json!({"ssoId": sso_id, "added": roles_added, "removed": roles_removed}));
            record_in(&mut tx, &actor, &event, now_ms).await?;
        }
        sqlx::query(
            "INSERT INTO sso_users (user_id, tenant_id, sso_id, subject, last_sign_in) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, tenant_id) \
             DO UPDATE SET sso_id = excluded.sso_id, subject = excluded.subject, \
             last_sign_in = excluded.last_sign_in",
        )
        .bind(user_id.as_str())
        .bind(tenant.as_str())
        .bind(sso_id)
        .bind(identity.subject.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE users SET last_login = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id.as_str())
            .execute(&mut *tx)
            .await?;
        let event = AuditEvent::new(AuditAction::SsoSignIn, tenant.as_str(), user_id.as_str())
            .with_data(json!({"ssoId": sso_id, "subject": identity.subject, "created": created}));
        record_in(&mut tx, &actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(JitOutcome {
            user_id,
            created,
            roles_added,
            roles_removed,
        })
    }

    /// Records a refused SSO sign-in in the audit trail (a `warn` event).
    pub async fn record_sso_refusal(
        &self,
        actor_address: &str,
        scope: &TenantScope,
        sso_id: &str,
        reason: &str,
        now_ms: i64,
    ) -> Result<()> {
        let actor = Actor {
            actor_id: String::new(),
            remote_address: actor_address.to_owned(),
        };
        let event = AuditEvent::new(
            AuditAction::SsoSignInRefused,
            scope.tenant_id().as_str(),
            "",
        )
        .with_kind(super::audit::AuditKind::Warn)
        .with_data(json!({"ssoId": sso_id, "reason": reason}));
        self.record_audit(&actor, &event, now_ms).await
    }
}

/// How many test runs of a connection are kept (the newest).
const TEST_RUNS_KEPT: i64 = 20;

/// A test run as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTestRun {
    pub id: String,
    pub sso_id: String,
    pub started: i64,
    pub finished: i64,
    pub passed: bool,
    /// The diagnosis as JSON ('' until the IdP answered).
    pub diagnosis: String,
}

impl Db {
    /// Starts a test run of a connection.
    pub async fn insert_sso_test_run(
        &self,
        actor: &Actor,
        scope: &TenantScope,
        sso_id: &str,
        id: &str,
        now_ms: i64,
    ) -> Result<()> {
        let tenant = scope.tenant_id().as_str();
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO sso_test_runs (id, tenant_id, sso_id, started) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(tenant)
        .bind(sso_id)
        .bind(now_ms / 1000)
        .execute(&mut *tx)
        .await?;
        // A connection keeps its last runs only (those of the same second as the last kept one
        // too, so the run just started is never the one dropped): testing again and again
        // stores no more.
        sqlx::query(
            "DELETE FROM sso_test_runs WHERE tenant_id = $1 AND sso_id = $2 AND started < \
             (SELECT started FROM sso_test_runs WHERE tenant_id = $1 AND sso_id = $2 \
              ORDER BY started DESC LIMIT 1 OFFSET $3)",
        )
        .bind(tenant)
        .bind(sso_id)
        .bind(TEST_RUNS_KEPT - 1)
        .execute(&mut *tx)
        .await?;
        let event = AuditEvent::new(AuditAction::SsoTestStarted, tenant, "")
            .with_data(json!({"ssoId": sso_id, "testRunId": id}));
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the diagnosis of a test run (once: a finished run stays as it is).
    pub async fn finish_sso_test_run(
        &self,
        scope: &TenantScope,
        id: &str,
        passed: bool,
        diagnosis: &str,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE sso_test_runs SET finished = $1, passed = $2, diagnosis = $3 \
             WHERE tenant_id = $4 AND id = $5 AND finished = 0",
        )
        .bind(now)
        .bind(passed)
        .bind(diagnosis)
        .bind(scope.tenant_id().as_str())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A test run of a connection (`id` empty: the latest one).
    pub async fn sso_test_run(
        &self,
        scope: &TenantScope,
        sso_id: &str,
        id: &str,
    ) -> Result<Option<StoredTestRun>> {
        let row = sqlx::query(
            "SELECT id, sso_id, started, finished, passed, diagnosis FROM sso_test_runs \
             WHERE tenant_id = $1 AND sso_id = $2 AND ($3 = '' OR id = $3) \
             ORDER BY started DESC, id DESC LIMIT 1",
        )
        .bind(scope.tenant_id().as_str())
        .bind(sso_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(StoredTestRun {
                id: row.try_get("id")?,
                sso_id: row.try_get("sso_id")?,
                started: row.try_get("started")?,
                finished: row.try_get("finished")?,
                passed: flag(&row, "passed")?,
                diagnosis: row.try_get("diagnosis")?,
            })
        })
        .transpose()
    }

    /// The last successful sign-in through a connection (epoch seconds, 0 = none).
    pub async fn sso_last_sign_in(&self, scope: &TenantScope, sso_id: &str) -> Result<i64> {
        let row = sqlx::query(
            "SELECT MAX(last_sign_in) AS last FROM sso_users WHERE tenant_id = $1 AND sso_id = $2",
        )
        .bind(scope.tenant_id().as_str())
        .bind(sso_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<Option<i64>, _>("last")?.unwrap_or(0))
    }

    /// The last finished test run and the last sign-in of each of the tenant's configurations,
    /// in one query (each part reads one index entry).
    pub async fn sso_activity(&self, scope: &TenantScope) -> Result<Vec<ConnectionActivity>> {
        let rows = sqlx::query(
            "SELECT c.sso_id, \
               (SELECT MAX(u.last_sign_in) FROM sso_users u \
                WHERE u.tenant_id = c.tenant_id AND u.sso_id = c.sso_id) AS last_sign_in, \
               r.id AS test_id, r.finished AS test_finished, r.passed AS test_passed \
             FROM sso_configs c \
             LEFT JOIN sso_test_runs r ON r.id = \
               (SELECT t.id FROM sso_test_runs t \
                WHERE t.tenant_id = c.tenant_id AND t.sso_id = c.sso_id AND t.finished > 0 \
                ORDER BY t.finished DESC, t.id DESC LIMIT 1) \
             WHERE c.tenant_id = $1 ORDER BY c.sso_id",
        )
        .bind(scope.tenant_id().as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let test_id: Option<String> = row.try_get("test_id")?;
                Ok(ConnectionActivity {
                    sso_id: row.try_get("sso_id")?,
                    last_sign_in: row.try_get::<Option<i64>, _>("last_sign_in")?.unwrap_or(0),
                    last_test: match test_id {
                        Some(test_run_id) => Some(TestSummary {
                            test_run_id,
                            finished: row.try_get("test_finished")?,
                            passed: flag(row, "test_passed")?,
                        }),
                        None => None,
                    },
                })
            })
            .collect()
    }

    /// Whether an assertion id of `issuer` was accepted before (read-only, for test runs).
    pub async fn assertion_seen(&self, issuer: &str, assertion_id: &str) -> Result<bool> {
        Ok(sqlx::query(
            "SELECT 1 AS one FROM sso_seen_assertions WHERE issuer = $1 AND assertion_id = $2",
        )
        .bind(issuer)
        .bind(assertion_id)
        .fetch_optional(&self.pool)
        .await?
        .is_some())
    }
}
