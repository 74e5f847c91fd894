//! Reads: records with their sources, filtered and paged. Retracted
//! records are left out of answers unless a caller asks for them
//! (`/sources`, `/cite`, export).
//!
//! A retracted source supports nothing: answers get only a record's live
//! sources, and a record whose every source was retracted is left out of
//! them like a retracted record. Both rules are in the SQL (see
//! [`supported`]), so no caller can forget them; `include_retracted` reads
//! (export) and [`Store::citations`] see the record as it was filed.

use std::collections::HashMap;

use rusqlite::{params, params_from_iter, Row};

use super::{Optional, Result, Store, StoreError};
use crate::domain::date::PartialDate;
use crate::domain::model::{
    ActionStatus, CongressionalAction, Figure, Person, Quote, RecordId, RecordKind, Relay,
    Retraction, Source, TimelineEntry,
};

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub subject_key: String,
    pub summary: String,
    pub status: String,
    pub detained_from_key: Option<String>,
    pub detained_until_key: Option<String>,
}

/// Which timeline entries to return.
#[derive(Debug, Clone, Default)]
pub struct TimelineFilter {
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
    pub tag: Option<String>,
    pub include_retracted: bool,
}

/// A member's suggestion as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionRow {
    pub id: i64,
    pub case_id: i64,
    pub suggested_by: String,
    pub suggested_at: String,
    pub date: String,
    pub text: String,
    pub tags: Vec<String>,
    pub source_id: Option<i64>,
    pub new_source: Option<String>,
    pub state: String,
    pub reviewed_by: Option<String>,
    pub review_reason: Option<String>,
    /// Where it was made (`discord:GUILD/CHANNEL`, `matrix:!room`…);
    /// unknown for suggestions made before this was recorded.
    pub suggested_in: Option<String>,
}

const SOURCE_COLUMNS: &str = "s.id, s.key, s.publication, s.title, s.author, s.published, s.url, s.url_exact, s.archive_url, s.note, s.retracted_at, s.retracted_by, s.retracted_reason, EXISTS (SELECT 1 FROM link_status l WHERE l.source_id = s.id AND l.status = 'gone')";

fn date(text: String) -> rusqlite::Result<PartialDate> {
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn list(text: String) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn retraction(row: &Row<'_>, at: usize) -> rusqlite::Result<Option<Retraction>> {
    let when: Option<String> = row.get(at)?;
    Ok(match when {
        None => None,
        Some(at_text) => Some(Retraction {
            at: at_text,
            by: row.get(at + 1)?,
            reason: row.get(at + 2)?,
        }),
    })
}

fn source_from(row: &Row<'_>, at: usize) -> rusqlite::Result<Source> {
    Ok(Source {
        id: row.get(at)?,
        key: row.get(at + 1)?,
        publication: row.get(at + 2)?,
        title: row.get(at + 3)?,
        author: row.get(at + 4)?,
        published: date(row.get(at + 5)?)?,
        url: row.get(at + 6)?,
        url_exact: row.get(at + 7)?,
        archive_url: row.get(at + 8)?,
        note: row.get(at + 9)?,
        retracted: retraction(row, at + 10)?,
        address_gone: row.get(at + 13)?,
    })
}

/// SQL that holds when the record `{alias}.id` of table `kind` has at
/// least one source that is not retracted: the record is still supported.
/// The citations primary key (kind, record_id, …) makes it an index lookup.
pub(crate) fn supported(kind: &str, alias: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM citations sc JOIN sources ss ON ss.id = sc.source_id
         WHERE sc.kind = '{kind}' AND sc.record_id = {alias}.id AND ss.retracted_at IS NULL)"
    )
}

/// SQL that holds when the record `{alias}.id` of table `kind` is shown in
/// answers: not retracted and supported, as [`supported`] says. It reads
/// `shown_records`, which triggers keep in step with retractions and
/// citations (`migrations/0007_kept_counts_and_tags.sql`), so the check is
/// one primary-key lookup instead of a join through citations and sources.
pub(crate) fn shown(kind: &str, alias: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM shown_records sr WHERE sr.kind = '{kind}' AND sr.id = {alias}.id)"
    )
}

/// One page of `all` (`limit` ids after `offset`), and how many there are.
pub(super) fn page_of(all: Vec<i64>, offset: u64, limit: u64) -> (Vec<i64>, u64) {
    let total = all.len() as u64;
    let page = all
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .collect();
    (page, total)
}

pub(super) fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

