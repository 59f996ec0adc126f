//! Rows already sitting in the partition new ones are split from (PostgreSQL DEFAULT, MAXVALUE,
//! a catch-all): counted for all tables in one query; rows of the new year there block the
//! table. MySQL/MariaDB: REORGANIZE rewrites every row of the MAXVALUE partition under a lock, so
//! those are counted too and said with an estimate of the time; above the site's
//! `partitions.max_rows_to_move` the table waits for `--confirm <step>`.

use super::Analysis;
use crate::config::plan::Step;
use crate::coverage::{bound_param, review, Verdict};
use crate::db::{KeyExpression, TailProbe};
use crate::model::dialect::Dialect;
use crate::msg;
use crate::platform::error;
use crate::steps::Ctx;
use chrono::NaiveDate;

pub(super) fn tails(step: &Step, ctx: &mut Ctx, analyses: &mut [Analysis]) -> anyhow::Result<()> {
    let mut probes = Vec::new();
    // Whose each probe is, and whether it counts every row of the tail (MySQL) or the new
    // partitions' rows only.
    let mut owners: Vec<(usize, Counted)> = Vec::new();
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
                // PostgreSQL: rows the new partitions would own. A MAXVALUE or catch-all tail
                // (split or reorganized): rows from the new year on; this year's rows in a
                // catch-all move with it into their period's partition.
                let (from, to) = if dialect == Dialect::Postgres {
                    (bound_param(&first.lower), bound_param(&last.upper))
                } else {
                    let jan1 = NaiveDate::from_ymd_opt(ctx.year, 1, 1).expect("valid year");
                    let from = ext
                        .key
                        .encode(first.start.max(jan1))
                        .unwrap_or(first.lower.clone());
                    (bound_param(&from), None)
                };
                let probe = TailProbe {
                    schema: a.table.schema.clone(),
                    table: a.table.name.clone(),
                    partition: tail.clone(),
                    key_column: ext.key_column.clone(),
                    key_expression: a
                        .table
                        .key_expression
                        .as_deref()
                        .and_then(KeyExpression::of),
                    from,
                    to,
                };
                if dialect == Dialect::Mysql {
                    probes.push(TailProbe {
                        from: None,
                        to: None,
                        ..probe.clone()
                    });
                    owners.push((i, Counted::Everything));
                }
                probes.push(probe);
                owners.push((i, Counted::NewRows));
            }
        }
    }
    let counts = ctx
        .db
        .tail_rows(&probes)
        .map_err(|e| error::runtime(msg!("err-tail-rows", cause = e.to_string()).render()))?;
    for (n, (i, counted)) in counts.into_iter().zip(owners) {
        if counted == Counted::Everything {
            copies(step, ctx, &mut analyses[i], n);
            continue;
        }
        analyses[i].tail_rows = Some(n);
        if n > 0 {
            let a = &mut analyses[i];
            let Verdict::Extend(ext) = &a.verdict else {
                continue;
            };
            let tail = ext.tail.clone().unwrap_or_default();
            let from = ext.new.first().map(|p| p.label.clone()).unwrap_or_default();
            let period = ext.period.word();
            a.verdict = Verdict::Blocked {
                reason: if ctx.dialect() == Dialect::Postgres {
                    msg!(
                        "cov-rows-in-default",
                        n = n,
                        period = period,
                        from = from,
                        tail = tail
                    )
                    .render()
                } else {
                    msg!("cov-rows-in-tail", n = n, tail = tail).render()
                },
                hint: None,
            };
        }
    }
    Ok(())
}

/// What a tail probe counts. A table's `Everything` comes before its `NewRows`, so a table that
/// waits for confirmation is not also blocked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Counted {
    Everything,
    NewRows,
}

/// MySQL: every row of the MAXVALUE partition is rewritten by REORGANIZE while the table is
/// locked. Said on the plan line with an estimate; above the site's limit the table waits for
/// `--confirm <step>`.
fn copies(step: &Step, ctx: &Ctx, a: &mut Analysis, rows: u64) {
    a.copied_rows = Some(rows);
    let limit = ctx.site.partitions.max_rows_to_move();
    let confirmed = ctx.opts.confirm.iter().any(|c| c == step.id());
    if rows <= limit || confirmed {
        return;
    }
    let Verdict::Extend(ext) = &a.verdict else {
        return;
    };
    let seconds = rows / crate::config::site::COPY_ROWS_PER_SECOND.max(1);
    a.verdict = review(
        msg!(
            "cov-copy-confirm",
            tail = ext.tail.clone().unwrap_or_default(),
            n = rows,
            seconds = seconds,
            limit = limit,
            step = step.id()
        )
        .render(),
        false,
    );
}
