-- How many events each tenant has in each hour (PostgreSQL). Keep in step with
-- ../sqlite/0139_audit_hour_counts.sql, which says why.
--
-- A new event counts in its row's trigger: the server writes events one statement each, and a
-- row trigger cost a single-row insert 10-17% of its rate where a statement trigger with its
-- transition table cost 20-45% (pgbench, one and four clients, 2026-12-07). A prune counts once
-- per statement, over the rows it removed. Concurrent writers of one tenant's events in one hour
-- wait for each other on its row; the counts commit with the events.
CREATE TABLE audit_hour_counts (
    tenant_id TEXT NOT NULL,
    hour BIGINT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, hour)
);

INSERT INTO audit_hour_counts (tenant_id, hour, events)
SELECT tenant_id, (occurred - (occurred % 3600000 + 3600000) % 3600000) / 3600000, COUNT(*)
FROM audit_events
GROUP BY 1, 2;

CREATE FUNCTION audit_hour_counts_added() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_hour_counts (tenant_id, hour, events)
    VALUES (
        NEW.tenant_id,
        (NEW.occurred - (NEW.occurred % 3600000 + 3600000) % 3600000) / 3600000,
        1
    )
    ON CONFLICT (tenant_id, hour) DO UPDATE SET events = audit_hour_counts.events + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER audit_hour_counts_insert AFTER INSERT ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_hour_counts_added();

CREATE FUNCTION audit_hour_counts_removed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH gone AS (
        SELECT tenant_id, (occurred - (occurred % 3600000 + 3600000) % 3600000) / 3600000 AS hour,
               COUNT(*) AS events
        FROM removed
        GROUP BY 1, 2
    )
    UPDATE audit_hour_counts c SET events = c.events - gone.events
    FROM gone
    WHERE c.tenant_id = gone.tenant_id AND c.hour = gone.hour;
    DELETE FROM audit_hour_counts c
    USING (SELECT DISTINCT tenant_id,
                  (occurred - (occurred % 3600000 + 3600000) % 3600000) / 3600000 AS hour
           FROM removed) AS gone
    WHERE c.tenant_id = gone.tenant_id AND c.hour = gone.hour AND c.events = 0;
    RETURN NULL;
END
$$;
CREATE TRIGGER audit_hour_counts_delete AFTER DELETE ON audit_events
REFERENCING OLD TABLE AS removed
FOR EACH STATEMENT EXECUTE FUNCTION audit_hour_counts_removed();
