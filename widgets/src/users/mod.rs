//! `<UserManagement>`: the tenant's users, with loading, empty, error, expired-session and
//! missing-settings states; search, filters, sort and pages; create and edit dialogs; a menu of
//! actions per user; bulk actions on the selection; CSV export.
//!
//! This component owns the UI state (query, selection, open dialog, notice) and wires the other
//! components together. Requests run in [`crate::hooks`] and [`actions`].

pub mod actions;
pub mod bulk_bar;
pub mod form;
pub mod row_actions;
pub mod state;
pub mod table;
pub mod toolbar;

use crate::WidgetEvent;
use crate::csv;
use crate::events::UserEventKind;
use crate::hooks::{use_ready_event, use_target, use_tenant_roles};
use crate::list::LoadError;
use crate::list::use_list;
use crate::messages::{ENGLISH, Messages, fill};
use crate::props::WidgetProps;
use crate::ui::confirm_dialog::ConfirmDialog;
use crate::ui::list_parts::{WidgetHeader, announcement, count_label, list_panel};
use crate::ui::notice::{Notice, NoticeBar};
use crate::ui::pagination::Pagination;
use crate::ui::secret_dialog::SecretDialog;
use crate::users::actions::{ActionOutcome, BulkAction, BulkReport, RowAction};
use crate::users::bulk_bar::BulkBar;
use crate::users::form::{FormMode, UserForm};
use crate::users::table::UserTable;
use crate::users::toolbar::Toolbar;
use state::{SortColumn, UserListState, UserQuery, UserRow};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use tenantkit_wire::{Secret, User, UserId, UserStatus};
use yew::platform::spawn_local;
use yew::prelude::*;

/// Settings of [`UserManagement`]: the ones every widget takes.
pub type UserManagementProps = WidgetProps;

/// The dialog on top of the widget, if any.
#[derive(Debug, Clone, PartialEq)]
enum Dialog {
    Closed,
    Form(FormMode),
    ConfirmRow(RowAction, UserRow),
    ConfirmBulk(BulkAction, Vec<UserRow>),
    /// A temporary password, shown once: closing the dialog drops it.
    Password {
        login_id: String,
        password: Secret,
    },
}

fn user_event(
    kind: UserEventKind,
    login_id: &str,
    user_id: &UserId,
    status: Option<UserStatus>,
) -> WidgetEvent {
    WidgetEvent::User {
        kind,
        login_id: login_id.to_owned(),
        user_id: user_id.as_str().to_owned(),
        status: status.map(UserStatus::as_str),
    }
}

fn error_event(error: &LoadError) -> WidgetEvent {
    WidgetEvent::Error {
        message: error.message.clone(),
        status: error.status,
    }
}

/// The text of a bulk report: "Disabled 3 users." or "2 done, 1 failed".
fn bulk_summary(report: &BulkReport, messages: &Messages) -> String {
    if report.failed.is_empty() {
        fill(
            messages.bulk_done_all,
            "users",
            &actions::users_count(messages, report.done.len()),
        )
    } else {
        let text = fill(
            messages.bulk_done_some,
            "done",
            &report.done.len().to_string(),
        );
        fill(&text, "failed", &report.failed.len().to_string())
    }
}

