//! SSO sign-in routes: Descope's `sso.start` (`POST /v1/auth/saml/authorize`) and `sso.exchange`
//! (`POST /v1/auth/saml/exchange`), the SAML ACS at the URL `<tenant-sso-setup>` shows, and the
//! per-connection IdP-initiated switch. The work is done in [`crate::sso_signin`].

use super::caller::SsoAdmin;
use super::sso::{self, sp_values};
use super::{Access, RouteSpec, route};
use crate::auth::{self, ProjectCaller};
use crate::capability::TenantScope;
use crate::db::sso::SsoRecord;
use crate::error::{Error, Result};
use crate::extract::{ClientAddr, Json, Query, UserAgent};
use crate::sso_signin::{self, SpUrls, saml};
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};
use tenantkit_wire::sso::{SsoAuthType, SsoSettingsQuery};
use tenantkit_wire::sso_test::{
    SsoActivity, SsoOverview, TestRun, TestStartRequest, TestStartResponse,
};
use tenantkit_wire::{PERMISSION_SSO_ADMIN, SignInResponse, TenantId};

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    let acs = RouteSpec {
        method: Method::POST,
        path: "/tk/v1/sso/saml/acs",
        access: Access::Public,
        request: Some(schemars::SchemaGenerator::subschema_for::<AcsForm>),
        response: None,
        content_type: "text/plain",
    };
    let oidc_callback_spec = RouteSpec {
        method: Method::GET,
        path: "/tk/v1/sso/oidc/callback",
        access: Access::Public,
        request: Some(schemars::SchemaGenerator::subschema_for::<CallbackQuery>),
        response: None,
        content_type: "text/plain",
    };
    vec![
        // The request documented is the body (`loginOptions`, unused); the query carries
        // `tenant`, `redirectURL` and `ssoId` (`StartQuery`).
        route::<Value, StartResponse>(
            Method::POST,
            "/v1/auth/saml/authorize",
            Access::Public,
            post(start),
        ),
        route::<ExchangeRequest, SignInResponse>(
            Method::POST,
            "/v1/auth/saml/exchange",
            Access::Public,
            post(exchange),
        ),
        (acs, post(acs_post)),
        (oidc_callback_spec, get(oidc_callback)),
        route::<TestStartRequest, TestStartResponse>(
            Method::POST,
            "/tk/v1/sso/test/start",
            Access::Widget(PERMISSION_SSO_ADMIN),
            post(test_start),
        ),
        route::<TestResultQuery, TestRun>(
            Method::GET,
            "/tk/v1/sso/test/result",
            Access::Widget(PERMISSION_SSO_ADMIN),
            get(test_result),
        ),
        route::<ActivityQuery, SsoActivity>(
            Method::GET,
            "/tk/v1/sso/activity",
            Access::Widget(PERMISSION_SSO_ADMIN),
            get(activity),
        ),
        route::<ActivityQuery, SsoOverview>(
            Method::GET,
            "/tk/v1/sso/overview",
            Access::Widget(PERMISSION_SSO_ADMIN),
            get(overview),
        ),
        route::<SignInOptionsRequest, Value>(
            Method::POST,
            "/tk/v1/sso/signin-options",
            Access::Widget(PERMISSION_SSO_ADMIN),
            post(set_options),
        ),
    ]
}

/// `POST /v1/auth/saml/authorize` query (Descope's `sso.start`; its body, `loginOptions`, is
/// accepted and not used).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct StartQuery {
    /// A tenant id, or the user's email (its domain picks the connection).
    tenant: String,
    #[serde(rename = "redirectURL")]
    redirect_url: String,
    #[serde(rename = "ssoId")]
    sso_id: Option<String>,
}

/// `{url}`: where to send the browser.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
struct StartResponse {
    url: String,
}

/// `POST /v1/auth/saml/exchange` body.
#[derive(Debug, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
struct ExchangeRequest {
    code: String,
}

/// What the IdP posts to the ACS (HTTP-POST binding).
#[derive(Debug, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
struct AcsForm {
    #[serde(rename = "SAMLResponse")]
    saml_response: String,
    #[serde(rename = "RelayState")]
    relay_state: String,
}

/// Ours: `POST /tk/v1/sso/signin-options` `{tenantId, ssoId, allowIdpInitiated}`.
#[derive(Debug, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", default)]
struct SignInOptionsRequest {
    tenant_id: TenantId,
    sso_id: String,
    allow_idp_initiated: bool,
}

