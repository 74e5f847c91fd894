//! The daily link check inside the chat bot, when
//! `CASEWATCH_LINK_CHECK_DAILY=yes`: every hour it checks the sources not
//! checked for a day (so a restart neither skips nor repeats a day), beside
//! the digest loop in the same runtime. The store is read and written on the
//! blocking pool, one short transaction per source, and never held while a
//! request is out, so commands and digests are not held up.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::core::Core;
use crate::links::{spawn_checks, store_checked, LinkCheckSettings};
use crate::net::{FetchSettings, Fetcher};

/// How often due sources are looked for.
pub const TICK: Duration = Duration::from_secs(60 * 60);

/// How long a check stands before the source is due again.
pub fn recheck_after() -> chrono::Duration {
    chrono::Duration::hours(24)
}

/// One loop per process, even when Discord and Matrix both run.
static STARTED: AtomicBool = AtomicBool::new(false);

/// Wakes the adapters waiting to run the loop when its owner stops.
static RELEASED: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// The loop's ownership, given back when the owning task ends (returns,
/// panics or is aborted with its adapter): Matrix runs on a thread of its
/// own beside Discord, and may stop while Discord goes on.
struct Owner;

impl Owner {
    fn take() -> Option<Owner> {
        // Not `then_some(Owner)`: a guard built and dropped on refusal
        // would give back a loop another task runs.
        if STARTED.swap(true, Ordering::SeqCst) {
            None
        } else {
            Some(Owner)
        }
    }

    /// Waits until no other task runs the loop, then owns it.
    async fn wait() -> Owner {
        loop {
            // Registered before the flag is read, so a release in between
            // is not missed.
            let released = RELEASED.notified();
            if let Some(owner) = Owner::take() {
                return owner;
            }
            released.await;
        }
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        STARTED.store(false, Ordering::SeqCst);
        RELEASED.notify_waiters();
    }
}

/// Checks due sources every [`TICK`] until the task is dropped; returns at
/// once when the daily check is off. When another adapter runs it, waits
/// and takes it over if that one stops. The settings were checked at
/// start-up (`casewatch run`), so a bad one here is only logged.
pub async fn check_sources_daily(core: Arc<Core>) {
    let settings = match LinkCheckSettings::from_env() {
        Ok(settings) => settings,
        Err(errors) => {
            for err in errors {
                tracing::error!("the daily link check cannot start: {err}");
            }
            return;
        }
    };
    if !settings.daily {
        return;
    }
    let _owner = Owner::wait().await;
    let fetcher = match Fetcher::new(FetchSettings {
        timeout: settings.timeout,
        max_redirects: 5,
        per_host_per_minute: settings.per_host_per_minute,
    }) {
        Ok(fetcher) => Arc::new(fetcher),
        Err(err) => {
            tracing::error!("the daily link check cannot start: {err}");
            return;
        }
    };
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let reader = Arc::clone(&core);
        let due = tokio::task::spawn_blocking(move || {
            reader
                .store()
                .link_targets_due(chrono::Utc::now() - recheck_after())
        })
        .await;
        let targets = match due {
            Ok(Ok(targets)) => targets,
            Ok(Err(err)) => {
                tracing::error!("the daily link check could not read the sources: {err:#}");
                continue;
            }
            Err(err) => {
                tracing::error!("the daily link check stopped: {err:#}");
                continue;
            }
        };
        if targets.is_empty() {
            continue;
        }
        let total = targets.len();
        let mut results = spawn_checks(
            &tokio::runtime::Handle::current(),
            Arc::clone(&fetcher),
            &settings,
            targets,
        );
        let (mut stored, mut gone) = (0, 0);
        while let Some(checked) = results.recv().await {
            let writer = Arc::clone(&core);
            let write = tokio::task::spawn_blocking(move || {
                store_checked(&mut writer.store_mut(), checked)
            })
            .await;
            match write {
                Ok(Ok(done)) => {
                    stored += 1;
                    gone += usize::from(
                        done.checked.check.status == crate::domain::link::LinkStatus::Gone,
                    );
                }
                Ok(Err(err)) => tracing::error!("a link check could not be stored: {err:#}"),
                Err(err) => tracing::error!("a link check could not be stored: {err:#}"),
            }
        }
        tracing::info!(total, stored, gone, "daily link check done");
    }
}
