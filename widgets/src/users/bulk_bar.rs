//! `<BulkBar>`: what can be done to the selected users, shown (in the controller's
//! [`crate::ui::list_parts::selection_bar`]) while some are selected.

use crate::collections::VecMap;
use crate::messages::fill;
use crate::ui::list_parts::bulk_button;
use crate::users::actions::BulkAction;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Properties of [`BulkBar`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct BulkBarProps {
    /// Roles to add or remove.
    pub roles: Vec<String>,
    /// Roles the admin may not give or take away, with the permissions they lack: listed
    /// disabled, with the reason.
    #[prop_or_default]
    pub locked: Rc<VecMap<String, Vec<String>>>,
    /// An action was chosen (it is confirmed before it runs).
    pub onaction: Callback<BulkAction>,
}

/// The bulk actions on users.
#[component]
pub fn BulkBar(props: &BulkBarProps) -> Html {
    let messages = crate::i18n::use_messages();
    let role = use_state(|| None::<String>);
    let chosen_role = (*role)
        .clone()
        .filter(|r| props.roles.contains(r) && !props.locked.contains_key(r))
        .or_else(|| {
            props
                .roles
                .iter()
                .find(|r| !props.locked.contains_key(*r))
                .cloned()
        });
    let onrole = {
        let role = role.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                role.set(Some(select.value()));
            }
        })
    };
    let button = |label: &'static str, action: BulkAction, danger: bool| {
        bulk_button(
            label,
            danger,
            props.onaction.reform(move |_: MouseEvent| action.clone()),
        )
    };
    html! {
        <>
            { button(messages.action_enable, BulkAction::Enable, false) }
            { button(messages.action_disable, BulkAction::Disable, false) }
            if let Some(chosen) = chosen_role {
                <label class="tk-field tk-field--inline">
                    <span class="tk-visually-hidden">{ messages.bulk_role_label }</span>
                    <select class="tk-select tk-select--small" onchange={onrole}>
                        { for props.roles.iter().map(|r| match props.locked.get(r) {
                            // A role the admin may not give: listed, disabled, with the reason.
                            Some(missing) => html! {
                                <option value={r.clone()} disabled=true>
                                    { format!("{r} ({})", fill(messages.role_not_grantable, "permissions", &missing.join(", "))) }
                                </option>
                            },
                            None => html! {
                                <option value={r.clone()} selected={*r == chosen}>{ r.clone() }</option>
                            },
                        }) }
                    </select>
                </label>
                { button(messages.bulk_add_role, BulkAction::AddRole(chosen.clone()), false) }
                { button(messages.bulk_remove_role, BulkAction::RemoveRole(chosen), false) }
            }
            { button(messages.action_remove_from_tenant, BulkAction::RemoveFromTenant, true) }
            { button(messages.action_delete, BulkAction::Delete, true) }
        </>
    }
}
