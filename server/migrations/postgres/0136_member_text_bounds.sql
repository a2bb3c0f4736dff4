-- Where each trigram of a tenant's members' search texts first and last occurs in the tenant's
-- name order, so that a search of three characters or more sorted by name starts its walk of the
-- name order (`Db::bounded_text`) where its matches can begin: every member whose text holds
-- the search text holds each of its trigrams, so lies between the latest first and the earliest
-- last of them. A trigram no member holds means nothing matches. In the benchmark's tenant of
-- 1,000,000 members, `theodore` (25,009 matches, past 95% of the order) sorted every match
-- (130 ms at p99); its walk now starts at the first Theodore.
--
-- Bounds only widen: a member who leaves or is renamed leaves them where they were, which still
-- bounds every match (a wider range costs a longer walk, never a wrong page). Kept for
-- trigrams of three ASCII letters or digits, as `show_trgm` lists them; the search looks up
-- only the like of its own text.
CREATE TABLE member_text_bounds (
    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    trigram TEXT NOT NULL,
    first_order TEXT COLLATE "C" NOT NULL,
    last_order TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_id, trigram)
);

CREATE FUNCTION member_text_trigrams(search_text TEXT) RETURNS SETOF TEXT
LANGUAGE sql IMMUTABLE AS $$
    SELECT t FROM unnest(show_trgm(search_text)) t WHERE t ~ '^[a-z0-9]{3}$'
$$;

INSERT INTO member_text_bounds (tenant_id, trigram, first_order, last_order)
SELECT ut.tenant_id, t, min(ut.name_order), max(ut.name_order)
FROM user_tenants ut, member_text_trigrams(ut.search_text) t
GROUP BY ut.tenant_id, t;

-- A member's trigrams whose bounds do not reach the member yet: most members' are already
-- inside theirs, so a write is read-only for nearly every trigram.
CREATE FUNCTION member_text_bounds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO member_text_bounds AS b (tenant_id, trigram, first_order, last_order)
    SELECT NEW.tenant_id, t, NEW.name_order, NEW.name_order
    FROM member_text_trigrams(NEW.search_text) t
    WHERE NOT EXISTS (
        SELECT 1 FROM member_text_bounds c
        WHERE c.tenant_id = NEW.tenant_id AND c.trigram = t
          AND c.first_order <= NEW.name_order AND c.last_order >= NEW.name_order)
    ON CONFLICT (tenant_id, trigram) DO UPDATE
    SET first_order = LEAST(b.first_order, EXCLUDED.first_order),
        last_order = GREATEST(b.last_order, EXCLUDED.last_order);
    RETURN NULL;
END
$$;

CREATE TRIGGER user_tenants_text_bounds AFTER INSERT ON user_tenants
FOR EACH ROW EXECUTE FUNCTION member_text_bounds();

CREATE TRIGGER user_tenants_text_bounds_change
AFTER UPDATE OF tenant_id, name_order, search_text ON user_tenants
FOR EACH ROW WHEN (NEW.tenant_id IS DISTINCT FROM OLD.tenant_id
                   OR NEW.name_order IS DISTINCT FROM OLD.name_order
                   OR NEW.search_text IS DISTINCT FROM OLD.search_text)
EXECUTE FUNCTION member_text_bounds();
