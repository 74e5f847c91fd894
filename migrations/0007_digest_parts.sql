-- The exact messages of each digest run, stored before the first is sent,
-- so a run resumed after a crash sends the same bytes under the same keys:
-- an idempotency key (Matrix transaction id, Discord nonce) is never used
-- for different content. A failed day that is taken up again (its place
-- subscribed again the same day) starts a new generation of the run, with
-- new keys; the earlier generation's messages stay as they were.

ALTER TABLE digest_runs ADD COLUMN generation INTEGER NOT NULL DEFAULT 1;

CREATE TABLE digest_run_parts (
    run_id      INTEGER NOT NULL REFERENCES digest_runs(id),
    generation  INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    key         TEXT NOT NULL UNIQUE,
    payload     TEXT NOT NULL,      -- what the platform is sent, as prepared
    sent_at     TEXT,
    PRIMARY KEY (run_id, generation, position)
) WITHOUT ROWID;

CREATE TRIGGER no_delete_digest_run_parts BEFORE DELETE ON digest_run_parts
    BEGIN SELECT RAISE(ABORT, 'digest messages are history and are never deleted'); END;
-- A prepared message is sent as it is; only the moment it was sent is added.
CREATE TRIGGER digest_run_parts_are_fixed BEFORE UPDATE ON digest_run_parts
    WHEN NEW.run_id IS NOT OLD.run_id OR NEW.generation IS NOT OLD.generation
      OR NEW.position IS NOT OLD.position OR NEW.key IS NOT OLD.key
      OR NEW.payload IS NOT OLD.payload OR OLD.sent_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a prepared digest message cannot change'); END;
