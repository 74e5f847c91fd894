//! `casewatch backup`: a consistent copy of a live database through SQLite's
//! online backup API, checked before it is put where the operator asked.
//!
//! Why the backup API and not a file copy: copying `casewatch.sqlite3` while
//! the bot runs can catch a half-applied transaction, and misses whatever
//! still sits in the `-wal` file. The API copies pages from a read snapshot
//! a few hundred at a time (<https://www.sqlite.org/backup.html>); in WAL
//! mode a reader never blocks the writer, so the bot keeps answering.
//!
//! The copy is written to a temporary file beside PATH, checked
//! (`PRAGMA integrity_check`, the same applied migrations as the source),
//! and only then renamed to PATH: PATH is either absent, the old file, or a
//! complete checked copy, never half a database.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

/// Pages copied per step; between steps the source is free for the writer.
/// 256 pages of 4 KiB is 1 MiB, a few milliseconds of work.
const PAGES_PER_STEP: std::ffi::c_int = 256;
/// The pause between steps, and after a step found the source busy.
const PAUSE: Duration = Duration::from_millis(5);
/// A write by another connection restarts a stepped backup from its first
/// page. After this many restarts the rest is copied in one step: one read
/// snapshot, which in WAL mode still does not block the writer.
const MAX_RESTARTS: u32 = 20;

/// Why a backup was refused or failed. Nothing was written at the
/// destination in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// There is no database to back up at the source path.
    #[error("there is no database at {0}; give the bot's database with --db or CASEWATCH_DB")]
    NoDatabase(PathBuf),
    /// The destination exists and `--force` was not given.
    #[error("{0} already exists; nothing was written. Choose a new file name, or add --force to replace it")]
    Exists(PathBuf),
    /// The destination is a directory.
    #[error("{0} is a directory; give the file to write, such as {hint}", hint = .0.join("casewatch.sqlite3").display())]
    IsDirectory(PathBuf),
    /// The destination's folder does not exist.
    #[error("the folder {folder} does not exist; nothing was written. Create it first, or choose another path than {path}")]
    NoFolder { path: PathBuf, folder: PathBuf },
    /// The destination is the database itself.
    #[error("{0} is the database being backed up; choose another file")]
    SameFile(PathBuf),
    /// SQLite failed while reading the source or writing the copy.
    #[error("the backup failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A file operation on the temporary copy or the destination failed.
    #[error("cannot write the backup {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The copy failed `PRAGMA integrity_check`.
    #[error("the copy failed SQLite's integrity check, so it was not kept: {0}")]
    Corrupt(String),
    /// The copy does not have the source's applied migrations.
    #[error(
        "the copy has migrations {copy:?} but the database has {database:?}, so it was not kept"
    )]
    MigrationsDiffer { database: Vec<u32>, copy: Vec<u32> },
}

impl BackupError {
    /// Whether the operator asked for something that cannot be done (exit
    /// 1), as opposed to a failure of SQLite or the file system (exit 2).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            BackupError::NoDatabase(_)
                | BackupError::Exists(_)
                | BackupError::IsDirectory(_)
                | BackupError::NoFolder { .. }
                | BackupError::SameFile(_)
        )
    }
}

/// What a finished backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    /// Pages in the copy.
    pub pages: u64,
    /// Size of the copy in bytes.
    pub bytes: u64,
    /// The applied migrations, the same in the source and the copy.
    pub migrations: Vec<u32>,
    /// How often a write by another connection restarted the copy.
    pub restarts: u32,
}

