//! The SQLite store: synchronous rusqlite, one connection per `Store`.
//!
//! Why synchronous: every query here takes well under a millisecond on the
//! seed dataset and a few milliseconds on 100,000 events and quotes
//! (BENCHMARKS.md has the figures per command); an async adapter reaches
//! the store through `spawn_blocking` and a [`Database`] (a pool of read
//! connections and one writer, `pool.rs`), never holding a connection
//! across an `.await`.
//!
//! Every write goes through [`Store::write`], which opens a transaction,
//! records which records it touched, and before committing checks that each
//! of them still has at least one source. A write that would leave a record
//! uncited is rolled back whole: the promise is kept by the store, not only
//! by the importer or the command handlers.

mod actions;
mod audit;
pub mod backup;
mod bills;
mod by_ids;
mod changes;
pub mod congress;
pub mod digest;
mod editors;
mod links;
mod matrix;
mod migrate;
mod pool;
pub mod posted;
mod read;
pub mod search;
mod suggestions;
mod watches;
mod write;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction};

pub use actions::ActionFilter;
pub use audit::AuditEntry;
pub use bills::KeptCosponsor;
pub use by_ids::RecordSet;
pub use changes::RecordTimes;
pub use editors::EditorGrant;
pub use links::{
    LinkCheck, LinkHistoryRow, LinkStatusRow, LinkTarget, LINK_CHECK_ACTOR, LINK_GONE,
};
pub use migrate::MIGRATIONS;
pub use pool::{Database, ReadGuard, READERS};
pub use read::{CaseRow, SuggestionRow, TimelineFilter};
pub use search::SearchHit;
pub use watches::{PollOutcome, Watch};
pub use write::{
    corrected_column, NewAction, NewEvent, NewFigure, NewPerson, NewQuote, NewSource, NewStatus,
    NewSuggestion, CORRECTION_SOURCE, CORRECTION_SOURCE_ADDED,
};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite itself failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database file could not be opened.
    #[error("cannot open the database at {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    /// A migration failed; nothing of it was applied.
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        version: u32,
        name: &'static str,
        source: rusqlite::Error,
    },
    /// A migration that was applied to this database has been edited since:
    /// landed migrations are never edited, so this build's history and the
    /// database's disagree.
    #[error("migration {version:04}_{name}.sql differs from the one applied to this database; landed migrations are never edited: restore the file and put the change in a new migration")]
    MigrationEdited { version: u32, name: &'static str },
    /// The database has migrations past one it never had (a build that
    /// lacked one took it further): applying the missing one now, after
    /// later ones, could break it.
    #[error("the database has migrations after {version:04}_{name}.sql but not that one; restore it from a backup taken before, or migrate a copy with a build that applies it in order")]
    MigrationMissing { version: u32, name: &'static str },
    /// The database was written by a newer casewatch.
    #[error("the database has migration {found}, newer than this build knows ({known}); upgrade casewatch")]
    TooNew { found: u32, known: u32 },
    /// A record was asked for that does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// A write would have left a record without a source.
    #[error("{kind} {id} would have no source; nothing was saved")]
    Uncited { kind: String, id: i64 },
    /// A write to a record that was retracted; retracted records are
    /// kept as they were.
    #[error("{} {record} was retracted on {at}; it cannot be changed", record.kind.noun())]
    Retracted {
        record: crate::domain::model::RecordId,
        /// When it was retracted, as stored.
        at: String,
    },
    /// A digest run holds a local date that does not parse.
    #[error("digest run {run} has a bad date {date:?}")]
    BadRunDate { run: i64, date: String },
    /// A record's case or id does not fit the search index's rowid layout
    /// (`store/search.rs`); refused rather than indexed under another
    /// record's rowid.
    #[error("case {case_id} record {id} is out of the search index's id range")]
    OutOfIndexRange { case_id: i64, id: i64 },
    /// A value could not be (de)serialized.
    #[error("stored JSON is malformed: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Each connection's page cache, in KiB (negative is SQLite's "KiB, not
/// pages"). SQLite's default is 2 MiB; at 100,000 events and 100,000
/// quotes, `/quote text:`, `/search` and `tag:` read thousands of rows and
/// `shown_records` entries spread over tens of MiB, and with 2 MiB nearly
/// every one was a read from the file again (BENCHMARKS.md). The cache
/// fills only as pages are read, so a small case uses little of it.
const PAGE_CACHE_KIB: i64 = -32 * 1024;

/// How many prepared statements each connection keeps for reuse. The
/// reading commands use more than thirty distinct statements between
/// them; with rusqlite's default of 16, a server answering a mix of
/// commands would push out and parse them again.
const STATEMENT_CACHE: usize = 64;

/// Per connection, outside migrations: none of this persists in the file.
fn tune(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "cache_size", PAGE_CACHE_KIB)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // The query planner stability guarantee: a statement's plan does not
    // depend on the values bound to it. Without it, SQLite (3.47 and
    // later) treats a bound LIMIT or OFFSET as a constant and compiles the
    // statement again whenever the binding is set, which rusqlite does on
    // every run of a cached statement: a third of a `/timeline`'s store
    // time went to parsing its page query again (BENCHMARKS.md). Nothing
    // here runs ANALYZE, so no plan was ever chosen from bound values.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// Turns "no rows" into `None` at the store boundary.
pub(crate) trait Optional<T> {
    fn found(self) -> Result<Option<T>>;
}

impl<T> Optional<T> for rusqlite::Result<T> {
    fn found(self) -> Result<Option<T>> {
        self.optional().map_err(StoreError::from)
    }
}

/// An open casewatch database.
pub struct Store {
    conn: Connection,
}

/// Ends a read transaction when dropped. A read has nothing to commit, so
/// it rolls back; ending it gives the snapshot back so the write-ahead log
/// can be checkpointed.
struct EndRead<'a>(&'a Connection);

impl Drop for EndRead<'_> {
    fn drop(&mut self) {
        if !self.0.is_autocommit() {
            let ended = self
                .0
                .prepare_cached("ROLLBACK")
                .and_then(|mut end| end.execute([]));
            if let Err(err) = ended {
                tracing::warn!("could not end a read transaction: {err:#}");
            }
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and applies
    /// pending migrations.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        Self::with_connection(conn)
    }

    /// A private database in memory (validation, tests).
    pub fn open_in_memory() -> Result<Self> {
        Self::with_connection(Connection::open_in_memory()?)
    }

    /// A second connection to an existing database file, for reads only
    /// (the reader pool): no migrations (the writer applied them) and
    /// `query_only`, so a bug cannot write through it.
    pub(crate) fn open_reader(path: &Path) -> Result<Self> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        tune(&conn)?;
        conn.pragma_update(None, "query_only", "ON")?;
        Ok(Store { conn })
    }

    /// The file this store reads, or `None` for a private in-memory one.
    pub fn path(&self) -> Option<std::path::PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
    }

    fn with_connection(conn: Connection) -> Result<Self> {
        tune(&conn)?;
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let mut store = Store { conn };
        migrate::apply(&mut store.conn)?;
        Ok(store)
    }

    /// The connection, for reads.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f`'s reads in one read transaction: they all see the same
    /// snapshot (a page and its total cannot disagree because a write
    /// landed between them), and the connection takes the database's read
    /// lock once instead of once a statement. On a connection already in a
    /// transaction, `f` runs inside that one.
    pub fn snapshot<T>(&self, f: impl FnOnce(&Store) -> T) -> T {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        // Cached like every statement: `execute_batch` parsed it each time.
        let begun = self
            .conn
            .prepare_cached("BEGIN DEFERRED")
            .and_then(|mut begin| begin.execute([]));
        if let Err(err) = begun {
            tracing::warn!("could not begin a read transaction, reading without one: {err:#}");
            return f(self);
        }
        // Ended however `f` ends, a panic included: a connection left in
        // its transaction would go back to the pool and answer from this
        // snapshot for good.
        let _end = EndRead(&self.conn);
        f(self)
    }

    /// Whether the connection is outside any transaction, as a pooled
    /// reader must be when it goes back to the pool.
    pub(crate) fn is_idle(&self) -> bool {
        self.conn.is_autocommit()
    }

    /// Runs `f` in one transaction as `actor`. Commits only if `f` succeeds
    /// and every record it touched has a source. For writes that come from
    /// no place (imports, maintenance); commands use [`Store::write_at`].
    pub fn write<T>(
        &mut self,
        actor: &str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_from(actor, None, f)
    }

    /// Like [`Store::write`], and the audit log also records where the
    /// change was made (the invocation's place, such as
    /// `discord:GUILD/CHANNEL`), so `/history` can say so.
    pub fn write_at<T>(
        &mut self,
        actor: &str,
        place: &str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_from(actor, Some(place), f)
    }

    fn write_from<T>(
        &mut self,
        actor: &str,
        place: Option<&str>,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        // IMMEDIATE: take the write lock at the start, so a write never
        // fails half-way because a reader upgraded first (WAL readers
        // never block it).
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut writer = Writer {
            tx,
            actor: actor.to_string(),
            place: place.map(str::to_string),
            touched: Vec::new(),
            now: now_utc(),
        };
        let value = f(&mut writer)?;
        writer.check_cited()?;
        writer.tx.commit()?;
        Ok(value)
    }

    /// Every record in the store without a source (should always be empty).
    pub fn uncited(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare("SELECT kind, id FROM uncited_records")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every row of every table but the bookkeeping, in order, as text:
    /// two equal fingerprints mean nothing changed that a command or a poll
    /// may change. Tests use it to prove that a refused write, or a poll
    /// that found nothing new, left nothing behind. Skipped besides what
    /// [`Store::fingerprint_all`] skips: the Matrix adapter's delivery
    /// bookkeeping, which records that a command was seen even when it is
    /// refused, and the bill poll log, which records that a poll ran even
    /// when it changed nothing.
    pub fn fingerprint(&self) -> Result<String> {
        self.fingerprint_except(&["matrix_answered_events", "bill_polls"])
    }

    /// Every row of every table, in order, as text (a backup must match
    /// its database in all of them). Skipped only: SQLite's own tables and
    /// FTS5's shadow tables, whose content `search_index` itself shows.
    pub fn fingerprint_all(&self) -> Result<String> {
        self.fingerprint_except(&[])
    }

    fn fingerprint_except(&self, skipped: &[&str]) -> Result<String> {
        // Every table, read from the schema so a new migration's tables are
        // covered too.
        let mut stmt = self.conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT LIKE 'search_index_%' AND name NOT IN (SELECT value FROM json_each(?1))
             ORDER BY name",
        )?;
        let skipped = serde_json::to_string(skipped)?;
        let tables: Vec<String> = stmt
            .query_map([skipped], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = String::new();
        for table in &tables {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
            let columns: Vec<String> = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let sql = format!(
                "SELECT coalesce(group_concat(row, char(10)), '') FROM (SELECT json_array({}) AS row FROM {table} ORDER BY row)",
                columns.join(", ")
            );
            let rows: String = self.conn.query_row(&sql, [], |r| r.get(0))?;
            out.push_str(&format!("## {table}\n{rows}\n"));
        }
        Ok(out)
    }
}

