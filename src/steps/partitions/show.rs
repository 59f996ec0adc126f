//! What the partitions step tells the engineer and the journal about each table: one line per
//! table that needs attention, the counts per verdict, the scope, and gaps with the statement
//! that would fill them.

use super::scope::Resolved;
use super::Analysis;
use crate::config::plan::Step;
use crate::coverage::{Gaps, Verdict};
use crate::i18n::Msg;
use crate::model::status::Level;
use crate::msg;
use crate::record::journal::Event;
use crate::steps::Ctx;
use serde_json::json;

/// A review reason on one line, and the site-file lines it ends with (YAML to paste, each of its
/// lines a line of its own), indented under the verdict.
fn review_reason(reason: &str) -> (String, String) {
    let at = reason
        .find("partitions:\n")
        .and_then(|i| reason[..i].rfind('\n'));
    match at {
        Some(i) => (
            crate::platform::output::one_line(&reason[..i]),
            reason[i..].replace('\n', "\n        "),
        ),
        None => (crate::platform::output::one_line(reason), String::new()),
    }
}

fn verdict_line(a: &Analysis) -> String {
    // A catalog name is one line whatever it holds: only the hint's own layout breaks lines.
    let name = crate::platform::output::one_line(&a.table.full_name());
    let sep = msg!("list-sep").render();
    let gaps = |g: &Gaps| {
        if g.labels.is_empty() {
            String::new()
        } else {
            msg!("vl-gaps", labels = g.labels.join(&sep)).render()
        }
    };
    let line = match &a.verdict {
        Verdict::Extend(e) => {
            let tail = match (&e.tail, a.tail_rows) {
                (Some(t), Some(_)) if a.copied_rows.is_some() => {
                    let rows = a.copied_rows.unwrap_or_default();
                    msg!(
                        "vl-tail-copy",
                        tail = t.clone(),
                        rows = rows,
                        seconds = format!(
                            "{:.1}",
                            rows as f64 / crate::config::site::COPY_ROWS_PER_SECOND as f64
                        )
                    )
                    .render()
                }
                (Some(t), Some(n)) => msg!(
                    "vl-tail-rows",
                    tail = t.clone(),
                    n = n,
                    period = e.period.word()
                )
                .render(),
                (Some(t), None) => msg!("vl-tail-empty", tail = t.clone()).render(),
                (None, _) => String::new(),
            };
            msg!(
                "vl-extend",
                name = name,
                n = e.new.len(),
                period = e.period.word(),
                first = e.new[0].label.clone(),
                last = e.new[e.new.len() - 1].label.clone(),
                gaps = gaps(&e.gaps),
                tail = tail + &placed(&e.new)
            )
        }
        Verdict::Covered { gaps: g } => msg!("vl-covered", name = name, gaps = gaps(g)),
        Verdict::Review { reason, covered } => {
            let (reason, hint) = review_reason(reason);
            // "…add to the site file:" leads into the lines after the verdict's own words.
            let colon = [':', '：']
                .into_iter()
                .find(|c| !hint.is_empty() && reason.ends_with(*c))
                .map(String::from)
                .unwrap_or_default();
            let reason = reason
                .strip_suffix(colon.as_str())
                .unwrap_or(&reason)
                .to_string();
            let line = msg!(
                "vl-review",
                name = name,
                reason = reason,
                uncovered = if *covered {
                    String::new()
                } else {
                    msg!("vl-not-covered").render()
                }
            );
            return line.render() + &colon + &hint;
        }
        Verdict::Blocked { reason, hint } => match hint {
            None => msg!("vl-blocked", name = name, reason = reason.clone()),
            Some(h) => msg!(
                "vl-blocked-hint",
                name = name,
                reason = crate::platform::output::one_line(reason),
                hint = h.replace('\n', "\n        ")
            ),
        },
        Verdict::NotTimePartitioned { reason } => {
            msg!("vl-not-time", name = name, reason = reason.clone())
        }
        Verdict::Excluded { reason } => msg!("vl-excluded", name = name, reason = reason.clone()),
        Verdict::NotPartitioned => msg!("vl-plain", name = name),
    };
    line.render()
}

