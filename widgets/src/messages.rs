//! Every string a user can see, in one catalog. Components never hold literal text: they read a
//! [`Messages`], so a translation is one more `const`.
//!
//! [`Messages`] holds what the widgets share and the user widget's own strings (those only with
//! its feature, as each element's section);
//! [`ListMessages`] what every list says in each of its states (one per widget); [`RoleMessages`]
//! the role widget's own strings; [`KeyMessages`] the access-key widget's; [`AuditMessages`] the
//! audit log's; [`sso::SsoMessages`] the SSO widget's and [`sso_test::SsoTestMessages`] its
//! "Test connection"; [`profile::ProfileMessages`] the tenant profile's;
//! [`history::HistoryMessages`] the user widget's sign-in history;
//! [`invitations::InvitationMessages`] its invitations and role-change impact.

use crate::i18n::catalog;

pub mod history;
pub mod import;
pub mod invitations;
pub mod profile;
pub mod scim;
pub mod sso;
pub mod sso_links;
pub mod sso_test;

/// Whether `path` (`audit.column_time`, `create_user`) lies in a field of [`Messages`] this build
/// left out: a section or a string of every element's catalog ([`Messages::fields`]) that none of
/// the build's own paths (`built`: their first names) is in. A one-element module (`cargo xtask
/// build-wasm`) compiles its own element's fields only (each is `#[cfg]`-gated); a catalog's
/// entry in another element's is neither used nor a problem.
pub fn left_out(path: &str, built: &crate::collections::VecSet<&str>) -> bool {
    let field = path.split_once('.').map_or(path, |(section, _)| section);
    !built.contains(field) && Messages::fields().any(|name| name == field)
}

/// Whether this build has every element: then it leaves no field out, and [`left_out`] (the names
/// of every field) is not needed.
pub const EVERY_ELEMENT: bool = cfg!(all(
    feature = "users",
    feature = "roles",
    feature = "access-keys",
    feature = "audit-log",
    feature = "sso-setup",
    feature = "profile"
));

catalog! {
/// What a list widget says in each of its states. Each widget has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListMessages {
    /// Heading of the widget.
    pub title: &'static str,
    /// Table caption (read by screen readers, shown visually hidden): `{tenant}`.
    pub table_caption: &'static str,
    /// Count next to the title, one item.
    pub count_one: &'static str,
    /// Count next to the title, any other number: `{count}`.
    pub count_other: &'static str,
    /// Announced when the list has loaded: `{count}`.
    pub loaded_announcement: &'static str,
    /// Shown and announced while loading.
    pub loading: &'static str,
    /// The tenant has none.
    pub empty_title: &'static str,
    /// Explanation under [`ListMessages::empty_title`].
    pub empty_detail: &'static str,
    /// The search or filters match nothing.
    pub no_match_title: &'static str,
    /// Under the no-match title.
    pub no_match_detail: &'static str,
    /// The list could not be loaded; the server's message follows.
    pub error_title: &'static str,
    /// Under the shared "Your session has expired".
    pub session_expired_detail: &'static str,
    /// Label of the search box.
    pub search_label: &'static str,
    /// Placeholder of the search box.
    pub search_placeholder: &'static str,
}
}

