//! `partitions`: every time-partitioned table in scope gets partitions through December of the
//! new year, by its own period and key codec. Inspect all tables, report all, stop before DDL if
//! any blocks, execute, and end with a table-by-table verification every time.

mod probe;
mod quota;
pub mod scope;
mod show;
mod siblings;
mod touches;
mod verify;

use crate::config::plan::Step;
use crate::config::step_config::PartitionsConfig;
use crate::coverage::carry::Carry;
use crate::coverage::{self, NewPartition, Target, Verdict};
use crate::model::catalog::{Catalog, Table};
use crate::model::change::{NewPart, TableRef, Unit};
use crate::model::dialect::Dialect;
use crate::model::status::StepStatus;
use crate::msg;
use crate::platform::error;
use crate::run::apply::StillLocked;
use crate::steps::{Ctx, Outcome};
use chrono::NaiveDate;
use show::Counts;
use std::collections::{HashMap, HashSet};

pub(crate) struct Analysis<'a> {
    table: &'a Table,
    verdict: Verdict,
    /// Rows counted in the DEFAULT / MAXVALUE / catch-all partition before splitting it.
    tail_rows: Option<u64>,
    /// The coverage picture's 24 month cells (`coverage::months`), for a readable range table.
    months: Option<coverage::months::MonthCells>,
    /// MySQL: rows of the MAXVALUE partition REORGANIZE rewrites under a lock.
    copied_rows: Option<u64>,
    /// PostgreSQL: the children the new ones are compared with, and the new ones already there.
    recent: Option<coverage::siblings::Recent>,
    /// New children that differ from their siblings (`table.child lacks …`).
    differences: Vec<String>,
    /// What the siblings do not agree on among themselves.
    notes: Vec<String>,
}

fn new_parts(
    new: &[NewPartition],
    (carry, clauses): (&Carry, &[String]),
    stats_from: Option<&str>,
) -> Vec<NewPart> {
    new.iter()
        .map(|p| NewPart {
            clauses: clauses.to_vec(),
            stats_from: stats_from.map(str::to_string),
            name: p.name.clone(),
            lower: p.lower.clone(),
            upper: p.upper.clone(),
            tablespace: p.tablespace.clone(),
            unlogged: carry.unlogged,
            options: carry.options.clone(),
            segments: p.segments.clone(),
            subparts: p.subparts.clone(),
        })
        .collect()
}

fn table_ref(t: &Table) -> TableRef {
    TableRef {
        schema: t.schema.clone(),
        name: t.name.clone(),
    }
}

/// The newest partition that is not the tail: where new Oracle partitions copy statistics from.
fn newest_finite<'a>(a: &'a Analysis, tail: Option<&str>) -> Option<&'a str> {
    a.table
        .partitions
        .iter()
        .rev()
        .find(|p| Some(p.name.as_str()) != tail && !p.is_default)
        .map(|p| p.name.as_str())
}

/// The unit of one table to extend: the changes its dialect uses to add the new partitions.
fn unit_of(
    dialect: Dialect,
    cfg: &PartitionsConfig,
    a: &Analysis,
    version: Option<&str>,
) -> Option<Unit> {
    let Verdict::Extend(ext) = &a.verdict else {
        return None;
    };
    let sql = crate::db::sql_dialect_at(dialect, version);
    let table = table_ref(a.table);
    let copy = cfg.copy_stats && dialect == Dialect::Oracle;
    let from = newest_finite(a, ext.tail.as_deref()).filter(|_| copy);
    let parts = new_parts(&ext.new, (&ext.carry, &ext.attributes), from);
    // What the tail has of its own stays when it is rebuilt (MariaDB REORGANIZE).
    let tail_part = ext
        .tail
        .as_deref()
        .and_then(|t| a.table.partitions.iter().find(|p| p.name == t));
    let tail_clauses = tail_part
        .and_then(|p| p.carried.as_ref())
        .map(|c| coverage::attributes::clauses(&c.attributes))
        .unwrap_or_default();
    let kept = crate::db::dialect::Kept {
        directory: tail_part.and_then(|p| p.tablespace.as_deref()),
        clauses: &tail_clauses,
    };
    let tail = ext
        .tail
        .as_deref()
        .map(|t| (t, ext.tail_upper.as_ref(), kept));
    Some(Unit {
        target: table.full_name(),
        changes: sql.extension(&table, ext.key, &parts, tail, &ext.carry),
    })
}

