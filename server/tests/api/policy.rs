//! Tenant policy that takes effect: a disabled tenant, session lifetimes and the inactivity
//! timeout per tenant, password rules with lockout and expiry, and domains that route nothing
//! until a real DNS server (dnsmasq, started here on loopback) shows their TXT record.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, claims_of, new_user};
use std::net::{SocketAddr, UdpSocket};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tenantkit_server::seed;
use tenantkit_wire::domain::{DomainStatus, TenantDomainRequest};
use tenantkit_wire::policy::{PasswordSettings, TenantSettings, TimeUnit};
use tenantkit_wire::sso::SsoConnection;
use tenantkit_wire::tenant::TenantRequest;
use tenantkit_wire::user_ops::SetPasswordRequest;
use tenantkit_wire::{
    LoginId, PERMISSION_IMPERSONATE, PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN, Secret, TenantId,
    UserSearchRequest,
};

backend_tests!(
    a_tenant_admin_edits_their_tenant_within_their_permissions,
    the_profile_is_one_answer_and_each_part_keeps_its_own_check,
    a_disabled_tenant_refuses_its_admins_until_enabled,
    token_lifetimes_and_inactivity_follow_the_tenant,
    password_rules_name_themselves_lock_and_expire,
    only_verified_domains_route_sso_and_dns_proves_them,
);

/// The request that sets acme's `disabled` flag, every other field as it is.
async fn set_acme_disabled(app: &TestApp, disabled: bool) {
    let management = app.management();
    let acme = management.load_tenant(seed::ACME).await.unwrap();
    management
        .update_tenant(&TenantRequest {
            id: acme.id.as_str().to_owned(),
            name: acme.name,
            self_provisioning_domains: acme.self_provisioning_domains,
            custom_attributes: acme.custom_attributes,
            enforce_sso: acme.enforce_sso,
            disabled,
        })
        .await
        .unwrap();
}

async fn a_tenant_admin_edits_their_tenant_within_their_permissions(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, _) = app.acme_admin().await;
    let acme = admin.load_tenant(seed::ACME).await.unwrap();
    assert_eq!(acme.name, seed::ACME_NAME);
    assert_eq!(acme.auth_type, "none", "no SSO connection is enabled");
    // Another tenant is not theirs to read.
    assert_wire_error(admin.load_tenant(seed::GLOBEX).await, 403, "E061103");

    let request = |name: &str, enforce_sso: bool| TenantRequest {
        id: seed::ACME.to_owned(),
        name: name.to_owned(),
        enforce_sso,
        ..TenantRequest::default()
    };
    admin
        .update_tenant(&request("Acme Inc", false))
        .await
        .unwrap();
    assert_eq!(
        admin.load_tenant(seed::ACME).await.unwrap().name,
        "Acme Inc"
    );
    // Enforcing SSO before a connection is enabled would lock everyone out.
    let refused = assert_wire_error(
        admin.update_tenant(&request("Acme Inc", true)).await,
        400,
        "E011003",
    );
    assert!(
        refused.error_message.contains("SSO connection"),
        "{refused:?}"
    );
    // Disabling the tenant is the product owner's.
    let mut disable = request("Acme Inc", false);
    disable.disabled = true;
    assert_wire_error(admin.update_tenant(&disable).await, 403, "E061103");

    // An SSO admin reads the profile but changes neither the name nor the session settings.
    let sso_admin = app
        .acme_user_with("sso@acme.test", &[PERMISSION_SSO_ADMIN])
        .await;
    assert_eq!(
        sso_admin.load_tenant(seed::ACME).await.unwrap().name,
        "Acme Inc"
    );
    assert_wire_error(
        sso_admin.update_tenant(&request("Hijacked", false)).await,
        403,
        "E061103",
    );
    let settings = TenantSettings {
        tenant_id: seed::ACME.to_owned(),
        ..TenantSettings::default()
    };
    let refused = assert_wire_error(
        sso_admin.set_tenant_settings(&settings).await,
        403,
        "E061103",
    );
    assert!(
        refused.error_message.contains("User Admin and SSO Admin"),
        "{refused:?}"
    );
    sso_admin.tenant_domains(seed::ACME).await.unwrap();
    // The tenant attribute definitions are readable, to edit the tenant's values.
    sso_admin.tenant_attributes().await.unwrap();
}

