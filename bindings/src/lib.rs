//! `@tenantkit/elements`: TenantKit's widgets as custom elements. This is the only crate that talks
//! to `customElements`.
//!
//! - [`element`]: `<tenant-user-management>`, `<tenant-role-management>`,
//!   `<tenant-access-key-management>`, `<tenant-audit-log>`, `<tenant-sso-setup>` and
//!   `<tenant-profile>`, one generic
//!   definition for all ([`element::CustomElement`], [`element::ELEMENTS`]), one Rust object per
//!   element that owns the Yew app mounted in the element's open shadow root; `js/element.js` is
//!   the `class extends HTMLElement` that forwards to it.
//! - [`custom_events`]: every DOM event the elements dispatch.
//! - [`styles`]: the one constructable stylesheet all instances adopt.
//! - [`define`]: registers the elements; idempotent, and run when the module is initialised.
//!
//! In the bundle built by `cargo xtask build-wasm`:
//! ```html
//! <script type="module">
//!   import init from '@tenantkit/elements';
//!   await init();
//! </script>
//! <tenant-user-management project-id="P2…" tenant="acme" base-url="https://api.example.com">
//! </tenant-user-management>
//! <tenant-role-management project-id="P2…" tenant="acme" base-url="https://api.example.com">
//! </tenant-role-management>
//! <tenant-access-key-management project-id="P2…" tenant="acme" base-url="https://api.example.com">
//! </tenant-access-key-management>
//! <tenant-audit-log project-id="P2…" tenant="acme" base-url="https://api.example.com">
//! </tenant-audit-log>
//! ```

pub mod custom_events;
pub mod diagnostics;
pub mod element;
pub mod styles;
mod token_provider;

use wasm_bindgen::prelude::*;

/// Registers `<tenant-user-management>`, `<tenant-role-management>`,
/// `<tenant-access-key-management>`, `<tenant-audit-log>`, `<tenant-sso-setup>` and
/// `<tenant-profile>`. Defining
/// again (or after another copy of the bundle defined them) does nothing.
#[wasm_bindgen]
pub fn define() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("define() needs a window"))?;
    let registry = window.custom_elements();
    for definition in element::ELEMENTS {
        definition.define(&registry)?;
    }
    Ok(())
}

/// Runs when the module is initialised (`await init()`), so the tags work without another call.
#[wasm_bindgen(start)]
fn start() -> Result<(), JsValue> {
    define()
}

#[wasm_bindgen(typescript_custom_section)]
const ELEMENT_TYPES: &str = r#"
/** What every TenantKit element has in common. */
export interface TenantWidgetElement extends HTMLElement {
    /** Reflects the `project-id` attribute. */
    projectId: string | null;
    /** Reflects the `tenant` attribute. */
    tenant: string | null;
    /** Reflects the `base-url` attribute. */
    baseUrl: string | null;
    /** The tenant admin's session JWT; wins over the `session-token` attribute; not reflected. */
    sessionToken: string | null;
    /** Asked once for a fresh session JWT when the server answers 401. */
    tokenProvider: (() => Promise<string | null>) | null;
    /** Fetches the widget's data again (e.g. after another widget on the page changed it). */
    refresh(): void;
}

/** `<tenant-user-management>`: the users of one tenant. See the package README. */
export interface TenantUserManagementElement extends TenantWidgetElement {}

/** `<tenant-role-management>`: the roles of one tenant and the project's. See the package README. */
export interface TenantRoleManagementElement extends TenantWidgetElement {}

/** `<tenant-access-key-management>`: the access keys of one tenant. See the package README. */
export interface TenantAccessKeyManagementElement extends TenantWidgetElement {}
/** `<tenant-audit-log>`: the audit trail of one tenant, newest first. See the package README. */
export interface TenantAuditLogElement extends TenantWidgetElement {}
/** `<tenant-sso-setup>`: the SSO configurations of one tenant. See the package README. */
export interface TenantSsoSetupElement extends TenantWidgetElement {}
/** `<tenant-profile>`: one tenant's own settings (name, attributes, domains, enforce SSO, session settings, password policy). See the package README. */
export interface TenantProfileElement extends TenantWidgetElement {}

