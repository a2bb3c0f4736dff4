//! The shared kit every element draws with: dialogs ([`modal`], [`confirm_dialog`],
//! [`secret_dialog`]), menus ([`action_menu`]), the list's frame ([`list_parts`],
//! [`state_panel`], [`search_box`], [`pagination`]), notices ([`notice`]) and the role picker
//! ([`role_picker`]), the table parts ([`table`]), the form parts ([`form`]) and the custom attribute
//! inputs ([`attributes`]). View code only: no requests.
//!
//! A part that holds no state of its own (the state panel, the table frame, the heading, the
//! notice, the selection bar, the pagination, the confirmation dialog, each element's table) is a
//! plain function returning [`yew::Html`], not a component: each component is its own copy of
//! Yew's lifecycle code in the wasm, about 1.3 KB raw (issue 21).

pub mod action_menu;
pub mod attributes;
pub mod confirm_dialog;
pub mod form;
pub mod list_parts;
pub mod modal;
pub mod notice;
pub mod pagination;
pub mod role_picker;
pub mod search_box;
pub mod secret_dialog;
pub mod state_panel;
pub mod table;
