-- Tenant policy that takes effect (keep in step with ../postgres/0011_tenant_policy.sql).

-- Password policies: the project's (tenant_id '') and each tenant's, as PasswordSettings JSON.
CREATE TABLE password_policies (
    tenant_id TEXT PRIMARY KEY,
    settings TEXT NOT NULL
);

-- What the policy needs to know of a user's password: when it was set (expiry), failed
-- sign-ins in a row and whether they locked the account, and the last activity (inactivity
-- timeout). Existing passwords count as set now, so that enabling expiry expires none at once.
ALTER TABLE users ADD COLUMN password_changed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_sign_ins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_active BIGINT NOT NULL DEFAULT 0;
UPDATE users SET password_changed = CAST(strftime('%s', 'now') AS INTEGER) WHERE password_hash IS NOT NULL;

-- Previous password hashes (newest kept; the reuse rule compares against the last N).
CREATE TABLE password_history (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    created BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, created);

-- A tenant's claim on an email domain and its proof: the TXT record value it must publish
-- (token), and when it was verified (0: not yet). vouched: set by the product owner with the
-- management key. Many tenants may claim a domain; only one may hold it verified.
CREATE TABLE domain_claims (
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    token TEXT NOT NULL,
    vouched INTEGER NOT NULL DEFAULT 0,
    created BIGINT NOT NULL,
    verified BIGINT NOT NULL DEFAULT 0,
    checked BIGINT NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, domain)
);
CREATE UNIQUE INDEX domain_claims_verified ON domain_claims (domain) WHERE verified > 0;

-- Self-provisioning domains were set with the management key: the product owner vouched.
INSERT INTO domain_claims (tenant_id, domain, token, vouched, created, verified)
SELECT tenant_id, domain, '', 1, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER) FROM tenant_domains;
