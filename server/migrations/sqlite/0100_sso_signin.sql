-- SSO sign-in (issue 15): pending SP-initiated requests, assertion ids seen (replay), one-time
-- codes of the Descope exchange, roles the IdP granted (so later sign-ins touch only those), the
-- per-connection IdP-initiated switch and test runs. Numbered high so it does not collide with
-- migrations added on main meanwhile. Same text on SQLite and PostgreSQL but for booleans
-- (INTEGER 0/1 here, BOOLEAN there; keep in step with
-- ../postgres/0100_sso_signin.sql).

-- A sign-in started here and not finished yet: the SAML AuthnRequest id (InResponseTo) or the
-- OIDC state, with what the callback needs. Deleted when used or expired.
CREATE TABLE sso_pending (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL,
    sso_id TEXT NOT NULL,
    protocol TEXT NOT NULL,
    -- The SAML RelayState / OIDC state the browser carries back.
    relay_state TEXT NOT NULL UNIQUE,
    redirect_url TEXT NOT NULL DEFAULT '',
    -- OIDC: the nonce and the PKCE verifier.
    nonce TEXT NOT NULL DEFAULT '',
    pkce_verifier TEXT NOT NULL DEFAULT '',
    -- A test run's id ('' for a real sign-in).
    test_run TEXT NOT NULL DEFAULT '',
    expires BIGINT NOT NULL,
    FOREIGN KEY (tenant_id, sso_id) REFERENCES sso_configs (tenant_id, sso_id) ON DELETE CASCADE
);

-- Assertion ids already accepted, per IdP entity id, until they could no longer be valid.
CREATE TABLE sso_seen_assertions (
    issuer TEXT NOT NULL,
    assertion_id TEXT NOT NULL,
    expires BIGINT NOT NULL,
    PRIMARY KEY (issuer, assertion_id)
);

-- One-time codes of POST /v1/auth/saml/exchange, as SHA-256 hashes.
CREATE TABLE sso_codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    amr TEXT NOT NULL,
    -- The user was created by this sign-in (the exchange's firstSeen).
    first_seen INTEGER NOT NULL DEFAULT 0,
    expires BIGINT NOT NULL
);

-- Role grants that came from an IdP (group mapping or default roles): later sign-ins replace
-- these and never touch roles granted by hand.
CREATE TABLE sso_granted_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, tenant_id, role_id)
);

-- Users who signed in through SSO, per tenant (enforceSSO refuses their password sign-in), and
-- the last successful sign-in per connection.
CREATE TABLE sso_users (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    sso_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    last_sign_in BIGINT NOT NULL,
    PRIMARY KEY (user_id, tenant_id)
);

-- Per-connection options of sign-in (a row only when one differs from the default).
CREATE TABLE sso_signin_options (
    tenant_id TEXT NOT NULL,
    sso_id TEXT NOT NULL,
    allow_idp_initiated INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, sso_id),
    FOREIGN KEY (tenant_id, sso_id) REFERENCES sso_configs (tenant_id, sso_id) ON DELETE CASCADE
);

-- Test runs of a connection: the diagnosis as JSON once the IdP answered.
CREATE TABLE sso_test_runs (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL,
    sso_id TEXT NOT NULL,
    started BIGINT NOT NULL,
    finished BIGINT NOT NULL DEFAULT 0,
    passed INTEGER NOT NULL DEFAULT 0,
    diagnosis TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (tenant_id, sso_id) REFERENCES sso_configs (tenant_id, sso_id) ON DELETE CASCADE
);
CREATE INDEX sso_test_runs_config ON sso_test_runs (tenant_id, sso_id, started);
