//! MySQL family (MySQL, MariaDB) on the `mysql` crate, pure Rust.

use super::dialect::SqlDialect;
use super::{Database, DbError, Executor, Identity, Reader, Rows};
use crate::db::url::DbUrl;
use crate::guard::{self, Guarded};
use crate::model::catalog::{Catalog, Partition, Table};
use crate::model::dialect::Dialect;
use crate::model::param::Param;
use crate::sql;
use mysql::prelude::Queryable;
use mysql::{Conn, OptsBuilder, Value as MyValue};
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

pub mod dialect;

pub struct Mysql {
    conn: Conn,
    round_trips: u64,
}

fn error_text(e: &mysql::Error) -> String {
    let text = match e {
        mysql::Error::MySqlError(m) => format!("{} (error {})", m.message, m.code),
        other => other.to_string(),
    };
    crate::secrets::redact(&text)
}

fn classify(e: mysql::Error) -> DbError {
    let text = error_text(&e);
    match &e {
        mysql::Error::MySqlError(m) if m.code == 1205 || m.code == 1213 => {
            DbError::LockTimeout(text)
        }
        mysql::Error::MySqlError(m) if [1044, 1142, 1143, 1227, 1370].contains(&m.code) => {
            DbError::Privilege(text)
        }
        _ => DbError::Other(text),
    }
}

fn to_json(v: &MyValue) -> Value {
    match v {
        MyValue::NULL => Value::Null,
        MyValue::Bytes(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
        MyValue::Int(i) => Value::from(*i),
        MyValue::UInt(u) => Value::from(*u),
        MyValue::Float(f) => Value::from(*f as f64),
        MyValue::Double(f) => Value::from(*f),
        MyValue::Date(y, mo, d, h, mi, s, _) if *h == 0 && *mi == 0 && *s == 0 => {
            Value::String(format!("{y:04}-{mo:02}-{d:02}"))
        }
        MyValue::Date(y, mo, d, h, mi, s, _) => {
            Value::String(format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"))
        }
        MyValue::Time(neg, d, h, m, s, _) => Value::String(format!(
            "{}{:02}:{m:02}:{s:02}",
            if *neg { "-" } else { "" },
            *d * 24 + *h as u32
        )),
    }
}

fn to_my(p: &Param) -> MyValue {
    match p {
        Param::Int(i) => MyValue::Int(*i),
        Param::Text(s) => MyValue::Bytes(s.clone().into_bytes()),
        Param::Date(d) => MyValue::Bytes(d.format("%Y-%m-%d").to_string().into_bytes()),
    }
}

impl Mysql {
    pub fn connect(url: &DbUrl, password: Option<&str>) -> anyhow::Result<Mysql> {
        let opts = OptsBuilder::new()
            .ip_or_hostname(Some(url.host.clone()))
            .tcp_port(url.port)
            .user(url.user.clone())
            .pass(password.map(str::to_string))
            .db_name(Some(url.database.clone()))
            .prefer_socket(false)
            .tcp_connect_timeout(Some(Duration::from_secs(10)));
        let conn = Conn::new(opts).map_err(|e| {
            let cause = error_text(&e);
            let hint = if cause.contains("Access denied") {
                "check the user and YEAREND_DB_PASSWORD (or type it at the prompt)"
            } else {
                "check that the server runs and listens on that address and port"
            };
            crate::error::runtime(format!(
                "cannot connect to {}: {cause} — {hint}",
                url.display()
            ))
        })?;
        Ok(Mysql {
            conn,
            round_trips: 0,
        })
    }

    fn session(&mut self, sql: &str) -> Result<(), DbError> {
        let s = guard::session(sql).expect("fixed session statement passes the guard");
        self.round_trips += 1;
        self.conn.query_drop(s.sql()).map_err(classify)
    }

    fn read(&mut self, sql: &str, params: Vec<MyValue>) -> Result<Rows, DbError> {
        self.session(sql::text("mysql/session/begin_read_only"))?;
        self.round_trips += 1;
        let result = (|| -> Result<(Vec<String>, Vec<mysql::Row>), mysql::Error> {
            let mut set = self.conn.exec_iter(sql, params)?;
            let columns = set
                .columns()
                .as_ref()
                .iter()
                .map(|c| c.name_str().into_owned())
                .collect();
            let rows = set.by_ref().collect::<Result<Vec<_>, _>>()?;
            Ok((columns, rows))
        })();
        let rollback = self.session(sql::text("mysql/session/rollback"));
        let (columns, rows) = result.map_err(classify)?;
        rollback?;
        let data = rows
            .iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| r.as_ref(i).map_or(Value::Null, to_json))
                    .collect()
            })
            .collect();
        Ok(Rows {
            columns,
            rows: data,
        })
    }
}

impl Reader for Mysql {
    fn query(&mut self, q: &Guarded, params: &[Param]) -> Result<Rows, DbError> {
        self.read(q.sql(), params.iter().map(to_my).collect())
    }
}

