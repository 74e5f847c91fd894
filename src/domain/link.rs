//! Whether a source's address still answers: the four statuses a link
//! check gives, what one GET returned, and the rule that turns the one into
//! the other.

use chrono::{DateTime, Duration, Utc};

/// A source address's last known state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkStatus {
    /// It answered 2xx, with no permanent redirect on the way.
    Ok,
    /// A permanent redirect (301 or 308) led to an answer elsewhere.
    Moved,
    /// 404 or 410, or a DNS or TLS failure on two checks a day or more apart.
    Gone,
    /// Anything else (5xx, other 4xx, timeouts, resets): try again later.
    /// One failure never makes a source gone unless the server said so.
    Flaky,
}

impl LinkStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Ok => "ok",
            LinkStatus::Moved => "moved",
            LinkStatus::Gone => "gone",
            LinkStatus::Flaky => "flaky",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "ok" => LinkStatus::Ok,
            "moved" => LinkStatus::Moved,
            "gone" => LinkStatus::Gone,
            "flaky" => LinkStatus::Flaky,
            _ => return None,
        })
    }

    /// Whether an archived copy is worth looking up.
    pub fn wants_archive(self) -> bool {
        matches!(self, LinkStatus::Gone | LinkStatus::Moved)
    }
}

/// Why a GET gave no final answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeFailure {
    Timeout,
    Dns,
    Tls,
    Refused,
    Reset,
    /// Too many redirects, or one with no usable `Location`.
    Redirects,
    Other,
}

impl ProbeFailure {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ProbeFailure::Timeout => "timeout",
            ProbeFailure::Dns => "dns",
            ProbeFailure::Tls => "tls",
            ProbeFailure::Refused => "refused",
            ProbeFailure::Reset => "reset",
            ProbeFailure::Redirects => "redirects",
            ProbeFailure::Other => "other",
        }
    }

    /// A failure that says the address itself no longer leads anywhere
    /// (the name does not resolve, or the site's certificate is gone),
    /// rather than a busy or slow server.
    fn unreachable(self) -> bool {
        matches!(self, ProbeFailure::Dns | ProbeFailure::Tls)
    }
}

/// What one GET of a source's address gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// A final answer after any redirects.
    Answered {
        status: u16,
        final_url: String,
        /// Whether a redirect on the way was permanent (301 or 308).
        moved_permanently: bool,
    },
    /// No final answer.
    Failed(ProbeFailure),
}

/// How long an unreachable address must stay unreachable to be gone.
pub fn unreachable_for_gone() -> Duration {
    Duration::days(1)
}

/// The status a probe at `now` gives, and the start of the unbroken run
/// of DNS or TLS failures it belongs to (to keep for the next check).
/// `unreachable_since` is that start as the previous check left it.
pub fn classify(
    probe: &Probe,
    unreachable_since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> (LinkStatus, Option<DateTime<Utc>>) {
    match probe {
        Probe::Answered {
            status: 404 | 410, ..
        } => (LinkStatus::Gone, None),
        Probe::Answered {
            status,
            moved_permanently,
            ..
        } if (200..300).contains(status) => {
            if *moved_permanently {
                (LinkStatus::Moved, None)
            } else {
                (LinkStatus::Ok, None)
            }
        }
        Probe::Answered { .. } => (LinkStatus::Flaky, None),
        Probe::Failed(failure) if failure.unreachable() => {
            let since = unreachable_since.filter(|at| *at <= now).unwrap_or(now);
            if now - since >= unreachable_for_gone() {
                (LinkStatus::Gone, Some(since))
            } else {
                (LinkStatus::Flaky, Some(since))
            }
        }
        Probe::Failed(_) => (LinkStatus::Flaky, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn answered(status: u16, moved_permanently: bool) -> Probe {
        Probe::Answered {
            status,
            final_url: "https://example.org/a".into(),
            moved_permanently,
        }
    }

    #[test]
    fn answers_are_classified_by_status() {
        let now = at("2026-12-04T12:00:00Z");
        let cases = [
            (answered(200, false), LinkStatus::Ok),
            (answered(204, false), LinkStatus::Ok),
            (answered(200, true), LinkStatus::Moved),
            (answered(404, false), LinkStatus::Gone),
            (answered(410, true), LinkStatus::Gone),
            (answered(403, false), LinkStatus::Flaky),
            (answered(429, false), LinkStatus::Flaky),
            (answered(500, false), LinkStatus::Flaky),
            (answered(503, false), LinkStatus::Flaky),
            (Probe::Failed(ProbeFailure::Timeout), LinkStatus::Flaky),
            (Probe::Failed(ProbeFailure::Reset), LinkStatus::Flaky),
            (Probe::Failed(ProbeFailure::Refused), LinkStatus::Flaky),
            (Probe::Failed(ProbeFailure::Redirects), LinkStatus::Flaky),
        ];
        for (probe, expected) in cases {
            assert_eq!(classify(&probe, None, now).0, expected, "{probe:?}");
        }
    }

    #[test]
    fn dns_or_tls_failures_are_gone_only_a_day_apart() {
        let first = at("2026-12-01T12:00:00Z");
        for failure in [ProbeFailure::Dns, ProbeFailure::Tls] {
            let probe = Probe::Failed(failure);
            // First failure: flaky, and the run starts now.
            assert_eq!(
                classify(&probe, None, first),
                (LinkStatus::Flaky, Some(first))
            );
            // Again the same day: still flaky, the run keeps its start.
            let later = at("2026-12-02T11:59:59Z");
            assert_eq!(
                classify(&probe, Some(first), later),
                (LinkStatus::Flaky, Some(first))
            );
            // A day after the first: gone.
            let next_day = at("2026-12-02T12:00:00Z");
            assert_eq!(
                classify(&probe, Some(first), next_day),
                (LinkStatus::Gone, Some(first))
            );
        }
    }

    #[test]
    fn any_other_outcome_breaks_a_run_of_dns_failures() {
        let first = at("2026-12-01T12:00:00Z");
        let next_day = at("2026-12-02T12:00:00Z");
        let timeout = Probe::Failed(ProbeFailure::Timeout);
        assert_eq!(
            classify(&timeout, Some(first), next_day),
            (LinkStatus::Flaky, None)
        );
        assert_eq!(
            classify(&answered(200, false), Some(first), next_day),
            (LinkStatus::Ok, None)
        );
    }

    #[test]
    fn a_run_start_in_the_future_is_not_trusted() {
        let now = at("2026-12-01T12:00:00Z");
        let future = at("2026-12-09T12:00:00Z");
        let probe = Probe::Failed(ProbeFailure::Dns);
        assert_eq!(
            classify(&probe, Some(future), now),
            (LinkStatus::Flaky, Some(now))
        );
    }

    #[test]
    fn stored_names_read_back() {
        for status in [
            LinkStatus::Ok,
            LinkStatus::Moved,
            LinkStatus::Gone,
            LinkStatus::Flaky,
        ] {
            assert_eq!(LinkStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(LinkStatus::parse("broken"), None);
    }
}
