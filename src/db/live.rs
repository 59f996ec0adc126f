//! The one implementation of [`Database`] over any driver: every read the steps need, built from
//! yearend's own SQL files and the driver's three kinds of I/O (query, query together, execute).
//! A driver knows how to talk to its server; what to ask and how to read the answer lives here
//! and in [`super::catalog`].

use super::{
    catalog, cell, tail_rows_query, Database, DbError, Executor, Identity, Instance, Read, Reader,
    Rows, TailProbe,
};
use crate::guard::{self, Guarded};
use crate::model::catalog::{Catalog, ChildFacet};
use crate::model::dialect::Dialect;
use crate::model::param::Param;
use crate::sql;

/// A connected driver, seen as a [`Database`].
pub struct Live<D> {
    driver: D,
}

impl<D: Reader + Executor> Live<D> {
    pub fn new(driver: D) -> Live<D> {
        Live { driver }
    }

    /// One of yearend's own fixed queries (`sql/<dialect>/<name>.sql`), every value as text
    /// (NULL empty): what the clock, zone, lock-holder and standby reads share.
    fn text_rows(&mut self, name: &str, params: &[Param]) -> Result<Vec<Vec<String>>, DbError> {
        let name = format!("{}/{name}", self.driver.dialect().scheme());
        let q = guard::query(sql::text(&name)).expect("fixed queries pass the guard");
        let rows = self.driver.query(&q, params)?;
        Ok(rows
            .rows
            .iter()
            .map(|r| r.iter().map(catalog::value_text).collect())
            .collect())
    }

    fn postgres_only(&self) -> bool {
        self.driver.dialect() == Dialect::Postgres
    }
}

impl<D: Reader + Executor> Reader for Live<D> {
    fn dialect(&self) -> Dialect {
        self.driver.dialect()
    }
    fn query(&mut self, q: &Guarded, params: &[Param]) -> Result<Rows, DbError> {
        self.driver.query(q, params)
    }
    fn query_together(&mut self, reads: &[Read]) -> Result<Vec<Rows>, DbError> {
        self.driver.query_together(reads)
    }
    fn query_as(&mut self, q: &Guarded, params: &[Param], role: &str) -> Result<Rows, DbError> {
        self.driver.query_as(q, params, role)
    }
    fn round_trips(&self) -> u64 {
        self.driver.round_trips()
    }
    fn server_version(&self) -> Option<String> {
        self.driver.server_version()
    }
    fn plan_query(
        &mut self,
        q: &Guarded,
        params: &[Param],
        role: Option<&str>,
    ) -> Result<Rows, DbError> {
        self.driver.plan_query(q, params, role)
    }
}

impl<D: Reader + Executor> Executor for Live<D> {
    fn execute(&mut self, statement: &Guarded) -> Result<(), DbError> {
        self.driver.execute(statement)
    }
    fn try_run_lock(&mut self, key: &str) -> Result<bool, DbError> {
        self.driver.try_run_lock(key)
    }
    fn still_holds_run_lock(&mut self) -> Result<bool, DbError> {
        self.driver.still_holds_run_lock()
    }
}

impl<D: Reader + Executor> Database for Live<D> {
    fn inspect(&mut self, schemas: &[String]) -> Result<Catalog, DbError> {
        catalog::read(&mut self.driver, schemas)
    }

    fn child_facets(
        &mut self,
        oids: &[u32],
        parameters: &std::collections::BTreeMap<String, String>,
    ) -> Result<Option<Vec<ChildFacet>>, DbError> {
        if !self.postgres_only() {
            return Ok(None);
        }
        if oids.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let read = catalog::postgres::facet_read(oids, parameters).map_err(DbError::Other)?;
        let mut out = Vec::new();
        for rows in self.driver.query_together(&[read])? {
            for r in rows.rows {
                let r: Vec<String> = r.iter().map(catalog::value_text).collect();
                let Ok([oids, kind, ident, detail, flags]) = <[String; 5]>::try_from(r) else {
                    return Err(DbError::Other("a facet row without 5 columns".into()));
                };
                let oids = oids
                    .split(',')
                    .map(|o| o.parse())
                    .collect::<Result<Vec<u32>, _>>()
                    .map_err(|_| DbError::Other(format!("unreadable oids `{oids}`")))?;
                out.push(ChildFacet {
                    oids,
                    kind,
                    ident,
                    detail,
                    flags,
                });
            }
        }
        Ok(Some(out))
    }

    fn tail_rows(&mut self, probes: &[TailProbe]) -> Result<Vec<u64>, DbError> {
        if probes.is_empty() {
            return Ok(Vec::new());
        }
        let (sql, params) = tail_rows_query(self.driver.dialect(), probes);
        let q = guard::query(&sql).map_err(|e| DbError::Other(e.to_string()))?;
        let rows = self.driver.query(&q, &params)?;
        let mut counts = vec![0; probes.len()];
        for row in rows.rows {
            let i = row[0].as_u64().unwrap_or(0) as usize;
            counts[i] = row[1].as_u64().unwrap_or(0);
        }
        Ok(counts)
    }

