//! Typed decisions: what a step wants done to the database, before any SQL text exists. A step
//! returns units of work (one per table, one per tablespace) holding changes; one `SqlDialect`
//! per database renders each change as exactly one statement, the guard checks the change's kind
//! against the rendered shape, and the engine applies the unit.

use crate::model::catalog::Bound;
use crate::model::key_codec::KeyCodec;
use serde::Serialize;

/// A table as the catalog spells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableRef {
    pub schema: String,
    pub name: String,
}

impl TableRef {
    pub fn full_name(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }
}

/// One new partition: its name, its bounds as the key encodes them, where it goes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewPart {
    pub name: String,
    pub lower: Bound,
    pub upper: Bound,
    pub tablespace: Option<String>,
}

/// A datafile of a new Oracle tablespace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewFile {
    /// The file name, the ASM disk group (`+DATA`), or none (Oracle-managed files).
    pub path: Option<String>,
    pub size_bytes: u64,
    pub autoextend: Option<Autoextend>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Autoextend {
    pub next_bytes: u64,
    /// None: UNLIMITED.
    pub max_bytes: Option<u64>,
}

/// Where a new tablespace's storage is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TablespaceStorage {
    /// PostgreSQL: an empty directory owned by the server.
    Directory(String),
    /// Oracle: datafiles, every size and autoextend setting given explicitly.
    Datafiles {
        bigfile: bool,
        block_size: Option<u64>,
        files: Vec<NewFile>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    CreateTablespace {
        name: String,
        storage: TablespaceStorage,
    },
    /// PostgreSQL: CREATE TABLE … PARTITION OF; Oracle: ADD PARTITION after the last one.
    AddPartition {
        table: TableRef,
        key: KeyCodec,
        part: NewPart,
    },
    /// MySQL/MariaDB: ADD PARTITION (…) of several partitions after the last one.
    AddPartitions {
        table: TableRef,
        key: KeyCodec,
        parts: Vec<NewPart>,
    },
    /// Oracle: SPLIT the MAXVALUE partition at the new partition's upper bound; the lower half
    /// is the new partition, the tail survives.
    SplitTail {
        table: TableRef,
        key: KeyCodec,
        tail: String,
        part: NewPart,
    },
    /// MySQL/MariaDB: REORGANIZE the MAXVALUE (or finite catch-all) partition into the new
    /// ones and itself, keeping its own upper bound.
    ReorganizeTail {
        table: TableRef,
        key: KeyCodec,
        tail: String,
        /// A catch-all's own upper bound; None for MAXVALUE.
        tail_upper: Option<Bound>,
        parts: Vec<NewPart>,
    },
}

/// The statement shapes the guard knows, one per change kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    CreateTablespace,
    CreatePartitionOf,
    AddPartition,
    SplitPartition,
    ReorganizePartition,
}

impl Change {
    /// The shapes a rendering of this change may have.
    pub fn shapes(&self) -> &'static [Shape] {
        match self {
            Change::CreateTablespace { .. } => &[Shape::CreateTablespace],
            Change::AddPartition { .. } => &[Shape::CreatePartitionOf, Shape::AddPartition],
            Change::AddPartitions { .. } => &[Shape::AddPartition],
            Change::SplitTail { .. } => &[Shape::SplitPartition],
            Change::ReorganizeTail { .. } => &[Shape::ReorganizePartition],
        }
    }
}

/// Work on one object (a table, a tablespace): its changes in order. On a database with
/// transactional DDL a unit can be one transaction; elsewhere each change stands alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// The object, as people name it: `schema.table` or the tablespace.
    pub target: String,
    pub changes: Vec<Change>,
}
