//! The tenant profile's own strings (besides the shared ones in [`super::Messages`]): its
//! sections (name and custom attributes, domains, enforce SSO, session settings, password
//! policy), why a section is read-only, and what each change says when it lands.

use crate::i18n::catalog;

catalog! {
/// The tenant profile's strings. Templates mark their parameters with `{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileMessages {
    /// Heading of the widget.
    pub title: &'static str,
    /// Shown and announced while loading.
    pub loading: &'static str,
    /// Announced once loaded: `{name}`.
    pub loaded: &'static str,
    /// The tenant could not be loaded; the server's message follows.
    pub error_title: &'static str,
    /// Under the shared "Your session has expired".
    pub session_expired_detail: &'static str,
    /// A part of the profile could not be loaded: `{error}`.
    pub section_failed: &'static str,
    /// Heading: name and custom attributes.
    pub general_title: &'static str,
    /// Form label.
    pub field_name: &'static str,
    /// The name is required.
    pub name_required: &'static str,
    /// Legend of the custom attributes.
    pub attributes_legend: &'static str,
    /// The server does not say which custom attributes tenants have.
    pub attributes_none: &'static str,
    /// Why name and attributes are read-only.
    pub general_read_only: &'static str,
    /// Saved: `{name}`.
    pub general_saved: &'static str,
    /// Heading: domains.
    pub domains_title: &'static str,
    /// Under the heading.
    pub domains_intro: &'static str,
    /// Why the domains are read-only.
    pub domains_read_only: &'static str,
    /// The add field's label.
    pub field_domain: &'static str,
    /// The add button.
    pub domain_add: &'static str,
    /// The tenant has no domains.
    pub domains_empty: &'static str,
    /// Column header.
    pub column_domain: &'static str,
    /// Column header.
    pub column_status: &'static str,
    /// Column header: the record to publish.
    pub column_record: &'static str,
    /// Column header.
    pub column_actions: &'static str,
    /// Status badge.
    pub status_pending: &'static str,
    /// Status badge.
    pub status_verified: &'static str,
    /// Status badge.
    pub status_failed: &'static str,
    /// Under a verified domain the product owner set.
    pub vouched: &'static str,
    /// The TXT record's name, labelled.
    pub record_name: &'static str,
    /// The TXT record's value, labelled.
    pub record_value: &'static str,
    /// The record type's label.
    pub record_type_label: &'static str,
    /// The record type.
    pub record_type: &'static str,
    /// The copy button's accessible name: `{label}`, `{domain}`.
    pub copy_label: &'static str,
    /// Announced after a copy: `{label}`.
    pub copied: &'static str,
    /// When it was last checked: `{time}`.
    pub last_checked: &'static str,
    /// Why the last check failed: `{error}`.
    pub last_error: &'static str,
    /// Button: check the record now.
    pub verify: &'static str,
    /// Its accessible name: `{domain}`.
    pub verify_label: &'static str,
    /// Button.
    pub remove: &'static str,
    /// Its accessible name: `{domain}`.
    pub remove_label: &'static str,
    /// Confirmation: `{domain}`.
    pub confirm_remove: &'static str,
    /// Added: `{domain}`.
    pub domain_added: &'static str,
    /// Verified: `{domain}`.
    pub domain_verified: &'static str,
    /// Not verified: `{domain}`, `{error}`.
    pub domain_not_verified: &'static str,
    /// Removed: `{domain}`.
    pub domain_removed: &'static str,
    /// A domain change failed: `{domain}`; the reason follows.
    pub domain_failed: &'static str,
    /// Heading: enforce SSO.
    pub sso_title: &'static str,
    /// The switch's label.
    pub enforce_sso: &'static str,
    /// Under the switch.
    pub enforce_sso_hint: &'static str,
    /// Why the switch is off-limits: no connection is enabled.
    pub enforce_needs_connection: &'static str,
    /// Why the switch is read-only.
    pub sso_read_only: &'static str,
    /// The connections' heading.
    pub connections: &'static str,
    /// The tenant has no SSO connection.
    pub connections_none: &'static str,
    /// Status of a connection.
    pub connection_enabled: &'static str,
    /// Status of a connection.
    pub connection_disabled: &'static str,
    /// Status of a connection.
    pub connection_not_configured: &'static str,
    /// Saved.
    pub enforce_on: &'static str,
    /// Saved.
    pub enforce_off: &'static str,
    /// Heading: session settings.
    pub session_title: &'static str,
    /// The switch: the tenant's own settings apply.
    pub session_enabled: &'static str,
    /// Under it.
    pub session_enabled_hint: &'static str,
    /// Form label.
    pub session_token: &'static str,
    /// Form label.
    pub refresh_token: &'static str,
    /// Checkbox.
    pub inactivity_enabled: &'static str,
    /// Form label.
    pub inactivity_time: &'static str,
    /// The unit select's accessible name: `{field}`.
    pub unit_label: &'static str,
    /// Unit.
    pub unit_minutes: &'static str,
    /// Unit.
    pub unit_hours: &'static str,
    /// Unit.
    pub unit_days: &'static str,
    /// Unit.
    pub unit_weeks: &'static str,
    /// Saved.
    pub session_saved: &'static str,
    /// Why session settings and password policy are read-only.
    pub policy_read_only: &'static str,
    /// Heading: password policy.
    pub password_title: &'static str,
    /// The switch: the tenant's own policy applies.
    pub password_enabled: &'static str,
    /// Under it.
    pub password_enabled_hint: &'static str,
    /// Form label.
    pub min_length: &'static str,
    /// Checkbox.
    pub lowercase: &'static str,
    /// Checkbox.
    pub uppercase: &'static str,
    /// Checkbox.
    pub number: &'static str,
    /// Checkbox.
    pub non_alphanumeric: &'static str,
    /// Checkbox.
    pub expiration: &'static str,
    /// Form label.
    pub expiration_weeks: &'static str,
    /// Checkbox.
    pub reuse: &'static str,
    /// Form label.
    pub reuse_amount: &'static str,
    /// Checkbox.
    pub lock: &'static str,
    /// Form label.
    pub lock_attempts: &'static str,
    /// The tester's label.
    pub try_password: &'static str,
    /// Under the tester.
    pub try_password_hint: &'static str,
    /// The tried password meets the policy.
    pub password_ok: &'static str,
    /// Saved.
    pub password_saved: &'static str,
    /// A number field holds no number.
    pub whole_number: &'static str,
    /// A save failed; the reason follows.
    pub save_failed: &'static str,
    /// The form has errors.
    pub fix_errors: &'static str,
    /// Button.
    pub saving: &'static str,
}
}

