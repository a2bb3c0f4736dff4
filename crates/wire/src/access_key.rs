//! Access keys on the wire (wire contract: Access keys, and the exchange under Auth), and the
//! permitted-address rules that the browser form and the server's exchange check alike.

use crate::{FieldError, SortField, TenantId, UserId};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// A key's stored status. "Expired" is not a status: it follows from `expireTime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum KeyStatus {
    /// Can be exchanged (unless expired or used from a refused address).
    #[default]
    Active,
    /// Refused at exchange until activated again.
    Inactive,
}

impl KeyStatus {
    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "active" => Some(Self::Active),
            "inactive" => Some(Self::Inactive),
            _ => None,
        }
    }
}

/// A tenant an access key works in, with its roles there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct KeyTenant {
    /// The tenant.
    pub tenant_id: TenantId,
    /// Its display name (answers only).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tenant_name: String,
    /// Roles in that tenant.
    pub role_names: Vec<String>,
}

/// An access key. The cleartext is never part of it: it exists only in the create and rotate
/// answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AccessKey {
    /// The key's id: not secret, and the cleartext starts with it (`tk_<id>_...`), so a leaked
    /// key can be found in the list.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Project-level roles; in widget mode the roles in the `?tenant=` tenant.
    pub role_names: Vec<String>,
    /// Tenants with roles.
    pub key_tenants: Vec<KeyTenant>,
    /// `active` or `inactive`.
    pub status: KeyStatus,
    /// Created, epoch seconds.
    pub created_time: i64,
    /// Expires at, epoch seconds; 0 = never.
    pub expire_time: i64,
    /// Who created it (user id, or `mgmt:<keyId>`).
    pub created_by: String,
    /// Login ids of the creator, when the creator is a user who still exists (ours, as the
    /// audit log's `actorExternalIds`): lets the key list name people rather than ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub created_by_external_ids: Vec<String>,
    /// The client id (the same as `id` here).
    pub client_id: String,
    /// The user the key acts for, if bound.
    pub bound_user_id: String,
    /// Addresses and CIDR ranges the key may be used from; empty = anywhere.
    pub permitted_ips: Vec<String>,
    /// Last successful exchange, epoch seconds; 0 = never used. Ours.
    pub last_used_time: i64,
    /// Client address of the last successful exchange. Ours.
    pub last_used_address: String,
    /// Widget mode: whether the caller may change it. Ours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editable: Option<bool>,
}

impl AccessKey {
    /// Expired at `now` (epoch seconds).
    pub fn is_expired(&self, now: i64) -> bool {
        self.expire_time > 0 && self.expire_time <= now
    }
}

/// `POST /v1/mgmt/accesskey/create`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CreateAccessKeyRequest {
    /// Name (required).
    pub name: String,
    /// Description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Expiry, epoch seconds; 0 = never.
    pub expire_time: i64,
    /// Project-level roles (management key); in widget mode roles in the `?tenant=` tenant.
    pub role_names: Vec<String>,
    /// Tenants with roles (management key; in widget mode only the `?tenant=` tenant).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub key_tenants: Vec<KeyTenant>,
    /// Bind the key to this user.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user_id: String,
    /// Addresses and CIDR ranges, IPv4 or IPv6; empty = anywhere.
    pub permitted_ips: Vec<String>,
    /// Extra claims for the key's JWTs (accepted for compatibility; not added to tokens yet).
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub custom_claims: serde_json::Map<String, serde_json::Value>,
}

/// `{cleartext, key}`: the create and rotate answers. The only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AccessKeySecretResponse {
    /// The whole key, to hand to the machine that will use it. Shown once.
    pub cleartext: crate::Secret,
    /// The key.
    pub key: AccessKey,
}

/// `{key}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AccessKeyResponse {
    /// The key.
    pub key: AccessKey,
}

/// `POST /v1/mgmt/accesskey/search`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AccessKeySearchRequest {
    /// Only keys of these tenants (widget mode: always the `?tenant=` tenant).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tenant_ids: Vec<TenantId>,
    /// Name, description or id containing this (any case).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Only these statuses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<KeyStatus>,
    /// Sort keys: `name`, `createdTime`, `expireTime`, `lastUsedTime`, `status`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sort: Vec<SortField>,
    /// Page size (0 = the default).
    pub limit: u32,
    /// Page, 0-based.
    pub page: u32,
}

