//! `casewatch serve`: Discord's HTTP interactions endpoint. Every POST to
//! `/interactions` is checked against the application's public key
//! (<https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers>)
//! before anything else is read; a missing, malformed or wrong signature,
//! or a timestamp that is not recent, gets 401. Discord sends bad
//! signatures on purpose from time to time and removes an endpoint that
//! accepts them. The server keeps no state, so several can share a URL
//! behind a load balancer.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serenity::http::Http;
use serenity::interactions_endpoint::Verifier;
use serenity::model::id::ApplicationId;
use tokio::net::TcpListener;

use super::handler::Handler;
use super::payload;

/// The one path Discord is configured to POST to.
pub const PATH: &str = "/interactions";
/// Interactions are a few kilobytes; anything far larger is not Discord.
const MAX_BODY: usize = 1 << 20;
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
}

impl Endpoint {
    pub fn new(handler: Handler, verifier: Verifier, http: Arc<Http>) -> Self {
        Endpoint {
            handler,
            verifier,
            http,
        }
    }

    /// The REST client deferred answers go out through.
    pub fn http(&self) -> &Http {
        &self.http
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

fn reply(status: StatusCode, body: impl Into<Bytes>, json: bool) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body.into()));
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

/// Answers one HTTP request.
pub async fn respond(endpoint: Arc<Endpoint>, request: Request<Incoming>) -> Response<Full<Bytes>> {
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
    let body = match Limited::new(request.into_body(), MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) => {
            tracing::debug!("could not read an interaction body: {err:#}");
            return reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body too large or unreadable",
                false,
            );
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
    let interaction = match payload::Interaction::read(&body) {
        Ok(interaction) => interaction,
        Err(err) => {
            tracing::warn!("a signed interaction could not be read: {err:#}");
            return reply(StatusCode::BAD_REQUEST, "unreadable interaction", false);
        }
    };
    let response = endpoint.handler.handle(interaction).await;
    if let Some(later) = response.later {
        let http = Arc::clone(&endpoint.http);
        if let Some(id) = std::num::NonZeroU64::new(later.application_id) {
            http.set_application_id(ApplicationId::from(id));
        }
        tokio::spawn(async move { later.send(&http).await });
    }
    match serde_json::to_vec(&response.initial) {
        Ok(body) => reply(StatusCode::OK, body, true),
        Err(err) => {
            tracing::error!("could not encode an interaction response: {err:#}");
            reply(StatusCode::INTERNAL_SERVER_ERROR, "internal error", false)
        }
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
                    tracing::warn!("could not accept a connection: {err:#}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let endpoint = Arc::clone(&endpoint);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let endpoint = Arc::clone(&endpoint);
                async move { Ok::<_, Infallible>(respond(endpoint, request).await) }
            });
            if let Err(err) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!("connection from {peer} ended: {err:#}");
            }
        });
    }
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
