//! `<InviteDialog>`: "Invite people". The admin pastes addresses (separated by commas, spaces or
//! new lines; up to [`MAX_INVITATIONS_PER_CALL`]) and picks roles with the shared
//! [`RolePicker`] (roles they may not grant are disabled, with the reason); one request invites
//! them all, and the dialog then lists what became of each address: invited, already a member,
//! or not invited with the server's reason.

use crate::collections::{VecMap, VecSet};
use crate::list::{LoadError, SearchTarget, use_requests};
use crate::messages::fill;
use crate::ui::modal::Modal;
use crate::ui::role_picker::RolePicker;
use std::rc::Rc;
use tenantkit_wire::invitation::{
    InvitationOutcome, InvitationResult, InviteRequest, MAX_INVITATIONS_PER_CALL, split_addresses,
};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Properties of [`InviteDialog`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct InviteDialogProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// Roles of the tenant to offer.
    pub roles: Vec<String>,
    /// Roles the admin may not grant, with the permissions they lack.
    #[prop_or_default]
    pub locked_roles: Rc<VecMap<String, Vec<String>>>,
    /// Closed; `true` when someone was invited (the user list changed).
    pub onclose: Callback<bool>,
}

/// What the addresses field holds, or why it cannot be sent.
fn checked(
    text: &str,
    m: &'static crate::messages::invitations::InvitationMessages,
) -> Result<Vec<String>, String> {
    let addresses = split_addresses(text);
    if addresses.is_empty() {
        return Err(m.addresses_required.to_owned());
    }
    if addresses.len() > MAX_INVITATIONS_PER_CALL {
        let text = fill(m.addresses_too_many, "count", &addresses.len().to_string());
        return Err(fill(&text, "max", &MAX_INVITATIONS_PER_CALL.to_string()));
    }
    Ok(addresses)
}

/// One result line: the address, what became of it and why.
fn result_line(
    result: &InvitationResult,
    m: &'static crate::messages::invitations::InvitationMessages,
) -> Html {
    let (label, class) = match result.outcome {
        InvitationOutcome::Invited | InvitationOutcome::Resent => (m.outcome_invited, "enabled"),
        InvitationOutcome::AlreadyMember => (m.outcome_member, "invited"),
        InvitationOutcome::Invalid | InvitationOutcome::Revoked => (m.outcome_invalid, "disabled"),
    };
    html! {
        <li part="invite-result" data-outcome={format!("{:?}", result.outcome)}>
            <strong>{ result.address.clone() }</strong>{ " " }
            <span class={classes!("tk-badge", format!("tk-badge--{class}"))}>{ label }</span>
            if !result.reason.is_empty() {
                <span class="tk-hint tk-block">{ result.reason.clone() }</span>
            }
        </li>
    }
}

/// The dialog.
#[component]
pub fn InviteDialog(props: &InviteDialogProps) -> Html {
    let messages = crate::i18n::use_messages();
    let m = &messages.invitations;
    let requests = use_requests();
    let text = use_state(String::new);
    let roles = use_state(VecSet::<String>::new);
    let problem = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let results = use_state(|| None::<Vec<InvitationResult>>);
    let count = split_addresses(&text).len();

    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            text.set(event.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let onroles = {
        let roles = roles.clone();
        Callback::from(move |chosen: VecSet<String>| roles.set(chosen))
    };
    let onsubmit = {
        let (requests, target, text, roles, problem, busy, results) = (
            requests.clone(),
            props.target.clone(),
            text.clone(),
            roles.clone(),
            problem.clone(),
            busy.clone(),
            results.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let addresses = match checked(&text, m) {
                Ok(addresses) => addresses,
                Err(message) => return problem.set(Some(message)),
            };
            problem.set(None);
            busy.set(true);
            let request = InviteRequest {
                addresses,
                role_names: roles.iter().cloned().collect(),
            };
            let target = target.clone();
            let (problem, busy, results) = (problem.clone(), busy.clone(), results.clone());
            requests.run(
                async move { target.client().invite(&request).await },
                move |answer| {
                    busy.set(false);
                    match answer {
                        Ok(answer) => results.set(Some(answer.results)),
                        Err(error) => problem.set(Some(fill(
                            m.invite_failed,
                            "error",
                            &LoadError::from(&error).message,
                        ))),
                    }
                },
            );
        })
    };
    let invited_any = results.as_ref().is_some_and(|results| {
        results
            .iter()
            .any(|r| r.outcome == InvitationOutcome::Invited)
    });
    let onclose = props.onclose.reform(move |()| invited_any);
    let oncancel = onclose.reform(|_: MouseEvent| ());

    if let Some(results) = &*results {
        let invited = results
            .iter()
            .filter(|r| r.outcome == InvitationOutcome::Invited)
            .count();
        let summary = fill(
            &fill(m.results_summary, "invited", &invited.to_string()),
            "skipped",
            &(results.len() - invited).to_string(),
        );
        return html! {
            <Modal key="results" title={m.invite_title} onclose={onclose}>
                <h4 class="tk-subsection-title">{ m.results_title }</h4>
                <p class="tk-dialog-text" part="invite-summary" role="status">{ summary }</p>
                <ul class="tk-invite-results" part="invite-results">
                    { for results.iter().map(|result| result_line(result, m)) }
                </ul>
                <div class="tk-dialog-actions">
                    <button type="button" class="tk-button tk-button--primary" part="button close-button"
                        data-autofocus="true" onclick={oncancel}>{ messages.done }</button>
                </div>
            </Modal>
        };
    }
    let error = (*problem).clone();
    html! {
        <Modal key="form" title={m.invite_title} onclose={onclose}>
            <form class="tk-form" part="form invite-form" novalidate=true {onsubmit}>
                <div class="tk-form-field">
                    <label for="tk-invite-addresses" class="tk-field-label">{ m.field_addresses }</label>
                    <textarea id="tk-invite-addresses" class="tk-input tk-textarea" part="input invite-addresses"
                        rows="5" value={(*text).clone()} {oninput}
                        aria-invalid={error.is_some().to_string()}
                        aria-describedby={if error.is_some() { "tk-invite-error" } else { "tk-invite-hint" }} />
                    if let Some(message) = &error {
                        <p id="tk-invite-error" class="tk-field-error" part="field-error" role="alert">{ message.clone() }</p>
                    } else {
                        <p id="tk-invite-hint" class="tk-hint">
                            { fill(m.addresses_hint, "max", &MAX_INVITATIONS_PER_CALL.to_string()) }
                        </p>
                    }
                </div>
                <RolePicker legend={m.roles_legend} roles={props.roles.clone()}
                    locked={props.locked_roles.clone()} selected={(*roles).clone()} onchange={onroles} />
                <div class="tk-dialog-actions">
                    <button type="button" class="tk-button" part="button" onclick={oncancel}>{ messages.cancel }</button>
                    <button type="submit" class="tk-button tk-button--primary" part="button invite-send-button"
                        disabled={*busy} aria-busy={busy.to_string()}>
                        { fill(m.send, "count", &count.to_string()) }
                    </button>
                </div>
            </form>
        </Modal>
    }
}
