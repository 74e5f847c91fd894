//! `/history`: a record's life from the audit log (created, corrected,
//! status changes, retracted, and its sources' retractions), each line
//! cited to the evidence of that change; and how a record hidden by its
//! sources' retraction is shown where it may still be shown.

use serde_json::Value;

use super::Answer;
use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::messages::records::RecordsMsg;
use crate::core::model::{RecordId, RecordKind, Source};
use crate::core::reply::{Reply, ReplyKind, Span};
use crate::core::{CoreError, Ctx};
use crate::store::{corrected_column, AuditEntry, CORRECTION_SOURCE, CORRECTION_SOURCE_ADDED};

/// Adds a case statement if a live source supports it; otherwise says it
/// is hidden (a retracted source supports nothing).
pub(crate) fn push_supported(reply: &mut Reply, spans: Vec<Span>, sources: &[Source], loc: Locale) {
    if sources.is_empty() {
        reply.note(RecordsMsg::CaseStatementHidden.say(loc));
    } else {
        reply.fact(None, None, spans, sources);
    }
}

/// One line of a history, with when it happened for ordering.
struct Line {
    at: String,
    spans: Vec<Span>,
    sources: Vec<Source>,
}

fn field(json: Option<&str>, key: &str) -> Value {
    json.and_then(|j| serde_json::from_str::<Value>(j).ok())
        .map(|v| v[key].clone())
        .unwrap_or(Value::Null)
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "—".to_string(),
        other => other.to_string(),
    }
}

