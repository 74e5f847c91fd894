//! The community commands: `/case`, `/timeline`, `/quote`, `/actions`,
//! `/person`, `/search`, `/sources`, `/cite`. Each reads the store and
//! builds a reply whose every statement is cited.

use chrono::NaiveDate;

use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::messages::answers::AnswersMsg;
use crate::core::model::{RecordKind, TimelineEntry};
use crate::core::people::{self, PersonMatch};
use crate::core::reply::{Paging, Reply, ReplyKind, Span};
use crate::core::{CoreError, Ctx};
use crate::store::{ActionFilter, CaseRow, TimelineFilter};

pub const TIMELINE_PAGE: u64 = 10;
pub const QUOTE_PAGE: u64 = 5;
pub const SEARCH_PAGE: u64 = 8;
pub const SOURCES_PAGE: u64 = 10;
pub const ACTIONS_PAGE: u64 = 10;

type Answer = Result<Reply, CoreError>;

mod facts;
mod history;
mod links;
mod records;

pub use facts::{push_action, push_event, push_figures, push_person, push_quote, push_source};
pub(crate) use history::push_supported;

/// Page arithmetic shared by every paged command; refuses a page past the end.
pub(crate) fn paging(
    page: u32,
    total: u64,
    per_page: u64,
    loc: Locale,
) -> Result<(u64, Option<Paging>), CoreError> {
    let pages = total.div_ceil(per_page).max(1) as u32;
    if page > pages {
        return Err(CoreError::Invalid(AnswersMsg::OnlyPages { pages }.say(loc)));
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
        reply.heading(AnswersMsg::WhereThingsStand.say(loc));
        history::push_supported(
            &mut reply,
            vec![Span::plain(&case.status)],
            &status_sources,
            loc,
        );

        reply.heading(AnswersMsg::KeyDates.say(loc));
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
            reply.heading(AnswersMsg::LatestUpdate.say(loc));
            push_event(&mut reply, &latest);
        }
        let figures = store.figures(case.id, false)?;
        if !figures.is_empty() {
            reply.heading(AnswersMsg::Figures.say(loc));
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
        reply.note(
            AnswersMsg::OnRecord {
                events: count(RecordKind::Event),
                quotes: count(RecordKind::Quote),
                actions: count(RecordKind::Action),
                sources: count(RecordKind::Source),
            }
            .say(loc),
        );
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
                return Err(CoreError::Invalid(
                    AnswersMsg::FromAfterTo {
                        from: from.to_string(),
                        to: to.to_string(),
                    }
                    .say(loc),
                ));
            }
        }
        // One query for the page and the total; the page number is checked
        // against the total afterwards.
        let offset = u64::from(cmd.page() - 1) * TIMELINE_PAGE;
        let (entries, total) = self
            .store
            .timeline(case.id, &filter, offset, TIMELINE_PAGE)?;
        if total == 0 {
            let mut reply = Reply::new(ReplyKind::Empty, AnswersMsg::Timeline.say(loc));
            let tags = self.store.tags(case.id)?;
            let hint = match &filter.tag {
                Some(tag) if !tags.iter().any(|(t, _)| t == tag) => AnswersMsg::NoSuchTag {
                    tag: tag.clone(),
                    list: tags
                        .iter()
                        .map(|(t, _)| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                }
                .say(loc),
                _ => String::new(),
            };
            reply.note(AnswersMsg::NoTimelineMatch { hint }.say(loc));
            return Ok(reply);
        }
        let (_, page) = paging(cmd.page(), total, TIMELINE_PAGE, loc)?;
        let mut reply = Reply::new(
            ReplyKind::Answer,
            AnswersMsg::TimelineOf {
                case: case.title.clone(),
            }
            .say(loc),
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
                    notes.push(
                        AnswersMsg::QuotesFromEach {
                            query: query.to_string(),
                            names: people::name_list(&found, loc),
                        }
                        .say(loc),
                    );
                    Some(found.iter().map(|p| p.id).collect())
                }
                PersonMatch::None { closest } => return Err(self.unknown_person(query, &closest)),
            },
        };
        let offset = u64::from(cmd.page() - 1) * QUOTE_PAGE;
        let (quotes, total) = match cmd.get("text") {
            Some(text) => self.store.quotes_matching(
                case.id,
                speakers.as_deref(),
                text,
                offset,
                QUOTE_PAGE,
            )?,
            None => self.store.quotes(
                case.id,
                speakers.as_deref(),
                None,
                false,
                offset,
                QUOTE_PAGE,
            )?,
        };
        if total == 0 {
            let mut reply = Reply::new(ReplyKind::Empty, AnswersMsg::Quotes.say(loc));
            reply.note(AnswersMsg::NoQuotesMatch.say(loc));
            return Ok(reply);
        }
        let (_, page) = paging(cmd.page(), total, QUOTE_PAGE, loc)?;
        let mut reply = Reply::new(ReplyKind::Answer, AnswersMsg::Quotes.say(loc));
        reply.paging = page;
        for n in notes {
            reply.note(n);
        }
        for q in &quotes {
            push_quote(&mut reply, q, &people, loc);
        }
        Ok(reply)
    }

    /// A page of actions, ten at a time like the other lists: every
    /// action in one reply was 1,000 cited facts at 500 actions.
    pub fn actions(&self, cmd: &ParsedCommand) -> Answer {
        let loc = self.loc;
        let case = self.case()?;
        let people = self.store.people(case.id, false)?;
        let filter = ActionFilter {
            status: cmd.get("status"),
            led_by: None,
        };
        let offset = u64::from(cmd.page() - 1) * ACTIONS_PAGE;
        let (actions, total) = self
            .store
            .action_page(case.id, filter, offset, ACTIONS_PAGE)?;
        if total == 0 {
            let mut reply = Reply::new(ReplyKind::Empty, AnswersMsg::CongressionalActions.say(loc));
            reply.note(AnswersMsg::NoActionsMatch.say(loc));
            return Ok(reply);
        }
        let (_, page) = paging(cmd.page(), total, ACTIONS_PAGE, loc)?;
        let mut reply = Reply::new(ReplyKind::Answer, AnswersMsg::CongressionalActions.say(loc));
        reply.paging = page;
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
                let mut reply =
                    Reply::new(ReplyKind::Answer, AnswersMsg::SeveralPeopleMatch.say(loc));
                reply.note(
                    AnswersMsg::MatchesPeople {
                        query: query.to_string(),
                        count: found.len(),
                    }
                    .say(loc),
                );
                for p in found {
                    push_person(&mut reply, p);
                }
                return Ok(reply);
            }
            PersonMatch::None { closest } => return Err(self.unknown_person(query, &closest)),
        };
        let mut reply = Reply::new(ReplyKind::Answer, &person.name);
        push_person(&mut reply, person);
        let led_by = ActionFilter {
            status: None,
            led_by: Some(&person.key),
        };
        let (actions, _) = self.store.action_page(case.id, led_by, 0, u64::MAX >> 1)?;
        if !actions.is_empty() {
            reply.heading(AnswersMsg::Actions.say(loc));
            for a in &actions {
                push_action(&mut reply, a, &people, loc);
            }
        }
        let (quotes, total) =
            self.store
                .quotes(case.id, Some(&[person.id]), None, false, 0, QUOTE_PAGE)?;
        if !quotes.is_empty() {
            reply.heading(AnswersMsg::Quotes.say(loc));
            for q in &quotes {
                push_quote(&mut reply, q, &people, loc);
            }
            if total > QUOTE_PAGE {
                reply.note(
                    AnswersMsg::MoreQuotes {
                        more: total - QUOTE_PAGE,
                        name: person.name.clone(),
                    }
                    .say(loc),
                );
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
        AnswersMsg::DaysBetween { shortest, longest }.say(loc)
    };
    let text = match (ongoing, until) {
        (false, Some(u)) => AnswersMsg::DaysDetained {
            days,
            from: from.date.to_string(),
            to: u.date.to_string(),
        }
        .say(loc),
        _ => AnswersMsg::DaysDetainedSoFar {
            days,
            from: from.date.to_string(),
        }
        .say(loc),
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
                AnswersMsg::NoCaseYet.say(loc)
            } else {
                AnswersMsg::NoSuchCase {
                    key: key.to_string(),
                    list: known.join(", "),
                }
                .say(loc)
            }))
        }
    }
}
