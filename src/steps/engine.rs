//! The one code path for `plan` (dry-run) and `run`: every step of the plan in order, each
//! journaled from start to end; a failed step with stop_on_fail skips the rest.

use crate::config::plan::Step;
use crate::config::step_spec::StepKind;
use crate::model::status::{StepResult, StepStatus};
use crate::msg;
use crate::platform::error;
use crate::record::journal::Event;
use crate::steps::{self, Ctx, Outcome};
use std::time::Instant;

fn late(step: &Step, ctx: &Ctx) -> bool {
    step.due
        .is_some_and(|d| ctx.today > d.in_year(ctx.year - 1))
}

/// `▸ clock · 环境时间检查（clock，截止 12-25，负责 一线工程师）`, in the process's language: no
/// position in the plan, so two provinces' plans diff step by step.
fn header(step: &Step, due: Option<&str>, late: bool) -> String {
    let owner = step
        .spec
        .owner
        .as_deref()
        .map(|o| crate::msg!("header-owner", owner = o).render());
    let due = due.map(|d| {
        let id = if late {
            "header-due-late"
        } else {
            "header-due"
        };
        crate::i18n::Msg::new(id).arg("date", d).render()
    });
    crate::msg!(
        "step-header",
        id = step.id(),
        title = step.title(),
        kind = step.kind().name(),
        due = due.unwrap_or_default(),
        owner = owner.unwrap_or_default()
    )
    .render()
}

/// Run every step in order. A failed step with stop_on_fail ends the run; the rest are skipped.
pub fn run_steps(ctx: &mut Ctx) -> anyhow::Result<Vec<StepResult>> {
    let mut results = Vec::new();
    let mut stopped_by: Option<String> = None;
    let plan = ctx.plan;
    for step in plan.steps.iter() {
        crate::platform::interrupt::check()?;
        let step_started = std::time::Instant::now();
        let due = step.due.map(|d| d.to_string());
        let is_late = late(step, ctx);
        ctx.out.line(header(step, due.as_deref(), is_late));
        let outcome = if let Some(by) = &stopped_by {
            Outcome::new(StepStatus::Skipped, msg!("step-skipped", by = by.as_str()))
        } else {
            ctx.record(Event::StepStart {
                step: step.id().into(),
                kind: step.kind().name().into(),
                title: step.title(),
            })?;
            let started = Instant::now();
            let outcome = match steps::run(step, ctx) {
                Ok(o) => o,
                Err(e) if crate::platform::interrupt::signal().is_some() => {
                    return Err(interrupted(ctx, step, e, started));
                }
                // Nobody answered in time: the run ends here, cleanly, releasing its locks.
                Err(e) if unanswered(&e) => {
                    stopped_by = Some(step.id().to_string());
                    Outcome::new(
                        StepStatus::Halted,
                        msg!("step-unanswered", why = e.to_string()),
                    )
                }
                Err(e) => {
                    // A step that cannot go on ends the run, but the journal still records how.
                    let code = error::exit_code(&e);
                    ctx.abort_code = Some(ctx.abort_code.map_or(code, |c| c.max(code)));
                    // After a failed read the other steps still run, so the engineer sees
                    // everything at once; after a failed statement nothing more is attempted.
                    if matches!(
                        step.kind(),
                        StepKind::Tablespaces | StepKind::Partitions | StepKind::Preflight
                    ) {
                        stopped_by = Some(step.id().to_string());
                    }
                    let error = crate::platform::secrets::redact(&format!("{e:#}"));
                    Outcome::new(StepStatus::Failed, msg!("step-error", error = error))
                }
            };
            ctx.record(Event::StepEnd {
                step: step.id().into(),
                status: outcome.status,
                duration_ms: started.elapsed().as_millis() as u64,
                level: outcome.level,
                message: outcome.msg.clone().into(),
            })?;
            outcome
        };
        ctx.out.line(format!(
            "      => {}",
            crate::msg!(
                "step-outcome",
                status = outcome.status.shown(),
                text = outcome.text()
            )
        ));
        if let (false, Some(hint)) = (outcome.status.is_ok(), step.hint()) {
            ctx.out.line(format!(
                "         {}",
                crate::msg!("step-hint", hint = hint.to_string())
            ));
        }
        if !outcome.status.is_ok()
            && !matches!(outcome.status, StepStatus::Skipped | StepStatus::Offline)
            && step.stop_on_fail()
            && stopped_by.is_none()
        {
            stopped_by = Some(step.id().to_string());
        }
        results.push(StepResult {
            id: step.id().into(),
            kind: step.kind().name().into(),
            title: step.title(),
            status: outcome.status,
            level: outcome.level,
            message: outcome.text(),
            msg: outcome.msg,
            due,
            late: is_late,
            duration_ms: step_started.elapsed().as_millis() as u64,
        });
    }
    Ok(results)
}

fn unanswered(e: &anyhow::Error) -> bool {
    use crate::model::ask::PromptEnded;
    matches!(
        e.downcast_ref::<PromptEnded>(),
        Some(PromptEnded::Unanswered { .. })
    )
}

/// A step stopped by a signal: its end is journaled with what was in flight, and the run stops.
fn interrupted(ctx: &mut Ctx, step: &Step, e: anyhow::Error, started: Instant) -> anyhow::Error {
    let signal = crate::platform::interrupt::signal()
        .unwrap_or("a signal")
        .to_string();
    let in_flight = e
        .downcast_ref::<crate::platform::interrupt::Interrupted>()
        .and_then(|i| i.in_flight.clone());
    // Ctrl-C at a prompt: the person cancelled, and nothing of the step was sent.
    let at_prompt = e.downcast_ref::<crate::model::ask::PromptEnded>().is_some();
    let message = if at_prompt {
        msg!("step-cancelled-at-prompt", signal = signal.as_str())
    } else {
        msg!("step-interrupted", signal = signal.as_str())
    };
    let recorded = ctx.record(Event::StepEnd {
        step: step.id().into(),
        status: if at_prompt {
            StepStatus::Halted
        } else {
            StepStatus::Failed
        },
        duration_ms: started.elapsed().as_millis() as u64,
        level: None,
        message: message.into(),
    });
    match recorded {
        Err(journal) => journal,
        Ok(()) => anyhow::Error::new(crate::platform::interrupt::Interrupted { signal, in_flight }),
    }
}

/// Exit code of a finished run: 0 all passed, 1 a check failed or a step halted, else the
/// code of the error that stopped a step (2 bad input, 3 runtime).
pub fn exit_code(results: &[StepResult], abort_code: Option<i32>) -> i32 {
    if let Some(code) = abort_code {
        code
    } else if results.iter().any(|r| r.status == StepStatus::Unsupported) {
        3
    } else if results
        .iter()
        .all(|r| r.status.is_ok() || r.status == StepStatus::Offline)
    {
        0
    } else {
        1
    }
}
