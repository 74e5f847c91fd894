//! The moderator writes: add events, quotes, actions, statuses and
//! sources, correct and retract records, and members' suggestions.

use crate::core::answers::{push_action, push_event, push_quote, push_source};
use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::messages::moderation::ModerationMsg;
use crate::core::messages::records::RecordsMsg;
use crate::core::messages::usage::UsageMsg;
use crate::core::model::{RecordId, RecordKind, Relay};
use crate::core::people::{self, PersonMatch};
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{Core, CoreError, Ctx};
use crate::store::{CaseRow, NewAction, NewEvent, NewPerson, NewQuote, NewStatus, Store};

use super::{confirmation, invalid, source_choice, tags, unique_key, Answer, SourceChoice};

pub(super) fn update_add(
    store: &mut Store,
    actor: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let source = source_choice(store, case, cmd, loc)?;
    let text = cmd.required("text");
    let date = cmd.date("date").expect("validated by the parser");
    let event = NewEvent {
        key: unique_key(store, "events", case.id, &format!("{date} {text}"))?,
        date,
        text: text.to_string(),
        tags: tags(cmd, loc)?,
        people: Vec::new(),
        sources: Vec::new(),
    };
    let id = store.write(actor, |w| {
        let sid = source.id(w, case.id)?;
        w.insert_event(
            case.id,
            &NewEvent {
                sources: vec![sid],
                ..event
            },
        )
    })?;
    let (_, entry) = store.event(id)?.expect("just written");
    let mut reply = confirmation(loc, ModerationMsg::UpdateAdded);
    push_event(&mut reply, &entry);
    reply.note(ModerationMsg::UpdateSaved { id }.say(loc));
    Ok(reply)
}

fn resolve_person<'a>(
    people: &'a [crate::core::model::Person],
    query: &str,
    loc: Locale,
) -> Result<Option<&'a crate::core::model::Person>, CoreError> {
    match people::find(people, query) {
        PersonMatch::One(p) => Ok(Some(p)),
        PersonMatch::Many(found) => Err(invalid(
            loc,
            ModerationMsg::Ambiguous {
                query: query.to_string(),
                names: people::name_list(&found, loc),
            },
        )),
        PersonMatch::None { .. } => Ok(None),
    }
}

pub(super) fn quote_add(
    store: &mut Store,
    actor: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let source = source_choice(store, case, cmd, loc)?;
    let people = store.people(case.id, false)?;
    let speaker_query = cmd.required("speaker");
    let speaker = resolve_person(&people, speaker_query, loc)?;
    // An unknown speaker is added as a new person only when the moderator
    // says who they are (role:), so a typo never creates a person.
    let new_person = match (speaker, cmd.get("role")) {
        (Some(_), _) => None,
        (None, Some(role)) => Some(NewPerson {
            key: unique_key(store, "people", case.id, speaker_query)?,
            name: speaker_query.to_string(),
            aliases: Vec::new(),
            role: role.to_string(),
            sources: Vec::new(),
        }),
        (None, None) => {
            let closest = match people::find(&people, speaker_query) {
                PersonMatch::None { closest } => {
                    closest.iter().map(|p| p.name.clone()).collect::<Vec<_>>()
                }
                _ => Vec::new(),
            };
            let hint = if closest.is_empty() {
                String::new()
            } else {
                UsageMsg::DidYouMean {
                    name: closest.join(&UsageMsg::Or.say(loc)),
                }
                .say(loc)
            };
            return Err(invalid(
                loc,
                ModerationMsg::UnknownSpeaker {
                    query: speaker_query.to_string(),
                    hint,
                },
            ));
        }
    };
    let relay = match cmd.get("relay") {
        Some(r) => Relay::parse(r).expect("validated by the parser"),
        None if cmd.get("relayed_by").is_some() => Relay::SecondHand,
        None => Relay::Direct,
    };
    let relayed_by = match cmd.get("relayed_by") {
        None => None,
        Some(q) => match resolve_person(&people, q, loc)? {
            Some(p) => Some(p.id),
            None => {
                return Err(invalid(
                    loc,
                    ModerationMsg::UnknownRelay {
                        query: q.to_string(),
                    },
                ))
            }
        },
    };
    let text = cmd.required("text");
    let role = cmd
        .get("role")
        .map(str::to_string)
        .or_else(|| speaker.map(|p| p.role.clone()))
        .unwrap_or_default();
    let key = unique_key(store, "quotes", case.id, &format!("{speaker_query} {text}"))?;
    let speaker_id = speaker.map(|p| p.id);
    let id = store.write(actor, |w| {
        let sid = source.id(w, case.id)?;
        let speaker_id = match (&new_person, speaker_id) {
            (Some(p), _) => w.insert_person(
                case.id,
                &NewPerson {
                    sources: vec![sid],
                    ..p.clone()
                },
            )?,
            (None, Some(id)) => id,
            (None, None) => unreachable!("an unknown speaker without role: was refused above"),
        };
        w.insert_quote(
            case.id,
            &NewQuote {
                key,
                speaker_id,
                role,
                text: text.to_string(),
                language: cmd.get("language").unwrap_or("en").to_string(),
                // Not yet a `/quote add` option: set through the data file.
                translated_from: None,
                said: cmd.date("said"),
                place: cmd.get("place").map(str::to_string),
                relay,
                relayed_by_id: relayed_by,
                context: cmd.get("context").map(str::to_string),
                sources: vec![sid],
            },
        )
    })?;
    let (_, quote) = store.quote(id)?.expect("just written");
    let people = store.people(case.id, false)?;
    let mut reply = confirmation(loc, ModerationMsg::QuoteAdded);
    push_quote(&mut reply, &quote, &people, loc);
    reply.note(ModerationMsg::QuoteSaved { id }.say(loc));
    Ok(reply)
}

