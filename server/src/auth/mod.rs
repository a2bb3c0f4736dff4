//! Who is calling, and what they may reach.
//!
//! Two steps, as in crates.io's `auth.rs`: an extractor turns the `Authorization` header into an
//! authenticated [`Principal`] (a management key, or a user's verified JWT), then the handler asks
//! [`authorize`] for a [`Scope`] for the permission it needs. The capabilities ([`ProjectWide`],
//! [`TenantScope`], [`Myself`], defined in the leaf module [`crate::capability`]) are only made
//! here, after the check; the storage methods for tenant data take them, so a handler cannot
//! skip the check or reach another tenant's rows by accident. A third kind of principal is an
//! SSO setup link's secret ([`sso_link`]): `SSO Admin` in one tenant, nothing else.
//!
//! Permission checks read the current database state, not the token's claims: a role revoked
//! or a user disabled after the token was issued takes effect on the next call.

pub mod impersonation;
pub mod jobs;
pub mod management_key;
pub mod password;
pub mod scim;
pub mod sign_in_links;
pub mod sign_ins;
pub mod sso;
pub mod sso_link;
pub mod throttle;
pub mod token;

use crate::capability::{Myself, ProjectWide, Scope, TenantScope};
use crate::error::{Error, Result};
use crate::extract::{ClientAddr, UserAgent};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sign_ins::Attempt;
use tenantkit_wire::history::{FailureReason, METHOD_PASSWORD};
use tenantkit_wire::{Claims, LoginId, Secret, TenantId, UserId, UserStatus};
use throttle::{Guard, Subject};
use token::TokenKind;

/// An authenticated caller.
#[derive(Debug, Clone)]
pub enum Principal {
    /// A management key: project-wide, server-to-server.
    ManagementKey {
        /// The key's id (not the secret).
        key_id: String,
    },
    /// A user's session or refresh JWT, signature and expiry verified (boxed: the claims are
    /// large next to a key id).
    User(Box<UserToken>),
    /// An SSO setup link's secret: `SSO Admin` in its one tenant, nothing else ([`sso_link`]).
    SsoSetupLink(Box<sso_link::SetupLink>),
}

impl Principal {
    /// Who this is in the audit trail, calling from `client`: the user's id, or `mgmt:<keyId>`.
    pub fn actor(&self, client: crate::extract::ClientAddr) -> crate::db::audit::Actor {
        let actor_id = match self {
            Self::ManagementKey { key_id } => format!("mgmt:{key_id}"),
            Self::User(token) => token.user_id().as_str().to_owned(),
            Self::SsoSetupLink(link) => return link.actor(client),
        };
        crate::db::audit::Actor {
            actor_id,
            remote_address: client.to_text(),
        }
    }
}

/// A user's JWT whose signature, issuer and expiry have been verified. Whether the user is
/// still active is checked separately, against the database ([`active_user`], [`authorize`]).
#[derive(Debug, Clone)]
pub struct UserToken {
    user_id: UserId,
    kind: TokenKind,
    claims: Claims,
}

impl UserToken {
    /// The user (`sub`).
    pub fn user_id(&self) -> &UserId {
        &self.user_id
    }

    /// Session or refresh token.
    pub fn kind(&self) -> TokenKind {
        self.kind
    }

    /// The verified claims.
    pub fn claims(&self) -> &Claims {
        &self.claims
    }
}

/// The parts of `Authorization: Bearer <projectId>[:<credential>[:<credential>]]`.
struct Bearer<'a> {
    project_id: &'a str,
    credentials: Vec<&'a str>,
}

fn bearer(parts: &Parts) -> Result<Option<Bearer<'_>>> {
    let Some(value) = parts.headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| Error::Unauthorized("Malformed Authorization header".to_owned()))?;
    let token = value
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("bearer "))
        .and_then(|_| value.get(7..))
        .ok_or_else(|| Error::Unauthorized("Authorization must be a Bearer token".to_owned()))?;
    let mut segments = token.trim().split(':');
    let project_id = segments.next().unwrap_or_default();
    let credentials = segments.collect();
    Ok(Some(Bearer {
        project_id,
        credentials,
    }))
}

