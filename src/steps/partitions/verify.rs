//! After the step, the catalog is read again and every table in scope is checked: it reaches
//! December of the new year, nothing blocks, no index is UNUSABLE, and every partition this run
//! created is in the tablespace the plan named for its year.

use super::{scope, Analysis};
use crate::config::plan::Step;
use crate::config::step_config::PartitionsConfig;
use crate::coverage::carry::{self, Carry};
use crate::coverage::Verdict;
use crate::model::catalog::{Bound, Catalog, SegmentKind, Table};
use crate::model::change::Segment;
use crate::model::dialect::Dialect;
use crate::model::status::StepStatus;
use crate::msg;
use crate::platform::error;
use crate::record::journal::Event;
use crate::steps::{Ctx, Outcome};
use serde_json::json;
use std::collections::BTreeSet;

/// A created partition (schema, table, partition) and where its index and LOB segments go.
pub(super) type Placed = ((String, String, String), Vec<Segment>);

/// What this run did, for the verification.
pub(super) struct Applied {
    /// (schema, table, partition) created by this run.
    pub created: Vec<(String, String, String)>,
    /// Where each of them was to go (in `created`'s order).
    pub planned_tablespaces: Vec<Option<String>>,
    /// Oracle: where each created partition's local index partitions and LOBs were to go.
    pub placed: Vec<Placed>,
    pub executed: usize,
    pub extended: usize,
    pub uncovered: Vec<String>,
    /// What each extended table's new partitions were to carry, by `schema.table`.
    pub carries: Vec<(String, Carry)>,
}

/// Re-read the catalog and confirm, table by table, that every monthly table now reaches
/// December of the new year, with new partitions where the plan put them.
pub(super) fn verify(
    step: &Step,
    cfg: &PartitionsConfig,
    ctx: &mut Ctx,
    schemas: &[String],
    applied: Applied,
) -> anyhow::Result<Outcome> {
    let catalog = ctx
        .db
        .inspect(schemas)
        .map_err(|e| error::runtime(msg!("err-catalog-reread", cause = e.to_string()).render()))?;
    let mut analyses = super::analyze_all(cfg, ctx, &catalog, ctx.year);
    super::siblings::compare(step, ctx, &catalog, &mut analyses)?;
    let mut failures = coverage_failures(&analyses);
    failures.extend(match &cfg.tablespace {
        Some(rule) => misplaced(cfg, ctx, &catalog, rule, &applied.created),
        None if ctx.dialect() != Dialect::Oracle => not_where_planned(&catalog, &applied),
        None => Vec::new(),
    });
    failures.extend(carried_mismatches(&catalog, &applied));
    failures.extend(unquoted_owners(&catalog, &applied.created));
    failures.extend(misplaced_segments(&catalog, &applied.placed));
    let passed = failures.is_empty() && applied.uncovered.is_empty();
    let message = if passed {
        let tables = analyses
            .iter()
            .filter(|a| matches!(a.verdict, Verdict::Covered { .. }))
            .count();
        msg!("partitions-verified", tables = tables, year = ctx.year)
    } else {
        let all: Vec<String> = failures
            .iter()
            .chain(applied.uncovered.iter())
            .cloned()
            .collect();
        msg!("partitions-verify-failed", failures = all)
    };
    ctx.record(Event::Check {
        step: step.id().into(),
        name: "verify".into(),
        passed,
        level: step.level(),
        message: message.clone().into(),
        figures: json!({"failures": failures, "not_covered": applied.uncovered, "statements": applied.executed}),
    })?;
    let shown = crate::model::status::leveled((!passed).then_some(step.level()), &message.render());
    ctx.out
        .line(format!("      {}", msg!("verify-line", shown = shown)));
    let status = if !passed {
        StepStatus::Failed
    } else if applied.executed > 0 {
        StepStatus::Executed
    } else {
        StepStatus::AlreadySatisfied
    };
    let summary = if applied.executed > 0 {
        msg!(
            "partitions-executed",
            statements = applied.executed,
            partitions = applied.created.len(),
            tables = applied.extended,
            verified = message
        )
    } else {
        message
    };
    Ok(if passed {
        Outcome::new(status, summary)
    } else {
        Outcome::at_level(status, step.level(), summary)
    })
}

