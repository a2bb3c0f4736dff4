//! Typed client of TenantKit's management API.
//!
//! The widgets use it in the browser (over `gloo-net`/`fetch`) and the server's integration tests
//! use it natively (over `reqwest`), so both exercise the same requests. Every failure becomes one
//! [`ApiError`] value.
//!
//! Which tenant a call reaches is part of the client's type: a [`Client`] names none (a
//! management key reaches the whole project), a [`TenantClient`]
//! (`Client::new(..).with_session(jwt).for_tenant(tenant)`) is confined to one. Each endpoint
//! says how it sends that tenant: the management calls as `?tenant=` ([`Client::call`]), the SSO
//! calls only as their own `tenantId`.

mod access_keys;
mod history;
mod impersonation;
mod invitations;
mod jobs;
mod renewal;
mod roles;
mod scim;
mod sso;
mod sso_links;
mod tenants;
mod transport;
mod users;

pub use access_keys::KeyOp;
pub use renewal::{Renewal, RenewalFuture, Renewer};
pub use users::RoleOp;

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use tenantkit_wire::{
    ErrorBody, KeysResponse, ProjectId, Secret, SignInRequest, SignInResponse, TenantId,
    UserSearchRequest, UserSearchResponse,
};

/// How a request authenticates.
#[derive(Clone, PartialEq, Debug)]
pub enum Credential {
    /// No `Authorization` beyond the project id (sign-in, public keys).
    Project,
    /// Server-to-server: `Bearer <projectId>:<managementKey>`.
    ManagementKey(Secret),
    /// Widget mode: `Bearer <projectId>:<jwt>`, the session (or refresh) JWT of a tenant admin;
    /// the tenant is the client's scope ([`Client::for_tenant`]).
    Session(Secret),
    /// A verbatim `Authorization` header value, for tests that send malformed credentials.
    Raw(Secret),
}

/// A failed call, in one value the UI can render as text.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a non-2xx status and the wire error body.
    Http {
        /// HTTP status code.
        status: u16,
        /// The wire error body (empty fields when the body was not the wire format).
        body: ErrorBody,
    },
    /// The request never got an answer (network down, CORS refused, server not running).
    Network(String),
    /// The answer was not the JSON we expected.
    Decode(String),
    /// The request was not sent, or its answer dropped, because its widget was removed from the
    /// page ([`Renewal::closed`]).
    Cancelled,
}

impl ApiError {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// True for a 401: the credentials are missing, invalid or expired.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Http { status, body } if !body.error_message.is_empty() => {
                write!(f, "{} ({status})", body.error_message)
            }
            Self::Http { status, body } if !body.error_description.is_empty() => {
                write!(f, "{} ({status})", body.error_description)
            }
            Self::Http { status, .. } => write!(f, "The server answered with status {status}"),
            Self::Network(message) => write!(f, "Could not reach the server: {message}"),
            Self::Decode(message) => write!(f, "Unexpected answer from the server: {message}"),
            Self::Cancelled => f.write_str("The request was cancelled: the widget was removed"),
        }
    }
}

impl std::error::Error for ApiError {}

/// HTTP method of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

/// Which tenant a client's management calls name: [`Unscoped`] or [`Scoped`].
pub trait Scope: Clone + PartialEq + fmt::Debug {
    /// The tenant the management calls send as `?tenant=`, if any.
    fn tenant(&self) -> Option<&TenantId>;
}

/// No tenant named: the credential alone decides what a call reaches (a management key: the
/// whole project; a session is refused management calls without a tenant).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Unscoped;

impl Scope for Unscoped {
    fn tenant(&self) -> Option<&TenantId> {
        None
    }
}

/// Confined to one tenant: the management calls send `?tenant=<tenant>`.
#[derive(Clone, PartialEq, Debug)]
pub struct Scoped(TenantId);

impl Scope for Scoped {
    fn tenant(&self) -> Option<&TenantId> {
        Some(&self.0)
    }
}

/// A client bound to one server, project and credential, and to the tenant `S` names.
#[derive(Clone, PartialEq, Debug)]
pub struct Client<S: Scope = Unscoped> {
    base_url: String,
    project_id: ProjectId,
    credential: Credential,
    /// Widget mode: where a refused session token is renewed.
    renewer: Option<Renewer>,
    scope: S,
}

/// A client confined to one tenant ([`Client::for_tenant`]): what a widget uses.
pub type TenantClient = Client<Scoped>;

