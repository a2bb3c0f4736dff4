-- The user search counts its matches with `users.test` filtered (test users are hidden unless
-- asked for); (test, id) lets that count be answered from this index (see the SQLite migration).
CREATE INDEX users_test_id ON users (test, id);
