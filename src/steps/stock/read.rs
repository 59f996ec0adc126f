//! The vendor's stock and usage rows, read by column name and checked before they are trusted:
//! an unreadable in-use flag, a duplicated batch, negative, empty or unreadable usage, too little
//! history and stale data are findings naming the bill type and the rows.

use super::super::query::run_query;
use super::super::rowshape::{date, int, need, text, yes_no, Shape, YES_NO};
use super::project::Daily;
use crate::config::plan::Step;
use crate::config::step_config::StockConfig;
use crate::i18n::Msg;
use crate::msg;
use crate::steps::Ctx;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

pub const STOCK_COLUMNS: &[&str] = &[
    "type_code",
    "type_name",
    "in_use",
    "batch_year",
    "valid_from",
    "valid_to",
    "remaining",
];
/// Columns of the contract that queries written for release 0.1.0 lack: without them the
/// tool says what it could not check, and the verdict cannot be "done".
pub const NEWER_COLUMNS: &[&str] = &["batch_no", "stocked"];
/// The numbers a batch has left, first and last (inclusive): with them, batches of one bill type
/// whose numbers overlap (a vendor table imported twice) are counted once.
pub const RANGE_COLUMNS: [&str; 2] = ["range_from", "range_to"];
pub const USAGE_COLUMNS: &[&str] = &["type_code", "usage_day", "issued"];

#[derive(Debug, Clone, Serialize)]
pub struct Batch {
    pub batch_no: String,
    pub year: i64,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub remaining: i64,
    /// 入库: received into the hospital's stock, not only issued to it.
    pub stocked: bool,
    /// The numbers left, first and last, when the query gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<(i64, i64)>,
}

#[derive(Debug, Default, Serialize)]
pub struct BillType {
    pub name: String,
    pub batches: Vec<Batch>,
}

/// A problem with the vendor's data; `severe` when the verdict depends on it.
#[derive(Debug, Clone, Serialize)]
pub struct DataFinding {
    pub severe: bool,
    pub msg: Msg,
}

fn finding(severe: bool, msg: Msg) -> DataFinding {
    DataFinding { severe, msg }
}

/// Bill types in use with their batches (duplicates counted once).
pub fn stock(
    step: &Step,
    cfg: &StockConfig,
    ctx: &mut Ctx,
    found: &mut Vec<DataFinding>,
) -> anyhow::Result<BTreeMap<String, BillType>> {
    let name = &cfg.stock_query;
    let rows = run_query(step, ctx, name)?;
    let shape = Shape::new(&rows, name, step.id(), STOCK_COLUMNS)?;
    let (batch_col, stocked_col) = (rows.column("batch_no"), rows.column("stocked"));
    for (col, missing) in NEWER_COLUMNS
        .iter()
        .zip([batch_col.is_none(), stocked_col.is_none()])
    {
        if missing {
            found.push(finding(
                true,
                msg!("stock-column-missing", query = name.as_str(), column = *col),
            ));
        }
    }
    let range_cols = (rows.column(RANGE_COLUMNS[0]), rows.column(RANGE_COLUMNS[1]));
    if range_cols.0.is_none() || range_cols.1.is_none() {
        found.push(finding(
            false,
            msg!("stock-overlap-not-checked", query = name.as_str()),
        ));
    }
    let mut types: BTreeMap<String, BillType> = BTreeMap::new();
    for (i, row) in rows.rows.iter().enumerate() {
        let code = text(shape.value(row, 0));
        let type_name = text(shape.value(row, 1));
        let in_use = shape.value(row, 2);
        match yes_no(in_use) {
            Some(true) => {}
            Some(false) => continue,
            None => {
                found.push(finding(
                    true,
                    msg!(
                        "stock-in-use-unreadable",
                        code = code.as_str(),
                        name = type_name.as_str(),
                        value = in_use.to_string(),
                        row = i + 1,
                        accepted = YES_NO
                    ),
                ));
                continue;
            }
        }
        let entry = types.entry(code.clone()).or_default();
        entry.name = type_name;
        if shape.value(row, 3).is_null() {
            continue; // a bill type in use with no batch at all
        }
        let batch_no = batch_col
            .map(|c| text(&row[c]))
            .unwrap_or_else(|| format!("row {}", i + 1));
        if entry.batches.iter().any(|b| b.batch_no == batch_no) {
            found.push(finding(
                true,
                msg!(
                    "stock-duplicate-batch",
                    code = code.as_str(),
                    batch = batch_no.as_str(),
                    row = i + 1
                ),
            ));
            continue;
        }
        entry.batches.push(Batch {
            batch_no,
            year: need(int(shape.value(row, 3)), step.id(), name, "batch_year", i)?,
            valid_from: need(date(shape.value(row, 4)), step.id(), name, "valid_from", i)?,
            valid_to: need(date(shape.value(row, 5)), step.id(), name, "valid_to", i)?,
            remaining: need(int(shape.value(row, 6)), step.id(), name, "remaining", i)?,
            stocked: stocked_col.is_none_or(|c| yes_no(&row[c]).unwrap_or(false)),
            range: match range_cols {
                (Some(a), Some(b)) => int(&row[a]).zip(int(&row[b])),
                _ => None,
            },
        });
    }
    for (code, t) in types.iter_mut() {
        count_overlaps_once(code, t, found);
    }
    Ok(types)
}

