//! Typed calls of a tenant's SCIM set-up (ours, `/tk/v1/scim`): the base URL, the token, the
//! group-to-role mapping and the latest activity (the SCIM protocol is the IdP's to speak); and
//! Descope's group tools, which read the groups SCIM pushed.

use crate::{ApiError, Client, Method, Scope, encode_query_value};
use serde_json::Value;
use tenantkit_wire::group::{Group, GroupMembersRequest, GroupsRequest, MemberGroupsRequest};
use tenantkit_wire::scim::{
    ScimGroupRolesRequest, ScimSettingsResponse, ScimTenantRequest, ScimTokenResponse,
};

impl<S: Scope> Client<S> {
    /// `GET /tk/v1/scim?tenantId=` -> the tenant's SCIM set-up.
    pub async fn scim_settings(&self, tenant: &str) -> Result<ScimSettingsResponse, ApiError> {
        let path = format!("/tk/v1/scim?tenantId={}", encode_query_value(tenant));
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /tk/v1/scim/token/rotate` -> a new token (the cleartext, shown once); the
    /// previous one stops working.
    pub async fn rotate_scim_token(&self, tenant: &str) -> Result<ScimTokenResponse, ApiError> {
        let request = ScimTenantRequest {
            tenant_id: tenant.to_owned(),
        };
        self.call(Method::Post, "/tk/v1/scim/token/rotate", Some(&request))
            .await
    }

    /// `POST /tk/v1/scim/token/revoke`.
    pub async fn revoke_scim_token(&self, tenant: &str) -> Result<Value, ApiError> {
        let request = ScimTenantRequest {
            tenant_id: tenant.to_owned(),
        };
        self.call(Method::Post, "/tk/v1/scim/token/revoke", Some(&request))
            .await
    }

    /// `POST /tk/v1/scim/group/roles` -> the set-up after the group's roles changed.
    pub async fn set_scim_group_roles(
        &self,
        request: &ScimGroupRolesRequest,
    ) -> Result<ScimSettingsResponse, ApiError> {
        self.call(Method::Post, "/tk/v1/scim/group/roles", Some(request))
            .await
    }
}

impl<S: Scope> Client<S> {
    /// `POST /v1/mgmt/group/all` -> every group of the tenant.
    pub async fn load_groups(&self, request: &GroupsRequest) -> Result<Vec<Group>, ApiError> {
        self.call(Method::Post, "/v1/mgmt/group/all", Some(request))
            .await
    }

    /// `POST /v1/mgmt/group/members` -> the group with its members.
    pub async fn load_group_members(
        &self,
        request: &GroupMembersRequest,
    ) -> Result<Vec<Group>, ApiError> {
        self.call(Method::Post, "/v1/mgmt/group/members", Some(request))
            .await
    }

    /// `POST /v1/mgmt/group/member/all` -> the groups of the users named.
    pub async fn load_member_groups(
        &self,
        request: &MemberGroupsRequest,
    ) -> Result<Vec<Group>, ApiError> {
        self.call(Method::Post, "/v1/mgmt/group/member/all", Some(request))
            .await
    }
}
