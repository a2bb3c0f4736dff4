//! Invitations as records, for a tenant admin (`User Admin`, widget mode) or the management key:
//! the pending list, inviting several addresses at once with roles, and resending or revoking
//! by login id, each call for at most [`MAX_INVITATIONS_PER_CALL`] of them (every one may send an
//! email). Accepting an invitation is [`super::invitations`].
//!
//! Invite goes through the batch create of [`super::users`] (the same checks, one transaction,
//! the emails after the commit); resend through its resend. Revoke removes the invited user from
//! the tenant, deleting them when they belong nowhere else ([`crate::db::invitations`]).

use super::caller::UserAdmin;
use super::users::{create_users, resend_invitation};
use super::{Access, RouteSpec, route};
use crate::capability::Scope;
use crate::db::invitations::Revoked;
use crate::error::{Error, Result};
use crate::extract::Json;
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, post};
use std::collections::BTreeSet;
use tenantkit_wire::invitation::{
    InvitationOutcome, InvitationResult, InvitationResults, InvitationSearchRequest,
    InvitationSearchResponse, InvitationsRequest, InviteRequest, MAX_INVITATIONS_PER_CALL,
};
use tenantkit_wire::user_ops::{BatchCreateUsersRequest, CreateUserRequest};
use tenantkit_wire::{FieldError, LoginId, PERMISSION_USER_ADMIN, validate};

/// Management key, or a tenant admin (`User Admin`) in widget mode.
const ADMIN: Access = Access::Widget(PERMISSION_USER_ADMIN);

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<InvitationSearchRequest, InvitationSearchResponse>(
            Method::POST,
            "/tk/v1/mgmt/invitation/search",
            ADMIN,
            post(search),
        ),
        route::<InviteRequest, InvitationResults>(
            Method::POST,
            "/tk/v1/mgmt/invitation/create",
            ADMIN,
            post(create),
        ),
        route::<InvitationsRequest, InvitationResults>(
            Method::POST,
            "/tk/v1/mgmt/invitation/resend",
            ADMIN,
            post(resend),
        ),
        route::<InvitationsRequest, InvitationResults>(
            Method::POST,
            "/tk/v1/mgmt/invitation/revoke",
            ADMIN,
            post(revoke),
        ),
    ]
}

/// Refuses a call over [`MAX_INVITATIONS_PER_CALL`] items (400, naming the field).
fn at_most(field: &'static str, items: usize) -> Result<()> {
    if items == 0 {
        return Err(Error::MissingArguments(format!("{field} is required")));
    }
    if items > MAX_INVITATIONS_PER_CALL {
        return Err(Error::Validation(vec![FieldError {
            field,
            message: format!("{field}: at most {MAX_INVITATIONS_PER_CALL} per call, got {items}"),
        }]));
    }
    Ok(())
}

fn result(address: &str, outcome: InvitationOutcome, reason: String) -> InvitationResult {
    InvitationResult {
        address: address.to_owned(),
        outcome,
        reason,
    }
}

/// `POST /tk/v1/mgmt/invitation/search` -> a page of the pending invitations, newest first.
async fn search(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<InvitationSearchRequest>,
) -> Result<Json<InvitationSearchResponse>> {
    let page = state
        .db()
        .search_invitations(&admin.scope, &request, state.now())
        .await?;
    Ok(Json(InvitationSearchResponse {
        invitations: page.invitations,
        total: page.total,
    }))
}

/// Why `address` cannot be invited as it is written, if it cannot.
fn address_problem(address: &str) -> Option<String> {
    validate::login_id(address)
        .and_then(|()| validate::email(address))
        .err()
}

