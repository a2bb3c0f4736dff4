//! The strings of the SCIM provisioning section of `<tenant-sso-setup>`: the base URL and token,
//! the set-up steps in each identity provider's own words, the group-to-role mapping and the
//! latest activity.

use crate::i18n::catalog;

catalog! {
/// One identity provider's set-up steps, in the words of its console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScimProviderSteps {
    /// The provider's name.
    pub name: &'static str,
    /// The steps, in order. `{url}` is the base URL; "the token" is the one created here.
    pub steps: &'static [&'static str],
}
}

catalog! {
/// The section's strings. Templates mark their parameters with `{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScimMessages {
    /// The section's heading.
    pub title: &'static str,
    /// What SCIM does here.
    pub intro: &'static str,
    /// While the set-up loads.
    pub loading: &'static str,
    /// The set-up could not be loaded: `{error}`.
    pub failed: &'static str,
    /// For an admin without both permissions.
    pub needs_permissions: &'static str,
    /// Label of the base URL.
    pub base_url_label: &'static str,
    /// Label of the token's state.
    pub token_label: &'static str,
    /// No token yet.
    pub no_token: &'static str,
    /// The token: `{created}`, `{used}`.
    pub token_state: &'static str,
    /// Never used.
    pub never_used: &'static str,
    /// Creates the first token.
    pub create_token: &'static str,
    /// Replaces the token.
    pub rotate_token: &'static str,
    /// Removes the token.
    pub revoke_token: &'static str,
    /// Asked before rotating.
    pub confirm_rotate: &'static str,
    /// Asked before revoking.
    pub confirm_revoke: &'static str,
    /// Heading of the secret dialog.
    pub secret_title: &'static str,
    /// Above the secret.
    pub secret_intro: &'static str,
    /// Accessible name of the secret.
    pub secret_label: &'static str,
    /// Below the secret.
    pub secret_warning: &'static str,
    /// After a token change.
    pub done_rotate: &'static str,
    /// After a revoke.
    pub done_revoke: &'static str,
    /// A token change failed: `{error}`.
    pub change_failed: &'static str,
    /// Heading of the set-up steps.
    pub steps_title: &'static str,
    /// Label of the provider choice.
    pub provider_label: &'static str,
    /// The providers' steps.
    pub okta: ScimProviderSteps,
    /// Microsoft Entra ID.
    pub entra: ScimProviderSteps,
    /// Google Workspace: none.
    pub google: ScimProviderSteps,
    /// Heading of the group mapping.
    pub groups_title: &'static str,
    /// No groups pushed yet.
    pub groups_empty: &'static str,
    /// What the mapping does.
    pub groups_intro: &'static str,
    /// Column headers.
    pub column_group: &'static str,
    /// Column header.
    pub column_members: &'static str,
    /// Column header.
    pub column_roles: &'static str,
    /// No roles granted.
    pub no_roles: &'static str,
    /// Opens a group's role choice.
    pub edit_button: &'static str,
    /// Its accessible name: `{group}`.
    pub edit_roles: &'static str,
    /// Legend of the role choice: `{group}`.
    pub roles_legend: &'static str,
    /// Saves the role choice.
    pub save_roles: &'static str,
    /// Closes the role choice.
    pub cancel: &'static str,
    /// After saving: `{group}`.
    pub done_roles: &'static str,
    /// Heading of the activity.
    pub activity_title: &'static str,
    /// No activity yet.
    pub activity_empty: &'static str,
    /// A refused request's line: `{request}`, `{detail}`.
    pub refused: &'static str,
    /// An event about a user: `{user}`.
    pub about_user: &'static str,
    /// Copy button label: `{label}`.
    pub copy_label: &'static str,
    /// Said after copying: `{label}`.
    pub copied: &'static str,
}
}

