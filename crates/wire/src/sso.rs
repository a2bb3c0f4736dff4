//! Tenant SSO on the wire (wire contract: Tenant SSO), our own metadata-fetch and discovery
//! previews, and the rules both the wizard and the server check: URLs, certificates (see
//! [`crate::x509`]), IdP metadata XML and domains.

use crate::x509::{Certificate, CertificateInfo, parse_certificate};
use crate::{FieldError, TenantId};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Which protocol a configuration signs users in with; `none` turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum SsoAuthType {
    /// Disabled.
    #[default]
    None,
    /// SAML 2.0.
    Saml,
    /// OpenID Connect.
    Oidc,
}

impl SsoAuthType {
    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Saml => "saml",
            Self::Oidc => "oidc",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "none" | "" => Some(Self::None),
            "saml" => Some(Self::Saml),
            "oidc" => Some(Self::Oidc),
            _ => None,
        }
    }
}

/// Which IdP attribute fills which user field (SAML `attributeMapping`, OIDC `userAttrMapping`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AttributeMapping {
    /// OIDC only: the claim that becomes the login id.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub login_id: String,
    pub name: String,
    pub email: String,
    pub username: String,
    pub phone_number: String,
    pub given_name: String,
    pub middle_name: String,
    pub family_name: String,
    pub picture: String,
    pub verified_email: String,
    pub verified_phone: String,
    /// The attribute carrying the user's groups.
    pub group: String,
    /// Our custom attribute name -> IdP attribute.
    pub custom_attributes: BTreeMap<String, String>,
}

/// Users in any of `groups` get role `roleName` in the tenant (configure requests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct RoleMapping {
    pub groups: Vec<String>,
    pub role_name: String,
}

/// A role named in a load answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct RoleItem {
    pub name: String,
}

/// A group-to-role mapping as load answers spell it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct GroupsMapping {
    pub role: RoleItem,
    pub groups: Vec<String>,
}

/// The query of load, delete and our SP metadata: `?tenantId=&ssoId=` (`ssoId` empty = the
/// tenant's default configuration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SsoSettingsQuery {
    pub tenant_id: TenantId,
    pub sso_id: String,
}

/// `POST /v1/mgmt/sso/settings/new`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct NewSsoRequest {
    pub tenant_id: TenantId,
    /// Generated when empty.
    pub sso_id: String,
    pub display_name: String,
}

/// SAML settings given by hand (`POST /v1/mgmt/sso/saml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SamlSettings {
    /// The IdP's single sign-on URL.
    pub idp_url: String,
    /// The IdP's entity id (issuer).
    pub entity_id: String,
    /// The IdP's signing certificate, PEM or bare base64.
    pub idp_cert: String,
    pub attribute_mapping: AttributeMapping,
    pub role_mappings: Vec<RoleMapping>,
    #[serde(rename = "defaultSSORoles")]
    pub default_sso_roles: Vec<String>,
}

/// `POST /v1/mgmt/sso/saml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigureSamlRequest {
    pub tenant_id: TenantId,
    /// The configuration; empty = the tenant's default one.
    pub sso_id: String,
    pub settings: SamlSettings,
    /// Where users land after signing in.
    pub redirect_url: String,
    /// Email domains that route to this configuration (unique across tenants).
    pub domains: Vec<String>,
}

/// SAML settings from the IdP's metadata URL (`POST /v1/mgmt/sso/saml/metadata`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SamlMetadataSettings {
    pub idp_metadata_url: String,
    pub attribute_mapping: AttributeMapping,
    pub role_mappings: Vec<RoleMapping>,
    #[serde(rename = "defaultSSORoles")]
    pub default_sso_roles: Vec<String>,
}

/// `POST /v1/mgmt/sso/saml/metadata`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigureSamlMetadataRequest {
    pub tenant_id: TenantId,
    pub sso_id: String,
    pub settings: SamlMetadataSettings,
    pub redirect_url: String,
    pub domains: Vec<String>,
}

