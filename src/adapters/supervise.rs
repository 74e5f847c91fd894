//! Background loops that outlive a panic. The feed poller, the daily bill
//! poll and the daily link check run for the life of the process; a bug
//! that panics inside one of them (a malformed answer nobody foresaw, a
//! store error turned into a panic) would otherwise end it silently while
//! the bot goes on answering and looks healthy. Here the loop is started
//! again, after a wait that grows with each panic in a row, and every
//! panic is logged with its message.

use std::future::Future;
use std::time::Duration;

/// How long to wait before starting a loop again after a panic.
#[derive(Debug, Clone, Copy)]
pub struct Restart {
    /// The wait after a first panic; it doubles with each panic in a row.
    pub first: Duration,
    /// The longest wait.
    pub cap: Duration,
    /// A loop that ran this long before it panicked starts its count of
    /// panics in a row again.
    pub healthy_after: Duration,
}

impl Default for Restart {
    /// A minute, doubling up to an hour; an hour without a panic resets.
    fn default() -> Self {
        Restart {
            first: Duration::from_secs(60),
            cap: Duration::from_secs(60 * 60),
            healthy_after: Duration::from_secs(60 * 60),
        }
    }
}

impl Restart {
    /// The wait after the `n`th panic in a row (from 1).
    pub fn wait(&self, n: u32) -> Duration {
        let doubled = self
            .first
            .checked_mul(1u32 << n.saturating_sub(1).min(20))
            .unwrap_or(self.cap);
        doubled.min(self.cap)
    }
}

/// Runs the loop `start` makes as a task of its own and, when it panics,
/// logs the panic and starts a new one after [`Restart::wait`]. Returns
/// when a loop returns, or when its task is cancelled (the runtime is
/// shutting down). Dropping this future drops the running loop with it.
pub async fn restart_on_panic<F, Fut>(name: &'static str, restart: Restart, mut start: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut in_a_row = 0u32;
    loop {
        let started = tokio::time::Instant::now();
        let task = tokio::spawn(start());
        // Aborted with this future, so a dropped supervisor leaves no loop behind.
        let guard = AbortOnDrop(task.abort_handle());
        let ended = task.await;
        drop(guard);
        match ended {
            Ok(()) => return,
            Err(err) if err.is_panic() => {
                if started.elapsed() >= restart.healthy_after {
                    in_a_row = 0;
                }
                in_a_row += 1;
                let wait = restart.wait(in_a_row);
                let message = panic_message(err.into_panic());
                tracing::error!(
                    panics_in_a_row = in_a_row,
                    "the {name} stopped on a panic ({message}); it starts again in {} s",
                    wait.as_secs()
                );
                tokio::time::sleep(wait).await;
            }
            Err(_) => return,
        }
    }
}

struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The text a panic was raised with, when it was text.
fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(text) => (*text).to_string(),
            Err(_) => "no message".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    #[test]
    fn the_wait_doubles_up_to_the_cap() {
        let restart = Restart::default();
        assert_eq!(restart.wait(1), Duration::from_secs(60));
        assert_eq!(restart.wait(2), Duration::from_secs(120));
        assert_eq!(restart.wait(6), Duration::from_secs(1920));
        assert_eq!(restart.wait(7), Duration::from_secs(3600));
        assert_eq!(restart.wait(u32::MAX), Duration::from_secs(3600));
    }

    /// A loop that panics twice is started a third time, and the
    /// supervisor returns when that one returns.
    #[tokio::test]
    async fn a_panicking_loop_is_started_again() {
        let runs = Arc::new(AtomicU32::new(0));
        let restart = Restart {
            first: Duration::from_millis(5),
            cap: Duration::from_millis(20),
            healthy_after: Duration::from_secs(60),
        };
        let counted = Arc::clone(&runs);
        tokio::time::timeout(
            Duration::from_secs(10),
            restart_on_panic("test loop", restart, move || {
                let counted = Arc::clone(&counted);
                async move {
                    if counted.fetch_add(1, Ordering::SeqCst) < 2 {
                        panic!("a bug in the loop");
                    }
                }
            }),
        )
        .await
        .expect("the supervisor returns once the loop returns");
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }

    /// Dropping the supervisor stops the loop it runs.
    #[tokio::test]
    async fn dropping_the_supervisor_stops_its_loop() {
        let ticks = Arc::new(AtomicU32::new(0));
        let counted = Arc::clone(&ticks);
        let supervisor = restart_on_panic("test loop", Restart::default(), move || {
            let counted = Arc::clone(&counted);
            async move {
                loop {
                    counted.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            }
        });
        let _ = tokio::time::timeout(Duration::from_millis(50), supervisor).await;
        let after_drop = ticks.load(Ordering::SeqCst);
        assert!(after_drop > 0, "the loop ran");
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), after_drop, "the loop stopped");
    }
}
