//! A check run whose machine cannot resolve any name: its DNS failures say
//! nothing of the sources' addresses, so they must not count toward "gone".
//!
//! DNS failures are held back until some host of the run is known to have
//! resolved (it answered, or a connection to it was made); then they pass
//! as they are. When the run ends with no host resolved, each held check
//! is stored as flaky, and the run of failures it would have started or
//! extended is left as the previous check left it.

use crate::domain::link::{LinkStatus, Probe, ProbeFailure};

use super::{ArchiveLookup, Checked};

/// Holds DNS failures until a host of the run has resolved.
#[derive(Debug, Default)]
pub struct ResolverWatch {
    resolved: bool,
    held: Vec<Checked>,
}

/// Whether reaching the address needed its name resolved and got that far.
fn shows_resolution(probe: &Probe) -> bool {
    match probe {
        Probe::Answered { .. } => true,
        Probe::Failed(failure) => matches!(
            failure,
            ProbeFailure::Tls
                | ProbeFailure::Refused
                | ProbeFailure::Reset
                | ProbeFailure::Redirects
        ),
    }
}

impl ResolverWatch {
    /// What of `checked` (and of those held before) can be stored now.
    pub fn admit(&mut self, checked: Checked) -> Vec<Checked> {
        let probe = &checked.check.probe;
        if !self.resolved && *probe == Probe::Failed(ProbeFailure::Dns) {
            self.held.push(checked);
            return Vec::new();
        }
        if !self.resolved && shows_resolution(probe) {
            self.resolved = true;
            let mut now = std::mem::take(&mut self.held);
            now.push(checked);
            return now;
        }
        vec![checked]
    }

    /// The checks still held when the run ends: as they are when some
    /// host resolved after all, else flaky and not counted.
    pub fn finish(self) -> Vec<Checked> {
        if self.resolved {
            return self.held;
        }
        self.held
            .into_iter()
            .map(|mut checked| {
                checked.check.status = LinkStatus::Flaky;
                checked.check.unreachable_since = checked.target.unreachable_since;
                // No copy is looked for on the strength of a failure that
                // said nothing of the address.
                checked.archive = ArchiveLookup::NotAsked;
                checked
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{LinkCheck, LinkTarget};
    use chrono::{DateTime, Utc};

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    /// A DNS failure a day after the run of failures began: gone, if it counts.
    fn dns_gone(source_id: i64) -> Checked {
        let since = Some(at("2026-12-01T04:30:00Z"));
        Checked {
            target: LinkTarget {
                source_id,
                case_key: "case".into(),
                source_key: format!("S{source_id}"),
                publication: "Example News".into(),
                url: format!("https://gone{source_id}.example/a"),
                url_exact: true,
                archive_url: None,
                last_status: Some(LinkStatus::Flaky),
                unreachable_since: since,
            },
            check: LinkCheck {
                source_id,
                url: format!("https://gone{source_id}.example/a"),
                checked_at: at("2026-12-02T04:30:00Z"),
                probe: Probe::Failed(ProbeFailure::Dns),
                status: LinkStatus::Gone,
                unreachable_since: since,
            },
            archive: ArchiveLookup::NoneFound,
        }
    }

    fn answered(source_id: i64) -> Checked {
        let mut checked = dns_gone(source_id);
        checked.check.probe = Probe::Answered {
            status: 200,
            final_url: checked.check.url.clone(),
            moved_permanently: false,
        };
        checked.check.status = LinkStatus::Ok;
        checked.check.unreachable_since = None;
        checked
    }

    #[test]
    fn dns_failures_count_once_another_host_resolved() {
        let mut watch = ResolverWatch::default();
        assert!(watch.admit(dns_gone(1)).is_empty());
        let passed = watch.admit(answered(2));
        assert_eq!(passed.len(), 2);
        assert_eq!(passed[0].check.status, LinkStatus::Gone);
        // Later DNS failures pass at once.
        assert_eq!(watch.admit(dns_gone(3))[0].check.status, LinkStatus::Gone);
        assert!(watch.finish().is_empty());
    }

    #[test]
    fn a_run_where_no_host_resolved_counts_no_dns_failure() {
        let mut watch = ResolverWatch::default();
        assert!(watch.admit(dns_gone(1)).is_empty());
        assert!(watch.admit(dns_gone(2)).is_empty());
        // A timeout says nothing either way.
        let mut slow = dns_gone(3);
        slow.check.probe = Probe::Failed(ProbeFailure::Timeout);
        slow.check.status = LinkStatus::Flaky;
        assert_eq!(watch.admit(slow).len(), 1);
        let held = watch.finish();
        assert_eq!(held.len(), 2);
        for checked in held {
            assert_eq!(checked.check.status, LinkStatus::Flaky);
            assert_eq!(
                checked.check.unreachable_since,
                checked.target.unreachable_since
            );
            assert!(matches!(checked.archive, ArchiveLookup::NotAsked));
        }
    }
}
