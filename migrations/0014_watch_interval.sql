-- A watched feed's own polling interval, in minutes (5 minutes to a week),
-- given with `/watch add interval:`; NULL polls it at the bot's
-- CASEWATCH_WATCH_INTERVAL_MINUTES. Set when the watch is added, like its
-- keywords, and never changed after.
ALTER TABLE watches ADD COLUMN interval_minutes INTEGER
    CHECK (interval_minutes IS NULL OR interval_minutes BETWEEN 5 AND 10080);

DROP TRIGGER watches_keep_history;
CREATE TRIGGER watches_keep_history BEFORE UPDATE ON watches
    WHEN OLD.removed_at IS NOT NULL
      OR NEW.case_id IS NOT OLD.case_id OR NEW.url IS NOT OLD.url
      OR NEW.keywords IS NOT OLD.keywords OR NEW.added_by IS NOT OLD.added_by
      OR NEW.added_at IS NOT OLD.added_at
      OR NEW.interval_minutes IS NOT OLD.interval_minutes
    BEGIN SELECT RAISE(ABORT, 'a watch can only be polled or removed, once'); END;
