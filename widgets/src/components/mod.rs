//! Function components, one per file. They render state and forward events; requests live in
//! [`crate::hooks`] and [`crate::services`].
//!
//! Shared by the widgets: [`modal`], [`confirm_dialog`], [`action_menu`], [`search_box`],
//! [`pagination`], [`state_panel`], [`list_parts`] and [`notice`]. The user widget:
//! [`user_management`] and the `user_*`, [`toolbar`], [`bulk_bar`], [`row_actions`] and
//! [`secret_dialog`] components. The role widget: [`role_management`] and the `role_*`,
//! [`permission_picker`] and [`impact_dialog`] components. The access-key widget:
//! [`key_management`] and the `key_*` components; it shares [`secret_dialog`] and
//! [`role_picker`] with the user widget.
//! [`password_dialog`] components. The role widget: [`role_management`] and the `role_*`,
//! [`permission_picker`] and [`impact_dialog`] components. The audit log: [`audit_log`] and the
//! `audit_*` components.
//! [`permission_picker`] and [`impact_dialog`] components. The SSO widget: [`sso_setup`] and the
//! `sso_*` and [`certificate_preview`] components.

pub mod action_menu;
pub mod audit_log;
pub mod audit_table;
pub mod audit_toolbar;
pub mod bulk_bar;
pub mod certificate_preview;
pub mod confirm_dialog;
pub mod impact_dialog;
pub mod key_form;
pub mod key_management;
pub mod key_table;
pub mod list_parts;
pub mod modal;
pub mod notice;
pub mod pagination;
pub mod permission_picker;
pub mod role_delete_dialog;
pub mod role_form;
pub mod role_management;
pub mod role_picker;
pub mod role_table;
pub mod row_actions;
pub mod search_box;
pub mod secret_dialog;
pub mod sso_add_dialog;
pub mod sso_fields;
pub mod sso_idp_step;
pub mod sso_mapping_step;
pub mod sso_setup;
pub mod sso_sp_values;
pub mod sso_table;
pub mod sso_wizard;
pub mod state_panel;
pub mod toolbar;
pub mod user_form;
pub mod user_management;
pub mod user_table;
