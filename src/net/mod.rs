//! Outgoing HTTP for the living record (source link checks, watched feeds,
//! the congress.gov poller): one client with casewatch's User-Agent, a
//! timeout, redirects followed by hand (each hop paced and recorded), a
//! per-host pace and a cap on what is read. Errors are typed and never
//! carry the address, so a key in a query string cannot leak into a log.

mod limit;

use std::time::Duration;

use chrono::{DateTime, Utc};
pub use limit::HostPace;
pub use reqwest::Url;

/// `casewatch/VERSION (+REPOSITORY)`: who is asking, and where to read about it.
pub const USER_AGENT: &str = concat!(
    "casewatch/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// How a [`Fetcher`] behaves.
#[derive(Debug, Clone)]
pub struct FetchSettings {
    /// The whole exchange, every redirect hop and the body included; the
    /// waits for a host's paced slot are not counted.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Requests a minute to any one host (name and port); 0 = unpaced.
    pub per_host_per_minute: u32,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            timeout: Duration::from_secs(10),
            max_redirects: 5,
            per_host_per_minute: 6,
        }
    }
}

/// One GET.
#[derive(Clone, Default)]
pub struct FetchRequest {
    pub url: String,
    /// Extra headers (`Accept`, `If-None-Match`, `If-Modified-Since`, an API key header).
    pub headers: Vec<(&'static str, String)>,
    /// Names among `headers` whose values are secrets: sent marked
    /// sensitive (kept out of HTTP/2 header compression tables and the
    /// client's own debug output) and never shown by `Debug`.
    pub sensitive: Vec<&'static str>,
    /// Bytes of body to keep; 0 reads none (a link check needs the status only).
    /// A longer body is an error ([`FetchError::TooLarge`]).
    pub body_limit: usize,
}

/// Header names, and the values of those that are not secrets: a request
/// logged or put in an error never shows a key.
impl std::fmt::Debug for FetchRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                if self.is_sensitive(name) {
                    (*name, "[redacted]")
                } else {
                    (*name, value.as_str())
                }
            })
            .collect();
        f.debug_struct("FetchRequest")
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_limit", &self.body_limit)
            .finish()
    }
}

impl FetchRequest {
    pub fn get(url: impl Into<String>) -> Self {
        FetchRequest {
            url: url.into(),
            ..FetchRequest::default()
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// A header whose value is a secret (an API key).
    pub fn secret_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.sensitive.push(name);
        self.header(name, value)
    }

    /// Whether the header `name`'s value is a secret.
    pub fn is_sensitive(&self, name: &str) -> bool {
        self.sensitive.iter().any(|s| s.eq_ignore_ascii_case(name))
    }

    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }
}

/// A redirect that was followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    pub status: u16,
    pub from: String,
    pub to: String,
}

/// The final answer after any redirects.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    /// The address that gave the final answer.
    pub final_url: String,
    /// The redirects followed to get there, in order.
    pub hops: Vec<Hop>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    /// `Retry-After`, in seconds or as an HTTP date, as a wait from now.
    pub retry_after: Option<Duration>,
    /// Up to the request's `body_limit` bytes.
    pub body: Vec<u8>,
}

impl Fetched {
    /// Whether any hop was permanent (301 or 308).
    pub fn moved_permanently(&self) -> bool {
        self.hops.iter().any(|hop| matches!(hop.status, 301 | 308))
    }
}

/// What went wrong at the transport level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer within the timeout.
    Timeout,
    /// The host name did not resolve.
    Dns,
    /// The TLS handshake or certificate failed.
    Tls,
    /// Nobody listens there.
    Refused,
    /// The connection was reset or closed before a whole answer.
    Reset,
    /// Anything else (a malformed answer, a protocol error).
    Other,
}

impl Failure {
    /// A stable name for storage and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Failure::Timeout => "timeout",
            Failure::Dns => "dns",
            Failure::Tls => "tls",
            Failure::Refused => "refused",
            Failure::Reset => "reset",
            Failure::Other => "other",
        }
    }
}

/// Why a fetch gave no final answer. No variant holds the address.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    #[error("not an http or https address")]
    BadAddress,
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("a redirect with no usable Location header")]
    BadRedirect,
    #[error("the answer is longer than {0} bytes")]
    TooLarge(usize),
    #[error("{}: {detail}", kind.as_str())]
    Transport { kind: Failure, detail: String },
    #[error("the HTTP client could not start: {0}")]
    Client(String),
    /// A header value that HTTP cannot carry (the value is not shown: it
    /// may be a key).
    #[error("the {0} header's value cannot be sent over HTTP")]
    BadHeader(&'static str),
}

