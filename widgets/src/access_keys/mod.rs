//! `<KeyManagement>`: the tenant's access keys, with loading, empty, error, expired-session and
//! missing-settings states; search, sort and pages; create (the secret shown once), edit, rotate
//! (the new secret shown once), activate, deactivate and delete, one key or several at once, each
//! confirmed first. Expired keys cannot be activated: the row's menu says why, and a bulk
//! activation leaves them out and names them.
//!
//! This component owns the UI state (query, selection, open dialog, notice) and wires the other
//! components together, like [`crate::roles`]. Requests run in
//! [`crate::hooks`] and [`actions`].

pub mod actions;
pub mod form;
pub mod state;
pub mod table;

use crate::WidgetEvent;
use crate::access_keys::form::{KeyForm, KeyFormMode, KeySaved};
use crate::access_keys::state::{KeyQuery, KeyRow, KeySortColumn, split_expired};
use crate::access_keys::table::{KeyAction, KeyTable};
use crate::hooks::{use_ready_event, use_target, use_tenant_roles};
use crate::list::{ListControls, list_controls, use_list};
use crate::list::{ListState, LoadError, SearchTarget};
use crate::messages::{ENGLISH, KeyMessages, Messages, fill};
use crate::props::WidgetProps;
use crate::ui::confirm_dialog::ConfirmDialog;
use crate::ui::list_parts::{WidgetHeader, announcement, count_label, list_panel};
use crate::ui::notice::{Notice, NoticeBar};
use crate::ui::pagination::Pagination;
use crate::ui::search_box::SearchBox;
use crate::ui::secret_dialog::SecretDialog;
use std::collections::BTreeSet;
use std::rc::Rc;
use tenantkit_client::KeyOp;
use tenantkit_wire::Secret;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Settings of [`KeyManagement`]: the ones every widget takes.
pub type KeyManagementProps = WidgetProps;

/// The dialog on top of the widget, if any.
#[derive(Debug, Clone, PartialEq)]
enum Dialog {
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

/// The state cells and callbacks a change in flight reports to.
#[derive(Clone)]
struct Handles {
    dialog: UseStateHandle<Dialog>,
    busy: UseStateHandle<bool>,
    notice: UseStateHandle<Option<Notice>>,
    selection: UseStateHandle<Rc<BTreeSet<String>>>,
    reload: UseStateHandle<u64>,
    on_event: Callback<WidgetEvent>,
}

impl Handles {
    fn after_change(&self) {
        self.reload.set(*self.reload + 1);
    }

    fn failed(&self, error: &tenantkit_client::ApiError) {
        let error = LoadError::from(error);
        self.on_event.emit(WidgetEvent::Error {
            message: error.message.clone(),
            status: error.status,
        });
        self.notice.set(Some(Notice::failure(format!(
            "{} {}",
            ENGLISH.keys.action_failed, error.message
        ))));
        self.dialog.set(Dialog::Closed);
    }