fn analyze_all<'c>(
    cfg: &PartitionsConfig,
    ctx: &Ctx,
    catalog: &'c Catalog,
    year: i32,
) -> Vec<Analysis<'c>> {
    let mut tablespaces: Vec<String> = catalog.tablespaces.iter().map(|t| t.name.clone()).collect();
    tablespaces.extend(ctx.planned_tablespaces.iter().cloned());
    // PostgreSQL partitions are relations: a new name must be free in the whole schema. Built
    // once per schema, so the analysis stays linear in the number of tables.
    let mut taken: HashMap<&str, HashSet<String>> = HashMap::new();
    if ctx.dialect() == Dialect::Postgres {
        for o in &catalog.tables {
            let names = taken.entry(o.schema.as_str()).or_default();
            names.insert(o.name.clone());
            names.extend(o.partitions.iter().map(|p| p.name.clone()));
        }
    }
    let none = HashSet::new();
    let zone = ctx.site.zone();
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let site = &ctx.site.partitions;
    let dialect = ctx.dialect();
    let name_limit = catalog
        .max_identifier_bytes
        .unwrap_or_else(|| dialect.max_name_len());
    let analyze = |t: &&'c Table| {
        let full = t.full_name();
        let target = Target {
            year,
            dialect,
            tablespace_rule: cfg.tablespace.as_deref(),
            fill_gaps: cfg.fill_gaps,
            tablespaces: &tablespaces,
            taken_names: taken.get(t.schema.as_str()).unwrap_or(&none),
            name_limit,
            connected_as: catalog.connected_as.as_deref(),
            zone: (zone.name(), zone.offset_on(jan1)),
            stated: site.stated(&full),
            excluded: site.exclusion(&full),
        };
        let (verdict, months) = coverage::analyze_pictured(t, &target);
        let recent = coverage::recent(t, &target);
        Analysis {
            table: t,
            months,
            verdict,
            tail_rows: None,
            copied_rows: None,
            recent,
            differences: Vec::new(),
            notes: Vec::new(),
        }
    };
    let tables: Vec<&Table> = catalog
        .tables
        .iter()
        .filter(|t| scope::in_scope(cfg, t))
        .collect();
    crate::platform::util::on_two_cores(&tables, analyze)
}

/// The catalog of the step's schemas, and its scope checked against it.
fn inspect(
    step: &Step,
    cfg: &PartitionsConfig,
    ctx: &mut Ctx,
) -> anyhow::Result<(Vec<String>, Catalog, u64)> {
    let schemas = scope::schemas(step, cfg, ctx.site)?;
    let cached = ctx
        .scope_catalog
        .take()
        .filter(|(s, _, _)| *s == schemas && ctx.applier.sent == 0);
    let (catalog, reused_trips) = match cached {
        Some((_, catalog, trips)) => (catalog, trips),
        None => (
            ctx.db.inspect(&schemas).map_err(|e| {
                error::runtime(msg!("err-catalog-unreadable", cause = e.to_string()).render())
            })?,
            0,
        ),
    };
    let resolved = scope::resolve(step, cfg, &schemas, &catalog)?;
    ctx.out.line(format!("      {}", resolved.line()));
    show::record_scope(step, ctx, &resolved)?;
    Ok((schemas, catalog, reused_trips))
}

pub fn run(step: &Step, cfg: &PartitionsConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let trips_before = ctx.db.round_trips();
    let (schemas, catalog, reused_trips) = inspect(step, cfg, ctx)?;
    let mut analyses = analyze_all(cfg, ctx, &catalog, ctx.year);
    siblings::compare(step, ctx, &catalog, &mut analyses)?;
    siblings::directories_not_read(step, ctx, &catalog, &analyses)?;
    probe::tails(step, ctx, &mut analyses)?;
    quota::check(step, ctx, &catalog, &mut analyses)?;
    show::analyses(ctx, &analyses);
    let counts = Counts::of(&analyses);
    let trips = ctx.db.round_trips() - trips_before + reused_trips;
    show::record_inspection(step, ctx, &analyses, &counts, trips)?;
    show::record_gaps(step, ctx, &analyses)?;
    touches::report(step, ctx, &catalog)?;
    if !counts.blocked.is_empty() {
        return Ok(Outcome::at_level(
            StepStatus::Halted,
            step.level(),
            msg!("partitions-blocked", blocked = counts.blocked.clone()),
        ));
    }
    let version = catalog.parameters.get("version").cloned();
    let dialect = ctx.dialect();
    let unit_of = |a: &Analysis| unit_of(dialect, cfg, a, version.as_deref());
    show::stats_note(ctx, cfg, &analyses);
    if ctx.opts.dry_run {
        // No approval is asked: each table's unit is made, shown and dropped in turn, so 2,000
        // tables' changes are never all in memory at once.
        let statements = apply_all(step, ctx, analyses.iter().filter_map(unit_of), None)?;
        return Ok(dry_run_outcome(step, statements, &counts));
    }
    let units: Vec<Unit> = analyses.iter().filter_map(unit_of).collect();
    let statements: usize = units.iter().map(|u| u.changes.len()).sum();
    let mut created: Vec<(String, String, String)> = Vec::new();
    let mut placed = Vec::new();
    let mut planned_tablespaces = Vec::new();
    for a in &analyses {
        if let Verdict::Extend(ext) = &a.verdict {
            for p in &ext.new {
                let id = (a.table.schema.clone(), a.table.name.clone(), p.name.clone());
                planned_tablespaces.push(p.tablespace.clone());
                if !p.segments.is_empty() {
                    placed.push((id.clone(), p.segments.clone()));
                }
                created.push(id);
            }
        }
    }
    if let Some(halt) = ctx.unapproved(step, &units)? {
        return Ok(halt);
    }
    apply_all(step, ctx, units, Some(statements))?;
    let carries = analyses
        .iter()
        .filter_map(|a| match &a.verdict {
            Verdict::Extend(e) if !e.carry.is_empty() => {
                Some((a.table.full_name(), e.carry.clone()))
            }
            _ => None,
        })
        .collect();
    let applied = verify::Applied {
        created,
        planned_tablespaces,
        placed,
        executed: statements,
        extended: counts.extend,
        uncovered: counts.uncovered,
        carries,
    };
    verify::verify(step, cfg, ctx, &schemas, applied)
}

