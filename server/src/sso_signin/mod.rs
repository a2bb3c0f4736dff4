//! SSO sign-in through a tenant's connection (issue 15): the start (Descope's `sso.start`), the
//! SAML ACS, the mapping of what the IdP says to a just-in-time user, and the one-time code of
//! Descope's `sso.exchange`.
//!
//! The flow: `start` picks the tenant (its id, or the email whose domain routes to a connection),
//! stores a pending request and answers the IdP URL; the IdP posts its Response to the ACS,
//! which verifies it ([`saml`]), signs the user in to the tenant (created on first sign-in) and
//! sends the browser to the redirect URL with a one-time code; the exchange trades the code for
//! the session and refresh JWTs, issued as password sign-in issues them.

pub mod diagnosis;
pub mod oidc;
pub mod saml;

use crate::auth;
use crate::auth::sign_ins::Attempt;
use crate::capability::{Myself, TenantScope};
use crate::db::sso::SsoRecord;
use crate::db::sso_signin::{PendingSignIn, SsoIdentity};
use crate::error::{Error, Result};
use crate::extract::UserAgent;
use crate::state::AppState;
use base64::Engine;
use sha2::Digest;
use std::collections::BTreeSet;
use tenantkit_wire::TenantId;
use tenantkit_wire::history::{FailureReason, METHOD_OIDC};
use tenantkit_wire::sso::SsoAuthType;

/// How long a one-time code of the exchange lives, seconds.
pub const CODE_TTL_SECS: i64 = 120;

/// Our SP values of one connection (the same URLs `<tenant-sso-setup>` shows).
#[derive(Debug, Clone)]
pub struct SpUrls {
    pub entity_id: String,
    pub acs_url: String,
    pub oidc_callback: String,
}

/// The browser a sign-in comes from: its address (the audit trail) and its user agent (with
/// the address, the sign-in history).
#[derive(Debug, Clone, Copy)]
pub struct Browser<'a> {
    /// The client address as text.
    pub address: &'a str,
    /// Its `User-Agent`.
    pub user_agent: &'a UserAgent,
}

/// A random URL-safe token of 256 bits.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0_u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 (hex) under which a one-time code is stored.
pub fn code_hash(code: &str) -> String {
    sha2::Sha256::digest(code.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `tenant` of a start: a tenant id, or an email whose domain routes to a connection. Returns
/// the tenant and the connection (`sso_id` wins when given).
pub async fn resolve_tenant(
    state: &AppState,
    tenant: &str,
    sso_id: Option<&str>,
) -> Result<(TenantId, String)> {
    let tenant = tenant.trim();
    if tenant.is_empty() {
        return Err(Error::MissingArguments(
            "tenant (a tenant id or the user's email) is required".to_owned(),
        ));
    }
    if let Some((_, domain)) = tenant.rsplit_once('@') {
        let route = state.db().sso_route_for_domain(domain).await?;
        return match route {
            Some((tenant, routed)) => Ok((tenant, sso_id.map_or(routed, str::to_owned))),
            None => Err(Error::NotFound(
                "No SSO connection is set up for this email's domain".to_owned(),
            )),
        };
    }
    Ok((TenantId::new(tenant), sso_id.unwrap_or_default().to_owned()))
}

/// The redirect URL a sign-in ends on: the one given (its origin must be an allowed origin,
/// ours, or that of the connection's configured redirect URL), else the configured one.
pub fn redirect_url(state: &AppState, record: &SsoRecord, given: &str) -> Result<String> {
    let configured = match record.auth_type {
        SsoAuthType::Oidc => record.oidc.redirect_url.clone(),
        _ => record.saml.redirect_url.clone(),
    };
    let wanted = if given.trim().is_empty() {
        configured.clone()
    } else {
        given.trim().to_owned()
    };
    if wanted.is_empty() {
        return Err(Error::MissingArguments(
            "redirectURL is required (the connection has no default redirect URL)".to_owned(),
        ));
    }
    let origin = origin_of(&wanted)
        .ok_or_else(|| Error::InvalidArguments("redirectURL must be an http(s) URL".to_owned()))?;
    let allowed = state
        .settings()
        .allowed_origins
        .iter()
        .map(|origin| origin.trim_end_matches('/').to_owned())
        .chain(origin_of(&state.settings().public_url))
        .chain(origin_of(&configured))
        .any(|allowed| allowed.eq_ignore_ascii_case(&origin));
    if allowed {
        Ok(wanted)
    } else {
        Err(Error::InvalidArguments(format!(
            "redirectURL's origin {origin} is not an allowed origin of this server"
        )))
    }
}

/// `scheme://host[:port]` of an http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    Some(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        authority.to_ascii_lowercase()
    ))
}

