//! `<KeyManagement>`: the tenant's access keys, with loading, empty, error, expired-session and
//! missing-settings states; search, sort and pages; create (the secret shown once), edit, rotate
//! (the new secret shown once), activate, deactivate and delete, one key or several at once, each
//! confirmed first. Expired keys cannot be activated: the row's menu says why, and a bulk
//! activation leaves them out and names them.
//!
//! The list's UI state (query, selection, open dialog, notice, busy) is the shared controller's
//! ([`crate::list::use_list_widget`]); this component renders it and runs the confirmed changes
//! through the controller's requests. Requests: [`actions`].

pub mod actions;
pub mod form;
pub mod state;
pub mod table;

use crate::WidgetEvent;
use crate::access_keys::form::{KeyForm, KeyFormMode, KeySaved};
use crate::access_keys::state::{KeyQuery, KeyRow, split_expired};
use crate::access_keys::table::{KeyAction, KeyTableProps, key_table};
use crate::hooks::use_tenant_roles;
use crate::list::{Frame, ListControls, ListWidget, SearchTarget, use_list_widget};
use crate::messages::{KeyMessages, fill};
use crate::props::WidgetProps;
use crate::ui::confirm_dialog::{Confirmation, confirm_dialog};
use crate::ui::list_parts::{bulk_button, search_and_create};
use crate::ui::notice::Notice;
use crate::ui::secret_dialog::SecretDialog;
use std::rc::Rc;
use tenantkit_client::KeyOp;
use tenantkit_wire::Secret;
use yew::prelude::*;

/// Settings of [`KeyManagement`]: the ones every widget takes.
pub type KeyManagementProps = WidgetProps;

/// The dialog on top of the widget, if any.
#[derive(Debug, Clone, PartialEq, Default)]
enum Dialog {
    #[default]
    Closed,
    Form(KeyFormMode),
    /// Rotate, activate, deactivate or delete these keys, once confirmed.
    Confirm(KeyAction, Vec<KeyRow>),
    /// A key's cleartext, shown once: closing the dialog drops it.
    Secret {
        title: &'static str,
        name: String,
        secret: Secret,
    },
}

/// The wire operation of a state change.
fn op(action: KeyAction) -> Option<KeyOp> {
    match action {
        KeyAction::Activate => Some(KeyOp::Activate),
        KeyAction::Deactivate => Some(KeyOp::Deactivate),
        KeyAction::Delete => Some(KeyOp::Delete),
        KeyAction::Edit | KeyAction::Rotate => None,
    }
}

/// The confirmation question for `action` on `rows`.
fn question(action: KeyAction, rows: &[KeyRow], keys: &KeyMessages) -> String {
    let (one, many) = match action {
        KeyAction::Rotate | KeyAction::Edit => (keys.confirm_rotate, keys.confirm_rotate),
        KeyAction::Activate => (keys.confirm_activate, keys.bulk_confirm_activate),
        KeyAction::Deactivate => (keys.confirm_deactivate, keys.bulk_confirm_deactivate),
        KeyAction::Delete => (keys.confirm_delete, keys.bulk_confirm_delete),
    };
    match rows {
        [row] => fill(one, "key", &row.name),
        rows => fill(many, "count", &rows.len().to_string()),
    }
}

/// What the notice says after `action` succeeded on `rows`.
fn done(action: KeyAction, rows: &[KeyRow], keys: &KeyMessages) -> String {
    let (one, many) = match action {
        KeyAction::Rotate | KeyAction::Edit => (keys.done_rotate, keys.done_rotate),
        KeyAction::Activate => (keys.done_activate, keys.done_activate_many),
        KeyAction::Deactivate => (keys.done_deactivate, keys.done_deactivate_many),
        KeyAction::Delete => (keys.done_delete, keys.done_delete_many),
    };
    match rows {
        [row] => fill(one, "key", &row.name),
        rows => fill(many, "count", &rows.len().to_string()),
    }
}

/// The notice's lines naming expired keys an activation left out.
fn skipped(expired: &[KeyRow], keys: &KeyMessages) -> Option<Notice> {
    (!expired.is_empty()).then(|| Notice {
        text: fill(keys.skipped_expired, "count", &expired.len().to_string()),
        error: true,
        details: expired.iter().map(|row| row.name.clone()).collect(),
    })
}

