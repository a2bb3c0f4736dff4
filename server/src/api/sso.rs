//! Tenant SSO setup (wire contract: Tenant SSO): configurations, SAML by hand or by metadata
//! URL, OIDC with discovery, enable/disable, delete; our metadata-fetch and discovery previews
//! for the wizard; and the SP metadata an IdP fetches (public, at a stable URL).
//!
//! Everything pasted is parsed before it is stored (certificates, metadata XML, URLs, domains),
//! and what the server fetches goes through the forgery guard in [`crate::fetch`]. A saved
//! configuration stays disabled until its auth type is set; configuring another protocol on an
//! enabled configuration switches it to that protocol. The sign-in flows themselves (the ACS
//! and the OIDC callback named here) are served by [`super::sso_signin`].

use super::caller::{SsoAdmin, SsoTenantAdmin};
use super::{Access, RouteSpec, route};
use crate::capability::TenantScope;
use crate::db::sso::{SsoChange, SsoRecord, StoredSaml};
use crate::error::{Error, Result};
use crate::extract::{Json, Query};
use crate::fetch;
use crate::state::AppState;
use axum::extract::State;
use axum::http::Method;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, delete, get, post};
use serde_json::{Value, json};
use tenantkit_wire::sso::{
    self, AuthTypeRequest, ConfigureOidcRequest, ConfigureSamlMetadataRequest,
    ConfigureSamlRequest, DiscoverOidcRequest, DiscoveryDocument, FetchMetadataRequest,
    GroupsMapping, IdpMetadata, NewSsoRequest, OidcDiscovery, OidcSettings, ReadMetadataRequest,
    RoleItem, RoleMapping, SamlSettingsResponse, SsoAuthType, SsoSettings, SsoSettingsList,
    SsoSettingsQuery, SsoTenant,
};
use tenantkit_wire::x509::parse_certificate;
use tenantkit_wire::{FieldError, PERMISSION_SSO_ADMIN, Secret, TenantId};

/// Management key, or a tenant admin holding `SSO Admin` in widget mode.
const SSO: Access = Access::Widget(PERMISSION_SSO_ADMIN);

/// The media type of SAML metadata (RFC 7580... of the SAML 2.0 metadata profile).
const SAML_METADATA: &str = "application/samlmetadata+xml";

/// Every SSO route.
pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    let sp_metadata = RouteSpec {
        method: Method::GET,
        path: "/tk/v1/sso/saml/sp-metadata",
        access: Access::Public,
        request: Some(schemars::SchemaGenerator::subschema_for::<SsoSettingsQuery>),
        response: None,
        content_type: SAML_METADATA,
    };
    vec![
        route::<SsoSettingsQuery, SsoSettings>(
            Method::GET,
            "/v2/mgmt/sso/settings",
            SSO,
            get(load),
        ),
        route::<SsoSettingsQuery, SsoSettingsList>(
            Method::GET,
            "/v2/mgmt/sso/settings/all",
            SSO,
            get(load_all),
        ),
        route::<NewSsoRequest, SsoSettings>(
            Method::POST,
            "/v1/mgmt/sso/settings/new",
            SSO,
            post(new_settings),
        ),
        route::<ConfigureSamlRequest, Value>(
            Method::POST,
            "/v1/mgmt/sso/saml",
            SSO,
            post(configure_saml),
        ),
        route::<ConfigureSamlMetadataRequest, Value>(
            Method::POST,
            "/v1/mgmt/sso/saml/metadata",
            SSO,
            post(configure_saml_by_metadata),
        ),
        route::<ConfigureOidcRequest, Value>(
            Method::POST,
            "/v1/mgmt/sso/oidc",
            SSO,
            post(configure_oidc),
        ),
        route::<SsoSettingsQuery, Value>(
            Method::DELETE,
            "/v1/mgmt/sso/settings",
            SSO,
            delete(remove),
        ),
        route::<AuthTypeRequest, Value>(
            Method::POST,
            "/v1/mgmt/sso/settings/authtype",
            SSO,
            post(set_auth_type),
        ),
        route::<FetchMetadataRequest, IdpMetadata>(
            Method::POST,
            "/tk/v1/sso/saml/metadata/fetch",
            SSO,
            post(fetch_metadata),
        ),
        route::<ReadMetadataRequest, IdpMetadata>(
            Method::POST,
            "/tk/v1/sso/saml/metadata/read",
            SSO,
            post(read_metadata),
        ),
        route::<DiscoverOidcRequest, OidcDiscovery>(
            Method::POST,
            "/tk/v1/sso/oidc/discover",
            SSO,
            post(discover),
        ),
        (sp_metadata, get(sp_metadata_document)),
    ]
}

