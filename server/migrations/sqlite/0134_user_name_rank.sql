-- The text indexes list their matches in name order (SQLite only; PostgreSQL's trigram index
-- keeps no order).
--
-- A tenant's search for a text that more members match than a count counts, sorted by name,
-- walked the users in name order and asked each whether it matches, until a page matched: a
-- first name far along the order (`theodore` lies past 95% of a tenant of 1,000,000) walked
-- nearly every user, 300 ms. Each user now has a rank, an integer that grows with the user's
-- place in name order (lower(name), then id), and both text indexes (users_fts, users_words)
-- take it as their rowid. FTS5 reads its matches in rowid order, so the first page of any text
-- in name order is the index's first matches: `ORDER BY rowid LIMIT 50` (Db::ranked_text_page).
--
-- Ranks are placed with room between them. A new user, or one whose renaming moves it past a
-- neighbour, takes the middle of the room between its neighbours' ranks (past the last, or
-- before the first, 2^32 further). When there is no room, the ranks around it are spread
-- evenly: the smallest aligned range of 2^j ranks around its predecessor's that holds at most
-- 2^(j/2) users, as in the standard order-maintenance scheme (Bender, Cole, Demaine,
-- Farach-Colton, Zito, "Two simplified algorithms for maintaining order in a list", 2002).
-- Ranks lie in [0, 2^62); a spread first lifts the range's users by 2^62, then sets them, so
-- that no two users hold one rank at any moment (the index is unique, and an FTS5 rowid names
-- one document).
--
-- A user whose rank is NULL is in neither index: the triggers below place every user as it is
-- inserted (a NULL rank asks for a place).
ALTER TABLE users ADD COLUMN name_rank INTEGER;
UPDATE users SET name_rank = ranked.n * 4294967296
FROM (SELECT rowid AS ranked_rowid, row_number() OVER (ORDER BY lower(name), id) AS n FROM users) ranked
WHERE users.rowid = ranked.ranked_rowid;
CREATE UNIQUE INDEX users_name_rank ON users (name_rank);

-- The placing trigger's working values: the user it places (name order and id), its
-- neighbours' ranks, and the level of a spread. name_order has no type: compared with a TEXT
-- column, lower(name) would take TEXT affinity and SQLite would no longer read
-- users_name_order's expression for it (it scanned the index, once per insert).
CREATE TABLE name_rank_place (
    name_order,
    user_id TEXT,
    before_rank INTEGER,
    after_rank INTEGER,
    level INTEGER
);
INSERT INTO name_rank_place DEFAULT VALUES;
-- The ranks of the users just before and just after the placed one in name order (NULL at
-- either end), each found by an index range of users_name_order (a row value over the index's
-- expression scans it instead).
CREATE VIEW name_rank_neighbours (before_rank, after_rank) AS
SELECT coalesce(
           (SELECT u.name_rank FROM users u WHERE lower(u.name) = p.name_order AND u.id < p.user_id
            ORDER BY u.id DESC LIMIT 1),
           (SELECT u.name_rank FROM users u WHERE lower(u.name) < p.name_order
            ORDER BY lower(u.name) DESC, u.id DESC LIMIT 1)),
       coalesce(
           (SELECT u.name_rank FROM users u WHERE lower(u.name) = p.name_order AND u.id > p.user_id
            ORDER BY u.id LIMIT 1),
           (SELECT u.name_rank FROM users u WHERE lower(u.name) > p.name_order
            ORDER BY lower(u.name), u.id LIMIT 1))
FROM name_rank_place p;

DROP TRIGGER users_search_insert;
DROP TRIGGER users_fts_update;
DROP TRIGGER users_fts_delete;
DROP TABLE users_fts;
DROP TABLE users_words;