/** `detail` of `tk-ready`. */
export interface TkReadyDetail { count: number }
/** `detail` of `tk-error`. */
export interface TkErrorDetail { message: string; status: number | null }
/** `detail` of the events of one user's change (`tk-user-created`, `tk-user-deleted`, ...); `status` on `tk-user-status-changed`. */
export interface TkUserDetail { loginId: string; userId: string; status?: 'enabled' | 'disabled' | 'invited' }
/** `detail` of `tk-bulk-action-completed`: login ids. */
export interface TkBulkActionDetail {
    action: 'enable' | 'disable' | 'add-role' | 'remove-role' | 'remove-from-tenant' | 'delete';
    succeeded: string[];
    failed: string[];
}
/** `detail` of `tk-users-exported`: users in the file and users matching the filter. */
export interface TkUsersExportedDetail { count: number; total: number }
/** `detail` of `tk-audit-exported`: events in the file and events matching the filter. */
export interface TkAuditExportedDetail { count: number; total: number }
/** `detail` of `tk-role-created`. */
export interface TkRoleCreatedDetail { name: string; permissionNames: string[]; duplicatedFrom: string | null }
/** `detail` of `tk-role-updated`. */
export interface TkRoleUpdatedDetail {
    name: string;
    previousName: string;
    permissionNames: string[];
    permissionsRemoved: string[];
}
/** `detail` of `tk-role-deleted`: users and access keys that lost the roles, each counted once (`holdersAffected` = `usersAffected`, its first name). */
export interface TkRoleDeletedDetail { names: string[]; usersAffected: number; accessKeysAffected: number; holdersAffected: number }
/** `detail` of `tk-access-key-created`, `tk-access-key-updated` and `tk-access-key-rotated` (never the secret). */
export interface TkAccessKeyDetail { id: string; name: string }
/** `detail` of `tk-access-key-status-changed`. */
export interface TkAccessKeyStatusChangedDetail { ids: string[]; status: 'active' | 'inactive' }
/** `detail` of `tk-access-key-deleted`. */
export interface TkAccessKeyDeletedDetail { ids: string[] }
/** `detail` of `tk-sso-created`, `tk-sso-configured`, `tk-sso-status-changed` and `tk-sso-deleted`. */
export interface TkSsoDetail { ssoId: string; authType: 'saml' | 'oidc' | 'none' }
/** `detail` of `tk-tenant-updated`: what changed, as the wire names it. */
export interface TkTenantUpdatedDetail { name: string; enforceSSO: boolean; changed: ('name' | 'customAttributes' | 'enforceSSO')[] }
/** `detail` of `tk-session-settings-updated` and `tk-password-policy-updated`: whether the tenant's own settings apply. */
export interface TkPolicyDetail { enabled: boolean }
/** `detail` of `tk-domain-added`, `tk-domain-verified`, `tk-domain-verification-failed` and `tk-domain-removed`. */
export interface TkDomainDetail { domain: string; status: 'pending' | 'verified' | 'failed' | 'removed' }

declare global {
    interface HTMLElementTagNameMap {
        'tenant-user-management': TenantUserManagementElement;
        'tenant-role-management': TenantRoleManagementElement;
        'tenant-access-key-management': TenantAccessKeyManagementElement;
        'tenant-audit-log': TenantAuditLogElement;
        'tenant-sso-setup': TenantSsoSetupElement;
        'tenant-profile': TenantProfileElement;
    }
    interface HTMLElementEventMap {
        'tk-ready': CustomEvent<TkReadyDetail>;
        'tk-error': CustomEvent<TkErrorDetail>;
        'tk-session-expired': CustomEvent<null>;
        'tk-token-refreshed': CustomEvent<null>;
        'tk-user-created': CustomEvent<TkUserDetail>;
        'tk-user-updated': CustomEvent<TkUserDetail>;
        'tk-user-deleted': CustomEvent<TkUserDetail>;
        'tk-user-status-changed': CustomEvent<TkUserDetail>;
        'tk-user-removed-from-tenant': CustomEvent<TkUserDetail>;
        'tk-password-reset': CustomEvent<TkUserDetail>;
        'tk-password-expired': CustomEvent<TkUserDetail>;
        'tk-passkeys-removed': CustomEvent<TkUserDetail>;
        'tk-totp-removed': CustomEvent<TkUserDetail>;
        'tk-user-signed-out': CustomEvent<TkUserDetail>;
        'tk-invitation-resent': CustomEvent<TkUserDetail>;
        'tk-bulk-action-completed': CustomEvent<TkBulkActionDetail>;
        'tk-users-exported': CustomEvent<TkUsersExportedDetail>;
        'tk-audit-exported': CustomEvent<TkAuditExportedDetail>;
        'tk-role-created': CustomEvent<TkRoleCreatedDetail>;
        'tk-role-updated': CustomEvent<TkRoleUpdatedDetail>;
        'tk-role-deleted': CustomEvent<TkRoleDeletedDetail>;
        'tk-access-key-created': CustomEvent<TkAccessKeyDetail>;
        'tk-access-key-updated': CustomEvent<TkAccessKeyDetail>;
        'tk-access-key-rotated': CustomEvent<TkAccessKeyDetail>;
        'tk-access-key-status-changed': CustomEvent<TkAccessKeyStatusChangedDetail>;
        'tk-access-key-deleted': CustomEvent<TkAccessKeyDeletedDetail>;
        'tk-sso-created': CustomEvent<TkSsoDetail>;
        'tk-sso-configured': CustomEvent<TkSsoDetail>;
        'tk-sso-status-changed': CustomEvent<TkSsoDetail>;
        'tk-sso-deleted': CustomEvent<TkSsoDetail>;
        'tk-tenant-updated': CustomEvent<TkTenantUpdatedDetail>;
        'tk-session-settings-updated': CustomEvent<TkPolicyDetail>;
        'tk-password-policy-updated': CustomEvent<TkPolicyDetail>;
        'tk-domain-added': CustomEvent<TkDomainDetail>;
        'tk-domain-verified': CustomEvent<TkDomainDetail>;
        'tk-domain-verification-failed': CustomEvent<TkDomainDetail>;
        'tk-domain-removed': CustomEvent<TkDomainDetail>;
    }
}
"#;