/// Where the siblings' rules put the new children, by rule: `; → ts_a, ts_b (same period last
/// year)`; nothing when the plan's rule or the database's default placed them.
fn placed(new: &[crate::coverage::NewPartition]) -> String {
    let mut by_rule: Vec<(crate::coverage::placement::Rule, Vec<&str>)> = Vec::new();
    for p in new {
        let (Some(rule), Some(ts)) = (p.placed_by, p.tablespace.as_deref()) else {
            continue;
        };
        match by_rule.iter_mut().find(|(r, _)| *r == rule) {
            Some((_, list)) if !list.contains(&ts) => list.push(ts),
            Some(_) => {}
            None => by_rule.push((rule, vec![ts])),
        }
    }
    let sep = msg!("list-sep").render();
    by_rule
        .iter()
        .map(|(rule, list)| {
            msg!(
                "vl-placed",
                tablespaces = list.join(&sep),
                rule = crate::i18n::Msg::new(rule.message_id()).render()
            )
            .render()
        })
        .collect()
}

/// Every table that needs attention, one line each, then the plain tables in one line.
pub(super) fn analyses(ctx: &mut Ctx, analyses: &[Analysis]) {
    for a in analyses.iter().filter(|a| {
        !matches!(a.verdict, Verdict::NotPartitioned | Verdict::Covered { .. })
            || matches!(&a.verdict, Verdict::Covered { gaps } if !gaps.labels.is_empty())
    }) {
        // A hint is YAML to paste: each of its lines a terminal line of its own (one line
        // through `Out::line` would show its newlines as `\n`, which cannot be pasted).
        for line in verdict_line(a).lines() {
            ctx.out.line(format!("      {line}"));
        }
    }
    let sep = msg!("list-sep").render();
    for a in analyses {
        let name = crate::platform::output::one_line(&a.table.full_name());
        if !a.differences.is_empty() {
            let m = msg!("sib-differs", differences = a.differences.join(&sep));
            ctx.out.line(format!("      {name}: {m}"));
        }
        if !a.notes.is_empty() {
            ctx.out.line(format!(
                "      {name}: {}",
                msg!("sib-notes", notes = a.notes.join(&sep))
            ));
        }
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
    /// `table: what` for each new partition that differs from its siblings.
    pub unequal: Vec<String>,
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
            unequal: differences(analyses),
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

/// `table: difference` for every new partition that differs from its siblings.
pub(super) fn differences(analyses: &[Analysis]) -> Vec<String> {
    analyses
        .iter()
        .flat_map(|a| {
            let name = a.table.full_name();
            a.differences.iter().map(move |d| format!("{name}: {d}"))
        })
        .collect()
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
            // [name, label, tablespace]: an array, not an object, per new partition (24,000 of
            // them in a 2,000-table plan).
            "new": e.new.iter().map(|p| json!([p.name, p.label, p.tablespace])).collect::<Vec<_>>(),
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
        Verdict::Blocked { .. } | Verdict::Review { covered: false, .. } => {
            crate::coverage::months::blocked(m)
        }
        _ => m.clone(),
    })
}

/// The step's counts as arguments of `m` (the journal's and the terminal's say the same numbers).
fn counted(m: Msg, tables: usize, c: &Counts) -> Msg {
    m.arg("tables", tables)
        .arg("extend", c.extend)
        .arg("covered", c.covered)
        .arg("excluded", c.excluded)
        .arg("not_time", c.not_time)
        .arg("review", c.review)
        .arg("blocked", c.blocked.len())
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
        message: counted(Msg::new("partitions-inspected"), analyses.len(), c).into(),
        figures,
    })?;
    ctx.out.line(format!(
        "      {}",
        counted(Msg::new("partitions-counts-line"), analyses.len(), c)
    ));
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
        let table = super::table_ref(a.table);
        let statements: Vec<String> = sql
            .extension(
                &table,
                key,
                &super::new_parts(&gaps.fillers, (&Default::default(), &[]), None),
                None,
                &Default::default(),
            )
            .iter()
            .map(|c| sql.render(c))
            .collect();
        for s in &statements {
            ctx.out.line(format!(
                "      {}",
                msg!("gap-filler-statement", sql = s.clone())
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
