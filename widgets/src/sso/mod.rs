//! `<SsoSetup>`: the tenant's SSO configurations. The overview lists them with their status
//! (not configured, configured but disabled, enabled) and certificate health (expiring within 90
//! days, expired), with loading, empty, error, expired-session and missing-settings states;
//! a row's menu configures or edits (the [`SsoWizard`] takes the overview's place), tests (the
//! [`SsoTestPanel`] takes it), enables, disables (confirmed) or deletes (confirmed) it; "Add
//! configuration" creates one by name and opens the wizard on it. Each configured row shows its
//! last test and last sign-in when the server tells them. Below the overview, user provisioning
//! ([`scim::ScimSection`]): the SCIM base URL and token, set-up steps per provider, group roles;
//! then "Send setup link to your IT admin" ([`setup_links::SetupLinksSection`]). Both are left
//! out when the element runs on an SSO setup link's secret (the page such a link opens).
//!
//! The overview's UI state (open menu, dialog, notice, busy) is the shared controller's
//! ([`crate::list::use_list_widget`]); this component renders it and runs the changes through
//! the controller's requests. Requests: [`actions`].

pub mod actions;
pub mod add_dialog;
pub mod certificate_preview;
pub mod fields;
pub mod idp_step;
pub mod mapping_step;
pub mod scim;
pub mod setup_links;
pub mod sp_values;
pub mod state;
pub mod table;
pub mod test_run;
pub mod wizard;

use crate::WidgetEvent;
use crate::events::SsoEventKind;
use crate::hooks::{use_custom_attribute_names, use_tenant_roles};
use crate::list::{ListControls, ListState, SearchTarget, use_list_widget};
use crate::messages::fill;
use crate::props::WidgetProps;
use crate::sso::add_dialog::SsoAddDialog;
use crate::sso::scim::ScimSection;
use crate::sso::setup_links::SetupLinksSection;
use crate::sso::state::{SsoQuery, SsoRow, now};
use crate::sso::table::{SsoAction, SsoTableProps, sso_table};
use crate::sso::test_run::SsoTestPanel;
use crate::sso::wizard::SsoWizard;
use crate::ui::confirm_dialog::{Confirmation, confirm_dialog};
use crate::ui::list_parts::{announcement, count_label, list_panel, widget_header};
use crate::ui::notice::{Notice, notice_bar};
use tenantkit_wire::sso::{SsoAuthType, SsoSettings};
use yew::prelude::*;

/// Settings of [`SsoSetup`]: the ones every widget takes.
pub type SsoSetupProps = WidgetProps;

/// The dialog on top of the overview, if any.
#[derive(Debug, Clone, PartialEq, Default)]
enum Dialog {
    #[default]
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
    let messages = crate::i18n::use_messages();
    let sso = &messages.sso;
    let widget = use_list_widget::<SsoQuery, Dialog>(props);
    let ui = &widget.ui;
    let state = &widget.list;
    let target = &widget.target;
    // What the wizard and the SCIM section offer waits for the overview's first answer.
    let later = widget.first_page_shown;
    let roles = use_tenant_roles(target.clone(), Vec::new(), props.refresh, later).names;
    let custom_attribute_names = use_custom_attribute_names(target.clone(), later);
    // The configuration the wizard edits: it takes the overview's place.
    let wizard = use_state(|| None::<SsoRow>);
    // The configuration being tested: "Test connection" takes the overview's place too.
    let tester = use_state(|| None::<SsoRow>);
    let ListControls {
        onmenu, ondismiss, ..
    } = widget.controls();

