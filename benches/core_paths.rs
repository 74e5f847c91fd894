//! Per-command cost of the core path against the bare SQL it needs.
//!
//! Generates a synthetic case (100,000 events, 100,000 quotes, ~2,000
//! sources, ~200 people, ~500 actions, ~200 figures, every record cited to
//! 1–3 sources) into a real SQLite file through the public store API, then
//! for each community command times:
//!
//! - core: `Core::handle_line` (parse, query, build the cited reply) plus
//!   `render::text::render`, exactly what the console does per line;
//! - SQL: the minimal queries returning the same page of rows with their
//!   sources, run with rusqlite on a second connection to the same file,
//!   stepping every row.
//!
//! Then times each export format (`export::export`) of the whole case, a
//! few runs each, with no SQL baseline: an export reads every record.
//!
//! Run with `cargo bench --bench core_paths` (`CORE_PATHS_ONLY=/cite` to
//! measure only the commands containing that text). Deterministic: the data
//! comes from a fixed-seed generator written here (no `rand` dependency).
//!
//! The baseline SQL joins with `CROSS JOIN`, which in SQLite fixes the join
//! order: without it the planner may drive a page query from the citations
//! table and re-run the `LIMIT` subquery per citation (minutes, not µs).

use std::collections::HashSet;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use casewatch::adapters::console;
use casewatch::core::date::PartialDate;
use casewatch::core::i18n::Locale;
use casewatch::core::model::{RecordKind, Relay, ACTION_KINDS, ACTION_STATUSES};
use casewatch::core::reply::{Block, ReplyKind};
use casewatch::core::{Core, Role};
use casewatch::export::{export, ExportFormat, ExportOptions};
use casewatch::store::search::{rowid_range, search_rowid};
use casewatch::store::{
    CaseRow, NewAction, NewEvent, NewFigure, NewPerson, NewQuote, NewSource, NewStatus, Store,
};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

const CASE_KEY: &str = "bench-case";
/// Runs per export format: each reads the whole case, so a few suffice.
const EXPORT_RUNS: usize = 3;
const EVENTS: usize = 100_000;
const QUOTES: usize = 100_000;
const PEOPLE: usize = 200;
const SOURCES: usize = 2_000;
const ACTIONS: usize = 500;
const FIGURES: usize = 200;
/// Records per write transaction while generating.
const BATCH: usize = 10_000;
/// Time spent measuring each side of each command, at most.
const BUDGET: Duration = Duration::from_secs(4);
const MAX_ITERATIONS: usize = 200;
const MIN_ITERATIONS: usize = 10;
/// Search-index rows for the large search line (other cases' records).
const SEARCH_INDEX_ROWS: usize = 1_000_000;

/// SplitMix64: small, fast, good enough for synthetic text, and fixed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const COMMON: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "was",
    "for",
    "on",
    "that",
    "with",
    "his",
    "by",
    "at",
    "from",
    "said",
    "after",
    "before",
    "court",
    "detention",
    "family",
    "lawyer",
    "judge",
    "government",
    "asylum",
    "prison",
    "release",
    "letter",
    "congress",
    "visit",
    "statement",
    "mother",
    "border",
    "appeal",
    "records",
    "officials",
    "report",
    "week",
    "month",
    "camp",
    "transfer",
    "flight",
    "deportation",
    "representative",
    "interview",
    "press",
    "rights",
    "claim",
    "evidence",
    "charges",
    "gang",
    "salvador",
    "venezuela",
    "makeup",
    "artist",
    "asked",
    "told",
    "without",
    "under",
    "against",
];
const SYLLABLES: &[&str] = &[
    "ba", "ri", "to", "mel", "san", "dor", "ve", "lu", "ka", "pen", "ti", "ro", "mi", "sa", "gol",
    "ne", "ar", "qui", "zo", "la", "fen", "do", "cor", "li", "ma", "tus", "ser", "vo", "nal", "be",
];
const TAGS: &[&str] = &[
    "detention",
    "court",
    "congress",
    "family",
    "media",
    "release",
    "asylum",
    "transfer",
    "advocacy",
    "letter",
    "visit",
    "interview",
    "rally",
    "legal",
    "health",
    "statement",
    "deportation",
    "hearing-record",
    "appeal",
    "investigation",
];
const PUBLICATIONS: &[&str] = &[
    "Example News",
    "The Daily Record",
    "Public Radio",
    "City Tribune",
    "Wire Service",
    "Court Reporter",
    "Rights Monitor",
    "The Bulletin",
    "Evening Post",
    "Capitol Desk",
    "Border Times",
    "Weekly Review",
];
const FIRST_NAMES: &[&str] = &[
    "Ana", "Luis", "Maria", "José", "Carmen", "David", "Elena", "Jorge", "Laura", "Pedro", "Sofia",
    "Miguel", "Rosa", "Daniel", "Lucia", "Pablo", "Teresa", "Andrés", "Julia", "Tomás", "Sarah",
    "James", "Emily", "Michael", "Grace", "Henry", "Alice", "Samuel", "Nora", "Victor",
];
const SURNAMES: &[&str] = &[
    "Álvarez",
    "Bennett",
    "Castillo",
    "Dawson",
    "Espinoza",
    "Fletcher",
    "Gómez",
    "Harlow",
    "Ibarra",
    "Jensen",
    "Kowalski",
    "Lozano",
    "Mercer",
    "Navarro",
    "Ortega",
    "Prescott",
    "Quintero",
    "Ramírez",
    "Sandoval",
    "Thornton",
    "Urbina",
    "Vasquez",
    "Whitman",
    "Ximénez",
    "Yates",
    "Zamora",
    "Aguilar",
    "Bishop",
    "Cordero",
    "Delgado",
    "Ellison",
    "Fuentes",
    "Guerrero",
    "Hollis",
    "Iglesias",
    "Jaramillo",
    "Kendrick",
    "Lambert",
    "Montoya",
    "Nolan",
];
const ROLES: &[&str] = &[
    "Member of Congress",
    "Immigration lawyer",
    "Journalist",
    "Relative",
    "Government official",
    "Activist",
    "Judge",
];
const PLACES: &[&str] = &[
    "Washington, D.C.",
    "San Salvador",
    "Caracas",
    "San Diego",
    "a press conference",
    "the House floor",
    "an interview",
];