impl Client {
    /// A client for `base_url` (e.g. `http://127.0.0.1:8080`) and `project_id`, with no credential.
    pub fn new(base_url: impl Into<String>, project_id: ProjectId) -> Self {
        let base_url = base_url.into().trim_end_matches('/').to_owned();
        Self {
            base_url,
            project_id,
            credential: Credential::Project,
            renewer: None,
            scope: Unscoped,
        }
    }

    /// The same client with another credential.
    pub fn with_credential(mut self, credential: Credential) -> Self {
        self.credential = credential;
        self
    }

    /// The same client authenticating with a management key.
    pub fn with_management_key(self, key: Secret) -> Self {
        self.with_credential(Credential::ManagementKey(key))
    }

    /// The same client in widget mode: a tenant admin's JWT. Management calls need a tenant,
    /// so [`Client::for_tenant`] usually follows.
    pub fn with_session(self, jwt: Secret) -> Self {
        self.with_credential(Credential::Session(jwt))
    }

    /// The same client confined to `tenant`: its management calls send `?tenant=<tenant>` (a
    /// session needs that; a management key is then confined to the tenant too).
    pub fn for_tenant(self, tenant: TenantId) -> TenantClient {
        Client {
            base_url: self.base_url,
            project_id: self.project_id,
            credential: self.credential,
            renewer: self.renewer,
            scope: Scoped(tenant),
        }
    }

    /// `POST /v1/auth/password/signin`.
    pub async fn sign_in(&self, request: &SignInRequest) -> Result<SignInResponse, ApiError> {
        self.call(Method::Post, "/v1/auth/password/signin", Some(request))
            .await
    }

    /// The same client sending `jwt` (a session or refresh JWT) as `Bearer <projectId>:<jwt>`,
    /// for the auth API's calls of the signed-in user.
    pub(crate) fn with_bearer_jwt(&self, jwt: &Secret) -> Self {
        self.clone()
            .with_credential(Credential::Raw(Secret::new(format!(
                "Bearer {}:{}",
                self.project_id,
                jwt.expose()
            ))))
    }

    /// `POST /v1/auth/refresh` with the refresh JWT as the bearer.
    pub async fn refresh(&self, refresh_jwt: &Secret) -> Result<SignInResponse, ApiError> {
        self.with_bearer_jwt(refresh_jwt)
            .call(
                Method::Post,
                "/v1/auth/refresh",
                Some(&serde_json::json!({})),
            )
            .await
    }

    /// `GET /v1/auth/me` with `jwt` as the bearer: the signed-in user, if the session stands.
    pub async fn me(&self, jwt: &Secret) -> Result<tenantkit_wire::User, ApiError> {
        self.with_bearer_jwt(jwt)
            .call::<(), _>(Method::Get, "/v1/auth/me", None)
            .await
    }

    /// `POST /v1/auth/password/replace`: replaces an (expired or temporary) password and signs in.
    pub async fn replace_password(
        &self,
        login_id: &tenantkit_wire::LoginId,
        old_password: &Secret,
        new_password: &Secret,
    ) -> Result<SignInResponse, ApiError> {
        let body = serde_json::json!({
            "loginId": login_id,
            "oldPassword": old_password.expose(),
            "newPassword": new_password.expose(),
        });
        self.call(Method::Post, "/v1/auth/password/replace", Some(&body))
            .await
    }

    /// `GET /v2/keys/<projectId>`.
    pub async fn public_keys(&self) -> Result<KeysResponse, ApiError> {
        let path = format!("/v2/keys/{}", self.project_id);
        self.call::<(), _>(Method::Get, &path, None).await
    }
}

impl TenantClient {
    /// The tenant this client's calls are confined to.
    pub fn tenant(&self) -> &TenantId {
        &self.scope.0
    }
}

impl<S: Scope> Client<S> {
    /// The same client renewing its session token through `renewer`: every call sends the token
    /// the renewer has in place of the session's, and a call answered 401 asks the renewer for a
    /// fresh token and is sent once more with it. Once the renewer is closed (its widget was
    /// removed), calls are not sent and answers in flight are dropped: [`ApiError::Cancelled`].
    pub fn with_renewer(mut self, renewer: Renewer) -> Self {
        self.renewer = Some(renewer);
        self
    }

    /// The project id this client speaks for.
    pub fn project_id(&self) -> &ProjectId {
        &self.project_id
    }

    /// The server's base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `POST /v1/mgmt/user/search`.
    pub async fn search_users(
        &self,
        request: &UserSearchRequest,
    ) -> Result<UserSearchResponse, ApiError> {
        self.call(Method::Post, "/v1/mgmt/user/search", Some(request))
            .await
    }

