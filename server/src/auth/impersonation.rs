//! Impersonation (README "Impersonation"): an admin holding `Impersonate` gets a refresh JWT of
//! another user, marked with the RFC 8693 actor claim `act: {sub: <impersonator>}`, and trades
//! it back for one of their own (`stop`).
//!
//! Who may impersonate whom, checked against the database now:
//! - the impersonator holds `Impersonate` in the tenant the session is confined to, or at
//!   project level for a session confined to none (a management key without `selectedTenant`);
//! - the user is a member of that tenant (else "not found", as every tenant-confined lookup),
//!   enabled, not the impersonator, and holds nothing the impersonator lacks there (no
//!   permission they do not hold, no project-level role in a confined session);
//! - in widget mode the tenant is the caller's `?tenant=` and the impersonator is the caller.
//!
//! A session lives in `impersonations` ([`crate::db::impersonation`]); its tokens carry its id
//! and stand only while it does, while the impersonator is enabled, and (as every token) while
//! the user's session epoch holds.

use super::token::TokenKind;
use super::{Issue, Principal, UserToken, authorize_tenant, sign_token, token_ttl, verify_token};
use crate::capability::{Myself, Scope, TenantScope};
use crate::db::audit::Actor;
use crate::db::impersonation::Impersonation;
use crate::db::user_changes::{Target, UserKey};
use crate::db::users::UserGrants;
use crate::error::{Error, Result};
use crate::extract::ClientAddr;
use crate::state::AppState;
use std::collections::BTreeSet;
use tenantkit_wire::impersonation::{ImpersonateRequest, StopImpersonationRequest};
use tenantkit_wire::{LoginId, PERMISSION_IMPERSONATE, Secret, TenantId, UserId, UserStatus};

/// The `amr` of the tokens impersonation issues (no credential of the user was presented).
const AMR: &str = "imp";

/// The impersonation `token` belongs to, if it is an impersonation's token: it must still
/// stand (not stopped, not expired, its impersonator enabled), else 401.
pub(super) async fn standing(state: &AppState, token: &UserToken) -> Result<Option<Impersonation>> {
    let Some(id) = token.claims().impersonation.as_deref() else {
        return Ok(None);
    };
    let ended = || Error::Unauthorized("The impersonation session has ended".to_owned());
    let record = state.db().impersonation(id).await?.ok_or_else(ended)?;
    let same_actor = token
        .claims()
        .act
        .as_ref()
        .is_some_and(|act| act.sub == record.actor_id.as_str());
    if &record.user_id != token.user_id() || !same_actor || !record.stands(state.now()) {
        return Err(ended());
    }
    match state.db().session_facts(&record.actor_id).await? {
        Some(facts) if facts.status == UserStatus::Enabled => Ok(Some(record)),
        _ => Err(ended()),
    }
}

/// `POST /v1/mgmt/impersonate`: checks the request against `scope` (the caller's, checked for
/// `Impersonate` already), starts the session with its audit events, and returns the
/// impersonated user's refresh JWT.
pub async fn impersonate(
    state: &AppState,
    principal: &Principal,
    scope: Scope,
    request: &ImpersonateRequest,
    client: ClientAddr,
) -> Result<Secret> {
    let login_id = request
        .login_id
        .as_ref()
        .filter(|login_id| !login_id.as_str().trim().is_empty())
        .ok_or_else(|| Error::MissingArguments("loginId is required".to_owned()))?;
    let (lookup, caller) = confinement(state, principal, scope, request).await?;
    // Found through the scope first: a user out of reach is "not found" before anything else.
    let target = state
        .db()
        .target(&lookup, UserKey::LoginId(login_id))
        .await?;
    if request.validate_consent == Some(true) {
        return Err(Error::InvalidArguments(
            "validateConsent: this server records no user consent to impersonation, so it \
             cannot validate one; send validateConsent false"
                .to_owned(),
        ));
    }
    super::refuse_custom_claims(request.custom_claims.as_ref(), "impersonation tokens")?;
    let impersonator = impersonator(state, &lookup, caller.as_ref(), request).await?;
    if &impersonator == target.id() {
        return Err(Error::Forbidden(
            "You cannot impersonate yourself".to_owned(),
        ));
    }
    if target.status() != UserStatus::Enabled {
        return Err(Error::Forbidden(format!(
            "{} is not enabled, so they cannot be impersonated",
            target.label()
        )));
    }
    let user = enabled(state, target.id(), "The user").await?;
    let actor = enabled(state, &impersonator, "The impersonator").await?;
    let theirs = state.db().grants(&user).await?;
    let mine = state.db().grants(&actor).await?;
    let tenant = session_tenant(&mine, &theirs, lookup.tenant_id())?;
    if let Some(what) = exceeds(&theirs, &mine, tenant.as_ref()) {
        return Err(Error::Forbidden(format!(
            "You cannot impersonate {}: {what}",
            target.label()
        )));
    }
    start(
        state,
        &target,
        &user,
        &impersonator,
        tenant,
        request,
        client,
    )
    .await
}

