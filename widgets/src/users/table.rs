//! `<UserTable>`: the users of a tenant as an accessible table, with row selection, sortable
//! column headers (`aria-sort`) and a menu of actions per row.

use crate::messages::{ENGLISH, Messages, fill};
use crate::users::actions::RowAction;
use crate::users::row_actions::RowActions;
use crate::users::state::{SortColumn, UserRow};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use tenantkit_wire::{UserId, UserStatus};
use yew::prelude::*;

/// Properties of [`UserTable`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct UserTableProps {
    /// The rows, in display order.
    pub rows: Rc<[UserRow]>,
    /// The table's caption (visually hidden; the widget's heading shows the same).
    pub caption: AttrValue,
    /// The sort in effect.
    #[prop_or_default]
    pub sort: Option<(SortColumn, bool)>,
    /// Selected users.
    #[prop_or_default]
    pub selected: Rc<BTreeSet<UserId>>,
    /// The row whose menu is open.
    #[prop_or_default]
    pub open_menu: Option<UserId>,
    /// A sortable header was activated.
    #[prop_or_default]
    pub onsort: Callback<SortColumn>,
    /// A row's checkbox changed: the user and whether it is now selected.
    #[prop_or_default]
    pub onselect: Callback<(UserId, bool)>,
    /// The select-all checkbox changed.
    #[prop_or_default]
    pub onselectall: Callback<bool>,
    /// A row's menu opened (`Some`) or closed.
    #[prop_or_default]
    pub onmenu: Callback<Option<UserId>>,
    /// A row action was chosen (`None`: edit).
    #[prop_or_default]
    pub onaction: Callback<(UserRow, Option<RowAction>)>,
    /// Roles the admin may not give or take away (with the permissions they lack).
    #[prop_or_default]
    pub locked: Rc<BTreeMap<String, Vec<String>>>,
}

/// Login id, name, email, status and roles of each user. Every cell is text.
#[component]
pub fn UserTable(props: &UserTableProps) -> Html {
    let messages = &ENGLISH;
    let all_selected = !props.rows.is_empty()
        && props
            .rows
            .iter()
            .all(|row| props.selected.contains(&row.user_id));
    let onselectall = {
        let onselectall = props.onselectall.clone();
        Callback::from(move |_: Event| onselectall.emit(!all_selected))
    };
    let header = |column: SortColumn, label: &'static str| {
        let sort = match props.sort {
            Some((sorted, false)) if sorted == column => "ascending",
            Some((sorted, true)) if sorted == column => "descending",
            _ => "none",
        };
        let onclick = props.onsort.reform(move |_: MouseEvent| column);
        html! {
            <th scope="col" part="header-cell" aria-sort={sort}>
                <button type="button" class="tk-sort" part="sort-button" {onclick}>
                    { label }
                    <span class={classes!("tk-sort-icon", format!("tk-sort-icon--{sort}"))} aria-hidden="true"></span>
                </button>
            </th>
        }
    };
    html! {
        <div class="tk-table-wrap" part="table-container">
            <table class="tk-table" part="table">
                <caption class="tk-visually-hidden">{ props.caption.clone() }</caption>
                <thead>
                    <tr part="header-row">
                        <td class="tk-select-cell" part="header-cell">
                            <input type="checkbox" class="tk-checkbox" part="checkbox"
                                aria-label={messages.select_all_label}
                                checked={all_selected} onchange={onselectall} />
                        </td>
                        { header(SortColumn::LoginId, messages.column_login_id) }
                        { header(SortColumn::Name, messages.column_name) }
                        { header(SortColumn::Email, messages.column_email) }
                        { header(SortColumn::Status, messages.column_status) }
                        <th scope="col" part="header-cell">{ messages.column_roles }</th>
                        <td class="tk-actions-cell" part="header-cell">
                            <span class="tk-visually-hidden">{ messages.column_actions }</span>
                        </td>
                    </tr>
                </thead>
                <tbody>
                    { for props.rows.iter().map(|row| user_row(row, props, messages)) }
                </tbody>
            </table>
        </div>
    }
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
    let selected = props.selected.contains(&row.user_id);
    let onselect = {
        let onselect = props.onselect.clone();
        let user_id = row.user_id.clone();
        Callback::from(move |_: Event| onselect.emit((user_id.clone(), !selected)))
    };
    let menu_open = props.open_menu.as_ref() == Some(&row.user_id);
    let ontoggle = {
        let onmenu = props.onmenu.clone();
        let user_id = row.user_id.clone();
        Callback::from(move |open: bool| onmenu.emit(open.then(|| user_id.clone())))
    };
    let onaction = {
        let onaction = props.onaction.clone();
        let row = row.clone();
        Callback::from(move |action: Option<RowAction>| onaction.emit((row.clone(), action)))
    };
    html! {
        <tr key={row.user_id.as_str()} part="row" class={classes!(selected.then_some("tk-row--selected"))}
            aria-selected={selected.to_string()}>
            <td class="tk-select-cell" part="cell">
                <input type="checkbox" class="tk-checkbox" part="checkbox"
                    aria-label={fill(messages.select_user_label, "user", &row.login_id)}
                    checked={selected} onchange={onselect} />
            </td>
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
                <RowActions row={row.clone()} open={menu_open} locked={props.locked.clone()} {ontoggle} {onaction} />
            </td>
        </tr>
    }
}
