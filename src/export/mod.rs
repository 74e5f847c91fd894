//! Exports of a case's record for others to reuse: TimelineJS (JSON and
//! the Google Sheets template's CSV), an Atom feed of changes, an iCalendar
//! file of dated events and anniversaries, and CSV tables per record kind.
//!
//! One function, [`export`], returns the files with their media types, so
//! `casewatch export` and a web server that serves them under `/{case}/`
//! give the same bytes. Every exported item carries its sources; only what the bot may say
//! is exported (records not retracted, with a live source), except the feed,
//! which also tells of retractions. Nothing here reads the clock: times come
//! from the audit log, so two exports of an unchanged store are the same
//! bytes.

mod calendar;
mod cite;
mod feed;
mod tables;
mod timeline;

use std::fmt;
use std::str::FromStr;

use crate::core::i18n::Locale;
use crate::core::messages::export::ExportMsg;
use crate::store::{CaseRow, Store, StoreError};

/// The export formats, by the names `--format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// `timelinejs` → `timeline.json`, Knight Lab TimelineJS3 JSON.
    TimelineJs,
    /// `timelinejs-csv` → `timeline.csv`, the TimelineJS Google Sheets
    /// template's columns.
    TimelineJsCsv,
    /// `atom` → `feed.atom`, an RFC 4287 feed of the record's changes.
    Atom,
    /// `ics` → `calendar.ics`, RFC 5545 all-day events and anniversaries.
    Ics,
    /// `csv` → one RFC 4180 file per record kind.
    Csv,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::TimelineJs,
        ExportFormat::TimelineJsCsv,
        ExportFormat::Atom,
        ExportFormat::Ics,
        ExportFormat::Csv,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::TimelineJs => "timelinejs",
            ExportFormat::TimelineJsCsv => "timelinejs-csv",
            ExportFormat::Atom => "atom",
            ExportFormat::Ics => "ics",
            ExportFormat::Csv => "csv",
        }
    }

    /// Whether the format is several files (written to a folder).
    pub fn is_several_files(self) -> bool {
        self == ExportFormat::Csv
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is not one of [`ExportFormat::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not an export format")]
pub struct UnknownFormat(pub String);

impl UnknownFormat {
    /// The refusal, listing the formats.
    pub fn message(&self) -> ExportMsg {
        ExportMsg::UnknownFormat {
            format: self.0.clone(),
            formats: ExportFormat::ALL.map(ExportFormat::name).join(", "),
        }
    }
}

impl FromStr for ExportFormat {
    type Err = UnknownFormat;

    fn from_str(text: &str) -> Result<Self, UnknownFormat> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| UnknownFormat(text.to_string()))
    }
}

/// One exported file: its name, its media type and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// How to export.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions<'a> {
    /// The public site's address without a trailing `/`
    /// (`CASEWATCH_PUBLIC_URL`): records link to `{url}/{case}/r/{ID}`, the
    /// feed to itself at `{url}/{case}/feed.atom`, and the feed's `tag:` ids
    /// are minted under its host. `None`: no links.
    pub public_url: Option<&'a str>,
    /// The language of the words the export adds (labels, change notes);
    /// records keep the language their source used.
    pub locale: Locale,
}

impl Default for ExportOptions<'_> {
    fn default() -> Self {
        ExportOptions {
            public_url: None,
            locale: Locale::En,
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The case named is not in the store; `cases` are those that are.
    #[error("there is no case “{case}” in the database")]
    NoSuchCase { case: String, cases: Vec<String> },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A CSV table could not be written.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The TimelineJS document could not be serialized.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// An audit time that is not `YYYY-MM-DDTHH:MM:SSZ`, as the store writes.
    #[error("the audit log holds a time that is not YYYY-MM-DDTHH:MM:SSZ: {0:?}")]
    BadAuditTime(String),
    /// A shown record with no entry in the audit log: every write is
    /// audited, so the database was changed outside casewatch.
    #[error("the audit log has no entry for {0}; was the database changed outside casewatch?")]
    NoAuditEntry(String),
}

impl ExportError {
    /// The sentence for an error the user caused, or `None` for a failure
    /// of ours (to be logged in full).
    pub fn refusal(&self) -> Option<ExportMsg> {
        match self {
            ExportError::NoSuchCase { case, cases } => Some(ExportMsg::NoSuchCase {
                case: case.clone(),
                cases: cases.join(", "),
            }),
            _ => None,
        }
    }
}

/// Exports one case in one format: one file, or several for `csv`.
pub fn export(
    store: &Store,
    case_slug: &str,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<Vec<ExportFile>, ExportError> {
    let case = find_case(store, case_slug)?;
    let links = Links::new(opts.public_url, &case.key);
    let loc = opts.locale;
    Ok(match format {
        ExportFormat::TimelineJs => vec![timeline::json(store, &case, &links, loc)?],
        ExportFormat::TimelineJsCsv => vec![timeline::csv(store, &case, &links, loc)?],
        ExportFormat::Atom => vec![feed::atom(store, &case, &links, loc)?],
        ExportFormat::Ics => vec![calendar::ics(store, &case, &links, loc)?],
        ExportFormat::Csv => tables::csv(store, &case, &links, loc)?,
    })
}

/// The case by slug, or a refusal naming the cases there are.
pub fn find_case(store: &Store, case_slug: &str) -> Result<CaseRow, ExportError> {
    let cases = store.cases()?;
    let names: Vec<String> = cases.iter().map(|c| c.key.clone()).collect();
    cases
        .into_iter()
        .find(|c| c.key == case_slug)
        .ok_or_else(|| ExportError::NoSuchCase {
            case: case_slug.to_string(),
            cases: names,
        })
}

/// Addresses on the public site, when there is one.
pub(crate) struct Links {
    base: Option<String>,
    case: String,
}

impl Links {
    fn new(public_url: Option<&str>, case: &str) -> Self {
        Links {
            base: public_url.map(|u| u.trim_end_matches('/').to_string()),
            case: case.to_string(),
        }
    }

    /// `{url}/{case}/r/{ID}`.
    pub fn permalink(&self, record: &str) -> Option<String> {
        self.base
            .as_ref()
            .map(|b| format!("{b}/{}/r/{record}", self.case))
    }

    /// `{url}/{case}/{path}`.
    pub fn page(&self, path: &str) -> Option<String> {
        self.base.as_ref().map(|b| {
            if path.is_empty() {
                format!("{b}/{}", self.case)
            } else {
                format!("{b}/{}/{path}", self.case)
            }
        })
    }

    /// The host name of the public site (no port), for `tag:` ids.
    pub fn host(&self) -> Option<&str> {
        let rest = self.base.as_deref()?.split_once("://")?.1;
        let host = rest.split(['/', '?', '#']).next()?;
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        // An IPv6 literal keeps its colons; a port after it is dropped.
        let host = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next()?,
            None => host.split(':').next()?,
        };
        (!host.is_empty()).then_some(host)
    }
}

/// Checks an audit time and returns its parts for other notations.
pub(crate) fn audit_time(at: &str) -> Result<chrono::NaiveDateTime, ExportError> {
    chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%SZ")
        .map_err(|_| ExportError::BadAuditTime(at.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip_and_unknown_ones_are_refused() {
        for format in ExportFormat::ALL {
            assert_eq!(format.name().parse::<ExportFormat>(), Ok(format));
        }
        let err = "pdf".parse::<ExportFormat>().unwrap_err();
        let en = err.message().say(Locale::En);
        assert!(
            en.contains("“pdf”") && en.contains("timelinejs-csv"),
            "{en}"
        );
        assert!(err.message().say(Locale::Es).contains("Elige uno de"));
    }

    #[test]
    fn links_are_built_on_the_public_address() {
        let links = Links::new(Some("https://cw.example.org:8443/site"), "a-case");
        assert_eq!(
            links.permalink("E12").as_deref(),
            Some("https://cw.example.org:8443/site/a-case/r/E12")
        );
        assert_eq!(links.host(), Some("cw.example.org"));
        assert_eq!(
            links.page("feed.atom").as_deref(),
            Some("https://cw.example.org:8443/site/a-case/feed.atom")
        );
        assert_eq!(Links::new(None, "a-case").permalink("E1"), None);
        assert_eq!(Links::new(Some("http://[::1]:80"), "c").host(), Some("::1"));
    }
}
