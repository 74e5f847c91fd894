//! `/action bill`: an editor names the bill an action is about, with a
//! source that says so, so its history can be followed on congress.gov.

use crate::core::answers::push_action;
use crate::core::bills::label;
use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::messages::bills::BillsMsg;
use crate::core::messages::moderation::ModerationMsg;
use crate::core::model::RecordKind;
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{Core, CoreError};
use crate::domain::bill::{congress_on, BillRef};
use crate::store::{CaseRow, Store};

use super::writes::exact_id;
use super::{invalid, source_choice, Answer};

/// The kinds of action that can be about a bill.
const BILL_KINDS: &[&str] = &["bill", "resolution"];

pub(super) fn action_bill(
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
    // `exact_id` found it in `case`, whose editor is writing.
    let (case_id, action) = store.action(id.id)?.ok_or_else(|| ctx.not_found(id))?;
    let refuse = |m: BillsMsg| Err(CoreError::Invalid(m.say(loc)));
    if action.retracted.is_some() {
        return refuse(BillsMsg::Retracted {
            record: id.to_string(),
        });
    }
    if !BILL_KINDS.contains(&action.kind.as_str()) {
        return refuse(BillsMsg::NotABill {
            record: id.to_string(),
            kind: action.kind.clone(),
        });
    }
    // Without a Congress in the text, the one in session when the action
    // happened (its last possible day: `2025` means the 119th, not the
    // two days of the 118th it starts with), or today's.
    let (day, dated) = match action.date {
        Some(date) => (date.last_day(), Some(date.to_string())),
        None => (core.today(), None),
    };
    let text = cmd.required("bill");
    let Ok(parsed) = BillRef::parse(text, congress_on(day)) else {
        return refuse(BillsMsg::BadReference {
            text: text.to_string(),
        });
    };
    let bill = parsed.bill;
    let shown = label(&bill, loc);
    let before = action.bill.as_ref().map(|b| b.bill);
    if before == Some(bill) {
        return refuse(BillsMsg::AlreadyNamed {
            record: id.to_string(),
            label: shown,
        });
    }
    // Which bill an action is, is a claim like any other: it brings the
    // source that says so.
    let source = source_choice(store, case, cmd, loc)?;
    store.write_at(actor, place, |w| {
        let sid = source.id(w, case_id)?;
        w.name_bill(
            id.id,
            &bill,
            before.as_ref(),
            &[sid],
            cmd.required("reason"),
        )
    })?;
    let (_, action) = store.action(id.id)?.expect("exists");
    let people = store.people(case_id, false)?;
    let mut reply = Reply::new(ReplyKind::Confirmation, BillsMsg::Recorded.say(loc));
    reply.note(
        match (parsed.congress_given, dated) {
            (true, _) => BillsMsg::UnderstoodGiven { label: shown },
            (false, Some(date)) => BillsMsg::UnderstoodFromDate { label: shown, date },
            (false, None) => BillsMsg::UnderstoodFromToday {
                label: shown,
                date: day.to_string(),
            },
        }
        .say(loc),
    );
    push_action(&mut reply, &action, &people, loc);
    Ok(reply)
}
