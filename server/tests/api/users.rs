//! User management over HTTP: every endpoint's happy path and errors, with the management key
//! and in widget mode, on both databases. What each change leaves in the database is read back
//! through the API (or the audit table), never assumed.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, claims_of, new_user};
use tenantkit_client::RoleOp;
use tenantkit_server::seed;
use tenantkit_wire::user_ops::{
    BatchCreateUsersRequest, BatchDeleteUsersRequest, CreateCustomAttributesRequest,
    CreateUserRequest, CustomAttribute, DeleteCustomAttributesRequest, LoginIdRequest,
    PatchUserRequest, SetPasswordRequest, UpdateCustomAttributeRequest, UpdateEmailRequest,
    UpdateLoginIdRequest, UpdateNameRequest, UpdatePhoneRequest, UpdatePictureRequest,
    UpdateStatusRequest, UserRef, UserRolesRequest, UserTenantInput, UserTenantRequest,
    attribute_type,
};
use tenantkit_wire::{
    LoginId, ROLE_TENANT_ADMIN, Secret, SignInRequest, TenantId, UserSearchRequest, UserStatus,
};

backend_tests!(
    management_key_creates_loads_updates_patches_and_deletes,
    create_refuses_bad_input_and_loses_nothing,
    batch_create_reports_each_failure,
    widget_mode_creates_in_the_tenant_only,
    widget_mode_deletes_only_users_of_no_other_tenant,
    disabling_and_logging_out_end_sessions_at_once,
    roles_set_add_remove_in_the_tenant,
    tenant_membership_add_and_remove,
    single_field_updates_validate_their_field,
    passwords_temporary_active_expired_and_replaced,
    authenticators_are_removed,
    custom_attribute_definitions_and_values,
    every_change_writes_an_audit_event,
);

fn login(id: &str) -> LoginId {
    LoginId::new(id)
}

fn by_login(id: &str) -> LoginIdRequest {
    LoginIdRequest {
        login_id: login(id),
    }
}

fn create_request(login_id: &str) -> CreateUserRequest {
    CreateUserRequest {
        login_id: login(login_id),
        email: login_id.to_owned(),
        name: "Grace Hopper".to_owned(),
        ..CreateUserRequest::default()
    }
}

async fn management_key_creates_loads_updates_patches_and_deletes(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.management();
    let created = admin
        .create_user(&CreateUserRequest {
            given_name: "Grace".to_owned(),
            phone: "+14155550123".to_owned(),
            user_tenants: vec![UserTenantInput {
                tenant_id: TenantId::new(seed::ACME),
                role_names: vec![seed::ACME_SUPPORT_ROLE.to_owned()],
            }],
            additional_login_ids: vec![login("grace")],
            ..create_request("grace@acme.test")
        })
        .await
        .unwrap()
        .user;
    assert_eq!(
        created.login_ids,
        [login("grace"), login("grace@acme.test")]
    );
    assert_eq!(created.status, UserStatus::Enabled);
    assert_eq!(created.phone, "+14155550123");
    assert_eq!(created.user_tenants.len(), 1);
    assert_eq!(
        created.user_tenants[0].role_names,
        [seed::ACME_SUPPORT_ROLE]
    );
    assert!(
        created.editable.is_none(),
        "editable is a widget-mode field"
    );

    // Load by login id (any case) and by user id.
    let loaded = admin
        .load_user(&login("GRACE@acme.test"))
        .await
        .unwrap()
        .user;
    assert_eq!(loaded, created);
    let by_id = admin.load_user_by_id(&created.user_id).await.unwrap().user;
    assert_eq!(by_id.user_id, created.user_id);

    // Update replaces the profile: fields not sent are cleared; memberships stay when not given.
    let updated = admin
        .update_user(&CreateUserRequest {
            name: "Grace B. Hopper".to_owned(),
            ..create_request("grace@acme.test")
        })
        .await
        .unwrap()
        .user;
    assert_eq!(updated.name, "Grace B. Hopper");
    assert_eq!(
        updated.given_name, "",
        "update replaces every profile field"
    );
    assert_eq!(updated.phone, "");
    assert_eq!(
        updated.user_tenants[0].role_names,
        [seed::ACME_SUPPORT_ROLE]
    );

    // Patch changes only what it names.
    let patched = admin
        .patch_user(&PatchUserRequest {
            login_id: login("grace@acme.test"),
            given_name: Some("Grace".to_owned()),
            ..PatchUserRequest::default()
        })
        .await
        .unwrap()
        .user;
    assert_eq!(patched.given_name, "Grace");
    assert_eq!(patched.name, "Grace B. Hopper");
    assert_eq!(patched.email, "grace@acme.test");

    admin
        .delete_user(&UserRef {
            login_id: Some(login("grace@acme.test")),
            user_id: None,
        })
        .await
        .unwrap();
    assert_wire_error(
        admin.load_user(&login("grace@acme.test")).await,
        404,
        "E062108",
    );
    assert_wire_error(admin.load_user(&login("grace")).await, 404, "E062108");
    assert_wire_error(
        admin
            .delete_user(&UserRef {
                login_id: Some(login("grace@acme.test")),
                user_id: None,
            })
            .await,
        404,
        "E062108",
    );
    assert_wire_error(admin.delete_user(&UserRef::default()).await, 400, "E011002");
}

