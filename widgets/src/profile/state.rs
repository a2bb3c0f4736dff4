//! The tenant profile's data and pure logic, no DOM code: what was loaded ([`Profile`]), what the
//! signed-in admin may change ([`Access`]), the session and password forms' values and their
//! conversion to the wire types (checked with the wire crate's own `validate()`, as the server
//! checks them), and which form field a server refusal belongs to.

use crate::collections::VecMap;
use crate::list::LoadError;
use tenantkit_client::ApiError;
use tenantkit_wire::domain::{DomainStatus, TenantDomain};
use tenantkit_wire::policy::{PasswordSettings, TenantSettings, TimeUnit};
use tenantkit_wire::sso::{SsoAuthType, SsoConnection};
use tenantkit_wire::tenant::Tenant;
use tenantkit_wire::user_ops::CustomAttribute;
use tenantkit_wire::{ErrorCode, FieldError, PERMISSION_SSO_ADMIN, PERMISSION_USER_ADMIN, Secret};

/// Field errors by wire field name.
pub type Errors = VecMap<&'static str, String>;

/// Everything the profile shows. The tenant itself is required; each other part may be
/// unavailable on its own (a permission the admin lacks, a route an older server lacks), and its
/// section says so.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The tenant.
    pub tenant: Tenant,
    /// Its custom attribute definitions; empty when the server does not give them (each value
    /// then gets the input of its own type).
    pub definitions: Vec<CustomAttribute>,
    /// Session settings.
    pub settings: Result<TenantSettings, LoadError>,
    /// Password policy.
    pub password: Result<PasswordSettings, LoadError>,
    /// Domains.
    pub domains: Result<Vec<TenantDomain>, LoadError>,
    /// SSO connections.
    pub connections: Result<Vec<SsoConnection>, LoadError>,
}

/// The profile as remote data.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileState {
    /// Asked for, no answer yet.
    Loading,
    /// Loaded, for the page's `refresh` count it was asked for.
    Loaded(std::rc::Rc<Profile>, u64),
    /// The tenant could not be loaded.
    Failed(LoadError),
    /// The session was refused and no fresh token came.
    SessionExpired,
}

/// What the signed-in admin may change, from the permissions their session token lists for the
/// tenant. Only a hint for the screen: the server checks every change against the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// Holds `User Admin` in the tenant: name and custom attributes.
    pub user_admin: bool,
    /// Holds `SSO Admin` in the tenant: domains and enforce SSO.
    pub sso_admin: bool,
}

impl Access {
    /// Read from the (unverified) claims of `token` for `tenant`; a token the browser cannot
    /// read leaves every section open and the server decides.
    pub fn of(token: &Secret, tenant: &str) -> Self {
        let holds = |permission| crate::claims::holds(token, tenant, permission).unwrap_or(true);
        Self {
            user_admin: holds(PERMISSION_USER_ADMIN),
            sso_admin: holds(PERMISSION_SSO_ADMIN),
        }
    }

    /// Session settings and password policy need both.
    pub fn policy(self) -> bool {
        self.user_admin && self.sso_admin
    }
}

/// Where an SSO connection stands, as the enforce-SSO section shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionStatus {
    /// Sign-in through it is on.
    Enabled,
    /// Saved but off.
    Disabled,
    /// Nothing saved yet.
    NotConfigured,
}

impl ConnectionStatus {
    /// The status of `settings`.
    pub fn of(settings: &SsoConnection) -> Self {
        match (settings.configured, settings.auth_type) {
            (SsoAuthType::None, _) => Self::NotConfigured,
            (_, SsoAuthType::None) => Self::Disabled,
            _ => Self::Enabled,
        }
    }
}

/// Whether enforcing SSO is possible: some connection is enabled. The tenant's own `authType`
/// counts too when the connections could not be read.
pub fn has_enabled_connection(profile: &Profile) -> bool {
    match &profile.connections {
        Ok(connections) => connections
            .iter()
            .any(|c| ConnectionStatus::of(c) == ConnectionStatus::Enabled),
        Err(_) => !matches!(profile.tenant.auth_type.as_str(), "" | "none"),
    }
}