/// A field error from a rule's sentence.
fn field(name: &'static str) -> impl Fn(String) -> Error {
    move |message| {
        Error::Validation(vec![FieldError {
            field: name,
            message,
        }])
    }
}

/// `?tenantId=...[&ssoId=...]` of a configuration (ids are letters, digits, `-` and `_`).
fn config_query(tenant: &TenantId, sso_id: &str) -> String {
    if sso_id.is_empty() {
        format!("tenantId={tenant}")
    } else {
        format!("tenantId={tenant}&ssoId={sso_id}")
    }
}

/// Our SAML service-provider values for a configuration.
pub(super) struct SpValues {
    pub(super) entity_id: String,
    pub(super) acs_url: String,
    pub(super) metadata_url: String,
    pub(super) oidc_redirect_url: String,
}

pub(super) fn sp_values(state: &AppState, tenant: &TenantId, sso_id: &str) -> SpValues {
    let base = state.settings().public_url.trim_end_matches('/');
    let query = config_query(tenant, sso_id);
    let metadata_url = format!("{base}/tk/v1/sso/saml/sp-metadata?{query}");
    SpValues {
        // The metadata URL is the entity id, as is usual: an IdP can resolve one from the other.
        entity_id: metadata_url.clone(),
        acs_url: format!("{base}/tk/v1/sso/saml/acs?{query}"),
        metadata_url,
        oidc_redirect_url: format!("{base}/tk/v1/sso/oidc/callback?{query}"),
    }
}

/// The wire view of a stored configuration.
pub(super) fn view(state: &AppState, record: SsoRecord) -> SsoSettings {
    let sp = sp_values(state, &record.tenant_id, &record.sso_id);
    let certificate_info = (!record.saml.idp_certificate.is_empty())
        .then(|| parse_certificate(&record.saml.idp_certificate).ok())
        .flatten()
        .map(|certificate| certificate.info);
    let saml = record.saml;
    SsoSettings {
        tenant: SsoTenant {
            id: record.tenant_id,
            name: record.tenant_name,
            domains: record.domains.clone(),
            auth_type: record.auth_type,
        },
        saml: SamlSettingsResponse {
            idp_entity_id: saml.idp_entity_id,
            idp_sso_url: saml.idp_sso_url,
            idp_certificate: saml.idp_certificate,
            idp_metadata_url: saml.idp_metadata_url,
            sp_entity_id: sp.entity_id,
            sp_acs_url: sp.acs_url,
            sp_certificate: String::new(),
            attribute_mapping: saml.attribute_mapping,
            groups_mapping: saml
                .role_mappings
                .into_iter()
                .map(|mapping| GroupsMapping {
                    role: RoleItem {
                        name: mapping.role_name,
                    },
                    groups: mapping.groups,
                })
                .collect(),
            default_sso_roles: saml.default_sso_roles,
            redirect_url: saml.redirect_url,
        },
        oidc: OidcSettings {
            client_secret: String::new(),
            redirect_url: if record.oidc.redirect_url.is_empty() {
                sp.oidc_redirect_url
            } else {
                record.oidc.redirect_url
            },
            ..record.oidc
        },
        sso_id: record.sso_id,
        display_name: record.display_name,
        auth_type: record.auth_type,
        configured: record.configured,
        domains: record.domains,
        sp_metadata_url: sp.metadata_url,
        idp_certificate_info: certificate_info,
        created_time: record.created,
        updated_time: record.updated,
    }
}

