//! `/sources status:gone|moved|flaky`: what the last link check found, for
//! the case's editors, each line cited to the source it describes. The
//! checks are recorded straight into the store (the seed's addresses are
//! real sites, and no test reaches the internet; `tests/links.rs` runs the
//! check itself on loopback).

mod common;

use casewatch::core::i18n::Locale;
use casewatch::core::reply::ReplyKind;
use casewatch::core::Role;
use casewatch::domain::link::{LinkStatus, Probe, ProbeFailure};
use casewatch::store::LinkCheck;
use common::{text_of, Seeded};

fn record(bot: &Seeded, source_id: i64, at: &str, probe: Probe, status: LinkStatus) {
    let mut store = bot.core.store_mut();
    let url = store.source(source_id).unwrap().unwrap().1.url;
    store
        .record_link_check(&LinkCheck {
            source_id,
            url,
            checked_at: chrono::DateTime::parse_from_rfc3339(at).unwrap().to_utc(),
            probe,
            status,
            unreachable_since: None,
        })
        .unwrap();
}

fn checked(bot: &Seeded) {
    let answered = |status: u16, final_url: &str, moved: bool| Probe::Answered {
        status,
        final_url: final_url.into(),
        moved_permanently: moved,
    };
    record(
        bot,
        1,
        "2026-12-01T08:00:00Z",
        answered(200, "https://x.example/", false),
        LinkStatus::Ok,
    );
    record(
        bot,
        1,
        "2026-12-02T08:00:00Z",
        answered(404, "https://x.example/", false),
        LinkStatus::Gone,
    );
    record(
        bot,
        1,
        "2026-12-03T08:00:00Z",
        answered(404, "https://x.example/", false),
        LinkStatus::Gone,
    );
    record(
        bot,
        3,
        "2026-12-03T08:00:00Z",
        answered(200, "https://new.example/story", true),
        LinkStatus::Moved,
    );
    record(
        bot,
        4,
        "2026-12-03T08:00:00Z",
        Probe::Failed(ProbeFailure::Timeout),
        LinkStatus::Flaky,
    );
}

#[test]
fn editors_see_the_sources_gone_moved_and_flaky_each_cited() {
    let mut bot = Seeded::new();
    checked(&bot);
    let gone = bot.ask("/sources status:gone");
    assert_eq!(gone.kind, ReplyKind::Answer, "{}", text_of(&gone));
    let text = text_of(&gone);
    assert!(text.contains("Sources whose address is gone"), "{text}");
    assert!(text.contains("The Advocate"), "{text}");
    // Since the first check that found it gone, not the last.
    assert!(
        text.contains("Gone since 2026-12-02 (last checked 2026-12-03)."),
        "{text}"
    );
    assert!(!text.contains("new.example"), "{text}");
    gone.check_citations().unwrap();

    let moved = text_of(&bot.ask("/sources status:moved"));
    assert!(
        moved.contains("Moved to https://new.example/story (since 2026-12-03)."),
        "{moved}"
    );
    let flaky = text_of(&bot.ask_as(Role::Moderator, Locale::Es, "/sources status:flaky"));
    assert!(
        flaky.contains("No responde de forma fiable desde 2026-12-03"),
        "{flaky}"
    );
}

#[test]
fn none_found_says_so_and_members_are_refused() {
    let mut bot = Seeded::new();
    let reply = bot.ask("/sources status:gone");
    assert_eq!(reply.kind, ReplyKind::Empty);
    assert!(
        text_of(&reply).contains("No source's address is gone as of the last check"),
        "{}",
        text_of(&reply)
    );
    let member = bot.ask_member("/sources status:gone");
    assert_eq!(member.kind, ReplyKind::Error, "{}", text_of(&member));
    let bad = bot.ask("/sources status:broken");
    assert_eq!(bad.kind, ReplyKind::Error);
    assert!(text_of(&bad).contains("gone"), "{}", text_of(&bad));
    // Without status: the plain list, open to all.
    assert_eq!(bot.ask_member("/sources").kind, ReplyKind::Answer);
}

