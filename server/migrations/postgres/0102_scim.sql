-- SCIM 2.0 provisioning per tenant (issue 18). Same text on PostgreSQL but for booleans
-- (BOOLEAN here, INTEGER 0/1 there; keep in step with ../sqlite/0102_scim.sql).

-- The tenant's SCIM bearer token: one per tenant (rotating replaces it), stored as the SHA-256
-- of its cleartext, which only the create/rotate answer ever holds.
CREATE TABLE scim_tokens (
    tenant_id TEXT PRIMARY KEY NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL UNIQUE,
    created BIGINT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    last_used BIGINT NOT NULL DEFAULT 0
);

-- What SCIM knows of a user in a tenant beyond the user itself: the IdP's externalId, whether
-- the IdP has them active (a deactivated member of other tenants too is no longer a member of
-- this one, but stays a SCIM resource here until deleted), and when SCIM last changed them.
CREATE TABLE scim_users (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    external_id TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX scim_users_external ON scim_users (tenant_id, external_id);

-- Groups pushed by the IdP, their members, and the tenant roles each group grants (the
-- mapping the tenant admin edits).
CREATE TABLE scim_groups (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    display_name TEXT NOT NULL,
    external_id TEXT NOT NULL DEFAULT '',
    created BIGINT NOT NULL,
    modified BIGINT NOT NULL,
    UNIQUE (tenant_id, display_name)
);
CREATE TABLE scim_group_members (
    group_id TEXT NOT NULL REFERENCES scim_groups (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX scim_group_members_user ON scim_group_members (user_id, group_id);
CREATE TABLE scim_group_roles (
    group_id TEXT NOT NULL REFERENCES scim_groups (id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, role_id)
);

-- Role grants that came from SCIM groups: membership and mapping changes replace these and
-- never touch roles granted by hand.
CREATE TABLE scim_granted_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, tenant_id, role_id)
);

-- The SCIM section shows a tenant's latest SCIM activity: the events whose actor is SCIM.
CREATE INDEX audit_events_tenant_actor ON audit_events (tenant_id, actor_id, occurred);
