//! What applying statements needs, below both ways of applying them (one by one in `apply`, a
//! table's in one transaction in `transaction`): the I/O handles, the crash points the
//! crash/resume tests stop at, and the error of a table that stayed locked.

use crate::db::Database;
use crate::journal::Journal;
use crate::output::Out;
use std::time::Duration;

/// What one statement needs besides itself.
pub struct Io<'a> {
    pub db: &'a mut dyn Database,
    pub journal: &'a mut Journal,
    pub out: &'a mut Out,
}

/// Fault injection for the crash/resume tests: with `YEAREND_PAUSE_AT=before:N` (or `after:N`) the
/// process stops at that statement boundary — before sending statement N, or after the database
/// answered it but before the journal records the answer — says so on stderr and waits to be
/// killed. Unset (always, outside tests), it costs one environment lookup per statement.
pub fn crash_point(phase: &str, n: u64) {
    if let Ok(at) = std::env::var("YEAREND_PAUSE_AT") {
        if at == format!("{phase}:{n}") {
            crate::say_err!("yearend-paused {at}");
            loop {
                std::thread::sleep(Duration::from_secs(60));
            }
        }
    }
}

/// A statement whose table stayed locked through every retry: the step may go on with other
/// tables and come back to this one.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct StillLocked {
    pub message: String,
}
