-- An index for each order of the user search (PostgreSQL). Keep in step with
-- ../sqlite/0013_user_sort_indexes.sql, which says why. PostgreSQL reads an index backwards,
-- so (c, id) serves c ASC, id ASC and c DESC, id DESC; (c DESC, id) serves c DESC, id ASC.
-- Text compares in byte order (Db::collate). ((lower(name), id) is users_name_order of 0003.)
CREATE INDEX users_name_order_desc ON users ((lower(name) COLLATE "C") DESC, (id COLLATE "C"));
CREATE INDEX users_email_order ON users ((lower(email) COLLATE "C"), (id COLLATE "C"));
CREATE INDEX users_email_order_desc ON users ((lower(email) COLLATE "C") DESC, (id COLLATE "C"));
CREATE INDEX users_phone_order ON users ((phone COLLATE "C"), (id COLLATE "C"));
CREATE INDEX users_phone_order_desc ON users ((phone COLLATE "C") DESC, (id COLLATE "C"));
CREATE INDEX users_status_order ON users ((status COLLATE "C"), (id COLLATE "C"));
CREATE INDEX users_status_order_desc ON users ((status COLLATE "C") DESC, (id COLLATE "C"));
CREATE INDEX users_created_order ON users (created, (id COLLATE "C"));
CREATE INDEX users_created_order_desc ON users (created DESC, (id COLLATE "C"));
-- A status filter in the default order (the widget's status menu).
CREATE INDEX users_status_name ON users (status, (lower(name) COLLATE "C"), (id COLLATE "C"));
