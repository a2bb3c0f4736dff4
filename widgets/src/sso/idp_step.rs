//! `<SsoIdpStep>`: step 3 of the SSO wizard, the identity provider's details.
//!
//! SAML three ways: the IdP's metadata URL (the server fetches it for a preview, and again when
//! saving), metadata XML pasted or uploaded (the server reads it, with the parser that checks it
//! again on save, and what it holds fills the manual fields), or the SSO URL, entity id and
//! signing certificate by hand (the certificate is parsed as it is typed). OIDC: the issuer with
//! discovery (the server reads the discovery document) or the endpoints by hand, the client id
//! and the write-only client secret.

use crate::hooks::use_debounced;
use crate::list::{LoadError, SearchTarget, use_requests};
use crate::sso::actions;
use crate::sso::certificate_preview::CertificatePreview;
use crate::sso::fields::{Field, FieldErrors, edit_on, on_text, text_field};
use crate::sso::state::{
    CertificateHealth, Draft, DraftEdit, SamlSource, certificate_preview, now,
};
use std::rc::Rc;
use tenantkit_wire::sso::{IdpMetadata, SsoAuthType};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`SsoIdpStep`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct SsoIdpStepProps {
    /// Where the previews are asked for.
    pub target: SearchTarget,
    /// What the admin typed so far.
    pub draft: Rc<Draft>,
    /// Errors found when the admin pressed Next.
    pub errors: FieldErrors,
    /// Changes the draft.
    pub onedit: Callback<DraftEdit>,
}

/// A server-side preview (metadata fetch or discovery) and its outcome.
#[derive(Debug, Clone, PartialEq)]
enum Preview<T> {
    Idle,
    Running,
    Done(T),
    Failed(LoadError),
}

/// How long the metadata XML must stay unchanged before the server is asked to read it: a paste
/// or an upload is read at once; typing by hand, once it pauses.
const READ_DELAY_MS: u32 = crate::ui::search_box::SEARCH_DEBOUNCE_MS;

/// Has the server read the metadata XML whenever it changed and no reading of it is at hand
/// (debounced by [`READ_DELAY_MS`]); the reading lands in the draft ([`Draft::read_metadata`]),
/// which keeps it only while the text is still the one read.
#[hook]
fn use_metadata_reading(props: &SsoIdpStepProps) {
    let requests = use_requests();
    let read = {
        let target = props.target.clone();
        let onedit = props.onedit.clone();
        use_debounced(
            Callback::from(move |xml: String| {
                let target = target.clone();
                let onedit = onedit.clone();
                let request = async move {
                    let answer = actions::read_metadata(&target, &xml).await;
                    (xml, answer.map_err(|error| LoadError::from(&error).message))
                };
                requests.run(request, move |(xml, answer)| {
                    onedit.emit(DraftEdit::new(move |draft| {
                        draft.read_metadata(xml, answer)
                    }));
                });
            }),
            READ_DELAY_MS,
        )
    };
    let draft = &props.draft;
    let unread = (draft.saml_source == SamlSource::MetadataXml
        && !draft.metadata_xml.trim().is_empty()
        && draft.current_metadata().is_none())
    .then(|| draft.metadata_xml.clone());
    use_effect_with(unread, move |unread| {
        if let Some(xml) = unread {
            read.emit(xml.clone());
        }
    });
}

/// The IdP step.
#[component]
pub fn SsoIdpStep(props: &SsoIdpStepProps) -> Html {
    if props.draft.provider.protocol() == SsoAuthType::Oidc {
        html! { <OidcDetails ..props.clone() /> }
    } else {
        html! { <SamlDetails ..props.clone() /> }
    }
}

