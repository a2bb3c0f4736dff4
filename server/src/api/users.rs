//! User management (wire contract: Users), with a management key (project-wide) or in widget
//! mode (a tenant admin's JWT and `?tenant=`). Handlers are thin: validate with the shared
//! rules, find the target through the caller's scope, hand a [`Change`] to storage (which
//! enforces the tenant rules and writes the audit event), answer with the user as the caller
//! may see them.

use super::caller::UserAdmin;
use super::{Access, RouteSpec, route};
use crate::auth::{self, management_key};
use crate::capability::Scope;
use crate::db::attributes::AttributeOwner;
use crate::db::user_changes::{
    AttributeWrite, Change, NewInvitation, Profile, RoleOp, Target, UserKey,
};
use crate::db::users::NewUser;
use crate::error::{Error, Result};
use crate::extract::{Json, Query};
use crate::mail::Mail;
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::routing::{MethodRouter, get, patch, post};
use serde_json::{Value, json};
use tenantkit_wire::policy::PasswordSettings;
use tenantkit_wire::user_ops::{
    BatchCreateUsersRequest, BatchCreateUsersResponse, BatchDeleteUsersRequest,
    CreateCustomAttributesRequest, CreateUserRequest, CustomAttributesResponse,
    DeleteCustomAttributesRequest, FailedUser, LoginIdRequest, PatchUserRequest,
    SetPasswordRequest, TemporaryPasswordResponse, UpdateCustomAttributeRequest,
    UpdateEmailRequest, UpdateLoginIdRequest, UpdateNameRequest, UpdatePhoneRequest,
    UpdatePictureRequest, UpdateStatusRequest, UserRef, UserResponse, UserRolesRequest,
    UserTenantRequest,
};
use tenantkit_wire::{
    FieldError, LoginId, PERMISSION_USER_ADMIN, Secret, TenantId, UserId, UserSearchRequest,
    UserSearchResponse, UserStatus, validate,
};

/// Every user route, for the router and for the tests that walk the route table.
/// Management key, or a tenant admin (`User Admin`) in widget mode.
const ADMIN: Access = Access::Widget(PERMISSION_USER_ADMIN);
/// The management key only.
const KEY: Access = Access::ManagementKey;

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![
        route::<UserSearchRequest, UserSearchResponse>(
            Method::POST,
            "/v1/mgmt/user/search",
            ADMIN,
            post(search),
        ),
        route::<UserSearchRequest, UserSearchResponse>(
            Method::POST,
            "/v2/mgmt/user/search",
            ADMIN,
            post(search),
        ),
        route::<CreateUserRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/create",
            ADMIN,
            post(create),
        ),
        route::<BatchCreateUsersRequest, BatchCreateUsersResponse>(
            Method::POST,
            "/v1/mgmt/user/create/batch",
            ADMIN,
            post(create_batch),
        ),
        route::<CreateUserRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update",
            ADMIN,
            post(update),
        ),
        route::<PatchUserRequest, UserResponse>(
            Method::PATCH,
            "/v1/mgmt/user/patch",
            ADMIN,
            patch(patch_user),
        ),
        route::<UserRef, Value>(Method::POST, "/v1/mgmt/user/delete", ADMIN, post(delete)),
        route::<BatchDeleteUsersRequest, Value>(
            Method::POST,
            "/v1/mgmt/user/delete/batch",
            ADMIN,
            post(delete_batch),
        ),
        route::<UserRef, UserResponse>(Method::GET, "/v1/mgmt/user", ADMIN, get(load)),
        route::<UpdateStatusRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/status",
            ADMIN,
            post(update_status),
        ),
        route::<UserRolesRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/role/set",
            ADMIN,
            post(set_roles),
        ),
        route::<UserRolesRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/role/add",
            ADMIN,
            post(add_roles),
        ),
        route::<UserRolesRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/role/remove",
            ADMIN,
            post(remove_roles),
        ),
        route::<UserRolesRequest, UserResponse>(
            Method::POST,
            "/v2/mgmt/user/update/role/set",
            ADMIN,
            post(set_roles),
        ),
        route::<UserRolesRequest, UserResponse>(
            Method::POST,
            "/v2/mgmt/user/update/role/add",
            ADMIN,
            post(add_roles),
        ),
        route::<UserRolesRequest, UserResponse>(
            Method::POST,
            "/v2/mgmt/user/update/role/remove",
            ADMIN,
            post(remove_roles),
        ),
        route::<UserTenantRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/tenant/add",
            ADMIN,
            post(add_tenant),
        ),
        route::<UserTenantRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/tenant/remove",
            ADMIN,
            post(remove_tenant),
        ),
        route::<UpdateEmailRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/email",
            ADMIN,
            post(update_email),
        ),
        route::<UpdatePhoneRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/phone",
            ADMIN,
            post(update_phone),
        ),
        route::<UpdateNameRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/name",
            ADMIN,
            post(update_name),
        ),
        route::<UpdatePictureRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/picture",
            ADMIN,
            post(update_picture),
        ),
        route::<UpdateLoginIdRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/loginid",
            ADMIN,
            post(update_login_id),
        ),
        route::<UpdateCustomAttributeRequest, UserResponse>(
            Method::POST,
            "/v1/mgmt/user/update/customAttribute",
            ADMIN,
            post(update_custom_attribute),
        ),
        route::<SetPasswordRequest, TemporaryPasswordResponse>(
            Method::POST,
            "/v1/mgmt/user/password/set/temporary",
            ADMIN,
            post(set_temporary_password),
        ),
        route::<SetPasswordRequest, Value>(
            Method::POST,
            "/v1/mgmt/user/password/set/active",
            ADMIN,
            post(set_active_password),
        ),
        route::<LoginIdRequest, Value>(
            Method::POST,
            "/v1/mgmt/user/password/expire",
            ADMIN,
            post(expire_password),
        ),
        route::<LoginIdRequest, Value>(
            Method::POST,
            "/v1/mgmt/user/passkeys/delete",
            ADMIN,
            post(remove_passkeys),
        ),
        route::<LoginIdRequest, Value>(
            Method::POST,
            "/v1/mgmt/user/totp/delete",
            ADMIN,
            post(remove_totp),
        ),
        route::<UserRef, Value>(Method::POST, "/v1/mgmt/user/logout", ADMIN, post(logout)),
        route::<LoginIdRequest, Value>(
            Method::POST,
            "/v1/mgmt/user/invite/resend",
            ADMIN,
            post(resend_invite),
        ),
        route::<(), CustomAttributesResponse>(
            Method::GET,
            "/v1/mgmt/user/customattributes",
            ADMIN,
            get(custom_attributes),
        ),
        route::<CreateCustomAttributesRequest, Value>(
            Method::POST,
            "/v1/mgmt/user/customattribute/create",
            KEY,
            post(create_custom_attributes),
        ),
        route::<DeleteCustomAttributesRequest, Value>(
            Method::POST,
            "/v1/mgmt/user/customattribute/delete",
            KEY,
            post(delete_custom_attributes),
        ),
        route::<(), Value>(
            Method::DELETE,
            "/v1/mgmt/user/test/delete/all",
            KEY,
            axum::routing::delete(delete_test_users),
        ),
    ]
}

