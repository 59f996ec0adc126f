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
    /// PostgreSQL: created UNLOGGED, like its siblings.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unlogged: bool,
    /// PostgreSQL: storage options its siblings have (fillfactor=70).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Oracle: where its local index partitions and LOB segments go.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
    /// Oracle composite tables without a subpartition template: its subpartitions, like the
    /// newest partition's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subparts: Vec<NewSubPart>,
    /// Oracle and MariaDB: its attribute clauses, like its siblings' (`PCTFREE 0`, `COMPRESS
    /// FOR OLTP`, `COMMENT = 'hot'`), in statement order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clauses: Vec<String>,
    /// Oracle, `copy_stats: true`: the partition whose optimizer statistics it gets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats_from: Option<String>,
}

/// Oracle: one subpartition of a new composite partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewSubPart {
    /// None: Oracle names it (the model's were system-named).
    pub name: Option<String>,
    /// `VALUES ('WX', 'ZFB')`, `VALUES (DEFAULT)`, `VALUES LESS THAN (…)`, or empty (hash).
    pub values: String,
    pub tablespace: Option<String>,
}

/// Oracle: a new partition's local index partition or LOB segment, placed where this year's
/// went, moved to next year's tablespace when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub kind: crate::model::catalog::SegmentKind,
    /// The index's owner (the table's owner for a LOB).
    pub owner: String,
    /// The index or the LOB column.
    pub name: String,
    pub tablespace: String,
    /// Index partitions of a split: where the split tail's own index partition stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tail_tablespace: Option<String>,
}

/// An Oracle index as the catalog spells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexRef {
    pub owner: String,
    pub name: String,
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
    /// Oracle: datafiles, every size and autoextend setting given explicitly, and the extent
    /// and segment space management of this year's tablespace (when read).
    Datafiles {
        bigfile: bool,
        block_size: Option<u64>,
        files: Vec<NewFile>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        extents: Option<crate::model::catalog::Extents>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        segment_space: Option<String>,
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
    /// PostgreSQL: the new child created on its own, shaped like its parent (`CREATE TABLE child
    /// (LIKE parent …)`): no lock on the parent that would queue the hospital's inserts.
    CreateStandalone { table: TableRef, part: NewPart },
    /// PostgreSQL: that child attached with its bounds (`ALTER TABLE parent ATTACH PARTITION`),
    /// which locks the parent SHARE UPDATE EXCLUSIVE only; same transaction as its creation.
    AttachPartition {
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
    /// Oracle 12c+: one SPLIT of the tail INTO all the new partitions, each with its upper bound,
    /// the tail last and unchanged (SQL Language Reference, split_table_partition: INTO
    /// (range_partition_desc, …, partition)).
    SplitTailMany {
        table: TableRef,
        key: KeyCodec,
        tail: String,
        parts: Vec<NewPart>,
    },
    /// PostgreSQL: an index a new child carries like its siblings (`rest` follows `ON table`:
    /// `USING btree (bill_no) WHERE …`).
    CreateIndex {
        table: TableRef,
        name: String,
        unique: bool,
        rest: String,
        tablespace: Option<String>,
    },
    /// PostgreSQL: a constraint a new child carries like its siblings.
    AddConstraint {
        table: TableRef,
        name: String,
        definition: String,
    },
    /// PostgreSQL: privileges a new child's siblings grant (grantee "" is PUBLIC).
    Grant {
        table: TableRef,
        privileges: Vec<String>,
        grantee: String,
    },
    /// PostgreSQL: the owner of a new child's siblings.
    SetOwner { table: TableRef, owner: String },
    /// PostgreSQL: row-level security as every sibling has it (`ENABLE`, or `FORCE` too).
    RowSecurity { table: TableRef, force: bool },
    /// PostgreSQL: a row trigger every sibling defines on itself (`events` before `ON`, `tail`
    /// after the table: `FOR EACH ROW [WHEN (…)] EXECUTE FUNCTION f(…)`).
    CreateTrigger {
        table: TableRef,
        name: String,
        events: String,
        tail: String,
    },
    /// PostgreSQL: that trigger's state when it is not plainly enabled (D, R or A).
    TriggerState {
        table: TableRef,
        name: String,
        state: char,
    },
    /// PostgreSQL: a comment every sibling has on itself or one of its columns.
    Comment {
        table: TableRef,
        column: Option<String>,
        text: String,
    },
    /// PostgreSQL: a policy every sibling has; `body` follows `ON table`
    /// (`AS PERMISSIVE FOR SELECT TO "report" USING (…)`).
    CreatePolicy {
        table: TableRef,
        name: String,
        body: String,
    },
    /// Oracle: where a local index puts the partitions ADD PARTITION creates from now on (its
    /// DEF_TABLESPACE_NAME), so the new year's go to the new year's index tablespace.
    IndexDefaultTablespace {
        table: TableRef,
        index: IndexRef,
        tablespace: String,
    },
    /// Oracle: a local index partition a SPLIT of this unit created, placed in its tablespace
    /// (one index can be placed inside the SPLIT itself; the others are placed after it).
    RebuildIndexPartition {
        table: TableRef,
        index: IndexRef,
        /// The new table partition: its local index partition has the same name.
        partition: TableRef,
        tablespace: String,
    },
    /// Oracle: the optimizer statistics of the newest existing partition copied to a partition
    /// this unit created (DBMS_STATS.COPY_TABLE_STATS), so plans do not flip on the first morning.
    CopyStats {
        table: TableRef,
        source: String,
        /// The new partition (schema, partition name).
        partition: TableRef,
    },
    /// MySQL/MariaDB: REORGANIZE the MAXVALUE (or finite catch-all) partition into the new
    /// ones and itself, keeping its own upper bound.
    ReorganizeTail {
        table: TableRef,
        key: KeyCodec,
        tail: String,
        /// A catch-all's own upper bound; None for MAXVALUE.
        tail_upper: Option<Bound>,
        /// Its DATA DIRECTORY, kept: a rebuilt tail never moves.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tail_directory: Option<String>,
        /// Its own COMMENT, restated: a rebuilt tail keeps it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tail_clauses: Vec<String>,
        parts: Vec<NewPart>,
    },
}

/// The statement shapes the guard knows, one per change kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    CreateTablespace,
    CreatePartitionOf,
    CreateStandalone,
    AttachPartition,
    AddPartition,
    SplitPartition,
    ReorganizePartition,
    CreateIndex,
    AddConstraint,
    Grant,
    SetOwner,
    RowSecurity,
    CreatePolicy,
    Comment,
    CreateTrigger,
    TriggerState,
    IndexDefaultTablespace,
    RebuildIndexPartition,
    CopyStats,
}