catalog! {
/// The user-visible strings of the widgets. Templates mark their parameters with `{name}`; fill
/// them with [`fill`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Messages {
    /// The user widget's list.
    #[cfg(feature = "users")]
    pub users: ListMessages,
    /// The role widget's strings.
    #[cfg(any(feature = "users", feature = "roles"))]
    pub roles: RoleMessages,
    /// The access-key widget's strings.
    #[cfg(feature = "access-keys")]
    pub keys: KeyMessages,
    /// The audit log's strings.
    #[cfg(feature = "audit-log")]
    pub audit: AuditMessages,
    /// The SSO widget's strings.
    #[cfg(feature = "sso-setup")]
    pub sso: sso::SsoMessages,
    /// The strings of the SSO widget's "Test connection".
    #[cfg(feature = "sso-setup")]
    pub sso_test: sso_test::SsoTestMessages,
    /// The strings of the SSO widget's provisioning (SCIM) section.
    #[cfg(feature = "sso-setup")]
    pub scim: scim::ScimMessages,
    /// The strings of the SSO widget's setup-link section.
    #[cfg(feature = "sso-setup")]
    pub sso_links: sso_links::SsoLinkMessages,
    /// The tenant profile's strings.
    #[cfg(feature = "profile")]
    pub profile: profile::ProfileMessages,
    /// The user widget's "Sign-in history" dialog.
    #[cfg(feature = "users")]
    pub history: history::HistoryMessages,
    /// The user widget's invitations and role-change impact.
    #[cfg(feature = "users")]
    pub invitations: invitations::InvitationMessages,
    /// The user widget's CSV import and bulk actions on every match.
    #[cfg(feature = "users")]
    pub import: import::ImportMessages,
    /// Sub-heading under the title: `{tenant}`.
    pub tenant_label: &'static str,
    /// Column header: the first login id.
    #[cfg(feature = "users")]
    pub column_login_id: &'static str,
    /// Column header: display name.
    #[cfg(feature = "users")]
    pub column_name: &'static str,
    /// Column header: email address.
    #[cfg(feature = "users")]
    pub column_email: &'static str,
    /// Column header: status.
    #[cfg(feature = "users")]
    pub column_status: &'static str,
    /// Column header: roles in the tenant.
    #[cfg(feature = "users")]
    pub column_roles: &'static str,
    /// Status badge of an enabled user.
    #[cfg(feature = "users")]
    pub status_enabled: &'static str,
    /// Status badge of a disabled user.
    #[cfg(feature = "users")]
    pub status_disabled: &'static str,
    /// Status badge of an invited user.
    #[cfg(feature = "users")]
    pub status_invited: &'static str,
    /// Shown in an empty cell.
    pub empty_cell: &'static str,
    /// The session token was refused and no fresh one was available.
    pub session_expired_title: &'static str,
    /// Required settings are missing.
    pub missing_config_title: &'static str,
    /// Lists the missing settings: `{fields}`.
    pub missing_config_detail: &'static str,
    /// Name of the project id setting in [`Messages::missing_config_detail`].
    pub field_project_id: &'static str,
    /// Name of the base URL setting.
    pub field_base_url: &'static str,
    /// Name of the tenant setting.
    pub field_tenant: &'static str,
    /// Name of the session token setting.
    pub field_session_token: &'static str,
    /// Label of the status filter.
    #[cfg(feature = "users")]
    pub filter_status_label: &'static str,
    /// The status filter's "no filter" option.
    #[cfg(feature = "users")]
    pub filter_any_status: &'static str,
    /// Label of the role filter.
    #[cfg(feature = "users")]
    pub filter_role_label: &'static str,
    /// The role filter's "no filter" option.
    #[cfg(feature = "users")]
    pub filter_any_role: &'static str,
    /// Button: download the filtered users as CSV.
    pub export_csv: &'static str,
    /// The export button while the export runs.
    pub exporting: &'static str,
    /// Announced after an export: `{users}` ("1 user", "12 users").
    #[cfg(feature = "users")]
    pub exported: &'static str,
    /// Announced after an export that stopped at its cap: `{count}`, `{total}`.
    #[cfg(feature = "users")]
    pub exported_capped: &'static str,
    /// The export failed; the reason follows.
    pub export_failed: &'static str,
    /// Button: open the create dialog.
    #[cfg(feature = "users")]
    pub create_user: &'static str,
    /// Heading of the create dialog.
    #[cfg(feature = "users")]
    pub create_user_title: &'static str,
    /// Heading of the edit dialog.
    #[cfg(feature = "users")]
    pub edit_user_title: &'static str,
    /// Form label.
    #[cfg(feature = "users")]
    pub field_login_id: &'static str,
    /// Form label.
    #[cfg(feature = "users")]
    pub field_email: &'static str,
    /// Form label.
    #[cfg(feature = "users")]
    pub field_phone: &'static str,
    /// Form label.
    #[cfg(feature = "users")]
    pub field_name: &'static str,
    /// Legend of the role checkboxes.
    #[cfg(feature = "users")]
    pub field_roles: &'static str,
    /// No roles are known.
    pub no_roles: &'static str,
    /// Beside a role the admin may not give or take away: `{permissions}` it carries that they
    /// do not hold.
    pub role_not_grantable: &'static str,
    /// Why the account actions on a user who holds more than the admin are refused: `{roles}`.
    #[cfg(feature = "users")]
    pub holds_locked_role: &'static str,
    /// Legend of the custom attributes.
    #[cfg(feature = "users")]
    pub field_custom_attributes: &'static str,
    /// Checkbox in the create dialog.
    #[cfg(feature = "users")]
    pub field_invite: &'static str,
    /// A numeric custom attribute is not a number.
    pub error_number: &'static str,
    /// A date attribute's value is not a date.
    pub error_date: &'static str,
    /// Submit button of the create dialog.
    pub create: &'static str,
    /// Submit button of the edit dialog.
    pub save: &'static str,
    /// Closes a dialog without doing anything.
    pub cancel: &'static str,
    /// Confirms a bulk action.
    #[cfg(feature = "users")]
    pub confirm: &'static str,
    /// Closes the password dialog.
    pub done: &'static str,
    /// Hides a notice.
    pub dismiss: &'static str,
    /// Header of the actions column (visually hidden).
    pub column_actions: &'static str,
    /// Label of the select-all checkbox.
    #[cfg(feature = "users")]
    pub select_all_label: &'static str,
    /// Label of a row's checkbox: `{user}`.
    #[cfg(feature = "users")]
    pub select_user_label: &'static str,
    /// Label of a row's menu button: `{user}`.
    #[cfg(feature = "users")]
    pub row_actions_label: &'static str,
    /// Menu item.
    #[cfg(feature = "users")]
    pub action_edit: &'static str,
    /// Menu item and bulk action.
    #[cfg(feature = "users")]
    pub action_enable: &'static str,
    /// Menu item and bulk action.
    #[cfg(feature = "users")]
    pub action_disable: &'static str,
    /// Menu item.
    #[cfg(feature = "users")]
    pub action_reset_password: &'static str,
    /// Menu item.
    #[cfg(feature = "users")]
    pub action_expire_password: &'static str,
    /// Menu item.
    #[cfg(feature = "users")]
    pub action_remove_passkeys: &'static str,
    /// Menu item.
    #[cfg(feature = "users")]
    pub action_remove_totp: &'static str,
    /// Menu item.
    #[cfg(feature = "users")]
    pub action_sign_out: &'static str,
    /// Menu item (invited users only).
    #[cfg(feature = "users")]
    pub action_resend_invite: &'static str,
    /// Menu item and bulk action.
    #[cfg(feature = "users")]
    pub action_remove_from_tenant: &'static str,
    /// Menu item and bulk action.
    #[cfg(feature = "users")]
    pub action_delete: &'static str,
    /// Menu item (admins holding `Impersonate`).
    #[cfg(feature = "users")]
    pub action_impersonate: &'static str,
    /// Confirmation: `{user}`.
    #[cfg(feature = "users")]
    pub confirm_enable: &'static str,
    /// Confirmation: `{user}`.
    #[cfg(feature = "users")]
    pub confirm_disable: &'static str,
    /// Confirmation: `{user}`.
    #[cfg(feature = "users")]
    pub confirm_reset_password: &'static str,
    /// Confirmation: `{user}`.
    #[cfg(feature = "users")]
    pub confirm_expire_password: &'static str,
    /// Confirmation: `{user}`.
    #[cfg(feature = "users")]
    pub confirm_remove_passkeys: &'static str,
    /// Confirmation: `{user}`.
    #[cfg(feature = "users")]
    pub confirm_remove_totp: &'static str,
    /// Confirmation: `{user}`.
    #[cfg(feature = "users")]
    pub confirm_sign_out: &'static str,
    /// Confirmation: `{user}`.
    #[cfg(feature = "users")]
    pub confirm_resend_invite: &'static str,
    /// Confirmation: `{user}`.
    #[cfg(feature = "users")]
    pub confirm_remove_from_tenant: &'static str,
    /// Confirmation: `{user}`.
    #[cfg(feature = "users")]
    pub confirm_delete: &'static str,
    /// Confirmation: `{user}`.
    #[cfg(feature = "users")]
    pub confirm_impersonate: &'static str,
    /// Under every confirmation question.
    pub confirm_detail: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_enable: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_disable: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_reset_password: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_expire_password: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_remove_passkeys: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_remove_totp: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_sign_out: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_resend_invite: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_remove_from_tenant: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_delete: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_impersonate: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_create: &'static str,
    /// Announced: `{user}`.
    #[cfg(feature = "users")]
    pub done_update: &'static str,
    /// An action failed: `{user}`; the reason follows.
    #[cfg(feature = "users")]
    pub action_failed: &'static str,
    /// A bulk action skipped the signed-in admin.
    #[cfg(feature = "users")]
    pub not_editable: &'static str,
    /// Why the account of a user who also belongs to other tenants cannot be changed here (a
    /// disabled menu item's reason, the edit form's note, a bulk action's skip).
    #[cfg(feature = "users")]
    pub shared_account: &'static str,
    /// Label of the bulk action bar.
    pub bulk_label: &'static str,
    /// How many users are selected: `{count}`.
    pub selected_count: &'static str,
    /// Label of the bulk role picker.
    #[cfg(feature = "users")]
    pub bulk_role_label: &'static str,
    /// Bulk action.
    #[cfg(feature = "users")]
    pub bulk_add_role: &'static str,
    /// Bulk action.
    #[cfg(feature = "users")]
    pub bulk_remove_role: &'static str,
    /// Deselects everything.
    pub clear_selection: &'static str,
    /// Bulk confirmation: `{users}`.
    #[cfg(feature = "users")]
    pub bulk_confirm_enable: &'static str,
    /// Bulk confirmation: `{users}`.
    #[cfg(feature = "users")]
    pub bulk_confirm_disable: &'static str,
    /// Bulk confirmation: `{users}`, `{role}`.
    #[cfg(feature = "users")]
    pub bulk_confirm_add_role: &'static str,
    /// Bulk confirmation: `{users}`, `{role}`.
    #[cfg(feature = "users")]
    pub bulk_confirm_remove_role: &'static str,
    /// Bulk confirmation: `{users}`.
    #[cfg(feature = "users")]
    pub bulk_confirm_remove_from_tenant: &'static str,
    /// Bulk confirmation: `{users}`.
    #[cfg(feature = "users")]
    pub bulk_confirm_delete: &'static str,
    /// A bulk action succeeded for everyone: `{users}`.
    #[cfg(feature = "users")]
    pub bulk_done_all: &'static str,
    /// A bulk action partly failed: `{done}`, `{failed}`.
    #[cfg(feature = "users")]
    pub bulk_done_some: &'static str,
    /// One failed user of a bulk action: `{user}`, `{reason}`.
    #[cfg(feature = "users")]
    pub bulk_failure: &'static str,
    /// Heading of the password dialog.
    #[cfg(feature = "users")]
    pub password_title: &'static str,
    /// Above the password: `{user}`.
    #[cfg(feature = "users")]
    pub password_intro: &'static str,
    /// Accessible name of the password.
    #[cfg(feature = "users")]
    pub password_label: &'static str,
    /// Warning under the password.
    #[cfg(feature = "users")]
    pub password_warning: &'static str,
    /// Copies the password.
    pub copy: &'static str,
    /// Announced after copying.
    pub copied: &'static str,
    /// Copying failed.
    pub copy_failed: &'static str,
    /// Label of the page navigation.
    pub pagination_label: &'static str,
    /// Label of the page size picker.
    pub page_size_label: &'static str,
    /// Rows shown: `{from}`, `{to}`, `{total}`.
    pub range: &'static str,
    /// No rows on this page: `{total}`.
    pub range_none: &'static str,
    /// Under the table when the server stopped counting: `{count}` (the cap).
    pub total_capped: &'static str,
    /// Previous page.
    pub previous_page: &'static str,
    /// Next page.
    pub next_page: &'static str,
}
}

