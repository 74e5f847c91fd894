//! The bill an action is about: naming it (cited, audited) and reading it
//! back with the actions.

use std::collections::HashMap;

use rusqlite::params;

use super::read::id_list;
use super::{Result, Store, Writer};
use crate::domain::bill::BillRef;
use crate::domain::model::{ActionBill, CongressionalAction, Cosponsorship};

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
            current.insert(
                action_id,
                ActionBill {
                    id,
                    bill,
                    sources,
                    cosponsors: Vec::new(),
                },
            );
        }
        self.with_cosponsors(&mut current, live_only)?;
        for action in &mut actions {
            action.bill = current.remove(&action.id);
        }
        Ok(actions)
    }
}

impl Store {
    /// Fills each bill's cosponsors (of that bill, not an earlier one the
    /// action named), each with its sources.
    fn with_cosponsors(&self, bills: &mut HashMap<i64, ActionBill>, live_only: bool) -> Result<()> {
        if bills.is_empty() {
            return Ok(());
        }
        let action_ids: Vec<i64> = bills.keys().copied().collect();
        let mut stmt = self.conn().prepare_cached(
            "SELECT action_id, id, bill, name, party, state, original, change, date, bioguide_id, district FROM bill_cosponsors
             WHERE action_id IN (SELECT value FROM json_each(?1)) ORDER BY action_id, date, id",
        )?;
        let rows = stmt
            .query_map(params![format!("[{}]", id_list(&action_ids))], |r| {
                let date: String = r.get(8)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(2)?,
                    Cosponsorship {
                        id: r.get(1)?,
                        bioguide_id: r.get(9)?,
                        district: r.get(10)?,
                        name: r.get(3)?,
                        party: r.get(4)?,
                        state: r.get(5)?,
                        original: r.get(6)?,
                        withdrew: r.get::<_, String>(7)? == "withdrew",
                        date: date.parse().map_err(|e| {
                            rusqlite::Error::FromSqlConversionFailure(
                                8,
                                rusqlite::types::Type::Text,
                                Box::new(e),
                            )
                        })?,
                        sources: Vec::new(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let ids: Vec<i64> = rows.iter().map(|r| r.2.id).collect();
        let mut cites = self.cited_by("bill_cosponsors", &ids, live_only)?;
        for (action_id, key, mut row) in rows {
            let Some(bill) = bills.get_mut(&action_id) else {
                continue;
            };
            row.sources = cites.remove(&row.id).unwrap_or_default();
            if bill.bill.key() != key || (live_only && row.sources.is_empty()) {
                continue;
            }
            bill.cosponsors.push(row);
        }
        Ok(())
    }
}

impl Store {
    /// Cosponsorships by id, of live actions of one case, each with its
    /// live sources (those with none are left out): what a digest names.
    pub fn cosponsorships(
        &self,
        ids: &[i64],
        case_id: i64,
    ) -> Result<Vec<(i64, BillRef, Cosponsorship)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.action_id, c.id, c.bill, c.name, c.party, c.state, c.original, c.change, c.date,
                    c.bioguide_id, c.district
             FROM bill_cosponsors c JOIN actions a ON a.id = c.action_id
             WHERE c.id IN (SELECT value FROM json_each(?1)) AND a.case_id = ?2 AND a.retracted_at IS NULL
             ORDER BY c.id",
        )?;
        let rows = stmt
            .query_map(params![format!("[{}]", id_list(ids)), case_id], |r| {
                let bill: String = r.get(2)?;
                let date: String = r.get(8)?;
                let bad = |i, e: Box<dyn std::error::Error + Send + Sync>| {
                    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e)
                };
                Ok((
                    r.get::<_, i64>(0)?,
                    bill.parse::<BillRef>().map_err(|e| bad(2, Box::new(e)))?,
                    Cosponsorship {
                        id: r.get(1)?,
                        bioguide_id: r.get(9)?,
                        district: r.get(10)?,
                        name: r.get(3)?,
                        party: r.get(4)?,
                        state: r.get(5)?,
                        original: r.get(6)?,
                        withdrew: r.get::<_, String>(7)? == "withdrew",
                        date: date.parse().map_err(|e| bad(8, Box::new(e)))?,
                        sources: Vec::new(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut cites = self.cited_by("bill_cosponsors", ids, true)?;
        Ok(rows
            .into_iter()
            .filter_map(|(action, bill, mut c)| {
                c.sources = cites.remove(&c.id)?;
                Some((action, bill, c))
            })
            .collect())
    }
}

/// A cosponsorship as a data file keeps it, for import.
#[derive(Debug, Clone)]
pub struct KeptCosponsor<'a> {
    pub bioguide_id: &'a str,
    pub name: &'a str,
    pub party: &'a str,
    pub state: &'a str,
    pub district: Option<i64>,
    pub original: bool,
    /// `joined` or `withdrew`.
    pub change: &'a str,
    pub date: crate::domain::date::PartialDate,
    pub sources: Vec<i64>,
}

impl Writer<'_> {
    /// On import, after an action and its statuses: which of its statuses'
    /// events vanished (origin, when), its bill with its sources, and that
    /// bill's cosponsors, as the data file gives them.
    pub fn restore_bill_parts(
        &mut self,
        action_id: i64,
        vanished: &[(&str, &str)],
        bill: Option<(&BillRef, &[i64])>,
        cosponsors: &[KeptCosponsor<'_>],
    ) -> Result<()> {
        for (origin, at) in vanished {
            self.tx.execute(
                "INSERT INTO action_status_vanished (status_id, noticed_at)
                 SELECT id, ?3 FROM action_statuses WHERE action_id = ?1 AND origin = ?2",
                params![action_id, origin, at],
            )?;
        }
        let Some((bill, sources)) = bill else {
            return Ok(());
        };
        self.tx.execute(
            "INSERT INTO action_bills (action_id, bill, named_at) VALUES (?1, ?2, ?3)",
            params![action_id, bill.key(), self.now],
        )?;
        let bill_id = self.tx.last_insert_rowid();
        self.cite("action_bills", bill_id, sources)?;
        for c in cosponsors {
            self.tx.execute(
                "INSERT INTO bill_cosponsors (action_id, bill, bioguide_id, name, party, state, district, original, change, date, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![action_id, bill.key(), c.bioguide_id, c.name, c.party, c.state, c.district, c.original, c.change, c.date.to_string(), self.now],
            )?;
            let id = self.tx.last_insert_rowid();
            self.cite("bill_cosponsors", id, &c.sources)?;
        }
        Ok(())
    }
}
