-- How many users each tenant has (SQLite). Keep in step with ../postgres/0012_user_counts.sql.
--
-- The user search answers the total of an unfiltered list (a tenant's users, or every user of
-- the project) from this table instead of counting: an exact COUNT(*) reads every member, 45 ms
-- and more in a tenant of 100,000 users. Triggers keep the counts, inside the transaction of
-- the change that moves them, so code that writes users or memberships never maintains them.
--
-- One row per tenant with members; tenant_id '' counts every user of the project. `users` is
-- all of them, `test_users` those of them that are test users (hidden unless a search asks).
CREATE TABLE user_counts (
    tenant_id TEXT PRIMARY KEY NOT NULL,
    users BIGINT NOT NULL DEFAULT 0,
    test_users BIGINT NOT NULL DEFAULT 0
);

INSERT INTO user_counts (tenant_id, users, test_users)
SELECT '', COUNT(*), COALESCE(SUM(test), 0) FROM users;
INSERT INTO user_counts (tenant_id, users, test_users)
SELECT ut.tenant_id, COUNT(*), COALESCE(SUM(u.test), 0)
FROM user_tenants ut JOIN users u ON u.id = ut.user_id
GROUP BY ut.tenant_id;

-- A new user counts in the project; a membership counts in its tenant.
CREATE TRIGGER user_counts_user_insert AFTER INSERT ON users BEGIN
    UPDATE user_counts SET users = users + 1, test_users = test_users + new.test
    WHERE tenant_id = '';
END;
CREATE TRIGGER user_counts_member_insert AFTER INSERT ON user_tenants BEGIN
    INSERT INTO user_counts (tenant_id, users, test_users)
    SELECT new.tenant_id, 1, u.test FROM users u WHERE u.id = new.user_id
    ON CONFLICT (tenant_id) DO UPDATE
    SET users = users + 1, test_users = test_users + excluded.test_users;
END;

-- A deleted user leaves the project and every tenant it belonged to. This runs before the row
-- goes, while its memberships are still there; the cascade that then deletes the memberships
-- finds the user gone, and user_counts_member_delete leaves the counts alone.
CREATE TRIGGER user_counts_user_delete BEFORE DELETE ON users BEGIN
    UPDATE user_counts SET users = users - 1, test_users = test_users - old.test
    WHERE tenant_id = ''
       OR tenant_id IN (SELECT ut.tenant_id FROM user_tenants ut WHERE ut.user_id = old.id);
END;
-- A membership removed from a user who stays (removal from a tenant, a tenant's deletion).
CREATE TRIGGER user_counts_member_delete AFTER DELETE ON user_tenants BEGIN
    UPDATE user_counts
    SET users = users - 1,
        test_users = test_users - (SELECT u.test FROM users u WHERE u.id = old.user_id)
    WHERE tenant_id = old.tenant_id
      AND EXISTS (SELECT 1 FROM users u WHERE u.id = old.user_id);
END;
-- Memberships are inserted and deleted, never moved; should one move, it counts as both.
CREATE TRIGGER user_counts_member_update AFTER UPDATE OF user_id, tenant_id ON user_tenants BEGIN
    UPDATE user_counts
    SET users = users - 1,
        test_users = test_users - (SELECT u.test FROM users u WHERE u.id = old.user_id)
    WHERE tenant_id = old.tenant_id
      AND EXISTS (SELECT 1 FROM users u WHERE u.id = old.user_id);
    INSERT INTO user_counts (tenant_id, users, test_users)
    SELECT new.tenant_id, 1, u.test FROM users u WHERE u.id = new.user_id
    ON CONFLICT (tenant_id) DO UPDATE
    SET users = users + 1, test_users = test_users + excluded.test_users;
END;
-- A user who becomes (or stops being) a test user moves between the two counts.
CREATE TRIGGER user_counts_user_test AFTER UPDATE OF test ON users WHEN new.test <> old.test BEGIN
    UPDATE user_counts SET test_users = test_users + new.test - old.test
    WHERE tenant_id = ''
       OR tenant_id IN (SELECT ut.tenant_id FROM user_tenants ut WHERE ut.user_id = new.id);
END;
-- A deleted tenant has no count (its memberships went by cascade first).
CREATE TRIGGER user_counts_tenant_delete AFTER DELETE ON tenants BEGIN
    DELETE FROM user_counts WHERE tenant_id = old.id;
END;
