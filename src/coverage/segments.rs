//! Oracle: where a new partition's local index partitions and LOB segments go. Without a clause
//! they follow the index's or the table's defaults — last year's or USERS — and next year's
//! IDX/LOB tablespaces stay empty. Each goes where the model partition's went (the newest finite
//! one), moved to the new year's twin (the year in the name replaced) when that tablespace
//! exists or is planned by this run.

use crate::model::catalog::{SegmentKind, Table};
use crate::model::change::{NewSubPart, Segment};

/// Where the new partition of `year` puts each segment the partition at `model` (1-based
/// position) has; for a split, where the tail (at `tail`) keeps its own index partitions.
pub(crate) fn placed(
    table: &Table,
    model: u32,
    tail: Option<u32>,
    model_year: Option<i32>,
    year: i32,
    tablespaces: &[String],
) -> Vec<Segment> {
    table
        .segments
        .iter()
        .filter(|s| s.position == model)
        .map(|s| Segment {
            kind: s.kind,
            owner: s.owner.clone(),
            name: s.name.clone(),
            tablespace: moved(&s.tablespace, model_year, year, tablespaces),
            tail_tablespace: tail
                .filter(|_| s.kind == SegmentKind::LocalIndex)
                .and_then(|at| {
                    table
                        .segments
                        .iter()
                        .find(|t| t.position == at && t.kind == s.kind && t.name == s.name)
                        .map(|t| t.tablespace.clone())
                }),
        })
        .collect()
}

/// A composite table without a subpartition template: the new partition `name` of `year` gets
/// subpartitions like the model partition's — same values, names with the model's name replaced
/// (system names are left to Oracle), tablespaces moved to the year's twin. Empty when the table
/// is not composite or has a template (Oracle applies the template itself).
pub(crate) fn subparts(
    table: &Table,
    model: &str,
    name: &str,
    model_year: Option<i32>,
    year: i32,
    tablespaces: &[String],
) -> Vec<NewSubPart> {
    let Some(kind) = table.subpartitioning.as_deref() else {
        return Vec::new();
    };
    if table.subpartition_template {
        return Vec::new();
    }
    table
        .subpartitions
        .iter()
        .filter(|s| s.partition == model)
        .map(|s| NewSubPart {
            name: s
                .name
                .strip_prefix(model)
                .map(|rest| format!("{name}{rest}")),
            values: match kind {
                "LIST" => format!("VALUES ({})", s.high_value.trim()),
                "RANGE" => format!("VALUES LESS THAN ({})", s.high_value.trim()),
                _ => String::new(),
            },
            tablespace: s
                .tablespace
                .as_deref()
                .map(|t| moved(t, model_year, year, tablespaces)),
        })
        .collect()
}

/// `tablespace` with the model's year replaced by `year`, spelled as the catalog spells it,
/// when that tablespace exists; else `tablespace` itself.
fn moved(tablespace: &str, model_year: Option<i32>, year: i32, tablespaces: &[String]) -> String {
    let Some(from) = model_year.filter(|y| *y != year).map(|y| y.to_string()) else {
        return tablespace.to_string();
    };
    if !tablespace.contains(&from) {
        return tablespace.to_string();
    }
    let next = tablespace.replacen(&from, &year.to_string(), 1);
    tablespaces
        .iter()
        .find(|t| t.eq_ignore_ascii_case(&next))
        .cloned()
        .unwrap_or_else(|| tablespace.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::PartSegment;

    fn seg(kind: SegmentKind, name: &str, position: u32, ts: &str) -> PartSegment {
        PartSegment {
            kind,
            owner: "EINV".into(),
            name: name.into(),
            position,
            tablespace: ts.into(),
            status: None,
        }
    }

    #[test]
    fn segments_follow_the_model_into_next_years_twin_when_it_exists() {
        let table = Table {
            segments: vec![
                seg(SegmentKind::LocalIndex, "IX_BILL_NO", 12, "EINV_IDX_2026"),
                seg(SegmentKind::LocalIndex, "IX_BILL_NO", 13, "EINV_IDX_2025"),
                seg(SegmentKind::LocalIndex, "IX_BILL_PAT", 12, "USERS"),
                seg(SegmentKind::Lob, "CONTENT", 12, "EINV_LOB_2026"),
                seg(SegmentKind::Lob, "CONTENT", 11, "EINV_LOB_2026"),
                seg(SegmentKind::Lob, "IMAGE", 12, "EINV_IMG_2026"),
            ],
            ..Table::default()
        };
        let known = ["EINV_IDX_2027".to_string(), "EINV_LOB_2027".to_string()];
        let got = placed(&table, 12, Some(13), Some(2026), 2027, &known);
        let view: Vec<(&str, &str, Option<&str>)> = got
            .iter()
            .map(|s| {
                (
                    s.name.as_str(),
                    s.tablespace.as_str(),
                    s.tail_tablespace.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            view,
            vec![
                ("IX_BILL_NO", "EINV_IDX_2027", Some("EINV_IDX_2025")),
                ("IX_BILL_PAT", "USERS", None),
                ("CONTENT", "EINV_LOB_2027", None),
                ("IMAGE", "EINV_IMG_2026", None),
            ],
            "USERS has no year; EINV_IMG_2027 does not exist: both stay"
        );
        assert!(placed(&table, 12, None, Some(2027), 2027, &known)
            .iter()
            .all(|s| s.tablespace.ends_with("2026") || s.tablespace == "USERS"));
    }
}