fn checked_bearer<'a>(parts: &'a Parts, state: &AppState) -> Result<Bearer<'a>> {
    let bearer = bearer(parts)?
        .ok_or_else(|| Error::Unauthorized("Missing Authorization header".to_owned()))?;
    check_project(&bearer, state)?;
    Ok(bearer)
}

fn check_project(bearer: &Bearer<'_>, state: &AppState) -> Result<()> {
    if bearer.project_id == state.project_id().as_str() {
        Ok(())
    } else {
        Err(Error::Unauthorized("Unknown project".to_owned()))
    }
}

fn looks_like_jwt(credential: &str) -> bool {
    credential.split('.').count() == 3
}

/// Verifies a user's JWT. A `kid` this process has not loaded (another process on the database
/// rotated the signing keys) makes it reload its keys first (rate-limited in
/// [`AppState::reload_keys_for`]).
async fn verify_token(state: &AppState, jwt: &str) -> Result<UserToken> {
    if let Some(kid) = token::kid_of(jwt) {
        state.reload_keys_for(&kid).await;
    }
    let (claims, kind) = state.keys().verify(jwt, state.project_id(), state.now())?;
    Ok(UserToken {
        user_id: UserId::new(claims.sub.clone()),
        kind,
        claims,
    })
}

async fn verify_management_key(
    state: &AppState,
    client: ClientAddr,
    cleartext: &str,
) -> Result<Principal> {
    let guard = Guard::start(state, client, None).await?;
    guard
        .run(async {
            let hash = management_key::hash(&Secret::new(cleartext));
            match state.db().active_management_key(&hash).await? {
                Some(key_id) => Ok(Principal::ManagementKey { key_id }),
                None => Err(Error::Unauthorized("Invalid management key".to_owned())),
            }
        })
        .await
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let client = ClientAddr::from_request_parts(parts, state).await?;
        let bearer = checked_bearer(parts, state)?;
        match bearer.credentials.as_slice() {
            [jwt] if looks_like_jwt(jwt) => verify_token(state, jwt)
                .await
                .map(|token| Principal::User(Box::new(token))),
            [link] if tenantkit_wire::sso_link::is_link_token(link) => {
                sso_link::verify(state, client, link).await
            }
            // `<projectId>:<jwt>:<managementKey>` (Go SDK): the management key authenticates.
            [key] | [_, key] if !key.is_empty() => verify_management_key(state, client, key).await,
            _ => Err(Error::Unauthorized("Missing credentials".to_owned())),
        }
    }
}

impl FromRequestParts<AppState> for UserToken {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let bearer = checked_bearer(parts, state)?;
        match bearer.credentials.as_slice() {
            [jwt] => verify_token(state, jwt).await,
            _ => Err(Error::Unauthorized(
                "Expected Bearer <projectId>:<jwt>".to_owned(),
            )),
        }
    }
}

/// The access key of an exchange: `Authorization: Bearer <projectId>:<accessKey>`.
#[derive(Debug, Clone)]
pub struct AccessKeyBearer(pub Secret);

impl FromRequestParts<AppState> for AccessKeyBearer {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let bearer = checked_bearer(parts, state)?;
        match bearer.credentials.as_slice() {
            [key] if !key.is_empty() => Ok(Self(Secret::new(*key))),
            _ => Err(Error::Unauthorized(
                "Expected Bearer <projectId>:<accessKey>".to_owned(),
            )),
        }
    }
}

/// Public calls of the project (sign-in): `Authorization: Bearer <projectId>` is optional, but
/// when present it must name this project.
#[derive(Debug, Clone, Copy)]
pub struct ProjectCaller;

impl FromRequestParts<AppState> for ProjectCaller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        if let Some(bearer) = bearer(parts)? {
            check_project(&bearer, state)?;
        }
        Ok(ProjectCaller)
    }
}

/// The user behind a verified token, if the token still stands: the user exists, is enabled,
/// and the token carries the user's current session epoch (their sessions were not ended since
/// it was issued); an impersonation's token also needs its impersonation to stand
/// ([`impersonation::standing`]). Otherwise 401.
pub async fn active_user(state: &AppState, token: &UserToken) -> Result<Myself> {
    standing(state, token).await.map(|(myself, _)| myself)
}