/// OIDC settings (`POST /v1/mgmt/sso/oidc`); also the `oidc` part of a load answer, where
/// `clientSecret` is always empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct OidcSettings {
    /// The provider's display name.
    pub name: String,
    pub client_id: String,
    /// Write-only: kept encrypted; empty in every answer. Empty in an update keeps the stored one.
    pub client_secret: String,
    pub redirect_url: String,
    /// The issuer; when the endpoints are empty the server discovers them from
    /// `<issuer>/.well-known/openid-configuration`.
    pub issuer: String,
    pub auth_url: String,
    pub token_url: String,
    pub user_data_url: String,
    #[serde(rename = "JWKsUrl")]
    pub jwks_url: String,
    /// Scopes; a space-separated string is accepted too.
    #[serde(deserialize_with = "scopes")]
    pub scope: Vec<String>,
    pub user_attr_mapping: AttributeMapping,
    pub role_mappings: Vec<RoleMapping>,
}

fn scopes<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scopes {
        List(Vec<String>),
        Text(String),
    }
    Ok(match Option::<Scopes>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(Scopes::List(list)) => list,
        Some(Scopes::Text(text)) => text.split_whitespace().map(str::to_owned).collect(),
    })
}

/// `POST /v1/mgmt/sso/oidc`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigureOidcRequest {
    pub tenant_id: TenantId,
    pub sso_id: String,
    pub settings: OidcSettings,
    pub domains: Vec<String>,
}

/// `POST /v1/mgmt/sso/settings/authtype`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AuthTypeRequest {
    pub tenant_id: TenantId,
    pub sso_id: String,
    pub auth_type: SsoAuthType,
}

/// The `saml` part of a load answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SamlSettingsResponse {
    pub idp_entity_id: String,
    #[serde(rename = "idpSSOUrl")]
    pub idp_sso_url: String,
    /// Bare base64 of the DER.
    pub idp_certificate: String,
    pub idp_metadata_url: String,
    /// Our entity id for this configuration (the IdP's "Audience URI").
    pub sp_entity_id: String,
    /// Where the IdP posts its answer (the IdP's "Single sign-on URL" / "Reply URL").
    #[serde(rename = "spACSUrl")]
    pub sp_acs_url: String,
    /// Empty: we do not sign requests.
    pub sp_certificate: String,
    pub attribute_mapping: AttributeMapping,
    pub groups_mapping: Vec<GroupsMapping>,
    #[serde(rename = "defaultSSORoles")]
    pub default_sso_roles: Vec<String>,
    pub redirect_url: String,
}

/// The tenant part of a load answer, with this configuration's domains and auth type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SsoTenant {
    pub id: TenantId,
    pub name: String,
    pub domains: Vec<String>,
    pub auth_type: SsoAuthType,
}

/// One SSO configuration (`GET /v2/mgmt/sso/settings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SsoSettings {
    pub tenant: SsoTenant,
    pub saml: SamlSettingsResponse,
    pub oidc: OidcSettings,
    /// The configuration's id; "" for the tenant's default one.
    pub sso_id: String,
    /// Ours: the name shown in the overview.
    pub display_name: String,
    /// Ours: `none` (disabled), `saml` or `oidc`.
    pub auth_type: SsoAuthType,
    /// Ours: the protocol whose settings were saved (`none` = not configured yet).
    pub configured: SsoAuthType,
    /// Ours: the domains routed to this configuration.
    pub domains: Vec<String>,
    /// Ours: where the IdP can fetch our SAML metadata (no sign-in needed).
    pub sp_metadata_url: String,
    /// Ours: what the stored IdP certificate says, when there is one.
    pub idp_certificate_info: Option<CertificateInfo>,
    /// Ours: epoch seconds.
    pub created_time: i64,
    pub updated_time: i64,
}

/// Ours: one SSO configuration as `<tenant-profile>` lists it beside the enforce-SSO switch: its
/// name and status, none of its settings (`GET /tk/v1/tenant/profile`'s `SSOSettings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct SsoConnection {
    /// As [`SsoSettings::sso_id`].
    pub sso_id: String,
    /// As [`SsoSettings::display_name`].
    pub display_name: String,
    /// As [`SsoSettings::auth_type`].
    pub auth_type: SsoAuthType,
    /// As [`SsoSettings::configured`].
    pub configured: SsoAuthType,
}

impl From<&SsoSettings> for SsoConnection {
    fn from(settings: &SsoSettings) -> Self {
        Self {
            sso_id: settings.sso_id.clone(),
            display_name: settings.display_name.clone(),
            auth_type: settings.auth_type,
            configured: settings.configured,
        }
    }
}