/// A domain status as the wire spells it (for events).
pub fn status_name(status: DomainStatus) -> &'static str {
    match status {
        DomainStatus::Pending => "pending",
        DomainStatus::Verified => "verified",
        DomainStatus::Failed => "failed",
    }
}

/// The session settings form as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionValues {
    /// The tenant's own settings apply.
    pub enabled: bool,
    /// Session token lifetime, as typed.
    pub session: String,
    /// Its unit.
    pub session_unit: TimeUnit,
    /// Refresh token lifetime, as typed.
    pub refresh: String,
    /// Its unit.
    pub refresh_unit: TimeUnit,
    /// The inactivity timeout is on.
    pub inactivity: bool,
    /// The timeout, as typed.
    pub inactivity_time: String,
    /// Its unit.
    pub inactivity_unit: TimeUnit,
}

impl SessionValues {
    /// The form for `settings`; zero lifetimes (never set) start from the server's defaults.
    pub fn of(settings: &TenantSettings) -> Self {
        let or = |value: u32, default: u32| if value == 0 { default } else { value };
        let (session_unit, refresh_unit) = if settings.session_token_expiration == 0 {
            (TimeUnit::Minutes, TimeUnit::Days)
        } else {
            (
                settings.session_token_expiration_unit,
                settings.refresh_token_expiration_unit,
            )
        };
        Self {
            enabled: settings.enabled,
            session: or(settings.session_token_expiration, 10).to_string(),
            session_unit,
            refresh: or(settings.refresh_token_expiration, 30).to_string(),
            refresh_unit,
            inactivity: settings.enable_inactivity,
            inactivity_time: or(settings.inactivity_time, 60).to_string(),
            inactivity_unit: if settings.inactivity_time == 0 {
                TimeUnit::Minutes
            } else {
                settings.inactivity_time_unit
            },
        }
    }

    /// The settings to send (the rest of `base` unchanged), or each field's error: numbers
    /// first, then the wire crate's [`TenantSettings::validate`].
    pub fn settings(
        &self,
        base: &TenantSettings,
        tenant: &str,
        not_a_number: &str,
    ) -> Result<TenantSettings, Errors> {
        let mut errors = Errors::new();
        let mut number = |field: &'static str, text: &str, checked: bool| -> u32 {
            match text.trim().parse::<u32>() {
                Ok(value) => value,
                Err(_) if !checked && text.trim().is_empty() => 0,
                Err(_) => {
                    errors.insert(field, not_a_number.to_owned());
                    0
                }
            }
        };
        let settings = TenantSettings {
            tenant_id: tenant.to_owned(),
            id: String::new(),
            enabled: self.enabled,
            session_token_expiration: number("sessionTokenExpiration", &self.session, self.enabled),
            session_token_expiration_unit: self.session_unit,
            refresh_token_expiration: number("refreshTokenExpiration", &self.refresh, self.enabled),
            refresh_token_expiration_unit: self.refresh_unit,
            enable_inactivity: self.inactivity,
            inactivity_time: number(
                "InactivityTime",
                &self.inactivity_time,
                self.enabled && self.inactivity,
            ),
            inactivity_time_unit: self.inactivity_unit,
            ..base.clone()
        };
        collect(settings.validate(), &mut errors);
        if errors.is_empty() {
            Ok(settings)
        } else {
            Err(errors)
        }
    }
}

/// The password policy form as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct PasswordValues {
    /// The tenant's own policy applies.
    pub enabled: bool,
    /// Fewest characters, as typed.
    pub min_length: String,
    /// Needs a lowercase letter.
    pub lowercase: bool,
    /// Needs an uppercase letter.
    pub uppercase: bool,
    /// Needs a digit.
    pub number: bool,
    /// Needs a symbol.
    pub non_alphanumeric: bool,
    /// Passwords expire.
    pub expiration: bool,
    /// After how many weeks, as typed.
    pub expiration_weeks: String,
    /// Recent passwords may not be reused.
    pub reuse: bool,
    /// How many, as typed.
    pub reuse_amount: String,
    /// Accounts lock after failed sign-ins.
    pub lock: bool,
    /// After how many, as typed.
    pub lock_attempts: String,
    /// The password being tried against the policy (never sent).
    pub trial: String,
}

