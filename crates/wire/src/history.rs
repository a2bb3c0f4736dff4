//! Sign-in history on the wire (Descope's `users_auth_history`): who signed in (or tried to),
//! when, how, from where and with what result.
//!
//! `POST /v1/mgmt/user/history` takes a bare JSON array of user ids and answers a bare JSON array
//! of [`UserAuthHistory`], as Descope's server does and its SDKs parse; `POST
//! /v2/mgmt/user/history` takes [`UsersHistoryRequest`] and answers [`UsersHistoryResponse`];
//! `GET /v1/auth/me/history` answers the signed-in user's own entries as a bare array.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// The most user ids one request may name.
pub const MAX_HISTORY_USERS: usize = 100;
/// The entries answered per user when the request asks for no `limit`: the newest.
pub const DEFAULT_HISTORY_PER_USER: u32 = 100;
/// The most entries per user a request may ask for (what the server keeps per user).
pub const MAX_HISTORY_PER_USER: u32 = 1000;
/// The most entries one answer may hold: user ids times the entries per user.
pub const MAX_HISTORY_ENTRIES: u64 = 10_000;

/// Sign-in methods, as [`UserAuthHistory::method`] names them.
pub const METHOD_PASSWORD: &str = "password";
/// A SAML sign-in through a tenant's SSO connection.
pub const METHOD_SAML: &str = "saml";
/// An OpenID Connect sign-in through a tenant's SSO connection.
pub const METHOD_OIDC: &str = "oidc";

/// Why a sign-in failed, as [`UserAuthHistory::reason`] names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureReason {
    /// The password was wrong (or the user has none).
    WrongPassword,
    /// The account is locked after too many failed sign-ins.
    Locked,
    /// The user is disabled.
    UserDisabled,
    /// A tenant of the user requires SSO, so a password does not let them in.
    SsoEnforced,
    /// The password has expired (or is temporary) and must be replaced first.
    PasswordExpired,
    /// The SSO connection may not sign this user in (they exist outside its tenant and their
    /// email domain is not one of its domains).
    NotAllowed,
    /// The server failed to finish the sign-in.
    Error,
}

impl FailureReason {
    /// Every reason, for catalogs and tests.
    pub const ALL: [Self; 7] = [
        Self::WrongPassword,
        Self::Locked,
        Self::UserDisabled,
        Self::SsoEnforced,
        Self::PasswordExpired,
        Self::NotAllowed,
        Self::Error,
    ];

    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WrongPassword => "wrong_password",
            Self::Locked => "locked",
            Self::UserDisabled => "user_disabled",
            Self::SsoEnforced => "sso_enforced",
            Self::PasswordExpired => "password_expired",
            Self::NotAllowed => "not_allowed",
            Self::Error => "error",
        }
    }

    /// The reason spelled `text`, if it is one of ours.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.as_str() == text)
    }
}

/// One sign-in attempt of a user. Descope's fields first (`loginTime` in epoch **seconds**, a
/// number: Go's SDK reads it into an `int32`); the rest are ours, which Descope's SDKs ignore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UserAuthHistory {
    /// The user.
    pub user_id: String,
    /// When, epoch seconds.
    pub login_time: i64,
    /// Always '' (the server has no GeoIP database).
    pub city: String,
    /// Always '' (the server has no GeoIP database).
    pub country: String,
    /// The client address as the server saw it ('' when unknown).
    pub ip: String,
    /// The tenant the sign-in was into ('' for none in particular, as a password sign-in).
    pub selected_tenant: String,
    /// Ours: when, epoch milliseconds.
    pub login_time_ms: i64,
    /// Ours: how (`password`, `saml`, `oidc`).
    pub method: String,
    /// Ours: the `User-Agent` the client sent (cut to [`MAX_USER_AGENT_CHARS`]).
    pub user_agent: String,
    /// Ours: whether the user got in.
    pub success: bool,
    /// Ours: why not ([`FailureReason::as_str`]); '' on success.
    pub reason: String,
}

/// The longest `User-Agent` kept, in characters.
pub const MAX_USER_AGENT_CHARS: usize = 256;

