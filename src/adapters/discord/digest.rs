//! Daily digests posted to Discord channels. The core's runner decides
//! what is due and keeps each digest exactly-once; this sink only splits a
//! digest into messages Discord accepts and posts them through serenity's
//! HTTP client, which waits out Discord's rate limits
//! (<https://discord.com/developers/docs/topics/rate-limits>).
//!
//! A message is sent with a `nonce` derived from the runner's idempotency
//! key and `enforce_nonce`, so Discord drops a resend of a message whose
//! confirmation was lost (for a few minutes; see the runner's notes).
//!
//! Digest messages are the bot's own channel messages, which it may edit at
//! any time (`PATCH /channels/{channel}/messages/{message}`): each is
//! remembered with the records it shows, and a correction edits it
//! (`core::edits`). An edit resets `allowed_mentions` unless it is sent
//! again (discord-api-docs #3378), so every edit carries an empty `parse`.

use std::sync::Arc;

use serde_json::{json, Value};
use serenity::http::{Http, HttpError};
use serenity::model::id::{ChannelId, MessageId};

use crate::core::digest::run::{DigestSettings, DigestSink, PreparedMessage, SendError};
use crate::core::edits::render::shown_records;
use crate::core::edits::{EditError, EditSink};
use crate::core::i18n::Locale;
use crate::core::reply::Reply;
use crate::render::discord::{no_mentions, render};
use crate::store::digest::Subscription;

use super::handler::{redact_token, SharedCore};

/// The Discord side of the digest runner.
pub struct DiscordDigestSink {
    http: Arc<Http>,
    /// Sends run on the async runtime while the runner waits on a
    /// blocking thread (holding no connection).
    runtime: tokio::runtime::Handle,
}

impl DiscordDigestSink {
    pub fn new(http: Arc<Http>, runtime: tokio::runtime::Handle) -> Self {
        DiscordDigestSink { http, runtime }
    }
}

/// The channel of a Discord subscription's place (`guild/channel` or `dm/channel`).
pub fn channel_of(place: &str) -> Option<ChannelId> {
    let channel = place.rsplit('/').next()?;
    channel
        .parse::<u64>()
        .ok()
        .filter(|id| *id > 0)
        .map(ChannelId::new)
}

/// A Discord nonce (at most 25 characters) that is the same for every
/// retry of one message: FNV-1a of the runner's key.
pub fn nonce(key: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("cw{hash:016x}")
}

/// Splits a digest into replies that each render as one Discord message,
/// keeping blocks whole and in order. Every part keeps the digest's title
/// and source list (a part only shows the sources its statements cite).
pub fn split_for_discord(digest: &Reply, locale: Locale) -> Vec<Reply> {
    if render(digest, locale).len() <= 1 {
        return vec![digest.clone()];
    }
    let shell = Reply {
        blocks: Vec::new(),
        paging: None,
        ..digest.clone()
    };
    let mut parts = Vec::new();
    let mut current = shell.clone();
    for block in &digest.blocks {
        current.blocks.push(block.clone());
        if current.blocks.len() > 1 && render(&current, locale).len() > 1 {
            let block = current.blocks.pop().expect("just pushed");
            parts.push(std::mem::replace(&mut current, shell.clone()));
            current.blocks.push(block);
        }
    }
    if !current.blocks.is_empty() {
        parts.push(current);
    }
    parts
}

fn send_error(err: serenity::Error) -> SendError {
    match &err {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            let status = response.status_code.as_u16();
            // Unknown channel, missing access or permissions: retrying will not help.
            if matches!(status, 403 | 404) {
                SendError::Permanent(format!(
                    "Discord refused the channel ({status}): {}",
                    response.error.message
                ))
            } else {
                SendError::Transient(format!(
                    "Discord answered {status}: {}",
                    response.error.message
                ))
            }
        }
        _ => SendError::Transient(format!("{err:#}")),
    }
}

impl DigestSink for DiscordDigestSink {
    fn platform(&self) -> &str {
        "discord"
    }

    /// Each message's JSON body, without its nonce (added from the key when
    /// sent). `split` makes each part one message; a single statement too
    /// long for one message still goes out whole, in several.
    fn prepare(&self, digest: &Reply, locale: Locale) -> Vec<String> {
        self.prepare_messages(digest, locale)
            .into_iter()
            .map(|m| m.payload)
            .collect()
    }

    /// Each message with the part of the digest it renders, so a
    /// correction can re-render it later.
    fn prepare_messages(&self, digest: &Reply, locale: Locale) -> Vec<PreparedMessage> {
        split_for_discord(digest, locale)
            .iter()
            .flat_map(|part| {
                let pieces = bodies(part, locale);
                let count = pieces.len();
                pieces
                    .into_iter()
                    .enumerate()
                    .map(move |(piece, payload)| PreparedMessage {
                        payload,
                        shown: Some(shown_records(part, piece, count)),
                    })
            })
            .collect()
    }

    fn send(
        &mut self,
        subscription: &Subscription,
        key: &str,
        payload: &str,
    ) -> Result<(), SendError> {
        self.post(subscription, key, payload).map(|_| ())
    }

