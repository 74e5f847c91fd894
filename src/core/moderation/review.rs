//! `/review`: the queue of members' suggestions, approved into cited
//! timeline events or rejected with a reason (and kept either way).

use crate::core::answers::push_event;
use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::reply::{Reply, ReplyKind};
use crate::core::CoreError;
use crate::store::{CaseRow, NewEvent, NewSource, Store};

use super::{confirmation, invalid, unique_key, Answer, SourceChoice};

pub(super) fn review(
    store: &mut Store,
    actor: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let Some(id) = cmd.get("id").and_then(|i| i.parse::<i64>().ok()) else {
        if cmd.get("decision").is_some() {
            return Err(invalid(
                loc,
                "Say which suggestion: /review id:N decision:approve.".into(),
                "Indica qué propuesta: /review id:N decision:approve.".into(),
            ));
        }
        let pending = store.suggestions(case.id, true)?;
        if pending.is_empty() {
            let mut reply = Reply::new(ReplyKind::Empty, loc.pick("Suggestions", "Propuestas"));
            reply.ephemeral = true;
            reply.note(loc.pick(
                "No suggestions are waiting.",
                "No hay propuestas pendientes.",
            ));
            return Ok(reply);
        }
        let mut reply = Reply::new(
            ReplyKind::Answer,
            loc.pick(
                "Suggestions waiting for review",
                "Propuestas pendientes de revisión",
            ),
        );
        reply.ephemeral = true;
        reply.note(loc.pick(
            "Unverified proposals from members, not part of the record until approved:",
            "Propuestas sin verificar de miembros; no forman parte del registro hasta que se aprueben:",
        ));
        for s in &pending {
            reply.note(describe_suggestion(store, s, loc)?);
        }
        reply.note(loc.pick(
            "Decide with /review id:N decision:approve, or decision:reject reason:\"…\".",
            "Decide con /review id:N decision:approve, o decision:reject reason:\"…\".",
        ));
        return Ok(reply);
    };
    let suggestion = match store.suggestion(id)? {
        Some(s) if s.case_id == case.id => s,
        _ => {
            return Err(invalid(
                loc,
                format!("There is no suggestion #{id}; /review lists those waiting."),
                format!("No existe la propuesta #{id}; /review muestra las pendientes."),
            ))
        }
    };
    if suggestion.state != "pending" {
        return Err(invalid(
            loc,
            format!(
                "Suggestion #{id} was already {} by {}; nothing was changed.",
                suggestion.state,
                suggestion.reviewed_by.clone().unwrap_or_default()
            ),
            format!(
                "La propuesta #{id} ya fue {} por {}; no se cambió nada.",
                if suggestion.state == "approved" {
                    "aprobada"
                } else {
                    "rechazada"
                },
                suggestion.reviewed_by.clone().unwrap_or_default()
            ),
        ));
    }
    match cmd.get("decision") {
        None => {
            let mut reply = Reply::new(ReplyKind::Answer, format!("#{id}"));
            reply.ephemeral = true;
            reply.note(describe_suggestion(store, &suggestion, loc)?);
            reply.note(loc.pick(
                format!("Approve with /review id:{id} decision:approve."),
                format!("Apruébala con /review id:{id} decision:approve."),
            ));
            Ok(reply)
        }
        Some("reject") => {
            let Some(reason) = cmd.get("reason") else {
                return Err(invalid(loc, "Rejecting needs reason:, so the member knows why. Nothing was changed.".into(), "Rechazar necesita reason:, para que el miembro sepa por qué. No se cambió nada.".into()));
            };
            store.write(actor, |w| {
                w.decide_suggestion(id, false, Some(reason), None)
            })?;
            let mut reply = confirmation(loc, "Suggestion rejected", "Propuesta rechazada");
            reply.note(loc.pick(
                format!("#{id} is kept with your reason."),
                format!("#{id} se conserva con tu motivo."),
            ));
            Ok(reply)
        }
        Some(_) => {
            let source = match (suggestion.source_id, &suggestion.new_source) {
                (Some(sid), _) => match store.source(sid)? {
                    Some((_, s)) if s.retracted.is_none() => SourceChoice::Existing(sid),
                    _ => {
                        return Err(invalid(
                            loc,
                            format!("The source of #{id} was retracted; reject it instead."),
                            format!("La fuente de #{id} fue retirada; recházala."),
                        ))
                    }
                },
                (None, Some(json)) => {
                    let v: serde_json::Value =
                        serde_json::from_str(json).map_err(crate::store::StoreError::from)?;
                    let url = v["url"].as_str().unwrap_or_default().to_string();
                    match store
                        .sources(case.id, true)?
                        .into_iter()
                        .find(|s| s.url == url && s.retracted.is_none())
                    {
                        Some(existing) => SourceChoice::Existing(existing.id),
                        None => SourceChoice::New(NewSource {
                            key: unique_key(
                                store,
                                "sources",
                                case.id,
                                v["key"].as_str().unwrap_or("source"),
                            )?,
                            publication: v["publication"].as_str().unwrap_or_default().to_string(),
                            title: v["title"].as_str().unwrap_or_default().to_string(),
                            author: v["author"].as_str().map(str::to_string),
                            published: v["published"]
                                .as_str()
                                .unwrap_or_default()
                                .parse()
                                .map_err(|e: crate::core::date::DateError| {
                                    CoreError::Invalid(e.to_string())
                                })?,
                            url,
                            url_exact: true,
                            archive_url: None,
                            note: None,
                        }),
                    }
                }
                (None, None) => unreachable!("the schema requires a source"),
            };
            let date = suggestion
                .date
                .parse()
                .map_err(|e: crate::core::date::DateError| CoreError::Invalid(e.to_string()))?;
            let key = unique_key(
                store,
                "events",
                case.id,
                &format!("{} {}", suggestion.date, suggestion.text),
            )?;
            let event_id = store.write(actor, |w| {
                let sid = source.id(w, case.id)?;
                let event_id = w.insert_event(
                    case.id,
                    &NewEvent {
                        key,
                        date,
                        text: suggestion.text.clone(),
                        tags: suggestion.tags.clone(),
                        people: Vec::new(),
                        sources: vec![sid],
                    },
                )?;
                w.decide_suggestion(id, true, cmd.get("reason"), Some(event_id))?;
                Ok(event_id)
            })?;
            let (_, entry) = store.event(event_id)?.expect("just written");
            let mut reply = confirmation(loc, "Suggestion approved", "Propuesta aprobada");
            push_event(&mut reply, &entry);
            reply.note(loc.pick(
                format!("#{id} is now E{event_id} on the timeline."),
                format!("#{id} es ahora E{event_id} en la cronología."),
            ));
            Ok(reply)
        }
    }
}

