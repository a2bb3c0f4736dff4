//! The SAML 2.0 service provider of one connection: the AuthnRequest (HTTP-Redirect binding)
//! and the verification of the IdP's Response posted to the ACS.
//!
//! The XML signature is verified by `samael` over libxmlsec1; what it verifies is the only part
//! of the document read afterwards (samael reduces the document to the signed element, which
//! defeats signature-wrapping). On top of samael's checks (signature by the configured
//! certificate only, RSA/ECDSA with SHA-2 only, issuer, Destination and Recipient = our ACS URL,
//! InResponseTo among our pending requests unless IdP-initiated is allowed, time conditions)
//! this module requires an AudienceRestriction naming our entity id and an assertion id, and
//! hands the caller what it needs to refuse a replay.
//!
//! Clock skew: [`MAX_CLOCK_SKEW_SECS`] either side of NotBefore / NotOnOrAfter; a Response or
//! assertion issued more than [`MAX_ISSUE_DELAY_SECS`] ago is refused. samael reads the system
//! clock for these checks (it takes no clock parameter).

use base64::Engine;
use samael::crypto::AllowedSignatureAlgorithm;
use samael::metadata::EntityDescriptor;
use samael::schema::Assertion;
use samael::service_provider::{Error as SamlError, ServiceProviderBuilder};
use std::collections::BTreeMap;

/// Allowed difference between our clock and the IdP's, seconds.
pub const MAX_CLOCK_SKEW_SECS: i64 = 60;
/// How old an IssueInstant may be, seconds.
pub const MAX_ISSUE_DELAY_SECS: i64 = 180;
/// How long a SAML sign-in may stay pending at the IdP, seconds.
pub const PENDING_TTL_SECS: i64 = 600;

/// The values of one connection that a Response is checked against.
#[derive(Debug, Clone)]
pub struct Connection {
    pub idp_entity_id: String,
    pub idp_sso_url: String,
    /// Bare base64 of the DER.
    pub idp_certificate: String,
    pub sp_entity_id: String,
    pub acs_url: String,
    pub allow_idp_initiated: bool,
}

/// Why a Response was refused: the check that failed (a stable name, also used by test runs)
/// and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub check: &'static str,
    pub detail: String,
}

impl Refusal {
    fn new(check: &'static str, detail: impl Into<String>) -> Self {
        Self {
            check,
            detail: detail.into(),
        }
    }
}

/// What a verified assertion says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerifiedAssertion {
    pub id: String,
    pub issuer: String,
    pub name_id: String,
    pub name_id_format: String,
    /// The request it answers (`None` for IdP-initiated).
    pub in_response_to: Option<String>,
    /// Attribute values by name (and by friendly name).
    pub attributes: BTreeMap<String, Vec<String>>,
    /// Until when the assertion could be presented (for the replay cache), epoch seconds.
    pub valid_until: i64,
    pub audiences: Vec<String>,
    /// The bearer SubjectConfirmation's Recipient.
    pub recipient: String,
    /// Conditions, epoch seconds.
    pub not_before: Option<i64>,
    pub not_on_or_after: Option<i64>,
    /// IssueInstant, epoch seconds.
    pub issued: i64,
}

fn metadata_of(connection: &Connection) -> Result<EntityDescriptor, Refusal> {
    let xml = format!(
        r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{entity}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{sso}"/></md:IDPSSODescriptor></md:EntityDescriptor>"#,
        entity = xml_attribute(&connection.idp_entity_id),
        cert = connection
            .idp_certificate
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>(),
        sso = xml_attribute(&connection.idp_sso_url),
    );
    xml.parse::<EntityDescriptor>()
        .map_err(|error| Refusal::new("configuration", format!("IdP settings unusable: {error}")))
}

