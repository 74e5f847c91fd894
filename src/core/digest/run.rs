//! Posting due digests exactly once per subscription and local day.
//!
//! How exactly-once is kept, step by step (all state is in SQLite):
//! 1. *Prepare*: one transaction creates the day's run with a fixed audit
//!    range, from the subscription's high-water mark to the newest audit
//!    entry. `UNIQUE (subscription_id, local_date)` makes a second run for
//!    the same day impossible, whatever restarts happen.
//! 2. *Build and store*: the digest is built from that fixed range and cut
//!    into the platform's messages, and those exact payloads are stored
//!    with the run, each with its idempotency key, before the first is
//!    sent. A resumed run sends the stored bytes, so a key is never used
//!    for different content.
//! 3. *Send* each message, then record it as sent. A restart resumes at the
//!    first message not recorded.
//! 4. *Finish*: one transaction closes the run and moves the high-water
//!    mark to the end of its range. The next run starts there, so a change
//!    is in exactly one digest per subscription.
//!
//! No connection is held while a message is sent: each step takes the
//! database for itself and gives it back, so commands never wait on a slow
//! homeserver. And one subscription's failure (a store error, a refused
//! channel) is reported and never stops the others in the same pass.
//!
//! The one gap no platform lets us close: a message that was delivered but
//! whose confirmation was lost (a crash between steps 3's send and record).
//! The bot then sends that message again, with the same idempotency key
//! (`casewatch-digest-<subscription>-<date>-<part>`): Matrix deduplicates a
//! repeated transaction id, Discord a repeated `nonce` with `enforce_nonce`
//! (for a few minutes), so the duplicate is normally dropped by the server.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::core::digest::build::{build, Digest};
use crate::core::digest::schedule::{Clock, Due, Schedule};
use crate::core::i18n::Locale;
use crate::core::reply::Reply;
use crate::store::digest::{DigestRun, Subscription};
use crate::store::posted::ShownRecords;
use crate::store::{Database, Result, Store, StoreError};

/// Why a send failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Worth retrying later (rate limit, network, server error).
    Transient(String),
    /// Will never work (channel deleted, bot removed): the subscription is
    /// disabled with this reason.
    Permanent(String),
}

/// A platform that can post digests.
pub trait DigestSink {
    /// Which subscriptions it serves (`discord`, `matrix`, `console`).
    fn platform(&self) -> &str;
    /// The messages a digest is posted as, in order, each the exact payload
    /// [`DigestSink::send`] is given (a platform's JSON body, or text),
    /// without cutting a statement from its citation. They are stored with
    /// the run before the first is sent.
    fn prepare(&self, digest: &Reply, locale: Locale) -> Vec<String>;
    /// Posts one prepared message. `key` is stable across retries of it.
    fn send(
        &mut self,
        subscription: &Subscription,
        key: &str,
        payload: &str,
    ) -> Result<(), SendError>;
    /// The messages with what each shows, for a platform that can edit
    /// them later (`core::edits`). By default nothing is remembered.
    fn prepare_messages(&self, digest: &Reply, locale: Locale) -> Vec<PreparedMessage> {
        self.prepare(digest, locale)
            .into_iter()
            .map(|payload| PreparedMessage {
                payload,
                shown: None,
            })
            .collect()
    }
    /// Posts one prepared message and returns the platform's id of it,
    /// when the platform lets the bot edit it later.
    fn post(
        &mut self,
        subscription: &Subscription,
        key: &str,
        payload: &str,
    ) -> Result<Option<String>, SendError> {
        self.send(subscription, key, payload).map(|()| None)
    }
}

/// One message of a digest as prepared: the payload, and what it shows
/// when the message can be edited later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedMessage {
    pub payload: String,
    pub shown: Option<ShownRecords>,
}