fn describe_suggestion(
    store: &Store,
    s: &crate::store::SuggestionRow,
    loc: Locale,
) -> Result<String, CoreError> {
    let source = match (s.source_id, &s.new_source) {
        (Some(id), _) => match store.source(id)? {
            Some((_, src)) => format!(
                "{} ({}: “{}”, {})",
                src.record_id(),
                src.publication,
                src.title,
                src.url
            ),
            None => format!("S{id}"),
        },
        (None, Some(json)) => {
            let v: serde_json::Value =
                serde_json::from_str(json).map_err(crate::store::StoreError::from)?;
            loc.pick(
                format!(
                    "new source: {}: “{}”, {}, {}",
                    v["publication"].as_str().unwrap_or(""),
                    v["title"].as_str().unwrap_or(""),
                    v["published"].as_str().unwrap_or(""),
                    v["url"].as_str().unwrap_or("")
                ),
                format!(
                    "fuente nueva: {}: «{}», {}, {}",
                    v["publication"].as_str().unwrap_or(""),
                    v["title"].as_str().unwrap_or(""),
                    v["published"].as_str().unwrap_or(""),
                    v["url"].as_str().unwrap_or("")
                ),
            )
        }
        (None, None) => String::new(),
    };
    Ok(loc.pick(
        format!(
            "#{} from {} ({}): [{}] {} — {}",
            s.id, s.suggested_by, s.suggested_at, s.date, s.text, source
        ),
        format!(
            "#{} de {} ({}): [{}] {} — {}",
            s.id, s.suggested_by, s.suggested_at, s.date, s.text, source
        ),
    ))
}
