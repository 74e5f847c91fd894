//! Members' suggestions: `/suggest` (open to everyone, within limits a
//! spammer cannot get around by switching channels) and `/review`, the
//! queue editors approve into cited timeline events or reject with a
//! reason (kept either way).

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::core::answers::push_event;
use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::messages::review::ReviewMsg;
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{Core, CoreError, Invocation};
use crate::store::{CaseRow, NewEvent, NewSource, NewSuggestion, Store, SuggestionRow};

use super::{source_choice, tags, unique_key, Answer, SourceChoice};

/// Suggestions listed per `/review` page.
const REVIEW_PAGE: u64 = 10;

/// The store's time format (`now_utc`).
const STORED_TIME: &str = "%Y-%m-%dT%H:%M:%SZ";

fn refused(msg: ReviewMsg, loc: Locale) -> CoreError {
    CoreError::Invalid(msg.say(loc))
}

pub(super) fn suggest(
    core: &Core,
    store: &mut Store,
    inv: &Invocation,
    case: &CaseRow,
    cmd: &ParsedCommand,
) -> Answer {
    let loc = inv.locale;
    check_limits(core, store, inv)?;
    let source = source_choice(store, case, cmd, loc)?;
    let date = cmd.date("date").expect("validated by the parser");
    let tags = tags(cmd, loc)?;
    let (existing, new) = match &source {
        SourceChoice::Existing(id) => (Some(*id), None),
        SourceChoice::New(s) => (None, Some(s)),
    };
    let id = store.write(&inv.actor.id, |w| {
        w.insert_suggestion(
            case.id,
            &NewSuggestion {
                date: &date,
                text: cmd.required("text"),
                tags: &tags,
                source_id: existing,
                new_source: new,
                place: &inv.place,
            },
        )
    })?;
    let mut reply = Reply::new(ReplyKind::Confirmation, ReviewMsg::Received.say(loc));
    reply.note(ReviewMsg::ReceivedNote { id }.say(loc));
    Ok(reply)
}

/// Refuses a suggestion past the limits: pending ones per person (counted
/// everywhere) and suggestions per place in the last hour.
fn check_limits(core: &Core, store: &Store, inv: &Invocation) -> Result<(), CoreError> {
    let limits = core.suggest_limits();
    let loc = inv.locale;
    let pending = store.pending_suggestions_by(&inv.actor.id)?;
    if pending >= u64::from(limits.pending_per_user) {
        return Err(refused(
            ReviewMsg::TooManyPending {
                max: limits.pending_per_user,
            },
            loc,
        ));
    }
    let now = Utc::now();
    let since = (now - Duration::hours(1)).format(STORED_TIME).to_string();
    let recent = store.suggestion_times_in(&inv.place, &since)?;
    let max = limits.per_place_per_hour as usize;
    if recent.len() >= max {
        // The place may suggest again once enough of the hour's
        // suggestions have aged out of it.
        let freeing = recent
            .get(recent.len() - max)
            .and_then(|t| NaiveDateTime::parse_from_str(t, STORED_TIME).ok())
            .map(|t| DateTime::<Utc>::from_naive_utc_and_offset(t, Utc) + Duration::hours(1))
            .unwrap_or(now + Duration::hours(1));
        let at = if freeing.date_naive() == now.date_naive() {
            freeing.format("%H:%M")
        } else {
            freeing.format("%Y-%m-%d %H:%M")
        };
        return Err(refused(
            ReviewMsg::PlaceBusy {
                max: limits.per_place_per_hour,
                at: at.to_string(),
            },
            loc,
        ));
    }
    Ok(())
}

pub(super) fn review(
    store: &mut Store,
    actor: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    loc: Locale,
) -> Answer {
    let Some(id) = cmd.get("id").and_then(|i| i.parse::<i64>().ok()) else {
        if cmd.get("decision").is_some() {
            return Err(refused(ReviewMsg::WhichOne, loc));
        }
        return queue(store, case, u64::from(cmd.page()), loc);
    };
    let suggestion = match store.suggestion(id)? {
        Some(s) if s.case_id == case.id => s,
        _ => return Err(refused(ReviewMsg::NoSuchSuggestion { id }, loc)),
    };
    if suggestion.state != "pending" {
        let by = suggestion.reviewed_by.clone().unwrap_or_default();
        return Err(refused(
            if suggestion.state == "approved" {
                ReviewMsg::AlreadyApproved { id, by }
            } else {
                ReviewMsg::AlreadyRejected { id, by }
            },
            loc,
        ));
    }
    match cmd.get("decision") {
        None => {
            let mut reply = Reply::new(ReplyKind::Answer, format!("#{id}"));
            reply.ephemeral = true;
            reply.note(describe_suggestion(store, &suggestion, loc)?);
            reply.note(ReviewMsg::HowToApprove { id }.say(loc));
            Ok(reply)
        }
        Some("reject") => {
            let Some(reason) = cmd.get("reason") else {
                return Err(refused(ReviewMsg::RejectNeedsReason, loc));
            };
            store.write(actor, |w| {
                w.decide_suggestion(id, false, Some(reason), None)
            })?;
            let mut reply = Reply::new(ReplyKind::Confirmation, ReviewMsg::Rejected.say(loc));
            reply.note(ReviewMsg::RejectedNote { id }.say(loc));
            Ok(reply)
        }
        Some(_) => approve(store, actor, case, cmd, &suggestion, loc),
    }
}

