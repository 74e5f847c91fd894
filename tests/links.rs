//! `casewatch sources check` against scripted servers on loopback: each
//! kind of answer (200, 301 chains, 404, 410, too slow, reset, 5xx), a
//! local stand-in for the Internet Archive's availability API answering its
//! documented JSON (a copy found, `"archived_snapshots": {}`, and a shape
//! it never documented), the history kept, and the record changed only
//! through audited writes. No test reaches the internet.
#![cfg(feature = "net")]

mod http_support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use casewatch::domain::date::PartialDate;
use casewatch::domain::link::{classify, LinkStatus, Probe, ProbeFailure};
use casewatch::domain::model::RecordKind;
use casewatch::links::{self, LinkCheckSettings, Summary, ACTOR};
use casewatch::net::USER_AGENT;
use casewatch::store::{CaseRow, LinkCheck, NewSource, Store};
use http_support::{Answer, HttpStub};

const FOUND: &str = r#"{"url": "x", "archived_snapshots": {"closest": {"status": "200", "available": true, "url": "http://web.archive.org/web/20250321000000/https://example.org/story", "timestamp": "20250321000000"}}}"#;
const NONE: &str = r#"{"url": "x", "archived_snapshots": {}}"#;

fn settings(archive: &HttpStub) -> LinkCheckSettings {
    LinkCheckSettings {
        per_host_per_minute: 0,
        archive_api: archive.url("/wayback/available"),
        timeout: Duration::from_millis(1500),
        hosts_at_once: 4,
        daily: false,
    }
}

fn archive_answering(body: &str) -> HttpStub {
    let stub = HttpStub::start();
    stub.route("/wayback/available", Answer::ok("application/json", body));
    stub
}

/// A case whose sources are `(key, url, url_exact, archive_url)`; returns their ids.
fn store_with(path: &Path, sources: &[(&str, String, bool, Option<&str>)]) -> (Store, Vec<i64>) {
    let mut store = Store::open(path).unwrap();
    let ids = store
        .write("test", |w| {
            let case_id = w.insert_case(&CaseRow {
                id: 0,
                key: "links".into(),
                title: "Links".into(),
                subject_key: "someone".into(),
                summary: "A case.".into(),
                status: "Open.".into(),
                detained_from_key: None,
                detained_until_key: None,
            })?;
            let mut ids = Vec::new();
            for (key, url, exact, archive) in sources {
                ids.push(w.insert_source(
                    case_id,
                    &NewSource {
                        key: key.to_string(),
                        publication: "The Paper".into(),
                        title: format!("Story {key}"),
                        author: None,
                        published: "2025-03-21".parse::<PartialDate>().unwrap(),
                        url: url.clone(),
                        url_exact: *exact,
                        archive_url: archive.map(str::to_string),
                        note: None,
                    },
                )?);
            }
            w.cite("case_summary", case_id, &ids[..1])?;
            w.cite("case_status", case_id, &ids[..1])?;
            Ok(ids)
        })
        .unwrap();
    (store, ids)
}

fn archive_of(store: &Store, id: i64) -> Option<String> {
    store.source(id).unwrap().unwrap().1.archive_url
}

fn check(store: &mut Store, settings: &LinkCheckSettings) -> Summary {
    links::check_sources(store, settings, Some("links"), None, |_, _, _| {}).unwrap()
}