/// `DELETE /v1/mgmt/user/test/delete/all` -> `{}`: every test user of the project goes
/// (management key only), with their memberships, roles and sessions; other users stay.
async fn delete_test_users(State(state): State<AppState>, admin: UserAdmin) -> Result<Json<Value>> {
    let scope = admin.project_wide("Test users are deleted")?;
    state
        .db()
        .delete_test_users(scope, &admin.actor, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}

impl UserAdmin {
    /// The user `login_id` names, within the scope.
    pub(super) async fn target(&self, state: &AppState, login_id: &LoginId) -> Result<Target> {
        require_login_id(login_id)?;
        state
            .db()
            .target(&self.scope, UserKey::LoginId(login_id))
            .await
    }

    /// The user a `{loginId | userId}` request names, within the scope.
    async fn target_ref(&self, state: &AppState, user: &UserRef) -> Result<Target> {
        let key = match (&user.login_id, &user.user_id) {
            (Some(login_id), _) if !login_id.as_str().is_empty() => UserKey::LoginId(login_id),
            (_, Some(user_id)) if !user_id.as_str().is_empty() => UserKey::UserId(user_id),
            _ => {
                return Err(Error::MissingArguments(
                    "loginId or userId is required".to_owned(),
                ));
            }
        };
        state.db().target(&self.scope, key).await
    }

    /// Applies `changes` to `target` and answers with the user afterwards.
    async fn change(
        &self,
        state: &AppState,
        target: &Target,
        changes: &[Change],
    ) -> Result<Json<UserResponse>> {
        state
            .db()
            .change_user(&self.scope, &self.actor, target, changes, state.now_ms())
            .await?;
        self.respond(state, target).await
    }

    /// `{user}` as the scope sees them.
    async fn respond(&self, state: &AppState, target: &Target) -> Result<Json<UserResponse>> {
        let record = state.db().load_user(&self.scope, target).await?;
        Ok(Json(UserResponse {
            user: record.into_wire(self.scope.tenant_view()),
        }))
    }

    /// The tenant a role or membership request means: in widget mode the `?tenant=` one
    /// (a request may repeat it or leave it empty); with a management key the request's own.
    fn tenant_of(&self, requested: &TenantId) -> Result<TenantId> {
        self.scope.resolve(requested).cloned().map_err(|own| {
            Error::Forbidden(format!(
                "A tenant admin can only change memberships and roles in tenant {own}"
            ))
        })
    }
}

fn require_login_id(login_id: &LoginId) -> Result<()> {
    if login_id.as_str().trim().is_empty() {
        Err(Error::MissingArguments("loginId is required".to_owned()))
    } else {
        Ok(())
    }
}

fn empty() -> Json<Value> {
    Json(json!({}))
}

fn field_check(field: &'static str, result: std::result::Result<(), String>) -> Result<()> {
    result.map_err(|message| Error::Validation(vec![FieldError { field, message }]))
}

/// Checks custom attribute values against the project's definitions.
async fn check_attributes(
    state: &AppState,
    attributes: &serde_json::Map<String, Value>,
) -> Result<()> {
    if attributes.is_empty() {
        return Ok(());
    }
    let definitions = state
        .db()
        .attribute_definitions(AttributeOwner::Users)
        .await?;
    Error::check_fields(validate::custom_attributes(&definitions, attributes))
}

/// `POST /v1/mgmt/user/search` and `/v2/...`: a page of users; in widget mode confined to the
/// tenant and projected onto it.
pub(super) async fn search(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UserSearchRequest>,
) -> Result<Json<UserSearchResponse>> {
    let page = state.db().search_users(&admin.scope, &request).await?;
    let view = admin.scope.tenant_view();
    Ok(Json(UserSearchResponse {
        users: page
            .users
            .into_iter()
            .map(|user| user.into_wire(view))
            .collect(),
        total: page.total,
        total_capped: page.total_capped,
    }))
}

/// An invitation to send: the cleartext link goes into the email only.
struct Invitation {
    stored: NewInvitation,
    link: String,
}

/// A fresh one-time link for an invitation, checking that a product's own `invite_url` is on
/// an allowed origin (an admin cannot make our emails point anywhere).
fn new_invitation(state: &AppState, invite_url: &str) -> Result<Invitation> {
    let settings = state.settings();
    let invite_url = invite_url.trim();
    if !invite_url.is_empty() {
        let allowed = settings
            .allowed_origins
            .iter()
            .map(String::as_str)
            .chain([settings.public_url.as_str()])
            .any(|origin| {
                let origin = origin.trim_end_matches('/');
                invite_url == origin
                    || invite_url
                        .strip_prefix(origin)
                        .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('?'))
            });
        if !allowed {
            return Err(Error::Validation(vec![FieldError {
                field: "inviteUrl",
                message: format!(
                    "The invitation URL {invite_url:?} is not on an allowed origin of this server"
                ),
            }]));
        }
    }
    let token = management_key::random_secret();
    let base = if invite_url.is_empty() {
        format!("{}/tk/invite", settings.public_url)
    } else {
        invite_url.to_owned()
    };
    let separator = if base.contains('?') { '&' } else { '?' };
    Ok(Invitation {
        link: format!("{base}{separator}token={}", token.expose()),
        stored: NewInvitation {
            token_hash: management_key::hash(&token),
            invite_url: invite_url.to_owned(),
            expires: state.now().saturating_add(settings.invite_ttl_secs),
        },
    })
}

