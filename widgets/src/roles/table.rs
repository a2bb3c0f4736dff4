//! `role_table`: the roles of a tenant as an accessible table: name, description, permissions as
//! chips ("+N" standing for the rest), scope (project roles are read-only, and the row says why),
//! holders ("12 users · 2 keys"); sortable headers (`aria-sort`; holders sort by users),
//! selection of the tenant's own roles, and a menu per row.

use crate::messages::{Messages, RoleMessages, count, fill};
use crate::roles::state::{RoleRow, RoleSortColumn};
use crate::ui::action_menu::{ActionMenu, MenuItem};
use crate::ui::table::{
    ListTable, actions_header, menu_toggle, plain_header, row_choice, sort_header, table_of_rows,
};
use yew::prelude::*;

/// Chips shown before the rest is summed up in a "+N" chip.
pub const VISIBLE_PERMISSIONS: usize = 3;

/// What can be done to one role from its menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleAction {
    /// Change name, description or permissions (the tenant's own roles).
    Edit,
    /// Create a new role from this one (any role).
    Duplicate,
    /// Delete it (the tenant's own roles).
    Delete,
}

impl RoleAction {
    /// The actions offered for `row`, in menu order.
    pub fn for_row(row: &RoleRow) -> Vec<Self> {
        if row.editable {
            vec![Self::Edit, Self::Duplicate, Self::Delete]
        } else {
            vec![Self::Duplicate]
        }
    }

    /// Menu label.
    pub fn label(self, messages: &Messages) -> &'static str {
        match self {
            Self::Edit => messages.roles.action_edit,
            Self::Duplicate => messages.roles.action_duplicate,
            Self::Delete => messages.roles.action_delete,
        }
    }
}

/// What [`role_table`] shows and whom it tells.
#[derive(Debug)]
pub struct RoleTableProps {
    /// The rows and what the controller holds for them.
    pub list: ListTable<RoleRow, RoleSortColumn>,
    /// A row action was chosen.
    pub onaction: Callback<(RoleRow, RoleAction)>,
}

/// The role table. Every cell is text. A plain function (see [`crate::ui`]).
pub fn role_table(props: &RoleTableProps, messages: &Messages) -> Html {
    let roles = &messages.roles;
    let sort = |column: RoleSortColumn, label: &'static str| {
        let class = (column == RoleSortColumn::Holders).then_some("tk-number");
        sort_header(column, label, props.list.sort, &props.list.onsort, class)
    };
    let header = html! {
        <>
            { props.list.select_all_header(roles.select_all_label) }
            { sort(RoleSortColumn::Name, roles.column_name) }
            { sort(RoleSortColumn::Description, roles.column_description) }
            { plain_header(roles.column_permissions) }
            { plain_header(roles.column_scope) }
            { sort(RoleSortColumn::Holders, roles.column_holders) }
            { actions_header(messages.column_actions) }
        </>
    };
    let rows = props.list.rows.iter().enumerate();
    table_of_rows(
        props.list.caption.clone(),
        None,
        header,
        rows.map(|(index, row)| role_row(index, row, props, messages))
            .collect(),
    )
}

