//! Access keys over HTTP, on both databases: each endpoint with its errors, the exchange and
//! every way it refuses a key, rotation, secrets stored only as hashes, and a tenant admin
//! confined to their tenant's keys.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, claims_of, new_user};
use tenantkit_client::{ApiError, KeyOp};
use tenantkit_server::seed;
use tenantkit_wire::access_key::{
    AccessKeySearchRequest, CreateAccessKeyRequest, ExchangeOptions, ExchangeRequest, KeyStatus,
    KeyTenant, UpdateAccessKeyRequest,
};
use tenantkit_wire::role::{RoleImpactRequest, UpdateRoleRequest};
use tenantkit_wire::{SortField, TenantId, UserStatus};

backend_tests!(
    a_key_is_shown_once_stored_hashed_and_exchanged_for_its_grants,
    the_exchange_refuses_every_bad_key_and_records_it,
    permitted_addresses_follow_trusted_proxies_only,
    rotation_replaces_the_secret,
    a_tenant_admin_manages_only_their_tenants_keys,
    search_update_and_batch_changes,
    role_changes_count_and_reach_access_keys,
);

fn request(name: &str) -> CreateAccessKeyRequest {
    CreateAccessKeyRequest {
        name: name.to_owned(),
        ..CreateAccessKeyRequest::default()
    }
}

fn exchange() -> ExchangeRequest {
    ExchangeRequest::default()
}

async fn refused_reasons(app: &TestApp) -> Vec<String> {
    use sqlx::Row;
    sqlx::query(
        "SELECT data, kind FROM audit_events WHERE action = 'AccessKeyExchangeRefused' ORDER BY occurred",
    )
    .fetch_all(app.db().pool())
    .await
    .unwrap()
    .iter()
    .map(|row| {
        assert_eq!(row.get::<String, _>("kind"), "warn");
        let data: serde_json::Value = serde_json::from_str(&row.get::<String, _>("data")).unwrap();
        data["reason"].as_str().unwrap().to_owned()
    })
    .collect()
}

async fn a_key_is_shown_once_stored_hashed_and_exchanged_for_its_grants(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let created = app
        .management()
        .create_access_key(&CreateAccessKeyRequest {
            description: "Nightly export".to_owned(),
            key_tenants: vec![KeyTenant {
                tenant_id: TenantId::new(seed::GLOBEX),
                tenant_name: String::new(),
                role_names: vec![seed::GLOBEX_AUDITOR_ROLE.to_owned()],
            }],
            ..request("exporter")
        })
        .await
        .unwrap();
    let key = &created.key;
    assert!(
        created
            .cleartext
            .expose()
            .starts_with(&format!("tk_{}_", key.id)),
        "the cleartext names its key, so a leaked key can be found"
    );
    assert_eq!(key.status, KeyStatus::Active);
    assert_eq!(key.key_tenants.len(), 1);
    assert_eq!(key.key_tenants[0].tenant_name, seed::GLOBEX_NAME);
    assert_eq!(key.key_tenants[0].role_names, [seed::GLOBEX_AUDITOR_ROLE]);
    assert!(key.created_by.starts_with("mgmt:"));
    assert!(
        key.created_by_external_ids.is_empty(),
        "a management key is no person with login ids"
    );
    assert_eq!(key.last_used_time, 0);

    // Only a hash is stored, and loading never shows the secret again.
    let stored: Vec<String> =
        sqlx::query_scalar::<_, String>("SELECT secret_hash FROM access_keys")
            .fetch_all(app.db().pool())
            .await
            .unwrap();
    // The secret part is base64url, which may itself hold `_`: strip the `tk_<id>_` prefix.
    let secret = created
        .cleartext
        .expose()
        .strip_prefix(&format!("tk_{}_", key.id))
        .unwrap()
        .to_owned();
    assert!(secret.len() >= 40, "256 random bits");
    assert!(
        stored
            .iter()
            .all(|hash| hash.len() == 64 && !hash.contains(&secret))
    );
    let loaded = app.management().load_access_key(&key.id).await.unwrap().key;
    assert_eq!(loaded, created.key);
    let json = serde_json::to_string(&loaded).unwrap();
    assert!(!json.contains(&secret));

    // The JWT carries exactly the key's grants.
    app.clock.advance(5);
    let exchanged = app
        .anonymous()
        .exchange_access_key(&created.cleartext, &exchange())
        .await
        .unwrap();
    assert_eq!(exchanged.key_id, key.id);
    let claims = claims_of(&exchanged.session_jwt);
    assert_eq!(claims.sub, key.id);
    assert_eq!(claims.dct.as_deref(), Some(seed::GLOBEX));
    assert_eq!(claims.tenants.len(), 1);
    let globex = &claims.tenants[seed::GLOBEX];
    assert_eq!(globex.roles, [seed::GLOBEX_AUDITOR_ROLE]);
    assert_eq!(globex.permissions, ["Reports View"]);
    assert!(claims.roles.is_empty() && claims.permissions.is_empty());
    assert_eq!(exchanged.expiration, claims.exp);
    assert_eq!(claims.exp - claims.iat, 600);
    // The signature verifies with the published keys (the same check as for user sessions).
    let keys = app.anonymous().public_keys().await.unwrap();
    assert!(
        keys.keys
            .iter()
            .any(|jwk| Some(jwk.kid.as_str()) == jwt_kid(&exchanged.session_jwt).as_deref())
    );
    // A key's session is no management credential.
    assert_wire_error(
        app.widget(&exchanged.session_jwt, seed::GLOBEX)
            .search_users(&Default::default())
            .await,
        401,
        "E061102",
    );
    let used = app.management().load_access_key(&key.id).await.unwrap().key;
    assert_eq!(used.last_used_time, app.clock_now());
    assert_eq!(used.last_used_address, "127.0.0.1");

    // selectedTenant must be one of the key's tenants.
    let elsewhere = ExchangeRequest {
        login_options: ExchangeOptions {
            selected_tenant: seed::ACME.to_owned(),
            ..ExchangeOptions::default()
        },
    };
    assert_wire_error(
        app.anonymous()
            .exchange_access_key(&created.cleartext, &elsewhere)
            .await,
        400,
        "E011004",
    );
}

