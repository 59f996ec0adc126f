//! Stage 2, inspect: connections, bulk catalog reads, snapshots, each dialect's SQL. May use guard,
//! coverage, sql, model and platform; never config, steps, run, record, evidence or app.
//!
//! What the steps need from a database, behind two small traits (read, execute) and one module
//! per dialect. Statements arrive already guarded; queries run in read-only transactions.

pub mod catalog;
pub mod dialect;
pub mod live;
pub mod mysql;
pub mod oracle;
pub mod postgres;
pub mod snapshot;
pub mod tls;
pub mod url;

use crate::guard::Guarded;
use crate::model::catalog::{Catalog, ChildFacet};
use crate::model::dialect::Dialect;
use crate::model::param::Param;
use crate::sql::name::{qualified, quote};
use serde_json::Value;
use url::DbUrl;

/// Query result: column names in order, and rows of JSON values (dates as ISO text).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Rows {
    /// Rows with these column names (catalog tests build what a server would answer).
    pub fn new(columns: &[&str], rows: Vec<Vec<Value>>) -> Rows {
        Rows {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        }
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum DbError {
    #[error("{}", crate::msg!("db-lock-timeout", said = .0.clone()).render())]
    LockTimeout(String),
    #[error("{}", crate::msg!("db-privilege", said = .0.clone()).render())]
    Privilege(String),
    #[error("{}", crate::msg!("db-said", said = .0.clone()).render())]
    Other(String),
}

/// One read of a batch: a guarded query and its parameters.
pub type Read = (Guarded, Vec<Param>);

/// Read side of a driver: queries in read-only transactions, and nothing else.
pub trait Reader {
    fn dialect(&self) -> Dialect;
    fn query(&mut self, q: &Guarded, params: &[Param]) -> Result<Rows, DbError>;
    /// Several reads in one read-only snapshot, so they see the database at one instant (the
    /// catalog: partitions must not change between the table and the partition query).
    fn query_together(&mut self, reads: &[Read]) -> Result<Vec<Rows>, DbError>;
    /// Statements and queries sent so far (catalog reads must not grow with the number of tables).
    fn round_trips(&self) -> u64;
    /// A plan query under `role` (`query_role:`): PostgreSQL only; elsewhere refused (the site
    /// file check refuses query_role there first).
    fn query_as(&mut self, q: &Guarded, params: &[Param], role: &str) -> Result<Rows, DbError> {
        let _ = (q, params);
        Err(DbError::Other(format!(
            "query_role `{role}` is honoured on PostgreSQL only"
        )))
    }
    /// The server's release as the client library learnt it at connect, where the driver has it.
    fn server_version(&self) -> Option<String> {
        None
    }
    /// A plan file's query (check, stock, usage, templates), read-only with the statement timeout,
    /// as `role` when the site names one. A driver whose run lock a query could release (MySQL's
    /// RELEASE_ALL_LOCKS frees the caller's own locks) runs it on a session that holds no lock.
    fn plan_query(
        &mut self,
        q: &Guarded,
        params: &[Param],
        role: Option<&str>,
    ) -> Result<Rows, DbError> {
        match role {
            Some(r) => self.query_as(q, params, r),
            None => self.query(q, params),
        }
    }
}

/// Write side of a driver: DDL and session statements, only in the form the guard let through.
pub trait Executor {
    fn execute(&mut self, statement: &Guarded) -> Result<(), DbError>;
    /// Take the run lock in the database session (released by the server if the tool dies).
    fn try_run_lock(&mut self, key: &str) -> Result<bool, DbError>;
    /// Does this session still hold the run lock it took? Asked once per table before its changes
    /// are committed (PostgreSQL: inside the table's transaction; MySQL: before its statement).
    /// Oracle's DBMS_LOCK handle is not asked again (`true`), nor is a session that took no lock.
    fn still_holds_run_lock(&mut self) -> Result<bool, DbError> {
        Ok(true)
    }
}

/// One instance of an Oracle RAC database.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub name: String,
    pub host: String,
    /// The instance this session is on.
    pub current: bool,
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

    pub(crate) fn sql(self, col: &str) -> String {
        match self {
            KeyExpression::ToDays => format!("TO_DAYS({col})"),
            KeyExpression::UnixTimestamp => format!("UNIX_TIMESTAMP({col})"),
            KeyExpression::YearMonth => format!("YEAR({col}) * 100 + MONTH({col})"),
        }
    }
}

