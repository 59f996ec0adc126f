//! `templates` (票据模板): every bill type in use has its print and display templates synced.

use super::deadline::deadline_outcome;
use super::query::run_query;
use super::rowshape::{text, truthy, Shape};
use crate::config::plan::Step;
use crate::config::step_config::TemplatesConfig;
use crate::journal::Event;
use crate::model::status::StepStatus;
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
    for row in &rows.rows {
        let (code, tname) = (text(shape.value(row, 0)), text(shape.value(row, 1)));
        let (print, display) = (truthy(shape.value(row, 2)), truthy(shape.value(row, 3)));
        let mut missing = Vec::new();
        if !print {
            missing.push("打印模板");
        }
        if !display {
            missing.push("显示模板");
        }
        let versions = format!(
            "print {}, display {}",
            version(row, "print_version").unwrap_or_else(|| "-".into()),
            version(row, "display_version").unwrap_or_else(|| "-".into())
        );
        ctx.out.line(format!(
            "      {} {code} {tname}: {versions}{}",
            if missing.is_empty() {
                "ok  "
            } else {
                "MISSING"
            },
            if missing.is_empty() {
                String::new()
            } else {
                format!(" — 未同步: {}", missing.join("、"))
            }
        ));
        if !missing.is_empty() {
            problems.push(format!("{code} {tname} 未同步{}", missing.join("、")));
        }
        figures.push(json!({"type_code": code, "type_name": tname, "print_synced": print, "display_synced": display,
            "print_version": version(row, "print_version"), "display_version": version(row, "display_version")}));
    }
    let outcome = if rows.rows.is_empty() {
        Outcome::new(
            StepStatus::Failed,
            "[严重] the templates query returned no bill type in use",
        )
    } else {
        deadline_outcome(
            cfg.deadline,
            ctx,
            &problems,
            format!(
                "{} bill types in use: print and display templates synced",
                rows.rows.len()
            ),
        )
    };
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "templates".into(),
        passed: outcome.status == StepStatus::Passed,
        level: step.level().zh().into(),
        message: outcome.message.clone(),
        figures: json!({"bill_types": figures}),
    })?;
    Ok(outcome)
}