/// The `kid` of a JWT's header.
fn jwt_kid(jwt: &tenantkit_wire::Secret) -> Option<String> {
    use base64::Engine;
    let header = jwt.expose().split('.').next()?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value["kid"].as_str().map(str::to_owned)
}

async fn the_exchange_refuses_every_bad_key_and_records_it(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.management();
    let ex = |cleartext: tenantkit_wire::Secret| {
        let client = app.anonymous();
        async move { client.exchange_access_key(&cleartext, &exchange()).await }
    };

    let unknown = assert_wire_error(
        ex(tenantkit_wire::Secret::new("tk_Kunknown_nope")).await,
        401,
        "E061102",
    );
    assert_eq!(unknown.error_message, "Invalid access key");

    let inactive = admin.create_access_key(&request("inactive")).await.unwrap();
    admin
        .change_access_key(KeyOp::Deactivate, &inactive.key.id)
        .await
        .unwrap();
    let refused = assert_wire_error(ex(inactive.cleartext.clone()).await, 401, "E061102");
    assert!(refused.error_message.contains("inactive"));

    let expiring = admin
        .create_access_key(&CreateAccessKeyRequest {
            expire_time: app.clock_now() + 60,
            ..request("expiring")
        })
        .await
        .unwrap();
    ex(expiring.cleartext.clone()).await.unwrap();
    app.clock.advance(61);
    let refused = assert_wire_error(ex(expiring.cleartext.clone()).await, 401, "E061102");
    assert!(refused.error_message.contains("expired"));
    // An expired key cannot be activated again.
    assert_wire_error(
        admin
            .change_access_key(KeyOp::Activate, &expiring.key.id)
            .await,
        409,
        "E011004",
    );

    let deleted = admin.create_access_key(&request("deleted")).await.unwrap();
    ex(deleted.cleartext.clone()).await.unwrap();
    admin
        .change_access_key(KeyOp::Delete, &deleted.key.id)
        .await
        .unwrap();
    assert_wire_error(ex(deleted.cleartext.clone()).await, 401, "E061102");
    assert_wire_error(admin.load_access_key(&deleted.key.id).await, 404, "E011404");

    let elsewhere = admin
        .create_access_key(&CreateAccessKeyRequest {
            permitted_ips: vec!["10.0.0.0/8".to_owned(), "2001:db8::/32".to_owned()],
            ..request("office only")
        })
        .await
        .unwrap();
    let refused = assert_wire_error(ex(elsewhere.cleartext.clone()).await, 403, "E061103");
    assert!(refused.error_message.contains("127.0.0.1"));
    let loopback = admin
        .create_access_key(&CreateAccessKeyRequest {
            permitted_ips: vec!["127.0.0.0/8".to_owned()],
            ..request("loopback")
        })
        .await
        .unwrap();
    ex(loopback.cleartext.clone()).await.unwrap();

    // A key bound to a user stops working when the user is disabled.
    let user = app
        .add_user(new_user("bot@acme.test", "Bot", &[(seed::ACME, &[])]), None)
        .await;
    let bound = admin
        .create_access_key(&CreateAccessKeyRequest {
            user_id: user.as_str().to_owned(),
            ..request("bound")
        })
        .await
        .unwrap();
    assert_eq!(bound.key.bound_user_id, user.as_str());
    ex(bound.cleartext.clone()).await.unwrap();
    app.set_status(&user, UserStatus::Disabled).await;
    assert_wire_error(ex(bound.cleartext.clone()).await, 401, "E061102");

    assert_eq!(
        refused_reasons(&app).await,
        [
            "unknown",
            "inactive",
            "expired",
            "unknown",
            "address",
            "bound user"
        ]
    );
    // Bad requests are refused before anything is stored.
    for bad in [
        CreateAccessKeyRequest {
            permitted_ips: vec!["10.0.0.1/8".to_owned()],
            ..request("bad range")
        },
        CreateAccessKeyRequest {
            expire_time: 1,
            ..request("past")
        },
        request(""),
    ] {
        assert_wire_error(admin.create_access_key(&bad).await, 400, "E011003");
    }
    assert_wire_error(
        admin
            .create_access_key(&CreateAccessKeyRequest {
                user_id: "Unobody".to_owned(),
                ..request("nobody")
            })
            .await,
        404,
        "E062108",
    );
}

