//! The community commands: `/case`, `/timeline`, `/quote`, `/actions`,
//! `/person`, `/search`, `/sources`, `/cite`. Each reads the store and
//! builds a reply whose every statement is cited.

use chrono::NaiveDate;

use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::model::{CongressionalAction, RecordKind, TimelineEntry};
use crate::core::people::{self, PersonMatch};
use crate::core::reply::{Paging, Reply, ReplyKind, Span};
use crate::core::{CoreError, Ctx};
use crate::store::{CaseRow, TimelineFilter};

pub const TIMELINE_PAGE: u64 = 10;
pub const QUOTE_PAGE: u64 = 5;
pub const SEARCH_PAGE: u64 = 8;
pub const SOURCES_PAGE: u64 = 10;

type Answer = Result<Reply, CoreError>;

mod facts;
mod history;
mod records;

pub use facts::{push_action, push_event, push_figures, push_person, push_quote, push_source};

/// Page arithmetic shared by every paged command; refuses a page past the end.
pub(crate) fn paging(
    page: u32,
    total: u64,
    per_page: u64,
    loc: Locale,
) -> Result<(u64, Option<Paging>), CoreError> {
    let pages = total.div_ceil(per_page).max(1) as u32;
    if page > pages {
        return Err(CoreError::Invalid(loc.pick(
            format!("There are only {pages} page(s); ask for page 1 to {pages}."),
            format!("Solo hay {pages} página(s); pide una de la 1 a la {pages}."),
        )));
    }
    let offset = u64::from(page - 1) * per_page;
    Ok((offset, (pages > 1).then_some(Paging { page, pages, total })))
}

