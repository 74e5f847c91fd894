//! Reply documents as Discord messages: embeds, source fields and paging
//! buttons, split so that no Discord limit is ever exceeded and no statement
//! is ever shown without its citation marks and the sources they point to.
//!
//! Limits: <https://discord.com/developers/docs/resources/message#embed-object-embed-limits>.
//! Lengths are counted in UTF-16 code units, which is never less than the
//! number of characters, so a text that fits by our count fits by Discord's.

use serde_json::{json, Value};

use crate::core::i18n::Locale;
use crate::core::messages::render::RenderMsg;
use crate::core::reply::{Block, CitedSource, Reply, ReplyKind, Span, Style};

mod markdown;
mod pack;

use markdown::{cut, safe_url, split_words};
pub use markdown::{discord_len, escape, escape_within};
use pack::Packer;

/// Discord's size limits, as published.
pub mod limits {
    pub const CONTENT: usize = 2000;
    pub const EMBEDS: usize = 10;
    pub const EMBED_TITLE: usize = 256;
    pub const EMBED_DESCRIPTION: usize = 4096;
    pub const EMBED_FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    /// Title, description, field names and values and footers of all embeds of one message.
    pub const EMBED_TOTAL: usize = 6000;
    pub const CUSTOM_ID: usize = 100;
    pub const BUTTON_LABEL: usize = 80;
    pub const BUTTONS_PER_ROW: usize = 5;
}

/// Message flag that shows a reply to the invoking user only.
pub const EPHEMERAL: u64 = 64;

/// A statement longer than this is shown in several pieces, each carrying
/// the statement's citation marks.
const FACT_PIECE: usize = 1500;
/// Room kept for the footer while packing a page.
const FOOTER_RESERVE: usize = 160;

/// The `allowed_mentions` every message carries: nothing may ping.
pub fn no_mentions() -> Value {
    json!({ "parse": [] })
}

/// The bot's own words, in the reader's language.
struct Words {
    locale: Locale,
    sources: String,
    retracted: String,
    site_only: String,
    archive: String,
    archived_copy: String,
    address_gone: String,
    previous: String,
    next: String,
    continued: String,
}

fn words(locale: Locale) -> Words {
    Words {
        locale,
        sources: RenderMsg::Sources.say(locale),
        retracted: RenderMsg::Retracted.say(locale),
        site_only: RenderMsg::SiteOnly.say(locale),
        archive: RenderMsg::Archive.say(locale),
        archived_copy: RenderMsg::ArchivedCopy.say(locale),
        address_gone: RenderMsg::AddressGone.say(locale),
        previous: RenderMsg::Previous.say(locale),
        next: RenderMsg::Next.say(locale),
        continued: RenderMsg::Continued.say(locale),
    }
}

/// How much of a source to show; the packer falls back to shorter forms
/// only when a statement cites more sources than fit beside it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SourceForm {
    Full,
    Compact,
    Minimal,
}

fn source_line(source: &CitedSource, form: SourceForm, w: &Words) -> String {
    // Built with `push_str`, not `format!`: one line per source and form,
    // for every answer, and the formatting machinery was most of its cost.
    let mut line = String::with_capacity(160);
    line.push_str("**[");
    line.push_str(&source.number.to_string());
    line.push_str("]** ");
    let link = safe_url(&source.url);
    match form {
        SourceForm::Full | SourceForm::Compact => {
            let (publication_max, title_max) = if form == SourceForm::Full {
                (120, 250)
            } else {
                (60, 0)
            };
            line.push_str(&escape_within(&source.publication, publication_max));
            if title_max > 0 {
                let title = escape_within(&source.title, title_max);
                line.push_str(" — ");
                match &link {
                    Some(url) => {
                        line.push('[');
                        line.push_str(&title);
                        line.push_str("](");
                        line.push_str(url);
                        line.push(')');
                    }
                    None => line.push_str(&title),
                }
            } else if let Some(url) = &link {
                line.push_str(" — <");
                line.push_str(url);
                line.push('>');
            }
            line.push_str(" · ");
            line.push_str(&escape_within(&source.published, 30));
            if form == SourceForm::Full {
                if let Some(author) = &source.author {
                    line.push_str(" · ");
                    line.push_str(&escape_within(author, 80));
                }
                if !source.url_exact {
                    line.push_str(" (");
                    line.push_str(&w.site_only);
                    line.push(')');
                }
                if source.address_gone {
                    line.push_str(" · **");
                    line.push_str(&w.address_gone);
                    line.push_str("**");
                }
                if let Some(archive) = source.archive_url.as_deref().and_then(safe_url) {
                    let label = if source.address_gone {
                        &w.archived_copy
                    } else {
                        &w.archive
                    };
                    line.push_str(" · [");
                    line.push_str(label);
                    line.push_str("](");
                    line.push_str(&archive);
                    line.push(')');
                }
            }
        }
        SourceForm::Minimal => line.push_str(&escape_within(&source.id, 20)),
    }
    if source.retracted {
        line.push_str(" · ⚠ **");
        line.push_str(&w.retracted);
        line.push_str("**");
    }
    line
}