/// The English catalog.
pub const ENGLISH: Messages = Messages {
    #[cfg(feature = "users")]
    users: ListMessages {
        title: "Users",
        table_caption: "Users of tenant {tenant}",
        count_one: "1 user",
        count_other: "{count} users",
        loaded_announcement: "{count} users loaded",
        loading: "Loading users…",
        empty_title: "No users in this tenant yet",
        empty_detail: "People who join this tenant will be listed here.",
        no_match_title: "No users match",
        no_match_detail: "Try another search or clear the filters.",
        error_title: "Could not load users",
        session_expired_detail: "Sign in again to keep managing users.",
        search_label: "Search users (login ID, name, email, phone)",
        search_placeholder: "Search by login ID, name, email or phone",
    },
    #[cfg(any(feature = "users", feature = "roles"))]
    roles: ENGLISH_ROLES,
    #[cfg(feature = "access-keys")]
    keys: ENGLISH_KEYS,
    #[cfg(feature = "audit-log")]
    audit: ENGLISH_AUDIT,
    #[cfg(feature = "sso-setup")]
    sso: sso::ENGLISH_SSO,
    #[cfg(feature = "sso-setup")]
    sso_test: sso_test::ENGLISH_SSO_TEST,
    #[cfg(feature = "sso-setup")]
    scim: scim::ENGLISH_SCIM,
    #[cfg(feature = "sso-setup")]
    sso_links: sso_links::ENGLISH_SSO_LINKS,
    #[cfg(feature = "profile")]
    profile: profile::ENGLISH_PROFILE,
    #[cfg(feature = "users")]
    history: history::ENGLISH_HISTORY,
    #[cfg(feature = "users")]
    invitations: invitations::ENGLISH_INVITATIONS,
    #[cfg(feature = "users")]
    import: import::ENGLISH_IMPORT,
    tenant_label: "Tenant {tenant}",
    #[cfg(feature = "users")]
    column_login_id: "Login ID",
    #[cfg(feature = "users")]
    column_name: "Name",
    #[cfg(feature = "users")]
    column_email: "Email",
    #[cfg(feature = "users")]
    column_status: "Status",
    #[cfg(feature = "users")]
    column_roles: "Roles",
    #[cfg(feature = "users")]
    status_enabled: "Enabled",
    #[cfg(feature = "users")]
    status_disabled: "Disabled",
    #[cfg(feature = "users")]
    status_invited: "Invited",
    empty_cell: "—",
    session_expired_title: "Your session has expired",
    missing_config_title: "This widget is not configured yet",
    missing_config_detail: "Missing: {fields}.",
    field_project_id: "project ID",
    field_base_url: "API base URL",
    field_tenant: "tenant",
    field_session_token: "session token",
    #[cfg(feature = "users")]
    filter_status_label: "Status",
    #[cfg(feature = "users")]
    filter_any_status: "Any status",
    #[cfg(feature = "users")]
    filter_role_label: "Role",
    #[cfg(feature = "users")]
    filter_any_role: "Any role",
    export_csv: "Export CSV",
    exporting: "Exporting…",
    #[cfg(feature = "users")]
    exported: "Exported {users} to CSV.",
    #[cfg(feature = "users")]
    exported_capped: "Exported the first {count} of {total} matching users to CSV: narrow the filter to export the rest.",
    export_failed: "The export failed.",
    #[cfg(feature = "users")]
    create_user: "Create user",
    #[cfg(feature = "users")]
    create_user_title: "Create user",
    #[cfg(feature = "users")]
    edit_user_title: "Edit user",
    #[cfg(feature = "users")]
    field_login_id: "Login ID",
    #[cfg(feature = "users")]
    field_email: "Email",
    #[cfg(feature = "users")]
    field_phone: "Phone",
    #[cfg(feature = "users")]
    field_name: "Name",
    #[cfg(feature = "users")]
    field_roles: "Roles",
    no_roles: "No roles to choose from.",
    role_not_grantable: "Needs {permissions}, which you do not hold",
    #[cfg(feature = "users")]
    holds_locked_role: "Holds {roles}, which carries permissions you do not hold",
    #[cfg(feature = "users")]
    field_custom_attributes: "Custom attributes",
    #[cfg(feature = "users")]
    field_invite: "Send an invitation by email",
    error_number: "Enter a number",
    error_date: "Enter a date",
    create: "Create",
    save: "Save",
    cancel: "Cancel",
    #[cfg(feature = "users")]
    confirm: "Confirm",
    done: "Done",
    dismiss: "Dismiss",
    column_actions: "Actions",
    #[cfg(feature = "users")]
    select_all_label: "Select all users on this page",
    #[cfg(feature = "users")]
    select_user_label: "Select {user}",
    #[cfg(feature = "users")]
    row_actions_label: "Actions for {user}",
    #[cfg(feature = "users")]
    action_edit: "Edit",
    #[cfg(feature = "users")]
    action_enable: "Enable",
    #[cfg(feature = "users")]
    action_disable: "Disable",
    #[cfg(feature = "users")]
    action_reset_password: "Reset password",
    #[cfg(feature = "users")]
    action_expire_password: "Expire password",
    #[cfg(feature = "users")]
    action_remove_passkeys: "Remove passkeys",
    #[cfg(feature = "users")]
    action_remove_totp: "Remove authenticator app",
    #[cfg(feature = "users")]
    action_sign_out: "Sign out everywhere",
    #[cfg(feature = "users")]
    action_resend_invite: "Resend invitation",
    #[cfg(feature = "users")]
    action_remove_from_tenant: "Remove from tenant",
    #[cfg(feature = "users")]
    action_delete: "Delete",
    #[cfg(feature = "users")]
    action_impersonate: "Impersonate",
    #[cfg(feature = "users")]
    confirm_enable: "Enable {user}?",
    #[cfg(feature = "users")]
    confirm_disable: "Disable {user}?",
    #[cfg(feature = "users")]
    confirm_reset_password: "Reset the password of {user}?",
    #[cfg(feature = "users")]
    confirm_expire_password: "Expire the password of {user}?",
    #[cfg(feature = "users")]
    confirm_remove_passkeys: "Remove every passkey of {user}?",
    #[cfg(feature = "users")]
    confirm_remove_totp: "Remove the authenticator app of {user}?",
    #[cfg(feature = "users")]
    confirm_sign_out: "Sign {user} out everywhere?",
    #[cfg(feature = "users")]
    confirm_resend_invite: "Resend the invitation to {user}?",
    #[cfg(feature = "users")]
    confirm_remove_from_tenant: "Remove {user} from this tenant?",
    #[cfg(feature = "users")]
    confirm_delete: "Delete {user}?",
    #[cfg(feature = "users")]
    confirm_impersonate: "Impersonate {user}? You will act as them, and it is recorded in the audit log.",
    confirm_detail: "This takes effect immediately.",
    #[cfg(feature = "users")]
    done_enable: "{user} was enabled.",
    #[cfg(feature = "users")]
    done_disable: "{user} was disabled.",
    #[cfg(feature = "users")]
    done_reset_password: "A temporary password was set for {user}.",
    #[cfg(feature = "users")]
    done_expire_password: "The password of {user} was expired.",
    #[cfg(feature = "users")]
    done_remove_passkeys: "The passkeys of {user} were removed.",
    #[cfg(feature = "users")]
    done_remove_totp: "The authenticator app of {user} was removed.",
    #[cfg(feature = "users")]
    done_sign_out: "{user} was signed out everywhere.",
    #[cfg(feature = "users")]
    done_resend_invite: "The invitation to {user} was sent again.",
    #[cfg(feature = "users")]
    done_remove_from_tenant: "{user} was removed from this tenant.",
    #[cfg(feature = "users")]
    done_delete: "{user} was deleted.",
    #[cfg(feature = "users")]
    done_impersonate: "The session of {user} was handed to this page.",
    #[cfg(feature = "users")]
    done_create: "{user} was created.",
    #[cfg(feature = "users")]
    done_update: "{user} was saved.",
    #[cfg(feature = "users")]
    action_failed: "Could not change {user}:",
    #[cfg(feature = "users")]
    not_editable: "You cannot change your own account here.",
    #[cfg(feature = "users")]
    shared_account: "Also in other tenants: only the project's administrator can change this account. Its roles here and its membership are yours to change.",
    bulk_label: "Bulk actions",
    selected_count: "{count} selected",
    #[cfg(feature = "users")]
    bulk_role_label: "Role to add or remove",
    #[cfg(feature = "users")]
    bulk_add_role: "Add role",
    #[cfg(feature = "users")]
    bulk_remove_role: "Remove role",
    clear_selection: "Clear selection",
    #[cfg(feature = "users")]
    bulk_confirm_enable: "Enable {users}?",
    #[cfg(feature = "users")]
    bulk_confirm_disable: "Disable {users}?",
    #[cfg(feature = "users")]
    bulk_confirm_add_role: "Add the role {role} to {users}?",
    #[cfg(feature = "users")]
    bulk_confirm_remove_role: "Remove the role {role} from {users}?",
    #[cfg(feature = "users")]
    bulk_confirm_remove_from_tenant: "Remove {users} from this tenant?",
    #[cfg(feature = "users")]
    bulk_confirm_delete: "Delete {users}?",
    #[cfg(feature = "users")]
    bulk_done_all: "Done for {users}.",
    #[cfg(feature = "users")]
    bulk_done_some: "{done} done, {failed} failed",
    #[cfg(feature = "users")]
    bulk_failure: "{user}: {reason}",
    #[cfg(feature = "users")]
    password_title: "Temporary password",
    #[cfg(feature = "users")]
    password_intro: "The temporary password of {user} is:",
    #[cfg(feature = "users")]
    password_label: "Temporary password",
    #[cfg(feature = "users")]
    password_warning: "Copy it now: it is shown only once and cannot be shown again. The user must choose a new password when signing in.",
    copy: "Copy",
    copied: "Copied to the clipboard.",
    copy_failed: "Could not copy; select the password and copy it yourself.",
    pagination_label: "Pages",
    page_size_label: "Rows per page",
    range: "{from}–{to} of {total}",
    range_none: "0 of {total}",
    total_capped: "More than {count} match; the count stops there. Search or filter to narrow them.",
    previous_page: "Previous",
    next_page: "Next",
};

