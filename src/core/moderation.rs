//! Writes: moderators add, correct and retract sourced records; members
//! suggest updates that moderators review. Every write names a source,
//! lands in the audit log, and is checked in full before anything is
//! stored, so a refused write changes nothing.

use crate::core::answers::{push_action, push_event, push_quote, push_source};
use crate::core::command::{is_key, ParsedCommand};
use crate::core::i18n::Locale;
use crate::core::model::{RecordId, RecordKind, Relay};
use crate::core::people::{self, fold, PersonMatch};
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{Core, CoreError, Ctx, Invocation};
use crate::store::{
    CaseRow, NewAction, NewEvent, NewPerson, NewQuote, NewSource, NewStatus, Store, Writer,
};

type Answer = Result<Reply, CoreError>;

/// Where a write's citation comes from.
enum SourceChoice {
    Existing(i64),
    New(NewSource),
}

impl SourceChoice {
    fn id(&self, w: &mut Writer<'_>, case_id: i64) -> crate::store::Result<i64> {
        match self {
            SourceChoice::Existing(id) => Ok(*id),
            SourceChoice::New(source) => w.insert_source(case_id, source),
        }
    }
}

pub fn run(core: &mut Core, inv: &Invocation, cmd: &ParsedCommand) -> Answer {
    let loc = inv.locale;
    let ctx = Ctx {
        store: &core.store,
        loc,
        requested_case: cmd.get("case"),
        default_case: &core.default_case,
        today: core.today(),
    };
    let case = ctx.case()?;
    let actor = inv.actor.id.clone();
    match cmd.spec.path {
        "suggest" => suggest(&mut core.store, &actor, &case, cmd, loc),
        "update add" => update_add(&mut core.store, &actor, &case, cmd, loc),
        "quote add" => quote_add(&mut core.store, &actor, &case, cmd, loc),
        "action add" => action_add(&mut core.store, &actor, &case, cmd, loc),
        "action status" => action_status(core, &actor, &case, cmd, loc),
        "source add" => source_add(&mut core.store, &actor, &case, cmd, loc),
        "correct" => correct(core, &actor, cmd, loc),
        "retract" => retract(core, &actor, cmd, loc),
        "review" => review(&mut core.store, &actor, &case, cmd, loc),
        other => Err(CoreError::Invalid(format!(
            "/{other} is not a command this version answers."
        ))),
    }
}

fn invalid(loc: Locale, en: String, es: String) -> CoreError {
    CoreError::Invalid(loc.pick(en, es))
}

