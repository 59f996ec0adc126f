//! Oracle SQL: ADD PARTITION after the last partition, or SPLIT of the MAXVALUE partition with
//! UPDATE INDEXES, one statement per new partition; CREATE TABLESPACE with every file's size and
//! autoextend given explicitly; DDL commits by itself.

use super::high_value;
use crate::change::{Autoextend, Change, IndexRef, NewFile, NewPart, TableRef, TablespaceStorage};
use crate::db::dialect::{plain_literal, ReadBound, SqlDialect};
use crate::model::catalog::Extents;
use crate::model::catalog::{Bound, SegmentKind};
use crate::model::dialect::Dialect;
use crate::model::key_codec::KeyCodec;
use crate::sql;
use serde_json::json;

pub struct Oracle;

/// A size the way a DBA writes it: M when whole megabytes, else K, else bytes.
pub fn size(bytes: u64) -> String {
    const K: u64 = 1024;
    if bytes > 0 && bytes.is_multiple_of(K * K) {
        format!("{}M", bytes / (K * K))
    } else if bytes > 0 && bytes.is_multiple_of(K) {
        format!("{}K", bytes / K)
    } else {
        bytes.to_string()
    }
}

/// `'path' SIZE … AUTOEXTEND …` for one new file.
fn file_clause(f: &NewFile) -> String {
    let mut clause = match &f.path {
        Some(p) => format!(
            "{} SIZE {}",
            crate::sqlname::string_literal(p),
            size(f.size_bytes)
        ),
        None => format!("SIZE {}", size(f.size_bytes)),
    };
    match &f.autoextend {
        Some(Autoextend {
            next_bytes,
            max_bytes,
        }) => {
            let max = max_bytes.map_or("UNLIMITED".to_string(), size);
            clause.push_str(&format!(
                " AUTOEXTEND ON NEXT {} MAXSIZE {max}",
                size(*next_bytes)
            ));
        }
        None => clause.push_str(" AUTOEXTEND OFF"),
    }
    clause
}

/// A new partition's local indexes and where their partitions go.
fn local_indexes(p: &NewPart) -> Vec<(IndexRef, String)> {
    p.segments
        .iter()
        .filter(|s| s.kind == SegmentKind::LocalIndex)
        .map(|s| {
            let index = IndexRef {
                owner: s.owner.clone(),
                name: s.name.clone(),
            };
            (index, s.tablespace.clone())
        })
        .collect()
}

fn without_indexes(p: &NewPart) -> NewPart {
    let mut p = p.clone();
    p.segments.retain(|s| s.kind != SegmentKind::LocalIndex);
    p
}

/// A SPLIT of the tail. One local index is placed inside the SPLIT (UPDATE INDEXES (index
/// (PARTITION new TABLESPACE …, PARTITION tail TABLESPACE …)), both named, as the grammar needs);
/// with more, the SPLIT updates them all and each new index partition is then rebuilt where it
/// belongs (it holds only the rows split off the tail).
fn split(table: &TableRef, key: KeyCodec, tail: &str, p: &NewPart, out: &mut Vec<Change>) {
    let indexes: Vec<_> = p
        .segments
        .iter()
        .filter(|s| s.kind == SegmentKind::LocalIndex)
        .collect();
    let inline = indexes.len() == 1 && indexes[0].tail_tablespace.is_some();
    out.push(Change::SplitTail {
        table: table.clone(),
        key,
        tail: tail.to_string(),
        part: if inline {
            p.clone()
        } else {
            without_indexes(p)
        },
    });
    if inline {
        return;
    }
    for (index, tablespace) in local_indexes(p) {
        out.push(Change::RebuildIndexPartition {
            table: table.clone(),
            index,
            partition: TableRef {
                schema: table.schema.clone(),
                name: p.name.clone(),
            },
            tablespace,
        });
    }
}

impl Oracle {
    /// ` (SUBPARTITION name VALUES (…) TABLESPACE ts, …)`, or nothing.
    fn subparts(&self, part: &NewPart) -> String {
        if part.subparts.is_empty() {
            return String::new();
        }
        let each: Vec<String> = part
            .subparts
            .iter()
            .map(|s| {
                let mut d = "SUBPARTITION".to_string();
                if let Some(n) = &s.name {
                    d.push(' ');
                    d.push_str(&self.quote(n));
                }
                if !s.values.is_empty() {
                    d.push(' ');
                    d.push_str(&s.values);
                }
                if let Some(t) = &s.tablespace {
                    d.push_str(&format!(" TABLESPACE {}", self.quote(t)));
                }
                d
            })
            .collect();
        format!(" ({})", each.join(", "))
    }