impl Shape {
    /// The statement shape as SQL words (never the Rust name), for a refusal a person reads.
    pub fn words(self) -> &'static str {
        match self {
            Shape::CreateTablespace => "CREATE TABLESPACE",
            Shape::CreatePartitionOf => "CREATE TABLE … PARTITION OF",
            Shape::CreateStandalone => "CREATE TABLE (LIKE …)",
            Shape::AttachPartition => "ATTACH PARTITION",
            Shape::AddPartition => "ADD PARTITION",
            Shape::SplitPartition => "SPLIT PARTITION",
            Shape::ReorganizePartition => "REORGANIZE PARTITION",
            Shape::CreateIndex => "CREATE INDEX",
            Shape::AddConstraint => "ADD CONSTRAINT",
            Shape::Grant => "GRANT",
            Shape::SetOwner => "OWNER TO",
            Shape::RowSecurity => "ROW LEVEL SECURITY",
            Shape::CreatePolicy => "CREATE POLICY",
            Shape::Comment => "COMMENT ON",
            Shape::CreateTrigger => "CREATE TRIGGER",
            Shape::TriggerState => "ENABLE / DISABLE TRIGGER",
            Shape::IndexDefaultTablespace => "MODIFY DEFAULT ATTRIBUTES",
            Shape::RebuildIndexPartition => "REBUILD PARTITION",
            Shape::CopyStats => "DBMS_STATS.COPY_TABLE_STATS",
        }
    }
}

impl Change {
    /// The shapes a rendering of this change may have.
    pub fn shapes(&self) -> &'static [Shape] {
        match self {
            Change::CreateTablespace { .. } => &[Shape::CreateTablespace],
            Change::AddPartition { .. } => &[Shape::CreatePartitionOf, Shape::AddPartition],
            Change::CreateStandalone { .. } => &[Shape::CreateStandalone],
            Change::AttachPartition { .. } => &[Shape::AttachPartition],
            Change::AddPartitions { .. } => &[Shape::AddPartition],
            Change::SplitTail { .. } | Change::SplitTailMany { .. } => &[Shape::SplitPartition],
            Change::ReorganizeTail { .. } => &[Shape::ReorganizePartition],
            Change::CreateIndex { .. } => &[Shape::CreateIndex],
            Change::AddConstraint { .. } => &[Shape::AddConstraint],
            Change::Grant { .. } => &[Shape::Grant],
            Change::SetOwner { .. } => &[Shape::SetOwner],
            Change::RowSecurity { .. } => &[Shape::RowSecurity],
            Change::CreatePolicy { .. } => &[Shape::CreatePolicy],
            Change::Comment { .. } => &[Shape::Comment],
            Change::CreateTrigger { .. } => &[Shape::CreateTrigger],
            Change::TriggerState { .. } => &[Shape::TriggerState],
            Change::IndexDefaultTablespace { .. } => &[Shape::IndexDefaultTablespace],
            Change::RebuildIndexPartition { .. } => &[Shape::RebuildIndexPartition],
            Change::CopyStats { .. } => &[Shape::CopyStats],
        }
    }

    /// The partitions this change creates (none for most).
    /// How many partitions this change makes (MySQL's REORGANIZE and ADD PARTITION list several).
    pub fn new_partitions(&self) -> usize {
        match self {
            Change::AddPartitions { parts, .. }
            | Change::ReorganizeTail { parts, .. }
            | Change::SplitTailMany { parts, .. } => parts.len(),
            Change::AddPartition { .. }
            | Change::SplitTail { .. }
            | Change::CreateStandalone { .. } => 1,
            _ => 0,
        }
    }

    pub fn creates(&self) -> Vec<TableRef> {
        let of = |table: &TableRef, part: &NewPart| TableRef {
            schema: table.schema.clone(),
            name: part.name.clone(),
        };
        match self {
            Change::AddPartition { table, part, .. }
            | Change::SplitTail { table, part, .. }
            | Change::CreateStandalone { table, part } => vec![of(table, part)],
            Change::SplitTailMany { table, parts, .. } => {
                parts.iter().map(|p| of(table, p)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The table a property change applies to: it must be a partition this unit created.
    pub fn carried_onto(&self) -> Option<&TableRef> {
        match self {
            Change::CreateIndex { table, .. }
            | Change::AddConstraint { table, .. }
            | Change::Grant { table, .. }
            | Change::SetOwner { table, .. }
            | Change::RowSecurity { table, .. }
            | Change::CreatePolicy { table, .. }
            | Change::Comment { table, .. }
            | Change::CreateTrigger { table, .. }
            | Change::TriggerState { table, .. } => Some(table),
            Change::RebuildIndexPartition { partition, .. }
            | Change::CopyStats { partition, .. } => Some(partition),
            _ => None,
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
