//! Which periods each table lacks through December of the new year, and the partitions that
//! would add them: computed from the bounds the catalog holds, read through the table's key
//! codec at its own period, never from names and never from what a bound "should" be.

use crate::carry::{self, Carry};
use crate::model::catalog::{Bound, Partition, Table};
use crate::model::dialect::Dialect;
use crate::model::key_codec::{plausible_epoch_seconds, KeyCodec, StatedFormat, StatedKind};
use crate::model::param::Param;
use crate::model::period::Period;
use crate::model::time::offset_text;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewPartition {
    pub name: String,
    /// The period's label (202701, 20270101, 2027Q1, 2027).
    pub label: String,
    /// First day of the period.
    #[serde(skip)]
    pub start: NaiveDate,
    pub lower: Bound,
    pub upper: Bound,
    pub tablespace: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extension {
    pub key: KeyCodec,
    pub period: Period,
    pub key_column: String,
    pub new: Vec<NewPartition>,
    /// The DEFAULT (PostgreSQL), MAXVALUE or catch-all partition (MySQL, Oracle) new partitions
    /// are split from, if the table has one.
    pub tail: Option<String>,
    /// The catch-all tail's own upper bound (None for MAXVALUE and DEFAULT).
    pub tail_upper: Option<Bound>,
    pub gaps: Gaps,
    /// PostgreSQL: what every new child carries like its siblings.
    #[serde(skip_serializing_if = "Carry::is_empty")]
    pub carry: Carry,
}

/// Periods of the closing year that no partition holds (PostgreSQL: lower bounds make holes
/// possible), from the table's first partition on, never before it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Gaps {
    pub labels: Vec<String>,
    /// The key codec the fillers' bounds are encoded with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<KeyCodec>,
    /// The partitions that would fill them, when the plan does not say `fill_gaps: true`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fillers: Vec<NewPartition>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Time-partitioned, and partitions are missing: these would add them.
    Extend(Box<Extension>),
    /// Time-partitioned, and covered through December of the new year.
    Covered {
        gaps: Gaps,
    },
    /// Another shape: listed for a person; `covered` says whether it reaches the new year's end.
    Review {
        reason: String,
        covered: bool,
    },
    /// Cannot be extended safely, or cannot be read: stops the step before any DDL. `hint`
    /// holds the site-file lines that let the engineer go on.
    Blocked {
        reason: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
    },
    /// LIST, HASH or ranges that are not time: reported, not extended, not a failure.
    NotTimePartitioned {
        reason: String,
    },
    /// Excluded by the site file, with its reason.
    Excluded {
        reason: String,
    },
    NotPartitioned,
}

pub struct Target<'a> {
    /// The year being opened.
    pub year: i32,
    pub dialect: Dialect,
    /// Tablespace rule with `{year}`, for new partitions.
    pub tablespace_rule: Option<&'a str>,
    pub fill_gaps: bool,
    /// Tablespaces that exist (or that this run's tablespaces step plans).
    pub tablespaces: &'a [String],
    /// Every relation name in the table's schema (PostgreSQL: partitions are relations too).
    pub taken_names: &'a HashSet<String>,
    /// Longest identifier the server accepts, in bytes.
    pub name_limit: usize,
    /// Who creates the new partitions (and so owns them unless told otherwise).
    pub connected_as: Option<&'a str>,
    /// The site's zone: its name and its offset on the new year's first day.
    pub zone: (&'a str, i32),
    /// What the site file says this table's key holds.
    pub stated: Option<StatedFormat>,
    /// The site file's reason for leaving this table out.
    pub excluded: Option<&'a str>,
}

/// One finite partition as days: `[lo, hi)`; `lo` is unknown for the first partition of a
/// dialect that stores only upper bounds.
struct Range {
    name: String,
    lo: Option<NaiveDate>,
    hi: NaiveDate,
}

fn review(reason: impl Into<String>, covered: bool) -> Verdict {
    Verdict::Review {
        reason: reason.into(),
        covered,
    }
}

fn blocked(reason: impl Into<String>, hint: Option<String>) -> Verdict {
    Verdict::Blocked {
        reason: reason.into(),
        hint,
    }
}

pub fn bound_text(b: &Bound) -> String {
    match b {
        Bound::Date(d) => d.to_string(),
        Bound::Instant(t) => t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        Bound::Int(n) => n.to_string(),
        Bound::Text(s) => format!("'{s}'"),
        Bound::Max => "MAXVALUE".into(),
        Bound::Min => "MINVALUE".into(),
        Bound::Unparsed(s) => s.clone(),
    }
}

/// The site-file lines that state a table's key format.
pub fn key_format_hint(table: &str, format: &str) -> String {
    format!("partitions:\n  key_format:\n    {table}: \"{format}\"")
}

