//! `feed.atom`: an RFC 4287 feed of the record's changes, newest first.
//! Each record is one entry whose `tag:` id (RFC 4151) never changes: a
//! correction, a status change or a retraction republishes the same id with
//! a new `updated` and the reason, so a feed reader shows the entry again
//! instead of a second one. Unlike the other exports it also tells of
//! retracted records, marked so, with the sources they were filed with.
//!
//! Written by hand (XML escaping below, HTML content with maud): every time
//! comes from the audit log, never the clock, so an unchanged store gives
//! the same bytes.

use maud::html;

use super::cite::{marked, sources_html};
use super::{audit_time, ExportError, ExportFile, Links};
use crate::core::i18n::Locale;
use crate::core::messages::export::ExportMsg;
use crate::core::model::{RecordId, RecordKind, Retraction, Source};
use crate::store::{CaseRow, Store};

/// How many of the most recently changed records the feed carries.
pub const FEED_ENTRIES: usize = 100;

/// Escapes text for XML content and attribute values.
fn xml(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 has no place for other control characters.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// One record as the feed tells it.
struct Told {
    title: String,
    statement: String,
    sources: Vec<Source>,
    retracted: Option<Retraction>,
}

/// A record as filed, if it belongs in the feed: shown in answers (its live
/// sources), or retracted itself (the sources it was filed with). A record
/// hidden only because its sources were retracted is told by the entries
/// of those sources.
fn told(store: &Store, record: RecordId, loc: Locale) -> Result<Option<Told>, ExportError> {
    let filed = |table: &str| -> Result<Vec<Source>, ExportError> {
        Ok(store
            .citations(table, &[record.id])?
            .remove(&record.id)
            .unwrap_or_default())
    };
    let (title, statement, live, retracted) = match record.kind {
        RecordKind::Event => {
            let Some((_, e)) = store.event(record.id)? else {
                return Ok(None);
            };
            let line = format!("{}: {}", e.date, e.text);
            (line.clone(), line, e.sources, e.retracted)
        }
        RecordKind::Quote => {
            let Some((_, q)) = store.quote(record.id)? else {
                return Ok(None);
            };
            let by = ExportMsg::QuoteBy {
                speaker: q.speaker.name.clone(),
            }
            .say(loc);
            let said = q.said.map(|d| format!(", {d}")).unwrap_or_default();
            (
                by.clone(),
                format!("“{}” — {}, {}{said}", q.text, q.speaker.name, q.role),
                q.sources,
                q.retracted,
            )
        }
        RecordKind::Action => {
            let Some((_, a)) = store.action(record.id)? else {
                return Ok(None);
            };
            let status = a
                .current_status()
                .map(|s| {
                    format!(
                        " {}",
                        ExportMsg::Status {
                            status: s.status.clone()
                        }
                        .say(loc)
                    )
                })
                .unwrap_or_default();
            (
                a.title.clone(),
                format!("{} ({}): {}{status}", a.title, a.kind, a.summary),
                a.sources,
                a.retracted,
            )
        }
        RecordKind::Figure => {
            let Some((_, f)) = store.figure(record.id)? else {
                return Ok(None);
            };
            (
                format!("{} — {}", f.value, f.label),
                format!("{} — {} (“{}”)", f.value, f.label, f.stated_as),
                f.sources,
                f.retracted,
            )
        }
        RecordKind::Source => {
            let Some((_, s)) = store.source(record.id)? else {
                return Ok(None);
            };
            let line = format!("{}: “{}”, {}", s.publication, s.title, s.published);
            let retracted = s.retracted.clone();
            // A source cites itself; retracted, it is told with itself too.
            let mut as_filed = s.clone();
            as_filed.retracted = None;
            return Ok(Some(Told {
                title: format!("{}: {}", s.publication, s.title),
                statement: line,
                sources: vec![as_filed],
                retracted,
            }));
        }
        RecordKind::Person => return Ok(None),
    };
    Ok(match (&retracted, live.is_empty()) {
        (None, false) => Some(Told {
            title,
            statement,
            sources: live,
            retracted,
        }),
        (Some(_), _) => Some(Told {
            title,
            statement,
            sources: filed(record.kind.table())?,
            retracted,
        }),
        (None, true) => None,
    })
}

/// The record's corrections, status changes and retraction, oldest first,
/// each with its day and reason.
fn notes(store: &Store, record: RecordId, loc: Locale) -> Result<Vec<String>, ExportError> {
    let mut out = Vec::new();
    for e in store.audit_of(record.kind.table(), record.id)? {
        let at = audit_time(&e.at)?.date().to_string();
        let reason = e.reason.unwrap_or_default();
        match e.action.as_str() {
            "correct" => out.push(ExportMsg::Corrected { at, reason }.say(loc)),
            "status" => out.push(ExportMsg::StatusChanged { at, reason }.say(loc)),
            "retract" => out.push(ExportMsg::Retracted { at, reason }.say(loc)),
            _ => {}
        }
    }
    Ok(out)
}

/// `feed.atom`.
pub fn atom(
    store: &Store,
    case: &CaseRow,
    links: &Links,
    loc: Locale,
) -> Result<ExportFile, ExportError> {
    let times = store.record_times(case.id)?;
    let mut changed: Vec<_> = times.iter().collect();
    // Newest change first; ties in a stable order by record.
    changed.sort_by(|a, b| b.1.changed.cmp(&a.1.changed).then(a.0.cmp(b.0)));
    // The tag date: the day the case was filed here, which never changes.
    let filed = match store.case_filed(case.id)? {
        Some(at) => at,
        None => times
            .values()
            .map(|t| t.filed.clone())
            .min()
            .unwrap_or_else(|| "2025-01-01T00:00:00Z".into()),
    };
    let tag_base = format!(
        "tag:{},{}:{}",
        links.host().unwrap_or("localhost"),
        audit_time(&filed)?.date(),
        case.key
    );
    let mut entries = String::new();
    let mut newest: Option<&str> = None;
    let mut count = 0;
    for (record, time) in changed {
        if count == FEED_ENTRIES {
            break;
        }
        let Some(t) = told(store, *record, loc)? else {
            continue;
        };
        count += 1;
        newest.get_or_insert(time.changed.as_str());
        audit_time(&time.filed)?;
        audit_time(&time.changed)?;
        let id = record.to_string();
        let permalink = links.permalink(&id);
        let notes = notes(store, *record, loc)?;
        let content = html! {
            @for note in &notes { p { em { (note) } } }
            p { (marked(&t.statement, &t.sources)) }
            (sources_html(&t.sources, Some(&id), permalink.as_deref(), loc))
        };
        let title = format!("{id} · {}", t.title);
        let title = match &t.retracted {
            Some(_) => ExportMsg::RetractedTitle { title }.say(loc),
            None => title,
        };
        entries.push_str("  <entry>\n");
        entries.push_str(&format!("    <id>{}/{id}</id>\n", xml(&tag_base)));
        entries.push_str(&format!("    <title>{}</title>\n", xml(&title)));
        entries.push_str(&format!("    <published>{}</published>\n", time.filed));
        entries.push_str(&format!("    <updated>{}</updated>\n", time.changed));
        if let Some(url) = &permalink {
            entries.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                xml(url)
            ));
        }
        if let Some(note) = notes.last() {
            entries.push_str(&format!("    <summary>{}</summary>\n", xml(note)));
        }
        entries.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml(&content.into_string())
        ));
        entries.push_str("  </entry>\n");
    }
    let updated = newest.map_or(filed.clone(), str::to_string);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        loc.code()
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml(&tag_base)));
    out.push_str(&format!(
        "  <title>{}</title>\n",
        xml(&ExportMsg::FeedTitle {
            case: case.title.clone()
        }
        .say(loc))
    ));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str("  <author><name>casewatch</name></author>\n");
    out.push_str("  <generator>casewatch</generator>\n");
    if let (Some(me), Some(site)) = (links.page("feed.atom"), links.page("")) {
        out.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            xml(&me)
        ));
        out.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&site)
        ));
    }
    out.push_str(&entries);
    out.push_str("</feed>\n");
    Ok(ExportFile {
        name: "feed.atom".into(),
        content_type: "application/atom+xml; charset=utf-8",
        bytes: out.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(
            xml("<a href=\"x\">&'\u{1}</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
    }
}
