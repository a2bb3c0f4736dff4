-- How many users of each status each tenant has (SQLite). Keep in step with
-- ../postgres/0110_user_status_counts.sql.
--
-- A search filtered by status only (the widget's status menu) takes its total from here,
-- exact, instead of counting up to 10,001 matches (110 ms and more in a tenant of 100,000
-- users). user_counts (migration 0012) stays the total of every status; the triggers here keep
-- this table the same way, inside the transaction of the change.
--
-- One row per tenant and status that ever had members; tenant_id '' is the whole project.
-- `users` is all of them, `test_users` those of them that are test users.
CREATE TABLE user_status_counts (
    tenant_id TEXT NOT NULL,
    status TEXT NOT NULL,
    users BIGINT NOT NULL DEFAULT 0,
    test_users BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, status)
);

INSERT INTO user_status_counts (tenant_id, status, users, test_users)
SELECT '', status, COUNT(*), COALESCE(SUM(test), 0) FROM users GROUP BY status;
INSERT INTO user_status_counts (tenant_id, status, users, test_users)
SELECT ut.tenant_id, u.status, COUNT(*), COALESCE(SUM(u.test), 0)
FROM user_tenants ut JOIN users u ON u.id = ut.user_id
GROUP BY ut.tenant_id, u.status;

-- A new user counts in the project; a membership counts in its tenant, under the user's status.
CREATE TRIGGER user_status_counts_user_insert AFTER INSERT ON users BEGIN
    INSERT INTO user_status_counts (tenant_id, status, users, test_users)
    VALUES ('', new.status, 1, new.test)
    ON CONFLICT (tenant_id, status) DO UPDATE
    SET users = users + 1, test_users = test_users + excluded.test_users;
END;
CREATE TRIGGER user_status_counts_member_insert AFTER INSERT ON user_tenants BEGIN
    INSERT INTO user_status_counts (tenant_id, status, users, test_users)
    SELECT new.tenant_id, u.status, 1, u.test FROM users u WHERE u.id = new.user_id
    ON CONFLICT (tenant_id, status) DO UPDATE
    SET users = users + 1, test_users = test_users + excluded.test_users;
END;

-- A deleted user leaves the project and its tenants (before the row goes, while its
-- memberships are there; the cascade then finds the user gone and changes nothing).
CREATE TRIGGER user_status_counts_user_delete BEFORE DELETE ON users BEGIN
    UPDATE user_status_counts SET users = users - 1, test_users = test_users - old.test
    WHERE status = old.status
      AND (tenant_id = ''
           OR tenant_id IN (SELECT ut.tenant_id FROM user_tenants ut WHERE ut.user_id = old.id));
END;
-- A membership removed from a user who stays.
CREATE TRIGGER user_status_counts_member_delete AFTER DELETE ON user_tenants BEGIN
    UPDATE user_status_counts
    SET users = users - 1,
        test_users = test_users - (SELECT u.test FROM users u WHERE u.id = old.user_id)
    WHERE tenant_id = old.tenant_id
      AND status = (SELECT u.status FROM users u WHERE u.id = old.user_id);
END;
-- Memberships are inserted and deleted, never moved; should one move, it counts as both.
CREATE TRIGGER user_status_counts_member_update AFTER UPDATE OF user_id, tenant_id ON user_tenants BEGIN
    UPDATE user_status_counts
    SET users = users - 1,
        test_users = test_users - (SELECT u.test FROM users u WHERE u.id = old.user_id)
    WHERE tenant_id = old.tenant_id
      AND status = (SELECT u.status FROM users u WHERE u.id = old.user_id);
    INSERT INTO user_status_counts (tenant_id, status, users, test_users)
    SELECT new.tenant_id, u.status, 1, u.test FROM users u WHERE u.id = new.user_id
    ON CONFLICT (tenant_id, status) DO UPDATE
    SET users = users + 1, test_users = test_users + excluded.test_users;
END;

-- A user whose status or test flag changes moves, in the project and in each of its tenants.
CREATE TRIGGER user_status_counts_user_update AFTER UPDATE OF status, test ON users
WHEN new.status <> old.status OR new.test <> old.test BEGIN
    UPDATE user_status_counts SET users = users - 1, test_users = test_users - old.test
    WHERE status = old.status
      AND (tenant_id = ''
           OR tenant_id IN (SELECT ut.tenant_id FROM user_tenants ut WHERE ut.user_id = old.id));
    INSERT INTO user_status_counts (tenant_id, status, users, test_users)
    SELECT reach.tenant_id, new.status, 1, new.test
    FROM (SELECT '' AS tenant_id
          UNION ALL SELECT ut.tenant_id FROM user_tenants ut WHERE ut.user_id = new.id) reach
    WHERE true
    ON CONFLICT (tenant_id, status) DO UPDATE
    SET users = users + 1, test_users = test_users + excluded.test_users;
END;

-- A deleted tenant has no counts (its memberships went by cascade first).
CREATE TRIGGER user_status_counts_tenant_delete AFTER DELETE ON tenants BEGIN
    DELETE FROM user_status_counts WHERE tenant_id = old.id;
END;
