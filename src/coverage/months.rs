//! The report's coverage picture: for each month of the closing and the new year, how a table's
//! days are held — by partitions that existed, by the ones this run adds, only by a catch-all
//! (DEFAULT / MAXVALUE / far-future tail), or not at all. One letter per month, 24 per table, so
//! 2,000 tables cost 48 KB of journal.

use super::{classify, ranges, Target, Verdict};
use crate::model::catalog::Table;
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

/// The 24 cells (closing year January … new year December), or None for a table whose
/// partitions are not readable as days (not range-partitioned, hash, list, unread bounds).
pub fn cells(table: &Table, t: &Target, verdict: &Verdict) -> Option<String> {
    let shape = classify(table, t).ok()?;
    let existed: Vec<(NaiveDate, NaiveDate)> = ranges(&shape, t)
        .ok()?
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
    let mut out = String::with_capacity(24);
    for year in [t.year - 1, t.year] {
        for month in 1..=12 {
            let start = NaiveDate::from_ymd_opt(year, month, 1)?;
            let end = start.checked_add_months(chrono::Months::new(1))?;
            let days = (end - start).num_days();
            let old = held(&existed, start, end);
            let new = held(&added, start, end);
            out.push(if old >= days {
                EXISTED
            } else if old + new >= days {
                ADDED
            } else if shape.tail.is_some() {
                CATCH_ALL
            } else {
                MISSING
            });
        }
    }
    Some(out)
}

/// The cells once the step decided: a table blocked after analysis gets none of its additions.
pub fn blocked(cells: &str) -> String {
    cells
        .chars()
        .map(|c| if c == ADDED { BLOCKED } else { c })
        .collect()
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
