-- How many shown events carry each tag, kept up to date like the counts of
-- 0008, so `/timeline tag:` states "page 1 of N" without counting every
-- tagged event: a tag on 7,500 of 100,000 events took 5 to 10 ms to count
-- (BENCHMARKS.md). Derived, so rebuilt whole when migrated again.
DROP TRIGGER IF EXISTS tag_counts_shown;
DROP TRIGGER IF EXISTS tag_counts_hidden;
DROP TRIGGER IF EXISTS tag_counts_tag_in;
DROP TRIGGER IF EXISTS tag_counts_tag_out;
DROP TABLE IF EXISTS tag_counts;

CREATE TABLE tag_counts (
    case_id     INTEGER NOT NULL,
    tag         TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (case_id, tag)
) WITHOUT ROWID;

INSERT INTO tag_counts (case_id, tag, n)
SELECT t.case_id, t.tag, count(*) FROM event_tags t
  JOIN shown_records s ON s.kind = 'events' AND s.id = t.event_id
 GROUP BY t.case_id, t.tag;

-- An event shown or hidden counts, or stops counting, for each of its
-- tags. A new event's tag rows are written before a citation shows it
-- (0008), and a hidden event keeps its tag rows.
CREATE TRIGGER tag_counts_shown AFTER INSERT ON shown_records WHEN NEW.kind = 'events' BEGIN
    INSERT INTO tag_counts (case_id, tag, n)
    SELECT case_id, tag, 1 FROM event_tags WHERE event_id = NEW.id
        ON CONFLICT (case_id, tag) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tag_counts_hidden AFTER DELETE ON shown_records WHEN OLD.kind = 'events' BEGIN
    UPDATE tag_counts SET n = n - 1
     WHERE (case_id, tag) IN (SELECT case_id, tag FROM event_tags WHERE event_id = OLD.id);
END;

-- A shown event's tags changed (0008's events_tags_follow deletes and
-- writes its tag rows again).
CREATE TRIGGER tag_counts_tag_in AFTER INSERT ON event_tags
    WHEN EXISTS (SELECT 1 FROM shown_records WHERE kind = 'events' AND id = NEW.event_id)
BEGIN
    INSERT INTO tag_counts (case_id, tag, n) VALUES (NEW.case_id, NEW.tag, 1)
        ON CONFLICT (case_id, tag) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tag_counts_tag_out AFTER DELETE ON event_tags
    WHEN EXISTS (SELECT 1 FROM shown_records WHERE kind = 'events' AND id = OLD.event_id)
BEGIN
    UPDATE tag_counts SET n = n - 1 WHERE case_id = OLD.case_id AND tag = OLD.tag;
END;
