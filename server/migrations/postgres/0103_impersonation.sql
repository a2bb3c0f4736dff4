-- Impersonation sessions (issue 19). The same text on both databases (keep in step with
-- ../sqlite/0103_impersonation.sql).

-- One row per impersonation: who (actor_id) acts as whom (user_id), confined to tenant_id
-- ('' = not confined), until expires (epoch seconds) or until ended (epoch seconds, 0 while it
-- stands). A token carrying the row's id works only while the row stands.
CREATE TABLE impersonations (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL DEFAULT '',
    started BIGINT NOT NULL,
    expires BIGINT NOT NULL,
    ended BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX impersonations_user ON impersonations (user_id);
CREATE INDEX impersonations_actor ON impersonations (actor_id);
