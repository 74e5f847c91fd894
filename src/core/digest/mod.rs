//! The daily digest: what changed since a subscription's last digest,
//! milestones that fall today, and the congressional actions still open,
//! every line cited. Scheduling lives in [`schedule`].

pub mod build;
pub mod run;
pub mod schedule;

use chrono::Duration;

use crate::core::command::ParsedCommand;
use crate::core::reply::{Reply, ReplyKind};
use crate::core::{Core, CoreError, Invocation};
use crate::store::digest::NewSubscription;
use schedule::Schedule;

/// The platform and place of an invocation (`discord:guild/channel` →
/// `discord`, `guild/channel`); the console is one place.
pub fn platform_place(place: &str) -> (&str, &str) {
    place.split_once(':').unwrap_or((place, place))
}

/// `/digest subscribe|unsubscribe|show|preview`.
pub fn command(core: &mut Core, inv: &Invocation, cmd: &ParsedCommand) -> Result<Reply, CoreError> {
    let loc = inv.locale;
    let now = core.clock().now();
    let ctx = core.ctx(cmd, loc);
    let case = ctx.case()?;
    let (platform, place) = platform_place(&inv.place);
    let existing = core.store().subscription_at(platform, place, case.id)?;
    match cmd.spec.path {
        "digest subscribe" => {
            let schedule = Schedule::parse(cmd.required("time"), cmd.required("timezone"))
                .map_err(|why| CoreError::Invalid(format!("{why}. Nothing was changed.")))?;
            let language = cmd.get("language").unwrap_or(loc.code());
            let sub = core.store_mut().subscribe(
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
            let mut reply = Reply::new(
                ReplyKind::Confirmation,
                loc.pick("Digest subscribed", "Resumen activado"),
            );
            reply.note(loc.pick(
                format!(
                    "Every day at {} ({}) this channel gets a digest of what changed{}. The first is due {} UTC. /digest preview shows it now.",
                    sub.time_of_day,
                    sub.timezone,
                    if sub.post_when_empty { ", even on quiet days" } else { "; quiet days are skipped" },
                    next.format("%Y-%m-%d %H:%M")
                ),
                format!(
                    "Cada día a las {} ({}) este canal recibirá un resumen de lo que cambió{}. El primero llega el {} UTC. /digest preview lo muestra ahora.",
                    sub.time_of_day,
                    sub.timezone,
                    if sub.post_when_empty { ", también los días sin novedades" } else { "; los días sin novedades se omiten" },
                    next.format("%Y-%m-%d %H:%M")
                ),
            ));
            Ok(reply)
        }
        "digest unsubscribe" => match existing {
            Some(sub) if sub.active => {
                core.store_mut()
                    .disable_subscription(sub.id, &format!("unsubscribed by {}", inv.actor.id))?;
                let mut reply = Reply::new(
                    ReplyKind::Confirmation,
                    loc.pick("Digest stopped", "Resumen desactivado"),
                );
                reply.note(loc.pick(
                    "This channel will get no more digests. /digest subscribe starts them again.",
                    "Este canal no recibirá más resúmenes. /digest subscribe los reactiva.",
                ));
                Ok(reply)
            }
            _ => Err(CoreError::Invalid(loc.pick(
                "This channel has no digest to stop.".into(),
                "Este canal no tiene resumen que desactivar.".into(),
            ))),
        },
        "digest show" => {
            let mut reply = Reply::new(
                ReplyKind::Answer,
                loc.pick("Daily digest", "Resumen diario"),
            );
            reply.ephemeral = true;
            reply.note(match &existing {
                Some(sub) if sub.active => loc.pick(
                    format!("Every day at {} ({}), in {}{}. Last digest: {}.", sub.time_of_day, sub.timezone, sub.locale, if sub.post_when_empty { ", even on quiet days" } else { "" }, sub.last_local_date.clone().unwrap_or_else(|| "none yet".into())),
                    format!("Cada día a las {} ({}), en {}{}. Último resumen: {}.", sub.time_of_day, sub.timezone, sub.locale, if sub.post_when_empty { ", también los días sin novedades" } else { "" }, sub.last_local_date.clone().unwrap_or_else(|| "ninguno aún".into())),
                ),
                Some(sub) => loc.pick(
                    format!("The digest here is off ({}). /digest subscribe turns it on.", sub.disabled_reason.clone().unwrap_or_default()),
                    format!("El resumen está desactivado ({}). /digest subscribe lo activa.", sub.disabled_reason.clone().unwrap_or_default()),
                ),
                None => loc.pick(
                    "This channel has no daily digest. A moderator can start one with /digest subscribe time:08:00 timezone:Europe/Madrid.".to_string(),
                    "Este canal no tiene resumen diario. Un moderador puede activarlo con /digest subscribe time:08:00 timezone:Europe/Madrid.".to_string(),
                ),
            });
            Ok(reply)
        }
        _ => {
            // Preview: what the next digest would hold if built now.
            let store = core.store();
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
            reply.ephemeral = true;
            reply.blocks.insert(
                0,
                crate::core::reply::Block::Note {
                    text: match existing {
                        Some(_) => loc.pick("Preview, not posted: the next digest for this channel if it went out now.", "Vista previa, sin publicar: el próximo resumen de este canal si saliera ahora.").into(),
                        None => loc.pick("Preview, not posted: the last 24 hours (this channel has no digest subscription).", "Vista previa, sin publicar: las últimas 24 horas (este canal no tiene resumen).").into(),
                    },
                },
            );
            Ok(reply)
        }
    }
}
