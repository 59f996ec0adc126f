//! `tablespaces`: next year's tablespaces beside this year's. Existing tablespaces and their files
//! are never touched; anything unexpected stops the step and sends the engineer to the tech center.

use crate::catalog::Catalog;
use crate::config::plan::Step;
use crate::db::Dialect;
use crate::ddl;
use crate::error;
use crate::executor::{Ctx, Outcome};
use crate::journal::{Event, StepStatus};
use crate::sqlname::{quote, string_literal};
use serde_json::json;
use std::path::Path;

struct Planned {
    from: String,
    name: String,
    location: String,
}

#[derive(Default)]
struct Findings {
    planned: Vec<Planned>,
    already: Vec<String>,
    anomalies: Vec<String>,
    missing_dirs: Vec<String>,
    unknown_dirs: Vec<String>,
}

fn find(step: &Step, ctx: &mut Ctx, catalog: &Catalog) -> Findings {
    let (this, next) = (ctx.year - 1, ctx.year);
    let (this_s, next_s) = (this.to_string(), next.to_string());
    let mut f = Findings::default();
    for rule in step.spec.names.iter().flatten() {
        let pattern = rule.replace("{year}", &this_s);
        let matched: Vec<_> = catalog
            .tablespaces
            .iter()
            .filter(|t| crate::glob::matches(&pattern, &t.name))
            .collect();
        if matched.is_empty() {
            f.anomalies.push(format!(
                "no tablespace matches `{pattern}` (rule `{rule}`) for {this}"
            ));
        }
        for ts in matched {
            if ts.name.matches(&this_s).count() != 1 {
                f.anomalies.push(format!(
                    "tablespace {} does not hold the year {this} exactly once in its name",
                    ts.name
                ));
                continue;
            }
            let name = ts.name.replacen(&this_s, &next_s, 1);
            let location = ts.location.clone().unwrap_or_default();
            if location.is_empty() {
                f.anomalies.push(format!(
                    "tablespace {} has no directory of its own (default location)",
                    ts.name
                ));
                continue;
            }
            let path = Path::new(&location);
            let base = path
                .file_name()
                .map(|b| b.to_string_lossy().into_owned())
                .unwrap_or_default();
            if base.matches(&this_s).count() != 1 {
                f.anomalies.push(format!(
                    "the directory of {} ({location}) does not hold the year {this} exactly once in its name, so next year's directory cannot be derived",
                    ts.name
                ));
                continue;
            }
            let new_location = path
                .with_file_name(base.replacen(&this_s, &next_s, 1))
                .display()
                .to_string();
            if let Some(existing) = catalog.tablespaces.iter().find(|t| t.name == name) {
                if existing.location.as_deref() == Some(new_location.as_str()) {
                    f.already.push(name);
                } else {
                    f.anomalies.push(format!(
                        "tablespace {name} already exists in {}, not in {new_location} beside {}",
                        existing.location.as_deref().unwrap_or("(default)"),
                        ts.name
                    ));
                }
                continue;
            }
            if let Some(other) = catalog
                .tablespaces
                .iter()
                .find(|t| t.location.as_deref() == Some(new_location.as_str()))
            {
                f.anomalies.push(format!(
                    "directory {new_location} is already used by tablespace {}",
                    other.name
                ));
                continue;
            }
            match ctx.db.server_directory_exists(&new_location) {
                Some(true) => {}
                Some(false) => f.missing_dirs.push(new_location.clone()),
                None => f.unknown_dirs.push(new_location.clone()),
            }
            f.planned.push(Planned {
                from: ts.name.clone(),
                name,
                location: new_location,
            });
        }
    }
    f
}

