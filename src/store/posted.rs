//! Posted messages and the edits that carry corrections to them: which
//! message shows which records, and a queue of edits kept in SQLite so it
//! survives restarts. The rules (when an edit is due, what backoff) live in
//! the core (`core::edits`); this module only keeps the state.

use rusqlite::{params, Row, Transaction};

use super::{AuditEntry, Result, Store};
use crate::domain::model::RecordId;

/// What a message about to be posted shows, remembered with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRecords {
    /// The reply document the message renders, as JSON.
    pub document: String,
    /// Which of the document's rendered messages this one is (0-based).
    pub piece: i64,
    /// How many messages the document rendered to.
    pub pieces: i64,
    /// The records its statements name.
    pub records: Vec<RecordId>,
}

/// A message the bot posted (or is about to post) and may edit later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedMessage {
    pub id: i64,
    pub platform: String,
    pub place: String,
    pub case_id: i64,
    pub locale: String,
    pub document: String,
    pub piece: i64,
    pub pieces: i64,
    /// Corrections after this audit entry are not in what it shows.
    pub shown_audit_id: i64,
    /// The platform's id of the message; `None` until it was sent.
    pub message_ref: Option<String>,
    /// Why it can no longer be edited, when the platform said so.
    pub gone_reason: Option<String>,
    /// When the platform stops letting the bot edit it, if it does.
    pub edit_until: Option<String>,
}

/// One queued edit: a correction or retraction (audit entry) to carry to
/// one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageEdit {
    pub id: i64,
    pub audit_id: i64,
    pub message_id: i64,
    /// `pending`, `sent`, `gone` or `failed`.
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
}

/// A message with an edit due, and all its pending edits (due or not),
/// sent together as one edit that shows every one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueEdits {
    pub message: PostedMessage,
    pub edits: Vec<MessageEdit>,
}

const MESSAGE_COLUMNS: &str = "m.id, m.platform, m.place, m.case_id, m.locale, m.document, m.piece, m.pieces, m.shown_audit_id, m.message_ref, m.gone_reason, m.edit_until";
const EDIT_COLUMNS: &str =
    "e.id, e.audit_id, e.message_id, e.state, e.attempts, e.next_attempt_at, e.last_error";

fn message_from(r: &Row<'_>) -> rusqlite::Result<PostedMessage> {
    Ok(PostedMessage {
        id: r.get(0)?,
        platform: r.get(1)?,
        place: r.get(2)?,
        case_id: r.get(3)?,
        locale: r.get(4)?,
        document: r.get(5)?,
        piece: r.get(6)?,
        pieces: r.get(7)?,
        shown_audit_id: r.get(8)?,
        message_ref: r.get(9)?,
        gone_reason: r.get(10)?,
        edit_until: r.get(11)?,
    })
}

fn edit_from(r: &Row<'_>, at: usize) -> rusqlite::Result<MessageEdit> {
    Ok(MessageEdit {
        id: r.get(at)?,
        audit_id: r.get(at + 1)?,
        message_id: r.get(at + 2)?,
        state: r.get(at + 3)?,
        attempts: r.get(at + 4)?,
        next_attempt_at: r.get(at + 5)?,
        last_error: r.get(at + 6)?,
    })
}

/// Where a digest message sits, and what it shows.
pub(crate) struct DigestMessage<'a> {
    pub platform: &'a str,
    pub place: &'a str,
    pub case_id: i64,
    pub locale: &'a str,
    pub run_id: i64,
    pub generation: i64,
    pub position: i64,
    pub shown_audit_id: i64,
}

/// Remembers a digest message before it is sent (inside the transaction
/// that stores the run's messages).
pub(crate) fn remember_digest_message(
    tx: &Transaction<'_>,
    at: &DigestMessage<'_>,
    shown: &ShownRecords,
) -> Result<()> {
    tx.execute(
        "INSERT INTO posted_messages (platform, place, case_id, locale, document, piece, pieces, shown_audit_id, run_id, generation, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![at.platform, at.place, at.case_id, at.locale, shown.document, shown.piece, shown.pieces, at.shown_audit_id, at.run_id, at.generation, at.position],
    )?;
    let id = tx.last_insert_rowid();
    remember_records(tx, id, &shown.records)
}

fn remember_records(tx: &Transaction<'_>, message_id: i64, records: &[RecordId]) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO posted_message_records (message_id, kind, record_id) VALUES (?1, ?2, ?3)",
    )?;
    for record in records {
        insert.execute(params![message_id, record.kind.table(), record.id])?;
    }
    Ok(())
}

/// Records the platform's id of a sent digest message, and queues the
/// corrections made since its text was built (they are not in it).
pub(crate) fn digest_message_sent(
    tx: &Transaction<'_>,
    run_id: i64,
    generation: i64,
    position: i64,
    message_ref: &str,
    now: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE posted_messages SET message_ref = ?1, posted_at = ?2
         WHERE run_id = ?3 AND generation = ?4 AND position = ?5 AND message_ref IS NULL",
        params![message_ref, now, run_id, generation, position],
    )?;
    tx.execute(
        &format!("{QUEUE_INSERT} WHERE m.run_id = ?2 AND m.generation = ?3 AND m.position = ?4"),
        params![now, run_id, generation, position],
    )?;
    Ok(())
}

