//! `stock` (库存): the province mode decides the rule; either way a shortage is never "done".
//! - old_year_bills_unusable: every bill type in use has new-year stock that is stocked (入库),
//!   valid on 1 January, and enough of it for the projected use from 01-01 to the cover date
//!   (01-15); this year's batches expiring before 12-31 are flagged.
//! - old_year_bills_usable: stocked batches valid today and through the cover date cover the
//!   projected use from today to it.
//!
//! The projection (`project.rs`) is the larger of the recent average and last year's same days
//! scaled by growth, times the safety factor; the vendor's rows are checked first (`read.rs`).
//! Before the deadline a shortage is action needed (待处理); after it, a failure.

mod project;
mod read;

use super::deadline::deadline_outcome;
use super::{Ctx, Outcome};
use crate::config::plan::{Mode, Step};
use crate::config::step_config::StockConfig;
use crate::config::types::MonthDay;
use crate::i18n::Msg;
use crate::model::status::{Level, StepStatus};
use crate::msg;
use crate::record::journal::Event;
use chrono::NaiveDate;
use project::{project, Daily, Projection};
use read::{BillType, DataFinding};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
struct Finding {
    type_code: String,
    type_name: String,
    ok: bool,
    message: Msg,
    /// Stock that counts: stocked (入库) and valid over the period covered.
    stock: i64,
    /// Issued to the hospital but not stocked yet: does not count.
    not_stocked: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    projection: Option<Projection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shortfall: Option<i64>,
}

/// What one bill type has for the period, against what it will use.
fn judge(code: &str, t: &BillType, p: Projection, valid: impl Fn(&read::Batch) -> bool) -> Finding {
    let stock: i64 = t
        .batches
        .iter()
        .filter(|b| b.stocked && valid(b))
        .map(|b| b.remaining.max(0))
        .sum();
    let not_stocked: i64 = t
        .batches
        .iter()
        .filter(|b| !b.stocked && valid(b))
        .map(|b| b.remaining.max(0))
        .sum();
    let short = p.projected - stock;
    let basis = Msg::new(&format!("stock-basis-{}", p.basis))
        .arg("recent", format!("{:.1}", p.recent_per_day))
        .arg("week", format!("{:.1}", p.busiest_week_per_day))
        .arg("last_year", p.last_year.unwrap_or(0))
        .arg("growth", format!("{:.2}", p.growth));
    let message = msg!(
        "stock-covers",
        stock = stock,
        from = p.from.to_string(),
        until = p.until.to_string(),
        projected = p.projected,
        days = p.days,
        factor = p.safety_factor.to_string(),
        basis = basis,
        short = short.max(0),
        not_stocked = not_stocked
    );
    Finding {
        type_code: code.to_string(),
        type_name: t.name.clone(),
        ok: short <= 0,
        message,
        stock,
        not_stocked,
        shortfall: (short > 0).then_some(short),
        projection: Some(p),
    }
}

struct Settings {
    cover: NaiveDate,
    window: i64,
    factor: f64,
}

fn settings(cfg: &StockConfig, year: i32) -> Settings {
    Settings {
        cover: cfg
            .cover_until
            .unwrap_or(MonthDay { month: 1, day: 15 })
            .in_year(year),
        window: cfg.usage_window_days.unwrap_or(30) as i64,
        factor: cfg.safety_factor.unwrap_or(1.2),
    }
}

/// Unusable mode: new-year stock, stocked and valid on 1 January, covers 01-01 to the cover date.
fn unusable(
    types: &BTreeMap<String, BillType>,
    usage: &BTreeMap<String, Daily>,
    s: &Settings,
    year: i32,
    today: NaiveDate,
) -> (Vec<Finding>, Vec<Msg>) {
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid");
    let dec31 = NaiveDate::from_ymd_opt(year - 1, 12, 31).expect("valid");
    let mut flags = Vec::new();
    let mut findings = Vec::new();
    for (code, t) in types {
        for b in t
            .batches
            .iter()
            .filter(|b| b.year == (year - 1) as i64 && b.valid_to < dec31)
        {
            flags.push(msg!(
                "stock-batch-expires-early",
                code = code.as_str(),
                name = t.name.as_str(),
                valid_to = b.valid_to.to_string(),
                dec31 = dec31.to_string()
            ));
        }
        let daily = usage.get(code);
        let p = project(
            daily.unwrap_or(&Daily::new()),
            today,
            jan1,
            s.cover,
            s.window,
            s.factor,
        );
        let new_year = |b: &read::Batch| {
            b.year == year as i64 && b.valid_from <= jan1 && b.valid_to >= s.cover
        };
        findings.push(judge(code, t, p, new_year));
    }
    (findings, flags)
}

