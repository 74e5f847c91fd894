//! What the congress.gov poller reads and writes: the bills on record,
//! and one bill's news (its Congress.gov source, new statuses, vanished
//! events, cosponsors), each cited to that source and audited.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, OptionalExtension};

use super::read::supported;
use super::{NewSource, Result, Store, Writer};
use crate::domain::bill::BillRef;
use crate::domain::date::PartialDate;
use crate::domain::model::ActionStatus;

/// An action whose bill the poller follows.
#[derive(Debug, Clone)]
pub struct BillTarget {
    pub case_id: i64,
    pub case_key: String,
    pub action_id: i64,
    /// The `action_bills` row the poll's source will also support.
    pub action_bill_id: i64,
    pub bill: BillRef,
    pub action_date: Option<PartialDate>,
}

/// One event to keep as a status.
#[derive(Debug, Clone)]
pub struct NewBillEvent {
    pub date: PartialDate,
    pub text: String,
    pub status: String,
    pub origin: String,
}

/// One cosponsor as listed.
#[derive(Debug, Clone)]
pub struct NewCosponsor {
    pub bioguide_id: String,
    pub name: String,
    pub party: String,
    pub state: String,
    pub district: Option<i64>,
    pub original: bool,
    pub joined: PartialDate,
    pub withdrew: Option<PartialDate>,
}

/// One bill as a poll found it.
#[derive(Debug, Clone)]
pub struct BillNews {
    /// The bill's title, for its source.
    pub title: String,
    /// The source's published date.
    pub published: PartialDate,
    /// Every event the API lists, oldest first.
    pub events: Vec<NewBillEvent>,
    pub cosponsors: Vec<NewCosponsor>,
}

/// What recording a bill's news changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BillChanges {
    pub source_created: bool,
    pub statuses: usize,
    pub vanished: usize,
    pub joined: usize,
    pub withdrew: usize,
    /// The bill's Congress.gov source was retracted: nothing was written.
    pub source_retracted: bool,
}

/// Puts an action's polled statuses (those with an `origin`) in order of
/// date, position breaking ties, within the places they hold among
/// `statuses` (given in position order): the API may list an event days
/// after a later one, and the latest step is the latest event, not the
/// latest poll. Statuses editors recorded keep their place.
pub(crate) fn polled_by_date(statuses: &mut [ActionStatus]) {
    let places: Vec<usize> = (0..statuses.len())
        .filter(|&i| statuses[i].origin.is_some())
        .collect();
    let mut polled: Vec<ActionStatus> = places.iter().map(|&i| statuses[i].clone()).collect();
    // Stable: statuses of one date stay in position order.
    polled.sort_by_key(|s| s.date.map(|d| d.to_string()));
    for (place, status) in places.into_iter().zip(polled) {
        statuses[place] = status;
    }
}

/// SQL `ORDER BY` terms that put first the latest status of the action
/// of `{alias}`, as [`polled_by_date`] orders them: the status of highest
/// position if editors recorded it, else the polled status of latest date
/// (then position). `live_only`: only statuses a live source supports,
/// of the bill the action names now ([`of_current_bill`]), count, as when
/// they are shown.
pub(crate) fn latest_status_first(alias: &str, live_only: bool) -> String {
    let live = if live_only {
        format!(" AND {}", stands_now("p"))
    } else {
        String::new()
    };
    format!(
        "CASE WHEN {alias}.origin IS NULL THEN {alias}.position
              ELSE (SELECT max(p.position) FROM action_statuses p
                    WHERE p.action_id = {alias}.action_id AND p.origin IS NOT NULL{live}) END DESC,
         {alias}.date DESC, {alias}.position DESC"
    )
}

/// SQL that holds when the status `{alias}` stands for its action now: an
/// editor recorded it, or the poller brought it from the bill the action
/// names now (its newest bill reference a live source supports), or the
/// action names no bill now. Steps polled from a bill named before an
/// editor named another stay on file, in exports and in `/history`, but no
/// longer stand for the action, as that bill's cosponsors do not. Bill
/// keys (`119-hr-4001`) hold no GLOB wildcard.
pub(crate) fn of_current_bill(alias: &str) -> String {
    format!(
        "({alias}.origin IS NULL OR {alias}.origin GLOB coalesce('congress:' ||
           (SELECT b.bill FROM action_bills b WHERE b.action_id = {alias}.action_id AND {}
            ORDER BY b.id DESC LIMIT 1) || ':*', '*'))",
        supported("action_bills", "b")
    )
}

/// SQL that holds when the status `{alias}` is one answers show: a live
/// source supports it and it stands for its action ([`of_current_bill`]).
pub(crate) fn stands_now(alias: &str) -> String {
    format!(
        "({} AND {})",
        supported("action_statuses", alias),
        of_current_bill(alias)
    )
}