/// The site-file lines that leave a table out, with a reason to fill in.
pub fn exclude_hint(table: &str) -> String {
    format!(
        "partitions:\n  exclude:\n    - table: {table}\n      reason: \"…why it is not extended…\""
    )
}

pub fn analyze(table: &Table, t: &Target) -> Verdict {
    if let Some(reason) = t.excluded {
        return Verdict::Excluded {
            reason: reason.to_string(),
        };
    }
    let shape = match classify(table, t) {
        Ok(shape) => shape,
        Err(verdict) => return verdict,
    };
    let ranges = match ranges(&shape, t) {
        Ok(r) => r,
        Err(verdict) => return verdict,
    };
    extend(table, t, &shape, &ranges)
}

/// A range-partitioned table as read: its key, its finite partitions and its tail.
struct Shape<'a> {
    key: KeyCodec,
    key_column: &'a str,
    finite: Vec<&'a Partition>,
    tail: Option<&'a Partition>,
}
/// What kind of table this is; anything but a readable range-partitioned one is a verdict.
fn classify<'a>(table: &'a Table, t: &Target) -> Result<Shape<'a>, Verdict> {
    if table.strategy == "none" {
        return Err(Verdict::NotPartitioned);
    }
    if let Some(interval) = &table.interval {
        return Err(interval_review(table, interval, t));
    }
    if table.strategy == "reference" {
        return Err(review(
            "reference-partitioned: its partitions follow its parent table's; not touched",
            true,
        ));
    }
    if table.strategy != "range" {
        return Err(Verdict::NotTimePartitioned {
            reason: format!("{}-partitioned", table.strategy),
        });
    }
    let [key_column] = table.key_columns.as_slice() else {
        return Err(blocked(
            "the partition key is not a single column: the tool cannot read it",
            Some(exclude_hint(&table.full_name())),
        ));
    };
    if table.partitions.is_empty() {
        return Err(review("partitioned, but has no partitions", false));
    }
    if let Some(p) = table
        .partitions
        .iter()
        .find(|p| p.subpartitioned && t.dialect == Dialect::Postgres)
    {
        return Err(review(
            format!(
                "partition {} is itself partitioned: extend it by hand",
                p.name
            ),
            false,
        ));
    }
    let tail = table
        .partitions
        .iter()
        .find(|p| p.is_default || p.upper == Bound::Max);
    let finite: Vec<&Partition> = table
        .partitions
        .iter()
        .filter(|p| !p.is_default && p.upper != Bound::Max)
        .collect();
    // PostgreSQL: a range partition open to MAXVALUE cannot be split.
    if let Some(p) = table
        .partitions
        .iter()
        .find(|p| !p.is_default && p.upper == Bound::Max && p.lower.is_some())
    {
        return Err(review(
            format!(
                "partition {} is open-ended TO (MAXVALUE): PostgreSQL cannot split it",
                p.name
            ),
            true,
        ));
    }
    if finite.is_empty() {
        return Err(review("only a DEFAULT / MAXVALUE partition", true));
    }
    let mut bounds: Vec<&Bound> = finite.iter().map(|p| &p.upper).collect();
    bounds.extend(
        finite
            .iter()
            .filter_map(|p| p.lower.as_ref())
            .filter(|b| !matches!(b, Bound::Min)),
    );
    let key = key_codec(table, &bounds, &finite, t)?;
    Ok(Shape {
        key,
        key_column,
        finite,
        tail,
    })
}

/// The days each finite partition covers, in order; a bound the codec cannot read is a review.
fn ranges(shape: &Shape, t: &Target) -> Result<Vec<Range>, Verdict> {
    let key = shape.key;
    let mut ordered: Vec<&Partition> = shape.finite.clone();
    if t.dialect == Dialect::Postgres {
        ordered.sort_by_key(|p| {
            p.lower
                .as_ref()
                .and_then(|b| key.decode(b))
                .unwrap_or(NaiveDate::MIN)
        });
    }
    let mut ranges = Vec::new();
    let mut prev_upper: Option<NaiveDate> = None;
    for p in ordered {
        let Some(hi) = key.decode(&p.upper) else {
            return Err(review(
                format!(
                    "partition {} ends at {}, not at the start of a day",
                    p.name,
                    bound_text(&p.upper)
                ),
                false,
            ));
        };
        let lo = match &p.lower {
            Some(Bound::Min) => None,
            Some(b) => Some(key.decode(b).ok_or_else(|| {
                review(
                    format!(
                        "partition {} starts at {}, not at the start of a day",
                        p.name,
                        bound_text(b)
                    ),
                    false,
                )
            })?),
            None => prev_upper,
        };
        prev_upper = Some(hi);
        ranges.push(Range {
            name: p.name.clone(),
            lo,
            hi,
        });
    }
    Ok(ranges)
}

