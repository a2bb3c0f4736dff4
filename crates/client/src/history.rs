//! Typed calls of the sign-in history: Descope's `users_auth_history` (v1, bare arrays both ways;
//! v2, wrapped) and the signed-in user's own (`/v1/auth/me/history`).

use crate::{ApiError, Client, Method, Scope};
use tenantkit_wire::history::{UserAuthHistory, UsersHistoryRequest, UsersHistoryResponse};
use tenantkit_wire::{Secret, UserId};

impl<S: Scope> Client<S> {
    /// `POST /v1/mgmt/user/history` `["<userId>", ...]` -> the users' sign-ins, newest first.
    pub async fn user_history(
        &self,
        user_ids: &[UserId],
    ) -> Result<Vec<UserAuthHistory>, ApiError> {
        let ids: Vec<&str> = user_ids.iter().map(UserId::as_str).collect();
        self.call(Method::Post, "/v1/mgmt/user/history", Some(&ids))
            .await
    }

    /// `POST /v2/mgmt/user/history` `{userIds, limit?}` -> `{usersAuthHistory}`.
    pub async fn user_history_v2(
        &self,
        request: &UsersHistoryRequest,
    ) -> Result<UsersHistoryResponse, ApiError> {
        self.call(Method::Post, "/v2/mgmt/user/history", Some(request))
            .await
    }
}

impl Client {
    /// `GET /v1/auth/me/history` with `jwt` as the bearer: the signed-in user's own sign-ins.
    pub async fn my_history(&self, jwt: &Secret) -> Result<Vec<UserAuthHistory>, ApiError> {
        self.with_bearer_jwt(jwt)
            .call::<(), _>(Method::Get, "/v1/auth/me/history", None)
            .await
    }
}
