//! Writes: inserts, corrections, retractions and suggestions. Each one
//! lands in the audit log with the row before and after, and refreshes the
//! search index in the same transaction.

use rusqlite::{params, OptionalExtension};

use super::search::search_rowid;
use super::{Result, StoreError, Writer};
use crate::domain::date::PartialDate;
use crate::domain::model::{RecordKind, Relay};

/// A source to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSource {
    pub key: String,
    pub publication: String,
    pub title: String,
    pub author: Option<String>,
    pub published: PartialDate,
    pub url: String,
    pub url_exact: bool,
    pub archive_url: Option<String>,
    pub note: Option<String>,
}

/// A person to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub key: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub role: String,
    pub sources: Vec<i64>,
}

/// A timeline event to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub key: String,
    pub date: PartialDate,
    pub text: String,
    pub tags: Vec<String>,
    pub people: Vec<String>,
    pub sources: Vec<i64>,
}

/// A quote to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewQuote {
    pub key: String,
    pub speaker_id: i64,
    pub role: String,
    pub text: String,
    pub language: String,
    pub translated_from: Option<String>,
    pub said: Option<PartialDate>,
    pub place: Option<String>,
    pub relay: Relay,
    pub relayed_by_id: Option<i64>,
    pub context: Option<String>,
    pub sources: Vec<i64>,
}

/// One status of an action to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStatus {
    pub status: String,
    pub date: Option<PartialDate>,
    pub note: Option<String>,
    /// The congress.gov event it reports, for the poller's statuses.
    pub origin: Option<String>,
    pub sources: Vec<i64>,
}

/// A congressional action to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    pub key: String,
    pub kind: String,
    pub title: String,
    pub led_by: Vec<String>,
    pub co_led_by: Vec<String>,
    pub date: Option<PartialDate>,
    pub reference: Option<String>,
    pub summary: String,
    pub sources: Vec<i64>,
    pub statuses: Vec<NewStatus>,
}

/// A member's suggestion to store for review: a dated text and either an
/// existing source or a new one (created only if it is approved).
#[derive(Debug, Clone, Copy)]
pub struct NewSuggestion<'a> {
    pub date: &'a PartialDate,
    pub text: &'a str,
    pub tags: &'a [String],
    pub source_id: Option<i64>,
    pub new_source: Option<&'a NewSource>,
    /// Where it was made (the invocation's place).
    pub place: &'a str,
}

/// A figure to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFigure {
    pub key: String,
    pub measure: String,
    pub label: String,
    pub value: String,
    pub stated_as: String,
    pub sources: Vec<i64>,
}

/// The key of a correction's audit `after` that holds the id of the source
/// the correction brought.
pub const CORRECTION_SOURCE: &str = "correction_source_id";

/// The key of a correction's audit `after` that says whether its source
/// was new to the record (false: it already cited it, a wording fix).
pub const CORRECTION_SOURCE_ADDED: &str = "correction_source_added";

/// The column `/correct` changes in each kind of record.
pub fn corrected_column(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Event => "text",
        RecordKind::Quote => "text",
        RecordKind::Action => "summary",
        RecordKind::Figure => "stated_as",
        RecordKind::Person => "role",
        RecordKind::Source => "title",
    }
}

fn json(list: &[String]) -> String {
    serde_json::to_string(list).expect("strings serialize")
}

