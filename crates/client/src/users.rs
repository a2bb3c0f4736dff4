//! Typed calls of the user-management endpoints (wire contract: Users).

use crate::{ApiError, Client, Method, Scope, encode_query_value};
use serde_json::Value;
use tenantkit_wire::user_ops::{
    BatchCreateUsersRequest, BatchCreateUsersResponse, BatchDeleteUsersRequest,
    CreateCustomAttributesRequest, CreateUserRequest, CustomAttributesResponse,
    DeleteCustomAttributesRequest, LoginIdRequest, PatchUserRequest, SetPasswordRequest,
    TemporaryPasswordResponse, UpdateCustomAttributeRequest, UpdateEmailRequest,
    UpdateLoginIdRequest, UpdateNameRequest, UpdatePhoneRequest, UpdatePictureRequest,
    UpdateStatusRequest, UserRef, UserResponse, UserRolesRequest, UserTenantRequest,
};
use tenantkit_wire::{LoginId, UserId, UserSearchRequest, UserSearchResponse};

/// Which role operation of `/v1/mgmt/user/update/role/<op>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleOp {
    /// Replace the roles.
    Set,
    /// Add roles.
    Add,
    /// Remove roles.
    Remove,
}

impl<S: Scope> Client<S> {
    async fn post<B: serde::Serialize + ?Sized, R: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<R, ApiError> {
        self.call(Method::Post, path, Some(body)).await
    }

    /// `POST /v2/mgmt/user/search`.
    pub async fn search_users_v2(
        &self,
        request: &UserSearchRequest,
    ) -> Result<UserSearchResponse, ApiError> {
        self.post("/v2/mgmt/user/search", request).await
    }

    /// `POST /v1/mgmt/user/create`.
    pub async fn create_user(&self, request: &CreateUserRequest) -> Result<UserResponse, ApiError> {
        self.post("/v1/mgmt/user/create", request).await
    }

    /// `POST /v1/mgmt/user/create/batch`.
    pub async fn create_users(
        &self,
        request: &BatchCreateUsersRequest,
    ) -> Result<BatchCreateUsersResponse, ApiError> {
        self.post("/v1/mgmt/user/create/batch", request).await
    }

    /// `POST /v1/mgmt/user/update` (replaces every field).
    pub async fn update_user(&self, request: &CreateUserRequest) -> Result<UserResponse, ApiError> {
        self.post("/v1/mgmt/user/update", request).await
    }

    /// `PATCH /v1/mgmt/user/patch` (only the given fields).
    pub async fn patch_user(&self, request: &PatchUserRequest) -> Result<UserResponse, ApiError> {
        self.call(Method::Patch, "/v1/mgmt/user/patch", Some(request))
            .await
    }

