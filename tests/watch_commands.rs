//! The `/watch` commands and `casewatch watch poll` against a loopback
//! feed server: bad input refused politely with nothing changed, soft
//! removal, the command line's output and exit status, and which feeds the
//! background poller finds due.
#![cfg(feature = "net")]

mod common;
mod http_support;
mod watch_support;

use casewatch::core::i18n::Locale;
use casewatch::core::reply::ReplyKind;
use casewatch::core::Role;
use casewatch::watch::Which;
use common::{text_of, Seeded};
use http_support::{Answer, HttpStub};
use watch_support::{count, poll_all, poll_which, rss};

#[test]
fn bad_watch_input_is_refused_politely_and_changes_nothing() {
    let stub = HttpStub::start();
    let mut seeded = Seeded::new();
    let url = stub.url("/feed");
    seeded.ask(&format!("/watch add url:{url}"));
    let before = seeded.fingerprint();
    let cases: Vec<(Role, Locale, String, &str)> = vec![
        (
            Role::Moderator,
            Locale::En,
            "/watch add url:ftp://example.org/feed".into(),
            "only http:// and https://",
        ),
        (
            Role::Moderator,
            Locale::Es,
            "/watch add url:ftp://example.org/feed".into(),
            "solo se aceptan direcciones http:// y https://",
        ),
        (
            Role::Moderator,
            Locale::En,
            format!("/watch add url:{url}"),
            "already watches",
        ),
        (
            Role::Moderator,
            Locale::Es,
            format!("/watch add url:{url}"),
            "ya vigila",
        ),
        (
            Role::Moderator,
            Locale::En,
            "/watch add url:https://example.org/f keywords:\" , ;\"".into(),
            "gives no word to look for",
        ),
        (
            Role::Moderator,
            Locale::Es,
            "/watch add url:https://example.org/f keywords:\",\"".into(),
            "no contiene ninguna palabra",
        ),
        (
            Role::Moderator,
            Locale::En,
            format!(
                "/watch add url:https://example.org/f keywords:\"{}\"",
                (0..21)
                    .map(|n| format!("k{n}"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            "at most 20",
        ),
        (
            Role::Moderator,
            Locale::En,
            "/watch add url:https://example.org/f interval:2".into(),
            "give a whole number from 5 to 10080",
        ),
        (
            Role::Moderator,
            Locale::Es,
            "/watch add url:https://example.org/f interval:abc".into(),
            "da un número entero de 5 a 10080",
        ),
        (
            Role::Moderator,
            Locale::En,
            "/watch remove id:9".into(),
            "There is no watch #9",
        ),
        (
            Role::Moderator,
            Locale::Es,
            "/watch remove id:9".into(),
            "No existe la vigilancia #9",
        ),
        (
            Role::Moderator,
            Locale::En,
            "/watch remove id:x".into(),
            "whole number",
        ),
        (
            Role::Member,
            Locale::En,
            "/watch add url:https://example.org/other".into(),
            "edit",
        ),
        (
            Role::Member,
            Locale::En,
            "/watch remove id:1".into(),
            "edit",
        ),
    ];
    for (role, locale, line, expected) in cases {
        let reply = seeded.ask_as(role, locale, &line);
        let text = text_of(&reply);
        assert_eq!(reply.kind, ReplyKind::Error, "{line}: {text}");
        assert!(text.contains(expected), "{line}: {text}");
        assert_eq!(seeded.fingerprint(), before, "{line} changed the store");
    }
}

#[test]
fn a_removed_watch_is_kept_with_who_removed_it_and_is_no_longer_polled() {
    let stub = HttpStub::start();
    stub.route("/feed", rss("rss_first.xml"));
    let mut seeded = Seeded::new();
    seeded.ask(&format!("/watch add url:{}", stub.url("/feed")));
    let reply = seeded.ask("/watch remove 1");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    assert!(poll_all(&seeded).is_empty());
    assert_eq!(stub.hits("/feed"), 0);
    let list = seeded.ask_member("/watch list");
    assert_eq!(list.kind, ReplyKind::Empty);
    let conn = rusqlite::Connection::open(seeded.db_path()).unwrap();
    let removed_by: String = conn
        .query_row("SELECT removed_by FROM watches WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(removed_by, "console:local");
    assert_eq!(
        count(
            &seeded,
            "SELECT count(*) FROM audit_log WHERE kind = 'watches'"
        ),
        2
    );
    assert!(conn.execute("DELETE FROM watches", []).is_err());
    // The same address can be watched again, as a new watch.
    let again = seeded.ask(&format!("/watch add url:{}", stub.url("/feed")));
    assert!(text_of(&again).contains("Watch #2"), "{}", text_of(&again));
}

#[test]
fn casewatch_watch_poll_polls_once_and_says_how_it_went() {
    let stub = HttpStub::start();
    stub.route("/feed", rss("rss_first.xml"));
    stub.route("/broken", rss("malformed.xml"));
    let mut seeded = Seeded::new();
    seeded.ask(&format!("/watch add url:{}", stub.url("/feed")));
    let bin = env!("CARGO_BIN_EXE_casewatch");
    let db = seeded.db_path();
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .arg("--db")
            .arg(&db)
            .env("CASEWATCH_DATA", "/nonexistent")
            .output()
            .unwrap()
    };
    let out = run(&["watch", "poll"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("first poll, 2 items marked as seen"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("Polled 1 feeds: 0 new suggestions for /review, 0 failed."));

    seeded.ask(&format!("/watch add url:{}", stub.url("/broken")));
    let out = run(&["watch", "poll", "--case", common::CASE]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("failed: not a readable RSS or Atom feed"),
        "{stderr}"
    );

    let before = seeded.fingerprint();
    let out = run(&["watch", "poll", "--case", "no-such-case"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no case “no-such-case”"));
    assert_eq!(seeded.fingerprint(), before);

    // A malformed interval stops it before anything runs, naming the setting.
    let out = std::process::Command::new(bin)
        .args(["watch", "poll", "--db"])
        .arg(&db)
        .env("CASEWATCH_WATCH_INTERVAL_MINUTES", "0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("CASEWATCH_WATCH_INTERVAL_MINUTES") && stderr.contains("from 5 to 10080"),
        "{stderr}"
    );
    assert_eq!(seeded.fingerprint(), before);
}

#[test]
fn the_background_poller_fetches_only_the_feeds_that_are_due() {
    let stub = HttpStub::start();
    stub.route("/ok", rss("rss_first.xml"));
    stub.route("/down", Answer::status(500));
    let mut seeded = Seeded::new();
    seeded.ask(&format!("/watch add url:{}", stub.url("/ok")));
    seeded.ask(&format!("/watch add url:{}", stub.url("/down")));
    let now = chrono::Utc::now();
    // New watches are due at once.
    assert_eq!(poll_which(&seeded, Which::Due(now)).len(), 2);
    // Right after, neither is due; after an hour the healthy one is, and
    // the failing one waits two.
    assert!(poll_which(&seeded, Which::Due(now)).is_empty());
    let in_61_min = now + chrono::Duration::minutes(61);
    let due: Vec<i64> = poll_which(&seeded, Which::Due(in_61_min))
        .iter()
        .map(|p| p.watch_id)
        .collect();
    assert_eq!(due, [1]);
    assert_eq!(stub.hits("/down"), 1);
    let in_121_min = now + chrono::Duration::minutes(121);
    let due: Vec<i64> = poll_which(&seeded, Which::Due(in_121_min))
        .iter()
        .map(|p| p.watch_id)
        .collect();
    // (The poll times are real ones, so the healthy feed is due again too.)
    assert_eq!(due, [1, 2]);
    assert_eq!(stub.hits("/down"), 2);
}