impl Ctx<'_> {
    pub fn case_card(&self) -> Answer {
        let loc = self.loc;
        let case = self.case()?;
        let store = self.store;
        let mut reply = Reply::new(ReplyKind::Answer, &case.title);
        let summary_sources = store
            .supporting("case_summary", &[case.id])?
            .remove(&case.id)
            .unwrap_or_default();
        let status_sources = store
            .supporting("case_status", &[case.id])?
            .remove(&case.id)
            .unwrap_or_default();
        history::push_supported(
            &mut reply,
            vec![Span::plain(&case.summary)],
            &summary_sources,
            loc,
        );
        reply.heading(loc.pick("Where things stand", "En qué punto está"));
        history::push_supported(
            &mut reply,
            vec![Span::plain(&case.status)],
            &status_sources,
            loc,
        );

        reply.heading(loc.pick("Key dates", "Fechas clave"));
        let from = match &case.detained_from_key {
            Some(k) => store
                .event_by_key(case.id, k)?
                .filter(|e| e.retracted.is_none() && !e.sources.is_empty()),
            None => None,
        };
        let until = match &case.detained_until_key {
            Some(k) => store
                .event_by_key(case.id, k)?
                .filter(|e| e.retracted.is_none() && !e.sources.is_empty()),
            None => None,
        };
        for e in [&from, &until].into_iter().flatten() {
            push_event(&mut reply, e);
        }
        if let Some(from) = &from {
            push_days_detained(&mut reply, from, until.as_ref(), self.today, loc);
        }
        if let Some(latest) = store.latest_event(case.id)? {
            reply.heading(loc.pick("Latest update", "Última novedad"));
            push_event(&mut reply, &latest);
        }
        let figures = store.figures(case.id, false)?;
        if !figures.is_empty() {
            reply.heading(loc.pick("Figures", "Cifras"));
            push_figures(&mut reply, &figures, loc);
        }
        let counts = store.counts(case.id)?;
        let count = |k: RecordKind| {
            counts
                .iter()
                .find(|(kind, _)| *kind == k)
                .map(|(_, n)| *n)
                .unwrap_or(0)
        };
        reply.note(loc.pick(
            format!(
                "On record: {} events, {} quotes, {} congressional actions, {} sources. Try /timeline, /quote, /actions.",
                count(RecordKind::Event),
                count(RecordKind::Quote),
                count(RecordKind::Action),
                count(RecordKind::Source)
            ),
            format!(
                "Registrados: {} hechos, {} citas, {} acciones del Congreso, {} fuentes. Prueba /timeline, /quote, /actions.",
                count(RecordKind::Event),
                count(RecordKind::Quote),
                count(RecordKind::Action),
                count(RecordKind::Source)
            ),
        ));
        Ok(reply)
    }

    pub fn timeline(&self, cmd: &ParsedCommand) -> Answer {
        let loc = self.loc;
        let case = self.case()?;
        let filter = TimelineFilter {
            from: cmd.date("from"),
            to: cmd.date("to"),
            tag: cmd.get("tag").map(|t| t.to_lowercase()),
            include_retracted: false,
        };
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if from.first_day() > to.last_day() {
                return Err(CoreError::Invalid(loc.pick(
                    format!("from:{from} is after to:{to}; swap them."),
                    format!("from:{from} es posterior a to:{to}; inviértelas."),
                )));
            }
        }
        // One query for the page and the total; the page number is checked
        // against the total afterwards.
        let offset = u64::from(cmd.page() - 1) * TIMELINE_PAGE;
        let (entries, total) = self
            .store
            .timeline(case.id, &filter, offset, TIMELINE_PAGE)?;
        if total == 0 {
            let mut reply = Reply::new(ReplyKind::Empty, loc.pick("Timeline", "Cronología"));
            let tags = self.store.tags(case.id)?;
            let hint = match &filter.tag {
                Some(tag) if !tags.iter().any(|(t, _)| t == tag) => loc.pick(
                    format!(
                        " There is no tag “{tag}”; tags in use: {}.",
                        tags.iter()
                            .map(|(t, _)| t.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    format!(
                        " No existe la etiqueta «{tag}»; etiquetas en uso: {}.",
                        tags.iter()
                            .map(|(t, _)| t.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
                _ => String::new(),
            };
            reply.note(loc.pick(
                format!("No timeline entries match these filters.{hint} Try /timeline without options."),
                format!("Ninguna entrada de la cronología coincide con estos filtros.{hint} Prueba /timeline sin opciones."),
            ));
            return Ok(reply);
        }
        let (_, page) = paging(cmd.page(), total, TIMELINE_PAGE, loc)?;
        let mut reply = Reply::new(
            ReplyKind::Answer,
            loc.pick(
                format!("Timeline — {}", case.title),
                format!("Cronología — {}", case.title),
            ),
        );
        reply.paging = page;
        for e in &entries {
            push_event(&mut reply, e);
        }
        Ok(reply)
    }

    pub fn quotes(&self, cmd: &ParsedCommand) -> Answer {
        let loc = self.loc;
        let case = self.case()?;
        let people = self.store.people(case.id, false)?;
        let mut notes = Vec::new();
        let speakers: Option<Vec<i64>> = match cmd.get("speaker") {
            None => None,
            Some(query) => match people::find(&people, query) {
                PersonMatch::One(p) => Some(vec![p.id]),
                PersonMatch::Many(found) => {
                    notes.push(loc.pick(
                        format!(
                            "“{query}” matches {}; showing quotes from each.",
                            people::name_list(&found, loc)
                        ),
                        format!(
                            "«{query}» coincide con {}; se muestran citas de cada una.",
                            people::name_list(&found, loc)
                        ),
                    ));
                    Some(found.iter().map(|p| p.id).collect())
                }
                PersonMatch::None { closest } => return Err(self.unknown_person(query, &closest)),
            },
        };
        let only = match cmd.get("text") {
            Some(text) => Some(self.store.quote_ids_matching(case.id, text)?),
            None => None,
        };
        let offset = u64::from(cmd.page() - 1) * QUOTE_PAGE;
        let (quotes, total) = self.store.quotes(
            case.id,
            speakers.as_deref(),
            only.as_deref(),
            false,
            offset,
            QUOTE_PAGE,
        )?;
        if total == 0 {
            let mut reply = Reply::new(ReplyKind::Empty, loc.pick("Quotes", "Citas"));
            reply.note(loc.pick(
                "No quotes on record match that. Try /quote with only a speaker, or /search.",
                "No hay citas registradas que coincidan. Prueba /quote solo con una persona, o /search.",
            ));
            return Ok(reply);
        }
        let (_, page) = paging(cmd.page(), total, QUOTE_PAGE, loc)?;
        let mut reply = Reply::new(ReplyKind::Answer, loc.pick("Quotes", "Citas"));
        reply.paging = page;
        for n in notes {
            reply.note(n);
        }
        for q in &quotes {
            push_quote(&mut reply, q, &people, loc);
        }
        Ok(reply)
    }

    pub fn actions(&self, cmd: &ParsedCommand) -> Answer {
        let loc = self.loc;
        let case = self.case()?;
        let people = self.store.people(case.id, false)?;
        let actions: Vec<CongressionalAction> = self
            .store
            .actions(case.id, false)?
            .into_iter()
            .filter(|a| {
                cmd.get("status")
                    .is_none_or(|s| a.current_status().map(|c| c.status.as_str()) == Some(s))
            })
            .collect();
        if actions.is_empty() {
            let mut reply = Reply::new(
                ReplyKind::Empty,
                loc.pick("Congressional actions", "Acciones del Congreso"),
            );
            reply.note(loc.pick(
                "No congressional actions on record match that.",
                "No hay acciones del Congreso registradas que coincidan.",
            ));
            return Ok(reply);
        }
        let mut reply = Reply::new(
            ReplyKind::Answer,
            loc.pick("Congressional actions", "Acciones del Congreso"),
        );
        for a in &actions {
            push_action(&mut reply, a, &people, loc);
        }
        Ok(reply)
    }

    pub fn person(&self, cmd: &ParsedCommand) -> Answer {
        let loc = self.loc;
        let case = self.case()?;
        let people = self.store.people(case.id, false)?;
        let query = cmd.required("name");
        let person = match people::find(&people, query) {
            PersonMatch::One(p) => p,
            PersonMatch::Many(found) => {
                let mut reply = Reply::new(
                    ReplyKind::Answer,
                    loc.pick("Several people match", "Varias personas coinciden"),
                );
                reply.note(loc.pick(
                    format!(
                        "“{query}” matches {} people; ask for one by full name.",
                        found.len()
                    ),
                    format!(
                        "«{query}» coincide con {} personas; pide una por su nombre completo.",
                        found.len()
                    ),
                ));
                for p in found {
                    push_person(&mut reply, p);
                }
                return Ok(reply);
            }
            PersonMatch::None { closest } => return Err(self.unknown_person(query, &closest)),
        };
        let mut reply = Reply::new(ReplyKind::Answer, &person.name);
        push_person(&mut reply, person);
        let actions: Vec<CongressionalAction> = self
            .store
            .actions(case.id, false)?
            .into_iter()
            .filter(|a| a.led_by.contains(&person.key) || a.co_led_by.contains(&person.key))
            .collect();
        if !actions.is_empty() {
            reply.heading(loc.pick("Actions", "Acciones"));
            for a in &actions {
                push_action(&mut reply, a, &people, loc);
            }
        }
        let (quotes, total) =
            self.store
                .quotes(case.id, Some(&[person.id]), None, false, 0, QUOTE_PAGE)?;
        if !quotes.is_empty() {
            reply.heading(loc.pick("Quotes", "Citas"));
            for q in &quotes {
                push_quote(&mut reply, q, &people, loc);
            }
            if total > QUOTE_PAGE {
                reply.note(loc.pick(
                    format!(
                        "{} more: /quote speaker:\"{}\" page:2",
                        total - QUOTE_PAGE,
                        person.name
                    ),
                    format!(
                        "{} más: /quote speaker:\"{}\" page:2",
                        total - QUOTE_PAGE,
                        person.name
                    ),
                ));
            }
        }
        Ok(reply)
    }
}

/// "Days detained", computed from the two stored dates and cited to both
/// events' sources. Imprecise dates give a range, never an invented day.
fn push_days_detained(
    reply: &mut Reply,
    from: &TimelineEntry,
    until: Option<&TimelineEntry>,
    today: NaiveDate,
    loc: Locale,
) {
    let mut sources = from.sources.clone();
    let (end_first, end_last, ongoing) = match until {
        Some(u) => {
            sources.extend(u.sources.iter().cloned());
            (u.date.first_day(), u.date.last_day(), false)
        }
        None => (today, today, true),
    };
    let shortest = (end_first - from.date.last_day()).num_days().max(0);
    let longest = (end_last - from.date.first_day()).num_days().max(0);
    let days = if shortest == longest {
        shortest.to_string()
    } else {
        loc.pick(
            format!("between {shortest} and {longest}"),
            format!("entre {shortest} y {longest}"),
        )
    };
    let text = match (ongoing, until) {
        (false, Some(u)) => loc.pick(
            format!(
                "Days detained: {days} (from {} to {}, counted from the dates above).",
                from.date, u.date
            ),
            format!(
                "Días detenido: {days} (del {} al {}, contados a partir de las fechas anteriores).",
                from.date, u.date
            ),
        ),
        _ => loc.pick(
            format!("Days detained so far: {days} (since {}).", from.date),
            format!("Días detenido hasta hoy: {days} (desde {}).", from.date),
        ),
    };
    reply.fact(None, None, vec![Span::strong(text)], &sources);
}

/// The case a command is about.
pub fn resolve_case(
    store: &crate::store::Store,
    requested: Option<&str>,
    default: &str,
    loc: Locale,
) -> Result<CaseRow, CoreError> {
    let key = requested.unwrap_or(default);
    match store.case_by_key(key)? {
        Some(case) => Ok(case),
        None => {
            let known: Vec<String> = store.cases()?.into_iter().map(|c| c.key).collect();
            Err(CoreError::Invalid(if known.is_empty() {
                loc.pick(
                    "No case is on record yet. An operator can load one with `casewatch import data/`.".to_string(),
                    "Aún no hay ningún caso registrado. Un operador puede cargarlo con `casewatch import data/`.".to_string(),
                )
            } else {
                loc.pick(
                    format!(
                        "There is no case “{key}”. Cases on record: {}.",
                        known.join(", ")
                    ),
                    format!(
                        "No existe el caso «{key}». Casos registrados: {}.",
                        known.join(", ")
                    ),
                )
            }))
        }
    }
}
