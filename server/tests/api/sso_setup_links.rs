//! SSO setup links over HTTP, on both databases: Descope's generate (v1 and v2), revoke, the
//! "authenticated" links (the batch as Descope's tenant-profile widget sends it, URL-encoded
//! tenant id included), and our send, list and per-link revoke; what a link's secret reaches
//! (the SSO routes of its own tenant, nothing else), its expiry and revocation, its lifetime
//! bounds, the audit trail, the secret stored only as its hash, and the set-up page.

use crate::util::{Backend, TestApp, backend_tests, new_user};
use reqwest::Method;
use serde_json::{Value, json};
use sqlx::Row;
use tenantkit_client::{ApiError, TenantClient};
use tenantkit_server::seed;
use tenantkit_wire::sso::{NewSsoRequest, SsoAuthType};
use tenantkit_wire::sso_link::{
    AuthenticatedSsoLinkRequest, DEFAULT_EXPIRE_SECS, GenerateSsoLinkRequest, MAX_EXPIRE_SECS,
    MIN_EXPIRE_SECS, RevokeSsoLinksRequest, SendSsoLinkRequest,
};
use tenantkit_wire::{Secret, TenantId, UserSearchRequest};

backend_tests!(
    generate_answers_descope_shapes_on_v1_and_v2,
    a_link_reaches_the_sso_routes_of_its_tenant_only,
    links_expire_and_revoke_at_once,
    send_emails_a_working_link,
    authenticated_links_answer_the_tenant_profile_widget,
    tenant_admins_make_links_of_their_own_tenant_only,
    the_secret_is_stored_hashed_and_lifetimes_are_bounded,
    the_setup_page_carries_no_secret_and_serves_the_package,
);

/// The status of a failed call (0 when it succeeded).
fn status<T>(result: Result<T, ApiError>) -> u16 {
    result.err().and_then(|error| error.status()).unwrap_or(0)
}

/// A raw POST of `body` with `Bearer <projectId>:<credential>` (shapes the typed client does not
/// send): the status and the JSON answer.
async fn post(app: &TestApp, credential: &str, path: &str, body: Value) -> (u16, Value) {
    let response = app
        .http(Method::POST, path)
        .bearer_auth(format!("{}:{credential}", app.project_id))
        .json(&body)
        .send()
        .await
        .unwrap();
    let code = response.status().as_u16();
    (code, response.json().await.unwrap_or(Value::Null))
}

/// A generate request for acme.
fn for_acme(expire_time: i64, email: &str) -> GenerateSsoLinkRequest {
    GenerateSsoLinkRequest {
        tenant_id: seed::ACME.to_owned(),
        expire_time,
        email: email.to_owned(),
        ..GenerateSsoLinkRequest::default()
    }
}

