//! Stage 5, execute: guarded statements sent to the database, one transaction per table where the database
//! allows, each journaled before it is sent; lock waits retried. Uses db, guard, record, platform.
//! May not use steps, evidence or app: a step asks for a unit to be applied, this stage applies it.

pub mod apply;
pub mod statement_io;
pub mod transaction;
