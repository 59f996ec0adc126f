//! How long one partition of a time-partitioned table spans: a day, a month, a quarter or a year.
//! Periods are read from the bounds the catalog holds, never assumed; arithmetic is on calendar
//! days, so it never depends on a session time zone.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    Month,
    Quarter,
    Year,
}

impl Period {
    pub const ALL: [Period; 4] = [Period::Day, Period::Month, Period::Quarter, Period::Year];

    /// Months in one period (none for a day).
    fn months(self) -> Option<u32> {
        match self {
            Period::Day => None,
            Period::Month => Some(1),
            Period::Quarter => Some(3),
            Period::Year => Some(12),
        }
    }

    /// The first day of the period that holds `d`.
    pub fn floor(self, d: NaiveDate) -> NaiveDate {
        let first = |month: u32| NaiveDate::from_ymd_opt(d.year(), month, 1).expect("valid month");
        match self {
            Period::Day => d,
            Period::Month => first(d.month()),
            Period::Quarter => first((d.month() - 1) / 3 * 3 + 1),
            Period::Year => first(1),
        }
    }

    /// Whether `d` is the first day of a period.
    pub fn is_start(self, d: NaiveDate) -> bool {
        self.floor(d) == d
    }

    /// `n` periods after (or, negative, before) `d`.
    pub fn add(self, d: NaiveDate, n: i64) -> NaiveDate {
        match self.months() {
            None => d + chrono::Duration::days(n),
            Some(m) => {
                let total = u32::try_from(n.unsigned_abs() * u64::from(m)).expect("a sane span");
                if n >= 0 {
                    d.checked_add_months(Months::new(total))
                } else {
                    d.checked_sub_months(Months::new(total))
                }
                .expect("a date within range")
            }
        }
    }

    pub fn next(self, d: NaiveDate) -> NaiveDate {
        self.add(d, 1)
    }

    /// Whole periods from `a` to `b`, when `a` is a period start and `b` lies a whole number of
    /// periods after it.
    pub fn count(self, a: NaiveDate, b: NaiveDate) -> Option<i64> {
        if !self.is_start(a) || b < a {
            return None;
        }
        let n = match self.months() {
            None => (b - a).num_days(),
            Some(m) => {
                let months =
                    (b.year() - a.year()) as i64 * 12 + b.month() as i64 - a.month() as i64;
                months / i64::from(m)
            }
        };
        (self.add(a, n) == b).then_some(n)
    }

    /// The period a partition `[lo, hi)` spans exactly once, if any.
    pub fn of_span(lo: NaiveDate, hi: NaiveDate) -> Option<Period> {
        Period::ALL
            .into_iter()
            .find(|p| p.is_start(lo) && p.next(lo) == hi)
    }

    /// The name of the period starting at `d` as people write it: 20270105, 202701, 2027Q1, 2027.
    pub fn label(self, d: NaiveDate) -> String {
        match self {
            Period::Day => format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()),
            Period::Month => format!("{:04}{:02}", d.year(), d.month()),
            Period::Quarter => format!("{:04}Q{}", d.year(), (d.month() - 1) / 3 + 1),
            Period::Year => format!("{:04}", d.year()),
        }
    }

    /// `1 month`, `12 months`.
    pub fn count_text(self, n: usize) -> String {
        format!("{n} {}{}", self.word(), if n == 1 { "" } else { "s" })
    }

    pub fn word(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn floors_nexts_and_labels() {
        // (period, a day inside, its period's start, the next start, label)
        let cases = [
            (
                Period::Day,
                d(2026, 12, 31),
                d(2026, 12, 31),
                d(2027, 1, 1),
                "20261231",
            ),
            (
                Period::Month,
                d(2026, 12, 15),
                d(2026, 12, 1),
                d(2027, 1, 1),
                "202612",
            ),
            (
                Period::Month,
                d(2028, 2, 29),
                d(2028, 2, 1),
                d(2028, 3, 1),
                "202802",
            ),
            (
                Period::Quarter,
                d(2026, 11, 30),
                d(2026, 10, 1),
                d(2027, 1, 1),
                "2026Q4",
            ),
            (
                Period::Quarter,
                d(2027, 2, 1),
                d(2027, 1, 1),
                d(2027, 4, 1),
                "2027Q1",
            ),
            (
                Period::Year,
                d(2026, 7, 4),
                d(2026, 1, 1),
                d(2027, 1, 1),
                "2026",
            ),
        ];
        for (p, inside, start, next, label) in cases {
            assert_eq!(p.floor(inside), start, "{p:?} floor of {inside}");
            assert_eq!(p.next(start), next, "{p:?} after {start}");
            assert_eq!(p.label(start), label);
            assert!(p.is_start(start));
        }
        assert!(!Period::Quarter.is_start(d(2027, 2, 1)));
        assert_eq!(Period::Month.add(d(2027, 1, 1), -1), d(2026, 12, 1));
    }

    #[test]
    fn periods_are_read_from_spans_and_counted() {
        assert_eq!(
            Period::of_span(d(2026, 12, 31), d(2027, 1, 1)),
            Some(Period::Day)
        );
        assert_eq!(
            Period::of_span(d(2026, 12, 1), d(2027, 1, 1)),
            Some(Period::Month)
        );
        assert_eq!(
            Period::of_span(d(2026, 10, 1), d(2027, 1, 1)),
            Some(Period::Quarter)
        );
        assert_eq!(
            Period::of_span(d(2026, 1, 1), d(2027, 1, 1)),
            Some(Period::Year)
        );
        assert_eq!(
            Period::of_span(d(2026, 11, 1), d(2027, 1, 1)),
            None,
            "two months"
        );
        assert_eq!(
            Period::of_span(d(2026, 2, 1), d(2026, 5, 1)),
            None,
            "not a calendar quarter"
        );
        assert_eq!(Period::Month.count(d(2026, 1, 1), d(2027, 1, 1)), Some(12));
        assert_eq!(Period::Day.count(d(2027, 1, 1), d(2028, 1, 1)), Some(365));
        assert_eq!(Period::Quarter.count(d(2027, 1, 1), d(2027, 2, 1)), None);
    }
}
