//! The report's coverage picture: for each month of the closing and the new year, how a table's
//! days are held — by partitions that existed, by the ones this run adds, only by a catch-all
//! (DEFAULT / MAXVALUE / far-future tail), or not at all. One letter per month, 24 per table, so
//! 2,000 tables cost 48 KB of journal.

use super::{Range, Shape, Target, Verdict};
use chrono::NaiveDate;

/// Every day of the month held by partitions that existed before this run.
pub const EXISTED: char = 'E';
/// Every day held once this run's new partitions exist (some or all of them new).
pub const ADDED: char = 'A';
/// Days not held by any finite partition: rows go to the catch-all partition.
pub const CATCH_ALL: char = 'T';
/// Days no partition holds: an insert fails.
pub const MISSING: char = 'M';
/// Days that would be added, but the table is blocked.
pub const BLOCKED: char = 'B';

/// A table's coverage picture: one letter per month and, for a daily table or one with months
/// partly held, how many days each month has before and after this run.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthCells {
    pub cells: String,
    /// (days held before the run, days this run adds) per month; empty when every month is
    /// held whole or not at all and the table is not daily.
    pub days: Vec<(u8, u8)>,
}

/// The 24 cells (closing year January … new year December) of a table whose partitions read as
/// days (`analyze_pictured` gives none for hash, list or unread bounds).
pub(super) fn cells(
    shape: &Shape,
    ranges: &[Range],
    t: &Target,
    verdict: &Verdict,
) -> Option<MonthCells> {
    let existed: Vec<(NaiveDate, NaiveDate)> = ranges
        .iter()
        .map(|r| (r.lo.unwrap_or(NaiveDate::MIN), r.hi))
        .collect();
    let added: Vec<(NaiveDate, NaiveDate)> = match verdict {
        Verdict::Extend(e) => e
            .new
            .iter()
            .filter_map(|p| Some((p.start, e.key.decode(&p.upper)?)))
            .collect(),
        _ => Vec::new(),
    };
    let daily = existed
        .iter()
        .chain(&added)
        .any(|(lo, hi)| (*hi - *lo).num_days() == 1);
    let mut out = String::with_capacity(24);
    let mut days = Vec::with_capacity(24);
    let mut partial = false;
    for year in [t.year - 1, t.year] {
        for month in 1..=12 {
            let start = NaiveDate::from_ymd_opt(year, month, 1)?;
            let total = days_in(year, month);
            let end = start + chrono::Duration::days(total);
            let old = held(&existed, start, end).min(total);
            let new = held(&added, start, end).min(total - old);
            partial |= (old + new) > 0 && (old + new) < total;
            days.push((old as u8, new as u8));
            out.push(if old >= total {
                EXISTED
            } else if old + new >= total {
                ADDED
            } else if shape.tail.is_some() {
                CATCH_ALL
            } else {
                MISSING
            });
        }
    }
    if !(daily || partial) {
        days.clear();
    }
    Some(MonthCells { cells: out, days })
}

/// The cells once the step decided: a table blocked after analysis gets none of its additions.
pub fn blocked(m: &MonthCells) -> MonthCells {
    MonthCells {
        cells: m
            .cells
            .chars()
            .map(|c| if c == ADDED { BLOCKED } else { c })
            .collect(),
        days: m.days.iter().map(|(old, _)| (*old, 0)).collect(),
    }
}

/// Days of [start, end) inside any of the ranges (the ranges do not overlap).
fn held(ranges: &[(NaiveDate, NaiveDate)], start: NaiveDate, end: NaiveDate) -> i64 {
    ranges
        .iter()
        .map(|(lo, hi)| {
            let (a, b) = ((*lo).max(start), (*hi).min(end));
            (b - a).num_days().max(0)
        })
        .sum()
}

/// Days in a month of the calendar (the report's tooltips say "n/total 天").
pub fn days_in(year: i32, month: u32) -> i64 {
    let start = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let next = start
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(start);
    (next - start).num_days()
}
