//! `<RoleForm>`: the create, edit (rename included) and duplicate dialogs of a role.
//!
//! The shared crate's validation runs on submit, before any request, and its messages are shown
//! next to the fields; the server's field errors and "already exists" go next to the name,
//! anything else above the buttons. An edit that removes permissions asks the server who holds
//! the role first: when holders would lose something, the [`ImpactDialog`] says who and what, and
//! only a confirmed change is sent with `force`.

use crate::collections::{VecMap, VecSet};
use crate::list::use_requests;
use crate::list::{LoadError, Remote, SearchTarget};
use crate::messages::fill;
use crate::roles::actions;
use crate::roles::impact_dialog::{ImpactDialog, ImpactKind};
use crate::roles::permission_picker::PermissionPicker;
use crate::roles::state::{Impact, RoleRow, removed_permissions};
use crate::ui::form::{FormState, form_footer, name_and_description, on_text, use_form};
use crate::ui::modal::Modal;
use std::rc::Rc;
use tenantkit_client::ApiError;
use tenantkit_wire::ErrorCode;
use tenantkit_wire::role::{CreateRoleRequest, Permission, Role, UpdateRoleRequest};
use yew::prelude::*;

/// Which dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum RoleFormMode {
    /// A new role.
    Create,
    /// One of the tenant's roles.
    Edit(RoleRow),
    /// A new role starting as a copy of this one ("Copy of …"; project roles too).
    Duplicate(RoleRow),
}

/// Properties of [`RoleForm`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct RoleFormProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// Create, edit or duplicate.
    pub mode: RoleFormMode,
    /// The project's permissions, for the picker.
    pub permissions: Remote<Rc<[Permission]>>,
    /// The server saved the role (created or changed).
    pub onsaved: Callback<Role>,
    /// Cancel or Escape.
    pub onclose: Callback<()>,
}

/// What the admin typed and chose.
#[derive(Debug, Clone, PartialEq, Default)]
struct Values {
    name: String,
    description: String,
    permissions: VecSet<String>,
}

/// Field errors by form field (`name`, `description`).
type Errors = VecMap<&'static str, String>;

/// A request ready to go.
#[derive(Debug, Clone, PartialEq)]
enum Save {
    Create(CreateRoleRequest),
    /// An update, and the permissions it takes away.
    Update {
        request: UpdateRoleRequest,
        removed: Vec<String>,
    },
}

/// The form field a validation rule's field name belongs to.
fn form_field(wire: &str) -> &'static str {
    match wire {
        "description" => "description",
        _ => "name",
    }
}

/// The field a server error belongs to: a conflict is the name (taken), unless it is about
/// holders who would lose something (the role changed since the impact was shown); a validation
/// error names its field in the message. Anything else is shown for the whole form.
fn server_error_field(error: &ApiError) -> Option<&'static str> {
    let ApiError::Http { status, body } = error else {
        return None;
    };
    if *status == 409 {
        let about_holders = body.error_message.contains("will lose")
            || body.error_message.contains("hold the role");
        return (!about_holders).then_some("name");
    }
    if body.error_code != ErrorCode::ValidationFailed.as_str() {
        return None;
    }
    let message = body.error_message.to_ascii_lowercase();
    if message.contains("description") {
        Some("description")
    } else if message.contains("name") {
        Some("name")
    } else {
        None
    }
}

/// The form's state cells that a request in flight reports to.
#[derive(Clone)]
struct Handles {
    target: SearchTarget,
    errors: UseStateHandle<Errors>,
    form_error: UseStateHandle<Option<String>>,
    submitting: UseStateHandle<bool>,
    pending: UseStateHandle<Option<(Save, Impact)>>,
    onsaved: Callback<Role>,
    roles: &'static crate::messages::RoleMessages,
}

impl Handles {
    fn show(&self, error: &ApiError) {
        let message = LoadError::from(error).message;
        match server_error_field(error) {
            Some(field) => self.errors.set(Errors::from([(field, message)])),
            None => self.form_error.set(Some(message)),
        }
    }

