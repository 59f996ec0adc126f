//! Oracle segment attributes of a partition (DBA_TAB_PARTITIONS) and of what a partition added
//! without clauses gets (DBA_PART_TABLES DEF_*), each as the clause of the SQL Language
//! Reference's `table_partition_description` that sets it. A value read that no clause writes
//! is kept behind `?`: the table is named, never extended without it.

use super::{each, Row};
use crate::db::{DbError, Reader, Rows};
use crate::model::catalog::{Carried, Catalog};
use std::collections::{BTreeMap, HashMap};

/// The attributes of one row of `partitions.sql` or `part_tables.sql` (same column names).
pub(crate) fn of_row(r: &Row) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    if let Some(n) = r.number("pct_free")? {
        out.insert("pctfree".into(), format!("PCTFREE {n}"));
    }
    if let Some(n) = r.number("ini_trans")? {
        out.insert("initrans".into(), format!("INITRANS {n}"));
    }
    if let Some(pool) = r.text("buffer_pool")? {
        if let Some(c) = buffer_pool(&pool) {
            out.insert("buffer_pool".into(), c);
        }
    }
    if let Some(c) = r.text("logging_state")?.and_then(|l| logging(&l)) {
        out.insert("logging".into(), c);
    }
    let (compression, compress_for) = (r.text("compression_state")?, r.text("compress_for")?);
    if let Some(c) = compression
        .as_deref()
        .and_then(|c| compress(c, compress_for.as_deref()))
    {
        out.insert("compression".into(), c);
    }
    Ok(out)
}

fn buffer_pool(pool: &str) -> Option<String> {
    match pool.trim() {
        "" | "NONE" => None,
        p @ ("DEFAULT" | "KEEP" | "RECYCLE") => Some(format!("STORAGE (BUFFER_POOL {p})")),
        other => Some(format!("?BUFFER_POOL {other}")),
    }
}

fn logging(l: &str) -> Option<String> {
    match l.trim() {
        "YES" => Some("LOGGING".into()),
        "NO" => Some("NOLOGGING".into()),
        // NONE: a composite partition (its subpartitions say) or a default left to the tablespace.
        "" | "NONE" => None,
        other => Some(format!("?LOGGING {other}")),
    }
}

/// COMPRESSION and COMPRESS_FOR as the clause: 11g spellings where they still parse on 12c+
/// (`COMPRESS FOR OLTP`, `COMPRESS FOR QUERY LOW`), `ROW STORE COMPRESS ADVANCED` where only
/// 12c+ reports it.
fn compress(compression: &str, compress_for: Option<&str>) -> Option<String> {
    match compression.trim() {
        "DISABLED" => return Some("NOCOMPRESS".into()),
        "ENABLED" => {}
        "" | "NONE" | "N/A" => return None,
        other => return Some(format!("?COMPRESSION {other}")),
    }
    let how = compress_for.map(str::trim).unwrap_or("");
    Some(match how {
        "BASIC" | "" => "COMPRESS".into(),
        "OLTP" => "COMPRESS FOR OLTP".into(),
        "ADVANCED" => "ROW STORE COMPRESS ADVANCED".into(),
        "QUERY LOW" | "QUERY HIGH" | "ARCHIVE LOW" | "ARCHIVE HIGH" => {
            format!("COMPRESS FOR {how}")
        }
        "FOR ALL OPERATIONS" => "COMPRESS FOR ALL OPERATIONS".into(),
        "DIRECT LOAD ONLY" => "COMPRESS FOR DIRECT_LOAD OPERATIONS".into(),
        other => format!("?COMPRESS_FOR {other}"),
    })
}

/// INMEMORY, INMEMORY_PRIORITY and INMEMORY_COMPRESSION as the clause.
pub fn inmemory(state: &str, priority: Option<&str>, memcompress: Option<&str>) -> Option<String> {
    match state.trim() {
        "DISABLED" => return Some("NO INMEMORY".into()),
        "ENABLED" => {}
        "" | "NONE" => return None,
        other => return Some(format!("?INMEMORY {other}")),
    }
    let mut clause = String::from("INMEMORY");
    match memcompress.map(str::trim).unwrap_or("") {
        "" => {}
        "NO MEMCOMPRESS" => clause.push_str(" NO MEMCOMPRESS"),
        m @ ("FOR DML" | "FOR QUERY LOW" | "FOR QUERY HIGH" | "FOR CAPACITY LOW"
        | "FOR CAPACITY HIGH") => {
            clause.push_str(" MEMCOMPRESS ");
            clause.push_str(m);
        }
        other => return Some(format!("?INMEMORY_COMPRESSION {other}")),
    }
    match priority.map(str::trim).unwrap_or("") {
        "" => {}
        p @ ("NONE" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL") => {
            clause.push_str(" PRIORITY ");
            clause.push_str(p);
        }
        other => return Some(format!("?INMEMORY_PRIORITY {other}")),
    }
    Some(clause)
}

/// Oracle 12.1.0.2 and later (the In-Memory columns); an unknown version is not.
pub fn has_inmemory(version: Option<&str>) -> bool {
    let Some(v) = version else { return false };
    let parts: Vec<u32> = v
        .split('.')
        .map(|p| p.trim().parse().unwrap_or(0))
        .chain(std::iter::repeat(0))
        .take(4)
        .collect();
    parts.as_slice() >= [12, 1, 0, 2].as_slice()
}

