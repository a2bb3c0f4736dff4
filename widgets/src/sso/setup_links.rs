//! `<SetupLinksSection>`: "Send setup link to your IT admin", under the SSO overview. The admin
//! enters whom the link is for and how long it works (1, 7 or 30 days), then creates it (shown
//! once in a [`SecretDialog`], with a copy button) or has the server email it; the active
//! links are listed with their expiry, each revocable (confirmed: it stops at once).
//!
//! Left out when the server has no such routes (404) or does not let this caller see links
//! (401, 403): an SSO setup link itself cannot, so the section hides on the page a link opens.

use crate::list::{LoadError, Remote, SearchTarget, use_requests};
use crate::messages::fill;
use crate::ui::confirm_dialog::{Confirmation, confirm_dialog};
use crate::ui::secret_dialog::SecretDialog;
use std::rc::Rc;
use tenantkit_client::ApiError;
use tenantkit_wire::calendar::DAY;
use tenantkit_wire::sso_link::{GenerateSsoLinkRequest, SendSsoLinkRequest, SsoLinkInfo};
use tenantkit_wire::{Secret, validate};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The lifetimes offered, in days.
const EXPIRY_DAYS: [i64; 3] = [1, 7, 30];
/// The lifetime chosen at first, in days.
const DEFAULT_DAYS: i64 = 7;

/// Properties of [`SetupLinksSection`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SetupLinksSectionProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// Bumped by the element's `refresh()`.
    #[prop_or_default]
    pub refresh: u64,
}

/// What the section is doing or asking.
#[derive(Debug, Clone, PartialEq, Default)]
enum Dialog {
    #[default]
    Closed,
    /// A new link, shown once.
    Created(Secret),
    /// Revoke this link?
    Revoke(SsoLinkInfo),
}

/// How a link is named in the list and the notices: its address, else its id.
fn link_name(link: &SsoLinkInfo) -> String {
    if link.email.is_empty() {
        link.id.clone()
    } else {
        link.email.clone()
    }
}

