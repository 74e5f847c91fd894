//! The neutral reply document every command returns. Adapters only render
//! it: a console prints text, Discord builds embeds, Matrix builds HTML.
//!
//! The promise lives here: a [`Block::Fact`] (anything said about a case)
//! can only be built with at least one source, and the renderer numbers the
//! marks `[1]`, `[2]` and lists the cited sources at the end.

use serde::{Deserialize, Serialize};

use crate::core::model::Source;

/// What kind of answer this is, so adapters can pick a colour, make an
/// error ephemeral, or set a script's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyKind {
    /// A command answered with records.
    Answer,
    /// A command answered politely with nothing to show.
    Empty,
    /// A write that succeeded.
    Confirmation,
    /// Help text.
    Help,
    /// Bad input or a refusal: nothing changed.
    Error,
}

/// How a run of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    #[default]
    Plain,
    Strong,
    Emphasis,
    /// Somebody's exact words: shown inside quotation marks.
    Quoted,
    Code,
}

/// A run of text with one style. Text comes from the store or the user and
/// is never markup: renderers escape it for their platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            style: Style::Plain,
        }
    }
    pub fn strong(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            style: Style::Strong,
        }
    }
    pub fn emphasis(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            style: Style::Emphasis,
        }
    }
    pub fn quoted(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            style: Style::Quoted,
        }
    }
    pub fn code(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            style: Style::Code,
        }
    }
}

/// One block of a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A section title written by the bot (not a statement about the case).
    Heading { text: String },
    /// Interface text written by the bot: help, errors, "nothing found",
    /// confirmations. Never a statement about the case.
    Note { text: String },
    /// A statement about the case, with the numbers of the sources that
    /// support it (never empty).
    Fact {
        /// The date the statement is about, as precise as its source.
        #[serde(skip_serializing_if = "Option::is_none")]
        date: Option<String>,
        /// The record's id (`E12`, `Q3`…) for `/cite`.
        #[serde(skip_serializing_if = "Option::is_none")]
        record: Option<String>,
        spans: Vec<Span>,
        /// 1-based numbers into [`Reply::sources`].
        cites: Vec<usize>,
    },
}

/// Where a paged answer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    /// 1-based.
    pub page: u32,
    pub pages: u32,
    pub total: u64,
}

/// A source as a reply lists it, numbered in order of first citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitedSource {
    pub number: usize,
    pub id: String,
    pub publication: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub published: String,
    pub url: String,
    /// False when only the site is known, not the article's own address.
    pub url_exact: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive_url: Option<String>,
    pub retracted: bool,
    /// The last link check found the address gone: renderers say so and
    /// call the archived copy by that name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub address_gone: bool,
}

/// The whole answer to one invocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub kind: ReplyKind,
    /// Shown only to the invoking user where the platform can do that.
    pub ephemeral: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    pub sources: Vec<CitedSource>,
    /// Where the case's permalinks start (`https://site/{case}/r/`), when
    /// `CASEWATCH_PUBLIC_URL` is set: renderers link each record id there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permalinks: Option<String>,
}

impl Reply {
    /// An answer to fill with blocks.
    pub fn new(kind: ReplyKind, title: impl Into<String>) -> Self {
        Reply {
            kind,
            ephemeral: matches!(kind, ReplyKind::Error | ReplyKind::Confirmation),
            title: Some(title.into()),
            blocks: Vec::new(),
            paging: None,
            sources: Vec::new(),
            permalinks: None,
        }
    }

    /// The permalink of a record id shown in this reply, if the site's
    /// address is known.
    pub fn permalink(&self, record: &str) -> Option<String> {
        self.permalinks
            .as_deref()
            .map(|base| [base, record].concat())
    }

    /// A polite error: one sentence written for the user.
    pub fn error(sentence: impl Into<String>) -> Self {
        let mut reply = Reply::new(ReplyKind::Error, "");
        reply.title = None;
        reply.note(sentence);
        reply
    }

