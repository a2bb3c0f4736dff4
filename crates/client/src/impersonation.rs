//! Typed calls of impersonation (Descope's `management.jwt.impersonate` and
//! `stopImpersonation`).

use crate::{ApiError, Client, Method, Scope};
use tenantkit_wire::impersonation::{ImpersonateRequest, JwtResponse, StopImpersonationRequest};

impl<S: Scope> Client<S> {
    /// `POST /v1/mgmt/impersonate` -> the impersonated user's refresh JWT. In widget mode the
    /// impersonator is the caller and the session is confined to the client's tenant.
    pub async fn impersonate(&self, request: &ImpersonateRequest) -> Result<JwtResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/impersonate", Some(request))
            .await
    }

    /// `POST /v1/mgmt/stop/impersonation` (management key) -> the impersonator's refresh JWT.
    pub async fn stop_impersonation(
        &self,
        request: &StopImpersonationRequest,
    ) -> Result<JwtResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/stop/impersonation", Some(request))
            .await
    }
}
