//! Reply documents as Matrix messages: a plain `body` and an HTML
//! `formatted_body` (`org.matrix.custom.html`) that uses only tags the
//! client-server spec allows
//! (<https://spec.matrix.org/v1.13/client-server-api/#mroommessage-msgtypes>).
//!
//! Everything that came from the store or a user is HTML-escaped; only
//! source addresses become links, and only http/https ones that are not
//! matrix.to (a matrix.to link to a user renders as a mention pill). `@room`
//! is broken with a word joiner in both bodies, so even a client that still
//! applies the legacy body-matching push rules does not notify the room.
//! The adapter also sends an empty `m.mentions`, which is what the spec
//! relies on.

use std::fmt::Write as _;

use crate::core::i18n::Locale;
use crate::core::messages::render::RenderMsg;
use crate::core::reply::{Block, CitedSource, Reply, Span, Style};
use crate::render::text;

/// One Matrix message: the plain body and its HTML form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MatrixMessage {
    pub body: String,
    pub html: String,
}

/// The largest body + HTML, in bytes, put in one message. A Matrix event may
/// be at most 65,536 bytes of JSON; encryption turns the content into
/// base64 (4/3 larger) plus keys, so this leaves room for both.
pub const MAX_MESSAGE_BYTES: usize = 32_000;

/// Breaks every `@room` (any case) with a word joiner, so it cannot match a
/// room-mention rule.
fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        if rest
            .get(..4)
            .is_some_and(|word| word.eq_ignore_ascii_case("room"))
        {
            out.push('\u{2060}');
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for HTML element content and attribute values, and makes
/// `@room` inert.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in inert(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Escaped text with line breaks kept as `<br>`.
fn escape_lines(text: &str) -> String {
    escape(text).replace('\n', "<br>")
}

/// The address as a link target, or `None` when it must not be one: only
/// http and https, nothing that could leave the attribute, and no matrix.to
/// (clients show a link to a user there as a mention).
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    if url.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\')
    }) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    if host.is_empty() || host == "matrix.to" || host.ends_with(".matrix.to") {
        return None;
    }
    Some(escape(url))
}

fn words(loc: Locale) -> (String, String, String, String) {
    (
        RenderMsg::Sources.say(loc),
        RenderMsg::SiteOnly.say(loc),
        RenderMsg::Archive.say(loc),
        RenderMsg::RetractedSource.say(loc),
    )
}

fn spans_html(out: &mut String, spans: &[Span]) {
    for span in spans {
        let text = escape_lines(&span.text);
        match span.style {
            Style::Plain => out.push_str(&text),
            Style::Strong => {
                let _ = write!(out, "<strong>{text}</strong>");
            }
            Style::Emphasis => {
                let _ = write!(out, "<em>{text}</em>");
            }
            Style::Quoted => {
                let _ = write!(out, "“{text}”");
            }
            Style::Code => {
                let _ = write!(out, "<code>{text}</code>");
            }
        }
    }
}

fn source_html(source: &CitedSource, loc: Locale) -> String {
    let (_, site_only, archive, retracted) = words(loc);
    // A gone address: its archived copy is what a reader can still open.
    let archive = if source.address_gone {
        RenderMsg::ArchivedCopy.say(loc)
    } else {
        archive
    };
    let mut line = format!("[{}] {}, ", source.number, escape(&source.publication));
    let title = format!("“{}”", escape(&source.title));
    match safe_url(&source.url) {
        Some(url) => {
            let _ = write!(line, "<a href=\"{url}\">{title}</a>");
        }
        None => {
            let _ = write!(line, "{title} ({})", escape(&source.url));
        }
    }
    if let Some(author) = &source.author {
        let _ = write!(line, ", {}", escape(author));
    }
    let _ = write!(line, ", {}", escape(&source.published));
    if !source.url_exact {
        let _ = write!(line, " ({site_only})");
    }
    if source.address_gone {
        let _ = write!(
            line,
            " <strong>[{}]</strong>",
            RenderMsg::AddressGone.say(loc)
        );
    }
    if let Some(url) = source.archive_url.as_deref() {
        match safe_url(url) {
            Some(url) => {
                let _ = write!(line, " · <a href=\"{url}\">{archive}</a>");
            }
            None => {
                let _ = write!(line, " · {archive}: {}", escape(url));
            }
        }
    }
    if source.retracted {
        let _ = write!(line, " <strong>[{retracted}]</strong>");
    }
    let _ = write!(line, " <code>{}</code>", escape(&source.id));
    line
}

fn paging_text(reply: &Reply, loc: Locale) -> Option<String> {
    let p = reply.paging?;
    let next = (p.page % p.pages) + 1;
    Some(
        RenderMsg::Paging {
            page: p.page,
            pages: p.pages,
            total: p.total,
            next,
        }
        .say(loc),
    )
}