/// The publication of the sources the poller files.
pub const CONGRESS_GOV: &str = "Congress.gov";

impl Store {
    /// Live actions with a bill (the newest one a live source supports),
    /// of one case or all.
    pub fn bill_targets(&self, case_id: Option<i64>) -> Result<Vec<BillTarget>> {
        let sql = format!(
            "SELECT a.case_id, c.key, a.id, ab.id, ab.bill, a.date
             FROM actions a JOIN cases c ON c.id = a.case_id
             JOIN action_bills ab ON ab.id = (SELECT max(b.id) FROM action_bills b WHERE b.action_id = a.id AND {})
             WHERE a.retracted_at IS NULL AND (?1 IS NULL OR a.case_id = ?1)
             ORDER BY a.case_id, a.id",
            supported("action_bills", "b")
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([case_id], |r| {
            let bill: String = r.get(4)?;
            let date: Option<String> = r.get(5)?;
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, bill, date))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (case_id, case_key, action_id, action_bill_id, bill, date) = row?;
            out.push(BillTarget {
                case_id,
                case_key,
                action_id,
                action_bill_id,
                bill: bill.parse().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        4,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
                action_date: date.and_then(|d: String| d.parse().ok()),
            });
        }
        Ok(out)
    }

    /// When the poller noticed that congress.gov stopped listing the
    /// event of status `status_id`, if it did.
    pub fn status_vanished(&self, status_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT noticed_at FROM action_status_vanished WHERE status_id = ?1",
                [status_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records one bill's news in one transaction, as `actor`.
    pub fn record_bill(
        &mut self,
        actor: &str,
        target: &BillTarget,
        news: &BillNews,
    ) -> Result<BillChanges> {
        self.write(actor, |w| w.record_bill(target, news))
    }
}

impl Writer<'_> {
    fn record_bill(&mut self, target: &BillTarget, news: &BillNews) -> Result<BillChanges> {
        let mut changes = BillChanges::default();
        let url = target.bill.public_url();
        let existing: Option<(i64, bool)> = self
            .tx
            .query_row(
                "SELECT id, retracted_at IS NOT NULL FROM sources WHERE case_id = ?1 AND url = ?2
                 ORDER BY retracted_at IS NOT NULL, id LIMIT 1",
                params![target.case_id, url],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let source = match existing {
            Some((_, true)) => {
                changes.source_retracted = true;
                return Ok(changes);
            }
            Some((id, false)) => id,
            None => {
                changes.source_created = true;
                let key =
                    self.free_source_key(target.case_id, &format!("congress-gov-{}", target.bill))?;
                self.insert_source(
                    target.case_id,
                    &NewSource {
                        key,
                        publication: CONGRESS_GOV.to_string(),
                        title: news.title.clone(),
                        author: None,
                        published: news.published,
                        url,
                        url_exact: true,
                        archive_url: None,
                        note: None,
                    },
                )?
            }
        };
        self.cite("action_bills", target.action_bill_id, &[source])?;

        // Statuses: the events not yet on record, in order.
        let prefix = format!("congress:{}:", target.bill.key());
        let known: HashMap<String, (i64, bool)> = {
            let mut stmt = self.tx.prepare(
                "SELECT origin, id, EXISTS (SELECT 1 FROM action_status_vanished v WHERE v.status_id = s.id)
                 FROM action_statuses s WHERE action_id = ?1 AND origin IS NOT NULL",
            )?;
            let rows = stmt.query_map([target.action_id], |r| {
                Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        // The status the action shows now, as answers show it: a step of a
        // bill it named before is not where it stands.
        let mut current: Option<String> = self
            .tx
            .query_row(
                &format!(
                    "SELECT status FROM action_statuses s WHERE action_id = ?1 AND {}
                     ORDER BY {} LIMIT 1",
                    stands_now("s"),
                    latest_status_first("s", true)
                ),
                [target.action_id],
                |r| r.get(0),
            )
            .optional()?;
        for event in news
            .events
            .iter()
            .filter(|e| !known.contains_key(&e.origin))
        {
            let position: i64 = self.tx.query_row(
                "SELECT coalesce(max(position), 0) + 1 FROM action_statuses WHERE action_id = ?1",
                [target.action_id],
                |r| r.get(0),
            )?;
            self.tx.execute(
                "INSERT INTO action_statuses (action_id, position, status, date, note, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![target.action_id, position, event.status, event.date.to_string(), event.text, event.origin],
            )?;
            let status_id = self.tx.last_insert_rowid();
            self.cite("action_statuses", status_id, &[source])?;
            // The same entry `/action status` writes, so `/history` and
            // the digest tell it the same way.
            let change = serde_json::json!({ "status_id": status_id, "from": current, "to": event.status, "origin": event.origin }).to_string();
            let before = current
                .as_ref()
                .map(|p| serde_json::json!({ "status": p }).to_string());
            self.audit(
                "status",
                "actions",
                Some(target.action_id),
                before,
                Some(change),
                Some(&format!("{CONGRESS_GOV}: {}", event.text)),
            )?;
            current = Some(event.status.clone());
            changes.statuses += 1;
        }
        // Events the API no longer lists: kept, with a note.
        let listed: HashSet<&str> = news.events.iter().map(|e| e.origin.as_str()).collect();
        for (origin, (status_id, vanished)) in &known {
            if *vanished || !origin.starts_with(&prefix) || listed.contains(origin.as_str()) {
                continue;
            }
            self.tx.execute(
                "INSERT INTO action_status_vanished (status_id, noticed_at) VALUES (?1, ?2)",
                params![status_id, self.now],
            )?;
            let after = serde_json::json!({ "origin": origin, "noticed_at": self.now }).to_string();
            self.audit(
                "vanished",
                "action_statuses",
                Some(*status_id),
                None,
                Some(after),
                None,
            )?;
            changes.vanished += 1;
        }

        // Cosponsors: a row when a member joins, another when they withdraw.
        let had: HashSet<(String, String)> = {
            let mut stmt = self.tx.prepare(
                "SELECT bioguide_id, change FROM bill_cosponsors WHERE action_id = ?1 AND bill = ?2",
            )?;
            let rows = stmt.query_map(params![target.action_id, target.bill.key()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for c in &news.cosponsors {
            let changes_of = [("joined", Some(c.joined)), ("withdrew", c.withdrew)];
            for (change, date) in changes_of {
                let Some(date) = date else { continue };
                if had.contains(&(c.bioguide_id.clone(), change.to_string())) {
                    continue;
                }
                self.tx.execute(
                    "INSERT INTO bill_cosponsors (action_id, bill, bioguide_id, name, party, state, district, original, change, date, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    params![target.action_id, target.bill.key(), c.bioguide_id, c.name, c.party, c.state, c.district, c.original, change, date.to_string(), self.now],
                )?;
                let id = self.tx.last_insert_rowid();
                self.cite("bill_cosponsors", id, &[source])?;
                let after = self.row_json("bill_cosponsors", id)?;
                self.audit("cosponsor", "bill_cosponsors", Some(id), None, after, None)?;
                match change {
                    "joined" => changes.joined += 1,
                    _ => changes.withdrew += 1,
                }
            }
        }
        Ok(changes)
    }

    /// `base`, or `base-2`, `base-3`… if taken in the case.
    fn free_source_key(&self, case_id: i64, base: &str) -> Result<String> {
        let mut candidate = base.to_string();
        let mut n = 2;
        while self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM sources WHERE case_id = ?1 AND key = ?2)",
            params![case_id, candidate],
            |r| r.get::<_, bool>(0),
        )? {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        Ok(candidate)
    }
}

/// How a finished bill poll went, for the poll log (migration 0017).
#[derive(Debug, Clone)]
pub struct BillPollEnd<'a> {
    /// RFC 3339 UTC, as the audit log keeps times.
    pub finished_at: &'a str,
    pub requests: u32,
    pub bills: usize,
    pub failed: usize,
    pub stopped: Option<&'a str>,
}

impl Store {
    /// Notes in the poll log that a poll of `case_id` (or of every case)
    /// began at `started_at` (RFC 3339 UTC); returns its row. Operations
    /// data, not the record: no citation, no audit entry.
    pub fn start_bill_poll(&mut self, case_id: Option<i64>, started_at: &str) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO bill_polls (case_id, started_at) VALUES (?1, ?2)",
            params![case_id, started_at],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Notes how the poll of row `id` ended.
    pub fn finish_bill_poll(&mut self, id: i64, end: &BillPollEnd<'_>) -> Result<()> {
        self.conn.execute(
            "UPDATE bill_polls SET finished_at = ?2, requests = ?3, bills = ?4, failed = ?5, stopped = ?6
             WHERE id = ?1",
            params![
                id,
                end.finished_at,
                end.requests,
                end.bills as i64,
                end.failed as i64,
                end.stopped
            ],
        )?;
        Ok(())
    }

    /// When the last poll of every case began (RFC 3339 UTC), finished or
    /// not, if one did. A poll of one case does not count.
    pub fn last_bill_poll(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT max(started_at) FROM bill_polls WHERE case_id IS NULL",
                [],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }
}
