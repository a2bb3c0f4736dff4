//! Sign-in and sessions: password sign-in, refresh, logout, and the signed-in user.

use super::{Access, RouteSpec, route};
use crate::auth::token::TokenKind;
use crate::auth::{self, ProjectCaller, UserToken};
use crate::error::{Error, Result};
use crate::extract::{ClientAddr, Json, UserAgent};
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};
use tenantkit_wire::{LoginId, Secret, SignInRequest, SignInResponse, User};

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<SignInRequest, SignInResponse>(
            Method::POST,
            "/v1/auth/password/signin",
            Access::Public,
            post(sign_in),
        ),
        route::<(), SignInResponse>(
            Method::POST,
            "/v1/auth/refresh",
            Access::Session,
            post(refresh),
        ),
        route::<(), User>(Method::GET, "/v1/auth/me", Access::Session, get(me)),
        route::<SelectTenantRequest, SignInResponse>(
            Method::POST,
            "/v1/auth/tenant/select",
            Access::Session,
            post(select_tenant),
        ),
        route::<(), Value>(
            Method::POST,
            "/v1/auth/logout",
            Access::Session,
            post(logout),
        ),
        route::<ReplacePasswordRequest, SignInResponse>(
            Method::POST,
            "/v1/auth/password/replace",
            Access::Public,
            post(replace_password),
        ),
    ]
}

/// `POST /v1/auth/password/replace` body.
#[derive(Debug, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", default)]
struct ReplacePasswordRequest {
    login_id: LoginId,
    old_password: Secret,
    new_password: Secret,
}

/// `POST /v1/auth/password/replace` `{loginId, oldPassword, newPassword}` -> signed in, as
/// sign-in answers. The way out of an expired or temporary password.
async fn replace_password(
    State(state): State<AppState>,
    _: ProjectCaller,
    client: ClientAddr,
    user_agent: UserAgent,
    Json(request): Json<ReplacePasswordRequest>,
) -> Result<Json<SignInResponse>> {
    let (myself, first_seen) = auth::replace_password(
        &state,
        &request.login_id,
        &request.old_password,
        request.new_password,
        client,
        &user_agent,
    )
    .await?;
    signed_in_response(&state, &myself, first_seen, "pwd").await
}

/// `POST /v1/auth/password/signin` -> session and refresh JWTs and the user.
async fn sign_in(
    State(state): State<AppState>,
    _: ProjectCaller,
    client: ClientAddr,
    user_agent: UserAgent,
    Json(request): Json<SignInRequest>,
) -> Result<Json<SignInResponse>> {
    let (myself, first_seen) = auth::sign_in_with_password(
        &state,
        client,
        &request.login_id,
        &request.password,
        &user_agent,
    )
    .await?;
    signed_in_response(&state, &myself, first_seen, "pwd").await
}

/// Session and refresh JWTs for a user who just signed in by `method` (their `amr`), and the
/// user: what every sign-in answers.
pub(super) async fn signed_in_response(
    state: &AppState,
    myself: &crate::capability::Myself,
    first_seen: bool,
    method: &str,
) -> Result<Json<SignInResponse>> {
    tokens_response(state, myself, first_seen, &[method.to_owned()], None).await
}

/// New session and refresh JWTs for `myself` (`amr`, the tenant `selected`) and the user.
async fn tokens_response(
    state: &AppState,
    myself: &crate::capability::Myself,
    first_seen: bool,
    amr: &[String],
    selected: Option<&str>,
) -> Result<Json<SignInResponse>> {
    let session_jwt = auth::issue_token(state, myself, TokenKind::Session, amr, selected).await?;
    let refresh_jwt = auth::issue_token(state, myself, TokenKind::Refresh, amr, selected).await?;
    let user = state.db().own_user(myself).await?.into_wire(None);
    Ok(Json(SignInResponse {
        session_jwt,
        refresh_jwt: Some(refresh_jwt),
        user,
        first_seen,
    }))
}

