//! The tenant profile's requests, through the typed client in widget mode: loading every part
//! at once, and each change a section makes.

use crate::list::{LoadError, SearchTarget};
use crate::profile::state::Profile;
use tenantkit_client::ApiError;
use tenantkit_wire::domain::{TenantDomain, TenantDomainRequest};
use tenantkit_wire::policy::{PasswordSettings, TenantSettings};
use tenantkit_wire::tenant::{Tenant, TenantRequest};

/// Loads the tenant with its attribute definitions, session settings, password policy, domains
/// and SSO connections, in one request. The domains and connections are refused (403) to an
/// admin without `SSO Admin`: those two sections say so, the rest shows.
pub async fn load(target: &SearchTarget) -> Result<Profile, ApiError> {
    let answer = target
        .client()
        .tenant_profile(target.tenant.as_str())
        .await?;
    let refused = LoadError::from(&ApiError::Http {
        status: 403,
        body: answer.sso_refused.unwrap_or_default(),
    });
    Ok(Profile {
        domains: answer.domains.ok_or_else(|| refused.clone()),
        connections: answer.sso_settings.ok_or(refused),
        tenant: answer.tenant,
        definitions: answer.attributes,
        settings: Ok(answer.settings),
        password: Ok(answer.password_settings),
    })
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
