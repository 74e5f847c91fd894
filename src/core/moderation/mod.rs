//! Writes: moderators add, correct and retract sourced records; members
//! suggest updates that moderators review. Every write names a source,
//! lands in the audit log, and is checked in full before anything is
//! stored, so a refused write changes nothing.

use crate::core::command::{is_key, ParsedCommand};
use crate::core::i18n::Locale;
use crate::core::messages::moderation::ModerationMsg;
use crate::core::messages::usage::UsageMsg;
use crate::core::model::{RecordId, RecordKind};
use crate::core::people::fold;
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{Core, CoreError, Ctx, Invocation};
use crate::store::{CaseRow, NewSource, Store, Writer};

mod archive;
mod bill;
mod review;
mod writes;

use bill::action_bill;
use review::{review, suggest};
use writes::{action_add, action_status, correct, quote_add, retract, source_add, update_add};

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

/// The record a write names by its id (`/correct id:E3`, `/source archive
/// id:S4` or `id:4`), when the command changes one.
fn named_record(cmd: &ParsedCommand) -> Option<RecordId> {
    let id = cmd.get("id")?;
    match cmd.spec.path {
        "correct" | "retract" | "action status" | "action bill" => id.parse().ok(),
        "source archive" => source_id(id).map(|id| RecordId {
            kind: RecordKind::Source,
            id,
        }),
        _ => None,
    }
}

/// The source `/source archive id:` names: `S4`, `#S4` or `4`; `None` for
/// anything else, another kind of record included. One reading for the
/// editors check and for the archive itself.
pub(super) fn source_id(given: &str) -> Option<i64> {
    match given.parse::<RecordId>() {
        Ok(RecordId {
            kind: RecordKind::Source,
            id,
        }) => Some(id),
        Ok(_) => None,
        Err(_) => given.trim().parse().ok(),
    }
}

/// The case a write changes, whose editors may make it: the named record's
/// own case (an editor of one case cannot change another case's record by
/// naming its id), else the command's `case:` or the default. A `case:`
/// that is not the named record's case finds no such record.
pub(crate) fn case_of(ctx: &Ctx<'_>, cmd: &ParsedCommand) -> Result<CaseRow, CoreError> {
    let Some(record) = named_record(cmd) else {
        return ctx.case();
    };
    let Ok(case_id) = ctx.store.record_case(record) else {
        // No such record: the command's own checks say so.
        return ctx.case();
    };
    let case = ctx
        .store
        .cases()?
        .into_iter()
        .find(|c| c.id == case_id)
        .ok_or_else(|| ctx.not_found(record))?;
    match cmd.get("case") {
        Some(asked) if asked != case.key => Err(ctx.not_found(record)),
        _ => Ok(case),
    }
}

/// Runs a write. `case`: the case already decided for the editors check
/// ([`case_of`]), else decided here.
pub fn run(
    core: &Core,
    store: &mut Store,
    inv: &Invocation,
    cmd: &ParsedCommand,
    case: Option<CaseRow>,
) -> Answer {
    let loc = inv.locale;
    let case = match case {
        Some(case) => case,
        None => case_of(&core.ctx(store, cmd, loc), cmd)?,
    };
    let actor = inv.actor.id.clone();
    match cmd.spec.path {
        "suggest" => suggest(core, store, inv, &case, cmd),
        "update add" => update_add(store, &actor, &case, cmd, loc),
        "quote add" => quote_add(store, &actor, &case, cmd, loc),
        "action add" => action_add(store, &actor, &case, cmd, loc),
        "action status" => action_status(core, store, &actor, &inv.place, &case, cmd, loc),
        "action bill" => action_bill(core, store, &actor, &inv.place, &case, cmd, loc),
        "source add" => source_add(store, &actor, &case, cmd, loc),
        "source archive" => archive::source_archive(store, &actor, &inv.place, &case, cmd, loc),
        "correct" => correct(core, store, &actor, &inv.place, &case, cmd, loc),
        "retract" => retract(core, store, &actor, &inv.place, &case, cmd, loc),
        "review" => review(store, &actor, &case, cmd, loc),
        other => Err(invalid(
            loc,
            ModerationMsg::NotAnswered {
                command: other.to_string(),
            },
        )),
    }
}

/// A refused write, worded in `loc`.
fn invalid(loc: Locale, message: ModerationMsg) -> CoreError {
    CoreError::Invalid(message.say(loc))
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
            ModerationMsg::SourceAndInline {
                given: given_inline.join(", "),
            },
        )),
        (None, true) => Err(invalid(loc, ModerationMsg::NeedsSource)),
        (Some(id), true) => {
            let id = match id.trim_start_matches(['S', 's']).parse::<i64>() {
                Ok(id) => id,
                Err(_) => {
                    return Err(invalid(
                        loc,
                        ModerationMsg::NotSourceId { id: id.to_string() },
                    ))
                }
            };
            match store.source(id)? {
                Some((case_id, s)) if case_id == case.id && s.retracted.is_none() => {
                    Ok(SourceChoice::Existing(id))
                }
                Some((case_id, _)) if case_id == case.id => {
                    Err(invalid(loc, ModerationMsg::SourceRetracted { id }))
                }
                _ => Err(invalid(loc, ModerationMsg::NoSuchSource { id })),
            }
        }
        (None, false) => {
            let missing: Vec<&str> = ["url", "title", "publication", "published"]
                .into_iter()
                .filter(|o| cmd.get(o).is_none())
                .collect();
            if !missing.is_empty() {
                let list = missing
                    .iter()
                    .map(|m| format!("{m}:"))
                    .collect::<Vec<_>>()
                    .join(&UsageMsg::And.say(loc));
                return Err(invalid(loc, ModerationMsg::NewSourceNeeds { list }));
            }
            let url = cmd.required("url");
            if let Some(existing) = store
                .sources(case.id, true)?
                .into_iter()
                .find(|s| s.url == url)
            {
                if existing.retracted.is_some() {
                    return Err(invalid(
                        loc,
                        ModerationMsg::AddressRetracted {
                            record: existing.record_id().to_string(),
                        },
                    ));
                }
                return Ok(SourceChoice::Existing(existing.id));
            }
            let title = cmd.required("title");
            Ok(SourceChoice::New(NewSource {
                key: unique_key(
                    store,
                    "sources",
                    case.id,
                    &format!("{} {}", cmd.required("publication"), title),
                )?,
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
            return Err(invalid(loc, ModerationMsg::BadTag { tag }));
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    Ok(out)
}

/// A confirmation headed by `heading`, worded in `loc`.
fn confirmation(loc: Locale, heading: ModerationMsg) -> Reply {
    Reply::new(ReplyKind::Confirmation, heading.say(loc))
}
