//! Every DOM event the elements dispatch, from one place: names namespaced `tk-` in kebab-case,
//! all with `bubbles` and `composed` so they cross the shadow boundary.
//!
//! | event | `detail` |
//! |---|---|
//! | `tk-ready` | `{ count }`: users rendered the first time data arrived |
//! | `tk-error` | `{ message, status }`: the server's message, the HTTP status or `null` |
//! | `tk-session-expired` | `null` |
//! | `tk-token-refreshed` | `null` (the page's `tokenProvider` made the token, so it has it) |
//! | `tk-user-created`, `tk-user-updated`, `tk-user-deleted`, `tk-user-removed-from-tenant`, `tk-password-reset`, `tk-password-expired`, `tk-passkeys-removed`, `tk-totp-removed`, `tk-user-signed-out`, `tk-invitation-resent` | `{ loginId, userId }` |
//! | `tk-user-status-changed` | `{ loginId, userId, status }` |
//! | `tk-impersonate` | `{ userId, loginId, refreshJwt }`: the admin impersonated the user; `refreshJwt` is the user's refresh JWT carrying `act.sub` = the admin (the page navigates) |
//! | `tk-bulk-action-completed` | `{ action, succeeded, failed }` (login ids) |
//! | `tk-users-exported` | `{ count }` |
//! | `tk-audit-exported` | `{ count, total }` (events in the file, events matching; `count < total` when the export stopped at its cap) |
//! | `tk-role-created` | `{ name, permissionNames, duplicatedFrom }` (`null` unless a duplicate) |
//! | `tk-role-updated` | `{ name, previousName, permissionNames, permissionsRemoved }` |
//! | `tk-role-deleted` | `{ names, usersAffected, accessKeysAffected, holdersAffected }` (one or several roles, deleted at once; `holdersAffected` = `usersAffected`) |
//! | `tk-access-key-created`, `tk-access-key-updated`, `tk-access-key-rotated` | `{ id, name }` |
//! | `tk-access-key-status-changed` | `{ ids, status }` (`"active"` or `"inactive"`; one key or several) |
//! | `tk-access-key-deleted` | `{ ids }` (one key or several, deleted at once) |
//! | `tk-sso-created`, `tk-sso-configured`, `tk-sso-status-changed`, `tk-sso-deleted` | `{ ssoId, authType }` (`saml`, `oidc` or `none`) |
//! | `tk-tenant-updated` | `{ name, enforceSSO, changed }` (`changed`: `name`, `customAttributes`, `enforceSSO`) |
//! | `tk-session-settings-updated`, `tk-password-policy-updated` | `{ enabled }` (the tenant's own settings apply) |
//! | `tk-domain-added`, `tk-domain-verified`, `tk-domain-verification-failed`, `tk-domain-removed` | `{ domain, status }` (`pending`, `verified`, `failed`, `removed`) |
//!
//! Each `detail` is a struct below, turned into a plain JavaScript object by `serde-wasm-bindgen`
//! (field names in camelCase, `None` as `null`).
//! An element's own events are compiled with its feature only, as its `WidgetEvent` variants are.
//!
//! No detail carries a secret but one: a temporary password or an access key's cleartext stays in
//! the dialog that shows it. `tk-impersonate` carries the impersonation's refresh JWT, because
//! the page owns navigation and must sign in as the user with it.

use serde::Serialize;
use tenantkit_widgets::{DomainEventKind, SsoEventKind, UserEventKind, WidgetEvent};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// The first data has been rendered.
pub const READY: &str = "tk-ready";
/// A request failed.
pub const ERROR: &str = "tk-error";
/// The session token was refused and no fresh one was available.
pub const SESSION_EXPIRED: &str = "tk-session-expired";
/// A fresh token from `tokenProvider` made a refused request succeed.
pub const TOKEN_REFRESHED: &str = "tk-token-refreshed";

