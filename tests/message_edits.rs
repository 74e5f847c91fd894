//! Corrections reach posted messages: the edit queue against a real SQLite
//! file. A digest is posted through a sink that renders text and hands
//! back message ids; a correction or retraction of a record it shows is
//! queued once, sent once, retried with backoff, kept across a restart
//! (the file reopened), and skipped for a message the platform says is gone.

mod common;

use casewatch::core::digest::run::{
    run_due, DigestSettings, DigestSink, PreparedMessage, SendError,
};
use casewatch::core::edits::render::shown_records;
use casewatch::core::edits::{send_due_edits, EditError, EditReport, EditSettings, EditSink};
use casewatch::core::i18n::Locale;
use casewatch::core::reply::{Reply, ReplyKind};
use casewatch::core::{Core, Role};
use casewatch::render::text::render;
use casewatch::store::digest::Subscription;
use casewatch::store::Store;
use chrono::{DateTime, Utc};
use common::{text_of, Seeded, CASE};

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// Posts digests as text and edits them, like a platform would; can be
/// told to fail the next edits.
#[derive(Default)]
struct Channel {
    posted: Vec<(String, String)>,
    edits: Vec<(String, String, String)>,
    fail_next: Vec<EditError>,
}

impl DigestSink for Channel {
    fn platform(&self) -> &str {
        "console"
    }
    fn prepare(&self, digest: &Reply, locale: Locale) -> Vec<String> {
        vec![render(digest, locale)]
    }
    fn prepare_messages(&self, digest: &Reply, locale: Locale) -> Vec<PreparedMessage> {
        vec![PreparedMessage {
            payload: render(digest, locale),
            shown: Some(shown_records(digest, 0, 1)),
        }]
    }
    fn send(&mut self, _: &Subscription, _: &str, _: &str) -> Result<(), SendError> {
        unreachable!("post is used")
    }
    fn post(
        &mut self,
        _: &Subscription,
        _: &str,
        payload: &str,
    ) -> Result<Option<String>, SendError> {
        let id = format!("m{}", self.posted.len() + 1);
        self.posted.push((id.clone(), payload.to_string()));
        Ok(Some(id))
    }
}

impl EditSink for Channel {
    fn platform(&self) -> &str {
        "console"
    }
    fn render(&self, document: &Reply, locale: Locale) -> Vec<String> {
        document
            .check_citations()
            .expect("an edited message is cited");
        vec![render(document, locale)]
    }
    fn edit(&mut self, _: &str, message: &str, key: &str, payload: &str) -> Result<(), EditError> {
        if !self.fail_next.is_empty() {
            return Err(self.fail_next.remove(0));
        }
        self.edits
            .push((message.to_string(), key.to_string(), payload.to_string()));
        Ok(())
    }
}

fn edits_pass(bot: &Seeded, channel: &mut Channel) -> EditReport {
    send_due_edits(
        bot.core.database(),
        bot.clock.as_ref(),
        channel,
        EditSettings::default(),
    )
    .unwrap()
}

/// A bot subscribed at noon on 22 November, with a new event added, and
/// its digest posted the next morning. Returns the new event's id.
fn posted_digest(locale: Locale, channel: &mut Channel) -> (Seeded, String) {
    let mut bot = Seeded::new();
    bot.clock.set(utc("2026-11-22T12:00:00Z"));
    let subscribe = "/digest subscribe time:08:00 timezone:UTC";
    let reply = bot.ask_as(Role::Moderator, locale, subscribe);
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let reply =
        bot.ask("/update add date:2026-11-22 text:\"The family filed a new appeal.\" source:S1");
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    let saved = text_of(&reply);
    let id = saved
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.starts_with('E') && w[1..].chars().all(|c| c.is_ascii_digit()) && w.len() > 1)
        .expect("the confirmation names the new event")
        .to_string();
    bot.clock.set(utc("2026-11-23T08:30:00Z"));
    let report = run_due(
        bot.core.database(),
        bot.clock.as_ref(),
        channel,
        DigestSettings::default(),
    )
    .unwrap();
    assert_eq!(report.posted.len(), 1, "{report:?}");
    assert!(channel.posted[0]
        .1
        .contains("The family filed a new appeal."));
    (bot, id)
}

/// The day of the newest audit entry (the store stamps changes with the
/// real time, not the test clock).
fn last_change_day(bot: &Seeded) -> String {
    let entries = bot.core.store().audit_since(0, u64::MAX >> 1).unwrap();
    entries.last().unwrap().at[..10].to_string()
}

fn reopen(bot: &mut Seeded) {
    let store = Store::open(&bot.db_path()).unwrap();
    bot.core = Core::new(store, CASE).with_clock(bot.clock.clone());
}

fn edit_states(bot: &Seeded) -> Vec<(String, i64)> {
    let store = bot.core.store();
    let message = &store.posted_messages("console").unwrap()[0];
    store
        .message_edits(message.id)
        .unwrap()
        .into_iter()
        .map(|e| (e.state, e.attempts))
        .collect()
}

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
    let action = {
        let store = bot.core.store();
        let case = store
            .cases()
            .unwrap()
            .into_iter()
            .find(|c| c.key == CASE)
            .unwrap();
        store.actions(case.id, false).unwrap().remove(0)
    };
    assert!(channel.posted[0].1.contains(&format!("A{}", action.id)));
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
        action.id
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
        action.id
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
