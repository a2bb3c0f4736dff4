//! `key_table`: the tenant's access keys as an accessible table: name (the row header, with the
//! description under it; `data-column="name"` marks the name alone), id, status (expired computed
//! from the expiry), expiry with a warning in its last week, roles, permitted addresses, creator,
//! created and last used; sortable headers (`aria-sort`), selection, and a menu per row.

use crate::access_keys::state::{KeyRow, KeySortColumn, KeyState};
use crate::messages::{KeyMessages, Messages, fill};
use crate::ui::action_menu::{ActionMenu, MenuItem};
use crate::ui::table::{
    ListTable, actions_header, menu_toggle, plain_header, row_choice, sort_header, table_of_rows,
};
use tenantkit_wire::access_key::KeyStatus;
use yew::prelude::*;

/// What can be done to one key from its menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    /// Change name, description, roles or permitted addresses.
    Edit,
    /// Give it a new secret.
    Rotate,
    /// Allow exchanges again (not once expired).
    Activate,
    /// Refuse exchanges.
    Deactivate,
    /// Remove it for good.
    Delete,
}

impl KeyAction {
    /// The actions offered for `row`, in menu order, each with why it cannot be chosen now.
    pub fn for_row(
        row: &KeyRow,
        now: i64,
        keys: &KeyMessages,
    ) -> Vec<(Self, Option<&'static str>)> {
        // An expired key that is still active can be deactivated; one that is inactive stays so.
        let status = match (row.status, row.state(now)) {
            (KeyStatus::Active, _) => (Self::Deactivate, None),
            (KeyStatus::Inactive, KeyState::Expired) => {
                (Self::Activate, Some(keys.expired_cannot_activate))
            }
            (KeyStatus::Inactive, _) => (Self::Activate, None),
        };
        vec![
            (Self::Edit, None),
            (Self::Rotate, None),
            status,
            (Self::Delete, None),
        ]
    }

    /// Menu label.
    pub fn label(self, messages: &Messages) -> &'static str {
        let keys = &messages.keys;
        match self {
            Self::Edit => keys.action_edit,
            Self::Rotate => keys.action_rotate,
            Self::Activate => keys.action_activate,
            Self::Deactivate => keys.action_deactivate,
            Self::Delete => keys.action_delete,
        }
    }
}

/// What [`key_table`] shows and whom it tells.
#[derive(Debug)]
pub struct KeyTableProps {
    /// The rows and what the controller holds for them.
    pub list: ListTable<KeyRow, KeySortColumn>,
    /// The time the statuses and warnings are computed for, epoch seconds.
    pub now: i64,
    /// A row action was chosen.
    pub onaction: Callback<(KeyRow, KeyAction)>,
}

/// The access-key table. Every cell is text. A plain function (see [`crate::ui`]).
pub fn key_table(props: &KeyTableProps, lang: crate::i18n::Lang) -> Html {
    let messages = lang.messages();
    let keys = &messages.keys;
    let sort = |column: KeySortColumn, label: &'static str| {
        sort_header(column, label, props.list.sort, &props.list.onsort, None)
    };
    let header = html! {
        <>
            { props.list.select_all_header(keys.select_all_label) }
            { sort(KeySortColumn::Name, keys.column_name) }
            { sort(KeySortColumn::Status, keys.column_status) }
            { sort(KeySortColumn::Expires, keys.column_expires) }
            { plain_header(keys.column_roles) }
            { plain_header(keys.column_permitted_ips) }
            { sort(KeySortColumn::Created, keys.column_created) }
            { sort(KeySortColumn::LastUsed, keys.column_last_used) }
            { actions_header(messages.column_actions) }
        </>
    };
    let rows = props.list.rows.iter().enumerate();
    table_of_rows(
        props.list.caption.clone(),
        None,
        header,
        rows.map(|(index, row)| key_row(index, row, props, messages, lang))
            .collect(),
    )
}