catalog! {
/// The role widget's own strings (besides the shared ones in [`Messages`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleMessages {
    /// The list in each of its states.
    pub list: ListMessages,
    /// Column header: the role's name.
    pub column_name: &'static str,
    /// Column header: description.
    pub column_description: &'static str,
    /// Column header: the permissions the role grants.
    pub column_permissions: &'static str,
    /// Column header: tenant or project role.
    pub column_scope: &'static str,
    /// Column header: how many users and access keys of the tenant hold the role.
    pub column_holders: &'static str,
    /// A role's holders in the table: `{users}`, `{keys}` ("12 users · 2 keys").
    pub holders_cell: &'static str,
    /// One access key, in the table.
    pub table_keys_one: &'static str,
    /// Any other number of access keys, in the table: `{count}`.
    pub table_keys_other: &'static str,
    /// Scope badge of the tenant's own roles.
    pub scope_tenant: &'static str,
    /// Scope badge of the project's roles.
    pub scope_project: &'static str,
    /// Why a project role cannot be changed here (under its badge and on its checkbox).
    pub project_read_only: &'static str,
    /// The chip standing for the permissions not shown: `{count}`.
    pub more_permissions: &'static str,
    /// Accessible name of that chip: `{count}`, `{permissions}`.
    pub more_permissions_label: &'static str,
    /// A role without permissions.
    pub no_permissions: &'static str,
    /// Button: open the create dialog.
    pub create_role: &'static str,
    /// Heading of the create dialog.
    pub create_title: &'static str,
    /// Heading of the edit dialog: `{role}`.
    pub edit_title: &'static str,
    /// Heading of the duplicate dialog: `{role}`.
    pub duplicate_title: &'static str,
    /// The name a duplicate starts with: `{role}`.
    pub copy_of: &'static str,
    /// Form label.
    pub field_name: &'static str,
    /// Form label.
    pub field_description: &'static str,
    /// Legend of the permission picker.
    pub field_permissions: &'static str,
    /// Label of the picker's filter box.
    pub filter_permissions: &'static str,
    /// Placeholder of the picker's filter box.
    pub filter_permissions_placeholder: &'static str,
    /// The picker's select-all checkbox, no filter typed.
    pub select_all_permissions: &'static str,
    /// The picker's select-all checkbox while a filter narrows the list.
    pub select_all_shown_permissions: &'static str,
    /// How many permissions are chosen: `{count}`, `{total}`.
    pub permissions_selected: &'static str,
    /// Tag of a built-in permission.
    pub built_in: &'static str,
    /// Beside a permission the admin does not hold, so cannot put in a role or take out of one.
    pub permission_not_held: &'static str,
    /// Above the permissions of a role carrying `{permissions}` the admin does not hold.
    pub role_not_regrantable: &'static str,
    /// The permissions are being loaded.
    pub loading_permissions: &'static str,
    /// The permissions could not be loaded; the reason follows.
    pub permissions_failed: &'static str,
    /// The filter matches no permission.
    pub no_permission_matches: &'static str,
    /// The server has no permissions at all.
    pub no_permissions_defined: &'static str,
    /// Menu item.
    pub action_edit: &'static str,
    /// Menu item.
    pub action_duplicate: &'static str,
    /// Menu item and bulk action.
    pub action_delete: &'static str,
    /// Label of a row's menu button: `{role}`.
    pub row_actions_label: &'static str,
    /// Label of a row's checkbox: `{role}`.
    pub select_role_label: &'static str,
    /// Label of the select-all checkbox.
    pub select_all_label: &'static str,
    /// Confirmation of deleting one role: `{role}`.
    pub confirm_delete_one: &'static str,
    /// Confirmation of deleting several: `{count}`.
    pub confirm_delete_many: &'static str,
    /// Confirmation of a change that takes permissions away: `{role}`.
    pub confirm_change: &'static str,
    /// Confirming button of a change.
    pub save_change: &'static str,
    /// While the impact is being asked for.
    pub checking_impact: &'static str,
    /// Who loses what: `{users}`, `{keys}`, `{what}`.
    pub impact: &'static str,
    /// One role of several and its holders: `{role}`, `{users}`, `{keys}`.
    pub impact_of_role: &'static str,
    /// Nobody holds the role.
    pub impact_none: &'static str,
    /// Nobody holds any of the roles.
    pub impact_none_many: &'static str,
    /// Permissions that go with a deleted role: `{permissions}`.
    pub impact_permissions_of_role: &'static str,
    /// Holders of any of several roles, each counted once: `{users}`, `{keys}`.
    pub impact_total: &'static str,
    /// One user.
    pub users_one: &'static str,
    /// Any other number of users: `{count}`.
    pub users_other: &'static str,
    /// One access key.
    pub keys_one: &'static str,
    /// Any other number of access keys: `{count}`.
    pub keys_other: &'static str,
    /// The impact could not be asked for; the reason follows.
    pub impact_failed: &'static str,
    /// The change takes `User Admin` from the signed-in admin.
    pub own_admin_warning: &'static str,
    /// Deleting several roles takes `User Admin` from the signed-in admin.
    pub own_admin_warning_many: &'static str,
    /// Heading of the second confirmation.
    pub own_admin_title: &'static str,
    /// Text of the second confirmation.
    pub own_admin_detail: &'static str,
    /// Confirming button of the second confirmation.
    pub own_admin_confirm: &'static str,
    /// Announced: `{role}`.
    pub done_create: &'static str,
    /// Announced: `{role}`, `{source}`.
    pub done_duplicate: &'static str,
    /// Announced: `{role}`.
    pub done_update: &'static str,
    /// Announced: `{role}`.
    pub done_delete_one: &'static str,
    /// Announced: `{count}`.
    pub done_delete_many: &'static str,
    /// After a delete took the roles from holders: `{users}`, `{keys}`.
    pub holders_removed: &'static str,
    /// A delete failed; the reason follows.
    pub delete_failed: &'static str,
}
}

