//! `<RoleDeleteDialog>`: "Delete the role Support Agent?" with who holds it and what they lose,
//! asked from the server in one request when the dialog opens (however many roles); on
//! confirmation (twice when the admin would lose `User Admin`) the roles are deleted in one
//! request, all or nothing.

use crate::list::use_requests;
use crate::list::{LoadError, Remote, SearchTarget};
use crate::messages::fill;
use crate::roles::actions;
use crate::roles::impact_dialog::{ImpactDialog, ImpactKind};
use crate::roles::state::{Deleted, Impact, RoleRow};
use yew::prelude::*;

/// Properties of [`RoleDeleteDialog`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct RoleDeleteDialogProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// The roles to delete (the tenant's own).
    pub roles: Vec<RoleRow>,
    /// Deleted: their names and how many users and access keys lost them.
    pub ondeleted: Callback<(Vec<String>, Deleted)>,
    /// The server refused or could not be reached.
    pub onfailed: Callback<LoadError>,
    /// Cancelled (button or Escape).
    pub onclose: Callback<()>,
}

/// The confirmation of a deletion, with its impact.
#[component]
pub fn RoleDeleteDialog(props: &RoleDeleteDialogProps) -> Html {
    let requests = use_requests();
    let messages = &crate::i18n::use_messages().roles;
    let impact = use_state(|| Remote::<Impact>::Loading);
    let busy = use_state(|| false);
    {
        let impact = impact.clone();
        let target = props.target.clone();
        let roles = props.roles.clone();
        let requests = requests.clone();
        use_effect_with((), move |_| {
            let request = async move { actions::deletion_impact(&target, &roles).await };
            requests.run(request, move |answer| {
                impact.set(match answer {
                    Ok(answer) => Remote::Loaded(answer),
                    Err(error) => Remote::Failed(LoadError::from(&error)),
                })
            });
        });
    }
    let onconfirm = {
        let requests = requests.clone();
        let busy = busy.clone();
        let props = props.clone();
        // Sent with `force` only when the admin saw that someone holds a role (or that they lose
        // User Admin): if someone got one meanwhile, the server refuses and says so.
        let force = match &*impact {
            Remote::Loaded(impact) => impact.has_holders() || impact.removes_own_user_admin,
            _ => false,
        };
        Callback::from(move |()| {
            if *busy {
                return;
            }
            busy.set(true);
            let busy = busy.clone();
            let props = props.clone();
            requests.send(async move {
                let names: Vec<String> = props.roles.iter().map(|role| role.name.clone()).collect();
                let result = actions::delete_roles(&props.target, &names, force).await;
                busy.set(false);
                match result {
                    Ok(deleted) => props.ondeleted.emit((names, deleted)),
                    Err(error) => props.onfailed.emit(LoadError::from(&error)),
                }
            });
        })
    };
    let question = match props.roles.as_slice() {
        [role] => fill(messages.confirm_delete_one, "role", &role.name),
        roles => fill(
            messages.confirm_delete_many,
            "count",
            &roles.len().to_string(),
        ),
    };
    html! {
        <ImpactDialog {question} impact={(*impact).clone()} kind={ImpactKind::Deletion}
            confirm_label={messages.action_delete} busy={*busy} {onconfirm}
            onclose={props.onclose.clone()} />
    }
}
