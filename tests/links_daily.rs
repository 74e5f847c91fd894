//! The daily link check inside the bot (`CASEWATCH_LINK_CHECK_DAILY=yes`):
//! off by default; on, it checks the sources not checked for a day, on
//! loopback servers, through the same store as commands; a second adapter
//! takes the loop over when the first stops. One test in its
//! own binary, since it sets process-wide environment variables.
#![cfg(all(feature = "net", any(feature = "discord", feature = "matrix")))]

mod http_support;

use std::time::{Duration, Instant};

use casewatch::adapters::links_loop::check_sources_daily;
use casewatch::core::Core;
use casewatch::domain::date::PartialDate;
use casewatch::domain::link::{LinkStatus, Probe};
use casewatch::store::{CaseRow, LinkCheck, NewSource, Store};
use http_support::{Answer, HttpStub};

#[test]
fn the_bot_checks_the_sources_due_once_turned_on() {
    let site = HttpStub::start();
    site.route("/fresh", Answer::ok("text/html", "x"));
    site.route("/due", Answer::status(410));
    site.route("/checked-today", Answer::ok("text/html", "x"));
    let archive = HttpStub::start();
    archive.route(
        "/wayback/available",
        Answer::ok(
            "application/json",
            r#"{"url": "x", "archived_snapshots": {}}"#,
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("daily.sqlite3")).unwrap();
    let ids = store
        .write("test", |w| {
            let case_id = w.insert_case(&CaseRow {
                id: 0,
                key: "daily".into(),
                title: "Daily".into(),
                subject_key: "someone".into(),
                summary: "A case.".into(),
                status: "Open.".into(),
                detained_from_key: None,
                detained_until_key: None,
            })?;
            let mut ids = Vec::new();
            for key in ["fresh", "due", "checked-today"] {
                ids.push(w.insert_source(
                    case_id,
                    &NewSource {
                        key: key.into(),
                        publication: "The Paper".into(),
                        title: key.into(),
                        author: None,
                        published: "2025".parse::<PartialDate>().unwrap(),
                        url: site.url(&format!("/{key}")),
                        url_exact: true,
                        archive_url: None,
                        note: None,
                    },
                )?);
            }
            w.cite("case_summary", case_id, &ids[..1])?;
            w.cite("case_status", case_id, &ids[..1])?;
            Ok(ids)
        })
        .unwrap();
    let now = chrono::Utc::now();
    for (id, at) in [
        (ids[1], now - chrono::Duration::hours(30)),
        (ids[2], now - chrono::Duration::hours(1)),
    ] {
        store
            .record_link_check(&LinkCheck {
                source_id: id,
                url: "earlier".into(),
                checked_at: at,
                probe: Probe::Answered {
                    status: 200,
                    final_url: "earlier".into(),
                    moved_permanently: false,
                },
                status: LinkStatus::Ok,
                unreachable_since: None,
            })
            .unwrap();
    }
    let core = std::sync::Arc::new(Core::new(store, "daily"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    // Off by default: it returns at once and asks nothing.
    std::env::remove_var("CASEWATCH_LINK_CHECK_DAILY");
    runtime.block_on(async {
        tokio::time::timeout(Duration::from_secs(5), check_sources_daily(core.clone()))
            .await
            .expect("returns at once when off")
    });
    assert!(site.received().is_empty());

    std::env::set_var("CASEWATCH_LINK_CHECK_DAILY", "yes");
    std::env::set_var("CASEWATCH_LINK_CHECK_PER_HOST_PER_MINUTE", "0");
    std::env::set_var("CASEWATCH_ARCHIVE_API", archive.url("/wayback/available"));
    let task = runtime.spawn(check_sources_daily(core.clone()));
    let started = Instant::now();
    while core.store().link_history(ids[1]).unwrap().len() < 2
        || core.store().link_status(ids[0]).unwrap().is_none()
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the daily check did not run"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // A second adapter (Discord beside Matrix) waits while the first runs
    // the loop, and takes it over when the first stops: a source added
    // meanwhile is checked at once by the second (the first's next pass
    // is an hour away).
    let second = runtime.spawn(check_sources_daily(core.clone()));
    site.route("/later", Answer::ok("text/html", "x"));
    let later = {
        let mut store = core.store_mut();
        let case_id = store.case_by_key("daily").unwrap().unwrap().id;
        store
            .write("test", |w| {
                w.insert_source(
                    case_id,
                    &NewSource {
                        key: "later".into(),
                        publication: "The Paper".into(),
                        title: "later".into(),
                        author: None,
                        published: "2025".parse::<PartialDate>().unwrap(),
                        url: site.url("/later"),
                        url_exact: true,
                        archive_url: None,
                        note: None,
                    },
                )
            })
            .unwrap()
    };
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        core.store().link_status(later).unwrap().is_none(),
        "the second adapter waits while the first runs the loop"
    );
    task.abort();
    let started = Instant::now();
    while core.store().link_status(later).unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no adapter took the daily check over"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    second.abort();
    let store = core.store();
    assert_eq!(
        store.link_status(ids[0]).unwrap().unwrap().status,
        LinkStatus::Ok
    );
    assert_eq!(
        store.link_status(ids[1]).unwrap().unwrap().status,
        LinkStatus::Gone
    );
    // Checked an hour ago: not due, not asked again.
    assert_eq!(site.hits("/checked-today"), 0);
    assert_eq!(store.link_history(ids[2]).unwrap().len(), 1);
    assert_eq!(archive.hits("/wayback/available"), 1);
}
