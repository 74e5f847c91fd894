//! Shared setup of the message-edit tests: a channel that posts digests
//! as text and edits them, a digest posted the morning after an event was
//! added, and the queue's state.
#![allow(dead_code)]

use crate::common::{text_of, Seeded, CASE};
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

pub fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// Posts digests as text and edits them, like a platform would; can be
/// told to fail the next edits.
#[derive(Default)]
pub struct Channel {
    pub posted: Vec<(String, String)>,
    pub edits: Vec<(String, String, String)>,
    pub fail_next: Vec<EditError>,
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

pub fn edits_pass(bot: &Seeded, channel: &mut Channel) -> EditReport {
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
pub fn posted_digest(locale: Locale, channel: &mut Channel) -> (Seeded, String) {
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
pub fn last_change_day(bot: &Seeded) -> String {
    let entries = bot.core.store().audit_since(0, u64::MAX >> 1).unwrap();
    entries.last().unwrap().at[..10].to_string()
}

pub fn reopen(bot: &mut Seeded) {
    let store = Store::open(&bot.db_path()).unwrap();
    bot.core = Core::new(store, CASE).with_clock(bot.clock.clone());
}

pub fn edit_states(bot: &Seeded) -> Vec<(String, i64)> {
    let store = bot.core.store();
    let message = &store.posted_messages("console").unwrap()[0];
    store
        .message_edits(message.id)
        .unwrap()
        .into_iter()
        .map(|e| (e.state, e.attempts))
        .collect()
}

/// The first open action of the case: the digest shows it too.
pub fn first_action(bot: &Seeded) -> i64 {
    let store = bot.core.store();
    let case = store
        .cases()
        .unwrap()
        .into_iter()
        .find(|c| c.key == CASE)
        .unwrap();
    store.actions(case.id, false).unwrap().remove(0).id
}
