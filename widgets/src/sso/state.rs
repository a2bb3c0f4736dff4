//! The SSO widget's data with no DOM code: a configuration as the overview shows it
//! ([`SsoRow`], [`SsoStatus`], [`CertificateHealth`]), the identity providers the wizard knows
//! ([`Provider`]) and what the admin typed in the wizard ([`Draft`]), which becomes one of the
//! three configure requests. Parsing and validation are the wire crate's
//! ([`tenantkit_wire::sso`], [`tenantkit_wire::x509`]); this module only decides what to show.

use crate::collections::VecSet;
use crate::list::{ListQuery, ListRow, Page, SearchTarget, Unsorted};
use tenantkit_client::ApiError;
use tenantkit_wire::sso::{
    AttributeMapping, ConfigureOidcRequest, ConfigureSamlMetadataRequest, ConfigureSamlRequest,
    IdpMetadata, OidcSettings, RoleMapping, SamlMetadataSettings, SamlSettings, SsoAuthType,
    SsoSettings,
};
use tenantkit_wire::sso_test::ConnectionActivity;
use tenantkit_wire::x509::{CertificateInfo, parse_certificate};
use tenantkit_wire::{FieldError, TenantId};

/// A certificate expiring within this many days gets a warning.
pub const EXPIRY_WARNING_DAYS: i64 = 90;

/// Whether a configuration signs anyone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsoStatus {
    /// Created, but no IdP settings saved yet.
    NotConfigured,
    /// Settings saved, sign-in turned off (auth type `none`).
    Disabled,
    /// Users sign in through it.
    Enabled,
}

/// What the IdP's signing certificate means for sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateHealth {
    /// Valid for more than [`EXPIRY_WARNING_DAYS`] days.
    Valid,
    /// Expires within [`EXPIRY_WARNING_DAYS`] days: `days` left (0 = today).
    Expiring {
        /// Whole days left.
        days: i64,
    },
    /// Expired: sign-in fails until the IdP's new certificate is saved.
    Expired,
}

impl CertificateHealth {
    /// The health of `info` at `now` (epoch seconds).
    pub fn of(info: &CertificateInfo, now: i64) -> Self {
        if info.expired_at(now) {
            Self::Expired
        } else if info.days_left(now) < EXPIRY_WARNING_DAYS {
            Self::Expiring {
                days: info.days_left(now),
            }
        } else {
            Self::Valid
        }
    }
}

/// One configuration as the overview shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SsoRow {
    /// The configuration's id ("" for the tenant's default one).
    pub sso_id: String,
    /// Its name in the overview: the display name, else the id.
    pub name: String,
    /// The saved protocol (`none` until configured).
    pub configured: SsoAuthType,
    /// Sign-in on or off.
    pub status: SsoStatus,
    /// The SAML signing certificate's health, when there is one.
    pub certificate: Option<CertificateHealth>,
    /// Email domains routed to it.
    pub domains: Vec<String>,
    /// Everything the server said, for the wizard.
    pub settings: SsoSettings,
    /// Its last test and last sign-in; `None` when the server does not say (a server without
    /// TenantKit's own routes).
    pub activity: Option<ConnectionActivity>,
}

impl SsoRow {
    /// The row for `settings` at `now` (epoch seconds).
    pub fn new(settings: SsoSettings, now: i64) -> Self {
        let status = match (settings.configured, settings.auth_type) {
            (SsoAuthType::None, _) => SsoStatus::NotConfigured,
            (_, SsoAuthType::None) => SsoStatus::Disabled,
            _ => SsoStatus::Enabled,
        };
        let name = [&settings.display_name, &settings.sso_id]
            .into_iter()
            .find(|name| !name.trim().is_empty())
            .cloned()
            .unwrap_or_default();
        let certificate = (settings.configured == SsoAuthType::Saml)
            .then_some(settings.idp_certificate_info.as_ref())
            .flatten()
            .map(|info| CertificateHealth::of(info, now));
        let mut domains = settings.domains.clone();
        if domains.is_empty() {
            domains.clone_from(&settings.tenant.domains);
        }
        Self {
            sso_id: settings.sso_id.clone(),
            name,
            configured: settings.configured,
            status,
            certificate,
            domains,
            settings,
            activity: None,
        }
    }
}

