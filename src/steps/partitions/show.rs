//! What the partitions step tells the engineer and the journal about each table: one line per
//! table that needs attention, the counts per verdict, the scope, and gaps with the statement
//! that would fill them.

use super::scope::Resolved;
use super::Analysis;
use crate::config::plan::Step;
use crate::coverage::{Gaps, Verdict};
use crate::journal::Event;
use crate::model::status::Level;
use crate::msg;
use crate::steps::Ctx;
use serde_json::json;

fn verdict_line(a: &Analysis) -> String {
    if crate::i18n::zh() {
        return verdict_line_zh(a);
    }
    let name = a.table.full_name();
    let gaps = |g: &Gaps| {
        if g.labels.is_empty() {
            String::new()
        } else {
            format!("; gaps not filled: {}", g.labels.join(", "))
        }
    };
    match &a.verdict {
        Verdict::Extend(e) => {
            let tail = match (&e.tail, a.tail_rows) {
                (Some(t), Some(n)) => {
                    format!("; {t} holds {n} rows for these {}s", e.period.word())
                }
                (Some(t), None) => format!("; {t} is empty (0 bytes)"),
                (None, _) => String::new(),
            };
            format!(
                "extend   {name}: {} {}…{}{}{tail}",
                e.period.count_text(e.new.len()),
                e.new[0].label,
                e.new[e.new.len() - 1].label,
                gaps(&e.gaps)
            )
        }
        Verdict::Covered { gaps: g } => format!("covered  {name}{}", gaps(g)),
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
        Verdict::Blocked { reason, hint } => match hint {
            None => format!("BLOCKED  {name}: {reason}"),
            Some(h) => format!(
                "BLOCKED  {name}: {reason}\n        to go on, add to the site file:\n        {}",
                h.replace('\n', "\n        ")
            ),
        },
        Verdict::NotTimePartitioned { reason } => {
            format!("info     {name}: not time-partitioned: not extended ({reason})")
        }
        Verdict::Excluded { reason } => format!("excluded {name}: {reason}"),
        Verdict::NotPartitioned => format!("plain    {name}: not partitioned"),
    }
}

/// The same line for a Chinese reader (names, bounds and SQL stay as the database spells them).
fn verdict_line_zh(a: &Analysis) -> String {
    let name = a.table.full_name();
    let gaps = |g: &Gaps| {
        if g.labels.is_empty() {
            String::new()
        } else {
            format!("；未补的空缺：{}", g.labels.join("、"))
        }
    };
    match &a.verdict {
        Verdict::Extend(e) => {
            let tail = match (&e.tail, a.tail_rows) {
                (Some(t), Some(n)) => format!("；{t} 中有 {n} 行属于这些新分区"),
                (Some(t), None) => format!("；{t} 为空（0 字节）"),
                (None, _) => String::new(),
            };
            format!(
                "扩展     {name}：{} 个新分区 {}…{}{}{tail}",
                e.new.len(),
                e.new[0].label,
                e.new[e.new.len() - 1].label,
                gaps(&e.gaps)
            )
        }
        Verdict::Covered { gaps: g } => format!("已覆盖   {name}{}", gaps(g)),
        Verdict::Review { reason, covered } => format!(
            "需复核   {name}：{reason}{}",
            if *covered {
                ""
            } else {
                "——新年度未覆盖"
            }
        ),
        Verdict::Blocked { reason, hint } => match hint {
            None => format!("受阻     {name}：{reason}"),
            Some(h) => format!(
                "受阻     {name}：{reason}\n        继续前请在站点文件中加入：\n        {}",
                h.replace('\n', "\n        ")
            ),
        },
        Verdict::NotTimePartitioned { reason } => {
            format!("信息     {name}：非时间分区，不扩展（{reason}）")
        }
        Verdict::Excluded { reason } => format!("已排除   {name}：{reason}"),
        Verdict::NotPartitioned => format!("普通表   {name}：未分区"),
    }
}

