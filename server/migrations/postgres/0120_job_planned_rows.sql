-- The plan of a job's batch, recorded before the batch is applied (issue 20): a batch that ran
-- but was not recorded (the process stopped in between) is planned again when it resumes, and
-- its applied rows then plan as unchanged; their result keeps the outcome recorded here (what
-- really happened). Only rows that change something are kept, and a batch's rows go once the
-- batch's results are recorded.
CREATE TABLE job_planned_rows (
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    row_no BIGINT NOT NULL,
    -- create | update
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (job_id, row_no)
);