/// The overview's query: every configuration of the tenant (there are few, so no paging).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SsoQuery;

impl ListQuery for SsoQuery {
    type Row = SsoRow;
    type Column = Unsorted;

    async fn fetch(self, target: SearchTarget) -> Result<Page<SsoRow>, ApiError> {
        let client = target.client();
        let tenant = target.tenant.as_str();
        // One request to TenantKit. The last tests and sign-ins are its own: a server without
        // the overview (Descope's) lists the configurations and has no activity to tell.
        let (list, activity) = match client.sso_overview(tenant).await {
            Ok(overview) => (overview.sso_settings, Some(overview.connections)),
            Err(error) if error.status() == Some(404) => (
                client.load_all_sso_settings(tenant).await?.sso_settings,
                None,
            ),
            Err(error) => return Err(error),
        };
        let now = now();
        let rows: Vec<SsoRow> = list
            .into_iter()
            .map(|settings| {
                let mut row = SsoRow::new(settings, now);
                row.activity = activity.as_ref().map(|connections| {
                    connections
                        .iter()
                        .find(|entry| entry.sso_id == row.sso_id)
                        .cloned()
                        .unwrap_or_default()
                });
                row
            })
            .collect();
        Ok(Page {
            total: rows.len() as u64,
            capped: false,
            searched_newest: None,
            rows,
        })
    }
}

impl ListRow for SsoRow {
    type Key = String;

    fn key(&self) -> String {
        self.sso_id.clone()
    }
}

/// Epoch seconds now, from the browser's clock (the one place the widget reads the time).
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// An identity provider the wizard has instructions for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// Okta (SAML app integration).
    Okta,
    /// Microsoft Entra ID (enterprise application, SAML).
    EntraId,
    /// Google Workspace (custom SAML app).
    GoogleWorkspace,
    /// Any SAML 2.0 identity provider.
    GenericSaml,
    /// Any OpenID Connect provider.
    GenericOidc,
}

impl Provider {
    /// Every provider, in the order the wizard offers them.
    pub const ALL: [Self; 5] = [
        Self::Okta,
        Self::EntraId,
        Self::GoogleWorkspace,
        Self::GenericSaml,
        Self::GenericOidc,
    ];

    /// The protocol it is configured with.
    pub fn protocol(self) -> SsoAuthType {
        match self {
            Self::GenericOidc => SsoAuthType::Oidc,
            _ => SsoAuthType::Saml,
        }
    }

    /// A stable key (form values and test hooks).
    pub fn key(self) -> &'static str {
        match self {
            Self::Okta => "okta",
            Self::EntraId => "entra",
            Self::GoogleWorkspace => "google",
            Self::GenericSaml => "saml",
            Self::GenericOidc => "oidc",
        }
    }

    /// The provider with [`Provider::key`] `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|provider| provider.key() == key)
    }
}

/// Where the wizard gets a SAML IdP's settings from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SamlSource {
    /// The server fetches the IdP's metadata URL (now and when it refreshes).
    MetadataUrl,
    /// Metadata XML pasted or uploaded, parsed in the browser.
    #[default]
    MetadataXml,
    /// SSO URL, entity id and certificate typed in.
    Manual,
}

impl SamlSource {
    /// Every source, in the order offered.
    pub const ALL: [Self; 3] = [Self::MetadataUrl, Self::MetadataXml, Self::Manual];

    /// A stable key (radio values).
    pub fn key(self) -> &'static str {
        match self {
            Self::MetadataUrl => "url",
            Self::MetadataXml => "xml",
            Self::Manual => "manual",
        }
    }
}

