//! SCIM provisioning over HTTP, on both databases: the token's life (created and rotated by the
//! tenant admin, shown once, stored hashed, refused once rotated or revoked), the request
//! sequences Okta and Microsoft Entra ID send when a user is assigned, changed, deactivated and
//! removed and when a group is pushed (bodies as their documentation and captured traffic show
//! them), group-to-role mapping, sessions ended by deactivation, what SCIM may not do to a person
//! other tenants share, and isolation: a token reaches its own tenant's SCIM endpoints only.
//! (The RFC compliance run, PyPI `scim2-tester`, is `tests/compat/scim.test.mjs`.)

use crate::util::{Backend, TestApp, assert_wire_error, backend_tests, new_user};
use reqwest::Method;
use serde_json::{Value, json};
use tenantkit_client::RoleOp;
use tenantkit_server::seed;
use tenantkit_wire::group::{GroupMember, GroupMembersRequest, GroupsRequest, MemberGroupsRequest};
use tenantkit_wire::scim::ScimGroupRolesRequest;
use tenantkit_wire::user_ops::UserRolesRequest;
use tenantkit_wire::{LoginId, PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN, TenantId, UserStatus};

backend_tests!(
    the_admin_creates_rotates_and_revokes_the_token,
    okta_assigns_changes_deactivates_and_pushes_groups,
    entra_sends_its_own_shapes_and_deletes,
    group_roles_follow_membership_and_spare_roles_given_by_hand,
    deactivation_ends_sessions_and_shared_people_keep_their_account,
    a_token_reaches_its_own_tenant_only,
    errors_are_scim_errors_and_refusals_are_audited,
    descope_group_tools_read_the_pushed_groups,
);

/// An IdP speaking SCIM to one tenant with a token.
struct Idp<'a> {
    app: &'a TestApp,
    base: String,
    token: String,
}

impl Idp<'_> {
    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .app
            .http(method, &format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {}", self.token))
            .header("accept", "application/scim+json");
        if let Some(body) = body {
            request = request
                .header("content-type", "application/scim+json; charset=utf-8")
                .body(body.to_string());
        }
        let response = request.send().await.expect("the SCIM request is answered");
        let status = response.status().as_u16();
        if status != 204 {
            assert_eq!(
                response
                    .headers()
                    .get("content-type")
                    .and_then(|value| value.to_str().ok()),
                Some("application/scim+json"),
                "{path}"
            );
        }
        let text = response.text().await.expect("a body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("a JSON body")
        };
        (status, body)
    }

    /// POSTs a resource, which must be created (201); its answer.
    async fn create(&self, path: &str, body: Value) -> Value {
        let (status, created) = self.send(Method::POST, path, Some(body)).await;
        assert_eq!(status, 201, "{path}: {created}");
        created
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(Method::GET, path, None).await
    }
}

/// The acme admin's SCIM token, and an IdP that uses it.
async fn acme_idp(app: &TestApp) -> Idp<'_> {
    let (admin, _) = app.acme_admin().await;
    let token = admin.rotate_scim_token("").await.expect("a token");
    Idp {
        app,
        base: format!("/scim/v2/{}", seed::ACME),
        token: token.cleartext.expose().to_owned(),
    }
}

fn user_body(user_name: &str, given: &str, family: &str, external_id: &str) -> Value {
    // What Okta sends when a user is assigned (Okta's SCIM 2.0 reference), password included.
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "name": {"givenName": given, "familyName": family},
        "emails": [{"primary": true, "value": user_name, "type": "work"}],
        "displayName": format!("{given} {family}"),
        "locale": "en-US",
        "externalId": external_id,
        "groups": [],
        "password": "1mz050nq",
        "active": true,
    })
}

