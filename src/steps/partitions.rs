//! `partitions`: every monthly range-partitioned table in scope gets partitions through December
//! of the new year. Inspect all tables, report all, stop before DDL if any blocks, execute, and
//! end with a table-by-table verification every time.

use crate::change::{NewPart, TableRef, Unit};
use crate::config::plan::Step;
use crate::config::step_config::PartitionsConfig;
use crate::coverage::{self, bound_param, Target, Verdict};
use crate::db::TailProbe;
use crate::error;
use crate::journal::Event;
use crate::model::catalog::{Bound, Catalog, Table};
use crate::model::dialect::Dialect;
use crate::model::status::StepStatus;
use crate::msg;
use crate::steps::{Ctx, Outcome};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// Schemas a step works on: its own list, else the site's.
pub fn schemas(step: &Step, cfg: &PartitionsConfig, ctx: &Ctx) -> anyhow::Result<Vec<String>> {
    let list = cfg
        .schemas
        .clone()
        .unwrap_or_else(|| ctx.site.database.schemas.clone());
    if list.is_empty() {
        return Err(error::input(format!(
            "step `{}`: no schemas to work on: list them in the site file (database.schemas) or in the step (schemas)",
            step.id()
        )));
    }
    Ok(list)
}

fn in_scope(cfg: &PartitionsConfig, t: &Table) -> bool {
    let include = cfg
        .include
        .as_ref()
        .is_none_or(|pats| pats.iter().any(|p| crate::glob::matches(p, &t.name)));
    let exclude = cfg
        .exclude
        .as_ref()
        .is_some_and(|pats| pats.iter().any(|p| crate::glob::matches(p, &t.name)));
    include && !exclude
}

/// One unit per table to extend: the changes its dialect uses to add the new partitions.
fn units(ctx: &Ctx, analyses: &[Analysis]) -> Vec<Unit> {
    let sql = crate::db::sql_dialect(ctx.dialect());
    analyses
        .iter()
        .filter_map(|a| match &a.verdict {
            Verdict::Extend(ext) => Some((a, ext)),
            _ => None,
        })
        .map(|(a, ext)| {
            let table = TableRef {
                schema: a.table.schema.clone(),
                name: a.table.name.clone(),
            };
            let parts: Vec<NewPart> = ext
                .new
                .iter()
                .map(|p| NewPart {
                    name: p.name.clone(),
                    lower: p.lower.clone(),
                    upper: p.upper.clone(),
                    tablespace: p.tablespace.clone(),
                })
                .collect();
            Unit {
                target: table.full_name(),
                changes: sql.extension(&table, ext.key, &parts, ext.tail.as_deref()),
            }
        })
        .collect()
}

struct Analysis {
    table: Table,
    verdict: Verdict,
    /// Rows counted in the DEFAULT / MAXVALUE partition before splitting it.
    tail_rows: Option<u64>,
}

fn analyze_all(cfg: &PartitionsConfig, ctx: &Ctx, catalog: &Catalog, year: i32) -> Vec<Analysis> {
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
    catalog
        .tables
        .iter()
        .filter(|t| in_scope(cfg, t))
        .map(|t| {
            let target = Target {
                year,
                dialect: ctx.dialect(),
                tablespace_rule: cfg.tablespace.as_deref(),
                fill_gaps: cfg.fill_gaps,
                tablespaces: &tablespaces,
                taken_names: taken.get(t.schema.as_str()).unwrap_or(&none),
                name_limit: catalog
                    .max_identifier_bytes
                    .unwrap_or_else(|| ctx.dialect().max_name_len()),
            };
            Analysis {
                table: t.clone(),
                verdict: coverage::analyze(t, &target),
                tail_rows: None,
            }
        })
        .collect()
}