async fn create_refuses_bad_input_and_loses_nothing(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.management();
    let before = admin
        .search_users(&UserSearchRequest::default())
        .await
        .unwrap()
        .total;

    let missing = assert_wire_error(admin.create_user(&create_request("")).await, 400, "E011003");
    assert!(missing.error_message.contains("login ID"), "{missing:?}");
    let bad_email = assert_wire_error(
        admin
            .create_user(&CreateUserRequest {
                email: "not-an-email".to_owned(),
                ..create_request("x@acme.test")
            })
            .await,
        400,
        "E011003",
    );
    assert!(bad_email.error_message.contains("email"), "{bad_email:?}");
    assert_wire_error(
        admin.create_user(&create_request(seed::ACME_ADMIN)).await,
        409,
        "E062107",
    );
    // Login ids are unique regardless of case.
    assert_wire_error(
        admin.create_user(&create_request("ADMIN@ACME.TEST")).await,
        409,
        "E062107",
    );
    let unknown_role = assert_wire_error(
        admin
            .create_user(&CreateUserRequest {
                user_tenants: vec![UserTenantInput {
                    tenant_id: TenantId::new(seed::ACME),
                    role_names: vec!["Wizard".to_owned()],
                }],
                ..create_request("y@acme.test")
            })
            .await,
        400,
        "E011004",
    );
    assert!(unknown_role.error_message.contains("Wizard"));
    // Another tenant's role is unknown in acme.
    assert_wire_error(
        admin
            .create_user(&CreateUserRequest {
                user_tenants: vec![UserTenantInput {
                    tenant_id: TenantId::new(seed::ACME),
                    role_names: vec![seed::GLOBEX_AUDITOR_ROLE.to_owned()],
                }],
                ..create_request("z@acme.test")
            })
            .await,
        400,
        "E011004",
    );
    assert_wire_error(
        admin
            .create_user(&CreateUserRequest {
                user_tenants: vec![UserTenantInput {
                    tenant_id: TenantId::new("nowhere"),
                    role_names: Vec::new(),
                }],
                ..create_request("w@acme.test")
            })
            .await,
        400,
        "E011004",
    );
    let malformed = app
        .http(reqwest::Method::POST, "/v1/mgmt/user/create")
        .header(
            "Authorization",
            format!("Bearer {}:{}", app.project_id, app.management_key.expose()),
        )
        .body("{\"loginId\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let body: serde_json::Value = malformed.json().await.unwrap();
    assert_eq!(body["errorCode"], "E011001");

    let after = admin
        .search_users(&UserSearchRequest::default())
        .await
        .unwrap()
        .total;
    assert_eq!(after, before, "no failed create left anything behind");
}

async fn batch_create_reports_each_failure(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let response = app
        .management()
        .create_users(&BatchCreateUsersRequest {
            users: vec![
                create_request("one@acme.test"),
                create_request(seed::ACME_ADMIN),
                CreateUserRequest {
                    email: "bad".to_owned(),
                    ..create_request("three@acme.test")
                },
                create_request("four@acme.test"),
            ],
            invite: false,
        })
        .await
        .unwrap();
    let created: Vec<&str> = response
        .created_users
        .iter()
        .map(|user| user.login_ids[0].as_str())
        .collect();
    assert_eq!(created, ["one@acme.test", "four@acme.test"]);
    assert_eq!(response.failed_users.len(), 2);
    assert_eq!(
        response.failed_users[0].user.login_id,
        login(seed::ACME_ADMIN)
    );
    assert!(response.failed_users[0].failure.contains("exists"));
    assert!(response.failed_users[1].failure.contains("email"));
    assert_wire_error(
        app.management().load_user(&login("three@acme.test")).await,
        404,
        "E062108",
    );
    assert_wire_error(
        app.management()
            .create_users(&BatchCreateUsersRequest::default())
            .await,
        400,
        "E011002",
    );
}

async fn widget_mode_creates_in_the_tenant_only(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, _) = app.acme_admin().await;
    let created = acme
        .create_user(&CreateUserRequest {
            role_names: vec![seed::ACME_SUPPORT_ROLE.to_owned()],
            ..create_request("new@acme.test")
        })
        .await
        .unwrap()
        .user;
    assert_eq!(
        created.role_names,
        [seed::ACME_SUPPORT_ROLE],
        "roles apply to acme"
    );
    assert_eq!(created.editable, Some(true));
    let seen_by_key = app.user("new@acme.test").await;
    assert_eq!(seen_by_key.user_tenants.len(), 1);
    assert_eq!(seen_by_key.user_tenants[0].tenant_id.as_str(), seed::ACME);
    assert_eq!(
        seen_by_key.user_tenants[0].role_names,
        [seed::ACME_SUPPORT_ROLE]
    );
    assert!(seen_by_key.role_names.is_empty(), "no project-level roles");

    // A membership in another tenant is refused, and nothing is created.
    assert_wire_error(
        acme.create_user(&CreateUserRequest {
            user_tenants: vec![UserTenantInput {
                tenant_id: TenantId::new(seed::GLOBEX),
                role_names: Vec::new(),
            }],
            ..create_request("sneaky@acme.test")
        })
        .await,
        403,
        "E061103",
    );
    assert_wire_error(
        app.management().load_user(&login("sneaky@acme.test")).await,
        404,
        "E062108",
    );
    // A globex role is not an acme role.
    assert_wire_error(
        acme.create_user(&CreateUserRequest {
            role_names: vec![seed::GLOBEX_AUDITOR_ROLE.to_owned()],
            ..create_request("auditor@acme.test")
        })
        .await,
        400,
        "E011004",
    );
}

