//! Daily digests: subscription commands, exactly-once delivery across days,
//! restarts, failures and DST, against a real SQLite file.

mod common;

use casewatch::core::digest::run::{run_due, DigestSettings, DigestSink, SendError};
use casewatch::core::digest::schedule::Clock;
use casewatch::core::i18n::Locale;
use casewatch::core::reply::{Reply, ReplyKind};
use casewatch::core::Role;
use casewatch::render::text::render;
use casewatch::store::digest::Subscription;
use chrono::{DateTime, Duration, Utc};
use common::{text_of, Seeded};

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// Collects what would have been posted; can be told to fail.
#[derive(Default)]
struct Recorder {
    sent: Vec<(String, String)>,
    fail_next: Vec<SendError>,
}

impl DigestSink for Recorder {
    fn platform(&self) -> &str {
        "console"
    }
    fn prepare(&self, digest: &Reply, locale: Locale) -> Vec<String> {
        digest
            .sections()
            .iter()
            .map(|section| {
                section
                    .check_citations()
                    .expect("every digest line is cited");
                render(section, locale)
            })
            .collect()
    }
    fn send(&mut self, _: &Subscription, key: &str, payload: &str) -> Result<(), SendError> {
        if !self.fail_next.is_empty() {
            return Err(self.fail_next.remove(0));
        }
        self.sent.push((key.to_string(), payload.to_string()));
        Ok(())
    }
}

