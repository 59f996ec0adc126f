//! The rows of the PostgreSQL catalog queries, assembled: partitioned tables with every child's
//! bound, what each child carries of its own, and pg_partman's template tables.

use super::{each, plain_tables, schema_names, Row};
use crate::db::dialect::SqlDialect;
use crate::db::postgres::dialect::Postgres;
use crate::db::{DbError, Reader, Rows};
use crate::guard;
use crate::model::catalog::{Carried, Catalog, Partition, Property, Table, Tablespace};
use crate::sql;
use std::collections::HashMap;

/// The catalog queries, in the order [`assemble`] takes their rows. The reader runs the first
/// three on one session and the rest on another at the same time: on a 2,000-table database the
/// partitions take ≈ 90 ms on the server, each child's own properties ≈ 50 ms, the plain tables
/// ≈ 10 ms, the rest a few ms.
pub const QUERIES: [&str; 8] = [
    "postgres/catalog/partitions",
    "postgres/catalog/tablespaces",
    "postgres/catalog/schemas",
    "postgres/catalog/part_tables",
    "postgres/catalog/tables",
    "postgres/catalog/child_properties",
    "postgres/catalog/partman",
    "postgres/catalog/fingerprint_columns",
];

/// Where `read_templates` finds pg_partman's schema among the results.
const PARTMAN: usize = 6;

pub fn assemble(results: &[Rows]) -> Result<Catalog, String> {
    let [partitions, tablespaces, schemas, part_tables, tables, carried, _partman, columns] =
        results
    else {
        return Err(format!("expected 8 catalog results, got {}", results.len()));
    };
    let mut catalog = Catalog {
        schemas: schema_names(schemas)?,
        connected_as: each(schemas)
            .next()
            .map(|r| r.string("connected_as"))
            .transpose()?,
        ..Catalog::default()
    };
    for r in each(tablespaces) {
        catalog.tablespaces.push(Tablespace {
            name: r.string("name")?,
            location: Some(r.string("location")?),
            files: Vec::new(),
            ..Tablespace::default()
        });
    }
    for r in each(columns) {
        let (table, column) = (r.string("catalog_name")?, r.string("column_name")?);
        let list = catalog
            .parameters
            .entry(format!("facets:{table}"))
            .or_default();
        if !list.is_empty() {
            list.push(',');
        }
        list.push_str(&column);
    }
    let by_oid = partitioned_tables(&mut catalog, part_tables, partitions)?;
    attach_carried(&mut catalog, &by_oid, carried)?;
    plain_tables(&mut catalog, tables)?;
    Ok(catalog)
}

/// A catalog oid as the driver reads it (an `oid` column: a JSON number).
fn oid(r: &Row, col: &str) -> Result<u32, String> {
    r.number(col)?
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| format!("catalog column {col} holds no oid"))
}

