-- The cited case record. Every statement table has a `key` (stable across
-- imports), retraction columns (nothing is ever deleted), and its sources in
-- `citations`. The store refuses to commit a transaction that leaves any
-- record without a citation (see `uncited_records` below and store/mod.rs).

CREATE TABLE cases (
    id                      INTEGER PRIMARY KEY,
    key                     TEXT NOT NULL UNIQUE,
    title                   TEXT NOT NULL,
    subject_key             TEXT NOT NULL,
    summary                 TEXT NOT NULL,
    status                  TEXT NOT NULL,
    detained_from_key       TEXT,
    detained_until_key      TEXT
);

CREATE TABLE sources (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases(id),
    key                 TEXT NOT NULL,
    publication         TEXT NOT NULL,
    title               TEXT NOT NULL,
    author              TEXT,
    published           TEXT NOT NULL,
    url                 TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
    url_exact           INTEGER NOT NULL DEFAULT 1,
    archive_url         TEXT CHECK (archive_url IS NULL OR archive_url LIKE 'http://%' OR archive_url LIKE 'https://%'),
    note                TEXT,
    retracted_at        TEXT,
    retracted_by        TEXT,
    retracted_reason    TEXT,
    UNIQUE (case_id, key)
);

CREATE TABLE people (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases(id),
    key                 TEXT NOT NULL,
    name                TEXT NOT NULL,
    aliases             TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
    role                TEXT NOT NULL,
    retracted_at        TEXT,
    retracted_by        TEXT,
    retracted_reason    TEXT,
    UNIQUE (case_id, key)
);

CREATE TABLE events (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases(id),
    key                 TEXT NOT NULL,
    date                TEXT NOT NULL,   -- as precise as the source: 2025, 2025-03, 2025-03-14, A/B
    date_first          TEXT NOT NULL,   -- earliest day it can mean, for sorting and filters
    date_last           TEXT NOT NULL,   -- latest day it can mean
    text                TEXT NOT NULL,
    tags                TEXT NOT NULL DEFAULT '[]',
    people              TEXT NOT NULL DEFAULT '[]',  -- JSON array of person keys
    retracted_at        TEXT,
    retracted_by        TEXT,
    retracted_reason    TEXT,
    UNIQUE (case_id, key)
);
CREATE INDEX events_by_date ON events (case_id, date_first, date_last);

CREATE TABLE quotes (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases(id),
    key                 TEXT NOT NULL,
    speaker_id          INTEGER NOT NULL REFERENCES people(id),
    role                TEXT NOT NULL,
    text                TEXT NOT NULL,
    language            TEXT NOT NULL,
    said                TEXT,
    said_first          TEXT,
    place               TEXT,
    relay               TEXT NOT NULL CHECK (relay IN ('direct', 'second-hand')),
    relayed_by_id       INTEGER REFERENCES people(id),
    context             TEXT,
    retracted_at        TEXT,
    retracted_by        TEXT,
    retracted_reason    TEXT,
    UNIQUE (case_id, key)
);
CREATE INDEX quotes_by_speaker ON quotes (speaker_id);

CREATE TABLE actions (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases(id),
    key                 TEXT NOT NULL,
    kind                TEXT NOT NULL,
    title               TEXT NOT NULL,
    led_by              TEXT NOT NULL DEFAULT '[]',     -- JSON array of person keys
    co_led_by           TEXT NOT NULL DEFAULT '[]',
    date                TEXT,
    date_first          TEXT,
    reference           TEXT,
    summary             TEXT NOT NULL,
    retracted_at        TEXT,
    retracted_by        TEXT,
    retracted_reason    TEXT,
    UNIQUE (case_id, key)
);

CREATE TABLE action_statuses (
    id                  INTEGER PRIMARY KEY,
    action_id           INTEGER NOT NULL REFERENCES actions(id),
    position            INTEGER NOT NULL,
    status              TEXT NOT NULL,
    date                TEXT,
    note                TEXT,
    UNIQUE (action_id, position)
);