impl PasswordValues {
    /// The form for `policy`.
    pub fn of(policy: &PasswordSettings) -> Self {
        let text = |value: u32| {
            if value == 0 {
                String::new()
            } else {
                value.to_string()
            }
        };
        Self {
            enabled: policy.enabled,
            min_length: text(policy.min_length),
            lowercase: policy.lowercase,
            uppercase: policy.uppercase,
            number: policy.number,
            non_alphanumeric: policy.non_alphanumeric,
            expiration: policy.expiration,
            expiration_weeks: text(policy.expiration_weeks),
            reuse: policy.reuse,
            reuse_amount: text(policy.reuse_amount),
            lock: policy.lock,
            lock_attempts: text(policy.lock_attempts),
            trial: String::new(),
        }
    }

    /// The policy as typed, numbers that are not numbers read as 0 (for the password tester).
    pub fn lenient(&self, tenant: &str) -> PasswordSettings {
        self.policy(tenant, &mut Errors::new(), "")
    }

    fn policy(&self, tenant: &str, errors: &mut Errors, not_a_number: &str) -> PasswordSettings {
        let mut number = |field: &'static str, text: &str, checked: bool| -> u32 {
            match text.trim().parse::<u32>() {
                Ok(value) => value,
                Err(_) if !checked && text.trim().is_empty() => 0,
                Err(_) => {
                    if checked {
                        errors.insert(field, not_a_number.to_owned());
                    }
                    0
                }
            }
        };
        PasswordSettings {
            tenant_id: tenant.to_owned(),
            enabled: self.enabled,
            min_length: number("minLength", &self.min_length, self.enabled),
            lowercase: self.lowercase,
            uppercase: self.uppercase,
            number: self.number,
            non_alphanumeric: self.non_alphanumeric,
            expiration: self.expiration,
            expiration_weeks: number(
                "expirationWeeks",
                &self.expiration_weeks,
                self.enabled && self.expiration,
            ),
            reuse: self.reuse,
            reuse_amount: number(
                "reuseAmount",
                &self.reuse_amount,
                self.enabled && self.reuse,
            ),
            lock: self.lock,
            lock_attempts: number(
                "lockAttempts",
                &self.lock_attempts,
                self.enabled && self.lock,
            ),
        }
    }

    /// The policy to send, or each field's error: numbers first, then the wire crate's
    /// [`PasswordSettings::validate`].
    pub fn settings(&self, tenant: &str, not_a_number: &str) -> Result<PasswordSettings, Errors> {
        let mut errors = Errors::new();
        let policy = self.policy(tenant, &mut errors, not_a_number);
        collect(policy.validate(), &mut errors);
        if errors.is_empty() {
            Ok(policy)
        } else {
            Err(errors)
        }
    }

    /// The rules the tried password breaks, as sentences (the wire crate's own messages).
    pub fn trial_problems(&self, tenant: &str) -> Vec<String> {
        self.lenient(tenant)
            .broken_rules(&self.trial)
            .into_iter()
            .map(|rule| rule.message())
            .collect()
    }
}

/// Adds `found` to `errors`, the first message of each field kept.
fn collect(found: Vec<FieldError>, errors: &mut Errors) {
    for error in found {
        errors.entry(error.field).or_insert(error.message);
    }
}

