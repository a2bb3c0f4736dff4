//! What the policy sections share: the section frame (title, read-only reason, the form or why
//! it could not load), a checkbox with its label, and a whole-number field with an optional unit
//! select, its error under it (`aria-describedby` points at it).

use crate::messages::{ENGLISH, fill};
use crate::ui::form::field_error;
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
) -> Html {
    let p = &ENGLISH.profile;
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
) -> Html {
    let error_id = format!("{id}-error");
    let input = html! {
        <input {id} type="number" min="0" step="1" inputmode="numeric" class="tk-input tk-input--number" part="input"
            value={value.to_owned()}
            aria-invalid={error.is_some().to_string()}
            aria-describedby={error.map(|_| error_id.clone())}
            {oninput} />
    };
    let unit = unit.map(|(current, onchange)| unit_select(id, label, current, onchange));
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
) -> Html {
    let p = &ENGLISH.profile;
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
