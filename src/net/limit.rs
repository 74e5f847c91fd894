//! A per-host pace for outgoing requests: each host (name and port) gets at
//! most one request per interval, while different hosts proceed in parallel.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Hands out request slots per host, spaced by a fixed interval.
#[derive(Debug)]
pub struct HostPace {
    interval: Duration,
    next: Mutex<HashMap<String, Instant>>,
}

impl HostPace {
    /// At most `per_minute` requests a minute to any one host; 0 means no pacing.
    pub fn per_minute(per_minute: u32) -> Self {
        let interval = if per_minute == 0 {
            Duration::ZERO
        } else {
            Duration::from_secs(60) / per_minute
        };
        HostPace::every(interval)
    }

    /// One request per `interval` to any one host.
    pub fn every(interval: Duration) -> Self {
        HostPace {
            interval,
            next: Mutex::new(HashMap::new()),
        }
    }

    /// Reserves the next slot for `host` and says how long to wait for it.
    /// The lock is held only to book the slot, never while waiting.
    pub fn reserve(&self, host: &str, now: Instant) -> Duration {
        if self.interval.is_zero() {
            return Duration::ZERO;
        }
        let mut next = self
            .next
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Hosts whose slot has long passed are forgotten, so the map stays small.
        if next.len() > 4096 {
            next.retain(|_, at| *at > now);
        }
        let slot = next
            .get(host)
            .copied()
            .filter(|at| *at > now)
            .unwrap_or(now);
        next.insert(host.to_owned(), slot + self.interval);
        slot - now
    }

    /// Waits for `host`'s next slot.
    pub async fn wait(&self, host: &str) {
        let wait = self.reserve(host, Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_host_is_spaced_and_others_are_not_held_up() {
        let pace = HostPace::per_minute(4);
        let now = Instant::now();
        assert_eq!(pace.reserve("a.example:443", now), Duration::ZERO);
        assert_eq!(pace.reserve("a.example:443", now), Duration::from_secs(15));
        assert_eq!(pace.reserve("a.example:443", now), Duration::from_secs(30));
        assert_eq!(pace.reserve("b.example:443", now), Duration::ZERO);
        // Once the booked slots have passed, the host is free again.
        let later = now + Duration::from_secs(60);
        assert_eq!(pace.reserve("a.example:443", later), Duration::ZERO);
    }

    #[test]
    fn zero_means_unpaced() {
        let pace = HostPace::per_minute(0);
        let now = Instant::now();
        assert_eq!(pace.reserve("a", now), Duration::ZERO);
        assert_eq!(pace.reserve("a", now), Duration::ZERO);
    }
}
