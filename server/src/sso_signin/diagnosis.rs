//! "Test connection": the diagnosis of one IdP answer, instead of a sign-in. Every check the
//! sign-in makes, each with pass/fail, what was found and, when it failed, a fix-it sentence in
//! the IdP's own terms (Okta, Entra ID); the decoded assertion (read without trusting it, for
//! display only); and what the mappings would do. A test run creates no user and no session.

use super::saml::{self, Connection, Refusal, Unverified, VerifiedAssertion};
use crate::db::sso::SsoRecord;
use crate::db::sso_signin::SsoIdentity;
use serde::Serialize;
use tenantkit_wire::calendar::second_text;

pub use tenantkit_wire::sso_test::{AssertionView, Check, MappingView, TestRun};

/// The stored part of a run (what the ACS computed).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Stored {
    pub checks: Vec<Check>,
    pub assertion: Option<AssertionView>,
    pub mapping: Option<MappingView>,
    pub id_token_claims: serde_json::Map<String, serde_json::Value>,
}

fn check(name: &str, passed: bool, detail: String, fix_it: impl FnOnce() -> String) -> Check {
    Check {
        name: name.to_owned(),
        passed,
        detail,
        fix_it: (!passed).then(fix_it),
    }
}

/// The checks of one SAML answer. `verified` is the sign-in's own verdict (samael and ours);
/// the other checks compare the decoded values, so every failure is named, not only the first.
pub fn saml_checks(
    connection: &Connection,
    configured_fingerprint: &str,
    request_id: &str,
    decoded: &Result<Unverified, Refusal>,
    verified: &Result<VerifiedAssertion, Refusal>,
    seen_before: bool,
    now: i64,
) -> Vec<Check> {
    let decoded = match decoded {
        Ok(decoded) => decoded,
        Err(refusal) => {
            let mut checks = vec![check("format", false, refusal.detail.clone(), || {
                format!(
                    "The IdP did not post a SAML Response: set its ACS URL (Okta: Single sign-on \
                     URL; Entra ID: Reply URL) to exactly {} with the HTTP-POST binding.",
                    connection.acs_url
                )
            })];
            // What the sign-in itself would say, when that is more than "not a Response": a
            // second assertion (signature wrapping) is a signature failure there, so here too.
            if let Err(verdict) = verified
                && verdict.check != "format"
            {
                checks.push(check(verdict.check, false, verdict.detail.clone(), || {
                    "This Response is not what the IdP signed as it stands (a second assertion or \
                     an altered one is how a forged Response looks): have the IdP send exactly one \
                     signed assertion, and check that nothing between the IdP and this server \
                     rewrites the Response."
                        .to_owned()
                }));
            }
            return checks;
        }
    };
    let mut checks = vec![check(
        "format",
        decoded.assertions == 1 && decoded.assertion.is_some(),
        format!("{} assertion(s)", decoded.assertions),
        || {
            "Send exactly one unencrypted assertion (Okta: Assertion Encryption 'Unencrypted'; \
             Entra ID: no token encryption)."
                .to_owned()
        },
    )];
    let status = decoded.status.clone().unwrap_or_default();
    checks.push(check(
        "status",
        status.is_empty() || status.ends_with(":Success"),
        if status.is_empty() {
            "no status".to_owned()
        } else {
            status.clone()
        },
        || {
            format!(
                "The IdP refused the sign-in ({status}): assign the user to the application at \
                 the IdP (Okta: Assignments tab; Entra ID: Users and groups)."
            )
        },
    ));
    let signature_failed = matches!(verified, Err(refusal) if refusal.check == "signature" || refusal.check == "format");
    let algorithm = decoded.signature_algorithm.clone().unwrap_or_default();
    let sent = decoded.certificate_fingerprint.clone().unwrap_or_default();
    checks.push(check(
        "signature",
        !signature_failed,
        match verified {
            Err(refusal) if signature_failed => refusal.detail.clone(),
            _ => format!("signed with {algorithm}"),
        },
        || {
            if algorithm.is_empty() {
                "Have the IdP sign the assertion (Okta: Assertion Signature 'Signed'; Entra ID: \
                 Signing Option 'Sign SAML assertion')."
                    .to_owned()
            } else if algorithm.ends_with("sha1") {
                "Choose SHA-256 (Okta: Signature Algorithm 'RSA-SHA256'; Entra ID: Signing \
                 Algorithm 'SHA-256'); SHA-1 signatures are refused."
                    .to_owned()
            } else if !sent.is_empty() && sent != configured_fingerprint {
                format!(
                    "The IdP signed with the certificate {sent}, but this connection trusts \
                     {configured_fingerprint}: download the IdP's current signing certificate \
                     (Okta: Sign On tab, SAML Signing Certificates; Entra ID: SAML Certificates, \
                     Certificate (Base64)) and paste it in this connection."
                )
            } else {
                "The signature does not verify with this connection's certificate: paste the \
                 IdP's current signing certificate in this connection."
                    .to_owned()
            }
        },
    ));
    let Some(assertion) = &decoded.assertion else {
        return checks;
    };
    checks.push(check(
        "issuer",
        assertion.issuer == connection.idp_entity_id,
        assertion.issuer.clone(),
        || {
            format!(
                "This connection expects the IdP entity id {:?}, the IdP sent {:?}: paste the \
                 IdP's issuer (Okta: Identity Provider Issuer; Entra ID: Microsoft Entra \
                 Identifier) as the entity id here.",
                connection.idp_entity_id, assertion.issuer
            )
        },
    ));
    checks.push(check(
        "audience",
        assertion.audiences.contains(&connection.sp_entity_id),
        assertion.audiences.join(", "),
        || {
            format!(
                "In Okta, set Audience URI (SP Entity ID) to {0}; in Entra ID, set Identifier \
                 (Entity ID) to {0}.",
                connection.sp_entity_id
            )
        },
    ));
    let acs_fix = || {
        format!(
            "In Okta, set Single sign-on URL (and Recipient URL and Destination URL) to {0}; in \
             Entra ID, set Reply URL (Assertion Consumer Service URL) to {0}.",
            connection.acs_url
        )
    };
    checks.push(check(
        "recipient",
        assertion.recipient == connection.acs_url,
        assertion.recipient.clone(),
        acs_fix,
    ));
    let destination = decoded.destination.clone().unwrap_or_default();
    checks.push(check(
        "destination",
        destination.is_empty() || destination == connection.acs_url,
        destination.clone(),
        acs_fix,
    ));
    let skew = saml::MAX_CLOCK_SKEW_SECS;
    let in_time = assertion.not_before.is_none_or(|t| now >= t - skew)
        && assertion.not_on_or_after.is_none_or(|t| now < t + skew)
        && assertion.issued + saml::MAX_ISSUE_DELAY_SECS >= now
        && assertion.issued <= now + skew;
    checks.push(check(
        "time",
        in_time,
        {
            let at = |time: Option<i64>| time.map_or_else(|| "any time".to_owned(), second_text);
            format!(
                "issued {}, valid from {} to {}; now {}",
                second_text(assertion.issued),
                at(assertion.not_before),
                at(assertion.not_on_or_after),
                second_text(now)
            )
        },
        || {
            format!(
                "The assertion is outside its validity window (we allow {skew} s of clock skew \
                 and accept an assertion up to {} s after it was issued): check the IdP's clock \
                 and sign in again.",
                saml::MAX_ISSUE_DELAY_SECS
            )
        },
    ));
    let in_response_to = assertion.in_response_to.clone().unwrap_or_default();
    checks.push(check(
        "inResponseTo",
        in_response_to == request_id,
        in_response_to.clone(),
        || {
            "The answer does not belong to this test: start the test from the SSO settings and \
             finish it at the IdP (not from the IdP's app dashboard)."
                .to_owned()
        },
    ));
    checks.push(check(
        "replay",
        !seen_before,
        if seen_before {
            "presented before"
        } else {
            "first use"
        }
        .to_owned(),
        || "This assertion was already used: sign in at the IdP again.".to_owned(),
    ));
    let subject_ok = !assertion.name_id.trim().is_empty();
    checks.push(check(
        "subject",
        subject_ok,
        format!("{} ({})", assertion.name_id, assertion.name_id_format),
        || {
            "Send the user's email as the NameID (Okta: Name ID format 'EmailAddress', \
             Application username 'Email'; Entra ID: Unique User Identifier 'user.mail')."
                .to_owned()
        },
    ));
    checks
}

