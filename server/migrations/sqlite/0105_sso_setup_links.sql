-- SSO setup links (issue 19; Descope's "SSO admin links"): a time-limited, revocable link that
-- lets a customer's IT admin set up one tenant's SSO without an account. Only the SHA-256 of
-- its secret is stored; the generate answer is the only place the cleartext ever is.
-- Same text as ../postgres/0105_sso_setup_links.sql.
CREATE TABLE sso_setup_links (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    sso_id TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    secret_hash TEXT NOT NULL UNIQUE,
    -- Recorded as the actor of what is done with the link ('' : "SSO setup link (<email>)").
    actor_id TEXT NOT NULL DEFAULT '',
    -- Who generated it, for the list (a user id or mgmt:<keyId>).
    created_by TEXT NOT NULL DEFAULT '',
    -- The tenant admin who generated it in widget mode ('' for the management key): the link
    -- grants roles in SSO group mappings only as far as they may.
    created_by_user TEXT NOT NULL DEFAULT '',
    created BIGINT NOT NULL,
    expires BIGINT NOT NULL,
    last_used BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sso_setup_links_tenant ON sso_setup_links (tenant_id, expires);
