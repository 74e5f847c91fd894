//! CSV tables, one file per record kind (events, quotes, actions, figures,
//! sources): RFC 4180 with CRLF line ends, written by the `csv` crate. A
//! cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets
//! a leading `'`, so a spreadsheet shows it as text and never runs it as a
//! formula (<https://owasp.org/www-community/attacks/CSV_Injection>).

use std::borrow::Cow;

use super::cite::sources_text;
use super::{ExportError, ExportFile, Links};
use crate::core::i18n::Locale;
use crate::core::model::{Person, RecordId, RecordKind, Source};
use crate::store::{CaseRow, Store, TimelineFilter};

/// A cell as a spreadsheet may show it without running it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A writer into memory with CRLF line ends.
pub(crate) fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// The written bytes.
pub(crate) fn finish(out: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ExportError> {
    out.into_inner()
        .map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))
}

/// One table: a header and rows, every cell neutralised.
fn table(name: &str, header: &[&str], rows: Vec<Vec<String>>) -> Result<ExportFile, ExportError> {
    let mut out = writer();
    out.write_record(header)?;
    for row in rows {
        debug_assert_eq!(row.len(), header.len(), "{name}");
        let cells: Vec<_> = row.iter().map(|c| neutralise(c)).collect();
        out.write_record(cells.iter().map(|c| c.as_bytes()))?;
    }
    Ok(ExportFile {
        name: name.to_string(),
        content_type: "text/csv; charset=utf-8",
        bytes: finish(out)?,
    })
}

/// The columns every record table ends with: where to read more, and the
/// sources (ids, then each in full, one a line).
fn cited(record: RecordId, sources: &[Source], links: &Links, loc: Locale) -> [String; 3] {
    [
        links.permalink(&record.to_string()).unwrap_or_default(),
        sources
            .iter()
            .map(Source::record_id)
            .collect::<Vec<_>>()
            .join(" "),
        sources_text(sources, loc),
    ]
}

fn id(kind: RecordKind, id: i64) -> RecordId {
    RecordId { kind, id }
}

/// Several people in one cell, as a spreadsheet reader splits them.
fn names(keys: &[String], people: &[Person]) -> String {
    Person::names(keys, people, "; ")
}

/// `events.csv`, `quotes.csv`, `actions.csv`, `figures.csv`, `sources.csv`.
pub fn csv(
    store: &Store,
    case: &CaseRow,
    links: &Links,
    loc: Locale,
) -> Result<Vec<ExportFile>, ExportError> {
    // Only people the bot may name: a retracted person is not shown.
    let people = store.people(case.id, false)?;
    let all = u64::MAX >> 1;
    let (events, _) = store.timeline(case.id, &TimelineFilter::default(), 0, all)?;
    let events = events
        .into_iter()
        .map(|e| {
            let mut row = vec![
                id(RecordKind::Event, e.id).to_string(),
                e.date.to_string(),
                // The bounds the date stands for, to sort and filter by;
                // `date` keeps the source's precision.
                e.date.first_day().to_string(),
                e.date.last_day().to_string(),
                e.text,
                e.tags.join("; "),
                names(&e.people, &people),
            ];
            row.extend(cited(id(RecordKind::Event, e.id), &e.sources, links, loc));
            row
        })
        .collect();
    let (quotes, _) = store.quotes(case.id, None, None, false, 0, all)?;
    let quotes = quotes
        .into_iter()
        .map(|q| {
            let mut row = vec![
                id(RecordKind::Quote, q.id).to_string(),
                q.said.map(|d| d.to_string()).unwrap_or_default(),
                q.speaker.name,
                q.role,
                q.text,
                q.language,
                q.translated_from.unwrap_or_default(),
                q.place.unwrap_or_default(),
                q.relay.as_str().to_string(),
                q.relayed_by.unwrap_or_default(),
                q.context.unwrap_or_default(),
            ];
            row.extend(cited(id(RecordKind::Quote, q.id), &q.sources, links, loc));
            row
        })
        .collect();
    let actions = store
        .actions(case.id, false)?
        .into_iter()
        .map(|a| {
            let status = a.current_status();
            let mut row = vec![
                id(RecordKind::Action, a.id).to_string(),
                a.kind.clone(),
                a.title.clone(),
                a.date.map(|d| d.to_string()).unwrap_or_default(),
                a.reference.clone().unwrap_or_default(),
                names(&a.led_by, &people),
                names(&a.co_led_by, &people),
                a.summary.clone(),
                status.map(|s| s.status.clone()).unwrap_or_default(),
                status
                    .and_then(|s| s.date)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                status
                    .map(|s| sources_text(&s.sources, loc))
                    .unwrap_or_default(),
            ];
            row.extend(cited(id(RecordKind::Action, a.id), &a.sources, links, loc));
            row
        })
        .collect();
    let figures = store
        .figures(case.id, false)?
        .into_iter()
        .map(|f| {
            let mut row = vec![
                id(RecordKind::Figure, f.id).to_string(),
                f.measure,
                f.label,
                f.value,
                f.stated_as,
            ];
            row.extend(cited(id(RecordKind::Figure, f.id), &f.sources, links, loc));
            row
        })
        .collect();
    let sources = store
        .sources(case.id, false)?
        .into_iter()
        .map(|s| {
            vec![
                s.record_id(),
                s.publication.clone(),
                s.title.clone(),
                s.author.clone().unwrap_or_default(),
                s.published.to_string(),
                s.url.clone(),
                if s.url_exact { "yes" } else { "no" }.to_string(),
                s.archive_url.clone().unwrap_or_default(),
                s.note.clone().unwrap_or_default(),
                links.permalink(&s.record_id()).unwrap_or_default(),
            ]
        })
        .collect();
    const CITED: [&str; 3] = ["permalink", "source_ids", "sources"];
    let with_cited = |head: &[&'static str]| -> Vec<&'static str> {
        head.iter().copied().chain(CITED).collect()
    };
    Ok(vec![
        table(
            "events.csv",
            &with_cited(&[
                "id",
                "date",
                "earliest_day",
                "latest_day",
                "text",
                "tags",
                "people",
            ]),
            events,
        )?,
        table(
            "quotes.csv",
            &with_cited(&[
                "id",
                "said",
                "speaker",
                "role",
                "text",
                "language",
                "translated_from",
                "place",
                "relay",
                "relayed_by",
                "context",
            ]),
            quotes,
        )?,
        table(
            "actions.csv",
            &with_cited(&[
                "id",
                "kind",
                "title",
                "date",
                "reference",
                "led_by",
                "co_led_by",
                "summary",
                "status",
                "status_date",
                "status_sources",
            ]),
            actions,
        )?,
        table(
            "figures.csv",
            &with_cited(&["id", "measure", "label", "value", "stated_as"]),
            figures,
        )?,
        table(
            "sources.csv",
            &[
                "id",
                "publication",
                "title",
                "author",
                "published",
                "url",
                "url_exact",
                "archive_url",
                "note",
                "permalink",
            ],
            sources,
        )?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_other_cells_kept() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["", "plain", "1-2", " =x", "'quoted"] {
            assert_eq!(neutralise(cell), cell);
        }
    }
}