/// Rows already sitting in a DEFAULT / MAXVALUE partition where new partitions go: counted for
/// all tables in one query, and any such table blocks.
fn probe_tails(ctx: &mut Ctx, analyses: &mut [Analysis]) -> anyhow::Result<()> {
    let mut probes = Vec::new();
    let mut owners = Vec::new();
    for (i, a) in analyses.iter().enumerate() {
        if let Verdict::Extend(ext) = &a.verdict {
            // An empty DEFAULT partition (0 bytes on disk) holds no rows: nothing to count.
            let empty = a
                .table
                .partitions
                .iter()
                .any(|p| Some(&p.name) == ext.tail.as_ref() && p.default_bytes == Some(0));
            if let (Some(tail), false) = (&ext.tail, empty) {
                let dialect = ctx.dialect();
                let (first, last) = (
                    ext.new.first().expect("extend adds"),
                    ext.new.last().expect("extend adds"),
                );
                let filter = dialect == Dialect::Postgres;
                probes.push(TailProbe {
                    schema: a.table.schema.clone(),
                    table: a.table.name.clone(),
                    partition: tail.clone(),
                    key_column: ext.key_column.clone(),
                    from: if filter {
                        bound_param(&first.lower)
                    } else {
                        None
                    },
                    to: if filter {
                        bound_param(&last.upper)
                    } else {
                        None
                    },
                });
                owners.push(i);
            }
        }
    }
    let counts = ctx.db.tail_rows(&probes).map_err(|e| {
        error::runtime(format!(
            "cannot count rows in DEFAULT / MAXVALUE partitions: {e}"
        ))
    })?;
    for (n, i) in counts.into_iter().zip(owners) {
        analyses[i].tail_rows = Some(n);
        if n > 0 {
            let a = &mut analyses[i];
            let Verdict::Extend(ext) = &a.verdict else {
                continue;
            };
            let tail = ext.tail.clone().unwrap_or_default();
            let from = ext.new.first().map(|p| p.month.clone()).unwrap_or_default();
            a.verdict = Verdict::Blocked {
                reason: if ctx.dialect() == Dialect::Postgres {
                    format!("{n} rows for the new months (from {from}) already sit in the DEFAULT partition {tail}: new partitions cannot be created over them; move them with the tech center first")
                } else {
                    format!("the MAXVALUE partition {tail} holds {n} rows: splitting it would copy them (slow, locks the table); contact the tech center")
                },
            };
        }
    }
    Ok(())
}

fn verdict_line(a: &Analysis) -> String {
    let name = a.table.full_name();
    match &a.verdict {
        Verdict::Extend(e) => {
            let gaps = if e.unfilled_gaps.is_empty() {
                String::new()
            } else {
                format!("; gaps not filled: {}", e.unfilled_gaps.join(", "))
            };
            let tail = match (&e.tail, a.tail_rows) {
                (Some(t), Some(n)) => format!("; {t} holds {n} rows for these months"),
                (Some(t), None) => format!("; {t} is empty (0 bytes)"),
                (None, _) => String::new(),
            };
            format!(
                "extend   {name}: {} months {}…{}{gaps}{tail}",
                e.new.len(),
                e.new[0].month,
                e.new[e.new.len() - 1].month
            )
        }
        Verdict::Covered { unfilled_gaps } if unfilled_gaps.is_empty() => {
            format!("covered  {name}")
        }
        Verdict::Covered { unfilled_gaps } => format!(
            "covered  {name}; gaps not filled: {}",
            unfilled_gaps.join(", ")
        ),
        Verdict::Review { reason, covered } => {
            format!(
                "review   {name}: {reason}{}",
                if *covered {
                    ""
                } else {
                    " — NOT covered through the new year"
                }
            )
        }
        Verdict::Blocked { reason } => format!("BLOCKED  {name}: {reason}"),
        Verdict::NotPartitioned => format!("plain    {name}: not partitioned"),
    }
}

/// What the step found, counted by verdict.
struct Counts {
    extend: usize,
    covered: usize,
    plain: usize,
    blocked: Vec<String>,
    /// Tables that need review and are not covered through the new year.
    uncovered: Vec<String>,
}

impl Counts {
    fn of(analyses: &[Analysis]) -> Counts {
        let count = |f: fn(&Verdict) -> bool| analyses.iter().filter(|a| f(&a.verdict)).count();
        Counts {
            extend: count(|v| matches!(v, Verdict::Extend(_))),
            covered: count(|v| matches!(v, Verdict::Covered { .. })),
            plain: count(|v| matches!(v, Verdict::NotPartitioned)),
            blocked: analyses
                .iter()
                .filter_map(|a| match &a.verdict {
                    Verdict::Blocked { reason } => {
                        Some(format!("{}: {reason}", a.table.full_name()))
                    }
                    _ => None,
                })
                .collect(),
            uncovered: analyses
                .iter()
                .filter_map(|a| match &a.verdict {
                    Verdict::Review {
                        reason,
                        covered: false,
                    } => Some(format!("{}: {reason}", a.table.full_name())),
                    _ => None,
                })
                .collect(),
        }
    }
}

/// What this run did, for the verification.
struct Applied {
    /// (schema, table, partition) created by this run.
    created: Vec<(String, String, String)>,
    executed: usize,
    extended: usize,
    uncovered: Vec<String>,
}

