//! SAML sign-in end to end through a real identity provider: PyPI `pysaml2` on loopback
//! (tests/idp/saml-idp.py, installed into target/python by `cargo xtask setup`). It parses our
//! AuthnRequest, fetches our SP metadata, and builds and signs the Response itself; the test
//! plays the browser: start -> the IdP's sign-in page -> the auto-posted Response at our ACS ->
//! the redirect with a code -> exchange -> a session whose JWT carries the mapped roles. A second
//! sign-in after the IdP changed the user's attributes updates them; a test run through the same
//! IdP passes every check; IdP-initiated sign-in works once switched on.

use crate::sso_signin::{APP_URL, code_of, exchange, http};
use crate::util::{Backend, TestApp, backend_tests, claims_of, status_and_location};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use tenantkit_server::seed;
use tenantkit_wire::sso::{
    AttributeMapping, AuthTypeRequest, ConfigureSamlRequest, NewSsoRequest, RoleMapping,
    SamlSettings, SsoAuthType,
};
use tenantkit_wire::{Secret, TenantId};

backend_tests!(saml_sign_in_through_pysaml2);

/// The pysaml2 IdP process, stopped on drop; its users are a JSON file the test rewrites.
struct Pysaml2 {
    child: Child,
    dir: PathBuf,
    ready: serde_json::Value,
}

impl Pysaml2 {
    fn start(trust: &str, users: serde_json::Value) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = std::env::temp_dir().join(format!("tk-pysaml2-{}", rand_hex()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("users.json"), users.to_string()).unwrap();
        let python = root.join("target/python/bin/python");
        let mut child = Command::new(&python)
            .arg(root.join("tests/idp/saml-idp.py"))
            .arg("--users")
            .arg(dir.join("users.json"))
            .arg("--dir")
            .arg(&dir)
            .args(["--trust", trust])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("{} runs (cargo xtask setup): {e}", python.display()));
        let stdout = child.stdout.take().unwrap();
        let mut lines = std::io::BufReader::new(stdout).lines();
        let ready = lines
            .find_map(|line| serde_json::from_str(line.ok()?.strip_prefix("READY ")?).ok())
            .expect("the pysaml2 IdP started (pip install -r tests/idp/requirements.txt)");
        std::thread::spawn(move || lines.for_each(drop));
        Self { child, dir, ready }
    }

    fn value(&self, name: &str) -> String {
        self.ready[name].as_str().unwrap().to_owned()
    }

    fn set_users(&self, users: serde_json::Value) {
        std::fs::write(self.dir.join("users.json"), users.to_string()).unwrap();
    }
}

