//! Reads of the suggestion queue that `/review` pages through and that
//! `/suggest`'s limits count.

use rusqlite::params;

use super::read::suggestion_from;
use super::{Result, Store, SuggestionRow};

impl Store {
    /// One page of a case's pending suggestions, oldest first, and how
    /// many are pending in all.
    pub fn pending_suggestions(
        &self,
        case_id: i64,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<SuggestionRow>, u64)> {
        let total: u64 = self.conn().query_row(
            "SELECT count(*) FROM suggestions WHERE case_id = ?1 AND state = 'pending'",
            [case_id],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, case_id, suggested_by, suggested_at, date, text, tags, source_id, new_source, state, reviewed_by, review_reason, suggested_in
             FROM suggestions WHERE case_id = ?1 AND state = 'pending' ORDER BY id LIMIT ?2 OFFSET ?3",
        )?;
        let rows = stmt.query_map(
            params![case_id, limit as i64, offset as i64],
            suggestion_from,
        )?;
        Ok((rows.collect::<rusqlite::Result<_>>()?, total))
    }

    /// How many of `actor`'s suggestions wait for review, in every case
    /// and place.
    pub fn pending_suggestions_by(&self, actor: &str) -> Result<u64> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM suggestions WHERE suggested_by = ?1 AND state = 'pending'",
            [actor],
            |r| r.get(0),
        )?)
    }

    /// The times (oldest first) of the suggestions made in `place` at or
    /// after `since` (UTC, as the store writes times).
    pub fn suggestion_times_in(&self, place: &str, since: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT suggested_at FROM suggestions WHERE suggested_in = ?1 AND suggested_at >= ?2 ORDER BY suggested_at",
        )?;
        let rows = stmt.query_map(params![place, since], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
