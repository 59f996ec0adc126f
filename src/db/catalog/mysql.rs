//! The rows of the MySQL / MariaDB catalog queries, assembled: one row per (sub)partition of
//! every table in the schemas, a row without a partition for a plain table, and the key columns'
//! types read from the partition expression.

use super::{each, schema_names, Row};
use crate::db::dialect::SqlDialect;
use crate::db::mysql::dialect::Mysql;
use crate::db::{DbError, Reader, Rows};
use crate::model::catalog::{Carried, Catalog, Partition, Table};
use std::collections::HashMap;

/// The catalog queries, in the order [`assemble`] takes their rows.
pub const QUERIES: [&str; 3] = [
    "mysql/catalog/partitions",
    "mysql/catalog/schemas",
    "mysql/catalog/columns",
];

/// Column types by (schema, table, lower-case column).
type Types = HashMap<(String, String, String), String>;

pub fn assemble(results: &[Rows]) -> Result<Catalog, String> {
    let [partitions, schemas, columns] = results else {
        return Err(format!("expected 3 catalog results, got {}", results.len()));
    };
    let mut types: Types = HashMap::new();
    for r in each(columns) {
        types.insert(
            (
                r.string("schema_name")?,
                r.string("table_name")?,
                r.string("column_name")?.to_lowercase(),
            ),
            r.string("data_type")?.to_lowercase(),
        );
    }
    let mut catalog = Catalog {
        schemas: schema_names(schemas)?,
        ..Catalog::default()
    };
    for r in each(partitions) {
        let (schema, name) = (r.string("schema_name")?, r.string("table_name")?);
        if !catalog
            .tables
            .last()
            .is_some_and(|t: &Table| t.schema == schema && t.name == name)
        {
            catalog.tables.push(table(schema, name, &r, &types)?);
        }
        let Some(part_name) = r.text("partition_name")? else {
            continue;
        };
        let table = catalog.tables.last_mut().expect("pushed above");
        let sub = r.text("subpartition_name")?.is_some();
        if let Some(last) = table.partitions.last_mut().filter(|p| p.name == part_name) {
            last.subpartitioned |= sub;
            continue;
        }
        let tablespace = r.string("tablespace_name")?;
        table.partitions.push(Partition {
            high_value: None,
            name: part_name,
            lower: None,
            upper: Mysql.read_bound(&r.string("description")?, "").upper,
            is_default: false,
            tablespace: (!tablespace.is_empty()).then_some(tablespace),
            subpartitioned: sub,
            default_bytes: None,
            carried: comment(&r)?,
        });
    }
    Ok(catalog)
}

/// A partition's COMMENT as the clause that sets it. One holding a backslash has no clause the
/// guard lets through (the server reads backslash escapes in strings): kept behind `?`.
fn comment(r: &super::Row) -> Result<Option<Carried>, String> {
    let text = r.string("partition_comment")?;
    if text.is_empty() {
        return Ok(None);
    }
    let literal = crate::sql::name::string_literal(&text);
    let clause = if text.contains('\\') {
        format!("?COMMENT = {literal}")
    } else {
        format!("COMMENT = {literal}")
    };
    Ok(Some(Carried {
        attributes: [("comment".to_string(), clause)].into(),
        ..Carried::default()
    }))
}

/// The catalog parameter that says the data directories could not be read, and why.
pub const DIRECTORIES_NOT_READ: &str = "directories:not-read";

/// Each partition's DATA DIRECTORY, into its `tablespace` (MariaDB has no tablespace per
/// partition; where a partition's file lives is its placement). A partition in the server's own
/// data directory keeps `None`. Without the PROCESS privilege nothing is guessed: the catalog
/// says the directories were not read, and the plan says so.
pub fn read_directories<R: Reader + ?Sized>(
    reader: &mut R,
    catalog: &mut Catalog,
) -> Result<(), DbError> {
    let q = crate::guard::query(crate::sql::text("mysql/catalog/directories").trim())
        .expect("the directories query passes the guard");
    let rows = match reader.query(&q, &[]) {
        Ok(rows) => rows,
        Err(DbError::Privilege(why)) => {
            catalog.parameters.insert(DIRECTORIES_NOT_READ.into(), why);
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let mut files: HashMap<String, String> = HashMap::new();
    for r in each(&rows) {
        let name = r.string("name").map_err(DbError::Other)?;
        files.insert(
            name.to_lowercase(),
            r.string("filename").map_err(DbError::Other)?,
        );
    }
    for t in catalog.tables.iter_mut() {
        let stem = format!("{}/{}#p#", file_name(&t.schema), file_name(&t.name));
        for p in t.partitions.iter_mut() {
            let key = format!("{stem}{}", file_name(&p.name)).to_lowercase();
            if let Some(dir) = files.get(&key).and_then(|f| data_directory(f)) {
                p.tablespace = Some(dir);
            }
        }
    }
    Ok(())
}

/// A name as the server spells it in file names: ASCII letters, digits and `_` as they are,
/// anything else `@` and four hex digits of its code point.
fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' => c.to_string(),
            c => format!("@{:04x}", c as u32),
        })
        .collect()
}

