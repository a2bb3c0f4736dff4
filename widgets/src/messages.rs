//! Every string a user can see, in one catalog. Components never hold literal text: they read a
//! [`Messages`], so a translation is one more `const`.

/// The user-visible strings of the widgets. Templates mark their parameters with `{name}`; fill
/// them with [`fill`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Messages {
    /// Heading of the user management widget.
    pub title: &'static str,
    /// Sub-heading under the title: `{tenant}`.
    pub tenant_label: &'static str,
    /// Table caption (read by screen readers, shown visually hidden): `{tenant}`.
    pub table_caption: &'static str,
    /// Column header: the first login id.
    pub column_login_id: &'static str,
    /// Column header: display name.
    pub column_name: &'static str,
    /// Column header: email address.
    pub column_email: &'static str,
    /// Column header: status.
    pub column_status: &'static str,
    /// Column header: roles in the tenant.
    pub column_roles: &'static str,
    /// Status badge of an enabled user.
    pub status_enabled: &'static str,
    /// Status badge of a disabled user.
    pub status_disabled: &'static str,
    /// Status badge of an invited user.
    pub status_invited: &'static str,
    /// Shown in an empty cell.
    pub empty_cell: &'static str,
    /// Count next to the title, one user.
    pub user_count_one: &'static str,
    /// Count next to the title, any other number: `{count}`.
    pub user_count_other: &'static str,
    /// Announced when the list has loaded: `{count}`.
    pub loaded_announcement: &'static str,
    /// Shown and announced while loading.
    pub loading: &'static str,
    /// The tenant has no users.
    pub empty_title: &'static str,
    /// Explanation under [`Messages::empty_title`].
    pub empty_detail: &'static str,
    /// A request failed; the server's message follows.
    pub error_title: &'static str,
    /// The session token was refused and no fresh one was available.
    pub session_expired_title: &'static str,
    /// Explanation under [`Messages::session_expired_title`].
    pub session_expired_detail: &'static str,
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
    /// Label of the search box.
    pub search_label: &'static str,
    /// Placeholder of the search box.
    pub search_placeholder: &'static str,
    /// Label of the status filter.
    pub filter_status_label: &'static str,
    /// The status filter's "no filter" option.
    pub filter_any_status: &'static str,
    /// Label of the role filter.
    pub filter_role_label: &'static str,
    /// The role filter's "no filter" option.
    pub filter_any_role: &'static str,
    /// Button: download the filtered users as CSV.
    pub export_csv: &'static str,
    /// The export button while the export runs.
    pub exporting: &'static str,
    /// Announced after an export: `{count}`.
    pub exported: &'static str,
    /// The export failed; the reason follows.
    pub export_failed: &'static str,
    /// Button: open the create dialog.
    pub create_user: &'static str,
    /// Heading of the create dialog.
    pub create_user_title: &'static str,
    /// Heading of the edit dialog.
    pub edit_user_title: &'static str,
    /// Form label.
    pub field_login_id: &'static str,
    /// Form label.
    pub field_email: &'static str,
    /// Form label.
    pub field_phone: &'static str,
    /// Form label.
    pub field_name: &'static str,
    /// Legend of the role checkboxes.
    pub field_roles: &'static str,
    /// No roles are known.
    pub no_roles: &'static str,
    /// Legend of the custom attributes.
    pub field_custom_attributes: &'static str,
    /// Checkbox in the create dialog.
    pub field_invite: &'static str,
    /// A numeric custom attribute is not a number.
    pub error_number: &'static str,
    /// Submit button of the create dialog.
    pub create: &'static str,
    /// Submit button of the edit dialog.
    pub save: &'static str,
    /// Closes a dialog without doing anything.
    pub cancel: &'static str,
    /// Confirms a bulk action.
    pub confirm: &'static str,
    /// Closes the password dialog.
    pub done: &'static str,
    /// Hides a notice.
    pub dismiss: &'static str,
    /// Header of the actions column (visually hidden).
    pub column_actions: &'static str,
    /// Label of the select-all checkbox.
    pub select_all_label: &'static str,
    /// Label of a row's checkbox: `{user}`.
    pub select_user_label: &'static str,
    /// Label of a row's menu button: `{user}`.
    pub row_actions_label: &'static str,
    /// Menu item.
    pub action_edit: &'static str,
    /// Menu item and bulk action.
    pub action_enable: &'static str,
    /// Menu item and bulk action.
    pub action_disable: &'static str,
    /// Menu item.
    pub action_reset_password: &'static str,
    /// Menu item.
    pub action_expire_password: &'static str,
    /// Menu item.
    pub action_remove_passkeys: &'static str,
    /// Menu item.
    pub action_remove_totp: &'static str,
    /// Menu item.
    pub action_sign_out: &'static str,
    /// Menu item (invited users only).
    pub action_resend_invite: &'static str,
    /// Menu item and bulk action.
    pub action_remove_from_tenant: &'static str,
    /// Menu item and bulk action.
    pub action_delete: &'static str,
    /// Confirmation: `{user}`.
    pub confirm_enable: &'static str,
    /// Confirmation: `{user}`.
    pub confirm_disable: &'static str,
    /// Confirmation: `{user}`.
    pub confirm_reset_password: &'static str,
    /// Confirmation: `{user}`.
    pub confirm_expire_password: &'static str,
    /// Confirmation: `{user}`.
    pub confirm_remove_passkeys: &'static str,
    /// Confirmation: `{user}`.
    pub confirm_remove_totp: &'static str,
    /// Confirmation: `{user}`.
    pub confirm_sign_out: &'static str,
    /// Confirmation: `{user}`.
    pub confirm_resend_invite: &'static str,
    /// Confirmation: `{user}`.
    pub confirm_remove_from_tenant: &'static str,
    /// Confirmation: `{user}`.
    pub confirm_delete: &'static str,
    /// Under every confirmation question.
    pub confirm_detail: &'static str,
    /// Announced: `{user}`.
    pub done_enable: &'static str,
    /// Announced: `{user}`.
    pub done_disable: &'static str,
    /// Announced: `{user}`.
    pub done_reset_password: &'static str,
    /// Announced: `{user}`.
    pub done_expire_password: &'static str,
    /// Announced: `{user}`.
    pub done_remove_passkeys: &'static str,
    /// Announced: `{user}`.
    pub done_remove_totp: &'static str,
    /// Announced: `{user}`.
    pub done_sign_out: &'static str,
    /// Announced: `{user}`.
    pub done_resend_invite: &'static str,
    /// Announced: `{user}`.
    pub done_remove_from_tenant: &'static str,
    /// Announced: `{user}`.
    pub done_delete: &'static str,
    /// Announced: `{user}`.
    pub done_create: &'static str,
    /// Announced: `{user}`.
    pub done_update: &'static str,
    /// An action failed: `{user}`; the reason follows.
    pub action_failed: &'static str,
    /// A bulk action skipped the signed-in admin.
    pub not_editable: &'static str,
    /// Label of the bulk action bar.
    pub bulk_label: &'static str,
    /// How many users are selected: `{count}`.
    pub selected_count: &'static str,
    /// Label of the bulk role picker.
    pub bulk_role_label: &'static str,
    /// Bulk action.
    pub bulk_add_role: &'static str,
    /// Bulk action.
    pub bulk_remove_role: &'static str,
    /// Deselects everything.
    pub clear_selection: &'static str,
    /// Bulk confirmation: `{count}`.
    pub bulk_confirm_enable: &'static str,
    /// Bulk confirmation: `{count}`.
    pub bulk_confirm_disable: &'static str,
    /// Bulk confirmation: `{count}`, `{role}`.
    pub bulk_confirm_add_role: &'static str,
    /// Bulk confirmation: `{count}`, `{role}`.
    pub bulk_confirm_remove_role: &'static str,
    /// Bulk confirmation: `{count}`.
    pub bulk_confirm_remove_from_tenant: &'static str,
    /// Bulk confirmation: `{count}`.
    pub bulk_confirm_delete: &'static str,
    /// A bulk action succeeded for everyone: `{count}`.
    pub bulk_done_all: &'static str,
    /// A bulk action partly failed: `{done}`, `{failed}`.
    pub bulk_done_some: &'static str,
    /// One failed user of a bulk action: `{user}`, `{reason}`.
    pub bulk_failure: &'static str,
    /// Heading of the password dialog.
    pub password_title: &'static str,
    /// Above the password: `{user}`.
    pub password_intro: &'static str,
    /// Accessible name of the password.
    pub password_label: &'static str,
    /// Warning under the password.
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
    /// Previous page.
    pub previous_page: &'static str,
    /// Next page.
    pub next_page: &'static str,
    /// Search or filters match nobody.
    pub no_match_title: &'static str,
    /// Under the no-match title.
    pub no_match_detail: &'static str,
}

