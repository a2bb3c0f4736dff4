//! Tenant SSO over HTTP, on both databases: SAML by hand with certificates generated here
//! (valid and expired), SAML by metadata URL and OIDC by discovery from a loopback server (which
//! the forgery guard refuses unless the server allows private addresses), domains unique across
//! tenants, enable/disable, delete, the public SP metadata, sealed client secrets, and a tenant
//! admin confined to their tenant.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests};
use rcgen::{CertificateParams, DnType, KeyPair, date_time_ymd};
use sqlx::Row;
use tenantkit_server::seed;
use tenantkit_wire::role::{CreateRoleRequest, DeleteRoleRequest, UpdateRoleRequest};
use tenantkit_wire::sso::{
    AuthTypeRequest, ConfigureOidcRequest, ConfigureSamlMetadataRequest, ConfigureSamlRequest,
    NewSsoRequest, OidcSettings, ReadMetadataRequest, RoleMapping, SamlMetadataSettings,
    SamlSettings, SsoAuthType,
};
use tenantkit_wire::{TenantId, UserSearchRequest};

backend_tests!(
    saml_by_hand_is_validated_saved_enabled_and_deleted,
    metadata_and_discovery_are_fetched_only_where_allowed,
    pasted_metadata_is_read_by_the_server_for_the_wizard,
    a_tenant_admin_sets_up_only_their_tenants_sso,
    widget_mode_sso_takes_the_tenant_from_tenant_id,
    saml_role_names_follow_role_renames_and_deletes,
);

/// A self-signed certificate for `name`, valid between the two years.
pub(crate) fn certificate(name: &str, from: i32, until: i32) -> String {
    let mut params = CertificateParams::new(vec![format!("{name}.example")]).unwrap();
    params.distinguished_name.push(DnType::CommonName, name);
    params.not_before = date_time_ymd(from, 1, 1);
    params.not_after = date_time_ymd(until, 1, 1);
    let key = KeyPair::generate().unwrap();
    params.self_signed(&key).unwrap().pem()
}

fn saml_request(tenant: &str, cert: &str, domains: &[&str]) -> ConfigureSamlRequest {
    ConfigureSamlRequest {
        tenant_id: TenantId::new(tenant),
        settings: SamlSettings {
            idp_url: "https://idp.example.com/sso".to_owned(),
            entity_id: "https://idp.example.com/entity".to_owned(),
            idp_cert: cert.to_owned(),
            ..SamlSettings::default()
        },
        redirect_url: "https://app.example.com/after".to_owned(),
        domains: domains.iter().map(|d| (*d).to_owned()).collect(),
        ..ConfigureSamlRequest::default()
    }
}

fn metadata_xml(cert_pem: &str, sso_url: &str) -> String {
    let body: String = cert_pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    format!(
        r#"<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.test/meta">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{sso_url}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"#
    )
}

