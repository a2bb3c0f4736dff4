//! Access keys (wire contract: Access keys) and their exchange for a session JWT.
//!
//! A key's cleartext is `tk_<id>_<secret>`: the id is not secret and is what the list shows, so
//! a leaked key can be found; only the SHA-256 of the whole cleartext is stored, and the
//! cleartext exists only in the create and rotate answers. The exchange refuses a key that is
//! unknown, inactive, expired, deleted, bound to a user who is gone or disabled, or used from an
//! address outside its permitted ranges; each refusal is an audit event.

use super::caller::UserAdmin;
use super::{Access, RouteSpec, route};
use crate::auth::token::TokenKind;
use crate::auth::{AccessKeyBearer, management_key};
use crate::db::access_keys::{KeyChange, KeyTarget, NewKey};
use crate::db::audit::Actor;
use crate::db::new_id;
use crate::error::{Error, Result};
use crate::extract::{ClientAddr, Json, Query};
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use tenantkit_wire::access_key::{
    self, AccessKey, AccessKeyIdRequest, AccessKeyIdsRequest, AccessKeyResponse,
    AccessKeySearchRequest, AccessKeySecretResponse, AccessKeysResponse, CreateAccessKeyRequest,
    ExchangeRequest, ExchangeResponse, KeyStatus, UpdateAccessKeyRequest,
};
use tenantkit_wire::{Claims, PERMISSION_USER_ADMIN, Secret, TenantId};

/// Every access-key route, and the exchange.
/// Management key, or a tenant admin (`User Admin`) in widget mode.
const ADMIN: Access = Access::Widget(PERMISSION_USER_ADMIN);

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<CreateAccessKeyRequest, AccessKeySecretResponse>(
            Method::POST,
            "/v1/mgmt/accesskey/create",
            ADMIN,
            post(create),
        ),
        route::<AccessKeyIdRequest, AccessKeyResponse>(
            Method::GET,
            "/v1/mgmt/accesskey",
            ADMIN,
            get(load),
        ),
        route::<AccessKeySearchRequest, AccessKeysResponse>(
            Method::POST,
            "/v1/mgmt/accesskey/search",
            ADMIN,
            post(search),
        ),
        route::<UpdateAccessKeyRequest, AccessKeyResponse>(
            Method::POST,
            "/v1/mgmt/accesskey/update",
            ADMIN,
            post(update),
        ),
        route::<AccessKeyIdRequest, Value>(
            Method::POST,
            "/v1/mgmt/accesskey/activate",
            ADMIN,
            post(activate),
        ),
        route::<AccessKeyIdRequest, Value>(
            Method::POST,
            "/v1/mgmt/accesskey/deactivate",
            ADMIN,
            post(deactivate),
        ),
        route::<AccessKeyIdRequest, Value>(
            Method::POST,
            "/v1/mgmt/accesskey/delete",
            ADMIN,
            post(delete),
        ),
        route::<AccessKeyIdsRequest, Value>(
            Method::POST,
            "/v1/mgmt/accesskey/activate/batch",
            ADMIN,
            post(activate_batch),
        ),
        route::<AccessKeyIdsRequest, Value>(
            Method::POST,
            "/v1/mgmt/accesskey/deactivate/batch",
            ADMIN,
            post(deactivate_batch),
        ),
        route::<AccessKeyIdsRequest, Value>(
            Method::POST,
            "/v1/mgmt/accesskey/delete/batch",
            ADMIN,
            post(delete_batch),
        ),
        route::<AccessKeyIdRequest, AccessKeySecretResponse>(
            Method::POST,
            "/v1/mgmt/accesskey/rotate",
            ADMIN,
            post(rotate),
        ),
        route::<ExchangeRequest, ExchangeResponse>(
            Method::POST,
            "/v1/auth/accesskey/exchange",
            Access::AccessKey,
            post(exchange),
        ),
    ]
}

/// A fresh cleartext for key `id`, and its hash.
fn new_secret(id: &str) -> (Secret, String) {
    management_key::named_secret("tk", id)
}