/// The tables with their partitions, sorted by name; and where each partition landed, by its
/// oid. Partition rows come unordered (sorting 26,000 rows on the server spilled to disk) and
/// name their table by oid.
fn partitioned_tables(
    catalog: &mut Catalog,
    tables: &Rows,
    partitions: &Rows,
) -> Result<HashMap<u32, (usize, usize)>, String> {
    let mut parents: Vec<(u32, Table)> = Vec::new();
    for r in each(tables) {
        parents.push((oid(&r, "oid")?, table(&r)?));
    }
    parents.sort_by(|(_, a), (_, b)| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
    let at: HashMap<u32, usize> = parents
        .iter()
        .enumerate()
        .map(|(i, (o, _))| (*o, i))
        .collect();
    catalog.tables = parents.into_iter().map(|(_, t)| t).collect();
    let mut oids: Vec<Vec<u32>> = vec![Vec::new(); catalog.tables.len()];
    for r in each(partitions) {
        // A table made between the two reads has no row in the first: not read this time.
        let Some(&t) = at.get(&oid(&r, "parent")?) else {
            continue;
        };
        let bound = r.string("bound")?;
        let table = &mut catalog.tables[t];
        let read = Postgres.read_bound(&bound, &table.key_type);
        let tablespace = r.string("tablespace")?;
        let child = oid(&r, "oid")?;
        table.partitions.push(Partition {
            high_value: Some(bound),
            name: r.string("partition_name")?,
            lower: read.lower,
            upper: read.upper,
            is_default: read.is_default,
            tablespace: (!tablespace.is_empty()).then_some(tablespace),
            subpartitioned: r.flag("subpartitioned")?,
            default_bytes: r.number("default_bytes")?,
            carried: Some(Carried {
                oid: Some(child),
                ..Carried::default()
            }),
        });
        oids[t].push(child);
    }
    let mut by_oid = HashMap::new();
    for (t, (table, oids)) in catalog.tables.iter_mut().zip(oids).enumerate() {
        let mut parts: Vec<(Partition, u32)> = std::mem::take(&mut table.partitions)
            .into_iter()
            .zip(oids)
            .collect();
        parts.sort_by(|(a, _), (b, _)| a.name.cmp(&b.name));
        for (p, (part, o)) in parts.into_iter().enumerate() {
            by_oid.insert(o, (t, p));
            table.partitions.push(part);
        }
    }
    Ok(by_oid)
}

fn table(r: &Row) -> Result<Table, String> {
    let key_column = r.string("key_column")?;
    let single = r.number("key_count")? == Some(1) && !key_column.is_empty();
    Ok(Table {
        schema: r.string("schema_name")?,
        name: r.string("table_name")?,
        strategy: r.text("strategy")?.unwrap_or_else(|| "other".into()),
        key_columns: if single { vec![key_column] } else { Vec::new() },
        key_type: r.string("key_type")?,
        ..Default::default()
    })
}

/// Each partition's own properties onto it, found by its oid. A row for a partition not read
/// (created between the two reads) is left out.
fn attach_carried(
    catalog: &mut Catalog,
    by_oid: &HashMap<u32, (usize, usize)>,
    rows: &Rows,
) -> Result<(), String> {
    for r in each(rows) {
        if let Some(&(t, p)) = by_oid.get(&oid(&r, "partition_oid")?) {
            let part = &mut catalog.tables[t].partitions[p];
            add_property(part.carried.get_or_insert_with(Carried::default), &r)?;
        }
    }
    Ok(())
}

fn add_property(c: &mut Carried, r: &Row) -> Result<(), String> {
    let (name, definition, extra) = (
        r.string("name")?,
        r.string("definition")?,
        r.string("extra")?,
    );
    match r.string("kind")?.as_str() {
        "index" => c.indexes.push(Property {
            name,
            definition,
            extra,
        }),
        "constraint" => c.constraints.push(Property {
            name,
            definition,
            extra,
        }),
        _ => {
            // `table`: owner in name, options in definition, persistence + acl in extra.
            c.owner = name;
            c.options = definition
                .split(',')
                .filter(|o| !o.is_empty())
                .map(str::to_string)
                .collect();
            c.unlogged = extra.starts_with('u');
            c.acl = extra.get(1..).unwrap_or_default().to_string();
        }
    }
    Ok(())
}

/// The read of the children's facets (`fingerprint.sql`): the compared columns of `pg_class`
/// and `pg_attribute` as this server has them (`fingerprint_columns.sql`, kept in the catalog's
/// parameters as `facets:<catalog>`), and the oids as one parameter. One read on one session:
/// cut in four on the reader's two sessions it was slower at 6,000 children (the second session
/// costs more to open than the query takes).
pub fn facet_read(
    oids: &[u32],
    parameters: &std::collections::BTreeMap<String, String>,
) -> Result<crate::db::Read, String> {
    let object = |table: &str, alias: &str| -> Result<(String, String), String> {
        let list = parameters.get(&format!("facets:{table}")).ok_or_else(|| {
            format!("the catalog read did not say which columns of {table} to compare")
        })?;
        let columns: Vec<&str> = list.split(',').filter(|c| !c.is_empty()).collect();
        if let Some(odd) = columns.iter().find(|c| {
            !c.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        }) {
            return Err(format!(
                "{table} has a column named {odd:?}, which yearend does not compare"
            ));
        }
        // json_build_object takes 100 arguments: 40 columns per object, objects joined as jsonb.
        let parts: Vec<String> = columns
            .chunks(40)
            .map(|chunk| {
                let pairs: Vec<String> = chunk
                    .iter()
                    .map(|c| format!("'{c}', {alias}.\"{c}\""))
                    .collect();
                format!("jsonb_build_object({})", pairs.join(", "))
            })
            .collect();
        let grouped: Vec<String> = columns.iter().map(|c| format!("{alias}.\"{c}\"")).collect();
        Ok(if parts.is_empty() {
            ("'{}'::jsonb".to_string(), format!("{alias}.oid"))
        } else {
            (parts.join(" || "), grouped.join(", "))
        })
    };
    let (class_object, class_columns) = object("pg_class", "c")?;
    let (attribute_object, attribute_columns) = object("pg_attribute", "a")?;
    let text = sql::render(
        "postgres/catalog/fingerprint",
        serde_json::json!({
            "class_object": class_object,
            "class_columns": class_columns,
            "attribute_object": attribute_object,
            "attribute_columns": attribute_columns,
        }),
    );
    let q = guard::query(text.trim()).map_err(|e| e.to_string())?;
    let list: Vec<String> = oids.iter().map(u32::to_string).collect();
    Ok((q, vec![crate::model::param::Param::Text(list.join(","))]))
}

/// pg_partman's template tables by parent, read in a second round trip only where the extension
/// is installed (its part_config lives in the schema the first read found).
pub fn read_templates<R: Reader + ?Sized>(
    reader: &mut R,
    results: &[Rows],
    catalog: &mut Catalog,
) -> Result<(), DbError> {
    let Some(ns) = results
        .get(PARTMAN)
        .and_then(|rows| each(rows).next())
        .map(|r| r.string("schema_name"))
        .transpose()
        .map_err(DbError::Other)?
    else {
        return Ok(());
    };
    let config = format!("{}.\"part_config\"", Postgres.quote(&ns));
    let text = sql::render(
        "postgres/catalog/templates",
        serde_json::json!({ "part_config": config }),
    );
    let q = guard::query(text.trim()).expect("catalog queries pass the guard");
    let rows = reader.query_together(&[(q, Vec::new())])?;
    let managed: std::collections::HashSet<String> = each(&rows[0])
        .filter(|r| r.string("kind").is_ok_and(|k| k == "managed"))
        .filter_map(|r| r.string("parent_table").ok())
        .collect();
    let templates = templates_by_parent(&rows[0]).map_err(DbError::Other)?;
    for t in &mut catalog.tables {
        t.template = templates.get(&t.full_name()).cloned();
        t.partman_managed = managed.contains(&t.full_name());
    }
    Ok(())
}

fn templates_by_parent(rows: &Rows) -> Result<HashMap<String, (String, Carried)>, String> {
    let mut out: HashMap<String, (String, Carried)> = HashMap::new();
    for r in each(rows).filter(|r| r.string("kind").is_ok_and(|k| k != "managed")) {
        let entry = out
            .entry(r.string("parent_table")?)
            .or_insert_with(|| (String::new(), Carried::default()));
        entry.0 = r.string("template_name")?;
        add_property(&mut entry.1, &r)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Bound;
    use serde_json::{json, Value};

    /// In QUERIES' order: partitions, tablespaces, schemas, partitioned tables, plain tables,
    /// what children carry, pg_partman.
    fn sample_results() -> Vec<Rows> {
        let part_cols = [
            "parent",
            "oid",
            "partition_name",
            "bound",
            "subpartitioned",
            "default_bytes",
            "tablespace",
        ];
        let table_cols = [
            "oid",
            "schema_name",
            "table_name",
            "strategy",
            "key_count",
            "key_column",
            "key_type",
        ];
        vec![
            Rows::new(
                &part_cols,
                vec![
                    vec![
                        json!(100),
                        json!(101),
                        json!("bill_d"),
                        json!("DEFAULT"),
                        json!(false),
                        json!(0),
                        json!(""),
                    ],
                    vec![
                        json!(100),
                        json!(102),
                        json!("bill_202612"),
                        json!("FOR VALUES FROM ('2026-12-01') TO ('2027-01-01')"),
                        json!(false),
                        Value::Null,
                        json!("einv_2026"),
                    ],
                    // A partition of a table made after the tables were read: left out.
                    vec![
                        json!(999),
                        json!(998),
                        json!("late_p1"),
                        json!("DEFAULT"),
                        json!(false),
                        json!(0),
                        json!(""),
                    ],
                ],
            ),
            Rows::new(
                &["name", "location"],
                vec![vec![json!("einv_2026"), json!("/data/ts2026")]],
            ),
            Rows::new(
                &["name", "connected_as"],
                vec![vec![json!("einv"), json!("yearend")]],
            ),
            Rows::new(
                &table_cols,
                vec![
                    vec![
                        json!(200),
                        json!("einv"),
                        json!("empty"),
                        json!("list"),
                        json!(1),
                        json!("k"),
                        json!("integer"),
                    ],
                    vec![
                        json!(100),
                        json!("einv"),
                        json!("bill"),
                        json!("range"),
                        json!(1),
                        json!("issue_date"),
                        json!("date"),
                    ],
                ],
            ),
            Rows::new(
                &["schema_name", "table_name"],
                vec![vec![json!("einv"), json!("dict")]],
            ),
            Rows::new(
                &["partition_oid", "kind", "name", "definition", "extra"],
                vec![
                    vec![
                        json!(102),
                        json!("table"),
                        json!("einv_owner"),
                        json!("fillfactor=70"),
                        json!("u{einv_owner=arwd/einv_owner}"),
                    ],
                    vec![
                        json!(998),
                        json!("table"),
                        json!("x"),
                        json!(""),
                        json!("p"),
                    ],
                ],
            ),
            Rows::new(&["schema_name"], vec![]),
            Rows::new(
                &["catalog_name", "column_name"],
                vec![vec![json!("pg_class"), json!("relkind")]],
            ),
        ]
    }

    #[test]
    fn assembles_partitions_defaults_and_what_children_carry() {
        let results = sample_results();
        let c = assemble(&results).unwrap();
        assert_eq!(c.connected_as.as_deref(), Some("yearend"));
        assert_eq!(c.tablespaces[0].location.as_deref(), Some("/data/ts2026"));
        let bill = &c.tables[0];
        assert_eq!((bill.name.as_str(), bill.partitions.len()), ("bill", 2));
        let (dflt, dec) = (&bill.partitions[1], &bill.partitions[0]);
        assert!(dflt.is_default && dflt.default_bytes == Some(0));
        assert_eq!(
            dec.upper,
            Bound::Date(chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap())
        );
        let carried = dec.carried.as_ref().unwrap();
        assert!(carried.unlogged && carried.options == vec!["fillfactor=70"]);
        assert_eq!(c.tables[1].strategy, "list");
        assert!(c.tables[1].partitions.is_empty());
        assert_eq!(c.tables[2].strategy, "none");
    }

    #[test]
    fn templates_group_by_parent_even_without_properties() {
        let t = templates_by_parent(&Rows::new(
            &[
                "parent_table",
                "template_name",
                "kind",
                "name",
                "definition",
                "extra",
            ],
            vec![
                vec![
                    json!("einv.bill"),
                    json!("partman.tpl_bill"),
                    json!("index"),
                    json!("ix"),
                    json!("CREATE INDEX ix ON partman.tpl_bill (no)"),
                    json!(""),
                ],
                vec![
                    json!("einv.bill"),
                    json!("partman.tpl_bill"),
                    json!("table"),
                    json!(""),
                    json!(""),
                    json!("p"),
                ],
                vec![
                    json!("einv.gone"),
                    json!("partman.tpl_gone"),
                    json!("table"),
                    json!(""),
                    json!(""),
                    json!(""),
                ],
            ],
        ))
        .unwrap();
        assert_eq!(t["einv.bill"].1.indexes.len(), 1);
        assert_eq!(t["einv.gone"].0, "partman.tpl_gone");
    }
}