async fn permitted_addresses_follow_trusted_proxies_only(backend: Backend) {
    let exchange_from = |app: &TestApp, cleartext: &tenantkit_wire::Secret, forwarded: &str| {
        app.http(reqwest::Method::POST, "/v1/auth/accesskey/exchange")
            .header(
                "Authorization",
                format!("Bearer {}:{}", app.project_id, cleartext.expose()),
            )
            .header("X-Forwarded-For", forwarded)
            .json(&serde_json::json!({}))
            .send()
    };
    let key_for = |app: &TestApp| {
        let admin = app.management();
        async move {
            admin
                .create_access_key(&CreateAccessKeyRequest {
                    permitted_ips: vec!["203.0.113.0/24".to_owned()],
                    ..request("partner")
                })
                .await
                .unwrap()
        }
    };
    // Behind a trusted proxy (the test client connects from 127.0.0.1), its header counts.
    let proxied = TestApp::builder(backend)
        .with_settings(|settings| settings.trusted_proxies = vec!["127.0.0.1".parse().unwrap()])
        .start()
        .await;
    let key = key_for(&proxied).await;
    let ok = exchange_from(&proxied, &key.cleartext, "203.0.113.9")
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let used = proxied
        .management()
        .load_access_key(&key.key.id)
        .await
        .unwrap()
        .key;
    assert_eq!(used.last_used_address, "203.0.113.9");
    let outside = exchange_from(&proxied, &key.cleartext, "198.51.100.1")
        .await
        .unwrap();
    assert_eq!(outside.status(), 403);

    // Without a trusted proxy, anyone could send the header: it is ignored.
    let direct = TestApp::builder(backend).start().await;
    let key = key_for(&direct).await;
    let spoofed = exchange_from(&direct, &key.cleartext, "203.0.113.9")
        .await
        .unwrap();
    assert_eq!(spoofed.status(), 403);
}

async fn rotation_replaces_the_secret(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, _) = app.acme_admin().await;
    let created = acme.create_access_key(&request("ci")).await.unwrap();
    let rotated = acme.rotate_access_key(&created.key.id).await.unwrap();
    assert_ne!(rotated.cleartext, created.cleartext);
    assert_eq!(rotated.key.id, created.key.id);
    let ex = |cleartext: tenantkit_wire::Secret| {
        let client = app.anonymous();
        async move { client.exchange_access_key(&cleartext, &exchange()).await }
    };
    assert_wire_error(ex(created.cleartext).await, 401, "E061102");
    ex(rotated.cleartext).await.unwrap();
    assert_wire_error(acme.rotate_access_key("Knope").await, 404, "E011404");
}