/// What the steps need from a database: one generic implementation over any driver
/// ([`live::Live`]) and the offline one a snapshot gives ([`snapshot::SnapshotDb`]).
pub trait Database: Reader + Executor {
    /// Tablespaces and every table of the schemas with its partitions, in a fixed number of queries.
    fn inspect(&mut self, schemas: &[String]) -> Result<Catalog, DbError>;
    /// PostgreSQL: what tells each child named by oid from its siblings (`catalog/fingerprint.sql`),
    /// in one round trip; `None` where there is nothing to read (MySQL and Oracle partitions are
    /// not tables of their own; a snapshot does not keep them).
    /// `parameters`: the catalog's, which name the columns compared.
    fn child_facets(
        &mut self,
        oids: &[u32],
        parameters: &std::collections::BTreeMap<String, String>,
    ) -> Result<Option<Vec<ChildFacet>>, DbError>;
    /// Row counts for tail probes, all in one query (one UNION ALL branch per table).
    fn tail_rows(&mut self, probes: &[TailProbe]) -> Result<Vec<u64>, DbError>;
    /// Whether a directory exists on the database server: None when the server will not say.
    fn server_directory_exists(&mut self, path: &str) -> Option<bool>;
    /// The server's clock (UTC).
    fn server_now(&mut self) -> Result<chrono::DateTime<chrono::Utc>, DbError>;
    /// The zone the server's own clock runs in (its configured default, not this session's): its
    /// name and its UTC offset now, in seconds east.
    fn server_zone(&mut self) -> Result<(String, i32), DbError>;
    /// Who holds a lock on `schema.table`: `pid 4711, user report, …`. Only PostgreSQL says;
    /// elsewhere an empty list (the hint names the dialect's view).
    fn lock_holders(&mut self, target: &str) -> Result<Vec<String>, DbError>;
    /// Physical standbys replaying this server's WAL, as `name (addr, state)`: PostgreSQL only
    /// (a standby whose tablespace directory is missing stops replaying at CREATE TABLESPACE).
    fn standbys(&mut self) -> Result<Vec<String>, DbError>;
    fn identity(&mut self) -> Result<Identity, DbError>;
    /// The schema an unqualified relation name of a plan query resolves to, as the server resolves
    /// it for that query (as `role` when the site names a query role); `None` when it resolves
    /// to nothing or the database cannot tell (Oracle, a snapshot: such names are refused).
    fn resolve_relation(
        &mut self,
        name: &str,
        role: Option<&str>,
    ) -> Result<Option<String>, DbError>;
    /// The open instances when the database has more than one (Oracle RAC); empty otherwise.
    fn instances(&mut self) -> Result<Vec<Instance>, DbError>;
    /// Set the lock wait for DDL, so a busy table fails fast and is retried with backoff.
    fn set_lock_timeout(&mut self, seconds: u32) -> Result<(), DbError>;
}

/// The tail-row query and its parameters: the key filter is built here, the rest comes from
/// `sql/<dialect>/tail_rows.sql`. PostgreSQL partitions are tables of their own; the others name
/// the partition.
pub(crate) fn tail_rows_query(dialect: Dialect, probes: &[TailProbe]) -> (String, Vec<Param>) {
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
        Dialect::Oracle => &self::oracle::dialect::ORACLE_11G,
    }
}

/// The SQL of a dialect at a server version (Oracle 12c+ splits a tail into every new
/// partition at once); rendering is the same at every version.
pub fn sql_dialect_at(dialect: Dialect, version: Option<&str>) -> &'static dyn dialect::SqlDialect {
    match dialect {
        Dialect::Oracle => self::oracle::dialect::Oracle::for_version(version),
        other => sql_dialect(other),
    }
}

/// Connect to the site's database. The password comes from `YEAREND_DB_PASSWORD` or a prompt;
/// a password typed at the prompt that the server refuses is asked again, three tries in all.
pub fn connect(url: &DbUrl) -> anyhow::Result<Box<dyn Database>> {
    let typed = std::env::var_os("YEAREND_DB_PASSWORD").is_none();
    let refused = crate::msg!("hint-connect-password").render();
    for attempt in 1.. {
        let password = crate::platform::secrets::database_password(&url.display())?;
        match connect_with(url, password.as_deref()) {
            Err(e)
                if typed
                    && password.is_some()
                    && attempt < 3
                    && e.to_string().contains(&refused) =>
            {
                crate::say_err!(
                    "      {}",
                    crate::msg!("ask-password-again", attempt = attempt)
                );
            }
            other => return other,
        }
    }
    unreachable!("the loop returns by its third try")
}

fn connect_with(url: &DbUrl, password: Option<&str>) -> anyhow::Result<Box<dyn Database>> {
    match url.dialect {
        Dialect::Postgres => Ok(Box::new(live::Live::new(postgres::Postgres::connect(
            url, password,
        )?))),
        Dialect::Mysql => Ok(Box::new(live::Live::new(mysql::Mysql::connect(
            url, password,
        )?))),
        Dialect::Oracle => Ok(Box::new(live::Live::new(oracle::Oracle::connect(
            url, password,
        )?))),
    }
}