/// The connection's stored record, enabled for sign-in or not.
pub async fn connection(state: &AppState, scope: &TenantScope, sso_id: &str) -> Result<SsoRecord> {
    state
        .db()
        .sso_configs(scope, Some(sso_id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::NotFound("No such SSO configuration for this tenant".to_owned()))
}

/// The SAML values of a connection that a Response is checked against.
pub async fn saml_connection(
    state: &AppState,
    scope: &TenantScope,
    record: &SsoRecord,
    sp: &SpUrls,
) -> Result<saml::Connection> {
    Ok(saml::Connection {
        idp_entity_id: record.saml.idp_entity_id.clone(),
        idp_sso_url: record.saml.idp_sso_url.clone(),
        idp_certificate: record.saml.idp_certificate.clone(),
        sp_entity_id: sp.entity_id.clone(),
        acs_url: sp.acs_url.clone(),
        allow_idp_initiated: state
            .db()
            .sso_allows_idp_initiated(scope, &record.sso_id)
            .await?,
    })
}

/// Starts a SAML sign-in (or a test run, `test_run` non-empty): stores the pending request and
/// answers the IdP URL.
pub async fn start_saml(
    state: &AppState,
    scope: &TenantScope,
    record: &SsoRecord,
    sp: &SpUrls,
    redirect_url: String,
    test_run: String,
) -> Result<String> {
    let connection = saml_connection(state, scope, record, sp).await?;
    let request_id = format!("_{}", random_token());
    let relay_state = random_token();
    let url = saml::authn_request_url(&connection, &request_id, &relay_state)
        .map_err(|refusal| Error::BadRequest(format!("SSO configuration: {}", refusal.detail)))?;
    let pending = PendingSignIn {
        id: request_id,
        sso_id: record.sso_id.clone(),
        protocol: "saml".to_owned(),
        relay_state,
        redirect_url,
        test_run,
        expires: state.now() + saml::PENDING_TTL_SECS,
        ..PendingSignIn::default()
    };
    state
        .db()
        .insert_sso_pending(scope, &pending, state.now())
        .await?;
    Ok(url)
}

/// The identity an assertion describes, through the connection's attribute mapping, with the
/// roles its groups and the default roles give. `None` login id: the assertion names no user.
pub fn saml_identity(record: &SsoRecord, assertion: &saml::VerifiedAssertion) -> SsoIdentity {
    let mapping = &record.saml.attribute_mapping;
    let first = |name: &str| -> Option<String> {
        if name.is_empty() {
            return None;
        }
        assertion
            .attributes
            .get(name)
            .and_then(|values| values.first())
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let name_id_is_email =
        assertion.name_id_format.ends_with(":emailAddress") || assertion.name_id.contains('@');
    let email = first(&mapping.email)
        .or_else(|| name_id_is_email.then(|| assertion.name_id.trim().to_owned()));
    let login_id = email
        .clone()
        .unwrap_or_else(|| assertion.name_id.trim().to_owned());
    let groups: BTreeSet<String> = if mapping.group.is_empty() {
        BTreeSet::new()
    } else {
        assertion
            .attributes
            .get(&mapping.group)
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    };
    let mut roles: BTreeSet<String> = record.saml.default_sso_roles.iter().cloned().collect();
    for role_mapping in &record.saml.role_mappings {
        if role_mapping
            .groups
            .iter()
            .any(|group| groups.contains(group))
        {
            roles.insert(role_mapping.role_name.clone());
        }
    }
    let mut custom_attributes = serde_json::Map::new();
    for (ours, theirs) in &mapping.custom_attributes {
        if let Some(value) = first(theirs) {
            custom_attributes.insert(ours.clone(), serde_json::Value::String(value));
        }
    }
    SsoIdentity {
        login_id,
        subject: assertion.name_id.clone(),
        name: first(&mapping.name),
        given_name: first(&mapping.given_name),
        family_name: first(&mapping.family_name),
        email,
        custom_attributes,
        roles,
    }
}

/// Signs a verified identity in to the scope's tenant and answers a one-time code for the
/// exchange. An existing user who is not yet a member of the tenant joins it only when their
/// login id's email domain is one of the connection's domains: another tenant's IdP cannot
/// claim a user it does not vouch for. The attempt goes into the user's sign-in history (the
/// browser's address and user agent, into the tenant) with `amr` (`saml` or `oidc`) as its
/// method.
pub async fn sign_in_identity(
    state: &AppState,
    browser: Browser<'_>,
    scope: &TenantScope,
    record: &SsoRecord,
    identity: &SsoIdentity,
    amr: &'static str,
) -> Result<(String, bool)> {
    let mut attempt = Attempt::new(amr, browser.address.to_owned(), browser.user_agent)
        .into_tenant(scope.tenant_id());
    let outcome = sign_in_verified(
        state,
        browser.address,
        scope,
        record,
        identity,
        amr,
        &mut attempt,
    )
    .await;
    attempt.record(state, &outcome).await;
    outcome
}

async fn sign_in_verified(
    state: &AppState,
    client_address: &str,
    scope: &TenantScope,
    record: &SsoRecord,
    identity: &SsoIdentity,
    amr: &str,
    attempt: &mut Attempt,
) -> Result<(String, bool)> {
    if identity.login_id.is_empty() {
        return Err(Error::Unauthorized(
            "The IdP named no user (no NameID and no mapped email)".to_owned(),
        ));
    }
    if let Some((user_id, status, member, _)) = state
        .db()
        .sso_existing_user(scope, &identity.login_id)
        .await?
    {
        attempt.of(&user_id);
        if status != tenantkit_wire::UserStatus::Enabled {
            return Err(attempt.failed(
                FailureReason::UserDisabled,
                Error::Unauthorized("The user is disabled".to_owned()),
            ));
        }
        let domain = identity
            .login_id
            .rsplit_once('@')
            .map(|(_, domain)| domain.to_ascii_lowercase());
        let vouched = domain.is_some_and(|domain| record.domains.contains(&domain));
        if !member && !vouched {
            return Err(attempt.failed(
                FailureReason::NotAllowed,
                Error::Forbidden(
                    "A user with this login id exists outside this tenant, and its domain is \
                     not one of this SSO connection's domains"
                        .to_owned(),
                ),
            ));
        }
    }
    let outcome = state
        .db()
        .sso_sign_in_user(
            client_address,
            scope,
            &record.sso_id,
            identity,
            state.now_ms(),
        )
        .await?;
    attempt.of(&outcome.user_id);
    let code = random_token();
    state
        .db()
        .insert_sso_code(
            &code_hash(&code),
            &outcome.user_id,
            amr,
            outcome.created,
            state.now() + CODE_TTL_SECS,
        )
        .await?;
    Ok((code, outcome.created))
}

/// `url` with `?code=` (or `&code=`) appended.
pub fn with_code(url: &str, code: &str) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (url, None),
    };
    let separator = if base.contains('?') { '&' } else { '?' };
    let mut out = format!("{base}{separator}code={code}");
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Trades a one-time code for the user it was issued to, the method (`saml` / `oidc`) and
/// whether that sign-in created the user.
pub async fn exchange(state: &AppState, code: &str) -> Result<(Myself, String, bool)> {
    if code.trim().is_empty() {
        return Err(Error::MissingArguments("code is required".to_owned()));
    }
    let (user_id, amr, first_seen) = state
        .db()
        .take_sso_code(&code_hash(code.trim()), state.now())
        .await?
        .ok_or_else(|| Error::Unauthorized("The code is invalid or has expired".to_owned()))?;
    let myself = auth::sso::sso_user(state, &user_id).await?;
    Ok((myself, amr, first_seen))
}

/// Starts a test run of a connection's configured protocol: the IdP URL and the run's id. The
/// connection need not be enabled.
pub async fn start_test_run(
    state: &AppState,
    actor: &crate::db::audit::Actor,
    scope: &TenantScope,
    record: &SsoRecord,
    sp: &SpUrls,
    redirect_url: String,
) -> Result<(String, String)> {
    if record.configured == SsoAuthType::None {
        return Err(Error::BadRequest(
            "Test connection needs saved SAML or OIDC settings".to_owned(),
        ));
    }
    let id = format!("T{}", random_token());
    state
        .db()
        .insert_sso_test_run(actor, scope, &record.sso_id, &id, state.now_ms())
        .await?;
    let url = if record.configured == SsoAuthType::Oidc {
        start_oidc(
            state,
            scope,
            record,
            &sp.oidc_callback,
            redirect_url,
            id.clone(),
        )
        .await?
    } else {
        start_saml(state, scope, record, sp, redirect_url, id.clone()).await?
    };
    Ok((id, url))
}

/// Diagnoses the IdP's answer to a test run and stores the diagnosis; creates no user and no
/// session. Returns whether every check passed.
pub async fn diagnose_saml(
    state: &AppState,
    scope: &TenantScope,
    record: &SsoRecord,
    connection: &saml::Connection,
    pending: &PendingSignIn,
    saml_response: &str,
) -> Result<bool> {
    let configured_fingerprint = base64::engine::general_purpose::STANDARD
        .decode(
            record
                .saml
                .idp_certificate
                .split_whitespace()
                .collect::<String>(),
        )
        .map(|der| saml::fingerprint(&der))
        .unwrap_or_default();
    let decoded = saml::decode_unverified(saml_response);
    let verified =
        saml::verify_response(connection, saml_response, std::slice::from_ref(&pending.id));
    let seen_before = match &decoded {
        Ok(saml::Unverified {
            assertion: Some(assertion),
            ..
        }) => {
            state
                .db()
                .assertion_seen(&assertion.issuer, &assertion.id)
                .await?
        }
        _ => false,
    };
    let checks = diagnosis::saml_checks(
        connection,
        &configured_fingerprint,
        &pending.id,
        &decoded,
        &verified,
        seen_before,
        state.now(),
    );
    let passed = verified.is_ok() && checks.iter().all(|check| check.passed);
    let (assertion, mapping) = match &decoded {
        Ok(decoded) => {
            let view = diagnosis::assertion_view(record, decoded, &configured_fingerprint);
            let mapping = match &decoded.assertion {
                Some(assertion) => {
                    let identity = saml_identity(record, assertion);
                    let (action, reason) = would_do(state, scope, record, &identity).await?;
                    Some(diagnosis::mapping_view(&identity, action, &reason))
                }
                None => None,
            };
            (view, mapping)
        }
        Err(_) => (None, None),
    };
    let stored = diagnosis::Stored {
        checks,
        assertion,
        mapping,
        id_token_claims: serde_json::Map::new(),
    };
    let json = serde_json::to_string(&stored).map_err(Error::internal)?;
    state
        .db()
        .finish_sso_test_run(scope, &pending.test_run, passed, &json, state.now())
        .await?;
    Ok(passed)
}

/// What signing `identity` in would do: `create`, `update`, or `refuse` with the reason.
async fn would_do(
    state: &AppState,
    scope: &TenantScope,
    record: &SsoRecord,
    identity: &SsoIdentity,
) -> Result<(&'static str, String)> {
    if identity.login_id.is_empty() {
        return Ok(("refuse", "the IdP named no user".to_owned()));
    }
    match state
        .db()
        .sso_existing_user(scope, &identity.login_id)
        .await?
    {
        None => Ok(("create", String::new())),
        Some((_, status, _, _)) if status != tenantkit_wire::UserStatus::Enabled => {
            Ok(("refuse", "the user is disabled".to_owned()))
        }
        Some((_, _, member, _)) => {
            let vouched = identity
                .login_id
                .rsplit_once('@')
                .is_some_and(|(_, domain)| record.domains.contains(&domain.to_ascii_lowercase()));
            if member || vouched {
                Ok(("update", String::new()))
            } else {
                Ok((
                    "refuse",
                    "a user with this login id exists outside this tenant and its domain is not one of this connection's domains"
                        .to_owned(),
                ))
            }
        }
    }
}

/// A stored test run as the admin reads it.
pub async fn test_run_view(
    state: &AppState,
    scope: &TenantScope,
    sso_id: &str,
    id: &str,
) -> Result<diagnosis::TestRun> {
    let run = state
        .db()
        .sso_test_run(scope, sso_id, id)
        .await?
        .ok_or_else(|| Error::NotFound("No such test run of this connection".to_owned()))?;
    let stored: diagnosis::Stored = if run.diagnosis.is_empty() {
        diagnosis::Stored::default()
    } else {
        serde_json::from_str(&run.diagnosis).map_err(Error::internal)?
    };
    Ok(diagnosis::TestRun {
        test_run_id: run.id,
        sso_id: run.sso_id,
        started: run.started,
        finished: run.finished,
        passed: run.passed,
        checks: stored.checks,
        assertion: stored.assertion,
        mapping: stored.mapping,
        last_sign_in: state.db().sso_last_sign_in(scope, sso_id).await?,
        id_token_claims: stored.id_token_claims,
    })
}

/// How long an OIDC sign-in may stay pending at the IdP, seconds.
pub const OIDC_PENDING_TTL_SECS: i64 = 600;

/// Starts an OIDC sign-in: stores state, nonce and the PKCE verifier, answers the IdP's
/// authorization URL.
pub async fn start_oidc(
    state: &AppState,
    scope: &TenantScope,
    record: &SsoRecord,
    callback_url: &str,
    redirect_url: String,
    test_run: String,
) -> Result<String> {
    let oidc = &record.oidc;
    if oidc.auth_url.is_empty() || oidc.token_url.is_empty() || oidc.jwks_url.is_empty() {
        return Err(Error::BadRequest(
            "The OIDC settings lack the authorization, token or JWKS URL: save them again \
             (with the issuer, they are discovered)"
                .to_owned(),
        ));
    }
    let pending = PendingSignIn {
        id: format!("_{}", random_token()),
        sso_id: record.sso_id.clone(),
        protocol: "oidc".to_owned(),
        relay_state: random_token(),
        redirect_url,
        nonce: random_token(),
        pkce_verifier: random_token(),
        test_run,
        expires: state.now() + OIDC_PENDING_TTL_SECS,
    };
    let scopes = if oidc.scope.is_empty() {
        "openid email profile".to_owned()
    } else if oidc.scope.iter().any(|scope| scope == "openid") {
        oidc.scope.join(" ")
    } else {
        format!("openid {}", oidc.scope.join(" "))
    };
    let mut url = reqwest::Url::parse(&oidc.auth_url)
        .map_err(|_| Error::BadRequest("The OIDC authorization URL is not a URL".to_owned()))?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &oidc.client_id)
        .append_pair("redirect_uri", callback_url)
        .append_pair("scope", &scopes)
        .append_pair("state", &pending.relay_state)
        .append_pair("nonce", &pending.nonce)
        .append_pair(
            "code_challenge",
            &oidc::pkce_challenge(&pending.pkce_verifier),
        )
        .append_pair("code_challenge_method", "S256");
    state
        .db()
        .insert_sso_pending(scope, &pending, state.now())
        .await?;
    Ok(url.to_string())
}

