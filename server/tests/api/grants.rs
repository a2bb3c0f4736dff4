//! "You can only delegate what you have", on both databases: an admin holding only `User Admin`
//! in acme cannot give, take away, define or delete roles carrying permissions they lack (for
//! users, access keys and role edits alike), nothing changes on a refusal, what they do hold
//! they can still grant, and the answers say what they may grant. A `Tenant Admin` and the
//! management key (with or without `?tenant=`) are not limited.

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, new_user};
use tenantkit_client::{RoleOp, TenantClient};
use tenantkit_server::seed;
use tenantkit_wire::access_key::{
    AccessKeySearchRequest, CreateAccessKeyRequest, UpdateAccessKeyRequest,
};
use tenantkit_wire::role::{CreateRoleRequest, DeleteRoleRequest, UpdateRoleRequest};
use tenantkit_wire::user_ops::{
    BatchCreateUsersRequest, CreateUserRequest, PatchUserRequest, UserRef, UserRolesRequest,
    UserTenantRequest,
};
use tenantkit_wire::{
    LoginId, PERMISSION_IMPERSONATE, PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN,
    ROLE_TENANT_ADMIN, TenantId,
};

backend_tests!(
    a_user_admin_cannot_grant_what_they_do_not_hold,
    a_user_admin_cannot_define_or_delete_roles_beyond_their_own_permissions,
    a_user_admin_cannot_take_away_what_they_do_not_hold,
    a_user_admin_still_grants_what_they_hold,
    answers_say_what_the_caller_may_grant,
    a_tenant_admin_and_the_management_key_are_not_limited,
    an_sso_admin_maps_groups_only_to_roles_they_could_grant,
    a_user_admin_cannot_take_over_the_account_of_someone_holding_more,
);

/// Acme's user admin: holds `User Admin` in acme (through a tenant role) and nothing else.
const LEAD: &str = "lead@acme.test";
const LEAD_ROLE: &str = "Helpdesk Lead";
/// An acme role carrying `SSO Admin` only.
const SSO_ROLE: &str = "SSO Manager";
/// An acme user the lead administers.
const MEMBER: &str = "member@acme.test";
const PASSWORD: &str = "lead-password-1";
const FORBIDDEN: &str = "E061103";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

fn acme_role(name: &str, permissions: &[&str]) -> CreateRoleRequest {
    CreateRoleRequest {
        name: name.to_owned(),
        description: String::new(),
        permission_names: strings(permissions),
        tenant_id: TenantId::new(seed::ACME),
    }
}

fn roles_of(login_id: &str, names: &[&str]) -> UserRolesRequest {
    UserRolesRequest {
        login_id: LoginId::new(login_id),
        tenant_id: TenantId::new(""),
        role_names: strings(names),
    }
}

/// The seeded app plus the lead (signed in, widget mode for acme), the SSO role and the member.
async fn setup(backend: Backend) -> (TestApp, TenantClient) {
    let app = TestApp::seeded(backend).await;
    for (name, permissions) in [
        (LEAD_ROLE, &[PERMISSION_USER_ADMIN][..]),
        (SSO_ROLE, &[PERMISSION_SSO_ADMIN][..]),
    ] {
        app.management()
            .create_role(&acme_role(name, permissions))
            .await
            .unwrap();
    }
    app.add_user(
        new_user(LEAD, "Lee Lead", &[(seed::ACME, &[LEAD_ROLE])]),
        Some(PASSWORD),
    )
    .await;
    app.add_user(new_user(MEMBER, "Mo Member", &[(seed::ACME, &[])]), None)
        .await;
    let signed_in = app.sign_in(LEAD, PASSWORD).await.unwrap();
    let lead = app.widget(&signed_in.session_jwt, seed::ACME);
    (app, lead)
}

/// The roles `login_id` holds in acme, sorted, as the management key sees them.
async fn acme_roles(app: &TestApp, login_id: &str) -> Vec<String> {
    let user = app.user(login_id).await;
    let mut roles: Vec<String> = user
        .user_tenants
        .iter()
        .filter(|tenant| tenant.tenant_id.as_str() == seed::ACME)
        .flat_map(|tenant| tenant.role_names.iter().cloned())
        .collect();
    roles.sort();
    roles
}

