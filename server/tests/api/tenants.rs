//! Tenants, tenant custom attributes, self-provisioning and the audit trail over HTTP, on both
//! databases.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, create_in, new_user};
use tenantkit_server::seed;
use tenantkit_wire::access_key::{AccessKeySearchRequest, CreateAccessKeyRequest, KeyTenant};
use tenantkit_wire::policy::TimeUnit;
use tenantkit_wire::role::{CreateRoleRequest, RoleSearchRequest};
use tenantkit_wire::tenant::{
    AuditEventRequest, AuditSearchRequest, DeleteTenantRequest, TenantRequest, TenantSearchRequest,
    TenantSettings,
};
use tenantkit_wire::user_ops::{
    CreateCustomAttributesRequest, CreateUserRequest, CustomAttribute,
    DeleteCustomAttributesRequest, LoginIdRequest, PatchUserRequest, UserRef, attribute_type,
};
use tenantkit_wire::{LoginId, TenantId};

backend_tests!(
    tenants_are_created_loaded_searched_and_updated,
    tenant_attributes_are_defined_and_enforced,
    deleting_a_tenant_with_and_without_cascade,
    users_join_by_their_email_domain,
    the_audit_trail_is_searchable_and_confined,
    the_products_changes_to_a_member_are_in_its_tenants_log,
);

fn tenant(id: &str, name: &str, domains: &[&str]) -> TenantRequest {
    TenantRequest {
        id: id.to_owned(),
        name: name.to_owned(),
        self_provisioning_domains: domains.iter().map(|d| (*d).to_owned()).collect(),
        ..TenantRequest::default()
    }
}

async fn tenants_are_created_loaded_searched_and_updated(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.management();
    let with_id = admin
        .create_tenant(&tenant("initech", "Initech", &["Initech.test"]))
        .await
        .unwrap();
    assert_eq!(with_id.id.as_str(), "initech");
    let generated = admin
        .create_tenant(&tenant("", "Umbrella", &[]))
        .await
        .unwrap();
    assert!(generated.id.as_str().starts_with('T') && generated.id.as_str().len() == 28);

    let loaded = admin.load_tenant("initech").await.unwrap();
    assert_eq!(loaded.name, "Initech");
    assert_eq!(
        loaded.self_provisioning_domains,
        ["initech.test"],
        "stored lower case"
    );
    assert!(loaded.created_time > 0);
    assert_eq!(loaded.auth_type, "none");

    // Names are unique in the project, domains across tenants.
    assert_wire_error(
        admin.create_tenant(&tenant("", "Initech", &[])).await,
        409,
        "E011004",
    );
    let taken = assert_wire_error(
        admin
            .create_tenant(&tenant("", "Initrode", &["INITECH.test"]))
            .await,
        409,
        "E011004",
    );
    assert!(taken.error_message.contains("initech.test"), "{taken:?}");
    assert_wire_error(admin.load_tenant("Initrode").await, 404, "E011404");
    assert_wire_error(
        admin.create_tenant(&tenant("bad id", "X", &[])).await,
        400,
        "E011003",
    );
    assert_wire_error(
        admin.create_tenant(&tenant("", "Y", &["nodot"])).await,
        400,
        "E011003",
    );

    let all = admin.tenants().await.unwrap().tenants;
    let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [seed::ACME_NAME, seed::GLOBEX_NAME, "Initech", "Umbrella"]
    );
    let by_domain = admin
        .search_tenants(&TenantSearchRequest {
            tenant_self_provisioning_domains: vec!["initech.test".to_owned()],
            ..TenantSearchRequest::default()
        })
        .await
        .unwrap()
        .tenants;
    assert_eq!(by_domain.len(), 1);
    let by_name = admin
        .search_tenants(&TenantSearchRequest {
            tenant_names: vec!["Umbrella".to_owned(), seed::ACME_NAME.to_owned()],
            ..TenantSearchRequest::default()
        })
        .await
        .unwrap()
        .tenants;
    assert_eq!(by_name.len(), 2);

    // Update overrides every field: the domains not given are gone.
    admin
        .update_tenant(&TenantRequest {
            enforce_sso: true,
            ..tenant("initech", "Initech Corp", &[])
        })
        .await
        .unwrap();
    let updated = admin.load_tenant("initech").await.unwrap();
    assert_eq!(updated.name, "Initech Corp");
    assert!(updated.self_provisioning_domains.is_empty());
    assert!(updated.enforce_sso);
    assert_wire_error(
        admin.update_tenant(&tenant("nowhere", "N", &[])).await,
        404,
        "E011404",
    );
    assert_wire_error(
        admin.update_tenant(&tenant("", "N", &[])).await,
        400,
        "E011002",
    );

    let settings = TenantSettings {
        tenant_id: "initech".to_owned(),
        enabled: true,
        session_token_expiration: 30,
        refresh_token_expiration: 7,
        refresh_token_expiration_unit: TimeUnit::Days,
        ..TenantSettings::default()
    };
    admin.set_tenant_settings(&settings).await.unwrap();
    let read = admin.tenant_settings("initech").await.unwrap();
    assert_eq!(read.session_token_expiration, 30);
    assert_eq!(read.refresh_token_expiration_unit, TimeUnit::Days);

    // Tenant admins do not manage tenants.
    let (acme, _) = app.acme_admin().await;
    assert_wire_error(acme.tenants().await, 403, "E061103");
    assert_wire_error(
        acme.create_tenant(&tenant("", "Mine", &[])).await,
        403,
        "E061103",
    );
}

