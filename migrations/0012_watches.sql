-- Watched feeds (issue 11): RSS or Atom feeds a case's editors watch for
-- articles that mention the case. A new matching item becomes a pending
-- suggestion for /review; nothing is published without an editor.
-- A watch is removed softly (who, when), never deleted. The poll state
-- (conditional GET validators, failures, next poll) is bookkeeping that
-- each poll rewrites; adding and removing a watch are in the audit log.

CREATE TABLE watches (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    url             TEXT NOT NULL,
    keywords        TEXT NOT NULL DEFAULT '[]',   -- JSON list, as typed
    added_by        TEXT NOT NULL,
    added_at        TEXT NOT NULL,
    added_in        TEXT,
    removed_by      TEXT,
    removed_at      TEXT,
    -- The feed's own title, the publication of the sources it proposes.
    feed_title      TEXT,
    -- Validators of the last answer, sent back as If-None-Match and
    -- If-Modified-Since.
    etag            TEXT,
    last_modified   TEXT,
    -- 0 until a poll succeeded: the first one only marks items as seen.
    primed          INTEGER NOT NULL DEFAULT 0,
    last_polled_at  TEXT,
    last_success_at TEXT,
    failures        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    -- When the background poller next fetches it (NULL: at once).
    next_poll_at    TEXT,
    CHECK ((removed_by IS NULL) = (removed_at IS NULL))
);
-- One live watch of an address per case.
CREATE UNIQUE INDEX watches_live ON watches (case_id, url) WHERE removed_at IS NULL;

CREATE TRIGGER no_delete_watches BEFORE DELETE ON watches
    BEGIN SELECT RAISE(ABORT, 'watches are removed, never deleted'); END;
-- What a watch is (its case, address, keywords, who added it) never
-- changes, and a removal is final.
CREATE TRIGGER watches_keep_history BEFORE UPDATE ON watches
    WHEN OLD.removed_at IS NOT NULL
      OR NEW.case_id IS NOT OLD.case_id OR NEW.url IS NOT OLD.url
      OR NEW.keywords IS NOT OLD.keywords OR NEW.added_by IS NOT OLD.added_by
      OR NEW.added_at IS NOT OLD.added_at
    BEGIN SELECT RAISE(ABORT, 'a watch can only be polled or removed, once'); END;

-- Every item a watch has seen, by its entry id, with its address, so an
-- item is proposed at most once (by entry id, then by address).
CREATE TABLE watch_items (
    watch_id        INTEGER NOT NULL REFERENCES watches(id),
    entry_id        TEXT NOT NULL,
    url             TEXT,
    seen_at         TEXT NOT NULL,
    suggestion_id   INTEGER REFERENCES suggestions(id),
    PRIMARY KEY (watch_id, entry_id)
);
CREATE INDEX watch_items_by_url ON watch_items (url);
CREATE TRIGGER no_delete_watch_items BEFORE DELETE ON watch_items
    BEGIN SELECT RAISE(ABORT, 'seen feed items are kept'); END;