fn spans_text(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        let text = if span.text.contains(['\n', '\r']) {
            escape(&span.text.replace(['\n', '\r'], " "))
        } else {
            escape(&span.text)
        };
        match span.style {
            Style::Plain => out.push_str(&text),
            Style::Strong => out.push_str(&wrap(&text, "**")),
            Style::Emphasis => out.push_str(&wrap(&text, "*")),
            Style::Quoted => out.push_str(&format!("“{text}”")),
            // Backslashes show inside a code span, so only text that needs
            // no escaping is set as code; anything else stays escaped text.
            Style::Code => {
                let code = span.text.replace(['`', '\n', '\r'], "'");
                if escape(&code) == code && !code.is_empty() {
                    out.push_str(&format!("`{code}`"));
                } else {
                    out.push_str(&text);
                }
            }
        }
    }
    out
}

/// Wraps text in a Markdown marker with the spaces at either end kept
/// outside it: Discord does not render `**bold **` or `* italic*`.
fn wrap(text: &str, marker: &str) -> String {
    let inner = text.trim();
    if inner.is_empty() {
        return text.to_string();
    }
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    format!("{}{marker}{inner}{marker}{}", &text[..start], &text[end..])
}

fn marks(cites: &[usize]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(cites.len() * 4);
    for n in cites {
        let _ = write!(out, "[{n}]");
    }
    out
}

/// One indivisible line of a page and the sources it needs beside it.
struct Unit {
    text: String,
    cites: Vec<usize>,
}

fn units(reply: &Reply, w: &Words) -> Vec<Unit> {
    let mut units = Vec::new();
    for block in &reply.blocks {
        match block {
            Block::Heading { text } => units.push(Unit {
                text: format!("**{}**", escape_within(text, 250)),
                cites: vec![],
            }),
            Block::Note { text } => {
                for piece in split_words(&escape(text), FACT_PIECE) {
                    units.push(Unit {
                        text: piece,
                        cites: vec![],
                    });
                }
            }
            Block::Fact {
                date,
                record,
                spans,
                cites,
            } => {
                let mut head = String::new();
                if let Some(date) = date {
                    head.push_str(&format!("**{}** · ", escape_within(date, 40)));
                }
                let tail = match record {
                    Some(id) => {
                        let shown = format!("`{}`", id.replace('`', "'"));
                        // A markdown link to the permalink; the address is
                        // the checked public URL, the case key and the id,
                        // none of which can hold a `)` or a space.
                        match reply.permalink(id) {
                            Some(url) => format!(" {} [{shown}]({url})", marks(cites)),
                            None => format!(" {} {shown}", marks(cites)),
                        }
                    }
                    None => format!(" {}", marks(cites)),
                };
                let body = spans_text(spans);
                let mut pieces = split_words(&body, FACT_PIECE);
                if pieces.is_empty() {
                    // Even a statement with no words keeps its date and marks.
                    pieces.push(String::new());
                }
                let count = pieces.len();
                for (i, piece) in pieces.into_iter().enumerate() {
                    let lead = if i == 0 {
                        head.clone()
                    } else {
                        format!("*({})* ", w.continued)
                    };
                    let more = if i + 1 < count { "…" } else { "" };
                    // Every piece carries the marks: a piece is never shown uncited.
                    let piece = piece.trim_end();
                    let mut text =
                        String::with_capacity(lead.len() + piece.len() + more.len() + tail.len());
                    text.push_str(&lead);
                    text.push_str(piece);
                    text.push_str(more);
                    text.push_str(&tail);
                    units.push(Unit {
                        text,
                        cites: cites.clone(),
                    });
                }
            }
        }
    }
    units
}