/// A user was created.
pub const USER_CREATED: &str = "tk-user-created";
/// A user's profile or roles changed.
pub const USER_UPDATED: &str = "tk-user-updated";
/// A user was deleted.
pub const USER_DELETED: &str = "tk-user-deleted";
/// A user was enabled or disabled.
pub const USER_STATUS_CHANGED: &str = "tk-user-status-changed";
/// A user was removed from the tenant.
pub const USER_REMOVED_FROM_TENANT: &str = "tk-user-removed-from-tenant";
/// A temporary password was set.
pub const PASSWORD_RESET: &str = "tk-password-reset";
/// A password was expired.
pub const PASSWORD_EXPIRED: &str = "tk-password-expired";
/// Passkeys were removed.
pub const PASSKEYS_REMOVED: &str = "tk-passkeys-removed";
/// The authenticator app was removed.
pub const TOTP_REMOVED: &str = "tk-totp-removed";
/// Every session of a user was ended.
pub const USER_SIGNED_OUT: &str = "tk-user-signed-out";
/// An invitation was sent again.
pub const INVITATION_RESENT: &str = "tk-invitation-resent";
/// The admin impersonated a user: the detail carries the user's refresh JWT.
pub const IMPERSONATE: &str = "tk-impersonate";
/// A bulk action finished.
pub const BULK_ACTION_COMPLETED: &str = "tk-bulk-action-completed";
/// The CSV export was offered as a download.
pub const USERS_EXPORTED: &str = "tk-users-exported";
/// The audit log's CSV export was offered as a download.
pub const AUDIT_EXPORTED: &str = "tk-audit-exported";
/// A role was created (or duplicated).
pub const ROLE_CREATED: &str = "tk-role-created";
/// A role was changed.
pub const ROLE_UPDATED: &str = "tk-role-updated";
/// Roles were deleted.
pub const ROLE_DELETED: &str = "tk-role-deleted";
/// An access key was created.
pub const ACCESS_KEY_CREATED: &str = "tk-access-key-created";
/// An access key was changed.
pub const ACCESS_KEY_UPDATED: &str = "tk-access-key-updated";
/// An access key got a new secret.
pub const ACCESS_KEY_ROTATED: &str = "tk-access-key-rotated";
/// Access keys were activated or deactivated.
pub const ACCESS_KEY_STATUS_CHANGED: &str = "tk-access-key-status-changed";
/// Access keys were deleted.
pub const ACCESS_KEY_DELETED: &str = "tk-access-key-deleted";

/// An SSO configuration was added.
pub const SSO_CREATED: &str = "tk-sso-created";
/// An SSO configuration's IdP settings were saved.
pub const SSO_CONFIGURED: &str = "tk-sso-configured";
/// Sign-in through an SSO configuration was turned on or off.
pub const SSO_STATUS_CHANGED: &str = "tk-sso-status-changed";
/// An SSO configuration was deleted.
pub const SSO_DELETED: &str = "tk-sso-deleted";
/// The tenant's name, custom attributes or enforce-SSO switch changed.
pub const TENANT_UPDATED: &str = "tk-tenant-updated";
/// The tenant's session settings were saved.
pub const SESSION_SETTINGS_UPDATED: &str = "tk-session-settings-updated";
/// The tenant's password policy was saved.
pub const PASSWORD_POLICY_UPDATED: &str = "tk-password-policy-updated";
/// A domain was added to the tenant (pending).
pub const DOMAIN_ADDED: &str = "tk-domain-added";
/// A check found a domain's TXT record: it is verified.
pub const DOMAIN_VERIFIED: &str = "tk-domain-verified";
/// A check did not find a domain's TXT record.
pub const DOMAIN_VERIFICATION_FAILED: &str = "tk-domain-verification-failed";
/// A domain was removed from the tenant.
pub const DOMAIN_REMOVED: &str = "tk-domain-removed";