pub fn run(step: &Step, cfg: &PartitionsConfig, ctx: &mut Ctx) -> anyhow::Result<Outcome> {
    let schemas = schemas(step, cfg, ctx)?;
    let catalog = ctx
        .db
        .inspect(&schemas)
        .map_err(|e| error::runtime(format!("cannot read the catalog: {e}")))?;
    let mut analyses = analyze_all(cfg, ctx, &catalog, ctx.year);
    probe_tails(ctx, &mut analyses)?;
    show_analyses(ctx, &analyses);
    let counts = Counts::of(&analyses);
    record_inspection(step, ctx, &analyses, &counts)?;
    if !counts.blocked.is_empty() {
        return Ok(Outcome::at_level(
            StepStatus::Halted,
            step.level(),
            msg!("partitions-blocked", blocked = counts.blocked.clone()),
        ));
    }
    let units = units(ctx, &analyses);
    let statements: usize = units.iter().map(|u| u.changes.len()).sum();
    let mut created: Vec<(String, String, String)> = Vec::new();
    for a in &analyses {
        if let Verdict::Extend(ext) = &a.verdict {
            created.extend(
                ext.new
                    .iter()
                    .map(|p| (a.table.schema.clone(), a.table.name.clone(), p.name.clone())),
            );
        }
    }
    if let Some(halt) = ctx.unapproved(step, statements)? {
        return Ok(halt);
    }
    apply_all(step, ctx, &units, statements)?;
    if ctx.opts.dry_run {
        return Ok(dry_run_outcome(step, statements, &counts));
    }
    let applied = Applied {
        created,
        executed: statements,
        extended: counts.extend,
        uncovered: counts.uncovered,
    };
    verify(step, cfg, ctx, &schemas, applied)
}

/// Every table that needs attention, one line each, then the plain tables in one line.
fn show_analyses(ctx: &mut Ctx, analyses: &[Analysis]) {
    for a in analyses
        .iter()
        .filter(|a| !matches!(a.verdict, Verdict::NotPartitioned | Verdict::Covered { .. }))
    {
        ctx.out.line(format!("      {}", verdict_line(a)));
    }
    for a in analyses
        .iter()
        .filter(|a| !a.table.unusable_indexes.is_empty())
    {
        ctx.out.line(format!(
            "      note: {} already has UNUSABLE indexes before the rollover: {}",
            a.table.full_name(),
            a.table.unusable_indexes.join(", ")
        ));
    }
    let plain_names: Vec<String> = analyses
        .iter()
        .filter(|a| a.verdict == Verdict::NotPartitioned)
        .map(|a| a.table.full_name())
        .collect();
    if !plain_names.is_empty() {
        ctx.out.line(format!(
            "      not partitioned (not extended): {}",
            plain_names.join(", ")
        ));
    }
}

fn record_inspection(
    step: &Step,
    ctx: &mut Ctx,
    analyses: &[Analysis],
    c: &Counts,
) -> anyhow::Result<()> {
    let figures = json!({
        "tables": analyses.iter().map(|a| json!({"table": a.table.full_name(), "verdict": a.verdict})).collect::<Vec<_>>(),
        "round_trips": ctx.db.round_trips(),
    });
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "inspect".into(),
        passed: c.blocked.is_empty(),
        level: step.level(),
        message: msg!(
            "partitions-inspected",
            tables = analyses.len(),
            extend = c.extend,
            covered = c.covered,
            review = analyses.len() - c.extend - c.covered - c.plain - c.blocked.len(),
            blocked = c.blocked.len(),
            plain = c.plain
        )
        .into(),
        figures,
    })?;
    ctx.out.line(format!(
        "      {} tables in scope: {} to extend, {} already covered, {} not partitioned",
        analyses.len(),
        c.extend,
        c.covered,
        c.plain
    ));
    Ok(())
}

