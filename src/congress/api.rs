//! The congress.gov API (v3) as the poller reads it: a bill, its actions
//! and its cosponsors, page after page, with the key in a header, 429 and
//! 5xx handled, and every request counted.
//!
//! Shapes from the API's documentation
//! (<https://github.com/LibraryOfCongress/api.congress.gov>, BillEndpoint.md):
//! `{"bill": {...}}`, `{"actions": [...], "pagination": {"next": ...}}`,
//! `{"cosponsors": [...], "pagination": {...}}`.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use serde::Deserialize;

use crate::config::Secret;
use crate::domain::bill::BillRef;
use crate::net::{web_address, FetchError, FetchRequest, FetchSettings, Fetcher, Url};

/// Where congress.gov's API answers by default.
pub const DEFAULT_BASE: &str = "https://api.congress.gov/v3";

/// Items a page asks for: the API's largest page.
const PAGE_SIZE: u32 = 250;

/// Pages followed for one list before giving up (10,000 items).
const MAX_PAGES: usize = 40;

/// Bytes of one answer kept (a page of 250 actions is about 150 kB).
const BODY_LIMIT: usize = 8 << 20;

/// How the client talks to the API.
#[derive(Debug, Clone)]
pub struct ApiSettings {
    /// `CONGRESS_API_BASE`, without a trailing `/`.
    pub base: String,
    /// `CONGRESS_API_KEY`, sent as the `X-Api-Key` header only.
    pub key: Secret,
    /// The longest `Retry-After` waited for; a longer one stops the poll.
    pub max_wait: Duration,
    /// Tries of one request that meets 5xx, 429 or a transport failure.
    pub attempts: u32,
    /// The first wait after a 5xx; each next one doubles.
    pub backoff: Duration,
    /// Timeout and pacing of the HTTP client.
    pub fetch: FetchSettings,
}

impl ApiSettings {
    /// The settings the poller uses in production for `base` and `key`.
    pub fn new(base: &str, key: Secret) -> Self {
        ApiSettings {
            base: base.trim_end_matches('/').to_string(),
            key,
            max_wait: Duration::from_secs(120),
            attempts: 4,
            backoff: Duration::from_secs(2),
            // 5,000 requests an hour is 83 a minute; 60 leaves room.
            // No redirect is followed: the fetcher would send the key on
            // to wherever it points.
            fetch: FetchSettings {
                timeout: Duration::from_secs(30),
                max_redirects: 0,
                per_host_per_minute: 60,
            },
        }
    }
}

/// Why a request to the API gave nothing usable. No variant holds the
/// address or the key.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 404: the API knows no such bill.
    #[error("congress.gov has no such bill (404)")]
    NotFound,
    /// 429 with a `Retry-After` longer than the poller waits: the poll stops.
    #[error("congress.gov asks to wait {0} s before the next request (429); the poll stopped")]
    RateLimited(u64),
    /// 5xx (or 429) on every try.
    #[error("congress.gov answered {status} on all {attempts} tries")]
    Unavailable { status: u16, attempts: u32 },
    /// 401 or 403: the key is wrong, revoked or not yet active. It would
    /// be refused for every bill, so the poll stops.
    #[error("congress.gov refused the key ({0}): check CONGRESS_API_KEY (a free key comes from https://api.data.gov/signup/); the poll stopped")]
    KeyRefused(u16),
    /// Another status.
    #[error("congress.gov answered {0}")]
    Status(u16),
    /// The answer is not the documented JSON.
    #[error("congress.gov's answer is not the documented shape: {0}")]
    Shape(String),
    /// `pagination.next` points elsewhere and cannot be read onto the base.
    #[error("congress.gov's next page points at another host; the key is not sent there")]
    ForeignNext,
    /// More pages than any bill has.
    #[error("more than {MAX_PAGES} pages")]
    TooManyPages,
    /// The transport failed (on every try).
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// `CONGRESS_API_BASE` is not an https address (or http to this machine).
    #[error("CONGRESS_API_BASE is not an https address (plain http only to 127.0.0.1, ::1 or localhost)")]
    BadBase,
}

impl ApiError {
    /// Whether the whole poll should stop, not only this bill.
    pub fn stops_poll(&self) -> bool {
        matches!(
            self,
            ApiError::RateLimited(_) | ApiError::KeyRefused(_) | ApiError::BadBase
        )
    }
}

/// A bill as `/bill/{congress}/{type}/{number}` describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiBill {
    pub title: String,
    #[serde(default)]
    pub introduced_date: Option<String>,
}

/// Which system reported an action (`{"code": 9, "name": "Library of Congress"}`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SourceSystem {
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default)]
    pub name: Option<String>,
}

/// One item of `/actions`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiAction {
    #[serde(default)]
    pub action_code: Option<String>,
    pub action_date: String,
    #[serde(default)]
    pub source_system: SourceSystem,
    pub text: String,
}

/// One item of `/cosponsors`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCosponsor {
    pub bioguide_id: String,
    pub full_name: String,
    #[serde(default)]
    pub party: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub district: Option<i64>,
    #[serde(default)]
    pub is_original_cosponsor: bool,
    pub sponsorship_date: String,
    #[serde(default)]
    pub sponsorship_withdrawn_date: Option<String>,
}

/// Everything one poll learns of one bill.
#[derive(Debug, Clone)]
pub struct BillSnapshot {
    pub bill: ApiBill,
    pub actions: Vec<ApiAction>,
    pub cosponsors: Vec<ApiCosponsor>,
}

