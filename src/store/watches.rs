//! Watched feeds (migration 0012): the watches a case's editors add and
//! remove (audited, removed softly, never deleted), each poll's state, and
//! the items every watch has seen, so an item is proposed at most once.

use rusqlite::params;

use super::{Optional as _, Result, Store, Writer};

/// One watched feed, live or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watch {
    pub id: i64,
    pub case_id: i64,
    pub url: String,
    /// Words an item may mention instead of the case's people, as typed.
    pub keywords: Vec<String>,
    pub added_by: String,
    pub added_at: String,
    pub removed_by: Option<String>,
    pub removed_at: Option<String>,
    /// The feed's own title, once a poll read it.
    pub feed_title: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Whether a poll has succeeded (the first only marks items as seen).
    pub primed: bool,
    pub last_polled_at: Option<String>,
    pub last_success_at: Option<String>,
    /// Failed polls since the last success.
    pub failures: u32,
    pub last_error: Option<String>,
    pub next_poll_at: Option<String>,
    /// Its own minutes between polls (`/watch add interval:`); `None`: the bot's setting.
    pub interval_minutes: Option<u32>,
}

const WATCH_COLUMNS: &str = "id, case_id, url, keywords, added_by, added_at, removed_by, removed_at, feed_title, etag, last_modified, primed, last_polled_at, last_success_at, failures, last_error, next_poll_at, interval_minutes";

fn watch_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Watch> {
    let keywords: String = r.get(3)?;
    Ok(Watch {
        id: r.get(0)?,
        case_id: r.get(1)?,
        url: r.get(2)?,
        keywords: serde_json::from_str(&keywords).unwrap_or_default(),
        added_by: r.get(4)?,
        added_at: r.get(5)?,
        removed_by: r.get(6)?,
        removed_at: r.get(7)?,
        feed_title: r.get(8)?,
        etag: r.get(9)?,
        last_modified: r.get(10)?,
        primed: r.get(11)?,
        last_polled_at: r.get(12)?,
        last_success_at: r.get(13)?,
        failures: r.get(14)?,
        last_error: r.get(15)?,
        next_poll_at: r.get(16)?,
        interval_minutes: r.get(17)?,
    })
}

/// What one poll of a watch found, written in one transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollOutcome {
    /// The feed answered 304: its title and validators stay as they were.
    pub not_modified: bool,
    pub feed_title: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// `Some(text)`: the poll failed, with the typed error's text.
    pub error: Option<String>,
    /// When to poll next (UTC, as the store writes times).
    pub next_poll_at: String,
}

impl Store {
    /// A case's live watches, oldest first.
    pub fn watches(&self, case_id: i64) -> Result<Vec<Watch>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {WATCH_COLUMNS} FROM watches WHERE case_id = ?1 AND removed_at IS NULL ORDER BY id"
        ))?;
        let rows = stmt.query_map([case_id], watch_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every live watch of every case, oldest first.
    pub fn all_watches(&self) -> Result<Vec<Watch>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {WATCH_COLUMNS} FROM watches WHERE removed_at IS NULL ORDER BY id"
        ))?;
        let rows = stmt.query_map([], watch_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One watch, live or removed.
    pub fn watch(&self, id: i64) -> Result<Option<Watch>> {
        self.conn()
            .prepare_cached(&format!(
                "SELECT {WATCH_COLUMNS} FROM watches WHERE id = ?1"
            ))?
            .query_row([id], watch_from)
            .found()
    }
}

/// Which of `entry_ids` the watch has seen, and which of `urls` any
/// watch of the same case has seen.
fn seen(
    conn: &rusqlite::Connection,
    watch: &Watch,
    entry_ids: &[&str],
    urls: &[&str],
) -> Result<(Vec<String>, Vec<String>)> {
    let mut by_id =
        conn.prepare_cached("SELECT 1 FROM watch_items WHERE watch_id = ?1 AND entry_id = ?2")?;
    let mut seen_ids = Vec::new();
    for id in entry_ids {
        if by_id
            .query_row(params![watch.id, id], |_| Ok(()))
            .found()?
            .is_some()
        {
            seen_ids.push(id.to_string());
        }
    }
    let mut by_url = conn.prepare_cached(
        "SELECT 1 FROM watch_items i JOIN watches w ON w.id = i.watch_id
         WHERE w.case_id = ?1 AND i.url = ?2",
    )?;
    let mut seen_urls = Vec::new();
    for url in urls {
        if by_url
            .query_row(params![watch.case_id, url], |_| Ok(()))
            .found()?
            .is_some()
        {
            seen_urls.push(url.to_string());
        }
    }
    Ok((seen_ids, seen_urls))
}

