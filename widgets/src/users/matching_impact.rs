//! `<MatchingImpact>`: the confirmation of giving or taking a role from every user matching
//! the list's search. The server counts who gains or loses it, and whether the admin would
//! remove their own `User Admin` (`POST /tk/v1/mgmt/user/bulk/preview`), since the rows on
//! screen are only a page of them; [`ImpactConfirm`] shows it as for a page's selection, with
//! its second step. The count the server answered is the one confirmed.

use crate::collections::VecSet;
use crate::list::{LoadError, Remote, SearchTarget, use_fetch};
use crate::roles::impact_dialog::ImpactConfirm;
use crate::users::actions::{self, BulkAction};
use crate::users::grant_impact::matching_impact_text;
use std::rc::Rc;
use tenantkit_wire::UserSearchRequest;
use yew::prelude::*;

/// Properties of [`MatchingImpact`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct MatchingImpactProps {
    /// Where to ask.
    pub target: SearchTarget,
    /// The list's search.
    pub filter: UserSearchRequest,
    /// The role given or taken away.
    pub action: BulkAction,
    /// The count the list shows, until the server's arrives.
    pub count: u64,
    /// The roles carrying `User Admin` (to name the one the admin would lose).
    pub admin_roles: Rc<VecSet<String>>,
    /// The change is being sent.
    #[prop_or_default]
    pub busy: bool,
    /// Confirmed, with the number of users the server counted.
    pub onconfirm: Callback<u64>,
    /// Cancelled.
    pub onclose: Callback<()>,
}

/// The impact of a role change on every match, then its confirmation.
#[component]
pub fn MatchingImpact(props: &MatchingImpactProps) -> Html {
    let messages = crate::i18n::use_messages();
    let answer = use_fetch(
        (
            props.target.clone(),
            props.filter.clone(),
            props.action.clone(),
        ),
        |(target, filter, action)| {
            let (target, filter, action) = (target.clone(), filter.clone(), action.clone());
            Some(async move { actions::preview_every_match(&target, &action, filter).await })
        },
    );
    let (text, count) = match answer.as_deref() {
        None => (Remote::Loading, props.count),
        Some(Err(error)) => (Remote::Failed(LoadError::from(error)), props.count),
        Some(Ok(preview)) => (
            Remote::Loaded(matching_impact_text(
                preview,
                &props.admin_roles,
                &messages.invitations,
            )),
            preview.count,
        ),
    };
    let question = props
        .action
        .question(messages, usize::try_from(count).unwrap_or(usize::MAX));
    html! {
        <ImpactConfirm {question} {text} confirm_label={messages.confirm} busy={props.busy}
            onconfirm={props.onconfirm.reform(move |()| count)} onclose={props.onclose.clone()} />
    }
}
