//! Oracle: the owner of every table extended must have an unlimited quota (or UNLIMITED
//! TABLESPACE) on the tablespaces its new partitions go to. Oracle creates a partition's segment
//! on its first row (deferred segment creation), so ADD/SPLIT PARTITION … TABLESPACE succeeds
//! without one and the first invoice of 1 January fails with ORA-01950. Checked before any DDL
//! (the tables concerned are blocked, with the statement for the DBA), and again after the step.

use super::Analysis;
use crate::config::plan::Step;
use crate::coverage::{blocked, Verdict};
use crate::model::catalog::{Catalog, Table};
use crate::model::dialect::Dialect;
use crate::model::status::Level;
use crate::msg;
use crate::record::journal::Event;
use crate::sql::name::quote;
use crate::steps::Ctx;
use serde_json::json;
use std::collections::BTreeSet;

/// An owner without an unlimited quota on a tablespace its new partitions use.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Missing {
    pub owner: String,
    pub tablespace: String,
}

impl Missing {
    /// What the DBA runs (yearend never grants).
    pub fn statement(&self) -> String {
        format!(
            "ALTER USER {} QUOTA UNLIMITED ON {}",
            quote(Dialect::Oracle, &self.owner),
            quote(Dialect::Oracle, &self.tablespace)
        )
    }
}

/// The (owner, tablespace) pairs in `pairs` that lack an unlimited quota; `None` when the
/// catalog did not read quotas.
pub(super) fn missing(
    catalog: &Catalog,
    pairs: &BTreeSet<(String, String)>,
) -> Option<Vec<Missing>> {
    let quotas = catalog.quotas.as_ref()?;
    Some(
        pairs
            .iter()
            .filter(|(owner, ts)| !quotas.get(owner).is_some_and(|q| q.unlimited_on(ts)))
            .map(|(owner, tablespace)| Missing {
                owner: owner.clone(),
                tablespace: tablespace.clone(),
            })
            .collect(),
    )
}

/// Where a table's new partitions go: the tablespace each names, else the table's default.
fn destinations(table: &Table, named: impl Iterator<Item = Option<String>>) -> Vec<String> {
    named
        .filter_map(|ts| ts.or_else(|| table.default_tablespace.clone()))
        .collect()
}

/// Before DDL: block every extension whose owner lacks a quota where its partitions go, and
/// record what was checked.
pub(super) fn check(
    step: &Step,
    ctx: &mut Ctx,
    catalog: &Catalog,
    analyses: &mut [Analysis],
) -> anyhow::Result<()> {
    if ctx.dialect() != Dialect::Oracle {
        return Ok(());
    }
    let mut pairs = BTreeSet::new();
    for a in analyses.iter() {
        if let Verdict::Extend(e) = &a.verdict {
            for ts in destinations(a.table, e.new.iter().map(|p| p.tablespace.clone())) {
                pairs.insert((a.table.schema.clone(), ts));
            }
        }
    }
    if pairs.is_empty() {
        return Ok(());
    }
    let Some(missing) = missing(catalog, &pairs) else {
        ctx.out.line(
            "      quota: NOT checked — this snapshot was taken by an older yearend and holds no quotas: check DBA_TS_QUOTAS by hand (ORA-01950 on 1 January otherwise)",
        );
        return ctx.record(Event::Check {
            step: step.id().into(),
            name: "quota".into(),
            passed: false,
            level: Level::General,
            message: msg!("quota-not-read").into(),
            figures: json!({ "pairs": pairs.len() }),
        });
    };
    for a in analyses.iter_mut() {
        let owner = a.table.schema.clone();
        let Verdict::Extend(e) = &a.verdict else {
            continue;
        };
        let lacking: Vec<&Missing> =
            destinations(a.table, e.new.iter().map(|p| p.tablespace.clone()))
                .into_iter()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter_map(|ts| {
                    missing
                        .iter()
                        .find(|m| m.owner == owner && m.tablespace == ts)
                })
                .collect();
        if !lacking.is_empty() {
            a.verdict = blocked(reason(&lacking, &ctx.planned_tablespaces), None);
        }
    }
    let statements: Vec<String> = missing.iter().map(Missing::statement).collect();
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "quota".into(),
        passed: missing.is_empty(),
        level: step.level(),
        message: if missing.is_empty() {
            msg!("quota-ok", pairs = pairs.len())
        } else {
            msg!("quota-missing", statements = statements.clone())
        }
        .into(),
        figures: json!({ "checked": pairs.len(), "statements": statements }),
    })
}

