//! One-time sign-ins a backend makes for a user: Descope's test-user generators (an OTP code, a
//! magic link, an enchanted link) and the embedded link. Each is a secret shown once, stored as
//! its SHA-256 ([`crate::db::sign_in_links`]), used once, and short-lived. Redeeming one is a
//! sign-in: the user must be enabled and not held to SSO by a tenant that enforces it, and the
//! [`Myself`] of the signed-in user is made here only. Once a secret stood, the attempt goes into
//! the user's sign-in history ([`super::sign_ins`]) with its kind as the method.

use super::management_key::{self, random_secret};
use super::sign_ins::Attempt;
use super::throttle::Guard;
use crate::capability::{Myself, ProjectWide};
use crate::db::audit::Actor;
use crate::db::sign_in_links::{LinkKind, NewSignInLink, PendingSession};
use crate::db::throttle::Subject;
use crate::error::{Error, Result};
use crate::extract::{ClientAddr, UserAgent};
use crate::state::AppState;
use rand::Rng;
use tenantkit_wire::history::FailureReason;
use tenantkit_wire::{LoginId, Secret, UserId, UserStatus};

/// What a generator hands out once.
#[derive(Debug)]
pub struct Generated {
    /// The code, link token or embedded token.
    pub secret: Secret,
    /// Enchanted links: what the waiting page polls with.
    pub pending_ref: Option<Secret>,
}

/// Makes and stores a one-time sign-in of `kind` for `user_id`, standing `ttl_secs`.
pub async fn generate(
    state: &AppState,
    scope: &ProjectWide,
    actor: &Actor,
    user_id: &UserId,
    kind: LinkKind,
    ttl_secs: i64,
) -> Result<Generated> {
    let secret = match kind {
        LinkKind::Otp => Secret::new(format!(
            "{:06}",
            rand::rngs::OsRng.gen_range(0..1_000_000_u32)
        )),
        _ => random_secret(),
    };
    let pending_ref = (kind == LinkKind::EnchantedLink).then(random_secret);
    let link = NewSignInLink {
        token_hash: match kind {
            LinkKind::Otp => code_hash(user_id, secret.expose()),
            _ => management_key::hash(&secret),
        },
        user_id: user_id.clone(),
        kind,
        pending_hash: pending_ref.as_ref().map(management_key::hash),
        expires: state.now().saturating_add(ttl_secs),
    };
    state
        .db()
        .insert_sign_in_link(scope, actor, &link, state.now_ms())
        .await?;
    Ok(Generated {
        secret,
        pending_ref,
    })
}

/// A code is stored hashed with its user: six digits alone would name nobody.
fn code_hash(user_id: &UserId, code: &str) -> String {
    management_key::hash(&Secret::new(format!("{}:{code}", user_id.as_str())))
}

/// The same 401 for every code or token that does not stand, whatever the reason.
fn refused() -> Error {
    Error::Unauthorized("The code or link is wrong, used or expired".to_owned())
}

/// Signs in with a test user's OTP code. Wrong codes count in the throttle (per address, and
/// per login id apart from its password), so six digits cannot be walked.
pub async fn redeem_code(
    state: &AppState,
    client: ClientAddr,
    user_agent: &UserAgent,
    login_id: &LoginId,
    code: &str,
) -> Result<(Myself, LinkKind)> {
    if login_id.as_str().trim().is_empty() || code.trim().is_empty() {
        return Err(Error::MissingArguments(
            "loginId and code are required".to_owned(),
        ));
    }
    let subject = (Subject::one_time_code(login_id), String::new());
    let guard = Guard::start(state, client, Some(subject)).await?;
    guard
        .run(async {
            let user = state
                .db()
                .credentials(login_id)
                .await?
                .ok_or_else(refused)?
                .user_id;
            let taken = state
                .db()
                .take_sign_in_link(
                    &code_hash(&user, code.trim()),
                    &[LinkKind::Otp],
                    state.now(),
                )
                .await?;
            let (user, kind) = taken.ok_or_else(refused)?;
            Ok((sign_in(state, &user, kind, client, user_agent).await?, kind))
        })
        .await
}

