//! From the API's actions to the statuses casewatch keeps: one per event.
//!
//! congress.gov reports one event from several systems: "Introduced in
//! House" comes as `Intro-H` from House floor actions and as `1000` from
//! the Library of Congress, and a referral often comes twice. An event is
//! its date and its meaning (the words, without case or punctuation); of
//! its reports the Library of Congress's wording is kept.

use std::collections::HashMap;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::api::ApiAction;
use crate::domain::bill::BillRef;

/// The `sourceSystem.code` of the Library of Congress.
const LIBRARY_OF_CONGRESS: i64 = 9;

/// One event of a bill's life, as casewatch records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillEvent {
    pub date: NaiveDate,
    /// The API's words (the Library of Congress's when it reported it).
    pub text: String,
    /// Where the bill stands after it: `introduced`, `passed` or `failed`.
    pub status: &'static str,
    /// A stable key: the same event on the next poll has the same one.
    pub origin: String,
}

/// The words of an action without case, punctuation or extra spaces.
fn meaning(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn from_library(action: &ApiAction) -> bool {
    action.source_system.code == Some(LIBRARY_OF_CONGRESS)
        || action
            .source_system
            .name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case("Library of Congress"))
}

/// The stage an event brings the bill to, if it changes it.
fn stage(meaning: &str) -> Option<&'static str> {
    if meaning.starts_with("became public law")
        || meaning.starts_with("signed by president")
        || meaning.starts_with("passed")
        || meaning.contains("passed agreed to in")
    {
        Some("passed")
    } else if meaning.starts_with("failed") {
        Some("failed")
    } else {
        None
    }
}

/// The events of a bill, oldest first, one per date and meaning. Actions
/// whose date is not a day (`2025-06-12`) are left out and counted.
pub fn events(bill: &BillRef, actions: &[ApiAction]) -> (Vec<BillEvent>, usize) {
    let mut undated = 0;
    // (date, meaning) → index in `kept`, to merge reports of one event.
    let mut seen: HashMap<(NaiveDate, String), usize> = HashMap::new();
    let mut kept: Vec<(NaiveDate, String, &ApiAction)> = Vec::new();
    // The API lists the newest first; walk oldest first so that events of
    // one day keep their order.
    for action in actions.iter().rev() {
        let Ok(date) = NaiveDate::parse_from_str(action.action_date.trim(), "%Y-%m-%d") else {
            undated += 1;
            continue;
        };
        let key = (date, meaning(&action.text));
        match seen.get(&key) {
            Some(&at) => {
                if from_library(action) && !from_library(kept[at].2) {
                    kept[at].2 = action;
                }
            }
            None => {
                seen.insert(key.clone(), kept.len());
                kept.push((date, key.1, action));
            }
        }
    }
    kept.sort_by_key(|(date, _, _)| *date);
    let mut now = "introduced";
    let events = kept
        .into_iter()
        .map(|(date, meaning, action)| {
            if let Some(stage) = stage(&meaning) {
                now = stage;
            }
            let digest = Sha256::digest(meaning.as_bytes());
            let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
            BillEvent {
                date,
                text: action.text.trim().to_string(),
                status: now,
                origin: format!("congress:{}:{date}:{hash}", bill.key()),
            }
        })
        .collect();
    (events, undated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::congress::api::SourceSystem;

    fn action(date: &str, code: &str, system: i64, name: &str, text: &str) -> ApiAction {
        ApiAction {
            action_code: Some(code.into()),
            action_date: date.into(),
            source_system: SourceSystem {
                code: Some(system),
                name: Some(name.into()),
            },
            text: text.into(),
        }
    }

    fn bill() -> BillRef {
        "119-hr-4001".parse().unwrap()
    }

    #[test]
    fn reports_of_one_event_become_one_status_in_the_library_of_congress_wording() {
        // Newest first, as the API lists them.
        let actions = vec![
            action(
                "2025-06-20",
                "H30000",
                2,
                "House floor actions",
                "Passed House.",
            ),
            action(
                "2025-06-12",
                "H11100",
                2,
                "House floor actions",
                "Referred to the House Committee on Foreign Affairs.",
            ),
            action(
                "2025-06-12",
                "1000",
                9,
                "Library of Congress",
                "Introduced in House",
            ),
            action(
                "2025-06-12",
                "5000",
                9,
                "Library of Congress",
                "Referred to the House Committee on Foreign Affairs",
            ),
            action(
                "2025-06-12",
                "Intro-H",
                2,
                "House floor actions",
                "Introduced in House.",
            ),
        ];
        let (events, undated) = events(&bill(), &actions);
        assert_eq!(undated, 0);
        let texts: Vec<(&str, &str)> = events.iter().map(|e| (e.text.as_str(), e.status)).collect();
        assert_eq!(
            texts,
            vec![
                ("Introduced in House", "introduced"),
                (
                    "Referred to the House Committee on Foreign Affairs",
                    "introduced"
                ),
                ("Passed House.", "passed"),
            ]
        );
        // Stable keys: the same list gives the same origins, and the two
        // spellings of one event the same one.
        let again = super::events(&bill(), &actions[2..]).0;
        assert_eq!(again[0].origin, events[0].origin);
        assert!(events[0]
            .origin
            .starts_with("congress:119-hr-4001:2025-06-12:"));
    }

    #[test]
    fn the_same_words_on_another_day_are_another_event() {
        let actions = vec![
            action(
                "2025-07-01",
                "H11100",
                2,
                "House floor actions",
                "Referred to the Subcommittee.",
            ),
            action(
                "2025-06-12",
                "H11100",
                2,
                "House floor actions",
                "Referred to the Subcommittee.",
            ),
            action("June 2025", "X", 2, "House floor actions", "Undated"),
        ];
        let (events, undated) = events(&bill(), &actions);
        assert_eq!(events.len(), 2);
        assert_ne!(events[0].origin, events[1].origin);
        assert_eq!(undated, 1);
    }
}