fn xml_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn service_provider(
    connection: &Connection,
) -> Result<samael::service_provider::ServiceProvider, Refusal> {
    ServiceProviderBuilder::default()
        .entity_id(Some(connection.sp_entity_id.clone()))
        .metadata_url(Some(connection.sp_entity_id.clone()))
        .acs_url(Some(connection.acs_url.clone()))
        .slo_url(None::<String>)
        .idp_metadata(metadata_of(connection)?)
        .allow_idp_initiated(connection.allow_idp_initiated)
        .max_clock_skew(chrono_secs(MAX_CLOCK_SKEW_SECS))
        .max_issue_delay(chrono_secs(MAX_ISSUE_DELAY_SECS))
        .allowed_signature_algorithms(Some(vec![
            AllowedSignatureAlgorithm::RsaSha256,
            AllowedSignatureAlgorithm::RsaSha384,
            AllowedSignatureAlgorithm::RsaSha512,
            AllowedSignatureAlgorithm::EcdsaSha256,
            AllowedSignatureAlgorithm::EcdsaSha384,
            AllowedSignatureAlgorithm::EcdsaSha512,
        ]))
        .build()
        .map_err(|error| Refusal::new("configuration", error.to_string()))
}

/// samael's durations are chrono's.
fn chrono_secs(seconds: i64) -> chrono::Duration {
    chrono::Duration::seconds(seconds)
}

/// An AuthnRequest to the IdP with our own 128-bit random id: the IdP URL to send the browser
/// to (HTTP-Redirect binding, with `relay_state`) and the request id.
pub fn authn_request_url(
    connection: &Connection,
    request_id: &str,
    relay_state: &str,
) -> Result<String, Refusal> {
    let sp = service_provider(connection)?;
    let mut request = sp
        .make_authentication_request(&connection.idp_sso_url)
        .map_err(|error| Refusal::new("configuration", error.to_string()))?;
    request.id = request_id.to_owned();
    // samael writes the Issuer's text as already escaped (`BytesText::from_escaped`), and our
    // entity id (the SP metadata URL) has `&` before `ssoId`: unescaped, the AuthnRequest is not
    // XML and an IdP refuses it (pysaml2 does).
    if let Some(issuer) = request.issuer.as_mut() {
        issuer.value = issuer.value.as_deref().map(xml_attribute);
    }
    let url = request
        .redirect(relay_state)
        .map_err(|error| Refusal::new("configuration", error.to_string()))?
        .ok_or_else(|| Refusal::new("configuration", "the IdP sign-on URL is missing"))?;
    Ok(url.to_string())
}

/// Verifies a base64 `SAMLResponse` posted to the ACS against `connection`, answering one of
/// `pending_ids` (ignored when IdP-initiated sign-in is allowed and the Response names none).
pub fn verify_response(
    connection: &Connection,
    saml_response: &str,
    pending_ids: &[String],
) -> Result<VerifiedAssertion, Refusal> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(saml_response.split_whitespace().collect::<String>())
        .map_err(|_| Refusal::new("format", "SAMLResponse is not base64"))?;
    let xml = String::from_utf8(bytes)
        .map_err(|_| Refusal::new("format", "SAMLResponse is not UTF-8 XML"))?;
    if xml.contains("<!DOCTYPE") || xml.contains("<!ENTITY") {
        return Err(Refusal::new(
            "format",
            "a document type declaration is not allowed",
        ));
    }
    // Exactly one assertion: a second one (signed or not) is the shape of signature wrapping;
    // samael would read only the signed one, we refuse the document outright.
    let assertions = count_elements(&xml, "Assertion");
    if assertions != 1 {
        return Err(Refusal::new(
            "signature",
            format!("the Response holds {assertions} assertions; exactly one is accepted"),
        ));
    }
    // samael checks the Response's Destination only when the Response itself is signed (it
    // reads only what is signed); an IdP that signs just the assertion still names us there.
    if let Ok(envelope) = xml.parse::<samael::schema::Response>()
        && let Some(destination) = &envelope.destination
        && destination != &connection.acs_url
    {
        return Err(Refusal::new(
            "destination",
            format!(
                "the Response's Destination is {destination:?}, not our ACS URL {:?}",
                connection.acs_url
            ),
        ));
    }
    let sp = service_provider(connection)?;
    let ids: Vec<&str> = pending_ids.iter().map(String::as_str).collect();
    let assertion = sp
        .parse_xml_response(&xml, Some(&ids))
        .map_err(|error| refusal_of(&error))?;
    read_assertion(connection, assertion)
}