async fn the_profile_is_one_answer_and_each_part_keeps_its_own_check(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, _) = app.acme_admin().await;
    let profile = admin.tenant_profile(seed::ACME).await.unwrap();
    // Each part is what its own route answers.
    assert_eq!(profile.tenant, admin.load_tenant(seed::ACME).await.unwrap());
    assert_eq!(
        profile.attributes,
        admin.tenant_attributes().await.unwrap().data
    );
    assert_eq!(
        profile.settings,
        admin.tenant_settings(seed::ACME).await.unwrap()
    );
    assert_eq!(
        profile.password_settings,
        admin.password_settings(seed::ACME).await.unwrap()
    );
    assert_eq!(
        profile.domains,
        Some(admin.tenant_domains(seed::ACME).await.unwrap().domains)
    );
    let connections = admin.load_all_sso_settings(seed::ACME).await.unwrap();
    // Each connection's id, name and status; none of its settings.
    assert_eq!(
        profile.sso_settings,
        Some(
            connections
                .sso_settings
                .iter()
                .map(SsoConnection::from)
                .collect()
        )
    );
    assert_eq!(profile.sso_refused, None);
    // Another tenant is not theirs to read.
    assert_wire_error(admin.tenant_profile(seed::GLOBEX).await, 403, "E061103");

    // Without SSO Admin: the rest, and why the domains and connections are missing.
    let user_admin = app
        .acme_user_with("users@acme.test", &[PERMISSION_USER_ADMIN])
        .await;
    let profile = user_admin.tenant_profile(seed::ACME).await.unwrap();
    assert_eq!(profile.tenant.name, seed::ACME_NAME);
    assert_eq!((profile.domains, profile.sso_settings), (None, None));
    let refused = profile.sso_refused.expect("the refusal");
    assert_eq!(refused.error_code, "E061103");
    assert!(refused.error_message.contains("SSO Admin"), "{refused:?}");
    assert_wire_error(user_admin.tenant_domains(seed::ACME).await, 403, "E061103");

    // Without either permission: nothing.
    let neither = app
        .acme_user_with("nobody@acme.test", &[PERMISSION_IMPERSONATE])
        .await;
    assert_wire_error(neither.tenant_profile(seed::ACME).await, 403, "E061103");
}

async fn a_disabled_tenant_refuses_its_admins_until_enabled(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, signed_in) = app.acme_admin().await;
    let search = UserSearchRequest::default();
    admin.search_users(&search).await.unwrap();

    set_acme_disabled(&app, true).await;
    let refused = assert_wire_error(admin.search_users(&search).await, 403, "E061103");
    assert!(refused.error_message.contains("disabled"), "{refused:?}");
    // A tenant admin cannot enable it again: that is the product owner's.
    let mut enable = TenantRequest {
        id: seed::ACME.to_owned(),
        name: seed::ACME_NAME.to_owned(),
        ..TenantRequest::default()
    };
    enable.disabled = false;
    assert!(admin.update_tenant(&enable).await.is_err());
    // A new sign-in carries no grants in it.
    let again = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(
        !claims_of(&again.session_jwt)
            .tenants
            .contains_key(seed::ACME),
        "a disabled tenant's grants are left out of new tokens"
    );

    set_acme_disabled(&app, false).await;
    admin.search_users(&search).await.unwrap();
    let restored = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(
        claims_of(&restored.session_jwt)
            .tenants
            .contains_key(seed::ACME)
    );
    drop(signed_in);
}

