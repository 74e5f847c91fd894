//! What `casewatch sources check` tells its operator: a progress line per
//! source on standard error, and a closing summary on standard output.

use super::{ArchiveLookup, Stored, Summary};
use crate::domain::link::{LinkStatus, Probe};

/// `[3/40] gone (HTTP 404): case/source https://… — archived copy stored: https://…`
pub fn progress_line(done: usize, total: usize, stored: &Stored) -> String {
    let checked = &stored.checked;
    let target = &checked.target;
    let status = checked.check.status;
    let why = match &checked.check.probe {
        Probe::Answered { status, .. } => format!("HTTP {status}"),
        Probe::Failed(failure) => failure.as_str().to_string(),
    };
    let mut line = format!(
        "[{done}/{total}] {} ({why}): {}/{} {}",
        status.as_str(),
        target.case_key,
        target.source_key,
        target.url
    );
    if let Probe::Answered {
        final_url,
        moved_permanently: true,
        ..
    } = &checked.check.probe
    {
        line.push_str(&format!(" → {final_url}"));
    }
    if let (Some(before), true) = (stored.before, stored.before != Some(status)) {
        line.push_str(&format!(" (was {})", before.as_str()));
    }
    if !target.url_exact {
        line.push_str(" — site address only: this says whether the site answers, not whether the article is still there");
    }
    match &checked.archive {
        ArchiveLookup::Found(url) if stored.archived => {
            line.push_str(&format!(" — archived copy stored: {url}"))
        }
        ArchiveLookup::Found(url) => line.push_str(&format!(
            " — archived copy found ({url}) but not stored: the source has one already"
        )),
        ArchiveLookup::NoneFound => line.push_str(" — no archived copy found"),
        ArchiveLookup::Failed(err) => line.push_str(&format!(
            " — the archive lookup failed ({err}); nothing was changed"
        )),
        ArchiveLookup::NotAsked => {
            if status == LinkStatus::Gone {
                if let Some(url) = &target.archive_url {
                    line.push_str(&format!(" — archived copy: {url}"));
                }
            }
        }
    }
    line
}

/// `Checked 40 sources in 12.3 s: 35 ok, 2 moved, 1 gone, 2 flaky; 1 archived copy stored.`
pub fn summary_line(summary: &Summary, seconds: f64) -> String {
    let mut line = format!(
        "Checked {} source{} in {seconds:.1} s: {} ok, {} moved, {} gone, {} flaky; {} archived cop{} stored.",
        summary.checked,
        if summary.checked == 1 { "" } else { "s" },
        summary.ok,
        summary.moved,
        summary.gone,
        summary.flaky,
        summary.archived,
        if summary.archived == 1 { "y" } else { "ies" },
    );
    if summary.archive_failures > 0 {
        line.push_str(&format!(
            " {} archive lookup{} failed; the next check asks again.",
            summary.archive_failures,
            if summary.archive_failures == 1 {
                ""
            } else {
                "s"
            }
        ));
    }
    line
}
