//! `manual`: a zh-CN instruction, confirmed by a named operator (prompt or --confirm STEP).
//! A confirmation is journaled once and not asked again on resume.

use crate::config::plan::Step;
use crate::config::step_config::ManualConfig;
use crate::model::ask::{Answer, Question};
use crate::model::status::StepStatus;
use crate::msg;
use crate::record::journal::Event;
use crate::steps::{Ctx, Outcome};

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
        ctx.out
            .line(format!("      {}", msg!("manual-instruction", line = line)));
    }
    if ctx.opts.dry_run {
        return Ok(Outcome::new(StepStatus::Planned, msg!("manual-planned")));
    }
    if ctx.opts.confirm.iter().any(|c| c == step.id()) {
        let Some(op) = ctx.opts.operator.clone() else {
            return Ok(Outcome::new(
                StepStatus::AwaitingConfirmation,
                msg!("manual-needs-operator", step = step.id()),
            ));
        };
        return confirmed(step, ctx, op, "flag");
    }
    let answer = ctx.ask(Question::ConfirmManual {
        step: step.id().into(),
        title: step.title(),
        operator: ctx.opts.operator.clone(),
    })?;
    match answer {
        Answer::Yes { operator: Some(op) } => confirmed(step, ctx, op, "prompt"),
        Answer::No => Ok(Outcome::new(
            StepStatus::AwaitingConfirmation,
            msg!("manual-declined", step = step.id()),
        )),
        _ => Ok(Outcome::new(
            StepStatus::AwaitingConfirmation,
            msg!("manual-not-confirmed", step = step.id()),
        )),
    }
}

fn confirmed(step: &Step, ctx: &mut Ctx, op: String, via: &str) -> anyhow::Result<Outcome> {
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
