//! User management over HTTP: every endpoint's happy path and errors, with the management key
//! and in widget mode, on both databases. What each change leaves in the database is read back
//! through the API (or the audit table), never assumed.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, claims_of, new_user};
use serde_json::{Value, json};
use tenantkit_client::{ApiError, Client, Method, RoleOp, Scope};
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
    a_shared_users_account_is_not_one_tenants_to_change,
    tenant_admins_cannot_mark_addresses_verified,
    bad_requests_and_unknown_users_change_nothing,
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
            status: Some(UserStatus::Disabled),
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
        status: Some(UserStatus::Enabled),
    })
    .await
    .unwrap();
    assert_wire_error(me(&worker.session_jwt).await, 401, "E061102");
    // Signing in again works at once, within the same second (the clock has not moved): tokens
    // carry a session epoch, not a time that would tie with the re-enabling.
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
    assert_wire_error(
        app.anonymous()
            .refresh(again.refresh_jwt.as_ref().unwrap())
            .await,
        401,
        "E061102",
    );
    let after_logout = app
        .sign_in("worker@acme.test", "worker-password")
        .await
        .unwrap();
    me(&after_logout.session_jwt).await.unwrap();
    assert_wire_error(me(&again.session_jwt).await, 401, "E061102");

    // An admin cannot lock themself out.
    for status in [UserStatus::Disabled] {
        assert_wire_error(
            acme.update_status(&UpdateStatusRequest {
                login_id: login(seed::ACME_ADMIN),
                status: Some(status),
            })
            .await,
            403,
            "E061103",
        );
    }
    assert_wire_error(
        acme.update_status(&UpdateStatusRequest {
            login_id: login("worker@acme.test"),
            status: Some(UserStatus::Invited),
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
            verified: false,
        })
        .await
        .unwrap()
        .user;
    assert_eq!(
        (user.email.as_str(), user.verified_email),
        ("f.new@acme.test", false)
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
    // Four groups of four letters and digits, joined by `-`.
    assert_eq!(generated.expose().len(), 19);
    assert_eq!(
        generated
            .expose()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .count(),
        16
    );
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
            editable: true,
        },
        CustomAttribute {
            name: "seats".to_owned(),
            kind: attribute_type::NUMERIC,
            options: Vec::new(),
            display_name: "Seats".to_owned(),
            editable: true,
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
        status: Some(UserStatus::Disabled),
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
            status: Some(UserStatus::Disabled),
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

/// A user in acme and globex with everything an admin could take away: a password and a
/// session, authenticators, verified addresses, a custom attribute and roles in both tenants.
async fn add_shared_user(app: &TestApp) -> tenantkit_wire::UserId {
    let mut user = new_user(
        "sam@partners.test",
        "Sam Shared",
        &[
            (seed::ACME, &[seed::ACME_SUPPORT_ROLE]),
            (seed::GLOBEX, &[seed::GLOBEX_AUDITOR_ROLE]),
        ],
    );
    user.phone = "+15555550142".to_owned();
    user.verified_email = true;
    user.verified_phone = true;
    user.totp = true;
    user.webauthn = true;
    user.custom_attributes
        .insert("plan".to_owned(), "enterprise".into());
    app.add_user(user, Some("sam-password")).await
}

/// `(method, path, body)` of a call through `client`, answered as JSON.
async fn send<S: Scope>(
    client: &Client<S>,
    method: Method,
    path: &str,
    body: &Value,
) -> Result<Value, ApiError> {
    match method {
        Method::Get => client.call::<(), Value>(method, path, None).await,
        _ => client.call(method, path, Some(body)).await,
    }
}

/// A call and the refusal it must get: `(method, path, body, status, wire code)`.
type Refused<'a> = (Method, &'a str, Value, u16, &'a str);

/// Sends each call through `client` (as `actor`): one line for each that was not refused as
/// it should be, with an error message containing `reason`.
async fn wrong_answers<S: Scope>(
    actor: &str,
    client: &Client<S>,
    calls: &[Refused<'_>],
    reason: &str,
) -> Vec<String> {
    let mut wrong = Vec::new();
    for (method, path, body, status, code) in calls {
        match send(client, *method, path, body).await {
            Err(ApiError::Http {
                status: actual,
                body: error,
            }) if actual == *status
                && error.error_code == *code
                && !error.error_message.is_empty()
                && error.error_message.contains(reason) => {}
            other => wrong.push(format!(
                "{actor}: {method:?} {path} {body}: expected {status} {code} ({reason:?}), got \
                 {other:?}"
            )),
        }
    }
    wrong
}

async fn a_shared_users_account_is_not_one_tenants_to_change(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let sam = add_shared_user(&app).await;
    let session = app
        .sign_in("sam@partners.test", "sam-password")
        .await
        .unwrap();
    let (acme, signed_in) = app.acme_admin().await;
    let before = app.stored_account(&sam).await;

    // What acme's admin sees: the user, their acme roles, and that the account is not theirs.
    let seen = acme
        .load_user(&login("sam@partners.test"))
        .await
        .unwrap()
        .user;
    assert_eq!(seen.role_names, [seed::ACME_SUPPORT_ROLE]);
    assert_eq!(
        (seen.editable, seen.membership_editable),
        (Some(false), Some(true))
    );
    let listed = acme
        .search_users(&UserSearchRequest {
            text: "sam@partners".to_owned(),
            ..UserSearchRequest::default()
        })
        .await
        .unwrap()
        .users;
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].editable, listed[0].membership_editable),
        (Some(false), Some(true))
    );

    // Every change to the account itself is refused, whichever route it takes.
    let sam_login = json!({"loginId": "sam@partners.test"});
    let with = |extra: Value| {
        let mut body = sam_login.clone();
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let refused = [
        (
            Method::Post,
            "/v1/mgmt/user/update",
            with(json!({"email": "sam@partners.test", "name": "Renamed"})),
        ),
        (
            Method::Patch,
            "/v1/mgmt/user/patch",
            with(json!({"name": "Renamed"})),
        ),
        (
            Method::Patch,
            "/v1/mgmt/user/patch",
            with(json!({"customAttributes": {"plan": "free"}})),
        ),
        (
            Method::Patch,
            "/v1/mgmt/user/patch",
            with(json!({"phone": "+15555550100", "roleNames": []})),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update/status",
            with(json!({"status": "disabled"})),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update/email",
            with(json!({"email": "sam@evil.test"})),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update/phone",
            with(json!({"phone": "+15555550100"})),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update/name",
            with(json!({"name": "Renamed"})),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update/picture",
            with(json!({"picture": "https://img.test/x.png"})),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update/loginid",
            with(json!({"newLoginId": "sam@evil.test"})),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update/customAttribute",
            with(json!({"attributeKey": "plan", "attributeValue": "free"})),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/password/set/temporary",
            sam_login.clone(),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/password/set/active",
            with(json!({"password": "Hijacked-passw0rd"})),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/password/expire",
            sam_login.clone(),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/passkeys/delete",
            sam_login.clone(),
        ),
        (Method::Post, "/v1/mgmt/user/totp/delete", sam_login.clone()),
        (Method::Post, "/v1/mgmt/user/logout", sam_login.clone()),
        (
            Method::Post,
            "/v1/mgmt/user/logout",
            json!({"userId": sam.as_str()}),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/invite/resend",
            sam_login.clone(),
        ),
        (Method::Post, "/v1/mgmt/user/delete", sam_login.clone()),
        (
            Method::Post,
            "/v1/mgmt/user/delete/batch",
            json!({"userIds": [sam.as_str()]}),
        ),
    ];
    let refused = refused.map(|(method, path, body)| (method, path, body, 403, "E061103"));
    let wrong = wrong_answers(
        "acme admin",
        &acme,
        &refused,
        "also belongs to other tenants",
    )
    .await;
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(
        app.stored_account(&sam).await,
        before,
        "the account is unchanged"
    );
    app.anonymous().me(&session.session_jwt).await.unwrap();
    app.sign_in("sam@partners.test", "sam-password")
        .await
        .unwrap();

    // Their roles in acme and their acme membership remain acme's to change.
    let roles = |names: &[&str]| UserRolesRequest {
        login_id: login("sam@partners.test"),
        tenant_id: TenantId::new(""),
        role_names: names.iter().map(|name| (*name).to_owned()).collect(),
    };
    let added = acme
        .update_roles(RoleOp::Add, &roles(&[ROLE_TENANT_ADMIN]))
        .await
        .unwrap()
        .user;
    assert_eq!(
        added.role_names,
        [seed::ACME_SUPPORT_ROLE, ROLE_TENANT_ADMIN]
    );
    acme.update_roles(RoleOp::Remove, &roles(&[seed::ACME_SUPPORT_ROLE]))
        .await
        .unwrap();
    acme.update_roles(RoleOp::Set, &roles(&[seed::ACME_SUPPORT_ROLE]))
        .await
        .unwrap();
    // The widget's edit form sends only what changed: roles alone pass.
    let patched = acme
        .patch_user(&PatchUserRequest {
            login_id: login("sam@partners.test"),
            role_names: Some(Vec::new()),
            ..PatchUserRequest::default()
        })
        .await
        .unwrap()
        .user;
    assert!(patched.role_names.is_empty());
    let everywhere = app.user("sam@partners.test").await;
    let roles_in = |tenant: &str| {
        everywhere
            .user_tenants
            .iter()
            .find(|t| t.tenant_id.as_str() == tenant)
            .map(|t| t.role_names.clone())
    };
    assert_eq!(roles_in(seed::ACME), Some(Vec::new()));
    assert_eq!(
        roles_in(seed::GLOBEX),
        Some(vec![seed::GLOBEX_AUDITOR_ROLE.to_owned()])
    );

    acme.remove_tenant(&UserTenantRequest {
        login_id: login("sam@partners.test"),
        tenant_id: TenantId::new(seed::ACME),
    })
    .await
    .unwrap();
    let after = app.user("sam@partners.test").await;
    assert_eq!(after.user_tenants.len(), 1);
    assert_eq!(after.user_tenants[0].tenant_id.as_str(), seed::GLOBEX);
    assert_eq!(
        (after.name.as_str(), after.status),
        ("Sam Shared", UserStatus::Enabled)
    );
    app.anonymous().me(&session.session_jwt).await.unwrap();

    // A user of acme only is acme's to change, and the admin themself is not editable.
    let only = acme.load_user(&login(seed::ACME_ADMIN)).await.unwrap().user;
    assert_eq!(only.user_id, signed_in.user.user_id);
    assert_eq!(
        (only.editable, only.membership_editable),
        (Some(false), Some(false))
    );

    // The management key (project-wide) still changes the account.
    let renamed = app
        .management()
        .update_name(&UpdateNameRequest {
            login_id: login("sam@partners.test"),
            name: "Sam Renamed".to_owned(),
            ..UpdateNameRequest::default()
        })
        .await
        .unwrap()
        .user;
    assert_eq!(renamed.name, "Sam Renamed");
}

async fn tenant_admins_cannot_mark_addresses_verified(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let mut user = new_user("v@acme.test", "V", &[(seed::ACME, &[])]);
    user.phone = "+15555550150".to_owned();
    user.verified_email = true;
    user.verified_phone = true;
    let id = app.add_user(user, None).await;
    let (acme, _) = app.acme_admin().await;
    let before = app.stored_account(&id).await;

    // Asking for a verified address is refused (400, nothing changes), on every route that can.
    let refused = [
        (
            Method::Post,
            "/v1/mgmt/user/update/email",
            json!({"loginId": "v@acme.test", "email": "v2@acme.test", "verified": true}),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update/phone",
            json!({"loginId": "v@acme.test", "phone": "+15555550151", "verified": true}),
        ),
        (
            Method::Patch,
            "/v1/mgmt/user/patch",
            json!({"loginId": "v@acme.test", "verifiedEmail": true}),
        ),
        (
            Method::Patch,
            "/v1/mgmt/user/patch",
            json!({"loginId": "v@acme.test", "verifiedPhone": true}),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update",
            json!({"loginId": "v@acme.test", "email": "v@acme.test", "verifiedEmail": true}),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/create",
            json!({"loginId": "new@acme.test", "email": "new@acme.test", "verifiedEmail": true}),
        ),
        (
            Method::Post,
            "/v1/mgmt/user/create",
            json!({"loginId": "new@acme.test", "phone": "+15555550152", "verifiedPhone": true}),
        ),
    ];
    let refused = refused.map(|(method, path, body)| (method, path, body, 400, "E011004"));
    let wrong = wrong_answers("acme admin", &acme, &refused, "verified").await;
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(app.stored_account(&id).await, before);
    assert_wire_error(
        app.management().load_user(&login("new@acme.test")).await,
        404,
        "E062108",
    );

    // A change that keeps the address keeps its verification; a new address is unverified.
    let kept = acme
        .patch_user(&PatchUserRequest {
            login_id: login("v@acme.test"),
            name: Some("Vera".to_owned()),
            email: Some("V@ACME.test".to_owned()),
            phone: Some("+15555550150".to_owned()),
            ..PatchUserRequest::default()
        })
        .await
        .unwrap()
        .user;
    assert_eq!((kept.verified_email, kept.verified_phone), (true, true));
    let changed = acme
        .patch_user(&PatchUserRequest {
            login_id: login("v@acme.test"),
            email: Some("vera@acme.test".to_owned()),
            phone: Some("+15555550153".to_owned()),
            ..PatchUserRequest::default()
        })
        .await
        .unwrap()
        .user;
    assert_eq!(changed.email, "vera@acme.test");
    assert_eq!(
        (changed.verified_email, changed.verified_phone),
        (false, false)
    );

    // The project's administrator may say an address is verified.
    let verified = app
        .management()
        .update_email(&UpdateEmailRequest {
            login_id: login("v@acme.test"),
            email: "vera@acme.test".to_owned(),
            verified: true,
        })
        .await
        .unwrap()
        .user;
    assert!(verified.verified_email);
}

/// Every user endpoint with a bad request or an unknown user, with the management key and in
/// widget mode: each answers its status and wire code, and nothing changes anywhere.
async fn bad_requests_and_unknown_users_change_nothing(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let known = app
        .add_user(
            new_user("k@acme.test", "Known", &[(seed::ACME, &[])]),
            Some("known-password"),
        )
        .await;
    let known = known.as_str();
    let nobody = json!({"loginId": "nobody@acme.test"});
    let cases: [Refused; 20] = [
        // update (replace)
        (
            Method::Post,
            "/v1/mgmt/user/update",
            json!({"email": "k@acme.test"}),
            400,
            "E011002",
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update",
            json!({"loginId": "k@acme.test", "email": "not-an-email"}),
            400,
            "E011003",
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update",
            json!({"loginId": "nobody@acme.test", "name": "N"}),
            404,
            "E062108",
        ),
        // patch
        (
            Method::Patch,
            "/v1/mgmt/user/patch",
            json!({"loginId": "nobody@acme.test", "name": "N"}),
            404,
            "E062108",
        ),
        (
            Method::Patch,
            "/v1/mgmt/user/patch",
            json!({"loginId": "k@acme.test", "phone": "12"}),
            400,
            "E011003",
        ),
        (
            Method::Patch,
            "/v1/mgmt/user/patch",
            json!({"loginId": "k@acme.test", "name": 7}),
            400,
            "E011001",
        ),
        // delete/batch: all or nothing
        (
            Method::Post,
            "/v1/mgmt/user/delete/batch",
            json!({"userIds": []}),
            400,
            "E011002",
        ),
        (
            Method::Post,
            "/v1/mgmt/user/delete/batch",
            json!({"userIds": [known, "U-nobody"]}),
            404,
            "E062108",
        ),
        // load
        (
            Method::Get,
            "/v1/mgmt/user?userId=U-nobody",
            Value::Null,
            404,
            "E062108",
        ),
        (Method::Get, "/v1/mgmt/user", Value::Null, 400, "E011002"),
        // update/status
        (
            Method::Post,
            "/v1/mgmt/user/update/status",
            json!({"loginId": "nobody@acme.test", "status": "disabled"}),
            404,
            "E062108",
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update/status",
            json!({"loginId": "k@acme.test"}),
            400,
            "E011002",
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update/status",
            json!({"loginId": "k@acme.test", "status": "banned"}),
            400,
            "E011001",
        ),
        (
            Method::Post,
            "/v1/mgmt/user/update/status",
            json!({"loginId": "k@acme.test", "status": "invited"}),
            400,
            "E011004",
        ),
        // passwords, passkeys, sessions
        (
            Method::Post,
            "/v1/mgmt/user/password/set/temporary",
            nobody.clone(),
            404,
            "E062108",
        ),
        (
            Method::Post,
            "/v1/mgmt/user/password/set/active",
            json!({"loginId": "nobody@acme.test", "password": "Some-passw0rd"}),
            404,
            "E062108",
        ),
        (
            Method::Post,
            "/v1/mgmt/user/passkeys/delete",
            nobody.clone(),
            404,
            "E062108",
        ),
        (
            Method::Post,
            "/v1/mgmt/user/logout",
            nobody.clone(),
            404,
            "E062108",
        ),
        (
            Method::Post,
            "/v1/mgmt/user/logout",
            json!({"userId": "U-nobody"}),
            404,
            "E062108",
        ),
        (
            Method::Post,
            "/v1/mgmt/user/logout",
            json!({}),
            400,
            "E011002",
        ),
    ];
    let everything = || async {
        let users = app
            .management()
            .search_users(&UserSearchRequest {
                with_test_user: true,
                limit: 1000,
                ..UserSearchRequest::default()
            })
            .await
            .unwrap();
        let audit = app.audit().await.len();
        let account = app
            .stored_account(&tenantkit_wire::UserId::new(known))
            .await;
        format!(
            "{}\n{audit}\n{account}",
            serde_json::to_string(&users).unwrap()
        )
    };
    let before = everything().await;
    let (acme, _) = app.acme_admin().await;
    let mut wrong = wrong_answers("management key", &app.management(), &cases, "").await;
    wrong.extend(wrong_answers("acme admin", &acme, &cases, "").await);
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(everything().await, before, "nothing changed");
    app.sign_in("k@acme.test", "known-password").await.unwrap();
}
