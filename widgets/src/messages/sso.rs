//! The SSO widget's own strings (besides the shared ones in [`super::Messages`]): the overview,
//! the wizard's five steps, and each identity provider's names for our values.

use crate::i18n::catalog;

use super::ListMessages;

catalog! {
/// What one identity provider's console calls our values, so the admin finds the right boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderMessages {
    /// The provider's name (radio label).
    pub name: &'static str,
    /// One line under the name: what to create in its console.
    pub hint: &'static str,
    /// Its name for our assertion consumer service URL (SAML) or redirect URI (OIDC).
    pub acs_label: &'static str,
    /// Its name for our SP entity id (SAML only).
    pub entity_id_label: &'static str,
}
}

catalog! {
/// The SSO widget's strings. Templates mark their parameters with `{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SsoMessages {
    /// The overview in each of its states.
    pub list: ListMessages,
    /// Column header: the configuration's name.
    pub column_name: &'static str,
    /// Column header: SAML or OIDC.
    pub column_protocol: &'static str,
    /// Column header: status.
    pub column_status: &'static str,
    /// Column header: the signing certificate's health.
    pub column_certificate: &'static str,
    /// Column header: routed email domains.
    pub column_domains: &'static str,
    /// Protocol cell before anything is saved.
    pub protocol_none: &'static str,
    /// Protocol name.
    pub protocol_saml: &'static str,
    /// Protocol name.
    pub protocol_oidc: &'static str,
    /// Status badge.
    pub status_not_configured: &'static str,
    /// Status badge: saved but off.
    pub status_disabled: &'static str,
    /// Status badge: on.
    pub status_enabled: &'static str,
    /// Certificate badge.
    pub certificate_valid: &'static str,
    /// Certificate badge: `{days}`.
    pub certificate_expiring: &'static str,
    /// Certificate badge.
    pub certificate_expired: &'static str,
    /// The toolbar's button: a new configuration.
    pub add: &'static str,
    /// Heading of the new-configuration dialog.
    pub add_title: &'static str,
    /// Its field: the name shown in the overview.
    pub field_display_name: &'static str,
    /// The display name is required.
    pub display_name_required: &'static str,
    /// Label of a row's menu button: `{name}`.
    pub row_actions_label: &'static str,
    /// Menu item: opens the wizard.
    pub action_configure: &'static str,
    /// Menu item: opens the wizard on saved settings.
    pub action_edit: &'static str,
    /// Menu item.
    pub action_enable: &'static str,
    /// Menu item.
    pub action_disable: &'static str,
    /// Menu item.
    pub action_delete: &'static str,
    /// Confirmation: `{name}`.
    pub confirm_delete: &'static str,
    /// Confirmation: `{name}`.
    pub confirm_disable: &'static str,
    /// Announced: `{name}`.
    pub done_create: &'static str,
    /// Announced: `{name}`.
    pub done_save: &'static str,
    /// Announced: `{name}`.
    pub done_enable: &'static str,
    /// Announced: `{name}`.
    pub done_disable: &'static str,
    /// Announced: `{name}`.
    pub done_delete: &'static str,
    /// An action failed: `{name}`; the reason follows.
    pub action_failed: &'static str,
    /// Heading of the wizard: `{name}`.
    pub wizard_title: &'static str,
    /// Accessible name of the step list.
    pub steps_label: &'static str,
    /// "Step 2 of 5": `{step}`, `{total}`.
    pub step_of: &'static str,
    /// Step 1's name.
    pub step_provider: &'static str,
    /// Step 2's name.
    pub step_sp: &'static str,
    /// Step 3's name.
    pub step_idp: &'static str,
    /// Step 4's name.
    pub step_mapping: &'static str,
    /// Step 5's name.
    pub step_review: &'static str,
    /// Goes to the previous step.
    pub back: &'static str,
    /// Goes to the next step.
    pub next: &'static str,
    /// Leaves the wizard without saving.
    pub close_wizard: &'static str,
    /// Legend of the provider radios.
    pub provider_legend: &'static str,
    /// Okta's names.
    pub okta: ProviderMessages,
    /// Microsoft Entra ID's names.
    pub entra: ProviderMessages,
    /// Google Workspace's names.
    pub google: ProviderMessages,
    /// Any SAML IdP.
    pub generic_saml: ProviderMessages,
    /// Any OIDC provider.
    pub generic_oidc: ProviderMessages,
    /// Above our values: `{provider}`.
    pub sp_intro: &'static str,
    /// Label of our SAML metadata URL.
    pub sp_metadata_label: &'static str,
    /// Opens (downloads) our SAML metadata XML.
    pub sp_metadata_download: &'static str,
    /// The server gave no value for this yet.
    pub sp_value_missing: &'static str,
    /// Copy button's accessible name: `{label}`.
    pub copy_label: &'static str,
    /// Announced after copying: `{label}`.
    pub copied: &'static str,
    /// Legend of the SAML source radios.
    pub source_legend: &'static str,
    /// SAML source.
    pub source_url: &'static str,
    /// SAML source.
    pub source_xml: &'static str,
    /// SAML source.
    pub source_manual: &'static str,
    /// Field.
    pub field_metadata_url: &'static str,
    /// Asks the server to fetch the metadata URL.
    pub fetch_metadata: &'static str,
    /// While it fetches.
    pub fetching: &'static str,
    /// Field: metadata XML.
    pub field_metadata_xml: &'static str,
    /// File input: metadata XML.
    pub field_metadata_file: &'static str,
    /// The file could not be read.
    pub file_failed: &'static str,
    /// Next was pressed with no metadata XML.
    pub metadata_xml_required: &'static str,
    /// Next was pressed while the server still reads the metadata XML.
    pub metadata_reading: &'static str,
    /// Heading of what metadata says.
    pub metadata_preview: &'static str,
    /// Field: the IdP's SSO URL.
    pub field_idp_url: &'static str,
    /// Field: the IdP's entity id.
    pub field_entity_id: &'static str,
    /// Field: the IdP's certificate.
    pub field_certificate: &'static str,
    /// Under the certificate field.
    pub certificate_hint: &'static str,
    /// Certificate fact.
    pub certificate_subject: &'static str,
    /// Certificate fact.
    pub certificate_issuer: &'static str,
    /// Certificate fact.
    pub certificate_fingerprint: &'static str,
    /// Certificate fact.
    pub certificate_valid_from: &'static str,
    /// Certificate fact.
    pub certificate_expires: &'static str,
    /// Warning: `{days}`.
    pub certificate_expiring_warning: &'static str,
    /// Error: the certificate has expired.
    pub certificate_expired_error: &'static str,
    /// Field: OIDC issuer.
    pub field_issuer: &'static str,
    /// Reads the issuer's discovery document.
    pub discover: &'static str,
    /// While discovering.
    pub discovering: &'static str,
    /// Announced after discovery.
    pub discovered: &'static str,
    /// Field.
    pub field_provider_name: &'static str,
    /// Field.
    pub field_client_id: &'static str,
    /// Field.
    pub field_client_secret: &'static str,
    /// Under the secret field on edit.
    pub secret_stored: &'static str,
    /// The secret is required for a new OIDC configuration.
    pub secret_required: &'static str,
    /// Field.
    pub field_auth_url: &'static str,
    /// Field.
    pub field_token_url: &'static str,
    /// Field.
    pub field_user_data_url: &'static str,
    /// Field.
    pub field_jwks_url: &'static str,
    /// Field.
    pub field_scopes: &'static str,
    /// Legend of the attribute mapping.
    pub mapping_legend: &'static str,
    /// Above the attribute mapping.
    pub mapping_hint: &'static str,
    /// Mapping field.
    pub map_email: &'static str,
    /// Mapping field.
    pub map_name: &'static str,
    /// Mapping field.
    pub map_given_name: &'static str,
    /// Mapping field.
    pub map_family_name: &'static str,
    /// Mapping field.
    pub map_groups: &'static str,
    /// Legend of the custom attribute rows.
    pub custom_legend: &'static str,
    /// Custom row: our attribute: `{row}`.
    pub custom_ours: &'static str,
    /// Custom row: the IdP's attribute: `{row}`.
    pub custom_theirs: &'static str,
    /// Adds a custom row.
    pub custom_add: &'static str,
    /// Removes a row: `{row}`.
    pub remove_row: &'static str,
    /// Legend of the group-to-role rows.
    pub groups_legend: &'static str,
    /// Group row: the groups: `{row}`.
    pub group_names: &'static str,
    /// Group row: the role: `{row}`.
    pub group_role: &'static str,
    /// The role picker's empty choice.
    pub choose_role: &'static str,
    /// Adds a group row.
    pub groups_add: &'static str,
    /// Legend of the default roles.
    pub default_roles_legend: &'static str,
    /// Field.
    pub field_domains: &'static str,
    /// Under the domains field.
    pub domains_hint: &'static str,
    /// Field (SAML).
    pub field_redirect_url: &'static str,
    /// Above the review.
    pub review_intro: &'static str,
    /// Review: the provider.
    pub review_provider: &'static str,
    /// Review: how the IdP's settings were given.
    pub review_source: &'static str,
    /// Review: a list is empty.
    pub review_none: &'static str,
    /// The save button.
    pub save: &'static str,
    /// While saving.
    pub saving: &'static str,
    /// After saving: offer to enable.
    pub saved_enable_prompt: &'static str,
    /// Enables right after saving.
    pub enable_now: &'static str,
    /// Leaves the wizard after saving.
    pub finish: &'static str,
    /// Saving failed; the reason follows.
    pub save_failed: &'static str,
    /// A step has errors.
    pub fix_errors: &'static str,
}
}

