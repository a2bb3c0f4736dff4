//! Form pieces the SSO wizard's steps share: a labelled text field with its error, and turning an
//! input event into a [`DraftEdit`].

use crate::collections::VecMap;
use crate::sso::state::{Draft, DraftEdit};
pub use crate::ui::form::value_of;
use std::rc::Rc;
use yew::prelude::*;

/// Field errors by wire field name (`settings.idpUrl`, `domains`, ...).
pub type FieldErrors = Rc<VecMap<&'static str, String>>;

/// A callback for DOM events that turns each into an edit, when `edit` makes one.
pub fn edit_on<E: 'static>(
    onedit: &Callback<DraftEdit>,
    edit: impl Fn(E) -> Option<DraftEdit> + 'static,
) -> Callback<E> {
    let onedit = onedit.clone();
    Callback::from(move |event: E| {
        if let Some(change) = edit(event) {
            onedit.emit(change);
        }
    })
}

/// An `oninput` that stores the typed text with `set`.
pub fn on_text(onedit: &Callback<DraftEdit>, set: fn(&mut Draft, String)) -> Callback<InputEvent> {
    edit_on(onedit, move |event: InputEvent| {
        value_of(&event).map(|value| DraftEdit::new(move |draft| set(draft, value)))
    })
}

/// What a [`text_field`] shows.
#[derive(Debug)]
pub struct Field<'a> {
    /// The input's id (unique in the widget).
    pub id: &'static str,
    /// Its label.
    pub label: &'a str,
    /// Its value.
    pub value: &'a str,
    /// `text`, `url`, `password` or `textarea`.
    pub kind: &'static str,
    /// Its error, when any.
    pub error: Option<&'a String>,
    /// A hint under it.
    pub hint: Option<&'a str>,
}

/// A labelled input (or textarea) with its hint and error, linked by `aria-describedby`.
pub fn text_field(field: Field<'_>, oninput: Callback<InputEvent>) -> Html {
    let error_id = format!("{}-error", field.id);
    let hint_id = format!("{}-hint", field.id);
    let described: Vec<&str> = [
        field.hint.is_some().then_some(hint_id.as_str()),
        field.error.is_some().then_some(error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = field.error.is_some().to_string();
    let input = if field.kind == "textarea" {
        html! {
            <textarea id={field.id} class="tk-input tk-textarea tk-code" part="input" rows="6"
                spellcheck="false" value={field.value.to_owned()} aria-invalid={invalid}
                aria-describedby={described} {oninput} />
        }
    } else {
        html! {
            <input id={field.id} type={field.kind} class="tk-input" part="input"
                autocomplete={if field.kind == "password" { "new-password" } else { "off" }}
                spellcheck="false" value={field.value.to_owned()} aria-invalid={invalid}
                aria-describedby={described} {oninput} />
        }
    };
    html! {
        <div class="tk-form-field">
            <label for={field.id} class="tk-field-label">{ field.label.to_owned() }</label>
            { input }
            if let Some(hint) = field.hint {
                <p id={hint_id} class="tk-hint">{ hint.to_owned() }</p>
            }
            if let Some(error) = field.error {
                <p id={error_id} class="tk-field-error" part="field-error">{ error.clone() }</p>
            }
        </div>
    }
}
