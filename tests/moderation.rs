//! Moderator writes and member suggestions: each is sourced, shows up in
//! answers with its citation, lands in the audit log, and deletes nothing.

mod common;

use casewatch::core::reply::{Block, ReplyKind};
use casewatch::store::NewEvent;
use common::{text_of, Seeded};

fn audit_count(bot: &Seeded) -> usize {
    bot.core
        .store()
        .audit_since(0, u64::MAX >> 1)
        .unwrap()
        .len()
}

#[test]
fn an_update_with_an_inline_source_is_stored_cited_and_audited() {
    let mut bot = Seeded::new();
    let audits = audit_count(&bot);
    let reply = bot.ask(
        "/update add date:2025-10-01 text:\"Rep. X introduced a resolution on CECOT detainees\" url:https://example.org/article title:\"Headline of the article\" publication:\"Example News\" published:2025-10-02 tags:congress",
    );
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let timeline = text_of(&bot.ask_member("/timeline from:2025-10"));
    let line = timeline
        .lines()
        .find(|l| l.contains("Rep. X introduced a resolution"))
        .expect("the update is on the timeline");
    let mark = timeline
        .lines()
        .find(|l| {
            l.contains(
                "Example News, “Headline of the article”, 2025-10-02. https://example.org/article",
            )
        })
        .and_then(|l| l.split(']').next())
        .map(|n| format!("{n}]"))
        .expect("the new source is listed");
    assert!(
        line.starts_with("• 2025-10-01") && line.contains(&mark),
        "{line} should cite {mark}"
    );
    // The source and the event: two audit entries, with who did it.
    let log = bot.core.store().audit_since(0, u64::MAX >> 1).unwrap();
    assert_eq!(log.len(), audits + 2);
    assert!(log
        .iter()
        .rev()
        .take(2)
        .all(|e| e.actor == "console:local" && e.action == "insert"));
    assert!(text_of(&bot.ask_member("/search resolution")).contains("Rep. X"));
}

#[test]
fn a_quote_by_a_new_speaker_needs_a_role_and_then_adds_the_person_cited() {
    let mut bot = Seeded::new();
    let reply = bot.ask("/quote add speaker:\"Jane Roe\" role:\"Immigration attorney\" text:\"He deserved a hearing.\" source:2");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let person = text_of(&bot.ask_member("/person roe"));
    assert!(
        person.contains("Jane Roe — Immigration attorney [1]"),
        "{person}"
    );
    assert!(person.contains("He deserved a hearing."), "{person}");
}

#[test]
fn corrections_keep_the_old_text_and_reason_in_the_audit_log() {
    let mut bot = Seeded::new();
    let before = bot.core.store().event(1).unwrap().unwrap().1.text;
    let reply = bot.ask("/correct id:E1 text:\"Corrected wording of the first event.\" reason:\"The source says otherwise\" source:S4");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    assert!(text_of(&bot.ask_member("/cite E1")).contains("Corrected wording of the first event."));
    let last = bot
        .core
        .store()
        .audit_since(0, u64::MAX >> 1)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.action, "correct");
    assert_eq!(last.reason.as_deref(), Some("The source says otherwise"));
    assert!(last.before.unwrap().contains(&before.replace('"', "\\\"")));
}

#[test]
fn retracted_records_leave_answers_but_stay_on_file() {
    let mut bot = Seeded::new();
    let quote = text_of(&bot.ask_member("/cite Q1"));
    assert!(quote.contains("stain on the moral fabric"));
    assert_eq!(
        bot.ask("/retract id:Q1 reason:\"Misattributed\"").kind,
        ReplyKind::Confirmation
    );
    assert!(!text_of(&bot.ask_member("/quote takano")).contains("stain on the moral fabric"));
    assert!(!text_of(&bot.ask_member("/search stain moral fabric")).contains("Q1"));
    let cite = text_of(&bot.ask_member("/cite Q1"));
    assert!(
        cite.contains("stain on the moral fabric") && cite.contains("[retracted"),
        "{cite}"
    );
    let stored = bot.core.store().quote(1).unwrap().unwrap().1;
    assert_eq!(stored.retracted.unwrap().reason, "Misattributed");
    let sources = text_of(&bot.ask_member("/sources S2"));
    assert!(
        sources.contains("[retracted"),
        "/sources shows it as retracted: {sources}"
    );
}