/// Every table that needs attention, one line each, then the plain tables in one line.
pub(super) fn analyses(ctx: &mut Ctx, analyses: &[Analysis]) {
    for a in analyses.iter().filter(|a| {
        !matches!(a.verdict, Verdict::NotPartitioned | Verdict::Covered { .. })
            || matches!(&a.verdict, Verdict::Covered { gaps } if !gaps.labels.is_empty())
    }) {
        ctx.out.line(format!("      {}", verdict_line(a)));
    }
    for a in analyses
        .iter()
        .filter(|a| !a.table.unusable_indexes.is_empty())
    {
        ctx.out.line(format!(
            "      {}",
            msg!(
                "partitions-unusable-before",
                table = a.table.full_name(),
                indexes = a.table.unusable_indexes.join(", ")
            )
        ));
    }
    let plain_names: Vec<String> = analyses
        .iter()
        .filter(|a| a.verdict == Verdict::NotPartitioned)
        .map(|a| a.table.full_name())
        .collect();
    if !plain_names.is_empty() {
        ctx.out.line(format!(
            "      {}",
            msg!("partitions-plain", tables = plain_names.join(", "))
        ));
    }
}

/// What the step found, counted by verdict.
pub(super) struct Counts {
    pub extend: usize,
    pub covered: usize,
    pub excluded: usize,
    /// LIST, HASH, id ranges and plain tables.
    pub not_time: usize,
    pub review: usize,
    pub blocked: Vec<String>,
    /// Tables that need review and are not covered through the new year.
    pub uncovered: Vec<String>,
}

impl Counts {
    pub fn of(analyses: &[Analysis]) -> Counts {
        let count = |f: fn(&Verdict) -> bool| analyses.iter().filter(|a| f(&a.verdict)).count();
        let listed = |f: fn(&Verdict) -> Option<&String>| -> Vec<String> {
            analyses
                .iter()
                .filter_map(|a| f(&a.verdict).map(|r| format!("{}: {r}", a.table.full_name())))
                .collect()
        };
        Counts {
            extend: count(|v| matches!(v, Verdict::Extend(_))),
            covered: count(|v| matches!(v, Verdict::Covered { .. })),
            excluded: count(|v| matches!(v, Verdict::Excluded { .. })),
            not_time: count(|v| {
                matches!(
                    v,
                    Verdict::NotPartitioned | Verdict::NotTimePartitioned { .. }
                )
            }),
            review: count(|v| matches!(v, Verdict::Review { .. })),
            blocked: listed(|v| match v {
                Verdict::Blocked { reason, .. } => Some(reason),
                _ => None,
            }),
            uncovered: listed(|v| match v {
                Verdict::Review {
                    reason,
                    covered: false,
                } => Some(reason),
                _ => None,
            }),
        }
    }
}

/// What the journal keeps of a verdict: its kind, its reason, and for an extension the new
/// partitions' names, periods and tablespaces (the statements themselves are journaled apart).
/// Kept small: at 2,000 tables the whole verdicts were most of a plan's memory.
fn summary(v: &Verdict) -> serde_json::Value {
    match v {
        Verdict::Extend(e) => json!({
            "verdict": "extend",
            "period": e.period,
            "key": e.key,
            "tail": e.tail,
            "new": e.new.iter().map(|p| json!({"name": p.name, "label": p.label, "tablespace": p.tablespace})).collect::<Vec<_>>(),
            "gaps": e.gaps.labels,
        }),
        Verdict::Covered { gaps } => json!({"verdict": "covered", "gaps": gaps.labels}),
        other => serde_json::to_value(other).unwrap_or_default(),
    }
}

/// The coverage cells as decided: additions of a table blocked after analysis are not coming.
fn months(a: &Analysis) -> Option<crate::coverage::months::MonthCells> {
    let m = a.months.as_ref()?;
    Some(match a.verdict {
        Verdict::Blocked { .. } => crate::coverage::months::blocked(m),
        _ => m.clone(),
    })
}