/// Tables still short of the new year, blocked, or with an UNUSABLE index (a split without
/// UPDATE INDEXES, or anything else, must not leave one).
fn coverage_failures(analyses: &[Analysis]) -> Vec<String> {
    let mut failures: Vec<String> = analyses
        .iter()
        .filter_map(|a| match &a.verdict {
            Verdict::Extend(e) => Some(
                msg!(
                    "verify-still-lacks",
                    table = a.table.full_name(),
                    count = e.new.len(),
                    period = e.period.word(),
                    from = e.new[0].label.clone()
                )
                .render(),
            ),
            Verdict::Blocked { reason, .. } => Some(format!("{}: {reason}", a.table.full_name())),
            _ => None,
        })
        .collect();
    failures.extend(super::show::differences(analyses));
    failures.extend(
        analyses
            .iter()
            .filter(|a| !a.table.unusable_indexes.is_empty())
            .map(|a| {
                msg!(
                    "verify-unusable-indexes",
                    table = a.table.full_name(),
                    indexes = a.table.unusable_indexes.join(", ")
                )
                .render()
            }),
    );
    failures
}

/// Partitions this run created that are not in the tablespace the plan named for their year.
fn misplaced(
    cfg: &PartitionsConfig,
    ctx: &Ctx,
    catalog: &Catalog,
    rule: &str,
    created: &[(String, String, String)],
) -> Vec<String> {
    let mut failures = Vec::new();
    if ctx.dialect() == Dialect::Mysql {
        return failures;
    }
    for t in catalog.tables.iter().filter(|t| scope::in_scope(cfg, t)) {
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
                failures.push(
                    msg!(
                        "verify-wrong-tablespace",
                        partition = format!("{}.{}", t.full_name(), p.name),
                        actual = actual.to_string(),
                        want = want.to_string()
                    )
                    .render(),
                );
            }
        }
    }
    failures
}

/// PostgreSQL without a plan rule: partitions this run created that are not where their
/// siblings' rule put them (read again from the catalog).
fn not_where_planned(catalog: &Catalog, applied: &Applied) -> Vec<String> {
    let mut failures = Vec::new();
    for (id, want) in applied.created.iter().zip(&applied.planned_tablespaces) {
        let Some((t, at)) = created_partition(catalog, id) else {
            continue;
        };
        let (p, (schema, table, partition)) = (&t.partitions[at], id);
        if !p
            .tablespace
            .as_deref()
            .unwrap_or("")
            .eq_ignore_ascii_case(want.as_deref().unwrap_or(""))
        {
            let default = || msg!("verify-default-place").render();
            failures.push(
                msg!(
                    "verify-wrong-tablespace",
                    partition = format!("{schema}.{table}.{partition}"),
                    actual = p.tablespace.clone().unwrap_or_else(default),
                    want = want.clone().unwrap_or_else(default)
                )
                .render(),
            );
        }
    }
    failures
}

/// Oracle: local index partitions and LOB segments of created partitions that are not where the
/// plan put them (read again from DBA_IND_PARTITIONS and DBA_LOB_PARTITIONS).
fn misplaced_segments(catalog: &Catalog, placed: &[Placed]) -> Vec<String> {
    let mut failures = Vec::new();
    for (id, wanted) in placed {
        let Some((t, position)) = created_partition(catalog, id) else {
            continue;
        };
        let (schema, table, partition) = id;
        for w in wanted {
            let found = t.segments.iter().find(|s| {
                s.position == position as u32 + 1 && s.kind == w.kind && s.name == w.name
            });
            let actual = found.map_or("(not found)", |s| s.tablespace.as_str());
            if !actual.eq_ignore_ascii_case(&w.tablespace) {
                let what = match w.kind {
                    SegmentKind::LocalIndex => msg!(
                        "verify-index-partition",
                        index = w.name.clone(),
                        partition = partition.clone()
                    ),
                    SegmentKind::Lob => msg!(
                        "verify-lob",
                        column = w.name.clone(),
                        partition = partition.clone()
                    ),
                };
                failures.push(
                    msg!(
                        "verify-segment-misplaced",
                        table = format!("{schema}.{table}"),
                        what = what,
                        actual = actual.to_string(),
                        want = w.tablespace.clone()
                    )
                    .render(),
                );
            }
        }
    }
    failures
}

