//! A page of a case's shown congressional actions: all of them, those whose
//! current status is one asked for, or those one person led or co-led.
//!
//! `/actions` showed every action in one reply and `/person` loaded every
//! action to keep the few a person led; at 500 actions that was 1,000 cited
//! facts built and rendered per command (BENCHMARKS.md). Both filters are
//! now in the SQL, and only the page's actions are read with their sources
//! and statuses.

use rusqlite::ToSql;

use super::read::{action_from, ACTION_COLUMNS};
use super::{Result, Store};
use crate::domain::model::CongressionalAction;

/// Which shown actions a page holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActionFilter<'a> {
    /// Only actions whose current status (the newest one a live source
    /// supports) is this.
    pub status: Option<&'a str>,
    /// Only actions this person (by key) led or co-led.
    pub led_by: Option<&'a str>,
}

impl Store {
    /// Shown actions of a case in date order (undated last): one page,
    /// each with its sources and statuses, and how many match in all.
    pub fn action_page(
        &self,
        case_id: i64,
        filter: ActionFilter<'_>,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<CongressionalAction>, u64)> {
        let mut condition = String::from(
            "a.case_id = :case AND EXISTS (SELECT 1 FROM shown_records sr WHERE sr.kind = 'actions' AND sr.id = a.id)",
        );
        let mut args: Vec<(&str, &dyn ToSql)> = vec![(":case", &case_id)];
        if let Some(status) = &filter.status {
            condition.push_str(&format!(
                " AND (SELECT st.status FROM action_statuses st WHERE st.action_id = a.id AND {}
                       ORDER BY {} LIMIT 1) = :status",
                super::congress::stands_now("st"),
                super::congress::latest_status_first("st", true)
            ));
            args.push((":status", status));
        }
        if let Some(person) = &filter.led_by {
            condition.push_str(
                " AND (EXISTS (SELECT 1 FROM json_each(a.led_by) WHERE value = :person)
                       OR EXISTS (SELECT 1 FROM json_each(a.co_led_by) WHERE value = :person))",
            );
            args.push((":person", person));
        }
        let total: u64 = self
            .conn()
            .prepare_cached(&format!("SELECT count(*) FROM actions a WHERE {condition}"))?
            .query_row(args.as_slice(), |r| r.get(0))?;
        if total <= offset || limit == 0 {
            return Ok((Vec::new(), total));
        }
        let (limit, offset) = (limit as i64, offset as i64);
        args.push((":limit", &limit));
        args.push((":offset", &offset));
        let columns = ACTION_COLUMNS
            .split(", ")
            .map(|c| format!("a.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let actions = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {columns} FROM actions a WHERE {condition}
                 ORDER BY a.date_first IS NULL, a.date_first, a.id LIMIT :limit OFFSET :offset"
            ))?
            .query_map(args.as_slice(), action_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let actions =
            self.with_sources("actions", actions, true, |a| a.id, |a, s| a.sources = s)?;
        Ok((self.with_statuses(actions, true)?, total))
    }
}