impl Store {
    pub fn cases(&self) -> Result<Vec<CaseRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, key, title, subject_key, summary, status, detained_from_key, detained_until_key FROM cases ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CaseRow {
                id: r.get(0)?,
                key: r.get(1)?,
                title: r.get(2)?,
                subject_key: r.get(3)?,
                summary: r.get(4)?,
                status: r.get(5)?,
                detained_from_key: r.get(6)?,
                detained_until_key: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn case_by_key(&self, key: &str) -> Result<Option<CaseRow>> {
        Ok(self.cases()?.into_iter().find(|c| c.key == key))
    }

    /// Every source of many records of one kind, retracted or not, in
    /// citation order: the record as filed (export, `/cite` of a hidden
    /// record, `/history`). Answers use [`Store::supporting`].
    pub fn citations(&self, kind: &str, ids: &[i64]) -> Result<HashMap<i64, Vec<Source>>> {
        self.cited_by(kind, ids, false)
    }

    /// The live sources of many records of one kind, in citation order:
    /// what an answer may cite as support. A retracted source is left out.
    pub fn supporting(&self, kind: &str, ids: &[i64]) -> Result<HashMap<i64, Vec<Source>>> {
        self.cited_by(kind, ids, true)
    }

    /// The sources of many records of one kind, in citation order.
    ///
    /// One cached statement whatever the number of ids: they travel as a
    /// JSON array parameter. Spelling them into the SQL (`IN (1,2,…)`) made
    /// every call parse and plan fresh SQL, which dominated the commands that
    /// call this once per record (`/actions`, `/search`, `/cite`; see
    /// BENCHMARKS.md). `CROSS JOIN` keeps the ids as the outer loop, so the
    /// plan is one index lookup an id whatever the planner guesses.
    pub(super) fn cited_by(
        &self,
        kind: &str,
        ids: &[i64],
        live_only: bool,
    ) -> Result<HashMap<i64, Vec<Source>>> {
        let mut out: HashMap<i64, Vec<(i64, Source)>> = HashMap::new();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        // The ids drive the join (each one an index lookup in citations),
        // rather than `IN (SELECT value FROM json_each(…))`, for which SQLite
        // builds a temporary index of the list on every run; and each
        // record's sources are put in order here, not by a sorter. Each id
        // once, so no source is listed twice.
        let sql = format!(
            "SELECT c.record_id, c.position, {SOURCE_COLUMNS}
             FROM json_each(?2) j CROSS JOIN citations c ON c.kind = ?1 AND c.record_id = j.value
             CROSS JOIN sources s ON s.id = c.source_id
             WHERE NOT ?3 OR s.retracted_at IS NULL"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut unique = ids.to_vec();
        unique.sort_unstable();
        unique.dedup();
        let json_ids = format!("[{}]", id_list(&unique));
        let rows = stmt.query_map(params![kind, json_ids, live_only], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, source_from(r, 2)?))
        })?;
        for row in rows {
            let (id, position, source) = row?;
            out.entry(id).or_default().push((position, source));
        }
        Ok(out
            .into_iter()
            .map(|(id, mut sources)| {
                sources.sort_by_key(|(position, _)| *position);
                (id, sources.into_iter().map(|(_, source)| source).collect())
            })
            .collect())
    }

    /// The live sources of one record (empty when every one was retracted).
    fn cited(&self, kind: &str, id: i64) -> Result<Vec<Source>> {
        Ok(self
            .supporting(kind, &[id])?
            .remove(&id)
            .unwrap_or_default())
    }

    /// Sources of a case, oldest first.
    pub fn sources(&self, case_id: i64, include_retracted: bool) -> Result<Vec<Source>> {
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.case_id = ?1 AND (?2 OR s.retracted_at IS NULL) ORDER BY s.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![case_id, include_retracted], |r| source_from(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One page of a case's sources, oldest first, each with the number of
    /// records citing it, and how many sources there are in all. `/sources`
    /// shows ten of what may be thousands, so paging and counting happen
    /// here rather than by loading every source and every citing record.
    pub fn source_page(
        &self,
        case_id: i64,
        include_retracted: bool,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<(Source, u64)>, u64)> {
        let total: u64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM sources WHERE case_id = ?1 AND (?2 OR retracted_at IS NULL)",
            )?
            .query_row(params![case_id, include_retracted], |r| r.get(0))?;
        let sql = format!(
            "SELECT {SOURCE_COLUMNS}, (SELECT count(*) FROM citations c WHERE c.source_id = s.id)
             FROM sources s WHERE s.case_id = ?1 AND (?2 OR s.retracted_at IS NULL) ORDER BY s.id LIMIT ?3 OFFSET ?4"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![case_id, include_retracted, limit as i64, offset as i64],
            |r| Ok((source_from(r, 0)?, r.get(14)?)),
        )?;
        Ok((rows.collect::<rusqlite::Result<_>>()?, total))
    }

    /// Many sources by id, retracted or not, in one query.
    pub fn sources_by_ids(&self, ids: &[i64]) -> Result<HashMap<i64, Source>> {
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.id IN (SELECT value FROM json_each(?1))"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([format!("[{}]", id_list(ids))], |r| source_from(r, 0))?;
        rows.map(|s| s.map(|s| (s.id, s)))
            .collect::<rusqlite::Result<_>>()
            .map_err(Into::into)
    }

    /// One source (retracted or not) and its case.
    pub fn source(&self, id: i64) -> Result<Option<(i64, Source)>> {
        let sql = format!("SELECT s.case_id, {SOURCE_COLUMNS} FROM sources s WHERE s.id = ?1");
        self.conn
            .query_row(&sql, [id], |r| Ok((r.get(0)?, source_from(r, 1)?)))
            .found()
    }

    pub fn source_id_by_key(&self, case_id: i64, key: &str) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT id FROM sources WHERE case_id = ?1 AND key = ?2",
                params![case_id, key],
                |r| r.get(0),
            )
            .found()
    }

    /// The records that cite a source: (kind table, id).
    pub fn records_citing(&self, source_id: i64) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, record_id FROM citations WHERE source_id = ?1 ORDER BY kind, record_id",
        )?;
        let rows = stmt.query_map([source_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Everyone in a case, with sources.
    pub fn people(&self, case_id: i64, include_retracted: bool) -> Result<Vec<Person>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, key, name, aliases, role, retracted_at, retracted_by, retracted_reason FROM people
             WHERE case_id = ?1 AND (?2 OR {}) ORDER BY id",
            shown("people", "people")
        ))?;
        let rows = stmt.query_map(params![case_id, include_retracted], person_from)?;
        let mut people: Vec<Person> = rows.collect::<rusqlite::Result<_>>()?;
        let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
        let mut cites = self.cited_by("people", &ids, !include_retracted)?;
        for p in &mut people {
            p.sources = cites.remove(&p.id).unwrap_or_default();
        }
        Ok(people)
    }

    pub fn person(&self, id: i64) -> Result<Option<(i64, Person)>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, key, name, aliases, role, retracted_at, retracted_by, retracted_reason, case_id FROM people WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, i64>(8)?, person_from(r)?)),
            )
            .found()?;
        let Some((case_id, mut person)) = row else {
            return Ok(None);
        };
        person.sources = self.cited("people", id)?;
        Ok(Some((case_id, person)))
    }

    /// Timeline entries in date order, one page, and the total matching.
    pub fn timeline(
        &self,
        case_id: i64,
        filter: &TimelineFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<TimelineEntry>, u64)> {
        if filter.include_retracted {
            return self.timeline_as_filed(case_id, filter, offset, limit);
        }
        let from = filter.from.map(|d| d.first_day().to_string());
        let to = filter.to.map(|d| d.last_day().to_string());
        let (limit, offset) = (limit as i64, offset as i64);
        // Shown events only, in the timeline's order, from an index alone:
        // `shown_by_date`, or `event_tags_by_date` for a tag. The OFFSET of a
        // deep page then steps through index entries, not table rows, and
        // only the page's rows are read from `events` afterwards.
        let mut args: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":case", &case_id)];
        let (mut from_where, order) = match &filter.tag {
            Some(tag) => {
                args.push((":tag", tag));
                (
                    String::from(
                        "event_tags t CROSS JOIN shown_records s ON s.kind = 'events' AND s.id = t.event_id
                         WHERE t.case_id = :case AND t.tag = :tag",
                    ),
                    "t.date_first, t.date_last, t.event_id",
                )
            }
            None => (
                String::from("shown_records t WHERE t.kind = 'events' AND t.case_id = :case"),
                "t.date_first, t.date_last, t.id",
            ),
        };
        let id = if filter.tag.is_some() {
            "t.event_id"
        } else {
            "t.id"
        };
        if let Some(from) = &from {
            // An event overlaps `from` when it ends on or after it, but the
            // index is in order of beginnings: an event that ends after
            // `from` began at most the longest span of any shown event
            // before it (`shown_by_span`, migration 0009). Saying so lets
            // SQLite start the range there instead of at the case's first
            // event; the rows are the same.
            from_where.push_str(
                " AND t.date_last >= :from AND t.date_first >= (SELECT date(:from, printf('-%d days', sp.span + 1))
                   FROM (SELECT julianday(date_last) - julianday(date_first) AS span FROM shown_records
                         WHERE kind = 'events' AND case_id = :case ORDER BY span DESC LIMIT 1) sp)",
            );
            args.push((":from", from));
        }
        if let Some(to) = &to {
            from_where.push_str(" AND t.date_first <= :to");
            args.push((":to", to));
        }
        let total: u64 = if from.is_none() && to.is_none() {
            match &filter.tag {
                None => self.kept_count(case_id, "events")?,
                Some(tag) => self.kept_tag_count(case_id, tag)?,
            }
        } else {
            self.conn
                .prepare_cached(&format!("SELECT count(*) FROM {from_where}"))?
                .query_row(args.as_slice(), |r| r.get(0))?
        };
        if limit == 0 {
            return Ok((Vec::new(), total));
        }
        let sql =
            format!("SELECT {id} FROM {from_where} ORDER BY {order} LIMIT :limit OFFSET :offset");
        args.push((":limit", &limit));
        args.push((":offset", &offset));
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(args.as_slice(), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let entries = self.events_by_ids(&ids)?;
        Ok((
            self.with_sources("events", entries, true, |e| e.id, |e, s| e.sources = s)?,
            total,
        ))
    }

    /// Events by id, in the order of `ids`, without sources.
    pub(super) fn events_by_ids(&self, ids: &[i64]) -> Result<Vec<TimelineEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.key, e.date, e.text, e.tags, e.people, e.retracted_at, e.retracted_by, e.retracted_reason
             FROM json_each(?1) j CROSS JOIN events e ON e.id = j.value",
        )?;
        let mut found: HashMap<i64, TimelineEntry> = stmt
            .query_map([format!("[{}]", id_list(ids))], event_from)?
            .map(|e| e.map(|e| (e.id, e)))
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    /// Every event as filed, retracted or not (export): the table itself in
    /// date order.
    fn timeline_as_filed(
        &self,
        case_id: i64,
        filter: &TimelineFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<TimelineEntry>, u64)> {
        let from = filter.from.map(|d| d.first_day().to_string());
        let to = filter.to.map(|d| d.last_day().to_string());
        let (limit, offset) = (limit as i64, offset as i64);
        let mut condition = String::from("case_id = :case");
        let mut args: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":case", &case_id)];
        if let Some(from) = &from {
            condition.push_str(" AND date_last >= :from");
            args.push((":from", from));
        }
        if let Some(to) = &to {
            condition.push_str(" AND date_first <= :to");
            args.push((":to", to));
        }
        if let Some(tag) = &filter.tag {
            condition.push_str(
                " AND id IN (SELECT event_id FROM event_tags WHERE case_id = :case AND tag = :tag)",
            );
            args.push((":tag", tag));
        }
        let total: u64 = self.conn.query_row(
            &format!("SELECT count(*) FROM events WHERE {condition}"),
            args.as_slice(),
            |r| r.get(0),
        )?;
        if limit == 0 {
            return Ok((Vec::new(), total));
        }
        let sql = format!(
            "SELECT id, key, date, text, tags, people, retracted_at, retracted_by, retracted_reason FROM events WHERE {condition}
             ORDER BY date_first, date_last, id LIMIT :limit OFFSET :offset"
        );
        args.push((":limit", &limit));
        args.push((":offset", &offset));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(args.as_slice(), event_from)?;
        let entries = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((
            self.with_sources("events", entries, false, |e| e.id, |e, s| e.sources = s)?,
            total,
        ))
    }

    /// One event, retracted or not, and its case.
    pub fn event(&self, id: i64) -> Result<Option<(i64, TimelineEntry)>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, key, date, text, tags, people, retracted_at, retracted_by, retracted_reason, case_id FROM events WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, i64>(9)?, event_from(r)?)),
            )
            .found()?;
        let Some((case_id, mut entry)) = row else {
            return Ok(None);
        };
        entry.sources = self.cited("events", id)?;
        Ok(Some((case_id, entry)))
    }

    pub fn event_by_key(&self, case_id: i64, key: &str) -> Result<Option<TimelineEntry>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM events WHERE case_id = ?1 AND key = ?2",
                params![case_id, key],
                |r| r.get(0),
            )
            .found()?;
        Ok(match id {
            Some(id) => self.event(id)?.map(|(_, e)| e),
            None => None,
        })
    }

    /// The most recent live event by date.
    pub fn latest_event(&self, case_id: i64) -> Result<Option<TimelineEntry>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM shown_records WHERE kind = 'events' AND case_id = ?1 ORDER BY date_first DESC, date_last DESC, id DESC LIMIT 1",
                [case_id],
                |r| r.get(0),
            )
            .found()?;
        Ok(match id {
            Some(id) => self.event(id)?.map(|(_, e)| e),
            None => None,
        })
    }

    /// Tags in use and how many live events carry each.
    pub fn tags(&self, case_id: i64) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.tag, count(*) FROM event_tags t CROSS JOIN shown_records s ON s.kind = 'events' AND s.id = t.event_id
             WHERE t.case_id = ?1 GROUP BY t.tag ORDER BY t.tag",
        )?;
        let rows = stmt.query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Quotes of a case, optionally only by some speakers and/or only some
    /// ids, in date order; one page and the total.
    pub fn quotes(
        &self,
        case_id: i64,
        speakers: Option<&[i64]>,
        only: Option<&[i64]>,
        include_retracted: bool,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Quote>, u64)> {
        let only = only.map(|ids| QuotesOnly::Ids(format!("[{}]", id_list(ids))));
        self.quote_page(case_id, speakers, only, include_retracted, offset, limit)
    }

    /// Shown quotes of a case whose words match `text` (accent-insensitive,
    /// as `/search`), optionally only by some speakers, in date order; one
    /// page and the total. The search index narrows the quotes inside the
    /// same query, instead of its ids travelling back into the SQL.
    pub fn quotes_matching(
        &self,
        case_id: i64,
        speakers: Option<&[i64]>,
        text: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Quote>, u64)> {
        let Some(fts) = super::search::fts_query(text) else {
            return Ok((Vec::new(), 0));
        };
        self.quote_page(
            case_id,
            speakers,
            Some(QuotesOnly::Matching(fts)),
            false,
            offset,
            limit,
        )
    }

    /// One page of quotes and the total. The page's ids are chosen first,
    /// in date order, from `quotes_by_case_said` or `quotes_by_speaker_said`
    /// (migration 0009) or from the search index's quote rows; only the
    /// page's rows are then read with their people and sources. Sorting
    /// whole joined rows to keep five made `/quote text:` pay for every
    /// match's columns.
    fn quote_page(
        &self,
        case_id: i64,
        speakers: Option<&[i64]>,
        only: Option<QuotesOnly>,
        include_retracted: bool,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Quote>, u64)> {
        let mut condition = format!("(:all OR {})", shown("quotes", "q"));
        let speaker_ids = speakers.map(|ids| format!("[{}]", id_list(ids)));
        let (first, last) = super::search::quote_rowids(case_id);
        let mut args: Vec<(&str, &dyn rusqlite::ToSql)> =
            vec![(":case", &case_id), (":all", &include_retracted)];
        match &only {
            // Driven by the search index's matches in the case's quote
            // range, each joined to its quote by id (below).
            Some(QuotesOnly::Matching(fts)) => {
                condition.push_str(
                    " AND q.case_id = :case AND search_index MATCH :fts
                      AND search_index.rowid BETWEEN :first AND :last",
                );
                args.extend([
                    (":fts", fts as &dyn rusqlite::ToSql),
                    (":first", &first),
                    (":last", &last),
                ]);
            }
            Some(QuotesOnly::Ids(ids)) => {
                condition.push_str(
                    " AND +q.case_id = :case AND q.id IN (SELECT value FROM json_each(:only))",
                );
                args.push((":only", ids));
            }
            None => condition.push_str(" AND q.case_id = :case"),
        }
        match (speakers, &speaker_ids) {
            (Some([one]), _) => {
                condition.push_str(" AND q.speaker_id = :speaker");
                args.push((":speaker", one));
            }
            (_, Some(ids)) => {
                condition.push_str(" AND q.speaker_id IN (SELECT value FROM json_each(:speakers))");
                args.push((":speakers", ids));
            }
            _ => {}
        }
        if matches!(only, Some(QuotesOnly::Matching(_))) {
            // The matches come from the search index, not from an index in
            // display order: one pass reads them all in order, and their
            // number is the total. Counting in a query of its own read the
            // index's matches (and looked each up) twice.
            let sql = format!(
                "SELECT q.id FROM search_index CROSS JOIN quotes q ON q.id = {}
                 WHERE {condition} ORDER BY q.said_first IS NULL, q.said_first, q.id",
                super::search::record_id_of("search_index.rowid")
            );
            let matches: Vec<i64> = self
                .conn
                .prepare_cached(&sql)?
                .query_map(args.as_slice(), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let (page, total) = page_of(matches, offset, limit);
            return Ok((self.quotes_by_ids(&page, !include_retracted)?, total));
        }
        let total: u64 = if only.is_none() && speakers.is_none() && !include_retracted {
            self.kept_count(case_id, "quotes")?
        } else {
            self.conn
                .prepare_cached(&format!("SELECT count(*) FROM quotes q WHERE {condition}"))?
                .query_row(args.as_slice(), |r| r.get(0))?
        };
        if total <= offset || limit == 0 {
            return Ok((Vec::new(), total));
        }
        let (limit, offset) = (limit as i64, offset as i64);
        let sql = format!(
            "SELECT q.id FROM quotes q WHERE {condition}
             ORDER BY q.said_first IS NULL, q.said_first, q.id LIMIT :limit OFFSET :offset"
        );
        args.push((":limit", &limit));
        args.push((":offset", &offset));
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(args.as_slice(), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((self.quotes_by_ids(&ids, !include_retracted)?, total))
    }

    /// Quotes by id, in the order of `ids`, with their speakers and their
    /// sources (only live ones when `live_only`).
    pub(super) fn quotes_by_ids(&self, ids: &[i64], live_only: bool) -> Result<Vec<Quote>> {
        let sql = format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN people p ON p.id = q.speaker_id LEFT JOIN people rb ON rb.id = q.relayed_by_id
             WHERE q.id IN (SELECT value FROM json_each(?1))"
        );
        let mut found: HashMap<i64, Quote> = self
            .conn
            .prepare_cached(&sql)?
            .query_map([format!("[{}]", id_list(ids))], quote_from)?
            .map(|q| q.map(|q| (q.id, q)))
            .collect::<rusqlite::Result<_>>()?;
        let quotes: Vec<Quote> = ids.iter().filter_map(|id| found.remove(id)).collect();
        let quotes =
            self.with_sources("quotes", quotes, live_only, |q| q.id, |q, s| q.sources = s)?;
        self.with_speaker_sources(quotes, live_only)
    }

    pub fn quote(&self, id: i64) -> Result<Option<(i64, Quote)>> {
        let sql = format!(
            "SELECT {QUOTE_COLUMNS}, q.case_id FROM quotes q JOIN people p ON p.id = q.speaker_id LEFT JOIN people rb ON rb.id = q.relayed_by_id WHERE q.id = ?1"
        );
        let row = self
            .conn
            .query_row(&sql, [id], |r| {
                Ok((r.get::<_, i64>(QUOTE_COLUMN_COUNT)?, quote_from(r)?))
            })
            .found()?;
        let Some((case_id, mut quote)) = row else {
            return Ok(None);
        };
        quote.sources = self.cited("quotes", id)?;
        quote.speaker.sources = self.cited("people", quote.speaker.id)?;
        Ok(Some((case_id, quote)))
    }

    fn with_speaker_sources(&self, mut quotes: Vec<Quote>, live_only: bool) -> Result<Vec<Quote>> {
        let ids: Vec<i64> = quotes.iter().map(|q| q.speaker.id).collect();
        let cites = self.cited_by("people", &ids, live_only)?;
        for q in &mut quotes {
            q.speaker.sources = cites.get(&q.speaker.id).cloned().unwrap_or_default();
        }
        Ok(quotes)
    }

    /// Congressional actions of a case with their status history.
    pub fn actions(
        &self,
        case_id: i64,
        include_retracted: bool,
    ) -> Result<Vec<CongressionalAction>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ACTION_COLUMNS} FROM actions WHERE case_id = ?1 AND (?2 OR {}) ORDER BY date_first IS NULL, date_first, id",
            shown("actions", "actions")
        ))?;
        let rows = stmt.query_map(params![case_id, include_retracted], action_from)?;
        let actions = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        let live_only = !include_retracted;
        let actions = self.with_sources(
            "actions",
            actions,
            live_only,
            |a| a.id,
            |a, s| a.sources = s,
        )?;
        self.with_statuses(actions, live_only)
    }

    pub fn action(&self, id: i64) -> Result<Option<(i64, CongressionalAction)>> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT {ACTION_COLUMNS}, case_id FROM actions WHERE id = ?1"),
                [id],
                |r| Ok((r.get::<_, i64>(ACTION_COLUMN_COUNT)?, action_from(r)?)),
            )
            .found()?;
        let Some((case_id, mut action)) = row else {
            return Ok(None);
        };
        action.sources = self.cited("actions", id)?;
        let action = self.with_statuses(vec![action], true)?.remove(0);
        Ok(Some((case_id, action)))
    }

    /// Actions' statuses, oldest first (polled ones by date, see
    /// [`super::congress::polled_by_date`]). `live_only`: only the statuses
    /// that still have a live source, each with only those, and none polled
    /// from a bill the action no longer names
    /// ([`super::congress::of_current_bill`]); the newest of them is then
    /// the current status. Two queries for any number of
    /// actions: one for every status, one for all their sources.
    pub(super) fn with_statuses(
        &self,
        mut actions: Vec<CongressionalAction>,
        live_only: bool,
    ) -> Result<Vec<CongressionalAction>> {
        if actions.is_empty() {
            return Ok(actions);
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT action_id, id, status, date, note, origin,
                    (SELECT v.noticed_at FROM action_status_vanished v WHERE v.status_id = t.id)
             FROM action_statuses t
             WHERE action_id IN (SELECT value FROM json_each(?1)) AND (NOT ?2 OR {})
             ORDER BY action_id, position",
            super::congress::stands_now("t")
        ))?;
        let action_ids: Vec<i64> = actions.iter().map(|a| a.id).collect();
        let rows = stmt.query_map(
            params![format!("[{}]", id_list(&action_ids)), live_only],
            |r| {
                let date_text: Option<String> = r.get(3)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    date_text.map(date).transpose()?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            },
        )?;
        let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        let ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let mut cites = self.cited_by("action_statuses", &ids, live_only)?;
        let mut statuses: HashMap<i64, Vec<ActionStatus>> = HashMap::new();
        for (action_id, id, status, date, note, origin, vanished) in rows {
            statuses.entry(action_id).or_default().push(ActionStatus {
                status,
                date,
                note,
                origin,
                vanished,
                sources: cites.remove(&id).unwrap_or_default(),
            });
        }
        for action in &mut actions {
            action.statuses = statuses.remove(&action.id).unwrap_or_default();
            super::congress::polled_by_date(&mut action.statuses);
        }
        self.with_bills(actions, live_only)
    }

    /// Figures of a case, grouped by measure (in first-seen order).
    pub fn figures(&self, case_id: i64, include_retracted: bool) -> Result<Vec<Figure>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FIGURE_COLUMNS} FROM figures f WHERE case_id = ?1 AND (?2 OR {})
             ORDER BY (SELECT min(id) FROM figures g WHERE g.case_id = f.case_id AND g.measure = f.measure), id",
            shown("figures", "f")
        ))?;
        let rows = stmt.query_map(params![case_id, include_retracted], figure_from)?;
        let figures = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        self.with_sources(
            "figures",
            figures,
            !include_retracted,
            |f| f.id,
            |f, s| f.sources = s,
        )
    }

    pub fn figure(&self, id: i64) -> Result<Option<(i64, Figure)>> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT {FIGURE_COLUMNS}, case_id FROM figures f WHERE id = ?1"),
                [id],
                |r| Ok((r.get::<_, i64>(9)?, figure_from(r)?)),
            )
            .found()?;
        let Some((case_id, mut figure)) = row else {
            return Ok(None);
        };
        figure.sources = self.cited("figures", id)?;
        Ok(Some((case_id, figure)))
    }

    /// Whether a record exists, and its case.
    pub fn record_case(&self, record: RecordId) -> Result<i64> {
        let found: Option<i64> = self
            .conn
            .query_row(
                &format!("SELECT case_id FROM {} WHERE id = ?1", record.kind.table()),
                [record.id],
                |r| r.get(0),
            )
            .found()?;
        found.ok_or_else(|| StoreError::NotFound(format!("{} {record}", record.kind.noun())))
    }

    pub fn suggestions(&self, case_id: i64, pending_only: bool) -> Result<Vec<SuggestionRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, case_id, suggested_by, suggested_at, date, text, tags, source_id, new_source, state, reviewed_by, review_reason, suggested_in
             FROM suggestions WHERE case_id = ?1 AND (NOT ?2 OR state = 'pending') ORDER BY id",
        )?;
        let rows = stmt.query_map(params![case_id, pending_only], suggestion_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn suggestion(&self, id: i64) -> Result<Option<SuggestionRow>> {
        self.conn
            .query_row(
                "SELECT id, case_id, suggested_by, suggested_at, date, text, tags, source_id, new_source, state, reviewed_by, review_reason, suggested_in
                 FROM suggestions WHERE id = ?1",
                [id],
                suggestion_from,
            )
            .found()
    }

    /// Counts of live, supported records per kind in a case (sources: not
    /// retracted), as kept in `record_counts` by the triggers of
    /// `migrations/0007_kept_counts_and_tags.sql`: four numbers read, not
    /// four tables counted.
    pub fn counts(&self, case_id: i64) -> Result<Vec<(RecordKind, u64)>> {
        RecordKind::ALL
            .into_iter()
            .map(|kind| Ok((kind, self.kept_count(case_id, kind.table())?)))
            .collect()
    }

    fn kept_count(&self, case_id: i64, table: &str) -> Result<u64> {
        let n: Option<u64> = self
            .conn
            .prepare_cached("SELECT n FROM record_counts WHERE case_id = ?1 AND kind = ?2")?
            .query_row(params![case_id, table], |r| r.get(0))
            .found()?;
        Ok(n.unwrap_or(0))
    }

    /// How many shown events carry `tag` (migration 0015).
    fn kept_tag_count(&self, case_id: i64, tag: &str) -> Result<u64> {
        let n: Option<u64> = self
            .conn
            .prepare_cached("SELECT n FROM tag_counts WHERE case_id = ?1 AND tag = ?2")?
            .query_row(params![case_id, tag], |r| r.get(0))
            .found()?;
        Ok(n.unwrap_or(0))
    }

    /// The same counts, counted from the record tables by the rule itself
    /// (not retracted, and a live source): what the kept counts must equal.
    pub fn recount(&self, case_id: i64) -> Result<Vec<(RecordKind, u64)>> {
        RecordKind::ALL
            .into_iter()
            .map(|kind| {
                let table = kind.table();
                let supported = match kind {
                    RecordKind::Source => "1".to_string(),
                    _ => supported(table, table),
                };
                let n: u64 = self.conn.query_row(
                    &format!(
                        "SELECT count(*) FROM {table} WHERE case_id = ?1 AND retracted_at IS NULL AND {supported}"
                    ),
                    [case_id],
                    |r| r.get(0),
                )?;
                Ok((kind, n))
            })
            .collect()
    }

    pub(super) fn with_sources<T>(
        &self,
        kind: &str,
        mut items: Vec<T>,
        live_only: bool,
        id: impl Fn(&T) -> i64,
        set: impl Fn(&mut T, Vec<Source>),
    ) -> Result<Vec<T>> {
        let ids: Vec<i64> = items.iter().map(&id).collect();
        let mut cites = self.cited_by(kind, &ids, live_only)?;
        for item in &mut items {
            let sources = cites.remove(&id(item)).unwrap_or_default();
            set(item, sources);
        }
        Ok(items)
    }

    /// Runs `SELECT` SQL with integer parameters and returns the first
    /// column of every row (benchmarks compare the core path against this).
    pub fn raw_count(&self, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<u64> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        let mut n = 0;
        while rows.next()?.is_some() {
            n += 1;
        }
        Ok(n)
    }
}