impl Writer<'_> {
    /// Inserts a case. Its summary and status must be cited (with
    /// [`Writer::cite`]) before the transaction commits.
    pub fn insert_case(&mut self, case: &super::CaseRow) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO cases (key, title, subject_key, summary, status, detained_from_key, detained_until_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![case.key, case.title, case.subject_key, case.summary, case.status, case.detained_from_key, case.detained_until_key],
        )?;
        let id = self.tx.last_insert_rowid();
        self.touch("case_summary", id);
        self.touch("case_status", id);
        self.audit(
            "insert",
            "cases",
            Some(id),
            None,
            self.row_json("cases", id)?,
            None,
        )?;
        Ok(id)
    }

    /// Links a record to its sources, in order, after any it already
    /// cites (a source it already cites stays where it was). Refuses an
    /// empty list.
    pub fn cite(&mut self, kind: &'static str, id: i64, sources: &[i64]) -> Result<()> {
        if sources.is_empty() {
            return Err(StoreError::Uncited {
                kind: kind.to_string(),
                id,
            });
        }
        let next: i64 = self.tx.query_row(
            "SELECT coalesce(max(position) + 1, 0) FROM citations WHERE kind = ?1 AND record_id = ?2",
            params![kind, id],
            |r| r.get(0),
        )?;
        for (position, source) in sources.iter().enumerate() {
            self.tx.execute(
                "INSERT OR IGNORE INTO citations (kind, record_id, source_id, position) VALUES (?1, ?2, ?3, ?4)",
                params![kind, id, source, next + position as i64],
            )?;
        }
        self.touch(kind, id);
        Ok(())
    }

    pub fn insert_source(&mut self, case_id: i64, s: &NewSource) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO sources (case_id, key, publication, title, author, published, url, url_exact, archive_url, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![case_id, s.key, s.publication, s.title, s.author, s.published.to_string(), s.url, s.url_exact, s.archive_url, s.note],
        )?;
        let id = self.tx.last_insert_rowid();
        self.inserted(RecordKind::Source, id, case_id)?;
        Ok(id)
    }

    pub fn insert_person(&mut self, case_id: i64, p: &NewPerson) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO people (case_id, key, name, aliases, role) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![case_id, p.key, p.name, json(&p.aliases), p.role],
        )?;
        let id = self.tx.last_insert_rowid();
        self.cite("people", id, &p.sources)?;
        self.inserted(RecordKind::Person, id, case_id)?;
        Ok(id)
    }

    pub fn insert_event(&mut self, case_id: i64, e: &NewEvent) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO events (case_id, key, date, date_first, date_last, text, tags, people) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                case_id,
                e.key,
                e.date.to_string(),
                e.date.first_day().to_string(),
                e.date.last_day().to_string(),
                e.text,
                json(&e.tags),
                json(&e.people)
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        self.cite("events", id, &e.sources)?;
        self.inserted(RecordKind::Event, id, case_id)?;
        Ok(id)
    }

    pub fn insert_quote(&mut self, case_id: i64, q: &NewQuote) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO quotes (case_id, key, speaker_id, role, text, language, said, said_first, place, relay, relayed_by_id, context, translated_from)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                case_id,
                q.key,
                q.speaker_id,
                q.role,
                q.text,
                q.language,
                q.said.map(|d| d.to_string()),
                q.said.map(|d| d.first_day().to_string()),
                q.place,
                q.relay.as_str(),
                q.relayed_by_id,
                q.context,
                q.translated_from
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        self.cite("quotes", id, &q.sources)?;
        self.inserted(RecordKind::Quote, id, case_id)?;
        Ok(id)
    }

    pub fn insert_action(&mut self, case_id: i64, a: &NewAction) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO actions (case_id, key, kind, title, led_by, co_led_by, date, date_first, reference, summary)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                case_id,
                a.key,
                a.kind,
                a.title,
                json(&a.led_by),
                json(&a.co_led_by),
                a.date.map(|d| d.to_string()),
                a.date.map(|d| d.first_day().to_string()),
                a.reference,
                a.summary
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        self.cite("actions", id, &a.sources)?;
        for status in &a.statuses {
            self.insert_status(id, status)?;
        }
        self.inserted(RecordKind::Action, id, case_id)?;
        Ok(id)
    }

    /// Appends a status to an action's history (the newest is current).
    pub fn insert_status(&mut self, action_id: i64, s: &NewStatus) -> Result<i64> {
        let position: i64 = self.tx.query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM action_statuses WHERE action_id = ?1",
            [action_id],
            |r| r.get(0),
        )?;
        self.tx.execute(
            "INSERT INTO action_statuses (action_id, position, status, date, note, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![action_id, position, s.status, s.date.map(|d| d.to_string()), s.note, s.origin],
        )?;
        let id = self.tx.last_insert_rowid();
        self.cite("action_statuses", id, &s.sources)?;
        Ok(id)
    }

    pub fn insert_figure(&mut self, case_id: i64, f: &NewFigure) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO figures (case_id, key, measure, label, value, stated_as) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![case_id, f.key, f.measure, f.label, f.value, f.stated_as],
        )?;
        let id = self.tx.last_insert_rowid();
        self.cite("figures", id, &f.sources)?;
        self.inserted(RecordKind::Figure, id, case_id)?;
        Ok(id)
    }

    fn inserted(&mut self, kind: RecordKind, id: i64, case_id: i64) -> Result<()> {
        self.reindex(kind, id, case_id)?;
        let after = self.row_json(kind.table(), id)?;
        self.audit("insert", kind.table(), Some(id), None, after, None)
    }

    /// Replaces a record's main text (a correction) on the evidence of
    /// `source_id`, which joins the record's citations (a source corrects
    /// its own title, so it cites nothing). The audit entry keeps the row
    /// before and after, the reason, and the source under
    /// [`CORRECTION_SOURCE`] (and [`CORRECTION_SOURCE_ADDED`]).
    pub fn correct(
        &mut self,
        kind: RecordKind,
        id: i64,
        text: &str,
        reason: &str,
        source_id: i64,
    ) -> Result<()> {
        let column = corrected_column(kind);
        let before = self.row_json(kind.table(), id)?;
        let case_id = self.live_case_id(kind, id)?;
        self.tx.execute(
            &format!("UPDATE {} SET {column} = ?1 WHERE id = ?2", kind.table()),
            params![text, id],
        )?;
        let added = kind != RecordKind::Source
            && !self.tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM citations WHERE kind = ?1 AND record_id = ?2 AND source_id = ?3)",
                params![kind.table(), id, source_id],
                |r| r.get::<_, bool>(0),
            )?;
        if added {
            self.cite(kind.table(), id, &[source_id])?;
        }
        self.reindex(kind, id, case_id)?;
        let after = self.row_json(kind.table(), id)?.map(|row| {
            let mut row: serde_json::Value = serde_json::from_str(&row).expect("SQLite wrote JSON");
            row[CORRECTION_SOURCE] = source_id.into();
            row[CORRECTION_SOURCE_ADDED] = added.into();
            row.to_string()
        });
        self.audit(
            "correct",
            kind.table(),
            Some(id),
            before,
            after,
            Some(reason),
        )
    }

    /// Hides a record from answers, keeping it with who, when and why.
    pub fn retract(&mut self, kind: RecordKind, id: i64, reason: &str) -> Result<()> {
        self.live_case_id(kind, id)?;
        let by_now = crate::domain::model::Retraction {
            at: self.now.clone(),
            by: self.actor.clone(),
            reason: reason.to_string(),
        };
        self.mark_retracted(kind, id, &by_now)
    }

    /// Marks a record retracted as a data file says (who, when and why
    /// come from the file, not from this import).
    pub fn restore_retraction(
        &mut self,
        kind: RecordKind,
        id: i64,
        r: &crate::domain::model::Retraction,
    ) -> Result<()> {
        self.mark_retracted(kind, id, r)
    }

    fn mark_retracted(
        &mut self,
        kind: RecordKind,
        id: i64,
        r: &crate::domain::model::Retraction,
    ) -> Result<()> {
        let before = self.row_json(kind.table(), id)?;
        self.tx.execute(
            &format!("UPDATE {} SET retracted_at = ?1, retracted_by = ?2, retracted_reason = ?3 WHERE id = ?4", kind.table()),
            params![r.at, r.by, r.reason, id],
        )?;
        let case_id: i64 = self.tx.query_row(
            &format!("SELECT case_id FROM {} WHERE id = ?1", kind.table()),
            [id],
            |r| r.get(0),
        )?;
        self.tx.execute(
            "DELETE FROM search_index WHERE rowid = ?1",
            [search_rowid(case_id, kind, id)?],
        )?;
        let after = self.row_json(kind.table(), id)?;
        self.audit(
            "retract",
            kind.table(),
            Some(id),
            before,
            after,
            Some(&r.reason),
        )
    }

    /// The id of a case by key.
    pub fn case_id(&self, key: &str) -> Result<i64> {
        self.tx
            .query_row("SELECT id FROM cases WHERE key = ?1", [key], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("case {key}")))
    }

    /// Source keys of a case and their ids.
    pub fn source_keys(&self, case_id: i64) -> Result<std::collections::HashMap<String, i64>> {
        self.keys("sources", case_id)
    }

    /// Person keys of a case and their ids.
    pub fn person_keys(&self, case_id: i64) -> Result<std::collections::HashMap<String, i64>> {
        self.keys("people", case_id)
    }

    fn keys(&self, table: &str, case_id: i64) -> Result<std::collections::HashMap<String, i64>> {
        let mut stmt = self
            .tx
            .prepare_cached(&format!("SELECT key, id FROM {table} WHERE case_id = ?1"))?;
        let rows = stmt.query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The case of a record that exists and is not retracted.
    fn live_case_id(&self, kind: RecordKind, id: i64) -> Result<i64> {
        let row: Option<(i64, Option<String>)> = self
            .tx
            .query_row(
                &format!(
                    "SELECT case_id, retracted_at FROM {} WHERE id = ?1",
                    kind.table()
                ),
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let record = crate::domain::model::RecordId { kind, id };
        match row {
            None => Err(StoreError::NotFound(format!("{} {record}", kind.noun()))),
            Some((_, Some(at))) => Err(StoreError::Retracted { record, at }),
            Some((case_id, None)) => Ok(case_id),
        }
    }

    /// Stores a member's suggestion for review.
    pub fn insert_suggestion(
        &mut self,
        case_id: i64,
        suggestion: &NewSuggestion<'_>,
    ) -> Result<i64> {
        let NewSuggestion {
            date,
            text,
            tags,
            source_id,
            new_source,
            place,
        } = *suggestion;
        let new_source_json = new_source.map(|s| {
            serde_json::json!({
                "key": s.key, "publication": s.publication, "title": s.title, "author": s.author,
                "published": s.published.to_string(), "url": s.url,
            })
            .to_string()
        });
        self.tx.execute(
            "INSERT INTO suggestions (case_id, suggested_by, suggested_at, date, text, tags, source_id, new_source, suggested_in) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![case_id, self.actor, self.now, date.to_string(), text, json(tags), source_id, new_source_json, place],
        )?;
        let id = self.tx.last_insert_rowid();
        let after = self.row_json("suggestions", id)?;
        self.audit("suggest", "suggestions", Some(id), None, after, None)?;
        Ok(id)
    }

    /// Records a moderator's decision on a suggestion.
    pub fn decide_suggestion(
        &mut self,
        id: i64,
        approved: bool,
        reason: Option<&str>,
        event_id: Option<i64>,
    ) -> Result<()> {
        let before = self.row_json("suggestions", id)?;
        self.tx.execute(
            "UPDATE suggestions SET state = ?1, reviewed_by = ?2, reviewed_at = ?3, review_reason = ?4, event_id = ?5 WHERE id = ?6",
            params![if approved { "approved" } else { "rejected" }, self.actor, self.now, reason, event_id, id],
        )?;
        let after = self.row_json("suggestions", id)?;
        self.audit(
            if approved { "approve" } else { "reject" },
            "suggestions",
            Some(id),
            before,
            after,
            reason,
        )
    }

    /// Appends to the audit log.
    pub fn audit(
        &mut self,
        action: &str,
        kind: &str,
        record_id: Option<i64>,
        before: Option<String>,
        after: Option<String>,
        reason: Option<&str>,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO audit_log (at, actor, action, kind, record_id, before, after, reason, place) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![self.now, self.actor, action, kind, record_id, before, after, reason, self.place],
        )?;
        Ok(())
    }

    /// A row as a JSON object, for the audit log.
    pub(super) fn row_json(&self, table: &str, id: i64) -> Result<Option<String>> {
        let mut stmt = self
            .tx
            .prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
        let columns: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let pairs: Vec<String> = columns.iter().map(|c| format!("'{c}', {c}")).collect();
        let sql = format!(
            "SELECT json_object({}) FROM {table} WHERE id = ?1",
            pairs.join(", ")
        );
        Ok(self.tx.query_row(&sql, [id], |r| r.get(0)).optional()?)
    }

    /// Rewrites the search index entry of one record: its own words in
    /// `body` (what a snippet shows), and what only helps find it (tags,
    /// speaker names, aliases, a quote's context) in `extra`, so a snippet
    /// never prints a tag as if the record said it. Keep in step with
    /// `migrations/0006_search_own_words.sql`, which rebuilds the index.
    fn reindex(&mut self, kind: RecordKind, id: i64, case_id: i64) -> Result<()> {
        let sql = match kind {
            RecordKind::Event => "SELECT text, (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(tags)) FROM events WHERE id = ?1",
            RecordKind::Quote => "SELECT q.text, p.name || ' ' || (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(p.aliases)) || ' ' || coalesce(q.context, '') FROM quotes q JOIN people p ON p.id = q.speaker_id WHERE q.id = ?1",
            RecordKind::Action => "SELECT title || ' ' || summary || ' ' || coalesce(reference, ''), '' FROM actions WHERE id = ?1",
            RecordKind::Source => "SELECT publication || ' ' || title || ' ' || coalesce(author, ''), '' FROM sources WHERE id = ?1",
            RecordKind::Figure => "SELECT label || ' ' || stated_as, '' FROM figures WHERE id = ?1",
            RecordKind::Person => "SELECT name || ' ' || role, (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(aliases)) FROM people WHERE id = ?1",
        };
        let (body, extra): (String, String) = self
            .tx
            .query_row(sql, [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let rowid = search_rowid(case_id, kind, id)?;
        self.tx
            .execute("DELETE FROM search_index WHERE rowid = ?1", [rowid])?;
        self.tx.execute(
            "INSERT INTO search_index (rowid, body, extra, kind, record_id, case_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![rowid, body, extra, kind.table(), id, case_id],
        )?;
        Ok(())
    }
}
