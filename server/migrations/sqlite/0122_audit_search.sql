-- Indexed free-text search of the audit log (SQLite, issue 17). Keep in step with
-- ../postgres/0122_audit_search.sql.
--
-- An audit search's text is a case-insensitive substring of the action, the actor, the user,
-- the remote address or the data (or of a login id of the user or the actor). Checking that
-- on every event took 2-4 s in a tenant of 1,000,000 events. audit_fts indexes those columns by
-- trigrams, so the events holding every trigram of a text (three characters or more) are
-- found without reading the others; the search then checks each such candidate with the very
-- `LIKE` it used before (Db::search_audit), so it answers exactly what it answered before.
-- Only rowids are kept (detail=none): the search asks which events, never where in them; the
-- index is about a fifth of the size of a full one.
--
-- An external-content table over audit_events keyed by its rowid, kept by the triggers below;
-- should it ever disagree with the table, `INSERT INTO audit_fts(audit_fts) VALUES ('rebuild')`
-- rebuilds it. Events are never updated; retention deletes them.
CREATE VIRTUAL TABLE audit_fts USING fts5 (
    action,
    actor_id,
    user_id,
    remote_address,
    data,
    content = 'audit_events',
    content_rowid = 'rowid',
    tokenize = 'trigram',
    detail = none,
    columnsize = 0
);
INSERT INTO audit_fts (audit_fts) VALUES ('rebuild');

CREATE TRIGGER audit_fts_insert AFTER INSERT ON audit_events BEGIN
    INSERT INTO audit_fts (rowid, action, actor_id, user_id, remote_address, data)
    VALUES (new.rowid, new.action, new.actor_id, new.user_id, new.remote_address, new.data);
END;
CREATE TRIGGER audit_fts_delete AFTER DELETE ON audit_events BEGIN
    INSERT INTO audit_fts (audit_fts, rowid, action, actor_id, user_id, remote_address, data)
    VALUES ('delete', old.rowid, old.action, old.actor_id, old.user_id, old.remote_address, old.data);
END;
CREATE TRIGGER audit_fts_update AFTER UPDATE ON audit_events BEGIN
    INSERT INTO audit_fts (audit_fts, rowid, action, actor_id, user_id, remote_address, data)
    VALUES ('delete', old.rowid, old.action, old.actor_id, old.user_id, old.remote_address, old.data);
    INSERT INTO audit_fts (rowid, action, actor_id, user_id, remote_address, data)
    VALUES (new.rowid, new.action, new.actor_id, new.user_id, new.remote_address, new.data);
END;

-- The events of the actors whose login ids hold a text, as audit_events_user finds those of
-- the users.
CREATE INDEX audit_events_actor ON audit_events (actor_id, occurred);