/// Reads `source:` or the inline `url: title: publication: published:`.
fn source_choice(
    store: &Store,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Result<SourceChoice, CoreError> {
    let inline = ["url", "title", "publication", "published", "author"];
    let given_inline: Vec<&str> = inline
        .iter()
        .copied()
        .filter(|o| cmd.get(o).is_some())
        .collect();
    match (cmd.get("source"), given_inline.is_empty()) {
        (Some(_), false) => Err(invalid(
            loc,
            format!("Give either source: (an existing source) or a new one with url: title: publication: published:, not both (you gave source: and {}).", given_inline.join(", ")),
            format!("Da source: (una fuente existente) o una nueva con url: title: publication: published:, no ambas (diste source: y {}).", given_inline.join(", ")),
        )),
        (None, true) => Err(invalid(
            loc,
            "Every record needs a source: give source:ID (see /sources) or a new one with url: title: publication: published:. Nothing was saved.".into(),
            "Todo registro necesita una fuente: da source:ID (mira /sources) o una nueva con url: title: publication: published:. No se guardó nada.".into(),
        )),
        (Some(id), true) => {
            let id = match id.trim_start_matches(['S', 's']).parse::<i64>() {
                Ok(id) => id,
                Err(_) => return Err(invalid(loc, format!("source:{id} is not a source id; source ids look like S3 or 3."), format!("source:{id} no es un id de fuente; son como S3 o 3."))),
            };
            match store.source(id)? {
                Some((case_id, s)) if case_id == case.id && s.retracted.is_none() => Ok(SourceChoice::Existing(id)),
                Some((case_id, _)) if case_id == case.id => Err(invalid(
                    loc,
                    format!("Source S{id} was retracted and cannot be cited. Nothing was saved."),
                    format!("La fuente S{id} fue retirada y no se puede citar. No se guardó nada."),
                )),
                _ => Err(invalid(
                    loc,
                    format!("There is no source S{id} in this case; /sources lists them. Nothing was saved."),
                    format!("No existe la fuente S{id} en este caso; /sources las muestra. No se guardó nada."),
                )),
            }
        }
        (None, false) => {
            let missing: Vec<&str> = ["url", "title", "publication", "published"].into_iter().filter(|o| cmd.get(o).is_none()).collect();
            if !missing.is_empty() {
                return Err(invalid(
                    loc,
                    format!("A new source also needs {}. Nothing was saved.", missing.iter().map(|m| format!("{m}:")).collect::<Vec<_>>().join(" and ")),
                    format!("Una fuente nueva también necesita {}. No se guardó nada.", missing.iter().map(|m| format!("{m}:")).collect::<Vec<_>>().join(" y ")),
                ));
            }
            let url = cmd.required("url");
            if let Some(existing) = store.sources(case.id, true)?.into_iter().find(|s| s.url == url) {
                if existing.retracted.is_some() {
                    return Err(invalid(
                        loc,
                        format!("That address is source {}, which was retracted. Nothing was saved.", existing.record_id()),
                        format!("Esa dirección es la fuente {}, que fue retirada. No se guardó nada.", existing.record_id()),
                    ));
                }
                return Ok(SourceChoice::Existing(existing.id));
            }
            let title = cmd.required("title");
            Ok(SourceChoice::New(NewSource {
                key: unique_key(store, "sources", case.id, &format!("{} {}", cmd.required("publication"), title))?,
                publication: cmd.required("publication").to_string(),
                title: title.to_string(),
                author: cmd.get("author").map(str::to_string),
                published: cmd.date("published").expect("validated by the parser"),
                url: url.to_string(),
                url_exact: true,
                archive_url: cmd.get("archive").map(str::to_string),
                note: None,
            }))
        }
    }
}

/// A key from text (`Rep. X introduced…` → `rep-x-introduced`), made unique.
fn unique_key(store: &Store, table: &str, case_id: i64, text: &str) -> Result<String, CoreError> {
    let folded = fold(text);
    let mut base: String = folded
        .split(' ')
        .filter(|w| w.chars().all(|c| c.is_ascii_alphanumeric()))
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    base.truncate(48);
    let base = base.trim_matches('-').to_string();
    let base = if base.is_empty() {
        table.trim_end_matches('s').to_string()
    } else {
        base
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while store.key_taken(table, case_id, &candidate)? {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

fn tags(cmd: &ParsedCommand, loc: Locale) -> Result<Vec<String>, CoreError> {
    let mut out = Vec::new();
    for tag in cmd
        .get("tags")
        .unwrap_or("")
        .split(',')
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
    {
        if !is_key(&tag) {
            return Err(invalid(
                loc,
                format!("The tag “{tag}” may only hold lowercase letters, digits and “-”; separate tags with commas."),
                format!("La etiqueta «{tag}» solo admite minúsculas, dígitos y «-»; separa las etiquetas con comas."),
            ));
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    Ok(out)
}

fn confirmation(loc: Locale, en: &str, es: &str) -> Reply {
    Reply::new(ReplyKind::Confirmation, loc.pick(en, es))
}

fn update_add(
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
    let mut reply = confirmation(loc, "Update added", "Novedad añadida");
    push_event(&mut reply, &entry);
    reply.note(loc.pick(
        format!("Saved as E{id} and logged. /cite E{id} shows it."),
        format!("Guardada como E{id} y registrada. /cite E{id} la muestra."),
    ));
    Ok(reply)
}

fn suggest(
    store: &mut Store,
    actor: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let source = source_choice(store, case, cmd, loc)?;
    let date = cmd.date("date").expect("validated by the parser");
    let tags = tags(cmd, loc)?;
    let (existing, new) = match &source {
        SourceChoice::Existing(id) => (Some(*id), None),
        SourceChoice::New(s) => (None, Some(s)),
    };
    let id = store.write(actor, |w| {
        w.insert_suggestion(case.id, &date, cmd.required("text"), &tags, existing, new)
    })?;
    let mut reply = confirmation(loc, "Suggestion received", "Propuesta recibida");
    reply.note(loc.pick(
        format!("Thank you. Suggestion #{id} is waiting for a moderator; it will not appear in answers until one approves it."),
        format!("Gracias. La propuesta #{id} espera a un moderador; no aparecerá en las respuestas hasta que la apruebe."),
    ));
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
            format!(
                "“{query}” matches {}; use the full name. Nothing was saved.",
                people::name_list(&found, loc)
            ),
            format!(
                "«{query}» coincide con {}; usa el nombre completo. No se guardó nada.",
                people::name_list(&found, loc)
            ),
        )),
        PersonMatch::None { .. } => Ok(None),
    }
}

fn quote_add(
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
                loc.pick(
                    format!(" Did you mean {}?", closest.join(" or ")),
                    format!(" ¿Quisiste decir {}?", closest.join(" o ")),
                )
            };
            return Err(invalid(
                loc,
                format!("Nobody on record is called “{speaker_query}”.{hint} To add a new speaker, also give role: (who they are). Nothing was saved."),
                format!("No hay nadie registrado con el nombre «{speaker_query}».{hint} Para añadir a alguien nuevo, da también role: (quién es). No se guardó nada."),
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
                    format!("relayed_by: “{q}” is nobody on record; /person lists people. Nothing was saved."),
                    format!("relayed_by: «{q}» no es nadie registrado. No se guardó nada."),
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
    let mut reply = confirmation(loc, "Quote added", "Cita añadida");
    push_quote(&mut reply, &quote, &people, loc);
    reply.note(loc.pick(
        format!("Saved as Q{id} and logged."),
        format!("Guardada como Q{id} y registrada."),
    ));
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
                    format!("“{name}” is nobody on record. Add them first with a sourced quote (/quote add … role:) or check /person. Nothing was saved."),
                    format!("«{name}» no es nadie registrado. Añádelo antes con una cita con fuente (/quote add … role:) o revisa /person. No se guardó nada."),
                ))
            }
        }
    }
    Ok(keys)
}