#[test]
fn each_answer_is_classified_kept_and_a_copy_stored_for_gone_and_moved() {
    let site = HttpStub::start();
    site.route("/ok", Answer::ok("text/html", "<p>here</p>"));
    site.route("/chain", Answer::redirect(301, "/chain2"));
    site.route("/chain2", Answer::redirect(308, "/new-home"));
    site.route("/new-home", Answer::ok("text/html", "<p>moved</p>"));
    site.route("/temporary", Answer::redirect(302, "/ok"));
    site.route("/missing", Answer::status(404));
    site.route("/removed", Answer::status(410));
    site.route("/slow", Answer::Slow(Duration::from_secs(4)));
    site.route("/reset", Answer::Reset);
    site.route("/broken", Answer::status(503));
    let archive = archive_answering(FOUND);
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "ok",
        "chain",
        "temporary",
        "missing",
        "removed",
        "slow",
        "reset",
        "broken",
    ];
    let sources: Vec<_> = names
        .iter()
        .map(|n| (*n, site.url(&format!("/{n}")), true, None))
        .collect();
    let (mut store, ids) = store_with(&dir.path().join("links.sqlite3"), &sources);

    let summary = check(&mut store, &settings(&archive));

    let expected = [
        LinkStatus::Ok,
        LinkStatus::Moved,
        LinkStatus::Ok,
        LinkStatus::Gone,
        LinkStatus::Gone,
        LinkStatus::Flaky,
        LinkStatus::Flaky,
        LinkStatus::Flaky,
    ];
    for ((name, id), status) in names.iter().zip(&ids).zip(expected) {
        let row = store.link_status(*id).unwrap().expect("a status");
        assert_eq!(row.status, status, "{name}");
        let history = store.link_history(*id).unwrap();
        assert_eq!(history.len(), 1, "{name}");
        // An archived copy only for what is gone or moved.
        assert_eq!(
            archive_of(&store, *id).is_some(),
            status.wants_archive(),
            "{name}"
        );
    }
    assert_eq!(
        summary,
        Summary {
            checked: 8,
            ok: 2,
            moved: 1,
            gone: 2,
            flaky: 3,
            archived: 3,
            archive_failures: 0
        }
    );
    // The moved source's final address is recorded.
    assert_eq!(
        store.link_status(ids[1]).unwrap().unwrap().final_url,
        Some(site.url("/new-home"))
    );
    assert_eq!(
        store.link_history(ids[3]).unwrap()[0].http_status,
        Some(404)
    );
    assert_eq!(
        store.link_history(ids[5]).unwrap()[0].failure.as_deref(),
        Some("timeout")
    );
    assert_eq!(
        store.link_history(ids[6]).unwrap()[0].failure.as_deref(),
        Some("reset")
    );
    // The copy is the API's, set by the checker in the audit log.
    assert_eq!(
        archive_of(&store, ids[3]).as_deref(),
        Some("http://web.archive.org/web/20250321000000/https://example.org/story")
    );
    let audit = store.audit_of("sources", ids[3]).unwrap();
    let entry = audit.last().unwrap();
    assert_eq!(
        (entry.actor.as_str(), entry.action.as_str()),
        (ACTOR, "archive")
    );
    assert!(
        entry
            .before
            .as_deref()
            .unwrap()
            .contains("\"archive_url\":null"),
        "{entry:?}"
    );
    // The API was asked about the source's own address, once per source wanting it.
    assert_eq!(archive.hits("/wayback/available"), 3);
    let asked = &archive.received()[0].target;
    assert!(
        asked.starts_with("/wayback/available?url=http%3A%2F%2F127.0.0.1"),
        "{asked}"
    );
    // Every request says who is asking.
    for request in site.received() {
        assert_eq!(
            request.headers.get("user-agent").map(String::as_str),
            Some(USER_AGENT)
        );
    }
    // A flaky source stays flaky on a second failure the same day: never gone after one try.
    check(&mut store, &settings(&archive));
    assert_eq!(
        store.link_status(ids[5]).unwrap().unwrap().status,
        LinkStatus::Flaky
    );
    assert_eq!(store.link_history(ids[5]).unwrap().len(), 2);
}

#[rstest::rstest]
#[case::no_copy(Answer::ok("application/json", NONE), 0)]
#[case::other_shape(Answer::ok("application/json", r#"{"archived_snapshots": [1]}"#), 1)]
#[case::not_json(Answer::ok("text/html", "<p>down for maintenance</p>"), 1)]
#[case::error_status(Answer::status(503), 1)]
fn no_copy_or_a_bad_answer_changes_no_record(#[case] answer: Answer, #[case] failures: usize) {
    let site = HttpStub::start();
    site.route("/missing", Answer::status(404));
    let archive = HttpStub::start();
    archive.route("/wayback/available", answer);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ids) = store_with(
        &dir.path().join("links.sqlite3"),
        &[("gone", site.url("/missing"), true, None)],
    );
    let summary = check(&mut store, &settings(&archive));
    assert_eq!(
        (summary.gone, summary.archived, summary.archive_failures),
        (1, 0, failures)
    );
    assert_eq!(archive_of(&store, ids[0]), None);
    // The one entry the check adds marks the address gone, for the
    // digest; no archived copy is set.
    let actions: Vec<_> = store
        .audit_of("sources", ids[0])
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["insert", "link-gone"]);
    assert_eq!(
        store.link_status(ids[0]).unwrap().unwrap().status,
        LinkStatus::Gone
    );
}

