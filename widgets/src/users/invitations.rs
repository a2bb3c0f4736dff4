//! `<PendingInvitations>`: the "Pending invitations" dialog of the user widget. The tenant's
//! open invitations, newest first, searchable and paged: who was invited, by whom, when the link
//! was sent and when it expires (an expired one is marked), with the roles they will have. Each
//! can be sent again (a new link; the old one stops working) or revoked, after a confirmation
//! shown in the dialog itself (the link stops working and the invited user leaves the tenant).

use crate::list::{LoadError, PAGE_SIZES, Remote, SearchTarget, use_requests};
use crate::messages::fill;
use crate::ui::modal::Modal;
use crate::ui::pagination::{Paging, pagination};
use crate::ui::search_box::SearchBox;
use tenantkit_wire::LoginId;
use tenantkit_wire::calendar::minute_text;
use tenantkit_wire::invitation::{
    Invitation, InvitationOutcome, InvitationResults, InvitationSearchRequest,
    InvitationSearchResponse,
};
use yew::prelude::*;

/// Properties of [`PendingInvitations`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct PendingInvitationsProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// Closed; `true` when an invitation was revoked (the user list changed).
    pub onclose: Callback<bool>,
}

/// How an inviter is shown: a login id as it is, the management key as the product.
fn inviter(
    invited_by: &str,
    m: &'static crate::messages::invitations::InvitationMessages,
) -> String {
    match invited_by {
        "" => m.by_unknown.to_owned(),
        creator if crate::made_by_product(creator) => m.by_product.to_owned(),
        login_id => login_id.to_owned(),
    }
}

/// The text of a one-invitation change's answer: done, or the server's reason.
fn change_text(
    answer: &InvitationResults,
    user: &str,
    done: &str,
    m: &'static crate::messages::invitations::InvitationMessages,
) -> (bool, String) {
    match answer.results.first() {
        Some(result) if result.outcome != InvitationOutcome::Invalid => {
            (true, fill(done, "user", user))
        }
        Some(result) => (
            false,
            fill(
                &fill(m.change_failed, "user", user),
                "reason",
                &result.reason,
            ),
        ),
        None => (false, String::new()),
    }
}

