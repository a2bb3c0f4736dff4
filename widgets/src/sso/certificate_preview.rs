//! `<CertificatePreview>`: what an IdP signing certificate says (subject, issuer, SHA-256
//! fingerprint, validity), with a warning when it expires within 90 days and an error once it
//! has expired. Shown as the admin types or pastes, and for each certificate in IdP metadata.

use crate::messages::fill;
use crate::sso::state::CertificateHealth;
use tenantkit_wire::x509::CertificateInfo;
use yew::prelude::*;

/// Properties of [`CertificatePreview`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct CertificatePreviewProps {
    /// The certificate's facts.
    pub info: CertificateInfo,
    /// Its health now.
    pub health: CertificateHealth,
}

/// The facts of one certificate.
#[component]
pub fn CertificatePreview(props: &CertificatePreviewProps) -> Html {
    let lang = crate::i18n::use_lang();
    let sso = &crate::i18n::use_messages().sso;
    let info = &props.info;
    let rows = [
        (sso.certificate_subject, info.subject.clone()),
        (sso.certificate_issuer, info.issuer.clone()),
        (sso.certificate_fingerprint, info.fingerprint_sha256.clone()),
        (sso.certificate_valid_from, lang.day(info.not_before)),
        (sso.certificate_expires, lang.day(info.not_after)),
    ];
    html! {
        <div class="tk-certificate" part="certificate">
            <dl class="tk-facts">
                { for rows.into_iter().map(|(label, value)| html! {
                    <div class="tk-fact">
                        <dt>{ label }</dt>
                        <dd class="tk-code">{ value }</dd>
                    </div>
                }) }
            </dl>
            { match props.health {
                CertificateHealth::Valid => Html::default(),
                CertificateHealth::Expiring { days } => html! {
                    <p class="tk-warning" part="certificate-warning" role="status">
                        { fill(sso.certificate_expiring_warning, "days", &days.to_string()) }
                    </p>
                },
                CertificateHealth::Expired => html! {
                    <p class="tk-field-error" part="certificate-error" role="alert">
                        { sso.certificate_expired_error }
                    </p>
                },
            } }
        </div>
    }
}