impl Recorder {
    fn all_text(&self) -> String {
        self.sent
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn pass(bot: &mut Seeded, sink: &mut Recorder) -> casewatch::core::digest::run::PassReport {
    let clock = bot.clock.clone();
    run_due(
        bot.core.database(),
        clock.as_ref(),
        sink,
        DigestSettings::default(),
    )
    .unwrap()
}

fn add_update(bot: &mut Seeded, date: &str, text: &str) {
    let reply = bot.ask(&format!(
        "/update add date:{date} text:\"{text}\" source:S1"
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
}

fn subscribed(at: &str, line: &str) -> Seeded {
    let mut bot = Seeded::new();
    bot.clock.set(utc(at));
    let reply = bot.ask(line);
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{}", text_of(&reply));
    bot
}

#[test]
fn subscribe_show_unsubscribe_and_refusals() {
    let mut bot = Seeded::new();
    assert!(text_of(&bot.ask_member("/digest show")).contains("no daily digest"));
    let before = bot.fingerprint();
    let refused = bot.ask_member("/digest subscribe time:08:00 timezone:Europe/Madrid");
    assert_eq!(refused.kind, ReplyKind::Error);
    for (line, expected) in [
        (
            "/digest subscribe time:8am timezone:Europe/Madrid",
            "“8am” is not a time of day",
        ),
        (
            "/digest subscribe time:08:00 timezone:Mars/Base",
            "“Mars/Base” is not a time zone name",
        ),
        ("/digest subscribe 25:00 UTC", "HH:MM"),
    ] {
        let reply = bot.ask(line);
        assert_eq!(reply.kind, ReplyKind::Error, "{line}");
        assert!(
            text_of(&reply).contains(expected),
            "{line}: {}",
            text_of(&reply)
        );
    }
    assert_eq!(
        bot.fingerprint(),
        before,
        "a refused subscribe changed the store"
    );
    let ok = bot.ask("/digest subscribe 08:00 America/Los_Angeles");
    assert!(
        text_of(&ok).contains("Every day at 08:00 (America/Los_Angeles)"),
        "{}",
        text_of(&ok)
    );
    assert!(text_of(&bot.ask_member("/digest show")).contains("America/Los_Angeles"));
    assert_eq!(bot.ask("/digest unsubscribe").kind, ReplyKind::Confirmation);
    assert!(text_of(&bot.ask_member("/digest show")).contains("is off"));
    assert_eq!(bot.ask("/digest unsubscribe").kind, ReplyKind::Error);
}

#[test]
fn each_change_is_in_exactly_one_digest_and_quiet_days_are_skipped() {
    let mut bot = subscribed(
        "2026-06-01T00:00:00Z",
        "/digest subscribe 08:00 Europe/Madrid",
    );
    let mut sink = Recorder::default();
    add_update(&mut bot, "2026-05-31", "First change for the digest");
    // 08:00 in Madrid is 06:00 UTC in summer.
    bot.clock.set(utc("2026-06-01T05:59:00Z"));
    assert!(
        pass(&mut bot, &mut sink).posted.is_empty(),
        "posted before its time"
    );
    bot.clock.set(utc("2026-06-01T06:00:00Z"));
    assert_eq!(pass(&mut bot, &mut sink).posted.len(), 1);
    assert!(
        pass(&mut bot, &mut sink).posted.is_empty(),
        "posted twice the same day"
    );
    add_update(&mut bot, "2026-06-01", "Second change for the digest");
    bot.clock.set(utc("2026-06-02T06:00:00Z"));
    pass(&mut bot, &mut sink);
    // A quiet day: nothing new, nothing posted, the day still counts as done.
    bot.clock.set(utc("2026-06-03T06:00:00Z"));
    let quiet = pass(&mut bot, &mut sink);
    assert!(quiet.posted.is_empty() && quiet.skipped_empty.len() == 1);
    let all = sink.all_text();
    assert_eq!(
        all.matches("First change for the digest").count(),
        1,
        "{all}"
    );
    assert_eq!(
        all.matches("Second change for the digest").count(),
        1,
        "{all}"
    );
    let keys: std::collections::HashSet<_> = sink.sent.iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(keys.len(), sink.sent.len(), "a key was reused");
}

#[test]
fn a_daily_subscription_posts_on_quiet_days_too() {
    let mut bot = subscribed(
        "2026-06-01T00:00:00Z",
        "/digest subscribe 08:00 UTC daily:yes language:es",
    );
    let mut sink = Recorder::default();
    bot.clock.set(utc("2026-06-01T08:00:00Z"));
    assert_eq!(pass(&mut bot, &mut sink).posted.len(), 1);
    let text = sink.all_text();
    assert!(
        text.contains("Nada nuevo desde el último resumen")
            && text.contains("Acciones del Congreso aún abiertas"),
        "{text}"
    );
}

#[test]
fn down_at_the_time_posts_once_within_the_window_else_folds_into_the_next_day() {
    let mut bot = subscribed("2026-06-01T00:00:00Z", "/digest subscribe 08:00 UTC");
    let mut sink = Recorder::default();
    add_update(&mut bot, "2026-06-01", "Change made while the bot was down");
    // Back 5 hours late, inside the 6-hour window: posted once.
    bot.clock.set(utc("2026-06-01T13:00:00Z"));
    assert_eq!(pass(&mut bot, &mut sink).posted.len(), 1);
    add_update(&mut bot, "2026-06-01", "Change before a long outage");
    // Down all of the next day's window: nothing on 06-02, folded into 06-03.
    bot.clock.set(utc("2026-06-02T15:00:00Z"));
    assert!(pass(&mut bot, &mut sink).posted.is_empty());
    bot.clock.set(utc("2026-06-03T08:00:00Z"));
    let report = pass(&mut bot, &mut sink);
    assert_eq!(report.posted[0].1, "2026-06-03");
    assert_eq!(
        sink.all_text()
            .matches("Change before a long outage")
            .count(),
        1
    );
    assert_eq!(
        sink.all_text()
            .matches("Change made while the bot was down")
            .count(),
        1
    );
}

#[test]
fn transient_failures_retry_with_backoff_without_duplicates() {
    let mut bot = subscribed("2026-06-01T00:00:00Z", "/digest subscribe 08:00 UTC");
    add_update(&mut bot, "2026-06-01", "Change that survives a failed send");
    let mut sink = Recorder {
        fail_next: vec![SendError::Transient("429 rate limited".into())],
        ..Default::default()
    };
    bot.clock.set(utc("2026-06-01T08:00:00Z"));
    assert_eq!(pass(&mut bot, &mut sink).retrying.len(), 1);
    // Too early for the retry (1 minute backoff).
    bot.clock.advance(Duration::seconds(30));
    assert!(pass(&mut bot, &mut sink).posted.is_empty());
    bot.clock.advance(Duration::seconds(31));
    assert_eq!(pass(&mut bot, &mut sink).posted.len(), 1);
    assert_eq!(
        sink.all_text()
            .matches("Change that survives a failed send")
            .count(),
        1
    );
}

#[test]
fn a_permanently_unreachable_place_disables_its_subscription_with_the_reason() {
    let mut bot = subscribed("2026-06-01T00:00:00Z", "/digest subscribe 08:00 UTC");
    add_update(&mut bot, "2026-06-01", "Undeliverable change");
    let mut sink = Recorder {
        fail_next: vec![SendError::Permanent("channel deleted".into())],
        ..Default::default()
    };
    bot.clock.set(utc("2026-06-01T08:00:00Z"));
    assert_eq!(pass(&mut bot, &mut sink).disabled.len(), 1);
    let sub = bot.core.store().subscription(1).unwrap().unwrap();
    assert!(!sub.active && sub.disabled_reason.as_deref() == Some("channel deleted"));
    bot.clock.set(utc("2026-06-02T08:00:00Z"));
    assert!(
        pass(&mut bot, &mut sink).posted.is_empty(),
        "a disabled subscription was retried"
    );
}

#[test]
fn repeated_transient_failures_give_up_after_the_limit() {
    let mut bot = subscribed("2026-06-01T00:00:00Z", "/digest subscribe 08:00 UTC");
    add_update(&mut bot, "2026-06-01", "Never delivered");
    let mut sink = Recorder {
        fail_next: vec![SendError::Transient("502".into()); 20],
        ..Default::default()
    };
    bot.clock.set(utc("2026-06-01T08:00:00Z"));
    for _ in 0..20 {
        pass(&mut bot, &mut sink);
        bot.clock.advance(Duration::hours(1));
    }
    let sub = bot.core.store().subscription(1).unwrap().unwrap();
    assert!(!sub.active, "retried forever");
    assert!(sub
        .disabled_reason
        .unwrap()
        .starts_with("8 failed attempts"));
}

#[test]
fn posting_times_hold_across_daylight_saving_changes() {
    let mut bot = subscribed(
        "2026-03-06T00:00:00Z",
        "/digest subscribe 08:00 America/Los_Angeles daily:yes",
    );
    let mut sink = Recorder::default();
    let mut posted_at = Vec::new();
    bot.clock.set(utc("2026-03-06T00:00:00Z"));
    while bot.clock.now() < utc("2026-03-10T00:00:00Z") {
        if !pass(&mut bot, &mut sink).posted.is_empty() {
            posted_at.push(bot.clock.now());
        }
        bot.clock.advance(Duration::minutes(15));
    }
    // PST (UTC-8) until 2026-03-08 02:00, then PDT (UTC-7).
    assert_eq!(
        posted_at,
        vec![
            utc("2026-03-06T16:00:00Z"),
            utc("2026-03-07T16:00:00Z"),
            utc("2026-03-08T15:00:00Z"),
            utc("2026-03-09T15:00:00Z")
        ]
    );
}

#[test]
fn preview_shows_without_posting_or_recording() {
    let mut bot = subscribed("2026-06-01T00:00:00Z", "/digest subscribe 08:00 UTC");
    add_update(&mut bot, "2026-06-01", "Previewed change");
    bot.clock.set(utc("2026-06-01T07:00:00Z"));
    let preview = bot.ask_as(Role::Member, Locale::En, "/digest preview");
    assert!(
        text_of(&preview).contains("Preview, not posted")
            && text_of(&preview).contains("Previewed change")
    );
    assert!(
        bot.core.store().runs(1).unwrap().is_empty(),
        "a preview recorded a run"
    );
    let mut sink = Recorder::default();
    bot.clock.set(utc("2026-06-01T08:00:00Z"));
    pass(&mut bot, &mut sink);
    assert_eq!(sink.all_text().matches("Previewed change").count(), 1);
}

#[test]
fn milestones_are_computed_from_stored_dates_and_cited() {
    // 2026-07-18 is one year after the release on 2025-07-18.
    let mut bot = subscribed(
        "2026-07-17T00:00:00Z",
        "/digest subscribe 08:00 UTC daily:yes",
    );
    let mut sink = Recorder::default();
    bot.clock.set(utc("2026-07-18T08:00:00Z"));
    pass(&mut bot, &mut sink);
    let text = sink.all_text();
    let line = text
        .lines()
        .find(|l| l.contains("1 year(s) since 2025-07-18"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains(" [1]"), "{line}");
}

/// A record corrected and then retracted on the same day: the digest
/// tells the retraction, never the corrected text of a record the bot no
/// longer shows.
#[test]
fn a_correction_then_a_retraction_shows_only_the_retraction() {
    let mut bot = subscribed("2026-06-01T00:00:00Z", "/digest subscribe 08:00 UTC");
    let corrected = bot.ask(
        "/correct id:E2 text:\"Wording that was then withdrawn.\" reason:\"The source says so\" source:S3",
    );
    assert_eq!(
        corrected.kind,
        ReplyKind::Confirmation,
        "{}",
        text_of(&corrected)
    );
    let retracted = bot.ask("/retract id:E2 reason:\"Wrong case\"");
    assert_eq!(
        retracted.kind,
        ReplyKind::Confirmation,
        "{}",
        text_of(&retracted)
    );
    let mut sink = Recorder::default();
    bot.clock.set(utc("2026-06-01T08:00:00Z"));
    pass(&mut bot, &mut sink);
    let text = sink.all_text();
    assert!(text.contains("Wrong case"), "{text}");
    assert!(!text.contains("Wording that was then withdrawn"), "{text}");
}

#[test]
fn digest_text_snapshots_in_both_languages() {
    for (lang, name) in [("en", "digest_en"), ("es", "digest_es")] {
        let mut bot = subscribed(
            "2026-06-01T00:00:00Z",
            &format!("/digest subscribe 08:00 UTC language:{lang}"),
        );
        add_update(&mut bot, "2026-06-01", "A new hearing was announced");
        bot.ask(
            "/correct id:E2 text:\"Corrected wording.\" reason:\"The source says so\" source:S3",
        );
        bot.ask("/retract id:Q2 reason:\"Duplicate\"");
        bot.ask("/action status id:A1 status:passed reason:\"Vote\" source:S2");
        let mut sink = Recorder::default();
        bot.clock.set(utc("2026-06-01T08:00:00Z"));
        pass(&mut bot, &mut sink);
        let body = sink
            .sent
            .iter()
            .map(|(k, t)| format!("── {k}\n{t}"))
            .collect::<Vec<_>>()
            .join("\n");
        insta::assert_snapshot!(name, body);
    }
}

/// The same digest as Discord receives it: the JSON of each message.
#[cfg(feature = "discord")]
#[test]
fn digest_discord_json_snapshots_in_both_languages() {
    use casewatch::adapters::discord::digest::split_for_discord;
    for (lang, name, locale) in [
        ("en", "digest_discord_en", Locale::En),
        ("es", "digest_discord_es", Locale::Es),
    ] {
        let mut bot = subscribed(
            "2026-06-01T00:00:00Z",
            &format!("/digest subscribe 08:00 UTC language:{lang}"),
        );
        add_update(&mut bot, "2026-06-01", "A new hearing was announced");
        bot.ask("/retract id:Q2 reason:\"Duplicate\"");
        let sub = bot.core.store().subscription(1).unwrap().unwrap();
        let to = bot.core.store().last_audit_id().unwrap();
        let digest = casewatch::core::digest::run::digest_for(
            &bot.core.store(),
            &sub,
            sub.covered_audit_id,
            to,
            "2026-06-01".parse().unwrap(),
        )
        .unwrap();
        let messages: Vec<serde_json::Value> = split_for_discord(&digest.reply, locale)
            .iter()
            .flat_map(|part| casewatch::render::discord::render(part, locale))
            .collect();
        for message in &messages {
            assert_eq!(
                message["allowed_mentions"]["parse"],
                serde_json::json!([]),
                "{message}"
            );
        }
        insta::assert_snapshot!(name, serde_json::to_string_pretty(&messages).unwrap());
    }
}

/// A subscription of the console platform at `place`, made through the store.
fn subscribe_at(bot: &Seeded, place: &str, time: &str) -> i64 {
    bot.core
        .store_mut()
        .subscribe(
            "console:local",
            &casewatch::store::digest::NewSubscription {
                platform: "console",
                place,
                case_id: 1,
                time_of_day: time,
                timezone: "UTC",
                locale: "en",
                post_when_empty: true,
            },
        )
        .unwrap()
        .id
}

/// Posts to every place but those it refuses, and checks while it sends
/// that the runner holds no connection.
struct Picky<'a> {
    db: &'a casewatch::store::Database,
    refuse: Vec<String>,
    sent: Vec<(String, String, String)>,
    held_while_sending: Vec<(usize, bool)>,
}

impl DigestSink for Picky<'_> {
    fn platform(&self) -> &str {
        "console"
    }
    fn prepare(&self, digest: &Reply, locale: Locale) -> Vec<String> {
        digest
            .sections()
            .iter()
            .map(|s| render(s, locale))
            .collect()
    }
    fn send(&mut self, sub: &Subscription, key: &str, payload: &str) -> Result<(), SendError> {
        self.held_while_sending.push(self.db.in_use());
        if self.refuse.contains(&sub.place) {
            return Err(SendError::Permanent(format!("{} is gone", sub.place)));
        }
        self.sent
            .push((sub.place.clone(), key.to_string(), payload.to_string()));
        Ok(())
    }
}

#[test]
fn a_failed_subscription_never_holds_up_another_and_a_same_day_resubscribe_posts() {
    let bot = Seeded::new();
    bot.clock.set(utc("2026-06-01T00:00:00Z"));
    let first = subscribe_at(&bot, "room-a", "08:00");
    let second = subscribe_at(&bot, "room-b", "09:00");
    let pass_at = |sink: &mut Picky<'_>, at: &str| {
        run_due(
            bot.core.database(),
            &casewatch::core::digest::schedule::ManualClock::new(utc(at)),
            sink,
            DigestSettings::default(),
        )
        .unwrap()
    };
    let mut sink = Picky {
        db: bot.core.database(),
        refuse: vec!["room-a".into()],
        sent: Vec::new(),
        held_while_sending: Vec::new(),
    };
    // Room A refuses its 08:00 digest: its subscription is disabled.
    let report = pass_at(&mut sink, "2026-06-01T08:00:00Z");
    assert_eq!(report.disabled.len(), 1, "{report:?}");
    assert_eq!(report.disabled[0].0, first);
    // Its moderators subscribe again the same day; room A works again.
    subscribe_at(&bot, "room-a", "08:00");
    sink.refuse.clear();
    // At 09:00 both are posted: A's day is taken up again (a new
    // generation, with keys of its own), and B is on time.
    let report = pass_at(&mut sink, "2026-06-01T09:00:00Z");
    assert!(report.failed.is_empty(), "{report:?}");
    let posted: Vec<i64> = report.posted.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(posted, vec![first, second], "{report:?}");
    let a_keys: Vec<&str> = sink
        .sent
        .iter()
        .filter(|(place, _, _)| place == "room-a")
        .map(|(_, key, _)| key.as_str())
        .collect();
    assert!(!a_keys.is_empty());
    assert!(
        a_keys.iter().all(|k| k.contains("-2026-06-01-g2-")),
        "{a_keys:?}"
    );
    // Nothing is posted twice.
    assert!(pass_at(&mut sink, "2026-06-01T10:00:00Z").posted.is_empty());
    // No connection was held while any message was being sent.
    assert!(!sink.held_while_sending.is_empty());
    assert!(
        sink.held_while_sending
            .iter()
            .all(|held| *held == (0, false)),
        "{:?}",
        sink.held_while_sending
    );
}

#[test]
fn a_resumed_run_sends_exactly_the_messages_it_prepared() {
    let mut bot = subscribed("2026-06-01T00:00:00Z", "/digest subscribe 08:00 UTC");
    add_update(
        &mut bot,
        "2026-06-01",
        "A change prepared for the first digest",
    );
    let mut sink = Recorder::default();
    bot.clock.set(utc("2026-06-01T08:00:00Z"));
    // The first message goes out, the second fails for now.
    let first = pass_with_failure_after(&mut bot, &mut sink, 1);
    assert_eq!(first.retrying.len(), 1, "{first:?}");
    let sub = bot
        .core
        .store()
        .subscription_at("console", "console", 1)
        .unwrap()
        .unwrap();
    let run = bot.core.store().open_run(sub.id).unwrap().unwrap();
    let prepared: Vec<(String, String)> = bot
        .core
        .store()
        .run_parts(&run)
        .unwrap()
        .into_iter()
        .map(|p| (p.key, p.payload))
        .collect();
    assert!(prepared.len() > 1, "{prepared:?}");
    // A change made meanwhile does not alter the prepared messages.
    add_update(&mut bot, "2026-06-01", "A change made while the run waited");
    bot.clock.set(utc("2026-06-01T08:30:00Z"));
    let resumed = pass(&mut bot, &mut sink);
    assert_eq!(resumed.posted.len(), 1, "{resumed:?}");
    assert_eq!(sink.sent, prepared, "the resumed run sent other bytes");
    assert!(!sink
        .all_text()
        .contains("A change made while the run waited"));
    // The later change is in the next day's digest.
    bot.clock.set(utc("2026-06-02T08:00:00Z"));
    pass(&mut bot, &mut sink);
    assert!(sink
        .all_text()
        .contains("A change made while the run waited"));
    let mut by_key = std::collections::HashMap::new();
    for (key, payload) in &sink.sent {
        assert_eq!(
            by_key
                .insert(key.clone(), payload.clone())
                .unwrap_or_else(|| payload.clone()),
            *payload,
            "key {key} was used for different content"
        );
    }
}

/// One pass in which the sink sends `good` messages, then fails (transient).
fn pass_with_failure_after(
    bot: &mut Seeded,
    sink: &mut Recorder,
    good: usize,
) -> casewatch::core::digest::run::PassReport {
    struct FailAfter<'a> {
        inner: &'a mut Recorder,
        left: usize,
    }
    impl DigestSink for FailAfter<'_> {
        fn platform(&self) -> &str {
            "console"
        }
        fn prepare(&self, digest: &Reply, locale: Locale) -> Vec<String> {
            self.inner.prepare(digest, locale)
        }
        fn send(&mut self, sub: &Subscription, key: &str, payload: &str) -> Result<(), SendError> {
            if self.left == 0 {
                return Err(SendError::Transient("the homeserver is slow".into()));
            }
            self.left -= 1;
            self.inner.send(sub, key, payload)
        }
    }
    let clock = bot.clock.clone();
    run_due(
        bot.core.database(),
        clock.as_ref(),
        &mut FailAfter {
            inner: sink,
            left: good,
        },
        DigestSettings::default(),
    )
    .unwrap()
}
