-- Indexed free-text search of users (PostgreSQL). Keep in step with ../sqlite/0003_user_search.sql.
--
-- users.search_text holds the lower-cased name, email, phone and login ids of a user, one per
-- line. Triggers keep it current, so code that writes users or login_ids never maintains it. A
-- line break separates the values because validated values never contain one: a search
-- cannot match across two of them. A trigram GIN index answers `search_text LIKE '%...%'`.

-- pg_trgm is a trusted extension: the database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

-- The one definition of a user's search text: (id, name, email, phone) of the user.
CREATE FUNCTION user_search_text(TEXT, TEXT, TEXT, TEXT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
    SELECT lower(concat_ws(E'\n', $2, $3, $4,
        (SELECT string_agg(l.login_id, E'\n') FROM login_ids l WHERE l.user_id = $1)))
$$;

UPDATE users SET search_text = user_search_text(id, name, email, phone);

-- The text follows the user's own columns ...
CREATE FUNCTION users_search_text() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_text := user_search_text(NEW.id, NEW.name, NEW.email, NEW.phone);
    RETURN NEW;
END
$$;
CREATE TRIGGER users_search_text BEFORE INSERT OR UPDATE OF name, email, phone ON users
FOR EACH ROW EXECUTE FUNCTION users_search_text();

-- ... and the user's login ids (OLD is NULL for an INSERT, NEW for a DELETE).
CREATE FUNCTION login_ids_search_text() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users u SET search_text = user_search_text(u.id, u.name, u.email, u.phone)
    WHERE u.id IN (NEW.user_id, OLD.user_id);
    RETURN NULL;
END
$$;
CREATE TRIGGER login_ids_search_text AFTER INSERT OR UPDATE OR DELETE ON login_ids
FOR EACH ROW EXECUTE FUNCTION login_ids_search_text();

CREATE INDEX users_search_text ON users USING gin (search_text gin_trgm_ops);

-- The default order of a search, LOWER(name) then id, both in byte order (Db::collate): a page
-- is read off this index instead of sorting every user of the tenant.
CREATE INDEX users_name_order ON users ((lower(name) COLLATE "C"), (id COLLATE "C"));
