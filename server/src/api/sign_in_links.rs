//! One-time sign-ins a backend makes for a user, and the auth routes that redeem them:
//! Descope's test-user tools (`user/create/test`, `tests/generate/otp|magiclink|enchantedlink`),
//! the embedded link (`user/signin/embeddedlink`), and `otp/verify/<delivery>`,
//! `magiclink/verify`, `enchantedlink/verify` and `enchantedlink/pending-session`. Making one
//! takes the management key; the work is done in [`crate::auth::sign_in_links`].

use super::caller::UserAdmin;
use super::session::signed_in_response;
use super::users::{create_user, search as search_users};
use super::{Access, RouteSpec, route};
use crate::auth::sign_in_links::{self, Generated};
use crate::auth::{ProjectCaller, refuse_custom_claims};
use crate::db::sign_in_links::LinkKind;
use crate::error::{Error, Result};
use crate::extract::{ClientAddr, Json, Query, UserAgent};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};
use tenantkit_wire::sign_in_links::{
    DELIVERY_METHODS, EMBEDDED_LINK_DEFAULT_SECS, EmbeddedLinkRequest, EmbeddedLinkResponse,
    ONE_TIME_MAX_SECS, PendingSessionRequest, ProviderTokenQuery, TestLinkRequest,
    TestLinkResponse, TestOtpRequest, TestOtpResponse, VerifyCodeRequest, VerifyTokenRequest,
};
use tenantkit_wire::user_ops::{CreateUserRequest, UserResponse};
use tenantkit_wire::{LoginId, SignInResponse, UserSearchRequest, UserSearchResponse};

const KEY: Access = Access::ManagementKey;

/// What `customClaims` would have gone into, for the refusal.
const ONE_TIME: &str = "one-time sign-ins";

/// How long a test user's code or link stands (Descope's default for OTP and magic links).
const TEST_LINK_SECS: i64 = 600;

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<CreateUserRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/create/test",
            KEY,
            post(create_test_user),
        ),
        route::<UserSearchRequest, UserSearchResponse>(
            Method::POST,
            "/v2/mgmt/user/search/test",
            KEY,
            post(search_test_users),
        ),
        route::<TestOtpRequest, TestOtpResponse>(
            Method::POST,
            "/v1/mgmt/tests/generate/otp",
            KEY,
            post(generate_otp),
        ),
        route::<TestLinkRequest, TestLinkResponse>(
            Method::POST,
            "/v1/mgmt/tests/generate/magiclink",
            KEY,
            post(generate_magic_link),
        ),
        route::<TestLinkRequest, TestLinkResponse>(
            Method::POST,
            "/v1/mgmt/tests/generate/enchantedlink",
            KEY,
            post(generate_enchanted_link),
        ),
        route::<EmbeddedLinkRequest, EmbeddedLinkResponse>(
            Method::POST,
            "/v1/mgmt/user/signin/embeddedlink",
            KEY,
            post(embedded_link),
        ),
        route::<ProviderTokenQuery, Value>(
            Method::GET,
            "/v1/mgmt/user/provider/token",
            KEY,
            get(provider_token),
        ),
        route::<VerifyCodeRequest, SignInResponse>(
            Method::POST,
            "/v1/auth/otp/verify/{delivery}",
            Access::Public,
            post(verify_code),
        ),
        route::<VerifyTokenRequest, SignInResponse>(
            Method::POST,
            "/v1/auth/magiclink/verify",
            Access::Public,
            post(verify_magic_link),
        ),
        route::<VerifyTokenRequest, Value>(
            Method::POST,
            "/v1/auth/enchantedlink/verify",
            Access::Public,
            post(verify_enchanted_link),
        ),
        route::<PendingSessionRequest, SignInResponse>(
            Method::POST,
            "/v1/auth/enchantedlink/pending-session",
            Access::Public,
            post(pending_session),
        ),
    ]
}

/// `POST /v1/mgmt/user/create/test` -> `{user}`: a user as `user/create` makes one, marked as
/// a test user (hidden from searches unless `withTestUser`, removed by `test/delete/all`, and
/// the only users the generators below serve).
async fn create_test_user(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(mut request): Json<CreateUserRequest>,
) -> Result<Json<UserResponse>> {
    admin.project_wide("Test users are created")?;
    request.test = true;
    create_user(&state, &admin, &request).await
}

/// `POST /v2/mgmt/user/search/test` -> `{users, total}`: the search of `user/search`, over test
/// users only.
async fn search_test_users(
    state: State<AppState>,
    admin: UserAdmin,
    Json(mut request): Json<UserSearchRequest>,
) -> Result<Json<UserSearchResponse>> {
    admin.project_wide("Test users are searched")?;
    request.test_users_only = true;
    search_users(state, admin, Json(request)).await
}

