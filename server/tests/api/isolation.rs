//! Tenant isolation, route by route (users, roles, access keys, and every resource added later): the test walks the server's own route table, so a route
//! added tomorrow is covered without editing this file. For every widget-mode route, the admin
//! of acme aims a request at a user who belongs to globex only — once within acme's scope, once
//! asking for globex itself — and must get 403 or 404 (or a success that shows nothing of
//! globex); afterwards globex's data is exactly as before and the user's session and password,
//! and globex's access key, still work. Then the same walk aims at a user of both tenants, whom
//! acme's admin may see: their account (which globex shares) must come out unchanged, with
//! their session and password still working.

use crate::util::{Backend, TestApp, backend_tests, new_user};
use tenantkit_server::api::{Access, route_table};
use tenantkit_server::seed;
use tenantkit_wire::access_key::{AccessKeySearchRequest, CreateAccessKeyRequest, KeyTenant};
use tenantkit_wire::role::RoleSearchRequest;
use tenantkit_wire::{TenantId, UserSearchRequest};

backend_tests!(a_tenant_admin_reaches_no_other_tenant_on_any_route);

const TARGET: &str = "gina@globex.test";
const TARGET_NAME: &str = "Gina Globex-Only";
const TARGET_PASSWORD: &str = "gina-password";
const SHARED: &str = "sam@partners.test";
const SHARED_PASSWORD: &str = "sam-password";

/// One body that names the target on every route (unknown fields are ignored by the wire
/// format), valid for each, so each route reaches its authorization and tenant checks (`plan`
/// is a custom attribute of the demo data).
fn hostile_body(login_id: &str, user_id: &str, key_id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": key_id,
        "ids": [key_id],
        "loginId": login_id,
        "userId": user_id,
        "userIds": [user_id],
        "loginIds": [login_id],
        "addresses": [login_id],
        "tenantId": seed::GLOBEX,
        "tenantIds": [seed::GLOBEX],
        "userTenants": [{"tenantId": seed::GLOBEX, "roleNames": [seed::GLOBEX_AUDITOR_ROLE]}],
        "roleNames": [seed::GLOBEX_AUDITOR_ROLE],
        "status": "disabled",
        "email": "taken@evil.test",
        "verified": true,
        "phone": "+15555550199",
        // A globex role's name: role routes aim at it, user routes take it as a display name.
        "name": seed::GLOBEX_AUDITOR_ROLE,
        "displayName": "Hijacked",
        "givenName": "Hijacked",
        "familyName": "Hijacked",
        "picture": "https://evil.test/p.png",
        "newLoginId": "hijacked@evil.test",
        "attributeKey": "plan",
        "attributeValue": "team",
        "customAttributes": {},
        "password": "Hijacked-Passw0rd",
        "users": [{"loginId": "planted@globex.test", "userTenants": [{"tenantId": seed::GLOBEX}]}],
        "attributes": [{"name": "planted", "type": 1}],
        "names": ["plan"],
        "permissionNames": ["Reports View"],
        "delete": true,
        "force": true,
        "text": "gina",
        "domain": "hijacked.test",
        "enabled": true,
        "minLength": 40,
        // The import and the bulk action (issue 20) name the target too.
        "csv": format!("loginId,name\n{login_id},Hijacked\n"),
        "filter": {"loginIds": [login_id]},
        "action": "disable",
        "expectedCount": 1,
    })
}

/// Everything of globex that a request could change, as comparable text.
async fn globex_snapshot(app: &TestApp) -> String {
    let management = app.management();
    let members = management
        .search_users(&UserSearchRequest {
            tenant_ids: vec![TenantId::new(seed::GLOBEX)],
            with_test_user: true,
            limit: 1000,
            ..UserSearchRequest::default()
        })
        .await
        .unwrap();
    let everyone = management
        .search_users(&UserSearchRequest {
            with_test_user: true,
            ..UserSearchRequest::default()
        })
        .await
        .unwrap()
        .total;
    let attributes = management.custom_attributes().await.unwrap();
    let roles = management
        .search_roles(&RoleSearchRequest {
            tenant_ids: vec![TenantId::new(seed::GLOBEX)],
            include_project_roles: true,
            ..RoleSearchRequest::default()
        })
        .await
        .unwrap();
    let permissions = management.permissions().await.unwrap();
    let keys = management
        .search_access_keys(&AccessKeySearchRequest {
            tenant_ids: vec![TenantId::new(seed::GLOBEX)],
            ..AccessKeySearchRequest::default()
        })
        .await
        .unwrap();
    let sso = management
        .load_all_sso_settings(seed::GLOBEX)
        .await
        .unwrap();
    let tenant = management.load_tenant(seed::GLOBEX).await.unwrap();
    let settings = management.tenant_settings(seed::GLOBEX).await.unwrap();
    let passwords = management.password_settings(seed::GLOBEX).await.unwrap();
    let domains = management.tenant_domains(seed::GLOBEX).await.unwrap();
    format!(
        "{}\n{everyone}\n{:?}\n{roles:?}\n{permissions:?}\n{keys:?}\n{sso:?}\n{tenant:?}\n\
         {settings:?}\n{passwords:?}\n{domains:?}",
        serde_json::to_string(&members).unwrap(),
        attributes
    )
}

