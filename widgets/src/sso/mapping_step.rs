//! `<SsoMappingStep>`: step 4 of the SSO wizard: which IdP attribute fills which user field
//! (and custom attribute rows, the project's attribute names suggested), IdP groups to the tenant's roles, the roles every SSO
//! user gets, the email domains routed here (checked as they are typed) and, for SAML, where
//! users land after signing in.

use crate::messages::fill;
use crate::sso::fields::{Field, FieldErrors, edit_on, on_text, text_field, value_of};
use crate::sso::state::{Draft, DraftEdit, GroupRow, domain_errors};
use std::rc::Rc;
use tenantkit_wire::sso::SsoAuthType;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Properties of [`SsoMappingStep`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SsoMappingStepProps {
    /// What the admin typed so far.
    pub draft: Rc<Draft>,
    /// Errors found when the admin pressed Next.
    pub errors: FieldErrors,
    /// The tenant's roles (project roles included).
    pub roles: Vec<String>,
    /// The project's custom attribute names, suggested in the custom rows.
    #[prop_or_default]
    pub custom_attribute_names: Vec<String>,
    /// Changes the draft.
    pub onedit: Callback<DraftEdit>,
}

/// The mapping step.
#[component]
pub fn SsoMappingStep(props: &SsoMappingStepProps) -> Html {
    let sso = &crate::i18n::use_messages().sso;
    let draft = &props.draft;
    let onedit = &props.onedit;
    let mapping_field =
        |id: &'static str, label: &'static str, value: &str, set: fn(&mut Draft, String)| {
            text_field(
                Field {
                    id,
                    label,
                    value,
                    kind: "text",
                    error: None,
                    hint: None,
                },
                on_text(onedit, set),
            )
        };
    let custom_rows = draft.custom_attributes.iter().enumerate().map(|(index, (ours, theirs))| {
        let row = (index + 1).to_string();
        let set = move |ours_side: bool| {
            edit_on(onedit, move |event: InputEvent| {
                value_of(&event).map(|value| {
                    DraftEdit::new(move |draft| {
                        if let Some(pair) = draft.custom_attributes.get_mut(index) {
                            if ours_side { pair.0 = value } else { pair.1 = value }
                        }
                    })
                })
            })
        };
        let onremove = onedit.reform(move |_: MouseEvent| {
            DraftEdit::new(move |draft| {
                if index < draft.custom_attributes.len() {
                    draft.custom_attributes.remove(index);
                }
            })
        });
        html! {
            <div class="tk-pair" key={index}>
                <input type="text" class="tk-input" part="input" aria-label={fill(sso.custom_ours, "row", &row)}
                    list="tk-sso-custom-attribute-names" value={ours.clone()} oninput={set(true)} />
                <input type="text" class="tk-input" part="input" aria-label={fill(sso.custom_theirs, "row", &row)}
                    value={theirs.clone()} oninput={set(false)} />
                <button type="button" class="tk-link-button" part="button"
                    aria-label={fill(sso.remove_row, "row", &row)} onclick={onremove}>{ "×" }</button>
            </div>
        }
    });
    let group_rows = draft.groups.iter().enumerate().map(|(index, group)| {
        let row = (index + 1).to_string();
        let ongroups = edit_on(onedit, move |event: InputEvent| {
            value_of(&event).map(|value| {
                DraftEdit::new(move |draft| {
                    if let Some(group) = draft.groups.get_mut(index) {
                        group.groups = value;
                    }
                })
            })
        });
        let onrole = edit_on(onedit, move |event: Event| {
            let select = event.target()?.dyn_into::<HtmlSelectElement>().ok()?;
            let value = select.value();
            Some(DraftEdit::new(move |draft| {
                if let Some(group) = draft.groups.get_mut(index) {
                    group.role = value;
                }
            }))
        });
        let onremove = onedit.reform(move |_: MouseEvent| {
            DraftEdit::new(move |draft| {
                if index < draft.groups.len() {
                    draft.groups.remove(index);
                }
            })
        });
        html! {
            <div class="tk-pair" key={index}>
                <input type="text" class="tk-input" part="input" aria-label={fill(sso.group_names, "row", &row)}
                    value={group.groups.clone()} oninput={ongroups} />
                <select class="tk-select" part="input" aria-label={fill(sso.group_role, "row", &row)} onchange={onrole}>
                    <option value="" selected={group.role.is_empty()}>{ sso.choose_role }</option>
                    { for props.roles.iter().map(|role| html! {
                        <option value={role.clone()} selected={*role == group.role}>{ role.clone() }</option>
                    }) }
                </select>
                <button type="button" class="tk-link-button" part="button"
                    aria-label={fill(sso.remove_row, "row", &row)} onclick={onremove}>{ "×" }</button>
            </div>
        }
    });
    let onaddcustom = onedit.reform(|_: MouseEvent| {
        DraftEdit::new(|draft| draft.custom_attributes.push((String::new(), String::new())))
    });
    let onaddgroup = onedit
        .reform(|_: MouseEvent| DraftEdit::new(|draft| draft.groups.push(GroupRow::default())));
    let default_roles = props.roles.iter().map(|role| {
        let name = role.clone();
        let onchange = edit_on(onedit, move |event: Event| {
            let checked = event.target()?.dyn_into::<HtmlInputElement>().ok()?.checked();
            let name = name.clone();
            Some(DraftEdit::new(move |draft| {
                if checked {
                    draft.default_roles.insert(name);
                } else {
                    draft.default_roles.remove(&name);
                }
            }))
        });
        html! {
            <label class="tk-check" key={role.clone()}>
                <input type="checkbox" class="tk-checkbox" checked={draft.default_roles.contains(role)} {onchange} />
                { role.clone() }
            </label>
        }
    });
    // Domains are checked as they are typed; Next also reports the server rules' messages.
    let typed_domain_errors = domain_errors(&draft.domains);
    let domain_error = props
        .errors
        .get("domains")
        .cloned()
        .or_else(|| (!typed_domain_errors.is_empty()).then(|| typed_domain_errors.join(" ")));
    html! {
        <>
            <fieldset class="tk-fieldset">
                <legend>{ sso.mapping_legend }</legend>
                <p class="tk-hint">{ sso.mapping_hint }</p>
                { mapping_field("tk-sso-map-email", sso.map_email, &draft.mapping.email, |d, v| d.mapping.email = v) }
                { mapping_field("tk-sso-map-name", sso.map_name, &draft.mapping.name, |d, v| d.mapping.name = v) }
                { mapping_field("tk-sso-map-given-name", sso.map_given_name, &draft.mapping.given_name, |d, v| d.mapping.given_name = v) }
                { mapping_field("tk-sso-map-family-name", sso.map_family_name, &draft.mapping.family_name, |d, v| d.mapping.family_name = v) }
                { mapping_field("tk-sso-map-groups", sso.map_groups, &draft.mapping.group, |d, v| d.mapping.group = v) }
            </fieldset>
            <fieldset class="tk-fieldset">
                <legend>{ sso.custom_legend }</legend>
                <datalist id="tk-sso-custom-attribute-names">
                    { for props.custom_attribute_names.iter().map(|name| html! { <option value={name.clone()} /> }) }
                </datalist>
                { for custom_rows }
                <button type="button" class="tk-button tk-button--small" part="button" onclick={onaddcustom}>{ sso.custom_add }</button>
            </fieldset>
            <fieldset class="tk-fieldset">
                <legend>{ sso.groups_legend }</legend>
                { for group_rows }
                <button type="button" class="tk-button tk-button--small" part="button" onclick={onaddgroup}>{ sso.groups_add }</button>
            </fieldset>
            if draft.provider.protocol() == SsoAuthType::Saml {
                <fieldset class="tk-fieldset">
                    <legend>{ sso.default_roles_legend }</legend>
                    { for default_roles }
                </fieldset>
            }
            { text_field(Field { id: "tk-sso-domains", label: sso.field_domains, value: &draft.domains,
                kind: "text", error: domain_error.as_ref(), hint: Some(sso.domains_hint) },
                on_text(onedit, |d, v| d.domains = v)) }
            if draft.provider.protocol() == SsoAuthType::Saml {
                { text_field(Field { id: "tk-sso-redirect-url", label: sso.field_redirect_url, value: &draft.redirect_url,
                    kind: "url", error: props.errors.get("redirectUrl"), hint: None },
                    on_text(onedit, |d, v| d.redirect_url = v)) }
            }
        </>
    }
}
