-- Indexed free-text search of users (SQLite). Keep in step with ../postgres/0003_user_search.sql.
--
-- users.search_text holds the lower-cased name, email, phone and login ids of a user, one per
-- line. Triggers keep it current, so code that writes users or login_ids never maintains it. A
-- line break separates the values because validated values never contain one: a search
-- cannot match across two of them.
--
-- users_fts indexes search_text by trigrams, which answers substring queries of three or more
-- characters. It is an external-content table over users keyed by the users' rowid: users has
-- no INTEGER PRIMARY KEY, but it has indexes, and VACUUM copies the rows of such a table with
-- their rowids (server/tests/api/search.rs checks this). Should the index ever disagree with the
-- table, `INSERT INTO users_fts(users_fts) VALUES ('rebuild')` rebuilds it from users.

ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

-- The one definition of a user's search text (SQLite has no stored functions); the triggers
-- read it for one user at a time.
CREATE VIEW user_search_text (user_id, search_text) AS
SELECT u.id,
       lower(u.name || char(10) || u.email || char(10) || u.phone
             || coalesce((SELECT char(10) || group_concat(l.login_id, char(10))
                          FROM login_ids l WHERE l.user_id = u.id), ''))
FROM users u;

UPDATE users SET search_text = (SELECT s.search_text FROM user_search_text s WHERE s.user_id = users.id);

CREATE VIRTUAL TABLE users_fts USING fts5 (
    search_text,
    content = 'users',
    content_rowid = 'rowid',
    tokenize = 'trigram'
);
INSERT INTO users_fts (users_fts) VALUES ('rebuild');

-- The text follows the user's own columns. Setting search_text fires users_fts_update below,
-- which is why the new row enters the index here first (with the empty default text).
CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
    UPDATE users SET search_text = (SELECT s.search_text FROM user_search_text s WHERE s.user_id = new.id)
    WHERE rowid = new.rowid;
END;
CREATE TRIGGER users_search_update AFTER UPDATE OF name, email, phone ON users BEGIN
    UPDATE users SET search_text = (SELECT s.search_text FROM user_search_text s WHERE s.user_id = new.id)
    WHERE rowid = new.rowid;
END;

-- ... and the user's login ids.
CREATE TRIGGER login_ids_search_insert AFTER INSERT ON login_ids BEGIN
    UPDATE users SET search_text = (SELECT s.search_text FROM user_search_text s WHERE s.user_id = users.id)
    WHERE id = new.user_id;
END;
CREATE TRIGGER login_ids_search_update AFTER UPDATE ON login_ids BEGIN
    UPDATE users SET search_text = (SELECT s.search_text FROM user_search_text s WHERE s.user_id = users.id)
    WHERE id IN (old.user_id, new.user_id);
END;
CREATE TRIGGER login_ids_search_delete AFTER DELETE ON login_ids BEGIN
    UPDATE users SET search_text = (SELECT s.search_text FROM user_search_text s WHERE s.user_id = users.id)
    WHERE id = old.user_id;
END;

-- The standard sync triggers of an external-content FTS5 table.
CREATE TRIGGER users_fts_update AFTER UPDATE OF search_text ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO users_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;

-- The default order of a search, LOWER(name) then id: a page is read off this index instead
-- of sorting every user of the tenant.
CREATE INDEX users_name_order ON users (lower(name), id);