async fn a_tenant_admin_reaches_no_other_tenant_on_any_route(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let target_id = app
        .add_user(
            new_user(
                TARGET,
                TARGET_NAME,
                &[(seed::GLOBEX, &[seed::GLOBEX_AUDITOR_ROLE])],
            ),
            Some(TARGET_PASSWORD),
        )
        .await;
    let target_session = app.sign_in(TARGET, TARGET_PASSWORD).await.unwrap();
    let shared_id = app
        .add_user(
            new_user(
                SHARED,
                "Sam Shared",
                &[
                    (seed::ACME, &[seed::ACME_SUPPORT_ROLE]),
                    (seed::GLOBEX, &[seed::GLOBEX_AUDITOR_ROLE]),
                ],
            ),
            Some(SHARED_PASSWORD),
        )
        .await;
    let shared_session = app.sign_in(SHARED, SHARED_PASSWORD).await.unwrap();
    let target_key = app
        .management()
        .create_access_key(&CreateAccessKeyRequest {
            name: "globex machine".to_owned(),
            key_tenants: vec![KeyTenant {
                tenant_id: TenantId::new(seed::GLOBEX),
                role_names: vec![seed::GLOBEX_AUDITOR_ROLE.to_owned()],
                ..KeyTenant::default()
            }],
            ..CreateAccessKeyRequest::default()
        })
        .await
        .unwrap();
    let (_, admin) = app.acme_admin().await;
    let authorization = format!("Bearer {}:{}", app.project_id, admin.session_jwt.expose());
    let before = globex_snapshot(&app).await;
    let shared_before = app.stored_account(&shared_id).await;

    let routes: Vec<_> = route_table()
        .into_iter()
        .filter(|route| matches!(route.access, Access::Widget(_)))
        .collect();
    assert!(routes.len() >= 30, "the table lists the user routes");
    let mut checked = 0;
    for (login_id, user_id) in [(TARGET, &target_id), (SHARED, &shared_id)] {
        let body = hostile_body(login_id, user_id.as_str(), &target_key.key.id);
        for route in &routes {
            for tenant in [seed::ACME, seed::GLOBEX] {
                let query = format!(
                    "tenant={tenant}&tenantId={}&loginId={login_id}&userId={user_id}&id={}",
                    seed::GLOBEX,
                    target_key.key.id
                );
                let request = app
                    .http(route.method.clone(), &format!("{}?{query}", route.path))
                    .header("Authorization", &authorization);
                let request = if route.method == reqwest::Method::GET {
                    request
                } else {
                    request.json(&body)
                };
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let text = response.text().await.unwrap();
                let what = format!(
                    "{} {} ?tenant={tenant} -> {status} {text}",
                    route.method, route.path
                );
                if tenant == seed::GLOBEX {
                    assert_eq!(status, 403, "no User Admin in globex: {what}");
                } else if login_id == SHARED {
                    // Acme's admin may see this user, and the body may not suit every acme route:
                    // any answer but a server failure. What matters is the account afterwards.
                    assert!(status < 500, "{what}");
                } else if (200..300).contains(&status) {
                    assert!(
                        !text.contains(target_id.as_str())
                            && !text.contains(TARGET_NAME)
                            && !text.contains(&target_key.key.id),
                        "a success shows nothing of globex's user: {what}"
                    );
                } else {
                    assert!(
                        matches!(status, 403 | 404 | 409),
                        "refused as forbidden or not found (400 would mean the check was not reached): {what}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, routes.len() * 4);

    assert_eq!(
        globex_snapshot(&app).await,
        before,
        "globex's data is unchanged"
    );
    app.sign_in(TARGET, TARGET_PASSWORD).await.unwrap();
    app.anonymous()
        .me(&target_session.session_jwt)
        .await
        .unwrap();
    assert_eq!(
        app.stored_account(&shared_id).await,
        shared_before,
        "the shared user's account is unchanged"
    );
    app.anonymous()
        .me(&shared_session.session_jwt)
        .await
        .unwrap();
    app.sign_in(SHARED, SHARED_PASSWORD).await.unwrap();
}
