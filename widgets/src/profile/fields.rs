//! What the policy sections share: the section frame (title, read-only reason, the form or why
//! it could not load), the save (checked in the browser, then sent; the server's refusal shown by
//! its field), a checkbox with its label, and a whole-number field with an optional unit select,
//! its error under it (`aria-describedby` points at it).

use crate::list::{LoadError, Requests};
use crate::messages::fill;
use crate::profile::state::{Errors, server_errors};
use crate::ui::form::{FormState, field_error};
use std::future::Future;
use tenantkit_client::ApiError;
use tenantkit_wire::policy::TimeUnit;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// A policy section named `name` (`session`, `password`): its title, the read-only reason when
/// the admin may not change it, then `form` of what was loaded, or why it could not be.
pub fn policy_section<T>(
    name: &'static str,
    title: &'static str,
    editable: bool,
    loaded: &Result<T, crate::list::LoadError>,
    form: impl FnOnce(&T) -> Html,
    p: &'static crate::messages::profile::ProfileMessages,
) -> Html {
    let title_id = format!("tk-profile-{name}-title");
    let body = match loaded {
        Err(error) => html! {
            <p class="tk-hint" part="section-error">{ fill(p.section_failed, "error", &error.message) }</p>
        },
        Ok(value) => form(value),
    };
    html! {
        <section class="tk-profile-section" part={format!("section {name}-section")} aria-labelledby={title_id.clone()}>
            <h3 id={title_id} class="tk-section-title" part="section-title">{ title }</h3>
            if !editable {
                <p class="tk-hint tk-read-only" part="read-only-reason">{ p.policy_read_only }</p>
            }
            { body }
        </section>
    }
}

/// Saves a policy form: `built` is what its values make (or their field errors, shown at
/// once); then `save` sends it. On success `onsaved` gets what was saved; on a refusal
/// `onerror` gets it, and each message goes to the field of `fields` it names, the rest to the
/// form's error. `p`: the profile's strings.
pub fn save_policy<V, T, F>(
    form: &FormState<V, &'static str>,
    requests: &Requests,
    built: Result<T, Errors>,
    fields: &'static [(&'static str, &'static [&'static str])],
    save: impl FnOnce(T) -> F + 'static,
    (onsaved, onerror): (Callback<T>, Callback<LoadError>),
    p: &'static crate::messages::profile::ProfileMessages,
) where
    V: 'static,
    T: Clone + 'static,
    F: Future<Output = Result<(), ApiError>> + 'static,
{
    if *form.submitting {
        return;
    }
    form.form_error.set(None);
    let value = match built {
        Ok(value) => value,
        Err(found) => {
            form.errors.set(found);
            form.form_error.set(Some(p.fix_errors.to_owned()));
            return;
        }
    };
    form.errors.set(Errors::new());
    form.submitting.set(true);
    let (errors, form_error, submitting) = (
        form.errors.clone(),
        form.form_error.clone(),
        form.submitting.clone(),
    );
    requests.send(async move {
        let result = save(value.clone()).await;
        submitting.set(false);
        match result {
            Ok(()) => onsaved.emit(value),
            Err(error) => {
                onerror.emit(LoadError::from(&error));
                let (found, rest) = server_errors(&error, fields);
                errors.set(found);
                form_error.set(rest.map(|rest| format!("{} {rest}", p.save_failed)));
            }
        }
    });
}

/// The end of a section's form: the error that belongs to no field, and Save when the admin may
/// change the section (disabled and busy while `submitting`).
pub fn section_footer(
    form_error: Option<&String>,
    editable: bool,
    submitting: bool,
    messages: &'static crate::messages::Messages,
) -> Html {
    html! {
        <>
            if let Some(error) = form_error {
                <p class="tk-form-error" part="form-error" role="alert">{ error.clone() }</p>
            }
            if editable {
                <div class="tk-section-actions">
                    <button type="submit" class="tk-button tk-button--primary" part="button"
                        disabled={submitting} aria-busy={submitting.to_string()}>
                        { if submitting { messages.profile.saving } else { messages.save } }
                    </button>
                </div>
            }
        </>
    }
}

/// A checkbox labelled `label`; `ontoggle` runs when it is clicked.
pub fn check(id: &'static str, label: &'static str, checked: bool, ontoggle: Callback<()>) -> Html {
    let onchange = ontoggle.reform(|_: Event| ());
    html! {
        <label class="tk-check">
            <input {id} type="checkbox" class="tk-checkbox" part="checkbox" {checked} {onchange} />
            { label }
        </label>
    }
}

/// A whole-number field with its error, and beside it, when given, its unit.
pub fn number(
    id: &'static str,
    label: &'static str,
    value: &str,
    error: Option<&String>,
    oninput: Callback<InputEvent>,
    unit: Option<(TimeUnit, Callback<TimeUnit>)>,
    p: &'static crate::messages::profile::ProfileMessages,
) -> Html {
    let error_id = format!("{id}-error");
    let input = html! {
        <input {id} type="number" min="0" step="1" inputmode="numeric" class="tk-input tk-input--number" part="input"
            value={value.to_owned()}
            aria-invalid={error.is_some().to_string()}
            aria-describedby={error.map(|_| error_id.clone())}
            {oninput} />
    };
    let unit = unit.map(|(current, onchange)| unit_select(id, label, current, onchange, p));
    html! {
        <div class="tk-form-field">
            <label for={id} class="tk-field-label">{ label }</label>
            <div class="tk-pair">{ input }{ unit }</div>
            { field_error(error, error_id) }
        </div>
    }
}

fn unit_select(
    id: &'static str,
    label: &'static str,
    current: TimeUnit,
    onchange: Callback<TimeUnit>,
    p: &'static crate::messages::profile::ProfileMessages,
) -> Html {
    let onchange = Callback::from(move |event: Event| {
        let unit = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            .and_then(|select| TimeUnit::parse(&select.value()));
        if let Some(unit) = unit {
            onchange.emit(unit);
        }
    });
    html! {
        <select id={format!("{id}-unit")} class="tk-select" part="select"
            aria-label={fill(p.unit_label, "field", label)} {onchange}>
            { for TimeUnit::ALL.into_iter().map(|unit| {
                let text = match unit {
                    TimeUnit::Minutes => p.unit_minutes,
                    TimeUnit::Hours => p.unit_hours,
                    TimeUnit::Days => p.unit_days,
                    TimeUnit::Weeks => p.unit_weeks,
                };
                html! { <option value={unit.as_str()} selected={unit == current}>{ text }</option> }
            }) }
        </select>
    }
}
