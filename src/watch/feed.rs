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
                title: entry.title.map(|t| one_line(&t.content)),
                summary: entry
                    .summary
                    .map(|s| s.content)
                    .or_else(|| entry.content.and_then(|c| c.body)),
                author: entry
                    .authors
                    .into_iter()
                    .next()
                    .and_then(|a| a.name)
                    .map(|name| one_line(&name))
                    .filter(|name| !name.is_empty()),
                published: entry.published.or(entry.updated).map(|at| at.date_naive()),
            }
        })
        .collect();
    Ok(FeedDoc {
        title: feed
            .title
            .map(|t| one_line(&t.content))
            .filter(|t| !t.is_empty()),
        items,
    })
}

/// Text on one line: feeds wrap titles over lines and indent them, and a
/// title becomes a suggestion's text and a source's title.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_read_on_one_line_and_the_alternate_link_is_the_article() {
        let doc = read(
            br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>  Diario
              Ejemplo </title><id>f</id><updated>2025-12-01T00:00:00Z</updated>
            <entry><id>e1</id><title>Two
                lines	and a tab</title><updated>2025-12-01T00:00:00Z</updated>
              <link rel="self" href="https://x.example/self"/>
              <link href="https://x.example/article"/></entry></feed>"#,
        )
        .unwrap();
        assert_eq!(doc.title.as_deref(), Some("Diario Ejemplo"));
        assert_eq!(doc.items[0].title.as_deref(), Some("Two lines and a tab"));
        assert_eq!(
            doc.items[0].url.as_deref(),
            Some("https://x.example/article")
        );
    }

    #[test]
    fn an_html_page_is_not_a_feed() {
        let err = read(b"<!DOCTYPE html><html><body>Andry</body></html>").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("not a readable RSS or Atom feed"));
    }
}