/// `POST /v1/mgmt/tests/generate/otp` -> `{loginId, code}`: the code a test user would have
/// received, redeemed by `POST /v1/auth/otp/verify/<delivery>`. A new code replaces the last.
async fn generate_otp(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<TestOtpRequest>,
) -> Result<Json<TestOtpResponse>> {
    check_delivery(&request.delivery_method)?;
    let generated = for_test_user(
        &state,
        &admin,
        &request.login_id,
        request.login_options.as_ref(),
        LinkKind::Otp,
    )
    .await?;
    Ok(Json(TestOtpResponse {
        login_id: request.login_id.as_str().to_owned(),
        code: generated.secret.expose().to_owned(),
    }))
}

/// `POST /v1/mgmt/tests/generate/magiclink` -> `{loginId, link}`: `<URI>?t=<token>`, redeemed
/// by `POST /v1/auth/magiclink/verify {token}`.
async fn generate_magic_link(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<TestLinkRequest>,
) -> Result<Json<TestLinkResponse>> {
    check_delivery(&request.delivery_method)?;
    test_link(&state, &admin, &request, LinkKind::MagicLink).await
}

/// `POST /v1/mgmt/tests/generate/enchantedlink` -> `{loginId, link, pendingRef}`: opening the
/// link (`POST /v1/auth/enchantedlink/verify {token}`) lets the page polling
/// `POST /v1/auth/enchantedlink/pending-session {pendingRef}` take the session.
async fn generate_enchanted_link(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<TestLinkRequest>,
) -> Result<Json<TestLinkResponse>> {
    test_link(&state, &admin, &request, LinkKind::EnchantedLink).await
}

/// A test user's link of `kind` to the page `request` names.
async fn test_link(
    state: &AppState,
    admin: &UserAdmin,
    request: &TestLinkRequest,
    kind: LinkKind,
) -> Result<Json<TestLinkResponse>> {
    let uri = link_base(request.uri.as_deref())?;
    let generated = for_test_user(
        state,
        admin,
        &request.login_id,
        request.login_options.as_ref(),
        kind,
    )
    .await?;
    let pending_ref = generated
        .pending_ref
        .as_ref()
        .map(|pending| pending.expose().to_owned())
        .unwrap_or_default();
    Ok(Json(TestLinkResponse {
        login_id: request.login_id.as_str().to_owned(),
        link: with_token(&uri, &generated),
        pending_ref,
    }))
}

/// `POST /v1/mgmt/user/signin/embeddedlink` -> `{token}`: a one-time token that signs the user
/// (any enabled user, not only test users) in through `POST /v1/auth/magiclink/verify`, for
/// `timeout` seconds (default 60, at most an hour).
async fn embedded_link(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<EmbeddedLinkRequest>,
) -> Result<Json<EmbeddedLinkResponse>> {
    let scope = admin.project_wide("Embedded links are made")?;
    let ttl = match request.timeout.unwrap_or_default() {
        0 => EMBEDDED_LINK_DEFAULT_SECS,
        secs if (1..=ONE_TIME_MAX_SECS).contains(&secs) => secs,
        secs => {
            return Err(Error::InvalidArguments(format!(
                "timeout must be between 1 and {ONE_TIME_MAX_SECS} seconds, got {secs}"
            )));
        }
    };
    refuse_custom_claims(
        request.custom_claims.as_ref().and_then(Value::as_object),
        ONE_TIME,
    )?;
    let target = admin.target(&state, &request.login_id).await?;
    let generated = sign_in_links::generate(
        &state,
        scope,
        &admin.actor,
        target.id(),
        LinkKind::EmbeddedLink,
        ttl,
    )
    .await?;
    Ok(Json(EmbeddedLinkResponse {
        token: generated.secret.expose().to_owned(),
    }))
}

/// `GET /v1/mgmt/user/provider/token`: this server signs users in with passwords, SSO and the
/// one-time sign-ins above, never through a social (OAuth) provider, so it holds no provider
/// token for anyone: 404 that says so (after the caller and the user were checked).
async fn provider_token(
    State(state): State<AppState>,
    admin: UserAdmin,
    Query(query): Query<ProviderTokenQuery>,
) -> Result<Json<Value>> {
    let target = admin
        .target(&state, &LoginId::new(query.login_id.clone()))
        .await?;
    Err(Error::NotFound(format!(
        "{} has no {} provider token: this server signs users in with passwords, SSO and \
         one-time links, never through a social login provider",
        target.label(),
        if query.provider.is_empty() {
            "social"
        } else {
            query.provider.as_str()
        },
    )))
}

/// `POST /v1/auth/otp/verify/<delivery>` `{loginId, code}` -> signed in, as password sign-in
/// answers.
async fn verify_code(
    State(state): State<AppState>,
    _: ProjectCaller,
    client: ClientAddr,
    user_agent: UserAgent,
    Path(delivery): Path<String>,
    Json(request): Json<VerifyCodeRequest>,
) -> Result<Json<SignInResponse>> {
    check_delivery(&delivery)?;
    let (myself, kind) = sign_in_links::redeem_code(
        &state,
        client,
        &user_agent,
        &request.login_id,
        &request.code,
    )
    .await?;
    signed_in_response(&state, &myself, false, kind.as_str()).await
}

