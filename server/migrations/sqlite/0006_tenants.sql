-- Tenants as the management API manages them: flags, settings, self-provisioning domains (unique
-- across tenants, one row each) and the definitions of tenants' custom attributes.
-- Keep in step with ../postgres/0006_tenants.sql.
ALTER TABLE tenants ADD COLUMN enforce_sso INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
-- JSON object of the tenant's settings (session lengths and the like), as last set.
ALTER TABLE tenants ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';

-- A domain routes to one tenant only. (tenants.self_provisioning_domains, from the foundation
-- schema, is no longer read: the demo seed never filled it.)
CREATE TABLE tenant_domains (
    domain TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE
);
CREATE INDEX tenant_domains_tenant ON tenant_domains (tenant_id);

CREATE TABLE tenant_attribute_definitions (
    name TEXT PRIMARY KEY NOT NULL,
    kind INTEGER NOT NULL,
    options TEXT NOT NULL DEFAULT '[]',
    display_name TEXT NOT NULL DEFAULT '',
    created BIGINT NOT NULL
);
