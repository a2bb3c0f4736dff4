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
use tenantkit_wire::{PERMISSION_USER_ADMIN, TenantId};

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