impl FetchError {
    /// The transport failure, if it was one.
    pub fn failure(&self) -> Option<Failure> {
        match self {
            FetchError::Transport { kind, .. } => Some(*kind),
            _ => None,
        }
    }
}

/// Parses an address the fetcher will accept: absolute http or https with a host.
pub fn web_address(url: &str) -> Result<Url, FetchError> {
    let parsed = Url::parse(url.trim()).map_err(|_| FetchError::BadAddress)?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(FetchError::BadAddress);
    }
    Ok(parsed)
}

/// The pacing key of an address: host and port.
fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or_default()
    )
}

/// The shared HTTP client. Cheap to share behind an `Arc`; requests to
/// different hosts run in parallel, one host's requests are paced.
#[derive(Debug)]
pub struct Fetcher {
    client: reqwest::Client,
    pace: HostPace,
    settings: FetchSettings,
}

impl Fetcher {
    pub fn new(settings: FetchSettings) -> Result<Self, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.timeout)
            .build()
            .map_err(|e| FetchError::Client(describe(&e.without_url())))?;
        Ok(Fetcher {
            client,
            pace: HostPace::per_minute(settings.per_host_per_minute),
            settings,
        })
    }

    pub fn settings(&self) -> &FetchSettings {
        &self.settings
    }

    /// GETs `request.url`, following up to `max_redirects` redirects, all
    /// within one timeout. The time spent waiting for a host's paced slot
    /// is not counted: with 4 requests a minute a second request to a host
    /// waits 15 s for its turn, longer than the 10 s timeout, which is
    /// meant for the server's slowness, not our politeness.
    pub async fn get(&self, request: &FetchRequest) -> Result<Fetched, FetchError> {
        let mut url = web_address(&request.url)?;
        let mut hops = Vec::new();
        let mut deadline = tokio::time::Instant::now() + self.settings.timeout;
        loop {
            let wait = self
                .pace
                .reserve(&host_key(&url), std::time::Instant::now());
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
                deadline += wait;
            }
            let step = tokio::time::timeout_at(deadline, self.exchange(&url, request)).await;
            let step = step.map_err(|_| FetchError::Transport {
                kind: Failure::Timeout,
                detail: format!("no answer within {} s", self.settings.timeout.as_secs()),
            })??;
            match step {
                Step::Redirect { status, next } => {
                    if hops.len() == self.settings.max_redirects {
                        return Err(FetchError::TooManyRedirects(self.settings.max_redirects));
                    }
                    hops.push(Hop {
                        status,
                        from: url.to_string(),
                        to: next.to_string(),
                    });
                    url = next;
                }
                Step::Done(mut fetched) => {
                    fetched.hops = hops;
                    return Ok(fetched);
                }
            }
        }
    }

    /// One request and its answer: a redirect to follow, or the final answer.
    async fn exchange(&self, url: &Url, request: &FetchRequest) -> Result<Step, FetchError> {
        let mut builder = self.client.get(url.clone());
        for (name, value) in &request.headers {
            let mut value = reqwest::header::HeaderValue::from_bytes(value.as_bytes())
                .map_err(|_| FetchError::BadHeader(name))?;
            value.set_sensitive(request.is_sensitive(name));
            builder = builder.header(*name, value);
        }
        let mut response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            let next = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|value| value.to_str().ok())
                .and_then(|location| url.join(location).ok())
                .ok_or(FetchError::BadRedirect)?;
            let next = web_address(next.as_str()).map_err(|_| FetchError::BadRedirect)?;
            return Ok(Step::Redirect { status, next });
        }
        let headers = response.headers();
        let text = |name: reqwest::header::HeaderName| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let etag = text(reqwest::header::ETAG);
        let last_modified = text(reqwest::header::LAST_MODIFIED);
        let content_type = text(reqwest::header::CONTENT_TYPE);
        let retry_after =
            text(reqwest::header::RETRY_AFTER).and_then(|value| retry_after(&value, Utc::now()));
        let mut body = Vec::new();
        if request.body_limit > 0 {
            while let Some(chunk) = response.chunk().await.map_err(transport)? {
                if body.len() + chunk.len() > request.body_limit {
                    return Err(FetchError::TooLarge(request.body_limit));
                }
                body.extend_from_slice(&chunk);
            }
        }
        Ok(Step::Done(Fetched {
            status,
            final_url: url.to_string(),
            hops: Vec::new(),
            etag,
            last_modified,
            content_type,
            retry_after,
            body,
        }))
    }
}

