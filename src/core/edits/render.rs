//! What an edited message says: the document it was posted from, with each
//! statement about a corrected record re-rendered from the store as it is
//! now and followed by "Corrected on DATE: REASON", and each statement about
//! a retracted record replaced by "Retracted on DATE: REASON". Every line is
//! cited like the rest: a correction by the source it brought, a retraction
//! by the record's own sources. Nothing is left out silently: a message
//! that no longer fits gets a shorter text that says it was shortened.

use std::collections::HashSet;
use std::str::FromStr;

use crate::core::digest::build::{is_retracted, push_live};
use crate::core::i18n::Locale;
use crate::core::messages::edits::EditMsg;
use crate::core::model::{RecordId, Source};
use crate::core::reply::{Block, Reply, Span};
use crate::store::posted::ShownRecords;
use crate::store::{AuditEntry, RecordSet, Result, Store, CORRECTION_SOURCE};

/// What a message about to be posted shows: its document and the records
/// its statements name.
pub fn shown_records(document: &Reply, piece: usize, pieces: usize) -> ShownRecords {
    let mut records: Vec<RecordId> = Vec::new();
    for block in &document.blocks {
        if let Block::Fact {
            record: Some(label),
            ..
        } = block
        {
            if let Ok(record) = RecordId::from_str(label) {
                if !records.contains(&record) {
                    records.push(record);
                }
            }
        }
    }
    ShownRecords {
        document: serde_json::to_string(document).expect("a reply is plain data"),
        piece: piece as i64,
        pieces: pieces as i64,
        records,
    }
}

/// An edited message's document, whole, and shortened to what changed
/// (for when the whole one no longer fits the message).
pub struct EditedDocument {
    pub whole: Reply,
    pub shortened: Reply,
}

/// The lines one changed record gains, and whether it is now retracted.
struct Changed {
    record: RecordId,
    retracted: bool,
    lines: Reply,
}

/// Builds the edited document of a message posted from `original`, given
/// the corrections and retractions of its records since (oldest first).
pub fn edited_document(
    store: &Store,
    original: &Reply,
    case_id: i64,
    changes: &[AuditEntry],
    loc: Locale,
) -> Result<EditedDocument> {
    let records: Vec<RecordId> = changes.iter().filter_map(record_of).collect();
    let set = store.records(&records)?;
    let people = store.people(case_id, true)?;
    let mut changed: Vec<Changed> = Vec::new();
    for record in &records {
        if changed.iter().any(|c| c.record == *record) {
            continue;
        }
        let mut lines = shell(original);
        let retracted = is_retracted(&set, *record);
        for entry in changes.iter().filter(|e| record_of(e) == Some(*record)) {
            push_change_line(store, &set, &mut lines, *record, entry, retracted, loc)?;
        }
        changed.push(Changed {
            record: *record,
            retracted,
            lines,
        });
    }

    let mut whole = shell(original);
    whole.title = original.title.clone();
    let mut shortened = whole.clone();
    let mut done: HashSet<RecordId> = HashSet::new();
    // A re-rendered record brings its own follow-on lines (an action's
    // statuses: facts with no record id of their own), so the old ones
    // after it are left out.
    let mut replacing = false;
    for block in &original.blocks {
        let record = match block {
            Block::Fact {
                record: Some(label),
                ..
            } => RecordId::from_str(label).ok(),
            Block::Fact { record: None, .. } if replacing => continue,
            _ => None,
        };
        let change = record.and_then(|r| changed.iter().find(|c| c.record == r));
        replacing = change.is_some();
        let Some(change) = change else {
            whole.append(&original.part([block.clone()], false));
            continue;
        };
        let first = done.insert(change.record);
        if !change.retracted {
            // The record as the store has it now, in place of what was shown.
            let mut now = shell(original);
            if !push_live(&set, &mut now, change.record, case_id, &people, loc) {
                now = original.part([block.clone()], false);
            }
            whole.append(&now);
            if first {
                shortened.append(&now);
            }
        }
        if first {
            whole.append(&change.lines);
            shortened.append(&change.lines);
        }
    }
    shortened.note(EditMsg::Shortened.say(loc));
    Ok(EditedDocument { whole, shortened })
}

/// A reply with nothing in it yet and no title, so appending it adds no
/// heading.
fn shell(original: &Reply) -> Reply {
    Reply {
        title: None,
        blocks: Vec::new(),
        sources: Vec::new(),
        paging: None,
        ..original.clone()
    }
}

fn record_of(entry: &AuditEntry) -> Option<RecordId> {
    Some(RecordId {
        kind: crate::core::model::RecordKind::from_table(&entry.kind)?,
        id: entry.record_id?,
    })
}

/// The day of an audit time (`2026-12-04T19:40:57Z` → `2026-12-04`).
fn day(at: &str) -> String {
    at.get(..10).unwrap_or(at).to_string()
}

/// The sources a record was filed with: its live ones, else all of them.
fn record_support(set: &RecordSet, record: RecordId) -> Vec<Source> {
    set.live_sources(record)
        .filter(|s| !s.is_empty())
        .or_else(|| set.filed.get(&record).cloned())
        .unwrap_or_default()
}

fn push_change_line(
    store: &Store,
    set: &RecordSet,
    lines: &mut Reply,
    record: RecordId,
    entry: &AuditEntry,
    retracted: bool,
    loc: Locale,
) -> Result<()> {
    let reason = entry.reason.clone().unwrap_or_default();
    let date = day(&entry.at);
    let (text, sources) = match entry.action.as_str() {
        "retract" => (
            EditMsg::RetractedOn { date, reason }.say(loc),
            record_support(set, record),
        ),
        // A correction of a record retracted since is not repeated: its
        // retraction line says what the record is now.
        _ if retracted => return Ok(()),
        _ => {
            let brought = entry
                .after
                .as_deref()
                .and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok())
                .and_then(|a| a[CORRECTION_SOURCE].as_i64());
            let sources = match brought {
                Some(id) => store.source(id)?.map(|(_, s)| vec![s]).unwrap_or_default(),
                None => Vec::new(),
            };
            let sources = if sources.is_empty() {
                record_support(set, record)
            } else {
                sources
            };
            (EditMsg::CorrectedOn { date, reason }.say(loc), sources)
        }
    };
    // Every record has a source; one without could not be cited, so
    // nothing is said rather than an uncited line.
    if !sources.is_empty() {
        lines.fact(
            None,
            Some(record.to_string()),
            vec![Span::strong(format!("{record} ")), Span::plain(text)],
            &sources,
        );
    }
    Ok(())
}
