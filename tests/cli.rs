//! The `casewatch` binary as scripts and operators use it.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::data_dir;

fn casewatch(db: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casewatch"));
    cmd.arg("--db")
        .arg(db)
        .env("CASEWATCH_DATA", data_dir())
        .env_remove("DISCORD_TOKEN")
        .env_remove("MATRIX_HOMESERVER")
        .env_remove("CASEWATCH_EDITORS");
    cmd
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A database seeded from `data/` by one console start with no input.
fn seeded(db: &std::path::Path) {
    let out = casewatch(db)
        .arg("run")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_operator_grants_lists_and_revokes_editors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    seeded(&db);
    let list = casewatch(&db).args(["editors", "list"]).output().unwrap();
    assert!(list.status.success());
    assert!(
        stdout(&list).contains("No place or person is granted; chat writes are refused."),
        "{}",
        stdout(&list)
    );
    let add = casewatch(&db)
        .args([
            "editors",
            "add",
            "discord:123456789012345678",
            "--case",
            "andry-hernandez-romero",
        ])
        .output()
        .unwrap();
    assert!(add.status.success());
    assert!(stdout(&add).contains("discord:123456789012345678 can now change the record"));
    let again = casewatch(&db)
        .args(["editors", "add", "discord:123456789012345678"])
        .output()
        .unwrap();
    assert!(stdout(&again).contains("could already change the record"));
    casewatch(&db)
        .args(["editors", "add", "matrix-user:@ana:example.org"])
        .output()
        .unwrap();
    let remove = casewatch(&db)
        .args(["editors", "remove", "discord:123456789012345678"])
        .output()
        .unwrap();
    assert!(remove.status.success());
    assert!(stdout(&remove).contains("can no longer change the record"));
    let missing = casewatch(&db)
        .args(["editors", "remove", "discord:123456789012345678"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1), "revoking twice is refused");
    let live = stdout(&casewatch(&db).args(["editors", "list"]).output().unwrap());
    assert!(live.contains("matrix-user:@ana:example.org"), "{live}");
    assert!(!live.contains("discord:123456789012345678"), "{live}");
    let all = stdout(
        &casewatch(&db)
            .args(["editors", "list", "--all"])
            .output()
            .unwrap(),
    );
    assert!(
        all.contains("discord:123456789012345678") && all.contains("revoked"),
        "{all}"
    );
}

#[test]
fn a_malformed_place_is_refused_with_the_accepted_forms_and_grants_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    seeded(&db);
    for bad in [
        "discord:12x",
        "matrix:room:example.org",
        "slack:T1",
        "matrix-user:@ana",
    ] {
        let out = casewatch(&db)
            .args(["editors", "add", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("discord:GUILD_ID, discord-user:USER_ID, matrix:!ROOM_ID:SERVER or matrix-user:@USER:SERVER"),
            "{bad}: {err}"
        );
    }
    let list = stdout(
        &casewatch(&db)
            .args(["editors", "list", "--all"])
            .output()
            .unwrap(),
    );
    assert!(list.contains("No place or person is granted"), "{list}");
    let unknown = casewatch(&db)
        .args(["editors", "add", "discord:1", "--case", "nobody"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no case “nobody”"));
}

#[test]
fn casewatch_editors_grants_at_start_up_and_a_bad_entry_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let start = casewatch(&db)
        .env("CASEWATCH_EDITORS", "discord:42, matrix:!room:example.org")
        .arg("run")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        start.status.success(),
        "{}",
        String::from_utf8_lossy(&start.stderr)
    );
    let list = stdout(&casewatch(&db).args(["editors", "list"]).output().unwrap());
    assert!(
        list.contains("discord:42") && list.contains("by env:CASEWATCH_EDITORS"),
        "{list}"
    );
    assert!(list.contains("matrix:!room:example.org"), "{list}");
    let bad = casewatch(&db)
        .env("CASEWATCH_EDITORS", "discord:42,discord:forty-two")
        .arg("run")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("CASEWATCH_EDITORS") && err.contains("discord:forty-two"),
        "{err}"
    );
}

#[test]
fn ask_answers_once_and_exits_zero_even_when_nothing_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let out = casewatch(&db)
        .args(["ask", "/quote takano"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("stain on the moral fabric") && text.contains("Sources\n[1]"),
        "{text}"
    );
    assert!(db.exists(), "the database file was created");
    let none = casewatch(&db)
        .args(["ask", "/search zzzyzx"])
        .output()
        .unwrap();
    assert!(none.status.success());
}

#[test]
fn ask_fails_on_usage_errors_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let out = casewatch(&db)
        .args(["ask", "/quote speker:x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let member = casewatch(&db)
        .args(["ask", "--as", "member", "/retract id:E1 reason:x"])
        .output()
        .unwrap();
    assert_eq!(member.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&member.stdout).contains("this console speaks for a member"));
}

#[test]
fn json_output_is_the_reply_document_with_every_fact_cited() {
    let dir = tempfile::tempdir().unwrap();
    let out = casewatch(&dir.path().join("c.sqlite3"))
        .args(["ask", "--json", "--locale", "es", "/timeline"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["kind"], "answer");
    let sources = doc["sources"].as_array().unwrap();
    let facts: Vec<_> = doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "fact")
        .collect();
    assert!(!facts.is_empty());
    for fact in facts {
        let cites = fact["cites"].as_array().unwrap();
        assert!(!cites.is_empty(), "{fact}");
        for n in cites {
            let n = n.as_u64().unwrap() as usize;
            assert!(n >= 1 && n <= sources.len());
        }
    }
    assert!(doc["title"].as_str().unwrap().starts_with("Cronología"));
}

#[test]
fn the_console_reads_commands_from_a_pipe_until_end_of_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = casewatch(&dir.path().join("c.sqlite3"))
        .arg("run")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"/person takano\n\n# a comment\n/actions\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Mark Takano") && text.contains("Congressional actions"),
        "{text}"
    );
    assert!(
        !text.contains("casewatch>"),
        "no prompt when not on a terminal"
    );
}

#[test]
fn validate_checks_a_file_without_a_database_and_names_problems() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never.sqlite3");
    let ok = casewatch(&db)
        .arg("validate")
        .arg(data_dir())
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[case]\nkey = \"Bad Key\"\n").unwrap();
    let out = casewatch(&db).arg("validate").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("bad.toml"));
    assert!(!db.exists(), "validate touched a database");
}

#[test]
fn import_is_idempotent_and_export_writes_the_data_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let first = casewatch(&db)
        .arg("import")
        .arg(data_dir())
        .output()
        .unwrap();
    assert!(first.status.success());
    assert!(
        String::from_utf8_lossy(&first.stderr).contains("6 sources"),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = casewatch(&db)
        .arg("import")
        .arg(data_dir())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("nothing added"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let export = casewatch(&db)
        .args(["export", "--case", "andry-hernandez-romero"])
        .output()
        .unwrap();
    let text = String::from_utf8(export.stdout).unwrap();
    assert!(text.starts_with("[case]") && text.contains("[[quotes]]"));
    let json = casewatch(&db)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice::<serde_json::Value>(&json.stdout).unwrap();
    let missing = casewatch(&db)
        .args(["export", "--case", "nobody"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains(
        "There is no case “nobody” in the database. Cases on record: andry-hernandez-romero."
    ));
}
