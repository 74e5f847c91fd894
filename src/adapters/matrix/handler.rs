//! Room events in, notices out: a text message addressed to the bot becomes
//! one core invocation; its reply is rendered and sent as `m.notice`s in
//! reply to the command (in its thread when it was in one), with an empty
//! `m.mentions` so nothing pings. Invites are accepted, with retries.
//! A public answer that names records is remembered once sent, so a later
//! correction edits it (`core::edits`).
//!
//! Ignored: the bot's own events, every `m.notice` (the spec's type for
//! automated messages, which bots must not answer, so two bots cannot loop),
//! edits, and anything but text.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use matrix_sdk::event_handler::Ctx;
use matrix_sdk::room::Room;
use matrix_sdk::ruma::events::relation::{InReplyTo, Reply as ReplyRelation, Thread};
use matrix_sdk::ruma::events::room::member::{MembershipState, StrippedRoomMemberEvent};
use matrix_sdk::ruma::events::room::message::{
    MessageType, OriginalSyncRoomMessageEvent, Relation, RoomMessageEventContent,
};
use matrix_sdk::ruma::events::Mentions;
use matrix_sdk::ruma::{MilliSecondsSinceUnixEpoch, OwnedEventId, OwnedRoomId, RoomId, UserId};
use matrix_sdk::{Client, RoomState};

use crate::core::edits::answers::{remember_answer, worth_remembering, AnswerMessage};
use crate::core::reply::Reply;
use crate::core::{Actor, Invocation, Role};
use crate::render::matrix::{render_messages, split, MatrixMessage};

use super::command::Addressing;
use super::config::MatrixConfig;
use super::SharedCore;
use crate::adapters::shutdown::InFlight;
use crate::core::messages::store::StoreMsg;

/// What the event handlers share.
pub struct Bot {
    pub core: SharedCore,
    pub config: Arc<MatrixConfig>,
    pub addressing: Addressing,
    /// When this process started: older messages are not answered.
    pub started_at: MilliSecondsSinceUnixEpoch,
    /// When the bot joined rooms during this run. The first sync after a
    /// join carries the room's recent history, which is not answered either.
    pub joined_at: Mutex<HashMap<OwnedRoomId, MilliSecondsSinceUnixEpoch>>,
    /// Answers being worked on or sent, so a stop waits for them.
    pub in_flight: InFlight,
}

impl Bot {
    pub fn new(
        core: SharedCore,
        config: Arc<MatrixConfig>,
        addressing: Addressing,
        started_at: MilliSecondsSinceUnixEpoch,
    ) -> Self {
        Bot {
            core,
            config,
            addressing,
            started_at,
            joined_at: Mutex::new(HashMap::new()),
            in_flight: InFlight::default(),
        }
    }

    /// Messages older than this in `room` were sent before the bot could
    /// hear them (before it started, or before it joined the room).
    fn answers_from(&self, room: &RoomId) -> MilliSecondsSinceUnixEpoch {
        let joined = self
            .joined_at
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(room)
            .copied();
        joined.map_or(self.started_at, |joined| joined.max(self.started_at))
    }
}

/// The place string of a room (`matrix:!room:server`).
pub fn place(room: &Room) -> String {
    format!("matrix:{}", room.room_id())
}

/// What an answer replies to: the command, and in a thread the thread too.
#[derive(Debug, Clone)]
pub enum Answering {
    /// A reply in the room's main timeline.
    Room(OwnedEventId),
    /// A reply inside a thread: its root, and the command.
    Thread {
        root: OwnedEventId,
        command: OwnedEventId,
    },
}

impl Answering {
    /// How an answer to this command relates to it.
    fn command(event: &OriginalSyncRoomMessageEvent) -> Self {
        match &event.content.relates_to {
            Some(Relation::Thread(thread)) => Answering::Thread {
                root: thread.event_id.clone(),
                command: event.event_id.clone(),
            },
            _ => Answering::Room(event.event_id.clone()),
        }
    }
}

/// A notice with an empty `m.mentions`, replying when `answering` is set.
/// No reply fallback is added: fallbacks were removed from the spec (v1.13).
pub fn notice(message: &MatrixMessage, answering: Option<&Answering>) -> RoomMessageEventContent {
    let mut content = RoomMessageEventContent::notice_html(&message.body, &message.html);
    content.mentions = Some(Mentions::new());
    content.relates_to = answering.map(|answering| match answering {
        Answering::Room(command) => {
            Relation::Reply(ReplyRelation::new(InReplyTo::new(command.clone())))
        }
        Answering::Thread { root, command } => {
            Relation::Thread(Thread::reply(root.clone(), command.clone()))
        }
    });
    content
}

