//! Builds one digest: the changes in an audit range, the milestones of a
//! local date, and the actions still open. Every line is cited.

use chrono::{Datelike, NaiveDate};

use crate::core::answers::{push_action, push_event, push_person, push_quote, push_source};
use crate::core::i18n::Locale;
use crate::core::messages::digest::DigestMsg;
use crate::core::model::{RecordId, RecordKind, TimelineEntry};
use crate::core::reply::{Reply, ReplyKind, Span};
use crate::store::{AuditEntry, CaseRow, RecordSet, Result, Store, TimelineFilter};

/// Statuses after which an action is no longer open.
const CLOSED: &[&str] = &["passed", "failed", "denied"];

/// A built digest and whether it has anything new in it.
pub struct Digest {
    pub reply: Reply,
    /// True when neither changes nor milestones were found (open actions
    /// alone do not make a digest worth posting).
    pub is_empty: bool,
}

/// Round day counts worth marking, since the case's key dates.
fn is_round(days: i64) -> bool {
    days > 0 && (days % 100 == 0 || days % 365 == 0)
}

pub fn build(
    store: &Store,
    case: &CaseRow,
    audit_from: i64,
    audit_to: i64,
    local_date: NaiveDate,
    loc: Locale,
) -> Result<Digest> {
    let title = DigestMsg::Title {
        case: case.title.clone(),
        date: local_date.to_string(),
    }
    .say(loc);
    let mut reply = Reply::new(ReplyKind::Answer, title);
    reply.ephemeral = false;
    let people = store.people(case.id, true)?;
    let entries: Vec<AuditEntry> = store
        .audit_since(audit_from, u64::MAX >> 1)?
        .into_iter()
        .filter(|e| e.id <= audit_to)
        .collect();
    let mut changes = 0;

    // Every record the digest names, read together: a few queries per kind,
    // not a few per line.
    let named: Vec<RecordId> = entries
        .iter()
        .filter(|e| {
            matches!(
                e.action.as_str(),
                "insert" | "status" | "correct" | "retract"
            )
        })
        .filter_map(|e| {
            Some(RecordId {
                kind: RecordKind::from_table(&e.kind)?,
                id: e.record_id?,
            })
        })
        .chain(super::links::named(&entries))
        .collect();
    let set = store.records(&named)?;

    // New records, by kind, in the order they were added.
    let sections: [(&str, RecordKind, DigestMsg); 6] = [
        ("events", RecordKind::Event, DigestMsg::NewEvents),
        ("quotes", RecordKind::Quote, DigestMsg::NewQuotes),
        ("actions", RecordKind::Action, DigestMsg::NewActions),
        ("figures", RecordKind::Figure, DigestMsg::NewFigures),
        ("people", RecordKind::Person, DigestMsg::NewPeople),
        ("sources", RecordKind::Source, DigestMsg::NewSources),
    ];
    for (table, kind, heading) in sections {
        let ids: Vec<i64> = entries
            .iter()
            .filter(|e| e.action == "insert" && e.kind == table)
            .filter_map(|e| e.record_id)
            .collect();
        let mut shown = 0;
        for id in ids {
            let before = reply.blocks.len();
            if !push_live(
                &set,
                &mut reply,
                RecordId { kind, id },
                case.id,
                &people,
                loc,
            ) {
                continue;
            }
            if shown == 0 {
                reply.blocks.insert(
                    before,
                    crate::core::reply::Block::Heading {
                        text: heading.say(loc),
                    },
                );
            }
            shown += 1;
        }
        changes += shown;
    }

    // Status changes, corrections and retractions, each with its reason.
    let mut heading_done = false;
    for e in entries
        .iter()
        .filter(|e| matches!(e.action.as_str(), "status" | "correct" | "retract"))
    {
        let (Some(kind), Some(id)) = (RecordKind::from_table(&e.kind), e.record_id) else {
            continue;
        };
        let record = RecordId { kind, id };
        let Some(sources) = record_sources(&set, record, case.id) else {
            continue;
        };
        // A record retracted since is not repeated by its earlier status
        // change or correction: its retraction line says what happened.
        if e.action != "retract" && is_retracted(&set, record) {
            continue;
        }
        if !heading_done {
            reply.heading(DigestMsg::Changes.say(loc));
            heading_done = true;
        }
        let reason = e.reason.clone().unwrap_or_default();
        let spans = match e.action.as_str() {
            "status" => {
                let change: serde_json::Value = e
                    .after
                    .as_deref()
                    .and_then(|a| serde_json::from_str(a).ok())
                    .unwrap_or_default();
                let from = change["from"].as_str().unwrap_or("—").to_string();
                let to = change["to"].as_str().unwrap_or("?").to_string();
                let action = set.actions.get(&id).expect("audited action exists");
                let status_sources = action
                    .statuses
                    .last()
                    .map(|s| s.sources.clone())
                    .unwrap_or_default();
                let spans = vec![
                    Span::strong(format!("{record} ")),
                    Span::plain(
                        DigestMsg::StatusChange {
                            title: action.title.clone(),
                            from,
                            to,
                        }
                        .say(loc),
                    ),
                    Span::emphasis(format!(" ({reason})")),
                ];
                reply.fact(
                    None,
                    Some(record.to_string()),
                    spans,
                    if status_sources.is_empty() {
                        &sources
                    } else {
                        &status_sources
                    },
                );
                changes += 1;
                continue;
            }
            "correct" => {
                let now = text_of(&set, record);
                vec![
                    Span::strong(format!("{record} ")),
                    Span::plain(DigestMsg::CorrectedNowReads.say(loc)),
                    Span::quoted(now),
                    Span::emphasis(DigestMsg::Why { reason }.say(loc)),
                ]
            }
            _ => vec![
                Span::strong(format!("{record} ")),
                Span::plain(DigestMsg::RetractedHidden.say(loc)),
                Span::emphasis(DigestMsg::Why { reason }.say(loc)),
            ],
        };
        reply.fact(None, Some(record.to_string()), spans, &sources);
        changes += 1;
    }

    // Bills' cosponsors who joined or withdrew (core/bills.rs).
    changes +=
        crate::core::bills::push_digest_cosponsors(store, &mut reply, &entries, case.id, loc)?;
    // Sources whose address went gone.
    changes += super::links::push_gone_sources(&mut reply, &entries, &set, case.id, loc);

    // Milestones that fall on this local date.
    let mut milestones = 0;
    let (events, _) = store.timeline(case.id, &TimelineFilter::default(), 0, u64::MAX >> 1)?;
    let key_events: Vec<&TimelineEntry> = events
        .iter()
        .filter(|e| {
            Some(&e.key) == case.detained_from_key.as_ref()
                || Some(&e.key) == case.detained_until_key.as_ref()
        })
        .collect();
    for e in &events {
        let Some(day) = e.date.exact_day() else {
            continue;
        };
        let years = local_date.year() - day.year();
        let anniversary =
            years > 0 && day.month() == local_date.month() && day.day() == local_date.day();
        let days = (local_date - day).num_days();
        let round = key_events.iter().any(|k| k.id == e.id) && is_round(days) && !anniversary;
        if !(anniversary || round) {
            continue;
        }
        if milestones == 0 {
            reply.heading(DigestMsg::MilestonesToday.say(loc));
        }
        let lead = if anniversary {
            DigestMsg::YearsSince {
                years: years.into(),
                day: day.to_string(),
            }
            .say(loc)
        } else {
            DigestMsg::DaysSince {
                days,
                day: day.to_string(),
            }
            .say(loc)
        };
        reply.fact(
            Some(local_date.to_string()),
            Some(
                RecordId {
                    kind: RecordKind::Event,
                    id: e.id,
                }
                .to_string(),
            ),
            vec![Span::strong(lead), Span::plain(&e.text)],
            &e.sources,
        );
        milestones += 1;
    }

    // Congressional actions still open.
    let open: Vec<_> = store
        .actions(case.id, false)?
        .into_iter()
        .filter(|a| {
            a.current_status()
                .is_none_or(|s| !CLOSED.contains(&s.status.as_str()))
        })
        .collect();
    if !open.is_empty() {
        reply.heading(DigestMsg::StillOpen.say(loc));
        for a in &open {
            push_action(&mut reply, a, &people, loc);
        }
    }
    if changes == 0 && milestones == 0 {
        reply.blocks.insert(
            0,
            crate::core::reply::Block::Note {
                text: DigestMsg::NothingNew.say(loc),
            },
        );
    }
    Ok(Digest {
        reply,
        is_empty: changes == 0 && milestones == 0,
    })
}

