//! The dialect-neutral catalog: tablespaces with their files, partitioned tables with their
//! partitions and bounds as read from the database (never computed).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Every user schema of the database (empty in snapshots taken before this was read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<String>,
    /// The database user yearend connects as (PostgreSQL: the owner of what it creates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_as: Option<String>,
    pub tablespaces: Vec<Tablespace>,
    pub tables: Vec<Table>,
    /// Oracle: server parameters the tablespace step needs (db_files, db_create_file_dest, …).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub parameters: std::collections::BTreeMap<String, String>,
    /// Oracle: how many datafiles the database has now (against db_files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datafile_count: Option<u64>,
    /// Longest identifier the server accepts, in bytes, when it differs by version (Oracle: 30
    /// before 12.2 or with COMPATIBLE below 12.2, else 128).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_identifier_bytes: Option<usize>,
    /// Oracle: where each schema's owner may store rows, by owner. `None` when not read (a
    /// snapshot taken by an older yearend): the quota check then says it did not run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotas: Option<std::collections::BTreeMap<String, Quota>>,
    /// Oracle: the ASM disk groups this instance sees (V$ASM_DISKGROUP), with the space new
    /// files may take. `None` when not read (an older snapshot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_groups: Option<Vec<DiskGroup>>,
    /// Oracle 12c+: the container this session is in (CON_ID 1 is the root, 2 the seed, above a
    /// PDB). `None` before 12c, or when not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
}

/// An ASM disk group and the space a new file may still take in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DiskGroup {
    /// As file names spell it: `+DATA`.
    pub name: String,
    /// USABLE_FILE_MB: free space after redundancy, what a new file may take.
    pub usable_bytes: u64,
}

/// Oracle multitenant: the session's container.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Container {
    pub id: u32,
    pub name: String,
}

impl Container {
    /// A pluggable database: V$DATAFILE and the backup views show only part of the CDB.
    pub fn is_pdb(&self) -> bool {
        self.id > 2
    }
}

/// Oracle: an owner's right to store rows (segments are created on the first insert, so a
/// missing quota fails the first invoice of 1 January with ORA-01950, not the DDL).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Quota {
    /// UNLIMITED TABLESPACE, granted directly or through roles.
    #[serde(default)]
    pub unlimited: bool,
    /// DBA_TS_QUOTAS.MAX_BYTES by tablespace: -1 is unlimited.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub tablespaces: std::collections::BTreeMap<String, i64>,
}

