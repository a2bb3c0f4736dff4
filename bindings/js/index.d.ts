// The public types of @tenantkit/elements, written by hand: wasm-bindgen's own declarations
// (pkg/tenantkit.d.ts) describe the module's internals and are not part of the package's API.
// xtask/scripts/manifest.mjs checks the tags and events here against the Rust sources and the
// README on every build, and writes custom-elements.json from the same facts.

/** What `init()` accepts: the URL (or Response, or compiled module) of `tenantkit_bg.wasm`. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the WebAssembly module and defines the elements. Without an argument the `.wasm` is
 * fetched next to the module (`new URL('tenantkit_bg.wasm', import.meta.url)`); pass
 * `{ module_or_path }` when a bundler or CDN moves it. Calling it again does nothing.
 */
export default function init(
    options?: { module_or_path?: InitInput | Promise<InitInput> },
): Promise<unknown>;

/**
 * Where the translations are (`<url><locale>.json`) when a bundler or CDN did not keep
 * `pkg/locales/` beside the module; `null` goes back to the default. Call after `init()`.
 */
export function setLocalesUrl(url: string | null): void;

/** Defines the elements again (after `init()`, which already did); harmless when they are defined. */
export function define(): void;

/** Every tag, in the order `define()` registers them. */
export const TAGS: readonly TenantKitTag[];

/** Every event name the elements dispatch. */
export const EVENTS: readonly (keyof TenantKitEventMap)[];

/** Each tag and its element's type. */
export interface TenantKitElementTagNameMap {
    'tenant-user-management': TenantUserManagementElement;
    'tenant-role-management': TenantRoleManagementElement;
    'tenant-access-key-management': TenantAccessKeyManagementElement;
    'tenant-audit-log': TenantAuditLogElement;
    'tenant-sso-setup': TenantSsoSetupElement;
    'tenant-profile': TenantProfileElement;
}

/** A TenantKit tag. */
export type TenantKitTag = keyof TenantKitElementTagNameMap;

/** The `theme` attribute: light, dark, or `auto` (the system's `prefers-color-scheme`). */
export type TenantKitTheme = 'light' | 'dark' | 'auto';

/** What every TenantKit element has in common. */
export interface TenantWidgetElement extends HTMLElement {
    /** Reflects the `project-id` attribute. */
    projectId: string | null;
    /** Reflects the `tenant` attribute. */
    tenant: string | null;
    /** Reflects the `base-url` attribute. */
    baseUrl: string | null;
    /** Reflects the `locale` attribute (`fr`, `pt-BR`, `ar`, ...); `null`: the page's `lang`, then the browser's. */
    locale: string | null;
    /** The page's own wording over the locale's: catalog path -> text, e.g. `{ 'users.title': 'People' }`. */
    strings: Record<string, string | string[]> | null;
    /** Reflects the `theme` attribute; `null`: the page's `color-scheme`. */
    theme: TenantKitTheme | null;
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
/** `detail` of `tk-impersonate`: the impersonated user's refresh JWT (its `act.sub` is the admin); the page navigates. */
export interface TkImpersonateDetail { userId: string; loginId: string; refreshJwt: string }
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

/** Every event of the elements (they bubble and are composed) and its type. */
export interface TenantKitEventMap {
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
    'tk-impersonate': CustomEvent<TkImpersonateDetail>;
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

/** `tk-user-created` -> `TkUserCreated`. */
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}`
    ? `${Capitalize<Head>}${Pascal<Tail>}`
    : Capitalize<S>;

/** `onTkReady`, `onTkUserCreated`, ...: one optional listener per `tk-*` event (the React and Vue wrappers' props). */
export type TenantKitEventProps = {
    [Name in keyof TenantKitEventMap as `on${Pascal<Name & string>}`]?: (
        event: TenantKitEventMap[Name],
    ) => void;
};

/** The props the React and Vue wrappers share: the element's settings and `onTk*` listeners. */
export interface TenantWidgetWrapperProps extends TenantKitEventProps {
    /** The `project-id` attribute. */
    projectId?: string;
    /** The `tenant` attribute. */
    tenant?: string;
    /** The `base-url` attribute. */
    baseUrl?: string;
    /** The `locale` attribute. */
    locale?: string;
    /** Set as the element's `strings` property. */
    strings?: Record<string, string | string[]> | null;
    /** The `theme` attribute. */
    theme?: TenantKitTheme;
    /** Set as the element's `sessionToken` property (not an attribute). */
    sessionToken?: string | null;
    /** Set as the element's `tokenProvider` property. */
    tokenProvider?: (() => Promise<string | null>) | null;
}

/** The attributes of every element, as JSX writes them (kebab-case, like HTML). */
export interface TenantWidgetAttributes {
    'project-id'?: string;
    tenant?: string;
    'base-url'?: string;
    locale?: string;
    theme?: TenantKitTheme;
    /** Prefer the `sessionToken` property: an attribute is visible in the DOM. */
    'session-token'?: string;
    id?: string;
    class?: string;
    className?: string;
    slot?: string;
    part?: string;
    hidden?: boolean;
    style?: unknown;
    key?: string | number | bigint | null;
    ref?: unknown;
    children?: unknown;
}

/** The intrinsic elements a JSX page may write. */
export type TenantKitIntrinsicElements = { [Tag in TenantKitTag]: TenantWidgetAttributes };

declare global {
    interface HTMLElementTagNameMap extends TenantKitElementTagNameMap {}
    interface HTMLElementEventMap extends TenantKitEventMap {}
    interface DocumentEventMap extends TenantKitEventMap {}
    interface WindowEventMap extends TenantKitEventMap {}
    // JSX runtimes that read the global namespace (Preact, Solid, older React types).
    namespace JSX {
        interface IntrinsicElements extends TenantKitIntrinsicElements {}
    }
}

// React 19 reads `React.JSX` (the `react-jsx` runtime). Without React's types installed this
// augmentation is inert.
declare module 'react' {
    namespace JSX {
        interface IntrinsicElements extends TenantKitIntrinsicElements {}
    }
}