async fn saml_by_hand_is_validated_saved_enabled_and_deleted(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let management = app.management();
    let valid = certificate("Test IdP", 2020, 2090);

    // Before anything is saved the default configuration answers, unconfigured.
    let empty = management.load_sso_settings(seed::ACME, "").await.unwrap();
    assert_eq!(empty.configured, SsoAuthType::None);
    assert!(empty.saml.sp_acs_url.contains("tenantId=acme"));

    // Bad input: every field named, nothing saved.
    let mut bad = saml_request(seed::ACME, "not a certificate", &["not a domain"]);
    bad.settings.idp_url = "http://idp.example.com/sso".to_owned();
    let error = management.configure_saml(&bad).await.unwrap_err();
    let text = format!("{error:?}");
    assert!(text.contains("E011003"), "{text}");
    for problem in [
        "neither PEM nor base64",
        "must use https",
        "is not a domain",
    ] {
        assert!(text.contains(problem), "{problem:?} said: {text}");
    }
    let expired = certificate("Old IdP", 2000, 2001);
    let error = management
        .configure_saml(&saml_request(seed::ACME, &expired, &[]))
        .await
        .unwrap_err();
    assert!(format!("{error:?}").contains("expired"), "{error:?}");
    let mut unknown_role = saml_request(seed::ACME, &valid, &[]);
    unknown_role.settings.role_mappings = vec![RoleMapping {
        groups: vec!["admins".to_owned()],
        role_name: "No Such Role".to_owned(),
    }];
    assert_wire_error(
        management.configure_saml(&unknown_role).await,
        400,
        "E011003",
    );
    assert_eq!(
        management
            .load_all_sso_settings(seed::ACME)
            .await
            .unwrap()
            .sso_settings
            .len(),
        0,
        "nothing was saved"
    );

    // A good configuration, parsed and stored as base64 DER.
    let mut good = saml_request(seed::ACME, &valid, &["acme.example", "ACME.test"]);
    good.settings.role_mappings = vec![RoleMapping {
        groups: vec!["support".to_owned()],
        role_name: seed::ACME_SUPPORT_ROLE.to_owned(),
    }];
    good.settings.default_sso_roles = vec![seed::ACME_SUPPORT_ROLE.to_owned()];
    management.configure_saml(&good).await.unwrap();
    let loaded = management.load_sso_settings(seed::ACME, "").await.unwrap();
    assert_eq!(loaded.configured, SsoAuthType::Saml);
    assert_eq!(loaded.auth_type, SsoAuthType::None, "saved disabled");
    assert_eq!(loaded.saml.idp_sso_url, "https://idp.example.com/sso");
    assert!(!loaded.saml.idp_certificate.contains("BEGIN"));
    assert_eq!(loaded.domains, ["acme.example", "acme.test"]);
    assert_eq!(
        loaded.saml.groups_mapping[0].role.name,
        seed::ACME_SUPPORT_ROLE
    );
    let info = loaded.idp_certificate_info.expect("certificate facts");
    assert!(info.subject.contains("CN=Test IdP"), "{}", info.subject);
    assert_eq!(info.fingerprint_sha256.len(), 32 * 3 - 1);

    // A domain routes to one tenant only.
    let error = management
        .configure_saml(&saml_request(seed::GLOBEX, &valid, &["acme.test"]))
        .await
        .unwrap_err();
    assert!(
        format!("{error:?}").contains("acme.test already routes"),
        "{error:?}"
    );

    // Enable only what is configured; disable; the audit trail has each change.
    let auth = |auth_type| AuthTypeRequest {
        tenant_id: TenantId::new(seed::ACME),
        sso_id: String::new(),
        auth_type,
    };
    assert_wire_error(
        management.set_sso_auth_type(&auth(SsoAuthType::Oidc)).await,
        400,
        "E011003",
    );
    management
        .set_sso_auth_type(&auth(SsoAuthType::Saml))
        .await
        .unwrap();
    let loaded = management.load_sso_settings(seed::ACME, "").await.unwrap();
    assert_eq!(loaded.auth_type, SsoAuthType::Saml);
    assert_eq!(loaded.tenant.auth_type, SsoAuthType::Saml);

    // The SP metadata is public and names our entity id and ACS.
    let response = app
        .http(
            reqwest::Method::GET,
            "/tk/v1/sso/saml/sp-metadata?tenantId=acme",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let xml = response.text().await.unwrap();
    assert!(xml.contains(&format!(
        "entityID=\"{}\"",
        loaded.saml.sp_entity_id.replace('&', "&amp;")
    )));
    assert!(xml.contains("AssertionConsumerService"));

    // Several configurations per tenant; delete one.
    let second = management
        .new_sso_settings(&NewSsoRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: "contractors".to_owned(),
            display_name: "Contractors".to_owned(),
        })
        .await
        .unwrap();
    assert_eq!(second.sso_id, "contractors");
    assert_wire_error(
        management
            .new_sso_settings(&NewSsoRequest {
                tenant_id: TenantId::new(seed::ACME),
                sso_id: "contractors".to_owned(),
                display_name: "Again".to_owned(),
            })
            .await,
        409,
        "E011004",
    );
    assert_eq!(
        management
            .load_all_sso_settings(seed::ACME)
            .await
            .unwrap()
            .sso_settings
            .len(),
        2
    );
    management
        .delete_sso_settings(seed::ACME, "contractors")
        .await
        .unwrap();
    assert_wire_error(
        management
            .load_sso_settings(seed::ACME, "contractors")
            .await,
        404,
        "E011404",
    );
    let audits = sqlx::query("SELECT action FROM audit_events WHERE action LIKE 'Sso%'")
        .fetch_all(app.state.db().pool())
        .await
        .unwrap();
    let actions: Vec<String> = audits.iter().map(|row| row.get("action")).collect();
    for action in [
        "SsoConfigured",
        "SsoAuthTypeChanged",
        "SsoConfigurationCreated",
        "SsoConfigurationDeleted",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
}

/// Serves `metadata` at `/metadata` and a discovery document for itself on loopback.
async fn idp_on_loopback(metadata: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let discovery = serde_json::json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "userinfo_endpoint": format!("{base}/userinfo"),
        "jwks_uri": format!("{base}/jwks"),
    })
    .to_string();
    let router = axum::Router::new()
        .route(
            "/metadata",
            axum::routing::get(move || async move { metadata }),
        )
        .route(
            "/.well-known/openid-configuration",
            axum::routing::get(move || async move { discovery }),
        );
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