impl Writer<'_> {
    /// Which of `entry_ids` the watch has seen, and which of `urls` any
    /// watch of the same case has seen, inside the write's transaction
    /// (so two pollers of one database never propose an item twice).
    pub fn seen_items(
        &self,
        watch: &Watch,
        entry_ids: &[&str],
        urls: &[&str],
    ) -> Result<(Vec<String>, Vec<String>)> {
        seen(self.tx_ref(), watch, entry_ids, urls)
    }

    /// Adds a watch of `url` to the case: `Ok(id)` of the new watch, or
    /// `Err(id)` of the live watch the case already has of it (nothing is
    /// written then), read in the same transaction.
    pub fn add_watch(
        &mut self,
        case_id: i64,
        url: &str,
        keywords: &[String],
        interval_minutes: Option<u32>,
    ) -> Result<std::result::Result<i64, i64>> {
        let inserted = self.tx_ref().execute(
            "INSERT INTO watches (case_id, url, keywords, added_by, added_at, added_in, interval_minutes)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS
                 (SELECT 1 FROM watches WHERE case_id = ?1 AND url = ?2 AND removed_at IS NULL)",
            params![
                case_id,
                url,
                serde_json::to_string(keywords)?,
                self.actor(),
                self.now(),
                self.place(),
                interval_minutes
            ],
        )?;
        if inserted == 0 {
            let existing = self.tx_ref().query_row(
                "SELECT id FROM watches WHERE case_id = ?1 AND url = ?2 AND removed_at IS NULL",
                params![case_id, url],
                |r| r.get(0),
            )?;
            return Ok(Err(existing));
        }
        let id = self.tx_ref().last_insert_rowid();
        let after = self.row_json("watches", id)?;
        self.audit("insert", "watches", Some(id), None, after, None)?;
        Ok(Ok(id))
    }

    /// Removes a live watch (who, when); `false` when it was not live.
    pub fn remove_watch(&mut self, id: i64) -> Result<bool> {
        let before = self.row_json("watches", id)?;
        let changed = self.tx_ref().execute(
            "UPDATE watches SET removed_by = ?1, removed_at = ?2 WHERE id = ?3 AND removed_at IS NULL",
            params![self.actor(), self.now(), id],
        )?;
        if changed == 0 {
            return Ok(false);
        }
        let after = self.row_json("watches", id)?;
        self.audit("remove", "watches", Some(id), before, after, None)?;
        Ok(true)
    }

    /// Records a poll: its validators and feed title on success (the
    /// watch is then primed and its failures reset), or one more failure
    /// and its error. Bookkeeping, not a change to the record: not audited.
    pub fn record_poll(&mut self, watch_id: i64, outcome: &PollOutcome) -> Result<()> {
        match &outcome.error {
            None => self.tx_ref().execute(
                "UPDATE watches SET primed = 1, failures = 0, last_error = NULL,
                    last_polled_at = ?1, last_success_at = ?1, next_poll_at = ?2,
                    feed_title = CASE WHEN ?6 THEN feed_title ELSE ?3 END,
                    etag = CASE WHEN ?6 THEN etag ELSE ?4 END,
                    last_modified = CASE WHEN ?6 THEN last_modified ELSE ?5 END
                 WHERE id = ?7 AND removed_at IS NULL",
                params![
                    self.now(),
                    outcome.next_poll_at,
                    outcome.feed_title,
                    outcome.etag,
                    outcome.last_modified,
                    outcome.not_modified,
                    watch_id
                ],
            )?,
            Some(error) => self.tx_ref().execute(
                "UPDATE watches SET failures = failures + 1, last_error = ?1,
                    last_polled_at = ?2, next_poll_at = ?3
                 WHERE id = ?4 AND removed_at IS NULL",
                params![error, self.now(), outcome.next_poll_at, watch_id],
            )?,
        };
        Ok(())
    }

    /// Marks an item as seen by a watch, with the suggestion it became.
    pub fn mark_item_seen(
        &mut self,
        watch_id: i64,
        entry_id: &str,
        url: Option<&str>,
        suggestion_id: Option<i64>,
    ) -> Result<()> {
        self.tx_ref().execute(
            "INSERT OR IGNORE INTO watch_items (watch_id, entry_id, url, seen_at, suggestion_id)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![watch_id, entry_id, url, self.now(), suggestion_id],
        )?;
        Ok(())
    }
}
