//! `<DomainsSection>`: the tenant's email domains and their proof of ownership. Add a domain
//! (checked as the server checks it, `tenantkit_wire::domain::normalize`), then publish the DNS
//! TXT record it shows (name and value, each with a copy button) and verify; each row shows its
//! status, when it was last checked and why that check failed. Remove is confirmed first.
//! Read-only, with the reason, for an admin without `SSO Admin`.

use crate::dom::copy_to_clipboard;
use crate::list::{LoadError, SearchTarget, use_requests};
use crate::messages::fill;
use crate::profile::actions;
use crate::profile::state::status_name;
use crate::ui::confirm_dialog::{Confirmation, confirm_dialog};
use crate::ui::form::{field_error, value_of};
use tenantkit_wire::domain::{DomainStatus, TenantDomain, normalize};
use yew::prelude::*;

/// What a domain change was, for the top component's notice and event.
#[derive(Debug, Clone, PartialEq)]
pub enum DomainChange {
    /// Added: the domain as the server now has it.
    Added(TenantDomain),
    /// Checked: the domain after the check.
    Checked(TenantDomain),
    /// Removed.
    Removed(String),
}

/// Properties of [`DomainsSection`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct DomainsSectionProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// The domains, or why they could not be loaded.
    pub domains: Result<Vec<TenantDomain>, LoadError>,
    /// The admin may add, verify and remove domains.
    pub editable: bool,
    /// A change landed.
    pub onchanged: Callback<DomainChange>,
    /// A change failed: the widget's `tk-error` and notice (`{domain}` and the reason).
    pub onfailed: Callback<(String, LoadError)>,
}