/// Every event name above, for pages (and tests) that listen to all of them.
pub const ALL: &[&str] = &[
    READY,
    ERROR,
    SESSION_EXPIRED,
    TOKEN_REFRESHED,
    USER_CREATED,
    USER_UPDATED,
    USER_DELETED,
    USER_STATUS_CHANGED,
    USER_REMOVED_FROM_TENANT,
    PASSWORD_RESET,
    PASSWORD_EXPIRED,
    PASSKEYS_REMOVED,
    TOTP_REMOVED,
    USER_SIGNED_OUT,
    INVITATION_RESENT,
    IMPERSONATE,
    BULK_ACTION_COMPLETED,
    USERS_EXPORTED,
    AUDIT_EXPORTED,
    ROLE_CREATED,
    ROLE_UPDATED,
    ROLE_DELETED,
    ACCESS_KEY_CREATED,
    ACCESS_KEY_UPDATED,
    ACCESS_KEY_ROTATED,
    ACCESS_KEY_STATUS_CHANGED,
    ACCESS_KEY_DELETED,
    SSO_CREATED,
    SSO_CONFIGURED,
    SSO_STATUS_CHANGED,
    SSO_DELETED,
    TENANT_UPDATED,
    SESSION_SETTINGS_UPDATED,
    PASSWORD_POLICY_UPDATED,
    DOMAIN_ADDED,
    DOMAIN_VERIFIED,
    DOMAIN_VERIFICATION_FAILED,
    DOMAIN_REMOVED,
];

/// The event name of a change to one user.
pub fn user_event_name(kind: UserEventKind) -> &'static str {
    match kind {
        UserEventKind::Created => USER_CREATED,
        UserEventKind::Updated => USER_UPDATED,
        UserEventKind::Deleted => USER_DELETED,
        UserEventKind::StatusChanged => USER_STATUS_CHANGED,
        UserEventKind::RemovedFromTenant => USER_REMOVED_FROM_TENANT,
        UserEventKind::PasswordReset => PASSWORD_RESET,
        UserEventKind::PasswordExpired => PASSWORD_EXPIRED,
        UserEventKind::PasskeysRemoved => PASSKEYS_REMOVED,
        UserEventKind::TotpRemoved => TOTP_REMOVED,
        UserEventKind::SignedOut => USER_SIGNED_OUT,
        UserEventKind::InvitationResent => INVITATION_RESENT,
    }
}

/// The event name of a change to an SSO configuration.
pub fn sso_event_name(kind: SsoEventKind) -> &'static str {
    match kind {
        SsoEventKind::Created => SSO_CREATED,
        SsoEventKind::Configured => SSO_CONFIGURED,
        SsoEventKind::StatusChanged => SSO_STATUS_CHANGED,
        SsoEventKind::Deleted => SSO_DELETED,
    }
}

/// The name of the DOM event for a change to a tenant domain.
pub fn domain_event_name(kind: DomainEventKind) -> &'static str {
    match kind {
        DomainEventKind::Added => DOMAIN_ADDED,
        DomainEventKind::Verified => DOMAIN_VERIFIED,
        DomainEventKind::VerificationFailed => DOMAIN_VERIFICATION_FAILED,
        DomainEventKind::Removed => DOMAIN_REMOVED,
    }
}