/// Lists and manages the users of one tenant.
#[component]
pub fn UserManagement(props: &UserManagementProps) -> Html {
    let messages = &ENGLISH;
    let target = use_target(props);
    let query = use_state(UserQuery::default);
    let reload = use_state(|| 0_u64);
    // Bumped when a form opens, so it offers roles created meanwhile (in the role widget, say).
    let roles_reload = use_state(|| 0_u64);
    let selection = use_state(|| Rc::new(BTreeSet::<UserId>::new()));
    let open_menu = use_state(|| None::<UserId>);
    let dialog = use_state(|| Dialog::Closed);
    let busy = use_state(|| false);
    let notice = use_state(|| None::<Notice>);
    let exporting = use_state(|| false);
    // Both counters only grow, so their sum changes whenever either does.
    let state = use_list(
        target.clone(),
        (*query).clone(),
        *reload + props.refresh,
        props.on_event.clone(),
    );
    use_ready_event(state.loaded_count(), props.on_event.clone());
    let seen_roles: Vec<String> = state
        .rows()
        .iter()
        .flat_map(|row| row.roles.iter().cloned())
        .collect();
    let roles = use_tenant_roles(target.clone(), seen_roles, *roles_reload + props.refresh);
    let on_event = props.on_event.clone();

    // Changing the filter or sort goes back to page 1 and clears the selection.
    let set_query = {
        let query = query.clone();
        let selection = selection.clone();
        move |change: Box<dyn Fn(&mut UserQuery)>| {
            let mut next = (*query).clone();
            change(&mut next);
            if next != *query {
                selection.set(Rc::new(BTreeSet::new()));
                query.set(next);
            }
        }
    };
    let onsearch = {
        let set_query = set_query.clone();
        Callback::from(move |text: String| {
            set_query(Box::new(move |q| {
                if q.text != text {
                    q.text = text.clone();
                    q.page = 0;
                }
            }))
        })
    };
    let onstatus = {
        let set_query = set_query.clone();
        Callback::from(move |status: Option<UserStatus>| {
            set_query(Box::new(move |q| {
                q.status = status;
                q.page = 0;
            }))
        })
    };
    let onrole = {
        let set_query = set_query.clone();
        Callback::from(move |role: Option<String>| {
            set_query(Box::new(move |q| {
                q.role = role.clone();
                q.page = 0;
            }))
        })
    };
    let onsort = {
        let set_query = set_query.clone();
        Callback::from(move |column: SortColumn| {
            set_query(Box::new(move |q| {
                q.sort = match q.sort {
                    Some((sorted, false)) if sorted == column => Some((column, true)),
                    Some((sorted, true)) if sorted == column => None,
                    _ => Some((column, false)),
                };
                q.page = 0;
            }))
        })
    };
    let onpage = {
        let set_query = set_query.clone();
        Callback::from(move |page: u32| set_query(Box::new(move |q| q.page = page)))
    };
    let onpagesize = {
        let set_query = set_query.clone();
        Callback::from(move |size: u32| {
            set_query(Box::new(move |q| {
                q.page_size = size;
                q.page = 0;
            }))
        })
    };
    let onselect = {
        let selection = selection.clone();
        Callback::from(move |(user_id, selected): (UserId, bool)| {
            let mut next = (**selection).clone();
            if selected {
                next.insert(user_id);
            } else {
                next.remove(&user_id);
            }
            selection.set(Rc::new(next));
        })
    };
    let page_rows: Rc<[UserRow]> = state.rows();
    let onselectall = {
        let selection = selection.clone();
        let page_rows = page_rows.clone();
        Callback::from(move |select: bool| {
            let mut next = (**selection).clone();
            for row in page_rows.iter() {
                if select {
                    next.insert(row.user_id.clone());
                } else {
                    next.remove(&row.user_id);
                }
            }
            selection.set(Rc::new(next));
        })
    };
    let onclearselection = {
        let selection = selection.clone();
        Callback::from(move |()| selection.set(Rc::new(BTreeSet::new())))
    };
    let onmenu = {
        let open_menu = open_menu.clone();
        Callback::from(move |user: Option<UserId>| open_menu.set(user))
    };
    let close_dialog = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(Dialog::Closed))
    };
    let after_change = {
        let reload = reload.clone();
        move || reload.set(*reload + 1)
    };

    let run_row = {
        let target = target.clone();
        let dialog = dialog.clone();
        let busy = busy.clone();
        let notice = notice.clone();
        let on_event = on_event.clone();
        let after_change = after_change.clone();
        Callback::from(move |(action, row): (RowAction, UserRow)| {
            let Ok(target) = target.clone() else { return };
            busy.set(true);
            let dialog = dialog.clone();
            let busy = busy.clone();
            let notice = notice.clone();
            let on_event = on_event.clone();
            let after_change = after_change.clone();
            spawn_local(async move {
                let result = actions::run_row(&target, action, &row).await;
                busy.set(false);
                match result {
                    Ok(outcome) => {
                        let status = match action {
                            RowAction::Enable => Some(UserStatus::Enabled),
                            RowAction::Disable => Some(UserStatus::Disabled),
                            _ => None,
                        };
                        on_event.emit(user_event(
                            action.event(),
                            &row.login_id,
                            &row.user_id,
                            status,
                        ));
                        notice.set(Some(Notice::success(fill(
                            action.done(messages),
                            "user",
                            &row.login_id,
                        ))));
                        match outcome {
                            ActionOutcome::TemporaryPassword(password) => {
                                dialog.set(Dialog::Password {
                                    login_id: row.login_id.clone(),
                                    password,
                                })
                            }
                            ActionOutcome::Done => dialog.set(Dialog::Closed),
                        }
                        after_change();
                    }
                    Err(error) => {
                        let error = LoadError::from(&error);
                        on_event.emit(error_event(&error));
                        let text = fill(messages.action_failed, "user", &row.login_id);
                        notice.set(Some(Notice::failure(format!("{text} {}", error.message))));
                        dialog.set(Dialog::Closed);
                    }
                }
            });
        })
    };
    let onaction = {
        let dialog = dialog.clone();
        let roles_reload = roles_reload.clone();
        let run_row = run_row.clone();
        Callback::from(
            move |(row, action): (UserRow, Option<RowAction>)| match action {
                None => {
                    roles_reload.set(*roles_reload + 1);
                    dialog.set(Dialog::Form(FormMode::Edit(row)))
                }
                Some(action) if action.needs_confirmation() => {
                    dialog.set(Dialog::ConfirmRow(action, row))
                }
                Some(action) => run_row.emit((action, row)),
            },
        )
    };
    let run_bulk = {
        let target = target.clone();
        let dialog = dialog.clone();
        let busy = busy.clone();
        let notice = notice.clone();
        let selection = selection.clone();
        let on_event = on_event.clone();
        let after_change = after_change.clone();
        Callback::from(move |(action, rows): (BulkAction, Vec<UserRow>)| {
            let Ok(target) = target.clone() else { return };
            busy.set(true);
            let dialog = dialog.clone();
            let busy = busy.clone();
            let notice = notice.clone();
            let selection = selection.clone();
            let on_event = on_event.clone();
            let after_change = after_change.clone();
            spawn_local(async move {
                let report = actions::run_bulk(&target, &action, &rows, messages).await;
                busy.set(false);
                dialog.set(Dialog::Closed);
                on_event.emit(WidgetEvent::BulkActionCompleted {
                    action: action.name(),
                    succeeded: report.done.iter().map(|row| row.login_id.clone()).collect(),
                    failed: report.failed.iter().map(|f| f.login_id.clone()).collect(),
                });
                let mut still_selected = BTreeSet::new();
                for failure in &report.failed {
                    if let Some(row) = rows.iter().find(|row| row.login_id == failure.login_id) {
                        still_selected.insert(row.user_id.clone());
                    }
                }
                selection.set(Rc::new(still_selected));
                notice.set(Some(Notice {
                    text: bulk_summary(&report, messages),
                    error: !report.failed.is_empty(),
                    details: report
                        .failed
                        .iter()
                        .map(|failure| {
                            let line = fill(messages.bulk_failure, "user", &failure.login_id);
                            fill(&line, "reason", &failure.message)
                        })
                        .collect(),
                }));
                after_change();
            });
        })
    };
    let onbulk = {
        let dialog = dialog.clone();
        let selection = selection.clone();
        let page_rows = page_rows.clone();
        Callback::from(move |action: BulkAction| {
            let rows: Vec<UserRow> = page_rows
                .iter()
                .filter(|row| selection.contains(&row.user_id))
                .cloned()
                .collect();
            if !rows.is_empty() {
                dialog.set(Dialog::ConfirmBulk(action, rows));
            }
        })
    };
    let oncreate = {
        let dialog = dialog.clone();
        let roles_reload = roles_reload.clone();
        Callback::from(move |()| {
            roles_reload.set(*roles_reload + 1);
            dialog.set(Dialog::Form(FormMode::Create))
        })
    };
    // A refused create or edit is shown in the form and reported to the page.
    let form_error = {
        let on_event = props.on_event.clone();
        Callback::from(move |error: LoadError| on_event.emit(error_event(&error)))
    };
    let onsaved = {
        let dialog = dialog.clone();
        let notice = notice.clone();
        let on_event = on_event.clone();
        let after_change = after_change.clone();
        Callback::from(move |user: User| {
            let creating = matches!(&*dialog, Dialog::Form(FormMode::Create));
            let login_id = user
                .login_ids
                .first()
                .map(|id| id.as_str().to_owned())
                .unwrap_or_default();
            let (kind, template) = if creating {
                (UserEventKind::Created, messages.done_create)
            } else {
                (UserEventKind::Updated, messages.done_update)
            };
            on_event.emit(user_event(kind, &login_id, &user.user_id, None));
            notice.set(Some(Notice::success(fill(template, "user", &login_id))));
            dialog.set(Dialog::Closed);
            after_change();
        })
    };
    let onexport = {
        let target = target.clone();
        let query = query.clone();
        let exporting = exporting.clone();
        let notice = notice.clone();
        let on_event = on_event.clone();
        Callback::from(move |()| {
            let Ok(target) = target.clone() else { return };
            if *exporting {
                return;
            }
            exporting.set(true);
            let query = (*query).clone();
            let exporting = exporting.clone();
            let notice = notice.clone();
            let on_event = on_event.clone();
            spawn_local(async move {
                let result = csv::export(&target, &query).await;
                exporting.set(false);
                match result {
                    Ok((text, count, total)) => {
                        let file = format!("users-{}.csv", target.tenant.as_str());
                        if csv::download(&text, &file).is_ok() {
                            on_event.emit(WidgetEvent::Exported { count, total });
                            let said = if (count as u64) < total {
                                fill(
                                    &fill(messages.exported_capped, "count", &count.to_string()),
                                    "total",
                                    &total.to_string(),
                                )
                            } else {
                                fill(
                                    messages.exported,
                                    "users",
                                    &actions::users_count(messages, count),
                                )
                            };
                            notice.set(Some(Notice::success(said)));
                        } else {
                            notice.set(Some(Notice::failure(messages.export_failed.to_owned())));
                        }
                    }
                    Err(error) => {
                        let error = LoadError::from(&error);
                        on_event.emit(error_event(&error));
                        notice.set(Some(Notice::failure(format!(
                            "{} {}",
                            messages.export_failed, error.message
                        ))));
                    }
                }
            });
        })
    };
    let ondismiss = {
        let notice = notice.clone();
        Callback::from(move |()| notice.set(None))
    };

    let tenant = props.tenant_name();
    let total = state.total();
    let refreshing = state.is_refreshing();
    let live = match &*notice {
        Some(notice) => notice.text.clone(),
        None => announcement(&state, &messages.users, messages),
    };
    let selected_count = page_rows
        .iter()
        .filter(|row| selection.contains(&row.user_id))
        .count();

    let dialog_html = match (&*dialog, &target) {
        (Dialog::Closed, _) | (_, Err(_)) => Html::default(),
        (Dialog::Form(mode), Ok(target)) => html! {
            <UserForm target={target.clone()} mode={mode.clone()} roles={roles.names.clone()}
                locked_roles={roles.locked.clone()}
                onsaved={onsaved.clone()} onclose={close_dialog.clone()}
                onerror={form_error.clone()} />
        },
        (Dialog::ConfirmRow(action, row), Ok(_)) => {
            let onconfirm = {
                let run_row = run_row.clone();
                let (action, row) = (*action, row.clone());
                Callback::from(move |()| run_row.emit((action, row.clone())))
            };
            html! {
                <ConfirmDialog
                    question={fill(action.question(messages), "user", &row.login_id)}
                    confirm_label={action.label(messages)}
                    danger={matches!(action, RowAction::Delete | RowAction::RemoveFromTenant)}
                    busy={*busy} {onconfirm} onclose={close_dialog.clone()} />
            }
        }
        (Dialog::ConfirmBulk(action, rows), Ok(_)) => {
            let onconfirm = {
                let run_bulk = run_bulk.clone();
                let (action, rows) = (action.clone(), rows.clone());
                Callback::from(move |()| run_bulk.emit((action.clone(), rows.clone())))
            };
            html! {
                <ConfirmDialog
                    question={action.question(messages, rows.len())}
                    confirm_label={messages.confirm}
                    danger={matches!(action, BulkAction::Delete | BulkAction::RemoveFromTenant)}
                    busy={*busy} {onconfirm} onclose={close_dialog.clone()} />
            }
        }
        (Dialog::Password { login_id, password }, Ok(_)) => html! {
            <SecretDialog title={messages.password_title} intro={fill(messages.password_intro, "user", login_id)}
                label={messages.password_label} part="temporary-password" warning={messages.password_warning}
                copy_failed={messages.copy_failed} secret={password.clone()} onclose={close_dialog.clone()} />
        },
    };

    let configured = target.is_ok();
    html! {
        <section class="tk-widget tk-user-management" part="base" aria-labelledby="tk-title">
            <WidgetHeader title={messages.users.title} tenant={tenant.map(AttrValue::from)}
                count={count_label(&state, &messages.users)} />
            <p class="tk-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
                { live }
            </p>
            if configured && !matches!(&*state, UserListState::SessionExpired) {
                <Toolbar status={query.status} role={query.role.clone()} roles={roles.names.clone()}
                    exporting={*exporting} {onsearch} {onstatus} {onrole} {onexport} {oncreate} />
            }
            if let Some(notice) = &*notice {
                <NoticeBar notice={notice.clone()} {ondismiss} />
            }
            if selected_count > 0 {
                <BulkBar count={selected_count} roles={roles.names.clone()} locked={roles.locked.clone()} onaction={onbulk} onclear={onclearselection} />
            }
            <div class="tk-body" aria-busy={refreshing.to_string()}>
                { body(&state, &query, tenant.unwrap_or_default(), messages, &TableCallbacks {
                    selection: (*selection).clone(),
                    open_menu: (*open_menu).clone(),
                    onsort, onselect, onselectall, onmenu, onaction,
                    locked: roles.locked.clone(),
                }) }
            </div>
            if let (UserListState::Loaded { rows, total, .. }, true) = (&*state, total.is_some_and(|t| t > 0)) {
                <Pagination page={query.page} page_size={query.page_size} total={*total} rows={rows.len()}
                    {onpage} {onpagesize} />
            }
            { dialog_html }
        </section>
    }
}