fn last_audit_id(bot: &Seeded) -> i64 {
    let store = bot.core.store();
    store
        .audit_since(0, u64::MAX >> 1)
        .unwrap()
        .last()
        .map_or(0, |e| e.id)
}

fn digest(bot: &Seeded, from: i64, to: i64, loc: Locale) -> (String, bool) {
    let store = bot.core.store();
    let case = store.case_by_key(common::CASE).unwrap().unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let built = casewatch::core::digest::build::build(&store, &case, from, to, day, loc).unwrap();
    built.reply.check_citations().unwrap();
    (
        casewatch::render::text::render(&built.reply, loc),
        built.is_empty,
    )
}

#[test]
fn the_next_digest_mentions_a_newly_gone_source_once_with_its_archived_copy() {
    let mut bot = Seeded::new();
    let start = last_audit_id(&bot);
    let gone = |status| Probe::Answered {
        status,
        final_url: "https://x.example/".into(),
        moved_permanently: false,
    };
    // S1 goes gone; S3 was gone already before this digest's range.
    record(&bot, 3, "2026-12-01T08:00:00Z", gone(410), LinkStatus::Gone);
    let mid = last_audit_id(&bot);
    record(&bot, 1, "2026-12-03T08:00:00Z", gone(404), LinkStatus::Gone);
    record(&bot, 1, "2026-12-04T08:00:00Z", gone(404), LinkStatus::Gone);
    record(&bot, 3, "2026-12-04T08:00:00Z", gone(410), LinkStatus::Gone);
    let copy = "https://web.archive.org/web/2025/https://www.advocate.com/politics/andry-hernandez-romero-mark-takano";
    bot.ask(&format!("/source archive id:S1 url:{copy}"));
    let end = last_audit_id(&bot);

    let (text, empty) = digest(&bot, mid, end, Locale::En);
    assert!(!empty);
    assert!(text.contains("Sources no longer reachable"), "{text}");
    assert_eq!(text.matches("stopped answering").count(), 1, "{text}");
    assert!(text.contains("S1 The Advocate"), "{text}");
    assert!(
        text.contains(&format!(
            "Its address stopped answering on 2026-12-03; archived copy: {copy}"
        )),
        "{text}"
    );
    let (es, _) = digest(&bot, mid, end, Locale::Es);
    assert!(
        es.contains("Su dirección dejó de responder el 2026-12-03; copia archivada:"),
        "{es}"
    );

    // The earlier range has S3 alone, with no copy known.
    let (earlier, _) = digest(&bot, start, mid, Locale::En);
    assert!(earlier.contains("S3 "), "{earlier}");
    assert!(
        earlier.contains("no archived copy is known yet"),
        "{earlier}"
    );
    // The next digest does not repeat it.
    record(&bot, 1, "2026-12-05T08:00:00Z", gone(404), LinkStatus::Gone);
    let (next, _) = digest(&bot, end, last_audit_id(&bot), Locale::En);
    assert!(!next.contains("stopped answering"), "{next}");
}