/// The scope users are looked up in and the session confined to, and the caller in widget
/// mode: the caller's tenant (widget mode, a tenant-scoped key), or `selectedTenant` (checked
/// to exist), or the project.
async fn confinement(
    state: &AppState,
    principal: &Principal,
    scope: Scope,
    request: &ImpersonateRequest,
) -> Result<(Scope, Option<UserId>)> {
    match (scope, request.tenant()) {
        (Scope::Tenant(own), selected) => {
            if selected.is_some_and(|selected| selected != own.tenant_id().as_str()) {
                return Err(Error::Forbidden(format!(
                    "Impersonation here is confined to tenant {}",
                    own.tenant_id()
                )));
            }
            let caller = own.caller().cloned();
            Ok((own.to_scope(), caller))
        }
        (Scope::Project(_), Some(selected)) => {
            let own: TenantScope = authorize_tenant(
                state,
                principal,
                TenantId::new(selected),
                PERMISSION_IMPERSONATE,
            )
            .await?;
            Ok((Scope::Tenant(own), None))
        }
        (Scope::Project(project), None) => Ok((Scope::Project(project), None)),
    }
}

/// The impersonator `impersonatorId` names (a user id or a login id) within `lookup`; in widget
/// mode it must be the caller (and is the caller when not given).
async fn impersonator(
    state: &AppState,
    lookup: &Scope,
    caller: Option<&UserId>,
    request: &ImpersonateRequest,
) -> Result<UserId> {
    let named = request.impersonator();
    if let Some(caller) = caller {
        let is_caller = match named {
            None => true,
            Some(named) if named == caller.as_str() => true,
            Some(named) => find(state, lookup, named)
                .await
                .is_ok_and(|found| found.id() == caller),
        };
        return if is_caller {
            Ok(caller.clone())
        } else {
            Err(Error::Forbidden(
                "A tenant admin can only impersonate as themself: impersonatorId must be your \
                 own user id or login id"
                    .to_owned(),
            ))
        };
    }
    let named =
        named.ok_or_else(|| Error::MissingArguments("impersonatorId is required".to_owned()))?;
    find(state, lookup, named)
        .await
        .map(|found| found.id().clone())
}

/// The user `id_or_login` names within `lookup`, by user id first.
async fn find(state: &AppState, lookup: &Scope, id_or_login: &str) -> Result<Target> {
    let user_id = UserId::new(id_or_login);
    match state.db().target(lookup, UserKey::UserId(&user_id)).await {
        Ok(found) => Ok(found),
        Err(_) => {
            let login_id = LoginId::new(id_or_login);
            state.db().target(lookup, UserKey::LoginId(&login_id)).await
        }
    }
}

/// `user` as a capability for their own tokens, if they exist and are enabled (else 403,
/// naming them as `who`).
async fn enabled(state: &AppState, user: &UserId, who: &str) -> Result<Myself> {
    match state.db().session_facts(user).await? {
        Some(facts) if facts.status == UserStatus::Enabled => {
            Ok(Myself::after_check(user.clone(), facts.session_epoch))
        }
        Some(_) => Err(Error::Forbidden(format!("{who} {user} is not enabled"))),
        None => Err(Error::UserNotFound(format!("{who} {user} was not found"))),
    }
}

/// The tenant the session is confined to, once the impersonator is checked to hold
/// `Impersonate` for it: `scoped` (the caller's or the selected one); without one, none when
/// they hold it at project level, else the one tenant of the user where they hold it.
fn session_tenant(
    mine: &UserGrants,
    theirs: &UserGrants,
    scoped: Option<&TenantId>,
) -> Result<Option<TenantId>> {
    let project = holds(&mine.project.permissions, PERMISSION_IMPERSONATE);
    let holds_in =
        |tenant: &TenantId| project || holds(held_in(mine, tenant), PERMISSION_IMPERSONATE);
    if let Some(tenant) = scoped {
        return if holds_in(tenant) {
            Ok(Some(tenant.clone()))
        } else {
            Err(Error::Forbidden(format!(
                "The impersonator does not hold {PERMISSION_IMPERSONATE} in tenant {tenant}"
            )))
        };
    }
    if project {
        return Ok(None);
    }
    let mut candidates = theirs
        .tenants
        .iter()
        .map(|(tenant, _)| tenant)
        .filter(|tenant| holds_in(tenant));
    match (candidates.next(), candidates.next()) {
        (Some(tenant), None) => Ok(Some(tenant.clone())),
        (Some(_), Some(_)) => Err(Error::InvalidArguments(
            "The impersonator may impersonate this user in several tenants: name one as \
             selectedTenant"
                .to_owned(),
        )),
        (None, _) => Err(Error::Forbidden(format!(
            "The impersonator does not hold {PERMISSION_IMPERSONATE} in any tenant of this user"
        ))),
    }
}

