//! The Internet Archive's availability API: is there an archived copy of an
//! address? Documented at https://archive.org/help/wayback_api.php — `GET
//! {base}?url=ADDRESS` answers `{"archived_snapshots": {"closest": {...}}}`
//! when a copy exists and `{"archived_snapshots": {}}` when none does. Any
//! other shape is an error, so a changed or broken API changes nothing.

use crate::net::{web_address, FetchError, FetchRequest, Fetcher};

/// The public endpoint, used when `CASEWATCH_ARCHIVE_API` is unset.
pub const DEFAULT_ARCHIVE_API: &str = "https://archive.org/wayback/available";

/// The most of an availability answer read (a real one is under 1 KiB).
const ANSWER_LIMIT: usize = 64 * 1024;

/// Why a lookup gave no answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ArchiveError {
    /// The request itself failed (timeout, reset, a redirect loop…).
    #[error("the availability API did not answer: {0}")]
    Fetch(#[from] FetchError),
    /// It answered, but not 200.
    #[error("the availability API answered HTTP {0}")]
    Status(u16),
    /// It answered 200 with something other than its documented JSON.
    #[error("the availability API's answer is not its documented JSON: {0}")]
    Shape(&'static str),
}

/// The lookup address: `base?url=ADDRESS`, the address query-encoded.
pub fn lookup_url(base: &str, address: &str) -> Result<String, FetchError> {
    let mut url = web_address(base)?;
    url.query_pairs_mut().append_pair("url", address);
    Ok(url.to_string())
}

/// Reads an availability answer: `Some(copy address)` when a copy that
/// answered 200 is available, `None` when there is none.
pub fn parse_answer(body: &[u8]) -> Result<Option<String>, ArchiveError> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| ArchiveError::Shape("not JSON"))?;
    let snapshots = value
        .get("archived_snapshots")
        .and_then(serde_json::Value::as_object)
        .ok_or(ArchiveError::Shape("no \"archived_snapshots\" object"))?;
    if snapshots.is_empty() {
        return Ok(None);
    }
    let closest = snapshots
        .get("closest")
        .and_then(serde_json::Value::as_object)
        .ok_or(ArchiveError::Shape("no \"closest\" snapshot"))?;
    let available = closest
        .get("available")
        .and_then(serde_json::Value::as_bool)
        .ok_or(ArchiveError::Shape("no \"available\" flag"))?;
    let status = closest
        .get("status")
        .and_then(serde_json::Value::as_str)
        .ok_or(ArchiveError::Shape("no \"status\""))?;
    let url = closest
        .get("url")
        .and_then(serde_json::Value::as_str)
        .ok_or(ArchiveError::Shape("no \"url\""))?;
    let url = web_address(url)
        .map_err(|_| ArchiveError::Shape("the copy's \"url\" is not http or https"))?;
    // A copy of an error page is no copy of the source.
    Ok((available && status == "200").then(|| url.to_string()))
}

/// Asks `base` for an archived copy of `address`.
pub async fn lookup(
    fetcher: &Fetcher,
    base: &str,
    address: &str,
) -> Result<Option<String>, ArchiveError> {
    let request = FetchRequest::get(lookup_url(base, address)?)
        .header("Accept", "application/json")
        .body_limit(ANSWER_LIMIT);
    let answer = fetcher.get(&request).await?;
    if answer.status != 200 {
        return Err(ArchiveError::Status(answer.status));
    }
    parse_answer(&answer.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_answers_read() {
        let found = br#"{"url": "example.com", "archived_snapshots": {"closest": {"status": "200", "available": true, "url": "http://web.archive.org/web/20250321000000/https://example.com/", "timestamp": "20250321000000"}}}"#;
        assert_eq!(
            parse_answer(found).unwrap().as_deref(),
            Some("http://web.archive.org/web/20250321000000/https://example.com/")
        );
        let none = br#"{"url": "example.com", "archived_snapshots": {}}"#;
        assert_eq!(parse_answer(none).unwrap(), None);
    }

    #[test]
    fn a_copy_of_an_error_page_or_an_unavailable_one_is_no_copy() {
        let error_page = br#"{"archived_snapshots": {"closest": {"status": "404", "available": true, "url": "http://web.archive.org/web/2025/https://example.com/", "timestamp": "2025"}}}"#;
        assert_eq!(parse_answer(error_page).unwrap(), None);
        let unavailable = br#"{"archived_snapshots": {"closest": {"status": "200", "available": false, "url": "http://web.archive.org/web/2025/https://example.com/", "timestamp": "2025"}}}"#;
        assert_eq!(parse_answer(unavailable).unwrap(), None);
    }

    #[test]
    fn other_shapes_are_errors() {
        for body in [
            &b"<html>maintenance</html>"[..],
            br#"{"url": "example.com"}"#,
            br#"{"archived_snapshots": []}"#,
            br#"{"archived_snapshots": {"nearest": {}}}"#,
            br#"{"archived_snapshots": {"closest": {"status": "200", "available": true}}}"#,
            br#"{"archived_snapshots": {"closest": {"status": "200", "available": true, "url": "javascript:alert(1)"}}}"#,
            br#"{"archived_snapshots": {"closest": {"status": 200, "available": true, "url": "http://web.archive.org/x"}}}"#,
        ] {
            assert!(
                matches!(parse_answer(body), Err(ArchiveError::Shape(_))),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn the_address_is_query_encoded() {
        assert_eq!(
            lookup_url(DEFAULT_ARCHIVE_API, "https://example.com/a?b=c&d=e").unwrap(),
            "https://archive.org/wayback/available?url=https%3A%2F%2Fexample.com%2Fa%3Fb%3Dc%26d%3De"
        );
    }
}
