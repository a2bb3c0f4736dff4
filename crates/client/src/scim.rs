//! Typed calls of a tenant's SCIM set-up (ours, `/tk/v1/scim`): the base URL, the token, the
//! group-to-role mapping and the latest activity. (The SCIM protocol is the IdP's to speak.)

use crate::{ApiError, Client, Method, Scope, encode_query_value};
use serde_json::Value;
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
