//! `/source archive id: url:`: an editor sets the address of a source's
//! archived copy by hand (the link check sets one only where none is set).
//! A record change like any other: audited with the editor and the place.

use crate::core::answers::push_source;
use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::messages::links::LinksMsg;
use crate::core::messages::moderation::ModerationMsg;
use crate::store::{CaseRow, Store};

use super::{invalid, Answer};
use crate::core::reply::{Reply, ReplyKind};
use crate::core::CoreError;

/// A refusal of `/source archive`, worded in `loc`.
fn refused(loc: Locale, message: LinksMsg) -> CoreError {
    CoreError::Invalid(message.say(loc))
}

pub(super) fn source_archive(
    store: &mut Store,
    actor: &str,
    place: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let given = cmd.required("id");
    let Some(id) = super::source_id(given) else {
        return Err(refused(
            loc,
            LinksMsg::NotSourceId {
                id: given.to_string(),
            },
        ));
    };
    let source = match store.source(id)? {
        Some((case_id, s)) if case_id == case.id && s.retracted.is_none() => s,
        Some((case_id, _)) if case_id == case.id => {
            return Err(invalid(loc, ModerationMsg::SourceRetracted { id }))
        }
        _ => return Err(invalid(loc, ModerationMsg::NoSuchSource { id })),
    };
    let url = cmd.required("url");
    let record = source.record_id();
    if source.archive_url.as_deref() == Some(url) {
        return Err(refused(loc, LinksMsg::ArchiveUnchanged { record }));
    }
    if source.url == url {
        return Err(refused(loc, LinksMsg::ArchiveIsSource { record }));
    }
    let before = store.write_at(actor, place, |w| w.set_archive(id, url))?;
    let (_, stored) = store.source(id)?.expect("just written");
    let mut reply = Reply::new(ReplyKind::Confirmation, LinksMsg::ArchiveSet.say(loc));
    push_source(&mut reply, &stored, None, loc);
    if let Some(before) = before {
        reply.note(LinksMsg::ArchiveReplaced { before }.say(loc));
    }
    Ok(reply)
}
