//! When a subscription's digest is due: a local time of day in an IANA
//! time zone, correct across daylight-saving changes. Pure functions of an
//! injected clock, so tests can walk across days and DST transitions.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::core::i18n::Locale;
use crate::core::messages::digest::DigestMsg;

/// Where "now" comes from. The bot uses [`SystemClock`]; tests move a
/// [`ManualClock`] by hand.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The real clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to.
pub struct ManualClock(std::sync::Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        ManualClock(std::sync::Mutex::new(at))
    }
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().expect("clock lock") = at;
    }
    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().expect("clock lock");
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock lock")
    }
}

/// A daily local posting time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub time: NaiveTime,
    pub tz: Tz,
}

/// Whether a digest should go out now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Post the digest for this local date now.
    Post(NaiveDate),
    /// Nothing to do until then.
    NotYet(DateTime<Utc>),
}

/// Why a posting time or time zone was refused. `Display` is the English
/// sentence; users get [`ScheduleError::message`] in their language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    /// Not a 24-hour `HH:MM` time of day.
    BadTime(String),
    /// Not an IANA time zone name.
    BadZone(String),
}

impl ScheduleError {
    /// The sentence as a catalogue message.
    pub fn message(&self) -> DigestMsg {
        match self {
            ScheduleError::BadTime(text) => DigestMsg::BadTime { text: text.clone() },
            ScheduleError::BadZone(text) => DigestMsg::BadZone { text: text.clone() },
        }
    }
}

impl std::fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().say(Locale::En))
    }
}

impl std::error::Error for ScheduleError {}

impl Schedule {
    /// Reads `08:00` and `America/Los_Angeles`, naming what is wrong.
    pub fn parse(time: &str, tz: &str) -> Result<Self, ScheduleError> {
        let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
            .map_err(|_| ScheduleError::BadTime(time.to_string()))?;
        let tz: Tz = tz
            .trim()
            .parse()
            .map_err(|_| ScheduleError::BadZone(tz.to_string()))?;
        Ok(Schedule { time, tz })
    }

    /// The instant of the posting on a local date. A time skipped by a
    /// spring-forward change moves to the first minute that exists after
    /// it; a time repeated by a fall-back change is taken the first time.
    pub fn instant_on(&self, date: NaiveDate) -> DateTime<Utc> {
        let mut local = date.and_time(self.time);
        for _ in 0..=24 * 60 {
            match self.tz.from_local_datetime(&local) {
                LocalResult::Single(t) => return t.with_timezone(&Utc),
                LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
                LocalResult::None => local += Duration::minutes(1),
            }
        }
        unreachable!("no time zone skips a whole day of minutes")
    }

