//! The exports on a real SQLite file seeded from `data/`: each format read
//! back with a real parser (serde_json, the `csv` crate, atom_syndication,
//! the icalendar parser), every item with its sources, only shown records
//! (the feed also tells of retractions), the same bytes twice, and the
//! `casewatch export` refusals through the binary.

mod common;

use std::collections::HashSet;
use std::process::Command;

use casewatch::core::i18n::Locale;
use casewatch::core::model::TimelineEntry;
use casewatch::core::reply::ReplyKind;
use casewatch::export::{export, ExportError, ExportFile, ExportFormat, ExportOptions};
use casewatch::store::TimelineFilter;
use common::{data_dir, Seeded, CASE};

const SITE: &str = "https://cw.example.org";

fn options() -> ExportOptions<'static> {
    ExportOptions {
        public_url: Some(SITE),
        locale: Locale::En,
    }
}

fn one(bot: &Seeded, format: ExportFormat) -> ExportFile {
    let mut files = export(&bot.core.store(), CASE, format, &options()).unwrap();
    assert_eq!(files.len(), 1, "{format}");
    files.remove(0)
}

fn text(file: &ExportFile) -> String {
    String::from_utf8(file.bytes.clone()).unwrap()
}

/// The shown events, in timeline order.
fn shown_events(bot: &Seeded) -> Vec<TimelineEntry> {
    let store = bot.core.store();
    let case = store.case_by_key(CASE).unwrap().unwrap();
    store
        .timeline(case.id, &TimelineFilter::default(), 0, 10_000)
        .unwrap()
        .0
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Every line of a CRLF format ends in CRLF (no bare LF between records).
fn assert_crlf(name: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n"), "{name} does not end in CRLF");
    if name.ends_with(".ics") {
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "{name} has a bare LF"
        );
    }
}

#[test]
fn timelinejs_has_a_title_slide_and_a_cited_slide_per_shown_event() {
    let bot = Seeded::new();
    let file = one(&bot, ExportFormat::TimelineJs);
    assert_eq!(file.name, "timeline.json");
    assert!(file.content_type.starts_with("application/json"));
    let doc: serde_json::Value = serde_json::from_slice(&file.bytes).unwrap();
    assert_eq!(doc["title"]["unique_id"], CASE);
    assert!(doc["title"]["text"]["text"]
        .as_str()
        .unwrap()
        .contains("[1]"));
    let events = shown_events(&bot);
    let slides = doc["events"].as_array().unwrap();
    assert_eq!(slides.len(), events.len());
    let mut ranges = 0;
    for (slide, e) in slides.iter().zip(&events) {
        assert_eq!(slide["unique_id"], format!("E{}", e.id));
        assert!(slide["text"]["headline"].as_str().unwrap().contains("[1]"));
        let body = slide["text"]["text"].as_str().unwrap();
        for s in &e.sources {
            assert!(body.contains(&s.url.replace('&', "&amp;")), "{body}");
        }
        assert!(
            body.contains(&format!("{SITE}/{CASE}/r/E{}", e.id)),
            "{body}"
        );
        assert_eq!(slide["group"].as_str(), e.tags.first().map(String::as_str));
        // Only as precise as the source: a month has no day, a year no month.
        let date = e.date.to_string();
        let (start, end) = date.split_once('/').unwrap_or((&date, ""));
        let parts = |text: &str, d: &serde_json::Value| {
            let n = text.split('-').count();
            assert_eq!(d["year"].as_i64().unwrap().to_string(), &text[..4]);
            assert_eq!(d.get("month").is_some(), n >= 2, "{date}: {d}");
            assert_eq!(d.get("day").is_some(), n == 3, "{date}: {d}");
        };
        parts(start, &slide["start_date"]);
        if end.is_empty() {
            assert!(slide.get("end_date").is_none());
        } else {
            ranges += 1;
            parts(end, &slide["end_date"]);
            assert!(slide["display_date"].as_str().unwrap().contains(start));
        }
    }
    assert!(ranges > 0, "the seed case has events dated by a span");
}

