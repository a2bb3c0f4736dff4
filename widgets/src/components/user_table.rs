//! `<UserTable>`: the users of a tenant as an accessible table.

use crate::messages::{ENGLISH, Messages};
use crate::state::UserRow;
use std::rc::Rc;
use tenantkit_wire::UserStatus;
use yew::prelude::*;

/// Properties of [`UserTable`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct UserTableProps {
    /// The rows, in display order.
    pub rows: Rc<[UserRow]>,
    /// The table's caption (visually hidden; the widget's heading shows the same).
    pub caption: AttrValue,
}

/// Login id, name, email, status and roles of each user. Every cell is text.
#[component]
pub fn UserTable(props: &UserTableProps) -> Html {
    let messages = &ENGLISH;
    html! {
        <div class="tk-table-wrap" part="table-container">
            <table class="tk-table" part="table">
                <caption class="tk-visually-hidden">{ props.caption.clone() }</caption>
                <thead>
                    <tr part="header-row">
                        <th scope="col" part="header-cell">{ messages.column_login_id }</th>
                        <th scope="col" part="header-cell">{ messages.column_name }</th>
                        <th scope="col" part="header-cell">{ messages.column_email }</th>
                        <th scope="col" part="header-cell">{ messages.column_status }</th>
                        <th scope="col" part="header-cell">{ messages.column_roles }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.rows.iter().map(|row| user_row(row, messages)) }
                </tbody>
            </table>
        </div>
    }
}

fn user_row(row: &UserRow, messages: &Messages) -> Html {
    let or_empty = |text: &str| {
        if text.is_empty() {
            messages.empty_cell.to_owned()
        } else {
            text.to_owned()
        }
    };
    let (status_label, status_class) = match row.status {
        UserStatus::Enabled => (messages.status_enabled, "tk-badge--enabled"),
        UserStatus::Disabled => (messages.status_disabled, "tk-badge--disabled"),
        UserStatus::Invited => (messages.status_invited, "tk-badge--invited"),
    };
    html! {
        <tr key={row.user_id.as_str()} part="row">
            <td class="tk-login-id" data-column="login-id" part="cell">{ row.login_id.clone() }</td>
            <td data-column="name" part="cell">
                <span class="tk-person">
                    <span class="tk-avatar" part="avatar" aria-hidden="true">{ row.initials() }</span>
                    <span>{ or_empty(&row.name) }</span>
                </span>
            </td>
            <td data-column="email" part="cell">{ or_empty(&row.email) }</td>
            <td data-column="status" part="cell">
                <span class={classes!("tk-badge", status_class)} part="status-badge">{ status_label }</span>
            </td>
            <td data-column="roles" part="cell">
                if row.roles.is_empty() {
                    <span class="tk-muted">{ messages.empty_cell }</span>
                } else {
                    <ul class="tk-roles">
                        { for row.roles.iter().map(|role| html! {
                            <li class="tk-role" part="role">{ role.clone() }</li>
                        }) }
                    </ul>
                }
            </td>
        </tr>
    }
}
