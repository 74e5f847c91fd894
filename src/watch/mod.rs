//! Polling watched feeds (feature `net`): each live watch is fetched with
//! conditional GET (its stored ETag and Last-Modified), read with feed-rs,
//! and recorded in one short transaction; what becomes a suggestion is the
//! core's decision (`core::watch::items`). The database is taken only
//! before and after each fetch, never across one, so commands and digests
//! go on while feeds are polled. A failing feed backs off: its next poll
//! waits the interval doubled for each failure in a row, up to a cap.

pub mod feed;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::core::watch::items::{self, FeedDoc, PollReport};
use crate::net::{FetchError, FetchRequest, Fetcher};
use crate::store::{Database, PollOutcome, StoreError, Watch};

/// How the poller behaves.
#[derive(Debug, Clone)]
pub struct WatchSettings {
    /// Between two polls of a healthy feed (`CASEWATCH_WATCH_INTERVAL_MINUTES`).
    pub interval: Duration,
    /// The longest a failing feed waits between polls.
    pub max_backoff: Duration,
    /// Bytes of a feed read at most; a longer one is a failure.
    pub body_limit: usize,
    /// Feeds fetched at once (different hosts run in parallel; one host's
    /// requests are paced by the fetcher).
    pub concurrency: usize,
}

impl WatchSettings {
    /// These settings with the watch's own interval, when it has one.
    pub fn for_watch(&self, watch: &Watch) -> WatchSettings {
        let mut settings = self.clone();
        if let Some(minutes) = watch.interval_minutes {
            settings.interval = Duration::from_secs(u64::from(minutes) * 60);
        }
        settings
    }
}

impl Default for WatchSettings {
    fn default() -> Self {
        WatchSettings {
            interval: Duration::from_secs(60 * 60),
            max_backoff: Duration::from_secs(24 * 60 * 60),
            body_limit: 5 * 1024 * 1024,
            concurrency: 8,
        }
    }
}

/// How often the background poller looks for due feeds.
pub const TICK: Duration = Duration::from_secs(60);

/// Why a poll of one feed failed. The text is what `/watch list` shows.
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    /// No usable answer (the fetcher's error never carries the address).
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// An answer that is neither a feed nor 304.
    #[error("the feed answered HTTP {0}")]
    Status(u16),
    /// The body is not a feed.
    #[error(transparent)]
    Feed(#[from] feed::FeedError),
}

impl PollError {
    /// The failure as stored on the watch: a kind and the technical
    /// detail, which `/watch list` words in the reader's language
    /// (`core::watch::failure_words`).
    pub fn stored(&self) -> String {
        match self {
            PollError::Status(status) => format!("http:{status}"),
            PollError::Feed(feed::FeedError::Malformed(detail)) => format!("feed:{detail}"),
            PollError::Fetch(error) => match error {
                FetchError::BadAddress => "address:".to_string(),
                FetchError::TooManyRedirects(max) => format!("redirects:{max}"),
                FetchError::BadRedirect => "bad-redirect:".to_string(),
                FetchError::TooLarge(bytes) => format!("too-large:{bytes}"),
                FetchError::Transport { kind, detail } => {
                    format!("transport:{}:{detail}", kind.as_str())
                }
                FetchError::Client(detail) => format!("client:{detail}"),
                FetchError::BadHeader(name) => format!("client:the {name} header cannot be sent"),
            },
        }
    }
}

/// What happened to one watch in a pass.
#[derive(Debug)]
pub struct WatchPoll {
    pub watch_id: i64,
    pub url: String,
    /// The poll's report, or why it failed (recorded on the watch).
    pub result: Result<PollReport, PollError>,
}

/// Which watches a pass polls.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    /// Every live watch (of one case, by key, if given), due or not.
    All(Option<&'a str>),
    /// Live watches whose next poll time has come.
    Due(DateTime<Utc>),
}

/// The store's time format.
fn stored(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// When a watch with `failures` failures in a row is polled next.
pub fn next_poll(now: DateTime<Utc>, failures: u32, settings: &WatchSettings) -> DateTime<Utc> {
    let factor = 1u32 << failures.min(16);
    let wait = settings
        .interval
        .saturating_mul(factor)
        .min(settings.max_backoff.max(settings.interval));
    now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::days(1))
}

/// When a watch that just failed for the `failures`th time in a row is
/// polled next: the backoff, or later when the server's `Retry-After`
/// says so (never past the cap).
pub fn after_failure(
    now: DateTime<Utc>,
    failures: u32,
    retry_after: Option<Duration>,
    settings: &WatchSettings,
) -> DateTime<Utc> {
    let backoff = next_poll(now, failures, settings);
    let cap = settings.max_backoff.max(settings.interval);
    match retry_after.map(|wait| wait.min(cap)) {
        Some(wait) => backoff.max(now + chrono::Duration::from_std(wait).unwrap_or_default()),
        None => backoff,
    }
}

