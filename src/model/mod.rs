//! The vocabulary every stage shares: pure types, no I/O, no SQL text.

pub mod catalog;
pub mod dialect;
pub mod key_codec;
pub mod param;
pub mod period;
pub mod status;
pub mod time;
