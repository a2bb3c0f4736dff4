//! `<ScimSection>`: user provisioning (SCIM) under the SSO overview. The tenant's SCIM base URL
//! with a copy button; its token (create, rotate or revoke, each confirmed when it stops the
//! current one; the new token shown once in a [`SecretDialog`]); the set-up steps in the chosen
//! identity provider's own words (Google Workspace has none, and says so); the groups the
//! provider pushed with the roles each grants, editable with the tenant's roles; and the latest
//! SCIM activity, refused requests with the reason. Hidden when the server has no SCIM set-up
//! route; a note for an admin without both `User Admin` and `SSO Admin`.

use crate::collections::VecSet;
use crate::dom::copy_to_clipboard;
use crate::list::{LoadError, Remote, SearchTarget, use_requests};
use crate::messages::fill;
use crate::messages::scim::ScimProviderSteps;
use crate::ui::confirm_dialog::{Confirmation, confirm_dialog};
use crate::ui::role_picker::RolePicker;
use crate::ui::secret_dialog::SecretDialog;
use std::rc::Rc;
use tenantkit_client::ApiError;
use tenantkit_wire::Secret;
use tenantkit_wire::scim::{
    ACTIONS, ScimActivity, ScimGroupMapping, ScimGroupRolesRequest, ScimSettingsResponse,
};
use yew::prelude::*;

/// Properties of [`ScimSection`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct ScimSectionProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// The tenant's roles, for the group mapping.
    pub roles: Vec<String>,
    /// Bumped by the element's `refresh()`.
    #[prop_or_default]
    pub refresh: u64,
}

/// The identity provider whose steps are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Provider {
    Okta,
    Entra,
    Google,
}

impl Provider {
    const ALL: [Self; 3] = [Self::Okta, Self::Entra, Self::Google];

    fn steps(
        self,
        scim: &'static crate::messages::scim::ScimMessages,
    ) -> &'static ScimProviderSteps {
        match self {
            Self::Okta => &scim.okta,
            Self::Entra => &scim.entra,
            Self::Google => &scim.google,
        }
    }
}

/// A token change to confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenChange {
    Rotate,
    Revoke,
}

/// What the admin reads for an event's action.
fn action_text(action: &str) -> &str {
    ACTIONS
        .iter()
        .find(|(name, _)| *name == action)
        .map_or(action, |(_, text)| text)
}

/// One line of the activity list.
fn activity_line(
    event: &ScimActivity,
    scim: &'static crate::messages::scim::ScimMessages,
) -> String {
    if event.failed {
        let text = |key: &str| event.data[key].as_str().unwrap_or_default().to_owned();
        return fill(
            &fill(scim.refused, "request", &text("request")),
            "detail",
            &text("detail"),
        );
    }
    let mut line = action_text(&event.action).to_owned();
    let user = if event.user_login.is_empty() {
        event.data["loginId"]
            .as_str()
            .unwrap_or(event.user_id.as_str())
    } else {
        event.user_login.as_str()
    };
    if !user.is_empty() {
        line.push_str(": ");
        line.push_str(&fill(scim.about_user, "user", user));
    }
    line
}

