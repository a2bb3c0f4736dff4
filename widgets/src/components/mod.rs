//! Function components, one per file. They render state and forward events; requests live in
//! [`crate::hooks`].

pub mod state_panel;
pub mod user_management;
pub mod user_table;