async fn tenant_attributes_are_defined_and_enforced(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.management();
    admin
        .create_tenant_attributes(&CreateCustomAttributesRequest {
            attributes: vec![CustomAttribute {
                name: "tier".to_owned(),
                kind: attribute_type::SINGLE_SELECT,
                options: vec!["gold".to_owned(), "silver".to_owned()],
                display_name: "Tier".to_owned(),
                editable: true,
            }],
        })
        .await
        .unwrap();
    assert_eq!(admin.tenant_attributes().await.unwrap().data.len(), 1);
    let with = |name: &str, value: serde_json::Value| {
        let mut request = tenant("", name, &[]);
        request.custom_attributes.insert("tier".to_owned(), value);
        request
    };
    let created = admin
        .create_tenant(&with("Gold Co", "gold".into()))
        .await
        .unwrap();
    let refused = assert_wire_error(
        admin
            .create_tenant(&with("Bronze Co", "bronze".into()))
            .await,
        400,
        "E011003",
    );
    assert!(refused.error_message.contains("gold, silver"));
    let mut unknown = tenant("", "Unknown Co", &[]);
    unknown
        .custom_attributes
        .insert("colour".to_owned(), "red".into());
    assert_wire_error(admin.create_tenant(&unknown).await, 400, "E011003");
    let found = admin
        .search_tenants(&TenantSearchRequest {
            custom_attributes: serde_json::json!({"tier": "gold"})
                .as_object()
                .unwrap()
                .clone(),
            ..TenantSearchRequest::default()
        })
        .await
        .unwrap()
        .tenants;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, created.id);
    admin
        .delete_tenant_attributes(&DeleteCustomAttributesRequest {
            names: vec!["tier".to_owned()],
        })
        .await
        .unwrap();
    assert!(admin.tenant_attributes().await.unwrap().data.is_empty());
}

