//! SSO setup links (Descope's "SSO admin links"): a tenant admin (`SSO Admin`, widget mode) or
//! the management key makes a time-limited link for a customer's IT admin, who opens it on
//! this server's set-up page ([`super::sso_setup_page`]) and configures the tenant's SSO with
//! `<tenant-sso-setup>`, with no account. Generate, send (by email), revoke (all, per `ssoId`,
//! or one), list; and Descope's "authenticated" links, which point at the same page without a
//! secret (for someone already signed in; our page then asks for a setup link).
//!
//! A link is a capability of its own ([`crate::auth::sso_link`]): `SSO Admin` in its tenant and
//! nothing else. It may not make, send, list or revoke links (403 here, by kind).

use super::caller::{SsoAdmin, SsoTenantAdmin};
use super::{Access, RouteSpec, route};
use crate::auth::management_key;
use crate::db::new_id;
use crate::db::sso_links::{NewSsoLink, Revoke};
use crate::error::{Error, Result};
use crate::extract::{Json, Query};
use crate::mail::Mail;
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};
use tenantkit_wire::sso_link::{
    self, AuthenticatedSsoLinkRequest, AuthenticatedSsoLinksRequest, AuthenticatedSsoLinksResponse,
    GenerateSsoLinkRequest, RevokeSsoLinkRequest, RevokeSsoLinksRequest, SendSsoLinkRequest,
    SsoLinkResponse, SsoLinksQuery, SsoLinksResponse,
};
use tenantkit_wire::{FieldError, PERMISSION_SSO_ADMIN, Secret, TenantId, validate};

/// Management key, or a tenant admin holding `SSO Admin` in widget mode (never a link).
const SSO: Access = Access::Widget(PERMISSION_SSO_ADMIN);

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<GenerateSsoLinkRequest, SsoLinkResponse>(
            Method::POST,
            "/v2/mgmt/tenant/adminlinks/sso/generate",
            SSO,
            post(generate),
        ),
        route::<GenerateSsoLinkRequest, SsoLinkResponse>(
            Method::POST,
            "/v1/mgmt/tenant/adminlinks/sso/generate",
            SSO,
            post(generate),
        ),
        route::<SendSsoLinkRequest, Value>(
            Method::POST,
            "/v1/mgmt/tenant/adminlinks/sso/send",
            SSO,
            post(send),
        ),
        route::<RevokeSsoLinksRequest, Value>(
            Method::POST,
            "/v1/mgmt/tenant/adminlinks/sso/revoke",
            SSO,
            post(revoke),
        ),
        route::<AuthenticatedSsoLinkRequest, SsoLinkResponse>(
            Method::POST,
            "/v1/mgmt/tenant/adminlinks/sso/authenticated",
            SSO,
            post(authenticated),
        ),
        route::<AuthenticatedSsoLinksRequest, AuthenticatedSsoLinksResponse>(
            Method::POST,
            "/v1/mgmt/tenant/adminlinks/sso/authenticated/batch",
            SSO,
            post(authenticated_batch),
        ),
        route::<SsoLinksQuery, SsoLinksResponse>(
            Method::GET,
            "/tk/v1/sso/setup-links",
            SSO,
            get(list),
        ),
        route::<RevokeSsoLinkRequest, Value>(
            Method::POST,
            "/tk/v1/sso/setup-links/revoke",
            SSO,
            post(revoke_one),
        ),
    ]
}

/// The caller checked in the tenant `requested` names, refused when it is a link itself.
async fn issuer(state: &AppState, admin: SsoAdmin, requested: &str) -> Result<SsoTenantAdmin> {
    if admin.is_setup_link() {
        return Err(Error::Forbidden(
            "An SSO setup link cannot make, list or revoke setup links".to_owned(),
        ));
    }
    admin
        .tenant(state, &TenantId::new(decoded(requested)))
        .await
}

/// `tenantId` as Descope's tenant-profile widget sends it (URL-encoded, as its `?tenant=`),
/// decoded; text that is not percent-encoding is kept as it is.
fn decoded(tenant: &str) -> String {
    if !tenant.contains('%') {
        return tenant.to_owned();
    }
    let bytes = tenant.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| tenant.to_owned())
}

/// A fragment value (RFC 3986 unreserved characters pass through).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// The page's address with `fragment` (never in the path or query: a fragment reaches neither
/// server logs nor a `Referer`).
fn page_url(state: &AppState, fragment: &str) -> String {
    format!(
        "{}{}#{fragment}",
        state.settings().public_url.trim_end_matches('/'),
        sso_link::PAGE_PATH
    )
}

