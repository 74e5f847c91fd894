//! A bill citation (congress, type, number): how editors may spell it, the
//! Congress in session on a day, and the addresses congress.gov gives it.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// The kinds of measure congress.gov tracks, as its API names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BillType {
    Hr,
    S,
    Hjres,
    Sjres,
    Hconres,
    Sconres,
    Hres,
    Sres,
}

/// Every type with its API code (lower case, as in `/bill/119/hr/4001`),
/// its printed label, and the slug of its public page on congress.gov.
const TYPES: &[(BillType, &str, &str, &str)] = &[
    (BillType::Hr, "hr", "H.R.", "house-bill"),
    (BillType::S, "s", "S.", "senate-bill"),
    (
        BillType::Hjres,
        "hjres",
        "H.J.Res.",
        "house-joint-resolution",
    ),
    (
        BillType::Sjres,
        "sjres",
        "S.J.Res.",
        "senate-joint-resolution",
    ),
    (
        BillType::Hconres,
        "hconres",
        "H.Con.Res.",
        "house-concurrent-resolution",
    ),
    (
        BillType::Sconres,
        "sconres",
        "S.Con.Res.",
        "senate-concurrent-resolution",
    ),
    (BillType::Hres, "hres", "H.Res.", "house-resolution"),
    (BillType::Sres, "sres", "S.Res.", "senate-resolution"),
];

impl BillType {
    fn row(self) -> &'static (BillType, &'static str, &'static str, &'static str) {
        TYPES
            .iter()
            .find(|row| row.0 == self)
            .expect("every type has a row")
    }

    /// The API's code: `hr`, `sjres`…
    pub fn code(self) -> &'static str {
        self.row().1
    }

    /// The printed label: `H.R.`, `S.J.Res.`…
    pub fn label(self) -> &'static str {
        self.row().2
    }

    /// The API's code, in any case (`HR`, `hr`).
    pub fn from_code(code: &str) -> Option<BillType> {
        TYPES
            .iter()
            .find(|row| row.1.eq_ignore_ascii_case(code))
            .map(|row| row.0)
    }
}

/// One bill (or resolution) of one Congress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BillRef {
    pub congress: u32,
    pub kind: BillType,
    pub number: u32,
}

/// The first Congress this code accepts (1789) and the last one it
/// believes in (2233); a number outside is a typo.
const CONGRESSES: std::ops::RangeInclusive<u32> = 1..=223;

/// A bill reference that matches none of the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a bill reference: {text:?}")]
pub struct BillRefError {
    pub text: String,
}

/// A reference as an editor typed it: the bill, and whether the text named
/// its Congress (otherwise the caller supplied it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedBill {
    pub bill: BillRef,
    pub congress_given: bool,
}

impl BillRef {
    /// Reads `H.R. 4001`, `HR 4001`, `hr4001`, `H.R. 4001 (119th)`,
    /// `119-hr-4001` and the same for the other types; `congress` is used
    /// when the text names none.
    pub fn parse(text: &str, congress: u32) -> Result<ParsedBill, BillRefError> {
        let bad = || BillRefError {
            text: text.to_string(),
        };
        let trimmed = text.trim();
        // `119-hr-4001`, the form of congress.gov's own identifiers.
        let parts: Vec<&str> = trimmed.split('-').collect();
        if let [c, kind, number] = parts.as_slice() {
            let congress = whole(c)
                .filter(|c| CONGRESSES.contains(c))
                .ok_or_else(bad)?;
            let bill = bill_of(&format!("{kind}{number}"), congress).ok_or_else(bad)?;
            return Ok(ParsedBill {
                bill,
                congress_given: true,
            });
        }
        // `… (119th)` or `… (119)`.
        let (body, given) = match trimmed.strip_suffix(')').and_then(|t| t.rsplit_once('(')) {
            Some((body, inside)) => {
                let inside = inside.trim().to_ascii_lowercase();
                let digits = ["st", "nd", "rd", "th"]
                    .iter()
                    .find_map(|s| inside.strip_suffix(s))
                    .unwrap_or(&inside);
                let c = whole(digits)
                    .filter(|c| CONGRESSES.contains(c))
                    .ok_or_else(bad)?;
                (body, Some(c))
            }
            None => (trimmed, None),
        };
        let bill = bill_of(body, given.unwrap_or(congress)).ok_or_else(bad)?;
        Ok(ParsedBill {
            bill,
            congress_given: given.is_some(),
        })
    }

    /// `H.R. 4001`.
    pub fn citation(&self) -> String {
        format!("{} {}", self.kind.label(), self.number)
    }

    /// `119-hr-4001`: stable, and what the store keeps.
    pub fn key(&self) -> String {
        format!("{}-{}-{}", self.congress, self.kind.code(), self.number)
    }

    /// The API path of the bill: `/bill/119/hr/4001`.
    pub fn api_path(&self) -> String {
        format!(
            "/bill/{}/{}/{}",
            self.congress,
            self.kind.code(),
            self.number
        )
    }

    /// The bill's public page on congress.gov.
    pub fn public_url(&self) -> String {
        format!(
            "https://www.congress.gov/bill/{}-congress/{}/{}",
            ordinal_en(self.congress),
            self.kind.row().3,
            self.number
        )
    }
}

impl fmt::Display for BillRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

