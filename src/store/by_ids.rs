//! Records of any kinds by id, each kind read in a fixed number of queries,
//! for replies that list given records: `/sources S…` (what cites a source),
//! `/cite`, and the digest (what was added or changed). Reading them one by
//! one cost two to four queries per line of those replies.

use std::collections::HashMap;

use super::read::{action_from, figure_from, id_list, person_from, ACTION_COLUMNS, FIGURE_COLUMNS};
use super::{Result, Store};
use crate::domain::model::{
    CongressionalAction, Figure, Person, Quote, RecordId, RecordKind, Source, TimelineEntry,
};

/// Records as `Store::event`, `quote`, `action`, `figure`, `person` and
/// `source` return them: retracted or not, each with its live sources (an
/// action with its live statuses), and the case each belongs to. Ids that
/// do not exist are simply absent.
#[derive(Debug, Default)]
pub struct RecordSet {
    pub events: HashMap<i64, TimelineEntry>,
    pub quotes: HashMap<i64, Quote>,
    pub actions: HashMap<i64, CongressionalAction>,
    pub figures: HashMap<i64, Figure>,
    pub people: HashMap<i64, Person>,
    pub sources: HashMap<i64, Source>,
    /// The case of every record found.
    pub cases: HashMap<RecordId, i64>,
    /// Every source a record was filed with, retracted or not, for the
    /// records found with no live source (what a hidden record shows).
    pub filed: HashMap<RecordId, Vec<Source>>,
}

impl RecordSet {
    /// The live sources of a record found (a source is its own).
    pub fn live_sources(&self, record: RecordId) -> Option<Vec<Source>> {
        let id = record.id;
        match record.kind {
            RecordKind::Event => self.events.get(&id).map(|r| r.sources.clone()),
            RecordKind::Quote => self.quotes.get(&id).map(|r| r.sources.clone()),
            RecordKind::Action => self.actions.get(&id).map(|r| r.sources.clone()),
            RecordKind::Figure => self.figures.get(&id).map(|r| r.sources.clone()),
            RecordKind::Person => self.people.get(&id).map(|r| r.sources.clone()),
            RecordKind::Source => self.sources.get(&id).map(|s| vec![s.clone()]),
        }
    }
}

impl Store {
    /// Reads the given records: per kind present, one query for the rows
    /// and their cases, one for their live sources (quotes: one more for
    /// their speakers', actions: two more for their statuses), and one for
    /// the filed sources of those left with no live one.
    pub fn records(&self, ids: &[RecordId]) -> Result<RecordSet> {
        let mut set = RecordSet::default();
        for kind in RecordKind::ALL {
            let of_kind: Vec<i64> = ids
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| r.id)
                .collect();
            if of_kind.is_empty() {
                continue;
            }
            let json = format!("[{}]", id_list(&of_kind));
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT id, case_id FROM {} WHERE id IN (SELECT value FROM json_each(?1))",
                kind.table()
            ))?;
            let cases = stmt.query_map([&json], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))?;
            for row in cases {
                let (id, case_id) = row?;
                set.cases.insert(RecordId { kind, id }, case_id);
            }
            self.read_kind(&mut set, kind, &of_kind, &json)?;
            let hidden: Vec<i64> = of_kind
                .iter()
                .copied()
                .filter(|&id| {
                    kind != RecordKind::Source
                        && set
                            .live_sources(RecordId { kind, id })
                            .is_some_and(|s| s.is_empty())
                })
                .collect();
            for (id, sources) in self.citations(kind.table(), &hidden)? {
                set.filed.insert(RecordId { kind, id }, sources);
            }
        }
        Ok(set)
    }

    /// The rows of one kind into the set, with their live sources.
    fn read_kind(
        &self,
        set: &mut RecordSet,
        kind: RecordKind,
        ids: &[i64],
        json: &str,
    ) -> Result<()> {
        let conn = self.conn();
        match kind {
            RecordKind::Event => {
                let events = self.events_by_ids(ids)?;
                let events =
                    self.with_sources("events", events, true, |e| e.id, |e, s| e.sources = s)?;
                set.events = events.into_iter().map(|e| (e.id, e)).collect();
            }
            RecordKind::Quote => {
                let quotes = self.quotes_by_ids(ids, true)?;
                set.quotes = quotes.into_iter().map(|q| (q.id, q)).collect();
            }
            RecordKind::Action => {
                let actions = conn
                    .prepare_cached(&format!(
                        "SELECT {ACTION_COLUMNS} FROM actions WHERE id IN (SELECT value FROM json_each(?1))"
                    ))?
                    .query_map([json], action_from)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                let actions =
                    self.with_sources("actions", actions, true, |a| a.id, |a, s| a.sources = s)?;
                let actions = self.with_statuses(actions, true)?;
                set.actions = actions.into_iter().map(|a| (a.id, a)).collect();
            }
            RecordKind::Figure => {
                let figures = conn
                    .prepare_cached(&format!(
                        "SELECT {FIGURE_COLUMNS} FROM figures WHERE id IN (SELECT value FROM json_each(?1))"
                    ))?
                    .query_map([json], figure_from)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                let figures =
                    self.with_sources("figures", figures, true, |f| f.id, |f, s| f.sources = s)?;
                set.figures = figures.into_iter().map(|f| (f.id, f)).collect();
            }
            RecordKind::Person => {
                let people = conn
                    .prepare_cached(
                        "SELECT id, key, name, aliases, role, retracted_at, retracted_by, retracted_reason
                         FROM people WHERE id IN (SELECT value FROM json_each(?1))",
                    )?
                    .query_map([json], person_from)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                let people =
                    self.with_sources("people", people, true, |p| p.id, |p, s| p.sources = s)?;
                set.people = people.into_iter().map(|p| (p.id, p)).collect();
            }
            RecordKind::Source => set.sources = self.sources_by_ids(ids)?,
        }
        Ok(())
    }
}
