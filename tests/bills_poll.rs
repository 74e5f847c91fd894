//! The congress.gov poller against a loopback stand-in that serves the
//! API's documented JSON shapes (api.congress.gov v3, BillEndpoint.md: the
//! bill, its actions with `sourceSystem` and `actionCode`, its cosponsors
//! with `isOriginalCosponsor` and `sponsorshipDate`, `pagination.next`),
//! and its 404, 429 with `Retry-After`, and 500. No test reaches the
//! internet.
#![cfg(feature = "net")]

mod common;
mod http_support;

use std::sync::Arc;
use std::time::Duration;

use casewatch::config::Secret;
use casewatch::congress::api::{ApiSettings, CongressApi};
use casewatch::congress::{poll, PollReport, POLLER};
use casewatch::core::reply::ReplyKind;
use casewatch::core::Core;
use casewatch::net::FetchSettings;
use common::{text_of, Seeded};
use http_support::{Answer, HttpStub};
use serde_json::json;

const KEY: &str = "test-key-4f9a0c";
const BILL: &str = "/v3/bill/119/hr/4001";

fn api(stub: &HttpStub, max_wait: Duration) -> CongressApi {
    let mut settings = ApiSettings::new(&stub.url("/v3"), Secret::new(KEY));
    settings.max_wait = max_wait;
    settings.backoff = Duration::from_millis(20);
    settings.fetch = FetchSettings {
        timeout: Duration::from_secs(5),
        max_redirects: 0,
        per_host_per_minute: 0,
    };
    CongressApi::new(settings).unwrap()
}

fn run(bot: &Seeded, api: &CongressApi) -> PollReport {
    // The poller shares the core with commands, as the bot runs it.
    let core: Arc<Core> = Arc::new(
        Core::new(
            casewatch::store::Store::open(&bot.db_path()).unwrap(),
            common::CASE,
        )
        .with_clock(bot.clock.clone()),
    );
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(poll(core, api, None, |_| {}))
        .unwrap()
}

fn json_answer(value: serde_json::Value) -> Answer {
    Answer::ok("application/json", value.to_string())
}

fn bill_json(title: &str) -> Answer {
    json_answer(json!({
        "bill": {
            "congress": 119, "type": "HR", "number": "4001", "title": title,
            "introducedDate": "2025-06-12",
            "latestAction": { "actionDate": "2025-06-12", "text": "Referred to the House Committee on Foreign Affairs." },
            "actions": { "count": 6, "url": "https://api.congress.gov/v3/bill/119/hr/4001/actions?format=json" },
            "cosponsors": { "count": 2, "countIncludingWithdrawnCosponsors": 3, "url": "https://api.congress.gov/v3/bill/119/hr/4001/cosponsors?format=json" }
        },
        "request": { "billNumber": "4001", "billType": "hr", "congress": "119", "format": "json" }
    }))
}

fn action(date: &str, code: &str, system: (i64, &str), text: &str) -> serde_json::Value {
    json!({
        "actionCode": code, "actionDate": date,
        "sourceSystem": { "code": system.0, "name": system.1 },
        "text": text, "type": "IntroReferral"
    })
}

const FLOOR: (i64, &str) = (2, "House floor actions");
const LOC: (i64, &str) = (9, "Library of Congress");

/// The actions in two pages, newest first, with the API's duplicates: the
/// introduction from the floor and the Library, and one referral twice.
/// The first page's `next` names the API's public host, as the real one does.
fn actions_pages() -> Vec<Answer> {
    vec![
        json_answer(json!({
            "actions": [
                action("2025-07-01", "H12410", FLOOR, "Sponsor introductory remarks on measure."),
                action("2025-06-12", "H11100", FLOOR, "Referred to the House Committee on Foreign Affairs."),
                action("2025-06-12", "5000", LOC, "Referred to the House Committee on Foreign Affairs."),
            ],
            "pagination": { "count": 5, "next": "https://api.congress.gov/v3/bill/119/hr/4001/actions?offset=3&limit=3&format=json" }
        })),
        json_answer(json!({
            "actions": [
                action("2025-06-12", "1000", LOC, "Introduced in House"),
                action("2025-06-12", "Intro-H", FLOOR, "Introduced in House."),
            ],
            "pagination": { "count": 5 }
        })),
    ]
}

