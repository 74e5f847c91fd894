//! Stopping as a service should: on SIGTERM (what systemd sends) or SIGINT
//! (Ctrl-C), stop taking new work, let the answers already being worked on
//! finish and go out, then exit 0, all within [`GRACE`] plus a moment. The
//! digest runner needs nothing more: it is crash-safe, and a pass cut short
//! is resumed at the next start.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

/// How long answers in flight may take to finish after a stop signal:
/// below systemd's default 90 s and the 10 s casewatch promises.
pub const GRACE: Duration = Duration::from_secs(8);

/// Resolves on SIGINT or SIGTERM. If the handlers cannot be installed, it
/// logs why and never resolves (the process then stops the hard way).
pub async fn stop_signal() {
    let interrupt = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!("could not listen for Ctrl-C: {err:#}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!("could not listen for SIGTERM: {err:#}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT: stopping"),
        () = terminate => tracing::info!("SIGTERM: stopping"),
    }
}

/// Counts the answers being worked on, so a stop can wait for them.
#[derive(Clone, Default)]
pub struct InFlight {
    inner: Arc<(AtomicUsize, Notify)>,
}

/// One answer in flight; dropping it says the answer is done.
pub struct InFlightGuard {
    inner: Arc<(AtomicUsize, Notify)>,
}

impl InFlight {
    /// Marks the start of an answer.
    pub fn enter(&self) -> InFlightGuard {
        self.inner.0.fetch_add(1, Ordering::SeqCst);
        InFlightGuard {
            inner: Arc::clone(&self.inner),
        }
    }

    /// How many answers are in flight now.
    pub fn count(&self) -> usize {
        self.inner.0.load(Ordering::SeqCst)
    }

    /// Waits until no answer is in flight, or `within` has passed; says
    /// whether everything finished.
    pub async fn drained(&self, within: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let notified = self.inner.1.notified();
            if self.count() == 0 {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                tracing::warn!(
                    left = self.count(),
                    "stopping with answers still in flight after {within:?}"
                );
                return false;
            }
        }
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if self.inner.0.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.inner.1.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stop_waits_for_answers_in_flight_and_no_longer() {
        let in_flight = InFlight::default();
        assert!(in_flight.drained(Duration::from_millis(10)).await);
        let guard = in_flight.enter();
        let finishing = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            drop(guard);
        });
        assert!(in_flight.drained(Duration::from_secs(5)).await);
        finishing.await.unwrap();
        let _stuck = in_flight.enter();
        assert!(!in_flight.drained(Duration::from_millis(50)).await);
    }
}
