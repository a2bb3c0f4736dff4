-- A login id's change writes its user's row once (PostgreSQL). Two triggers on login_ids each
-- updated the user: one its search text (0003), one its login order (0109). Both columns are
-- indexed, so each update wrote a new version of the row into every index of users (twenty,
-- two of them GIN): a CSV import of 10,000 users spent 4.8 s in the second trigger alone
-- (pg_stat_user_functions, `cargo xtask bench-import`). One trigger now sets both.
CREATE OR REPLACE FUNCTION login_ids_search_text() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users u SET search_text = user_search_text(u.id, u.name, u.email, u.phone),
        login_order = (SELECT MIN(lower(l.login_id)) FROM login_ids l WHERE l.user_id = u.id)
    WHERE u.id IN (NEW.user_id, OLD.user_id);
    RETURN NULL;
END
$$;
DROP TRIGGER login_ids_order ON login_ids;
DROP FUNCTION login_ids_order();
