-- Which posted message shows which records, and the edits that carry a
-- correction or retraction to them. A message is remembered before it is
-- sent (with the document it renders), and gets its platform id once the
-- platform confirms it; only then can it be edited. An edit is one row per
-- (audit entry, message), so a correction reaches a message at most once,
-- and its state survives restarts.

CREATE TABLE posted_messages (
    id              INTEGER PRIMARY KEY,
    platform        TEXT NOT NULL,          -- discord, matrix
    place           TEXT NOT NULL,          -- channel or room, as subscriptions name it
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    locale          TEXT NOT NULL,
    document        TEXT NOT NULL,          -- the reply document (JSON) the message renders
    piece           INTEGER NOT NULL,       -- which of the document's rendered messages it is
    pieces          INTEGER NOT NULL,       -- how many messages the document rendered to
    shown_audit_id  INTEGER NOT NULL,       -- the record as of this audit entry is what it shows
    run_id          INTEGER REFERENCES digest_runs(id),
    generation      INTEGER,
    position        INTEGER,
    message_ref     TEXT,                   -- Discord message id or interaction, Matrix event id; NULL until sent
    edit_until      TEXT,                   -- when the platform stops letting the bot edit it, if it does
    posted_at       TEXT,
    gone_at         TEXT,                   -- set when the platform says it can no longer be edited
    gone_reason     TEXT,
    UNIQUE (run_id, generation, position)
);

CREATE TABLE posted_message_records (
    message_id  INTEGER NOT NULL REFERENCES posted_messages(id),
    kind        TEXT NOT NULL,              -- the audit log's table name: events, quotes, …
    record_id   INTEGER NOT NULL,
    PRIMARY KEY (message_id, kind, record_id)
) WITHOUT ROWID;

-- Answers the platform lets the bot edit for a while only are closed when
-- that time has passed.
CREATE INDEX posted_messages_expiring ON posted_messages (edit_until)
    WHERE edit_until IS NOT NULL AND gone_at IS NULL;

-- A correction finds its messages through this.
CREATE INDEX posted_message_records_by_record ON posted_message_records (kind, record_id);

CREATE TABLE message_edits (
    id              INTEGER PRIMARY KEY,
    audit_id        INTEGER NOT NULL REFERENCES audit_log(id),
    message_id      INTEGER NOT NULL REFERENCES posted_messages(id),
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'gone', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    finished_at     TEXT,
    UNIQUE (audit_id, message_id)
);

CREATE INDEX message_edits_due ON message_edits (state, next_attempt_at);

-- How far the audit log has been read for corrections and retractions.
CREATE TABLE message_edit_mark (
    only_row         INTEGER PRIMARY KEY CHECK (only_row = 1),
    covered_audit_id INTEGER NOT NULL
);
INSERT INTO message_edit_mark (only_row, covered_audit_id) VALUES (1, 0);

CREATE TRIGGER no_delete_posted_messages BEFORE DELETE ON posted_messages
    BEGIN SELECT RAISE(ABORT, 'posted messages are history and are never deleted'); END;
CREATE TRIGGER no_delete_message_edits BEFORE DELETE ON message_edits
    BEGIN SELECT RAISE(ABORT, 'message edits are history and are never deleted'); END;
