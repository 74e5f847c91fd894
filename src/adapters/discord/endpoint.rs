//! `casewatch serve`: Discord's HTTP interactions endpoint. Every POST to
//! `/interactions` is checked against the application's public key
//! (<https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers>)
//! before anything else is read; a missing, malformed or wrong signature,
//! or a timestamp that is not recent, gets 401. Discord sends bad
//! signatures on purpose from time to time and removes an endpoint that
//! accepts them.
//!
//! Hardened for the open internet: headers, bodies and idle keep-alive
//! connections have deadlines, bodies a size cap (413), connections a cap
//! (the excess waits briefly, then gets 503: the process never falls over),
//! and a replayed interaction id gets its first response again without
//! running the command twice. `GET /healthz` says whether the database
//! answers. The only state is that replay cache, per process: several
//! instances can share a URL only when they share one database.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serenity::http::Http;
use serenity::interactions_endpoint::Verifier;
use serenity::model::id::ApplicationId;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Semaphore};

use super::handler::Handler;
use super::payload;
use super::replay::ReplayCache;

/// The one path Discord is configured to POST to.
pub const PATH: &str = "/interactions";
/// Where a load balancer or monitor asks whether the database answers.
pub const HEALTH_PATH: &str = "/healthz";
/// Interactions are a few kilobytes; anything far larger is not Discord.
pub const MAX_BODY: usize = 1 << 20;
/// How long a client may take to send a request's headers. hyper starts
/// this timer whenever it waits for a request, so it is also how long an
/// idle keep-alive connection stays open.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send the body once the headers are in;
/// a slower one gets 408 (a slow-loris client must not hold a slot).
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Open connections served at once. Discord keeps a few; each costs a
/// task and a socket, so the cap is about file descriptors, not CPU.
pub const MAX_CONNECTIONS: usize = 512;
/// How long a connection over the cap waits for a slot before it gets 503.
pub const CONNECTION_WAIT: Duration = Duration::from_millis(250);
/// Recent interaction ids remembered with their response. Timestamps
/// older than `MAX_SKEW` are refused anyway; this many covers that window
/// at hundreds of interactions a second, at a few kilobytes each.
pub const REPLAY_CACHE: usize = 4096;
/// How long `/healthz` waits for a read connection and `SELECT 1`.
pub const HEALTH_TIMEOUT: Duration = Duration::from_secs(2);
/// How far a request's timestamp may be from our clock. Discord does not
/// publish a window; five minutes tolerates clock skew and refuses replays
/// of old captured requests.
const MAX_SKEW: Duration = Duration::from_secs(300);

/// The endpoint's limits; [`Limits::default`] is the constants above
/// (tests shorten them).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_read: Duration,
    pub body_read: Duration,
    pub max_body: usize,
    pub max_connections: usize,
    pub connection_wait: Duration,
    pub replay_cache: usize,
    pub health: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read: HEADER_READ_TIMEOUT,
            body_read: BODY_READ_TIMEOUT,
            max_body: MAX_BODY,
            max_connections: MAX_CONNECTIONS,
            connection_wait: CONNECTION_WAIT,
            replay_cache: REPLAY_CACHE,
            health: HEALTH_TIMEOUT,
        }
    }
}

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

/// A response body that says when it has been written out: a deferred
/// answer's follow-up edit must not reach Discord before the type 5
/// response it edits. hyper drops the body once its last frame is
/// encoded; `sent` fires then if that frame was taken, and is dropped
/// (cancelling the follow-up) if the connection went away first.
pub struct Answer {
    body: Full<Bytes>,
    sent: Option<oneshot::Sender<()>>,
    finished: bool,
}

impl Answer {
    fn new(body: impl Into<Bytes>) -> Self {
        Answer {
            body: Full::new(body.into()),
            sent: None,
            finished: false,
        }
    }
}

