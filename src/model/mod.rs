//! The vocabulary every stage shares: pure types, no I/O, no SQL text.

pub mod dialect;
pub mod param;
pub mod status;