/// The stored configuration, if any.
async fn find(state: &AppState, scope: &TenantScope, sso_id: &str) -> Result<Option<SsoRecord>> {
    Ok(state
        .db()
        .sso_configs(scope, Some(sso_id))
        .await?
        .into_iter()
        .next())
}

/// `GET /v2/mgmt/sso/settings?tenantId=&ssoId=`. The default configuration answers even before
/// it is configured (empty settings, our SP values), as Descope's does.
async fn load(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Query(query): Query<SsoSettingsQuery>,
) -> Result<Json<SsoSettings>> {
    let admin = admin.tenant(&state, &query.tenant_id).await?;
    match find(&state, &admin.scope, &query.sso_id).await? {
        Some(record) => Ok(Json(view(&state, record))),
        None if query.sso_id.is_empty() => {
            let name = state
                .db()
                .tenant_name(admin.scope.tenant_id())
                .await?
                .unwrap_or_default();
            Ok(Json(view(
                &state,
                unconfigured(admin.scope.tenant_id().clone(), name, ""),
            )))
        }
        None => Err(Error::NotFound(format!(
            "No SSO configuration {:?} in this tenant",
            query.sso_id
        ))),
    }
}

fn unconfigured(tenant_id: TenantId, tenant_name: String, sso_id: &str) -> SsoRecord {
    SsoRecord {
        tenant_id,
        tenant_name,
        sso_id: sso_id.to_owned(),
        display_name: String::new(),
        auth_type: SsoAuthType::None,
        configured: SsoAuthType::None,
        saml: StoredSaml::default(),
        oidc: OidcSettings::default(),
        has_client_secret: false,
        domains: Vec::new(),
        created: 0,
        updated: 0,
    }
}

/// `GET /v2/mgmt/sso/settings/all?tenantId=` -> `{SSOSettings}`, oldest first.
async fn load_all(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Query(query): Query<SsoSettingsQuery>,
) -> Result<Json<SsoSettingsList>> {
    let admin = admin.tenant(&state, &query.tenant_id).await?;
    let records = state.db().sso_configs(&admin.scope, None).await?;
    Ok(Json(SsoSettingsList {
        sso_settings: records
            .into_iter()
            .map(|record| view(&state, record))
            .collect(),
    }))
}

/// `POST /v1/mgmt/sso/settings/new` `{tenantId, ssoId?, displayName}` -> the new configuration.
async fn new_settings(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<NewSsoRequest>,
) -> Result<Json<SsoSettings>> {
    let admin = admin.tenant(&state, &request.tenant_id).await?;
    sso::sso_id(&request.sso_id).map_err(field("ssoId"))?;
    tenantkit_wire::role::name(&request.display_name).map_err(field("displayName"))?;
    let sso_id = if request.sso_id.is_empty() {
        crate::db::new_id('S')
    } else {
        request.sso_id.clone()
    };
    state
        .db()
        .create_sso_config(
            &admin.actor,
            &admin.scope,
            &sso_id,
            request.display_name.trim(),
            state.now_ms(),
        )
        .await?;
    let record = find(&state, &admin.scope, &sso_id)
        .await?
        .ok_or_else(|| Error::Internal("a new SSO configuration vanished".to_owned()))?;
    Ok(Json(view(&state, record)))
}

/// Roles named by mappings and defaults must be roles the tenant's users can hold, and, in
/// widget mode, roles the admin could give by hand (SSO sign-in gives them on the admin's word).
async fn check_roles(
    state: &AppState,
    admin: &SsoTenantAdmin,
    mappings: &[RoleMapping],
    defaults: &[String],
) -> Result<()> {
    let named: Vec<&str> = mappings
        .iter()
        .map(|mapping| mapping.role_name.as_str())
        .chain(defaults.iter().map(String::as_str))
        .collect();
    let known = state.db().known_role_names(&admin.scope, &named).await?;
    let mut errors = Vec::new();
    for mapping in mappings {
        if !known.contains(&mapping.role_name) {
            errors.push(FieldError {
                field: "settings.roleMappings",
                message: format!("Unknown role {:?} in this tenant", mapping.role_name),
            });
        }
        if mapping.groups.iter().all(|group| group.trim().is_empty()) {
            errors.push(FieldError {
                field: "settings.roleMappings",
                message: format!("The mapping to {:?} names no group", mapping.role_name),
            });
        }
    }
    for role in defaults {
        if !known.contains(role) {
            errors.push(FieldError {
                field: "settings.defaultSSORoles",
                message: format!("Unknown role {role:?} in this tenant"),
            });
        }
    }
    Error::check_fields(errors)?;
    let mut named: Vec<String> = named.into_iter().map(str::to_owned).collect();
    named.sort();
    named.dedup();
    state.db().check_grantable_roles(&admin.scope, &named).await
}