pub(super) fn record_inspection(
    step: &Step,
    ctx: &mut Ctx,
    analyses: &[Analysis],
    c: &Counts,
    round_trips: u64,
) -> anyhow::Result<()> {
    let figures = json!({
        "tables": analyses.iter().map(|a| {
            let m = months(a);
            let mut row = json!({"table": a.table.full_name(), "verdict": summary(&a.verdict), "months": m.as_ref().map(|m| m.cells.clone())});
            if let Some(m) = m.filter(|m| !m.days.is_empty()) {
                row["month_days"] = json!(m.days.iter().map(|(o, n)| [*o, *n]).collect::<Vec<_>>());
            }
            row
        }).collect::<Vec<_>>(),
        "counts": {"extend": c.extend, "covered": c.covered, "excluded": c.excluded, "not_time_partitioned": c.not_time,
                   "review": c.review, "blocked": c.blocked.len()},
        // Catalog reads of this step: a fixed number, whatever the number of tables.
        "round_trips": round_trips,
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
            excluded = c.excluded,
            not_time = c.not_time,
            review = c.review,
            blocked = c.blocked.len()
        )
        .into(),
        figures,
    })?;
    let line = if crate::i18n::zh() {
        format!(
            "      范围内 {} 张表：待扩展 {}，已覆盖 {}，已排除 {}，非时间分区 {}，需复核 {}，受阻 {}",
            analyses.len(),
            c.extend,
            c.covered,
            c.excluded,
            c.not_time,
            c.review,
            c.blocked.len()
        )
    } else {
        format!(
            "      {} tables in scope: {} to extend, {} already covered, {} excluded, {} not time-partitioned, {} to review, {} blocked",
            analyses.len(),
            c.extend,
            c.covered,
            c.excluded,
            c.not_time,
            c.review,
            c.blocked.len()
        )
    };
    ctx.out.line(line);
    Ok(())
}

/// How many tables each schema and pattern selected, for the report.
pub(super) fn record_scope(step: &Step, ctx: &mut Ctx, r: &Resolved) -> anyhow::Result<()> {
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "scope".into(),
        passed: true,
        level: step.level(),
        message: msg!("partitions-scope", tables = r.tables, detail = r.line()).into(),
        figures: serde_json::to_value(r)?,
    })
}

/// Periods of the closing year no partition holds: a 一般 finding with the statements that
/// would fill them (run only with `fill_gaps: true`).
pub(super) fn record_gaps(step: &Step, ctx: &mut Ctx, analyses: &[Analysis]) -> anyhow::Result<()> {
    let sql = crate::db::sql_dialect(ctx.dialect());
    let mut found = Vec::new();
    for a in analyses {
        let gaps = match &a.verdict {
            Verdict::Extend(e) => &e.gaps,
            Verdict::Covered { gaps } => gaps,
            _ => continue,
        };
        let Some(key) = gaps.key.filter(|_| !gaps.labels.is_empty()) else {
            continue;
        };
        let table = super::table_ref(&a.table);
        let statements: Vec<String> = sql
            .extension(
                &table,
                key,
                &super::new_parts(&gaps.fillers, &Default::default(), None),
                None,
                &Default::default(),
            )
            .iter()
            .map(|c| sql.render(c))
            .collect();
        for s in &statements {
            ctx.out.line(format!(
                "      to fill a gap (fill_gaps: true runs it): {s};"
            ));
        }
        found.push(
            json!({"table": a.table.full_name(), "gaps": gaps.labels, "statements": statements}),
        );
    }
    if found.is_empty() {
        return Ok(());
    }
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "gaps".into(),
        passed: false,
        level: Level::General,
        message: msg!("partitions-gaps", tables = found.len()).into(),
        figures: json!({ "tables": found }),
    })
}

/// Oracle without `copy_stats`: new partitions have no optimizer statistics until the nightly job
/// gathers them; said, so a plan flip at the first morning peak is not a surprise.
pub(super) fn stats_note(
    ctx: &mut Ctx,
    cfg: &crate::config::step_config::PartitionsConfig,
    analyses: &[Analysis],
) {
    if cfg.copy_stats || ctx.dialect() != crate::model::dialect::Dialect::Oracle {
        return;
    }
    let new: usize = analyses
        .iter()
        .map(|a| match &a.verdict {
            Verdict::Extend(e) => e.new.len(),
            _ => 0,
        })
        .sum();
    if new > 0 {
        ctx.out
            .line(format!("      {}", msg!("partitions-no-stats", n = new)));
    }
}
