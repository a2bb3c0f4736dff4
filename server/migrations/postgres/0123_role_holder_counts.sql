-- How many users hold each role in each tenant (PostgreSQL). Keep in step with
-- ../sqlite/0123_role_holder_counts.sql, which says why.
CREATE TABLE role_holder_counts (
    tenant_id TEXT NOT NULL,
    role_id TEXT NOT NULL,
    users BIGINT NOT NULL DEFAULT 0,
    test_users BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, role_id)
);

INSERT INTO role_holder_counts (tenant_id, role_id, users, test_users)
SELECT ur.tenant_id, ur.role_id, COUNT(*), COUNT(*) FILTER (WHERE u.test)
FROM user_roles ur JOIN users u ON u.id = ur.user_id
GROUP BY ur.tenant_id, ur.role_id;

DROP INDEX user_roles_tenant;
CREATE INDEX user_roles_tenant_role ON user_roles (tenant_id, role_id, user_id);

-- A grant counts under the holder's test flag; one taken from a user who stays no longer does
-- (a deleted user's grants are counted out before the row goes, below; the cascade then finds
-- the user gone and changes nothing). Grants are never moved; should one move, it counts as
-- both.
CREATE FUNCTION role_holder_counts_grant() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    holder users%ROWTYPE;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT * INTO holder FROM users u WHERE u.id = OLD.user_id;
        IF FOUND THEN
            UPDATE role_holder_counts
            SET users = users - 1, test_users = test_users - holder.test::int
            WHERE tenant_id = OLD.tenant_id AND role_id = OLD.role_id;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT * INTO holder FROM users u WHERE u.id = NEW.user_id;
        INSERT INTO role_holder_counts (tenant_id, role_id, users, test_users)
        VALUES (NEW.tenant_id, NEW.role_id, 1, holder.test::int)
        ON CONFLICT (tenant_id, role_id) DO UPDATE
        SET users = role_holder_counts.users + 1,
            test_users = role_holder_counts.test_users + EXCLUDED.test_users;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER role_holder_counts_grant
AFTER INSERT OR DELETE OR UPDATE OF user_id, tenant_id, role_id ON user_roles
FOR EACH ROW EXECUTE FUNCTION role_holder_counts_grant();

-- A deleted user leaves every role it held; a user who becomes, or stops being, a test user
-- moves in each.
CREATE FUNCTION role_holder_counts_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE role_holder_counts c
        SET users = c.users - 1, test_users = c.test_users - OLD.test::int
        FROM user_roles ur
        WHERE ur.user_id = OLD.id AND c.tenant_id = ur.tenant_id AND c.role_id = ur.role_id;
        RETURN OLD;
    END IF;
    UPDATE role_holder_counts c
    SET test_users = c.test_users + NEW.test::int - OLD.test::int
    FROM user_roles ur
    WHERE ur.user_id = NEW.id AND c.tenant_id = ur.tenant_id AND c.role_id = ur.role_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER role_holder_counts_user_delete BEFORE DELETE ON users
FOR EACH ROW EXECUTE FUNCTION role_holder_counts_user();
CREATE TRIGGER role_holder_counts_user_test AFTER UPDATE OF test ON users
FOR EACH ROW WHEN (NEW.test <> OLD.test) EXECUTE FUNCTION role_holder_counts_user();

-- A deleted role or tenant has no counts.
CREATE FUNCTION role_holder_counts_gone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'roles' THEN
        DELETE FROM role_holder_counts WHERE role_id = OLD.id;
    ELSE
        DELETE FROM role_holder_counts WHERE tenant_id = OLD.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER role_holder_counts_role_delete AFTER DELETE ON roles
FOR EACH ROW EXECUTE FUNCTION role_holder_counts_gone();
CREATE TRIGGER role_holder_counts_tenant_delete AFTER DELETE ON tenants
FOR EACH ROW EXECUTE FUNCTION role_holder_counts_gone();