async fn widget_mode_deletes_only_users_of_no_other_tenant(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    app.add_user(
        new_user("only@acme.test", "Only Acme", &[(seed::ACME, &[])]),
        None,
    )
    .await;
    app.add_user(
        new_user(
            "both@partners.test",
            "Both",
            &[(seed::ACME, &[]), (seed::GLOBEX, &[])],
        ),
        None,
    )
    .await;
    let extra = app
        .add_user(
            new_user("extra@acme.test", "Extra", &[(seed::ACME, &[])]),
            None,
        )
        .await;
    let (acme, signed_in) = app.acme_admin().await;

    let shared = assert_wire_error(
        acme.delete_user(&UserRef {
            login_id: Some(login("both@partners.test")),
            user_id: None,
        })
        .await,
        403,
        "E061103",
    );
    assert!(
        shared
            .error_message
            .contains("remove them from tenant acme"),
        "{shared:?}"
    );
    assert_eq!(app.user("both@partners.test").await.user_tenants.len(), 2);
    assert_wire_error(
        acme.delete_user(&UserRef {
            login_id: None,
            user_id: Some(signed_in.user.user_id.clone()),
        })
        .await,
        403,
        "E061103",
    );

    // A batch with one refused user deletes nobody.
    let shared_id = app.user("both@partners.test").await.user_id;
    assert_wire_error(
        acme.delete_users(&BatchDeleteUsersRequest {
            user_ids: vec![extra.clone(), shared_id],
        })
        .await,
        403,
        "E061103",
    );
    app.user("extra@acme.test").await;

    acme.delete_user(&UserRef {
        login_id: Some(login("only@acme.test")),
        user_id: None,
    })
    .await
    .unwrap();
    acme.delete_users(&BatchDeleteUsersRequest {
        user_ids: vec![extra],
    })
    .await
    .unwrap();
    for gone in ["only@acme.test", "extra@acme.test"] {
        assert_wire_error(
            app.management().load_user(&login(gone)).await,
            404,
            "E062108",
        );
    }

    // Removing the shared user from acme keeps the account and its globex membership.
    let removed = acme
        .remove_tenant(&UserTenantRequest {
            login_id: login("both@partners.test"),
            tenant_id: TenantId::new(seed::ACME),
        })
        .await
        .unwrap()
        .user;
    assert!(
        removed.user_tenants.is_empty(),
        "acme sees no membership left"
    );
    let both = app.user("both@partners.test").await;
    assert_eq!(both.user_tenants.len(), 1);
    assert_eq!(both.user_tenants[0].tenant_id.as_str(), seed::GLOBEX);
    // Now outside acme: acme's admin cannot find them any more.
    assert_wire_error(
        acme.load_user(&login("both@partners.test")).await,
        404,
        "E062108",
    );
}

