//! Digest subscriptions and runs. The state that makes digests exactly-once
//! lives here, in SQLite, never in memory.

use rusqlite::{params, OptionalExtension, Row};

use super::posted::{digest_message_sent, remember_digest_message, DigestMessage, ShownRecords};
use super::{now_utc, Optional, Result, Store, StoreError};

/// One place that gets a daily digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: i64,
    pub platform: String,
    pub place: String,
    pub case_id: i64,
    pub time_of_day: String,
    pub timezone: String,
    pub locale: String,
    pub post_when_empty: bool,
    pub created_by: String,
    pub active: bool,
    pub disabled_reason: Option<String>,
    pub covered_audit_id: i64,
    pub last_local_date: Option<String>,
}

/// One day's digest for one subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestRun {
    pub id: i64,
    pub subscription_id: i64,
    pub local_date: String,
    pub audit_from: i64,
    pub audit_to: i64,
    pub state: String,
    pub parts_total: Option<i64>,
    pub parts_sent: i64,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
    /// 1, then one more each time a failed day is taken up again.
    pub generation: i64,
}

/// One prepared message of a digest run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunPart {
    pub position: i64,
    /// The idempotency key it is sent under, always the same for it.
    pub key: String,
    /// Exactly what the platform is sent.
    pub payload: String,
    pub sent: bool,
}

const SUB_COLUMNS: &str = "id, platform, place, case_id, time_of_day, timezone, locale, post_when_empty, created_by, active, disabled_reason, covered_audit_id, last_local_date";
const RUN_COLUMNS: &str = "id, subscription_id, local_date, audit_from, audit_to, state, parts_total, parts_sent, attempts, next_attempt_at, last_error, generation";

fn subscription_from(r: &Row<'_>) -> rusqlite::Result<Subscription> {
    Ok(Subscription {
        id: r.get(0)?,
        platform: r.get(1)?,
        place: r.get(2)?,
        case_id: r.get(3)?,
        time_of_day: r.get(4)?,
        timezone: r.get(5)?,
        locale: r.get(6)?,
        post_when_empty: r.get(7)?,
        created_by: r.get(8)?,
        active: r.get(9)?,
        disabled_reason: r.get(10)?,
        covered_audit_id: r.get(11)?,
        last_local_date: r.get(12)?,
    })
}

fn run_from(r: &Row<'_>) -> rusqlite::Result<DigestRun> {
    Ok(DigestRun {
        id: r.get(0)?,
        subscription_id: r.get(1)?,
        local_date: r.get(2)?,
        audit_from: r.get(3)?,
        audit_to: r.get(4)?,
        state: r.get(5)?,
        parts_total: r.get(6)?,
        parts_sent: r.get(7)?,
        attempts: r.get(8)?,
        next_attempt_at: r.get(9)?,
        last_error: r.get(10)?,
        generation: r.get(11)?,
    })
}

/// What to subscribe.
#[derive(Debug, Clone)]
pub struct NewSubscription<'a> {
    pub platform: &'a str,
    pub place: &'a str,
    pub case_id: i64,
    pub time_of_day: &'a str,
    pub timezone: &'a str,
    pub locale: &'a str,
    pub post_when_empty: bool,
}

impl Store {
    /// The newest audit entry's id (0 when the log is empty).
    pub fn last_audit_id(&self) -> Result<i64> {
        // Cached: every answer reads it.
        Ok(self
            .conn()
            .prepare_cached("SELECT coalesce(max(id), 0) FROM audit_log")?
            .query_row([], |r| r.get(0))?)
    }

    /// Creates or replaces the subscription of a place. A new one starts
    /// covered up to now: its first digest holds what changes after it.
    pub fn subscribe(&mut self, actor: &str, s: &NewSubscription<'_>) -> Result<Subscription> {
        self.write(actor, |w| {
            let tx = w.tx_ref();
            let high_water: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| r.get(0))?;
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM digest_subscriptions WHERE platform = ?1 AND place = ?2 AND case_id = ?3",
                    params![s.platform, s.place, s.case_id],
                    |r| r.get(0),
                )
                .optional()?;
            let id = match existing {
                Some(id) => {
                    tx.execute(
                        "UPDATE digest_subscriptions SET time_of_day = ?1, timezone = ?2, locale = ?3, post_when_empty = ?4,
                         active = 1, disabled_reason = NULL WHERE id = ?5",
                        params![s.time_of_day, s.timezone, s.locale, s.post_when_empty, id],
                    )?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO digest_subscriptions (platform, place, case_id, time_of_day, timezone, locale, post_when_empty, created_by, created_at, covered_audit_id)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        params![s.platform, s.place, s.case_id, s.time_of_day, s.timezone, s.locale, s.post_when_empty, actor, now_utc(), high_water],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            let after = serde_json::json!({ "platform": s.platform, "place": s.place, "time": s.time_of_day, "timezone": s.timezone, "locale": s.locale, "daily": s.post_when_empty }).to_string();
            w.audit("subscribe", "digest_subscriptions", Some(id), None, Some(after), None)?;
            Ok(id)
        })
        .and_then(|id| self.subscription(id)?.ok_or_else(|| StoreError::NotFound(format!("subscription {id}"))))
    }

