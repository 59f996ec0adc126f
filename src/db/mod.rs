//! What the steps need from a database, behind two small traits (read, execute) and one module
//! per dialect. Statements arrive already guarded; queries run in read-only transactions.

pub mod dialect;
pub mod mysql;
pub mod oracle;
pub mod postgres;
pub mod snapshot;
pub mod url;

use crate::guard::Guarded;
use crate::model::catalog::Catalog;
use crate::model::dialect::Dialect;
use crate::model::param::Param;
use crate::sqlname::{qualified, quote};
use serde_json::Value;
use url::DbUrl;

/// Query result: column names in order, and rows of JSON values (dates as ISO text).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Rows {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum DbError {
    #[error("lock wait timed out: {0}")]
    LockTimeout(String),
    #[error("missing privilege: {0}")]
    Privilege(String),
    #[error("{0}")]
    Other(String),
}

/// Read side: catalog reads and plan queries, each in a read-only transaction.
pub trait Reader {
    fn query(&mut self, q: &Guarded, params: &[Param]) -> Result<Rows, DbError>;
}

/// Write side: DDL and session statements, only in the form the guard let through.
pub trait Executor {
    fn execute(&mut self, statement: &Guarded) -> Result<(), DbError>;
}

/// Facts that identify the database (for the saved-plan fingerprint and the journal).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Identity {
    pub dialect: Dialect,
    pub name: String,
    pub version: String,
}

/// Rows that would block extending a table: rows of its DEFAULT / MAXVALUE partition whose key
/// falls at or above `from` (and below `to`, when given).
#[derive(Debug, Clone)]
pub struct TailProbe {
    pub schema: String,
    pub table: String,
    pub partition: String,
    pub key_column: String,
    /// The partition expression over the key column when the bounds are not the column's own
    /// values (MySQL `TO_DAYS(d)`); rendered by yearend, never taken from the catalog's text.
    pub key_expression: Option<KeyExpression>,
    pub from: Option<Param>,
    pub to: Option<Param>,
}

/// The MySQL partition expressions yearend reads, to compare rows with bound values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyExpression {
    ToDays,
    UnixTimestamp,
    YearMonth,
}

impl KeyExpression {
    /// The expression a catalog's PARTITION_EXPRESSION is, if it is one of these.
    pub fn of(text: &str) -> Option<KeyExpression> {
        let t = text.to_lowercase().replace(['`', ' '], "");
        if t.starts_with("to_days(") {
            Some(KeyExpression::ToDays)
        } else if t.starts_with("unix_timestamp(") {
            Some(KeyExpression::UnixTimestamp)
        } else if t.starts_with("year(") && t.contains("*100+month(") {
            Some(KeyExpression::YearMonth)
        } else {
            None
        }
    }

    fn sql(self, col: &str) -> String {
        match self {
            KeyExpression::ToDays => format!("TO_DAYS({col})"),
            KeyExpression::UnixTimestamp => format!("UNIX_TIMESTAMP({col})"),
            KeyExpression::YearMonth => format!("YEAR({col}) * 100 + MONTH({col})"),
        }
    }
}

