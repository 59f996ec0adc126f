//! A time-partitioned table's period, its catch-all tail if any, and the partitions that take it
//! through December of the new year: named after the last one, bounded by the codec, carrying
//! what their siblings carry.

use super::{blocked, review, Extension, Gaps, NewPartition, Range, Shape, Target, Verdict};
use crate::coverage::carry::{self, Carry};
use crate::model::catalog::{Partition, Table};
use crate::model::dialect::Dialect;
use crate::model::key_codec::KeyCodec;
use crate::model::period::Period;
use crate::msg;
use chrono::{Datelike, NaiveDate};

/// The period of the table and, when its last partition spans far more (… TO 2100-01-01), the
/// index of that catch-all.
fn period_of(ranges: &[Range]) -> Result<(Period, Option<usize>), String> {
    let n = ranges.len();
    let last = &ranges[n - 1];
    let Some(lo) = last.lo else {
        return period_from_name(&last.name, last.hi)
            .map(|p| (p, None))
            .ok_or_else(|| msg!("cov-single-upper-only", partition = last.name.clone()).render());
    };
    if let Some(p) = Period::of_span(lo, last.hi) {
        return Ok((p, None));
    }
    let prev = n.checked_sub(2).map(|i| &ranges[i]);
    let prev_period = prev.and_then(|r| match r.lo {
        Some(l) => Period::of_span(l, r.hi),
        None => period_from_name(&r.name, r.hi),
    });
    if let Some(p) = prev_period {
        if p.is_start(lo) && p.add(lo, 3) < last.hi {
            return Ok((p, Some(n - 1)));
        }
    }
    Err(msg!(
        "cov-odd-span",
        partition = last.name.clone(),
        from = lo.to_string(),
        to = last.hi.to_string()
    )
    .render())
}

/// The period a partition with only an upper bound has, read from its name (p202612 ending at
/// 2027-01-01 is a month): the one period whose start the name spells.
fn period_from_name(name: &str, hi: NaiveDate) -> Option<Period> {
    Period::ALL.into_iter().find(|p| {
        let start = p.add(hi, -1);
        p.is_start(start)
            && name_forms(*p, start)
                .iter()
                .any(|f| name.contains(f.as_str()))
    })
}

/// How partition names spell the start of a period.
fn name_forms(p: Period, d: NaiveDate) -> Vec<String> {
    let (y, m, day) = (d.year(), d.month(), d.day());
    let q = (m - 1) / 3 + 1;
    match p {
        Period::Day => vec![
            format!("{y:04}{m:02}{day:02}"),
            format!("{y:04}_{m:02}_{day:02}"),
        ],
        Period::Month => vec![
            format!("{y:04}{m:02}{day:02}"),
            format!("{y:04}{m:02}"),
            format!("{y:04}_{m:02}"),
        ],
        Period::Quarter => vec![
            format!("{y:04}Q{q}"),
            format!("{y:04}q{q}"),
            format!("{y:04}_Q{q}"),
            format!("{y:04}_q{q}"),
            format!("{y:04}{m:02}"),
        ],
        Period::Year => vec![format!("{y:04}")],
    }
}

/// The name for a new period, following the last partition's own pattern (P202612 → P202701):
/// the spelling of its start (or of its end, for names after the upper bound) replaced.
pub(super) fn derive_name(last: &Range, period: Period, start: NaiveDate) -> Option<String> {
    let lo = last.lo?;
    for (old_day, new_day) in [(lo, start), (last.hi, period.next(start))] {
        let pairs = name_forms(period, old_day)
            .into_iter()
            .zip(name_forms(period, new_day));
        for (old, new) in pairs {
            if let Some(at) = last.name.rfind(&old) {
                return Some(format!(
                    "{}{new}{}",
                    &last.name[..at],
                    &last.name[at + old.len()..]
                ));
            }
        }
    }
    None
}

/// Period starts from `from` (inclusive) to `to` (exclusive).
fn starts(period: Period, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    std::iter::successors(Some(period.floor(from)), move |d| Some(period.next(*d)))
        .skip_while(move |d| *d < from)
        .take_while(move |d| *d < to)
}

/// The periods missing through December of the new year, and the partitions that add them.
/// Periods no partition holds, from the closing year (or the table's first partition) to its last
/// partition: those of the new year, then those of the closing year. A hole in the new year is an
/// outage on the day it starts, whatever fill_gaps says: it is added like the months after the last
/// partition. Holes in the closing year are history and filled only on request.
fn holes(
    ranges: &[Range],
    period: Period,
    year: i32,
    first_day: NaiveDate,
    max_upper: NaiveDate,
) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
    let closing_start = NaiveDate::from_ymd_opt(year - 1, 1, 1).expect("valid year");
    let new_year_start = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let in_range = |d: NaiveDate| {
        ranges
            .iter()
            .any(|r| r.lo.is_none_or(|lo| lo <= d) && d < r.hi)
    };
    starts(period, closing_start.max(first_day), max_upper)
        .filter(|d| !in_range(*d))
        .partition(|d| *d >= new_year_start)
}

