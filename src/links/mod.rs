//! Sources stay reachable: `casewatch sources check` GETs each source's
//! address through the shared client (`net`), classifies the answer
//! (`domain::link`), keeps the last status and the history (`store`), and
//! for a gone or moved source stores an archived copy found with the
//! Internet Archive's availability API (`archive`).
//!
//! The network runs in tokio tasks, one per host (hosts in parallel, a
//! bounded number at once, each host's requests paced by the client); the
//! store stays on the calling thread and is written as each answer comes
//! in, one short transaction each, so no transaction (and so no database
//! lock) is open while a request is in flight.

pub mod archive;
pub mod report;
pub mod resolver;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use crate::config::ConfigError;
use crate::domain::link::{classify, LinkStatus, Probe, ProbeFailure};
use crate::net::{web_address, Failure, FetchError, FetchRequest, FetchSettings, Fetcher};
use crate::store::{LinkCheck, LinkTarget, Store, StoreError};
use archive::ArchiveError;

/// The audit log's actor for archived copies the checker sets.
pub const ACTOR: &str = crate::store::LINK_CHECK_ACTOR;

/// Requests a minute to one host when `CASEWATCH_LINK_CHECK_PER_HOST_PER_MINUTE` is unset.
pub const DEFAULT_PER_HOST_PER_MINUTE: u32 = 4;

/// Hosts checked at the same time: each holds at most one connection.
pub const HOSTS_AT_ONCE: usize = 32;

/// How a check runs.
#[derive(Debug, Clone)]
pub struct LinkCheckSettings {
    /// `CASEWATCH_LINK_CHECK_PER_HOST_PER_MINUTE` (0 = unpaced, for tests on loopback).
    pub per_host_per_minute: u32,
    /// `CASEWATCH_ARCHIVE_API`: the availability API's address.
    pub archive_api: String,
    /// The whole GET, redirects included.
    pub timeout: Duration,
    pub hosts_at_once: usize,
    /// `CASEWATCH_LINK_CHECK_DAILY`: the chat bot checks each source once a
    /// day itself (off by default: `deploy/casewatch-links.timer` does it).
    pub daily: bool,
}

impl Default for LinkCheckSettings {
    fn default() -> Self {
        LinkCheckSettings {
            per_host_per_minute: DEFAULT_PER_HOST_PER_MINUTE,
            archive_api: archive::DEFAULT_ARCHIVE_API.to_string(),
            timeout: Duration::from_secs(10),
            hosts_at_once: HOSTS_AT_ONCE,
            daily: false,
        }
    }
}

impl LinkCheckSettings {
    /// Reads the two settings from the environment; every bad one named.
    pub fn from_env() -> Result<Self, Vec<ConfigError>> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`LinkCheckSettings::from_env`] over any lookup (tests).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, Vec<ConfigError>> {
        let mut settings = LinkCheckSettings::default();
        let mut errors = Vec::new();
        let set = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        if let Some(value) = set("CASEWATCH_LINK_CHECK_PER_HOST_PER_MINUTE") {
            match value.parse::<u32>() {
                Ok(n) if n <= 600 => settings.per_host_per_minute = n,
                _ => errors.push(ConfigError {
                    name: "CASEWATCH_LINK_CHECK_PER_HOST_PER_MINUTE",
                    value,
                    why: "give a whole number of requests a minute from 0 (unpaced) to 600".into(),
                }),
            }
        }
        if let Some(value) = set("CASEWATCH_ARCHIVE_API") {
            match web_address(&value) {
                Ok(_) if !value.contains(['?', '#']) => settings.archive_api = value,
                _ => errors.push(ConfigError {
                    name: "CASEWATCH_ARCHIVE_API",
                    value,
                    why: format!(
                        "give an http or https address without ? or #, such as {}",
                        archive::DEFAULT_ARCHIVE_API
                    ),
                }),
            }
        }
        if let Some(value) = set("CASEWATCH_LINK_CHECK_DAILY") {
            match value.to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" | "on" => settings.daily = true,
                "no" | "false" | "0" | "off" => settings.daily = false,
                _ => errors.push(ConfigError {
                    name: "CASEWATCH_LINK_CHECK_DAILY",
                    value,
                    why: "give yes or no".into(),
                }),
            }
        }
        if errors.is_empty() {
            Ok(settings)
        } else {
            Err(errors)
        }
    }
}

/// What the archive lookup gave for one source.
#[derive(Debug, Clone)]
pub enum ArchiveLookup {
    /// Not asked: the source is ok or flaky, already has a copy, or its
    /// address is only the site's (a copy of a home page is no copy of the article).
    NotAsked,
    Found(String),
    NoneFound,
    Failed(ArchiveError),
}

/// One source checked, before it is stored.
#[derive(Debug, Clone)]
pub struct Checked {
    pub target: LinkTarget,
    pub check: LinkCheck,
    pub archive: ArchiveLookup,
}