#[test]
fn timelinejs_csv_has_the_template_columns_in_order() {
    let bot = Seeded::new();
    let file = one(&bot, ExportFormat::TimelineJsCsv);
    assert_eq!(file.name, "timeline.csv");
    assert_crlf(&file.name, &file.bytes);
    let (header, rows) = csv_rows(&file.bytes);
    assert_eq!(
        header,
        [
            "Year",
            "Month",
            "Day",
            "Time",
            "End Year",
            "End Month",
            "End Day",
            "End Time",
            "Display Date",
            "Headline",
            "Text",
            "Media",
            "Media Credit",
            "Media Caption",
            "Media Thumbnail",
            "Type",
            "Group",
            "Background"
        ]
    );
    assert_eq!(rows.len(), 1 + shown_events(&bot).len());
    assert_eq!(rows[0][15], "title");
    for row in &rows[1..] {
        assert!(row[0].len() == 4 && row[9].contains("[1]") && row[10].contains("href"));
    }
}

#[test]
fn the_calendar_parses_with_all_day_events_and_yearly_key_dates() {
    let bot = Seeded::new();
    let file = one(&bot, ExportFormat::Ics);
    assert_eq!(file.name, "calendar.ics");
    assert_crlf(&file.name, &file.bytes);
    let raw = text(&file);
    for line in raw.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = icalendar::parser::unfold(&raw);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events = shown_events(&bot);
    let days: Vec<&TimelineEntry> = events
        .iter()
        .filter(|e| e.date.exact_day().is_some())
        .collect();
    let vevents: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    let mut uids = HashSet::new();
    let mut yearly = 0;
    for v in &vevents {
        let prop = |name: &str| v.find_prop(name).map(|p| p.val.as_str().to_string());
        assert!(uids.insert(prop("UID").unwrap()), "UIDs are unique");
        let start = v.find_prop("DTSTART").unwrap();
        assert!(start
            .params
            .iter()
            .any(|p| p.key == "VALUE" && p.val.as_ref().map(|v| v.as_str()) == Some("DATE")));
        assert_eq!(start.val.as_str().len(), 8);
        assert_eq!(prop("DTSTAMP").unwrap().len(), 16);
        assert!(prop("DESCRIPTION").unwrap().contains("[1]"));
        if prop("RRULE").as_deref() == Some("FREQ=YEARLY") {
            yearly += 1;
        }
    }
    // Both key dates of the seed case (detained from, released) are days.
    assert_eq!(yearly, 2);
    assert_eq!(vevents.len(), days.len() + 2);
    for e in days {
        assert!(uids.contains(&format!("{CASE}-E{}@casewatch", e.id)));
    }
}

#[test]
fn the_feed_parses_with_tag_ids_and_permalinks() {
    let bot = Seeded::new();
    let file = one(&bot, ExportFormat::Atom);
    assert_eq!(file.name, "feed.atom");
    let feed = atom_syndication::Feed::read_from(&file.bytes[..]).unwrap();
    assert!(feed.id().starts_with("tag:cw.example.org,"));
    assert!(feed
        .links()
        .iter()
        .any(|l| l.rel() == "self" && l.href() == format!("{SITE}/{CASE}/feed.atom")));
    assert!(!feed.entries().is_empty() && feed.entries().len() <= 100);
    for entry in feed.entries() {
        assert!(entry.id().starts_with(&format!("{}/", feed.id())));
        let record = entry.id().rsplit('/').next().unwrap();
        assert!(entry
            .links()
            .iter()
            .any(|l| l.href() == format!("{SITE}/{CASE}/r/{record}")));
        let content = entry.content().and_then(|c| c.value()).unwrap();
        assert!(
            content.contains("[1]") && content.contains("<a href="),
            "{content}"
        );
        assert!(entry.updated() <= feed.updated());
    }
}

