//! What carrying corrections to posted messages costs (`core::edits`).
//!
//! Seeds the curated case (`data/`) into a real SQLite file, remembers
//! 10,000 posted messages through the public store API (each a real
//! `/timeline` page of the case, as a Matrix answer: about ten records
//! each, pages 1 to 3 in turn), then times:
//!
//! - the idle pass: reading the audit log for corrections when there are
//!   none, which the edit loop does every 30 s;
//! - the queue pass after one correction of a record a third of the
//!   messages show (how many rows it queues is printed);
//! - draining that queue through a sink that renders each edit (as Matrix
//!   would, HTML and plain text) and sends nothing: per message, the cost
//!   on our side of one edit (read, re-render, record as sent).
//!
//! Run with `cargo bench --bench message_edits --no-default-features`.

use std::time::Instant;

use casewatch::adapters::console;
use casewatch::core::digest::schedule::SystemClock;
use casewatch::core::edits::answers::{remember_answer, AnswerMessage};
use casewatch::core::edits::{send_due_edits, EditError, EditSettings, EditSink};
use casewatch::core::i18n::Locale;
use casewatch::core::reply::{Reply, ReplyKind};
use casewatch::core::{Core, Role};
use casewatch::dataset;
use casewatch::render::matrix::render_messages;
use casewatch::store::Store;

const MESSAGES: usize = 10_000;
const IDLE_RUNS: usize = 200;

/// Renders every edit as Matrix would and sends nothing.
struct Rendering {
    edits: usize,
    bytes: usize,
}

impl EditSink for Rendering {
    fn platform(&self) -> &str {
        "matrix"
    }
    fn render(&self, document: &Reply, locale: Locale) -> Vec<String> {
        render_messages(document, locale)
            .into_iter()
            .map(|m| format!("{}\n{}", m.body, m.html))
            .collect()
    }
    fn edit(&mut self, _: &str, _: &str, _: &str, payload: &str) -> Result<(), EditError> {
        self.edits += 1;
        self.bytes += payload.len();
        Ok(())
    }
}

fn main() {
    casewatch::tune_allocator();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("casewatch.sqlite3");
    let mut store = Store::open(&path).expect("open the store");
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for file in dataset::case_files(&data).expect("data/ lists case files") {
        let case = dataset::load(&file).expect("the seed data is valid");
        dataset::import(&mut store, &case, "bench").expect("the seed data imports");
    }
    let core = Core::new(store, casewatch::config::DEFAULT_CASE);
    let invocation = console::invocation(Role::Moderator, Locale::En);
    let pages: Vec<Reply> = (1..=3)
        .map(|page| core.handle_line(&invocation, &format!("/timeline page:{page}")))
        .collect();
    assert!(pages.iter().all(|p| p.kind == ReplyKind::Answer));
    let shown_audit_id = core.store().last_audit_id().expect("the audit log");

    let started = Instant::now();
    for n in 0..MESSAGES {
        let event = format!("$bench{n}:localhost");
        remember_answer(
            core.database(),
            &AnswerMessage {
                platform: "matrix",
                place: "!bench:localhost",
                locale: Locale::En,
                part: &pages[n % pages.len()],
                piece: 0,
                pieces: 1,
                shown_audit_id,
                message_ref: &event,
                edit_until: None,
            },
        )
        .expect("remembered");
    }
    let remembering = started.elapsed();
    println!(
        "remember {MESSAGES} messages: {:.1} s ({:.0} µs each)",
        remembering.as_secs_f64(),
        remembering.as_secs_f64() * 1e6 / MESSAGES as f64
    );

    let mut idle = Vec::with_capacity(IDLE_RUNS);
    for _ in 0..IDLE_RUNS {
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let started = Instant::now();
        core.store_mut().queue_message_edits(&now).expect("queue");
        idle.push(started.elapsed());
    }
    idle.sort();
    println!(
        "idle queue pass (no correction): median {:.0} µs, max {:.0} µs",
        idle[IDLE_RUNS / 2].as_secs_f64() * 1e6,
        idle[IDLE_RUNS - 1].as_secs_f64() * 1e6
    );

    // A record of the first page only.
    let record = pages[0]
        .blocks
        .iter()
        .find_map(|b| match b {
            casewatch::core::reply::Block::Fact {
                record: Some(r), ..
            } if !pages[1..].iter().any(|p| {
                p.blocks.iter().any(|o| matches!(o, casewatch::core::reply::Block::Fact { record: Some(x), .. } if x == r))
            }) => Some(r.clone()),
            _ => None,
        })
        .expect("a record only the first page shows");
    let corrected = core.handle_line(
        &invocation,
        &format!(
            "/correct id:{record} text:\"Corrected for the benchmark.\" reason:\"Bench\" source:S4"
        ),
    );
    assert_eq!(corrected.kind, ReplyKind::Confirmation);
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let started = Instant::now();
    let queued = core.store_mut().queue_message_edits(&now).expect("queue");
    println!(
        "queue pass after correcting {record}: {queued} edits queued in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let mut sink = Rendering { edits: 0, bytes: 0 };
    let settings = EditSettings::default();
    let started = Instant::now();
    let mut passes = 0;
    loop {
        let report =
            send_due_edits(core.database(), &SystemClock, &mut sink, settings).expect("a pass");
        passes += 1;
        if report.edited.is_empty() {
            break;
        }
    }
    let draining = started.elapsed();
    assert_eq!(sink.edits, queued);
    println!(
        "drain {} edits in {passes} passes of {}: {:.1} s, {:.2} ms per edited message (mean payload {} bytes)",
        sink.edits,
        settings.batch,
        draining.as_secs_f64(),
        draining.as_secs_f64() * 1e3 / sink.edits.max(1) as f64,
        sink.bytes / sink.edits.max(1)
    );
}
