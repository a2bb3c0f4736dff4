//! Typed calls of TenantKit's invitation records (`/tk/v1/mgmt/invitation/...`): the pending
//! list, invite several addresses, resend and revoke by login id. A tenant client adds its
//! `?tenant=`.

use crate::{ApiError, Client, Method, Scope};
use tenantkit_wire::LoginId;
use tenantkit_wire::invitation::{
    InvitationResults, InvitationSearchRequest, InvitationSearchResponse, InvitationsRequest,
    InviteRequest,
};

impl<S: Scope> Client<S> {
    /// `POST /tk/v1/mgmt/invitation/search` -> a page of pending invitations, newest first.
    pub async fn search_invitations(
        &self,
        request: &InvitationSearchRequest,
    ) -> Result<InvitationSearchResponse, ApiError> {
        self.call(Method::Post, "/tk/v1/mgmt/invitation/search", Some(request))
            .await
    }

    /// `POST /tk/v1/mgmt/invitation/create` -> what became of each address.
    pub async fn invite(&self, request: &InviteRequest) -> Result<InvitationResults, ApiError> {
        self.call(Method::Post, "/tk/v1/mgmt/invitation/create", Some(request))
            .await
    }

    /// `POST /tk/v1/mgmt/invitation/resend`: a new link for each (the old one stops working).
    pub async fn resend_invitations(
        &self,
        login_ids: &[LoginId],
    ) -> Result<InvitationResults, ApiError> {
        self.by_login_ids("/tk/v1/mgmt/invitation/resend", login_ids)
            .await
    }

    /// `POST /tk/v1/mgmt/invitation/revoke`: the links stop working, the users leave the tenant.
    pub async fn revoke_invitations(
        &self,
        login_ids: &[LoginId],
    ) -> Result<InvitationResults, ApiError> {
        self.by_login_ids("/tk/v1/mgmt/invitation/revoke", login_ids)
            .await
    }

    /// `POST path` `{loginIds}`.
    async fn by_login_ids(
        &self,
        path: &str,
        login_ids: &[LoginId],
    ) -> Result<InvitationResults, ApiError> {
        let request = InvitationsRequest {
            login_ids: login_ids.to_vec(),
        };
        self.call(Method::Post, path, Some(&request)).await
    }
}
