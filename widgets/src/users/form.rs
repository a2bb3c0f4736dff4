//! `<UserForm>`: the create and edit dialogs. The shared crate's validation runs on submit, before
//! any request, and its messages are shown next to the fields; the server's validation and
//! "already exists" errors are shown next to the field they concern, anything else above the
//! buttons. Edit sends only what changed; a change of roles shows its impact first (who gains or
//! loses what, and a stronger warning when the admin takes their own `User Admin`).

use crate::collections::{VecMap, VecSet};
use crate::list::use_requests;
use crate::list::{LoadError, Remote, SearchTarget};
use crate::roles::impact_dialog::ImpactConfirm;
use crate::ui::attributes::{self, attribute_text, attribute_value};
use crate::ui::form::{FormState, field_error, form_footer, on_text, use_form};
use crate::ui::modal::Modal;
use crate::ui::role_picker::RolePicker;
use crate::users::actions;
use crate::users::grant_impact::{Holder, impact_text};
use crate::users::state::UserRow;
use std::rc::Rc;
use tenantkit_client::ApiError;
use tenantkit_wire::user_ops::{CreateUserRequest, CustomAttribute, PatchUserRequest};
use tenantkit_wire::{ErrorCode, LoginId, User};
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
    pub locked_roles: Rc<VecMap<String, Vec<String>>>,
    /// Roles carrying `User Admin`: taking the last of them from oneself is warned about.
    #[prop_or_default]
    pub admin_roles: Rc<VecSet<String>>,
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
    roles: VecSet<String>,
    invite: bool,
    /// Custom attributes as typed (booleans as "true"/"false", arrays comma-separated).
    attributes: VecMap<String, String>,
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

/// Field errors by wire field name.
type Errors = VecMap<String, String>;

/// What the form sends.
#[derive(Debug, Clone, PartialEq)]
enum Request {
    Create(CreateUserRequest),
    Patch(PatchUserRequest),
}

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
    let messages = crate::i18n::use_messages();
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

    // The edit whose role changes wait for the impact confirmation.
    let confirming = use_state(|| None::<PatchUserRequest>);
    // Sends the create or the edit; the server's refusal is shown next to its field.
    let send = {
        let requests = requests.clone();
        let errors = errors.clone();
        let form_error = form_error.clone();
        let submitting = submitting.clone();
        let confirming = confirming.clone();
        let props = props.clone();
        Callback::from(move |request: Request| {
            submitting.set(true);
            let errors = errors.clone();
            let form_error = form_error.clone();
            let submitting = submitting.clone();
            let confirming = confirming.clone();
            let props = props.clone();
            requests.send(async move {
                let result = match &request {
                    Request::Create(request) => actions::create_user(&props.target, request).await,
                    Request::Patch(request) => actions::patch_user(&props.target, request).await,
                };
                submitting.set(false);
                // Back to the form (a refusal is shown there).
                confirming.set(None);
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

    let onsubmit = {
        let send = send.clone();
        let confirming = confirming.clone();
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
            // Roles given or taken away: their impact is confirmed first.
            if let Request::Patch(patch) = &request
                && patch.role_names.is_some()
            {
                confirming.set(Some(patch.clone()));
                return;
            }
            send.emit(request);
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
            Callback::from(move |roles: VecSet<String>| {
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

    if let (Some(patch), FormMode::Edit(row)) = (&*confirming, &props.mode) {
        return role_change_confirmation(
            props,
            row,
            patch,
            &confirming,
            &send,
            *submitting,
            messages,
        );
    }
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
                { form_footer(form_error.as_ref(), oncancel, *submitting, if creating { messages.create } else { messages.save }, messages) }
            </form>
        </Modal>
    }
}

/// The impact of an edit's role changes, confirmed before the edit is sent; Cancel goes back to
/// the form as it was.
fn role_change_confirmation(
    props: &UserFormProps,
    row: &UserRow,
    patch: &PatchUserRequest,
    confirming: &UseStateHandle<Option<PatchUserRequest>>,
    send: &Callback<Request>,
    busy: bool,
    all: &'static crate::messages::Messages,
) -> Html {
    let messages = &all.invitations;
    let after = patch.role_names.clone().unwrap_or_default();
    let added: Vec<String> = after
        .iter()
        .filter(|r| !row.roles.contains(r))
        .cloned()
        .collect();
    let removed: Vec<String> = row
        .roles
        .iter()
        .filter(|r| !after.contains(r))
        .cloned()
        .collect();
    let holder = Holder {
        roles: &row.roles,
        is_caller: crate::claims::subject(&props.target.token).as_deref()
            == Some(row.user_id.as_str()),
    };
    let text = impact_text(&[holder], &added, &removed, &props.admin_roles, messages);
    let onconfirm = {
        let (send, patch) = (send.clone(), patch.clone());
        Callback::from(move |()| send.emit(Request::Patch(patch.clone())))
    };
    let onclose = {
        let confirming = confirming.clone();
        Callback::from(move |()| confirming.set(None))
    };
    html! {
        <ImpactConfirm question={messages.impact_title} text={Remote::Loaded(text)}
            confirm_label={all.save} {busy} {onconfirm} {onclose} />
    }
}

/// One custom attribute input, by type (the shared inputs in [`crate::ui::attributes`]).
fn attribute_field(
    definition: &CustomAttribute,
    values: &UseStateHandle<Values>,
    errors: &UseStateHandle<Errors>,
) -> Html {
    let value = values
        .attributes
        .get(&definition.name)
        .cloned()
        .unwrap_or_default();
    let onchange = {
        let values: UseStateHandle<Values> = values.clone();
        let name = definition.name.clone();
        Callback::from(move |text: String| {
            let mut next = (*values).clone();
            next.attributes.insert(name.clone(), text);
            values.set(next);
        })
    };
    let error = errors.get(&format!("attr:{}", definition.name));
    attributes::attribute_field(definition, "tk-attr", &value, error, false, onchange)
}