pub trait Database: Reader + Executor {
    fn dialect(&self) -> Dialect;
    /// Tablespaces and every table of the schemas with its partitions, in a fixed number of queries.
    fn inspect(&mut self, schemas: &[String]) -> Result<Catalog, DbError>;
    /// Row counts for tail probes, all in one query (one UNION ALL branch per table).
    fn tail_rows(&mut self, probes: &[TailProbe]) -> Result<Vec<u64>, DbError> {
        if probes.is_empty() {
            return Ok(Vec::new());
        }
        let (sql, params) = tail_rows_query(self.dialect(), probes);
        let q = crate::guard::query(&sql).map_err(|e| DbError::Other(e.to_string()))?;
        let rows = self.query(&q, &params)?;
        let mut counts = vec![0; probes.len()];
        for row in rows.rows {
            let i = row[0].as_u64().unwrap_or(0) as usize;
            counts[i] = row[1].as_u64().unwrap_or(0);
        }
        Ok(counts)
    }
    /// Whether a directory exists on the database server: None when the server will not say.
    fn server_directory_exists(&mut self, path: &str) -> Option<bool>;
    /// One of yearend's own fixed queries (`sql/<name>.sql`), every value as text (NULL empty):
    /// what the clock, zone, lock-holder and standby reads share.
    fn fixed_text_rows(
        &mut self,
        name: &str,
        params: &[Param],
    ) -> Result<Vec<Vec<String>>, DbError> {
        let q = crate::guard::query(crate::sql::text(name)).expect("fixed query passes the guard");
        let rows = self.query(&q, params)?;
        Ok(rows
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| match v {
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect())
    }
    /// The server's clock (UTC).
    fn server_now(&mut self) -> Result<chrono::DateTime<chrono::Utc>, DbError> {
        let name = format!("{}/server_now", self.dialect().scheme());
        let rows = self.fixed_text_rows(&name, &[])?;
        let text = cell(rows.first(), 0);
        chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S%.f")
            .map(|t| t.and_utc())
            .map_err(|_| DbError::Other(format!("unreadable server time `{text}`")))
    }
    /// Who holds a lock on `schema.table`: `pid 4711, user report, app psql, idle in transaction
    /// since …`. Only PostgreSQL says; elsewhere an empty list (the hint names the dialect's view).
    fn lock_holders(&mut self, target: &str) -> Result<Vec<String>, DbError> {
        if self.dialect() != Dialect::Postgres {
            return Ok(Vec::new());
        }
        let rows =
            self.fixed_text_rows("postgres/lock_holders", &[Param::Text(target.to_string())])?;
        Ok(rows
            .iter()
            .map(|r| {
                let f = |i| cell(Some(r), i);
                format!(
                    "pid {}, user {}, application {}, {} since {} UTC",
                    f(0),
                    f(1),
                    f(2),
                    f(3),
                    f(4)
                )
            })
            .collect())
    }
    /// Physical standbys replaying this server's WAL, as `name (addr, state)`: PostgreSQL only
    /// (a standby whose tablespace directory is missing stops replaying at CREATE TABLESPACE).
    fn standbys(&mut self) -> Result<Vec<String>, DbError> {
        if self.dialect() != Dialect::Postgres {
            return Ok(Vec::new());
        }
        let rows = self.fixed_text_rows("postgres/standbys", &[])?;
        Ok(rows
            .iter()
            .map(|r| {
                let f = |i| cell(Some(r), i);
                format!("{} ({}, {})", f(0), f(1), f(2))
            })
            .collect())
    }
    /// The zone the server's own clock runs in (its configured default, not this session's): its
    /// name and its UTC offset now, in seconds east.
    fn server_zone(&mut self) -> Result<(String, i32), DbError> {
        let name = format!("{}/server_zone", self.dialect().scheme());
        let rows = self.fixed_text_rows(&name, &[])?;
        let (zone, offset) = (cell(rows.first(), 0), cell(rows.first(), 1));
        let seconds = offset
            .trim()
            .parse::<f64>()
            .map_err(|_| DbError::Other(format!("unreadable server zone offset `{offset}`")))?;
        Ok((zone, seconds.round() as i32))
    }
    /// Statements and queries sent so far (catalog reads must not grow with the number of tables).
    fn round_trips(&self) -> u64;
    fn identity(&mut self) -> Result<Identity, DbError>;
    /// The run lock in the database session: released by the server if the tool dies.
    fn try_run_lock(&mut self, key: &str) -> Result<bool, DbError>;
    /// Set the lock wait for DDL, so a busy table fails fast and is retried with backoff.
    fn set_lock_timeout(&mut self, seconds: u32) -> Result<(), DbError>;
}

/// The tail-row query and its parameters: the key filter is built here, the rest comes from
/// `sql/<dialect>/tail_rows.sql`. PostgreSQL partitions are tables of their own; the others name
/// the partition.
fn tail_rows_query(dialect: Dialect, probes: &[TailProbe]) -> (String, Vec<Param>) {
    let mut params = Vec::new();
    let mut items = Vec::new();
    for (i, p) in probes.iter().enumerate() {
        let column = quote(dialect, &p.key_column);
        let col = p.key_expression.map_or(column.clone(), |e| e.sql(&column));
        let mut conds = Vec::new();
        for (op, value) in [(">=", &p.from), ("<", &p.to)] {
            if let Some(v) = value {
                params.push(v.clone());
                conds.push(format!(
                    "{col} {op} {}",
                    dialect.placeholder(params.len(), v)
                ));
            }
        }
        let filter = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        let partition = match dialect {
            Dialect::Postgres => qualified(dialect, &p.schema, &p.partition),
            _ => quote(dialect, &p.partition),
        };
        items.push(serde_json::json!({
            "n": i, "table": qualified(dialect, &p.schema, &p.table), "partition": partition, "filter": filter,
        }));
    }
    let name = format!("{}/tail_rows", dialect.scheme());
    let sql = crate::sql::render(&name, serde_json::json!({ "probes": items }));
    (sql.trim().to_string(), params)
}

/// The SQL dialect of a database family.
pub fn sql_dialect(dialect: Dialect) -> &'static dyn dialect::SqlDialect {
    match dialect {
        Dialect::Postgres => &self::postgres::dialect::Postgres,
        Dialect::Mysql => &self::mysql::dialect::Mysql,
        Dialect::Oracle => &self::oracle::dialect::Oracle,
    }
}

/// Connect to the site's database. The password comes from `YEAREND_DB_PASSWORD` or a prompt.
pub fn connect(url: &DbUrl) -> anyhow::Result<Box<dyn Database>> {
    let password = crate::secrets::database_password(&url.display())?;
    match url.dialect {
        Dialect::Postgres => Ok(Box::new(postgres::Postgres::connect(
            url,
            password.as_deref(),
        )?)),
        Dialect::Mysql => Ok(Box::new(mysql::Mysql::connect(url, password.as_deref())?)),
        Dialect::Oracle => Ok(Box::new(oracle::Oracle::connect(url, password.as_deref())?)),
    }
}

/// Column `i` of a text row, empty when the row or the column is missing.
fn cell(row: Option<&Vec<String>>, i: usize) -> String {
    row.and_then(|r| r.get(i)).cloned().unwrap_or_default()
}