/// `GET /tk/v1/sso/test/result?tenantId=&ssoId=&testRunId=` (no `testRunId`: the latest run).
#[derive(Debug, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", default)]
struct TestResultQuery {
    tenant_id: TenantId,
    sso_id: String,
    test_run_id: String,
}

/// `GET /tk/v1/sso/activity?tenantId=` and `GET /tk/v1/sso/overview?tenantId=`.
#[derive(Debug, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", default)]
struct ActivityQuery {
    tenant_id: TenantId,
}

/// What the IdP sends the browser back to the OIDC callback with.
#[derive(Debug, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(default)]
struct CallbackQuery {
    #[serde(rename = "tenantId")]
    tenant_id: TenantId,
    #[serde(rename = "ssoId")]
    sso_id: String,
    code: String,
    state: String,
    error: String,
    error_description: String,
}

fn sp_urls(state: &AppState, tenant: &TenantId, sso_id: &str) -> SpUrls {
    let sp = sp_values(state, tenant, sso_id);
    SpUrls {
        entity_id: sp.entity_id,
        acs_url: sp.acs_url,
        oidc_callback: sp.oidc_redirect_url,
    }
}

/// Descope's `sso.start` -> `{url}` of the IdP.
async fn start(
    State(state): State<AppState>,
    _: ProjectCaller,
    Query(query): Query<StartQuery>,
) -> Result<Json<StartResponse>> {
    let (tenant, sso_id) =
        sso_signin::resolve_tenant(&state, &query.tenant, query.sso_id.as_deref()).await?;
    let scope = auth::sso::connection_scope(&state, &tenant, &sso_id).await?;
    let record = sso_signin::connection(&state, &scope, &sso_id).await?;
    let redirect_url = sso_signin::redirect_url(&state, &record, &query.redirect_url)?;
    let url = match record.auth_type {
        SsoAuthType::Saml => {
            let sp = sp_urls(&state, &tenant, &sso_id);
            sso_signin::start_saml(&state, &scope, &record, &sp, redirect_url, String::new())
                .await?
        }
        SsoAuthType::Oidc => {
            let callback = sp_values(&state, &tenant, &sso_id).oidc_redirect_url;
            sso_signin::start_oidc(
                &state,
                &scope,
                &record,
                &callback,
                redirect_url,
                String::new(),
            )
            .await?
        }
        SsoAuthType::None => {
            return Err(Error::Forbidden(
                "SSO is not enabled for this tenant".to_owned(),
            ));
        }
    };
    Ok(Json(StartResponse { url }))
}

/// Descope's `sso.exchange`: the one-time code -> the session and refresh JWTs.
async fn exchange(
    State(state): State<AppState>,
    _: ProjectCaller,
    Json(request): Json<ExchangeRequest>,
) -> Result<Json<SignInResponse>> {
    let (myself, amr, first_seen) = sso_signin::exchange(&state, &request.code).await?;
    super::session::signed_in_response(&state, &myself, first_seen, &amr).await
}