/// Emails `invitation` to `email`.
async fn send_invitation(
    state: &AppState,
    scope: &Scope,
    email: &str,
    label: &str,
    invitation: &Invitation,
) -> Result<()> {
    let place = match scope.tenant_id() {
        Some(tenant) => state
            .db()
            .tenant_name(tenant)
            .await?
            .unwrap_or_else(|| tenant.as_str().to_owned()),
        None => "TenantKit".to_owned(),
    };
    let days = state.settings().invite_ttl_secs / 86_400;
    let mail = Mail {
        to: email.to_owned(),
        subject: format!("You are invited to {place}"),
        body: format!(
            "Hello,\n\nyou have been invited to {place} as {label}.\n\nSet your password to \
             accept the invitation:\n\n{}\n\nThe link works once, for {days} days.\n",
            invitation.link
        ),
        sent: state.now_ms(),
    };
    state
        .mailer()
        .send(
            mail,
            &format!(
                "{label} was invited, but the invitation email could not be sent (send it again \
                 later)"
            ),
        )
        .await
}

/// A user ready to be stored: checked, with its invitation link when invited.
struct PreparedUser {
    user: NewUser,
    invitation: Option<Invitation>,
}

/// Checks `request` and turns it into a [`PreparedUser`] (shared by create and batch create).
async fn prepare_one(
    state: &AppState,
    admin: &UserAdmin,
    request: &CreateUserRequest,
    invite: bool,
) -> Result<PreparedUser> {
    let invite = invite || request.invite;
    let mut errors = request.validate();
    if invite && request.email.is_empty() {
        errors.retain(|error| error.field != "email");
        errors.push(FieldError {
            field: "email",
            message: "An invitation needs an email address".to_owned(),
        });
    }
    Error::check_fields(errors)?;
    check_attributes(state, &request.custom_attributes).await?;
    let (tenants, project_roles) = match admin.scope.tenant_id() {
        Some(tenant) => {
            let mut roles = request.role_names.clone();
            for membership in &request.user_tenants {
                if &membership.tenant_id != tenant {
                    return Err(Error::Forbidden(format!(
                        "A tenant admin can only add users to tenant {tenant}"
                    )));
                }
                roles.extend(membership.role_names.iter().cloned());
            }
            roles.sort();
            roles.dedup();
            (vec![(tenant.clone(), roles)], Vec::new())
        }
        None => (
            request
                .user_tenants
                .iter()
                .map(|membership| (membership.tenant_id.clone(), membership.role_names.clone()))
                .collect(),
            request.role_names.clone(),
        ),
    };
    let user = NewUser {
        login_id: request.login_id.clone(),
        name: request.name.clone(),
        given_name: request.given_name.clone(),
        middle_name: request.middle_name.clone(),
        family_name: request.family_name.clone(),
        email: request.email.clone(),
        phone: request.phone.clone(),
        verified_email: request.verified_email,
        verified_phone: request.verified_phone,
        picture: request.picture.clone(),
        custom_attributes: request.custom_attributes.clone(),
        additional_login_ids: request.additional_login_ids.clone(),
        status: if invite {
            UserStatus::Invited
        } else {
            UserStatus::Enabled
        },
        test: request.test,
        tenants,
        project_roles,
        ..NewUser::default()
    };
    let invitation = if invite {
        Some(new_invitation(state, &request.invite_url)?)
    } else {
        None
    };
    Ok(PreparedUser { user, invitation })
}

