//! `yearend snapshot`: a read-only dump of what the tool reads from a database, and the offline
//! database that `plan --snapshot` plans from, so the tech center reviews a hospital's exact
//! statements without access to it. Nothing can execute against a snapshot.

use super::{Database, DbError, Executor, Identity, Read, Reader, Rows, TailProbe};
use crate::guard::Guarded;
use crate::model::catalog::{Bound, Catalog, ChildFacet};
use crate::model::dialect::Dialect;
use crate::model::param::Param;
use crate::msg;
use crate::platform::error;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub format: u32,
    pub taken_at: DateTime<Utc>,
    pub tool_version: String,
    pub site_code: String,
    pub hospital: String,
    pub identity: Identity,
    pub schemas: Vec<String>,
    /// The database server's clock when the snapshot was taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_time: Option<DateTime<Utc>>,
    pub catalog: Catalog,
    /// Rows in each DEFAULT / MAXVALUE partition, keyed `schema.table.partition`.
    #[serde(default)]
    pub tail_rows: BTreeMap<String, u64>,
}

pub fn tail_key(schema: &str, table: &str, partition: &str) -> String {
    format!("{schema}.{table}.{partition}")
}

/// Read everything `plan` reads, in the same bulk queries; nothing is written to the database.
/// Which hospital a snapshot is of.
pub struct Of<'a> {
    pub site_code: &'a str,
    pub hospital: &'a str,
    pub schemas: &'a [String],
}

pub fn take(db: &mut dyn Database, of: Of) -> anyhow::Result<Snapshot> {
    let schemas = of.schemas.to_vec();
    let identity = db.identity().map_err(|e| {
        error::runtime(msg!("err-identity-unreadable", cause = e.to_string()).render())
    })?;
    let catalog = db.inspect(&schemas).map_err(|e| {
        error::runtime(msg!("err-catalog-unreadable", cause = e.to_string()).render())
    })?;
    let probes: Vec<TailProbe> = catalog
        .tables
        .iter()
        .flat_map(|t| {
            t.partitions
                .iter()
                .filter(|p| p.is_default || p.upper == Bound::Max)
                .map(|p| TailProbe {
                    schema: t.schema.clone(),
                    table: t.name.clone(),
                    partition: p.name.clone(),
                    key_column: t.key_columns.first().cloned().unwrap_or_default(),
                    key_expression: None,
                    from: None,
                    to: None,
                })
        })
        .collect();
    let counts = db
        .tail_rows(&probes)
        .map_err(|e| error::runtime(msg!("snapshot-tail-rows", cause = e.to_string()).render()))?;
    let tail_rows = probes
        .iter()
        .zip(counts)
        .map(|(p, n)| (tail_key(&p.schema, &p.table, &p.partition), n))
        .collect();
    Ok(Snapshot {
        format: FORMAT,
        taken_at: Utc::now(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        site_code: of.site_code.to_string(),
        hospital: of.hospital.to_string(),
        identity,
        schemas,
        server_time: db.server_now().ok(),
        catalog,
        tail_rows,
    })
}

impl Snapshot {
    pub fn load(path: &Path) -> anyhow::Result<Snapshot> {
        let snap: Snapshot = crate::platform::jsonfile::load(path, "what-snapshot")?;
        if snap.format != FORMAT {
            return Err(error::input(
                msg!(
                    "snapshot-format",
                    path = path.display().to_string(),
                    got = snap.format,
                    want = FORMAT
                )
                .render(),
            ));
        }
        Ok(snap)
    }

    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        crate::platform::jsonfile::save(path, self)
    }
}

/// The database as the snapshot saw it. Reads come from the snapshot; nothing can execute.
pub struct SnapshotDb {
    snap: Snapshot,
}

impl SnapshotDb {
    pub fn new(snap: Snapshot) -> SnapshotDb {
        SnapshotDb { snap }
    }
}

const OFFLINE: &str = "offline plan from a snapshot: there is no live database";

impl Reader for SnapshotDb {
    fn dialect(&self) -> Dialect {
        self.snap.identity.dialect
    }

    fn query_together(&mut self, _reads: &[Read]) -> Result<Vec<Rows>, DbError> {
        Err(DbError::Other(format!("{OFFLINE}: queries cannot run")))
    }

    fn round_trips(&self) -> u64 {
        0
    }