async fn the_admin_creates_rotates_and_revokes_the_token(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let (admin, _) = app.acme_admin().await;
    let settings = admin.scim_settings("").await.unwrap();
    assert!(settings.token.is_none());
    assert!(
        settings.base_url.ends_with("/scim/v2/acme"),
        "{}",
        settings.base_url
    );
    let first = admin.rotate_scim_token("").await.unwrap();
    // Stored as a hash only.
    let stored: Vec<String> = sqlx::query_scalar("SELECT secret_hash FROM scim_tokens")
        .fetch_all(app.db().pool())
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(first.cleartext.expose()));
    let idp = Idp {
        app: &app,
        base: "/scim/v2/acme".to_owned(),
        token: first.cleartext.expose().to_owned(),
    };
    assert_eq!(idp.get("/Users?startIndex=1&count=2").await.0, 200);
    let second = admin.rotate_scim_token("").await.unwrap();
    assert_ne!(first.token.id, second.token.id);
    assert_eq!(
        idp.get("/Users").await.0,
        401,
        "the rotated token stops at once"
    );
    let idp = Idp {
        token: second.cleartext.expose().to_owned(),
        ..idp
    };
    assert_eq!(idp.get("/ServiceProviderConfig").await.0, 200);
    let settings = admin.scim_settings("").await.unwrap();
    assert_eq!(settings.token.map(|token| token.id), Some(second.token.id));
    admin.revoke_scim_token("").await.unwrap();
    assert_eq!(idp.get("/Users").await.0, 401, "a revoked token stops");
    // A user admin who is not an SSO admin sets nothing up: the token is both.
    let limited = app
        .acme_user_with("ua@acme.test", &[PERMISSION_USER_ADMIN])
        .await;
    assert_wire_error(limited.scim_settings("").await, 403, "E061103");
    assert_wire_error(limited.rotate_scim_token("").await, 403, "E061103");
    // The management key may, for any tenant it names.
    let management = app.management();
    assert!(
        management
            .scim_settings(seed::GLOBEX)
            .await
            .unwrap()
            .token
            .is_none()
    );
    let events: Vec<String> = app.audit().await.into_iter().map(|event| event.0).collect();
    for action in ["ScimTokenCreated", "ScimTokenRotated", "ScimTokenRevoked"] {
        assert!(events.iter().any(|event| event == action), "{action}");
    }
}