/// [`active_user`], with the impersonation the token belongs to, if any.
async fn standing(
    state: &AppState,
    token: &UserToken,
) -> Result<(Myself, Option<crate::db::impersonation::Impersonation>)> {
    let facts = state.db().session_facts(token.user_id()).await?;
    standing_with(state, token, facts).await
}

/// [`standing`] with the user's session facts read already (`None`: no such user).
async fn standing_with(
    state: &AppState,
    token: &UserToken,
    facts: Option<crate::db::users::SessionFacts>,
) -> Result<(Myself, Option<crate::db::impersonation::Impersonation>)> {
    match facts {
        Some(facts)
            if facts.status == UserStatus::Enabled
                && token.claims().session_epoch == facts.session_epoch =>
        {
            let impersonation = impersonation::standing(state, token).await?;
            Ok((
                Myself::after_check(token.user_id().clone(), facts.session_epoch),
                impersonation,
            ))
        }
        _ => Err(Error::Unauthorized(
            "The session is no longer valid".to_owned(),
        )),
    }
}

/// The project-wide capability of a management key (it needs no further check); `None` for a
/// user's token.
pub fn project_wide(principal: &Principal) -> Option<ProjectWide> {
    match principal {
        Principal::ManagementKey { .. } => Some(ProjectWide::after_check()),
        Principal::User(_) | Principal::SsoSetupLink(_) => None,
    }
}

/// Checks that `principal` holds `permission` and returns the scope it may reach.
///
/// - A management key reaches the whole project, or only `tenant` when one is given.
/// - A user's JWT needs `tenant` (widget mode); see [`authorize_tenant`].
pub async fn authorize(
    state: &AppState,
    principal: &Principal,
    tenant: Option<TenantId>,
    permission: &str,
) -> Result<Scope> {
    match (principal, tenant) {
        (Principal::ManagementKey { .. }, None) => Ok(Scope::Project(ProjectWide::after_check())),
        (_, tenant) => {
            let tenant = tenant.unwrap_or_else(|| TenantId::new(""));
            authorize_tenant(state, principal, tenant, permission)
                .await
                .map(Scope::Tenant)
        }
    }
}

/// Checks that `principal` holds `permission` in `tenant` and returns that tenant's scope.
///
/// - A management key reaches any tenant that exists (an unknown one is 404).
/// - A user's JWT needs a tenant (else 400), must still stand ([`active_user`], else 401), and
///   the user must be a member of the tenant holding a role there that grants `permission`
///   (else 403; an unknown tenant is answered the same way).
pub async fn authorize_tenant(
    state: &AppState,
    principal: &Principal,
    tenant: TenantId,
    permission: &str,
) -> Result<TenantScope> {
    match principal {
        Principal::ManagementKey { .. } if state.db().tenant_exists(&tenant).await? => {
            Ok(TenantScope::after_check(tenant, None))
        }
        Principal::ManagementKey { .. } => Err(Error::NotFound(format!("Unknown tenant {tenant}"))),
        Principal::SsoSetupLink(link) => link.scope(tenant, permission),
        Principal::User(token) => {
            if tenant.as_str().is_empty() {
                return Err(Error::MissingArguments(
                    "A user token needs the ?tenant=<tenantId> query parameter".to_owned(),
                ));
            }
            // One query reads the session facts with the access; the session is judged first.
            let access = state
                .db()
                .tenant_access(token.user_id(), &tenant, permission)
                .await?;
            let (myself, impersonation) = standing_with(state, token, access.session).await?;
            if let Some(confined) = impersonation.and_then(|impersonation| impersonation.tenant)
                && confined != tenant
            {
                return Err(Error::Forbidden(format!(
                    "This impersonation session is confined to tenant {confined}"
                )));
            }
            if access.member && access.disabled {
                return Err(Error::Forbidden(format!(
                    "Tenant {tenant} is disabled: nobody can sign in to it or administer it \
                     until the product owner enables it again"
                )));
            }
            if access.member && access.granted {
                Ok(TenantScope::after_check(
                    tenant,
                    Some(myself.user_id().clone()),
                ))
            } else {
                Err(Error::Forbidden(format!(
                    "Not allowed: {permission} is required in tenant {tenant}"
                )))
            }
        }
    }
}

