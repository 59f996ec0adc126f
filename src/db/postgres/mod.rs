//! PostgreSQL family (PostgreSQL, KingbaseES / openGauss style) on the `postgres` crate.

use super::{DbError, Executor, Read, Reader, Rows};
use crate::db::url::DbUrl;
use crate::guard::{self, Guarded};
use crate::model::dialect::Dialect;
use crate::model::param::Param;
use crate::sql;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{Client, Config, NoTls};
use serde_json::Value;
use std::time::Duration;

pub mod dialect;
mod side;

pub struct Postgres {
    client: Client,
    round_trips: u64,
    /// How to open a second session for reads run side by side (`side`).
    reopen: side::Reopen,
    /// The run lock's key, once taken.
    run_lock: Option<String>,
}

impl Postgres {
    pub fn connect(url: &DbUrl, password: Option<&str>) -> anyhow::Result<Postgres> {
        let mut config = Config::new();
        config
            .host(&url.host)
            .port(url.port)
            .dbname(&url.database)
            .application_name("yearend")
            .connect_timeout(Duration::from_secs(10))
            // A tool killed outright (kill -9, power loss) leaves no session waiting for hours.
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(60));
        if let Some(user) = &url.user {
            config.user(user);
        }
        if let Some(pw) = password {
            config.password(pw);
        }
        let tls = super::tls::client_config(&url.tls).map_err(crate::platform::error::input)?;
        if tls.is_some() {
            config.ssl_mode(postgres::config::SslMode::Require);
        }
        let reopen = side::Reopen { config, tls };
        let client = reopen.connect().map_err(|e| {
            let cause = error_text(&e);
            let hint = if cause.contains("password") {
                crate::msg!("hint-connect-password")
            } else if cause.contains("certificate")
                || cause.contains("tls")
                || cause.contains("TLS")
            {
                crate::msg!("hint-connect-certificate")
            } else if cause.contains("SSL") || cause.contains("encryption") {
                crate::msg!("hint-connect-pg-encryption")
            } else {
                crate::msg!("hint-connect-pg-unreachable")
            };
            super::cannot_connect(url, &cause, hint)
        })?;
        // A signal cancels what this session runs (a cancel request on its own connection).
        let token = client.cancel_token();
        crate::platform::interrupt::set_canceller(Box::new(move || {
            let _ = token.cancel_query(NoTls);
        }));
        Ok(Postgres {
            client,
            round_trips: 0,
            reopen,
            run_lock: None,
        })
    }
}

fn error_text(e: &postgres::Error) -> String {
    let text = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(inner) = src {
                s = format!("{s}: {inner}");
                src = inner.source();
            }
            s
        }
    };
    crate::platform::secrets::redact(&text)
}

/// A read that runs away (a vendor's check on a 100-million-row table) is cancelled by the
/// server, not left holding a snapshot for the night; LOCAL ends with the transaction.
fn limit_read(tx: &mut postgres::Transaction) -> Result<(), DbError> {
    let text = sql::render(
        "postgres/session/read_timeout",
        serde_json::json!({ "seconds": super::read_timeout_seconds() }),
    );
    let timeout = guard::session(&text).expect("fixed session statement passes the guard");
    tx.batch_execute(timeout.sql()).map_err(classify)
}

/// A read-only transaction whose reads the server cancels past the limit; with `one_snapshot`,
/// REPEATABLE READ, so that all its reads (and a session importing its snapshot) see one instant.
fn begin_read(
    client: &mut Client,
    one_snapshot: bool,
) -> Result<postgres::Transaction<'_>, DbError> {
    let mut tx = client.build_transaction().read_only(true);
    if one_snapshot {
        tx = tx.isolation_level(postgres::IsolationLevel::RepeatableRead);
    }
    let mut tx = tx.start().map_err(classify)?;
    limit_read(&mut tx)?;
    Ok(tx)
}