CREATE VIRTUAL TABLE users_fts USING fts5 (
    search_text,
    tenant_codes,
    content = 'users',
    content_rowid = 'name_rank',
    tokenize = 'trigram'
);
INSERT INTO users_fts (users_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE users_words USING fts5 (
    search_text,
    tenant_codes,
    content = 'users',
    content_rowid = 'name_rank',
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2',
    detail = column,
    columnsize = 0
);
INSERT INTO users_words (users_words) VALUES ('rebuild');

-- A new row gets its text, then asks for its place (which enters it in both indexes).
CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    UPDATE users SET search_text = (SELECT s.search_text FROM user_search_text s WHERE s.user_id = new.id)
    WHERE rowid = new.rowid;
    UPDATE users SET name_rank = NULL WHERE rowid = new.rowid;
END;
-- The sync triggers of an external-content FTS5 table, for both, keyed by the rank.
CREATE TRIGGER users_fts_update AFTER UPDATE OF search_text, tenant_codes, name_rank ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_text, tenant_codes)
    SELECT 'delete', old.name_rank, old.search_text, old.tenant_codes WHERE old.name_rank IS NOT NULL;
    INSERT INTO users_fts (rowid, search_text, tenant_codes)
    SELECT new.name_rank, new.search_text, new.tenant_codes WHERE new.name_rank IS NOT NULL;
    INSERT INTO users_words (users_words, rowid, search_text, tenant_codes)
    SELECT 'delete', old.name_rank, old.search_text, old.tenant_codes WHERE old.name_rank IS NOT NULL;
    INSERT INTO users_words (rowid, search_text, tenant_codes)
    SELECT new.name_rank, new.search_text, new.tenant_codes WHERE new.name_rank IS NOT NULL;
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users WHEN old.name_rank IS NOT NULL BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_text, tenant_codes)
    VALUES ('delete', old.name_rank, old.search_text, old.tenant_codes);
    INSERT INTO users_words (users_words, rowid, search_text, tenant_codes)
    VALUES ('delete', old.name_rank, old.search_text, old.tenant_codes);
END;

-- A renamed user asks for a new place (its text changes, so both indexes rewrite it anyway).
CREATE TRIGGER users_name_rank_rename AFTER UPDATE OF name ON users
WHEN lower(new.name) IS NOT lower(old.name) BEGIN
    UPDATE users SET name_rank = NULL WHERE rowid = new.rowid;
END;

-- Places a user whose rank is NULL.
CREATE TRIGGER users_name_rank_place AFTER UPDATE OF name_rank ON users
WHEN new.name_rank IS NULL BEGIN
    UPDATE name_rank_place SET name_order = lower(new.name), user_id = new.id, level = NULL;
    UPDATE name_rank_place SET (before_rank, after_rank) = (SELECT * FROM name_rank_neighbours);
    -- No room: the level of the spread, the smallest j whose aligned range of 2^j ranks
    -- around the predecessor's (0 for the first user) holds fewer than 2^(j/2) users.
    UPDATE name_rank_place SET level = (
        WITH RECURSIVE levels (j) AS (
            SELECT 1
            UNION ALL
            SELECT j + 1 FROM levels
            WHERE j < 62 AND (SELECT count(*) FROM users
                WHERE name_rank >= (coalesce(before_rank, 0) >> j << j)
                AND name_rank < (coalesce(before_rank, 0) >> j << j) + (1 << j)) >= 1 << (j / 2)
        )
        SELECT max(j) FROM levels)
    WHERE coalesce(after_rank, 4611686018427387904) - coalesce(before_rank, -1) < 2;
    -- The spread: the range's users lifted out of it, then set evenly across it in their order,
    -- leaving a free slot where the placed user goes.
    UPDATE users SET name_rank = name_rank + 4611686018427387904
    WHERE name_rank >= (SELECT coalesce(before_rank, 0) >> level << level FROM name_rank_place)
    AND name_rank < (SELECT (coalesce(before_rank, 0) >> level << level) + (1 << level)
                     FROM name_rank_place);
    UPDATE users SET name_rank = spread.low + spread.step * (spread.n
        + ((lower(users.name), users.id) > (lower(new.name), new.id)))
    FROM (SELECT lifted.rowid AS lifted_rowid,
                 row_number() OVER (ORDER BY lifted.name_rank) AS n,
                 p.low, (1 << p.level) / (count(*) OVER () + 2) AS step
          FROM users lifted,
               (SELECT coalesce(before_rank, 0) >> level << level AS low, level
                FROM name_rank_place WHERE level IS NOT NULL) p
          WHERE lifted.name_rank >= 4611686018427387904) spread
    -- The lifted users' rank range keeps SQLite 3.46 from scanning every user for them.
    WHERE users.name_rank >= 4611686018427387904 AND users.rowid = spread.lifted_rowid;
    UPDATE name_rank_place SET (before_rank, after_rank) = (SELECT * FROM name_rank_neighbours)
    WHERE level IS NOT NULL;
    UPDATE users SET name_rank = (SELECT CASE
            WHEN before_rank IS NULL AND after_rank IS NULL THEN 2305843009213693952
            WHEN after_rank IS NULL
                THEN before_rank + min(4294967296, (4611686018427387904 - before_rank) / 2)
            WHEN before_rank IS NULL THEN after_rank - min(4294967296, after_rank / 2)
            ELSE before_rank + (after_rank - before_rank) / 2 END
        FROM name_rank_place)
    WHERE rowid = new.rowid;
END;