/// Saves `change` over the stored configuration, keeping the other protocol's settings.
async fn save(
    state: &AppState,
    admin: &SsoTenantAdmin,
    sso_id: &str,
    change: SsoChange,
) -> Result<Json<Value>> {
    state
        .db()
        .save_sso_config(&admin.actor, &admin.scope, sso_id, &change, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}

/// The stored settings of the configuration, or empty ones.
async fn stored(state: &AppState, scope: &TenantScope, sso_id: &str) -> Result<SsoRecord> {
    Ok(find(state, scope, sso_id)
        .await?
        .unwrap_or_else(|| unconfigured(scope.tenant_id().clone(), String::new(), sso_id)))
}

/// `POST /v1/mgmt/sso/saml`: SAML settings given by hand.
async fn configure_saml(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<ConfigureSamlRequest>,
) -> Result<Json<Value>> {
    let admin = admin.tenant(&state, &request.tenant_id).await?;
    let allow = state.settings().sso_allow_private_fetch;
    Error::check_fields(request.validate(state.now(), allow))?;
    let settings = &request.settings;
    check_roles(
        &state,
        &admin,
        &settings.role_mappings,
        &settings.default_sso_roles,
    )
    .await?;
    let certificate =
        sso::idp_certificate(&settings.idp_cert, state.now()).map_err(field("settings.idpCert"))?;
    let current = stored(&state, &admin.scope, &request.sso_id).await?;
    let change = SsoChange {
        configured: SsoAuthType::Saml,
        saml: StoredSaml {
            idp_entity_id: settings.entity_id.trim().to_owned(),
            idp_sso_url: settings.idp_url.trim().to_owned(),
            idp_certificate: certificate.base64(),
            idp_metadata_url: String::new(),
            attribute_mapping: settings.attribute_mapping.clone(),
            role_mappings: settings.role_mappings.clone(),
            default_sso_roles: settings.default_sso_roles.clone(),
            redirect_url: request.redirect_url.clone(),
        },
        oidc: current.oidc,
        sealed_secret: None,
        domains: request.domains.clone(),
    };
    save(&state, &admin, &request.sso_id, change).await
}

/// Fetches and parses an IdP's metadata; `field_name` names the URL in errors.
async fn idp_metadata(
    state: &AppState,
    url: &str,
    field_name: &'static str,
) -> Result<IdpMetadata> {
    let allow = state.settings().sso_allow_private_fetch;
    sso::idp_url(url, allow).map_err(field(field_name))?;
    let xml = fetch::fetch_text(url.trim(), allow)
        .await
        .map_err(|error| field(field_name)(error.0))?;
    parsed_metadata(state, &xml, field_name)
}

/// What metadata XML says, its sign-on URL checked as a typed one is; `field_name` names where
/// the XML came from in errors.
fn parsed_metadata(state: &AppState, xml: &str, field_name: &'static str) -> Result<IdpMetadata> {
    let metadata = sso::parse_idp_metadata(xml).map_err(field(field_name))?;
    sso::idp_url(&metadata.sso_url, state.settings().sso_allow_private_fetch)
        .map_err(|error| field(field_name)(format!("The metadata's sign-on URL: {error}")))?;
    Ok(metadata)
}

/// `POST /v1/mgmt/sso/saml/metadata`: SAML settings from the IdP's metadata URL, fetched and
/// parsed now; the first signing certificate that has not expired is kept.
async fn configure_saml_by_metadata(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<ConfigureSamlMetadataRequest>,
) -> Result<Json<Value>> {
    let admin = admin.tenant(&state, &request.tenant_id).await?;
    let allow = state.settings().sso_allow_private_fetch;
    Error::check_fields(request.validate(allow))?;
    let settings = &request.settings;
    check_roles(
        &state,
        &admin,
        &settings.role_mappings,
        &settings.default_sso_roles,
    )
    .await?;
    let metadata = idp_metadata(
        &state,
        &settings.idp_metadata_url,
        "settings.idpMetadataUrl",
    )
    .await?;
    let now = state.now();
    let certificate = metadata
        .certificates
        .iter()
        .zip(&metadata.certificate_infos)
        .find(|(_, info)| !info.expired_at(now))
        .map(|(certificate, _)| certificate.clone())
        .ok_or_else(|| {
            field("settings.idpMetadataUrl")(
                "Every signing certificate in the metadata has expired".to_owned(),
            )
        })?;
    let current = stored(&state, &admin.scope, &request.sso_id).await?;
    let change = SsoChange {
        configured: SsoAuthType::Saml,
        saml: StoredSaml {
            idp_entity_id: metadata.entity_id,
            idp_sso_url: metadata.sso_url,
            idp_certificate: certificate,
            idp_metadata_url: settings.idp_metadata_url.trim().to_owned(),
            attribute_mapping: settings.attribute_mapping.clone(),
            role_mappings: settings.role_mappings.clone(),
            default_sso_roles: settings.default_sso_roles.clone(),
            redirect_url: request.redirect_url.clone(),
        },
        oidc: current.oidc,
        sealed_secret: None,
        domains: request.domains.clone(),
    };
    save(&state, &admin, &request.sso_id, change).await
}

/// Reads `<issuer>/.well-known/openid-configuration`; `field_name` names the issuer in errors.
async fn discovery(
    state: &AppState,
    issuer: &str,
    field_name: &'static str,
) -> Result<OidcDiscovery> {
    let allow = state.settings().sso_allow_private_fetch;
    let issuer = issuer.trim();
    sso::idp_url(issuer, allow).map_err(field(field_name))?;
    let url = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    let text = fetch::fetch_text(&url, allow)
        .await
        .map_err(|error| field(field_name)(error.0))?;
    let document: DiscoveryDocument = serde_json::from_str(&text).map_err(|_| {
        field(field_name)(format!("{url} is not an OpenID Connect discovery document"))
    })?;
    let endpoints = document.endpoints(issuer).map_err(field(field_name))?;
    for endpoint in [&endpoints.auth_url, &endpoints.token_url] {
        sso::idp_url(endpoint, allow)
            .map_err(|error| field(field_name)(format!("The discovery document: {error}")))?;
    }
    Ok(endpoints)
}

/// `POST /v1/mgmt/sso/oidc`: OIDC settings; empty endpoints are discovered from the issuer. The
/// client secret is sealed; an empty one keeps the stored secret.
async fn configure_oidc(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<ConfigureOidcRequest>,
) -> Result<Json<Value>> {
    let admin = admin.tenant(&state, &request.tenant_id).await?;
    let allow = state.settings().sso_allow_private_fetch;
    Error::check_fields(request.validate(allow))?;
    let mut settings = request.settings.clone();
    check_roles(&state, &admin, &settings.role_mappings, &[]).await?;
    if !settings.issuer.is_empty()
        && (settings.auth_url.is_empty() || settings.token_url.is_empty())
    {
        let found = discovery(&state, &settings.issuer, "settings.issuer").await?;
        let fill = |target: &mut String, value: String| {
            if target.is_empty() {
                *target = value;
            }
        };
        fill(&mut settings.auth_url, found.auth_url);
        fill(&mut settings.token_url, found.token_url);
        fill(&mut settings.user_data_url, found.user_data_url);
        fill(&mut settings.jwks_url, found.jwks_url);
    }
    if settings.scope.is_empty() {
        settings.scope = vec![
            "openid".to_owned(),
            "email".to_owned(),
            "profile".to_owned(),
        ];
    }
    let sealed_secret = if settings.client_secret.is_empty() {
        None
    } else {
        let secret = Secret::new(std::mem::take(&mut settings.client_secret));
        Some(
            crate::secrets::sealer(state.db(), state.settings().secret_key.as_ref())
                .await?
                .seal(&secret)?,
        )
    };
    let current = stored(&state, &admin.scope, &request.sso_id).await?;
    let change = SsoChange {
        configured: SsoAuthType::Oidc,
        saml: current.saml,
        oidc: settings,
        sealed_secret,
        domains: request.domains.clone(),
    };
    save(&state, &admin, &request.sso_id, change).await
}

/// `DELETE /v1/mgmt/sso/settings?tenantId=&ssoId=`.
async fn remove(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Query(query): Query<SsoSettingsQuery>,
) -> Result<Json<Value>> {
    let admin = admin.tenant(&state, &query.tenant_id).await?;
    state
        .db()
        .delete_sso_config(&admin.actor, &admin.scope, &query.sso_id, state.now_ms())
        .await?;
    Ok(Json(json!({})))
}

/// `POST /v1/mgmt/sso/settings/authtype` `{tenantId, ssoId?, authType}`: enables the configured
/// protocol, or disables sign-in with `none`.
async fn set_auth_type(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<AuthTypeRequest>,
) -> Result<Json<Value>> {
    let admin = admin.tenant(&state, &request.tenant_id).await?;
    state
        .db()
        .set_sso_auth_type(
            &admin.actor,
            &admin.scope,
            &request.sso_id,
            request.auth_type,
            state.now_ms(),
        )
        .await?;
    Ok(Json(json!({})))
}

/// Ours: `POST /tk/v1/sso/saml/metadata/fetch` `{tenantId, url}` -> what the metadata says, so
/// the wizard can show the certificate before saving.
async fn fetch_metadata(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<FetchMetadataRequest>,
) -> Result<Json<IdpMetadata>> {
    admin.tenant(&state, &request.tenant_id).await?;
    Ok(Json(idp_metadata(&state, &request.url, "url").await?))
}

/// Ours: `POST /tk/v1/sso/saml/metadata/read` `{tenantId, xml}` -> what metadata XML pasted or
/// uploaded in the wizard says, read by the parser that reads it again on save (the widget
/// carries no XML parser of its own).
async fn read_metadata(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<ReadMetadataRequest>,
) -> Result<Json<IdpMetadata>> {
    admin.tenant(&state, &request.tenant_id).await?;
    Ok(Json(parsed_metadata(&state, &request.xml, "xml")?))
}

/// Ours: `POST /tk/v1/sso/oidc/discover` `{tenantId, issuer}` -> the issuer's endpoints.
async fn discover(
    State(state): State<AppState>,
    admin: SsoAdmin,
    Json(request): Json<DiscoverOidcRequest>,
) -> Result<Json<OidcDiscovery>> {
    admin.tenant(&state, &request.tenant_id).await?;
    Ok(Json(discovery(&state, &request.issuer, "issuer").await?))
}

/// Escapes text for an XML attribute value.
fn xml_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `GET /tk/v1/sso/saml/sp-metadata?tenantId=&ssoId=`: our SAML 2.0 SP metadata for one
/// configuration, public so the IdP can fetch it; 404 for a configuration that does not exist.
async fn sp_metadata_document(
    State(state): State<AppState>,
    Query(query): Query<SsoSettingsQuery>,
) -> Result<impl IntoResponse> {
    sso::sso_id(&query.sso_id).map_err(field("ssoId"))?;
    if !state
        .db()
        .sso_config_exists(&query.tenant_id, &query.sso_id)
        .await?
    {
        return Err(Error::NotFound("No such SSO configuration".to_owned()));
    }
    let sp = sp_values(&state, &query.tenant_id, &query.sso_id);
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{entity}">
  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{acs}" index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
"#,
        entity = xml_attribute(&sp.entity_id),
        acs = xml_attribute(&sp.acs_url),
    );
    Ok(([(CONTENT_TYPE, SAML_METADATA)], document))
}
