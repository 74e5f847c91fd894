//! `/search` and `/quote text:` read every match once, in order, and slice
//! the page from it (`src/store/search.rs`, `src/store/read.rs`): the
//! total they state must be the number of shown matches, counted here
//! independently, and walking the pages must give each match once, in the
//! order of one big page.

mod common;

use casewatch::core::model::RecordKind;
use common::{Seeded, CASE};
use rusqlite::Connection;

/// Shown records of the case whose indexed text matches `word`, counted
/// from the tables, not through the store's queries.
fn shown_matches(db: &Connection, case_id: i64, word: &str, kind: Option<&str>) -> u64 {
    let like = format!("%{word}%");
    let tables: Vec<&str> = match kind {
        Some(kind) => vec![kind],
        None => vec!["events", "quotes", "people", "actions", "figures"],
    };
    let mut n = 0;
    for table in tables {
        let text = match table {
            "events" | "quotes" => "text",
            "people" => "name || ' ' || coalesce(role, '')",
            "actions" => "title || ' ' || coalesce(summary, '')",
            _ => "label || ' ' || coalesce(stated_as, '')",
        };
        let count: u64 = db
            .query_row(
                &format!(
                    "SELECT count(*) FROM {table} t WHERE t.case_id = ?1 AND {text} LIKE ?2
                     AND EXISTS (SELECT 1 FROM shown_records s WHERE s.kind = '{table}' AND s.id = t.id)"
                ),
                rusqlite::params![case_id, like],
                |r| r.get(0),
            )
            .unwrap();
        n += count;
    }
    n
}

#[test]
fn quote_text_pages_hold_every_match_once_in_display_order() {
    let bot = Seeded::new();
    let store = bot.core.store();
    let case = store.case_by_key(CASE).unwrap().unwrap();
    let db = Connection::open(bot.db_path()).unwrap();
    let expected = shown_matches(&db, case.id, "Venezuela", Some("quotes"));
    assert!(expected > 2, "the seed has quotes to page through");
    let (all, total) = store
        .quotes_matching(case.id, None, "venezuela", 0, 1000)
        .unwrap();
    assert_eq!(total, expected);
    assert_eq!(all.len() as u64, total);
    let mut walked = Vec::new();
    for offset in (0..total).step_by(2) {
        let (page, page_total) = store
            .quotes_matching(case.id, None, "venezuela", offset, 2)
            .unwrap();
        assert_eq!(page_total, total);
        walked.extend(page.into_iter().map(|q| q.id));
    }
    assert_eq!(walked, all.iter().map(|q| q.id).collect::<Vec<_>>());
    let (past_end, total_past_end) = store
        .quotes_matching(case.id, None, "venezuela", total, 2)
        .unwrap();
    assert!(past_end.is_empty());
    assert_eq!(total_past_end, total);
}

#[test]
fn search_pages_hold_every_match_once_in_rank_order() {
    let bot = Seeded::new();
    let store = bot.core.store();
    let case = store.case_by_key(CASE).unwrap().unwrap();
    let (all, total) = store.search(case.id, "cecot", 0, 1000).unwrap();
    assert!(total > 3, "the seed has hits to page through");
    assert_eq!(all.len() as u64, total);
    let mut walked = Vec::new();
    for offset in (0..total).step_by(3) {
        let (page, page_total) = store.search(case.id, "cecot", offset, 3).unwrap();
        assert_eq!(page_total, total);
        walked.extend(page.into_iter().map(|h| (h.kind, h.id)));
    }
    assert_eq!(
        walked,
        all.iter().map(|h| (h.kind, h.id)).collect::<Vec<_>>()
    );
    // The plain way: the index's own case and kind columns, each shown
    // event checked by a join, no rowid ranges.
    let db = Connection::open(bot.db_path()).unwrap();
    let naive: u64 = db
        .query_row(
            "SELECT count(*) FROM search_index si JOIN shown_records s ON s.kind = 'events' AND s.id = si.record_id
             WHERE search_index MATCH '\"cecot\"' AND si.kind = 'events' AND si.case_id = ?1",
            [case.id],
            |r| r.get(0),
        )
        .unwrap();
    let events = all.iter().filter(|h| h.kind == RecordKind::Event).count() as u64;
    assert_eq!(events, naive, "every shown event matching CECOT is a hit");
}
