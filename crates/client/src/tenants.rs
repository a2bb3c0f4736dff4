//! Typed calls of the tenant and audit endpoints (wire contract: Tenants, Audit) and our tenant
//! custom attribute definitions.

use crate::{ApiError, Client, Method, Scope, encode_query_value};
use serde_json::Value;
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

    /// `POST /v1/mgmt/tenant/settings` (`id` names the tenant).
    pub async fn set_tenant_settings(&self, settings: &TenantSettings) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/tenant/settings", Some(settings))
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