    fn index(&self, index: &IndexRef) -> String {
        format!("{}.{}", self.quote(&index.owner), self.quote(&index.name))
    }
}

impl SqlDialect for Oracle {
    fn dialect(&self) -> Dialect {
        Dialect::Oracle
    }

    /// DATE keys get the TO_DATE form HIGH_VALUE shows, TIMESTAMP keys a TIMESTAMP literal.
    fn literal(&self, key: KeyCodec, bound: &Bound) -> String {
        match (key, bound) {
            (KeyCodec::Timestamp, Bound::Date(d)) => format!("TIMESTAMP' {d} 00:00:00'"),
            (_, Bound::Date(d)) => format!(
                "TO_DATE(' {d} 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')"
            ),
            (_, b) => plain_literal(b),
        }
    }

    fn extension(
        &self,
        table: &TableRef,
        key: KeyCodec,
        parts: &[NewPart],
        tail: Option<(&str, Option<&Bound>)>,
        _carry: &crate::carry::Carry,
    ) -> Vec<Change> {
        let mut out = Vec::new();
        let mut defaults: Vec<(String, String)> = Vec::new();
        for p in parts {
            let copy = p.stats_from.clone().map(|source| Change::CopyStats {
                table: table.clone(),
                source,
                partition: TableRef {
                    schema: table.schema.clone(),
                    name: p.name.clone(),
                },
            });
            match tail {
                Some((tail, _)) => split(table, key, tail, p, &mut out),
                None => {
                    for (index, tablespace) in local_indexes(p) {
                        let key = (index.name.clone(), tablespace.clone());
                        if !defaults.iter().any(|(i, t)| *i == key.0 && *t == key.1) {
                            defaults.retain(|(i, _)| *i != key.0);
                            defaults.push(key);
                            out.push(Change::IndexDefaultTablespace {
                                table: table.clone(),
                                index,
                                tablespace,
                            });
                        }
                    }
                    out.push(Change::AddPartition {
                        table: table.clone(),
                        key,
                        part: without_indexes(p),
                    });
                }
            }
            out.extend(copy);
        }
        out
    }

    fn render(&self, change: &Change) -> String {
        let part_vars = |table: &TableRef, key: KeyCodec, part: &NewPart, tail: Option<&String>| {
            let of = |kind: SegmentKind| part.segments.iter().filter(move |s| s.kind == kind);
            let lobs: Vec<_> = of(SegmentKind::Lob)
                .map(|s| json!({"column": self.quote(&s.name), "tablespace": self.quote(&s.tablespace)}))
                .collect();
            let indexes: Vec<_> = of(SegmentKind::LocalIndex)
                .map(|s| {
                    json!({
                        "index": self.index(&IndexRef { owner: s.owner.clone(), name: s.name.clone() }),
                        "tablespace": self.quote(&s.tablespace),
                        "tail_tablespace": s.tail_tablespace.as_ref().map(|t| self.quote(t)),
                    })
                })
                .collect();
            json!({
                "table": self.qualified(table),
                "name": self.quote(&part.name),
                "upper": self.literal(key, &part.upper),
                "tablespace": part.tablespace.as_ref().map(|t| self.quote(t)),
                "tail": tail.map(|t| self.quote(t)),
                "lobs": lobs,
                "indexes": indexes,
                "subparts": self.subparts(part),
            })
        };
        match change {
            Change::AddPartition { table, key, part } => sql::render(
                "oracle/ddl/add_partition",
                part_vars(table, *key, part, None),
            ),
            Change::SplitTail {
                table,
                key,
                tail,
                part,
            } => sql::render(
                "oracle/ddl/split_tail",
                part_vars(table, *key, part, Some(tail)),
            ),
            Change::CopyStats {
                table,
                source,
                partition,
            } => sql::render(
                "oracle/ddl/copy_stats",
                json!({
                    "owner": crate::sqlname::string_literal(&table.schema),
                    "table": crate::sqlname::string_literal(&table.name),
                    "source": crate::sqlname::string_literal(source),
                    "partition": crate::sqlname::string_literal(&partition.name),
                }),
            ),
            Change::IndexDefaultTablespace {
                index, tablespace, ..
            } => sql::render(
                "oracle/ddl/index_default_tablespace",
                json!({"index": self.index(index), "tablespace": self.quote(tablespace)}),
            ),
            Change::RebuildIndexPartition {
                index,
                partition,
                tablespace,
                ..
            } => sql::render(
                "oracle/ddl/rebuild_index_partition",
                json!({
                    "index": self.index(index),
                    "partition": self.quote(&partition.name),
                    "tablespace": self.quote(tablespace),
                }),
            ),
            Change::CreateTablespace {
                name,
                storage:
                    TablespaceStorage::Datafiles {
                        bigfile,
                        block_size,
                        files,
                        extents,
                        segment_space,
                    },
            } => sql::render(
                "oracle/ddl/create_tablespace",
                json!({
                    "kind": if *bigfile { "BIGFILE" } else { "SMALLFILE" },
                    "name": self.quote(name),
                    "files": files.iter().map(file_clause).collect::<Vec<_>>(),
                    "block_size": block_size.map(size),
                    // SQL Language Reference, CREATE TABLESPACE: extent_management_clause
                    // (EXTENT MANAGEMENT LOCAL AUTOALLOCATE | UNIFORM SIZE n) and
                    // segment_management_clause (SEGMENT SPACE MANAGEMENT AUTO | MANUAL).
                    "extents": match extents {
                        Some(Extents::Uniform(bytes)) => Some(format!("LOCAL UNIFORM SIZE {}", size(*bytes))),
                        Some(Extents::Autoallocate) => Some("LOCAL AUTOALLOCATE".to_string()),
                        _ => None,
                    },
                    "segment_space": segment_space.as_deref().filter(|s| matches!(*s, "AUTO" | "MANUAL")),
                }),
            ),
            other => unreachable!("Oracle never plans {other:?}"),
        }
    }

