-- Bills that track themselves (README, "Bills"). Like everything on
-- record, each row here is cited (`citations.kind` is the table's name),
-- lands in the audit log, and is never deleted or rewritten.

-- The bill an action is about, as an editor named it with `/action bill`
-- (the newest row is current; a change is a new row). `bill` is the
-- reference's stable form, `119-hr-4001`: congress, API type code, number.
CREATE TABLE action_bills (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL REFERENCES actions(id),
    bill        TEXT NOT NULL CHECK (bill GLOB '[0-9]*-[a-z]*-[0-9]*'),
    named_at    TEXT NOT NULL
);
CREATE INDEX action_bills_by_action ON action_bills (action_id, id);

-- A status the congress.gov poller brought carries the stable key of the
-- event it reports (`congress:119-hr-4001:2025-06-12:referred:…`), so a
-- second poll adds nothing; statuses editors record have none.
ALTER TABLE action_statuses ADD COLUMN origin TEXT;
CREATE UNIQUE INDEX action_statuses_by_origin
    ON action_statuses (action_id, origin) WHERE origin IS NOT NULL;

-- Events the API no longer lists: the status stays, with this note of
-- when the poller stopped seeing it.
CREATE TABLE action_status_vanished (
    status_id   INTEGER PRIMARY KEY REFERENCES action_statuses(id),
    noticed_at  TEXT NOT NULL
);

-- A bill's cosponsors as congress.gov lists them: one row when a member
-- joins, another when they withdraw (`sponsorshipWithdrawnDate`).
CREATE TABLE bill_cosponsors (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL REFERENCES actions(id),
    bill        TEXT NOT NULL,
    bioguide_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    party       TEXT NOT NULL,
    state       TEXT NOT NULL,
    district    INTEGER,
    original    INTEGER NOT NULL CHECK (original IN (0, 1)),
    change      TEXT NOT NULL CHECK (change IN ('joined', 'withdrew')),
    date        TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (action_id, bill, bioguide_id, change)
);

CREATE TRIGGER no_delete_action_bills BEFORE DELETE ON action_bills
    BEGIN SELECT RAISE(ABORT, 'a bill reference is history and is never deleted'); END;
CREATE TRIGGER action_bills_keep_history BEFORE UPDATE ON action_bills
    BEGIN SELECT RAISE(ABORT, 'a bill reference is history: name the bill again instead'); END;
CREATE TRIGGER no_delete_action_status_vanished BEFORE DELETE ON action_status_vanished
    BEGIN SELECT RAISE(ABORT, 'records are retracted, never deleted'); END;
CREATE TRIGGER no_delete_bill_cosponsors BEFORE DELETE ON bill_cosponsors
    BEGIN SELECT RAISE(ABORT, 'records are retracted, never deleted'); END;
CREATE TRIGGER bill_cosponsors_keep_history BEFORE UPDATE ON bill_cosponsors
    BEGIN SELECT RAISE(ABORT, 'a cosponsorship is history: record a new row instead'); END;
