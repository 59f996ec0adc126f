//! The rows of the Oracle catalog queries, assembled into the dialect-neutral catalog. Pure, so
//! that the golden tests pin it without a server.

use super::{each, plain_tables, schema_names};
use crate::db::oracle::high_value;
use crate::db::Rows;
use crate::db::{DbError, Reader};
use crate::model::catalog::{
    Carried, Catalog, Container, Datafile, DiskGroup, Extents, PartSegment, Partition, Quota,
    SegmentKind, SubPartition, Table, Tablespace,
};
use std::collections::{BTreeMap, HashMap};

/// The catalog queries, in the order [`assemble`] takes their rows.
pub const QUERIES: [&str; 12] = [
    "oracle/catalog/tablespaces",
    "oracle/catalog/datafiles",
    "oracle/catalog/part_tables",
    "oracle/catalog/partitions",
    "oracle/catalog/tables",
    "oracle/catalog/unusable_indexes",
    "oracle/catalog/parameters",
    "oracle/catalog/schemas",
    "oracle/catalog/quotas",
    "oracle/catalog/segments",
    "oracle/catalog/subpartitions",
    "oracle/catalog/disk_groups",
];

/// Unquoted Oracle names are stored upper-case; the site may list them in either case.
pub fn stored_names(schemas: &[String]) -> Vec<String> {
    schemas
        .iter()
        .map(|s| {
            if crate::sql::name::is_plain_identifier(s) {
                s.to_uppercase()
            } else {
                s.clone()
            }
        })
        .collect()
}

/// Identifier limit: 128 bytes from 12.2 on, when COMPATIBLE allows long identifiers too.
pub fn identifier_limit(version: &str, compatible: Option<&str>) -> usize {
    let at_least_12_2 = |v: &str| {
        let mut parts = v.split('.').map(|p| p.trim().parse::<u32>().unwrap_or(0));
        let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        (major, minor) >= (12, 2)
    };
    if at_least_12_2(version) && compatible.is_none_or(at_least_12_2) {
        128
    } else {
        30
    }
}

/// Results in the order of [`QUERIES`]: tablespaces, datafiles, partitioned tables, partitions,
/// plain tables, unusable indexes, parameters, schemas, quotas, segments.
pub fn assemble(results: &[Rows]) -> Result<Catalog, String> {
    let [tablespaces, datafiles, part_tables, partitions, tables, unusable, parameters, schemas, quotas, segments, subpartitions, disk_groups] =
        results
    else {
        return Err(format!(
            "expected 12 catalog results, got {}",
            results.len()
        ));
    };
    let mut segments_by_table = segments_by_table(segments)?;
    let mut subs_by_table = subpartitions_by_table(subpartitions)?;
    let mut catalog = Catalog {
        schemas: schema_names(schemas)?,
        quotas: Some(quotas_by_owner(quotas)?),
        disk_groups: Some(disk_groups_of(disk_groups)?),
        ..Catalog::default()
    };
    for r in each(parameters) {
        catalog
            .parameters
            .insert(r.string("name")?.to_lowercase(), r.string("value")?);
    }
    catalog.datafile_count = catalog
        .parameters
        .remove("datafile_count")
        .and_then(|v| v.parse().ok());
    if let Some(version) = catalog.parameters.get("version") {
        catalog.max_identifier_bytes = Some(identifier_limit(
            version,
            catalog.parameters.get("compatible").map(String::as_str),
        ));
    }

    catalog.tablespaces = tablespaces_with_files(tablespaces, datafiles)?;

    let mut unusable_by_table: HashMap<(String, String), Vec<String>> = HashMap::new();
    for r in each(unusable) {
        let index = match r.text("part_name")? {
            Some(p) => format!("{}.{p}", r.string("index_name")?),
            None => r.string("index_name")?,
        };
        unusable_by_table
            .entry((r.string("schema_name")?, r.string("table_name")?))
            .or_default()
            .push(index);
    }

    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for r in each(part_tables) {
        let (schema, name) = (r.string("schema_name")?, r.string("table_name")?);
        let key_count = r.number("key_count")?.unwrap_or(0);
        let key_column = r.string("key_column")?;
        let strategy = r.string("strategy")?.to_lowercase();
        index.insert((schema.clone(), name.clone()), catalog.tables.len());
        let key = (schema.clone(), name.clone());
        let (template, subs) = subs_by_table.remove(&key).unwrap_or_default();
        let subpartitioning = r.text("subpartitioning")?.filter(|s| s != "NONE");
        catalog.tables.push(Table {
            subpartitioning,
            subpartition_template: template,
            subpartitions: subs,
            unusable_indexes: unusable_by_table.remove(&key).unwrap_or_default(),
            segments: segments_by_table.remove(&key).unwrap_or_default(),
            schema,
            name,
            strategy,
            key_columns: if key_count == 1 && !key_column.is_empty() {
                vec![key_column]
            } else {
                Vec::new()
            },
            key_type: r.string("key_type")?,
            key_expression: None,
            interval: r.text("interval_text")?.filter(|i| !i.trim().is_empty()),
            default_tablespace: r.text("default_tablespace")?,
            partitions: Vec::new(),
            template: None,
            partman_managed: false,
            default_attributes: super::oracle_attrs::of_row(&r)?,
        });
    }
    for r in each(partitions) {
        let key = (r.string("schema_name")?, r.string("table_name")?);
        let Some(&i) = index.get(&key) else {
            continue;
        };
        let high = r.string("high_value")?;
        catalog.tables[i].partitions.push(Partition {
            name: r.string("partition_name")?,
            lower: None,
            upper: high_value::parse(&high),
            high_value: Some(high),
            is_default: false,
            tablespace: r.text("tablespace_name")?,
            subpartitioned: r.number("subpartition_count")?.unwrap_or(0) > 0,
            default_bytes: None,
            carried: attributes(&r)?,
        });
    }
    plain_tables(&mut catalog, tables)?;
    leave_out_recycled(&mut catalog);
    Ok(catalog)
}