/// What one exchange of [`Fetcher::get`] gave.
enum Step {
    Redirect { status: u16, next: Url },
    Done(Fetched),
}

/// `Retry-After` as a wait: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
pub fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (at.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

fn transport(error: reqwest::Error) -> FetchError {
    let error = error.without_url();
    let detail = describe(&error);
    let kind = failure_of(error.is_timeout(), io_kind(&error), &detail);
    FetchError::Transport { kind, detail }
}

/// Names a transport failure from what the error chain says. The order
/// matters: a resolver that could not answer for now (EAI_AGAIN, "Temporary
/// failure in name resolution") says nothing of the address, so it is no
/// DNS failure; and a peer that resets or closes during the TLS handshake
/// is a reset, not a TLS failure (the error text mentions the handshake
/// either way). DNS and TLS failures count toward "gone"; the others do not.
fn failure_of(timed_out: bool, io: Option<std::io::ErrorKind>, detail: &str) -> Failure {
    use std::io::ErrorKind;
    let lower = detail.to_lowercase();
    if timed_out {
        Failure::Timeout
    } else if lower.contains("temporary failure in name resolution") || lower.contains("eai_again")
    {
        Failure::Other
    } else if io.is_some_and(|kind| {
        matches!(
            kind,
            ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe
                | ErrorKind::UnexpectedEof
        )
    }) || lower.contains("connection closed before message completed")
        || lower.contains("connection reset")
    {
        Failure::Reset
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        Failure::Dns
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
    {
        Failure::Tls
    } else if io == Some(ErrorKind::ConnectionRefused) {
        Failure::Refused
    } else {
        Failure::Other
    }
}

/// The error and its causes on one line.
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let line = cause.to_string();
        if !text.contains(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        source = cause.source();
    }
    text
}

fn io_kind(error: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        source = cause.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = DateTime::parse_from_rfc3339("2026-12-04T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Fri, 04 Dec 2026 12:01:30 GMT", now),
            Some(Duration::from_secs(90))
        );
        assert_eq!(
            retry_after("Fri, 04 Dec 2026 11:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn only_web_addresses_are_fetched() {
        assert!(web_address("https://example.org/a").is_ok());
        assert!(web_address("http://127.0.0.1:8080/").is_ok());
        for bad in [
            "ftp://example.org/",
            "javascript:alert(1)",
            "example.org",
            "file:///etc/passwd",
            "",
        ] {
            assert!(
                matches!(web_address(bad), Err(FetchError::BadAddress)),
                "{bad}"
            );
        }
    }

    #[test]
    fn transport_failures_are_named_in_order() {
        use std::io::ErrorKind;
        // Texts as hyper-util and rustls word them.
        let dns = "error sending request: client error (Connect): dns error: failed to lookup address information: Name or service not known";
        let again = "error sending request: client error (Connect): dns error: failed to lookup address information: Temporary failure in name resolution";
        let tls = "error sending request: client error (Connect): invalid peer certificate: UnknownIssuer";
        let reset_in_handshake = "error sending request: client error (Connect): tls handshake eof";
        let cases = [
            (true, None, dns, Failure::Timeout),
            (false, None, dns, Failure::Dns),
            (false, None, again, Failure::Other),
            (false, None, "lookup failed: EAI_AGAIN", Failure::Other),
            (false, None, tls, Failure::Tls),
            (
                false,
                Some(ErrorKind::UnexpectedEof),
                reset_in_handshake,
                Failure::Reset,
            ),
            (
                false,
                Some(ErrorKind::ConnectionReset),
                "tls handshake: Connection reset by peer (os error 104)",
                Failure::Reset,
            ),
            (
                false,
                Some(ErrorKind::ConnectionRefused),
                "tcp connect error: Connection refused (os error 111)",
                Failure::Refused,
            ),
            (
                false,
                None,
                "connection closed before message completed",
                Failure::Reset,
            ),
            (false, None, "invalid HTTP version parsed", Failure::Other),
        ];
        for (timed_out, io, detail, want) in cases {
            assert_eq!(failure_of(timed_out, io, detail), want, "{detail}");
        }
    }

    #[test]
    fn the_user_agent_names_casewatch_and_its_repository() {
        assert!(USER_AGENT.starts_with("casewatch/"));
        assert!(USER_AGENT.contains("(+https://"));
    }
}
