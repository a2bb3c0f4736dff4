//! `<RolePicker>`: the tenant's roles as checkboxes in a fieldset, for the user and access-key
//! forms. Roles already chosen stay offered even when the tenant's list does not name them.

use crate::messages::ENGLISH;
use std::collections::BTreeSet;
use yew::prelude::*;

/// Properties of [`RolePicker`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct RolePickerProps {
    /// The fieldset's legend.
    pub legend: AttrValue,
    /// Roles of the tenant to offer.
    pub roles: Vec<String>,
    /// The chosen roles.
    pub selected: BTreeSet<String>,
    /// The choice changed: every chosen role.
    pub onchange: Callback<BTreeSet<String>>,
}

/// Role checkboxes.
#[component]
pub fn RolePicker(props: &RolePickerProps) -> Html {
    let messages = &ENGLISH;
    let mut roles: BTreeSet<String> = props.roles.iter().cloned().collect();
    roles.extend(props.selected.iter().cloned());
    html! {
        <fieldset class="tk-fieldset">
            <legend class="tk-field-label">{ props.legend.clone() }</legend>
            if roles.is_empty() {
                <p class="tk-muted">{ messages.no_roles }</p>
            }
            { for roles.into_iter().map(|role| {
                let checked = props.selected.contains(&role);
                let onchange = {
                    let selected = props.selected.clone();
                    let onchange = props.onchange.clone();
                    let role = role.clone();
                    Callback::from(move |_: Event| {
                        let mut next = selected.clone();
                        if !next.remove(&role) {
                            next.insert(role.clone());
                        }
                        onchange.emit(next);
                    })
                };
                html! {
                    <label class="tk-check">
                        <input type="checkbox" class="tk-checkbox" {checked} {onchange} />
                        { role }
                    </label>
                }
            }) }
        </fieldset>
    }
}
