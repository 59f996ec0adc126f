//! MySQL family (MySQL, MariaDB) on the `mysql` crate, pure Rust.

use super::{DbError, Executor, Read, Reader, Rows};
use crate::db::url::DbUrl;
use crate::guard::{self, Guarded};
use crate::model::dialect::Dialect;
use crate::model::param::Param;
use crate::sql;
use mysql::prelude::Queryable;
use mysql::{Conn, OptsBuilder, Value as MyValue};
use serde_json::Value;
use std::time::Duration;

pub mod dialect;

pub struct Mysql {
    conn: Conn,
    round_trips: u64,
    /// MariaDB bounds every statement with max_statement_time (so it is set around reads only);
    /// MySQL bounds SELECTs with max_execution_time.
    mariadb: bool,
    /// Where and as whom it connected: plan queries get a session of their own (`plan_side`).
    url: DbUrl,
    password: Option<String>,
    /// The session plan-file queries run on: it holds no lock a query could release.
    plan_side: Option<Box<Mysql>>,
    /// The run lock's key, once taken.
    run_lock: Option<String>,
}

fn error_text(e: &mysql::Error) -> String {
    let text = match e {
        mysql::Error::MySqlError(m) => format!("{} (error {})", m.message, m.code),
        other => other.to_string(),
    };
    crate::platform::secrets::redact(&text)
}