impl Ctx<'_> {
    /// Every source a record was filed with, retracted or not (a source
    /// is its own).
    fn filed_sources(&self, record: RecordId) -> Result<Vec<Source>, CoreError> {
        if record.kind == RecordKind::Source {
            return self.record_sources(record);
        }
        Ok(self
            .store
            .citations(record.kind.table(), &[record.id])?
            .remove(&record.id)
            .unwrap_or_default())
    }

    pub fn history(&self, cmd: &ParsedCommand) -> Answer {
        let loc = self.loc;
        let given = cmd.required("id");
        let record = given.parse::<RecordId>().map_err(|_| {
            CoreError::Invalid(
                RecordsMsg::HistoryNeedsKind {
                    given: given.to_string(),
                }
                .say(loc),
            )
        })?;
        self.store
            .record_case(record)
            .map_err(|_| self.not_found(record))?;
        let people = match (record.kind, self.case()) {
            (RecordKind::Quote | RecordKind::Action, Ok(case)) => {
                self.store.people(case.id, true)?
            }
            _ => Vec::new(),
        };
        let name = record.to_string();
        let mut reply = Reply::new(
            ReplyKind::Answer,
            RecordsMsg::HistoryTitle {
                record: name.clone(),
            }
            .say(loc),
        );
        reply.heading(RecordsMsg::HistoryNow.say(loc));
        let set = self.store.records(&[record])?;
        self.push_record(&mut reply, record, &set, &people)?;
        let live = self.record_sources(record)?;
        let filed = self.filed_sources(record)?;
        if live.is_empty() && record.kind != RecordKind::Source {
            reply.note(
                RecordsMsg::HiddenExplained {
                    record: name.clone(),
                }
                .say(loc),
            );
        }
        // A line cites the live sources meant; when every one of them was
        // retracted, the sources as filed, which the reply marks retracted.
        let support = |sources: Vec<Source>| {
            let live: Vec<Source> = sources
                .iter()
                .filter(|s| s.retracted.is_none())
                .cloned()
                .collect();
            match (live.is_empty(), sources.is_empty()) {
                (false, _) => live,
                (true, false) => sources,
                (true, true) => filed.clone(),
            }
        };
        let entries = self.store.audit_of(record.kind.table(), record.id)?;
        let brought: Vec<i64> = entries
            .iter()
            .filter(|e| e.action == "correct")
            .filter(|e| field(e.after.as_deref(), CORRECTION_SOURCE_ADDED) == Value::Bool(true))
            .filter_map(|e| field(e.after.as_deref(), CORRECTION_SOURCE).as_i64())
            .collect();
        let mut lines = Vec::new();
        for e in &entries {
            if let Some(line) = self.line(record, e, &filed, &brought)? {
                lines.push(Line {
                    sources: support(line.sources),
                    ..line
                });
            }
        }
        // The retraction of a source the record cites is part of its life.
        if record.kind != RecordKind::Source {
            for s in filed.iter().filter(|s| s.retracted.is_some()) {
                let r = s.retracted.as_ref().expect("filtered");
                lines.push(Line {
                    at: r.at.clone(),
                    spans: vec![Span::plain(
                        RecordsMsg::SourceRetracted {
                            source: s.record_id(),
                            at: r.at.clone(),
                            by: r.by.clone(),
                            reason: r.reason.clone(),
                        }
                        .say(loc),
                    )],
                    sources: vec![s.clone()],
                });
            }
        }
        lines.sort_by(|a, b| a.at.cmp(&b.at));
        reply.heading(RecordsMsg::HistoryChanges.say(loc));
        if lines.is_empty() {
            reply.note(RecordsMsg::NoHistory { record: name }.say(loc));
        }
        for line in lines {
            reply.fact(None, None, line.spans, &line.sources);
        }
        Ok(reply)
    }

    /// One audit entry as a history line, with the sources it rests on.
    fn line(
        &self,
        record: RecordId,
        e: &AuditEntry,
        filed: &[Source],
        brought: &[i64],
    ) -> Result<Option<Line>, CoreError> {
        let loc = self.loc;
        let by = shown_actor(&e.actor);
        let place = e
            .place
            .as_ref()
            .map(|p| RecordsMsg::Where { place: p.clone() }.say(loc))
            .unwrap_or_default();
        let at = e.at.clone();
        let why = |spans: &mut Vec<Span>| {
            if let Some(reason) = &e.reason {
                spans.push(Span::emphasis(
                    RecordsMsg::Why {
                        reason: reason.clone(),
                    }
                    .say(loc),
                ));
            }
        };
        Ok(Some(match e.action.as_str() {
            "insert" => Line {
                spans: vec![Span::plain(
                    RecordsMsg::Created {
                        at: at.clone(),
                        by,
                        place,
                    }
                    .say(loc),
                )],
                // Its first sources: all it cites but those corrections brought.
                sources: filed
                    .iter()
                    .filter(|s| !brought.contains(&s.id))
                    .cloned()
                    .collect(),
                at,
            },
            "correct" => {
                let column = corrected_column(record.kind);
                let mut spans = vec![
                    Span::plain(
                        RecordsMsg::Corrected {
                            at: at.clone(),
                            by,
                            place,
                        }
                        .say(loc),
                    ),
                    Span::quoted(text(&field(e.before.as_deref(), column))),
                    Span::plain(RecordsMsg::Became.say(loc)),
                    Span::quoted(text(&field(e.after.as_deref(), column))),
                ];
                why(&mut spans);
                // Corrections made before they had to bring a source rest
                // on the record's own sources.
                let sources = match field(e.after.as_deref(), CORRECTION_SOURCE).as_i64() {
                    Some(id) => self
                        .store
                        .source(id)?
                        .map(|(_, s)| vec![s])
                        .unwrap_or_default(),
                    None => filed.to_vec(),
                };
                Line { at, spans, sources }
            }
            "status" => {
                let mut spans = vec![Span::plain(
                    RecordsMsg::StatusChanged {
                        at: at.clone(),
                        by,
                        place,
                        from: text(&field(e.after.as_deref(), "from")),
                        to: text(&field(e.after.as_deref(), "to")),
                    }
                    .say(loc),
                )];
                why(&mut spans);
                let status_id = field(e.after.as_deref(), "status_id").as_i64();
                // A status congress.gov stopped listing says so here too.
                if let Some(id) = status_id {
                    let vanished = self.store.status_vanished(id)?;
                    spans.extend(crate::core::bills::vanished_mark(vanished.as_deref(), loc));
                }
                let sources = match status_id {
                    Some(id) => self
                        .store
                        .citations("action_statuses", &[id])?
                        .remove(&id)
                        .unwrap_or_default(),
                    None => Vec::new(),
                };
                Line { at, spans, sources }
            }
            "bill" => {
                // `/action bill`: the bill named, on the sources given.
                let named = text(&field(e.after.as_deref(), "bill"));
                let Ok(bill) = named.parse::<crate::domain::bill::BillRef>() else {
                    return Ok(None);
                };
                let mut spans = vec![Span::plain(
                    crate::core::messages::bills::BillsMsg::HistoryNamed {
                        at: at.clone(),
                        by,
                        place,
                        label: crate::core::bills::label(&bill, loc),
                    }
                    .say(loc),
                )];
                why(&mut spans);
                let sources = match field(e.after.as_deref(), "action_bill_id").as_i64() {
                    Some(id) => self
                        .store
                        .citations("action_bills", &[id])?
                        .remove(&id)
                        .unwrap_or_default(),
                    None => Vec::new(),
                };
                if sources.is_empty() {
                    return Ok(None);
                }
                Line { at, spans, sources }
            }
            "retract" => {
                let mut spans = vec![Span::plain(
                    RecordsMsg::RecordRetracted {
                        at: text(&field(e.after.as_deref(), "retracted_at")),
                        by: text(&field(e.after.as_deref(), "retracted_by")),
                        place,
                    }
                    .say(loc),
                )];
                why(&mut spans);
                Line {
                    at,
                    spans,
                    sources: filed.to_vec(),
                }
            }
            _ => return Ok(None),
        }))
    }
}

/// The author of an audit entry as answers show it. An import records the
/// path of the file it read (`import:/srv/casewatch/data/case.toml`), which
/// is the operator's business, not the public's: answers and the site show
/// the file's name alone.
fn shown_actor(actor: &str) -> String {
    match actor.strip_prefix("import:") {
        Some(path) => {
            let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
            format!("import:{name}")
        }
        None => actor.to_string(),
    }
}