/// The secret in a link's fragment.
fn secret_of(link: &str) -> String {
    let start = link.find("#token=").expect("a token in the fragment") + "#token=".len();
    link[start..]
        .split('&')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Generates an acme link with the management key and returns its secret.
async fn acme_link(app: &TestApp, email: &str, sso_id: &str) -> String {
    let link = app
        .management()
        .generate_sso_link(&GenerateSsoLinkRequest {
            sso_id: sso_id.to_owned(),
            ..for_acme(3600, email)
        })
        .await
        .expect("generate")
        .admin_sso_configuration_link;
    secret_of(&link)
}

/// A widget-mode client whose session token is a link's secret.
fn link_client(app: &TestApp, secret: &str, tenant: &str) -> TenantClient {
    app.widget(&Secret::new(secret), tenant)
}

async fn generate_answers_descope_shapes_on_v1_and_v2(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let base = app.state.settings().public_url.clone();
    for (path, expire) in [
        ("/v2/mgmt/tenant/adminlinks/sso/generate", json!(3600)),
        ("/v1/mgmt/tenant/adminlinks/sso/generate", json!("3600")),
    ] {
        let body = json!({"tenantId": seed::ACME, "expireTime": expire, "email": "it@acme.test",
                          "templateId": null, "ssoId": "", "actorId": ""});
        let (code, body) = post(&app, app.management_key.expose(), path, body).await;
        assert_eq!(code, 200, "{path}");
        let object = body.as_object().unwrap();
        assert_eq!(object.len(), 1, "only the link: {body}");
        let link = body["adminSSOConfigurationLink"].as_str().unwrap();
        assert!(
            link.starts_with(&format!("{base}/tk/sso-setup#token=ssolink_L")),
            "{link}"
        );
        assert!(link.ends_with("&tenant=acme"), "{link}");
    }
    // Revoke answers `{}`, with and without ssoId (Go sends it empty).
    let revoked = app
        .management()
        .revoke_sso_links(&RevokeSsoLinksRequest {
            tenant_id: seed::ACME.to_owned(),
            sso_id: String::new(),
        })
        .await
        .unwrap();
    assert_eq!(revoked, json!({}));
    assert!(
        app.management()
            .sso_links(seed::ACME)
            .await
            .unwrap()
            .links
            .is_empty()
    );
    let audit = app.audit().await;
    let created = audit
        .iter()
        .filter(|event| event.0 == "SsoSetupLinkCreated")
        .count();
    assert_eq!(created, 2);
    assert!(audit.iter().any(|event| event.0 == "SsoSetupLinksRevoked"
        && event.1.starts_with("mgmt:")
        && event.2 == seed::ACME));
}

async fn a_link_reaches_the_sso_routes_of_its_tenant_only(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let secret = acme_link(&app, "it@acme.test", "").await;
    let link = link_client(&app, &secret, seed::ACME);

    // The SSO routes of acme: read, create a configuration, set its auth type.
    link.load_all_sso_settings(seed::ACME).await.unwrap();
    let created = link
        .new_sso_settings(&NewSsoRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: "okta".to_owned(),
            display_name: "Okta".to_owned(),
        })
        .await
        .unwrap();
    assert_eq!(created.sso_id, "okta");
    link.sso_activity(seed::ACME).await.unwrap();
    let audit = app.audit().await;
    assert!(
        audit
            .iter()
            .any(|event| event.1 == "SSO setup link (it@acme.test)" && event.2 == seed::ACME),
        "changes made with the link name it: {audit:?}"
    );

    // Nothing else of acme: users, roles, access keys, the profile, domains, audit, SCIM.
    assert_eq!(
        status(link.search_users(&UserSearchRequest::default()).await),
        403
    );
    assert_eq!(status(link.roles().await), 403);
    assert_eq!(
        status(link.search_access_keys(&Default::default()).await),
        403
    );
    assert_eq!(status(link.load_tenant(seed::ACME).await), 403);
    assert_eq!(status(link.tenant_domains(seed::ACME).await), 403);
    assert_eq!(status(link.search_audit(&Default::default()).await), 403);
    assert_eq!(status(link.scim_settings(seed::ACME).await), 403);
    // No further links, no list of them.
    assert_eq!(
        status(link.generate_sso_link(&for_acme(3600, "")).await),
        403
    );
    assert_eq!(status(link.sso_links(seed::ACME).await), 403);
    assert_eq!(
        status(
            link.revoke_sso_links(&RevokeSsoLinksRequest {
                tenant_id: seed::ACME.to_owned(),
                sso_id: String::new(),
            })
            .await
        ),
        403
    );
    // No other tenant, asked for in the query or in the request.
    assert_eq!(status(link.load_all_sso_settings(seed::GLOBEX).await), 403);
    let globex = link_client(&app, &secret, seed::GLOBEX);
    assert_eq!(
        status(globex.load_all_sso_settings(seed::GLOBEX).await),
        403
    );
    // Not a session: the account routes refuse it.
    assert_eq!(status(app.anonymous().me(&Secret::new(&secret)).await), 401);
    // The project-wide routes neither (no ?tenant=).
    let project = app.raw(&format!("Bearer {}:{secret}", app.project_id));
    assert_eq!(status(project.load_tenant(seed::ACME).await), 403);
    assert_eq!(
        status(project.search_users(&UserSearchRequest::default()).await),
        403
    );

    // actorId, when given, is the actor of what is done with the link.
    let link = app
        .management()
        .generate_sso_link(&GenerateSsoLinkRequest {
            actor_id: "crm:ticket-42".to_owned(),
            ..for_acme(3600, "")
        })
        .await
        .unwrap()
        .admin_sso_configuration_link;
    link_client(&app, &secret_of(&link), seed::ACME)
        .set_sso_auth_type(&tenantkit_wire::sso::AuthTypeRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: "okta".to_owned(),
            auth_type: SsoAuthType::None,
        })
        .await
        .unwrap();
    assert!(
        app.audit()
            .await
            .iter()
            .any(|event| event.1 == "crm:ticket-42")
    );
}

