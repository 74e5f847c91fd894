//! The daily digest: what changed since a subscription's last digest,
//! milestones that fall today, and the congressional actions still open,
//! every line cited. Scheduling lives in [`schedule`].

pub mod build;
mod links;
pub mod run;
pub mod schedule;

use chrono::Duration;

use crate::core::command::ParsedCommand;
use crate::core::messages::digest::DigestMsg;
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{Core, CoreError, Invocation};
use crate::store::digest::NewSubscription;
use crate::store::Store;
use schedule::Schedule;

/// The platform and place of an invocation (`discord:guild/channel` →
/// `discord`, `guild/channel`); the console is one place.
pub fn platform_place(place: &str) -> (&str, &str) {
    place.split_once(':').unwrap_or((place, place))
}

/// `/digest subscribe|unsubscribe|show|preview`.
pub fn command(
    core: &Core,
    store: &mut Store,
    inv: &Invocation,
    cmd: &ParsedCommand,
) -> Result<Reply, CoreError> {
    let loc = inv.locale;
    let now = core.clock().now();
    let ctx = core.ctx(store, cmd, loc);
    let case = ctx.case()?;
    let (platform, place) = platform_place(&inv.place);
    let existing = store.subscription_at(platform, place, case.id)?;
    match cmd.spec.path {
        "digest subscribe" => {
            let schedule = Schedule::parse(cmd.required("time"), cmd.required("timezone"))
                .map_err(|why| {
                    CoreError::Invalid(
                        DigestMsg::NothingChanged {
                            why: why.message().say(loc),
                        }
                        .say(loc),
                    )
                })?;
            let language = cmd.get("language").unwrap_or(loc.code());
            let sub = store.subscribe(
                &inv.actor.id,
                &NewSubscription {
                    platform,
                    place,
                    case_id: case.id,
                    time_of_day: &schedule.time.format("%H:%M").to_string(),
                    timezone: schedule.tz.name(),
                    locale: language,
                    post_when_empty: cmd.get("daily") == Some("yes"),
                },
            )?;
            let next = schedule.instant_on(schedule.local_date(now));
            let next = if next <= now {
                schedule.instant_on(schedule.local_date(now) + Duration::days(1))
            } else {
                next
            };
            let mut reply = Reply::new(ReplyKind::Confirmation, DigestMsg::Subscribed.say(loc));
            let quiet = if sub.post_when_empty {
                DigestMsg::EvenQuietDays
            } else {
                DigestMsg::QuietDaysSkipped
            };
            reply.note(
                DigestMsg::SubscribedNote {
                    time: sub.time_of_day.clone(),
                    zone: sub.timezone.clone(),
                    quiet: quiet.say(loc),
                    first: next.format("%Y-%m-%d %H:%M").to_string(),
                }
                .say(loc),
            );
            Ok(reply)
        }
        "digest unsubscribe" => match existing {
            Some(sub) if sub.active => {
                store.disable_subscription(sub.id, &format!("unsubscribed by {}", inv.actor.id))?;
                let mut reply = Reply::new(ReplyKind::Confirmation, DigestMsg::Stopped.say(loc));
                reply.note(DigestMsg::StoppedNote.say(loc));
                Ok(reply)
            }
            _ => Err(CoreError::Invalid(DigestMsg::NothingToStop.say(loc))),
        },
        "digest show" => {
            let mut reply = Reply::new(ReplyKind::Answer, DigestMsg::DailyDigest.say(loc));
            reply.ephemeral = true;
            reply.note(match &existing {
                Some(sub) if sub.active => DigestMsg::ShowActive {
                    time: sub.time_of_day.clone(),
                    zone: sub.timezone.clone(),
                    language: sub.locale.clone(),
                    quiet: if sub.post_when_empty {
                        DigestMsg::EvenQuietDays.say(loc)
                    } else {
                        String::new()
                    },
                    last: sub
                        .last_local_date
                        .clone()
                        .unwrap_or_else(|| DigestMsg::NoneYet.say(loc)),
                }
                .say(loc),
                Some(sub) => DigestMsg::ShowOff {
                    why: sub.disabled_reason.clone().unwrap_or_default(),
                }
                .say(loc),
                None => DigestMsg::ShowNone.say(loc),
            });
            Ok(reply)
        }
        _ => {
            // Preview: what the next digest would hold if built now.
            let store = &*store;
            let to = store.last_audit_id()?;
            let digest = match &existing {
                Some(sub) => {
                    let date = Schedule::parse(&sub.time_of_day, &sub.timezone)
                        .map(|s| s.local_date(now))
                        .unwrap_or(now.date_naive());
                    run::digest_for(store, sub, sub.covered_audit_id, to, date)?
                }
                None => {
                    let from = store.audit_id_before(
                        &(now - Duration::days(1))
                            .format("%Y-%m-%dT%H:%M:%SZ")
                            .to_string(),
                    )?;
                    build::build(store, &case, from, to, now.date_naive(), loc)?
                }
            };
            let mut reply = digest.reply;
            crate::core::bills::digest_tracking_note(
                store,
                &mut reply,
                existing.as_ref().map_or(case.id, |sub| sub.case_id),
                core.bill_tracking(),
                loc,
            )?;
            reply.ephemeral = true;
            reply.blocks.insert(
                0,
                crate::core::reply::Block::Note {
                    text: match existing {
                        Some(_) => DigestMsg::PreviewNext.say(loc),
                        None => DigestMsg::PreviewLastDay.say(loc),
                    },
                },
            );
            Ok(reply)
        }
    }
}
