//! The tenant profile's requests, through the typed client in widget mode: loading every part
//! at once, and each change a section makes.

use crate::list::{LoadError, SearchTarget};
use crate::profile::state::Profile;
use futures_util::future::join5;
use tenantkit_client::ApiError;
use tenantkit_wire::domain::{TenantDomain, TenantDomainRequest};
use tenantkit_wire::policy::{PasswordSettings, TenantSettings};
use tenantkit_wire::tenant::{Tenant, TenantRequest};

/// Loads the tenant and, at the same time, its attribute definitions, session settings,
/// password policy, domains and SSO connections. Only the tenant is required; a 401 anywhere is
/// the session's end.
pub async fn load(target: &SearchTarget) -> Result<Profile, ApiError> {
    let client = target.client();
    let tenant = target.tenant.as_str();
    let (loaded, definitions, settings, password, (domains, connections)) = join5(
        client.load_tenant(tenant),
        client.tenant_attributes(),
        client.tenant_settings(tenant),
        client.password_settings(tenant),
        futures_util::future::join(
            client.tenant_domains(tenant),
            client.load_all_sso_settings(tenant),
        ),
    )
    .await;
    let tenant = loaded?;
    Ok(Profile {
        tenant,
        definitions: definitions.map(|d| d.data).unwrap_or_default(),
        settings: part(settings)?,
        password: part(password)?,
        domains: part(domains)?.map(|d| d.domains),
        connections: part(connections)?.map(|c| c.sso_settings),
    })
}

/// A part besides the tenant: its failure is the section's to show, unless the session ended.
fn part<T>(result: Result<T, ApiError>) -> Result<Result<T, LoadError>, ApiError> {
    match result {
        Err(error) if error.is_unauthorized() => Err(error),
        other => Ok(other.map_err(|error| LoadError::from(&error))),
    }
}

/// Saves the tenant's name, custom attributes and enforce-SSO switch; what a tenant admin may
/// not change (disabled, self-provisioning domains) is sent as it is.
pub async fn update_tenant(target: &SearchTarget, tenant: &Tenant) -> Result<(), ApiError> {
    let request = TenantRequest {
        id: tenant.id.as_str().to_owned(),
        name: tenant.name.clone(),
        self_provisioning_domains: tenant.self_provisioning_domains.clone(),
        custom_attributes: tenant.custom_attributes.clone(),
        enforce_sso: tenant.enforce_sso,
        disabled: tenant.disabled,
    };
    target.client().update_tenant(&request).await.map(drop)
}

/// Saves the session settings.
pub async fn save_settings(
    target: &SearchTarget,
    settings: &TenantSettings,
) -> Result<(), ApiError> {
    target
        .client()
        .set_tenant_settings(settings)
        .await
        .map(drop)
}

/// Saves the password policy.
pub async fn save_password(
    target: &SearchTarget,
    policy: &PasswordSettings,
) -> Result<(), ApiError> {
    target
        .client()
        .set_password_settings(policy)
        .await
        .map(drop)
}

fn domain_request(target: &SearchTarget, domain: &str) -> TenantDomainRequest {
    TenantDomainRequest {
        tenant_id: target.tenant.as_str().to_owned(),
        domain: domain.to_owned(),
    }
}

/// Adds a domain: pending, with the TXT record to publish.
pub async fn add_domain(target: &SearchTarget, domain: &str) -> Result<TenantDomain, ApiError> {
    let request = domain_request(target, domain);
    Ok(target.client().add_tenant_domain(&request).await?.domain)
}

/// Has the server look the domain's TXT record up now.
pub async fn verify_domain(target: &SearchTarget, domain: &str) -> Result<TenantDomain, ApiError> {
    let request = domain_request(target, domain);
    Ok(target.client().verify_tenant_domain(&request).await?.domain)
}

/// Removes a domain.
pub async fn remove_domain(target: &SearchTarget, domain: &str) -> Result<(), ApiError> {
    let request = domain_request(target, domain);
    target
        .client()
        .delete_tenant_domain(&request)
        .await
        .map(drop)
}
