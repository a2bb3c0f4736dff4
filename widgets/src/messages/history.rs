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
            "password" => "Password",
            "saml" => "SSO (SAML)",
            "oidc" => "SSO (OpenID Connect)",
            "otp" => "One-time code",
            "magiclink" => "Magic link",
            "enchantedlink" => "Enchanted link",
            "embeddedlink" => "Embedded link",
            other => other,
        }
    }

    /// How a failure reason reads; an unknown one as recorded.
    pub fn reason<'a>(&self, reason: &'a str) -> &'a str {
        match FailureReason::parse(reason) {
            Some(FailureReason::WrongPassword) => "wrong password",
            Some(FailureReason::Locked) => "account locked",
            Some(FailureReason::UserDisabled) => "user disabled",
            Some(FailureReason::SsoEnforced) => "the tenant requires SSO",
            Some(FailureReason::PasswordExpired) => "password expired",
            Some(FailureReason::NotAllowed) => "not allowed through this SSO connection",
            Some(FailureReason::Error) => "server error",
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
    browser_on: "{browser} on {system}",
    close: "Close",
};
