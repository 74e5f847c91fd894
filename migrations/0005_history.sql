-- A record's history is what `/history` tells and what the audit log
-- proves, so the database itself refuses what would erase it: no row of
-- the record or of its history is deleted, a citation never changes what
-- it links, an action's statuses are never rewritten or re-ordered, a
-- retraction is never undone or reattributed, and a decided suggestion
-- stays decided.

-- Where each change was made (the invocation's place: `discord:GUILD/CHANNEL`,
-- `matrix:!room:server`, `console`); NULL for imports and older entries.
ALTER TABLE audit_log ADD COLUMN place TEXT;

CREATE TRIGGER no_delete_cases BEFORE DELETE ON cases
    BEGIN SELECT RAISE(ABORT, 'records are retracted, never deleted'); END;
CREATE TRIGGER no_delete_citations BEFORE DELETE ON citations
    BEGIN SELECT RAISE(ABORT, 'a citation is history: retract the source or the record instead'); END;
CREATE TRIGGER no_delete_action_statuses BEFORE DELETE ON action_statuses
    BEGIN SELECT RAISE(ABORT, 'an action status is history and is never deleted'); END;
CREATE TRIGGER no_delete_suggestions BEFORE DELETE ON suggestions
    BEGIN SELECT RAISE(ABORT, 'suggestions are kept whatever the decision'); END;
CREATE TRIGGER no_delete_digest_subscriptions BEFORE DELETE ON digest_subscriptions
    BEGIN SELECT RAISE(ABORT, 'digest subscriptions are disabled, never deleted'); END;
CREATE TRIGGER no_delete_digest_runs BEFORE DELETE ON digest_runs
    BEGIN SELECT RAISE(ABORT, 'digest runs are history and are never deleted'); END;

-- A citation links one record to one source for good; only its display
-- order may change.
CREATE TRIGGER citations_keep_history BEFORE UPDATE ON citations
    WHEN NEW.kind IS NOT OLD.kind OR NEW.record_id IS NOT OLD.record_id OR NEW.source_id IS NOT OLD.source_id
    BEGIN SELECT RAISE(ABORT, 'a citation cannot be moved to another record or source'); END;

-- A new status is a new row (the newest is current); old ones stay as they were.
CREATE TRIGGER action_statuses_keep_history BEFORE UPDATE ON action_statuses
    BEGIN SELECT RAISE(ABORT, 'an action status is history: record a new status instead'); END;

-- A retraction, once made, stays with who made it, when and why.
CREATE TRIGGER sources_keep_retraction BEFORE UPDATE ON sources
    WHEN OLD.retracted_at IS NOT NULL AND (NEW.retracted_at IS NOT OLD.retracted_at
      OR NEW.retracted_by IS NOT OLD.retracted_by OR NEW.retracted_reason IS NOT OLD.retracted_reason)
    BEGIN SELECT RAISE(ABORT, 'a retraction cannot be undone or changed'); END;
CREATE TRIGGER people_keep_retraction BEFORE UPDATE ON people
    WHEN OLD.retracted_at IS NOT NULL AND (NEW.retracted_at IS NOT OLD.retracted_at
      OR NEW.retracted_by IS NOT OLD.retracted_by OR NEW.retracted_reason IS NOT OLD.retracted_reason)
    BEGIN SELECT RAISE(ABORT, 'a retraction cannot be undone or changed'); END;
CREATE TRIGGER events_keep_retraction BEFORE UPDATE ON events
    WHEN OLD.retracted_at IS NOT NULL AND (NEW.retracted_at IS NOT OLD.retracted_at
      OR NEW.retracted_by IS NOT OLD.retracted_by OR NEW.retracted_reason IS NOT OLD.retracted_reason)
    BEGIN SELECT RAISE(ABORT, 'a retraction cannot be undone or changed'); END;
CREATE TRIGGER quotes_keep_retraction BEFORE UPDATE ON quotes
    WHEN OLD.retracted_at IS NOT NULL AND (NEW.retracted_at IS NOT OLD.retracted_at
      OR NEW.retracted_by IS NOT OLD.retracted_by OR NEW.retracted_reason IS NOT OLD.retracted_reason)
    BEGIN SELECT RAISE(ABORT, 'a retraction cannot be undone or changed'); END;
CREATE TRIGGER actions_keep_retraction BEFORE UPDATE ON actions
    WHEN OLD.retracted_at IS NOT NULL AND (NEW.retracted_at IS NOT OLD.retracted_at
      OR NEW.retracted_by IS NOT OLD.retracted_by OR NEW.retracted_reason IS NOT OLD.retracted_reason)
    BEGIN SELECT RAISE(ABORT, 'a retraction cannot be undone or changed'); END;
CREATE TRIGGER figures_keep_retraction BEFORE UPDATE ON figures
    WHEN OLD.retracted_at IS NOT NULL AND (NEW.retracted_at IS NOT OLD.retracted_at
      OR NEW.retracted_by IS NOT OLD.retracted_by OR NEW.retracted_reason IS NOT OLD.retracted_reason)
    BEGIN SELECT RAISE(ABORT, 'a retraction cannot be undone or changed'); END;

-- A decided suggestion keeps its decision, who made it, when and why.
CREATE TRIGGER suggestions_keep_decision BEFORE UPDATE ON suggestions
    WHEN OLD.state <> 'pending' AND (NEW.state IS NOT OLD.state
      OR NEW.reviewed_by IS NOT OLD.reviewed_by OR NEW.reviewed_at IS NOT OLD.reviewed_at
      OR NEW.review_reason IS NOT OLD.review_reason OR NEW.event_id IS NOT OLD.event_id)
    BEGIN SELECT RAISE(ABORT, 'a decided suggestion stays decided'); END;

-- `/history` reads one record's entries.
CREATE INDEX audit_log_by_record ON audit_log (kind, record_id, id);