/// `POST /v2/mgmt/user/history` request (and, accepted on v1 too, the same object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UsersHistoryRequest {
    /// The users, by id: at most [`MAX_HISTORY_USERS`].
    pub user_ids: Vec<String>,
    /// Ours: the newest entries per user (default [`DEFAULT_HISTORY_PER_USER`], at most
    /// [`MAX_HISTORY_PER_USER`], and user ids times this at most [`MAX_HISTORY_ENTRIES`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl UsersHistoryRequest {
    /// The entries per user this request asks for, once its bounds are checked: at least one
    /// user id, at most [`MAX_HISTORY_USERS`], and at most [`MAX_HISTORY_ENTRIES`] in all.
    pub fn per_user(&self) -> Result<u32, FieldError> {
        let users = self.user_ids.len();
        if users == 0 {
            return Err(FieldError::new("userIds", "userIds is required".to_owned()));
        }
        if users > MAX_HISTORY_USERS {
            return Err(FieldError::new(
                "userIds",
                format!("userIds: at most {MAX_HISTORY_USERS} items, got {users}"),
            ));
        }
        let per_user = self
            .limit
            .filter(|limit| *limit > 0)
            .unwrap_or(DEFAULT_HISTORY_PER_USER);
        if per_user > MAX_HISTORY_PER_USER {
            return Err(FieldError::new(
                "limit",
                format!("limit: at most {MAX_HISTORY_PER_USER} entries per user, got {per_user}"),
            ));
        }
        let entries = u64::try_from(users).unwrap_or(u64::MAX) * u64::from(per_user);
        if entries > MAX_HISTORY_ENTRIES {
            return Err(FieldError::new(
                "limit",
                format!(
                    "{users} users times {per_user} entries is {entries}: at most \
                     {MAX_HISTORY_ENTRIES} entries per request"
                ),
            ));
        }
        Ok(per_user)
    }
}

/// `POST /v1/mgmt/user/history` request: Descope's bare array of user ids, or (ours) the v2
/// object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum UserIdsBody {
    /// `["U2...", "U3..."]`, as Descope's SDKs send.
    Bare(Vec<String>),
    /// `{userIds, limit?}`.
    Wrapped(UsersHistoryRequest),
}

impl From<UserIdsBody> for UsersHistoryRequest {
    fn from(body: UserIdsBody) -> Self {
        match body {
            UserIdsBody::Bare(user_ids) => Self {
                user_ids,
                limit: None,
            },
            UserIdsBody::Wrapped(request) => request,
        }
    }
}

/// `POST /v2/mgmt/user/history` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UsersHistoryResponse {
    /// The entries, newest first.
    pub users_auth_history: Vec<UserAuthHistory>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(users: usize, limit: Option<u32>) -> UsersHistoryRequest {
        UsersHistoryRequest {
            user_ids: (0..users).map(|i| format!("U{i}")).collect(),
            limit,
        }
    }

    #[test]
    fn requests_are_bounded() {
        assert_eq!(request(1, None).per_user(), Ok(DEFAULT_HISTORY_PER_USER));
        assert_eq!(request(100, None).per_user(), Ok(100));
        assert_eq!(request(10, Some(1000)).per_user(), Ok(1000));
        assert!(request(0, None).per_user().is_err());
        assert!(request(101, None).per_user().is_err());
        assert!(request(1, Some(1001)).per_user().is_err());
        assert!(request(11, Some(1000)).per_user().is_err());
    }

    #[test]
    fn v1_takes_a_bare_array_or_the_object() {
        let parse = |json: &str| {
            serde_json::from_str::<UserIdsBody>(json)
                .map(UsersHistoryRequest::from)
                .ok()
        };
        let ids = |ids: &[&str]| ids.iter().map(|id| (*id).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            parse(r#"["U1","U2"]"#),
            Some(UsersHistoryRequest {
                user_ids: ids(&["U1", "U2"]),
                limit: None
            })
        );
        assert_eq!(
            parse(r#"{"userIds":["U1"],"limit":5}"#),
            Some(UsersHistoryRequest {
                user_ids: ids(&["U1"]),
                limit: Some(5)
            })
        );
    }

    #[test]
    fn reasons_round_trip() {
        for reason in FailureReason::ALL {
            assert_eq!(FailureReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(FailureReason::parse("other"), None);
    }
}
