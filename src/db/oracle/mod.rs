//! Oracle (11g–19c) on the `oracle` crate: ODPI-C is compiled in, Oracle Instant Client is loaded
//! at run time. The catalog is read in seven fixed queries, whatever the number of tables.

pub mod dialect;
pub mod high_value;

use super::{DbError, Executor, Read, Reader, Rows};
use crate::db::url::DbUrl;
use crate::guard::{self, Guarded};
use crate::model::dialect::Dialect;
use crate::model::param::Param;
use crate::sql;
use oracle::sql_type::{OracleType, ToSql};
use oracle::{Connection, Connector};
use serde_json::Value;

pub struct Oracle {
    conn: std::sync::Arc<Connection>,
    round_trips: u64,
}

/// What to do when the client library cannot be loaded (DPI-1047), in one message.
/// What to do about a connection error, by the ORA- number it carries (message ids).
const CONNECT_HINTS: &[(&str, &str)] = &[
    ("ORA-01017", "hint-connect-password"),
    ("ORA-12514", "hint-ora-12514"),
    ("ORA-12737", "hint-ora-12737"),
    ("ORA-03134", "hint-ora-03134"),
    ("ORA-28040", "hint-ora-28040"),
    ("ORA-12154", "hint-ora-12154"),
    ("ORA-12541", "hint-ora-12541"),
];

fn connect_hint(cause: &str) -> crate::i18n::Msg {
    let id = CONNECT_HINTS
        .iter()
        .find(|(code, _)| cause.contains(code))
        .map_or("hint-ora-unreachable", |(_, id)| id);
    crate::i18n::Msg::new(id)
}

/// DBMS_LOCK.REQUEST's answer: 0 granted, 4 already ours, 1 another session holds it (busy);
/// 2, 3 and 5 are errors of their own.
fn run_lock_status(status: i64) -> Result<bool, DbError> {
    match status {
        0 | 4 => Ok(true),
        1 => Ok(false),
        2 => Err(DbError::Other("DBMS_LOCK.REQUEST returned 2 (deadlock) for the run lock: run again; if it repeats, ask the DBA which session holds the lock".into())),
        3 => Err(DbError::Other("DBMS_LOCK.REQUEST returned 3 (parameter error) for the run lock: a defect in yearend, report it to the tech center".into())),
        5 => Err(DbError::Other("DBMS_LOCK.REQUEST returned 5 (illegal lock handle) for the run lock: a defect in yearend, report it to the tech center".into())),
        n => Err(DbError::Other(format!("DBMS_LOCK.REQUEST returned {n} for the run lock, which Oracle does not document"))),
    }
}

fn error_text(e: &oracle::Error) -> String {
    let text = match e.db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    };
    crate::platform::secrets::redact(text.trim())
}

/// ORA- numbers that mean "the lock is busy" and "you may not".
const LOCK_BUSY: &[i32] = &[54, 30006, 4021, 60];
const NOT_PERMITTED: &[i32] = &[1031, 1950, 1536, 942, 6550, 1045, 1017];

fn classify(e: oracle::Error) -> DbError {
    let text = error_text(&e);
    let code = e.db_error().map(|d| d.code()).unwrap_or(0);
    if LOCK_BUSY.contains(&code) {
        DbError::LockTimeout(text)
    } else if NOT_PERMITTED.contains(&code) {
        DbError::Privilege(privilege_hint(code, text))
    } else if text.contains("DPI-1067") && crate::platform::interrupt::signal().is_none() {
        // The client's call timeout (the read limit) fired.
        super::read_timed_out(&text)
    } else {
        DbError::Other(text)
    }
}

/// The grant that usually answers an Oracle "you may not".
fn privilege_hint(code: i32, text: String) -> String {
    let hint = match code {
        942 => "the catalog views (DBA_*, V$*) need SELECT_CATALOG_ROLE or SELECT ANY DICTIONARY",
        1950 | 1536 => "the table owner needs a quota on the new tablespace (ALTER USER … QUOTA)",
        6550 => "a PL/SQL package is not granted (EXECUTE on DBMS_LOCK for the run lock)",
        _ => "the rollover user needs CREATE TABLESPACE and ALTER ANY TABLE (or to own the tables)",
    };
    format!("{text} — {hint}")
}

/// A connect string from the site URL: `//host:port/service`.
pub fn connect_string(url: &DbUrl) -> String {
    format!("//{}:{}/{}", url.host, url.port, url.database)
}

/// Easy Connect to one instance of a RAC database: the listener hands the session to that
/// instance (`//host:port/service/instance_name`).
pub fn instance_connect_string(url: &DbUrl, instance: &str) -> String {
    format!("{}/{instance}", connect_string(url))
}

impl Oracle {
    pub fn connect(url: &DbUrl, password: Option<&str>) -> anyhow::Result<Oracle> {
        Oracle::connect_to(url, &connect_string(url), password)
    }