pub(super) fn extend(table: &Table, t: &Target, shape: &Shape, ranges: &[Range]) -> Verdict {
    let target_end = NaiveDate::from_ymd_opt(t.year + 1, 1, 1).expect("valid year");
    let (period, catch_all) = match period_of(ranges) {
        Ok(p) => p,
        Err(why) => {
            let covered = ranges.iter().map(|r| r.hi).max() >= Some(target_end);
            return review(why, covered);
        }
    };
    let regular = match catch_all {
        Some(i) => &ranges[..i],
        None => ranges,
    };
    let mut last = regular
        .iter()
        .max_by_key(|r| r.hi)
        .expect("a regular partition");
    let fixed;
    if last.lo.is_none() {
        // An upper bound only: the period read from the name gives its start.
        fixed = Range {
            name: last.name.clone(),
            lo: Some(period.add(last.hi, -1)),
            hi: last.hi,
        };
        last = &fixed;
    }
    if let (Some(i), Dialect::Postgres) = (catch_all, t.dialect) {
        return pg_catch_all(table, t, &ranges[i], period, target_end);
    }
    let max_upper = last.hi;
    let first_day = ranges
        .iter()
        .filter_map(|r| r.lo)
        .min()
        .unwrap_or(max_upper);
    let (new_year_holes, gap_days) = holes(ranges, period, t.year, first_day, max_upper);
    let mut days: Vec<NaiveDate> = new_year_holes
        .into_iter()
        .chain(starts(period, max_upper, target_end))
        .collect();
    let covered = days.is_empty();
    let mut gaps = Gaps {
        labels: gap_days.iter().map(|d| period.label(*d)).collect(),
        key: Some(shape.key),
        fillers: Vec::new(),
    };
    if gap_days.is_empty() {
        gaps = Gaps::default();
    } else if t.fill_gaps {
        days.splice(0..0, gap_days.iter().copied());
        gaps = Gaps::default();
    } else {
        for d in &gap_days {
            match new_partition(table, t, (shape.key, period), (ranges, last), *d, covered) {
                Ok(p) => gaps.fillers.push(p),
                Err(_) => break,
            }
        }
    }
    if days.is_empty() {
        return Verdict::Covered { gaps };
    }
    let carry = match carried(table, t, ranges, last) {
        Ok(c) => c,
        Err(why) => return review(why, covered),
    };
    let make = |start| {
        new_partition(
            table,
            t,
            (shape.key, period),
            (ranges, last),
            start,
            covered,
        )
    };
    let mut new = match days.into_iter().map(make).collect::<Result<Vec<_>, _>>() {
        Ok(new) => new,
        Err(verdict) => return verdict,
    };
    let (tail, tail_upper) = match catch_all {
        Some(i) => {
            let p = shape.finite.iter().find(|p| p.name == ranges[i].name);
            (Some(ranges[i].name.clone()), p.map(|p| p.upper.clone()))
        }
        None => (shape.tail.map(|p| p.name.clone()), None),
    };
    if t.dialect == Dialect::Oracle {
        place_segments(table, t, last, tail.as_deref(), &mut new);
    }
    if t.dialect == Dialect::Mysql {
        if let Some(verdict) = tail_decides_directory(table, tail.as_deref(), &new, covered) {
            return verdict;
        }
    }
    Verdict::Extend(Box::new(Extension {
        key: shape.key,
        period,
        key_column: shape.key_column.to_string(),
        new,
        tail,
        tail_upper,
        gaps,
        carry,
        attributes: Vec::new(),
    }))
}

/// MariaDB 10.11 builds every partition a REORGANIZE makes in the reorganized partition's DATA
/// DIRECTORY, whatever the statement says (measured: `tests/it/shapes_mariadb.rs`). New
/// partitions whose siblings live elsewhere cannot be placed by it: the table is named for review,
/// never extended into the wrong directory.
fn tail_decides_directory(
    table: &Table,
    tail: Option<&str>,
    new: &[NewPartition],
    covered: bool,
) -> Option<Verdict> {
    let tail = tail?;
    let home = table
        .partitions
        .iter()
        .find(|p| p.name == tail)
        .and_then(|p| p.tablespace.clone());
    let away: Vec<&NewPartition> = new.iter().filter(|p| p.tablespace != home).collect();
    let first = away.first()?;
    let shown = |d: &Option<String>| {
        d.clone()
            .unwrap_or_else(|| msg!("dir-server-default").render())
    };
    Some(review(
        msg!(
            "cov-reorganize-directory",
            tail = tail.to_string(),
            tail_dir = shown(&home),
            count = away.len(),
            first = first.name.clone(),
            want = shown(&first.tablespace)
        )
        .render(),
        covered,
    ))
}