/// The key id a cleartext claims to belong to (for the audit trail of a refused exchange).
fn claimed_id(cleartext: &Secret) -> String {
    cleartext
        .expose()
        .strip_prefix("tk_")
        .and_then(|rest| rest.split_once('_'))
        .map(|(id, _)| id)
        .filter(|id| id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_default()
        .to_owned()
}

async fn respond(state: &AppState, admin: &UserAdmin, target: &KeyTarget) -> Result<AccessKey> {
    state.db().load_access_key(&admin.scope, target).await
}

fn require_id(id: &str) -> Result<()> {
    if id.trim().is_empty() {
        Err(Error::MissingArguments("id is required".to_owned()))
    } else {
        Ok(())
    }
}

/// `POST /v1/mgmt/accesskey/create` -> `{cleartext, key}`. In widget mode the key belongs to,
/// and works in, the tenant only, with roles of that tenant.
async fn create(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<CreateAccessKeyRequest>,
) -> Result<Json<AccessKeySecretResponse>> {
    Error::check_fields(request.validate(state.now()))?;
    let (owner, tenants, project_roles) = match admin.scope.tenant_id() {
        Some(tenant) => {
            let mut roles = request.role_names.clone();
            for key_tenant in &request.key_tenants {
                if &key_tenant.tenant_id != tenant {
                    return Err(Error::Forbidden(format!(
                        "A tenant admin can only create keys of tenant {tenant}"
                    )));
                }
                roles.extend(key_tenant.role_names.iter().cloned());
            }
            roles.sort();
            roles.dedup();
            (tenant.clone(), vec![(tenant.clone(), roles)], Vec::new())
        }
        None => {
            let tenants: Vec<(TenantId, Vec<String>)> = request
                .key_tenants
                .iter()
                .map(|t| (t.tenant_id.clone(), t.role_names.clone()))
                .collect();
            let owner = match tenants.as_slice() {
                [(only, _)] => only.clone(),
                _ => TenantId::new(""),
            };
            (owner, tenants, request.role_names.clone())
        }
    };
    let id = new_id('K');
    let (cleartext, secret_hash) = new_secret(&id);
    let key = NewKey {
        id,
        secret_hash,
        owner,
        name: request.name,
        description: request.description,
        expire_time: request.expire_time,
        tenants,
        project_roles,
        bound_user: access_key::bound_user(&request.user_id),
        permitted_ips: request.permitted_ips,
    };
    let target = state
        .db()
        .create_access_key(&admin.scope, &admin.actor, &key, state.now_ms())
        .await?;
    let key = respond(&state, &admin, &target).await?;
    Ok(Json(AccessKeySecretResponse { cleartext, key }))
}

/// `GET /v1/mgmt/accesskey?id=` -> `{key}`.
async fn load(
    State(state): State<AppState>,
    admin: UserAdmin,
    Query(request): Query<AccessKeyIdRequest>,
) -> Result<Json<AccessKeyResponse>> {
    require_id(&request.id)?;
    let target = state.db().key_target(&admin.scope, &request.id).await?;
    let key = respond(&state, &admin, &target).await?;
    Ok(Json(AccessKeyResponse { key }))
}

/// `POST /v1/mgmt/accesskey/search` -> `{keys, total}`.
async fn search(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<AccessKeySearchRequest>,
) -> Result<Json<AccessKeysResponse>> {
    let (keys, total) = state
        .db()
        .search_access_keys(&admin.scope, &request)
        .await?;
    Ok(Json(AccessKeysResponse {
        keys: keys
            .into_iter()
            .map(|key| key.into_wire(&admin.scope))
            .collect(),
        total,
    }))
}

/// `POST /v1/mgmt/accesskey/update` `{id, name, description?, roleNames?, permittedIps?}`.
async fn update(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UpdateAccessKeyRequest>,
) -> Result<Json<AccessKeyResponse>> {
    require_id(&request.id)?;
    Error::check_fields(request.validate())?;
    let target = state.db().key_target(&admin.scope, &request.id).await?;
    let change = KeyChange {
        name: request.name,
        description: request.description,
        role_names: request.role_names,
        permitted_ips: request.permitted_ips,
    };
    state
        .db()
        .update_access_key(&admin.scope, &admin.actor, &target, &change, state.now_ms())
        .await?;
    let key = respond(&state, &admin, &target).await?;
    Ok(Json(AccessKeyResponse { key }))
}

async fn targets(state: &AppState, admin: &UserAdmin, ids: &[String]) -> Result<Vec<KeyTarget>> {
    if ids.is_empty() {
        return Err(Error::MissingArguments("ids is required".to_owned()));
    }
    let mut targets = Vec::with_capacity(ids.len());
    for id in ids {
        require_id(id)?;
        targets.push(state.db().key_target(&admin.scope, id).await?);
    }
    Ok(targets)
}

async fn set_status(
    state: &AppState,
    admin: &UserAdmin,
    ids: &[String],
    status: KeyStatus,
) -> Result<Json<Value>> {
    let targets = targets(state, admin, ids).await?;
    state
        .db()
        .set_access_key_status(&admin.actor, &targets, status, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}

async fn delete_keys(state: &AppState, admin: &UserAdmin, ids: &[String]) -> Result<Json<Value>> {
    let targets = targets(state, admin, ids).await?;
    state
        .db()
        .delete_access_keys(&admin.actor, &targets, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}

/// `POST /v1/mgmt/accesskey/activate` `{id}` (an expired key cannot be activated: 409).
async fn activate(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<AccessKeyIdRequest>,
) -> Result<Json<Value>> {
    set_status(&state, &admin, &[request.id], KeyStatus::Active).await
}

/// `POST /v1/mgmt/accesskey/deactivate` `{id}`.
async fn deactivate(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<AccessKeyIdRequest>,
) -> Result<Json<Value>> {
    set_status(&state, &admin, &[request.id], KeyStatus::Inactive).await
}

/// `POST /v1/mgmt/accesskey/delete` `{id}`.
async fn delete(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<AccessKeyIdRequest>,
) -> Result<Json<Value>> {
    delete_keys(&state, &admin, &[request.id]).await
}

/// `POST /v1/mgmt/accesskey/activate/batch` `{ids}`: all or nothing.
async fn activate_batch(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<AccessKeyIdsRequest>,
) -> Result<Json<Value>> {
    set_status(&state, &admin, &request.ids, KeyStatus::Active).await
}

/// `POST /v1/mgmt/accesskey/deactivate/batch` `{ids}`: all or nothing.
async fn deactivate_batch(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<AccessKeyIdsRequest>,
) -> Result<Json<Value>> {
    set_status(&state, &admin, &request.ids, KeyStatus::Inactive).await
}

/// `POST /v1/mgmt/accesskey/delete/batch` `{ids}`: all or nothing.
async fn delete_batch(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<AccessKeyIdsRequest>,
) -> Result<Json<Value>> {
    delete_keys(&state, &admin, &request.ids).await
}

/// `POST /v1/mgmt/accesskey/rotate` `{id}` -> `{cleartext, key}`: the old secret stops working.
async fn rotate(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<AccessKeyIdRequest>,
) -> Result<Json<AccessKeySecretResponse>> {
    require_id(&request.id)?;
    let target = state.db().key_target(&admin.scope, &request.id).await?;
    let (cleartext, secret_hash) = new_secret(target.id());
    state
        .db()
        .rotate_access_key(&admin.actor, &target, &secret_hash, state.now_ms())
        .await?;
    let key = respond(&state, &admin, &target).await?;
    Ok(Json(AccessKeySecretResponse { cleartext, key }))
}

/// `POST /v1/auth/accesskey/exchange` with `Bearer <projectId>:<accessKey>` -> a short-lived
/// session JWT carrying exactly the key's grants. A wrong key counts against the address and
/// the key id it claims ([`crate::auth::throttle`]).
async fn exchange(
    State(state): State<AppState>,
    AccessKeyBearer(cleartext): AccessKeyBearer,
    client: ClientAddr,
    Json(request): Json<ExchangeRequest>,
) -> Result<Json<ExchangeResponse>> {
    use crate::auth::throttle::{Guard, Subject};
    let claimed = claimed_id(&cleartext);
    let subject = (!claimed.is_empty()).then(|| (Subject::access_key(&claimed), String::new()));
    let guard = Guard::start(&state, client, subject).await?;
    let now = state.now();
    let facts = state
        .db()
        .exchange_facts(&management_key::hash(&cleartext))
        .await?;
    let refuse = |key_id: String, tenant: String, reason: &'static str, error: Error| {
        let state = state.clone();
        async move {
            let actor = Actor {
                actor_id: format!("accesskey:{key_id}"),
                remote_address: client.to_text(),
            };
            state
                .db()
                .record_refused_exchange(&actor, &key_id, &tenant, reason, state.now_ms())
                .await?;
            Err::<Json<ExchangeResponse>, Error>(error)
        }
    };
    let Some(facts) = facts else {
        guard.failed().await?;
        return refuse(
            claimed,
            String::new(),
            "unknown",
            Error::Unauthorized("Invalid access key".to_owned()),
        )
        .await;
    };
    let (id, owner) = (facts.id.clone(), facts.owner.clone());
    if facts.status == KeyStatus::Inactive {
        let error = Error::Unauthorized("The access key is inactive".to_owned());
        return refuse(id, owner, "inactive", error).await;
    }
    if facts.expire_time > 0 && facts.expire_time <= now {
        let error = Error::Unauthorized("The access key has expired".to_owned());
        return refuse(id, owner, "expired", error).await;
    }
    if !access_key::address_permitted(&facts.permitted_ips, client.0) {
        let error = Error::Forbidden(format!(
            "The access key may not be used from {}",
            client.to_text()
        ));
        return refuse(id, owner, "address", error).await;
    }
    if let Some((_, status)) = &facts.bound_user
        && *status != Some(tenantkit_wire::UserStatus::Enabled)
    {
        let error = Error::Unauthorized(
            "The user the access key acts for is disabled or no longer exists".to_owned(),
        );
        return refuse(id, owner, "bound user", error).await;
    }
    guard.succeeded().await?;
    let (tenants, project) = state.db().key_grants(&facts.id).await?;
    let selected = request.login_options.selected_tenant;
    let dct = if selected.is_empty() {
        tenants
            .first()
            .map(|(tenant, _)| tenant.as_str().to_owned())
    } else if tenants
        .iter()
        .any(|(tenant, _)| tenant.as_str() == selected)
    {
        Some(selected)
    } else {
        return Err(Error::InvalidArguments(format!(
            "The access key does not work in tenant {selected:?}"
        )));
    };
    let expiration = now.saturating_add(state.settings().session_ttl_secs);
    let claims = Claims {
        iss: state.project_id().as_str().to_owned(),
        sub: facts.id.clone(),
        iat: now,
        exp: expiration,
        drn: TokenKind::Session.drn().to_owned(),
        amr: vec!["accesskey".to_owned()],
        dct,
        tenants: tenants
            .into_iter()
            .map(|(tenant, grants)| (tenant.into_inner(), grants))
            .collect::<BTreeMap<_, _>>(),
        roles: project.roles,
        permissions: project.permissions,
        // An access key's session is not a user's: no user epoch applies.
        session_epoch: 0,
        ..Claims::default()
    };
    let session_jwt = state.keys().sign(&claims)?;
    state
        .db()
        .record_key_use(&facts.id, now, &client.to_text())
        .await?;
    Ok(Json(ExchangeResponse {
        key_id: facts.id,
        session_jwt,
        expiration,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleartexts_carry_their_id_and_hash_to_the_stored_value() {
        let (cleartext, hash) = new_secret("K123abc");
        assert!(cleartext.expose().starts_with("tk_K123abc_"));
        assert!(!cleartext.expose().contains(':'), "a bearer segment");
        assert_eq!(claimed_id(&cleartext), "K123abc");
        assert_eq!(hash, management_key::hash(&cleartext));
        assert_eq!(claimed_id(&Secret::new("garbage")), "");
    }
}
