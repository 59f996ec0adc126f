//! `templates` (票据模板): every bill type in use has its print and display templates synced.

use super::deadline::deadline_outcome;
use super::query::run_query;
use super::rowshape::{text, truthy, yes_no, Shape, YES_NO};
use crate::config::plan::Step;
use crate::config::step_config::TemplatesConfig;
use crate::model::status::{Level, StepStatus};
use crate::msg;
use crate::record::journal::Event;
use crate::steps::{Ctx, Outcome};
use serde_json::json;

pub const COLUMNS: &[&str] = &["type_code", "type_name", "print_synced", "display_synced"];

pub fn run(step: &Step, cfg: &TemplatesConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let name = &cfg.query;
    let rows = run_query(step, ctx, name)?;
    let shape = Shape::new(&rows, name, step.id(), COLUMNS)?;
    let version = |row: &[serde_json::Value], col: &str| {
        rows.column(col)
            .map(|i| text(&row[i]))
            .filter(|v| !v.is_empty())
    };
    let mut problems = Vec::new();
    let mut figures = Vec::new();
    let in_use_col = rows.column("in_use");
    let mut in_use_rows = 0;
    for row in &rows.rows {
        let (code, tname) = (text(shape.value(row, 0)), text(shape.value(row, 1)));
        // A query that returns in_use is read here, with the one parser; one that does not has
        // filtered the bill types in use itself.
        if let Some(c) = in_use_col {
            match yes_no(&row[c]) {
                Some(true) => {}
                Some(false) => continue,
                None => {
                    problems.push(msg!(
                        "templates-in-use-unreadable",
                        code = code.as_str(),
                        name = tname.as_str(),
                        value = row[c].to_string(),
                        accepted = YES_NO
                    ));
                    continue;
                }
            }
        }
        in_use_rows += 1;
        let (print, display) = (truthy(shape.value(row, 2)), truthy(shape.value(row, 3)));
        let mut missing = Vec::new();
        if !print {
            missing.push("打印模板");
        }
        if !display {
            missing.push("显示模板");
        }
        let versions = msg!(
            "templates-versions",
            print = version(row, "print_version").unwrap_or_else(|| "-".into()),
            display = version(row, "display_version").unwrap_or_else(|| "-".into())
        );
        ctx.out.line(format!(
            "      {} {code} {tname}: {versions}{}",
            if missing.is_empty() {
                msg!("templates-ok")
            } else {
                msg!("templates-missing")
            },
            if missing.is_empty() {
                String::new()
            } else {
                format!(
                    " — {}",
                    msg!("templates-unsynced-list", items = missing.join("、"))
                )
            }
        ));
        if !missing.is_empty() {
            let missing = missing.join("、");
            problems.push(msg!(
                "templates-unsynced",
                code = code.as_str(),
                name = tname.as_str(),
                missing = missing
            ));
        }
        figures.push(json!({"type_code": code, "type_name": tname, "print_synced": print, "display_synced": display,
            "print_version": version(row, "print_version"), "display_version": version(row, "display_version")}));
    }
    let outcome = if in_use_rows == 0 && problems.is_empty() {
        Outcome::at_level(StepStatus::Failed, Level::Severe, msg!("templates-none"))
    } else {
        deadline_outcome(
            cfg.deadline,
            ctx,
            &problems,
            msg!("templates-all-synced", n = in_use_rows),
        )
    };
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "templates".into(),
        passed: outcome.status == StepStatus::Passed,
        level: outcome.level.unwrap_or(step.level()),
        message: outcome.msg.clone().into(),
        figures: json!({"bill_types": figures}),
    })?;
    Ok(outcome)
}
