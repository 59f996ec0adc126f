//! `stock` (库存): the province mode decides the rule.
//! - old_year_bills_unusable: every bill type in use has a new-year batch valid on 1 January with
//!   numbers left, stocked before the deadline (12-25); this year's batches expiring early are flagged.
//! - old_year_bills_usable: usable stock (batches valid today and through cover_until, 01-15) covers
//!   the projected use from today through cover_until: average daily use over the window × days ×
//!   safety factor.

use super::deadline::deadline_outcome;
use super::query::run_query;
use super::rowshape::{date, int, need, text, truthy, Shape};
use crate::config::plan::{Mode, Step};
use crate::config::step_config::StockConfig;
use crate::config::types::MonthDay;
use crate::i18n::Msg;
use crate::journal::Event;
use crate::model::status::{Level, StepStatus};
use crate::msg;
use crate::steps::{Ctx, Outcome};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
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
pub const USAGE_COLUMNS: &[&str] = &["type_code", "usage_day", "issued"];

#[derive(Debug, Clone, Serialize)]
struct Batch {
    year: i64,
    valid_from: NaiveDate,
    valid_to: NaiveDate,
    remaining: i64,
}

#[derive(Debug, Default, Serialize)]
struct BillType {
    name: String,
    batches: Vec<Batch>,
}

#[derive(Debug, Serialize)]
struct Finding {
    type_code: String,
    type_name: String,
    ok: bool,
    message: Msg,
    #[serde(skip_serializing_if = "Option::is_none")]
    shortfall: Option<i64>,
}

fn read_stock(
    step: &Step,
    cfg: &StockConfig,
    ctx: &mut Ctx,
) -> anyhow::Result<BTreeMap<String, BillType>> {
    let name = &cfg.stock_query;
    let rows = run_query(step, ctx, name)?;
    let shape = Shape::new(&rows, name, step.id(), STOCK_COLUMNS)?;
    let mut types: BTreeMap<String, BillType> = BTreeMap::new();
    for (i, row) in rows.rows.iter().enumerate() {
        if !truthy(shape.value(row, 2)) {
            continue;
        }
        let code = text(shape.value(row, 0));
        let entry = types.entry(code).or_default();
        entry.name = text(shape.value(row, 1));
        if shape.value(row, 3).is_null() {
            continue; // a bill type in use with no batch at all
        }
        entry.batches.push(Batch {
            year: need(int(shape.value(row, 3)), step.id(), name, "batch_year", i)?,
            valid_from: need(date(shape.value(row, 4)), step.id(), name, "valid_from", i)?,
            valid_to: need(date(shape.value(row, 5)), step.id(), name, "valid_to", i)?,
            remaining: need(int(shape.value(row, 6)), step.id(), name, "remaining", i)?,
        });
    }
    Ok(types)
}

/// Daily issued counts by bill type: (day → count).
fn read_usage(
    step: &Step,
    cfg: &StockConfig,
    ctx: &mut Ctx,
) -> anyhow::Result<BTreeMap<String, BTreeMap<NaiveDate, i64>>> {
    let name = &cfg.usage_query;
    let rows = run_query(step, ctx, name)?;
    let shape = Shape::new(&rows, name, step.id(), USAGE_COLUMNS)?;
    let mut usage: BTreeMap<String, BTreeMap<NaiveDate, i64>> = BTreeMap::new();
    for (i, row) in rows.rows.iter().enumerate() {
        let day = need(date(shape.value(row, 1)), step.id(), name, "usage_day", i)?;
        let n = need(int(shape.value(row, 2)), step.id(), name, "issued", i)?;
        *usage
            .entry(text(shape.value(row, 0)))
            .or_default()
            .entry(day)
            .or_default() += n;
    }
    Ok(usage)
}

/// Unusable mode: a new-year batch valid on 1 January with numbers, per bill type in use; this
/// year's batches that expire before 12-31 are flagged.
fn unusable(types: &BTreeMap<String, BillType>, year: i32) -> (Vec<Finding>, Vec<Msg>) {
    let this_year = year - 1;
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid");
    let dec31 = NaiveDate::from_ymd_opt(this_year, 12, 31).expect("valid");
    let mut findings = Vec::new();
    let mut flags = Vec::new();
    for (code, t) in types {
        for b in t
            .batches
            .iter()
            .filter(|b| b.year == this_year as i64 && b.valid_to < dec31)
        {
            flags.push(msg!(
                "stock-batch-expires-early",
                code = code.as_str(),
                name = t.name.as_str(),
                valid_to = b.valid_to.to_string(),
                dec31 = dec31.to_string()
            ));
        }
        let stock: i64 = t
            .batches
            .iter()
            .filter(|b| b.year == year as i64 && b.valid_from <= jan1 && b.valid_to >= jan1)
            .map(|b| b.remaining.max(0))
            .sum();
        let ok = stock > 0;
        findings.push(Finding {
            type_code: code.clone(),
            type_name: t.name.clone(),
            ok,
            message: if ok {
                msg!(
                    "stock-new-year-batch",
                    year = year,
                    jan1 = jan1.to_string(),
                    stock = stock
                )
            } else {
                msg!(
                    "stock-no-new-year-batch",
                    year = year,
                    jan1 = jan1.to_string()
                )
            },
            shortfall: None,
        });
    }
    (findings, flags)
}