/// Where the OIDC callback sends the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackOutcome {
    /// Signed in: the redirect URL with the one-time code.
    SignedIn(String),
    /// A test run's answer was diagnosed (nobody signed in).
    Tested {
        passed: bool,
        run: String,
        redirect_url: String,
    },
}

/// The OIDC callback: trades the code (with the PKCE verifier and the client secret) for the ID
/// token, verifies it, and signs the user in (or, for a test run, records the diagnosis).
pub async fn oidc_callback(
    state: &AppState,
    browser: Browser<'_>,
    scope: &TenantScope,
    record: &SsoRecord,
    callback_url: &str,
    code: &str,
    state_param: &str,
) -> Result<CallbackOutcome> {
    let pending = state
        .db()
        .sso_pending_of(scope, &record.sso_id, "oidc", state.now())
        .await?
        .into_iter()
        .find(|pending| !state_param.is_empty() && pending.relay_state == state_param)
        .ok_or_else(|| refused("state", "the state is not one of a pending sign-in"))?;
    if !state.db().take_sso_pending(scope, &pending.id).await? {
        return Err(refused("state", "this sign-in has already finished"));
    }
    if !pending.test_run.is_empty() {
        let passed = diagnose_oidc(state, scope, record, callback_url, &pending, code).await?;
        return Ok(CallbackOutcome::Tested {
            passed,
            run: pending.test_run.clone(),
            redirect_url: pending.redirect_url.clone(),
        });
    }
    if record.auth_type != SsoAuthType::Oidc {
        return Err(Error::Forbidden(
            "SSO is not enabled for this tenant".to_owned(),
        ));
    }
    let (id_token, jwks) = id_token_and_jwks(state, scope, record, callback_url, &pending, code)
        .await?
        .map_err(|refusal| refused(refusal.check, &refusal.detail))?;
    let oidc = &record.oidc;
    let expected = oidc::Expected {
        issuer: &oidc.issuer,
        client_id: &oidc.client_id,
        nonce: &pending.nonce,
    };
    let claims = oidc::verify_id_token(&id_token, &jwks, &expected)
        .map_err(|refusal| refused(refusal.check, &refusal.detail))?;
    let identity = oidc_identity(record, &claims);
    let (code, _) = sign_in_identity(state, browser, scope, record, &identity, METHOD_OIDC).await?;
    Ok(CallbackOutcome::SignedIn(with_code(
        &pending.redirect_url,
        &code,
    )))
}

