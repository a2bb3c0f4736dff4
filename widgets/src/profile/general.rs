//! `<GeneralSection>`: the tenant's name and custom attributes, one input per attribute type
//! (the shared [`crate::ui::attributes`] inputs the user form uses). Read-only, with the reason,
//! for an admin without `User Admin`. Only a change is sent; the server's refusal is shown next to
//! its field.

use crate::collections::VecMap;
use crate::list::{LoadError, SearchTarget, use_requests};
use crate::profile::actions;
use crate::profile::fields::section_footer;
use crate::profile::state::{TENANT_FIELDS, server_errors};
use crate::ui::attributes::{
    attribute_field, attribute_text, attribute_value, inferred_definition,
};
use crate::ui::form::{FormState, field_error, use_form};
use tenantkit_wire::tenant::Tenant;
use tenantkit_wire::user_ops::CustomAttribute;
use yew::prelude::*;

/// Properties of [`GeneralSection`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct GeneralSectionProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// The tenant as loaded.
    pub tenant: Tenant,
    /// The tenant attribute definitions the server gave (may be none).
    pub definitions: Vec<CustomAttribute>,
    /// The admin may change the name and attributes.
    pub editable: bool,
    /// Saved: the tenant as it now is.
    pub onsaved: Callback<Tenant>,
    /// The server refused: the widget's `tk-error`.
    pub onerror: Callback<LoadError>,
}

/// What the admin typed: the name, and each attribute as text.
#[derive(Debug, Clone, PartialEq)]
struct Values {
    name: String,
    attributes: VecMap<String, String>,
}

impl Values {
    fn of(tenant: &Tenant) -> Self {
        Self {
            name: tenant.name.clone(),
            attributes: tenant
                .custom_attributes
                .iter()
                .map(|(key, value)| (key.clone(), attribute_text(value)))
                .collect(),
        }
    }
}

/// The definitions to draw: the server's, plus a definition read from each value the server
/// defined no attribute for (so a tenant admin, who may not read definitions, still edits them).
fn definitions_of(tenant: &Tenant, given: &[CustomAttribute]) -> Vec<CustomAttribute> {
    let mut definitions = given.to_vec();
    for (name, value) in &tenant.custom_attributes {
        if !definitions.iter().any(|d| &d.name == name) {
            definitions.push(inferred_definition(name, value));
        }
    }
    definitions
}

