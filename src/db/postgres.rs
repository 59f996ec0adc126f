//! PostgreSQL family (PostgreSQL, KingbaseES / openGauss style) on the `postgres` crate.

use super::{Database, DbError, Dialect, Executor, Identity, Param, Reader, Rows};
use crate::config::site::DbUrl;
use crate::guard::{self, Guarded};
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, Config, NoTls};
use std::time::Duration;

pub struct Postgres {
    client: Client,
}

impl Postgres {
    pub fn connect(url: &DbUrl, password: Option<&str>) -> anyhow::Result<Postgres> {
        let mut config = Config::new();
        config
            .host(&url.host)
            .port(url.port)
            .dbname(&url.database)
            .application_name("yearend")
            .connect_timeout(Duration::from_secs(10));
        if let Some(user) = &url.user {
            config.user(user);
        }
        if let Some(pw) = password {
            config.password(pw);
        }
        let client = config.connect(NoTls).map_err(|e| {
            let cause = error_text(&e);
            let hint = if cause.contains("password") {
                "check the user and YEAREND_DB_PASSWORD (or type it at the prompt)"
            } else {
                "check that the server runs, listens on that address and port, and that pg_hba.conf admits this host"
            };
            crate::error::runtime(format!("cannot connect to {}: {cause} — {hint}", url.display()))
        })?;
        Ok(Postgres { client })
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
    crate::secrets::redact(&text)
}

fn classify(e: postgres::Error) -> DbError {
    let text = error_text(&e);
    match e.code() {
        Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE || *c == SqlState::T_R_DEADLOCK_DETECTED => {
            DbError::LockTimeout(text)
        }
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => DbError::Privilege(text),
        _ => DbError::Other(text),
    }
}

impl Reader for Postgres {
    fn query(&mut self, q: &Guarded, params: &[Param]) -> Result<Rows, DbError> {
        // row_to_json gives every column type (numeric, date, …) one representation and keeps names.
        let wrapped = format!("SELECT row_to_json(q)::text FROM ({}) q", q.sql());
        let owned: Vec<Box<dyn ToSql + Sync>> = params
            .iter()
            .map(|p| -> Box<dyn ToSql + Sync> {
                match p {
                    Param::Int(i) => Box::new(*i),
                    Param::Text(s) => Box::new(s.clone()),
                    Param::Date(d) => Box::new(*d),
                }
            })
            .collect();
        let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
        let mut tx = self
            .client
            .build_transaction()
            .read_only(true)
            .start()
            .map_err(classify)?;
        let columns: Vec<String> = {
            let stmt = tx.prepare(q.sql()).map_err(classify)?;
            stmt.columns()
                .iter()
                .map(|c| c.name().to_string())
                .collect()
        };
        let raw = tx.query(wrapped.as_str(), &refs).map_err(classify)?;
        tx.rollback().map_err(classify)?;
        let mut rows = Vec::with_capacity(raw.len());
        for r in raw {
            let text: String = r.get(0);
            let obj: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text)
                .map_err(|e| DbError::Other(format!("unreadable row: {e}")))?;
            rows.push(
                columns
                    .iter()
                    .map(|c| obj.get(c).cloned().unwrap_or(serde_json::Value::Null))
                    .collect(),
            );
        }
        Ok(Rows { columns, rows })
    }
}

impl Executor for Postgres {
    fn execute(&mut self, statement: &Guarded) -> Result<(), DbError> {
        self.client.batch_execute(statement.sql()).map_err(classify)
    }
}

impl Database for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn identity(&mut self) -> Result<Identity, DbError> {
        let q = guard::query(
            "SELECT current_database() AS name, current_setting('server_version') AS version",
        )
        .expect("fixed query passes the guard");
        let rows = self.query(&q, &[])?;
        let row = rows
            .rows
            .first()
            .ok_or_else(|| DbError::Other("no identity row".into()))?;
        let text = |i: usize| row[i].as_str().unwrap_or_default().to_string();
        Ok(Identity {
            dialect: Dialect::Postgres,
            name: text(0),
            version: text(1),
        })
    }

    fn try_run_lock(&mut self, key: &str) -> Result<bool, DbError> {
        let s = guard::session("SELECT pg_try_advisory_lock(hashtextextended($1, 0))")
            .expect("fixed statement passes the guard");
        let row = self.client.query_one(s.sql(), &[&key]).map_err(classify)?;
        Ok(row.get::<_, bool>(0))
    }

    fn set_lock_timeout(&mut self, seconds: u32) -> Result<(), DbError> {
        let s = guard::session(&format!("SET lock_timeout = '{seconds}s'"))
            .expect("fixed statement passes the guard");
        self.execute(&s)
    }
}
