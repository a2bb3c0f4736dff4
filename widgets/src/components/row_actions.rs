//! `<RowActions>`: the per-user [`ActionMenu`]: edit and every [`RowAction`] for the user's
//! status. Actions that would lock the admin out are not offered on their own row (`editable`
//! false).

use crate::components::action_menu::{ActionMenu, MenuItem};
use crate::messages::{ENGLISH, fill};
use crate::services::user_actions::RowAction;
use crate::state::UserRow;
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
}

/// The "Actions" button of a user's row.
#[component]
pub fn RowActions(props: &RowActionsProps) -> Html {
    let messages = &ENGLISH;
    let row = &props.row;
    let mut items = Vec::new();
    if row.editable {
        items.push(MenuItem {
            action: None,
            label: messages.action_edit.into(),
            danger: false,
            disabled: None,
        });
    }
    items.extend(
        RowAction::for_row(row)
            .into_iter()
            .filter(|action| row.editable || !action.is_destructive())
            .map(|action| MenuItem {
                action: Some(action),
                label: action.label(messages).into(),
                danger: matches!(action, RowAction::Delete | RowAction::RemoveFromTenant),
                disabled: None,
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