// The site and the Discord renderer are features (discord brings web).
#[cfg(feature = "discord")]
#[test]
fn answers_the_site_and_exports_mark_a_gone_source_and_name_its_archived_copy() {
    use casewatch::adapters::web::site::{Asked, Site};
    let mut bot = Seeded::new();
    let copy = "https://web.archive.org/web/2025/https://www.advocate.com/politics/andry-hernandez-romero-mark-takano";
    bot.ask(&format!("/source archive id:S1 url:{copy}"));
    // Before any check: the copy is there, the address not called gone.
    let before = text_of(&bot.ask("/sources S1"));
    assert!(before.contains(&format!("archived: {copy}")), "{before}");
    assert!(!before.contains("address gone"), "{before}");

    record(
        &bot,
        1,
        "2026-12-03T08:00:00Z",
        Probe::Answered {
            status: 404,
            final_url: "https://x.example/".into(),
            moved_permanently: false,
        },
        LinkStatus::Gone,
    );
    let reply = bot.ask("/sources S1");
    let text = text_of(&reply);
    assert!(
        text.contains(&format!("[address gone] archived copy: {copy}")),
        "{text}"
    );
    let es = casewatch::render::text::render(
        &bot.ask_as(Role::Member, Locale::Es, "/sources S1"),
        Locale::Es,
    );
    assert!(
        es.contains(&format!("[dirección desaparecida] copia archivada: {copy}")),
        "{es}"
    );
    let matrix = casewatch::render::matrix::render(&reply, Locale::En);
    assert!(
        matrix.html.contains("<strong>[address gone]</strong>"),
        "{}",
        matrix.html
    );
    assert!(
        matrix.html.contains(">archived copy</a>"),
        "{}",
        matrix.html
    );
    let discord =
        serde_json::to_string(&casewatch::render::discord::render(&reply, Locale::En)).unwrap();
    assert!(discord.contains("**address gone**"), "{discord}");
    assert!(discord.contains("[archived copy]("), "{discord}");

    let core = std::sync::Arc::new(bot.core);
    let site = Site::new(std::sync::Arc::clone(&core), None);
    let page = site.page(&Asked::get("/andry-hernandez-romero/sources/S1"));
    let html = String::from_utf8(page.body).unwrap();
    assert!(html.contains("[address gone]"), "{html}");
    assert!(html.contains(">archived copy</a>"), "{html}");
    let feed = site.page(&Asked::get("/andry-hernandez-romero/feed.atom"));
    let feed = String::from_utf8(feed.body).unwrap();
    assert!(feed.contains("[address gone]"), "{feed}");
}

#[test]
fn a_source_flapping_between_gone_and_flaky_is_announced_once() {
    let bot = Seeded::new();
    let start = last_audit_id(&bot);
    let answered = |status| Probe::Answered {
        status,
        final_url: "https://x.example/".into(),
        moved_permanently: false,
    };
    record(
        &bot,
        1,
        "2026-12-01T08:00:00Z",
        answered(404),
        LinkStatus::Gone,
    );
    let first = last_audit_id(&bot);
    let (text, _) = digest(&bot, start, first, Locale::En);
    assert!(text.contains("stopped answering on 2026-12-01"), "{text}");
    // 503 then 404 again: the next digest has nothing to say of it.
    record(
        &bot,
        1,
        "2026-12-02T08:00:00Z",
        answered(503),
        LinkStatus::Flaky,
    );
    record(
        &bot,
        1,
        "2026-12-03T08:00:00Z",
        answered(404),
        LinkStatus::Gone,
    );
    let (next, _) = digest(&bot, first, last_audit_id(&bot), Locale::En);
    assert!(!next.contains("stopped answering"), "{next}");

    // An answer in between re-arms it: gone again is news again.
    let mid = last_audit_id(&bot);
    record(
        &bot,
        1,
        "2026-12-04T08:00:00Z",
        answered(200),
        LinkStatus::Ok,
    );
    record(
        &bot,
        1,
        "2026-12-05T08:00:00Z",
        answered(410),
        LinkStatus::Gone,
    );
    let (again, _) = digest(&bot, mid, last_audit_id(&bot), Locale::En);
    assert!(again.contains("stopped answering on 2026-12-05"), "{again}");
}