/// The key codec that reads every bound, or the verdict that says why none does: ranges that
/// are not time are not a failure; a time key the tool cannot read, or one it could read two
/// ways, halts with the site-file line that settles it.
fn key_codec(
    table: &Table,
    bounds: &[&Bound],
    finite: &[&Partition],
    t: &Target,
) -> Result<KeyCodec, Verdict> {
    let name = table.full_name();
    if let Some(Bound::Unparsed(raw)) = bounds.iter().find(|b| matches!(b, Bound::Unparsed(_))) {
        return Err(blocked(
            format!(
                "a bound the tool cannot read: {raw} (key {} {})",
                table.key_columns.join(","),
                table.key_type
            ),
            Some(exclude_hint(&name)),
        ));
    }
    if let Some(stated) = t.stated {
        return stated_codec(stated, table, bounds, t);
    }
    let expr = table
        .key_expression
        .as_deref()
        .unwrap_or_default()
        .to_lowercase()
        .replace(['`', ' '], "");
    let all = |f: fn(&Bound) -> bool| !bounds.is_empty() && bounds.iter().all(|b| f(b));
    let reads = |c: KeyCodec| bounds.iter().all(|b| c.decode(b).is_some());
    if all(|b| matches!(b, Bound::Date(_))) {
        let timestamp = table.key_type.to_lowercase().starts_with("timestamp");
        return Ok(if timestamp {
            KeyCodec::Timestamp
        } else {
            KeyCodec::Date
        });
    }
    if all(|b| matches!(b, Bound::Instant(_))) {
        return at_site_offset(KeyCodec::TimestampTz { offset_secs: 0 }, table, bounds, t);
    }
    if all(|b| matches!(b, Bound::Text(_))) {
        return [KeyCodec::TextYyyymm, KeyCodec::TextYyyymmdd]
            .into_iter()
            .find(|c| reads(*c))
            .ok_or_else(|| Verdict::NotTimePartitioned {
                reason: format!("text ranges that are not dates ({})", sample(finite)),
            });
    }
    if !all(|b| matches!(b, Bound::Int(_))) {
        return Err(blocked(
            format!("bounds of mixed kinds ({})", sample(finite)),
            Some(exclude_hint(&name)),
        ));
    }
    if expr.starts_with("to_days(") {
        return reads(KeyCodec::ToDays)
            .then_some(KeyCodec::ToDays)
            .ok_or_else(|| {
                blocked(
                    format!("TO_DAYS bounds that are not days ({})", sample(finite)),
                    None,
                )
            });
    }
    if expr.starts_with("unix_timestamp(") {
        return at_site_offset(KeyCodec::EpochSeconds { offset_secs: 0 }, table, bounds, t);
    }
    let int_codecs = [
        KeyCodec::IntYyyymm,
        KeyCodec::IntYyyymmdd,
        KeyCodec::IntYyyy,
    ];
    if let Some(c) = int_codecs.into_iter().find(|c| reads(*c)) {
        return Ok(c);
    }
    let epoch_like = bounds.iter().all(|b| match b {
        Bound::Int(n) => plausible_epoch_seconds(*n) || plausible_epoch_seconds(n / 1000),
        _ => false,
    });
    if epoch_like {
        let unit = match bounds.first() {
            Some(Bound::Int(n)) if plausible_epoch_seconds(*n) => "epoch_seconds",
            _ => "epoch_milliseconds",
        };
        return Err(blocked(
            format!(
                "integer bounds that look like {unit} ({}), or like ids: the tool never guesses which",
                sample(finite)
            ),
            Some(format!(
                "{}\\n  — or, if they are ids —\\n{}",
                key_format_hint(&name, unit),
                exclude_hint(&name)
            )),
        ));
    }
    Err(Verdict::NotTimePartitioned {
        reason: format!(
            "numeric ranges that are not dates, e.g. ids ({})",
            sample(finite)
        ),
    })
}

/// The first and last bound of a table, for messages.
fn sample(finite: &[&Partition]) -> String {
    let text = |p: Option<&&Partition>| p.map(|p| bound_text(&p.upper)).unwrap_or_default();
    format!("{} … {}", text(finite.first()), text(finite.last()))
}

