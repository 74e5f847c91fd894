-- Daily digests. A subscription is one place (a Discord channel, a Matrix
-- room, the console) that gets one digest a day. `covered_audit_id` is its
-- high-water mark: every audit entry up to it has been in one of its
-- digests. A run is one day's digest for one subscription; its audit range
-- is fixed when it is prepared, so a run resumed after a crash covers
-- exactly the same changes, and the next run starts where it ended.

CREATE TABLE digest_subscriptions (
    id                  INTEGER PRIMARY KEY,
    platform            TEXT NOT NULL,          -- discord, matrix, console
    place               TEXT NOT NULL,          -- channel id, room id, …
    case_id             INTEGER NOT NULL REFERENCES cases(id),
    time_of_day         TEXT NOT NULL,          -- HH:MM, local
    timezone            TEXT NOT NULL,          -- IANA name
    locale              TEXT NOT NULL DEFAULT 'en',
    post_when_empty     INTEGER NOT NULL DEFAULT 0,
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    active              INTEGER NOT NULL DEFAULT 1,
    disabled_reason     TEXT,
    covered_audit_id    INTEGER NOT NULL,       -- high-water mark
    last_local_date     TEXT,                   -- local date of the last digest posted or skipped
    UNIQUE (platform, place, case_id)
);

CREATE TABLE digest_runs (
    id                  INTEGER PRIMARY KEY,
    subscription_id     INTEGER NOT NULL REFERENCES digest_subscriptions(id),
    local_date          TEXT NOT NULL,
    audit_from          INTEGER NOT NULL,       -- exclusive
    audit_to            INTEGER NOT NULL,       -- inclusive
    state               TEXT NOT NULL DEFAULT 'prepared' CHECK (state IN ('prepared', 'sent', 'empty', 'failed')),
    parts_total         INTEGER,
    parts_sent          INTEGER NOT NULL DEFAULT 0,
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     TEXT,
    last_error          TEXT,
    prepared_at         TEXT NOT NULL,
    finished_at         TEXT,
    UNIQUE (subscription_id, local_date)
);
