//! Typed calls of the tenant and audit endpoints (wire contract: Tenants, Audit) and our tenant
//! custom attribute definitions.

use crate::{ApiError, Client, Method, Scope, encode_query_value};
use serde_json::Value;
use tenantkit_wire::domain::{TenantDomainRequest, TenantDomainResponse, TenantDomainsResponse};
use tenantkit_wire::policy::PasswordSettings;
use tenantkit_wire::profile::TenantProfileResponse;
use tenantkit_wire::tenant::{
    AuditEventRequest, AuditSearchRequest, AuditSearchResponse, DeleteTenantRequest, Tenant,
    TenantAttributesResponse, TenantIdResponse, TenantRequest, TenantSearchRequest, TenantSettings,
    TenantsResponse,
};
use tenantkit_wire::user_ops::{CreateCustomAttributesRequest, DeleteCustomAttributesRequest};

impl<S: Scope> Client<S> {
    /// `POST /v1/mgmt/tenant/create` -> `{id}`.
    pub async fn create_tenant(
        &self,
        request: &TenantRequest,
    ) -> Result<TenantIdResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/tenant/create", Some(request))
            .await
    }

    /// `POST /v1/mgmt/tenant/update` (every field overrides).
    pub async fn update_tenant(&self, request: &TenantRequest) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/tenant/update", Some(request))
            .await
    }

    /// `POST /v1/mgmt/tenant/delete`.
    pub async fn delete_tenant(&self, request: &DeleteTenantRequest) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/tenant/delete", Some(request))
            .await
    }

    /// `GET /v1/mgmt/tenant?id=` -> the tenant itself.
    pub async fn load_tenant(&self, id: &str) -> Result<Tenant, ApiError> {
        let path = format!("/v1/mgmt/tenant?id={}", encode_query_value(id));
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `GET /tk/v1/tenant/profile?id=` (ours) -> the tenant with its attribute definitions,
    /// settings, password policy, domains and SSO connections, in one request.
    pub async fn tenant_profile(&self, id: &str) -> Result<TenantProfileResponse, ApiError> {
        let path = format!("/tk/v1/tenant/profile?id={}", encode_query_value(id));
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `GET /v1/mgmt/tenant/all` -> `{tenants}`.
    pub async fn tenants(&self) -> Result<TenantsResponse, ApiError> {
        self.call::<(), _>(Method::Get, "/v1/mgmt/tenant/all", None)
            .await
    }

    /// `POST /v1/mgmt/tenant/search` -> `{tenants}`.
    pub async fn search_tenants(
        &self,
        request: &TenantSearchRequest,
    ) -> Result<TenantsResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/tenant/search", Some(request))
            .await
    }

    /// `GET /v1/mgmt/tenant/settings?id=`.
    pub async fn tenant_settings(&self, id: &str) -> Result<TenantSettings, ApiError> {
        let path = format!("/v1/mgmt/tenant/settings?id={}", encode_query_value(id));
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /v1/mgmt/tenant/settings` (`tenantId` names the tenant).
    pub async fn set_tenant_settings(&self, settings: &TenantSettings) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/tenant/settings", Some(settings))
            .await
    }

    /// `GET /v1/mgmt/password/settings?tenantId=` (empty: the project's policy).
    pub async fn password_settings(&self, tenant: &str) -> Result<PasswordSettings, ApiError> {
        let path = format!(
            "/v1/mgmt/password/settings?tenantId={}",
            encode_query_value(tenant)
        );
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /v1/mgmt/password/settings` (`tenantId` names the tenant; empty: the project).
    pub async fn set_password_settings(
        &self,
        settings: &PasswordSettings,
    ) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/password/settings", Some(settings))
            .await
    }

    /// `GET /tk/v1/tenant/domains?tenantId=` (ours) -> `{domains}`.
    pub async fn tenant_domains(&self, tenant: &str) -> Result<TenantDomainsResponse, ApiError> {
        let path = format!(
            "/tk/v1/tenant/domains?tenantId={}",
            encode_query_value(tenant)
        );
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /tk/v1/tenant/domains/add` (ours) -> the domain, pending, with its TXT record.
    pub async fn add_tenant_domain(
        &self,
        request: &TenantDomainRequest,
    ) -> Result<TenantDomainResponse, ApiError> {
        self.call(Method::Post, "/tk/v1/tenant/domains/add", Some(request))
            .await
    }

    /// `POST /tk/v1/tenant/domains/verify` (ours) -> the domain after a DNS check.
    pub async fn verify_tenant_domain(
        &self,
        request: &TenantDomainRequest,
    ) -> Result<TenantDomainResponse, ApiError> {
        self.call(Method::Post, "/tk/v1/tenant/domains/verify", Some(request))
            .await
    }

    /// `POST /tk/v1/tenant/domains/delete` (ours).
    pub async fn delete_tenant_domain(
        &self,
        request: &TenantDomainRequest,
    ) -> Result<Value, ApiError> {
        self.call(Method::Post, "/tk/v1/tenant/domains/delete", Some(request))
            .await
    }

    /// `GET /tk/v1/tenant/customattributes` (ours).
    pub async fn tenant_attributes(&self) -> Result<TenantAttributesResponse, ApiError> {
        self.call::<(), _>(Method::Get, "/tk/v1/tenant/customattributes", None)
            .await
    }

    /// `POST /tk/v1/tenant/customattributes/create` (ours).
    pub async fn create_tenant_attributes(
        &self,
        request: &CreateCustomAttributesRequest,
    ) -> Result<Value, ApiError> {
        self.call(
            Method::Post,
            "/tk/v1/tenant/customattributes/create",
            Some(request),
        )
        .await
    }

    /// `POST /tk/v1/tenant/customattributes/delete` (ours).
    pub async fn delete_tenant_attributes(
        &self,
        request: &DeleteCustomAttributesRequest,
    ) -> Result<Value, ApiError> {
        self.call(
            Method::Post,
            "/tk/v1/tenant/customattributes/delete",
            Some(request),
        )
        .await
    }

    /// `POST /v1/mgmt/audit/search` -> `{audits, total}`.
    pub async fn search_audit(
        &self,
        request: &AuditSearchRequest,
    ) -> Result<AuditSearchResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/audit/search", Some(request))
            .await
    }

    /// `POST /v1/mgmt/audit/event`.
    pub async fn create_audit_event(&self, request: &AuditEventRequest) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/audit/event", Some(request))
            .await
    }
}