    /// `GET /v1/mgmt/user?loginId=`.
    pub async fn load_user(&self, login_id: &LoginId) -> Result<UserResponse, ApiError> {
        let path = format!(
            "/v1/mgmt/user?loginId={}",
            encode_query_value(login_id.as_str())
        );
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `GET /v1/mgmt/user?userId=`.
    pub async fn load_user_by_id(&self, user_id: &UserId) -> Result<UserResponse, ApiError> {
        let path = format!(
            "/v1/mgmt/user?userId={}",
            encode_query_value(user_id.as_str())
        );
        self.call::<(), _>(Method::Get, &path, None).await
    }

    /// `POST /v1/mgmt/user/delete`.
    pub async fn delete_user(&self, user: &UserRef) -> Result<Value, ApiError> {
        self.post("/v1/mgmt/user/delete", user).await
    }

    /// `POST /v1/mgmt/user/delete/batch`.
    pub async fn delete_users(&self, request: &BatchDeleteUsersRequest) -> Result<Value, ApiError> {
        self.post("/v1/mgmt/user/delete/batch", request).await
    }

    /// `POST /v1/mgmt/user/update/status`.
    pub async fn update_status(
        &self,
        request: &UpdateStatusRequest,
    ) -> Result<UserResponse, ApiError> {
        self.post("/v1/mgmt/user/update/status", request).await
    }

    /// `POST /v1/mgmt/user/update/role/set|add|remove`.
    pub async fn update_roles(
        &self,
        op: RoleOp,
        request: &UserRolesRequest,
    ) -> Result<UserResponse, ApiError> {
        let path = match op {
            RoleOp::Set => "/v1/mgmt/user/update/role/set",
            RoleOp::Add => "/v1/mgmt/user/update/role/add",
            RoleOp::Remove => "/v1/mgmt/user/update/role/remove",
        };
        self.post(path, request).await
    }

    /// `DELETE /v1/mgmt/user/test/delete/all` (management key): every test user goes.
    pub async fn delete_all_test_users(&self) -> Result<serde_json::Value, ApiError> {
        self.call::<(), _>(Method::Delete, "/v1/mgmt/user/test/delete/all", None)
            .await
    }

    /// `POST /v1/mgmt/user/update/tenant/add`.
    pub async fn add_tenant(&self, request: &UserTenantRequest) -> Result<UserResponse, ApiError> {
        self.post("/v1/mgmt/user/update/tenant/add", request).await
    }

    /// `POST /v1/mgmt/user/update/tenant/remove`.
    pub async fn remove_tenant(
        &self,
        request: &UserTenantRequest,
    ) -> Result<UserResponse, ApiError> {
        self.post("/v1/mgmt/user/update/tenant/remove", request)
            .await
    }

    /// `POST /v1/mgmt/user/update/email`.
    pub async fn update_email(
        &self,
        request: &UpdateEmailRequest,
    ) -> Result<UserResponse, ApiError> {
        self.post("/v1/mgmt/user/update/email", request).await
    }

    /// `POST /v1/mgmt/user/update/phone`.
    pub async fn update_phone(
        &self,
        request: &UpdatePhoneRequest,
    ) -> Result<UserResponse, ApiError> {
        self.post("/v1/mgmt/user/update/phone", request).await
    }

    /// `POST /v1/mgmt/user/update/name`.
    pub async fn update_name(&self, request: &UpdateNameRequest) -> Result<UserResponse, ApiError> {
        self.post("/v1/mgmt/user/update/name", request).await
    }

    /// `POST /v1/mgmt/user/update/picture`.
    pub async fn update_picture(
        &self,
        request: &UpdatePictureRequest,
    ) -> Result<UserResponse, ApiError> {
        self.post("/v1/mgmt/user/update/picture", request).await
    }

    /// `POST /v1/mgmt/user/update/loginid`.
    pub async fn update_login_id(
        &self,
        request: &UpdateLoginIdRequest,
    ) -> Result<UserResponse, ApiError> {
        self.post("/v1/mgmt/user/update/loginid", request).await
    }

    /// `POST /v1/mgmt/user/update/customAttribute`.
    pub async fn update_custom_attribute(
        &self,
        request: &UpdateCustomAttributeRequest,
    ) -> Result<UserResponse, ApiError> {
        self.post("/v1/mgmt/user/update/customAttribute", request)
            .await
    }

    /// `POST /v1/mgmt/user/password/set/temporary`: with no password the server generates one and
    /// returns it once.
    pub async fn set_temporary_password(
        &self,
        request: &SetPasswordRequest,
    ) -> Result<TemporaryPasswordResponse, ApiError> {
        self.post("/v1/mgmt/user/password/set/temporary", request)
            .await
    }

    /// `POST /v1/mgmt/user/password/set/active`.
    pub async fn set_active_password(
        &self,
        request: &SetPasswordRequest,
    ) -> Result<Value, ApiError> {
        self.post("/v1/mgmt/user/password/set/active", request)
            .await
    }

    /// `POST /v1/mgmt/user/password/expire`.
    pub async fn expire_password(&self, request: &LoginIdRequest) -> Result<Value, ApiError> {
        self.post("/v1/mgmt/user/password/expire", request).await
    }

    /// `POST /v1/mgmt/user/passkeys/delete`.
    pub async fn remove_passkeys(&self, request: &LoginIdRequest) -> Result<Value, ApiError> {
        self.post("/v1/mgmt/user/passkeys/delete", request).await
    }

    /// `POST /v1/mgmt/user/totp/delete`.
    pub async fn remove_totp(&self, request: &LoginIdRequest) -> Result<Value, ApiError> {
        self.post("/v1/mgmt/user/totp/delete", request).await
    }

    /// `POST /v1/mgmt/user/logout`: every session of the user stops working.
    pub async fn logout_user(&self, user: &UserRef) -> Result<Value, ApiError> {
        self.post("/v1/mgmt/user/logout", user).await
    }

    /// `POST /v1/mgmt/user/invite/resend` (TenantKit): a new invitation link, the old one dies.
    pub async fn resend_invite(&self, request: &LoginIdRequest) -> Result<Value, ApiError> {
        self.post("/v1/mgmt/user/invite/resend", request).await
    }

    /// `GET /v1/mgmt/user/customattributes`.
    pub async fn custom_attributes(&self) -> Result<CustomAttributesResponse, ApiError> {
        self.call::<(), _>(Method::Get, "/v1/mgmt/user/customattributes", None)
            .await
    }

    /// `POST /v1/mgmt/user/customattribute/create`.
    pub async fn create_custom_attributes(
        &self,
        request: &CreateCustomAttributesRequest,
    ) -> Result<Value, ApiError> {
        self.post("/v1/mgmt/user/customattribute/create", request)
            .await
    }

    /// `POST /v1/mgmt/user/customattribute/delete`.
    pub async fn delete_custom_attributes(
        &self,
        request: &DeleteCustomAttributesRequest,
    ) -> Result<Value, ApiError> {
        self.post("/v1/mgmt/user/customattribute/delete", request)
            .await
    }
}
