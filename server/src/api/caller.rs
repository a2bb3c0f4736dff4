//! Who is calling a management route: the extractor that authenticates, checks the permission
//! in the requested scope, and names the actor for the audit trail.

use crate::auth::{self, Principal, ProjectWide, Scope, TenantScope};
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

/// A caller of an SSO route, authenticated. SSO requests name their tenant themselves
/// (`tenantId`, in the query or the body), so in widget mode `?tenant=` may be left out;
/// [`SsoAdmin::tenant`] checks `SSO Admin` in the one tenant the request may reach. When
/// `?tenant=` is given it is checked here already, before the body is read, as on every other
/// route.
#[derive(Debug)]
pub(super) struct SsoAdmin {
    principal: Principal,
    /// The scope of a non-empty `?tenant=`, checked.
    checked: Option<TenantScope>,
    actor: Actor,
}

/// An SSO caller checked to hold `SSO Admin` in the request's tenant (a management key, or a
/// tenant admin in widget mode), with who they are in the audit trail.
#[derive(Debug)]
pub(super) struct SsoTenantAdmin {
    pub(super) scope: TenantScope,
    pub(super) actor: Actor,
}

impl FromRequestParts<AppState> for SsoAdmin {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let principal = Principal::from_request_parts(parts, state).await?;
        let Query(query) = Query::<TenantQuery>::from_request_parts(parts, state).await?;
        let client = ClientAddr::from_request_parts(parts, state).await?;
        let checked = match query.tenant {
            Some(tenant) if !tenant.as_str().is_empty() => {
                Some(auth::authorize_tenant(state, &principal, tenant, PERMISSION_SSO_ADMIN).await?)
            }
            _ => None,
        };
        Ok(Self {
            actor: principal.actor(client),
            principal,
            checked,
        })
    }
}

impl SsoAdmin {
    /// The caller checked for the tenant a request names (`tenantId`): with `?tenant=` it must
    /// be that one (an empty `tenantId` means that one); without, `SSO Admin` is checked in
    /// `tenantId` itself (a management key needs only that the tenant exists).
    pub(super) async fn tenant(
        self,
        state: &AppState,
        requested: &TenantId,
    ) -> Result<SsoTenantAdmin> {
        let scope = match self.checked {
            Some(scope) if requested.as_str().is_empty() || requested == scope.tenant_id() => scope,
            Some(scope) => {
                return Err(Error::Forbidden(format!(
                    "A tenant admin can only set up SSO of tenant {}",
                    scope.tenant_id()
                )));
            }
            None if requested.as_str().is_empty() => {
                return Err(Error::MissingArguments("tenantId is required".to_owned()));
            }
            None => {
                auth::authorize_tenant(
                    state,
                    &self.principal,
                    requested.clone(),
                    PERMISSION_SSO_ADMIN,
                )
                .await?
            }
        };
        Ok(SsoTenantAdmin {
            scope,
            actor: self.actor,
        })
    }
}
