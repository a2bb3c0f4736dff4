//! `<KeyForm>`: the create and edit dialogs of an access key.
//!
//! Name, description, roles of the tenant and permitted addresses; creating also chooses the
//! expiry (a preset, never, or a date). The permitted addresses are checked as they are typed,
//! with the shared crate's rules (the same the server applies); everything else is checked with
//! the shared validation on submit, before any request. An edit sends only the fields that
//! changed, as the update request of the wire contract allows.

use crate::access_keys::actions;
use crate::access_keys::state::{EXPIRY_PRESETS, Expiry, ExpiryError, KeyRow, address_lines};
use crate::collections::{VecMap, VecSet};
use crate::list::use_requests;
use crate::list::{LoadError, SearchTarget};
use crate::messages::fill;
use crate::ui::form::{
    FormState, field_error, form_footer, name_and_description, on_text, use_form,
};
use crate::ui::modal::Modal;
use crate::ui::role_picker::RolePicker;
use std::rc::Rc;
use tenantkit_wire::access_key::{
    AccessKey, AccessKeySecretResponse, CreateAccessKeyRequest, UpdateAccessKeyRequest,
    permitted_ips,
};
use tenantkit_wire::calendar;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Which dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyFormMode {
    /// A new key.
    Create,
    /// One of the tenant's keys.
    Edit(KeyRow),
}

/// What the server saved.
#[derive(Debug, Clone, PartialEq)]
pub enum KeySaved {
    /// A new key, with its cleartext (to be shown once).
    Created(AccessKeySecretResponse),
    /// A changed key.
    Updated(AccessKey),
}

/// Properties of [`KeyForm`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct KeyFormProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// Create or edit.
    pub mode: KeyFormMode,
    /// Roles of the tenant to offer.
    pub roles: Vec<String>,
    /// Roles the admin may not give or take away, with the permissions they lack.
    #[prop_or_default]
    pub locked_roles: Rc<VecMap<String, Vec<String>>>,
    /// Now, epoch seconds: expiry presets count from it.
    pub now: i64,
    /// The server saved the key.
    pub onsaved: Callback<KeySaved>,
    /// Cancel or Escape.
    pub onclose: Callback<()>,
}

/// The expiry choice a new form starts with.
const DEFAULT_EXPIRY: &str = "90";
/// The expiry choice's value for "on a date".
const CUSTOM_EXPIRY: &str = "custom";

/// What the admin typed and chose.
#[derive(Debug, Clone, PartialEq, Default)]
struct Values {
    name: String,
    description: String,
    /// A value of [`EXPIRY_PRESETS`] or [`CUSTOM_EXPIRY`].
    expiry: String,
    /// `YYYY-MM-DD` when the expiry is a date.
    date: String,
    roles: VecSet<String>,
    /// The permitted addresses as typed, one per line.
    addresses: String,
}

impl Values {
    fn of(row: &KeyRow) -> Self {
        Self {
            name: row.name.clone(),
            description: row.description.clone(),
            expiry: DEFAULT_EXPIRY.to_owned(),
            date: String::new(),
            roles: row.roles.iter().cloned().collect(),
            addresses: row.permitted_ips.join("\n"),
        }
    }

    fn expiry(&self) -> Expiry {
        EXPIRY_PRESETS
            .iter()
            .find(|(value, _)| *value == self.expiry)
            .map_or_else(|| Expiry::Date(self.date.clone()), |(_, e)| e.clone())
    }
}

/// Field errors by form field (`name`, `description`, `expiry`).
type Errors = VecMap<&'static str, String>;

/// The form field a validation rule's wire field belongs to; `None` for the permitted addresses,
/// whose errors are shown as they are typed.
fn form_field(wire: &str) -> Option<&'static str> {
    match wire {
        "name" => Some("name"),
        "description" => Some("description"),
        "expireTime" => Some("expiry"),
        _ => None,
    }
}

