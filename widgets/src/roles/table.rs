//! `<RoleTable>`: the roles of a tenant as an accessible table: name, description, permissions as
//! chips ("+N" standing for the rest), scope (project roles are read-only, and the row says why),
//! holders ("12 users · 2 keys"); sortable headers (`aria-sort`; holders sort by users),
//! selection of the tenant's own roles, and a menu per row.

use crate::messages::{ENGLISH, Messages, RoleMessages, count, fill};
use crate::roles::state::{RoleRow, RoleSortColumn};
use crate::ui::action_menu::{ActionMenu, MenuItem};
use std::collections::BTreeSet;
use std::rc::Rc;
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

/// Properties of [`RoleTable`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct RoleTableProps {
    /// The rows, in display order.
    pub rows: Rc<[RoleRow]>,
    /// The table's caption (visually hidden; the widget's heading shows the same).
    pub caption: AttrValue,
    /// The sort in effect.
    #[prop_or_default]
    pub sort: Option<(RoleSortColumn, bool)>,
    /// Names of the selected roles (the tenant's own).
    #[prop_or_default]
    pub selected: Rc<BTreeSet<String>>,
    /// Key ([`RoleRow::key`]) of the row whose menu is open.
    #[prop_or_default]
    pub open_menu: Option<String>,
    /// A sortable header was activated.
    #[prop_or_default]
    pub onsort: Callback<RoleSortColumn>,
    /// A row's checkbox changed: the role's name and whether it is now selected.
    #[prop_or_default]
    pub onselect: Callback<(String, bool)>,
    /// The select-all checkbox changed.
    #[prop_or_default]
    pub onselectall: Callback<bool>,
    /// A row's menu opened (`Some(key)`) or closed.
    #[prop_or_default]
    pub onmenu: Callback<Option<String>>,
    /// A row action was chosen.
    #[prop_or_default]
    pub onaction: Callback<(RoleRow, RoleAction)>,
}

/// The role table. Every cell is text.
#[component]
pub fn RoleTable(props: &RoleTableProps) -> Html {
    let messages = &ENGLISH;
    let roles = &messages.roles;
    let selectable: Vec<&RoleRow> = props.rows.iter().filter(|row| row.editable).collect();
    let all_selected = !selectable.is_empty()
        && selectable
            .iter()
            .all(|row| props.selected.contains(&row.name));
    let onselectall = {
        let onselectall = props.onselectall.clone();
        Callback::from(move |_: Event| onselectall.emit(!all_selected))
    };
    let header = |column: RoleSortColumn, label: &'static str| {
        let sort = match props.sort {
            Some((sorted, false)) if sorted == column => "ascending",
            Some((sorted, true)) if sorted == column => "descending",
            _ => "none",
        };
        let onclick = props.onsort.reform(move |_: MouseEvent| column);
        html! {
            <th scope="col" part="header-cell" aria-sort={sort}
                class={classes!((column == RoleSortColumn::Holders).then_some("tk-number"))}>
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
                                aria-label={roles.select_all_label} disabled={selectable.is_empty()}
                                checked={all_selected} onchange={onselectall} />
                        </td>
                        { header(RoleSortColumn::Name, roles.column_name) }
                        { header(RoleSortColumn::Description, roles.column_description) }
                        <th scope="col" part="header-cell">{ roles.column_permissions }</th>
                        <th scope="col" part="header-cell">{ roles.column_scope }</th>
                        { header(RoleSortColumn::Holders, roles.column_holders) }
                        <td class="tk-actions-cell" part="header-cell">
                            <span class="tk-visually-hidden">{ messages.column_actions }</span>
                        </td>
                    </tr>
                </thead>
                <tbody>
                    { for props.rows.iter().enumerate().map(|(index, row)| role_row(index, row, props, messages)) }
                </tbody>
            </table>
        </div>
    }
}

fn role_row(index: usize, row: &RoleRow, props: &RoleTableProps, messages: &Messages) -> Html {
    let roles = &messages.roles;
    let selected = row.editable && props.selected.contains(&row.name);
    let onselect = {
        let onselect = props.onselect.clone();
        let name = row.name.clone();
        Callback::from(move |_: Event| onselect.emit((name.clone(), !selected)))
    };
    let key = row.key();
    let menu_open = props.open_menu.as_ref() == Some(&key);
    let ontoggle = {
        let onmenu = props.onmenu.clone();
        let key = key.clone();
        Callback::from(move |open: bool| onmenu.emit(open.then(|| key.clone())))
    };
    let onchoose = {
        let onaction = props.onaction.clone();
        let row = row.clone();
        Callback::from(move |action: RoleAction| onaction.emit((row.clone(), action)))
    };
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
    html! {
        <tr key={key} part="row" class={classes!(selected.then_some("tk-row--selected"))}
            aria-selected={row.editable.then(|| selected.to_string())}>
            <td class="tk-select-cell" part="cell">
                <input type="checkbox" class="tk-checkbox" part="checkbox"
                    aria-label={fill(roles.select_role_label, "role", &row.name)}
                    aria-describedby={row.project.then(|| reason_id.clone())}
                    disabled={!row.editable} checked={selected} onchange={onselect} />
            </td>
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
