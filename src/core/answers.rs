//! The community commands: `/case`, `/timeline`, `/quote`, `/actions`,
//! `/person`, `/search`, `/sources`, `/cite`. Each reads the store and
//! builds a reply whose every statement is cited.

use chrono::NaiveDate;

use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::model::{
    CongressionalAction, Figure, Person, Quote, RecordId, RecordKind, Relay, Source, TimelineEntry,
};
use crate::core::people::{self, PersonMatch};
use crate::core::reply::{Paging, Reply, ReplyKind, Span};
use crate::core::{CoreError, Ctx};
use crate::store::{CaseRow, TimelineFilter};

pub const TIMELINE_PAGE: u64 = 10;
pub const QUOTE_PAGE: u64 = 5;
pub const SEARCH_PAGE: u64 = 8;
pub const SOURCES_PAGE: u64 = 10;

type Answer = Result<Reply, CoreError>;

/// `E12`, `Q3`…
fn rid(kind: RecordKind, id: i64) -> Option<String> {
    Some(RecordId { kind, id }.to_string())
}

/// Page arithmetic shared by every paged command; refuses a page past the end.
fn paging(
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

/// Adds one timeline entry as a cited fact.
pub fn push_event(reply: &mut Reply, e: &TimelineEntry) {
    reply.fact(
        Some(e.date.to_string()),
        rid(RecordKind::Event, e.id),
        vec![Span::plain(&e.text)],
        &e.sources,
    );
}

/// Adds one quote as a cited fact: the words, who, role, where, and
/// whether the source heard them itself.
pub fn push_quote(reply: &mut Reply, q: &Quote, people: &[Person], loc: Locale) {
    let mut spans = vec![
        Span::quoted(&q.text),
        Span::plain(" — "),
        Span::strong(&q.speaker.name),
        Span::plain(format!(", {}", q.role)),
    ];
    if let Some(place) = &q.place {
        spans.push(Span::plain(format!(" ({place})")));
    }
    if q.relay == Relay::SecondHand {
        let by = q
            .relayed_by
            .as_ref()
            .and_then(|k| people.iter().find(|p| &p.key == k))
            .map(|p| p.name.as_str());
        spans.push(Span::emphasis(match by {
            Some(by) => loc.pick(
                format!(" [second-hand: as {by} reported hearing it]"),
                format!(" [de segunda mano: según lo que {by} contó haber oído]"),
            ),
            None => loc.pick(
                " [second-hand account]".to_string(),
                " [relato de segunda mano]".to_string(),
            ),
        }));
    }
    if q.relay == Relay::SecondHand {
        if let Some(context) = &q.context {
            spans.push(Span::emphasis(format!(" ({context})")));
        }
    }
    if q.language != loc.code() {
        spans.push(Span::emphasis(format!(" [{}]", q.language)));
    }
    reply.fact(
        q.said.map(|d| d.to_string()),
        rid(RecordKind::Quote, q.id),
        spans,
        &q.sources,
    );
}

fn names(keys: &[String], people: &[Person]) -> String {
    keys.iter()
        .map(|k| {
            people
                .iter()
                .find(|p| &p.key == k)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| k.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds an action and its current status, each cited.
pub fn push_action(reply: &mut Reply, a: &CongressionalAction, people: &[Person], loc: Locale) {
    let mut spans = vec![
        Span::strong(&a.title),
        Span::plain(format!(" ({}). ", a.kind)),
    ];
    if !a.led_by.is_empty() {
        spans.push(Span::plain(loc.pick(
            format!("Led by {}. ", names(&a.led_by, people)),
            format!("Encabezada por {}. ", names(&a.led_by, people)),
        )));
    }
    if !a.co_led_by.is_empty() {
        spans.push(Span::plain(loc.pick(
            format!("Co-led by {}. ", names(&a.co_led_by, people)),
            format!("Codirigida por {}. ", names(&a.co_led_by, people)),
        )));
    }
    if let Some(reference) = &a.reference {
        spans.push(Span::plain(format!("{reference}. ")));
    }
    spans.push(Span::plain(&a.summary));
    reply.fact(
        a.date.map(|d| d.to_string()),
        rid(RecordKind::Action, a.id),
        spans,
        &a.sources,
    );
    if let Some(status) = a.current_status() {
        let mut spans = vec![
            Span::plain(loc.pick("Status: ", "Estado: ")),
            Span::strong(&status.status),
        ];
        if let Some(note) = &status.note {
            spans.push(Span::plain(format!(" — {note}")));
        }
        reply.fact(
            status.date.map(|d| d.to_string()),
            None,
            spans,
            &status.sources,
        );
    }
}

/// Adds a person's role, cited.
pub fn push_person(reply: &mut Reply, p: &Person) {
    reply.fact(
        None,
        rid(RecordKind::Person, p.id),
        vec![Span::strong(&p.name), Span::plain(format!(" — {}", p.role))],
        &p.sources,
    );
}

/// Adds figures, grouping those that measure the same thing so that
/// disagreeing sources stand side by side.
pub fn push_figures(reply: &mut Reply, figures: &[Figure], loc: Locale) {
    let mut measures: Vec<&str> = Vec::new();
    for f in figures {
        if !measures.contains(&f.measure.as_str()) {
            measures.push(&f.measure);
        }
    }
    // Figures that stand alone first, then each group under its heading, so
    // a lone figure never sits under another group's heading.
    let size = |m: &str| figures.iter().filter(|f| f.measure == m).count();
    measures.sort_by_key(|m| size(m) > 1);
    for measure in measures {
        let group: Vec<&Figure> = figures.iter().filter(|f| f.measure == measure).collect();
        if group.len() > 1 {
            let distinct = group
                .iter()
                .map(|f| &f.value)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            reply.heading(if distinct > 1 {
                loc.pick(
                    format!("Sources differ: {}", measure.replace('-', " ")),
                    format!("Las fuentes difieren: {}", measure.replace('-', " ")),
                )
            } else {
                measure.replace('-', " ")
            });
        }
        for f in group {
            reply.fact(
                None,
                rid(RecordKind::Figure, f.id),
                vec![
                    Span::strong(&f.value),
                    Span::plain(format!(" — {} ", f.label)),
                    Span::plain("("),
                    Span::quoted(&f.stated_as),
                    Span::plain(")"),
                ],
                &f.sources,
            );
        }
    }
}

/// Adds a source as a fact that cites itself.
pub fn push_source(reply: &mut Reply, s: &Source, cited_by: Option<usize>, loc: Locale) {
    let mut spans = vec![
        Span::strong(&s.publication),
        Span::plain(": "),
        Span::quoted(&s.title),
        Span::plain(format!(", {}", s.published)),
    ];
    if let Some(author) = &s.author {
        spans.push(Span::plain(format!(", {author}")));
    }
    if let Some(n) = cited_by {
        spans.push(Span::plain(loc.pick(
            format!(" — cited by {n} record(s)"),
            format!(" — citada por {n} registro(s)"),
        )));
    }
    if let Some(r) = &s.retracted {
        spans.push(Span::emphasis(loc.pick(
            format!(" [retracted {}: {}]", r.at, r.reason),
            format!(" [retirada {}: {}]", r.at, r.reason),
        )));
    }
    reply.fact(
        Some(s.published.to_string()),
        Some(s.record_id()),
        spans,
        std::slice::from_ref(s),
    );
}

impl Ctx<'_> {
    pub fn case_card(&self) -> Answer {
        let loc = self.loc;
        let case = self.case()?;
        let store = self.store;
        let mut reply = Reply::new(ReplyKind::Answer, &case.title);
        let summary_sources = store
            .citations("case_summary", &[case.id])?
            .remove(&case.id)
            .unwrap_or_default();
        let status_sources = store
            .citations("case_status", &[case.id])?
            .remove(&case.id)
            .unwrap_or_default();
        reply.fact(
            None,
            None,
            vec![Span::plain(&case.summary)],
            &summary_sources,
        );
        reply.heading(loc.pick("Where things stand", "En qué punto está"));
        reply.fact(None, None, vec![Span::plain(&case.status)], &status_sources);

        reply.heading(loc.pick("Key dates", "Fechas clave"));
        let from = match &case.detained_from_key {
            Some(k) => store
                .event_by_key(case.id, k)?
                .filter(|e| e.retracted.is_none()),
            None => None,
        };
        let until = match &case.detained_until_key {
            Some(k) => store
                .event_by_key(case.id, k)?
                .filter(|e| e.retracted.is_none()),
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

    pub fn search(&self, cmd: &ParsedCommand) -> Answer {
        let loc = self.loc;
        let case = self.case()?;
        let query = cmd.required("query");
        if crate::store::search::fts_query(query).is_none() {
            return Err(CoreError::Invalid(loc.pick(
                format!("“{query}” has no words to search for; try /search crown tattoo."),
                format!("«{query}» no tiene palabras que buscar; prueba /search crown tattoo."),
            )));
        }
        let offset = u64::from(cmd.page() - 1) * SEARCH_PAGE;
        let (hits, total) = self.store.search(case.id, query, offset, SEARCH_PAGE)?;
        if total == 0 {
            let mut reply = Reply::new(ReplyKind::Empty, loc.pick("Search", "Búsqueda"));
            reply.note(loc.pick(
                format!("Nothing on record matches “{query}”. Every word must appear; try fewer words, or a word's start followed by * (tatt*)."),
                format!("Nada registrado coincide con «{query}». Deben aparecer todas las palabras; prueba con menos, o con el comienzo de una palabra y * (tatt*)."),
            ));
            return Ok(reply);
        }
        let (_, page) = paging(cmd.page(), total, SEARCH_PAGE, loc)?;
        let mut reply = Reply::new(
            ReplyKind::Answer,
            loc.pick(format!("Search: {query}"), format!("Búsqueda: {query}")),
        );
        reply.paging = page;
        for hit in hits {
            let sources = self.record_sources(RecordId {
                kind: hit.kind,
                id: hit.id,
            })?;
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
            .citations(record.kind.table(), &[record.id])?
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
            let mut reply = Reply::new(ReplyKind::Empty, loc.pick("Sources", "Fuentes"));
            reply.note(loc.pick(
                "No sources on record yet.",
                "Aún no hay fuentes registradas.",
            ));
            return Ok(reply);
        }
        let (offset, page) = paging(cmd.page(), total, SOURCES_PAGE, loc)?;
        let (sources, _) = self
            .store
            .source_page(case.id, true, offset, SOURCES_PAGE)?;
        let mut reply = Reply::new(
            ReplyKind::Answer,
            loc.pick(
                format!("Sources — {}", case.title),
                format!("Fuentes — {}", case.title),
            ),
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
        if let Some(note) = &source.note {
            reply.note(note.clone());
        }
        let citing = self.store.records_citing(id)?;
        if !citing.is_empty() {
            reply.heading(loc.pick(
                format!("Cited by {} record(s)", citing.len()),
                format!("Citada por {} registro(s)", citing.len()),
            ));
        }
        let people = match self.case() {
            Ok(case) => self.store.people(case.id, true)?,
            Err(_) => Vec::new(),
        };
        for (kind, record_id) in citing.iter().take(25) {
            match RecordKind::from_table(kind) {
                Some(kind) => self.push_record(
                    &mut reply,
                    RecordId {
                        kind,
                        id: *record_id,
                    },
                    &people,
                )?,
                None => {
                    let what = match kind.as_str() {
                        "case_summary" => loc.pick("the case summary", "el resumen del caso"),
                        "case_status" => loc.pick("where the case stands", "el estado del caso"),
                        _ => loc.pick("an action's status", "el estado de una acción"),
                    };
                    reply.note(loc.pick(
                        format!("Also cited by {what}."),
                        format!("También la cita {what}."),
                    ));
                }
            }
        }
        if citing.len() > 25 {
            reply.note(loc.pick(
                format!("…and {} more.", citing.len() - 25),
                format!("…y {} más.", citing.len() - 25),
            ));
        }
        Ok(reply)
    }

    /// Adds any record as a fact, marked when retracted.
    fn push_record(
        &self,
        reply: &mut Reply,
        record: RecordId,
        people: &[Person],
    ) -> Result<(), CoreError> {
        let loc = self.loc;
        let retracted = |r: &Option<crate::core::model::Retraction>| {
            r.as_ref().map(|r| {
                Span::emphasis(loc.pick(
                    format!(" [retracted {}: {}]", r.at, r.reason),
                    format!(" [retirado {}: {}]", r.at, r.reason),
                ))
            })
        };
        let nf = || self.not_found(record);
        match record.kind {
            RecordKind::Event => {
                let (_, e) = self.store.event(record.id)?.ok_or_else(nf)?;
                let mut spans = vec![Span::plain(&e.text)];
                spans.extend(retracted(&e.retracted));
                reply.fact(
                    Some(e.date.to_string()),
                    rid(RecordKind::Event, e.id),
                    spans,
                    &e.sources,
                );
            }
            RecordKind::Quote => {
                let (_, q) = self.store.quote(record.id)?.ok_or_else(nf)?;
                push_quote(reply, &q, people, loc);
                if let (Some(mark), Some(crate::core::reply::Block::Fact { spans, .. })) =
                    (retracted(&q.retracted), reply.blocks.last_mut())
                {
                    spans.push(mark);
                }
            }
            RecordKind::Action => {
                let (_, a) = self.store.action(record.id)?.ok_or_else(nf)?;
                let before = reply.blocks.len();
                push_action(reply, &a, people, loc);
                if let (Some(mark), Some(crate::core::reply::Block::Fact { spans, .. })) =
                    (retracted(&a.retracted), reply.blocks.get_mut(before))
                {
                    spans.push(mark);
                }
            }
            RecordKind::Figure => {
                let (_, f) = self.store.figure(record.id)?.ok_or_else(nf)?;
                let mut spans = vec![
                    Span::strong(&f.value),
                    Span::plain(format!(" — {} (", f.label)),
                    Span::quoted(&f.stated_as),
                    Span::plain(")"),
                ];
                spans.extend(retracted(&f.retracted));
                reply.fact(None, rid(RecordKind::Figure, f.id), spans, &f.sources);
            }
            RecordKind::Person => {
                let (_, p) = self.store.person(record.id)?.ok_or_else(nf)?;
                let mut spans = vec![Span::strong(&p.name), Span::plain(format!(" — {}", p.role))];
                spans.extend(retracted(&p.retracted));
                reply.fact(None, rid(RecordKind::Person, p.id), spans, &p.sources);
            }
            RecordKind::Source => {
                let (_, s) = self.store.source(record.id)?.ok_or_else(nf)?;
                push_source(reply, &s, None, loc);
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
            loc.pick(
                format!("Citation for {record}"),
                format!("Cita de {record}"),
            ),
        );
        self.push_record(&mut reply, record, &people)?;
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
                    loc.pick(
                        " (site; exact address not captured)",
                        " (sitio; dirección exacta no registrada)",
                    )
                    .to_string()
                };
                format!(
                    "{author}“{}”, {}, {}. {}{exact}",
                    s.title, s.publication, s.published, s.url
                )
            })
            .collect();
        reply.heading(loc.pick("To paste", "Para pegar"));
        let label = loc.pick("Source", "Fuente");
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
            _ => Err(CoreError::Invalid(self.loc.pick(
                format!("“{text}” is not a record id; ids look like E12, Q3, A2, F1 or S4."),
                format!("«{text}» no es un id de registro; los ids son como E12, Q3, A2, F1 o S4."),
            ))),
        }
    }

    pub fn not_found(&self, record: RecordId) -> CoreError {
        CoreError::Invalid(self.loc.pick(
            format!(
                "There is no {} {record}. /sources and /search show the ids on record.",
                record.kind.noun()
            ),
            format!(
                "No existe el registro {record}. /sources y /search muestran los ids registrados."
            ),
        ))
    }

    pub fn unknown_person(&self, query: &str, closest: &[&Person]) -> CoreError {
        let names: Vec<&str> = closest.iter().map(|p| p.name.as_str()).collect();
        CoreError::Invalid(if names.is_empty() {
            self.loc.pick(
                format!("Nobody on record is called “{query}”. /search {query} looks everywhere."),
                format!("No hay nadie registrado con el nombre «{query}». /search {query} busca en todo."),
            )
        } else {
            self.loc.pick(
                format!(
                    "Nobody on record is called “{query}”. Did you mean {}?",
                    names.join(" or ")
                ),
                format!(
                    "No hay nadie registrado con el nombre «{query}». ¿Quisiste decir {}?",
                    names.join(" o ")
                ),
            )
        })
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