    /// A session on one RAC instance, for its clock.
    pub fn connect_instance(
        url: &DbUrl,
        instance: &str,
        password: Option<&str>,
    ) -> anyhow::Result<Oracle> {
        Oracle::connect_to(url, &instance_connect_string(url, instance), password)
    }

    fn connect_to(url: &DbUrl, cs: &str, password: Option<&str>) -> anyhow::Result<Oracle> {
        let conn = match (&url.user, password) {
            (Some(user), Some(pw)) => Connector::new(user.as_str(), pw, cs).connect(),
            // External authentication (OS or wallet): no user or password in the URL.
            _ => Connector::new("", "", cs).external_auth(true).connect(),
        }
        .map_err(|e| connect_error(url, &e))?;
        let conn = std::sync::Arc::new(conn);
        // A signal breaks what this session runs (OCIBreak: the server stops the call).
        let shared = conn.clone();
        crate::platform::interrupt::set_canceller(Box::new(move || {
            let _ = shared.break_execution();
        }));
        Ok(Oracle {
            conn,
            round_trips: 0,
        })
    }

    fn session(&mut self, sql: &str) -> Result<(), DbError> {
        let s = guard::session(sql).expect("fixed session statement passes the guard");
        self.round_trips += 1;
        self.conn
            .execute(s.sql(), &[])
            .map(|_| ())
            .map_err(classify)
    }