pub(super) fn person_from(r: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        key: r.get(1)?,
        name: r.get(2)?,
        aliases: list(r.get(3)?)?,
        role: r.get(4)?,
        sources: Vec::new(),
        retracted: retraction(r, 5)?,
    })
}

/// What a quote page is narrowed to, besides speakers.
enum QuotesOnly {
    /// These ids, as a JSON array.
    Ids(String),
    /// Quotes whose words match this FTS5 query.
    Matching(String),
}

fn event_from(r: &Row<'_>) -> rusqlite::Result<TimelineEntry> {
    Ok(TimelineEntry {
        id: r.get(0)?,
        key: r.get(1)?,
        date: date(r.get(2)?)?,
        text: r.get(3)?,
        tags: list(r.get(4)?)?,
        people: list(r.get(5)?)?,
        sources: Vec::new(),
        retracted: retraction(r, 6)?,
    })
}

const QUOTE_COLUMNS: &str =
    "q.id, q.key, q.role, q.text, q.language, q.said, q.place, q.relay, rb.key, q.context,
    q.retracted_at, q.retracted_by, q.retracted_reason, p.id, p.key, p.name, p.aliases, p.role,
    q.translated_from";
const QUOTE_COLUMN_COUNT: usize = 19;

fn quote_from(r: &Row<'_>) -> rusqlite::Result<Quote> {
    let said: Option<String> = r.get(5)?;
    let relay: String = r.get(7)?;
    Ok(Quote {
        id: r.get(0)?,
        key: r.get(1)?,
        role: r.get(2)?,
        text: r.get(3)?,
        language: r.get(4)?,
        translated_from: r.get(18)?,
        said: said.map(date).transpose()?,
        place: r.get(6)?,
        relay: Relay::parse(&relay).unwrap_or(Relay::Direct),
        relayed_by: r.get(8)?,
        context: r.get(9)?,
        retracted: retraction(r, 10)?,
        speaker: Person {
            id: r.get(13)?,
            key: r.get(14)?,
            name: r.get(15)?,
            aliases: list(r.get(16)?)?,
            role: r.get(17)?,
            sources: Vec::new(),
            retracted: None,
        },
        sources: Vec::new(),
    })
}