/// Each partition's and each table's In-Memory clause, read on 12.1.0.2 and later (one round
/// trip); nothing before, where the feature does not exist.
pub fn read_inmemory<R: Reader + ?Sized>(
    reader: &mut R,
    catalog: &mut Catalog,
    schemas: &[String],
) -> Result<(), DbError> {
    if !has_inmemory(catalog.parameters.get("version").map(String::as_str)) {
        return Ok(());
    }
    let (q, params) = super::over_schemas(
        crate::model::dialect::Dialect::Oracle,
        "oracle/catalog/inmemory",
        schemas,
    );
    let rows = reader.query(&q, &params)?;
    put_inmemory(catalog, &rows).map_err(DbError::Other)
}

/// The rows of `inmemory.sql` onto the catalog's tables and partitions.
pub fn put_inmemory(catalog: &mut Catalog, rows: &Rows) -> Result<(), String> {
    let mut found: HashMap<(String, String, Option<String>), String> = HashMap::new();
    for r in each(rows) {
        let clause = inmemory(
            &r.string("inmemory_state")?,
            r.text("inmemory_priority")?.as_deref(),
            r.text("inmemory_memcompress")?.as_deref(),
        );
        if let Some(c) = clause {
            let key = (
                r.string("schema_name")?,
                r.string("table_name")?,
                r.text("partition_name")?,
            );
            found.insert(key, c);
        }
    }
    for t in catalog.tables.iter_mut() {
        let (s, n) = (t.schema.clone(), t.name.clone());
        if let Some(c) = found.remove(&(s.clone(), n.clone(), None)) {
            t.default_attributes.insert("inmemory".into(), c);
        }
        for p in t.partitions.iter_mut() {
            if let Some(c) = found.remove(&(s.clone(), n.clone(), Some(p.name.clone()))) {
                p.carried
                    .get_or_insert_with(Carried::default)
                    .attributes
                    .insert("inmemory".into(), c);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_as_the_reference_writes_it() {
        assert_eq!(compress("DISABLED", None).unwrap(), "NOCOMPRESS");
        assert_eq!(compress("ENABLED", Some("BASIC")).unwrap(), "COMPRESS");
        assert_eq!(
            compress("ENABLED", Some("OLTP")).unwrap(),
            "COMPRESS FOR OLTP"
        );
        assert_eq!(
            compress("ENABLED", Some("ADVANCED")).unwrap(),
            "ROW STORE COMPRESS ADVANCED"
        );
        assert_eq!(
            compress("ENABLED", Some("QUERY HIGH")).unwrap(),
            "COMPRESS FOR QUERY HIGH"
        );
        assert_eq!(compress("NONE", None), None);
        // A value this version of yearend does not know is kept, marked, never dropped.
        assert_eq!(
            compress("ENABLED", Some("QUERY LOW ROW LEVEL LOCKING")).unwrap(),
            "?COMPRESS_FOR QUERY LOW ROW LEVEL LOCKING"
        );
    }

    #[test]
    fn inmemory_with_its_compression_and_priority() {
        assert_eq!(inmemory("DISABLED", None, None).unwrap(), "NO INMEMORY");
        assert_eq!(
            inmemory("ENABLED", Some("HIGH"), Some("FOR QUERY LOW")).unwrap(),
            "INMEMORY MEMCOMPRESS FOR QUERY LOW PRIORITY HIGH"
        );
        assert_eq!(
            inmemory("ENABLED", Some("NONE"), Some("AUTO")).unwrap(),
            "?INMEMORY_COMPRESSION AUTO"
        );
        assert_eq!(inmemory("NONE", None, None), None);
    }

    #[test]
    fn inmemory_rows_land_on_their_partitions_and_tables() {
        use crate::model::catalog::{Bound, Partition, Table};
        use serde_json::json;
        let part = |name: &str| Partition::bounded(name, Bound::Max);
        let mut c = Catalog {
            tables: vec![Table {
                schema: "EINV".into(),
                name: "BILL".into(),
                partitions: vec![part("P2026"), part("PMAX")],
                ..Table::default()
            }],
            ..Catalog::default()
        };
        let rows = Rows::new(
            &[
                "schema_name",
                "table_name",
                "partition_name",
                "inmemory_state",
                "inmemory_priority",
                "inmemory_memcompress",
            ],
            vec![
                vec![
                    json!("EINV"),
                    json!("BILL"),
                    json!("P2026"),
                    json!("ENABLED"),
                    json!("HIGH"),
                    json!("FOR QUERY LOW"),
                ],
                vec![
                    json!("EINV"),
                    json!("BILL"),
                    json!("PMAX"),
                    json!("DISABLED"),
                    serde_json::Value::Null,
                    serde_json::Value::Null,
                ],
                vec![
                    json!("EINV"),
                    json!("BILL"),
                    serde_json::Value::Null,
                    json!("DISABLED"),
                    serde_json::Value::Null,
                    serde_json::Value::Null,
                ],
            ],
        );
        put_inmemory(&mut c, &rows).unwrap();
        let t = &c.tables[0];
        let of =
            |i: usize| t.partitions[i].carried.as_ref().unwrap().attributes["inmemory"].clone();
        assert_eq!(of(0), "INMEMORY MEMCOMPRESS FOR QUERY LOW PRIORITY HIGH");
        assert_eq!(of(1), "NO INMEMORY");
        assert_eq!(t.default_attributes["inmemory"], "NO INMEMORY");
    }

    #[test]
    fn inmemory_is_read_from_12_1_0_2_on() {
        assert!(!has_inmemory(None));
        assert!(!has_inmemory(Some("11.2.0.4.0")));
        assert!(!has_inmemory(Some("12.1.0.1.0")));
        assert!(has_inmemory(Some("12.1.0.2.0")));
        assert!(has_inmemory(Some("19.3.0.0.0")));
    }
}
