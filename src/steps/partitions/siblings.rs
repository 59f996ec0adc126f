//! New PostgreSQL children held against their siblings (`coverage::siblings`): the facets of each
//! in-scope table's recent children are read in one round trip; a table whose siblings all have
//! what yearend cannot give a new child goes to review before anything is created, and new
//! children that differ are named — in the plan, after the step, and in `yearend verify`.

use super::Analysis;
use crate::coverage::attributes;
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
    step: &crate::config::plan::Step,
    ctx: &mut Ctx,
    catalog: &Catalog,
    analyses: &mut [Analysis],
) -> anyhow::Result<()> {
    if ctx.dialect() != Dialect::Postgres {
        for a in analyses.iter_mut() {
            judge_attributes(a, ctx.dialect());
        }
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
    let confirmed = ctx.opts.confirm.iter().any(|c| c == step.id());
    for (a, c) in analyses.iter_mut().zip(judged) {
        if let Some(c) = c {
            apply(a, c, (step.id(), confirmed));
        }
    }
    Ok(())
}

/// Oracle and MariaDB: the partitions' own attributes held against their siblings', and what
/// new partitions are written with; a shared attribute no clause writes names the table.
fn judge_attributes(a: &mut Analysis, dialect: Dialect) {
    let Some(recent) = &a.recent else {
        return;
    };
    let c = attributes::compare(a.table, recent);
    a.differences = c.differences;
    a.notes = c.notes;
    let Verdict::Extend(ext) = &mut a.verdict else {
        return;
    };
    let split_from = ext.tail.as_deref().filter(|_| dialect == Dialect::Oracle);
    let rebuilt = ext.tail.as_deref().filter(|_| dialect == Dialect::Mysql);
    if let Some(why) = rebuilt.and_then(|t| attributes::tail_unwritable(a.table, t)) {
        a.verdict = review(why, false);
        return;
    }
    match attributes::carried(a.table, &c.expected, split_from) {
        Ok(clauses) => ext.attributes = clauses,
        Err(why) => a.verdict = review(why, false),
    }
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
fn apply(a: &mut Analysis, c: Comparison, (step, confirmed): (&str, bool)) {
    a.differences = c.differences;
    a.notes = c.notes;
    let Verdict::Extend(ext) = &mut a.verdict else {
        return;
    };
    siblings::carry_extras(&c.expected, &mut ext.carry);
    let (publications, lacking): (Vec<String>, Vec<String>) = siblings::not_carried(&c.expected)
        .into_iter()
        .partition(|f| f.starts_with("publication "));
    let sep = msg!("list-sep").render();
    if !lacking.is_empty() {
        a.verdict = review(
            msg!("sib-not-carried", what = lacking.join(&sep)).render(),
            false,
        );
        return;
    }
    if publications.is_empty() {
        return;
    }
    // Publication membership is named, never carried: the subscriber must have the new
    // children before the publisher sends their rows (else its apply stops).
    let children: Vec<String> = ext
        .new
        .iter()
        .map(|p| format!("{}.{}", quoted(&a.table.schema), quoted(&p.name)))
        .collect();
    let statements: Vec<String> = publications
        .iter()
        .map(|f| {
            let pubname = f.trim_start_matches("publication ");
            let (name, filter) = pubname.split_once(" WHERE ").unwrap_or((pubname, ""));
            let filter = if filter.is_empty() {
                String::new()
            } else {
                format!(" WHERE {filter}")
            };
            let tables: Vec<String> = children.iter().map(|c| format!("{c}{filter}")).collect();
            format!(
                "ALTER PUBLICATION {} ADD TABLE {};",
                quoted(name),
                tables.join(", ")
            )
        })
        .collect();
    let both = msg!(
        "sib-publication-statements",
        publisher = statements.join(" "),
        parent = a.table.full_name()
    )
    .render();
    if confirmed {
        a.notes.push(both);
    } else {
        a.verdict = review(
            msg!("sib-publication-confirm", both = both, step = step).render(),
            false,
        );
    }
}

/// A name as a person would type it: bare when PostgreSQL reads it back the same.
fn quoted(name: &str) -> String {
    let bare = crate::sql::name::is_plain_identifier(name) && name == name.to_lowercase();
    if bare {
        name.to_string()
    } else {
        crate::db::sql_dialect(Dialect::Postgres).quote(name)
    }
}
