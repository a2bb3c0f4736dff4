-- Sign-in history (issue 19, Descope's `users_auth_history`): one row per sign-in attempt of a
-- known user, successful or not. `at_ms` is epoch milliseconds; `seq` orders rows of the same
-- millisecond. `tenant_id` is the tenant the sign-in was into ('' when none in particular: a
-- password sign-in). Bounded: storage keeps the newest rows per user, and the audit retention
-- deletes old ones. Keep in step with ../postgres/0104_sign_ins.sql (only `seq` differs).
CREATE TABLE sign_ins (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at_ms BIGINT NOT NULL,
    method TEXT NOT NULL,
    tenant_id TEXT NOT NULL DEFAULT '',
    remote_address TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    success INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
-- A user's newest first (the history read and the per-user trim), and age (retention).
CREATE INDEX sign_ins_user_time ON sign_ins (user_id, at_ms DESC, seq DESC);
CREATE INDEX sign_ins_time ON sign_ins (at_ms);