/// The dialog.
#[component]
pub fn PendingInvitations(props: &PendingInvitationsProps) -> Html {
    let lang = crate::i18n::use_lang();
    let messages = lang.messages();
    let m = &messages.invitations;
    let requests = use_requests();
    let query = use_state(|| InvitationSearchRequest {
        limit: PAGE_SIZES[0],
        ..InvitationSearchRequest::default()
    });
    let list = use_state(|| Remote::<InvitationSearchResponse>::Loading);
    let reloads = use_state(|| 0_u32);
    let confirming = use_state(|| None::<LoginId>);
    let busy = use_state(|| false);
    let status = use_state(String::new);
    let revoked_any = use_state(|| false);
    // Focus moves to the revoke confirmation's Cancel when it appears.
    let cancel = use_node_ref();
    {
        let cancel = cancel.clone();
        use_effect_with((*confirming).clone(), move |asked| {
            if asked.is_some()
                && let Some(button) = cancel.cast::<web_sys::Element>()
            {
                crate::dom::focus(&button);
            }
        });
    }
    {
        let (requests, list, target) = (requests.clone(), list.clone(), props.target.clone());
        use_effect_with(((*query).clone(), *reloads), move |(query, _)| {
            let query = query.clone();
            let request = async move { target.client().search_invitations(&query).await };
            requests.run(request, move |answer| {
                list.set(match answer {
                    Ok(page) => Remote::Loaded(page),
                    Err(error) => Remote::Failed(LoadError::from(&error)),
                });
            });
        });
    }
    let set_query = |change: fn(&mut InvitationSearchRequest, u32),
                     query: &UseStateHandle<InvitationSearchRequest>| {
        let query = query.clone();
        Callback::from(move |value: u32| {
            let mut next: InvitationSearchRequest = (*query).clone();
            change(&mut next, value);
            query.set(next);
        })
    };
    let onpage = set_query(|q, page| q.page = page, &query);
    let onpagesize = set_query(
        |q, size| {
            q.limit = size;
            q.page = 0;
        },
        &query,
    );
    let onsearch = {
        let query = query.clone();
        Callback::from(move |text: String| {
            query.set(InvitationSearchRequest {
                text,
                page: 0,
                ..(*query).clone()
            });
        })
    };
    // Resends or revokes one invitation, then says how it went and reloads the list.
    let change = {
        let (requests, target, busy, status, reloads, confirming, revoked_any) = (
            requests.clone(),
            props.target.clone(),
            busy.clone(),
            status.clone(),
            reloads.clone(),
            confirming.clone(),
            revoked_any.clone(),
        );
        Callback::from(move |(login_id, revoke): (LoginId, bool)| {
            busy.set(true);
            let target = target.clone();
            let ids = vec![login_id.clone()];
            let request = async move {
                let client = target.client();
                if revoke {
                    client.revoke_invitations(&ids).await
                } else {
                    client.resend_invitations(&ids).await
                }
            };
            let (busy, status, reloads, confirming, revoked_any) = (
                busy.clone(),
                status.clone(),
                reloads.clone(),
                confirming.clone(),
                revoked_any.clone(),
            );
            requests.run(request, move |answer| {
                busy.set(false);
                confirming.set(None);
                let user = login_id.as_str();
                let done = if revoke { m.done_revoke } else { m.done_resend };
                let (ok, text) = match answer {
                    Ok(answer) => change_text(&answer, user, done, m),
                    Err(error) => (
                        false,
                        fill(
                            &fill(m.change_failed, "user", user),
                            "reason",
                            &LoadError::from(&error).message,
                        ),
                    ),
                };
                if ok && revoke {
                    revoked_any.set(true);
                }
                status.set(text);
                reloads.set(reloads.wrapping_add(1));
            });
        })
    };

    let row = |invitation: &Invitation| {
        let login_id = invitation.login_id.clone();
        let user = login_id.as_str().to_owned();
        let onresend = change.reform({
            let login_id = login_id.clone();
            move |_: MouseEvent| (login_id.clone(), false)
        });
        let onrevoke = {
            let (confirming, login_id) = (confirming.clone(), login_id.clone());
            Callback::from(move |_: MouseEvent| confirming.set(Some(login_id.clone())))
        };
        let email = (invitation.email != user).then(|| invitation.email.clone());
        html! {
            <tr key={user.clone()} part="invitation-row">
                <th scope="row">
                    { user.clone() }
                    if let Some(email) = email {
                        <span class="tk-hint tk-block">{ email }</span>
                    }
                </th>
                <td>{ inviter(&invitation.invited_by, m) }</td>
                <td><time>{ minute_text(invitation.sent) }</time></td>
                <td>
                    <time part="invitation-expiry">{ minute_text(invitation.expires) }</time>
                    if invitation.expired {
                        <span class="tk-badge tk-badge--disabled tk-block" part="invitation-expired">{ m.expired }</span>
                    }
                </td>
                <td>{ invitation.role_names.join(", ") }</td>
                <td class="tk-actions-cell">
                    <span class="tk-inline-actions">
                        <button type="button" class="tk-button tk-button--small" part="button invitation-resend-button"
                            disabled={*busy} aria-label={fill(m.resend_label, "user", &user)}
                            onclick={onresend}>{ m.resend }</button>
                        <button type="button" class="tk-button tk-button--small tk-button--danger-outline"
                            part="button invitation-revoke-button" disabled={*busy}
                            aria-label={fill(m.revoke_label, "user", &user)}
                            onclick={onrevoke}>{ m.revoke }</button>
                    </span>
                </td>
            </tr>
        }
    };
    let body = match &*list {
        Remote::Loading => html! { <p class="tk-hint">{ m.loading }</p> },
        Remote::Failed(error) => html! {
            <p class="tk-form-error" part="form-error" role="alert">{ fill(m.failed, "error", &error.message) }</p>
        },
        Remote::Loaded(page) if page.invitations.is_empty() => {
            html! { <p class="tk-hint" part="invitations-empty">{ m.empty }</p> }
        }
        Remote::Loaded(page) => html! {
            <>
                <div class="tk-table-wrap" part="table-wrap">
                    <table class="tk-table" part="table invitations">
                        <caption class="tk-visually-hidden">{ m.pending_title }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ m.column_invited }</th>
                                <th scope="col">{ m.column_by }</th>
                                <th scope="col">{ m.column_sent }</th>
                                <th scope="col">{ m.column_expires }</th>
                                <th scope="col">{ m.column_roles }</th>
                                <th scope="col"><span class="tk-visually-hidden">{ m.column_actions }</span></th>
                            </tr>
                        </thead>
                        <tbody>{ for page.invitations.iter().map(row) }</tbody>
                    </table>
                </div>
                { pagination(lang, &Paging {
                    page: query.page,
                    page_size: query.limit,
                    total: page.total,
                    rows: page.invitations.len(),
                    capped: false,
                    onpage,
                    onpagesize,
                }) }
            </>
        },
    };
    // The revoke confirmation, in the dialog (a dialog does not open over a dialog).
    let confirmation = (*confirming).clone().map(|login_id| {
        let user = login_id.as_str().to_owned();
        let onconfirm = change.reform({
            let login_id = login_id.clone();
            move |_: MouseEvent| (login_id.clone(), true)
        });
        let oncancel = {
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| confirming.set(None))
        };
        html! {
            <div class="tk-confirm-inline" part="invitation-revoke-confirm" role="group"
                aria-labelledby="tk-revoke-question">
                <p id="tk-revoke-question" class="tk-warning" part="warning">
                    <strong>{ fill(m.confirm_revoke, "user", &user) }</strong>
                    { " " }{ fill(m.revoke_detail, "user", &user) }
                </p>
                <div class="tk-dialog-actions">
                    <button ref={cancel.clone()} type="button" class="tk-button" part="button"
                        onclick={oncancel}>{ messages.cancel }</button>
                    <button type="button" class="tk-button tk-button--danger" part="button confirm-button"
                        disabled={*busy} aria-busy={busy.to_string()} onclick={onconfirm}>{ m.revoke }</button>
                </div>
            </div>
        }
    });
    let onclose = {
        let (onclose, revoked_any) = (props.onclose.clone(), revoked_any.clone());
        Callback::from(move |()| onclose.emit(*revoked_any))
    };
    let onclose_button = onclose.reform(|_: MouseEvent| ());
    html! {
        <Modal title={m.pending_title} onclose={onclose.clone()}>
            <div class="tk-invitations" part="invitations">
                <SearchBox label={m.search_label} placeholder={m.search_label} {onsearch} />
                { for confirmation }
                { body }
                <p class="tk-hint" part="invitations-status" role="status" aria-live="polite">{ (*status).clone() }</p>
            </div>
            <div class="tk-dialog-actions">
                <button type="button" class="tk-button" part="button close-button"
                    onclick={onclose_button}>{ messages.done }</button>
            </div>
        </Modal>
    }
}
