//! `yearend diff A B`: two plans compared as they resolve (after `extends`, with the timetable):
//! the mode, steps added and removed, and for each step both have, every key that changed, its
//! due date, and its query files by content (the same name may hold another query). Exit 0 when
//! they are the same, 1 when they differ.

use crate::config::plan::{Plan, Step};
use crate::msg;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// What differs between two plans, each line as a person reads it, and how many steps both have
/// unchanged.
pub fn compare(a: &Plan, b: &Plan) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    if a.mode != b.mode {
        out.push(msg!("diff-mode", from = a.mode.shown(), to = b.mode.shown()).render());
    }
    for s in b.steps.iter().filter(|s| a.step(s.id()).is_none()) {
        out.push(msg!("diff-added", step = label(s)).render());
    }
    for s in a.steps.iter().filter(|s| b.step(s.id()).is_none()) {
        out.push(msg!("diff-removed", step = label(s)).render());
    }
    let mut same = 0;
    for s in &a.steps {
        if let Some(t) = b.step(s.id()) {
            let changes = step_changes(s, t);
            same += usize::from(changes.is_empty());
            out.extend(changes);
        }
    }
    let order = |p: &Plan| -> Vec<String> {
        p.steps
            .iter()
            .filter(|s| a.step(s.id()).is_some() && b.step(s.id()).is_some())
            .map(|s| s.id().to_string())
            .collect()
    };
    if order(a) != order(b) {
        out.push(
            msg!(
                "diff-order",
                from = order(a).join(" → "),
                to = order(b).join(" → ")
            )
            .render(),
        );
    }
    (out, same)
}

fn label(s: &Step) -> String {
    format!("{}（{}，{}）", s.id(), s.kind().name(), s.title())
}

/// The keys of a step as written, each as its YAML value.
fn keys(s: &Step) -> BTreeMap<String, Value> {
    match serde_json::to_value(&s.spec) {
        Ok(Value::Object(m)) => m.into_iter().collect(),
        _ => BTreeMap::new(),
    }
}

fn shown(v: Option<&Value>) -> String {
    match v {
        None => msg!("diff-absent").render(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn step_changes(a: &Step, b: &Step) -> Vec<String> {
    let (ka, kb) = (keys(a), keys(b));
    let mut out = Vec::new();
    let names: std::collections::BTreeSet<&String> = ka.keys().chain(kb.keys()).collect();
    for key in names {
        let (va, vb) = (ka.get(key), kb.get(key));
        if va != vb {
            out.push(
                msg!(
                    "diff-key",
                    step = a.id().to_string(),
                    key = key.clone(),
                    from = shown(va),
                    to = shown(vb)
                )
                .render(),
            );
        }
    }
    if a.due != b.due {
        let due = |d: Option<crate::config::types::MonthDay>| {
            d.map_or_else(|| msg!("diff-absent").render(), |d| d.to_string())
        };
        out.push(
            msg!(
                "diff-due",
                step = a.id().to_string(),
                from = due(a.due),
                to = due(b.due)
            )
            .render(),
        );
    }
    for (qa, qb) in a.query_names().into_iter().zip(b.query_names()) {
        let (ha, hb) = (content(&a.base_dir, qa), content(&b.base_dir, qb));
        if ha != hb {
            out.push(
                msg!(
                    "diff-query",
                    step = a.id().to_string(),
                    from = format!("{qa}（{ha}）"),
                    to = format!("{qb}（{hb}）")
                )
                .render(),
            );
        }
    }
    out
}

/// The first 12 hex digits of a query file's sha256, or why it cannot be read.
fn content(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    match crate::platform::files::read_text(&path, crate::platform::files::QUERY) {
        Ok(text) => crate::record::journal::sha256_hex(&text)[..12].to_string(),
        Err(e) => e.reason(),
    }
}

pub fn run(a: &Path, b: &Path) -> anyhow::Result<i32> {
    let (pa, pb) = (Plan::load(a)?, Plan::load(b)?);
    crate::say!(
        "{}",
        msg!(
            "diff-head",
            a = a.display().to_string(),
            a_name = pa.name.clone(),
            b = b.display().to_string(),
            b_name = pb.name.clone()
        )
    );
    let (changes, same) = compare(&pa, &pb);
    for line in &changes {
        crate::say!("  {line}");
    }
    crate::say!(
        "{}",
        msg!("diff-tally", changes = changes.len(), same = same)
    );
    Ok(i32::from(!changes.is_empty()))
}

/// `validate --print`: the plan as it resolves, as YAML a person can read and keep.
pub fn print_resolved(plan: &Plan) {
    crate::say!(
        "{}",
        msg!("plan-resolved-head", path = plan.path.display().to_string())
    );
    crate::say!("{}", plan.resolved_yaml.trim_end());
}
