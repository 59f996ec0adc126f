//! `tablespaces`: next year's tablespaces beside this year's. Existing tablespaces and their files
//! are never touched; anything unexpected stops the step and sends the engineer to the tech center.
//! Each dialect finds what to create (`postgres.rs`, `oracle.rs`); checking, creating and
//! verifying are shared here.

mod oracle;
mod postgres;

use crate::config::plan::Step;
use crate::config::step_config::TablespacesConfig;
use crate::model::catalog::{Catalog, Tablespace};
use crate::model::change::{Change, Unit};
use crate::model::dialect::Dialect;
use crate::model::status::StepStatus;
use crate::msg;
use crate::platform::error;
use crate::record::journal::Event;
use crate::steps::{Ctx, Outcome};
use serde_json::json;

/// A tablespace to create, as a typed change.
pub struct Planned {
    from: String,
    name: String,
    /// Directory (PostgreSQL, Oracle files), ASM disk group (`+DATA`) or OMF destination.
    location: String,
    /// Oracle: datafiles the new tablespace gets.
    files: usize,
    /// Oracle: the bytes its new files take at creation.
    bytes: u64,
    change: Change,
}

#[derive(Default)]
pub struct Findings {
    planned: Vec<Planned>,
    already: Vec<String>,
    anomalies: Vec<String>,
    missing_dirs: Vec<String>,
    unknown_dirs: Vec<String>,
    /// Said and journaled, not a failure (free space checked, TDE inherited, …).
    notes: Vec<String>,
    /// Checks that could not run here: each a failed 一般 check, never a pass.
    unchecked: Vec<String>,
}

/// This year's tablespaces each rule matches, with next year's name (the year replaced once).
/// A rule matching nothing, or a name without the year exactly once, is an anomaly.
fn this_years<'a>(
    rules: &[String],
    catalog: &'a Catalog,
    year: i32,
    f: &mut Findings,
) -> Vec<(&'a Tablespace, String)> {
    let (this, next) = ((year - 1).to_string(), year.to_string());
    let mut found = Vec::new();
    for rule in rules {
        let pattern = rule.replace("{year}", &this);
        let matched: Vec<&Tablespace> = catalog
            .tablespaces
            .iter()
            .filter(|t| crate::model::glob::matches(&pattern, &t.name))
            .collect();
        if matched.is_empty() {
            f.anomalies.push(
                msg!(
                    "ts-no-match",
                    pattern = pattern.clone(),
                    rule = rule.clone(),
                    year = this.clone()
                )
                .render(),
            );
        }
        for ts in matched {
            if ts.name.matches(&this).count() == 1 {
                found.push((ts, ts.name.replacen(&this, &next, 1)));
            } else {
                f.anomalies.push(
                    msg!(
                        "ts-year-not-once",
                        name = ts.name.clone(),
                        year = this.clone()
                    )
                    .render(),
                );
            }
        }
    }
    found
}

/// What the report shows of a new tablespace's storage: its files, sizes and autoextend.
fn storage(change: &Change) -> serde_json::Value {
    match change {
        Change::CreateTablespace { storage, .. } => json!(storage),
        _ => serde_json::Value::Null,
    }
}

pub fn run(step: &Step, cfg: &TablespacesConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    if ctx.dialect() == Dialect::Mysql {
        return Ok(Outcome::new(
            StepStatus::Passed,
            msg!("tablespaces-not-applicable"),
        ));
    }
    let schemas = ctx.site.database.schemas.clone();
    let catalog = ctx.db.inspect(&schemas).map_err(|e| {
        error::runtime(msg!("err-catalog-unreadable", cause = e.to_string()).render())
    })?;
    let rules = &cfg.names;
    let f = match ctx.dialect() {
        Dialect::Oracle => oracle::find(rules, &catalog, ctx.year),
        _ => postgres::find(rules, ctx, &catalog),
    };
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "inspect".into(),
        passed: f.anomalies.is_empty() && f.missing_dirs.is_empty(),
        level: step.level(),
        message: msg!("tablespaces-inspected", planned = f.planned.len(), already = f.already.len(), anomalies = f.anomalies.len()).into(),
        figures: json!({
            "planned": f.planned.iter().map(|p| json!({"from": p.from, "name": p.name, "location": p.location, "storage": storage(&p.change)})).collect::<Vec<_>>(),
            "already": f.already, "anomalies": f.anomalies, "missing_directories": f.missing_dirs,
            "notes": f.notes, "not_checked": f.unchecked,
        }),
    })?;
    for p in &f.planned {
        ctx.out.line(format!(
            "      {}",
            msg!(
                "ts-planned-line",
                from = p.from.clone(),
                name = p.name.clone(),
                location = p.location.clone()
            )
        ));
    }
    for a in &f.already {
        ctx.out.line(format!(
            "      {}",
            msg!("ts-already-line", name = a.clone())
        ));
    }
    for n in &f.notes {
        ctx.out
            .line(format!("      {}", msg!("ts-note", text = n.clone())));
    }
    for u in &f.unchecked {
        ctx.out
            .line(format!("      {}", msg!("ts-unchecked", text = u.clone())));
        ctx.record(Event::Check {
            step: step.id().into(),
            name: "not-checked".into(),
            passed: false,
            level: crate::model::status::Level::General,
            message: msg!("ts-unchecked", text = u.clone()).into(),
            figures: json!({}),
        })?;
    }
    if !f.anomalies.is_empty() {
        return Ok(Outcome::at_level(
            StepStatus::Halted,
            step.level(),
            msg!("tablespaces-anomalies", anomalies = f.anomalies.clone()),
        ));
    }
    if !f.missing_dirs.is_empty() {
        let cmds: Vec<String> = f
            .missing_dirs
            .iter()
            .map(|d| format!("mkdir -p {d} && chown postgres:postgres {d} && chmod 700 {d}"))
            .collect();
        return Ok(Outcome::at_level(
            StepStatus::Halted,
            step.level(),
            msg!("tablespaces-missing-dirs", commands = cmds),
        ));
    }
    for d in &f.unknown_dirs {
        ctx.out
            .line(format!("      {}", msg!("ts-unknown-dir", dir = d.clone())));
    }
    if let Some(wait) = standby_gate(step, ctx, &f)? {
        return Ok(wait);
    }
    let units: Vec<Unit> = f
        .planned
        .iter()
        .map(|p| Unit {
            target: p.name.clone(),
            changes: vec![p.change.clone()],
        })
        .collect();
    let statements = units.len();
    if let Some(halt) = ctx.unapproved(step, &units)? {
        return Ok(halt);
    }
    for unit in &units {
        ctx.apply_unit(step.id(), unit)?;
    }
    if ctx.opts.dry_run {
        ctx.planned_tablespaces
            .extend(f.planned.iter().map(|p| p.name.clone()));
        return Ok(if statements == 0 {
            Outcome::new(
                StepStatus::AlreadySatisfied,
                msg!("tablespaces-already", n = f.already.len()),
            )
        } else {
            Outcome::new(
                StepStatus::Planned,
                msg!("tablespaces-would-create", n = statements),
            )
        });
    }
    verify(step, ctx, &schemas, &f, statements == 0)
}