/// The ACS: verifies the IdP's Response, signs the user in and sends the browser to the
/// redirect URL with a one-time code (303).
async fn acs_post(
    State(state): State<AppState>,
    client: ClientAddr,
    user_agent: UserAgent,
    Query(query): Query<SsoSettingsQuery>,
    axum::Form(form): axum::Form<AcsForm>,
) -> Result<Response> {
    let scope = auth::sso::connection_scope(&state, &query.tenant_id, &query.sso_id).await?;
    let record = sso_signin::connection(&state, &scope, &query.sso_id).await?;
    let address = client.to_text();
    // A test run's answer (recognised by its RelayState): diagnosed, never signed in.
    let test_run = state
        .db()
        .sso_pending_of(&scope, &record.sso_id, "saml", state.now())
        .await?
        .into_iter()
        .find(|pending| {
            !pending.test_run.is_empty()
                && !form.relay_state.is_empty()
                && pending.relay_state == form.relay_state
        });
    if let Some(pending) = test_run {
        return test_acs(&state, &scope, &record, &pending, &form).await;
    }
    match acs(&state, &scope, &record, &form, &address, &user_agent).await {
        Ok(location) => {
            Ok((axum::http::StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
        }
        Err(error) => {
            state
                .db()
                .record_sso_refusal(
                    &address,
                    &scope,
                    &record.sso_id,
                    &error.to_string(),
                    state.now_ms(),
                )
                .await?;
            Err(error)
        }
    }
}

/// The ACS for a test run: records the diagnosis, then sends the browser back to the admin's
/// page with `?ssoTestRun=<id>` (or answers a short text when the run named no page).
async fn test_acs(
    state: &AppState,
    scope: &TenantScope,
    record: &SsoRecord,
    pending: &crate::db::sso_signin::PendingSignIn,
    form: &AcsForm,
) -> Result<Response> {
    if !state.db().take_sso_pending(scope, &pending.id).await? {
        return Err(Error::Unauthorized(
            "This test run has already finished".to_owned(),
        ));
    }
    let sp = sp_urls(state, scope.tenant_id(), &record.sso_id);
    let connection = sso_signin::saml_connection(state, scope, record, &sp).await?;
    let passed = sso_signin::diagnose_saml(
        state,
        scope,
        record,
        &connection,
        pending,
        &form.saml_response,
    )
    .await?;
    Ok(test_finished(
        passed,
        &pending.test_run,
        &pending.redirect_url,
    ))
}

/// Where a finished test run sends the browser: the admin's page with `?ssoTestRun=<id>`, or a
/// short text when the run named no page.
fn test_finished(passed: bool, run: &str, redirect_url: &str) -> Response {
    if redirect_url.is_empty() {
        let text = if passed {
            "Test connection finished: every check passed. You can close this window."
        } else {
            "Test connection finished: some checks failed. The SSO settings show which, and how \
             to fix them. You can close this window."
        };
        return text.into_response();
    }
    let separator = if redirect_url.contains('?') { '&' } else { '?' };
    let location = format!("{redirect_url}{separator}ssoTestRun={run}");
    (axum::http::StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
}

async fn acs(
    state: &AppState,
    scope: &TenantScope,
    record: &SsoRecord,
    form: &AcsForm,
    address: &str,
    user_agent: &UserAgent,
) -> Result<String> {
    if record.configured != SsoAuthType::Saml {
        return Err(Error::Forbidden(
            "This SSO connection is not set up for SAML".to_owned(),
        ));
    }
    if form.saml_response.is_empty() {
        return Err(Error::MissingArguments(
            "SAMLResponse is required".to_owned(),
        ));
    }
    let sp = sp_urls(state, scope.tenant_id(), &record.sso_id);
    let connection = sso_signin::saml_connection(state, scope, record, &sp).await?;
    let pending = state
        .db()
        .sso_pending_of(scope, &record.sso_id, "saml", state.now())
        .await?;
    // A test run's request never signs anyone in.
    let pending: Vec<_> = pending
        .into_iter()
        .filter(|pending| pending.test_run.is_empty())
        .collect();
    let ids: Vec<String> = pending.iter().map(|pending| pending.id.clone()).collect();
    let verified = saml::verify_response(&connection, &form.saml_response, &ids)
        .map_err(|refusal| refused(&refusal))?;
    // The request it answers is used up here: a second Response to it is refused.
    let answered = match &verified.in_response_to {
        Some(id) => {
            let found = pending.into_iter().find(|pending| &pending.id == id);
            match found {
                Some(found) if state.db().take_sso_pending(scope, &found.id).await? => {
                    if !form.relay_state.is_empty() && form.relay_state != found.relay_state {
                        return Err(refused(&saml::Refusal {
                            check: "relayState",
                            detail: "RelayState does not belong to the request answered".to_owned(),
                        }));
                    }
                    Some(found)
                }
                _ => {
                    return Err(refused(&saml::Refusal {
                        check: "inResponseTo",
                        detail: "the request this Response answers is not pending".to_owned(),
                    }));
                }
            }
        }
        None => None,
    };
    if !state
        .db()
        .first_sight_of_assertion(
            &verified.issuer,
            &verified.id,
            verified.valid_until,
            state.now(),
        )
        .await?
    {
        return Err(refused(&saml::Refusal {
            check: "replay",
            detail: format!("assertion {} was presented before", verified.id),
        }));
    }
    if record.auth_type != SsoAuthType::Saml {
        return Err(Error::Forbidden(
            "SSO is not enabled for this tenant".to_owned(),
        ));
    }
    let redirect_url = match answered {
        Some(pending) => pending.redirect_url,
        None => sso_signin::redirect_url(state, record, "")?,
    };
    let identity = sso_signin::saml_identity(record, &verified);
    let browser = sso_signin::Browser {
        address,
        user_agent,
    };
    let (code, _) = sso_signin::sign_in_identity(
        state,
        browser,
        scope,
        record,
        &identity,
        tenantkit_wire::history::METHOD_SAML,
    )
    .await?;
    Ok(sso_signin::with_code(&redirect_url, &code))
}

/// A refused Response: 401 naming the failed check.
fn refused(refusal: &saml::Refusal) -> Error {
    Error::Unauthorized(format!(
        "SAML response refused ({}): {}",
        refusal.check, refusal.detail
    ))
}

/// The OIDC redirect URI `<tenant-sso-setup>` shows: 303 to the redirect URL with a one-time
/// code, or 401 naming the failed check.
async fn oidc_callback(
    State(state): State<AppState>,
    client: ClientAddr,
    user_agent: UserAgent,
    Query(query): Query<CallbackQuery>,
) -> Result<Response> {
    let scope = auth::sso::connection_scope(&state, &query.tenant_id, &query.sso_id).await?;
    let record = sso_signin::connection(&state, &scope, &query.sso_id).await?;
    let address = client.to_text();
    let result = if query.error.is_empty() {
        let callback = sp_values(&state, &query.tenant_id, &query.sso_id).oidc_redirect_url;
        sso_signin::oidc_callback(
            &state,
            sso_signin::Browser {
                address: &address,
                user_agent: &user_agent,
            },
            &scope,
            &record,
            &callback,
            &query.code,
            &query.state,
        )
        .await
    } else {
        Err(Error::Unauthorized(format!(
            "The IdP refused the sign-in: {} {}",
            query.error, query.error_description
        )))
    };
    match result {
        Ok(sso_signin::CallbackOutcome::SignedIn(location)) => {
            Ok((axum::http::StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
        }
        Ok(sso_signin::CallbackOutcome::Tested {
            passed,
            run,
            redirect_url,
        }) => Ok(test_finished(passed, &run, &redirect_url)),
        Err(error) => {
            state
                .db()
                .record_sso_refusal(
                    &address,
                    &scope,
                    &record.sso_id,
                    &error.to_string(),
                    state.now_ms(),
                )
                .await?;
            Err(error)
        }
    }
}

/// Ours: starts a test run of a connection (enabled or not): `{testRunId, url}`.
async fn test_start(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<TestStartRequest>,
) -> Result<Json<TestStartResponse>> {
    let admin = admin.tenant(&state, &request.tenant_id).await?;
    let record = sso_signin::connection(&state, &admin.scope, &request.sso_id).await?;
    let redirect_url = if request.redirect_url.trim().is_empty() {
        String::new()
    } else {
        sso_signin::redirect_url(&state, &record, &request.redirect_url)?
    };
    let sp = sp_urls(&state, admin.scope.tenant_id(), &record.sso_id);
    let (test_run_id, url) = sso_signin::start_test_run(
        &state,
        &admin.actor,
        &admin.scope,
        &record,
        &sp,
        redirect_url,
    )
    .await?;
    Ok(Json(TestStartResponse { test_run_id, url }))
}

/// Ours: a test run's diagnosis, for the tenant's SSO admins only.
async fn test_result(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Query(query): Query<TestResultQuery>,
) -> Result<Json<TestRun>> {
    let admin = admin.tenant(&state, &query.tenant_id).await?;
    Ok(Json(
        sso_signin::test_run_view(&state, &admin.scope, &query.sso_id, &query.test_run_id).await?,
    ))
}

/// Ours: the last test and the last sign-in of each of the tenant's configurations.
async fn activity(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Query(query): Query<ActivityQuery>,
) -> Result<Json<SsoActivity>> {
    let admin = admin.tenant(&state, &query.tenant_id).await?;
    Ok(Json(SsoActivity {
        connections: state.db().sso_activity(&admin.scope).await?,
    }))
}

/// Ours: every configuration of the tenant with its activity, the SSO widget's first read.
async fn overview(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Query(query): Query<ActivityQuery>,
) -> Result<Json<SsoOverview>> {
    let admin = admin.tenant(&state, &query.tenant_id).await?;
    let db = state.db();
    let (records, connections) = tokio::try_join!(
        db.sso_configs(&admin.scope, None),
        db.sso_activity(&admin.scope),
    )?;
    Ok(Json(SsoOverview {
        sso_settings: records
            .into_iter()
            .map(|record| sso::view(&state, record))
            .collect(),
        connections,
    }))
}

/// Ours: switches IdP-initiated sign-in of a connection on or off (off by default).
async fn set_options(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<SignInOptionsRequest>,
) -> Result<Json<Value>> {
    let admin = admin.tenant(&state, &request.tenant_id).await?;
    sso_signin::connection(&state, &admin.scope, &request.sso_id).await?;
    state
        .db()
        .set_sso_idp_initiated(
            &admin.actor,
            &admin.scope,
            &request.sso_id,
            request.allow_idp_initiated,
            state.now_ms(),
        )
        .await?;
    Ok(Json(json!({})))
}