CREATE TABLE figures (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases(id),
    key                 TEXT NOT NULL,
    measure             TEXT NOT NULL,
    label               TEXT NOT NULL,
    value               TEXT NOT NULL,
    stated_as           TEXT NOT NULL,
    retracted_at        TEXT,
    retracted_by        TEXT,
    retracted_reason    TEXT,
    UNIQUE (case_id, key)
);

-- Which sources support which record. `kind` is the table name, or
-- 'case_summary' / 'case_status' for a case's two statements.
CREATE TABLE citations (
    kind        TEXT NOT NULL,
    record_id   INTEGER NOT NULL,
    source_id   INTEGER NOT NULL REFERENCES sources(id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (kind, record_id, source_id)
);
CREATE INDEX citations_by_source ON citations (source_id);

-- Every record that would break the promise. Must be empty at every commit.
CREATE VIEW uncited_records AS
    SELECT 'case_summary' AS kind, id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'case_summary' AND record_id = c.id)
    UNION ALL SELECT 'case_status', id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'case_status' AND record_id = c.id)
    UNION ALL SELECT 'people', id FROM people t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'people' AND record_id = t.id)
    UNION ALL SELECT 'events', id FROM events t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'events' AND record_id = t.id)
    UNION ALL SELECT 'quotes', id FROM quotes t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'quotes' AND record_id = t.id)
    UNION ALL SELECT 'actions', id FROM actions t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'actions' AND record_id = t.id)
    UNION ALL SELECT 'action_statuses', id FROM action_statuses t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'action_statuses' AND record_id = t.id)
    UNION ALL SELECT 'figures', id FROM figures t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'figures' AND record_id = t.id);

-- Members' suggestions, kept whatever the decision.
CREATE TABLE suggestions (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    suggested_by    TEXT NOT NULL,
    suggested_at    TEXT NOT NULL,
    date            TEXT NOT NULL,
    text            TEXT NOT NULL,
    tags            TEXT NOT NULL DEFAULT '[]',
    source_id       INTEGER REFERENCES sources(id),
    new_source      TEXT,          -- JSON of an inline source, created on approval
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
    reviewed_by     TEXT,
    reviewed_at     TEXT,
    review_reason   TEXT,
    event_id        INTEGER REFERENCES events(id),
    CHECK (source_id IS NOT NULL OR new_source IS NOT NULL)
);

-- Every write: who, when, what, before and after. Append-only.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    record_id   INTEGER,
    before      TEXT,
    after       TEXT,
    reason      TEXT
);
CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Nothing is deleted from the record tables either.
CREATE TRIGGER no_delete_sources BEFORE DELETE ON sources BEGIN SELECT RAISE(ABORT, 'records are retracted, never deleted'); END;
CREATE TRIGGER no_delete_events BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'records are retracted, never deleted'); END;
CREATE TRIGGER no_delete_quotes BEFORE DELETE ON quotes BEGIN SELECT RAISE(ABORT, 'records are retracted, never deleted'); END;
CREATE TRIGGER no_delete_actions BEFORE DELETE ON actions BEGIN SELECT RAISE(ABORT, 'records are retracted, never deleted'); END;
CREATE TRIGGER no_delete_figures BEFORE DELETE ON figures BEGIN SELECT RAISE(ABORT, 'records are retracted, never deleted'); END;
CREATE TRIGGER no_delete_people BEFORE DELETE ON people BEGIN SELECT RAISE(ABORT, 'records are retracted, never deleted'); END;

-- Full-text search over what users read. Maintained by the store on every
-- write; `remove_diacritics 2` makes "hernandez" find "Hernández".
CREATE VIRTUAL TABLE search_index USING fts5(
    body,
    kind UNINDEXED,
    record_id UNINDEXED,
    case_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
