-- A tenant's members in name order, read off one index (PostgreSQL). Keep in step with
-- ../sqlite/0124_member_name_order.sql, which says why. The indexes order text in byte order
-- (Db::collate), as the search does; the page reads them alone (an index-only scan), so the
-- columns it reads are in them as they are (INCLUDE), not only as the expressions they sort by.
ALTER TABLE user_tenants ADD COLUMN name_order TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE user_tenants ADD COLUMN test BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE user_tenants ADD COLUMN status TEXT NOT NULL DEFAULT 'enabled';

UPDATE user_tenants ut SET name_order = lower(u.name), test = u.test, status = u.status
FROM users u WHERE u.id = ut.user_id;

-- A new (or moved) membership takes its user's values.
CREATE FUNCTION user_tenants_member_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT lower(u.name), u.test, u.status INTO NEW.name_order, NEW.test, NEW.status
    FROM users u WHERE u.id = NEW.user_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER user_tenants_member_order BEFORE INSERT OR UPDATE OF user_id ON user_tenants
FOR EACH ROW EXECUTE FUNCTION user_tenants_member_order();

-- A user's change reaches each of its memberships.
CREATE FUNCTION users_member_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE user_tenants SET name_order = lower(NEW.name), test = NEW.test, status = NEW.status
    WHERE user_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER users_member_order AFTER UPDATE OF name, test, status ON users
FOR EACH ROW
WHEN (NEW.name IS DISTINCT FROM OLD.name OR NEW.test IS DISTINCT FROM OLD.test
      OR NEW.status IS DISTINCT FROM OLD.status)
EXECUTE FUNCTION users_member_order();

CREATE INDEX user_tenants_name_order ON user_tenants
    (tenant_id, name_order, (user_id COLLATE "C")) INCLUDE (user_id, test, status);
CREATE INDEX user_tenants_name_order_desc ON user_tenants
    (tenant_id, name_order DESC, (user_id COLLATE "C")) INCLUDE (user_id, test, status);