async fn disabling_and_logging_out_end_sessions_at_once(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    app.add_user(
        new_user("worker@acme.test", "Worker", &[(seed::ACME, &[])]),
        Some("worker-password"),
    )
    .await;
    let (acme, signed_in) = app.acme_admin().await;
    let worker = app
        .sign_in("worker@acme.test", "worker-password")
        .await
        .unwrap();
    let me = |jwt: &Secret| {
        let client = app.anonymous();
        let jwt = jwt.clone();
        async move { client.me(&jwt).await }
    };
    me(&worker.session_jwt).await.unwrap();

    let disabled = acme
        .update_status(&UpdateStatusRequest {
            login_id: login("worker@acme.test"),
            status: UserStatus::Disabled,
        })
        .await
        .unwrap()
        .user;
    assert_eq!(disabled.status, UserStatus::Disabled);
    assert_wire_error(me(&worker.session_jwt).await, 401, "E061102");
    assert_wire_error(
        app.sign_in("worker@acme.test", "worker-password").await,
        401,
        "E061102",
    );

    acme.update_status(&UpdateStatusRequest {
        login_id: login("worker@acme.test"),
        status: UserStatus::Enabled,
    })
    .await
    .unwrap();
    assert_wire_error(me(&worker.session_jwt).await, 401, "E061102");
    app.clock.advance(2);
    let again = app
        .sign_in("worker@acme.test", "worker-password")
        .await
        .unwrap();
    me(&again.session_jwt).await.unwrap();

    acme.logout_user(&UserRef {
        login_id: Some(login("worker@acme.test")),
        user_id: None,
    })
    .await
    .unwrap();
    assert_wire_error(me(&again.session_jwt).await, 401, "E061102");

    // An admin cannot lock themself out.
    for status in [UserStatus::Disabled] {
        assert_wire_error(
            acme.update_status(&UpdateStatusRequest {
                login_id: login(seed::ACME_ADMIN),
                status,
            })
            .await,
            403,
            "E061103",
        );
    }
    assert_wire_error(
        acme.update_status(&UpdateStatusRequest {
            login_id: login("worker@acme.test"),
            status: UserStatus::Invited,
        })
        .await,
        400,
        "E011004",
    );
    me(&signed_in.session_jwt).await.unwrap();
}

