//! What the Matrix adapter remembers between starts, besides matrix-sdk's
//! own store: the event ids of the commands it has taken on.

use rusqlite::params;

use super::{now_utc, Result, Store};

impl Store {
    /// Claims a Matrix command event for answering. Returns `false` when it
    /// was claimed before (by this process or an earlier one): the caller
    /// must then not answer it. Claiming before answering means a crash
    /// between the two leaves the command unanswered rather than answered
    /// twice.
    pub fn claim_matrix_event(&mut self, event_id: &str, room_id: &str) -> Result<bool> {
        let inserted = self.conn.execute(
            "INSERT OR IGNORE INTO matrix_answered_events (event_id, room_id, claimed_at) VALUES (?1, ?2, ?3)",
            params![event_id, room_id, now_utc()],
        )?;
        Ok(inserted == 1)
    }

    /// How many Matrix command events have been claimed (tests, diagnostics).
    pub fn matrix_events_claimed(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM matrix_answered_events", [], |r| {
                r.get(0)
            })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_claimed_once() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(store.claim_matrix_event("$a", "!room").unwrap());
        assert!(!store.claim_matrix_event("$a", "!room").unwrap());
        assert!(store.claim_matrix_event("$b", "!room").unwrap());
        assert_eq!(store.matrix_events_claimed().unwrap(), 2);
    }
}