impl Executor for Mysql {
    fn execute(&mut self, statement: &Guarded) -> Result<(), DbError> {
        self.round_trips += 1;
        self.conn.query_drop(statement.sql()).map_err(classify)
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
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
    if crate::sqlname::is_plain_identifier(bare) {
        vec![bare.to_string()]
    } else {
        Vec::new()
    }
}

impl Database for Mysql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn inspect(&mut self, schemas: &[String]) -> Result<Catalog, DbError> {
        let marks = vec!["?"; schemas.len().max(1)].join(", ");
        let params = || -> Vec<MyValue> {
            if schemas.is_empty() {
                vec![MyValue::NULL]
            } else {
                schemas
                    .iter()
                    .map(|s| MyValue::Bytes(s.clone().into_bytes()))
                    .collect()
            }
        };
        let part_q = guard::query(
            sql::render(
                "mysql/catalog/partitions",
                serde_json::json!({"schemas": marks}),
            )
            .trim(),
        )
        .expect("catalog query passes the guard");
        let col_q = guard::query(
            sql::render(
                "mysql/catalog/columns",
                serde_json::json!({"schemas": marks}),
            )
            .trim(),
        )
        .expect("catalog query passes the guard");
        let parts = self.read(part_q.sql(), params())?;
        let schema_q = guard::query(sql::text("mysql/catalog/schemas"))
            .expect("catalog query passes the guard");
        let known = self.read(schema_q.sql(), Vec::new())?;
        let cols = self.read(col_q.sql(), params())?;
        let mut types: HashMap<(String, String, String), String> = HashMap::new();
        for r in &cols.rows {
            types.insert(
                (text(&r[0]), text(&r[1]), text(&r[2]).to_lowercase()),
                text(&r[3]).to_lowercase(),
            );
        }
        let mut catalog = Catalog {
            schemas: known.rows.iter().map(|r| text(&r[0])).collect(),
            ..Catalog::default()
        };
        for r in &parts.rows {
            let (schema, name) = (text(&r[0]), text(&r[1]));
            let method = text(&r[4]).to_lowercase();
            if !catalog
                .tables
                .last()
                .is_some_and(|t: &Table| t.schema == schema && t.name == name)
            {
                let expression = text(&r[5]);
                let key_columns = expression_columns(&expression);
                let key_type = match key_columns.as_slice() {
                    [one] => types
                        .get(&(schema.clone(), name.clone(), one.to_lowercase()))
                        .cloned()
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                let strategy = match method.as_str() {
                    "" => "none".to_string(),
                    "range" | "range columns" => "range".to_string(),
                    other => other.to_string(),
                };
                catalog.tables.push(Table {
                    schema,
                    name,
                    strategy,
                    key_columns,
                    key_type,
                    key_expression: (!expression.is_empty()).then_some(expression),
                    interval: None,
                    partitions: Vec::new(),
                    ..Default::default()
                });
            }
            let Value::String(part_name) = &r[2] else {
                continue;
            };
            let table = catalog.tables.last_mut().expect("pushed above");
            let sub = !r[7].is_null();
            if let Some(last) = table.partitions.last_mut().filter(|p| &p.name == part_name) {
                last.subpartitioned |= sub;
                continue;
            }
            let tablespace = text(&r[8]);
            table.partitions.push(Partition {
                high_value: None,
                name: part_name.clone(),
                lower: None,
                upper: dialect::Mysql.read_bound(&text(&r[6]), "").upper,
                is_default: false,
                tablespace: (!tablespace.is_empty()).then_some(tablespace),
                subpartitioned: sub,
                default_bytes: None,
                carried: None,
            });
        }
        Ok(catalog)
    }

    fn server_directory_exists(&mut self, _path: &str) -> Option<bool> {
        None
    }

    fn round_trips(&self) -> u64 {
        self.round_trips
    }

    fn identity(&mut self) -> Result<Identity, DbError> {
        let q = guard::query(sql::text("mysql/identity")).expect("fixed query");
        let rows = self.query(&q, &[])?;
        let row = rows
            .rows
            .first()
            .ok_or_else(|| DbError::Other("no identity row".into()))?;
        Ok(Identity {
            dialect: Dialect::Mysql,
            name: text(&row[0]),
            version: text(&row[1]),
        })
    }

    fn try_run_lock(&mut self, key: &str) -> Result<bool, DbError> {
        let s = guard::session(sql::text("mysql/session/run_lock"))
            .expect("fixed statement passes the guard");
        self.round_trips += 1;
        let got: Option<Option<i64>> = self.conn.exec_first(s.sql(), (key,)).map_err(classify)?;
        Ok(got.flatten() == Some(1))
    }

    fn set_lock_timeout(&mut self, seconds: u32) -> Result<(), DbError> {
        self.session(&sql::render(
            "mysql/session/lock_timeout",
            serde_json::json!({"seconds": seconds}),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
