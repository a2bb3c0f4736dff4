//! A tenant's policy on the wire: its session settings (wire contract: `tenant/settings`) and its
//! password policy (`password/settings`), with the rules both sides check. The browser form and
//! the server run the same [`TenantSettings::validate`], [`PasswordSettings::validate`] and
//! [`PasswordSettings::check`].

use crate::FieldError;
use crate::validate::{MAX_PASSWORD_LEN, MIN_PASSWORD_LEN};
use serde::{Deserialize, Serialize};

/// The unit of a token lifetime or of the inactivity timeout (Descope's spelling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// Minutes.
    #[default]
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// Weeks.
    Weeks,
}

impl TimeUnit {
    /// Every unit, shortest first.
    pub const ALL: [Self; 4] = [Self::Minutes, Self::Hours, Self::Days, Self::Weeks];

    /// Seconds in one unit.
    pub fn seconds(self) -> i64 {
        match self {
            Self::Minutes => 60,
            Self::Hours => 3_600,
            Self::Days => 86_400,
            Self::Weeks => 604_800,
        }
    }

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Minutes => "minutes",
            Self::Hours => "hours",
            Self::Days => "days",
            Self::Weeks => "weeks",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|unit| unit.as_str() == value)
    }
}

/// The shortest session token lifetime a tenant may set, in seconds (3 minutes).
pub const MIN_SESSION_SECS: i64 = 180;
/// The longest session token lifetime a tenant may set, in seconds (1 day).
pub const MAX_SESSION_SECS: i64 = 86_400;
/// The longest refresh token lifetime a tenant may set, in seconds (180 days).
pub const MAX_REFRESH_SECS: i64 = 180 * 86_400;
/// The shortest inactivity timeout, in seconds (10 minutes).
pub const MIN_INACTIVITY_SECS: i64 = 600;

/// `GET|POST /v1/mgmt/tenant/settings`: a tenant's settings in Descope's shape. When `enabled`,
/// the tenant's own token lifetimes and inactivity timeout apply to sign-ins into it instead of
/// the server's; otherwise the lifetimes are kept but unused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct TenantSettings {
    /// Which tenant (the POST body, as Descope's node SDK sends it).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tenant_id: String,
    /// Which tenant, as older clients name it (`tenantId` wins).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Email domains whose users join the tenant by themselves (the tenant's own list).
    pub self_provisioning_domains: Vec<String>,
    /// The tenant's SSO domains (read only: set with the SSO configuration).
    pub domains: Vec<String>,
    /// `none`, `saml` or `oidc` (read only: set with the SSO configuration).
    pub auth_type: String,
    /// The tenant's own session settings apply.
    pub enabled: bool,
    /// Session token lifetime, in `session_token_expiration_unit`.
    pub session_token_expiration: u32,
    /// Its unit.
    pub session_token_expiration_unit: TimeUnit,
    /// Refresh token lifetime, in `refresh_token_expiration_unit`.
    pub refresh_token_expiration: u32,
    /// Its unit.
    pub refresh_token_expiration_unit: TimeUnit,
    /// Step-up token lifetime (stored; this server issues no step-up tokens).
    pub stepup_token_expiration: u32,
    /// Its unit.
    pub stepup_token_expiration_unit: TimeUnit,
    /// A session ends after `inactivity_time` without a refresh.
    pub enable_inactivity: bool,
    /// The inactivity timeout, in `inactivity_time_unit` (Descope's capitalised spelling).
    #[serde(rename = "InactivityTime")]
    pub inactivity_time: u32,
    /// Its unit.
    #[serde(rename = "InactivityTimeUnit")]
    pub inactivity_time_unit: TimeUnit,
    /// Just-in-time provisioning through SSO is off.
    #[serde(rename = "JITDisabled")]
    pub jit_disabled: bool,
}

/// The token lifetimes that apply to a sign-in into a tenant, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Session token lifetime.
    pub session_secs: i64,
    /// Refresh token lifetime.
    pub refresh_secs: i64,
    /// Inactivity timeout, when on.
    pub inactivity_secs: Option<i64>,
}

