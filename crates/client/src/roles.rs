//! Typed calls of the role and permission endpoints (wire contract: Roles and permissions) and
//! our impact query.

use crate::{ApiError, Client, Method, Scope};
use serde_json::Value;
use tenantkit_wire::role::{
    CreatePermissionRequest, CreateRoleRequest, DeletePermissionRequest, DeleteRoleRequest,
    DeleteRolesRequest, DeleteRolesResponse, PermissionsResponse, Role, RoleImpactRequest,
    RoleImpactResponse, RoleSearchRequest, RolesResponse, UpdatePermissionRequest,
    UpdateRoleRequest,
};

impl<S: Scope> Client<S> {
    /// `GET /v1/mgmt/permission/all`.
    pub async fn permissions(&self) -> Result<PermissionsResponse, ApiError> {
        self.call::<(), _>(Method::Get, "/v1/mgmt/permission/all", None)
            .await
    }

    /// `POST /v1/mgmt/permission/create`.
    pub async fn create_permission(
        &self,
        request: &CreatePermissionRequest,
    ) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/permission/create", Some(request))
            .await
    }

    /// `POST /v1/mgmt/permission/update`.
    pub async fn update_permission(
        &self,
        request: &UpdatePermissionRequest,
    ) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/permission/update", Some(request))
            .await
    }

    /// `POST /v1/mgmt/permission/delete`.
    pub async fn delete_permission(
        &self,
        request: &DeletePermissionRequest,
    ) -> Result<Value, ApiError> {
        self.call(Method::Post, "/v1/mgmt/permission/delete", Some(request))
            .await
    }

    /// `GET /v1/mgmt/role/all`.
    pub async fn roles(&self) -> Result<RolesResponse, ApiError> {
        self.call::<(), _>(Method::Get, "/v1/mgmt/role/all", None)
            .await
    }

    /// `POST /v1/mgmt/role/search`.
    pub async fn search_roles(
        &self,
        request: &RoleSearchRequest,
    ) -> Result<RolesResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/role/search", Some(request))
            .await
    }

    /// `POST /v1/mgmt/role/create` -> the role.
    pub async fn create_role(&self, request: &CreateRoleRequest) -> Result<Role, ApiError> {
        self.call(Method::Post, "/v1/mgmt/role/create", Some(request))
            .await
    }

    /// `POST /v1/mgmt/role/update` -> the role.
    pub async fn update_role(&self, request: &UpdateRoleRequest) -> Result<Role, ApiError> {
        self.call(Method::Post, "/v1/mgmt/role/update", Some(request))
            .await
    }

    /// `POST /v1/mgmt/role/delete`.
    pub async fn delete_role(
        &self,
        request: &DeleteRoleRequest,
    ) -> Result<DeleteRolesResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/role/delete", Some(request))
            .await
    }

    /// `POST /v1/mgmt/role/delete/batch`.
    pub async fn delete_roles(
        &self,
        request: &DeleteRolesRequest,
    ) -> Result<DeleteRolesResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/role/delete/batch", Some(request))
            .await
    }

    /// `POST /tk/v1/role/impact` (ours): who would lose what.
    pub async fn role_impact(
        &self,
        request: &RoleImpactRequest,
    ) -> Result<RoleImpactResponse, ApiError> {
        self.call(Method::Post, "/tk/v1/role/impact", Some(request))
            .await
    }
}
