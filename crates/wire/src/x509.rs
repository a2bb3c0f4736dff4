//! Reads what an admin needs to know about an identity provider's X.509 certificate (subject,
//! issuer, SHA-256 fingerprint, validity) from PEM or bare base64, in the browser before saving
//! and in the server before storing. It does not verify signatures: SAML responses are verified
//! against the certificate, not the certificate against a CA.
//!
//! The reader walks the DER structure of RFC 5280 only as far as the subject, bounds-checking
//! every length, so any input gives either the facts or a sentence saying what is wrong.

use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What a certificate says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CertificateInfo {
    /// Subject distinguished name, such as `CN=idp.example.com, O=Example`.
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// SHA-256 of the DER, as colon-separated upper-case hex (what IdP consoles show).
    pub fingerprint_sha256: String,
    /// Valid from, epoch seconds.
    pub not_before: i64,
    /// Valid until, epoch seconds.
    pub not_after: i64,
}

impl CertificateInfo {
    /// Whether the certificate has expired at `now` (epoch seconds).
    pub fn expired_at(&self, now: i64) -> bool {
        now > self.not_after
    }

    /// Whole days until expiry at `now` (negative once expired).
    pub fn days_left(&self, now: i64) -> i64 {
        (self.not_after - now).div_euclid(86_400)
    }
}

/// A parsed certificate: its facts and its DER bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// What it says.
    pub info: CertificateInfo,
    /// The DER encoding.
    pub der: Vec<u8>,
}

impl Certificate {
    /// Bare base64 of the DER (no header lines), the form SAML metadata and our API store.
    pub fn base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.der)
    }
}

/// Parses a certificate given as PEM (`-----BEGIN CERTIFICATE-----` ...) or as bare base64 of
/// the DER, with any whitespace.
pub fn parse_certificate(text: &str) -> Result<Certificate, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("A certificate is required".to_owned());
    }
    let body = if text.contains("-----BEGIN") {
        let start = text
            .find("-----BEGIN CERTIFICATE-----")
            .ok_or("The PEM block is not a certificate (expected BEGIN CERTIFICATE)")?;
        let rest = &text[start + "-----BEGIN CERTIFICATE-----".len()..];
        let end = rest
            .find("-----END CERTIFICATE-----")
            .ok_or("The PEM block has no END CERTIFICATE line")?;
        &rest[..end]
    } else {
        text
    };
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| "The certificate is neither PEM nor base64".to_owned())?;
    let info = read_info(&der)
        .ok_or("The certificate could not be read as X.509 (DER structure is malformed)")?;
    let fingerprint_sha256 = Sha256::digest(&der)
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    Ok(Certificate {
        info: CertificateInfo {
            fingerprint_sha256,
            ..info
        },
        der,
    })
}

/// One DER element: tag, contents, and what follows it.
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let length = rest[..count]
            .iter()
            .fold(0usize, |length, byte| (length << 8) | usize::from(*byte));
        (length, &rest[count..])
    };
    if rest.len() < length {
        return None;
    }
    Some((tag, &rest[..length], &rest[length..]))
}

/// The contents of an element with tag `expected`, and what follows it.
fn expect(input: &[u8], expected: u8) -> Option<(&[u8], &[u8])> {
    let (tag, contents, rest) = element(input)?;
    (tag == expected).then_some((contents, rest))
}

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;

fn read_info(der: &[u8]) -> Option<CertificateInfo> {
    let (certificate, _) = expect(der, SEQUENCE)?;
    let (tbs, _) = expect(certificate, SEQUENCE)?;
    // [0] EXPLICIT version, optional.
    let tbs = match element(tbs)? {
        (0xa0, _, rest) => rest,
        _ => tbs,
    };
    let (_serial, tbs) = expect(tbs, 0x02)?;
    let (_signature, tbs) = expect(tbs, SEQUENCE)?;
    let (issuer, tbs) = expect(tbs, SEQUENCE)?;
    let (validity, tbs) = expect(tbs, SEQUENCE)?;
    let (subject, _) = expect(tbs, SEQUENCE)?;
    let (not_before, validity) = time(validity)?;
    let (not_after, _) = time(validity)?;
    Some(CertificateInfo {
        subject: name(subject)?,
        issuer: name(issuer)?,
        fingerprint_sha256: String::new(),
        not_before,
        not_after,
    })
}

