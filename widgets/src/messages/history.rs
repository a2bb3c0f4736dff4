//! The strings of the user widget's "Sign-in history" dialog: its menu item, its states, the
//! table's columns, and the sign-in methods and failure reasons the server records.

use crate::i18n::catalog;

use tenantkit_wire::history::FailureReason;

catalog! {
/// The dialog's strings. Templates mark their parameters with `{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryMessages {
    /// The item of a user's row menu.
    pub menu_item: &'static str,
    /// The dialog's heading: `{user}`.
    pub title: &'static str,
    /// The table's caption (visually hidden): `{user}`.
    pub caption: &'static str,
    /// While the history loads.
    pub loading: &'static str,
    /// Nothing recorded: `{user}`.
    pub empty: &'static str,
    /// The history could not be loaded: `{error}`.
    pub failed: &'static str,
    /// How many entries are shown: `{count}`.
    pub shown: &'static str,
    /// Column: when.
    pub column_time: &'static str,
    /// Column: how.
    pub column_method: &'static str,
    /// Column: the client address.
    pub column_address: &'static str,
    /// Column: the browser (its user agent, shortened).
    pub column_browser: &'static str,
    /// Column: the result.
    pub column_result: &'static str,
    /// A successful sign-in.
    pub succeeded: &'static str,
    /// A failed one: `{reason}`.
    pub failed_because: &'static str,
    /// No address or user agent was recorded.
    pub unknown: &'static str,
    /// How a password sign-in reads in the method column.
    pub method_password: &'static str,
    /// A SAML sign-in.
    pub method_saml: &'static str,
    /// An OpenID Connect sign-in.
    pub method_oidc: &'static str,
    /// A one-time code.
    pub method_otp: &'static str,
    /// A magic link.
    pub method_magiclink: &'static str,
    /// An enchanted link (Descope's name for a link confirmed on another device).
    pub method_enchantedlink: &'static str,
    /// An embedded link (a product signs its user in with a token it asked for).
    pub method_embeddedlink: &'static str,
    /// Why a sign-in failed, after "Failed:": the password was wrong.
    pub reason_wrong_password: &'static str,
    /// The account is locked after too many wrong passwords.
    pub reason_locked: &'static str,
    /// The user is disabled.
    pub reason_user_disabled: &'static str,
    /// The tenant requires SSO, so a password was refused.
    pub reason_sso_enforced: &'static str,
    /// The password expired.
    pub reason_password_expired: &'static str,
    /// The SSO connection does not let this user in.
    pub reason_not_allowed: &'static str,
    /// The server failed.
    pub reason_error: &'static str,
    /// `{browser} on {system}`: a user agent, shortened.
    pub browser_on: &'static str,
    /// Closes the dialog.
    pub close: &'static str,
}
}

impl HistoryMessages {
    /// How a method (`password`, `saml`, `oidc`) reads; an unknown one as recorded.
    pub fn method<'a>(&self, method: &'a str) -> &'a str {
        match method {
            "password" => self.method_password,
            "saml" => self.method_saml,
            "oidc" => self.method_oidc,
            "otp" => self.method_otp,
            "magiclink" => self.method_magiclink,
            "enchantedlink" => self.method_enchantedlink,
            "embeddedlink" => self.method_embeddedlink,
            other => other,
        }
    }

    /// How a failure reason reads; an unknown one as recorded.
    pub fn reason<'a>(&self, reason: &'a str) -> &'a str {
        match FailureReason::parse(reason) {
            Some(FailureReason::WrongPassword) => self.reason_wrong_password,
            Some(FailureReason::Locked) => self.reason_locked,
            Some(FailureReason::UserDisabled) => self.reason_user_disabled,
            Some(FailureReason::SsoEnforced) => self.reason_sso_enforced,
            Some(FailureReason::PasswordExpired) => self.reason_password_expired,
            Some(FailureReason::NotAllowed) => self.reason_not_allowed,
            Some(FailureReason::Error) => self.reason_error,
            None => reason,
        }
    }
}

/// English.
pub const ENGLISH_HISTORY: HistoryMessages = HistoryMessages {
    menu_item: "Sign-in history",
    title: "Sign-in history of {user}",
    caption: "Sign-ins of {user}, newest first",
    loading: "Loading the sign-in history…",
    empty: "No sign-ins of {user} are recorded.",
    failed: "The sign-in history could not be loaded: {error}",
    shown: "The newest {count} sign-ins.",
    column_time: "Time",
    column_method: "Method",
    column_address: "Address",
    column_browser: "Browser",
    column_result: "Result",
    succeeded: "Signed in",
    failed_because: "Failed: {reason}",
    unknown: "Unknown",
    method_password: "Password",
    method_saml: "SSO (SAML)",
    method_oidc: "SSO (OpenID Connect)",
    method_otp: "One-time code",
    method_magiclink: "Magic link",
    method_enchantedlink: "Enchanted link",
    method_embeddedlink: "Embedded link",
    reason_wrong_password: "wrong password",
    reason_locked: "account locked",
    reason_user_disabled: "user disabled",
    reason_sso_enforced: "the tenant requires SSO",
    reason_password_expired: "password expired",
    reason_not_allowed: "not allowed through this SSO connection",
    reason_error: "server error",
    browser_on: "{browser} on {system}",
    close: "Close",
};