/// PostgreSQL standbys replay CREATE TABLESPACE into the same directory on their own disk and
/// stop replaying when it is missing: before creating, a named operator confirms that every
/// standby has the directories (`--confirm STEP --operator NAME`, journaled once).
fn standby_gate(step: &Step, ctx: &mut Ctx, f: &Findings) -> anyhow::Result<Option<Outcome>> {
    if f.planned.is_empty() || ctx.dialect() != Dialect::Postgres {
        return Ok(None);
    }
    let standbys = ctx.db.standbys().map_err(|e| {
        error::runtime(msg!("err-standbys-unreadable", cause = e.to_string()).render())
    })?;
    if standbys.is_empty() {
        return Ok(None);
    }
    let dirs: Vec<String> = f.planned.iter().map(|p| p.location.clone()).collect();
    ctx.out.line(format!(
        "      {}",
        msg!(
            "ts-standbys-line",
            standbys = standbys.join(", "),
            dirs = dirs.join(", ")
        )
    ));
    if ctx.history.confirmed.contains_key(step.id()) {
        return Ok(None);
    }
    let by = ctx
        .opts
        .operator
        .clone()
        .filter(|_| ctx.opts.confirm.iter().any(|c| c == step.id()));
    match (by, ctx.opts.dry_run) {
        (Some(op), false) => {
            ctx.record(Event::ManualConfirmed {
                step: step.id().into(),
                operator: op,
                via: "flag".into(),
            })?;
            Ok(None)
        }
        (_, true) => Ok(None),
        (None, false) => Ok(Some(Outcome::new(
            StepStatus::AwaitingConfirmation,
            msg!(
                "tablespaces-standbys",
                standbys = standbys,
                dirs = dirs,
                step = step.id()
            ),
        ))),
    }
}

/// Re-read the catalog: every planned tablespace exists where it was planned.
fn verify(
    step: &Step,
    ctx: &mut Ctx,
    schemas: &[String],
    f: &Findings,
    nothing_to_do: bool,
) -> anyhow::Result<Outcome> {
    let after = ctx
        .db
        .inspect(schemas)
        .map_err(|e| error::runtime(msg!("err-catalog-reread", cause = e.to_string()).render()))?;
    let missing: Vec<String> = f
        .planned
        .iter()
        .filter(|p| !after.tablespaces.iter().any(|t| in_place(t, p)))
        .map(|p| p.name.clone())
        .collect();
    let passed = missing.is_empty();
    let message = if passed {
        msg!(
            "tablespaces-verified",
            created = f.planned.len(),
            already = f.already.len()
        )
    } else {
        msg!("tablespaces-verify-failed", missing = missing.join(", "))
    };
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "verify".into(),
        passed,
        level: step.level(),
        message: message.clone().into(),
        figures: json!({"missing": missing}),
    })?;
    let status = match (passed, nothing_to_do) {
        (false, _) => StepStatus::Failed,
        (true, true) => StepStatus::AlreadySatisfied,
        (true, false) => StepStatus::Executed,
    };
    Ok(if passed {
        Outcome::new(status, message)
    } else {
        Outcome::at_level(status, step.level(), message)
    })
}

/// The created tablespace is where it was planned: PostgreSQL in its directory; Oracle with all
/// its planned files in the planned directory or disk group.
fn in_place(t: &crate::model::catalog::Tablespace, p: &Planned) -> bool {
    t.name == p.name
        && match &t.location {
            Some(location) => *location == p.location,
            None => {
                t.files.len() == p.files && t.files.iter().all(|f| f.path.starts_with(&p.location))
            }
        }
}