/// Asserts a refusal naming the role and every permission missing.
#[track_caller]
fn assert_refused<T: std::fmt::Debug>(
    result: Result<T, tenantkit_client::ApiError>,
    role: &str,
    missing: &[&str],
) {
    let body = assert_wire_error(result, 403, FORBIDDEN);
    assert!(body.error_message.contains(role), "{body:?}");
    assert!(
        body.error_message
            .contains("which you do not hold in tenant acme"),
        "{body:?}"
    );
    for permission in missing {
        assert!(body.error_message.contains(permission), "{body:?}");
    }
}

async fn a_user_admin_cannot_grant_what_they_do_not_hold(backend: Backend) {
    let (app, lead) = setup(backend).await;
    let tenant_admin_lacks = [PERMISSION_SSO_ADMIN, PERMISSION_IMPERSONATE];

    // Themself: Tenant Admin, by role/add, role/set and patch.
    let before = acme_roles(&app, LEAD).await;
    assert_refused(
        lead.update_roles(RoleOp::Add, &roles_of(LEAD, &[ROLE_TENANT_ADMIN]))
            .await,
        ROLE_TENANT_ADMIN,
        &tenant_admin_lacks,
    );
    assert_eq!(acme_roles(&app, LEAD).await, before);

    // A user they administer: an existing role carrying SSO Admin, every way a role is given.
    assert_refused(
        lead.update_roles(RoleOp::Add, &roles_of(MEMBER, &[SSO_ROLE]))
            .await,
        SSO_ROLE,
        &[PERMISSION_SSO_ADMIN],
    );
    assert_refused(
        lead.update_roles(RoleOp::Set, &roles_of(MEMBER, &[SSO_ROLE]))
            .await,
        SSO_ROLE,
        &[PERMISSION_SSO_ADMIN],
    );
    assert_refused(
        lead.patch_user(&PatchUserRequest {
            login_id: LoginId::new(MEMBER),
            role_names: Some(strings(&[SSO_ROLE])),
            ..PatchUserRequest::default()
        })
        .await,
        SSO_ROLE,
        &[PERMISSION_SSO_ADMIN],
    );
    assert_refused(
        lead.update_user(&CreateUserRequest {
            login_id: LoginId::new(MEMBER),
            name: "Mo Member".to_owned(),
            role_names: strings(&[ROLE_TENANT_ADMIN]),
            ..CreateUserRequest::default()
        })
        .await,
        ROLE_TENANT_ADMIN,
        &tenant_admin_lacks,
    );
    assert!(acme_roles(&app, MEMBER).await.is_empty());

    // New users, one at a time, invited, or in a batch: not created.
    let new = |login_id: &str, invite: bool| CreateUserRequest {
        login_id: LoginId::new(login_id),
        email: login_id.to_owned(),
        role_names: strings(&[ROLE_TENANT_ADMIN]),
        invite,
        ..CreateUserRequest::default()
    };
    for invite in [false, true] {
        assert_refused(
            lead.create_user(&new("new@acme.test", invite)).await,
            ROLE_TENANT_ADMIN,
            &tenant_admin_lacks,
        );
    }
    let batch = lead
        .create_users(&BatchCreateUsersRequest {
            users: vec![new("batch@acme.test", false)],
            invite: false,
        })
        .await
        .unwrap();
    assert!(batch.created_users.is_empty());
    assert_eq!(batch.failed_users.len(), 1);
    assert!(batch.failed_users[0].failure.contains(PERMISSION_SSO_ADMIN));
    for login_id in ["new@acme.test", "batch@acme.test"] {
        assert!(
            app.management()
                .load_user(&LoginId::new(login_id))
                .await
                .is_err(),
            "{login_id} was not created"
        );
    }

    // Access keys: created with such a role, or given it afterwards.
    let key_with = |roles: &[&str]| CreateAccessKeyRequest {
        name: "ci".to_owned(),
        role_names: strings(roles),
        ..CreateAccessKeyRequest::default()
    };
    assert_refused(
        lead.create_access_key(&key_with(&[ROLE_TENANT_ADMIN]))
            .await,
        ROLE_TENANT_ADMIN,
        &tenant_admin_lacks,
    );
    let key = lead.create_access_key(&key_with(&[])).await.unwrap().key;
    assert_refused(
        lead.update_access_key(&UpdateAccessKeyRequest {
            id: key.id.clone(),
            name: key.name.clone(),
            role_names: Some(strings(&[SSO_ROLE])),
            ..UpdateAccessKeyRequest::default()
        })
        .await,
        SSO_ROLE,
        &[PERMISSION_SSO_ADMIN],
    );
    let keys = app
        .management()
        .search_access_keys(&AccessKeySearchRequest::default())
        .await
        .unwrap()
        .keys;
    assert_eq!(keys.len(), 1, "only the key without roles exists");
    assert!(keys[0].key_tenants.iter().all(|t| t.role_names.is_empty()));
}