/// Polls the watches `which` names, at most `settings.concurrency` at a
/// time, and records each outcome. Fails only when the store does.
pub async fn poll(
    db: Arc<Database>,
    fetcher: Arc<Fetcher>,
    settings: &WatchSettings,
    which: Which<'_>,
) -> Result<Vec<WatchPoll>, StoreError> {
    let case = match which {
        Which::All(Some(key)) => Some(key.to_string()),
        _ => None,
    };
    let list = {
        let db = Arc::clone(&db);
        tokio::task::spawn_blocking(move || -> Result<Vec<Watch>, StoreError> {
            let store = db.read();
            match case {
                Some(key) => match store.case_by_key(&key)? {
                    Some(case) => store.watches(case.id),
                    None => Err(StoreError::NotFound(format!("case {key}"))),
                },
                None => store.all_watches(),
            }
        })
        .await
        .expect("the watch list does not panic")?
    };
    let now = Utc::now();
    let due: Vec<Watch> = match which {
        Which::All(_) => list,
        Which::Due(at) => {
            let at = stored(at);
            list.into_iter()
                .filter(|w| {
                    w.next_poll_at
                        .as_deref()
                        .is_none_or(|next| next <= at.as_str())
                })
                .collect()
        }
    };
    let gate = Arc::new(tokio::sync::Semaphore::new(settings.concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for watch in due {
        let (db, fetcher, gate, settings) = (
            Arc::clone(&db),
            Arc::clone(&fetcher),
            Arc::clone(&gate),
            settings.clone(),
        );
        tasks.spawn(async move {
            let _permit = gate
                .acquire_owned()
                .await
                .expect("the gate is never closed");
            poll_one(db, &fetcher, watch, &settings, now).await
        });
    }
    let mut out = Vec::new();
    while let Some(done) = tasks.join_next().await {
        out.push(done.expect("a poll does not panic")?);
    }
    out.sort_by_key(|p| p.watch_id);
    Ok(out)
}

/// Fetches one feed, then records the outcome.
async fn poll_one(
    db: Arc<Database>,
    fetcher: &Fetcher,
    watch: Watch,
    settings: &WatchSettings,
    now: DateTime<Utc>,
) -> Result<WatchPoll, StoreError> {
    let mut request = FetchRequest::get(&watch.url)
        .body_limit(settings.body_limit)
        .header(
            "Accept",
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5",
        );
    if let Some(etag) = &watch.etag {
        request = request.header("If-None-Match", etag.clone());
    }
    if let Some(at) = &watch.last_modified {
        request = request.header("If-Modified-Since", at.clone());
    }
    let fetched = fetcher.get(&request).await;
    // A server that says when to come back (429, 503) is not asked sooner.
    let retry_after = fetched.as_ref().ok().and_then(|f| f.retry_after);
    let read: Result<(Option<FeedDoc>, PollOutcome), PollError> = match fetched {
        Ok(f) if f.status == 304 => Ok((
            None,
            PollOutcome {
                not_modified: true,
                ..PollOutcome::default()
            },
        )),
        Ok(f) if (200..300).contains(&f.status) => feed::read(&f.body)
            .map(|doc| {
                let outcome = PollOutcome {
                    feed_title: doc.title.clone(),
                    etag: f.etag.clone(),
                    last_modified: f.last_modified.clone(),
                    ..PollOutcome::default()
                };
                (Some(doc), outcome)
            })
            .map_err(PollError::from),
        Ok(f) => Err(PollError::Status(f.status)),
        Err(e) => Err(PollError::Fetch(e)),
    };
    let settings = settings.clone();
    let id = watch.id;
    let url = watch.url.clone();
    tokio::task::spawn_blocking(move || {
        let mut store = db.write();
        // Read again under the writer: it may have been removed meanwhile.
        let Some(watch) = store.watch(id)?.filter(|w| w.removed_at.is_none()) else {
            return Ok(WatchPoll {
                watch_id: id,
                url,
                result: Ok(PollReport::default()),
            });
        };
        let settings = settings.for_watch(&watch);
        let result = match read {
            Ok((doc, mut outcome)) => {
                outcome.next_poll_at = stored(next_poll(now, 0, &settings));
                Ok(items::record(
                    &mut store,
                    &watch,
                    &doc.unwrap_or_default(),
                    &outcome,
                )?)
            }
            Err(error) => {
                let outcome = PollOutcome {
                    error: Some(error.stored()),
                    next_poll_at: stored(after_failure(
                        now,
                        watch.failures + 1,
                        retry_after,
                        &settings,
                    )),
                    ..PollOutcome::default()
                };
                items::record_failure(&mut store, &watch, &outcome)?;
                Err(error)
            }
        };
        Ok(WatchPoll {
            watch_id: id,
            url,
            result,
        })
    })
    .await
    .expect("recording a poll does not panic")
}

/// The background poller: every [`TICK`], polls the feeds that are due,
/// until the task is dropped. Beside the chat adapters and the site.
pub async fn run(db: Arc<Database>, fetcher: Arc<Fetcher>, settings: WatchSettings) {
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match poll(
            Arc::clone(&db),
            Arc::clone(&fetcher),
            &settings,
            Which::Due(Utc::now()),
        )
        .await
        {
            Ok(polls) => {
                for p in &polls {
                    match &p.result {
                        Ok(report) => tracing::info!(
                            watch = p.watch_id,
                            suggested = report.suggested.len(),
                            primed = report.primed,
                            skipped = report.skipped.len(),
                            "feed polled"
                        ),
                        Err(err) => tracing::warn!(watch = p.watch_id, "feed poll failed: {err}"),
                    }
                }
            }
            Err(err) => tracing::error!("the feed poll pass failed: {err:#}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_feed_backs_off_doubling_up_to_the_cap() {
        let settings = WatchSettings::default();
        let now = Utc::now();
        let wait = |failures| (next_poll(now, failures, &settings) - now).num_minutes();
        assert_eq!(wait(0), 60);
        assert_eq!(wait(1), 120);
        assert_eq!(wait(3), 480);
        assert_eq!(wait(5), 24 * 60, "capped at a day");
        assert_eq!(wait(40), 24 * 60);
        let retry = |failures, secs| {
            (after_failure(now, failures, Some(Duration::from_secs(secs)), &settings) - now)
                .num_minutes()
        };
        assert_eq!(retry(1, 5 * 3600), 300, "Retry-After beyond the backoff");
        assert_eq!(retry(1, 60), 120, "the backoff beyond Retry-After");
        assert_eq!(retry(1, 90 * 24 * 3600), 24 * 60, "never past the cap");
    }
}
