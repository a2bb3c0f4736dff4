-- How many members of each tenant have a name starting with each two characters (SQLite).
-- Keep in step with ../postgres/0132_member_name_starts.sql.
--
-- A deep page of a tenant's members in name order (the user widget's last pages, or a jump to
-- the middle) skipped every member before it in user_tenants_name_order (0124): the middle of
-- a tenant of 1,000,000 users, 500,000 index entries, 42 ms. With these counts the page adds
-- up the members before each name start, seeks to the name start where it begins, and skips
-- only the members before it there (Db::member_order_page). Name starts are compared as the
-- names are (byte order), and every name of a start sorts after every name of a smaller one.
--
-- `name_start` is the first two characters of user_tenants.name_order; `members` counts the
-- members who are not test users, `test_members` those who are. Kept by the triggers below
-- inside the transaction of each change; a count that reaches zero stays as a row of zero.
CREATE TABLE member_name_starts (
    tenant_id TEXT NOT NULL,
    name_start TEXT NOT NULL,
    members BIGINT NOT NULL DEFAULT 0,
    test_members BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, name_start)
) WITHOUT ROWID;

INSERT INTO member_name_starts (tenant_id, name_start, members, test_members)
SELECT tenant_id, substr(name_order, 1, 2), SUM(1 - test), SUM(test)
FROM user_tenants GROUP BY tenant_id, substr(name_order, 1, 2);

-- A membership counts in: the one place that adds to a count. (0124 copies the user's name
-- into user_tenants after the insert, so the user's own row is read here.)
CREATE VIEW member_name_start_of (tenant_id, name_start, test) AS
SELECT tenant_id, name_start, 0 FROM member_name_starts WHERE 0;
CREATE TRIGGER member_name_start_of INSTEAD OF INSERT ON member_name_start_of BEGIN
    INSERT INTO member_name_starts (tenant_id, name_start, members, test_members)
    VALUES (new.tenant_id, new.name_start, 1 - new.test, new.test)
    ON CONFLICT (tenant_id, name_start) DO UPDATE
    SET members = members + excluded.members, test_members = test_members + excluded.test_members;
END;

CREATE TRIGGER user_tenants_name_start_insert AFTER INSERT ON user_tenants BEGIN
    INSERT INTO member_name_start_of (tenant_id, name_start, test)
    SELECT new.tenant_id, substr(lower(u.name), 1, 2), u.test FROM users u WHERE u.id = new.user_id;
END;
CREATE TRIGGER user_tenants_name_start_delete AFTER DELETE ON user_tenants BEGIN
    UPDATE member_name_starts
    SET members = members - (1 - old.test), test_members = test_members - old.test
    WHERE tenant_id = old.tenant_id AND name_start = substr(old.name_order, 1, 2);
END;
-- Memberships are inserted and deleted, never moved; should one move, it counts as both.
CREATE TRIGGER user_tenants_name_start_move AFTER UPDATE OF user_id, tenant_id ON user_tenants
BEGIN
    UPDATE member_name_starts
    SET members = members - (1 - old.test), test_members = test_members - old.test
    WHERE tenant_id = old.tenant_id AND name_start = substr(old.name_order, 1, 2);
    INSERT INTO member_name_start_of (tenant_id, name_start, test)
    SELECT new.tenant_id, substr(lower(u.name), 1, 2), u.test FROM users u WHERE u.id = new.user_id;
END;
-- A member whose name starts otherwise, or whose test flag changes, moves in each tenant.
CREATE TRIGGER users_name_start AFTER UPDATE OF name, test ON users
WHEN new.memberships > 0 AND (substr(lower(new.name), 1, 2) IS NOT substr(lower(old.name), 1, 2)
    OR new.test IS NOT old.test)
BEGIN
    UPDATE member_name_starts
    SET members = members - (1 - old.test), test_members = test_members - old.test
    WHERE name_start = substr(lower(old.name), 1, 2)
      AND tenant_id IN (SELECT ut.tenant_id FROM user_tenants ut WHERE ut.user_id = new.id);
    INSERT INTO member_name_start_of (tenant_id, name_start, test)
    SELECT ut.tenant_id, substr(lower(new.name), 1, 2), new.test
    FROM user_tenants ut WHERE ut.user_id = new.id;
END;
-- A deleted tenant has no counts (its memberships' deletions only ever lower counts).
CREATE TRIGGER tenants_name_starts_delete AFTER DELETE ON tenants BEGIN
    DELETE FROM member_name_starts WHERE tenant_id = old.id;
END;