/// Which of `fields` a server refusal belongs to: a validation error (`E011003`) carries the
/// failing rules' messages joined by "; " (the same sentences the browser's `validate()` writes),
/// each matched to the first field whose keywords it contains. What matches no field, and every
/// other error, is the form's.
pub fn server_errors(
    error: &ApiError,
    fields: &[(&'static str, &[&str])],
) -> (Errors, Option<String>) {
    let message = LoadError::from(error).message;
    let ApiError::Http { body, .. } = error else {
        return (Errors::new(), Some(message));
    };
    if body.error_code != ErrorCode::ValidationFailed.as_str() {
        return (Errors::new(), Some(message));
    }
    let mut errors = Errors::new();
    let mut rest = Vec::new();
    for part in body.error_message.split("; ") {
        let lower = part.to_ascii_lowercase();
        let field = fields.iter().find(|(_, words)| {
            words
                .iter()
                .any(|word| lower.contains(&word.to_ascii_lowercase()))
        });
        match field {
            Some((field, _)) => {
                errors.entry(*field).or_insert_with(|| part.to_owned());
            }
            None => rest.push(part),
        }
    }
    let rest = (!rest.is_empty()).then(|| rest.join("; "));
    (errors, rest)
}

/// Which session setting a server message is about; the first that matches wins, so the
/// inactivity rule (which names the refresh token) comes before the refresh token's rule (which
/// names the session token).
pub const SESSION_FIELDS: &[(&str, &[&str])] = &[
    ("InactivityTime", &["inactivity"]),
    ("refreshTokenExpiration", &["refresh token"]),
    ("sessionTokenExpiration", &["session token"]),
];

/// Which password rule a server message is about.
pub const PASSWORD_FIELDS: &[(&str, &[&str])] = &[
    ("minLength", &["length", "characters"]),
    ("expirationWeeks", &["week", "expir"]),
    ("reuseAmount", &["reuse", "previous"]),
    ("lockAttempts", &["lock", "attempt"]),
];

/// Which tenant field a server message is about.
pub const TENANT_FIELDS: &[(&str, &[&str])] = &[
    ("enforceSSO", &["sso"]),
    ("name", &["name"]),
    ("customAttributes", &["attribute", "must be"]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use tenantkit_wire::ErrorBody;

    fn token(claims: &serde_json::Value) -> Secret {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(claims).unwrap_or_default());
        Secret::new(format!("e30.{payload}.sig"))
    }

    #[test]
    fn access_follows_the_permissions_the_token_lists_for_the_tenant() {
        let both = token(&serde_json::json!({
            "iss": "P", "sub": "U", "iat": 0, "exp": 0, "drn": "DS",
            "tenants": {"acme": {"roles": ["Tenant Admin"], "permissions": ["User Admin", "SSO Admin"]},
                        "globex": {"roles": [], "permissions": ["User Admin"]}}
        }));
        let acme = Access::of(&both, "acme");
        assert!(acme.user_admin && acme.sso_admin && acme.policy());
        let globex = Access::of(&both, "globex");
        assert!(globex.user_admin && !globex.sso_admin && !globex.policy());
        let other = Access::of(&both, "initech");
        assert!(!other.user_admin && !other.sso_admin);
        let opaque = Access::of(&Secret::new("not-a-jwt"), "acme");
        assert!(
            opaque.policy(),
            "an unreadable token leaves the server to decide"
        );
    }

    #[test]
    fn session_values_are_checked_with_the_wire_rules() {
        let values = SessionValues {
            enabled: true,
            session: "1".into(),
            session_unit: TimeUnit::Minutes,
            refresh: "x".into(),
            refresh_unit: TimeUnit::Days,
            inactivity: false,
            inactivity_time: String::new(),
            inactivity_unit: TimeUnit::Minutes,
        };
        let errors = values
            .settings(&TenantSettings::default(), "acme", "Enter a whole number")
            .err()
            .unwrap_or_default();
        assert_eq!(
            errors.get("refreshTokenExpiration").map(String::as_str),
            Some("Enter a whole number")
        );
        assert!(errors.contains_key("sessionTokenExpiration"));
        let good = SessionValues {
            session: "15".into(),
            refresh: "7".into(),
            ..values
        };
        let settings = good
            .settings(&TenantSettings::default(), "acme", "")
            .unwrap_or_default();
        assert_eq!(settings.tenant_id, "acme");
        assert_eq!(settings.session_secs(), 900);
        assert_eq!(
            SessionValues::of(&settings),
            SessionValues {
                inactivity_time: "60".into(),
                ..good
            }
        );
    }

    #[test]
    fn password_values_are_checked_and_tried_with_the_wire_rules() {
        let mut values = PasswordValues::of(&PasswordSettings::default());
        values.enabled = true;
        values.min_length = "12".into();
        values.uppercase = true;
        values.lock = true;
        values.lock_attempts = "0".into();
        let errors = values
            .settings("acme", "Enter a whole number")
            .err()
            .unwrap_or_default();
        assert!(errors.contains_key("lockAttempts"));
        values.lock_attempts = "5".into();
        let policy = values.settings("acme", "").unwrap_or_default();
        assert_eq!(policy.lock_after(), Some(5));
        values.trial = "short".into();
        let problems = values.trial_problems("acme");
        assert!(
            problems.iter().any(|p| p.contains("(minLength)")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("(uppercase)")),
            "{problems:?}"
        );
        values.trial = "Long enough password".into();
        assert!(values.trial_problems("acme").is_empty());
    }

    #[test]
    fn each_session_rule_of_the_server_finds_its_field() {
        let settings = TenantSettings {
            enabled: true,
            session_token_expiration: 1,
            refresh_token_expiration: 0,
            enable_inactivity: true,
            inactivity_time: 1,
            ..TenantSettings::default()
        };
        let found = settings.validate();
        assert_eq!(found.len(), 3);
        let message = found
            .iter()
            .map(|error| error.message.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let refusal = ApiError::Http {
            status: 400,
            body: ErrorBody {
                error_code: ErrorCode::ValidationFailed.as_str().to_owned(),
                error_description: String::new(),
                error_message: message,
            },
        };
        let (fields, rest) = server_errors(&refusal, SESSION_FIELDS);
        assert_eq!(rest, None);
        for error in found {
            assert_eq!(
                fields.get(error.field),
                Some(&error.message),
                "{}",
                error.field
            );
        }
    }

    #[test]
    fn each_password_rule_of_the_server_finds_its_field() {
        let policy = PasswordSettings {
            enabled: true,
            min_length: 1,
            expiration: true,
            reuse: true,
            reuse_amount: 99,
            lock: true,
            ..PasswordSettings::default()
        };
        let found = policy.validate();
        assert_eq!(found.len(), 4);
        let refusal = ApiError::Http {
            status: 400,
            body: ErrorBody {
                error_code: ErrorCode::ValidationFailed.as_str().to_owned(),
                error_description: String::new(),
                error_message: found
                    .iter()
                    .map(|error| error.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            },
        };
        let (fields, rest) = server_errors(&refusal, PASSWORD_FIELDS);
        assert_eq!(rest, None);
        for error in found {
            assert_eq!(
                fields.get(error.field),
                Some(&error.message),
                "{}",
                error.field
            );
        }
    }

    #[test]
    fn server_refusals_go_next_to_their_field() {
        let refusal = ApiError::Http {
            status: 400,
            body: ErrorBody {
                error_code: ErrorCode::ValidationFailed.as_str().to_owned(),
                error_description: String::new(),
                error_message: "A session token lasts from 3 minutes to 1 day; Something else"
                    .to_owned(),
            },
        };
        let (errors, rest) = server_errors(&refusal, SESSION_FIELDS);
        assert!(errors.contains_key("sessionTokenExpiration"));
        assert_eq!(rest.as_deref(), Some("Something else"));
        let forbidden = ApiError::Http {
            status: 403,
            body: ErrorBody {
                error_code: "E061103".to_owned(),
                error_description: String::new(),
                error_message: "Needs SSO Admin".to_owned(),
            },
        };
        let (errors, rest) = server_errors(&forbidden, SESSION_FIELDS);
        assert!(errors.is_empty());
        assert_eq!(rest.as_deref(), Some("Needs SSO Admin"));
    }
}