#[test]
fn an_archived_copy_already_set_is_kept_and_a_site_address_gets_none() {
    let site = HttpStub::start();
    site.route("/missing", Answer::status(404));
    let archive = archive_answering(FOUND);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ids) = store_with(
        &dir.path().join("links.sqlite3"),
        &[
            (
                "chosen",
                site.url("/missing"),
                true,
                Some("https://archive.ph/chosen"),
            ),
            ("site-only", site.url("/missing"), false, None),
        ],
    );
    let summary = check(&mut store, &settings(&archive));
    assert_eq!((summary.gone, summary.archived), (2, 0));
    assert_eq!(
        archive_of(&store, ids[0]).as_deref(),
        Some("https://archive.ph/chosen")
    );
    assert_eq!(archive_of(&store, ids[1]), None);
    assert_eq!(archive.hits("/wayback/available"), 0);
    // Between the lookup and the write an editor may set one: the checker's write leaves it.
    let id = ids[0];
    let set = store
        .write(ACTOR, |w| {
            w.set_missing_archive(id, "http://web.archive.org/web/2025/x", "test")
        })
        .unwrap();
    assert!(!set);
    assert_eq!(
        archive_of(&store, id).as_deref(),
        Some("https://archive.ph/chosen")
    );
}

#[test]
fn limit_takes_the_least_recently_checked_and_retracted_sources_are_skipped() {
    let site = HttpStub::start();
    for n in ["a", "b", "c", "d"] {
        site.route(&format!("/{n}"), Answer::ok("text/html", "x"));
    }
    let archive = archive_answering(NONE);
    let dir = tempfile::tempdir().unwrap();
    let sources: Vec<_> = ["a", "b", "c", "d"]
        .iter()
        .map(|n| (*n, site.url(&format!("/{n}")), true, None))
        .collect();
    let (mut store, ids) = store_with(&dir.path().join("links.sqlite3"), &sources);
    store
        .write("test", |w| {
            w.retract(RecordKind::Source, ids[3], "duplicate")
        })
        .unwrap();
    let run = |store: &mut Store| {
        let mut seen = Vec::new();
        links::check_sources(
            store,
            &settings(&archive),
            Some("links"),
            Some(2),
            |_, total, s| {
                assert_eq!(total, 2);
                seen.push(s.checked.target.source_key.clone());
            },
        )
        .unwrap();
        seen.sort();
        seen
    };
    assert_eq!(run(&mut store), ["a", "b"]);
    // Never checked first, then the least recently checked (ties by age of the source).
    assert_eq!(run(&mut store), ["a", "c"]);
    assert_eq!(site.hits("/d"), 0);
}

#[test]
fn a_dns_failure_is_gone_only_when_a_check_a_day_later_fails_too() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, ids) = store_with(
        &dir.path().join("links.sqlite3"),
        &[("lost", "https://lost.example/story".to_string(), true, None)],
    );
    let first = chrono::DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z")
        .unwrap()
        .to_utc();
    let probe = Probe::Failed(ProbeFailure::Dns);
    let record = |store: &mut Store, now: chrono::DateTime<chrono::Utc>| {
        let target = store.link_targets(Some("links"), None).unwrap().remove(0);
        let (status, since) = classify(&probe, target.unreachable_since, now);
        store
            .record_link_check(&LinkCheck {
                source_id: ids[0],
                url: target.url,
                checked_at: now,
                probe: probe.clone(),
                status,
                unreachable_since: since,
            })
            .unwrap();
        status
    };
    assert_eq!(record(&mut store, first), LinkStatus::Flaky);
    assert_eq!(
        record(&mut store, first + chrono::Duration::hours(12)),
        LinkStatus::Flaky
    );
    assert_eq!(
        record(&mut store, first + chrono::Duration::hours(24)),
        LinkStatus::Gone
    );
    let row = store.link_status(ids[0]).unwrap().unwrap();
    assert_eq!(
        (row.status, row.since.as_str()),
        (LinkStatus::Gone, "2026-12-02T08:00:00Z")
    );
    let history: Vec<_> = store
        .link_history(ids[0])
        .unwrap()
        .iter()
        .map(|h| h.status)
        .collect();
    assert_eq!(
        history,
        [LinkStatus::Flaky, LinkStatus::Flaky, LinkStatus::Gone]
    );
}

