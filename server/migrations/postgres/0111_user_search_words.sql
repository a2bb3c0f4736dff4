-- Word prefixes of the user search text (PostgreSQL). Keep in step with
-- ../sqlite/0111_user_search_words.sql, which says why.
--
-- users.search_words holds the words of search_text (runs of letters and digits, split at
-- everything else, as SQLite's unicode61 tokenizer splits them) as a tsvector of the 'simple'
-- configuration, which keeps every word as it is. Generated and stored, so no trigger keeps
-- it and a row checked one at a time costs no parsing; the GIN index answers `ab:*`.
ALTER TABLE users ADD COLUMN search_words tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g'))
) STORED;

CREATE INDEX users_search_words ON users USING gin (search_words);