async fn okta_assigns_changes_deactivates_and_pushes_groups(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let idp = acme_idp(&app).await;
    // Test Connector Configuration.
    let (status, page) = idp.get("/Users?startIndex=1&count=2").await;
    assert_eq!(status, 200);
    assert_eq!(page["itemsPerPage"], 2);
    assert!(page["totalResults"].as_i64().unwrap() > 2);
    // Assignment: the lookup by userName (in capitals, as Okta's own tests do) finds nobody...
    let lookup =
        "/Users?filter=userName%20eq%20%22GRACE.HOPPER%40ACME.TEST%22&startIndex=1&count=100";
    let (status, found) = idp.get(lookup).await;
    assert_eq!((status, &found["totalResults"]), (200, &json!(0)));
    assert_eq!(found["Resources"], json!([]));
    // ...so Okta creates them.
    let created = idp
        .create(
            "/Users",
            user_body(
                "grace.hopper@acme.test",
                "Grace",
                "Hopper",
                "00ujl29u0le5T6Aj10h7",
            ),
        )
        .await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["userName"], "grace.hopper@acme.test");
    assert_eq!(created["externalId"], "00ujl29u0le5T6Aj10h7");
    assert_eq!(created["active"], true);
    assert!(created.get("password").is_none(), "never returned");
    assert!(
        created["meta"]["location"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/Users/{id}"))
    );
    let (_, found) = idp.get(lookup).await;
    assert_eq!(found["totalResults"], 1);
    assert_eq!(found["Resources"][0]["id"], id.as_str());
    // A user of the tenant like any other.
    let user = app.user("grace.hopper@acme.test").await;
    assert_eq!(user.email, "grace.hopper@acme.test");
    assert_eq!(user.given_name, "Grace");
    assert_eq!(user.user_tenants[0].tenant_id.as_str(), seed::ACME);
    // Assigning again is a conflict.
    let (status, error) = idp
        .send(
            Method::POST,
            "/Users",
            Some(user_body("grace.hopper@acme.test", "G", "H", "x")),
        )
        .await;
    assert_eq!((status, &error["scimType"]), (409, &json!("uniqueness")));
    // Profile push: GET then PUT of the whole user.
    let (_, mut current) = idp.get(&format!("/Users/{id}")).await;
    current["name"]["familyName"] = json!("Murray Hopper");
    current["displayName"] = json!("Grace Murray Hopper");
    let (status, replaced) = idp
        .send(Method::PUT, &format!("/Users/{id}"), Some(current))
        .await;
    assert_eq!(status, 200, "{replaced}");
    assert_eq!(replaced["name"]["familyName"], "Murray Hopper");
    assert_eq!(
        app.user("grace.hopper@acme.test").await.name,
        "Grace Murray Hopper"
    );
    // Group push: create, then membership.
    let group = idp
        .create(
            "/Groups",
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "displayName": "Engineering",
                "members": [],
            }),
        )
        .await;
    let group_id = group["id"].as_str().unwrap().to_owned();
    let admin_id = app.user(seed::ACME_ADMIN).await.user_id;
    let patch = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "replace", "value": {"id": group_id, "displayName": "Engineering"}},
            {"op": "add", "path": "members", "value": [
                {"value": id, "display": "grace.hopper@acme.test"},
                {"value": admin_id.as_str(), "display": seed::ACME_ADMIN},
            ]},
        ],
    });
    let (status, patched) = idp
        .send(Method::PATCH, &format!("/Groups/{group_id}"), Some(patch))
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["members"].as_array().unwrap().len(), 2);
    let remove = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": format!("members[value eq \"{}\"]", admin_id)}],
    });
    let (status, _) = idp
        .send(Method::PATCH, &format!("/Groups/{group_id}"), Some(remove))
        .await;
    assert_eq!(status, 200);
    let (_, group) = idp.get(&format!("/Groups/{group_id}")).await;
    assert_eq!(
        group["members"],
        json!([{
            "value": id,
            "$ref": format!("{}/Users/{id}", group["meta"]["location"].as_str().unwrap().rsplit_once("/Groups/").unwrap().0),
        }])
    );
    let (_, groups) = idp
        .get("/Groups?filter=displayName%20eq%20%22engineering%22&excludedAttributes=members")
        .await;
    assert_eq!(groups["totalResults"], 1);
    assert!(groups["Resources"][0].get("members").is_none());
    // Deactivation (Okta never deletes): PATCH active false.
    let deactivate = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {"active": false}}],
    });
    let (status, user) = idp
        .send(Method::PATCH, &format!("/Users/{id}"), Some(deactivate))
        .await;
    assert_eq!((status, &user["active"]), (200, &json!(false)));
    assert_eq!(
        app.user("grace.hopper@acme.test").await.status,
        UserStatus::Disabled
    );
    // Still found, as an inactive user.
    let (_, found) = idp.get(lookup).await;
    assert_eq!(found["Resources"][0]["active"], false);
    let (_, inactive) = idp.get("/Users?filter=active%20eq%20false").await;
    assert!(
        inactive["Resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == id.as_str())
    );
    // Reactivation.
    let reactivate = json!({"Operations": [{"op": "replace", "value": {"active": true}}]});
    let (status, user) = idp
        .send(Method::PATCH, &format!("/Users/{id}"), Some(reactivate))
        .await;
    assert_eq!((status, &user["active"]), (200, &json!(true)));
    assert_eq!(
        app.user("grace.hopper@acme.test").await.status,
        UserStatus::Enabled
    );
    // Every change names SCIM as the actor.
    let scim_events: Vec<String> = app
        .audit()
        .await
        .into_iter()
        .filter(|event| event.1 == "SCIM")
        .map(|event| event.0)
        .collect();
    for action in [
        "UserCreated",
        "UserModified",
        "ScimGroupCreated",
        "ScimGroupMembersChanged",
        "UserDisabled",
        "UserEnabled",
    ] {
        assert!(
            scim_events.iter().any(|event| event == action),
            "{action}: {scim_events:?}"
        );
    }
}

