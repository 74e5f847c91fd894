//! Which items of a polled feed become suggestions: the matching (the
//! case's people's names and aliases, and the watch's keywords, as whole
//! words, accent- and case-insensitive), the deduplication (by entry id,
//! then by address), the first poll that only marks what is there, and the
//! one transaction that records a poll.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::core::people::fold;
use crate::domain::date::PartialDate;
use crate::domain::model::Person;
use crate::store::{NewSource, NewSuggestion, PollOutcome, Result, Store, Watch};

/// Longest title kept, the limit of a source's title (`/source add`).
const TITLE_LIMIT: usize = 300;

/// A feed as the poller read it, whatever its format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedDoc {
    /// The feed's own title: the publication of its articles.
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
}

/// One item of a feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// The entry's id (`guid`, Atom `id`), or one the parser derived.
    pub entry_id: String,
    /// The article's address.
    pub url: Option<String>,
    pub title: Option<String>,
    /// Summary or content, as text or HTML; only read for matching.
    pub summary: Option<String>,
    pub author: Option<String>,
    /// The day it was published (or else updated).
    pub published: Option<NaiveDate>,
}

/// The names and words that make an item relevant, folded.
#[derive(Debug, Clone)]
pub struct Matcher {
    phrases: Vec<String>,
}

impl Matcher {
    /// The case's people's names and aliases, and the watch's keywords.
    pub fn new(people: &[Person], keywords: &[String]) -> Self {
        let mut phrases: Vec<String> = people
            .iter()
            .flat_map(|p| std::iter::once(&p.name).chain(p.aliases.iter()))
            .chain(keywords.iter())
            .map(|text| fold(text))
            .filter(|folded| !folded.is_empty())
            .collect();
        // Longest first, so a report names the most specific phrase.
        phrases.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        phrases.dedup();
        Matcher { phrases }
    }

    /// The first name or keyword `text` mentions as whole words.
    pub fn find(&self, text: &str) -> Option<&str> {
        let padded = format!(" {} ", fold(text));
        self.phrases
            .iter()
            .find(|phrase| padded.contains(&format!(" {phrase} ")))
            .map(String::as_str)
    }

    /// What an item's title or summary mentions.
    pub fn find_in(&self, item: &FeedItem) -> Option<&str> {
        item.title
            .as_deref()
            .and_then(|t| self.find(t))
            .or_else(|| item.summary.as_deref().and_then(|s| self.find(s)))
    }
}

/// Why a relevant item did not become a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// No published or updated date: a suggestion needs one, never invented.
    NoDate,
    /// No link: the source needs an address.
    NoLink,
    /// No title: the source needs one.
    NoTitle,
}

impl Skipped {
    pub fn as_str(self) -> &'static str {
        match self {
            Skipped::NoDate => "no published or updated date",
            Skipped::NoLink => "no link",
            Skipped::NoTitle => "no title",
        }
    }
}

/// What one poll did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollReport {
    /// The first poll: every item present was marked as seen, none proposed.
    pub primed: usize,
    /// Suggestions made: (suggestion id, the article's title).
    pub suggested: Vec<(i64, String)>,
    /// Relevant items that could not be proposed, with why.
    pub skipped: Vec<(String, Skipped)>,
    /// New items that mention neither the case nor a keyword.
    pub irrelevant: usize,
    /// Items seen before (by entry id or address) or already a source.
    pub known: usize,
}

/// The actor and place of everything a watch writes: `feed:ID`.
pub fn actor(watch: &Watch) -> String {
    format!("feed:{}", watch.id)
}

