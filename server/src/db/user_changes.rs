//! Changes to users: finding the user a scope may act on, creating, changing and deleting users,
//! invitations, and custom attribute definitions.
//!
//! Every change runs in one transaction together with its audit event, and every rule that
//! keeps a tenant admin inside their tenant is checked here, next to the SQL, from the
//! [`Scope`] the handler obtained: a handler cannot forget it.
//!
//! The tenant rules (`check_allowed`), which bind any tenant scope (widget mode, or a
//! management key that asked for `?tenant=`): memberships and roles change in that tenant only;
//! an admin cannot lock themself out; no email address or phone number is marked verified (an
//! accepted invitation or the project-wide administrator does that) and a new address the
//! admin sets is unverified; and the account of a user who also belongs to other tenants (its
//! profile, login ids, status, password, authenticators and sessions, which those tenants share)
//! does not change: their roles in the tenant and their membership are all the admin may change.
//! In widget mode, every role a change gives or takes away must carry only permissions the admin
//! holds in the tenant, and the account of a user who holds more than the admin is not theirs to
//! change ([`super::grants`], checked in the change's transaction).

use super::audit::{Actor, AuditEvent, record_in};
use super::users::{
    END_SESSIONS, NewUser, USER_COLUMNS, UserRecord, insert_user_rows, status_from_row,
};
use super::{Db, Sql, Tx, grants};
use crate::capability::{Myself, Scope};
use crate::error::{Error, Result};
use serde_json::{Map, Value, json};
use sqlx::Row;
use std::collections::HashMap;
use tenantkit_wire::audit::AuditAction;
use tenantkit_wire::{LoginId, TenantId, UserId, UserStatus};

/// How a request names a user.
#[derive(Debug, Clone, Copy)]
pub enum UserKey<'a> {
    /// One of the user's login ids (any case).
    LoginId(&'a LoginId),
    /// The user id.
    UserId(&'a UserId),
}

impl std::fmt::Display for UserKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::LoginId(login_id) => write!(f, "{login_id}"),
            Self::UserId(user_id) => write!(f, "{user_id}"),
        }
    }
}

/// A user found through a scope: in a tenant scope, a member of that tenant. Only
/// [`Db::target`] makes one, so a change cannot name a user the caller may not reach.
#[derive(Debug, Clone)]
pub struct Target {
    id: UserId,
    label: String,
    status: UserStatus,
    email: String,
    phone: String,
    /// Tenants the user belongs to other than the scope's tenant (all of them in project scope).
    other_tenants: i64,
    /// The user is the caller (widget mode).
    is_caller: bool,
    /// The tenant the user's events are recorded under: the scope's, or project-wide the one
    /// tenant the user belongs to, so that its admins see what the product changed; `""` for a
    /// user of no tenant or of several.
    recorded_tenant: String,
}

impl Target {
    /// The user.
    pub fn id(&self) -> &UserId {
        &self.id
    }

    /// The tenant the user's events are recorded under (see the field).
    pub fn recorded_tenant(&self) -> &str {
        &self.recorded_tenant
    }

    /// How the request named the user, for messages.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Status when found.
    pub fn status(&self) -> UserStatus {
        self.status
    }

    /// Email address when found.
    pub fn email(&self) -> &str {
        &self.email
    }

    /// The user also belongs to tenants other than the scope's: their account is shared.
    pub fn is_shared(&self) -> bool {
        self.other_tenants > 0
    }
}

/// Which role change of `update/role/<op>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleOp {
    /// Replace the roles held in the tenant.
    Set,
    /// Add roles.
    Add,
    /// Remove roles.
    Remove,
}

/// Profile fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Display name.
    pub name: Option<String>,
    /// Given name.
    pub given_name: Option<String>,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Email verified.
    pub verified_email: Option<bool>,
    /// Phone.
    pub phone: Option<String>,
    /// Phone verified.
    pub verified_phone: Option<bool>,
    /// Picture URL.
    pub picture: Option<String>,
    /// Custom attributes: merged into the current values (`null` removes one), or replacing
    /// them all.
    pub custom_attributes: Option<(Map<String, Value>, AttributeWrite)>,
}

impl Profile {
    /// Changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// How [`Profile::custom_attributes`] are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeWrite {
    /// Only the given names change.
    Merge,
    /// The given map replaces every value.
    Replace,
}

/// One change to a user.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Profile fields.
    Profile(Profile),
    /// Enable or disable (disabling ends every session at once).
    Status(UserStatus),
    /// Roles in a tenant (`""` = project-level roles).
    Roles {
        /// Set, add or remove.
        op: RoleOp,
        /// The tenant, `""` for the project.
        tenant: TenantId,
        /// Role names.
        names: Vec<String>,
    },
    /// Replace every tenant membership with these (management key only).
    Tenants(Vec<(TenantId, Vec<String>)>),
    /// Add a tenant membership with roles there.
    AddTenant(TenantId, Vec<String>),
    /// Remove the membership (and the roles held there).
    RemoveTenant(TenantId),
    /// Replace the login id the request named with another.
    LoginId {
        /// The login id to replace.
        old: LoginId,
        /// Its replacement.
        new: LoginId,
    },
    /// A new password hash; `expired` makes it temporary (must be replaced at sign-in).
    Password {
        /// argon2id PHC string.
        hash: String,
        /// Temporary.
        expired: bool,
    },
    /// The password must be replaced at the next sign-in.
    ExpirePassword,
    /// Remove every passkey.
    RemovePasskeys,
    /// Remove the TOTP authenticator.
    RemoveTotp,
    /// End every session now.
    Logout,
}