#[test]
fn csv_tables_read_back_and_every_row_carries_its_sources() {
    let mut bot = Seeded::new();
    // A record whose words a spreadsheet would run as a formula.
    let reply = bot.ask(
        "/update add date:2025-10-01 text:\"=SUM(1,2) typed where a formula would run\" source:S1",
    );
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{reply:?}");
    let files = export(&bot.core.store(), CASE, ExportFormat::Csv, &options()).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "events.csv",
            "quotes.csv",
            "actions.csv",
            "figures.csv",
            "sources.csv"
        ]
    );
    for file in &files {
        assert_crlf(&file.name, &file.bytes);
        let (header, rows) = csv_rows(&file.bytes);
        assert!(!rows.is_empty(), "{} is empty", file.name);
        let at = |name: &str| header.iter().position(|h| h == name);
        for row in &rows {
            assert_eq!(row.len(), header.len());
            if let Some(sources) = at("sources") {
                assert!(row[sources].starts_with("[1] "), "{}: {row:?}", file.name);
                assert!(row[sources].contains("https://"), "{}: {row:?}", file.name);
            }
            assert!(row[at("permalink").unwrap()].starts_with(&format!("{SITE}/{CASE}/r/")));
            for cell in row {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{}: {cell:?} would run in a spreadsheet",
                    file.name
                );
            }
        }
    }
    let (header, events) = csv_rows(&files[0].bytes);
    let text = header.iter().position(|h| h == "text").unwrap();
    assert_eq!(events.len(), shown_events(&bot).len());
    assert!(events.iter().any(|r| r[text].starts_with("'=SUM(1,2)")));
}

#[test]
fn two_exports_of_an_unchanged_store_are_byte_identical() {
    let bot = Seeded::new();
    for format in ExportFormat::ALL {
        let first = export(&bot.core.store(), CASE, format, &options()).unwrap();
        let second = export(&bot.core.store(), CASE, format, &options()).unwrap();
        assert_eq!(first, second, "{format}");
    }
}