/// A partition this run created, as the catalog read again has it: its table and its position.
fn created_partition<'c>(
    catalog: &'c Catalog,
    (schema, table, partition): &(String, String, String),
) -> Option<(&'c Table, usize)> {
    let t = catalog
        .tables
        .iter()
        .find(|t| &t.schema == schema && &t.name == table)?;
    Some((t, t.partitions.iter().position(|p| &p.name == partition)?))
}

/// Oracle: owners of partitions this run created who still cannot store rows there.
fn unquoted_owners(catalog: &Catalog, created: &[(String, String, String)]) -> Vec<String> {
    let mut pairs = BTreeSet::new();
    for id in created {
        let placed = created_partition(catalog, id).and_then(|(t, at)| {
            t.partitions[at]
                .tablespace
                .clone()
                .or_else(|| t.default_tablespace.clone())
        });
        if let Some(ts) = placed {
            pairs.insert((id.0.clone(), ts));
        }
    }
    super::quota::missing(catalog, &pairs)
        .unwrap_or_default()
        .iter()
        .map(|m| {
            msg!(
                "verify-no-quota",
                owner = m.owner.clone(),
                tablespace = m.tablespace.clone(),
                statement = m.statement()
            )
            .render()
        })
        .collect()
}

/// The year a lower bound falls in (dates, YYYYMM and YYYYMMDD numbers).
fn bound_year(b: &Bound) -> Option<i32> {
    use chrono::Datelike;
    match b {
        Bound::Date(d) => Some(d.year()),
        Bound::Instant(t) => Some(t.year()),
        Bound::Int(n) if (100_000..1_000_000).contains(n) => Some((n / 100) as i32),
        Bound::Int(n) if (10_000_000..100_000_000).contains(n) => Some((n / 10_000) as i32),
        _ => None,
    }
}

