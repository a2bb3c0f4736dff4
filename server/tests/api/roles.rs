//! Roles and permissions over HTTP, on both databases: every endpoint with its errors, renames
//! and deletes reaching every holder, the confirmation (`force`) before taking permissions away,
//! the impact query, and a tenant admin confined to their tenant's roles.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, new_user};
use tenantkit_server::seed;
use tenantkit_wire::role::{
    CreatePermissionRequest, CreateRoleRequest, DeletePermissionRequest, DeleteRoleRequest,
    DeleteRolesRequest, Role, RoleImpactRequest, RoleSearchRequest, UpdatePermissionRequest,
    UpdateRoleRequest,
};
use tenantkit_wire::{
    LoginId, PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN, ROLE_TENANT_ADMIN, SortField, TenantId,
};

backend_tests!(
    permissions_are_listed_created_renamed_and_deleted,
    roles_are_created_searched_and_sorted_with_the_management_key,
    a_tenant_admin_manages_only_their_tenants_roles,
    renames_and_deletes_reach_every_holder,
    taking_permissions_away_needs_confirmation_and_shows_the_impact,
    an_admin_is_warned_before_losing_their_own_user_admin,
    role_changes_write_audit_events,
);

fn names(roles: &[Role]) -> Vec<&str> {
    roles.iter().map(|role| role.name.as_str()).collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

fn role(name: &str, tenant: &str, permissions: &[&str]) -> CreateRoleRequest {
    CreateRoleRequest {
        name: name.to_owned(),
        description: format!("{name} description"),
        permission_names: strings(permissions),
        tenant_id: TenantId::new(tenant),
    }
}

fn update(name: &str, tenant: &str, permissions: &[&str]) -> UpdateRoleRequest {
    UpdateRoleRequest {
        name: name.to_owned(),
        new_name: String::new(),
        description: format!("{name} description"),
        permission_names: strings(permissions),
        tenant_id: TenantId::new(tenant),
        force: false,
    }
}

async fn permissions_are_listed_created_renamed_and_deleted(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.management();
    let listed = admin.permissions().await.unwrap().permissions;
    let builtin: Vec<&str> = listed
        .iter()
        .filter(|p| p.system_default)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(builtin, ["Impersonate", "SSO Admin", "User Admin"]);
    assert_eq!(listed.len(), 3 + seed::DEMO_PERMISSIONS.len());

    let create = |name: &str| CreatePermissionRequest {
        name: name.to_owned(),
        description: "Exports data".to_owned(),
    };
    admin
        .create_permission(&create("Data Export"))
        .await
        .unwrap();
    assert_wire_error(
        admin.create_permission(&create("Data Export")).await,
        409,
        "E011004",
    );
    assert_wire_error(admin.create_permission(&create(" ")).await, 400, "E011003");
    admin
        .create_role(&role("Exporter", seed::ACME, &["Data Export"]))
        .await
        .unwrap();

    // A rename reaches the roles that grant it.
    admin
        .update_permission(&UpdatePermissionRequest {
            name: "Data Export".to_owned(),
            new_name: "Data Export (CSV)".to_owned(),
            description: "Exports CSV".to_owned(),
        })
        .await
        .unwrap();
    let exporter = admin
        .search_roles(&RoleSearchRequest {
            role_names: strings(&["Exporter"]),
            ..RoleSearchRequest::default()
        })
        .await
        .unwrap()
        .roles;
    assert_eq!(exporter[0].permission_names, ["Data Export (CSV)"]);

    for builtin in [PERMISSION_USER_ADMIN, PERMISSION_SSO_ADMIN] {
        assert_wire_error(
            admin
                .delete_permission(&DeletePermissionRequest {
                    name: builtin.to_owned(),
                })
                .await,
            403,
            "E061103",
        );
    }
    assert_wire_error(
        admin
            .update_permission(&UpdatePermissionRequest {
                name: PERMISSION_USER_ADMIN.to_owned(),
                new_name: "Renamed".to_owned(),
                description: String::new(),
            })
            .await,
        403,
        "E061103",
    );
    admin
        .delete_permission(&DeletePermissionRequest {
            name: "Data Export (CSV)".to_owned(),
        })
        .await
        .unwrap();
    let exporter = admin
        .search_roles(&RoleSearchRequest {
            role_names: strings(&["Exporter"]),
            ..RoleSearchRequest::default()
        })
        .await
        .unwrap()
        .roles;
    assert!(exporter[0].permission_names.is_empty(), "the role lost it");
    assert_wire_error(
        admin
            .delete_permission(&DeletePermissionRequest {
                name: "Nope".to_owned(),
            })
            .await,
        404,
        "E011404",
    );

    // Widget mode reads permissions but cannot change them.
    let (acme, _) = app.acme_admin().await;
    assert_eq!(
        acme.permissions().await.unwrap().permissions.len(),
        listed.len()
    );
    assert_wire_error(
        acme.create_permission(&create("Sneaky")).await,
        403,
        "E061103",
    );
}

async fn roles_are_created_searched_and_sorted_with_the_management_key(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let admin = app.management();
    let created = admin
        .create_role(&role("Billing", "", &["Billing Read", "Billing Write"]))
        .await
        .unwrap();
    assert_eq!(created.name, "Billing");
    assert_eq!(created.tenant_id.as_str(), "");
    assert_eq!(created.permission_names, ["Billing Read", "Billing Write"]);
    assert!(created.created_time > 0);
    assert_eq!(created.editable, None, "editable is a widget-mode field");

    // Unique within a tenant; the same name in another tenant is another role.
    assert_wire_error(
        admin.create_role(&role("Billing", "", &[])).await,
        409,
        "E011004",
    );
    admin
        .create_role(&role("Billing", seed::ACME, &["Billing Read"]))
        .await
        .unwrap();
    assert_wire_error(
        admin
            .create_role(&role("Ghost", "", &["No Such Permission"]))
            .await,
        400,
        "E011004",
    );
    assert_wire_error(
        admin.create_role(&role("Ghost", "nowhere", &[])).await,
        400,
        "E011004",
    );
    assert_wire_error(admin.create_role(&role("", "", &[])).await, 400, "E011003");

    let all = admin.roles().await.unwrap().roles;
    assert_eq!(
        names(&all),
        [
            "Auditor",
            "Billing",
            "Billing",
            seed::ACME_SUPPORT_ROLE,
            ROLE_TENANT_ADMIN
        ]
    );
    let tenant_admin = all.iter().find(|r| r.name == ROLE_TENANT_ADMIN).unwrap();
    assert_eq!(tenant_admin.user_count, 2, "both demo admins hold it");

    let search = |request: RoleSearchRequest| {
        let admin = admin.clone();
        async move { admin.search_roles(&request).await.unwrap() }
    };
    let acme_only = search(RoleSearchRequest {
        tenant_ids: vec![TenantId::new(seed::ACME)],
        ..RoleSearchRequest::default()
    })
    .await;
    assert_eq!(
        names(&acme_only.roles),
        ["Billing", seed::ACME_SUPPORT_ROLE]
    );
    let with_project = search(RoleSearchRequest {
        tenant_ids: vec![TenantId::new(seed::ACME)],
        include_project_roles: true,
        ..RoleSearchRequest::default()
    })
    .await;
    assert_eq!(with_project.total, 4);
    let by_permission = search(RoleSearchRequest {
        permission_names: strings(&["Billing Write"]),
        ..RoleSearchRequest::default()
    })
    .await;
    assert_eq!(names(&by_permission.roles), ["Billing"]);
    assert_eq!(by_permission.roles[0].tenant_id.as_str(), "");
    let by_text = search(RoleSearchRequest {
        text: "AUDIT".to_owned(),
        ..RoleSearchRequest::default()
    })
    .await;
    assert_eq!(
        names(&by_text.roles),
        ["Auditor"],
        "name or description, any case"
    );
    let by_holders = search(RoleSearchRequest {
        sort: vec![SortField {
            field: "userCount".to_owned(),
            desc: true,
        }],
        limit: 2,
        page: 0,
        ..RoleSearchRequest::default()
    })
    .await;
    assert_eq!(by_holders.total, 5);
    assert_eq!(by_holders.roles.len(), 2);
    assert!(by_holders.roles[0].user_count >= by_holders.roles[1].user_count);
    assert_wire_error(
        admin
            .search_roles(&RoleSearchRequest {
                sort: vec![SortField {
                    field: "colour".to_owned(),
                    desc: false,
                }],
                ..RoleSearchRequest::default()
            })
            .await,
        400,
        "E011004",
    );
}

async fn a_tenant_admin_manages_only_their_tenants_roles(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, _) = app.acme_admin().await;
    let seen = acme.roles().await.unwrap().roles;
    assert_eq!(names(&seen), [seed::ACME_SUPPORT_ROLE, ROLE_TENANT_ADMIN]);
    let editable: Vec<Option<bool>> = seen.iter().map(|r| r.editable).collect();
    assert_eq!(editable, [Some(true), Some(false)]);
    // Asking for globex's roles shows nothing of them.
    let asked = acme
        .search_roles(&RoleSearchRequest {
            tenant_ids: vec![TenantId::new(seed::GLOBEX)],
            ..RoleSearchRequest::default()
        })
        .await
        .unwrap();
    assert!(!names(&asked.roles).contains(&seed::GLOBEX_AUDITOR_ROLE));

    // Created in acme whatever the request says about the tenant.
    let created = acme
        .create_role(&role("Acme Billing", "", &["Billing Read"]))
        .await
        .unwrap();
    assert_eq!(created.tenant_id.as_str(), seed::ACME);
    assert_eq!(created.editable, Some(true));
    assert_wire_error(
        acme.create_role(&role("Elsewhere", seed::GLOBEX, &[]))
            .await,
        403,
        "E061103",
    );

    // Project roles are read-only, with the reason; globex's roles are not even found.
    let project = update(ROLE_TENANT_ADMIN, "", &[PERMISSION_USER_ADMIN]);
    let refused = assert_wire_error(acme.update_role(&project).await, 403, "E061103");
    assert!(refused.error_message.contains("read-only"), "{refused:?}");
    assert_wire_error(
        acme.delete_role(&DeleteRoleRequest {
            name: ROLE_TENANT_ADMIN.to_owned(),
            tenant_id: TenantId::new(""),
            force: true,
        })
        .await,
        403,
        "E061103",
    );
    assert_wire_error(
        acme.update_role(&update(seed::GLOBEX_AUDITOR_ROLE, seed::GLOBEX, &[]))
            .await,
        404,
        "E011404",
    );
    assert_wire_error(
        acme.delete_role(&DeleteRoleRequest {
            name: seed::GLOBEX_AUDITOR_ROLE.to_owned(),
            tenant_id: TenantId::new(seed::GLOBEX),
            force: true,
        })
        .await,
        404,
        "E011404",
    );
    let globex_roles = app
        .management()
        .search_roles(&RoleSearchRequest {
            tenant_ids: vec![TenantId::new(seed::GLOBEX)],
            ..RoleSearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(names(&globex_roles.roles), [seed::GLOBEX_AUDITOR_ROLE]);
    assert_eq!(globex_roles.roles[0].permission_names, ["Reports View"]);
}

async fn renames_and_deletes_reach_every_holder(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    for login in ["h1@acme.test", "h2@acme.test"] {
        app.add_user(
            new_user(login, login, &[(seed::ACME, &[seed::ACME_SUPPORT_ROLE])]),
            None,
        )
        .await;
    }
    let (acme, _) = app.acme_admin().await;
    let before = acme
        .roles()
        .await
        .unwrap()
        .roles
        .into_iter()
        .find(|r| r.name == seed::ACME_SUPPORT_ROLE)
        .unwrap();
    assert!(before.user_count >= 2);

    let renamed = acme
        .update_role(&UpdateRoleRequest {
            new_name: "Customer Support".to_owned(),
            ..update(seed::ACME_SUPPORT_ROLE, "", &[])
        })
        .await
        .unwrap();
    assert_eq!(renamed.name, "Customer Support");
    assert_eq!(renamed.user_count, before.user_count, "holders kept it");
    for login in ["h1@acme.test", "h2@acme.test"] {
        let user = app.user(login).await;
        assert_eq!(
            user.user_tenants[0].role_names,
            ["Customer Support"],
            "{login}"
        );
    }
    // A rename onto a taken name is refused.
    acme.create_role(&role("Taken", "", &[])).await.unwrap();
    assert_wire_error(
        acme.update_role(&UpdateRoleRequest {
            new_name: "Taken".to_owned(),
            ..update("Customer Support", "", &[])
        })
        .await,
        409,
        "E011004",
    );

    // Deleting a held role needs confirmation; nothing changes without it.
    let delete = |force: bool| DeleteRoleRequest {
        name: "Customer Support".to_owned(),
        tenant_id: TenantId::new(""),
        force,
    };
    let refused = assert_wire_error(acme.delete_role(&delete(false)).await, 409, "E011004");
    assert!(refused.error_message.contains("force"), "{refused:?}");
    assert_eq!(
        app.user("h1@acme.test").await.user_tenants[0].role_names,
        ["Customer Support"]
    );
    let deleted = acme.delete_role(&delete(true)).await.unwrap();
    assert_eq!(deleted.holders_affected, before.user_count);
    for login in ["h1@acme.test", "h2@acme.test"] {
        assert!(app.user(login).await.user_tenants[0].role_names.is_empty());
    }
    assert_wire_error(acme.delete_role(&delete(true)).await, 404, "E011404");

    // A batch of unheld roles needs no confirmation; one unknown name deletes nothing.
    acme.create_role(&role("Spare", "", &[])).await.unwrap();
    assert_wire_error(
        acme.delete_roles(&DeleteRolesRequest {
            role_names: strings(&["Spare", "Unknown"]),
            tenant_id: TenantId::new(""),
            force: false,
        })
        .await,
        404,
        "E011404",
    );
    let batch = acme
        .delete_roles(&DeleteRolesRequest {
            role_names: strings(&["Spare", "Taken"]),
            tenant_id: TenantId::new(""),
            force: false,
        })
        .await
        .unwrap();
    assert_eq!(batch.holders_affected, 0);
    let left = acme.roles().await.unwrap().roles;
    assert_eq!(names(&left), [ROLE_TENANT_ADMIN]);
    assert_wire_error(
        acme.delete_roles(&DeleteRolesRequest::default()).await,
        400,
        "E011002",
    );
}

async fn taking_permissions_away_needs_confirmation_and_shows_the_impact(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, _) = app.acme_admin().await;
    acme.create_role(&role(
        "Finance",
        "",
        &["Billing Read", "Billing Write", "Reports View"],
    ))
    .await
    .unwrap();
    for login in ["f1@acme.test", "f2@acme.test", "f3@acme.test"] {
        app.add_user(new_user(login, login, &[(seed::ACME, &["Finance"])]), None)
            .await;
    }
    let impact = acme
        .role_impact(&RoleImpactRequest {
            name: "Finance".to_owned(),
            tenant_id: TenantId::new(""),
            permission_names: strings(&["Billing Read", "Reports View", "SSO Admin"]),
            delete: false,
        })
        .await
        .unwrap();
    assert_eq!(impact.users, 3);
    assert_eq!(impact.access_keys, 0);
    assert_eq!(impact.permissions_lost, ["Billing Write"]);
    assert!(!impact.removes_own_user_admin);
    let deletion = acme
        .role_impact(&RoleImpactRequest {
            name: "Finance".to_owned(),
            tenant_id: TenantId::new(""),
            permission_names: Vec::new(),
            delete: true,
        })
        .await
        .unwrap();
    assert_eq!(
        deletion.permissions_lost,
        ["Billing Read", "Billing Write", "Reports View"]
    );

    let narrower = update("Finance", "", &["Billing Read", "Reports View"]);
    let refused = assert_wire_error(acme.update_role(&narrower).await, 409, "E011004");
    assert!(
        refused.error_message.contains("3 user(s)")
            && refused.error_message.contains("Billing Write")
    );
    let unchanged = app
        .management()
        .search_roles(&RoleSearchRequest {
            role_names: strings(&["Finance"]),
            ..RoleSearchRequest::default()
        })
        .await
        .unwrap()
        .roles;
    assert_eq!(
        unchanged[0].permission_names.len(),
        3,
        "nothing changed without force"
    );
    let done = acme
        .update_role(&UpdateRoleRequest {
            force: true,
            ..narrower
        })
        .await
        .unwrap();
    assert_eq!(done.permission_names, ["Billing Read", "Reports View"]);
    // Adding permissions takes nothing away: no confirmation needed.
    let wider = acme
        .update_role(&update(
            "Finance",
            "",
            &["Billing Read", "Billing Write", "Reports View"],
        ))
        .await
        .unwrap();
    assert_eq!(wider.permission_names.len(), 3);
    // A management-key call is a backend's deliberate request (Descope's SDKs cannot send
    // `force`): it needs no confirmation.
    app.management()
        .update_role(&update("Finance", seed::ACME, &["Billing Read"]))
        .await
        .unwrap();
    let deleted = app
        .management()
        .delete_role(&DeleteRoleRequest {
            name: "Finance".to_owned(),
            tenant_id: TenantId::new(seed::ACME),
            force: false,
        })
        .await
        .unwrap();
    assert_eq!(deleted.holders_affected, 3);
    assert_wire_error(
        acme.role_impact(&RoleImpactRequest {
            name: "Nope".to_owned(),
            ..RoleImpactRequest::default()
        })
        .await,
        404,
        "E011404",
    );
}

async fn an_admin_is_warned_before_losing_their_own_user_admin(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    app.management()
        .create_role(&role("Acme Admins", seed::ACME, &[PERMISSION_USER_ADMIN]))
        .await
        .unwrap();
    app.add_user(
        new_user("solo@acme.test", "Solo", &[(seed::ACME, &["Acme Admins"])]),
        Some("solo-password"),
    )
    .await;
    let signed_in = app
        .sign_in("solo@acme.test", "solo-password")
        .await
        .unwrap();
    let solo = app.widget(&signed_in.session_jwt, seed::ACME);
    let impact = solo
        .role_impact(&RoleImpactRequest {
            name: "Acme Admins".to_owned(),
            tenant_id: TenantId::new(""),
            permission_names: Vec::new(),
            delete: false,
        })
        .await
        .unwrap();
    assert!(impact.removes_own_user_admin);
    assert_eq!(impact.users, 1);
    let refused = assert_wire_error(
        solo.update_role(&update("Acme Admins", "", &[])).await,
        409,
        "E011004",
    );
    assert!(
        refused.error_message.contains("You would lose User Admin"),
        "{refused:?}"
    );

    // acme's demo admin also holds Tenant Admin, so the same change does not lock them out.
    let (acme, _) = app.acme_admin().await;
    app.management()
        .update_roles(
            tenantkit_client::RoleOp::Add,
            &tenantkit_wire::user_ops::UserRolesRequest {
                login_id: LoginId::new(seed::ACME_ADMIN),
                tenant_id: TenantId::new(seed::ACME),
                role_names: strings(&["Acme Admins"]),
            },
        )
        .await
        .unwrap();
    let theirs = acme
        .role_impact(&RoleImpactRequest {
            name: "Acme Admins".to_owned(),
            tenant_id: TenantId::new(""),
            permission_names: Vec::new(),
            delete: true,
        })
        .await
        .unwrap();
    assert!(!theirs.removes_own_user_admin);
    assert_eq!(theirs.users, 2);
}

async fn role_changes_write_audit_events(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, signed_in) = app.acme_admin().await;
    acme.create_role(&role("Temp", "", &["Billing Read"]))
        .await
        .unwrap();
    app.clock.advance(1);
    acme.update_role(&update("Temp", "", &["Billing Read", "Billing Write"]))
        .await
        .unwrap();
    app.clock.advance(1);
    acme.delete_role(&DeleteRoleRequest {
        name: "Temp".to_owned(),
        tenant_id: TenantId::new(""),
        force: false,
    })
    .await
    .unwrap();
    let events: Vec<_> = app
        .audit()
        .await
        .into_iter()
        .filter(|event| event.0.starts_with("Role"))
        .collect();
    let actions: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(actions, ["RoleCreated", "RoleModified", "RoleDeleted"]);
    for (_, actor, tenant, _, _) in &events {
        assert_eq!(actor, signed_in.user.user_id.as_str());
        assert_eq!(tenant, seed::ACME);
    }
}