/// A checked new link: its address (with the secret: shown or emailed once), its expiry (epoch
/// seconds) and the row to store.
struct Prepared {
    url: Secret,
    expires: i64,
    row: NewSsoLink,
}

/// Checks `wanted` (lifetime, email, configuration) and makes the link, not yet stored.
async fn prepare(
    state: &AppState,
    admin: &SsoTenantAdmin,
    wanted: &GenerateSsoLinkRequest,
) -> Result<Prepared> {
    let lifetime = sso_link::expire_secs(wanted.expire_time).map_err(|message| {
        Error::Validation(vec![FieldError {
            field: "expireTime",
            message,
        }])
    })?;
    if !wanted.email.is_empty() {
        validate::email(&wanted.email).map_err(|message| {
            Error::Validation(vec![FieldError {
                field: "email",
                message,
            }])
        })?;
    }
    let tenant = admin.scope.tenant_id();
    if !wanted.sso_id.is_empty() && !state.db().sso_config_exists(tenant, &wanted.sso_id).await? {
        return Err(Error::NotFound(format!(
            "No SSO configuration {:?} in this tenant",
            wanted.sso_id
        )));
    }
    let id = new_id('L');
    let (secret, secret_hash) = management_key::named_secret("ssolink", &id);
    let expires = state.now().saturating_add(lifetime);
    let url = Secret::new(page_url(
        state,
        &format!(
            "token={}&tenant={}",
            encode(secret.expose()),
            encode(tenant.as_str())
        ),
    ));
    let row = NewSsoLink {
        id,
        secret_hash,
        sso_id: wanted.sso_id.clone(),
        email: wanted.email.clone(),
        actor_id: wanted.actor_id.clone(),
        created_by_user: admin.scope.caller().map(|user| user.as_str().to_owned()),
        expires,
    };
    Ok(Prepared { url, expires, row })
}

/// Stores a prepared link (audited; `sent`: it was emailed).
async fn store(
    state: &AppState,
    admin: &SsoTenantAdmin,
    row: &NewSsoLink,
    sent: bool,
) -> Result<()> {
    state
        .db()
        .insert_sso_link(&admin.scope, &admin.actor, row, sent, state.now_ms())
        .await
}

/// `POST /v2/mgmt/tenant/adminlinks/sso/generate` (and `/v1`) `{tenantId, expireTime, ssoId?,
/// email?, templateId?, actorId?}` -> `{adminSSOConfigurationLink}`, shown once.
async fn generate(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<GenerateSsoLinkRequest>,
) -> Result<Json<SsoLinkResponse>> {
    let admin = issuer(&state, admin, &request.tenant_id).await?;
    let prepared = prepare(&state, &admin, &request).await?;
    store(&state, &admin, &prepared.row, false).await?;
    Ok(Json(SsoLinkResponse {
        admin_sso_configuration_link: prepared.url.expose().to_owned(),
    }))
}

/// `POST /v1/mgmt/tenant/adminlinks/sso/send` `{tenantId, email, expireTime, ssoId?, actorId?}`
/// -> `{}`: a new link, emailed to `email` (the link is in the email only).
async fn send(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<SendSsoLinkRequest>,
) -> Result<Json<Value>> {
    let admin = issuer(&state, admin, &request.tenant_id).await?;
    if request.email.trim().is_empty() {
        return Err(Error::MissingArguments("email is required".to_owned()));
    }
    let tenant_name = state
        .db()
        .tenant_name(admin.scope.tenant_id())
        .await?
        .unwrap_or_else(|| admin.scope.tenant_id().as_str().to_owned());
    let wanted = GenerateSsoLinkRequest {
        tenant_id: request.tenant_id.clone(),
        expire_time: request.expire_time,
        sso_id: request.sso_id.clone(),
        email: request.email.clone(),
        template_id: String::new(),
        actor_id: request.actor_id.clone(),
    };
    let prepared = prepare(&state, &admin, &wanted).await?;
    let mail = Mail {
        to: request.email.clone(),
        subject: format!("Set up single sign-on for {tenant_name}"),
        body: format!(
            "You have been asked to set up single sign-on (SAML or OpenID Connect) for \
             {tenant_name}.\n\nOpen this link to do it (no account needed):\n\n{}\n\n\
             The link works until {}. Do not forward it: whoever opens it can change how \
             {tenant_name} signs in.\n",
            prepared.url.expose(),
            tenantkit_wire::calendar::minute_text(prepared.expires),
        ),
        sent: state.now_ms(),
    };
    // Sent first: a link whose email never left is not stored, so it lists nowhere.
    state
        .mailer()
        .send(mail, "The SSO setup link was not sent")
        .await?;
    store(&state, &admin, &prepared.row, true).await?;
    Ok(Json(json!({})))
}

