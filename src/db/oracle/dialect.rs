//! Oracle SQL: ADD PARTITION after the last partition, or SPLIT of the MAXVALUE partition with
//! UPDATE INDEXES, one statement per new partition; CREATE TABLESPACE with every file's size and
//! autoextend given explicitly; DDL commits by itself.

use super::high_value;
use crate::db::dialect::{plain_literal, ReadBound, SqlDialect};
use crate::model::catalog::Extents;
use crate::model::catalog::{Bound, SegmentKind};
use crate::model::change::{
    Autoextend, Change, IndexRef, NewFile, NewPart, TableRef, TablespaceStorage,
};
use crate::model::dialect::Dialect;
use crate::model::key_codec::KeyCodec;
use crate::sql;
use serde_json::json;

pub struct Oracle {
    /// 12c and later: all of a table's new partitions split off its tail in one statement.
    pub split_many: bool,
}

/// Oracle 11g: one SPLIT per new partition.
pub static ORACLE_11G: Oracle = Oracle { split_many: false };
/// Oracle 12c and later: SPLIT … INTO (…) with every new partition.
pub static ORACLE_12C: Oracle = Oracle { split_many: true };

impl Oracle {
    /// The dialect for a server version as V$INSTANCE prints it (`19.3.0.0.0`); 11g rules when
    /// the version is unknown.
    pub fn for_version(version: Option<&str>) -> &'static Oracle {
        if at_least_12c(version) {
            &ORACLE_12C
        } else {
            &ORACLE_11G
        }
    }
}

/// Whether a server version as V$INSTANCE prints it (`19.3.0.0.0`) is 12c or later (multi-
/// partition SPLIT, containers); an unknown version is not.
pub fn at_least_12c(version: Option<&str>) -> bool {
    version
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.trim().parse::<u32>().ok())
        .is_some_and(|major| major >= 12)
}

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
            crate::sql::name::string_literal(p),
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

/// A SPLIT can place one local index's new partition itself (UPDATE INDEXES (index (PARTITION
/// new TABLESPACE …, PARTITION tail TABLESPACE …)), the tail's named too, as the grammar needs).
fn index_placed_inline(p: &NewPart) -> bool {
    let mut indexes = p
        .segments
        .iter()
        .filter(|s| s.kind == SegmentKind::LocalIndex);
    matches!((indexes.next(), indexes.next()), (Some(i), None) if i.tail_tablespace.is_some())
}

/// What a SPLIT sends of a new partition: with its index placement when placed inline.
fn split_part(p: &NewPart, inline: bool) -> NewPart {
    if inline {
        p.clone()
    } else {
        without_indexes(p)
    }
}