fn person_keys(
    store: &Store,
    case: &CaseRow,
    list: Option<&str>,
    loc: Locale,
) -> Result<Vec<String>, CoreError> {
    let people = store.people(case.id, false)?;
    let mut keys = Vec::new();
    for name in list
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        match resolve_person(&people, name, loc)? {
            Some(p) => keys.push(p.key.clone()),
            None => {
                return Err(invalid(
                    loc,
                    ModerationMsg::UnknownLeader {
                        name: name.to_string(),
                    },
                ))
            }
        }
    }
    Ok(keys)
}

pub(super) fn action_add(
    store: &mut Store,
    actor: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let source = source_choice(store, case, cmd, loc)?;
    let led_by = person_keys(store, case, cmd.get("led_by"), loc)?;
    let co_led_by = person_keys(store, case, cmd.get("co_led_by"), loc)?;
    let name = cmd.required("name");
    let key = unique_key(store, "actions", case.id, name)?;
    let id = store.write(actor, |w| {
        let sid = source.id(w, case.id)?;
        let statuses = cmd
            .get("status")
            .map(|s| NewStatus {
                status: s.to_string(),
                date: cmd.date("date"),
                note: None,
                origin: None,
                sources: vec![sid],
            })
            .into_iter()
            .collect();
        w.insert_action(
            case.id,
            &NewAction {
                key,
                kind: cmd.required("kind").to_string(),
                title: name.to_string(),
                led_by,
                co_led_by,
                date: cmd.date("date"),
                reference: cmd.get("reference").map(str::to_string),
                summary: cmd.required("summary").to_string(),
                sources: vec![sid],
                statuses,
            },
        )
    })?;
    let (_, action) = store.action(id)?.expect("just written");
    let people = store.people(case.id, false)?;
    let mut reply = confirmation(loc, ModerationMsg::ActionAdded);
    push_action(&mut reply, &action, &people, loc);
    reply.note(ModerationMsg::ActionSaved { id }.say(loc));
    Ok(reply)
}

/// Reads an id that must carry its kind letter (`E12`), for writes: a
/// record of `case`, the case whose editor is writing.
pub(super) fn exact_id(ctx: &Ctx<'_>, case: &CaseRow, text: &str) -> Result<RecordId, CoreError> {
    let id = text.parse::<RecordId>().map_err(|_| {
        invalid(
            ctx.loc,
            ModerationMsg::NotFullId {
                text: text.to_string(),
            },
        )
    })?;
    match ctx.store.record_case(id) {
        Ok(case_id) if case_id == case.id => Ok(id),
        _ => Err(ctx.not_found(id)),
    }
}

pub(super) fn action_status(
    core: &Core,
    store: &mut Store,
    actor: &str,
    place: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let ctx = core.ctx(store, cmd, loc);
    let id = exact_id(&ctx, case, cmd.required("id"))?;
    if id.kind != RecordKind::Action {
        return Err(invalid(
            loc,
            ModerationMsg::NotAnAction {
                record: id.to_string(),
            },
        ));
    }
    let (_, before) = store.action(id.id)?.ok_or_else(|| ctx.not_found(id))?;
    if before.retracted.is_some() {
        return Err(invalid(
            loc,
            ModerationMsg::ActionRetracted {
                record: id.to_string(),
            },
        ));
    }
    if before.sources.is_empty() {
        return Err(CoreError::Invalid(
            RecordsMsg::Unsupported {
                record: id.to_string(),
            }
            .say(loc),
        ));
    }
    let source = source_choice(store, case, cmd, loc)?;
    let status = NewStatus {
        status: cmd.required("status").to_string(),
        date: cmd.date("date"),
        note: cmd.get("note").map(str::to_string),
        origin: None,
        sources: Vec::new(),
    };
    let reason = cmd.required("reason");
    let previous = before.current_status().map(|s| s.status.clone());
    store.write_at(actor, place, |w| {
        let sid = source.id(w, case.id)?;
        let status_id = w.insert_status(id.id, &NewStatus { sources: vec![sid], ..status })?;
        let change = serde_json::json!({ "status_id": status_id, "from": previous, "to": cmd.required("status") }).to_string();
        w.audit("status", "actions", Some(id.id), previous.as_ref().map(|p| serde_json::json!({ "status": p }).to_string()), Some(change), Some(reason))
    })?;
    let (_, action) = store.action(id.id)?.expect("exists");
    let people = store.people(case.id, false)?;
    let mut reply = confirmation(loc, ModerationMsg::StatusRecorded);
    push_action(&mut reply, &action, &people, loc);
    Ok(reply)
}

