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
}

impl Store {
    /// Audit entries after `after_id`, oldest first (digests read this).
    pub fn audit_since(&self, after_id: i64, limit: u64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, at, actor, action, kind, record_id, before, after, reason FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![after_id, limit as i64], |r| {
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
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
