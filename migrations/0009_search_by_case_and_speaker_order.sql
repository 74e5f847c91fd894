-- Every community command fast at 100,000 events and 100,000 quotes, and
-- `/search` with a million index rows (BENCHMARKS.md, "Search by case").
--
-- 1. The search index's rowid now starts with the case:
--    case_id << 44 | (position of the kind in RecordKind::ALL, from 1) << 40 | record id
--    (source 1, person 2, event 3, quote 4, action 5, figure 6). A case's
--    entries, or one kind of them, are then one rowid range, which FTS5
--    applies inside each word's list of rows. Until now `case_id` was an
--    UNINDEXED column: every match of every case was read from the index's
--    content table before the case filter dropped it (70 ms p99 with a
--    million rows), and `kind` and `record_id` were read the same way for
--    the support check. Both now come from the rowid.
--    Idempotent: the new rowid is computed from the row's own columns.
UPDATE search_index
   SET rowid = (case_id << 44)
             | ((CASE kind WHEN 'sources' THEN 1 WHEN 'people' THEN 2 WHEN 'events' THEN 3
                           WHEN 'quotes' THEN 4 WHEN 'actions' THEN 5 WHEN 'figures' THEN 6 END) << 40)
             | record_id;

-- 2. Quotes in the order `/quote` and `/person` show them (undated last),
--    per speaker and per case: a speaker's count and first page are an
--    index range, not a walk through the case's quotes testing each one's
--    speaker, and a page of all quotes stops after its five. The speaker
--    index starts with what `quotes_by_speaker` held, so that one goes.
CREATE INDEX IF NOT EXISTS quotes_by_speaker_said
    ON quotes (speaker_id, case_id, said_first IS NULL, said_first, id);
CREATE INDEX IF NOT EXISTS quotes_by_case_said
    ON quotes (case_id, said_first IS NULL, said_first, id);
DROP INDEX IF EXISTS quotes_by_speaker;

-- 3. The longest span of a case's shown events (a year, a range of months).
--    `/timeline from:` looks for events that end on or after a date, in an
--    index ordered by where they begin; with this bound it starts reading
--    that index one longest span before the date, not at the case's first
--    event (`from:2012-03` read every event before 2012).
CREATE INDEX IF NOT EXISTS shown_by_span
    ON shown_records (kind, case_id, julianday(date_last) - julianday(date_first));
