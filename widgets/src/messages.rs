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