/// A partition's own segment attributes; `None` when none was read (composite partitions).
fn attributes(r: &super::Row) -> Result<Option<Carried>, String> {
    let attributes = super::oracle_attrs::of_row(r)?;
    Ok((!attributes.is_empty()).then(|| Carried {
        attributes,
        ..Carried::default()
    }))
}

/// Whether Oracle named this object when it went to the recycle bin (`BIN$…$0`).
fn recycled(name: &str) -> bool {
    name.starts_with("BIN$")
}

/// Drops what sits in the recycle bin: a dropped table, index or LOB keeps its segments under a
/// `BIN$` name and is not the hospital's. The catalog queries leave them out already; this also
/// cleans a snapshot written by hand or by an older yearend, so no statement ever names one.
pub fn leave_out_recycled(catalog: &mut Catalog) {
    catalog.tables.retain(|t| !recycled(&t.name));
    for t in catalog.tables.iter_mut() {
        t.segments.retain(|s| !recycled(&s.name));
        t.unusable_indexes.retain(|i| !recycled(i));
    }
}

/// Tablespaces with their datafiles.
fn tablespaces_with_files(tablespaces: &Rows, datafiles: &Rows) -> Result<Vec<Tablespace>, String> {
    let mut out = Vec::new();
    let mut files: HashMap<String, Vec<Datafile>> = HashMap::new();
    for r in each(datafiles) {
        files
            .entry(r.string("tablespace_name")?)
            .or_default()
            .push(Datafile {
                path: r.string("path")?,
                bytes: r.number("bytes")?.unwrap_or(0),
                autoextend: r.string("autoextensible")? == "YES",
                increment_bytes: r.number("increment_bytes")?.unwrap_or(0),
                max_bytes: r.number("max_bytes")?.unwrap_or(0),
                create_bytes: r.number("create_bytes")?.filter(|b| *b > 0),
            });
    }
    for r in each(tablespaces) {
        let name = r.string("name")?;
        let extents = match (
            r.string("extent_management")?.as_str(),
            r.string("allocation_type")?.as_str(),
        ) {
            ("DICTIONARY", _) => Some(Extents::Dictionary),
            ("LOCAL", "UNIFORM") => r.number("uniform_bytes")?.map(Extents::Uniform),
            ("LOCAL", _) => Some(Extents::Autoallocate),
            _ => None,
        };
        out.push(Tablespace {
            files: files.remove(&name).unwrap_or_default(),
            name,
            location: None,
            bigfile: r.string("bigfile")? == "YES",
            block_size: r.number("block_size")?,
            status: r.text("status")?,
            extents,
            segment_space: r.text("segment_space")?,
            encrypted: r.string("encrypted")? == "YES",
        });
    }
    Ok(out)
}