/// Oracle: each new partition's local index partitions and LOB segments, after the model
/// partition's (the newest finite one).
fn place_segments(
    table: &Table,
    t: &Target,
    last: &Range,
    tail: Option<&str>,
    new: &mut [NewPartition],
) {
    let position = |name: &str| {
        table
            .partitions
            .iter()
            .position(|p| p.name == name)
            .map(|i| i as u32 + 1)
    };
    let Some(model) = position(&last.name) else {
        return;
    };
    let tail = tail.and_then(position);
    let model_year = last.lo.map(|d| d.year());
    for p in new.iter_mut() {
        p.segments = super::segments::placed(
            table,
            model,
            tail,
            model_year,
            p.start.year(),
            t.tablespaces,
        );
        p.subparts = super::segments::subparts(
            table,
            &last.name,
            &p.name,
            model_year,
            p.start.year(),
            t.tablespaces,
        );
    }
}

/// What new PostgreSQL children carry (MySQL and Oracle partitions are not tables of their own),
/// with each index's next-year tablespace where one exists.
fn carried(table: &Table, t: &Target, ranges: &[Range], last: &Range) -> Result<Carry, String> {
    if t.dialect != Dialect::Postgres {
        return Ok(Carry::default());
    }
    let ordered: Vec<&Partition> = ranges
        .iter()
        .filter_map(|r| table.partitions.iter().find(|p| p.name == r.name))
        .collect();
    let mut c = carry::of(table, &ordered)?;
    if c.owner.as_deref() == t.connected_as {
        c.owner = None;
    }
    if table.template.is_none() {
        c.model_year = last.lo.map(|d| d.year());
    }
    if let Some(model_year) = c.model_year {
        let (from, to) = (model_year.to_string(), t.year.to_string());
        for m in c
            .indexes
            .iter_mut()
            .filter(|m| m.tablespace.contains(&from))
        {
            let next = m.tablespace.replacen(&from, &to, 1);
            m.next_year_tablespace = t
                .tablespaces
                .iter()
                .find(|x| x.eq_ignore_ascii_case(&next))
                .cloned();
        }
    }
    Ok(c)
}

/// PostgreSQL: a finite catch-all among the periods cannot be split; what to do instead.
fn pg_catch_all(
    table: &Table,
    t: &Target,
    c: &Range,
    period: Period,
    target_end: NaiveDate,
) -> Verdict {
    blocked(
        msg!(
            "cov-pg-catch-all",
            partition = c.name.clone(),
            from = c.lo.map(|d| d.to_string()).unwrap_or_default(),
            to = c.hi.to_string(),
            period = period.word()
        )
        .render(),
        Some(
            msg!(
                "cov-pg-catch-all-hint",
                table = table.full_name(),
                partition = c.name.clone(),
                period = period.word(),
                year = t.year.to_string(),
                from = target_end.to_string()
            )
            .render(),
        ),
    )
}

/// One new period's partition: its name after the last one's, free and within the server's
/// limit, in the tablespace the plan names for its year.
fn new_partition(
    table: &Table,
    t: &Target,
    (key, period): (KeyCodec, Period),
    (ranges, last): (&[Range], &Range),
    start: NaiveDate,
    covered: bool,
) -> Result<NewPartition, Verdict> {
    let label = period.label(start);
    let Some(name) = derive_name(last, period, start) else {
        return Err(review(
            msg!(
                "cov-cannot-name",
                partition = last.name.clone(),
                period = period.word()
            )
            .render(),
            covered,
        ));
    };
    if name.len() > t.name_limit {
        return Err(blocked(
            msg!(
                "cov-name-too-long",
                name = name.clone(),
                limit = t.name_limit
            )
            .render(),
            None,
        ));
    }
    let clash = table
        .partitions
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case(&name))
        || t.taken_names.contains(&name);
    if clash {
        return Err(blocked(
            msg!("cov-name-taken", name = name.clone(), label = label.clone()).render(),
            None,
        ));
    }
    let mut placed_by = None;
    let tablespace = match (t.tablespace_rule, t.dialect) {
        (Some(rule), Dialect::Postgres | Dialect::Oracle) => {
            let ts = rule.replace("{year}", &start.year().to_string());
            // Spelled as the catalog spells it (Oracle names are upper-case).
            let Some(existing) = t.tablespaces.iter().find(|x| x.eq_ignore_ascii_case(&ts)) else {
                return Err(blocked(
                    msg!(
                        "cov-no-tablespace",
                        tablespace = ts.clone(),
                        label = label.clone()
                    )
                    .render(),
                    None,
                ));
            };
            Some(existing.clone())
        }
        // MariaDB: where the siblings' files live (their DATA DIRECTORY), by the same rules.
        (None, Dialect::Postgres | Dialect::Mysql) => {
            super::placement::place(table, t, ranges, last, start).map(|(ts, rule)| {
                placed_by = Some(rule);
                ts
            })
        }
        _ => None,
    };
    let bound = |d: NaiveDate| {
        key.encode(d).ok_or_else(|| {
            review(
                msg!("cov-key-cannot-hold", bound = d.to_string()).render(),
                covered,
            )
        })
    };
    Ok(NewPartition {
        name,
        label,
        start,
        lower: bound(start)?,
        upper: bound(period.next(start))?,
        tablespace,
        placed_by,
        segments: Vec::new(),
        subparts: Vec::new(),
    })
}