/// Sends the invitation of a user who was just stored, if they were invited.
async fn invite_created(
    state: &AppState,
    admin: &UserAdmin,
    prepared: &PreparedUser,
) -> Result<()> {
    match &prepared.invitation {
        Some(invitation) => {
            send_invitation(
                state,
                &admin.scope,
                &prepared.user.email,
                prepared.user.login_id.as_str(),
                invitation,
            )
            .await
        }
        None => Ok(()),
    }
}

/// `POST /v1/mgmt/user/create` -> `{user}`. In widget mode the user joins the tenant with the
/// given roles there.
async fn create(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<CreateUserRequest>,
) -> Result<Json<UserResponse>> {
    create_user(&state, &admin, &request).await
}

/// Creates the user `request` describes (inviting them if it asks) -> `{user}`.
pub(super) async fn create_user(
    state: &AppState,
    admin: &UserAdmin,
    request: &CreateUserRequest,
) -> Result<Json<UserResponse>> {
    let prepared = prepare_one(state, admin, request, false).await?;
    let id = state
        .db()
        .create_user(
            &admin.scope,
            &admin.actor,
            &prepared.user,
            prepared
                .invitation
                .as_ref()
                .map(|invitation| &invitation.stored),
            state.now_ms(),
        )
        .await?;
    invite_created(state, admin, &prepared).await?;
    let target = state
        .db()
        .target(&admin.scope, UserKey::UserId(&id))
        .await?;
    admin.respond(state, &target).await
}

/// `POST /v1/mgmt/user/create/batch` -> `{createdUsers, failedUsers}`: each user is checked on
/// its own, so one bad entry does not stop the others, and the good ones are stored in one
/// transaction ([`Db::create_users`]): a batch whose answer never came is applied whole or not
/// at all. Invitations go out after the commit.
async fn create_batch(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<BatchCreateUsersRequest>,
) -> Result<Json<BatchCreateUsersResponse>> {
    create_users(&state, &admin, request).await.map(Json)
}

/// The users of a batch create, each checked on its own and stored in one transaction, then
/// invited (shared by batch create and the invitation routes).
pub(super) async fn create_users(
    state: &AppState,
    admin: &UserAdmin,
    request: BatchCreateUsersRequest,
) -> Result<BatchCreateUsersResponse> {
    if request.users.is_empty() {
        return Err(Error::MissingArguments("users is required".to_owned()));
    }
    // Each entry in the request's order: checked and ready, or refused with its error.
    let mut checked = Vec::with_capacity(request.users.len());
    for user in request.users {
        let ready = match prepare_one(state, admin, &user, request.invite).await {
            Err(error) if error.status_and_code().0.is_server_error() => return Err(error),
            ready => ready,
        };
        checked.push((user, ready));
    }
    let rows: Vec<_> = checked
        .iter()
        .filter_map(|(_, ready)| ready.as_ref().ok())
        .map(|ready| {
            (
                ready.user.clone(),
                ready
                    .invitation
                    .as_ref()
                    .map(|invitation| invitation.stored.clone()),
            )
        })
        .collect();
    let mut stored = state
        .db()
        .create_users(&admin.scope, &admin.actor, &rows, state.now_ms())
        .await?
        .into_iter();
    let mut response = BatchCreateUsersResponse::default();
    for (user, ready) in checked {
        let created = match ready {
            Ok(ready) => match stored.next() {
                Some(Ok(id)) => match invite_created(state, admin, &ready).await {
                    Ok(()) => admin_view(state, admin, &id).await,
                    Err(error) => Err(error),
                },
                Some(Err(error)) => Err(error),
                None => Err(Error::internal("a batch entry was not stored")),
            },
            Err(error) => Err(error),
        };
        match created {
            Ok(created) => response.created_users.push(created),
            Err(error)
                if error.status_and_code().0.is_server_error()
                    && !matches!(error, Error::MailNotSent(_)) =>
            {
                return Err(error);
            }
            Err(error) => response.failed_users.push(FailedUser {
                failure: error.to_string(),
                user,
            }),
        }
    }
    Ok(response)
}

async fn admin_view(
    state: &AppState,
    admin: &UserAdmin,
    id: &UserId,
) -> Result<tenantkit_wire::User> {
    let target = state.db().target(&admin.scope, UserKey::UserId(id)).await?;
    let record = state.db().load_user(&admin.scope, &target).await?;
    Ok(record.into_wire(admin.scope.tenant_view()))
}

