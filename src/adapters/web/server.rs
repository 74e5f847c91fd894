//! The hardened HTTP/1 server under `casewatch serve`, shared by the public
//! site and Discord's interactions endpoint: headers, bodies and idle
//! keep-alive connections have deadlines, bodies a size cap (413),
//! connections a cap (the excess waits briefly, then gets 503: the process
//! never falls over). What a request is answered with is the [`Service`]'s
//! business; `GET /healthz` is answered here for every service.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{HeaderValue, ALLOW, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Semaphore};

use crate::core::Core;

/// Where a load balancer or monitor asks whether the database answers.
pub const HEALTH_PATH: &str = "/healthz";
/// Interactions are a few kilobytes and site requests have no body;
/// anything far larger is not for us.
pub const MAX_BODY: usize = 1 << 20;
/// How long a client may take to send a request's headers. hyper starts
/// this timer whenever it waits for a request, so it is also how long an
/// idle keep-alive connection stays open.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send the body once the headers are in;
/// a slower one gets 408 (a slow-loris client must not hold a slot).
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Open connections served at once. Each costs a task and a socket, so the
/// cap is about file descriptors, not CPU.
pub const MAX_CONNECTIONS: usize = 512;
/// How long a connection over the cap waits for a slot before it gets 503.
pub const CONNECTION_WAIT: Duration = Duration::from_millis(250);
/// Recent Discord interaction ids remembered with their response. Their
/// timestamps are refused after five minutes anyway; this many covers that
/// window at hundreds of interactions a second, at a few kilobytes each.
pub const REPLAY_CACHE: usize = 4096;
/// How long `/healthz` waits for a read connection and `SELECT 1`.
pub const HEALTH_TIMEOUT: Duration = Duration::from_secs(2);

/// The server's limits; [`Limits::default`] is the constants above (tests
/// shorten them).
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

/// A response body that says when it has been written out: a deferred
/// Discord answer's follow-up edit must not reach Discord before the type 5
/// response it edits. hyper drops the body once its last frame is encoded;
/// `sent` fires then if that frame was taken, and is dropped (cancelling
/// the follow-up) if the connection went away first.
pub struct Answer {
    body: Full<Bytes>,
    sent: Option<oneshot::Sender<()>>,
    finished: bool,
}

impl Answer {
    pub fn new(body: impl Into<Bytes>) -> Self {
        Answer {
            body: Full::new(body.into()),
            sent: None,
            finished: false,
        }
    }

    /// Fires `sent` once the whole body has been handed to the connection.
    pub fn when_sent(&mut self, sent: Option<oneshot::Sender<()>>) {
        self.sent = sent;
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

/// A response with a body and its content type.
pub fn reply(status: StatusCode, body: impl Into<Bytes>, json: bool) -> Response<Answer> {
    let kind = if json {
        "application/json"
    } else {
        "text/plain; charset=utf-8"
    };
    typed(status, body, HeaderValue::from_static(kind))
}

/// A response with a body of the given content type.
pub fn typed(status: StatusCode, body: impl Into<Bytes>, kind: HeaderValue) -> Response<Answer> {
    let mut response = Response::new(Answer::new(body));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, kind);
    response
}

/// 405, with the `Allow` header that RFC 9110 (§15.5.6) requires of it.
pub fn not_allowed(allow: &'static str) -> Response<Answer> {
    let mut response = reply(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("only {allow} is answered here\n"),
        false,
    );
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allow));
    response
}

/// `/healthz` for any method: GET and HEAD are answered, others get 405.
pub async fn health_route(core: &Arc<Core>, within: Duration, method: &Method) -> Response<Answer> {
    match *method {
        Method::GET | Method::HEAD => health(core, within).await,
        _ => not_allowed("GET, HEAD"),
    }
}

/// `GET /healthz`: 200 when a read connection answers `SELECT 1` in time.
pub async fn health(core: &Arc<Core>, within: Duration) -> Response<Answer> {
    let core = Arc::clone(core);
    let ping = tokio::task::spawn_blocking(move || core.database().ping());
    match tokio::time::timeout(within, ping).await {
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
            tracing::warn!("health check: no database answer within {within:?}");
            reply(StatusCode::SERVICE_UNAVAILABLE, "database busy\n", false)
        }
    }
}

/// What answers the requests of one server.
pub trait Service: Send + Sync + 'static {
    /// The limits connections are served with.
    fn limits(&self) -> Limits;
    /// The connection slots (a semaphore of `limits().max_connections`).
    fn slots(&self) -> &Arc<Semaphore>;
    /// Answers one request.
    fn respond(
        self: Arc<Self>,
        request: Request<Incoming>,
    ) -> impl Future<Output = Response<Answer>> + Send;
}

/// Serves one connection; over the cap, it gets 503 to every request and
/// is closed.
async fn connection<S: Service>(
    service: Arc<S>,
    stream: tokio::net::TcpStream,
    peer: std::net::SocketAddr,
) {
    let limits = service.limits();
    let permit = tokio::time::timeout(
        limits.connection_wait,
        Arc::clone(service.slots()).acquire_owned(),
    )
    .await;
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    let result = match permit {
        Ok(Ok(_permit)) => {
            let handler = service_fn(move |request| {
                let service = Arc::clone(&service);
                async move { Ok::<_, Infallible>(service.respond(request).await) }
            });
            builder
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), handler)
                .await
        }
        _ => {
            tracing::warn!(
                "{} connections open; answered {peer} with 503",
                limits.max_connections
            );
            let handler = service_fn(|_request| async {
                Ok::<_, Infallible>(reply(StatusCode::SERVICE_UNAVAILABLE, "busy, retry", false))
            });
            builder
                .keep_alive(false)
                .serve_connection(TokioIo::new(stream), handler)
                .await
        }
    };
    if let Err(err) = result {
        tracing::debug!("connection from {peer} ended: {err:#}");
    }
}

/// Serves `listener` until `shutdown` completes.
pub async fn serve_on<S: Service>(
    listener: TcpListener,
    service: Arc<S>,
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
        tokio::spawn(connection(Arc::clone(&service), stream, peer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn a_follow_up_waits_until_the_body_was_written_and_not_after_an_abort() {
        let (sent, delivered) = oneshot::channel();
        let mut written = Answer::new("{\"type\":5}");
        written.when_sent(Some(sent));
        assert_eq!(written.collect().await.unwrap().to_bytes(), "{\"type\":5}");
        assert!(delivered.await.is_ok(), "written out: the follow-up may go");
        let (sent, delivered) = oneshot::channel();
        let mut dropped = Answer::new("{\"type\":5}");
        dropped.when_sent(Some(sent));
        drop(dropped);
        assert!(delivered.await.is_err(), "never written: no follow-up");
    }
}