/// One page of the pending suggestions, each with who sent it and from where.
fn queue(store: &Store, case: &CaseRow, page: u64, loc: Locale) -> Answer {
    let page = page.max(1);
    let (pending, total) =
        store.pending_suggestions(case.id, (page - 1) * REVIEW_PAGE, REVIEW_PAGE)?;
    let pages = total.div_ceil(REVIEW_PAGE).max(1);
    if total == 0 {
        let mut reply = Reply::new(ReplyKind::Empty, ReviewMsg::Suggestions.say(loc));
        reply.ephemeral = true;
        reply.note(ReviewMsg::NoneWaiting.say(loc));
        return Ok(reply);
    }
    if pending.is_empty() {
        return Err(refused(ReviewMsg::NoSuchPage { page, pages }, loc));
    }
    let mut reply = Reply::new(ReplyKind::Answer, ReviewMsg::Waiting.say(loc));
    reply.ephemeral = true;
    reply.note(ReviewMsg::Unverified.say(loc));
    for s in &pending {
        reply.note(describe_suggestion(store, s, loc)?);
    }
    if pages > 1 {
        reply.note(ReviewMsg::Page { page, pages, total }.say(loc));
    }
    reply.note(ReviewMsg::HowToDecide.say(loc));
    Ok(reply)
}

fn approve(
    store: &mut Store,
    actor: &str,
    case: &CaseRow,
    cmd: &ParsedCommand,
    suggestion: &SuggestionRow,
    loc: Locale,
) -> Answer {
    let id = suggestion.id;
    let unreadable = || refused(ReviewMsg::Unreadable { id }, loc);
    let source = match (suggestion.source_id, &suggestion.new_source) {
        (Some(sid), _) => match store.source(sid)? {
            Some((_, s)) if s.retracted.is_none() => SourceChoice::Existing(sid),
            _ => return Err(refused(ReviewMsg::SourceRetracted { id }, loc)),
        },
        (None, Some(json)) => {
            let v: serde_json::Value = serde_json::from_str(json).map_err(|_| unreadable())?;
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
                        .map_err(|_| unreadable())?,
                    url,
                    url_exact: true,
                    archive_url: None,
                    note: None,
                }),
            }
        }
        (None, None) => unreachable!("the schema requires a source"),
    };
    let date = suggestion.date.parse().map_err(|_| unreadable())?;
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
    let mut reply = Reply::new(ReplyKind::Confirmation, ReviewMsg::Approved.say(loc));
    push_event(&mut reply, &entry);
    reply.note(
        ReviewMsg::ApprovedNote {
            id,
            event: event_id,
        }
        .say(loc),
    );
    Ok(reply)
}

/// Where a suggestion was made, in words (platform and place).
fn origin(place: Option<&str>) -> ReviewMsg {
    let Some(place) = place else {
        return ReviewMsg::UnknownPlace;
    };
    match place.split_once(':') {
        Some(("discord", rest)) => match rest.split_once('/') {
            Some(("dm", channel)) => ReviewMsg::DiscordDm {
                channel: channel.to_string(),
            },
            Some((guild, channel)) => ReviewMsg::DiscordChannel {
                guild: guild.to_string(),
                channel: channel.to_string(),
            },
            None => ReviewMsg::UnknownPlace,
        },
        Some(("matrix", room)) => ReviewMsg::MatrixRoom {
            room: room.to_string(),
        },
        Some(("feed", id)) => match id.parse() {
            Ok(id) => ReviewMsg::FromFeed { id },
            Err(_) => ReviewMsg::UnknownPlace,
        },
        _ if place == "console" => ReviewMsg::Console,
        _ => ReviewMsg::UnknownPlace,
    }
}

fn describe_suggestion(store: &Store, s: &SuggestionRow, loc: Locale) -> Result<String, CoreError> {
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
            let field = |name: &str| v[name].as_str().unwrap_or("").to_string();
            ReviewMsg::NewSource {
                publication: field("publication"),
                title: field("title"),
                published: field("published"),
                url: field("url"),
            }
            .say(loc)
        }
        (None, None) => String::new(),
    };
    Ok(ReviewMsg::Line {
        id: s.id,
        by: s.suggested_by.clone(),
        from: origin(s.suggested_in.as_deref()).say(loc),
        at: s.suggested_at.clone(),
        date: s.date.clone(),
        text: s.text.clone(),
        source,
    }
    .say(loc))
}
