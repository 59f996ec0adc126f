//! Stage 3, actions (partitions): what each table lacks and what its new children carry. May use
//! model and sql only: pure computation, no database, no I/O.
//!
//! Which periods each table lacks through December of the new year, and the partitions that
//! would add them: computed from the bounds the catalog holds, read through the table's key
//! codec at its own period, never from names and never from what a bound "should" be.

pub mod attributes;
pub mod carry;
mod extend;
mod key;
pub mod months;
pub mod placement;
mod segments;
pub mod siblings;
#[cfg(test)]
mod tests;

use crate::coverage::carry::Carry;
use crate::model::catalog::{Bound, Partition, Table};
use crate::model::dialect::Dialect;
use crate::model::key_codec::{KeyCodec, StatedFormat};
use crate::model::param::Param;
use crate::model::period::Period;
use crate::msg;
use chrono::NaiveDate;
use extend::extend;
use key::key_codec;
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
    /// PostgreSQL without a plan rule: which of the siblings' rules placed it.
    #[serde(skip)]
    pub placed_by: Option<placement::Rule>,
    /// Oracle: its local index partitions and LOB segments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<crate::model::change::Segment>,
    /// Oracle composite without a template: its subpartitions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subparts: Vec<crate::model::change::NewSubPart>,
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
    /// Oracle and MariaDB: the attribute clauses every new partition is written with, like its
    /// siblings (`attributes::carried`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
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
pub(crate) struct Range {
    pub(crate) name: String,
    pub(crate) lo: Option<NaiveDate>,
    pub(crate) hi: NaiveDate,
}

pub(crate) fn review(reason: impl Into<String>, covered: bool) -> Verdict {
    Verdict::Review {
        reason: reason.into(),
        covered,
    }
}

pub(crate) fn blocked(reason: impl Into<String>, hint: Option<String>) -> Verdict {
    Verdict::Blocked {
        reason: reason.into(),
        hint,
    }
}

pub fn bound_text(b: &Bound) -> String {
    match b {
        Bound::Date(d) => d.to_string(),
        Bound::Instant(t) => crate::model::time::local_text(*t),
        Bound::Int(n) => n.to_string(),
        Bound::Text(s) => format!("'{s}'"),
        Bound::Wall(w) => format!("'{}'", w.format("%Y-%m-%d %H:%M:%S")),
        Bound::Max => "MAXVALUE".into(),
        Bound::Min => "MINVALUE".into(),
        Bound::Unparsed(s) => s.clone(),
    }
}

/// The site-file lines that state a table's key format.
pub fn key_format_hint(table: &str, format: &str) -> String {
    format!(
        "partitions:\n  key_format:\n    {}: \"{format}\"",
        yaml_name(table)
    )
}

/// A table name as a YAML scalar: plain when it is a plain name, else double-quoted with escapes
/// (a name holding a newline stays on its line, and the YAML still reads as that name).
fn yaml_name(table: &str) -> String {
    if table
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '$' | '-'))
    {
        return table.to_string();
    }
    serde_json::to_string(table).unwrap_or_else(|_| format!("{table:?}"))
}

/// The site-file lines that leave a table out, with a reason to fill in.
pub fn exclude_hint(table: &str) -> String {
    format!(
        "partitions:\n  exclude:\n    - table: {}\n      reason: \"{}\"",
        yaml_name(table),
        msg!("cov-exclude-reason-placeholder")
    )
}

pub fn analyze(table: &Table, t: &Target) -> Verdict {
    analyze_pictured(table, t).0
}

/// The verdict and the report's coverage picture, from one reading of the table's partitions (an
/// excluded table still gets its picture).
pub fn analyze_pictured(table: &Table, t: &Target) -> (Verdict, Option<months::MonthCells>) {
    let read = classify(table, t).and_then(|shape| ranges(&shape, t).map(|r| (shape, r)));
    let excluded = t.excluded.map(|reason| Verdict::Excluded {
        reason: reason.to_string(),
    });
    match read {
        Err(verdict) => (excluded.unwrap_or(verdict), None),
        Ok((shape, ranges)) => {
            let verdict = excluded.unwrap_or_else(|| extend(table, t, &shape, &ranges));
            let cells = months::cells(&shape, &ranges, t, &verdict);
            (verdict, cells)
        }
    }
}

/// The children a new child is compared with, and the new year's children already there (in
/// bound order): the last [`siblings::SIBLINGS`] that start before the new year, and every child
/// that starts in it or later. `None` for a table whose ranges cannot be read.
pub fn recent(table: &Table, t: &Target) -> Option<siblings::Recent> {
    let shape = classify(table, t).ok()?;
    let ranges = ranges(&shape, t).ok()?;
    let jan1 = NaiveDate::from_ymd_opt(t.year, 1, 1)?;
    let (old, new): (Vec<&Range>, Vec<&Range>) =
        ranges.iter().partition(|r| r.lo.is_none_or(|lo| lo < jan1));
    let skip = old.len().saturating_sub(siblings::SIBLINGS);
    Some(siblings::Recent {
        siblings: old[skip..].iter().map(|r| r.name.clone()).collect(),
        new: new.iter().map(|r| r.name.clone()).collect(),
    })
}