fn cosponsors_json(withdrawn: bool) -> Answer {
    let mut later = json!({
        "bioguideId": "G000598", "fullName": "Rep. Garcia, Robert [D-CA-42]", "firstName": "Robert",
        "lastName": "Garcia", "party": "D", "state": "CA", "district": 42,
        "isOriginalCosponsor": false, "sponsorshipDate": "2025-06-20", "url": "https://api.congress.gov/v3/member/G000598?format=json"
    });
    if withdrawn {
        later["sponsorshipWithdrawnDate"] = json!("2025-07-15");
    }
    json_answer(json!({
        "cosponsors": [
            {
                "bioguideId": "C001112", "fullName": "Rep. Carbajal, Salud O. [D-CA-24]", "firstName": "Salud",
                "lastName": "Carbajal", "party": "D", "state": "CA", "district": 24,
                "isOriginalCosponsor": true, "sponsorshipDate": "2025-06-12", "url": "https://api.congress.gov/v3/member/C001112?format=json"
            },
            later
        ],
        "pagination": { "count": 2, "countIncludingWithdrawnCosponsors": 2 }
    }))
}

fn serve_bill(stub: &HttpStub, withdrawn: bool) {
    stub.route(BILL, bill_json("Prohibition on Funds for CECOT Act"));
    stub.route_seq(&format!("{BILL}/actions"), actions_pages());
    stub.route(&format!("{BILL}/cosponsors"), cosponsors_json(withdrawn));
}

