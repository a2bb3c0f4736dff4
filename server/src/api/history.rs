//! Sign-in history (Descope's `users_auth_history`): `POST /v1/mgmt/user/history` (a bare array
//! of user ids in, a bare array of entries out, as Descope's SDKs send and parse), `POST
//! /v2/mgmt/user/history` (`{userIds}` -> `{usersAuthHistory}`), and the signed-in user's own,
//! `GET /v1/auth/me/history`. Recording is [`crate::auth::sign_ins`], storage
//! [`crate::db::sign_ins`].
//!
//! Who may read: a management key (every user), or in widget mode a tenant admin holding `User
//! Admin`, as for the user list, who sees only the tenant's members and, of them, only the
//! sign-ins into the tenant or into none in particular. Users the caller cannot see are left
//! out of the answer, as if they had none (like the user ids of an audit search).

use super::caller::UserAdmin;
use super::{Access, RouteSpec, route};
use crate::auth::{self, UserToken};
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use tenantkit_wire::PERMISSION_USER_ADMIN;
use tenantkit_wire::history::{
    DEFAULT_HISTORY_PER_USER, UserAuthHistory, UserIdsBody, UsersHistoryRequest,
    UsersHistoryResponse,
};

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<UserIdsBody, Vec<UserAuthHistory>>(
            Method::POST,
            "/v1/mgmt/user/history",
            Access::Widget(PERMISSION_USER_ADMIN),
            post(history_v1),
        ),
        route::<UsersHistoryRequest, UsersHistoryResponse>(
            Method::POST,
            "/v2/mgmt/user/history",
            Access::Widget(PERMISSION_USER_ADMIN),
            post(history_v2),
        ),
        route::<(), Vec<UserAuthHistory>>(
            Method::GET,
            "/v1/auth/me/history",
            Access::Session,
            get(my_history),
        ),
    ]
}

/// The entries `request` asks for, as `admin` may see them; 400 past the request's bounds.
async fn entries(
    state: &AppState,
    admin: &UserAdmin,
    request: &UsersHistoryRequest,
) -> Result<Vec<UserAuthHistory>> {
    let per_user = request
        .per_user()
        .map_err(|error| Error::Validation(vec![error]))?;
    state
        .db()
        .sign_in_history(&admin.scope, &request.user_ids, per_user)
        .await
}

/// `POST /v1/mgmt/user/history` `["<userId>", ...]` -> `[{userId, loginTime, city, country, ip,
/// selectedTenant, ...}]`, newest first.
async fn history_v1(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(body): Json<UserIdsBody>,
) -> Result<Json<Vec<UserAuthHistory>>> {
    let request = UsersHistoryRequest::from(body);
    Ok(Json(entries(&state, &admin, &request).await?))
}

/// `POST /v2/mgmt/user/history` `{userIds, limit?}` -> `{usersAuthHistory}`.
async fn history_v2(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UsersHistoryRequest>,
) -> Result<Json<UsersHistoryResponse>> {
    Ok(Json(UsersHistoryResponse {
        users_auth_history: entries(&state, &admin, &request).await?,
    }))
}

/// `GET /v1/auth/me/history` with a session (or refresh) JWT -> the user's own newest sign-ins.
async fn my_history(
    State(state): State<AppState>,
    token: UserToken,
) -> Result<Json<Vec<UserAuthHistory>>> {
    let myself = auth::active_user(&state, &token).await?;
    Ok(Json(
        state
            .db()
            .own_sign_in_history(&myself, DEFAULT_HISTORY_PER_USER)
            .await?,
    ))
}
