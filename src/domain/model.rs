//! The cited case record: sources, people, events, quotes, congressional
//! actions and figures. One concept, one name, across SQL, Rust and the
//! data files.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::domain::date::PartialDate;

/// The kinds of record a user can name with an id such as `E12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Source,
    Person,
    Event,
    Quote,
    Action,
    Figure,
}

impl RecordKind {
    pub const ALL: [RecordKind; 6] = [
        RecordKind::Source,
        RecordKind::Person,
        RecordKind::Event,
        RecordKind::Quote,
        RecordKind::Action,
        RecordKind::Figure,
    ];

    /// The letter that starts ids of this kind.
    pub fn prefix(self) -> char {
        match self {
            RecordKind::Source => 'S',
            RecordKind::Person => 'P',
            RecordKind::Event => 'E',
            RecordKind::Quote => 'Q',
            RecordKind::Action => 'A',
            RecordKind::Figure => 'F',
        }
    }

    /// The SQL table and audit name of this kind.
    pub fn table(self) -> &'static str {
        match self {
            RecordKind::Source => "sources",
            RecordKind::Person => "people",
            RecordKind::Event => "events",
            RecordKind::Quote => "quotes",
            RecordKind::Action => "actions",
            RecordKind::Figure => "figures",
        }
    }

    /// The word for one record of this kind, for sentences.
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Source => "source",
            RecordKind::Person => "person",
            RecordKind::Event => "event",
            RecordKind::Quote => "quote",
            RecordKind::Action => "action",
            RecordKind::Figure => "figure",
        }
    }

    pub fn from_table(table: &str) -> Option<Self> {
        RecordKind::ALL.into_iter().find(|k| k.table() == table)
    }
}

/// A record's id as users write it: a kind letter and a number (`E12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId {
    pub kind: RecordKind,
    pub id: i64,
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.kind.prefix(), self.id)
    }
}

impl FromStr for RecordId {
    type Err = ();

    /// `E12`, `e12`, `#E12`. A bare number is not enough here: the caller
    /// decides which kind a bare number means.
    fn from_str(text: &str) -> Result<Self, ()> {
        let text = text.trim().trim_start_matches('#');
        let mut chars = text.chars();
        let letter = chars.next().ok_or(())?.to_ascii_uppercase();
        let kind = RecordKind::ALL
            .into_iter()
            .find(|k| k.prefix() == letter)
            .ok_or(())?;
        let digits = chars.as_str();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 15 {
            return Err(());
        }
        Ok(RecordId {
            kind,
            id: digits.parse().map_err(|_| ())?,
        })
    }
}

/// Who retracted a record, when and why. A retracted record is hidden from
/// answers and kept in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retraction {
    pub at: String,
    pub by: String,
    pub reason: String,
}

/// A published document the bot can cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: i64,
    pub key: String,
    pub publication: String,
    pub title: String,
    pub author: Option<String>,
    pub published: PartialDate,
    pub url: String,
    pub url_exact: bool,
    pub archive_url: Option<String>,
    pub note: Option<String>,
    pub retracted: Option<Retraction>,
    /// The last link check found its address gone (`casewatch sources check`).
    pub address_gone: bool,
}

impl Source {
    pub fn record_id(&self) -> String {
        RecordId {
            kind: RecordKind::Source,
            id: self.id,
        }
        .to_string()
    }
}

/// A named person who acts, speaks or is spoken of in a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub role: String,
    pub sources: Vec<Source>,
    pub retracted: Option<Retraction>,
}

impl Person {
    /// The names of the people `keys` name, joined by `separator`; a key
    /// with no person among `people` is shown as the key itself.
    pub fn names(keys: &[String], people: &[Person], separator: &str) -> String {
        keys.iter()
            .map(|k| {
                people
                    .iter()
                    .find(|p| &p.key == k)
                    .map_or(k.as_str(), |p| p.name.as_str())
            })
            .collect::<Vec<_>>()
            .join(separator)
    }
}

/// Something that happened, dated as precisely as its sources allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub id: i64,
    pub key: String,
    pub date: PartialDate,
    pub text: String,
    pub tags: Vec<String>,
    pub people: Vec<String>,
    pub sources: Vec<Source>,
    pub retracted: Option<Retraction>,
}

/// Whether the source heard the words itself or relays someone's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relay {
    Direct,
    SecondHand,
}

