//! `<RoleManagement>`: the tenant's roles and the project's, with loading, empty, error,
//! expired-session and missing-settings states; search, sort and pages; create, edit (rename
//! too), duplicate and delete (several at once), each change that takes something away confirmed
//! with its impact first.
//!
//! The list's UI state (query, selection, open dialog, notice) is the shared controller's
//! ([`crate::list::use_list_widget`]); this component renders it and reacts to what the table,
//! the form ([`form`]) and the delete dialog ([`delete_dialog`]) report. Requests: [`actions`].

pub mod actions;
pub mod delete_dialog;
pub mod form;
pub mod impact_dialog;
pub mod permission_picker;
pub mod state;
pub mod table;

use crate::WidgetEvent;
use crate::hooks::use_permissions;
use crate::list::{Frame, ListControls, LoadError, use_list_widget};
use crate::messages::{RoleMessages, count, fill};
use crate::props::WidgetProps;
use crate::roles::delete_dialog::RoleDeleteDialog;
use crate::roles::form::{RoleForm, RoleFormMode};
use crate::roles::state::{Deleted, RoleQuery, RoleRow, removed_permissions};
use crate::roles::table::{RoleAction, RoleTableProps, role_table};
use crate::ui::list_parts::{bulk_button, search_and_create};
use crate::ui::notice::Notice;
use tenantkit_wire::role::Role;
use yew::prelude::*;

/// Settings of [`RoleManagement`]: the ones every widget takes.
pub type RoleManagementProps = WidgetProps;

/// The dialog on top of the widget, if any.
#[derive(Debug, Clone, PartialEq, Default)]
enum Dialog {
    #[default]
    Closed,
    Form(RoleFormMode),
    Delete(Vec<RoleRow>),
}

/// Lists and manages the roles of one tenant.
#[component]
pub fn RoleManagement(props: &RoleManagementProps) -> Html {
    let messages = crate::i18n::use_messages();
    let roles = &messages.roles;
    let widget = use_list_widget::<RoleQuery, Dialog>(props);
    let permissions = use_permissions(
        widget.target.clone(),
        props.refresh,
        widget.first_page_shown,
    );
    let ui = &widget.ui;
    let _state = &widget.list;
    let ListControls { onsearch, .. } = widget.controls();
    let onaction = widget.opener(|(row, action): (RoleRow, RoleAction)| match action {
        RoleAction::Edit => Dialog::Form(RoleFormMode::Edit(row)),
        RoleAction::Duplicate => Dialog::Form(RoleFormMode::Duplicate(row)),
        RoleAction::Delete => Dialog::Delete(vec![row]),
    });
    let oncreate = widget.opener(|_: MouseEvent| Dialog::Form(RoleFormMode::Create));
    let selected = widget.selected_rows();
    let ondeleteselected = {
        let selected = selected.clone();
        let widget = widget.clone();
        Callback::from(move |_: MouseEvent| {
            if !selected.is_empty() {
                widget.open(Dialog::Delete(selected.clone()));
            }
        })
    };
    let close_dialog = {
        let widget = widget.clone();
        Callback::from(move |()| widget.close())
    };
    let onsaved = {
        let widget = widget.clone();
        Callback::from(move |role: Role| {
            let (event, text) = saved(&widget.ui.dialog, &role, roles);
            widget.emit(event);
            widget.changed(Notice::success(text));
        })
    };
    let ondeleted = {
        let widget = widget.clone();
        Callback::from(move |(names, deleted): (Vec<String>, Deleted)| {
            let mut text = match names.as_slice() {
                [name] => fill(roles.done_delete_one, "role", name),
                names => fill(roles.done_delete_many, "count", &names.len().to_string()),
            };
            if deleted.users > 0 || deleted.access_keys > 0 {
                text.push(' ');
                text.push_str(&holders_removed(&deleted, roles));
            }
            widget.unselect(names.clone());
            widget.emit(WidgetEvent::RolesDeleted {
                names,
                users_affected: deleted.users,
                access_keys_affected: deleted.access_keys,
            });
            widget.changed(Notice::success(text));
        })
    };
    let ondeletefailed = {
        let widget = widget.clone();
        Callback::from(move |error: LoadError| widget.failed_with(roles.delete_failed, error))
    };

    let dialog = match (&ui.dialog, &widget.target) {
        (Dialog::Closed, _) | (_, Err(_)) => Html::default(),
        (Dialog::Form(mode), Ok(target)) => html! {
            <RoleForm target={target.clone()} mode={mode.clone()} permissions={permissions.clone()}
                {onsaved} onclose={close_dialog.clone()} />
        },
        (Dialog::Delete(rows), Ok(target)) => html! {
            <RoleDeleteDialog target={target.clone()} roles={rows.clone()} {ondeleted}
                onfailed={ondeletefailed} onclose={close_dialog.clone()} />
        },
    };
    widget.render(Frame {
        class: "tk-role-management",
        list: &roles.list,
        tenant: props.tenant_name(),
        toolbar: search_and_create(&roles.list, onsearch, roles.create_role, oncreate),
        bulk: bulk_button(roles.action_delete, true, ondeleteselected),
        table: &|list| {
            role_table(
                &RoleTableProps {
                    list,
                    onaction: onaction.clone(),
                },
                messages,
            )
        },
        dialog,
    })
}

/// The event and the notice for a role the form saved.
fn saved(dialog: &Dialog, role: &Role, roles: &RoleMessages) -> (WidgetEvent, String) {
    match dialog {
        Dialog::Form(RoleFormMode::Edit(before)) => (
            WidgetEvent::RoleUpdated {
                name: role.name.clone(),
                previous_name: before.name.clone(),
                permission_names: role.permission_names.clone(),
                permissions_removed: removed_permissions(
                    &before.permissions,
                    &role.permission_names.iter().cloned().collect(),
                ),
            },
            fill(roles.done_update, "role", &role.name),
        ),
        Dialog::Form(RoleFormMode::Duplicate(source)) => (
            WidgetEvent::RoleCreated {
                name: role.name.clone(),
                permission_names: role.permission_names.clone(),
                duplicated_from: Some(source.name.clone()),
            },
            fill(
                &fill(roles.done_duplicate, "role", &role.name),
                "source",
                &source.name,
            ),
        ),
        _ => (
            WidgetEvent::RoleCreated {
                name: role.name.clone(),
                permission_names: role.permission_names.clone(),
                duplicated_from: None,
            },
            fill(roles.done_create, "role", &role.name),
        ),
    }
}

/// "Removed from 3 users and 1 access key."
fn holders_removed(deleted: &Deleted, roles: &RoleMessages) -> String {
    let users = count(deleted.users, roles.users_one, roles.users_other);
    let keys = count(deleted.access_keys, roles.keys_one, roles.keys_other);
    fill(&fill(roles.holders_removed, "users", &users), "keys", &keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::ENGLISH;

    #[test]
    fn the_notice_names_users_and_access_keys() {
        let deleted = Deleted {
            users: 3,
            access_keys: 1,
        };
        assert_eq!(
            holders_removed(&deleted, &ENGLISH.roles),
            "Removed from 3 users and 1 access key."
        );
    }
}