/// The sender's role: moderator from the configured power level; room
/// creators in room version 12 have unlimited power
/// (<https://spec.matrix.org/v1.16/rooms/v12/>), which matrix-sdk reports as
/// `Infinite`. When the power levels cannot be read, the sender is a member
/// (moderator commands are refused rather than allowed by mistake).
async fn role(room: &Room, sender: &UserId, level: i64) -> Role {
    use matrix_sdk::ruma::events::room::power_levels::UserPowerLevel;
    match room.get_user_power_level(sender).await {
        Ok(UserPowerLevel::Infinite) => Role::Moderator,
        Ok(UserPowerLevel::Int(power)) if i64::from(power) >= level => Role::Moderator,
        Ok(_) => Role::Member,
        Err(err) => {
            tracing::warn!(room = %room.room_id(), %sender, "could not read power levels, treating the sender as a member: {err:#}");
            Role::Member
        }
    }
}

/// The sender's display name in the room, else their user id.
async fn display_name(room: &Room, sender: &UserId) -> String {
    match room.get_member_no_sync(sender).await {
        Ok(Some(member)) => member.name().to_string(),
        _ => sender.to_string(),
    }
}

/// An answer, and the newest audit entry before it was built (what a
/// correction must come after to be missing from it), when it was read.
struct Answered {
    reply: Reply,
    shown_audit_id: Option<i64>,
}

/// Claims the event and answers it through the core, on a blocking thread
/// (rusqlite is synchronous). `None`: it was answered before.
async fn answer(
    bot: &Bot,
    event_id: &OwnedEventId,
    invocation: Invocation,
    line: String,
) -> Option<Answered> {
    let core = Arc::clone(&bot.core);
    let event_id = event_id.to_string();
    let locale = invocation.locale;
    let failed = move || Answered {
        reply: general_error(locale),
        shown_audit_id: None,
    };
    let result = tokio::task::spawn_blocking(move || {
        let room = invocation.place.trim_start_matches("matrix:").to_string();
        // Claimed on the writer, which is given back before answering.
        let claimed = core.store_mut().claim_matrix_event(&event_id, &room);
        match claimed {
            Ok(true) => {
                // The audit id is read in the answer's own snapshot.
                let answer = core.answer_line(&invocation, &line);
                Some(Answered {
                    reply: answer.reply,
                    shown_audit_id: answer.audit_id,
                })
            }
            Ok(false) => None,
            Err(err) => {
                tracing::error!(event = %event_id, "could not record the command as answered: {err:#}");
                Some(failed())
            }
        }
    })
    .await;
    result.unwrap_or_else(|err| {
        tracing::error!("answering a Matrix command stopped: {err:#}");
        Some(failed())
    })
}

/// Remembers a sent notice of a public answer, so a later correction of
/// the records it shows edits it (`core::edits`). A failure is logged: the
/// answer itself went out.
async fn remember(bot: &Bot, room: &Room, answer: AnswerPart, event_id: OwnedEventId) {
    let core = Arc::clone(&bot.core);
    let place = room.room_id().to_string();
    let locale = bot.config.locale;
    let remembered = tokio::task::spawn_blocking(move || {
        remember_answer(
            core.database(),
            &AnswerMessage {
                platform: "matrix",
                place: &place,
                locale,
                part: &answer.part,
                piece: answer.piece,
                pieces: answer.pieces,
                shown_audit_id: answer.shown_audit_id,
                message_ref: event_id.as_str(),
                edit_until: None,
            },
        )
    })
    .await;
    match remembered {
        Ok(Ok(())) => {}
        Ok(Err(err)) => {
            tracing::warn!(room = %room.room_id(), "could not remember an answer for later corrections: {err:#}")
        }
        Err(err) => {
            tracing::warn!(room = %room.room_id(), "remembering an answer stopped: {err:#}")
        }
    }
}

/// One notice of an answer: the part of the reply it renders.
struct AnswerPart {
    part: Reply,
    piece: usize,
    pieces: usize,
    shown_audit_id: i64,
}

fn general_error(locale: crate::core::i18n::Locale) -> Reply {
    Reply::error(StoreMsg::Failure.say(locale))
}