/// Deterministic synthetic text with a realistic word mix and the search
/// words the benchmark asks for at known frequencies.
struct TextGen {
    words: Vec<String>,
}

impl TextGen {
    fn new(rng: &mut Rng) -> Self {
        let reserved: HashSet<&str> = ["crown", "tattoo", "hearing", "takano"]
            .into_iter()
            .collect();
        let mut seen = HashSet::new();
        let mut words = Vec::new();
        while words.len() < 3_000 {
            let n = rng.range(2, 3);
            let word: String = (0..n).map(|_| *rng.pick(SYLLABLES)).collect();
            if !reserved.contains(word.as_str()) && seen.insert(word.clone()) {
                words.push(word);
            }
        }
        TextGen { words }
    }

    /// A word: 40% common English, else a synthetic word drawn log-uniformly
    /// (roughly Zipf: a few words are frequent, most are rare).
    fn word<'a>(&'a self, rng: &mut Rng) -> &'a str {
        if rng.chance(0.4) {
            return rng.pick::<&str>(COMMON);
        }
        let n = self.words.len() as f64;
        let index = (n.powf(rng.unit()) as usize)
            .saturating_sub(1)
            .min(self.words.len() - 1);
        &self.words[index]
    }

    /// A sentence of `low..=high` words. Frequencies per record: "crown
    /// tattoo" together 1%, "crown" alone 1.5%, "tattoo" alone 1.5%,
    /// "hearing" 3%, and `takano_p` for "Takano".
    fn sentence(&self, rng: &mut Rng, low: usize, high: usize, takano_p: f64) -> String {
        let mut words: Vec<String> = (0..rng.range(low, high))
            .map(|_| self.word(rng).to_string())
            .collect();
        let insert = |rng: &mut Rng, words: &mut Vec<String>, w: &str| {
            let at = rng.below(words.len() + 1);
            words.insert(at, w.to_string());
        };
        if rng.chance(0.01) {
            insert(rng, &mut words, "crown tattoo");
        }
        if rng.chance(0.015) {
            insert(rng, &mut words, "crown");
        }
        if rng.chance(0.015) {
            insert(rng, &mut words, "tattoo");
        }
        if rng.chance(0.03) {
            insert(rng, &mut words, "hearing");
        }
        if rng.chance(takano_p) {
            insert(rng, &mut words, "Takano");
        }
        let mut text = words.join(" ");
        if let Some(first) = text.get(0..1) {
            let upper = first.to_uppercase();
            text.replace_range(0..1, &upper);
        }
        text.push('.');
        text
    }
}

/// A day between 2000-01-01 and 2025-12-31.
fn day(rng: &mut Rng) -> chrono::NaiveDate {
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid");
    start + chrono::Days::new(rng.below(9_497) as u64)
}

/// A date with the precision mix of real sources: mostly days, some months,
/// a few years and ranges.
fn partial_date(rng: &mut Rng) -> PartialDate {
    let d = day(rng);
    let roll = rng.unit();
    let text = if roll < 0.85 {
        d.format("%Y-%m-%d").to_string()
    } else if roll < 0.95 {
        d.format("%Y-%m").to_string()
    } else if roll < 0.98 {
        d.format("%Y").to_string()
    } else {
        let end = d + chrono::Days::new(rng.range(31, 120) as u64);
        format!("{}/{}", d.format("%Y-%m"), end.format("%Y-%m"))
    };
    text.parse().expect("generated dates are valid")
}

