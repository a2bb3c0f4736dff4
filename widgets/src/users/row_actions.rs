//! `<RowActions>`: the per-user [`ActionMenu`]: edit and every [`RowAction`] for the user's
//! status. Actions that would lock the admin out are not offered on their own row; on the row of
//! a user who also belongs to other tenants, the actions on their account are shown disabled
//! with the reason (their roles and membership here can still change). On the row of a user
//! holding a role the admin may not give or take away (they hold more than the admin), every
//! action on their account and their removal are shown disabled with the reason.
//! "Impersonate" is offered to an admin holding `Impersonate` on other enabled users' rows (on a
//! row of a user holding more, disabled with the same reason).

use crate::collections::VecMap;
use crate::messages::fill;
use crate::ui::action_menu::{ActionMenu, MenuItem};
use crate::users::actions::RowAction;
use crate::users::state::UserRow;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`RowActions`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct RowActionsProps {
    /// The user.
    pub row: UserRow,
    /// Whether this row's menu is the open one.
    pub open: bool,
    /// Open (`true`) or close the menu.
    pub ontoggle: Callback<bool>,
    /// An action was chosen ("Edit" is `None`).
    pub onaction: Callback<Option<RowAction>>,
    /// Roles the admin may not give or take away (with the permissions they lack).
    #[prop_or_default]
    pub locked: Rc<VecMap<String, Vec<String>>>,
    /// The admin holds `Impersonate`: offer it on other enabled users' rows.
    #[prop_or_default]
    pub impersonate: bool,
}

/// The "Actions" button of a user's row.
#[component]
pub fn RowActions(props: &RowActionsProps) -> Html {
    let messages = crate::i18n::use_messages();
    let row = &props.row;
    let mut items = Vec::new();
    // A shared account's edit form changes its roles only.
    if row.membership_editable {
        items.push(MenuItem {
            action: None,
            label: messages.action_edit.into(),
            danger: false,
            disabled: None,
        });
    }
    let locked_held: Vec<&str> = row
        .roles
        .iter()
        .filter(|role| props.locked.contains_key(*role))
        .map(String::as_str)
        .collect();
    // Not on the admin's own row (the only one whose membership they may not change).
    let impersonate = (props.impersonate
        && row.membership_editable
        && row.status == tenantkit_wire::UserStatus::Enabled)
        .then_some(RowAction::Impersonate);
    let (allowed, refused): (Vec<_>, Vec<_>) = RowAction::for_row(row)
        .into_iter()
        .chain(impersonate)
        .map(|action| {
            let reason = action
                .refusal(row, messages)
                .map(AttrValue::from)
                .or_else(|| {
                    (!locked_held.is_empty() && !action.reads_only()).then(|| {
                        fill(messages.holds_locked_role, "roles", &locked_held.join(", ")).into()
                    })
                });
            (action, reason)
        })
        .partition(|(_, reason)| reason.is_none());
    // Allowed first, so the refused ones form one run that shares its note. On their own row
    // admins are not offered what they may not do to themself at all.
    let refused = refused.into_iter().filter(|_| row.membership_editable);
    items.extend(
        allowed
            .into_iter()
            .chain(refused)
            .map(|(action, reason)| MenuItem {
                action: Some(action),
                label: action.label(messages).into(),
                danger: matches!(action, RowAction::Delete | RowAction::RemoveFromTenant),
                disabled: reason,
            }),
    );
    html! {
        <ActionMenu<Option<RowAction>>
            label={fill(messages.row_actions_label, "user", &row.login_id)}
            id={format!("tk-menu-{}", row.user_id.as_str())}
            open={props.open}
            {items}
            ontoggle={props.ontoggle.clone()}
            onchoose={props.onaction.clone()}
        />
    }
}