impl Quota {
    /// Whether rows may grow without bound in `tablespace`.
    pub fn unlimited_on(&self, tablespace: &str) -> bool {
        self.unlimited || self.tablespaces.get(tablespace) == Some(&-1)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tablespace {
    pub name: String,
    /// PostgreSQL: the LOCATION directory ("" for the built-in ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Oracle: datafiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<Datafile>,
    #[serde(default)]
    pub bigfile: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Oracle: how extents are allocated (next year's copies it); `None` when not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extents: Option<Extents>,
    /// Oracle: segment space management, AUTO or MANUAL; `None` when not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_space: Option<String>,
    /// Oracle: TDE-encrypted (DBA_TABLESPACES.ENCRYPTED).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub encrypted: bool,
}

/// Oracle extent management of a tablespace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Extents {
    /// Locally managed, sizes chosen by Oracle (ALLOCATION_TYPE SYSTEM).
    Autoallocate,
    /// Locally managed, every extent this many bytes.
    Uniform(u64),
    /// Dictionary-managed: no new tablespace should be made so.
    Dictionary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Datafile {
    pub path: String,
    pub bytes: u64,
    pub autoextend: bool,
    /// Autoextend increment in bytes.
    pub increment_bytes: u64,
    pub max_bytes: u64,
    /// The size the file was created with (V$DATAFILE.CREATE_BYTES), when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_bytes: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Date(NaiveDate),
    /// A point in time (PostgreSQL timestamptz), whatever zone the catalog printed it in.
    Instant(chrono::DateTime<chrono::Utc>),
    Int(i64),
    /// A quoted string bound (Oracle VARCHAR2 keys), without its quotes.
    Text(String),
    /// A wall time without zone that is not a midnight (timestamp / DATETIME keys whose bounds
    /// are another zone's midnights written as wall time: `2026-12-31 16:00:00`).
    Wall(chrono::NaiveDateTime),
    /// MAXVALUE, or a PostgreSQL DEFAULT partition.
    Max,
    Min,
    /// Read, but not understood: kept for the review message.
    Unparsed(String),
}

/// One index or constraint as the catalog defines it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Property {
    pub name: String,
    pub definition: String,
    /// Index: its tablespace ("" for the default); constraint: its type (p, u, c, x, f).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub extra: String,
}

/// What a partition (or pg_partman template table) carries of its own, beside what its parent
/// gives every child. PostgreSQL: the fields before `attributes`; Oracle and MariaDB: only
/// `attributes`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Carried {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Property>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Property>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default)]
    pub unlogged: bool,
    /// Storage options (fillfactor=70, autovacuum_enabled=false).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The grants, as PostgreSQL prints relacl ({role=arwd/grantor,…}); "" for the defaults.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub acl: String,
    /// The child's oid, by which its facets are read for the comparison with its siblings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oid: Option<u32>,
    /// Oracle and MariaDB: the partition's own attributes, each as the clause that sets it
    /// (`pctfree` → `PCTFREE 20`, `compression` → `COMPRESS FOR OLTP`, `comment` → `COMMENT =
    /// '…'`); a value starting with `?` was read but has no clause yearend can write.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

/// One row of what tells a PostgreSQL child from its siblings (`catalog/fingerprint.sql`), as
/// the server deparsed it: its own name and bounds are still in it. Children with the same
/// `pg_class` or column row share one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildFacet {
    pub oids: Vec<u32>,
    pub kind: String,
    pub ident: String,
    pub detail: String,
    pub flags: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partition {
    pub name: String,
    /// Lower bound where the dialect stores one (PostgreSQL); else the previous upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower: Option<Bound>,
    pub upper: Bound,
    /// The bound as the catalog prints it (Oracle HIGH_VALUE, PostgreSQL `FOR VALUES …`), for
    /// review, re-reading and translating the child's own range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_value: Option<String>,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tablespace: Option<String>,
    /// The partition is itself partitioned (subpartitions).
    #[serde(default)]
    pub subpartitioned: bool,
    /// PostgreSQL DEFAULT partitions: bytes on disk (0 proves there are no rows to count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_bytes: Option<u64>,
    /// PostgreSQL: what the partition carries of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried: Option<Carried>,
}

impl Partition {
    /// A partition known by its name and upper bound only; the rest as a catalog without it says.
    pub fn bounded(name: &str, upper: Bound) -> Partition {
        Partition {
            name: name.into(),
            lower: None,
            upper,
            high_value: None,
            is_default: false,
            tablespace: None,
            subpartitioned: false,
            default_bytes: None,
            carried: None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub schema: String,
    pub name: String,
    /// "range", "list", "hash", "interval", "reference", "none", …
    pub strategy: String,
    #[serde(default)]
    pub key_columns: Vec<String>,
    /// Data type of the key column as the catalog names it.
    #[serde(default)]
    pub key_type: String,
    /// The partition expression (MySQL), e.g. `to_days(`issue_date`)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_expression: Option<String>,
    /// Oracle interval, e.g. NUMTOYMINTERVAL(1,'MONTH').
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// Oracle: where new (interval) partitions go by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_tablespace: Option<String>,
    /// Oracle: indexes or index partitions of this table that are UNUSABLE.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unusable_indexes: Vec<String>,
    #[serde(default)]
    pub partitions: Vec<Partition>,
    /// Oracle: the local index partitions and LOB partitions of each table partition, by the
    /// table partition's position (1-based), where new partitions' segments follow.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<PartSegment>,
    /// Oracle composite tables: the subpartitioning (LIST, HASH, RANGE), whether a subpartition
    /// template exists, and the subpartitions of each partition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subpartitioning: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub subpartition_template: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subpartitions: Vec<SubPartition>,
    /// pg_partman's template table for this table, and what it carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<(String, Carried)>,
    /// pg_partman's part_config names this table: its maintenance creates children too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partman_managed: bool,
    /// Oracle: the attributes a partition added without clauses gets (DBA_PART_TABLES DEF_*),
    /// as in [`Carried::attributes`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub default_attributes: BTreeMap<String, String>,
}

/// Oracle: one subpartition of a composite table's partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubPartition {
    pub partition: String,
    pub name: String,
    pub position: u32,
    /// HIGH_VALUE as the catalog prints it: list values, DEFAULT, a range bound, or empty (hash).
    #[serde(default)]
    pub high_value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tablespace: Option<String>,
}

/// Oracle: the segments of a partition beside its table segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// A partition of a LOCAL index (named by the index).
    LocalIndex,
    /// A LOB partition (named by the LOB column).
    Lob,
}

/// One local index partition or LOB partition of a table partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartSegment {
    pub kind: SegmentKind,
    /// The index's owner (the table's owner for a LOB).
    pub owner: String,
    /// The index or the LOB column, as the catalog spells it.
    pub name: String,
    /// The table partition's position, 1-based (DBA_*_PARTITIONS.PARTITION_POSITION).
    pub position: u32,
    pub tablespace: String,
    /// Index partitions: USABLE or UNUSABLE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl Table {
    pub fn full_name(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }
}

/// Parse a date or timestamp literal at midnight: `2027-01-01`, `2027-01-01 00:00:00`.
pub fn parse_date_literal(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    match time {
        None => Some(d),
        Some(t) if t.trim_start_matches(['0', ':', '.']).is_empty() => Some(d),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_literals_at_midnight_only() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 1);
        assert_eq!(parse_date_literal("2027-01-01"), d);
        assert_eq!(parse_date_literal("2027-01-01 00:00:00"), d);
        assert_eq!(parse_date_literal("2027-01-01 08:00:00"), None);
        assert_eq!(parse_date_literal("2027-13-01"), None);
    }
}