/// Settings of the digest loop.
#[derive(Debug, Clone, Copy)]
pub struct DigestSettings {
    /// How late a missed digest may still go out the same local day.
    pub catch_up: Duration,
    /// Failed attempts before a subscription is disabled.
    pub max_attempts: i64,
    /// Bills are polled on congress.gov (`CONGRESS_API_KEY` set); without
    /// it a digest says so where an action names a bill.
    pub bill_tracking: bool,
}

impl Default for DigestSettings {
    fn default() -> Self {
        DigestSettings {
            catch_up: Duration::hours(6),
            max_attempts: 8,
            bill_tracking: false,
        }
    }
}

/// What one pass did, for logs and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PassReport {
    pub posted: Vec<(i64, String, usize)>,
    pub skipped_empty: Vec<(i64, String)>,
    pub retrying: Vec<(i64, String)>,
    pub disabled: Vec<(i64, String)>,
    /// Subscriptions whose turn failed on our side (the store); the others
    /// went on. Tried again at the next pass.
    pub failed: Vec<(i64, String)>,
}

/// Aborts the process at a named step when `CASEWATCH_FAILPOINT` names it.
/// Used by the crash tests to kill the bot between steps for real.
fn failpoint(step: &str) {
    if std::env::var("CASEWATCH_FAILPOINT").is_ok_and(|v| v == step) {
        eprintln!("casewatch: failpoint {step}: aborting");
        std::process::abort();
    }
}

fn locale_of(sub: &Subscription) -> Locale {
    Locale::from_tag(&sub.locale)
}

/// Posts every digest due now on the sink's platform; resumes any run a
/// previous process left unfinished. Fails only when the subscriptions
/// cannot be listed; a failure within one subscription's turn is logged and
/// reported, and the pass goes on.
pub fn run_due(
    db: &Database,
    clock: &dyn Clock,
    sink: &mut dyn DigestSink,
    settings: DigestSettings,
) -> Result<PassReport> {
    let mut report = PassReport::default();
    let now = clock.now();
    let subscriptions = db.read().active_subscriptions(sink.platform())?;
    for sub in subscriptions {
        if let Err(err) = turn(db, sink, &sub, now, settings, &mut report) {
            tracing::error!(subscription = sub.id, place = %sub.place, "digest turn failed, the others go on: {err:#}");
            report.failed.push((sub.id, err.to_string()));
        }
    }
    Ok(report)
}

/// One subscription's turn: the run due now (or left open), if any, posted.
fn turn(
    db: &Database,
    sink: &mut dyn DigestSink,
    sub: &Subscription,
    now: DateTime<Utc>,
    settings: DigestSettings,
    report: &mut PassReport,
) -> Result<()> {
    let open = db.read().open_run(sub.id)?;
    let run = match open {
        Some(run) => {
            if run
                .next_attempt_at
                .as_deref()
                .is_some_and(|at| at > now.to_rfc3339().as_str())
            {
                return Ok(());
            }
            run
        }
        None => {
            let Ok(schedule) = Schedule::parse(&sub.time_of_day, &sub.timezone) else {
                db.write()
                    .disable_subscription(sub.id, "its time or time zone is no longer valid")?;
                report.disabled.push((sub.id, "invalid schedule".into()));
                return Ok(());
            };
            let last = sub
                .last_local_date
                .as_deref()
                .and_then(|d| d.parse::<NaiveDate>().ok());
            match schedule.due(last, now, settings.catch_up) {
                Due::NotYet(_) => return Ok(()),
                Due::Post(date) => {
                    let run = db.write().prepare_run(sub.id, &date.to_string())?;
                    failpoint("after-prepare");
                    run
                }
            }
        }
    };
    process(db, sink, sub, run, now, settings, report)
}

/// Builds the digest of a run's fixed range (also used by previews).
pub fn digest_for(
    store: &Store,
    sub: &Subscription,
    from: i64,
    to: i64,
    date: NaiveDate,
) -> Result<Digest> {
    let case = store
        .cases()?
        .into_iter()
        .find(|c| c.id == sub.case_id)
        .ok_or_else(|| StoreError::NotFound(format!("case of subscription {}", sub.id)))?;
    build(store, &case, from, to, date, locale_of(sub))
}

