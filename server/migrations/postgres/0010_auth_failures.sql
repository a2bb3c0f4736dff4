-- Failed credential checks per subject ('login:<login id in lower case>', 'accesskey:<key id>'):
-- the lockout of auth/throttle.rs. In the database so that every server process on one
-- PostgreSQL sees the same lock. 'guarding' is a fingerprint of the password hash the failures
-- were against ('' for none): a new password lifts the lock. Times are epoch seconds; rows whose
-- last failure is older than the lock time are pruned as failures are recorded.
-- Same text on SQLite and PostgreSQL (keep in step with ../sqlite/0010_auth_failures.sql).
CREATE TABLE auth_failures (
    subject TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0,
    guarding TEXT NOT NULL DEFAULT ''
);
CREATE INDEX auth_failures_last_failure ON auth_failures (last_failure);
