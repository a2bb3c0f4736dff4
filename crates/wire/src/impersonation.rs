//! Impersonation on the wire (Descope's `management.jwt.impersonate` and `stopImpersonation`):
//! an admin gets a refresh JWT of another user, marked with the RFC 8693 actor claim
//! ([`crate::auth::ActorClaim`]), and trades it back for their own.
//!
//! Descope's SDKs differ in how they leave an option out: Python sends `null`, Go sends `""`
//! and `0`, Node leaves the key out. Every optional field here reads all three as "not given".

use crate::{LoginId, Secret};
use serde::{Deserialize, Serialize};

/// `POST /v1/mgmt/impersonate` (and `/v1/mgmt/impersonate/stepup`) request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ImpersonateRequest {
    /// The impersonator, by user id or login id. In widget mode it must be the caller.
    pub impersonator_id: Option<String>,
    /// The user to impersonate, by login id.
    pub login_id: Option<LoginId>,
    /// Only if the user consented: this server records no consent, so `true` is refused.
    pub validate_consent: Option<bool>,
    /// Claims to add to the token: not supported here (refused when not empty).
    pub custom_claims: Option<serde_json::Map<String, serde_json::Value>>,
    /// Limit the session to this tenant.
    pub selected_tenant: Option<String>,
    /// The session's lifetime in seconds, at most the tenant's refresh token lifetime.
    pub refresh_duration: Option<i64>,
    /// Descope's step-up marker; accepted, no effect here.
    pub stepup: Option<bool>,
}

impl ImpersonateRequest {
    /// The selected tenant, when one was given (not null, not empty).
    pub fn tenant(&self) -> Option<&str> {
        given(self.selected_tenant.as_deref())
    }

    /// The impersonator, when given.
    pub fn impersonator(&self) -> Option<&str> {
        given(self.impersonator_id.as_deref())
    }

    /// The requested lifetime in seconds, when given (positive).
    pub fn duration(&self) -> Option<i64> {
        self.refresh_duration.filter(|secs| *secs > 0)
    }
}

/// `POST /v1/mgmt/stop/impersonation` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct StopImpersonationRequest {
    /// The impersonation JWT (refresh or session) whose impersonation ends.
    pub jwt: Option<Secret>,
    /// Claims to add to the actor's token: not supported here (refused when not empty).
    pub custom_claims: Option<serde_json::Map<String, serde_json::Value>>,
    /// Limit the actor's new session to this tenant: accepted, ignored (the actor's own
    /// session carries all their tenants).
    pub selected_tenant: Option<String>,
    /// The actor's new session's lifetime in seconds, at most their refresh token lifetime.
    pub refresh_duration: Option<i64>,
}

impl StopImpersonationRequest {
    /// The requested lifetime in seconds, when given (positive).
    pub fn duration(&self) -> Option<i64> {
        self.refresh_duration.filter(|secs| *secs > 0)
    }
}

/// Response of both: `{"jwt": "<refresh JWT>"}` (impersonate: of the impersonated user; stop:
/// of the actor again). The key is `jwt`, as Descope's SDKs read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JwtResponse {
    /// A refresh JWT (`drn` = `DSR`).
    pub jwt: Secret,
}

/// `value` unless it is absent or blank.
fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_empty_and_zero_mean_not_given() {
        let python: ImpersonateRequest = serde_json::from_str(
            r#"{"impersonatorId":"U1","loginId":"a@b","validateConsent":false,
                "customClaims":null,"selectedTenant":null,"refreshDuration":null,"stepup":null}"#,
        )
        .unwrap_or_default();
        let go: ImpersonateRequest = serde_json::from_str(
            r#"{"impersonatorId":"U1","loginId":"a@b","validateConsent":false,
                "customClaims":null,"selectedTenant":"","refreshDuration":0}"#,
        )
        .unwrap_or_default();
        for request in [python, go] {
            assert_eq!(request.impersonator(), Some("U1"));
            assert_eq!(request.tenant(), None);
            assert_eq!(request.duration(), None);
        }
    }
}