impl Relay {
    pub fn as_str(self) -> &'static str {
        match self {
            Relay::Direct => "direct",
            Relay::SecondHand => "second-hand",
        }
    }
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "direct" => Some(Relay::Direct),
            "second-hand" => Some(Relay::SecondHand),
            _ => None,
        }
    }
}

/// Somebody's exact words, attributed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub id: i64,
    pub key: String,
    pub speaker: Person,
    pub role: String,
    pub text: String,
    pub language: String,
    /// The language the words were spoken in when `text` is the source's
    /// translation of them (ISO 639-1, e.g. `es`); shown with the quote.
    pub translated_from: Option<String>,
    pub said: Option<PartialDate>,
    pub place: Option<String>,
    pub relay: Relay,
    pub relayed_by: Option<String>,
    pub context: Option<String>,
    pub sources: Vec<Source>,
    pub retracted: Option<Retraction>,
}

/// One step in a congressional action's life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionStatus {
    pub status: String,
    pub date: Option<PartialDate>,
    pub note: Option<String>,
    /// The stable key of the congress.gov event this status reports,
    /// when the poller brought it (`congress:119-hr-4001:DATE:HASH`).
    pub origin: Option<String>,
    /// When congress.gov stopped listing that event (UTC time); the
    /// status stays on record.
    pub vanished: Option<String>,
    pub sources: Vec<Source>,
}

/// The bill an action is about, and what says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionBill {
    /// The row of `action_bills`.
    pub id: i64,
    pub bill: crate::domain::bill::BillRef,
    pub sources: Vec<Source>,
    /// Its cosponsors as congress.gov lists them, in the order they joined
    /// (a withdrawal is a row of its own).
    pub cosponsors: Vec<Cosponsorship>,
}

/// A member joining or leaving a bill's cosponsors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosponsorship {
    pub id: i64,
    /// The member's id in the Biographical Directory of Congress.
    pub bioguide_id: String,
    /// As congress.gov writes it: `Rep. Takano, Mark [D-CA-39]`.
    pub name: String,
    pub party: String,
    pub state: String,
    pub district: Option<i64>,
    /// Among the cosponsors the day the bill was introduced.
    pub original: bool,
    /// A withdrawal, not a joining.
    pub withdrew: bool,
    pub date: PartialDate,
    pub sources: Vec<Source>,
}

/// Something Congress or a member of Congress did about the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CongressionalAction {
    pub id: i64,
    pub key: String,
    pub kind: String,
    pub title: String,
    pub led_by: Vec<String>,
    pub co_led_by: Vec<String>,
    pub date: Option<PartialDate>,
    pub reference: Option<String>,
    /// The bill it is about, when an editor named one (`/action bill`),
    /// with the sources that say so.
    pub bill: Option<ActionBill>,
    pub summary: String,
    pub statuses: Vec<ActionStatus>,
    pub sources: Vec<Source>,
    pub retracted: Option<Retraction>,
}

impl CongressionalAction {
    /// The newest status, if any.
    pub fn current_status(&self) -> Option<&ActionStatus> {
        self.statuses.last()
    }
}

/// A number as one source states it. Figures that share a `measure` are
/// shown side by side because sources disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub id: i64,
    pub key: String,
    pub measure: String,
    pub label: String,
    pub value: String,
    pub stated_as: String,
    pub sources: Vec<Source>,
    pub retracted: Option<Retraction>,
}

pub const ACTION_KINDS: &[&str] = &[
    "bill",
    "letter",
    "resolution",
    "hearing",
    "floor-speech",
    "oversight-visit",
    "other",
];
pub const ACTION_STATUSES: &[&str] = &[
    "proposed",
    "introduced",
    "sent",
    "held",
    "denied",
    "passed",
    "failed",
    "unknown",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids_parse_and_print() {
        let id: RecordId = "e12".parse().unwrap();
        assert_eq!(
            id,
            RecordId {
                kind: RecordKind::Event,
                id: 12
            }
        );
        assert_eq!(id.to_string(), "E12");
        assert_eq!("#Q3".parse::<RecordId>().unwrap().to_string(), "Q3");
        for bad in ["", "12", "X1", "E", "E1a", "E-1"] {
            assert!(bad.parse::<RecordId>().is_err(), "{bad}");
        }
    }
}
