-- How many users hold each role in each tenant (SQLite). Keep in step with
-- ../postgres/0123_role_holder_counts.sql.
--
-- A tenant admin's search filtered by one role (the user widget's role menu) takes its total
-- from here, exact, instead of counting up to 10,001 holders (84-190 ms for a role 10,000 of
-- 100,000 users hold). The triggers keep it inside the transaction of the change, as
-- user_status_counts (migration 0110) is kept.
--
-- One row per tenant and role that ever had holders; tenant_id '' holds project-level grants.
-- `users` is all of them, `test_users` those of them that are test users.
CREATE TABLE role_holder_counts (
    tenant_id TEXT NOT NULL,
    role_id TEXT NOT NULL,
    users BIGINT NOT NULL DEFAULT 0,
    test_users BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, role_id)
);

INSERT INTO role_holder_counts (tenant_id, role_id, users, test_users)
SELECT ur.tenant_id, ur.role_id, COUNT(*), COALESCE(SUM(u.test), 0)
FROM user_roles ur JOIN users u ON u.id = ur.user_id
GROUP BY ur.tenant_id, ur.role_id;

-- The holders of a role in a tenant, read from the index alone (a role-filtered page of a few
-- holders starts here); it replaces the index of (tenant_id, role_id).
DROP INDEX user_roles_tenant;
CREATE INDEX user_roles_tenant_role ON user_roles (tenant_id, role_id, user_id);

CREATE TRIGGER role_holder_counts_grant AFTER INSERT ON user_roles BEGIN
    INSERT INTO role_holder_counts (tenant_id, role_id, users, test_users)
    SELECT new.tenant_id, new.role_id, 1, u.test FROM users u WHERE u.id = new.user_id
    ON CONFLICT (tenant_id, role_id) DO UPDATE
    SET users = users + 1, test_users = test_users + excluded.test_users;
END;

-- A role taken from a user who stays. A deleted user's roles are counted out before the row
-- goes (below); the cascade then finds the user gone and changes nothing.
CREATE TRIGGER role_holder_counts_revoke AFTER DELETE ON user_roles BEGIN
    UPDATE role_holder_counts
    SET users = users - 1,
        test_users = test_users - (SELECT u.test FROM users u WHERE u.id = old.user_id)
    WHERE tenant_id = old.tenant_id AND role_id = old.role_id
      AND EXISTS (SELECT 1 FROM users u WHERE u.id = old.user_id);
END;

-- Grants are inserted and deleted, never moved; should one move, it counts as both.
CREATE TRIGGER role_holder_counts_move AFTER UPDATE OF user_id, tenant_id, role_id ON user_roles BEGIN
    UPDATE role_holder_counts
    SET users = users - 1,
        test_users = test_users - (SELECT u.test FROM users u WHERE u.id = old.user_id)
    WHERE tenant_id = old.tenant_id AND role_id = old.role_id
      AND EXISTS (SELECT 1 FROM users u WHERE u.id = old.user_id);
    INSERT INTO role_holder_counts (tenant_id, role_id, users, test_users)
    SELECT new.tenant_id, new.role_id, 1, u.test FROM users u WHERE u.id = new.user_id
    ON CONFLICT (tenant_id, role_id) DO UPDATE
    SET users = users + 1, test_users = test_users + excluded.test_users;
END;

CREATE TRIGGER role_holder_counts_user_delete BEFORE DELETE ON users BEGIN
    UPDATE role_holder_counts SET users = users - 1, test_users = test_users - old.test
    WHERE (tenant_id, role_id) IN
          (SELECT ur.tenant_id, ur.role_id FROM user_roles ur WHERE ur.user_id = old.id);
END;

-- A user who becomes, or stops being, a test user moves in every role it holds.
CREATE TRIGGER role_holder_counts_user_test AFTER UPDATE OF test ON users
WHEN new.test <> old.test BEGIN
    UPDATE role_holder_counts SET test_users = test_users + new.test - old.test
    WHERE (tenant_id, role_id) IN
          (SELECT ur.tenant_id, ur.role_id FROM user_roles ur WHERE ur.user_id = new.id);
END;

-- A deleted role or tenant has no counts.
CREATE TRIGGER role_holder_counts_role_delete AFTER DELETE ON roles BEGIN
    DELETE FROM role_holder_counts WHERE role_id = old.id;
END;
CREATE TRIGGER role_holder_counts_tenant_delete AFTER DELETE ON tenants BEGIN
    DELETE FROM role_holder_counts WHERE tenant_id = old.id;
END;
