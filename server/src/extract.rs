//! Request extractors that fail with the wire error envelope instead of axum's plain-text
//! rejections, so a malformed body or query string still gets `{errorCode, ...}` JSON.

use crate::error::Error;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A JSON body in, a JSON body out.
///
/// Unlike `axum::Json` it does not insist on a `Content-Type` header (some SDKs omit it) and
/// treats an empty body as `{}` (the SDKs send none for calls without arguments). Members that
/// are `null` count as absent. Unknown fields
/// are ignored, as the wire contract requires.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| Error::BadRequest(rejection.body_text()))?;
        let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &bytes
        };
        let mut value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|error| Error::BadRequest(format!("Malformed JSON body: {error}")))?;
        drop_nulls(&mut value);
        drop_second_spellings(&mut value);
        let mut too_long = Vec::new();
        long_lists(&value, &mut too_long);
        Error::check_fields(too_long)?;
        if has_nul(&value) {
            return Err(Error::BadRequest(
                "Text in the request cannot contain NUL characters".to_owned(),
            ));
        }
        serde_json::from_value(value)
            .map(Json)
            .map_err(|error| Error::BadRequest(format!("Invalid request body: {error}")))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Removes every `null` member of every object, so a field sent as `null` reads as absent: the
/// SDKs send `null` for unset optional fields (Python's `None`), and the wire types treat absent
/// fields as their defaults.
fn drop_nulls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(members) => {
            members.retain(|_, member| !member.is_null());
            members.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// Whether any string (or member name) contains U+0000, which PostgreSQL cannot store in text:
/// refused for every request alike, rather than failing on one backend only.
pub(crate) fn has_nul(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(text) => text.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(has_nul),
        serde_json::Value::Object(members) => members
            .iter()
            .any(|(name, member)| name.contains('\0') || has_nul(member)),
        _ => false,
    }
}

/// A field error for every list member (at any depth) longer than its maximum
/// ([`tenantkit_wire::limits`]), so an oversized list is refused before any handler or query
/// sees it.
fn long_lists(value: &serde_json::Value, errors: &mut Vec<tenantkit_wire::FieldError>) {
    match value {
        serde_json::Value::Object(members) => {
            for (name, member) in members {
                if let serde_json::Value::Array(items) = member
                    && let Err(error) = tenantkit_wire::limits::check_list(name, items.len())
                {
                    errors.push(error);
                    continue;
                }
                long_lists(member, errors);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| long_lists(item, errors)),
        _ => {}
    }
}

/// Second spellings of a member that the SDKs send for the same thing (`displayName` from
/// Descope's widgets, `name` from the Go and Node SDKs). The wire types accept either as a serde
/// alias; this drops the second when a body carries both, which serde would call a duplicate.
const SECOND_SPELLINGS: [(&str, &str); 1] = [("displayName", "name")];

fn drop_second_spellings(value: &mut serde_json::Value) {
    if let serde_json::Value::Object(members) = value {
        for (second, first) in SECOND_SPELLINGS {
            if members.contains_key(first) {
                members.remove(second);
            }
        }
    }
}

/// A query string, with the wire error on failure.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Query(value))
            .map_err(|rejection| Error::BadRequest(rejection.body_text()))
    }
}

/// Path parameters, with the wire error on failure.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Path(value))
            .map_err(|rejection| Error::BadRequest(rejection.body_text()))
    }
}

/// The client's address as the server sees it: the TCP peer, or, when the peer is one of the
/// configured trusted proxies, the right-most `X-Forwarded-For` entry that is not itself a
/// trusted proxy. Nobody else can choose the address a request is attributed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl ClientAddr {
    /// The address as text ('' when unknown, e.g. a test that serves without connect info).
    pub fn to_text(self) -> String {
        self.0.map(|ip| ip.to_string()).unwrap_or_default()
    }
}

impl FromRequestParts<crate::state::AppState> for ClientAddr {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        let trusted = &state.settings().trusted_proxies;
        Ok(Self(peer.map(|peer| {
            client_behind_proxies(peer, trusted, &parts.headers)
        })))
    }
}

/// The `User-Agent` a client sent, for the sign-in history: control characters dropped, cut to
/// [`tenantkit_wire::history::MAX_USER_AGENT_CHARS`] characters ('' when absent or not text).
/// Never refuses a request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserAgent(pub String);

impl UserAgent {
    /// `value` as kept.
    pub fn new(value: &str) -> Self {
        Self(
            value
                .chars()
                .filter(|c| !c.is_control())
                .take(tenantkit_wire::history::MAX_USER_AGENT_CHARS)
                .collect(),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for UserAgent {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let value = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        Ok(Self::new(value))
    }
}

/// Resolves the client address for a request from `peer`.
pub fn client_behind_proxies(
    peer: std::net::IpAddr,
    trusted: &[std::net::IpAddr],
    headers: &axum::http::HeaderMap,
) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map_while(|entry| entry.trim().parse().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .copied()
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::client_behind_proxies;
    use axum::http::{HeaderMap, HeaderValue};
    use std::net::IpAddr;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn user_agents_are_cut_and_cleaned() {
        let long = "x".repeat(1000);
        assert_eq!(super::UserAgent::new(&long).0.chars().count(), 256);
        assert_eq!(super::UserAgent::new("a\u{7}b\tc").0, "abc");
    }

    #[test]
    fn long_lists_are_found_at_any_depth() {
        let mut errors = Vec::new();
        let long: Vec<u32> = (0..1001).collect();
        super::long_lists(
            &serde_json::json!({"loginIds": long, "users": [{"roleNames": long}], "ok": [1, 2]}),
            &mut errors,
        );
        let fields: Vec<&str> = errors.iter().map(|error| error.field).collect();
        assert_eq!(fields, ["loginIds", "roleNames"]);
    }

    #[test]
    fn nul_characters_are_found_anywhere() {
        assert!(super::has_nul(&serde_json::json!({"a": ["x", "y\0"]})));
        assert!(super::has_nul(&serde_json::json!({"k\0": 1})));
        assert!(!super::has_nul(&serde_json::json!({"a": ["x"], "b": 1})));
    }

    #[test]
    fn both_spellings_of_the_name_read_as_one() {
        let mut value = serde_json::json!({"name": "Go", "displayName": "Widget"});
        super::drop_second_spellings(&mut value);
        assert_eq!(value, serde_json::json!({"name": "Go"}));
        let mut widget = serde_json::json!({"displayName": "Widget"});
        super::drop_second_spellings(&mut widget);
        assert_eq!(widget, serde_json::json!({"displayName": "Widget"}));
    }

    #[test]
    fn null_members_read_as_absent() {
        let mut value = serde_json::json!({"a": null, "b": [{"c": null, "d": 1}], "e": "x"});
        super::drop_nulls(&mut value);
        assert_eq!(value, serde_json::json!({"b": [{"d": 1}], "e": "x"}));
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.7, 10.0.0.2"),
        );
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        // A peer that is not a trusted proxy cannot choose its address.
        assert_eq!(
            client_behind_proxies(ip("198.51.100.1"), &trusted, &headers),
            ip("198.51.100.1")
        );
        // Behind two trusted proxies, the right-most untrusted entry is the client; the
        // left-most (6.6.6.6) is whatever the client itself claimed.
        assert_eq!(
            client_behind_proxies(ip("10.0.0.1"), &trusted, &headers),
            ip("203.0.113.7")
        );
        // No header: the proxy itself.
        assert_eq!(
            client_behind_proxies(ip("10.0.0.1"), &trusted, &HeaderMap::new()),
            ip("10.0.0.1")
        );
    }
}