impl Drop for Pysaml2 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn rand_hex() -> String {
    use rand::Rng;
    let bytes: [u8; 8] = rand::thread_rng().r#gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The value of a hidden field of an HTML form, unescaped.
fn field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in {html}"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The `action` of the first form of a page.
fn form_action(html: &str) -> String {
    let start = html.find("action=\"").unwrap() + "action=\"".len();
    html[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
}

/// Plays the browser from the IdP URL our start answered: the IdP's sign-in page, the user
/// signing in as `email`, the form the IdP auto-posts to our ACS. Our answer: status and
/// Location (or body).
async fn through_the_idp(idp_url: &str, email: &str) -> (u16, String) {
    let browser = http();
    let page = browser.get(idp_url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Sign in"), "{page}");
    let url = reqwest::Url::parse(idp_url).unwrap();
    let login = format!("{}/sso/login", url.origin().ascii_serialization());
    let answer = browser
        .post(login)
        .form(&[
            ("email", email),
            ("SAMLRequest", &field(&page, "SAMLRequest")),
            ("RelayState", &field(&page, "RelayState")),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    post_form(&answer.text().await.unwrap()).await
}

/// Posts the IdP's auto-posting form (SAMLResponse, RelayState) to its action, our ACS.
async fn post_form(form: &str) -> (u16, String) {
    let response = field(form, "SAMLResponse");
    // pysaml2 signed the assertion: prove it is its signature we verify, not a template's.
    let xml = String::from_utf8(
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &response).unwrap(),
    )
    .unwrap();
    assert!(xml.contains("SignatureValue"), "{xml}");
    let relay = if form.contains("name=\"RelayState\"") {
        field(form, "RelayState")
    } else {
        String::new()
    };
    let ours = http()
        .post(form_action(form))
        .form(&[("SAMLResponse", response.as_str()), ("RelayState", &relay)])
        .send()
        .await
        .unwrap();
    status_and_location(ours).await
}

/// Descope's `sso.start` with an email (its domain picks the configuration) or a tenant id and
/// the configuration's `ssoId`: the IdP URL.
async fn start(app: &TestApp, tenant_or_email: &str, sso_id: Option<&str>) -> String {
    let mut query = vec![("tenant", tenant_or_email), ("redirectURL", APP_URL)];
    query.extend(sso_id.map(|sso_id| ("ssoId", sso_id)));
    let response = http()
        .post(format!("{}/v1/auth/saml/authorize", app.base_url))
        .query(&query)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let body: serde_json::Value = response.json().await.unwrap();
    body["url"].as_str().unwrap().to_owned()
}

fn roles_in_acme(signed_in: &serde_json::Value) -> Vec<String> {
    let claims = claims_of(&Secret::new(signed_in["sessionJwt"].as_str().unwrap()));
    assert_eq!(claims.amr, vec!["saml".to_owned()]);
    claims.tenants[seed::ACME].roles.clone()
}

async fn saml_sign_in_through_pysaml2(backend: Backend) {
    // The IdP is on plain http on loopback, which the server accepts only in development.
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| settings.sso_allow_private_fetch = true)
        .start()
        .await;
    let idp = Pysaml2::start(
        &app.base_url,
        serde_json::json!({"ada@sso-acme.test": {
            "firstName": "Ada", "lastName": "Lovelace", "groups": ["engineers", "staff"]}}),
    );
    // A named configuration, as the widget makes: its ssoId is in our entity id and ACS URL
    // (`...?tenantId=acme&ssoId=...`), which the AuthnRequest must carry as well-formed XML.
    let management = app.management();
    let sso_id = management
        .new_sso_settings(&NewSsoRequest {
            tenant_id: TenantId::new(seed::ACME),
            display_name: "pysaml2".to_owned(),
            ..NewSsoRequest::default()
        })
        .await
        .unwrap()
        .sso_id;
    assert!(!sso_id.is_empty());
    // The values an admin pastes from the IdP into the connection's settings.
    management
        .configure_saml(&ConfigureSamlRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: sso_id.clone(),
            settings: SamlSettings {
                idp_url: idp.value("ssoUrl"),
                entity_id: idp.value("entityId"),
                idp_cert: idp.value("certificate"),
                attribute_mapping: AttributeMapping {
                    given_name: "firstName".to_owned(),
                    family_name: "lastName".to_owned(),
                    group: "groups".to_owned(),
                    ..AttributeMapping::default()
                },
                role_mappings: vec![RoleMapping {
                    groups: vec!["engineers".to_owned()],
                    role_name: seed::ACME_SUPPORT_ROLE.to_owned(),
                }],
                default_sso_roles: Vec::new(),
            },
            redirect_url: APP_URL.to_owned(),
            domains: vec!["sso-acme.test".to_owned()],
        })
        .await
        .unwrap();
    management
        .set_sso_auth_type(&AuthTypeRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: sso_id.clone(),
            auth_type: SsoAuthType::Saml,
        })
        .await
        .unwrap();

    // First sign-in, started with the email: a new user of acme with the mapped role.
    let idp_url = start(&app, "ada@sso-acme.test", None).await;
    assert!(idp_url.starts_with(&idp.value("ssoUrl")), "{idp_url}");
    let (status, location) = through_the_idp(&idp_url, "ada@sso-acme.test").await;
    assert_eq!(status, 303, "{location}");
    let (status, signed_in) = exchange(&app, &code_of(&location)).await;
    assert_eq!(status, 200, "{signed_in}");
    assert_eq!(signed_in["firstSeen"], true);
    assert_eq!(signed_in["user"]["loginIds"][0], "ada@sso-acme.test");
    assert_eq!(signed_in["user"]["givenName"], "Ada");
    assert_eq!(signed_in["user"]["familyName"], "Lovelace");
    assert_eq!(roles_in_acme(&signed_in), [seed::ACME_SUPPORT_ROLE]);

    // The IdP renames her and drops the group: the second sign-in updates both.
    idp.set_users(serde_json::json!({"ada@sso-acme.test": {
        "firstName": "Augusta", "lastName": "Lovelace", "groups": ["staff"]}}));
    let idp_url = start(&app, seed::ACME, Some(&sso_id)).await;
    let (status, location) = through_the_idp(&idp_url, "ada@sso-acme.test").await;
    assert_eq!(status, 303, "{location}");
    let (status, signed_in) = exchange(&app, &code_of(&location)).await;
    assert_eq!(status, 200, "{signed_in}");
    assert_eq!(signed_in["firstSeen"], false);
    assert_eq!(signed_in["user"]["givenName"], "Augusta");
    assert!(roles_in_acme(&signed_in).is_empty());

    // A user the IdP does not know gets no Response at all.
    let idp_url = start(&app, seed::ACME, Some(&sso_id)).await;
    let page = http()
        .get(&idp_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let refused = http()
        .post(format!("{}/sso/login", idp.value("url")))
        .form(&[
            ("email", "mallory@sso-acme.test"),
            ("SAMLRequest", &field(&page, "SAMLRequest")),
            ("RelayState", &field(&page, "RelayState")),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 404);

    // Test connection through the same IdP: every check passes, nobody is signed in.
    let key = format!("Bearer {}:{}", app.project_id, app.management_key.expose());
    let answer = http()
        .post(format!("{}/tk/v1/sso/test/start", app.base_url))
        .header("Authorization", &key)
        .json(&serde_json::json!({"tenantId": seed::ACME, "ssoId": sso_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let started: serde_json::Value = answer.json().await.unwrap();
    let (status, body) =
        through_the_idp(started["url"].as_str().unwrap(), "ada@sso-acme.test").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("every check passed"), "{body}");
    let result: serde_json::Value = http()
        .get(format!("{}/tk/v1/sso/test/result", app.base_url))
        .header("Authorization", &key)
        .query(&[
            ("tenantId", seed::ACME),
            ("ssoId", &sso_id),
            ("testRunId", started["testRunId"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(result["passed"], true, "{result:#}");
    assert_eq!(
        result["assertion"]["issuer"],
        idp.value("entityId").as_str()
    );
    assert_eq!(result["mapping"]["action"], "update");

    // IdP-initiated: refused while off (the default), signed in once switched on.
    let sp_entity = management
        .load_sso_settings(seed::ACME, &sso_id)
        .await
        .unwrap()
        .saml
        .sp_entity_id;
    let unsolicited = || async {
        let form = http()
            .get(format!("{}/idp-initiated", idp.value("url")))
            .query(&[("sp", sp_entity.as_str()), ("email", "ada@sso-acme.test")])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        post_form(&form).await
    };
    let (status, body) = unsolicited().await;
    assert_eq!(status, 401, "{body}");
    let switched = http()
        .post(format!("{}/tk/v1/sso/signin-options", app.base_url))
        .header("Authorization", &key)
        .json(&serde_json::json!({"tenantId": seed::ACME, "ssoId": sso_id, "allowIdpInitiated": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), 200);
    let (status, location) = unsolicited().await;
    assert_eq!(status, 303, "{location}");
    let (status, signed_in) = exchange(&app, &code_of(&location)).await;
    assert_eq!(status, 200, "{signed_in}");
    assert_eq!(signed_in["user"]["givenName"], "Augusta");
}