async fn links_expire_and_revoke_at_once(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    app.management()
        .new_sso_settings(&NewSsoRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: "entra".to_owned(),
            display_name: "Entra".to_owned(),
        })
        .await
        .unwrap();
    // Expiry: the shortest lifetime, then one second past it.
    let short = app
        .management()
        .generate_sso_link(&for_acme(MIN_EXPIRE_SECS, ""))
        .await
        .unwrap()
        .admin_sso_configuration_link;
    let short = link_client(&app, &secret_of(&short), seed::ACME);
    short.load_all_sso_settings(seed::ACME).await.unwrap();
    app.clock.advance(MIN_EXPIRE_SECS + 1);
    assert_eq!(status(short.load_all_sso_settings(seed::ACME).await), 401);

    // Revoking one configuration's links leaves the others.
    let for_entra = link_client(
        &app,
        &acme_link(&app, "a@acme.test", "entra").await,
        seed::ACME,
    );
    let default = link_client(&app, &acme_link(&app, "b@acme.test", "").await, seed::ACME);
    let third = acme_link(&app, "c@acme.test", "").await;
    assert_eq!(
        app.management()
            .sso_links(seed::ACME)
            .await
            .unwrap()
            .links
            .len(),
        3,
        "the expired link is not listed"
    );
    app.management()
        .revoke_sso_links(&RevokeSsoLinksRequest {
            tenant_id: seed::ACME.to_owned(),
            sso_id: "entra".to_owned(),
        })
        .await
        .unwrap();
    assert_eq!(
        status(for_entra.load_all_sso_settings(seed::ACME).await),
        401
    );
    default.load_all_sso_settings(seed::ACME).await.unwrap();

    // One link by id, from the list.
    let listed = app.management().sso_links(seed::ACME).await.unwrap().links;
    assert!(
        listed
            .iter()
            .all(|link| link.created_by.starts_with("mgmt:")
                && link.created_by_external_ids.is_empty()),
        "a management key is no person with login ids"
    );
    let c = listed
        .iter()
        .find(|link| link.email == "c@acme.test")
        .unwrap();
    assert!(third.contains(&c.id), "the id is part of the secret");
    app.management()
        .revoke_sso_link(seed::ACME, &c.id)
        .await
        .unwrap();
    assert_eq!(
        status(
            link_client(&app, &third, seed::ACME)
                .load_all_sso_settings(seed::ACME)
                .await
        ),
        401
    );
    assert_eq!(
        status(app.management().revoke_sso_link(seed::ACME, &c.id).await),
        404
    );
    default.load_all_sso_settings(seed::ACME).await.unwrap();

    // Everything of the tenant.
    app.management()
        .revoke_sso_links(&RevokeSsoLinksRequest {
            tenant_id: seed::ACME.to_owned(),
            sso_id: String::new(),
        })
        .await
        .unwrap();
    assert_eq!(status(default.load_all_sso_settings(seed::ACME).await), 401);
    // An unknown configuration cannot get a link.
    assert_eq!(
        status(
            app.management()
                .generate_sso_link(&GenerateSsoLinkRequest {
                    sso_id: "nope".to_owned(),
                    ..for_acme(3600, "")
                })
                .await
        ),
        404
    );
}

async fn send_emails_a_working_link(backend: Backend) {
    let (sink, app) = TestApp::seeded_with_mail(backend).await;
    let (admin, _) = app.acme_admin().await;
    admin
        .send_sso_link(&SendSsoLinkRequest {
            tenant_id: seed::ACME.to_owned(),
            email: "it@acme.test".to_owned(),
            expire_time: 7 * 24 * 3600,
            ..SendSsoLinkRequest::default()
        })
        .await
        .unwrap();
    let message = sink.message(1).await;
    assert!(message.contains("To: it@acme.test"), "{message}");
    assert!(
        message.contains("Set up single sign-on for Acme Corp"),
        "{message}"
    );
    let start = message.find("#token=").expect("the link in the email");
    let secret: String = message[start + "#token=".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    link_client(&app, &secret, seed::ACME)
        .load_all_sso_settings(seed::ACME)
        .await
        .unwrap();
    let listed = admin.sso_links(seed::ACME).await.unwrap().links;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].email, "it@acme.test");
    assert_eq!(
        listed[0].expire_time - listed[0].created_time,
        7 * 24 * 3600
    );
    assert!(!serde_json::to_string(&listed).unwrap().contains(&secret));
    let audit = app.audit().await;
    assert!(audit.iter().any(|event| event.0 == "SsoSetupLinkCreated"
        && event.2 == seed::ACME
        && !event.1.starts_with("mgmt:")));
    // An address is required, and must be one.
    for email in ["", "not-an-address"] {
        let refused = admin
            .send_sso_link(&SendSsoLinkRequest {
                tenant_id: seed::ACME.to_owned(),
                email: email.to_owned(),
                ..SendSsoLinkRequest::default()
            })
            .await;
        assert_eq!(status(refused), 400, "{email:?}");
    }
    assert_eq!(sink.messages().len(), 1);
}

