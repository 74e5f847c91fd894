//! Posting due digests exactly once per subscription and local day.
//!
//! How exactly-once is kept, step by step (all state is in SQLite):
//! 1. *Prepare*: one transaction creates the day's run with a fixed audit
//!    range, from the subscription's high-water mark to the newest audit
//!    entry. `UNIQUE (subscription_id, local_date)` makes a second run for
//!    the same day impossible, whatever restarts happen.
//! 2. *Build*: the digest is built from that fixed range, so a resumed run
//!    covers exactly the same changes as the interrupted one.
//! 3. *Send* each message, then record it as sent. A restart resumes at the
//!    first message not recorded.
//! 4. *Finish*: one transaction closes the run and moves the high-water
//!    mark to the end of its range. The next run starts there, so a change
//!    is in exactly one digest per subscription.
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
use crate::store::{Result, Store, StoreError};

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
    /// Splits a digest into messages the platform accepts, in order,
    /// without cutting a statement from its citation.
    fn split(&self, digest: &Reply, locale: Locale) -> Vec<Reply> {
        let _ = locale;
        vec![digest.clone()]
    }
    /// Posts one message. `key` is stable across retries of the same message.
    fn send(
        &mut self,
        subscription: &Subscription,
        key: &str,
        message: &Reply,
    ) -> Result<(), SendError>;
}

/// Settings of the digest loop.
#[derive(Debug, Clone, Copy)]
pub struct DigestSettings {
    /// How late a missed digest may still go out the same local day.
    pub catch_up: Duration,
    /// Failed attempts before a subscription is disabled.
    pub max_attempts: i64,
}

impl Default for DigestSettings {
    fn default() -> Self {
        DigestSettings {
            catch_up: Duration::hours(6),
            max_attempts: 8,
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
/// previous process left unfinished.
pub fn run_due(
    store: &mut Store,
    clock: &dyn Clock,
    sink: &mut dyn DigestSink,
    settings: DigestSettings,
) -> Result<PassReport> {
    let mut report = PassReport::default();
    let now = clock.now();
    for sub in store.active_subscriptions(sink.platform())? {
        let run = match store.open_run(sub.id)? {
            Some(run) => {
                if run
                    .next_attempt_at
                    .as_deref()
                    .is_some_and(|at| at > now.to_rfc3339().as_str())
                {
                    continue;
                }
                run
            }
            None => {
                let Ok(schedule) = Schedule::parse(&sub.time_of_day, &sub.timezone) else {
                    store
                        .disable_subscription(sub.id, "its time or time zone is no longer valid")?;
                    report.disabled.push((sub.id, "invalid schedule".into()));
                    continue;
                };
                let last = sub
                    .last_local_date
                    .as_deref()
                    .and_then(|d| d.parse::<NaiveDate>().ok());
                match schedule.due(last, now, settings.catch_up) {
                    Due::NotYet(_) => continue,
                    Due::Post(date) => {
                        let run = store.prepare_run(sub.id, &date.to_string())?;
                        failpoint("after-prepare");
                        run
                    }
                }
            }
        };
        process(store, sink, &sub, run, now, settings, &mut report)?;
    }
    Ok(report)
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

fn process(
    store: &mut Store,
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
    let digest = digest_for(store, sub, run.audit_from, run.audit_to, date)?;
    if digest.is_empty && !sub.post_when_empty {
        store.finish_run(run.id, false)?;
        report.skipped_empty.push((sub.id, run.local_date));
        return Ok(());
    }
    let parts = sink.split(&digest.reply, locale_of(sub));
    store.set_run_parts(run.id, parts.len() as i64)?;
    for (index, part) in parts.iter().enumerate().skip(run.parts_sent as usize) {
        let key = format!("casewatch-digest-{}-{}-{index}", sub.id, run.local_date);
        match sink.send(sub, &key, part) {
            Ok(()) => {
                failpoint("after-send");
                store.record_part_sent(run.id, index as i64)?;
                failpoint("after-record");
            }
            Err(SendError::Permanent(why)) => {
                tracing::warn!(subscription = sub.id, place = %sub.place, "digest cannot be delivered, disabling the subscription: {why}");
                store.record_run_failure(run.id, &why, None)?;
                store.disable_subscription(sub.id, &why)?;
                report.disabled.push((sub.id, why));
                return Ok(());
            }
            Err(SendError::Transient(why)) => {
                let attempts = run.attempts + 1;
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
    store.finish_run(run.id, true)?;
    report.posted.push((sub.id, run.local_date, parts.len()));
    Ok(())
}