/// The tenant's domains.
#[component]
pub fn DomainsSection(props: &DomainsSectionProps) -> Html {
    let lang = crate::i18n::use_lang();
    let messages = crate::i18n::use_messages();
    let p = &messages.profile;
    let requests = use_requests();
    let typed = use_state(String::new);
    let add_error = use_state(|| None::<String>);
    // The domain a request is running for (its buttons are busy).
    let busy = use_state(|| None::<String>);
    let confirm = use_state(|| None::<String>);
    let copied = use_state(String::new);

    // Runs a change for `domain`, then reports it.
    let run = {
        let (requests, busy, props) = (requests.clone(), busy.clone(), props.clone());
        move |domain: String, change: fn(&SearchTarget, String) -> ChangeFuture| {
            if busy.is_some() {
                return;
            }
            busy.set(Some(domain.clone()));
            let (busy, props) = (busy.clone(), props.clone());
            let request = change(&props.target, domain.clone());
            requests.send(async move {
                let result = request.await;
                busy.set(None);
                match result {
                    Ok(change) => props.onchanged.emit(change),
                    Err(error) => props.onfailed.emit((domain, LoadError::from(&error))),
                }
            });
        }
    };

    let onadd = {
        let (typed, add_error, run) = (typed.clone(), add_error.clone(), run.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match normalize(&typed) {
                Ok(domain) => {
                    add_error.set(None);
                    typed.set(String::new());
                    run(domain, |target, domain| {
                        let target = target.clone();
                        Box::pin(async move {
                            actions::add_domain(&target, &domain)
                                .await
                                .map(DomainChange::Added)
                        })
                    });
                }
                Err(message) => add_error.set(Some(message)),
            }
        })
    };
    let oninput = {
        let (typed, add_error) = (typed.clone(), add_error.clone());
        Callback::from(move |event: InputEvent| {
            if let Some(text) = value_of(&event) {
                typed.set(text);
                add_error.set(None);
            }
        })
    };
    let verify = |domain: &str| {
        let (run, domain) = (run.clone(), domain.to_owned());
        Callback::from(move |_: MouseEvent| {
            run(domain.clone(), |target, domain| {
                let target = target.clone();
                Box::pin(async move {
                    actions::verify_domain(&target, &domain)
                        .await
                        .map(DomainChange::Checked)
                })
            })
        })
    };
    let ask_remove = |domain: &str| {
        let (confirm, domain) = (confirm.clone(), domain.to_owned());
        Callback::from(move |_: MouseEvent| confirm.set(Some(domain.clone())))
    };
    let copy = |label: &'static str, value: String| {
        let (copied, requests) = (copied.clone(), requests.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            requests.run(copy_to_clipboard(value.clone()), move |done| {
                copied.set(if done {
                    fill(p.copied, "label", label)
                } else {
                    messages.copy_failed.to_owned()
                });
            });
        })
    };

    let body = match &props.domains {
        Err(error) => html! {
            <p class="tk-hint" part="section-error">{ fill(p.section_failed, "error", &error.message) }</p>
        },
        Ok(domains) if domains.is_empty() => html! { <p class="tk-hint">{ p.domains_empty }</p> },
        Ok(domains) => html! {
            <div class="tk-table-wrap" part="table-wrap">
                <table class="tk-table tk-domain-table" part="table">
                    <thead>
                        <tr>
                            <th scope="col">{ p.column_domain }</th>
                            <th scope="col">{ p.column_status }</th>
                            <th scope="col">{ p.column_record }</th>
                            if props.editable {
                                <th scope="col"><span class="tk-visually-hidden">{ p.column_actions }</span></th>
                            }
                        </tr>
                    </thead>
                    <tbody>
                        { for domains.iter().map(|domain| {
                            let row_busy = busy.as_deref() == Some(domain.domain.as_str());
                            html! {
                                <tr key={domain.domain.clone()} data-domain={domain.domain.clone()}>
                                    <th scope="row" data-column="domain">
                                        { domain.domain.clone() }
                                        if domain.vouched {
                                            <span class="tk-hint tk-block">{ p.vouched }</span>
                                        }
                                    </th>
                                    <td data-column="status">
                                        { status_badge(domain.status, p) }
                                        if domain.checked_time > 0 {
                                            <span class="tk-hint tk-block">{ fill(p.last_checked, "time", &lang.moment(domain.checked_time)) }</span>
                                        }
                                        if !domain.error.is_empty() && domain.status != DomainStatus::Verified {
                                            <span class="tk-field-error tk-block" part="domain-error">
                                                { fill(p.last_error, "error", &domain.error) }
                                            </span>
                                        }
                                    </td>
                                    <td data-column="record">
                                        if domain.status != DomainStatus::Verified && !domain.record_name.is_empty() {
                                            <dl class="tk-record" part="dns-record">
                                                <div class="tk-record-line">
                                                    <dt>{ p.record_type_label }</dt>
                                                    <dd><code class="tk-code" data-record="type">{ p.record_type }</code></dd>
                                                </div>
                                                { record_line(p.record_name, &domain.record_name, &domain.domain, copy(p.record_name, domain.record_name.clone()), messages) }
                                                { record_line(p.record_value, &domain.record_value, &domain.domain, copy(p.record_value, domain.record_value.clone()), messages) }
                                            </dl>
                                        } else {
                                            <span class="tk-muted">{ messages.empty_cell }</span>
                                        }
                                    </td>
                                    if props.editable {
                                        <td class="tk-actions-cell">
                                            <span class="tk-inline-actions">
                                                <button type="button" class="tk-button tk-button--small" part="button verify-button"
                                                    aria-label={fill(p.verify_label, "domain", &domain.domain)}
                                                    disabled={busy.is_some()} aria-busy={row_busy.to_string()}
                                                    onclick={verify(&domain.domain)}>{ p.verify }</button>
                                                <button type="button" class="tk-button tk-button--small tk-button--danger-outline" part="button remove-button"
                                                    aria-label={fill(p.remove_label, "domain", &domain.domain)}
                                                    disabled={busy.is_some()}
                                                    onclick={ask_remove(&domain.domain)}>{ p.remove }</button>
                                            </span>
                                        </td>
                                    }
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    let dialog = match &*confirm {
        Some(domain) => {
            let onclose = {
                let confirm = confirm.clone();
                Callback::from(move |()| confirm.set(None))
            };
            let onconfirm = {
                let (confirm, run, domain) = (confirm.clone(), run.clone(), domain.clone());
                Callback::from(move |()| {
                    confirm.set(None);
                    run(domain.clone(), |target, domain| {
                        let target = target.clone();
                        Box::pin(async move {
                            actions::remove_domain(&target, &domain)
                                .await
                                .map(|()| DomainChange::Removed(domain))
                        })
                    })
                })
            };
            confirm_dialog(
                messages,
                Confirmation {
                    question: fill(p.confirm_remove, "domain", domain).into(),
                    confirm_label: p.remove.into(),
                    danger: true,
                    busy: busy.is_some(),
                    onconfirm,
                    onclose,
                },
            )
        }
        None => Html::default(),
    };
    html! {
        <section class="tk-profile-section" part="section domains-section" aria-labelledby="tk-profile-domains-title">
            <h3 id="tk-profile-domains-title" class="tk-section-title" part="section-title">{ p.domains_title }</h3>
            <p class="tk-hint">{ p.domains_intro }</p>
            if !props.editable {
                <p class="tk-hint tk-read-only" part="read-only-reason">{ p.domains_read_only }</p>
            }
            if props.editable && props.domains.is_ok() {
                <form class="tk-add-domain" part="form" novalidate=true onsubmit={onadd}>
                    <div class="tk-form-field">
                        <label for="tk-profile-domain" class="tk-field-label">{ p.field_domain }</label>
                        <input id="tk-profile-domain" type="text" class="tk-input" part="input"
                            placeholder="example.com" value={(*typed).clone()}
                            aria-invalid={add_error.is_some().to_string()}
                            aria-describedby={add_error.as_ref().map(|_| "tk-profile-domain-error")}
                            {oninput} />
                        { field_error(add_error.as_ref(), "tk-profile-domain-error".to_owned()) }
                    </div>
                    <button type="submit" class="tk-button tk-button--primary" part="button"
                        disabled={busy.is_some()}>{ p.domain_add }</button>
                </form>
            }
            { body }
            <p class="tk-visually-hidden" role="status" aria-live="polite">{ (*copied).clone() }</p>
            { dialog }
        </section>
    }
}

/// A change's request, boxed so one `run` serves add, verify and remove.
type ChangeFuture = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<DomainChange, tenantkit_client::ApiError>>>,
>;

fn status_badge(
    status: DomainStatus,
    p: &'static crate::messages::profile::ProfileMessages,
) -> Html {
    let (text, class) = match status {
        DomainStatus::Pending => (p.status_pending, "tk-badge--invited"),
        DomainStatus::Verified => (p.status_verified, "tk-badge--enabled"),
        DomainStatus::Failed => (p.status_failed, "tk-badge--failed"),
    };
    html! {
        <span class={classes!("tk-badge", class)} part="badge" data-status={status_name(status)}>{ text }</span>
    }
}

/// One line of the TXT record: its label, the value to copy, and the copy button.
fn record_line(
    label: &'static str,
    value: &str,
    domain: &str,
    onclick: Callback<MouseEvent>,
    messages: &'static crate::messages::Messages,
) -> Html {
    let p = &messages.profile;
    html! {
        <div class="tk-record-line">
            <dt>{ label }</dt>
            <dd class="tk-copy-row">
                <code class="tk-code" data-record={label.to_ascii_lowercase()}>{ value.to_owned() }</code>
                <button type="button" class="tk-button tk-button--small" part="button copy-button"
                    aria-label={fill(&fill(p.copy_label, "label", &label.to_ascii_lowercase()), "domain", domain)}
                    {onclick}>{ messages.copy }</button>
            </dd>
        </div>
    }
}