/// Adds a record of `set` that is still live (not retracted, and a live
/// source supports it); false otherwise. Edited messages re-render a
/// corrected record with it too.
pub(crate) fn push_live(
    set: &RecordSet,
    reply: &mut Reply,
    record: RecordId,
    case_id: i64,
    people: &[crate::core::model::Person],
    loc: Locale,
) -> bool {
    if set.cases.get(&record) != Some(&case_id) {
        return false;
    }
    let id = record.id;
    match record.kind {
        RecordKind::Event => match set.events.get(&id) {
            Some(e) if e.retracted.is_none() && !e.sources.is_empty() => push_event(reply, e),
            _ => return false,
        },
        RecordKind::Quote => match set.quotes.get(&id) {
            Some(q) if q.retracted.is_none() && !q.sources.is_empty() => {
                push_quote(reply, q, people, loc)
            }
            _ => return false,
        },
        RecordKind::Action => match set.actions.get(&id) {
            Some(a) if a.retracted.is_none() && !a.sources.is_empty() => {
                push_action(reply, a, people, loc)
            }
            _ => return false,
        },
        RecordKind::Figure => match set.figures.get(&id) {
            Some(f) if f.retracted.is_none() && !f.sources.is_empty() => {
                reply.fact(
                    None,
                    Some(record.to_string()),
                    vec![
                        Span::strong(&f.value),
                        Span::plain(format!(" — {} (", f.label)),
                        Span::quoted(&f.stated_as),
                        Span::plain(")"),
                    ],
                    &f.sources,
                );
            }
            _ => return false,
        },
        RecordKind::Person => match set.people.get(&id) {
            Some(p) if p.retracted.is_none() && !p.sources.is_empty() => push_person(reply, p),
            _ => return false,
        },
        RecordKind::Source => match set.sources.get(&id) {
            Some(s) if s.retracted.is_none() => push_source(reply, s, None, loc),
            _ => return false,
        },
    }
    true
}

