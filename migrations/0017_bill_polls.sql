-- The bill polls that ran (README, "Bills"). The daily poll knew when it
-- last ran only in memory, so a bot restarted five times in a day asked
-- congress.gov about every bill five times, a minute after each start. It
-- now waits out the day since the last poll of every case began, as this
-- log says, whether the bot or `casewatch bills poll` ran it. A poll is
-- logged when it starts, so one cut short (the process stopped, or a bug
-- made it panic) counts too, and a restart does not poll again at once.
-- Operations data, not part of the record: nothing cites or audits it.
CREATE TABLE bill_polls (
    id          INTEGER PRIMARY KEY,
    -- The one case polled, or NULL for every case.
    case_id     INTEGER REFERENCES cases(id),
    started_at  TEXT NOT NULL,
    -- NULL until the poll finishes, and for good when it never did; the
    -- counts come with it.
    finished_at TEXT,
    requests    INTEGER,
    bills       INTEGER,
    failed      INTEGER,
    -- Why the poll stopped before its last bill, when it did.
    stopped     TEXT
);
CREATE INDEX bill_polls_by_case ON bill_polls (case_id, started_at);

-- The check that nothing on record lacks a source now covers the bill
-- rows of migration 0013 too: a bill an action names, and each cosponsor
-- row, must carry a citation like every other record.
DROP VIEW uncited_records;
CREATE VIEW uncited_records AS
    SELECT 'case_summary' AS kind, id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'case_summary' AND record_id = c.id)
    UNION ALL SELECT 'case_status', id FROM cases c WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'case_status' AND record_id = c.id)
    UNION ALL SELECT 'people', id FROM people t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'people' AND record_id = t.id)
    UNION ALL SELECT 'events', id FROM events t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'events' AND record_id = t.id)
    UNION ALL SELECT 'quotes', id FROM quotes t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'quotes' AND record_id = t.id)
    UNION ALL SELECT 'actions', id FROM actions t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'actions' AND record_id = t.id)
    UNION ALL SELECT 'action_statuses', id FROM action_statuses t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'action_statuses' AND record_id = t.id)
    UNION ALL SELECT 'figures', id FROM figures t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'figures' AND record_id = t.id)
    UNION ALL SELECT 'action_bills', id FROM action_bills t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'action_bills' AND record_id = t.id)
    UNION ALL SELECT 'bill_cosponsors', id FROM bill_cosponsors t WHERE NOT EXISTS (SELECT 1 FROM citations WHERE kind = 'bill_cosponsors' AND record_id = t.id);