/// The DATA DIRECTORY of a partition's file `<dir>/<schema>/<table>#P#<part>.ibd`; `None` for
/// one in the server's data directory (`./…`).
fn data_directory(file: &str) -> Option<String> {
    if file.starts_with("./") {
        return None;
    }
    let dir = std::path::Path::new(file).parent()?.parent()?;
    Some(dir.to_string_lossy().into_owned())
}

fn table(schema: String, name: String, r: &Row, types: &Types) -> Result<Table, String> {
    let expression = r.string("expression")?;
    let key_columns = expression_columns(&expression);
    let key_type = match key_columns.as_slice() {
        [one] => types
            .get(&(schema.clone(), name.clone(), one.to_lowercase()))
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    };
    let strategy = match r.string("method")?.to_lowercase().as_str() {
        "" => "none".to_string(),
        "range" | "range columns" => "range".to_string(),
        other => other.to_string(),
    };
    Ok(Table {
        schema,
        name,
        strategy,
        key_columns,
        key_type,
        key_expression: (!expression.is_empty()).then_some(expression),
        ..Default::default()
    })
}

/// Identifiers named in a partition expression (`to_days(`issue_date`)` → issue_date).
fn expression_columns(expr: &str) -> Vec<String> {
    let parts: Vec<&str> = expr.split('`').collect();
    let mut quoted: Vec<String> = Vec::new();
    for name in parts.iter().skip(1).step_by(2) {
        // YEAR(`d`) * 100 + MONTH(`d`) names one column twice.
        if !quoted.iter().any(|q| q == name) {
            quoted.push(name.to_string());
        }
    }
    if !quoted.is_empty() {
        return quoted;
    }
    let bare = expr.trim();
    if crate::sql::name::is_plain_identifier(bare) {
        vec![bare.to_string()]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partitions_file_says_its_data_directory() {
        assert_eq!(data_directory("./einv/bill#P#p202612.ibd"), None);
        assert_eq!(
            data_directory("/data/hot/einv/bill#P#p202612.ibd").as_deref(),
            Some("/data/hot")
        );
        assert_eq!(file_name("票据"), "@7968@636e");
        assert_eq!(file_name("bill_2026"), "bill_2026");
    }
    use crate::model::catalog::Bound;
    use serde_json::{json, Value};

    #[test]
    fn key_columns_from_expressions() {
        assert_eq!(
            expression_columns("to_days(`issue_date`)"),
            vec!["issue_date"]
        );
        assert_eq!(expression_columns("`pay_month`"), vec!["pay_month"]);
        assert_eq!(expression_columns("pay_month"), vec!["pay_month"]);
        assert_eq!(expression_columns("`a`,`b`").len(), 2);
        assert_eq!(
            expression_columns("year(`d`) * 100 + month(`d`)"),
            vec!["d"]
        );
    }

    #[test]
    fn subpartitions_fold_into_their_partition_and_plain_tables_stay() {
        let cols = [
            "schema_name",
            "table_name",
            "partition_name",
            "position",
            "method",
            "expression",
            "description",
            "subpartition_name",
            "tablespace_name",
            "partition_comment",
        ];
        let part = |p: &str, sub: Value, desc: &str| {
            vec![
                json!("einv"),
                json!("bill"),
                json!(p),
                json!(1),
                json!("RANGE"),
                json!("to_days(`issue_date`)"),
                json!(desc),
                sub,
                Value::Null,
                json!(if p == "pmax" { "冷数据 it's" } else { "" }),
            ]
        };
        let results = vec![
            Rows {
                columns: cols.iter().map(|c| c.to_string()).collect(),
                rows: vec![
                    part("p202612", json!("p202612sp0"), "740347"),
                    part("p202612", json!("p202612sp1"), "740347"),
                    part("pmax", Value::Null, "MAXVALUE"),
                    vec![
                        json!("einv"),
                        json!("dict"),
                        Value::Null,
                        Value::Null,
                        Value::Null,
                        Value::Null,
                        Value::Null,
                        Value::Null,
                        Value::Null,
                        Value::Null,
                    ],
                ],
            },
            Rows {
                columns: vec!["name".into()],
                rows: vec![vec![json!("einv")]],
            },
            Rows {
                columns: ["schema_name", "table_name", "column_name", "data_type"]
                    .iter()
                    .map(|c| c.to_string())
                    .collect(),
                rows: vec![vec![
                    json!("einv"),
                    json!("bill"),
                    json!("ISSUE_DATE"),
                    json!("DATE"),
                ]],
            },
        ];
        let c = assemble(&results).unwrap();
        let bill = &c.tables[0];
        assert_eq!(bill.key_type, "date");
        assert_eq!(bill.partitions.len(), 2);
        assert!(bill.partitions[0].subpartitioned);
        assert!(bill.partitions[0].carried.is_none());
        assert_eq!(
            bill.partitions[1].carried.as_ref().unwrap().attributes["comment"],
            "COMMENT = '冷数据 it''s'"
        );
        assert_eq!(bill.partitions[0].upper, Bound::Int(740347));
        assert_eq!(bill.partitions[1].upper, Bound::Max);
        assert_eq!(
            (c.tables[1].name.as_str(), c.tables[1].strategy.as_str()),
            ("dict", "none")
        );
    }
}