async fn roles_set_add_remove_in_the_tenant(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    app.add_user(
        new_user(
            "r@partners.test",
            "R",
            &[
                (seed::ACME, &[]),
                (seed::GLOBEX, &[seed::GLOBEX_AUDITOR_ROLE]),
            ],
        ),
        None,
    )
    .await;
    let (acme, _) = app.acme_admin().await;
    let roles = |names: &[&str]| UserRolesRequest {
        login_id: login("r@partners.test"),
        tenant_id: TenantId::new(""),
        role_names: names.iter().map(|name| (*name).to_owned()).collect(),
    };
    let added = acme
        .update_roles(
            RoleOp::Add,
            &roles(&[seed::ACME_SUPPORT_ROLE, ROLE_TENANT_ADMIN]),
        )
        .await
        .unwrap()
        .user;
    assert_eq!(
        added.role_names,
        [seed::ACME_SUPPORT_ROLE, ROLE_TENANT_ADMIN]
    );
    let removed = acme
        .update_roles(RoleOp::Remove, &roles(&[ROLE_TENANT_ADMIN]))
        .await
        .unwrap()
        .user;
    assert_eq!(removed.role_names, [seed::ACME_SUPPORT_ROLE]);
    let set = acme
        .update_roles(RoleOp::Set, &roles(&[]))
        .await
        .unwrap()
        .user;
    assert!(set.role_names.is_empty());

    // Globex roles are untouched by all of it.
    let seen = app.user("r@partners.test").await;
    let globex = seen
        .user_tenants
        .iter()
        .find(|t| t.tenant_id.as_str() == seed::GLOBEX)
        .unwrap();
    assert_eq!(globex.role_names, [seed::GLOBEX_AUDITOR_ROLE]);

    let mut elsewhere = roles(&[seed::GLOBEX_AUDITOR_ROLE]);
    elsewhere.tenant_id = TenantId::new(seed::GLOBEX);
    assert_wire_error(
        acme.update_roles(RoleOp::Remove, &elsewhere).await,
        403,
        "E061103",
    );
    assert_wire_error(
        acme.update_roles(RoleOp::Add, &roles(&["Wizard"])).await,
        400,
        "E011004",
    );
    assert_wire_error(
        acme.update_roles(RoleOp::Add, &roles(&[])).await,
        400,
        "E011002",
    );
    // The admin cannot strip their own roles.
    let mut own = roles(&[ROLE_TENANT_ADMIN]);
    own.login_id = login(seed::ACME_ADMIN);
    assert_wire_error(
        acme.update_roles(RoleOp::Remove, &own).await,
        403,
        "E061103",
    );

    // With the management key: project-level roles ("" tenant), and tenant roles that also
    // make the user a member.
    let admin = app.management();
    let project = admin
        .update_roles(RoleOp::Add, &roles(&[ROLE_TENANT_ADMIN]))
        .await
        .unwrap()
        .user;
    assert_eq!(project.role_names, [ROLE_TENANT_ADMIN]);
    app.add_user(new_user("loner@x.test", "Loner", &[]), None)
        .await;
    let mut join = roles(&[seed::ACME_SUPPORT_ROLE]);
    join.login_id = login("loner@x.test");
    join.tenant_id = TenantId::new(seed::ACME);
    let joined = admin.update_roles(RoleOp::Add, &join).await.unwrap().user;
    assert_eq!(joined.user_tenants[0].tenant_id.as_str(), seed::ACME);
    assert_eq!(joined.user_tenants[0].role_names, [seed::ACME_SUPPORT_ROLE]);
}

async fn tenant_membership_add_and_remove(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    app.add_user(
        new_user(
            "m@acme.test",
            "M",
            &[(seed::ACME, &[seed::ACME_SUPPORT_ROLE])],
        ),
        None,
    )
    .await;
    let admin = app.management();
    let membership = |tenant: &str| UserTenantRequest {
        login_id: login("m@acme.test"),
        tenant_id: TenantId::new(tenant),
    };
    let added = admin
        .add_tenant(&membership(seed::GLOBEX))
        .await
        .unwrap()
        .user;
    let tenants: Vec<&str> = added
        .user_tenants
        .iter()
        .map(|t| t.tenant_id.as_str())
        .collect();
    assert_eq!(tenants, [seed::ACME, seed::GLOBEX]);
    let removed = admin
        .remove_tenant(&membership(seed::ACME))
        .await
        .unwrap()
        .user;
    assert_eq!(removed.user_tenants.len(), 1);
    admin.add_tenant(&membership(seed::ACME)).await.unwrap();
    let back = app.user("m@acme.test").await;
    let acme = back
        .user_tenants
        .iter()
        .find(|t| t.tenant_id.as_str() == seed::ACME)
        .unwrap();
    assert!(acme.role_names.is_empty(), "roles left with the membership");

    assert_wire_error(
        admin.add_tenant(&membership("nowhere")).await,
        400,
        "E011004",
    );
    assert_wire_error(admin.add_tenant(&membership("")).await, 400, "E011002");
    let (acme_admin, _) = app.acme_admin().await;
    assert_wire_error(
        acme_admin.add_tenant(&membership(seed::GLOBEX)).await,
        403,
        "E061103",
    );
    assert_wire_error(
        acme_admin.remove_tenant(&membership(seed::GLOBEX)).await,
        403,
        "E061103",
    );
    let mut own = membership(seed::ACME);
    own.login_id = login(seed::ACME_ADMIN);
    assert_wire_error(acme_admin.remove_tenant(&own).await, 403, "E061103");
}