/// The role widget's English strings.
pub const ENGLISH_ROLES: RoleMessages = RoleMessages {
    list: ListMessages {
        title: "Roles",
        table_caption: "Roles of tenant {tenant}",
        count_one: "1 role",
        count_other: "{count} roles",
        loaded_announcement: "{count} roles loaded",
        loading: "Loading roles…",
        empty_title: "No roles yet",
        empty_detail: "Create a role to give a set of permissions to users in one step.",
        no_match_title: "No roles match",
        no_match_detail: "Try another search.",
        error_title: "Could not load roles",
        session_expired_detail: "Sign in again to keep managing roles.",
        search_label: "Search roles (name, description)",
        search_placeholder: "Search by name or description",
    },
    column_name: "Name",
    column_description: "Description",
    column_permissions: "Permissions",
    column_scope: "Scope",
    column_holders: "Holders",
    holders_cell: "{users} · {keys}",
    table_keys_one: "1 key",
    table_keys_other: "{count} keys",
    scope_tenant: "Tenant",
    scope_project: "Project",
    project_read_only: "Read-only: project roles are managed by the product for every tenant.",
    more_permissions: "+{count}",
    more_permissions_label: "{count} more: {permissions}",
    no_permissions: "No permissions",
    create_role: "Create role",
    create_title: "Create role",
    edit_title: "Edit role {role}",
    duplicate_title: "Duplicate {role}",
    copy_of: "Copy of {role}",
    field_name: "Name",
    field_description: "Description",
    field_permissions: "Permissions",
    filter_permissions: "Filter permissions",
    filter_permissions_placeholder: "Filter by name or description",
    select_all_permissions: "Select all",
    select_all_shown_permissions: "Select all shown",
    permissions_selected: "{count} of {total} selected",
    built_in: "Built-in",
    permission_not_held: "You do not hold this permission, so you cannot grant or remove it",
    role_not_regrantable: "This role carries {permissions}, which you do not hold: you cannot \
                           change its permissions",
    loading_permissions: "Loading permissions…",
    permissions_failed: "Could not load the permissions:",
    no_permission_matches: "No permission matches the filter.",
    no_permissions_defined: "There are no permissions to choose from.",
    action_edit: "Edit",
    action_duplicate: "Duplicate",
    action_delete: "Delete",
    row_actions_label: "Actions for {role}",
    select_role_label: "Select {role}",
    select_all_label: "Select all of this tenant's roles on this page",
    confirm_delete_one: "Delete the role {role}?",
    confirm_delete_many: "Delete {count} roles?",
    confirm_change: "Save the changes to {role}?",
    save_change: "Save changes",
    checking_impact: "Checking who holds it…",
    impact: "{users} and {keys} will lose: {what}",
    impact_of_role: "{role}: {users} and {keys}",
    impact_none: "No user or access key holds it, so nobody loses anything.",
    impact_none_many: "No user or access key holds any of them, so nobody loses anything.",
    impact_permissions_of_role: "Permissions that go with it: {permissions}",
    impact_total: "In all: {users} and {keys}, each counted once",
    users_one: "1 user",
    users_other: "{count} users",
    keys_one: "1 access key",
    keys_other: "{count} access keys",
    impact_failed: "Could not find out who holds it:",
    own_admin_warning: "You hold User Admin in this tenant only through this role: after this change you can no longer manage its users, roles and access keys.",
    own_admin_warning_many: "You hold User Admin in this tenant only through these roles: after deleting them you can no longer manage its users, roles and access keys.",
    own_admin_title: "Remove your own User Admin?",
    own_admin_detail: "Only another admin of this tenant can give it back to you. Confirm once more to go ahead.",
    own_admin_confirm: "Remove my User Admin",
    done_create: "The role {role} was created.",
    done_duplicate: "The role {role} was created as a copy of {source}.",
    done_update: "The role {role} was saved.",
    done_delete_one: "The role {role} was deleted.",
    done_delete_many: "{count} roles were deleted.",
    holders_removed: "Removed from {users} and {keys}.",
    delete_failed: "Could not delete:",
};

