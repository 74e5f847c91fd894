//! `/sources status:gone|moved|flaky`: the sources whose address the last
//! link check (`casewatch sources check`) found gone, moved or flaky, for
//! the case's editors to mend (`/source archive`, `/correct`).

use super::{paging, push_source, Answer, SOURCES_PAGE};
use crate::core::command::ParsedCommand;
use crate::core::messages::links::LinksMsg;
use crate::core::messages::platform::ChoiceMsg;
use crate::core::reply::{Reply, ReplyKind, Span};
use crate::core::Ctx;
use crate::domain::link::LinkStatus;

/// The day of a stored time (`2026-12-04T08:00:00Z` → `2026-12-04`).
fn day(at: &str) -> String {
    at.get(..10).unwrap_or(at).to_string()
}

impl Ctx<'_> {
    pub fn link_problems(&self, cmd: &ParsedCommand) -> Answer {
        let loc = self.loc;
        let case = self.case()?;
        let value = cmd.get("status").unwrap_or("gone");
        let status = LinkStatus::parse(value).unwrap_or(LinkStatus::Gone);
        let label = ChoiceMsg::for_value(status.as_str())
            .map(|c| c.say(loc))
            .unwrap_or_else(|| status.as_str().to_string());
        let (_, total) = self.store.sources_with_link_status(case.id, status, 0, 0)?;
        if total == 0 {
            let mut reply = Reply::new(
                ReplyKind::Empty,
                LinksMsg::LinkProblems {
                    status: label.clone(),
                    case: case.title.clone(),
                }
                .say(loc),
            );
            reply.note(LinksMsg::NoLinkProblems { status: label }.say(loc));
            return Ok(reply);
        }
        let (offset, page) = paging(cmd.page(), total, SOURCES_PAGE, loc)?;
        let (rows, _) =
            self.store
                .sources_with_link_status(case.id, status, offset, SOURCES_PAGE)?;
        let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
        let sources = self.store.sources_by_ids(&ids)?;
        let mut reply = Reply::new(
            ReplyKind::Answer,
            LinksMsg::LinkProblems {
                status: label,
                case: case.title.clone(),
            }
            .say(loc),
        );
        reply.paging = page;
        for (id, row) in rows {
            let Some(source) = sources.get(&id) else {
                continue;
            };
            push_source(&mut reply, source, None, loc);
            let line = match status {
                LinkStatus::Moved => LinksMsg::LinkMoved {
                    url: row.final_url.clone().unwrap_or_default(),
                    since: day(&row.since),
                },
                LinkStatus::Flaky => LinksMsg::LinkFlaky {
                    since: day(&row.since),
                    checked: day(&row.checked_at),
                },
                LinkStatus::Gone | LinkStatus::Ok => LinksMsg::LinkGone {
                    since: day(&row.since),
                    checked: day(&row.checked_at),
                },
            };
            // What the check found about this source's address, told of
            // (and so cited to) the source it describes.
            reply.fact(
                None,
                None,
                vec![Span::emphasis(line.say(loc))],
                std::slice::from_ref(source),
            );
        }
        Ok(reply)
    }
}
