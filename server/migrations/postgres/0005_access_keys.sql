-- Access keys: a tenant's (or the project's) machines exchange one for a short-lived session JWT.
-- Only the SHA-256 of the cleartext is kept. Same text on SQLite and PostgreSQL (keep in step with
-- ../sqlite/0005_access_keys.sql).
CREATE TABLE access_keys (
    id TEXT PRIMARY KEY NOT NULL,
    -- The tenant that owns the key ('' for a project-level key made with the management key).
    tenant_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    secret_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'active',
    created BIGINT NOT NULL,
    -- Epoch seconds; 0 = never.
    expire_time BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL DEFAULT '',
    bound_user_id TEXT NOT NULL DEFAULT '',
    -- JSON array of addresses and CIDR ranges; [] = anywhere.
    permitted_ips TEXT NOT NULL DEFAULT '[]',
    last_used BIGINT NOT NULL DEFAULT 0,
    last_used_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_keys_tenant ON access_keys (tenant_id, created);

CREATE TABLE access_key_tenants (
    key_id TEXT NOT NULL REFERENCES access_keys (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    PRIMARY KEY (key_id, tenant_id)
);
CREATE INDEX access_key_tenants_tenant ON access_key_tenants (tenant_id, key_id);

-- tenant_id '' is a project-level grant; otherwise the role is held within that tenant.
CREATE TABLE access_key_roles (
    key_id TEXT NOT NULL REFERENCES access_keys (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL DEFAULT '',
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (key_id, tenant_id, role_id)
);
CREATE INDEX access_key_roles_role ON access_key_roles (role_id, tenant_id);