/// How many elements named `local` (any namespace prefix) the document opens.
fn count_elements(xml: &str, local: &str) -> usize {
    xml.match_indices('<')
        .filter(|(at, _)| {
            let rest = &xml[at + 1..];
            let name: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                .collect();
            let local_name = name.rsplit(':').next().unwrap_or_default();
            local_name == local
        })
        .count()
}

/// The check a samael error stands for.
fn refusal_of(error: &SamlError) -> Refusal {
    let check = match error {
        SamlError::FailedToValidateSignature | SamlError::CryptoXmlError(_) => "signature",
        SamlError::DestinationValidationError { .. } => "destination",
        SamlError::AssertionRecipientMismatch { .. } => "recipient",
        SamlError::ResponseInResponseToInvalid { .. }
        | SamlError::AssertionInResponseToInvalid { .. } => "inResponseTo",
        SamlError::ResponseIssuerMismatch { .. } | SamlError::AssertionIssuerMismatch { .. } => {
            "issuer"
        }
        SamlError::AssertionConditionAudienceRestrictionFailed { .. } => "audience",
        SamlError::ResponseExpired { .. }
        | SamlError::AssertionExpired { .. }
        | SamlError::AssertionConditionExpired { .. }
        | SamlError::AssertionConditionExpiredBefore { .. }
        | SamlError::AssertionSubjectConfirmationExpired { .. }
        | SamlError::AssertionSubjectConfirmationExpiredBefore { .. } => "time",
        SamlError::ResponseBadStatusCode { .. } => "status",
        SamlError::AssertionBearerSubjectConfirmationMissing
        | SamlError::AssertionSubjectConfirmationMissing => "subjectConfirmation",
        _ => "format",
    };
    Refusal::new(check, error.to_string())
}

fn read_assertion(
    connection: &Connection,
    assertion: Assertion,
) -> Result<VerifiedAssertion, Refusal> {
    if assertion.id.trim().is_empty() {
        return Err(Refusal::new("format", "the assertion has no ID"));
    }
    let described = describe(&assertion);
    if !described
        .audiences
        .iter()
        .any(|audience| audience == &connection.sp_entity_id)
    {
        return Err(Refusal::new(
            "audience",
            format!(
                "the assertion's Audience is {:?}, not our entity id {:?}",
                described.audiences, connection.sp_entity_id
            ),
        ));
    }
    Ok(described)
}