fn holds(permissions: &[String], permission: &str) -> bool {
    permissions.iter().any(|held| held == permission)
}

/// The permissions `grants` hold in `tenant` (through roles assigned there).
fn held_in<'a>(grants: &'a UserGrants, tenant: &TenantId) -> &'a [String] {
    grants
        .tenants
        .iter()
        .find(|(held, _)| held == tenant)
        .map_or(&[], |(_, grants)| grants.permissions.as_slice())
}

/// What the user holds beyond the impersonator, as the end of a refusal, or `None`. Confined to
/// `tenant`: any project-level role, or a permission there the impersonator lacks (their
/// project-level permissions count). Project-wide: a project-level permission they lack, or one
/// in any of the user's tenants.
fn exceeds(theirs: &UserGrants, mine: &UserGrants, tenant: Option<&TenantId>) -> Option<String> {
    let mine_in = |tenant: &TenantId| -> BTreeSet<&String> {
        mine.project
            .permissions
            .iter()
            .chain(held_in(mine, tenant))
            .collect()
    };
    let mut missing = BTreeSet::new();
    match tenant {
        Some(tenant) => {
            if !theirs.project.roles.is_empty() {
                return Some(format!(
                    "they hold project-level roles ({})",
                    theirs.project.roles.join(", ")
                ));
            }
            let held = mine_in(tenant);
            missing.extend(held_in(theirs, tenant).iter().filter(|p| !held.contains(p)));
        }
        None => {
            missing.extend(
                theirs
                    .project
                    .permissions
                    .iter()
                    .filter(|p| !mine.project.permissions.contains(p)),
            );
            for (tenant, grants) in &theirs.tenants {
                let held = mine_in(tenant);
                missing.extend(grants.permissions.iter().filter(|p| !held.contains(p)));
            }
        }
    }
    if missing.is_empty() {
        return None;
    }
    let missing: Vec<&str> = missing.into_iter().map(String::as_str).collect();
    let place = tenant.map_or_else(|| "the project".to_owned(), |t| format!("tenant {t}"));
    Some(format!(
        "they hold {}, which the impersonator does not hold in {place}",
        missing.join(", ")
    ))
}

/// Records the session (and its audit events, the impersonator as the actor) and signs the
/// user's refresh JWT for it: the user's session policy, capped by `refreshDuration`.
async fn start(
    state: &AppState,
    target: &Target,
    user: &Myself,
    impersonator: &UserId,
    tenant: Option<TenantId>,
    request: &ImpersonateRequest,
    client: ClientAddr,
) -> Result<Secret> {
    let now = state.now();
    let ttl = token_ttl(state, user.user_id(), TokenKind::Refresh).await?;
    let ttl = request.duration().map_or(ttl, |asked| asked.min(ttl));
    let actor = Actor::user(impersonator, &client.to_text());
    let session = state
        .db()
        .start_impersonation(
            &actor,
            target,
            impersonator,
            tenant.as_ref(),
            now.saturating_add(ttl),
            state.now_ms(),
        )
        .await?;
    let issue = Issue {
        acting: Some(&session),
        expires_by: Some(session.expires),
        selected: session.tenant.as_ref().map(TenantId::as_str),
    };
    sign_token(state, user, TokenKind::Refresh, &[AMR.to_owned()], issue).await
}

