-- Who may change a case's record. A grant names a place (a Discord
-- server's moderators, a Matrix room's moderators) or a person (a Discord
-- or Matrix user), in the form `casewatch editors add` takes:
-- `discord:GUILD_ID`, `discord-user:USER_ID`, `matrix:!room:server`,
-- `matrix-user:@user:server`. The local console is always an editor and is
-- never stored. Grants are revoked, never deleted, so the table is also the
-- history of who could edit when.

CREATE TABLE case_editors (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    grantee         TEXT NOT NULL,
    granted_by      TEXT NOT NULL,
    granted_at      TEXT NOT NULL,
    revoked_by      TEXT,
    revoked_at      TEXT,
    CHECK ((revoked_by IS NULL) = (revoked_at IS NULL))
);
-- At most one live grant per case and grantee.
CREATE UNIQUE INDEX case_editors_live ON case_editors (case_id, grantee) WHERE revoked_at IS NULL;

CREATE TRIGGER no_delete_case_editors BEFORE DELETE ON case_editors
    BEGIN SELECT RAISE(ABORT, 'editor grants are revoked, never deleted'); END;
-- The only change a grant may see is its revocation, once.
CREATE TRIGGER case_editors_keep_history BEFORE UPDATE ON case_editors
    WHEN OLD.revoked_at IS NOT NULL
      OR NEW.case_id IS NOT OLD.case_id OR NEW.grantee IS NOT OLD.grantee
      OR NEW.granted_by IS NOT OLD.granted_by OR NEW.granted_at IS NOT OLD.granted_at
    BEGIN SELECT RAISE(ABORT, 'an editor grant can only be revoked, once'); END;

-- Where a suggestion was made (the invocation's place), so /review can say
-- so and /suggest can be limited per place.
ALTER TABLE suggestions ADD COLUMN suggested_in TEXT;
CREATE INDEX suggestions_by_author ON suggestions (suggested_by, state);
CREATE INDEX suggestions_by_place ON suggestions (suggested_in, suggested_at);
