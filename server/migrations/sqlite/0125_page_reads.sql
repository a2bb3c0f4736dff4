-- What a tenant's page of users reads of each user, with fewer lookups (SQLite). Keep in step
-- with ../postgres/0125_page_reads.sql.
--
-- The user widget's page says of each user whether it belongs to other tenants too, and lists
-- its login ids (Db::push_page_columns). The first was a probe of user_tenants per user, the
-- second a lookup of each login id's row through login_ids_user: together about a third of a
-- page of 50 (`cargo xtask bench-load`). Each user now carries its number of memberships, kept
-- by triggers (a user on a tenant's page is a member of it, so it belongs to another tenant when
-- it has more than one), and the login ids are read off an index that holds them.
ALTER TABLE users ADD COLUMN memberships INTEGER NOT NULL DEFAULT 0;

UPDATE users SET memberships = (SELECT COUNT(*) FROM user_tenants ut WHERE ut.user_id = users.id);

CREATE TRIGGER user_tenants_memberships_insert AFTER INSERT ON user_tenants BEGIN
    UPDATE users SET memberships = memberships + 1 WHERE id = new.user_id;
END;
CREATE TRIGGER user_tenants_memberships_delete AFTER DELETE ON user_tenants BEGIN
    UPDATE users SET memberships = memberships - 1 WHERE id = old.user_id;
END;
CREATE TRIGGER user_tenants_memberships_move AFTER UPDATE OF user_id ON user_tenants
WHEN new.user_id <> old.user_id BEGIN
    UPDATE users SET memberships = memberships - 1 WHERE id = old.user_id;
    UPDATE users SET memberships = memberships + 1 WHERE id = new.user_id;
END;

-- Serves every lookup by user the old index did.
CREATE INDEX login_ids_user_login ON login_ids (user_id, login_id);
DROP INDEX login_ids_user;