/// The codec the site file states; bounds that do not read that way halt with the reason.
fn stated_codec(
    stated: StatedFormat,
    table: &Table,
    bounds: &[&Bound],
    t: &Target,
) -> Result<KeyCodec, Verdict> {
    let offset = stated.offset_secs.unwrap_or(t.zone.1);
    let text = bounds.iter().any(|b| matches!(b, Bound::Text(_)));
    let codec = match stated.kind {
        StatedKind::Date => KeyCodec::Date,
        StatedKind::Timestamp => KeyCodec::Timestamp,
        StatedKind::TimestampTz => KeyCodec::TimestampTz {
            offset_secs: offset,
        },
        StatedKind::Yyyy => KeyCodec::IntYyyy,
        StatedKind::Yyyymm if text => KeyCodec::TextYyyymm,
        StatedKind::Yyyymm => KeyCodec::IntYyyymm,
        StatedKind::Yyyymmdd if text => KeyCodec::TextYyyymmdd,
        StatedKind::Yyyymmdd => KeyCodec::IntYyyymmdd,
        StatedKind::EpochSeconds => KeyCodec::EpochSeconds {
            offset_secs: offset,
        },
        StatedKind::EpochMilliseconds => KeyCodec::EpochMillis {
            offset_secs: offset,
        },
    };
    match bounds.iter().find(|b| codec.decode(b).is_none()) {
        None => Ok(codec),
        Some(b) => Err(blocked(
            format!(
                "the site file says the key is `{}`, but the bound {} does not read that way",
                codec.stated(),
                bound_text(b)
            ),
            Some(exclude_hint(&table.full_name())),
        )),
    }
}

/// Instants (timestamptz, UNIX_TIMESTAMP) whose midnights are the site's: the codec at the
/// site's offset. Midnights of another zone go to review with the site line that accepts them;
/// no overlap and no 8-hour gap is ever created by guessing.
fn at_site_offset(
    base: KeyCodec,
    table: &Table,
    bounds: &[&Bound],
    t: &Target,
) -> Result<KeyCodec, Verdict> {
    let reads = |c: KeyCodec| bounds.iter().all(|b| c.decode(b).is_some());
    let site = base.at_offset(t.zone.1);
    if reads(site) {
        return Ok(site);
    }
    let other = first_midnight_offset(bounds)
        .map(|o| base.at_offset(o))
        .filter(|c| reads(*c));
    let name = table.full_name();
    match other {
        Some(codec) => {
            let o = codec.offset().unwrap_or(0);
            let target_end = NaiveDate::from_ymd_opt(t.year + 1, 1, 1).expect("valid year");
            let covered = bounds.iter().filter_map(|b| codec.decode(b)).max() >= Some(target_end);
            Err(review(
                format!(
                    "its bounds are midnights at UTC{}, not in the site's zone {} (UTC{}): to continue them at UTC{}, add to the site file:\\n{}",
                    offset_text(o),
                    t.zone.0,
                    offset_text(t.zone.1),
                    offset_text(o),
                    key_format_hint(&name, &codec.stated())
                ),
                covered,
            ))
        }
        None => Err(blocked(
            "its bounds are not midnights of any one zone: the tool cannot continue them",
            Some(exclude_hint(&name)),
        )),
    }
}

/// The offset at which the first bound is a midnight.
fn first_midnight_offset(bounds: &[&Bound]) -> Option<i32> {
    let instant = match bounds.first()? {
        Bound::Instant(t) => *t,
        Bound::Int(n) => chrono::DateTime::from_timestamp(*n, 0)?,
        _ => return None,
    };
    let secs = instant.naive_utc().time().num_seconds_from_midnight() as i32;
    let offset = if secs == 0 { 0 } else { 86_400 - secs };
    // East of UTC up to +14:00, else west.
    Some(if offset > 14 * 3600 {
        offset - 86_400
    } else {
        offset
    })
}

use chrono::Timelike;

