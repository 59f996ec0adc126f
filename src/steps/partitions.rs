//! `partitions`: every monthly range-partitioned table in scope gets partitions through December
//! of the new year. Inspect all tables, report all, stop before DDL if any blocks, execute, and
//! end with a table-by-table verification every time.

use crate::catalog::{from_days, Bound, Catalog, KeyKind, Table};
use crate::config::plan::Step;
use crate::config::step_config::PartitionsConfig;
use crate::coverage::{self, bound_param, Extension, Target, Verdict};
use crate::db::TailProbe;
use crate::error;
use crate::journal::Event;
use crate::model::dialect::Dialect;
use crate::model::status::StepStatus;
use crate::sql;
use crate::sqlname::{qualified, quote};
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

/// A bound as a literal of the key's type. Oracle: DATE keys get the TO_DATE form HIGH_VALUE
/// shows, TIMESTAMP keys a TIMESTAMP literal; never a string in the session's date format.
fn literal(dialect: Dialect, key: KeyKind, b: &Bound, key_type: &str) -> String {
    match (key, b) {
        (_, Bound::Date(d))
            if dialect == Dialect::Oracle && key_type.to_uppercase().starts_with("TIMESTAMP") =>
        {
            format!("TIMESTAMP' {d} 00:00:00'")
        }
        (KeyKind::ToDays, Bound::Int(n)) => {
            format!(
                "TO_DAYS('{}')",
                from_days(*n).expect("day numbers we computed are dates")
            )
        }
        (_, Bound::Date(d)) => match dialect {
            Dialect::Oracle => format!(
                "TO_DATE(' {d} 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')"
            ),
            _ => format!("'{d}'"),
        },
        (_, Bound::Int(n)) => n.to_string(),
        (_, Bound::Text(t)) => crate::sqlname::string_literal(t),
        (_, other) => unreachable!("new partitions have finite bounds, not {other:?}"),
    }
}