    let emit = {
        let widget = widget.clone();
        move |kind: SsoEventKind, sso_id: &str, auth_type: SsoAuthType| {
            widget.emit(WidgetEvent::Sso {
                kind,
                sso_id: sso_id.to_owned(),
                auth_type: auth_type.as_str(),
            })
        }
    };
    // Enables, disables or deletes `row`, then says so and reloads the overview.
    let change = {
        let widget = widget.clone();
        let emit = emit.clone();
        move |target: SearchTarget, row: SsoRow, change: Change| {
            let (kind, auth_type, done) = match change {
                Change::Enable => (SsoEventKind::StatusChanged, row.configured, sso.done_enable),
                Change::Disable => (
                    SsoEventKind::StatusChanged,
                    SsoAuthType::None,
                    sso.done_disable,
                ),
                Change::Delete => (SsoEventKind::Deleted, SsoAuthType::None, sso.done_delete),
            };
            let sso_id = row.sso_id.clone();
            let request = async move {
                match change {
                    Change::Delete => actions::delete(&target, &sso_id).await,
                    _ => actions::set_auth_type(&target, &sso_id, auth_type).await,
                }
            };
            widget.busy(true);
            let (widget, emit) = (widget.clone(), emit.clone());
            widget.requests.clone().run(request, move |result| {
                widget.busy(false);
                match result {
                    Ok(()) => {
                        emit(kind, &row.sso_id, auth_type);
                        widget.changed(Notice::success(fill(done, "name", &row.name)));
                    }
                    Err(error) => {
                        widget.failed(&fill(sso.action_failed, "name", &row.name), &error)
                    }
                }
            });
        }
    };
    let onaction = {
        let widget = widget.clone();
        let wizard = wizard.clone();
        let tester = tester.clone();
        let change = change.clone();
        Callback::from(move |(row, action): (SsoRow, SsoAction)| match action {
            SsoAction::Configure => {
                widget.dismiss();
                wizard.set(Some(row));
            }
            SsoAction::Test => {
                widget.dismiss();
                tester.set(Some(row));
            }
            SsoAction::Enable => {
                if let Ok(target) = widget.target.clone() {
                    change(target, row, Change::Enable);
                }
            }
            SsoAction::Disable => widget.open(Dialog::Disable(row)),
            SsoAction::Delete => widget.open(Dialog::Delete(row)),
        })
    };
    let onadd = widget.opener(|_: MouseEvent| Dialog::Add);
    let close_dialog = {
        let widget = widget.clone();
        Callback::from(move |()| widget.close())
    };
    let oncreated = {
        let widget = widget.clone();
        let wizard = wizard.clone();
        let emit = emit.clone();
        Callback::from(move |settings: SsoSettings| {
            emit(SsoEventKind::Created, &settings.sso_id, SsoAuthType::None);
            let row = SsoRow::new(settings, now());
            widget.changed(Notice::success(fill(sso.done_create, "name", &row.name)));
            wizard.set(Some(row));
        })
    };
    let onsaved = {
        let widget = widget.clone();
        let emit = emit.clone();
        Callback::from(move |settings: SsoSettings| {
            emit(
                SsoEventKind::Configured,
                &settings.sso_id,
                settings.auth_type,
            );
            widget.reload();
        })
    };
    let close_tester = {
        let tester = tester.clone();
        Callback::from(move |()| tester.set(None))
    };
    // The overview's last test follows each finished run.
    let ontested = {
        let widget = widget.clone();
        Callback::from(move |_| widget.reload())
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

    let tenant = props.tenant_name();
    let live = match &ui.notice {
        Some(notice) => notice.text.clone(),
        None => announcement(state, &sso.list, messages),
    };
    let configured = target.is_ok() && !matches!(&**state, ListState::SessionExpired);
    // On an SSO setup link (not a tenant admin's session): the SSO settings alone.
    let on_link = target
        .as_ref()
        .is_ok_and(|target| tenantkit_wire::sso_link::is_link_token(target.token.expose()));
    let dialog_html = match (&ui.dialog, target) {
        (Dialog::Closed, _) | (_, Err(_)) => Html::default(),
        (Dialog::Add, Ok(target)) => html! {
            <SsoAddDialog target={target.clone()} {oncreated} onclose={close_dialog.clone()} />
        },
        (Dialog::Disable(row) | Dialog::Delete(row), Ok(target)) => {
            let delete = matches!(&ui.dialog, Dialog::Delete(_));
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
            confirm_dialog(
                messages,
                Confirmation {
                    question: question.into(),
                    confirm_label: label.into(),
                    danger: delete,
                    busy: ui.busy,
                    onconfirm,
                    onclose: close_dialog.clone(),
                },
            )
        }
    };
    let body = match (&*wizard, &*tester, target) {
        (Some(row), _, Ok(target)) => html! {
            <SsoWizard key={row.sso_id.clone()} target={target.clone()} settings={row.settings.clone()}
                name={row.name.clone()} {roles} {custom_attribute_names} {onsaved} {onenable}
                ontested={ontested.clone()} onclose={close_wizard} />
        },
        (None, Some(row), Ok(target)) => {
            let last_test = row
                .activity
                .as_ref()
                .and_then(|activity| activity.last_test.as_ref())
                .map(|test| test.test_run_id.clone());
            html! {
                <SsoTestPanel key={row.sso_id.clone()} target={target.clone()} sso_id={row.sso_id.clone()}
                    name={row.name.clone()} {last_test} onfinished={ontested} onclose={close_tester} />
            }
        }
        _ => {
            let list = list_panel(state, false, &sso.list, messages).unwrap_or_else(|| {
                let props = SsoTableProps {
                    rows: state.rows(),
                    caption: fill(sso.list.table_caption, "tenant", tenant.unwrap_or_default())
                        .into(),
                    open_menu: ui.open_menu.clone(),
                    onmenu,
                    onaction,
                };
                sso_table(&props, widget.lang)
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
                    if let (true, false, true, Ok(target)) = (configured, on_link, later, target) {
                        <ScimSection target={target.clone()} roles={roles.clone()} refresh={props.refresh} />
                        <SetupLinksSection target={target.clone()} refresh={props.refresh} />
                    }
                </>
            }
        }
    };
    html! {
        <section class="tk-widget tk-sso-setup" part="base" aria-labelledby="tk-title">
            { widget_header(messages, sso.list.title, tenant, count_label(state, &sso.list)) }
            <p class="tk-visually-hidden" role="status" aria-live="polite" aria-atomic="true">{ live }</p>
            if let Some(notice) = &ui.notice {
                { notice_bar(messages, notice, &ondismiss) }
            }
            { body }
            { dialog_html }
        </section>
    }
}