    pub fn subscription(&self, id: i64) -> Result<Option<Subscription>> {
        self.conn()
            .query_row(
                &format!("SELECT {SUB_COLUMNS} FROM digest_subscriptions WHERE id = ?1"),
                [id],
                subscription_from,
            )
            .found()
    }

    /// The subscription of a place, active or not.
    pub fn subscription_at(
        &self,
        platform: &str,
        place: &str,
        case_id: i64,
    ) -> Result<Option<Subscription>> {
        self.conn()
            .query_row(
                &format!("SELECT {SUB_COLUMNS} FROM digest_subscriptions WHERE platform = ?1 AND place = ?2 AND case_id = ?3"),
                params![platform, place, case_id],
                subscription_from,
            )
            .found()
    }

    /// Active subscriptions of a platform, oldest first.
    pub fn active_subscriptions(&self, platform: &str) -> Result<Vec<Subscription>> {
        let mut stmt = self.conn().prepare_cached(&format!("SELECT {SUB_COLUMNS} FROM digest_subscriptions WHERE platform = ?1 AND active = 1 ORDER BY id"))?;
        let rows = stmt.query_map([platform], subscription_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stops a subscription, keeping it (and its history) with the reason.
    pub fn disable_subscription(&mut self, id: i64, reason: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE digest_subscriptions SET active = 0, disabled_reason = ?1 WHERE id = ?2",
            params![reason, id],
        )?;
        Ok(())
    }

    /// The unfinished run of a subscription, if a previous process left one.
    pub fn open_run(&self, subscription_id: i64) -> Result<Option<DigestRun>> {
        self.conn()
            .query_row(
                &format!("SELECT {RUN_COLUMNS} FROM digest_runs WHERE subscription_id = ?1 AND state = 'prepared' ORDER BY id LIMIT 1"),
                [subscription_id],
                run_from,
            )
            .found()
    }

    pub fn run(&self, id: i64) -> Result<Option<DigestRun>> {
        self.conn()
            .query_row(
                &format!("SELECT {RUN_COLUMNS} FROM digest_runs WHERE id = ?1"),
                [id],
                run_from,
            )
            .found()
    }

    /// Every run of a subscription, oldest first.
    pub fn runs(&self, subscription_id: i64) -> Result<Vec<DigestRun>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {RUN_COLUMNS} FROM digest_runs WHERE subscription_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([subscription_id], run_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Fixes a day's run and its audit range: from the subscription's
    /// high-water mark to the newest audit entry now.
    pub fn prepare_run(&mut self, subscription_id: i64, local_date: &str) -> Result<DigestRun> {
        let tx = self.conn.transaction()?;
        let from: i64 = tx.query_row(
            "SELECT covered_audit_id FROM digest_subscriptions WHERE id = ?1",
            [subscription_id],
            |r| r.get(0),
        )?;
        let to: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
            r.get(0)
        })?;
        // A day whose run failed (and disabled the subscription) is taken
        // up again when the place subscribes again: the same run, a new
        // generation with its own messages and keys, and the range grown to
        // now. A day that was posted or skipped is never prepared again.
        let failed: Option<i64> = tx
            .query_row(
                "SELECT id FROM digest_runs WHERE subscription_id = ?1 AND local_date = ?2 AND state = 'failed'",
                params![subscription_id, local_date],
                |r| r.get(0),
            )
            .optional()?;
        let id = match failed {
            Some(id) => {
                tx.execute(
                    "UPDATE digest_runs SET state = 'prepared', generation = generation + 1, audit_to = max(audit_to, ?1),
                     parts_total = NULL, parts_sent = 0, attempts = 0, next_attempt_at = NULL, last_error = NULL,
                     finished_at = NULL, prepared_at = ?2 WHERE id = ?3",
                    params![to, now_utc(), id],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO digest_runs (subscription_id, local_date, audit_from, audit_to, prepared_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![subscription_id, local_date, from, to.max(from), now_utc()],
                )?;
                tx.last_insert_rowid()
            }
        };
        tx.commit()?;
        self.run(id)?
            .ok_or_else(|| StoreError::NotFound(format!("digest run {id}")))
    }

    /// The prepared messages of a run's current generation, in order.
    pub fn run_parts(&self, run: &DigestRun) -> Result<Vec<RunPart>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT position, key, payload, sent_at IS NOT NULL FROM digest_run_parts
             WHERE run_id = ?1 AND generation = ?2 ORDER BY position",
        )?;
        let rows = stmt.query_map(params![run.id, run.generation], |r| {
            Ok(RunPart {
                position: r.get(0)?,
                key: r.get(1)?,
                payload: r.get(2)?,
                sent: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores a run's messages (key and payload each) once, before the
    /// first is sent; a second call keeps the first messages. A message
    /// with what it shows is remembered too, so a later correction of
    /// those records can reach it.
    pub fn store_run_parts(
        &mut self,
        run: &DigestRun,
        sub: &Subscription,
        parts: &[(String, String, Option<ShownRecords>)],
    ) -> Result<Vec<RunPart>> {
        let tx = self.conn.transaction()?;
        let stored: i64 = tx.query_row(
            "SELECT count(*) FROM digest_run_parts WHERE run_id = ?1 AND generation = ?2",
            params![run.id, run.generation],
            |r| r.get(0),
        )?;
        if stored == 0 {
            for (position, (key, payload, shown)) in parts.iter().enumerate() {
                tx.execute(
                    "INSERT INTO digest_run_parts (run_id, generation, position, key, payload) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![run.id, run.generation, position as i64, key, payload],
                )?;
                if let Some(shown) = shown {
                    let at = DigestMessage {
                        platform: &sub.platform,
                        place: &sub.place,
                        case_id: sub.case_id,
                        locale: &sub.locale,
                        run_id: run.id,
                        generation: run.generation,
                        position: position as i64,
                        // The text is built from the store after the run's
                        // range was fixed: a correction after `audit_to`
                        // may already be in it, and is then shown twice
                        // rather than missed.
                        shown_audit_id: run.audit_to,
                    };
                    remember_digest_message(&tx, &at, shown)?;
                }
            }
            tx.execute(
                "UPDATE digest_runs SET parts_total = ?1 WHERE id = ?2",
                params![parts.len() as i64, run.id],
            )?;
        }
        tx.commit()?;
        self.run_parts(run)
    }

    /// Records that message `part` (0-based) went out, with the platform's
    /// id of it when the platform gave one.
    pub fn record_part_sent(
        &mut self,
        run: &DigestRun,
        part: i64,
        message_ref: Option<&str>,
    ) -> Result<()> {
        let now = now_utc();
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE digest_run_parts SET sent_at = ?1 WHERE run_id = ?2 AND generation = ?3 AND position = ?4 AND sent_at IS NULL",
            params![now, run.id, run.generation, part],
        )?;
        tx.execute("UPDATE digest_runs SET parts_sent = max(parts_sent, ?1 + 1), last_error = NULL WHERE id = ?2", params![part, run.id])?;
        if let Some(message_ref) = message_ref {
            digest_message_sent(&tx, run.id, run.generation, part, message_ref, &now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records a failed attempt and when to try again.
    pub fn record_run_failure(
        &mut self,
        run_id: i64,
        error: &str,
        retry_at: Option<&str>,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE digest_runs SET attempts = attempts + 1, last_error = ?1, next_attempt_at = ?2,
             state = CASE WHEN ?2 IS NULL THEN 'failed' ELSE state END, finished_at = CASE WHEN ?2 IS NULL THEN ?3 ELSE NULL END WHERE id = ?4",
            params![error, retry_at, now_utc(), run_id],
        )?;
        Ok(())
    }

    /// Closes a run and moves the subscription's high-water mark to the
    /// end of its range, in one transaction: after this, its changes are
    /// never in another digest of this subscription.
    pub fn finish_run(&mut self, run_id: i64, posted: bool) -> Result<()> {
        let tx = self.conn.transaction()?;
        let (sub, date, to): (i64, String, i64) = tx.query_row(
            "SELECT subscription_id, local_date, audit_to FROM digest_runs WHERE id = ?1",
            [run_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        tx.execute(
            "UPDATE digest_runs SET state = ?1, finished_at = ?2 WHERE id = ?3 AND state = 'prepared'",
            params![if posted { "sent" } else { "empty" }, now_utc(), run_id],
        )?;
        tx.execute(
            "UPDATE digest_subscriptions SET covered_audit_id = max(covered_audit_id, ?1), last_local_date = ?2 WHERE id = ?3",
            params![to, date, sub],
        )?;
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// The newest audit entry written before `at` (an RFC 3339 UTC time).
    pub fn audit_id_before(&self, at: &str) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT coalesce(max(id), 0) FROM audit_log WHERE at < ?1",
            [at],
            |r| r.get(0),
        )?)
    }
}
