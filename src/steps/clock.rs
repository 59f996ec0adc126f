//! `clock`: every environment server within `max_drift` (default 10 minutes) of standard time.

use crate::clock::{self, Params};
use crate::config::plan::Step;
use crate::config::step_config::ClockConfig;
use crate::journal::Event;
use crate::model::status::StepStatus;
use crate::msg;
use crate::steps::{Ctx, Outcome};

pub fn params(cfg: Option<&ClockConfig>) -> Params {
    let d = Params::default();
    let Some(cfg) = cfg else { return d };
    Params {
        max_drift: cfg.max_drift.map_or(d.max_drift, |s| s.0),
        max_disagreement: cfg.max_disagreement.map_or(d.max_disagreement, |s| s.0),
        timeout: cfg.timeout.map_or(d.timeout, |s| s.0),
    }
}

/// Runs for real in a dry-run too: reading clocks changes nothing.
pub fn run(step: &Step, cfg: &ClockConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let report = clock::measure(
        &ctx.site.ntp,
        &ctx.site.clock_hosts,
        params(Some(cfg)),
        Some(&mut || ctx.db.server_now().map_err(|e| e.to_string())),
    );
    for line in report.lines() {
        ctx.out.line(format!("      {line}"));
    }
    for r in &report.reference {
        ctx.record(Event::Check {
            step: step.id().into(),
            name: format!("ntp {}", r.server),
            passed: r.offset_s.is_some(),
            level: crate::model::status::Level::General,
            message: msg!(
                "clock-reading",
                text = r
                    .error
                    .clone()
                    .unwrap_or_else(|| format!("offset {:+.3} s", r.offset_s.unwrap_or(0.0)))
            )
            .into(),
            figures: serde_json::to_value(r)?,
        })?;
    }
    for h in &report.hosts {
        ctx.record(Event::Check {
            step: step.id().into(),
            name: format!("clock {}", h.host),
            passed: h.passed,
            level: step.level(),
            message: msg!(
                "clock-reading",
                text = match (h.offset_s, &h.error) {
                    (Some(o), _) => format!("{o:+.3} s ±{:.3} s ({})", h.uncertainty_s, h.method),
                    (None, e) => e.clone().unwrap_or_default(),
                }
            )
            .into(),
            figures: serde_json::to_value(h)?,
        })?;
    }
    let summary = msg!("clock-summary", text = report.message);
    Ok(if report.passed {
        Outcome::new(StepStatus::Passed, summary)
    } else {
        Outcome::at_level(StepStatus::Failed, step.level(), summary)
    })
}
