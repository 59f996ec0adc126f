//! Which tables a `partitions` step works on. A scope that selects nothing is never "0 tables,
//! satisfied": a schema that does not exist, a pattern that matches no table, or a SQL-style
//! `%` pattern is an error before the first DDL of the run, naming what is there instead.

use crate::config::plan::Step;
use crate::config::site::Site;
use crate::config::step_config::PartitionsConfig;
use crate::model::catalog::{Catalog, Table};
use crate::msg;
use crate::platform::error;

/// Schemas a step works on: its own list, else the site's.
pub fn schemas(step: &Step, cfg: &PartitionsConfig, site: &Site) -> anyhow::Result<Vec<String>> {
    let list = cfg
        .schemas
        .clone()
        .unwrap_or_else(|| site.database.schemas.clone());
    if list.is_empty() {
        return Err(error::input(
            msg!("scope-no-schemas", step = step.id().to_string()).render(),
        ));
    }
    Ok(list)
}

pub fn in_scope(cfg: &PartitionsConfig, t: &Table) -> bool {
    let include = cfg
        .include
        .as_ref()
        .is_none_or(|pats| pats.iter().any(|p| crate::model::glob::matches(p, &t.name)));
    let exclude = cfg
        .exclude
        .as_ref()
        .is_some_and(|pats| pats.iter().any(|p| crate::model::glob::matches(p, &t.name)));
    include && !exclude
}

/// How many tables each schema and each include pattern selected.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Resolved {
    pub schemas: Vec<(String, usize)>,
    pub patterns: Vec<(String, usize)>,
    pub tables: usize,
}

impl Resolved {
    pub fn line(&self) -> String {
        let part = |v: &[(String, usize)]| {
            v.iter()
                .map(|(n, c)| format!("{n} {c}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let include = if self.patterns.is_empty() {
            String::new()
        } else {
            crate::msg!("scope-include", patterns = part(&self.patterns)).render()
        };
        crate::msg!(
            "scope-line",
            tables = self.tables,
            schemas = part(&self.schemas),
            include = include
        )
        .render()
    }
}

/// The step's scope against the catalog: every schema exists, every include pattern matches a
/// table, no pattern is written SQL-style.
pub fn resolve(
    step: &Step,
    cfg: &PartitionsConfig,
    schemas: &[String],
    catalog: &Catalog,
) -> anyhow::Result<Resolved> {
    for p in cfg.include.iter().chain(cfg.exclude.iter()).flatten() {
        if p.contains('%') {
            return Err(error::input(
                msg!(
                    "scope-percent",
                    step = step.id().to_string(),
                    pattern = p.clone(),
                    glob = p.replace('%', "*")
                )
                .render(),
            ));
        }
    }
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if !catalog.schemas.is_empty() {
        if let Some(missing) = schemas
            .iter()
            .find(|s| !catalog.schemas.iter().any(|c| same(c, s)))
        {
            let mut known = catalog.schemas.clone();
            known.sort();
            return Err(error::input(
                msg!(
                    "scope-no-such-schema",
                    step = step.id().to_string(),
                    schema = missing.clone(),
                    suggestion = crate::config::suggest::closest(
                        missing,
                        &known.iter().map(String::as_str).collect::<Vec<_>>()
                    )
                    .map(|w| msg!("did-you-mean", word = w.to_string()).render())
                    .unwrap_or_default(),
                    known = crate::i18n::listed(&known)
                )
                .render(),
            ));
        }
    }
    let in_schemas: Vec<&Table> = catalog
        .tables
        .iter()
        .filter(|t| schemas.iter().any(|s| same(s, &t.schema)))
        .collect();
    let mut patterns = Vec::new();
    for p in cfg.include.iter().flatten() {
        let n = in_schemas
            .iter()
            .filter(|t| crate::model::glob::matches(p, &t.name))
            .count();
        if n == 0 {
            let names: Vec<&str> = in_schemas.iter().map(|t| t.name.as_str()).collect();
            return Err(error::input(
                msg!(
                    "scope-include-matches-nothing",
                    step = step.id().to_string(),
                    pattern = p.clone(),
                    schemas = schemas.join(", "),
                    closest = crate::i18n::listed(&closest(p, &names))
                )
                .render(),
            ));
        }
        patterns.push((p.clone(), n));
    }
    let selected: Vec<&&Table> = in_schemas.iter().filter(|t| in_scope(cfg, t)).collect();
    let per_schema = schemas
        .iter()
        .map(|s| {
            let n = selected.iter().filter(|t| same(&t.schema, s)).count();
            (s.clone(), n)
        })
        .collect();
    Ok(Resolved {
        schemas: per_schema,
        patterns,
        tables: selected.len(),
    })
}

/// Up to five names closest to a pattern by edit distance (its `*` and `?` left out).
fn closest<'a>(pattern: &str, names: &[&'a str]) -> Vec<&'a str> {
    let p: String = pattern
        .to_lowercase()
        .chars()
        .filter(|c| *c != '*' && *c != '?')
        .collect();
    let mut scored: Vec<(usize, &str)> = names
        .iter()
        .map(|n| (edit_distance(&p, &n.to_lowercase()), *n))
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, n)| n).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut row = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            row.push((prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1));
        }
        prev = row;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names_by_edit_distance() {
        let names = [
            "bill_invoice",
            "bill_detail",
            "pay_record",
            "op_log",
            "eb_bill",
        ];
        assert_eq!(closest("eb_%", &names)[0], "eb_bill");
        assert_eq!(closest("bill_invoce", &names)[0], "bill_invoice");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