async fn token_lifetimes_and_inactivity_follow_the_tenant(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, _) = app.acme_admin().await;
    let before = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    let claims = claims_of(&before.session_jwt);
    assert_eq!(claims.exp - claims.iat, 600, "the server's default");

    // Validated: a session token of one minute is refused, saying why.
    let mut settings = TenantSettings {
        tenant_id: seed::ACME.to_owned(),
        enabled: true,
        session_token_expiration: 1,
        refresh_token_expiration: 1,
        refresh_token_expiration_unit: TimeUnit::Days,
        ..TenantSettings::default()
    };
    let error = assert_wire_error(admin.set_tenant_settings(&settings).await, 400, "E011003");
    assert!(
        error.error_message.contains("A session token lasts"),
        "{error:?}"
    );
    settings.session_token_expiration = 5;
    settings.enable_inactivity = true;
    settings.inactivity_time = 15;
    admin.set_tenant_settings(&settings).await.unwrap();
    let read = admin.tenant_settings(seed::ACME).await.unwrap();
    assert!(read.enabled && read.enable_inactivity);
    assert_eq!(read.inactivity_time, 15);

    let after = app
        .sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();
    let session = claims_of(&after.session_jwt);
    assert_eq!(session.exp - session.iat, 300, "5 minutes");
    let refresh_jwt = after.refresh_jwt.clone().unwrap();
    let refresh = claims_of(&refresh_jwt);
    assert_eq!(refresh.exp - refresh.iat, 86_400, "1 day");

    // Within the inactivity timeout a refresh works (and counts as activity) ...
    app.clock.advance(10 * 60);
    app.anonymous().refresh(&refresh_jwt).await.unwrap();
    app.clock.advance(10 * 60);
    app.anonymous().refresh(&refresh_jwt).await.unwrap();
    // ... past it, the session is over.
    app.clock.advance(16 * 60);
    let ended = assert_wire_error(app.anonymous().refresh(&refresh_jwt).await, 401, "E061102");
    assert!(
        ended.error_message.contains("without activity"),
        "{ended:?}"
    );
}

async fn password_rules_name_themselves_lock_and_expire(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, _) = app.acme_admin().await;
    app.add_user(
        new_user("pat@acme.test", "Pat", &[(seed::ACME, &[])]),
        Some("first-password"),
    )
    .await;
    let policy = PasswordSettings {
        tenant_id: seed::ACME.to_owned(),
        enabled: true,
        min_length: 12,
        uppercase: true,
        number: true,
        non_alphanumeric: true,
        reuse: true,
        reuse_amount: 2,
        lock: true,
        lock_attempts: 3,
        expiration: true,
        expiration_weeks: 1,
        ..PasswordSettings::default()
    };
    admin.set_password_settings(&policy).await.unwrap();
    let read = admin.password_settings(seed::ACME).await.unwrap();
    assert_eq!(read.min_length, 12);
    assert!(read.lock && read.reuse);

    let set = |password: &str| SetPasswordRequest {
        login_id: LoginId::new("pat@acme.test"),
        password: Secret::new(password),
    };
    for (password, rule) in [
        ("Sh0rt-pw", "(minLength)"),
        ("lowercase-only-1", "(uppercase)"),
        ("No-Digits-Here", "(number)"),
        ("NoSymbols12345", "(nonAlphanumeric)"),
    ] {
        let error = admin.set_active_password(&set(password)).await.unwrap_err();
        assert!(format!("{error:?}").contains(rule), "{password}: {error:?}");
    }
    admin
        .set_active_password(&set("Correct-Horse-9"))
        .await
        .unwrap();
    let reused = admin
        .set_active_password(&set("Correct-Horse-9"))
        .await
        .unwrap_err();
    assert!(format!("{reused:?}").contains("(reuse)"), "{reused:?}");
    // A generated temporary password meets the policy too.
    let generated = admin
        .set_temporary_password(&SetPasswordRequest {
            login_id: LoginId::new("pat@acme.test"),
            password: Secret::default(),
        })
        .await
        .unwrap()
        .cleartext
        .unwrap();
    assert!(policy.check(generated.expose()).is_ok());
    admin
        .set_active_password(&set("Battery-Staple-7"))
        .await
        .unwrap();
    app.sign_in("pat@acme.test", "Battery-Staple-7")
        .await
        .unwrap();

    // Three failures in a row lock the account: the right password then says so.
    for _ in 0..3 {
        assert_wire_error(app.sign_in("pat@acme.test", "wrong").await, 401, "E061102");
    }
    let locked = assert_wire_error(
        app.sign_in("pat@acme.test", "Battery-Staple-7").await,
        401,
        "E061102",
    );
    assert!(locked.error_message.contains("locked"), "{locked:?}");
    assert!(
        app.audit()
            .await
            .iter()
            .any(|(action, ..)| action == "UserLocked")
    );
    // A reset by an admin unlocks it.
    admin
        .set_active_password(&set("Reset-By-Admin-3"))
        .await
        .unwrap();
    app.sign_in("pat@acme.test", "Reset-By-Admin-3")
        .await
        .unwrap();

    // Passwords older than a week have expired.
    app.clock.advance(8 * 86_400);
    let expired = app.sign_in("pat@acme.test", "Reset-By-Admin-3").await;
    assert!(format!("{expired:?}").contains("expired"), "{expired:?}");
}

