//! `clock`: every environment server within `max_drift` (default 10 minutes) of standard time.

use crate::clock::{self, DatabaseClock, Params, Zone};
use crate::config::plan::Step;
use crate::config::site::Site;
use crate::config::step_config::ClockConfig;
use crate::db::Database;
use crate::model::status::{Level, StepStatus};
use crate::msg;
use crate::record::journal::Event;
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

/// The database clocks to read when the database is a clock host: the site's session and, on
/// Oracle RAC, a session on every other open instance (each SYSTIMESTAMP is its own server's
/// clock). An instance that cannot be reached is a clock that cannot be read: said, not skipped.
pub fn database_clocks<'a>(
    site: &Site,
    url: &crate::db::url::DbUrl,
    db: Option<&'a mut dyn Database>,
) -> Vec<DatabaseClock<'a>> {
    if !site.clock_hosts.iter().any(|h| h == "database") {
        return Vec::new();
    }
    let Some(db) = db else {
        return Vec::new();
    };
    let others: Vec<DatabaseClock<'a>> = match db.instances() {
        Ok(list) => list
            .into_iter()
            .filter(|i| !i.current)
            .map(|i| instance_clock(url, i))
            .collect(),
        Err(e) => vec![DatabaseClock {
            name: "database instances".into(),
            now: Box::new(move || {
                Err(msg!("clock-instances-unlisted", cause = e.to_string()).render())
            }),
            zone: None,
        }],
    };
    let zone = Some(zone_of(db));
    let mut clocks = vec![DatabaseClock::primary(
        move || db.server_now().map_err(|e| e.to_string()),
        zone,
    )];
    clocks.extend(others);
    clocks
}

fn zone_of(db: &mut dyn Database) -> Result<Zone, String> {
    db.server_zone()
        .map(|(name, offset_s)| Zone {
            name: Some(name),
            offset_s,
        })
        .map_err(|e| e.to_string())
}

/// Another RAC instance's clock and zone, through a session of its own.
fn instance_clock<'a>(url: &crate::db::url::DbUrl, i: crate::db::Instance) -> DatabaseClock<'a> {
    let name = format!("database {}", i.name);
    match crate::db::connect_instance(url, &i.name) {
        Ok(mut other) => {
            let zone = Some(zone_of(&mut *other));
            DatabaseClock {
                name,
                now: Box::new(move || other.server_now().map_err(|e| e.to_string())),
                zone,
            }
        }
        Err(e) => {
            let why = msg!(
                "clock-instance-unreachable",
                instance = i.name.clone(),
                host = i.host.clone(),
                cause = e.to_string()
            )
            .render();
            DatabaseClock {
                name,
                now: Box::new(move || Err(why.clone())),
                zone: None,
            }
        }
    }
}

/// Runs for real in a dry-run too: reading clocks changes nothing.
pub fn run(step: &Step, cfg: &ClockConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let url = ctx.site.db_url();
    let databases = database_clocks(ctx.site, &url, Some(&mut *ctx.db));
    let report = clock::measure(
        &ctx.site.ntp,
        &ctx.site.clock_hosts,
        params(Some(cfg), ctx.site),
        databases,
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
        false => {
            let sep = if crate::i18n::zh() { "；" } else { "; " };
            format!("{}{sep}{}", report.message, report.warnings.join(sep))
        }
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
        (Some(o), Some(role)) => msg!(
            "clock-server-role",
            offset = format!("{o:+.3}"),
            role = match role {
                clock::Role::Chosen => "chosen",
                clock::Role::Falseticker => "falseticker",
                clock::Role::Undecided => "undecided",
            }
        )
        .render(),
        _ => r.error.clone().unwrap_or_default(),
    }
}