/// The English catalog.
pub const ENGLISH_PROFILE: ProfileMessages = ProfileMessages {
    title: "Tenant profile",
    loading: "Loading the tenant…",
    loaded: "Profile of {name} loaded",
    error_title: "Could not load the tenant",
    session_expired_detail: "Sign in again to keep managing the tenant.",
    section_failed: "Not available: {error}",
    general_title: "Name and attributes",
    field_name: "Tenant name",
    name_required: "The name is required",
    attributes_legend: "Custom attributes",
    attributes_none: "This tenant has no custom attributes.",
    general_read_only: "Read only: changing the name and attributes needs User Admin in this tenant.",
    general_saved: "Saved the name and attributes of {name}.",
    domains_title: "Domains",
    domains_intro: "Prove the tenant owns an email domain by publishing a DNS TXT record. Only verified domains route SSO sign-ins and let people join by their email.",
    domains_read_only: "Read only: managing domains needs SSO Admin in this tenant.",
    field_domain: "Domain",
    domain_add: "Add domain",
    domains_empty: "No domains yet.",
    column_domain: "Domain",
    column_status: "Status",
    column_record: "DNS record to publish",
    column_actions: "Actions",
    status_pending: "Pending",
    status_verified: "Verified",
    status_failed: "Not verified",
    vouched: "Set by the product owner",
    record_name: "Name",
    record_value: "Value",
    record_type_label: "Type",
    record_type: "TXT",
    copy_label: "Copy the {label} of the record for {domain}",
    copied: "{label} copied to the clipboard.",
    last_checked: "Last checked {time}",
    last_error: "Last check: {error}",
    verify: "Verify",
    verify_label: "Verify {domain}",
    remove: "Remove",
    remove_label: "Remove {domain}",
    confirm_remove: "Remove {domain}? SSO sign-ins and sign-ups with it stop routing to this tenant.",
    domain_added: "Added {domain}. Publish its TXT record, then verify.",
    domain_verified: "{domain} is verified.",
    domain_not_verified: "{domain} is not verified yet: {error}",
    domain_removed: "Removed {domain}.",
    domain_failed: "Could not change {domain}:",
    sso_title: "Enforce SSO",
    enforce_sso: "Members must sign in with SSO",
    enforce_sso_hint: "Password and other sign-ins into this tenant are refused.",
    enforce_needs_connection: "Enable an SSO connection first: otherwise nobody could sign in.",
    sso_read_only: "Read only: enforcing SSO needs SSO Admin in this tenant.",
    connections: "SSO connections",
    connections_none: "No SSO connections.",
    connection_enabled: "Enabled",
    connection_disabled: "Configured, disabled",
    connection_not_configured: "Not configured",
    enforce_on: "SSO is now required.",
    enforce_off: "SSO is no longer required.",
    session_title: "Session settings",
    session_enabled: "Use this tenant's own session settings",
    session_enabled_hint: "Otherwise the server's settings apply.",
    session_token: "Session token lifetime",
    refresh_token: "Refresh token lifetime",
    inactivity_enabled: "End sessions after a time without activity",
    inactivity_time: "Inactivity timeout",
    unit_label: "Unit of {field}",
    unit_minutes: "minutes",
    unit_hours: "hours",
    unit_days: "days",
    unit_weeks: "weeks",
    session_saved: "Saved the session settings.",
    policy_read_only: "Read only: changing the tenant's policy needs both User Admin and SSO Admin in this tenant.",
    password_title: "Password policy",
    password_enabled: "Use this tenant's own password policy",
    password_enabled_hint: "Otherwise only the server's length rule applies.",
    min_length: "Minimum length",
    lowercase: "Needs a lowercase letter",
    uppercase: "Needs an uppercase letter",
    number: "Needs a digit",
    non_alphanumeric: "Needs a symbol (not a letter or digit)",
    expiration: "Passwords expire",
    expiration_weeks: "Expire after (weeks)",
    reuse: "Forbid reusing recent passwords",
    reuse_amount: "Number of recent passwords",
    lock: "Lock accounts after failed sign-ins",
    lock_attempts: "Failed sign-ins before locking",
    try_password: "Try a password against this policy",
    try_password_hint: "Checked in your browser only; nothing is sent.",
    password_ok: "This password meets the policy.",
    password_saved: "Saved the password policy.",
    whole_number: "Enter a whole number",
    save_failed: "Could not save:",
    fix_errors: "Correct the highlighted fields first.",
    saving: "Saving…",
};