/// Trades the code at the token endpoint and fetches the issuer's JWKS: the ID token and the
/// JWKS text, or the check that failed (`token` or `signature`).
async fn id_token_and_jwks(
    state: &AppState,
    scope: &TenantScope,
    record: &SsoRecord,
    callback_url: &str,
    pending: &PendingSignIn,
    code: &str,
) -> Result<std::result::Result<(String, String), saml::Refusal>> {
    let refusal = |check: &'static str, detail: String| saml::Refusal { check, detail };
    let oidc = &record.oidc;
    let sealed = state.db().sso_client_secret(scope, &record.sso_id).await?;
    let secret = if sealed.is_empty() {
        None
    } else {
        crate::secrets::sealer(state.db(), state.settings().secret_key.as_ref())
            .await?
            .open(&sealed)
    };
    let allow = state.settings().sso_allow_private_fetch;
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", callback_url),
        ("client_id", oidc.client_id.as_str()),
        ("code_verifier", pending.pkce_verifier.as_str()),
    ];
    if let Some(secret) = &secret {
        form.push(("client_secret", secret.expose()));
    }
    let answer = match crate::fetch::post_form(&oidc.token_url, &form, allow).await {
        Ok(answer) => answer,
        Err(error) => return Ok(Err(refusal("token", error.0))),
    };
    let tokens: serde_json::Value = match serde_json::from_str(&answer) {
        Ok(tokens) => tokens,
        Err(_) => {
            return Ok(Err(refusal(
                "token",
                "the token endpoint did not answer JSON".to_owned(),
            )));
        }
    };
    let Some(id_token) = tokens.get("id_token").and_then(|value| value.as_str()) else {
        return Ok(Err(refusal(
            "token",
            "the token endpoint answered no id_token".to_owned(),
        )));
    };
    match crate::fetch::fetch_text(&oidc.jwks_url, allow).await {
        Ok(jwks) => Ok(Ok((id_token.to_owned(), jwks))),
        Err(error) => Ok(Err(refusal("signature", error.0))),
    }
}