async fn authenticated_links_answer_the_tenant_profile_widget(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let base = app.state.settings().public_url.clone();
    let single = app
        .management()
        .authenticated_sso_link(&AuthenticatedSsoLinkRequest {
            tenant_id: seed::ACME.to_owned(),
        })
        .await
        .unwrap();
    assert_eq!(
        single.admin_sso_configuration_link,
        format!("{base}/tk/sso-setup#tenant=acme")
    );
    assert!(!single.admin_sso_configuration_link.contains("token"));

    // As Descope's tenant-profile widget calls it: a user's JWT, ?tenant=, and the body's
    // tenantId URL-encoded (`%61cme` is `acme`).
    let (_, signed_in) = app.acme_admin().await;
    for tenant_id in ["acme", "%61cme"] {
        let (code, body) = post(
            &app,
            signed_in.refresh_jwt.as_ref().unwrap().expose(),
            "/v1/mgmt/tenant/adminlinks/sso/authenticated/batch?tenant=acme",
            json!({"tenantId": tenant_id, "ssoIds": ["okta-prod", "entra-eu"]}),
        )
        .await;
        assert_eq!(code, 200, "{tenant_id}");
        assert_eq!(
            body,
            json!({
                "defaultLink": format!("{base}/tk/sso-setup#tenant=acme"),
                "ssoIdToLink": {
                    "okta-prod": format!("{base}/tk/sso-setup#tenant=acme&ssoId=okta-prod"),
                    "entra-eu": format!("{base}/tk/sso-setup#tenant=acme&ssoId=entra-eu"),
                },
            })
        );
    }
    // `ssoIds: []` (a tenant with no additional configurations).
    let (code, body) = post(
        &app,
        signed_in.session_jwt.expose(),
        "/v1/mgmt/tenant/adminlinks/sso/authenticated/batch?tenant=acme",
        json!({"tenantId": "acme", "ssoIds": []}),
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(body["ssoIdToLink"], json!({}));
    // Another tenant's, from acme's admin: refused before the body is looked at.
    let (code, body) = post(
        &app,
        signed_in.session_jwt.expose(),
        "/v1/mgmt/tenant/adminlinks/sso/authenticated/batch?tenant=globex",
        json!({"tenantId": 17}),
    )
    .await;
    assert_eq!(code, 403, "{body}");
}

async fn tenant_admins_make_links_of_their_own_tenant_only(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, signed_in) = app.acme_admin().await;
    let link = admin
        .generate_sso_link(&for_acme(3600, "it@acme.test"))
        .await
        .unwrap()
        .admin_sso_configuration_link;
    let listed = admin.sso_links(seed::ACME).await.unwrap().links;
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].created_by.starts_with("mgmt:"));
    assert_eq!(
        listed[0].created_by_external_ids,
        [seed::ACME_ADMIN],
        "the admin who made it, by login id"
    );
    link_client(&app, &secret_of(&link), seed::ACME)
        .load_all_sso_settings(seed::ACME)
        .await
        .unwrap();
    // Globex: neither in the request nor with ?tenant=globex.
    let globex_request = GenerateSsoLinkRequest {
        tenant_id: seed::GLOBEX.to_owned(),
        ..for_acme(3600, "")
    };
    assert_eq!(status(admin.generate_sso_link(&globex_request).await), 403);
    let in_globex = app.widget(&signed_in.session_jwt, seed::GLOBEX);
    let (code, body) = post(
        &app,
        signed_in.session_jwt.expose(),
        "/v2/mgmt/tenant/adminlinks/sso/generate?tenant=globex",
        json!({"tenantId": seed::GLOBEX, "expireTime": 1}),
    )
    .await;
    assert_eq!(code, 403, "403 before the bad expireTime: {body}");
    assert_eq!(status(in_globex.sso_links(seed::GLOBEX).await), 403);
    // A user of acme without SSO Admin makes none.
    app.add_user(
        new_user(
            "agent@acme.test",
            "Agent",
            &[(seed::ACME, &[seed::ACME_SUPPORT_ROLE])],
        ),
        Some("agent-password-1"),
    )
    .await;
    let agent = app
        .sign_in("agent@acme.test", "agent-password-1")
        .await
        .unwrap();
    let agent = app.widget(&agent.session_jwt, seed::ACME);
    assert_eq!(
        status(agent.generate_sso_link(&for_acme(3600, "")).await),
        403
    );
    assert_eq!(status(agent.sso_links(seed::ACME).await), 403);
}

