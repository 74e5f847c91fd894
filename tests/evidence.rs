//! Changes carry their evidence and nothing is erased: a correction needs a
//! source that joins the record's citations, every change records who and
//! where, a retracted source supports nothing in any answer, and the
//! database refuses deletes and history-erasing updates even from raw SQL.

mod common;

use casewatch::adapters::console;
use casewatch::core::i18n::Locale;
use casewatch::core::reply::{Block, Reply, ReplyKind};
use casewatch::core::{Invocation, Role};
use casewatch::store::AuditEntry;
use common::{text_of, Seeded};
use rstest::rstest;

fn last_audit(bot: &Seeded) -> AuditEntry {
    bot.core
        .store()
        .audit_since(0, u64::MAX >> 1)
        .unwrap()
        .pop()
        .unwrap()
}

/// A moderator in a Discord channel, so the place is not the console's.
fn in_channel(bot: &mut Seeded, line: &str) -> Reply {
    let invocation = Invocation {
        place: "discord:111/222".into(),
        ..console::invocation(Role::Moderator, Locale::En)
    };
    let reply = bot.core.handle_line(&invocation, line);
    reply.check_citations().unwrap();
    reply
}

/// Adds an event cited to one new source; returns (event id, source id).
fn add_event_with_own_source(bot: &mut Seeded) -> (String, String) {
    let reply = bot.ask("/update add date:2025-10-01 text:\"A vigil for the men held in CECOT took place in Los Angeles\" url:https://example.org/vigil title:\"Vigil in Los Angeles\" publication:\"Example Daily\" published:2025-10-02");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let (event, source) = {
        let store = bot.core.store();
        let (entries, _) = store
            .timeline(
                1,
                &casewatch::store::TimelineFilter {
                    from: Some("2025-10".parse().unwrap()),
                    ..Default::default()
                },
                0,
                50,
            )
            .unwrap();
        let e = entries
            .into_iter()
            .find(|e| e.text.contains("vigil"))
            .unwrap();
        assert_eq!(e.sources.len(), 1);
        (format!("E{}", e.id), e.sources[0].record_id())
    };
    (event, source)
}

#[rstest]
#[case::english(Locale::En, "Every record needs a source")]
#[case::spanish(Locale::Es, "Todo registro necesita una fuente")]
fn a_correction_without_a_source_is_refused_and_changes_nothing(
    #[case] locale: Locale,
    #[case] expected: &str,
) {
    let mut bot = Seeded::new();
    let before = bot.fingerprint();
    let reply = bot.ask_as(
        Role::Moderator,
        locale,
        "/correct id:E1 text:\"New words the record's sources do not say\" reason:\"Better wording\"",
    );
    assert_eq!(reply.kind, ReplyKind::Error);
    let text = casewatch::render::text::render(&reply, locale);
    assert!(text.contains(expected), "{text}");
    assert_eq!(bot.fingerprint(), before);
}

#[test]
fn a_correction_with_a_new_source_lands_among_the_records_citations() {
    let mut bot = Seeded::new();
    bot.grant("discord:111");
    let old = bot.core.store().event(1).unwrap().unwrap().1;
    let reply = in_channel(&mut bot, "/correct id:E1 text:\"Corrected wording of the first event.\" reason:\"The court record gives another date\" url:https://example.org/court title:\"Court record\" publication:\"Example Court News\" published:2025-10-05");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let (_, now) = bot.core.store().event(1).unwrap().unwrap();
    assert_eq!(now.text, "Corrected wording of the first event.");
    let new_source = now
        .sources
        .iter()
        .find(|s| s.url == "https://example.org/court")
        .expect("the correction's source is cited by the record");
    // The old sources stay, the new one comes after them.
    assert_eq!(now.sources.len(), old.sources.len() + 1);
    assert_eq!(now.sources.last().unwrap().id, new_source.id);
    assert!(text_of(&bot.ask_member("/cite E1")).contains("Example Court News"));

    let entry = last_audit(&bot);
    assert_eq!(entry.action, "correct");
    assert_eq!(entry.actor, "console:local");
    assert_eq!(entry.place.as_deref(), Some("discord:111/222"));
    assert_eq!(
        entry.reason.as_deref(),
        Some("The court record gives another date")
    );
    let before: serde_json::Value = serde_json::from_str(&entry.before.unwrap()).unwrap();
    let after: serde_json::Value = serde_json::from_str(&entry.after.unwrap()).unwrap();
    assert_eq!(before["text"], old.text.as_str());
    assert_eq!(after["text"], "Corrected wording of the first event.");
    assert_eq!(after["correction_source_id"], new_source.id);
}

