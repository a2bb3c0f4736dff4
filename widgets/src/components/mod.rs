//! Function components, one per file. They render state and forward events; requests live in
//! [`crate::hooks`] and [`crate::services`].

pub mod bulk_bar;
pub mod confirm_dialog;
pub mod modal;
pub mod pagination;
pub mod password_dialog;
pub mod row_actions;
pub mod state_panel;
pub mod toolbar;
pub mod user_form;
pub mod user_management;
pub mod user_table;
