//! Typed calls of the tenant SSO endpoints (wire contract: Tenant SSO) and our metadata-fetch
//! and discovery previews.
//!
//! Every one of these requests names its tenant itself (`tenantId`, in the query or the body),
//! so they are sent as is: a client confined to a tenant sends no `?tenant=` with them, and the
//! server checks the caller's `SSO Admin` in the tenant the request names.

use crate::{ApiError, Client, Method, Scope, encode_query_value};
use serde_json::Value;
use tenantkit_wire::TenantId;
use tenantkit_wire::sso::{
    AuthTypeRequest, ConfigureOidcRequest, ConfigureSamlMetadataRequest, ConfigureSamlRequest,
    DiscoverOidcRequest, FetchMetadataRequest, IdpMetadata, NewSsoRequest, OidcDiscovery,
    ReadMetadataRequest, SsoSettings, SsoSettingsList,
};
use tenantkit_wire::sso_test::{
    SsoActivity, SsoOverview, TestRun, TestStartRequest, TestStartResponse,
};

/// No `?tenant=`: each of these requests names its tenant as its own `tenantId`.
const TENANT_IN_REQUEST: Option<&TenantId> = None;

fn settings_query(tenant: &str, sso_id: &str) -> String {
    let mut query = format!("tenantId={}", encode_query_value(tenant));
    if !sso_id.is_empty() {
        query.push_str("&ssoId=");
        query.push_str(&encode_query_value(sso_id));
    }
    query
}

impl<S: Scope> Client<S> {
    /// `GET /v2/mgmt/sso/settings?tenantId=&ssoId=` -> one configuration.
    pub async fn load_sso_settings(
        &self,
        tenant: &str,
        sso_id: &str,
    ) -> Result<SsoSettings, ApiError> {
        let path = format!("/v2/mgmt/sso/settings?{}", settings_query(tenant, sso_id));
        self.send::<(), _>(Method::Get, &path, TENANT_IN_REQUEST, None)
            .await
    }

    /// `GET /v2/mgmt/sso/settings/all?tenantId=` -> `{SSOSettings}`.
    pub async fn load_all_sso_settings(&self, tenant: &str) -> Result<SsoSettingsList, ApiError> {
        let path = format!(
            "/v2/mgmt/sso/settings/all?tenantId={}",
            encode_query_value(tenant)
        );
        self.send::<(), _>(Method::Get, &path, TENANT_IN_REQUEST, None)
            .await
    }

    /// `POST /v1/mgmt/sso/settings/new` -> the new (unconfigured) configuration.
    pub async fn new_sso_settings(&self, request: &NewSsoRequest) -> Result<SsoSettings, ApiError> {
        self.send(
            Method::Post,
            "/v1/mgmt/sso/settings/new",
            TENANT_IN_REQUEST,
            Some(request),
        )
        .await
    }

    /// `POST /v1/mgmt/sso/saml`.
    pub async fn configure_saml(&self, request: &ConfigureSamlRequest) -> Result<Value, ApiError> {
        self.send(
            Method::Post,
            "/v1/mgmt/sso/saml",
            TENANT_IN_REQUEST,
            Some(request),
        )
        .await
    }

    /// `POST /v1/mgmt/sso/saml/metadata`.
    pub async fn configure_saml_by_metadata(
        &self,
        request: &ConfigureSamlMetadataRequest,
    ) -> Result<Value, ApiError> {
        self.send(
            Method::Post,
            "/v1/mgmt/sso/saml/metadata",
            TENANT_IN_REQUEST,
            Some(request),
        )
        .await
    }

    /// `POST /v1/mgmt/sso/oidc`.
    pub async fn configure_oidc(&self, request: &ConfigureOidcRequest) -> Result<Value, ApiError> {
        self.send(
            Method::Post,
            "/v1/mgmt/sso/oidc",
            TENANT_IN_REQUEST,
            Some(request),
        )
        .await
    }