fn key_row(
    index: usize,
    row: &KeyRow,
    props: &KeyTableProps,
    messages: &Messages,
    lang: crate::i18n::Lang,
) -> Html {
    let keys = &messages.keys;
    let now = props.now;
    let (selected, select) =
        props
            .list
            .select_cell(row, fill(keys.select_key_label, "key", &row.name), None);
    let menu_open = props.list.open_menu.as_ref() == Some(&row.id);
    let ontoggle = menu_toggle(&props.list.onmenu, row.id.clone());
    let onchoose = row_choice(&props.onaction, row);
    let items: Vec<MenuItem<KeyAction>> = KeyAction::for_row(row, now, keys)
        .into_iter()
        .map(|(action, disabled)| MenuItem {
            action,
            label: action.label(messages).into(),
            danger: action == KeyAction::Delete,
            disabled: disabled.map(AttrValue::from),
        })
        .collect();
    let (status_label, status_class) = match row.state(now) {
        KeyState::Active => (keys.status_active, "tk-badge--active"),
        KeyState::Inactive => (keys.status_inactive, "tk-badge--inactive"),
        KeyState::Expired => (keys.status_expired, "tk-badge--expired"),
    };
    let warning = row.expires_soon(now).map(|days| match days {
        0 => keys.expires_within_a_day.to_owned(),
        1 => keys.expires_in_one_day.to_owned(),
        days => fill(keys.expires_in_days, "count", &days.to_string()),
    });
    let date_or_never = |time: i64| {
        if time > 0 {
            lang.day(time)
        } else {
            keys.never.to_owned()
        }
    };
    let muted = |text: &'static str| html! { <span class="tk-muted">{ text }</span> };
    html! {
        <tr key={row.id.clone()} part="row" class={classes!(selected.then_some("tk-row--selected"))}
            aria-selected={row.editable.then(|| selected.to_string())}>
            { select }
            <th scope="row" data-column="key" part="cell">
                <span data-column="name">{ row.name.clone() }</span>
                <code class="tk-key-id tk-key-id--under" data-column="id" part="key-id" title={row.id.clone()}>{ row.id.clone() }</code>
                if !row.description.is_empty() {
                    <p class="tk-scope-note" part="description">{ row.description.clone() }</p>
                }
            </th>
            <td data-column="status" part="cell">
                <span class={classes!("tk-badge", status_class)} part="status-badge">{ status_label }</span>
            </td>
            <td data-column="expires" part="cell" class="tk-nowrap">
                { date_or_never(row.expire_time) }
                if let Some(warning) = warning {
                    <span class="tk-expiry-warning" part="expiry-warning">{ warning }</span>
                }
            </td>
            <td data-column="roles" part="cell">
                if row.roles.is_empty() {
                    { muted(keys.no_roles) }
                } else {
                    <ul class="tk-roles">
                        { for row.roles.iter().map(|role| html! {
                            <li class="tk-role" part="role">{ role.clone() }</li>
                        }) }
                    </ul>
                }
            </td>
            <td data-column="permitted-ips" part="cell">
                if row.permitted_ips.is_empty() {
                    { muted(keys.any_address) }
                } else {
                    <ul class="tk-addresses">
                        { for row.permitted_ips.iter().map(|ip| html! { <li>{ ip.clone() }</li> }) }
                    </ul>
                }
            </td>
            <td data-column="created" part="cell" class="tk-nowrap">
                { date_or_never(row.created_time) }
                if !row.created_by.is_empty() {
                    // Who created it, under when: a column of its own left the table wider
                    // than a 1280-pixel page.
                    <span class="tk-created-by" part="created-by">
                        <span class="tk-visually-hidden">{ keys.column_created_by }{ " " }</span>
                        if let Some(login) = &row.created_by_login {
                            <span data-column="created-by" title={login.clone()}>{ login.clone() }</span>
                        } else if crate::made_by_product(&row.created_by) {
                            <span data-column="created-by" title={row.created_by.clone()}>{ keys.by_product }</span>
                        } else {
                            <code data-column="created-by" title={row.created_by.clone()}>{ row.created_by.clone() }</code>
                        }
                    </span>
                }
            </td>
            <td data-column="last-used" part="cell" class="tk-nowrap">{ date_or_never(row.last_used_time) }</td>
            <td class="tk-actions-cell" data-column="actions" part="cell">
                if row.editable {
                    <ActionMenu<KeyAction>
                        label={fill(keys.row_actions_label, "key", &row.name)}
                        id={format!("tk-key-menu-{index}")}
                        open={menu_open}
                        {items}
                        {ontoggle}
                        {onchoose}
                    />
                }
            </td>
        </tr>
    }
}
