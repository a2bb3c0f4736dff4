//! Typed calls of the access-key endpoints (wire contract: Access keys) and the exchange.

use crate::{ApiError, Client, Credential, Method, Scope, encode_query_value};
use serde_json::Value;
use tenantkit_wire::Secret;
use tenantkit_wire::access_key::{
    AccessKeyIdRequest, AccessKeyIdsRequest, AccessKeyResponse, AccessKeySearchRequest,
    AccessKeySecretResponse, AccessKeysResponse, CreateAccessKeyRequest, ExchangeRequest,
    ExchangeResponse, UpdateAccessKeyRequest,
};

/// A state change of one or several keys: `POST /v1/mgmt/accesskey/<op>[/batch]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOp {
    /// Allow exchanges again.
    Activate,
    /// Refuse exchanges.
    Deactivate,
    /// Remove for good.
    Delete,
}

impl KeyOp {
    fn path(self) -> &'static str {
        match self {
            Self::Activate => "activate",
            Self::Deactivate => "deactivate",
            Self::Delete => "delete",
        }
    }
}

impl<S: Scope> Client<S> {
    /// `POST /v1/mgmt/accesskey/create` -> `{cleartext, key}`.
    pub async fn create_access_key(
        &self,
        request: &CreateAccessKeyRequest,
    ) -> Result<AccessKeySecretResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/accesskey/create", Some(request))
            .await
    }

    /// `GET /v1/mgmt/accesskey?id=` -> `{key}`.
    pub async fn load_access_key(&self, id: &str) -> Result<AccessKeyResponse, ApiError> {
        let path = format!("/v1/mgmt/accesskey?id={}", encode_query_value(id));
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /v1/mgmt/accesskey/search` -> `{keys, total}`.
    pub async fn search_access_keys(
        &self,
        request: &AccessKeySearchRequest,
    ) -> Result<AccessKeysResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/accesskey/search", Some(request))
            .await
    }

    /// `POST /v1/mgmt/accesskey/update` -> `{key}`.
    pub async fn update_access_key(
        &self,
        request: &UpdateAccessKeyRequest,
    ) -> Result<AccessKeyResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/accesskey/update", Some(request))
            .await
    }

    /// `POST /v1/mgmt/accesskey/activate|deactivate|delete` `{id}`.
    pub async fn change_access_key(&self, op: KeyOp, id: &str) -> Result<Value, ApiError> {
        let path = format!("/v1/mgmt/accesskey/{}", op.path());
        let body = AccessKeyIdRequest { id: id.to_owned() };
        self.call(Method::Post, &path, Some(&body)).await
    }

    /// `POST /v1/mgmt/accesskey/activate|deactivate|delete/batch` `{ids}`.
    pub async fn change_access_keys(&self, op: KeyOp, ids: &[String]) -> Result<Value, ApiError> {
        let path = format!("/v1/mgmt/accesskey/{}/batch", op.path());
        let body = AccessKeyIdsRequest { ids: ids.to_vec() };
        self.call(Method::Post, &path, Some(&body)).await
    }

    /// `POST /v1/mgmt/accesskey/rotate` `{id}` -> `{cleartext, key}`; the old secret stops
    /// working.
    pub async fn rotate_access_key(&self, id: &str) -> Result<AccessKeySecretResponse, ApiError> {
        let body = AccessKeyIdRequest { id: id.to_owned() };
        self.call(Method::Post, "/v1/mgmt/accesskey/rotate", Some(&body))
            .await
    }
}

impl Client {
    /// `POST /v1/auth/accesskey/exchange` with `Bearer <projectId>:<cleartext>`.
    pub async fn exchange_access_key(
        &self,
        cleartext: &Secret,
        request: &ExchangeRequest,
    ) -> Result<ExchangeResponse, ApiError> {
        self.clone()
            .with_credential(Credential::Raw(Secret::new(format!(
                "Bearer {}:{}",
                self.project_id(),
                cleartext.expose()
            ))))
            .call(Method::Post, "/v1/auth/accesskey/exchange", Some(request))
            .await
    }
}