pub(super) const ACTION_COLUMNS: &str =
    "id, key, kind, title, led_by, co_led_by, date, reference, summary, retracted_at, retracted_by, retracted_reason";
const ACTION_COLUMN_COUNT: usize = 12;

pub(super) fn action_from(r: &Row<'_>) -> rusqlite::Result<CongressionalAction> {
    let date_text: Option<String> = r.get(6)?;
    Ok(CongressionalAction {
        id: r.get(0)?,
        key: r.get(1)?,
        kind: r.get(2)?,
        title: r.get(3)?,
        led_by: list(r.get(4)?)?,
        co_led_by: list(r.get(5)?)?,
        date: date_text.map(date).transpose()?,
        reference: r.get(7)?,
        summary: r.get(8)?,
        retracted: retraction(r, 9)?,
        bill: None,
        statuses: Vec::new(),
        sources: Vec::new(),
    })
}

pub(super) const FIGURE_COLUMNS: &str =
    "id, key, measure, label, value, stated_as, retracted_at, retracted_by, retracted_reason";

pub(super) fn figure_from(r: &Row<'_>) -> rusqlite::Result<Figure> {
    Ok(Figure {
        id: r.get(0)?,
        key: r.get(1)?,
        measure: r.get(2)?,
        label: r.get(3)?,
        value: r.get(4)?,
        stated_as: r.get(5)?,
        retracted: retraction(r, 6)?,
        sources: Vec::new(),
    })
}

