// The tags and events of @tenantkit/elements, in a module of their own so the autoload entry can
// know the tags without loading any element (`index.js` re-exports both).

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
