//! Full-text search (SQLite FTS5) over events, quotes, actions, sources,
//! figures and people, ranked by bm25, with a highlighted snippet.

use rusqlite::params;

use super::{Result, Store, StoreError};
use crate::domain::model::RecordKind;

/// One ranked match.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub kind: RecordKind,
    pub id: i64,
    /// The matching text around the hit, matches wrapped in `«` and `»`.
    pub snippet: String,
}

/// Turns what a user typed into an FTS5 query that cannot be a syntax
/// error: each word becomes a quoted term (all must match), and a trailing
/// `*` is kept for prefix search.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !(c.is_alphanumeric() || c == '*' || c == '\'' || c == '’'))
        .filter(|w| !w.trim_matches('*').is_empty())
        .map(|w| {
            let prefix = w.ends_with('*');
            let word = w.trim_matches('*').replace('"', "");
            if prefix {
                format!("\"{word}\"*")
            } else {
                format!("\"{word}\"")
            }
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Search-index rowids: `case_id << 44 | kind slot << 40 | record id`,
/// the slot being the kind's position in [`RecordKind::ALL`] from 1
/// (migration 0009 rebuilt older rowids this way). A case's entries, or
/// one kind of them, are a rowid range that FTS5 applies inside each
/// word's list of rows, so other cases' matches are never read, and a
/// hit's kind and record id come from its rowid instead of the index's
/// content table (BENCHMARKS.md, "Search by case").
const CASE_SHIFT: u32 = 44;
const KIND_SHIFT: u32 = 40;
const ID_MASK: i64 = (1 << KIND_SHIFT) - 1;
/// Case ids that fit above the kind and the record id in a positive rowid.
const CASES: i64 = 1 << (63 - CASE_SHIFT);

fn kind_slot(kind: RecordKind) -> i64 {
    RecordKind::ALL
        .iter()
        .position(|k| *k == kind)
        .expect("listed") as i64
        + 1
}

/// The search-index rowid of a record. Ids past the layout are refused
/// rather than folded into another record's rowid.
pub fn search_rowid(case_id: i64, kind: RecordKind, id: i64) -> Result<i64> {
    if !(0..CASES).contains(&case_id) || !(0..=ID_MASK).contains(&id) {
        return Err(StoreError::OutOfIndexRange { case_id, id });
    }
    Ok(case_id << CASE_SHIFT | kind_slot(kind) << KIND_SHIFT | id)
}

/// The first and last rowid a case's entries can have, or one kind of them.
pub fn rowid_range(case_id: i64, kind: Option<RecordKind>) -> (i64, i64) {
    let case = case_id << CASE_SHIFT;
    match kind {
        None => (case, case | ((1 << CASE_SHIFT) - 1)),
        Some(kind) => {
            let first = case | kind_slot(kind) << KIND_SHIFT;
            (first, first | ID_MASK)
        }
    }
}

/// SQL for the record id of the index row `rowid` (an SQL expression).
pub(crate) fn record_id_of(rowid: &str) -> String {
    format!("({rowid} & {ID_MASK})")
}

/// SQL that holds while the index row `{table}.rowid` is a shown record (a
/// source is its own support; retracted records are already out of the
/// index): one lookup in `shown_records`, kept by the triggers of migration
/// 0008, with its kind and id taken from the rowid.
fn hit_shown(table: &str) -> String {
    let slot = format!("(({table}.rowid >> {KIND_SHIFT}) & 15)");
    let kinds: String = RecordKind::ALL
        .iter()
        .map(|k| format!(" WHEN {} THEN '{}'", kind_slot(*k), k.table()))
        .collect();
    format!(
        "({slot} = {} OR EXISTS (SELECT 1 FROM shown_records sr
          WHERE sr.kind = (CASE {slot}{kinds} END) AND sr.id = {}))",
        kind_slot(RecordKind::Source),
        record_id_of(&format!("{table}.rowid"))
    )
}