#[test]
fn a_wording_fix_names_a_source_the_record_already_cites() {
    let mut bot = Seeded::new();
    let old = bot.core.store().event(1).unwrap().unwrap().1;
    let cited = old.sources[0].record_id();
    let reply = bot.ask(&format!(
        "/correct id:E1 text:\"Same fact, clearer words.\" reason:\"Wording\" source:{cited}"
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let now = bot.core.store().event(1).unwrap().unwrap().1;
    assert_eq!(now.text, "Same fact, clearer words.");
    assert_eq!(now.sources, old.sources, "no citation added or moved");
}

#[test]
fn retractions_and_status_changes_record_where_they_were_made() {
    let mut bot = Seeded::new();
    bot.grant("discord:111");
    let reply = in_channel(
        &mut bot,
        "/action status id:A1 status:passed reason:\"Floor vote\" source:S2",
    );
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let entry = last_audit(&bot);
    assert_eq!(
        (entry.action.as_str(), entry.place.as_deref()),
        ("status", Some("discord:111/222"))
    );
    let reply = bot.ask("/retract id:Q2 reason:\"Duplicate\"");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let entry = last_audit(&bot);
    assert_eq!(
        (entry.action.as_str(), entry.place.as_deref()),
        ("retract", Some("console"))
    );
}

#[test]
fn a_record_whose_only_source_is_retracted_is_hidden_and_explained() {
    let mut bot = Seeded::new();
    let seeded_events = events_on_record(&text_of(&bot.ask_member("/case")));
    let (event, source) = add_event_with_own_source(&mut bot);
    assert!(text_of(&bot.ask_member("/timeline from:2025-10")).contains("A vigil"));
    assert!(text_of(&bot.ask_member("/search vigil")).contains(&event));
    let card = text_of(&bot.ask_member("/case"));
    assert_eq!(events_on_record(&card), seeded_events + 1, "{card}");

    let reply = bot.ask(&format!(
        "/retract id:{source} reason:\"The article was withdrawn\""
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    assert!(
        text_of(&reply).contains("1 had no other source and are now hidden"),
        "{}",
        text_of(&reply)
    );

    assert!(!text_of(&bot.ask_member("/timeline from:2025-10")).contains("A vigil"));
    assert_eq!(bot.ask_member("/search vigil").kind, ReplyKind::Empty);
    let card = text_of(&bot.ask_member("/case"));
    assert_eq!(events_on_record(&card), seeded_events, "{card}");

    let sources = text_of(&bot.ask_member(&format!("/sources {source}")));
    assert!(
        sources.contains("A vigil")
            && sources.contains("[hidden from answers: its only source was retracted]"),
        "{sources}"
    );
    let history = text_of(&bot.ask_member(&format!("/history {event}")));
    assert!(
        history.contains(&format!(
            "{event} is hidden from every answer because its only source was retracted"
        )) && history.contains(&format!("Its source {source} was retracted")),
        "{history}"
    );
    // Still on file, never deleted.
    assert!(bot.core.store().uncited().unwrap().is_empty());
}

#[test]
fn a_record_with_another_live_source_shows_only_that_one() {
    let mut bot = Seeded::new();
    let (event, first) = add_event_with_own_source(&mut bot);
    let reply = bot.ask(&format!("/correct id:{event} text:\"A vigil for the men held in CECOT took place in Los Angeles on October 1\" reason:\"Second report gives the day\" url:https://example.org/vigil-2 title:\"Second vigil report\" publication:\"Example Weekly\" published:2025-10-03"));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let reply = bot.ask(&format!("/retract id:{first} reason:\"Withdrawn\""));
    assert!(
        text_of(&reply).contains("1 still have another source"),
        "{}",
        text_of(&reply)
    );
    for line in [
        "/timeline from:2025-10",
        &format!("/cite {event}"),
        "/search vigil",
    ] {
        let reply = bot.ask_member(line);
        let text = text_of(&reply);
        assert!(text.contains("on October 1"), "{line}: {text}");
        assert!(text.contains("Second vigil report"), "{line}: {text}");
        assert!(
            !reply.sources.iter().any(|s| s.id == first || s.retracted),
            "{line} cites the retracted source: {text}"
        );
    }
}

/// The case card's count of events on record.
fn events_on_record(card: &str) -> u64 {
    card.split("On record: ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of events in {card}"))
}

/// The events S3 is the only source of, and the live events in all.
fn events_supported_only_by_s3(bot: &Seeded) -> (Vec<String>, usize) {
    let conn = rusqlite::Connection::open(bot.db_path()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT 'E' || e.id FROM events e WHERE e.retracted_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.kind = 'events' AND c.record_id = e.id AND c.source_id <> 3)",
        )
        .unwrap();
    let alone = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<String>, _>>()
        .unwrap();
    let live: usize = conn
        .query_row(
            "SELECT count(*) FROM events WHERE retracted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (alone, live)
}

#[test]
fn no_answer_cites_a_retracted_source_as_support() {
    let mut bot = Seeded::new();
    // S3 supports many records, some alone, some beside others.
    let (alone, live) = events_supported_only_by_s3(&bot);
    assert!(!alone.is_empty(), "the seed has events cited by S3 alone");
    let reply = bot.ask("/retract id:S3 reason:\"Test of the rule\"");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    for line in [
        "/case",
        "/timeline",
        "/timeline page:2",
        "/quote",
        "/quote takano",
        "/quote hernandez",
        "/actions",
        "/person garcia",
        "/person takano",
        "/search hernandez",
        "/search cecot",
        "/cite E1",
        "/digest preview",
    ] {
        let reply = bot.ask_member(line);
        assert!(
            matches!(reply.kind, ReplyKind::Answer | ReplyKind::Empty),
            "{line}: {}",
            text_of(&reply)
        );
        // A retracted source may appear only as itself (the digest reports
        // its retraction), never beside a statement it used to support.
        for block in &reply.blocks {
            if let Block::Fact { record, cites, .. } = block {
                for n in cites {
                    let source = &reply.sources[n - 1];
                    assert!(
                        !source.retracted || record.as_deref() == Some(source.id.as_str()),
                        "{line} cites retracted {} for {record:?}:\n{}",
                        source.id,
                        text_of(&reply)
                    );
                }
            }
        }
    }
    // The events S3 supported alone are gone from every page, the others
    // stay, and the pages shrink to fit.
    let shown = live - alone.len();
    let pages = shown.div_ceil(10);
    let timeline: String = (1..=pages)
        .map(|page| text_of(&bot.ask_member(&format!("/timeline page:{page}"))))
        .collect();
    for id in &alone {
        assert!(
            !timeline.contains(&format!("({id})")),
            "{id} is still shown:\n{timeline}"
        );
    }
    assert_eq!(timeline.matches("  (E").count(), shown, "{timeline}");
    assert_eq!(
        bot.ask_member(&format!("/timeline page:{}", pages + 1))
            .kind,
        ReplyKind::Error
    );
}

/// Makes one row of each history-bearing table exist and be final: a
/// decided suggestion, a subscription and a run, one retraction per
/// record table.
fn store_with_history() -> Seeded {
    let mut bot = Seeded::new();
    for line in [
        "/suggest date:2025-11 text:\"A vigil was held\" source:S1",
        "/review id:1 decision:approve",
        "/digest subscribe 08:00 UTC",
        "/retract id:E2 reason:x",
        "/retract id:Q2 reason:x",
        "/retract id:A2 reason:x",
        "/retract id:F2 reason:x",
        "/retract id:P15 reason:x",
        "/retract id:S5 reason:x",
    ] {
        let reply = bot.ask(line);
        assert_eq!(
            reply.kind,
            ReplyKind::Confirmation,
            "{line}: {}",
            text_of(&reply)
        );
    }
    let conn = rusqlite::Connection::open(bot.db_path()).unwrap();
    conn.execute(
        "INSERT INTO digest_runs (subscription_id, local_date, audit_from, audit_to, prepared_at) VALUES (1, '2026-01-01', 0, 1, 'x')",
        [],
    )
    .unwrap();
    bot
}

#[rstest]
#[case::delete_citation("DELETE FROM citations WHERE kind = 'events' AND record_id = 1")]
#[case::delete_status("DELETE FROM action_statuses WHERE id = 1")]
#[case::delete_case("DELETE FROM cases")]
#[case::delete_suggestion("DELETE FROM suggestions")]
#[case::delete_audit("DELETE FROM audit_log")]
#[case::delete_subscription("DELETE FROM digest_subscriptions")]
#[case::delete_run("DELETE FROM digest_runs")]
#[case::delete_event("DELETE FROM events WHERE id = 1")]
#[case::citation_to_another_record(
    "UPDATE citations SET record_id = 3 WHERE kind = 'events' AND record_id = 1"
)]
#[case::citation_to_another_kind(
    "UPDATE citations SET kind = 'quotes' WHERE kind = 'events' AND record_id = 1"
)]
#[case::citation_to_another_source(
    "UPDATE citations SET source_id = 2 WHERE kind = 'events' AND record_id = 1 AND source_id = 4"
)]
#[case::status_rewritten("UPDATE action_statuses SET status = 'passed' WHERE id = 1")]
#[case::status_reordered("UPDATE action_statuses SET position = position + 10 WHERE id = 1")]
#[case::unretract_source("UPDATE sources SET retracted_at = NULL WHERE id = 5")]
#[case::unretract_person("UPDATE people SET retracted_at = NULL WHERE id = 15")]
#[case::unretract_event("UPDATE events SET retracted_at = NULL WHERE id = 2")]
#[case::unretract_quote("UPDATE quotes SET retracted_at = NULL WHERE id = 2")]
#[case::unretract_action("UPDATE actions SET retracted_at = NULL WHERE id = 2")]
#[case::unretract_figure("UPDATE figures SET retracted_at = NULL WHERE id = 2")]
#[case::retraction_reattributed("UPDATE events SET retracted_by = 'someone else' WHERE id = 2")]
#[case::retraction_redated("UPDATE quotes SET retracted_at = '2020-01-01T00:00:00Z' WHERE id = 2")]
#[case::decision_undone("UPDATE suggestions SET state = 'pending' WHERE id = 1")]
#[case::decision_changed("UPDATE suggestions SET state = 'rejected' WHERE id = 1")]
#[case::decider_changed("UPDATE suggestions SET reviewed_by = 'someone else' WHERE id = 1")]
fn sqlite_refuses_what_would_erase_history(#[case] sql: &str) {
    let bot = store_with_history();
    let before = bot.fingerprint();
    let conn = rusqlite::Connection::open(bot.db_path()).unwrap();
    // The statement must have a row to act on, or the refusal proves nothing.
    let target = sql.split_once(" WHERE ").map(|(_, w)| w).unwrap_or("1");
    let table = sql
        .split_whitespace()
        .find(|w| !["DELETE", "FROM", "UPDATE"].contains(w))
        .unwrap();
    let rows: i64 = conn
        .query_row(
            &format!("SELECT count(*) FROM {table} WHERE {target}"),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(rows > 0, "{sql} matches no row");
    let err = conn.execute(sql, []).expect_err(sql);
    assert!(
        matches!(err, rusqlite::Error::SqliteFailure(ref e, _) if e.code == rusqlite::ErrorCode::ConstraintViolation),
        "{sql}: {err}"
    );
    drop(conn);
    assert_eq!(bot.fingerprint(), before, "{sql} changed the store");
}

#[test]
fn what_the_store_itself_updates_is_still_allowed() {
    let bot = store_with_history();
    let conn = rusqlite::Connection::open(bot.db_path()).unwrap();
    // A pending suggestion may be decided, a live record retracted, a
    // subscription disabled and a run finished.
    for sql in [
        "UPDATE events SET retracted_at = 'x', retracted_by = 'y', retracted_reason = 'z' WHERE id = 3",
        "UPDATE digest_subscriptions SET active = 0, disabled_reason = 'gone' WHERE id = 1",
        "UPDATE digest_runs SET state = 'sent', finished_at = 'x' WHERE id = 1",
        "UPDATE citations SET position = position WHERE kind = 'events' AND record_id = 1",
    ] {
        assert_eq!(conn.execute(sql, []).expect(sql), 1, "{sql}");
    }
}