/// The period of the table and, when its last partition spans far more (… TO 2100-01-01), the
/// index of that catch-all.
fn period_of(ranges: &[Range]) -> Result<(Period, Option<usize>), String> {
    let n = ranges.len();
    let last = &ranges[n - 1];
    let Some(lo) = last.lo else {
        return period_from_name(&last.name, last.hi).map(|p| (p, None)).ok_or_else(|| {
            format!(
                "a single partition {} with only an upper bound: its period (day, month, quarter or year) cannot be read",
                last.name
            )
        });
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
    Err(format!(
        "partition {} spans {lo} … {}: not one day, month, quarter or year",
        last.name, last.hi
    ))
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
fn derive_name(last: &Range, period: Period, start: NaiveDate) -> Option<String> {
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
fn extend(table: &Table, t: &Target, shape: &Shape, ranges: &[Range]) -> Verdict {
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
        let c = &ranges[i];
        return blocked(
            format!(
                "covered only by the catch-all partition {} ({} … {}): PostgreSQL cannot split it, and the new {}s would all land in it",
                c.name,
                c.lo.map(|d| d.to_string()).unwrap_or_default(),
                c.hi,
                period.word()
            ),
            Some(format!(
                "with the tech center, at a quiet hour: ALTER TABLE {} DETACH PARTITION {}; create the {}s through {}-12-31; re-attach {} from {target_end}",
                table.full_name(),
                c.name,
                period.word(),
                t.year,
                c.name
            )),
        );
    }
    let max_upper = last.hi;
    let first_day = ranges
        .iter()
        .filter_map(|r| r.lo)
        .min()
        .unwrap_or(max_upper);
    let closing_start = NaiveDate::from_ymd_opt(t.year - 1, 1, 1).expect("valid year");
    let in_range = |d: NaiveDate| {
        ranges
            .iter()
            .any(|r| r.lo.is_none_or(|lo| lo <= d) && d < r.hi)
    };
    let gap_days: Vec<NaiveDate> = starts(period, closing_start.max(first_day), max_upper)
        .filter(|d| !in_range(*d))
        .collect();
    let mut days: Vec<NaiveDate> = starts(period, max_upper, target_end).collect();
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
            match new_partition(table, t, shape.key, period, last, *d, covered) {
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
    let mut new = Vec::new();
    for start in days {
        match new_partition(table, t, shape.key, period, last, start, covered) {
            Ok(p) => new.push(p),
            Err(verdict) => return verdict,
        }
    }
    let (tail, tail_upper) = match catch_all {
        Some(i) => {
            let p = shape.finite.iter().find(|p| p.name == ranges[i].name);
            (Some(ranges[i].name.clone()), p.map(|p| p.upper.clone()))
        }
        None => (shape.tail.map(|p| p.name.clone()), None),
    };
    Verdict::Extend(Box::new(Extension {
        key: shape.key,
        period,
        key_column: shape.key_column.to_string(),
        new,
        tail,
        tail_upper,
        gaps,
        carry,
    }))
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

/// One new period's partition: its name after the last one's, free and within the server's
/// limit, in the tablespace the plan names for its year.
fn new_partition(
    table: &Table,
    t: &Target,
    key: KeyCodec,
    period: Period,
    last: &Range,
    start: NaiveDate,
    covered: bool,
) -> Result<NewPartition, Verdict> {
    let label = period.label(start);
    let Some(name) = derive_name(last, period, start) else {
        return Err(review(
            format!(
                "cannot derive partition names from `{}` (it does not spell its {}'s start)",
                last.name,
                period.word()
            ),
            covered,
        ));
    };
    if name.len() > t.name_limit {
        return Err(blocked(
            format!(
                "new partition name `{name}` is longer than {} bytes, the server's limit",
                t.name_limit
            ),
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
            format!("the name `{name}` for {label} is already taken by another partition or table"),
            None,
        ));
    }
    let tablespace = match (t.tablespace_rule, t.dialect) {
        (Some(rule), Dialect::Postgres | Dialect::Oracle) => {
            let ts = rule.replace("{year}", &start.year().to_string());
            // Spelled as the catalog spells it (Oracle names are upper-case).
            let Some(existing) = t.tablespaces.iter().find(|x| x.eq_ignore_ascii_case(&ts)) else {
                return Err(blocked(
                    format!(
                        "tablespace `{ts}` for {label} does not exist: run the tablespaces step first"
                    ),
                    None,
                ));
            };
            Some(existing.clone())
        }
        _ => None,
    };
    let bound = |d: NaiveDate| {
        key.encode(d)
            .ok_or_else(|| review(format!("the key cannot hold the bound {d}"), covered))
    };
    Ok(NewPartition {
        name,
        label,
        start,
        lower: bound(start)?,
        upper: bound(period.next(start))?,
        tablespace,
    })
}

/// Oracle interval tables get partitions on insert: covered when the interval is one month, and
/// reported either way; when the plan wants a tablespace, say where new partitions would go.
fn interval_review(table: &Table, interval: &str, t: &Target) -> Verdict {
    let compact: String = interval
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let monthly = compact == "NUMTOYMINTERVAL(1,'MONTH')" || compact == "INTERVAL'1'MONTH";
    let mut reason =
        format!("interval-partitioned ({interval}): partitions appear on insert; not touched");
    if !monthly {
        reason.push_str("; the interval is not one month");
    }
    if let Some(rule) = t.tablespace_rule {
        let rule_name = rule.replace("{year}", &t.year.to_string());
        let want = t
            .tablespaces
            .iter()
            .find(|x| x.eq_ignore_ascii_case(&rule_name))
            .cloned()
            .unwrap_or(rule_name);
        match &table.default_tablespace {
            Some(ts) if ts.eq_ignore_ascii_case(&want) => {}
            Some(ts) => reason.push_str(&format!(
                "; new partitions go to {ts}, not {want}: the tech center decides whether to change STORE IN"
            )),
            None => {}
        }
    }
    review(reason, monthly)
}

/// Bound as a query parameter (for counting rows in a DEFAULT partition).
pub fn bound_param(b: &Bound) -> Option<Param> {
    match b {
        Bound::Date(d) => Some(Param::Date(*d)),
        Bound::Int(n) => Some(Param::Int(*n)),
        Bound::Text(s) => Some(Param::Text(s.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Partition;
    use chrono::NaiveDate;

    fn ymd(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    fn date(y: i32, m: u32) -> Bound {
        Bound::Date(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
    }

    fn pg_table(months: &[u32], default: bool) -> Table {
        let mut partitions: Vec<Partition> = months
            .iter()
            .map(|m| Partition {
                name: format!("bill_p2026{m:02}"),
                lower: Some(date(2026, *m)),
                upper: if *m == 12 {
                    date(2027, 1)
                } else {
                    date(2026, m + 1)
                },
                is_default: false,
                tablespace: None,
                subpartitioned: false,
                default_bytes: None,
                high_value: None,
                carried: None,
            })
            .collect();
        if default {
            partitions.push(Partition {
                name: "bill_default".into(),
                lower: None,
                upper: Bound::Max,
                is_default: true,
                tablespace: None,
                subpartitioned: false,
                default_bytes: None,
                high_value: None,
                carried: None,
            });
        }
        Table {
            schema: "einv".into(),
            name: "bill".into(),
            strategy: "range".into(),
            key_columns: vec!["issue_date".into()],
            key_type: "date".into(),
            key_expression: None,
            interval: None,
            partitions,
            ..Default::default()
        }
    }

    fn target(fill: bool) -> Target<'static> {
        static TS: [String; 2] = [String::new(), String::new()];
        static NONE: std::sync::LazyLock<HashSet<String>> = std::sync::LazyLock::new(HashSet::new);
        Target {
            year: 2027,
            dialect: Dialect::Postgres,
            tablespace_rule: None,
            fill_gaps: fill,
            tablespaces: &TS,
            taken_names: &NONE,
            name_limit: 63,
            connected_as: None,
            zone: ("Asia/Shanghai", 8 * 3600),
            stated: None,
            excluded: None,
        }
    }

    #[test]
    fn a_full_year_gets_twelve_new_months_named_after_its_pattern() {
        let all: Vec<u32> = (1..=12).collect();
        let Verdict::Extend(e) = analyze(&pg_table(&all, true), &target(false)) else {
            panic!()
        };
        assert_eq!(e.new.len(), 12);
        assert_eq!(e.new[0].name, "bill_p202701");
        assert_eq!(e.new[0].lower, date(2027, 1));
        assert_eq!(e.new[11].upper, date(2028, 1));
        assert_eq!(e.tail.as_deref(), Some("bill_default"));
    }

    #[test]
    fn gaps_are_reported_or_filled() {
        let months: Vec<u32> = (1..=12).filter(|m| *m != 6).collect();
        let Verdict::Extend(e) = analyze(&pg_table(&months, false), &target(false)) else {
            panic!()
        };
        assert_eq!(e.gaps.labels, vec!["202606"]);
        assert_eq!(e.gaps.fillers[0].name, "bill_p202606");
        assert_eq!(e.new.len(), 12);
        let Verdict::Extend(e) = analyze(&pg_table(&months, false), &target(true)) else {
            panic!()
        };
        assert_eq!(e.new[0].name, "bill_p202606");
        assert_eq!(e.new.len(), 13);
    }

    #[test]
    fn yearly_tables_extend_by_year_and_bad_names_go_to_review() {
        let mut t = pg_table(&[1], false);
        t.partitions[0].name = "bill_y2026".into();
        t.partitions[0].upper = date(2027, 1);
        let Verdict::Extend(e) = analyze(&t, &target(false)) else {
            panic!("{:?}", analyze(&t, &target(false)))
        };
        assert_eq!((e.period, e.new.len()), (Period::Year, 1));
        assert_eq!(
            (e.new[0].name.as_str(), e.new[0].upper.clone()),
            ("bill_y2027", date(2028, 1))
        );
        let mut t = pg_table(&[12], false);
        t.partitions[0].name = "bill_last".into();
        let v = analyze(&t, &target(false));
        assert!(
            matches!(&v, Verdict::Review { reason, .. } if reason.contains("cannot derive")),
            "{v:?}"
        );
    }

    /// A table from (name, lower, upper) triples with the given key.
    fn shaped(
        key_type: &str,
        expr: Option<&str>,
        parts: Vec<(&str, Option<Bound>, Bound)>,
    ) -> Table {
        Table {
            schema: "einv".into(),
            name: "t".into(),
            strategy: "range".into(),
            key_columns: vec!["k".into()],
            key_type: key_type.into(),
            key_expression: expr.map(str::to_string),
            partitions: parts
                .into_iter()
                .map(|(name, lower, upper)| Partition {
                    name: name.into(),
                    lower,
                    upper,
                    is_default: false,
                    tablespace: None,
                    subpartitioned: false,
                    default_bytes: None,
                    high_value: None,
                    carried: None,
                })
                .collect(),
            ..Default::default()
        }
    }

    fn day(y: i32, m: u32, d: u32) -> Bound {
        Bound::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn on(dialect: Dialect) -> Target<'static> {
        Target {
            dialect,
            ..target(false)
        }
    }

    #[test]
    fn daily_and_quarterly_tables_extend_by_their_own_period() {
        let t = shaped(
            "date",
            None,
            vec![
                ("log_20261230", Some(day(2026, 12, 30)), day(2026, 12, 31)),
                ("log_20261231", Some(day(2026, 12, 31)), day(2027, 1, 1)),
            ],
        );
        let Verdict::Extend(e) = analyze(&t, &target(false)) else {
            panic!()
        };
        assert_eq!((e.period, e.new.len()), (Period::Day, 365));
        assert_eq!(e.new[0].name, "log_20270101");
        assert_eq!(e.new[364].upper, day(2028, 1, 1));
        let q = shaped(
            "integer",
            None,
            vec![
                ("q_2026q3", Some(Bound::Int(20260701)), Bound::Int(20261001)),
                ("q_2026q4", Some(Bound::Int(20261001)), Bound::Int(20270101)),
            ],
        );
        let Verdict::Extend(e) = analyze(&q, &target(false)) else {
            panic!()
        };
        assert_eq!((e.period, e.key), (Period::Quarter, KeyCodec::IntYyyymmdd));
        let names: Vec<&str> = e.new.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["q_2027q1", "q_2027q2", "q_2027q3", "q_2027q4"]);
    }

    #[test]
    fn a_catch_all_tail_is_split_or_blocks_and_is_never_covered() {
        let parts = |lower: fn(i32, u32, u32) -> Option<Bound>| {
            vec![
                ("p202611", lower(2026, 11, 1), day(2026, 12, 1)),
                ("p202612", lower(2026, 12, 1), day(2027, 1, 1)),
                ("p_max", lower(2027, 1, 1), day(2100, 1, 1)),
            ]
        };
        let upper_only = shaped("date", None, parts(|_, _, _| None));
        let Verdict::Extend(e) = analyze(&upper_only, &on(Dialect::Oracle)) else {
            panic!()
        };
        assert_eq!(e.tail.as_deref(), Some("p_max"));
        assert_eq!(e.tail_upper, Some(day(2100, 1, 1)));
        assert_eq!((e.new.len(), e.new[0].name.as_str()), (12, "p202701"));
        let pg = shaped("date", None, parts(|y, m, d| Some(day(y, m, d))));
        let v = analyze(&pg, &on(Dialect::Postgres));
        assert!(
            matches!(&v, Verdict::Blocked { reason, .. } if reason.contains("catch-all partition p_max")),
            "{v:?}"
        );
        // Pre-created far ahead, period by period: simply covered.
        let mut ahead: Vec<(String, Option<Bound>, Bound)> = Vec::new();
        let mut d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        while d.year() < 2031 {
            let n = Period::Month.next(d);
            ahead.push((
                format!("p{}", Period::Month.label(d)),
                Some(Bound::Date(d)),
                Bound::Date(n),
            ));
            d = n;
        }
        let refs = ahead
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.clone(), c.clone()))
            .collect();
        assert!(matches!(
            analyze(&shaped("date", None, refs), &target(false)),
            Verdict::Covered { .. }
        ));
    }

    #[test]
    fn gaps_are_never_before_a_tables_first_partition() {
        let t = shaped(
            "date",
            None,
            vec![
                ("p202609", Some(day(2026, 9, 1)), day(2026, 10, 1)),
                ("p202611", Some(day(2026, 11, 1)), day(2026, 12, 1)),
                ("p202612", Some(day(2026, 12, 1)), day(2027, 1, 1)),
            ],
        );
        let Verdict::Extend(e) = analyze(&t, &target(true)) else {
            panic!()
        };
        assert_eq!(
            e.new[0].name, "p202610",
            "the hole in October is filled, nothing before September"
        );
        assert_eq!(e.new.len(), 13);
    }

    #[test]
    fn key_shapes_read_right_or_say_what_to_write() {
        let ym = |y: i32, m: u32| Bound::Text(format!("{y}{m:02}"));
        let t = shaped(
            "character varying(6)",
            None,
            vec![
                ("p202611", Some(ym(2026, 11)), ym(2026, 12)),
                ("p202612", Some(ym(2026, 12)), ym(2027, 1)),
            ],
        );
        let Verdict::Extend(e) = analyze(&t, &target(false)) else {
            panic!()
        };
        assert_eq!(
            (e.key, e.new[11].upper.clone()),
            (KeyCodec::TextYyyymm, ym(2028, 1))
        );
        // Id ranges: reported, not a failure.
        let ids = shaped(
            "bigint",
            None,
            vec![
                ("p1", Some(Bound::Int(0)), Bound::Int(1_000_000)),
                ("p2", Some(Bound::Int(1_000_000)), Bound::Int(2_000_000)),
            ],
        );
        assert!(matches!(
            analyze(&ids, &target(false)),
            Verdict::NotTimePartitioned { .. }
        ));
        // Epoch seconds at Shanghai midnights: never guessed; stated, extended.
        let epoch = |y: i32, m: u32| {
            KeyCodec::EpochSeconds {
                offset_secs: 8 * 3600,
            }
            .encode(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
            .unwrap()
        };
        let e_t = shaped(
            "bigint",
            None,
            vec![
                ("p202611", Some(epoch(2026, 11)), epoch(2026, 12)),
                ("p202612", Some(epoch(2026, 12)), epoch(2027, 1)),
            ],
        );
        let v = analyze(&e_t, &target(false));
        assert!(
            matches!(&v, Verdict::Blocked { hint: Some(h), .. } if h.contains("einv.t: \"epoch_seconds\"")),
            "{v:?}"
        );
        let stated = Target {
            stated: Some(StatedFormat::parse("epoch_seconds").unwrap()),
            ..target(false)
        };
        let Verdict::Extend(e) = analyze(&e_t, &stated) else {
            panic!()
        };
        assert_eq!(e.new[0].upper, epoch(2027, 2));
    }

    #[test]
    fn timestamptz_at_another_zones_midnight_goes_to_review_with_the_site_line() {
        let utc = |y: i32, m: u32| {
            KeyCodec::TimestampTz { offset_secs: 0 }
                .encode(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
                .unwrap()
        };
        let t = shaped(
            "timestamp with time zone",
            None,
            vec![
                ("p202611", Some(utc(2026, 11)), utc(2026, 12)),
                ("p202612", Some(utc(2026, 12)), utc(2027, 1)),
            ],
        );
        let v = analyze(&t, &target(false));
        assert!(
            matches!(&v, Verdict::Review { reason, covered: false } if reason.contains("UTC+00:00") && reason.contains("einv.t: \"timestamptz +00:00\"")),
            "{v:?}"
        );
        let accepted = Target {
            stated: Some(StatedFormat::parse("timestamptz +00:00").unwrap()),
            ..target(false)
        };
        let Verdict::Extend(e) = analyze(&t, &accepted) else {
            panic!()
        };
        assert_eq!(e.new[0].upper, utc(2027, 2), "continued at UTC midnight");
        let cst = |y: i32, m: u32| {
            KeyCodec::TimestampTz {
                offset_secs: 8 * 3600,
            }
            .encode(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
            .unwrap()
        };
        let local = shaped(
            "timestamp with time zone",
            None,
            vec![("p202612", Some(cst(2026, 12)), cst(2027, 1))],
        );
        assert!(matches!(
            analyze(&local, &target(false)),
            Verdict::Extend(_)
        ));
    }

    #[test]
    fn a_single_partition_with_only_an_upper_bound_reads_its_period_from_its_name() {
        let t = shaped(
            "date",
            Some("to_days(`k`)"),
            vec![(
                "p202612",
                None,
                Bound::Int(crate::model::key_codec::to_days(
                    NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                )),
            )],
        );
        let Verdict::Extend(e) = analyze(&t, &on(Dialect::Mysql)) else {
            panic!("{:?}", analyze(&t, &on(Dialect::Mysql)))
        };
        assert_eq!(
            (e.period, e.new[0].name.as_str(), e.new.len()),
            (Period::Month, "p202701", 12)
        );
    }

    #[test]
    fn missing_tablespace_and_name_clash_block() {
        let mut t = target(false);
        t.tablespace_rule = Some("einv_{year}");
        let v = analyze(&pg_table(&[12], false), &t);
        assert!(
            matches!(&v, Verdict::Blocked { reason, .. } if reason.contains("einv_2027")),
            "{v:?}"
        );
        let names: HashSet<String> = ["bill_p202701".to_string()].into();
        let t = Target {
            taken_names: &names,
            ..target(false)
        };
        assert!(matches!(
            analyze(&pg_table(&[12], false), &t),
            Verdict::Blocked { .. }
        ));
    }

    #[test]
    fn names_by_upper_bound_convention_and_day_forms() {
        let r = Range {
            name: "P20261201".into(),
            lo: Some(ymd(2026, 12)),
            hi: ymd(2027, 1),
        };
        assert_eq!(
            derive_name(&r, Period::Month, ymd(2027, 1)).as_deref(),
            Some("P20270101")
        );
        let r = Range {
            name: "LOG_2027_01".into(),
            lo: Some(ymd(2026, 12)),
            hi: ymd(2027, 1),
        };
        assert_eq!(
            derive_name(&r, Period::Month, ymd(2027, 1)).as_deref(),
            Some("LOG_2027_02")
        );
    }
}
