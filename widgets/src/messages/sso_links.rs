//! The strings of the "Send setup link to your IT admin" section of `<tenant-sso-setup>`: make
//! or email a time-limited link with which someone without an account sets up this tenant's
//! SSO, and revoke the active ones.

use crate::i18n::catalog;

catalog! {
/// The section's strings. Templates mark their parameters with `{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SsoLinkMessages {
    /// The section's heading.
    pub title: &'static str,
    /// What a setup link is.
    pub intro: &'static str,
    /// Label of the email field.
    pub field_email: &'static str,
    /// Under the email field.
    pub email_hint: &'static str,
    /// Label of the expiry choice.
    pub field_expiry: &'static str,
    /// An expiry of one day.
    pub expiry_day: &'static str,
    /// An expiry of `{days}` days.
    pub expiry_days: &'static str,
    /// Makes a link and shows it.
    pub create: &'static str,
    /// Makes a link and emails it.
    pub send: &'static str,
    /// "Email link" without an address.
    pub email_required: &'static str,
    /// Heading of the dialog that shows a new link once.
    pub secret_title: &'static str,
    /// Above the link.
    pub secret_intro: &'static str,
    /// Accessible name of the link.
    pub secret_label: &'static str,
    /// What closing the dialog means.
    pub secret_warning: &'static str,
    /// Heading of the active links.
    pub list_title: &'static str,
    /// While the list loads.
    pub loading: &'static str,
    /// No active links.
    pub empty: &'static str,
    /// The list could not be loaded: `{error}`.
    pub failed: &'static str,
    /// Column: who the link is for.
    pub column_for: &'static str,
    /// Column: the SSO configuration.
    pub column_configuration: &'static str,
    /// Column: created (when and by whom).
    pub column_created: &'static str,
    /// Column: expiry.
    pub column_expires: &'static str,
    /// A link for nobody in particular.
    pub for_anyone: &'static str,
    /// The tenant's default configuration.
    pub default_configuration: &'static str,
    /// Revokes one link.
    pub revoke: &'static str,
    /// Accessible name of a row's revoke button: `{link}`.
    pub revoke_label: &'static str,
    /// Asked before revoking: `{link}`.
    pub confirm_revoke: &'static str,
    /// A link was made (and shown).
    pub done_create: &'static str,
    /// A link was emailed: `{email}`.
    pub done_send: &'static str,
    /// A link was revoked: `{link}`.
    pub done_revoke: &'static str,
    /// A change failed: `{error}`.
    pub change_failed: &'static str,
    /// Who a link was made by when it was the management key.
    pub by_product: &'static str,
}
}

/// English.
pub const ENGLISH_SSO_LINKS: SsoLinkMessages = SsoLinkMessages {
    title: "Send setup link to your IT admin",
    intro: "Someone without an account here, such as your company's IT admin, can set up single \
            sign-on with a setup link. It opens this SSO set-up and nothing else of the tenant, \
            works until it expires, and stops at once when revoked.",
    field_email: "IT admin's email",
    email_hint: "Needed to email the link; optional when you copy it yourself.",
    field_expiry: "Link works for",
    expiry_day: "1 day",
    expiry_days: "{days} days",
    create: "Create link",
    send: "Email link",
    email_required: "Enter the email address to send the link to",
    secret_title: "Setup link created",
    secret_intro: "Send this link to your IT admin. Whoever opens it can change how this tenant \
                   signs in, so share it only with them.",
    secret_label: "Setup link",
    secret_warning: "This is the only time the link is shown. Copy it now: once you close this \
                     dialog it cannot be shown again (revoke it and create another).",
    list_title: "Active setup links",
    loading: "Loading the setup links…",
    empty: "No active setup links.",
    failed: "The setup links could not be loaded: {error}",
    column_for: "For",
    column_configuration: "Configuration",
    column_created: "Created",
    column_expires: "Expires",
    for_anyone: "Anyone with the link",
    default_configuration: "Any",
    revoke: "Revoke",
    revoke_label: "Revoke the setup link for {link}",
    confirm_revoke: "Revoke the setup link for {link}? It stops working at once.",
    done_create: "Setup link created.",
    done_send: "Setup link emailed to {email}.",
    done_revoke: "Setup link for {link} revoked.",
    change_failed: "That did not work: {error}",
    by_product: "the product",
};