/// Diagnoses an OIDC test run's answer and stores it; signs nobody in. Whether all passed.
async fn diagnose_oidc(
    state: &AppState,
    scope: &TenantScope,
    record: &SsoRecord,
    callback_url: &str,
    pending: &PendingSignIn,
    code: &str,
) -> Result<bool> {
    let oidc = &record.oidc;
    let fetched = id_token_and_jwks(state, scope, record, callback_url, pending, code).await?;
    let (checks, claims) = match fetched {
        Err(refusal) => (
            diagnosis::oidc_failed_exchange(&refusal, oidc, callback_url),
            serde_json::Map::new(),
        ),
        Ok((id_token, jwks)) => {
            let expected = oidc::Expected {
                issuer: &oidc.issuer,
                client_id: &oidc.client_id,
                nonce: &pending.nonce,
            };
            let verified = oidc::verify_id_token(&id_token, &jwks, &expected);
            let claims = oidc::unverified_claims(&id_token);
            (
                diagnosis::oidc_checks(oidc, &expected, &claims, &verified, state.now()),
                claims,
            )
        }
    };
    let passed = checks.iter().all(|check| check.passed);
    let mapping = if claims.is_empty() {
        None
    } else {
        let identity = oidc_identity(record, &claims);
        let (action, reason) = would_do(state, scope, record, &identity).await?;
        Some(diagnosis::mapping_view(&identity, action, &reason))
    };
    let stored = diagnosis::Stored {
        checks,
        assertion: None,
        mapping,
        id_token_claims: claims,
    };
    let json = serde_json::to_string(&stored).map_err(Error::internal)?;
    state
        .db()
        .finish_sso_test_run(scope, &pending.test_run, passed, &json, state.now())
        .await?;
    Ok(passed)
}

