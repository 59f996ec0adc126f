//! The catalog read, shared by every dialect: which queries to send (`sql/<dialect>/catalog/`),
//! the schemas bound as parameters, all of them in one read-only transaction, and the rows
//! assembled into the dialect-neutral [`Catalog`] by pure functions (one module per dialect,
//! pinned by unit tests without a server). Drivers only carry the rows.

pub mod mysql;
pub mod oracle;
pub mod oracle_attrs;
pub mod postgres;

use super::{DbError, Read, Reader, Rows};
use crate::guard;
use crate::model::catalog::{Catalog, Table};
use crate::model::dialect::Dialect;
use crate::model::param::Param;
use crate::sql;
use serde_json::Value;

/// Read the catalog of `schemas` in a fixed number of round trips, whatever the number of tables.
pub fn read<R: Reader + ?Sized>(reader: &mut R, schemas: &[String]) -> Result<Catalog, DbError> {
    let dialect = reader.dialect();
    let schemas = match dialect {
        Dialect::Oracle => oracle::stored_names(schemas),
        _ => schemas.to_vec(),
    };
    let names: &[&str] = match dialect {
        Dialect::Postgres => &postgres::QUERIES,
        Dialect::Mysql => &mysql::QUERIES,
        Dialect::Oracle => &oracle::QUERIES,
    };
    let reads: Vec<Read> = names
        .iter()
        .map(|name| over_schemas(dialect, name, &schemas))
        .collect();
    let results = reader.query_together(&reads)?;
    let assembled = match dialect {
        Dialect::Postgres => postgres::assemble(&results),
        Dialect::Mysql => mysql::assemble(&results),
        Dialect::Oracle => oracle::assemble(&results),
    };
    let mut catalog = assembled.map_err(DbError::Other)?;
    if dialect == Dialect::Postgres {
        postgres::read_templates(reader, &results, &mut catalog)?;
    }
    if dialect == Dialect::Oracle {
        oracle::read_container(reader, &mut catalog)?;
        oracle_attrs::read_inmemory(reader, &mut catalog, &schemas)?;
    }
    if dialect == Dialect::Mysql {
        mysql::read_directories(reader, &mut catalog)?;
    }
    Ok(catalog)
}

/// A catalog query with `{{ schemas }}` rendered as one placeholder per schema (an empty list
/// binds one empty name, which no schema has), and those schemas as its parameters.
pub(crate) fn over_schemas(dialect: Dialect, name: &str, schemas: &[String]) -> Read {
    let text = sql::text(name);
    let (rendered, params) = if text.contains("{{ schemas }}") {
        let params: Vec<Param> = if schemas.is_empty() {
            vec![Param::Text(String::new())]
        } else {
            schemas.iter().map(|s| Param::Text(s.clone())).collect()
        };
        let marks: Vec<String> = params
            .iter()
            .enumerate()
            .map(|(i, p)| dialect.placeholder(i + 1, p))
            .collect();
        let rendered = sql::render(name, serde_json::json!({ "schemas": marks.join(", ") }));
        (rendered, params)
    } else {
        (text.to_string(), Vec::new())
    };
    let q = guard::query(rendered.trim()).expect("catalog queries pass the guard");
    (q, params)
}

/// A value as text: NULL empty, strings as they are, numbers and flags as written.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One row, read by column name.
pub(crate) struct Row<'a> {
    rows: &'a Rows,
    values: &'a [Value],
}

impl Row<'_> {
    fn value(&self, col: &str) -> Result<&Value, String> {
        let i = self
            .rows
            .column(col)
            .ok_or_else(|| format!("catalog query returned no column {col}"))?;
        Ok(&self.values[i])
    }

    pub(crate) fn text(&self, col: &str) -> Result<Option<String>, String> {
        Ok(match self.value(col)? {
            Value::Null => None,
            other => Some(value_text(other)),
        })
    }

    pub(crate) fn string(&self, col: &str) -> Result<String, String> {
        Ok(self.text(col)?.unwrap_or_default())
    }

    pub(crate) fn number(&self, col: &str) -> Result<Option<u64>, String> {
        Ok(match self.value(col)? {
            Value::Number(n) => n
                .as_u64()
                .or_else(|| n.as_i64().map(|i| i.max(0) as u64))
                .or_else(|| n.as_f64().map(|f| f.max(0.0) as u64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
    }

    pub(crate) fn flag(&self, col: &str) -> Result<bool, String> {
        Ok(match self.value(col)? {
            Value::Bool(b) => *b,
            Value::String(s) => matches!(s.as_str(), "YES" | "t" | "true"),
            Value::Number(n) => n.as_i64().is_some_and(|i| i != 0),
            _ => false,
        })
    }
}

pub(crate) fn each(rows: &Rows) -> impl Iterator<Item = Row<'_>> {
    rows.rows.iter().map(move |values| Row { rows, values })
}

/// Tables that are neither partitioned nor partitions: listed, never skipped silently.
pub(crate) fn plain_tables(catalog: &mut Catalog, rows: &Rows) -> Result<(), String> {
    for r in each(rows) {
        catalog.tables.push(Table {
            schema: r.string("schema_name")?,
            name: r.string("table_name")?,
            strategy: "none".into(),
            ..Default::default()
        });
    }
    Ok(())
}

/// Every user schema of the database, from a query's `name` column.
pub(crate) fn schema_names(rows: &Rows) -> Result<Vec<String>, String> {
    each(rows).map(|r| r.string("name")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_become_one_placeholder_each() {
        let two = ["EINV".to_string(), "HIS".to_string()];
        let (q, params) = over_schemas(Dialect::Oracle, "oracle/catalog/tables", &two);
        assert!(q.sql().contains("IN (:1, :2)"), "{}", q.sql());
        assert_eq!(params.len(), 2);
        let (q, params) = over_schemas(Dialect::Postgres, "postgres/catalog/tables", &[]);
        assert!(q.sql().contains("IN ($1::text)"), "{}", q.sql());
        assert_eq!(params, vec![Param::Text(String::new())]);
        let (q, params) = over_schemas(Dialect::Mysql, "mysql/catalog/schemas", &two);
        assert!(!q.sql().contains('?') && params.is_empty());
    }

    #[test]
    fn every_catalog_query_names_the_schemas_at_most_once() {
        for name in postgres::QUERIES
            .iter()
            .chain(&mysql::QUERIES)
            .chain(&oracle::QUERIES)
        {
            assert!(
                sql::text(name).matches("{{ schemas }}").count() <= 1,
                "{name}: positional binds need one mention"
            );
        }
    }
}