async fn entra_sends_its_own_shapes_and_deletes(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let idp = acme_idp(&app).await;
    // Test Connection: a random GUID that matches nobody, with the compatibility flag.
    let (status, empty) = idp
        .get(
            "/Users?filter=userName+eq+%22ffe2a2d6-6b8d-4b3b-8c8f-5f0d0a0c1e2b%22&aadOptscim062020",
        )
        .await;
    assert_eq!((status, &empty["totalResults"]), (200, &json!(0)));
    assert_eq!(
        idp.get("/Users/ffe2a2d6-6b8d-4b3b-8c8f-5f0d0a0c1e2b")
            .await
            .0,
        404
    );
    // Create, with Entra's extras: its enterprise schema, read-only meta, nulls, roles.
    let created = idp.create("/Users", json!({
                "schemas": [
                    "urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
                ],
                "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
                "userName": "Test_User_ab6490ee@acme.test",
                "active": true,
                "emails": [{"primary": true, "type": "work", "value": "Test_User_ab6490ee@acme.test"}],
                "meta": {"resourceType": "User"},
                "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
                "roles": [],
                "addresses": null,
                "phoneNumbers": null,
                "title": null,
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales"},
            })).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["displayName"], "givenName familyName");
    let (_, by_external) = idp
        .get("/Users?filter=externalId%20eq%20%220a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef%22")
        .await;
    assert_eq!(by_external["Resources"][0]["id"], id.as_str());
    let (_, by_email) = idp
        .get("/Users?filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22test_user_ab6490ee%40acme.test%22")
        .await;
    assert_eq!(by_email["totalResults"], 1, "{by_email}");
    // Update with capitalised ops, filtered paths, a phone in any format, unknown attributes.
    let (status, updated) = idp
        .send(
            Method::PATCH,
            &format!("/Users/{id}"),
            Some(json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [
                    {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "updated@acme.test"},
                    {"op": "Add", "path": "phoneNumbers[type eq \"work\"].value", "value": "+1-555-0100"},
                    {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
                    {"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "someone"},
                    {"op": "replace", "value": {"displayName": "Updated Name", "name.givenName": "Updated"}},
                ],
            })),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["emails"][0]["value"], "updated@acme.test");
    assert_eq!(updated["phoneNumbers"][0]["value"], "+15550100");
    assert_eq!(updated["name"]["givenName"], "Updated");
    assert_eq!(updated["displayName"], "Updated Name");
    // Disable with the string Entra sends without the flag.
    let (status, disabled) = idp
        .send(
            Method::PATCH,
            &format!("/Users/{id}"),
            Some(
                json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}),
            ),
        )
        .await;
    assert_eq!((status, &disabled["active"]), (200, &json!(false)));
    // Groups: create with its own schema URN too, member removes with a value (only those go).
    let user_ids: Vec<String> = {
        let (_, page) = idp.get("/Users?count=3").await;
        page["Resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let group = idp.create("/Groups", json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                "displayName": "Group1DisplayName",
                "meta": {"resourceType": "Group"},
            })).await;
    let group_id = group["id"].as_str().unwrap().to_owned();
    let members = |ids: &[String]| {
        ids.iter()
            .map(|id| json!({"value": id}))
            .collect::<Vec<_>>()
    };
    let (status, _) = idp
        .send(
            Method::PATCH,
            &format!("/Groups/{group_id}"),
            Some(json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{"op": "Add", "path": "members", "value": members(&user_ids)}],
            })),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = idp
        .send(Method::PATCH, &format!("/Groups/{group_id}"), Some(json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": user_ids[0]}]}],
        })))
        .await;
    assert_eq!(status, 200);
    let (_, group) = idp.get(&format!("/Groups/{group_id}")).await;
    assert_eq!(
        group["members"].as_array().unwrap().len(),
        user_ids.len() - 1,
        "{group}"
    );
    let (_, member_of) = idp
        .get(&format!("/Groups?filter=id%20eq%20%22{group_id}%22%20and%20members%5Bvalue%20eq%20%22{}%22%5D&excludedAttributes=members", user_ids[1]))
        .await;
    assert_eq!(member_of["totalResults"], 1, "{member_of}");
    // Hard delete, 204, then 404; the group loses the member.
    assert_eq!(
        idp.send(Method::DELETE, &format!("/Users/{id}"), None)
            .await
            .0,
        204
    );
    let (status, gone) = idp.get(&format!("/Users/{id}")).await;
    assert_eq!((status, &gone["status"]), (404, &json!("404")));
    assert_eq!(
        idp.send(Method::DELETE, &format!("/Groups/{group_id}"), None)
            .await
            .0,
        204
    );
    assert_eq!(idp.get(&format!("/Groups/{group_id}")).await.0, 404);
}

