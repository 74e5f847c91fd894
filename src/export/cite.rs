//! A statement's citations as exported: numbered marks after the words, and
//! the list of sources (publication, title, date, address, archived copy) as
//! HTML for TimelineJS and the feed, or as plain text for the calendar and
//! the CSV tables. HTML is built with maud, which escapes every value.

use maud::{html, Markup};

use crate::core::i18n::Locale;
use crate::core::messages::export::ExportMsg;
use crate::core::model::Source;

/// ` [1][2]`: one mark per source, in citation order.
pub fn marks(sources: &[Source]) -> String {
    let mut out = String::new();
    for n in 1..=sources.len() {
        if n == 1 {
            out.push(' ');
        }
        out.push_str(&format!("[{n}]"));
    }
    out
}

/// The statement's words followed by their marks.
pub fn marked(text: &str, sources: &[Source]) -> String {
    format!("{text}{}", marks(sources))
}

/// The numbered sources as HTML paragraphs, and the record's permalink
/// (or its id) after them.
pub fn sources_html(
    sources: &[Source],
    record: Option<&str>,
    permalink: Option<&str>,
    loc: Locale,
) -> Markup {
    html! {
        p { strong { (ExportMsg::Sources.say(loc)) } }
        @for (n, s) in sources.iter().enumerate() {
            p {
                "[" (n + 1) "] " (s.publication) ", “"
                a href=(s.url) { (s.title) }
                "”, " (s.published.to_string())
                @if let Some(author) = &s.author { ", " (author) }
                @if s.address_gone { " [" (ExportMsg::AddressGone.say(loc)) "]" }
                @if let Some(archive) = &s.archive_url {
                    " (" a href=(archive) { (ExportMsg::ArchivedCopy.say(loc)) } ")"
                }
            }
        }
        @if let Some(record) = record {
            p {
                @match permalink {
                    Some(url) => { (ExportMsg::Permalink.say(loc)) ": " a href=(url) { (record) } },
                    None => { (record) },
                }
            }
        }
    }
}

/// One source as a line of text: `[1] The Advocate, “Title”, 2025-09,
/// Author. https://… (archived copy: https://…)`.
pub fn source_line(n: usize, s: &Source, loc: Locale) -> String {
    let mut line = format!("[{n}] {}, “{}”, {}", s.publication, s.title, s.published);
    if let Some(author) = &s.author {
        line.push_str(&format!(", {author}"));
    }
    line.push_str(&format!(". {}", s.url));
    if s.address_gone {
        line.push_str(&format!(" [{}]", ExportMsg::AddressGone.say(loc)));
    }
    if let Some(archive) = &s.archive_url {
        line.push_str(&format!(
            " ({}: {archive})",
            ExportMsg::ArchivedCopy.say(loc)
        ));
    }
    line
}

/// Every source as numbered lines, one a line.
pub fn sources_text(sources: &[Source], loc: Locale) -> String {
    sources
        .iter()
        .enumerate()
        .map(|(i, s)| source_line(i + 1, s, loc))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Source {
        Source {
            id: 3,
            key: "s".into(),
            publication: "Example <News>".into(),
            title: "A \"quoted\" & title".into(),
            author: None,
            published: "2025-09".parse().unwrap(),
            url: "https://example.org/a?b=1&c=2".into(),
            url_exact: true,
            archive_url: Some("https://web.archive.org/x".into()),
            note: None,
            retracted: None,
            address_gone: false,
        }
    }

    #[test]
    fn html_escapes_every_value() {
        let html = sources_html(&[source()], Some("E1"), None, Locale::En).into_string();
        assert!(html.contains("Example &lt;News&gt;"), "{html}");
        assert!(html.contains("A &quot;quoted&quot; &amp; title"), "{html}");
        assert!(
            html.contains("href=\"https://example.org/a?b=1&amp;c=2\""),
            "{html}"
        );
        assert!(html.contains("archived copy"), "{html}");
    }

    #[test]
    fn marks_follow_the_sources() {
        assert_eq!(
            marked("It happened.", &[source(), source()]),
            "It happened. [1][2]"
        );
        assert_eq!(marked("x", &[]), "x");
        assert_eq!(
            source_line(1, &source(), Locale::Es),
            "[1] Example <News>, “A \"quoted\" & title”, 2025-09. https://example.org/a?b=1&c=2 (copia archivada: https://web.archive.org/x)"
        );
    }
}