/// `POST /tk/v1/mgmt/invitation/create?tenant=` `{addresses, roleNames}` -> one result per
/// address, in order: invited, already a member (nothing sent) or invalid with the reason.
/// The roles must exist in the tenant (404) and be the admin's to grant (403), checked once for
/// the whole call before anything is written.
async fn create(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<InviteRequest>,
) -> Result<Json<InvitationResults>> {
    let Scope::Tenant(tenant) = &admin.scope else {
        return Err(Error::MissingArguments(
            "?tenant= is required: an invitation is to a tenant".to_owned(),
        ));
    };
    at_most("addresses", request.addresses.len())?;
    let db = state.db();
    db.roles_must_exist(tenant.tenant_id(), &request.role_names)
        .await?;
    db.check_grantable_roles(tenant, &request.role_names)
        .await?;

    let addresses: Vec<&str> = request.addresses.iter().map(|a| a.trim()).collect();
    let members = db
        .members_among(
            &admin.scope,
            &addresses
                .iter()
                .map(|a| (*a).to_owned())
                .collect::<Vec<_>>(),
        )
        .await?;
    // Each address: settled now (invalid, twice, a member), or `None` to invite.
    let mut seen = BTreeSet::new();
    let mut settled: Vec<Option<InvitationResult>> = Vec::with_capacity(addresses.len());
    let mut users = Vec::new();
    for address in &addresses {
        let lower = address.to_lowercase();
        let outcome = if let Some(problem) = address_problem(address) {
            Some(result(address, InvitationOutcome::Invalid, problem))
        } else if !seen.insert(lower.clone()) {
            Some(result(
                address,
                InvitationOutcome::Invalid,
                "Listed twice in this call".to_owned(),
            ))
        } else if members.contains(&lower) {
            Some(result(
                address,
                InvitationOutcome::AlreadyMember,
                "Already a member of this tenant (or invited to it)".to_owned(),
            ))
        } else {
            users.push(CreateUserRequest {
                login_id: LoginId::new(*address),
                email: (*address).to_owned(),
                role_names: request.role_names.clone(),
                invite: true,
                ..CreateUserRequest::default()
            });
            None
        };
        settled.push(outcome);
    }
    let created = if users.is_empty() {
        Default::default()
    } else {
        let batch = BatchCreateUsersRequest {
            users,
            invite: true,
        };
        create_users(&state, &admin, batch).await?
    };
    let failures: Vec<(String, String)> = created
        .failed_users
        .into_iter()
        .map(|failed| (failed.user.login_id.as_str().to_lowercase(), failed.failure))
        .collect();
    let results = addresses
        .iter()
        .zip(settled)
        .map(|(address, settled)| {
            settled.unwrap_or_else(|| {
                let lower = address.to_lowercase();
                match failures.iter().find(|(login_id, _)| *login_id == lower) {
                    Some((_, failure)) => {
                        result(address, InvitationOutcome::Invalid, failure.clone())
                    }
                    None => result(address, InvitationOutcome::Invited, String::new()),
                }
            })
        })
        .collect();
    Ok(Json(InvitationResults { results }))
}

/// Runs `each` for every login id of `request` (at most [`MAX_INVITATIONS_PER_CALL`]), one
/// result each (its outcome and a note): a refusal (not found, not invited, not the admin's to
/// change, the email not sent) is that login id's result; a server failure fails the call.
async fn for_each_login_id<F, Fut>(
    request: &InvitationsRequest,
    each: F,
) -> Result<InvitationResults>
where
    F: Fn(LoginId) -> Fut,
    Fut: std::future::Future<Output = Result<(InvitationOutcome, String)>>,
{
    at_most("loginIds", request.login_ids.len())?;
    let mut results = Vec::with_capacity(request.login_ids.len());
    for login_id in &request.login_ids {
        let line = match each(login_id.clone()).await {
            Ok((outcome, note)) => result(login_id.as_str(), outcome, note),
            Err(error)
                if error.status_and_code().0.is_server_error()
                    && !matches!(error, Error::MailNotSent(_)) =>
            {
                return Err(error);
            }
            Err(error) => result(
                login_id.as_str(),
                InvitationOutcome::Invalid,
                error.to_string(),
            ),
        };
        results.push(line);
    }
    Ok(InvitationResults { results })
}

/// `POST /tk/v1/mgmt/invitation/resend` `{loginIds}`: a new link each, the old one dead at once.
async fn resend(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<InvitationsRequest>,
) -> Result<Json<InvitationResults>> {
    let (state, admin) = (&state, &admin);
    for_each_login_id(&request, |login_id| async move {
        resend_invitation(state, admin, &login_id).await?;
        Ok((InvitationOutcome::Resent, String::new()))
    })
    .await
    .map(Json)
}

/// `POST /tk/v1/mgmt/invitation/revoke` `{loginIds}`: each link stops working at once and the
/// invited user leaves the tenant (deleted when they belong nowhere else; always with the
/// management key without `?tenant=`). The note says which.
async fn revoke(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<InvitationsRequest>,
) -> Result<Json<InvitationResults>> {
    let (state, admin) = (&state, &admin);
    for_each_login_id(&request, |login_id| async move {
        let target = admin.target(state, &login_id).await?;
        let note = match state
            .db()
            .revoke_invitation(&admin.scope, &admin.actor, &target, state.now_ms())
            .await?
        {
            Revoked::Deleted => "The invited user was deleted",
            Revoked::RemovedFromTenant => {
                "The invited user left this tenant (they belong to others too)"
            }
        };
        Ok((InvitationOutcome::Revoked, note.to_owned()))
    })
    .await
    .map(Json)
}
