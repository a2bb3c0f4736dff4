-- How many users each tenant has (PostgreSQL). Keep in step with ../sqlite/0012_user_counts.sql,
-- which says why.
--
-- One row per tenant with members; tenant_id '' counts every user of the project. `users` is
-- all of them, `test_users` those of them that are test users. Concurrent changes to one
-- tenant's members wait for each other on its row; the counts commit with the change.
CREATE TABLE user_counts (
    tenant_id TEXT PRIMARY KEY NOT NULL,
    users BIGINT NOT NULL DEFAULT 0,
    test_users BIGINT NOT NULL DEFAULT 0
);

INSERT INTO user_counts (tenant_id, users, test_users)
SELECT '', COUNT(*), COUNT(*) FILTER (WHERE test) FROM users;
INSERT INTO user_counts (tenant_id, users, test_users)
SELECT ut.tenant_id, COUNT(*), COUNT(*) FILTER (WHERE u.test)
FROM user_tenants ut JOIN users u ON u.id = ut.user_id
GROUP BY ut.tenant_id;

-- A new user counts in the project; a deleted one leaves the project and every tenant it
-- belonged to. The delete runs before the row goes, while its memberships are still there; the
-- cascade that then deletes the memberships finds the user gone and leaves the counts alone.
-- A user who becomes (or stops being) a test user moves between the two counts.
CREATE FUNCTION user_counts_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE user_counts SET users = users + 1, test_users = test_users + NEW.test::int
        WHERE tenant_id = '';
        RETURN NEW;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE user_counts SET users = users - 1, test_users = test_users - OLD.test::int
        WHERE tenant_id = ''
           OR tenant_id IN (SELECT ut.tenant_id FROM user_tenants ut WHERE ut.user_id = OLD.id);
        RETURN OLD;
    ELSE
        UPDATE user_counts SET test_users = test_users + NEW.test::int - OLD.test::int
        WHERE tenant_id = ''
           OR tenant_id IN (SELECT ut.tenant_id FROM user_tenants ut WHERE ut.user_id = NEW.id);
        RETURN NEW;
    END IF;
END
$$;
CREATE TRIGGER user_counts_user_insert AFTER INSERT ON users
FOR EACH ROW EXECUTE FUNCTION user_counts_user();
CREATE TRIGGER user_counts_user_delete BEFORE DELETE ON users
FOR EACH ROW EXECUTE FUNCTION user_counts_user();
CREATE TRIGGER user_counts_user_test AFTER UPDATE OF test ON users
FOR EACH ROW WHEN (NEW.test <> OLD.test) EXECUTE FUNCTION user_counts_user();

-- A membership counts in its tenant; one removed from a user who stays (removal from a tenant,
-- a tenant's deletion) no longer does. Memberships are never moved; should one move, it counts
-- as both.
CREATE FUNCTION user_counts_member() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    is_test BOOLEAN;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT u.test INTO is_test FROM users u WHERE u.id = OLD.user_id;
        IF FOUND THEN
            UPDATE user_counts SET users = users - 1, test_users = test_users - is_test::int
            WHERE tenant_id = OLD.tenant_id;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT u.test INTO is_test FROM users u WHERE u.id = NEW.user_id;
        INSERT INTO user_counts (tenant_id, users, test_users)
        VALUES (NEW.tenant_id, 1, is_test::int)
        ON CONFLICT (tenant_id) DO UPDATE
        SET users = user_counts.users + 1,
            test_users = user_counts.test_users + EXCLUDED.test_users;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER user_counts_member AFTER INSERT OR DELETE OR UPDATE OF user_id, tenant_id
ON user_tenants FOR EACH ROW EXECUTE FUNCTION user_counts_member();

-- A deleted tenant has no count.
CREATE FUNCTION user_counts_tenant() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM user_counts WHERE tenant_id = OLD.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER user_counts_tenant_delete AFTER DELETE ON tenants
FOR EACH ROW EXECUTE FUNCTION user_counts_tenant();