/// Each read in turn in `tx`, each row converted as it arrives while the server still sends the
/// rest (26,000 partitions' rows are not held twice, as driver rows and as values).
fn run_reads(tx: &mut postgres::Transaction, reads: &[Read]) -> Result<Vec<Rows>, DbError> {
    let mut out = Vec::with_capacity(reads.len());
    for (q, params) in reads {
        let stmt = tx.prepare(q.sql()).map_err(classify)?;
        let owned = typed(params, stmt.params())?;
        let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
        let columns = stmt
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let mut raw = tx
            .query_raw(&stmt, refs.iter().copied())
            .map_err(classify)?;
        let mut rows = Vec::new();
        let mut budget = super::ResultBudget::new();
        while let Some(r) = raw.next().map_err(classify)? {
            let values: Vec<Value> = (0..r.len())
                .map(|i| json_value(&r, i))
                .collect::<Result<_, _>>()?;
            budget.row(&values)?;
            rows.push(values);
        }
        out.push(Rows { columns, rows });
    }
    Ok(out)
}

fn classify(e: postgres::Error) -> DbError {
    let text = error_text(&e);
    match e.code() {
        Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE || *c == SqlState::T_R_DEADLOCK_DETECTED => {
            DbError::LockTimeout(text)
        }
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => DbError::Privilege(text),
        // Cancelled by the read limit, or by a signal (the caller knows which).
        Some(c)
            if *c == SqlState::QUERY_CANCELED && crate::platform::interrupt::signal().is_none() =>
        {
            super::read_timed_out(&text)
        }
        _ => DbError::Other(text),
    }
}

impl Reader for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn round_trips(&self) -> u64 {
        self.round_trips
    }

    /// The reads in one REPEATABLE READ snapshot; with several, half of them on a second session
    /// importing that snapshot, run at the same time (the two big catalog queries of a
    /// 2,000-table database take 0.10 s and 0.06 s on the server).
    fn query_together(&mut self, reads: &[Read]) -> Result<Vec<Rows>, DbError> {
        self.round_trips += 1 + reads.len() as u64;
        if reads.len() >= side::AT_LEAST {
            self.round_trips += 1;
            let mut tx = begin_read(&mut self.client, true)?;
            if let Some(snapshot) = side::export(&mut tx) {
                let out = side::read_split(&mut tx, &snapshot, &self.reopen, reads)?;
                tx.rollback().map_err(classify)?;
                return Ok(out);
            }
            // No snapshot to share: the failed export ended that transaction.
            drop(tx);
            self.round_trips += 1;
        }
        let mut tx = begin_read(&mut self.client, true)?;
        let out = run_reads(&mut tx, reads)?;
        tx.rollback().map_err(classify)?;
        Ok(out)
    }

    fn query(&mut self, q: &Guarded, params: &[Param]) -> Result<Rows, DbError> {
        self.read_rows(q, params, None)
    }

    fn query_as(&mut self, q: &Guarded, params: &[Param], role: &str) -> Result<Rows, DbError> {
        self.read_rows(q, params, Some(role))
    }
}

impl Postgres {
    /// One read in a read-only transaction, as `role` when given (SET LOCAL ROLE: the role
    /// ends with the transaction).
    fn read_rows(
        &mut self,
        q: &Guarded,
        params: &[Param],
        role: Option<&str>,
    ) -> Result<Rows, DbError> {
        // row_to_json gives every column type (numeric, date, …) one representation and keeps names.
        let wrapped = format!(
            "SELECT row_to_json(q)::text FROM ({}) q LIMIT {}",
            q.sql(),
            super::max_rows() + 1
        );
        self.round_trips += 1;
        let mut tx = begin_read(&mut self.client, false)?;
        if let Some(role) = role {
            let quoted = crate::sql::name::quote(Dialect::Postgres, role);
            let set = guard::session(&format!("SET LOCAL ROLE {quoted}"))
                .map_err(|e| DbError::Other(e.to_string()))?;
            tx.batch_execute(set.sql()).map_err(classify)?;
        }
        let columns: Vec<String> = {
            let stmt = tx.prepare(q.sql()).map_err(classify)?;
            stmt.columns()
                .iter()
                .map(|c| c.name().to_string())
                .collect()
        };
        let stmt = tx.prepare(wrapped.as_str()).map_err(classify)?;
        let owned = typed(params, stmt.params())?;
        let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
        let mut raw = tx
            .query_raw(&stmt, refs.iter().copied())
            .map_err(classify)?;
        let mut rows = Vec::new();
        let mut budget = super::ResultBudget::new();
        while let Some(r) = raw.next().map_err(classify)? {
            if rows.len() == super::max_rows() {
                return Err(super::too_many_rows());
            }
            let text: String = r.get(0);
            let obj: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text)
                .map_err(|e| DbError::Other(format!("unreadable row: {e}")))?;
            let values: Vec<Value> = columns
                .iter()
                .map(|c| obj.get(c).cloned().unwrap_or(serde_json::Value::Null))
                .collect();
            budget.row(&values)?;
            rows.push(values);
        }
        drop(raw);
        tx.rollback().map_err(classify)?;
        Ok(Rows { columns, rows })
    }
}

