-- Background jobs (issue 20): a CSV import or a bulk action on every user matching a filter.
-- A job runs in bounded batches; `done` counts the input rows handled so far, so a job resumes
-- where it stopped after a restart. A process owns a job while its lease runs (`lease_owner`,
-- `lease_until`, epoch seconds): several processes on one database never run the same job.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY NOT NULL,
    -- import | bulk
    kind TEXT NOT NULL,
    tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- The admin who started it ('' for a management key) and the audit actor and address.
    caller_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    remote_address TEXT NOT NULL,
    -- queued | running | done | failed
    state TEXT NOT NULL,
    -- The job's input as JSON: the CSV text and its mapping, or the bulk action and user ids.
    input TEXT NOT NULL,
    total BIGINT NOT NULL,
    done BIGINT NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until BIGINT NOT NULL DEFAULT 0,
    created BIGINT NOT NULL,
    finished BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX jobs_unfinished ON jobs (state, lease_until);
CREATE INDEX jobs_tenant ON jobs (tenant_id, created);

-- One row of a job's result: an input row (CSV line) or a user of a bulk action.
CREATE TABLE job_rows (
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    row_no BIGINT NOT NULL,
    login_id TEXT NOT NULL,
    -- create | update | unchanged | error
    outcome TEXT NOT NULL,
    column_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (job_id, row_no)
);