/// One to three distinct sources.
fn cite(rng: &mut Rng, sources: &[i64]) -> Vec<i64> {
    let mut out = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let s = *rng.pick(sources);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// What the generator wrote, for the measurements.
struct Dataset {
    takano_id: i64,
}

fn generate(path: &Path) -> Dataset {
    let mut rng = Rng(0x00C0_FFEE_2025);
    let text = TextGen::new(&mut rng);
    let mut store = Store::open(path).expect("open store");
    let actor = "bench:generator";

    // Case, sources, people, figures and actions: one transaction.
    let (case_id, sources, people) = store
        .write(actor, |w| {
            let case = CaseRow {
                id: 0,
                key: CASE_KEY.into(),
                title: "Synthetic case for benchmarks".into(),
                subject_key: "takano".into(),
                summary: "A synthetic case with many records.".into(),
                status: "Open; records keep arriving.".into(),
                detained_from_key: Some("ev-0000100".into()),
                detained_until_key: Some("ev-0050000".into()),
            };
            let case_id = w.insert_case(&case)?;
            let mut sources = Vec::with_capacity(SOURCES);
            for i in 0..SOURCES {
                let s = NewSource {
                    key: format!("src-{i:05}"),
                    publication: rng.pick(PUBLICATIONS).to_string(),
                    title: text
                        .sentence(&mut rng, 5, 12, 0.005)
                        .trim_end_matches('.')
                        .to_string(),
                    author: rng
                        .chance(0.7)
                        .then(|| format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(SURNAMES))),
                    published: PartialDate::day(day(&mut rng)),
                    url: format!("https://news{}.example.org/article-{i}", i % 37),
                    url_exact: rng.chance(0.9),
                    archive_url: rng
                        .chance(0.2)
                        .then(|| format!("https://archive.example.org/{i}")),
                    note: None,
                };
                sources.push(w.insert_source(case_id, &s)?);
            }
            w.cite("case_summary", case_id, &sources[0..2])?;
            w.cite("case_status", case_id, &sources[2..3])?;

            // People: three named ones the commands ask for, then distinct
            // generated names whose surnames never collide with them.
            let mut people: Vec<(i64, String)> = Vec::with_capacity(PEOPLE);
            let named = [
                (
                    "takano",
                    "Mark Takano",
                    vec!["Rep. Takano".to_string()],
                    "Member of Congress",
                ),
                ("garcia", "Robert Garcia", vec![], "Member of Congress"),
                (
                    "andry",
                    "Andry José Hernández Romero",
                    vec!["Andry".to_string()],
                    "Detained makeup artist",
                ),
            ];
            for (key, name, aliases, role) in named {
                let p = NewPerson {
                    key: key.into(),
                    name: name.into(),
                    aliases,
                    role: role.into(),
                    sources: cite(&mut rng, &sources),
                };
                people.push((w.insert_person(case_id, &p)?, key.to_string()));
            }
            let mut names = HashSet::new();
            while people.len() < PEOPLE {
                let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(SURNAMES));
                if !names.insert(name.clone()) {
                    continue;
                }
                let key = format!("p-{:03}", people.len());
                let p = NewPerson {
                    key: key.clone(),
                    name,
                    aliases: Vec::new(),
                    role: rng.pick(ROLES).to_string(),
                    sources: cite(&mut rng, &sources),
                };
                people.push((w.insert_person(case_id, &p)?, key));
            }

            for i in 0..FIGURES {
                let value = rng.range(150, 300);
                let f = NewFigure {
                    key: format!("fig-{i:04}"),
                    measure: format!("measure-{}", i % 60),
                    label: format!("people counted in measure {}", i % 60),
                    value: value.to_string(),
                    stated_as: format!("more than {value}"),
                    sources: cite(&mut rng, &sources),
                };
                w.insert_figure(case_id, &f)?;
            }

            for i in 0..ACTIONS {
                let leader = if rng.chance(0.05) {
                    "takano".to_string()
                } else {
                    rng.pick(&people).1.clone()
                };
                let co_led_by = (0..rng.below(3))
                    .map(|_| rng.pick(&people).1.clone())
                    .filter(|k| *k != leader)
                    .collect();
                let statuses = (0..rng.range(1, 3))
                    .map(|_| NewStatus {
                        status: rng.pick(ACTION_STATUSES).to_string(),
                        date: rng.chance(0.8).then(|| PartialDate::day(day(&mut rng))),
                        note: rng.chance(0.3).then(|| text.sentence(&mut rng, 4, 10, 0.0)),
                        origin: None,
                        sources: cite(&mut rng, &sources),
                    })
                    .collect();
                let a = NewAction {
                    key: format!("act-{i:04}"),
                    kind: rng.pick(ACTION_KINDS).to_string(),
                    title: text
                        .sentence(&mut rng, 4, 9, 0.0)
                        .trim_end_matches('.')
                        .to_string(),
                    led_by: vec![leader],
                    co_led_by,
                    date: rng.chance(0.9).then(|| partial_date(&mut rng)),
                    reference: rng
                        .chance(0.5)
                        .then(|| format!("H.R. {}", rng.range(100, 9999))),
                    summary: text.sentence(&mut rng, 15, 30, 0.02),
                    sources: cite(&mut rng, &sources),
                    statuses,
                };
                w.insert_action(case_id, &a)?;
            }
            Ok((case_id, sources, people))
        })
        .expect("write case, sources, people, figures, actions");

    for start in (0..EVENTS).step_by(BATCH) {
        store
            .write(actor, |w| {
                for i in start..(start + BATCH).min(EVENTS) {
                    let tags = {
                        let mut tags: Vec<String> = (0..rng.range(1, 2))
                            .map(|_| rng.pick(TAGS).to_string())
                            .collect();
                        tags.dedup();
                        tags
                    };
                    let e = NewEvent {
                        key: format!("ev-{:07}", i + 1),
                        date: partial_date(&mut rng),
                        text: text.sentence(&mut rng, 12, 30, 0.005),
                        tags,
                        people: (0..rng.below(3))
                            .map(|_| rng.pick(&people).1.clone())
                            .collect(),
                        sources: cite(&mut rng, &sources),
                    };
                    w.insert_event(case_id, &e)?;
                }
                Ok(())
            })
            .expect("write events");
    }

    let takano_id = people[0].0;
    for start in (0..QUOTES).step_by(BATCH) {
        store
            .write(actor, |w| {
                for i in start..(start + BATCH).min(QUOTES) {
                    // Takano speaks 2% of the quotes on top of his uniform share.
                    let speaker = if rng.chance(0.02) {
                        people[0].0
                    } else {
                        rng.pick(&people).0
                    };
                    let second_hand = rng.chance(0.05);
                    let q = NewQuote {
                        key: format!("q-{:07}", i + 1),
                        speaker_id: speaker,
                        role: rng.pick(ROLES).to_string(),
                        text: text.sentence(&mut rng, 8, 40, 0.005),
                        language: if rng.chance(0.8) {
                            "en".into()
                        } else {
                            "es".into()
                        },
                        // No draw from `rng`, so the generated corpus is unchanged.
                        translated_from: None,
                        said: rng.chance(0.9).then(|| partial_date(&mut rng)),
                        place: rng.chance(0.3).then(|| rng.pick(PLACES).to_string()),
                        relay: if second_hand {
                            Relay::SecondHand
                        } else {
                            Relay::Direct
                        },
                        relayed_by_id: second_hand.then(|| rng.pick(&people).0),
                        context: rng.chance(0.2).then(|| text.sentence(&mut rng, 4, 12, 0.0)),
                        sources: cite(&mut rng, &sources),
                    };
                    w.insert_quote(case_id, &q)?;
                }
                Ok(())
            })
            .expect("write quotes");
    }
    Dataset { takano_id }
}

/// One bare SQL statement and its parameters.
struct Sql {
    sql: String,
    params: Vec<Value>,
}

fn sql(text: &str, params: Vec<Value>) -> Sql {
    Sql {
        sql: text.to_string(),
        params,
    }
}

/// Runs each statement, stepping every row and reading every column.
fn run_sql(conn: &Connection, steps: &[Sql]) -> usize {
    let mut rows_seen = 0;
    for step in steps {
        let mut stmt = conn
            .prepare_cached(&step.sql)
            .expect("baseline SQL prepares");
        let columns = stmt.column_count();
        let mut rows = stmt
            .query(params_from_iter(step.params.iter()))
            .expect("baseline SQL runs");
        while let Some(row) = rows.next().expect("baseline row") {
            for c in 0..columns {
                black_box(row.get_ref(c).expect("column"));
            }
            rows_seen += 1;
        }
    }
    rows_seen
}