pub(super) fn source_add(
    store: &mut Store,
    actor: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let url = cmd.required("url");
    if let Some(existing) = store
        .sources(case.id, true)?
        .into_iter()
        .find(|s| s.url == url)
    {
        // A retracted source cannot be cited: saying "cite it" would send
        // the editor to a refusal.
        let record = existing.record_id().to_string();
        return Err(invalid(
            loc,
            match existing.retracted {
                Some(_) => ModerationMsg::AddressRetracted { record },
                None => ModerationMsg::AlreadySource { record },
            },
        ));
    }
    let SourceChoice::New(source) = source_choice(store, case, cmd, loc)? else {
        unreachable!("a new address always makes a new source")
    };
    let id = store.write(actor, |w| w.insert_source(case.id, &source))?;
    let (_, stored) = store.source(id)?.expect("just written");
    let mut reply = confirmation(loc, ModerationMsg::SourceAdded);
    push_source(&mut reply, &stored, None, loc);
    reply.note(ModerationMsg::CiteWith { id }.say(loc));
    Ok(reply)
}

pub(super) fn correct(
    core: &Core,
    store: &mut Store,
    actor: &str,
    place: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let ctx = core.ctx(store, cmd, loc);
    let id = exact_id(&ctx, case, cmd.required("id"))?;
    let text = cmd.required("text");
    let limit = match id.kind {
        RecordKind::Person | RecordKind::Source | RecordKind::Figure => 300,
        RecordKind::Event | RecordKind::Action => 1000,
        RecordKind::Quote => 1500,
    };
    if text.chars().count() > limit {
        return Err(invalid(
            loc,
            ModerationMsg::CorrectionTooLong {
                len: text.chars().count(),
                noun: id.kind.noun().to_string(),
                max: limit,
            },
        ));
    }
    // The new words need a source that says them, from the record's own
    // case (`case`: the id decides, see `moderation::case_of`).
    let source = source_choice(store, case, cmd, loc)?;
    // A source's title is checked against the source itself.
    if id.kind == RecordKind::Source {
        let other = match &source {
            SourceChoice::Existing(given) if *given == id.id => None,
            SourceChoice::Existing(given) => Some(format!("S{given}")),
            SourceChoice::New(_) => Some(cmd.get("url").unwrap_or_default().to_string()),
        };
        if let Some(given) = other {
            return Err(CoreError::Invalid(
                RecordsMsg::SourceCorrectsItself {
                    record: id.to_string(),
                    given,
                }
                .say(loc),
            ));
        }
    }
    let source_id = store.write_at(actor, place, |w| {
        let sid = source.id(w, case.id)?;
        w.correct(id.kind, id.id, text, cmd.required("reason"), sid)?;
        Ok(sid)
    })?;
    let mut reply = Reply::new(
        ReplyKind::Confirmation,
        RecordsMsg::CorrectionSaved.say(loc),
    );
    reply.note(
        RecordsMsg::CorrectionNote {
            record: id.to_string(),
            source: format!("S{source_id}"),
        }
        .say(loc),
    );
    let ctx = core.ctx(store, cmd, loc);
    let cite = crate::core::command::parse(&format!("/cite id:{id}")).expect("a valid command");
    let shown = ctx.cite(&cite)?;
    reply.sources = shown.sources;
    reply.blocks.extend(shown.blocks);
    Ok(reply)
}

pub(super) fn retract(
    core: &Core,
    store: &mut Store,
    actor: &str,
    place: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let ctx = core.ctx(store, cmd, loc);
    let id = exact_id(&ctx, case, cmd.required("id"))?;
    store.write_at(actor, place, |w| {
        w.retract(id.kind, id.id, cmd.required("reason"))
    })?;
    let mut reply = Reply::new(ReplyKind::Confirmation, RecordsMsg::Retracted.say(loc));
    reply.note(
        RecordsMsg::RetractedNote {
            record: id.to_string(),
        }
        .say(loc),
    );
    if id.kind == RecordKind::Source {
        // What the retraction did to the records that cited it: a record
        // left with no live source is hidden, the others lose this one.
        let mut hidden = 0;
        let mut kept = 0;
        for (table, record_id) in store.records_citing(id.id)? {
            let live = store.supporting(&table, &[record_id])?;
            match live.contains_key(&record_id) {
                true => kept += 1,
                false => hidden += 1,
            }
        }
        if hidden + kept > 0 {
            reply.note(
                RecordsMsg::RetractedSourceCiters {
                    record: id.to_string(),
                    hidden,
                    kept,
                }
                .say(loc),
            );
        }
    }
    Ok(reply)
}