impl Body for Answer {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        if matches!(polled, Poll::Ready(None)) || self.body.is_end_stream() {
            self.finished = true;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

impl Drop for Answer {
    fn drop(&mut self) {
        if let (true, Some(sent)) = (self.finished, self.sent.take()) {
            let _ = sent.send(());
        }
    }
}

fn reply(status: StatusCode, body: impl Into<Bytes>, json: bool) -> Response<Answer> {
    let mut response = Response::new(Answer::new(body));
    *response.status_mut() = status;
    let kind = if json {
        "application/json"
    } else {
        "text/plain; charset=utf-8"
    };
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(kind));
    response
}

/// `GET /healthz`: 200 when a read connection answers `SELECT 1` in time.
async fn health(endpoint: &Endpoint) -> Response<Answer> {
    let core = Arc::clone(endpoint.handler.core());
    let ping = tokio::task::spawn_blocking(move || core.database().ping());
    match tokio::time::timeout(endpoint.limits.health, ping).await {
        Ok(Ok(Ok(()))) => reply(StatusCode::OK, "ok\n", false),
        Ok(Ok(Err(err))) => {
            tracing::error!("health check: the database did not answer: {err:#}");
            reply(
                StatusCode::SERVICE_UNAVAILABLE,
                "database unavailable\n",
                false,
            )
        }
        Ok(Err(err)) => {
            tracing::error!("health check failed: {err:#}");
            reply(
                StatusCode::SERVICE_UNAVAILABLE,
                "database unavailable\n",
                false,
            )
        }
        Err(_) => {
            tracing::warn!(
                "health check: no database answer within {:?}",
                endpoint.limits.health
            );
            reply(StatusCode::SERVICE_UNAVAILABLE, "database busy\n", false)
        }
    }
}

/// Answers one HTTP request.
pub async fn respond(endpoint: Arc<Endpoint>, request: Request<Incoming>) -> Response<Answer> {
    if request.uri().path() == HEALTH_PATH {
        return match *request.method() {
            Method::GET | Method::HEAD => health(&endpoint).await,
            _ => reply(StatusCode::METHOD_NOT_ALLOWED, "GET only", false),
        };
    }
    if request.uri().path() != PATH {
        return reply(StatusCode::NOT_FOUND, "not found", false);
    }
    if request.method() != Method::POST {
        return reply(StatusCode::METHOD_NOT_ALLOWED, "POST only", false);
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
                    later.send(&http).await;
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
    response.body_mut().sent = gate;
    response
}

/// Serves one connection; over the cap, it gets 503 to every request and
/// is closed.
async fn connection(
    endpoint: Arc<Endpoint>,
    stream: tokio::net::TcpStream,
    peer: std::net::SocketAddr,
) {
    let limits = endpoint.limits;
    let permit = tokio::time::timeout(
        limits.connection_wait,
        Arc::clone(&endpoint.connections).acquire_owned(),
    )
    .await;
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    let result = match permit {
        Ok(Ok(_permit)) => {
            let service = service_fn(move |request| {
                let endpoint = Arc::clone(&endpoint);
                async move { Ok::<_, Infallible>(respond(endpoint, request).await) }
            });
            builder
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await
        }
        _ => {
            tracing::warn!(
                "{} connections open; answered {peer} with 503",
                limits.max_connections
            );
            let service = service_fn(|_request| async {
                Ok::<_, Infallible>(reply(StatusCode::SERVICE_UNAVAILABLE, "busy, retry", false))
            });
            builder
                .keep_alive(false)
                .serve_connection(TokioIo::new(stream), service)
                .await
        }
    };
    if let Err(err) = result {
        tracing::debug!("connection from {peer} ended: {err:#}");
    }
}

/// Serves `listener` until `shutdown` completes.
pub async fn serve_on(
    listener: TcpListener,
    endpoint: Arc<Endpoint>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, usually: wait, do not spin.
                    tracing::warn!("could not accept a connection: {err:#}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        tokio::spawn(connection(Arc::clone(&endpoint), stream, peer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_follow_up_waits_until_the_body_was_written_and_not_after_an_abort() {
        let (sent, delivered) = oneshot::channel();
        let mut written = Answer::new("{\"type\":5}");
        written.sent = Some(sent);
        assert_eq!(written.collect().await.unwrap().to_bytes(), "{\"type\":5}");
        assert!(delivered.await.is_ok(), "written out: the follow-up may go");
        let (sent, delivered) = oneshot::channel();
        let mut dropped = Answer::new("{\"type\":5}");
        dropped.sent = Some(sent);
        drop(dropped);
        assert!(delivered.await.is_err(), "never written: no follow-up");
    }

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
