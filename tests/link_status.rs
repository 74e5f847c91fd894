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
