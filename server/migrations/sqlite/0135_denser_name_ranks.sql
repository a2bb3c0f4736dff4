-- Name ranks closer together, and the text indexes' segments merged further (SQLite only).
--
-- FTS5 stores each match's rowid as the difference from the previous match's, in a varint of
-- 7 bits a byte. Migration 0134 set the ranks 2^32 apart: 5 bytes for each entry of a term
-- every user holds (a tenant's code), 6 for one user in 40 (a common last name), where the
-- users' old rowids took 1 and 2. Both indexes doubled (users_fts 216 MB -> 448 MB at 1,100,050
-- users), and a count of a text's first 10,001 matches read twice the pages.
--
-- Ranks are now renumbered 4096 apart (2 bytes an entry, 3 for one user in 40), and a user
-- placed past either end goes 4096 further. With ranks this close, the spread's level j must
-- allow denser ranges than 0134's 2^(j/2) users in 2^j ranks, or a spread would reach past
-- every user: the range may now hold fewer than 2^(2j/3) users, which 4096 apart holds up to
-- 2^24 users. The price is the scheme's slack: a spread leaves each half 2^(1/3) below its
-- limit instead of 2^(1/2). Simulated on 100,000 users (Python, these rules and 0134's):
-- 20,000 inserts at one place moved 15.8-16.2 ranks each against 8.9-9.9; 100,000 inserts in
-- random order into an empty table 0.28 against 0.26 (the largest spread 17,055 users against
-- 24,817); 256 apart with 2^(3j/4) took 0.97, and loading the benchmark's 110,050 users took
-- 74.2 s against 46.7.
--
-- usermerge = 2: a 'merge' command (Db::merge_text_indexes, run by the server every
-- minute) merges any two segments of one level, so each level keeps one. After a bulk load an
-- index held 27 segments, and a query reads each term in every one of them.

DROP TRIGGER users_fts_update;

-- Renumbered in name order through negative ranks, so that no two users share one at any
-- moment (users_name_rank is unique).
UPDATE users SET name_rank = -ranked.n
FROM (SELECT rowid AS ranked_rowid, row_number() OVER (ORDER BY lower(name), id) AS n FROM users) ranked
WHERE users.rowid = ranked.ranked_rowid;
UPDATE users SET name_rank = -name_rank * 4096 WHERE name_rank < 0;

INSERT INTO users_fts (users_fts) VALUES ('rebuild');
INSERT INTO users_words (users_words) VALUES ('rebuild');
INSERT INTO users_fts (users_fts, rank) VALUES ('usermerge', 2);
INSERT INTO users_words (users_words, rank) VALUES ('usermerge', 2);

-- As in 0134.
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

-- As in 0134, but for the level's limit (2^(2j/3)) and the room past either end (4096).
DROP TRIGGER users_name_rank_place;
CREATE TRIGGER users_name_rank_place AFTER UPDATE OF name_rank ON users
WHEN new.name_rank IS NULL BEGIN
    UPDATE name_rank_place SET name_order = lower(new.name), user_id = new.id, level = NULL;
    UPDATE name_rank_place SET (before_rank, after_rank) = (SELECT * FROM name_rank_neighbours);
    -- No room: the level of the spread, the smallest j whose aligned range of 2^j ranks
    -- around the predecessor's (0 for the first user) holds fewer than 2^(2j/3) users.
    UPDATE name_rank_place SET level = (
        WITH RECURSIVE levels (j) AS (
            SELECT 1
            UNION ALL
            SELECT j + 1 FROM levels
            WHERE j < 62 AND (SELECT count(*) FROM users
                WHERE name_rank >= (coalesce(before_rank, 0) >> j << j)
                AND name_rank < (coalesce(before_rank, 0) >> j << j) + (1 << j)) >= 1 << (j * 2 / 3)
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
            WHEN after_rank IS NULL THEN before_rank + min(4096, (4611686018427387904 - before_rank) / 2)
            WHEN before_rank IS NULL THEN after_rank - min(4096, after_rank / 2)
            ELSE before_rank + (after_rank - before_rank) / 2 END
        FROM name_rank_place)
    WHERE rowid = new.rowid;
END;
