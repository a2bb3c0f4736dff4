//! `<SsoWizard>`: setting up one SSO configuration in five steps, shown in place of the overview:
//! (1) the identity provider (and so the protocol), (2) our values to copy into it, named as that
//! provider names them, (3) its details ([`SsoIdpStep`]), (4) users and roles
//! ([`SsoMappingStep`]), (5) review and save, then test the connection ([`SsoTestRun`]) and
//! optionally enable.
//!
//! Next checks the step with the wire crate's validation (the server checks again on save) and
//! puts each message next to its field. Moving between steps focuses the step's heading, so a
//! screen reader announces where the admin is.

use crate::collections::VecMap;
use crate::list::use_requests;
use crate::list::{LoadError, SearchTarget};
use crate::messages::fill;
use crate::sso::actions;
use crate::sso::fields::FieldErrors;
use crate::sso::idp_step::SsoIdpStep;
use crate::sso::mapping_step::SsoMappingStep;
use crate::sso::sp_values::{SsoSpValues, provider_messages};
use crate::sso::state::{Draft, DraftEdit, Provider, SamlSource, domain_errors, now};
use crate::sso::test_run::SsoTestRun;
use std::rc::Rc;
use tenantkit_wire::sso::{SsoAuthType, SsoSettings};
use tenantkit_wire::sso_test::TestRun;
use yew::prelude::*;

/// How many steps the wizard has.
const STEPS: usize = 5;

/// Properties of [`SsoWizard`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SsoWizardProps {
    /// Where requests go.
    pub target: SearchTarget,
    /// The configuration being set up, as the server has it.
    pub settings: SsoSettings,
    /// Its name in the overview.
    pub name: AttrValue,
    /// The tenant's roles, for the mappings.
    pub roles: Vec<String>,
    /// The project's custom attribute names, suggested in the mappings.
    #[prop_or_default]
    pub custom_attribute_names: Vec<String>,
    /// The settings were saved (the configuration as the server now has it).
    pub onsaved: Callback<SsoSettings>,
    /// "Enable now" was chosen after saving.
    pub onenable: Callback<SsoSettings>,
    /// A "Test connection" run after saving finished.
    #[prop_or_default]
    pub ontested: Callback<TestRun>,
    /// The wizard is left.
    pub onclose: Callback<()>,
}

/// The errors of `step` (0-based) in `draft`, by field.
fn step_errors(
    step: usize,
    draft: &Draft,
    target: &SearchTarget,
    sso: &'static crate::messages::sso::SsoMessages,
) -> VecMap<&'static str, String> {
    let mut errors = VecMap::new();
    match step {
        2 => {
            if draft.provider.protocol() == SsoAuthType::Saml
                && draft.saml_source == SamlSource::MetadataXml
            {
                let problem = match draft.current_metadata() {
                    Some(Ok(_)) => None,
                    Some(Err(message)) => Some(message.clone()),
                    None if draft.metadata_xml.trim().is_empty() => {
                        Some(sso.metadata_xml_required.to_owned())
                    }
                    None => Some(sso.metadata_reading.to_owned()),
                };
                if let Some(problem) = problem {
                    errors.insert("metadataXml", problem);
                    return errors;
                }
            }
            for error in draft.idp_errors(&target.tenant, now()) {
                errors.entry(error.field).or_insert(error.message);
            }
            if draft.needs_secret() {
                errors.insert("settings.clientSecret", sso.secret_required.to_owned());
            }
        }
        3 => {
            for error in draft.mapping_errors(&target.tenant, now()) {
                errors.entry(error.field).or_insert(error.message);
            }
            let typed = domain_errors(&draft.domains);
            if !typed.is_empty() {
                errors.entry("domains").or_insert_with(|| typed.join(" "));
            }
        }
        _ => {}
    }
    errors
}

