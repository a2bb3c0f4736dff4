-- Where each trigram of a tenant's members' search texts first and last occurs in the tenant's
-- name order. Every member whose text holds a search text holds each of its trigrams, so lies
-- between the latest first and the earliest last of them (`Db::text_bounds`). A page of a text
-- more members match than a count counts starts its walk of the name order there
-- (`Db::capped_text_page`): in the benchmark's tenant of 1,000,000 members, `theodore` (25,009
-- matches, past 95% of the order) found too few in a walk from the start, and every match was
-- sorted (130 ms at p99).
--
-- Bounds only widen: a member who leaves or is renamed leaves them where they were, which still
-- bounds every match (a wider range costs a longer walk, never a wrong page). Kept for
-- trigrams of three ASCII letters or digits, as `show_trgm` lists them; a search looks up only
-- those of its own text.
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

-- The trigrams of `changed` (the memberships a statement wrote) whose bounds do not reach them
-- yet, each with its first and last place among them. Most members' trigrams are already inside
-- their bounds, so a write only reads them. A batch of new members is one statement
-- (`insert_users`): its trigrams are gathered first, so a batch in name order widens each bound
-- once, not once a member (loading 110,050 users took 387.5 s with a trigger for each row,
-- against 134.3 s without one).
CREATE FUNCTION member_text_bounds_widen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO member_text_bounds AS b (tenant_id, trigram, first_order, last_order)
    SELECT n.tenant_id, n.trigram, n.first_order, n.last_order
    FROM (
        SELECT m.tenant_id, t AS trigram, min(m.name_order) AS first_order,
            max(m.name_order) AS last_order
        FROM changed m, member_text_trigrams(m.search_text) t
        GROUP BY m.tenant_id, t
    ) n
    WHERE NOT EXISTS (
        SELECT 1 FROM member_text_bounds c
        WHERE c.tenant_id = n.tenant_id AND c.trigram = n.trigram
          AND c.first_order <= n.first_order AND c.last_order >= n.last_order)
    -- Rows locked in one order, so two batches widening the same bounds wait for each other
    -- rather than deadlock.
    ORDER BY n.tenant_id, n.trigram
    ON CONFLICT (tenant_id, trigram) DO UPDATE
    SET first_order = LEAST(b.first_order, EXCLUDED.first_order),
        last_order = GREATEST(b.last_order, EXCLUDED.last_order);
    RETURN NULL;
END
$$;

CREATE TRIGGER user_tenants_text_bounds AFTER INSERT ON user_tenants
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION member_text_bounds_widen();

-- A rename, a new text or a move to another tenant (PostgreSQL allows no column list on a
-- trigger with a transition table: every update is read, and most leave the bounds as they are).
CREATE TRIGGER user_tenants_text_bounds_change AFTER UPDATE ON user_tenants
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION member_text_bounds_widen();
