//! Typed calls of SSO setup links (Descope's "SSO admin links", `/v?/mgmt/tenant/adminlinks/sso/...`)
//! and TenantKit's list and per-link revoke (`/tk/v1/sso/setup-links`). Each request names its
//! tenant itself (`tenantId`), as the SSO calls do, so no `?tenant=` is added.

use crate::{ApiError, Client, Method, Scope, encode_query_value};
use serde_json::Value;
use tenantkit_wire::TenantId;
use tenantkit_wire::sso_link::{
    AuthenticatedSsoLinkRequest, AuthenticatedSsoLinksRequest, AuthenticatedSsoLinksResponse,
    GenerateSsoLinkRequest, RevokeSsoLinkRequest, RevokeSsoLinksRequest, SendSsoLinkRequest,
    SsoLinkResponse, SsoLinksResponse,
};

/// No `?tenant=`: each of these requests names its tenant as its own `tenantId`.
const TENANT_IN_REQUEST: Option<&TenantId> = None;

impl<S: Scope> Client<S> {
    /// `POST /v2/mgmt/tenant/adminlinks/sso/generate` -> the link (with its secret, once).
    pub async fn generate_sso_link(
        &self,
        request: &GenerateSsoLinkRequest,
    ) -> Result<SsoLinkResponse, ApiError> {
        let path = "/v2/mgmt/tenant/adminlinks/sso/generate";
        self.send(Method::Post, path, TENANT_IN_REQUEST, Some(request))
            .await
    }

    /// `POST /v1/mgmt/tenant/adminlinks/sso/send`: a new link, emailed.
    pub async fn send_sso_link(&self, request: &SendSsoLinkRequest) -> Result<Value, ApiError> {
        let path = "/v1/mgmt/tenant/adminlinks/sso/send";
        self.send(Method::Post, path, TENANT_IN_REQUEST, Some(request))
            .await
    }

    /// `POST /v1/mgmt/tenant/adminlinks/sso/revoke`: all the tenant's links, or one `ssoId`'s.
    pub async fn revoke_sso_links(
        &self,
        request: &RevokeSsoLinksRequest,
    ) -> Result<Value, ApiError> {
        let path = "/v1/mgmt/tenant/adminlinks/sso/revoke";
        self.send(Method::Post, path, TENANT_IN_REQUEST, Some(request))
            .await
    }

    /// `POST /tk/v1/sso/setup-links/revoke`: one link, by id.
    pub async fn revoke_sso_link(&self, tenant: &str, id: &str) -> Result<Value, ApiError> {
        let request = RevokeSsoLinkRequest {
            tenant_id: tenant.to_owned(),
            id: id.to_owned(),
        };
        let path = "/tk/v1/sso/setup-links/revoke";
        self.send(Method::Post, path, TENANT_IN_REQUEST, Some(&request))
            .await
    }

    /// `GET /tk/v1/sso/setup-links?tenantId=` -> the active links, without secrets.
    pub async fn sso_links(&self, tenant: &str) -> Result<SsoLinksResponse, ApiError> {
        let path = format!(
            "/tk/v1/sso/setup-links?tenantId={}",
            encode_query_value(tenant)
        );
        self.send::<(), _>(Method::Get, &path, TENANT_IN_REQUEST, None)
            .await
    }

    /// `POST /v1/mgmt/tenant/adminlinks/sso/authenticated` -> the link for signed-in users.
    pub async fn authenticated_sso_link(
        &self,
        request: &AuthenticatedSsoLinkRequest,
    ) -> Result<SsoLinkResponse, ApiError> {
        let path = "/v1/mgmt/tenant/adminlinks/sso/authenticated";
        self.send(Method::Post, path, TENANT_IN_REQUEST, Some(request))
            .await
    }

    /// `POST /v1/mgmt/tenant/adminlinks/sso/authenticated/batch` -> the default and per-`ssoId`
    /// links for signed-in users.
    pub async fn authenticated_sso_links(
        &self,
        request: &AuthenticatedSsoLinksRequest,
    ) -> Result<AuthenticatedSsoLinksResponse, ApiError> {
        let path = "/v1/mgmt/tenant/adminlinks/sso/authenticated/batch";
        self.send(Method::Post, path, TENANT_IN_REQUEST, Some(request))
            .await
    }
}