/// Now, epoch seconds: what "expired" and "expires soon" are computed for.
fn clock_now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The element's controller.
type KeyWidget = ListWidget<KeyQuery, Dialog>;

/// Runs a confirmed `action` on `rows`; `left_out` are expired keys an activation skipped.
fn run(
    widget: &KeyWidget,
    target: SearchTarget,
    action: KeyAction,
    rows: Vec<KeyRow>,
    left_out: Vec<KeyRow>,
    keys: &'static KeyMessages,
) {
    let done_text = done(action, &rows, keys);
    if action == KeyAction::Rotate {
        let Some(id) = rows.first().map(|row| row.id.clone()) else {
            return;
        };
        widget.busy(true);
        let widget = widget.clone();
        let request = async move { actions::rotate_key(&target, &id).await };
        return widget.requests.clone().run(request, move |result| {
            widget.busy(false);
            match result {
                Ok(response) => {
                    widget.emit(WidgetEvent::AccessKeyRotated {
                        id: response.key.id.clone(),
                        name: response.key.name.clone(),
                    });
                    widget.changed(Notice::success(done_text));
                    widget.open(Dialog::Secret {
                        title: keys.secret_rotated_title,
                        name: response.key.name,
                        secret: response.cleartext,
                    });
                }
                Err(error) => widget.failed(keys.action_failed, &error),
            }
        });
    }
    let Some(op) = op(action) else { return };
    widget.busy(true);
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let request = {
        let ids = ids.clone();
        async move { actions::change_keys(&target, op, &ids).await }
    };
    let widget = widget.clone();
    widget.requests.clone().run(request, move |result| {
        widget.busy(false);
        if let Err(error) = result {
            return widget.failed(keys.action_failed, &error);
        }
        widget.emit(match op {
            KeyOp::Delete => WidgetEvent::AccessKeysDeleted { ids: ids.clone() },
            KeyOp::Activate => WidgetEvent::AccessKeysStatusChanged {
                ids: ids.clone(),
                status: "active",
            },
            KeyOp::Deactivate => WidgetEvent::AccessKeysStatusChanged {
                ids: ids.clone(),
                status: "inactive",
            },
        });
        widget.unselect(ids);
        let mut notice = Notice::success(done_text);
        if let Some(skipped) = skipped(&left_out, keys) {
            notice.text = format!("{} {}", notice.text, skipped.text);
            notice.details = skipped.details;
        }
        widget.changed(notice);
    });
}

