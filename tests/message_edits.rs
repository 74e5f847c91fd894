//! Corrections reach posted messages: the edit queue against a real SQLite
//! file. A digest is posted through a sink that renders text and hands
//! back message ids; a correction or retraction of a record it shows is
//! queued once, sent once, retried with backoff, kept across a restart
//! (the file reopened), and skipped for a message the platform says is gone.
//! Two corrections of one message go out together, so an older one retried
//! never undoes a newer one.

mod common;
mod message_edits_support;

use casewatch::core::digest::run::{run_due, DigestSettings};
use casewatch::core::edits::{send_due_edits, EditError, EditReport, EditSettings};
use casewatch::core::i18n::Locale;
use casewatch::core::reply::ReplyKind;
use common::text_of;
use message_edits_support::{
    edit_states, edits_pass, first_action, last_change_day, posted_digest, reopen, utc, Channel,
};

#[test]
fn a_correction_edits_the_digest_that_showed_the_record_once() {
    let mut channel = Channel::default();
    let (mut bot, id) = posted_digest(Locale::En, &mut channel);
    // Nothing to edit before a correction.
    assert_eq!(edits_pass(&bot, &mut channel), EditReport::default());

    bot.clock.set(utc("2026-11-23T10:00:00Z"));
    let reply = bot.ask(&format!(
        "/correct id:{id} text:\"The family filed a second appeal.\" reason:\"It was the second\" source:S4"
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let report = edits_pass(&bot, &mut channel);
    assert_eq!(report.queued, 1, "{report:?}");
    assert_eq!(report.edited.len(), 1, "{report:?}");
    assert_eq!(channel.edits.len(), 1);
    let (message, _, text) = &channel.edits[0];
    assert_eq!(message, "m1");
    assert!(text.contains("The family filed a second appeal."), "{text}");
    assert!(!text.contains("a new appeal"), "{text}");
    assert!(
        text.contains(&format!(
            "{id} Corrected on {}: It was the second [",
            last_change_day(&bot)
        )),
        "{text}"
    );
    // The rest of the digest is still there, still cited.
    assert!(text.contains("Daily digest"), "{text}");
    assert_eq!(edit_states(&bot), [("sent".to_string(), 1)]);

    // At most once: not again in the next pass, nor after a restart.
    assert_eq!(edits_pass(&bot, &mut channel), EditReport::default());
    reopen(&mut bot);
    assert_eq!(edits_pass(&bot, &mut channel), EditReport::default());
    assert_eq!(channel.edits.len(), 1);

    // The next digest still lists the correction.
    bot.clock.set(utc("2026-11-24T08:30:00Z"));
    run_due(
        bot.core.database(),
        bot.clock.as_ref(),
        &mut channel,
        DigestSettings::default(),
    )
    .unwrap();
    assert!(
        channel.posted[1].1.contains("corrected: now reads"),
        "{}",
        channel.posted[1].1
    );
}

#[test]
fn a_failed_edit_is_retried_with_backoff_and_survives_a_restart() {
    let mut channel = Channel::default();
    let (mut bot, id) = posted_digest(Locale::En, &mut channel);
    bot.clock.set(utc("2026-11-23T10:00:00Z"));
    bot.ask(&format!(
        "/correct id:{id} text:\"The family filed a second appeal.\" reason:\"It was the second\" source:S4"
    ));
    channel.fail_next = vec![
        EditError::Transient("Discord answered 502".into()),
        EditError::Transient("Discord answered 502".into()),
    ];
    let report = edits_pass(&bot, &mut channel);
    assert_eq!(report.retrying.len(), 1, "{report:?}");
    assert_eq!(edit_states(&bot), [("pending".to_string(), 1)]);
    // Not due again before a minute has passed.
    bot.clock.set(utc("2026-11-23T10:00:59Z"));
    assert!(edits_pass(&bot, &mut channel).retrying.is_empty());
    // Second failure: the wait doubles to two minutes.
    bot.clock.set(utc("2026-11-23T10:01:00Z"));
    assert_eq!(edits_pass(&bot, &mut channel).retrying.len(), 1);
    {
        let store = bot.core.store();
        let message = &store.posted_messages("console").unwrap()[0];
        let edit = &store.message_edits(message.id).unwrap()[0];
        assert_eq!(edit.next_attempt_at, "2026-11-23T10:03:00Z");
        assert_eq!(edit.last_error.as_deref(), Some("Discord answered 502"));
    }
    // The process restarts; the queue is in the file.
    reopen(&mut bot);
    bot.clock.set(utc("2026-11-23T10:03:00Z"));
    let report = edits_pass(&bot, &mut channel);
    assert_eq!(report.edited, [(1, 1)], "{report:?}");
    assert_eq!(channel.edits.len(), 1);
    assert_eq!(edit_states(&bot), [("sent".to_string(), 3)]);
}

#[test]
fn a_retraction_replaces_the_statement_and_a_gone_message_is_skipped() {
    let mut channel = Channel::default();
    let (mut bot, id) = posted_digest(Locale::Es, &mut channel);
    bot.clock.set(utc("2026-11-23T10:00:00Z"));
    let reply = bot.ask(&format!(
        "/retract id:{id} reason:\"Duplicate of an earlier entry\""
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    edits_pass(&bot, &mut channel);
    let (_, _, text) = &channel.edits[0];
    // In the subscription's language, the statement replaced, still cited.
    let day = last_change_day(&bot);
    assert!(
        text.contains(&format!(
            "{id} Retirado el {day}: Duplicate of an earlier entry ["
        )),
        "{text}"
    );
    assert!(!text.contains("a new appeal"), "{text}");

    // A second digest shows an open action; the channel then deletes it.
    let action = first_action(&bot);
    assert!(channel.posted[0].1.contains(&format!("A{}", action)));
    bot.clock.set(utc("2026-11-24T08:30:00Z"));
    run_due(
        bot.core.database(),
        bot.clock.as_ref(),
        &mut channel,
        DigestSettings::default(),
    )
    .unwrap();
    assert_eq!(channel.posted.len(), 2);
    let reply = bot.ask(&format!(
        "/correct id:A{} text:\"A corrected summary.\" reason:\"Wording\" source:S4",
        action
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    channel.fail_next = vec![EditError::Gone(
        "Discord answered 404 (10008): Unknown Message".into(),
    )];
    let report = edits_pass(&bot, &mut channel);
    assert_eq!(report.gone.len(), 1, "{report:?}");
    // The other digest that showed the action was edited; the gone one is
    // remembered as gone and never tried again.
    assert_eq!(report.edited.len() + report.gone.len(), 2, "{report:?}");
    let store = bot.core.store();
    let gone: Vec<_> = store
        .posted_messages("console")
        .unwrap()
        .into_iter()
        .filter(|m| m.gone_reason.is_some())
        .collect();
    assert_eq!(gone.len(), 1);
    assert_eq!(
        store
            .message_edits(gone[0].id)
            .unwrap()
            .last()
            .unwrap()
            .state,
        "gone"
    );
    drop(store);
    let reply = bot.ask(&format!(
        "/correct id:A{} text:\"A corrected summary, again.\" reason:\"Wording\" source:S4",
        action
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let report = edits_pass(&bot, &mut channel);
    assert_eq!(report.gone, []);
    assert_eq!(
        report.edited.len(),
        1,
        "only the message still there: {report:?}"
    );
}

/// Whether an edited digest shows both corrections: the event's and the
/// action's new text, each with its "Corrected on" line.
fn shows_both(text: &str, event: &str, action: &str) -> bool {
    text.contains("The family filed a second appeal.")
        && text.contains(&format!("{event} Corrected on "))
        && text.contains("A corrected summary.")
        && text.contains(&format!("{action} Corrected on "))
}

/// A correction of the event at 10:00 whose edit fails once (pending, due
/// again at 10:01, unless `settings` give it up at once), then a second
/// correction of the same digest, of the action, at 10:00:30. Returns the
/// action's label.
fn first_correction_failed(
    bot: &mut common::Seeded,
    channel: &mut Channel,
    id: &str,
    settings: EditSettings,
) -> String {
    let action = format!("A{}", first_action(bot));
    bot.clock.set(utc("2026-11-23T10:00:00Z"));
    let reply = bot.ask(&format!(
        "/correct id:{id} text:\"The family filed a second appeal.\" reason:\"It was the second\" source:S4"
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    channel.fail_next = vec![EditError::Transient("Discord answered 502".into())];
    let report = send_due_edits(bot.core.database(), bot.clock.as_ref(), channel, settings);
    let report = report.unwrap();
    assert_eq!(report.retrying.len() + report.failed.len(), 1, "{report:?}");
    bot.clock.set(utc("2026-11-23T10:00:30Z"));
    let reply = bot.ask(&format!(
        "/correct id:{action} text:\"A corrected summary.\" reason:\"Wording\" source:S4"
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    action
}

#[test]
fn an_older_correction_retried_never_undoes_a_newer_one() {
    let mut channel = Channel::default();
    let (mut bot, id) = posted_digest(Locale::En, &mut channel);
    let action = first_correction_failed(&mut bot, &mut channel, &id, EditSettings::default());
    // The second correction is due now, the first one not yet: the edit
    // shows both, and closes both.
    let report = edits_pass(&bot, &mut channel);
    assert!(shows_both(&channel.edits[0].2, &id, &action));
    // When the first one would have been due again, nothing goes out that
    // shows less: the message still shows both.
    bot.clock.set(utc("2026-11-23T10:01:00Z"));
    edits_pass(&bot, &mut channel);
    bot.clock.set(utc("2026-11-23T11:00:00Z"));
    edits_pass(&bot, &mut channel);
    let (_, _, shown) = channel.edits.last().unwrap();
    assert!(shows_both(shown, &id, &action), "{shown}");
    assert_eq!(channel.edits.len(), 1, "{:?}", channel.edits);
    assert_eq!(report.edited, [(1, 2)], "{report:?}");
    let sent = [("sent".to_string(), 2), ("sent".to_string(), 1)];
    assert_eq!(edit_states(&bot), sent);
}

#[test]
fn the_corrections_of_a_message_fail_and_are_retried_together() {
    let mut channel = Channel::default();
    let (mut bot, id) = posted_digest(Locale::En, &mut channel);
    let action = first_correction_failed(&mut bot, &mut channel, &id, EditSettings::default());
    channel.fail_next = vec![EditError::Transient("Discord answered 502".into())];
    assert_eq!(edits_pass(&bot, &mut channel).retrying.len(), 1);
    // The edit carried both: both wait the second attempt's two minutes.
    {
        let store = bot.core.store();
        let message = &store.posted_messages("console").unwrap()[0];
        let waits: Vec<_> = (store.message_edits(message.id).unwrap().into_iter())
            .map(|e| (e.attempts, e.next_attempt_at))
            .collect();
        let at = "2026-11-23T10:02:30Z".to_string();
        assert_eq!(waits, [(2, at.clone()), (1, at)]);
    }
    bot.clock.set(utc("2026-11-23T10:01:00Z"));
    assert_eq!(edits_pass(&bot, &mut channel), EditReport::default());
    bot.clock.set(utc("2026-11-23T10:02:30Z"));
    assert_eq!(edits_pass(&bot, &mut channel).edited, [(1, 2)]);
    assert_eq!(channel.edits.len(), 1, "{:?}", channel.edits);
    assert!(shows_both(&channel.edits[0].2, &id, &action));

    // A third correction, then the message is found gone: every edit of it
    // still pending is closed with it.
    let reply = bot.ask(&format!(
        "/correct id:{action} text:\"A corrected summary, again.\" reason:\"Wording\" source:S4"
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    channel.fail_next = vec![EditError::Gone("Discord answered 404".into())];
    assert_eq!(edits_pass(&bot, &mut channel).gone.len(), 1);
    let states: Vec<String> = edit_states(&bot).into_iter().map(|(s, _)| s).collect();
    assert_eq!(states, ["sent", "sent", "gone"]);
}

#[test]
fn an_edit_closes_every_correction_it_shows_given_up_or_not_queued_yet() {
    let mut channel = Channel::default();
    let (mut bot, id) = posted_digest(Locale::En, &mut channel);
    // The first correction's edit is given up after one attempt.
    let once = EditSettings {
        max_attempts: 1,
        ..EditSettings::default()
    };
    let action = first_correction_failed(&mut bot, &mut channel, &id, once);
    // The second one's edit shows the first too: both are then sent.
    let report = edits_pass(&bot, &mut channel);
    assert_eq!(report.edited, [(1, 2)], "{report:?}");
    assert!(shows_both(&channel.edits[0].2, &id, &action));
    let sent = [("sent".to_string(), 2), ("sent".to_string(), 1)];
    assert_eq!(edit_states(&bot), sent);

    // A correction made after the pass queued its rows and before it
    // rendered an edit is in that edit: its row is created sent, and the
    // next pass queues and sends nothing for it.
    let reply = bot.ask(&format!(
        "/correct id:{id} text:\"The family filed a third appeal.\" reason:\"Third\" source:S4"
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let newest = bot.core.store().audit_since(0, u64::MAX >> 1).unwrap();
    let newest = newest.last().unwrap().id;
    let now = "2026-11-23T10:00:30Z";
    assert_eq!(
        bot.core
            .store_mut()
            .message_edits_sent(1, &[newest], now)
            .unwrap(),
        1
    );
    assert_eq!(edits_pass(&bot, &mut channel), EditReport::default());
    assert_eq!(edit_states(&bot).len(), 3);
    assert_eq!(channel.edits.len(), 1);
}