/// A reply page as one or more Discord messages ("parts"), each within
/// every limit. The adapter shows one part and pages between them.
pub fn render(reply: &Reply, locale: Locale) -> Vec<Value> {
    let w = words(locale);
    if reply.kind == ReplyKind::Error {
        return vec![error_message(reply)];
    }
    let title = reply
        .title
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| escape_within(t, limits::EMBED_TITLE));
    let title_len = title.as_deref().map(discord_len).unwrap_or(0);

    let mut packer = Packer::new(reply, &w, title_len);
    for unit in units(reply, &w) {
        packer.push(unit);
    }
    let pages = packer.finish();

    let parts = pages.len();
    pages
        .into_iter()
        .enumerate()
        .map(|(index, m)| {
            let mut embed = serde_json::Map::new();
            if let Some(title) = &title {
                embed.insert("title".into(), json!(title));
            }
            let description = if m.description.is_empty() && title.is_none() {
                "…".to_string()
            } else {
                m.description
            };
            if !description.is_empty() {
                embed.insert("description".into(), json!(description));
            }
            if !m.fields.is_empty() {
                let fields: Vec<Value> = m
                    .fields
                    .into_iter()
                    .map(|(name, value)| json!({ "name": name, "value": value, "inline": false }))
                    .collect();
                embed.insert("fields".into(), json!(fields));
            }
            embed.insert("color".into(), json!(colour(reply.kind)));
            if let Some(footer) = footer(reply, index, parts, &w) {
                embed.insert(
                    "footer".into(),
                    json!({ "text": cut(&footer, FOOTER_RESERVE) }),
                );
            }
            let mut message = json!({
                "content": "",
                "embeds": [Value::Object(embed)],
                "allowed_mentions": no_mentions(),
            });
            if reply.ephemeral {
                message["flags"] = json!(EPHEMERAL);
            }
            message
        })
        .collect()
}

/// An error is one sentence: plain content, shown to the invoking user only.
fn error_message(reply: &Reply) -> Value {
    let text: Vec<String> = reply
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Note { text } | Block::Heading { text } => Some(escape(text)),
            Block::Fact { .. } => None,
        })
        .collect();
    let mut content = cut(&text.join("\n"), limits::CONTENT);
    if content.is_empty() {
        content = "…".into();
    }
    json!({ "content": content, "embeds": [], "allowed_mentions": no_mentions(), "flags": EPHEMERAL })
}

fn colour(kind: ReplyKind) -> u32 {
    match kind {
        ReplyKind::Answer => 0x2f6f9f,
        ReplyKind::Empty => 0x7a7a7a,
        ReplyKind::Confirmation => 0x2e8b57,
        ReplyKind::Help => 0x6a5acd,
        ReplyKind::Error => 0xb22222,
    }
}

fn footer(reply: &Reply, index: usize, parts: usize, w: &Words) -> Option<String> {
    let mut text = String::new();
    if let Some(p) = reply.paging {
        text.push_str(
            &RenderMsg::PageOf {
                page: p.page,
                pages: p.pages.max(1),
                total: p.total,
            }
            .say(w.locale),
        );
    }
    if parts > 1 {
        if !text.is_empty() {
            text.push_str(" · ");
        }
        text.push_str(
            &RenderMsg::Part {
                index: index + 1,
                parts,
            }
            .say(w.locale),
        );
    }
    (!text.is_empty()).then_some(text)
}

/// Adds a note to the footer of a rendered message, within the room the
/// packer kept for the footer.
pub fn append_footer(message: &mut Value, note: &str) {
    let Some(embed) = message.pointer_mut("/embeds/0") else {
        return;
    };
    let current = embed
        .pointer("/footer/text")
        .and_then(Value::as_str)
        .unwrap_or("");
    let text = if current.is_empty() {
        note.to_string()
    } else {
        format!("{current} · {note}")
    };
    embed["footer"] = json!({ "text": cut(&text, FOOTER_RESERVE) });
}

/// A row of Previous/Next buttons; a missing `custom_id` disables that side.
pub fn paging_row(previous: Option<String>, next: Option<String>, locale: Locale) -> Value {
    let w = words(locale);
    let button = |label: &str, id: Option<String>, fallback: &str| {
        json!({
            "type": 2,
            "style": 2,
            "label": label,
            "custom_id": id.clone().unwrap_or_else(|| fallback.to_string()),
            "disabled": id.is_none(),
        })
    };
    json!({
        "type": 1,
        "components": [button(&w.previous, previous, "nav:none:prev"), button(&w.next, next, "nav:none:next")],
    })
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap;

    #[test]
    fn markers_hug_the_text_not_its_spaces() {
        assert_eq!(wrap("Q2 ", "**"), "**Q2** ");
        assert_eq!(wrap(" — why: x", "*"), " *— why: x*");
        assert_eq!(wrap("  ", "*"), "  ");
    }
}
