//! The capabilities of SSO sign-in. Sign-in through a tenant's connection is public (nobody is
//! signed in yet), so the check that makes its [`TenantScope`] is that the tenant has the
//! connection; what the IdP says is verified afterwards ([`crate::sso_signin`]). The signed-in
//! user's [`Myself`] is made only for a user whose IdP response was verified.

use crate::capability::{Myself, TenantScope};
use crate::error::{Error, Result};
use crate::state::AppState;
use tenantkit_wire::{TenantId, UserId};

/// The scope of a sign-in through `tenant`'s connection `sso_id`: 404 when the tenant has no
/// such connection.
pub async fn connection_scope(
    state: &AppState,
    tenant: &TenantId,
    sso_id: &str,
) -> Result<TenantScope> {
    if state.db().sso_config_exists(tenant, sso_id).await? {
        Ok(TenantScope::after_check(tenant.clone(), None))
    } else {
        Err(Error::NotFound(
            "No such SSO configuration for this tenant".to_owned(),
        ))
    }
}

/// The user an IdP response (verified by the caller) or a one-time code of such a sign-in
/// names, when the user is enabled; 401 otherwise.
pub async fn sso_user(state: &AppState, user_id: &UserId) -> Result<Myself> {
    match state.db().session_facts(user_id).await? {
        Some(facts) if facts.status == tenantkit_wire::UserStatus::Enabled => {
            Ok(Myself::after_check(user_id.clone(), facts.session_epoch))
        }
        _ => Err(Error::Unauthorized(
            "The user is disabled or no longer exists".to_owned(),
        )),
    }
}

/// Enforce SSO for an administrator's password reset (`set/temporary`, `set/active`): a user
/// who signs in through the SSO of a tenant with `enforceSSO` gets no password (403).
pub async fn refuse_password_reset_when_sso_enforced(
    state: &AppState,
    user_id: &UserId,
) -> Result<()> {
    match state.db().sso_enforced_for(user_id).await? {
        Some(tenant) => Err(Error::Forbidden(format!(
            "{tenant} requires single sign-on and this user signs in with SSO: a password \
             would not let them in"
        ))),
        None => Ok(()),
    }
}

/// Enforce SSO: a user who signs in through the SSO of a tenant with `enforceSSO` may not sign
/// in (or replace their password) with a password; the refusal (403) says to use SSO. Checked
/// after the password was verified, so it tells nothing to someone who does not know it.
pub async fn refuse_password_when_sso_enforced(state: &AppState, user_id: &UserId) -> Result<()> {
    match state.db().sso_enforced_for(user_id).await? {
        Some(tenant) => Err(Error::Forbidden(format!(
            "{tenant} requires single sign-on: sign in with SSO instead of a password"
        ))),
        None => Ok(()),
    }
}
