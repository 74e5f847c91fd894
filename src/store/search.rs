//! Full-text search (SQLite FTS5) over events, quotes, actions, sources,
//! figures and people, ranked by bm25, with a highlighted snippet.

use rusqlite::params;

use super::{Result, Store};
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

/// A hit counts only while its record is shown (a source is its own
/// support; retracted records are already out of the index): one lookup in
/// `shown_records`, kept by the triggers of migration 0007, instead of a
/// join through citations and sources per match.
const SUPPORTED: &str = "(kind = 'sources' OR EXISTS (SELECT 1 FROM shown_records sr
     WHERE sr.kind = search_index.kind AND sr.id = search_index.record_id))";

impl Store {
    /// Live, supported records matching `query` in a case, best first; one page and
    /// the total number of matches.
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
        let total: u64 = self.conn().query_row(
            &format!("SELECT count(*) FROM search_index WHERE search_index MATCH ?1 AND case_id = ?2 AND {SUPPORTED}"),
            params![fts, case_id],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT kind, record_id, snippet(search_index, 0, '«', '»', '…', 24) FROM search_index
             WHERE search_index MATCH ?1 AND case_id = ?2 AND {SUPPORTED} ORDER BY bm25(search_index), rowid LIMIT ?3 OFFSET ?4",
        ))?;
        let rows = stmt.query_map(params![fts, case_id, limit as i64, offset as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (kind, id, snippet) = row?;
            if let Some(kind) = RecordKind::from_table(&kind) {
                hits.push(SearchHit { kind, id, snippet });
            }
        }
        Ok((hits, total))
    }

    /// Ids of live quotes whose words match `text` (accent-insensitive).
    pub fn quote_ids_matching(&self, case_id: i64, text: &str) -> Result<Vec<i64>> {
        let Some(fts) = fts_query(text) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT record_id FROM search_index WHERE search_index MATCH ?1 AND case_id = ?2 AND kind = 'quotes'",
        )?;
        let rows = stmt.query_map(params![fts, case_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
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
}
