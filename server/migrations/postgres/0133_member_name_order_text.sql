-- A tenant's members in name order with their copies of the search text (0131), so that a walk
-- of that order checking a text reads the index alone (an index-only scan). A search of one
-- tenant sorted by name that more than 10,000 members match walks up to 30,000 of them before it
-- sorts every match instead (`Db::capped_text_page`): in the benchmark's tenant of 1,000,000
-- members, 40,000 took 11 ms from this index against about 2 µs a member reading each
-- membership's row (`EXPLAIN ANALYZE`). The text adds 27 MB to the ascending index's 158 MB there.
-- SQLite walks its users in name order, checking each against its text index's matches.
DROP INDEX user_tenants_name_order;
DROP INDEX user_tenants_name_order_desc;
CREATE INDEX user_tenants_name_order ON user_tenants
    (tenant_id, name_order, (user_id COLLATE "C")) INCLUDE (user_id, test, status, search_text);
CREATE INDEX user_tenants_name_order_desc ON user_tenants
    (tenant_id, name_order DESC, (user_id COLLATE "C")) INCLUDE (user_id, test, status, search_text);
