-- How many members of a tenant (test users left out) hold each word of their names and of their
-- email domains. Every member holding a word holds it in its search text, so a search of one
-- tenant for that word matches at least that many: when more than a count counts, the search
-- knows its total is capped without counting (`Db::word_holders`). Counting the first 10,001
-- matches of `ramirez` in the benchmark's tenant of 1,000,000 members took 15-20 ms of a search's
-- 25-30 (the trigram index, then each match's row rechecked); reading this count takes one
-- lookup. A word that is only part of one (`son` of `jackson`), several words, or a word fewer
-- members hold are counted as before.
--
-- Only names and domains: they are what many members share. Email local parts and phone
-- numbers are mostly one member's each, and would make the table as long as the memberships.
-- Counts are exact: every change of a membership's tenant, user, name, text or test flag
-- moves them (statement triggers below). A word nobody holds any more keeps a row of 0.
CREATE TABLE member_word_counts (
    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    word TEXT NOT NULL,
    members BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, word)
);

-- The words of a member: runs of ASCII letters and digits (the "C" collation's `[:alnum:]`, the
-- same in every database) of its name (as `name_order` holds it, lower-cased) and of the part
-- after each `@` of its search text. `josé` gives `jos`: every word is still a piece of the
-- search text, and a search for `josé` is counted.
CREATE FUNCTION member_count_words(name_order TEXT, search_text TEXT) RETURNS SETOF TEXT
LANGUAGE sql IMMUTABLE AS $$
    SELECT DISTINCT w FROM regexp_split_to_table(
        (name_order || ' ' || array_to_string(ARRAY(
            SELECT m[1] FROM regexp_matches(search_text, '@([^[:space:]]+)', 'g') m), ' '))
            COLLATE "C",
        '[^[:alnum:]]+') w
    WHERE w <> ''
$$;

INSERT INTO member_word_counts (tenant_id, word, members)
SELECT ut.tenant_id, w, count(*)
FROM user_tenants ut, member_count_words(ut.name_order, ut.search_text) w
WHERE NOT ut.test
GROUP BY ut.tenant_id, w;

-- Each statement's memberships (`old_rows` gone, `new_rows` come) move the counts once per word:
-- a batch of new members is one statement (`insert_users`). Rows are locked in one order, so
-- two statements moving the same counts wait for each other rather than deadlock. An update
-- that changes no word (a status, a role) moves nothing.
CREATE FUNCTION member_word_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO member_word_counts AS c (tenant_id, word, members)
        SELECT n.tenant_id, w, count(*)
        FROM new_rows n, member_count_words(n.name_order, n.search_text) w
        WHERE NOT n.test
        GROUP BY n.tenant_id, w
        ORDER BY 1, 2
        ON CONFLICT (tenant_id, word) DO UPDATE SET members = c.members + EXCLUDED.members;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE member_word_counts c SET members = c.members - d.members
        FROM (
            SELECT o.tenant_id, w AS word, count(*) AS members
            FROM old_rows o, member_count_words(o.name_order, o.search_text) w
            WHERE NOT o.test
            GROUP BY o.tenant_id, w
            ORDER BY 1, 2
        ) d
        WHERE c.tenant_id = d.tenant_id AND c.word = d.word;
    ELSE
        INSERT INTO member_word_counts AS c (tenant_id, word, members)
        SELECT tenant_id, word, sum(delta)
        FROM (
            SELECT o.tenant_id, w AS word, -1 AS delta
            FROM old_rows o, member_count_words(o.name_order, o.search_text) w
            WHERE NOT o.test
            UNION ALL
            SELECT n.tenant_id, w, 1
            FROM new_rows n, member_count_words(n.name_order, n.search_text) w
            WHERE NOT n.test
        ) d
        GROUP BY tenant_id, word
        HAVING sum(delta) <> 0
        ORDER BY 1, 2
        ON CONFLICT (tenant_id, word) DO UPDATE SET members = c.members + EXCLUDED.members;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER user_tenants_word_counts AFTER INSERT ON user_tenants
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION member_word_counts_move();

CREATE TRIGGER user_tenants_word_counts_gone AFTER DELETE ON user_tenants
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION member_word_counts_move();

-- PostgreSQL allows no column list on a trigger with transition tables: every update is read.
CREATE TRIGGER user_tenants_word_counts_change AFTER UPDATE ON user_tenants
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION member_word_counts_move();