/// The API client: one [`Fetcher`], the base, the key, and a count of the
/// requests sent (retries included).
#[derive(Debug)]
pub struct CongressApi {
    fetcher: Fetcher,
    base: Url,
    settings: ApiSettings,
    requests: AtomicU32,
}

impl CongressApi {
    pub fn new(settings: ApiSettings) -> Result<Self, ApiError> {
        // Checked here too, for clients not built from the configuration.
        crate::config::congress_api_base(&settings.base).map_err(|_| ApiError::BadBase)?;
        let base = web_address(&settings.base).map_err(|_| ApiError::BadBase)?;
        Ok(CongressApi {
            fetcher: Fetcher::new(settings.fetch.clone())?,
            base,
            settings,
            requests: AtomicU32::new(0),
        })
    }

    /// Requests sent so far, retries included.
    pub fn requests(&self) -> u32 {
        self.requests.load(Ordering::Relaxed)
    }

    /// The bill, all its actions and all its cosponsors: 3 requests when
    /// each list fits one page of 250.
    pub async fn snapshot(&self, bill: &BillRef) -> Result<BillSnapshot, ApiError> {
        let path = bill.api_path();
        let envelope = self.get(&self.address(&path, None)).await?;
        let api_bill: ApiBill = serde_json::from_value(envelope["bill"].clone())
            .map_err(|e| ApiError::Shape(format!("bill: {e}")))?;
        let actions = self.list(&format!("{path}/actions"), "actions").await?;
        let cosponsors = self
            .list(&format!("{path}/cosponsors"), "cosponsors")
            .await?;
        Ok(BillSnapshot {
            bill: api_bill,
            actions,
            cosponsors,
        })
    }

    /// `{base}{path}?format=json[&offset=…]&limit=250`.
    fn address(&self, path: &str, offset: Option<&str>) -> String {
        let offset = offset.map(|o| format!("&offset={o}")).unwrap_or_default();
        format!(
            "{}{path}?format=json{offset}&limit={PAGE_SIZE}",
            self.settings.base
        )
    }

    /// Every item of a paginated list, following `pagination.next`.
    async fn list<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        key: &str,
    ) -> Result<Vec<T>, ApiError> {
        let mut out = Vec::new();
        let mut url = self.address(path, None);
        for _ in 0..MAX_PAGES {
            let page = self.get(&url).await?;
            let items: Vec<T> = serde_json::from_value(page[key].clone())
                .map_err(|e| ApiError::Shape(format!("{key}: {e}")))?;
            out.extend(items);
            match page["pagination"]["next"].as_str() {
                Some(next) if !next.is_empty() => url = self.next_page(path, next)?,
                _ => return Ok(out),
            }
        }
        Err(ApiError::TooManyPages)
    }

    /// The address of the next page. The API writes its own public host
    /// into `next`; the key goes only to the configured base, so a `next`
    /// at another host is read onto the base (same list, its `offset`).
    fn next_page(&self, path: &str, next: &str) -> Result<String, ApiError> {
        let url = Url::parse(next).map_err(|_| ApiError::ForeignNext)?;
        let same_host = url.scheme() == self.base.scheme()
            && url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default();
        if same_host {
            return Ok(url.to_string());
        }
        let offset = url
            .query_pairs()
            .find(|(k, _)| k == "offset")
            .map(|(_, v)| v.into_owned())
            .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
            .ok_or(ApiError::ForeignNext)?;
        Ok(self.address(path, Some(&offset)))
    }

    /// One GET with the key, retried on 429 (waiting as asked, up to
    /// `max_wait`) and on 5xx or a transport failure (with backoff).
    async fn get(&self, url: &str) -> Result<serde_json::Value, ApiError> {
        let request = FetchRequest::get(url)
            .secret_header("X-Api-Key", self.settings.key.expose())
            .header("Accept", "application/json")
            .body_limit(BODY_LIMIT);
        let attempts = self.settings.attempts.max(1);
        let mut wait = self.settings.backoff;
        let mut last = 0;
        for attempt in 1..=attempts {
            self.requests.fetch_add(1, Ordering::Relaxed);
            let answer = self.fetcher.get(&request).await;
            let fetched = match answer {
                Ok(fetched) => fetched,
                Err(err) if err.failure().is_some() && attempt < attempts => {
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                    continue;
                }
                Err(err) => return Err(err.into()),
            };
            last = fetched.status;
            match fetched.status {
                200 => {
                    return serde_json::from_slice(&fetched.body)
                        .map_err(|e| ApiError::Shape(e.to_string()))
                }
                404 => return Err(ApiError::NotFound),
                401 | 403 => return Err(ApiError::KeyRefused(fetched.status)),
                429 => {
                    // No Retry-After: a minute, the API's hourly window
                    // being what it is.
                    let asked = fetched.retry_after.unwrap_or(Duration::from_secs(60));
                    if asked > self.settings.max_wait {
                        return Err(ApiError::RateLimited(asked.as_secs()));
                    }
                    if attempt < attempts {
                        tokio::time::sleep(asked).await;
                    }
                }
                500..=599 => {
                    if attempt < attempts {
                        tokio::time::sleep(wait).await;
                        wait *= 2;
                    }
                }
                other => return Err(ApiError::Status(other)),
            }
        }
        Err(ApiError::Unavailable {
            status: last,
            attempts,
        })
    }
}
