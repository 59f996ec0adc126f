//! The vocabulary every stage shares: pure types, no I/O, no SQL text.

pub mod catalog;
pub mod change;
pub mod dialect;
pub mod glob;
pub mod key_codec;
pub mod param;
pub mod period;
pub mod status;
pub mod time;