/// Answers a command message (the `m.room.message` handler).
pub async fn on_room_message(
    event: OriginalSyncRoomMessageEvent,
    room: Room,
    client: Client,
    bot: Ctx<Arc<Bot>>,
) {
    if room.state() != RoomState::Joined || client.user_id() == Some(&*event.sender) {
        return;
    }
    if matches!(event.content.relates_to, Some(Relation::Replacement(_))) {
        return;
    }
    let MessageType::Text(text) = &event.content.msgtype else {
        return;
    };
    if event.origin_server_ts < bot.answers_from(room.room_id()) {
        tracing::debug!(event = %event.event_id, "not answering a message sent before the bot could hear it");
        return;
    }
    let Some(line) = bot.addressing.command_line(&text.body) else {
        return;
    };
    let invocation = Invocation {
        actor: Actor {
            id: format!("matrix:{}", event.sender),
            display: display_name(&room, &event.sender).await,
            role: role(&room, &event.sender, bot.config.moderator_level).await,
        },
        place: place(&room),
        locale: bot.config.locale,
    };
    tracing::info!(room = %room.room_id(), event = %event.event_id, sender = %event.sender, "command {line:?}");
    // Until the last notice is sent.
    let _in_flight = bot.in_flight.enter();
    let Some(answered) = answer(&bot, &event.event_id, invocation, line).await else {
        tracing::info!(event = %event.event_id, "already answered; not answering again");
        return;
    };
    let answering = Answering::command(&event);
    let locale = bot.config.locale;
    let remembered = answered
        .shown_audit_id
        .filter(|_| worth_remembering(&answered.reply));
    for part in split(&answered.reply, locale) {
        let messages = render_messages(&part, locale);
        let pieces = messages.len();
        for (piece, message) in messages.iter().enumerate() {
            match room.send(notice(message, Some(&answering))).await {
                Ok(sent) => {
                    if let Some(shown_audit_id) = remembered {
                        let part = AnswerPart {
                            part: part.clone(),
                            piece,
                            pieces,
                            shown_audit_id,
                        };
                        remember(&bot, &room, part, sent.response.event_id).await;
                    }
                }
                Err(err) => {
                    tracing::error!(room = %room.room_id(), event = %event.event_id, "could not send the answer: {err:#}");
                    return;
                }
            }
        }
    }
}

/// Joins a room, retrying with a doubling delay: a homeserver can send the
/// invite before the room is ready to be joined
/// (<https://github.com/matrix-org/synapse/issues/4345>).
pub async fn join_with_retries(room: Room, bot: Arc<Bot>) {
    let mut delay = Duration::from_secs(2);
    loop {
        // Taken before asking: matrix-sdk's join returns only once the room
        // came down the sync, and a message sent meanwhile is answered.
        let asked_at = MilliSecondsSinceUnixEpoch::now();
        match room.join().await {
            Ok(()) => {
                bot.joined_at
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(room.room_id().to_owned(), asked_at);
                tracing::info!(room = %room.room_id(), "joined");
                return;
            }
            Err(err) if delay > Duration::from_secs(3600) => {
                tracing::error!(room = %room.room_id(), "giving up joining after retries: {err:#}");
                return;
            }
            Err(err) => {
                tracing::warn!(room = %room.room_id(), "could not join, retrying in {}s: {err:#}", delay.as_secs());
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
        }
    }
}

/// Accepts an invite when the inviter is allowed, else declines it.
pub async fn answer_invite(room: Room, inviter: Option<&UserId>, bot: &Arc<Bot>) {
    let allowed = match inviter {
        Some(inviter) => bot.config.may_invite(inviter.as_str()),
        None => bot.config.allowed_inviters.is_empty(),
    };
    if allowed {
        tokio::spawn(join_with_retries(room, Arc::clone(bot)));
    } else {
        tracing::info!(room = %room.room_id(), inviter = ?inviter.map(|u| u.as_str()), "declining an invite from someone not in MATRIX_ALLOWED_INVITERS");
        if let Err(err) = room.leave().await {
            tracing::warn!(room = %room.room_id(), "could not decline the invite: {err:#}");
        }
    }
}

/// The invite handler: invites to the bot itself only.
pub async fn on_stripped_member(
    event: StrippedRoomMemberEvent,
    room: Room,
    client: Client,
    bot: Ctx<Arc<Bot>>,
) {
    if client.user_id() != Some(&*event.state_key)
        || event.content.membership != MembershipState::Invite
        || room.state() != RoomState::Invited
    {
        return;
    }
    answer_invite(room, Some(&event.sender), &bot).await;
}

/// Answers the invites that arrived while the bot was not running (they
/// came with the first sync, before the handlers were attached).
pub async fn answer_pending_invites(client: &Client, bot: &Arc<Bot>) {
    for room in client.invited_rooms() {
        let inviter = match room.invite_details().await {
            Ok(details) => Some(details.inviter_id),
            Err(err) => {
                tracing::warn!(room = %room.room_id(), "could not read who sent an invite: {err:#}");
                None
            }
        };
        answer_invite(room, inviter.as_deref(), bot).await;
    }
}