impl Store {
    /// Live, supported records matching `query` in a case, best first; one page and
    /// the total number of matches.
    ///
    /// The page is ranked by bm25 over the case's matches and only then are
    /// the page's snippets made: a snippet in the ranking query would be
    /// built for every match, not for the eight shown.
    pub fn search(
        &self,
        case_id: i64,
        query: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<SearchHit>, u64)> {
        let Some(fts) = fts_query(query) else {
            return Ok((Vec::new(), 0));
        };
        let (first, last) = rowid_range(case_id, None);
        let shown = hit_shown("search_index");
        // Every match's rank in one pass: their number is the total, and
        // the page is a slice of them. Counting in a query of its own read
        // the index's matches (and checked each) twice.
        let ranked = self
            .conn()
            .prepare_cached(&format!(
                "SELECT rowid FROM search_index
                 WHERE search_index MATCH ?1 AND rowid BETWEEN ?2 AND ?3 AND {shown}
                 ORDER BY bm25(search_index), rowid"
            ))?
            .query_map(params![fts, first, last], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let (page, total) = super::read::page_of(ranked, offset, limit);
        if page.is_empty() {
            return Ok((Vec::new(), total));
        }
        // Snippets for the page only, in its order.
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.value, snippet(search_index, 0, '«', '»', '…', 24)
             FROM json_each(?2) p CROSS JOIN search_index ON search_index.rowid = p.value
             WHERE search_index MATCH ?1 ORDER BY p.key",
        )?;
        let page_json = format!("[{}]", super::read::id_list(&page));
        let rows = stmt.query_map(params![fts, page_json], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (rowid, snippet) = row?;
            let slot = (rowid >> KIND_SHIFT) & 15;
            if let Some(kind) = RecordKind::ALL.into_iter().find(|k| kind_slot(*k) == slot) {
                hits.push(SearchHit {
                    kind,
                    id: rowid & ID_MASK,
                    snippet,
                });
            }
        }
        Ok((hits, total))
    }

    /// Ids of live quotes whose words match `text` (accent-insensitive).
    pub fn quote_ids_matching(&self, case_id: i64, text: &str) -> Result<Vec<i64>> {
        let Some(fts) = fts_query(text) else {
            return Ok(Vec::new());
        };
        let (first, last) = quote_rowids(case_id);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {} FROM search_index WHERE search_index MATCH ?1 AND rowid BETWEEN ?2 AND ?3",
            record_id_of("rowid")
        ))?;
        let rows = stmt.query_map(params![fts, first, last], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The rowids a case's quotes can have in the search index.
pub(crate) fn quote_rowids(case_id: i64) -> (i64, i64) {
    rowid_range(case_id, Some(RecordKind::Quote))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_never_becomes_fts_syntax() {
        assert_eq!(
            fts_query("crown tattoo").as_deref(),
            Some("\"crown\" \"tattoo\"")
        );
        assert_eq!(fts_query("tak*").as_deref(), Some("\"tak\"*"));
        assert_eq!(
            fts_query("\"a\" OR (b) NEAR c-d").as_deref(),
            Some("\"a\" \"OR\" \"b\" \"NEAR\" \"c\" \"d\"")
        );
        assert_eq!(fts_query("  ** ()"), None);
    }

    #[test]
    fn rowids_keep_cases_and_kinds_apart() {
        let quote = search_rowid(3, RecordKind::Quote, 12).unwrap();
        let (first, last) = quote_rowids(3);
        assert!((first..=last).contains(&quote));
        let (case_first, case_last) = rowid_range(3, None);
        assert!((case_first..=case_last).contains(&quote));
        for other in [
            search_rowid(2, RecordKind::Quote, 12).unwrap(),
            search_rowid(4, RecordKind::Quote, 12).unwrap(),
            search_rowid(3, RecordKind::Event, 12).unwrap(),
        ] {
            assert!(!(first..=last).contains(&other));
        }
        assert_eq!(quote & ID_MASK, 12);
        assert!(search_rowid(CASES, RecordKind::Quote, 1).is_err());
        assert!(search_rowid(1, RecordKind::Quote, ID_MASK + 1).is_err());
        assert!(search_rowid(1, RecordKind::Quote, -1).is_err());
    }
}
