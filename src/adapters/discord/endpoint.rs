//! Discord's HTTP interactions endpoint, served by `casewatch serve` beside
//! the public site when `DISCORD_PUBLIC_KEY` is set. Every POST to
//! `/interactions` is checked against the application's public key
//! (<https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers>)
//! before anything else is read; a missing, malformed or wrong signature,
//! or a timestamp that is not recent, gets 401. Discord sends bad
//! signatures on purpose from time to time and removes an endpoint that
//! accepts them.
//!
//! Hardened for the open internet by the server it runs on
//! ([`crate::adapters::web::server`]: deadlines, caps), and a replayed
//! interaction id gets its first response again without running the
//! command twice. `GET /healthz` says whether the database
//! answers. The only state is that replay cache, per process: several
//! instances can share a URL only when they share one database.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::HeaderValue;
use hyper::{Method, Request, Response, StatusCode};
use serenity::http::Http;
use serenity::interactions_endpoint::Verifier;
use serenity::model::id::ApplicationId;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Semaphore};

use super::handler::Handler;
use super::payload;
use super::replay::ReplayCache;
use crate::adapters::web::server::{self, reply, Service};

// The limits live with the server the site shares; their names stay here
// for the code and tests that know them as the endpoint's.
pub use crate::adapters::web::server::{
    Answer, Limits, BODY_READ_TIMEOUT, CONNECTION_WAIT, HEADER_READ_TIMEOUT, HEALTH_PATH,
    HEALTH_TIMEOUT, MAX_BODY, MAX_CONNECTIONS, REPLAY_CACHE,
};

/// The one path Discord is configured to POST to.
pub const PATH: &str = "/interactions";
/// How far a request's timestamp may be from our clock. Discord does not
/// publish a window; five minutes tolerates clock skew and refuses replays
/// of old captured requests.
const MAX_SKEW: Duration = Duration::from_secs(300);

/// What the endpoint needs to answer requests.
pub struct Endpoint {
    handler: Handler,
    verifier: Verifier,
    /// Sends deferred answers (edits of the original response).
    http: Arc<Http>,
    limits: Limits,
    replays: ReplayCache,
    connections: Arc<Semaphore>,
}

impl Endpoint {
    pub fn new(handler: Handler, verifier: Verifier, http: Arc<Http>) -> Self {
        Endpoint::with_limits(handler, verifier, http, Limits::default())
    }

    pub fn with_limits(
        handler: Handler,
        verifier: Verifier,
        http: Arc<Http>,
        limits: Limits,
    ) -> Self {
        Endpoint {
            handler,
            verifier,
            http,
            replays: ReplayCache::new(limits.replay_cache),
            connections: Arc::new(Semaphore::new(limits.max_connections)),
            limits,
        }
    }

    /// The REST client deferred answers go out through.
    pub fn http(&self) -> &Http {
        &self.http
    }

    /// The handler, whose answers in flight a stop waits for.
    pub fn handler(&self) -> &Handler {
        &self.handler
    }
}

/// Why a request was refused; logged at debug level only, since Discord's
/// deliberate probes would otherwise fill the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    MissingHeader,
    BadTimestamp,
    BadSignature,
}

/// Checks the signature headers against the raw body.
fn verify(
    verifier: &Verifier,
    signature: Option<&HeaderValue>,
    timestamp: Option<&HeaderValue>,
    body: &[u8],
) -> Result<(), Refusal> {
    let signature = signature
        .and_then(|v| v.to_str().ok())
        .ok_or(Refusal::MissingHeader)?;
    let timestamp = timestamp
        .and_then(|v| v.to_str().ok())
        .ok_or(Refusal::MissingHeader)?;
    let seconds: u64 = timestamp.parse().map_err(|_| Refusal::BadTimestamp)?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    if now.abs_diff(seconds) > MAX_SKEW.as_secs() {
        return Err(Refusal::BadTimestamp);
    }
    verifier
        .verify(signature, timestamp, body)
        .map_err(|()| Refusal::BadSignature)
}

/// Answers one HTTP request to the endpoint alone (no site): `/healthz`,
/// `/interactions`, and 404 elsewhere.
pub async fn respond(endpoint: Arc<Endpoint>, request: Request<Incoming>) -> Response<Answer> {
    if request.uri().path() == HEALTH_PATH {
        return server::health_route(
            endpoint.handler.core(),
            endpoint.limits.health,
            request.method(),
        )
        .await;
    }
    if request.uri().path() != PATH {
        return reply(StatusCode::NOT_FOUND, "not found", false);
    }
    interaction(&endpoint, request).await
}

