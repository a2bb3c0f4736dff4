//! `<ImpactDialog>`: the confirmation before a change that takes something away from a role's
//! holders, or before deleting roles: "12 users and 2 access keys will lose: SSO Admin".
//!
//! When the change would take `User Admin` from the signed-in admin themself, confirming once is
//! not enough: a second confirmation follows, with its own heading and button, so the admin cannot
//! lock themself out by pressing Enter twice on a dialog they did not read. Cancel has the initial
//! focus on both steps. [`ImpactConfirm`] is that two-step frame for any impact text: the user
//! widget confirms giving and taking roles with it.

use crate::list::Remote;
use crate::messages::{RoleMessages, count, fill};
use crate::roles::state::Impact;
use crate::ui::modal::Modal;
use yew::prelude::*;

/// What the confirmation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImpactKind {
    /// A change to one role that removes permissions.
    Change,
    /// Deleting one or more roles.
    Deletion,
}

/// The sentences that say who loses what.
pub fn impact_lines(impact: &Impact, kind: ImpactKind, messages: &RoleMessages) -> Vec<String> {
    let holders = |users: u64, keys: u64| {
        (
            count(users, messages.users_one, messages.users_other),
            count(keys, messages.keys_one, messages.keys_other),
        )
    };
    let will_lose = |users: u64, keys: u64, what: &str| {
        let (users, keys) = holders(users, keys);
        let text = fill(messages.impact, "users", &users);
        fill(&fill(&text, "keys", &keys), "what", what)
    };
    match (kind, impact.roles.as_slice()) {
        _ if !impact.has_holders() => vec![
            if impact.roles.len() > 1 {
                messages.impact_none_many
            } else {
                messages.impact_none
            }
            .to_owned(),
        ],
        (ImpactKind::Change, roles) => roles
            .iter()
            .map(|role| {
                will_lose(
                    role.users,
                    role.access_keys,
                    &role.permissions_lost.join(", "),
                )
            })
            .collect(),
        (ImpactKind::Deletion, [role]) => {
            let mut lines = vec![will_lose(role.users, role.access_keys, &role.role)];
            if !role.permissions_lost.is_empty() {
                lines.push(fill(
                    messages.impact_permissions_of_role,
                    "permissions",
                    &role.permissions_lost.join(", "),
                ));
            }
            lines
        }
        (ImpactKind::Deletion, roles) => {
            let mut lines: Vec<String> = roles
                .iter()
                .map(|role| {
                    let (users, keys) = holders(role.users, role.access_keys);
                    let text = fill(messages.impact_of_role, "role", &role.role);
                    fill(&fill(&text, "users", &users), "keys", &keys)
                })
                .collect();
            // A holder of several of them is one holder: the server counts each once.
            let (users, keys) = holders(impact.users, impact.access_keys);
            lines.push(fill(
                &fill(messages.impact_total, "users", &users),
                "keys",
                &keys,
            ));
            lines
        }
    }
}

/// What an impact confirmation says: who gains or loses what, and the stronger warning when
/// the signed-in admin would take `User Admin` from themself (which asks a second time).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImpactText {
    /// One sentence each.
    pub lines: Vec<String>,
    /// The warning about the admin's own `User Admin`, if they would lose it.
    pub own_admin_warning: Option<String>,
}

/// Properties of [`ImpactConfirm`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct ImpactConfirmProps {
    /// The question: "Delete the role Support Agent?", "Change roles?".
    pub question: AttrValue,
    /// What the change does (loading while the server is asked).
    pub text: Remote<ImpactText>,
    /// Label of the confirming button.
    pub confirm_label: AttrValue,
    /// The change is being sent.
    #[prop_or_default]
    pub busy: bool,
    /// Confirmed (twice when the admin loses `User Admin`).
    pub onconfirm: Callback<()>,
    /// Cancelled (button or Escape).
    pub onclose: Callback<()>,
}

/// The confirmation with the impact, and the second one when the admin would lose `User Admin`:
/// used for role changes and deletions here and for giving or taking roles in the user widget.
#[component]
pub fn ImpactConfirm(props: &ImpactConfirmProps) -> Html {
    let messages = crate::i18n::use_messages();
    let roles = &messages.roles;
    let second_step = use_state(|| false);
    let warning = match &props.text {
        Remote::Loaded(text) => text.own_admin_warning.clone(),
        _ => None,
    };
    let oncancel = props.onclose.reform(|_: MouseEvent| ());
    let ready = matches!(props.text, Remote::Loaded(_)) && !props.busy;

    if *second_step {
        let onconfirm = props.onconfirm.reform(|_: MouseEvent| ());
        // A key of its own: the frame is mounted afresh, so focus moves to its Cancel button.
        return html! {
            <Modal key="own-user-admin" title={roles.own_admin_title} role="alertdialog"
                onclose={props.onclose.clone()}>
                if let Some(warning) = warning {
                    <p class="tk-warning" part="warning">{ warning }</p>
                }
                <p class="tk-dialog-text tk-dialog-text--after">{ roles.own_admin_detail }</p>
                <div class="tk-dialog-actions">
                    <button type="button" class="tk-button" part="button" data-autofocus="true"
                        onclick={oncancel}>{ messages.cancel }</button>
                    <button type="button" class="tk-button tk-button--danger" part="button confirm-button"
                        disabled={!ready} aria-busy={props.busy.to_string()} onclick={onconfirm}>
                        { roles.own_admin_confirm }
                    </button>
                </div>
            </Modal>
        };
    }

    let onconfirm = {
        let onconfirm = props.onconfirm.clone();
        let second_step = second_step.clone();
        let warned = warning.is_some();
        Callback::from(move |_: MouseEvent| {
            if warned {
                second_step.set(true);
            } else {
                onconfirm.emit(());
            }
        })
    };
    let body = match &props.text {
        Remote::Loading => html! {
            <p class="tk-dialog-text">{ roles.checking_impact }</p>
        },
        Remote::Failed(error) => html! {
            <p class="tk-form-error" part="form-error" role="alert">
                { format!("{} {}", roles.impact_failed, error.message) }
            </p>
        },
        Remote::Loaded(text) => html! {
            <>
                <ul class="tk-impact" part="impact">
                    { for text.lines.iter().map(|line| html! { <li>{ line.clone() }</li> }) }
                </ul>
                if let Some(warning) = warning {
                    <p class="tk-warning" part="warning" role="alert">{ warning }</p>
                }
            </>
        },
    };
    html! {
        <Modal key="impact" title={props.question.clone()} role="alertdialog" onclose={props.onclose.clone()}>
            <div class="tk-impact-body" aria-live="polite">{ body }</div>
            <div class="tk-dialog-actions">
                <button type="button" class="tk-button" part="button" data-autofocus="true"
                    onclick={oncancel}>{ messages.cancel }</button>
                <button type="button" class="tk-button tk-button--danger" part="button confirm-button"
                    disabled={!ready} aria-busy={props.busy.to_string()} onclick={onconfirm}>
                    { props.confirm_label.clone() }
                </button>
            </div>
        </Modal>
    }
}