    /// Asks who would lose what, then sends the change (at once when nobody would).
    async fn check_then_save(self, save: Save) {
        let Save::Update { request, .. } = &save else {
            return self.save(save, false).await;
        };
        self.submitting.set(true);
        let impact = actions::change_impact(
            &self.target,
            &request.name,
            request.permission_names.clone(),
        )
        .await;
        match impact {
            Ok(impact) if impact.needs_confirmation() => {
                self.submitting.set(false);
                self.pending.set(Some((save, impact)));
            }
            Ok(_) => self.save(save, false).await,
            Err(error) => {
                self.submitting.set(false);
                let message = LoadError::from(&error).message;
                self.form_error
                    .set(Some(format!("{} {message}", self.roles.impact_failed)));
            }
        }
    }

    /// Sends the change; `force` once the admin confirmed its impact.
    async fn save(self, save: Save, force: bool) {
        self.submitting.set(true);
        let result = match &save {
            Save::Create(request) => actions::create_role(&self.target, request).await,
            Save::Update { request, .. } => {
                let request = UpdateRoleRequest {
                    force,
                    ..request.clone()
                };
                actions::update_role(&self.target, &request).await
            }
        };
        let error = match result {
            Ok(role) => return self.onsaved.emit(role),
            Err(error) => error,
        };
        // Refused for taking something away: someone got the role since the impact was asked
        // for. Ask again and let the admin confirm what it is now.
        if let (Save::Update { request, removed }, false, Some(409)) =
            (&save, force, error.status())
            && !removed.is_empty()
            && let Ok(impact) = actions::change_impact(
                &self.target,
                &request.name,
                request.permission_names.clone(),
            )
            .await
            && impact.needs_confirmation()
        {
            self.submitting.set(false);
            self.pending.set(Some((save, impact)));
            return;
        }
        self.submitting.set(false);
        self.pending.set(None);
        self.show(&error);
    }
}

/// Why the permissions of the role being edited cannot change, if they cannot: it carries some
/// the admin does not hold (one can only delegate, or take back, what one has).
fn frozen(
    mode: &RoleFormMode,
    permissions: &Remote<Rc<[Permission]>>,
    roles: &crate::messages::RoleMessages,
) -> Option<AttrValue> {
    let (RoleFormMode::Edit(row), Remote::Loaded(permissions)) = (mode, permissions) else {
        return None;
    };
    let not_held: Vec<&str> = permissions
        .iter()
        .filter(|p| p.grantable == Some(false) && row.permissions.contains(&p.name))
        .map(|p| p.name.as_str())
        .collect();
    (!not_held.is_empty()).then(|| {
        fill(
            roles.role_not_regrantable,
            "permissions",
            &not_held.join(", "),
        )
        .into()
    })
}

