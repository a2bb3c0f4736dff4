//! What a widget tells its host page. The bindings turn each variant into one DOM event.

/// Which completed change to one user an event reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserEventKind {
    /// A user was created.
    Created,
    /// A user's profile or roles changed.
    Updated,
    /// A user was deleted.
    Deleted,
    /// A user was enabled or disabled.
    StatusChanged,
    /// A user was removed from the tenant.
    RemovedFromTenant,
    /// A temporary password was set (the password itself is never in an event).
    PasswordReset,
    /// The password was expired.
    PasswordExpired,
    /// Passkeys were removed.
    PasskeysRemoved,
    /// The authenticator app was removed.
    TotpRemoved,
    /// Every session of the user was ended.
    SignedOut,
    /// The invitation was sent again.
    InvitationResent,
}

/// Something that happened in a widget that the embedding page may want to react to.
///
/// An element's own variants exist only with its feature, as its widget does: a one-element
/// module (`cargo xtask build-wasm`) carries neither the other elements' events nor their details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WidgetEvent {
    /// The first data has been rendered; `count` rows are on screen. Sent once per mount.
    Ready {
        /// Number of rows (users, roles) rendered.
        count: usize,
    },
    /// The session token was refused and no fresh one could be obtained: the page should sign
    /// the admin in again.
    SessionExpired,
    /// A 401 was answered by asking the token provider, and the retry with its token succeeded.
    /// The token itself is not carried: the page produced it and already has it.
    TokenRefreshed,
    /// A request failed for another reason than an expired session.
    Error {
        /// The server's `errorMessage`, or a description of the network or decoding failure.
        message: String,
        /// The HTTP status, when the server answered.
        status: Option<u16>,
    },
    /// A change to one user completed.
    #[cfg(feature = "users")]
    User {
        /// What changed.
        kind: UserEventKind,
        /// The user's login id.
        login_id: String,
        /// The user's id.
        user_id: String,
        /// The new status, for [`UserEventKind::StatusChanged`].
        status: Option<&'static str>,
    },
    /// The admin impersonated a user (confirmed in the widget): the page takes over with the
    /// user's refresh JWT (its `act.sub` names the admin); the widget does not navigate.
    #[cfg(feature = "users")]
    Impersonated {
        /// The impersonated user's id.
        user_id: String,
        /// Their login id.
        login_id: String,
        /// Their refresh JWT for the impersonation session.
        refresh_jwt: tenantkit_wire::Secret,
    },
    /// A bulk action finished (some users may have failed).
    #[cfg(feature = "users")]
    BulkActionCompleted {
        /// `enable`, `disable`, `add-role`, `remove-role`, `remove-from-tenant` or `delete`.
        action: &'static str,
        /// Login ids it succeeded on.
        succeeded: Vec<String>,
        /// Login ids it failed on.
        failed: Vec<String>,
    },
    /// The CSV export was offered as a download.
    #[cfg(feature = "users")]
    Exported {
        /// Users in the file.
        count: usize,
        /// Users matching the filter; more than `count` when the export stopped at its cap.
        total: u64,
    },
    /// The audit log's CSV export was offered as a download.
    #[cfg(feature = "audit-log")]
    AuditExported {
        /// Events in the file.
        count: usize,
        /// Events matching the filter; more than `count` when the export stopped at its cap.
        total: u64,
    },
    /// A role was created in the tenant (a duplicate too).
    #[cfg(any(feature = "users", feature = "roles"))]
    RoleCreated {
        /// Its name.
        name: String,
        /// The permissions it grants.
        permission_names: Vec<String>,
        /// The role it was duplicated from, if any.
        duplicated_from: Option<String>,
    },
    /// A role of the tenant was changed (renamed, re-described or re-granted).
    #[cfg(any(feature = "users", feature = "roles"))]
    RoleUpdated {
        /// Its name now.
        name: String,
        /// Its name before (the same unless renamed).
        previous_name: String,
        /// The permissions it grants now.
        permission_names: Vec<String>,
        /// The permissions it no longer grants.
        permissions_removed: Vec<String>,
    },
    /// Roles of the tenant were deleted (one, or several at once).
    #[cfg(any(feature = "users", feature = "roles"))]
    RolesDeleted {
        /// Their names.
        names: Vec<String>,
        /// How many users lost them (each counted once).
        users_affected: u64,
        /// How many access keys lost them (each counted once).
        access_keys_affected: u64,
    },
    /// An access key was created (its secret was shown once, and is never in an event).
    #[cfg(feature = "access-keys")]
    AccessKeyCreated {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
    },
    /// An access key's name, description, roles or permitted addresses changed.
    #[cfg(feature = "access-keys")]
    AccessKeyUpdated {
        /// Its id.
        id: String,
        /// Its name now.
        name: String,
    },
    /// An access key got a new secret; the old one stopped working.
    #[cfg(feature = "access-keys")]
    AccessKeyRotated {
        /// Its id.
        id: String,
        /// Its name.
        name: String,
    },
    /// Access keys were activated or deactivated (one, or several at once).
    #[cfg(feature = "access-keys")]
    AccessKeysStatusChanged {
        /// Their ids.
        ids: Vec<String>,
        /// `active` or `inactive`.
        status: &'static str,
    },
    /// Access keys were deleted (one, or several at once).
    #[cfg(feature = "access-keys")]
    AccessKeysDeleted {
        /// Their ids.
        ids: Vec<String>,
    },
    /// An SSO configuration was added, saved, enabled or disabled, or deleted.
    #[cfg(feature = "sso-setup")]
    Sso {
        /// What happened.
        kind: SsoEventKind,
        /// The configuration's id.
        sso_id: String,
        /// Its protocol (`saml`/`oidc`) after the change; `none` when disabled or not configured.
        auth_type: &'static str,
    },
    /// The tenant's name, custom attributes or enforce-SSO switch changed.
    #[cfg(feature = "profile")]
    TenantUpdated {
        /// Its name now.
        name: String,
        /// Whether members must sign in with SSO now.
        enforce_sso: bool,
        /// What changed, as the wire names it: `name`, `customAttributes`, `enforceSSO`.
        changed: Vec<&'static str>,
    },
    /// The tenant's session settings were saved.
    #[cfg(feature = "profile")]
    SessionSettingsUpdated {
        /// Whether the tenant's own settings apply.
        enabled: bool,
    },
    /// The tenant's password policy was saved.
    #[cfg(feature = "profile")]
    PasswordPolicyUpdated {
        /// Whether the tenant's own policy applies.
        enabled: bool,
    },
    /// One of the tenant's domains was added, checked or removed.
    #[cfg(feature = "profile")]
    Domain {
        /// What happened.
        kind: DomainEventKind,
        /// The domain.
        domain: String,
        /// Where it stands now: `pending`, `verified`, `failed` (or `removed`).
        status: &'static str,
    },
}

/// Which change to a tenant domain an event reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DomainEventKind {
    /// Added, pending until its TXT record is found.
    Added,
    /// A check found its TXT record: it is verified.
    Verified,
    /// A check did not find its TXT record.
    VerificationFailed,
    /// Removed.
    Removed,
}

/// Which change to an SSO configuration an event reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsoEventKind {
    /// A configuration was added (not configured yet).
    Created,
    /// Its IdP settings were saved.
    Configured,
    /// Sign-in through it was turned on or off.
    StatusChanged,
    /// It was deleted.
    Deleted,
}
