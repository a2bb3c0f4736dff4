-- A tenant's members by the start of each word of their search text, in name order (PostgreSQL).
-- A search of one tenant for one or two letters or digits (a word prefix, `is_word_prefix` in
-- server/src/db/users.rs), sorted by name, reads its count and its page off one range of one
-- index. Before, the page walked the tenant's users in name order past everyone the text misses
-- (`e` in the benchmark's tenant of 100,000 users: 24,700 users before the first match, 36 ms),
-- and the count read every match's row. SQLite's text index keeps each user's tenants instead
-- (../sqlite/0126_member_search.sql).
--
-- A user's word starts are the first character and the first two of each word of
-- users.search_words (0111): a text of one or two characters matches the user (`text:*`) exactly
-- when it is one of them.
CREATE FUNCTION word_starts(words tsvector) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(array_agg(DISTINCT left(w.word, n.n)), '{}')
    FROM unnest(tsvector_to_array(words)) w(word), (VALUES (1), (2)) n(n)
$$;

-- Each membership keeps its user's word starts (as 0124 keeps its name), so that its rows
-- below are found again when it changes or goes.
ALTER TABLE user_tenants ADD COLUMN word_starts TEXT[] NOT NULL DEFAULT '{}';
UPDATE user_tenants ut SET word_starts = word_starts(u.search_words)
FROM users u WHERE u.id = ut.user_id;

-- One row a membership and word start. The page reads the index alone (an index-only scan), as
-- it reads user_tenants_name_order.
CREATE TABLE member_word_starts (
    tenant_id TEXT NOT NULL,
    word_start TEXT NOT NULL,
    name_order TEXT COLLATE "C" NOT NULL,
    user_id TEXT NOT NULL,
    test BOOLEAN NOT NULL
);
INSERT INTO member_word_starts (tenant_id, word_start, name_order, user_id, test)
SELECT ut.tenant_id, s.word_start, ut.name_order, ut.user_id, ut.test
FROM user_tenants ut, unnest(ut.word_starts) s(word_start);
CREATE UNIQUE INDEX member_word_starts_order ON member_word_starts
    (tenant_id, word_start, name_order, (user_id COLLATE "C")) INCLUDE (user_id, test);

-- A new (or moved) membership takes its user's word starts with its name order ...
CREATE OR REPLACE FUNCTION user_tenants_member_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT lower(u.name), u.test, u.status, word_starts(u.search_words)
    INTO NEW.name_order, NEW.test, NEW.status, NEW.word_starts
    FROM users u WHERE u.id = NEW.user_id;
    RETURN NEW;
END
$$;

-- ... a user's change reaches each of its memberships, now a change of its search text too ...
CREATE OR REPLACE FUNCTION users_member_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE user_tenants SET name_order = lower(NEW.name), test = NEW.test, status = NEW.status,
        word_starts = word_starts(NEW.search_words)
    WHERE user_id = NEW.id;
    RETURN NULL;
END
$$;
-- search_words is generated from search_text, which changes when an update names it (the
-- login ids' trigger) or the name, email or phone it is made of (users_search_text, 0003). The
-- column list keeps the trigger off every other update (a sign-in's last_active).
DROP TRIGGER users_member_order ON users;
CREATE TRIGGER users_member_order
AFTER UPDATE OF name, test, status, email, phone, search_text ON users
FOR EACH ROW
WHEN (NEW.name IS DISTINCT FROM OLD.name OR NEW.test IS DISTINCT FROM OLD.test
      OR NEW.status IS DISTINCT FROM OLD.status
      OR NEW.search_words IS DISTINCT FROM OLD.search_words)
EXECUTE FUNCTION users_member_order();

-- ... and a membership's rows follow the membership.
CREATE FUNCTION user_tenants_word_starts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        DELETE FROM member_word_starts
        WHERE tenant_id = OLD.tenant_id AND word_start = ANY (OLD.word_starts)
            AND name_order = OLD.name_order AND (user_id COLLATE "C") = OLD.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO member_word_starts (tenant_id, word_start, name_order, user_id, test)
        SELECT NEW.tenant_id, s.word_start, NEW.name_order, NEW.user_id, NEW.test
        FROM unnest(NEW.word_starts) s(word_start);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER user_tenants_word_starts AFTER INSERT OR DELETE ON user_tenants
FOR EACH ROW EXECUTE FUNCTION user_tenants_word_starts();
CREATE TRIGGER user_tenants_word_starts_change AFTER UPDATE ON user_tenants
FOR EACH ROW
WHEN ((NEW.tenant_id, NEW.user_id, NEW.name_order, NEW.test, NEW.word_starts)
      IS DISTINCT FROM (OLD.tenant_id, OLD.user_id, OLD.name_order, OLD.test, OLD.word_starts))
EXECUTE FUNCTION user_tenants_word_starts();