/// The ASM disk groups the instance sees (none without ASM).
fn disk_groups_of(rows: &Rows) -> Result<Vec<DiskGroup>, String> {
    let mut out = Vec::new();
    for r in each(rows) {
        out.push(DiskGroup {
            name: r.string("name")?,
            usable_bytes: r.number("usable_mb")?.unwrap_or(0) * 1024 * 1024,
        });
    }
    Ok(out)
}

/// Oracle 12c and later: which container the session is in (one more read; 11g has none).
pub fn read_container<R: Reader + ?Sized>(
    reader: &mut R,
    catalog: &mut Catalog,
) -> Result<(), DbError> {
    let version = catalog.parameters.get("version").map(String::as_str);
    if !crate::db::oracle::dialect::at_least_12c(version) {
        return Ok(());
    }
    let q = crate::guard::query(crate::sql::text("oracle/catalog/container").trim())
        .expect("the container query passes the guard");
    let rows = reader.query(&q, &[])?;
    catalog.container = each(&rows)
        .next()
        .map(|r| -> Result<Container, String> {
            Ok(Container {
                id: r.number("con_id")?.unwrap_or(0) as u32,
                name: r.string("con_name")?,
            })
        })
        .transpose()
        .map_err(DbError::Other)?;
    Ok(())
}

/// Subpartitions by table, with whether the table has a subpartition template.
type Subs = HashMap<(String, String), (bool, Vec<SubPartition>)>;

fn subpartitions_by_table(rows: &Rows) -> Result<Subs, String> {
    let mut out: Subs = HashMap::new();
    for r in each(rows) {
        let entry = out
            .entry((r.string("schema_name")?, r.string("table_name")?))
            .or_default();
        entry.0 |= r.number("template_count")?.unwrap_or(0) > 0;
        entry.1.push(SubPartition {
            partition: r.string("partition_name")?,
            name: r.string("name")?,
            position: r.number("position")?.unwrap_or(0) as u32,
            high_value: r.string("high_value")?,
            tablespace: r.text("tablespace_name")?,
        });
    }
    for (_, subs) in out.values_mut() {
        subs.sort_by(|a, b| (&a.partition, a.position).cmp(&(&b.partition, b.position)));
    }
    Ok(out)
}

fn segments_by_table(rows: &Rows) -> Result<HashMap<(String, String), Vec<PartSegment>>, String> {
    let mut out: HashMap<(String, String), Vec<PartSegment>> = HashMap::new();
    for r in each(rows) {
        let kind = match r.string("kind")?.as_str() {
            "lob" => SegmentKind::Lob,
            _ => SegmentKind::LocalIndex,
        };
        out.entry((r.string("schema_name")?, r.string("table_name")?))
            .or_default()
            .push(PartSegment {
                kind,
                owner: r.string("owner")?,
                name: r.string("name")?,
                position: r.number("position")?.unwrap_or(0) as u32,
                tablespace: r.string("tablespace_name")?,
                status: r.text("status")?,
            });
    }
    Ok(out)
}

