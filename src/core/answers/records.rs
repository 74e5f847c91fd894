//! `/search`, `/sources` and `/cite`: finding records and showing any one
//! of them with its sources, retracted or not.

use std::collections::HashMap;

use super::facts::{push_action, push_quote, push_source, rid};
use super::{paging, Answer, SEARCH_PAGE, SOURCES_PAGE};
use crate::core::command::ParsedCommand;
use crate::core::messages::answers::AnswersMsg;
use crate::core::messages::records::RecordsMsg;
use crate::core::model::{Person, RecordId, RecordKind, Source};
use crate::core::reply::{Reply, ReplyKind, Span};
use crate::core::{CoreError, Ctx};
use crate::store::RecordSet;

impl Ctx<'_> {
    pub fn search(&self, cmd: &ParsedCommand) -> Answer {
        let loc = self.loc;
        let case = self.case()?;
        let query = cmd.required("query");
        if crate::store::search::fts_query(query).is_none() {
            return Err(CoreError::Invalid(
                AnswersMsg::NoWordsToSearch {
                    query: query.to_string(),
                }
                .say(loc),
            ));
        }
        let offset = u64::from(cmd.page() - 1) * SEARCH_PAGE;
        let (hits, total) = self.store.search(case.id, query, offset, SEARCH_PAGE)?;
        if total == 0 {
            let mut reply = Reply::new(ReplyKind::Empty, AnswersMsg::Search.say(loc));
            reply.note(
                AnswersMsg::NothingMatches {
                    query: query.to_string(),
                }
                .say(loc),
            );
            return Ok(reply);
        }
        let (_, page) = paging(cmd.page(), total, SEARCH_PAGE, loc)?;
        let mut reply = Reply::new(
            ReplyKind::Answer,
            AnswersMsg::SearchFor {
                query: query.to_string(),
            }
            .say(loc),
        );
        reply.paging = page;
        let mut sources = self.hit_sources(&hits)?;
        for hit in hits {
            let sources = sources.remove(&(hit.kind, hit.id)).unwrap_or_default();
            let mut spans = vec![Span::code(format!("{} ", hit.kind.noun()))];
            for (i, part) in hit.snippet.split(['«', '»']).enumerate() {
                if !part.is_empty() {
                    spans.push(if i % 2 == 1 {
                        Span::strong(part)
                    } else {
                        Span::plain(part)
                    });
                }
            }
            reply.fact(None, rid(hit.kind, hit.id), spans, &sources);
        }
        Ok(reply)
    }

    /// The sources that support each hit (a source supports itself): one
    /// query per kind of record on the page, not one per hit.
    fn hit_sources(
        &self,
        hits: &[crate::store::SearchHit],
    ) -> Result<HashMap<(RecordKind, i64), Vec<Source>>, CoreError> {
        let mut out = HashMap::new();
        for kind in RecordKind::ALL {
            let ids: Vec<i64> = hits
                .iter()
                .filter(|h| h.kind == kind)
                .map(|h| h.id)
                .collect();
            if ids.is_empty() {
                continue;
            }
            if kind == RecordKind::Source {
                for (id, s) in self.store.sources_by_ids(&ids)? {
                    out.insert((kind, id), vec![s]);
                }
            } else {
                for (id, s) in self.store.supporting(kind.table(), &ids)? {
                    out.insert((kind, id), s);
                }
            }
        }
        Ok(out)
    }

    /// The sources that support a record (a source supports itself).
    pub fn record_sources(&self, record: RecordId) -> Result<Vec<Source>, CoreError> {
        if record.kind == RecordKind::Source {
            return Ok(self
                .store
                .source(record.id)?
                .map(|(_, s)| vec![s])
                .unwrap_or_default());
        }
        Ok(self
            .store
            .supporting(record.kind.table(), &[record.id])?
            .remove(&record.id)
            .unwrap_or_default())
    }

    pub fn sources(&self, cmd: &ParsedCommand) -> Answer {
        let loc = self.loc;
        let case = self.case()?;
        if let Some(id) = cmd.get("id") {
            return self.one_source(self.parse_id(id, RecordKind::Source)?.id);
        }
        // Only the page shown is read, each source with its citation count
        // (not every source and every record citing each: see BENCHMARKS.md).
        let (_, total) = self.store.source_page(case.id, true, 0, 0)?;
        if total == 0 {
            let mut reply = Reply::new(ReplyKind::Empty, AnswersMsg::Sources.say(loc));
            reply.note(AnswersMsg::NoSourcesYet.say(loc));
            return Ok(reply);
        }
        let (offset, page) = paging(cmd.page(), total, SOURCES_PAGE, loc)?;
        let (sources, _) = self
            .store
            .source_page(case.id, true, offset, SOURCES_PAGE)?;
        let mut reply = Reply::new(
            ReplyKind::Answer,
            AnswersMsg::SourcesOf {
                case: case.title.clone(),
            }
            .say(loc),
        );
        reply.paging = page;
        for (s, cited_by) in &sources {
            push_source(&mut reply, s, Some(*cited_by as usize), loc);
        }
        Ok(reply)
    }

    fn one_source(&self, id: i64) -> Answer {
        let loc = self.loc;
        let (_, source) = self.store.source(id)?.ok_or_else(|| {
            self.not_found(RecordId {
                kind: RecordKind::Source,
                id,
            })
        })?;
        let mut reply = Reply::new(ReplyKind::Answer, &source.title);
        push_source(&mut reply, &source, None, loc);
        // A curator's note says something about the source (what it
        // reprints, what was not captured): a statement, so it is cited to
        // the source it describes, never printed bare.
        if let Some(note) = &source.note {
            reply.fact(
                None,
                None,
                vec![Span::emphasis(note)],
                std::slice::from_ref(&source),
            );
        }
        let citing = self.store.records_citing(id)?;
        if !citing.is_empty() {
            reply.heading(
                AnswersMsg::CitedBy {
                    count: citing.len(),
                }
                .say(loc),
            );
        }
        // The records shown are read together, a few queries per kind,
        // not a few per record.
        let shown: Vec<RecordId> = citing
            .iter()
            .take(25)
            .filter_map(|(kind, id)| {
                RecordKind::from_table(kind).map(|kind| RecordId { kind, id: *id })
            })
            .collect();
        let set = self.store.records(&shown)?;
        // Names are shown only for quotes (who relayed them) and actions
        // (who led them), as in `/cite`.
        let names_shown = shown
            .iter()
            .any(|r| matches!(r.kind, RecordKind::Quote | RecordKind::Action));
        let people = match self.case() {
            Ok(case) if names_shown => self.store.people(case.id, true)?,
            _ => Vec::new(),
        };
        for (kind, record_id) in citing.iter().take(25) {
            match RecordKind::from_table(kind) {
                Some(kind) => self.push_record(
                    &mut reply,
                    RecordId {
                        kind,
                        id: *record_id,
                    },
                    &set,
                    &people,
                )?,
                None => {
                    let what = match kind.as_str() {
                        "case_summary" => AnswersMsg::TheCaseSummary,
                        "case_status" => AnswersMsg::TheCaseStatus,
                        _ => AnswersMsg::AnActionsStatus,
                    };
                    reply.note(
                        AnswersMsg::AlsoCitedBy {
                            what: what.say(loc),
                        }
                        .say(loc),
                    );
                }
            }
        }
        if citing.len() > 25 {
            reply.note(
                AnswersMsg::AndMore {
                    count: citing.len() - 25,
                }
                .say(loc),
            );
        }
        Ok(reply)
    }

    /// Adds any record of `set` as a fact, marked when retracted, or when
    /// hidden because its only source was retracted (then cited to the
    /// sources it was filed with, shown as retracted: there is nothing else
    /// it could cite).
    pub(super) fn push_record(
        &self,
        reply: &mut Reply,
        record: RecordId,
        set: &RecordSet,
        people: &[Person],
    ) -> Result<(), CoreError> {
        let loc = self.loc;
        let retracted = |r: &Option<crate::core::model::Retraction>| {
            r.as_ref().map(|r| {
                Span::emphasis(
                    AnswersMsg::RetractedRecord {
                        at: r.at.to_string(),
                        reason: r.reason.clone(),
                    }
                    .say(loc),
                )
            })
        };
        let nf = || self.not_found(record);
        // A record with no live source shows every source it was filed with.
        let as_filed = |sources: &mut Vec<Source>| {
            if sources.is_empty() {
                *sources = set.filed.get(&record).cloned().unwrap_or_default();
                Some(Span::emphasis(RecordsMsg::HiddenMark.say(loc)))
            } else {
                None
            }
        };
        match record.kind {
            RecordKind::Event => {
                let mut e = set.events.get(&record.id).cloned().ok_or_else(nf)?;
                let hidden = as_filed(&mut e.sources);
                let mut spans = vec![Span::plain(&e.text)];
                spans.extend(retracted(&e.retracted));
                spans.extend(hidden);
                reply.fact(
                    Some(e.date.to_string()),
                    rid(RecordKind::Event, e.id),
                    spans,
                    &e.sources,
                );
            }
            RecordKind::Quote => {
                let mut q = set.quotes.get(&record.id).cloned().ok_or_else(nf)?;
                let hidden = as_filed(&mut q.sources);
                push_quote(reply, &q, people, loc);
                if let Some(crate::core::reply::Block::Fact { spans, .. }) = reply.blocks.last_mut()
                {
                    spans.extend(retracted(&q.retracted).into_iter().chain(hidden));
                }
            }
            RecordKind::Action => {
                let mut a = set.actions.get(&record.id).cloned().ok_or_else(nf)?;
                let hidden = as_filed(&mut a.sources);
                let before = reply.blocks.len();
                push_action(reply, &a, people, loc);
                if let Some(crate::core::reply::Block::Fact { spans, .. }) =
                    reply.blocks.get_mut(before)
                {
                    spans.extend(retracted(&a.retracted).into_iter().chain(hidden));
                }
                crate::core::bills::push_history(reply, &a, loc);
            }
            RecordKind::Figure => {
                let mut f = set.figures.get(&record.id).cloned().ok_or_else(nf)?;
                let hidden = as_filed(&mut f.sources);
                let mut spans = vec![
                    Span::strong(&f.value),
                    Span::plain(format!(" — {} (", f.label)),
                    Span::quoted(&f.stated_as),
                    Span::plain(")"),
                ];
                spans.extend(retracted(&f.retracted));
                spans.extend(hidden);
                reply.fact(None, rid(RecordKind::Figure, f.id), spans, &f.sources);
            }
            RecordKind::Person => {
                let mut p = set.people.get(&record.id).cloned().ok_or_else(nf)?;
                let hidden = as_filed(&mut p.sources);
                let mut spans = vec![Span::strong(&p.name), Span::plain(format!(" — {}", p.role))];
                spans.extend(retracted(&p.retracted));
                spans.extend(hidden);
                reply.fact(None, rid(RecordKind::Person, p.id), spans, &p.sources);
            }
            RecordKind::Source => {
                let s = set.sources.get(&record.id).ok_or_else(nf)?;
                push_source(reply, s, None, loc);
            }
        }
        Ok(())
    }

    pub fn cite(&self, cmd: &ParsedCommand) -> Answer {
        let loc = self.loc;
        let record = self.parse_id(cmd.required("id"), RecordKind::Source)?;
        self.store
            .record_case(record)
            .map_err(|_| self.not_found(record))?;
        // People's names are only shown for a quote (who relayed it) or an
        // action (who led it); loading everyone, with their sources, for any
        // other record was most of `/cite`'s time (see BENCHMARKS.md).
        let people = match (record.kind, self.case()) {
            (RecordKind::Quote | RecordKind::Action, Ok(case)) => {
                self.store.people(case.id, true)?
            }
            _ => Vec::new(),
        };
        let mut reply = Reply::new(
            ReplyKind::Answer,
            AnswersMsg::CitationFor {
                record: record.to_string(),
            }
            .say(loc),
        );
        let set = self.store.records(&[record])?;
        self.push_record(&mut reply, record, &set, &people)?;
        // The ready-to-paste line: the statement, then each source in full.
        let statement = match reply.blocks.first() {
            Some(crate::core::reply::Block::Fact { date, spans, .. })
                if record.kind != RecordKind::Source =>
            {
                let mut text = String::new();
                if let Some(date) = date {
                    text.push_str(&format!("{date}: "));
                }
                for span in spans {
                    match span.style {
                        crate::core::reply::Style::Quoted => {
                            text.push_str(&format!("“{}”", span.text))
                        }
                        _ => text.push_str(&span.text),
                    }
                }
                format!("{} ", text.trim_end())
            }
            _ => String::new(),
        };
        let sources = self.record_sources(record)?;
        if sources.is_empty() {
            reply.note(
                RecordsMsg::NothingToPaste {
                    record: record.to_string(),
                }
                .say(loc),
            );
            return Ok(reply);
        }
        let paste: Vec<String> = sources
            .iter()
            .map(|s| {
                let author = s
                    .author
                    .as_ref()
                    .map(|a| format!("{a}, "))
                    .unwrap_or_default();
                let exact = if s.url_exact {
                    String::new()
                } else {
                    AnswersMsg::SiteOnly.say(loc)
                };
                format!(
                    "{author}“{}”, {}, {}. {}{exact}",
                    s.title, s.publication, s.published, s.url
                )
            })
            .collect();
        reply.heading(AnswersMsg::ToPaste.say(loc));
        let label = AnswersMsg::Source.say(loc);
        reply.fact(
            None,
            None,
            vec![Span::code(format!(
                "{statement}({label}: {})",
                paste.join("; ")
            ))],
            &sources,
        );
        Ok(reply)
    }

    /// Reads `E12`, or a bare number as `bare_kind`.
    pub fn parse_id(&self, text: &str, bare_kind: RecordKind) -> Result<RecordId, CoreError> {
        if let Ok(id) = text.parse::<RecordId>() {
            return Ok(id);
        }
        match text.trim().parse::<i64>() {
            Ok(id) if id > 0 => Ok(RecordId {
                kind: bare_kind,
                id,
            }),
            _ => Err(CoreError::Invalid(
                AnswersMsg::NotARecordId {
                    text: text.to_string(),
                }
                .say(self.loc),
            )),
        }
    }

    pub fn not_found(&self, record: RecordId) -> CoreError {
        CoreError::Invalid(
            AnswersMsg::NoSuchRecord {
                noun: record.kind.noun().to_string(),
                record: record.to_string(),
            }
            .say(self.loc),
        )
    }

    pub fn unknown_person(&self, query: &str, closest: &[&Person]) -> CoreError {
        let names: Vec<&str> = closest.iter().map(|p| p.name.as_str()).collect();
        let query = query.to_string();
        CoreError::Invalid(if names.is_empty() {
            AnswersMsg::NobodyCalled { query }.say(self.loc)
        } else {
            AnswersMsg::NobodyCalledDidYouMean {
                query,
                names: names.join(&AnswersMsg::Or.say(self.loc)),
            }
            .say(self.loc)
        })
    }
}