async fn metadata_and_discovery_are_fetched_only_where_allowed(backend: Backend) {
    let base = idp_on_loopback(metadata_xml(
        &certificate("Meta IdP", 2020, 2090),
        "http://127.0.0.1:9/sso",
    ))
    .await;
    let by_metadata = ConfigureSamlMetadataRequest {
        tenant_id: TenantId::new(seed::ACME),
        settings: SamlMetadataSettings {
            idp_metadata_url: format!("{base}/metadata"),
            ..SamlMetadataSettings::default()
        },
        ..ConfigureSamlMetadataRequest::default()
    };
    let by_discovery = ConfigureOidcRequest {
        tenant_id: TenantId::new(seed::ACME),
        sso_id: "oidc".to_owned(),
        settings: OidcSettings {
            name: "Loopback".to_owned(),
            client_id: "client-1".to_owned(),
            client_secret: "very-secret-value".to_owned(),
            issuer: base.clone(),
            ..OidcSettings::default()
        },
        ..ConfigureOidcRequest::default()
    };

    // By default: http and loopback are refused, and nothing is fetched.
    let guarded = TestApp::seeded(backend).await;
    let error = guarded
        .management()
        .configure_saml_by_metadata(&by_metadata)
        .await
        .unwrap_err();
    assert!(format!("{error:?}").contains("https"), "{error:?}");
    let mut https_private = by_metadata.clone();
    https_private.settings.idp_metadata_url = "https://127.0.0.1:1/metadata".to_owned();
    let error = guarded
        .management()
        .configure_saml_by_metadata(&https_private)
        .await
        .unwrap_err();
    assert!(
        format!("{error:?}").contains("not a public address"),
        "{error:?}"
    );
    drop(guarded);

    // Allowed (development, tests): fetched, parsed, saved.
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| settings.sso_allow_private_fetch = true)
        .start()
        .await;
    let management = app.management();
    management
        .configure_saml_by_metadata(&by_metadata)
        .await
        .unwrap();
    let saml = management.load_sso_settings(seed::ACME, "").await.unwrap();
    assert_eq!(saml.saml.idp_entity_id, "https://idp.test/meta");
    assert_eq!(saml.saml.idp_sso_url, "http://127.0.0.1:9/sso");
    assert!(
        saml.idp_certificate_info
            .is_some_and(|info| info.subject.contains("Meta IdP"))
    );

    management
        .new_sso_settings(&NewSsoRequest {
            tenant_id: TenantId::new(seed::ACME),
            sso_id: "oidc".to_owned(),
            display_name: "OIDC".to_owned(),
        })
        .await
        .unwrap();
    management.configure_oidc(&by_discovery).await.unwrap();
    let oidc = management
        .load_sso_settings(seed::ACME, "oidc")
        .await
        .unwrap();
    assert_eq!(oidc.oidc.token_url, format!("{base}/token"));
    assert_eq!(oidc.oidc.jwks_url, format!("{base}/jwks"));
    assert_eq!(oidc.oidc.client_secret, "", "the secret is never returned");
    let stored: String = sqlx::query("SELECT oidc_secret FROM sso_configs WHERE sso_id = 'oidc'")
        .fetch_one(app.state.db().pool())
        .await
        .unwrap()
        .get("oidc_secret");
    assert!(stored.starts_with("v1:") && !stored.contains("very-secret-value"));

    // An issuer without a discovery document is a clear 400.
    let mut wrong = by_discovery.clone();
    wrong.settings.issuer = format!("{base}/other");
    let error = management.configure_oidc(&wrong).await.unwrap_err();
    assert!(format!("{error:?}").contains("404 Not Found"), "{error:?}");
}

