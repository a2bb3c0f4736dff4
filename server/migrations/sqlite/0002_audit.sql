-- Audit events: one row per change (and per refused access-key exchange). `occurred` is epoch
-- milliseconds, as the wire's audit search speaks it; `tenant_id` is '' for project-level events.
-- Same text on SQLite and PostgreSQL.
CREATE TABLE audit_events (
    id TEXT PRIMARY KEY NOT NULL,
    occurred BIGINT NOT NULL,
    actor_id TEXT NOT NULL DEFAULT '',
    user_id TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'info',
    tenant_id TEXT NOT NULL DEFAULT '',
    remote_address TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_tenant_time ON audit_events (tenant_id, occurred);
CREATE INDEX audit_events_time ON audit_events (occurred);
CREATE INDEX audit_events_user ON audit_events (user_id, occurred);
CREATE INDEX audit_events_action ON audit_events (action, occurred);
