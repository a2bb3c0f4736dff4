//! Requests the widget makes besides the list itself: single-user actions, bulk actions, create
//! and edit, custom attribute definitions and the CSV export. Components call these from
//! callbacks; no view code builds a request.

pub mod csv;
pub mod user_actions;
