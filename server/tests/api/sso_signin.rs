//! SAML sign-in over HTTP, on both databases, against Responses signed at test time by a real
//! XML-DSig signer (Debian's `xmlsec1`, with an RSA key made by `openssl`): SP-initiated sign-in
//! through Descope's `sso.start` / `sso.exchange` paths, the just-in-time user with mapped
//! attributes and roles, a second sign-in updating them without touching a role granted by
//! hand, and every refusal the issue lists (tampered, unsigned, wrong certificate, two
//! signature-wrapping shapes, wrong audience, recipient and destination, expired, replayed,
//! unknown InResponseTo, another tenant's connection, a disabled user, IdP-initiated while off),
//! each also a failed check of a test run. OIDC: a sign-in through npm `oidc-provider`, and ID
//! tokens with a wrong nonce, a wrong audience or `alg: none` from a forging issuer of this file,
//! refused at sign-in and failed in a test run.

use crate::util::{
    Backend, TestApp, assert_wire_error, backend_tests, claims_of, new_user, status_and_location,
};
use base64::Engine;
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;
use tenantkit_server::{Clock as _, seed};
use tenantkit_wire::sso::{
    AttributeMapping, AuthTypeRequest, ConfigureSamlRequest, RoleMapping, SamlSettings, SsoAuthType,
};
use tenantkit_wire::{TenantId, UserStatus};

backend_tests!(
    saml_sign_in_creates_then_updates_the_user,
    forged_and_misdirected_responses_are_refused,
    replays_other_tenants_and_disabled_users_are_refused,
    enforce_sso_refuses_passwords_of_sso_users_and_idp_initiated_is_a_switch,
    test_connection_diagnoses_without_signing_in,
    oidc_sign_in_through_oidc_provider,
    oidc_forged_id_tokens_are_refused_and_shown_in_a_test_run,
);

const IDP_ENTITY: &str = "https://idp.test/saml";
pub(crate) const APP_URL: &str = "https://app.example.com/after";

/// A signing identity of a test IdP: an RSA key and its self-signed certificate, in files.
pub(crate) struct Signer {
    dir: PathBuf,
    cert_pem: String,
}

impl Signer {
    pub(crate) fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "tk-saml-{name}-{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand_bytes())
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let status = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            ])
            .args(["-subj", &format!("/CN={name}")])
            .arg("-keyout")
            .arg(dir.join("key.pem"))
            .arg("-out")
            .arg(dir.join("cert.pem"))
            .output()
            .expect("openssl runs");
        assert!(status.status.success(), "openssl: {status:?}");
        let cert_pem = std::fs::read_to_string(dir.join("cert.pem")).unwrap();
        Self { dir, cert_pem }
    }

    /// Signs the element with `ID` = the `<ds:Signature>` template's reference, with xmlsec1.
    fn sign(&self, template: &str) -> String {
        let input = self.dir.join(format!("in-{}.xml", rand_hex()));
        let output = self.dir.join(format!("out-{}.xml", rand_hex()));
        std::fs::write(&input, template).unwrap();
        let key = format!(
            "{},{}",
            self.dir.join("key.pem").display(),
            self.dir.join("cert.pem").display()
        );
        let run = Command::new("xmlsec1")
            .args(["--sign", "--privkey-pem", &key])
            .args([
                "--id-attr:ID",
                "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
            ])
            .args([
                "--id-attr:ID",
                "urn:oasis:names:tc:SAML:2.0:protocol:Response",
            ])
            .arg("--output")
            .arg(&output)
            .arg(&input)
            .output()
            .expect("xmlsec1 runs (cargo xtask setup installs it)");
        assert!(
            run.status.success(),
            "xmlsec1: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        std::fs::read_to_string(&output).unwrap()
    }
}

impl Drop for Signer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn rand_bytes() -> [u8; 9] {
    use rand::Rng;
    rand::thread_rng().r#gen()
}