/// Index partitions the SPLIT could not place (more than one local index): each rebuilt where
/// it belongs (it holds only the rows split off the tail).
fn rebuilds(table: &TableRef, parts: &[NewPart], out: &mut Vec<Change>) {
    for p in parts {
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
}

/// 12c+: one SPLIT of the tail INTO every new partition; indexes as for one.
fn split_many(
    table: &TableRef,
    key: KeyCodec,
    tail: &str,
    parts: &[NewPart],
    out: &mut Vec<Change>,
) {
    let inline = index_placed_inline(&parts[0]);
    out.push(Change::SplitTailMany {
        table: table.clone(),
        key,
        tail: tail.to_string(),
        parts: parts.iter().map(|p| split_part(p, inline)).collect(),
    });
    if !inline {
        rebuilds(table, parts, out);
    }
}

/// A SPLIT of the tail at one new partition's upper bound.
fn split(table: &TableRef, key: KeyCodec, tail: &str, p: &NewPart, out: &mut Vec<Change>) {
    let inline = index_placed_inline(p);
    out.push(Change::SplitTail {
        table: table.clone(),
        key,
        tail: tail.to_string(),
        part: split_part(p, inline),
    });
    if !inline {
        rebuilds(table, std::slice::from_ref(p), out);
    }
}

/// `copy_stats: true`: the newest partition's statistics onto a new one.
fn copy_stats(table: &TableRef, p: &NewPart) -> Option<Change> {
    p.stats_from.clone().map(|source| Change::CopyStats {
        table: table.clone(),
        source,
        partition: TableRef {
            schema: table.schema.clone(),
            name: p.name.clone(),
        },
    })
}

/// ` PCTFREE 0 COMPRESS FOR OLTP`: the attribute clauses a new partition is written with, after
/// its TABLESPACE and before its LOB storage, as `table_partition_description` orders them.
fn attributes(part: &NewPart) -> String {
    part.clauses.iter().map(|c| format!(" {c}")).collect()
}

impl Oracle {
    /// One SPLIT for all of a table's new partitions: 12c+, more than one, and no subpartition
    /// lists (a composite table without a template keeps one SPLIT per partition).
    fn splits_many(&self, parts: &[NewPart]) -> bool {
        self.split_many && parts.len() > 1 && parts.iter().all(|p| p.subparts.is_empty())
    }

    /// The variables of `split_tail_many.sql`: each new partition with its bound, tablespace and
    /// LOBs; the inline local index (one, with its tail's tablespace known) with a partition per
    /// new partition.
    fn many_vars(
        &self,
        table: &TableRef,
        key: KeyCodec,
        tail: &str,
        parts: &[NewPart],
    ) -> serde_json::Value {
        let q = |n: &str| self.quote(n);
        let each: Vec<_> = parts
            .iter()
            .map(|p| {
                json!({
                    "name": q(&p.name),
                    "upper": self.literal(key, &p.upper),
                    "tablespace": p.tablespace.as_deref().map(q),
                    "attributes": attributes(p),
                    "lobs": self.lobs(p),
                })
            })
            .collect();
        let first = parts
            .first()
            .map(|p| p.segments.as_slice())
            .unwrap_or_default();
        let indexes: Vec<_> = first
            .iter()
            .filter(|s| s.kind == SegmentKind::LocalIndex)
            .map(|s| {
                let placed: Vec<_> = parts
                    .iter()
                    .map(|p| {
                        let ts = p
                            .segments
                            .iter()
                            .find(|x| x.kind == SegmentKind::LocalIndex && x.name == s.name)
                            .map_or(s.tablespace.as_str(), |x| x.tablespace.as_str());
                        json!({"name": q(&p.name), "tablespace": q(ts)})
                    })
                    .collect();
                json!({
                    "index": self.index(&IndexRef { owner: s.owner.clone(), name: s.name.clone() }),
                    "parts": placed,
                    "tail_tablespace": s.tail_tablespace.as_deref().map(q),
                })
            })
            .collect();
        json!({
            "table": self.qualified(table),
            "tail": q(tail),
            "parts": each,
            "indexes": indexes,
        })
    }

    /// A new partition's LOB segments and where they go, for `LOB (…) STORE AS (TABLESPACE …)`.
    fn lobs(&self, part: &NewPart) -> Vec<serde_json::Value> {
        part.segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Lob)
            .map(
                |s| json!({"column": self.quote(&s.name), "tablespace": self.quote(&s.tablespace)}),
            )
            .collect()
    }

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
        tail: Option<(&str, Option<&Bound>, crate::db::dialect::Kept)>,
        _carry: &crate::coverage::carry::Carry,
    ) -> Vec<Change> {
        let mut out = Vec::new();
        if let Some((tail, _, _)) = tail.filter(|_| self.splits_many(parts)) {
            split_many(table, key, tail, parts, &mut out);
            out.extend(parts.iter().filter_map(|p| copy_stats(table, p)));
            return out;
        }
        let mut defaults: Vec<(String, String)> = Vec::new();
        for p in parts {
            match tail {
                Some((tail, _, _)) => split(table, key, tail, p, &mut out),
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
            out.extend(copy_stats(table, p));
        }
        out
    }

    fn render(&self, change: &Change) -> String {
        let part_vars = |table: &TableRef, key: KeyCodec, part: &NewPart, tail: Option<&String>| {
            let of = |kind: SegmentKind| part.segments.iter().filter(move |s| s.kind == kind);
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
                "attributes": attributes(part),
                "tail": tail.map(|t| self.quote(t)),
                "lobs": self.lobs(part),
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
            Change::SplitTailMany {
                table,
                key,
                tail,
                parts,
            } => sql::render(
                "oracle/ddl/split_tail_many",
                self.many_vars(table, *key, tail, parts),
            ),
            Change::CopyStats {
                table,
                source,
                partition,
            } => sql::render(
                "oracle/ddl/copy_stats",
                json!({
                    "owner": crate::sql::name::string_literal(&table.schema),
                    "table": crate::sql::name::string_literal(&table.name),
                    "source": crate::sql::name::string_literal(source),
                    "partition": crate::sql::name::string_literal(&partition.name),
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
#[path = "dialect_tests.rs"]
mod tests;
