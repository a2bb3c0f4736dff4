//! `<SearchBox>`: the debounced search field of a list's toolbar.

use crate::hooks::use_debounced;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// How long typing must pause before the search runs.
pub const SEARCH_DEBOUNCE_MS: u32 = 300;

/// Properties of [`SearchBox`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SearchBoxProps {
    /// Accessible name (visually hidden: the placeholder says the same).
    pub label: AttrValue,
    /// Placeholder.
    pub placeholder: AttrValue,
    /// The text, once typing paused for [`SEARCH_DEBOUNCE_MS`].
    pub onsearch: Callback<String>,
}

/// A `type="search"` input that reports its text after the debounce.
#[component]
pub fn SearchBox(props: &SearchBoxProps) -> Html {
    let debounced = use_debounced(props.onsearch.clone(), SEARCH_DEBOUNCE_MS);
    let oninput = Callback::from(move |event: InputEvent| {
        if let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        {
            debounced.emit(input.value());
        }
    });
    html! {
        <label class="tk-field tk-field--search">
            <span class="tk-visually-hidden">{ props.label.clone() }</span>
            <input
                type="search"
                class="tk-input"
                part="search"
                placeholder={props.placeholder.clone()}
                {oninput}
            />
        </label>
    }
}