async fn a_user_admin_cannot_define_or_delete_roles_beyond_their_own_permissions(backend: Backend) {
    let (app, lead) = setup(backend).await;
    assert_refused(
        lead.create_role(&acme_role("SSO Helper", &[PERMISSION_SSO_ADMIN]))
            .await,
        "SSO Helper",
        &[PERMISSION_SSO_ADMIN],
    );
    // Adding a permission it holds to a role carrying one it lacks, or taking that one away.
    for permissions in [
        &[PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN][..],
        &[PERMISSION_USER_ADMIN][..],
    ] {
        assert_refused(
            lead.update_role(&UpdateRoleRequest {
                name: SSO_ROLE.to_owned(),
                new_name: String::new(),
                description: String::new(),
                permission_names: strings(permissions),
                tenant_id: TenantId::new(""),
                force: true,
            })
            .await,
            SSO_ROLE,
            &[PERMISSION_SSO_ADMIN],
        );
    }
    assert_refused(
        lead.delete_role(&DeleteRoleRequest {
            name: SSO_ROLE.to_owned(),
            tenant_id: TenantId::new(""),
            force: true,
        })
        .await,
        SSO_ROLE,
        &[PERMISSION_SSO_ADMIN],
    );
    let roles = app.management().roles().await.unwrap().roles;
    assert!(!roles.iter().any(|role| role.name == "SSO Helper"));
    let sso_role = roles.iter().find(|role| role.name == SSO_ROLE).unwrap();
    assert_eq!(sso_role.permission_names, strings(&[PERMISSION_SSO_ADMIN]));
    // A new description alone changes no permission: allowed.
    lead.update_role(&UpdateRoleRequest {
        name: SSO_ROLE.to_owned(),
        new_name: String::new(),
        description: "Sets up SSO".to_owned(),
        permission_names: strings(&[PERMISSION_SSO_ADMIN]),
        tenant_id: TenantId::new(""),
        force: false,
    })
    .await
    .unwrap();
}

async fn a_user_admin_cannot_take_away_what_they_do_not_hold(backend: Backend) {
    let (app, lead) = setup(backend).await;
    let admin = seed::ACME_ADMIN;
    assert_refused(
        lead.update_roles(RoleOp::Remove, &roles_of(admin, &[ROLE_TENANT_ADMIN]))
            .await,
        ROLE_TENANT_ADMIN,
        &[PERMISSION_SSO_ADMIN],
    );
    assert_refused(
        lead.update_roles(RoleOp::Set, &roles_of(admin, &[])).await,
        ROLE_TENANT_ADMIN,
        &[PERMISSION_SSO_ADMIN],
    );
    assert_refused(
        lead.remove_tenant(&UserTenantRequest {
            login_id: LoginId::new(admin),
            tenant_id: TenantId::new(seed::ACME),
        })
        .await,
        ROLE_TENANT_ADMIN,
        &[PERMISSION_SSO_ADMIN],
    );
    assert_refused(
        lead.delete_user(&UserRef {
            login_id: Some(LoginId::new(admin)),
            user_id: None,
        })
        .await,
        ROLE_TENANT_ADMIN,
        &[PERMISSION_SSO_ADMIN],
    );
    assert_eq!(acme_roles(&app, admin).await, strings(&[ROLE_TENANT_ADMIN]));
}

async fn a_user_admin_still_grants_what_they_hold(backend: Backend) {
    let (app, lead) = setup(backend).await;
    lead.create_role(&acme_role("Deputy", &[PERMISSION_USER_ADMIN]))
        .await
        .unwrap();
    lead.update_roles(
        RoleOp::Add,
        &roles_of(MEMBER, &["Deputy", seed::ACME_SUPPORT_ROLE]),
    )
    .await
    .unwrap();
    assert_eq!(
        acme_roles(&app, MEMBER).await,
        strings(&["Deputy", seed::ACME_SUPPORT_ROLE])
    );
    lead.create_access_key(&CreateAccessKeyRequest {
        name: "deputy key".to_owned(),
        role_names: strings(&["Deputy"]),
        ..CreateAccessKeyRequest::default()
    })
    .await
    .unwrap();
    // Only the difference counts: a role the member keeps is not checked.
    app.management()
        .update_roles(
            RoleOp::Add,
            &UserRolesRequest {
                tenant_id: TenantId::new(seed::ACME),
                ..roles_of(MEMBER, &[SSO_ROLE])
            },
        )
        .await
        .unwrap();
    lead.update_roles(RoleOp::Set, &roles_of(MEMBER, &[SSO_ROLE, "Deputy"]))
        .await
        .unwrap();
    assert_eq!(
        acme_roles(&app, MEMBER).await,
        strings(&["Deputy", SSO_ROLE])
    );
}

