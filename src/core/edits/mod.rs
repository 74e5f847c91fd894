//! Corrections reach what was posted: when a record is corrected or
//! retracted, the messages that showed it (remembered in
//! `store::posted`) are edited in place.
//!
//! How, step by step (all state is in SQLite, so it survives restarts):
//! 1. *Queue*: one transaction reads the audit log past its mark and adds
//!    one row per (correction or retraction, message showing the record);
//!    `UNIQUE (audit_id, message_id)` keeps a correction from being queued
//!    twice for a message.
//! 2. *Render*: the message's document is re-rendered from the store as it
//!    is now ([`render::edited_document`]), in the message's language.
//! 3. *Edit*: the platform replaces the message's text, with no connection
//!    held meanwhile. A message with a row due goes out as one edit that
//!    shows every correction of it known then, including one waiting to be
//!    retried; every row that edit shows is then marked `sent` (or created
//!    so), never sent again. An older row sent alone later would render
//!    fewer corrections and undo a newer one. A failure holds for every
//!    row the edit carried: they are retried together, with exponential
//!    backoff; a message the platform says is gone is remembered as gone,
//!    all its rows with it, and skipped from then on.
//!
//! A crash between an edit and its record sends the same edit again at the
//! next start: on Discord a PATCH with the same text, on Matrix the same
//! transaction id, which the homeserver drops.

pub mod answers;
pub mod render;

use chrono::{DateTime, Duration, Utc};

use crate::core::digest::schedule::Clock;
use crate::core::i18n::Locale;
use crate::core::messages::edits::EditMsg;
use crate::core::reply::Reply;
use crate::store::posted::{DueEdits, PostedMessage};
use crate::store::{AuditEntry, Database, Result, Store};

/// Why an edit failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// Worth retrying later (rate limit, network, server error).
    Transient(String),
    /// The message can no longer be edited (deleted, channel or room gone,
    /// bot removed): remembered as gone, never tried again.
    Gone(String),
}

/// A platform whose posted messages can be edited.
pub trait EditSink {
    /// Which messages it edits (`discord`, `matrix`).
    fn platform(&self) -> &str;
    /// The messages a document renders to, in order, each the payload
    /// [`EditSink::edit`] takes; the same cut as the digest's messages.
    fn render(&self, document: &Reply, locale: Locale) -> Vec<String>;
    /// Replaces the text of a posted message. `key` is the same for every
    /// retry of one edit.
    fn edit(
        &mut self,
        place: &str,
        message_ref: &str,
        key: &str,
        payload: &str,
    ) -> std::result::Result<(), EditError>;
}

/// Settings of the edit queue.
#[derive(Debug, Clone, Copy)]
pub struct EditSettings {
    /// Failed attempts before an edit is given up (`failed`).
    pub max_attempts: i64,
    /// Messages edited per pass at most, so one pass stays short.
    pub batch: usize,
}

impl Default for EditSettings {
    fn default() -> Self {
        EditSettings {
            max_attempts: 8,
            batch: 20,
        }
    }
}

/// What one pass did, for logs and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EditReport {
    /// Edits queued by this pass.
    pub queued: usize,
    /// (message, how many of its queued corrections its edit closed).
    pub edited: Vec<(i64, usize)>,
    pub gone: Vec<(i64, String)>,
    pub retrying: Vec<(i64, String)>,
    /// Given up after too many attempts.
    pub failed: Vec<(i64, String)>,
    /// Messages whose turn failed on our side (the store); tried again at
    /// the next pass.
    pub errors: Vec<(i64, String)>,
}

/// How long to wait after `attempts` failed attempts: 1, 2, 4 … minutes,
/// at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    Duration::minutes((1i64 << (attempts - 1).clamp(0, 6)).min(60))
}

/// Times as the store keeps them.
fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Queues the edits new corrections call for, then sends those due now on
/// the sink's platform. Fails only when the queue cannot be read; a
/// failure within one message's turn is logged and reported.
pub fn send_due_edits(
    db: &Database,
    clock: &dyn Clock,
    sink: &mut dyn EditSink,
    settings: EditSettings,
) -> Result<EditReport> {
    let now = clock.now();
    let mut report = EditReport {
        queued: db.write().queue_message_edits(&stamp(now))?,
        ..EditReport::default()
    };
    let due = db
        .read()
        .due_message_edits(sink.platform(), &stamp(now), settings.batch)?;
    for edits in due {
        if let Err(err) = turn(db, sink, &edits, now, settings, &mut report) {
            tracing::error!(
                message = edits.message.id,
                "message edit failed, the others go on: {err:#}"
            );
            report.errors.push((edits.message.id, err.to_string()));
        }
    }
    Ok(report)
}

/// The payload that replaces a posted message now, showing `changes` (all
/// of its records' since it was built), or why there is none.
fn payload_for(
    store: &Store,
    sink: &dyn EditSink,
    message: &PostedMessage,
    changes: &[AuditEntry],
) -> Result<std::result::Result<String, String>> {
    let Ok(original) = serde_json::from_str::<Reply>(&message.document) else {
        return Ok(Err("its stored document is not a reply".into()));
    };
    let loc = Locale::from_tag(&message.locale);
    let edited = render::edited_document(store, &original, message.case_id, changes, loc)?;
    let piece = usize::try_from(message.piece).unwrap_or(0);
    let pieces = usize::try_from(message.pieces).unwrap_or(1);
    let whole = sink.render(&edited.whole, loc);
    let note = match choose(piece, pieces, whole, || sink.render(&edited.shortened, loc)) {
        Piece::Text(payload) => return Ok(Ok(payload)),
        Piece::MovedAbove => EditMsg::MovedAbove,
        Piece::ChangeAbove => EditMsg::ChangeAbove,
    };
    let mut moved = Reply::new(original.kind, "");
    moved.title = None;
    moved.ephemeral = false;
    moved.note(note.say(loc));
    Ok(sink
        .render(&moved, loc)
        .into_iter()
        .next()
        .ok_or_else(|| "nothing to render".to_string()))
}