impl Executor for Postgres {
    fn execute(&mut self, statement: &Guarded) -> Result<(), DbError> {
        self.round_trips += 1;
        self.client.batch_execute(statement.sql()).map_err(classify)
    }

    fn try_run_lock(&mut self, key: &str) -> Result<bool, DbError> {
        let s = guard::session(sql::text("postgres/session/run_lock"))
            .expect("fixed statement passes the guard");
        self.round_trips += 1;
        let row = self.client.query_one(s.sql(), &[&key]).map_err(classify)?;
        let got = row.get::<_, bool>(0);
        if got {
            self.run_lock = Some(key.to_string());
        }
        Ok(got)
    }

    fn still_holds_run_lock(&mut self) -> Result<bool, DbError> {
        let Some(key) = self.run_lock.clone() else {
            return Ok(true);
        };
        let q = guard::query(sql::text("postgres/session/holds_run_lock"))
            .expect("fixed query passes the guard");
        self.round_trips += 1;
        let row = self.client.query_one(q.sql(), &[&key]).map_err(classify)?;
        Ok(row.get::<_, bool>(0))
    }
}

/// A column of one of yearend's own catalog rows as JSON, read in its own type (no JSON
/// round trip on the server: the catalog of 2,000 tables is 26,000 rows).
fn json_value(row: &postgres::Row, i: usize) -> Result<Value, DbError> {
    let ty = row.columns()[i].type_();
    let value = match *ty {
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)
            .map(|v| v.map(Value::from)),
        Type::INT2 => row.try_get::<_, Option<i16>>(i).map(|v| v.map(Value::from)),
        Type::INT4 => row.try_get::<_, Option<i32>>(i).map(|v| v.map(Value::from)),
        Type::INT8 => row.try_get::<_, Option<i64>>(i).map(|v| v.map(Value::from)),
        Type::OID => row.try_get::<_, Option<u32>>(i).map(|v| v.map(Value::from)),
        _ => row
            .try_get::<_, Option<String>>(i)
            .map(|v| v.map(Value::from)),
    };
    value.map(|v| v.unwrap_or(Value::Null)).map_err(|e| {
        DbError::Other(format!(
            "catalog column {} of type {ty} is not readable: {e}",
            row.columns()[i].name()
        ))
    })
}

fn boxed(params: &[Param]) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .map(|p| -> Box<dyn ToSql + Sync> {
            match p {
                Param::Int(i) => Box::new(*i),
                Param::Text(s) => Box::new(s.clone()),
                Param::Date(d) => Box::new(*d),
            }
        })
        .collect()
}

/// The parameters as the prepared statement's types: a whole number (`bind(year)`) goes as the
/// integer type the server inferred where it is used — int4 in `make_date($1, 1, 1)`, int8 in
/// `bigint_col = $1`, numeric or text as written — so the plan author never casts.
fn typed(params: &[Param], types: &[Type]) -> Result<Vec<Box<dyn ToSql + Sync>>, DbError> {
    let mut out = boxed(params);
    for (i, (p, ty)) in params.iter().zip(types).enumerate() {
        let Param::Int(n) = p else { continue };
        let too_big = || DbError::Other(format!("${}: {n} does not fit {ty}", i + 1));
        out[i] = match *ty {
            Type::INT2 => Box::new(i16::try_from(*n).map_err(|_| too_big())?),
            Type::INT4 => Box::new(i32::try_from(*n).map_err(|_| too_big())?),
            Type::FLOAT8 => Box::new(*n as f64),
            Type::FLOAT4 => Box::new(*n as f32),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR => Box::new(n.to_string()),
            _ => continue,
        };
    }
    Ok(out)
}
