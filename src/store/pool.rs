//! One database, many readers, one writer.
//!
//! SQLite in WAL mode lets any number of connections read while one
//! writes, each reader seeing the last committed state. So answers come
//! from a small pool of read connections and never wait for each other or
//! for a write; writes go through the one writer connection, behind a
//! mutex, each in a `BEGIN IMMEDIATE` transaction. Nothing here is held
//! across a network call: callers take a connection for one step (answer a
//! command, prepare a digest, record that a message was sent) and give it
//! back before they talk to Discord or Matrix.
//!
//! A private in-memory database cannot be shared between connections, so
//! there the writer also serves the reads.

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::{Result, Store};

/// How many read connections a [`Database`] opens at most. Two cores here;
/// a few more readers than cores keeps one slow query (a deep page, a
/// broad search) from holding up the rest.
pub const READERS: usize = 4;

/// A database shared by every task of the process.
pub struct Database {
    path: Option<PathBuf>,
    writer: Mutex<Store>,
    readers: Mutex<Readers>,
    returned: Condvar,
    /// A read connection of its own that only asks `PRAGMA data_version`,
    /// whose value changes when any other connection (this process's
    /// writer, another process) commits; `None` for a private in-memory
    /// database or when it could not be opened.
    version: Mutex<Option<Store>>,
}

struct Readers {
    idle: Vec<Store>,
    open: usize,
}

impl Database {
    /// Shares `store` as the writer and opens readers of the same file on
    /// demand (up to [`READERS`]).
    pub fn new(store: Store) -> Self {
        let path = store.path();
        // Asked on async threads: a read that would wait for a lock (a
        // checkpoint restarting the log) fails at once instead, and the
        // caller reads the store as if nothing were kept.
        let version = path.as_deref().and_then(|path| match Store::open_reader(path)
            .and_then(|store| {
                store.conn().busy_timeout(std::time::Duration::ZERO)?;
                Ok(store)
            }) {
            Ok(store) => Some(store),
            Err(err) => {
                tracing::warn!("cannot open the connection that watches for changes; answers are not kept: {err:#}");
                None
            }
        });
        Database {
            path,
            writer: Mutex::new(store),
            readers: Mutex::new(Readers {
                idle: Vec::new(),
                open: 0,
            }),
            returned: Condvar::new(),
            version: Mutex::new(version),
        }
    }

    /// The database's version as seen from outside every other connection:
    /// two equal values mean nothing was committed between them, by this
    /// process or another. `None` for a private in-memory database, on a
    /// failure, or (with `wait` false) while another thread is asking, so
    /// a caller on an async thread never waits for it.
    pub fn version(&self, wait: bool) -> Option<i64> {
        let guard = if wait {
            self.version.lock().unwrap_or_else(PoisonError::into_inner)
        } else {
            self.version.try_lock().ok()?
        };
        let store = guard.as_ref()?;
        let asked = store
            .conn()
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut stmt| stmt.query_row([], |r| r.get(0)));
        match asked {
            Ok(version) => Some(version),
            Err(err) => {
                tracing::warn!("could not read the database's version: {err:#}");
                None
            }
        }
    }

    /// The writer, for one write (or a read that must see it). Waits while
    /// another task writes.
    pub fn write(&self) -> MutexGuard<'_, Store> {
        self.writer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A connection to read with. Waits only when every reader is busy.
    /// A reader that cannot be opened (the file went away) falls back to
    /// the writer rather than failing the answer.
    pub fn read(&self) -> ReadGuard<'_> {
        let Some(path) = &self.path else {
            return ReadGuard::Writer(self.write());
        };
        let mut readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(store) = readers.idle.pop() {
                return ReadGuard::Pooled {
                    db: self,
                    store: Some(store),
                };
            }
            if readers.open < READERS {
                readers.open += 1;
                drop(readers);
                return match Store::open_reader(path) {
                    Ok(store) => ReadGuard::Pooled {
                        db: self,
                        store: Some(store),
                    },
                    Err(err) => {
                        tracing::error!(
                            "cannot open a read connection, reading through the writer: {err:#}"
                        );
                        self.readers
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .open -= 1;
                        ReadGuard::Writer(self.write())
                    }
                };
            }
            readers = self
                .returned
                .wait(readers)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Checks that the database answers (for health checks).
    pub fn ping(&self) -> Result<()> {
        let store = self.read();
        store.conn().query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    /// How many read connections are lent out now, and whether the writer
    /// is taken: what a caller holds across a network call should be
    /// `(0, false)` (the digest runner's tests check it).
    pub fn in_use(&self) -> (usize, bool) {
        let readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        let writer_taken = matches!(
            self.writer.try_lock(),
            Err(std::sync::TryLockError::WouldBlock)
        );
        (readers.open - readers.idle.len(), writer_taken)
    }

    fn give_back(&self, store: Store) {
        if !store.is_idle() {
            // Still in a transaction (it could not be ended): it would read
            // an old snapshot for good, so it is closed, not lent again.
            tracing::warn!("a read connection was still in a transaction; it is closed");
            drop(store);
            self.readers
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .open -= 1;
            self.returned.notify_one();
            return;
        }
        self.readers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .idle
            .push(store);
        self.returned.notify_one();
    }
}