/// One group-to-role mapping row: IdP groups (comma-separated as typed) and the tenant role.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupRow {
    /// Groups as typed, separated by commas.
    pub groups: String,
    /// The role users in any of them get.
    pub role: String,
}

/// What the server read in metadata XML (`POST /tk/v1/sso/saml/metadata/read`): the values, or
/// why the XML is not an IdP's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataReading {
    /// The XML it read.
    pub xml: String,
    /// What it holds, or the server's sentence on why it is not usable.
    pub answer: Result<IdpMetadata, String>,
}

/// What the admin typed in the wizard, for either protocol. Text stays as typed; requests trim
/// and split it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The configuration being set up.
    pub sso_id: String,
    /// Which IdP (and so which protocol).
    pub provider: Provider,
    /// SAML: where the IdP's settings come from.
    pub saml_source: SamlSource,
    /// SAML: the IdP's metadata URL.
    pub metadata_url: String,
    /// SAML: pasted or uploaded metadata XML.
    pub metadata_xml: String,
    /// SAML: the server's reading of metadata XML, the last it answered.
    pub metadata_reading: Option<MetadataReading>,
    /// SAML: the IdP's single sign-on URL.
    pub idp_url: String,
    /// SAML: the IdP's entity id.
    pub entity_id: String,
    /// SAML: the IdP's signing certificate (PEM or base64).
    pub idp_cert: String,
    /// OIDC settings as typed (`client_secret` empty keeps the stored one).
    pub oidc: OidcSettings,
    /// OIDC scopes as typed, separated by spaces.
    pub scopes: String,
    /// Whether an OIDC client secret is stored already (edit: "leave empty to keep").
    pub secret_stored: bool,
    /// Which IdP attribute fills which user field (the custom ones are in `custom_attributes`).
    pub mapping: AttributeMapping,
    /// Our custom attribute name and the IdP attribute, one row each, in order.
    pub custom_attributes: Vec<(String, String)>,
    /// Group-to-role mappings.
    pub groups: Vec<GroupRow>,
    /// Roles every user signing in through this configuration gets.
    pub default_roles: VecSet<String>,
    /// Email domains routed here, as typed (commas, spaces or new lines between them).
    pub domains: String,
    /// SAML: where users land after signing in (empty: the project's default).
    pub redirect_url: String,
}

