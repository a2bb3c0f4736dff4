//! `<UserForm>`: the create and edit dialogs. The shared crate's validation runs on submit, before
//! any request, and its messages are shown next to the fields; the server's validation and
//! "already exists" errors are shown next to the field they concern, anything else above the
//! buttons. Edit sends only what changed.

use crate::list::use_requests;
use crate::list::{LoadError, SearchTarget};
use crate::messages::{ENGLISH, Messages};
use crate::ui::form::{FormState, field_error, form_footer, on_text, use_form};
use crate::ui::modal::Modal;
use crate::ui::role_picker::RolePicker;
use crate::users::actions;
use crate::users::state::UserRow;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use tenantkit_client::ApiError;
use tenantkit_wire::user_ops::{
    CreateUserRequest, CustomAttribute, PatchUserRequest, attribute_type,
};
use tenantkit_wire::{ErrorCode, LoginId, User, calendar, validate};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Create a user, or edit this one.
#[derive(Debug, Clone, PartialEq)]
pub enum FormMode {
    /// A new user.
    Create,
    /// An existing user.
    Edit(UserRow),
}

/// Properties of [`UserForm`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct UserFormProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// Create or edit.
    pub mode: FormMode,
    /// Roles of the tenant to offer.
    pub roles: Vec<String>,
    /// Roles the admin may not give or take away, with the permissions they lack.
    #[prop_or_default]
    pub locked_roles: Rc<BTreeMap<String, Vec<String>>>,
    /// The server saved the user.
    pub onsaved: Callback<User>,
    /// Cancel or Escape.
    pub onclose: Callback<()>,
    /// The server refused the user: the widget's `tk-error`.
    #[prop_or_default]
    pub onerror: Callback<LoadError>,
}

/// What the admin typed.
#[derive(Debug, Clone, PartialEq, Default)]
struct Values {
    login_id: String,
    email: String,
    phone: String,
    name: String,
    roles: BTreeSet<String>,
    invite: bool,
    /// Custom attributes as typed (booleans as "true"/"false", arrays comma-separated).
    attributes: BTreeMap<String, String>,
}

impl Values {
    fn of(row: &UserRow) -> Self {
        Self {
            login_id: row.login_id.clone(),
            email: row.email.clone(),
            phone: row.phone.clone(),
            name: row.name.clone(),
            roles: row.roles.iter().cloned().collect(),
            invite: false,
            attributes: row
                .custom_attributes
                .iter()
                .map(|(key, value)| (key.clone(), attribute_text(value)))
                .collect(),
        }
    }
}

/// The custom attribute definitions, as remote data.
#[derive(Debug, Clone, PartialEq)]
enum Definitions {
    Loading,
    Loaded(Vec<CustomAttribute>),
    /// The server has none to offer or could not say: the form works without them.
    Unavailable,
}

fn attribute_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(attribute_text)
            .collect::<Vec<_>>()
            .join(", "),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// What a date attribute's input shows: `YYYY-MM-DD` for a stored value (epoch milliseconds at
/// 00:00 UTC).
fn date_input_text(text: &str) -> String {
    match text.trim().parse::<i64>() {
        Ok(epoch_ms) => calendar::date_text(epoch_ms.div_euclid(1000)),
        Err(_) => text.to_owned(),
    }
}

/// The JSON value of a typed attribute (`null` when emptied), or what is wrong with it, checked
/// with the server's own rule (`validate::custom_attribute_value`).
fn attribute_value(
    definition: &CustomAttribute,
    text: &str,
    messages: &Messages,
) -> Result<serde_json::Value, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(serde_json::Value::Null);
    }
    let value = typed_value(definition, text, messages)?;
    validate::custom_attribute_value(definition, &value)?;
    Ok(value)
}

fn typed_value(
    definition: &CustomAttribute,
    text: &str,
    messages: &Messages,
) -> Result<serde_json::Value, String> {
    match definition.kind {
        attribute_type::NUMERIC => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(serde_json::Value::Number)
            .ok_or_else(|| messages.error_number.to_owned()),
        attribute_type::BOOLEAN => Ok(serde_json::Value::Bool(text == "true")),
        // A date input gives `YYYY-MM-DD`; an unchanged stored value is already epoch ms.
        attribute_type::DATE => calendar::parse_date(text)
            .map(|epoch_seconds| epoch_seconds * 1000)
            .or_else(|| text.parse::<i64>().ok())
            .map(serde_json::Value::from)
            .ok_or_else(|| messages.error_date.to_owned()),
        attribute_type::ARRAY => Ok(serde_json::Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| serde_json::Value::String(item.to_owned()))
                .collect(),
        )),
        _ => Ok(serde_json::Value::String(text.to_owned())),
    }
}

