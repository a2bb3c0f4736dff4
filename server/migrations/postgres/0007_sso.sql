-- Tenant SSO configurations (several per tenant; sso_id '' is the tenant's default one). Same text
-- on SQLite and PostgreSQL (keep in step with ../sqlite/0007_sso.sql).
CREATE TABLE sso_configs (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    sso_id TEXT NOT NULL DEFAULT '',
    display_name TEXT NOT NULL DEFAULT '',
    -- What sign-in uses: 'none' (disabled), 'saml' or 'oidc'.
    auth_type TEXT NOT NULL DEFAULT 'none',
    -- Which protocol's settings were saved: 'none' (not configured yet), 'saml' or 'oidc'.
    configured TEXT NOT NULL DEFAULT 'none',
    -- JSON: the SAML settings (IdP certificate as base64 DER) and the OIDC settings without the
    -- client secret.
    saml TEXT NOT NULL DEFAULT '{}',
    oidc TEXT NOT NULL DEFAULT '{}',
    -- The OIDC client secret sealed with AES-256-GCM ('' = none); never returned.
    oidc_secret TEXT NOT NULL DEFAULT '',
    created BIGINT NOT NULL,
    updated BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, sso_id)
);

-- A domain routes to one configuration of one tenant: the primary key makes it unique across
-- tenants. Stored lower-case.
CREATE TABLE sso_domains (
    domain TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL,
    sso_id TEXT NOT NULL,
    FOREIGN KEY (tenant_id, sso_id) REFERENCES sso_configs (tenant_id, sso_id) ON DELETE CASCADE
);
CREATE INDEX sso_domains_config ON sso_domains (tenant_id, sso_id);

-- Server-held secrets shared by every server process on the database (the key that seals OIDC
-- client secrets when TENANTKIT_SECRET_KEY is not set).
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
