-- Search snippets show only a record's own words. Until now an event's tags
-- and a quote's speaker name and context were appended to the one column
-- whose snippet() `/search` prints, so a tag could be shown as if it were
-- part of the cited statement. The index now keeps the record's own text in
-- `body` (the only column snippet() reads) and what makes it findable
-- without being its words (tags, speaker names, aliases, a quote's context)
-- in `extra`. Both columns are searched; only `body` is ever shown.
--
-- FTS5 cannot add a column to an existing table, so the index is dropped,
-- recreated and rebuilt here from the live (unretracted) records, with the
-- same rowids the store computes: (position of the kind in
-- RecordKind::ALL, from 1) << 40 | record id. Source 1, person 2, event 3,
-- quote 4, action 5, figure 6.
--
-- Also here, because a quote's own words in another language belong in the
-- same change: `quotes.translated_from`, the language the words were spoken
-- in when `text` is the source's translation (shown as "Spoken in Spanish").

ALTER TABLE quotes ADD COLUMN translated_from TEXT
    CHECK (translated_from IS NULL OR length(translated_from) = 2);

DROP TABLE search_index;

CREATE VIRTUAL TABLE search_index USING fts5(
    body,
    extra,
    kind UNINDEXED,
    record_id UNINDEXED,
    case_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO search_index (rowid, body, extra, kind, record_id, case_id)
SELECT (1 << 40) | id,
       publication || ' ' || title || ' ' || coalesce(author, ''),
       '',
       'sources', id, case_id
FROM sources WHERE retracted_at IS NULL;

INSERT INTO search_index (rowid, body, extra, kind, record_id, case_id)
SELECT (2 << 40) | id,
       name || ' ' || role,
       (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(people.aliases)),
       'people', id, case_id
FROM people WHERE retracted_at IS NULL;

INSERT INTO search_index (rowid, body, extra, kind, record_id, case_id)
SELECT (3 << 40) | id,
       text,
       (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(events.tags)),
       'events', id, case_id
FROM events WHERE retracted_at IS NULL;

INSERT INTO search_index (rowid, body, extra, kind, record_id, case_id)
SELECT (4 << 40) | q.id,
       q.text,
       p.name || ' ' || (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(p.aliases))
              || ' ' || coalesce(q.context, ''),
       'quotes', q.id, q.case_id
FROM quotes q JOIN people p ON p.id = q.speaker_id WHERE q.retracted_at IS NULL;

INSERT INTO search_index (rowid, body, extra, kind, record_id, case_id)
SELECT (5 << 40) | id,
       title || ' ' || summary || ' ' || coalesce(reference, ''),
       '',
       'actions', id, case_id
FROM actions WHERE retracted_at IS NULL;

INSERT INTO search_index (rowid, body, extra, kind, record_id, case_id)
SELECT (6 << 40) | id,
       label || ' ' || stated_as,
       '',
       'figures', id, case_id
FROM figures WHERE retracted_at IS NULL;
