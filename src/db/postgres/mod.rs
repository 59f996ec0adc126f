//! PostgreSQL family (PostgreSQL, KingbaseES / openGauss style) on the `postgres` crate.

use super::dialect::SqlDialect;
use super::{Database, DbError, Executor, Identity, Reader, Rows};
use crate::db::url::DbUrl;
use crate::guard::{self, Guarded};
use crate::model::catalog::{Carried, Catalog, Partition, Property, Table, Tablespace};
use crate::model::dialect::Dialect;
use crate::model::param::Param;
use crate::sql;
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, Config, NoTls};
use std::collections::HashMap;
use std::time::Duration;

pub mod dialect;

pub struct Postgres {
    client: Client,
    round_trips: u64,
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
        Ok(Postgres {
            client,
            round_trips: 0,
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
    crate::secrets::redact(&text)
}

/// The longest a read may run: `YEAREND_QUERY_TIMEOUT` seconds (1…3600), default 300.
fn read_timeout_seconds() -> u64 {
    std::env::var("YEAREND_QUERY_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| (1..=3600).contains(s))
        .unwrap_or(300)
}

/// A read that runs away (a vendor's check on a 100-million-row table) is cancelled by the
/// server, not left holding a snapshot for the night; LOCAL ends with the transaction.
fn limit_read(tx: &mut postgres::Transaction) -> Result<(), DbError> {
    let text = sql::render(
        "postgres/session/read_timeout",
        serde_json::json!({ "seconds": read_timeout_seconds() }),
    );
    let timeout = guard::session(&text).expect("fixed session statement passes the guard");
    tx.batch_execute(timeout.sql()).map_err(classify)
}

fn classify(e: postgres::Error) -> DbError {
    let text = error_text(&e);
    match e.code() {
        Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE || *c == SqlState::T_R_DEADLOCK_DETECTED => {
            DbError::LockTimeout(text)
        }
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => DbError::Privilege(text),
        Some(c) if *c == SqlState::QUERY_CANCELED => DbError::Other(format!(
            "{text} — a read ran past yearend's {} s limit (YEAREND_QUERY_TIMEOUT) and the server cancelled it: make the query cheaper (an index, a narrower date range)",
            read_timeout_seconds()
        )),
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
        self.round_trips += 1;
        limit_read(&mut tx)?;
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
        self.round_trips += 1;
        self.client.batch_execute(statement.sql()).map_err(classify)
    }
}

/// What each partition carries of its own, by (schema, table, partition).
type CarriedBy = HashMap<(String, String, String), Carried>;

fn add_property(c: &mut Carried, kind: &str, name: String, definition: String, extra: String) {
    match kind {
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
}

fn read_carried(tx: &mut postgres::Transaction, schemas: &[String]) -> Result<CarriedBy, DbError> {
    let q =
        guard::query(sql::text("postgres/catalog/child_properties").trim()).expect("catalog query");
    let mut out: CarriedBy = HashMap::new();
    for r in tx.query(q.sql(), &[&schemas]).map_err(classify)? {
        let key = (r.get(0), r.get(1), r.get(2));
        let (kind, name, definition, extra): (String, String, String, String) =
            (r.get(3), r.get(4), r.get(5), r.get(6));
        add_property(out.entry(key).or_default(), &kind, name, definition, extra);
    }
    Ok(out)
}

/// pg_partman's template tables by parent (`schema.table`), with what each carries.
fn read_templates(
    tx: &mut postgres::Transaction,
) -> Result<HashMap<String, (String, Carried)>, DbError> {
    let q = guard::query(sql::text("postgres/catalog/partman").trim()).expect("catalog query");
    let Some(ns) = tx
        .query(q.sql(), &[])
        .map_err(classify)?
        .first()
        .map(|r| r.get::<_, String>(0))
    else {
        return Ok(HashMap::new());
    };
    let config = format!("{}.\"part_config\"", dialect::Postgres.quote(&ns));
    let text = sql::render(
        "postgres/catalog/partman_templates",
        serde_json::json!({ "part_config": config }),
    );
    let q = guard::query(text.trim()).expect("catalog query");
    let pairs: Vec<(String, String)> = tx
        .query(q.sql(), &[])
        .map_err(classify)?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .filter(|(_, t): &(String, String)| !t.is_empty())
        .collect();
    let names: Vec<String> = pairs.iter().map(|(_, t)| t.clone()).collect();
    let q = guard::query(sql::text("postgres/catalog/template_properties").trim())
        .expect("catalog query");
    let mut carried: HashMap<String, Carried> = HashMap::new();
    for r in tx.query(q.sql(), &[&names]).map_err(classify)? {
        let (tpl, kind, name, definition, extra): (String, String, String, String, String) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        add_property(
            carried.entry(tpl).or_default(),
            &kind,
            name,
            definition,
            extra,
        );
    }
    Ok(pairs
        .into_iter()
        .map(|(parent, tpl)| {
            let c = carried.get(&tpl).cloned().unwrap_or_default();
            (parent, (tpl, c))
        })
        .collect())
}

fn attach_carried(
    catalog: &mut Catalog,
    mut carried: CarriedBy,
    templates: HashMap<String, (String, Carried)>,
) {
    for t in &mut catalog.tables {
        for p in &mut t.partitions {
            let key = (t.schema.clone(), t.name.clone(), p.name.clone());
            p.carried = carried.remove(&key);
        }
        t.template = templates.get(&t.full_name()).cloned();
    }
}

impl Database for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn inspect(&mut self, schemas: &[String]) -> Result<Catalog, DbError> {
        let schemas: Vec<String> = schemas.to_vec();
        let guarded = |sql: &str| guard::query(sql.trim()).expect("catalog queries pass the guard");
        let (ts_q, part_q, table_q, schema_q) = (
            guarded(sql::text("postgres/catalog/tablespaces")),
            guarded(sql::text("postgres/catalog/partitions")),
            guarded(sql::text("postgres/catalog/tables")),
            guarded(sql::text("postgres/catalog/schemas")),
        );
        self.round_trips += 4;
        let mut tx = self
            .client
            .build_transaction()
            .read_only(true)
            .start()
            .map_err(classify)?;
        self.round_trips += 1;
        limit_read(&mut tx)?;
        let ts_rows = tx.query(ts_q.sql(), &[]).map_err(classify)?;
        let part_rows = tx.query(part_q.sql(), &[&schemas]).map_err(classify)?;
        let table_rows = tx.query(table_q.sql(), &[&schemas]).map_err(classify)?;
        let schema_rows = tx.query(schema_q.sql(), &[]).map_err(classify)?;
        let carried = read_carried(&mut tx, &schemas)?;
        let templates = read_templates(&mut tx)?;
        self.round_trips += 2 + if templates.is_empty() { 0 } else { 2 };
        tx.rollback().map_err(classify)?;

        let mut catalog = Catalog {
            schemas: schema_rows.iter().map(|r| r.get("name")).collect(),
            connected_as: schema_rows.first().map(|r| r.get("connected_as")),
            ..Catalog::default()
        };
        for r in ts_rows {
            let location: String = r.get("location");
            catalog.tablespaces.push(Tablespace {
                name: r.get("name"),
                location: Some(location),
                files: Vec::new(),
                bigfile: false,
                block_size: None,
                status: None,
            });
        }
        // Rows arrive unordered (sorting 26,000 wide rows on the server spilled to disk).
        let mut index: std::collections::HashMap<(String, String), usize> = Default::default();
        for r in part_rows {
            let schema: String = r.get("schema_name");
            let name: String = r.get("table_name");
            let key = (schema, name);
            let at = match index.get(&key) {
                Some(&i) => i,
                None => {
                    index.insert(key.clone(), catalog.tables.len());
                    let (schema, name) = key;
                    let key_count: i16 = r.get("key_count");
                    let key_column: String = r.get("key_column");
                    catalog.tables.push(Table {
                        schema: schema.clone(),
                        name: name.clone(),
                        strategy: r
                            .get::<_, Option<String>>("strategy")
                            .unwrap_or_else(|| "other".into()),
                        key_columns: if key_count == 1 && !key_column.is_empty() {
                            vec![key_column]
                        } else {
                            Vec::new()
                        },
                        key_type: r.get("key_type"),
                        key_expression: None,
                        interval: None,
                        partitions: Vec::new(),
                        ..Default::default()
                    });
                    catalog.tables.len() - 1
                }
            };
            let Some(part_name) = r.get::<_, Option<String>>("partition_name") else {
                continue;
            };
            let bound: String = r.get::<_, Option<String>>("bound").unwrap_or_default();
            let key_type = catalog.tables[at].key_type.clone();
            let read = dialect::Postgres.read_bound(&bound, &key_type);
            let (lower, upper, is_default) = (read.lower, read.upper, read.is_default);
            let tablespace: String = r.get("tablespace");
            catalog.tables[at].partitions.push(Partition {
                high_value: Some(bound),
                name: part_name,
                lower,
                upper,
                is_default,
                tablespace: (!tablespace.is_empty()).then_some(tablespace),
                subpartitioned: r.get("subpartitioned"),
                default_bytes: r
                    .get::<_, Option<i64>>("default_bytes")
                    .map(|b| b.max(0) as u64),
                carried: None,
            });
        }
        catalog
            .tables
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        for t in &mut catalog.tables {
            t.partitions.sort_by(|a, b| a.name.cmp(&b.name));
        }
        attach_carried(&mut catalog, carried, templates);
        for r in table_rows {
            catalog.tables.push(Table {
                schema: r.get("schema_name"),
                name: r.get("table_name"),
                strategy: "none".into(),
                key_columns: Vec::new(),
                key_type: String::new(),
                key_expression: None,
                interval: None,
                partitions: Vec::new(),
                ..Default::default()
            });
        }
        Ok(catalog)
    }

    fn server_directory_exists(&mut self, path: &str) -> Option<bool> {
        let q = guard::query(sql::text("postgres/directory_exists")).expect("fixed query");
        let rows = self.query(&q, &[Param::Text(path.to_string())]).ok()?;
        let v = rows.rows.first()?.first()?.clone();
        Some(v.as_bool().unwrap_or(false))
    }

    fn round_trips(&self) -> u64 {
        self.round_trips
    }

    fn identity(&mut self) -> Result<Identity, DbError> {
        let q = guard::query(sql::text("postgres/identity")).expect("fixed query passes the guard");
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
        let s = guard::session(sql::text("postgres/session/run_lock"))
            .expect("fixed statement passes the guard");
        let row = self.client.query_one(s.sql(), &[&key]).map_err(classify)?;
        Ok(row.get::<_, bool>(0))
    }

    fn set_lock_timeout(&mut self, seconds: u32) -> Result<(), DbError> {
        let s = guard::session(&sql::render(
            "postgres/session/lock_timeout",
            serde_json::json!({"seconds": seconds}),
        ))
        .expect("fixed statement passes the guard");
        self.execute(&s)
    }
}
