-- What a tenant's page of users reads of each user, with fewer lookups (PostgreSQL). Keep in
-- step with ../sqlite/0125_page_reads.sql, which says why.
ALTER TABLE users ADD COLUMN memberships BIGINT NOT NULL DEFAULT 0;

UPDATE users u SET memberships = m.count
FROM (SELECT user_id, COUNT(*) AS count FROM user_tenants GROUP BY user_id) m
WHERE m.user_id = u.id;

CREATE FUNCTION user_tenants_memberships() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE users SET memberships = memberships - 1 WHERE id = OLD.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE users SET memberships = memberships + 1 WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER user_tenants_memberships AFTER INSERT OR DELETE ON user_tenants
FOR EACH ROW EXECUTE FUNCTION user_tenants_memberships();
CREATE TRIGGER user_tenants_memberships_move AFTER UPDATE OF user_id ON user_tenants
FOR EACH ROW WHEN (NEW.user_id IS DISTINCT FROM OLD.user_id)
EXECUTE FUNCTION user_tenants_memberships();

-- Serves every lookup by user the old index did, and the page's login ids alone.
CREATE INDEX login_ids_user_login ON login_ids (user_id) INCLUDE (login_id);
DROP INDEX login_ids_user;
