//! Daily digests posted to Matrix rooms. The core's runner decides what is
//! due and keeps each digest exactly-once; this sink splits a digest into
//! notices and sends them with a transaction id derived from the runner's
//! idempotency key, so a resend of a message whose confirmation was lost
//! is dropped by the homeserver
//! (<https://spec.matrix.org/v1.13/client-server-api/#transaction-identifiers>).
//! matrix-sdk waits out `M_LIMIT_EXCEEDED` before retrying.

use std::future::IntoFuture as _;
use std::time::Duration;

use matrix_sdk::config::RequestConfig;
use matrix_sdk::ruma::api::error::ErrorKind;
use matrix_sdk::ruma::{OwnedRoomId, OwnedTransactionId};
use matrix_sdk::{Client, RoomState};

use crate::core::digest::run::{DigestSettings, DigestSink, SendError};
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
        split(digest, locale)
            .iter()
            .flat_map(|part| render_messages(part, locale))
            .map(|message| json!({ "body": message.body, "html": message.html }).to_string())
            .collect()
    }

    fn send(
        &mut self,
        subscription: &Subscription,
        key: &str,
        payload: &str,
    ) -> Result<(), SendError> {
        let room_id = OwnedRoomId::try_from(subscription.place.as_str()).map_err(|_| {
            SendError::Permanent(format!("“{}” is not a Matrix room id", subscription.place))
        })?;
        let room = self
            .client
            .get_room(&room_id)
            .filter(|room| room.state() == RoomState::Joined)
            .ok_or_else(|| SendError::Permanent(format!("the bot is not in the room {room_id}")))?;
        let stored: Value = serde_json::from_str(payload).map_err(|e| {
            SendError::Permanent(format!("a stored digest message is not JSON: {e}"))
        })?;
        let message = MatrixMessage {
            body: stored["body"].as_str().unwrap_or_default().to_string(),
            html: stored["html"].as_str().unwrap_or_default().to_string(),
        };
        let send = room
            .send(notice(&message, None))
            .with_transaction_id(OwnedTransactionId::from(key))
            .with_request_config(
                RequestConfig::new()
                    .retry_limit(3)
                    .max_retry_time(Duration::from_secs(120)),
            );
        self.runtime
            .block_on(send.into_future())
            .map_err(send_error)?;
        Ok(())
    }
}

/// Posts due digests every 30 s until the task is dropped.
pub async fn post_due_digests(core: SharedCore, client: Client, settings: DigestSettings) {
    crate::adapters::digest_loop::post_due_digests(core, "Matrix", settings, move |runtime| {
        MatrixDigestSink::new(client.clone(), runtime)
    })
    .await
}