fn role_row(index: usize, row: &RoleRow, props: &RoleTableProps, messages: &Messages) -> Html {
    let roles = &messages.roles;
    let key = row.unique_key();
    let menu_open = props.list.open_menu.as_ref() == Some(&key);
    let ontoggle = menu_toggle(&props.list.onmenu, key.clone());
    let onchoose = row_choice(&props.onaction, row);
    let items: Vec<MenuItem<RoleAction>> = RoleAction::for_row(row)
        .into_iter()
        .map(|action| MenuItem {
            action,
            label: action.label(messages).into(),
            danger: action == RoleAction::Delete,
            disabled: None,
        })
        .collect();
    let reason_id = format!("tk-role-scope-{index}");
    let (selected, select) = props.list.select_cell(
        row,
        fill(roles.select_role_label, "role", &row.name),
        row.project.then(|| reason_id.clone()),
    );
    html! {
        <tr key={key} part="row" class={classes!(selected.then_some("tk-row--selected"))}
            aria-selected={row.editable.then(|| selected.to_string())}>
            { select }
            <th scope="row" class="tk-role-name" data-column="name" part="cell">{ row.name.clone() }</th>
            <td data-column="description" part="cell">
                if row.description.is_empty() {
                    <span class="tk-muted">{ messages.empty_cell }</span>
                } else {
                    { row.description.clone() }
                }
            </td>
            <td data-column="permissions" part="cell">{ permission_chips(&row.permissions, messages) }</td>
            <td data-column="scope" part="cell">
                if row.project {
                    <span class="tk-scope tk-scope--project" part="scope">{ roles.scope_project }</span>
                    <p id={reason_id} class="tk-scope-note" part="read-only-reason">{ roles.project_read_only }</p>
                } else {
                    <span class="tk-scope" part="scope">{ roles.scope_tenant }</span>
                }
            </td>
            <td class="tk-number" data-column="holders" part="cell">{ holders(row, roles) }</td>
            <td class="tk-actions-cell" data-column="actions" part="cell">
                <ActionMenu<RoleAction>
                    label={fill(roles.row_actions_label, "role", &row.name)}
                    id={format!("tk-role-menu-{index}")}
                    open={menu_open}
                    {items}
                    {ontoggle}
                    {onchoose}
                />
            </td>
        </tr>
    }
}

/// A role's holders in the tenant: "12 users · 2 keys".
pub fn holders(row: &RoleRow, roles: &RoleMessages) -> String {
    let users = count(row.users, roles.users_one, roles.users_other);
    let keys = count(
        row.access_keys,
        roles.table_keys_one,
        roles.table_keys_other,
    );
    fill(&fill(roles.holders_cell, "users", &users), "keys", &keys)
}

/// The chips of a role's permissions: all of them when few, otherwise the first ones and a "+N"
/// chip naming the rest: for screen readers as its text, for everyone else in a popover that
/// opens on hover and on keyboard focus (the chip is focusable).
fn permission_chips(permissions: &[String], messages: &Messages) -> Html {
    let roles = &messages.roles;
    if permissions.is_empty() {
        return html! { <span class="tk-muted">{ roles.no_permissions }</span> };
    }
    let visible = if permissions.len() > VISIBLE_PERMISSIONS {
        VISIBLE_PERMISSIONS - 1
    } else {
        permissions.len()
    };
    let (shown, rest) = permissions.split_at(visible);
    let more = (!rest.is_empty()).then(|| {
        let count = rest.len().to_string();
        let names = rest.join(", ");
        let label = fill(
            &fill(roles.more_permissions_label, "count", &count),
            "permissions",
            &names,
        );
        html! {
            <li class="tk-role tk-role--more" part="role more-permissions" tabindex="0">
                <span aria-hidden="true">{ fill(roles.more_permissions, "count", &count) }</span>
                <span class="tk-visually-hidden">{ label }</span>
                <span class="tk-role-more-list" part="more-permissions-list" aria-hidden="true">
                    { names }
                </span>
            </li>
        }
    });
    html! {
        <ul class="tk-roles">
            { for shown.iter().map(|permission| html! {
                <li class="tk-role" part="role permission">{ permission.clone() }</li>
            }) }
            { more.unwrap_or_default() }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::ENGLISH;

    #[test]
    fn holders_name_users_and_keys() {
        let row = |users, access_keys| RoleRow {
            name: "Support".into(),
            description: String::new(),
            permissions: Vec::new(),
            project: false,
            users,
            access_keys,
            editable: true,
        };
        assert_eq!(holders(&row(12, 2), &ENGLISH.roles), "12 users · 2 keys");
        assert_eq!(holders(&row(1, 1), &ENGLISH.roles), "1 user · 1 key");
        assert_eq!(holders(&row(0, 0), &ENGLISH.roles), "0 users · 0 keys");
    }
}