/// `POST /v1/auth/magiclink/verify {token}` -> signed in: a magic link's `t`, or an embedded
/// link's token.
async fn verify_magic_link(
    State(state): State<AppState>,
    _: ProjectCaller,
    client: ClientAddr,
    user_agent: UserAgent,
    Json(request): Json<VerifyTokenRequest>,
) -> Result<Json<SignInResponse>> {
    let kinds = [LinkKind::MagicLink, LinkKind::EmbeddedLink];
    let (myself, kind) =
        sign_in_links::redeem_token(&state, client, &user_agent, &request.token, &kinds).await?;
    signed_in_response(&state, &myself, false, kind.as_str()).await
}

/// `POST /v1/auth/enchantedlink/verify {token}` -> `{}`: the link was opened; the session goes
/// to whoever polls its `pendingRef`.
async fn verify_enchanted_link(
    State(state): State<AppState>,
    _: ProjectCaller,
    client: ClientAddr,
    Json(request): Json<VerifyTokenRequest>,
) -> Result<Json<Value>> {
    sign_in_links::open_enchanted_link(&state, client, &request.token).await?;
    Ok(Json(json!({})))
}

/// `POST /v1/auth/enchantedlink/pending-session {pendingRef}` -> signed in once the link was
/// opened; 401 before (Descope's SDK polls until an answer succeeds).
async fn pending_session(
    State(state): State<AppState>,
    _: ProjectCaller,
    client: ClientAddr,
    user_agent: UserAgent,
    Json(request): Json<PendingSessionRequest>,
) -> Result<Json<SignInResponse>> {
    let myself =
        sign_in_links::take_pending_session(&state, client, &user_agent, &request.pending_ref)
            .await?;
    signed_in_response(&state, &myself, false, LinkKind::EnchantedLink.as_str()).await
}

/// Makes a one-time sign-in of `kind` for the test user `login_id` (project-wide key only).
async fn for_test_user(
    state: &AppState,
    admin: &UserAdmin,
    login_id: &LoginId,
    login_options: Option<&Value>,
    kind: LinkKind,
) -> Result<Generated> {
    let scope = admin.project_wide("Test users' codes and links are made")?;
    let target = admin.target(state, login_id).await?;
    let user = state.db().load_user(&admin.scope, &target).await?;
    if !user.test {
        return Err(Error::InvalidArguments(format!(
            "{} is not a test user: codes and links are generated for test users only \
             (POST /v1/mgmt/user/create/test)",
            target.label()
        )));
    }
    let claims = login_options.and_then(|options| options.get("customClaims"));
    refuse_custom_claims(claims.and_then(Value::as_object), ONE_TIME)?;
    sign_in_links::generate(
        state,
        scope,
        &admin.actor,
        target.id(),
        kind,
        TEST_LINK_SECS,
    )
    .await
}

/// A delivery method Descope's SDKs send (any case).
fn check_delivery(delivery: &str) -> Result<()> {
    let delivery = delivery.to_ascii_lowercase();
    if DELIVERY_METHODS.contains(&delivery.as_str()) {
        Ok(())
    } else {
        Err(Error::InvalidArguments(format!(
            "deliveryMethod must be one of {}, got {delivery:?}",
            DELIVERY_METHODS.join(", ")
        )))
    }
}

/// The page a link opens: an absolute http(s) URL.
fn link_base(uri: Option<&str>) -> Result<reqwest::Url> {
    let uri = uri.unwrap_or_default().trim();
    if uri.is_empty() {
        return Err(Error::MissingArguments(
            "URI (the page the link opens) is required".to_owned(),
        ));
    }
    match reqwest::Url::parse(uri) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(url),
        _ => Err(Error::InvalidArguments(format!(
            "URI must be an absolute http(s) URL, got {uri:?}"
        ))),
    }
}

/// `uri` with the token added as `t`, as Descope's links carry it.
fn with_token(uri: &reqwest::Url, generated: &Generated) -> String {
    let mut link = uri.clone();
    link.query_pairs_mut()
        .append_pair("t", generated.secret.expose());
    link.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_methods_are_matched_regardless_of_case() {
        assert!(check_delivery("Embedded").is_ok());
        assert!(check_delivery("EMAIL").is_ok());
        assert!(check_delivery("pigeon").is_err());
    }

    #[test]
    fn links_must_be_absolute_web_urls() {
        assert!(link_base(Some("https://app.example.test/verify")).is_ok());
        assert!(link_base(Some("javascript:alert(1)")).is_err());
        assert!(link_base(Some("/relative")).is_err());
        assert!(link_base(None).is_err());
    }
}
