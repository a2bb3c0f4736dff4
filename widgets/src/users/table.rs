//! `user_table`: the users of a tenant as an accessible table, with row selection, sortable
//! column headers (`aria-sort`) and a menu of actions per row.

use crate::collections::VecMap;
use crate::messages::{Messages, fill};
use crate::ui::table::{
    ListTable, actions_header, menu_toggle, plain_header, row_choice, sort_header, table_of_rows,
};
use crate::users::actions::RowAction;
use crate::users::row_actions::RowActions;
use crate::users::state::{SortColumn, UserRow};
use std::rc::Rc;
use tenantkit_wire::UserStatus;
use yew::prelude::*;

/// What [`user_table`] shows and whom it tells.
#[derive(Debug)]
pub struct UserTableProps {
    /// The rows and what the controller holds for them.
    pub list: ListTable<UserRow, SortColumn>,
    /// A row action was chosen (`None`: edit).
    pub onaction: Callback<(UserRow, Option<RowAction>)>,
    /// Roles the admin may not give or take away (with the permissions they lack).
    pub locked: Rc<VecMap<String, Vec<String>>>,
    /// The admin holds `Impersonate` here: rows offer "Impersonate".
    pub impersonate: bool,
}

/// Login id, name, email, status and roles of each user. Every cell is text. A plain function
/// (see [`crate::ui`]).
pub fn user_table(props: &UserTableProps, messages: &Messages) -> Html {
    let sort = |column: SortColumn, label: &'static str| {
        sort_header(column, label, props.list.sort, &props.list.onsort, None)
    };
    let header = html! {
        <>
            { props.list.select_all_header(messages.select_all_label) }
            { sort(SortColumn::LoginId, messages.column_login_id) }
            { sort(SortColumn::Name, messages.column_name) }
            { sort(SortColumn::Email, messages.column_email) }
            { sort(SortColumn::Status, messages.column_status) }
            { plain_header(messages.column_roles) }
            { actions_header(messages.column_actions) }
        </>
    };
    let rows = props.list.rows.iter();
    table_of_rows(
        props.list.caption.clone(),
        None,
        header,
        rows.map(|row| user_row(row, props, messages)).collect(),
    )
}

fn user_row(row: &UserRow, props: &UserTableProps, messages: &Messages) -> Html {
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
    let (selected, select) = props.list.select_cell(
        row,
        fill(messages.select_user_label, "user", &row.login_id),
        None,
    );
    let menu_open = props.list.open_menu.as_ref() == Some(&row.user_id);
    let ontoggle = menu_toggle(&props.list.onmenu, row.user_id.clone());
    let onaction = row_choice(&props.onaction, row);
    html! {
        <tr key={row.user_id.as_str()} part="row" class={classes!(selected.then_some("tk-row--selected"))}
            aria-selected={selected.to_string()}>
            { select }
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
            <td class="tk-actions-cell" data-column="actions" part="cell">
                <RowActions row={row.clone()} open={menu_open} locked={props.locked.clone()}
                    impersonate={props.impersonate} {ontoggle} {onaction} />
            </td>
        </tr>
    }
}