/// Removes the temporary copy unless it was moved into place.
struct Partial(Option<PathBuf>);

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Copies the database at `source` to `dest`, checks the copy, and renames
/// it into place. `force` allows replacing an existing file (never a
/// directory, never the database itself).
pub fn backup(source: &Path, dest: &Path, force: bool) -> Result<BackupReport, BackupError> {
    if !source.is_file() {
        return Err(BackupError::NoDatabase(source.to_path_buf()));
    }
    if dest.is_dir() {
        return Err(BackupError::IsDirectory(dest.to_path_buf()));
    }
    let folder = match dest.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new("."),
        Some(p) => p,
        None => return Err(BackupError::IsDirectory(dest.to_path_buf())),
    };
    if !folder.is_dir() {
        return Err(BackupError::NoFolder {
            path: dest.to_path_buf(),
            folder: folder.to_path_buf(),
        });
    }
    if dest.exists() {
        let same = std::fs::canonicalize(dest).ok() == std::fs::canonicalize(source).ok();
        if same {
            return Err(BackupError::SameFile(dest.to_path_buf()));
        }
        if !force {
            return Err(BackupError::Exists(dest.to_path_buf()));
        }
    }
    let Some(name) = dest.file_name() else {
        return Err(BackupError::IsDirectory(dest.to_path_buf()));
    };

    // Read-write without CREATE: a mistyped --db must not create an empty
    // database, and a WAL database needs its `-shm` to be writable.
    let src = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    src.busy_timeout(Duration::from_secs(5))?;
    let migrations = applied(&src)?;

    // Same folder as PATH, so the final rename cannot cross file systems.
    // `create_new` claims the name; an empty file is an empty database.
    let tmp = folder.join(format!(
        ".{}.partial-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BackupError::Io { path, source }
    };
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(io(&tmp))?;
    let mut partial = Partial(Some(tmp.clone()));

    let mut copy = Connection::open(&tmp)?;
    let restarts = copy_pages(&src, &mut copy)?;
    // The source is in WAL mode and the copy inherits it; back to a
    // rollback journal, so the copy is one self-contained file once closed
    // (no `-wal` beside it for the rename to leave behind).
    let _: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    copy.close().map_err(|(_, err)| err)?;
    drop(src);

    let pages = check(&tmp, &migrations)?;
    let bytes = std::fs::metadata(&tmp).map_err(io(&tmp))?.len();
    std::fs::File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(io(&tmp))?;
    if force {
        std::fs::rename(&tmp, dest).map_err(io(dest))?;
    } else {
        // A hard link fails if PATH appeared since the check above, where a
        // rename would silently replace it.
        std::fs::hard_link(&tmp, dest).map_err(|err| {
            if err.kind() == std::io::ErrorKind::AlreadyExists {
                BackupError::Exists(dest.to_path_buf())
            } else {
                BackupError::Io {
                    path: dest.to_path_buf(),
                    source: err,
                }
            }
        })?;
        std::fs::remove_file(&tmp).map_err(io(&tmp))?;
    }
    partial.0 = None;
    // The rename is durable once the folder's entry is.
    #[cfg(unix)]
    std::fs::File::open(folder)
        .and_then(|f| f.sync_all())
        .map_err(io(folder))?;
    Ok(BackupReport {
        pages,
        bytes,
        migrations,
        restarts,
    })
}

/// Steps the backup to the end; returns how often it restarted.
fn copy_pages(src: &Connection, copy: &mut Connection) -> Result<u32, BackupError> {
    let backup = Backup::new(src, copy)?;
    let mut restarts = 0;
    let mut last_remaining = None;
    loop {
        let pages = if restarts >= MAX_RESTARTS {
            -1
        } else {
            PAGES_PER_STEP
        };
        match backup.step(pages)? {
            StepResult::Done => return Ok(restarts),
            StepResult::More => {
                let remaining = backup.progress().remaining;
                if last_remaining.is_some_and(|last| remaining > last) {
                    restarts += 1;
                }
                last_remaining = Some(remaining);
            }
            StepResult::Busy | StepResult::Locked => {}
            // The enum is non-exhaustive; a new state is treated as busy.
            _ => {}
        }
        std::thread::sleep(PAUSE);
    }
}

/// The applied migrations, in order.
fn applied(conn: &Connection) -> Result<Vec<u32>, BackupError> {
    let mut stmt = conn.prepare("SELECT version FROM schema_migrations ORDER BY version")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Opens the copy read-only, runs `PRAGMA integrity_check` and compares
/// its migrations with the source's; returns its page count.
fn check(copy: &Path, migrations: &[u32]) -> Result<u64, BackupError> {
    let conn = Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let problems: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if problems != ["ok"] {
        return Err(BackupError::Corrupt(problems.join("; ")));
    }
    let copied = applied(&conn)?;
    if copied != migrations {
        return Err(BackupError::MigrationsDiffer {
            database: migrations.to_vec(),
            copy: copied,
        });
    }
    Ok(conn.query_row("PRAGMA page_count", [], |r| r.get(0))?)
}
