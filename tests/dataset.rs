//! The `data/` format: the curated file is valid, import is idempotent,
//! export round-trips exactly, and an uncited record is refused by name.

mod common;

use casewatch::dataset::{self, CaseFile, DatasetError};
use casewatch::store::Store;
use common::{data_dir, Seeded, CASE};

fn curated() -> CaseFile {
    dataset::load(&data_dir().join(format!("{CASE}.toml"))).expect("the curated dataset is valid")
}

#[test]
fn the_curated_dataset_holds_what_the_sources_give() {
    let file = curated();
    // The five page captures, and the Bulwark video one of them embeds.
    assert_eq!(file.sources.len(), 6);
    assert!(file.events.len() >= 20, "{} events", file.events.len());
    assert!(file.quotes.len() >= 40, "{} quotes", file.quotes.len());
    assert_eq!(file.actions.len(), 6);
    let dates: Vec<String> = file.events.iter().map(|e| e.date.to_string()).collect();
    for exact in ["2024-08-29", "2025-03-14", "2025-06-06", "2025-07-18"] {
        assert!(dates.iter().any(|d| d == exact), "no event on {exact}");
    }
    for speaker in [
        "mark-takano",
        "robert-garcia",
        "lindsay-toczylowski",
        "unnamed-young-man-cecot",
    ] {
        assert!(
            file.quotes.iter().any(|q| q.speaker == speaker),
            "no quote by {speaker}"
        );
    }
    assert!(file
        .quotes
        .iter()
        .any(|q| q.relay == casewatch::core::model::Relay::SecondHand
            && q.relayed_by.as_deref() == Some("philip-holsinger")));
}

#[test]
fn importing_twice_changes_nothing() {
    let bot = Seeded::new();
    let before = bot.fingerprint();
    let report = dataset::import(&mut bot.core.store_mut(), &curated(), "again").unwrap();
    assert_eq!(report.added_total(), 0);
    assert!(report.differing.is_empty(), "{:?}", report.differing);
    assert_eq!(bot.fingerprint(), before);
}

#[test]
fn export_then_import_round_trips_exactly() {
    let mut bot = Seeded::new();
    // Include moderator work: an added source and event, and a retraction.
    bot.ask("/update add date:2025-10 text:\"A later update\" url:https://example.org/x title:\"X\" publication:\"Example\" published:2025-10-02");
    bot.ask("/retract id:Q3 reason:\"test retraction\"");
    let first = dataset::export(&bot.core.store(), CASE).unwrap().to_toml();

    let dir = tempfile::tempdir().unwrap();
    let mut fresh = Store::open(&dir.path().join("fresh.sqlite3")).unwrap();
    let parsed = CaseFile::from_toml("exported.toml", &first).unwrap();
    assert!(parsed.validate("exported.toml").is_empty());
    dataset::import(&mut fresh, &parsed, "exported.toml").unwrap();
    let second = dataset::export(&fresh, CASE).unwrap().to_toml();
    assert_eq!(first, second, "export → import → export changed the file");
    assert!(second.contains("A later update") && second.contains("test retraction"));
    let json = serde_json::to_string(&dataset::export(&fresh, CASE).unwrap()).unwrap();
    assert!(json.contains("\"retracted\""));
}

fn problems(toml: &str) -> Vec<String> {
    match CaseFile::from_toml("bad.toml", toml) {
        Ok(file) => file
            .validate("bad.toml")
            .into_iter()
            .map(|e| e.to_string())
            .collect(),
        Err(e) => vec![e.to_string()],
    }
}

const MINIMAL: &str = r#"
[case]
key = "test-case"
title = "Test"
subject = "someone"
summary = "A summary."
summary_sources = ["s1"]
status = "A status."
status_sources = ["s1"]

[[sources]]
key = "s1"
publication = "Example"
title = "A title"
published = "2025-03"
url = "https://example.org/a"

[[people]]
key = "someone"
name = "Some One"
role = "A person"
sources = ["s1"]
"#;