async fn single_field_updates_validate_their_field(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    app.add_user(new_user("f@acme.test", "F", &[(seed::ACME, &[])]), None)
        .await;
    let (acme, _) = app.acme_admin().await;
    let id = || login("f@acme.test");

    let user = acme
        .update_email(&UpdateEmailRequest {
            login_id: id(),
            email: "f.new@acme.test".to_owned(),
            verified: true,
        })
        .await
        .unwrap()
        .user;
    assert_eq!(
        (user.email.as_str(), user.verified_email),
        ("f.new@acme.test", true)
    );
    let user = acme
        .update_phone(&UpdatePhoneRequest {
            login_id: id(),
            phone: "+442071838750".to_owned(),
            verified: false,
        })
        .await
        .unwrap()
        .user;
    assert_eq!(user.phone, "+442071838750");
    let user = acme
        .update_name(&UpdateNameRequest {
            login_id: id(),
            name: "Fay Fox".to_owned(),
            given_name: "Fay".to_owned(),
            middle_name: String::new(),
            family_name: "Fox".to_owned(),
        })
        .await
        .unwrap()
        .user;
    assert_eq!(
        (user.name.as_str(), user.family_name.as_str()),
        ("Fay Fox", "Fox")
    );
    let user = acme
        .update_picture(&UpdatePictureRequest {
            login_id: id(),
            picture: "https://img.test/f.png".to_owned(),
        })
        .await
        .unwrap()
        .user;
    assert_eq!(user.picture, "https://img.test/f.png");
    let user = acme
        .update_login_id(&UpdateLoginIdRequest {
            login_id: id(),
            new_login_id: login("fay@acme.test"),
        })
        .await
        .unwrap()
        .user;
    assert_eq!(user.login_ids, [login("fay@acme.test")]);
    assert_wire_error(acme.load_user(&id()).await, 404, "E062108");

    let fay = || login("fay@acme.test");
    assert_wire_error(
        acme.update_email(&UpdateEmailRequest {
            login_id: fay(),
            email: "nope".to_owned(),
            verified: false,
        })
        .await,
        400,
        "E011003",
    );
    assert_wire_error(
        acme.update_phone(&UpdatePhoneRequest {
            login_id: fay(),
            phone: "12".to_owned(),
            verified: false,
        })
        .await,
        400,
        "E011003",
    );
    assert_wire_error(
        acme.update_picture(&UpdatePictureRequest {
            login_id: fay(),
            picture: "javascript:alert(1)".to_owned(),
        })
        .await,
        400,
        "E011003",
    );
    assert_wire_error(
        acme.update_login_id(&UpdateLoginIdRequest {
            login_id: fay(),
            new_login_id: login(seed::ACME_ADMIN),
        })
        .await,
        409,
        "E062107",
    );
    assert_wire_error(
        acme.update_email(&UpdateEmailRequest {
            login_id: login("nobody@acme.test"),
            email: String::new(),
            verified: false,
        })
        .await,
        404,
        "E062108",
    );
    assert_wire_error(
        acme.update_email(&UpdateEmailRequest::default()).await,
        400,
        "E011002",
    );
    assert_eq!(
        app.user("fay@acme.test").await.email,
        "f.new@acme.test",
        "nothing changed"
    );
}