async fn deleting_a_tenant_with_and_without_cascade(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.management();
    for id in ["one", "two"] {
        admin.create_tenant(&tenant(id, id, &[])).await.unwrap();
        admin
            .create_role(&CreateRoleRequest {
                name: format!("{id} role"),
                tenant_id: TenantId::new(id),
                ..CreateRoleRequest::default()
            })
            .await
            .unwrap();
        admin
            .create_access_key(&CreateAccessKeyRequest {
                name: format!("{id} key"),
                key_tenants: vec![KeyTenant {
                    tenant_id: TenantId::new(id),
                    ..KeyTenant::default()
                }],
                ..CreateAccessKeyRequest::default()
            })
            .await
            .unwrap();
        app.add_user(new_user(&format!("only@{id}.test"), id, &[(id, &[])]), None)
            .await;
    }
    app.add_user(
        new_user(
            "both@x.test",
            "Both",
            &[("one", &["one role"]), ("two", &[])],
        ),
        None,
    )
    .await;

    // Without cascade the users stay (outside the tenant); roles and keys go.
    let answer = admin
        .delete_tenant(&DeleteTenantRequest {
            id: "one".to_owned(),
            cascade: false,
        })
        .await
        .unwrap();
    assert_eq!(answer["usersDeleted"], 0);
    assert!(app.user("only@one.test").await.user_tenants.is_empty());
    let both = app.user("both@x.test").await;
    assert_eq!(both.user_tenants.len(), 1);
    assert_eq!(both.user_tenants[0].tenant_id.as_str(), "two");
    let roles = admin
        .search_roles(&RoleSearchRequest::default())
        .await
        .unwrap();
    assert!(!roles.roles.iter().any(|r| r.name == "one role"));
    let keys = admin
        .search_access_keys(&AccessKeySearchRequest::default())
        .await
        .unwrap();
    assert!(!keys.keys.iter().any(|k| k.name == "one key"));

    // With cascade the users of no other tenant go too.
    let answer = admin
        .delete_tenant(&DeleteTenantRequest {
            id: "two".to_owned(),
            cascade: true,
        })
        .await
        .unwrap();
    assert_eq!(
        answer["usersDeleted"], 2,
        "only@two.test and both@x.test (now only in two)"
    );
    assert_wire_error(
        admin.load_user(&LoginId::new("only@two.test")).await,
        404,
        "E062108",
    );
    app.user("only@one.test").await;
    assert_wire_error(
        admin
            .delete_tenant(&DeleteTenantRequest {
                id: "two".to_owned(),
                cascade: true,
            })
            .await,
        404,
        "E011404",
    );
    // The demo tenants are untouched.
    assert_eq!(admin.tenants().await.unwrap().tenants.len(), 2);
}

async fn users_join_by_their_email_domain(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.management();
    admin
        .create_tenant(&tenant("hooli", "Hooli", &["hooli.test"]))
        .await
        .unwrap();
    let created = admin
        .create_user(&CreateUserRequest {
            login_id: LoginId::new("gavin@HOOLI.test"),
            email: "gavin@HOOLI.test".to_owned(),
            ..CreateUserRequest::default()
        })
        .await
        .unwrap()
        .user;
    let tenants: Vec<&str> = created
        .user_tenants
        .iter()
        .map(|t| t.tenant_id.as_str())
        .collect();
    assert_eq!(
        tenants,
        ["hooli"],
        "made with the management key: joins by domain"
    );

    // A tenant admin's new user joins the admin's tenant only.
    let (acme, _) = app.acme_admin().await;
    acme.create_user(&CreateUserRequest {
        login_id: LoginId::new("richard@hooli.test"),
        email: "richard@hooli.test".to_owned(),
        ..CreateUserRequest::default()
    })
    .await
    .unwrap();
    let richard = app.user("richard@hooli.test").await;
    assert_eq!(richard.user_tenants.len(), 1);
    assert_eq!(richard.user_tenants[0].tenant_id.as_str(), seed::ACME);

    // At sign-in, a verified email joins; an unverified one does not.
    app.add_user(
        new_user("big@hooli.test", "Big Head", &[]),
        Some("big-password"),
    )
    .await;
    app.sign_in("big@hooli.test", "big-password").await.unwrap();
    assert!(app.user("big@hooli.test").await.user_tenants.is_empty());
    admin
        .patch_user(&PatchUserRequest {
            login_id: LoginId::new("big@hooli.test"),
            verified_email: Some(true),
            ..PatchUserRequest::default()
        })
        .await
        .unwrap();
    app.sign_in("big@hooli.test", "big-password").await.unwrap();
    let big = app.user("big@hooli.test").await;
    assert_eq!(big.user_tenants[0].tenant_id.as_str(), "hooli");
    assert!(big.user_tenants[0].role_names.is_empty());
    assert!(
        app.audit()
            .await
            .iter()
            .any(|e| e.0 == "UserSelfProvisioned")
    );
}

