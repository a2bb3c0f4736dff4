//! What every form shares: reading what the admin typed, keeping it and clearing the field's
//! error as they type, and the error under a field (`aria-describedby` points at it).

use std::borrow::Borrow;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The value of the input or textarea `event` came from.
pub fn value_of(event: &Event) -> Option<String> {
    let target = event.target()?;
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        Some(input.value())
    } else {
        target
            .dyn_ref::<HtmlTextAreaElement>()
            .map(HtmlTextAreaElement::value)
    }
}

/// As the admin types into `field`: its value goes into `values` through `set`, and its error
/// goes away.
pub fn on_text<V, K>(
    values: &UseStateHandle<V>,
    errors: &UseStateHandle<BTreeMap<K, String>>,
    field: &'static str,
    set: impl Fn(&mut V, String) + 'static,
) -> Callback<InputEvent>
where
    V: Clone + 'static,
    K: Ord + Clone + Borrow<str> + 'static,
{
    let (values, errors) = (values.clone(), errors.clone());
    Callback::from(move |event: InputEvent| {
        let Some(text) = value_of(&event) else { return };
        let mut next = (*values).clone();
        set(&mut next, text);
        values.set(next);
        if errors.contains_key(field) {
            let mut next = (*errors).clone();
            next.remove(field);
            errors.set(next);
        }
    })
}

/// The error shown under a field, with the id its input's `aria-describedby` names.
pub fn field_error(error: Option<&String>, id: String) -> Html {
    match error {
        Some(error) => html! {
            <p {id} class="tk-field-error" part="field-error">{ error.clone() }</p>
        },
        None => Html::default(),
    }
}
