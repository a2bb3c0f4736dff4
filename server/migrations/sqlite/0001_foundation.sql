-- TenantKit foundation schema (SQLite). Times are epoch seconds, JSON is TEXT, booleans are
-- INTEGER 0/1 (the sqlx Any driver cannot map SQLite's BOOLEAN). Keep in step with
-- ../postgres/0001_foundation.sql.

-- The one project of this installation; `singleton` makes concurrent first starts race-safe.
CREATE TABLE project (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    id TEXT NOT NULL UNIQUE,
    created BIGINT NOT NULL
);

-- RS256 signing keys as PKCS#8 PEM, shared by every process on this database.
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    private_pem TEXT NOT NULL,
    created BIGINT NOT NULL
);

-- Management keys, stored as the SHA-256 of the cleartext.
CREATE TABLE management_keys (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    key_hash TEXT NOT NULL UNIQUE,
    created BIGINT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tenants (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    self_provisioning_domains TEXT NOT NULL DEFAULT '[]',
    custom_attributes TEXT NOT NULL DEFAULT '{}',
    created BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    given_name TEXT NOT NULL DEFAULT '',
    middle_name TEXT NOT NULL DEFAULT '',
    family_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    verified_email INTEGER NOT NULL DEFAULT 0,
    verified_phone INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'enabled',
    custom_attributes TEXT NOT NULL DEFAULT '{}',
    picture TEXT NOT NULL DEFAULT '',
    created BIGINT NOT NULL,
    test INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT,
    -- Tokens issued (iat) before this instant are refused: logout-all, disable.
    sessions_valid_after BIGINT NOT NULL DEFAULT 0,
    -- 0 until the first sign-in (the `firstSeen` of the sign-in response).
    last_login BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX users_email ON users (email);
CREATE INDEX users_phone ON users (phone);
CREATE INDEX users_status ON users (status);
CREATE INDEX users_created ON users (created);

-- Login ids are unique regardless of case.
CREATE TABLE login_ids (
    login_id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX login_ids_lower ON login_ids (lower(login_id));
CREATE INDEX login_ids_user ON login_ids (user_id);

CREATE TABLE user_tenants (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    created BIGINT NOT NULL,
    PRIMARY KEY (user_id, tenant_id)
);
CREATE INDEX user_tenants_tenant ON user_tenants (tenant_id, user_id);

CREATE TABLE permissions (
    name TEXT PRIMARY KEY NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    system_default INTEGER NOT NULL DEFAULT 0,
    created BIGINT NOT NULL
);

-- tenant_id '' is a project role (usable in every tenant); otherwise the role belongs to a tenant.
CREATE TABLE roles (
    id TEXT PRIMARY KEY NOT NULL,
    tenant_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created BIGINT NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE role_permissions (
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission_name TEXT NOT NULL REFERENCES permissions (name) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (role_id, permission_name)
);

-- tenant_id '' is a project-level grant; otherwise the role is held within that tenant.
CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL DEFAULT '',
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, tenant_id, role_id)
);
CREATE INDEX user_roles_tenant ON user_roles (tenant_id, role_id);
CREATE INDEX user_roles_role ON user_roles (role_id);

-- Built-in permissions and the project role holding them all.
INSERT INTO permissions (name, description, system_default, created) VALUES
    ('User Admin', 'Manage the users, roles and access keys of a tenant', 1, CAST(strftime('%s', 'now') AS INTEGER)),
    ('SSO Admin', 'Manage the SSO settings of a tenant', 1, CAST(strftime('%s', 'now') AS INTEGER)),
    ('Impersonate', 'Impersonate the users of a tenant', 1, CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO roles (id, tenant_id, name, description, created) VALUES
    ('R-tenant-admin', '', 'Tenant Admin', 'Administers a tenant: users, roles, SSO and impersonation', CAST(strftime('%s', 'now') AS INTEGER));
INSERT INTO role_permissions (role_id, permission_name) VALUES
    ('R-tenant-admin', 'User Admin'),
    ('R-tenant-admin', 'SSO Admin'),
    ('R-tenant-admin', 'Impersonate');