/// `GET /v2/mgmt/sso/settings/all`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct SsoSettingsList {
    #[serde(rename = "SSOSettings")]
    pub sso_settings: Vec<SsoSettings>,
}

/// Ours: `POST /tk/v1/sso/saml/metadata/fetch` (the server fetches an IdP's metadata URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct FetchMetadataRequest {
    pub tenant_id: TenantId,
    pub url: String,
}

/// Ours: `POST /tk/v1/sso/saml/metadata/read` (the server reads metadata XML pasted or uploaded
/// in the wizard, with the parser that checks it again on save).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ReadMetadataRequest {
    pub tenant_id: TenantId,
    pub xml: String,
}

/// Ours: `POST /tk/v1/sso/oidc/discover` (the server reads `<issuer>/.well-known/...`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct DiscoverOidcRequest {
    pub tenant_id: TenantId,
    pub issuer: String,
}

/// The endpoints an OIDC discovery document names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct OidcDiscovery {
    pub issuer: String,
    pub auth_url: String,
    pub token_url: String,
    pub user_data_url: String,
    #[serde(rename = "JWKsUrl")]
    pub jwks_url: String,
    pub scopes_supported: Vec<String>,
}

/// The fields of `/.well-known/openid-configuration` we use (OpenID Connect Discovery 1.0).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default)]
pub struct DiscoveryDocument {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub userinfo_endpoint: String,
    pub jwks_uri: String,
    pub scopes_supported: Vec<String>,
}

impl DiscoveryDocument {
    /// The endpoints, after checking that the document belongs to `issuer` (trailing slashes
    /// aside) and names the endpoints sign-in needs.
    pub fn endpoints(self, issuer: &str) -> Result<OidcDiscovery, String> {
        if self.issuer.trim_end_matches('/') != issuer.trim_end_matches('/') {
            return Err(format!(
                "The discovery document is for issuer {:?}, not {issuer:?}",
                self.issuer
            ));
        }
        if self.authorization_endpoint.is_empty() || self.token_endpoint.is_empty() {
            return Err(
                "The discovery document names no authorization or token endpoint".to_owned(),
            );
        }
        Ok(OidcDiscovery {
            issuer: self.issuer,
            auth_url: self.authorization_endpoint,
            token_url: self.token_endpoint,
            user_data_url: self.userinfo_endpoint,
            jwks_url: self.jwks_uri,
            scopes_supported: self.scopes_supported,
        })
    }
}

/// What an IdP's SAML metadata says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct IdpMetadata {
    pub entity_id: String,
    /// The single sign-on URL to use: HTTP-Redirect binding if offered, else HTTP-POST.
    pub sso_url: String,
    /// Signing certificates, bare base64 of the DER.
    pub certificates: Vec<String>,
    /// What each certificate says, in the same order.
    pub certificate_infos: Vec<CertificateInfo>,
}

const BINDING_REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const BINDING_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/// Parses an IdP's SAML 2.0 metadata (an `EntityDescriptor`, possibly inside an
/// `EntitiesDescriptor`). Document type declarations are refused (no entity expansion).
pub fn parse_idp_metadata(xml: &str) -> Result<IdpMetadata, String> {
    let document = roxmltree::Document::parse(xml)
        .map_err(|error| format!("The metadata is not well-formed XML: {error}"))?;
    let idp = document
        .descendants()
        .find(|node| node.tag_name().name() == "IDPSSODescriptor")
        .ok_or("The metadata has no IDPSSODescriptor: is it an identity provider's metadata?")?;
    let entity = idp
        .ancestors()
        .find(|node| node.tag_name().name() == "EntityDescriptor")
        .ok_or("The IDPSSODescriptor is not inside an EntityDescriptor")?;
    let entity_id = entity.attribute("entityID").unwrap_or_default().trim();
    if entity_id.is_empty() {
        return Err("The EntityDescriptor has no entityID".to_owned());
    }
    let service = |binding: &str| {
        idp.children()
            .filter(|node| node.tag_name().name() == "SingleSignOnService")
            .find(|node| node.attribute("Binding") == Some(binding))
            .and_then(|node| node.attribute("Location"))
            .map(str::trim)
    };
    let sso_url = service(BINDING_REDIRECT)
        .or_else(|| service(BINDING_POST))
        .ok_or(
            "The metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding",
        )?;
    let mut certificates = Vec::new();
    let mut certificate_infos = Vec::new();
    for key in idp
        .children()
        .filter(|node| node.tag_name().name() == "KeyDescriptor")
        .filter(|node| node.attribute("use").is_none_or(|usage| usage == "signing"))
    {
        for text in key
            .descendants()
            .filter(|node| node.tag_name().name() == "X509Certificate")
            .filter_map(|node| node.text())
        {
            let certificate = parse_certificate(text)
                .map_err(|error| format!("A signing certificate in the metadata: {error}"))?;
            let encoded = certificate.base64();
            if !certificates.contains(&encoded) {
                certificates.push(encoded);
                certificate_infos.push(certificate.info);
            }
        }
    }
    if certificates.is_empty() {
        return Err("The metadata has no signing certificate".to_owned());
    }
    Ok(IdpMetadata {
        entity_id: entity_id.to_owned(),
        sso_url: sso_url.to_owned(),
        certificates,
        certificate_infos,
    })
}