catalog! {
/// The access-key widget's own strings (besides the shared ones in [`Messages`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyMessages {
    /// The list in each of its states.
    pub list: ListMessages,
    /// Column header: the key's name.
    pub column_name: &'static str,
    /// Column header: status.
    pub column_status: &'static str,
    /// Column header: expiry.
    pub column_expires: &'static str,
    /// Column header: roles in the tenant.
    pub column_roles: &'static str,
    /// Column header: permitted addresses.
    pub column_permitted_ips: &'static str,
    /// Who created a key: said to screen readers before the creator, under the created date.
    pub column_created_by: &'static str,
    /// The creator of a key made with a management key or the command line, not by a person.
    pub by_product: &'static str,
    /// Column header: when it was created.
    pub column_created: &'static str,
    /// Column header: when it was last used.
    pub column_last_used: &'static str,
    /// Status badge.
    pub status_active: &'static str,
    /// Status badge.
    pub status_inactive: &'static str,
    /// Status badge (computed from the expiry).
    pub status_expired: &'static str,
    /// An expiry of "never", and a key never used.
    pub never: &'static str,
    /// Under the expiry date, within a day of it.
    pub expires_within_a_day: &'static str,
    /// Under the expiry date, one day left.
    pub expires_in_one_day: &'static str,
    /// Under the expiry date: `{count}` days left.
    pub expires_in_days: &'static str,
    /// A key usable from anywhere.
    pub any_address: &'static str,
    /// A key without roles.
    pub no_roles: &'static str,
    /// Button: open the create dialog.
    pub create_key: &'static str,
    /// Heading of the create dialog.
    pub create_title: &'static str,
    /// Heading of the edit dialog: `{key}`.
    pub edit_title: &'static str,
    /// Form label.
    pub field_name: &'static str,
    /// Form label.
    pub field_description: &'static str,
    /// Form label of the expiry choice.
    pub field_expires: &'static str,
    /// Expiry choice: `{count}` days.
    pub expires_days_option: &'static str,
    /// Expiry choice.
    pub expires_year_option: &'static str,
    /// Expiry choice.
    pub expires_never_option: &'static str,
    /// Expiry choice: a date picked by the admin.
    pub expires_custom_option: &'static str,
    /// Label of the date input.
    pub field_expiry_date: &'static str,
    /// The custom date is missing or not a date.
    pub expiry_not_a_date: &'static str,
    /// The custom date is not in the future.
    pub expiry_in_past: &'static str,
    /// Legend of the role checkboxes.
    pub field_roles: &'static str,
    /// Form label of the permitted addresses.
    pub field_permitted_ips: &'static str,
    /// Hint under the permitted addresses.
    pub permitted_ips_hint: &'static str,
    /// Announced while the addresses are valid: `{count}` entries.
    pub permitted_ips_valid: &'static str,
    /// Menu item.
    pub action_edit: &'static str,
    /// Menu item.
    pub action_rotate: &'static str,
    /// Menu item and bulk action.
    pub action_activate: &'static str,
    /// Menu item and bulk action.
    pub action_deactivate: &'static str,
    /// Menu item and bulk action.
    pub action_delete: &'static str,
    /// Why an expired key cannot be activated (next to the disabled menu item).
    pub expired_cannot_activate: &'static str,
    /// Label of a row's menu button: `{key}`.
    pub row_actions_label: &'static str,
    /// Label of a row's checkbox: `{key}`.
    pub select_key_label: &'static str,
    /// Label of the select-all checkbox.
    pub select_all_label: &'static str,
    /// Confirmation: `{key}`.
    pub confirm_rotate: &'static str,
    /// Confirmation: `{key}`.
    pub confirm_activate: &'static str,
    /// Confirmation: `{key}`.
    pub confirm_deactivate: &'static str,
    /// Confirmation: `{key}`.
    pub confirm_delete: &'static str,
    /// Bulk confirmation: `{users}`.
    pub bulk_confirm_activate: &'static str,
    /// Bulk confirmation: `{users}`.
    pub bulk_confirm_deactivate: &'static str,
    /// Bulk confirmation: `{users}`.
    pub bulk_confirm_delete: &'static str,
    /// Announced: `{key}`.
    pub done_create: &'static str,
    /// Announced: `{key}`.
    pub done_update: &'static str,
    /// Announced: `{key}`.
    pub done_rotate: &'static str,
    /// Announced: `{key}`.
    pub done_activate: &'static str,
    /// Announced: `{key}`.
    pub done_deactivate: &'static str,
    /// Announced: `{key}`.
    pub done_delete: &'static str,
    /// Announced: `{count}`.
    pub done_activate_many: &'static str,
    /// Announced: `{count}`.
    pub done_deactivate_many: &'static str,
    /// Announced: `{count}`.
    pub done_delete_many: &'static str,
    /// A bulk activation left expired keys out: `{count}`; their names follow as details.
    pub skipped_expired: &'static str,
    /// A change failed; the reason follows.
    pub action_failed: &'static str,
    /// Heading of the secret dialog after creating.
    pub secret_created_title: &'static str,
    /// Heading of the secret dialog after rotating.
    pub secret_rotated_title: &'static str,
    /// Above the secret: `{key}`.
    pub secret_intro: &'static str,
    /// Accessible name of the secret.
    pub secret_label: &'static str,
    /// Warning under the secret.
    pub secret_warning: &'static str,
    /// Copying failed.
    pub copy_failed: &'static str,
}
}

