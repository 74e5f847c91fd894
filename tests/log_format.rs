//! `CASEWATCH_LOG_FORMAT` through the binary: `json` writes one JSON object
//! a line on standard error, and an unknown format stops start-up.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::data_dir;

fn casewatch(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casewatch"));
    cmd.arg("--db")
        .arg(db)
        .env("CASEWATCH_DATA", data_dir())
        .env_remove("DISCORD_TOKEN")
        .env_remove("MATRIX_HOMESERVER")
        .env_remove("CASEWATCH_EDITORS");
    cmd
}

#[test]
fn json_logs_are_one_object_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    // A first start imports data/ (whose report is logged too) and grants
    // an editor; a backup logs its restarts only when there are some, so
    // the last command here is one that fails, whose error is logged.
    let runs = [
        vec!["run"],
        vec!["backup", "/no-such-folder/b.sqlite3"],
        vec!["digest", "preview", "--at", "not-a-time"],
    ];
    let mut lines = Vec::new();
    for args in runs {
        let out = casewatch(&db)
            .env("CASEWATCH_LOG_FORMAT", "json")
            .env("CASEWATCH_LOG", "info")
            .env("CASEWATCH_EDITORS", "discord:123456789012345678")
            .args(&args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        lines.extend(stderr.lines().map(|l| (args.join(" "), l.to_string())));
    }
    let mut messages = Vec::new();
    for (args, line) in &lines {
        let event: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| {
            panic!("`casewatch {args}` wrote a line that is not JSON ({e}): {line}")
        });
        assert!(event["level"].is_string(), "{line}");
        assert!(event["timestamp"].is_string(), "{line}");
        messages.push(
            event["fields"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    for expected in [
        "added",
        "granted by CASEWATCH_EDITORS",
        "casewatch stopped",
        "backup refused",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "no log line says {expected:?}: {messages:#?}"
        );
    }
}

#[test]
fn text_logs_stay_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let out = casewatch(&db)
        .env_remove("CASEWATCH_LOG_FORMAT")
        .env("CASEWATCH_LOG", "info")
        .env("CASEWATCH_EDITORS", "discord:123456789012345678")
        .arg("run")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("granted by CASEWATCH_EDITORS"), "{stderr}");
    assert!(
        stderr
            .lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_err()),
        "{stderr}"
    );
}

#[test]
fn an_unknown_log_format_stops_start_up_with_the_accepted_values() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let out = casewatch(&db)
        .env("CASEWATCH_LOG_FORMAT", "yaml")
        .arg("migrate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("CASEWATCH_LOG_FORMAT=\"yaml\"")
            && stderr.contains("text (the default) or json"),
        "{stderr}"
    );
    assert!(
        !db.exists(),
        "the database was created before the settings were checked"
    );
}
