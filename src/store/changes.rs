//! When each record of a case was filed and last changed, read from the
//! audit log: exports stamp records with these times instead of "now", so
//! two exports of an unchanged store are the same bytes.

use std::collections::HashMap;

use super::{Result, Store};
use crate::domain::model::{RecordId, RecordKind};

/// A record's first and last audit times (`YYYY-MM-DDTHH:MM:SSZ`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordTimes {
    /// When it was filed (its insert).
    pub filed: String,
    /// Its newest change: a correction, a status change, a retraction, or
    /// the insert itself.
    pub changed: String,
}

impl Store {
    /// The audit times of every event, quote, action, figure and source of
    /// a case, retracted or not. One query: the audit log's
    /// `(kind, record_id, id)` index answers each record's rows.
    pub fn record_times(&self, case_id: i64) -> Result<HashMap<RecordId, RecordTimes>> {
        let mut stmt = self.conn().prepare_cached(
            "WITH records(kind, id) AS (
                 SELECT 'events', id FROM events WHERE case_id = ?1
                 UNION ALL SELECT 'quotes', id FROM quotes WHERE case_id = ?1
                 UNION ALL SELECT 'actions', id FROM actions WHERE case_id = ?1
                 UNION ALL SELECT 'figures', id FROM figures WHERE case_id = ?1
                 UNION ALL SELECT 'sources', id FROM sources WHERE case_id = ?1)
             SELECT r.kind, r.id, min(a.at), max(a.at) FROM records r
             JOIN audit_log a ON a.kind = r.kind AND a.record_id = r.id
             -- A link check finding an address gone changes no record.
             WHERE a.action <> 'link-gone'
             GROUP BY r.kind, r.id",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                RecordTimes {
                    filed: r.get(2)?,
                    changed: r.get(3)?,
                },
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (table, id, times) = row?;
            if let Some(kind) = RecordKind::from_table(&table) {
                out.insert(RecordId { kind, id }, times);
            }
        }
        Ok(out)
    }

    /// When the case itself was filed (its first audit entry), if logged.
    pub fn case_filed(&self, case_id: i64) -> Result<Option<String>> {
        Ok(self
            .audit_of("cases", case_id)?
            .into_iter()
            .next()
            .map(|e| e.at))
    }
}
