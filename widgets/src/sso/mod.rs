//! `<SsoSetup>`: the tenant's SSO configurations. The overview lists them with their status
//! (not configured, configured but disabled, enabled) and certificate health (expiring within 90
//! days, expired), with loading, empty, error, expired-session and missing-settings states;
//! a row's menu configures or edits (the [`SsoWizard`] takes the overview's place), enables,
//! disables (confirmed) or deletes (confirmed) it; "Add configuration" creates one by name and
//! opens the wizard on it.
//!
//! Like [`crate::roles`], this component owns the UI state and wires the
//! others together; requests run in [`crate::hooks`] and [`crate::sso::actions`].

pub mod actions;
pub mod add_dialog;
pub mod certificate_preview;
pub mod fields;
pub mod idp_step;
pub mod mapping_step;
pub mod sp_values;
pub mod state;
pub mod table;
pub mod wizard;

use crate::WidgetEvent;
use crate::events::SsoEventKind;
use crate::hooks::{use_custom_attribute_names, use_ready_event, use_target, use_tenant_roles};
use crate::list::use_list;
use crate::list::{ListState, LoadError, SearchTarget};
use crate::messages::{ENGLISH, fill};
use crate::props::WidgetProps;
use crate::sso::add_dialog::SsoAddDialog;
use crate::sso::state::{SsoQuery, SsoRow, now};
use crate::sso::table::{SsoAction, SsoTable};
use crate::sso::wizard::SsoWizard;
use crate::ui::confirm_dialog::ConfirmDialog;
use crate::ui::list_parts::{WidgetHeader, announcement, count_label, list_panel};
use crate::ui::notice::{Notice, NoticeBar};
use tenantkit_wire::sso::{SsoAuthType, SsoSettings};
use yew::platform::spawn_local;
use yew::prelude::*;

/// Settings of [`SsoSetup`]: the ones every widget takes.
pub type SsoSetupProps = WidgetProps;

/// The dialog on top of the overview, if any.
#[derive(Debug, Clone, PartialEq)]
enum Dialog {
    Closed,
    Add,
    Disable(SsoRow),
    Delete(SsoRow),
}

/// What a change to one configuration was, for its notice and event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Enable,
    Disable,
    Delete,
}