    /// Runs a confirmed `action` on `rows`; `left_out` are expired keys an activation skipped.
    async fn run(
        self,
        target: SearchTarget,
        action: KeyAction,
        rows: Vec<KeyRow>,
        left_out: Vec<KeyRow>,
    ) {
        let keys = &ENGLISH.keys;
        if action == KeyAction::Rotate {
            let Some(row) = rows.first() else { return };
            self.busy.set(true);
            let result = actions::rotate_key(&target, &row.id).await;
            self.busy.set(false);
            match result {
                Ok(response) => {
                    self.on_event.emit(WidgetEvent::AccessKeyRotated {
                        id: response.key.id.clone(),
                        name: response.key.name.clone(),
                    });
                    self.notice
                        .set(Some(Notice::success(done(action, &rows, keys))));
                    self.dialog.set(Dialog::Secret {
                        title: keys.secret_rotated_title,
                        name: response.key.name,
                        secret: response.cleartext,
                    });
                    self.after_change();
                }
                Err(error) => self.failed(&error),
            }
            return;
        }
        let Some(op) = op(action) else { return };
        self.busy.set(true);
        let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
        let result = actions::change_keys(&target, op, &ids).await;
        self.busy.set(false);
        if let Err(error) = result {
            return self.failed(&error);
        }
        self.on_event.emit(match op {
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
        let mut still_selected = (**self.selection).clone();
        for id in &ids {
            still_selected.remove(id);
        }
        self.selection.set(Rc::new(still_selected));
        let mut notice = Notice::success(done(action, &rows, keys));
        if let Some(skipped) = skipped(&left_out, keys) {
            notice.text = format!("{} {}", notice.text, skipped.text);
            notice.details = skipped.details;
        }
        self.notice.set(Some(notice));
        self.dialog.set(Dialog::Closed);
        self.after_change();
    }
}

/// Lists and manages the access keys of one tenant.
#[component]
pub fn KeyManagement(props: &KeyManagementProps) -> Html {
    let messages = &ENGLISH;
    let keys = &messages.keys;
    let target = use_target(props);
    let now = clock_now();
    let query = use_state(KeyQuery::default);
    let reload = use_state(|| 0_u64);
    // Bumped when a form opens, so it offers roles created meanwhile (in the role widget, say).
    let roles_reload = use_state(|| 0_u64);
    let selection = use_state(|| Rc::new(BTreeSet::<String>::new()));
    let open_menu = use_state(|| None::<String>);
    let dialog = use_state(|| Dialog::Closed);
    let busy = use_state(|| false);
    let notice = use_state(|| None::<Notice>);
    // Both counters only grow, so their sum changes whenever either does.
    let state = use_list(
        target.clone(),
        (*query).clone(),
        *reload + props.refresh,
        props.on_event.clone(),
    );
    use_ready_event(state.loaded_count(), props.on_event.clone());
    let page_rows: Rc<[KeyRow]> = state.rows();
    let seen_roles: Vec<String> = page_rows
        .iter()
        .flat_map(|row| row.roles.iter().cloned())
        .collect();
    let roles = use_tenant_roles(target.clone(), seen_roles, *roles_reload + props.refresh);
    let on_event = props.on_event.clone();
    let handles = Handles {
        dialog: dialog.clone(),
        busy: busy.clone(),
        notice: notice.clone(),
        selection: selection.clone(),
        reload: reload.clone(),
        on_event: on_event.clone(),
    };

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
            .map(|row| row.id.clone())
            .collect(),
    );
    let onmenu = {
        let open_menu = open_menu.clone();
        Callback::from(move |id: Option<String>| open_menu.set(id))
    };
    let close_dialog = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(Dialog::Closed))
    };
    let onaction = {
        let dialog = dialog.clone();
        let roles_reload = roles_reload.clone();
        Callback::from(move |(row, action): (KeyRow, KeyAction)| {
            if action == KeyAction::Edit {
                roles_reload.set(*roles_reload + 1);
                dialog.set(Dialog::Form(KeyFormMode::Edit(row)));
            } else {
                dialog.set(Dialog::Confirm(action, vec![row]));
            }
        })
    };
    let oncreate = {
        let dialog = dialog.clone();
        let roles_reload = roles_reload.clone();
        Callback::from(move |_: MouseEvent| {
            roles_reload.set(*roles_reload + 1);
            dialog.set(Dialog::Form(KeyFormMode::Create));
        })
    };
    let selected_rows: Vec<KeyRow> = page_rows
        .iter()
        .filter(|row| row.editable && selection.contains(&row.id))
        .cloned()
        .collect();
    let onbulk = |action: KeyAction| {
        let dialog = dialog.clone();
        let notice = notice.clone();
        let rows = selected_rows.clone();
        Callback::from(move |_: MouseEvent| {
            if action == KeyAction::Activate {
                let (activatable, expired) = split_expired(&rows, now);
                if activatable.is_empty() {
                    // Nothing to ask: say why at once.
                    notice.set(skipped(&expired, keys));
                    return;
                }
            }
            if !rows.is_empty() {
                dialog.set(Dialog::Confirm(action, rows.clone()));
            }
        })
    };
    let onsaved = {
        let handles = handles.clone();
        Callback::from(move |saved: KeySaved| match saved {
            KeySaved::Created(response) => {
                handles.on_event.emit(WidgetEvent::AccessKeyCreated {
                    id: response.key.id.clone(),
                    name: response.key.name.clone(),
                });
                handles.notice.set(Some(Notice::success(fill(
                    keys.done_create,
                    "key",
                    &response.key.name,
                ))));
                handles.dialog.set(Dialog::Secret {
                    title: keys.secret_created_title,
                    name: response.key.name,
                    secret: response.cleartext,
                });
                handles.after_change();
            }
            KeySaved::Updated(key) => {
                handles.on_event.emit(WidgetEvent::AccessKeyUpdated {
                    id: key.id.clone(),
                    name: key.name.clone(),
                });
                handles.notice.set(Some(Notice::success(fill(
                    keys.done_update,
                    "key",
                    &key.name,
                ))));
                handles.dialog.set(Dialog::Closed);
                handles.after_change();
            }
        })
    };
    let ondismiss = {
        let notice = notice.clone();
        Callback::from(move |()| notice.set(None))
    };

