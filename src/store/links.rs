//! Link checks of source addresses: which sources to check next, each
//! check's history row and the last status per source, and an archived
//! copy set on a source through the audited write path.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{Result, Store, StoreError, Writer};

/// The audit log's actor for what the link check writes.
pub const LINK_CHECK_ACTOR: &str = "casewatch:links";

/// The audit action that marks a source's address gone (not a change to
/// the record: it tells the digest, once, that a cited address stopped
/// answering).
pub const LINK_GONE: &str = "link-gone";
use crate::domain::link::{LinkStatus, Probe};

/// A source address to check, with what the last check left.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    pub source_id: i64,
    pub case_key: String,
    pub source_key: String,
    pub publication: String,
    pub url: String,
    /// False when only the site's address is known (the seed's `url_exact = false`).
    pub url_exact: bool,
    pub archive_url: Option<String>,
    pub last_status: Option<LinkStatus>,
    pub unreachable_since: Option<DateTime<Utc>>,
}

/// One check to record.
#[derive(Debug, Clone)]
pub struct LinkCheck {
    pub source_id: i64,
    pub url: String,
    pub checked_at: DateTime<Utc>,
    pub probe: Probe,
    pub status: LinkStatus,
    /// The start of the unbroken run of DNS or TLS failures, if in one.
    pub unreachable_since: Option<DateTime<Utc>>,
}

/// A source's last known link status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkStatusRow {
    pub status: LinkStatus,
    pub checked_at: String,
    pub since: String,
    pub final_url: Option<String>,
}

/// One row of a source's check history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkHistoryRow {
    pub checked_at: String,
    pub http_status: Option<u16>,
    pub failure: Option<String>,
    pub final_url: Option<String>,
    pub status: LinkStatus,
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn parse_stamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

fn status_column(text: String) -> rusqlite::Result<LinkStatus> {
    LinkStatus::parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown link status {text:?}").into(),
        )
    })
}