    fn query(&mut self, _q: &Guarded, _params: &[Param]) -> Result<Rows, DbError> {
        Err(DbError::Other(format!(
            "{OFFLINE}: plan queries cannot run"
        )))
    }
}

impl Executor for SnapshotDb {
    fn execute(&mut self, _statement: &Guarded) -> Result<(), DbError> {
        Err(DbError::Other(format!(
            "{OFFLINE}: nothing can be executed"
        )))
    }

    fn try_run_lock(&mut self, _key: &str) -> Result<bool, DbError> {
        Err(DbError::Other(format!("{OFFLINE}: no run lock")))
    }
}

impl Database for SnapshotDb {
    fn inspect(&mut self, schemas: &[String]) -> Result<Catalog, DbError> {
        let held = |s: &String| self.snap.schemas.iter().any(|h| h.eq_ignore_ascii_case(s));
        if let Some(missing) = schemas.iter().find(|s| !held(s)) {
            return Err(DbError::Other(format!(
                "the snapshot holds the schemas {}, not {missing}: take a new snapshot with this site's schemas",
                self.snap.schemas.join(", ")
            )));
        }
        let mut catalog = self.snap.catalog.clone();
        catalog
            .tables
            .retain(|t| schemas.iter().any(|s| s.eq_ignore_ascii_case(&t.schema)));
        if self.snap.identity.dialect == Dialect::Oracle {
            crate::db::catalog::oracle::leave_out_recycled(&mut catalog);
        }
        // The raw bound text is the truth: read it with this version's reader.
        let sql = crate::db::sql_dialect(self.snap.identity.dialect);
        for t in catalog.tables.iter_mut() {
            for p in t.partitions.iter_mut() {
                if let Some(raw) = &p.high_value {
                    let read = sql.read_bound(raw, &t.key_type);
                    p.upper = read.upper;
                    if read.lower.is_some() || read.is_default {
                        p.lower = read.lower;
                        p.is_default = read.is_default;
                    }
                }
            }
        }
        Ok(catalog)
    }

    fn child_facets(
        &mut self,
        _oids: &[u32],
        _parameters: &BTreeMap<String, String>,
    ) -> Result<Option<Vec<ChildFacet>>, DbError> {
        Ok(None)
    }

    /// Whole-partition counts from the snapshot: an upper bound of the rows in the new months.
    fn tail_rows(&mut self, probes: &[TailProbe]) -> Result<Vec<u64>, DbError> {
        probes
            .iter()
            .map(|p| {
                self.snap
                    .tail_rows
                    .get(&tail_key(&p.schema, &p.table, &p.partition))
                    .copied()
                    .ok_or_else(|| {
                        DbError::Other(format!(
                            "the snapshot has no row count for {}.{} partition {}",
                            p.schema, p.table, p.partition
                        ))
                    })
            })
            .collect()
    }

    fn server_directory_exists(&mut self, _path: &str) -> Option<bool> {
        None
    }

    fn server_now(&mut self) -> Result<DateTime<Utc>, DbError> {
        Err(DbError::Other(format!("{OFFLINE}: no server clock")))
    }

    fn server_zone(&mut self) -> Result<(String, i32), DbError> {
        Err(DbError::Other(format!("{OFFLINE}: no server zone")))
    }

    /// Nothing runs against a snapshot, so nothing can wait on a lock.
    fn lock_holders(&mut self, _target: &str) -> Result<Vec<String>, DbError> {
        Ok(Vec::new())
    }

    fn standbys(&mut self) -> Result<Vec<String>, DbError> {
        match self.snap.identity.dialect {
            Dialect::Postgres => Err(DbError::Other(format!(
                "{OFFLINE}: pg_stat_replication cannot be read"
            ))),
            _ => Ok(Vec::new()),
        }
    }

    /// A snapshot holds one clock-less session: instances are not read offline.
    fn instances(&mut self) -> Result<Vec<super::Instance>, DbError> {
        Ok(Vec::new())
    }

    fn identity(&mut self) -> Result<Identity, DbError> {
        Ok(self.snap.identity.clone())
    }

    fn resolve_relation(
        &mut self,
        _name: &str,
        _role: Option<&str>,
    ) -> Result<Option<String>, DbError> {
        Ok(None)
    }

    fn set_lock_timeout(&mut self, _seconds: u32) -> Result<(), DbError> {
        Ok(())
    }
}
