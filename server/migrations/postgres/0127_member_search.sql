-- A user's tenants on the user's own row (PostgreSQL's counterpart of
-- ../sqlite/0126_member_search.sql): a text search of one tenant checks membership on each row
-- its text index finds (`$1 = ANY (u.tenant_ids)`) instead of joining every membership of the
-- tenant, which for a tenant of 100,000 users was most of such a search's time.
ALTER TABLE users ADD COLUMN tenant_ids TEXT[] NOT NULL DEFAULT '{}';

UPDATE users u SET tenant_ids = m.ids
FROM (SELECT user_id, array_agg(tenant_id ORDER BY tenant_id) AS ids FROM user_tenants GROUP BY user_id) m
WHERE m.user_id = u.id;

-- Kept by 0125's trigger on memberships, which already updates the user's row for each change:
-- one row version per change instead of two.
CREATE OR REPLACE FUNCTION user_tenants_memberships() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE users SET memberships = memberships - 1,
            tenant_ids = array_remove(tenant_ids, OLD.tenant_id)
        WHERE id = OLD.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        -- (user_id, tenant_id) is user_tenants' key: the tenant is not on the row yet.
        UPDATE users SET memberships = memberships + 1,
            tenant_ids = array_append(tenant_ids, NEW.tenant_id)
        WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END
$$;
-- A membership moved to another tenant changes the user's tenants too (the count is the same).
DROP TRIGGER user_tenants_memberships_move ON user_tenants;
CREATE TRIGGER user_tenants_memberships_move AFTER UPDATE OF user_id, tenant_id ON user_tenants
FOR EACH ROW WHEN (NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id)
EXECUTE FUNCTION user_tenants_memberships();