/// Checks a password sign-in from `client`. Unknown login id, wrong password, no password and a
/// user who is not enabled all get the same 401, in about the same time. A right password that
/// has expired (or is temporary) gets a 401 that says so: it must be replaced first
/// ([`replace_password`]). Failures are throttled ([`throttle`]). Returns the user and whether
/// this is their first sign-in. The attempt goes into the user's sign-in history ([`sign_ins`]).
pub async fn sign_in_with_password(
    state: &AppState,
    client: ClientAddr,
    login_id: &LoginId,
    password: &Secret,
    user_agent: &UserAgent,
) -> Result<(Myself, bool)> {
    let mut attempt = Attempt::new(METHOD_PASSWORD, client.to_text(), user_agent);
    let outcome = password_sign_in(state, client, login_id, password, &mut attempt).await;
    attempt.record(state, &outcome).await;
    outcome
}

async fn password_sign_in(
    state: &AppState,
    client: ClientAddr,
    login_id: &LoginId,
    password: &Secret,
    attempt: &mut Attempt,
) -> Result<(Myself, bool)> {
    let credentials = check_password(state, client, login_id, password, attempt).await?;
    sso::refuse_password_when_sso_enforced(state, &credentials.user_id)
        .await
        .map_err(|error| attempt.failed(FailureReason::SsoEnforced, error))?;
    let policy = state
        .db()
        .user_password_policy(&credentials.user_id)
        .await?;
    let too_old = policy.expires_after_secs().is_some_and(|limit| {
        credentials.password_changed > 0
            && state.now().saturating_sub(credentials.password_changed) > limit
    });
    if credentials.password_expired || too_old {
        return Err(attempt.failed(
            FailureReason::PasswordExpired,
            Error::Unauthorized(
                "The password has expired: set a new one (POST /v1/auth/password/replace)"
                    .to_owned(),
            ),
        ));
    }
    signed_in(state, credentials).await
}

/// Replaces the password of `login_id` after checking the current one (which may have
/// expired), then signs the user in (a password sign-in in their history).
pub async fn replace_password(
    state: &AppState,
    login_id: &LoginId,
    old_password: &Secret,
    new_password: Secret,
    client: ClientAddr,
    user_agent: &UserAgent,
) -> Result<(Myself, bool)> {
    let mut attempt = Attempt::new(METHOD_PASSWORD, client.to_text(), user_agent);
    let outcome = replace_and_sign_in(
        state,
        login_id,
        old_password,
        new_password,
        client,
        &mut attempt,
    )
    .await;
    attempt.record(state, &outcome).await;
    outcome
}

async fn replace_and_sign_in(
    state: &AppState,
    login_id: &LoginId,
    old_password: &Secret,
    new_password: Secret,
    client: ClientAddr,
    attempt: &mut Attempt,
) -> Result<(Myself, bool)> {
    let credentials = check_password(state, client, login_id, old_password, attempt).await?;
    sso::refuse_password_when_sso_enforced(state, &credentials.user_id)
        .await
        .map_err(|error| attempt.failed(FailureReason::SsoEnforced, error))?;
    check_new_password(
        state,
        Some(&credentials.user_id),
        &new_password,
        "newPassword",
    )
    .await?;
    let hash = state.hashing().hash(new_password).await?;
    state
        .db()
        .replace_password(
            &credentials.user_id,
            &hash,
            &client.to_text(),
            state.now_ms(),
        )
        .await?;
    signed_in(state, credentials).await
}

