//! Roles and permissions over HTTP, on both databases: every endpoint with its errors, renames
//! and deletes reaching every holder (users and access keys), holders counted once, the
//! confirmation (`force`) before taking permissions away, checked inside the write transaction,
//! the impact query for one role or several, the guard on the admin's own `User Admin`, a tenant
//! admin confined to their tenant's roles and unable to shadow a project role, and the audit
//! trail.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, new_user};
use sqlx::Row;
use tenantkit_client::{RoleOp, TenantClient};
use tenantkit_server::seed;
use tenantkit_wire::access_key::CreateAccessKeyRequest;
use tenantkit_wire::role::{
    CreatePermissionRequest, CreateRoleRequest, DeletePermissionRequest, DeleteRoleRequest,
    DeleteRolesRequest, Role, RoleImpactRequest, RoleSearchRequest, UpdatePermissionRequest,
    UpdateRoleRequest,
};
use tenantkit_wire::tenant::AuditSearchRequest;
use tenantkit_wire::user_ops::UserRolesRequest;
use tenantkit_wire::{
    LoginId, PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN, ROLE_TENANT_ADMIN, SortField, TenantId,
};

backend_tests!(
    permissions_are_listed_created_renamed_and_deleted,
    roles_are_created_searched_and_sorted_with_the_management_key,
    a_tenant_admin_manages_only_their_tenants_roles,
    a_tenant_role_cannot_take_a_project_roles_name,
    renames_and_deletes_reach_every_holder,
    holders_are_counted_once,
    taking_permissions_away_needs_confirmation_and_shows_the_impact,
    a_grant_made_while_a_change_waits_is_not_stripped_silently,
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

/// Deleting one role (`tenantId` "": in widget mode, the tenant's role of that name).
fn delete_one(name: &str, force: bool) -> DeleteRoleRequest {
    DeleteRoleRequest {
        name: name.to_owned(),
        tenant_id: TenantId::new(""),
        force,
    }
}

/// Deleting several roles at once.
fn delete_many(names: &[&str], force: bool) -> DeleteRolesRequest {
    DeleteRolesRequest {
        role_names: strings(names),
        tenant_id: TenantId::new(""),
        force,
    }
}

/// The impact of deleting `names` (one request, whatever their number).
fn deletion_impact(names: &[&str]) -> RoleImpactRequest {
    RoleImpactRequest {
        role_names: strings(names),
        delete: true,
        ..RoleImpactRequest::default()
    }
}

/// The impact of `name` granting only `after`.
fn change_impact(name: &str, after: &[&str]) -> RoleImpactRequest {
    RoleImpactRequest {
        name: name.to_owned(),
        permission_names: strings(after),
        ..RoleImpactRequest::default()
    }
}

/// An access key created in widget mode, holding `roles` in the admin's tenant; returns its id.
async fn key_holding(client: &TenantClient, name: &str, roles: &[&str]) -> String {
    client
        .create_access_key(&CreateAccessKeyRequest {
            name: name.to_owned(),
            role_names: strings(roles),
            ..CreateAccessKeyRequest::default()
        })
        .await
        .unwrap()
        .key
        .id
}

/// Gives `login_id` the roles `names` in `tenant`, with the management key.
async fn give(app: &TestApp, login_id: &str, tenant: &str, names: &[&str]) {
    app.management()
        .update_roles(
            RoleOp::Add,
            &UserRolesRequest {
                login_id: LoginId::new(login_id),
                tenant_id: TenantId::new(tenant),
                role_names: strings(names),
            },
        )
        .await
        .unwrap();
}

/// The one role named `name` the management key finds (in any tenant).
async fn role_named(app: &TestApp, name: &str) -> Role {
    let found = app
        .management()
        .search_roles(&RoleSearchRequest {
            role_names: strings(&[name]),
            ..RoleSearchRequest::default()
        })
        .await
        .unwrap()
        .roles;
    assert_eq!(found.len(), 1, "one role named {name:?}: {found:?}");
    found.into_iter().next().unwrap()
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

    // Refused updates, each with its status; none changes anything.
    admin
        .create_permission(&create("Data Import"))
        .await
        .unwrap();
    let rename = |name: &str, new_name: &str| UpdatePermissionRequest {
        name: name.to_owned(),
        new_name: new_name.to_owned(),
        description: String::new(),
    };
    let too_long = "x".repeat(101);
    let refused = [
        // An unknown permission.
        (rename("Nope", "Whatever"), 404, "E011404"),
        // Onto a name that is taken.
        (rename("Data Export", "Data Import"), 409, "E011004"),
        // New names follow the same rules as names.
        (rename("Data Export", " Spaced"), 400, "E011003"),
        (rename("Data Export", &too_long), 400, "E011003"),
    ];
    for (request, status, code) in refused {
        assert_wire_error(admin.update_permission(&request).await, status, code);
    }
    let exporter = role_named(&app, "Exporter").await;
    assert_eq!(
        exporter.permission_names,
        ["Data Export"],
        "nothing changed"
    );

    // A rename reaches the roles that grant it.
    admin
        .update_permission(&UpdatePermissionRequest {
            name: "Data Export".to_owned(),
            new_name: "Data Export (CSV)".to_owned(),
            description: "Exports CSV".to_owned(),
        })
        .await
        .unwrap();
    let exporter = role_named(&app, "Exporter").await;
    assert_eq!(exporter.permission_names, ["Data Export (CSV)"]);

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
    let exporter = role_named(&app, "Exporter").await;
    assert!(exporter.permission_names.is_empty(), "the role lost it");
    assert_wire_error(
        admin
            .delete_permission(&DeletePermissionRequest {
                name: "Nope".to_owned(),
            })
            .await,
        404,
        "E011404",
    );

    // Widget mode reads permissions but cannot create, change or delete them.
    let (acme, _) = app.acme_admin().await;
    assert_eq!(
        acme.permissions().await.unwrap().permissions.len(),
        listed.len() + 1,
        "Data Import"
    );
    for refused in [
        acme.create_permission(&create("Sneaky")).await,
        acme.update_permission(&rename("Data Import", "Data Import 2"))
            .await,
        acme.delete_permission(&DeletePermissionRequest {
            name: "Data Import".to_owned(),
        })
        .await,
    ] {
        assert_wire_error(refused, 403, "E061103");
    }
    let left: Vec<String> = admin
        .permissions()
        .await
        .unwrap()
        .permissions
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert!(left.contains(&"Data Import".to_owned()), "{left:?}");
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

    // Unique within a tenant; the same name in another tenant is another role (the management
    // key may give a tenant a role named like a project role; a tenant admin may not).
    assert_wire_error(
        admin.create_role(&role("Billing", "", &[])).await,
        409,
        "E011004",
    );
    admin
        .create_role(&role("Billing", seed::ACME, &["Billing Read"]))
        .await
        .unwrap();
    let refused = [
        (role("Ghost", "", &["No Such Permission"]), 400, "E011004"),
        (role("Ghost", "nowhere", &[]), 400, "E011004"),
        (role("", "", &[]), 400, "E011003"),
        (role(" Ghost", "", &[]), 400, "E011003"),
        (
            CreateRoleRequest {
                description: "d".repeat(501),
                ..role("Ghost", "", &[])
            },
            400,
            "E011003",
        ),
    ];
    for (request, status, code) in refused {
        assert_wire_error(admin.create_role(&request).await, status, code);
    }

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
    assert_eq!(tenant_admin.access_key_count, 0);

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
    // The demo's Tenant Admin carries the demo's permissions too.
    assert_eq!(names(&by_permission.roles), ["Billing", ROLE_TENANT_ADMIN]);
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
    for (like, expected) in [
        ("bill", &["Billing", "Billing"][..]),
        ("AGENT", &[seed::ACME_SUPPORT_ROLE][..]),
        // A wildcard is a character like any other.
        ("%", &[][..]),
        // The name only, not the description.
        ("description", &[][..]),
    ] {
        let found = search(RoleSearchRequest {
            role_name_like: like.to_owned(),
            ..RoleSearchRequest::default()
        })
        .await;
        assert_eq!(names(&found.roles), expected, "roleNameLike {like:?}");
        assert_eq!(found.total, expected.len() as u64);
    }

    // Sorted by holders: Support Agent has 10 in the demo, Auditor 4, Tenant Admin 2, the two
    // Billing roles none. Pages follow one another without repeats.
    let by_holders = |desc: bool, limit: u32, page: u32| RoleSearchRequest {
        sort: vec![SortField {
            field: "userCount".to_owned(),
            desc,
        }],
        limit,
        page,
        ..RoleSearchRequest::default()
    };
    let first = search(by_holders(true, 2, 0)).await;
    assert_eq!(first.total, 5);
    assert_eq!(names(&first.roles), [seed::ACME_SUPPORT_ROLE, "Auditor"]);
    let counts: Vec<u64> = first.roles.iter().map(|r| r.user_count).collect();
    assert_eq!(counts, [10, 4]);
    let second = search(by_holders(true, 2, 1)).await;
    assert_eq!(names(&second.roles), [ROLE_TENANT_ADMIN, "Billing"]);
    assert_eq!(second.total, 5);
    let last = search(by_holders(true, 2, 2)).await;
    assert_eq!(names(&last.roles), ["Billing"]);
    let beyond = search(by_holders(true, 2, 3)).await;
    assert!(beyond.roles.is_empty());
    assert_eq!(beyond.total, 5);
    let ascending = search(by_holders(false, 0, 0)).await;
    assert_eq!(
        names(&ascending.roles),
        [
            "Billing",
            "Billing",
            ROLE_TENANT_ADMIN,
            "Auditor",
            seed::ACME_SUPPORT_ROLE
        ]
    );
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
    // Holders in acme only: globex's admin holds Tenant Admin in globex.
    let counts: Vec<u64> = seen.iter().map(|r| r.user_count).collect();
    assert_eq!(counts, [10, 1]);
    // Asking for globex's roles shows nothing of them.
    let asked = acme
        .search_roles(&RoleSearchRequest {
            tenant_ids: vec![TenantId::new(seed::GLOBEX)],
            ..RoleSearchRequest::default()
        })
        .await
        .unwrap();
    assert!(!names(&asked.roles).contains(&seed::GLOBEX_AUDITOR_ROLE));
    // A search is of acme's own roles, and the project's only when asked for.
    let own = acme
        .search_roles(&RoleSearchRequest::default())
        .await
        .unwrap();
    assert_eq!(names(&own.roles), [seed::ACME_SUPPORT_ROLE]);
    let with_project = acme
        .search_roles(&RoleSearchRequest {
            include_project_roles: true,
            ..RoleSearchRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(
        names(&with_project.roles),
        [seed::ACME_SUPPORT_ROLE, ROLE_TENANT_ADMIN]
    );

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
        acme.delete_role(&delete_one(ROLE_TENANT_ADMIN, true)).await,
        403,
        "E061103",
    );
    // A batch with a project role in it is refused whole.
    assert_wire_error(
        acme.delete_roles(&delete_many(&["Acme Billing", ROLE_TENANT_ADMIN], true))
            .await,
        403,
        "E061103",
    );
    assert_eq!(role_named(&app, "Acme Billing").await.name, "Acme Billing");
    assert_wire_error(
        acme.update_role(&update(seed::GLOBEX_AUDITOR_ROLE, seed::GLOBEX, &[]))
            .await,
        404,
        "E011404",
    );
    assert_wire_error(
        acme.delete_role(&DeleteRoleRequest {
            tenant_id: TenantId::new(seed::GLOBEX),
            ..delete_one(seed::GLOBEX_AUDITOR_ROLE, true)
        })
        .await,
        404,
        "E011404",
    );
    assert_wire_error(
        acme.role_impact(&deletion_impact(&[seed::GLOBEX_AUDITOR_ROLE]))
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

async fn a_tenant_role_cannot_take_a_project_roles_name(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, _) = app.acme_admin().await;
    let refused = assert_wire_error(
        acme.create_role(&role(ROLE_TENANT_ADMIN, "", &[])).await,
        409,
        "E011004",
    );
    assert!(
        refused.error_message.contains("project role"),
        "the reason is given: {refused:?}"
    );
    acme.create_role(&role("Acme Ops", "", &["Reports View"]))
        .await
        .unwrap();
    let rename = UpdateRoleRequest {
        new_name: ROLE_TENANT_ADMIN.to_owned(),
        ..update("Acme Ops", "", &["Reports View"])
    };
    let refused = assert_wire_error(acme.update_role(&rename).await, 409, "E011004");
    assert!(
        refused.error_message.contains("project role"),
        "{refused:?}"
    );
    let roles = acme.roles().await.unwrap().roles;
    assert_eq!(
        names(&roles),
        ["Acme Ops", seed::ACME_SUPPORT_ROLE, ROLE_TENANT_ADMIN],
        "nothing was created or renamed"
    );
    assert!(roles[2].tenant_id.as_str().is_empty());
    // Keeping its own name is fine.
    acme.update_role(&update("Acme Ops", "", &[]))
        .await
        .unwrap();
    // The management key keeps the contract's rule (unique within a tenant): a backend that
    // gives a tenant such a role means it.
    app.management()
        .create_role(&role(ROLE_TENANT_ADMIN, seed::GLOBEX, &[]))
        .await
        .unwrap();
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
    let key = key_holding(&acme, "support bot", &[seed::ACME_SUPPORT_ROLE]).await;
    let before = acme
        .roles()
        .await
        .unwrap()
        .roles
        .into_iter()
        .find(|r| r.name == seed::ACME_SUPPORT_ROLE)
        .unwrap();
    assert_eq!(before.user_count, 12, "the demo's 10 and two more");
    assert_eq!(before.access_key_count, 1);

    let renamed = acme
        .update_role(&UpdateRoleRequest {
            new_name: "Customer Support".to_owned(),
            ..update(seed::ACME_SUPPORT_ROLE, "", &[])
        })
        .await
        .unwrap();
    assert_eq!(renamed.name, "Customer Support");
    assert_eq!(renamed.user_count, before.user_count, "holders kept it");
    assert_eq!(renamed.access_key_count, 1);
    for login in ["h1@acme.test", "h2@acme.test"] {
        let user = app.user(login).await;
        assert_eq!(
            user.user_tenants[0].role_names,
            ["Customer Support"],
            "{login}"
        );
    }
    assert_eq!(
        acme.load_access_key(&key).await.unwrap().key.role_names,
        ["Customer Support"]
    );
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

    // Deleting a held role needs confirmation, naming users and keys; nothing changes without.
    let refused = assert_wire_error(
        acme.delete_role(&delete_one("Customer Support", false))
            .await,
        409,
        "E011004",
    );
    assert!(
        refused
            .error_message
            .contains("12 user(s) and 1 access key(s)")
            && refused.error_message.contains("force"),
        "{refused:?}"
    );
    assert_eq!(
        app.user("h1@acme.test").await.user_tenants[0].role_names,
        ["Customer Support"]
    );
    let deleted = acme
        .delete_role(&delete_one("Customer Support", true))
        .await
        .unwrap();
    assert_eq!(
        (
            deleted.users_affected,
            deleted.access_keys_affected,
            deleted.holders_affected
        ),
        (12, 1, 12),
        "holdersAffected stays the users' count"
    );
    for login in ["h1@acme.test", "h2@acme.test"] {
        assert!(app.user(login).await.user_tenants[0].role_names.is_empty());
    }
    assert!(
        acme.load_access_key(&key)
            .await
            .unwrap()
            .key
            .role_names
            .is_empty(),
        "the key lost it too"
    );
    assert_wire_error(
        acme.delete_role(&delete_one("Customer Support", true))
            .await,
        404,
        "E011404",
    );

    // A batch of held roles needs confirmation too, and goes all or nothing.
    for name in ["Held A", "Held B"] {
        acme.create_role(&role(name, "", &["Reports View"]))
            .await
            .unwrap();
    }
    give(&app, "h1@acme.test", seed::ACME, &["Held A", "Held B"]).await;
    let refused = assert_wire_error(
        acme.delete_roles(&delete_many(&["Held A", "Held B"], false))
            .await,
        409,
        "E011004",
    );
    assert!(
        refused
            .error_message
            .contains("1 user(s) and 0 access key(s)"),
        "one holder of both is one user: {refused:?}"
    );
    assert_eq!(
        app.user("h1@acme.test").await.user_tenants[0].role_names,
        ["Held A", "Held B"]
    );
    let batch = acme
        .delete_roles(&delete_many(&["Held A", "Held B"], true))
        .await
        .unwrap();
    assert_eq!((batch.users_affected, batch.access_keys_affected), (1, 0));

    // A batch of unheld roles needs no confirmation; one unknown name deletes nothing.
    acme.create_role(&role("Spare", "", &[])).await.unwrap();
    assert_wire_error(
        acme.delete_roles(&delete_many(&["Spare", "Unknown"], false))
            .await,
        404,
        "E011404",
    );
    let batch = acme
        .delete_roles(&delete_many(&["Spare", "Taken"], false))
        .await
        .unwrap();
    assert_eq!((batch.users_affected, batch.access_keys_affected), (0, 0));
    let left = acme.roles().await.unwrap().roles;
    assert_eq!(names(&left), [ROLE_TENANT_ADMIN]);
    assert_wire_error(
        acme.delete_roles(&DeleteRolesRequest::default()).await,
        400,
        "E011002",
    );
}

async fn holders_are_counted_once(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let management = app.management();
    // A project role one user holds in two tenants and another in one.
    management
        .create_role(&role("Everyone", "", &["Reports View"]))
        .await
        .unwrap();
    app.add_user(
        new_user(
            "both@partners.test",
            "Both",
            &[(seed::ACME, &["Everyone"]), (seed::GLOBEX, &["Everyone"])],
        ),
        None,
    )
    .await;
    app.add_user(
        new_user("one@acme.test", "One", &[(seed::ACME, &["Everyone"])]),
        None,
    )
    .await;
    assert_eq!(role_named(&app, "Everyone").await.user_count, 2);
    let impact = management
        .role_impact(&deletion_impact(&["Everyone"]))
        .await
        .unwrap();
    assert_eq!(impact.users, 2, "a user in two tenants is one holder");
    let (globex, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    let in_globex = globex
        .role_impact(&deletion_impact(&["Everyone"]))
        .await
        .unwrap();
    assert_eq!(
        in_globex.users, 1,
        "widget mode counts the tenant's holders"
    );

    // Two tenant roles: one user and one key hold both, another user one of them.
    let (acme, _) = app.acme_admin().await;
    for name in ["Night Shift", "Day Shift"] {
        acme.create_role(&role(name, "", &["Billing Read"]))
            .await
            .unwrap();
    }
    give(
        &app,
        "one@acme.test",
        seed::ACME,
        &["Night Shift", "Day Shift"],
    )
    .await;
    give(&app, "both@partners.test", seed::ACME, &["Night Shift"]).await;
    key_holding(&acme, "shift bot", &["Night Shift", "Day Shift"]).await;
    let both = acme
        .role_impact(&deletion_impact(&["Night Shift", "Day Shift"]))
        .await
        .unwrap();
    assert_eq!((both.users, both.access_keys), (2, 1));
    assert_eq!(both.permissions_lost, ["Billing Read"]);
    let per_role: Vec<(&str, u64, u64)> = both
        .roles
        .iter()
        .map(|r| (r.name.as_str(), r.users, r.access_keys))
        .collect();
    assert_eq!(per_role, [("Night Shift", 2, 1), ("Day Shift", 1, 1)]);
    assert_eq!(both.roles[1].permissions_lost, ["Billing Read"]);
    // `name` and `roleNames` together, each once.
    let mixed = acme
        .role_impact(&RoleImpactRequest {
            name: "Day Shift".to_owned(),
            ..deletion_impact(&["Night Shift", "Day Shift"])
        })
        .await
        .unwrap();
    assert_eq!(mixed.roles.len(), 2);
    assert_eq!(mixed.users, 2);

    // Several roles are for a deletion only; some role must be named.
    let refusals = [
        (
            RoleImpactRequest {
                delete: false,
                ..deletion_impact(&["Night Shift", "Day Shift"])
            },
            400,
            "E011004",
        ),
        (RoleImpactRequest::default(), 400, "E011002"),
        (deletion_impact(&["Night Shift", "Nope"]), 404, "E011404"),
    ];
    for (request, status, code) in refusals {
        assert_wire_error(acme.role_impact(&request).await, status, code);
    }

    let deleted = acme
        .delete_roles(&delete_many(&["Night Shift", "Day Shift"], true))
        .await
        .unwrap();
    assert_eq!(
        (deleted.users_affected, deleted.access_keys_affected),
        (2, 1)
    );
    let deleted = management
        .delete_role(&delete_one("Everyone", false))
        .await
        .unwrap();
    assert_eq!(deleted.users_affected, 2, "one user in two tenants is one");
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
    key_holding(&acme, "finance bot", &["Finance"]).await;
    let impact = acme
        .role_impact(&change_impact(
            "Finance",
            &["Billing Read", "Reports View", "SSO Admin"],
        ))
        .await
        .unwrap();
    assert_eq!((impact.users, impact.access_keys), (3, 1));
    assert_eq!(impact.permissions_lost, ["Billing Write"]);
    assert!(!impact.removes_own_user_admin);
    assert_eq!(impact.roles.len(), 1);
    assert_eq!(impact.roles[0].name, "Finance");
    let deletion = acme
        .role_impact(&RoleImpactRequest {
            name: "Finance".to_owned(),
            delete: true,
            ..RoleImpactRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(
        deletion.permissions_lost,
        ["Billing Read", "Billing Write", "Reports View"]
    );

    // Invalid updates are refused before any impact is weighed.
    let refused = [
        (
            UpdateRoleRequest {
                new_name: " Finance".to_owned(),
                ..update("Finance", "", &["Billing Read"])
            },
            400,
            "E011003",
        ),
        (
            UpdateRoleRequest {
                description: "d".repeat(501),
                ..update("Finance", "", &["Billing Read"])
            },
            400,
            "E011003",
        ),
        (update("", "", &[]), 400, "E011003"),
        (
            update("Finance", "", &["Billing Read", "No Such Permission"]),
            400,
            "E011004",
        ),
        (update("Nope", "", &[]), 404, "E011404"),
    ];
    for (request, status, code) in refused {
        assert_wire_error(acme.update_role(&request).await, status, code);
    }

    let narrower = update("Finance", "", &["Billing Read", "Reports View"]);
    let refused = assert_wire_error(acme.update_role(&narrower).await, 409, "E011004");
    assert!(
        refused
            .error_message
            .contains("3 user(s) and 1 access key(s) will lose: Billing Write"),
        "{refused:?}"
    );
    assert_eq!(
        role_named(&app, "Finance").await.permission_names.len(),
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
            tenant_id: TenantId::new(seed::ACME),
            ..delete_one("Finance", false)
        })
        .await
        .unwrap();
    assert_eq!(
        (deleted.users_affected, deleted.access_keys_affected),
        (3, 1)
    );
    assert_wire_error(
        acme.role_impact(&change_impact("Nope", &[])).await,
        404,
        "E011404",
    );
}

/// The impact is weighed inside the write transaction: a grant committed while a change waits
/// for the lock is seen (409), not silently stripped by a check made before it.
async fn a_grant_made_while_a_change_waits_is_not_stripped_silently(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (acme, _) = app.acme_admin().await;
    let user = app
        .add_user(
            new_user("late@acme.test", "Late", &[(seed::ACME, &[])]),
            None,
        )
        .await;
    for (role_name, deleting) in [("Racing Delete", true), ("Racing Change", false)] {
        acme.create_role(&role(role_name, "", &["Reports View"]))
            .await
            .unwrap();
        let role_id: String =
            sqlx::query("SELECT id FROM roles WHERE tenant_id = $1 AND name = $2")
                .bind(seed::ACME)
                .bind(role_name)
                .fetch_one(app.db().pool())
                .await
                .unwrap()
                .get("id");
        // A grant in a transaction of its own, not committed yet.
        let mut grant = app.db().write_tx().await.unwrap();
        sqlx::query("INSERT INTO user_roles (user_id, tenant_id, role_id) VALUES ($1, $2, $3)")
            .bind(user.as_str())
            .bind(seed::ACME)
            .bind(role_id.as_str())
            .execute(&mut *grant)
            .await
            .unwrap();
        // The change and the grant's commit run side by side: the commit comes once the change
        // has had time to reach the lock the grant holds.
        let finished = std::cell::Cell::new(false);
        let change = async {
            let result = if deleting {
                acme.delete_role(&delete_one(role_name, false))
                    .await
                    .map(|_| ())
            } else {
                acme.update_role(&update(role_name, "", &[]))
                    .await
                    .map(|_| ())
            };
            finished.set(true);
            result
        };
        let commit = async {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            let waited = !finished.get();
            grant.commit().await.unwrap();
            waited
        };
        let (result, waited) = tokio::join!(change, commit);
        assert!(waited, "{role_name}: the change waits for the grant");
        assert_wire_error(result, 409, "E011004");
        let kept = role_named(&app, role_name).await;
        assert_eq!(kept.user_count, 1, "{role_name}: the grant stands");
        assert_eq!(kept.permission_names, ["Reports View"], "{role_name}");
    }
}

async fn an_admin_is_warned_before_losing_their_own_user_admin(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let management = app.management();
    for (name, permissions) in [
        ("Acme Admins", &[PERMISSION_USER_ADMIN][..]),
        (
            "Acme Deputies",
            &[PERMISSION_USER_ADMIN, "Reports View"][..],
        ),
    ] {
        management
            .create_role(&role(name, seed::ACME, permissions))
            .await
            .unwrap();
    }
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
        .role_impact(&change_impact("Acme Admins", &[]))
        .await
        .unwrap();
    assert!(impact.removes_own_user_admin);
    assert_eq!(impact.users, 1);
    // Both refusals say it is the caller, by login id.
    let refused = assert_wire_error(
        solo.update_role(&update("Acme Admins", "", &[])).await,
        409,
        "E011004",
    );
    assert!(
        refused
            .error_message
            .contains("You would lose User Admin in this tenant yourself (solo@acme.test)"),
        "{refused:?}"
    );
    let refused = assert_wire_error(
        solo.delete_role(&delete_one("Acme Admins", false)).await,
        409,
        "E011004",
    );
    assert!(
        refused
            .error_message
            .contains("You would lose User Admin in this tenant yourself (solo@acme.test)"),
        "{refused:?}"
    );
    assert!(
        solo.roles().await.is_ok(),
        "still an admin: nothing was done"
    );

    // Holding it through a second role, a change to the first does not take it from them: the
    // impact says so, and the refusal without force is only about the holders.
    give(&app, "solo@acme.test", seed::ACME, &["Acme Deputies"]).await;
    let impact = solo
        .role_impact(&change_impact("Acme Admins", &[]))
        .await
        .unwrap();
    assert!(!impact.removes_own_user_admin);
    let narrower = update("Acme Admins", "", &[]);
    let refused = assert_wire_error(solo.update_role(&narrower).await, 409, "E011004");
    assert!(
        !refused.error_message.contains("You would lose"),
        "{refused:?}"
    );
    solo.update_role(&UpdateRoleRequest {
        force: true,
        ..narrower.clone()
    })
    .await
    .unwrap();
    solo.update_role(&update("Acme Admins", "", &[PERMISSION_USER_ADMIN]))
        .await
        .unwrap();

    // Deleting both roles through which they hold it takes it: asked in one query, refused
    // without force, done with it.
    let both = solo
        .role_impact(&deletion_impact(&["Acme Admins", "Acme Deputies"]))
        .await
        .unwrap();
    assert!(both.removes_own_user_admin);
    assert_eq!(both.users, 1);
    for name in ["Acme Admins", "Acme Deputies"] {
        let one = solo.role_impact(&deletion_impact(&[name])).await.unwrap();
        assert!(!one.removes_own_user_admin, "{name} alone leaves the other");
    }
    let refused = assert_wire_error(
        solo.delete_roles(&delete_many(&["Acme Admins", "Acme Deputies"], false))
            .await,
        409,
        "E011004",
    );
    assert!(
        refused.error_message.contains("(solo@acme.test)"),
        "{refused:?}"
    );
    assert_eq!(
        app.user("solo@acme.test").await.user_tenants[0].role_names,
        ["Acme Admins", "Acme Deputies"]
    );
    let deleted = solo
        .delete_roles(&delete_many(&["Acme Admins", "Acme Deputies"], true))
        .await
        .unwrap();
    assert_eq!(deleted.users_affected, 1);
    assert_wire_error(solo.roles().await, 403, "E061103");

    // acme's demo admin also holds Tenant Admin, so losing a role granting User Admin does not
    // lock them out.
    let (acme, _) = app.acme_admin().await;
    management
        .create_role(&role("Acme Admins", seed::ACME, &[PERMISSION_USER_ADMIN]))
        .await
        .unwrap();
    give(&app, seed::ACME_ADMIN, seed::ACME, &["Acme Admins"]).await;
    let theirs = acme
        .role_impact(&deletion_impact(&["Acme Admins"]))
        .await
        .unwrap();
    assert!(!theirs.removes_own_user_admin);
    assert_eq!(theirs.users, 1);
}

/// The audit records of `actions`, oldest first: `(action, tenant, data)`.
async fn audit_data(app: &TestApp, actions: &[&str]) -> Vec<(String, String, serde_json::Value)> {
    let mut records = app
        .management()
        .search_audit(&AuditSearchRequest {
            actions: strings(actions),
            limit: Some(100),
            ..AuditSearchRequest::default()
        })
        .await
        .unwrap()
        .audits;
    records.reverse();
    records
        .into_iter()
        .map(|record| {
            (
                record.action,
                record.tenants.first().cloned().unwrap_or_default(),
                record.data,
            )
        })
        .collect()
}

async fn role_changes_write_audit_events(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let management = app.management();
    management
        .create_permission(&CreatePermissionRequest {
            name: "Data Export".to_owned(),
            description: String::new(),
        })
        .await
        .unwrap();
    app.clock.advance(1);
    management
        .update_permission(&UpdatePermissionRequest {
            name: "Data Export".to_owned(),
            new_name: "Data Export (CSV)".to_owned(),
            description: String::new(),
        })
        .await
        .unwrap();
    app.clock.advance(1);
    management
        .delete_permission(&DeletePermissionRequest {
            name: "Data Export (CSV)".to_owned(),
        })
        .await
        .unwrap();
    let permissions = audit_data(
        &app,
        &[
            "PermissionCreated",
            "PermissionModified",
            "PermissionDeleted",
        ],
    )
    .await;
    assert_eq!(
        permissions,
        [
            (
                "PermissionCreated".to_owned(),
                String::new(),
                serde_json::json!({"name": "Data Export"})
            ),
            (
                "PermissionModified".to_owned(),
                String::new(),
                serde_json::json!({"name": "Data Export", "newName": "Data Export (CSV)"})
            ),
            (
                "PermissionDeleted".to_owned(),
                String::new(),
                serde_json::json!({"name": "Data Export (CSV)"})
            ),
        ]
    );

    let (acme, signed_in) = app.acme_admin().await;
    app.clock.advance(1);
    acme.create_role(&role("Temp", "", &["Billing Read"]))
        .await
        .unwrap();
    app.clock.advance(1);
    acme.update_role(&UpdateRoleRequest {
        new_name: "Temp 2".to_owned(),
        ..update("Temp", "", &["Billing Write"])
    })
    .await
    .unwrap();
    app.clock.advance(1);
    acme.delete_role(&delete_one("Temp 2", false))
        .await
        .unwrap();
    app.clock.advance(1);
    for name in ["Batch A", "Batch B"] {
        acme.create_role(&role(name, "", &[])).await.unwrap();
    }
    app.add_user(
        new_user("held@acme.test", "Held", &[(seed::ACME, &["Batch A"])]),
        None,
    )
    .await;
    key_holding(&acme, "batch bot", &["Batch B"]).await;

    // A refused change writes nothing.
    let before = app.audit().await.len();
    assert_wire_error(
        acme.delete_roles(&delete_many(&["Batch A", "Batch B"], false))
            .await,
        409,
        "E011004",
    );
    assert_wire_error(
        acme.update_role(&update("Batch A", "", &["No Such Permission"]))
            .await,
        400,
        "E011004",
    );
    assert_eq!(app.audit().await.len(), before, "refusals are not recorded");
    app.clock.advance(1);
    acme.delete_roles(&delete_many(&["Batch A", "Batch B"], true))
        .await
        .unwrap();

    let events = audit_data(&app, &["RoleCreated", "RoleModified", "RoleDeleted"]).await;
    let expected = [
        (
            "RoleCreated",
            serde_json::json!({"name": "Temp", "permissionNames": ["Billing Read"]}),
        ),
        (
            "RoleModified",
            serde_json::json!({
                "name": "Temp",
                "newName": "Temp 2",
                "permissionsAdded": ["Billing Write"],
                "permissionsRemoved": ["Billing Read"],
                "users": 0,
                "accessKeys": 0,
                "ssoConfigurationsChanged": 0,
            }),
        ),
        (
            "RoleDeleted",
            serde_json::json!({"name": "Temp 2", "users": 0, "accessKeys": 0, "ssoConfigurationsChanged": 0}),
        ),
        (
            "RoleCreated",
            serde_json::json!({"name": "Batch A", "permissionNames": []}),
        ),
        (
            "RoleCreated",
            serde_json::json!({"name": "Batch B", "permissionNames": []}),
        ),
        (
            "RoleDeleted",
            serde_json::json!({"name": "Batch A", "users": 1, "accessKeys": 0, "ssoConfigurationsChanged": 0}),
        ),
        (
            "RoleDeleted",
            serde_json::json!({"name": "Batch B", "users": 0, "accessKeys": 1, "ssoConfigurationsChanged": 0}),
        ),
    ];
    let mut actual: Vec<(String, serde_json::Value)> = events
        .iter()
        .map(|(action, tenant, data)| {
            assert_eq!(tenant, seed::ACME, "{action} {data}");
            (action.clone(), data.clone())
        })
        .collect();
    // Events of one instant have no order between them: compare the last batch as a set.
    let sort_key = |(action, data): &(String, serde_json::Value)| format!("{action}{data}");
    actual[3..].sort_by_key(sort_key);
    let mut expected: Vec<(String, serde_json::Value)> = expected
        .into_iter()
        .map(|(action, data)| (action.to_owned(), data))
        .collect();
    expected[3..].sort_by_key(sort_key);
    assert_eq!(actual, expected);

    let actors: Vec<String> = app
        .audit()
        .await
        .into_iter()
        .filter(|event| event.0.starts_with("Role"))
        .map(|event| event.1)
        .collect();
    assert_eq!(actors.len(), 7);
    assert!(
        actors
            .iter()
            .all(|actor| actor == signed_in.user.user_id.as_str())
    );
}
