//! `<PermissionPicker>`: the permissions a role grants, chosen with checkboxes. Each permission
//! shows its description (and is described by it for screen readers); a filter box narrows the
//! list by name or description, and "Select all" toggles every permission shown (it is mixed
//! when only some are chosen). Enter in the filter box only filters: it does not submit the form
//! the picker sits in (a text input's implicit submission).
//!
//! In widget mode an admin can only delegate what they have: a permission they do not hold
//! (`grantable: false` from the server) is shown disabled with the reason, "Select all" leaves it
//! alone, and when the role already carries one (`frozen`), none of its permissions can change.

use crate::collections::VecSet;
use crate::i18n::lower_case;
use crate::list::Remote;
use crate::messages::fill;
use std::rc::Rc;
use tenantkit_wire::role::Permission;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`PermissionPicker`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct PermissionPickerProps {
    /// The project's permissions.
    pub permissions: Remote<Rc<[Permission]>>,
    /// The chosen ones.
    pub selected: VecSet<String>,
    /// The choice changed.
    pub onchange: Callback<VecSet<String>>,
    /// Why no permission can change (the role carries some the admin does not hold), if so.
    #[prop_or_default]
    pub frozen: Option<AttrValue>,
}

/// Whether the admin may not put `permission` in a role or take it out.
fn locked(permission: &Permission) -> bool {
    permission.grantable == Some(false)
}

/// The permissions to offer: the project's, plus any chosen one it does not list (so a role
/// granting a permission unknown here can be saved without losing it).
fn offered(permissions: &[Permission], selected: &VecSet<String>) -> Vec<Permission> {
    let mut all = permissions.to_vec();
    for name in selected {
        if !all.iter().any(|p| &p.name == name) {
            all.push(Permission {
                name: name.clone(),
                ..Permission::default()
            });
        }
    }
    all
}

/// Whether `permission` matches the filter text (name or description, any case).
fn matches(permission: &Permission, filter: &str) -> bool {
    let filter = lower_case(filter.trim());
    filter.is_empty()
        || lower_case(&permission.name).contains(&filter)
        || lower_case(&permission.description).contains(&filter)
}

