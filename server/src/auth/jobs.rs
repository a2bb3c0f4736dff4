//! The capability a background job acts with. A job outlives the request that started it (and
//! may resume in another process after a restart), so each batch checks its starter again
//! against the database, as a request would: a tenant admin who has since been disabled, left
//! the tenant or lost `User Admin` there stops their job; a management key's job needs only
//! that the tenant still exists.

use crate::capability::TenantScope;
use crate::error::{Error, Result};
use crate::state::AppState;
use tenantkit_wire::{PERMISSION_USER_ADMIN, TenantId, UserId, UserStatus};

/// The scope of a job started in `tenant` by `caller` (`None`: a management key), if they may
/// still administer its users; else 403 (the job stops with that reason).
pub async fn job_scope(
    state: &AppState,
    tenant: &TenantId,
    caller: Option<&UserId>,
) -> Result<TenantScope> {
    let Some(caller) = caller else {
        return if state.db().tenant_exists(tenant).await? {
            Ok(TenantScope::after_check(tenant.clone(), None))
        } else {
            Err(Error::Forbidden(format!(
                "Tenant {tenant} no longer exists"
            )))
        };
    };
    let enabled = state
        .db()
        .session_facts(caller)
        .await?
        .is_some_and(|facts| facts.status == UserStatus::Enabled);
    let access = state
        .db()
        .tenant_access(caller, tenant, PERMISSION_USER_ADMIN)
        .await?;
    if enabled && access.member && access.granted && !access.disabled {
        Ok(TenantScope::after_check(
            tenant.clone(),
            Some(caller.clone()),
        ))
    } else {
        Err(Error::Forbidden(format!(
            "The admin who started this job no longer holds {PERMISSION_USER_ADMIN} in tenant \
             {tenant}"
        )))
    }
}
