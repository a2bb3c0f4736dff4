//! The capability of a SCIM request: the tenant's SCIM token (`Authorization: Bearer <token>`)
//! checked against the SHA-256 stored for the tenant the request's path names. The scope has no
//! caller (the identity provider is no user); failed tokens count in the per-address throttle,
//! as failed management keys do.

use super::management_key;
use super::throttle::Guard;
use crate::capability::TenantScope;
use crate::error::{Error, Result};
use crate::extract::ClientAddr;
use crate::state::AppState;
use tenantkit_wire::{Secret, TenantId};

/// The scope of `tenant` for a request bearing `token`: 401 unless it is that tenant's SCIM token
/// (and the tenant is not disabled).
pub async fn scim_scope(
    state: &AppState,
    client: ClientAddr,
    tenant: &TenantId,
    token: &str,
) -> Result<TenantScope> {
    let hash = management_key::hash(&Secret::new(token));
    let guard = Guard::start(state, client, None).await?;
    guard
        .run(async {
            match state.db().scim_token_tenant(&hash, state.now()).await? {
                Some((owner, _)) if &owner == tenant => Ok(TenantScope::after_check(owner, None)),
                _ => Err(Error::Unauthorized(format!(
                    "The token is not a SCIM token of tenant {tenant}"
                ))),
            }
        })
        .await
}