/// The assertion as shown to the admin.
pub fn assertion_view(
    record: &SsoRecord,
    decoded: &Unverified,
    configured_fingerprint: &str,
) -> Option<AssertionView> {
    let assertion = decoded.assertion.as_ref()?;
    let group = &record.saml.attribute_mapping.group;
    Some(AssertionView {
        issuer: assertion.issuer.clone(),
        subject: assertion.name_id.clone(),
        name_id_format: assertion.name_id_format.clone(),
        audiences: assertion.audiences.clone(),
        recipient: assertion.recipient.clone(),
        destination: decoded.destination.clone().unwrap_or_default(),
        in_response_to: assertion.in_response_to.clone().unwrap_or_default(),
        issued: assertion.issued,
        not_before: assertion.not_before,
        not_on_or_after: assertion.not_on_or_after,
        signature_algorithm: decoded.signature_algorithm.clone().unwrap_or_default(),
        certificate_fingerprint: decoded.certificate_fingerprint.clone().unwrap_or_default(),
        configured_certificate_fingerprint: configured_fingerprint.to_owned(),
        attributes: assertion.attributes.clone(),
        groups: if group.is_empty() {
            Vec::new()
        } else {
            assertion.attributes.get(group).cloned().unwrap_or_default()
        },
    })
}

/// What the mapping of `identity` would do; `refusal` names why a sign-in would be refused.
pub fn mapping_view(identity: &SsoIdentity, action: &str, reason: &str) -> MappingView {
    MappingView {
        login_id: identity.login_id.clone(),
        action: action.to_owned(),
        reason: reason.to_owned(),
        name: identity.name.clone().unwrap_or_default(),
        given_name: identity.given_name.clone().unwrap_or_default(),
        family_name: identity.family_name.clone().unwrap_or_default(),
        email: identity.email.clone().unwrap_or_default(),
        custom_attributes: identity.custom_attributes.clone(),
        roles: identity.roles.iter().cloned().collect(),
    }
}