#[component]
fn SamlDetails(props: &SsoIdpStepProps) -> Html {
    use_metadata_reading(props);
    let requests = use_requests();
    let sso = &crate::i18n::use_messages().sso;
    let draft = &props.draft;
    let fetched = use_state(|| Preview::<IdpMetadata>::Idle);
    let file_error = use_state(|| false);
    let onsource = |source: SamlSource| {
        props
            .onedit
            .reform(move |_: Event| DraftEdit::new(move |draft| draft.saml_source = source))
    };
    let onfetch = {
        let requests = requests.clone();
        let fetched = fetched.clone();
        let target = props.target.clone();
        let url = draft.metadata_url.clone();
        Callback::from(move |_: MouseEvent| {
            let fetched = fetched.clone();
            let target = target.clone();
            let url = url.clone();
            fetched.set(Preview::Running);
            let request = async move { actions::fetch_metadata(&target, &url).await };
            requests.run(request, move |answer| {
                fetched.set(match answer {
                    Ok(metadata) => Preview::Done(metadata),
                    Err(error) => Preview::Failed(LoadError::from(&error)),
                })
            });
        })
    };
    let onfile = {
        let requests = requests.clone();
        let onedit = props.onedit.clone();
        let file_error = file_error.clone();
        Callback::from(move |event: Event| {
            let file = event
                .target()
                .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            let Some(file) = file else { return };
            let onedit = onedit.clone();
            let file_error = file_error.clone();
            requests.run(crate::dom::file_text(file), move |text| match text {
                Some(xml) => {
                    file_error.set(false);
                    onedit.emit(DraftEdit::new(move |draft| draft.metadata_xml = xml));
                }
                None => file_error.set(true),
            });
        })
    };
    let error = |field: &str| props.errors.get(field);
    let source_radio = |source: SamlSource, label: &'static str| {
        let id = format!("tk-sso-source-{}", source.key());
        html! {
            <label class="tk-check" for={id.clone()}>
                <input {id} type="radio" name="tk-sso-source" class="tk-checkbox" value={source.key()}
                    checked={draft.saml_source == source} onchange={onsource(source)} />
                { label }
            </label>
        }
    };
    let body = match draft.saml_source {
        SamlSource::MetadataUrl => html! {
            <>
                { text_field(Field { id: "tk-sso-metadata-url", label: sso.field_metadata_url,
                    value: &draft.metadata_url, kind: "url", error: error("settings.idpMetadataUrl"), hint: None },
                    on_text(&props.onedit, |d, v| d.metadata_url = v)) }
                <div class="tk-inline-actions">
                    <button type="button" class="tk-button" part="button"
                        disabled={matches!(*fetched, Preview::Running)}
                        aria-busy={matches!(*fetched, Preview::Running).to_string()} onclick={onfetch}>
                        { if matches!(*fetched, Preview::Running) { sso.fetching } else { sso.fetch_metadata } }
                    </button>
                </div>
                { match &*fetched {
                    Preview::Done(metadata) => metadata_preview(metadata, sso),
                    Preview::Failed(error) => html! {
                        <p class="tk-form-error" part="form-error" role="alert">{ error.message.clone() }</p>
                    },
                    Preview::Idle | Preview::Running => Html::default(),
                } }
            </>
        },
        SamlSource::MetadataXml => {
            let parsed = draft.current_metadata();
            // The server's reason for this text; a reading that succeeded since Next was pressed
            // clears what Next said.
            let parse_error = match parsed {
                Some(Err(message)) => Some(message),
                Some(Ok(_)) => None,
                None => error("metadataXml"),
            };
            let oninput = edit_on(&props.onedit, |event: InputEvent| {
                crate::sso::fields::value_of(&event)
                    .map(|xml| DraftEdit::new(move |draft| draft.metadata_xml = xml))
            });
            html! {
                <>
                    { text_field(Field { id: "tk-sso-metadata-xml", label: sso.field_metadata_xml,
                        value: &draft.metadata_xml, kind: "textarea", error: parse_error, hint: None },
                        oninput) }
                    <div class="tk-form-field">
                        <label for="tk-sso-metadata-file" class="tk-field-label">{ sso.field_metadata_file }</label>
                        <input id="tk-sso-metadata-file" type="file" class="tk-input" part="input"
                            accept=".xml,application/xml,text/xml" onchange={onfile} />
                        if *file_error {
                            <p class="tk-field-error" part="field-error" role="alert">{ sso.file_failed }</p>
                        }
                    </div>
                    if let Some(Ok(metadata)) = parsed {
                        { metadata_preview(metadata, sso) }
                    }
                </>
            }
        }
        SamlSource::Manual => {
            let certificate = certificate_preview(&draft.idp_cert, now());
            let certificate_error = match &certificate {
                Some(Err(message)) => Some(message.clone()),
                _ => error("settings.idpCert")
                    .filter(|_| !matches!(certificate, Some(Ok((_, CertificateHealth::Expired)))))
                    .cloned(),
            };
            html! {
                <>
                    { text_field(Field { id: "tk-sso-idp-url", label: sso.field_idp_url, value: &draft.idp_url,
                        kind: "url", error: error("settings.idpUrl"), hint: None },
                        on_text(&props.onedit, |d, v| d.idp_url = v)) }
                    { text_field(Field { id: "tk-sso-entity-id", label: sso.field_entity_id, value: &draft.entity_id,
                        kind: "text", error: error("settings.entityId"), hint: None },
                        on_text(&props.onedit, |d, v| d.entity_id = v)) }
                    { text_field(Field { id: "tk-sso-certificate", label: sso.field_certificate, value: &draft.idp_cert,
                        kind: "textarea", error: certificate_error.as_ref(), hint: Some(sso.certificate_hint) },
                        on_text(&props.onedit, |d, v| d.idp_cert = v)) }
                    if let Some(Ok((info, health))) = certificate {
                        <CertificatePreview {info} {health} />
                    }
                </>
            }
        }
    };
    html! {
        <>
            <fieldset class="tk-fieldset">
                <legend>{ sso.source_legend }</legend>
                { source_radio(SamlSource::MetadataUrl, sso.source_url) }
                { source_radio(SamlSource::MetadataXml, sso.source_xml) }
                { source_radio(SamlSource::Manual, sso.source_manual) }
            </fieldset>
            { body }
        </>
    }
}