/// Splits a list typed with commas, spaces or new lines into its non-empty items.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Draft {
    /// The wizard's starting point for `settings`: what is saved, or sensible defaults.
    pub fn from_settings(settings: &SsoSettings) -> Self {
        let saml = &settings.saml;
        let provider = match settings.configured {
            SsoAuthType::Oidc => Provider::GenericOidc,
            _ => Provider::GenericSaml,
        };
        let saml_source = if !saml.idp_metadata_url.is_empty() {
            SamlSource::MetadataUrl
        } else if settings.configured == SsoAuthType::Saml {
            SamlSource::Manual
        } else {
            SamlSource::MetadataXml
        };
        let (mapping, groups, default_roles) = if settings.configured == SsoAuthType::Oidc {
            let groups = settings
                .oidc
                .role_mappings
                .iter()
                .map(|mapping| GroupRow {
                    groups: mapping.groups.join(", "),
                    role: mapping.role_name.clone(),
                })
                .collect();
            (
                settings.oidc.user_attr_mapping.clone(),
                groups,
                VecSet::new(),
            )
        } else {
            let groups = saml
                .groups_mapping
                .iter()
                .map(|mapping| GroupRow {
                    groups: mapping.groups.join(", "),
                    role: mapping.role.name.clone(),
                })
                .collect();
            let roles = saml.default_sso_roles.iter().cloned().collect();
            (saml.attribute_mapping.clone(), groups, roles)
        };
        let mut mapping = mapping;
        let custom_attributes = std::mem::take(&mut mapping.custom_attributes)
            .into_iter()
            .collect();
        if settings.configured == SsoAuthType::None {
            mapping.email = "email".to_owned();
            mapping.name = "name".to_owned();
        }
        let mut oidc = settings.oidc.clone();
        oidc.client_secret.clear();
        let scopes = if oidc.scope.is_empty() {
            "openid email profile".to_owned()
        } else {
            oidc.scope.join(" ")
        };
        let mut domains = settings.domains.clone();
        if domains.is_empty() {
            domains.clone_from(&settings.tenant.domains);
        }
        Self {
            sso_id: settings.sso_id.clone(),
            provider,
            saml_source,
            metadata_url: saml.idp_metadata_url.clone(),
            metadata_xml: String::new(),
            metadata_reading: None,
            idp_url: saml.idp_sso_url.clone(),
            entity_id: saml.idp_entity_id.clone(),
            idp_cert: saml.idp_certificate.clone(),
            secret_stored: settings.configured == SsoAuthType::Oidc,
            oidc,
            scopes,
            mapping,
            custom_attributes,
            groups,
            default_roles,
            domains: domains.join(", "),
            redirect_url: saml.redirect_url.clone(),
        }
    }

    fn attribute_mapping(&self) -> AttributeMapping {
        let mut mapping = self.mapping.clone();
        for value in [
            &mut mapping.email,
            &mut mapping.name,
            &mut mapping.given_name,
            &mut mapping.family_name,
            &mut mapping.group,
        ] {
            *value = value.trim().to_owned();
        }
        mapping.custom_attributes = self
            .custom_attributes
            .iter()
            .map(|(ours, theirs)| (ours.trim().to_owned(), theirs.trim().to_owned()))
            .filter(|(ours, theirs)| !ours.is_empty() && !theirs.is_empty())
            .collect();
        mapping
    }

    fn role_mappings(&self) -> Vec<RoleMapping> {
        self.groups
            .iter()
            .map(|row| RoleMapping {
                groups: row
                    .groups
                    .split(',')
                    .map(str::trim)
                    .filter(|group| !group.is_empty())
                    .map(str::to_owned)
                    .collect(),
                role_name: row.role.clone(),
            })
            .filter(|mapping| !mapping.groups.is_empty() && !mapping.role_name.is_empty())
            .collect()
    }

    /// The domains as a list.
    pub fn domain_list(&self) -> Vec<String> {
        split_list(&self.domains)
    }

    /// The SAML request with the IdP values typed in (or read from pasted metadata).
    pub fn saml_request(&self, tenant: &TenantId) -> ConfigureSamlRequest {
        ConfigureSamlRequest {
            tenant_id: tenant.clone(),
            sso_id: self.sso_id.clone(),
            settings: SamlSettings {
                idp_url: self.idp_url.trim().to_owned(),
                entity_id: self.entity_id.trim().to_owned(),
                idp_cert: self.idp_cert.trim().to_owned(),
                attribute_mapping: self.attribute_mapping(),
                role_mappings: self.role_mappings(),
                default_sso_roles: self.default_roles.iter().cloned().collect(),
            },
            redirect_url: self.redirect_url.trim().to_owned(),
            domains: self.domain_list(),
        }
    }

    /// The SAML request that has the server fetch the IdP's metadata URL.
    pub fn metadata_request(&self, tenant: &TenantId) -> ConfigureSamlMetadataRequest {
        ConfigureSamlMetadataRequest {
            tenant_id: tenant.clone(),
            sso_id: self.sso_id.clone(),
            settings: SamlMetadataSettings {
                idp_metadata_url: self.metadata_url.trim().to_owned(),
                attribute_mapping: self.attribute_mapping(),
                role_mappings: self.role_mappings(),
                default_sso_roles: self.default_roles.iter().cloned().collect(),
            },
            redirect_url: self.redirect_url.trim().to_owned(),
            domains: self.domain_list(),
        }
    }

    /// The OIDC request.
    pub fn oidc_request(&self, tenant: &TenantId) -> ConfigureOidcRequest {
        let mut settings = self.oidc.clone();
        for value in [
            &mut settings.name,
            &mut settings.client_id,
            &mut settings.issuer,
            &mut settings.auth_url,
            &mut settings.token_url,
            &mut settings.user_data_url,
            &mut settings.jwks_url,
        ] {
            *value = value.trim().to_owned();
        }
        settings.scope = split_list(&self.scopes);
        settings.user_attr_mapping = self.attribute_mapping();
        settings.role_mappings = self.role_mappings();
        ConfigureOidcRequest {
            tenant_id: tenant.clone(),
            sso_id: self.sso_id.clone(),
            settings,
            domains: self.domain_list(),
        }
    }

    /// The field errors of the IdP step at `now`, by the wire crate's rules (the server checks
    /// again). `http://` to loopback is let through: whether the server allows it is its setting.
    pub fn idp_errors(&self, tenant: &TenantId, now: i64) -> Vec<FieldError> {
        let errors = match (self.provider.protocol(), self.saml_source) {
            (SsoAuthType::Oidc, _) => self.oidc_request(tenant).validate(true),
            (_, SamlSource::MetadataUrl) => self.metadata_request(tenant).validate(true),
            _ => self.saml_request(tenant).validate(now, true),
        };
        errors
            .into_iter()
            .filter(|error| error.field.starts_with("settings."))
            .collect()
    }

    /// The server's reading of the metadata XML as it is now; `None` while it has not answered
    /// for this text.
    pub fn current_metadata(&self) -> Option<&Result<IdpMetadata, String>> {
        self.metadata_reading
            .as_ref()
            .filter(|reading| reading.xml == self.metadata_xml)
            .map(|reading| &reading.answer)
    }

    /// Keeps the server's reading of `xml`, unless the text changed since; the values it holds
    /// fill the manual SAML fields (its first signing certificate), which are what is saved.
    pub fn read_metadata(&mut self, xml: String, answer: Result<IdpMetadata, String>) {
        if xml != self.metadata_xml {
            return;
        }
        if let Ok(metadata) = &answer {
            self.idp_url.clone_from(&metadata.sso_url);
            self.entity_id.clone_from(&metadata.entity_id);
            if let Some(certificate) = metadata.certificates.first() {
                self.idp_cert.clone_from(certificate);
            }
        }
        self.metadata_reading = Some(MetadataReading { xml, answer });
    }

    /// A new OIDC configuration needs a client secret; an edit may keep the stored one.
    pub fn needs_secret(&self) -> bool {
        self.provider.protocol() == SsoAuthType::Oidc
            && !self.secret_stored
            && self.oidc.client_secret.trim().is_empty()
    }

    /// The field errors of the mapping step (domains, redirect URL).
    pub fn mapping_errors(&self, tenant: &TenantId, now: i64) -> Vec<FieldError> {
        let errors = match (self.provider.protocol(), self.saml_source) {
            (SsoAuthType::Oidc, _) => self.oidc_request(tenant).validate(true),
            (_, SamlSource::MetadataUrl) => self.metadata_request(tenant).validate(true),
            _ => self.saml_request(tenant).validate(now, true),
        };
        errors
            .into_iter()
            .filter(|error| !error.field.starts_with("settings."))
            .collect()
    }
}