#[test]
fn the_history_cannot_be_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("links.sqlite3");
    let site = HttpStub::start();
    site.route("/ok", Answer::ok("text/html", "x"));
    let archive = archive_answering(NONE);
    let (mut store, _) = store_with(&path, &[("ok", site.url("/ok"), true, None)]);
    check(&mut store, &settings(&archive));
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(conn.execute("DELETE FROM link_checks", []).is_err());
    assert!(conn
        .execute("UPDATE link_checks SET status = 'gone'", [])
        .is_err());
}

fn casewatch(db: &Path, archive: &HttpStub) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casewatch"));
    cmd.arg("--db")
        .arg(db)
        .env("CASEWATCH_ARCHIVE_API", archive.url("/wayback/available"))
        .env("CASEWATCH_LINK_CHECK_PER_HOST_PER_MINUTE", "0")
        .env_remove("CASEWATCH_LOG_FORMAT");
    cmd
}

#[test]
fn the_command_reports_each_source_and_a_summary_and_refuses_bad_input() {
    let site = HttpStub::start();
    site.route("/ok", Answer::ok("text/html", "x"));
    site.route("/missing", Answer::status(410));
    let archive = archive_answering(FOUND);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("links.sqlite3");
    let (store, _) = store_with(
        &db,
        &[
            ("ok", site.url("/ok"), true, None),
            ("gone", site.url("/missing"), true, None),
            ("home", site.url("/ok"), false, None),
        ],
    );
    let before = store.fingerprint().unwrap();
    drop(store);

    let out = casewatch(&db, &archive)
        .args(["sources", "check", "--case", "links"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.starts_with("Checked 3 sources in "), "{stdout}");
    assert!(
        stdout.contains("2 ok, 0 moved, 1 gone, 0 flaky; 1 archived copy stored."),
        "{stdout}"
    );
    assert!(stderr.contains("gone (HTTP 410): links/gone"), "{stderr}");
    assert!(
        stderr.contains("archived copy stored: http://web.archive.org/web/20250321000000/"),
        "{stderr}"
    );
    assert!(stderr.contains("site address only"), "{stderr}");
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with('[')).count(),
        3,
        "{stderr}"
    );

    // Bad input: a clear sentence, exit 1, nothing changed.
    let store = Store::open(&db).unwrap();
    let after_run = store.fingerprint().unwrap();
    assert_ne!(before, after_run);
    drop(store);
    let out = casewatch(&db, &archive)
        .args(["sources", "check", "--case", "nobody"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("there is no case “nobody” in the database; the cases are: links."),
        "{stderr}"
    );
    for bad in [["--limit", "0"], ["--limit", "many"]] {
        let out = casewatch(&db, &archive)
            .args(["sources", "check"])
            .args(bad)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("--limit"));
    }
    let out = casewatch(&db, &archive)
        .args(["sources", "check"])
        .env("CASEWATCH_ARCHIVE_API", "ftp://archive.example/")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("CASEWATCH_ARCHIVE_API=\"ftp://archive.example/\""),
        "{stderr}"
    );
    // The bot refuses to start with a bad daily-check setting, naming it.
    let out = casewatch(&db, &archive)
        .arg("run")
        .env("CASEWATCH_LINK_CHECK_DAILY", "maybe")
        .env_remove("DISCORD_TOKEN")
        .env_remove("MATRIX_HOMESERVER")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("CASEWATCH_LINK_CHECK_DAILY=\"maybe\""),
        "{stderr}"
    );
    assert_eq!(Store::open(&db).unwrap().fingerprint().unwrap(), after_run);
}
