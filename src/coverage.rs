//! Which months each table lacks through December of the new year, and the partitions that would
//! add them: computed from the bounds the catalog holds, never from names.

use crate::catalog::{month_label, month_of, month_start, Bound, KeyKind, Month, Partition, Table};
use crate::model::dialect::Dialect;
use crate::model::param::Param;
use chrono::Datelike;
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewPartition {
    pub name: String,
    pub month: String,
    #[serde(skip)]
    pub month_index: Month,
    pub lower: Bound,
    pub upper: Bound,
    pub tablespace: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extension {
    pub key: KeyKind,
    pub key_column: String,
    pub new: Vec<NewPartition>,
    /// The DEFAULT (PostgreSQL) or MAXVALUE (MySQL, Oracle) partition, if the table has one.
    pub tail: Option<String>,
    pub unfilled_gaps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Monthly, and partitions are missing: these would add them.
    Extend(Extension),
    /// Monthly, and covered through December of the new year.
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

struct Range {
    name: String,
    lo: Option<Month>,
    hi: Month,
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

fn key_kind(table: &Table, bounds: &[&Bound]) -> Result<KeyKind, String> {
    let ints: Vec<i64> = bounds
        .iter()
        .filter_map(|b| {
            if let Bound::Int(n) = b {
                Some(*n)
            } else {
                None
            }
        })
        .collect();
    let dates = bounds
        .iter()
        .filter(|b| matches!(b, Bound::Date(_)))
        .count();
    if let Some(Bound::Unparsed(raw)) = bounds.iter().find(|b| matches!(b, Bound::Unparsed(_))) {
        return Err(format!(
            "a bound the tool cannot read: {raw} (key type {})",
            table.key_type
        ));
    }
    if dates == bounds.len() && dates > 0 {
        return Ok(KeyKind::Date);
    }
    let texts: Vec<&str> = bounds
        .iter()
        .filter_map(|b| match b {
            Bound::Text(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    if texts.len() == bounds.len() && !texts.is_empty() {
        return KeyKind::from_text_bounds(&texts).ok_or_else(|| {
            format!(
                "text bounds that are not months ('YYYYMM' or 'YYYYMMDD'): '{}'",
                texts.join("', '")
            )
        });
    }
    if ints.len() == bounds.len() && !ints.is_empty() {
        let to_days = table
            .key_expression
            .as_deref()
            .is_some_and(|e| e.to_lowercase().replace('`', "").starts_with("to_days("));
        if to_days {
            return Ok(KeyKind::ToDays);
        }
        return KeyKind::from_int_bounds(&ints).ok_or_else(|| {
            format!(
                "numeric bounds that are not months (YYYYMM or YYYYMMDD): {}",
                ints.iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
    }
    Err("bounds of mixed kinds".into())
}

/// The name for a new month, following the last partition's own pattern (P202612 → P202701).
fn derive_name(last: &Range, new_month: Month) -> Option<String> {
    let lo = last.lo?;
    for (base, offset) in [(lo, 0), (last.hi, last.hi - lo)] {
        let d = month_start(base);
        let n = month_start(new_month + offset);
        let forms = [
            (
                format!("{:04}{:02}01", d.year(), d.month()),
                format!("{:04}{:02}01", n.year(), n.month()),
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

/// A monthly range-partitioned table as read: its key, its finite partitions and its tail.
struct Shape<'a> {
    key: KeyKind,
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
    let key = key_kind(table, &bounds).map_err(|why| review(why, false))?;
    Ok(Shape {
        key,
        key_column,
        finite,
        tail,
    })
}

/// The months each finite partition covers, in order; a bound off a month start is a review.
fn ranges(shape: &Shape, t: &Target) -> Result<Vec<Range>, Verdict> {
    let key = shape.key;
    let mut ordered: Vec<&Partition> = shape.finite.clone();
    if t.dialect == Dialect::Postgres {
        ordered.sort_by_key(|p| {
            p.lower
                .as_ref()
                .and_then(|b| key.month_at(b))
                .unwrap_or(i32::MIN)
        });
    }
    let mut ranges = Vec::new();
    let mut prev_upper: Option<Month> = None;
    for p in ordered {
        let Some(hi) = key.month_at(&p.upper) else {
            return Err(review(
                format!(
                    "partition {} ends at {}, not on a month start",
                    p.name,
                    bound_text(&p.upper)
                ),
                false,
            ));
        };
        let lo = match &p.lower {
            Some(Bound::Min) => None,
            Some(b) => Some(key.month_at(b).ok_or_else(|| {
                review(
                    format!(
                        "partition {} starts at {}, not on a month start",
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

/// The months missing through December of the new year, and the partitions that add them.
fn extend(table: &Table, t: &Target, shape: &Shape, ranges: &[Range]) -> Verdict {
    let target_end = month_of(t.year + 1, 1);
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
    match last.lo {
        Some(lo) if last.hi - lo == 1 => {}
        Some(lo) => {
            return review(
                format!(
                    "partitioned by {} months, not monthly (last partition {})",
                    last.hi - lo,
                    last.name
                ),
                covered,
            )
        }
        None => {
            return review(
                format!(
                    "a single open-ended partition {}: granularity unknown",
                    last.name
                ),
                covered,
            )
        }
    }
    let in_range = |m: Month| {
        ranges
            .iter()
            .any(|r| r.lo.is_none_or(|lo| lo <= m) && m < r.hi)
    };
    let gaps: Vec<Month> = (month_of(t.year - 1, 1)..max_upper)
        .filter(|m| !in_range(*m))
        .collect();
    let mut months: Vec<Month> = (max_upper..target_end).collect();
    let unfilled: Vec<String> = if t.fill_gaps {
        months.splice(0..0, gaps.iter().copied());
        Vec::new()
    } else {
        gaps.iter().map(|m| month_label(*m)).collect()
    };
    if months.is_empty() {
        return Verdict::Covered {
            unfilled_gaps: unfilled,
        };
    }
    let mut new = Vec::new();
    for m in months {
        match new_partition(table, t, shape.key, last, m, covered) {
            Ok(p) => new.push(p),
            Err(verdict) => return verdict,
        }
    }
    Verdict::Extend(Extension {
        key: shape.key,
        key_column: shape.key_column.to_string(),
        new,
        tail: shape.tail.map(|p| p.name.clone()),
        unfilled_gaps: unfilled,
    })
}

/// One new month's partition: its name after the last one's, free and within the server's
/// limit, in the tablespace the plan names for its year.
fn new_partition(
    table: &Table,
    t: &Target,
    key: KeyKind,
    last: &Range,
    m: Month,
    covered: bool,
) -> Result<NewPartition, Verdict> {
    let Some(name) = derive_name(last, m) else {
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
                "the name `{name}` for {} is already taken by another partition or table",
                month_label(m)
            ),
        });
    }
    let tablespace = match (t.tablespace_rule, t.dialect) {
        (Some(rule), Dialect::Postgres | Dialect::Oracle) => {
            let ts = rule.replace("{year}", &month_start(m).year().to_string());
            // Spelled as the catalog spells it (Oracle names are upper-case).
            let Some(existing) = t.tablespaces.iter().find(|x| x.eq_ignore_ascii_case(&ts)) else {
                return Err(Verdict::Blocked {
                    reason: format!(
                        "tablespace `{ts}` for {} does not exist: run the tablespaces step first",
                        month_label(m)
                    ),
                });
            };
            Some(existing.clone())
        }
        _ => None,
    };
    Ok(NewPartition {
        name,
        month: month_label(m),
        month_index: m,
        lower: key.bound_for(m),
        upper: key.bound_for(m + 1),
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
    use crate::catalog::Partition;
    use chrono::NaiveDate;

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
            lo: Some(month_of(2026, 12)),
            hi: month_of(2027, 1),
        };
        assert_eq!(
            derive_name(&r, month_of(2027, 1)).as_deref(),
            Some("P20270101")
        );
        let r = Range {
            name: "LOG_2027_01".into(),
            lo: Some(month_of(2026, 12)),
            hi: month_of(2027, 1),
        };
        assert_eq!(
            derive_name(&r, month_of(2027, 1)).as_deref(),
            Some("LOG_2027_02")
        );
    }
}
