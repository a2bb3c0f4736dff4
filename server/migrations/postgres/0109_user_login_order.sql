-- The user search's sort by login id, read off an index (PostgreSQL). Keep in step with
-- ../sqlite/0109_user_login_order.sql, which says why. The smallest login id is taken in the
-- database's own order, as the sort computed it before; the index orders it in byte order
-- (Db::collate), as the search does.
ALTER TABLE users ADD COLUMN login_order TEXT;

UPDATE users u SET login_order = (SELECT MIN(lower(l.login_id)) FROM login_ids l WHERE l.user_id = u.id);

CREATE FUNCTION login_ids_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users u SET login_order = (SELECT MIN(lower(l.login_id)) FROM login_ids l WHERE l.user_id = u.id)
    WHERE u.id IN (NEW.user_id, OLD.user_id);
    RETURN NULL;
END
$$;
CREATE TRIGGER login_ids_order AFTER INSERT OR UPDATE OR DELETE ON login_ids
FOR EACH ROW EXECUTE FUNCTION login_ids_order();

CREATE INDEX users_login_order ON users ((login_order COLLATE "C"), (id COLLATE "C"));
CREATE INDEX users_login_order_desc ON users ((login_order COLLATE "C") DESC, (id COLLATE "C"));