/// Queues one edit per (correction or retraction, sent message showing its
/// record) the message does not show yet; an existing row is kept as it is.
/// For one message: from the message to its records to their audit
/// entries (`CROSS JOIN` fixes that order in SQLite).
const QUEUE_INSERT: &str =
    "INSERT OR IGNORE INTO message_edits (audit_id, message_id, next_attempt_at, created_at)
     SELECT a.id, m.id, ?1, ?1 FROM posted_messages m
     CROSS JOIN posted_message_records r ON r.message_id = m.id
     CROSS JOIN audit_log a ON a.kind = r.kind AND a.record_id = r.record_id
        AND a.action IN ('correct', 'retract') AND a.id > m.shown_audit_id
     ";

/// The same for the audit entries in a range, driven from them: the range
/// is empty or a few rows on most passes, whatever the number of messages
/// remembered.
const QUEUE_RANGE: &str =
    "INSERT OR IGNORE INTO message_edits (audit_id, message_id, next_attempt_at, created_at)
     SELECT a.id, m.id, ?1, ?1 FROM audit_log a
     CROSS JOIN posted_message_records r ON r.kind = a.kind AND r.record_id = a.record_id
     CROSS JOIN posted_messages m ON m.id = r.message_id
     WHERE a.id > ?2 AND a.id <= ?3 AND a.action IN ('correct', 'retract') AND a.id > m.shown_audit_id
        AND m.message_ref IS NOT NULL AND m.gone_at IS NULL";

/// A public answer that was sent, to remember.
#[derive(Debug, Clone)]
pub struct SentAnswer<'a> {
    pub platform: &'a str,
    pub place: &'a str,
    pub case_id: i64,
    pub locale: &'a str,
    pub shown: &'a ShownRecords,
    /// The newest audit entry before the answer was built.
    pub shown_audit_id: i64,
    pub message_ref: &'a str,
    pub edit_until: Option<&'a str>,
}