/// Answers a request to `/interactions`: only a POST whose signature
/// checks out is read.
pub async fn interaction(endpoint: &Arc<Endpoint>, request: Request<Incoming>) -> Response<Answer> {
    if request.method() != Method::POST {
        return server::not_allowed("POST");
    }
    let signature = request.headers().get("x-signature-ed25519").cloned();
    let timestamp = request.headers().get("x-signature-timestamp").cloned();
    if signature.is_none() || timestamp.is_none() {
        tracing::debug!("refused an interaction: {:?}", Refusal::MissingHeader);
        return reply(StatusCode::UNAUTHORIZED, "invalid request signature", false);
    }
    let limits = endpoint.limits;
    let collect = Limited::new(request.into_body(), limits.max_body).collect();
    let body = match tokio::time::timeout(limits.body_read, collect).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(err)) => {
            tracing::debug!("could not read an interaction body: {err:#}");
            return reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body too large or unreadable",
                false,
            );
        }
        Err(_) => {
            tracing::debug!(
                "an interaction body took longer than {:?}",
                limits.body_read
            );
            return reply(StatusCode::REQUEST_TIMEOUT, "body too slow", false);
        }
    };
    if let Err(refusal) = verify(
        &endpoint.verifier,
        signature.as_ref(),
        timestamp.as_ref(),
        &body,
    ) {
        tracing::debug!("refused an interaction: {refusal:?}");
        return reply(StatusCode::UNAUTHORIZED, "invalid request signature", false);
    }
    let (id, interaction) = match payload::Interaction::read(&body) {
        Ok(read) => read,
        Err(err) => {
            tracing::warn!("a signed interaction could not be read: {err:#}");
            return reply(StatusCode::BAD_REQUEST, "unreadable interaction", false);
        }
    };
    let mut gate = None;
    let answer = async {
        let response = endpoint.handler.handle(interaction).await;
        if let Some(later) = response.later {
            let http = Arc::clone(&endpoint.http);
            if let Some(id) = std::num::NonZeroU64::new(later.application_id) {
                http.set_application_id(ApplicationId::from(id));
            }
            let (sent, delivered) = oneshot::channel();
            gate = Some(sent);
            tokio::spawn(async move {
                // Edit the original only once Discord has the deferral.
                if delivered.await.is_ok() {
                    // `serve` runs no edit loop, so it remembers no
                    // answer for corrections (see remember.rs).
                    let _not_remembered = later.send(&http).await;
                } else {
                    tracing::warn!(
                        "a deferred response was not delivered; its follow-up is dropped"
                    );
                }
            });
        }
        match serde_json::to_vec(&response.initial) {
            Ok(body) => Bytes::from(body),
            Err(err) => {
                tracing::error!("could not encode an interaction response: {err:#}");
                Bytes::new()
            }
        }
    };
    let body = match id {
        Some(id) => endpoint.replays.answer(id, answer).await,
        None => answer.await,
    };
    if body.is_empty() {
        return reply(StatusCode::INTERNAL_SERVER_ERROR, "internal error", false);
    }
    let mut response = reply(StatusCode::OK, body, true);
    response.body_mut().when_sent(gate);
    response
}

impl Service for Endpoint {
    fn limits(&self) -> Limits {
        self.limits
    }

    fn slots(&self) -> &Arc<Semaphore> {
        &self.connections
    }

    fn respond(
        self: Arc<Self>,
        request: Request<Incoming>,
    ) -> impl Future<Output = Response<Answer>> + Send {
        respond(self, request)
    }
}

/// Serves the endpoint alone on `listener` until `shutdown` completes.
pub async fn serve_on(
    listener: TcpListener,
    endpoint: Arc<Endpoint>,
    shutdown: impl Future<Output = ()>,
) {
    server::serve_on(listener, endpoint, shutdown).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_told_apart() {
        let verifier =
            Verifier::new("67c6bd767ca099e79efac9fcce4d2022a63bf7dea780e7f3d813f694c1597089");
        let sig = HeaderValue::from_static("00");
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        let fresh = HeaderValue::from_str(&now).unwrap();
        assert_eq!(
            verify(&verifier, None, Some(&fresh), b"{}"),
            Err(Refusal::MissingHeader)
        );
        assert_eq!(
            verify(
                &verifier,
                Some(&sig),
                Some(&HeaderValue::from_static("soon")),
                b"{}"
            ),
            Err(Refusal::BadTimestamp)
        );
        assert_eq!(
            verify(
                &verifier,
                Some(&sig),
                Some(&HeaderValue::from_static("1")),
                b"{}"
            ),
            Err(Refusal::BadTimestamp)
        );
        assert_eq!(
            verify(&verifier, Some(&sig), Some(&fresh), b"{}"),
            Err(Refusal::BadSignature)
        );
    }
}