/// A connection lent for reading; it goes back to the pool when dropped.
pub enum ReadGuard<'a> {
    Pooled {
        db: &'a Database,
        store: Option<Store>,
    },
    /// In-memory databases read through the writer.
    Writer(MutexGuard<'a, Store>),
}

impl Deref for ReadGuard<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        match self {
            ReadGuard::Pooled { store, .. } => store.as_ref().expect("present until dropped"),
            ReadGuard::Writer(store) => store,
        }
    }
}

impl Drop for ReadGuard<'_> {
    fn drop(&mut self) {
        if let ReadGuard::Pooled { db, store } = self {
            if let Some(store) = store.take() {
                db.give_back(store);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_that_panics_leaves_no_snapshot_behind() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::new(Store::open(&dir.path().join("c.sqlite3")).unwrap());
        let before = db.read().last_audit_id().unwrap();
        let reader = db.read();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            reader.snapshot(|store| {
                store.last_audit_id().unwrap();
                panic!("a bug in a read path");
            })
        }));
        assert!(panicked.is_err());
        assert!(reader.is_idle(), "the read transaction was ended");
        drop(reader);
        db.write()
            .write("test", |w| w.audit("note", "test", None, None, None, None))
            .unwrap();
        // One reader is open and idle: the next read gets it, and sees the write.
        assert_eq!(
            db.read().snapshot(|s| s.last_audit_id().unwrap()),
            before + 1
        );
    }

    #[test]
    fn readers_see_committed_writes_and_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::new(Store::open(&dir.path().join("c.sqlite3")).unwrap());
        let before = db.read().last_audit_id().unwrap();
        db.write()
            .write("test", |w| w.audit("note", "test", None, None, None, None))
            .unwrap();
        let reader = db.read();
        assert_eq!(reader.last_audit_id().unwrap(), before + 1);
        let refused = reader.conn().execute(
            "INSERT INTO audit_log (at, actor, action, kind) VALUES ('x', 'x', 'x', 'x')",
            [],
        );
        assert!(refused.is_err(), "a reader wrote");
    }

    #[test]
    fn readers_are_reused_and_several_read_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::new(Store::open(&dir.path().join("c.sqlite3")).unwrap());
        let held: Vec<_> = (0..READERS).map(|_| db.read()).collect();
        assert_eq!(db.readers.lock().unwrap().open, READERS);
        drop(held);
        let _again = db.read();
        assert_eq!(
            db.readers.lock().unwrap().open,
            READERS,
            "a reader was reused"
        );
        // While another task holds the writer, readers still read.
        let mut writer = db.write();
        let reader_sees = std::thread::scope(|s| {
            s.spawn(|| db.read().last_audit_id().unwrap())
                .join()
                .unwrap()
        });
        writer
            .write("test", |w| w.audit("note", "test", None, None, None, None))
            .unwrap();
        assert!(writer.last_audit_id().unwrap() > reader_sees);
    }

    #[test]
    fn an_in_memory_database_reads_through_its_writer() {
        let db = Database::new(Store::open_in_memory().unwrap());
        assert!(matches!(db.read(), ReadGuard::Writer(_)));
        db.ping().unwrap();
    }
}