/// `POST /v1/mgmt/user/update`: replaces the profile (every field, absent = empty) and, when
/// given, the roles (in widget mode: in the tenant) and tenant memberships.
async fn update(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<CreateUserRequest>,
) -> Result<Json<UserResponse>> {
    require_login_id(&request.login_id)?;
    Error::check_fields(request.validate())?;
    check_attributes(&state, &request.custom_attributes).await?;
    let target = admin.target(&state, &request.login_id).await?;
    let mut changes = vec![Change::Profile(Profile {
        name: Some(request.name.clone()),
        given_name: Some(request.given_name.clone()),
        middle_name: Some(request.middle_name.clone()),
        family_name: Some(request.family_name.clone()),
        email: Some(request.email.clone()),
        verified_email: Some(request.verified_email),
        phone: Some(request.phone.clone()),
        verified_phone: Some(request.verified_phone),
        picture: Some(request.picture.clone()),
        custom_attributes: Some((request.custom_attributes.clone(), AttributeWrite::Replace)),
    })];
    match admin.scope.tenant_id() {
        Some(tenant) => {
            let mut roles = request.role_names.clone();
            for membership in &request.user_tenants {
                admin.tenant_of(&membership.tenant_id)?;
                roles.extend(membership.role_names.iter().cloned());
            }
            if !request.role_names.is_empty() || !request.user_tenants.is_empty() {
                changes.push(Change::Roles {
                    op: RoleOp::Set,
                    tenant: tenant.clone(),
                    names: roles,
                });
            }
        }
        None => {
            if !request.role_names.is_empty() {
                changes.push(Change::Roles {
                    op: RoleOp::Set,
                    tenant: TenantId::new(""),
                    names: request.role_names.clone(),
                });
            }
            if !request.user_tenants.is_empty() {
                changes.push(Change::Tenants(
                    request
                        .user_tenants
                        .iter()
                        .map(|m| (m.tenant_id.clone(), m.role_names.clone()))
                        .collect(),
                ));
            }
        }
    }
    admin.change(&state, &target, &changes).await
}

/// `PATCH /v1/mgmt/user/patch`: only the fields present change; custom attributes merge.
async fn patch_user(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<PatchUserRequest>,
) -> Result<Json<UserResponse>> {
    require_login_id(&request.login_id)?;
    Error::check_fields(request.validate())?;
    if let Some(attributes) = &request.custom_attributes {
        check_attributes(&state, attributes).await?;
    }
    let target = admin.target(&state, &request.login_id).await?;
    let profile = Profile {
        name: request.name.clone(),
        given_name: request.given_name.clone(),
        middle_name: request.middle_name.clone(),
        family_name: request.family_name.clone(),
        email: request.email.clone(),
        verified_email: request.verified_email,
        phone: request.phone.clone(),
        verified_phone: request.verified_phone,
        picture: request.picture.clone(),
        custom_attributes: request
            .custom_attributes
            .clone()
            .map(|attributes| (attributes, AttributeWrite::Merge)),
    };
    // A patch of roles only leaves the account alone (the widget's edit form sends only what
    // changed): no profile change, so a tenant admin may send it for a shared user too.
    let mut changes = Vec::new();
    if !profile.is_empty() {
        changes.push(Change::Profile(profile));
    }
    if let Some(roles) = &request.role_names {
        changes.push(Change::Roles {
            op: RoleOp::Set,
            tenant: admin.tenant_of(&TenantId::new(""))?,
            names: roles.clone(),
        });
    }
    if let Some(tenants) = &request.user_tenants {
        match admin.scope.tenant_id() {
            Some(tenant) => {
                let mut roles = Vec::new();
                for membership in tenants {
                    admin.tenant_of(&membership.tenant_id)?;
                    roles.extend(membership.role_names.iter().cloned());
                }
                changes.push(Change::Roles {
                    op: RoleOp::Set,
                    tenant: tenant.clone(),
                    names: roles,
                });
            }
            None => changes.push(Change::Tenants(
                tenants
                    .iter()
                    .map(|m| (m.tenant_id.clone(), m.role_names.clone()))
                    .collect(),
            )),
        }
    }
    admin.change(&state, &target, &changes).await
}

/// `POST /v1/mgmt/user/delete` `{loginId | userId}`. A tenant admin may delete only users who
/// belong to no other tenant (others are removed from the tenant instead).
async fn delete(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UserRef>,
) -> Result<Json<Value>> {
    let target = admin.target_ref(&state, &request).await?;
    state
        .db()
        .delete_users(&admin.scope, &admin.actor, &[target], state.now_ms())
        .await?;
    Ok(empty())
}

/// `POST /v1/mgmt/user/delete/batch` `{userIds}`: all or nothing.
async fn delete_batch(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<BatchDeleteUsersRequest>,
) -> Result<Json<Value>> {
    if request.user_ids.is_empty() {
        return Err(Error::MissingArguments("userIds is required".to_owned()));
    }
    let mut targets = Vec::with_capacity(request.user_ids.len());
    for user_id in &request.user_ids {
        targets.push(
            state
                .db()
                .target(&admin.scope, UserKey::UserId(user_id))
                .await?,
        );
    }
    state
        .db()
        .delete_users(&admin.scope, &admin.actor, &targets, state.now_ms())
        .await?;
    Ok(empty())
}