/// A change to the wizard's [`Draft`], applied to the latest draft (so two inputs in one tick do
/// not overwrite each other).
pub struct DraftEdit(pub Box<dyn FnOnce(&mut Draft)>);

impl DraftEdit {
    /// An edit doing `change`.
    pub fn new(change: impl FnOnce(&mut Draft) + 'static) -> Self {
        Self(Box::new(change))
    }
}

impl std::fmt::Debug for DraftEdit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DraftEdit(..)")
    }
}

impl yew::Reducible for Draft {
    type Action = DraftEdit;

    fn reduce(self: std::rc::Rc<Self>, action: DraftEdit) -> std::rc::Rc<Self> {
        let mut next = (*self).clone();
        (action.0)(&mut next);
        std::rc::Rc::new(next)
    }
}

/// Each typed domain that is not valid, with why (for the hint under the domains field).
pub fn domain_errors(text: &str) -> Vec<String> {
    let domains = split_list(text);
    let mut seen = VecSet::new();
    let mut errors = Vec::new();
    for domain in &domains {
        if let Err(message) = tenantkit_wire::tenant::domain(domain) {
            errors.push(message);
        } else if !seen.insert(domain.to_ascii_lowercase()) {
            errors.push(domain.clone());
        }
    }
    errors
}

/// A pasted certificate as the wizard shows it: the facts and their health, or why it is not one.
pub fn certificate_preview(
    text: &str,
    now: i64,
) -> Option<Result<(CertificateInfo, CertificateHealth), String>> {
    if text.trim().is_empty() {
        return None;
    }
    Some(parse_certificate(text).map(|certificate| {
        let health = CertificateHealth::of(&certificate.info, now);
        (certificate.info, health)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    fn info(not_after: i64) -> CertificateInfo {
        CertificateInfo {
            subject: "CN=test-idp".to_owned(),
            not_before: 0,
            not_after,
            ..CertificateInfo::default()
        }
    }

    #[test]
    fn certificates_warn_within_ninety_days_and_fail_once_expired() {
        let now = 1_000 * DAY;
        assert_eq!(
            CertificateHealth::of(&info(now + 400 * DAY), now),
            CertificateHealth::Valid
        );
        assert_eq!(
            CertificateHealth::of(&info(now + 90 * DAY), now),
            CertificateHealth::Valid
        );
        assert_eq!(
            CertificateHealth::of(&info(now + 89 * DAY + 5), now),
            CertificateHealth::Expiring { days: 89 }
        );
        assert_eq!(
            CertificateHealth::of(&info(now + 10), now),
            CertificateHealth::Expiring { days: 0 }
        );
        assert_eq!(
            CertificateHealth::of(&info(now - 1), now),
            CertificateHealth::Expired
        );
    }

    #[test]
    fn statuses_follow_what_is_saved_and_whether_it_is_on() {
        let mut settings = SsoSettings {
            sso_id: "okta".to_owned(),
            ..SsoSettings::default()
        };
        assert_eq!(
            SsoRow::new(settings.clone(), 0).status,
            SsoStatus::NotConfigured
        );
        assert_eq!(SsoRow::new(settings.clone(), 0).name, "okta");
        settings.configured = SsoAuthType::Saml;
        settings.idp_certificate_info = Some(info(10 * DAY));
        let row = SsoRow::new(settings.clone(), 0);
        assert_eq!(row.status, SsoStatus::Disabled);
        assert_eq!(
            row.certificate,
            Some(CertificateHealth::Expiring { days: 10 })
        );
        settings.auth_type = SsoAuthType::Saml;
        settings.display_name = "Okta".to_owned();
        let row = SsoRow::new(settings, 11 * DAY);
        assert_eq!(row.status, SsoStatus::Enabled);
        assert_eq!(row.name, "Okta");
        assert_eq!(row.certificate, Some(CertificateHealth::Expired));
    }

    #[test]
    fn the_draft_becomes_the_request_with_lists_split_and_blank_rows_dropped() {
        let mut draft = Draft::from_settings(&SsoSettings::default());
        draft.domains = "acme.test,  example.com\nexample.org".to_owned();
        draft.groups = vec![
            GroupRow {
                groups: "admins, ops ,".to_owned(),
                role: "Tenant Admin".to_owned(),
            },
            GroupRow::default(),
        ];
        draft.custom_attributes = vec![
            ("dept".to_owned(), " department ".to_owned()),
            (String::new(), "x".to_owned()),
        ];
        let request = draft.saml_request(&TenantId::new("acme"));
        assert_eq!(request.domains, ["acme.test", "example.com", "example.org"]);
        assert_eq!(request.settings.role_mappings.len(), 1);
        assert_eq!(request.settings.role_mappings[0].groups, ["admins", "ops"]);
        assert_eq!(
            request.settings.attribute_mapping.custom_attributes.len(),
            1
        );
        assert_eq!(request.settings.attribute_mapping.email, "email");
    }

    #[test]
    fn a_reading_of_metadata_counts_only_for_the_text_it_read() {
        let mut draft = Draft::from_settings(&SsoSettings::default());
        let metadata = IdpMetadata {
            entity_id: "https://idp.example/meta".to_owned(),
            sso_url: "https://idp.example/sso".to_owned(),
            certificates: vec!["MIIB".to_owned(), "MIIC".to_owned()],
            certificate_infos: Vec::new(),
        };
        draft.metadata_xml = "<new/>".to_owned();
        // An answer for text the admin has replaced since changes nothing.
        draft.read_metadata("<old/>".to_owned(), Ok(metadata.clone()));
        assert_eq!(draft.current_metadata(), None);
        assert_eq!(draft.idp_url, "");
        draft.read_metadata("<new/>".to_owned(), Ok(metadata.clone()));
        assert_eq!(draft.current_metadata(), Some(&Ok(metadata)));
        assert_eq!(
            (
                draft.idp_url.as_str(),
                draft.entity_id.as_str(),
                draft.idp_cert.as_str()
            ),
            (
                "https://idp.example/sso",
                "https://idp.example/meta",
                "MIIB"
            )
        );
        // Typing again: the reading no longer counts, and a failed one keeps the fields.
        draft.metadata_xml = "<bad".to_owned();
        assert_eq!(draft.current_metadata(), None);
        draft.read_metadata("<bad".to_owned(), Err("not XML".to_owned()));
        assert_eq!(draft.current_metadata(), Some(&Err("not XML".to_owned())));
        assert_eq!(draft.entity_id, "https://idp.example/meta");
    }

    #[test]
    fn the_test_fixtures_say_what_the_browser_tests_expect() {
        let now = 1_800_000_000; // 2027
        let metadata = tenantkit_wire::sso::parse_idp_metadata(include_str!(
            "../../../tests/fixtures/sso/idp-metadata.xml"
        ));
        assert!(metadata.is_ok_and(|m| {
            m.entity_id == "http://127.0.0.1/test-idp/metadata"
                && m.certificate_infos
                    .first()
                    .is_some_and(|info| info.subject == "CN=test-idp")
        }));
        let valid = certificate_preview(
            include_str!("../../../tests/fixtures/sso/test-idp.pem"),
            now,
        );
        assert!(matches!(valid, Some(Ok((_, CertificateHealth::Valid)))));
        let expired = certificate_preview(
            include_str!("../../../tests/fixtures/sso/expired-idp.pem"),
            now,
        );
        assert!(matches!(expired, Some(Ok((_, CertificateHealth::Expired)))));
        assert!(matches!(
            certificate_preview("not a certificate", now),
            Some(Err(_))
        ));
        assert_eq!(certificate_preview("  ", now), None);
    }

    #[test]
    fn domains_are_checked_as_typed() {
        assert!(domain_errors("acme.test, example.com").is_empty());
        assert_eq!(domain_errors("acme.test, nodot").len(), 1);
        assert_eq!(domain_errors("acme.test ACME.test").len(), 1);
    }

    #[test]
    fn a_new_oidc_configuration_needs_a_secret_and_an_edit_may_keep_it() {
        let mut draft = Draft::from_settings(&SsoSettings::default());
        draft.provider = Provider::GenericOidc;
        draft.oidc.client_id = "client".to_owned();
        draft.oidc.issuer = "https://idp.example.com".to_owned();
        let tenant = TenantId::new("acme");
        let fields = |draft: &Draft| {
            draft
                .idp_errors(&tenant, 0)
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert!(fields(&draft).is_empty());
        assert!(draft.needs_secret());
        draft.secret_stored = true;
        assert!(!draft.needs_secret());
        draft.oidc.issuer.clear();
        assert_eq!(fields(&draft), ["settings.issuer"]);
    }
}