async fn the_secret_is_stored_hashed_and_lifetimes_are_bounded(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let secret = acme_link(&app, "it@acme.test", "").await;
    let rows = sqlx::query("SELECT * FROM sso_setup_links")
        .fetch_all(app.db().pool())
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let hash: String = rows[0].get("secret_hash");
    assert_eq!(
        hash,
        tenantkit_server::auth::management_key::hash(&Secret::new(&secret))
    );
    for column in [
        "id",
        "tenant_id",
        "sso_id",
        "email",
        "secret_hash",
        "actor_id",
        "created_by",
        "created_by_user",
    ] {
        let value: String = rows[0].get(column);
        assert!(!value.contains(&secret), "{column} holds the secret");
    }
    let id: String = rows[0].get("id");
    let random = secret
        .strip_prefix(&format!("ssolink_{id}_"))
        .expect("ssolink_<id>_<random>");
    assert_eq!(random.len(), 43, "256 random bits, base64url");

    let management = app.management();
    for bad in [MIN_EXPIRE_SECS - 1, MAX_EXPIRE_SECS + 1, -1] {
        let refused = management.generate_sso_link(&for_acme(bad, "")).await;
        assert_eq!(status(refused), 400, "{bad}");
    }
    let (code, body) = post(
        &app,
        app.management_key.expose(),
        "/v2/mgmt/tenant/adminlinks/sso/generate",
        json!({"tenantId": seed::ACME, "expireTime": "tomorrow"}),
    )
    .await;
    assert_eq!(code, 400, "{body}");
    for good in [MIN_EXPIRE_SECS, MAX_EXPIRE_SECS] {
        management
            .generate_sso_link(&for_acme(good, ""))
            .await
            .unwrap();
    }
    // No expireTime (Python's default) or 0 (Go's): one day.
    let (code, body) = post(
        &app,
        app.management_key.expose(),
        "/v2/mgmt/tenant/adminlinks/sso/generate",
        json!({"tenantId": seed::ACME, "email": "default@acme.test"}),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    let listed = management.sso_links(seed::ACME).await.unwrap().links;
    let default = listed
        .iter()
        .find(|link| link.email == "default@acme.test")
        .unwrap();
    assert_eq!(
        default.expire_time - default.created_time,
        DEFAULT_EXPIRE_SECS
    );
    // A tenant that does not exist.
    let unknown = GenerateSsoLinkRequest {
        tenant_id: "nobody".to_owned(),
        ..for_acme(3600, "")
    };
    assert_eq!(status(management.generate_sso_link(&unknown).await), 404);
}

async fn the_setup_page_carries_no_secret_and_serves_the_package(backend: Backend) {
    let package =
        std::env::temp_dir().join(format!("tk-elements-{}-{backend:?}", std::process::id()));
    std::fs::create_dir_all(package.join("js")).unwrap();
    std::fs::create_dir_all(package.join("pkg")).unwrap();
    std::fs::write(package.join("js/index.js"), "export default () => {};").unwrap();
    std::fs::write(package.join("pkg/tenantkit_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(package.join("Cargo.toml"), "[package]").unwrap();
    let dir = package.clone();
    let app = TestApp::builder(backend)
        .with_settings(move |settings| settings.elements_dir = Some(dir))
        .start()
        .await;
    let page = app.http(Method::GET, "/tk/sso-setup").send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{policy}"
    );
    assert!(policy.contains("connect-src 'self'") && policy.contains("frame-ancestors 'none'"));
    assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    let html = page.text().await.unwrap();
    assert!(html.contains(app.project_id.as_str()));
    assert!(html.contains("src=\"/tk/sso-setup.js\""));
    let script = app
        .http(Method::GET, "/tk/sso-setup.js")
        .send()
        .await
        .unwrap();
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let script = script.text().await.unwrap();
    assert!(script.contains("tenant-sso-setup") && script.contains("history.replaceState"));

    let file = |path: &str| {
        app.http(Method::GET, &format!("/tk/elements/{path}"))
            .send()
    };
    let index = file("js/index.js").await.unwrap();
    assert_eq!(index.status().as_u16(), 200);
    assert!(
        index.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let wasm = file("pkg/tenantkit_bg.wasm").await.unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    for refused in [
        "Cargo.toml",
        "js/../Cargo.toml",
        "js/%2E%2E/Cargo.toml",
        "pkg/missing.js",
    ] {
        assert_eq!(
            file(refused).await.unwrap().status().as_u16(),
            404,
            "{refused}"
        );
    }
    std::fs::remove_dir_all(&package).unwrap();
}
