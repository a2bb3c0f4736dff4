//! Requests the widgets make besides their lists: actions on users, bulk actions, create and
//! edit, custom attribute definitions and the CSV export; changes to roles and the impact query;
//! changes to access keys.
//! SSO configurations and their previews.
//! Components call these from callbacks; no view code builds a request.

pub mod csv;
pub mod key_actions;
pub mod role_actions;
pub mod sso_actions;
pub mod user_actions;