fn reason(lacking: &[&Missing], planned: &[String]) -> String {
    let names: Vec<&str> = lacking.iter().map(|m| m.tablespace.as_str()).collect();
    let statements: Vec<String> = lacking.iter().map(|m| m.statement()).collect();
    let later = lacking.iter().any(|m| {
        planned
            .iter()
            .any(|p| p.eq_ignore_ascii_case(&m.tablespace))
    });
    crate::msg!(
        "quota-missing-reason",
        owner = lacking[0].owner.clone(),
        tablespaces = names.join(", "),
        statements = statements.join("; "),
        later = if later { "yes" } else { "no" }
    )
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Quota;

    type Owner<'a> = (&'a str, bool, &'a [(&'a str, i64)]);

    fn catalog(quotas: &[Owner]) -> Catalog {
        Catalog {
            quotas: Some(
                quotas
                    .iter()
                    .map(|(owner, unlimited, ts)| {
                        let q = Quota {
                            unlimited: *unlimited,
                            tablespaces: ts.iter().map(|(t, b)| (t.to_string(), *b)).collect(),
                        };
                        (owner.to_string(), q)
                    })
                    .collect(),
            ),
            ..Catalog::default()
        }
    }

    fn pairs(p: &[(&str, &str)]) -> BTreeSet<(String, String)> {
        p.iter()
            .map(|(o, t)| (o.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn unlimited_privilege_or_an_unlimited_row_passes_a_limit_or_nothing_does_not() {
        let c = catalog(&[
            (
                "EINV",
                false,
                &[("EINV_DATA_2026", -1), ("EINV_DATA_2027", 1_048_576)],
            ),
            ("HIS", true, &[]),
            ("LIS", false, &[("LIS_2027", -1)]),
        ]);
        let got = missing(
            &c,
            &pairs(&[
                ("EINV", "EINV_DATA_2026"),
                ("EINV", "EINV_DATA_2027"),
                ("HIS", "HIS_2027"),
                ("LIS", "LIS_2027"),
                ("PACS", "PACS_2027"),
            ]),
        )
        .unwrap();
        let statements: Vec<String> = got.iter().map(Missing::statement).collect();
        assert_eq!(
            statements,
            vec![
                r#"ALTER USER "EINV" QUOTA UNLIMITED ON "EINV_DATA_2027""#,
                r#"ALTER USER "PACS" QUOTA UNLIMITED ON "PACS_2027""#,
            ]
        );
    }

    #[test]
    fn quotas_not_read_are_not_a_pass() {
        let c = Catalog::default();
        assert_eq!(missing(&c, &pairs(&[("EINV", "X")])), None);
    }

    #[test]
    fn the_reason_names_the_statement_and_when_to_run_it() {
        let _en = crate::i18n::speak(crate::i18n::Lang::En);
        let m = Missing {
            owner: "EINV".into(),
            tablespace: "EINV_DATA_2027".into(),
        };
        let r = reason(&[&m], &["EINV_DATA_2027".into()]);
        assert!(
            r.contains("ORA-01950")
                && r.contains(r#"ALTER USER "EINV" QUOTA UNLIMITED ON "EINV_DATA_2027""#)
        );
        assert!(r.contains("`yearend run` again (it resumes)"), "{r}");
    }
}
