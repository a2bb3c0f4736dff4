//! `<RoleManagement>`: the tenant's roles and the project's, with loading, empty, error,
//! expired-session and missing-settings states; search, sort and pages; create, edit (rename
//! too), duplicate and delete (several at once), each change that takes something away confirmed
//! with its impact first.
//!
//! This component owns the UI state (query, selection, open dialog, notice) and wires the other
//! components together, like [`crate::users`]. Requests run in
//! [`crate::hooks`] and [`actions`].

pub mod actions;
pub mod delete_dialog;
pub mod form;
pub mod impact_dialog;
pub mod permission_picker;
pub mod state;
pub mod table;

use crate::WidgetEvent;
use crate::hooks::{use_permissions, use_ready_event, use_target};
use crate::list::{ListControls, list_controls, use_list};
use crate::list::{ListState, LoadError};
use crate::messages::{ENGLISH, Messages, RoleMessages, count, fill};
use crate::props::WidgetProps;
use crate::roles::delete_dialog::RoleDeleteDialog;
use crate::roles::form::{RoleForm, RoleFormMode};
use crate::roles::state::{Deleted, RoleQuery, RoleRow, RoleSortColumn, removed_permissions};
use crate::roles::table::{RoleAction, RoleTable};
use crate::ui::list_parts::{WidgetHeader, announcement, count_label, list_panel};
use crate::ui::notice::{Notice, NoticeBar};
use crate::ui::pagination::Pagination;
use crate::ui::search_box::SearchBox;
use std::collections::BTreeSet;
use std::rc::Rc;
use tenantkit_wire::role::Role;
use yew::prelude::*;

/// Settings of [`RoleManagement`]: the ones every widget takes.
pub type RoleManagementProps = WidgetProps;

/// The dialog on top of the widget, if any.
#[derive(Debug, Clone, PartialEq)]
enum Dialog {
    Closed,
    Form(RoleFormMode),
    Delete(Vec<RoleRow>),
}

