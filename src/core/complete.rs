//! Autocomplete: the choices offered while a user types an option. Cheap
//! reads only, because a platform (Discord) gives autocomplete 3 seconds.
//!
//! What an option's choices are picked from (the case's people, tags,
//! sources, actions, recent events and quotes) is read from the store at
//! once and kept in memory for [`KEPT_FOR`], so the keystrokes that follow
//! are matched without a database read or a thread hand-off. A choice is
//! only a suggestion: the command itself is checked against the store when
//! it runs, so a choice list a few seconds old can offer nothing wrong
//! that the command would not refuse.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::core::model::{RecordId, RecordKind};
use crate::core::people::fold;
use crate::store::{Result, Store, TimelineFilter};

/// Discord's limit on choices, and on a choice's name and value.
pub const MAX_CHOICES: usize = 25;
const MAX_LABEL: usize = 100;
/// How long a choice list read from the store is used for later keystrokes.
pub const KEPT_FOR: Duration = Duration::from_secs(5);
/// Events and quotes offered for an `id:` option (the first of each, in display order).
const RECENT: u64 = 500;

fn clip(text: &str) -> String {
    if text.chars().count() <= MAX_LABEL {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX_LABEL - 1).collect();
    out.push('…');
    out
}

/// Which list an option's choices come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Pool {
    People,
    Tags,
    Sources,
    Actions,
    Records,
}

fn pool(command: &str, option: &str) -> Option<Pool> {
    Some(match (command, option) {
        (_, "speaker") | (_, "name") | (_, "relayed_by") => Pool::People,
        (_, "tag") => Pool::Tags,
        ("sources" | "source archive", "id") | (_, "source") => Pool::Sources,
        ("action status" | "action bill", "id") => Pool::Actions,
        (_, "id") => Pool::Records,
        _ => return None,
    })
}

/// One possible choice, with the folded text a partial is matched against.
struct Candidate {
    label: String,
    value: String,
    /// Folded text a partial must occur in.
    haystack: String,
    /// People only: their folded name and aliases, for prefix ranking.
    names: Vec<String>,
    /// People only: the name they are sorted by within a rank.
    sort: String,
}

impl Candidate {
    fn plain(label: String, value: String, text: &str) -> Self {
        Candidate {
            label,
            value,
            haystack: fold(text),
            names: Vec::new(),
            sort: String::new(),
        }
    }
}

/// A choice list read from the store.
struct Candidates {
    read_at: Instant,
    items: Vec<Candidate>,
}

fn load(store: &Store, case_id: i64, pool: Pool) -> Result<Vec<Candidate>> {
    let mut items = Vec::new();
    match pool {
        Pool::People => {
            for p in store.people(case_id, false)? {
                let names: Vec<String> = std::iter::once(&p.name)
                    .chain(&p.aliases)
                    .map(|n| fold(n))
                    .collect();
                items.push(Candidate {
                    label: clip(&format!("{} — {}", p.name, p.role)),
                    value: clip(&p.name),
                    haystack: String::new(),
                    names,
                    sort: p.name,
                });
            }
        }
        Pool::Tags => {
            for (t, n) in store.tags(case_id)? {
                items.push(Candidate::plain(format!("{t} ({n})"), t.clone(), &t));
            }
        }
        Pool::Sources => {
            for s in store.sources(case_id, false)? {
                let id = s.record_id();
                let label = clip(&format!("{id} — {}: {}", s.publication, s.title));
                let text = format!("{id} {} {}", s.publication, s.title);
                items.push(Candidate::plain(label, id, &text));
            }
        }
        Pool::Actions => {
            for a in store.actions(case_id, false)? {
                let id = RecordId {
                    kind: RecordKind::Action,
                    id: a.id,
                }
                .to_string();
                let label = clip(&format!("{id} — {}", a.title));
                let text = format!("{id} {}", a.title);
                items.push(Candidate::plain(label, id, &text));
            }
        }
        Pool::Records => {
            let (events, _) = store.timeline(case_id, &TimelineFilter::default(), 0, RECENT)?;
            for e in events {
                let id = RecordId {
                    kind: RecordKind::Event,
                    id: e.id,
                }
                .to_string();
                let label = clip(&format!("{id} — {} {}", e.date, e.text));
                let text = format!("{id} {}", e.text);
                items.push(Candidate::plain(label, id, &text));
            }
            let (quotes, _) = store.quotes(case_id, None, None, false, 0, RECENT)?;
            for quote in quotes {
                let id = RecordId {
                    kind: RecordKind::Quote,
                    id: quote.id,
                }
                .to_string();
                let label = clip(&format!("{id} — {}: {}", quote.speaker.name, quote.text));
                let text = format!("{id} {} {}", quote.speaker.name, quote.text);
                items.push(Candidate::plain(label, id, &text));
            }
        }
    }
    Ok(items)
}