    fn server_directory_exists(&mut self, path: &str) -> Option<bool> {
        if !self.postgres_only() {
            return None;
        }
        let rows = self
            .text_rows("directory_exists", &[Param::Text(path.to_string())])
            .ok()?;
        Some(cell(rows.first(), 0) == "true")
    }

    fn server_now(&mut self) -> Result<chrono::DateTime<chrono::Utc>, DbError> {
        let rows = self.text_rows("server_now", &[])?;
        let text = cell(rows.first(), 0);
        chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S%.f")
            .map(|t| t.and_utc())
            .map_err(|_| DbError::Other(format!("unreadable server time `{text}`")))
    }

    fn server_zone(&mut self) -> Result<(String, i32), DbError> {
        let rows = self.text_rows("server_zone", &[])?;
        let (zone, offset) = (cell(rows.first(), 0), cell(rows.first(), 1));
        let seconds = offset
            .trim()
            .parse::<f64>()
            .map_err(|_| DbError::Other(format!("unreadable server zone offset `{offset}`")))?;
        Ok((zone, seconds.round() as i32))
    }

    fn lock_holders(&mut self, target: &str) -> Result<Vec<String>, DbError> {
        if !self.postgres_only() {
            return Ok(Vec::new());
        }
        let rows = self.text_rows("lock_holders", &[Param::Text(target.to_string())])?;
        Ok(rows
            .iter()
            .map(|r| {
                let f = |i| cell(Some(r), i);
                // Shown in the site's zone, like every time a person reads.
                let since = chrono::NaiveDateTime::parse_from_str(&f(4), "%Y-%m-%d %H:%M:%S")
                    .map(|t| crate::model::time::local_text(t.and_utc()))
                    .unwrap_or_else(|_| f(4));
                format!(
                    "pid {}, user {}, application {}, {} since {since}",
                    f(0),
                    f(1),
                    f(2),
                    f(3),
                )
            })
            .collect())
    }

    fn standbys(&mut self) -> Result<Vec<String>, DbError> {
        if !self.postgres_only() {
            return Ok(Vec::new());
        }
        let rows = self.text_rows("standbys", &[])?;
        Ok(rows
            .iter()
            .map(|r| {
                let f = |i| cell(Some(r), i);
                format!("{} ({}, {})", f(0), f(1), f(2))
            })
            .collect())
    }

    fn identity(&mut self) -> Result<Identity, DbError> {
        let name = format!("{}/identity", self.driver.dialect().scheme());
        let q = guard::query(sql::text(&name)).expect("fixed queries pass the guard");
        let rows = self.driver.query(&q, &[])?;
        let row = rows
            .rows
            .first()
            .ok_or_else(|| DbError::Other("the server returned no identity row".into()))?;
        let column = |name: &str| {
            rows.column(name)
                .map(|i| catalog::value_text(&row[i]))
                .filter(|t| !t.is_empty())
        };
        // Oracle names the database by DB_NAME/SERVICE_NAME; its full release comes from the
        // client library (V$INSTANCE.VERSION says 19.0.0.0.0 for every 19c).
        let name = match column("service") {
            Some(service) => format!("{}/{service}", column("name").unwrap_or_default()),
            None => column("name").unwrap_or_default(),
        };
        let version = column("version")
            .or_else(|| self.driver.server_version())
            .unwrap_or_default();
        Ok(Identity {
            dialect: self.driver.dialect(),
            name,
            version,
        })
    }

    fn resolve_relation(
        &mut self,
        name: &str,
        role: Option<&str>,
    ) -> Result<Option<String>, DbError> {
        match self.driver.dialect() {
            Dialect::Postgres => {
                let q = guard::query(sql::text("postgres/resolve_relation"))
                    .expect("fixed queries pass the guard");
                let params = [Param::Text(name.to_string())];
                let rows = match role {
                    Some(r) => self.driver.query_as(&q, &params, r)?,
                    None => self.driver.query(&q, &params)?,
                };
                Ok(rows
                    .rows
                    .first()
                    .map(|r| catalog::value_text(&r[0]))
                    .filter(|s| !s.is_empty()))
            }
            // An unqualified name is a table of the connection's current database.
            Dialect::Mysql => Ok(Some(self.identity()?.name).filter(|s| !s.is_empty())),
            Dialect::Oracle => Ok(None),
        }
    }

    fn instances(&mut self) -> Result<Vec<Instance>, DbError> {
        if self.driver.dialect() != Dialect::Oracle {
            return Ok(Vec::new());
        }
        let rows = self.text_rows("instances", &[])?;
        if rows.len() < 2 {
            return Ok(Vec::new());
        }
        Ok(rows
            .iter()
            .map(|r| Instance {
                name: cell(Some(r), 0),
                host: cell(Some(r), 1),
                current: cell(Some(r), 2) == "Y",
            })
            .collect())
    }

    fn set_lock_timeout(&mut self, seconds: u32) -> Result<(), DbError> {
        let name = format!("{}/session/lock_timeout", self.driver.dialect().scheme());
        let text = sql::render(&name, serde_json::json!({ "seconds": seconds }));
        let s = guard::session(&text).expect("fixed session statements pass the guard");
        self.driver.execute(&s)
    }
}
