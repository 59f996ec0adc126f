//! `clock`: every environment server within `max_drift` (default 10 minutes) of standard time.

use crate::clock::{self, Params, Zone};
use crate::config::plan::Step;
use crate::config::site::Site;
use crate::config::step_config::ClockConfig;
use crate::db::Database;
use crate::journal::Event;
use crate::model::status::{Level, StepStatus};
use crate::msg;
use crate::steps::{Ctx, Outcome};

pub fn params(cfg: Option<&ClockConfig>, site: &Site) -> Params {
    let d = Params {
        min_sources: site.ntp_min_sources,
        zone: site.zone(),
        ..Params::default()
    };
    let Some(cfg) = cfg else { return d };
    Params {
        max_drift: cfg.max_drift.map_or(d.max_drift, |s| s.0),
        warn_drift: cfg.warn_drift.map_or(d.warn_drift, |s| s.0),
        max_disagreement: cfg.max_disagreement.map_or(d.max_disagreement, |s| s.0),
        timeout: cfg.timeout.map_or(d.timeout, |s| s.0),
        ..d
    }
}

/// The database server's own zone, when the database is a clock host.
pub fn database_zone(site: &Site, db: Option<&mut dyn Database>) -> Option<Result<Zone, String>> {
    if !site.clock_hosts.iter().any(|h| h == "database") {
        return None;
    }
    let db = db?;
    Some(
        db.server_zone()
            .map(|(name, offset_s)| Zone {
                name: Some(name),
                offset_s,
            })
            .map_err(|e| e.to_string()),
    )
}

/// Runs for real in a dry-run too: reading clocks changes nothing.
pub fn run(step: &Step, cfg: &ClockConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let zone = database_zone(ctx.site, Some(&mut *ctx.db));
    let report = clock::measure(
        &ctx.site.ntp,
        &ctx.site.clock_hosts,
        params(Some(cfg), ctx.site),
        Some(&mut || ctx.db.server_now().map_err(|e| e.to_string())),
        zone,
    );
    for line in report.lines() {
        ctx.out.line(format!("      {line}"));
    }
    for r in &report.reference {
        ctx.record(Event::Check {
            step: step.id().into(),
            name: format!("ntp {}", r.server),
            passed: r.role == Some(clock::Role::Chosen),
            level: Level::General,
            message: msg!("clock-reading", text = server_text(r)).into(),
            figures: serde_json::to_value(r)?,
        })?;
    }
    if let (Some(line), Some(chosen)) = (report.reference_line(), &report.chosen) {
        ctx.record(Event::Check {
            step: step.id().into(),
            name: "ntp reference".into(),
            passed: chosen.majority,
            level: step.level(),
            message: msg!("clock-reading", text = line).into(),
            figures: serde_json::to_value(chosen)?,
        })?;
    }
    for w in &report.warnings {
        ctx.record(Event::Check {
            step: step.id().into(),
            name: "clock note".into(),
            passed: false,
            level: Level::General,
            message: msg!("clock-reading", text = w.clone()).into(),
            figures: serde_json::to_value(&report.chosen)?,
        })?;
    }
    for h in &report.hosts {
        ctx.record(Event::Check {
            step: step.id().into(),
            name: format!("clock {}", h.host),
            passed: h.passed,
            level: step.level(),
            message: msg!("clock-reading", text = clock::host_line(h)).into(),
            figures: serde_json::to_value(h)?,
        })?;
    }
    let drifting = report
        .hosts
        .iter()
        .any(|h| h.verdict == clock::HostVerdict::Drifting);
    let text = match report.warnings.is_empty() {
        true => report.message.clone(),
        false => format!("{}; {}", report.message, report.warnings.join("; ")),
    };
    let summary = msg!("clock-summary", text = text);
    Ok(match (report.passed, drifting) {
        (false, _) => Outcome::at_level(StepStatus::Failed, step.level(), summary),
        (true, true) => Outcome::at_level(StepStatus::ActionNeeded, Level::General, summary),
        (true, false) => Outcome::new(StepStatus::Passed, summary),
    })
}

fn server_text(r: &clock::NtpReading) -> String {
    match (r.offset_s, r.role) {
        (Some(o), Some(clock::Role::Chosen)) => format!("offset {o:+.3} s, chosen"),
        (Some(o), Some(clock::Role::Falseticker)) => {
            format!("offset {o:+.3} s, falseticker (outside the agreeing majority)")
        }
        (Some(o), Some(clock::Role::Undecided)) => {
            format!("offset {o:+.3} s, no majority agrees with it")
        }
        _ => r.error.clone().unwrap_or_default(),
    }
}
