-- Word prefixes of the user search text (SQLite). Keep in step with
-- ../postgres/0111_user_search_words.sql.
--
-- Text of one or two characters is too short for the trigram index (users_fts, migration
-- 0003), and a substring scan of every user's search_text took 160-550 ms in a tenant of
-- 100,000 users. Such text now matches the start of a word instead: users_words indexes the
-- words of search_text (runs of letters and digits, case-folded, accents kept) with prefix
-- indexes of one and two characters, so `"ab"*` is one index read. Only rowids are kept
-- (detail=none): the search asks which users, never where.
--
-- An external-content table over users keyed by rowid, kept by the same triggers as
-- users_fts; should it disagree with the table, `INSERT INTO users_words(users_words) VALUES
-- ('rebuild')` rebuilds it.
CREATE VIRTUAL TABLE users_words USING fts5 (
    search_text,
    content = 'users',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2',
    detail = none,
    columnsize = 0
);
INSERT INTO users_words (users_words) VALUES ('rebuild');

-- A new row enters with its default text; users_search_insert (0003) then sets the text, which
-- users_words_update follows. SQLite fires the newest trigger first, so this one runs before
-- that update.
CREATE TRIGGER users_words_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_words (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER users_words_update AFTER UPDATE OF search_text ON users BEGIN
    INSERT INTO users_words (users_words, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO users_words (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER users_words_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_words (users_words, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