pub(super) fn suggestion_from(r: &Row<'_>) -> rusqlite::Result<SuggestionRow> {
    Ok(SuggestionRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        suggested_by: r.get(2)?,
        suggested_at: r.get(3)?,
        date: r.get(4)?,
        text: r.get(5)?,
        tags: list(r.get(6)?)?,
        source_id: r.get(7)?,
        new_source: r.get(8)?,
        state: r.get(9)?,
        reviewed_by: r.get(10)?,
        review_reason: r.get(11)?,
        suggested_in: r.get(12)?,
    })
}

impl Store {
    /// Whether a key is already used in a case's table.
    pub fn key_taken(&self, table: &str, case_id: i64, key: &str) -> Result<bool> {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE case_id = ?1 AND key = ?2)");
        Ok(self
            .conn
            .query_row(&sql, params![case_id, key], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{CaseRow, NewEvent, NewSource};

    /// A record's sources come back in citation order (not by source id),
    /// each once even when the record is asked for twice.
    #[test]
    fn sources_come_in_citation_order_each_once() {
        let mut store = Store::open_in_memory().unwrap();
        let (event, sources) = store
            .write("test", |w| {
                let case = w.insert_case(&CaseRow {
                    id: 0,
                    key: "c".into(),
                    title: "C".into(),
                    subject_key: "p".into(),
                    summary: "s".into(),
                    status: "st".into(),
                    detained_from_key: None,
                    detained_until_key: None,
                })?;
                let sources: Vec<i64> = (1..=3)
                    .map(|n| {
                        w.insert_source(
                            case,
                            &NewSource {
                                key: format!("s{n}"),
                                publication: format!("P{n}"),
                                title: format!("T{n}"),
                                author: None,
                                published: "2025-03-14".parse().unwrap(),
                                url: format!("https://example.org/{n}"),
                                url_exact: true,
                                archive_url: None,
                                note: None,
                            },
                        )
                    })
                    .collect::<Result<_>>()?;
                w.cite("case_summary", case, &sources[..1])?;
                w.cite("case_status", case, &sources[..1])?;
                let event = w.insert_event(
                    case,
                    &NewEvent {
                        key: "e".into(),
                        date: "2025-03-15".parse().unwrap(),
                        text: "t".into(),
                        tags: vec![],
                        people: vec![],
                        sources: vec![sources[2], sources[0], sources[1]],
                    },
                )?;
                Ok((event, sources))
            })
            .unwrap();
        let mut cited = store.cited_by("events", &[event, event], true).unwrap();
        let ids: Vec<i64> = cited.remove(&event).unwrap().iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![sources[2], sources[0], sources[1]]);
        assert!(cited.is_empty());
    }
}