/// The section.
#[component]
pub fn SetupLinksSection(props: &SetupLinksSectionProps) -> Html {
    let lang = crate::i18n::use_lang();
    let messages = crate::i18n::use_messages();
    let m = &messages.sso_links;
    let requests = use_requests();
    let links = use_state(|| Remote::<Rc<Vec<SsoLinkInfo>>>::Loading);
    let reloads = use_state(|| 0_u32);
    let email = use_state(String::new);
    let days = use_state(|| DEFAULT_DAYS);
    let email_error = use_state(|| None::<String>);
    let dialog = use_state(|| Dialog::Closed);
    let busy = use_state(|| false);
    let status = use_state(String::new);
    {
        let (requests, links, target) = (requests.clone(), links.clone(), props.target.clone());
        use_effect_with((*reloads, props.refresh), move |_| {
            let request = async move { target.client().sso_links(target.tenant.as_str()).await };
            requests.run(request, move |answer| {
                links.set(match answer {
                    Ok(answer) => Remote::Loaded(Rc::new(answer.links)),
                    Err(error) => Remote::Failed(LoadError::from(&error)),
                });
            });
        });
    }
    let reload = {
        let reloads = reloads.clone();
        move || reloads.set(reloads.wrapping_add(1))
    };
    // Runs a change, then says how it went and reloads the list.
    let change = {
        let (requests, busy, status, reload) = (
            requests.clone(),
            busy.clone(),
            status.clone(),
            reload.clone(),
        );
        move |request: std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<String, ApiError>>>,
        >,
              then: Box<dyn FnOnce()>| {
            busy.set(true);
            let (busy, status, reload) = (busy.clone(), status.clone(), reload.clone());
            requests.run(request, move |answer| {
                busy.set(false);
                match answer {
                    Ok(done) => {
                        status.set(done);
                        then();
                        reload();
                    }
                    Err(error) => status.set(fill(
                        m.change_failed,
                        "error",
                        &LoadError::from(&error).message,
                    )),
                }
            });
        }
    };
    // The address typed, checked with the server's rule; `required` for "Email link".
    let checked_email = {
        let (email, email_error) = (email.clone(), email_error.clone());
        move |required: bool| -> Option<String> {
            let typed = email.trim().to_owned();
            let problem = if typed.is_empty() {
                required.then(|| m.email_required.to_owned())
            } else {
                validate::email(&typed).err()
            };
            email_error.set(problem.clone());
            problem.is_none().then_some(typed)
        }
    };
    let oncreate = {
        let (change, checked_email, target, days, dialog) = (
            change.clone(),
            checked_email.clone(),
            props.target.clone(),
            days.clone(),
            dialog.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some(address) = checked_email(false) else {
                return;
            };
            let request = GenerateSsoLinkRequest {
                tenant_id: target.tenant.as_str().to_owned(),
                expire_time: *days * DAY,
                email: address,
                ..GenerateSsoLinkRequest::default()
            };
            let target = target.clone();
            let created = Rc::new(std::cell::RefCell::new(None::<Secret>));
            let kept = created.clone();
            let call = async move {
                let answer = target.client().generate_sso_link(&request).await?;
                *kept.borrow_mut() = Some(Secret::new(answer.admin_sso_configuration_link));
                Ok(m.done_create.to_owned())
            };
            let dialog = dialog.clone();
            change(
                Box::pin(call),
                Box::new(move || {
                    if let Some(link) = created.borrow_mut().take() {
                        dialog.set(Dialog::Created(link));
                    }
                }),
            );
        })
    };
    let onsend = {
        let (change, checked_email, target, days, email) = (
            change.clone(),
            checked_email.clone(),
            props.target.clone(),
            days.clone(),
            email.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some(address) = checked_email(true) else {
                return;
            };
            let request = SendSsoLinkRequest {
                tenant_id: target.tenant.as_str().to_owned(),
                email: address.clone(),
                expire_time: *days * DAY,
                ..SendSsoLinkRequest::default()
            };
            let target = target.clone();
            let call = async move {
                target.client().send_sso_link(&request).await?;
                Ok(fill(m.done_send, "email", &address))
            };
            let email = email.clone();
            change(Box::pin(call), Box::new(move || email.set(String::new())));
        })
    };
    let oninput = {
        let email = email.clone();
        Callback::from(move |event: InputEvent| {
            email.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let onexpiry = {
        let days = days.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            days.set(value.parse().unwrap_or(DEFAULT_DAYS));
        })
    };

    let list = match &*links {
        Remote::Loading => html! { <p class="tk-hint">{ m.loading }</p> },
        // No such routes, or not for this caller (an SSO setup link): no section at all.
        Remote::Failed(LoadError {
            status: Some(401 | 403 | 404),
            ..
        }) => return Html::default(),
        Remote::Failed(error) => html! {
            <p class="tk-read-only" part="section-error">{ fill(m.failed, "error", &error.message) }</p>
        },
        Remote::Loaded(loaded) if loaded.is_empty() => {
            html! { <p class="tk-hint" part="setup-links-empty">{ m.empty }</p> }
        }
        Remote::Loaded(loaded) => html! {
            <div class="tk-table-wrap" part="table-wrap">
                <table class="tk-table" part="table setup-links">
                    <caption class="tk-visually-hidden">{ m.list_title }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ m.column_for }</th>
                            <th scope="col">{ m.column_configuration }</th>
                            <th scope="col">{ m.column_created }</th>
                            <th scope="col">{ m.column_expires }</th>
                            <th scope="col"><span class="tk-visually-hidden">{ messages.column_actions }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for loaded.iter().map(|link| {
                            let ask = {
                                let (dialog, link) = (dialog.clone(), link.clone());
                                Callback::from(move |_: MouseEvent| dialog.set(Dialog::Revoke(link.clone())))
                            };
                            let by = if crate::made_by_product(&link.created_by) {
                                m.by_product.to_owned()
                            } else {
                                link.created_by_external_ids.first().unwrap_or(&link.created_by).clone()
                            };
                            html! {
                                <tr key={link.id.clone()} part="setup-link-row">
                                    <th scope="row">{ if link.email.is_empty() { m.for_anyone.to_owned() } else { link.email.clone() } }</th>
                                    <td>{ if link.sso_id.is_empty() { m.default_configuration.to_owned() } else { link.sso_id.clone() } }</td>
                                    <td>
                                        <time>{ lang.moment(link.created_time) }</time>
                                        <span class="tk-hint tk-block">{ by }</span>
                                    </td>
                                    <td><time part="setup-link-expiry">{ lang.moment(link.expire_time) }</time></td>
                                    <td class="tk-actions-cell">
                                        <button type="button" class="tk-button tk-button--small tk-button--danger-outline"
                                            part="button setup-link-revoke-button" disabled={*busy}
                                            aria-label={fill(m.revoke_label, "link", &link_name(link))}
                                            onclick={ask}>{ m.revoke }</button>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };

    let dialog_html = match &*dialog {
        Dialog::Closed => Html::default(),
        Dialog::Created(link) => {
            let onclose = {
                let dialog = dialog.clone();
                Callback::from(move |()| dialog.set(Dialog::Closed))
            };
            html! {
                <SecretDialog title={m.secret_title} intro={m.secret_intro} label={m.secret_label}
                    part="setup-link" warning={m.secret_warning} copy_failed={messages.copy_failed}
                    secret={link.clone()} {onclose} />
            }
        }
        Dialog::Revoke(link) => {
            let onclose = {
                let dialog = dialog.clone();
                Callback::from(move |()| dialog.set(Dialog::Closed))
            };
            let onconfirm = {
                let (change, target, link, dialog) = (
                    change.clone(),
                    props.target.clone(),
                    link.clone(),
                    dialog.clone(),
                );
                Callback::from(move |()| {
                    let (target, link) = (target.clone(), link.clone());
                    let call = async move {
                        target
                            .client()
                            .revoke_sso_link(target.tenant.as_str(), &link.id)
                            .await?;
                        Ok(fill(m.done_revoke, "link", &link_name(&link)))
                    };
                    let dialog = dialog.clone();
                    change(Box::pin(call), Box::new(move || dialog.set(Dialog::Closed)));
                })
            };
            confirm_dialog(
                messages,
                Confirmation {
                    question: fill(m.confirm_revoke, "link", &link_name(link)).into(),
                    confirm_label: m.revoke.into(),
                    danger: true,
                    busy: *busy,
                    onconfirm,
                    onclose,
                },
            )
        }
    };

    let error = (*email_error).clone();
    html! {
        <section class="tk-profile-section tk-setup-links" part="section setup-links-section"
            aria-labelledby="tk-setup-links-title">
            <h3 id="tk-setup-links-title" class="tk-section-title" part="section-title">{ m.title }</h3>
            <p class="tk-hint">{ m.intro }</p>
            <div class="tk-setup-link-form" part="form setup-link-form">
                <div class="tk-form-field">
                    <label for="tk-setup-link-email" class="tk-field-label">{ m.field_email }</label>
                    <input id="tk-setup-link-email" type="email" class="tk-input" part="input setup-link-email"
                        autocomplete="off" value={(*email).clone()}
                        aria-invalid={error.is_some().to_string()}
                        aria-describedby={if error.is_some() { "tk-setup-link-email-error" } else { "tk-setup-link-email-hint" }}
                        {oninput} />
                    if let Some(message) = &error {
                        <p id="tk-setup-link-email-error" class="tk-field-error" part="field-error" role="alert">{ message.clone() }</p>
                    } else {
                        <p id="tk-setup-link-email-hint" class="tk-hint">{ m.email_hint }</p>
                    }
                </div>
                <div class="tk-form-field">
                    <label for="tk-setup-link-expiry" class="tk-field-label">{ m.field_expiry }</label>
                    <select id="tk-setup-link-expiry" class="tk-select" part="select setup-link-expiry-select"
                        onchange={onexpiry}>
                        { for EXPIRY_DAYS.into_iter().map(|choice| html! {
                            <option value={choice.to_string()} selected={choice == *days}>
                                { if choice == 1 { m.expiry_day.to_owned() } else { fill(m.expiry_days, "days", &choice.to_string()) } }
                            </option>
                        }) }
                    </select>
                </div>
                <div class="tk-inline-actions">
                    <button type="button" class="tk-button tk-button--primary" part="button setup-link-create-button"
                        disabled={*busy} onclick={oncreate}>{ m.create }</button>
                    <button type="button" class="tk-button" part="button setup-link-send-button"
                        disabled={*busy} onclick={onsend}>{ m.send }</button>
                </div>
            </div>
            <h4 class="tk-subsection-title">{ m.list_title }</h4>
            { list }
            // Present from the start, so that screen readers announce what lands in it.
            <p class="tk-hint" part="setup-links-status" role="status" aria-live="polite">{ (*status).clone() }</p>
            { dialog_html }
        </section>
    }
}
