-- An index for each order of the user search (SQLite). Keep in step with
-- ../postgres/0013_user_sort_indexes.sql.
--
-- A search sorts by one column, ascending or descending, then by id ascending (order_by in
-- server/src/db/users.rs). A page is read off an index in exactly that order, instead of
-- sorting every user of the tenant; SQLite cannot read one index with the directions mixed, so
-- each column has one index per direction. The id makes each index end in the search's order.
-- (lower(name), id) is users_name_order of migration 0003.
CREATE INDEX users_name_order_desc ON users (lower(name) DESC, id);
CREATE INDEX users_email_order ON users (lower(email), id);
CREATE INDEX users_email_order_desc ON users (lower(email) DESC, id);
CREATE INDEX users_phone_order ON users (phone, id);
CREATE INDEX users_phone_order_desc ON users (phone DESC, id);
CREATE INDEX users_status_order ON users (status, id);
CREATE INDEX users_status_order_desc ON users (status DESC, id);
CREATE INDEX users_created_order ON users (created, id);
CREATE INDEX users_created_order_desc ON users (created DESC, id);
-- A status filter in the default order (the widget's status menu).
CREATE INDEX users_status_name ON users (status, lower(name), id);

-- Each of these starts the one it replaces.
DROP INDEX users_phone;
DROP INDEX users_status;
DROP INDEX users_created;
