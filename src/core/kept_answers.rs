//! Answers kept while the record stays the same. Many communities ask the
//! same thing at once (`/case` and `/timeline` when news breaks), and a
//! community command's answer depends only on the record, the command and
//! its options, the language and the day: not on who asks or where. So an
//! answer is kept with the database's version ([`Database::version`]) read
//! before it was built, and given again only while that version is
//! unchanged: any commit, by this process or another (`casewatch bills
//! poll` from cron, a second `serve`), makes every kept answer stale at
//! once. A kept answer is never older than the record.
//!
//! [`Database::version`]: crate::store::Database::version

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::NaiveDate;

use crate::core::command::ParsedCommand;
use crate::core::i18n::Locale;
use crate::core::reply::{Reply, ReplyKind};

/// How many answers are kept; past it, stale ones go first, then all.
pub const CAPACITY: usize = 256;

/// The commands whose answer is the same for everyone who asks: the
/// community's reading commands. `/sources status:` (editors only), `/help`
/// (by role) and every command that writes are never kept.
fn shared(cmd: &ParsedCommand) -> bool {
    match cmd.spec.path {
        "case" | "timeline" | "quote" | "actions" | "person" | "search" | "cite" | "history" => {
            true
        }
        "sources" => cmd.get("status").is_none(),
        _ => false,
    }
}

/// The key an answer is kept under, or `None` for a command that is not
/// kept.
pub fn key(cmd: &ParsedCommand, locale: Locale) -> Option<String> {
    if !shared(cmd) {
        return None;
    }
    let mut key = format!("{}\u{1f}{}", locale.code(), cmd.spec.path);
    // Options are in a sorted map: the same options make the same key.
    for (name, value) in &cmd.options {
        key.push('\u{1f}');
        key.push_str(name);
        key.push('=');
        key.push_str(value);
    }
    Some(key)
}

/// A kept answer and what it was built from.
#[derive(Debug, Clone)]
pub struct KeptAnswer {
    pub reply: Reply,
    /// The newest audit entry when the answer was read, so a platform that
    /// remembers the message it sends knows which corrections it lacks;
    /// `None` when it could not be read.
    pub audit_id: Option<i64>,
}

struct Entry {
    version: i64,
    day: NaiveDate,
    answer: KeptAnswer,
    /// When it was last given or kept (a counter): the least recently
    /// used goes first when the memory is full.
    used: u64,
}

#[derive(Default)]
pub struct KeptAnswers {
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    by_key: HashMap<String, Entry>,
    clock: u64,
}

impl KeptAnswers {
    /// The answer kept under `key`, if it was built at this version on
    /// this day.
    pub fn get(&self, key: &str, version: i64, day: NaiveDate) -> Option<KeptAnswer> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.clock += 1;
        let now = entries.clock;
        let entry = entries.by_key.get_mut(key)?;
        if entry.version != version || entry.day != day {
            return None;
        }
        entry.used = now;
        Some(entry.answer.clone())
    }

    /// Keeps an answer built at `version` on `day`. Errors are not kept:
    /// a store failure must not be repeated, and a refusal costs little.
    /// When the memory is full, stale answers go first, then the least
    /// recently used one.
    pub fn put(&self, key: String, version: i64, day: NaiveDate, answer: KeptAnswer) {
        if answer.reply.kind == ReplyKind::Error {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.clock += 1;
        let used = entries.clock;
        if entries.by_key.len() >= CAPACITY && !entries.by_key.contains_key(&key) {
            entries
                .by_key
                .retain(|_, e| e.version == version && e.day == day);
            if entries.by_key.len() >= CAPACITY {
                let oldest = entries
                    .by_key
                    .iter()
                    .min_by_key(|(_, e)| e.used)
                    .map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    entries.by_key.remove(&oldest);
                }
            }
        }
        entries.by_key.insert(
            key,
            Entry {
                version,
                day,
                answer,
                used,
            },
        );
    }

    /// How many answers are kept (for tests and the bench).
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .by_key
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::command::parse;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    #[test]
    fn only_the_community_reading_commands_are_kept() {
        for line in [
            "/case",
            "/timeline tag:rally",
            "/quote speaker:takano",
            "/sources",
            "/cite id:E1",
        ] {
            assert!(key(&parse(line).unwrap(), Locale::En).is_some(), "{line}");
        }
        for line in ["/sources status:gone", "/help", "/digest show", "/review"] {
            assert!(key(&parse(line).unwrap(), Locale::En).is_none(), "{line}");
        }
    }

    #[test]
    fn the_key_holds_the_language_and_every_option() {
        let a = key(&parse("/timeline tag:rally page:2").unwrap(), Locale::En).unwrap();
        let b = key(&parse("/timeline page:2 tag:rally").unwrap(), Locale::En).unwrap();
        let c = key(&parse("/timeline tag:rally page:2").unwrap(), Locale::Es).unwrap();
        let d = key(&parse("/timeline tag:rally page:3").unwrap(), Locale::En).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn an_answer_is_given_only_at_its_version_and_day_and_errors_are_not_kept() {
        let kept = KeptAnswers::default();
        let answer = |kind| KeptAnswer {
            reply: Reply::new(kind, "T"),
            audit_id: Some(7),
        };
        kept.put("k".into(), 3, day(), answer(ReplyKind::Answer));
        assert_eq!(kept.get("k", 3, day()).unwrap().audit_id, Some(7));
        assert!(kept.get("k", 4, day()).is_none());
        assert!(kept.get("k", 3, day().succ_opt().unwrap()).is_none());
        kept.put("e".into(), 3, day(), answer(ReplyKind::Error));
        assert!(kept.get("e", 3, day()).is_none());
    }

    #[test]
    fn a_full_store_drops_stale_answers_first_then_the_least_recently_used() {
        let kept = KeptAnswers::default();
        let answer = || KeptAnswer {
            reply: Reply::new(ReplyKind::Answer, "T"),
            audit_id: Some(1),
        };
        for i in 0..CAPACITY {
            kept.put(format!("old{i}"), 1, day(), answer());
        }
        kept.put("new".into(), 2, day(), answer());
        assert_eq!(kept.len(), 1, "stale answers were dropped");
        for i in 0..CAPACITY - 1 {
            kept.put(format!("k{i}"), 2, day(), answer());
        }
        assert_eq!(kept.len(), CAPACITY);
        // "new" is the oldest put, but was just asked for: k0 goes instead.
        assert!(kept.get("new", 2, day()).is_some());
        kept.put("one more".into(), 2, day(), answer());
        assert_eq!(kept.len(), CAPACITY);
        assert!(kept.get("new", 2, day()).is_some());
        assert!(kept.get("k0", 2, day()).is_none());
        assert!(kept.get("k1", 2, day()).is_some());
        assert!(kept.get("one more", 2, day()).is_some());
    }
}