    pub fn heading(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Heading { text: text.into() });
    }

    pub fn note(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Note { text: text.into() });
    }

    /// Adds a statement about the case. `sources` must not be empty: the
    /// store guarantees every record has one, and this refuses the rest.
    pub fn fact(
        &mut self,
        date: Option<String>,
        record: Option<String>,
        spans: Vec<Span>,
        sources: &[Source],
    ) {
        assert!(
            !sources.is_empty(),
            "a fact without a source reached the reply builder"
        );
        let mut cites: Vec<usize> = Vec::new();
        for source in sources {
            let n = self.cite(source);
            if !cites.contains(&n) {
                cites.push(n);
            }
        }
        self.blocks.push(Block::Fact {
            date,
            record,
            spans,
            cites,
        });
    }

    /// The number of `source` in this reply, adding it on first use.
    fn cite(&mut self, source: &Source) -> usize {
        let id = source.record_id();
        if let Some(existing) = self.sources.iter().find(|s| s.id == id) {
            return existing.number;
        }
        let number = self.sources.len() + 1;
        self.sources.push(CitedSource {
            number,
            id,
            publication: source.publication.clone(),
            title: source.title.clone(),
            author: source.author.clone(),
            published: source.published.to_string(),
            url: source.url.clone(),
            url_exact: source.url_exact,
            archive_url: source.archive_url.clone(),
            retracted: source.retracted.is_some(),
            address_gone: source.address_gone,
        });
        number
    }

    /// Every fact carries at least one mark and every mark points at a
    /// listed source. Tests and adapters call this on what they send.
    pub fn check_citations(&self) -> Result<(), String> {
        for block in &self.blocks {
            if let Block::Fact { cites, spans, .. } = block {
                let text: String = spans.iter().map(|s| s.text.as_str()).collect();
                if cites.is_empty() {
                    return Err(format!("uncited fact: {text}"));
                }
                if let Some(bad) = cites.iter().find(|n| **n == 0 || **n > self.sources.len()) {
                    return Err(format!("fact cites [{bad}] which is not listed: {text}"));
                }
            }
        }
        Ok(())
    }

    /// The facts in this reply, for counting and tests.
    pub fn facts(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(|b| matches!(b, Block::Fact { .. }))
    }
}

/// Marks `cites` (numbers into `from`) as numbers into `into`, adding
/// each source `into` does not list yet at its end.
fn renumbered(cites: &[usize], from: &[CitedSource], into: &mut Vec<CitedSource>) -> Vec<usize> {
    cites
        .iter()
        .map(|n| {
            let source = &from[n - 1];
            match into.iter().find(|s| s.id == source.id) {
                Some(listed) => listed.number,
                None => {
                    let number = into.len() + 1;
                    into.push(CitedSource {
                        number,
                        ..source.clone()
                    });
                    number
                }
            }
        })
        .collect()
}

impl Reply {
    /// A reply holding some of this reply's blocks, listing (and
    /// renumbering) only the sources those blocks cite, so a statement
    /// keeps its marks in whichever message it lands. The title stays on
    /// the first part only.
    pub fn part(&self, blocks: impl IntoIterator<Item = Block>, first: bool) -> Reply {
        let mut part = Reply {
            blocks: Vec::new(),
            sources: Vec::new(),
            paging: None,
            title: if first { self.title.clone() } else { None },
            ..self.clone()
        };
        for block in blocks {
            let block = match block {
                Block::Fact {
                    date,
                    record,
                    spans,
                    cites,
                } => Block::Fact {
                    date,
                    record,
                    spans,
                    cites: renumbered(&cites, &self.sources, &mut part.sources),
                },
                other => other,
            };
            part.blocks.push(block);
        }
        part
    }

    /// Adds another reply's title (as a heading) and blocks after this
    /// reply's, its marks renumbered into this reply's sources, so two
    /// answers read as one document.
    pub fn append(&mut self, other: &Reply) {
        if let Some(title) = other.title.as_deref().filter(|t| !t.is_empty()) {
            self.heading(title);
        }
        for block in &other.blocks {
            let block = match block {
                Block::Fact {
                    date,
                    record,
                    spans,
                    cites,
                } => Block::Fact {
                    date: date.clone(),
                    record: record.clone(),
                    spans: spans.clone(),
                    cites: renumbered(cites, &other.sources, &mut self.sources),
                },
                other => other.clone(),
            };
            self.blocks.push(block);
        }
    }

    /// Splits a reply at its headings into several replies, in order, each
    /// listing (and renumbering) only the sources its own facts cite. A
    /// statement never leaves its marks behind. Used to post long replies
    /// as several messages.
    pub fn sections(&self) -> Vec<Reply> {
        let mut groups: Vec<Vec<&Block>> = vec![Vec::new()];
        for block in &self.blocks {
            if matches!(block, Block::Heading { .. })
                && groups.last().is_some_and(|g| !g.is_empty())
            {
                groups.push(Vec::new());
            }
            groups.last_mut().expect("one group").push(block);
        }
        groups
            .into_iter()
            .enumerate()
            .map(|(i, blocks)| self.part(blocks.into_iter().cloned(), i == 0))
            .collect()
    }
}