/// The access-key widget's English strings.
pub const ENGLISH_KEYS: KeyMessages = KeyMessages {
    list: ListMessages {
        title: "Access keys",
        table_caption: "Access keys of tenant {tenant}",
        count_one: "1 access key",
        count_other: "{count} access keys",
        loaded_announcement: "{count} access keys loaded",
        loading: "Loading access keys…",
        empty_title: "No access keys yet",
        empty_detail: "Create an access key to let a machine or a script call the product as this tenant.",
        no_match_title: "No access keys match",
        no_match_detail: "Try another search.",
        error_title: "Could not load access keys",
        session_expired_detail: "Sign in again to keep managing access keys.",
        search_label: "Search access keys (name, description, ID)",
        search_placeholder: "Search by name, description or ID",
    },
    column_name: "Name",
    column_status: "Status",
    column_expires: "Expires",
    column_roles: "Roles",
    column_permitted_ips: "Permitted IPs",
    column_created_by: "Created by",
    by_product: "The product (API)",
    column_created: "Created",
    column_last_used: "Last used",
    status_active: "Active",
    status_inactive: "Inactive",
    status_expired: "Expired",
    never: "Never",
    expires_within_a_day: "Expires within a day",
    expires_in_one_day: "Expires in 1 day",
    expires_in_days: "Expires in {count} days",
    any_address: "Any",
    no_roles: "No roles",
    create_key: "Create access key",
    create_title: "Create access key",
    edit_title: "Edit access key {key}",
    field_name: "Name",
    field_description: "Description",
    field_expires: "Expires",
    expires_days_option: "In {count} days",
    expires_year_option: "In 1 year",
    expires_never_option: "Never",
    expires_custom_option: "On a date…",
    field_expiry_date: "Expiry date (end of day, UTC)",
    expiry_not_a_date: "Choose a date",
    expiry_in_past: "The expiry date must be after today",
    field_roles: "Roles",
    field_permitted_ips: "Permitted IPs",
    permitted_ips_hint: "One IP address or CIDR range per line, IPv4 or IPv6. Leave empty to allow any address.",
    permitted_ips_valid: "{count} valid",
    action_edit: "Edit",
    action_rotate: "Rotate secret",
    action_activate: "Activate",
    action_deactivate: "Deactivate",
    action_delete: "Delete",
    expired_cannot_activate: "Expired keys cannot be activated: create a new one.",
    row_actions_label: "Actions for {key}",
    select_key_label: "Select {key}",
    select_all_label: "Select all access keys on this page",
    confirm_rotate: "Rotate the secret of {key}? The current secret stops working at once.",
    confirm_activate: "Activate {key}?",
    confirm_deactivate: "Deactivate {key}? It can no longer be exchanged for a token.",
    confirm_delete: "Delete {key}?",
    bulk_confirm_activate: "Activate {count} access keys?",
    bulk_confirm_deactivate: "Deactivate {count} access keys?",
    bulk_confirm_delete: "Delete {count} access keys?",
    done_create: "The access key {key} was created.",
    done_update: "The access key {key} was saved.",
    done_rotate: "The secret of {key} was rotated.",
    done_activate: "The access key {key} was activated.",
    done_deactivate: "The access key {key} was deactivated.",
    done_delete: "The access key {key} was deleted.",
    done_activate_many: "{count} access keys were activated.",
    done_deactivate_many: "{count} access keys were deactivated.",
    done_delete_many: "{count} access keys were deleted.",
    skipped_expired: "Expired keys cannot be activated; left out: {count}.",
    action_failed: "Could not change the access keys:",
    secret_created_title: "Access key created",
    secret_rotated_title: "Secret rotated",
    secret_intro: "The secret of {key} is:",
    secret_label: "Access key secret",
    secret_warning: "Copy it now and keep it somewhere safe. It is shown only this once: when you close this dialog it is gone for good. If it is lost, rotate the key to get a new one.",
    copy_failed: "Could not copy; select the secret and copy it yourself.",
};

catalog! {
/// The audit log's own strings (besides the shared ones in [`Messages`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditMessages {
    /// The list in each of its states.
    pub list: ListMessages,
    /// Column header: when.
    pub column_time: &'static str,
    /// Column header: what happened.
    pub column_action: &'static str,
    /// Column header: who did it.
    pub column_actor: &'static str,
    /// Column header: whom it concerns.
    pub column_user: &'static str,
    /// Column header: the client address.
    pub column_address: &'static str,
    /// Header of the column of expand buttons (visually hidden).
    pub column_details: &'static str,
    /// Accessible name of a row's expand button: `{action}`, `{time}`.
    pub details_label: &'static str,
    /// Term in the details: the recorded action name.
    pub detail_action: &'static str,
    /// Term in the details: `info`, `warn` or `error`.
    pub detail_type: &'static str,
    /// Term in the details: the tenants.
    pub detail_tenants: &'static str,
    /// Term in the details: the recorded actor id.
    pub detail_actor_id: &'static str,
    /// Term in the details: the recorded user id.
    pub detail_user_id: &'static str,
    /// Label of the list of an event's own data.
    pub detail_data: &'static str,
    /// An event without data.
    pub no_data: &'static str,
    /// Severity `info`.
    pub kind_info: &'static str,
    /// Severity `warn`.
    pub kind_warn: &'static str,
    /// Severity `error`.
    pub kind_error: &'static str,
    /// Label of the time range picker.
    pub range_label: &'static str,
    /// Time range.
    pub range_last_hour: &'static str,
    /// Time range.
    pub range_last_day: &'static str,
    /// Time range.
    pub range_last_week: &'static str,
    /// Time range.
    pub range_last_month: &'static str,
    /// Time range.
    pub range_all: &'static str,
    /// Time range: from and to as typed.
    pub range_custom: &'static str,
    /// Label of the custom range's start.
    pub from_label: &'static str,
    /// Label of the custom range's end.
    pub to_label: &'static str,
    /// The custom range ends before it starts.
    pub range_invalid: &'static str,
    /// Label of the action filter.
    pub action_label: &'static str,
    /// The action filter's "no filter" option.
    pub any_action: &'static str,
    /// Announced after an export: `{events}` ("1 event", "12 events").
    pub exported: &'static str,
    /// Announced after an export that stopped at the cap: `{count}`, `{total}`.
    pub exported_capped: &'static str,
    /// Under the search when the server looked for a text of one or two characters among the
    /// newest `{count}` events only.
    pub short_text_hint: &'static str,
    /// The actor of an event the product caused: a management key or the command line.
    pub by_product: &'static str,
    /// The actions the server records in a tenant's log, as recorded and as shown, in the order
    /// the action filter offers them (users, roles, access keys, SSO, SCIM, the tenant). Other
    /// actions (custom events) are shown as recorded. A test holds this list against the
    /// server's [`AuditAction`](tenantkit_wire::audit::AuditAction)s that can land in a tenant's
    /// log.
    pub actions: &'static [(&'static str, &'static str)],
}
}

impl AuditMessages {
    /// The label of `action`, or the action itself when it is not a known one.
    pub fn action_label<'a>(&self, action: &'a str) -> &'a str {
        self.actions
            .iter()
            .find(|(known, _)| *known == action)
            .map_or(action, |(_, label)| label)
    }
}

