//! Autocomplete: the choices offered while a user types an option. Cheap
//! reads only, because a platform (Discord) gives autocomplete 3 seconds.

use crate::core::model::{RecordId, RecordKind};
use crate::core::people::fold;
use crate::store::{Result, Store, TimelineFilter};

/// Discord's limit on choices, and on a choice's name and value.
pub const MAX_CHOICES: usize = 25;
const MAX_LABEL: usize = 100;

fn clip(text: &str) -> String {
    if text.chars().count() <= MAX_LABEL {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX_LABEL - 1).collect();
    out.push('…');
    out
}

/// `(label, value)` pairs for an option, best first.
pub fn complete(
    store: &Store,
    default_case: &str,
    command: &str,
    option: &str,
    partial: &str,
) -> Result<Vec<(String, String)>> {
    let Some(case) = store.case_by_key(default_case)? else {
        return Ok(Vec::new());
    };
    let q = fold(partial);
    let matches = |text: &str| q.is_empty() || fold(text).contains(&q);
    let mut out: Vec<(String, String)> = Vec::new();
    match (command, option) {
        (_, "speaker") | (_, "name") | (_, "relayed_by") => {
            let people = store.people(case.id, false)?;
            let mut ranked: Vec<(u8, &crate::core::model::Person)> = people
                .iter()
                .filter_map(|p| {
                    let names = std::iter::once(&p.name)
                        .chain(&p.aliases)
                        .map(|n| fold(n))
                        .collect::<Vec<_>>();
                    if q.is_empty() {
                        Some((2, p))
                    } else if names
                        .iter()
                        .any(|n| n.starts_with(&q) || n.split(' ').any(|w| w.starts_with(&q)))
                    {
                        Some((0, p))
                    } else if names.iter().any(|n| n.contains(&q)) {
                        Some((1, p))
                    } else {
                        None
                    }
                })
                .collect();
            ranked.sort_by_key(|(rank, p)| (*rank, p.name.clone()));
            out.extend(
                ranked
                    .into_iter()
                    .map(|(_, p)| (clip(&format!("{} — {}", p.name, p.role)), clip(&p.name))),
            );
        }
        (_, "tag") => {
            out.extend(
                store
                    .tags(case.id)?
                    .into_iter()
                    .filter(|(t, _)| matches(t))
                    .map(|(t, n)| (format!("{t} ({n})"), t)),
            );
        }
        ("sources" | "source archive", "id") | (_, "source") => {
            for s in store.sources(case.id, false)? {
                if matches(&format!("{} {} {}", s.record_id(), s.publication, s.title)) {
                    out.push((
                        clip(&format!(
                            "{} — {}: {}",
                            s.record_id(),
                            s.publication,
                            s.title
                        )),
                        s.record_id(),
                    ));
                }
            }
        }
        ("action status", "id") => {
            for a in store.actions(case.id, false)? {
                let id = RecordId {
                    kind: RecordKind::Action,
                    id: a.id,
                }
                .to_string();
                if matches(&format!("{id} {}", a.title)) {
                    out.push((clip(&format!("{id} — {}", a.title)), id));
                }
            }
        }
        (_, "id") => {
            // Any record: an id typed so far narrows by kind letter, words by text.
            let direct = partial.trim().parse::<RecordId>().ok();
            if let Some(id) = direct {
                if store.record_case(id).is_ok() {
                    out.push((id.to_string(), id.to_string()));
                }
            }
            let (events, _) = store.timeline(case.id, &TimelineFilter::default(), 0, 500)?;
            for e in events {
                let id = RecordId {
                    kind: RecordKind::Event,
                    id: e.id,
                }
                .to_string();
                if matches(&format!("{id} {}", e.text))
                    && Some(id.as_str()) != direct.map(|d| d.to_string()).as_deref()
                {
                    out.push((clip(&format!("{id} — {} {}", e.date, e.text)), id));
                }
            }
            let (quotes, _) = store.quotes(case.id, None, None, false, 0, 500)?;
            for quote in quotes {
                let id = RecordId {
                    kind: RecordKind::Quote,
                    id: quote.id,
                }
                .to_string();
                if matches(&format!("{id} {} {}", quote.speaker.name, quote.text)) {
                    out.push((
                        clip(&format!("{id} — {}: {}", quote.speaker.name, quote.text)),
                        id,
                    ));
                }
            }
        }
        _ => {}
    }
    out.truncate(MAX_CHOICES);
    Ok(out)
}
