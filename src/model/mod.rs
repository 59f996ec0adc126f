//! Below every stage: the shared vocabulary (catalog, changes, periods, statuses). Uses i18n only;
//! no I/O, no SQL text.
//!
//! The vocabulary every stage shares: pure types, no I/O, no SQL text.

pub mod ask;
pub mod catalog;
pub mod change;
pub mod dialect;
pub mod glob;
pub mod key_codec;
pub mod param;
pub mod period;
pub mod status;
pub mod time;
