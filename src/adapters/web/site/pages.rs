//! The pages of a case, each a core answer laid out: the routes from an
//! address to the command a chat user would send, record pages (410 when
//! retracted), the home page, and the forms and paging links around them.

use maud::{html, Markup};

use super::{Built, Ctx, Refusal, Site};
use crate::adapters::web::query;
use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::messages::render::RenderMsg;
use crate::core::messages::site::SiteMsg;
use crate::core::model::{RecordId, RecordKind};
use crate::core::public::{no_such_record, RecordState};
use crate::core::reply::{Block, Reply, ReplyKind};
use crate::core::{Actor, Invocation, Role};
use crate::render::html::{self as render, Links};
use crate::store::CaseRow;

impl Site {
    fn invocation(loc: Locale) -> Invocation {
        Invocation {
            actor: Actor {
                id: "web:public".into(),
                display: "web".into(),
                role: Role::Member,
            },
            place: "web".into(),
            locale: loc,
        }
    }

    /// Asks the core `command` about `case` with the page's query values.
    fn ask(
        &self,
        ctx: &Ctx<'_>,
        case: &CaseRow,
        command: &str,
        mut values: Vec<(String, String)>,
    ) -> Result<Reply, Refusal> {
        values.push(("case".into(), case.key.clone()));
        let cmd = ParsedCommand::from_options(command, values)
            .map_err(|usage| Refusal::Bad(usage.message(ctx.loc)))?;
        let reply = self.core.handle(&Self::invocation(ctx.loc), &cmd);
        if reply.kind == ReplyKind::Error {
            return Err(Refusal::Bad(first_note(&reply)));
        }
        Ok(reply)
    }

    fn case(&self, ctx: &Ctx<'_>, key: &str) -> Result<CaseRow, Refusal> {
        self.core.case_by_slug(key)?.ok_or_else(|| {
            Refusal::NotFound(
                SiteMsg::NoSuchCase {
                    case: key.to_string(),
                }
                .say(ctx.loc),
            )
        })
    }

    pub(super) fn route(&self, ctx: &Ctx<'_>, segments: &[String]) -> Result<Built, Refusal> {
        let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
        let not_found = || {
            Refusal::NotFound(
                SiteMsg::NoSuchPage {
                    path: ctx.path.to_string(),
                }
                .say(ctx.loc),
            )
        };
        let Some((&key, rest)) = parts.split_first() else {
            return self.index(ctx);
        };
        let case = self.case(ctx, key)?;
        let given = || ctx.query.clone();
        match rest {
            [] => {
                let reply = self.ask(ctx, &case, "case", Vec::new())?;
                self.answer(ctx, case, reply, None)
            }
            ["timeline"] => {
                let reply = self.ask(ctx, &case, "timeline", given())?;
                let form = filter_form(
                    ctx,
                    "timeline-filter",
                    &[
                        ("from", SiteMsg::FilterFrom),
                        ("to", SiteMsg::FilterTo),
                        ("tag", SiteMsg::FilterTag),
                    ],
                );
                self.answer(ctx, case, reply, Some(form))
            }
            ["quotes"] => {
                let reply = self.ask(ctx, &case, "quote", given())?;
                let form = filter_form(
                    ctx,
                    "quote-filter",
                    &[
                        ("speaker", SiteMsg::FilterSpeaker),
                        ("text", SiteMsg::FilterWords),
                    ],
                );
                self.answer(ctx, case, reply, Some(form))
            }
            ["actions"] => {
                let reply = self.ask(ctx, &case, "actions", given())?;
                self.answer(ctx, case, reply, None)
            }
            ["sources"] => {
                let reply = self.ask(ctx, &case, "sources", given())?;
                self.answer(ctx, case, reply, None)
            }
            ["people", person] => {
                let name = self.core.person_name(&case, person)?.ok_or_else(|| {
                    Refusal::NotFound(
                        SiteMsg::NoSuchPerson {
                            person: person.to_string(),
                        }
                        .say(ctx.loc),
                    )
                })?;
                let reply = self.ask(ctx, &case, "person", vec![("name".into(), name)])?;
                self.answer(ctx, case, reply, None)
            }
            ["sources", id] => {
                let record = self.record(ctx, &case, id, Some(RecordKind::Source))?;
                let id = vec![("id".into(), record.0.to_string())];
                let reply = self.ask(ctx, &case, "sources", id);
                self.record_page(ctx, case, record.0, record.1, |_| reply)
            }
            ["r", id] => {
                let record = self.record(ctx, &case, id, None)?;
                self.record_page(ctx, case.clone(), record.0, record.1, |site| {
                    let reply = site.core.permalink(&Self::invocation(ctx.loc), record.0);
                    if reply.kind == ReplyKind::Error {
                        return Err(Refusal::Bad(first_note(&reply)));
                    }
                    Ok(reply)
                })
            }
            _ => Err(not_found()),
        }
    }

    /// Reads a record id of `case` from the address; 404 when it is not one.
    fn record(
        &self,
        ctx: &Ctx<'_>,
        case: &CaseRow,
        text: &str,
        kind: Option<RecordKind>,
    ) -> Result<(RecordId, RecordState), Refusal> {
        let record = text
            .parse::<RecordId>()
            .ok()
            .filter(|r| kind.is_none_or(|k| r.kind == k))
            .ok_or_else(|| {
                Refusal::NotFound(
                    crate::core::messages::answers::AnswersMsg::NotARecordId {
                        text: text.to_string(),
                    }
                    .say(ctx.loc),
                )
            })?;
        match self.core.record_state(case, record)? {
            RecordState::Missing => Err(Refusal::NotFound(no_such_record(record, ctx.loc))),
            RecordState::OtherCase => Err(Refusal::NotFound(
                SiteMsg::RecordOfAnotherCase {
                    record: record.to_string(),
                }
                .say(ctx.loc),
            )),
            state => Ok((record, state)),
        }
    }