/// What an assertion says (verified or not: the caller knows which).
fn describe(assertion: &Assertion) -> VerifiedAssertion {
    let audiences: Vec<String> = assertion
        .conditions
        .as_ref()
        .and_then(|conditions| conditions.audience_restrictions.clone())
        .unwrap_or_default()
        .into_iter()
        .flat_map(|restriction| restriction.audience)
        .collect();
    let subject = assertion.subject.as_ref();
    let name_id = subject.and_then(|subject| subject.name_id.as_ref());
    let confirmation = subject
        .and_then(|subject| subject.subject_confirmations.as_ref())
        .and_then(|confirmations| {
            confirmations
                .iter()
                .find_map(|c| c.subject_confirmation_data.as_ref())
        });
    let valid_until = [
        confirmation.and_then(|data| data.not_on_or_after),
        assertion
            .conditions
            .as_ref()
            .and_then(|conditions| conditions.not_on_or_after),
    ]
    .into_iter()
    .flatten()
    .map(|time| time.timestamp())
    .max()
    .unwrap_or_else(|| assertion.issue_instant.timestamp() + MAX_ISSUE_DELAY_SECS)
        + MAX_CLOCK_SKEW_SECS;
    let mut attributes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for statement in assertion.attribute_statements.iter().flatten() {
        for attribute in &statement.attributes {
            let values: Vec<String> = attribute
                .values
                .iter()
                .filter_map(|value| value.value.clone())
                .collect();
            for name in [&attribute.name, &attribute.friendly_name]
                .into_iter()
                .flatten()
            {
                attributes
                    .entry(name.clone())
                    .or_default()
                    .extend(values.iter().cloned());
            }
        }
    }
    VerifiedAssertion {
        id: assertion.id.clone(),
        issuer: assertion.issuer.value.clone().unwrap_or_default(),
        name_id: name_id.map(|name| name.value.clone()).unwrap_or_default(),
        name_id_format: name_id
            .and_then(|name| name.format.clone())
            .unwrap_or_default(),
        in_response_to: confirmation.and_then(|data| data.in_response_to.clone()),
        attributes,
        valid_until,
        audiences,
        recipient: confirmation
            .and_then(|data| data.recipient.clone())
            .unwrap_or_default(),
        not_before: assertion
            .conditions
            .as_ref()
            .and_then(|conditions| conditions.not_before)
            .map(|time| time.timestamp()),
        not_on_or_after: assertion
            .conditions
            .as_ref()
            .and_then(|conditions| conditions.not_on_or_after)
            .or_else(|| confirmation.and_then(|data| data.not_on_or_after))
            .map(|time| time.timestamp()),
        issued: assertion.issue_instant.timestamp(),
    }
}

/// A Response read without verifying it, for a test run's diagnosis: never for signing in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unverified {
    pub destination: Option<String>,
    pub status: Option<String>,
    /// How many assertions the document holds.
    pub assertions: usize,
    pub assertion: Option<VerifiedAssertion>,
    /// The SignatureMethod of the first signature, if any.
    pub signature_algorithm: Option<String>,
    /// The SHA-256 fingerprint (hex, colon-separated) of the certificate the IdP sent along.
    pub certificate_fingerprint: Option<String>,
}

/// Decodes a base64 `SAMLResponse` without verifying anything.
pub fn decode_unverified(saml_response: &str) -> Result<Unverified, Refusal> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(saml_response.split_whitespace().collect::<String>())
        .map_err(|_| Refusal::new("format", "SAMLResponse is not base64"))?;
    let xml = String::from_utf8(bytes)
        .map_err(|_| Refusal::new("format", "SAMLResponse is not UTF-8 XML"))?;
    if xml.contains("<!DOCTYPE") || xml.contains("<!ENTITY") {
        return Err(Refusal::new(
            "format",
            "a document type declaration is not allowed",
        ));
    }
    let response = xml
        .parse::<samael::schema::Response>()
        .map_err(|error| Refusal::new("format", format!("not a SAML Response: {error}")))?;
    let between = |open: &str, close: char| -> Option<String> {
        let start = xml.find(open)? + open.len();
        let rest = xml.get(start..)?;
        rest.get(..rest.find(close)?).map(str::to_owned)
    };
    let certificate_fingerprint = between("X509Certificate>", '<')
        .and_then(|text| {
            base64::engine::general_purpose::STANDARD
                .decode(text.split_whitespace().collect::<String>())
                .ok()
        })
        .map(|der| fingerprint(&der));
    Ok(Unverified {
        destination: response.destination.clone(),
        status: response
            .status
            .as_ref()
            .and_then(|status| status.status_code.value.clone()),
        assertions: count_elements(&xml, "Assertion"),
        assertion: response.assertion.as_ref().map(describe),
        signature_algorithm: between("SignatureMethod Algorithm=\"", '"'),
        certificate_fingerprint,
    })
}

/// SHA-256 of a DER certificate as colon-separated upper-case hex.
pub fn fingerprint(der: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(der)
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}