/// A UTCTime or GeneralizedTime (`...Z`) as epoch seconds.
fn time(input: &[u8]) -> Option<(i64, &[u8])> {
    let (tag, contents, rest) = element(input)?;
    let text = std::str::from_utf8(contents).ok()?;
    let digits = text.strip_suffix('Z')?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| digits.get(range)?.parse::<i64>().ok();
    let (year, offset) = match (tag, digits.len()) {
        (0x17, 12) => {
            let year = number(0..2)?;
            (if year >= 50 { 1900 + year } else { 2000 + year }, 2)
        }
        (0x18, 14) => (number(0..4)?, 4),
        _ => return None,
    };
    let month = number(offset..offset + 2)?;
    let day = number(offset + 2..offset + 4)?;
    let hour = number(offset + 4..offset + 6)?;
    let minute = number(offset + 6..offset + 8)?;
    let second = number(offset + 8..offset + 10)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let days = crate::calendar::days_from_civil(year, month, day);
    Some((days * 86_400 + hour * 3600 + minute * 60 + second, rest))
}

/// A distinguished name as `CN=..., O=...` in certificate order.
fn name(mut input: &[u8]) -> Option<String> {
    let mut parts = Vec::new();
    while !input.is_empty() {
        let (mut set, rest) = expect(input, SET)?;
        input = rest;
        while !set.is_empty() {
            let (pair, rest) = expect(set, SEQUENCE)?;
            set = rest;
            let (oid, pair) = expect(pair, 0x06)?;
            let (tag, value, _) = element(pair)?;
            let value = match tag {
                // BMPString: UTF-16 big-endian.
                0x1e => String::from_utf16(
                    &value
                        .chunks(2)
                        .map(|pair| u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]))
                        .collect::<Vec<_>>(),
                )
                .ok()?,
                _ => String::from_utf8_lossy(value).into_owned(),
            };
            parts.push(format!("{}={value}", attribute_name(oid)));
        }
    }
    Some(parts.join(", "))
}

/// The short name of a distinguished-name attribute, or its dotted OID.
fn attribute_name(oid: &[u8]) -> String {
    match oid {
        [0x55, 0x04, 0x03] => "CN".to_owned(),
        [0x55, 0x04, 0x06] => "C".to_owned(),
        [0x55, 0x04, 0x07] => "L".to_owned(),
        [0x55, 0x04, 0x08] => "ST".to_owned(),
        [0x55, 0x04, 0x0a] => "O".to_owned(),
        [0x55, 0x04, 0x0b] => "OU".to_owned(),
        [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01] => "emailAddress".to_owned(),
        _ => dotted(oid),
    }
}

fn dotted(oid: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut value: u64 = 0;
    for byte in oid {
        value = (value << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (value / 40).min(2);
                arcs.push(first);
                arcs.push(value - first * 40);
            } else {
                arcs.push(value);
            }
            value = 0;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_refused_with_a_sentence() {
        assert!(parse_certificate("").is_err());
        assert!(parse_certificate("not base64 !!").is_err());
        assert!(parse_certificate("AAAA").is_err());
        assert!(
            parse_certificate("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
                .is_err()
        );
        // Truncated DER: a SEQUENCE claiming more bytes than there are.
        assert!(parse_certificate("MIIBAAA=").is_err());
    }

    #[test]
    fn dotted_oids() {
        assert_eq!(dotted(&[0x55, 0x04, 0x03]), "2.5.4.3");
        assert_eq!(
            dotted(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01]),
            "1.2.840.113549.1.9.1"
        );
    }
}
