//! `casewatch backup PATH` through the binary, on real files: a complete,
//! checked copy; refusals that write nothing; a copy taken while another
//! connection keeps writing.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use casewatch::store::Store;
use common::data_dir;
use rstest::rstest;

fn casewatch(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casewatch"));
    cmd.arg("--db")
        .arg(db)
        .env("CASEWATCH_DATA", data_dir())
        .env_remove("DISCORD_TOKEN")
        .env_remove("MATRIX_HOMESERVER")
        .env_remove("CASEWATCH_EDITORS")
        .env_remove("CASEWATCH_LOG_FORMAT");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A database seeded from `data/` by one console start with no input.
fn seeded(dir: &Path) -> PathBuf {
    let db = dir.join("casewatch.sqlite3");
    let out = casewatch(&db)
        .arg("run")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

fn backup(db: &Path, args: &[&std::ffi::OsStr]) -> Output {
    casewatch(db).arg("backup").args(args).output().unwrap()
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn fingerprint(db: &Path) -> String {
    Store::open(db).unwrap().fingerprint_all().unwrap()
}

#[test]
fn a_backup_is_a_checked_copy_of_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let before = fingerprint(&db);
    let copy = dir.path().join("backups").join("monday.sqlite3");
    std::fs::create_dir(copy.parent().unwrap()).unwrap();

    let out = backup(&db, &[copy.as_os_str()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("integrity check ok") && said.contains("migrations 1 to"),
        "{said}"
    );
    // One self-contained file: no temporary file, no -wal or -shm beside it.
    assert_eq!(names(copy.parent().unwrap()), ["monday.sqlite3"]);
    assert_eq!(fingerprint(&copy), before);
    assert_eq!(fingerprint(&db), before, "the backup changed the database");
}

#[test]
fn force_replaces_an_older_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let copy = dir.path().join("copy.sqlite3");
    std::fs::write(&copy, "an old backup").unwrap();
    let out = backup(&db, &[copy.as_os_str(), "--force".as_ref()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(fingerprint(&copy), fingerprint(&db));
}

/// What a refused backup is asked to write to.
enum Target {
    /// A file that is already there.
    Existing,
    /// A folder.
    Folder,
    /// A file in a folder that does not exist.
    MissingFolder,
    /// The database itself, even with --force.
    TheDatabase,
    /// A database that does not exist (`--db` mistyped).
    NoDatabase,
}

#[rstest]
#[case::existing(
    Target::Existing,
    "already exists; nothing was written. Choose a new file name, or add --force"
)]
#[case::folder(Target::Folder, "is a directory; give the file to write")]
#[case::missing_folder(
    Target::MissingFolder,
    "does not exist; nothing was written. Create it first"
)]
#[case::the_database(Target::TheDatabase, "is the database being backed up")]
#[case::no_database(Target::NoDatabase, "there is no database at")]
fn a_refused_backup_says_why_and_writes_nothing(#[case] target: Target, #[case] why: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let existing = dir.path().join("existing.sqlite3");
    std::fs::write(&existing, "keep me").unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let before = fingerprint(&db);
    let files_before = names(dir.path());

    let missing = dir.path().join("no-such-folder").join("b.sqlite3");
    let fresh = dir.path().join("b.sqlite3");
    let mistyped = dir.path().join("mistyped.sqlite3");
    let (source, args): (&Path, Vec<&std::ffi::OsStr>) = match target {
        Target::Existing => (&db, vec![existing.as_os_str()]),
        Target::Folder => (&db, vec![sub.as_os_str()]),
        Target::MissingFolder => (&db, vec![missing.as_os_str()]),
        Target::TheDatabase => (&db, vec![db.as_os_str(), "--force".as_ref()]),
        Target::NoDatabase => (&mistyped, vec![fresh.as_os_str()]),
    };
    let out = backup(source, &args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains(why), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(names(dir.path()), files_before, "a file was left behind");
    assert!(names(&sub).is_empty());
    assert_eq!(std::fs::read(&existing).unwrap(), b"keep me");
    assert_eq!(fingerprint(&db), before);
}

#[test]
fn a_backup_taken_while_another_connection_writes_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    // A table of our own, grown past a few MiB so that the backup needs
    // many steps; every transaction adds a pair of rows, so a copy that
    // caught half a transaction would hold an odd number.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    conn.execute_batch(
        "CREATE TABLE load (n INTEGER PRIMARY KEY, pad BLOB NOT NULL);
         WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 2000)
         INSERT INTO load SELECT n, randomblob(4000) FROM k;",
    )
    .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut transactions = 0u32;
            while !stop.load(Ordering::Relaxed) {
                conn.execute_batch(
                    "BEGIN IMMEDIATE;
                     INSERT INTO load (pad) VALUES (randomblob(3000));
                     INSERT INTO load (pad) VALUES (randomblob(3000));
                     COMMIT;",
                )
                .unwrap();
                transactions += 1;
            }
            transactions
        })
    };
    // Let the writer start before the backup does.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let copy = dir.path().join("copy.sqlite3");
    let out = casewatch(&db)
        .env("CASEWATCH_LOG", "info")
        .args(["backup".as_ref(), copy.as_os_str()])
        .output()
        .unwrap();
    stop.store(true, Ordering::Relaxed);
    let transactions = writer.join().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(transactions > 0, "the writer never wrote");

    let copied = rusqlite::Connection::open(&copy).unwrap();
    let (rows, max): (i64, i64) = copied
        .query_row("SELECT count(*), max(n) FROM load", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(rows >= 2000, "{rows}");
    assert_eq!(rows % 2, 0, "the copy holds half a transaction");
    assert_eq!(rows, max, "rows are missing from the middle");
    let check: String = copied
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // The record itself came along whole.
    drop(copied);
    let original = Store::open(&db).unwrap();
    let backup = Store::open(&copy).unwrap();
    assert_eq!(backup.cases().unwrap(), original.cases().unwrap());
    assert!(backup.uncited().unwrap().is_empty());
}