/// The idempotency key of one message of a run: the same for every retry,
/// and new for a later generation of a failed day.
fn part_key(sub: &Subscription, run: &DigestRun, position: usize) -> String {
    match run.generation {
        1 => format!("casewatch-digest-{}-{}-{position}", sub.id, run.local_date),
        generation => format!(
            "casewatch-digest-{}-{}-g{generation}-{position}",
            sub.id, run.local_date
        ),
    }
}

fn process(
    db: &Database,
    sink: &mut dyn DigestSink,
    sub: &Subscription,
    run: DigestRun,
    now: DateTime<Utc>,
    settings: DigestSettings,
    report: &mut PassReport,
) -> Result<()> {
    let date: NaiveDate = run.local_date.parse().map_err(|_| StoreError::BadRunDate {
        run: run.id,
        date: run.local_date.clone(),
    })?;
    let stored = db.read().run_parts(&run)?;
    let parts = if stored.is_empty() {
        let mut digest = digest_for(&db.read(), sub, run.audit_from, run.audit_to, date)?;
        crate::core::bills::digest_tracking_note(
            &db.read(),
            &mut digest.reply,
            sub.case_id,
            settings.bill_tracking,
            locale_of(sub),
        )?;
        if digest.is_empty && !sub.post_when_empty {
            db.write().finish_run(run.id, false)?;
            report.skipped_empty.push((sub.id, run.local_date));
            return Ok(());
        }
        let payloads: Vec<(String, String, Option<ShownRecords>)> = sink
            .prepare_messages(&digest.reply, locale_of(sub))
            .into_iter()
            .enumerate()
            .map(|(position, m)| (part_key(sub, &run, position), m.payload, m.shown))
            .collect();
        db.write().store_run_parts(&run, sub, &payloads)?
    } else {
        stored
    };
    for part in parts.iter().filter(|p| !p.sent) {
        // Sent with no connection held: the database is free meanwhile.
        match sink.post(sub, &part.key, &part.payload) {
            Ok(message_ref) => {
                failpoint("after-send");
                db.write()
                    .record_part_sent(&run, part.position, message_ref.as_deref())?;
                failpoint("after-record");
            }
            Err(SendError::Permanent(why)) => {
                tracing::warn!(subscription = sub.id, place = %sub.place, "digest cannot be delivered, disabling the subscription: {why}");
                let mut store = db.write();
                store.record_run_failure(run.id, &why, None)?;
                store.disable_subscription(sub.id, &why)?;
                report.disabled.push((sub.id, why));
                return Ok(());
            }
            Err(SendError::Transient(why)) => {
                let attempts = run.attempts + 1;
                let mut store = db.write();
                if attempts >= settings.max_attempts {
                    let reason = format!("{attempts} failed attempts; last: {why}");
                    tracing::warn!(subscription = sub.id, place = %sub.place, "giving up on the digest and disabling the subscription: {reason}");
                    store.record_run_failure(run.id, &why, None)?;
                    store.disable_subscription(sub.id, &reason)?;
                    report.disabled.push((sub.id, reason));
                } else {
                    // 1, 2, 4 … minutes, at most an hour.
                    let wait = Duration::minutes((1i64 << (attempts - 1).min(6)).min(60));
                    let retry_at = (now + wait).to_rfc3339();
                    tracing::warn!(subscription = sub.id, place = %sub.place, attempt = attempts, "digest send failed, retrying at {retry_at}: {why}");
                    store.record_run_failure(run.id, &why, Some(&retry_at))?;
                    report.retrying.push((sub.id, why));
                }
                return Ok(());
            }
        }
    }
    failpoint("before-finish");
    db.write().finish_run(run.id, true)?;
    report.posted.push((sub.id, run.local_date, parts.len()));
    Ok(())
}