/// Usable mode: usable stock through the cover date against the projected use.
fn usable(
    types: &BTreeMap<String, BillType>,
    usage: &BTreeMap<String, BTreeMap<NaiveDate, i64>>,
    cfg: &StockConfig,
    year: i32,
    today: NaiveDate,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let cover = cfg
        .cover_until
        .unwrap_or(MonthDay { month: 1, day: 15 })
        .in_year(year);
    let window = cfg.usage_window_days.unwrap_or(30) as i64;
    let factor = cfg.safety_factor.unwrap_or(1.2);
    let window_start = today - chrono::Duration::days(window);
    let days = (cover - today).num_days() + 1;
    for (code, t) in types {
        let used: i64 = usage
            .get(code)
            .map(|d| d.range(window_start..today).map(|(_, n)| *n).sum())
            .unwrap_or(0);
        let average = used as f64 / window as f64;
        let projected = (average * days as f64 * factor).ceil() as i64;
        let usable: i64 = t
            .batches
            .iter()
            .filter(|b| b.valid_from <= today && b.valid_to >= cover)
            .map(|b| b.remaining.max(0))
            .sum();
        let short = projected - usable;
        findings.push(Finding {
            type_code: code.clone(),
            type_name: t.name.clone(),
            ok: short <= 0,
            message: if short > 0 {
                msg!("stock-usable-short")
            } else {
                msg!("stock-usable")
            }
            .arg("cover", cover.to_string())
            .arg("usable", usable)
            .arg("projected", projected)
            .arg("average", format!("{average:.1}"))
            .arg("window", window)
            .arg("days", days)
            .arg("factor", factor.to_string())
            .arg("short", short),
            shortfall: (short > 0).then_some(short),
        });
    }
    findings
}

pub fn run(step: &Step, cfg: &StockConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let types = read_stock(step, cfg, ctx)?;
    let (findings, flags) = match ctx.plan.mode {
        Mode::OldYearBillsUnusable => unusable(&types, ctx.year),
        Mode::OldYearBillsUsable => {
            let usage = read_usage(step, cfg, ctx)?;
            (usable(&types, &usage, cfg, ctx.year, ctx.today), Vec::new())
        }
    };
    for f in &findings {
        ctx.out.line(format!(
            "      {} {} {}: {}",
            if f.ok { "ok  " } else { "SHORT" },
            f.type_code,
            f.type_name,
            f.message.render()
        ));
    }
    for flag in &flags {
        ctx.out.line(format!("      note: {}", flag.render()));
    }
    let problems: Vec<Msg> = findings
        .iter()
        .filter(|f| !f.ok)
        .map(|f| {
            let (code, name) = (f.type_code.as_str(), f.type_name.as_str());
            match f.shortfall {
                Some(n) => msg!("stock-short-by", code = code, name = name, short = n),
                None => msg!(
                    "stock-problem",
                    code = code,
                    name = name,
                    problem = f.message.clone()
                ),
            }
        })
        .collect();
    let ok_message = msg!("stock-all-covered", n = findings.len());
    let outcome = if findings.is_empty() {
        Outcome::at_level(StepStatus::Failed, Level::Severe, msg!("stock-none"))
    } else {
        deadline_outcome(cfg.deadline, ctx, &problems, ok_message)
    };
    let outcome = if flags.is_empty() || outcome.status == StepStatus::Failed {
        outcome
    } else {
        let status = if outcome.status == StepStatus::Passed {
            StepStatus::Warning
        } else {
            outcome.status
        };
        Outcome {
            status,
            level: outcome.level,
            msg: msg!(
                "stock-with-flags",
                outcome = outcome.msg,
                flags = flags.clone()
            ),
        }
    };
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "stock".into(),
        passed: outcome.status == StepStatus::Passed,
        level: outcome.level.unwrap_or(step.level()),
        message: outcome.msg.clone().into(),
        figures: json!({"mode": ctx.plan.mode, "bill_types": findings, "flags": flags}),
    })?;
    Ok(outcome)
}