/// Records a successful poll of `watch` in one transaction: the first
/// poll marks every item as seen; later ones mark new items as seen and
/// make each relevant one a pending suggestion with the article as its
/// new source. Items are known by entry id (this watch), then by address
/// (any watch of the case, or a source of the case).
pub fn record(
    store: &mut Store,
    watch: &Watch,
    feed: &FeedDoc,
    outcome: &PollOutcome,
) -> Result<PollReport> {
    let mut report = PollReport::default();
    let people = store.people(watch.case_id, false)?;
    let matcher = Matcher::new(&people, &watch.keywords);
    let ids: Vec<&str> = feed.items.iter().map(|i| i.entry_id.as_str()).collect();
    let urls: Vec<&str> = feed.items.iter().filter_map(|i| i.url.as_deref()).collect();
    let sources: Vec<String> = store
        .sources(watch.case_id, true)?
        .into_iter()
        .map(|s| s.url)
        .collect();
    let publication = feed
        .title
        .clone()
        .or_else(|| watch.feed_title.clone())
        .or_else(|| host(&watch.url))
        .unwrap_or_else(|| watch.url.clone());
    let who = actor(watch);
    store.write_at(&who, &who, |w| {
        let (seen_ids, seen_urls) = w.seen_items(watch, &ids, &urls)?;
        let mut known_ids: HashSet<String> = seen_ids.into_iter().collect();
        let mut known_urls: HashSet<String> = seen_urls.into_iter().chain(sources).collect();
        for item in &feed.items {
            let url = item.url.as_deref();
            if known_ids.contains(&item.entry_id) || url.is_some_and(|u| known_urls.contains(u)) {
                report.known += 1;
                continue;
            }
            known_ids.insert(item.entry_id.clone());
            if let Some(url) = url {
                known_urls.insert(url.to_string());
            }
            if !watch.primed {
                w.mark_item_seen(watch.id, &item.entry_id, url, None)?;
                report.primed += 1;
                continue;
            }
            let label = item
                .title
                .clone()
                .or_else(|| item.url.clone())
                .unwrap_or_else(|| item.entry_id.clone());
            if matcher.find_in(item).is_none() {
                w.mark_item_seen(watch.id, &item.entry_id, url, None)?;
                report.irrelevant += 1;
                continue;
            }
            let title = item.title.as_deref().map(str::trim).unwrap_or_default();
            let problem = match (item.published, url, title.is_empty()) {
                (None, _, _) => Some(Skipped::NoDate),
                (_, None, _) => Some(Skipped::NoLink),
                (_, _, true) => Some(Skipped::NoTitle),
                _ => None,
            };
            if let Some(problem) = problem {
                w.mark_item_seen(watch.id, &item.entry_id, url, None)?;
                report.skipped.push((label, problem));
                continue;
            }
            let (Some(day), Some(url)) = (item.published, url) else {
                unreachable!("checked above");
            };
            let title: String = title.chars().take(TITLE_LIMIT).collect();
            let date = PartialDate::day(day);
            let source = NewSource {
                key: format!("{publication} {title}"),
                publication: publication.chars().take(120).collect(),
                title: title.clone(),
                author: item.author.clone().map(|a| a.chars().take(120).collect()),
                published: date,
                url: url.to_string(),
                url_exact: true,
                archive_url: None,
                note: None,
            };
            let id = w.insert_suggestion(
                watch.case_id,
                &NewSuggestion {
                    date: &date,
                    text: &title,
                    tags: &[],
                    source_id: None,
                    new_source: Some(&source),
                    place: &who,
                },
            )?;
            w.mark_item_seen(watch.id, &item.entry_id, Some(url), Some(id))?;
            report.suggested.push((id, title));
        }
        w.record_poll(watch.id, outcome)
    })?;
    Ok(report)
}

/// Records a failed poll: one more failure, its error, the next try.
pub fn record_failure(store: &mut Store, watch: &Watch, outcome: &PollOutcome) -> Result<()> {
    let who = actor(watch);
    store.write_at(&who, &who, |w| w.record_poll(watch.id, outcome))
}

/// The host of an address, the publication of a feed without a title.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, aliases: &[&str]) -> Person {
        Person {
            id: 0,
            key: String::new(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            role: String::new(),
            sources: Vec::new(),
            retracted: None,
        }
    }

    #[test]
    fn names_aliases_and_keywords_match_as_whole_words_without_accents() {
        let people = [
            person("Andry José Hernández Romero", &["Andry"]),
            person("Mark Takano", &[]),
        ];
        let m = Matcher::new(&people, &["CECOT".to_string()]);
        assert_eq!(
            m.find("Court hears ANDRY JOSE HERNANDEZ ROMERO's case"),
            Some("andry jose hernandez romero")
        );
        assert_eq!(m.find("Andry, a makeup artist"), Some("andry"));
        assert_eq!(m.find("Rep. Mark Takano writes"), Some("mark takano"));
        assert_eq!(m.find("Inside El Salvador's Cecot prison"), Some("cecot"));
        assert_eq!(m.find("Andrys and Takanos"), None, "whole words only");
        assert_eq!(m.find("Nothing about it"), None);
    }

    #[test]
    fn a_feed_without_a_title_is_published_by_its_host() {
        assert_eq!(
            host("https://news.example.org/rss?x=1").as_deref(),
            Some("news.example.org")
        );
        assert_eq!(host("nonsense"), None);
    }
}