/// The host of an absolute `http`/`https` URL, and whether it is https.
fn url_host(value: &str) -> Option<(bool, &str)> {
    let (secure, rest) = if let Some(rest) = value.strip_prefix("https://") {
        (true, rest)
    } else {
        (false, value.strip_prefix("http://")?)
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.contains('@') || value.chars().any(char::is_whitespace) {
        return None;
    }
    let host = if let Some(bracketed) = authority.strip_prefix('[') {
        bracketed.split(']').next()?
    } else {
        authority.split(':').next()?
    };
    (!host.is_empty()).then_some((secure, host))
}

/// Whether `host` names this machine.
fn loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

/// An IdP endpoint: `https://`, or `http://` to a loopback host when `allow_http_loopback` (a
/// development setting).
pub fn idp_url(value: &str, allow_http_loopback: bool) -> Result<(), String> {
    match url_host(value.trim()) {
        Some((true, _)) => Ok(()),
        Some((false, host)) if allow_http_loopback && loopback(host) => Ok(()),
        Some((false, _)) => Err(format!(
            "{value:?} must use https (http is allowed only for localhost in development)"
        )),
        None => Err(format!("{value:?} is not an absolute https URL")),
    }
}

/// A URL users are sent back to: any absolute http(s) URL, or empty.
pub fn redirect_url(value: &str) -> Result<(), String> {
    if value.is_empty() || url_host(value).is_some() {
        Ok(())
    } else {
        Err(format!("{value:?} is not an absolute http(s) URL"))
    }
}

/// An SSO configuration id: letters, digits, `-` and `_`, up to 64 characters (empty = default).
pub fn sso_id(value: &str) -> Result<(), String> {
    if value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Ok(())
    } else {
        Err(format!(
            "{value:?} is not a valid SSO configuration id: use up to 64 letters, digits, - or _"
        ))
    }
}

fn push(errors: &mut Vec<FieldError>, field: &'static str, result: Result<(), String>) {
    if let Err(message) = result {
        errors.push(FieldError::new(field, message));
    }
}

fn check_common(errors: &mut Vec<FieldError>, sso: &str, redirect: &str, domains: &[String]) {
    push(errors, "ssoId", sso_id(sso));
    push(errors, "redirectUrl", redirect_url(redirect));
    for domain in domains {
        push(errors, "domains", crate::tenant::domain(domain));
    }
    let mut seen = std::collections::HashSet::new();
    for domain in domains {
        if !seen.insert(domain.to_ascii_lowercase()) {
            errors.push(FieldError::new(
                "domains",
                format!("{domain:?} is listed twice"),
            ));
        }
    }
}

/// Checks an IdP certificate for a configuration saved at `now`: it must parse and not be
/// expired.
pub fn idp_certificate(text: &str, now: i64) -> Result<Certificate, String> {
    let certificate = parse_certificate(text)?;
    if certificate.info.expired_at(now) {
        return Err(format!(
            "The certificate ({}) expired; ask the identity provider for a current one",
            certificate.info.subject
        ));
    }
    Ok(certificate)
}