/// The credentials of an enabled user whose password is `password`, else 401; 429 while the
/// client's address is refused or the login id locked ([`throttle`]). Tells `attempt` whose it
/// is and why it failed.
async fn check_password(
    state: &AppState,
    client: ClientAddr,
    login_id: &LoginId,
    password: &Secret,
    attempt: &mut Attempt,
) -> Result<crate::db::users::Credentials> {
    if login_id.as_str().trim().is_empty() || password.is_empty() {
        return Err(Error::MissingArguments(
            "loginId and password are required".to_owned(),
        ));
    }
    let credentials = state.db().credentials(login_id).await?;
    if let Some(credentials) = &credentials {
        attempt.of(&credentials.user_id);
    }
    let stored = credentials
        .as_ref()
        .and_then(|credentials| credentials.password_hash.clone());
    let subject = (
        Subject::login_id(login_id),
        throttle::guarding(stored.as_deref()),
    );
    let guard = Guard::start(state, client, Some(subject)).await?;
    guard
        .run(async {
            let matches = state.hashing().verify(password.clone(), stored).await?;
            match credentials {
                Some(credentials) if matches && credentials.locked => Err(attempt.failed(
                    FailureReason::Locked,
                    Error::Unauthorized(
                        "This account is locked after too many failed sign-ins: ask an \
                         administrator to reset the password"
                            .to_owned(),
                    ),
                )),
                Some(credentials) if matches && credentials.status == UserStatus::Enabled => {
                    Ok(credentials)
                }
                Some(credentials) if !matches => {
                    let policy = state
                        .db()
                        .user_password_policy(&credentials.user_id)
                        .await?;
                    state
                        .db()
                        .record_failed_sign_in(
                            &credentials.user_id,
                            policy.lock_after(),
                            &client.to_text(),
                            state.now_ms(),
                        )
                        .await?;
                    Err(attempt.failed(
                        FailureReason::WrongPassword,
                        Error::Unauthorized("Invalid login id or password".to_owned()),
                    ))
                }
                // A known user here is one who is not enabled (the same answer as a wrong
                // password, so it tells nothing).
                _ => Err(attempt.failed(
                    FailureReason::UserDisabled,
                    Error::Unauthorized("Invalid login id or password".to_owned()),
                )),
            }
        })
        .await
}

async fn signed_in(
    state: &AppState,
    credentials: crate::db::users::Credentials,
) -> Result<(Myself, bool)> {
    let first_seen = credentials.last_login == 0;
    let myself = signed_in_user(state, credentials.user_id, credentials.session_epoch).await?;
    Ok((myself, first_seen))
}

/// What every sign-in of a checked user records (the sign-in, activity, self-provisioning into
/// the tenants their email domain joins), and their [`Myself`] at `session_epoch`.
pub(crate) async fn signed_in_user(
    state: &AppState,
    user: UserId,
    session_epoch: i64,
) -> Result<Myself> {
    state.db().record_sign_in(&user, state.now()).await?;
    state.db().record_activity(&user, state.now()).await?;
    state.db().self_provision(&user, state.now_ms()).await?;
    Ok(Myself::after_check(user, session_epoch))
}

/// Refuses non-empty `customClaims` for `what` (400) rather than dropping them: user tokens
/// carry no custom claims yet.
pub(crate) fn refuse_custom_claims(
    claims: Option<&serde_json::Map<String, serde_json::Value>>,
    what: &str,
) -> Result<()> {
    if claims.is_some_and(|claims| !claims.is_empty()) {
        return Err(Error::InvalidArguments(format!(
            "customClaims are not supported in {what} yet: leave them out"
        )));
    }
    Ok(())
}

/// Signs a token for `myself` with the grants of the current database state. Its current tenant
/// (`dct`) is `selected` while the user belongs to it (`POST /v1/auth/tenant/select` chose it,
/// a refresh keeps it), else their first tenant.
pub async fn issue_token(
    state: &AppState,
    myself: &Myself,
    kind: TokenKind,
    amr: &[String],
    selected: Option<&str>,
) -> Result<Secret> {
    let issue = Issue {
        selected,
        ..Issue::default()
    };
    sign_token(state, myself, kind, amr, issue).await
}

/// A new token of the same session as `token` (a refresh): an impersonation's token stays one,
/// with its actor, its tenant and its end; the tenant it selected stays selected.
pub async fn reissue(
    state: &AppState,
    myself: &Myself,
    token: &UserToken,
    kind: TokenKind,
) -> Result<Secret> {
    let acting = impersonation::standing(state, token).await?;
    let issue = Issue {
        expires_by: acting.as_ref().map(|acting| acting.expires),
        acting: acting.as_ref(),
        selected: token.claims().dct.as_deref(),
    };
    sign_token(state, myself, kind, &token.claims().amr, issue).await
}

/// What a token is issued for beyond its user.
#[derive(Debug, Default, Clone, Copy)]
struct Issue<'a> {
    /// The impersonation it belongs to: its actor goes in `act`, and only its tenant's grants
    /// (when it is confined to one) in the claims.
    acting: Option<&'a crate::db::impersonation::Impersonation>,
    /// The latest expiry, epoch seconds (else the session policy's lifetime from now).
    expires_by: Option<i64>,
    /// The current tenant (`dct`) while the user belongs to it, else their first tenant.
    selected: Option<&'a str>,
}

