//! The capability of an SSO setup link (Descope's "SSO admin link"): its secret, presented as
//! `Authorization: Bearer <projectId>:ssolink_...`, is checked against the SHA-256 stored for
//! an active link (not expired, not revoked, its tenant not disabled) on every request, so a
//! revoked link stops at once. It then stands for `SSO Admin` in the link's tenant and nothing
//! else: every other permission, every other tenant and the project-wide reach are refused
//! (403), which keeps it off users, roles, access keys, the tenant's profile and policy, and
//! off generating further links (the link routes refuse it by kind, see `api::sso_links`).
//!
//! The scope it makes is never a management key's (`caller: None` would vouch for email
//! domains and grant any role): its caller is the tenant admin who generated the link, so SSO
//! group mappings grant only what that admin may, or, for a link the management key generated,
//! a caller holding no role at all. Failed secrets count in the per-address throttle, as
//! failed management keys do.

use super::Principal;
use super::management_key;
use super::throttle::Guard;
use crate::capability::TenantScope;
use crate::db::audit::Actor;
use crate::error::{Error, Result};
use crate::extract::ClientAddr;
use crate::state::AppState;
use tenantkit_wire::{PERMISSION_SSO_ADMIN, Secret, TenantId, UserId};

/// An active SSO setup link, checked.
#[derive(Debug, Clone)]
pub struct SetupLink {
    id: String,
    tenant_id: TenantId,
    email: String,
    actor_id: String,
    /// Whose grants bound the role mappings it saves.
    acting_for: UserId,
}

impl SetupLink {
    /// The link's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The one tenant it reaches.
    pub fn tenant_id(&self) -> &TenantId {
        &self.tenant_id
    }

    /// Who it is in the audit trail: the generate request's `actorId`, else
    /// "SSO setup link (<email>)".
    pub fn actor(&self, client: ClientAddr) -> Actor {
        let actor_id = if !self.actor_id.is_empty() {
            self.actor_id.clone()
        } else if !self.email.is_empty() {
            format!("SSO setup link ({})", self.email)
        } else {
            format!("SSO setup link ({})", self.id)
        };
        Actor {
            actor_id,
            remote_address: client.to_text(),
        }
    }

    /// The scope of `tenant` for `permission`: only `SSO Admin` in the link's own tenant.
    pub(super) fn scope(&self, tenant: TenantId, permission: &str) -> Result<TenantScope> {
        if tenant != self.tenant_id {
            return Err(Error::Forbidden(format!(
                "This SSO setup link reaches tenant {} only",
                self.tenant_id
            )));
        }
        if permission != PERMISSION_SSO_ADMIN {
            return Err(Error::Forbidden(
                "An SSO setup link reaches the tenant's SSO settings only".to_owned(),
            ));
        }
        Ok(TenantScope::after_check(
            tenant,
            Some(self.acting_for.clone()),
        ))
    }
}

/// The principal of a request bearing the link secret `token`: 401 unless it is an active link.
pub(super) async fn verify(state: &AppState, client: ClientAddr, token: &str) -> Result<Principal> {
    let hash = management_key::hash(&Secret::new(token));
    let guard = Guard::start(state, client, None).await?;
    guard
        .run(async {
            match state.db().active_sso_link(&hash, state.now()).await? {
                Some(link) => {
                    let acting_for = if link.created_by_user.is_empty() {
                        UserId::new(format!("sso-setup-link:{}", link.id))
                    } else {
                        UserId::new(link.created_by_user)
                    };
                    Ok(Principal::SsoSetupLink(Box::new(SetupLink {
                        id: link.id,
                        tenant_id: link.tenant_id,
                        email: link.email,
                        actor_id: link.actor_id,
                        acting_for,
                    })))
                }
                None => Err(Error::Unauthorized(
                    "This SSO setup link has expired or was revoked: ask your administrator \
                     for a new one"
                        .to_owned(),
                )),
            }
        })
        .await
}
