-- The user search counts its matches with `users.test` filtered (test users are hidden unless
-- asked for). Without an index holding `test`, that count reads every user's row: about 250 ms
-- in a tenant of 100,000 users. With (test, id) it reads this index only (about 45 ms).
CREATE INDEX users_test_id ON users (test, id);
