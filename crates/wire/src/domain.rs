//! A tenant's email domains and their proof of ownership (ours: the contract has no such
//! routes). A tenant admin adds a domain, publishes the DNS TXT record the server names, and
//! asks the server to check it; only a verified domain routes SSO sign-ins and lets users join
//! the tenant by their email. A domain the product owner sets with the management key counts
//! as verified: they vouch for it.

use serde::{Deserialize, Serialize};

/// Where a domain stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum DomainStatus {
    /// Added; its record has not been found yet.
    #[default]
    Pending,
    /// Proven (or vouched for by the product owner).
    Verified,
    /// The last check did not find the record (see `error`).
    Failed,
}

/// One domain of a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TenantDomain {
    /// The domain, lowercase (`acme.com`).
    pub domain: String,
    /// Where it stands.
    pub status: DomainStatus,
    /// The DNS name of the TXT record to publish (`_tenantkit.acme.com`).
    pub record_name: String,
    /// The TXT record's value (`tenantkit-verification=...`).
    pub record_value: String,
    /// Set by the product owner with the management key (no record needed).
    pub vouched: bool,
    /// Added, epoch seconds.
    pub created_time: i64,
    /// Verified, epoch seconds (0: not verified).
    pub verified_time: i64,
    /// Last checked, epoch seconds (0: never).
    pub checked_time: i64,
    /// Why the last check failed, in words.
    pub error: String,
}

/// The label the TXT record goes under: `_tenantkit.<domain>`.
pub const RECORD_LABEL: &str = "_tenantkit";
/// The prefix of the TXT record's value.
pub const RECORD_PREFIX: &str = "tenantkit-verification=";

/// `GET /tk/v1/tenant/domains?tenantId=` -> `{domains}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TenantDomainsResponse {
    /// The tenant's domains, by name.
    pub domains: Vec<TenantDomain>,
}

/// `POST /tk/v1/tenant/domains/add|verify|delete` `{tenantId, domain}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TenantDomainRequest {
    /// Which tenant (in widget mode, empty means the `?tenant=` one).
    pub tenant_id: String,
    /// The domain.
    pub domain: String,
}

/// `{domain}`: the add and verify answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TenantDomainResponse {
    /// The domain as it now stands.
    pub domain: TenantDomain,
}

/// A domain as typed, normalised: trimmed, lowercase, no trailing dot; or why it is not one.
pub fn normalize(value: &str) -> Result<String, String> {
    let domain = value.trim().trim_end_matches('.').to_ascii_lowercase();
    crate::tenant::domain(&domain)?;
    Ok(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_normalised_or_refused() {
        assert_eq!(normalize(" Acme.COM. ").as_deref(), Ok("acme.com"));
        assert!(normalize("acme").is_err());
        assert!(normalize("ac me.com").is_err());
    }

    #[test]
    fn status_is_lowercase_on_the_wire() {
        let json = serde_json::to_string(&TenantDomain {
            status: DomainStatus::Verified,
            ..TenantDomain::default()
        })
        .unwrap_or_default();
        assert!(json.contains("\"status\":\"verified\""));
    }
}