/// The English catalog of the SSO widget.
pub const ENGLISH_SSO: SsoMessages = SsoMessages {
    list: ListMessages {
        title: "Single sign-on",
        table_caption: "SSO configurations of tenant {tenant}",
        count_one: "1 configuration",
        count_other: "{count} configurations",
        loaded_announcement: "{count} SSO configurations loaded",
        loading: "Loading SSO configurations…",
        empty_title: "No SSO configuration yet",
        empty_detail: "Add one to let people sign in with your identity provider.",
        no_match_title: "No configuration matches",
        no_match_detail: "",
        error_title: "Could not load the SSO configurations",
        session_expired_detail: "Sign in again to keep managing single sign-on.",
        search_label: "",
        search_placeholder: "",
    },
    column_name: "Name",
    column_protocol: "Protocol",
    column_status: "Status",
    column_certificate: "Certificate",
    column_domains: "Domains",
    protocol_none: "—",
    protocol_saml: "SAML",
    protocol_oidc: "OIDC",
    status_not_configured: "Not configured",
    status_disabled: "Configured, disabled",
    status_enabled: "Enabled",
    certificate_valid: "Valid",
    certificate_expiring: "Expires in {days} days",
    certificate_expired: "Expired",
    add: "Add configuration",
    add_title: "Add an SSO configuration",
    field_display_name: "Display name",
    display_name_required: "Give the configuration a name, such as the identity provider's.",
    row_actions_label: "Actions for {name}",
    action_configure: "Configure",
    action_edit: "Edit",
    action_enable: "Enable",
    action_disable: "Disable",
    action_delete: "Delete",
    confirm_delete: "Delete the SSO configuration {name}?",
    confirm_disable: "Disable {name}?",
    done_create: "The configuration {name} was added.",
    done_save: "The settings of {name} were saved.",
    done_enable: "{name} is enabled.",
    done_disable: "{name} is disabled.",
    done_delete: "{name} was deleted.",
    action_failed: "Could not change {name}:",
    wizard_title: "Set up {name}",
    steps_label: "Steps",
    step_of: "Step {step} of {total}",
    step_provider: "Identity provider",
    step_sp: "Copy into your IdP",
    step_idp: "IdP details",
    step_mapping: "Users and roles",
    step_review: "Review and save",
    back: "Back",
    next: "Next",
    close_wizard: "Close without saving",
    provider_legend: "Which identity provider do your people sign in with?",
    okta: ProviderMessages {
        name: "Okta (SAML)",
        hint: "Create a SAML 2.0 app integration in the Okta admin console.",
        acs_label: "Single sign-on URL",
        entity_id_label: "Audience URI (SP Entity ID)",
    },
    entra: ProviderMessages {
        name: "Microsoft Entra ID (SAML)",
        hint: "Create an enterprise application with SAML single sign-on.",
        acs_label: "Reply URL (Assertion Consumer Service URL)",
        entity_id_label: "Identifier (Entity ID)",
    },
    google: ProviderMessages {
        name: "Google Workspace (SAML)",
        hint: "Add a custom SAML app in the Google Admin console.",
        acs_label: "ACS URL",
        entity_id_label: "Entity ID",
    },
    generic_saml: ProviderMessages {
        name: "Other SAML 2.0 provider",
        hint: "Any identity provider that speaks SAML 2.0.",
        acs_label: "ACS URL",
        entity_id_label: "SP entity ID",
    },
    generic_oidc: ProviderMessages {
        name: "OpenID Connect provider",
        hint: "Register a web application (authorization code flow) with your provider.",
        acs_label: "Redirect URI",
        entity_id_label: "",
    },
    sp_intro: "Copy these values into {provider}.",
    sp_metadata_label: "SP metadata URL",
    sp_metadata_download: "Download SP metadata XML",
    sp_value_missing: "Not available yet",
    copy_label: "Copy {label}",
    copied: "{label} copied to the clipboard.",
    source_legend: "How do you want to give the IdP's details?",
    source_url: "Metadata URL",
    source_xml: "Metadata XML",
    source_manual: "Enter them by hand",
    field_metadata_url: "IdP metadata URL",
    fetch_metadata: "Fetch and preview",
    fetching: "Fetching…",
    field_metadata_xml: "IdP metadata XML",
    field_metadata_file: "Or upload the metadata file",
    file_failed: "Could not read the file.",
    metadata_xml_required: "Paste the IdP's metadata XML or upload its file.",
    metadata_reading: "The metadata is still being read. Try again in a moment.",
    metadata_preview: "What the metadata says",
    field_idp_url: "IdP single sign-on URL",
    field_entity_id: "IdP entity ID (issuer)",
    field_certificate: "IdP signing certificate",
    certificate_hint: "PEM (-----BEGIN CERTIFICATE-----) or base64.",
    certificate_subject: "Subject",
    certificate_issuer: "Issuer",
    certificate_fingerprint: "SHA-256 fingerprint",
    certificate_valid_from: "Valid from",
    certificate_expires: "Expires",
    certificate_expiring_warning: "This certificate expires in {days} days: ask the identity provider for its next one soon.",
    certificate_expired_error: "This certificate has expired: sign-in would fail. Ask the identity provider for its current certificate.",
    field_issuer: "Issuer URL",
    discover: "Discover endpoints",
    discovering: "Discovering…",
    discovered: "The endpoints were filled in from the discovery document.",
    field_provider_name: "Provider name",
    field_client_id: "Client ID",
    field_client_secret: "Client secret",
    secret_stored: "A secret is stored; leave empty to keep it.",
    secret_required: "The client secret is required.",
    field_auth_url: "Authorization URL",
    field_token_url: "Token URL",
    field_user_data_url: "User info URL",
    field_jwks_url: "JWKS URL",
    field_scopes: "Scopes (separated by spaces)",
    mapping_legend: "Attribute mapping",
    mapping_hint: "The name of the attribute (SAML) or claim (OIDC) your IdP sends for each field.",
    map_email: "Email",
    map_name: "Name",
    map_given_name: "Given name",
    map_family_name: "Family name",
    map_groups: "Groups",
    custom_legend: "Custom attributes",
    custom_ours: "Custom attribute {row}",
    custom_theirs: "IdP attribute {row}",
    custom_add: "Add custom attribute",
    remove_row: "Remove row {row}",
    groups_legend: "Group to role mapping",
    group_names: "IdP groups of row {row} (separated by commas)",
    group_role: "Role of row {row}",
    choose_role: "Choose a role",
    groups_add: "Add group mapping",
    default_roles_legend: "Roles every SSO user gets",
    field_domains: "Email domains",
    domains_hint: "People with these email domains sign in here. Separate them with commas.",
    field_redirect_url: "Redirect URL after sign-in (optional)",
    review_intro: "Check the settings, then save them.",
    review_provider: "Identity provider",
    review_source: "IdP details from",
    review_none: "None",
    save: "Save",
    saving: "Saving…",
    saved_enable_prompt: "The settings are saved. Test the connection, then enable sign-in through it.",
    enable_now: "Enable now",
    finish: "Done",
    save_failed: "Could not save:",
    fix_errors: "Correct the highlighted fields first.",
};