/// `{keys, total}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AccessKeysResponse {
    /// One page of keys.
    pub keys: Vec<AccessKey>,
    /// Matching keys across all pages.
    pub total: u64,
}

/// `POST /v1/mgmt/accesskey/update`: the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateAccessKeyRequest {
    /// Which key.
    pub id: String,
    /// New name (required).
    pub name: String,
    /// New description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New roles (as at creation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_names: Option<Vec<String>>,
    /// New permitted addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permitted_ips: Option<Vec<String>>,
}

/// `{id}`: activate, deactivate, delete, rotate, load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AccessKeyIdRequest {
    /// Which key.
    pub id: String,
}

/// `{ids}`: the batch variants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct AccessKeyIdsRequest {
    /// Which keys.
    pub ids: Vec<String>,
}

/// `POST /v1/auth/accesskey/exchange` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ExchangeRequest {
    /// Options.
    pub login_options: ExchangeOptions,
}

/// Options of an exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ExchangeOptions {
    /// The tenant to make current (`dct`), one of the key's.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub selected_tenant: String,
    /// Accepted for compatibility; not added to the token yet.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub custom_claims: serde_json::Map<String, serde_json::Value>,
}

/// `POST /v1/auth/accesskey/exchange` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ExchangeResponse {
    /// The key's id.
    pub key_id: String,
    /// A short-lived session JWT with the key's grants.
    pub session_jwt: crate::Secret,
    /// When it expires, epoch seconds.
    pub expiration: i64,
}

/// A range of addresses a key may be used from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Parses `203.0.113.7`, `10.0.0.0/8`, `2001:db8::1` or `2001:db8::/32`. The network part
    /// must not have bits set past the prefix (`10.0.0.1/8` is refused: it is ambiguous).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr = address
            .parse()
            .map_err(|_| format!("{text:?} is not an IP address or CIDR range"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|prefix| *prefix <= max)
                .ok_or_else(|| format!("{text:?}: the prefix length must be 0 to {max}"))?,
        };
        let range = Self { network, prefix };
        if range.masked(network) != network {
            return Err(format!(
                "{text:?} has bits set past /{prefix}: did you mean {}/{prefix}?",
                range.masked(network)
            ));
        }
        Ok(range)
    }

    fn masked(&self, address: IpAddr) -> IpAddr {
        match address {
            IpAddr::V4(v4) => {
                let bits = u32::from(v4);
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                IpAddr::from((bits & mask).to_be_bytes())
            }
            IpAddr::V6(v6) => {
                let bits = u128::from(v6);
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                IpAddr::from((bits & mask).to_be_bytes())
            }
        }
    }

    /// Whether `address` is in the range (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        address.is_ipv4() == self.network.is_ipv4() && self.masked(address) == self.network
    }
}

/// Whether `address` may use a key permitted from `permitted` (empty = anywhere). Entries that
/// do not parse permit nothing.
pub fn address_permitted(permitted: &[String], address: Option<IpAddr>) -> bool {
    if permitted.is_empty() {
        return true;
    }
    let Some(address) = address else {
        return false;
    };
    permitted
        .iter()
        .filter_map(|entry| IpRange::parse(entry).ok())
        .any(|range| range.contains(address))
}

/// A key name: 1 to 100 characters, no control characters.
pub fn key_name(value: &str) -> Result<(), String> {
    crate::role::name(value)
}

/// Every field error of permitted addresses (`permittedIps`), at most 100 entries.
pub fn permitted_ips(entries: &[String]) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = entries
        .iter()
        .filter_map(|entry| IpRange::parse(entry).err())
        .map(|message| FieldError {
            field: "permittedIps",
            message,
        })
        .collect();
    if entries.len() > 100 {
        errors.push(FieldError {
            field: "permittedIps",
            message: "At most 100 addresses or ranges".to_owned(),
        });
    }
    errors
}