    fn post(
        &mut self,
        subscription: &Subscription,
        key: &str,
        payload: &str,
    ) -> Result<Option<String>, SendError> {
        let channel = channel_of(&subscription.place).ok_or_else(|| {
            SendError::Permanent(format!("“{}” is not a Discord channel", subscription.place))
        })?;
        let mut body: Value = serde_json::from_str(payload).map_err(|e| {
            SendError::Permanent(format!("a stored digest message is not JSON: {e}"))
        })?;
        body["nonce"] = json!(nonce(key));
        body["enforce_nonce"] = Value::Bool(true);
        let message = self
            .runtime
            .block_on(self.http.send_message(channel, Vec::new(), &body))
            .map_err(send_error)?;
        Ok(Some(message.id.to_string()))
    }
}

/// The JSON bodies a reply renders to, one per message, never ephemeral.
fn bodies(reply: &Reply, locale: Locale) -> Vec<String> {
    render(reply, locale)
        .into_iter()
        .map(|mut body| {
            if let Some(object) = body.as_object_mut() {
                object.remove("flags");
            }
            body.to_string()
        })
        .collect()
}

/// Unknown message, channel or webhook (404), no access any more (403),
/// or, for a command's answer, an interaction token no longer valid (401;
/// for a channel message a 401 is the bot's own token, worth retrying once
/// fixed): the message can no longer be edited. Anything else is worth
/// retrying.
fn edit_error(err: serenity::Error, interaction: bool) -> EditError {
    match &err {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response))
            if matches!(response.status_code.as_u16(), 403 | 404)
                || (interaction && response.status_code.as_u16() == 401) =>
        {
            EditError::Gone(format!(
                "Discord answered {} ({}): {}",
                response.status_code.as_u16(),
                response.error.code,
                response.error.message
            ))
        }
        _ => EditError::Transient(format!("{err:#}")),
    }
}

impl EditSink for DiscordDigestSink {
    fn platform(&self) -> &str {
        "discord"
    }

    fn render(&self, document: &Reply, locale: Locale) -> Vec<String> {
        bodies(document, locale)
    }

    /// A PATCH of the bot's own channel message. Discord has no idempotency
    /// key for edits; a repeated edit carries the same text.
    fn edit(
        &mut self,
        place: &str,
        message_ref: &str,
        _key: &str,
        payload: &str,
    ) -> Result<(), EditError> {
        let mut body: Value = serde_json::from_str(payload)
            .map_err(|e| EditError::Transient(format!("an edit is not JSON: {e}")))?;
        body["allowed_mentions"] = no_mentions();
        // A command's answer, editable through its interaction's token
        // while the token lives (see remember.rs).
        if let Some(token) = message_ref.strip_prefix("interaction:") {
            return self
                .runtime
                .block_on(
                    self.http
                        .edit_original_interaction_response(token, &body, Vec::new()),
                )
                .map(|_| ())
                .map_err(|err| match edit_error(err, true) {
                    EditError::Gone(why) => EditError::Gone(redact_token(&why, token)),
                    EditError::Transient(why) => EditError::Transient(redact_token(&why, token)),
                });
        }
        let channel = channel_of(place)
            .ok_or_else(|| EditError::Gone(format!("“{place}” is not a Discord channel")))?;
        let message = message_ref
            .parse::<u64>()
            .ok()
            .filter(|id| *id > 0)
            .map(MessageId::new)
            .ok_or_else(|| {
                EditError::Gone(format!("“{message_ref}” is not a Discord message id"))
            })?;
        self.runtime
            .block_on(self.http.edit_message(channel, message, &body, Vec::new()))
            .map_err(|err| edit_error(err, false))?;
        Ok(())
    }
}

/// Posts due digests, and carries corrections to posted messages, every
/// 30 s until the task is dropped. The two loops run side by side, so an
/// edit never holds up a digest.
pub async fn post_due_digests(core: SharedCore, http: Arc<Http>, settings: DigestSettings) {
    let edit_http = Arc::clone(&http);
    let digests = crate::adapters::digest_loop::post_due_digests(
        Arc::clone(&core),
        "Discord",
        settings,
        move |runtime| DiscordDigestSink::new(Arc::clone(&http), runtime),
    );
    let edits = crate::adapters::edit_loop::send_due_edits(core, "Discord", move |runtime| {
        DiscordDigestSink::new(Arc::clone(&edit_http), runtime)
    });
    tokio::join!(digests, edits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_and_nonces() {
        assert_eq!(
            channel_of("290926798626357250/645027906669510667"),
            Some(ChannelId::new(645027906669510667))
        );
        assert_eq!(
            channel_of("dm/645027906669510667"),
            Some(ChannelId::new(645027906669510667))
        );
        assert_eq!(channel_of("console"), None);
        let key = "casewatch-digest-12-2026-11-22-0";
        assert_eq!(nonce(key), nonce(key));
        assert_ne!(nonce(key), nonce("casewatch-digest-12-2026-11-22-1"));
        assert!(nonce(key).len() <= 25);
    }
}