/// `POST /v1/mgmt/stop/impersonation` (a management key, `scope` its reach): ends the
/// impersonation `jwt` belongs to and returns a refresh JWT of its impersonator, who must still
/// be enabled.
pub async fn stop(
    state: &AppState,
    scope: &Scope,
    request: &StopImpersonationRequest,
    client: ClientAddr,
) -> Result<Secret> {
    let jwt = request
        .jwt
        .as_ref()
        .filter(|jwt| !jwt.is_empty())
        .ok_or_else(|| Error::MissingArguments("jwt is required".to_owned()))?;
    super::refuse_custom_claims(request.custom_claims.as_ref(), "impersonation tokens")?;
    let token = verify_token(state, jwt.expose()).await.map_err(|_| {
        Error::InvalidArguments("jwt is not a valid, unexpired token of this project".to_owned())
    })?;
    let id = token.claims().impersonation.as_deref().ok_or_else(|| {
        Error::InvalidArguments("jwt is not the token of an impersonation".to_owned())
    })?;
    let not_found = || Error::NotFound("No such impersonation session".to_owned());
    let session = state
        .db()
        .impersonation(id)
        .await?
        .filter(|session| &session.user_id == token.user_id())
        .ok_or_else(not_found)?;
    if let Some(own) = scope.tenant_id()
        && session.tenant.as_ref() != Some(own)
    {
        return Err(not_found());
    }
    let impersonator = enabled(state, &session.actor_id, "The impersonator").await?;
    let actor = Actor::user(&session.actor_id, &client.to_text());
    state
        .db()
        .end_impersonation(&session, &actor, "stopped", state.now_ms())
        .await?;
    let issue = Issue {
        acting: None,
        expires_by: request
            .duration()
            .map(|secs| state.now().saturating_add(secs)),
        selected: None,
    };
    sign_token(
        state,
        &impersonator,
        TokenKind::Refresh,
        &[AMR.to_owned()],
        issue,
    )
    .await
}

/// Logging an impersonation's token out (`POST /v1/auth/logout`) ends that impersonation only,
/// not the user's own sessions: returns whether `token` was one (and is ended now).
pub async fn log_out(state: &AppState, token: &UserToken, client: ClientAddr) -> Result<bool> {
    let Some(session) = standing(state, token).await? else {
        return Ok(false);
    };
    let actor = Actor::user(&session.actor_id, &client.to_text());
    state
        .db()
        .end_impersonation(&session, &actor, "loggedOut", state.now_ms())
        .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenantkit_wire::TenantGrants;

    fn grants(project: &[&str], tenants: &[(&str, &[&str])]) -> UserGrants {
        let to_vec = |list: &[&str]| list.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>();
        UserGrants {
            tenants: tenants
                .iter()
                .map(|(tenant, permissions)| {
                    (
                        TenantId::new(*tenant),
                        TenantGrants {
                            roles: vec!["R".to_owned()],
                            permissions: to_vec(permissions),
                        },
                    )
                })
                .collect(),
            project: TenantGrants {
                roles: if project.is_empty() {
                    Vec::new()
                } else {
                    vec!["P".to_owned()]
                },
                permissions: to_vec(project),
            },
        }
    }

    #[test]
    fn a_user_holding_what_the_impersonator_lacks_is_refused() {
        let acme = TenantId::new("acme");
        let admin = grants(&[], &[("acme", &["Impersonate", "User Admin"])]);
        let member = grants(&[], &[("acme", &["User Admin"]), ("globex", &["Billing"])]);
        assert_eq!(exceeds(&member, &admin, Some(&acme)), None);
        let stronger = grants(&[], &[("acme", &["SSO Admin", "User Admin"])]);
        assert!(
            exceeds(&stronger, &admin, Some(&acme)).is_some_and(|why| why.contains("SSO Admin"))
        );
        let project = grants(&["Reports"], &[("acme", &[])]);
        assert!(exceeds(&project, &admin, Some(&acme)).is_some_and(|why| why.contains("project")));
        // Project-wide, every tenant of the user counts.
        assert!(exceeds(&member, &admin, None).is_some_and(|why| why.contains("Billing")));
        let owner = grants(&["Impersonate", "Billing", "User Admin"], &[]);
        assert_eq!(exceeds(&member, &owner, None), None);
    }

    #[test]
    fn the_session_tenant_is_where_the_impersonator_holds_impersonate() {
        let acme = TenantId::new("acme");
        let admin = grants(
            &[],
            &[("acme", &["Impersonate"]), ("globex", &["Impersonate"])],
        );
        let member = grants(&[], &[("acme", &[])]);
        assert_eq!(
            session_tenant(&admin, &member, None).ok(),
            Some(Some(acme.clone()))
        );
        assert_eq!(
            session_tenant(&admin, &member, Some(&acme)).ok(),
            Some(Some(acme))
        );
        let both = grants(&[], &[("acme", &[]), ("globex", &[])]);
        assert!(session_tenant(&admin, &both, None).is_err());
        let nobody = grants(&[], &[("acme", &["User Admin"])]);
        assert!(session_tenant(&nobody, &member, None).is_err());
        let owner = grants(&["Impersonate"], &[]);
        assert_eq!(session_tenant(&owner, &both, None).ok(), Some(None));
    }
}