/// The checks of an OIDC test run whose code exchange (or JWKS fetch) failed.
pub fn oidc_failed_exchange(
    refusal: &Refusal,
    oidc: &tenantkit_wire::sso::OidcSettings,
    callback_url: &str,
) -> Vec<Check> {
    let token_failed = refusal.check == "token";
    vec![
        check("token", !token_failed, refusal.detail.clone(), || {
            format!(
                "The token endpoint refused the code: check the client ID and secret (Okta: the \
                 app's General tab, Client Credentials; Entra ID: Certificates & secrets) and that \
                 {callback_url} is a sign-in redirect URI of the app."
            )
        }),
        check("signature", token_failed, refusal.detail.clone(), || {
            format!(
                "The issuer's keys could not be fetched from {}: check the issuer URL of this \
                 connection.",
                oidc.jwks_url
            )
        }),
    ]
}

/// The checks of an OIDC test run's ID token: `verified` is the sign-in's own verdict; the
/// others compare the (unverified) claims, so every failure is named.
pub fn oidc_checks(
    oidc: &tenantkit_wire::sso::OidcSettings,
    expected: &super::oidc::Expected<'_>,
    claims: &serde_json::Map<String, serde_json::Value>,
    verified: &Result<serde_json::Map<String, serde_json::Value>, Refusal>,
    now: i64,
) -> Vec<Check> {
    let text = |name: &str| {
        claims
            .get(name)
            .map(|value| match value {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    let signature_failed = matches!(verified, Err(refusal) if refusal.check == "signature");
    let audiences: Vec<String> = match claims.get("aud") {
        Some(serde_json::Value::Array(values)) => values
            .iter()
            .filter_map(|value| value.as_str().map(str::to_owned))
            .collect(),
        Some(serde_json::Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    };
    let exp = claims
        .get("exp")
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(0);
    let leeway = i64::try_from(super::oidc::LEEWAY_SECS).unwrap_or(60);
    let issuer = text("iss");
    vec![
        check(
            "token",
            true,
            "the code was exchanged".to_owned(),
            String::new,
        ),
        check(
            "signature",
            !signature_failed,
            match verified {
                Err(refusal) if signature_failed => refusal.detail.clone(),
                _ => "verified with the issuer's JWKS".to_owned(),
            },
            || {
                format!(
                    "The ID token's signature does not verify with the keys at {}: sign ID tokens \
                     with RS256 (Okta and Entra ID do by default) and check the issuer URL.",
                    oidc.jwks_url
                )
            },
        ),
        check("issuer", issuer == expected.issuer, issuer.clone(), || {
            format!(
                "Set this connection's issuer to {issuer} (Okta: the authorization server's Issuer \
                 URI; Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0)."
            )
        }),
        check(
            "audience",
            audiences
                .iter()
                .any(|audience| audience == expected.client_id),
            audiences.join(", "),
            || {
                format!(
                    "The ID token is for {audiences:?}, not client {}: paste the app's Client ID \
                     (Okta: General tab; Entra ID: Application (client) ID).",
                    expected.client_id
                )
            },
        ),
        check(
            "time",
            exp + leeway > now,
            format!("expires {}; now {}", second_text(exp), second_text(now)),
            || {
                format!(
                    "The ID token has expired (we allow {leeway} s of clock skew): check the IdP's \
                 clock and sign in again."
                )
            },
        ),
        check(
            "nonce",
            text("nonce") == expected.nonce,
            text("nonce"),
            || {
                "The ID token does not carry this sign-in's nonce: start the test again from the SSO \
             settings."
                .to_owned()
            },
        ),
        check("subject", !text("sub").is_empty(), text("sub"), || {
            "The ID token names no subject (sub): check the app's OpenID Connect settings."
                .to_owned()
        }),
    ]
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail by panicking")]

    use super::*;
    use serde_json::json;

    #[test]
    fn an_oidc_test_run_names_every_failed_check_with_a_fix() {
        let oidc = tenantkit_wire::sso::OidcSettings {
            jwks_url: "https://idp.test/jwks".to_owned(),
            ..Default::default()
        };
        let expected = super::super::oidc::Expected {
            issuer: "https://idp.test",
            client_id: "client-1",
            nonce: "n-1",
        };
        let claims = json!({"iss": "https://idp.test", "aud": "client-2", "sub": "u1",
                            "exp": 2_000, "nonce": "n-2"});
        let claims = claims.as_object().unwrap().clone();
        let verified = Err(Refusal {
            check: "audience",
            detail: "InvalidAudience".to_owned(),
        });
        let checks = oidc_checks(&oidc, &expected, &claims, &verified, 1_000);
        let failed: Vec<(&str, bool)> = checks
            .iter()
            .filter(|check| !check.passed)
            .map(|check| (check.name.as_str(), check.fix_it.is_some()))
            .collect();
        assert_eq!(failed, [("audience", true), ("nonce", true)]);
    }
}