/// The create or edit dialog.
#[component]
pub fn KeyForm(props: &KeyFormProps) -> Html {
    let requests = use_requests();
    let messages = crate::i18n::use_messages();
    let keys = &messages.keys;
    let initial = match &props.mode {
        KeyFormMode::Create => Values {
            expiry: DEFAULT_EXPIRY.to_owned(),
            ..Values::default()
        },
        KeyFormMode::Edit(row) => Values::of(row),
    };
    let FormState {
        values,
        errors,
        form_error,
        submitting,
    } = use_form::<Values, _>(&initial);
    let creating = matches!(props.mode, KeyFormMode::Create);

    // Checked on every keystroke with the rules the server applies.
    let addresses = address_lines(&values.addresses);
    let address_errors: Vec<String> = permitted_ips(&addresses)
        .into_iter()
        .map(|error| error.message)
        .collect();

    let onsubmit = {
        let requests = requests.clone();
        let values = values.clone();
        let errors = errors.clone();
        let form_error = form_error.clone();
        let submitting = submitting.clone();
        let target = props.target.clone();
        let mode = props.mode.clone();
        let onsaved = props.onsaved.clone();
        let onclose = props.onclose.clone();
        let now = props.now;
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *submitting {
                return;
            }
            // From the state as it is now, not as it was rendered: the submit may come before the
            // last keystroke's render.
            let addresses = address_lines(&values.addresses);
            let address_errors_found = !permitted_ips(&addresses).is_empty();
            let name = values.name.trim().to_owned();
            let description = values.description.trim().to_owned();
            let role_names: Vec<String> = values.roles.iter().cloned().collect();
            let mut found = Errors::new();
            let save = match &mode {
                KeyFormMode::Create => {
                    let expire_time = match values.expiry().expire_time(now) {
                        Ok(time) => time,
                        Err(error) => {
                            let message = match error {
                                ExpiryError::NotADate => keys.expiry_not_a_date,
                                ExpiryError::NotInFuture => keys.expiry_in_past,
                            };
                            found.insert("expiry", message.to_owned());
                            0
                        }
                    };
                    let request = CreateAccessKeyRequest {
                        name,
                        description,
                        expire_time,
                        role_names,
                        permitted_ips: addresses.clone(),
                        ..CreateAccessKeyRequest::default()
                    };
                    for problem in request.validate(now) {
                        if let Some(field) = form_field(problem.field) {
                            found.entry(field).or_insert(problem.message);
                        }
                    }
                    Save::Create(request)
                }
                KeyFormMode::Edit(row) => {
                    let roles_changed = !values.roles.iter().eq(row.roles.iter());
                    let request = UpdateAccessKeyRequest {
                        id: row.id.clone(),
                        name,
                        description: (description != row.description).then_some(description),
                        role_names: roles_changed.then_some(role_names),
                        permitted_ips: (addresses != row.permitted_ips).then(|| addresses.clone()),
                    };
                    let unchanged = request.name == row.name
                        && request.description.is_none()
                        && request.role_names.is_none()
                        && request.permitted_ips.is_none();
                    if unchanged {
                        // Nothing changed: nothing to send.
                        onclose.emit(());
                        return;
                    }
                    for problem in request.validate() {
                        if let Some(field) = form_field(problem.field) {
                            found.entry(field).or_insert(problem.message);
                        }
                    }
                    Save::Update(request)
                }
            };
            errors.set(found.clone());
            form_error.set(None);
            if !found.is_empty() || address_errors_found {
                return;
            }
            submitting.set(true);
            let (target, submitting, form_error, onsaved) = (
                target.clone(),
                submitting.clone(),
                form_error.clone(),
                onsaved.clone(),
            );
            requests.send(async move {
                let result = match save {
                    Save::Create(request) => actions::create_key(&target, &request)
                        .await
                        .map(KeySaved::Created),
                    Save::Update(request) => actions::update_key(&target, &request)
                        .await
                        .map(KeySaved::Updated),
                };
                submitting.set(false);
                match result {
                    Ok(saved) => onsaved.emit(saved),
                    Err(error) => form_error.set(Some(LoadError::from(&error).message)),
                }
            });
        })
    };

    let text_field = |field: &'static str| {
        on_text(
            &values,
            &errors,
            field,
            move |values: &mut Values, text| match field {
                "description" => values.description = text,
                "addresses" => values.addresses = text,
                "expiry" => values.date = text,
                _ => values.name = text,
            },
        )
    };
    let onexpiry = {
        let values = values.clone();
        let errors = errors.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                let mut next = (*values).clone();
                next.expiry = select.value();
                values.set(next);
                let mut next = (*errors).clone();
                next.remove("expiry");
                errors.set(next);
            }
        })
    };
    let onroles = {
        let values = values.clone();
        Callback::from(move |roles: VecSet<String>| {
            let mut next = (*values).clone();
            next.roles = roles;
            values.set(next);
        })
    };
    let field_error =
        |field: &'static str| field_error(errors.get(field), format!("tk-key-{field}-error"));
    let described_by = |field: &'static str| {
        errors
            .contains_key(field)
            .then(|| format!("tk-key-{field}-error"))
    };
    let expiry_options = EXPIRY_PRESETS
        .iter()
        .map(|(value, expiry)| {
            let label = match expiry {
                Expiry::Days(365) => keys.expires_year_option.to_owned(),
                Expiry::Days(days) => fill(keys.expires_days_option, "count", &days.to_string()),
                Expiry::Never | Expiry::Date(_) => keys.expires_never_option.to_owned(),
            };
            (*value, label)
        })
        .chain([(CUSTOM_EXPIRY, keys.expires_custom_option.to_owned())]);
    let addresses_invalid = !address_errors.is_empty();
    let title: AttrValue = match &props.mode {
        KeyFormMode::Create => keys.create_title.into(),
        KeyFormMode::Edit(row) => fill(keys.edit_title, "key", &row.name).into(),
    };
    let oncancel = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <Modal {title} onclose={props.onclose.clone()}>
            <form class="tk-form" part="form" novalidate=true {onsubmit}>
                { name_and_description("tk-key", (keys.field_name, keys.field_description),
                    (&values.name, &values.description), &errors, &text_field) }
                if creating {
                    <div class="tk-form-field">
                        <label for="tk-key-expires" class="tk-field-label">{ keys.field_expires }</label>
                        <select id="tk-key-expires" class="tk-select" part="input" onchange={onexpiry}
                            aria-describedby={(values.expiry != CUSTOM_EXPIRY).then(|| described_by("expiry")).flatten()}>
                            { for expiry_options.map(|(value, label)| html! {
                                <option {value} selected={values.expiry == value}>{ label }</option>
                            }) }
                        </select>
                        if values.expiry == CUSTOM_EXPIRY {
                            <label for="tk-key-expiry-date" class="tk-field-label">{ keys.field_expiry_date }</label>
                            <input id="tk-key-expiry-date" type="date" class="tk-input" part="input"
                                min={calendar::date_text(props.now + calendar::DAY)}
                                value={values.date.clone()}
                                aria-invalid={errors.contains_key("expiry").to_string()}
                                aria-describedby={described_by("expiry")}
                                oninput={text_field("expiry")} />
                        }
                        { field_error("expiry") }
                    </div>
                }
                <RolePicker legend={keys.field_roles} roles={props.roles.clone()}
                locked={props.locked_roles.clone()}
                    selected={values.roles.clone()} onchange={onroles} />
                <div class="tk-form-field">
                    <label for="tk-key-addresses" class="tk-field-label">{ keys.field_permitted_ips }</label>
                    <textarea id="tk-key-addresses" class="tk-input tk-textarea" part="input permitted-ips" rows="3"
                        spellcheck="false" autocomplete="off"
                        value={values.addresses.clone()}
                        aria-invalid={addresses_invalid.to_string()}
                        aria-describedby="tk-key-addresses-hint tk-key-addresses-check"
                        oninput={text_field("addresses")} />
                    <p id="tk-key-addresses-hint" class="tk-field-hint">{ keys.permitted_ips_hint }</p>
                    <div id="tk-key-addresses-check" aria-live="polite">
                        if addresses_invalid {
                            <ul class="tk-field-errors" part="field-error">
                                { for address_errors.iter().map(|error| html! { <li>{ error.clone() }</li> }) }
                            </ul>
                        } else if !addresses.is_empty() {
                            <p class="tk-field-ok" part="field-ok">
                                { fill(keys.permitted_ips_valid, "count", &addresses.len().to_string()) }
                            </p>
                        }
                    </div>
                </div>
                { form_footer(form_error.as_ref(), oncancel, *submitting, if creating { messages.create } else { messages.save }, messages) }
            </form>
        </Modal>
    }
}

/// A request ready to go.
#[derive(Debug, Clone, PartialEq)]
enum Save {
    Create(CreateAccessKeyRequest),
    Update(UpdateAccessKeyRequest),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_fields_map_to_form_fields() {
        assert_eq!(form_field("expireTime"), Some("expiry"));
        assert_eq!(form_field("permittedIps"), None);
        let values = Values {
            expiry: "never".into(),
            ..Values::default()
        };
        assert_eq!(values.expiry(), Expiry::Never);
        let custom = Values {
            expiry: CUSTOM_EXPIRY.into(),
            date: "2030-01-01".into(),
            ..Values::default()
        };
        assert_eq!(custom.expiry(), Expiry::Date("2030-01-01".into()));
    }
}