/// The five-step setup of one configuration.
#[component]
pub fn SsoWizard(props: &SsoWizardProps) -> Html {
    let requests = use_requests();
    let messages = crate::i18n::use_messages();
    let sso = &messages.sso;
    let step = use_state(|| 0_usize);
    let draft = {
        let settings = props.settings.clone();
        use_reducer(move || Draft::from_settings(&settings))
    };
    let errors = use_state(FieldErrors::default);
    let step_error = use_state(|| false);
    let saving = use_state(|| false);
    let save_error = use_state(|| None::<String>);
    let saved = use_state(|| None::<SsoSettings>);
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((*step, saved.is_some()), move |_| {
            if let Some(heading) = heading.cast::<web_sys::HtmlElement>() {
                let _ = heading.focus();
            }
        });
    }
    let onedit = {
        let draft = draft.dispatcher();
        Callback::from(move |edit: DraftEdit| draft.dispatch(edit))
    };
    let go = |to: usize| {
        let step = step.clone();
        let errors = errors.clone();
        let step_error = step_error.clone();
        let draft = draft.clone();
        let target = props.target.clone();
        Callback::from(move |_: MouseEvent| {
            // Going forward checks the step first; going back never does.
            if to > *step {
                let found = step_errors(*step, &draft, &target, sso);
                if !found.is_empty() {
                    errors.set(Rc::new(found));
                    step_error.set(true);
                    return;
                }
            }
            errors.set(FieldErrors::default());
            step_error.set(false);
            step.set(to);
        })
    };
    let onsave = {
        let requests = requests.clone();
        let draft = draft.clone();
        let target = props.target.clone();
        let saving = saving.clone();
        let save_error = save_error.clone();
        let saved = saved.clone();
        let onsaved = props.onsaved.clone();
        Callback::from(move |_: MouseEvent| {
            if *saving {
                return;
            }
            let draft = (*draft).clone();
            let target = target.clone();
            let saving = saving.clone();
            let save_error = save_error.clone();
            let saved = saved.clone();
            let onsaved = onsaved.clone();
            saving.set(true);
            save_error.set(None);
            requests.send(async move {
                let result = actions::save(&target, &draft).await;
                saving.set(false);
                match result {
                    Ok(settings) => {
                        saved.set(Some(settings.clone()));
                        onsaved.emit(settings);
                    }
                    Err(error) => save_error.set(Some(LoadError::from(&error).message)),
                }
            });
        })
    };
    let onclose = props.onclose.reform(|_: MouseEvent| ());
    let step_names = [
        sso.step_provider,
        sso.step_sp,
        sso.step_idp,
        sso.step_mapping,
        sso.step_review,
    ];
    let title = fill(sso.wizard_title, "name", &props.name);

    let body = if let Some(settings) = &*saved {
        let onenable = {
            let settings = settings.clone();
            props.onenable.reform(move |_: MouseEvent| settings.clone())
        };
        let enabled = settings.auth_type != SsoAuthType::None;
        html! {
            <>
                <h4 ref={heading.clone()} tabindex="-1" class="tk-step-title">{ fill(sso.done_save, "name", &props.name) }</h4>
                if !enabled {
                    <p class="tk-dialog-text">{ sso.saved_enable_prompt }</p>
                }
                <p class="tk-dialog-text">{ messages.sso_test.intro }</p>
                <SsoTestRun target={props.target.clone()} sso_id={settings.sso_id.clone()}
                    onfinished={props.ontested.clone()} />
                <div class="tk-dialog-actions">
                    <button type="button" class="tk-button" part="button" onclick={onclose.clone()}>{ sso.finish }</button>
                    if !enabled {
                        <button type="button" class="tk-button tk-button--primary" part="button" onclick={onenable}>{ sso.enable_now }</button>
                    }
                </div>
            </>
        }
    } else {
        let content = match *step {
            0 => provider_step(&draft, &onedit, sso),
            1 => {
                html! { <SsoSpValues settings={props.settings.clone()} provider={draft.provider} /> }
            }
            2 => html! {
                <SsoIdpStep target={props.target.clone()} draft={Rc::new((*draft).clone())}
                    errors={(*errors).clone()} onedit={onedit.clone()} />
            },
            3 => html! {
                <SsoMappingStep draft={Rc::new((*draft).clone())} errors={(*errors).clone()}
                    roles={props.roles.clone()} onedit={onedit.clone()}
                    custom_attribute_names={props.custom_attribute_names.clone()} />
            },
            _ => review(&draft, sso),
        };
        let last = *step + 1 == STEPS;
        html! {
            <>
                <h4 ref={heading.clone()} tabindex="-1" class="tk-step-title">
                    <span class="tk-step-count">{ fill(&fill(sso.step_of, "step", &(*step + 1).to_string()), "total", &STEPS.to_string()) }</span>
                    { " " }{ step_names[*step] }
                </h4>
                <div class="tk-form" part="form">{ content }</div>
                if *step_error {
                    <p class="tk-form-error" part="form-error" role="alert">{ sso.fix_errors }</p>
                }
                if let Some(error) = &*save_error {
                    <p class="tk-form-error" part="form-error" role="alert">{ format!("{} {error}", sso.save_failed) }</p>
                }
                <div class="tk-dialog-actions">
                    <button type="button" class="tk-button" part="button" onclick={onclose.clone()}>{ sso.close_wizard }</button>
                    if *step > 0 {
                        <button type="button" class="tk-button" part="button" onclick={go(*step - 1)}>{ sso.back }</button>
                    }
                    if last {
                        <button type="button" class="tk-button tk-button--primary" part="button save-button"
                            disabled={*saving} aria-busy={saving.to_string()} onclick={onsave}>
                            { if *saving { sso.saving } else { sso.save } }
                        </button>
                    } else {
                        <button type="button" class="tk-button tk-button--primary" part="button" onclick={go(*step + 1)}>{ sso.next }</button>
                    }
                </div>
            </>
        }
    };
    html! {
        <section class="tk-wizard" part="wizard" aria-labelledby="tk-wizard-title">
            <h3 id="tk-wizard-title" class="tk-dialog-title">{ title }</h3>
            <ol class="tk-steps" part="steps" aria-label={sso.steps_label}>
                { for step_names.iter().enumerate().map(|(index, name)| html! {
                    <li class={classes!("tk-step", (index == *step && saved.is_none()).then_some("tk-step--current"),
                            (index < *step).then_some("tk-step--done"))}
                        aria-current={(index == *step && saved.is_none()).then_some("step")}>
                        { *name }
                    </li>
                }) }
            </ol>
            { body }
        </section>
    }
}