/// Properties of [`ImpactDialog`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct ImpactDialogProps {
    /// The question: "Delete the role Support Agent?", "Save the changes to Support Agent?".
    pub question: AttrValue,
    /// The server's answer to the impact query (loading while it is asked).
    pub impact: Remote<Impact>,
    /// A change or a deletion.
    pub kind: ImpactKind,
    /// Label of the confirming button.
    pub confirm_label: AttrValue,
    /// The change is being sent.
    #[prop_or_default]
    pub busy: bool,
    /// Confirmed (twice when the admin loses `User Admin`).
    pub onconfirm: Callback<()>,
    /// Cancelled (button or Escape).
    pub onclose: Callback<()>,
}

/// [`ImpactConfirm`] with the server's impact of a role change or deletion.
#[component]
pub fn ImpactDialog(props: &ImpactDialogProps) -> Html {
    let roles = &crate::i18n::use_messages().roles;
    let text = match &props.impact {
        Remote::Loading => Remote::Loading,
        Remote::Failed(error) => Remote::Failed(error.clone()),
        Remote::Loaded(impact) => Remote::Loaded(ImpactText {
            lines: impact_lines(impact, props.kind, roles),
            own_admin_warning: impact.removes_own_user_admin.then(|| {
                if impact.roles.len() > 1 {
                    roles.own_admin_warning_many
                } else {
                    roles.own_admin_warning
                }
                .to_owned()
            }),
        }),
    };
    html! {
        <ImpactConfirm question={props.question.clone()} {text} confirm_label={props.confirm_label.clone()}
            busy={props.busy} onconfirm={props.onconfirm.clone()} onclose={props.onclose.clone()} />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::ENGLISH;
    use tenantkit_wire::role::{RoleImpactEntry, RoleImpactResponse};

    fn entry(name: &str, users: u64, keys: u64, lost: &[&str]) -> RoleImpactEntry {
        RoleImpactEntry {
            name: name.to_owned(),
            users,
            access_keys: keys,
            permissions_lost: lost.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    /// The server's answer about `roles`, with the totals it counted.
    fn impact(roles: Vec<RoleImpactEntry>, users: u64, keys: u64) -> Impact {
        let asked: Vec<String> = roles.iter().map(|role| role.name.clone()).collect();
        let mut lost: Vec<String> = roles
            .iter()
            .flat_map(|role| role.permissions_lost.clone())
            .collect();
        lost.sort();
        lost.dedup();
        Impact::from_response(
            &asked,
            RoleImpactResponse {
                users,
                access_keys: keys,
                permissions_lost: lost,
                removes_own_user_admin: false,
                roles,
            },
        )
    }

    #[test]
    fn a_change_says_who_loses_which_permissions() {
        let change = impact(vec![entry("Support", 12, 2, &["SSO Admin"])], 12, 2);
        assert_eq!(
            impact_lines(&change, ImpactKind::Change, &ENGLISH.roles),
            ["12 users and 2 access keys will lose: SSO Admin"]
        );
        let one = impact(vec![entry("Support", 1, 1, &["A", "B"])], 1, 1);
        assert_eq!(
            impact_lines(&one, ImpactKind::Change, &ENGLISH.roles),
            ["1 user and 1 access key will lose: A, B"]
        );
    }

    #[test]
    fn a_deletion_names_the_role_and_its_permissions() {
        let one = impact(vec![entry("Support", 3, 0, &["Billing Read"])], 3, 0);
        assert_eq!(
            impact_lines(&one, ImpactKind::Deletion, &ENGLISH.roles),
            [
                "3 users and 0 access keys will lose: Support",
                "Permissions that go with it: Billing Read"
            ]
        );
        // One user holds both A and B: the total counts them once.
        let several = impact(vec![entry("A", 3, 1, &[]), entry("B", 1, 0, &[])], 3, 1);
        assert_eq!(
            impact_lines(&several, ImpactKind::Deletion, &ENGLISH.roles),
            [
                "A: 3 users and 1 access key",
                "B: 1 user and 0 access keys",
                "In all: 3 users and 1 access key, each counted once"
            ]
        );
        let unused = impact(vec![entry("A", 0, 0, &[])], 0, 0);
        assert_eq!(
            impact_lines(&unused, ImpactKind::Deletion, &ENGLISH.roles),
            [ENGLISH.roles.impact_none]
        );
    }
}
