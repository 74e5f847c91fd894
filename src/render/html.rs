//! Reply documents as HTML for the public site, with maud (every spliced
//! value is escaped; nothing here is written with `format!`). The page
//! says exactly what the bot says: each statement with its citation marks,
//! each mark a link to its source's entry on the same page (`#source-N`),
//! each entry a link out to the source (and its archive copy), and each
//! record id a link to the record's permalink.

use maud::{html, Markup};

use crate::core::i18n::Locale;
use crate::core::messages::render::RenderMsg;
use crate::core::messages::site::SiteMsg;
use crate::core::reply::{Block, CitedSource, Reply, Span, Style};

/// How the site's own addresses are written on a page: under which case,
/// and with `?lang=` when the reader chose a language by link (so the
/// choice survives navigation).
#[derive(Debug, Clone, Copy)]
pub struct Links<'a> {
    /// The case's key, for record and source links.
    pub case: Option<&'a str>,
    /// The language chosen with `?lang=`, carried on every link.
    pub lang: Option<Locale>,
}

impl Links<'_> {
    /// `path` with the chosen language, if any (`path` has no query yet).
    pub fn local(&self, path: &str) -> String {
        match self.lang {
            Some(lang) => [path, "?lang=", lang.code()].concat(),
            None => path.to_string(),
        }
    }

    /// A record's permalink, `/{case}/r/{id}`.
    pub fn record(&self, id: &str) -> Option<String> {
        self.case
            .map(|case| self.local(&["/", case, "/r/", id].concat()))
    }

    /// A source's page, `/{case}/sources/{id}`.
    pub fn source(&self, id: &str) -> Option<String> {
        self.case
            .map(|case| self.local(&["/", case, "/sources/", id].concat()))
    }
}

/// An address that may be a link: http or https, nothing that could
/// leave the attribute or hide a scheme.
pub fn linkable(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`' | '\\'));
    (web && clean).then_some(url)
}

fn spans(spans: &[Span]) -> Markup {
    html! {
        @for span in spans {
            @match span.style {
                Style::Plain => (span.text),
                Style::Strong => strong { (span.text) },
                Style::Emphasis => em { (span.text) },
                Style::Quoted => q { (span.text) },
                Style::Code => code { (span.text) },
            }
        }
    }
}

/// One statement: its date, its words, its marks, its permalink.
pub fn fact(
    date: Option<&str>,
    record: Option<&str>,
    words: &[Span],
    cites: &[usize],
    links: Links<'_>,
) -> Markup {
    html! {
        li.fact {
            @if let Some(date) = date {
                time.date { (date) } " "
            }
            (spans(words))
            @for n in cites {
                " " a.cite href={ "#source-" (n) } { "[" (n) "]" }
            }
            @if let Some(record) = record {
                " "
                @match links.record(record) {
                    Some(href) => a.record href=(href) { (record) },
                    None => code.record { (record) },
                }
            }
        }
    }
}

/// The blocks of a reply, without its title: headings as `h2`, notes as
/// paragraphs, runs of statements as lists.
pub fn blocks(reply: &Reply, links: Links<'_>) -> Markup {
    let mut groups: Vec<Vec<&Block>> = Vec::new();
    for block in &reply.blocks {
        let is_fact = matches!(block, Block::Fact { .. });
        let continues = groups
            .last()
            .and_then(|g| g.last())
            .is_some_and(|b| is_fact && matches!(b, Block::Fact { .. }));
        if continues {
            groups.last_mut().expect("a group").push(block);
        } else {
            groups.push(vec![block]);
        }
    }
    html! {
        @for group in &groups {
            @match group[0] {
                Block::Heading { text } => h2 { (text) },
                Block::Note { text } => p.note { (text) },
                Block::Fact { .. } => ul.facts {
                    @for block in group {
                        @if let Block::Fact { date, record, spans, cites } = block {
                            (fact(date.as_deref(), record.as_deref(), spans, cites, links))
                        }
                    }
                },
            }
        }
    }
}

fn source_entry(source: &CitedSource, links: Links<'_>, loc: Locale) -> Markup {
    html! {
        li id={ "source-" (source.number) } value=(source.number) {
            (source.publication) ", "
            @match linkable(&source.url) {
                Some(url) => a.out href=(url) rel="noopener" { q { (source.title) } },
                None => { q { (source.title) } " (" (source.url) ")" },
            }
            @if let Some(author) = &source.author { ", " (author) }
            ", " (source.published)
            @if !source.url_exact { " (" (RenderMsg::SiteOnly.say(loc)) ")" }
            @if source.address_gone { " " strong.gone { "[" (RenderMsg::AddressGone.say(loc)) "]" } }
            @if let Some(archive) = &source.archive_url {
                @let label = if source.address_gone { RenderMsg::ArchivedCopy.say(loc) } else { RenderMsg::Archive.say(loc) };
                " · "
                @match linkable(archive) {
                    Some(url) => a.archive href=(url) rel="noopener" { (label) },
                    None => { (label) ": " (archive) },
                }
            }
            @if source.retracted { " " strong { "[" (RenderMsg::RetractedSource.say(loc)) "]" } }
            " · "
            @match links.source(&source.id) {
                Some(href) => a.source-page href=(href) { (source.id) " — " (SiteMsg::SourcePage.say(loc)) },
                None => code { (source.id) },
            }
        }
    }
}

/// The numbered list of the sources a page cites, each with the anchor
/// its marks point to.
pub fn sources(reply: &Reply, links: Links<'_>, loc: Locale) -> Markup {
    html! {
        @if !reply.sources.is_empty() {
            section.sources aria-labelledby="sources-heading" {
                h2 #sources-heading { (RenderMsg::Sources.say(loc)) }
                ol {
                    @for source in &reply.sources {
                        (source_entry(source, links, loc))
                    }
                }
            }
        }
    }
}

/// How much of a statement a link preview carries before its source.
const PREVIEW_CHARS: usize = 200;

/// The reply's first statement with its first source, as plain text for a
/// link preview (`og:description`): "2025-03-15: … — Publication, “Title”".
pub fn statement(reply: &Reply) -> Option<String> {
    reply.blocks.iter().find_map(|block| match block {
        Block::Fact {
            date, spans, cites, ..
        } => {
            let mut text = String::new();
            if let Some(date) = date {
                text.push_str(date);
                text.push_str(": ");
            }
            for span in spans {
                match span.style {
                    Style::Quoted => {
                        text.push('“');
                        text.push_str(&span.text);
                        text.push('”');
                    }
                    _ => text.push_str(&span.text),
                }
            }
            // Previews show about two hundred characters; the source must
            // survive the cut, so the statement is shortened, not it.
            if text.chars().count() > PREVIEW_CHARS {
                text = text.chars().take(PREVIEW_CHARS).collect::<String>();
                text.push('…');
            }
            let source = cites.first().and_then(|n| reply.sources.get(n - 1))?;
            text.push_str(" — ");
            text.push_str(&source.publication);
            text.push_str(", “");
            text.push_str(&source.title);
            text.push('”');
            Some(text)
        }
        _ => None,
    })
}
