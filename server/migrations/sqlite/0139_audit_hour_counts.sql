-- How many events each tenant has in each hour (SQLite). Keep in step with
-- ../postgres/0139_audit_hour_counts.sql.
--
-- A page far down a tenant's audit log (issue 17: page 10,000 of 1,000,000 events) starts at
-- the event `offset` places from the newest. Finding it walked that many index entries: 17-30 ms
-- on SQLite, 38-41 on PostgreSQL. With these counts the search sums whole hours, newest first,
-- until the hour that holds the page's first event, and walks the index within that hour only.
-- Triggers keep the counts, inside the transaction of the change that moves them.
--
-- `hour` is `occurred` (epoch milliseconds) divided by 3,600,000, rounded down (also for a time
-- before 1970: `%` keeps the dividend's sign on both databases). Events are written and pruned,
-- never changed; an hour whose events are all pruned loses its row.
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

CREATE TRIGGER audit_hour_counts_insert AFTER INSERT ON audit_events BEGIN
    INSERT INTO audit_hour_counts (tenant_id, hour, events)
    VALUES (
        new.tenant_id,
        (new.occurred - (new.occurred % 3600000 + 3600000) % 3600000) / 3600000,
        1
    )
    ON CONFLICT (tenant_id, hour) DO UPDATE SET events = events + 1;
END;
CREATE TRIGGER audit_hour_counts_delete AFTER DELETE ON audit_events BEGIN
    UPDATE audit_hour_counts SET events = events - 1
    WHERE tenant_id = old.tenant_id
      AND hour = (old.occurred - (old.occurred % 3600000 + 3600000) % 3600000) / 3600000;
    DELETE FROM audit_hour_counts
    WHERE tenant_id = old.tenant_id
      AND hour = (old.occurred - (old.occurred % 3600000 + 3600000) % 3600000) / 3600000
      AND events = 0;
END;
