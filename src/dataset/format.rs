//! The `data/` file format (one TOML file per case) and its checks. The
//! same structures are read by import and written by export, so the two
//! round-trip exactly. See `data/README.md` for the layout and why TOML.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::core::command::{check_url, is_key};
use crate::core::date::PartialDate;
use crate::core::model::{Retraction, ACTION_KINDS, ACTION_STATUSES};

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}

/// A whole case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    pub case: CaseSection,
    #[serde(default)]
    pub sources: Vec<SourceRecord>,
    #[serde(default)]
    pub people: Vec<PersonRecord>,
    #[serde(default)]
    pub events: Vec<EventRecord>,
    #[serde(default)]
    pub quotes: Vec<QuoteRecord>,
    #[serde(default)]
    pub actions: Vec<ActionRecord>,
    #[serde(default)]
    pub figures: Vec<FigureRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSection {
    pub key: String,
    pub title: String,
    pub subject: String,
    pub summary: String,
    pub summary_sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detained_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detained_until: Option<String>,
    pub status: String,
    pub status_sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRecord {
    pub key: String,
    pub publication: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub published: PartialDate,
    pub url: String,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub url_exact: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Retraction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub role: String,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Retraction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    pub key: String,
    pub date: PartialDate,
    pub text: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub people: Vec<String>,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Retraction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteRecord {
    pub key: String,
    pub speaker: String,
    pub role: String,
    pub text: String,
    pub language: String,
    /// Set when `text` is the source's translation: the language the words
    /// were spoken in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub relay: crate::core::model::Relay,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relayed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Retraction>,
}

/// Whether `origin` is a congress.gov event's key as the poller writes it
/// (`congress::events`): `congress:`, the bill's stored key, the day, and
/// 16 lowercase hexadecimal digits.
fn is_congress_origin(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("congress:") else {
        return false;
    };
    let mut parts = rest.split(':');
    let (Some(bill), Some(day), Some(hash), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    bill.parse::<crate::domain::bill::BillRef>()
        .is_ok_and(|b| b.key() == bill)
        && chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok_and(|d| d.to_string() == day)
        && hash.len() == 16
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusRecord {
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The congress.gov event it reports (statuses the poller brought).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// When congress.gov stopped listing that event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vanished: Option<String>,
    pub sources: Vec<String>,
}

/// The bill an action names (`/action bill`), as `119-hr-4001`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillRecord {
    pub bill: String,
    pub sources: Vec<String>,
}

/// A member joining (`joined`) or leaving (`withdrew`) a bill's cosponsors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CosponsorRecord {
    pub bioguide_id: String,
    pub name: String,
    pub party: String,
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<i64>,
    pub original: bool,
    pub change: String,
    pub date: PartialDate,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionRecord {
    pub key: String,
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub led_by: Vec<String>,
    #[serde(default)]
    pub co_led_by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub summary: String,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Retraction>,
    #[serde(default)]
    pub statuses: Vec<StatusRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill: Option<BillRecord>,
    /// The cosponsors of `bill`, as the congress.gov poller recorded them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cosponsors: Vec<CosponsorRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureRecord {
    pub key: String,
    pub measure: String,
    pub label: String,
    pub value: String,
    pub stated_as: String,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Retraction>,
}

/// One problem in a data file, naming the record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {record}: {problem}")]
pub struct DataError {
    pub file: String,
    /// `quote “takano-stain”`, or `file` for the whole file.
    pub record: String,
    pub problem: String,
}

/// Longest text accepted in a data file, per field kind.
const MAX_TEXT: usize = 4000;
const MAX_SHORT: usize = 300;

impl CaseFile {
    /// Parses TOML, naming the file in any error.
    pub fn from_toml(file: &str, text: &str) -> Result<Self, DataError> {
        toml::from_str(text).map_err(|e| DataError {
            file: file.to_string(),
            record: "file".into(),
            problem: format!("not a valid case file: {}", e.to_string().trim()),
        })
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("a case file always serializes")
    }

    /// Every problem in the file (empty when it can be imported).
    pub fn validate(&self, file: &str) -> Vec<DataError> {
        let mut errors = Vec::new();
        let mut err = |record: String, problem: String| {
            errors.push(DataError {
                file: file.to_string(),
                record,
                problem,
            })
        };

        let source_keys: HashSet<&str> = self.sources.iter().map(|s| s.key.as_str()).collect();
        let person_keys: HashSet<&str> = self.people.iter().map(|p| p.key.as_str()).collect();
        let event_keys: HashSet<&str> = self.events.iter().map(|e| e.key.as_str()).collect();

        let check_sources =
            |err: &mut dyn FnMut(String, String), record: &str, sources: &[String]| {
                if sources.is_empty() {
                    err(
                        record.to_string(),
                        "has no source; every record needs at least one key in `sources`".into(),
                    );
                }
                for s in sources {
                    if !source_keys.contains(s.as_str()) {
                        err(
                            record.to_string(),
                            format!("cites “{s}”, which is not a source key in this file"),
                        );
                    }
                }
            };
        let check_text = |err: &mut dyn FnMut(String, String),
                          record: &str,
                          field: &str,
                          text: &str,
                          max: usize| {
            if text.trim().is_empty() {
                err(record.to_string(), format!("`{field}` is empty"));
            } else if text.chars().count() > max {
                err(
                    record.to_string(),
                    format!(
                        "`{field}` is {} characters; the limit is {max}",
                        text.chars().count()
                    ),
                );
            }
        };
        let check_person =
            |err: &mut dyn FnMut(String, String), record: &str, field: &str, key: &str| {
                if !person_keys.contains(key) {
                    err(
                        record.to_string(),
                        format!("`{field}` names “{key}”, which is not a person key in this file"),
                    );
                }
            };

        let case = &self.case;
        let rec = format!("case “{}”", case.key);
        if !is_key(&case.key) {
            err(
                rec.clone(),
                "the key must be lowercase letters, digits and “-”".into(),
            );
        }
        check_text(&mut err, &rec, "title", &case.title, MAX_SHORT);
        check_text(&mut err, &rec, "summary", &case.summary, MAX_TEXT);
        check_text(&mut err, &rec, "status", &case.status, MAX_TEXT);
        check_sources(&mut err, &format!("{rec} summary"), &case.summary_sources);
        check_sources(&mut err, &format!("{rec} status"), &case.status_sources);
        check_person(&mut err, &rec, "subject", &case.subject);
        for (field, key) in [
            ("detained_from", &case.detained_from),
            ("detained_until", &case.detained_until),
        ] {
            if let Some(key) = key {
                if !event_keys.contains(key.as_str()) {
                    err(
                        rec.clone(),
                        format!("`{field}` names “{key}”, which is not an event key in this file"),
                    );
                }
            }
        }

        let mut seen: HashSet<(&'static str, String)> = HashSet::new();
        let mut check_key =
            |err: &mut dyn FnMut(String, String), kind: &'static str, key: &str| -> String {
                let record = format!("{kind} “{key}”");
                if !is_key(key) {
                    err(
                        record.clone(),
                        "the key must be 1–64 lowercase letters, digits and “-”".into(),
                    );
                }
                if !seen.insert((kind, key.to_string())) {
                    err(
                        record.clone(),
                        "this key is used twice; keys must be unique".into(),
                    );
                }
                record
            };

        for s in &self.sources {
            let record = check_key(&mut err, "source", &s.key);
            check_text(&mut err, &record, "publication", &s.publication, MAX_SHORT);
            check_text(&mut err, &record, "title", &s.title, MAX_SHORT);
            if let Err(why) = check_url(&s.url) {
                err(record.clone(), format!("url “{}”: {why}", s.url));
            }
            if let Some(archive) = &s.archive_url {
                if let Err(why) = check_url(archive) {
                    err(record.clone(), format!("archive_url “{archive}”: {why}"));
                }
            }
        }
        for p in &self.people {
            let record = check_key(&mut err, "person", &p.key);
            check_text(&mut err, &record, "name", &p.name, MAX_SHORT);
            check_text(&mut err, &record, "role", &p.role, MAX_SHORT);
            check_sources(&mut err, &record, &p.sources);
        }
        for e in &self.events {
            let record = check_key(&mut err, "event", &e.key);
            check_text(&mut err, &record, "text", &e.text, MAX_TEXT);
            check_sources(&mut err, &record, &e.sources);
            for p in &e.people {
                check_person(&mut err, &record, "people", p);
            }
            for t in &e.tags {
                if !is_key(t) {
                    err(
                        record.clone(),
                        format!("tag “{t}” must be lowercase letters, digits and “-”"),
                    );
                }
            }
        }
        for q in &self.quotes {
            let record = check_key(&mut err, "quote", &q.key);
            check_text(&mut err, &record, "text", &q.text, MAX_TEXT);
            check_text(&mut err, &record, "role", &q.role, MAX_SHORT);
            check_sources(&mut err, &record, &q.sources);
            check_person(&mut err, &record, "speaker", &q.speaker);
            if let Some(by) = &q.relayed_by {
                check_person(&mut err, &record, "relayed_by", by);
            }
            let is_code = |c: &str| c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase());
            if !is_code(&q.language) {
                err(
                    record.clone(),
                    format!(
                        "language “{}” must be a two-letter code such as en or es",
                        q.language
                    ),
                );
            }
            if let Some(from) = &q.translated_from {
                if !is_code(from) {
                    err(
                        record.clone(),
                        format!("translated_from “{from}” must be a two-letter code such as es"),
                    );
                } else if *from == q.language {
                    err(
                        record.clone(),
                        format!("translated_from “{from}” is the language of `text` itself; omit it for words quoted as spoken"),
                    );
                }
            }
        }
        for a in &self.actions {
            let record = check_key(&mut err, "action", &a.key);
            check_text(&mut err, &record, "title", &a.title, MAX_SHORT);
            check_text(&mut err, &record, "summary", &a.summary, MAX_TEXT);
            check_sources(&mut err, &record, &a.sources);
            if !ACTION_KINDS.contains(&a.kind.as_str()) {
                err(
                    record.clone(),
                    format!(
                        "kind “{}” must be one of {}",
                        a.kind,
                        ACTION_KINDS.join(", ")
                    ),
                );
            }
            for p in a.led_by.iter().chain(&a.co_led_by) {
                check_person(&mut err, &record, "led_by/co_led_by", p);
            }
            for (i, s) in a.statuses.iter().enumerate() {
                let status_record = format!("{record} status {}", i + 1);
                if !ACTION_STATUSES.contains(&s.status.as_str()) {
                    err(
                        status_record.clone(),
                        format!(
                            "status “{}” must be one of {}",
                            s.status,
                            ACTION_STATUSES.join(", ")
                        ),
                    );
                }
                check_sources(&mut err, &status_record, &s.sources);
                if s.vanished.is_some() && s.origin.is_none() {
                    err(
                        status_record.clone(),
                        "`vanished` needs the `origin` of the event that vanished".into(),
                    );
                }
                if let Some(origin) = s.origin.as_deref().filter(|o| !is_congress_origin(o)) {
                    // Answers match an origin to the bill the action names
                    // by this form; another would hide or misplace the step.
                    err(
                        status_record.clone(),
                        format!("origin “{origin}” must read like congress:119-hr-4001:2025-06-12:414add653cf9713b (the key of a congress.gov event)"),
                    );
                }
            }
            if let Some(b) = &a.bill {
                let bill_record = format!("{record} bill");
                check_sources(&mut err, &bill_record, &b.sources);
                if b.bill.parse::<crate::domain::bill::BillRef>().is_err() {
                    err(
                        bill_record,
                        format!("bill “{}” must read like 119-hr-4001", b.bill),
                    );
                }
            } else if !a.cosponsors.is_empty() {
                err(record.clone(), "has `cosponsors` but no `bill`".into());
            }
            for (i, c) in a.cosponsors.iter().enumerate() {
                let c_record = format!("{record} cosponsor {}", i + 1);
                check_sources(&mut err, &c_record, &c.sources);
                if !matches!(c.change.as_str(), "joined" | "withdrew") {
                    err(c_record, "`change` must be joined or withdrew".into());
                }
            }
        }
        for f in &self.figures {
            let record = check_key(&mut err, "figure", &f.key);
            check_text(&mut err, &record, "label", &f.label, MAX_SHORT);
            check_text(&mut err, &record, "value", &f.value, MAX_SHORT);
            check_text(&mut err, &record, "stated_as", &f.stated_as, MAX_SHORT);
            if !is_key(&f.measure) {
                err(
                    record.clone(),
                    "`measure` must be lowercase letters, digits and “-”".into(),
                );
            }
            check_sources(&mut err, &record, &f.sources);
        }
        errors
    }
}