/// The audit log's English strings.
pub const ENGLISH_AUDIT: AuditMessages = AuditMessages {
    list: ListMessages {
        title: "Audit log",
        table_caption: "Audit log of tenant {tenant}, newest first",
        count_one: "1 event",
        count_other: "{count} events",
        loaded_announcement: "{count} events loaded",
        loading: "Loading events…",
        empty_title: "No events yet",
        empty_detail: "Changes to this tenant's users, roles, access keys, SSO and settings will be listed here.",
        no_match_title: "No events match",
        no_match_detail: "Try another search, action or time range.",
        error_title: "Could not load the audit log",
        session_expired_detail: "Sign in again to keep reading the audit log.",
        search_label: "Search events (action, people, address, details)",
        search_placeholder: "Search by action, person, address or detail",
    },
    column_time: "Time",
    column_action: "Action",
    column_actor: "Actor",
    column_user: "User",
    column_address: "Remote address",
    column_details: "Details",
    details_label: "Details of {action} at {time}",
    detail_action: "Recorded action",
    detail_type: "Type",
    detail_tenants: "Tenants",
    detail_actor_id: "Actor ID",
    detail_user_id: "User ID",
    detail_data: "Event data",
    no_data: "No further data.",
    kind_info: "Info",
    kind_warn: "Warning",
    kind_error: "Error",
    range_label: "Time range",
    range_last_hour: "Last hour",
    range_last_day: "Last 24 hours",
    range_last_week: "Last 7 days",
    range_last_month: "Last 30 days",
    range_all: "All time",
    range_custom: "Custom range",
    from_label: "From",
    to_label: "To",
    range_invalid: "The start of the range must come before its end.",
    action_label: "Action",
    any_action: "Any action",
    exported: "Exported {events} to CSV.",
    exported_capped: "Exported the newest {count} of {total} matching events to CSV: narrow the filter to export the rest.",
    short_text_hint: "One or two characters search only the newest {count} events. Type a third character, or choose a time range, to search older ones.",
    by_product: "The product (API)",
    actions: &[
        ("UserCreated", "User created"),
        ("UserModified", "User changed"),
        ("UserEnabled", "User enabled"),
        ("UserDisabled", "User disabled"),
        ("UserRolesChanged", "User roles changed"),
        ("UserTenantsChanged", "User tenants changed"),
        ("UserAddedToTenant", "User added to tenant"),
        ("UserRemovedFromTenant", "User removed from tenant"),
        ("UserLoginIdChanged", "Login ID changed"),
        ("UserDeleted", "User deleted"),
        ("UserSelfProvisioned", "User joined by email domain"),
        ("UserLoggedOut", "User signed out everywhere"),
        ("TemporaryPasswordSet", "Temporary password set"),
        ("PasswordSet", "Password set"),
        ("PasswordExpired", "Password expired"),
        ("PasskeysRemoved", "Passkeys removed"),
        ("TOTPRemoved", "Authenticator app removed"),
        ("InvitationSent", "Invitation sent"),
        ("InvitationAccepted", "Invitation accepted"),
        ("InvitationRevoked", "Invitation revoked"),
        ("JobStarted", "Import or bulk action started"),
        ("UserImpersonated", "User impersonated"),
        ("ImpersonationStarted", "Impersonation started"),
        ("ImpersonationStopped", "Impersonation stopped"),
        ("RoleCreated", "Role created"),
        ("RoleModified", "Role changed"),
        ("RoleDeleted", "Role deleted"),
        ("AccessKeyCreated", "Access key created"),
        ("AccessKeyModified", "Access key changed"),
        ("AccessKeyActivated", "Access key activated"),
        ("AccessKeyDeactivated", "Access key deactivated"),
        ("AccessKeyRotated", "Access key rotated"),
        ("AccessKeyDeleted", "Access key deleted"),
        ("AccessKeyExchangeRefused", "Access key exchange refused"),
        ("SsoConfigurationCreated", "SSO configuration added"),
        ("SsoConfigured", "SSO settings saved"),
        (
            "SsoAuthTypeChanged",
            "SSO configuration enabled or disabled",
        ),
        ("SsoIdpInitiatedChanged", "IdP-initiated sign-in changed"),
        ("SsoConfigurationDeleted", "SSO configuration deleted"),
        ("SsoTestStarted", "SSO connection test started"),
        ("SsoSignIn", "User signed in with SSO"),
        ("SsoSignInRefused", "SSO sign-in refused"),
        ("UserCreatedBySso", "User created by SSO"),
        ("UserUpdatedBySso", "User changed by SSO"),
        ("UserRolesChangedBySso", "User roles changed by SSO"),
        ("SsoSetupLinkCreated", "SSO setup link created"),
        ("SsoSetupLinksRevoked", "SSO setup links revoked"),
        ("ScimTokenCreated", "SCIM token created"),
        ("ScimTokenRotated", "SCIM token rotated"),
        ("ScimTokenRevoked", "SCIM token revoked"),
        ("ScimGroupCreated", "SCIM group created"),
        ("ScimGroupRenamed", "SCIM group renamed"),
        ("ScimGroupMembersChanged", "SCIM group members changed"),
        ("ScimGroupRolesChanged", "SCIM group roles changed"),
        ("ScimGroupDeleted", "SCIM group deleted"),
        ("UserRolesChangedByScim", "User roles changed by SCIM"),
        ("ScimUserDeleted", "SCIM user deleted"),
        ("ScimRequestFailed", "SCIM request refused"),
        ("TenantCreated", "Tenant created"),
        ("TenantModified", "Tenant changed"),
        ("TenantSettingsModified", "Tenant settings changed"),
        ("PasswordPolicyModified", "Password policy changed"),
        ("TenantDomainAdded", "Domain added"),
        ("TenantDomainVerified", "Domain verified"),
        ("TenantDomainCheckFailed", "Domain verification failed"),
        ("TenantDomainRemoved", "Domain removed"),
        ("TenantDeleted", "Tenant deleted"),
    ],
};

/// Replaces `{key}` in `template` with `value`. Values are plain text: the components render the
/// result as a text node, never as HTML.
pub fn fill(template: &str, key: &str, value: &str) -> String {
    template.replace(&format!("{{{key}}}"), value)
}

/// `one` when `count` is 1, otherwise `other` with `{count}` filled in: "1 user", "12 users".
pub fn count(count: u64, one: &'static str, other: &'static str) -> String {
    count_of(count, false, one, other)
}

/// [`count`], of a total the server stopped counting at when `capped` ("10,000+ users"). The
/// text counts in its own language ([`crate::i18n::Lang::of_counted`]: its plural forms and its
/// way of writing numbers); English's own texts count in English.
pub fn count_of(count: u64, capped: bool, one: &'static str, other: &'static str) -> String {
    crate::i18n::Lang::of_counted(other)
        .unwrap_or_default()
        .count_of(count, capped, one, other)
}

/// The catalog of audit actions held against the actions the server records.
#[cfg(test)]
mod recorded_actions;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_the_named_parameter() {
        assert_eq!(
            fill(ENGLISH.users.table_caption, "tenant", "acme"),
            "Users of tenant acme"
        );
        assert_eq!(fill(ENGLISH.users.count_other, "count", "30"), "30 users");
        let users = ENGLISH.users;
        assert_eq!(
            count_of(10_000, true, users.count_one, users.count_other),
            "10000+ users"
        );
        assert_eq!(
            count_of(1, false, users.count_one, users.count_other),
            "1 user"
        );
        let roles = ENGLISH.roles;
        assert_eq!(count(1, roles.users_one, roles.users_other), "1 user");
        assert_eq!(count(12, roles.users_one, roles.users_other), "12 users");
    }

    #[test]
    fn the_fields_a_build_may_leave_out_are_the_catalogs_fields() {
        use crate::i18n::Localize;
        let mut fields = std::collections::BTreeSet::new();
        ENGLISH.visit("", &mut |path, _| {
            let field = path.split_once('.').map_or(path, |(section, _)| section);
            fields.insert(field.to_owned());
        });
        let listed: std::collections::BTreeSet<String> =
            Messages::fields().map(str::to_owned).collect();
        assert_eq!(fields, listed);
        // A section or string this build has is never left out, one it lacks is, and a path
        // under no field or under an unknown one is not (a problem to report).
        let built: crate::collections::VecSet<&str> =
            ["audit", "roles", "tenant_label"].into_iter().collect();
        assert!(!left_out("audit.column_time", &built));
        assert!(left_out("users.title", &built));
        assert!(!left_out("tenant_label", &built));
        assert!(left_out("create_user", &built));
        assert!(!left_out("nonsense.title", &built));
        assert!(!left_out("nonsense", &built));
    }

    #[test]
    fn known_actions_have_labels_and_others_show_as_recorded() {
        let audit = ENGLISH.audit;
        assert_eq!(audit.action_label("UserCreated"), "User created");
        assert_eq!(audit.action_label("ReportExported"), "ReportExported");
        let mut names: Vec<&str> = audit.actions.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), audit.actions.len(), "each action once");
    }
}