async fn passwords_temporary_active_expired_and_replaced(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    app.add_user(
        new_user("p@acme.test", "P", &[(seed::ACME, &[])]),
        Some("first-password"),
    )
    .await;
    let (acme, _) = app.acme_admin().await;

    // A generated temporary password is returned once; it must be replaced at sign-in.
    let generated = acme
        .set_temporary_password(&SetPasswordRequest {
            login_id: login("p@acme.test"),
            password: Secret::default(),
        })
        .await
        .unwrap()
        .cleartext
        .expect("the generated password");
    assert_eq!(generated.expose().len(), 16);
    assert_wire_error(
        app.sign_in("p@acme.test", "first-password").await,
        401,
        "E061102",
    );
    let expired = assert_wire_error(
        app.sign_in("p@acme.test", generated.expose()).await,
        401,
        "E061102",
    );
    assert!(expired.error_message.contains("expired"), "{expired:?}");
    let replace = |old: &str, new: &str| {
        let client = app.anonymous();
        let (old, new) = (Secret::new(old), Secret::new(new));
        async move {
            client
                .replace_password(&login("p@acme.test"), &old, &new)
                .await
        }
    };
    assert_wire_error(replace(generated.expose(), "short").await, 400, "E011003");
    assert_wire_error(
        replace("wrong-password", "second-password").await,
        401,
        "E061102",
    );
    let replaced = replace(generated.expose(), "second-password")
        .await
        .unwrap();
    assert_eq!(
        claims_of(&replaced.session_jwt).sub,
        replaced.user.user_id.as_str()
    );
    app.sign_in("p@acme.test", "second-password").await.unwrap();

    // A chosen temporary password is not echoed.
    let chosen = acme
        .set_temporary_password(&SetPasswordRequest {
            login_id: login("p@acme.test"),
            password: Secret::new("chosen-temporary"),
        })
        .await
        .unwrap();
    assert!(chosen.cleartext.is_none());

    acme.set_active_password(&SetPasswordRequest {
        login_id: login("p@acme.test"),
        password: Secret::new("active-password"),
    })
    .await
    .unwrap();
    app.sign_in("p@acme.test", "active-password").await.unwrap();
    assert_wire_error(
        acme.set_active_password(&SetPasswordRequest {
            login_id: login("p@acme.test"),
            password: Secret::new("short"),
        })
        .await,
        400,
        "E011003",
    );

    acme.expire_password(&by_login("p@acme.test"))
        .await
        .unwrap();
    assert_wire_error(
        app.sign_in("p@acme.test", "active-password").await,
        401,
        "E061102",
    );
    // The admin cannot expire their own password.
    assert_wire_error(
        acme.expire_password(&by_login(seed::ACME_ADMIN)).await,
        403,
        "E061103",
    );
    // Sign-in still answers the same for an unknown user.
    let unknown = app
        .anonymous()
        .sign_in(&SignInRequest {
            login_id: login("nobody@acme.test"),
            password: Secret::new("whatever-password"),
            login_options: None,
        })
        .await;
    assert_wire_error(unknown, 401, "E061102");
}

async fn authenticators_are_removed(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let mut user = new_user("a@acme.test", "A", &[(seed::ACME, &[])]);
    user.totp = true;
    user.webauthn = true;
    app.add_user(user, None).await;
    let before = app.user("a@acme.test").await;
    assert!(before.totp && before.webauthn);
    let (acme, _) = app.acme_admin().await;
    acme.remove_passkeys(&by_login("a@acme.test"))
        .await
        .unwrap();
    let after = app.user("a@acme.test").await;
    assert!(after.totp && !after.webauthn);
    acme.remove_totp(&by_login("a@acme.test")).await.unwrap();
    assert!(!app.user("a@acme.test").await.totp);
    assert_wire_error(
        acme.remove_totp(&by_login("x@globex.test")).await,
        404,
        "E062108",
    );
}