    /// A management call: `path` is relative to the base URL and may carry a query string; a
    /// client confined to a tenant adds `?tenant=<tenant>`.
    pub async fn call<B, R>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<R, ApiError>
    where
        B: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        self.send(method, path, self.scope.tenant(), body).await
    }

    /// Sends `path` with `?tenant=<tenant>` when `tenant` is given, with the client's
    /// credential, renewing a refused session token. The SSO calls give no `tenant`: the request
    /// names its own (`tenantId`), whatever the client's scope.
    pub(crate) async fn send<B, R>(
        &self,
        method: Method,
        path: &str,
        tenant: Option<&TenantId>,
        body: Option<&B>,
    ) -> Result<R, ApiError>
    where
        B: Serialize + ?Sized,
        R: DeserializeOwned,
    {
        let body = match body {
            Some(body) => {
                Some(serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))?)
            }
            None => None,
        };
        answer(self.exchange(method, self.url(path, tenant), body).await?)
    }

    /// The request and its answer, renewing a refused session token. Not generic over the body
    /// and answer types, so the bundle has it once rather than once per endpoint.
    async fn exchange(
        &self,
        method: Method,
        url: String,
        body: Option<String>,
    ) -> Result<RawResponse, ApiError> {
        let renewable = match (&self.credential, &self.renewer) {
            (Credential::Session(jwt), Some(renewer)) => Some((jwt, renewer)),
            _ => None,
        };
        let Some((original, renewer)) = renewable else {
            return transport::send(method, &url, self.authorization().as_deref(), body).await;
        };
        // Sends with `token`, unless the widget is gone (before or while the request was out).
        let send = |token: &Secret, body: Option<String>| {
            let authorization = self.bearer(token);
            let url = url.as_str();
            async move {
                renewer.check_open()?;
                let response = transport::send(method, url, Some(&authorization), body).await?;
                renewer.check_open()?;
                Ok::<_, ApiError>(response)
            }
        };
        let sent = renewer.current(original);
        let first = send(&sent, body.clone()).await?;
        if first.status != 401 {
            return Ok(first);
        }
        let Some(fresh) = renewer.renew(original, &sent).await else {
            renewer.refused(original);
            return Ok(first);
        };
        let retried = send(&fresh, body).await?;
        match retried.status {
            200..300 => renewer.accepted(original, &fresh),
            401 => renewer.refused(original),
            _ => {}
        }
        Ok(retried)
    }

    fn bearer(&self, token: &Secret) -> String {
        format!("Bearer {}:{}", self.project_id, token.expose())
    }

    /// The URL of `path`, naming `tenant` as `?tenant=`.
    fn url(&self, path: &str, tenant: Option<&TenantId>) -> String {
        let mut url = format!("{}{}", self.base_url, path);
        if let Some(tenant) = tenant {
            url.push(if path.contains('?') { '&' } else { '?' });
            url.push_str("tenant=");
            url.push_str(&encode_query_value(tenant.as_str()));
        }
        url
    }

    fn authorization(&self) -> Option<String> {
        match &self.credential {
            Credential::Project => Some(format!("Bearer {}", self.project_id)),
            Credential::ManagementKey(key) => {
                Some(format!("Bearer {}:{}", self.project_id, key.expose()))
            }
            Credential::Session(jwt) => Some(self.bearer(jwt)),
            Credential::Raw(value) if value.is_empty() => None,
            Credential::Raw(value) => Some(value.expose().to_owned()),
        }
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The typed result of an answer: its JSON on a 2xx status, the wire error otherwise.
fn answer<R: DeserializeOwned>(response: RawResponse) -> Result<R, ApiError> {
    if (200..300).contains(&response.status) {
        from_json(&response.body).map_err(ApiError::Decode)
    } else {
        let body = from_json::<ErrorBody>(&response.body).unwrap_or_default();
        Err(ApiError::Http {
            status: response.status,
            body,
        })
    }
}

/// `text` read as JSON into `T`: by the browser's `JSON.parse` in the browser (see Cargo.toml),
/// so the wasm bundle carries no JSON parser of its own. The widgets read token claims and
/// catalogs with it too.
#[cfg(target_arch = "wasm32")]
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|error| {
        let reason = js_sys::Error::from(error).message();
        format!("not valid JSON ({})", String::from(reason))
    })?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// `text` read as JSON into `T`.
#[cfg(not(target_arch = "wasm32"))]
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// `value` as JSON text: by the browser's `JSON.stringify` in the browser, so the wasm bundle
/// carries no JSON writer (nor Rust's float formatting) of its own. Object keys keep the order
/// `value` gives them.
#[cfg(target_arch = "wasm32")]
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|error| String::from(js_sys::Error::from(error).message()))
}