/// The first `n` values of a query's first column, as a JSON array.
fn first_ids(conn: &Connection, sql: &str, params: &[Value], n: usize) -> String {
    let mut stmt = conn.prepare(sql).expect("page SQL prepares");
    let ids: Vec<String> = stmt
        .query_map(params_from_iter(params.iter()), |r| r.get::<_, i64>(0))
        .expect("page SQL runs")
        .take(n)
        .map(|id| id.expect("an id").to_string())
        .collect();
    format!("[{}]", ids.join(","))
}

const SOURCE_COLS: &str = "s.id, s.publication, s.title, s.author, s.published, s.url, s.url_exact, s.archive_url, s.retracted_at";

/// A page of events with their sources, in timeline order. `ids` selects
/// the page's event ids (as `id`) from an index alone, in timeline order,
/// with its `LIMIT`/`OFFSET`; only those rows are then read from `events`.
fn event_page(ids: &str) -> String {
    format!(
        "SELECT e.id, e.date, e.text, {SOURCE_COLS} FROM ({ids}) k CROSS JOIN events e ON e.id = k.id
         CROSS JOIN citations c ON c.kind = 'events' AND c.record_id = e.id CROSS JOIN sources s ON s.id = c.source_id
         ORDER BY e.date_first, e.date_last, e.id, c.position"
    )
}

/// Shown events of case ?1 (`shown_records`, kept by migration 0007).
const SHOWN_EVENTS: &str = "shown_records t WHERE t.kind = 'events' AND t.case_id = ?1";
/// Shown events of case ?1 tagged ?2.
const SHOWN_TAGGED: &str = "event_tags t CROSS JOIN shown_records s ON s.kind = 'events' AND s.id = t.event_id WHERE t.case_id = ?1 AND t.tag = ?2";

/// A page of quotes with their sources: the page's ids first (from an
/// index in date order, or the matches sorted), then only their rows.
fn quote_page(condition: &str, limit: i64) -> String {
    format!(
        "SELECT q.id, q.text, q.role, q.said, q.place, q.language, q.relay, p.name, rb.name, {SOURCE_COLS}
         FROM (SELECT id FROM quotes WHERE {condition} ORDER BY said_first IS NULL, said_first, id LIMIT {limit}) k
         CROSS JOIN quotes q ON q.id = k.id CROSS JOIN people p ON p.id = q.speaker_id LEFT JOIN people rb ON rb.id = q.relayed_by_id
         CROSS JOIN citations c ON c.kind = 'quotes' AND c.record_id = q.id CROSS JOIN sources s ON s.id = c.source_id
         ORDER BY q.said_first IS NULL, q.said_first, q.id, c.position"
    )
}

/// A shown quote (a table lookup in `shown_records`).
const QUOTE_SHOWN: &str =
    "EXISTS (SELECT 1 FROM shown_records sr WHERE sr.kind = 'quotes' AND sr.id = quotes.id)";
/// A search hit whose record is shown (sources support themselves), its
/// kind and id read from the rowid (`case << 44 | kind slot << 40 | id`).
const HIT_SHOWN: &str = "(((search_index.rowid >> 40) & 15) = 1 OR EXISTS (SELECT 1 FROM shown_records sr
    WHERE sr.kind = (CASE (search_index.rowid >> 40) & 15 WHEN 2 THEN 'people' WHEN 3 THEN 'events' WHEN 4 THEN 'quotes'
                     WHEN 5 THEN 'actions' WHEN 6 THEN 'figures' END)
      AND sr.id = (search_index.rowid & 1099511627775)))";
/// A shown action.
const ACTION_SHOWN: &str =
    "EXISTS (SELECT 1 FROM shown_records sr WHERE sr.kind = 'actions' AND sr.id = a.id)";
const PEOPLE_NAMES: &str =
    "SELECT id, key, name, aliases FROM people WHERE case_id = ?1 AND retracted_at IS NULL";
const ACTIONS_LED: &str = "(EXISTS (SELECT 1 FROM json_each(a.led_by) WHERE value = ?2) OR EXISTS (SELECT 1 FROM json_each(a.co_led_by) WHERE value = ?2))";

/// Actions `ACTIONS_LED` by ?2 with their sources, then each one's current
/// status with its sources.
fn actions_sql() -> [String; 2] {
    let led = format!("AND {ACTIONS_LED}");
    [
        format!(
            "SELECT a.id, a.kind, a.title, a.led_by, a.co_led_by, a.date, a.reference, a.summary, {SOURCE_COLS}
             FROM actions a CROSS JOIN citations c ON c.kind = 'actions' AND c.record_id = a.id CROSS JOIN sources s ON s.id = c.source_id
             WHERE a.case_id = ?1 AND a.retracted_at IS NULL {led} ORDER BY a.date_first IS NULL, a.date_first, a.id, c.position"
        ),
        format!(
            "SELECT st.action_id, st.status, st.date, st.note, {SOURCE_COLS}
             FROM actions a CROSS JOIN action_statuses st ON st.action_id = a.id
             AND st.position = (SELECT max(position) FROM action_statuses x WHERE x.action_id = a.id)
             CROSS JOIN citations c ON c.kind = 'action_statuses' AND c.record_id = st.id CROSS JOIN sources s ON s.id = c.source_id
             WHERE a.case_id = ?1 AND a.retracted_at IS NULL {led} ORDER BY st.action_id, c.position"
        ),
    ]
}

/// A command, and the bare SQL that returns what its reply shows.
struct Bench {
    line: &'static str,
    baseline: Vec<Sql>,
}