/// The wizard's pasted or uploaded metadata XML, read by the parser that reads it again on save:
/// the values and certificates it holds, or a 400 naming `xml` that says why; only in the
/// admin's own tenant.
async fn pasted_metadata_is_read_by_the_server_for_the_wizard(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, _) = app.acme_admin().await;
    let read = |xml: String, tenant: &str| ReadMetadataRequest {
        tenant_id: TenantId::new(tenant),
        xml,
    };
    let good = metadata_xml(
        &certificate("Pasted IdP", 2020, 2090),
        "https://idp.example.com/sso",
    );
    let metadata = admin
        .read_idp_metadata(&read(good.clone(), seed::ACME))
        .await
        .unwrap();
    assert_eq!(metadata.entity_id, "https://idp.test/meta");
    assert_eq!(metadata.sso_url, "https://idp.example.com/sso");
    assert_eq!(metadata.certificates.len(), 1);
    assert_eq!(metadata.certificate_infos[0].subject, "CN=Pasted IdP");

    for (xml, problem) in [
        ("<md:EntityDescriptor".to_owned(), "not well-formed XML"),
        ("<x/>".to_owned(), "no IDPSSODescriptor"),
        (
            metadata_xml(
                &certificate("Pasted IdP", 2020, 2090),
                "http://idp.example.com/sso",
            ),
            "sign-on URL",
        ),
    ] {
        let error = admin
            .read_idp_metadata(&read(xml, seed::ACME))
            .await
            .unwrap_err();
        let text = format!("{error:?}");
        assert!(
            text.contains("E011003") && text.contains(problem),
            "{problem:?}: {text}"
        );
    }
    assert_wire_error(
        admin.read_idp_metadata(&read(good, seed::GLOBEX)).await,
        403,
        "E061103",
    );
}

async fn a_tenant_admin_sets_up_only_their_tenants_sso(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, _) = app.acme_admin().await;
    let valid = certificate("Acme IdP", 2020, 2090);
    // SSO routes only verified domains: a tenant admin may not list one the tenant has not
    // proven (or the product owner vouched for).
    assert_wire_error(
        admin
            .configure_saml(&saml_request(seed::ACME, &valid, &["acme-admin.test"]))
            .await,
        400,
        "E011003",
    );
    vouch(&app, seed::ACME, "acme-admin.test").await;
    admin
        .configure_saml(&saml_request(seed::ACME, &valid, &["acme-admin.test"]))
        .await
        .unwrap();
    assert_eq!(
        admin
            .load_all_sso_settings(seed::ACME)
            .await
            .unwrap()
            .sso_settings
            .len(),
        1
    );
    assert_wire_error(
        admin
            .configure_saml(&saml_request(seed::GLOBEX, &valid, &[]))
            .await,
        403,
        "E061103",
    );
    assert_wire_error(
        admin.load_all_sso_settings(seed::GLOBEX).await,
        403,
        "E061103",
    );
    assert_eq!(
        app.management()
            .load_all_sso_settings(seed::GLOBEX)
            .await
            .unwrap()
            .sso_settings
            .len(),
        0
    );
}