impl SessionPolicy {
    /// The stricter of two policies: the shorter of each lifetime and timeout.
    pub fn strictest(self, other: Self) -> Self {
        Self {
            session_secs: self.session_secs.min(other.session_secs),
            refresh_secs: self.refresh_secs.min(other.refresh_secs),
            inactivity_secs: match (self.inactivity_secs, other.inactivity_secs) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

impl TenantSettings {
    /// The tenant the request names (`tenantId`, else `id`).
    pub fn requested_tenant(&self) -> &str {
        if self.tenant_id.is_empty() {
            &self.id
        } else {
            &self.tenant_id
        }
    }

    /// Session token lifetime in seconds.
    pub fn session_secs(&self) -> i64 {
        i64::from(self.session_token_expiration) * self.session_token_expiration_unit.seconds()
    }

    /// Refresh token lifetime in seconds.
    pub fn refresh_secs(&self) -> i64 {
        i64::from(self.refresh_token_expiration) * self.refresh_token_expiration_unit.seconds()
    }

    /// Inactivity timeout in seconds.
    pub fn inactivity_secs(&self) -> i64 {
        i64::from(self.inactivity_time) * self.inactivity_time_unit.seconds()
    }

    /// The lifetimes this tenant imposes, when its session settings are enabled.
    pub fn session_policy(&self) -> Option<SessionPolicy> {
        self.enabled.then(|| SessionPolicy {
            session_secs: self.session_secs(),
            refresh_secs: self.refresh_secs(),
            inactivity_secs: self.enable_inactivity.then(|| self.inactivity_secs()),
        })
    }

    /// Every field error; empty when valid. Lifetimes are checked only when the settings are
    /// enabled (disabled settings may stay zero).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for value in &self.self_provisioning_domains {
            if let Err(message) = crate::tenant::domain(value) {
                errors.push(FieldError {
                    field: "selfProvisioningDomains",
                    message,
                });
            }
        }
        if !self.enabled {
            return errors;
        }
        let session = self.session_secs();
        if !(MIN_SESSION_SECS..=MAX_SESSION_SECS).contains(&session) {
            errors.push(FieldError {
                field: "sessionTokenExpiration",
                message: "A session token lasts from 3 minutes to 1 day".to_owned(),
            });
        }
        let refresh = self.refresh_secs();
        if refresh < session || refresh > MAX_REFRESH_SECS {
            errors.push(FieldError {
                field: "refreshTokenExpiration",
                message: "A refresh token lasts at least as long as a session token and at most \
                          180 days"
                    .to_owned(),
            });
        }
        if self.enable_inactivity {
            let inactivity = self.inactivity_secs();
            if inactivity < MIN_INACTIVITY_SECS || inactivity > refresh {
                errors.push(FieldError {
                    field: "InactivityTime",
                    message: "The inactivity timeout is at least 10 minutes and at most the \
                              refresh token's lifetime"
                        .to_owned(),
                });
            }
        }
        errors
    }
}

/// `GET|POST /v1/mgmt/password/settings`: a password policy in Descope's shape, the project's
/// (no `tenantId`) or a tenant's. A tenant's policy applies to its members when `enabled`; a
/// member of several tenants meets the strictest combination ([`PasswordSettings::strictest`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct PasswordSettings {
    /// Whose policy: a tenant id, or empty for the project's.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub tenant_id: String,
    /// The policy applies.
    pub enabled: bool,
    /// Fewest characters.
    pub min_length: u32,
    /// Needs a lowercase letter.
    pub lowercase: bool,
    /// Needs an uppercase letter.
    pub uppercase: bool,
    /// Needs a digit.
    pub number: bool,
    /// Needs a character that is neither letter nor digit (Descope's SDKs spell it
    /// `nonAlphanumeric`; the contract's `nonAlphaNumeric` is read too).
    #[serde(rename = "nonAlphanumeric", alias = "nonAlphaNumeric")]
    pub non_alphanumeric: bool,
    /// Passwords expire.
    pub expiration: bool,
    /// After this many weeks.
    pub expiration_weeks: u32,
    /// The last passwords may not be reused.
    pub reuse: bool,
    /// How many of the last passwords.
    pub reuse_amount: u32,
    /// Accounts lock after failed sign-ins.
    pub lock: bool,
    /// After this many failures in a row.
    pub lock_attempts: u32,
}

