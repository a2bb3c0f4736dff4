//! A bulk action on every user matching a search: the users are the ones that matched when
//! the admin confirmed their count (snapshot in the job's input), and each is changed on its
//! own through the same storage calls as one user's route, so the same refusals hold (your own
//! row, roles you cannot grant, accounts other tenants share).

use crate::capability::{Scope, TenantScope};
use crate::db::audit::Actor;
use crate::db::user_changes::{Change, RoleOp, UserKey};
use crate::error::{Error, Result};
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use tenantkit_wire::jobs::{
    BulkActionKind, BulkPreviewRequest, BulkPreviewResponse, BulkRequest, BulkRoleImpact,
    MAX_BULK_USERS, RowOutcome, RowResult,
};
use tenantkit_wire::user::MAX_PAGE_SIZE;
use tenantkit_wire::{UserId, UserSearchRequest, UserStatus};

/// A bulk job's input: the action and the users it reaches, in search order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkInput {
    /// What to do.
    pub action: BulkActionKind,
    /// The roles of `addRoles` / `removeRoles`.
    pub role_names: Vec<String>,
    /// `(user id, login id)` of every user, in search order.
    pub users: Vec<(UserId, String)>,
}

/// The users `filter` matches now, counted (400 past [`MAX_BULK_USERS`]).
async fn count_matches(state: &AppState, scope: &Scope, filter: &UserSearchRequest) -> Result<u64> {
    let filter = UserSearchRequest {
        limit: 1,
        page: 0,
        ..filter.clone()
    };
    let counted = state.db().search_users(scope, &filter).await?;
    if counted.total_capped || counted.total > MAX_BULK_USERS {
        return Err(Error::InvalidArguments(format!(
            "A bulk action reaches at most {MAX_BULK_USERS} users: narrow the search"
        )));
    }
    Ok(counted.total)
}

/// The roles `action` gives (`true`) or takes away (`false`), if it changes roles.
fn role_direction(action: BulkActionKind) -> Option<bool> {
    match action {
        BulkActionKind::AddRoles => Some(true),
        BulkActionKind::RemoveRoles => Some(false),
        _ => None,
    }
}

/// What `request` would do now, written nowhere: the users it reaches and, for a role change,
/// per role how many gain or lose it and what the caller would lose (bounded: counting
/// queries, no walk of the matches).
pub async fn preview(
    state: &AppState,
    scope: &TenantScope,
    request: &BulkPreviewRequest,
) -> Result<BulkPreviewResponse> {
    let count = count_matches(state, &scope.to_scope(), &request.filter).await?;
    let mut answer = BulkPreviewResponse {
        count,
        ..BulkPreviewResponse::default()
    };
    let Some(adding) = role_direction(request.action) else {
        return Ok(answer);
    };
    if request.role_names.is_empty() {
        return Err(Error::MissingArguments("roleNames is required".to_owned()));
    }
    let held = state
        .db()
        .bulk_role_holders(scope, &request.filter, &request.role_names)
        .await?;
    answer.roles = held
        .holders
        .iter()
        .map(|(name, holders)| BulkRoleImpact {
            name: name.clone(),
            gain: if adding {
                count.saturating_sub(*holders)
            } else {
                0
            },
            lose: if adding { 0 } else { *holders },
        })
        .collect();
    if !adding {
        answer.removes_own_user_admin =
            held.caller_holds_user_admin && !held.caller_keeps_user_admin;
        answer.caller_loses = held.caller_holds;
    }
    Ok(answer)
}

/// Checks `request` against the users its filter matches now and returns the job's input: 409
/// with the current count when it is not the confirmed one, 400 past [`MAX_BULK_USERS`].
pub async fn prepare(state: &AppState, scope: &Scope, request: &BulkRequest) -> Result<BulkInput> {
    if role_direction(request.action).is_some() && request.role_names.is_empty() {
        return Err(Error::MissingArguments("roleNames is required".to_owned()));
    }
    let total = count_matches(state, scope, &request.filter).await?;
    if total != request.expected_count {
        return Err(Error::Conflict(format!(
            "{total} users match this search now, not {}: confirm the new count",
            request.expected_count
        )));
    }
    let mut users = Vec::new();
    let mut page = 0;
    while (users.len() as u64) < total {
        let found = state
            .db()
            .search_users(
                scope,
                &UserSearchRequest {
                    limit: MAX_PAGE_SIZE,
                    page,
                    ..request.filter.clone()
                },
            )
            .await?;
        if found.users.is_empty() {
            break;
        }
        users.extend(found.users.into_iter().map(|user| {
            let login_id = user
                .login_ids
                .first()
                .map(|login_id| login_id.as_str().to_owned())
                .unwrap_or_default();
            (user.id, login_id)
        }));
        page += 1;
    }
    Ok(BulkInput {
        action: request.action,
        role_names: request.role_names.clone(),
        users,
    })
}

/// Acts on the users `from..from + count` of `input`: each one's result (a refusal is that
/// user's error; a server-side failure fails the batch).
pub async fn apply(
    state: &AppState,
    scope: &Scope,
    actor: &Actor,
    input: &BulkInput,
    from: usize,
    count: usize,
) -> Result<Vec<RowResult>> {
    let mut results = Vec::with_capacity(count);
    for (index, (id, login_id)) in input.users.iter().enumerate().skip(from).take(count) {
        let (outcome, reason) = match act(state, scope, actor, input, id).await {
            Ok(outcome) => (outcome, String::new()),
            Err(error) if error.status_and_code().0.is_server_error() => return Err(error),
            Err(error) => (RowOutcome::Error, error.to_string()),
        };
        results.push(RowResult {
            row: index as u64 + 1,
            login_id: login_id.clone(),
            outcome,
            column: String::new(),
            reason,
        });
    }
    Ok(results)
}

/// The action on one user: `Update` when done, `Unchanged` when there was nothing to do.
async fn act(
    state: &AppState,
    scope: &Scope,
    actor: &Actor,
    input: &BulkInput,
    id: &UserId,
) -> Result<RowOutcome> {
    let db = state.db();
    let now = state.now_ms();
    let target = db.target(scope, UserKey::UserId(id)).await?;
    let change = match input.action {
        BulkActionKind::Enable | BulkActionKind::Disable => {
            let wanted = if input.action == BulkActionKind::Enable {
                UserStatus::Enabled
            } else {
                UserStatus::Disabled
            };
            if target.status() == wanted {
                return Ok(RowOutcome::Unchanged);
            }
            Change::Status(wanted)
        }
        BulkActionKind::AddRoles | BulkActionKind::RemoveRoles => Change::Roles {
            op: if role_direction(input.action) == Some(true) {
                RoleOp::Add
            } else {
                RoleOp::Remove
            },
            tenant: scope.tenant_id().cloned().unwrap_or_default(),
            names: input.role_names.clone(),
        },
        BulkActionKind::Logout => Change::Logout,
        BulkActionKind::RemoveFromTenant => {
            Change::RemoveTenant(scope.tenant_id().cloned().unwrap_or_default())
        }
        BulkActionKind::Delete => {
            db.delete_users(scope, actor, &[target], now).await?;
            return Ok(RowOutcome::Update);
        }
    };
    db.change_user(scope, actor, &target, &[change], now)
        .await?;
    Ok(RowOutcome::Update)
}