/// A write in progress. Records what it touches so the commit can check
/// that each touched record is cited.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    actor: String,
    place: Option<String>,
    touched: Vec<(&'static str, i64)>,
    now: String,
}

impl Writer<'_> {
    /// The transaction, for store modules that write their own tables.
    pub(crate) fn tx_ref(&self) -> &Transaction<'_> {
        &self.tx
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Where the change is made, when the caller said.
    pub fn place(&self) -> Option<&str> {
        self.place.as_deref()
    }

    pub fn now(&self) -> &str {
        &self.now
    }

    fn touch(&mut self, kind: &'static str, id: i64) {
        self.touched.push((kind, id));
    }

    fn check_cited(&self) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM citations WHERE kind = ?1 AND record_id = ?2)",
        )?;
        for (kind, id) in &self.touched {
            let cited: bool = stmt.query_row(rusqlite::params![kind, id], |r| r.get(0))?;
            if !cited {
                return Err(StoreError::Uncited {
                    kind: kind.to_string(),
                    id: *id,
                });
            }
        }
        Ok(())
    }
}

/// The current time, UTC, as stored in the audit log.
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cached statement with a bound LIMIT runs again with new values
    /// without being compiled again (the query planner stability
    /// guarantee). Without it, SQLite recompiles it on every run.
    #[test]
    fn a_cached_statement_is_not_compiled_again_for_new_bindings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite3");
        drop(Store::open(&path).unwrap());
        let reader = Store::open_reader(&path).unwrap();
        let sql = "SELECT id FROM audit_log ORDER BY id LIMIT ?1 OFFSET ?2";
        for (limit, offset) in [(10, 0), (10, 10), (5, 0), (10, 0)] {
            let mut stmt = reader.conn.prepare_cached(sql).unwrap();
            let rows: Vec<i64> = stmt
                .query_map([limit, offset], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(rows.len() <= limit as usize);
        }
        let stmt = reader.conn.prepare_cached(sql).unwrap();
        assert_eq!(
            stmt.get_status(rusqlite::StatementStatus::RePrepare),
            0,
            "the statement was compiled again"
        );
    }
}