impl FromStr for BillRef {
    type Err = BillRefError;

    /// Reads the stored key, `119-hr-4001`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match BillRef::parse(s, 0)? {
            ParsedBill {
                bill,
                congress_given: true,
            } => Ok(bill),
            _ => Err(BillRefError {
                text: s.to_string(),
            }),
        }
    }
}

/// `hr4001`, `H.R. 4001`, `h.j.res.12` once dots and spaces are gone.
fn bill_of(text: &str, congress: u32) -> Option<BillRef> {
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect::<String>()
        .to_ascii_lowercase();
    let split = squeezed.find(|c: char| c.is_ascii_digit())?;
    let (code, number) = squeezed.split_at(split);
    let kind = BillType::from_code(code)?;
    let number = whole(number).filter(|n| *n > 0)?;
    Some(BillRef {
        congress,
        kind,
        number,
    })
}

/// Digits only (no sign, no spaces), at most nine of them.
fn whole(text: &str) -> Option<u32> {
    let ok = !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten()
}

/// The Congress in session on `day`: the Nth runs from noon on 3 January
/// of 1789 + 2(N−1) to 3 January two years later, so a day-only date of
/// 3 January of an odd year counts for the new one (2025-01-03 is the 119th).
pub fn congress_on(day: NaiveDate) -> u32 {
    let year = day.year();
    let started_this_year = day.month() > 1 || day.day() >= 3;
    let start_year = match (year - 1789).rem_euclid(2) {
        0 if started_this_year => year,
        0 => year - 2,
        _ => year - 1,
    };
    ((start_year - 1789) / 2 + 1).max(1) as u32
}

/// `119th`, `101st`, `112th`: the ordinal in English, as congress.gov's
/// addresses and English replies write it.
pub fn ordinal_en(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hr4001() -> BillRef {
        BillRef {
            congress: 119,
            kind: BillType::Hr,
            number: 4001,
        }
    }

    #[test]
    fn the_usual_spellings_read_the_same_bill() {
        for (text, given) in [
            ("H.R. 4001", false),
            ("HR 4001", false),
            ("hr4001", false),
            (" H. R. 4001 ", false),
            ("H.R. 4001 (119th)", true),
            ("H.R.4001 (119)", true),
            ("119-hr-4001", true),
            ("119-HR-4001", true),
        ] {
            let parsed = BillRef::parse(text, if given { 1 } else { 119 }).unwrap();
            assert_eq!(parsed.bill, hr4001(), "{text}");
            assert_eq!(parsed.congress_given, given, "{text}");
        }
    }

    #[test]
    fn every_type_reads_from_its_label_and_code() {
        for (kind, code, label, _) in TYPES {
            for text in [
                format!("{label} 12"),
                format!("{code}12"),
                format!("118-{code}-12"),
            ] {
                let bill = BillRef::parse(&text, 118).unwrap().bill;
                assert_eq!(
                    (bill.kind, bill.number, bill.congress),
                    (*kind, 12, 118),
                    "{text}"
                );
            }
        }
        assert_eq!(BillRef::parse("S. 5", 119).unwrap().bill.kind, BillType::S);
        assert_eq!(
            BillRef::parse("H.Con.Res. 3", 119).unwrap().bill.kind,
            BillType::Hconres
        );
    }

    #[test]
    fn other_text_is_refused() {
        for bad in [
            "",
            "4001",
            "H.R.",
            "HB 4001",
            "H.R. 0",
            "H.R. -4",
            "H.R. 4001 (0th)",
            "H.R. 4001 (999th)",
            "H.R. 4001 (119th",
            "hr-4001",
            "119-hr-",
            "119-xx-1",
            "H.R. 4001a",
            "H.R. 12345678901",
        ] {
            assert!(BillRef::parse(bad, 119).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn addresses_and_labels() {
        let bill = hr4001();
        assert_eq!(bill.citation(), "H.R. 4001");
        assert_eq!(bill.key(), "119-hr-4001");
        assert_eq!(bill.key().parse::<BillRef>().unwrap(), bill);
        assert_eq!(bill.api_path(), "/bill/119/hr/4001");
        assert_eq!(
            bill.public_url(),
            "https://www.congress.gov/bill/119th-congress/house-bill/4001"
        );
        let sjres = BillRef::parse("S.J.Res. 7 (101st)", 0).unwrap().bill;
        assert_eq!(
            sjres.public_url(),
            "https://www.congress.gov/bill/101st-congress/senate-joint-resolution/7"
        );
    }

    #[test]
    fn the_congress_in_session() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(congress_on(day(1789, 3, 4)), 1);
        assert_eq!(congress_on(day(2025, 1, 2)), 118);
        assert_eq!(congress_on(day(2025, 1, 3)), 119);
        assert_eq!(congress_on(day(2026, 12, 31)), 119);
        assert_eq!(congress_on(day(2027, 1, 2)), 119);
        assert_eq!(congress_on(day(2027, 1, 3)), 120);
        assert_eq!(congress_on(day(2024, 6, 1)), 118);
    }

    #[test]
    fn english_ordinals() {
        for (n, text) in [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (11, "11th"),
            (112, "112th"),
            (101, "101st"),
            (119, "119th"),
            (122, "122nd"),
        ] {
            assert_eq!(ordinal_en(n), text);
        }
    }
}