/// The choices of `items` for what was typed so far, best first.
/// `direct` is a record id typed in full that the store knows.
fn pick(
    pool: Pool,
    items: &[Candidate],
    partial: &str,
    direct: Option<String>,
) -> Vec<(String, String)> {
    let q = fold(partial);
    let mut out: Vec<(String, String)> = Vec::new();
    if pool == Pool::People {
        let mut ranked: Vec<(u8, &Candidate)> = items
            .iter()
            .filter_map(|p| {
                if q.is_empty() {
                    Some((2, p))
                } else if p
                    .names
                    .iter()
                    .any(|n| n.starts_with(&q) || n.split(' ').any(|w| w.starts_with(&q)))
                {
                    Some((0, p))
                } else if p.names.iter().any(|n| n.contains(&q)) {
                    Some((1, p))
                } else {
                    None
                }
            })
            .collect();
        ranked.sort_by(|(a, p), (b, o)| (a, &p.sort).cmp(&(b, &o.sort)));
        out.extend(
            ranked
                .into_iter()
                .take(MAX_CHOICES)
                .map(|(_, p)| (p.label.clone(), p.value.clone())),
        );
        return out;
    }
    if let Some(id) = &direct {
        out.push((id.clone(), id.clone()));
    }
    out.extend(
        items
            .iter()
            .filter(|c| q.is_empty() || c.haystack.contains(&q))
            .filter(|c| Some(&c.value) != direct.as_ref())
            .take(MAX_CHOICES)
            .map(|c| (c.label.clone(), c.value.clone())),
    );
    out.truncate(MAX_CHOICES);
    out
}

/// Choice lists kept per case and pool.
#[derive(Default)]
pub struct Kept {
    lists: Mutex<HashMap<(String, Pool), Arc<Candidates>>>,
}

impl Kept {
    fn get(&self, case: &str, pool: Pool) -> Option<Arc<Candidates>> {
        let lists = self.lists.lock().unwrap_or_else(|p| p.into_inner());
        lists
            .get(&(case.to_owned(), pool))
            .filter(|list| list.read_at.elapsed() < KEPT_FOR)
            .cloned()
    }

    fn put(&self, case: &str, pool: Pool, list: Arc<Candidates>) {
        let mut lists = self.lists.lock().unwrap_or_else(|p| p.into_inner());
        lists.insert((case.to_owned(), pool), list);
    }

    /// The choices from a list read less than [`KEPT_FOR`] ago, without
    /// touching the store; `None` when there is none, or when the partial
    /// is a whole record id (whether it exists is the store's to say).
    pub fn choices(
        &self,
        case: &str,
        command: &str,
        option: &str,
        partial: &str,
    ) -> Option<Vec<(String, String)>> {
        let pool = pool(command, option)?;
        if pool == Pool::Records && partial.trim().parse::<RecordId>().is_ok() {
            return None;
        }
        let list = self.get(case, pool)?;
        Some(pick(pool, &list.items, partial, None))
    }
}

/// `(label, value)` pairs for an option, best first, read from the store
/// now (and kept for the next keystrokes).
pub fn complete(
    store: &Store,
    kept: &Kept,
    default_case: &str,
    command: &str,
    option: &str,
    partial: &str,
) -> Result<Vec<(String, String)>> {
    let Some(pool) = pool(command, option) else {
        return Ok(Vec::new());
    };
    let Some(case) = store.case_by_key(default_case)? else {
        return Ok(Vec::new());
    };
    let list = Arc::new(Candidates {
        read_at: Instant::now(),
        items: load(store, case.id, pool)?,
    });
    kept.put(default_case, pool, Arc::clone(&list));
    let direct = match pool {
        Pool::Records => partial
            .trim()
            .parse::<RecordId>()
            .ok()
            .filter(|id| store.record_case(*id).is_ok())
            .map(|id| id.to_string()),
        _ => None,
    };
    Ok(pick(pool, &list.items, partial, direct))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_used_for_a_few_seconds_only() {
        let kept = Kept::default();
        let list = |read_at| {
            Arc::new(Candidates {
                read_at,
                items: vec![Candidate::plain(
                    "rally (3)".into(),
                    "rally".into(),
                    "rally",
                )],
            })
        };
        kept.put("case", Pool::Tags, list(Instant::now()));
        assert_eq!(
            kept.choices("case", "timeline", "tag", "ral"),
            Some(vec![("rally (3)".to_string(), "rally".to_string())])
        );
        assert_eq!(kept.choices("other", "timeline", "tag", "ral"), None);
        if let Some(old) = Instant::now().checked_sub(KEPT_FOR + Duration::from_secs(1)) {
            kept.put("case", Pool::Tags, list(old));
            assert_eq!(kept.choices("case", "timeline", "tag", "ral"), None);
        }
    }
}
