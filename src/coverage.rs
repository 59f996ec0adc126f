//! Which periods each table lacks through December of the new year, and the partitions that
//! would add them: computed from the bounds the catalog holds, read through the table's key
//! codec, never from names.

use crate::model::catalog::{Bound, Partition, Table};
use crate::model::dialect::Dialect;
use crate::model::key_codec::KeyCodec;
use crate::model::param::Param;
use crate::model::period::Period;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewPartition {
    pub name: String,
    /// The period's label (202701).
    pub month: String,
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
    /// The DEFAULT (PostgreSQL) or MAXVALUE (MySQL, Oracle) partition, if the table has one.
    pub tail: Option<String>,
    pub unfilled_gaps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Time-partitioned, and partitions are missing: these would add them.
    Extend(Extension),
    /// Time-partitioned, and covered through December of the new year.
    Covered {
        unfilled_gaps: Vec<String>,
    },
    /// Another shape: listed for a person; `covered` says whether it reaches the new year's end.
    Review {
        reason: String,
        covered: bool,
    },
    /// Cannot be extended safely: stops the step before any DDL.
    Blocked {
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

fn bound_text(b: &Bound) -> String {
    match b {
        Bound::Date(d) => d.to_string(),
        Bound::Int(n) => n.to_string(),
        Bound::Text(s) => format!("'{s}'"),
        Bound::Max => "MAXVALUE".into(),
        Bound::Min => "MINVALUE".into(),
        Bound::Unparsed(s) => s.clone(),
    }
}

/// The key codec that reads every bound, or why none does.
fn key_codec(table: &Table, bounds: &[&Bound]) -> Result<KeyCodec, String> {
    if let Some(Bound::Unparsed(raw)) = bounds.iter().find(|b| matches!(b, Bound::Unparsed(_))) {
        return Err(format!(
            "a bound the tool cannot read: {raw} (key type {})",
            table.key_type
        ));
    }
    let to_days = table
        .key_expression
        .as_deref()
        .is_some_and(|e| e.to_lowercase().replace('`', "").starts_with("to_days("));
    if let Some(codec) = KeyCodec::candidates(&table.key_type, to_days, bounds).first() {
        return Ok(*codec);
    }
    let all = |f: fn(&Bound) -> bool| bounds.iter().all(|b| f(b));
    if all(|b| matches!(b, Bound::Text(_))) {
        let texts: Vec<String> = bounds.iter().map(|b| bound_text(b)).collect();
        return Err(format!(
            "text bounds that are not months ('YYYYMM' or 'YYYYMMDD'): {}",
            texts.join(", ")
        ));
    }
    if all(|b| matches!(b, Bound::Int(_))) {
        let ints: Vec<String> = bounds.iter().map(|b| bound_text(b)).collect();
        return Err(format!(
            "numeric bounds that are not months (YYYYMM or YYYYMMDD): {}",
            ints.join(", ")
        ));
    }
    Err("bounds of mixed kinds".into())
}

/// The name for a new period, following the last partition's own pattern (P202612 → P202701):
/// the label of its start (or of its end, for names after the upper bound) replaced.
fn derive_name(last: &Range, period: Period, start: NaiveDate) -> Option<String> {
    let lo = last.lo?;
    for (old_day, new_day) in [(lo, start), (last.hi, period.next(start))] {
        let (d, n) = (old_day, new_day);
        let forms = [
            (
                format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()),
                format!("{:04}{:02}{:02}", n.year(), n.month(), n.day()),
            ),
            (
                format!("{:04}{:02}", d.year(), d.month()),
                format!("{:04}{:02}", n.year(), n.month()),
            ),
            (
                format!("{:04}_{:02}", d.year(), d.month()),
                format!("{:04}_{:02}", n.year(), n.month()),
            ),
        ];
        for (old, new) in forms {
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

pub fn analyze(table: &Table, t: &Target) -> Verdict {
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
        return Err(review(
            format!("{}-partitioned: not extended by month", table.strategy),
            false,
        ));
    }
    let [key_column] = table.key_columns.as_slice() else {
        return Err(review("partition key is not a single column", false));
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
    let key = key_codec(table, &bounds).map_err(|why| review(why, false))?;
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

/// The periods missing through December of the new year, and the partitions that add them.
fn extend(table: &Table, t: &Target, shape: &Shape, ranges: &[Range]) -> Verdict {
    let target_end = NaiveDate::from_ymd_opt(t.year + 1, 1, 1).expect("valid year");
    let max_upper = ranges
        .iter()
        .map(|r| r.hi)
        .max()
        .expect("finite partitions exist");
    let covered = max_upper >= target_end;
    let last = ranges
        .iter()
        .max_by_key(|r| r.hi)
        .expect("finite partitions exist");
    let Some(lo) = last.lo else {
        return review(
            format!(
                "a single open-ended partition {}: granularity unknown",
                last.name
            ),
            covered,
        );
    };
    let period = match Period::of_span(lo, last.hi) {
        Some(Period::Month) => Period::Month,
        _ => {
            let months =
                (last.hi.year() - lo.year()) * 12 + last.hi.month() as i32 - lo.month() as i32;
            return review(
                format!(
                    "partitioned by {months} months, not monthly (last partition {})",
                    last.name
                ),
                covered,
            );
        }
    };
    let in_range = |d: NaiveDate| {
        ranges
            .iter()
            .any(|r| r.lo.is_none_or(|lo| lo <= d) && d < r.hi)
    };
    let closing_start = NaiveDate::from_ymd_opt(t.year - 1, 1, 1).expect("valid year");
    let gaps: Vec<NaiveDate> = starts(period, closing_start, max_upper)
        .filter(|d| !in_range(*d))
        .collect();
    let mut periods: Vec<NaiveDate> = starts(period, max_upper, target_end).collect();
    let unfilled: Vec<String> = if t.fill_gaps {
        periods.splice(0..0, gaps.iter().copied());
        Vec::new()
    } else {
        gaps.iter().map(|d| period.label(*d)).collect()
    };
    if periods.is_empty() {
        return Verdict::Covered {
            unfilled_gaps: unfilled,
        };
    }
    let mut new = Vec::new();
    for start in periods {
        match new_partition(table, t, shape.key, period, last, start, covered) {
            Ok(p) => new.push(p),
            Err(verdict) => return verdict,
        }
    }
    Verdict::Extend(Extension {
        key: shape.key,
        period,
        key_column: shape.key_column.to_string(),
        new,
        tail: shape.tail.map(|p| p.name.clone()),
        unfilled_gaps: unfilled,
    })
}

/// Period starts from `from` (inclusive) to `to` (exclusive).
fn starts(period: Period, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    std::iter::successors(Some(period.floor(from)), move |d| Some(period.next(*d)))
        .skip_while(move |d| *d < from)
        .take_while(move |d| *d < to)
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
                "cannot derive partition names from `{}` (no YYYYMM in it)",
                last.name
            ),
            covered,
        ));
    };
    if name.len() > t.name_limit {
        return Err(Verdict::Blocked {
            reason: format!(
                "new partition name `{name}` is longer than {} bytes, the server's limit",
                t.name_limit
            ),
        });
    }
    let clash = table
        .partitions
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case(&name))
        || t.taken_names.contains(&name);
    if clash {
        return Err(Verdict::Blocked {
            reason: format!(
                "the name `{name}` for {label} is already taken by another partition or table"
            ),
        });
    }
    let tablespace = match (t.tablespace_rule, t.dialect) {
        (Some(rule), Dialect::Postgres | Dialect::Oracle) => {
            let ts = rule.replace("{year}", &start.year().to_string());
            // Spelled as the catalog spells it (Oracle names are upper-case).
            let Some(existing) = t.tablespaces.iter().find(|x| x.eq_ignore_ascii_case(&ts)) else {
                return Err(Verdict::Blocked {
                    reason: format!(
                        "tablespace `{ts}` for {label} does not exist: run the tablespaces step first"
                    ),
                });
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
        month: label,
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
        assert_eq!(e.unfilled_gaps, vec!["202606"]);
        assert_eq!(e.new.len(), 12);
        let Verdict::Extend(e) = analyze(&pg_table(&months, false), &target(true)) else {
            panic!()
        };
        assert_eq!(e.new[0].name, "bill_p202606");
        assert_eq!(e.new.len(), 13);
    }

    #[test]
    fn yearly_tables_and_bad_names_go_to_review() {
        let mut t = pg_table(&[1], false);
        t.partitions[0].upper = date(2027, 1);
        assert!(matches!(
            analyze(&t, &target(false)),
            Verdict::Review { covered: false, .. }
        ));
        let mut t = pg_table(&[12], false);
        t.partitions[0].name = "bill_last".into();
        let v = analyze(&t, &target(false));
        assert!(
            matches!(&v, Verdict::Review { reason, .. } if reason.contains("cannot derive")),
            "{v:?}"
        );
    }

    #[test]
    fn missing_tablespace_and_name_clash_block() {
        let mut t = target(false);
        t.tablespace_rule = Some("einv_{year}");
        let v = analyze(&pg_table(&[12], false), &t);
        assert!(
            matches!(&v, Verdict::Blocked { reason } if reason.contains("einv_2027")),
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