/// `GET /v1/mgmt/user?loginId=|userId=` -> `{user}`.
async fn load(
    State(state): State<AppState>,
    admin: UserAdmin,
    Query(request): Query<UserRef>,
) -> Result<Json<UserResponse>> {
    let target = admin.target_ref(&state, &request).await?;
    admin.respond(&state, &target).await
}

/// `POST /v1/mgmt/user/update/status` `{loginId, status}`; disabling ends the user's sessions.
/// The status is required: a body without one changes nothing (it is never read as enabled).
async fn update_status(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UpdateStatusRequest>,
) -> Result<Json<UserResponse>> {
    let status = match request.status {
        None => {
            return Err(Error::MissingArguments(
                "status is required: \"enabled\" or \"disabled\"".to_owned(),
            ));
        }
        Some(UserStatus::Invited) => {
            return Err(Error::InvalidArguments(
                "status must be \"enabled\" or \"disabled\"".to_owned(),
            ));
        }
        Some(status) => status,
    };
    let target = admin.target(&state, &request.login_id).await?;
    admin
        .change(&state, &target, &[Change::Status(status)])
        .await
}

async fn change_roles(
    state: &AppState,
    admin: &UserAdmin,
    op: RoleOp,
    request: &UserRolesRequest,
) -> Result<Json<UserResponse>> {
    if op != RoleOp::Set && request.role_names.is_empty() {
        return Err(Error::MissingArguments("roleNames is required".to_owned()));
    }
    let tenant = admin.tenant_of(&request.tenant_id)?;
    let target = admin.target(state, &request.login_id).await?;
    let change = Change::Roles {
        op,
        tenant,
        names: request.role_names.clone(),
    };
    admin.change(state, &target, &[change]).await
}

/// `POST /v1/mgmt/user/update/role/set` (and v2).
async fn set_roles(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UserRolesRequest>,
) -> Result<Json<UserResponse>> {
    change_roles(&state, &admin, RoleOp::Set, &request).await
}

/// `POST /v1/mgmt/user/update/role/add` (and v2).
async fn add_roles(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UserRolesRequest>,
) -> Result<Json<UserResponse>> {
    change_roles(&state, &admin, RoleOp::Add, &request).await
}

/// `POST /v1/mgmt/user/update/role/remove` (and v2).
async fn remove_roles(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UserRolesRequest>,
) -> Result<Json<UserResponse>> {
    change_roles(&state, &admin, RoleOp::Remove, &request).await
}

fn required_tenant(request: &UserTenantRequest) -> Result<()> {
    if request.tenant_id.as_str().is_empty() {
        Err(Error::MissingArguments("tenantId is required".to_owned()))
    } else {
        Ok(())
    }
}

/// `POST /v1/mgmt/user/update/tenant/add`.
async fn add_tenant(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UserTenantRequest>,
) -> Result<Json<UserResponse>> {
    required_tenant(&request)?;
    let tenant = admin.tenant_of(&request.tenant_id)?;
    let target = admin.target(&state, &request.login_id).await?;
    admin
        .change(&state, &target, &[Change::AddTenant(tenant, Vec::new())])
        .await
}

/// `POST /v1/mgmt/user/update/tenant/remove`: the user leaves the tenant (and its roles); the
/// account stays.
async fn remove_tenant(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UserTenantRequest>,
) -> Result<Json<UserResponse>> {
    required_tenant(&request)?;
    let tenant = admin.tenant_of(&request.tenant_id)?;
    let target = admin.target(&state, &request.login_id).await?;
    state
        .db()
        .change_user(
            &admin.scope,
            &admin.actor,
            &target,
            &[Change::RemoveTenant(tenant)],
            state.now_ms(),
        )
        .await?;
    // In widget mode the user has left the admin's view: the answer shows only what the
    // admin knew (no memberships, no roles).
    match admin.scope.tenant_id() {
        Some(_) => Ok(Json(UserResponse {
            user: tenantkit_wire::User {
                user_id: target.id().clone(),
                login_ids: vec![request.login_id.clone()],
                status: target.status(),
                email: target.email().to_owned(),
                editable: Some(false),
                membership_editable: Some(false),
                ..tenantkit_wire::User::default()
            },
        })),
        None => admin.respond(&state, &target).await,
    }
}

/// `POST /v1/mgmt/user/update/email`.
async fn update_email(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UpdateEmailRequest>,
) -> Result<Json<UserResponse>> {
    field_check("email", validate::email(&request.email))?;
    let target = admin.target(&state, &request.login_id).await?;
    let profile = Profile {
        email: Some(request.email),
        verified_email: Some(request.verified),
        ..Profile::default()
    };
    admin
        .change(&state, &target, &[Change::Profile(profile)])
        .await
}

