//! `manual`: a zh-CN instruction, confirmed by a named operator (prompt or --confirm STEP).
//! A confirmation is journaled once and not asked again on resume.

use crate::config::plan::Step;
use crate::config::step_config::ManualConfig;
use crate::model::status::StepStatus;
use crate::msg;
use crate::record::journal::Event;
use crate::steps::{Ctx, Outcome};
use std::io::{IsTerminal, Write};

pub fn run(step: &Step, cfg: &ManualConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let instruction = cfg.instruction.as_str();
    if let Some(c) = ctx.history.confirmed.get(step.id()) {
        let at = crate::model::time::local_text(c.at);
        return Ok(Outcome::new(
            StepStatus::AlreadySatisfied,
            msg!(
                "manual-confirmed-at",
                operator = c.operator.as_str(),
                at = at
            ),
        ));
    }
    for line in instruction.lines() {
        ctx.out.line(format!("      操作说明: {line}"));
    }
    if ctx.opts.dry_run {
        return Ok(Outcome::new(StepStatus::Planned, msg!("manual-planned")));
    }
    let by_flag = ctx.opts.confirm.iter().any(|c| c == step.id());
    let operator = match (&ctx.opts.operator, by_flag) {
        (Some(op), true) => Some((op.clone(), "flag")),
        (None, true) => {
            return Ok(Outcome::new(
                StepStatus::AwaitingConfirmation,
                msg!("manual-needs-operator", step = step.id()),
            ))
        }
        (_, false) if std::io::stdin().is_terminal() => {
            ask(step, ctx.opts.operator.clone())?.map(|op| (op, "prompt"))
        }
        _ => None,
    };
    match operator {
        Some((op, via)) => {
            ctx.record(Event::ManualConfirmed {
                step: step.id().into(),
                operator: op.clone(),
                via: via.into(),
            })?;
            Ok(Outcome::new(
                StepStatus::Passed,
                msg!("manual-confirmed", operator = op),
            ))
        }
        None => Ok(Outcome::new(
            StepStatus::AwaitingConfirmation,
            msg!("manual-not-confirmed", step = step.id()),
        )),
    }
}

/// Ask on the terminal; returns the operator's name when confirmed.
fn ask(step: &Step, operator: Option<String>) -> anyhow::Result<Option<String>> {
    let read = |prompt: &str| -> anyhow::Result<String> {
        crate::platform::output::write_err(prompt, false);
        std::io::stderr().flush()?;
        let mut answer = String::new();
        crate::platform::output::read_line(&mut answer)?;
        Ok(answer.trim().to_string())
    };
    let answer = read(&format!(
        "      已完成「{}」？输入 yes 确认，直接回车暂不确认: ",
        step.title()
    ))?;
    if !answer.eq_ignore_ascii_case("yes") {
        return Ok(None);
    }
    match operator {
        Some(op) => Ok(Some(op)),
        None => {
            let name = read("      确认人姓名: ")?;
            Ok((!name.is_empty()).then_some(name))
        }
    }
}