/// The name and custom attributes.
#[component]
pub fn GeneralSection(props: &GeneralSectionProps) -> Html {
    let messages = crate::i18n::use_messages();
    let p = &messages.profile;
    let requests = use_requests();
    let initial = Values::of(&props.tenant);
    let FormState {
        values,
        errors,
        form_error,
        submitting,
    } = use_form::<Values, String>(&initial);
    let definitions = definitions_of(&props.tenant, &props.definitions);

    let onsubmit = {
        let (values, errors, form_error, submitting) = (
            values.clone(),
            errors.clone(),
            form_error.clone(),
            submitting.clone(),
        );
        let props = props.clone();
        let definitions = definitions.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *submitting {
                return;
            }
            let mut found = VecMap::new();
            let mut tenant = props.tenant.clone();
            tenant.name = values.name.trim().to_owned();
            if tenant.name.is_empty() {
                found.insert("name".to_owned(), p.name_required.to_owned());
            }
            for definition in &definitions {
                let text = values
                    .attributes
                    .get(&definition.name)
                    .cloned()
                    .unwrap_or_default();
                match attribute_value(definition, &text, messages) {
                    Ok(serde_json::Value::Null) => {
                        tenant.custom_attributes.remove(&definition.name);
                    }
                    Ok(value) => {
                        tenant
                            .custom_attributes
                            .insert(definition.name.clone(), value);
                    }
                    Err(message) => {
                        found.insert(format!("attr:{}", definition.name), message);
                    }
                }
            }
            form_error.set(None);
            if !found.is_empty() {
                errors.set(found);
                return;
            }
            errors.set(VecMap::new());
            if tenant == props.tenant {
                return;
            }
            submitting.set(true);
            let (errors, form_error, submitting, props) = (
                errors.clone(),
                form_error.clone(),
                submitting.clone(),
                props.clone(),
            );
            requests.send(async move {
                let result = actions::update_tenant(&props.target, &tenant).await;
                submitting.set(false);
                match result {
                    Ok(()) => props.onsaved.emit(tenant),
                    Err(error) => {
                        props.onerror.emit(LoadError::from(&error));
                        let (fields, rest) = server_errors(&error, TENANT_FIELDS);
                        errors.set(
                            fields
                                .into_iter()
                                .map(|(field, message)| (field.to_owned(), message))
                                .collect(),
                        );
                        form_error.set(rest.map(|rest| format!("{} {rest}", p.save_failed)));
                    }
                }
            });
        })
    };

    let oninput_name = {
        let (values, errors) = (values.clone(), errors.clone());
        Callback::from(move |event: InputEvent| {
            if let Some(text) = crate::ui::form::value_of(&event) {
                values.set(Values {
                    name: text,
                    ..(*values).clone()
                });
                if errors.contains_key("name") {
                    let mut next = (*errors).clone();
                    next.remove("name");
                    errors.set(next);
                }
            }
        })
    };
    let attribute = |definition: &CustomAttribute| {
        let value = values
            .attributes
            .get(&definition.name)
            .cloned()
            .unwrap_or_default();
        let onchange = {
            let values = values.clone();
            let name = definition.name.clone();
            Callback::from(move |text: String| {
                let mut next = (*values).clone();
                next.attributes.insert(name.clone(), text);
                values.set(next);
            })
        };
        let error = errors.get(&format!("attr:{}", definition.name));
        attribute_field(
            definition,
            "tk-profile-attr",
            &value,
            error,
            !props.editable,
            onchange,
        )
    };
    let name_error = errors.get("name");
    html! {
        <section class="tk-profile-section" part="section general-section" aria-labelledby="tk-profile-general-title">
            <h3 id="tk-profile-general-title" class="tk-section-title" part="section-title">{ p.general_title }</h3>
            if !props.editable {
                <p class="tk-hint tk-read-only" part="read-only-reason">{ p.general_read_only }</p>
            }
            <form class="tk-form" part="form" novalidate=true {onsubmit}>
                <div class="tk-form-field">
                    <label for="tk-profile-name" class="tk-field-label">{ p.field_name }</label>
                    <input id="tk-profile-name" type="text" class="tk-input" part="input"
                        value={values.name.clone()} readonly={!props.editable}
                        aria-invalid={name_error.is_some().to_string()}
                        aria-describedby={name_error.map(|_| "tk-profile-name-error")}
                        oninput={oninput_name} />
                    { field_error(name_error, "tk-profile-name-error".to_owned()) }
                </div>
                <fieldset class="tk-fieldset tk-profile-attributes">
                    <legend class="tk-field-label">{ p.attributes_legend }</legend>
                    if definitions.is_empty() {
                        <p class="tk-hint">{ p.attributes_none }</p>
                    }
                    { for definitions.iter().map(attribute) }
                </fieldset>
                { section_footer(form_error.as_ref(), props.editable, *submitting, messages) }
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenantkit_wire::user_ops::attribute_type;

    #[test]
    fn values_without_a_definition_still_get_an_input_of_their_type() {
        let tenant = Tenant {
            custom_attributes: serde_json::json!({"plan": "team", "seats": 5})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            ..Tenant::default()
        };
        let given = [CustomAttribute {
            name: "plan".into(),
            kind: attribute_type::SINGLE_SELECT,
            options: vec!["free".into(), "team".into()],
            display_name: "Plan".into(),
            editable: true,
        }];
        let definitions = definitions_of(&tenant, &given);
        assert_eq!(definitions.len(), 2);
        assert_eq!(definitions[0].kind, attribute_type::SINGLE_SELECT);
        assert_eq!(definitions[1].name, "seats");
        assert_eq!(definitions[1].kind, attribute_type::NUMERIC);
    }
}
