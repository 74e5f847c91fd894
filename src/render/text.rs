//! Plain text for the console and for scripts: one line per statement with
//! its `[n]` marks, then the numbered list of sources cited.

use std::fmt::Write as _;

use crate::core::i18n::Locale;
use crate::core::messages::render::RenderMsg;
use crate::core::reply::{Block, CitedSource, Reply, Span, Style};

fn spans(out: &mut String, spans: &[Span]) {
    for span in spans {
        match span.style {
            Style::Quoted => {
                let _ = write!(out, "“{}”", span.text);
            }
            _ => out.push_str(&span.text),
        }
    }
}

/// One source as the list at the end of a reply shows it.
pub fn source_line(s: &CitedSource, loc: Locale) -> String {
    let mut line = format!("[{}] {}, “{}”", s.number, s.publication, s.title);
    if let Some(author) = &s.author {
        let _ = write!(line, ", {author}");
    }
    let _ = write!(line, ", {}. {}", s.published, s.url);
    if !s.url_exact {
        line.push_str(&RenderMsg::SiteOnlyNote.say(loc));
    }
    if s.address_gone {
        let _ = write!(line, " [{}]", RenderMsg::AddressGone.say(loc));
    }
    if let Some(archive) = &s.archive_url {
        let label = if s.address_gone {
            format!("{}:", RenderMsg::ArchivedCopy.say(loc))
        } else {
            RenderMsg::Archived.say(loc)
        };
        let _ = write!(line, " {label} {archive}");
    }
    if s.retracted {
        line.push_str(&RenderMsg::RetractedSourceNote.say(loc));
    }
    let _ = write!(line, " ({})", s.id);
    line
}

/// The whole reply as text.
pub fn render(reply: &Reply, loc: Locale) -> String {
    let mut out = String::new();
    if let Some(title) = &reply.title {
        if !title.is_empty() {
            let _ = writeln!(
                out,
                "{title}\n{}",
                "=".repeat(title.chars().count().min(72))
            );
        }
    }
    for block in &reply.blocks {
        match block {
            Block::Heading { text } => {
                let _ = writeln!(
                    out,
                    "\n{text}\n{}",
                    "-".repeat(text.chars().count().min(72))
                );
            }
            Block::Note { text } => {
                let _ = writeln!(out, "{text}");
            }
            Block::Fact {
                date,
                record,
                spans: parts,
                cites,
            } => {
                let mut line = String::from("• ");
                if let Some(date) = date {
                    let _ = write!(line, "{date}  ");
                }
                spans(&mut line, parts);
                for n in cites {
                    let _ = write!(line, " [{n}]");
                }
                match record.as_deref().map(|r| (r, reply.permalink(r))) {
                    Some((record, Some(url))) => {
                        let _ = write!(line, "  ({record} {url})");
                    }
                    Some((record, None)) => {
                        let _ = write!(line, "  ({record})");
                    }
                    None => {}
                }
                let _ = writeln!(out, "{line}");
            }
        }
    }
    if let Some(p) = &reply.paging {
        let _ = writeln!(
            out,
            "\n{}",
            RenderMsg::Paging {
                page: p.page,
                pages: p.pages,
                total: p.total,
                next: (p.page % p.pages) + 1,
            }
            .say(loc)
        );
    }
    if !reply.sources.is_empty() {
        let heading = RenderMsg::Sources.say(loc);
        let _ = writeln!(out, "\n{heading}");
        for s in &reply.sources {
            let _ = writeln!(out, "{}", source_line(s, loc));
        }
    }
    out
}
