//! Dates that keep the precision their source gave: a day, a month, a year,
//! or a range between two of those. Nothing here ever invents a day.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How precisely a source dated something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Year,
    Month,
    Day,
    Range,
}

/// One end of a [`PartialDate`]: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatePoint {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

/// A date with the precision its source gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    Point(DatePoint),
    /// Between two points, both included ("late June 2025").
    Range(DatePoint, DatePoint),
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{text}” is not a date: {why}. Write YYYY, YYYY-MM, YYYY-MM-DD, or two of those joined by “/” for a range")]
pub struct DateError {
    /// The text as given.
    pub text: String,
    /// What was wrong with it.
    pub why: DateProblem,
}

/// What was wrong with a date string. `Display` is the English reason;
/// users get it in their language from the message catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateProblem {
    /// Nothing was given.
    #[error("it is empty")]
    Empty,
    /// The second end of a range is before the first.
    #[error("the range ends before it starts")]
    Backwards,
    /// A part is not all digits, or not of the right length.
    #[error("each part must be digits (4 for the year, 2 for month and day)")]
    Digits,
    /// A part is not a number.
    #[error("a part is not a number")]
    NotNumber,
    /// The month is not 01 to 12.
    #[error("the month must be 01 to 12")]
    Month,
    /// The day does not exist in that month.
    #[error("that day does not exist in that month")]
    NoSuchDay,
    /// More than year, month and day.
    #[error("it has too many parts")]
    TooManyParts,
}

impl DatePoint {
    fn parse(text: &str, whole: &str) -> Result<Self, DateError> {
        let err = |why| DateError {
            text: whole.to_string(),
            why,
        };
        // The first four parts (a fourth is one too many), not collected
        // into a vector: every date read from the store passes through here.
        let mut split = text.split('-');
        let parts = [split.next(), split.next(), split.next(), split.next()];
        let num = |s: &str, len: usize| -> Result<u32, DateError> {
            if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(DateProblem::Digits));
            }
            s.parse().map_err(|_| err(DateProblem::NotNumber))
        };
        match parts {
            [Some(y), None, None, None] => {
                let y = num(y, 4)? as i32;
                Ok(DatePoint::Year(y))
            }
            [Some(y), Some(m), None, None] => {
                let (y, m) = (num(y, 4)? as i32, num(m, 2)?);
                if !(1..=12).contains(&m) {
                    return Err(err(DateProblem::Month));
                }
                Ok(DatePoint::Month(y, m))
            }
            [Some(y), Some(m), Some(d), None] => {
                let (y, m, d) = (num(y, 4)? as i32, num(m, 2)?, num(d, 2)?);
                if !(1..=12).contains(&m) {
                    return Err(err(DateProblem::Month));
                }
                NaiveDate::from_ymd_opt(y, m, d)
                    .map(DatePoint::Day)
                    .ok_or_else(|| err(DateProblem::NoSuchDay))
            }
            _ => Err(err(DateProblem::TooManyParts)),
        }
    }

    /// The first day this point covers.
    pub fn first_day(self) -> NaiveDate {
        match self {
            DatePoint::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).expect("valid year"),
            DatePoint::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1).expect("valid month"),
            DatePoint::Day(d) => d,
        }
    }

    /// The last day this point covers.
    pub fn last_day(self) -> NaiveDate {
        match self {
            DatePoint::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).expect("valid year"),
            DatePoint::Month(y, m) => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                NaiveDate::from_ymd_opt(ny, nm, 1)
                    .expect("valid month")
                    .pred_opt()
                    .expect("not the first day ever")
            }
            DatePoint::Day(d) => d,
        }
    }

    fn precision(self) -> DatePrecision {
        match self {
            DatePoint::Year(_) => DatePrecision::Year,
            DatePoint::Month(..) => DatePrecision::Month,
            DatePoint::Day(_) => DatePrecision::Day,
        }
    }
}

impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatePoint::Year(y) => write!(f, "{y:04}"),
            DatePoint::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            DatePoint::Day(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

impl PartialDate {
    /// A date known to the day.
    pub fn day(date: NaiveDate) -> Self {
        PartialDate::Point(DatePoint::Day(date))
    }

    /// The precision the source gave.
    pub fn precision(&self) -> DatePrecision {
        match self {
            PartialDate::Point(p) => p.precision(),
            PartialDate::Range(..) => DatePrecision::Range,
        }
    }

    /// The earliest day the date can mean.
    pub fn first_day(&self) -> NaiveDate {
        match self {
            PartialDate::Point(p) | PartialDate::Range(p, _) => p.first_day(),
        }
    }

    /// The latest day the date can mean.
    pub fn last_day(&self) -> NaiveDate {
        match self {
            PartialDate::Point(p) | PartialDate::Range(_, p) => p.last_day(),
        }
    }

    /// The exact day, when the source gave one.
    pub fn exact_day(&self) -> Option<NaiveDate> {
        match self {
            PartialDate::Point(DatePoint::Day(d)) => Some(*d),
            _ => None,
        }
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(DateError {
                text: text.to_string(),
                why: DateProblem::Empty,
            });
        }
        match trimmed.split_once('/') {
            None => Ok(PartialDate::Point(DatePoint::parse(trimmed, text)?)),
            Some((a, b)) => {
                let (a, b) = (DatePoint::parse(a, text)?, DatePoint::parse(b, text)?);
                if a.first_day() > b.last_day() {
                    return Err(DateError {
                        text: text.to_string(),
                        why: DateProblem::Backwards,
                    });
                }
                Ok(PartialDate::Range(a, b))
            }
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartialDate::Point(p) => p.fmt(f),
            PartialDate::Range(a, b) => write!(f, "{a}/{b}"),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_precision_and_round_trips() {
        for text in [
            "2025",
            "2025-03",
            "2025-03-14",
            "2025-06-15/2025-06-30",
            "2025-03/2025-04",
        ] {
            let date: PartialDate = text.parse().unwrap();
            assert_eq!(date.to_string(), text);
        }
        assert_eq!(
            "2025-03".parse::<PartialDate>().unwrap().precision(),
            DatePrecision::Month
        );
    }

    #[test]
    fn bounds_cover_the_whole_period() {
        let feb: PartialDate = "2024-02".parse().unwrap();
        assert_eq!(feb.first_day().to_string(), "2024-02-01");
        assert_eq!(feb.last_day().to_string(), "2024-02-29");
        let year: PartialDate = "2025".parse().unwrap();
        assert_eq!(year.last_day().to_string(), "2025-12-31");
        assert_eq!(year.exact_day(), None);
    }

    #[test]
    fn refuses_impossible_and_malformed_dates() {
        for bad in [
            "",
            "2025-02-30",
            "2025-13",
            "25-03-01",
            "2025/03/01",
            "2025-3-1",
            "2025-07-01/2025-06-01",
            "march",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad} was accepted");
        }
    }
}