impl Store {
    /// Remembers a public answer that was sent, and queues the corrections
    /// made since it was built (they are not in it).
    pub fn remember_answer(&mut self, answer: &SentAnswer<'_>) -> Result<i64> {
        let now = super::now_utc();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO posted_messages (platform, place, case_id, locale, document, piece, pieces, shown_audit_id, message_ref, posted_at, edit_until)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![answer.platform, answer.place, answer.case_id, answer.locale, answer.shown.document, answer.shown.piece,
                answer.shown.pieces, answer.shown_audit_id, answer.message_ref, now, answer.edit_until],
        )?;
        let id = tx.last_insert_rowid();
        remember_records(&tx, id, &answer.shown.records)?;
        tx.execute(&format!("{QUEUE_INSERT} WHERE m.id = ?2"), params![now, id])?;
        tx.commit()?;
        Ok(id)
    }

    /// Reads the audit log past its mark for corrections and retractions
    /// and queues an edit for every sent message that shows their record.
    /// Returns how many edits were queued.
    pub fn queue_message_edits(&mut self, now: &str) -> Result<usize> {
        let tx = self.conn.transaction()?;
        // What can be edited for a while only (a Discord interaction's
        // answer) is closed once that time has passed, and the id it was
        // edited with (a token) is not kept; its pending edits (found from
        // the pending rows, few, by index) are closed with it.
        tx.execute(
            "UPDATE posted_messages SET gone_at = ?1, gone_reason = 'the time to edit it has passed', message_ref = NULL
             WHERE edit_until IS NOT NULL AND edit_until <= ?1 AND gone_at IS NULL",
            [now],
        )?;
        tx.execute(
            "UPDATE message_edits SET state = 'gone', last_error = 'the time to edit it has passed', finished_at = ?1
             WHERE state = 'pending' AND EXISTS (SELECT 1 FROM posted_messages m
                 WHERE m.id = message_edits.message_id AND m.gone_at IS NOT NULL AND m.message_ref IS NULL)",
            [now],
        )?;
        let covered: i64 =
            tx.query_row("SELECT covered_audit_id FROM message_edit_mark", [], |r| {
                r.get(0)
            })?;
        let to: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
            r.get(0)
        })?;
        let queued = tx.execute(QUEUE_RANGE, params![now, covered, to])?;
        tx.execute(
            "UPDATE message_edit_mark SET covered_audit_id = ?1",
            [to.max(covered)],
        )?;
        tx.commit()?;
        Ok(queued)
    }

    /// The messages on a platform with an edit due at `now`, oldest message
    /// first, at most `limit`, each with all its pending edits, due or not:
    /// one edit of a message shows every correction it has, so an older
    /// edit waiting to be retried goes out with a newer one, never after it
    /// and alone (which would undo the newer one).
    pub fn due_message_edits(
        &self,
        platform: &str,
        now: &str,
        limit: usize,
    ) -> Result<Vec<DueEdits>> {
        // Both scans read only the pending rows, through the index
        // `message_edits_due`; the subquery is read once per call.
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {MESSAGE_COLUMNS}, {EDIT_COLUMNS} FROM message_edits e
             JOIN posted_messages m ON m.id = e.message_id
             WHERE e.state = 'pending' AND m.platform = ?1
                AND e.message_id IN (SELECT message_id FROM message_edits
                    WHERE state = 'pending' AND next_attempt_at <= ?2)
             ORDER BY m.id, e.audit_id"
        ))?;
        let rows = stmt.query_map(params![platform, now], |r| {
            Ok((message_from(r)?, edit_from(r, 12)?))
        })?;
        let mut due: Vec<DueEdits> = Vec::new();
        for row in rows {
            let (message, edit) = row?;
            let same = due.last().is_some_and(|last| last.message.id == message.id);
            if same {
                due.last_mut().expect("checked").edits.push(edit);
            } else if due.len() == limit {
                break;
            } else {
                due.push(DueEdits {
                    message,
                    edits: vec![edit],
                });
            }
        }
        Ok(due)
    }

    /// The corrections and retractions of a message's records since its
    /// text was built, oldest first: what its edit must show.
    pub fn message_changes(&self, message: &PostedMessage) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.id, a.at, a.actor, a.action, a.kind, a.record_id, a.before, a.after, a.reason, a.place
             FROM posted_message_records r
             JOIN audit_log a ON a.kind = r.kind AND a.record_id = r.record_id
             WHERE r.message_id = ?1 AND a.action IN ('correct', 'retract') AND a.id > ?2
             ORDER BY a.id",
        )?;
        let rows = stmt.query_map(
            params![message.id, message.shown_audit_id],
            super::audit::entry_from,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records an edit of a message that showed the changes `shown` (audit
    /// entries): each one's row is `sent`, whether it was pending, given up
    /// earlier (`failed`), or not queued yet (it is then created `sent`, so
    /// it is never sent alone later). Returns how many rows it closed.
    pub fn message_edits_sent(
        &mut self,
        message_id: i64,
        shown: &[i64],
        now: &str,
    ) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut closed = 0;
        for audit_id in shown {
            closed += tx.execute(
                "INSERT INTO message_edits (audit_id, message_id, state, attempts, next_attempt_at, created_at, finished_at)
                 VALUES (?1, ?2, 'sent', 1, ?3, ?3, ?3)
                 ON CONFLICT (audit_id, message_id) DO UPDATE SET state = 'sent', attempts = attempts + 1,
                    last_error = NULL, finished_at = ?3
                 WHERE state IN ('pending', 'failed')",
                params![audit_id, message_id, now],
            )?;
        }
        tx.commit()?;
        Ok(closed)
    }

    /// Records a failed attempt at an edit of a message that showed its
    /// changes up to audit entry `upto`: every pending row it carried is
    /// tried again at `retry_at`, together, or given up (`failed`) when it
    /// is `None`.
    pub fn message_edits_failed(
        &mut self,
        message_id: i64,
        upto: i64,
        error: &str,
        retry_at: Option<&str>,
        now: &str,
    ) -> Result<()> {
        self.conn().execute(
            "UPDATE message_edits SET attempts = attempts + 1, last_error = ?1,
             next_attempt_at = coalesce(?2, next_attempt_at),
             state = CASE WHEN ?2 IS NULL THEN 'failed' ELSE state END,
             finished_at = CASE WHEN ?2 IS NULL THEN ?3 ELSE NULL END
             WHERE message_id = ?4 AND audit_id <= ?5 AND state = 'pending'",
            params![error, retry_at, now, message_id, upto],
        )?;
        Ok(())
    }

    /// The platform says the message can no longer be edited (deleted,
    /// channel or room gone): it is remembered so, and its pending edits
    /// are closed as `gone`. None is queued for it again.
    pub fn message_gone(&mut self, message_id: i64, reason: &str, now: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE posted_messages SET gone_at = ?1, gone_reason = ?2 WHERE id = ?3 AND gone_at IS NULL",
            params![now, reason, message_id],
        )?;
        tx.execute(
            "UPDATE message_edits SET state = 'gone', last_error = ?1, finished_at = ?2
             WHERE message_id = ?3 AND state = 'pending'",
            params![reason, now, message_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The messages remembered on a platform, oldest first.
    pub fn posted_messages(&self, platform: &str) -> Result<Vec<PostedMessage>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM posted_messages m WHERE m.platform = ?1 ORDER BY m.id"
        ))?;
        let rows = stmt.query_map([platform], message_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every edit queued for a message, oldest first.
    pub fn message_edits(&self, message_id: i64) -> Result<Vec<MessageEdit>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {EDIT_COLUMNS} FROM message_edits e WHERE e.message_id = ?1 ORDER BY e.id"
        ))?;
        let rows = stmt.query_map([message_id], |r| edit_from(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