/// English.
pub const ENGLISH_SCIM: ScimMessages = ScimMessages {
    title: "User provisioning (SCIM)",
    intro: "Let your identity provider create, update and deactivate this tenant's users, and \
            push its groups: when someone leaves your company, their access here ends without \
            anyone clicking. Deactivated users are signed out at once.",
    loading: "Loading the provisioning set-up…",
    failed: "The provisioning set-up could not be loaded: {error}",
    needs_permissions: "Setting up provisioning needs both User Admin and SSO Admin in this \
                        tenant (Tenant Admin holds both).",
    base_url_label: "SCIM base URL",
    token_label: "Token",
    no_token: "No token yet: your identity provider cannot provision until you create one.",
    token_state: "Created {created}, last used {used}.",
    never_used: "never",
    create_token: "Create token",
    rotate_token: "Rotate token",
    revoke_token: "Revoke token",
    confirm_rotate: "Rotate the SCIM token? The current token stops working at once: provisioning \
                     pauses until you paste the new one into your identity provider.",
    confirm_revoke: "Revoke the SCIM token? Your identity provider can no longer create, change or \
                     deactivate users until you create a new token.",
    secret_title: "SCIM token",
    secret_intro: "Paste this token into your identity provider's provisioning settings.",
    secret_label: "SCIM token",
    secret_warning: "This is the only time the token is shown. Copy it now: it is stored only \
                     as a hash.",
    done_rotate: "A new SCIM token was created.",
    done_revoke: "The SCIM token was revoked.",
    change_failed: "The token could not be changed: {error}",
    steps_title: "Set-up steps",
    provider_label: "Identity provider",
    okta: ScimProviderSteps {
        name: "Okta",
        steps: &[
            "In the Okta Admin Console, open the app you use for SSO with us (Applications > \
             Applications), or create one: Create App Integration > SAML 2.0.",
            "On the General tab, click Edit under App Settings, set Provisioning to SCIM, and \
             click Save.",
            "On the Provisioning tab, under Integration, click Edit.",
            "SCIM connector base URL: {url}",
            "Unique identifier field for users: userName.",
            "Supported provisioning actions: Push New Users, Push Profile Updates and Push \
             Groups.",
            "Authentication Mode: HTTP Header. Authorization: the token created here.",
            "Click Test Connector Configuration, then Save.",
            "Under Provisioning > To App, click Edit and enable Create Users, Update User \
             Attributes and Deactivate Users.",
            "Assign people on the Assignments tab; push groups on the Push Groups tab, then map \
             them to roles below.",
        ],
    },
    entra: ScimProviderSteps {
        name: "Microsoft Entra ID",
        steps: &[
            "In the Microsoft Entra admin center, go to Enterprise applications and open the app \
             you use for SSO with us (or New application > Create your own application > \
             Integrate any other application you don't find in the gallery).",
            "Open Provisioning and set Provisioning Mode to Automatic.",
            "Under Admin Credentials, Tenant URL: {url}",
            "Secret Token: the token created here.",
            "Click Test Connection, then Save.",
            "Under Mappings, keep userName mapped to userPrincipalName (or mail), and check \
             which groups and users are in scope under Users and groups.",
            "Set Provisioning Status to On and save. Entra ID provisions about every 40 minutes; \
             Provision on demand tries one user at once.",
        ],
    },
    google: ScimProviderSteps {
        name: "Google Workspace",
        steps: &[
            "Google Workspace offers automatic provisioning only to apps in its own catalog: a \
             custom SAML app has no SCIM settings, so Google cannot provision this tenant. Users \
             who sign in with SSO are created at their first sign-in instead.",
        ],
    },
    groups_title: "Groups and roles",
    groups_empty: "No groups yet. Groups your identity provider pushes appear here; map each to \
                   the roles its members get.",
    groups_intro: "Members of a group get its roles in this tenant, and lose them when they leave \
                   the group. Roles given by hand are never taken away.",
    column_group: "Group",
    column_members: "Members",
    column_roles: "Roles",
    no_roles: "No roles",
    edit_button: "Edit roles",
    edit_roles: "Edit roles of {group}",
    roles_legend: "Roles members of {group} get",
    save_roles: "Save roles",
    cancel: "Cancel",
    done_roles: "Members of {group} now get the roles chosen.",
    activity_title: "Latest activity",
    activity_empty: "Nothing provisioned yet.",
    refused: "Refused {request}: {detail}",
    about_user: "{user}",
    copy_label: "Copy {label}",
    copied: "{label} copied.",
};