fn benches(conn: &Connection, case_id: i64, takano_id: i64) -> Vec<Bench> {
    let case = || Value::Integer(case_id);
    let int = Value::Integer;
    let text = |t: &str| Value::Text(t.to_string());
    let takano_quotes = format!("speaker_id = ?2 AND case_id = ?1 AND {QUOTE_SHOWN}");
    let takano_quotes = takano_quotes.as_str();
    let count_takano = format!("SELECT count(*) FROM quotes WHERE {takano_quotes}");
    let count_takano = count_takano.as_str();
    let [actions_led, statuses_led] = actions_sql();
    let (quotes_first, quotes_last) = rowid_range(case_id, Some(RecordKind::Quote));
    let (case_first, case_last) = rowid_range(case_id, None);
    let hearing = || {
        vec![
            case(),
            text("\"hearing\""),
            int(quotes_first),
            int(quotes_last),
        ]
    };
    let crown_tattoo = || {
        vec![
            text("\"crown\" \"tattoo\""),
            int(case_first),
            int(case_last),
        ]
    };
    let all_matching_quotes =
        "SELECT q.id FROM search_index CROSS JOIN quotes q ON q.id = search_index.rowid & 1099511627775
         WHERE search_index MATCH ?2 AND search_index.rowid BETWEEN ?3 AND ?4 AND q.case_id = ?1
         AND EXISTS (SELECT 1 FROM shown_records sr WHERE sr.kind = 'quotes' AND sr.id = q.id)
         ORDER BY q.said_first IS NULL, q.said_first, q.id";
    let all_ranked_hits = format!(
        "SELECT rowid FROM search_index WHERE search_index MATCH ?1 AND rowid BETWEEN ?2 AND ?3 AND {HIT_SHOWN}
         ORDER BY bm25(search_index), rowid"
    );
    // The pages those passes pick, as the code slices them.
    let hearing_page = first_ids(conn, all_matching_quotes, &hearing(), 5);
    let crown_page = first_ids(conn, &all_ranked_hits, &crown_tattoo(), 8);
    // The first page of ten shown actions.
    let action_page = format!(
        "SELECT a.id FROM actions a WHERE a.case_id = ?1 AND {ACTION_SHOWN}
         ORDER BY a.date_first IS NULL, a.date_first, a.id LIMIT 10"
    );
    // The records `/sources` lists for a source: the first 25 citing it.
    let citing = "(SELECT kind, record_id FROM citations WHERE source_id = ?1 ORDER BY kind, record_id LIMIT 25)";
    let cited_rows = |table: &str, columns: &str| {
        format!(
            "SELECT r.id, {columns}, {SOURCE_COLS} FROM {citing} k CROSS JOIN {table} r ON k.kind = '{table}' AND r.id = k.record_id
             CROSS JOIN citations c ON c.kind = '{table}' AND c.record_id = r.id CROSS JOIN sources s ON s.id = c.source_id
             ORDER BY r.id, c.position"
        )
    };
    vec![
        Bench {
            line: "/case",
            baseline: vec![
                sql("SELECT id, title, summary, status, detained_from_key, detained_until_key FROM cases WHERE key = ?1", vec![text(CASE_KEY)]),
                sql(
                    &format!(
                        "SELECT c.kind, {SOURCE_COLS} FROM citations c CROSS JOIN sources s ON s.id = c.source_id
                         WHERE c.kind IN ('case_summary', 'case_status') AND c.record_id = ?1 ORDER BY c.kind, c.position"
                    ),
                    vec![case()],
                ),
                sql(
                    &format!(
                        "SELECT e.id, e.date, e.text, {SOURCE_COLS} FROM events e CROSS JOIN citations c ON c.kind = 'events' AND c.record_id = e.id
                         CROSS JOIN sources s ON s.id = c.source_id WHERE e.case_id = ?1 AND e.key IN (?2, ?3) AND e.retracted_at IS NULL
                         ORDER BY e.id, c.position"
                    ),
                    vec![case(), text("ev-0000100"), text("ev-0050000")],
                ),
                sql(
                    &format!(
                        "SELECT e.id, e.date, e.text, {SOURCE_COLS} FROM (SELECT t.id FROM {SHOWN_EVENTS}
                         ORDER BY t.date_first DESC, t.date_last DESC, t.id DESC LIMIT 1) k CROSS JOIN events e ON e.id = k.id
                         CROSS JOIN citations c ON c.kind = 'events' AND c.record_id = e.id CROSS JOIN sources s ON s.id = c.source_id ORDER BY c.position"
                    ),
                    vec![case()],
                ),
                sql(
                    &format!(
                        "SELECT f.id, f.measure, f.label, f.value, f.stated_as, {SOURCE_COLS} FROM figures f
                         CROSS JOIN citations c ON c.kind = 'figures' AND c.record_id = f.id CROSS JOIN sources s ON s.id = c.source_id
                         WHERE f.case_id = ?1 AND f.retracted_at IS NULL ORDER BY f.measure, f.id, c.position"
                    ),
                    vec![case()],
                ),
                sql("SELECT kind, n FROM record_counts WHERE case_id = ?1", vec![case()]),
            ],
        },
        Bench {
            line: "/timeline",
            baseline: vec![
                sql("SELECT n FROM record_counts WHERE case_id = ?1 AND kind = 'events'", vec![case()]),
                sql(&event_page(&format!("SELECT t.id FROM {SHOWN_EVENTS} ORDER BY t.date_first, t.date_last, t.id LIMIT 10")), vec![case()]),
            ],
        },
        Bench {
            line: "/timeline from:2012-03 to:2012-04",
            baseline: {
                // Events that end on or after ?3 began at most the longest
                // span before it: the index range starts there.
                let from_where = format!(
                    "{SHOWN_EVENTS} AND t.date_first <= ?2 AND t.date_last >= ?3
                     AND t.date_first >= (SELECT date(?3, printf('-%d days', sp.span + 1)) FROM
                         (SELECT julianday(date_last) - julianday(date_first) AS span FROM shown_records
                          WHERE kind = 'events' AND case_id = ?1 ORDER BY span DESC LIMIT 1) sp)"
                );
                let args = vec![case(), text("2012-04-30"), text("2012-03-01")];
                vec![
                    sql(&format!("SELECT count(*) FROM {from_where}"), args.clone()),
                    sql(&event_page(&format!("SELECT t.id FROM {from_where} ORDER BY t.date_first, t.date_last, t.id LIMIT 10")), args),
                ]
            },
        },
        Bench {
            line: "/timeline tag:rally",
            baseline: {
                let args = vec![case(), text("rally")];
                vec![
                    sql("SELECT n FROM tag_counts WHERE case_id = ?1 AND tag = ?2", args.clone()),
                    sql(&event_page(&format!("SELECT t.event_id AS id FROM {SHOWN_TAGGED} ORDER BY t.date_first, t.date_last, t.event_id LIMIT 10")), args),
                ]
            },
        },
        Bench {
            line: "/timeline page:5000",
            baseline: vec![
                sql("SELECT n FROM record_counts WHERE case_id = ?1 AND kind = 'events'", vec![case()]),
                sql(&event_page(&format!("SELECT t.id FROM {SHOWN_EVENTS} ORDER BY t.date_first, t.date_last, t.id LIMIT 10 OFFSET 49990")), vec![case()]),
            ],
        },
        Bench {
            line: "/quote speaker:takano",
            baseline: vec![
                sql(PEOPLE_NAMES, vec![case()]),
                sql(count_takano, vec![case(), int(takano_id)]),
                sql(&quote_page(takano_quotes, 5), vec![case(), int(takano_id)]),
            ],
        },
        Bench {
            line: "/quote text:hearing",
            // The matches come from the search index in no useful order:
            // one pass reads them all in display order (their number is
            // the total), then the page's five rows are read by id.
            baseline: vec![
                sql(all_matching_quotes, hearing()),
                sql(&quote_page("id IN (SELECT value FROM json_each(?1))", 5), vec![text(&hearing_page)]),
            ],
        },
        Bench {
            line: "/person name:takano",
            baseline: vec![
                sql(PEOPLE_NAMES, vec![case()]),
                sql(
                    &format!(
                        "SELECT {SOURCE_COLS} FROM citations c CROSS JOIN sources s ON s.id = c.source_id
                         WHERE c.kind = 'people' AND c.record_id = ?1 ORDER BY c.position"
                    ),
                    vec![int(takano_id)],
                ),
                sql(&actions_led, vec![case(), text("takano")]),
                sql(&statuses_led, vec![case(), text("takano")]),
                sql(count_takano, vec![case(), int(takano_id)]),
                sql(&quote_page(takano_quotes, 5), vec![case(), int(takano_id)]),
            ],
        },
        Bench {
            line: "/search query:\"crown tattoo\"",
            baseline: vec![
                // Every match ranked in one pass (their number is the
                // total), then the page's eight with snippets and sources.
                sql(&all_ranked_hits, crown_tattoo()),
                sql(
                    &format!(
                        "SELECT p.value, search_index.kind, search_index.record_id, snippet(search_index, 0, '«', '»', '…', 24), {SOURCE_COLS}
                         FROM json_each(?2) p CROSS JOIN search_index ON search_index.rowid = p.value
                         LEFT JOIN citations c ON c.kind = search_index.kind AND c.record_id = search_index.record_id
                         LEFT JOIN sources s ON s.id = c.source_id
                         WHERE search_index MATCH ?1 ORDER BY p.key, c.position"
                    ),
                    vec![text("\"crown\" \"tattoo\""), text(&crown_page)],
                ),
            ],
        },
        Bench {
            line: "/sources",
            baseline: vec![
                sql("SELECT count(*) FROM sources WHERE case_id = ?1", vec![case()]),
                sql(
                    &format!(
                        "SELECT {SOURCE_COLS}, (SELECT count(*) FROM citations c WHERE c.source_id = s.id)
                         FROM sources s WHERE s.case_id = ?1 ORDER BY s.id LIMIT 10"
                    ),
                    vec![case()],
                ),
            ],
        },
        Bench {
            line: "/cite id:E50000",
            baseline: vec![sql(
                &format!(
                    "SELECT e.id, e.date, e.text, {SOURCE_COLS} FROM events e CROSS JOIN citations c ON c.kind = 'events' AND c.record_id = e.id
                     CROSS JOIN sources s ON s.id = c.source_id WHERE e.id = ?1 ORDER BY c.position"
                ),
                vec![int(50_000)],
            )],
        },
        Bench {
            line: "/actions",
            baseline: vec![
                sql("SELECT key, name FROM people WHERE case_id = ?1 AND retracted_at IS NULL", vec![case()]),
                sql(&format!("SELECT count(*) FROM actions a WHERE a.case_id = ?1 AND {ACTION_SHOWN}"), vec![case()]),
                sql(
                    &format!(
                        "SELECT a.id, a.kind, a.title, a.led_by, a.co_led_by, a.date, a.reference, a.summary, {SOURCE_COLS}
                         FROM ({action_page}) k CROSS JOIN actions a ON a.id = k.id
                         CROSS JOIN citations c ON c.kind = 'actions' AND c.record_id = a.id CROSS JOIN sources s ON s.id = c.source_id
                         ORDER BY a.date_first IS NULL, a.date_first, a.id, c.position"
                    ),
                    vec![case()],
                ),
                sql(
                    &format!(
                        "SELECT st.action_id, st.status, st.date, st.note, {SOURCE_COLS}
                         FROM ({action_page}) k CROSS JOIN action_statuses st ON st.action_id = k.id
                         CROSS JOIN citations c ON c.kind = 'action_statuses' AND c.record_id = st.id CROSS JOIN sources s ON s.id = c.source_id
                         ORDER BY st.action_id, st.position, c.position"
                    ),
                    vec![case()],
                ),
            ],
        },
        Bench {
            line: "/sources S1000",
            baseline: vec![
                sql(&format!("SELECT {SOURCE_COLS}, s.note FROM sources s WHERE s.id = ?1"), vec![int(1000)]),
                sql("SELECT count(*) FROM citations WHERE source_id = ?1", vec![int(1000)]),
                sql(&cited_rows("events", "r.date, r.text, r.retracted_at"), vec![int(1000)]),
                sql(
                    &format!(
                        "SELECT q.id, q.text, q.said, p.name, rb.name, {SOURCE_COLS} FROM {citing} k
                         CROSS JOIN quotes q ON k.kind = 'quotes' AND q.id = k.record_id
                         CROSS JOIN people p ON p.id = q.speaker_id LEFT JOIN people rb ON rb.id = q.relayed_by_id
                         CROSS JOIN citations c ON c.kind = 'quotes' AND c.record_id = q.id CROSS JOIN sources s ON s.id = c.source_id
                         ORDER BY q.id, c.position"
                    ),
                    vec![int(1000)],
                ),
                sql(&cited_rows("actions", "r.kind, r.title, r.led_by, r.co_led_by, r.date, r.summary"), vec![int(1000)]),
                sql(
                    &format!(
                        "SELECT st.action_id, st.status, st.date, {SOURCE_COLS} FROM {citing} k
                         CROSS JOIN action_statuses st ON k.kind = 'actions' AND st.action_id = k.record_id
                         CROSS JOIN citations c ON c.kind = 'action_statuses' AND c.record_id = st.id CROSS JOIN sources s ON s.id = c.source_id
                         ORDER BY st.action_id, st.position, c.position"
                    ),
                    vec![int(1000)],
                ),
                sql(&cited_rows("figures", "r.label, r.value, r.stated_as"), vec![int(1000)]),
                sql(&cited_rows("people", "r.name, r.role"), vec![int(1000)]),
            ],
        },
    ]
}