/// The permission checkboxes with filter and select-all.
#[component]
pub fn PermissionPicker(props: &PermissionPickerProps) -> Html {
    let messages = &crate::i18n::use_messages().roles;
    let filter = use_state(String::new);
    let select_all = use_node_ref();
    let list = match &props.permissions {
        Remote::Loaded(permissions) => offered(permissions, &props.selected),
        _ => offered(&[], &props.selected),
    };
    let shown: Vec<(usize, &Permission)> = list
        .iter()
        .enumerate()
        .filter(|(_, permission)| matches(permission, &filter))
        .collect();
    let frozen = props.frozen.is_some();
    // What "Select all" toggles: the shown permissions the admin may change.
    let free: Vec<&Permission> = shown
        .iter()
        .map(|(_, p)| *p)
        .filter(|p| !frozen && !locked(p))
        .collect();
    let chosen_shown = free
        .iter()
        .filter(|p| props.selected.contains(&p.name))
        .count();
    let all_shown = !free.is_empty() && chosen_shown == free.len();
    let mixed = chosen_shown > 0 && !all_shown;
    {
        // `indeterminate` is a property, not an attribute: set it after every render.
        let select_all = select_all.clone();
        use_effect(move || {
            if let Some(input) = select_all.cast::<HtmlInputElement>() {
                input.set_indeterminate(mixed);
            }
        });
    }

    let onfilter = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                filter.set(input.value());
            }
        })
    };
    // Enter in a text input submits its form; here it would save the role half-edited.
    let onfilterkey = Callback::from(|event: KeyboardEvent| {
        if event.key() == "Enter" {
            event.prevent_default();
        }
    });
    let onselectall = {
        let onchange = props.onchange.clone();
        let selected = props.selected.clone();
        let names: Vec<String> = free.iter().map(|p| p.name.clone()).collect();
        Callback::from(move |_: Event| {
            let mut next = selected.clone();
            if all_shown {
                for name in &names {
                    next.remove(name);
                }
            } else {
                next.extend(names.iter().cloned());
            }
            onchange.emit(next);
        })
    };
    let toggle = |name: &str| {
        let onchange = props.onchange.clone();
        let selected = props.selected.clone();
        let name = name.to_owned();
        Callback::from(move |_: Event| {
            let mut next = selected.clone();
            if !next.remove(&name) {
                next.insert(name.clone());
            }
            onchange.emit(next);
        })
    };
    let summary = fill(
        &fill(
            messages.permissions_selected,
            "count",
            &props.selected.len().to_string(),
        ),
        "total",
        &list.len().to_string(),
    );
    let filtering = !filter.trim().is_empty();
    let status = match &props.permissions {
        Remote::Loading => Some(html! { <p class="tk-muted">{ messages.loading_permissions }</p> }),
        Remote::Failed(error) => Some(html! {
            <p class="tk-form-error" part="form-error" role="alert">
                { format!("{} {}", messages.permissions_failed, error.message) }
            </p>
        }),
        Remote::Loaded(_) if list.is_empty() => {
            Some(html! { <p class="tk-muted">{ messages.no_permissions_defined }</p> })
        }
        Remote::Loaded(_) if shown.is_empty() => {
            Some(html! { <p class="tk-muted">{ messages.no_permission_matches }</p> })
        }
        Remote::Loaded(_) => None,
    };
    html! {
        <fieldset class="tk-fieldset tk-picker" part="permission-picker">
            <legend class="tk-field-label">{ messages.field_permissions }</legend>
            <div class="tk-picker-tools">
                <label class="tk-field tk-field--search">
                    <span class="tk-visually-hidden">{ messages.filter_permissions }</span>
                    <input type="search" class="tk-input" part="permission-filter"
                        placeholder={messages.filter_permissions_placeholder}
                        value={(*filter).clone()} oninput={onfilter} onkeydown={onfilterkey} />
                </label>
                <label class="tk-check">
                    <input ref={select_all} type="checkbox" class="tk-checkbox" part="checkbox"
                        checked={all_shown} disabled={free.is_empty()} onchange={onselectall} />
                    { if filtering { messages.select_all_shown_permissions } else { messages.select_all_permissions } }
                </label>
                <span class="tk-muted tk-picker-count" aria-live="polite">{ summary }</span>
            </div>
            { status.unwrap_or_default() }
            if let Some(reason) = &props.frozen {
                <p class="tk-muted tk-unavailable" part="unavailable-reason">{ reason.clone() }</p>
            }
            if !shown.is_empty() {
                <ul class="tk-permission-list" part="permission-list">
                    { for shown.iter().map(|(index, permission)| {
                        let id = format!("tk-permission-{index}");
                        let description_id = format!("{id}-description");
                        let has_description = !permission.description.is_empty();
                        let not_held = locked(permission);
                        let reason_id = format!("{id}-reason");
                        let described_by: Vec<&str> = [
                            has_description.then_some(description_id.as_str()),
                            not_held.then_some(reason_id.as_str()),
                        ]
                        .into_iter()
                        .flatten()
                        .collect();
                        html! {
                            <li key={permission.name.clone()} class="tk-permission" part="permission">
                                <input {id} type="checkbox" class="tk-checkbox" part="checkbox"
                                    checked={props.selected.contains(&permission.name)}
                                    disabled={frozen || not_held}
                                    aria-describedby={(!described_by.is_empty()).then(|| described_by.join(" "))}
                                    onchange={toggle(&permission.name)} />
                                <label for={format!("tk-permission-{index}")} class="tk-permission-name">
                                    { permission.name.clone() }
                                </label>
                                if permission.system_default {
                                    <span class="tk-tag" part="tag">{ messages.built_in }</span>
                                }
                                if has_description {
                                    <p id={description_id} class="tk-permission-description">
                                        { permission.description.clone() }
                                    </p>
                                }
                                if not_held {
                                    <p id={reason_id} class="tk-permission-description tk-unavailable"
                                        part="unavailable-reason">
                                        { messages.permission_not_held }
                                    </p>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_matches_names_and_descriptions() {
        let permission = Permission {
            name: "Billing Read".into(),
            description: "See invoices".into(),
            system_default: false,
            grantable: None,
        };
        assert!(matches(&permission, "  billing "));
        assert!(matches(&permission, "INVOICES"));
        assert!(!matches(&permission, "sso"));
    }

    #[test]
    fn chosen_permissions_the_server_does_not_list_are_offered_too() {
        let known = [Permission {
            name: "A".into(),
            ..Permission::default()
        }];
        let chosen = VecSet::from(["A".to_owned(), "Gone".to_owned()]);
        let names: Vec<String> = offered(&known, &chosen)
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["A", "Gone"]);
    }
}