/// Batches of one bill type whose remaining numbers overlap: the numbers they share are counted
/// once (taken off the later batch) and the batches named as a severe data finding.
fn count_overlaps_once(code: &str, t: &mut BillType, found: &mut Vec<DataFinding>) {
    let mut order: Vec<usize> = (0..t.batches.len())
        .filter(|i| t.batches[*i].range.is_some())
        .collect();
    order.sort_by_key(|i| t.batches[*i].range);
    let mut reach: Option<(i64, usize)> = None;
    for i in order {
        let Some((from, to)) = t.batches[i].range else {
            continue;
        };
        if let Some((end, j)) = reach.filter(|(end, _)| from <= *end) {
            let shared = end.min(to) - from + 1;
            let b = &mut t.batches[i];
            b.remaining = (b.remaining - shared).max(0);
            found.push(finding(
                true,
                msg!(
                    "stock-overlap",
                    code = code,
                    first = t.batches[j].batch_no.as_str(),
                    second = t.batches[i].batch_no.as_str(),
                    from = from,
                    to = end.min(to),
                    n = shared
                ),
            ));
        }
        if reach.is_none_or(|(end, _)| to > end) {
            reach = Some((to, i));
        }
    }
}

/// Daily issued counts by bill type; rows that cannot be trusted are left out and named.
pub fn usage(
    step: &Step,
    cfg: &StockConfig,
    ctx: &mut Ctx,
    found: &mut Vec<DataFinding>,
) -> anyhow::Result<BTreeMap<String, Daily>> {
    let name = &cfg.usage_query;
    let rows = run_query(step, ctx, name)?;
    let shape = Shape::new(&rows, name, step.id(), USAGE_COLUMNS)?;
    let mut usage: BTreeMap<String, Daily> = BTreeMap::new();
    let mut bad: BTreeMap<(String, &str), Vec<usize>> = BTreeMap::new();
    for (i, row) in rows.rows.iter().enumerate() {
        let code = text(shape.value(row, 0));
        let Some(day) = date(shape.value(row, 1)) else {
            bad.entry((code, "day")).or_default().push(i + 1);
            continue;
        };
        match int(shape.value(row, 2)) {
            Some(n) if n >= 0 => *usage.entry(code).or_default().entry(day).or_default() += n,
            Some(_) => bad.entry((code, "negative")).or_default().push(i + 1),
            None => bad.entry((code, "empty")).or_default().push(i + 1),
        }
    }
    for ((code, what), rows) in bad {
        let listed: Vec<String> = rows.iter().take(10).map(|r| r.to_string()).collect();
        let id = match what {
            "day" => "stock-usage-day-unreadable",
            "negative" => "stock-usage-negative",
            _ => "stock-usage-empty",
        };
        found.push(finding(
            true,
            Msg::new(id)
                .arg("code", code)
                .arg("rows", listed.join(", "))
                .arg("n", rows.len()),
        ));
    }
    Ok(usage)
}

/// Too little history or data that stops before today: the projection would be low.
pub fn check_history(
    code: &str,
    daily: Option<&Daily>,
    today: NaiveDate,
    window: i64,
    stale_days: i64,
    found: &mut Vec<DataFinding>,
) {
    let window_start = today - chrono::Duration::days(window);
    let days = daily.map_or(0, |d| d.range(window_start..today).count() as i64);
    if days < window {
        found.push(finding(
            true,
            msg!(
                "stock-usage-short-history",
                code = code,
                days = days,
                window = window
            ),
        ));
    }
    let last = daily.and_then(|d| d.keys().next_back().copied());
    if let Some(last) = last {
        let age = (today - last).num_days();
        if age > stale_days {
            found.push(finding(
                true,
                msg!(
                    "stock-usage-stale",
                    code = code,
                    last = last.to_string(),
                    days = age,
                    limit = stale_days
                ),
            ));
        }
    }
}