/// A range-partitioned table as read: its key, its finite partitions and its tail.
pub(crate) struct Shape<'a> {
    pub(crate) key: KeyCodec,
    pub(crate) key_column: &'a str,
    pub(crate) finite: Vec<&'a Partition>,
    pub(crate) tail: Option<&'a Partition>,
}
/// What kind of table this is; anything but a readable range-partitioned one is a verdict.
/// A reference-partitioned child gets its new partitions from its parent's ADD/SPLIT, in its own
/// default tablespace (DEF_TABLESPACE_NAME) — last year's, when the plan puts the year's
/// partitions elsewhere. The fix (MODIFY DEFAULT ATTRIBUTES, or DEPENDENT TABLES on the parent's
/// statement) is a form the independent Oracle grammar does not accept, so yearend names it.
fn reference_reason(table: &Table, t: &Target) -> String {
    let base = msg!("cov-reference").render();
    let (Some(rule), Some(default)) = (t.tablespace_rule, table.default_tablespace.as_deref())
    else {
        return base;
    };
    let want = rule.replace("{year}", &t.year.to_string());
    let Some(want) = t.tablespaces.iter().find(|x| x.eq_ignore_ascii_case(&want)) else {
        return base;
    };
    if default.eq_ignore_ascii_case(want) {
        return base;
    }
    let q = |n: &str| crate::sql::name::quote(t.dialect, n);
    msg!(
        "cov-reference-tablespace",
        base = base,
        year = t.year.to_string(),
        default = default,
        want = want.clone(),
        statement = format!(
            "ALTER TABLE {}.{} MODIFY DEFAULT ATTRIBUTES TABLESPACE {}",
            q(&table.schema),
            q(&table.name),
            q(want)
        )
    )
    .render()
}

fn classify<'a>(table: &'a Table, t: &Target) -> Result<Shape<'a>, Verdict> {
    if table.strategy == "none" {
        return Err(Verdict::NotPartitioned);
    }
    if let Some(interval) = &table.interval {
        return Err(interval_review(table, interval, t));
    }
    if table.strategy == "reference" {
        return Err(review(reference_reason(table, t), true));
    }
    if table.strategy != "range" {
        return Err(Verdict::NotTimePartitioned {
            reason: msg!("cov-not-range", strategy = table.strategy.clone()).render(),
        });
    }
    let [key_column] = table.key_columns.as_slice() else {
        let why = match table.key_columns.len() {
            0 => msg!(
                "cov-key-expression",
                expression = table.key_expression.clone().unwrap_or_default()
            ),
            _ => msg!("cov-key-columns", columns = table.key_columns.join(", ")),
        };
        return Err(blocked(
            why.render(),
            Some(exclude_hint(&table.full_name())),
        ));
    };
    if table.partitions.is_empty() {
        return Err(review(msg!("cov-no-partitions").render(), false));
    }
    if let Some(p) = table
        .partitions
        .iter()
        .find(|p| p.subpartitioned && t.dialect == Dialect::Postgres)
    {
        return Err(review(
            msg!("cov-subpartitioned", partition = p.name.clone()).render(),
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
            msg!("cov-pg-open-ended", partition = p.name.clone()).render(),
            true,
        ));
    }
    if finite.is_empty() {
        // Every row of the new year would land in the catch-all: never covered, never satisfied.
        return Err(review(msg!("cov-only-tail").render(), false));
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
                msg!(
                    "cov-ends-mid-day",
                    partition = p.name.clone(),
                    bound = bound_text(&p.upper)
                )
                .render(),
                false,
            ));
        };
        let lo = match &p.lower {
            Some(Bound::Min) => None,
            Some(b) => Some(key.decode(b).ok_or_else(|| {
                review(
                    msg!(
                        "cov-starts-mid-day",
                        partition = p.name.clone(),
                        bound = bound_text(b)
                    )
                    .render(),
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

/// Oracle interval tables get partitions on insert: covered when the interval is one month, and
/// reported either way; when the plan wants a tablespace, say where new partitions would go.
fn interval_review(table: &Table, interval: &str, t: &Target) -> Verdict {
    let compact: String = interval
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let monthly = compact == "NUMTOYMINTERVAL(1,'MONTH')" || compact == "INTERVAL'1'MONTH";
    let mut reason = msg!("cov-interval", interval = interval).render();
    if !monthly {
        reason.push_str(&msg!("cov-interval-not-month").render());
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
            Some(ts) => reason.push_str(
                &msg!(
                    "cov-interval-tablespace",
                    ts = ts.clone(),
                    want = want.clone()
                )
                .render(),
            ),
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