/// Signs in with a magic link's token (`kinds`: a magic link or an embedded link's token).
/// Tokens are 256-bit random: a wrong one still charges the address.
pub async fn redeem_token(
    state: &AppState,
    client: ClientAddr,
    user_agent: &UserAgent,
    token: &str,
    kinds: &[LinkKind],
) -> Result<(Myself, LinkKind)> {
    let hash = token_hash(token)?;
    let guard = Guard::start(state, client, None).await?;
    guard
        .run(async {
            let taken = state
                .db()
                .take_sign_in_link(&hash, kinds, state.now())
                .await?;
            let (user, kind) = taken.ok_or_else(refused)?;
            Ok((sign_in(state, &user, kind, client, user_agent).await?, kind))
        })
        .await
}

/// Opens an enchanted link: its session is then taken by the page polling its `pendingRef`.
pub async fn open_enchanted_link(state: &AppState, client: ClientAddr, token: &str) -> Result<()> {
    let hash = token_hash(token)?;
    let guard = Guard::start(state, client, None).await?;
    guard
        .run(async {
            if state.db().open_enchanted_link(&hash, state.now()).await? {
                Ok(())
            } else {
                Err(refused())
            }
        })
        .await
}

/// Takes the session of an opened enchanted link: 401 until the link is opened (the SDK keeps
/// polling), and for an unknown or expired reference.
pub async fn take_pending_session(
    state: &AppState,
    client: ClientAddr,
    user_agent: &UserAgent,
    pending_ref: &str,
) -> Result<Myself> {
    let hash = token_hash(pending_ref)?;
    state.throttle().check_address(client)?;
    match state.db().take_pending_session(&hash, state.now()).await? {
        PendingSession::Ready(user) => {
            sign_in(state, &user, LinkKind::EnchantedLink, client, user_agent).await
        }
        PendingSession::Waiting => Err(Error::Unauthorized(
            "The enchanted link has not been opened yet".to_owned(),
        )),
        PendingSession::Unknown => {
            state.throttle().address_failed(client);
            Err(refused())
        }
    }
}

fn token_hash(token: &str) -> Result<String> {
    let token = token.trim();
    if token.is_empty() {
        return Err(Error::MissingArguments("token is required".to_owned()));
    }
    Ok(management_key::hash(&Secret::new(token)))
}

/// The sign-in itself, once a one-time secret stood: an enabled user, not held to SSO. The
/// attempt is recorded in the user's sign-in history either way.
async fn sign_in(
    state: &AppState,
    user: &UserId,
    kind: LinkKind,
    client: ClientAddr,
    user_agent: &UserAgent,
) -> Result<Myself> {
    let mut attempt = Attempt::new(kind.as_str(), client.to_text(), user_agent);
    attempt.of(user);
    let outcome = checked_sign_in(state, user, &mut attempt).await;
    attempt.record(state, &outcome).await;
    outcome
}

async fn checked_sign_in(state: &AppState, user: &UserId, attempt: &mut Attempt) -> Result<Myself> {
    let facts = state.db().session_facts(user).await?;
    let Some(facts) = facts.filter(|facts| facts.status == UserStatus::Enabled) else {
        return Err(attempt.failed(
            FailureReason::UserDisabled,
            Error::Unauthorized("The user is disabled or no longer exists".to_owned()),
        ));
    };
    if let Some(tenant) = state.db().sso_enforced_for(user).await? {
        return Err(attempt.failed(
            FailureReason::SsoEnforced,
            Error::Forbidden(format!(
                "{tenant} requires single sign-on: sign in with SSO"
            )),
        ));
    }
    super::signed_in_user(state, user.clone(), facts.session_epoch).await
}