/// Every partition this run created carries what its model does: the same indexes, constraints,
/// grants, owner, persistence and options (names and tablespaces left out, bounds as
/// placeholders); anything missing or extra fails the step.
fn carried_mismatches(catalog: &Catalog, applied: &Applied) -> Vec<String> {
    let mut failures = Vec::new();
    for t in &catalog.tables {
        let full = t.full_name();
        let Some((_, carry)) = applied.carries.iter().find(|(n, _)| *n == full) else {
            continue;
        };
        let want = expected(carry);
        for p in t.partitions.iter().filter(|p| {
            applied
                .created
                .iter()
                .any(|(s, tb, n)| *s == t.schema && *tb == t.name && *n == p.name)
        }) {
            let mut got = carry::normalized(
                &p.carried.clone().unwrap_or_default(),
                carry::bound_texts(p).as_ref(),
            );
            if carry.owner.is_none() {
                got.retain(|g| !g.starts_with("owner "));
            }
            let missing: Vec<&String> = want.difference(&got).collect();
            let extra: Vec<&String> = got.difference(&want).collect();
            if !missing.is_empty() || !extra.is_empty() {
                failures.push(
                    msg!(
                        "verify-carry-mismatch",
                        partition = format!("{full}.{}", p.name),
                        model = carry.source.clone(),
                        missing = missing
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join("; "),
                        extra = extra
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                    .render(),
                );
            }
        }
    }
    failures
}

/// The model's properties in the form `carry::normalized` gives a partition's.
fn expected(c: &Carry) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for m in &c.indexes {
        let u = if m.unique { "UNIQUE " } else { "" };
        set.insert(format!("index {u}{}", m.definition));
    }
    for m in &c.constraints {
        set.insert(format!("constraint {}", m.definition));
    }
    if c.unlogged {
        set.insert("unlogged".into());
    }
    for o in &c.options {
        set.insert(format!("option {o}"));
    }
    if let Some(owner) = &c.owner {
        set.insert(format!("owner {owner}"));
    }
    for (grantee, privs) in &c.grants {
        set.insert(format!("grant {} to {grantee}", privs.join(",")));
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::{Carried, Partition, Property, Table};

    fn child(indexes: &[(&str, &str)]) -> Partition {
        Partition {
            name: "bill_p202701".into(),
            lower: None,
            upper: Bound::Max,
            high_value: Some("FOR VALUES FROM ('2027-01-01') TO ('2027-02-01')".into()),
            is_default: false,
            tablespace: None,
            subpartitioned: false,
            default_bytes: None,
            carried: Some(Carried {
                indexes: indexes
                    .iter()
                    .map(|(n, d)| Property {
                        name: n.to_string(),
                        definition: d.to_string(),
                        extra: String::new(),
                    })
                    .collect(),
                ..Default::default()
            }),
        }
    }

    #[test]
    fn a_new_child_without_its_models_index_or_with_an_extra_one_fails_verification() {
        let _en = crate::i18n::speak(crate::i18n::Lang::En);
        let model = Partition {
            name: "bill_p202612".into(),
            high_value: Some("FOR VALUES FROM ('2026-12-01') TO ('2027-01-01')".into()),
            ..child(&[(
                "bill_p202612_no",
                "CREATE UNIQUE INDEX bill_p202612_no ON einv.bill_p202612 USING btree (bill_no)",
            )])
        };
        let table = Table {
            schema: "einv".into(),
            name: "bill".into(),
            partitions: vec![model.clone()],
            ..Default::default()
        };
        let carry = carry::of(&table, &[&model]).unwrap();
        let applied = |_: ()| Applied {
            created: vec![("einv".into(), "bill".into(), "bill_p202701".into())],
            planned_tablespaces: vec![None],
            placed: Vec::new(),
            executed: 2,
            extended: 1,
            uncovered: Vec::new(),
            carries: vec![("einv.bill".into(), carry.clone())],
        };
        let with = |p: Partition| Catalog {
            tables: vec![Table {
                partitions: vec![p],
                ..table.clone()
            }],
            ..Default::default()
        };
        let same = child(&[(
            "bill_p202701_no",
            "CREATE UNIQUE INDEX bill_p202701_no ON einv.bill_p202701 USING btree (bill_no)",
        )]);
        assert!(carried_mismatches(&with(same), &applied(())).is_empty());
        let swapped = child(&[("x", "CREATE INDEX x ON einv.bill_p202701 USING btree (id)")]);
        let f = carried_mismatches(&with(swapped), &applied(()));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].contains("missing [index UNIQUE USING btree (bill_no)]"),
            "{}",
            f[0]
        );
        assert!(f[0].contains("extra [index USING btree (id)]"), "{}", f[0]);
    }

    #[test]
    fn index_partitions_and_lobs_out_of_place_are_named() {
        let _en = crate::i18n::speak(crate::i18n::Lang::En);
        use crate::model::catalog::{PartSegment, Partition, Table};
        let seg = |kind, name: &str, position, ts: &str| PartSegment {
            kind,
            owner: "EINV".into(),
            name: name.into(),
            position,
            tablespace: ts.into(),
            status: None,
        };
        let part = |name: &str| Partition::bounded(name, Bound::Max);
        let catalog = Catalog {
            tables: vec![Table {
                schema: "EINV".into(),
                name: "BILL".into(),
                partitions: vec![part("P2026"), part("P2027")],
                segments: vec![
                    seg(SegmentKind::LocalIndex, "IX", 2, "EINV_IDX_2026"),
                    seg(SegmentKind::Lob, "CONTENT", 2, "EINV_LOB_2027"),
                ],
                ..Table::default()
            }],
            ..Catalog::default()
        };
        let want = |kind, name: &str, ts: &str| Segment {
            kind,
            owner: "EINV".into(),
            name: name.into(),
            tablespace: ts.into(),
            tail_tablespace: None,
        };
        let placed = vec![(
            ("EINV".to_string(), "BILL".to_string(), "P2027".to_string()),
            vec![
                want(SegmentKind::LocalIndex, "IX", "EINV_IDX_2027"),
                want(SegmentKind::Lob, "CONTENT", "EINV_LOB_2027"),
            ],
        )];
        let f = misplaced_segments(&catalog, &placed);
        assert_eq!(
            f,
            vec!["EINV.BILL: index partition IX.P2027 is in EINV_IDX_2026, not EINV_IDX_2027"]
        );
    }
}
