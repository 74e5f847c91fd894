//! `calendar.ics`: an RFC 5545 calendar of the case. Every shown event its
//! source dates to the day is an all-day event (`VALUE=DATE`); events dated
//! to a month, a year or a span are left out, since a calendar cannot say
//! "some day in March". The case's key dates (those its case card lists:
//! detained from, detained until) also recur yearly from their first
//! anniversary, as the digest marks them.
//!
//! Written by hand rather than with the `icalendar` crate, which fills UID
//! and DTSTAMP with a random UUID and the current time: here the UID comes
//! from the record id and DTSTAMP from the record's last audit time, so
//! two exports of an unchanged record are byte-identical.

use chrono::{Months, NaiveDate};

use super::cite::{marked, sources_text};
use super::{audit_time, ExportError, ExportFile, Links};
use crate::core::i18n::Locale;
use crate::core::messages::export::ExportMsg;
use crate::core::model::{RecordId, RecordKind, TimelineEntry};
use crate::store::{CaseRow, Store, TimelineFilter};

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no line passes 75 octets (RFC 5545
/// §3.1): a fold is CRLF and a space, never inside a UTF-8 character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

struct Vevent<'a> {
    uid: String,
    stamp: String,
    day: NaiveDate,
    yearly: bool,
    summary: String,
    description: String,
    url: Option<String>,
    entry: &'a TimelineEntry,
}

fn write_event(out: &mut String, v: &Vevent<'_>) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", v.uid));
    line(out, &format!("DTSTAMP:{}", v.stamp));
    line(out, &format!("DTSTART;VALUE=DATE:{}", date(v.day)));
    let next = v.day.succ_opt().unwrap_or(v.day);
    line(out, &format!("DTEND;VALUE=DATE:{}", date(next)));
    if v.yearly {
        line(out, "RRULE:FREQ=YEARLY");
    }
    line(out, &format!("SUMMARY:{}", text(&v.summary)));
    line(out, &format!("DESCRIPTION:{}", text(&v.description)));
    if let Some(url) = &v.url {
        line(out, &format!("URL:{url}"));
    }
    for tag in &v.entry.tags {
        line(out, &format!("CATEGORIES:{}", text(tag)));
    }
    line(out, "TRANSP:TRANSPARENT");
    line(out, "END:VEVENT");
}

/// `calendar.ics`.
pub fn ics(
    store: &Store,
    case: &CaseRow,
    links: &Links,
    loc: Locale,
) -> Result<ExportFile, ExportError> {
    let (events, _) = store.timeline(case.id, &TimelineFilter::default(), 0, u64::MAX >> 1)?;
    let times = store.record_times(case.id)?;
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//casewatch//casewatch export//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(&case.title)));
    let key_dates = [&case.detained_from_key, &case.detained_until_key];
    for e in &events {
        let Some(day) = e.date.exact_day() else {
            continue;
        };
        let record = RecordId {
            kind: RecordKind::Event,
            id: e.id,
        };
        let at = times
            .get(&record)
            .map(|t| t.changed.as_str())
            .ok_or_else(|| ExportError::NoAuditEntry(record.to_string()))?;
        let stamp = audit_time(at)?.format("%Y%m%dT%H%M%SZ").to_string();
        let url = links.permalink(&record.to_string());
        let description = format!(
            "{}\n\n{}:\n{}{}",
            marked(&e.text, &e.sources),
            ExportMsg::Sources.say(loc),
            sources_text(&e.sources, loc),
            url.as_ref().map(|u| format!("\n\n{u}")).unwrap_or_default()
        );
        let uid = format!("{}-{record}@casewatch", case.key);
        write_event(
            &mut out,
            &Vevent {
                uid: uid.clone(),
                stamp: stamp.clone(),
                day,
                yearly: false,
                summary: e.text.clone(),
                description: description.clone(),
                url: url.clone(),
                entry: e,
            },
        );
        let is_key = key_dates
            .iter()
            .any(|k| k.as_deref() == Some(e.key.as_str()));
        // Anniversaries start a year on; a 29 February falls on the 28th.
        if let (true, Some(first)) = (is_key, day.checked_add_months(Months::new(12))) {
            write_event(
                &mut out,
                &Vevent {
                    uid: format!("{}-{record}-anniversary@casewatch", case.key),
                    stamp,
                    day: first,
                    yearly: true,
                    summary: ExportMsg::Anniversary {
                        text: e.text.clone(),
                    }
                    .say(loc),
                    description,
                    url,
                    entry: e,
                },
            );
        }
    }
    line(&mut out, "END:VCALENDAR");
    Ok(ExportFile {
        name: "calendar.ics".into(),
        content_type: "text/calendar; charset=utf-8",
        bytes: out.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let content = format!("SUMMARY:{}", "é".repeat(100));
        line(&mut out, &content);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, content);
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