async fn group_roles_follow_membership_and_spare_roles_given_by_hand(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let idp = acme_idp(&app).await;
    let (admin, _) = app.acme_admin().await;
    let grace = idp
        .create("/Users", user_body("grace@acme.test", "Grace", "H", "g"))
        .await;
    let alan = idp
        .create("/Users", user_body("alan@acme.test", "Alan", "T", "a"))
        .await;
    let group = idp
        .create(
            "/Groups",
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "displayName": "Support", "members": [{"value": grace["id"]}],
            }),
        )
        .await;
    let group_id = group["id"].as_str().unwrap().to_owned();
    // Alan holds the role by hand already.
    admin
        .update_roles(
            RoleOp::Add,
            &UserRolesRequest {
                login_id: LoginId::new("alan@acme.test"),
                tenant_id: TenantId::new(seed::ACME),
                role_names: vec![seed::ACME_SUPPORT_ROLE.to_owned()],
            },
        )
        .await
        .unwrap();
    let settings = admin
        .set_scim_group_roles(&ScimGroupRolesRequest {
            tenant_id: String::new(),
            group_id: group_id.clone(),
            role_names: vec![seed::ACME_SUPPORT_ROLE.to_owned()],
        })
        .await
        .unwrap();
    assert_eq!(
        settings.groups[0].role_names,
        vec![seed::ACME_SUPPORT_ROLE.to_owned()]
    );
    assert_eq!(settings.groups[0].members, 1);
    let roles = |login: &'static str| {
        let app = &app;
        async move { app.user(login).await.user_tenants[0].role_names.clone() }
    };
    assert_eq!(
        roles("grace@acme.test").await,
        vec![seed::ACME_SUPPORT_ROLE.to_owned()]
    );
    // Alan joins and leaves the group: his own grant stays.
    for op in ["add", "remove"] {
        let (status, _) = idp
            .send(
                Method::PATCH,
                &format!("/Groups/{group_id}"),
                Some(json!({
                    "Operations": [{"op": op, "path": "members", "value": [{"value": alan["id"]}]}],
                })),
            )
            .await;
        assert_eq!(status, 200);
    }
    assert_eq!(
        roles("alan@acme.test").await,
        vec![seed::ACME_SUPPORT_ROLE.to_owned()]
    );
    // Grace leaves the group: the role it gave goes.
    let (status, _) = idp
        .send(
            Method::PATCH,
            &format!("/Groups/{group_id}"),
            Some(json!({
                "Operations": [{"op": "remove", "path": "members"}],
            })),
        )
        .await;
    assert_eq!(status, 200);
    assert!(roles("grace@acme.test").await.is_empty());
    // A role the admin could not give by hand cannot be mapped either.
    let limited = app
        .acme_user_with(
            "limited@acme.test",
            &[PERMISSION_USER_ADMIN, PERMISSION_SSO_ADMIN],
        )
        .await;
    assert_wire_error(
        limited
            .set_scim_group_roles(&ScimGroupRolesRequest {
                tenant_id: String::new(),
                group_id: group_id.clone(),
                role_names: vec!["Tenant Admin".to_owned()],
            })
            .await,
        403,
        "E061103",
    );
}