/// Usable mode: stocked batches valid today and through the cover date cover today to it.
fn usable(
    types: &BTreeMap<String, BillType>,
    usage: &BTreeMap<String, Daily>,
    s: &Settings,
    today: NaiveDate,
) -> Vec<Finding> {
    types
        .iter()
        .map(|(code, t)| {
            let daily = usage.get(code);
            let p = project(
                daily.unwrap_or(&Daily::new()),
                today,
                today,
                s.cover,
                s.window,
                s.factor,
            );
            let valid = |b: &read::Batch| b.valid_from <= today && b.valid_to >= s.cover;
            judge(code, t, p, valid)
        })
        .collect()
}

pub fn run(step: &Step, cfg: &StockConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let mut data = Vec::new();
    let types = read::stock(step, cfg, ctx, &mut data)?;
    let usage = read::usage(step, cfg, ctx, &mut data)?;
    let s = settings(cfg, ctx.year);
    let stale = cfg.usage_stale_days.unwrap_or(3) as i64;
    for code in types.keys() {
        read::check_history(code, usage.get(code), ctx.today, s.window, stale, &mut data);
    }
    let (findings, flags) = match ctx.plan.mode {
        Mode::OldYearBillsUnusable => unusable(&types, &usage, &s, ctx.year, ctx.today),
        Mode::OldYearBillsUsable => (usable(&types, &usage, &s, ctx.today), Vec::new()),
    };
    show(ctx, &findings, &flags, &data);
    let outcome = outcome(cfg, ctx, &findings, &flags, &data);
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "stock".into(),
        passed: outcome.status == StepStatus::Passed,
        level: outcome.level.unwrap_or(step.level()),
        message: outcome.msg.clone().into(),
        figures: json!({
            "mode": ctx.plan.mode, "cover_until": s.cover, "window_days": s.window, "safety_factor": s.factor,
            "bill_types": findings, "flags": flags, "data_findings": data,
        }),
    })?;
    Ok(outcome)
}

fn show(ctx: &mut Ctx, findings: &[Finding], flags: &[Msg], data: &[DataFinding]) {
    for f in findings {
        ctx.out.line(format!(
            "      {} {} {}: {}",
            if f.ok {
                msg!("stock-ok")
            } else {
                msg!("stock-short")
            },
            f.type_code,
            f.type_name,
            f.message.render()
        ));
    }
    for flag in flags {
        ctx.out
            .line(format!("      {}", msg!("stock-note", text = flag.clone())));
    }
    for d in data {
        let level = if d.severe {
            Level::Severe
        } else {
            Level::General
        };
        ctx.out.line(format!(
            "      {}",
            msg!("stock-data", level = level.zh(), text = d.msg.clone())
        ));
    }
}

/// Untrusted data fails now; a shortage or a flag is action needed until the deadline, then a
/// failure; no bill type in use at all is a failure.
fn outcome(
    cfg: &StockConfig,
    ctx: &Ctx,
    findings: &[Finding],
    flags: &[Msg],
    data: &[DataFinding],
) -> Outcome {
    let severe: Vec<Msg> = data
        .iter()
        .filter(|d| d.severe)
        .map(|d| d.msg.clone())
        .collect();
    if !severe.is_empty() {
        return Outcome::at_level(
            StepStatus::Failed,
            Level::Severe,
            msg!("stock-data-untrusted", problems = severe),
        );
    }
    if findings.is_empty() {
        return Outcome::at_level(StepStatus::Failed, Level::Severe, msg!("stock-none"));
    }
    let mut problems: Vec<Msg> = findings
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
    problems.extend(flags.iter().cloned());
    deadline_outcome(
        cfg.deadline,
        ctx,
        &problems,
        msg!("stock-all-covered", n = findings.len()),
    )
}
