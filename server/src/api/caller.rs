//! Who is calling a management route: the extractor that authenticates, checks the permission
//! in the requested scope, and names the actor for the audit trail.

use crate::auth::{self, Principal};
use crate::capability::{ProjectWide, Scope, TenantScope};
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
    /// Whether the caller is an SSO setup link (which may not make or see links).
    pub(super) fn is_setup_link(&self) -> bool {
        matches!(self.principal, Principal::SsoSetupLink(_))
    }

    /// The caller checked for the tenant a request names (`tenantId`): with `?tenant=` it must
    /// be that one (an empty `tenantId` means that one); without, `SSO Admin` is checked in
    /// `tenantId` itself (a management key needs only that the tenant exists).
    pub(super) async fn tenant(
        self,
        state: &AppState,
        requested: &TenantId,
    ) -> Result<SsoTenantAdmin> {
        let scope = match self.checked {
            Some(scope) if scope.means(requested) => scope,
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

/// What a tenant-profile route asks of a user in widget mode (a management key needs only that
/// the tenant exists).
#[derive(Debug, Clone, Copy)]
pub(super) enum Needs {
    /// Any one of these permissions in the tenant.
    Any(&'static [&'static str]),
    /// Every one of these permissions in the tenant.
    All(&'static [&'static str]),
}

/// A caller of a route that names its tenant itself (`id` or `tenantId`) and may be a tenant
/// admin in widget mode (`?tenant=`, which must be the named tenant, or stand for it when the
/// request names none). [`TenantCaller::scope`] checks what the route [`Needs`].
#[derive(Debug)]
pub(super) struct TenantCaller {
    principal: Principal,
    tenant: Option<TenantId>,
    pub(super) actor: Actor,
}

impl FromRequestParts<AppState> for TenantCaller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let principal = Principal::from_request_parts(parts, state).await?;
        let Query(query) = Query::<TenantQuery>::from_request_parts(parts, state).await?;
        let client = ClientAddr::from_request_parts(parts, state).await?;
        Ok(Self {
            actor: principal.actor(client),
            principal,
            tenant: query.tenant.filter(|tenant| !tenant.as_str().is_empty()),
        })
    }
}

impl TenantCaller {
    /// The project-wide capability, which only a management key without `?tenant=` has;
    /// `what` completes "… with the management key only" in the 403.
    pub(super) fn project_wide(&self, what: &str) -> Result<ProjectWide> {
        match (auth::project_wide(&self.principal), &self.tenant) {
            (Some(scope), None) => Ok(scope),
            _ => Err(Error::Forbidden(format!(
                "{what} with the management key only"
            ))),
        }
    }

    /// Whether the caller is a user in widget mode (not a management key).
    pub(super) fn is_tenant_admin(&self) -> bool {
        matches!(self.principal, Principal::User(_))
    }

    /// The scope of the tenant `requested` names, once the caller is checked for `needs` there.
    pub(super) async fn scope(
        &self,
        state: &AppState,
        requested: &str,
        needs: Needs,
    ) -> Result<TenantScope> {
        let tenant = match &self.tenant {
            Some(tenant) if requested.is_empty() || requested == tenant.as_str() => tenant.clone(),
            Some(tenant) => {
                return Err(Error::Forbidden(format!(
                    "A tenant admin can only reach tenant {tenant}"
                )));
            }
            None if requested.is_empty() => {
                return Err(Error::MissingArguments("tenantId is required".to_owned()));
            }
            None => TenantId::new(requested),
        };
        if !self.is_tenant_admin() {
            return auth::authorize_tenant(state, &self.principal, tenant, "").await;
        }
        let authorize =
            |permission| auth::authorize_tenant(state, &self.principal, tenant.clone(), permission);
        match needs {
            Needs::Any(permissions) => {
                let mut refusal = None;
                for permission in permissions {
                    match authorize(permission).await {
                        Ok(scope) => return Ok(scope),
                        Err(error) => refusal = Some(error),
                    }
                }
                Err(match refusal {
                    Some(Error::Forbidden(_)) | None => Error::Forbidden(format!(
                        "Not allowed: {} is required in tenant {tenant}",
                        permissions.join(" or ")
                    )),
                    Some(other) => other,
                })
            }
            Needs::All(permissions) => {
                let mut checked = None;
                for permission in permissions {
                    checked = Some(authorize(permission).await.map_err(|error| match error {
                        Error::Forbidden(_) => Error::Forbidden(format!(
                            "Not allowed: {} are required in tenant {tenant}",
                            permissions.join(" and ")
                        )),
                        other => other,
                    })?);
                }
                checked.ok_or_else(|| Error::Internal("a route needs no permission".to_owned()))
            }
        }
    }
}