/// One source checked and stored.
#[derive(Debug, Clone)]
pub struct Stored {
    pub checked: Checked,
    /// The status before this check (`None`: never checked).
    pub before: Option<LinkStatus>,
    /// Whether the archived copy found was set on the source.
    pub archived: bool,
}

/// A whole run, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub checked: usize,
    pub ok: usize,
    pub moved: usize,
    pub gone: usize,
    pub flaky: usize,
    /// Archived copies set on sources.
    pub archived: usize,
    /// Archive lookups that failed (nothing changed for them).
    pub archive_failures: usize,
}

/// Why a run could not go on.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// Reading or writing the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The HTTP client could not be built.
    #[error(transparent)]
    Client(#[from] FetchError),
    /// The async runtime could not start.
    #[error("the async runtime could not start: {0}")]
    Runtime(#[from] std::io::Error),
}

fn probe_of(result: Result<crate::net::Fetched, FetchError>) -> Probe {
    match result {
        Ok(fetched) => Probe::Answered {
            status: fetched.status,
            moved_permanently: fetched.moved_permanently(),
            final_url: fetched.final_url,
        },
        Err(FetchError::TooManyRedirects(_) | FetchError::BadRedirect) => {
            Probe::Failed(ProbeFailure::Redirects)
        }
        Err(error) => Probe::Failed(match error.failure() {
            Some(Failure::Timeout) => ProbeFailure::Timeout,
            Some(Failure::Dns) => ProbeFailure::Dns,
            Some(Failure::Tls) => ProbeFailure::Tls,
            Some(Failure::Refused) => ProbeFailure::Refused,
            Some(Failure::Reset) => ProbeFailure::Reset,
            Some(Failure::Other) | None => ProbeFailure::Other,
        }),
    }
}

/// GETs one source's address (status only, no body) and classifies the
/// answer; the archive lookup, if it needs one, is left to [`look_up_archive`].
pub async fn probe(fetcher: &Fetcher, target: LinkTarget) -> Checked {
    let probe = probe_of(fetcher.get(&FetchRequest::get(target.url.clone())).await);
    let now = Utc::now();
    let (status, unreachable_since) = classify(&probe, target.unreachable_since, now);
    let check = LinkCheck {
        source_id: target.source_id,
        url: target.url.clone(),
        checked_at: now,
        probe,
        status,
        unreachable_since,
    };
    Checked {
        target,
        check,
        archive: ArchiveLookup::NotAsked,
    }
}

/// Whether an archived copy is looked up: the source is gone or moved,
/// has none yet, and its address is the article's own.
pub fn needs_archive(checked: &Checked) -> bool {
    checked.check.status.wants_archive()
        && checked.target.archive_url.is_none()
        && checked.target.url_exact
}

/// Asks the availability API for a copy of the source's address.
pub async fn look_up_archive(fetcher: &Fetcher, archive_api: &str, checked: &mut Checked) {
    checked.archive = match archive::lookup(fetcher, archive_api, &checked.target.url).await {
        Ok(Some(url)) => ArchiveLookup::Found(url),
        Ok(None) => ArchiveLookup::NoneFound,
        Err(err) => ArchiveLookup::Failed(err),
    };
}

/// The pacing group of an address (host and port), as the client paces.
fn host_of(url: &str) -> String {
    web_address(url)
        .map(|u| {
            format!(
                "{}:{}",
                u.host_str().unwrap_or_default(),
                u.port_or_known_default().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// Starts checking `targets` in the background: one task per host, at
/// most `hosts_at_once` hosts at a time, and one task for the archive
/// lookups (all to one host, so paced as one; a host task never waits on
/// them). Results arrive on the returned channel as they come, DNS
/// failures once some host has resolved or at the end (see [`resolver`]);
/// it closes when all are done.
pub fn spawn_checks(
    runtime: &tokio::runtime::Handle,
    fetcher: Arc<Fetcher>,
    settings: &LinkCheckSettings,
    targets: Vec<LinkTarget>,
) -> tokio::sync::mpsc::UnboundedReceiver<Checked> {
    let (done, mut checked_rx) = tokio::sync::mpsc::unbounded_channel::<Checked>();
    let (out, results) = tokio::sync::mpsc::unbounded_channel();
    runtime.spawn(async move {
        let mut watch = resolver::ResolverWatch::default();
        while let Some(checked) = checked_rx.recv().await {
            for checked in watch.admit(checked) {
                if out.send(checked).is_err() {
                    return;
                }
            }
        }
        for checked in watch.finish() {
            if out.send(checked).is_err() {
                return;
            }
        }
    });
    let (to_archive, mut archive_queue) = tokio::sync::mpsc::unbounded_channel::<Checked>();
    let mut by_host: BTreeMap<String, Vec<LinkTarget>> = BTreeMap::new();
    for target in targets {
        by_host
            .entry(host_of(&target.url))
            .or_default()
            .push(target);
    }
    let slots = Arc::new(tokio::sync::Semaphore::new(settings.hosts_at_once.max(1)));
    for (_, targets) in by_host {
        let (done, to_archive) = (done.clone(), to_archive.clone());
        let (fetcher, slots) = (fetcher.clone(), slots.clone());
        runtime.spawn(async move {
            let Ok(_slot) = slots.acquire_owned().await else {
                return;
            };
            for target in targets {
                let checked = probe(&fetcher, target).await;
                let sent = if needs_archive(&checked) {
                    to_archive.send(checked).is_ok()
                } else {
                    done.send(checked).is_ok()
                };
                if !sent {
                    return;
                }
            }
        });
    }
    // The queue ends when the last host task drops its sender.
    drop(to_archive);
    let archive_api = settings.archive_api.clone();
    runtime.spawn(async move {
        while let Some(mut checked) = archive_queue.recv().await {
            look_up_archive(&fetcher, &archive_api, &mut checked).await;
            if done.send(checked).is_err() {
                return;
            }
        }
    });
    results
}

/// Stores one result: the check, and an archived copy it found (as
/// [`ACTOR`], audited, only where the source still has none).
pub fn store_checked(store: &mut Store, checked: Checked) -> Result<Stored, StoreError> {
    let before = store.record_link_check(&checked.check)?;
    let archived = match &checked.archive {
        ArchiveLookup::Found(url) => store.write(ACTOR, |w| {
            w.set_missing_archive(
                checked.target.source_id,
                url,
                &format!(
                    "the link check found the address {}",
                    checked.check.status.as_str()
                ),
            )
        })?,
        _ => false,
    };
    Ok(Stored {
        checked,
        before,
        archived,
    })
}

/// Checks the live sources of `case` (every case when `None`), at most
/// `limit` of them, the least recently checked first; calls `each` after
/// each one is stored, with how many are done and how many there are.
pub fn check_sources(
    store: &mut Store,
    settings: &LinkCheckSettings,
    case: Option<&str>,
    limit: Option<usize>,
    mut each: impl FnMut(usize, usize, &Stored),
) -> Result<Summary, LinkError> {
    let targets = store.link_targets(case, limit)?;
    let total = targets.len();
    let fetcher = Arc::new(Fetcher::new(FetchSettings {
        timeout: settings.timeout,
        max_redirects: 5,
        per_host_per_minute: settings.per_host_per_minute,
    })?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let mut results = spawn_checks(runtime.handle(), fetcher, settings, targets);
    let mut summary = Summary::default();
    while let Some(checked) = results.blocking_recv() {
        let stored = store_checked(store, checked)?;
        summary.checked += 1;
        match stored.checked.check.status {
            LinkStatus::Ok => summary.ok += 1,
            LinkStatus::Moved => summary.moved += 1,
            LinkStatus::Gone => summary.gone += 1,
            LinkStatus::Flaky => summary.flaky += 1,
        }
        summary.archived += usize::from(stored.archived);
        summary.archive_failures +=
            usize::from(matches!(stored.checked.archive, ArchiveLookup::Failed(_)));
        each(summary.checked, total, &stored);
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_default_and_refuse_bad_values_by_name() {
        let none = LinkCheckSettings::from_vars(|_| None).unwrap();
        assert_eq!(none.per_host_per_minute, DEFAULT_PER_HOST_PER_MINUTE);
        assert_eq!(none.archive_api, archive::DEFAULT_ARCHIVE_API);
        let set = LinkCheckSettings::from_vars(|name| match name {
            "CASEWATCH_LINK_CHECK_PER_HOST_PER_MINUTE" => Some("0".into()),
            "CASEWATCH_ARCHIVE_API" => Some("http://127.0.0.1:9/wayback/available".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(set.per_host_per_minute, 0);
        assert_eq!(set.archive_api, "http://127.0.0.1:9/wayback/available");
        let errors = LinkCheckSettings::from_vars(|name| match name {
            "CASEWATCH_LINK_CHECK_PER_HOST_PER_MINUTE" => Some("lots".into()),
            "CASEWATCH_ARCHIVE_API" => Some("ftp://archive.example/".into()),
            "CASEWATCH_LINK_CHECK_DAILY" => Some("sometimes".into()),
            _ => None,
        })
        .unwrap_err();
        let names: Vec<_> = errors.iter().map(|e| e.name).collect();
        assert_eq!(
            names,
            [
                "CASEWATCH_LINK_CHECK_PER_HOST_PER_MINUTE",
                "CASEWATCH_ARCHIVE_API",
                "CASEWATCH_LINK_CHECK_DAILY"
            ]
        );
        assert!(!none.daily);
        let daily = LinkCheckSettings::from_vars(|name| {
            (name == "CASEWATCH_LINK_CHECK_DAILY").then(|| "yes".to_string())
        })
        .unwrap();
        assert!(daily.daily);
        assert!(errors[1].to_string().contains("ftp://archive.example/"));
    }

    #[test]
    fn hosts_are_grouped_by_name_and_port() {
        assert_eq!(host_of("https://example.org/a"), "example.org:443");
        assert_eq!(host_of("http://example.org/b"), "example.org:80");
        assert_eq!(host_of("http://127.0.0.1:8081/c"), "127.0.0.1:8081");
    }
}