#[test]
fn an_uncited_record_is_refused_naming_the_file_and_record() {
    assert!(problems(MINIMAL).is_empty(), "{:?}", problems(MINIMAL));
    let uncited = format!("{MINIMAL}\n[[events]]\nkey = \"no-source\"\ndate = \"2025-03\"\ntext = \"x\"\nsources = []\n");
    let found = problems(&uncited);
    assert_eq!(found, vec!["bad.toml: event “no-source”: has no source; every record needs at least one key in `sources`".to_string()]);
    let missing_field = format!(
        "{MINIMAL}\n[[events]]\nkey = \"no-sources-field\"\ndate = \"2025-03\"\ntext = \"x\"\n"
    );
    assert!(
        problems(&missing_field)[0].contains("missing field `sources`"),
        "{:?}",
        problems(&missing_field)
    );
}

#[test]
fn bad_records_are_each_named() {
    let bad = MINIMAL
        .replace("https://example.org/a", "javascript:alert(1)")
        .replace("2025-03", "2025-13");
    let found = problems(&bad);
    assert!(
        found
            .iter()
            .any(|p| p.contains("not a valid case file") || p.contains("month")),
        "{found:?}"
    );
    let bad_url = MINIMAL.replace("https://example.org/a", "javascript:alert(1)");
    assert_eq!(problems(&bad_url), vec!["bad.toml: source “s1”: url “javascript:alert(1)”: only http:// and https:// addresses are accepted".to_string()]);
    let dangling = format!(
        "{MINIMAL}\n[[events]]\nkey = \"e\"\ndate = \"2025\"\ntext = \"x\"\nsources = [\"nope\"]\n"
    );
    assert!(problems(&dangling)[0].contains("cites “nope”, which is not a source key"));
}

#[test]
fn an_invalid_file_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        format!(
            "{MINIMAL}\n[[events]]\nkey = \"x\"\ndate = \"2025\"\ntext = \"x\"\nsources = []\n"
        ),
    )
    .unwrap();
    match dataset::load(&path) {
        Err(DatasetError::Invalid(errors)) => assert_eq!(errors.len(), 1),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_bad_translated_from_is_refused_by_name() {
    let quote = |from: &str| {
        format!("{MINIMAL}\n[[quotes]]\nkey = \"q\"\nspeaker = \"someone\"\nrole = \"A person\"\ntext = \"Words\"\nlanguage = \"en\"\ntranslated_from = \"{from}\"\nrelay = \"direct\"\nsources = [\"s1\"]\n")
    };
    assert!(
        problems(&quote("es")).is_empty(),
        "{:?}",
        problems(&quote("es"))
    );
    assert_eq!(
        problems(&quote("Spanish")),
        vec![
            "bad.toml: quote “q”: translated_from “Spanish” must be a two-letter code such as es"
                .to_string()
        ]
    );
    assert_eq!(
        problems(&quote("en")),
        vec!["bad.toml: quote “q”: translated_from “en” is the language of `text` itself; omit it for words quoted as spoken".to_string()]
    );
}

#[test]
fn a_status_origin_that_is_no_congress_event_key_is_refused() {
    let with_origin = |origin: &str| {
        format!(
            "{MINIMAL}\n[[actions]]\nkey = \"a\"\nkind = \"bill\"\ntitle = \"A bill\"\nled_by = []\nco_led_by = []\nsummary = \"x\"\nsources = [\"s1\"]\n\n[[actions.statuses]]\nstatus = \"introduced\"\norigin = \"{origin}\"\nsources = [\"s1\"]\n"
        )
    };
    let good = with_origin("congress:119-hr-4001:2025-06-12:414add653cf9713b");
    assert!(problems(&good).is_empty(), "{:?}", problems(&good));
    for bad in [
        "manual",
        "congress:119-HR-4001:2025-06-12:414add653cf9713b",
        "congress:119-hr-4001:2025-6-12:414add653cf9713b",
        "congress:119-hr-4001:2025-06-12:414ADD653CF9713B",
        "congress:119-hr-4001:2025-06-12:414add65",
        "congress:119-hr-4001:2025-06-12:414add653cf9713b:extra",
    ] {
        assert_eq!(
            problems(&with_origin(bad)),
            vec![format!("bad.toml: action “a” status 1: origin “{bad}” must read like congress:119-hr-4001:2025-06-12:414add653cf9713b (the key of a congress.gov event)")],
            "{bad}"
        );
    }
}
