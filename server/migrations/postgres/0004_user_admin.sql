-- User administration: authenticator flags, password expiry, invitations and custom attribute
-- definitions. Keep in step with ../sqlite/0004_user_admin.sql.

-- A password that must be replaced before the next sign-in (expired, or a temporary one).
ALTER TABLE users ADD COLUMN password_expired BOOLEAN NOT NULL DEFAULT FALSE;
-- Enrolled authenticators: TOTP (authenticator app) and passkeys (WebAuthn).
ALTER TABLE users ADD COLUMN totp BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN webauthn BOOLEAN NOT NULL DEFAULT FALSE;

-- One open invitation per user: the SHA-256 of the one-time token, never the token itself.
CREATE TABLE invitations (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    -- The tenant the invitation was sent from ('' for a project-level invitation).
    tenant_id TEXT NOT NULL DEFAULT '',
    invite_url TEXT NOT NULL DEFAULT '',
    sent BIGINT NOT NULL,
    expires BIGINT NOT NULL
);

-- Custom attribute definitions of the project's users; values live in users.custom_attributes.
CREATE TABLE custom_attributes (
    name TEXT PRIMARY KEY NOT NULL,
    kind INTEGER NOT NULL,
    options TEXT NOT NULL DEFAULT '[]',
    display_name TEXT NOT NULL DEFAULT '',
    created BIGINT NOT NULL
);
