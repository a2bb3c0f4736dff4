-- A tenant's members in name order, read off one index (SQLite). Keep in step with
-- ../postgres/0124_member_name_order.sql.
--
-- A tenant's page of users in name order walked every user by name (users_name_order) and
-- asked, user by user, whether each is a member and a test user: a deep page of a tenant of
-- 100,000 (OFFSET 50,000) took over 100 ms. Each membership now carries its user's lower-cased
-- name, test flag and status, kept by triggers, so that page is read off (tenant, name, user)
-- alone, skipping index entries instead of users (Db::member_order_page). The descending index
-- keeps the id ascending among equal names, as the search orders them.
ALTER TABLE user_tenants ADD COLUMN name_order TEXT NOT NULL DEFAULT '';
ALTER TABLE user_tenants ADD COLUMN test INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_tenants ADD COLUMN status TEXT NOT NULL DEFAULT 'enabled';

UPDATE user_tenants SET (name_order, test, status) =
    (SELECT lower(u.name), u.test, u.status FROM users u WHERE u.id = user_tenants.user_id);

CREATE TRIGGER user_tenants_member_order_insert AFTER INSERT ON user_tenants BEGIN
    UPDATE user_tenants SET (name_order, test, status) =
        (SELECT lower(u.name), u.test, u.status FROM users u WHERE u.id = new.user_id)
    WHERE user_id = new.user_id AND tenant_id = new.tenant_id;
END;
CREATE TRIGGER user_tenants_member_order_move AFTER UPDATE OF user_id ON user_tenants BEGIN
    UPDATE user_tenants SET (name_order, test, status) =
        (SELECT lower(u.name), u.test, u.status FROM users u WHERE u.id = new.user_id)
    WHERE user_id = new.user_id AND tenant_id = new.tenant_id;
END;
CREATE TRIGGER users_member_order AFTER UPDATE OF name, test, status ON users BEGIN
    UPDATE user_tenants SET name_order = lower(new.name), test = new.test, status = new.status
    WHERE user_id = new.id;
END;

CREATE INDEX user_tenants_name_order ON user_tenants (tenant_id, name_order, user_id, test, status);
CREATE INDEX user_tenants_name_order_desc
    ON user_tenants (tenant_id, name_order DESC, user_id, test, status);
