//! What every list element shares: the list as remote data ([`state`]), its request with
//! stale answers dropped ([`use_list`]) and the callbacks of its search, sort, pages and
//! selection ([`controls`]).

pub mod controls;
pub mod state;
mod use_list;

pub use controls::{ListControls, SortableQuery, list_controls};
pub use state::*;
pub use use_list::use_list;
