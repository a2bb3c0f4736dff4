-- The audit log's search text kept with each event (PostgreSQL, issue 17). SQLite has no such
-- column: its `LIKE` folds case itself, and it matches each column (Db::search_audit).
--
-- 0122 indexed the searched columns joined by line breaks and lower-cased, as an expression.
-- Whatever the index did not answer, each event's text was still built and lower-cased to check
-- it: a text of one or two characters (no trigram to look up), and the recheck of a common
-- text walked newest first. Counting the first 10,001 events holding `37` in a tenant of
-- 1,000,000 took 121 ms that way, and 24 ms reading a stored copy of that text.
--
-- A generated column: PostgreSQL computes it from the same expression on every insert, so it
-- cannot disagree with the columns. Adding it rewrites the table once.
ALTER TABLE audit_events ADD COLUMN search_text TEXT GENERATED ALWAYS AS (
    lower(action || E'\n' || actor_id || E'\n' || user_id || E'\n' || remote_address || E'\n' || data)
) STORED;

-- The same trigram index as 0122's, over the column: a text of three characters or more is
-- looked up here first.
DROP INDEX audit_events_search;
CREATE INDEX audit_events_search ON audit_events USING gin (search_text gin_trgm_ops);
