//! The audit log: every write with who, when, what, before and after.

use super::{Result, Store};

/// One audit log row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub kind: String,
    pub record_id: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
    /// Where the change was made (`discord:GUILD/CHANNEL`, `console`…);
    /// `None` for imports and entries older than migration 0005.
    pub place: Option<String>,
}

impl Store {
    /// Audit entries after `after_id`, oldest first (digests read this).
    pub fn audit_since(&self, after_id: i64, limit: u64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, at, actor, action, kind, record_id, before, after, reason, place FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![after_id, limit as i64], entry_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A record's audit entries (by its table and id), oldest first:
    /// its creation, corrections, status changes and retraction.
    pub fn audit_of(&self, kind: &str, record_id: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, at, actor, action, kind, record_id, before, after, reason, place FROM audit_log WHERE kind = ?1 AND record_id = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(rusqlite::params![kind, record_id], entry_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// An audit entry from the columns `id, at, actor, action, kind,
/// record_id, before, after, reason, place`, in that order.
pub(super) fn entry_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        kind: r.get(4)?,
        record_id: r.get(5)?,
        before: r.get(6)?,
        after: r.get(7)?,
        reason: r.get(8)?,
        place: r.get(9)?,
    })
}
