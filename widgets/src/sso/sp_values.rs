//! `<SsoSpValues>`: step 2 of the SSO wizard, "copy these into your IdP": our values for this
//! configuration, each labelled with the chosen provider's own name for it and with a copy
//! button, and a link to our SAML metadata XML.

use crate::dom::copy_to_clipboard;
use crate::list::use_requests;
use crate::messages::fill;
use crate::messages::sso::ProviderMessages;
use crate::sso::state::Provider;
use tenantkit_wire::sso::{SsoAuthType, SsoSettings};
use yew::prelude::*;

/// What `provider`'s console calls things.
pub fn provider_messages(
    provider: Provider,
    sso: &'static crate::messages::sso::SsoMessages,
) -> &'static ProviderMessages {
    match provider {
        Provider::Okta => &sso.okta,
        Provider::EntraId => &sso.entra,
        Provider::GoogleWorkspace => &sso.google,
        Provider::GenericSaml => &sso.generic_saml,
        Provider::GenericOidc => &sso.generic_oidc,
    }
}

/// Properties of [`SsoSpValues`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SsoSpValuesProps {
    /// The configuration (our values come with it).
    pub settings: SsoSettings,
    /// The provider chosen in step 1.
    pub provider: Provider,
}

/// Our values, ready to copy.
#[component]
pub fn SsoSpValues(props: &SsoSpValuesProps) -> Html {
    let requests = use_requests();
    let messages = crate::i18n::use_messages();
    let sso = &messages.sso;
    let names = provider_messages(props.provider, sso);
    let copied = use_state(String::new);
    let settings = &props.settings;
    let values: Vec<(&'static str, &'static str, String)> =
        if props.provider.protocol() == SsoAuthType::Oidc {
            vec![(
                "redirect",
                names.acs_label,
                settings.oidc.redirect_url.clone(),
            )]
        } else {
            vec![
                ("acs", names.acs_label, settings.saml.sp_acs_url.clone()),
                (
                    "entity-id",
                    names.entity_id_label,
                    settings.saml.sp_entity_id.clone(),
                ),
                (
                    "metadata",
                    sso.sp_metadata_label,
                    settings.sp_metadata_url.clone(),
                ),
            ]
        };
    let copy = |label: &'static str, value: String| {
        let copied = copied.clone();
        let requests = requests.clone();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            let value = value.clone();
            requests.run(copy_to_clipboard(value), move |done| {
                copied.set(if done {
                    fill(sso.copied, "label", label)
                } else {
                    messages.copy_failed.to_owned()
                });
            });
        })
    };
    html! {
        <>
            <p class="tk-dialog-text">{ fill(sso.sp_intro, "provider", names.name) }</p>
            <dl class="tk-facts tk-sp-values" part="sp-values">
                { for values.into_iter().map(|(key, label, value)| {
                    let id = format!("tk-sso-sp-{key}");
                    let present = !value.is_empty();
                    html! {
                        <div class="tk-fact" key={key}>
                            <dt id={format!("{id}-label")}>{ label }</dt>
                            <dd class="tk-copy-row">
                                <code {id} class="tk-code" data-value={key}>
                                    { if present { value.clone() } else { sso.sp_value_missing.to_owned() } }
                                </code>
                                if present {
                                    <button type="button" class="tk-button tk-button--small" part="button copy-button"
                                        aria-label={fill(sso.copy_label, "label", label)}
                                        onclick={copy(label, value)}>{ messages.copy }</button>
                                }
                            </dd>
                        </div>
                    }
                }) }
            </dl>
            if props.provider.protocol() == SsoAuthType::Saml && !settings.sp_metadata_url.is_empty() {
                <p>
                    <a class="tk-link-button" part="link" href={settings.sp_metadata_url.clone()}
                        download="sp-metadata.xml" target="_blank" rel="noopener">{ sso.sp_metadata_download }</a>
                </p>
            }
            <p class="tk-visually-hidden" role="status" aria-live="polite">{ (*copied).clone() }</p>
        </>
    }
}