async fn a_tenant_admin_manages_only_their_tenants_keys(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let globex_key = app
        .management()
        .create_access_key(&CreateAccessKeyRequest {
            key_tenants: vec![KeyTenant {
                tenant_id: TenantId::new(seed::GLOBEX),
                ..KeyTenant::default()
            }],
            ..request("globex key")
        })
        .await
        .unwrap();
    let (acme, _) = app.acme_admin().await;
    let created = acme
        .create_access_key(&CreateAccessKeyRequest {
            role_names: vec![seed::ACME_SUPPORT_ROLE.to_owned()],
            ..request("acme key")
        })
        .await
        .unwrap();
    assert_eq!(
        created.key.role_names,
        [seed::ACME_SUPPORT_ROLE],
        "roles in acme"
    );
    assert_eq!(created.key.editable, Some(true));
    let claims = claims_of(
        &app.anonymous()
            .exchange_access_key(&created.cleartext, &exchange())
            .await
            .unwrap()
            .session_jwt,
    );
    assert_eq!(claims.tenants.keys().collect::<Vec<_>>(), [seed::ACME]);

    let listed = acme
        .search_access_keys(&AccessKeySearchRequest::default())
        .await
        .unwrap();
    assert_eq!(listed.total, 1);
    assert_eq!(listed.keys[0].id, created.key.id);
    assert_eq!(
        listed.keys[0].created_by_external_ids,
        [seed::ACME_ADMIN],
        "the list names the admin who created the key"
    );
    assert_eq!(
        created.key.created_by_external_ids,
        [seed::ACME_ADMIN],
        "so does the create answer"
    );
    assert_wire_error(
        acme.load_access_key(&globex_key.key.id).await,
        404,
        "E011404",
    );
    for op in [KeyOp::Deactivate, KeyOp::Delete] {
        assert_wire_error(
            acme.change_access_key(op, &globex_key.key.id).await,
            404,
            "E011404",
        );
    }
    assert_wire_error(
        acme.rotate_access_key(&globex_key.key.id).await,
        404,
        "E011404",
    );
    assert_wire_error(
        acme.create_access_key(&CreateAccessKeyRequest {
            key_tenants: vec![KeyTenant {
                tenant_id: TenantId::new(seed::GLOBEX),
                ..KeyTenant::default()
            }],
            ..request("sneaky")
        })
        .await,
        403,
        "E061103",
    );
    assert_wire_error(
        acme.create_access_key(&CreateAccessKeyRequest {
            role_names: vec![seed::GLOBEX_AUDITOR_ROLE.to_owned()],
            ..request("wrong role")
        })
        .await,
        400,
        "E011004",
    );
    // A bound user must be a member of acme.
    let globex_user = app
        .add_user(new_user("g@globex.test", "G", &[(seed::GLOBEX, &[])]), None)
        .await;
    assert_wire_error(
        acme.create_access_key(&CreateAccessKeyRequest {
            user_id: globex_user.as_str().to_owned(),
            ..request("bound elsewhere")
        })
        .await,
        404,
        "E062108",
    );
    let untouched = app
        .management()
        .load_access_key(&globex_key.key.id)
        .await
        .unwrap()
        .key;
    assert_eq!(untouched, globex_key.key);
}

