//! One poll: read the bills on record, ask congress.gov about each, record
//! what is new. The store is reached only between requests, on the
//! blocking pool, so no lock or connection is held while the network is.

use std::sync::Arc;

use chrono::NaiveDate;

use super::api::{ApiCosponsor, BillSnapshot, CongressApi};
use super::events::events;
use crate::core::Core;
use crate::domain::bill::BillRef;
use crate::domain::date::PartialDate;
use crate::store::congress::{
    BillChanges, BillNews, BillPollEnd, BillTarget, NewBillEvent, NewCosponsor,
};

/// Who the audit log says made the poller's changes.
pub const POLLER: &str = "casewatch:congress";

/// How one bill fared.
#[derive(Debug)]
pub struct BillOutcome {
    pub case: String,
    pub action_id: i64,
    pub bill: BillRef,
    /// What changed, or why nothing did (a sentence for the operator).
    pub result: Result<BillChanges, String>,
}

/// What a poll did.
#[derive(Debug, Default)]
pub struct PollReport {
    pub bills: Vec<BillOutcome>,
    /// Requests this poll sent to the API, retries included.
    pub requests: u32,
    /// Why the poll stopped before the last bill (a long 429), if it did.
    pub stopped: Option<String>,
    /// Bills not asked about because the poll stopped.
    pub skipped: usize,
}

impl PollReport {
    pub fn failed(&self) -> usize {
        self.bills.iter().filter(|b| b.result.is_err()).count()
    }
}

/// Polls every bill of `case_id` (or of every case). `progress` hears of
/// each bill as it is done. The poll is noted in the poll log when it
/// starts and again when it ends; the daily poll reads the log to wait out
/// the day after a restart.
pub async fn poll(
    core: Arc<Core>,
    api: &CongressApi,
    case_id: Option<i64>,
    mut progress: impl FnMut(&BillOutcome),
) -> Result<PollReport, crate::store::StoreError> {
    let logger = Arc::clone(&core);
    let logged = tokio::task::spawn_blocking(move || {
        logger
            .store_mut()
            .start_bill_poll(case_id, &crate::store::now_utc())
    })
    .await;
    let log_row = match logged {
        Ok(Ok(id)) => Some(id),
        Ok(Err(err)) => {
            tracing::warn!("the bill poll could not be logged: {err:#}");
            None
        }
        Err(err) => {
            tracing::warn!("the bill poll could not be logged: {err}");
            None
        }
    };
    let reader = Arc::clone(&core);
    let targets = tokio::task::spawn_blocking(move || reader.store().bill_targets(case_id))
        .await
        .expect("the bill list is read");
    let mut report = PollReport::default();
    let targets = match targets {
        Ok(targets) => targets,
        Err(err) => {
            // Ended in the log too, with why: a poll that asked nothing
            // is not left looking like one cut short.
            if let Some(row) = log_row {
                report.stopped = Some(format!("the bills could not be read: {err:#}"));
                log_end(core, row, &report).await;
            }
            return Err(err);
        }
    };
    // The daily poll keeps one client for good: this poll's requests are
    // those sent from here on, not the client's lifetime count.
    let requests_before = api.requests();
    let total = targets.len();
    for (at, target) in targets.into_iter().enumerate() {
        let result = match api.snapshot(&target.bill).await {
            Ok(snapshot) => {
                let writer = Arc::clone(&core);
                let news = news(&target, &snapshot);
                let recorded = target.clone();
                tokio::task::spawn_blocking(move || {
                    writer.store_mut().record_bill(POLLER, &recorded, &news)
                })
                .await
                .expect("the bill is recorded")
                .map_err(|e| format!("{e:#}"))
                .and_then(|changes| match changes.source_retracted {
                    true => Err(format!(
                        "its Congress.gov source ({}) was retracted, and a retracted address is never cited again, so this bill is no longer followed",
                        target.bill.public_url()
                    )),
                    false => Ok(changes),
                })
            }
            Err(err) if err.stops_poll() => {
                report.stopped = Some(err.to_string());
                report.skipped = total - at;
                break;
            }
            Err(err) => Err(err.to_string()),
        };
        let outcome = BillOutcome {
            case: target.case_key.clone(),
            action_id: target.action_id,
            bill: target.bill,
            result,
        };
        progress(&outcome);
        report.bills.push(outcome);
    }
    report.requests = api.requests().wrapping_sub(requests_before);
    if let Some(row) = log_row {
        log_end(core, row, &report).await;
    }
    Ok(report)
}

/// Notes in the poll log how the poll ended. A failure is logged, not
/// the poll's: its changes are already recorded.
async fn log_end(core: Arc<Core>, row: i64, report: &PollReport) {
    let (requests, bills, failed) = (report.requests, report.bills.len(), report.failed());
    let stopped = report.stopped.clone();
    let logged = tokio::task::spawn_blocking(move || {
        core.store_mut().finish_bill_poll(
            row,
            &BillPollEnd {
                finished_at: &crate::store::now_utc(),
                requests,
                bills,
                failed,
                stopped: stopped.as_deref(),
            },
        )
    })
    .await;
    match logged {
        Ok(Ok(())) => {}
        Ok(Err(err)) => tracing::warn!("the bill poll's end could not be logged: {err:#}"),
        Err(err) => tracing::warn!("the bill poll's end could not be logged: {err}"),
    }
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}

/// The snapshot as the store records it.
fn news(target: &BillTarget, snapshot: &BillSnapshot) -> BillNews {
    let (events, _undated) = events(&target.bill, &snapshot.actions);
    // The source's date: the action's, else the day the bill was
    // introduced, else its first event.
    let published = target
        .action_date
        .or_else(|| {
            snapshot
                .bill
                .introduced_date
                .as_deref()
                .and_then(day)
                .map(PartialDate::day)
        })
        .or_else(|| events.first().map(|e| PartialDate::day(e.date)))
        .unwrap_or_else(|| PartialDate::day(chrono::Utc::now().date_naive()));
    BillNews {
        title: snapshot.bill.title.trim().to_string(),
        published,
        events: events
            .into_iter()
            .map(|e| NewBillEvent {
                date: PartialDate::day(e.date),
                text: e.text,
                status: e.status.to_string(),
                origin: e.origin,
            })
            .collect(),
        cosponsors: snapshot.cosponsors.iter().filter_map(cosponsor).collect(),
    }
}

fn cosponsor(c: &ApiCosponsor) -> Option<NewCosponsor> {
    Some(NewCosponsor {
        bioguide_id: c.bioguide_id.clone(),
        name: c.full_name.trim().to_string(),
        party: c.party.clone(),
        state: c.state.clone(),
        district: c.district,
        original: c.is_original_cosponsor,
        joined: PartialDate::day(day(&c.sponsorship_date)?),
        withdrew: c
            .sponsorship_withdrawn_date
            .as_deref()
            .and_then(day)
            .map(PartialDate::day),
    })
}