fn action_add(
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
    let mut reply = confirmation(loc, "Action added", "Acción añadida");
    push_action(&mut reply, &action, &people, loc);
    reply.note(loc.pick(
        format!("Saved as A{id} and logged."),
        format!("Guardada como A{id} y registrada."),
    ));
    Ok(reply)
}

/// Reads an id that must carry its kind letter (`E12`), for writes.
fn exact_id(ctx: &Ctx<'_>, text: &str) -> Result<RecordId, CoreError> {
    let id = text.parse::<RecordId>().map_err(|_| {
        invalid(
            ctx.loc,
            format!("“{text}” is not a full record id; give it with its letter, such as E12, Q3, A2, F1, P4 or S5."),
            format!("«{text}» no es un id completo; dalo con su letra, como E12, Q3, A2, F1, P4 o S5."),
        )
    })?;
    ctx.store.record_case(id).map_err(|_| ctx.not_found(id))?;
    Ok(id)
}

fn action_status(
    core: &mut Core,
    actor: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let ctx = Ctx {
        store: &core.store,
        loc,
        requested_case: None,
        default_case: &core.default_case,
        today: core.today(),
    };
    let id = exact_id(&ctx, cmd.required("id"))?;
    if id.kind != RecordKind::Action {
        return Err(invalid(
            loc,
            format!("{id} is not an action; action ids start with A (see /actions)."),
            format!("{id} no es una acción; sus ids empiezan por A (mira /actions)."),
        ));
    }
    let (_, before) = core.store.action(id.id)?.ok_or_else(|| ctx.not_found(id))?;
    if before.retracted.is_some() {
        return Err(invalid(
            loc,
            format!("{id} was retracted; its status cannot change."),
            format!("{id} fue retirada; su estado no puede cambiar."),
        ));
    }
    let source = source_choice(&core.store, case, cmd, loc)?;
    let status = NewStatus {
        status: cmd.required("status").to_string(),
        date: cmd.date("date"),
        note: cmd.get("note").map(str::to_string),
        sources: Vec::new(),
    };
    let reason = cmd.required("reason");
    let previous = before.current_status().map(|s| s.status.clone());
    core.store.write(actor, |w| {
        let sid = source.id(w, case.id)?;
        let status_id = w.insert_status(id.id, &NewStatus { sources: vec![sid], ..status })?;
        let change = serde_json::json!({ "status_id": status_id, "from": previous, "to": cmd.required("status") }).to_string();
        w.audit("status", "actions", Some(id.id), previous.as_ref().map(|p| serde_json::json!({ "status": p }).to_string()), Some(change), Some(reason))
    })?;
    let (_, action) = core.store.action(id.id)?.expect("exists");
    let people = core.store.people(case.id, false)?;
    let mut reply = confirmation(loc, "Status recorded", "Estado registrado");
    push_action(&mut reply, &action, &people, loc);
    Ok(reply)
}