/// Through the one statement path, with a progress bar on a terminal during a run.
/// `total`: the statements of all the units, for the progress bar of a run; a dry-run has none.
/// Returns how many statements went through.
fn apply_all(
    step: &Step,
    ctx: &mut Ctx,
    units: impl IntoIterator<Item = Unit>,
    total: Option<usize>,
) -> anyhow::Result<usize> {
    let bar = total.and_then(|n| ctx.out.progress(n as u64, step.id()));
    let mut locked: Vec<Unit> = Vec::new();
    let mut statements = 0;
    for unit in units {
        let n = unit.changes.len();
        statements += n;
        if let Some(b) = &bar {
            // The table being extended now, beside the count and the time left.
            b.set_message(format!("{} {}", step.id(), unit.target));
        }
        match ctx.apply_unit(step.id(), &unit) {
            Ok(()) => {}
            // One locked table does not strand the others: come back to it at the end.
            Err(e) if e.downcast_ref::<StillLocked>().is_some() => {
                ctx.out.line(format!(
                    "      {}",
                    msg!("still-locked-later", table = unit.target.clone())
                ));
                locked.push(unit);
            }
            Err(e) => return Err(e),
        }
        if let Some(b) = &bar {
            b.inc(n as u64);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    retry_locked(step, ctx, locked)?;
    Ok(statements)
}

/// The tables skipped for a lock, once more after a pause; those still locked stop the step with
/// who holds them. Statements already done are not repeated (each unit resumes from the catalog).
fn retry_locked(step: &Step, ctx: &mut Ctx, locked: Vec<Unit>) -> anyhow::Result<()> {
    if locked.is_empty() {
        return Ok(());
    }
    std::thread::sleep(std::time::Duration::from_secs(2));
    let mut still = Vec::new();
    for unit in locked {
        match ctx.apply_unit(step.id(), &unit) {
            Ok(()) => {}
            Err(e) if e.downcast_ref::<StillLocked>().is_some() => still.push(unit),
            Err(e) => return Err(e),
        }
    }
    if still.is_empty() {
        return Ok(());
    }
    let named: Vec<String> = still
        .iter()
        .map(|u| {
            let holders = ctx.db.lock_holders(&u.target).unwrap_or_default();
            if holders.is_empty() {
                u.target.clone()
            } else {
                format!("{} (held by {})", u.target, holders.join("; "))
            }
        })
        .collect();
    Err(crate::platform::error::runtime(
        msg!(
            "partitions-still-locked",
            step = step.id().to_string(),
            tables = named.join(", "),
            hint = ctx.db.dialect().lock_inspect_hint()
        )
        .render(),
    ))
}

fn dry_run_outcome(step: &Step, statements: usize, c: &Counts) -> Outcome {
    let msg = msg!(
        "partitions-would-run",
        statements = statements,
        extend = c.extend,
        covered = c.covered
    );
    let mut found = msg.clone();
    if !c.uncovered.is_empty() {
        found = msg!(
            "partitions-need-review",
            planned = found,
            uncovered = c.uncovered.clone()
        );
    }
    if !c.unequal.is_empty() {
        let sep = msg!("list-sep").render();
        found = msg!(
            "partitions-unequal",
            planned = found,
            differences = c.unequal.join(&sep)
        );
    }
    if !c.uncovered.is_empty() || !c.unequal.is_empty() {
        return Outcome::at_level(StepStatus::Failed, step.level(), found);
    }
    let status = if statements == 0 {
        StepStatus::AlreadySatisfied
    } else {
        StepStatus::Planned
    };
    Outcome::new(status, msg)
}

/// Every partitions step's scope, checked before the first DDL of the run: a schema or a pattern
/// that selects nothing is an error (exit 2) before anything changes.
pub fn check_scope(
    step: &Step,
    cfg: &PartitionsConfig,
    site: &crate::config::site::Site,
    db: &mut dyn crate::db::Database,
) -> anyhow::Result<ScopeCatalog> {
    let schemas = scope::schemas(step, cfg, site)?;
    let before = db.round_trips();
    let catalog = db.inspect(&schemas).map_err(|e| {
        error::runtime(msg!("err-catalog-unreadable", cause = e.to_string()).render())
    })?;
    scope::resolve(step, cfg, &schemas, &catalog)?;
    Ok((schemas, catalog, db.round_trips() - before))
}

/// A catalog read for a scope check, with the schemas it covers and the round trips it took:
/// the first partitions step reuses it when nothing was executed since (no second read of
/// 26,000 rows at 2,000 tables), and counts those round trips as its own.
pub type ScopeCatalog = (Vec<String>, Catalog, u64);