/// Field errors by wire field name.
type Errors = BTreeMap<String, String>;

/// Which field a server error belongs to: `E062107` is the login id; an `E011003` names its field
/// in the message. Anything else is shown for the whole form.
fn server_error_field(error: &ApiError) -> Option<&'static str> {
    let ApiError::Http { body, .. } = error else {
        return None;
    };
    if body.error_code == ErrorCode::UserAlreadyExists.as_str() {
        return Some("loginId");
    }
    if body.error_code != ErrorCode::ValidationFailed.as_str() {
        return None;
    }
    let message = body.error_message.to_ascii_lowercase();
    [
        ("login", "loginId"),
        ("email", "email"),
        ("phone", "phone"),
        ("name", "name"),
    ]
    .into_iter()
    .find(|(word, _)| message.contains(word))
    .map(|(_, field)| field)
}

/// The create or edit dialog.
#[component]
pub fn UserForm(props: &UserFormProps) -> Html {
    let requests = use_requests();
    let messages = &ENGLISH;
    let initial = match &props.mode {
        FormMode::Create => Values::default(),
        FormMode::Edit(row) => Values::of(row),
    };
    let FormState {
        values,
        errors,
        form_error,
        submitting,
    } = use_form::<Values, _>(&initial);
    let definitions = use_state(|| Definitions::Loading);
    {
        let definitions = definitions.clone();
        let target = props.target.clone();
        let requests = requests.clone();
        use_effect_with((), move |_| {
            let request = async move { actions::custom_attributes(&target).await };
            requests.run(request, move |answer| {
                definitions.set(match answer {
                    Ok(response) if !response.data.is_empty() => Definitions::Loaded(response.data),
                    _ => Definitions::Unavailable,
                })
            });
        });
    }
    let creating = matches!(props.mode, FormMode::Create);
    // The account of a user who also belongs to other tenants is not this tenant's to change:
    // only the roles can be edited (the form sends only what changed).
    let shared = matches!(&props.mode, FormMode::Edit(row) if !row.editable);

    let text_input =
        |field: &'static str, set: fn(&mut Values, String)| on_text(&values, &errors, field, set);

    let onsubmit = {
        let requests = requests.clone();
        let values = values.clone();
        let errors = errors.clone();
        let form_error = form_error.clone();
        let submitting = submitting.clone();
        let definitions = definitions.clone();
        let props = props.clone();
        let initial = initial.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *submitting {
                return;
            }
            let mut found = Errors::new();
            let mut attributes = serde_json::Map::new();
            if let Definitions::Loaded(definitions) = &*definitions {
                for definition in definitions {
                    let text = values
                        .attributes
                        .get(&definition.name)
                        .cloned()
                        .unwrap_or_default();
                    let before = initial
                        .attributes
                        .get(&definition.name)
                        .cloned()
                        .unwrap_or_default();
                    if text.trim().is_empty() && before.is_empty() {
                        continue;
                    }
                    if !creating && text == before {
                        continue;
                    }
                    match attribute_value(definition, &text, messages) {
                        Ok(value) => {
                            attributes.insert(definition.name.clone(), value);
                        }
                        Err(message) => {
                            found.insert(format!("attr:{}", definition.name), message);
                        }
                    }
                }
            }
            let roles: Vec<String> = values.roles.iter().cloned().collect();
            enum Request {
                Create(CreateUserRequest),
                Patch(PatchUserRequest),
            }
            let request = if creating {
                let request = CreateUserRequest {
                    login_id: LoginId::new(values.login_id.trim()),
                    email: values.email.trim().to_owned(),
                    phone: values.phone.trim().to_owned(),
                    name: values.name.trim().to_owned(),
                    role_names: roles,
                    custom_attributes: attributes,
                    invite: values.invite,
                    ..CreateUserRequest::default()
                };
                for error in request.validate() {
                    found.entry(error.field.to_owned()).or_insert(error.message);
                }
                Request::Create(request)
            } else {
                let changed = |now: &str, before: &str| {
                    (now.trim() != before.trim()).then(|| now.trim().to_owned())
                };
                let request = PatchUserRequest {
                    login_id: LoginId::new(initial.login_id.clone()),
                    name: changed(&values.name, &initial.name),
                    email: changed(&values.email, &initial.email),
                    phone: changed(&values.phone, &initial.phone),
                    role_names: (values.roles != initial.roles).then_some(roles),
                    custom_attributes: (!attributes.is_empty()).then_some(attributes),
                    ..PatchUserRequest::default()
                };
                for error in request.validate() {
                    found.entry(error.field.to_owned()).or_insert(error.message);
                }
                Request::Patch(request)
            };
            if !found.is_empty() {
                errors.set(found);
                return;
            }
            errors.set(Errors::new());
            form_error.set(None);
            let unchanged = |patch: &PatchUserRequest| {
                *patch
                    == PatchUserRequest {
                        login_id: patch.login_id.clone(),
                        ..PatchUserRequest::default()
                    }
            };
            if let Request::Patch(patch) = &request
                && unchanged(patch)
            {
                // Nothing changed: nothing to send.
                props.onclose.emit(());
                return;
            }
            submitting.set(true);
            let errors = errors.clone();
            let form_error = form_error.clone();
            let submitting = submitting.clone();
            let props = props.clone();
            requests.send(async move {
                let result = match &request {
                    Request::Create(request) => actions::create_user(&props.target, request).await,
                    Request::Patch(request) => actions::patch_user(&props.target, request).await,
                };
                submitting.set(false);
                match result {
                    Ok(response) => props.onsaved.emit(response.user),
                    Err(error) => {
                        let failure = LoadError::from(&error);
                        let message = failure.message.clone();
                        props.onerror.emit(failure);
                        match server_error_field(&error) {
                            Some(field) => {
                                let mut next = Errors::new();
                                next.insert(field.to_owned(), message);
                                errors.set(next);
                            }
                            None => form_error.set(Some(message)),
                        }
                    }
                }
            });
        })
    };

    let field = |id: &'static str,
                 wire: &'static str,
                 label: &'static str,
                 kind: &'static str,
                 value: &str,
                 set: fn(&mut Values, String),
                 readonly: bool| {
        let error = errors.get(wire).cloned();
        let error_id = format!("{id}-error");
        html! {
            <div class="tk-form-field">
                <label for={id} class="tk-field-label">{ label }</label>
                <input
                    {id}
                    type={kind}
                    class="tk-input"
                    part="input"
                    value={value.to_owned()}
                    readonly={readonly}
                    aria-invalid={error.is_some().to_string()}
                    aria-describedby={error.as_ref().map(|_| error_id.clone())}
                    oninput={text_input(wire, set)}
                />
                { field_error(error.as_ref(), error_id) }
            </div>
        }
    };

    let role_picker = {
        let onchange = {
            let values = values.clone();
            Callback::from(move |roles: BTreeSet<String>| {
                let mut next = (*values).clone();
                next.roles = roles;
                values.set(next);
            })
        };
        html! {
            <RolePicker legend={messages.field_roles} roles={props.roles.clone()}
                locked={props.locked_roles.clone()}
                selected={values.roles.clone()} {onchange} />
        }
    };

    let attribute_fields = match &*definitions {
        Definitions::Loaded(definitions) => html! {
            <fieldset class="tk-fieldset">
                <legend class="tk-field-label">{ messages.field_custom_attributes }</legend>
                { for definitions.iter().map(|definition| attribute_field(definition, &values, &errors)) }
            </fieldset>
        },
        Definitions::Loading | Definitions::Unavailable => Html::default(),
    };

    let onclose = props.onclose.clone();
    let oncancel = props.onclose.reform(|_: MouseEvent| ());
    let title = if creating {
        messages.create_user_title
    } else {
        messages.edit_user_title
    };
    html! {
        <Modal title={title} {onclose}>
            <form class="tk-form" part="form" novalidate=true {onsubmit}>
                { field("tk-field-login-id", "loginId", messages.field_login_id, "text",
                        &values.login_id, |v, s| v.login_id = s, !creating) }
                if shared {
                    <p class="tk-hint" part="form-note">{ messages.shared_account }</p>
                }
                { field("tk-field-email", "email", messages.field_email, "email",
                        &values.email, |v, s| v.email = s, shared) }
                { field("tk-field-phone", "phone", messages.field_phone, "tel",
                        &values.phone, |v, s| v.phone = s, shared) }
                { field("tk-field-name", "name", messages.field_name, "text",
                        &values.name, |v, s| v.name = s, shared) }
                { role_picker }
                if !shared {
                    { attribute_fields }
                }
                if creating {
                    <label class="tk-check">
                        <input type="checkbox" class="tk-checkbox" checked={values.invite}
                            onchange={{
                                let values = values.clone();
                                Callback::from(move |_: Event| {
                                    let mut next = (*values).clone();
                                    next.invite = !next.invite;
                                    values.set(next);
                                })
                            }} />
                        { messages.field_invite }
                    </label>
                }
                { form_footer(form_error.as_ref(), oncancel, *submitting, if creating { messages.create } else { messages.save }) }
            </form>
        </Modal>
    }
}