fn html(reply: &Reply, loc: Locale) -> String {
    let mut out = String::new();
    if let Some(title) = reply.title.as_deref().filter(|t| !t.is_empty()) {
        let _ = write!(out, "<h3>{}</h3>", escape(title));
    }
    let mut in_list = false;
    for block in &reply.blocks {
        let is_fact = matches!(block, Block::Fact { .. });
        if in_list && !is_fact {
            out.push_str("</ul>");
            in_list = false;
        }
        match block {
            Block::Heading { text } => {
                let _ = write!(out, "<h4>{}</h4>", escape(text));
            }
            Block::Note { text } => {
                let _ = write!(out, "<p>{}</p>", escape_lines(text));
            }
            Block::Fact {
                date,
                record,
                spans,
                cites,
            } => {
                if !in_list {
                    out.push_str("<ul>");
                    in_list = true;
                }
                out.push_str("<li>");
                if let Some(date) = date {
                    let _ = write!(out, "<strong>{}</strong> ", escape(date));
                }
                spans_html(&mut out, spans);
                for n in cites {
                    let _ = write!(out, " [{n}]");
                }
                if let Some(record) = record {
                    match reply.permalink(record).as_deref().and_then(safe_url) {
                        Some(url) => {
                            let _ = write!(
                                out,
                                " <a href=\"{url}\"><code>{}</code></a>",
                                escape(record)
                            );
                        }
                        None => {
                            let _ = write!(out, " <code>{}</code>", escape(record));
                        }
                    }
                }
                out.push_str("</li>");
            }
        }
    }
    if in_list {
        out.push_str("</ul>");
    }
    if let Some(paging) = paging_text(reply, loc) {
        let _ = write!(out, "<p><em>{}</em></p>", escape(&paging));
    }
    if !reply.sources.is_empty() {
        let _ = write!(out, "<p><strong>{}</strong></p><ul>", words(loc).0);
        for source in &reply.sources {
            let _ = write!(out, "<li>{}</li>", source_html(source, loc));
        }
        out.push_str("</ul>");
    }
    out
}

/// The reply as one message. Long replies should go through [`split`] first.
pub fn render(reply: &Reply, loc: Locale) -> MatrixMessage {
    MatrixMessage {
        body: inert(text::render(reply, loc).trim_end()),
        html: html(reply, loc),
    }
}

fn size(reply: &Reply, loc: Locale) -> usize {
    let message = render(reply, loc);
    message.body.len() + message.html.len()
}

/// A reply holding `blocks` of `whole`, listing (and renumbering) only the
/// sources those blocks cite.
fn part_of(whole: &Reply, blocks: &[Block], first: bool) -> Reply {
    whole.part(blocks.iter().cloned(), first)
}

/// Splits a reply into messages of at most [`MAX_MESSAGE_BYTES`], in order:
/// first at its headings ([`Reply::sections`]), then, for a section still
/// too long, between blocks. A statement is never cut, and each message
/// lists the sources its own statements cite. The paging line stays on the
/// last message.
pub fn split(reply: &Reply, loc: Locale) -> Vec<Reply> {
    if size(reply, loc) <= MAX_MESSAGE_BYTES {
        return vec![reply.clone()];
    }
    let mut parts = Vec::new();
    for section in reply.sections() {
        if size(&section, loc) <= MAX_MESSAGE_BYTES {
            parts.push(section);
            continue;
        }
        let mut start = 0;
        for end in 1..=section.blocks.len() {
            let candidate = part_of(&section, &section.blocks[start..end], start == 0);
            if end - start > 1 && size(&candidate, loc) > MAX_MESSAGE_BYTES {
                parts.push(part_of(
                    &section,
                    &section.blocks[start..end - 1],
                    start == 0,
                ));
                start = end - 1;
            }
        }
        parts.push(part_of(&section, &section.blocks[start..], start == 0));
    }
    if let Some(last) = parts.last_mut() {
        last.paging = reply.paging;
    }
    parts
}

/// [`split`] then [`render`]: the messages to send for one reply, in order.
pub fn render_messages(reply: &Reply, loc: Locale) -> Vec<MatrixMessage> {
    split(reply, loc)
        .iter()
        .map(|part| render(part, loc))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_mentions_are_made_inert() {
        assert_eq!(
            inert("hi @room and @ROOM"),
            "hi @\u{2060}room and @\u{2060}ROOM"
        );
        assert_eq!(inert("mail@roomy"), "mail@\u{2060}roomy");
        assert_eq!(inert("@ro"), "@ro");
        assert_eq!(inert("ñ@"), "ñ@");
    }

    #[test]
    fn only_plain_web_links_are_links() {
        assert_eq!(
            safe_url("https://example.org/a?b=1&c=2").as_deref(),
            Some("https://example.org/a?b=1&amp;c=2")
        );
        assert!(safe_url("HTTP://example.org").is_some());
        for bad in [
            "javascript:alert(1)",
            "mxc://x/y",
            "data:text/html,hi",
            "https://matrix.to/#/@carol:example.org",
            "https://user@matrix.to/#/@carol:example.org",
            "https://example.org/\"onmouseover=\"x",
            "https://",
            "https://exa mple.org",
            "ftp://example.org",
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
    }
}
