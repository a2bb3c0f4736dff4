//! `<UserManagement>`: the tenant's users, with loading, empty, error, expired-session and
//! missing-settings states; search, filters, sort and pages; create and edit dialogs; a menu of
//! actions per user; bulk actions on the selection; CSV export.
//!
//! This component owns the UI state (query, selection, open dialog, notice) and wires the other
//! components together. Requests run in [`crate::hooks`] and [`actions`].

pub mod actions;
pub mod bulk_bar;
pub mod form;
pub mod grant_impact;
pub mod history;
pub mod import_dialog;
pub mod invitations;
pub mod invite_dialog;
pub mod matching_impact;
pub mod row_actions;
pub mod state;
pub mod table;
pub mod toolbar;

use crate::WidgetEvent;
use crate::csv;
use crate::events::UserEventKind;
use crate::hooks::use_tenant_roles;
use crate::list::{Frame, ListControls, ListUiAction, LoadError, Remote, use_list_widget};
use crate::messages::{Messages, fill};
use crate::props::WidgetProps;
use crate::roles::impact_dialog::ImpactConfirm;
use crate::ui::confirm_dialog::{Confirmation, confirm_dialog};
use crate::ui::notice::Notice;
use crate::ui::secret_dialog::SecretDialog;
use crate::users::actions::{ActionOutcome, BulkAction, BulkReport, RowAction};
use crate::users::bulk_bar::BulkBar;
use crate::users::form::{FormMode, UserForm};
use crate::users::grant_impact::{Holder, impact_text};
use crate::users::history::SignInHistory;
use crate::users::import_dialog::ImportDialog;
use crate::users::invitations::PendingInvitations;
use crate::users::invite_dialog::InviteDialog;
use crate::users::matching_impact::MatchingImpact;
use crate::users::table::{UserTableProps, user_table};
use crate::users::toolbar::Toolbar;
use state::{UserQuery, UserRow};
use tenantkit_wire::{PERMISSION_IMPERSONATE, Secret, TenantId, User, UserId, UserStatus};
use yew::prelude::*;

/// Settings of [`UserManagement`]: the ones every widget takes.
pub type UserManagementProps = WidgetProps;