    let tenant = props.tenant_name();
    let live = match &*notice {
        Some(notice) => notice.text.clone(),
        None => announcement(&state, &keys.list, messages),
    };
    let dialog_html = match (&*dialog, &target) {
        (Dialog::Closed, _) | (_, Err(_)) => Html::default(),
        (Dialog::Form(mode), Ok(target)) => html! {
            <KeyForm target={target.clone()} mode={mode.clone()} roles={roles.names.clone()}
                locked_roles={roles.locked.clone()} {now}
                {onsaved} onclose={close_dialog.clone()} />
        },
        (Dialog::Confirm(action, rows), Ok(target)) => {
            // An activation goes only to keys that have not expired (checked again at confirming).
            let onconfirm = {
                let handles = handles.clone();
                let (action, rows, target) = (*action, rows.clone(), target.clone());
                Callback::from(move |()| {
                    let (rows, left_out) = if action == KeyAction::Activate {
                        split_expired(&rows, clock_now())
                    } else {
                        (rows.clone(), Vec::new())
                    };
                    if rows.is_empty() {
                        handles.notice.set(skipped(&left_out, keys));
                        handles.dialog.set(Dialog::Closed);
                        return;
                    }
                    spawn_local(handles.clone().run(target.clone(), action, rows, left_out));
                })
            };
            let shown: Vec<KeyRow> = if *action == KeyAction::Activate {
                split_expired(rows, now).0
            } else {
                rows.clone()
            };
            html! {
                <ConfirmDialog
                    question={question(*action, &shown, keys)}
                    confirm_label={action.label(messages)}
                    danger={matches!(action, KeyAction::Delete | KeyAction::Deactivate | KeyAction::Rotate)}
                    busy={*busy} {onconfirm} onclose={close_dialog.clone()} />
            }
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
    let configured = target.is_ok();
    let bulk_button = |label: &'static str, action: KeyAction, danger: bool| {
        html! {
            <button type="button"
                class={classes!("tk-button", "tk-button--small", danger.then_some("tk-button--danger-outline"))}
                part="button bulk-button" onclick={onbulk(action)}>{ label }</button>
        }
    };
    html! {
        <section class="tk-widget tk-key-management" part="base" aria-labelledby="tk-title">
            <WidgetHeader title={keys.list.title} tenant={tenant.map(AttrValue::from)}
                count={count_label(&state, &keys.list)} />
            <p class="tk-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
                { live }
            </p>
            if configured && !matches!(&*state, ListState::SessionExpired) {
                <div class="tk-toolbar" part="toolbar">
                    <SearchBox label={keys.list.search_label} placeholder={keys.list.search_placeholder} {onsearch} />
                    <span class="tk-toolbar-spacer"></span>
                    <button type="button" class="tk-button tk-button--primary" part="button create-button" onclick={oncreate}>
                        { keys.create_key }
                    </button>
                </div>
            }
            if let Some(notice) = &*notice {
                <NoticeBar notice={notice.clone()} {ondismiss} />
            }
            if !selected_rows.is_empty() {
                <div class="tk-bulk-bar" part="bulk-bar" role="toolbar" aria-label={messages.bulk_label}>
                    <span class="tk-bulk-count">{ fill(messages.selected_count, "count", &selected_rows.len().to_string()) }</span>
                    { bulk_button(keys.action_activate, KeyAction::Activate, false) }
                    { bulk_button(keys.action_deactivate, KeyAction::Deactivate, false) }
                    { bulk_button(keys.action_delete, KeyAction::Delete, true) }
                    <button type="button" class="tk-link-button" part="button" onclick={onclearselection}>{ messages.clear_selection }</button>
                </div>
            }
            <div class="tk-body" aria-busy={state.is_refreshing().to_string()}>
                { body(&state, &query, tenant.unwrap_or_default(), now, messages, TableCallbacks {
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

/// What the table needs from the widget besides its rows.
struct TableCallbacks {
    selection: Rc<BTreeSet<String>>,
    open_menu: Option<String>,
    onsort: Callback<KeySortColumn>,
    onselect: Callback<(String, bool)>,
    onselectall: Callback<bool>,
    onmenu: Callback<Option<String>>,
    onaction: Callback<(KeyRow, KeyAction)>,
}

fn body(
    state: &ListState<KeyRow>,
    query: &KeyQuery,
    tenant: &str,
    now: i64,
    messages: &Messages,
    table: TableCallbacks,
) -> Html {
    let list = &messages.keys.list;
    if let Some(panel) = list_panel(state, query.is_filtered(), list, messages) {
        return panel;
    }
    html! {
        <KeyTable
            rows={state.rows()}
            {now}
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
