//! New PostgreSQL children held against their siblings (`coverage::siblings`): the facets of each
//! in-scope table's recent children are read in one round trip; a table whose siblings all have
//! what yearend cannot give a new child goes to review before anything is created, and new
//! children that differ are named — in the plan, after the step, and in `yearend verify`.

use super::Analysis;
use crate::coverage::siblings::{self, Comparison, Facets, Row};
use crate::coverage::{review, Verdict};
use crate::model::catalog::{Catalog, Partition, Table};
use crate::model::dialect::Dialect;
use crate::msg;
use crate::platform::error;
use crate::steps::Ctx;
use std::collections::HashMap;

/// MariaDB: new partitions go where their siblings' files are (their DATA DIRECTORY, read from
/// InnoDB); when that could not be read, the plan and the journal say so — never a silent default.
pub(super) fn directories_not_read(
    step: &crate::config::plan::Step,
    ctx: &mut Ctx,
    catalog: &Catalog,
    analyses: &[Analysis],
) -> anyhow::Result<()> {
    let Some(why) = catalog
        .parameters
        .get(crate::db::catalog::mysql::DIRECTORIES_NOT_READ)
    else {
        return Ok(());
    };
    if !analyses
        .iter()
        .any(|a| matches!(a.verdict, Verdict::Extend(_)))
    {
        return Ok(());
    }
    let note = msg!("sib-directories-not-read", why = why.clone());
    ctx.out.line(format!("      {note}"));
    ctx.record(crate::record::journal::Event::Check {
        step: step.id().into(),
        name: "directories".into(),
        passed: false,
        level: step.level(),
        message: note.into(),
        figures: serde_json::Value::Null,
    })
}

/// A child of `table` by name, with the oid its facets are read by.
fn child<'t>(table: &'t Table, name: &str) -> Option<(&'t Partition, u32)> {
    let p = table.partitions.iter().find(|p| p.name == name)?;
    Some((p, p.carried.as_ref()?.oid?))
}

pub(super) fn compare(
    ctx: &mut Ctx,
    catalog: &Catalog,
    analyses: &mut [Analysis],
) -> anyhow::Result<()> {
    if ctx.dialect() != Dialect::Postgres {
        return Ok(());
    }
    let mut oids = Vec::new();
    for a in analyses.iter() {
        if let Some(r) = &a.recent {
            oids.extend(
                r.siblings
                    .iter()
                    .chain(&r.new)
                    .filter_map(|n| child(a.table, n).map(|(_, oid)| oid)),
            );
        }
    }
    let read = ctx
        .db
        .child_facets(&oids, &catalog.parameters)
        .map_err(|e| {
            error::runtime(msg!("err-catalog-unreadable", cause = e.to_string()).render())
        })?;
    let Some(rows) = read else {
        if !oids.is_empty() {
            let why = msg!("sib-offline").render();
            ctx.out
                .line(format!("      {}", msg!("sib-not-read", why = why)));
        }
        return Ok(());
    };
    let ready: Vec<Row> = rows.iter().map(Row::new).collect();
    let mut by_oid: HashMap<u32, Vec<&Row>> = HashMap::new();
    for r in &ready {
        for oid in &r.row.oids {
            by_oid.entry(*oid).or_default().push(r);
        }
    }
    let judged = crate::platform::util::on_two_cores(analyses, |a: &Analysis| judge(a, &by_oid));
    for (a, c) in analyses.iter_mut().zip(judged) {
        if let Some(c) = c {
            apply(a, c);
        }
    }
    Ok(())
}

/// One table: its siblings' shared facets, and its new children held against them.
fn judge(a: &Analysis, by_oid: &HashMap<u32, Vec<&Row>>) -> Option<Comparison> {
    let recent = a.recent.as_ref()?;
    let facets_of = |name: &String| -> Option<(String, Facets)> {
        let (p, oid) = child(a.table, name)?;
        let rows = by_oid.get(&oid).map_or(&[][..], |v| v.as_slice());
        Some((name.clone(), siblings::facets(p, rows)))
    };
    let sibs: Vec<(String, Facets)> = recent.siblings.iter().filter_map(facets_of).collect();
    if sibs.is_empty() {
        return None;
    }
    let new: Vec<(String, Facets)> = recent.new.iter().filter_map(facets_of).collect();
    let s: Vec<(&str, &Facets)> = sibs.iter().map(|(n, f)| (n.as_str(), f)).collect();
    let n: Vec<(&str, &Facets)> = new.iter().map(|(n, f)| (n.as_str(), f)).collect();
    Some(siblings::compare(&s, &n, a.table.template.is_some()))
}

/// What the comparison says onto the analysis: the differences and notes, what an extension
/// carries beside its model, and an extension that would leave out what every sibling has
/// turned into a review.
fn apply(a: &mut Analysis, c: Comparison) {
    a.differences = c.differences;
    a.notes = c.notes;
    if let Verdict::Extend(ext) = &mut a.verdict {
        siblings::carry_extras(&c.expected, &mut ext.carry);
        let lacking = siblings::not_carried(&c.expected);
        if !lacking.is_empty() {
            let sep = msg!("list-sep").render();
            a.verdict = review(
                msg!("sib-not-carried", what = lacking.join(&sep)).render(),
                false,
            );
        }
    }
}
