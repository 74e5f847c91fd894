//! Daily digests posted to Matrix rooms. The core's runner decides what is
//! due and keeps each digest exactly-once; this sink splits a digest into
//! notices and sends them with a transaction id derived from the runner's
//! idempotency key, so a resend of a message whose confirmation was lost
//! is dropped by the homeserver
//! (<https://spec.matrix.org/v1.13/client-server-api/#transaction-identifiers>).
//! matrix-sdk waits out `M_LIMIT_EXCEEDED` before retrying.
//!
//! Each notice is remembered with the records it shows; a correction
//! replaces it with an `m.replace` edit of the original event
//! (<https://spec.matrix.org/v1.13/client-server-api/#event-replacements>):
//! `m.new_content` holds the whole new notice with empty `m.mentions`, and
//! the top-level fallback body starts with `* `.

use std::future::IntoFuture as _;
use std::time::Duration;

use matrix_sdk::config::RequestConfig;
use matrix_sdk::ruma::api::error::ErrorKind;
use matrix_sdk::ruma::events::room::message::{
    ReplacementMetadata, RoomMessageEventContentWithoutRelation,
};
use matrix_sdk::ruma::events::Mentions;
use matrix_sdk::ruma::{OwnedEventId, OwnedRoomId, OwnedTransactionId};
use matrix_sdk::{Client, RoomState};

use crate::core::digest::run::{DigestSettings, DigestSink, PreparedMessage, SendError};
use crate::core::edits::render::shown_records;
use crate::core::edits::{EditError, EditSink};
use crate::core::i18n::Locale;
use crate::core::reply::Reply;
use crate::render::matrix::{render_messages, split, MatrixMessage};
use crate::store::digest::Subscription;
use serde_json::{json, Value};

use super::handler::notice;
use super::SharedCore;

/// The Matrix side of the digest runner.
pub struct MatrixDigestSink {
    client: Client,
    /// Sends run on the async runtime while the runner waits on a
    /// blocking thread (holding no connection).
    runtime: tokio::runtime::Handle,
}

impl MatrixDigestSink {
    pub fn new(client: Client, runtime: tokio::runtime::Handle) -> Self {
        MatrixDigestSink { client, runtime }
    }
}

/// Forbidden or unknown room: the bot was removed or the room is gone, so
/// retrying will not help. Anything else (network, rate limit, server
/// error) is worth retrying.
fn send_error(err: matrix_sdk::Error) -> SendError {
    match err.client_api_error_kind() {
        Some(ErrorKind::Forbidden | ErrorKind::NotFound) => {
            SendError::Permanent(format!("the homeserver refused the room: {err:#}"))
        }
        _ => SendError::Transient(format!("{err:#}")),
    }
}

impl DigestSink for MatrixDigestSink {
    fn platform(&self) -> &str {
        "matrix"
    }

    /// Each notice's plain body and HTML, as JSON.
    fn prepare(&self, digest: &Reply, locale: Locale) -> Vec<String> {
        self.prepare_messages(digest, locale)
            .into_iter()
            .map(|m| m.payload)
            .collect()
    }