/// The most previous passwords a policy may remember.
pub const MAX_REUSE_AMOUNT: u32 = 24;
/// The most weeks a password may be valid for.
pub const MAX_EXPIRATION_WEEKS: u32 = 520;
/// The most failed sign-ins a lock may wait for.
pub const MAX_LOCK_ATTEMPTS: u32 = 100;

/// A password rule a password broke, named in the error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRule {
    /// Too short.
    MinLength(u32),
    /// Too long (the server's limit).
    MaxLength,
    /// No lowercase letter.
    Lowercase,
    /// No uppercase letter.
    Uppercase,
    /// No digit.
    Number,
    /// Only letters and digits.
    NonAlphanumeric,
    /// One of the last N passwords.
    Reuse(u32),
}

impl PasswordRule {
    /// The rule as the wire names it (`minLength`, `uppercase`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::MinLength(_) => "minLength",
            Self::MaxLength => "maxLength",
            Self::Lowercase => "lowercase",
            Self::Uppercase => "uppercase",
            Self::Number => "number",
            Self::NonAlphanumeric => "nonAlphanumeric",
            Self::Reuse(_) => "reuse",
        }
    }

    /// A sentence naming the rule, for the error and the form.
    pub fn message(self) -> String {
        match self {
            Self::MinLength(n) => format!("The password needs at least {n} characters (minLength)"),
            Self::MaxLength => format!("The password has at most {MAX_PASSWORD_LEN} characters"),
            Self::Lowercase => "The password needs a lowercase letter (lowercase)".to_owned(),
            Self::Uppercase => "The password needs an uppercase letter (uppercase)".to_owned(),
            Self::Number => "The password needs a digit (number)".to_owned(),
            Self::NonAlphanumeric => {
                "The password needs a character that is not a letter or digit (nonAlphanumeric)"
                    .to_owned()
            }
            Self::Reuse(n) => {
                format!("The password may not be one of the last {n} passwords (reuse)")
            }
        }
    }
}

impl PasswordSettings {
    /// The policy that applies when no tenant sets one: the server's length rule only.
    pub fn baseline() -> Self {
        Self {
            enabled: true,
            min_length: MIN_PASSWORD_LEN as u32,
            ..Self::default()
        }
    }

    /// Each character rule `password` breaks, in the order of the form (the length first).
    /// Reuse is the server's to check against the history.
    pub fn broken_rules(&self, password: &str) -> Vec<PasswordRule> {
        let mut broken = Vec::new();
        let length = password.chars().count();
        let min = if self.enabled {
            (self.min_length as usize).max(MIN_PASSWORD_LEN)
        } else {
            MIN_PASSWORD_LEN
        };
        if length < min {
            broken.push(PasswordRule::MinLength(min as u32));
        }
        if length > MAX_PASSWORD_LEN {
            broken.push(PasswordRule::MaxLength);
        }
        if !self.enabled {
            return broken;
        }
        let has = |test: fn(char) -> bool| password.chars().any(test);
        if self.lowercase && !has(char::is_lowercase) {
            broken.push(PasswordRule::Lowercase);
        }
        if self.uppercase && !has(char::is_uppercase) {
            broken.push(PasswordRule::Uppercase);
        }
        if self.number && !has(|c| c.is_ascii_digit()) {
            broken.push(PasswordRule::Number);
        }
        if self.non_alphanumeric && !has(|c| !c.is_alphanumeric()) {
            broken.push(PasswordRule::NonAlphanumeric);
        }
        broken
    }

    /// The first rule `password` breaks, if any.
    pub fn check(&self, password: &str) -> Result<(), PasswordRule> {
        match self.broken_rules(password).first() {
            Some(rule) => Err(*rule),
            None => Ok(()),
        }
    }

    /// How many previous passwords may not be reused (0: none).
    pub fn reuse_count(&self) -> u32 {
        if self.enabled && self.reuse {
            self.reuse_amount
        } else {
            0
        }
    }

