-- A tenant's text search answered by the text indexes alone (SQLite only; PostgreSQL's search
-- is unchanged).
--
-- A tenant's search for text (the user widget's search box, or a management key's search of
-- one tenant) found the matches in users_fts or users_words (migrations 0003, 0111), then read
-- each matching user's row and probed user_tenants to keep the tenant's members who are not
-- test users: about a microsecond per match, so 10 ms to count a common first name in a
-- tenant of 100,000 users. Both indexes now also hold, per user, one code for each tenant the
-- user belongs to, so `search_text : "liam" AND tenant_codes : "<code>"` finds the tenant's
-- members who match, and nothing else, without reading a row.
--
-- A code is three characters of the Unicode private use area (U+E000 + 6,400 values each),
-- written from n = 2 * tenants.search_code + users.test: one code per tenant for its members
-- who are not test users and one for its test users. Both tokenizers keep three such
-- characters whole (the trigram tokenizer as one trigram; unicode61 as one word, private use
-- being a token character), and a code never holds a space, so no code matches across two.
-- Searches name the column of each phrase (`search_text :`), so text never matches a code.
--
-- tenants.search_code is given once when the tenant is made, from a counter that never goes
-- back: a code is never reused, even by a writer that deletes a tenant without deleting its
-- memberships.
CREATE TABLE search_code_counter (last INTEGER NOT NULL);
INSERT INTO search_code_counter (last) VALUES (0);

ALTER TABLE tenants ADD COLUMN search_code INTEGER;
UPDATE tenants SET search_code = rowid;
UPDATE search_code_counter SET last = (SELECT coalesce(max(rowid), 0) FROM tenants);
CREATE UNIQUE INDEX tenants_search_code ON tenants (search_code);

CREATE TRIGGER tenants_search_code AFTER INSERT ON tenants BEGIN
    UPDATE search_code_counter SET last = last + 1;
    UPDATE tenants SET search_code = (SELECT last FROM search_code_counter) WHERE rowid = new.rowid;
END;

-- The one definition of a user's tenant codes (Db::search_users writes the same for a tenant).
CREATE VIEW user_tenant_codes (user_id, tenant_codes) AS
SELECT u.id,
       coalesce((SELECT group_concat(char(57344 + c.n % 6400, 57344 + c.n / 6400 % 6400,
                                          57344 + c.n / 40960000), ' ')
                 FROM (SELECT 2 * t.search_code + u.test AS n
                       FROM user_tenants ut JOIN tenants t ON t.id = ut.tenant_id
                       WHERE ut.user_id = u.id) c), '')
FROM users u;

ALTER TABLE users ADD COLUMN tenant_codes TEXT NOT NULL DEFAULT '';
UPDATE users SET tenant_codes = (SELECT c.tenant_codes FROM user_tenant_codes c WHERE c.user_id = users.id);

CREATE TRIGGER user_tenants_codes_insert AFTER INSERT ON user_tenants BEGIN
    UPDATE users SET tenant_codes = (SELECT c.tenant_codes FROM user_tenant_codes c WHERE c.user_id = users.id)
    WHERE id = new.user_id;
END;
CREATE TRIGGER user_tenants_codes_delete AFTER DELETE ON user_tenants BEGIN
    UPDATE users SET tenant_codes = (SELECT c.tenant_codes FROM user_tenant_codes c WHERE c.user_id = users.id)
    WHERE id = old.user_id;
END;
CREATE TRIGGER user_tenants_codes_update AFTER UPDATE OF user_id, tenant_id ON user_tenants BEGIN
    UPDATE users SET tenant_codes = (SELECT c.tenant_codes FROM user_tenant_codes c WHERE c.user_id = users.id)
    WHERE id IN (old.user_id, new.user_id);
END;
CREATE TRIGGER users_codes_test AFTER UPDATE OF test ON users BEGIN
    UPDATE users SET tenant_codes = (SELECT c.tenant_codes FROM user_tenant_codes c WHERE c.user_id = users.id)
    WHERE rowid = new.rowid;
END;

-- Both text indexes again, each with the codes as a second column. The triggers of 0003 and
-- 0111 that wrote them go; one trigger per change now writes both.
DROP TRIGGER users_search_insert;
DROP TRIGGER users_fts_update;
DROP TRIGGER users_fts_delete;
DROP TRIGGER users_words_insert;
DROP TRIGGER users_words_update;
DROP TRIGGER users_words_delete;
DROP TABLE users_fts;
DROP TABLE users_words;

CREATE VIRTUAL TABLE users_fts USING fts5 (
    search_text,
    tenant_codes,
    content = 'users',
    content_rowid = 'rowid',
    tokenize = 'trigram'
);
INSERT INTO users_fts (users_fts) VALUES ('rebuild');

-- Column filters need each word's column: detail = column instead of none.
CREATE VIRTUAL TABLE users_words USING fts5 (
    search_text,
    tenant_codes,
    content = 'users',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2',
    detail = column,
    columnsize = 0
);
INSERT INTO users_words (users_words) VALUES ('rebuild');

-- A new row enters both indexes with its default text and codes; setting its text then fires
-- users_fts_update, which replaces them.
CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_fts (rowid, search_text, tenant_codes)
    VALUES (new.rowid, new.search_text, new.tenant_codes);
    INSERT INTO users_words (rowid, search_text, tenant_codes)
    VALUES (new.rowid, new.search_text, new.tenant_codes);
    UPDATE users SET search_text = (SELECT s.search_text FROM user_search_text s WHERE s.user_id = new.id)
    WHERE rowid = new.rowid;
END;
-- The standard sync triggers of an external-content FTS5 table, for both.
CREATE TRIGGER users_fts_update AFTER UPDATE OF search_text, tenant_codes ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_text, tenant_codes)
    VALUES ('delete', old.rowid, old.search_text, old.tenant_codes);
    INSERT INTO users_fts (rowid, search_text, tenant_codes)
    VALUES (new.rowid, new.search_text, new.tenant_codes);
    INSERT INTO users_words (users_words, rowid, search_text, tenant_codes)
    VALUES ('delete', old.rowid, old.search_text, old.tenant_codes);
    INSERT INTO users_words (rowid, search_text, tenant_codes)
    VALUES (new.rowid, new.search_text, new.tenant_codes);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_text, tenant_codes)
    VALUES ('delete', old.rowid, old.search_text, old.tenant_codes);
    INSERT INTO users_words (users_words, rowid, search_text, tenant_codes)
    VALUES ('delete', old.rowid, old.search_text, old.tenant_codes);
END;