/// Lists and sets up the SSO configurations of one tenant.
#[component]
pub fn SsoSetup(props: &SsoSetupProps) -> Html {
    let messages = &ENGLISH;
    let sso = &messages.sso;
    let target = use_target(props);
    let reload = use_state(|| 0_u64);
    let query = SsoQuery {
        tenant: target
            .as_ref()
            .map(|t| t.tenant.clone())
            .unwrap_or_default(),
    };
    let state = use_list(
        target.clone(),
        query,
        *reload + props.refresh,
        props.on_event.clone(),
    );
    let roles = use_tenant_roles(target.clone(), Vec::new(), props.refresh).names;
    let custom_attribute_names = use_custom_attribute_names(target.clone());
    use_ready_event(state.loaded_count(), props.on_event.clone());
    let wizard = use_state(|| None::<SsoRow>);
    let dialog = use_state(|| Dialog::Closed);
    let busy = use_state(|| false);
    let open_menu = use_state(|| None::<String>);
    let notice = use_state(|| None::<Notice>);
    let on_event = props.on_event.clone();

    let after_change = {
        let reload = reload.clone();
        move || reload.set(*reload + 1)
    };
    let emit = {
        let on_event = on_event.clone();
        move |kind: SsoEventKind, sso_id: &str, auth_type: SsoAuthType| {
            on_event.emit(WidgetEvent::Sso {
                kind,
                sso_id: sso_id.to_owned(),
                auth_type: auth_type.as_str(),
            })
        }
    };
    // Enables, disables or deletes `row`, then says so and reloads the overview.
    let change = {
        let notice = notice.clone();
        let dialog = dialog.clone();
        let busy = busy.clone();
        let on_event = on_event.clone();
        let emit = emit.clone();
        let after_change = after_change.clone();
        move |target: SearchTarget, row: SsoRow, change: Change| {
            let (notice, dialog, busy, on_event, emit, after_change) = (
                notice.clone(),
                dialog.clone(),
                busy.clone(),
                on_event.clone(),
                emit.clone(),
                after_change.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let (result, kind, auth_type, done) = match change {
                    Change::Enable => (
                        actions::set_auth_type(&target, &row.sso_id, row.configured).await,
                        SsoEventKind::StatusChanged,
                        row.configured,
                        sso.done_enable,
                    ),
                    Change::Disable => (
                        actions::set_auth_type(&target, &row.sso_id, SsoAuthType::None).await,
                        SsoEventKind::StatusChanged,
                        SsoAuthType::None,
                        sso.done_disable,
                    ),
                    Change::Delete => (
                        actions::delete(&target, &row.sso_id).await,
                        SsoEventKind::Deleted,
                        SsoAuthType::None,
                        sso.done_delete,
                    ),
                };
                busy.set(false);
                dialog.set(Dialog::Closed);
                match result {
                    Ok(()) => {
                        emit(kind, &row.sso_id, auth_type);
                        notice.set(Some(Notice::success(fill(done, "name", &row.name))));
                        after_change();
                    }
                    Err(error) => {
                        let error = LoadError::from(&error);
                        on_event.emit(WidgetEvent::Error {
                            message: error.message.clone(),
                            status: error.status,
                        });
                        notice.set(Some(Notice::failure(format!(
                            "{} {}",
                            fill(sso.action_failed, "name", &row.name),
                            error.message
                        ))));
                    }
                }
            });
        }
    };
    let onmenu = {
        let open_menu = open_menu.clone();
        Callback::from(move |key: Option<String>| open_menu.set(key))
    };
    let onaction = {
        let dialog = dialog.clone();
        let wizard = wizard.clone();
        let notice = notice.clone();
        let target = target.clone();
        let change = change.clone();
        Callback::from(move |(row, action): (SsoRow, SsoAction)| match action {
            SsoAction::Configure => {
                notice.set(None);
                wizard.set(Some(row));
            }
            SsoAction::Enable => {
                if let Ok(target) = target.clone() {
                    change(target, row, Change::Enable);
                }
            }
            SsoAction::Disable => dialog.set(Dialog::Disable(row)),
            SsoAction::Delete => dialog.set(Dialog::Delete(row)),
        })
    };
    let onadd = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(Dialog::Add))
    };
    let close_dialog = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(Dialog::Closed))
    };
    let oncreated = {
        let dialog = dialog.clone();
        let wizard = wizard.clone();
        let notice = notice.clone();
        let emit = emit.clone();
        let after_change = after_change.clone();
        Callback::from(move |settings: SsoSettings| {
            emit(SsoEventKind::Created, &settings.sso_id, SsoAuthType::None);
            let row = SsoRow::new(settings, now());
            notice.set(Some(Notice::success(fill(
                sso.done_create,
                "name",
                &row.name,
            ))));
            dialog.set(Dialog::Closed);
            wizard.set(Some(row));
            after_change();
        })
    };
    let onsaved = {
        let emit = emit.clone();
        let after_change = after_change.clone();
        Callback::from(move |settings: SsoSettings| {
            emit(
                SsoEventKind::Configured,
                &settings.sso_id,
                settings.auth_type,
            );
            after_change();
        })
    };
    let close_wizard = {
        let wizard = wizard.clone();
        Callback::from(move |()| wizard.set(None))
    };
    let onenable = {
        let wizard = wizard.clone();
        let target = target.clone();
        let change = change.clone();
        Callback::from(move |settings: SsoSettings| {
            wizard.set(None);
            if let Ok(target) = target.clone() {
                change(target, SsoRow::new(settings, now()), Change::Enable);
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
        None => announcement(&state, &sso.list, messages),
    };
    let configured = target.is_ok() && !matches!(&*state, ListState::SessionExpired);
    let dialog_html = match (&*dialog, &target) {
        (Dialog::Closed, _) | (_, Err(_)) => Html::default(),
        (Dialog::Add, Ok(target)) => html! {
            <SsoAddDialog target={target.clone()} {oncreated} onclose={close_dialog.clone()} />
        },
        (Dialog::Disable(row) | Dialog::Delete(row), Ok(target)) => {
            let delete = matches!(&*dialog, Dialog::Delete(_));
            let onconfirm = {
                let (target, row, change) = (target.clone(), row.clone(), change.clone());
                Callback::from(move |()| {
                    let which = if delete {
                        Change::Delete
                    } else {
                        Change::Disable
                    };
                    change(target.clone(), row.clone(), which)
                })
            };
            let (question, label) = if delete {
                (
                    fill(sso.confirm_delete, "name", &row.name),
                    sso.action_delete,
                )
            } else {
                (
                    fill(sso.confirm_disable, "name", &row.name),
                    sso.action_disable,
                )
            };
            html! {
                <ConfirmDialog question={question} confirm_label={label} danger={delete}
                    busy={*busy} {onconfirm} onclose={close_dialog.clone()} />
            }
        }
    };
    let body = match (&*wizard, &target) {
        (Some(row), Ok(target)) => html! {
            <SsoWizard key={row.sso_id.clone()} target={target.clone()} settings={row.settings.clone()}
                name={row.name.clone()} {roles} {custom_attribute_names} {onsaved} {onenable} onclose={close_wizard} />
        },
        _ => {
            let list = list_panel(&state, false, &sso.list, messages).unwrap_or_else(|| {
                html! {
                    <SsoTable rows={state.rows()}
                        caption={fill(sso.list.table_caption, "tenant", tenant.unwrap_or_default())}
                        open_menu={(*open_menu).clone()} {onmenu} {onaction} />
                }
            });
            html! {
                <>
                    if configured {
                        <div class="tk-toolbar" part="toolbar">
                            <span class="tk-toolbar-spacer"></span>
                            <button type="button" class="tk-button tk-button--primary" part="button create-button" onclick={onadd}>
                                { sso.add }
                            </button>
                        </div>
                    }
                    <div class="tk-body" aria-busy={state.is_refreshing().to_string()}>{ list }</div>
                </>
            }
        }
    };
    html! {
        <section class="tk-widget tk-sso-setup" part="base" aria-labelledby="tk-title">
            <WidgetHeader title={sso.list.title} tenant={tenant.map(AttrValue::from)}
                count={count_label(&state, &sso.list)} />
            <p class="tk-visually-hidden" role="status" aria-live="polite" aria-atomic="true">{ live }</p>
            if let Some(notice) = &*notice {
                <NoticeBar notice={notice.clone()} {ondismiss} />
            }
            { body }
            { dialog_html }
        </section>
    }
}