#[test]
fn the_digest_leaves_out_a_source_that_answers_again() {
    let bot = Seeded::new();
    let start = last_audit_id(&bot);
    let answered = |status| Probe::Answered {
        status,
        final_url: "https://x.example/".into(),
        moved_permanently: false,
    };
    record(
        &bot,
        1,
        "2026-12-01T08:00:00Z",
        answered(404),
        LinkStatus::Gone,
    );
    record(
        &bot,
        3,
        "2026-12-01T08:00:00Z",
        answered(404),
        LinkStatus::Gone,
    );
    record(
        &bot,
        1,
        "2026-12-02T08:00:00Z",
        answered(200),
        LinkStatus::Ok,
    );
    let (text, _) = digest(&bot, start, last_audit_id(&bot), Locale::En);
    assert_eq!(text.matches("stopped answering").count(), 1, "{text}");
    assert!(text.contains("S3 "), "{text}");
    assert!(!text.contains("S1 The Advocate"), "{text}");
}

#[cfg(feature = "web")]
#[test]
fn a_source_that_answers_again_changes_the_sites_validator_and_cached_exports() {
    use casewatch::adapters::web::site::{Asked, Site};
    let bot = Seeded::new();
    let answered = |status| Probe::Answered {
        status,
        final_url: "https://x.example/".into(),
        moved_permanently: false,
    };
    record(
        &bot,
        1,
        "2026-12-03T08:00:00Z",
        answered(404),
        LinkStatus::Gone,
    );
    let core = std::sync::Arc::new(bot.core);
    let site = Site::new(std::sync::Arc::clone(&core), None);
    let page = "/andry-hernandez-romero/sources/S1";
    let feed = "/andry-hernandez-romero/feed.atom";
    let first = site.page(&Asked::get(page));
    assert!(String::from_utf8_lossy(&first.body).contains("[address gone]"));
    let etag = first.etag.expect("an ETag");
    let cached = site.page(&Asked::get(feed));
    assert!(String::from_utf8_lossy(&cached.body).contains("[address gone]"));
    let revalidate = |address: &str, etag: &str| {
        site.page(&Asked {
            if_none_match: Some(etag.to_string()),
            ..Asked::get(address)
        })
    };
    assert_eq!(revalidate(page, &etag).status, 304, "unchanged: 304");

    // Back the next day: no audit entry, yet the pages must change.
    {
        let mut store = core.store_mut();
        let url = store.source(1).unwrap().unwrap().1.url;
        store
            .record_link_check(&LinkCheck {
                source_id: 1,
                url,
                checked_at: chrono::DateTime::parse_from_rfc3339("2026-12-04T08:00:00Z")
                    .unwrap()
                    .to_utc(),
                probe: answered(200),
                status: LinkStatus::Ok,
                unreachable_since: None,
            })
            .unwrap();
    }
    let again = revalidate(page, &etag);
    assert_eq!(again.status, 200, "a 304 after the status changed");
    assert_ne!(again.etag.as_deref(), Some(etag.as_str()));
    assert!(!String::from_utf8_lossy(&again.body).contains("[address gone]"));
    let feed_again = site.page(&Asked::get(feed));
    let feed_again = String::from_utf8_lossy(&feed_again.body);
    assert!(!feed_again.contains("[address gone]"), "{feed_again}");
}

#[test]
fn a_source_id_and_a_status_together_are_refused_in_both_languages() {
    let mut bot = Seeded::new();
    checked(&bot);
    let before = last_audit_id(&bot);
    let reply = bot.ask("/sources id:S1 status:gone");
    assert_eq!(reply.kind, ReplyKind::Error, "{}", text_of(&reply));
    assert!(
        text_of(&reply).contains(
            "Give either id:S1 (one source) or status:gone (the sources whose address is gone), not both; for example /sources status:gone."
        ),
        "{}",
        text_of(&reply)
    );
    let es = bot.ask_as(Role::Moderator, Locale::Es, "/sources S1 status:moved");
    assert_eq!(es.kind, ReplyKind::Error);
    assert!(
        text_of(&es).contains("Indica id:S1 (una fuente) o status:moved (las fuentes cuya dirección está en ese estado), no ambos; por ejemplo /sources status:moved."),
        "{}",
        text_of(&es)
    );
    assert_eq!(last_audit_id(&bot), before, "nothing changed");
}