async fn sign_token(
    state: &AppState,
    myself: &Myself,
    kind: TokenKind,
    amr: &[String],
    issue: Issue<'_>,
) -> Result<Secret> {
    let mut grants = state.db().grants(myself).await?;
    let now = state.now();
    let ttl = token_ttl(state, myself.user_id(), kind).await?;
    let exp = now
        .saturating_add(ttl)
        .min(issue.expires_by.unwrap_or(i64::MAX));
    if let Some(tenant) = issue.acting.and_then(|acting| acting.tenant.as_ref()) {
        grants.tenants.retain(|(held, _)| held == tenant);
        grants.project = tenantkit_wire::TenantGrants::default();
    }
    let claims = Claims {
        iss: state.project_id().as_str().to_owned(),
        sub: myself.user_id().as_str().to_owned(),
        iat: now,
        exp,
        drn: kind.drn().to_owned(),
        amr: amr.to_vec(),
        dct: issue
            .selected
            .filter(|selected| {
                grants
                    .tenants
                    .iter()
                    .any(|(tenant, _)| tenant.as_str() == *selected)
            })
            .or_else(|| grants.tenants.first().map(|(tenant, _)| tenant.as_str()))
            .map(str::to_owned),
        tenants: crate::db::users::tenants_claim(&grants),
        roles: grants.project.roles,
        permissions: grants.project.permissions,
        session_epoch: myself.session_epoch(),
        act: issue.acting.map(|acting| tenantkit_wire::auth::ActorClaim {
            sub: acting.actor_id.as_str().to_owned(),
        }),
        impersonation: issue.acting.map(|acting| acting.id.clone()),
    };
    state.keys().sign(&claims)
}

/// How long a `kind` token of `user` lives: their tenants' session policy (the strictest), else
/// the server's settings.
async fn token_ttl(state: &AppState, user: &UserId, kind: TokenKind) -> Result<i64> {
    let policy = state.db().user_session_policy(user).await?;
    Ok(match (kind, policy) {
        (TokenKind::Session, Some(policy)) => policy.session_secs,
        (TokenKind::Refresh, Some(policy)) => policy.refresh_secs,
        (TokenKind::Session, None) => state.settings().session_ttl_secs,
        (TokenKind::Refresh, None) => state.settings().refresh_ttl_secs,
    })
}

/// Checks a new password against the policy its user meets (for a user not created yet, the
/// project's): each rule of [`tenantkit_wire::policy::PasswordSettings`], then reuse of the last
/// passwords. The error names the rule that failed, on `field`.
pub async fn check_new_password(
    state: &AppState,
    user: Option<&UserId>,
    password: &Secret,
    field: &'static str,
) -> Result<()> {
    let policy = match user {
        Some(user) => state.db().user_password_policy(user).await?,
        None => state.db().password_policy(None).await?,
    };
    let refuse = |rule: tenantkit_wire::policy::PasswordRule| {
        Error::Validation(vec![tenantkit_wire::FieldError {
            field,
            message: rule.message(),
        }])
    };
    policy.check(password.expose()).map_err(refuse)?;
    let Some(user) = user else { return Ok(()) };
    let count = policy.reuse_count();
    for hash in state.db().recent_password_hashes(user, count).await? {
        if state.hashing().verify(password.clone(), Some(hash)).await? {
            return Err(refuse(tenantkit_wire::policy::PasswordRule::Reuse(count)));
        }
    }
    Ok(())
}

/// The inactivity timeout of the user's tenants (the shortest, when on): a refresh after that
/// long without one ends the session (401); otherwise it counts as activity.
pub async fn check_inactivity(state: &AppState, myself: &Myself) -> Result<()> {
    let user = myself.user_id();
    let policy = state.db().user_session_policy(user).await?;
    if let Some(limit) = policy.and_then(|policy| policy.inactivity_secs) {
        let last = state.db().last_active(user).await?;
        if last > 0 && state.now().saturating_sub(last) > limit {
            return Err(Error::Unauthorized(format!(
                "The session ended after {} minutes without activity: sign in again",
                limit / 60
            )));
        }
    }
    state.db().record_activity(user, state.now()).await
}
