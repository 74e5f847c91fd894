-- What answers show, kept up to date instead of recomputed per command.
--
-- A record is shown in answers while it is not retracted and at least one
-- of its sources is not retracted (`supported()` in store/read.rs). At
-- 100,000 events that rule, checked row by row, made `/case` count for
-- 30 ms, `page:5000` step through 50,000 table rows, and `tag:` parse
-- every event's JSON tags (see BENCHMARKS.md). These tables hold its
-- result instead, and triggers keep them in the writer's transaction
-- whatever code writes: a citation to a live source shows its record, a
-- retraction of the record hides it, and a retraction of a source hides
-- each record it was the last live source of. Retractions are never
-- undone (0005), so nothing else can show a record again.
--
-- They are derived, not history: rows leave `shown_records` when a record
-- is hidden, and everything here can be rebuilt from the record tables.

-- Derived, so rebuilt whole: a database taken back to an earlier version
-- and migrated again gets them fresh.
DROP TRIGGER IF EXISTS sources_count_in;
DROP TRIGGER IF EXISTS citations_show_record;
DROP TRIGGER IF EXISTS events_hide_retracted;
DROP TRIGGER IF EXISTS quotes_hide_retracted;
DROP TRIGGER IF EXISTS people_hide_retracted;
DROP TRIGGER IF EXISTS actions_hide_retracted;
DROP TRIGGER IF EXISTS figures_hide_retracted;
DROP TRIGGER IF EXISTS sources_hide_unsupported;
DROP TRIGGER IF EXISTS events_tags_in;
DROP TRIGGER IF EXISTS events_tags_follow;
DROP TABLE IF EXISTS shown_records;
DROP TABLE IF EXISTS record_counts;
DROP TABLE IF EXISTS event_tags;

