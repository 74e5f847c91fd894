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

use crate::core::i18n::Locale;
use crate::core::Core;
use crate::export::{self, ExportError, ExportFile, ExportFormat, ExportOptions};

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

/// The file `name` of `format` for `case`, as `casewatch export` writes it.
pub fn file(
    core: &Core,
    case: &str,
    format: ExportFormat,
    name: &str,
    public_url: Option<&str>,
    locale: Locale,
) -> Result<Option<ExportFile>, ExportError> {
    let options = ExportOptions { public_url, locale };
    let files = export::export(&core.store(), case, format, &options)?;
    Ok(files.into_iter().find(|f| f.name == name))
}