/// Through the one statement path, with a progress bar on a terminal during a run.
fn apply_all(step: &Step, ctx: &mut Ctx, units: &[Unit], statements: usize) -> anyhow::Result<()> {
    let bar = if ctx.opts.dry_run {
        None
    } else {
        ctx.out.progress(statements as u64, step.id())
    };
    for unit in units {
        ctx.apply_unit(step.id(), unit)?;
        if let Some(b) = &bar {
            b.inc(unit.changes.len() as u64);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(())
}

fn dry_run_outcome(step: &Step, statements: usize, c: &Counts) -> Outcome {
    let msg = msg!(
        "partitions-would-run",
        statements = statements,
        extend = c.extend,
        covered = c.covered
    );
    if !c.uncovered.is_empty() {
        return Outcome::at_level(
            StepStatus::Failed,
            step.level(),
            msg!(
                "partitions-need-review",
                planned = msg,
                uncovered = c.uncovered.clone()
            ),
        );
    }
    let status = if statements == 0 {
        StepStatus::AlreadySatisfied
    } else {
        StepStatus::Planned
    };
    Outcome::new(status, msg)
}

/// Re-read the catalog and confirm, table by table, that every monthly table now reaches
/// December of the new year, with new partitions where the plan put them.
fn verify(
    step: &Step,
    cfg: &PartitionsConfig,
    ctx: &mut Ctx,
    schemas: &[String],
    applied: Applied,
) -> anyhow::Result<Outcome> {
    let catalog = ctx
        .db
        .inspect(schemas)
        .map_err(|e| error::runtime(format!("cannot re-read the catalog to verify: {e}")))?;
    let analyses = analyze_all(cfg, ctx, &catalog, ctx.year);
    let mut failures = coverage_failures(&analyses);
    failures.extend(misplaced(cfg, ctx, &catalog, &applied.created));
    let passed = failures.is_empty() && applied.uncovered.is_empty();
    let message = if passed {
        let tables = analyses
            .iter()
            .filter(|a| matches!(a.verdict, Verdict::Covered { .. }))
            .count();
        msg!("partitions-verified", tables = tables, year = ctx.year)
    } else {
        let all: Vec<String> = failures
            .iter()
            .chain(applied.uncovered.iter())
            .cloned()
            .collect();
        msg!("partitions-verify-failed", failures = all)
    };
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "verify".into(),
        passed,
        level: step.level(),
        message: message.clone().into(),
        figures: json!({"failures": failures, "not_covered": applied.uncovered, "statements": applied.executed}),
    })?;
    let shown = crate::model::status::leveled((!passed).then_some(step.level()), &message.render());
    ctx.out.line(format!("      verify: {shown}"));
    let status = if !passed {
        StepStatus::Failed
    } else if applied.executed > 0 {
        StepStatus::Executed
    } else {
        StepStatus::AlreadySatisfied
    };
    let summary = if applied.executed > 0 {
        msg!(
            "partitions-executed",
            statements = applied.executed,
            partitions = applied.created.len(),
            tables = applied.extended,
            verified = message
        )
    } else {
        message
    };
    Ok(if passed {
        Outcome::new(status, summary)
    } else {
        Outcome::at_level(status, step.level(), summary)
    })
}

/// Tables still short of the new year, blocked, or with an UNUSABLE index (a split without
/// UPDATE INDEXES, or anything else, must not leave one).
fn coverage_failures(analyses: &[Analysis]) -> Vec<String> {
    let mut failures: Vec<String> = analyses
        .iter()
        .filter_map(|a| match &a.verdict {
            Verdict::Extend(e) => Some(format!(
                "{} still lacks {} months from {}",
                a.table.full_name(),
                e.new.len(),
                e.new[0].month
            )),
            Verdict::Blocked { reason } => Some(format!("{}: {reason}", a.table.full_name())),
            _ => None,
        })
        .collect();
    failures.extend(
        analyses
            .iter()
            .filter(|a| !a.table.unusable_indexes.is_empty())
            .map(|a| {
                format!(
                    "{} has UNUSABLE indexes: {} (rebuild them; yearend never does)",
                    a.table.full_name(),
                    a.table.unusable_indexes.join(", ")
                )
            }),
    );
    failures
}

/// Partitions this run created that are not in the tablespace the plan named for their year.
fn misplaced(
    cfg: &PartitionsConfig,
    ctx: &Ctx,
    catalog: &Catalog,
    created: &[(String, String, String)],
) -> Vec<String> {
    let mut failures = Vec::new();
    let Some(rule) = &cfg.tablespace else {
        return failures;
    };
    if ctx.dialect() == Dialect::Mysql {
        return failures;
    }
    for t in catalog.tables.iter().filter(|t| in_scope(cfg, t)) {
        let ours = |name: &str| {
            created
                .iter()
                .any(|(s, tb, p)| *s == t.schema && *tb == t.name && p == name)
        };
        for p in t.partitions.iter().filter(|p| ours(&p.name)) {
            let year = p.lower.as_ref().and_then(bound_year).unwrap_or(ctx.year);
            let want = rule.replace("{year}", &year.to_string());
            if !p
                .tablespace
                .as_deref()
                .is_some_and(|ts| ts.eq_ignore_ascii_case(&want))
            {
                let actual = p.tablespace.as_deref().unwrap_or("(default)");
                failures.push(format!(
                    "{}.{} is in tablespace {actual}, not {want}",
                    t.full_name(),
                    p.name
                ));
            }
        }
    }
    failures
}

/// The year a lower bound falls in (dates, YYYYMM and YYYYMMDD numbers).
fn bound_year(b: &Bound) -> Option<i32> {
    use chrono::Datelike;
    match b {
        Bound::Date(d) => Some(d.year()),
        Bound::Int(n) if (100_000..1_000_000).contains(n) => Some((n / 100) as i32),
        Bound::Int(n) if (10_000_000..100_000_000).contains(n) => Some((n / 10_000) as i32),
        _ => None,
    }
}
