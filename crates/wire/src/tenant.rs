//! Tenants and the audit trail on the wire (wire contract: Tenants, Audit), plus our tenant
//! custom attribute definitions.

use crate::user_ops::CustomAttribute;
use crate::{FieldError, TenantId};
use serde::{Deserialize, Serialize};

/// A tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Tenant {
    /// Id.
    pub id: TenantId,
    /// Name, unique in the project.
    pub name: String,
    /// Email domains whose users join the tenant by themselves.
    pub self_provisioning_domains: Vec<String>,
    /// Custom attribute values.
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    /// Created, epoch seconds.
    pub created_time: i64,
    /// Users must sign in with SSO.
    #[serde(rename = "enforceSSO")]
    pub enforce_sso: bool,
    /// Disabled.
    pub disabled: bool,
    /// `none`, `saml` or `oidc`.
    pub auth_type: String,
    /// SSO domains (the tenant's SSO configurations' domains).
    pub domains: Vec<String>,
}

/// `POST /v1/mgmt/tenant/create` and `/update` (update: every field overrides).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TenantRequest {
    /// Id: generated at creation when empty; names the tenant at update.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Name (required).
    pub name: String,
    /// Self-provisioning domains.
    pub self_provisioning_domains: Vec<String>,
    /// Custom attribute values (checked against the tenant attribute definitions).
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
    /// Users must sign in with SSO.
    #[serde(rename = "enforceSSO")]
    pub enforce_sso: bool,
    /// Disabled.
    pub disabled: bool,
}

/// `{id}`: the create answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TenantIdResponse {
    /// The tenant's id.
    pub id: TenantId,
}

/// `POST /v1/mgmt/tenant/delete`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct DeleteTenantRequest {
    /// Which tenant.
    pub id: String,
    /// Also delete the users that belong to no other tenant.
    pub cascade: bool,
}

/// `{tenants}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TenantsResponse {
    /// The tenants.
    pub tenants: Vec<Tenant>,
}

/// `POST /v1/mgmt/tenant/search`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TenantSearchRequest {
    /// Any of these ids.
    pub tenant_ids: Vec<String>,
    /// Any of these names.
    pub tenant_names: Vec<String>,
    /// Any of these self-provisioning domains.
    pub tenant_self_provisioning_domains: Vec<String>,
    /// Custom attribute equality filters.
    pub custom_attributes: serde_json::Map<String, serde_json::Value>,
}

pub use crate::policy::TenantSettings;

/// `GET /tk/v1/tenant/customattributes` -> `{data}`; `POST .../create` `{attributes}`;
/// `POST .../delete` `{names}` (ours: the contract has no tenant attribute definitions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TenantAttributesResponse {
    /// The definitions.
    pub data: Vec<CustomAttribute>,
}

/// `POST /v1/mgmt/audit/search`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AuditSearchRequest {
    /// Events about any of these users.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub user_ids: Vec<String>,
    /// Any of these actions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    /// From, epoch milliseconds (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<i64>,
    /// To, epoch milliseconds (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<i64>,
    /// Any of these tenants (widget mode: always the `?tenant=` tenant).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tenants: Vec<String>,
    /// Action, actor, user (their ids or login ids), remote address or data containing this
    /// (any case).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Page size (Descope's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
    /// Page size (our client's name; `size` wins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Page, 0-based.
    pub page: u32,
}

/// One audit event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AuditRecord {
    /// The user the event is about.
    pub user_id: String,
    /// What happened.
    pub action: String,
    /// `info`, `warn` or `error`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Who did it.
    pub actor_id: String,
    /// When, epoch milliseconds, as a string (as the wire has it).
    pub occurred: String,
    /// The client address.
    pub remote_address: String,
    /// Login ids of the user the event is about, when that user still exists (Descope's name).
    pub external_ids: Vec<String>,
    /// Login ids of the actor, when the actor is a user who still exists (ours: Descope's
    /// records have no such field). Lets an audit log name people rather than ids.
    pub actor_external_ids: Vec<String>,
    /// The tenants it concerns.
    pub tenants: Vec<String>,
    /// Details.
    pub data: serde_json::Value,
}

/// `{audits, total}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AuditSearchResponse {
    /// One page of events, newest first.
    pub audits: Vec<AuditRecord>,
    /// Matching events across all pages, counted up to 10,000 (`user::TOTAL_CAP`): past it,
    /// 10,000 with `totalCapped`.
    pub total: u64,
    /// True when more events match than `total` says: the count stopped at 10,000 ("10,000+").
    /// Not part of Descope's format; absent when false.
    #[serde(skip_serializing_if = "crate::user::is_false")]
    pub total_capped: bool,
    /// A text of one or two characters was looked for among this many events only: the newest
    /// the other filters keep (10,000, `tenant::SHORT_TEXT_EVENTS`). Absent when every event the
    /// filters keep was searched. Not part of Descope's format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub searched_newest: Option<u64>,
}

/// How many of the newest events a text of one or two characters is looked for in: no index
/// holds pieces that short, so each event is checked, and a search reads no more than these.
pub const SHORT_TEXT_EVENTS: u64 = 10_000;

/// `POST /v1/mgmt/audit/event`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AuditEventRequest {
    /// The user it is about.
    pub user_id: String,
    /// What happened (required).
    pub action: String,
    /// `info`, `warn` or `error`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Who did it (required).
    pub actor_id: String,
    /// Details.
    pub data: serde_json::Value,
    /// The tenant it concerns (required).
    pub tenant_id: String,
}

/// A tenant id given by a client: letters, digits, `-` and `_`, 1 to 64 characters.
pub fn tenant_id(value: &str) -> Result<(), String> {
    if value.is_empty()
        || value.len() > 64
        || !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Err(format!(
            "{value:?} is not a valid tenant id: use 1 to 64 letters, digits, - or _"
        ))
    } else {
        Ok(())
    }
}

/// A domain such as `acme.com`: labels of letters, digits and `-`, at least one dot.
pub fn domain(value: &str) -> Result<(), String> {
    let ok = value.len() <= 253
        && value.contains('.')
        && value.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if ok {
        Ok(())
    } else {
        Err(format!("{value:?} is not a domain like example.com"))
    }
}

impl TenantRequest {
    /// Every field error; empty when valid.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !self.id.is_empty()
            && let Err(message) = tenant_id(&self.id)
        {
            errors.push(FieldError {
                field: "id",
                message,
            });
        }
        if let Err(message) = crate::role::name(&self.name) {
            errors.push(FieldError {
                field: "name",
                message,
            });
        }
        for value in &self.self_provisioning_domains {
            if let Err(message) = domain(value) {
                errors.push(FieldError {
                    field: "selfProvisioningDomains",
                    message,
                });
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_domains() {
        assert!(tenant_id("acme-2").is_ok());
        assert!(tenant_id("a b").is_err() && tenant_id("").is_err());
        assert!(domain("acme.com").is_ok() && domain("eu.acme.co.uk").is_ok());
        for bad in ["acme", "-acme.com", "acme..com", "ac me.com", "acme.com/"] {
            assert!(domain(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn enforce_sso_keeps_its_wire_spelling() {
        let tenant: Tenant =
            serde_json::from_str(r#"{"id":"t","name":"T","enforceSSO":true}"#).unwrap_or_default();
        assert!(tenant.enforce_sso);
        let json = serde_json::to_string(&tenant).unwrap_or_default();
        assert!(json.contains("\"enforceSSO\":true"));
    }
}