/// One custom attribute input, by type.
fn attribute_field(
    definition: &CustomAttribute,
    values: &UseStateHandle<Values>,
    errors: &UseStateHandle<Errors>,
) -> Html {
    let id = format!("tk-attr-{}", definition.name);
    let label = if definition.display_name.is_empty() {
        definition.name.clone()
    } else {
        definition.display_name.clone()
    };
    let value = values
        .attributes
        .get(&definition.name)
        .cloned()
        .unwrap_or_default();
    let set = {
        let values: UseStateHandle<Values> = values.clone();
        let name = definition.name.clone();
        move |text: String| {
            let mut next = (*values).clone();
            next.attributes.insert(name.clone(), text);
            values.set(next);
        }
    };
    let error = errors.get(&format!("attr:{}", definition.name)).cloned();
    let error_id = format!("{id}-error");
    let control = match definition.kind {
        attribute_type::BOOLEAN => {
            let checked = value == "true";
            let onchange = Callback::from(move |_: Event| {
                set(if checked { "false" } else { "true" }.to_owned())
            });
            html! { <input id={id.clone()} type="checkbox" class="tk-checkbox" {checked} {onchange} /> }
        }
        attribute_type::SINGLE_SELECT => {
            let onchange = Callback::from(move |event: Event| {
                if let Some(select) = event
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
                {
                    set(select.value());
                }
            });
            html! {
                <select id={id.clone()} class="tk-select" {onchange}>
                    <option value="" selected={value.is_empty()}>{ "—" }</option>
                    { for definition.options.iter().map(|option| html! {
                        <option value={option.clone()} selected={*option == value}>{ option.clone() }</option>
                    }) }
                </select>
            }
        }
        kind => {
            let (input_type, value) = match kind {
                attribute_type::NUMERIC => ("number", value),
                attribute_type::DATE => ("date", date_input_text(&value)),
                _ => ("text", value),
            };
            let oninput = Callback::from(move |event: InputEvent| {
                if let Some(input) = event
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                {
                    set(input.value());
                }
            });
            html! {
                <input id={id.clone()} type={input_type} class="tk-input" {value}
                    aria-invalid={error.is_some().to_string()}
                    aria-describedby={error.as_ref().map(|_| error_id.clone())} {oninput} />
            }
        }
    };
    html! {
        <div class="tk-form-field">
            <label for={id} class="tk-field-label">{ label }</label>
            { control }
            if let Some(error) = error {
                <p id={error_id} class="tk-field-error" part="field-error">{ error }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn definition(kind: u8, options: &[&str]) -> CustomAttribute {
        CustomAttribute {
            name: "attr".into(),
            kind,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            display_name: "Attr".into(),
        }
    }

    #[test]
    fn dates_go_to_the_server_as_epoch_milliseconds_and_come_back_as_dates() {
        let date = definition(attribute_type::DATE, &[]);
        let value = attribute_value(&date, "2000-03-01", &ENGLISH);
        assert_eq!(value, Ok(serde_json::json!(951_868_800_000_i64)));
        assert_eq!(date_input_text("951868800000"), "2000-03-01");
        assert_eq!(
            attribute_value(&date, "951868800000", &ENGLISH),
            Ok(serde_json::json!(951_868_800_000_i64)),
            "an unchanged stored value stays as it is"
        );
        assert_eq!(
            attribute_value(&date, "2000-02-30", &ENGLISH),
            Err(ENGLISH.error_date.to_owned())
        );
    }

    #[test]
    fn an_emptied_value_is_cleared_and_options_are_checked_as_the_server_does() {
        let seats = definition(attribute_type::NUMERIC, &[]);
        assert_eq!(
            attribute_value(&seats, "  ", &ENGLISH),
            Ok(serde_json::Value::Null)
        );
        assert_eq!(
            attribute_value(&seats, "many", &ENGLISH),
            Err(ENGLISH.error_number.to_owned())
        );
        let tags = definition(attribute_type::ARRAY, &["red", "blue"]);
        assert_eq!(
            attribute_value(&tags, "red, blue", &ENGLISH),
            Ok(serde_json::json!(["red", "blue"]))
        );
        assert_eq!(
            attribute_value(&tags, "red, green", &ENGLISH),
            Err("Attr must be one of red, blue".to_owned())
        );
    }
}