/// In widget mode the SSO routes take the tenant from their own `tenantId` when `?tenant=` is
/// left out, and check `SSO Admin` there; when both are given they must agree. Other routes
/// still need `?tenant=`.
async fn widget_mode_sso_takes_the_tenant_from_tenant_id(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (_, signed_in) = app.acme_admin().await;
    let authorization = format!(
        "Bearer {}:{}",
        app.project_id,
        signed_in.session_jwt.expose()
    );
    // A session without `?tenant=`: the tenant comes from `tenantId` alone.
    vouch(&app, seed::ACME, "acme-bare.test").await;
    let bare = app.raw(&authorization);
    let loaded = bare.load_sso_settings(seed::ACME, "").await.unwrap();
    assert_eq!(loaded.tenant.id, TenantId::new(seed::ACME));
    let mut request = saml_request(
        seed::ACME,
        &certificate("Acme IdP", 2020, 2090),
        &["acme-bare.test"],
    );
    request.settings.default_sso_roles = vec![seed::ACME_SUPPORT_ROLE.to_owned()];
    bare.configure_saml(&request).await.unwrap();
    assert_eq!(
        bare.load_all_sso_settings(seed::ACME)
            .await
            .unwrap()
            .sso_settings[0]
            .domains,
        ["acme-bare.test"]
    );

    // Another tenant's `tenantId` is refused: no `SSO Admin` there.
    assert_wire_error(
        bare.load_sso_settings(seed::GLOBEX, "").await,
        403,
        "E061103",
    );
    assert_wire_error(
        bare.configure_saml(&saml_request(seed::GLOBEX, &request.settings.idp_cert, &[]))
            .await,
        403,
        "E061103",
    );
    assert_wire_error(bare.load_sso_settings("", "").await, 400, "E011002");

    // `?tenant=` and `tenantId` must name the same tenant.
    for (query, status) in [
        ("tenant=acme&tenantId=globex", 403),
        ("tenant=globex&tenantId=acme", 403),
        ("tenant=acme&tenantId=acme", 200),
    ] {
        let response = app
            .http(
                reqwest::Method::GET,
                &format!("/v2/mgmt/sso/settings?{query}"),
            )
            .header("Authorization", &authorization)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{query}");
    }

    // Routes that do not name their tenant still need `?tenant=`.
    assert_wire_error(
        bare.search_users(&UserSearchRequest::default()).await,
        400,
        "E011002",
    );
    assert!(
        app.management()
            .load_all_sso_settings(seed::GLOBEX)
            .await
            .unwrap()
            .sso_settings
            .is_empty(),
        "globex has no SSO configuration"
    );
}

/// The group mappings (`role <- groups`) and default roles of a tenant's default configuration.
async fn saml_roles(app: &TestApp, tenant: &str) -> (Vec<(String, Vec<String>)>, Vec<String>) {
    let loaded = app
        .management()
        .load_sso_settings(tenant, "")
        .await
        .unwrap();
    let mappings = loaded
        .saml
        .groups_mapping
        .into_iter()
        .map(|mapping| (mapping.role.name, mapping.groups))
        .collect();
    (mappings, loaded.saml.default_sso_roles)
}

