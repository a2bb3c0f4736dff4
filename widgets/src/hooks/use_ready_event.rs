//! `use_ready_event`: tells the page, once per mount, that the first data is on screen.

use crate::WidgetEvent;
use yew::prelude::*;

/// Emits [`WidgetEvent::Ready`] the first time `loaded_count` is `Some`. It runs as an effect, so
/// the rows have been rendered when the page hears about them.
#[hook]
pub fn use_ready_event(loaded_count: Option<usize>, on_event: Callback<WidgetEvent>) {
    let sent = use_mut_ref(|| false);
    use_effect_with(loaded_count, move |count| {
        if let Some(count) = *count
            && !*sent.borrow()
        {
            *sent.borrow_mut() = true;
            on_event.emit(WidgetEvent::Ready { count });
        }
    });
}
