//! New PostgreSQL children held against their siblings (`coverage::siblings`): the facets of each
//! in-scope table's recent children are read in one round trip; a table whose siblings all have
//! what yearend cannot give a new child goes to review before anything is created, and new
//! children that differ are named — in the plan, after the step, and in `yearend verify`.

use super::Analysis;
use crate::coverage::siblings::{self, Facets};
use crate::coverage::{review, Verdict};
use crate::model::catalog::{ChildFacet, Table};
use crate::model::dialect::Dialect;
use crate::msg;
use crate::platform::error;
use crate::steps::Ctx;
use std::collections::HashMap;

fn oid_of(table: &Table, name: &str) -> Option<u32> {
    let p = table.partitions.iter().find(|p| p.name == name)?;
    p.carried.as_ref()?.oid
}

pub(super) fn compare(ctx: &mut Ctx, analyses: &mut [Analysis]) -> anyhow::Result<()> {
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
                    .filter_map(|n| oid_of(a.table, n)),
            );
        }
    }
    let read = ctx.db.child_facets(&oids).map_err(|e| {
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
    let mut by_oid: HashMap<u32, Vec<&ChildFacet>> = HashMap::new();
    for r in &rows {
        by_oid.entry(r.oid).or_default().push(r);
    }
    for a in analyses.iter_mut() {
        judge(a, &by_oid);
    }
    Ok(())
}

/// One table: its siblings' shared facets, its new children held against them, and an extension
/// that would leave out what every sibling has turned into a review.
fn judge(a: &mut Analysis, by_oid: &HashMap<u32, Vec<&ChildFacet>>) {
    let Some(recent) = &a.recent else {
        return;
    };
    let facets_of = |name: &String| -> Option<(String, Facets)> {
        let p = a.table.partitions.iter().find(|p| &p.name == name)?;
        let oid = p.carried.as_ref()?.oid?;
        let rows = by_oid.get(&oid).map_or(&[][..], |v| v.as_slice());
        Some((name.clone(), siblings::facets(p, rows)))
    };
    let sibs: Vec<(String, Facets)> = recent.siblings.iter().filter_map(facets_of).collect();
    if sibs.is_empty() {
        return;
    }
    let new: Vec<(String, Facets)> = recent.new.iter().filter_map(facets_of).collect();
    let s: Vec<(&str, &Facets)> = sibs.iter().map(|(n, f)| (n.as_str(), f)).collect();
    let n: Vec<(&str, &Facets)> = new.iter().map(|(n, f)| (n.as_str(), f)).collect();
    let c = siblings::compare(&s, &n, a.table.template.is_some());
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