fn classify(e: mysql::Error) -> DbError {
    let text = error_text(&e);
    match &e {
        // ER_STATEMENT_TIMEOUT (MariaDB 1969), ER_QUERY_TIMEOUT (MySQL 3024), or a KILL QUERY.
        mysql::Error::MySqlError(m)
            if [1969, 3024, 1317].contains(&m.code)
                && crate::platform::interrupt::signal().is_none() =>
        {
            super::read_timed_out(&text)
        }
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

/// The URL's sslmode as the driver's options: require encrypts without checking the
/// certificate; verify-full checks it against the CA file and the host name.
fn ssl_opts(tls: &crate::db::url::Tls) -> Option<mysql::SslOpts> {
    use crate::db::url::Tls;
    match tls {
        Tls::Off => None,
        Tls::Require => Some(
            mysql::SslOpts::default()
                .with_danger_accept_invalid_certs(true)
                .with_danger_skip_domain_validation(true),
        ),
        Tls::VerifyFull { ca } => {
            Some(mysql::SslOpts::default().with_root_cert_path(Some(ca.clone())))
        }
    }
}

fn opts_for_cancel(url: &DbUrl, password: Option<&str>) -> OptsBuilder {
    OptsBuilder::new()
        .ip_or_hostname(Some(url.host.clone()))
        .tcp_port(url.port)
        .user(url.user.clone())
        .pass(password.map(str::to_string))
        .prefer_socket(false)
        .tcp_connect_timeout(Some(Duration::from_secs(5)))
        .ssl_opts(ssl_opts(&url.tls))
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
            .tcp_connect_timeout(Some(Duration::from_secs(10)))
            // A tool killed outright leaves no session behind for long.
            .tcp_keepalive_time_ms(Some(60_000))
            .ssl_opts(ssl_opts(&url.tls));
        let conn = Conn::new(opts).map_err(|e| {
            let cause = error_text(&e);
            let hint = if cause.contains("Access denied") {
                crate::msg!("hint-connect-password")
            } else if cause.contains("certificate")
                || cause.contains("TLS")
                || cause.contains("tls")
            {
                crate::msg!("hint-connect-certificate")
            } else {
                crate::msg!("hint-connect-mysql-unreachable")
            };
            super::cannot_connect(url, &cause, hint)
        })?;
        // A signal cancels what this session runs: KILL QUERY from a connection of its own.
        let (id, cancel_opts) = (conn.connection_id(), opts_for_cancel(url, password));
        crate::platform::interrupt::set_canceller(Box::new(move || {
            let text = sql::render("mysql/session/kill_query", serde_json::json!({ "id": id }));
            if let (Ok(kill), Ok(mut other)) =
                (guard::session(&text), Conn::new(cancel_opts.clone()))
            {
                let _ = other.query_drop(kill.sql());
            }
        }));
        let mut conn = conn;
        let q = guard::query("SELECT VERSION()").expect("a fixed query passes the guard");
        let version: Option<String> = conn.query_first(q.sql()).map_err(|e| {
            crate::platform::error::runtime(
                crate::msg!("err-server-version", cause = error_text(&e)).render(),
            )
        })?;
        Ok(Mysql {
            conn,
            round_trips: 1,
            mariadb: version.unwrap_or_default().contains("MariaDB"),
            url: url.clone(),
            password: password.map(str::to_string),
            plan_side: None,
            run_lock: None,
        })
    }

    fn session(&mut self, sql: &str) -> Result<(), DbError> {
        let s = guard::session(sql).expect("fixed session statement passes the guard");
        self.round_trips += 1;
        self.conn.query_drop(s.sql()).map_err(classify)
    }

    /// Reads in one read-only transaction, rolled back whatever happens.
    fn read(&mut self, reads: &[Read]) -> Result<Vec<Rows>, DbError> {
        self.limit_reads(super::read_timeout_seconds())?;
        self.session(sql::text("mysql/session/begin_read_only"))?;
        let mut out = Vec::with_capacity(reads.len());
        let mut failed = None;
        for (q, params) in reads {
            self.round_trips += 1;
            match self.fetch(q.sql(), params.iter().map(to_my).collect()) {
                Ok(rows) => out.push(rows),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let rollback = self.session(sql::text("mysql/session/rollback"));
        let unlimit = self.limit_reads(0);
        if let Some(e) = failed {
            return Err(e);
        }
        rollback?;
        unlimit?;
        Ok(out)
    }

    /// Bound what a read may take (0: unbounded again, for DDL on MariaDB).
    fn limit_reads(&mut self, seconds: u64) -> Result<(), DbError> {
        match (self.mariadb, seconds) {
            (true, s) => self.session(&sql::render(
                "mysql/session/max_statement_time",
                serde_json::json!({ "seconds": s }),
            )),
            // max_execution_time applies to SELECT only: set once per read, never undone.
            (false, 0) => Ok(()),
            (false, s) => self.session(&sql::render(
                "mysql/session/max_execution_time",
                serde_json::json!({ "ms": s * 1000 }),
            )),
        }
    }

    /// The rows of one query; `None` past the row cap.
    /// One query's rows, each counted as it arrives: past the row cap or the byte budget the read
    /// stops there.
    fn fetch(&mut self, sql: &str, params: Vec<MyValue>) -> Result<Rows, DbError> {
        let mut set = self.conn.exec_iter(sql, params).map_err(classify)?;
        let columns = set
            .columns()
            .as_ref()
            .iter()
            .map(|c| c.name_str().into_owned())
            .collect();
        let mut data: Vec<Vec<Value>> = Vec::new();
        let mut budget = super::ResultBudget::new();
        for r in set.by_ref() {
            if data.len() == super::max_rows() {
                return Err(super::too_many_rows());
            }
            let r = r.map_err(classify)?;
            let values: Vec<Value> = (0..r.len())
                .map(|i| r.as_ref(i).map_or(Value::Null, to_json))
                .collect();
            budget.row(&values)?;
            data.push(values);
        }
        Ok(Rows {
            columns,
            rows: data,
        })
    }
}

impl Reader for Mysql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
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

    fn plan_query(
        &mut self,
        q: &Guarded,
        params: &[Param],
        role: Option<&str>,
    ) -> Result<Rows, DbError> {
        if let Some(r) = role {
            return self.query_as(q, params, r);
        }
        if self.plan_side.is_none() {
            let side = Mysql::connect(&self.url, self.password.as_deref())
                .map_err(|e| DbError::Other(e.to_string()))?;
            self.plan_side = Some(Box::new(side));
        }
        let side = self.plan_side.as_mut().expect("opened above");
        let rows = side.query(q, params);
        self.round_trips += 1;
        rows
    }
}

impl Executor for Mysql {
    fn execute(&mut self, statement: &Guarded) -> Result<(), DbError> {
        self.round_trips += 1;
        self.conn.query_drop(statement.sql()).map_err(classify)
    }

    fn try_run_lock(&mut self, key: &str) -> Result<bool, DbError> {
        let s = guard::session(sql::text("mysql/session/run_lock"))
            .expect("fixed statement passes the guard");
        self.round_trips += 1;
        let got: Option<Option<i64>> = self.conn.exec_first(s.sql(), (key,)).map_err(classify)?;
        let got = got.flatten() == Some(1);
        if got {
            self.run_lock = Some(key.to_string());
        }
        Ok(got)
    }

    fn still_holds_run_lock(&mut self) -> Result<bool, DbError> {
        let Some(key) = self.run_lock.clone() else {
            return Ok(true);
        };
        let q = guard::query(sql::text("mysql/session/holds_run_lock"))
            .expect("fixed query passes the guard");
        self.round_trips += 1;
        let held: Option<Option<i64>> = self.conn.exec_first(q.sql(), (key,)).map_err(classify)?;
        Ok(held.flatten() == Some(1))
    }
}
