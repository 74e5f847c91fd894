//! The bill an action is about: naming it (cited, audited) and reading it
//! back with the actions.

use std::collections::HashMap;

use rusqlite::params;

use super::read::id_list;
use super::{Result, Store, Writer};
use crate::domain::bill::BillRef;
use crate::domain::model::{ActionBill, CongressionalAction};

impl Writer<'_> {
    /// Names the bill an action is about, on the evidence of `sources`: a
    /// new row of `action_bills` (the newest is current), cited, with the
    /// editor's reason and the bill before and after in the audit log.
    pub fn name_bill(
        &mut self,
        action_id: i64,
        bill: &BillRef,
        before: Option<&BillRef>,
        sources: &[i64],
        reason: &str,
    ) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO action_bills (action_id, bill, named_at) VALUES (?1, ?2, ?3)",
            params![action_id, bill.key(), self.now],
        )?;
        let id = self.tx.last_insert_rowid();
        self.cite("action_bills", id, sources)?;
        let change = |b: Option<&BillRef>| {
            b.map(|b| serde_json::json!({ "bill": b.key(), "action_bill_id": id }).to_string())
        };
        self.audit(
            "bill",
            "actions",
            Some(action_id),
            before.map(|b| serde_json::json!({ "bill": b.key() }).to_string()),
            change(Some(bill)),
            Some(reason),
        )?;
        Ok(id)
    }
}

impl Store {
    /// Fills each action's bill: the newest named one (with `live_only`,
    /// the newest a live source still supports, with only those sources).
    pub(super) fn with_bills(
        &self,
        mut actions: Vec<CongressionalAction>,
        live_only: bool,
    ) -> Result<Vec<CongressionalAction>> {
        if actions.is_empty() {
            return Ok(actions);
        }
        let action_ids: Vec<i64> = actions.iter().map(|a| a.id).collect();
        let mut stmt = self.conn().prepare_cached(
            "SELECT action_id, id, bill FROM action_bills
             WHERE action_id IN (SELECT value FROM json_each(?1)) ORDER BY action_id, id",
        )?;
        let rows = stmt
            .query_map(params![format!("[{}]", id_list(&action_ids))], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if rows.is_empty() {
            return Ok(actions);
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let mut cites = self.cited_by("action_bills", &ids, live_only)?;
        let mut current: HashMap<i64, ActionBill> = HashMap::new();
        for (action_id, id, key) in rows {
            let sources = cites.remove(&id).unwrap_or_default();
            if live_only && sources.is_empty() {
                continue;
            }
            let bill = key.parse().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    2,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?;
            current.insert(action_id, ActionBill { id, bill, sources });
        }
        for action in &mut actions {
            action.bill = current.remove(&action.id);
        }
        Ok(actions)
    }
}