async fn custom_attribute_definitions_and_values(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.management();
    let definitions = vec![
        CustomAttribute {
            name: "tier".to_owned(),
            kind: attribute_type::SINGLE_SELECT,
            options: vec!["free".to_owned(), "pro".to_owned()],
            display_name: "Tier".to_owned(),
        },
        CustomAttribute {
            name: "seats".to_owned(),
            kind: attribute_type::NUMERIC,
            options: Vec::new(),
            display_name: "Seats".to_owned(),
        },
    ];
    admin
        .create_custom_attributes(&CreateCustomAttributesRequest {
            attributes: definitions.clone(),
        })
        .await
        .unwrap();
    // The demo data defines `department` and `plan`; ours come in name order around them.
    let names = |data: Vec<CustomAttribute>| data.into_iter().map(|d| d.name).collect::<Vec<_>>();
    assert_eq!(
        names(admin.custom_attributes().await.unwrap().data),
        ["department", "plan", "seats", "tier"]
    );
    assert_wire_error(
        admin
            .create_custom_attributes(&CreateCustomAttributesRequest {
                attributes: definitions[..1].to_vec(),
            })
            .await,
        409,
        "E011004",
    );
    let (acme, _) = app.acme_admin().await;
    assert_eq!(
        acme.custom_attributes().await.unwrap().data.len(),
        4,
        "readable in widget mode"
    );
    assert_wire_error(
        acme.create_custom_attributes(&CreateCustomAttributesRequest {
            attributes: definitions[..1].to_vec(),
        })
        .await,
        403,
        "E061103",
    );
    assert_wire_error(
        admin
            .create_custom_attributes(&CreateCustomAttributesRequest {
                attributes: vec![CustomAttribute {
                    name: "bad name".to_owned(),
                    kind: attribute_type::TEXT,
                    ..CustomAttribute::default()
                }],
            })
            .await,
        400,
        "E011003",
    );

    let mut attributes = serde_json::Map::new();
    attributes.insert("tier".to_owned(), "pro".into());
    let created = acme
        .create_user(&CreateUserRequest {
            custom_attributes: attributes,
            ..create_request("c@acme.test")
        })
        .await
        .unwrap()
        .user;
    assert_eq!(created.custom_attributes["tier"], "pro");
    let updated = acme
        .update_custom_attribute(&UpdateCustomAttributeRequest {
            login_id: login("c@acme.test"),
            attribute_key: "seats".to_owned(),
            attribute_value: 12.into(),
        })
        .await
        .unwrap()
        .user;
    assert_eq!(updated.custom_attributes["seats"], 12);
    assert_eq!(updated.custom_attributes["tier"], "pro", "values merge");
    for (key, value) in [
        ("tier", serde_json::json!("gold")),
        ("seats", "many".into()),
        ("colour", "red".into()),
    ] {
        assert_wire_error(
            acme.update_custom_attribute(&UpdateCustomAttributeRequest {
                login_id: login("c@acme.test"),
                attribute_key: key.to_owned(),
                attribute_value: value,
            })
            .await,
            400,
            "E011003",
        );
    }
    // Search by custom attribute value (JSON equality), confined to the tenant in widget mode.
    let by_attribute = |attributes: serde_json::Value| {
        let acme = acme.clone();
        async move {
            acme.search_users(&tenantkit_wire::UserSearchRequest {
                custom_attributes: attributes.as_object().cloned().unwrap_or_default(),
                ..Default::default()
            })
            .await
            .unwrap()
            .users
            .into_iter()
            .map(|user| user.login_ids[0].as_str().to_owned())
            .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        by_attribute(serde_json::json!({"tier": "pro", "seats": 12})).await,
        ["c@acme.test"]
    );
    assert!(
        by_attribute(serde_json::json!({"seats": 13}))
            .await
            .is_empty()
    );
    admin
        .delete_custom_attributes(&DeleteCustomAttributesRequest {
            names: vec!["seats".to_owned()],
        })
        .await
        .unwrap();
    assert_eq!(
        names(admin.custom_attributes().await.unwrap().data),
        ["department", "plan", "tier"]
    );
}

async fn every_change_writes_an_audit_event(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, signed_in) = app.acme_admin().await;
    let created = acme
        .create_user(&create_request("audit@acme.test"))
        .await
        .unwrap()
        .user;
    acme.patch_user(&PatchUserRequest {
        login_id: login("audit@acme.test"),
        name: Some("Audited".to_owned()),
        ..PatchUserRequest::default()
    })
    .await
    .unwrap();
    app.clock.advance(1);
    acme.update_status(&UpdateStatusRequest {
        login_id: login("audit@acme.test"),
        status: UserStatus::Disabled,
    })
    .await
    .unwrap();
    app.clock.advance(1);
    acme.delete_user(&UserRef {
        login_id: Some(login("audit@acme.test")),
        user_id: None,
    })
    .await
    .unwrap();
    // A refused change writes nothing.
    let _ = acme
        .update_status(&UpdateStatusRequest {
            login_id: login(seed::ACME_ADMIN),
            status: UserStatus::Disabled,
        })
        .await;

    let events = app.audit().await;
    let actions: Vec<&str> = events.iter().map(|event| event.0.as_str()).collect();
    assert_eq!(
        actions,
        ["UserCreated", "UserModified", "UserDisabled", "UserDeleted"]
    );
    for (_, actor, tenant, user, remote) in &events {
        assert_eq!(actor, signed_in.user.user_id.as_str());
        assert_eq!(tenant, seed::ACME);
        assert_eq!(user, created.user_id.as_str());
        assert_eq!(remote, "127.0.0.1");
    }
}
