//! Applies the numbered SQL files in `migrations/`, each in its own
//! transaction, and records them in `schema_migrations` with a SHA-256 of
//! their text. Landed migrations are never edited; a change is a new file.
//! At every start the text of each applied migration is compared with what
//! was applied, so a database whose history an edited file would rewrite is
//! refused before anything runs.
//!
//! Why our own runner: rusqlite_migration 2.3 (the release built on the
//! pinned rusqlite 0.37) records only `user_version`, with no checksum, so
//! it cannot notice an edited migration; refinery 0.9 checksums, but wants
//! `V1__name` files and its own history table, so every existing database
//! would have its history rewritten to adopt it. This file is small, and the
//! test below keeps its list equal to the folder.

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::{Result, StoreError};

/// (version, name, SQL) of every migration, in order. Each is a file of
/// `migrations/`; a test checks that the two lists are the same.
pub static MIGRATIONS: &[(u32, &str, &str)] = &[
    (1, "init", include_str!("../../migrations/0001_init.sql")),
    (
        2,
        "digest",
        include_str!("../../migrations/0002_digest.sql"),
    ),
    (
        3,
        "matrix",
        include_str!("../../migrations/0003_matrix.sql"),
    ),
    (
        4,
        "editors",
        include_str!("../../migrations/0004_editors.sql"),
    ),
    (
        5,
        "history",
        include_str!("../../migrations/0005_history.sql"),
    ),
    (
        6,
        "search_own_words",
        include_str!("../../migrations/0006_search_own_words.sql"),
    ),
    (
        7,
        "digest_parts",
        include_str!("../../migrations/0007_digest_parts.sql"),
    ),
    (
        8,
        "kept_counts_and_tags",
        include_str!("../../migrations/0008_kept_counts_and_tags.sql"),
    ),
    (
        9,
        "search_by_case_and_speaker_order",
        include_str!("../../migrations/0009_search_by_case_and_speaker_order.sql"),
    ),
    (
        10,
        "posted_messages",
        include_str!("../../migrations/0010_posted_messages.sql"),
    ),
    (
        11,
        "link_checks",
        include_str!("../../migrations/0011_link_checks.sql"),
    ),
    (
        12,
        "watches",
        include_str!("../../migrations/0012_watches.sql"),
    ),
    (13, "bills", include_str!("../../migrations/0013_bills.sql")),
    (
        14,
        "watch_interval",
        include_str!("../../migrations/0014_watch_interval.sql"),
    ),
    (
        15,
        "tag_counts",
        include_str!("../../migrations/0015_tag_counts.sql"),
    ),
    (
        16,
        "message_edits_by_message",
        include_str!("../../migrations/0016_message_edits_by_message.sql"),
    ),
    (
        17,
        "bill_polls",
        include_str!("../../migrations/0017_bill_polls.sql"),
    ),
];

/// The checksum stored beside an applied migration.
pub fn checksum(sql: &str) -> String {
    Sha256::digest(sql.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Applies every migration newer than the database's; returns their numbers.
pub fn apply(conn: &mut Connection) -> Result<Vec<u32>> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )?;
    // Databases from before checksums: their applied migrations are taken
    // as they are now, once.
    let has_checksums: bool = conn.query_row(
        "SELECT count(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'",
        [],
        |r| r.get(0),
    )?;
    if !has_checksums {
        conn.execute_batch("ALTER TABLE schema_migrations ADD COLUMN checksum TEXT")?;
    }
    let current: u32 = conn.query_row(
        "SELECT coalesce(max(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    let known = MIGRATIONS.last().map_or(0, |m| m.0);
    if current > known {
        return Err(StoreError::TooNew {
            found: current,
            known,
        });
    }
    for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| *v <= current) {
        let stored: Option<Option<String>> = conn
            .query_row(
                "SELECT checksum FROM schema_migrations WHERE version = ?1",
                [version],
                |r| r.get(0),
            )
            .optional()?;
        let expected = checksum(sql);
        match stored {
            Some(Some(found)) if found != expected => {
                return Err(StoreError::MigrationEdited {
                    version: *version,
                    name,
                })
            }
            Some(Some(_)) => {}
            // Below the newest applied and never applied: refused, since it
            // would otherwise be skipped for good.
            None => {
                return Err(StoreError::MigrationMissing {
                    version: *version,
                    name,
                })
            }
            Some(None) => {
                conn.execute(
                    "UPDATE schema_migrations SET checksum = ?1 WHERE version = ?2",
                    rusqlite::params![expected, version],
                )?;
            }
        }
    }
    let mut applied = Vec::new();
    for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| *v > current) {
        let fail = |source| StoreError::Migration {
            version: *version,
            name,
            source,
        };
        let tx = conn.transaction().map_err(fail)?;
        tx.execute_batch(sql).map_err(fail)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![version, name, super::now_utc(), checksum(sql)],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)?;
        applied.push(*version);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_once_and_validate() {
        let mut conn = Connection::open_in_memory().unwrap();
        let first = apply(&mut conn).unwrap();
        assert_eq!(first.len(), MIGRATIONS.len());
        assert!(
            apply(&mut conn).unwrap().is_empty(),
            "second run applied something"
        );
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let fk: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0);
    }

    #[test]
    fn the_list_is_the_migrations_folder_numbered_without_gaps() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|(v, name, _)| format!("{v:04}_{name}.sql"))
            .collect();
        assert_eq!(
            listed, files,
            "MIGRATIONS must list every file of migrations/"
        );
        for (index, (version, _, sql)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                *version as usize,
                index + 1,
                "numbers run 1, 2, 3… without gaps"
            );
            let file = dir.join(&files[index]);
            assert_eq!(*sql, std::fs::read_to_string(file).unwrap());
        }
    }

    #[test]
    fn an_edited_landed_migration_is_refused_at_start() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        conn.execute(
            "UPDATE schema_migrations SET checksum = ?1 WHERE version = 2",
            [checksum("-- an edited 0002\n")],
        )
        .unwrap();
        let err = apply(&mut conn).unwrap_err();
        assert!(
            matches!(err, StoreError::MigrationEdited { version: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("0002"), "{err}");
    }

    #[test]
    fn a_database_from_before_checksums_gets_them_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        conn.execute_batch("UPDATE schema_migrations SET checksum = NULL")
            .unwrap();
        apply(&mut conn).unwrap();
        let missing: i64 = conn
            .query_row(
                "SELECT count(*) FROM schema_migrations WHERE checksum IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(missing, 0);
    }

    #[test]
    fn a_database_that_skipped_a_migration_is_refused_not_left_without_it() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        // As a build without 0010 would have left it.
        conn.execute("DELETE FROM schema_migrations WHERE version = 10", [])
            .unwrap();
        let err = apply(&mut conn).unwrap_err();
        assert!(
            matches!(err, StoreError::MigrationMissing { version: 10, .. }),
            "{err}"
        );
        assert!(
            err.to_string().contains("0010_posted_messages.sql"),
            "{err}"
        );
    }

    #[test]
    fn a_database_from_the_future_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO schema_migrations VALUES (999, 'future', 'x', NULL)",
            [],
        )
        .unwrap();
        assert!(matches!(
            apply(&mut conn),
            Err(StoreError::TooNew { found: 999, .. })
        ));
    }
}