    /// Seconds a password stays valid, when passwords expire.
    pub fn expires_after_secs(&self) -> Option<i64> {
        (self.enabled && self.expiration)
            .then(|| i64::from(self.expiration_weeks) * crate::policy::TimeUnit::Weeks.seconds())
    }

    /// Failed sign-ins in a row that lock the account, when locking is on.
    pub fn lock_after(&self) -> Option<u32> {
        (self.enabled && self.lock).then_some(self.lock_attempts)
    }

    /// The strictest combination of two enabled policies (a member of several tenants meets
    /// all of them); a disabled policy adds nothing.
    pub fn strictest(&self, other: &Self) -> Self {
        match (self.enabled, other.enabled) {
            (_, false) => Self {
                tenant_id: String::new(),
                ..self.clone()
            },
            (false, true) => Self {
                tenant_id: String::new(),
                ..other.clone()
            },
            (true, true) => Self {
                tenant_id: String::new(),
                enabled: true,
                min_length: self.min_length.max(other.min_length),
                lowercase: self.lowercase || other.lowercase,
                uppercase: self.uppercase || other.uppercase,
                number: self.number || other.number,
                non_alphanumeric: self.non_alphanumeric || other.non_alphanumeric,
                expiration: self.expiration || other.expiration,
                expiration_weeks: shortest(
                    self.expiration.then_some(self.expiration_weeks),
                    other.expiration.then_some(other.expiration_weeks),
                ),
                reuse: self.reuse || other.reuse,
                reuse_amount: self.reuse_count().max(other.reuse_count()),
                lock: self.lock || other.lock,
                lock_attempts: shortest(
                    self.lock.then_some(self.lock_attempts),
                    other.lock.then_some(other.lock_attempts),
                ),
            },
        }
    }

    /// Every field error; empty when valid. The numbers are checked only for the rules that
    /// are on.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let min = MIN_PASSWORD_LEN as u32;
        let max = MAX_PASSWORD_LEN as u32;
        if self.enabled && !(min..=max).contains(&self.min_length) {
            errors.push(FieldError {
                field: "minLength",
                message: format!("The minimum length is from {min} to {max} characters"),
            });
        }
        if self.expiration && !(1..=MAX_EXPIRATION_WEEKS).contains(&self.expiration_weeks) {
            errors.push(FieldError {
                field: "expirationWeeks",
                message: format!("Passwords expire after 1 to {MAX_EXPIRATION_WEEKS} weeks"),
            });
        }
        if self.reuse && !(1..=MAX_REUSE_AMOUNT).contains(&self.reuse_amount) {
            errors.push(FieldError {
                field: "reuseAmount",
                message: format!("Remember 1 to {MAX_REUSE_AMOUNT} previous passwords"),
            });
        }
        if self.lock && !(1..=MAX_LOCK_ATTEMPTS).contains(&self.lock_attempts) {
            errors.push(FieldError {
                field: "lockAttempts",
                message: format!("Lock after 1 to {MAX_LOCK_ATTEMPTS} failed sign-ins"),
            });
        }
        errors
    }
}