/// `POST /v1/mgmt/tenant/adminlinks/sso/revoke` `{tenantId, ssoId?}` -> `{}`: every link of
/// the tenant, or those of one configuration; they stop at once.
async fn revoke(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<RevokeSsoLinksRequest>,
) -> Result<Json<Value>> {
    let admin = issuer(&state, admin, &request.tenant_id).await?;
    let which = if request.sso_id.is_empty() {
        Revoke::All
    } else {
        Revoke::SsoId(&request.sso_id)
    };
    state
        .db()
        .revoke_sso_links(&admin.scope, &admin.actor, which, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}

/// `POST /tk/v1/sso/setup-links/revoke` `{tenantId, id}` -> `{}`; 404 for a link the tenant
/// does not have (or no longer: expired links are not listed either).
async fn revoke_one(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<RevokeSsoLinkRequest>,
) -> Result<Json<Value>> {
    let admin = issuer(&state, admin, &request.tenant_id).await?;
    if request.id.is_empty() {
        return Err(Error::MissingArguments("id is required".to_owned()));
    }
    let revoked = state
        .db()
        .revoke_sso_links(
            &admin.scope,
            &admin.actor,
            Revoke::Id(&request.id),
            state.now_ms(),
        )
        .await?;
    if revoked == 0 {
        return Err(Error::NotFound(format!(
            "No SSO setup link {:?} in this tenant",
            request.id
        )));
    }
    Ok(Json(json!({})))
}

/// `GET /tk/v1/sso/setup-links?tenantId=` -> the tenant's active links, without secrets.
async fn list(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Query(query): Query<SsoLinksQuery>,
) -> Result<Json<SsoLinksResponse>> {
    let admin = issuer(&state, admin, &query.tenant_id).await?;
    let links = state.db().sso_links(&admin.scope, state.now()).await?;
    Ok(Json(SsoLinksResponse { links }))
}

/// The "authenticated" link of `tenant` (and `sso_id`): the set-up page without a secret.
fn authenticated_link(state: &AppState, tenant: &TenantId, sso_id: &str) -> String {
    let mut fragment = format!("tenant={}", encode(tenant.as_str()));
    if !sso_id.is_empty() {
        fragment.push_str(&format!("&ssoId={}", encode(sso_id)));
    }
    page_url(state, &fragment)
}

/// `POST /v1/mgmt/tenant/adminlinks/sso/authenticated` `{tenantId}` ->
/// `{adminSSOConfigurationLink}`: for someone already signed in (no secret in it).
async fn authenticated(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<AuthenticatedSsoLinkRequest>,
) -> Result<Json<SsoLinkResponse>> {
    let admin = issuer(&state, admin, &request.tenant_id).await?;
    Ok(Json(SsoLinkResponse {
        admin_sso_configuration_link: authenticated_link(&state, admin.scope.tenant_id(), ""),
    }))
}

/// `POST /v1/mgmt/tenant/adminlinks/sso/authenticated/batch` `{tenantId, ssoIds}` ->
/// `{defaultLink, ssoIdToLink}` (what Descope's tenant-profile widget asks for at start).
async fn authenticated_batch(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<AuthenticatedSsoLinksRequest>,
) -> Result<Json<AuthenticatedSsoLinksResponse>> {
    let admin = issuer(&state, admin, &request.tenant_id).await?;
    let tenant = admin.scope.tenant_id();
    Ok(Json(AuthenticatedSsoLinksResponse {
        default_link: authenticated_link(&state, tenant, ""),
        sso_id_to_link: request
            .sso_ids
            .iter()
            .filter(|sso_id| !sso_id.is_empty())
            .map(|sso_id| (sso_id.clone(), authenticated_link(&state, tenant, sso_id)))
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::{decoded, encode};

    #[test]
    fn tenant_ids_are_decoded_once() {
        assert_eq!(decoded("acme"), "acme");
        assert_eq!(decoded("acme%20corp%2Feu"), "acme corp/eu");
        assert_eq!(decoded("100%"), "100%");
        assert_eq!(encode("a b/c"), "a%20b%2Fc");
        assert_eq!(decoded(&encode("T-1_é")), "T-1_é");
    }
}