async fn deactivation_ends_sessions_and_shared_people_keep_their_account(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let idp = acme_idp(&app).await;
    app.add_user(
        new_user("carol@acme.test", "Carol", &[(seed::ACME, &[])]),
        Some("a long enough password 1"),
    )
    .await;
    let carol = app
        .sign_in("carol@acme.test", "a long enough password 1")
        .await
        .unwrap();
    app.anonymous()
        .me(&carol.session_jwt)
        .await
        .expect("signed in");
    let (_, found) = idp
        .get("/Users?filter=userName%20eq%20%22carol%40acme.test%22")
        .await;
    let carol_id = found["Resources"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = idp
        .send(
            Method::PATCH,
            &format!("/Users/{carol_id}"),
            Some(json!({
                "Operations": [{"op": "replace", "path": "active", "value": false}],
            })),
        )
        .await;
    assert_eq!(status, 200);
    assert_wire_error(app.anonymous().me(&carol.session_jwt).await, 401, "E061102");
    assert_wire_error(
        app.anonymous()
            .refresh(carol.refresh_jwt.as_ref().unwrap())
            .await,
        401,
        "E061102",
    );
    // A partner belongs to acme and globex: acme's IdP cannot change their account...
    app.add_user(
        new_user(
            "pat@partners.test",
            "Pat",
            &[(seed::ACME, &[]), (seed::GLOBEX, &[])],
        ),
        Some("a long enough password 1"),
    )
    .await;
    let pat = app
        .sign_in("pat@partners.test", "a long enough password 1")
        .await
        .unwrap();
    let (_, found) = idp
        .get("/Users?filter=userName%20eq%20%22pat%40partners.test%22")
        .await;
    let pat_id = found["Resources"][0]["id"].as_str().unwrap().to_owned();
    let mut renamed = found["Resources"][0].clone();
    renamed["displayName"] = json!("Not Pat");
    renamed["active"] = json!(false);
    let (status, after) = idp
        .send(Method::PUT, &format!("/Users/{pat_id}"), Some(renamed))
        .await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["active"], false);
    let pat_now = app.user("pat@partners.test").await;
    assert_eq!(
        pat_now.name, "Pat",
        "the shared account is not acme's to rename"
    );
    assert_eq!(pat_now.status, UserStatus::Enabled);
    // ...their membership in acme ends, and their sessions with it; globex is untouched.
    let tenants: Vec<String> = pat_now
        .user_tenants
        .iter()
        .map(|t| t.tenant_id.as_str().to_owned())
        .collect();
    assert_eq!(tenants, vec![seed::GLOBEX.to_owned()]);
    assert_wire_error(
        app.anonymous()
            .refresh(pat.refresh_jwt.as_ref().unwrap())
            .await,
        401,
        "E061102",
    );
    let again = app
        .sign_in("pat@partners.test", "a long enough password 1")
        .await
        .unwrap();
    assert!(again.session_jwt.expose().len() > 10);
    // Reactivation brings them back to acme; DELETE takes them out of acme only.
    let (status, back) = idp
        .send(
            Method::PATCH,
            &format!("/Users/{pat_id}"),
            Some(json!({
                "Operations": [{"op": "replace", "value": {"active": true}}],
            })),
        )
        .await;
    assert_eq!((status, &back["active"]), (200, &json!(true)));
    assert_eq!(app.user("pat@partners.test").await.user_tenants.len(), 2);
    assert_eq!(
        idp.send(Method::DELETE, &format!("/Users/{pat_id}"), None)
            .await
            .0,
        204
    );
    assert_eq!(idp.get(&format!("/Users/{pat_id}")).await.0, 404);
    assert_eq!(app.user("pat@partners.test").await.user_tenants.len(), 1);
    // A login id that belongs to someone outside acme is not acme's to claim.
    let (status, error) = idp
        .send(
            Method::POST,
            "/Users",
            Some(user_body(seed::GLOBEX_ADMIN, "G", "A", "x")),
        )
        .await;
    assert_eq!((status, &error["scimType"]), (409, &json!("uniqueness")));
    assert_eq!(app.user(seed::GLOBEX_ADMIN).await.user_tenants.len(), 1);
}

