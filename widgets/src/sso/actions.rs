//! The changes an admin makes to the tenant's SSO configurations, and the server-side previews
//! (metadata URL fetch, metadata XML reading, OIDC discovery). Each is a request through the
//! typed client in widget mode; the wizard and the overview call these from callbacks.

use crate::list::SearchTarget;
use crate::sso::state::{Draft, SamlSource};
use tenantkit_client::ApiError;
use tenantkit_wire::sso::{
    AuthTypeRequest, DiscoverOidcRequest, FetchMetadataRequest, IdpMetadata, NewSsoRequest,
    OidcDiscovery, ReadMetadataRequest, SsoAuthType, SsoSettings,
};

/// Adds an (unconfigured) configuration named `display_name`; the server makes its id.
pub async fn create(target: &SearchTarget, display_name: &str) -> Result<SsoSettings, ApiError> {
    target
        .client()
        .new_sso_settings(&NewSsoRequest {
            tenant_id: target.tenant.clone(),
            sso_id: String::new(),
            display_name: display_name.trim().to_owned(),
        })
        .await
}

/// Saves the wizard's settings with the request its protocol and source call for, and returns
/// the configuration as the server now has it.
pub async fn save(target: &SearchTarget, draft: &Draft) -> Result<SsoSettings, ApiError> {
    let client = target.client();
    let tenant = &target.tenant;
    match (draft.provider.protocol(), draft.saml_source) {
        (SsoAuthType::Oidc, _) => client.configure_oidc(&draft.oidc_request(tenant)).await?,
        (_, SamlSource::MetadataUrl) => {
            client
                .configure_saml_by_metadata(&draft.metadata_request(tenant))
                .await?
        }
        _ => client.configure_saml(&draft.saml_request(tenant)).await?,
    };
    client
        .load_sso_settings(tenant.as_str(), &draft.sso_id)
        .await
}

/// Turns sign-in through `sso_id` on (`saml`/`oidc`) or off (`none`).
pub async fn set_auth_type(
    target: &SearchTarget,
    sso_id: &str,
    auth_type: SsoAuthType,
) -> Result<(), ApiError> {
    target
        .client()
        .set_sso_auth_type(&AuthTypeRequest {
            tenant_id: target.tenant.clone(),
            sso_id: sso_id.to_owned(),
            auth_type,
        })
        .await
        .map(drop)
}

/// Deletes the configuration `sso_id`.
pub async fn delete(target: &SearchTarget, sso_id: &str) -> Result<(), ApiError> {
    target
        .client()
        .delete_sso_settings(target.tenant.as_str(), sso_id)
        .await
        .map(drop)
}

/// Has the server fetch an IdP's metadata URL and say what it holds.
pub async fn fetch_metadata(target: &SearchTarget, url: &str) -> Result<IdpMetadata, ApiError> {
    target
        .client()
        .fetch_idp_metadata(&FetchMetadataRequest {
            tenant_id: target.tenant.clone(),
            url: url.trim().to_owned(),
        })
        .await
}

/// Has the server read metadata XML pasted or uploaded in the wizard.
pub async fn read_metadata(target: &SearchTarget, xml: &str) -> Result<IdpMetadata, ApiError> {
    target
        .client()
        .read_idp_metadata(&ReadMetadataRequest {
            tenant_id: target.tenant.clone(),
            xml: xml.to_owned(),
        })
        .await
}

/// Has the server read `<issuer>/.well-known/openid-configuration`.
pub async fn discover(target: &SearchTarget, issuer: &str) -> Result<OidcDiscovery, ApiError> {
    target
        .client()
        .discover_oidc(&DiscoverOidcRequest {
            tenant_id: target.tenant.clone(),
            issuer: issuer.trim().to_owned(),
        })
        .await
}
