//! `casewatch serve`: the public, read-only site at `/` and, when
//! `DISCORD_PUBLIC_KEY` is set, Discord's interactions endpoint at
//! `/interactions`, on one hardened HTTP server ([`server`]).
//!
//! The site only reads: every page is a core answer rendered as HTML
//! ([`crate::render::html`]), so it says exactly what the bot says, cited
//! the same way. Pages are built on the blocking pool (the store is
//! synchronous) and only for GET and HEAD.

pub mod files;
pub mod layout;
pub mod query;
pub mod server;
pub mod site;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use hyper::body::Incoming;
use hyper::header::{HeaderValue, CACHE_CONTROL, ETAG, VARY};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::Semaphore;

use crate::adapters::shutdown;
use crate::core::Core;
use server::{reply, Answer, Limits, Service, HEALTH_PATH};

/// The core, shared by every connection.
pub type SharedCore = Arc<Core>;

/// Settings of `casewatch serve` that do not depend on Discord.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// `CASEWATCH_HTTP_ADDR` (default `127.0.0.1:8080`).
    pub addr: SocketAddr,
    /// `CASEWATCH_PUBLIC_URL`: the address the site is reached at, for
    /// canonical links and `og:url`; unset, pages link relatively.
    pub public_url: Option<String>,
}

/// The default listening address.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// `CASEWATCH_HTTP_ADDR` did not parse.
#[derive(Debug, thiserror::Error)]
#[error("CASEWATCH_HTTP_ADDR={value:?} is not an address to listen on; write host:port, such as 127.0.0.1:8080.")]
pub struct BadAddr {
    pub value: String,
}

impl WebConfig {
    /// Reads `CASEWATCH_HTTP_ADDR`; the public address comes from
    /// [`crate::config::Config`].
    pub fn from_env(public_url: Option<String>) -> Result<Self, BadAddr> {
        let text = std::env::var("CASEWATCH_HTTP_ADDR")
            .ok()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| DEFAULT_ADDR.to_string());
        let addr = text.parse().map_err(|_| BadAddr { value: text })?;
        Ok(WebConfig { addr, public_url })
    }
}

/// Why `casewatch serve` stopped.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The async runtime could not start.
    #[error("could not start the async runtime")]
    Runtime(#[source] std::io::Error),
    /// The server could not listen on its address.
    #[error("could not listen on {addr}; is another program using it? Set CASEWATCH_HTTP_ADDR to another host:port")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// The site, and the interactions endpoint when Discord is configured.
pub struct Web {
    core: SharedCore,
    site: Arc<site::Site>,
    #[cfg(feature = "discord")]
    interactions: Option<Arc<crate::adapters::discord::endpoint::Endpoint>>,
    limits: Limits,
    slots: Arc<Semaphore>,
}

impl Web {
    /// The site alone, with the default limits.
    pub fn new(core: SharedCore, public_url: Option<String>) -> Self {
        Web::with_limits(core, public_url, Limits::default())
    }

    pub fn with_limits(core: SharedCore, public_url: Option<String>, limits: Limits) -> Self {
        Web {
            site: Arc::new(site::Site::new(Arc::clone(&core), public_url)),
            core,
            #[cfg(feature = "discord")]
            interactions: None,
            slots: Arc::new(Semaphore::new(limits.max_connections)),
            limits,
        }
    }

    /// Also answers Discord at `/interactions`.
    #[cfg(feature = "discord")]
    pub fn with_interactions(
        mut self,
        endpoint: Arc<crate::adapters::discord::endpoint::Endpoint>,
    ) -> Self {
        self.interactions = Some(endpoint);
        self
    }

    /// The page renderer (the bench calls it without a socket).
    pub fn site(&self) -> &site::Site {
        &self.site
    }
}

/// Answers one request: health, Discord, or a page.
async fn respond(web: Arc<Web>, request: Request<Incoming>) -> Response<Answer> {
    let path = request.uri().path();
    if path == HEALTH_PATH {
        return server::health_route(&web.core, web.limits.health, request.method()).await;
    }
    #[cfg(feature = "discord")]
    if path == crate::adapters::discord::endpoint::PATH {
        if let Some(endpoint) = &web.interactions {
            return crate::adapters::discord::endpoint::interaction(endpoint, request).await;
        }
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return server::not_allowed("GET, HEAD");
    }
    let asked = site::Asked::from_request(&request);
    let site = Arc::clone(&web.site);
    let page = match tokio::task::spawn_blocking(move || site.page(&asked)).await {
        Ok(page) => page,
        Err(err) => {
            tracing::error!("a page could not be built: {err:#}");
            return reply(StatusCode::INTERNAL_SERVER_ERROR, "internal error", false);
        }
    };
    page_response(page)
}

/// A built page as an HTTP response, with its cache headers.
fn page_response(page: site::Page) -> Response<Answer> {
    let status = StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK);
    let mut response = server::typed(
        status,
        page.body,
        HeaderValue::from_static(page.content_type),
    );
    let headers = response.headers_mut();
    headers.insert(VARY, HeaderValue::from_static("Accept-Language"));
    if let Some(etag) = page.etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
        headers.insert(ETAG, etag);
        headers.insert(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=60"),
        );
    } else {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

impl Service for Web {
    fn limits(&self) -> Limits {
        self.limits
    }

    fn slots(&self) -> &Arc<Semaphore> {
        &self.slots
    }

    fn respond(
        self: Arc<Self>,
        request: Request<Incoming>,
    ) -> impl Future<Output = Response<Answer>> + Send {
        respond(self, request)
    }
}

/// Runs `casewatch serve` until SIGTERM or SIGINT: the site, and Discord's
/// endpoint when `discord` is given. Blocks; call it from `main`.
pub fn serve(
    core: Core,
    config: WebConfig,
    #[cfg(feature = "discord")] discord: Option<crate::adapters::discord::EndpointConfig>,
) -> Result<(), WebError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(WebError::Runtime)?;
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| WebError::Bind {
                addr: config.addr,
                source,
            })?;
        tracing::info!("serving the site at http://{}/", config.addr);
        let core: SharedCore = Arc::new(core);
        #[allow(unused_mut)]
        let mut web = Web::new(Arc::clone(&core), config.public_url.clone());
        #[cfg(feature = "discord")]
        let endpoint = match discord {
            Some(discord) => {
                let endpoint = Arc::new(crate::adapters::discord::endpoint_for(
                    Arc::clone(&core),
                    &discord,
                ));
                tracing::info!(
                    "answering Discord interactions at http://{}{}",
                    config.addr,
                    crate::adapters::discord::endpoint::PATH
                );
                if discord.token.is_some() {
                    crate::adapters::discord::register_over_http(endpoint.http(), discord.guild_id)
                        .await;
                }
                web = web.with_interactions(Arc::clone(&endpoint));
                Some(endpoint)
            }
            None => None,
        };
        server::serve_on(listener, Arc::new(web), shutdown::stop_signal()).await;
        // No new connections now; the answers already taken finish.
        #[cfg(feature = "discord")]
        if let Some(endpoint) = endpoint {
            endpoint
                .handler()
                .in_flight()
                .drained(shutdown::GRACE)
                .await;
        }
        Ok(())
    });
    // A digest pass or a page still on the blocking pool is not waited for
    // long: stopping takes at most the grace period and a moment.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result
}
