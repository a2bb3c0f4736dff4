//! Who is calling a management route: the extractor that authenticates, checks the permission
//! in the requested scope, and names the actor for the audit trail.

use crate::auth::{self, Principal, ProjectWide, Scope};
use crate::db::audit::Actor;
use crate::error::{Error, Result};
use crate::extract::{ClientAddr, Query};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::Deserialize;
use tenantkit_wire::{PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN, TenantId};

/// The `?tenant=` of widget mode.
#[derive(Debug, Default, Deserialize)]
struct TenantQuery {
    tenant: Option<TenantId>,
}

/// A caller checked to hold `User Admin` (a management key, or a tenant admin in widget mode),
/// with the scope they reach and who they are in the audit trail. Users, roles and access keys
/// are administered with it.
#[derive(Debug)]
pub(super) struct UserAdmin {
    pub(super) scope: Scope,
    pub(super) actor: Actor,
}

impl FromRequestParts<AppState> for UserAdmin {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let principal = Principal::from_request_parts(parts, state).await?;
        let Query(query) = Query::<TenantQuery>::from_request_parts(parts, state).await?;
        let client = ClientAddr::from_request_parts(parts, state).await?;
        let scope = auth::authorize(state, &principal, query.tenant, PERMISSION_USER_ADMIN).await?;
        Ok(Self {
            scope,
            actor: principal.actor(client),
        })
    }
}

impl UserAdmin {
    /// The project-wide capability, which only a management key without `?tenant=` has;
    /// `what` completes "… with the management key" in the 403.
    pub(super) fn project_wide(&self, what: &str) -> Result<&ProjectWide> {
        match &self.scope {
            Scope::Project(scope) => Ok(scope),
            Scope::Tenant(_) => Err(Error::Forbidden(format!(
                "{what} with the management key only"
            ))),
        }
    }
}

/// A caller checked to hold `SSO Admin` (a management key, or a tenant admin in widget mode).
/// SSO requests name their tenant in the body or query (`tenantId`); [`SsoAdmin::tenant`] turns
/// that into the one tenant the caller may reach.
#[derive(Debug)]
pub(super) struct SsoAdmin {
    pub(super) scope: Scope,
    pub(super) actor: Actor,
}

impl FromRequestParts<AppState> for SsoAdmin {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let principal = Principal::from_request_parts(parts, state).await?;
        let Query(query) = Query::<TenantQuery>::from_request_parts(parts, state).await?;
        let client = ClientAddr::from_request_parts(parts, state).await?;
        let scope = auth::authorize(state, &principal, query.tenant, PERMISSION_SSO_ADMIN).await?;
        Ok(Self {
            scope,
            actor: principal.actor(client),
        })
    }
}

impl SsoAdmin {
    /// The tenant a request names, once checked: in widget mode it must be the `?tenant=` one
    /// (an empty `tenantId` means that one); with the management key it must exist.
    pub(super) async fn tenant(&self, state: &AppState, requested: &TenantId) -> Result<TenantId> {
        match self.scope.tenant_id() {
            Some(tenant) if requested.as_str().is_empty() || requested == tenant => {
                Ok(tenant.clone())
            }
            Some(tenant) => Err(Error::Forbidden(format!(
                "A tenant admin can only set up SSO of tenant {tenant}"
            ))),
            None if requested.as_str().is_empty() => {
                Err(Error::MissingArguments("tenantId is required".to_owned()))
            }
            None if state.db().tenant_exists(requested).await? => Ok(requested.clone()),
            None => Err(Error::NotFound(format!("Unknown tenant {requested}"))),
        }
    }
}