fn refused(check: &str, detail: &str) -> Error {
    Error::Unauthorized(format!("OIDC sign-in refused ({check}): {detail}"))
}

/// The identity an ID token describes, through the connection's claim mapping.
pub fn oidc_identity(
    record: &SsoRecord,
    claims: &serde_json::Map<String, serde_json::Value>,
) -> SsoIdentity {
    let mapping = &record.oidc.user_attr_mapping;
    let claim = |mapped: &str, default: &str| -> Option<String> {
        let name = if mapped.is_empty() { default } else { mapped };
        match claims.get(name)? {
            serde_json::Value::String(text) if !text.trim().is_empty() => {
                Some(text.trim().to_owned())
            }
            serde_json::Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    };
    let subject = claim("", "sub").unwrap_or_default();
    let email = claim(&mapping.email, "email");
    let login_id = claim(&mapping.login_id, "")
        .or_else(|| email.clone())
        .unwrap_or_else(|| subject.clone());
    let group_claim = if mapping.group.is_empty() {
        "groups"
    } else {
        mapping.group.as_str()
    };
    let groups: BTreeSet<String> = match claims.get(group_claim) {
        Some(serde_json::Value::Array(values)) => values
            .iter()
            .filter_map(|value| value.as_str().map(str::to_owned))
            .collect(),
        Some(serde_json::Value::String(one)) => BTreeSet::from([one.clone()]),
        _ => BTreeSet::new(),
    };
    let mut roles = BTreeSet::new();
    for role_mapping in &record.oidc.role_mappings {
        if role_mapping
            .groups
            .iter()
            .any(|group| groups.contains(group))
        {
            roles.insert(role_mapping.role_name.clone());
        }
    }
    let mut custom_attributes = serde_json::Map::new();
    for (ours, theirs) in &mapping.custom_attributes {
        if let Some(value) = claim(theirs, theirs) {
            custom_attributes.insert(ours.clone(), serde_json::Value::String(value));
        }
    }
    SsoIdentity {
        login_id,
        subject,
        name: claim(&mapping.name, "name"),
        given_name: claim(&mapping.given_name, "given_name"),
        family_name: claim(&mapping.family_name, "family_name"),
        email,
        custom_attributes,
        roles,
    }
}
