//! The counts, shown set and tags that migration 0008 keeps up to date must
//! say what recounting the record tables says, after inserts, retractions
//! of records, a retraction of a record's only source, and a correction
//! that brings a hidden record a live source again.

mod common;

use casewatch::core::date::PartialDate;
use casewatch::core::model::RecordKind;
use casewatch::core::model::Relay;
use casewatch::store::{CaseRow, NewEvent, NewPerson, NewQuote, NewSource, Store, TimelineFilter};
use common::Seeded;

fn source(key: &str) -> NewSource {
    NewSource {
        key: key.into(),
        publication: "Example Daily".into(),
        title: format!("Report {key}"),
        author: None,
        published: "2025-05-01".parse().unwrap(),
        url: format!("https://example.org/{key}"),
        url_exact: true,
        archive_url: None,
        note: None,
    }
}

fn event(key: &str, date: &str, tags: &[&str], sources: Vec<i64>) -> NewEvent {
    NewEvent {
        key: key.into(),
        date: date.parse::<PartialDate>().unwrap(),
        text: format!("Event {key} happened"),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        people: Vec::new(),
        sources,
    }
}

/// The kept counts, and what a timeline of every shown event (by tag, or
/// all) says, against the rule counted from the tables.
fn assert_kept(store: &Store, case_id: i64) {
    assert_eq!(
        store.counts(case_id).unwrap(),
        store.recount(case_id).unwrap()
    );
    let all = |tag: Option<&str>| {
        store
            .timeline(
                case_id,
                &TimelineFilter {
                    tag: tag.map(str::to_string),
                    ..Default::default()
                },
                0,
                1000,
            )
            .unwrap()
    };
    let (entries, total) = all(None);
    let events = store
        .recount(case_id)
        .unwrap()
        .into_iter()
        .find(|(k, _)| *k == RecordKind::Event)
        .unwrap()
        .1;
    assert_eq!(total, events);
    assert_eq!(entries.len() as u64, total);
    assert!(entries
        .iter()
        .all(|e| e.retracted.is_none() && !e.sources.is_empty()));
    for (tag, n) in store.tags(case_id).unwrap() {
        let (tagged, total) = all(Some(&tag));
        assert_eq!(total, n, "tag {tag}");
        let expected: Vec<i64> = entries
            .iter()
            .filter(|e| e.tags.contains(&tag))
            .map(|e| e.id)
            .collect();
        assert_eq!(total, expected.len() as u64, "tag {tag}: its kept count");
        assert_eq!(tagged.iter().map(|e| e.id).collect::<Vec<_>>(), expected);
    }
}

#[test]
fn kept_counts_follow_inserts_retractions_and_source_retractions() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kept.sqlite3")).unwrap();
    let (case_id, a, b, e1, e2, e3, q1, sole) = store
        .write("test", |w| {
            let case_id = w.insert_case(&CaseRow {
                id: 0,
                key: "kept".into(),
                title: "Kept counts".into(),
                subject_key: "someone".into(),
                summary: "A case.".into(),
                status: "Open.".into(),
                detained_from_key: None,
                detained_until_key: None,
            })?;
            let a = w.insert_source(case_id, &source("a"))?;
            let b = w.insert_source(case_id, &source("b"))?;
            let sole = w.insert_source(case_id, &source("sole"))?;
            w.cite("case_summary", case_id, &[a])?;
            w.cite("case_status", case_id, &[a])?;
            let person = w.insert_person(
                case_id,
                &NewPerson {
                    key: "someone".into(),
                    name: "Some One".into(),
                    aliases: Vec::new(),
                    role: "Witness".into(),
                    sources: vec![a],
                },
            )?;
            let e1 = w.insert_event(
                case_id,
                &event("e1", "2025-03", &["court", "rally"], vec![a, b]),
            )?;
            let e2 = w.insert_event(case_id, &event("e2", "2025-03-15", &["rally"], vec![sole]))?;
            let e3 = w.insert_event(case_id, &event("e3", "2024", &["court"], vec![b]))?;
            w.insert_event(
                case_id,
                &event("e4", "2025-01-02/2025-02", &[], vec![sole, b]),
            )?;
            let q1 = w.insert_quote(
                case_id,
                &NewQuote {
                    key: "q1".into(),
                    speaker_id: person,
                    role: "Witness".into(),
                    text: "I saw it".into(),
                    language: "en".into(),
                    translated_from: None,
                    said: None,
                    place: None,
                    relay: Relay::Direct,
                    relayed_by_id: None,
                    context: None,
                    sources: vec![sole],
                },
            )?;
            Ok((case_id, a, b, e1, e2, e3, q1, sole))
        })
        .unwrap();
    assert_kept(&store, case_id);
    let counts = store.counts(case_id).unwrap();
    assert!(counts.contains(&(RecordKind::Event, 4)), "{counts:?}");
    assert!(counts.contains(&(RecordKind::Source, 3)), "{counts:?}");

    // A retracted record leaves the counts and every timeline.
    store
        .write("test", |w| w.retract(RecordKind::Event, e3, "wrong year"))
        .unwrap();
    assert_kept(&store, case_id);
    assert!(store
        .counts(case_id)
        .unwrap()
        .contains(&(RecordKind::Event, 3)));

    // Retracting `sole` hides e2 and q1 (their only source) but not e4,
    // which b still supports; the source itself leaves the count.
    store
        .write("test", |w| {
            w.retract(RecordKind::Source, sole, "fabricated")
        })
        .unwrap();
    assert_kept(&store, case_id);
    let counts = store.counts(case_id).unwrap();
    assert!(counts.contains(&(RecordKind::Event, 2)), "{counts:?}");
    assert!(counts.contains(&(RecordKind::Quote, 0)), "{counts:?}");
    assert!(counts.contains(&(RecordKind::Source, 2)), "{counts:?}");
    let (rally, _) = store
        .timeline(
            case_id,
            &TimelineFilter {
                tag: Some("rally".into()),
                ..Default::default()
            },
            0,
            10,
        )
        .unwrap();
    assert_eq!(rally.iter().map(|e| e.id).collect::<Vec<_>>(), vec![e1]);

    // A correction on the evidence of a live source supports e2 again.
    store
        .write("test", |w| {
            w.correct(
                RecordKind::Event,
                e2,
                "Event e2 happened, as a reprint says",
                "reprint",
                a,
            )
        })
        .unwrap();
    assert_kept(&store, case_id);
    assert!(store
        .counts(case_id)
        .unwrap()
        .contains(&(RecordKind::Event, 3)));
    let _ = (b, q1);
}

#[test]
fn kept_counts_of_the_seeded_case_equal_a_recount() {
    let bot = Seeded::new();
    let store = bot.core.store();
    for case in store.cases().unwrap() {
        assert_kept(&store, case.id);
    }
}
