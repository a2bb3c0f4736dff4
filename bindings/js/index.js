// The entry of @tenantkit/elements: the WebAssembly module's public functions and nothing of its
// internals (wasm-bindgen's glue exports the Rust objects the element shim drives, and its
// declarations name the module's `__wbindgen_*` exports). Importing this file has no side effect
// and works in Node (server-side rendering): nothing touches the DOM until `init()`.

import wasmInit, { define as defineElements, setLocalesUrl as setCatalogBase } from '../pkg/tenantkit.js';

/** Every tag, in the order `define()` registers them. */
export const TAGS = Object.freeze([
  'tenant-user-management',
  'tenant-role-management',
  'tenant-access-key-management',
  'tenant-audit-log',
  'tenant-sso-setup',
  'tenant-profile',
]);

/** Every event name the elements dispatch (see the README's Events table). */
export const EVENTS = Object.freeze([
  'tk-ready',
  'tk-error',
  'tk-session-expired',
  'tk-token-refreshed',
  'tk-user-created',
  'tk-user-updated',
  'tk-user-deleted',
  'tk-user-status-changed',
  'tk-user-removed-from-tenant',
  'tk-password-reset',
  'tk-password-expired',
  'tk-passkeys-removed',
  'tk-totp-removed',
  'tk-user-signed-out',
  'tk-invitation-resent',
  'tk-impersonate',
  'tk-bulk-action-completed',
  'tk-users-exported',
  'tk-audit-exported',
  'tk-role-created',
  'tk-role-updated',
  'tk-role-deleted',
  'tk-access-key-created',
  'tk-access-key-updated',
  'tk-access-key-rotated',
  'tk-access-key-status-changed',
  'tk-access-key-deleted',
  'tk-sso-created',
  'tk-sso-configured',
  'tk-sso-status-changed',
  'tk-sso-deleted',
  'tk-tenant-updated',
  'tk-session-settings-updated',
  'tk-password-policy-updated',
  'tk-domain-added',
  'tk-domain-verified',
  'tk-domain-verification-failed',
  'tk-domain-removed',
]);

let loading = null;

/**
 * Loads the WebAssembly module (once, however often it is called) and defines the elements.
 * @param {{ module_or_path?: unknown }} [options] where `tenantkit_bg.wasm` is, when a bundler or
 *   CDN moved it
 */
export default function init(options) {
  loading ??= wasmInit(options).catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * Where the translations are when a bundler or CDN did not keep `pkg/locales/` beside the module:
 * the elements fetch `<url><locale>.json` (e.g. `https://cdn.example.com/tenantkit/locales/`).
 * `null` goes back to the default. Needs `init()` first.
 * @param {string | null} url
 */
export function setLocalesUrl(url) {
  setCatalogBase(url ?? undefined);
}

/** Defines the elements again; harmless when they are defined. Needs `init()` first. */
export function define() {
  defineElements();
}