fn source_add(
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
        return Err(invalid(
            loc,
            format!(
                "That address is already source {}; cite it with source:{}. Nothing was saved.",
                existing.record_id(),
                existing.record_id()
            ),
            format!(
                "Esa dirección ya es la fuente {}; cítala con source:{}. No se guardó nada.",
                existing.record_id(),
                existing.record_id()
            ),
        ));
    }
    let SourceChoice::New(source) = source_choice(store, case, cmd, loc)? else {
        unreachable!("a new address always makes a new source")
    };
    let id = store.write(actor, |w| w.insert_source(case.id, &source))?;
    let (_, stored) = store.source(id)?.expect("just written");
    let mut reply = confirmation(loc, "Source added", "Fuente añadida");
    push_source(&mut reply, &stored, None, loc);
    reply.note(loc.pick(
        format!("Cite it with source:S{id}."),
        format!("Cítala con source:S{id}."),
    ));
    Ok(reply)
}

fn correct(core: &mut Core, actor: &str, cmd: &ParsedCommand, loc: Locale) -> Answer {
    let ctx = Ctx {
        store: &core.store,
        loc,
        requested_case: None,
        default_case: &core.default_case,
        today: core.today(),
    };
    let id = exact_id(&ctx, cmd.required("id"))?;
    let text = cmd.required("text");
    let limit = match id.kind {
        RecordKind::Person | RecordKind::Source | RecordKind::Figure => 300,
        RecordKind::Event | RecordKind::Action => 1000,
        RecordKind::Quote => 1500,
    };
    if text.chars().count() > limit {
        return Err(invalid(
            loc,
            format!("The corrected text is {} characters; a {} takes at most {limit}. Nothing was saved.", text.chars().count(), id.kind.noun()),
            format!("El texto corregido tiene {} caracteres; el máximo es {limit}. No se guardó nada.", text.chars().count()),
        ));
    }
    core.store.write(actor, |w| {
        w.correct(id.kind, id.id, text, cmd.required("reason"))
    })?;
    let mut reply = confirmation(loc, "Correction saved", "Corrección guardada");
    reply.note(loc.pick(
        format!("{id} now reads as below. The previous text and your reason are in the audit log."),
        format!("{id} queda así. El texto anterior y el motivo están en el registro de auditoría."),
    ));
    let ctx = Ctx {
        store: &core.store,
        loc,
        requested_case: None,
        default_case: &core.default_case,
        today: core.today(),
    };
    let cite = crate::core::command::parse(&format!("/cite id:{id}")).expect("a valid command");
    let shown = ctx.cite(&cite)?;
    reply.sources = shown.sources;
    reply.blocks.extend(shown.blocks);
    Ok(reply)
}

fn retract(core: &mut Core, actor: &str, cmd: &ParsedCommand, loc: Locale) -> Answer {
    let ctx = Ctx {
        store: &core.store,
        loc,
        requested_case: None,
        default_case: &core.default_case,
        today: core.today(),
    };
    let id = exact_id(&ctx, cmd.required("id"))?;
    let live_citers = if id.kind == RecordKind::Source {
        core.store.records_citing(id.id)?.len()
    } else {
        0
    };
    core.store
        .write(actor, |w| w.retract(id.kind, id.id, cmd.required("reason")))?;
    let mut reply = confirmation(loc, "Retracted", "Retirado");
    reply.note(loc.pick(
        format!("{id} is hidden from answers and kept on file; /cite {id} still shows it, marked retracted."),
        format!("{id} queda oculto en las respuestas y se conserva; /cite {id} lo sigue mostrando como retirado."),
    ));
    if live_citers > 0 {
        reply.note(loc.pick(
            format!("{live_citers} record(s) cite this source; they now list it as retracted. Review them with /sources {id}."),
            format!("{live_citers} registro(s) citan esta fuente; ahora la muestran como retirada. Revísalos con /sources {id}."),
        ));
    }
    Ok(reply)
}

fn review(
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