/// `POST /v1/auth/refresh` with `Bearer <projectId>:<refreshJwt>` -> a new session JWT (with the
/// grants of the current state, in the tenant the refresh JWT has selected) and the user.
async fn refresh(State(state): State<AppState>, token: UserToken) -> Result<Json<SignInResponse>> {
    let myself = refreshing_user(&state, &token).await?;
    // An impersonation's session stays one (its actor, tenant and end carry over), and so does
    // the tenant the session selected.
    let session_jwt = auth::reissue(&state, &myself, &token, TokenKind::Session).await?;
    let user = state.db().own_user(&myself).await?.into_wire(None);
    Ok(Json(SignInResponse {
        session_jwt,
        refresh_jwt: None,
        user,
        first_seen: false,
    }))
}

/// The user of a refresh JWT whose session still stands (not ended, not inactive too long).
async fn refreshing_user(state: &AppState, token: &UserToken) -> Result<crate::capability::Myself> {
    if token.kind() != TokenKind::Refresh {
        return Err(Error::Unauthorized(
            "A refresh token is required".to_owned(),
        ));
    }
    let myself = auth::active_user(state, token).await?;
    auth::check_inactivity(state, &myself).await?;
    Ok(myself)
}

/// `POST /v1/auth/tenant/select` `{tenant}` with `Bearer <projectId>:<refreshJwt>` -> session and
/// refresh JWTs whose current tenant (`dct`) is `tenant`, which the user must belong to (403
/// otherwise); refreshing the new refresh JWT keeps it.
async fn select_tenant(
    State(state): State<AppState>,
    token: UserToken,
    Json(request): Json<SelectTenantRequest>,
) -> Result<Json<SignInResponse>> {
    let myself = refreshing_user(&state, &token).await?;
    if token.claims().act.is_some() {
        // A new token here would drop the actor and the impersonation's bounds.
        return Err(Error::Forbidden(
            "An impersonation session stays in its tenant: stop it to select another".to_owned(),
        ));
    }
    let tenant = request.tenant.trim();
    if tenant.is_empty() {
        return Err(Error::MissingArguments("tenant is required".to_owned()));
    }
    let grants = state.db().grants(&myself).await?;
    if !grants.tenants.iter().any(|(id, _)| id.as_str() == tenant) {
        return Err(Error::Forbidden(format!(
            "You do not belong to tenant {tenant}, or it is disabled"
        )));
    }
    tokens_response(&state, &myself, false, &token.claims().amr, Some(tenant)).await
}

/// `POST /v1/auth/tenant/select` body.
#[derive(Debug, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
struct SelectTenantRequest {
    tenant: String,
}

/// `GET /v1/auth/me` with a session (or refresh) JWT -> the user.
async fn me(State(state): State<AppState>, token: UserToken) -> Result<Json<User>> {
    let myself = auth::active_user(&state, &token).await?;
    Ok(Json(state.db().own_user(&myself).await?.into_wire(None)))
}

/// `POST /v1/auth/logout` with `Bearer <projectId>:<refreshJwt>` (a session JWT is accepted too)
/// -> `{}`. The token stops working, and with it every session and refresh JWT of the user:
/// tokens carry no session id here, so logout ends all of the user's sessions (Descope's
/// `logout` ends only the current one, its `logoutall` all of them). A token that no longer
/// stands gets 401. An impersonation's token (README "Impersonation") ends that impersonation
/// only.
async fn logout(
    State(state): State<AppState>,
    token: UserToken,
    client: ClientAddr,
) -> Result<Json<Value>> {
    let myself = auth::active_user(&state, &token).await?;
    // An impersonation's token ends that impersonation only, not the user's own sessions.
    if auth::impersonation::log_out(&state, &token, client).await? {
        return Ok(Json(json!({})));
    }
    state
        .db()
        .end_own_sessions(&myself, &client.to_text(), state.now_ms())
        .await?;
    Ok(Json(json!({})))
}