fn name_bill(bot: &mut Seeded, action: &str, bill: &str) {
    let reply = bot.ask(&format!(
        "/action bill id:{action} bill:\"{bill}\" reason:\"The release gives it\" source:2"
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
}

#[test]
fn one_poll_brings_a_bills_history_in_once_cited_and_audited() {
    let stub = HttpStub::start();
    serve_bill(&stub, false);
    let mut bot = Seeded::new();
    name_bill(&mut bot, "A1", "H.R. 4001 (119th)");

    let report = run(&bot, &api(&stub, Duration::from_secs(5)));
    assert_eq!(report.failed(), 0, "{report:?}");
    // The bill, two pages of actions, one of cosponsors.
    assert_eq!(report.requests, 4);
    let changes = report.bills[0].result.as_ref().unwrap();
    assert_eq!(
        (changes.statuses, changes.joined, changes.withdrew),
        (3, 2, 0)
    );
    assert!(changes.source_created);

    // The key travels in a header only, and only to the configured base:
    // the second page was read onto it with the offset `next` gave.
    for request in stub.received() {
        assert_eq!(
            request.headers.get("x-api-key").map(String::as_str),
            Some(KEY)
        );
        assert!(!request.target.contains(KEY), "{}", request.target);
    }
    assert!(stub.received().iter().any(
        |r| r.target.starts_with(&format!("{BILL}/actions?")) && r.target.contains("offset=3")
    ));

    let actions = text_of(&bot.ask_member("/actions"));
    assert!(
        actions.contains("Bill: H.R. 4001 (119th), Prohibition on Funds for CECOT Act"),
        "{actions}"
    );
    assert!(
        actions
            .contains("2025-07-01  Status: introduced — Sponsor introductory remarks on measure."),
        "{actions}"
    );
    assert!(
        actions.contains("Cosponsors: 2 (1 original); 0 withdrew."),
        "{actions}"
    );
    assert!(
        actions.contains("Congress.gov, “Prohibition on Funds for CECOT Act”, 2025-06-12. https://www.congress.gov/bill/119th-congress/house-bill/4001"),
        "{actions}"
    );

    // One status per event, in the Library of Congress's wording.
    let cite = text_of(&bot.ask_member("/cite id:A1"));
    assert_eq!(cite.matches("Introduced in House").count(), 1, "{cite}");
    assert!(
        cite.contains("introduced — Introduced in House ["),
        "{cite}"
    );
    assert_eq!(
        cite.matches("Referred to the House Committee").count(),
        1,
        "{cite}"
    );
    assert!(
        cite.contains("Rep. Carbajal, Salud O. [D-CA-24] cosponsored it from the start."),
        "{cite}"
    );
    assert!(
        cite.contains("Rep. Garcia, Robert [D-CA-42] joined its cosponsors."),
        "{cite}"
    );

    // Attributed to the poller, with the API's words as the reason.
    let audit = bot.core.store().audit_since(0, u64::MAX >> 1).unwrap();
    let polled: Vec<_> = audit.iter().filter(|e| e.actor == POLLER).collect();
    assert!(polled.iter().any(|e| e.action == "status"
        && e.reason.as_deref() == Some("Congress.gov: Introduced in House")));
    assert_eq!(polled.iter().filter(|e| e.action == "cosponsor").count(), 2);

    // The digest lists each new step and cosponsor, cited, and (this
    // core having no key) says once that tracking is off.
    let digest = text_of(&bot.ask_member("/digest preview"));
    assert!(
        digest.contains("A1 H.R. 4001 (119th): Rep. Carbajal, Salud O. [D-CA-24] cosponsored it from the start. ["),
        "{digest}"
    );
    assert!(
        digest.contains("(Congress.gov: Introduced in House)"),
        "{digest}"
    );
    assert!(
        digest.contains("(Congress.gov: Sponsor introductory remarks on measure.)"),
        "{digest}"
    );
    assert_eq!(digest.matches("CONGRESS_API_KEY").count(), 1, "{digest}");

    // A second poll of the same answers adds nothing.
    let before = bot.fingerprint();
    serve_bill(&stub, false);
    let again = run(&bot, &api(&stub, Duration::from_secs(5)));
    let changes = again.bills[0].result.as_ref().unwrap();
    assert_eq!(
        (changes.statuses, changes.joined, changes.source_created),
        (0, 0, false)
    );
    assert_eq!(bot.fingerprint(), before);
}

#[test]
fn a_withdrawal_and_an_event_that_disappears_are_recorded_and_nothing_is_deleted() {
    let stub = HttpStub::start();
    serve_bill(&stub, false);
    let mut bot = Seeded::new();
    name_bill(&mut bot, "A1", "hr4001");
    run(&bot, &api(&stub, Duration::from_secs(5)));

    // Next day: the remarks are gone from the list, Garcia withdrew.
    serve_bill(&stub, true);
    stub.route_seq(
        &format!("{BILL}/actions"),
        vec![json_answer(json!({
            "actions": [
                action("2025-06-12", "5000", LOC, "Referred to the House Committee on Foreign Affairs."),
                action("2025-06-12", "1000", LOC, "Introduced in House"),
            ],
            "pagination": { "count": 2 }
        }))],
    );
    let report = run(&bot, &api(&stub, Duration::from_secs(5)));
    let changes = report.bills[0].result.as_ref().unwrap();
    assert_eq!(
        (changes.statuses, changes.vanished, changes.withdrew),
        (0, 1, 1)
    );

    let actions = text_of(&bot.ask_member("/actions"));
    assert!(
        actions.contains("Cosponsors: 1 (1 original); 1 withdrew."),
        "{actions}"
    );
    // Kept, still the latest step, and marked wherever it is told: the
    // line that names it also says congress.gov stopped listing it.
    let marked = |text: &str| {
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("Sponsor introductory remarks"))
            .collect();
        !lines.is_empty()
            && lines
                .iter()
                .all(|l| l.contains("congress.gov no longer lists this since 20"))
    };
    assert!(marked(&actions), "{actions}");
    let cite = text_of(&bot.ask_member("/cite id:A1"));
    assert!(
        cite.contains("Rep. Garcia, Robert [D-CA-42] withdrew as a cosponsor."),
        "{cite}"
    );
    assert!(marked(&cite), "{cite}");
    let history = text_of(&bot.ask_member("/history id:A1"));
    assert!(marked(&history), "{history}");
}

#[test]
fn one_failing_bill_never_stops_the_others_and_5xx_is_retried() {
    let stub = HttpStub::start();
    serve_bill(&stub, false);
    let mut bot = Seeded::new();
    name_bill(&mut bot, "A1", "H.R. 4001");
    // Two more bills: one congress.gov does not know (404), one whose
    // server fails every time (500).
    for (name, bill) in [("Unknown bill", "H.R. 9999"), ("Failing bill", "S. 77")] {
        let added = bot.ask(&format!(
            "/action add kind:bill name:\"{name}\" summary:\"A bill\" source:2"
        ));
        let id = text_of(&added)
            .split("(A")
            .nth(1)
            .and_then(|t| t.split(')').next())
            .map(|n| format!("A{n}"))
            .unwrap();
        name_bill(&mut bot, &id, bill);
    }
    stub.route("/v3/bill/119/s/77", Answer::status(500));
    // The known bill's cosponsors fail once, then answer.
    stub.route_seq(
        &format!("{BILL}/cosponsors"),
        vec![Answer::status(503), cosponsors_json(false)],
    );

    let report = run(&bot, &api(&stub, Duration::from_secs(5)));
    let by_bill = |key: &str| {
        report
            .bills
            .iter()
            .find(|b| b.bill.key() == key)
            .unwrap_or_else(|| panic!("{key} in {report:?}"))
    };
    assert!(by_bill("119-hr-4001").result.is_ok(), "{report:?}");
    assert_eq!(
        by_bill("119-hr-9999").result.as_ref().unwrap_err(),
        "congress.gov has no such bill (404)"
    );
    assert_eq!(
        by_bill("119-s-77").result.as_ref().unwrap_err(),
        "congress.gov answered 500 on all 4 tries"
    );
    assert_eq!(report.failed(), 2);
    assert_eq!(stub.hits("/v3/bill/119/s/77"), 4);
    // 4 for the known bill plus its one retry, 1 for the unknown, 4 for the failing.
    assert_eq!(report.requests, 5 + 1 + 4);
    let actions = text_of(&bot.ask_member("/actions"));
    assert!(actions.contains("Cosponsors: 2 (1 original)"), "{actions}");
}

#[test]
fn a_429_is_waited_out_when_short_and_stops_the_poll_when_long() {
    let stub = HttpStub::start();
    serve_bill(&stub, false);
    let mut bot = Seeded::new();
    name_bill(&mut bot, "A1", "H.R. 4001");
    stub.route_seq(
        BILL,
        vec![
            Answer::status(429).with_header("Retry-After", "1"),
            bill_json("Prohibition on Funds for CECOT Act"),
        ],
    );
    let started = std::time::Instant::now();
    let report = run(&bot, &api(&stub, Duration::from_secs(5)));
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(report.failed(), 0, "{report:?}");
    assert_eq!(report.requests, 5);

    // An hour's wait is more than the poller waits: it stops cleanly,
    // says so, and leaves the record as it was.
    let before = bot.fingerprint();
    stub.route(BILL, Answer::status(429).with_header("Retry-After", "3600"));
    let report = run(&bot, &api(&stub, Duration::from_secs(5)));
    assert!(report.bills.is_empty());
    assert_eq!(report.skipped, 1);
    assert_eq!(
        report.stopped.as_deref(),
        Some("congress.gov asks to wait 3600 s before the next request (429); the poll stopped")
    );
    assert_eq!(report.requests, 1);
    assert_eq!(bot.fingerprint(), before);
}

#[test]
fn without_a_key_actions_says_once_that_tracking_is_off_where_a_bill_is_named() {
    let mut bot = Seeded::new();
    let plain = text_of(&bot.ask_member("/actions"));
    assert!(!plain.contains("CONGRESS_API_KEY"), "{plain}");
    name_bill(&mut bot, "A1", "H.R. 4001");
    let off = text_of(&bot.ask_member("/actions"));
    assert_eq!(off.matches("CONGRESS_API_KEY").count(), 1, "{off}");
    assert!(
        off.contains("Bills are not followed on congress.gov here"),
        "{off}"
    );
    let es = casewatch::render::text::render(
        &bot.ask_as(
            casewatch::core::Role::Member,
            casewatch::core::i18n::Locale::Es,
            "/actions",
        ),
        casewatch::core::i18n::Locale::Es,
    );
    assert!(
        es.contains("Aquí no se siguen los proyectos de ley en congress.gov"),
        "{es}"
    );
    // With a key, nothing of the sort.
    let tracked = Core::new(
        casewatch::store::Store::open(&bot.db_path()).unwrap(),
        common::CASE,
    )
    .with_bill_tracking(true);
    let on = text_of(&tracked.handle_line(
        &casewatch::adapters::console::invocation(
            casewatch::core::Role::Member,
            casewatch::core::i18n::Locale::En,
        ),
        "/actions",
    ));
    assert!(
        on.contains("Bill: H.R. 4001 (119th)") && !on.contains("CONGRESS_API_KEY"),
        "{on}"
    );
}

#[test]
fn export_then_import_keeps_the_bill_its_cosponsors_and_event_keys() {
    let stub = HttpStub::start();
    serve_bill(&stub, true);
    let mut bot = Seeded::new();
    name_bill(&mut bot, "A1", "H.R. 4001");
    run(&bot, &api(&stub, Duration::from_secs(5)));
    // One event vanishes, so the mark travels too.
    stub.route_seq(&format!("{BILL}/actions"), vec![actions_pages().remove(1)]);
    run(&bot, &api(&stub, Duration::from_secs(5)));

    let first = casewatch::dataset::export(&bot.core.store(), common::CASE)
        .unwrap()
        .to_toml();
    assert!(first.contains("bill = \"119-hr-4001\"") && first.contains("change = \"withdrew\""));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.sqlite3");
    let mut fresh = casewatch::store::Store::open(&path).unwrap();
    let parsed = casewatch::dataset::CaseFile::from_toml("exported.toml", &first).unwrap();
    assert!(parsed.validate("exported.toml").is_empty());
    casewatch::dataset::import(&mut fresh, &parsed, "exported.toml").unwrap();
    let second = casewatch::dataset::export(&fresh, common::CASE)
        .unwrap()
        .to_toml();
    assert_eq!(first, second, "export → import → export changed the file");

    // The imported statuses keep their congress.gov keys: polling the new
    // database adds nothing.
    let before = fresh.fingerprint().unwrap();
    drop(fresh);
    serve_bill(&stub, true);
    stub.route_seq(&format!("{BILL}/actions"), vec![actions_pages().remove(1)]);
    let core = Arc::new(Core::new(
        casewatch::store::Store::open(&path).unwrap(),
        common::CASE,
    ));
    let report = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(poll(
            core,
            &api(&stub, Duration::from_secs(5)),
            None,
            |_| {},
        ))
        .unwrap();
    let changes = report.bills[0].result.as_ref().unwrap();
    assert_eq!(
        (
            changes.statuses,
            changes.joined,
            changes.withdrew,
            changes.vanished,
            changes.source_created
        ),
        (0, 0, 0, 0, false),
        "{report:?}"
    );
    let after = casewatch::store::Store::open(&path)
        .unwrap()
        .fingerprint()
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn an_event_listed_late_with_an_earlier_date_takes_its_place_by_date() {
    let stub = HttpStub::start();
    serve_bill(&stub, false);
    let mut bot = Seeded::new();
    name_bill(&mut bot, "A1", "hr4001");
    run(&bot, &api(&stub, Duration::from_secs(5)));

    // Next day the API lists a referral of 20 June it did not list before,
    // older than the remarks of 1 July that are the latest step.
    serve_bill(&stub, false);
    let mut pages = actions_pages();
    pages[1] = json_answer(json!({
        "actions": [
            action("2025-06-20", "5000", LOC, "Referred to the Subcommittee on the Western Hemisphere."),
            action("2025-06-12", "1000", LOC, "Introduced in House"),
            action("2025-06-12", "Intro-H", FLOOR, "Introduced in House."),
        ],
        "pagination": { "count": 6 }
    }));
    stub.route_seq(&format!("{BILL}/actions"), pages);
    let report = run(&bot, &api(&stub, Duration::from_secs(5)));
    assert_eq!(report.bills[0].result.as_ref().unwrap().statuses, 1);

    // The latest step is still the one of the latest date.
    let actions = text_of(&bot.ask_member("/actions"));
    assert!(
        actions.contains("Sponsor introductory remarks on measure."),
        "{actions}"
    );
    assert!(!actions.contains("Subcommittee"), "{actions}");
    // The history tells the steps newest first, by date.
    let cite = text_of(&bot.ask_member("/cite id:A1"));
    let at = |words: &str| {
        cite.find(words)
            .unwrap_or_else(|| panic!("{words} missing: {cite}"))
    };
    assert!(
        at("Sponsor introductory remarks") < at("Subcommittee"),
        "{cite}"
    );
    assert!(
        at("Subcommittee") < at("House Committee on Foreign Affairs"),
        "{cite}"
    );
    assert!(
        at("House Committee on Foreign Affairs") < at("Introduced in House"),
        "{cite}"
    );
    // A status filter picks the action by the same latest step.
    let filtered = text_of(&bot.ask_member("/actions status:introduced"));
    assert!(
        filtered.contains("Sponsor introductory remarks"),
        "{filtered}"
    );
}

#[test]
fn a_refused_key_stops_the_poll_at_once_and_says_so() {
    for status in [401, 403] {
        let stub = HttpStub::start();
        let mut bot = Seeded::new();
        name_bill(&mut bot, "A1", "H.R. 4001");
        let added =
            bot.ask("/action add kind:bill name:\"Second bill\" summary:\"A bill\" source:2");
        let id = text_of(&added)
            .split("(A")
            .nth(1)
            .and_then(|t| t.split(')').next())
            .map(|n| format!("A{n}"))
            .unwrap();
        name_bill(&mut bot, &id, "S. 77");
        // congress.gov answers every request so: a bad key is bad for all.
        stub.route(BILL, Answer::status(status));
        stub.route("/v3/bill/119/s/77", Answer::status(status));
        let before = bot.fingerprint();
        let report = run(&bot, &api(&stub, Duration::from_secs(5)));
        assert!(report.bills.is_empty(), "{report:?}");
        assert_eq!(report.skipped, 2);
        assert_eq!(
            report.stopped.as_deref(),
            Some(format!("congress.gov refused the key ({status}): check CONGRESS_API_KEY (a free key comes from https://api.data.gov/signup/); the poll stopped").as_str())
        );
        // One request, not one per bill, and no retry.
        assert_eq!(report.requests, 1);
        assert_eq!(stub.received().len(), 1);
        assert_eq!(bot.fingerprint(), before);
    }
}

#[test]
fn each_poll_reports_its_own_requests_when_the_client_is_reused() {
    let stub = HttpStub::start();
    let mut bot = Seeded::new();
    name_bill(&mut bot, "A1", "H.R. 4001");
    // The daily poll keeps one client for days: each day's figure is that
    // day's requests (the bill, two pages of actions, one of cosponsors).
    let api = api(&stub, Duration::from_secs(5));
    for day in 1..=2 {
        serve_bill(&stub, false);
        let report = run(&bot, &api);
        assert_eq!(report.failed(), 0, "{report:?}");
        assert_eq!(report.requests, 4, "day {day}");
    }
    assert_eq!(api.requests(), 8);
}

#[test]
fn a_retracted_congress_source_stops_the_bill_and_says_so() {
    let stub = HttpStub::start();
    serve_bill(&stub, false);
    let mut bot = Seeded::new();
    name_bill(&mut bot, "A1", "H.R. 4001 (119th)");
    let first = run(&bot, &api(&stub, Duration::from_secs(5)));
    assert_eq!(first.failed(), 0, "{first:?}");
    let url = "https://www.congress.gov/bill/119th-congress/house-bill/4001";
    let sources = text_of(&bot.ask_member("/sources"));
    let source = sources
        .lines()
        .find(|l| l.contains("Congress.gov"))
        .and_then(|l| l.split('S').nth(1))
        .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
        .map(str::to_string)
        .unwrap_or_else(|| panic!("a Congress.gov source in {sources}"));
    let retracted = bot.ask(&format!("/retract id:S{source} reason:\"Filed twice\""));
    assert_eq!(
        retracted.kind,
        ReplyKind::Confirmation,
        "{}",
        text_of(&retracted)
    );
    let before = bot.fingerprint();

    let stopped = run(&bot, &api(&stub, Duration::from_secs(5)));
    let failure = stopped.bills[0].result.as_ref().unwrap_err();
    assert!(
        failure.contains(url) && failure.contains("no longer followed"),
        "{failure}"
    );
    assert_eq!(bot.fingerprint(), before, "nothing was recorded");

    // Adding the address again is refused for what it is, not with an
    // invitation to cite a retracted source.
    let added = bot.ask(&format!(
        "/source add url:{url} title:\"H.R. 4001\" publication:Congress.gov published:2025-03-01"
    ));
    assert_eq!(
        text_of(&added).trim(),
        format!("That address is source S{source}, which was retracted. Nothing was saved.")
    );
}

#[test]
fn each_poll_is_logged_and_a_restarted_bot_waits_out_the_day() {
    use casewatch::congress::daily::{first_wait, EVERY};
    let stub = HttpStub::start();
    serve_bill(&stub, false);
    let mut bot = Seeded::new();
    name_bill(&mut bot, "A1", "H.R. 4001");
    let store = casewatch::store::Store::open(&bot.db_path()).unwrap();
    assert_eq!(store.last_bill_poll().unwrap(), None);
    assert_eq!(
        first_wait(None, chrono::Utc::now()),
        Duration::from_secs(60)
    );

    let report = run(&bot, &api(&stub, Duration::from_secs(5)));
    let last = store.last_bill_poll().unwrap().expect("the poll is logged");
    let conn = rusqlite::Connection::open(bot.db_path()).unwrap();
    let logged: (Option<i64>, bool, u32, i64, i64, Option<String>) = conn
        .query_row(
            "SELECT case_id, finished_at >= started_at, requests, bills, failed, stopped FROM bill_polls",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(logged, (None, true, report.requests, 1, 0, None));
    // A bot started again now polls a day after that poll, not in a minute.
    let wait = first_wait(Some(&last), chrono::Utc::now());
    assert!(
        wait <= EVERY && wait > EVERY - Duration::from_secs(300),
        "{wait:?}"
    );

    // A poll of one case does not stand for the daily poll of every case,
    // and one that never finished (the process stopped, or it panicked)
    // does: it is noted when it starts.
    let mut store = store;
    store
        .start_bill_poll(Some(1), "2999-01-01T00:00:00Z")
        .unwrap();
    assert_eq!(
        store.last_bill_poll().unwrap().as_deref(),
        Some(last.as_str())
    );
    store.start_bill_poll(None, "2999-01-01T00:00:00Z").unwrap();
    assert_eq!(
        store.last_bill_poll().unwrap().as_deref(),
        Some("2999-01-01T00:00:00Z")
    );
}

#[test]
fn the_check_for_uncited_records_covers_bills_and_cosponsors() {
    let stub = HttpStub::start();
    serve_bill(&stub, false);
    let mut bot = Seeded::new();
    name_bill(&mut bot, "A1", "H.R. 4001");
    run(&bot, &api(&stub, Duration::from_secs(5)));
    let store = casewatch::store::Store::open(&bot.db_path()).unwrap();
    assert!(
        store.uncited().unwrap().is_empty(),
        "the poll cites its rows"
    );

    // Rows written around the store, with no citation, are named.
    let conn = rusqlite::Connection::open(bot.db_path()).unwrap();
    conn.execute(
        "INSERT INTO action_bills (action_id, bill, named_at) VALUES (1, '119-hr-5', '2026-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    let bill = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO bill_cosponsors (action_id, bill, bioguide_id, name, party, state, original, change, date, recorded_at)
         VALUES (1, '119-hr-5', 'X000001', 'A Member', 'D', 'CA', 0, 'joined', '2026-01-01', '2026-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    let cosponsor = conn.last_insert_rowid();
    let mut uncited = store.uncited().unwrap();
    uncited.sort();
    assert_eq!(
        uncited,
        vec![
            ("action_bills".to_string(), bill),
            ("bill_cosponsors".to_string(), cosponsor)
        ]
    );
}

#[test]
fn steps_polled_from_a_bill_named_before_no_longer_stand_for_the_action() {
    let stub = HttpStub::start();
    stub.route(BILL, bill_json("Prohibition on Funds for CECOT Act"));
    stub.route(
        &format!("{BILL}/actions"),
        json_answer(json!({
            "actions": [
                action("2025-07-01", "8000", FLOOR, "Passed House."),
                action("2025-06-12", "Intro-H", FLOOR, "Introduced in House."),
            ],
            "pagination": { "count": 2 }
        })),
    );
    stub.route(&format!("{BILL}/cosponsors"), cosponsors_json(false));
    let mut bot = Seeded::new();
    name_bill(&mut bot, "A1", "H.R. 4001");
    run(&bot, &api(&stub, Duration::from_secs(5)));
    let passed = text_of(&bot.ask_member("/actions status:passed"));
    assert!(passed.contains("(A1)"), "{passed}");

    // An editor finds that the action is about another bill.
    name_bill(&mut bot, "A1", "S. 77");
    let actions = text_of(&bot.ask_member("/actions"));
    assert!(actions.contains("Bill: S. 77 (119th)"), "{actions}");
    assert!(
        !actions.contains("Passed House") && !actions.contains("Cosponsors:"),
        "{actions}"
    );
    // The status editors recorded stands again, for the filter too.
    assert!(
        actions.contains("Status: introduced — The sources say Takano introduced it"),
        "{actions}"
    );
    let passed = text_of(&bot.ask_member("/actions status:passed"));
    assert!(!passed.contains("(A1)"), "{passed}");
    let cite = text_of(&bot.ask_member("/cite id:A1"));
    assert!(!cite.contains("Passed House"), "{cite}");

    // The new bill's first poll: its step stands, and its audit entry
    // says it changed the status editors recorded, not the earlier bill's.
    stub.route("/v3/bill/119/s/77", bill_json("A Senate bill"));
    stub.route(
        "/v3/bill/119/s/77/actions",
        json_answer(json!({
            "actions": [action("2025-09-10", "17000", (1, "Senate"), "Failed of passage in Senate by Yea-Nay Vote. 40 - 58.")],
            "pagination": { "count": 1 }
        })),
    );
    stub.route(
        "/v3/bill/119/s/77/cosponsors",
        json_answer(json!({ "cosponsors": [], "pagination": { "count": 0 } })),
    );
    let report = run(&bot, &api(&stub, Duration::from_secs(5)));
    assert_eq!(report.failed(), 0, "{report:?}");
    let actions = text_of(&bot.ask_member("/actions"));
    assert!(
        actions.contains("Status: failed — Failed of passage in Senate"),
        "{actions}"
    );
    let audit = bot.core.store().audit_since(0, u64::MAX >> 1).unwrap();
    let change = audit
        .iter()
        .rev()
        .find(|e| e.actor == POLLER && e.action == "status")
        .unwrap();
    let after: serde_json::Value = serde_json::from_str(change.after.as_deref().unwrap()).unwrap();
    assert_eq!(
        (after["from"].as_str(), after["to"].as_str()),
        (Some("introduced"), Some("failed"))
    );

    // Nothing is deleted: H.R. 4001's steps stay on file.
    let conn = rusqlite::Connection::open(bot.db_path()).unwrap();
    let kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM action_statuses WHERE action_id = 1 AND origin GLOB 'congress:119-hr-4001:*'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 2);
}