/// `POST /v1/mgmt/user/update/phone`.
async fn update_phone(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UpdatePhoneRequest>,
) -> Result<Json<UserResponse>> {
    field_check("phone", validate::phone(&request.phone))?;
    let target = admin.target(&state, &request.login_id).await?;
    let profile = Profile {
        phone: Some(request.phone),
        verified_phone: Some(request.verified),
        ..Profile::default()
    };
    admin
        .change(&state, &target, &[Change::Profile(profile)])
        .await
}

/// `POST /v1/mgmt/user/update/name`: display, given, middle and family name.
async fn update_name(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UpdateNameRequest>,
) -> Result<Json<UserResponse>> {
    for (field, value) in [
        ("name", &request.name),
        ("givenName", &request.given_name),
        ("middleName", &request.middle_name),
        ("familyName", &request.family_name),
    ] {
        field_check(field, validate::name(value))?;
    }
    let target = admin.target(&state, &request.login_id).await?;
    let profile = Profile {
        name: Some(request.name),
        given_name: Some(request.given_name),
        middle_name: Some(request.middle_name),
        family_name: Some(request.family_name),
        ..Profile::default()
    };
    admin
        .change(&state, &target, &[Change::Profile(profile)])
        .await
}

/// `POST /v1/mgmt/user/update/picture`.
async fn update_picture(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UpdatePictureRequest>,
) -> Result<Json<UserResponse>> {
    let picture = request.picture.trim();
    if !(picture.is_empty() || picture.starts_with("https://") || picture.starts_with("http://")) {
        return Err(Error::Validation(vec![FieldError {
            field: "picture",
            message: "A picture is an http(s) URL".to_owned(),
        }]));
    }
    let target = admin.target(&state, &request.login_id).await?;
    let profile = Profile {
        picture: Some(picture.to_owned()),
        ..Profile::default()
    };
    admin
        .change(&state, &target, &[Change::Profile(profile)])
        .await
}

/// `POST /v1/mgmt/user/update/loginid` `{loginId, newLoginId}`.
async fn update_login_id(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UpdateLoginIdRequest>,
) -> Result<Json<UserResponse>> {
    field_check(
        "newLoginId",
        validate::login_id(request.new_login_id.as_str()),
    )?;
    let target = admin.target(&state, &request.login_id).await?;
    let change = Change::LoginId {
        old: request.login_id,
        new: request.new_login_id,
    };
    admin.change(&state, &target, &[change]).await
}

/// `POST /v1/mgmt/user/update/customAttribute` `{loginId, attributeKey, attributeValue}`.
async fn update_custom_attribute(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UpdateCustomAttributeRequest>,
) -> Result<Json<UserResponse>> {
    if request.attribute_key.is_empty() {
        return Err(Error::MissingArguments(
            "attributeKey is required".to_owned(),
        ));
    }
    let mut attributes = serde_json::Map::new();
    attributes.insert(request.attribute_key, request.attribute_value);
    check_attributes(&state, &attributes).await?;
    let target = admin.target(&state, &request.login_id).await?;
    let profile = Profile {
        custom_attributes: Some((attributes, AttributeWrite::Merge)),
        ..Profile::default()
    };
    admin
        .change(&state, &target, &[Change::Profile(profile)])
        .await
}

/// A generated temporary password that meets `policy`: letters and digits in groups of four
/// joined by `-` (16 of them at least: about 95 bits; as long as the policy's minimum), drawn
/// again until every character rule holds (each fails for a few percent of draws).
fn generated_password(policy: &PasswordSettings) -> Secret {
    use rand::Rng;
    use rand::distributions::Alphanumeric;
    let length = usize::try_from(policy.min_length)
        .unwrap_or_default()
        .clamp(19, validate::MAX_PASSWORD_LEN);
    let draw = || -> String {
        let mut random = rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .map(char::from);
        (0..length)
            .map(|index| {
                if index % 5 == 4 {
                    '-'
                } else {
                    random.next().unwrap_or('x')
                }
            })
            .collect()
    };
    let mut password = draw();
    for _ in 0..64 {
        if policy.check(&password).is_ok() {
            break;
        }
        password = draw();
    }
    Secret::new(password)
}

/// `POST /v1/mgmt/user/password/set/temporary` `{loginId, password?}`: without a password the
/// server generates one and returns it once as `{cleartext}`. A temporary password must be
/// replaced at the next sign-in.
async fn set_temporary_password(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<SetPasswordRequest>,
) -> Result<Json<TemporaryPasswordResponse>> {
    let generated = request.password.is_empty();
    let target = admin.target(&state, &request.login_id).await?;
    auth::sso::refuse_password_reset_when_sso_enforced(&state, target.id()).await?;
    let password = if generated {
        let policy = state.db().user_password_policy(target.id()).await?;
        generated_password(&policy)
    } else {
        auth::check_new_password(&state, Some(target.id()), &request.password, "password").await?;
        request.password
    };
    let hash = state.hashing().hash(password.clone()).await?;
    state
        .db()
        .change_user(
            &admin.scope,
            &admin.actor,
            &target,
            &[Change::Password {
                hash,
                expired: true,
            }],
            state.now_ms(),
        )
        .await?;
    Ok(Json(TemporaryPasswordResponse {
        cleartext: generated.then_some(password),
    }))
}

