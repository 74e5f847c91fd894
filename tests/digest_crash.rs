//! Crash tests: the real binary is killed (abort) at each step between
//! building a digest and recording it, then started again. Every change
//! must reach the subscription exactly once; the one step where a platform
//! cannot know (sent, confirmation lost) repeats one message with the same
//! idempotency key, which the platform deduplicates.

use std::collections::HashMap;
use std::process::Command;

fn casewatch(db: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casewatch"));
    cmd.arg("--db")
        .arg(db)
        .env(
            "CASEWATCH_DATA",
            concat!(env!("CARGO_MANIFEST_DIR"), "/data"),
        )
        .env_remove("CASEWATCH_FAILPOINT");
    cmd
}

fn ask(db: &std::path::Path, line: &str) {
    let out = casewatch(db).args(["ask", line]).output().unwrap();
    assert!(
        out.status.success(),
        "{line}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// (key, text) of every digest message printed.
fn messages(stdout: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for chunk in stdout.split("── digest message · key ").skip(1) {
        let (key, rest) = chunk.split_once(" ──\n").expect("a message header");
        out.push((key.to_string(), rest.to_string()));
    }
    out
}

fn digest_run(db: &std::path::Path, at: &str, failpoint: Option<&str>) -> (bool, String) {
    let mut cmd = casewatch(db);
    cmd.args(["digest", "run", "--once", "--at", at]);
    if let Some(fp) = failpoint {
        cmd.env("CASEWATCH_FAILPOINT", fp);
    }
    let out = cmd.output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_killed_digest_run_delivers_every_change_exactly_once_after_restart() {
    const CHANGES: [&str; 3] = [
        "Crash test change one",
        "Crash test change two",
        "Crash test change three",
    ];
    for failpoint in [
        "after-prepare",
        "after-send",
        "after-record",
        "before-finish",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.sqlite3");
        ask(&db, "/digest subscribe 08:00 UTC");
        for (i, text) in CHANGES.iter().enumerate() {
            ask(
                &db,
                &format!(
                    "/update add date:2030-01-0{} text:\"{text}\" source:S1",
                    i + 1
                ),
            );
        }
        let (ok, first) = digest_run(&db, "2030-01-02T08:00:00Z", Some(failpoint));
        assert!(!ok, "{failpoint}: the process was not killed");
        let (ok, second) = digest_run(&db, "2030-01-02T08:05:00Z", None);
        assert!(ok, "{failpoint}: the restarted run failed");
        let all: Vec<(String, String)> = messages(&first)
            .into_iter()
            .chain(messages(&second))
            .collect();

        // Deduplicated by key (as Matrix and Discord do), each change once.
        let mut by_key: HashMap<&str, &str> = HashMap::new();
        for (key, text) in &all {
            by_key.entry(key.as_str()).or_insert(text.as_str());
        }
        for change in CHANGES {
            let n: usize = by_key.values().map(|t| t.matches(change).count()).sum();
            assert_eq!(n, 1, "{failpoint}: {change:?} delivered {n} times");
        }
        // Raw deliveries: only a send whose record was lost repeats, once.
        let repeated = all.len() - by_key.len();
        let expected = if failpoint == "after-send" { 1 } else { 0 };
        assert_eq!(
            repeated, expected,
            "{failpoint}: {repeated} repeated message(s)"
        );

        // The next day's digest holds only what changed after.
        ask(
            &db,
            "/update add date:2030-01-03 text:\"Crash test change four\" source:S1",
        );
        let (ok, next) = digest_run(&db, "2030-01-03T08:00:00Z", None);
        assert!(ok);
        assert!(
            next.contains("Crash test change four"),
            "{failpoint}: {next}"
        );
        for change in CHANGES {
            assert!(
                !next.contains(change),
                "{failpoint}: {change} repeated the next day"
            );
        }
        // And a second pass the same day posts nothing.
        let (_, again) = digest_run(&db, "2030-01-03T09:00:00Z", None);
        assert!(
            messages(&again).is_empty(),
            "{failpoint}: posted twice on one day"
        );
    }
}