impl Change {
    /// The audit action of the change.
    fn action(&self) -> AuditAction {
        match self {
            Self::Profile(_) => AuditAction::UserModified,
            Self::Status(UserStatus::Disabled) => AuditAction::UserDisabled,
            Self::Status(_) => AuditAction::UserEnabled,
            Self::Roles { .. } => AuditAction::UserRolesChanged,
            Self::Tenants(_) => AuditAction::UserTenantsChanged,
            Self::AddTenant(..) => AuditAction::UserAddedToTenant,
            Self::RemoveTenant(_) => AuditAction::UserRemovedFromTenant,
            Self::LoginId { .. } => AuditAction::UserLoginIdChanged,
            Self::Password { expired: true, .. } => AuditAction::TemporaryPasswordSet,
            Self::Password { .. } => AuditAction::PasswordSet,
            Self::ExpirePassword => AuditAction::PasswordExpired,
            Self::RemovePasskeys => AuditAction::PasskeysRemoved,
            Self::RemoveTotp => AuditAction::TOTPRemoved,
            Self::Logout => AuditAction::UserLoggedOut,
        }
    }

    /// Changes the user's account itself, which every tenant of theirs shares (rather than
    /// their roles or membership in one tenant).
    pub(crate) fn touches_account(&self) -> bool {
        match self {
            Self::Profile(profile) => !profile.is_empty(),
            Self::Status(_)
            | Self::LoginId { .. }
            | Self::Password { .. }
            | Self::ExpirePassword
            | Self::RemovePasskeys
            | Self::RemoveTotp
            | Self::Logout => true,
            Self::Roles { .. } | Self::Tenants(_) | Self::AddTenant(..) | Self::RemoveTenant(_) => {
                false
            }
        }
    }

    /// Would lock the caller out of administering their tenant if done to themself.
    fn locks_out(&self) -> bool {
        matches!(
            self,
            Self::Status(UserStatus::Disabled | UserStatus::Invited)
                | Self::Roles {
                    op: RoleOp::Set | RoleOp::Remove,
                    ..
                }
                | Self::Tenants(_)
                | Self::RemoveTenant(_)
                | Self::ExpirePassword
                | Self::Logout
        )
    }

    /// What the audit event records (never secrets).
    fn audit_data(&self) -> Value {
        match self {
            Self::Profile(profile) => {
                let mut fields: Vec<&str> = Vec::new();
                for (name, changed) in [
                    ("name", profile.name.is_some()),
                    ("givenName", profile.given_name.is_some()),
                    ("middleName", profile.middle_name.is_some()),
                    ("familyName", profile.family_name.is_some()),
                    ("email", profile.email.is_some()),
                    ("verifiedEmail", profile.verified_email.is_some()),
                    ("phone", profile.phone.is_some()),
                    ("verifiedPhone", profile.verified_phone.is_some()),
                    ("picture", profile.picture.is_some()),
                    ("customAttributes", profile.custom_attributes.is_some()),
                ] {
                    if changed {
                        fields.push(name);
                    }
                }
                json!({ "fields": fields })
            }
            Self::Status(status) => json!({ "status": status.as_str() }),
            Self::Roles { op, tenant, names } => json!({
                "op": format!("{op:?}").to_lowercase(),
                "tenantId": tenant.as_str(),
                "roleNames": names,
            }),
            Self::Tenants(tenants) => json!({
                "tenantIds": tenants.iter().map(|(tenant, _)| tenant.as_str()).collect::<Vec<_>>(),
            }),
            Self::AddTenant(tenant, roles) => {
                json!({ "tenantId": tenant.as_str(), "roleNames": roles })
            }
            Self::RemoveTenant(tenant) => json!({ "tenantId": tenant.as_str() }),
            Self::LoginId { old, new } => json!({ "from": old.as_str(), "to": new.as_str() }),
            Self::Password { .. }
            | Self::ExpirePassword
            | Self::RemovePasskeys
            | Self::RemoveTotp
            | Self::Logout => json!({}),
        }
    }
}

/// An invitation to store with a new or re-invited user: the hash of its one-time token.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    /// SHA-256 (hex) of the token.
    pub token_hash: String,
    /// Where the link points (the product's page), `""` for the server's own page.
    pub invite_url: String,
    /// Expiry, epoch seconds.
    pub expires: i64,
}

/// What an accepted invitation was for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedInvitation {
    /// The user, now enabled.
    pub user_id: UserId,
    /// A login id of theirs, to show on the page.
    pub login_id: LoginId,
}

fn not_found(key: impl std::fmt::Display) -> Error {
    Error::UserNotFound(format!("Cannot find user {key}"))
}