/// A session on another instance of the site's database (Oracle RAC), with the password given
/// for the first (never asked again).
pub fn connect_instance(url: &DbUrl, instance: &str) -> anyhow::Result<Box<dyn Database>> {
    let password = crate::platform::secrets::remembered();
    match url.dialect {
        Dialect::Oracle => Ok(Box::new(live::Live::new(oracle::Oracle::connect_instance(
            url,
            instance,
            password.as_deref(),
        )?))),
        other => Err(crate::platform::error::runtime(
            crate::msg!("err-no-instances", scheme = other.scheme().to_string()).render(),
        )),
    }
}

/// A read limit from the environment: `key` when it holds a number in `range`, else `default`.
fn read_limit(key: &str, range: std::ops::RangeInclusive<u64>, default: u64) -> u64 {
    std::env::var(key)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|n| range.contains(n))
        .unwrap_or(default)
}

/// The longest a read may run: `YEAREND_QUERY_TIMEOUT` seconds (1…3600), default 300.
pub fn read_timeout_seconds() -> u64 {
    read_limit("YEAREND_QUERY_TIMEOUT", 1..=3600, 300)
}

/// The most rows one query may return: `YEAREND_MAX_ROWS` (1…10,000,000), default 100,000. A
/// check that returns more is not a check: it should aggregate.
pub fn max_rows() -> usize {
    read_limit("YEAREND_MAX_ROWS", 1..=10_000_000, 100_000) as usize
}

/// How many bytes one read may bring back, counted while the rows stream in (the driver holds one
/// whole row at a time: at most the cap plus one row is ever in memory), before anything of it is
/// journaled: `YEAREND_MAX_RESULT_BYTES` in all (default 64 MiB) and `YEAREND_MAX_VALUE_BYTES` for
/// one value (default 1 MiB).
pub struct ResultBudget {
    total: usize,
    per_value: usize,
    used: usize,
}

impl ResultBudget {
    pub fn new() -> ResultBudget {
        ResultBudget {
            total: read_limit("YEAREND_MAX_RESULT_BYTES", 1..=1 << 34, 64 << 20) as usize,
            per_value: read_limit("YEAREND_MAX_VALUE_BYTES", 1..=1 << 34, 1 << 20) as usize,
            used: 0,
        }
    }

    /// Count one row's values; past either cap the read stops here.
    pub fn row(&mut self, values: &[Value]) -> Result<(), DbError> {
        for v in values {
            let n = value_bytes(v);
            if n > self.per_value {
                return Err(DbError::Other(
                    crate::msg!("read-value-too-big", bytes = n, cap = self.per_value).render(),
                ));
            }
            self.used += n;
        }
        if self.used > self.total {
            return Err(DbError::Other(
                crate::msg!("read-result-too-big", cap = self.total).render(),
            ));
        }
        Ok(())
    }
}

impl Default for ResultBudget {
    fn default() -> Self {
        ResultBudget::new()
    }
}

fn value_bytes(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        Value::Null | Value::Bool(_) => 1,
        Value::Number(_) => 8,
        // Counted, not printed: catalog rows hold arrays, and every row passes through here.
        Value::Array(a) => a.iter().map(value_bytes).sum(),
        Value::Object(o) => o.iter().map(|(k, v)| k.len() + value_bytes(v)).sum(),
    }
}

/// The error for a query past the row cap.
pub fn too_many_rows() -> DbError {
    DbError::Other(format!(
        "the query returned more than {} rows (YEAREND_MAX_ROWS): a check should aggregate (COUNT, MIN, MAX) or narrow its WHERE",
        max_rows()
    ))
}

/// The error for a read the server or the client cancelled at the limit.
pub fn read_timed_out(text: &str) -> DbError {
    DbError::Other(format!(
        "{text} — a read ran past yearend's {} s limit (YEAREND_QUERY_TIMEOUT) and was cancelled: make the query cheaper (an index, a narrower date range)",
        read_timeout_seconds()
    ))
}

/// Column `i` of a text row, empty when the row or the column is missing.
pub(crate) fn cell(row: Option<&Vec<String>>, i: usize) -> String {
    row.and_then(|r| r.get(i)).cloned().unwrap_or_default()
}

/// A connection that failed, as a person reads it: where, the server's or driver's words, and
/// what to do.
pub fn cannot_connect(url: &DbUrl, cause: &str, hint: crate::i18n::Msg) -> anyhow::Error {
    crate::platform::error::runtime(
        crate::msg!(
            "err-connect",
            url = url.display(),
            cause = cause,
            hint = hint
        )
        .render(),
    )
}
