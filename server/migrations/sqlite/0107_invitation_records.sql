-- Invitations as records (issue 20): who invited and when the user was first invited, kept
-- across resends (which replace the token, `sent` and `expires`). Existing invitations get
-- their `sent` as `created` and no inviter. Same text as ../postgres/0107_invitation_records.sql.
ALTER TABLE invitations ADD COLUMN invited_by TEXT NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN created BIGINT NOT NULL DEFAULT 0;
UPDATE invitations SET created = sent;

-- The pending list, newest first (user_id breaks ties so pages neither repeat nor skip); a
-- tenant's list reaches its invited members through user_tenants' own index.
CREATE INDEX invitations_created ON invitations (created, user_id);
