-- Whether each source's address still answers (`casewatch sources check`).
-- `link_checks` is the history, one row per GET, never changed or deleted;
-- `link_status` is the last word per source, rewritten by each check.
-- Neither is part of the cited record: an archived copy the checker finds
-- is set on `sources.archive_url` through the audited write path.

CREATE TABLE link_checks (
    id              INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES sources(id),
    checked_at      TEXT NOT NULL,
    url             TEXT NOT NULL,                -- the address that was asked for
    http_status     INTEGER,                      -- the final answer's status, when there was one
    failure         TEXT,                         -- timeout, dns, tls, refused, reset, redirects, other
    final_url       TEXT,                         -- where the redirects ended
    status          TEXT NOT NULL CHECK (status IN ('ok', 'moved', 'gone', 'flaky'))
);
CREATE INDEX link_checks_by_source ON link_checks (source_id, checked_at);

CREATE TRIGGER link_checks_keep_history_update BEFORE UPDATE ON link_checks
    BEGIN SELECT RAISE(ABORT, 'a link check is history: record a new check instead'); END;
CREATE TRIGGER link_checks_keep_history_delete BEFORE DELETE ON link_checks
    BEGIN SELECT RAISE(ABORT, 'a link check is history and is never deleted'); END;

CREATE TABLE link_status (
    source_id           INTEGER PRIMARY KEY REFERENCES sources(id),
    status              TEXT NOT NULL CHECK (status IN ('ok', 'moved', 'gone', 'flaky')),
    checked_at          TEXT NOT NULL,
    -- When the source took this status (the first check that gave it).
    since               TEXT NOT NULL,
    final_url           TEXT,
    -- The first of an unbroken run of DNS or TLS failures: a second one a
    -- day or more later makes the source gone.
    unreachable_since   TEXT
);
CREATE INDEX link_status_by_status ON link_status (status, since);
CREATE INDEX link_status_by_checked ON link_status (checked_at);