    /// `DELETE /v1/mgmt/sso/settings?tenantId=&ssoId=`.
    pub async fn delete_sso_settings(&self, tenant: &str, sso_id: &str) -> Result<Value, ApiError> {
        let path = format!("/v1/mgmt/sso/settings?{}", settings_query(tenant, sso_id));
        self.send::<(), _>(Method::Delete, &path, TENANT_IN_REQUEST, None)
            .await
    }

    /// `POST /v1/mgmt/sso/settings/authtype`: enable (`saml`/`oidc`) or disable (`none`).
    pub async fn set_sso_auth_type(&self, request: &AuthTypeRequest) -> Result<Value, ApiError> {
        self.send(
            Method::Post,
            "/v1/mgmt/sso/settings/authtype",
            TENANT_IN_REQUEST,
            Some(request),
        )
        .await
    }

    /// Ours: `POST /tk/v1/sso/saml/metadata/fetch` -> what the IdP's metadata URL says.
    pub async fn fetch_idp_metadata(
        &self,
        request: &FetchMetadataRequest,
    ) -> Result<IdpMetadata, ApiError> {
        self.send(
            Method::Post,
            "/tk/v1/sso/saml/metadata/fetch",
            TENANT_IN_REQUEST,
            Some(request),
        )
        .await
    }

    /// Ours: `POST /tk/v1/sso/saml/metadata/read` -> what metadata XML says.
    pub async fn read_idp_metadata(
        &self,
        request: &ReadMetadataRequest,
    ) -> Result<IdpMetadata, ApiError> {
        self.send(
            Method::Post,
            "/tk/v1/sso/saml/metadata/read",
            TENANT_IN_REQUEST,
            Some(request),
        )
        .await
    }

    /// Ours: `POST /tk/v1/sso/oidc/discover` -> the issuer's endpoints.
    pub async fn discover_oidc(
        &self,
        request: &DiscoverOidcRequest,
    ) -> Result<OidcDiscovery, ApiError> {
        self.send(
            Method::Post,
            "/tk/v1/sso/oidc/discover",
            TENANT_IN_REQUEST,
            Some(request),
        )
        .await
    }

    /// Ours: `POST /tk/v1/sso/test/start` -> the run's id and the IdP URL to open.
    pub async fn start_sso_test(
        &self,
        request: &TestStartRequest,
    ) -> Result<TestStartResponse, ApiError> {
        self.send(
            Method::Post,
            "/tk/v1/sso/test/start",
            TENANT_IN_REQUEST,
            Some(request),
        )
        .await
    }

    /// Ours: `GET /tk/v1/sso/test/result?tenantId=&ssoId=&testRunId=` -> the run (empty
    /// `test_run_id`: the latest run of the configuration).
    pub async fn sso_test_result(
        &self,
        tenant: &str,
        sso_id: &str,
        test_run_id: &str,
    ) -> Result<TestRun, ApiError> {
        let mut path = format!("/tk/v1/sso/test/result?{}", settings_query(tenant, sso_id));
        if !test_run_id.is_empty() {
            path.push_str("&testRunId=");
            path.push_str(&encode_query_value(test_run_id));
        }
        self.send::<(), _>(Method::Get, &path, TENANT_IN_REQUEST, None)
            .await
    }

    /// Ours: `GET /tk/v1/sso/overview?tenantId=` -> every configuration with the last test and
    /// last sign-in of each, in one request.
    pub async fn sso_overview(&self, tenant: &str) -> Result<SsoOverview, ApiError> {
        let path = format!(
            "/tk/v1/sso/overview?tenantId={}",
            encode_query_value(tenant)
        );
        self.send::<(), _>(Method::Get, &path, TENANT_IN_REQUEST, None)
            .await
    }

    /// Ours: `GET /tk/v1/sso/activity?tenantId=` -> the last test and last sign-in of each
    /// configuration.
    pub async fn sso_activity(&self, tenant: &str) -> Result<SsoActivity, ApiError> {
        let path = format!(
            "/tk/v1/sso/activity?tenantId={}",
            encode_query_value(tenant)
        );
        self.send::<(), _>(Method::Get, &path, TENANT_IN_REQUEST, None)
            .await
    }
}