/// Runs `f` repeatedly within the time budget; returns each run's time.
fn measure(mut f: impl FnMut()) -> Vec<Duration> {
    let probe = Instant::now();
    f();
    let once = probe.elapsed().max(Duration::from_micros(1));
    let n = ((BUDGET.as_secs_f64() / once.as_secs_f64()) as usize)
        .clamp(MIN_ITERATIONS, MAX_ITERATIONS);
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        f();
        times.push(start.elapsed());
    }
    times.sort();
    times
}

/// Median and 99th percentile (nearest rank) in microseconds.
fn stats(sorted: &[Duration]) -> (f64, f64) {
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let median = us(sorted[sorted.len() / 2]);
    let p99 = us(sorted[((sorted.len() * 99).div_ceil(100)).saturating_sub(1)]);
    (median, p99)
}

/// Checks one command once, then times its core path and its bare SQL.
fn run_bench(
    core: &Core,
    conn: &Connection,
    invocation: &casewatch::core::Invocation,
    bench: &Bench,
) -> (Vec<Duration>, Vec<Duration>) {
    let loc = invocation.locale;
    // Once, untimed: the reply must be a real, fully cited answer, so the
    // timings below can never be of an error or an empty path.
    let reply = core.handle_line(invocation, bench.line);
    let note = reply.blocks.iter().find_map(|b| match b {
        Block::Note { text } => Some(text.as_str()),
        _ => None,
    });
    assert!(
        reply.kind != ReplyKind::Error,
        "{} answered with an error: {note:?}",
        bench.line
    );
    assert!(
        reply.kind != ReplyKind::Empty,
        "{} found nothing: {note:?}",
        bench.line
    );
    reply
        .check_citations()
        .unwrap_or_else(|e| panic!("{}: {e}", bench.line));
    let rendered = casewatch::render::text::render(&reply, loc);
    let rows = run_sql(conn, &bench.baseline);
    println!(
        "checked {:<36} {:>4} facts, {:>3} sources cited, {:>6} bytes rendered; SQL {:>4} rows",
        bench.line,
        reply.facts().count(),
        reply.sources.len(),
        rendered.len(),
        rows
    );
    let core_times = measure(|| {
        let reply = core.handle_line(invocation, bench.line);
        black_box(casewatch::render::text::render(&reply, loc));
    });
    let sql_times = measure(|| {
        black_box(run_sql(conn, &bench.baseline));
    });
    (core_times, sql_times)
}

