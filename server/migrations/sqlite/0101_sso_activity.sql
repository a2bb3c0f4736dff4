-- The overview of a tenant's SSO configurations shows each one's last sign-in and last finished
-- test run: one index entry each, however many users signed in through it.
CREATE INDEX sso_users_connection ON sso_users (tenant_id, sso_id, last_sign_in);
CREATE INDEX sso_test_runs_finished ON sso_test_runs (tenant_id, sso_id, finished);