    /// Each notice with the part of the digest it renders, so a correction
    /// can re-render it later.
    fn prepare_messages(&self, digest: &Reply, locale: Locale) -> Vec<PreparedMessage> {
        split(digest, locale)
            .iter()
            .flat_map(|part| {
                let pieces = payloads(part, locale);
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
        let room_id = OwnedRoomId::try_from(subscription.place.as_str()).map_err(|_| {
            SendError::Permanent(format!("“{}” is not a Matrix room id", subscription.place))
        })?;
        let room = self
            .client
            .get_room(&room_id)
            .filter(|room| room.state() == RoomState::Joined)
            .ok_or_else(|| SendError::Permanent(format!("the bot is not in the room {room_id}")))?;
        let message = stored_message(payload).map_err(SendError::Permanent)?;
        let send = room
            .send(notice(&message, None))
            .with_transaction_id(OwnedTransactionId::from(key))
            .with_request_config(
                RequestConfig::new()
                    .retry_limit(3)
                    .max_retry_time(Duration::from_secs(120)),
            );
        let sent = self
            .runtime
            .block_on(send.into_future())
            .map_err(send_error)?;
        Ok(Some(sent.response.event_id.to_string()))
    }
}

/// The notices a reply renders to, each its plain body and HTML as JSON.
fn payloads(reply: &Reply, locale: Locale) -> Vec<String> {
    render_messages(reply, locale)
        .into_iter()
        .map(|message| json!({ "body": message.body, "html": message.html }).to_string())
        .collect()
}

fn stored_message(payload: &str) -> Result<MatrixMessage, String> {
    let stored: Value = serde_json::from_str(payload)
        .map_err(|e| format!("a stored digest message is not JSON: {e}"))?;
    Ok(MatrixMessage {
        body: stored["body"].as_str().unwrap_or_default().to_string(),
        html: stored["html"].as_str().unwrap_or_default().to_string(),
    })
}

/// Forbidden, unknown room or event, or the bot no longer in the room: the
/// notice can no longer be edited. Anything else is worth retrying.
fn edit_error(err: matrix_sdk::Error) -> EditError {
    match err.client_api_error_kind() {
        Some(ErrorKind::Forbidden | ErrorKind::NotFound) => {
            EditError::Gone(format!("the homeserver refused the edit: {err:#}"))
        }
        _ => EditError::Transient(format!("{err:#}")),
    }
}

impl EditSink for MatrixDigestSink {
    fn platform(&self) -> &str {
        "matrix"
    }

    fn render(&self, document: &Reply, locale: Locale) -> Vec<String> {
        payloads(document, locale)
    }

    /// An `m.replace` of the original notice (`message_ref` is always the
    /// original event's id, never an earlier edit's), sent under a
    /// transaction id derived from `key`, so a repeat is dropped.
    fn edit(
        &mut self,
        place: &str,
        message_ref: &str,
        key: &str,
        payload: &str,
    ) -> Result<(), EditError> {
        let room_id = OwnedRoomId::try_from(place)
            .map_err(|_| EditError::Gone(format!("“{place}” is not a Matrix room id")))?;
        let event_id = OwnedEventId::try_from(message_ref)
            .map_err(|_| EditError::Gone(format!("“{message_ref}” is not a Matrix event id")))?;
        let room = self
            .client
            .get_room(&room_id)
            .filter(|room| room.state() == RoomState::Joined)
            .ok_or_else(|| {
                EditError::Gone(format!("the bot is no longer in the room {room_id}"))
            })?;
        let message = stored_message(payload).map_err(EditError::Transient)?;
        let mut new_content =
            RoomMessageEventContentWithoutRelation::notice_html(&message.body, &message.html);
        new_content.mentions = Some(Mentions::new());
        let content =
            new_content.make_replacement(ReplacementMetadata::new(event_id, Some(Mentions::new())));
        let send = room
            .send(content)
            .with_transaction_id(OwnedTransactionId::from(key))
            .with_request_config(
                RequestConfig::new()
                    .retry_limit(3)
                    .max_retry_time(Duration::from_secs(120)),
            );
        self.runtime
            .block_on(send.into_future())
            .map_err(edit_error)?;
        Ok(())
    }
}

/// Posts due digests, and carries corrections to posted notices, every
/// 30 s until the task is dropped. The two loops run side by side, so an
/// edit never holds up a digest.
pub async fn post_due_digests(core: SharedCore, client: Client, settings: DigestSettings) {
    let edit_client = client.clone();
    let digests = crate::adapters::digest_loop::post_due_digests(
        std::sync::Arc::clone(&core),
        "Matrix",
        settings,
        move |runtime| MatrixDigestSink::new(client.clone(), runtime),
    );
    let edits = crate::adapters::edit_loop::send_due_edits(core, "Matrix", move |runtime| {
        MatrixDigestSink::new(edit_client.clone(), runtime)
    });
    tokio::join!(digests, edits);
}