async fn a_token_reaches_its_own_tenant_only(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let acme = acme_idp(&app).await;
    let (globex_admin, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    let globex_token = globex_admin.rotate_scim_token("").await.unwrap();
    let globex = Idp {
        app: &app,
        base: "/scim/v2/globex".to_owned(),
        token: globex_token.cleartext.expose().to_owned(),
    };
    // Another tenant's path: 401 for every endpoint.
    let acme_on_globex = Idp {
        app: &app,
        base: "/scim/v2/globex".to_owned(),
        token: acme.token.clone(),
    };
    for path in [
        "/Users",
        "/Groups",
        "/ServiceProviderConfig",
        "/Schemas",
        "/Users/x",
    ] {
        assert_eq!(acme_on_globex.get(path).await.0, 401, "{path}");
    }
    // Another tenant's resources through one's own path: 404, and nothing changes.
    let globex_user = app.user(seed::GLOBEX_ADMIN).await.user_id;
    let path = format!("/Users/{globex_user}");
    assert_eq!(acme.get(&path).await.0, 404);
    let deactivate = json!({"Operations": [{"op": "replace", "value": {"active": false}}]});
    assert_eq!(
        acme.send(Method::PATCH, &path, Some(deactivate)).await.0,
        404
    );
    assert_eq!(
        acme.send(
            Method::PUT,
            &path,
            Some(user_body("x@acme.test", "X", "Y", "z"))
        )
        .await
        .0,
        404
    );
    assert_eq!(acme.send(Method::DELETE, &path, None).await.0, 404);
    assert_eq!(
        app.user(seed::GLOBEX_ADMIN).await.status,
        UserStatus::Enabled
    );
    let (_, listed) = acme.get("/Users?count=1000").await;
    assert!(
        listed["Resources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["id"] != globex_user.as_str())
    );
    let group = globex
        .create("/Groups", json!({"displayName": "Globex only"}))
        .await;
    let group_path = format!("/Groups/{}", group["id"].as_str().unwrap());
    assert_eq!(acme.get(&group_path).await.0, 404);
    assert_eq!(acme.send(Method::DELETE, &group_path, None).await.0, 404);
    // Another tenant's user cannot join one's group.
    let (status, error) = acme
        .send(
            Method::POST,
            "/Groups",
            Some(json!({"displayName": "Sneaky", "members": [{"value": globex_user.as_str()}]})),
        )
        .await;
    assert_eq!((status, &error["scimType"]), (400, &json!("invalidValue")));
    // A SCIM token is nothing to the management API, and a session JWT nothing to SCIM.
    assert_wire_error(
        app.raw(&format!("Bearer {}", acme.token))
            .load_tenant(seed::ACME)
            .await,
        401,
        "E061102",
    );
    let (_, admin) = app.acme_admin().await;
    let jwt_idp = Idp {
        app: &app,
        base: "/scim/v2/acme".to_owned(),
        token: admin.session_jwt.expose().to_owned(),
    };
    assert_eq!(jwt_idp.get("/Users").await.0, 401);
}

async fn errors_are_scim_errors_and_refusals_are_audited(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let idp = acme_idp(&app).await;
    let (status, error) = idp.get("/Users?filter=userName%20eq").await;
    assert_eq!((status, &error["scimType"]), (400, &json!("invalidFilter")));
    assert_eq!(
        error["schemas"],
        json!(["urn:ietf:params:scim:api:messages:2.0:Error"])
    );
    let (status, error) = idp.get("/Users?filter=title%20eq%20%22x%22").await;
    assert_eq!((status, &error["scimType"]), (400, &json!("invalidFilter")));
    let (status, error) = idp
        .send(
            Method::POST,
            "/Users",
            Some(json!({"name": {"givenName": "x"}})),
        )
        .await;
    assert_eq!(
        (status, &error["scimType"]),
        (400, &json!("invalidValue")),
        "{error}"
    );
    let (status, _) = idp
        .send(Method::POST, "/Users", Some(json!("not an object")))
        .await;
    assert_eq!(status, 400);
    let (status, error) = idp.get("/Nothing").await;
    assert_eq!((status, &error["status"]), (404, &json!("404")));
    assert_eq!(
        idp.send(Method::POST, "/ServiceProviderConfig", Some(json!({})))
            .await
            .0,
        405
    );
    assert_eq!(
        idp.send(Method::POST, "/.search", Some(json!({}))).await.0,
        501
    );
    let (status, _) = idp
        .get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
        .await;
    assert_eq!(status, 200);
    let (status, _) = idp.get("/ResourceTypes/Group").await;
    assert_eq!(status, 200);
    let (status, error) = idp.get("/Schemas/urn:nothing").await;
    assert_eq!((status, &error["status"]), (404, &json!("404")));
    // No token: 401 in the SCIM shape.
    let response = app
        .http(Method::GET, "/scim/v2/acme/Users")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "401");
    // The admin sees the refusals in the activity list.
    let (admin, _) = app.acme_admin().await;
    let activity = admin.scim_settings("").await.unwrap().activity;
    let refused: Vec<_> = activity.iter().filter(|event| event.failed).collect();
    assert!(!refused.is_empty(), "{activity:?}");
    assert_eq!(refused[0].action, "ScimRequestFailed");
    assert_eq!(refused[0].data["request"], "POST /Users");
}

async fn descope_group_tools_read_the_pushed_groups(backend: Backend) {
    let app = TestApp::seeded(backend).await;
    let idp = acme_idp(&app).await;
    let user = idp
        .create("/Users", user_body("lin@acme.test", "Lin", "Chen", "l"))
        .await;
    let group = idp
        .create(
            "/Groups",
            json!({
                "displayName": "Engineers", "members": [{"value": user["id"]}],
            }),
        )
        .await;
    let group_id = group["id"].as_str().unwrap().to_owned();
    let all = GroupsRequest {
        tenant_id: seed::ACME.to_owned(),
        sso_id: String::new(),
    };
    let groups = app.management().load_groups(&all).await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(
        (
            groups[0].id.as_str(),
            groups[0].display.as_str(),
            groups[0].source.as_str()
        ),
        (group_id.as_str(), "Engineers", "scim")
    );
    assert_eq!(
        groups[0].members,
        vec![GroupMember {
            login_id: "lin@acme.test".to_owned(),
            user_id: user["id"].as_str().unwrap().to_owned(),
            display: "Lin Chen".to_owned(),
        }]
    );
    // In widget mode, the tenant's own; groups belong to no SSO configuration.
    let (admin, _) = app.acme_admin().await;
    let mine = admin.load_groups(&GroupsRequest::default()).await.unwrap();
    assert_eq!(mine, groups);
    let by_sso = GroupsRequest {
        sso_id: "default_ssoid".to_owned(),
        ..GroupsRequest::default()
    };
    assert!(admin.load_groups(&by_sso).await.unwrap().is_empty());
    let one = admin
        .load_group_members(&GroupMembersRequest {
            group_id: group_id.clone(),
            ..GroupMembersRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(one, groups);
    let of_member = admin
        .load_member_groups(&MemberGroupsRequest {
            login_ids: vec!["LIN@acme.test".to_owned()],
            ..MemberGroupsRequest::default()
        })
        .await
        .unwrap();
    assert_eq!(of_member, groups);
    assert_wire_error(
        admin
            .load_member_groups(&MemberGroupsRequest::default())
            .await,
        400,
        "E011002",
    );
    // Another tenant's admin reaches none of them.
    let (globex, _) = app.admin(seed::GLOBEX_ADMIN, seed::GLOBEX).await;
    assert!(
        globex
            .load_groups(&GroupsRequest::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_wire_error(globex.load_groups(&all).await, 403, "E061103");
    let theirs = globex
        .load_group_members(&GroupMembersRequest {
            group_id,
            ..GroupMembersRequest::default()
        })
        .await
        .unwrap();
    assert!(theirs.is_empty());
}