/// What the table needs from the widget besides its rows.
struct TableCallbacks {
    selection: Rc<BTreeSet<UserId>>,
    open_menu: Option<UserId>,
    onsort: Callback<SortColumn>,
    onselect: Callback<(UserId, bool)>,
    onselectall: Callback<bool>,
    onmenu: Callback<Option<UserId>>,
    onaction: Callback<(UserRow, Option<RowAction>)>,
    locked: Rc<BTreeMap<String, Vec<String>>>,
}

fn body(
    state: &UserListState,
    query: &UserQuery,
    tenant: &str,
    messages: &Messages,
    table: &TableCallbacks,
) -> Html {
    if let Some(panel) = list_panel(state, query.is_filtered(), &messages.users, messages) {
        return panel;
    }
    html! {
        <UserTable
            rows={state.rows()}
            caption={AttrValue::from(fill(messages.users.table_caption, "tenant", tenant))}
            sort={query.sort}
            selected={table.selection.clone()}
            open_menu={table.open_menu.clone()}
            onsort={table.onsort.clone()}
            onselect={table.onselect.clone()}
            onselectall={table.onselectall.clone()}
            onmenu={table.onmenu.clone()}
            onaction={table.onaction.clone()}
            locked={table.locked.clone()}
        />
    }
}