/// The English catalog.
pub const ENGLISH: Messages = Messages {
    title: "Users",
    tenant_label: "Tenant {tenant}",
    table_caption: "Users of tenant {tenant}",
    column_login_id: "Login ID",
    column_name: "Name",
    column_email: "Email",
    column_status: "Status",
    column_roles: "Roles",
    status_enabled: "Enabled",
    status_disabled: "Disabled",
    status_invited: "Invited",
    empty_cell: "—",
    user_count_one: "1 user",
    user_count_other: "{count} users",
    loaded_announcement: "{count} users loaded",
    loading: "Loading users…",
    empty_title: "No users in this tenant yet",
    empty_detail: "People who join this tenant will be listed here.",
    error_title: "Could not load users",
    session_expired_title: "Your session has expired",
    session_expired_detail: "Sign in again to keep managing users.",
    missing_config_title: "This widget is not configured yet",
    missing_config_detail: "Missing: {fields}.",
    field_project_id: "project ID",
    field_base_url: "API base URL",
    field_tenant: "tenant",
    field_session_token: "session token",
    search_label: "Search users (login ID, name, email, phone)",
    search_placeholder: "Search by login ID, name, email or phone",
    filter_status_label: "Status",
    filter_any_status: "Any status",
    filter_role_label: "Role",
    filter_any_role: "Any role",
    export_csv: "Export CSV",
    exporting: "Exporting…",
    exported: "Exported {count} users to CSV.",
    export_failed: "The export failed.",
    create_user: "Create user",
    create_user_title: "Create user",
    edit_user_title: "Edit user",
    field_login_id: "Login ID",
    field_email: "Email",
    field_phone: "Phone",
    field_name: "Name",
    field_roles: "Roles",
    no_roles: "No roles to choose from.",
    field_custom_attributes: "Custom attributes",
    field_invite: "Send an invitation by email",
    error_number: "Enter a number",
    create: "Create",
    save: "Save",
    cancel: "Cancel",
    confirm: "Confirm",
    done: "Done",
    dismiss: "Dismiss",
    column_actions: "Actions",
    select_all_label: "Select all users on this page",
    select_user_label: "Select {user}",
    row_actions_label: "Actions for {user}",
    action_edit: "Edit",
    action_enable: "Enable",
    action_disable: "Disable",
    action_reset_password: "Reset password",
    action_expire_password: "Expire password",
    action_remove_passkeys: "Remove passkeys",
    action_remove_totp: "Remove authenticator app",
    action_sign_out: "Sign out everywhere",
    action_resend_invite: "Resend invitation",
    action_remove_from_tenant: "Remove from tenant",
    action_delete: "Delete",
    confirm_enable: "Enable {user}?",
    confirm_disable: "Disable {user}?",
    confirm_reset_password: "Reset the password of {user}?",
    confirm_expire_password: "Expire the password of {user}?",
    confirm_remove_passkeys: "Remove every passkey of {user}?",
    confirm_remove_totp: "Remove the authenticator app of {user}?",
    confirm_sign_out: "Sign {user} out everywhere?",
    confirm_resend_invite: "Resend the invitation to {user}?",
    confirm_remove_from_tenant: "Remove {user} from this tenant?",
    confirm_delete: "Delete {user}?",
    confirm_detail: "This takes effect immediately.",
    done_enable: "{user} was enabled.",
    done_disable: "{user} was disabled.",
    done_reset_password: "A temporary password was set for {user}.",
    done_expire_password: "The password of {user} was expired.",
    done_remove_passkeys: "The passkeys of {user} were removed.",
    done_remove_totp: "The authenticator app of {user} was removed.",
    done_sign_out: "{user} was signed out everywhere.",
    done_resend_invite: "The invitation to {user} was sent again.",
    done_remove_from_tenant: "{user} was removed from this tenant.",
    done_delete: "{user} was deleted.",
    done_create: "{user} was created.",
    done_update: "{user} was saved.",
    action_failed: "Could not change {user}:",
    not_editable: "You cannot change your own account here.",
    bulk_label: "Bulk actions",
    selected_count: "{count} selected",
    bulk_role_label: "Role to add or remove",
    bulk_add_role: "Add role",
    bulk_remove_role: "Remove role",
    clear_selection: "Clear selection",
    bulk_confirm_enable: "Enable {count} users?",
    bulk_confirm_disable: "Disable {count} users?",
    bulk_confirm_add_role: "Add the role {role} to {count} users?",
    bulk_confirm_remove_role: "Remove the role {role} from {count} users?",
    bulk_confirm_remove_from_tenant: "Remove {count} users from this tenant?",
    bulk_confirm_delete: "Delete {count} users?",
    bulk_done_all: "Done for {count} users.",
    bulk_done_some: "{done} done, {failed} failed",
    bulk_failure: "{user}: {reason}",
    password_title: "Temporary password",
    password_intro: "The temporary password of {user} is:",
    password_label: "Temporary password",
    password_warning: "Copy it now: it is shown only once and cannot be shown again. The user must choose a new password when signing in.",
    copy: "Copy",
    copied: "Copied to the clipboard.",
    copy_failed: "Could not copy; select the password and copy it yourself.",
    pagination_label: "Pages",
    page_size_label: "Rows per page",
    range: "{from}–{to} of {total}",
    range_none: "0 of {total}",
    previous_page: "Previous",
    next_page: "Next",
    no_match_title: "No users match",
    no_match_detail: "Try another search or clear the filters.",
};

/// Replaces `{key}` in `template` with `value`. Values are plain text: the components render the
/// result as a text node, never as HTML.
pub fn fill(template: &str, key: &str, value: &str) -> String {
    template.replace(&format!("{{{key}}}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_the_named_parameter() {
        assert_eq!(
            fill(ENGLISH.table_caption, "tenant", "acme"),
            "Users of tenant acme"
        );
        assert_eq!(fill(ENGLISH.user_count_other, "count", "30"), "30 users");
    }
}
