//! The exports on the site, the same files `casewatch export` writes
//! ([`crate::export`]), under the case's address:
//!
//! | path | format |
//! |---|---|
//! | `/{case}/timeline.json` | `timelinejs` |
//! | `/{case}/timeline.csv` | `timelinejs-csv` |
//! | `/{case}/feed.atom` | `atom` |
//! | `/{case}/calendar.ics` | `ics` |
//! | `/{case}/csv/{events,quotes,actions,figures,sources}.csv` | `csv` |

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::core::i18n::Locale;
use crate::core::Core;
use crate::export::{self, ExportError, ExportFile, ExportFormat, ExportOptions};

/// How many bytes of built exports the site keeps. A whole-case export of
/// a case with 100,000 events and 100,000 quotes is 66 to 120 MB and takes
/// seconds to build (BENCHMARKS.md, "Exports of the whole case").
pub const CACHE_BYTES: usize = 256 << 20;

/// The one-file exports by their path under the case.
pub const FILES: [(&str, ExportFormat); 4] = [
    ("timeline.json", ExportFormat::TimelineJs),
    ("timeline.csv", ExportFormat::TimelineJsCsv),
    ("feed.atom", ExportFormat::Atom),
    ("calendar.ics", ExportFormat::Ics),
];

/// The CSV tables, served under `/{case}/csv/`.
pub const TABLES: [&str; 5] = [
    "events.csv",
    "quotes.csv",
    "actions.csv",
    "figures.csv",
    "sources.csv",
];

/// The export an address under a case asks for: its format and the name
/// of the file among those the format writes.
pub fn wanted<'a>(rest: &[&'a str]) -> Option<(ExportFormat, &'a str)> {
    match rest {
        [name] => FILES
            .iter()
            .find(|(file, _)| file == name)
            .map(|(_, format)| (*format, *name)),
        ["csv", name] if TABLES.contains(name) => Some((ExportFormat::Csv, *name)),
        _ => None,
    }
}

/// The exports the site built last, by the state of the record they were
/// built from, and the one door through which the site builds them.
///
/// Builds run one at a time: a second request waits for the first and
/// then finds its file here, so many readers asking for a large case's
/// export at once cost one build, not one build (and one copy in memory)
/// each, and the process stays within its memory whatever the traffic.
/// An entry is good for as long as the page's ETag (release, last audit
/// log entry, day, language) is the same; a change to the record changes
/// the tag, and the next request builds anew.
#[derive(Default)]
pub struct ExportCache {
    inner: Mutex<Cached>,
}

#[derive(Default)]
struct Cached {
    /// Oldest first: (record state, case, format) and the files built.
    entries: VecDeque<(String, Arc<Vec<ExportFile>>)>,
    bytes: usize,
    builds: u64,
}

impl ExportCache {
    /// How many exports were built since the start (a cache hit builds none).
    pub fn builds(&self) -> u64 {
        self.lock().builds
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cached> {
        // A build that panicked left nothing half-written here.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The file `name` of `format` for `case`, from the cache when it was
    /// built for the same `state` (the page's ETag), else built now and
    /// kept. Without a state nothing is kept.
    #[allow(clippy::too_many_arguments)]
    pub fn file(
        &self,
        core: &Core,
        case: &str,
        format: ExportFormat,
        name: &str,
        public_url: Option<&str>,
        locale: Locale,
        state: Option<&str>,
    ) -> Result<Option<ExportFile>, ExportError> {
        let pick = |files: &[ExportFile]| files.iter().find(|f| f.name == name).cloned();
        let mut cached = self.lock();
        let key = state.map(|state| [state, "|", case, "|", &format!("{format:?}")].concat());
        if let Some(key) = &key {
            if let Some((_, files)) = cached.entries.iter().find(|(k, _)| k == key) {
                return Ok(pick(files));
            }
        }
        let options = ExportOptions { public_url, locale };
        let files = export::export(&core.store(), case, format, &options)?;
        cached.builds += 1;
        let found = pick(&files);
        if let Some(key) = key {
            let size: usize = files.iter().map(|f| f.bytes.len()).sum();
            cached.entries.push_back((key, Arc::new(files)));
            cached.bytes += size;
            // The newest entry stays even when it alone is over the bound.
            while cached.bytes > CACHE_BYTES && cached.entries.len() > 1 {
                if let Some((_, old)) = cached.entries.pop_front() {
                    cached.bytes -= old.iter().map(|f| f.bytes.len()).sum::<usize>();
                }
            }
        }
        Ok(found)
    }
}