/// Adds search-index rows of generated text (with the search words at the
/// same rates) for another case until the index holds `target` rows; returns
/// the row count. Written straight into the index: only its size matters
/// to the measured case, whose records and answers stay as they were.
fn grow_search_index(conn: &Connection, other_case: i64, target: usize) -> usize {
    let mut rng = Rng(0x5EA2_C401_2025);
    let text = TextGen::new(&mut rng);
    let have: i64 = conn
        .query_row("SELECT count(*) FROM search_index", [], |r| r.get(0))
        .expect("count index");
    let tx = conn.unchecked_transaction().expect("transaction");
    {
        let mut insert = tx
            .prepare("INSERT INTO search_index (rowid, body, extra, kind, record_id, case_id) VALUES (?1, ?2, '', 'events', ?3, ?4)")
            .expect("prepare insert");
        for i in 0..target.saturating_sub(have as usize) {
            // The other case's events, under the rowids the store gives them.
            let id = i as i64 + 1;
            let rowid = search_rowid(other_case, RecordKind::Event, id).expect("rowid");
            let body = text.sentence(&mut rng, 12, 30, 0.005);
            insert
                .execute(rusqlite::params![rowid, body, id, other_case])
                .expect("insert index row");
        }
    }
    tx.commit().expect("commit");
    conn.query_row("SELECT count(*) FROM search_index", [], |r| {
        r.get::<_, i64>(0)
    })
    .expect("count index") as usize
}

