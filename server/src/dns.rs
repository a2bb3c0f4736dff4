//! Domain ownership checks: looks up the TXT record a tenant was asked to publish
//! (`_tenantkit.<domain>`, see [`tenantkit_wire::domain`]) with a maintained DNS stub resolver,
//! either the system's resolvers or the one the server is configured with
//! (`--dns-resolver`). The answer is read fresh for each check: a resolver is built per check,
//! so nothing is cached between an admin publishing the record and asking again.

use crate::error::{Error, Result};
use hickory_resolver::Resolver;
use hickory_resolver::config::{NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RData;
use std::net::SocketAddr;
use std::time::Duration;
use tenantkit_wire::domain::{RECORD_LABEL, RECORD_PREFIX};

/// How long one lookup may take before it counts as a failure.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// Checks that `domain` publishes the TXT record `tenantkit-verification=<token>` under
/// `_tenantkit.<domain>`. `Err(reason)` says in words what was found instead.
pub async fn check_domain_record(
    resolver: Option<SocketAddr>,
    domain: &str,
    token: &str,
) -> Result<std::result::Result<(), String>> {
    let name = format!("{RECORD_LABEL}.{domain}.");
    let expected = format!("{RECORD_PREFIX}{token}");
    let resolver = build(resolver)?;
    let lookup = tokio::time::timeout(LOOKUP_TIMEOUT, resolver.txt_lookup(name.as_str())).await;
    let answers = match lookup {
        Err(_) => {
            return Ok(Err(format!(
                "The DNS lookup of {name} timed out: try again in a minute"
            )));
        }
        Ok(Err(error)) if error.is_no_records_found() || error.is_nx_domain() => {
            return Ok(Err(format!(
                "No TXT record found at {name}: publish it at your DNS provider (changes can \
                 take a few minutes to appear)"
            )));
        }
        Ok(Err(error)) => {
            return Ok(Err(format!("The DNS lookup of {name} failed: {error}")));
        }
        Ok(Ok(lookup)) => lookup,
    };
    let values: Vec<String> = answers
        .answers()
        .iter()
        .filter_map(|record| match &record.data {
            RData::TXT(txt) => Some(
                txt.txt_data
                    .iter()
                    .map(|part| String::from_utf8_lossy(part))
                    .collect::<String>(),
            ),
            _ => None,
        })
        .collect();
    if values.iter().any(|value| value.trim() == expected) {
        Ok(Ok(()))
    } else {
        Ok(Err(format!(
            "The TXT record at {name} does not hold {expected} (found: {})",
            if values.is_empty() {
                "nothing".to_owned()
            } else {
                values.join(", ")
            }
        )))
    }
}

fn build(address: Option<SocketAddr>) -> Result<Resolver<TokioRuntimeProvider>> {
    let builder = match address {
        Some(address) => {
            let mut server = NameServerConfig::udp_and_tcp(address.ip());
            for connection in &mut server.connections {
                connection.port = address.port();
            }
            Resolver::builder_with_config(
                ResolverConfig::from_name_servers(vec![server]),
                TokioRuntimeProvider::default(),
            )
        }
        None => Resolver::builder_tokio().map_err(Error::internal)?,
    };
    builder.build().map_err(Error::internal)
}