/// What part `piece` of a message posted in `pieces` parts shows now.
#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// The corrected whole fits in the parts above.
    MovedAbove,
    /// The corrected whole no longer fits; the parts above show only what
    /// changed.
    ChangeAbove,
}

/// Each part keeps its place in the corrected whole when the whole fits in
/// as many parts as were posted (or fewer: a part past its end says its
/// text is now above); a whole that needs more parts is replaced by the
/// shortened document, what changed only.
fn choose(
    piece: usize,
    pieces: usize,
    whole: Vec<String>,
    shortened: impl FnOnce() -> Vec<String>,
) -> Piece {
    if whole.len() <= pieces {
        return whole
            .into_iter()
            .nth(piece)
            .map_or(Piece::MovedAbove, Piece::Text);
    }
    shortened()
        .into_iter()
        .nth(piece)
        .map_or(Piece::ChangeAbove, Piece::Text)
}

/// One message's edit: rendered from every change of its records known
/// now, whichever of its edits are due, so an edit never shows less than
/// one sent before it; its outcome holds for every edit it carried.
fn turn(
    db: &Database,
    sink: &mut dyn EditSink,
    due: &DueEdits,
    now: DateTime<Utc>,
    settings: EditSettings,
    report: &mut EditReport,
) -> Result<()> {
    let message = &due.message;
    let Some(message_ref) = message.message_ref.as_deref() else {
        return Ok(());
    };
    // Rendered with a reader that is given back before the edit is sent.
    let (payload, shown) = {
        let store = db.read();
        let changes = store.message_changes(message)?;
        let payload = payload_for(&store, &*sink, message, &changes)?;
        // The queued rows are in the changes; named too, so that a row
        // could never stay pending for ever.
        let mut shown: Vec<i64> = changes.iter().map(|c| c.id).collect();
        shown.extend(due.edits.iter().map(|e| e.audit_id));
        shown.sort_unstable();
        shown.dedup();
        (payload, shown)
    };
    let upto = shown.last().copied().unwrap_or(0);
    let payload = match payload {
        Ok(payload) => payload,
        Err(why) => {
            db.write()
                .message_edits_failed(message.id, upto, &why, None, &stamp(now))?;
            report.failed.push((message.id, why));
            return Ok(());
        }
    };
    let key = format!("casewatch-edit-{}-{upto}", message.id);
    match sink.edit(&message.place, message_ref, &key, &payload) {
        Ok(()) => {
            let closed = db
                .write()
                .message_edits_sent(message.id, &shown, &stamp(now))?;
            report.edited.push((message.id, closed));
        }
        Err(EditError::Gone(why)) => {
            tracing::info!(message = message.id, place = %message.place, "a posted message can no longer be edited, skipping it: {why}");
            db.write().message_gone(message.id, &why, &stamp(now))?;
            report.gone.push((message.id, why));
        }
        Err(EditError::Transient(why)) => {
            let attempts = due.edits.iter().map(|e| e.attempts).max().unwrap_or(0) + 1;
            let mut store = db.write();
            if attempts >= settings.max_attempts {
                tracing::warn!(
                    message = message.id,
                    "giving up on a message edit after {attempts} attempts: {why}"
                );
                store.message_edits_failed(message.id, upto, &why, None, &stamp(now))?;
                report.failed.push((message.id, why));
            } else {
                let retry_at = stamp(now + backoff(attempts));
                tracing::warn!(
                    message = message.id,
                    attempt = attempts,
                    "message edit failed, retrying at {retry_at}: {why}"
                );
                store.message_edits_failed(message.id, upto, &why, Some(&retry_at), &stamp(now))?;
                report.retrying.push((message.id, why));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(n: usize, tag: &str) -> Vec<String> {
        (0..n).map(|i| format!("{tag}{i}")).collect()
    }

    #[test]
    fn each_part_shows_what_is_true_of_it_after_a_correction() {
        let never = || -> Vec<String> { panic!("the whole fits: no shortening") };
        // As many parts as posted: each its own.
        assert_eq!(choose(1, 2, texts(2, "w"), never), Piece::Text("w1".into()));
        // Fewer: the first parts carry everything, the rest say so.
        assert_eq!(choose(0, 2, texts(1, "w"), never), Piece::Text("w0".into()));
        assert_eq!(choose(1, 2, texts(1, "w"), never), Piece::MovedAbove);
        // More than posted: the shortened document, and a part past its end
        // points to the change told above.
        assert_eq!(
            choose(0, 2, texts(3, "w"), || texts(2, "s")),
            Piece::Text("s0".into())
        );
        assert_eq!(
            choose(1, 2, texts(3, "w"), || texts(1, "s")),
            Piece::ChangeAbove
        );
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=9).map(|a| backoff(a).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