/// The provisioning section.
#[component]
pub fn ScimSection(props: &ScimSectionProps) -> Html {
    let lang = crate::i18n::use_lang();
    let messages = crate::i18n::use_messages();
    let scim = &messages.scim;
    let requests = use_requests();
    let settings = use_state(|| Remote::<Rc<ScimSettingsResponse>>::Loading);
    let reloads = use_state(|| 0_u32);
    let provider = use_state(|| Provider::Okta);
    let confirm = use_state(|| None::<TokenChange>);
    let secret = use_state(|| None::<Secret>);
    let busy = use_state(|| false);
    let status = use_state(String::new);
    let editing = use_state(|| None::<(ScimGroupMapping, VecSet<String>)>);
    {
        let (requests, settings, target) =
            (requests.clone(), settings.clone(), props.target.clone());
        use_effect_with((*reloads, props.refresh), move |_| {
            let request =
                async move { target.client().scim_settings(target.tenant.as_str()).await };
            requests.run(request, move |answer| {
                settings.set(match answer {
                    Ok(answer) => Remote::Loaded(Rc::new(answer)),
                    Err(error) => Remote::Failed(LoadError::from(&error)),
                });
            });
        });
    }
    let reload = {
        let reloads = reloads.clone();
        move || reloads.set(reloads.wrapping_add(1))
    };
    // Rotates (creates) or revokes the token, then says so.
    let change_token = {
        let (requests, target, busy, status, secret, confirm) = (
            requests.clone(),
            props.target.clone(),
            busy.clone(),
            status.clone(),
            secret.clone(),
            confirm.clone(),
        );
        let reload = reload.clone();
        move |change: TokenChange| {
            busy.set(true);
            let target = target.clone();
            let request = async move {
                let client = target.client();
                let tenant = target.tenant.as_str();
                match change {
                    TokenChange::Rotate => client
                        .rotate_scim_token(tenant)
                        .await
                        .map(|answer| Some(answer.cleartext)),
                    TokenChange::Revoke => client.revoke_scim_token(tenant).await.map(|_| None),
                }
            };
            let (busy, status, secret, confirm, reload) = (
                busy.clone(),
                status.clone(),
                secret.clone(),
                confirm.clone(),
                reload.clone(),
            );
            requests.run(request, move |answer: Result<Option<Secret>, ApiError>| {
                busy.set(false);
                confirm.set(None);
                match answer {
                    Ok(cleartext) => {
                        status.set(
                            if cleartext.is_some() {
                                scim.done_rotate
                            } else {
                                scim.done_revoke
                            }
                            .to_owned(),
                        );
                        secret.set(cleartext);
                        reload();
                    }
                    Err(error) => status.set(fill(
                        scim.change_failed,
                        "error",
                        &LoadError::from(&error).message,
                    )),
                }
            });
        }
    };
    let copied = use_state(String::new);
    let copy = |label: &'static str, value: String| {
        let (requests, copied) = (requests.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            requests.run(copy_to_clipboard(value.clone()), move |done| {
                copied.set(if done {
                    fill(scim.copied, "label", label)
                } else {
                    messages.copy_failed.to_owned()
                });
            });
        })
    };
    let save_roles = {
        let (requests, target, editing, busy, status, settings) = (
            requests.clone(),
            props.target.clone(),
            editing.clone(),
            busy.clone(),
            status.clone(),
            settings.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some((group, chosen)) = (*editing).clone() else {
                return;
            };
            busy.set(true);
            let target = target.clone();
            let request = ScimGroupRolesRequest {
                tenant_id: String::new(),
                group_id: group.group_id.clone(),
                role_names: chosen.into_iter().collect(),
            };
            let call = async move { target.client().set_scim_group_roles(&request).await };
            let (editing, busy, status, settings) = (
                editing.clone(),
                busy.clone(),
                status.clone(),
                settings.clone(),
            );
            requests.run(call, move |answer| {
                busy.set(false);
                match answer {
                    Ok(answer) => {
                        editing.set(None);
                        status.set(fill(scim.done_roles, "group", &group.display_name));
                        settings.set(Remote::Loaded(Rc::new(answer)));
                    }
                    Err(error) => status.set(LoadError::from(&error).message),
                }
            });
        })
    };

    let loaded = match &*settings {
        Remote::Loading => {
            return html! {
                <section class="tk-profile-section tk-scim" part="section scim-section" aria-busy="true">
                    <h3 class="tk-section-title" part="section-title">{ scim.title }</h3>
                    <p class="tk-hint">{ scim.loading }</p>
                </section>
            };
        }
        // A server without SCIM: nothing to set up here.
        Remote::Failed(LoadError {
            status: Some(404), ..
        }) => return Html::default(),
        Remote::Failed(error) => {
            let text = if error.status == Some(403) {
                scim.needs_permissions.to_owned()
            } else {
                fill(scim.failed, "error", &error.message)
            };
            return html! {
                <section class="tk-profile-section tk-scim" part="section scim-section"
                    aria-labelledby="tk-scim-title">
                    <h3 id="tk-scim-title" class="tk-section-title" part="section-title">{ scim.title }</h3>
                    <p class="tk-read-only" part="section-error">{ text }</p>
                </section>
            };
        }
        Remote::Loaded(loaded) => loaded.clone(),
    };

    let token_html = match &loaded.token {
        None => html! {
            <>
                <p class="tk-hint" part="scim-token-state">{ scim.no_token }</p>
                <div class="tk-inline-actions">
                    <button type="button" class="tk-button tk-button--primary" part="button scim-create-button"
                        disabled={*busy} onclick={
                            let change_token = change_token.clone();
                            Callback::from(move |_: MouseEvent| change_token(TokenChange::Rotate))
                        }>{ scim.create_token }</button>
                </div>
            </>
        },
        Some(token) => {
            let used = if token.last_used_time > 0 {
                lang.moment(token.last_used_time)
            } else {
                scim.never_used.to_owned()
            };
            let ask = |change: TokenChange| {
                let confirm = confirm.clone();
                Callback::from(move |_: MouseEvent| confirm.set(Some(change)))
            };
            html! {
                <>
                    <p class="tk-hint" part="scim-token-state">
                        { fill(&fill(scim.token_state, "created", &lang.moment(token.created_time)), "used", &used) }
                    </p>
                    <div class="tk-inline-actions">
                        <button type="button" class="tk-button" part="button scim-rotate-button"
                            disabled={*busy} onclick={ask(TokenChange::Rotate)}>{ scim.rotate_token }</button>
                        <button type="button" class="tk-button tk-button--danger-outline" part="button scim-revoke-button"
                            disabled={*busy} onclick={ask(TokenChange::Revoke)}>{ scim.revoke_token }</button>
                    </div>
                </>
            }
        }
    };

    let chosen = *provider;
    let steps = chosen.steps(scim);
    let steps_html = html! {
        <div class="tk-scim-steps" part="scim-steps">
            <h4 class="tk-subsection-title">{ scim.steps_title }</h4>
            <div class="tk-inline-actions" role="group" aria-label={scim.provider_label}>
                { for Provider::ALL.iter().map(|&choice| {
                    let provider = provider.clone();
                    html! {
                        <button type="button" class="tk-button tk-button--small" part="button provider-button"
                            aria-pressed={(choice == chosen).to_string()}
                            onclick={Callback::from(move |_: MouseEvent| provider.set(choice))}>
                            { choice.steps(scim).name }
                        </button>
                    }
                }) }
            </div>
            if steps.steps.len() == 1 {
                <p class="tk-hint" part="scim-no-provisioning">{ steps.steps[0] }</p>
            } else {
                <ol class="tk-steps">
                    { for steps.steps.iter().map(|step| html! { <li>{ fill(step, "url", &loaded.base_url) }</li> }) }
                </ol>
            }
        </div>
    };

    let groups_html = if loaded.groups.is_empty() {
        html! { <p class="tk-hint" part="scim-groups-empty">{ scim.groups_empty }</p> }
    } else {
        html! {
            <>
                <p class="tk-hint">{ scim.groups_intro }</p>
                <div class="tk-table-wrap" part="table-wrap">
                    <table class="tk-table" part="table scim-groups">
                        <thead>
                            <tr>
                                <th scope="col">{ scim.column_group }</th>
                                <th scope="col">{ scim.column_members }</th>
                                <th scope="col">{ scim.column_roles }</th>
                                <th scope="col"><span class="tk-visually-hidden">{ messages.column_actions }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            { for loaded.groups.iter().map(|group| {
                                let edit = {
                                    let (editing, group) = (editing.clone(), group.clone());
                                    Callback::from(move |_: MouseEvent| {
                                        let chosen = group.role_names.iter().cloned().collect();
                                        editing.set(Some((group.clone(), chosen)));
                                    })
                                };
                                html! {
                                    <tr key={group.group_id.clone()}>
                                        <th scope="row">{ group.display_name.clone() }</th>
                                        <td>{ group.members }</td>
                                        <td>{ if group.role_names.is_empty() {
                                            scim.no_roles.to_owned()
                                        } else {
                                            group.role_names.join(", ")
                                        } }</td>
                                        <td class="tk-actions-cell">
                                            <button type="button" class="tk-button tk-button--small" part="button edit-roles-button"
                                                aria-label={fill(scim.edit_roles, "group", &group.display_name)}
                                                onclick={edit}>{ scim.edit_button }</button>
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                if let Some((group, selected)) = &*editing {
                    <div class="tk-scim-roles" part="scim-roles">
                        <RolePicker legend={fill(scim.roles_legend, "group", &group.display_name)}
                            roles={props.roles.clone()} selected={selected.clone()}
                            onchange={
                                let (editing, group) = (editing.clone(), group.clone());
                                Callback::from(move |chosen| editing.set(Some((group.clone(), chosen))))
                            } />
                        <div class="tk-inline-actions">
                            <button type="button" class="tk-button tk-button--primary" part="button save-roles-button"
                                disabled={*busy} onclick={save_roles}>{ scim.save_roles }</button>
                            <button type="button" class="tk-button" part="button"
                                onclick={
                                    let editing = editing.clone();
                                    Callback::from(move |_: MouseEvent| editing.set(None))
                                }>{ scim.cancel }</button>
                        </div>
                    </div>
                }
            </>
        }
    };

    let activity_html = if loaded.activity.is_empty() {
        html! { <p class="tk-hint">{ scim.activity_empty }</p> }
    } else {
        html! {
            <ul class="tk-activity" part="scim-activity">
                { for loaded.activity.iter().map(|event| html! {
                    <li class={classes!(event.failed.then_some("tk-activity--failed"))}>
                        <time class="tk-hint">{ lang.moment(event.occurred_time / 1000) }</time>
                        { " " }
                        <span>{ activity_line(event, scim) }</span>
                    </li>
                }) }
            </ul>
        }
    };

    let confirm_html = match *confirm {
        None => Html::default(),
        Some(change) => {
            let (question, label, danger) = match change {
                TokenChange::Rotate => (scim.confirm_rotate, scim.rotate_token, false),
                TokenChange::Revoke => (scim.confirm_revoke, scim.revoke_token, true),
            };
            let onconfirm = {
                let change_token = change_token.clone();
                Callback::from(move |()| change_token(change))
            };
            let onclose = {
                let confirm = confirm.clone();
                Callback::from(move |()| confirm.set(None))
            };
            confirm_dialog(
                messages,
                Confirmation {
                    question: question.into(),
                    confirm_label: label.into(),
                    danger,
                    busy: *busy,
                    onconfirm,
                    onclose,
                },
            )
        }
    };
    let secret_html = match &*secret {
        None => Html::default(),
        Some(cleartext) => {
            let onclose = {
                let secret = secret.clone();
                Callback::from(move |()| secret.set(None))
            };
            html! {
                <SecretDialog title={scim.secret_title} intro={scim.secret_intro} label={scim.secret_label}
                    part="scim-token" warning={scim.secret_warning} copy_failed={messages.copy_failed}
                    secret={cleartext.clone()} {onclose} />
            }
        }
    };

    html! {
        <section class="tk-profile-section tk-scim" part="section scim-section" aria-labelledby="tk-scim-title">
            <h3 id="tk-scim-title" class="tk-section-title" part="section-title">{ scim.title }</h3>
            <p class="tk-hint">{ scim.intro }</p>
            <dl class="tk-facts">
                <div class="tk-fact">
                    <dt>{ scim.base_url_label }</dt>
                    <dd class="tk-copy-row">
                        <code class="tk-code" part="scim-base-url">{ loaded.base_url.clone() }</code>
                        <button type="button" class="tk-button tk-button--small" part="button copy-button"
                            aria-label={fill(scim.copy_label, "label", scim.base_url_label)}
                            onclick={copy(scim.base_url_label, loaded.base_url.clone())}>{ messages.copy }</button>
                    </dd>
                </div>
                <div class="tk-fact">
                    <dt>{ scim.token_label }</dt>
                    <dd>{ token_html }</dd>
                </div>
            </dl>
            { steps_html }
            <h4 class="tk-subsection-title">{ scim.groups_title }</h4>
            { groups_html }
            <h4 class="tk-subsection-title">{ scim.activity_title }</h4>
            { activity_html }
            <p class="tk-visually-hidden" role="status" aria-live="polite">{ (*copied).clone() }</p>
            // Present from the start, so that screen readers announce what lands in it.
            <p class="tk-hint" part="scim-status" role="status" aria-live="polite">{ (*status).clone() }</p>
            { confirm_html }
            { secret_html }
        </section>
    }
}