    /// A record's page; a retracted record's is a 410 that still shows its
    /// retraction note and history.
    fn record_page(
        &self,
        ctx: &Ctx<'_>,
        case: CaseRow,
        record: RecordId,
        state: RecordState,
        answer: impl FnOnce(&Self) -> Result<Reply, Refusal>,
    ) -> Result<Built, Refusal> {
        let reply = answer(self)?;
        let mut built = self.answer(ctx, case, reply, None)?;
        if let RecordState::Retracted(_) = state {
            built.status = 410;
            built.title = SiteMsg::GoneTitle {
                record: record.to_string(),
            }
            .say(ctx.loc);
            let main = built.main;
            built.main = html! { p.gone role="status" { (SiteMsg::GoneNote.say(ctx.loc)) } (main) };
        }
        Ok(built)
    }

    /// The home page: every case, its title a link to its card.
    pub(super) fn index(&self, ctx: &Ctx<'_>) -> Result<Built, Refusal> {
        let cases = self.core.cases()?;
        let reply = self.core.case_index(ctx.loc)?;
        let mut case = cases.iter();
        let mut current: Option<&CaseRow> = None;
        let main = html! {
            @for block in &reply.blocks {
                @match block {
                    Block::Heading { text } => {
                        @let row = { current = case.next(); current };
                        h2 {
                            @match row {
                                Some(row) => a href=(ctx.links.local(&["/", row.key.as_str()].concat())) { (text) },
                                None => (text),
                            }
                        }
                    }
                    Block::Note { text } => p.note { (text) },
                    Block::Fact { date, record, spans, cites } => ul.facts {
                        (render::fact(date.as_deref(), record.as_deref(), spans, cites, Links { case: current.map(|c| c.key.as_str()), lang: ctx.links.lang }))
                    },
                }
            }
            (render::sources(&reply, Links { case: None, lang: ctx.links.lang }, ctx.loc))
        };
        Ok(Built {
            status: 200,
            title: SiteMsg::Cases.say(ctx.loc),
            description: None,
            case: None,
            main,
        })
    }

    /// A case page around a core answer: the form (if any), the answer's
    /// blocks, paging links, then the sources it cites.
    fn answer(
        &self,
        ctx: &Ctx<'_>,
        case: CaseRow,
        reply: Reply,
        form: Option<Markup>,
    ) -> Result<Built, Refusal> {
        let links = ctx.links;
        let main = html! {
            @if let Some(form) = form { (form) }
            (render::blocks(&reply, links))
            @if let Some(paging) = reply.paging { (paging_links(ctx, paging)) }
            (render::sources(&reply, links, ctx.loc))
        };
        Ok(Built {
            status: 200,
            title: reply
                .title
                .clone()
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| case.title.clone()),
            description: render::statement(&reply),
            case: Some(case),
            main,
        })
    }
}

/// The sentence of an error reply.
fn first_note(reply: &Reply) -> String {
    reply
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Note { text } => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// A GET form with one text input per field, filled with the values asked.
fn filter_form(ctx: &Ctx<'_>, id: &str, fields: &[(&str, SiteMsg)]) -> Markup {
    let value = |name: &str| {
        ctx.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    html! {
        form #(id) method="get" action=(ctx.path) aria-label=(SiteMsg::FilterLegend.say(ctx.loc)) {
            @for (name, label) in fields {
                label {
                    (label.say(ctx.loc))
                    input type="text" name=(name) value=(value(name));
                }
            }
            @if let Some(lang) = ctx.links.lang {
                input type="hidden" name="lang" value=(lang.code());
            }
            button type="submit" { (SiteMsg::FilterApply.say(ctx.loc)) }
        }
    }
}

/// "Page 2 of 5 (43 in all)" with links to the pages before and after,
/// keeping the filters.
fn paging_links(ctx: &Ctx<'_>, paging: crate::core::reply::Paging) -> Markup {
    let to_page = |page: u32| {
        let mut parts: Vec<String> = ctx
            .query
            .iter()
            .filter(|(k, _)| k != "page")
            .map(|(k, v)| [query::encode(k), query::encode(v)].join("="))
            .collect();
        parts.push(["page=", &page.to_string()].concat());
        if let Some(lang) = ctx.links.lang {
            parts.push(["lang=", lang.code()].concat());
        }
        [ctx.path, "?", &parts.join("&")].concat()
    };
    let loc = ctx.loc;
    html! {
        nav.paging aria-label=(SiteMsg::PageOf { page: paging.page, pages: paging.pages, total: paging.total }.say(loc)) {
            p {
                (SiteMsg::PageOf { page: paging.page, pages: paging.pages, total: paging.total }.say(loc))
            }
            p {
                @if paging.page > 1 {
                    a rel="prev" href=(to_page(paging.page - 1)) { (RenderMsg::Previous.say(loc)) }
                }
                @if paging.page < paging.pages {
                    a rel="next" href=(to_page(paging.page + 1)) { (RenderMsg::Next.say(loc)) }
                }
            }
        }
    }
}
