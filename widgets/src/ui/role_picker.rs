//! `<RolePicker>`: the tenant's roles as checkboxes in a fieldset, for the user and access-key
//! forms. Roles already chosen stay offered even when the tenant's list does not name them. A
//! role the admin may not give or take away (it carries permissions they do not hold) is shown
//! disabled, with the permissions it needs.

use crate::collections::{VecMap, VecSet};
use crate::messages::fill;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`RolePicker`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct RolePickerProps {
    /// The fieldset's legend.
    pub legend: AttrValue,
    /// Roles of the tenant to offer.
    pub roles: Vec<String>,
    /// Roles the admin may not give or take away, with the permissions they lack.
    #[prop_or_default]
    pub locked: Rc<VecMap<String, Vec<String>>>,
    /// The chosen roles.
    pub selected: VecSet<String>,
    /// The choice changed: every chosen role.
    pub onchange: Callback<VecSet<String>>,
}

/// Role checkboxes.
#[component]
pub fn RolePicker(props: &RolePickerProps) -> Html {
    let messages = crate::i18n::use_messages();
    let mut roles: VecSet<String> = props.roles.iter().cloned().collect();
    roles.extend(props.selected.iter().cloned());
    html! {
        <fieldset class="tk-fieldset">
            <legend class="tk-field-label">{ props.legend.clone() }</legend>
            if roles.is_empty() {
                <p class="tk-muted">{ messages.no_roles }</p>
            }
            { for roles.into_iter().enumerate().map(|(index, role)| {
                let checked = props.selected.contains(&role);
                let reason = props.locked.get(&role).map(|missing| {
                    fill(messages.role_not_grantable, "permissions", &missing.join(", "))
                });
                let reason_id = format!("tk-role-reason-{index}");
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
                    <div class="tk-role-choice">
                        <label class="tk-check">
                            <input type="checkbox" class="tk-checkbox" {checked} {onchange}
                                disabled={reason.is_some()}
                                aria-describedby={reason.is_some().then(|| reason_id.clone())} />
                            { role }
                        </label>
                        if let Some(reason) = reason {
                            <span id={reason_id} class="tk-muted tk-unavailable" part="unavailable-reason">
                                { reason }
                            </span>
                        }
                    </div>
                }
            }) }
        </fieldset>
    }
}