pub fn run(step: &Step, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    match ctx.dialect() {
        Dialect::Mysql => {
            return Ok(Outcome::new(
                StepStatus::Passed,
                "not applicable: MySQL/MariaDB has no per-year tablespaces (partitions stay in their table's tablespace)",
            ))
        }
        Dialect::Oracle => return Err(error::runtime("Oracle tablespaces are not in this version yet (issue #4)")),
        Dialect::Postgres => {}
    }
    let schemas = ctx.site.database.schemas.clone();
    let catalog = ctx
        .db
        .inspect(&schemas)
        .map_err(|e| error::runtime(format!("cannot read the catalog: {e}")))?;
    let f = find(step, ctx, &catalog);
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "inspect".into(),
        passed: f.anomalies.is_empty() && f.missing_dirs.is_empty(),
        level: step.level().zh().into(),
        message: format!("{} to create, {} already exist, {} anomalies", f.planned.len(), f.already.len(), f.anomalies.len()),
        figures: json!({
            "planned": f.planned.iter().map(|p| json!({"from": p.from, "name": p.name, "location": p.location})).collect::<Vec<_>>(),
            "already": f.already, "anomalies": f.anomalies, "missing_directories": f.missing_dirs,
        }),
    })?;
    for p in &f.planned {
        ctx.out
            .line(format!("      {} → {} in {}", p.from, p.name, p.location));
    }
    for a in &f.already {
        ctx.out
            .line(format!("      {a} already exists beside this year's"));
    }
    if !f.anomalies.is_empty() {
        return Ok(Outcome::new(
            StepStatus::Halted,
            format!(
                "[{}] stopped, nothing created: {}. Existing tablespaces are never changed: contact the tech center (技术中心).",
                step.level().zh(),
                f.anomalies.join("; ")
            ),
        ));
    }
    if !f.missing_dirs.is_empty() {
        let cmds: Vec<String> = f
            .missing_dirs
            .iter()
            .map(|d| format!("mkdir -p {d} && chown postgres:postgres {d} && chmod 700 {d}"))
            .collect();
        return Ok(Outcome::new(
            StepStatus::Halted,
            format!(
                "[{}] the new tablespace directories do not exist on the database server. As root there, run: {} — then run yearend again",
                step.level().zh(),
                cmds.join("; ")
            ),
        ));
    }
    for d in &f.unknown_dirs {
        ctx.out.line(format!(
            "      note: cannot check {d} from here (needs pg_read_server_files); it must exist, be empty and belong to the server's OS user"
        ));
    }
    let statements: Vec<String> = f
        .planned
        .iter()
        .map(|p| {
            ddl::render(
                "postgres/create_tablespace",
                json!({"name": quote(Dialect::Postgres, &p.name), "location": string_literal(&p.location)}),
            )
        })
        .collect();
    if let Some(halt) = ctx.unapproved(step, statements.len())? {
        return Ok(halt);
    }
    for sql in &statements {
        ctx.apply(step.id(), sql)?;
    }
    if ctx.opts.dry_run {
        ctx.planned_tablespaces
            .extend(f.planned.iter().map(|p| p.name.clone()));
        return Ok(if statements.is_empty() {
            Outcome::new(
                StepStatus::AlreadySatisfied,
                format!("{} next-year tablespaces already exist", f.already.len()),
            )
        } else {
            Outcome::new(
                StepStatus::Planned,
                format!("{} tablespaces would be created", statements.len()),
            )
        });
    }
    let after = ctx
        .db
        .inspect(&schemas)
        .map_err(|e| error::runtime(format!("cannot re-read the catalog to verify: {e}")))?;
    let missing: Vec<String> = f
        .planned
        .iter()
        .filter(|p| {
            !after
                .tablespaces
                .iter()
                .any(|t| t.name == p.name && t.location.as_deref() == Some(p.location.as_str()))
        })
        .map(|p| p.name.clone())
        .collect();
    let passed = missing.is_empty();
    let message = if passed {
        format!(
            "verified: {} created, {} already there",
            f.planned.len(),
            f.already.len()
        )
    } else {
        format!(
            "[{}] verification failed: not found after creation: {}",
            step.level().zh(),
            missing.join(", ")
        )
    };
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "verify".into(),
        passed,
        level: step.level().zh().into(),
        message: message.clone(),
        figures: json!({"missing": missing}),
    })?;
    let status = match (passed, statements.is_empty()) {
        (false, _) => StepStatus::Failed,
        (true, true) => StepStatus::AlreadySatisfied,
        (true, false) => StepStatus::Executed,
    };
    Ok(Outcome::new(status, message))
}
