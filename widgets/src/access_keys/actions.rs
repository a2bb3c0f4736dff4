//! The changes an admin makes to the tenant's access keys, each one request through the typed
//! client in widget mode.

use crate::list::SearchTarget;
use tenantkit_client::{ApiError, KeyOp};
use tenantkit_wire::access_key::{
    AccessKey, AccessKeySecretResponse, CreateAccessKeyRequest, UpdateAccessKeyRequest,
};

/// Creates a key in the tenant; the answer holds its cleartext, to be shown once.
pub async fn create_key(
    target: &SearchTarget,
    request: &CreateAccessKeyRequest,
) -> Result<AccessKeySecretResponse, ApiError> {
    target.client().create_access_key(request).await
}

/// Changes a key's name and whichever of description, roles and permitted addresses the request
/// carries.
pub async fn update_key(
    target: &SearchTarget,
    request: &UpdateAccessKeyRequest,
) -> Result<AccessKey, ApiError> {
    Ok(target.client().update_access_key(request).await?.key)
}

/// Gives a key a new secret (shown once); the old one stops working.
pub async fn rotate_key(
    target: &SearchTarget,
    id: &str,
) -> Result<AccessKeySecretResponse, ApiError> {
    target.client().rotate_access_key(id).await
}

/// Activates, deactivates or deletes `ids`: the single endpoint for one key, the batch endpoint
/// (all or nothing) for several.
pub async fn change_keys(target: &SearchTarget, op: KeyOp, ids: &[String]) -> Result<(), ApiError> {
    let client = target.client();
    match ids {
        [id] => client.change_access_key(op, id).await?,
        ids => client.change_access_keys(op, ids).await?,
    };
    Ok(())
}
