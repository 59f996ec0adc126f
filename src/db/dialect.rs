//! What differs between databases in the SQL yearend writes: quoting, literals of each key codec,
//! the changes that extend a table, the one statement each change renders to, how a partition
//! bound reads, and whether DDL is transactional. One implementation per dialect, beside its driver.

use crate::coverage::carry::Carry;
use crate::model::catalog::Bound;
use crate::model::change::{Change, NewPart, TableRef};
use crate::model::dialect::Dialect;
use crate::model::key_codec::KeyCodec;

/// A partition bound as the catalog holds it, read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadBound {
    /// The lower bound where the dialect stores one (PostgreSQL).
    pub lower: Option<Bound>,
    pub upper: Bound,
    /// A PostgreSQL DEFAULT partition.
    pub is_default: bool,
}

/// What a tail partition keeps of its own when MariaDB's REORGANIZE rebuilds it from the
/// statement: its DATA DIRECTORY and its attribute clauses (`COMMENT = '…'`).
#[derive(Debug, Default, Clone, Copy)]
pub struct Kept<'a> {
    pub directory: Option<&'a str>,
    pub clauses: &'a [String],
}

pub trait SqlDialect: Sync {
    fn dialect(&self) -> Dialect;

    /// An identifier quoted exactly as the catalog spells it.
    fn quote(&self, name: &str) -> String {
        crate::sql::name::quote(self.dialect(), name)
    }

    fn qualified(&self, table: &TableRef) -> String {
        format!("{}.{}", self.quote(&table.schema), self.quote(&table.name))
    }

    /// A finite bound as a literal of the key's type (never a string in a session format).
    fn literal(&self, key: KeyCodec, bound: &Bound) -> String;

    /// The changes that add `parts` (in order) to a table whose tail partition, if any, is
    /// `tail`: its name, its own upper bound when it is a finite catch-all (… 2100-01-01)
    /// rather than MAXVALUE, and what it keeps when it is rebuilt (MariaDB).
    fn extension(
        &self,
        table: &TableRef,
        key: KeyCodec,
        parts: &[NewPart],
        tail: Option<(&str, Option<&Bound>, Kept)>,
        carry: &Carry,
    ) -> Vec<Change>;

    /// The one statement a change renders to.
    fn render(&self, change: &Change) -> String;

    /// Whether DDL can be rolled back here (PostgreSQL yes; MySQL and Oracle commit each DDL).
    fn transactional_ddl(&self) -> bool;

    /// A partition bound as the catalog prints it, for a key of this declared type.
    fn read_bound(&self, text: &str, key_type: &str) -> ReadBound;
}

/// Text and numbers are written the same way in every dialect.
pub fn plain_literal(bound: &Bound) -> String {
    match bound {
        Bound::Int(n) => n.to_string(),
        Bound::Text(t) => crate::sql::name::string_literal(t),
        Bound::Date(d) => format!("'{d}'"),
        Bound::Wall(w) => format!("'{}'", w.format("%Y-%m-%d %H:%M:%S")),
        other => unreachable!("new partitions have finite bounds, not {other:?}"),
    }
}
