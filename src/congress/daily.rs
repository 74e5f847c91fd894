//! The daily poll the bot runs beside its adapters: one poll soon after
//! start, then one a day, each logged; a failure waits for the next day.

use std::sync::Arc;
use std::time::Duration;

use super::api::CongressApi;
use super::poll::poll;
use crate::core::Core;

/// Between the start and the first poll, so start-up is not slowed.
pub const FIRST_POLL_AFTER: Duration = Duration::from_secs(60);

/// Between polls.
pub const EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Polls every case's bills once a day, until the task is dropped.
pub async fn poll_daily(core: Arc<Core>, api: CongressApi) {
    tokio::time::sleep(FIRST_POLL_AFTER).await;
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