/// The create, edit or duplicate dialog.
#[component]
pub fn RoleForm(props: &RoleFormProps) -> Html {
    let requests = use_requests();
    let messages = crate::i18n::use_messages();
    let roles = &messages.roles;
    let initial = match &props.mode {
        RoleFormMode::Create => Values::default(),
        RoleFormMode::Edit(row) => Values {
            name: row.name.clone(),
            description: row.description.clone(),
            permissions: row.permissions.iter().cloned().collect(),
        },
        RoleFormMode::Duplicate(row) => Values {
            name: fill(roles.copy_of, "role", &row.name),
            description: row.description.clone(),
            permissions: row.permissions.iter().cloned().collect(),
        },
    };
    let FormState {
        values,
        errors,
        form_error,
        submitting,
    } = use_form::<Values, _>(&initial);
    let pending = use_state(|| None::<(Save, Impact)>);
    let handles = Handles {
        target: props.target.clone(),
        errors: errors.clone(),
        form_error: form_error.clone(),
        submitting: submitting.clone(),
        pending: pending.clone(),
        roles,
        onsaved: props.onsaved.clone(),
    };

    let onsubmit = {
        let requests = requests.clone();
        let values = values.clone();
        let handles = handles.clone();
        let mode = props.mode.clone();
        let onclose = props.onclose.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *handles.submitting {
                return;
            }
            let name = values.name.trim().to_owned();
            let description = values.description.trim().to_owned();
            let permission_names: Vec<String> = values.permissions.iter().cloned().collect();
            let (save, problems) = match &mode {
                RoleFormMode::Create | RoleFormMode::Duplicate(_) => {
                    let request = CreateRoleRequest {
                        name,
                        description,
                        permission_names,
                        tenant_id: handles.target.tenant.clone(),
                    };
                    let problems = request.validate();
                    (Save::Create(request), problems)
                }
                RoleFormMode::Edit(row) => {
                    let request = UpdateRoleRequest {
                        name: row.name.clone(),
                        new_name: name,
                        description,
                        permission_names,
                        tenant_id: handles.target.tenant.clone(),
                        force: false,
                    };
                    let problems = request.validate();
                    let unchanged = request.new_name == row.name
                        && request.description == row.description
                        && values.permissions.iter().eq(row.permissions.iter());
                    if unchanged && problems.is_empty() {
                        // Nothing changed: nothing to send.
                        onclose.emit(());
                        return;
                    }
                    let removed = removed_permissions(&row.permissions, &values.permissions);
                    (Save::Update { request, removed }, problems)
                }
            };
            let mut found = Errors::new();
            for problem in problems {
                found
                    .entry(form_field(problem.field))
                    .or_insert(problem.message);
            }
            handles.errors.set(found.clone());
            handles.form_error.set(None);
            if !found.is_empty() {
                return;
            }
            let handles = handles.clone();
            match save {
                Save::Update { ref removed, .. } if !removed.is_empty() => {
                    requests.send(handles.check_then_save(save))
                }
                save => requests.send(handles.save(save, false)),
            }
        })
    };

    if let Some((save, impact)) = &*pending {
        let question = fill(roles.confirm_change, "role", &values.name);
        let onconfirm = {
            let handles = handles.clone();
            let save = save.clone();
            let requests = requests.clone();
            Callback::from(move |()| requests.send(handles.clone().save(save.clone(), true)))
        };
        let onclose = {
            let pending = pending.clone();
            Callback::from(move |()| pending.set(None))
        };
        return html! {
            <ImpactDialog {question} impact={Remote::Loaded(impact.clone())} kind={ImpactKind::Change}
                confirm_label={roles.save_change} busy={*submitting} {onconfirm} {onclose} />
        };
    }

    let text_field = |field: &'static str| {
        on_text(
            &values,
            &errors,
            field,
            move |values: &mut Values, text| match field {
                "description" => values.description = text,
                _ => values.name = text,
            },
        )
    };
    let onpermissions = {
        let values = values.clone();
        Callback::from(move |permissions: VecSet<String>| {
            let mut next = (*values).clone();
            next.permissions = permissions;
            values.set(next);
        })
    };
    let (title, submit) = match &props.mode {
        RoleFormMode::Create => (AttrValue::from(roles.create_title), messages.create),
        RoleFormMode::Edit(row) => (
            fill(roles.edit_title, "role", &row.name).into(),
            messages.save,
        ),
        RoleFormMode::Duplicate(row) => (
            fill(roles.duplicate_title, "role", &row.name).into(),
            messages.create,
        ),
    };
    let oncancel = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <Modal key="form" {title} onclose={props.onclose.clone()}>
            <form class="tk-form" part="form" novalidate=true {onsubmit}>
                { name_and_description("tk-role", (roles.field_name, roles.field_description),
                    (&values.name, &values.description), &errors, &text_field) }
                <PermissionPicker permissions={props.permissions.clone()}
                    selected={values.permissions.clone()} onchange={onpermissions}
                    frozen={frozen(&props.mode, &props.permissions, roles)} />
                { form_footer(form_error.as_ref(), oncancel, *submitting, submit, messages) }
            </form>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, code: ErrorCode, message: &str) -> ApiError {
        ApiError::Http {
            status,
            body: code.body(message),
        }
    }

    #[test]
    fn server_errors_go_next_to_their_field() {
        let taken = http(
            409,
            ErrorCode::InvalidArguments,
            "A role named \"X\" exists already",
        );
        assert_eq!(server_error_field(&taken), Some("name"));
        let holders = http(
            409,
            ErrorCode::InvalidArguments,
            "3 user(s) and 0 access key(s) will lose: SSO Admin.",
        );
        assert_eq!(server_error_field(&holders), None, "for the whole form");
        let long = http(
            400,
            ErrorCode::ValidationFailed,
            "A description has at most 500 characters",
        );
        assert_eq!(server_error_field(&long), Some("description"));
        let forbidden = http(403, ErrorCode::Forbidden, "Project roles are read-only");
        assert_eq!(server_error_field(&forbidden), None);
        assert_eq!(form_field("newName"), "name");
    }
}
