//! A fetched feed body read with feed-rs (RSS 2.0, Atom, and the RSS 1.0
//! and JSON Feed it also reads) into the core's [`FeedDoc`].

use crate::core::watch::items::{FeedDoc, FeedItem};

/// Why a body is not a feed.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The body is not a feed feed-rs can read; its message says where.
    #[error("not a readable RSS or Atom feed: {0}")]
    Malformed(String),
}

/// Reads a feed. Summaries fall back to the content; an item's day is its
/// published date, or else its updated date.
pub fn read(body: &[u8]) -> Result<FeedDoc, FeedError> {
    let feed = feed_rs::parser::parse(body).map_err(|e| FeedError::Malformed(e.to_string()))?;
    let items = feed
        .entries
        .into_iter()
        .map(|entry| {
            // Atom may list several links; the article is the alternate
            // one (no rel means alternate, RFC 4287 §4.2.7.2).
            let url = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or_else(|| entry.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|href| href.starts_with("http://") || href.starts_with("https://"));
            FeedItem {
                entry_id: entry.id,
                url,
                title: entry.title.map(|t| t.content.trim().to_string()),
                summary: entry
                    .summary
                    .map(|s| s.content)
                    .or_else(|| entry.content.and_then(|c| c.body)),
                author: entry.authors.into_iter().next().and_then(|a| a.name),
                published: entry.published.or(entry.updated).map(|at| at.date_naive()),
            }
        })
        .collect();
    Ok(FeedDoc {
        title: feed
            .title
            .map(|t| t.content.trim().to_string())
            .filter(|t| !t.is_empty()),
        items,
    })
}