fn forbidden_elsewhere(tenant: &TenantId) -> Error {
    Error::Forbidden(format!(
        "A tenant admin can only change memberships and roles in tenant {tenant}"
    ))
}

fn shared_account(label: &str, tenant: &TenantId) -> Error {
    Error::Forbidden(format!(
        "{label} also belongs to other tenants; only the project's administrator can change their \
         account. You can change their roles in tenant {tenant} or remove them from it."
    ))
}

fn no_verifying() -> Error {
    Error::InvalidArguments(
        "A tenant admin cannot mark an email address or phone number verified: only the \
         project's administrator can (and an accepted invitation verifies the email address)"
            .to_owned(),
    )
}

pub(super) fn secs(now_ms: i64) -> i64 {
    now_ms.div_euclid(1000)
}

impl Db {
    /// The user `key` names, if `scope` reaches them: in a tenant scope, only a member of that
    /// tenant (anyone else is "not found", whether or not they exist).
    pub async fn target(&self, scope: &Scope, key: UserKey<'_>) -> Result<Target> {
        let mut sql = Sql::new("SELECT u.id, u.status, u.email, u.phone FROM ");
        match key {
            UserKey::LoginId(login_id) => sql
                .push(
                    "login_ids l JOIN users u ON u.id = l.user_id WHERE LOWER(l.login_id) = LOWER(",
                )
                .bind(login_id.as_str())
                .push(")"),
            UserKey::UserId(user_id) => sql.push("users u WHERE u.id = ").bind(user_id.as_str()),
        };
        sql.confine_members("u.id", scope);
        let Some(row) = sql.query().fetch_optional(&self.pool).await? else {
            return Err(not_found(key));
        };
        let id = UserId::new(row.try_get::<String, _>("id")?);
        let here = scope.recorded_tenant();
        let counts = sqlx::query(
            "SELECT COALESCE(SUM(CASE WHEN tenant_id = $2 THEN 1 ELSE 0 END), 0) AS here, \
             COUNT(*) AS total, MIN(tenant_id) AS first FROM user_tenants WHERE user_id = $1",
        )
        .bind(id.as_str())
        .bind(here)
        .fetch_one(&self.pool)
        .await?;
        let member_here: i64 = counts.try_get("here")?;
        let total: i64 = counts.try_get("total")?;
        let recorded_tenant = match (scope.tenant_id(), total) {
            (Some(tenant), _) => tenant.as_str().to_owned(),
            (None, 1) => counts.try_get("first")?,
            (None, _) => String::new(),
        };
        let is_caller = matches!(scope, Scope::Tenant(tenant) if tenant.caller() == Some(&id));
        Ok(Target {
            label: key.to_string(),
            status: status_from_row(&row)?,
            email: row.try_get("email")?,
            phone: row.try_get("phone")?,
            other_tenants: total - member_here,
            is_caller,
            recorded_tenant,
            id,
        })
    }