fn quotas_by_owner(rows: &Rows) -> Result<BTreeMap<String, Quota>, String> {
    let mut out: BTreeMap<String, Quota> = BTreeMap::new();
    for r in each(rows) {
        let quota = out.entry(r.string("owner")?).or_default();
        let tablespace = r.string("tablespace_name")?;
        let max = match r.text("max_bytes")? {
            Some(t) => t
                .trim()
                .parse::<i64>()
                .map_err(|_| format!("unreadable MAX_BYTES `{t}`"))?,
            None => 0,
        };
        if tablespace == "*" {
            quota.unlimited = true;
        } else {
            quota.tablespaces.insert(tablespace, max);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Bound;
    use serde_json::{json, Value};

    #[test]
    fn assembles_tables_partitions_files_and_parameters() {
        let c = assemble(&sample_results()).unwrap();
        assert_tables_and_partitions(&c);
        let attrs = |i: usize| {
            crate::coverage::attributes::clauses(
                &c.tables[0].partitions[i]
                    .carried
                    .as_ref()
                    .unwrap()
                    .attributes,
            )
        };
        assert_eq!(
            attrs(0),
            [
                "PCTFREE 0",
                "INITRANS 2",
                "STORAGE (BUFFER_POOL KEEP)",
                "NOLOGGING",
                "COMPRESS FOR OLTP"
            ]
        );
        assert_eq!(attrs(1)[3..], ["LOGGING", "NOCOMPRESS"]);
        assert_eq!(
            crate::coverage::attributes::clauses(&c.tables[0].default_attributes)[..2],
            ["PCTFREE 10", "INITRANS 1"]
        );
        // NONE: an interval table's defaults left to the tablespace, nothing to compare.
        assert!(c.tables[1].default_attributes.is_empty());
        assert_eq!(
            c.disk_groups,
            Some(vec![DiskGroup {
                name: "+DATA".into(),
                usable_bytes: 2048 << 20
            }])
        );
        let t = &c.tablespaces[0];
        assert_eq!(t.extents, Some(Extents::Uniform(1048576)));
        assert_eq!(t.segment_space.as_deref(), Some("AUTO"));
        assert!(t.encrypted);
    }

    /// A dropped table, a dropped index and a dropped LOB keep their segments under `BIN$`
    /// names: were the catalog queries' filters lost, the assembler still leaves them out.
    #[test]
    fn the_recycle_bin_is_left_out() {
        let bin = "BIN$4Cm5p3q9T0uQ2p1Yq7x9Zg==$0";
        let mut r = sample_results();
        r[2].rows.push(vec![
            json!("EINV"),
            json!(bin),
            json!("RANGE"),
            json!("NONE"),
            Value::Null,
            json!("EINV_DATA_2026"),
            json!(1),
            json!("ISSUE_DATE"),
            json!("DATE"),
        ]);
        r[2].rows
            .last_mut()
            .unwrap()
            .extend(std::iter::repeat_n(Value::Null, 6));
        r[3].rows.push(vec![
            json!("EINV"),
            json!(bin),
            json!("PMAX"),
            json!(1),
            json!("EINV_DATA_2026"),
            json!(0),
            json!("MAXVALUE"),
        ]);
        r[3].rows
            .last_mut()
            .unwrap()
            .extend(std::iter::repeat_n(Value::Null, 6));
        r[4].rows.push(vec![json!("EINV"), json!(bin)]);
        r[5].rows
            .push(vec![json!("EINV"), json!("BILL"), json!(bin), Value::Null]);
        r[9].rows.push(vec![
            json!("EINV"),
            json!("BILL"),
            json!("local_index"),
            json!("EINV"),
            json!(bin),
            json!(1),
            json!("EINV_IDX_2026"),
            json!("USABLE"),
        ]);
        let c = assemble(&r).unwrap();
        assert_tables_and_partitions(&c);
        let text = serde_json::to_string(&c).unwrap();
        assert!(!text.contains("BIN$"), "{text}");
    }

    /// One row set per catalog query, in the order of QUERIES.
    fn sample_results() -> Vec<Rows> {
        vec![
            Rows::new(
                &["name", "bigfile", "block_size", "status", "extent_management", "allocation_type", "uniform_bytes", "segment_space", "encrypted"],
                vec![vec![json!("EINV_DATA_2026"), json!("NO"), json!(8192), json!("ONLINE"), json!("LOCAL"), json!("UNIFORM"), json!(1048576), json!("AUTO"), json!("YES")]],
            ),
            Rows::new(
                &["tablespace_name", "path", "bytes", "autoextensible", "increment_bytes", "max_bytes", "create_bytes"],
                vec![vec![
                    json!("EINV_DATA_2026"),
                    json!("/u01/app/oracle/oradata/ORCL/einv_data_2026_01.dbf"),
                    json!(2147483648u64),
                    json!("YES"),
                    json!(104857600),
                    json!(34359721984u64),
                    json!(1073741824),
                ]],
            ),
            Rows::new(
                &["schema_name", "table_name", "strategy", "subpartitioning", "interval_text", "default_tablespace", "key_count", "key_column", "key_type", "pct_free", "ini_trans", "logging_state", "compression_state", "compress_for", "buffer_pool"],
                vec![
                    vec![json!("EINV"), json!("BILL"), json!("RANGE"), json!("NONE"), Value::Null, json!("EINV_DATA_2026"), json!(1), json!("ISSUE_DATE"), json!("DATE"), json!(10), json!(1), json!("YES"), json!("DISABLED"), Value::Null, json!("DEFAULT")],
                    vec![json!("EINV"), json!("LOG"), json!("RANGE"), json!("NONE"), json!("NUMTOYMINTERVAL(1,'MONTH')"), json!("USERS"), json!(1), json!("LOG_TIME"), json!("DATE"), Value::Null, Value::Null, json!("NONE"), json!("NONE"), Value::Null, Value::Null],
                ],
            ),
            Rows::new(
                &["schema_name", "table_name", "partition_name", "position", "tablespace_name", "subpartition_count", "high_value", "pct_free", "ini_trans", "logging_state", "compression_state", "compress_for", "buffer_pool"],
                vec![
                    vec![json!("EINV"), json!("BILL"), json!("P202612"), json!(1), json!("EINV_DATA_2026"), json!(0), json!("TO_DATE(' 2027-01-01 00:00:00', 'SYYYY-MM-DD HH24:MI:SS', 'NLS_CALENDAR=GREGORIAN')"), json!(0), json!(2), json!("NO"), json!("ENABLED"), json!("OLTP"), json!("KEEP")],
                    vec![json!("EINV"), json!("BILL"), json!("PMAX"), json!(2), json!("EINV_DATA_2026"), json!(0), json!("MAXVALUE"), json!(10), json!(1), json!("YES"), json!("DISABLED"), Value::Null, json!("DEFAULT")],
                    vec![json!("OTHER"), json!("GONE"), json!("P1"), json!(1), json!("USERS"), json!(0), json!("1"), Value::Null, Value::Null, Value::Null, Value::Null, Value::Null, Value::Null],
                ],
            ),
            Rows::new(&["schema_name", "table_name"], vec![vec![json!("EINV"), json!("DICT")]]),
            Rows::new(
                &["schema_name", "table_name", "index_name", "part_name"],
                vec![vec![json!("EINV"), json!("BILL"), json!("IX_BILL_NO"), json!("P202612")]],
            ),
            Rows::new(
                &["name", "value"],
                vec![
                    vec![json!("db_files"), json!("200")],
                    vec![json!("compatible"), json!("11.2.0.4.0")],
                    vec![json!("datafile_count"), json!("42")],
                    vec![json!("version"), json!("19.0.0.0.0")],
                ],
            ),
            Rows::new(&["name"], vec![vec![json!("EINV")], vec![json!("SYSTEM")]]),
            Rows::new(
                &["owner", "tablespace_name", "max_bytes"],
                vec![
                    vec![json!("EINV"), json!("EINV_DATA_2026"), json!(-1)],
                    vec![json!("EINV"), json!("USERS"), json!(104857600)],
                    vec![json!("HIS"), json!("*"), json!(-1)],
                ],
            ),
            Rows::new(
                &["schema_name", "table_name", "kind", "owner", "name", "position", "tablespace_name", "status"],
                vec![
                    vec![json!("EINV"), json!("BILL"), json!("local_index"), json!("EINV"), json!("IX_BILL_NO"), json!(1), json!("EINV_IDX_2026"), json!("USABLE")],
                    vec![json!("EINV"), json!("BILL"), json!("lob"), json!("EINV"), json!("CONTENT"), json!(1), json!("EINV_LOB_2026"), Value::Null],
                ],
            ),
            Rows::new(
                &["schema_name", "table_name", "partition_name", "name", "position", "high_value", "tablespace_name", "template_count"],
                vec![
                    vec![json!("EINV"), json!("LOG"), json!("P1"), json!("P1_WX"), json!(1), json!("'WX'"), json!("USERS"), json!(0)],
                    vec![json!("EINV"), json!("LOG"), json!("P1"), json!("P1_OTHER"), json!(2), json!("DEFAULT"), json!("USERS"), json!(0)],
                ],
            ),
            Rows::new(
                &["name", "usable_mb", "state"],
                vec![vec![json!("+DATA"), json!(2048), json!("MOUNTED")]],
            ),
        ]
    }

    fn assert_tables_and_partitions(c: &Catalog) {
        assert_eq!(c.tables[1].subpartitions.len(), 2);
        assert_eq!(c.tables[1].subpartitions[1].high_value, "DEFAULT");
        assert!(!c.tables[1].subpartition_template);
        assert_eq!(c.schemas, vec!["EINV", "SYSTEM"]);
        let quotas = c.quotas.as_ref().unwrap();
        assert!(quotas["EINV"].unlimited_on("EINV_DATA_2026"));
        assert!(!quotas["EINV"].unlimited_on("USERS"), "100 MB is a limit");
        assert!(!quotas["EINV"].unlimited_on("EINV_DATA_2027"));
        assert!(quotas["HIS"].unlimited_on("ANY_TS"));
        assert_eq!(c.datafile_count, Some(42));
        assert_eq!(
            c.max_identifier_bytes,
            Some(30),
            "COMPATIBLE 11.2 keeps 30 bytes"
        );
        let ts = &c.tablespaces[0];
        assert_eq!(ts.files[0].create_bytes, Some(1073741824));
        assert!(ts.files[0].autoextend && !ts.bigfile);
        let bill = &c.tables[0];
        assert_eq!(bill.key_columns, vec!["ISSUE_DATE"]);
        assert_eq!(bill.partitions.len(), 2);
        assert_eq!(bill.partitions[1].upper, Bound::Max);
        assert_eq!(bill.unusable_indexes, vec!["IX_BILL_NO.P202612"]);
        assert_eq!(bill.segments.len(), 2);
        assert_eq!(bill.segments[1].kind, SegmentKind::Lob);
        assert_eq!(bill.segments[0].tablespace, "EINV_IDX_2026");
        assert_eq!(
            c.tables[1].interval.as_deref(),
            Some("NUMTOYMINTERVAL(1,'MONTH')")
        );
        assert_eq!(c.tables[2].strategy, "none");
        assert_eq!(
            c.tables.len(),
            3,
            "partitions of tables outside the list are ignored"
        );
    }

    #[test]
    fn the_container_and_disk_group_queries_pass_the_guard() {
        for name in ["oracle/catalog/container", "oracle/catalog/disk_groups"] {
            crate::guard::query(crate::sql::text(name).trim()).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn identifier_limits_by_version_and_compatible() {
        assert_eq!(identifier_limit("11.2.0.4.0", None), 30);
        assert_eq!(identifier_limit("12.1.0.2.0", None), 30);
        assert_eq!(identifier_limit("12.2.0.1.0", Some("12.2.0")), 128);
        assert_eq!(identifier_limit("19.0.0.0.0", Some("12.1.0.2")), 30);
        assert_eq!(identifier_limit("19.0.0.0.0", Some("19.0.0")), 128);
    }

    #[test]
    fn a_missing_column_is_named() {
        let mut results: Vec<Rows> = (0..12).map(|_| Rows::default()).collect();
        results[0] = Rows::new(&["name"], vec![vec![json!("X")]]);
        assert!(assemble(&results)
            .unwrap_err()
            .contains("catalog query returned no column"));
    }
}