/// Step 1: the provider radios, each with what to create in its console.
fn provider_step(
    draft: &Draft,
    onedit: &Callback<DraftEdit>,
    sso: &'static crate::messages::sso::SsoMessages,
) -> Html {
    html! {
        <fieldset class="tk-fieldset">
            <legend>{ sso.provider_legend }</legend>
            { for Provider::ALL.into_iter().map(|provider| {
                let names = provider_messages(provider, sso);
                let id = format!("tk-sso-provider-{}", provider.key());
                let hint = format!("{id}-hint");
                let onchange = onedit.reform(move |_: Event| DraftEdit::new(move |draft| draft.provider = provider));
                html! {
                    <div class="tk-radio-row" key={provider.key()}>
                        <input id={id.clone()} type="radio" name="tk-sso-provider" class="tk-checkbox"
                            value={provider.key()} checked={draft.provider == provider}
                            aria-describedby={hint.clone()} {onchange} />
                        <label for={id}>{ names.name }</label>
                        <p id={hint} class="tk-hint">{ names.hint }</p>
                    </div>
                }
            }) }
        </fieldset>
    }
}

/// Step 5: what will be saved.
fn review(draft: &Draft, sso: &'static crate::messages::sso::SsoMessages) -> Html {
    let none = || sso.review_none.to_owned();
    let joined = |items: Vec<String>| {
        if items.is_empty() {
            none()
        } else {
            items.join(", ")
        }
    };
    let mut rows: Vec<(&'static str, String)> = vec![(
        sso.review_provider,
        provider_messages(draft.provider, sso).name.to_owned(),
    )];
    if draft.provider.protocol() == SsoAuthType::Oidc {
        rows.extend([
            (sso.field_issuer, draft.oidc.issuer.clone()),
            (sso.field_client_id, draft.oidc.client_id.clone()),
            (sso.field_auth_url, draft.oidc.auth_url.clone()),
            (sso.field_token_url, draft.oidc.token_url.clone()),
        ]);
    } else {
        let source = match draft.saml_source {
            SamlSource::MetadataUrl => sso.source_url,
            SamlSource::MetadataXml => sso.source_xml,
            SamlSource::Manual => sso.source_manual,
        };
        rows.push((sso.review_source, source.to_owned()));
        if draft.saml_source == SamlSource::MetadataUrl {
            rows.push((sso.field_metadata_url, draft.metadata_url.clone()));
        } else {
            rows.extend([
                (sso.field_idp_url, draft.idp_url.clone()),
                (sso.field_entity_id, draft.entity_id.clone()),
            ]);
        }
        rows.push((
            sso.default_roles_legend,
            joined(draft.default_roles.iter().cloned().collect()),
        ));
    }
    rows.push((sso.map_email, draft.mapping.email.clone()));
    rows.push((
        sso.groups_legend,
        joined(
            draft
                .groups
                .iter()
                .filter(|row| !row.role.is_empty())
                .map(|row| format!("{} → {}", row.groups, row.role))
                .collect(),
        ),
    ));
    rows.push((sso.field_domains, joined(draft.domain_list())));
    html! {
        <>
            <p class="tk-dialog-text">{ sso.review_intro }</p>
            <dl class="tk-facts" part="review">
                { for rows.into_iter().map(|(label, value)| html! {
                    <div class="tk-fact">
                        <dt>{ label }</dt>
                        <dd>{ if value.trim().is_empty() { none() } else { value } }</dd>
                    </div>
                }) }
            </dl>
        </>
    }
}