-- Every shown person, event, quote, action and figure. Events carry their
-- dates so the timeline pages through `shown_by_date` alone (an index-only
-- OFFSET), then reads the ten rows it shows.
CREATE TABLE shown_records (
    kind        TEXT NOT NULL,
    id          INTEGER NOT NULL,
    case_id     INTEGER NOT NULL,
    date_first  TEXT,
    date_last   TEXT,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX shown_by_date ON shown_records (kind, case_id, date_first, date_last, id);

-- How many records of each kind a case shows (sources: not retracted), so
-- `/case` reads four numbers instead of counting four tables.
CREATE TABLE record_counts (
    case_id     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (case_id, kind)
) WITHOUT ROWID;

-- An event's tags, one row each (events.tags stays the record as filed),
-- in the timeline's order, so `/timeline tag:` is an index range.
CREATE TABLE event_tags (
    event_id    INTEGER NOT NULL,
    case_id     INTEGER NOT NULL,
    tag         TEXT NOT NULL,
    date_first  TEXT NOT NULL,
    date_last   TEXT NOT NULL,
    PRIMARY KEY (event_id, tag)
) WITHOUT ROWID;
CREATE INDEX event_tags_by_date ON event_tags (case_id, tag, date_first, date_last, event_id);

-- Existing rows.
INSERT INTO shown_records (kind, id, case_id, date_first, date_last)
SELECT 'events', id, case_id, date_first, date_last FROM events e WHERE retracted_at IS NULL
  AND EXISTS (SELECT 1 FROM citations c JOIN sources s ON s.id = c.source_id
              WHERE c.kind = 'events' AND c.record_id = e.id AND s.retracted_at IS NULL);
INSERT INTO shown_records (kind, id, case_id)
SELECT 'quotes', id, case_id FROM quotes r WHERE retracted_at IS NULL
  AND EXISTS (SELECT 1 FROM citations c JOIN sources s ON s.id = c.source_id
              WHERE c.kind = 'quotes' AND c.record_id = r.id AND s.retracted_at IS NULL);
INSERT INTO shown_records (kind, id, case_id)
SELECT 'people', id, case_id FROM people r WHERE retracted_at IS NULL
  AND EXISTS (SELECT 1 FROM citations c JOIN sources s ON s.id = c.source_id
              WHERE c.kind = 'people' AND c.record_id = r.id AND s.retracted_at IS NULL);
INSERT INTO shown_records (kind, id, case_id)
SELECT 'actions', id, case_id FROM actions r WHERE retracted_at IS NULL
  AND EXISTS (SELECT 1 FROM citations c JOIN sources s ON s.id = c.source_id
              WHERE c.kind = 'actions' AND c.record_id = r.id AND s.retracted_at IS NULL);
INSERT INTO shown_records (kind, id, case_id)
SELECT 'figures', id, case_id FROM figures r WHERE retracted_at IS NULL
  AND EXISTS (SELECT 1 FROM citations c JOIN sources s ON s.id = c.source_id
              WHERE c.kind = 'figures' AND c.record_id = r.id AND s.retracted_at IS NULL);

INSERT INTO record_counts (case_id, kind, n)
SELECT case_id, kind, count(*) FROM shown_records GROUP BY case_id, kind;
INSERT INTO record_counts (case_id, kind, n)
SELECT case_id, 'sources', count(*) FROM sources WHERE retracted_at IS NULL GROUP BY case_id;

INSERT INTO event_tags (event_id, case_id, tag, date_first, date_last)
SELECT DISTINCT e.id, e.case_id, j.value, e.date_first, e.date_last FROM events e, json_each(e.tags) j;

-- Counts follow the shown set and the live sources.
CREATE TRIGGER shown_records_count_in AFTER INSERT ON shown_records BEGIN
    INSERT INTO record_counts (case_id, kind, n) VALUES (NEW.case_id, NEW.kind, 1)
        ON CONFLICT (case_id, kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER shown_records_count_out AFTER DELETE ON shown_records BEGIN
    UPDATE record_counts SET n = n - 1 WHERE case_id = OLD.case_id AND kind = OLD.kind;
END;
CREATE TRIGGER sources_count_in AFTER INSERT ON sources WHEN NEW.retracted_at IS NULL BEGIN
    INSERT INTO record_counts (case_id, kind, n) VALUES (NEW.case_id, 'sources', 1)
        ON CONFLICT (case_id, kind) DO UPDATE SET n = n + 1;
END;

-- A citation to a live source shows a live record that was not shown yet
-- (a new record, or one whose sources were all retracted and that a
-- correction now supports).
CREATE TRIGGER citations_show_record AFTER INSERT ON citations
    WHEN NEW.kind IN ('events', 'quotes', 'people', 'actions', 'figures')
     AND (SELECT retracted_at FROM sources WHERE id = NEW.source_id) IS NULL
     AND NOT EXISTS (SELECT 1 FROM shown_records WHERE kind = NEW.kind AND id = NEW.record_id)
BEGIN
    INSERT INTO shown_records (kind, id, case_id, date_first, date_last)
    SELECT 'events', id, case_id, date_first, date_last FROM events
     WHERE NEW.kind = 'events' AND id = NEW.record_id AND retracted_at IS NULL
    UNION ALL SELECT 'quotes', id, case_id, NULL, NULL FROM quotes
     WHERE NEW.kind = 'quotes' AND id = NEW.record_id AND retracted_at IS NULL
    UNION ALL SELECT 'people', id, case_id, NULL, NULL FROM people
     WHERE NEW.kind = 'people' AND id = NEW.record_id AND retracted_at IS NULL
    UNION ALL SELECT 'actions', id, case_id, NULL, NULL FROM actions
     WHERE NEW.kind = 'actions' AND id = NEW.record_id AND retracted_at IS NULL
    UNION ALL SELECT 'figures', id, case_id, NULL, NULL FROM figures
     WHERE NEW.kind = 'figures' AND id = NEW.record_id AND retracted_at IS NULL;
END;

-- A retracted record is hidden.
CREATE TRIGGER events_hide_retracted AFTER UPDATE OF retracted_at ON events
    WHEN OLD.retracted_at IS NULL AND NEW.retracted_at IS NOT NULL
    BEGIN DELETE FROM shown_records WHERE kind = 'events' AND id = NEW.id; END;
CREATE TRIGGER quotes_hide_retracted AFTER UPDATE OF retracted_at ON quotes
    WHEN OLD.retracted_at IS NULL AND NEW.retracted_at IS NOT NULL
    BEGIN DELETE FROM shown_records WHERE kind = 'quotes' AND id = NEW.id; END;
CREATE TRIGGER people_hide_retracted AFTER UPDATE OF retracted_at ON people
    WHEN OLD.retracted_at IS NULL AND NEW.retracted_at IS NOT NULL
    BEGIN DELETE FROM shown_records WHERE kind = 'people' AND id = NEW.id; END;
CREATE TRIGGER actions_hide_retracted AFTER UPDATE OF retracted_at ON actions
    WHEN OLD.retracted_at IS NULL AND NEW.retracted_at IS NOT NULL
    BEGIN DELETE FROM shown_records WHERE kind = 'actions' AND id = NEW.id; END;
CREATE TRIGGER figures_hide_retracted AFTER UPDATE OF retracted_at ON figures
    WHEN OLD.retracted_at IS NULL AND NEW.retracted_at IS NOT NULL
    BEGIN DELETE FROM shown_records WHERE kind = 'figures' AND id = NEW.id; END;

-- A retracted source leaves the count, and hides every record it was the
-- last live source of.
CREATE TRIGGER sources_hide_unsupported AFTER UPDATE OF retracted_at ON sources
    WHEN OLD.retracted_at IS NULL AND NEW.retracted_at IS NOT NULL
BEGIN
    UPDATE record_counts SET n = n - 1 WHERE case_id = NEW.case_id AND kind = 'sources';
    DELETE FROM shown_records
     WHERE (kind, id) IN (SELECT kind, record_id FROM citations WHERE source_id = NEW.id)
       AND NOT EXISTS (SELECT 1 FROM citations c JOIN sources s ON s.id = c.source_id
                       WHERE c.kind = shown_records.kind AND c.record_id = shown_records.id
                         AND s.retracted_at IS NULL);
END;

-- An event's tags and dates are written with it; a correction changes only
-- its text. Should either ever change, its tag rows and shown dates follow.
CREATE TRIGGER events_tags_in AFTER INSERT ON events BEGIN
    INSERT INTO event_tags (event_id, case_id, tag, date_first, date_last)
    SELECT DISTINCT NEW.id, NEW.case_id, value, NEW.date_first, NEW.date_last FROM json_each(NEW.tags);
END;
CREATE TRIGGER events_tags_follow AFTER UPDATE OF tags, date_first, date_last ON events BEGIN
    DELETE FROM event_tags WHERE event_id = NEW.id;
    INSERT INTO event_tags (event_id, case_id, tag, date_first, date_last)
    SELECT DISTINCT NEW.id, NEW.case_id, value, NEW.date_first, NEW.date_last FROM json_each(NEW.tags);
    UPDATE shown_records SET date_first = NEW.date_first, date_last = NEW.date_last
     WHERE kind = 'events' AND id = NEW.id;
END;