async fn answers_say_what_the_caller_may_grant(backend: Backend) {
    let (_app, lead) = setup(backend).await;
    let roles = lead.roles().await.unwrap().roles;
    let role = |name: &str| roles.iter().find(|role| role.name == name).unwrap();
    assert_eq!(role(ROLE_TENANT_ADMIN).grantable, Some(false));
    // The demo's Tenant Admin carries the demo's permissions too.
    assert_eq!(
        role(ROLE_TENANT_ADMIN).permissions_not_held,
        strings(&[
            "Billing Read",
            "Billing Write",
            PERMISSION_IMPERSONATE,
            "Reports View",
            PERMISSION_SSO_ADMIN
        ])
    );
    assert_eq!(role(SSO_ROLE).grantable, Some(false));
    assert_eq!(role(LEAD_ROLE).grantable, Some(true));
    assert!(role(LEAD_ROLE).permissions_not_held.is_empty());
    assert_eq!(role(seed::ACME_SUPPORT_ROLE).grantable, Some(true));
    let permissions = lead.permissions().await.unwrap().permissions;
    let grantable = |name: &str| {
        permissions
            .iter()
            .find(|permission| permission.name == name)
            .unwrap()
            .grantable
    };
    assert_eq!(grantable(PERMISSION_USER_ADMIN), Some(true));
    assert_eq!(grantable(PERMISSION_SSO_ADMIN), Some(false));
    assert_eq!(grantable("Billing Read"), Some(false));
}

async fn a_tenant_admin_and_the_management_key_are_not_limited(backend: Backend) {
    let (app, _lead) = setup(backend).await;
    let (acme_admin, _) = app.acme_admin().await;
    let management_in_acme = app.widget(&app.management_key, seed::ACME);
    for (client, role) in [
        (&acme_admin, "SSO Helper"),
        (&management_in_acme, "SSO Helper 2"),
    ] {
        client
            .create_role(&acme_role(role, &[PERMISSION_SSO_ADMIN]))
            .await
            .unwrap();
        client
            .update_roles(RoleOp::Add, &roles_of(MEMBER, &[ROLE_TENANT_ADMIN, role]))
            .await
            .unwrap();
        client
            .update_roles(RoleOp::Remove, &roles_of(MEMBER, &[ROLE_TENANT_ADMIN]))
            .await
            .unwrap();
        client
            .create_access_key(&CreateAccessKeyRequest {
                name: format!("{role} key"),
                role_names: strings(&[ROLE_TENANT_ADMIN]),
                ..CreateAccessKeyRequest::default()
            })
            .await
            .unwrap();
    }
    // The lead's Tenant Admin, given and taken with the management key (no `?tenant=`).
    let give = UserRolesRequest {
        tenant_id: TenantId::new(seed::ACME),
        ..roles_of(LEAD, &[ROLE_TENANT_ADMIN])
    };
    app.management()
        .update_roles(RoleOp::Add, &give)
        .await
        .unwrap();
    app.management()
        .update_roles(RoleOp::Remove, &give)
        .await
        .unwrap();
    assert_eq!(acme_roles(&app, LEAD).await, strings(&[LEAD_ROLE]));
    assert_eq!(
        acme_roles(&app, MEMBER).await,
        strings(&["SSO Helper", "SSO Helper 2"])
    );
    // The acme admin may grant everything; the management key is told nothing.
    let roles = acme_admin.roles().await.unwrap().roles;
    assert!(
        roles.iter().all(|role| role.grantable == Some(true)),
        "{roles:?}"
    );
    let roles = management_in_acme.roles().await.unwrap().roles;
    assert!(
        roles.iter().all(|role| role.grantable.is_none()),
        "{roles:?}"
    );
}