    /// Reads in one read-only transaction (SET TRANSACTION READ ONLY: every read sees the
    /// database as of its start), ended whatever happens.
    fn read(&mut self, reads: &[Read]) -> Result<Vec<Rows>, DbError> {
        // Oracle has no per-statement server limit a session can set: the client bounds each
        // call (Instant Client 18+; an older client reads unbounded, as before).
        let limit = std::time::Duration::from_secs(super::read_timeout_seconds());
        let _ = self.conn.set_call_timeout(Some(limit));
        self.session(sql::text("oracle/session/begin_read_only"))?;
        let mut out = Vec::with_capacity(reads.len());
        let mut failed = None;
        for (q, params) in reads {
            self.round_trips += 1;
            match self.fetch(q.sql(), params) {
                Ok(rows) => out.push(rows),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let end = self.session(sql::text("oracle/session/rollback"));
        let _ = self.conn.set_call_timeout(None);
        if let Some(e) = failed {
            return Err(e);
        }
        end?;
        Ok(out)
    }

    fn fetch(&self, sql: &str, params: &[Param]) -> Result<Rows, DbError> {
        let owned: Vec<Box<dyn ToSql>> = params.iter().map(to_sql).collect();
        let refs: Vec<&dyn ToSql> = owned.iter().map(|b| b.as_ref()).collect();
        let set = self.conn.query(sql, &refs).map_err(classify)?;
        let columns: Vec<String> = set
            .column_info()
            .iter()
            .map(|c| c.name().to_lowercase())
            .collect();
        let mut rows = Vec::new();
        let mut budget = super::ResultBudget::new();
        for row in set {
            if rows.len() == super::max_rows() {
                return Err(super::too_many_rows());
            }
            let row = row.map_err(classify)?;
            let mut values = Vec::with_capacity(columns.len());
            for v in row.sql_values() {
                values.push(to_json(v).map_err(classify)?);
            }
            budget.row(&values)?;
            rows.push(values);
        }
        Ok(Rows { columns, rows })
    }
}

fn connect_error(url: &DbUrl, e: &oracle::Error) -> anyhow::Error {
    let cause = error_text(e);
    if cause.contains("DPI-1047") || cause.contains("DPI-1072") {
        return crate::platform::error::runtime(crate::msg!("err-oracle-client-missing").render());
    }
    super::cannot_connect(url, &cause, connect_hint(&cause))
}

fn to_sql(p: &Param) -> Box<dyn ToSql> {
    match p {
        Param::Int(i) => Box::new(*i),
        Param::Text(s) => Box::new(s.clone()),
        Param::Date(d) => Box::new(*d),
    }
}

fn to_json(v: &oracle::SqlValue) -> Result<Value, oracle::Error> {
    if v.is_null()? {
        return Ok(Value::Null);
    }
    Ok(match v.oracle_type()? {
        OracleType::Number(_, _) | OracleType::Float(_) | OracleType::Int64 => {
            let text: String = v.get()?;
            number_json(&text)
        }
        OracleType::BinaryFloat | OracleType::BinaryDouble => Value::from(v.get::<f64>()?),
        OracleType::Date | OracleType::Timestamp(_) => {
            let t: chrono::NaiveDateTime = v.get()?;
            if t.time() == chrono::NaiveTime::MIN {
                Value::String(t.date().to_string())
            } else {
                Value::String(t.format("%Y-%m-%dT%H:%M:%S").to_string())
            }
        }
        _ => Value::String(v.get::<String>()?),
    })
}

/// Oracle NUMBER as JSON: an integer when it is one, else a float.
pub fn number_json(text: &str) -> Value {
    if let Ok(i) = text.parse::<i64>() {
        Value::from(i)
    } else if let Ok(f) = text.parse::<f64>() {
        Value::from(f)
    } else {
        Value::String(text.to_string())
    }
}

/// A user lock id (0 … 1073741823) from the lock key.
pub fn lock_id(key: &str) -> i64 {
    use sha2::Digest;
    let h = sha2::Sha256::digest(key.as_bytes());
    i64::from(u32::from_be_bytes([h[0], h[1], h[2], h[3]]) % 1_073_741_824)
}

impl Reader for Oracle {
    fn dialect(&self) -> Dialect {
        Dialect::Oracle
    }

    fn query(&mut self, q: &Guarded, params: &[Param]) -> Result<Rows, DbError> {
        let mut rows = self.read(&[(q.clone(), params.to_vec())])?;
        Ok(rows.remove(0))
    }

    fn query_together(&mut self, reads: &[Read]) -> Result<Vec<Rows>, DbError> {
        self.read(reads)
    }

    fn round_trips(&self) -> u64 {
        self.round_trips
    }

    fn server_version(&self) -> Option<String> {
        self.conn.server_version().ok().map(|(v, _)| v.to_string())
    }
}

impl Executor for Oracle {
    fn execute(&mut self, statement: &Guarded) -> Result<(), DbError> {
        self.round_trips += 1;
        self.conn
            .execute(statement.sql(), &[])
            .map(|_| ())
            .map_err(classify)
    }

    fn try_run_lock(&mut self, key: &str) -> Result<bool, DbError> {
        let s = guard::session(sql::text("oracle/session/run_lock"))
            .expect("fixed statement passes the guard");
        self.round_trips += 1;
        let stmt = self
            .conn
            .execute(s.sql(), &[&OracleType::Number(0, 0), &lock_id(key)])
            .map_err(classify)?;
        let status: i64 = stmt.bind_value(1).map_err(classify)?;
        run_lock_status(status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_errors_and_lock_answers_say_what_to_do() {
        let connect_hint = |cause: &str| connect_hint(cause).render_in(crate::i18n::Lang::En);
        assert!(connect_hint(
            "ORA-12737: Instant Client Light: unsupported server character set ZHS16GBK"
        )
        .contains("19.x Basic"));
        assert!(connect_hint(
            "ORA-03134: Connections to this server version are no longer supported."
        )
        .contains("19.x"));
        assert!(
            connect_hint("ORA-28040: No matching authentication protocol")
                .contains("ALLOWED_LOGON_VERSION")
        );
        assert!(connect_hint("ORA-12154: TNS:could not resolve")
            .contains("oracle://user@host:1521/SERVICE_NAME"));
        assert!(connect_hint("ORA-12541: TNS:no listener").contains("1521"));
        assert!(run_lock_status(0).unwrap());
        assert!(run_lock_status(4).unwrap());
        assert!(!run_lock_status(1).unwrap());
        for (n, word) in [
            (2, "deadlock"),
            (3, "parameter error"),
            (5, "illegal lock handle"),
        ] {
            assert!(run_lock_status(n).unwrap_err().to_string().contains(word));
        }
    }

    #[test]
    fn every_fixed_statement_passes_the_guard() {
        for name in crate::db::catalog::oracle::QUERIES {
            let text = sql::render(name, serde_json::json!({"schemas": ":1, :2"}));
            guard::query(&text).unwrap_or_else(|e| panic!("{e}"));
        }
        guard::session(sql::text("oracle/session/run_lock")).unwrap();
        guard::session("SET TRANSACTION READ ONLY").unwrap();
        guard::session("ALTER SESSION SET DDL_LOCK_TIMEOUT = 5").unwrap();
        // Only the exact block: any other PL/SQL is refused.
        assert!(guard::session(
            "BEGIN :1 := DBMS_LOCK.REQUEST(:2, 6, 0); EXECUTE IMMEDIATE 'DROP TABLE x'; END;"
        )
        .is_err());
    }

    #[test]
    fn lock_ids_are_user_lock_ids_and_stable() {
        let id = lock_id("yearend:H001:2027");
        assert!((0..1_073_741_824).contains(&id));
        assert_eq!(id, lock_id("yearend:H001:2027"));
        assert_ne!(id, lock_id("yearend:H002:2027"));
    }

    #[test]
    fn numbers_become_json_numbers() {
        assert_eq!(number_json("202701"), serde_json::json!(202701));
        assert_eq!(number_json("1.5"), serde_json::json!(1.5));
    }

    #[test]
    fn rac_instances_are_reached_through_the_service_with_the_instance_name() {
        let url =
            crate::db::url::DbUrl::parse("oracle://einv_admin@scan.example:1521/einvoice").unwrap();
        assert_eq!(
            instance_connect_string(&url, "ORCL2"),
            "//scan.example:1521/einvoice/ORCL2"
        );
    }

    #[test]
    fn connect_strings_use_the_service_name() {
        let url = DbUrl::parse("oracle://einv@db.example:1521/ORCLPDB1").unwrap();
        assert_eq!(connect_string(&url), "//db.example:1521/ORCLPDB1");
    }
}