/// Dispatches `event` on `target` as its DOM event.
pub fn dispatch(target: &EventTarget, event: &WidgetEvent) {
    let (name, detail) = match event {
        WidgetEvent::Ready { count } => (READY, to_js(&Count { count: *count })),
        WidgetEvent::Error { message, status } => (ERROR, to_js(&Error { message, status })),
        WidgetEvent::SessionExpired => (SESSION_EXPIRED, JsValue::NULL),
        WidgetEvent::TokenRefreshed => (TOKEN_REFRESHED, JsValue::NULL),
        #[cfg(feature = "users")]
        WidgetEvent::User {
            kind,
            login_id,
            user_id,
            status,
        } => (
            user_event_name(*kind),
            to_js(&User {
                login_id,
                user_id,
                status,
            }),
        ),
        #[cfg(feature = "users")]
        WidgetEvent::Impersonated {
            user_id,
            login_id,
            refresh_jwt,
        } => (
            IMPERSONATE,
            to_js(&Impersonated {
                user_id,
                login_id,
                refresh_jwt: refresh_jwt.expose(),
            }),
        ),
        #[cfg(feature = "users")]
        WidgetEvent::BulkActionCompleted {
            action,
            succeeded,
            failed,
        } => (
            BULK_ACTION_COMPLETED,
            to_js(&BulkAction {
                action,
                succeeded,
                failed,
            }),
        ),
        #[cfg(feature = "users")]
        WidgetEvent::Exported { count, total } => (
            USERS_EXPORTED,
            to_js(&Exported {
                count: *count,
                total: *total,
            }),
        ),
        #[cfg(feature = "audit-log")]
        WidgetEvent::AuditExported { count, total } => (
            AUDIT_EXPORTED,
            to_js(&Exported {
                count: *count,
                total: *total,
            }),
        ),
        #[cfg(any(feature = "users", feature = "roles"))]
        WidgetEvent::RoleCreated {
            name,
            permission_names,
            duplicated_from,
        } => (
            ROLE_CREATED,
            to_js(&RoleCreated {
                name,
                permission_names,
                duplicated_from,
            }),
        ),
        #[cfg(any(feature = "users", feature = "roles"))]
        WidgetEvent::RoleUpdated {
            name,
            previous_name,
            permission_names,
            permissions_removed,
        } => (
            ROLE_UPDATED,
            to_js(&RoleUpdated {
                name,
                previous_name,
                permission_names,
                permissions_removed,
            }),
        ),
        #[cfg(any(feature = "users", feature = "roles"))]
        WidgetEvent::RolesDeleted {
            names,
            users_affected,
            access_keys_affected,
        } => (
            ROLE_DELETED,
            to_js(&RolesDeleted {
                names,
                users_affected: *users_affected,
                access_keys_affected: *access_keys_affected,
                holders_affected: *users_affected,
            }),
        ),
        #[cfg(feature = "access-keys")]
        WidgetEvent::AccessKeyCreated { id, name } => {
            (ACCESS_KEY_CREATED, to_js(&Key { id, name }))
        }
        #[cfg(feature = "access-keys")]
        WidgetEvent::AccessKeyUpdated { id, name } => {
            (ACCESS_KEY_UPDATED, to_js(&Key { id, name }))
        }
        #[cfg(feature = "access-keys")]
        WidgetEvent::AccessKeyRotated { id, name } => {
            (ACCESS_KEY_ROTATED, to_js(&Key { id, name }))
        }
        #[cfg(feature = "access-keys")]
        WidgetEvent::AccessKeysStatusChanged { ids, status } => (
            ACCESS_KEY_STATUS_CHANGED,
            to_js(&KeysStatus { ids, status }),
        ),
        #[cfg(feature = "access-keys")]
        WidgetEvent::AccessKeysDeleted { ids } => (ACCESS_KEY_DELETED, to_js(&KeysDeleted { ids })),
        #[cfg(feature = "profile")]
        WidgetEvent::TenantUpdated {
            name,
            enforce_sso,
            changed,
        } => (
            TENANT_UPDATED,
            to_js(&TenantUpdated {
                name,
                enforce_sso: *enforce_sso,
                changed,
            }),
        ),
        #[cfg(feature = "profile")]
        WidgetEvent::SessionSettingsUpdated { enabled } => (
            SESSION_SETTINGS_UPDATED,
            to_js(&Policy { enabled: *enabled }),
        ),
        #[cfg(feature = "profile")]
        WidgetEvent::PasswordPolicyUpdated { enabled } => (
            PASSWORD_POLICY_UPDATED,
            to_js(&Policy { enabled: *enabled }),
        ),
        #[cfg(feature = "profile")]
        WidgetEvent::Domain {
            kind,
            domain,
            status,
        } => (domain_event_name(*kind), to_js(&Domain { domain, status })),
        #[cfg(feature = "sso-setup")]
        WidgetEvent::Sso {
            kind,
            sso_id,
            auth_type,
        } => (sso_event_name(*kind), to_js(&Sso { sso_id, auth_type })),
    };
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    // Creating a CustomEvent with a valid name cannot fail, and exceptions thrown by listeners are
    // reported by the browser, not returned here.
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// A detail as a plain JavaScript object. JSON-compatible: `None` is `null`, and the `u64`
/// counts are numbers (they fit a JavaScript number exactly far beyond any real tenant).
fn to_js(detail: &impl Serialize) -> JsValue {
    // Strings, bools, numbers and lists of strings always serialise.
    detail
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// `tk-ready`.
#[derive(Serialize)]
struct Count {
    count: usize,
}

/// `tk-error`.
#[derive(Serialize)]
struct Error<'a> {
    message: &'a str,
    status: &'a Option<u16>,
}

/// A change to one user; `status` only on `tk-user-status-changed`.
#[cfg(feature = "users")]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct User<'a> {
    login_id: &'a str,
    user_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: &'a Option<&'static str>,
}