/// `POST /v1/mgmt/user/password/set/active` `{loginId, password}`.
async fn set_active_password(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<SetPasswordRequest>,
) -> Result<Json<Value>> {
    let target = admin.target(&state, &request.login_id).await?;
    auth::sso::refuse_password_reset_when_sso_enforced(&state, target.id()).await?;
    auth::check_new_password(&state, Some(target.id()), &request.password, "password").await?;
    let hash = state.hashing().hash(request.password).await?;
    let change = Change::Password {
        hash,
        expired: false,
    };
    admin.change(&state, &target, &[change]).await?;
    Ok(empty())
}

async fn simple_change(
    state: &AppState,
    admin: &UserAdmin,
    login_id: &LoginId,
    change: Change,
) -> Result<Json<Value>> {
    let target = admin.target(state, login_id).await?;
    state
        .db()
        .change_user(
            &admin.scope,
            &admin.actor,
            &target,
            &[change],
            state.now_ms(),
        )
        .await?;
    Ok(empty())
}

/// `POST /v1/mgmt/user/password/expire` `{loginId}`.
async fn expire_password(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<LoginIdRequest>,
) -> Result<Json<Value>> {
    simple_change(&state, &admin, &request.login_id, Change::ExpirePassword).await
}

/// `POST /v1/mgmt/user/passkeys/delete` `{loginId}`.
async fn remove_passkeys(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<LoginIdRequest>,
) -> Result<Json<Value>> {
    simple_change(&state, &admin, &request.login_id, Change::RemovePasskeys).await
}

/// `POST /v1/mgmt/user/totp/delete` `{loginId}`.
async fn remove_totp(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<LoginIdRequest>,
) -> Result<Json<Value>> {
    simple_change(&state, &admin, &request.login_id, Change::RemoveTotp).await
}

/// `POST /v1/mgmt/user/logout` `{loginId | userId}`: every session of the user ends now.
async fn logout(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<UserRef>,
) -> Result<Json<Value>> {
    let target = admin.target_ref(&state, &request).await?;
    state
        .db()
        .change_user(
            &admin.scope,
            &admin.actor,
            &target,
            &[Change::Logout],
            state.now_ms(),
        )
        .await?;
    Ok(empty())
}

/// `POST /v1/mgmt/user/invite/resend` `{loginId}` (our own path; the SDKs re-invite through
/// create): a new link replaces the old one.
async fn resend_invite(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<LoginIdRequest>,
) -> Result<Json<Value>> {
    resend_invitation(&state, &admin, &request.login_id).await?;
    Ok(empty())
}

/// Sends the invited user `login_id` a new link; the old one stops working at once.
pub(super) async fn resend_invitation(
    state: &AppState,
    admin: &UserAdmin,
    login_id: &LoginId,
) -> Result<()> {
    let target = admin.target(state, login_id).await?;
    if target.email().is_empty() {
        return Err(Error::InvalidArguments(format!(
            "{} has no email address to send the invitation to",
            target.label()
        )));
    }
    let invitation = new_invitation(state, "")?;
    state
        .db()
        .renew_invitation(
            &admin.scope,
            &admin.actor,
            &target,
            &invitation.stored,
            state.now_ms(),
        )
        .await?;
    send_invitation(
        state,
        &admin.scope,
        target.email(),
        target.label(),
        &invitation,
    )
    .await
}

/// `GET /v1/mgmt/user/customattributes` -> `{data}`: the definitions (readable in widget
/// mode, so the create form can offer an input per attribute).
async fn custom_attributes(
    State(state): State<AppState>,
    _: UserAdmin,
) -> Result<Json<CustomAttributesResponse>> {
    Ok(Json(CustomAttributesResponse {
        data: state
            .db()
            .attribute_definitions(AttributeOwner::Users)
            .await?,
    }))
}

/// `POST /v1/mgmt/user/customattribute/create` `{attributes}` (management key only).
async fn create_custom_attributes(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<CreateCustomAttributesRequest>,
) -> Result<Json<Value>> {
    let scope = admin.project_wide("Custom attributes are defined")?;
    if request.attributes.is_empty() {
        return Err(Error::MissingArguments("attributes is required".to_owned()));
    }
    for definition in &request.attributes {
        field_check(
            "attributes",
            validate::custom_attribute_definition(definition),
        )?;
    }
    state
        .db()
        .create_attribute_definitions(
            scope,
            &admin.actor,
            AttributeOwner::Users,
            &request.attributes,
            state.now_ms(),
        )
        .await?;
    Ok(empty())
}

/// `POST /v1/mgmt/user/customattribute/delete` `{names}` (management key only).
async fn delete_custom_attributes(
    State(state): State<AppState>,
    admin: UserAdmin,
    Json(request): Json<DeleteCustomAttributesRequest>,
) -> Result<Json<Value>> {
    let scope = admin.project_wide("Custom attributes are defined")?;
    state
        .db()
        .delete_attribute_definitions(
            scope,
            &admin.actor,
            AttributeOwner::Users,
            &request.names,
            state.now_ms(),
        )
        .await?;
    Ok(empty())
}