/// SAML settings name roles: a rename rewrites the names and a delete removes them, in the
/// transaction of the change; a project role's name is left alone in a tenant whose own role of
/// that name it means there.
async fn saml_role_names_follow_role_renames_and_deletes(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let management = app.management();
    let valid = certificate("Test IdP", 2020, 2090);
    let create = |name: &str, tenant: &str| CreateRoleRequest {
        name: name.to_owned(),
        tenant_id: TenantId::new(tenant),
        ..CreateRoleRequest::default()
    };
    management
        .create_role(&create("Everyone", ""))
        .await
        .unwrap();
    management
        .create_role(&create("Ops", seed::ACME))
        .await
        .unwrap();
    // Globex's own "Everyone" (the management key may create it): there the name means it.
    management
        .create_role(&create("Everyone", seed::GLOBEX))
        .await
        .unwrap();
    let strings = |items: &[&str]| items.iter().map(|i| (*i).to_owned()).collect::<Vec<_>>();
    let mapping = |groups: &[&str], role: &str| RoleMapping {
        groups: strings(groups),
        role_name: role.to_owned(),
    };
    let mut acme = saml_request(seed::ACME, &valid, &[]);
    acme.settings.role_mappings = vec![
        mapping(&["support"], seed::ACME_SUPPORT_ROLE),
        mapping(&["ops"], "Ops"),
        mapping(&["staff"], "Everyone"),
    ];
    acme.settings.default_sso_roles = strings(&["Everyone", seed::ACME_SUPPORT_ROLE]);
    management.configure_saml(&acme).await.unwrap();
    let mut globex = saml_request(seed::GLOBEX, &valid, &[]);
    globex.settings.role_mappings = vec![mapping(&["staff"], "Everyone")];
    globex.settings.default_sso_roles = strings(&["Everyone"]);
    management.configure_saml(&globex).await.unwrap();

    // The tenant admin renames a tenant role and deletes another.
    let (admin, _) = app.acme_admin().await;
    admin
        .update_role(&UpdateRoleRequest {
            name: seed::ACME_SUPPORT_ROLE.to_owned(),
            new_name: "Customer Support".to_owned(),
            ..UpdateRoleRequest::default()
        })
        .await
        .unwrap();
    admin
        .delete_role(&DeleteRoleRequest {
            name: "Ops".to_owned(),
            force: true,
            ..DeleteRoleRequest::default()
        })
        .await
        .unwrap();
    let (mappings, defaults) = saml_roles(&app, seed::ACME).await;
    assert_eq!(
        mappings,
        [
            ("Customer Support".to_owned(), strings(&["support"])),
            ("Everyone".to_owned(), strings(&["staff"])),
        ]
    );
    assert_eq!(defaults, ["Everyone", "Customer Support"]);

    // The project role is renamed, then deleted, with the management key: acme's settings follow,
    // globex's keep naming its own role.
    management
        .update_role(&UpdateRoleRequest {
            name: "Everyone".to_owned(),
            new_name: "All Staff".to_owned(),
            ..UpdateRoleRequest::default()
        })
        .await
        .unwrap();
    let (mappings, defaults) = saml_roles(&app, seed::ACME).await;
    assert_eq!(mappings[1], ("All Staff".to_owned(), strings(&["staff"])));
    assert_eq!(defaults, ["All Staff", "Customer Support"]);
    assert_eq!(
        saml_roles(&app, seed::GLOBEX).await,
        (
            vec![("Everyone".to_owned(), strings(&["staff"]))],
            strings(&["Everyone"])
        )
    );
    management
        .delete_role(&DeleteRoleRequest {
            name: "All Staff".to_owned(),
            ..DeleteRoleRequest::default()
        })
        .await
        .unwrap();
    let (mappings, defaults) = saml_roles(&app, seed::ACME).await;
    assert_eq!(
        mappings,
        [("Customer Support".to_owned(), strings(&["support"]))]
    );
    assert_eq!(defaults, ["Customer Support"]);
    assert_eq!(saml_roles(&app, seed::GLOBEX).await.1, ["Everyone"]);

    // What the settings name still exists: saving them again is accepted as they are.
    let loaded = management.load_sso_settings(seed::ACME, "").await.unwrap();
    assert_eq!(loaded.configured, SsoAuthType::Saml);
    let events: Vec<String> = app
        .audit()
        .await
        .into_iter()
        .map(|event| event.0)
        .filter(|action| action == "RoleModified" || action == "RoleDeleted")
        .collect();
    assert_eq!(events.len(), 4);
}

/// The product owner adds `domain` to `tenant` with the management key: verified at once.
async fn vouch(app: &TestApp, tenant: &str, domain: &str) {
    let added = app
        .management()
        .add_tenant_domain(&tenantkit_wire::domain::TenantDomainRequest {
            tenant_id: tenant.to_owned(),
            domain: domain.to_owned(),
        })
        .await
        .unwrap();
    assert_eq!(
        added.domain.status,
        tenantkit_wire::domain::DomainStatus::Verified
    );
}