/// `tk-impersonate`: the page signs in as the user with `refreshJwt`.
#[cfg(feature = "users")]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Impersonated<'a> {
    user_id: &'a str,
    login_id: &'a str,
    refresh_jwt: &'a str,
}

/// `tk-bulk-action-completed`: login ids.
#[cfg(feature = "users")]
#[derive(Serialize)]
struct BulkAction<'a> {
    action: &'a str,
    succeeded: &'a [String],
    failed: &'a [String],
}

/// `{ count, total }` of an export: rows in the file, rows matching the filter.
#[cfg(any(feature = "users", feature = "audit-log"))]
#[derive(Serialize)]
struct Exported {
    count: usize,
    total: u64,
}

/// `tk-role-created`; `duplicatedFrom` is `null` unless a duplicate.
#[cfg(any(feature = "users", feature = "roles"))]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RoleCreated<'a> {
    name: &'a str,
    permission_names: &'a [String],
    duplicated_from: &'a Option<String>,
}

/// `tk-role-updated`.
#[cfg(any(feature = "users", feature = "roles"))]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RoleUpdated<'a> {
    name: &'a str,
    previous_name: &'a str,
    permission_names: &'a [String],
    permissions_removed: &'a [String],
}

/// `tk-role-deleted`; `holdersAffected` is the first name of `usersAffected`, kept for pages
/// written against it.
#[cfg(any(feature = "users", feature = "roles"))]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RolesDeleted<'a> {
    names: &'a [String],
    users_affected: u64,
    access_keys_affected: u64,
    holders_affected: u64,
}

/// One access key (never its secret).
#[cfg(feature = "access-keys")]
#[derive(Serialize)]
struct Key<'a> {
    id: &'a str,
    name: &'a str,
}

/// `tk-access-key-status-changed`.
#[cfg(feature = "access-keys")]
#[derive(Serialize)]
struct KeysStatus<'a> {
    ids: &'a [String],
    status: &'a str,
}

/// `tk-access-key-deleted`.
#[cfg(feature = "access-keys")]
#[derive(Serialize)]
struct KeysDeleted<'a> {
    ids: &'a [String],
}

/// `tk-tenant-updated`.
#[cfg(feature = "profile")]
#[derive(Serialize)]
struct TenantUpdated<'a> {
    name: &'a str,
    #[serde(rename = "enforceSSO")]
    enforce_sso: bool,
    changed: &'a [&'static str],
}

/// `tk-session-settings-updated`, `tk-password-policy-updated`.
#[cfg(feature = "profile")]
#[derive(Serialize)]
struct Policy {
    enabled: bool,
}

/// A change to a tenant domain.
#[cfg(feature = "profile")]
#[derive(Serialize)]
struct Domain<'a> {
    domain: &'a str,
    status: &'a str,
}

/// A change to an SSO configuration.
#[cfg(feature = "sso-setup")]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Sso<'a> {
    sso_id: &'a str,
    auth_type: &'a str,
}
