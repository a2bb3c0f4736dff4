-- How many users of each status each tenant has (PostgreSQL). Keep in step with
-- ../sqlite/0110_user_status_counts.sql, which says why.
CREATE TABLE user_status_counts (
    tenant_id TEXT NOT NULL,
    status TEXT NOT NULL,
    users BIGINT NOT NULL DEFAULT 0,
    test_users BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, status)
);

INSERT INTO user_status_counts (tenant_id, status, users, test_users)
SELECT '', status, COUNT(*), COUNT(*) FILTER (WHERE test) FROM users GROUP BY status;
INSERT INTO user_status_counts (tenant_id, status, users, test_users)
SELECT ut.tenant_id, u.status, COUNT(*), COUNT(*) FILTER (WHERE u.test)
FROM user_tenants ut JOIN users u ON u.id = ut.user_id
GROUP BY ut.tenant_id, u.status;

-- Adds `change` users of `user_status` (test users among them: `test_change`) to the project
-- and to each tenant user `member` belongs to.
CREATE FUNCTION user_status_counts_add(
    member TEXT, user_status TEXT, change INT, test_change INT
) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO user_status_counts (tenant_id, status, users, test_users)
    SELECT reach.tenant_id, user_status, change, test_change
    FROM (SELECT '' AS tenant_id
          UNION ALL
          SELECT ut.tenant_id FROM user_tenants ut WHERE ut.user_id = member) reach
    ON CONFLICT (tenant_id, status) DO UPDATE
    SET users = user_status_counts.users + EXCLUDED.users,
        test_users = user_status_counts.test_users + EXCLUDED.test_users;
$$;

-- A new user counts in the project; a deleted one leaves the project and every tenant it
-- belonged to (before the row goes, while its memberships are there; the cascade then finds
-- the user gone and changes nothing). A user whose status or test flag changes moves.
CREATE FUNCTION user_status_counts_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- A new user has no memberships yet.
        PERFORM user_status_counts_add(NEW.id, NEW.status, 1, NEW.test::int);
        RETURN NEW;
    END IF;
    PERFORM user_status_counts_add(OLD.id, OLD.status, -1, -OLD.test::int);
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    PERFORM user_status_counts_add(NEW.id, NEW.status, 1, NEW.test::int);
    RETURN NEW;
END
$$;
CREATE TRIGGER user_status_counts_user_insert AFTER INSERT ON users
FOR EACH ROW EXECUTE FUNCTION user_status_counts_user();
CREATE TRIGGER user_status_counts_user_delete BEFORE DELETE ON users
FOR EACH ROW EXECUTE FUNCTION user_status_counts_user();
CREATE TRIGGER user_status_counts_user_update AFTER UPDATE OF status, test ON users
FOR EACH ROW WHEN (NEW.status <> OLD.status OR NEW.test <> OLD.test)
EXECUTE FUNCTION user_status_counts_user();

-- A membership counts in its tenant under the user's status; one removed from a user who stays
-- no longer does. Memberships are never moved; should one move, it counts as both.
CREATE FUNCTION user_status_counts_member() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    member users%ROWTYPE;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT * INTO member FROM users u WHERE u.id = OLD.user_id;
        IF FOUND THEN
            UPDATE user_status_counts
            SET users = users - 1, test_users = test_users - member.test::int
            WHERE tenant_id = OLD.tenant_id AND status = member.status;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT * INTO member FROM users u WHERE u.id = NEW.user_id;
        INSERT INTO user_status_counts (tenant_id, status, users, test_users)
        VALUES (NEW.tenant_id, member.status, 1, member.test::int)
        ON CONFLICT (tenant_id, status) DO UPDATE
        SET users = user_status_counts.users + 1,
            test_users = user_status_counts.test_users + EXCLUDED.test_users;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER user_status_counts_member AFTER INSERT OR DELETE OR UPDATE OF user_id, tenant_id
ON user_tenants FOR EACH ROW EXECUTE FUNCTION user_status_counts_member();

-- A deleted tenant has no counts.
CREATE FUNCTION user_status_counts_tenant() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM user_status_counts WHERE tenant_id = OLD.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER user_status_counts_tenant_delete AFTER DELETE ON tenants
FOR EACH ROW EXECUTE FUNCTION user_status_counts_tenant();