async fn the_audit_trail_is_searchable_and_confined(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, signed_in) = app.acme_admin().await;
    let (globex, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    acme.create_user(&CreateUserRequest {
        login_id: LoginId::new("a1@acme.test"),
        ..CreateUserRequest::default()
    })
    .await
    .unwrap();
    app.clock.advance(10);
    let middle = app.clock_now() * 1000;
    globex
        .create_user(&CreateUserRequest {
            login_id: LoginId::new("g1@globex.test"),
            ..CreateUserRequest::default()
        })
        .await
        .unwrap();
    app.clock.advance(10);
    acme.create_user(&CreateUserRequest {
        login_id: LoginId::new("a2@acme.test"),
        ..CreateUserRequest::default()
    })
    .await
    .unwrap();

    let mine = acme
        .search_audit(&AuditSearchRequest {
            tenants: vec![seed::GLOBEX.to_owned()],
            ..AuditSearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(
        mine.total, 2,
        "acme's own events only, whatever the request says"
    );
    assert!(mine.audits.iter().all(|a| a.tenants == [seed::ACME]));
    let occurred: Vec<i64> = mine
        .audits
        .iter()
        .map(|a| a.occurred.parse().unwrap())
        .collect();
    assert!(occurred[0] > occurred[1], "newest first");
    assert_eq!(mine.audits[0].actor_id, signed_in.user.user_id.as_str());
    assert_eq!(mine.audits[0].kind, "info");
    assert_eq!(mine.audits[0].data["loginId"], "a2@acme.test");
    assert_eq!(
        (
            mine.audits[0].external_ids.as_slice(),
            mine.audits[0].actor_external_ids.as_slice()
        ),
        (
            ["a2@acme.test".to_owned()].as_slice(),
            [seed::ACME_ADMIN.to_owned()].as_slice()
        ),
        "records name the user and the actor by login id"
    );
    let by_actor_login = acme
        .search_audit(&AuditSearchRequest {
            text: seed::ACME_ADMIN.to_uppercase(),
            ..AuditSearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(
        by_actor_login.total, 2,
        "text matches the actor's login id (no record's data holds it)"
    );

    let admin = app.management();
    let all = admin
        .search_audit(&AuditSearchRequest::default())
        .await
        .unwrap();
    assert_eq!(all.total, 3);
    let later = admin
        .search_audit(&AuditSearchRequest {
            from: Some(middle),
            ..AuditSearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(later.total, 2);
    let by_text = admin
        .search_audit(&AuditSearchRequest {
            text: "G1@GLOBEX".to_owned(),
            ..AuditSearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(by_text.total, 1);
    let paged = admin
        .search_audit(&AuditSearchRequest {
            size: Some(2),
            page: 1,
            actions: vec!["UserCreated".to_owned()],
            ..AuditSearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!((paged.total, paged.audits.len()), (3, 1));

    admin
        .create_audit_event(&AuditEventRequest {
            action: "ReportExported".to_owned(),
            kind: "warn".to_owned(),
            actor_id: "billing-service".to_owned(),
            tenant_id: seed::ACME.to_owned(),
            data: serde_json::json!({"rows": 12}),
            ..AuditEventRequest::default()
        })
        .await
        .unwrap();
    let exported = acme
        .search_audit(&AuditSearchRequest {
            actions: vec!["ReportExported".to_owned()],
            ..AuditSearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(exported.audits[0].actor_id, "billing-service");
    assert_eq!(exported.audits[0].kind, "warn");
    assert_wire_error(
        admin
            .create_audit_event(&AuditEventRequest::default())
            .await,
        400,
        "E011002",
    );
    assert_wire_error(
        acme.create_audit_event(&AuditEventRequest {
            action: "Forged".to_owned(),
            actor_id: "x".to_owned(),
            tenant_id: seed::GLOBEX.to_owned(),
            ..AuditEventRequest::default()
        })
        .await,
        403,
        "E061103",
    );
    // Retention removes what is older than the cut-off.
    let pruned = app.db().prune_audit(middle).await.unwrap();
    assert_eq!(pruned, 1);
}

/// A user the product (a management key) creates, changes or deletes in one tenant is in that
/// tenant's audit log, so its admins see what was done to their members; a user of several
/// tenants is recorded project-wide, in no tenant's log.
async fn the_products_changes_to_a_member_are_in_its_tenants_log(backend: Backend) {
    let (_mail, app) = TestApp::seeded_with_mail(backend).await;
    let (acme, _) = app.acme_admin().await;
    let (globex, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    let admin = app.management();
    admin
        .create_user(&create_in("product-made@acme.test", &[seed::ACME]))
        .await
        .unwrap();
    app.clock.advance(10);
    admin
        .create_user(&create_in("both@acme.test", &[seed::ACME, seed::GLOBEX]))
        .await
        .unwrap();
    app.clock.advance(10);
    admin
        .patch_user(&PatchUserRequest {
            login_id: LoginId::new("product-made@acme.test"),
            name: Some("Made By The Product".to_owned()),
            ..PatchUserRequest::default()
        })
        .await
        .unwrap();
    app.clock.advance(10);
    admin
        .patch_user(&PatchUserRequest {
            login_id: LoginId::new("both@acme.test"),
            name: Some("Of Both".to_owned()),
            ..PatchUserRequest::default()
        })
        .await
        .unwrap();
    app.clock.advance(10);
    admin
        .delete_user(&UserRef {
            login_id: Some(LoginId::new("product-made@acme.test")),
            ..UserRef::default()
        })
        .await
        .unwrap();

    let log = |events: &tenantkit_wire::tenant::AuditSearchResponse| -> Vec<(String, String)> {
        events
            .audits
            .iter()
            .map(|audit| (audit.action.clone(), audit.tenants.join(",")))
            .collect()
    };
    let in_acme = acme
        .search_audit(&AuditSearchRequest::default())
        .await
        .unwrap();
    assert_eq!(
        log(&in_acme),
        [
            ("UserDeleted".to_owned(), seed::ACME.to_owned()),
            ("UserModified".to_owned(), seed::ACME.to_owned()),
            ("UserCreated".to_owned(), seed::ACME.to_owned()),
        ],
        "the acme-only user's life, newest first; nothing of the user of both tenants"
    );
    assert!(
        in_acme
            .audits
            .iter()
            .all(|audit| audit.actor_id.starts_with("mgmt:")),
        "the product did each"
    );
    let in_globex = globex
        .search_audit(&AuditSearchRequest::default())
        .await
        .unwrap();
    assert_eq!(log(&in_globex), [], "globex sees none of it");
    let project_wide = admin
        .search_audit(&AuditSearchRequest {
            tenants: vec![String::new()],
            ..AuditSearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(
        log(&project_wide),
        [
            ("UserModified".to_owned(), String::new()),
            ("UserCreated".to_owned(), String::new()),
        ],
        "the user of both tenants is recorded project-wide"
    );

    // An invitation the product sends again to a member of acme is in acme's log too.
    admin
        .create_user(&CreateUserRequest {
            email: "invited@acme.test".to_owned(),
            invite: true,
            ..create_in("invited@acme.test", &[seed::ACME])
        })
        .await
        .unwrap();
    admin
        .resend_invite(&LoginIdRequest {
            login_id: LoginId::new("invited@acme.test"),
        })
        .await
        .unwrap();
    let sent = acme
        .search_audit(&AuditSearchRequest {
            actions: vec!["InvitationSent".to_owned()],
            ..AuditSearchRequest::default()
        })
        .await
        .unwrap();
    assert!(!sent.audits.is_empty(), "the invitation is in acme's log");
    assert!(
        sent.audits
            .iter()
            .all(|audit| audit.tenants == [seed::ACME]
                && audit.external_ids == ["invited@acme.test"]),
        "{:?}",
        sent.audits
    );
}