#[test]
fn a_suggestion_waits_for_review_then_becomes_a_cited_event() {
    let mut bot = Seeded::new();
    let reply = bot.ask_member(
        "/suggest date:2025-11 text:\"A vigil was held for the men still missing\" url:https://example.org/vigil title:\"Vigil report\" publication:\"Example Daily\" published:2025-11-03",
    );
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    assert!(
        !text_of(&bot.ask_member("/timeline from:2025-11")).contains("vigil"),
        "not public before review"
    );
    let queue = text_of(&bot.ask("/review"));
    assert!(
        queue.contains("#1") && queue.contains("Vigil report"),
        "{queue}"
    );
    let approved = bot.ask("/review id:1 decision:approve");
    assert_eq!(
        approved.kind,
        ReplyKind::Confirmation,
        "{}",
        text_of(&approved)
    );
    let timeline = text_of(&bot.ask_member("/timeline from:2025-11"));
    assert!(
        timeline.contains("A vigil was held") && timeline.contains("Example Daily, “Vigil report”"),
        "{timeline}"
    );
    let again = bot.ask("/review id:1 decision:reject reason:late");
    assert_eq!(again.kind, ReplyKind::Error);
}

#[test]
fn a_rejected_suggestion_is_kept_with_its_reason() {
    let mut bot = Seeded::new();
    bot.ask_member("/suggest date:2025-11 text:\"Unfounded claim\" source:1");
    let reply = bot.ask("/review id:1 decision:reject reason:\"The source does not say this\"");
    assert_eq!(reply.kind, ReplyKind::Confirmation);
    let stored = bot.core.store().suggestion(1).unwrap().unwrap();
    assert_eq!(stored.state, "rejected");
    assert_eq!(
        stored.review_reason.as_deref(),
        Some("The source does not say this")
    );
}

#[test]
fn an_action_status_change_is_cited_and_becomes_current() {
    let mut bot = Seeded::new();
    let reply = bot.ask("/action status id:A1 status:passed date:2026-01 reason:\"Floor vote\" url:https://example.org/vote title:\"House passes bill\" publication:\"Example Wire\" published:2026-01-15");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let actions = text_of(&bot.ask_member("/actions status:passed"));
    assert!(
        actions.contains("Status: passed") && actions.contains("Example Wire"),
        "{actions}"
    );
}

#[test]
fn the_store_itself_refuses_an_uncited_record() {
    let bot = Seeded::new();
    let before = bot.fingerprint();
    let result = bot.core.store_mut().write("test", |w| {
        w.insert_event(
            1,
            &NewEvent {
                key: "uncited".into(),
                date: "2025".parse().unwrap(),
                text: "No source".into(),
                tags: vec![],
                people: vec![],
                sources: vec![],
            },
        )
    });
    assert!(result.is_err(), "an uncited event was committed");
    assert_eq!(bot.fingerprint(), before);
    assert!(bot.core.store().uncited().unwrap().is_empty());
}

#[test]
fn records_cannot_be_deleted_even_with_sql() {
    let bot = Seeded::new();
    let conn = rusqlite::Connection::open(bot.db_path()).unwrap();
    let err = conn
        .execute("DELETE FROM events WHERE id = 1", [])
        .unwrap_err();
    assert!(
        err.to_string().contains("retracted, never deleted"),
        "{err}"
    );
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
}

#[test]
fn confirmations_show_the_new_record_with_its_citation() {
    let mut bot = Seeded::new();
    let reply = bot.ask("/action add kind:letter name:\"Letter to DHS\" summary:\"Members asked DHS for records.\" led_by:\"Robert Garcia\" status:sent source:3");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    assert!(reply.ephemeral);
    assert!(reply
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Fact { cites, .. } if !cites.is_empty())));
    assert!(text_of(&bot.ask_member("/person garcia")).contains("Letter to DHS"));
}
