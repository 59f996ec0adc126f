//! Stage 4, guard: the allow-list between every statement and a database. May use model, sql and
//! i18n only: nothing that executes, reads files of a plan or records.
//!
//! The one allow-list every statement passes before it reaches a database (DESIGN.md §4).
//!
//! A `Guarded` statement can only be made here; the database traits take nothing else. yearend's
//! own DDL arrives as a typed change with its rendering, and is allowed when the text has exactly
//! the shape of that change's kind (`ddl.rs`); queries must be one read-only SELECT (`query.rs`);
//! session statements are lock timeouts and run locks (`session.rs`). Everything else is refused,
//! and the words that could hurt a hospital's data (DROP, MERGE, RESIZE, …) are refused with a
//! reason of their own (`lexer.rs`).

mod comments;
mod ddl;
mod functions;
mod lexer;
mod objects;
mod parsed;
mod plan_query;
mod policy;
mod query;
mod relations;
mod session;
mod tables;

pub use ddl::{change, ddl};
pub use objects::{created, Created};
pub use parsed::only_reads as parsed_only_reads;
pub use plan_query::{plan_query, PlanQuery};
pub use query::query;
pub use relations::Relation;
pub use session::session;
pub use tables::{in_scope, resolved_in_scope, Scope};

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// One read-only SELECT / WITH query.
    Query,
    /// CREATE TABLESPACE, new partitions (CREATE … PARTITION OF, ADD, SPLIT or REORGANIZE of the tail).
    Ddl,
    /// Lock timeouts and the run lock.
    Session,
}

/// A statement that passed the guard. Only this module can make one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guarded {
    sql: String,
    class: Class,
}

impl Guarded {
    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn class(&self) -> Class {
        self.class
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub reason: String,
    pub excerpt: String,
    /// The word refused, as written, when one word is the cause (to find its line).
    pub construct: Option<String>,
}

pub(crate) fn refuse(sql: &str, reason: impl Into<String>) -> Refused {
    let mut excerpt: String = sql.chars().take(240).collect();
    if excerpt.len() < sql.len() {
        excerpt.push('…');
    }
    Refused {
        reason: reason.into(),
        excerpt,
        construct: None,
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = crate::msg!(
            "guard-refused",
            reason = self.reason.clone(),
            excerpt = self.excerpt.clone()
        );
        f.write_str(&text.render())
    }
}

impl std::error::Error for Refused {}

impl fmt::Display for Guarded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sql)
    }
}