    fn transactional_ddl(&self) -> bool {
        false
    }

    fn read_bound(&self, text: &str, _key_type: &str) -> ReadBound {
        ReadBound {
            lower: None,
            upper: high_value::parse(text),
            is_default: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_read_like_a_dba_writes_them() {
        assert_eq!(size(1073741824), "1024M");
        assert_eq!(size(8192), "8K");
        assert_eq!(size(1000), "1000");
        assert_eq!(size(34359721984), "33554416K");
    }

    use crate::change::{NewPart, TableRef};
    use crate::coverage::{self, Target, Verdict};
    use crate::db::dialect::SqlDialect;
    use crate::model::catalog::{Bound, Partition, Table};
    use crate::model::dialect::Dialect;
    use chrono::NaiveDate;
    use std::collections::HashSet;

    fn oracle_table(
        schema: &str,
        name: &str,
        key_type: &str,
        bounds: Vec<Bound>,
        pmax: bool,
    ) -> Table {
        let mut partitions: Vec<Partition> = bounds
            .into_iter()
            .enumerate()
            .map(|(i, upper)| Partition {
                name: format!("P2026{:02}", i + 11),
                lower: None,
                upper,
                high_value: None,
                is_default: false,
                tablespace: Some("EINV_DATA_2026".into()),
                subpartitioned: false,
                default_bytes: None,
                carried: None,
            })
            .collect();
        if pmax {
            partitions.push(Partition {
                name: "PMAX".into(),
                lower: None,
                upper: Bound::Max,
                high_value: None,
                is_default: false,
                tablespace: Some("EINV_DATA_2026".into()),
                subpartitioned: false,
                default_bytes: None,
                carried: None,
            });
        }
        Table {
            schema: schema.into(),
            name: name.into(),
            strategy: "range".into(),
            key_columns: vec!["K".into()],
            key_type: key_type.into(),
            partitions,
            ..Default::default()
        }
    }

    fn first_two(table: &Table, limit: usize) -> Result<Vec<String>, String> {
        let tablespaces = ["EINV_DATA_2027".to_string()];
        let none = HashSet::new();
        let target = Target {
            year: 2027,
            dialect: Dialect::Oracle,
            tablespace_rule: Some("einv_data_{year}"),
            fill_gaps: false,
            tablespaces: &tablespaces,
            taken_names: &none,
            name_limit: limit,
            connected_as: None,
            zone: ("Asia/Shanghai", 8 * 3600),
            stated: None,
            excluded: None,
        };
        match coverage::analyze(table, &target) {
            Verdict::Extend(ext) => {
                let t = TableRef {
                    schema: table.schema.clone(),
                    name: table.name.clone(),
                };
                let parts: Vec<NewPart> = ext
                    .new
                    .iter()
                    .map(|p| NewPart {
                        name: p.name.clone(),
                        lower: p.lower.clone(),
                        upper: p.upper.clone(),
                        tablespace: p.tablespace.clone(),
                        unlogged: false,
                        options: Vec::new(),
                        segments: Vec::new(),
                        stats_from: None,
                        subparts: Vec::new(),
                    })
                    .collect();
                let tail = ext.tail.as_deref().map(|t| (t, ext.tail_upper.as_ref()));
                let changes =
                    super::Oracle.extension(&t, ext.key, &parts, tail, &Default::default());
                Ok(changes
                    .iter()
                    .take(2)
                    .map(|c| super::Oracle.render(c))
                    .collect())
            }
            other => Err(format!("{other:?}")),
        }
    }

    fn date(y: i32, m: u32) -> Bound {
        Bound::Date(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
    }

    #[test]
    fn oracle_add_partition_for_every_key_kind() {
        let cases = [
            (
                "DATE",
                vec![date(2026, 12), date(2027, 1)],
                r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (TO_DATE(' 2027-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) TABLESPACE "EINV_DATA_2027""#,
            ),
            (
                "TIMESTAMP(6)",
                vec![date(2026, 12), date(2027, 1)],
                r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (TIMESTAMP' 2027-02-01 00:00:00') TABLESPACE "EINV_DATA_2027""#,
            ),
            (
                "NUMBER",
                vec![Bound::Int(202612), Bound::Int(202701)],
                r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (202702) TABLESPACE "EINV_DATA_2027""#,
            ),
            (
                "NUMBER",
                vec![Bound::Int(20261201), Bound::Int(20270101)],
                r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN (20270201) TABLESPACE "EINV_DATA_2027""#,
            ),
            (
                "VARCHAR2",
                vec![Bound::Text("202612".into()), Bound::Text("202701".into())],
                r#"ALTER TABLE "EINV"."BILL" ADD PARTITION "P202701" VALUES LESS THAN ('202702') TABLESPACE "EINV_DATA_2027""#,
            ),
        ];
        for (key_type, bounds, want) in cases {
            let got =
                first_two(&oracle_table("EINV", "BILL", key_type, bounds, false), 30).unwrap();
            assert_eq!(got[0], want, "{key_type}");
            crate::guard::ddl(&got[0]).unwrap();
        }
    }

    #[test]
    fn oracle_split_of_maxvalue_one_month_at_a_time_with_update_indexes() {
        let t = oracle_table(
            "EINV",
            "BILL",
            "DATE",
            vec![date(2026, 12), date(2027, 1)],
            true,
        );
        let got = first_two(&t, 30).unwrap();
        assert_eq!(
            got,
            vec![
                r#"ALTER TABLE "EINV"."BILL" SPLIT PARTITION "PMAX" AT (TO_DATE(' 2027-02-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P202701" TABLESPACE "EINV_DATA_2027", PARTITION "PMAX") UPDATE INDEXES"#,
                r#"ALTER TABLE "EINV"."BILL" SPLIT PARTITION "PMAX" AT (TO_DATE(' 2027-03-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')) INTO (PARTITION "P202702" TABLESPACE "EINV_DATA_2027", PARTITION "PMAX") UPDATE INDEXES"#,
            ]
        );
        for s in got {
            crate::guard::ddl(&s).unwrap();
        }
    }

    #[test]
    fn oracle_names_are_quoted_as_the_catalog_spells_them() {
        let t = oracle_table(
            "EInv",
            "Bill\"Log",
            "NUMBER",
            vec![Bound::Int(202612), Bound::Int(202701)],
            false,
        );
        let got = first_two(&t, 30).unwrap();
        assert!(
            got[0].starts_with(r#"ALTER TABLE "EInv"."Bill""Log" ADD PARTITION "P202701""#),
            "{}",
            got[0]
        );
    }

    #[test]
    fn oracle_identifier_limit_blocks_long_names_before_12_2() {
        let mut t = oracle_table(
            "EINV",
            "BILL",
            "DATE",
            vec![date(2026, 12), date(2027, 1)],
            false,
        );
        for p in &mut t.partitions {
            p.name = format!("EI_BILL_DETAIL_HISTORY_{}", p.name); // 30 bytes today, 30 tomorrow
        }
        assert!(first_two(&t, 30).is_ok());
        for p in &mut t.partitions {
            p.name = format!("X{}", p.name); // 31 bytes
        }
        let err = first_two(&t, 30).unwrap_err();
        assert!(err.contains("超过 30 字节"), "{err}");
        assert!(first_two(&t, 128).is_ok(), "12.2+ allows 128 bytes");
    }
}