async fn search_update_and_batch_changes(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, _) = app.acme_admin().await;
    let mut ids = Vec::new();
    for name in ["alpha", "bravo", "charlie"] {
        app.clock.advance(1);
        ids.push(acme.create_access_key(&request(name)).await.unwrap().key.id);
    }
    let page = acme
        .search_access_keys(&AccessKeySearchRequest {
            sort: vec![SortField {
                field: "name".to_owned(),
                desc: true,
            }],
            limit: 2,
            ..AccessKeySearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 3);
    let names: Vec<&str> = page.keys.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names, ["charlie", "bravo"]);
    let by_text = acme
        .search_access_keys(&AccessKeySearchRequest {
            text: "RAV".to_owned(),
            ..AccessKeySearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(by_text.keys.len(), 1);
    // Later pages without a text, in each order: the page's keys are found by their ids first.
    // A text's total comes with its page, and from a count past the last match; `%` and `_`
    // are only themselves.
    let up = Some(("name", false));
    for (text, sort, page, names, total) in [
        ("", Some(("name", true)), 1, &["alpha"][..], 3),
        ("", up, 1, &["charlie"][..], 3),
        ("", None, 0, &["charlie", "bravo"][..], 3),
        ("", None, 1, &["alpha"][..], 3),
        ("", None, 2, &[][..], 3),
        ("A", up, 0, &["alpha", "bravo"][..], 3),
        ("A", up, 1, &["charlie"][..], 3),
        ("A", up, 2, &[][..], 3),
        ("no such key", up, 0, &[][..], 0),
        ("%", up, 0, &[][..], 0),
        ("_", up, 1, &[][..], 0),
    ] {
        let found = acme
            .search_access_keys(&AccessKeySearchRequest {
                text: text.to_owned(),
                sort: sort
                    .map(|(field, desc): (&str, bool)| SortField {
                        field: field.to_owned(),
                        desc,
                    })
                    .into_iter()
                    .collect(),
                limit: 2,
                page,
                ..AccessKeySearchRequest::default()
            })
            .await
            .unwrap();
        let found_names: Vec<&str> = found.keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(
            (found_names.as_slice(), found.total),
            (names, total),
            "text {text:?}, sort {sort:?}, page {page}"
        );
    }
    let by_id = acme
        .search_access_keys(&AccessKeySearchRequest {
            text: ids[2].clone(),
            ..AccessKeySearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(by_id.keys[0].name, "charlie", "a leaked key's id finds it");

    let updated = acme
        .update_access_key(&UpdateAccessKeyRequest {
            id: ids[0].clone(),
            name: "alpha 2".to_owned(),
            description: Some("renamed".to_owned()),
            role_names: Some(vec![seed::ACME_SUPPORT_ROLE.to_owned()]),
            permitted_ips: Some(vec!["192.0.2.0/24".to_owned()]),
        })
        .await
        .unwrap()
        .key;
    assert_eq!(updated.name, "alpha 2");
    assert_eq!(updated.role_names, [seed::ACME_SUPPORT_ROLE]);
    assert_eq!(updated.permitted_ips, ["192.0.2.0/24"]);
    assert_wire_error(
        acme.update_access_key(&UpdateAccessKeyRequest {
            id: ids[0].clone(),
            name: "alpha 3".to_owned(),
            permitted_ips: Some(vec!["nope".to_owned()]),
            ..UpdateAccessKeyRequest::default()
        })
        .await,
        400,
        "E011003",
    );

    acme.change_access_keys(KeyOp::Deactivate, &ids)
        .await
        .unwrap();
    let inactive = acme
        .search_access_keys(&AccessKeySearchRequest {
            statuses: vec![KeyStatus::Inactive],
            ..AccessKeySearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(inactive.total, 3);
    acme.change_access_keys(KeyOp::Activate, &ids[..1])
        .await
        .unwrap();
    // All or nothing: an unknown id stops the whole batch.
    let result = acme
        .change_access_keys(KeyOp::Delete, &[ids[1].clone(), "Kunknown".to_owned()])
        .await;
    assert!(matches!(result, Err(ApiError::Http { status: 404, .. })));
    assert_eq!(
        acme.search_access_keys(&AccessKeySearchRequest::default())
            .await
            .unwrap()
            .total,
        3
    );
    acme.change_access_keys(KeyOp::Delete, &ids[1..])
        .await
        .unwrap();
    let left = acme
        .search_access_keys(&AccessKeySearchRequest::default())
        .await
        .unwrap();
    assert_eq!(left.total, 1);
    assert_eq!(left.keys[0].status, KeyStatus::Active);
    assert_wire_error(
        acme.change_access_keys(KeyOp::Delete, &[]).await,
        400,
        "E011002",
    );

    let actions: Vec<String> = app
        .audit()
        .await
        .into_iter()
        .map(|event| event.0)
        .filter(|action| action.starts_with("AccessKey"))
        .collect();
    for expected in [
        "AccessKeyCreated",
        "AccessKeyModified",
        "AccessKeyDeactivated",
        "AccessKeyActivated",
        "AccessKeyDeleted",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} in {actions:?}"
        );
    }
}

async fn role_changes_count_and_reach_access_keys(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, _) = app.acme_admin().await;
    acme.create_role(&tenantkit_wire::role::CreateRoleRequest {
        name: "Exporter".to_owned(),
        permission_names: vec!["Reports View".to_owned()],
        ..Default::default()
    })
    .await
    .unwrap();
    let key = acme
        .create_access_key(&CreateAccessKeyRequest {
            role_names: vec!["Exporter".to_owned()],
            ..request("exports")
        })
        .await
        .unwrap();
    let impact = acme
        .role_impact(&RoleImpactRequest {
            name: "Exporter".to_owned(),
            delete: true,
            ..RoleImpactRequest::default()
        })
        .await
        .unwrap();
    assert_eq!((impact.users, impact.access_keys), (0, 1));
    // Taking the permission away from a role a key holds needs confirmation too.
    let narrower = UpdateRoleRequest {
        name: "Exporter".to_owned(),
        new_name: "Data Exporter".to_owned(),
        ..UpdateRoleRequest::default()
    };
    assert_wire_error(acme.update_role(&narrower).await, 409, "E011004");
    acme.update_role(&UpdateRoleRequest {
        force: true,
        ..narrower
    })
    .await
    .unwrap();
    let renamed = acme.load_access_key(&key.key.id).await.unwrap().key;
    assert_eq!(
        renamed.role_names,
        ["Data Exporter"],
        "the rename reached the key"
    );
}
