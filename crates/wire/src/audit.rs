//! The actions the server records in the audit log (the `action` of an
//! [`AuditRecord`](crate::tenant::AuditRecord)), as one list: the server records nothing else
//! (besides custom events, `POST /v1/mgmt/audit/event`, whose action is the caller's), and the
//! audit-log widget's tests hold its catalog of labels against it.
//!
//! The widgets use this module in tests only, so it adds nothing to the wasm bundle.

/// Declares [`AuditAction`] with [`AuditAction::ALL`] and [`AuditAction::as_str`] from one
/// list, so neither can miss an action: the recorded name is the variant's name.
macro_rules! audit_actions {
    ($($(#[$doc:meta])* $action:ident,)*) => {
        /// What an audit event says happened, recorded under the variant's name (`UserCreated`),
        /// in the Descope style.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditAction {
            $($(#[$doc])* $action,)*
        }

        impl AuditAction {
            /// Every action, in the order declared.
            pub const ALL: &[Self] = &[$(Self::$action,)*];

            /// The recorded name, as stored and on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$action => stringify!($action),)*
                }
            }
        }
    };
}

audit_actions! {
    // A user's account and their place in tenants.
    /// A user was created.
    UserCreated,
    /// A user's profile changed.
    UserModified,
    /// A user was enabled.
    UserEnabled,
    /// A user was disabled.
    UserDisabled,
    /// A user's roles in a tenant changed.
    UserRolesChanged,
    /// A user's tenants were replaced.
    UserTenantsChanged,
    /// A user was added to a tenant (by an admin or by SCIM).
    UserAddedToTenant,
    /// A user was removed from a tenant.
    UserRemovedFromTenant,
    /// A user's login id changed.
    UserLoginIdChanged,
    /// A user was deleted.
    UserDeleted,
    /// A user joined a tenant by their email's domain.
    UserSelfProvisioned,
    /// Every session of a user ended: by an admin, by SCIM, or by the user signing out (then
    /// with no tenant).
    UserLoggedOut,
    /// An admin set a temporary password, to be replaced at the next sign-in.
    TemporaryPasswordSet,
    /// An admin set a password.
    PasswordSet,
    /// A user's password was expired, to be replaced at the next sign-in.
    PasswordExpired,
    /// A user's passkeys were removed.
    PasskeysRemoved,
    /// A user's authenticator app was removed.
    TOTPRemoved,
    /// A user replaced their expired password at sign-in.
    PasswordReplaced,
    /// A user's account was locked after failed password sign-ins.
    UserLocked,
    /// A one-time sign-in link was made for a user.
    SignInLinkGenerated,
    /// Every test user of the project was deleted.
    TestUsersDeleted,

    // Invitations, imports and bulk actions, impersonation.
    /// An invitation was sent (again) to an invited user.
    InvitationSent,
    /// An invited user accepted their invitation.
    InvitationAccepted,
    /// An invitation was revoked (the user removed from the tenant, or deleted).
    InvitationRevoked,
    /// An import or a bulk action started.
    JobStarted,
    /// A user was impersonated (recorded on the user).
    UserImpersonated,
    /// An impersonation started (recorded on the impersonator).
    ImpersonationStarted,
    /// An impersonation ended (recorded on both users).
    ImpersonationStopped,

    // Roles and permissions.
    /// A role was created.
    RoleCreated,
    /// A role was changed.
    RoleModified,
    /// A role was deleted.
    RoleDeleted,
    /// A permission was created.
    PermissionCreated,
    /// A permission was changed.
    PermissionModified,
    /// A permission was deleted.
    PermissionDeleted,

    // Access keys.
    /// An access key was created.
    AccessKeyCreated,
    /// An access key's name, roles or permitted addresses changed.
    AccessKeyModified,
    /// An access key was activated.
    AccessKeyActivated,
    /// An access key was deactivated.
    AccessKeyDeactivated,
    /// An access key was rotated.
    AccessKeyRotated,
    /// An access key was deleted.
    AccessKeyDeleted,
    /// An access key was refused a session (a `warn` event).
    AccessKeyExchangeRefused,

    // SSO: configurations, sign-ins, setup links.
    /// A tenant's SSO configuration was added.
    SsoConfigurationCreated,
    /// A tenant's SSO settings were saved.
    SsoConfigured,
    /// An SSO configuration was enabled or disabled.
    SsoAuthTypeChanged,
    /// IdP-initiated sign-in was allowed or forbidden.
    SsoIdpInitiatedChanged,
    /// A tenant's SSO configuration was deleted.
    SsoConfigurationDeleted,
    /// An SSO connection test started.
    SsoTestStarted,
    /// A user signed in with SSO.
    SsoSignIn,
    /// An SSO sign-in was refused.
    SsoSignInRefused,
    /// An SSO sign-in created its user.
    UserCreatedBySso,
    /// An SSO sign-in changed its user's profile.
    UserUpdatedBySso,
    /// An SSO sign-in changed its user's roles.
    UserRolesChangedBySso,
    /// An SSO setup link was created.
    SsoSetupLinkCreated,
    /// A tenant's SSO setup links were revoked.
    SsoSetupLinksRevoked,

    // SCIM.
    /// A tenant's SCIM token was created.
    ScimTokenCreated,
    /// A tenant's SCIM token was replaced by a new one.
    ScimTokenRotated,
    /// A tenant's SCIM token was revoked.
    ScimTokenRevoked,
    /// SCIM created a group.
    ScimGroupCreated,
    /// SCIM renamed a group.
    ScimGroupRenamed,
    /// SCIM changed a group's members.
    ScimGroupMembersChanged,
    /// A SCIM group's roles changed.
    ScimGroupRolesChanged,
    /// SCIM deleted a group.
    ScimGroupDeleted,
    /// A user's roles changed with their SCIM groups.
    UserRolesChangedByScim,
    /// SCIM deleted a user.
    ScimUserDeleted,
    /// A SCIM request was refused.
    ScimRequestFailed,

    // Tenants: their settings, password policy and domains.
    /// A tenant was created.
    TenantCreated,
    /// A tenant's name or self-provisioning domains changed.
    TenantModified,
    /// A tenant's settings changed.
    TenantSettingsModified,
    /// The password policy of a tenant (or of the project) changed.
    PasswordPolicyModified,
    /// A domain was added to a tenant.
    TenantDomainAdded,
    /// A tenant's domain was verified.
    TenantDomainVerified,
    /// The verification of a tenant's domain failed.
    TenantDomainCheckFailed,
    /// A domain was removed from a tenant.
    TenantDomainRemoved,
    /// A tenant was deleted.
    TenantDeleted,

    // Custom attribute definitions.
    /// A custom attribute of users was defined.
    CustomAttributeCreated,
    /// A custom attribute of users was deleted.
    CustomAttributeDeleted,
    /// A custom attribute of tenants was defined.
    TenantAttributeCreated,
    /// A custom attribute of tenants was deleted.
    TenantAttributeDeleted,
}

impl AuditAction {
    /// Recorded with no tenant only, so no tenant's log ever holds it (the audit-log widget's
    /// action filter does not offer it). Every other action can land in a tenant's log, though
    /// some are recorded with no tenant too: `UserLoggedOut` when a user signs themself out,
    /// `PasswordPolicyModified` for the project's policy, and a change made project-wide.
    pub const fn project_wide(self) -> bool {
        match self {
            // The user's account, which every tenant of theirs shares.
            Self::PasswordReplaced => true,
            // Failed password sign-ins name no tenant.
            Self::UserLocked => true,
            // Made with the management key, for the user rather than one of their tenants.
            Self::SignInLinkGenerated => true,
            // The management key's clean-up of the whole project.
            Self::TestUsersDeleted => true,
            // Permissions are the project's; tenants' roles only use them.
            Self::PermissionCreated | Self::PermissionModified | Self::PermissionDeleted => true,
            // Custom attribute definitions, of users and of tenants, are the project's.
            Self::CustomAttributeCreated
            | Self::CustomAttributeDeleted
            | Self::TenantAttributeCreated
            | Self::TenantAttributeDeleted => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;
    use std::collections::BTreeSet;

    #[test]
    fn each_action_has_its_own_name() {
        let names: BTreeSet<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), AuditAction::ALL.len());
        assert_eq!(AuditAction::TOTPRemoved.as_str(), "TOTPRemoved");
        assert!(AuditAction::UserLocked.project_wide());
        assert!(!AuditAction::UserLoggedOut.project_wide());
    }
}
