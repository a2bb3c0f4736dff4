-- A role's holders looked up by the role's name (PostgreSQL). Keep in step with
-- ../sqlite/0130_role_name_lookups.sql.
--
-- A management key's search of one tenant by role names takes its total from the holder counts
-- of migration 0123: every tenant's count of each role of those names. Without these indexes
-- both lookups read every row of their table (the roles of every tenant, and every tenant's
-- count of every role).
CREATE INDEX roles_name ON roles (name);
CREATE INDEX role_holder_counts_role ON role_holder_counts (role_id);
