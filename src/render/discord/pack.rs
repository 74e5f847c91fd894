//! Packing a reply's statements into Discord pages. A page's size is kept
//! as statements are added (the description's length, each source field's
//! length), so trying one more statement costs that statement and its new
//! sources, not the whole page again; the page's text is built once, when
//! it is closed.

use std::cell::OnceCell;

use super::markdown::{cut, discord_len};
use super::{limits, source_line, SourceForm, Unit, Words, FOOTER_RESERVE};
use crate::core::reply::Reply;

/// A closed page: its description and its source fields.
pub(super) struct Page {
    pub description: String,
    pub fields: Vec<(String, String)>,
}

/// A source's line in one form, its length and the length of the line cut
/// to one field (what a field that starts with it holds).
struct Line {
    text: String,
    len: usize,
    field_len: usize,
}

/// Every source's line in each [`SourceForm`], each form made once per
/// reply and only when first asked for: most replies fit with every
/// source in full, and never need the shorter forms.
struct SourceLines<'r> {
    reply: &'r Reply,
    forms: [OnceCell<Vec<Line>>; 3],
}

impl<'r> SourceLines<'r> {
    fn new(reply: &'r Reply) -> Self {
        SourceLines {
            reply,
            forms: Default::default(),
        }
    }

    /// The line of source number `n` (from 1).
    fn get(&self, form: SourceForm, n: usize, w: &Words) -> &Line {
        let index = match form {
            SourceForm::Full => 0,
            SourceForm::Compact => 1,
            SourceForm::Minimal => 2,
        };
        let lines = self.forms[index].get_or_init(|| {
            self.reply
                .sources
                .iter()
                .map(|source| {
                    let text = source_line(source, form, w);
                    let len = discord_len(&text);
                    let field_len = if len <= limits::FIELD_VALUE {
                        len
                    } else {
                        discord_len(&cut(&text, limits::FIELD_VALUE))
                    };
                    Line {
                        text,
                        len,
                        field_len,
                    }
                })
                .collect()
        });
        &lines[n - 1]
    }
}

/// The size of a page being packed.
#[derive(Clone, Default)]
struct Meter {
    /// Length of the description: the lines joined by `\n`.
    description: usize,
    lines: usize,
    /// Length of each source field's value, filled as [`source_fields`] fills them.
    fields: Vec<usize>,
    /// Source numbers listed on the page, in order.
    sources: Vec<usize>,
}

impl Meter {
    fn add_line(&mut self, len: usize) {
        self.description += len + usize::from(self.lines > 0);
        self.lines += 1;
    }

    fn add_source(&mut self, n: usize, line: &Line) {
        if self.sources.contains(&n) {
            return;
        }
        self.sources.push(n);
        match self.fields.last_mut() {
            Some(value) if *value + 1 + line.len <= limits::FIELD_VALUE => *value += 1 + line.len,
            _ => self.fields.push(line.field_len),
        }
    }
}

/// Packs units into pages, each within every embed limit.
pub(super) struct Packer<'a> {
    w: &'a Words,
    cache: SourceLines<'a>,
    /// Title, footer reserve and the field name's length: what every page spends besides its text.
    title_len: usize,
    field_name_len: usize,
    pages: Vec<Page>,
    lines: Vec<String>,
    meter: Meter,
    form: Option<SourceForm>,
}

impl<'a> Packer<'a> {
    pub fn new(reply: &'a Reply, w: &'a Words, title_len: usize) -> Self {
        Packer {
            cache: SourceLines::new(reply),
            field_name_len: discord_len(&w.sources),
            w,
            title_len,
            pages: Vec::new(),
            lines: Vec::new(),
            meter: Meter::default(),
            form: None,
        }
    }

    fn fits(&self, meter: &Meter) -> bool {
        let fields: usize = meter
            .fields
            .iter()
            .map(|value| self.field_name_len + value)
            .sum();
        meter.description <= limits::EMBED_DESCRIPTION
            && meter.fields.len() <= limits::EMBED_FIELDS
            && self.title_len + meter.description + fields + FOOTER_RESERVE <= limits::EMBED_TOTAL
    }

    /// The meter of `lines` with `sources` in `form`.
    fn meter_of(&self, line_lens: &[usize], sources: &[usize], form: SourceForm) -> Meter {
        let mut meter = Meter::default();
        for len in line_lens {
            meter.add_line(*len);
        }
        for n in sources {
            meter.add_source(*n, self.cache.get(form, *n, self.w));
        }
        meter
    }

    pub fn push(&mut self, unit: Unit) {
        let len = discord_len(&unit.text);
        let form = self.form.unwrap_or(SourceForm::Full);
        let mut attempt = self.meter.clone();
        attempt.add_line(len);
        for n in &unit.cites {
            attempt.add_source(*n, self.cache.get(form, *n, self.w));
        }
        if self.fits(&attempt) {
            self.meter = attempt;
            self.lines.push(unit.text);
            return;
        }
        // Does not fit beside what is there: close the page and start anew.
        if !self.lines.is_empty() {
            self.close();
        }
        let mut sources: Vec<usize> = Vec::new();
        for n in &unit.cites {
            if !sources.contains(n) {
                sources.push(*n);
            }
        }
        self.lines = vec![unit.text];
        // Alone on a page, shorten the source lines until they fit.
        for form in [SourceForm::Full, SourceForm::Compact, SourceForm::Minimal] {
            let meter = self.meter_of(&[len], &sources, form);
            if self.fits(&meter) {
                self.meter = meter;
                self.form = Some(form);
                return;
            }
        }
        // Hundreds of sources behind one statement: list as many as fit.
        // Its record id (shown with it) leads to all of them via /cite.
        tracing::error!(
            "a statement cites {} sources, more than one Discord message can list",
            unit.cites.len()
        );
        self.form = Some(SourceForm::Minimal);
        while !sources.is_empty() {
            sources.pop();
            let meter = self.meter_of(&[len], &sources, SourceForm::Minimal);
            if self.fits(&meter) {
                self.meter = meter;
                return;
            }
        }
        self.meter = self.meter_of(&[len], &[], SourceForm::Minimal);
    }

    /// Builds the open page's text and starts an empty one.
    fn close(&mut self) {
        let form = self.form.unwrap_or(SourceForm::Full);
        let lines: Vec<&str> = self
            .meter
            .sources
            .iter()
            .map(|n| self.cache.get(form, *n, self.w).text.as_str())
            .collect();
        let page = Page {
            description: self.lines.join("\n"),
            fields: source_fields(&lines, self.w),
        };
        self.pages.push(page);
        self.lines.clear();
        self.meter = Meter::default();
        self.form = None;
    }

    /// Every page, the last one included (an empty reply is one empty page).
    pub fn finish(mut self) -> Vec<Page> {
        if !self.lines.is_empty() || self.pages.is_empty() {
            self.close();
        }
        self.pages
    }
}

/// Source lines grouped into embed fields of at most [`limits::FIELD_VALUE`].
fn source_fields(lines: &[&str], w: &Words) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in lines {
        match fields.last_mut() {
            Some((_, value))
                if discord_len(value) + 1 + discord_len(line) <= limits::FIELD_VALUE =>
            {
                value.push('\n');
                value.push_str(line);
            }
            _ => fields.push((w.sources.to_string(), cut(line, limits::FIELD_VALUE))),
        }
    }
    fields
}