impl CreateAccessKeyRequest {
    /// Every field error at `now` (epoch seconds); empty when valid.
    pub fn validate(&self, now: i64) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Err(message) = key_name(&self.name) {
            errors.push(FieldError {
                field: "name",
                message,
            });
        }
        if let Err(message) = crate::role::description(&self.description) {
            errors.push(FieldError {
                field: "description",
                message,
            });
        }
        if self.expire_time < 0 || (self.expire_time > 0 && self.expire_time <= now) {
            errors.push(FieldError {
                field: "expireTime",
                message: "The expiry must be in the future (or 0 for never)".to_owned(),
            });
        }
        errors.extend(permitted_ips(&self.permitted_ips));
        errors
    }
}

impl UpdateAccessKeyRequest {
    /// Every field error of the fields given; empty when valid.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Err(message) = key_name(&self.name) {
            errors.push(FieldError {
                field: "name",
                message,
            });
        }
        if let Some(Err(message)) = self.description.as_deref().map(crate::role::description) {
            errors.push(FieldError {
                field: "description",
                message,
            });
        }
        if let Some(ips) = &self.permitted_ips {
            errors.extend(permitted_ips(ips));
        }
        errors
    }
}

/// A bound user, when the request names one.
pub fn bound_user(user_id: &str) -> Option<UserId> {
    (!user_id.trim().is_empty()).then(|| UserId::new(user_id.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn ranges_parse_and_match_v4_and_v6() {
        let office = IpRange::parse("203.0.113.0/24").ok();
        assert!(office.is_some_and(|r| r.contains(ip("203.0.113.77"))));
        assert!(office.is_some_and(|r| !r.contains(ip("203.0.114.1"))));
        assert!(
            office.is_some_and(|r| r.contains(ip("::ffff:203.0.113.5"))),
            "IPv4-mapped IPv6"
        );
        let v6 = IpRange::parse("2001:db8::/32");
        assert!(v6.is_ok_and(
            |range| range.contains(ip("2001:db8:1::9")) && !range.contains(ip("2001:db9::1"))
        ));
        assert!(IpRange::parse("198.51.100.7").is_ok_and(|r| r.contains(ip("198.51.100.7"))));
        assert!(
            IpRange::parse("0.0.0.0/0")
                .is_ok_and(|r| r.contains(ip("8.8.8.8")) && !r.contains(ip("::1")))
        );
        for bad in [
            "",
            "10.0.0.1/8",
            "10.0.0.0/33",
            "300.1.1.1",
            "2001:db8::/129",
            "host.example",
        ] {
            assert!(IpRange::parse(bad).is_err(), "{bad:?}");
        }
        assert!(IpRange::parse("10.0.0.1/8").is_err_and(|message| message.contains("10.0.0.0/8")));
    }

    #[test]
    fn permitted_addresses() {
        let permitted = vec!["10.0.0.0/8".to_owned(), "2001:db8::/32".to_owned()];
        assert!(address_permitted(&permitted, Some(ip("10.1.2.3"))));
        assert!(address_permitted(&permitted, Some(ip("2001:db8::5"))));
        assert!(!address_permitted(&permitted, Some(ip("127.0.0.1"))));
        assert!(!address_permitted(&permitted, None));
        assert!(address_permitted(&[], None), "no restriction");
    }

    #[test]
    fn create_requests_validate() {
        let request = CreateAccessKeyRequest {
            name: String::new(),
            expire_time: 10,
            permitted_ips: vec!["10.0.0.0/8".to_owned(), "nope".to_owned()],
            ..CreateAccessKeyRequest::default()
        };
        let fields: Vec<_> = request.validate(100).iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "expireTime", "permittedIps"]);
    }

    #[test]
    fn update_requests_validate_the_fields_given() {
        let request = UpdateAccessKeyRequest {
            id: "K1".to_owned(),
            name: "CI".to_owned(),
            ..UpdateAccessKeyRequest::default()
        };
        assert!(request.validate().is_empty());
        let request = UpdateAccessKeyRequest {
            name: " ".to_owned(),
            description: Some("x".repeat(501)),
            permitted_ips: Some(vec!["10.0.0.1/8".to_owned()]),
            ..request
        };
        let fields: Vec<_> = request.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "description", "permittedIps"]);
    }
}
