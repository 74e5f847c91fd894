//! TimelineJS: the Knight Lab TimelineJS3 JSON document
//! (<https://timeline.knightlab.com/docs/json-format.html>) and the same
//! slides as the Google Sheets template's CSV columns, so the file pastes
//! into the template. The case card is the title slide; each shown event
//! is a slide dated only as precisely as its source.

use serde::Serialize;

use super::cite::{marked, sources_html};
use super::tables::neutralise;
use super::{ExportError, ExportFile, Links};
use crate::core::i18n::Locale;
use crate::core::messages::export::ExportMsg;
use crate::core::model::{RecordId, RecordKind, Source, TimelineEntry};
use crate::domain::date::{DatePoint, PartialDate};
use crate::store::{CaseRow, Store, TimelineFilter};

/// The template's columns, in its order.
pub const TEMPLATE_COLUMNS: [&str; 18] = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
];

#[derive(Serialize)]
struct Document {
    title: Slide,
    events: Vec<Slide>,
}

#[derive(Serialize)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<SlideDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<SlideDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: SlideText,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    unique_id: String,
}

/// A TimelineJS date: only the parts the source gave.
#[derive(Serialize)]
struct SlideDate {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
}

#[derive(Serialize)]
struct SlideText {
    headline: String,
    text: String,
}

impl SlideDate {
    fn of(point: DatePoint) -> Self {
        use chrono::Datelike;
        match point {
            DatePoint::Year(year) => SlideDate {
                year,
                month: None,
                day: None,
            },
            DatePoint::Month(year, month) => SlideDate {
                year,
                month: Some(month),
                day: None,
            },
            DatePoint::Day(d) => SlideDate {
                year: d.year(),
                month: Some(d.month()),
                day: Some(d.day()),
            },
        }
    }
}

/// The case card and every shown event, as slides.
fn slides(
    store: &Store,
    case: &CaseRow,
    links: &Links,
    loc: Locale,
) -> Result<(Slide, Vec<Slide>), ExportError> {
    let supporting = |kind: &str| -> Result<Vec<Source>, ExportError> {
        Ok(store
            .supporting(kind, &[case.id])?
            .remove(&case.id)
            .unwrap_or_default())
    };
    let summary_sources = supporting("case_summary")?;
    let status_sources = supporting("case_status")?;
    // The title slide cites the summary's sources, then the status's that
    // are not already among them, numbered in that one list.
    let mut all = summary_sources.clone();
    for s in &status_sources {
        if !all.iter().any(|a| a.id == s.id) {
            all.push(s.clone());
        }
    }
    let mark_of = |subset: &[Source]| -> String {
        subset
            .iter()
            .filter_map(|s| all.iter().position(|a| a.id == s.id))
            .map(|n| format!("[{}]", n + 1))
            .collect()
    };
    // A statement whose sources were all retracted is not said, as the
    // case card does not say it (`history::push_supported`).
    let title_text = maud::html! {
        @if !summary_sources.is_empty() {
            p { (case.summary) " " (mark_of(&summary_sources)) }
        }
        @if !status_sources.is_empty() {
            p { (case.status) " " (mark_of(&status_sources)) }
        }
        (sources_html(&all, None, links.page("").as_deref(), loc))
    };
    let title = Slide {
        start_date: None,
        end_date: None,
        display_date: None,
        text: SlideText {
            headline: maud::html! { (case.title) }.into_string(),
            text: title_text.into_string(),
        },
        group: None,
        unique_id: case.key.clone(),
    };
    let (events, _) = store.timeline(case.id, &TimelineFilter::default(), 0, u64::MAX >> 1)?;
    let events = events.iter().map(|e| event_slide(e, links, loc)).collect();
    Ok((title, events))
}

fn event_slide(e: &TimelineEntry, links: &Links, loc: Locale) -> Slide {
    let record = RecordId {
        kind: RecordKind::Event,
        id: e.id,
    }
    .to_string();
    let (start, end, display) = match e.date {
        PartialDate::Point(p) => (p, None, None),
        // A range is a span the date falls within, not a duration: the
        // display date says so in words.
        PartialDate::Range(a, b) => (
            a,
            Some(SlideDate::of(b)),
            Some(
                ExportMsg::Between {
                    from: a.to_string(),
                    to: b.to_string(),
                }
                .say(loc),
            ),
        ),
    };
    let permalink = links.permalink(&record);
    Slide {
        start_date: Some(SlideDate::of(start)),
        end_date: end,
        display_date: display,
        text: SlideText {
            headline: maud::html! { (marked(&e.text, &e.sources)) }.into_string(),
            text: sources_html(&e.sources, Some(&record), permalink.as_deref(), loc).into_string(),
        },
        group: e.tags.first().cloned(),
        unique_id: record,
    }
}

/// `timeline.json`.
pub fn json(
    store: &Store,
    case: &CaseRow,
    links: &Links,
    loc: Locale,
) -> Result<ExportFile, ExportError> {
    let (title, events) = slides(store, case, links, loc)?;
    let mut bytes = serde_json::to_vec_pretty(&Document { title, events })?;
    bytes.push(b'\n');
    Ok(ExportFile {
        name: "timeline.json".into(),
        content_type: "application/json; charset=utf-8",
        bytes,
    })
}

/// `timeline.csv`: the title slide first (Type `title`), then the events.
pub fn csv(
    store: &Store,
    case: &CaseRow,
    links: &Links,
    loc: Locale,
) -> Result<ExportFile, ExportError> {
    let (title, events) = slides(store, case, links, loc)?;
    let mut out = super::tables::writer();
    out.write_record(TEMPLATE_COLUMNS)?;
    let part = |d: &Option<SlideDate>, f: fn(&SlideDate) -> Option<String>| {
        d.as_ref().and_then(f).unwrap_or_default()
    };
    for (slide, kind) in std::iter::once((&title, "title")).chain(events.iter().map(|e| (e, ""))) {
        let row = [
            part(&slide.start_date, |d| Some(d.year.to_string())),
            part(&slide.start_date, |d| d.month.map(|m| m.to_string())),
            part(&slide.start_date, |d| d.day.map(|d| d.to_string())),
            String::new(),
            part(&slide.end_date, |d| Some(d.year.to_string())),
            part(&slide.end_date, |d| d.month.map(|m| m.to_string())),
            part(&slide.end_date, |d| d.day.map(|d| d.to_string())),
            String::new(),
            slide.display_date.clone().unwrap_or_default(),
            slide.text.headline.clone(),
            slide.text.text.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            kind.to_string(),
            slide.group.clone().unwrap_or_default(),
            String::new(),
        ];
        let cells: Vec<_> = row.iter().map(|c| neutralise(c)).collect();
        out.write_record(cells.iter().map(|c| c.as_bytes()))?;
    }
    Ok(ExportFile {
        name: "timeline.csv".into(),
        content_type: "text/csv; charset=utf-8",
        bytes: super::tables::finish(out)?,
    })
}
