//! What every form shares: reading what the admin typed, keeping it and clearing the field's
//! error as they type, and the error under a field (`aria-describedby` points at it).

use crate::collections::VecMap;
use std::borrow::Borrow;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What every form keeps: what was typed, the errors by field, the error that belongs to no
/// field, and whether it is being sent.
#[derive(Debug)]
pub struct FormState<V: 'static, K: 'static> {
    /// The values as typed.
    pub values: UseStateHandle<V>,
    /// Errors by field.
    pub errors: UseStateHandle<VecMap<K, String>>,
    /// The error of the whole form (a refusal that names no field).
    pub form_error: UseStateHandle<Option<String>>,
    /// The form is being sent.
    pub submitting: UseStateHandle<bool>,
}

impl<V, K> Clone for FormState<V, K> {
    fn clone(&self) -> Self {
        Self {
            values: self.values.clone(),
            errors: self.errors.clone(),
            form_error: self.form_error.clone(),
            submitting: self.submitting.clone(),
        }
    }
}

/// A form starting from `initial`, with no errors.
#[hook]
pub fn use_form<V: Clone + 'static, K: Ord + 'static>(initial: &V) -> FormState<V, K> {
    let values = use_state({
        let initial = initial.clone();
        move || initial
    });
    FormState {
        values,
        errors: use_state(VecMap::new),
        form_error: use_state(|| None::<String>),
        submitting: use_state(|| false),
    }
}

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
    errors: &UseStateHandle<VecMap<K, String>>,
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

/// A callback that changes the form's values with `set` and what it is given (a checkbox
/// toggled, a unit chosen).
pub fn on_value<V, T>(values: &UseStateHandle<V>, set: impl Fn(&mut V, T) + 'static) -> Callback<T>
where
    V: Clone + 'static,
    T: 'static,
{
    let values = values.clone();
    Callback::from(move |given: T| {
        let mut next = (*values).clone();
        set(&mut next, given);
        values.set(next);
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

/// The end of a form: the error that belongs to no field, Cancel, and the submit button
/// (disabled and busy while `submitting`).
pub fn form_footer(
    form_error: Option<&String>,
    oncancel: Callback<MouseEvent>,
    submitting: bool,
    submit: &'static str,
    messages: &'static crate::messages::Messages,
) -> Html {
    html! {
        <>
            if let Some(error) = form_error {
                <p class="tk-form-error" part="form-error" role="alert">{ error.clone() }</p>
            }
            <div class="tk-dialog-actions">
                <button type="button" class="tk-button" part="button" onclick={oncancel}>{ messages.cancel }</button>
                <button type="submit" class="tk-button tk-button--primary" part="button"
                    disabled={submitting} aria-busy={submitting.to_string()}>
                    { submit }
                </button>
            </div>
        </>
    }
}

/// The name and description fields of a role or an access key (ids `{prefix}-name` and
/// `{prefix}-description`), each with its error; `oninput` makes a field's input callback.
pub fn name_and_description(
    prefix: &'static str,
    labels: (&'static str, &'static str),
    values: (&str, &str),
    errors: &VecMap<&'static str, String>,
    oninput: &dyn Fn(&'static str) -> Callback<InputEvent>,
) -> Html {
    let error_id = |field: &str| format!("{prefix}-{field}-error");
    let described_by = |field: &str| errors.contains_key(field).then(|| error_id(field));
    html! {
        <>
            <div class="tk-form-field">
                <label for={format!("{prefix}-name")} class="tk-field-label">{ labels.0 }</label>
                <input id={format!("{prefix}-name")} type="text" class="tk-input" part="input"
                    value={values.0.to_owned()}
                    aria-invalid={errors.contains_key("name").to_string()}
                    aria-describedby={described_by("name")}
                    oninput={oninput("name")} />
                { field_error(errors.get("name"), error_id("name")) }
            </div>
            <div class="tk-form-field">
                <label for={format!("{prefix}-description")} class="tk-field-label">{ labels.1 }</label>
                <textarea id={format!("{prefix}-description")} class="tk-input tk-textarea" part="input" rows="2"
                    value={values.1.to_owned()}
                    aria-invalid={errors.contains_key("description").to_string()}
                    aria-describedby={described_by("description")}
                    oninput={oninput("description")} />
                { field_error(errors.get("description"), error_id("description")) }
            </div>
        </>
    }
}
