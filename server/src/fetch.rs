//! Fetches a document an admin points the server at (an IdP's SAML metadata, an OIDC discovery
//! document), guarded against server-side request forgery: the host is resolved first and every
//! address must be public (not loopback, private, link-local, shared, multicast or unspecified)
//! unless the server is configured to allow that (development and tests); the connection then
//! goes to exactly the addresses checked (no second DNS answer), redirects are not followed, and
//! the time and the size of the answer are bounded.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

/// How long a whole fetch (resolution, connection, answer) may take.
const TIMEOUT: Duration = Duration::from_secs(5);
/// The largest answer read.
pub const MAX_BYTES: usize = 1024 * 1024;

/// Why a fetch failed, as a sentence for the admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FetchError(pub String);

/// Whether `address` is on the public internet (the only addresses fetched by default).
pub fn is_public(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(address: Ipv4Addr) -> bool {
    let [a, b, ..] = address.octets();
    !(address.is_loopback()
        || address.is_private()
        || address.is_link_local()
        || address.is_unspecified()
        || address.is_broadcast()
        || address.is_multicast()
        || address.is_documentation()
        // 100.64.0.0/10: carrier-grade NAT, shared address space.
        || (a == 100 && (64..128).contains(&b))
        // 0.0.0.0/8 and 240.0.0.0/4 (reserved).
        || a == 0
        || a >= 240)
}

fn is_public_v6(address: Ipv6Addr) -> bool {
    let first = address.segments()[0];
    !(address.is_loopback()
        || address.is_unspecified()
        || address.is_multicast()
        // fc00::/7 unique local, fe80::/10 link-local, 2001:db8::/32 documentation.
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first == 0x2001 && address.segments()[1] == 0x0db8))
}

/// Fetches `url` (http or https) as text.
pub async fn fetch_text(url: &str, allow_private: bool) -> Result<String, FetchError> {
    match tokio::time::timeout(TIMEOUT, fetch(url, allow_private)).await {
        Ok(result) => result,
        Err(_) => Err(FetchError(format!(
            "{url} did not answer within {} seconds",
            TIMEOUT.as_secs()
        ))),
    }
}

/// Posts `form` (`application/x-www-form-urlencoded`) to `url` and answers the body as text,
/// under the same guard, limits and timeout as [`fetch_text`] (an OIDC token request).
pub async fn post_form(
    url: &str,
    form: &[(&str, &str)],
    allow_private: bool,
) -> Result<String, FetchError> {
    match tokio::time::timeout(TIMEOUT, request(url, Some(form), allow_private)).await {
        Ok(result) => result,
        Err(_) => Err(FetchError(format!(
            "{url} did not answer within {} seconds",
            TIMEOUT.as_secs()
        ))),
    }
}

async fn fetch(url: &str, allow_private: bool) -> Result<String, FetchError> {
    request(url, None, allow_private).await
}

async fn request(
    url: &str,
    form: Option<&[(&str, &str)]>,
    allow_private: bool,
) -> Result<String, FetchError> {
    let parsed =
        reqwest::Url::parse(url).map_err(|_| FetchError(format!("{url:?} is not a URL")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError(format!("{url:?} is not an http(s) URL")));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| FetchError(format!("{url:?} has no host")))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = parsed.port_or_known_default().unwrap_or(443);
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|_| FetchError(format!("The host {host} could not be resolved")))?
        .collect();
    if addresses.is_empty() {
        return Err(FetchError(format!("The host {host} could not be resolved")));
    }
    if !allow_private
        && let Some(refused) = addresses.iter().find(|address| !is_public(address.ip()))
    {
        return Err(FetchError(format!(
            "Refused to fetch {url}: {host} resolves to {}, which is not a public address",
            refused.ip()
        )));
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .resolve_to_addrs(&host, &addresses)
        .build()
        .map_err(|error| FetchError(format!("Could not fetch {url}: {error}")))?;
    let builder = match form {
        Some(form) => client.post(parsed).form(form),
        None => client.get(parsed),
    };
    let mut response = builder
        .send()
        .await
        .map_err(|error| FetchError(format!("Could not fetch {url}: {error}")))?;
    if !response.status().is_success() {
        return Err(FetchError(format!(
            "{url} answered {} (redirects are not followed)",
            response.status()
        )));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| FetchError(format!("Could not read {url}: {error}")))?
    {
        if body.len() + chunk.len() > MAX_BYTES {
            return Err(FetchError(format!(
                "{url} answered more than {} KiB",
                MAX_BYTES / 1024
            )));
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body).map_err(|_| FetchError(format!("{url} did not answer UTF-8 text")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
        ] {
            let address: IpAddr = private.parse().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
            assert!(!is_public(address), "{private} must not be public");
        }
        for public in ["93.184.216.34", "1.1.1.1", "2606:4700::1111"] {
            let address: IpAddr = public.parse().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
            assert!(is_public(address), "{public} is public");
        }
    }
}