/// The statements that add a table's missing months.
pub fn statements(dialect: Dialect, table: &Table, ext: &Extension) -> anyhow::Result<Vec<String>> {
    let parent = qualified(dialect, &table.schema, &table.name);
    match dialect {
        Dialect::Postgres => Ok(ext
            .new
            .iter()
            .map(|p| {
                sql::render(
                    "postgres/ddl/create_partition",
                    json!({
                        "partition": qualified(dialect, &table.schema, &p.name),
                        "table": parent,
                        "lower": literal(dialect, ext.key, &p.lower, &table.key_type),
                        "upper": literal(dialect, ext.key, &p.upper, &table.key_type),
                        "tablespace": p.tablespace.as_ref().map(|t| quote(dialect, t)),
                    }),
                )
            })
            .collect()),
        Dialect::Mysql => {
            let parts: Vec<_> = ext
                .new
                .iter()
                .map(|p| json!({"name": quote(dialect, &p.name), "upper": literal(dialect, ext.key, &p.upper, &table.key_type)}))
                .collect();
            Ok(vec![match &ext.tail {
                Some(tail) => sql::render(
                    "mysql/ddl/reorganize_tail",
                    json!({"table": parent, "tail": quote(dialect, tail), "partitions": parts}),
                ),
                None => sql::render(
                    "mysql/ddl/add_partitions",
                    json!({"table": parent, "partitions": parts}),
                ),
            }])
        }
        // One statement per month: ADD after the last partition, or SPLIT of the MAXVALUE
        // partition at the new month's upper bound (the lower half becomes the new month).
        Dialect::Oracle => Ok(ext
            .new
            .iter()
            .map(|p| {
                let vars = json!({
                    "table": parent,
                    "name": quote(dialect, &p.name),
                    "upper": literal(dialect, ext.key, &p.upper, &table.key_type),
                    "tablespace": p.tablespace.as_ref().map(|t| quote(dialect, t)),
                    "tail": ext.tail.as_ref().map(|t| quote(dialect, t)),
                });
                match &ext.tail {
                    Some(_) => sql::render("oracle/ddl/split_tail", vars),
                    None => sql::render("oracle/ddl/add_partition", vars),
                }
            })
            .collect()),
    }
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
        return Ok(Outcome::new(
            StepStatus::Halted,
            format!(
                "[{}] stopped before any DDL: {}",
                step.level().zh(),
                counts.blocked.join("; ")
            ),
        ));
    }
    let mut statements = Vec::new();
    let mut created: Vec<(String, String, String)> = Vec::new();
    for a in &analyses {
        if let Verdict::Extend(ext) = &a.verdict {
            statements.extend(self::statements(ctx.dialect(), &a.table, ext)?);
            created.extend(
                ext.new
                    .iter()
                    .map(|p| (a.table.schema.clone(), a.table.name.clone(), p.name.clone())),
            );
        }
    }
    if let Some(halt) = ctx.unapproved(step, statements.len())? {
        return Ok(halt);
    }
    execute_all(step, ctx, &statements)?;
    if ctx.opts.dry_run {
        return Ok(dry_run_outcome(step, statements.len(), &counts));
    }
    let applied = Applied {
        created,
        executed: statements.len(),
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
        level: step.level().zh().into(),
        message: format!(
            "{} tables in scope: {} to extend, {} covered, {} to review, {} blocked, {} not partitioned",
            analyses.len(),
            c.extend,
            c.covered,
            analyses.len() - c.extend - c.covered - c.plain - c.blocked.len(),
            c.blocked.len(),
            c.plain
        ),
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
fn execute_all(step: &Step, ctx: &mut Ctx, statements: &[String]) -> anyhow::Result<()> {
    let bar = if ctx.opts.dry_run {
        None
    } else {
        ctx.out.progress(statements.len() as u64, step.id())
    };
    for sql in statements {
        ctx.apply(step.id(), sql)?;
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(())
}

fn dry_run_outcome(step: &Step, statements: usize, c: &Counts) -> Outcome {
    let msg = format!(
        "{statements} statements for {} tables would run; {} tables already covered",
        c.extend, c.covered
    );
    if !c.uncovered.is_empty() {
        return Outcome::new(
            StepStatus::Failed,
            format!(
                "[{}] {msg}; not covered, need review: {}",
                step.level().zh(),
                c.uncovered.join("; ")
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
        format!(
            "verified table by table: {} monthly tables reach {}-12",
            analyses
                .iter()
                .filter(|a| matches!(a.verdict, Verdict::Covered { .. }))
                .count(),
            ctx.year
        )
    } else {
        format!(
            "[{}] verification failed: {}",
            step.level().zh(),
            failures
                .iter()
                .chain(applied.uncovered.iter())
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "verify".into(),
        passed,
        level: step.level().zh().into(),
        message: message.clone(),
        figures: json!({"failures": failures, "not_covered": applied.uncovered, "statements": applied.executed}),
    })?;
    ctx.out.line(format!("      verify: {message}"));
    let status = if !passed {
        StepStatus::Failed
    } else if applied.executed > 0 {
        StepStatus::Executed
    } else {
        StepStatus::AlreadySatisfied
    };
    let summary = if applied.executed > 0 {
        format!(
            "{} statements added {} partitions to {} tables; {message}",
            applied.executed,
            applied.created.len(),
            applied.extended
        )
    } else {
        message
    };
    Ok(Outcome::new(status, summary))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Partition;
    use crate::coverage::Target;
    use chrono::NaiveDate;

    fn oracle_table(
        schema: &str,
        name: &str,
        key_type: &str,
        bounds: Vec<Bound>,
        pmax: bool,
    ) -> Table {
        let mut partitions: Vec<Partition> = bounds
            .into_iter()
            .enumerate()
            .map(|(i, upper)| Partition {
                name: format!("P2026{:02}", i + 11),
                lower: None,
                upper,
                high_value: None,
                is_default: false,
                tablespace: Some("EINV_DATA_2026".into()),
                subpartitioned: false,
                default_bytes: None,
            })
            .collect();
        if pmax {
            partitions.push(Partition {
                name: "PMAX".into(),
                lower: None,
                upper: Bound::Max,
                high_value: None,
                is_default: false,
                tablespace: Some("EINV_DATA_2026".into()),
                subpartitioned: false,
                default_bytes: None,
            });
        }
        Table {
            schema: schema.into(),
            name: name.into(),
            strategy: "range".into(),
            key_columns: vec!["K".into()],
            key_type: key_type.into(),
            partitions,
            ..Default::default()
        }
    }

    fn first_two(table: &Table, limit: usize) -> Result<Vec<String>, String> {
        let tablespaces = ["EINV_DATA_2027".to_string()];
        let none = HashSet::new();
        let target = Target {
            year: 2027,
            dialect: Dialect::Oracle,
            tablespace_rule: Some("einv_data_{year}"),
            fill_gaps: false,
            tablespaces: &tablespaces,
            taken_names: &none,
            name_limit: limit,
        };
        match coverage::analyze(table, &target) {
            Verdict::Extend(ext) => Ok(statements(Dialect::Oracle, table, &ext)
                .unwrap()
                .into_iter()
                .take(2)
                .collect()),
            other => Err(format!("{other:?}")),
        }
    }

    fn date(y: i32, m: u32) -> Bound {
        Bound::Date(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
    }

    #[test]
    fn oracle_add_partition_for_every_key_kind() {
        let cases = [
            (
                "DATE",
                vec![date(2026, 12), date(2027, 1)],
                r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (TO_DATE(' 2027-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027""#,
            ),
            (
                "TIMESTAMP(6)",
                vec![date(2026, 12), date(2027, 1)],
                r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (TIMESTAMP' 2027-02-01 00:00:00') TABLESPACE "EINV_DATA_2027""#,
            ),
            (
                "NUMBER",
                vec![Bound::Int(202612), Bound::Int(202701)],
                r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (202702) TABLESPACE "EINV_DATA_2027""#,
            ),
            (
                "NUMBER",
                vec![Bound::Int(20261201), Bound::Int(20270101)],
                r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (20270201) TABLESPACE "EINV_DATA_2027""#,
            ),
            (
                "VARCHAR2",
                vec![Bound::Text("202612".into()), Bound::Text("202701".into())],
                r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN ('202702') TABLESPACE "EINV_DATA_2027""#,
            ),
        ];
        for (key_type, bounds, want) in cases {
            let got =
                first_two(&oracle_table("EINV", "BILL", key_type, bounds, false), 30).unwrap();
            assert_eq!(got[0], want, "{key_type}");
            crate::guard::ddl(&got[0]).unwrap();
        }
    }

    #[test]
    fn oracle_split_of_maxvalue_one_month_at_a_time_with_update_indexes() {
        let t = oracle_table(
            "EINV",
            "BILL",
            "DATE",
            vec![date(2026, 12), date(2027, 1)],
            true,
        );
        let got = first_two(&t, 30).unwrap();
        assert_eq!(
            got,
            vec![
                r#"ALTER TABLE "EINV"."BILL" SPLIT PARTITION "PMAX" AT (TO_DATE(' 2027-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P202701" TABLESPACE "EINV_DATA_2027", PARTITION "PMAX") UPDATE INDEXES"#,
                r#"ALTER TABLE "EINV"."BILL" SPLIT PARTITION "PMAX" AT (TO_DATE(' 2027-03-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P202702" TABLESPACE "EINV_DATA_2027", PARTITION "PMAX") UPDATE INDEXES"#,
            ]
        );
        for s in got {
            crate::guard::ddl(&s).unwrap();
        }
    }

    #[test]
    fn oracle_names_are_quoted_as_the_catalog_spells_them() {
        let t = oracle_table(
            "EInv",
            "Bill\"Log",
            "NUMBER",
            vec![Bound::Int(202612), Bound::Int(202701)],
            false,
        );
        let got = first_two(&t, 30).unwrap();
        assert!(
            got[0].starts_with(r#"ALTER TABLE "EInv"."Bill""Log" ADD PARTITION "P202701""#),
            "{}",
            got[0]
        );
    }

    #[test]
    fn oracle_identifier_limit_blocks_long_names_before_12_2() {
        let mut t = oracle_table(
            "EINV",
            "BILL",
            "DATE",
            vec![date(2026, 12), date(2027, 1)],
            false,
        );
        for p in &mut t.partitions {
            p.name = format!("EI_BILL_DETAIL_HISTORY_{}", p.name); // 30 bytes today, 30 tomorrow
        }
        assert!(first_two(&t, 30).is_ok());
        for p in &mut t.partitions {
            p.name = format!("X{}", p.name); // 31 bytes
        }
        let err = first_two(&t, 30).unwrap_err();
        assert!(err.contains("longer than 30 bytes"), "{err}");
        assert!(first_two(&t, 128).is_ok(), "12.2+ allows 128 bytes");
    }
}
