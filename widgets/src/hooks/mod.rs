//! Custom hooks: where the widgets' requests and lifecycle events live, so view code stays a
//! function of state.

mod use_ready_event;
mod use_user_search;

pub use use_ready_event::use_ready_event;
pub use use_user_search::{PAGE_SIZE, use_user_search};