fn main() {
    casewatch::tune_allocator();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("casewatch core_paths benchmark — {cores} core(s) available");

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.sqlite3");
    let started = Instant::now();
    let dataset = generate(&path);
    let generation = started.elapsed();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);

    let store = Store::open(&path).expect("reopen store");
    let case_id = store
        .case_by_key(CASE_KEY)
        .expect("read case")
        .expect("case exists")
        .id;
    // The real clock: only `/case`'s "days detained" line depends on it.
    // Shared, as `casewatch serve` holds it (the site's pages need an Arc).
    let core = std::sync::Arc::new(Core::new(store, CASE_KEY));
    // Every run asks the same question of an unchanged record, which the
    // core would answer from memory (src/core/kept_answers.rs): measure
    // reading and building the answer, as after each change.
    core.set_keep_answers(false);
    let conn = Connection::open(&path).expect("second connection");
    conn.busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    // The same page cache as the store's connections (store/mod.rs), so
    // the bare SQL is not slower for want of it.
    conn.pragma_update(None, "cache_size", -32 * 1024)
        .expect("cache size");

    println!(
        "generated in {:.1} s ({:.0} MB on disk)",
        generation.as_secs_f64(),
        size as f64 / 1e6
    );
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("count")
    };
    let tables = [
        "sources",
        "people",
        "events",
        "quotes",
        "actions",
        "action_statuses",
        "figures",
        "citations",
        "search_index",
        "audit_log",
    ];
    println!(
        "records: {}",
        tables
            .iter()
            .map(|t| format!("{t} {}", count(t)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!();

    let invocation = console::invocation(Role::Member, Locale::En);
    let mut results = Vec::new();
    // `CORE_PATHS_ONLY=/cite cargo bench --bench core_paths` measures only
    // the commands whose line contains the given text.
    let only = std::env::var("CORE_PATHS_ONLY").ok();
    let all = benches(&conn, case_id, dataset.takano_id);
    for bench in &all {
        if only.as_deref().is_some_and(|o| !bench.line.contains(o)) {
            continue;
        }
        let (core_times, sql_times) = run_bench(&core, &conn, &invocation, bench);
        results.push((bench.line.to_string(), core_times, sql_times));
    }

    // Each export of the whole case, a few runs: what `casewatch export`
    // or a site request for the file costs at this size.
    let mut exports = Vec::new();
    for format in ExportFormat::ALL {
        let line = format!("export --format {format}");
        if only.as_deref().is_some_and(|o| !line.contains(o)) {
            continue;
        }
        let options = ExportOptions {
            public_url: Some("https://casewatch.example.org"),
            locale: Locale::En,
        };
        let files = export(&core.store(), CASE_KEY, format, &options).expect("export");
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        assert!(files.iter().all(|f| !f.bytes.is_empty()), "{line}");
        println!(
            "checked {line:<36} {} file(s), {bytes:>10} bytes",
            files.len()
        );
        let mut times = Vec::with_capacity(EXPORT_RUNS);
        for _ in 0..EXPORT_RUNS {
            let start = Instant::now();
            black_box(export(&core.store(), CASE_KEY, format, &options).expect("export"));
            times.push(start.elapsed());
        }
        times.sort();
        exports.push((line, times, bytes));
    }

    // The site's pages, built as the server builds them (without the
    // socket): a timeline page must stay paged and fast at this size.
    #[cfg(feature = "web")]
    let pages = site_pages(&core, only.as_deref());

    // The same search once the index holds a million rows: other cases'
    // records share the one index, and FTS5 reads every matching row of
    // every case before the case filter.
    let search = all
        .iter()
        .find(|b| b.line.starts_with("/search"))
        .expect("a search bench");
    if only.as_deref().is_none_or(|o| search.line.contains(o)) {
        let started = Instant::now();
        let rows = grow_search_index(&conn, case_id + 1, SEARCH_INDEX_ROWS);
        println!(
            "search index grown to {rows} rows (another case) in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let (core_times, sql_times) = run_bench(&core, &conn, &invocation, search);
        results.push((
            format!("{} at {}k index rows", search.line, rows / 1000),
            core_times,
            sql_times,
        ));
    }
    println!();
    println!("| command | core median µs | core p99 µs | SQL median µs | SQL p99 µs | core/SQL | runs (core/SQL) |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (line, core_times, sql_times) in &results {
        let (core_median, core_p99) = stats(core_times);
        let (sql_median, sql_p99) = stats(sql_times);
        println!(
            "| `{line}` | {core_median:.0} | {core_p99:.0} | {sql_median:.0} | {sql_p99:.0} | {:.1}x | {}/{} |",
            core_median / sql_median,
            core_times.len(),
            sql_times.len()
        );
    }
    if !exports.is_empty() {
        println!();
        println!("| export (whole case) | median ms | slowest ms | MB | runs |");
        println!("|---|---:|---:|---:|---:|");
        for (line, times, bytes) in &exports {
            let ms = |d: &Duration| d.as_secs_f64() * 1e3;
            println!(
                "| `{line}` | {:.0} | {:.0} | {:.1} | {} |",
                ms(&times[times.len() / 2]),
                ms(times.last().expect("runs")),
                *bytes as f64 / 1e6,
                times.len()
            );
        }
    }
    #[cfg(feature = "web")]
    print_site_pages(&pages);
    println!();
    println!("total {:.1} s", started.elapsed().as_secs_f64());
}

/// Site pages timed on the 100k case: (address, sorted times, bytes).
#[cfg(feature = "web")]
type SitePages = Vec<(String, Vec<Duration>, usize)>;

/// Times `Site::page`, what the server runs per request on the blocking
/// pool, for timeline pages at the start, deep in, and filtered.
#[cfg(feature = "web")]
fn site_pages(core: &std::sync::Arc<Core>, only: Option<&str>) -> SitePages {
    use casewatch::adapters::web::site::{Asked, Site};
    let site = Site::new(
        std::sync::Arc::clone(core),
        Some("https://casewatch.example.org".into()),
    );
    let addresses = [
        "/bench-case/timeline",
        "/bench-case/timeline?page=5000",
        "/bench-case/timeline?from=2024-01&to=2024-06&page=3",
        "/bench-case/r/E50000",
    ];
    let mut out = Vec::new();
    for address in addresses {
        if only.is_some_and(|o| !address.contains(o)) {
            continue;
        }
        let asked = Asked::get(address);
        let page = site.page(&asked);
        assert_eq!(page.status, 200, "{address}");
        let times = measure(|| {
            black_box(site.page(&asked));
        });
        out.push((address.to_string(), times, page.body.len()));
    }
    out
}

#[cfg(feature = "web")]
fn print_site_pages(pages: &SitePages) {
    if pages.is_empty() {
        return;
    }
    println!();
    println!("| site page (100k case) | median µs | p99 µs | bytes | runs |");
    println!("|---|---:|---:|---:|---:|");
    for (address, times, bytes) in pages {
        let (median, p99) = stats(times);
        println!(
            "| `{address}` | {median:.0} | {p99:.0} | {bytes} | {} |",
            times.len()
        );
    }
}