/// SSO group mappings give roles at sign-in on the SSO admin's word: an admin holding only
/// `SSO Admin` cannot map a group to `Tenant Admin`, but can map one to a role they could give.
async fn an_sso_admin_maps_groups_only_to_roles_they_could_grant(backend: Backend) {
    use tenantkit_wire::sso::{ConfigureOidcRequest, OidcSettings, RoleMapping};
    let (app, _) = setup(backend).await;
    const SSO_LEAD: &str = "sso-lead@acme.test";
    app.add_user(
        new_user(SSO_LEAD, "Sid Sso", &[(seed::ACME, &[SSO_ROLE])]),
        Some(PASSWORD),
    )
    .await;
    let signed_in = app.sign_in(SSO_LEAD, PASSWORD).await.unwrap();
    let sso_lead = app.widget(&signed_in.session_jwt, seed::ACME);
    let configure = |role: &str| ConfigureOidcRequest {
        tenant_id: TenantId::new(seed::ACME),
        sso_id: "oidc".to_owned(),
        settings: OidcSettings {
            name: "Example IdP".to_owned(),
            client_id: "client-1".to_owned(),
            client_secret: "very-secret-value".to_owned(),
            issuer: "https://idp.example.com".to_owned(),
            auth_url: "https://idp.example.com/authorize".to_owned(),
            token_url: "https://idp.example.com/token".to_owned(),
            jwks_url: "https://idp.example.com/jwks".to_owned(),
            role_mappings: vec![RoleMapping {
                groups: strings(&["it-admins"]),
                role_name: role.to_owned(),
            }],
            ..OidcSettings::default()
        },
        ..ConfigureOidcRequest::default()
    };
    assert_refused(
        sso_lead.configure_oidc(&configure(ROLE_TENANT_ADMIN)).await,
        ROLE_TENANT_ADMIN,
        &[PERMISSION_USER_ADMIN, PERMISSION_IMPERSONATE],
    );
    let stored = app
        .management()
        .load_all_sso_settings(seed::ACME)
        .await
        .unwrap();
    let stored = serde_json::to_string(&stored).unwrap();
    assert!(
        !stored.contains("it-admins"),
        "nothing stored on a refusal: {stored}"
    );
    sso_lead.configure_oidc(&configure(SSO_ROLE)).await.unwrap();
}

/// Setting a Tenant Admin's password would let a User Admin sign in as them and hold everything
/// they hold: an admin changes the account (password, status, email, sessions) only of users who
/// hold nothing in the tenant that the admin lacks.
async fn a_user_admin_cannot_take_over_the_account_of_someone_holding_more(backend: Backend) {
    use tenantkit_wire::Secret;
    use tenantkit_wire::UserStatus;
    use tenantkit_wire::user_ops::{SetPasswordRequest, UpdateEmailRequest, UpdateStatusRequest};
    let (app, lead) = setup(backend).await;
    let admin = LoginId::new(seed::ACME_ADMIN);
    let refused = |result: Result<_, tenantkit_client::ApiError>| {
        let body = assert_wire_error(result, 403, FORBIDDEN);
        assert!(
            body.error_message.contains(seed::ACME_ADMIN)
                && body.error_message.contains(PERMISSION_SSO_ADMIN)
                && body
                    .error_message
                    .contains("which you do not hold in tenant acme"),
            "{body:?}"
        );
    };
    refused(
        lead.set_temporary_password(&SetPasswordRequest {
            login_id: admin.clone(),
            password: Secret::new(""),
        })
        .await
        .map(|_| ()),
    );
    refused(
        lead.update_status(&UpdateStatusRequest {
            login_id: admin.clone(),
            status: Some(UserStatus::Disabled),
        })
        .await
        .map(|_| ()),
    );
    refused(
        lead.update_email(&UpdateEmailRequest {
            login_id: admin.clone(),
            email: "attacker@example.com".to_owned(),
            verified: false,
        })
        .await
        .map(|_| ()),
    );
    // Nothing changed: the admin still signs in with their own password, enabled, same email.
    let untouched = app.user(seed::ACME_ADMIN).await;
    assert_eq!(untouched.status, UserStatus::Enabled);
    assert_eq!(untouched.email, seed::ACME_ADMIN);
    app.sign_in(seed::ACME_ADMIN, seed::DEMO_PASSWORD)
        .await
        .unwrap();

    // A user holding no more than the lead: their account is the lead's to change.
    lead.set_temporary_password(&SetPasswordRequest {
        login_id: LoginId::new(MEMBER),
        password: Secret::new(""),
    })
    .await
    .unwrap();
    lead.update_status(&UpdateStatusRequest {
        login_id: LoginId::new(MEMBER),
        status: Some(UserStatus::Disabled),
    })
    .await
    .unwrap();
}
