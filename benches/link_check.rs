//! How long `casewatch sources check` takes over 1,000 sources against
//! scripted HTTP servers on loopback (one server per host, mixed answers:
//! 200, 301 chains, 404, 410, 503, resets, answers slower than the 10 s
//! timeout) and a loopback stand-in for the archive's availability API,
//! through the same code as the command (`links::check_sources`). It
//! prints wall time and requests; it asserts no time.
//!
//! Run: `cargo bench --profile dev --bench link_check -- [HOSTS] [PER_MINUTE] [archived] [noslow]`
//! (defaults: 10 hosts, unpaced; `archived`: every source already has a
//! copy, as in a steady daily check, so no lookup is made; `noslow`: the
//! 1 in 100 answers slower than the timeout answer 200 instead). Source i
//! is on host i mod HOSTS, so with 10 hosts every slow answer is on one. The work is
//! waiting on sockets and the pace, so the dev profile gives the same
//! figures as a release build without one.

#[path = "../tests/http_support/mod.rs"]
mod http_support;

use std::time::{Duration, Instant};

use casewatch::domain::date::PartialDate;
use casewatch::links::{self, LinkCheckSettings};
use casewatch::store::{CaseRow, NewSource, Store};
use http_support::{Answer, HttpStub};

const SOURCES: usize = 1_000;

/// The answer of source `i`, by its place in each hundred.
fn answer(host: &HttpStub, i: usize, slow: bool) -> Answer {
    match i % 100 {
        99 if !slow => Answer::ok("text/html", "<p>story</p>"),
        0..=69 => Answer::ok("text/html", "<p>story</p>"),
        70..=79 => Answer::redirect(301, &host.url(&format!("/new/{i}"))),
        80..=87 => Answer::status(404),
        88..=91 => Answer::status(410),
        92..=96 => Answer::status(503),
        97..=98 => Answer::Reset,
        _ => Answer::Slow(Duration::from_secs(12)),
    }
}

fn main() {
    casewatch::tune_allocator();
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let hosts: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10);
    let per_minute: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(0);
    let archived = args.iter().any(|a| a == "archived");
    let slow = !args.iter().any(|a| a == "noslow");

    let servers: Vec<HttpStub> = (0..hosts).map(|_| HttpStub::start()).collect();
    let archive = HttpStub::start();
    archive.route(
        "/wayback/available",
        Answer::ok(
            "application/json",
            r#"{"url": "x", "archived_snapshots": {"closest": {"status": "200", "available": true, "url": "http://web.archive.org/web/20250321000000/https://example.org/story", "timestamp": "20250321000000"}}}"#,
        ),
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).expect("a store");
    store
        .write("bench", |w| {
            let case_id = w.insert_case(&CaseRow {
                id: 0,
                key: "bench".into(),
                title: "Bench".into(),
                subject_key: "someone".into(),
                summary: "A case.".into(),
                status: "Open.".into(),
                detained_from_key: None,
                detained_until_key: None,
            })?;
            let mut first = None;
            for i in 0..SOURCES {
                let host = &servers[i % hosts];
                host.route(&format!("/s/{i}"), answer(host, i, slow));
                host.route(
                    &format!("/new/{i}"),
                    Answer::ok("text/html", "<p>moved</p>"),
                );
                let id = w.insert_source(
                    case_id,
                    &NewSource {
                        key: format!("s{i}"),
                        publication: "The Paper".into(),
                        title: format!("Story {i}"),
                        author: None,
                        published: "2025-03-21".parse::<PartialDate>().expect("a date"),
                        url: host.url(&format!("/s/{i}")),
                        url_exact: true,
                        archive_url: archived.then(|| "https://archive.ph/kept".to_string()),
                        note: None,
                    },
                )?;
                first.get_or_insert(id);
            }
            let first = first.expect("sources");
            w.cite("case_summary", case_id, &[first])?;
            w.cite("case_status", case_id, &[first])
        })
        .expect("the bench case");

    let settings = LinkCheckSettings {
        per_host_per_minute: per_minute,
        archive_api: archive.url("/wayback/available"),
        ..LinkCheckSettings::default()
    };
    let started = Instant::now();
    let mut last_report = Instant::now();
    let summary = links::check_sources(
        &mut store,
        &settings,
        Some("bench"),
        None,
        |done, total, _| {
            if last_report.elapsed() > Duration::from_secs(30) {
                eprintln!(
                    "  {done}/{total} after {:.0} s",
                    started.elapsed().as_secs_f64()
                );
                last_report = Instant::now();
            }
        },
    )
    .expect("a check");
    let wall = started.elapsed();
    let requests: usize = servers.iter().map(|s| s.received().len()).sum();
    let lookups = archive.received().len();
    println!(
        "{SOURCES} sources on {hosts} loopback hosts, {}, {}, {}: {:.1} s wall, {requests} requests to the hosts + {lookups} archive lookups",
        if per_minute == 0 { "unpaced".to_string() } else { format!("{per_minute} requests/host/minute") },
        if archived { "every source with a copy already" } else { "no copies yet" },
        if slow { "1% slower than the timeout" } else { "none slow" },
        wall.as_secs_f64(),
    );
    println!(
        "  {} ok, {} moved, {} gone, {} flaky; {} archived copies stored",
        summary.ok, summary.moved, summary.gone, summary.flaky, summary.archived
    );
}
