-- A tenant's members by the start of each word of their search text, in name order (SQLite).
-- Keep in step with ../postgres/0128_member_word_starts.sql, which says why. Here it replaces,
-- for one tenant's word prefix sorted by name, the walk of the tenant's members past the ones
-- the text misses (Db::text_misses) or the sort of every match found by users_words (0126):
-- `e` in the benchmark's tenant of 100,000 users took 13 ms.
--
-- A user's word starts are the first character and the first two of each word as users_words
-- sees it (its tokenizer: runs of letters and digits, case-folded, accents kept). SQL cannot
-- split words as the tokenizer does, so the tokenizer itself splits them: a one-row FTS5
-- table, filled and emptied inside each trigger that needs a user's words, and its vocabulary.
-- It keeps no content, so emptying it is `delete-all` (a third cheaper than a `DELETE`, which
-- would read the text again to find its entries).
CREATE VIRTUAL TABLE word_start_probe USING fts5 (
    search_text,
    content = '',
    tokenize = 'unicode61 remove_diacritics 0',
    detail = none
);
CREATE VIRTUAL TABLE word_start_probe_terms USING fts5vocab (word_start_probe, 'row');
CREATE VIEW word_start_probe_starts AS
SELECT substr(term, 1, 1) AS word_start FROM word_start_probe_terms
UNION
SELECT substr(term, 1, 2) FROM word_start_probe_terms;

-- One row a membership and word start; the page reads its key alone.
CREATE TABLE member_word_starts (
    tenant_id TEXT NOT NULL,
    word_start TEXT NOT NULL,
    name_order TEXT NOT NULL,
    user_id TEXT NOT NULL,
    test INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, word_start, name_order, user_id)
) WITHOUT ROWID;
CREATE INDEX member_word_starts_user ON member_word_starts (user_id, tenant_id);

-- Enters a membership's rows: its user's word starts, name and test flag. The one place that
-- does it is this view's INSTEAD OF trigger (SQLite has no procedures): the triggers below and
-- the filling of the index insert (tenant, user) pairs into the view.
CREATE VIEW member_word_starts_of (tenant_id, user_id) AS SELECT '', '' WHERE 0;
CREATE TRIGGER member_word_starts_of INSTEAD OF INSERT ON member_word_starts_of BEGIN
    INSERT INTO word_start_probe (rowid, search_text)
    SELECT 1, u.search_text FROM users u WHERE u.id = new.user_id;
    INSERT INTO member_word_starts (tenant_id, word_start, name_order, user_id, test)
    SELECT new.tenant_id, s.word_start, lower(u.name), u.id, u.test
    FROM users u, word_start_probe_starts s WHERE u.id = new.user_id;
    INSERT INTO word_start_probe (word_start_probe) VALUES ('delete-all');
END;
INSERT INTO member_word_starts_of (tenant_id, user_id) SELECT tenant_id, user_id FROM user_tenants;

-- A new membership enters with its user's word starts, leaves with them, and moves with them
-- to another user or tenant.
CREATE TRIGGER user_tenants_word_starts_insert AFTER INSERT ON user_tenants BEGIN
    INSERT INTO member_word_starts_of (tenant_id, user_id) VALUES (new.tenant_id, new.user_id);
END;
CREATE TRIGGER user_tenants_word_starts_delete AFTER DELETE ON user_tenants BEGIN
    DELETE FROM member_word_starts WHERE user_id = old.user_id AND tenant_id = old.tenant_id;
END;
CREATE TRIGGER user_tenants_word_starts_move AFTER UPDATE OF user_id, tenant_id ON user_tenants
BEGIN
    DELETE FROM member_word_starts WHERE user_id = old.user_id AND tenant_id = old.tenant_id;
    INSERT INTO member_word_starts_of (tenant_id, user_id) VALUES (new.tenant_id, new.user_id);
END;
-- A member's new name, test flag or search text reaches each of its memberships.
CREATE TRIGGER users_word_starts AFTER UPDATE OF name, test, search_text ON users
WHEN new.memberships > 0 AND (new.name IS NOT old.name OR new.test IS NOT old.test
    OR new.search_text IS NOT old.search_text)
BEGIN
    DELETE FROM member_word_starts WHERE user_id = new.id;
    INSERT INTO member_word_starts_of (tenant_id, user_id)
    SELECT tenant_id, user_id FROM user_tenants WHERE user_id = new.id;
END;