impl Store {
    /// The live sources of `case` (all cases when `None`), those never
    /// checked first, then the least recently checked; at most `limit`.
    pub fn link_targets(
        &self,
        case: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<LinkTarget>> {
        self.link_targets_checked_before(case, limit, None)
    }

    /// The live sources of every case never checked or last checked
    /// before `before`: the ones due, the least recently checked first.
    pub fn link_targets_due(&self, before: DateTime<Utc>) -> Result<Vec<LinkTarget>> {
        self.link_targets_checked_before(None, None, Some(stamp(before)))
    }

    fn link_targets_checked_before(
        &self,
        case: Option<&str>,
        limit: Option<usize>,
        before: Option<String>,
    ) -> Result<Vec<LinkTarget>> {
        if let Some(key) = case {
            let known: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM cases WHERE key = ?1)",
                [key],
                |r| r.get(0),
            )?;
            if !known {
                return Err(StoreError::NotFound(format!("case {key}")));
            }
        }
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let mut stmt = self.conn.prepare(
            "SELECT s.id, c.key, s.key, s.publication, s.url, s.url_exact, s.archive_url,
                    l.status, l.unreachable_since
             FROM sources s JOIN cases c ON c.id = s.case_id
             LEFT JOIN link_status l ON l.source_id = s.id
             WHERE s.retracted_at IS NULL AND (?1 IS NULL OR c.key = ?1)
               AND (?3 IS NULL OR l.checked_at IS NULL OR l.checked_at < ?3)
             ORDER BY l.checked_at IS NOT NULL, l.checked_at, s.id
             LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![case, limit, before], |r| {
            Ok(LinkTarget {
                source_id: r.get(0)?,
                case_key: r.get(1)?,
                source_key: r.get(2)?,
                publication: r.get(3)?,
                url: r.get(4)?,
                url_exact: r.get(5)?,
                archive_url: r.get(6)?,
                last_status: r
                    .get::<_, Option<String>>(7)?
                    .map(status_column)
                    .transpose()?,
                unreachable_since: r
                    .get::<_, Option<String>>(8)?
                    .as_deref()
                    .and_then(parse_stamp),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Appends `check` to the source's history and makes it the last
    /// status; returns the status it had before (`None`: never checked).
    pub fn record_link_check(&mut self, check: &LinkCheck) -> Result<Option<LinkStatus>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (http_status, failure, final_url) = match &check.probe {
            Probe::Answered {
                status, final_url, ..
            } => (Some(*status), None, Some(final_url.as_str())),
            Probe::Failed(failure) => (None, Some(failure.as_str()), None),
        };
        let at = stamp(check.checked_at);
        tx.execute(
            "INSERT INTO link_checks (source_id, checked_at, url, http_status, failure, final_url, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![check.source_id, at, check.url, http_status, failure, final_url, check.status.as_str()],
        )?;
        let check_id = tx.last_insert_rowid();
        let before: Option<String> = tx
            .query_row(
                "SELECT status FROM link_status WHERE source_id = ?1",
                [check.source_id],
                |r| r.get(0),
            )
            .optional()?;
        let before = before.map(status_column).transpose()?;
        // `since` moves only when the status changes.
        tx.execute(
            "INSERT INTO link_status (source_id, status, checked_at, since, final_url, unreachable_since)
             VALUES (?1, ?2, ?3, ?3, ?4, ?5)
             ON CONFLICT (source_id) DO UPDATE SET
                since = CASE WHEN status = excluded.status THEN since ELSE excluded.since END,
                status = excluded.status, checked_at = excluded.checked_at,
                final_url = excluded.final_url, unreachable_since = excluded.unreachable_since",
            params![
                check.source_id,
                check.status.as_str(),
                at,
                final_url,
                check.unreachable_since.map(stamp)
            ],
        )?;
        // Newly gone: one audit entry, so the next digest of every place
        // subscribed to the case mentions it once (digests walk the audit
        // log in ranges that never overlap). A source that flaps between
        // gone and flaky (404, 503, 404) was announced already: only an
        // answer (ok or moved) since its last gone check re-arms it.
        let gone_since_last_answer: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM link_checks g
               WHERE g.source_id = ?1 AND g.status = 'gone' AND g.id < ?2
                 AND g.id > COALESCE((SELECT max(a.id) FROM link_checks a
                     WHERE a.source_id = ?1 AND a.status IN ('ok', 'moved') AND a.id < ?2), 0))",
            params![check.source_id, check_id],
            |r| r.get(0),
        )?;
        if check.status == LinkStatus::Gone && !gone_since_last_answer {
            let after = serde_json::json!({
                "url": check.url,
                "http_status": http_status,
                "failure": failure,
            });
            tx.execute(
                "INSERT INTO audit_log (at, actor, action, kind, record_id, after) VALUES (?1, ?2, ?3, 'sources', ?4, ?5)",
                params![at, LINK_CHECK_ACTOR, LINK_GONE, check.source_id, after.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(before)
    }

    /// The id of the check that gave some source its current status, the
    /// newest such (0 when none was checked): it grows whenever any
    /// source's status changes, and only then, so pages that show
    /// "address gone" can be validated by it. Each source's status was
    /// given by its check at `since` (`since` moves only on a change).
    pub fn last_link_status_change(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(c.id), 0) FROM link_status l
             JOIN link_checks c ON c.source_id = l.source_id AND c.checked_at = l.since",
            [],
            |r| r.get(0),
        )?)
    }

    /// A source's last link status, if it was ever checked.
    pub fn link_status(&self, source_id: i64) -> Result<Option<LinkStatusRow>> {
        let row = self
            .conn
            .query_row(
                "SELECT status, checked_at, since, final_url FROM link_status WHERE source_id = ?1",
                [source_id],
                |r| {
                    Ok(LinkStatusRow {
                        status: status_column(r.get(0)?)?,
                        checked_at: r.get(1)?,
                        since: r.get(2)?,
                        final_url: r.get(3)?,
                    })
                },
            )
            .optional()?;
        Ok(row)
    }

    /// The live sources of a case whose last status is `status`, the most
    /// recent change first, one page of them, and how many there are.
    pub fn sources_with_link_status(
        &self,
        case_id: i64,
        status: LinkStatus,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<(i64, LinkStatusRow)>, u64)> {
        let total: u64 = self.conn.query_row(
            "SELECT count(*) FROM link_status l JOIN sources s ON s.id = l.source_id
             WHERE s.case_id = ?1 AND s.retracted_at IS NULL AND l.status = ?2",
            params![case_id, status.as_str()],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT l.source_id, l.status, l.checked_at, l.since, l.final_url
             FROM link_status l JOIN sources s ON s.id = l.source_id
             WHERE s.case_id = ?1 AND s.retracted_at IS NULL AND l.status = ?2
             ORDER BY l.since DESC, s.id LIMIT ?3 OFFSET ?4",
        )?;
        let rows = stmt.query_map(
            params![case_id, status.as_str(), limit as i64, offset as i64],
            |r| {
                Ok((
                    r.get(0)?,
                    LinkStatusRow {
                        status: status_column(r.get(1)?)?,
                        checked_at: r.get(2)?,
                        since: r.get(3)?,
                        final_url: r.get(4)?,
                    },
                ))
            },
        )?;
        Ok((rows.collect::<rusqlite::Result<_>>()?, total))
    }

    /// A source's checks, oldest first.
    pub fn link_history(&self, source_id: i64) -> Result<Vec<LinkHistoryRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT checked_at, http_status, failure, final_url, status FROM link_checks
             WHERE source_id = ?1 ORDER BY checked_at, id",
        )?;
        let rows = stmt.query_map([source_id], |r| {
            Ok(LinkHistoryRow {
                checked_at: r.get(0)?,
                http_status: r.get(1)?,
                failure: r.get(2)?,
                final_url: r.get(3)?,
                status: status_column(r.get(4)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Writer<'_> {
    /// Sets a live source's archived copy by an editor's hand, replacing
    /// any; returns the one it replaced. The audit entry keeps both.
    pub fn set_archive(&mut self, source_id: i64, archive_url: &str) -> Result<Option<String>> {
        let before_url: Option<String> = self
            .tx
            .query_row(
                "SELECT archive_url FROM sources WHERE id = ?1 AND retracted_at IS NULL",
                [source_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("source {source_id}")))?;
        let before = self.row_json("sources", source_id)?;
        self.tx.execute(
            "UPDATE sources SET archive_url = ?1 WHERE id = ?2",
            params![archive_url, source_id],
        )?;
        let after = self.row_json("sources", source_id)?;
        self.audit("archive", "sources", Some(source_id), before, after, None)?;
        Ok(before_url)
    }

    /// Sets a live source's archived copy when it has none; returns whether
    /// it did. An address already set (by an editor or an earlier check) is
    /// never replaced here. The audit entry keeps the row before and after.
    pub fn set_missing_archive(
        &mut self,
        source_id: i64,
        archive_url: &str,
        reason: &str,
    ) -> Result<bool> {
        let before = self.row_json("sources", source_id)?;
        let changed = self.tx.execute(
            "UPDATE sources SET archive_url = ?1
             WHERE id = ?2 AND archive_url IS NULL AND retracted_at IS NULL",
            params![archive_url, source_id],
        )?;
        if changed == 0 {
            return Ok(false);
        }
        let after = self.row_json("sources", source_id)?;
        self.audit(
            "archive",
            "sources",
            Some(source_id),
            before,
            after,
            Some(reason),
        )?;
        Ok(true)
    }
}