/// What IdP metadata says: entity id, SSO URL and each signing certificate.
fn metadata_preview(
    metadata: &IdpMetadata,
    sso: &'static crate::messages::sso::SsoMessages,
) -> Html {
    let now = now();
    html! {
        <section class="tk-preview" part="metadata-preview" aria-label={sso.metadata_preview}>
            <h4 class="tk-preview-title">{ sso.metadata_preview }</h4>
            <dl class="tk-facts">
                <div class="tk-fact"><dt>{ sso.field_entity_id }</dt><dd class="tk-code">{ metadata.entity_id.clone() }</dd></div>
                <div class="tk-fact"><dt>{ sso.field_idp_url }</dt><dd class="tk-code">{ metadata.sso_url.clone() }</dd></div>
            </dl>
            { for metadata.certificate_infos.iter().map(|info| html! {
                <CertificatePreview info={info.clone()} health={CertificateHealth::of(info, now)} />
            }) }
        </section>
    }
}

#[component]
fn OidcDetails(props: &SsoIdpStepProps) -> Html {
    let requests = use_requests();
    let sso = &crate::i18n::use_messages().sso;
    let draft = &props.draft;
    let discovery = use_state(|| Preview::<()>::Idle);
    let ondiscover = {
        let requests = requests.clone();
        let discovery = discovery.clone();
        let target = props.target.clone();
        let issuer = draft.oidc.issuer.clone();
        let onedit = props.onedit.clone();
        Callback::from(move |_: MouseEvent| {
            let discovery = discovery.clone();
            let target = target.clone();
            let issuer = issuer.clone();
            let onedit = onedit.clone();
            discovery.set(Preview::Running);
            let request = async move { actions::discover(&target, &issuer).await };
            requests.run(request, move |answer| match answer {
                Ok(found) => {
                    onedit.emit(DraftEdit::new(move |draft| {
                        let oidc = &mut draft.oidc;
                        oidc.auth_url = found.auth_url;
                        oidc.token_url = found.token_url;
                        oidc.user_data_url = found.user_data_url;
                        oidc.jwks_url = found.jwks_url;
                    }));
                    discovery.set(Preview::Done(()));
                }
                Err(error) => discovery.set(Preview::Failed(LoadError::from(&error))),
            });
        })
    };
    let error = |field: &str| props.errors.get(field);
    let secret_required = props
        .errors
        .contains_key("settings.clientSecret")
        .then(|| sso.secret_required.to_owned());
    let running = matches!(*discovery, Preview::Running);
    html! {
        <>
            { text_field(Field { id: "tk-sso-oidc-name", label: sso.field_provider_name, value: &draft.oidc.name,
                kind: "text", error: error("settings.name"), hint: None },
                on_text(&props.onedit, |d, v| d.oidc.name = v)) }
            { text_field(Field { id: "tk-sso-issuer", label: sso.field_issuer, value: &draft.oidc.issuer,
                kind: "url", error: error("settings.issuer"), hint: None },
                on_text(&props.onedit, |d, v| d.oidc.issuer = v)) }
            <div class="tk-inline-actions">
                <button type="button" class="tk-button" part="button" disabled={running}
                    aria-busy={running.to_string()} onclick={ondiscover}>
                    { if running { sso.discovering } else { sso.discover } }
                </button>
            </div>
            { match &*discovery {
                Preview::Done(()) => html! { <p class="tk-hint" role="status">{ sso.discovered }</p> },
                Preview::Failed(error) => html! {
                    <p class="tk-form-error" part="form-error" role="alert">{ error.message.clone() }</p>
                },
                Preview::Idle | Preview::Running => Html::default(),
            } }
            { text_field(Field { id: "tk-sso-client-id", label: sso.field_client_id, value: &draft.oidc.client_id,
                kind: "text", error: error("settings.clientId"), hint: None },
                on_text(&props.onedit, |d, v| d.oidc.client_id = v)) }
            { text_field(Field { id: "tk-sso-client-secret", label: sso.field_client_secret,
                value: &draft.oidc.client_secret, kind: "password", error: secret_required.as_ref(),
                hint: draft.secret_stored.then_some(sso.secret_stored) },
                on_text(&props.onedit, |d, v| d.oidc.client_secret = v)) }
            { text_field(Field { id: "tk-sso-auth-url", label: sso.field_auth_url, value: &draft.oidc.auth_url,
                kind: "url", error: error("settings.authUrl"), hint: None },
                on_text(&props.onedit, |d, v| d.oidc.auth_url = v)) }
            { text_field(Field { id: "tk-sso-token-url", label: sso.field_token_url, value: &draft.oidc.token_url,
                kind: "url", error: error("settings.tokenUrl"), hint: None },
                on_text(&props.onedit, |d, v| d.oidc.token_url = v)) }
            { text_field(Field { id: "tk-sso-user-data-url", label: sso.field_user_data_url,
                value: &draft.oidc.user_data_url, kind: "url", error: error("settings.userDataUrl"), hint: None },
                on_text(&props.onedit, |d, v| d.oidc.user_data_url = v)) }
            { text_field(Field { id: "tk-sso-jwks-url", label: sso.field_jwks_url, value: &draft.oidc.jwks_url,
                kind: "url", error: error("settings.JWKsUrl"), hint: None },
                on_text(&props.onedit, |d, v| d.oidc.jwks_url = v)) }
            { text_field(Field { id: "tk-sso-scopes", label: sso.field_scopes, value: &draft.scopes,
                kind: "text", error: None, hint: None },
                on_text(&props.onedit, |d, v| d.scopes = v)) }
        </>
    }
}