    /// The local calendar date at an instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// Whether a digest is due at `now`, given the local date of the last
    /// one posted. A digest missed by more than `catch_up` is not posted
    /// late: its changes fold into the next day's.
    pub fn due(
        &self,
        last_posted: Option<NaiveDate>,
        now: DateTime<Utc>,
        catch_up: Duration,
    ) -> Due {
        let today = self.local_date(now);
        let scheduled = self.instant_on(today);
        let tomorrow = self.instant_on(today.succ_opt().expect("a date after today"));
        if last_posted.is_some_and(|d| d >= today) {
            return Due::NotYet(tomorrow);
        }
        if now < scheduled {
            return Due::NotYet(scheduled);
        }
        if now - scheduled <= catch_up {
            Due::Post(today)
        } else {
            Due::NotYet(tomorrow)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn posting_instants_follow_daylight_saving_both_ways() {
        let la = Schedule::parse("08:00", "America/Los_Angeles").unwrap();
        // PST is UTC-8, PDT UTC-7. DST began 2026-03-08 and ended 2026-11-01.
        assert_eq!(
            la.instant_on(day("2026-03-07")),
            utc("2026-03-07T16:00:00Z")
        );
        assert_eq!(
            la.instant_on(day("2026-03-08")),
            utc("2026-03-08T15:00:00Z")
        );
        assert_eq!(
            la.instant_on(day("2026-10-31")),
            utc("2026-10-31T15:00:00Z")
        );
        assert_eq!(
            la.instant_on(day("2026-11-01")),
            utc("2026-11-01T16:00:00Z")
        );
    }

    #[test]
    fn a_skipped_local_time_moves_forward_and_a_repeated_one_is_taken_once() {
        let skipped = Schedule::parse("02:30", "America/Los_Angeles").unwrap();
        // 02:30 does not exist on 2026-03-08: the clocks jump to 03:00 PDT.
        assert_eq!(
            skipped.instant_on(day("2026-03-08")),
            utc("2026-03-08T10:00:00Z")
        );
        let repeated = Schedule::parse("01:30", "America/Los_Angeles").unwrap();
        // 01:30 happens twice on 2026-11-01; the first is PDT (UTC-7).
        assert_eq!(
            repeated.instant_on(day("2026-11-01")),
            utc("2026-11-01T08:30:00Z")
        );
        let madrid = Schedule::parse("02:30", "Europe/Madrid").unwrap();
        assert_eq!(
            madrid.instant_on(day("2026-03-29")),
            utc("2026-03-29T01:00:00Z")
        );
    }

    #[test]
    fn non_hour_offsets_are_exact() {
        let kathmandu = Schedule::parse("08:00", "Asia/Kathmandu").unwrap();
        assert_eq!(
            kathmandu.instant_on(day("2026-06-01")),
            utc("2026-06-01T02:15:00Z")
        );
        let kolkata = Schedule::parse("08:00", "Asia/Kolkata").unwrap();
        assert_eq!(
            kolkata.instant_on(day("2026-06-01")),
            utc("2026-06-01T02:30:00Z")
        );
        // Local date differs from UTC date around midnight.
        assert_eq!(
            kathmandu.local_date(utc("2026-06-01T20:00:00Z")),
            day("2026-06-02")
        );
    }

    #[test]
    fn due_once_per_local_day_with_a_catch_up_window() {
        let s = Schedule::parse("08:00", "Europe/Madrid").unwrap();
        let window = Duration::hours(6);
        // Before the time: not yet, and says when.
        assert_eq!(
            s.due(None, utc("2026-06-01T05:00:00Z"), window),
            Due::NotYet(utc("2026-06-01T06:00:00Z"))
        );
        // At the time: due for that local date.
        assert_eq!(
            s.due(Some(day("2026-05-31")), utc("2026-06-01T06:00:00Z"), window),
            Due::Post(day("2026-06-01"))
        );
        // Already posted today: the next one is tomorrow.
        assert_eq!(
            s.due(Some(day("2026-06-01")), utc("2026-06-01T07:00:00Z"), window),
            Due::NotYet(utc("2026-06-02T06:00:00Z"))
        );
        // Down at the time, back within the window: posted late, once.
        assert_eq!(
            s.due(Some(day("2026-05-31")), utc("2026-06-01T11:59:00Z"), window),
            Due::Post(day("2026-06-01"))
        );
        // Back after the window: folded into tomorrow's digest.
        assert_eq!(
            s.due(Some(day("2026-05-31")), utc("2026-06-01T12:01:00Z"), window),
            Due::NotYet(utc("2026-06-02T06:00:00Z"))
        );
    }

    #[test]
    fn walking_a_year_posts_exactly_once_per_local_day() {
        let s = Schedule::parse("08:00", "America/Los_Angeles").unwrap();
        let clock = ManualClock::new(utc("2026-01-01T00:00:00Z"));
        let mut last = None;
        let mut posts = Vec::new();
        while clock.now() < utc("2027-01-01T00:00:00Z") {
            match s.due(last, clock.now(), Duration::hours(2)) {
                Due::Post(date) => {
                    posts.push((date, clock.now()));
                    last = Some(date);
                    clock.advance(Duration::minutes(1));
                }
                Due::NotYet(at) => clock.set(at),
            }
        }
        assert_eq!(posts.len(), 365);
        for (date, at) in &posts {
            assert_eq!(*at, s.instant_on(*date), "{date} posted at {at}");
            let local = at.with_timezone(&s.tz);
            assert_eq!(local.format("%H:%M").to_string(), "08:00");
        }
    }

    #[test]
    fn bad_times_and_zones_are_named() {
        assert!(Schedule::parse("25:00", "UTC")
            .unwrap_err()
            .to_string()
            .contains("HH:MM"));
        assert!(Schedule::parse("8am", "UTC")
            .unwrap_err()
            .to_string()
            .contains("“8am”"));
        assert!(Schedule::parse("08:00", "Mars/Olympus")
            .unwrap_err()
            .to_string()
            .contains("IANA"));
        assert!(Schedule::parse("8am", "UTC")
            .unwrap_err()
            .message()
            .say(Locale::Es)
            .contains("«8am» no es una hora del día"));
    }
}