/// The sources of a record of this case (a source cites itself); `None`
/// when it is not of this case or nothing live supports it.
fn record_sources(
    set: &RecordSet,
    record: RecordId,
    case_id: i64,
) -> Option<Vec<crate::core::model::Source>> {
    if set.cases.get(&record) != Some(&case_id) {
        return None;
    }
    set.live_sources(record).filter(|s| !s.is_empty())
}

/// Whether the record itself is retracted (its sources may still be live).
pub(crate) fn is_retracted(set: &RecordSet, record: RecordId) -> bool {
    let id = record.id;
    match record.kind {
        RecordKind::Event => set.events.get(&id).is_some_and(|r| r.retracted.is_some()),
        RecordKind::Quote => set.quotes.get(&id).is_some_and(|r| r.retracted.is_some()),
        RecordKind::Action => set.actions.get(&id).is_some_and(|r| r.retracted.is_some()),
        RecordKind::Figure => set.figures.get(&id).is_some_and(|r| r.retracted.is_some()),
        RecordKind::Person => set.people.get(&id).is_some_and(|r| r.retracted.is_some()),
        RecordKind::Source => set.sources.get(&id).is_some_and(|r| r.retracted.is_some()),
    }
}

/// A record's current main text (what `/correct` changes).
fn text_of(set: &RecordSet, record: RecordId) -> String {
    let id = record.id;
    match record.kind {
        RecordKind::Event => set.events.get(&id).map(|e| e.text.clone()),
        RecordKind::Quote => set.quotes.get(&id).map(|q| q.text.clone()),
        RecordKind::Action => set.actions.get(&id).map(|a| a.summary.clone()),
        RecordKind::Figure => set.figures.get(&id).map(|f| f.stated_as.clone()),
        RecordKind::Person => set.people.get(&id).map(|p| p.role.clone()),
        RecordKind::Source => set.sources.get(&id).map(|s| s.title.clone()),
    }
    .unwrap_or_default()
}