/// Lists and manages the roles of one tenant.
#[component]
pub fn RoleManagement(props: &RoleManagementProps) -> Html {
    let messages = &ENGLISH;
    let roles = &messages.roles;
    let target = use_target(props);
    let query = use_state(RoleQuery::default);
    let reload = use_state(|| 0_u64);
    let selection = use_state(|| Rc::new(BTreeSet::<String>::new()));
    let open_menu = use_state(|| None::<String>);
    let dialog = use_state(|| Dialog::Closed);
    let notice = use_state(|| None::<Notice>);
    // Both counters only grow, so their sum changes whenever either does.
    let state = use_list(
        target.clone(),
        (*query).clone(),
        *reload + props.refresh,
        props.on_event.clone(),
    );
    let permissions = use_permissions(target.clone(), props.refresh);
    use_ready_event(state.loaded_count(), props.on_event.clone());
    let on_event = props.on_event.clone();
    let page_rows: Rc<[RoleRow]> = state.rows();

    let ListControls {
        onsearch,
        onsort,
        onpage,
        onpagesize,
        onselect,
        onselectall,
        onclearselection,
    } = list_controls(
        &query,
        &selection,
        page_rows
            .iter()
            .filter(|row| row.editable)
            .map(|row| row.name.clone())
            .collect(),
    );
    let onmenu = {
        let open_menu = open_menu.clone();
        Callback::from(move |key: Option<String>| open_menu.set(key))
    };
    let close_dialog = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(Dialog::Closed))
    };
    let after_change = {
        let reload = reload.clone();
        move || reload.set(*reload + 1)
    };
    let onaction = {
        let dialog = dialog.clone();
        Callback::from(move |(row, action): (RoleRow, RoleAction)| {
            dialog.set(match action {
                RoleAction::Edit => Dialog::Form(RoleFormMode::Edit(row)),
                RoleAction::Duplicate => Dialog::Form(RoleFormMode::Duplicate(row)),
                RoleAction::Delete => Dialog::Delete(vec![row]),
            })
        })
    };
    let oncreate = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(Dialog::Form(RoleFormMode::Create)))
    };
    let ondeleteselected = {
        let dialog = dialog.clone();
        let selection = selection.clone();
        let page_rows = page_rows.clone();
        Callback::from(move |_: MouseEvent| {
            let rows: Vec<RoleRow> = page_rows
                .iter()
                .filter(|row| row.editable && selection.contains(&row.name))
                .cloned()
                .collect();
            if !rows.is_empty() {
                dialog.set(Dialog::Delete(rows));
            }
        })
    };
    let onsaved = {
        let dialog = dialog.clone();
        let notice = notice.clone();
        let on_event = on_event.clone();
        let after_change = after_change.clone();
        Callback::from(move |role: Role| {
            let (event, text) = match &*dialog {
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
            };
            on_event.emit(event);
            notice.set(Some(Notice::success(text)));
            dialog.set(Dialog::Closed);
            after_change();
        })
    };
    let ondeleted = {
        let dialog = dialog.clone();
        let notice = notice.clone();
        let selection = selection.clone();
        let on_event = on_event.clone();
        let after_change = after_change.clone();
        Callback::from(move |(names, deleted): (Vec<String>, Deleted)| {
            let mut text = match names.as_slice() {
                [name] => fill(roles.done_delete_one, "role", name),
                names => fill(roles.done_delete_many, "count", &names.len().to_string()),
            };
            if deleted.users > 0 || deleted.access_keys > 0 {
                text.push(' ');
                text.push_str(&holders_removed(&deleted, roles));
            }
            let mut still_selected = (**selection).clone();
            for name in &names {
                still_selected.remove(name);
            }
            selection.set(Rc::new(still_selected));
            on_event.emit(WidgetEvent::RolesDeleted {
                names,
                users_affected: deleted.users,
                access_keys_affected: deleted.access_keys,
            });
            notice.set(Some(Notice::success(text)));
            dialog.set(Dialog::Closed);
            after_change();
        })
    };
    let ondeletefailed = {
        let dialog = dialog.clone();
        let notice = notice.clone();
        let on_event = on_event.clone();
        Callback::from(move |error: LoadError| {
            on_event.emit(WidgetEvent::Error {
                message: error.message.clone(),
                status: error.status,
            });
            notice.set(Some(Notice::failure(format!(
                "{} {}",
                roles.delete_failed, error.message
            ))));
            dialog.set(Dialog::Closed);
        })
    };
    let ondismiss = {
        let notice = notice.clone();
        Callback::from(move |()| notice.set(None))
    };

    let tenant = props.tenant_name();
    let live = match &*notice {
        Some(notice) => notice.text.clone(),
        None => announcement(&state, &roles.list, messages),
    };
    let selected_count = page_rows
        .iter()
        .filter(|row| row.editable && selection.contains(&row.name))
        .count();
    let dialog_html = match (&*dialog, &target) {
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
    let configured = target.is_ok();
    html! {
        <section class="tk-widget tk-role-management" part="base" aria-labelledby="tk-title">
            <WidgetHeader title={roles.list.title} tenant={tenant.map(AttrValue::from)}
                count={count_label(&state, &roles.list)} />
            <p class="tk-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
                { live }
            </p>
            if configured && !matches!(&*state, ListState::SessionExpired) {
                <div class="tk-toolbar" part="toolbar">
                    <SearchBox label={roles.list.search_label} placeholder={roles.list.search_placeholder} {onsearch} />
                    <span class="tk-toolbar-spacer"></span>
                    <button type="button" class="tk-button tk-button--primary" part="button create-button" onclick={oncreate}>
                        { roles.create_role }
                    </button>
                </div>
            }
            if let Some(notice) = &*notice {
                <NoticeBar notice={notice.clone()} {ondismiss} />
            }
            if selected_count > 0 {
                <div class="tk-bulk-bar" part="bulk-bar" role="toolbar" aria-label={messages.bulk_label}>
                    <span class="tk-bulk-count">{ fill(messages.selected_count, "count", &selected_count.to_string()) }</span>
                    <button type="button" class="tk-button tk-button--small tk-button--danger-outline"
                        part="button bulk-button" onclick={ondeleteselected}>{ roles.action_delete }</button>
                    <button type="button" class="tk-link-button" part="button" onclick={onclearselection}>{ messages.clear_selection }</button>
                </div>
            }
            <div class="tk-body" aria-busy={state.is_refreshing().to_string()}>
                { body(&state, &query, tenant.unwrap_or_default(), messages, TableCallbacks {
                    selection: (*selection).clone(),
                    open_menu: (*open_menu).clone(),
                    onsort, onselect, onselectall, onmenu, onaction,
                }) }
            </div>
            if let (Some(total), true) = (state.total(), state.total().is_some_and(|t| t > 0)) {
                <Pagination page={query.page} page_size={query.page_size} {total} rows={page_rows.len()}
                    {onpage} {onpagesize} />
            }
            { dialog_html }
        </section>
    }
}

/// "Removed from 3 users and 1 access key."
fn holders_removed(deleted: &Deleted, roles: &RoleMessages) -> String {
    let users = count(deleted.users, roles.users_one, roles.users_other);
    let keys = count(deleted.access_keys, roles.keys_one, roles.keys_other);
    fill(&fill(roles.holders_removed, "users", &users), "keys", &keys)
}

/// What the table needs from the widget besides its rows.
struct TableCallbacks {
    selection: Rc<BTreeSet<String>>,
    open_menu: Option<String>,
    onsort: Callback<RoleSortColumn>,
    onselect: Callback<(String, bool)>,
    onselectall: Callback<bool>,
    onmenu: Callback<Option<String>>,
    onaction: Callback<(RoleRow, RoleAction)>,
}

fn body(
    state: &ListState<RoleRow>,
    query: &RoleQuery,
    tenant: &str,
    messages: &Messages,
    table: TableCallbacks,
) -> Html {
    let list = &messages.roles.list;
    if let Some(panel) = list_panel(state, query.is_filtered(), list, messages) {
        return panel;
    }
    html! {
        <RoleTable
            rows={state.rows()}
            caption={AttrValue::from(fill(list.table_caption, "tenant", tenant))}
            sort={query.sort}
            selected={table.selection}
            open_menu={table.open_menu}
            onsort={table.onsort}
            onselect={table.onselect}
            onselectall={table.onselectall}
            onmenu={table.onmenu}
            onaction={table.onaction}
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