/// Lists and manages the access keys of one tenant.
#[component]
pub fn KeyManagement(props: &KeyManagementProps) -> Html {
    let messages = crate::i18n::use_messages();
    let keys = &messages.keys;
    let now = clock_now();
    let widget = use_list_widget::<KeyQuery, Dialog>(props);
    let ui = &widget.ui;
    let state = &widget.list;
    let target = &widget.target;
    // Bumped when a form opens, so it offers roles created meanwhile (in the role widget, say).
    let roles_reload = use_state(|| 0_u64);
    let page_rows: Rc<[KeyRow]> = state.rows();
    let seen_roles: Vec<String> = page_rows
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
    let close_dialog = {
        let widget = widget.clone();
        Callback::from(move |()| widget.close())
    };
    let onaction = {
        let widget = widget.clone();
        let roles_reload = roles_reload.clone();
        Callback::from(move |(row, action): (KeyRow, KeyAction)| {
            if action == KeyAction::Edit {
                roles_reload.set(*roles_reload + 1);
                widget.open(Dialog::Form(KeyFormMode::Edit(row)));
            } else {
                widget.open(Dialog::Confirm(action, vec![row]));
            }
        })
    };
    let oncreate = {
        let widget = widget.clone();
        let roles_reload = roles_reload.clone();
        Callback::from(move |_: MouseEvent| {
            roles_reload.set(*roles_reload + 1);
            widget.open(Dialog::Form(KeyFormMode::Create));
        })
    };
    let selected_rows = widget.selected_rows();
    let onbulk = |action: KeyAction| {
        let widget = widget.clone();
        let rows = selected_rows.clone();
        Callback::from(move |_: MouseEvent| {
            if action == KeyAction::Activate {
                let (activatable, expired) = split_expired(&rows, now);
                if activatable.is_empty() {
                    // Nothing to ask: say why at once.
                    if let Some(notice) = skipped(&expired, keys) {
                        widget.notify(notice);
                    }
                    return;
                }
            }
            if !rows.is_empty() {
                widget.open(Dialog::Confirm(action, rows.clone()));
            }
        })
    };
    let onsaved = {
        let widget = widget.clone();
        Callback::from(move |saved: KeySaved| match saved {
            KeySaved::Created(response) => {
                widget.emit(WidgetEvent::AccessKeyCreated {
                    id: response.key.id.clone(),
                    name: response.key.name.clone(),
                });
                widget.changed(Notice::success(fill(
                    keys.done_create,
                    "key",
                    &response.key.name,
                )));
                widget.open(Dialog::Secret {
                    title: keys.secret_created_title,
                    name: response.key.name,
                    secret: response.cleartext,
                });
            }
            KeySaved::Updated(key) => {
                widget.emit(WidgetEvent::AccessKeyUpdated {
                    id: key.id.clone(),
                    name: key.name.clone(),
                });
                widget.changed(Notice::success(fill(keys.done_update, "key", &key.name)));
            }
        })
    };

    let dialog = match (&ui.dialog, target) {
        (Dialog::Closed, _) | (_, Err(_)) => Html::default(),
        (Dialog::Form(mode), Ok(target)) => html! {
            <KeyForm target={target.clone()} mode={mode.clone()} roles={roles.names.clone()}
                locked_roles={roles.locked.clone()} {now}
                {onsaved} onclose={close_dialog.clone()} />
        },
        (Dialog::Confirm(action, rows), Ok(target)) => {
            // An activation goes only to keys that have not expired (checked again at confirming).
            let onconfirm = {
                let widget = widget.clone();
                let (action, rows, target) = (*action, rows.clone(), target.clone());
                Callback::from(move |()| {
                    let (rows, left_out) = if action == KeyAction::Activate {
                        split_expired(&rows, clock_now())
                    } else {
                        (rows.clone(), Vec::new())
                    };
                    if rows.is_empty() {
                        if let Some(notice) = skipped(&left_out, keys) {
                            widget.notify(notice);
                        }
                        widget.close();
                        return;
                    }
                    run(&widget, target.clone(), action, rows, left_out, keys);
                })
            };
            let shown: Vec<KeyRow> = if *action == KeyAction::Activate {
                split_expired(rows, now).0
            } else {
                rows.clone()
            };
            confirm_dialog(
                messages,
                Confirmation {
                    question: question(*action, &shown, keys).into(),
                    confirm_label: action.label(messages).into(),
                    danger: matches!(
                        action,
                        KeyAction::Delete | KeyAction::Deactivate | KeyAction::Rotate
                    ),
                    busy: ui.busy,
                    onconfirm,
                    onclose: close_dialog.clone(),
                },
            )
        }
        (
            Dialog::Secret {
                title,
                name,
                secret,
            },
            Ok(_),
        ) => html! {
            <SecretDialog title={*title} intro={fill(keys.secret_intro, "key", name)}
                label={keys.secret_label} part="access-key-secret" warning={keys.secret_warning}
                copy_failed={keys.copy_failed} secret={secret.clone()} onclose={close_dialog.clone()} />
        },
    };
    let bulk_button = |label: &'static str, action: KeyAction, danger: bool| {
        bulk_button(label, danger, onbulk(action))
    };
    widget.render(Frame {
        class: "tk-key-management",
        list: &keys.list,
        tenant: props.tenant_name(),
        toolbar: search_and_create(&keys.list, onsearch, keys.create_key, oncreate),
        bulk: html! {
            <>
                { bulk_button(keys.action_activate, KeyAction::Activate, false) }
                { bulk_button(keys.action_deactivate, KeyAction::Deactivate, false) }
                { bulk_button(keys.action_delete, KeyAction::Delete, true) }
            </>
        },
        table: &|list| {
            let props = KeyTableProps {
                list,
                now,
                onaction: onaction.clone(),
            };
            key_table(&props, widget.lang)
        },
        dialog,
    })
}