/// `value` as JSON text.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

/// The raw answer of the transport.
#[derive(Debug)]
struct RawResponse {
    status: u16,
    body: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tenant_client_names_its_tenant_on_management_calls_only() {
        let client = Client::new("http://api/", ProjectId::new("P1"))
            .with_session(Secret::new("jwt"))
            .for_tenant(TenantId::new("a b"));
        let management = |path| client.url(path, client.scope.tenant());
        assert_eq!(
            management("/v1/mgmt/user/search"),
            "http://api/v1/mgmt/user/search?tenant=a%20b"
        );
        assert_eq!(
            management("/v1/mgmt/user?loginId=x"),
            "http://api/v1/mgmt/user?loginId=x&tenant=a%20b"
        );
        assert_eq!(client.authorization().as_deref(), Some("Bearer P1:jwt"));
        assert_eq!(client.tenant(), &TenantId::new("a b"));

        let unscoped = Client::new("http://api/", ProjectId::new("P1"))
            .with_management_key(Secret::new("key"));
        assert_eq!(
            unscoped.url("/v1/mgmt/user/search", unscoped.scope.tenant()),
            "http://api/v1/mgmt/user/search"
        );
    }

    /// A server on a loopback port that answers one request with `{}`; the handle gives its
    /// request line.
    #[cfg(not(target_arch = "wasm32"))]
    #[expect(
        clippy::expect_used,
        reason = "a test server that fails fails the test"
    )]
    fn one_request() -> (String, std::thread::JoinHandle<String>) {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().expect("accept");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request_line = String::new();
            reader.read_line(&mut request_line).expect("request line");
            let mut header = String::new();
            let mut length = 0;
            while reader.read_line(&mut header).expect("header") > 2 {
                if let Some(value) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().expect("length");
                }
                header.clear();
            }
            reader
                .take(length)
                .read_to_end(&mut Vec::new())
                .expect("body");
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")
                .expect("answer");
            request_line.trim_end().to_owned()
        });
        (base_url, server)
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[tokio::test]
    #[expect(
        clippy::expect_used,
        reason = "a test server that fails fails the test"
    )]
    async fn a_tenant_client_sends_its_tenant_once_as_each_endpoint_says() {
        let acme = |base_url: String| {
            Client::new(base_url, ProjectId::new("P1"))
                .with_session(Secret::new("jwt"))
                .for_tenant(TenantId::new("acme"))
        };
        let (base_url, server) = one_request();
        let _ = acme(base_url)
            .search_users(&UserSearchRequest::default())
            .await;
        assert_eq!(
            server.join().expect("server"),
            "POST /v1/mgmt/user/search?tenant=acme HTTP/1.1"
        );
        // The SSO calls name their tenant themselves (`tenantId`), and only there.
        let (base_url, server) = one_request();
        let _ = acme(base_url).load_all_sso_settings("acme").await;
        assert_eq!(
            server.join().expect("server"),
            "GET /v2/mgmt/sso/settings/all?tenantId=acme HTTP/1.1"
        );
    }

    /// A renewal whose widget is gone.
    #[cfg(not(target_arch = "wasm32"))]
    struct Closed;

    #[cfg(not(target_arch = "wasm32"))]
    impl Renewal for Closed {
        fn current(&self, original: &Secret) -> Secret {
            original.clone()
        }
        fn renew(&self, _original: &Secret, _refused: &Secret) -> RenewalFuture {
            Box::pin(async { None })
        }
        fn accepted(&self, _original: &Secret, _fresh: &Secret) {}
        fn refused(&self, _original: &Secret) {}
        fn closed(&self) -> bool {
            true
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[tokio::test]
    async fn a_closed_renewal_cancels_calls_before_sending() {
        // Nothing listens on port 9: a call that were sent would fail as a network error.
        let client = Client::new("http://127.0.0.1:9", ProjectId::new("P1"))
            .with_session(Secret::new("jwt"))
            .for_tenant(TenantId::new("acme"))
            .with_renewer(Renewer::new(std::rc::Rc::new(Closed)));
        let answer = client.search_users(&UserSearchRequest::default()).await;
        assert!(
            matches!(answer, Err(ApiError::Cancelled)),
            "cancelled, not sent: {answer:?}"
        );
    }

    #[test]
    fn error_display_prefers_the_server_message() {
        let error = ApiError::Http {
            status: 403,
            body: tenantkit_wire::ErrorCode::Forbidden.body("Not allowed in tenant T2"),
        };
        assert_eq!(error.to_string(), "Not allowed in tenant T2 (403)");
    }
}