#[test]
fn a_correction_republishes_its_entry_and_a_retraction_leaves_the_other_exports() {
    let mut bot = Seeded::new();
    let events = shown_events(&bot);
    let store_case = bot.core.store().case_by_key(CASE).unwrap().unwrap();
    let key_dates = [
        store_case.detained_from_key.clone(),
        store_case.detained_until_key.clone(),
    ];
    let mut days = events
        .iter()
        .filter(|e| e.date.exact_day().is_some() && !key_dates.contains(&Some(e.key.clone())));
    let (corrected, retracted) = (days.next().unwrap().clone(), days.next().unwrap().clone());
    let feed_before =
        atom_syndication::Feed::read_from(&one(&bot, ExportFormat::Atom).bytes[..]).unwrap();
    let entry_id = |feed: &atom_syndication::Feed, record: &str| {
        feed.entries()
            .iter()
            .find(|e| e.id().ends_with(&format!("/{record}")))
            .map(|e| (e.id().to_string(), *e.updated()))
    };
    let (c, r) = (format!("E{}", corrected.id), format!("E{}", retracted.id));
    let (c_id, c_updated) = entry_id(&feed_before, &c).expect("the event is in the feed");
    // Audit times have a one-second grain: let the changes be later.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let source = corrected.sources[0].record_id();
    let reply = bot.ask(&format!(
        "/correct id:{c} text:\"Reworded for the export test.\" reason:\"wording matched to the source\" source:{source}"
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{reply:?}");
    let reply = bot.ask(&format!(
        "/retract id:{r} reason:\"the source withdrew it\""
    ));
    assert_eq!(reply.kind, ReplyKind::Confirmation, "{reply:?}");

    let feed = atom_syndication::Feed::read_from(&one(&bot, ExportFormat::Atom).bytes[..]).unwrap();
    let (id, updated) = entry_id(&feed, &c).unwrap();
    assert_eq!(id, c_id, "a corrected record keeps its entry id");
    assert!(updated > c_updated);
    let entry = feed.entries().iter().find(|e| e.id() == c_id).unwrap();
    let content = entry.content().and_then(|c| c.value()).unwrap();
    assert!(
        content.contains("wording matched to the source"),
        "{content}"
    );
    assert!(
        content.contains("Reworded for the export test."),
        "{content}"
    );
    let entry = feed
        .entries()
        .iter()
        .find(|e| e.id().ends_with(&format!("/{r}")))
        .expect("the feed tells of the retraction");
    assert!(entry.title().as_str().starts_with("Retracted: "));
    let content = entry.content().and_then(|c| c.value()).unwrap();
    assert!(content.contains("the source withdrew it"), "{content}");

    let ics = text(&one(&bot, ExportFormat::Ics));
    assert!(!icalendar::parser::unfold(&ics).contains(&format!("{CASE}-{r}@")));
    assert!(icalendar::parser::unfold(&ics).contains(&format!("{CASE}-{c}@")));
    let json = text(&one(&bot, ExportFormat::TimelineJs));
    assert!(!json.contains(&format!("\"unique_id\": \"{r}\"")));
    let files = export(&bot.core.store(), CASE, ExportFormat::Csv, &options()).unwrap();
    let (_, rows) = csv_rows(&files[0].bytes);
    assert!(rows.iter().all(|row| row[0] != r));
    assert!(rows
        .iter()
        .any(|row| row[0] == c && row[4] == "Reworded for the export test."));
}

#[test]
fn an_unknown_case_is_refused_by_name() {
    let bot = Seeded::new();
    for format in ExportFormat::ALL {
        let err = export(&bot.core.store(), "nobody", format, &options()).unwrap_err();
        assert!(matches!(err, ExportError::NoSuchCase { .. }), "{err:?}");
        let es = err.refusal().unwrap().say(Locale::Es);
        assert!(es.contains("“nobody”") && es.contains(CASE), "{es}");
    }
}

fn casewatch(db: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casewatch"));
    cmd.arg("--db")
        .arg(db)
        .env("CASEWATCH_DATA", data_dir())
        .env_remove("CASEWATCH_PUBLIC_URL")
        .env_remove("DISCORD_TOKEN")
        .env_remove("MATRIX_HOMESERVER");
    cmd
}

#[test]
fn the_command_writes_files_and_refuses_politely_writing_nothing() {
    let bot = Seeded::new();
    let db = bot.db_path();
    let dir = tempfile::tempdir().unwrap();
    let before = bot.core.store().fingerprint().unwrap();

    // Unknown case: exit 1, in the chosen language, nothing written.
    let out_file = dir.path().join("feed.atom");
    let run = casewatch(&db)
        .args([
            "export", "--format", "atom", "--case", "nobody", "--locale", "es", "--out",
        ])
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("No hay ningún caso “nobody”"));
    assert!(!out_file.exists());

    // csv without --out, or with a file as --out: exit 1, nothing written.
    let run = casewatch(&db)
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("give a folder with --out"));
    assert!(run.stdout.is_empty());
    let a_file = dir.path().join("a-file");
    std::fs::write(&a_file, "kept").unwrap();
    let run = casewatch(&db)
        .args(["export", "--format", "csv", "--out"])
        .arg(&a_file)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&a_file).unwrap(), "kept");

    // A one-file format into a folder that does not exist: refused.
    let nowhere = dir.path().join("no-such-folder/timeline.json");
    let run = casewatch(&db)
        .args(["export", "--format", "timelinejs", "--out"])
        .arg(&nowhere)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("does not exist; create it first"));
    assert!(!nowhere.parent().unwrap().exists());

    // A one-file format into a file: the library's bytes, nothing left beside.
    let json = dir.path().join("timeline.json");
    let run = casewatch(&db)
        .args(["export", "--format", "timelinejs", "--out"])
        .arg(&json)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let library = export(
        &bot.core.store(),
        CASE,
        ExportFormat::TimelineJs,
        &ExportOptions::default(),
    )
    .unwrap();
    assert_eq!(std::fs::read(&json).unwrap(), library[0].bytes);
    assert!(!dir.path().join("timeline.json.partial").exists());

    // csv into a folder that does not exist yet.
    let folder = dir.path().join("tables/today");
    let run = casewatch(&db)
        .args(["export", "--format", "csv", "--out"])
        .arg(&folder)
        .env("CASEWATCH_PUBLIC_URL", "https://cw.example.org/")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let events = std::fs::read_to_string(folder.join("events.csv")).unwrap();
    assert!(events.contains("https://cw.example.org/andry-hernandez-romero/r/E"));
    for name in ["quotes.csv", "actions.csv", "figures.csv", "sources.csv"] {
        assert!(folder.join(name).is_file(), "{name}");
    }

    // A one-file format to standard output equals the library's bytes.
    let run = casewatch(&db)
        .args(["export", "--format", "ics"])
        .output()
        .unwrap();
    assert!(run.status.success());
    let library = export(
        &bot.core.store(),
        CASE,
        ExportFormat::Ics,
        &ExportOptions::default(),
    )
    .unwrap();
    assert_eq!(run.stdout, library[0].bytes);
    assert_eq!(bot.core.store().fingerprint().unwrap(), before);
}
