-- Indexed free-text search of the audit log (PostgreSQL, issue 17). Keep in step with
-- ../sqlite/0122_audit_search.sql.
--
-- An audit search's text is a case-insensitive substring of the action, the actor, the user,
-- the remote address or the data (or of a login id of the user or the actor). Checking that
-- on every event took 2.6-6 s in a tenant of 1,000,000 events. This trigram index (pg_trgm,
-- created by 0003) covers the five columns joined by line breaks and lower-cased; the search
-- asks it for `LIKE '%text%'` on that same expression (Db::search_audit, AUDIT_SEARCH_TEXT:
-- the two must stay identical) and then checks each column with the very `LIKE` it used
-- before, so it answers exactly what it answered before. Text of one or two characters has no
-- trigram to look up: it is still checked event by event, a page at a time.
CREATE INDEX audit_events_search ON audit_events USING gin (
    (lower(action || E'\n' || actor_id || E'\n' || user_id || E'\n' || remote_address || E'\n' || data))
    gin_trgm_ops
);

-- The events of the actors whose login ids hold a text, as audit_events_user finds those of
-- the users.
CREATE INDEX audit_events_actor ON audit_events (actor_id, occurred);
