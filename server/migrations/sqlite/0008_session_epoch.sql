-- Sessions end by a counter instead of a time. A token carries the user's session epoch from when
-- it was issued and stands only while that is still the current one: ending the sessions
-- (logout, disable) adds one. A time (sessions_valid_after, in seconds) had to be set a second
-- ahead, which refused a user who signed in again within that second. Tokens from before this
-- change carry no epoch (read as 0): they keep working for users whose sessions were never ended.
-- Same text on SQLite and PostgreSQL (keep in step with ../postgres/0008_session_epoch.sql).
ALTER TABLE users RENAME COLUMN sessions_valid_after TO session_epoch;
UPDATE users SET session_epoch = 1 WHERE session_epoch <> 0;
