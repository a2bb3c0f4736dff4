//! Typed calls of the tenant SSO endpoints (wire contract: Tenant SSO) and our metadata-fetch
//! and discovery previews.

use crate::{ApiError, Client, Method, encode_query_value};
use serde_json::Value;
use tenantkit_wire::sso::{
    AuthTypeRequest, ConfigureOidcRequest, ConfigureSamlMetadataRequest, ConfigureSamlRequest,
    DiscoverOidcRequest, FetchMetadataRequest, IdpMetadata, NewSsoRequest, OidcDiscovery,
    SsoSettings, SsoSettingsList,
};

fn settings_query(tenant: &str, sso_id: &str) -> String {
    let mut query = format!("tenantId={}", encode_query_value(tenant));
    if !sso_id.is_empty() {
        query.push_str("&ssoId=");
        query.push_str(&encode_query_value(sso_id));
    }
    query
}

impl Client {
    /// `GET /v2/mgmt/sso/settings?tenantId=&ssoId=` -> one configuration.
    pub async fn load_sso_settings(
        &self,
        tenant: &str,
        sso_id: &str,
    ) -> Result<SsoSettings, ApiError> {
        let path = format!("/v2/mgmt/sso/settings?{}", settings_query(tenant, sso_id));
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `GET /v2/mgmt/sso/settings/all?tenantId=` -> `{SSOSettings}`.
    pub async fn load_all_sso_settings(&self, tenant: &str) -> Result<SsoSettingsList, ApiError> {
        let path = format!(
            "/v2/mgmt/sso/settings/all?tenantId={}",
            encode_query_value(tenant)
        );
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /v1/mgmt/sso/settings/new` -> the new (unconfigured) configuration.
    pub async fn new_sso_settings(&self, request: &NewSsoRequest) -> Result<SsoSettings, ApiError> {
        self.call(Method::Post, "/v1/mgmt/sso/settings/new", Some(request))
            .await
    }

    /// `POST /v1/mgmt/sso/saml`.
    pub async fn configure_saml(&self, request: &ConfigureSamlRequest) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/sso/saml", Some(request))
            .await
    }

    /// `POST /v1/mgmt/sso/saml/metadata`.
    pub async fn configure_saml_by_metadata(
        &self,
        request: &ConfigureSamlMetadataRequest,
    ) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/sso/saml/metadata", Some(request))
            .await
    }

    /// `POST /v1/mgmt/sso/oidc`.
    pub async fn configure_oidc(&self, request: &ConfigureOidcRequest) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/sso/oidc", Some(request))
            .await
    }

    /// `DELETE /v1/mgmt/sso/settings?tenantId=&ssoId=`.
    pub async fn delete_sso_settings(&self, tenant: &str, sso_id: &str) -> Result<Value, ApiError> {
        let path = format!("/v1/mgmt/sso/settings?{}", settings_query(tenant, sso_id));
        self.call::<(), _>(Method::Delete, &path, None).await
    }

    /// `POST /v1/mgmt/sso/settings/authtype`: enable (`saml`/`oidc`) or disable (`none`).
    pub async fn set_sso_auth_type(&self, request: &AuthTypeRequest) -> Result<Value, ApiError> {
        self.call(
            Method::Post,
            "/v1/mgmt/sso/settings/authtype",
            Some(request),
        )
        .await
    }

    /// Ours: `POST /tk/v1/sso/saml/metadata/fetch` -> what the IdP's metadata URL says.
    pub async fn fetch_idp_metadata(
        &self,
        request: &FetchMetadataRequest,
    ) -> Result<IdpMetadata, ApiError> {
        self.call(
            Method::Post,
            "/tk/v1/sso/saml/metadata/fetch",
            Some(request),
        )
        .await
    }

    /// Ours: `POST /tk/v1/sso/oidc/discover` -> the issuer's endpoints.
    pub async fn discover_oidc(
        &self,
        request: &DiscoverOidcRequest,
    ) -> Result<OidcDiscovery, ApiError> {
        self.call(Method::Post, "/tk/v1/sso/oidc/discover", Some(request))
            .await
    }
}