    /// The user as `scope` sees them (in a tenant scope: that tenant's memberships and roles).
    pub async fn load_user(&self, scope: &Scope, target: &Target) -> Result<UserRecord> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"
        ))
        .bind(target.id.as_str())
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| not_found(&target.label))?;
        self.complete_records(&[row], scope.tenant_id())
            .await?
            .pop()
            .ok_or_else(|| not_found(&target.label))
    }

    /// Creates a user, with its invitation when given, and records `UserCreated`. In a tenant
    /// scope the user joins that tenant only: memberships naming another tenant are refused.
    pub async fn create_user(
        &self,
        scope: &Scope,
        actor: &Actor,
        user: &NewUser,
        invitation: Option<&NewInvitation>,
        now_ms: i64,
    ) -> Result<UserId> {
        let mut tx = self.write_tx().await?;
        let id = create_user_in(&mut tx, scope, actor, user, invitation, now_ms).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Creates the users of one batch in ONE transaction, each behind a savepoint: a user who is
    /// refused (a login id taken, an unknown role) is rolled back alone and answered with its
    /// error, the others are committed together. So a batch whose answer never came (the
    /// server was killed) is either applied whole or not at all, and a client can retry it.
    /// A server-side failure (the database) fails the whole batch.
    ///
    /// A tenant admin's batch without invitations is first tried whole, with multi-row inserts
    /// ([`create_together`]: a few statements per batch instead of a dozen per user, what a
    /// CSV import of thousands of users needs); when any user of it is refused, it is made one
    /// user at a time as above, so each refusal is that user's alone.
    pub async fn create_users(
        &self,
        scope: &Scope,
        actor: &Actor,
        users: &[(NewUser, Option<NewInvitation>)],
        now_ms: i64,
    ) -> Result<Vec<Result<UserId>>> {
        let mut tx = self.write_tx().await?;
        if users.len() > 1 {
            let mut together = sqlx::Connection::begin(&mut *tx).await?;
            match create_together(&mut together, scope, actor, users, now_ms).await {
                Ok(Some(ids)) => {
                    together.commit().await?;
                    tx.commit().await?;
                    return Ok(ids.into_iter().map(Ok).collect());
                }
                Ok(None) => together.rollback().await?,
                Err(error) if error.status_and_code().0.is_server_error() => return Err(error),
                Err(_) => together.rollback().await?,
            }
        }
        let mut outcomes = Vec::with_capacity(users.len());
        for (user, invitation) in users {
            let mut savepoint = sqlx::Connection::begin(&mut *tx).await?;
            match create_user_in(
                &mut savepoint,
                scope,
                actor,
                user,
                invitation.as_ref(),
                now_ms,
            )
            .await
            {
                Ok(id) => {
                    savepoint.commit().await?;
                    outcomes.push(Ok(id));
                }
                Err(error) if error.status_and_code().0.is_server_error() => return Err(error),
                Err(error) => {
                    savepoint.rollback().await?;
                    outcomes.push(Err(error));
                }
            }
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    /// Applies `changes` to `target` in one transaction, one audit event each; nothing at all
    /// when one of them is refused.
    ///
    /// Tenant-scope rules (`check_allowed`): memberships and roles change only in the scope's
    /// tenant; an admin cannot lock themself out (disable, remove or log out themself, drop
    /// their roles); nothing is marked verified, and an email address or phone number that
    /// changes is no longer verified; the account of a user who also belongs to other tenants
    /// does not change at all.
    pub async fn change_user(
        &self,
        scope: &Scope,
        actor: &Actor,
        target: &Target,
        changes: &[Change],
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        change_user_in(&mut tx, scope, actor, target, changes, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes users for good. In a tenant scope each must belong to no other tenant and not
    /// be the caller; otherwise nothing is deleted.
    pub async fn delete_users(
        &self,
        scope: &Scope,
        actor: &Actor,
        targets: &[Target],
        now_ms: i64,
    ) -> Result<()> {
        if let Scope::Tenant(tenant) = scope {
            for target in targets {
                if target.is_caller {
                    return Err(Error::Forbidden("You cannot delete yourself".to_owned()));
                }
                if target.other_tenants > 0 {
                    return Err(Error::Forbidden(format!(
                        "{} also belongs to other tenants: remove them from tenant {} instead",
                        target.label,
                        tenant.tenant_id()
                    )));
                }
            }
        }
        if targets.is_empty() {
            return Ok(());
        }
        let mut tx = self.write_tx().await?;
        delete_users_in(&mut tx, scope, actor, targets, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the open invitation of an invited user (the old link stops working) and
    /// records `InvitationSent`.
    pub async fn renew_invitation(
        &self,
        scope: &Scope,
        actor: &Actor,
        target: &Target,
        invitation: &NewInvitation,
        now_ms: i64,
    ) -> Result<()> {
        if let Some(tenant) = scope.tenant_id()
            && target.other_tenants > 0
        {
            // The invitation is the account's: a new link replaces the one other tenants sent.
            return Err(shared_account(&target.label, tenant));
        }
        if target.status != UserStatus::Invited {
            return Err(Error::Conflict(format!(
                "{} has no open invitation: only invited users can be invited again",
                target.label
            )));
        }
        let mut tx = self.write_tx().await?;
        store_invitation(&mut tx, &target.id, scope, actor, invitation, secs(now_ms)).await?;
        let event = AuditEvent::new(
            AuditAction::InvitationSent,
            target.recorded_tenant(),
            target.id.as_str(),
        );
        record_in(&mut tx, actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user an invitation token (by its hash) is for, if any: whose password policy the
    /// new password must meet.
    pub async fn invited_user(&self, token_hash: &str) -> Result<Option<UserId>> {
        let row = sqlx::query("SELECT user_id FROM invitations WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok(UserId::new(row.try_get::<String, _>("user_id")?)))
            .transpose()
    }

    /// Accepts the invitation whose token hashes to `token_hash`: sets the password, enables
    /// the user, marks the email verified (the link reached it) and spends the token.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        password_hash: &str,
        remote_address: &str,
        now_ms: i64,
    ) -> Result<AcceptedInvitation> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(
            "SELECT i.user_id, i.expires, i.tenant_id, u.status FROM invitations i \
             JOIN users u ON u.id = i.user_id WHERE i.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| {
            Error::Unauthorized(
                "This invitation link is not valid: it was used already or replaced by a newer one"
                    .to_owned(),
            )
        })?;
        let expires: i64 = row.try_get("expires")?;
        if expires <= secs(now_ms) {
            return Err(Error::Unauthorized(
                "This invitation link has expired: ask your administrator to send a new one"
                    .to_owned(),
            ));
        }
        if status_from_row(&row)? != UserStatus::Invited {
            return Err(Error::Unauthorized(
                "This invitation was accepted already".to_owned(),
            ));
        }
        let user_id = UserId::new(row.try_get::<String, _>("user_id")?);
        let tenant_id: String = row.try_get("tenant_id")?;
        sqlx::query(
            "UPDATE users SET password_hash = $1, password_expired = $2, status = 'enabled', \
             verified_email = $3 WHERE id = $4",
        )
        .bind(password_hash)
        .bind(false)
        .bind(true)
        .bind(user_id.as_str())
        .execute(&mut *tx)
        .await?;
        super::policy::password_changed(&mut tx, &user_id, password_hash, now_ms).await?;
        sqlx::query("DELETE FROM invitations WHERE user_id = $1")
            .bind(user_id.as_str())
            .execute(&mut *tx)
            .await?;
        let login_id: String = sqlx::query(
            "SELECT login_id FROM login_ids WHERE user_id = $1 ORDER BY login_id LIMIT 1",
        )
        .bind(user_id.as_str())
        .fetch_one(&mut *tx)
        .await?
        .try_get("login_id")?;
        let actor = Actor::user(&user_id, remote_address);
        let event = AuditEvent::new(
            AuditAction::InvitationAccepted,
            &tenant_id,
            user_id.as_str(),
        );
        record_in(&mut tx, &actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(AcceptedInvitation {
            user_id,
            login_id: LoginId::new(login_id),
        })
    }

    /// Ends every session of the signed-in user (`POST /v1/auth/logout`) and records
    /// `UserLoggedOut` with the user as the actor.
    pub async fn end_own_sessions(
        &self,
        myself: &Myself,
        remote_address: &str,
        now_ms: i64,
    ) -> Result<()> {
        let user_id = myself.user_id();
        let mut tx = self.write_tx().await?;
        sqlx::query(END_SESSIONS)
            .bind(user_id.as_str())
            .execute(&mut *tx)
            .await?;
        let actor = Actor::user(user_id, remote_address);
        let event = AuditEvent::new(AuditAction::UserLoggedOut, "", user_id.as_str())
            .with_data(json!({ "self": true }));
        record_in(&mut tx, &actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces an expired password after checking the old one was right (the caller did):
    /// the sign-in path of a user with a temporary password.
    pub async fn replace_password(
        &self,
        user_id: &UserId,
        password_hash: &str,
        remote_address: &str,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE users SET password_hash = $1, password_expired = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(false)
            .bind(user_id.as_str())
            .execute(&mut *tx)
            .await?;
        super::policy::password_changed(&mut tx, user_id, password_hash, now_ms).await?;
        let actor = Actor::user(user_id, remote_address);
        let event = AuditEvent::new(AuditAction::PasswordReplaced, "", user_id.as_str());
        record_in(&mut tx, &actor, &event, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The deletion of [`Db::delete_users`] inside `tx`, once its tenant-scope rules passed: the
/// grant check (deleting a user takes every role they hold), the rows and a `UserDeleted` each.
pub(super) async fn delete_users_in(
    tx: &mut Tx<'_>,
    scope: &Scope,
    actor: &Actor,
    targets: &[Target],
    now_ms: i64,
) -> Result<()> {
    for target in targets {
        let user = grants::Grantee::User(&target.id);
        grants::check_roles(tx, scope, user, RoleOp::Set, &[]).await?;
    }
    let mut sql = Sql::new("DELETE FROM users WHERE id IN (");
    sql.bind_list(targets.iter().map(|target| target.id.as_str()))
        .push(")");
    sql.query().execute(&mut **tx).await?;
    for target in targets {
        let event = AuditEvent::new(
            AuditAction::UserDeleted,
            target.recorded_tenant(),
            target.id.as_str(),
        )
        .with_data(json!({ "user": target.label }));
        record_in(tx, actor, &event, now_ms).await?;
    }
    Ok(())
}

/// The tenant-scope rules of [`Db::change_user`].
/// [`Db::create_user`] inside a caller's transaction: the tenant-scope checks, the rows, the
/// invitation, self-provisioning and the `UserCreated` event.
/// [`Db::create_users`]' whole batch at once, in a tenant scope without invitations: the checks
/// of [`create_user_in`] for all the users together (one grant check of every role they get),
/// multi-row inserts, then each user's `UserCreated`. `None`: not such a batch (made one user
/// at a time instead); an error: one of them is refused (likewise, to say which).
async fn create_together(
    tx: &mut Tx<'_>,
    scope: &Scope,
    actor: &Actor,
    users: &[(NewUser, Option<NewInvitation>)],
    now_ms: i64,
) -> Result<Option<Vec<UserId>>> {
    let Some(tenant) = scope.tenant_id() else {
        // A management key's users may join tenants by their email domain, one by one.
        return Ok(None);
    };
    let plain = users.iter().all(|(user, invitation)| {
        invitation.is_none()
            && !user.verified_email
            && !user.verified_phone
            && user.tenants.iter().all(|(t, _)| t == tenant)
    });
    if !plain {
        return Ok(None);
    }
    let roles: Vec<String> = users
        .iter()
        .flat_map(|(user, _)| user.tenants.iter().flat_map(|(_, roles)| roles.iter()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .cloned()
        .collect();
    grants::check_new(tx, scope, &[(tenant.clone(), roles)]).await?;
    let new: Vec<NewUser> = users.iter().map(|(user, _)| user.clone()).collect();
    let ids = insert_user_rows(tx, &new, secs(now_ms)).await?;
    for (user, id) in new.iter().zip(&ids) {
        record_in(
            tx,
            actor,
            &user_created(scope, id, user, false, &[]),
            now_ms,
        )
        .await?;
    }
    Ok(Some(ids))
}

/// The `UserCreated` event of `user`, made `id` (`invited`, and the tenants it joined by its
/// email domain).
fn user_created(
    scope: &Scope,
    id: &UserId,
    user: &NewUser,
    invited: bool,
    provisioned: &[String],
) -> AuditEvent {
    // Project-wide, a user made in one tenant (named, or joined by its email domain) is
    // recorded there, as its later changes are.
    let tenant = match (scope.tenant_id(), user.tenants.as_slice(), provisioned) {
        (Some(tenant), ..) | (None, [(tenant, _)], []) => tenant.as_str(),
        (None, [], [tenant]) => tenant.as_str(),
        (None, ..) => "",
    };
    AuditEvent::new(AuditAction::UserCreated, tenant, id.as_str()).with_data(json!({
        "loginId": user.login_id.as_str(),
        "tenantIds": user.tenants.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
        "invited": invited,
        "selfProvisioned": provisioned,
    }))
}

pub(super) async fn create_user_in(
    tx: &mut Tx<'_>,
    scope: &Scope,
    actor: &Actor,
    user: &NewUser,
    invitation: Option<&NewInvitation>,
    now_ms: i64,
) -> Result<UserId> {
    if let Some(tenant) = scope.tenant_id() {
        if user.tenants.iter().any(|(t, _)| t != tenant) {
            return Err(forbidden_elsewhere(tenant));
        }
        if user.verified_email || user.verified_phone {
            return Err(no_verifying());
        }
    }
    grants::check_new(tx, scope, &user.tenants).await?;
    let id = insert_user_rows(tx, std::slice::from_ref(user), secs(now_ms))
        .await?
        .pop()
        .ok_or_else(|| Error::internal("insert returned no id"))?;
    if let Some(invitation) = invitation {
        store_invitation(tx, &id, scope, actor, invitation, secs(now_ms)).await?;
    }
    // Self-provisioning applies to users made with the management key; a tenant admin's
    // user joins their tenant only (another tenant is not theirs to touch).
    let provisioned = match scope {
        Scope::Project(_) => {
            super::tenants::join_by_email_domain(tx, &id, &user.email, secs(now_ms)).await?
        }
        Scope::Tenant(_) => Vec::new(),
    };
    let event = user_created(scope, &id, user, invitation.is_some(), &provisioned);
    record_in(tx, actor, &event, now_ms).await?;
    Ok(id)
}

/// [`Db::change_user`] inside `tx` (SCIM applies a user's changes with its own rows).
pub(super) async fn change_user_in(
    tx: &mut Tx<'_>,
    scope: &Scope,
    actor: &Actor,
    target: &Target,
    changes: &[Change],
    now_ms: i64,
) -> Result<()> {
    for change in changes {
        check_allowed(scope, target, change)?;
    }
    let changes: Vec<Change> = changes
        .iter()
        .map(|change| unverify_new_addresses(scope, target, change))
        .collect();
    for change in &changes {
        grants::check_change(tx, scope, &target.id, &target.label, change).await?;
        apply(tx, target, change, now_ms).await?;
        let tenant = match change {
            Change::Roles { tenant, .. }
            | Change::AddTenant(tenant, _)
            | Change::RemoveTenant(tenant) => tenant.as_str(),
            _ => target.recorded_tenant(),
        };
        let event = AuditEvent::new(change.action(), tenant, target.id.as_str())
            .with_data(change.audit_data());
        record_in(tx, actor, &event, now_ms).await?;
    }
    Ok(())
}

fn check_allowed(scope: &Scope, target: &Target, change: &Change) -> Result<()> {
    let Some(tenant) = scope.tenant_id() else {
        return Ok(());
    };
    if target.is_caller && change.locks_out() {
        return Err(Error::Forbidden(
            "You cannot do this to yourself: it would lock you out of administering this tenant"
                .to_owned(),
        ));
    }
    if target.other_tenants > 0 && change.touches_account() {
        return Err(shared_account(&target.label, tenant));
    }
    if let Change::Profile(profile) = change
        && (profile.verified_email == Some(true) || profile.verified_phone == Some(true))
    {
        return Err(no_verifying());
    }
    match change {
        Change::Roles { tenant: t, .. } | Change::AddTenant(t, _) | Change::RemoveTenant(t)
            if t != tenant =>
        {
            Err(forbidden_elsewhere(tenant))
        }
        Change::Tenants(_) => Err(forbidden_elsewhere(tenant)),
        _ => Ok(()),
    }
}

/// In a tenant scope, a profile change that gives the user a new email address or phone number
/// also marks it unverified: the admin chose it, its owner has not confirmed it.
fn unverify_new_addresses(scope: &Scope, target: &Target, change: &Change) -> Change {
    let Change::Profile(profile) = change else {
        return change.clone();
    };
    if scope.tenant_id().is_none() {
        return change.clone();
    }
    let mut profile = profile.clone();
    if profile
        .email
        .as_ref()
        .is_some_and(|email| !email.trim().eq_ignore_ascii_case(target.email.trim()))
    {
        profile.verified_email = Some(false);
    }
    if profile
        .phone
        .as_ref()
        .is_some_and(|phone| phone.trim() != target.phone.trim())
    {
        profile.verified_phone = Some(false);
    }
    Change::Profile(profile)
}

/// Stores the user's open invitation: a new one records `actor` as who invited and `now` as
/// created; a renewed one replaces the token, `sent` and `expires` (the old link stops working)
/// and keeps who invited and when.
async fn store_invitation(
    tx: &mut Tx<'_>,
    user: &UserId,
    scope: &Scope,
    actor: &Actor,
    invitation: &NewInvitation,
    now: i64,
) -> Result<()> {
    let renewed = sqlx::query(
        "UPDATE invitations SET token_hash = $2, tenant_id = $3, invite_url = $4, sent = $5, \
         expires = $6 WHERE user_id = $1",
    )
    .bind(user.as_str())
    .bind(invitation.token_hash.as_str())
    .bind(scope.recorded_tenant())
    .bind(invitation.invite_url.as_str())
    .bind(now)
    .bind(invitation.expires)
    .execute(&mut **tx)
    .await?;
    if renewed.rows_affected() > 0 {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO invitations (user_id, token_hash, tenant_id, invite_url, sent, expires, \
         invited_by, created) VALUES ($1, $2, $3, $4, $5, $6, $7, $5)",
    )
    .bind(user.as_str())
    .bind(invitation.token_hash.as_str())
    .bind(scope.recorded_tenant())
    .bind(invitation.invite_url.as_str())
    .bind(now)
    .bind(invitation.expires)
    .bind(actor.actor_id.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Role ids for `names` usable in `tenant` (its own roles first, then project roles; only
/// project roles for `""`).
pub(crate) async fn role_ids(
    tx: &mut Tx<'_>,
    tenant: &TenantId,
    names: &[String],
) -> Result<Vec<String>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT id, tenant_id, name FROM roles WHERE name IN (");
    sql.bind_list(names.iter())
        .push(") AND tenant_id IN ('', ")
        .bind(tenant.as_str())
        .push(")");
    let mut found: HashMap<String, (String, bool)> = HashMap::new();
    for row in sql.query().fetch_all(&mut **tx).await? {
        let name: String = row.try_get("name")?;
        let own = !row.try_get::<String, _>("tenant_id")?.is_empty();
        let id: String = row.try_get("id")?;
        match found.get(&name) {
            Some((_, true)) => {}
            _ => {
                found.insert(name, (id, own));
            }
        }
    }
    names
        .iter()
        .map(|name| {
            found.get(name).map(|(id, _)| id.clone()).ok_or_else(|| {
                let place = if tenant.as_str().is_empty() {
                    "the project".to_owned()
                } else {
                    format!("tenant {tenant}")
                };
                Error::InvalidArguments(format!("Unknown role {name:?} in {place}"))
            })
        })
        .collect()
}

async fn tenant_must_exist(tx: &mut Tx<'_>, tenant: &TenantId) -> Result<()> {
    let exists = sqlx::query("SELECT 1 AS one FROM tenants WHERE id = $1")
        .bind(tenant.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    match exists {
        Some(_) => Ok(()),
        None => Err(Error::InvalidArguments(format!(
            "Unknown tenant {tenant:?}"
        ))),
    }
}

async fn join_tenant(tx: &mut Tx<'_>, user: &UserId, tenant: &TenantId, now: i64) -> Result<()> {
    tenant_must_exist(tx, tenant).await?;
    let member =
        sqlx::query("SELECT 1 AS one FROM user_tenants WHERE user_id = $1 AND tenant_id = $2")
            .bind(user.as_str())
            .bind(tenant.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    if member.is_none() {
        sqlx::query("INSERT INTO user_tenants (user_id, tenant_id, created) VALUES ($1, $2, $3)")
            .bind(user.as_str())
            .bind(tenant.as_str())
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn leave_tenant(tx: &mut Tx<'_>, user: &UserId, tenant: &TenantId) -> Result<()> {
    for table in ["user_roles", "user_tenants"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE user_id = $1 AND tenant_id = $2"
        ))
        .bind(user.as_str())
        .bind(tenant.as_str())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn change_roles(
    tx: &mut Tx<'_>,
    user: &UserId,
    op: RoleOp,
    tenant: &TenantId,
    names: &[String],
    now: i64,
) -> Result<()> {
    if !tenant.as_str().is_empty() {
        join_tenant(tx, user, tenant, now).await?;
    }
    let ids = role_ids(tx, tenant, names).await?;
    if op == RoleOp::Set {
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND tenant_id = $2")
            .bind(user.as_str())
            .bind(tenant.as_str())
            .execute(&mut **tx)
            .await?;
    }
    for id in ids {
        if op == RoleOp::Remove {
            sqlx::query(
                "DELETE FROM user_roles WHERE user_id = $1 AND tenant_id = $2 AND role_id = $3",
            )
        } else {
            sqlx::query(
                "INSERT INTO user_roles (user_id, tenant_id, role_id) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
        }
        .bind(user.as_str())
        .bind(tenant.as_str())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn apply(tx: &mut Tx<'_>, target: &Target, change: &Change, now_ms: i64) -> Result<()> {
    let user = &target.id;
    let now = secs(now_ms);
    match change {
        Change::Profile(profile) => update_profile(tx, user, profile).await,
        Change::Status(status) => {
            sqlx::query("UPDATE users SET status = $1 WHERE id = $2")
                .bind(status.as_str())
                .bind(user.as_str())
                .execute(&mut **tx)
                .await?;
            // Disabling ends every session; re-enabling does not bring old ones back.
            if *status != UserStatus::Enabled {
                sqlx::query(END_SESSIONS)
                    .bind(user.as_str())
                    .execute(&mut **tx)
                    .await?;
            }
            Ok(())
        }
        Change::Roles { op, tenant, names } => {
            change_roles(tx, user, *op, tenant, names, now).await
        }
        Change::Tenants(tenants) => {
            let current = sqlx::query("SELECT tenant_id FROM user_tenants WHERE user_id = $1")
                .bind(user.as_str())
                .fetch_all(&mut **tx)
                .await?;
            for row in current {
                let tenant = TenantId::new(row.try_get::<String, _>("tenant_id")?);
                if !tenants.iter().any(|(t, _)| *t == tenant) {
                    leave_tenant(tx, user, &tenant).await?;
                }
            }
            for (position, (tenant, roles)) in tenants.iter().enumerate() {
                let joined = now + i64::try_from(position).unwrap_or_default();
                join_tenant(tx, user, tenant, joined).await?;
                change_roles(tx, user, RoleOp::Set, tenant, roles, now).await?;
            }
            Ok(())
        }
        Change::AddTenant(tenant, roles) => {
            change_roles(tx, user, RoleOp::Add, tenant, roles, now).await
        }
        Change::RemoveTenant(tenant) => leave_tenant(tx, user, tenant).await,
        Change::LoginId { old, new } => {
            let updated = sqlx::query(
                "UPDATE login_ids SET login_id = $1 WHERE user_id = $2 AND LOWER(login_id) = LOWER($3)",
            )
            .bind(new.as_str())
            .bind(user.as_str())
            .bind(old.as_str())
            .execute(&mut **tx)
            .await;
            match updated {
                Err(sqlx::Error::Database(error)) if error.is_unique_violation() => Err(
                    Error::UserAlreadyExists(format!("A user with login ID {new} exists already")),
                ),
                Err(error) => Err(error.into()),
                Ok(done) if done.rows_affected() == 0 => Err(Error::InvalidArguments(format!(
                    "{old} is not a login ID of this user: name the user by the login ID to replace"
                ))),
                Ok(_) => Ok(()),
            }
        }
        Change::Password { hash, expired } => {
            sqlx::query("UPDATE users SET password_hash = $1, password_expired = $2 WHERE id = $3")
                .bind(hash.as_str())
                .bind(*expired)
                .bind(user.as_str())
                .execute(&mut **tx)
                .await?;
            super::policy::password_changed(tx, user, hash, now_ms).await
        }
        Change::ExpirePassword => set_flag(tx, user, "password_expired", true).await,
        Change::RemovePasskeys => set_flag(tx, user, "webauthn", false).await,
        Change::RemoveTotp => set_flag(tx, user, "totp", false).await,
        Change::Logout => {
            sqlx::query(END_SESSIONS)
                .bind(user.as_str())
                .execute(&mut **tx)
                .await?;
            Ok(())
        }
    }
}

async fn set_flag(tx: &mut Tx<'_>, user: &UserId, column: &'static str, value: bool) -> Result<()> {
    sqlx::query(&format!("UPDATE users SET {column} = $1 WHERE id = $2"))
        .bind(value)
        .bind(user.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn update_profile(tx: &mut Tx<'_>, user: &UserId, profile: &Profile) -> Result<()> {
    let mut sql = Sql::new("UPDATE users SET id = id");
    for (column, value) in [
        ("name", &profile.name),
        ("given_name", &profile.given_name),
        ("middle_name", &profile.middle_name),
        ("family_name", &profile.family_name),
        ("email", &profile.email),
        ("phone", &profile.phone),
        ("picture", &profile.picture),
    ] {
        if let Some(value) = value {
            sql.push(", ").push(column).push(" = ").bind(value.as_str());
        }
    }
    for (column, value) in [
        ("verified_email", profile.verified_email),
        ("verified_phone", profile.verified_phone),
    ] {
        if let Some(value) = value {
            sql.push(", ").push(column).push(" = ").bind(value);
        }
    }
    if let Some((attributes, write)) = &profile.custom_attributes {
        let mut values = match write {
            AttributeWrite::Replace => Map::new(),
            AttributeWrite::Merge => {
                let current: String =
                    sqlx::query("SELECT custom_attributes FROM users WHERE id = $1")
                        .bind(user.as_str())
                        .fetch_one(&mut **tx)
                        .await?
                        .try_get("custom_attributes")?;
                serde_json::from_str(&current).map_err(Error::internal)?
            }
        };
        for (name, value) in attributes {
            if value.is_null() {
                values.remove(name);
            } else {
                values.insert(name.clone(), value.clone());
            }
        }
        sql.push(", custom_attributes = ")
            .bind(Value::Object(values).to_string());
    }
    sql.push(" WHERE id = ").bind(user.as_str());
    sql.query().execute(&mut **tx).await?;
    Ok(())
}
