//! What every list element shares: the list as remote data ([`state`]), its request
//! ([`use_list`]), the one mechanism that drops stale answers ([`requests`]), and the controller
//! that holds an element's UI state and wires its search, sort, pages, selection, dialogs and
//! notices ([`widget`]).

pub mod requests;
pub mod state;
mod use_list;
pub mod widget;

pub use requests::{Requests, use_requests};
pub use state::*;
pub use use_list::use_list;
pub use widget::{ListControls, ListUi, ListUiAction, ListWidget, use_list_widget};