/// The smaller of two optional limits (one missing: the other).
fn shortest(a: Option<u32>, b: Option<u32>) -> u32 {
    match (a, b) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict() -> PasswordSettings {
        PasswordSettings {
            enabled: true,
            min_length: 12,
            lowercase: true,
            uppercase: true,
            number: true,
            non_alphanumeric: true,
            ..PasswordSettings::default()
        }
    }

    #[test]
    fn each_rule_names_itself() {
        let policy = strict();
        assert_eq!(policy.check("Sh0rt!"), Err(PasswordRule::MinLength(12)));
        assert_eq!(policy.check("ALLUPPER123!X"), Err(PasswordRule::Lowercase));
        assert_eq!(policy.check("alllower123!x"), Err(PasswordRule::Uppercase));
        assert_eq!(policy.check("NoDigitsHere!x"), Err(PasswordRule::Number));
        assert_eq!(
            policy.check("NoSymbols123xY"),
            Err(PasswordRule::NonAlphanumeric)
        );
        assert_eq!(policy.check("Correct-Horse-9"), Ok(()));
        assert!(PasswordRule::Uppercase.message().contains("(uppercase)"));
    }

    #[test]
    fn a_disabled_policy_keeps_only_the_server_length() {
        let mut policy = strict();
        policy.enabled = false;
        assert_eq!(policy.check("alllowercase"), Ok(()));
        assert_eq!(policy.check("short"), Err(PasswordRule::MinLength(8)));
    }

    #[test]
    fn strictest_takes_the_stronger_of_each_rule() {
        let a = PasswordSettings {
            enabled: true,
            min_length: 10,
            lock: true,
            lock_attempts: 5,
            ..PasswordSettings::default()
        };
        let b = PasswordSettings {
            enabled: true,
            min_length: 14,
            uppercase: true,
            lock: true,
            lock_attempts: 3,
            expiration: true,
            expiration_weeks: 12,
            ..PasswordSettings::default()
        };
        let both = a.strictest(&b);
        assert_eq!(both.min_length, 14);
        assert!(both.uppercase);
        assert_eq!(both.lock_after(), Some(3));
        assert_eq!(both.expires_after_secs(), Some(12 * 604_800));
        let disabled = PasswordSettings::default();
        assert_eq!(a.strictest(&disabled).min_length, 10);
        assert_eq!(disabled.strictest(&b).min_length, 14);
    }

    #[test]
    fn policy_numbers_are_checked_when_their_rule_is_on() {
        let mut policy = strict();
        policy.lock = true;
        policy.lock_attempts = 0;
        policy.reuse = true;
        policy.reuse_amount = 99;
        let fields: Vec<&str> = policy.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["reuseAmount", "lockAttempts"]);
        policy.min_length = 4;
        assert!(policy.validate().iter().any(|e| e.field == "minLength"));
    }

    #[test]
    fn session_settings_are_bounded_when_enabled() {
        let mut settings = TenantSettings {
            enabled: true,
            session_token_expiration: 1,
            session_token_expiration_unit: TimeUnit::Minutes,
            refresh_token_expiration: 30,
            refresh_token_expiration_unit: TimeUnit::Days,
            ..TenantSettings::default()
        };
        let fields: Vec<&str> = settings.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["sessionTokenExpiration"]);
        settings.session_token_expiration = 10;
        settings.enable_inactivity = true;
        settings.inactivity_time = 5;
        assert!(
            settings
                .validate()
                .iter()
                .any(|e| e.field == "InactivityTime")
        );
        settings.inactivity_time = 2;
        settings.inactivity_time_unit = TimeUnit::Hours;
        assert!(settings.validate().is_empty());
        assert_eq!(
            settings.session_policy(),
            Some(SessionPolicy {
                session_secs: 600,
                refresh_secs: 30 * 86_400,
                inactivity_secs: Some(7_200),
            })
        );
        settings.enabled = false;
        settings.session_token_expiration = 0;
        assert!(settings.validate().is_empty() && settings.session_policy().is_none());
    }

    #[test]
    fn descope_spellings_round_trip() {
        let settings: TenantSettings = serde_json::from_str(
            r#"{"tenantId":"t1","enabled":true,"sessionTokenExpiration":10,
                "sessionTokenExpirationUnit":"minutes","InactivityTime":3,
                "InactivityTimeUnit":"hours","JITDisabled":true}"#,
        )
        .unwrap_or_default();
        assert_eq!(settings.tenant_id, "t1");
        assert_eq!(settings.inactivity_time_unit, TimeUnit::Hours);
        assert!(settings.jit_disabled);
        let by_id: TenantSettings = serde_json::from_str(r#"{"id":"t2"}"#).unwrap_or_default();
        assert_eq!(by_id.requested_tenant(), "t2");
        let password: PasswordSettings =
            serde_json::from_str(r#"{"nonAlphaNumeric":true}"#).unwrap_or_default();
        assert!(password.non_alphanumeric);
        let json = serde_json::to_string(&password).unwrap_or_default();
        assert!(json.contains("\"nonAlphanumeric\":true"));
    }
}
