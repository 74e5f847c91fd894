//! The daily poll the bot runs beside its adapters: one a day, each
//! logged; a failure waits for the next day. The first comes a minute
//! after start, or a day after the last poll of every case began (the
//! poll log, migration 0017) when that is later, so a restart, after a
//! stop or a panic, neither polls again nor skips a day.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::api::CongressApi;
use super::poll::poll;
use crate::core::Core;

/// Between the start and the first poll, at least, so start-up is not slowed.
pub const FIRST_POLL_AFTER: Duration = Duration::from_secs(60);

/// Between polls.
pub const EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// How long after `now` the first poll comes, given when the last poll
/// of every case began (RFC 3339): a day after it, but never sooner
/// than [`FIRST_POLL_AFTER`] nor later than a day from now (a last poll
/// dated in the future means the clock was set back).
pub fn first_wait(last: Option<&str>, now: DateTime<Utc>) -> Duration {
    let Some(last) = last.and_then(|t| DateTime::parse_from_rfc3339(t).ok()) else {
        return FIRST_POLL_AFTER;
    };
    let since = (now - last.with_timezone(&Utc))
        .to_std()
        .unwrap_or(Duration::ZERO);
    EVERY.saturating_sub(since).max(FIRST_POLL_AFTER)
}

/// Polls every case's bills once a day, until the task is dropped.
pub async fn poll_daily(core: Arc<Core>, api: Arc<CongressApi>) {
    let reader = Arc::clone(&core);
    let last = match tokio::task::spawn_blocking(move || reader.store().last_bill_poll()).await {
        Ok(Ok(last)) => last,
        Ok(Err(err)) => {
            tracing::warn!(
                "the bill poll log could not be read; polling as after a first start: {err:#}"
            );
            None
        }
        Err(err) => {
            tracing::warn!(
                "the bill poll log could not be read; polling as after a first start: {err}"
            );
            None
        }
    };
    let wait = first_wait(last.as_deref(), Utc::now());
    tracing::info!(
        last = last.as_deref().unwrap_or("never"),
        "the first bill poll comes in {} min",
        wait.as_secs() / 60
    );
    tokio::time::sleep(wait).await;
    loop {
        match poll(Arc::clone(&core), &api, None, |_| {}).await {
            Ok(report) => {
                for bill in &report.bills {
                    match &bill.result {
                        Ok(changes) => tracing::info!(
                            case = %bill.case,
                            action = bill.action_id,
                            bill = %bill.bill,
                            statuses = changes.statuses,
                            joined = changes.joined,
                            withdrew = changes.withdrew,
                            vanished = changes.vanished,
                            "bill polled on congress.gov"
                        ),
                        Err(why) => tracing::warn!(
                            case = %bill.case,
                            action = bill.action_id,
                            bill = %bill.bill,
                            "bill not polled; tried again tomorrow: {why}"
                        ),
                    }
                }
                if let Some(why) = &report.stopped {
                    tracing::warn!(
                        skipped = report.skipped,
                        "the bill poll stopped early; tried again tomorrow: {why}"
                    );
                }
                tracing::info!(
                    requests = report.requests,
                    bills = report.bills.len(),
                    "bill poll done"
                );
            }
            Err(err) => tracing::error!("the bill poll could not read the store: {err:#}"),
        }
        tokio::time::sleep(EVERY).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restart_waits_out_the_day_since_the_last_poll() {
        let now: DateTime<Utc> = "2026-12-04T12:00:00Z".parse().unwrap();
        let minute = FIRST_POLL_AFTER;
        assert_eq!(first_wait(None, now), minute, "never polled");
        assert_eq!(
            first_wait(Some("2026-12-04T06:00:00Z"), now),
            Duration::from_secs(18 * 3600),
            "polled six hours ago"
        );
        assert_eq!(
            first_wait(Some("2026-12-03T11:59:30Z"), now),
            minute,
            "overdue: as soon as start-up allows"
        );
        assert_eq!(
            first_wait(Some("2026-12-04T11:59:30Z"), now),
            EVERY - Duration::from_secs(30)
        );
        assert_eq!(
            first_wait(Some("2026-12-09T00:00:00Z"), now),
            EVERY,
            "a last poll dated later than now waits a day, no more"
        );
        assert_eq!(first_wait(Some("not a time"), now), minute);
    }
}