/// The dialog on top of the widget, if any.
#[derive(Debug, Clone, PartialEq, Default)]
enum Dialog {
    #[default]
    Closed,
    Form(FormMode),
    ConfirmRow(RowAction, UserRow),
    ConfirmBulk(BulkAction, Vec<UserRow>),
    /// A bulk action on every user matching the list's search, and how many match.
    ConfirmMatching(BulkAction, u64),
    /// A user's sign-in history.
    History(UserRow),
    /// The pending invitations.
    Invitations,
    /// Invite several addresses.
    Invite,
    /// The CSV import.
    Import,
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

/// The notice after a bulk action on every match: counts, and each refused user.
fn matching_notice(job: &tenantkit_wire::jobs::Job, messages: &Messages) -> Notice {
    let counts = job.counts;
    let text = crate::messages::import::with_counts(messages.import.bulk_finished, counts);
    Notice {
        text,
        error: counts.error > 0,
        details: job
            .failures
            .iter()
            .map(|row| {
                let line = fill(messages.import.bulk_failure, "user", &row.login_id);
                fill(&line, "reason", &row.reason)
            })
            .collect(),
    }
}

/// Lists and manages the users of one tenant.
#[component]
pub fn UserManagement(props: &UserManagementProps) -> Html {
    let messages = crate::i18n::use_messages();
    let widget = use_list_widget::<UserQuery, Dialog>(props);
    let ui = &widget.ui;
    let state = &widget.list;
    let target = &widget.target;
    // Bumped when a form opens, so it offers roles created meanwhile (in the role widget, say).
    let roles_reload = use_state(|| 0_u64);
    let exporting = use_state(|| false);
    let seen_roles: Vec<String> = state
        .rows()
        .iter()
        .flat_map(|row| row.roles.iter().cloned())
        .collect();
    let roles = use_tenant_roles(
        target.clone(),
        seen_roles,
        *roles_reload + props.refresh,
        widget.first_page_shown,
    );

    let ListControls { onsearch, .. } = widget.controls();
    let onstatus = widget.query_callback(|q: &mut UserQuery, status: Option<UserStatus>| {
        q.status = status;
        q.page = 0;
    });
    let onrole = widget.query_callback(|q: &mut UserQuery, role: Option<String>| {
        q.role = role;
        q.page = 0;
    });
    let close_dialog = {
        let widget = widget.clone();
        Callback::from(move |()| widget.close())
    };

    let run_row = {
        let widget = widget.clone();
        Callback::from(move |(action, row): (RowAction, UserRow)| {
            let Ok(target) = widget.target.clone() else {
                return;
            };
            widget.busy(true);
            let request = {
                let row = row.clone();
                async move { actions::run_row(&target, action, &row).await }
            };
            let widget = widget.clone();
            widget.requests.clone().run(request, move |result| {
                widget.busy(false);
                match result {
                    Ok(outcome) => {
                        let status = match action {
                            RowAction::Enable => Some(UserStatus::Enabled),
                            RowAction::Disable => Some(UserStatus::Disabled),
                            _ => None,
                        };
                        if let Some(kind) = action.event() {
                            widget.emit(user_event(kind, &row.login_id, &row.user_id, status));
                        }
                        if let ActionOutcome::Impersonated(refresh_jwt) = &outcome {
                            widget.emit(WidgetEvent::Impersonated {
                                user_id: row.user_id.as_str().to_owned(),
                                login_id: row.login_id.clone(),
                                refresh_jwt: refresh_jwt.clone(),
                            });
                        }
                        widget.changed(Notice::success(fill(
                            action.done(messages),
                            "user",
                            &row.login_id,
                        )));
                        if let ActionOutcome::TemporaryPassword(password) = outcome {
                            widget.open(Dialog::Password {
                                login_id: row.login_id.clone(),
                                password,
                            });
                        }
                    }
                    Err(error) => {
                        widget.failed(&fill(messages.action_failed, "user", &row.login_id), &error)
                    }
                }
            });
        })
    };
    let onaction = {
        let widget = widget.clone();
        let roles_reload = roles_reload.clone();
        let run_row = run_row.clone();
        Callback::from(
            move |(row, action): (UserRow, Option<RowAction>)| match action {
                None => {
                    roles_reload.set(*roles_reload + 1);
                    widget.open(Dialog::Form(FormMode::Edit(row)))
                }
                Some(RowAction::SignInHistory) => widget.open(Dialog::History(row)),
                Some(action) if action.needs_confirmation() => {
                    widget.open(Dialog::ConfirmRow(action, row))
                }
                Some(action) => run_row.emit((action, row)),
            },
        )
    };
    let run_bulk = {
        let widget = widget.clone();
        Callback::from(move |(action, rows): (BulkAction, Vec<UserRow>)| {
            let Ok(target) = widget.target.clone() else {
                return;
            };
            widget.busy(true);
            let request = {
                let (action, rows) = (action.clone(), rows.clone());
                async move { actions::run_bulk(&target, &action, &rows, messages).await }
            };
            let widget = widget.clone();
            widget.requests.clone().run(request, move |report| {
                widget.busy(false);
                widget.emit(WidgetEvent::BulkActionCompleted {
                    action: action.name(),
                    succeeded: report.done.iter().map(|row| row.login_id.clone()).collect(),
                    failed: report.failed.iter().map(|f| f.login_id.clone()).collect(),
                });
                // The users it failed for stay selected, to try again.
                let failed: Vec<UserId> = report
                    .failed
                    .iter()
                    .filter_map(|failure| rows.iter().find(|row| row.login_id == failure.login_id))
                    .map(|row| row.user_id.clone())
                    .collect();
                widget.ui.dispatch(ListUiAction::ClearSelection);
                widget.ui.dispatch(ListUiAction::SelectAll(failed, true));
                widget.changed(Notice {
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
                });
            });
        })
    };
    let selected = widget.selected_rows();
    // "Select all N matching": offered once the whole page is selected and more users match.
    let matching = use_state(|| false);
    let total = state.total().unwrap_or(0);
    let page_rows = widget.rows().len();
    let all_on_page = page_rows > 0 && selected.len() == page_rows;
    let every_match = *matching && all_on_page;
    let onbulk = {
        let widget = widget.clone();
        let selected = selected.clone();
        Callback::from(move |action: BulkAction| {
            if every_match {
                widget.open(Dialog::ConfirmMatching(action, total));
            } else if !selected.is_empty() {
                widget.open(Dialog::ConfirmBulk(action, selected.clone()));
            }
        })
    };
    let onmatching = {
        let matching = matching.clone();
        Callback::from(move |_: MouseEvent| matching.set(!every_match))
    };
    let run_matching = {
        let widget = widget.clone();
        let matching = matching.clone();
        Callback::from(move |(action, count): (BulkAction, u64)| {
            let Ok(target) = widget.target.clone() else {
                return;
            };
            widget.busy(true);
            let filter = widget.ui.query.page_request();
            let request =
                async move { actions::run_on_every_match(&target, &action, filter, count).await };
            let (widget, matching) = (widget.clone(), matching.clone());
            widget.requests.clone().run(request, move |answer| {
                widget.busy(false);
                matching.set(false);
                widget.ui.dispatch(ListUiAction::ClearSelection);
                match answer {
                    Ok(job) => widget.changed(matching_notice(&job, messages)),
                    Err(error) => widget.failed(messages.import.bulk_failed, &error),
                }
            });
        })
    };
    let oncreate = {
        let widget = widget.clone();
        let roles_reload = roles_reload.clone();
        Callback::from(move |()| {
            roles_reload.set(*roles_reload + 1);
            widget.open(Dialog::Form(FormMode::Create))
        })
    };
    let onimport = {
        let widget = widget.clone();
        Callback::from(move |()| widget.open(Dialog::Import))
    };
    let close_import = {
        let widget = widget.clone();
        Callback::from(move |ran: bool| {
            if ran {
                widget.changed(Notice::success(messages.import.imported.to_owned()));
            } else {
                widget.close();
            }
        })
    };
    // A refused create or edit is shown in the form and reported to the page.
    let form_error = {
        let on_event = props.on_event.clone();
        Callback::from(move |error: LoadError| on_event.emit(error_event(&error)))
    };
    let onsaved = {
        let widget = widget.clone();
        Callback::from(move |user: User| {
            let creating = matches!(&widget.ui.dialog, Dialog::Form(FormMode::Create));
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
            widget.emit(user_event(kind, &login_id, &user.user_id, None));
            widget.changed(Notice::success(fill(template, "user", &login_id)));
        })
    };
    let onexport = {
        let widget = widget.clone();
        let exporting = exporting.clone();
        Callback::from(move |()| {
            let Ok(target) = widget.target.clone() else {
                return;
            };
            let file = format!("users-{}.csv", target.tenant.as_str());
            let query = widget.ui.query.clone();
            let request = async move { csv::export(&target, &query).await };
            csv::run_export(&widget, &exporting, file, request, |export| {
                let all = fill(
                    messages.exported,
                    "users",
                    &actions::users_count(messages, export.count),
                );
                (
                    WidgetEvent::Exported {
                        count: export.count,
                        total: export.total,
                    },
                    export.said(messages.exported_capped, all),
                )
            });
        })
    };

    let oninvitations = widget.opener(|()| Dialog::Invitations);
    let oninvite = {
        let widget = widget.clone();
        let roles_reload = roles_reload.clone();
        Callback::from(move |()| {
            roles_reload.set(*roles_reload + 1);
            widget.open(Dialog::Invite)
        })
    };
    // Invitation dialogs close with whether the user list changed.
    let close_invitations = {
        let widget = widget.clone();
        Callback::from(move |changed: bool| {
            widget.close();
            if changed {
                widget.reload();
            }
        })
    };

    let dialog = match (&ui.dialog, target) {
        (Dialog::Closed, _) | (_, Err(_)) => Html::default(),
        (Dialog::Form(mode), Ok(target)) => html! {
            <UserForm target={target.clone()} mode={mode.clone()} roles={roles.names.clone()}
                locked_roles={roles.locked.clone()} admin_roles={roles.admin_roles.clone()}
                onsaved={onsaved.clone()} onclose={close_dialog.clone()}
                onerror={form_error.clone()} />
        },
        (Dialog::ConfirmRow(action, row), Ok(_)) => {
            let onconfirm = {
                let run_row = run_row.clone();
                let (action, row) = (*action, row.clone());
                Callback::from(move |()| run_row.emit((action, row.clone())))
            };
            confirm_dialog(
                messages,
                Confirmation {
                    question: fill(action.question(messages), "user", &row.login_id).into(),
                    confirm_label: action.label(messages).into(),
                    danger: matches!(action, RowAction::Delete | RowAction::RemoveFromTenant),
                    busy: ui.busy,
                    onconfirm,
                    onclose: close_dialog.clone(),
                },
            )
        }
        (Dialog::ConfirmBulk(action, rows), Ok(_)) => {
            let onconfirm = {
                let run_bulk = run_bulk.clone();
                let (action, rows) = (action.clone(), rows.clone());
                Callback::from(move |()| run_bulk.emit((action.clone(), rows.clone())))
            };
            // Giving or taking a role: who gains or loses it first.
            let role_change = match action {
                BulkAction::AddRole(role) => Some((vec![role.clone()], Vec::new())),
                BulkAction::RemoveRole(role) => Some((Vec::new(), vec![role.clone()])),
                _ => None,
            };
            match role_change {
                Some((added, removed)) => {
                    let caller = props
                        .session_token
                        .as_ref()
                        .and_then(crate::claims::subject);
                    let holders: Vec<Holder<'_>> = rows
                        .iter()
                        .map(|row| Holder {
                            roles: &row.roles,
                            is_caller: caller.as_deref() == Some(row.user_id.as_str()),
                        })
                        .collect();
                    let text = impact_text(
                        &holders,
                        &added,
                        &removed,
                        &roles.admin_roles,
                        &messages.invitations,
                    );
                    html! {
                        <ImpactConfirm question={messages.invitations.impact_title}
                            text={Remote::Loaded(text)} confirm_label={messages.confirm}
                            busy={ui.busy} {onconfirm} onclose={close_dialog.clone()} />
                    }
                }
                None => confirm_dialog(
                    messages,
                    Confirmation {
                        question: action.question(messages, rows.len()).into(),
                        confirm_label: messages.confirm.into(),
                        danger: matches!(action, BulkAction::Delete | BulkAction::RemoveFromTenant),
                        busy: ui.busy,
                        onconfirm,
                        onclose: close_dialog.clone(),
                    },
                ),
            }
        }
        (Dialog::Invitations, Ok(target)) => html! {
            <PendingInvitations target={target.clone()} onclose={close_invitations.clone()} />
        },
        (Dialog::Invite, Ok(target)) => html! {
            <InviteDialog target={target.clone()} roles={roles.names.clone()}
                locked_roles={roles.locked.clone()} onclose={close_invitations.clone()} />
        },
        (Dialog::Import, Ok(target)) => html! {
            <ImportDialog target={target.clone()} onclose={close_import.clone()} />
        },
        // Giving or taking a role: the server counts who gains or loses it first.
        (
            Dialog::ConfirmMatching(
                action @ (BulkAction::AddRole(_) | BulkAction::RemoveRole(_)),
                count,
            ),
            Ok(target),
        ) => {
            let onconfirm = {
                let run_matching = run_matching.clone();
                let action = action.clone();
                Callback::from(move |count: u64| run_matching.emit((action.clone(), count)))
            };
            html! {
                <MatchingImpact target={target.clone()} filter={ui.query.page_request()}
                    action={action.clone()} count={*count} admin_roles={roles.admin_roles.clone()}
                    busy={ui.busy} {onconfirm} onclose={close_dialog.clone()} />
            }
        }
        (Dialog::ConfirmMatching(action, count), Ok(_)) => {
            let onconfirm = {
                let run_matching = run_matching.clone();
                let (action, count) = (action.clone(), *count);
                Callback::from(move |()| run_matching.emit((action.clone(), count)))
            };
            confirm_dialog(
                messages,
                Confirmation {
                    question: action
                        .question(messages, usize::try_from(*count).unwrap_or(usize::MAX))
                        .into(),
                    confirm_label: messages.confirm.into(),
                    danger: matches!(action, BulkAction::Delete | BulkAction::RemoveFromTenant),
                    busy: ui.busy,
                    onconfirm,
                    onclose: close_dialog.clone(),
                },
            )
        }
        (Dialog::History(row), Ok(target)) => html! {
            <SignInHistory target={target.clone()} row={row.clone()} onclose={close_dialog.clone()} />
        },
        (Dialog::Password { login_id, password }, Ok(_)) => html! {
            <SecretDialog title={messages.password_title} intro={fill(messages.password_intro, "user", login_id)}
                label={messages.password_label} part="temporary-password" warning={messages.password_warning}
                copy_failed={messages.copy_failed} secret={password.clone()} onclose={close_dialog.clone()} />
        },
    };

    let locked = roles.locked.clone();
    // Only a hint (the server decides): offered when the token lists `Impersonate` here.
    let impersonate = props.session_token.as_ref().is_some_and(|token| {
        crate::claims::holds(
            token,
            props.tenant.as_ref().map_or("", TenantId::as_str),
            PERMISSION_IMPERSONATE,
        )
        .unwrap_or(false)
    });
    widget.render(Frame {
        class: "tk-user-management",
        list: &messages.users,
        tenant: props.tenant_name(),
        toolbar: html! {
            <Toolbar status={ui.query.status} role={ui.query.role.clone()} roles={roles.names.clone()}
                exporting={*exporting} {onsearch} {onstatus} {onrole} {onexport} {oncreate}
                {oninvitations} {oninvite} {onimport} />
        },
        bulk: html! {
            <>
                if all_on_page && total > page_rows as u64 {
                    <button type="button" class="tk-button tk-button--small" part="button select-matching"
                        aria-pressed={every_match.to_string()} onclick={onmatching}>
                        { fill(if every_match { messages.import.all_matching_selected } else { messages.import.select_matching },
                            "count", &total.to_string()) }
                    </button>
                }
                <BulkBar roles={roles.names.clone()} locked={roles.locked.clone()} onaction={onbulk} />
            </>
        },
        table: &|list| {
            let props = UserTableProps {
                list,
                onaction: onaction.clone(),
                locked: locked.clone(),
                impersonate,
            };
            user_table(&props, messages)
        },
        dialog,
    })
}