/// A dnsmasq on loopback that answers for `*.test` only, with `records` as TXT records.
struct DnsServer(Child);

/// The record every [`DnsServer`] also serves, so that readiness is a real answer to a real
/// query (probing by binding the port would race dnsmasq for it).
const READY_DOMAIN: &str = "ready.test";
const READY_TOKEN: &str = "ready";

impl DnsServer {
    async fn start(port: u16, records: &[(&str, &str)]) -> Self {
        let mut command = Command::new("/usr/sbin/dnsmasq");
        command.args([
            "--keep-in-foreground",
            "--conf-file=/dev/null",
            "--no-resolv",
            "--no-hosts",
            "--bind-interfaces",
            "--listen-address=127.0.0.1",
            "--local=/test/",
            "--pid-file=",
            &format!("--port={port}"),
            &format!(
                "--txt-record={}.{READY_DOMAIN},{}{READY_TOKEN}",
                tenantkit_wire::domain::RECORD_LABEL,
                tenantkit_wire::domain::RECORD_PREFIX
            ),
        ]);
        for (name, value) in records {
            command.arg(format!("--txt-record={name},{value}"));
        }
        let mut server = Self(
            command
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("dnsmasq runs (cargo xtask setup installs dnsmasq-base)"),
        );
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        for _ in 0..200 {
            if let Some(status) = server.0.try_wait().unwrap() {
                let mut stderr = String::new();
                use std::io::Read as _;
                let _ = server.0.stderr.take().unwrap().read_to_string(&mut stderr);
                panic!("dnsmasq on port {port} exited ({status}): {stderr}");
            }
            let answer = tenantkit_server::dns::check_domain_record(
                Some(address),
                READY_DOMAIN,
                READY_TOKEN,
            )
            .await
            .unwrap();
            if answer.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("dnsmasq did not answer on port {port}");
    }
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A UDP port free on loopback now, below the kernel's ephemeral range (32768 and up) so that no
/// socket bound to port 0 takes it before dnsmasq binds it, and never handed to another test of
/// this process (dnsmasq binds with `SO_REUSEADDR`, so two of them on one port would both start).
fn free_udp_port() -> u16 {
    use std::hash::{BuildHasher, Hasher};
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap();
    loop {
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        let port = 20_000 + (random % 12_000) as u16;
        if !given.contains(&port) && UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            given.push(port);
            return port;
        }
    }
}

async fn only_verified_domains_route_sso_and_dns_proves_them(backend: Backend) {
    let port = free_udp_port();
    let resolver = SocketAddr::from(([127, 0, 0, 1], port));
    let app = TestApp::builder(backend)
        .with_demo_seed()
        .with_settings(|settings| settings.dns_resolver = Some(resolver))
        .start()
        .await;
    let (admin, _) = app.acme_admin().await;
    let request = |domain: &str| TenantDomainRequest {
        tenant_id: seed::ACME.to_owned(),
        domain: domain.to_owned(),
    };
    let added = admin
        .add_tenant_domain(&request(" Acme-DNS.test "))
        .await
        .unwrap()
        .domain;
    assert_eq!(added.domain, "acme-dns.test");
    assert_eq!(added.status, DomainStatus::Pending);
    assert_eq!(added.record_name, "_tenantkit.acme-dns.test");
    assert!(added.record_value.starts_with("tenantkit-verification="));
    assert!(
        admin
            .add_tenant_domain(&request("not a domain"))
            .await
            .is_err()
    );

    // No record yet: the check fails and says why.
    let checked = {
        let _dns = DnsServer::start(port, &[]).await;
        admin
            .verify_tenant_domain(&request("acme-dns.test"))
            .await
            .unwrap()
            .domain
    };
    assert_eq!(checked.status, DomainStatus::Failed, "{checked:?}");
    assert!(checked.error.contains("No TXT record"), "{checked:?}");
    // A record with another value fails too.
    let checked = {
        let _dns = DnsServer::start(
            port,
            &[("_tenantkit.acme-dns.test", "tenantkit-verification=x")],
        )
        .await;
        admin
            .verify_tenant_domain(&request("acme-dns.test"))
            .await
            .unwrap()
            .domain
    };
    assert_eq!(checked.status, DomainStatus::Failed);
    assert!(checked.error.contains("does not hold"), "{checked:?}");

    // Unverified, the domain routes nothing: SSO refuses it.
    let mut saml = tenantkit_wire::sso::ConfigureSamlRequest {
        tenant_id: TenantId::new(seed::ACME),
        domains: vec!["acme-dns.test".to_owned()],
        ..Default::default()
    };
    saml.settings.idp_url = "https://idp.acme-dns.test/sso".to_owned();
    saml.settings.entity_id = "https://idp.acme-dns.test".to_owned();
    saml.settings.idp_cert = crate::sso::certificate("Acme IdP", 2020, 2090);
    let refused = admin.configure_saml(&saml).await.unwrap_err();
    assert!(
        format!("{refused:?}").contains("not a verified domain"),
        "{refused:?}"
    );

    // The published record verifies it.
    let verified = {
        let _dns =
            DnsServer::start(port, &[("_tenantkit.acme-dns.test", &added.record_value)]).await;
        admin
            .verify_tenant_domain(&request("acme-dns.test"))
            .await
            .unwrap()
            .domain
    };
    assert_eq!(verified.status, DomainStatus::Verified, "{verified:?}");
    assert!(verified.verified_time > 0 && verified.error.is_empty());
    admin.configure_saml(&saml).await.unwrap();

    // Another tenant cannot claim it now; removing it while SSO routes it is refused.
    let (globex, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    let taken = globex
        .add_tenant_domain(&TenantDomainRequest {
            tenant_id: seed::GLOBEX.to_owned(),
            domain: "acme-dns.test".to_owned(),
        })
        .await;
    assert_wire_error(taken, 409, "E011004");
    assert!(
        admin
            .delete_tenant_domain(&request("acme-dns.test"))
            .await
            .is_err()
    );
    let listed = admin.tenant_domains(seed::ACME).await.unwrap().domains;
    assert!(listed.iter().any(|d| d.domain == "acme-dns.test"));
    // Globex's admin sees none of acme's domains.
    let theirs = globex.tenant_domains(seed::GLOBEX).await.unwrap().domains;
    assert!(theirs.iter().all(|d| d.domain != "acme-dns.test"));
}