fn rand_hex() -> String {
    rand_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

fn iso(offset_secs: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let t = now + offset_secs;
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// What a test Response says.
#[derive(Clone)]
pub(crate) struct Assertion {
    id: String,
    in_response_to: String,
    email: String,
    first_name: String,
    groups: Vec<String>,
    audience: String,
    recipient: String,
    destination: String,
    issued_offset: i64,
    not_on_or_after_offset: i64,
    signed: bool,
}

impl Assertion {
    pub(crate) fn new(sp: &Sp, in_response_to: &str, email: &str) -> Self {
        Self {
            id: format!("_a{}", rand_hex()),
            in_response_to: in_response_to.to_owned(),
            email: email.to_owned(),
            first_name: "Grace".to_owned(),
            groups: vec!["engineers".to_owned()],
            audience: sp.entity_id.clone(),
            recipient: sp.acs_url.clone(),
            destination: sp.acs_url.clone(),
            issued_offset: 0,
            not_on_or_after_offset: 300,
            signed: true,
        }
    }

    fn assertion_xml(&self) -> String {
        let signature = if self.signed {
            format!(
                r##"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#{id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate></ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>"##,
                id = self.id
            )
        } else {
            String::new()
        };
        let groups: String = self
            .groups
            .iter()
            .map(|g| format!("<saml:AttributeValue>{}</saml:AttributeValue>", escape(g)))
            .collect();
        let issued = iso(self.issued_offset);
        format!(
            r#"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{id}" Version="2.0" IssueInstant="{issued}"><saml:Issuer>{idp}</saml:Issuer>{signature}<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{email}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData{irt} NotOnOrAfter="{until}" Recipient="{recipient}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="{before}" NotOnOrAfter="{until}"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="{issued}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="firstName"><saml:AttributeValue>{first}</saml:AttributeValue></saml:Attribute><saml:Attribute Name="groups">{groups}</saml:Attribute></saml:AttributeStatement></saml:Assertion>"#,
            id = self.id,
            idp = IDP_ENTITY,
            email = escape(&self.email),
            irt = self.in_response_to_attribute(),
            until = iso(self.issued_offset + self.not_on_or_after_offset),
            before = iso(self.issued_offset - 5),
            recipient = escape(&self.recipient),
            audience = escape(&self.audience),
            first = escape(&self.first_name),
        )
    }

    /// ` InResponseTo="..."`, or nothing for an IdP-initiated Response.
    fn in_response_to_attribute(&self) -> String {
        if self.in_response_to.is_empty() {
            String::new()
        } else {
            format!(" InResponseTo=\"{}\"", escape(&self.in_response_to))
        }
    }

    /// The whole Response around `assertion` (already signed or not).
    fn response_around(&self, assertion: &str) -> String {
        format!(
            r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r{rid}" Version="2.0" IssueInstant="{issued}" Destination="{dest}"{irt}><saml:Issuer>{idp}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>{assertion}</samlp:Response>"#,
            rid = rand_hex(),
            issued = iso(self.issued_offset),
            dest = escape(&self.destination),
            irt = self.in_response_to_attribute(),
            idp = IDP_ENTITY,
        )
    }

    /// The Response signed (the assertion) by `signer`.
    pub(crate) fn signed_by(&self, signer: &Signer) -> String {
        let document = self.response_around(&self.assertion_xml());
        if self.signed {
            signer.sign(&document)
        } else {
            document
        }
    }
}

/// A change to a test Response.
type Change = fn(&mut Assertion);

/// Our SP values of a connection, as the settings answer them.
pub(crate) struct Sp {
    entity_id: String,
    acs_url: String,
}

pub(crate) fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Configures and enables SAML for `tenant` with `signer`'s certificate.
pub(crate) async fn set_up(app: &TestApp, tenant: &str, signer: &Signer, domain: &str) -> Sp {
    let management = app.management();
    management
        .configure_saml(&ConfigureSamlRequest {
            tenant_id: TenantId::new(tenant),
            settings: SamlSettings {
                idp_url: "https://idp.test/sso".to_owned(),
                entity_id: IDP_ENTITY.to_owned(),
                idp_cert: signer.cert_pem.clone(),
                attribute_mapping: AttributeMapping {
                    given_name: "firstName".to_owned(),
                    name: "firstName".to_owned(),
                    group: "groups".to_owned(),
                    ..AttributeMapping::default()
                },
                role_mappings: if tenant == seed::ACME {
                    vec![RoleMapping {
                        groups: vec!["engineers".to_owned()],
                        role_name: seed::ACME_SUPPORT_ROLE.to_owned(),
                    }]
                } else {
                    Vec::new()
                },
                default_sso_roles: Vec::new(),
            },
            redirect_url: APP_URL.to_owned(),
            domains: vec![domain.to_owned()],
            ..ConfigureSamlRequest::default()
        })
        .await
        .unwrap();
    management
        .set_sso_auth_type(&AuthTypeRequest {
            tenant_id: TenantId::new(tenant),
            sso_id: String::new(),
            auth_type: SsoAuthType::Saml,
        })
        .await
        .unwrap();
    let settings = management.load_sso_settings(tenant, "").await.unwrap();
    Sp {
        entity_id: settings.saml.sp_entity_id,
        acs_url: settings.saml.sp_acs_url,
    }
}

/// Descope's `sso.start`: the IdP URL, and the AuthnRequest's id and RelayState read from it
/// as the IdP reads them.
pub(crate) async fn start(app: &TestApp, tenant_or_email: &str) -> (String, String) {
    let response = http()
        .post(format!("{}/v1/auth/saml/authorize", app.base_url))
        .query(&[("tenant", tenant_or_email), ("redirectURL", APP_URL)])
        .header("Authorization", format!("Bearer {}", app.project_id))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let body: serde_json::Value = response.json().await.unwrap();
    let url = reqwest::Url::parse(body["url"].as_str().unwrap()).unwrap();
    assert!(url.as_str().starts_with("https://idp.test/sso?"));
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    let deflated = base64::engine::general_purpose::STANDARD
        .decode(&query["SAMLRequest"])
        .unwrap();
    let mut request = String::new();
    flate2::read::DeflateDecoder::new(deflated.as_slice())
        .read_to_string(&mut request)
        .unwrap();
    let id = request
        .split(" ID=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    assert!(id.len() > 40, "a long random request id: {id}");
    (id, query["RelayState"].clone())
}

/// Posts a Response to an ACS: the status and the Location (or the error body).
pub(crate) async fn post_acs(
    app: &TestApp,
    sp: &Sp,
    response: &str,
    relay_state: &str,
) -> (u16, String) {
    let path = sp.acs_url.split("/tk/").nth(1).unwrap();
    let encoded = base64::engine::general_purpose::STANDARD.encode(response);
    let answer = http()
        .post(format!("{}/tk/{path}", app.base_url))
        .form(&[
            ("SAMLResponse", encoded.as_str()),
            ("RelayState", relay_state),
        ])
        .send()
        .await
        .unwrap();
    status_and_location(answer).await
}

/// Descope's `sso.exchange`.
pub(crate) async fn exchange(app: &TestApp, code: &str) -> (u16, serde_json::Value) {
    let answer = http()
        .post(format!("{}/v1/auth/saml/exchange", app.base_url))
        .json(&serde_json::json!({"code": code}))
        .send()
        .await
        .unwrap();
    (answer.status().as_u16(), answer.json().await.unwrap())
}

pub(crate) fn code_of(location: &str) -> String {
    assert!(
        location.starts_with(&format!("{APP_URL}?code=")),
        "{location}"
    );
    location.rsplit("code=").next().unwrap().to_owned()
}

async fn saml_sign_in_creates_then_updates_the_user(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let idp = Signer::new("idp");
    let sp = set_up(&app, seed::ACME, &idp, "sso-acme.test").await;

    // First sign-in, started with the user's email (its domain picks the connection).
    let (request_id, relay) = start(&app, "grace@sso-acme.test").await;
    let assertion = Assertion::new(&sp, &request_id, "grace@sso-acme.test");
    let (status, location) = post_acs(&app, &sp, &assertion.signed_by(&idp), &relay).await;
    assert_eq!(status, 303, "{location}");
    let (status, signed_in) = exchange(&app, &code_of(&location)).await;
    assert_eq!(status, 200, "{signed_in}");
    assert_eq!(signed_in["firstSeen"], true);
    assert_eq!(signed_in["user"]["loginIds"][0], "grace@sso-acme.test");
    assert_eq!(signed_in["user"]["givenName"], "Grace");
    assert_eq!(signed_in["user"]["email"], "grace@sso-acme.test");
    let jwt = tenantkit_wire::Secret::new(signed_in["sessionJwt"].as_str().unwrap());
    let claims = claims_of(&jwt);
    assert_eq!(claims.amr, vec!["saml".to_owned()]);
    assert_eq!(
        claims.tenants[seed::ACME].roles,
        vec![seed::ACME_SUPPORT_ROLE.to_owned()]
    );
    // The code works once.
    let (status, _) = exchange(&app, &code_of(&location)).await;
    assert_eq!(status, 401);

    // An admin grants a role by hand; the IdP drops the group and renames the user.
    let user = app.user("grace@sso-acme.test").await;
    app.management()
        .update_roles(
            tenantkit_client::RoleOp::Add,
            &tenantkit_wire::user_ops::UserRolesRequest {
                login_id: tenantkit_wire::LoginId::new("grace@sso-acme.test"),
                tenant_id: TenantId::new(seed::ACME),
                role_names: vec!["Tenant Admin".to_owned()],
            },
        )
        .await
        .unwrap();
    let (request_id, relay) = start(&app, seed::ACME).await;
    let mut second = Assertion::new(&sp, &request_id, "grace@sso-acme.test");
    second.first_name = "Gracie".to_owned();
    second.groups = vec!["sales".to_owned()];
    let (status, location) = post_acs(&app, &sp, &second.signed_by(&idp), &relay).await;
    assert_eq!(status, 303, "{location}");
    let (status, signed_in) = exchange(&app, &code_of(&location)).await;
    assert_eq!(status, 200);
    assert_eq!(signed_in["firstSeen"], false);
    assert_eq!(signed_in["user"]["userId"], user.user_id.as_str());
    assert_eq!(signed_in["user"]["givenName"], "Gracie");
    let claims = claims_of(&tenantkit_wire::Secret::new(
        signed_in["sessionJwt"].as_str().unwrap(),
    ));
    assert_eq!(
        claims.tenants[seed::ACME].roles,
        vec!["Tenant Admin".to_owned()]
    );

    let actions: Vec<String> = app.audit().await.into_iter().map(|event| event.0).collect();
    for action in [
        "UserCreatedBySso",
        "UserUpdatedBySso",
        "UserRolesChangedBySso",
        "SsoSignIn",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    // The overview shows when someone last signed in through the connection.
    let key = format!("Bearer {}:{}", app.project_id, app.management_key.expose());
    let (_, activity) = sso_read(&app, &key, ACTIVITY, seed::ACME).await;
    let last = activity["connections"][0]["lastSignIn"].as_i64().unwrap();
    let now = app.clock.now();
    assert!(last > now - 60 && last <= now, "{activity}");
}

async fn forged_and_misdirected_responses_are_refused(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let idp = Signer::new("idp");
    let intruder = Signer::new("intruder");
    let sp = set_up(&app, seed::ACME, &idp, "sso-acme.test").await;

    let refused = async |response: String, relay: &str, check: &str| {
        let (status, body) = post_acs(&app, &sp, &response, relay).await;
        assert_eq!(status, 401, "{check}: {body}");
        assert!(body.contains(&format!("({check})")), "{check}: {body}");
    };

    // Signed by another key.
    let (id, relay) = start(&app, seed::ACME).await;
    refused(
        Assertion::new(&sp, &id, "eve@sso-acme.test").signed_by(&intruder),
        &relay,
        "signature",
    )
    .await;

    // Unsigned.
    let (id, relay) = start(&app, seed::ACME).await;
    let mut unsigned = Assertion::new(&sp, &id, "eve@sso-acme.test");
    unsigned.signed = false;
    refused(unsigned.signed_by(&idp), &relay, "signature").await;

    // Tampered after signing.
    let (id, relay) = start(&app, seed::ACME).await;
    let tampered = Assertion::new(&sp, &id, "grace@sso-acme.test")
        .signed_by(&idp)
        .replace("grace@sso-acme.test", "eve@sso-acme.test");
    refused(tampered, &relay, "signature").await;

    // XSW: an evil unsigned assertion next to the genuine signed one (before and after it).
    let (id, relay) = start(&app, seed::ACME).await;
    let genuine = Assertion::new(&sp, &id, "grace@sso-acme.test");
    let signed = genuine.signed_by(&idp);
    refused(xsw_sibling(&genuine, &signed, true), &relay, "signature").await;
    refused(xsw_sibling(&genuine, &signed, false), &relay, "signature").await;
    // XSW: the signed assertion hidden inside the evil one (which reuses its ID).
    refused(xsw_wrapped(&genuine, &signed), &relay, "signature").await;

    // Wrong audience, recipient, destination; expired; not yet valid; unknown request.
    let (id, relay) = start(&app, seed::ACME).await;
    let mut wrong = Assertion::new(&sp, &id, "grace@sso-acme.test");
    wrong.audience = "https://another-sp.example/metadata".to_owned();
    refused(wrong.signed_by(&idp), &relay, "audience").await;
    let (id, relay) = start(&app, seed::ACME).await;
    let mut wrong = Assertion::new(&sp, &id, "grace@sso-acme.test");
    wrong.recipient = "https://another-sp.example/acs".to_owned();
    refused(wrong.signed_by(&idp), &relay, "recipient").await;
    let (id, relay) = start(&app, seed::ACME).await;
    let mut wrong = Assertion::new(&sp, &id, "grace@sso-acme.test");
    wrong.destination = "https://another-sp.example/acs".to_owned();
    refused(wrong.signed_by(&idp), &relay, "destination").await;
    let (id, relay) = start(&app, seed::ACME).await;
    let mut expired = Assertion::new(&sp, &id, "grace@sso-acme.test");
    expired.issued_offset = -3600;
    refused(expired.signed_by(&idp), &relay, "time").await;
    let (id, relay) = start(&app, seed::ACME).await;
    let mut future = Assertion::new(&sp, &id, "grace@sso-acme.test");
    future.issued_offset = 600;
    refused(future.signed_by(&idp), &relay, "time").await;
    let (_, relay) = start(&app, seed::ACME).await;
    let unknown = Assertion::new(&sp, "_not-a-request-of-ours", "grace@sso-acme.test");
    refused(unknown.signed_by(&idp), &relay, "inResponseTo").await;

    // IdP-initiated (no InResponseTo) is off by default.
    let relay = String::new();
    let mut unsolicited = Assertion::new(&sp, "", "grace@sso-acme.test");
    unsolicited.in_response_to = String::new();
    refused(unsolicited.signed_by(&idp), &relay, "inResponseTo").await;

    // Nobody was signed in by any of these; each refusal is in the audit trail.
    assert!(
        app.db()
            .credentials(&tenantkit_wire::LoginId::new("eve@sso-acme.test"))
            .await
            .unwrap()
            .is_none()
    );
    let refusals = app
        .audit()
        .await
        .into_iter()
        .filter(|event| event.0 == "SsoSignInRefused")
        .count();
    assert!(refusals >= 13, "{refusals} refusals recorded");
}

/// An unsigned evil assertion (another user) for `genuine`'s request.
fn evil_twin(genuine: &Assertion) -> Assertion {
    let mut evil = genuine.clone();
    evil.id = format!("_evil{}", rand_hex());
    evil.email = "eve@sso-acme.test".to_owned();
    evil.signed = false;
    evil
}

/// XSW: the evil assertion next to the genuine signed one (`before` it or after it).
fn xsw_sibling(genuine: &Assertion, signed: &str, before: bool) -> String {
    let evil = evil_twin(genuine).assertion_xml();
    if before {
        let status_end = "</samlp:Status>";
        signed.replacen(status_end, &format!("{status_end}{evil}"), 1)
    } else {
        signed.replacen("</samlp:Response>", &format!("{evil}</samlp:Response>"), 1)
    }
}

/// XSW: the genuine signed assertion hidden inside the evil one, which reuses its ID.
fn xsw_wrapped(genuine: &Assertion, signed: &str) -> String {
    let mut wrapper = evil_twin(genuine);
    wrapper.id = genuine.id.clone();
    let signed_assertion = signed
        .split("<saml:Assertion")
        .nth(1)
        .map(|rest| {
            format!(
                "<saml:Assertion{}",
                rest.split("</samlp:Response>").next().unwrap()
            )
        })
        .unwrap();
    genuine.response_around(&wrapper.assertion_xml().replacen(
        "<saml:Subject>",
        &format!("{signed_assertion}<saml:Subject>"),
        1,
    ))
}

async fn replays_other_tenants_and_disabled_users_are_refused(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let idp = Signer::new("idp");
    let acme = set_up(&app, seed::ACME, &idp, "sso-acme.test").await;
    let globex = set_up(&app, seed::GLOBEX, &idp, "sso-globex.test").await;
    assert_ne!(acme.acs_url, globex.acs_url);

    // A Response for acme's connection posted to globex's ACS.
    let (id, relay) = start(&app, seed::ACME).await;
    let for_acme = Assertion::new(&acme, &id, "grace@sso-acme.test").signed_by(&idp);
    let (status, body) = post_acs(&app, &globex, &for_acme, &relay).await;
    assert_eq!(status, 401, "{body}");
    // ... and it still works where it belongs, once.
    let (status, location) = post_acs(&app, &acme, &for_acme, &relay).await;
    assert_eq!(status, 303, "{location}");
    let (status, body) = post_acs(&app, &acme, &for_acme, &relay).await;
    assert_eq!(status, 401, "{body}");

    // The same assertion id answering a new request: a replay.
    let (id, relay) = start(&app, seed::ACME).await;
    let mut first = Assertion::new(&acme, &id, "grace@sso-acme.test");
    first.id = format!("_fixed{}", rand_hex());
    let (status, _) = post_acs(&app, &acme, &first.signed_by(&idp), &relay).await;
    assert_eq!(status, 303);
    let (id, relay) = start(&app, seed::ACME).await;
    let mut replay = first.clone();
    replay.in_response_to = id;
    let (status, body) = post_acs(&app, &acme, &replay.signed_by(&idp), &relay).await;
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("(replay)"), "{body}");

    // A disabled user is refused.
    let user = app.user("grace@sso-acme.test").await;
    app.set_status(&user.user_id, UserStatus::Disabled).await;
    let (id, relay) = start(&app, seed::ACME).await;
    let again = Assertion::new(&acme, &id, "grace@sso-acme.test").signed_by(&idp);
    let (status, body) = post_acs(&app, &acme, &again, &relay).await;
    assert_eq!(status, 401, "{body}");

    // A user of another tenant, outside this connection's domains, is not taken over.
    let (id, relay) = start(&app, seed::GLOBEX).await;
    let takeover = Assertion::new(&globex, &id, seed::ACME_ADMIN).signed_by(&idp);
    let (status, body) = post_acs(&app, &globex, &takeover, &relay).await;
    assert_eq!(status, 403, "{body}");

    // Start refuses a tenant whose SSO is off, and a redirect URL of a foreign origin.
    app.management()
        .set_sso_auth_type(&AuthTypeRequest {
            tenant_id: TenantId::new(seed::GLOBEX),
            sso_id: String::new(),
            auth_type: SsoAuthType::None,
        })
        .await
        .unwrap();
    let answer = http()
        .post(format!("{}/v1/auth/saml/authorize", app.base_url))
        .query(&[("tenant", seed::GLOBEX), ("redirectURL", APP_URL)])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 403);
    let answer = http()
        .post(format!("{}/v1/auth/saml/authorize", app.base_url))
        .query(&[
            ("tenant", seed::ACME),
            ("redirectURL", "https://evil.example/steal"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
}

async fn enforce_sso_refuses_passwords_of_sso_users_and_idp_initiated_is_a_switch(
    backend: Backend,
) {
    let app = TestApp::seeded(backend).await;
    let idp = Signer::new("idp");
    let sp = set_up(&app, seed::ACME, &idp, "acme.test").await;

    // The acme admin (a member already, in the connection's domain) signs in through SSO.
    let (id, relay) = start(&app, seed::ACME_ADMIN).await;
    let assertion = Assertion::new(&sp, &id, seed::ACME_ADMIN).signed_by(&idp);
    let (status, location) = post_acs(&app, &sp, &assertion, &relay).await;
    assert_eq!(status, 303, "{location}");
    let (status, body) = exchange(&app, &code_of(&location)).await;
    assert_eq!(status, 200, "{body}");
    // The password still works while acme does not enforce SSO.
    app.sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();

    sqlx::query("UPDATE tenants SET enforce_sso = $1 WHERE id = $2")
        .bind(true)
        .bind(seed::ACME)
        .execute(app.db().pool())
        .await
        .unwrap();
    let body = assert_wire_error(
        app.sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD).await,
        403,
        "E061103",
    );
    assert!(body.error_message.contains("sign in with SSO"), "{body:?}");
    // A wrong password tells nothing more than before.
    assert_wire_error(app.sign_in(seed::ACME_ADMIN, "wrong").await, 401, "E061102");
    // Nor does an administrator's reset give them a password.
    let reset = assert_wire_error(
        app.management()
            .set_active_password(&tenantkit_wire::user_ops::SetPasswordRequest {
                login_id: tenantkit_wire::LoginId::new(seed::ACME_ADMIN),
                password: tenantkit_wire::Secret::new("Another-Passw0rd"),
            })
            .await,
        403,
        "E061103",
    );
    assert!(
        reset.error_message.contains("signs in with SSO"),
        "{reset:?}"
    );
    // An acme user who never signed in through SSO keeps their password.
    app.add_user(
        new_user("pat@acme.test", "Pat", &[(seed::ACME, &[])]),
        Some(seed::DEMO_PASSWORD),
    )
    .await;
    app.sign_in("pat@acme.test", seed::DEMO_PASSWORD)
        .await
        .unwrap();

    // IdP-initiated: refused while off, accepted once an SSO admin switches it on.
    let mut unsolicited = Assertion::new(&sp, "", seed::ACME_ADMIN);
    unsolicited.in_response_to = String::new();
    let (status, body) = post_acs(&app, &sp, &unsolicited.signed_by(&idp), "").await;
    assert_eq!(status, 401, "{body}");
    let switched = http()
        .post(format!("{}/tk/v1/sso/signin-options", app.base_url))
        .header(
            "Authorization",
            format!("Bearer {}:{}", app.project_id, app.management_key.expose()),
        )
        .json(&serde_json::json!({"tenantId": seed::ACME, "ssoId": "", "allowIdpInitiated": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), 200);
    let mut unsolicited = Assertion::new(&sp, "", seed::ACME_ADMIN);
    unsolicited.in_response_to = String::new();
    let (status, location) = post_acs(&app, &sp, &unsolicited.signed_by(&idp), "").await;
    assert_eq!(status, 303, "{location}");
    code_of(&location);
}

/// Starts a test run as `authorization` (a management key or a tenant admin's session).
async fn start_test(app: &TestApp, authorization: &str, tenant: &str) -> (String, String, String) {
    let answer = http()
        .post(format!("{}/tk/v1/sso/test/start", app.base_url))
        .header("Authorization", authorization)
        .json(&serde_json::json!({"tenantId": tenant, "ssoId": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let body: serde_json::Value = answer.json().await.unwrap();
    let url = reqwest::Url::parse(body["url"].as_str().unwrap()).unwrap();
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    let deflated = base64::engine::general_purpose::STANDARD
        .decode(&query["SAMLRequest"])
        .unwrap();
    let mut request = String::new();
    flate2::read::DeflateDecoder::new(deflated.as_slice())
        .read_to_string(&mut request)
        .unwrap();
    let id = request
        .split(" ID=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    (
        body["testRunId"].as_str().unwrap().to_owned(),
        id,
        query["RelayState"].clone(),
    )
}

async fn test_result(
    app: &TestApp,
    authorization: &str,
    tenant: &str,
    run: &str,
) -> (u16, serde_json::Value) {
    let answer = http()
        .get(format!("{}/tk/v1/sso/test/result", app.base_url))
        .header("Authorization", authorization)
        .query(&[("tenantId", tenant), ("testRunId", run), ("tenant", tenant)])
        .send()
        .await
        .unwrap();
    (answer.status().as_u16(), answer.json().await.unwrap())
}

async fn test_connection_diagnoses_without_signing_in(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let idp = Signer::new("idp");
    let sp = set_up(&app, seed::ACME, &idp, "sso-acme.test").await;
    // Tested while disabled: a test needs no enabled connection.
    app.management()
        .set_sso_auth_type(&AuthTypeRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: String::new(),
            auth_type: SsoAuthType::None,
        })
        .await
        .unwrap();
    let (_, acme_admin) = app.acme_admin().await;
    let admin = format!(
        "Bearer {}:{}",
        app.project_id,
        acme_admin.session_jwt.expose()
    );

    // A good answer: every check passes, the mapping says what would happen, nobody signs in.
    let (run, id, relay) = start_test(&app, &admin, seed::ACME).await;
    let first_run = run.clone();
    let (status, pending) = test_result(&app, &admin, seed::ACME, &run).await;
    assert_eq!(status, 200, "{pending}");
    assert_eq!(pending["finished"], 0);
    let answer = Assertion::new(&sp, &id, "grace@sso-acme.test").signed_by(&idp);
    let (status, body) = post_acs(&app, &sp, &answer, &relay).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("every check passed"), "{body}");
    let (status, result) = test_result(&app, &admin, seed::ACME, &run).await;
    assert_eq!(status, 200);
    assert_eq!(result["passed"], true, "{result:#}");
    let names: Vec<&str> = result["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|check| check["name"].as_str().unwrap())
        .collect();
    for name in [
        "signature",
        "issuer",
        "audience",
        "recipient",
        "destination",
        "time",
        "inResponseTo",
        "replay",
        "subject",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    assert_eq!(result["assertion"]["subject"], "grace@sso-acme.test");
    assert_eq!(result["assertion"]["groups"][0], "engineers");
    assert!(
        result["assertion"]["signatureAlgorithm"]
            .as_str()
            .unwrap()
            .ends_with("rsa-sha256")
    );
    assert_eq!(
        result["assertion"]["certificateFingerprint"],
        result["assertion"]["configuredCertificateFingerprint"]
    );
    assert_eq!(result["mapping"]["action"], "create");
    assert_eq!(result["mapping"]["roles"][0], seed::ACME_SUPPORT_ROLE);
    assert!(
        app.db()
            .credentials(&tenantkit_wire::LoginId::new("grace@sso-acme.test"))
            .await
            .unwrap()
            .is_none(),
        "a test creates no user"
    );
    // The answer to a test request cannot sign anyone in either.
    let (status, _) = post_acs(&app, &sp, &answer, "").await;
    assert_eq!(status, 401);

    // A wrong audience and another certificate: each failed check says what to change.
    let other = Signer::new("rotated");
    let (run, id, relay) = start_test(&app, &admin, seed::ACME).await;
    let mut wrong = Assertion::new(&sp, &id, "grace@sso-acme.test");
    wrong.audience = "https://wrong.example/sp".to_owned();
    let (status, _) = post_acs(&app, &sp, &wrong.signed_by(&other), &relay).await;
    assert_eq!(status, 200);
    let (_, result) = test_result(&app, &admin, seed::ACME, &run).await;
    assert_eq!(result["passed"], false);
    let failed: std::collections::HashMap<&str, &str> = result["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|check| check["passed"] == false)
        .map(|check| {
            (
                check["name"].as_str().unwrap(),
                check["fixIt"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        failed["audience"].contains("Audience URI (SP Entity ID)"),
        "{failed:?}"
    );
    assert!(failed["audience"].contains(&sp.entity_id), "{failed:?}");
    assert!(failed["signature"].contains("certificate"), "{failed:?}");
    assert_eq!(failed.len(), 2, "{failed:?}");

    // Each refusal of a sign-in shows as that check failing in a test run.
    let cases: [(&str, Change); 5] = [
        ("signature", |a| a.signed = false),
        ("time", |a| a.issued_offset = -3600),
        ("recipient", |a| {
            a.recipient = "https://wrong.example/acs".to_owned()
        }),
        ("destination", |a| {
            a.destination = "https://wrong.example/acs".to_owned()
        }),
        ("inResponseTo", |a| {
            a.in_response_to = "_another-request".to_owned()
        }),
    ];
    for (name, change) in cases {
        let (run, id, relay) = start_test(&app, &admin, seed::ACME).await;
        let mut answer = Assertion::new(&sp, &id, "grace@sso-acme.test");
        change(&mut answer);
        let (status, _) = post_acs(&app, &sp, &answer.signed_by(&idp), &relay).await;
        assert_eq!(status, 200);
        let (_, result) = test_result(&app, &admin, seed::ACME, &run).await;
        assert_eq!(result["passed"], false, "{name}");
        let check = result["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|check| check["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {result:#}"));
        assert_eq!(check["passed"], false, "{name}: {result:#}");
        assert!(!check["fixIt"].as_str().unwrap().is_empty());
    }

    // The overview reads each connection's last finished run (a run started and never answered
    // does not count) and its last sign-in: a test signs nobody in.
    app.clock.advance(1);
    let (latest, id, relay) = start_test(&app, &admin, seed::ACME).await;
    let mut unsigned = Assertion::new(&sp, &id, "grace@sso-acme.test");
    unsigned.signed = false;
    post_acs(&app, &sp, &unsigned.signed_by(&idp), &relay).await;
    app.clock.advance(1);
    start_test(&app, &admin, seed::ACME).await;
    let (status, activity) = sso_read(&app, &admin, ACTIVITY, seed::ACME).await;
    assert_eq!(status, 200, "{activity}");
    assert_eq!(
        activity["connections"],
        serde_json::json!([{"ssoId": "", "lastSignIn": 0, "lastTest": {
            "testRunId": latest, "finished": app.clock.now() - 1, "passed": false}}])
    );
    // The overview answers the same, with the configurations as settings/all lists them.
    let (status, overview) = sso_read(&app, &admin, OVERVIEW, seed::ACME).await;
    assert_eq!(status, 200, "{overview}");
    assert_eq!(overview["connections"], activity["connections"]);
    let (_, all) = sso_read(&app, &admin, "/v2/mgmt/sso/settings/all", seed::ACME).await;
    assert_eq!(overview["SSOSettings"], all["SSOSettings"]);
    assert_eq!(overview["SSOSettings"].as_array().map(Vec::len), Some(1));
    // A connection keeps its last 20 runs: the first is gone after 20 more.
    assert_eq!(
        test_result(&app, &admin, seed::ACME, &first_run).await.0,
        200
    );
    for _ in 0..20 {
        app.clock.advance(1);
        start_test(&app, &admin, seed::ACME).await;
    }
    assert_eq!(
        test_result(&app, &admin, seed::ACME, &first_run).await.0,
        404
    );

    // The forgeries a sign-in refuses fail a test run's signature check too: tampered after
    // signing, and the three signature-wrapping shapes.
    type Forgery = fn(&Assertion, String) -> String;
    let forgeries: [(&str, Forgery); 4] = [
        ("tampered", |_, signed| {
            signed.replace("grace@sso-acme.test", "eve@sso-acme.test")
        }),
        ("xsw before", |genuine, signed| {
            xsw_sibling(genuine, &signed, true)
        }),
        ("xsw after", |genuine, signed| {
            xsw_sibling(genuine, &signed, false)
        }),
        ("xsw wrapped", |genuine, signed| {
            xsw_wrapped(genuine, &signed)
        }),
    ];
    for (what, forge) in forgeries {
        let (run, id, relay) = start_test(&app, &admin, seed::ACME).await;
        let genuine = Assertion::new(&sp, &id, "grace@sso-acme.test");
        let forged = forge(&genuine, genuine.signed_by(&idp));
        let (status, _) = post_acs(&app, &sp, &forged, &relay).await;
        assert_eq!(status, 200, "{what}");
        let failed = failed_checks(&app, &admin, &run).await;
        assert!(
            failed.contains(&"signature".to_owned()),
            "{what}: {failed:?}"
        );
    }

    // A Response for another tenant's connection (globex's SP) posted to acme's ACS.
    let globex_sp = set_up(&app, seed::GLOBEX, &idp, "sso-globex.test").await;
    let (run, id, relay) = start_test(&app, &admin, seed::ACME).await;
    let for_globex = Assertion::new(&globex_sp, &id, "grace@sso-acme.test").signed_by(&idp);
    let (status, _) = post_acs(&app, &sp, &for_globex, &relay).await;
    assert_eq!(status, 200);
    let failed = failed_checks(&app, &admin, &run).await;
    for name in ["audience", "recipient", "destination"] {
        assert!(failed.contains(&name.to_owned()), "{name}: {failed:?}");
    }

    // A replay: an assertion id that already signed someone in.
    app.management()
        .set_sso_auth_type(&AuthTypeRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: String::new(),
            auth_type: SsoAuthType::Saml,
        })
        .await
        .unwrap();
    let (id, relay) = start(&app, seed::ACME).await;
    let mut used = Assertion::new(&sp, &id, "grace@sso-acme.test");
    used.id = format!("_used{}", rand_hex());
    let (status, location) = post_acs(&app, &sp, &used.signed_by(&idp), &relay).await;
    assert_eq!(status, 303, "{location}");
    let (run, id, relay) = start_test(&app, &admin, seed::ACME).await;
    let mut replay = used.clone();
    replay.in_response_to = id;
    let (status, _) = post_acs(&app, &sp, &replay.signed_by(&idp), &relay).await;
    assert_eq!(status, 200);
    assert_eq!(failed_checks(&app, &admin, &run).await, ["replay"]);

    // Only the tenant's SSO admins read it: globex's admin is refused.
    let (_, globex_admin) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    let globex = format!(
        "Bearer {}:{}",
        app.project_id,
        globex_admin.session_jwt.expose()
    );
    let (status, _) = test_result(&app, &globex, seed::ACME, &run).await;
    assert_eq!(status, 403);
    for path in [ACTIVITY, OVERVIEW] {
        let (status, _) = sso_read(&app, &globex, path, seed::ACME).await;
        assert_eq!(status, 403, "{path}");
    }
}

const ACTIVITY: &str = "/tk/v1/sso/activity";
const OVERVIEW: &str = "/tk/v1/sso/overview";

/// A `GET` of one of the SSO reads (`path`) for `tenant`: the status and the body.
async fn sso_read(
    app: &TestApp,
    authorization: &str,
    path: &str,
    tenant: &str,
) -> (u16, serde_json::Value) {
    let answer = http()
        .get(format!("{}{path}", app.base_url))
        .header("Authorization", authorization)
        .query(&[("tenantId", tenant)])
        .send()
        .await
        .unwrap();
    (answer.status().as_u16(), answer.json().await.unwrap())
}

/// The names of the failed checks of a finished test run.
async fn failed_checks(app: &TestApp, authorization: &str, run: &str) -> Vec<String> {
    let (status, result) = test_result(app, authorization, seed::ACME, run).await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(result["passed"], false, "{result:#}");
    result["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|check| check["passed"] == false)
        .map(|check| {
            assert!(
                !check["fixIt"].as_str().unwrap_or_default().is_empty(),
                "{check}"
            );
            check["name"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// npm `oidc-provider` on a free loopback port (tests/idp/oidc-provider.mjs), stopped on drop.
struct OidcProvider {
    child: std::process::Child,
    issuer: String,
}

impl OidcProvider {
    fn start(client_id: &str, secret: &str, redirect_uri: &str) -> Self {
        use std::io::BufRead;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut child = Command::new("node")
            .arg(root.join("tests/idp/oidc-provider.mjs"))
            .current_dir(&root)
            .env("CLIENT_ID", client_id)
            .env("CLIENT_SECRET", secret)
            .env("REDIRECT_URI", redirect_uri)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("node runs (cargo xtask setup installs oidc-provider)");
        let stdout = child.stdout.take().unwrap();
        let mut lines = std::io::BufReader::new(stdout).lines();
        let issuer = lines
            .find_map(|line| line.ok()?.strip_prefix("READY ").map(str::to_owned))
            .expect("oidc-provider started");
        // Keep reading: oidc-provider logs notices to stdout, and a closed pipe would stop it.
        std::thread::spawn(move || lines.for_each(drop));
        Self { child, issuer }
    }

    async fn set_user(&self, query: &[(&str, &str)]) {
        reqwest::Client::new()
            .get(format!("{}/_test/user", self.issuer))
            .query(query)
            .send()
            .await
            .unwrap();
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser: follows the IdP's redirects with its cookies until our callback (named by the
/// server's public URL), which it then calls on the test server; answers our final Location.
async fn oidc_browser(app: &TestApp, idp_url: &str, callback_prefix: &str) -> (u16, String) {
    let prefix = callback_prefix.to_owned();
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.url().as_str().starts_with(&prefix) {
                attempt.stop()
            } else {
                attempt.follow()
            }
        }))
        .build()
        .unwrap();
    let at_callback = browser.get(idp_url).send().await.unwrap();
    assert_eq!(at_callback.status(), 303, "{:?}", at_callback.headers());
    let callback = at_callback.headers()["location"]
        .to_str()
        .unwrap()
        .to_owned();
    let path = callback.split("/tk/").nth(1).unwrap();
    let ours = http()
        .get(format!("{}/tk/{path}", app.base_url))
        .send()
        .await
        .unwrap();
    status_and_location(ours).await
}

async fn oidc_sign_in_through_oidc_provider(backend: Backend) {
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| settings.sso_allow_private_fetch = true)
        .start()
        .await;
    let management = app.management();
    let callback = management
        .load_sso_settings(seed::ACME, "")
        .await
        .unwrap()
        .oidc
        .redirect_url;
    let idp = OidcProvider::start("tenantkit-acme", "s3cret-of-the-client", &callback);
    management
        .configure_oidc(&tenantkit_wire::sso::ConfigureOidcRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: String::new(),
            settings: tenantkit_wire::sso::OidcSettings {
                name: "oidc-provider".to_owned(),
                client_id: "tenantkit-acme".to_owned(),
                client_secret: "s3cret-of-the-client".to_owned(),
                issuer: idp.issuer.clone(),
                redirect_url: APP_URL.to_owned(),
                scope: vec![
                    "openid".into(),
                    "email".into(),
                    "profile".into(),
                    "groups".into(),
                ],
                role_mappings: vec![RoleMapping {
                    groups: vec!["support".to_owned()],
                    role_name: seed::ACME_SUPPORT_ROLE.to_owned(),
                }],
                ..Default::default()
            },
            domains: vec!["oidc-acme.test".to_owned()],
        })
        .await
        .unwrap();
    management
        .set_sso_auth_type(&AuthTypeRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: String::new(),
            auth_type: SsoAuthType::Oidc,
        })
        .await
        .unwrap();
    let prefix = callback.split('?').next().unwrap().to_owned();

    // First sign-in: a new user in acme with the mapped role.
    idp.set_user(&[
        ("sub", "okta-00u1"),
        ("email", "lin@oidc-acme.test"),
        ("given_name", "Lin"),
        ("groups", "support"),
    ])
    .await;
    let start_url = oidc_start(&app, "lin@oidc-acme.test").await;
    assert!(start_url.contains("code_challenge_method=S256") && start_url.contains("nonce="));
    let (status, location) = oidc_browser(&app, &start_url, &prefix).await;
    assert_eq!(status, 303, "{location}");
    let (status, signed_in) = exchange(&app, &code_of(&location)).await;
    assert_eq!(status, 200, "{signed_in}");
    assert_eq!(signed_in["firstSeen"], true);
    assert_eq!(signed_in["user"]["loginIds"][0], "lin@oidc-acme.test");
    assert_eq!(signed_in["user"]["givenName"], "Lin");
    let claims = claims_of(&tenantkit_wire::Secret::new(
        signed_in["sessionJwt"].as_str().unwrap(),
    ));
    assert_eq!(claims.amr, vec!["oidc".to_owned()]);
    assert_eq!(
        claims.tenants[seed::ACME].roles,
        vec![seed::ACME_SUPPORT_ROLE.to_owned()]
    );

    // Second sign-in: the changed attribute is updated, the dropped group's role removed.
    idp.set_user(&[("given_name", "Lina"), ("groups", "")])
        .await;
    let start_url = oidc_start(&app, seed::ACME).await;
    let (status, location) = oidc_browser(&app, &start_url, &prefix).await;
    assert_eq!(status, 303, "{location}");
    let (_, signed_in) = exchange(&app, &code_of(&location)).await;
    assert_eq!(signed_in["firstSeen"], false);
    assert_eq!(signed_in["user"]["givenName"], "Lina");
    let claims = claims_of(&tenantkit_wire::Secret::new(
        signed_in["sessionJwt"].as_str().unwrap(),
    ));
    assert!(claims.tenants[seed::ACME].roles.is_empty());

    // Test connection through the real IdP: diagnosed, nobody signed in.
    idp.set_user(&[
        ("sub", "okta-00u2"),
        ("email", "new@oidc-acme.test"),
        ("groups", "support"),
    ])
    .await;
    let key = format!("Bearer {}:{}", app.project_id, app.management_key.expose());
    let answer = http()
        .post(format!("{}/tk/v1/sso/test/start", app.base_url))
        .header("Authorization", &key)
        .json(&serde_json::json!({"tenantId": seed::ACME, "ssoId": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let started: serde_json::Value = answer.json().await.unwrap();
    let run = started["testRunId"].as_str().unwrap();
    let (status, body) = oidc_browser(&app, started["url"].as_str().unwrap(), &prefix).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("every check passed"), "{body}");
    let (_, result) = test_result(&app, &key, seed::ACME, run).await;
    assert_eq!(result["passed"], true, "{result:#}");
    let names: Vec<&str> = result["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|check| check["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "token",
            "signature",
            "issuer",
            "audience",
            "time",
            "nonce",
            "subject"
        ]
    );
    assert_eq!(result["idTokenClaims"]["email"], "new@oidc-acme.test");
    assert_eq!(result["mapping"]["action"], "create");
    assert_eq!(result["mapping"]["roles"][0], seed::ACME_SUPPORT_ROLE);
    assert!(
        app.db()
            .credentials(&tenantkit_wire::LoginId::new("new@oidc-acme.test"))
            .await
            .unwrap()
            .is_none()
    );

    // A callback with a state we never issued is refused.
    let answer = http()
        .get(format!("{}/tk/v1/sso/oidc/callback", app.base_url))
        .query(&[("tenantId", seed::ACME), ("code", "x"), ("state", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
}

async fn oidc_start(app: &TestApp, tenant: &str) -> String {
    let response = http()
        .post(format!("{}/v1/auth/saml/authorize", app.base_url))
        .query(&[("tenant", tenant), ("redirectURL", APP_URL)])
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    body["url"].as_str().unwrap().to_owned()
}

/// How the forging OpenID provider spoils its ID tokens.
#[derive(Clone, Copy, Debug)]
enum Forgery {
    Nonce,
    Audience,
    AlgNone,
}

/// An OpenID provider of this test that answers every authorization at once and signs (or
/// spoils) ID tokens with jsonwebtoken, for the refusals a real provider would never produce;
/// the good path is tested through oidc-provider above.
struct ForgingIssuer {
    issuer: String,
    forgery: std::sync::Arc<std::sync::Mutex<Forgery>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for ForgingIssuer {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl ForgingIssuer {
    async fn start(client_id: &str) -> Self {
        use axum::extract::{Form, Query, State};
        use axum::response::{IntoResponse, Redirect};
        use rsa::pkcs8::{EncodePrivateKey, LineEnding};
        use rsa::traits::PublicKeyParts;
        use std::collections::HashMap;
        use std::sync::{Arc, Mutex};

        #[derive(Clone)]
        struct Issuer {
            issuer: String,
            client_id: String,
            key: jsonwebtoken::EncodingKey,
            jwks: serde_json::Value,
            nonces: Arc<Mutex<HashMap<String, String>>>,
            forgery: Arc<Mutex<Forgery>>,
        }

        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
        let pem = key.to_pkcs8_pem(LineEnding::LF).unwrap();
        let b64 = |bytes: Vec<u8>| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let jwks = serde_json::json!({"keys": [{"kty": "RSA", "kid": "k1", "alg": "RS256",
            "use": "sig", "n": b64(key.n().to_bytes_be()), "e": b64(key.e().to_bytes_be())}]});
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let forgery = Arc::new(Mutex::new(Forgery::Nonce));
        let state = Issuer {
            issuer: issuer.clone(),
            client_id: client_id.to_owned(),
            key: jsonwebtoken::EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
            jwks,
            nonces: Arc::default(),
            forgery: forgery.clone(),
        };
        async fn authorize(
            State(issuer): State<Issuer>,
            Query(query): Query<HashMap<String, String>>,
        ) -> Redirect {
            let code = rand_hex();
            issuer
                .nonces
                .lock()
                .unwrap()
                .insert(code.clone(), query["nonce"].clone());
            let separator = if query["redirect_uri"].contains('?') {
                '&'
            } else {
                '?'
            };
            Redirect::to(&format!(
                "{}{separator}code={code}&state={}",
                query["redirect_uri"], query["state"]
            ))
        }
        async fn token(
            State(issuer): State<Issuer>,
            Form(form): Form<HashMap<String, String>>,
        ) -> impl IntoResponse {
            let nonce = issuer.nonces.lock().unwrap()[&form["code"]].clone();
            let forgery = *issuer.forgery.lock().unwrap();
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            let mut claims = serde_json::json!({"iss": issuer.issuer, "aud": issuer.client_id,
                "sub": "forged-1", "email": "eve@oidc-acme.test", "iat": now, "exp": now + 300,
                "nonce": nonce});
            let id_token = match forgery {
                Forgery::Nonce => {
                    claims["nonce"] = "a-nonce-of-another-sign-in".into();
                    signed(&issuer.key, &claims)
                }
                Forgery::Audience => {
                    claims["aud"] = "another-client".into();
                    signed(&issuer.key, &claims)
                }
                Forgery::AlgNone => {
                    let b64 = |text: String| {
                        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
                    };
                    format!(
                        "{}.{}.",
                        b64(serde_json::json!({"alg": "none", "kid": "k1"}).to_string()),
                        b64(claims.to_string())
                    )
                }
            };
            axum::Json(
                serde_json::json!({"access_token": "x", "token_type": "Bearer",
                "id_token": id_token}),
            )
        }
        fn signed(key: &jsonwebtoken::EncodingKey, claims: &serde_json::Value) -> String {
            let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
            header.kid = Some("k1".to_owned());
            jsonwebtoken::encode(&header, claims, key).unwrap()
        }
        async fn keys(State(issuer): State<Issuer>) -> axum::Json<serde_json::Value> {
            axum::Json(issuer.jwks.clone())
        }
        let router = axum::Router::new()
            .route("/authorize", axum::routing::get(authorize))
            .route("/token", axum::routing::post(token))
            .route("/jwks", axum::routing::get(keys))
            .with_state(state);
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Self {
            issuer,
            forgery,
            server,
        }
    }

    fn forge(&self, forgery: Forgery) {
        *self.forgery.lock().unwrap() = forgery;
    }
}

/// Follows the issuer's redirect to our callback: its status and Location (or body).
async fn through_forging_issuer(start_url: &str) -> (u16, String) {
    let at_issuer = http().get(start_url).send().await.unwrap();
    assert_eq!(at_issuer.status(), 303);
    let callback = at_issuer.headers()["location"].to_str().unwrap().to_owned();
    let ours = http().get(&callback).send().await.unwrap();
    status_and_location(ours).await
}

async fn oidc_forged_id_tokens_are_refused_and_shown_in_a_test_run(backend: Backend) {
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| settings.sso_allow_private_fetch = true)
        .start()
        .await;
    let idp = ForgingIssuer::start("tenantkit-acme").await;
    let management = app.management();
    management
        .configure_oidc(&tenantkit_wire::sso::ConfigureOidcRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: String::new(),
            settings: tenantkit_wire::sso::OidcSettings {
                name: "forging issuer".to_owned(),
                client_id: "tenantkit-acme".to_owned(),
                client_secret: "s3cret".to_owned(),
                issuer: idp.issuer.clone(),
                auth_url: format!("{}/authorize", idp.issuer),
                token_url: format!("{}/token", idp.issuer),
                jwks_url: format!("{}/jwks", idp.issuer),
                redirect_url: APP_URL.to_owned(),
                scope: vec!["openid".into(), "email".into()],
                ..Default::default()
            },
            domains: vec!["oidc-acme.test".to_owned()],
        })
        .await
        .unwrap();
    management
        .set_sso_auth_type(&AuthTypeRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: String::new(),
            auth_type: SsoAuthType::Oidc,
        })
        .await
        .unwrap();
    let key = format!("Bearer {}:{}", app.project_id, app.management_key.expose());
    for (forgery, check) in [
        (Forgery::Nonce, "nonce"),
        (Forgery::Audience, "audience"),
        (Forgery::AlgNone, "signature"),
    ] {
        idp.forge(forgery);
        // A sign-in is refused, naming the check.
        let (status, body) = through_forging_issuer(&oidc_start(&app, seed::ACME).await).await;
        assert_eq!(status, 401, "{forgery:?}: {body}");
        assert!(body.contains(&format!("({check})")), "{forgery:?}: {body}");

        // A test run shows the same check failed, with a fix-it.
        let answer = http()
            .post(format!("{}/tk/v1/sso/test/start", app.base_url))
            .header("Authorization", &key)
            .json(&serde_json::json!({"tenantId": seed::ACME, "ssoId": ""}))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let started: serde_json::Value = answer.json().await.unwrap();
        let (status, body) = through_forging_issuer(started["url"].as_str().unwrap()).await;
        assert_eq!(status, 200, "{forgery:?}: {body}");
        let failed = failed_checks(&app, &key, started["testRunId"].as_str().unwrap()).await;
        assert!(
            failed.contains(&check.to_owned()),
            "{forgery:?}: {failed:?}"
        );
    }
    assert!(
        app.db()
            .credentials(&tenantkit_wire::LoginId::new("eve@oidc-acme.test"))
            .await
            .unwrap()
            .is_none(),
        "nobody was signed in"
    );
}