impl ConfigureSamlRequest {
    /// Every field error at `now` (epoch seconds); empty when valid.
    pub fn validate(&self, now: i64, allow_http_loopback: bool) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_common(&mut errors, &self.sso_id, &self.redirect_url, &self.domains);
        push(
            &mut errors,
            "settings.idpUrl",
            idp_url(&self.settings.idp_url, allow_http_loopback),
        );
        if self.settings.entity_id.trim().is_empty() {
            errors.push(FieldError::new(
                "settings.entityId",
                "The identity provider's entity ID (issuer) is required",
            ));
        }
        push(
            &mut errors,
            "settings.idpCert",
            idp_certificate(&self.settings.idp_cert, now).map(|_| ()),
        );
        errors
    }
}

impl ConfigureSamlMetadataRequest {
    /// Every field error that can be found without fetching; empty when valid.
    pub fn validate(&self, allow_http_loopback: bool) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_common(&mut errors, &self.sso_id, &self.redirect_url, &self.domains);
        push(
            &mut errors,
            "settings.idpMetadataUrl",
            idp_url(&self.settings.idp_metadata_url, allow_http_loopback),
        );
        errors
    }
}

impl ConfigureOidcRequest {
    /// Every field error that can be found without discovery; empty when valid.
    pub fn validate(&self, allow_http_loopback: bool) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_common(
            &mut errors,
            &self.sso_id,
            &self.settings.redirect_url,
            &self.domains,
        );
        let settings = &self.settings;
        if settings.client_id.trim().is_empty() {
            errors.push(FieldError::new(
                "settings.clientId",
                "A client ID is required",
            ));
        }
        if settings.issuer.is_empty()
            && (settings.auth_url.is_empty() || settings.token_url.is_empty())
        {
            errors.push(FieldError::new(
                "settings.issuer",
                "Give the issuer (its endpoints are discovered) or the authorization and token URLs",
            ));
        }
        for (field, value) in [
            ("settings.issuer", &settings.issuer),
            ("settings.authUrl", &settings.auth_url),
            ("settings.tokenUrl", &settings.token_url),
            ("settings.userDataUrl", &settings.user_data_url),
            ("settings.JWKsUrl", &settings.jwks_url),
        ] {
            if !value.is_empty() {
                push(&mut errors, field, idp_url(value, allow_http_loopback));
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idp_urls_must_be_https_except_loopback_in_development() {
        assert!(idp_url("https://idp.example.com/sso", false).is_ok());
        assert!(idp_url("http://idp.example.com/sso", true).is_err());
        assert!(idp_url("http://127.0.0.1:8080/sso", false).is_err());
        assert!(idp_url("http://127.0.0.1:8080/sso", true).is_ok());
        assert!(idp_url("http://[::1]:8080/", true).is_ok());
        assert!(idp_url("http://localhost/", true).is_ok());
        assert!(idp_url("https://user@evil.example/", false).is_err());
        assert!(idp_url("ftp://idp.example.com", false).is_err());
        assert!(idp_url("idp.example.com", false).is_err());
    }

    #[test]
    fn scopes_are_a_list_or_a_sentence() {
        let settings: OidcSettings =
            serde_json::from_str(r#"{"scope":"openid email profile"}"#).unwrap_or_default();
        assert_eq!(settings.scope, ["openid", "email", "profile"]);
        let settings: OidcSettings =
            serde_json::from_str(r#"{"scope":["openid"]}"#).unwrap_or_default();
        assert_eq!(settings.scope, ["openid"]);
    }

    #[test]
    fn metadata_without_an_idp_or_with_a_dtd_is_refused() {
        assert!(parse_idp_metadata("<x/>").is_err());
        assert!(parse_idp_metadata("not xml").is_err());
        let dtd = r#"<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><EntityDescriptor entityID="x">&a;</EntityDescriptor>"#;
        assert!(parse_idp_metadata(dtd).is_err());
    }

    #[test]
    fn discovery_must_match_the_issuer() {
        let document = DiscoveryDocument {
            issuer: "https://a.example".to_owned(),
            authorization_endpoint: "https://a.example/auth".to_owned(),
            token_endpoint: "https://a.example/token".to_owned(),
            ..DiscoveryDocument::default()
        };
        assert!(document.clone().endpoints("https://a.example/").is_ok());
        assert!(document.endpoints("https://b.example").is_err());
    }
}
