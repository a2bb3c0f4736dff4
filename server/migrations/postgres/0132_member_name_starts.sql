-- How many members of each tenant have a name starting with each two characters (PostgreSQL).
-- Keep in step with ../sqlite/0132_member_name_starts.sql, which says why.
--
-- `name_start` is the first two characters of user_tenants.name_order (in byte order, as the
-- names); `members` counts the members who are not test users, `test_members` those who are.
CREATE TABLE member_name_starts (
    tenant_id TEXT NOT NULL,
    name_start TEXT COLLATE "C" NOT NULL,
    members BIGINT NOT NULL DEFAULT 0,
    test_members BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, name_start)
);

INSERT INTO member_name_starts (tenant_id, name_start, members, test_members)
SELECT tenant_id, left(name_order, 2), COUNT(*) FILTER (WHERE NOT test),
    COUNT(*) FILTER (WHERE test)
FROM user_tenants GROUP BY tenant_id, left(name_order, 2);

-- A membership's own row holds its user's name and test flag (0124 copies them before the
-- row is written), so each change counts the old row out and the new one in.
CREATE FUNCTION user_tenants_name_start() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE member_name_starts
        SET members = members - CASE WHEN OLD.test THEN 0 ELSE 1 END,
            test_members = test_members - CASE WHEN OLD.test THEN 1 ELSE 0 END
        WHERE tenant_id = OLD.tenant_id AND name_start = left(OLD.name_order, 2);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO member_name_starts AS c (tenant_id, name_start, members, test_members)
        VALUES (NEW.tenant_id, left(NEW.name_order, 2), CASE WHEN NEW.test THEN 0 ELSE 1 END,
            CASE WHEN NEW.test THEN 1 ELSE 0 END)
        ON CONFLICT (tenant_id, name_start) DO UPDATE
        SET members = c.members + excluded.members,
            test_members = c.test_members + excluded.test_members;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER user_tenants_name_start AFTER INSERT OR DELETE ON user_tenants
FOR EACH ROW EXECUTE FUNCTION user_tenants_name_start();
CREATE TRIGGER user_tenants_name_start_change
AFTER UPDATE OF tenant_id, user_id, name_order, test ON user_tenants
FOR EACH ROW
WHEN ((NEW.tenant_id, left(NEW.name_order, 2), NEW.test)
      IS DISTINCT FROM (OLD.tenant_id, left(OLD.name_order, 2), OLD.test))
EXECUTE FUNCTION user_tenants_name_start();

-- A deleted tenant has no counts (its memberships' deletions only ever lower counts).
CREATE FUNCTION tenants_name_starts_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM member_name_starts WHERE tenant_id = OLD.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER tenants_name_starts_delete AFTER DELETE ON tenants
FOR EACH ROW EXECUTE FUNCTION tenants_name_starts_delete();
